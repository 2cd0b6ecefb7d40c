//! Paragraph kinds: whether a line is a heading, and the Q&A speaker label
//! it may open with.

use super::chars::{
    char_at, char_before, eq_ignore_case, is_apostrophe, is_closer, is_mark, is_space,
    is_terminator, trim,
};
use super::{MAX_HEADING_WORDS, MAX_LABEL_BYTES, MAX_LABEL_WORDS};
use crate::model::Span;
use crate::words::{NAME_PARTICLES, NOT_SPEAKERS, QA_LABELS};

/// Whether the trimmed paragraph `ps..pe` is heading-like: short and without
/// final punctuation.
pub(super) fn is_heading(text: &str, ps: usize, pe: usize) -> bool {
    let mut e = pe;
    while e > ps {
        let c = char_before(text, e);
        if !(is_closer(c) || is_space(c)) {
            break;
        }
        e -= c.len_utf8();
    }
    if e > ps {
        let last = char_before(text, e);
        if is_terminator(last) || matches!(last, ':' | ';' | ',' | '：' | '；' | '，') {
            return false;
        }
    }
    let mut words = 0;
    let mut in_word = false;
    let mut word_has_alnum = false;
    for c in text[ps..pe].chars() {
        if is_space(c) {
            if in_word && word_has_alnum {
                words += 1;
                if words > MAX_HEADING_WORDS {
                    return false;
                }
            }
            in_word = false;
            word_has_alnum = false;
        } else {
            in_word = true;
            word_has_alnum |= c.is_alphanumeric();
        }
    }
    if in_word && word_has_alnum {
        words += 1;
    }
    words <= MAX_HEADING_WORDS
}

/// A speaker label at the start of a paragraph.
pub(super) struct Label {
    /// The label without the colon.
    pub(super) span: Span,
    /// Where the text after the label starts.
    pub(super) content: usize,
    /// Whether it is a Q&A word ("Question", "A").
    pub(super) qa: bool,
}

/// Finds a speaker label at the start of the trimmed paragraph `ps..pe`.
pub(super) fn find_label(text: &str, ps: usize, pe: usize) -> Option<Label> {
    let limit = pe.min(ps + MAX_LABEL_BYTES);
    let mut i = ps;
    let colon = loop {
        if i >= limit {
            return None;
        }
        let c = char_at(text, i);
        if c == ':' || c == '：' {
            break i;
        }
        let allowed = c.is_alphabetic()
            || is_mark(c)
            || is_space(c)
            || is_apostrophe(c)
            || matches!(c, '.' | '-' | '‐');
        if !allowed {
            return None;
        }
        i += c.len_utf8();
    };
    let after = colon + char_at(text, colon).len_utf8();
    if after >= pe || !is_space(char_at(text, after)) {
        return None;
    }
    let (content, _) = trim(text, after, pe);
    if content >= pe {
        return None;
    }
    let (ls, le) = trim(text, ps, colon);
    if ls >= le {
        return None;
    }
    let label = &text[ls..le];
    let words = label.split(is_space).filter(|w| !w.is_empty());
    let count = words.clone().count();
    if count == 0 || count > MAX_LABEL_WORDS {
        return None;
    }
    for (n, word) in words.clone().enumerate() {
        let first = word.chars().next()?;
        let capital = first.is_alphabetic() && !first.is_lowercase();
        let particle = n > 0 && n + 1 < count && NAME_PARTICLES.contains(&word);
        if !(capital || particle) {
            return None;
        }
    }
    let first_word = words.clone().next()?;
    if NOT_SPEAKERS.iter().any(|n| eq_ignore_case(n, label) || eq_ignore_case(n, first_word)) {
        return None;
    }
    let qa = count == 1 && QA_LABELS.iter().any(|q| eq_ignore_case(q, label));
    Some(Label { span: Span::new(ls, le), content, qa })
}
