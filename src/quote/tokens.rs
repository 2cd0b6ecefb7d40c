//! Tokens and word classes: a small tokenizer, and the word lists (cue verbs,
//! pronouns, determiners, titles, organisations, places) that noun phrases
//! and attribution are built on.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::text::is_space;
use crate::model::Span;
use crate::words::{is_det, is_function, Case, CUE_VERBS};

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) word: bool,
    /// First character.
    pub(super) ch: char,
}

impl Tok {
    pub(super) fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    pub(super) fn cap(&self) -> bool {
        self.word && self.ch.is_uppercase()
    }

    pub(super) fn is(&self, c: char) -> bool {
        !self.word && self.ch == c
    }
}

pub(super) fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‐' | '‑')
}

pub(super) fn tokenize(text: &str, lo: usize, hi: usize, out: &mut Vec<Tok>) {
    out.clear();
    if lo >= hi {
        return;
    }
    let s = &text[lo..hi];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_space(c) {
            continue;
        }
        let start = lo + i;
        if !c.is_alphanumeric() {
            out.push(Tok { start, end: start + c.len_utf8(), word: false, ch: c });
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            let joined = d.is_alphanumeric()
                || (is_joiner(d)
                    && s[j + d.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric));
            if !joined {
                break;
            }
            end = lo + j + d.len_utf8();
            it.next();
        }
        out.push(Tok { start, end, word: true, ch: c });
    }
}

pub(super) fn toks(text: &str, lo: usize, hi: usize) -> Vec<Tok> {
    let mut v = Vec::new();
    tokenize(text, lo, hi, &mut v);
    v
}

pub(super) fn lower(text: &str, t: Tok) -> String {
    text[t.start..t.end].to_lowercase()
}

pub(super) fn possessive_len(w: &str) -> usize {
    if w.ends_with("'s") || w.ends_with("'S") {
        2
    } else if w.ends_with("’s") || w.ends_with("’S") {
        "’s".len()
    } else {
        0
    }
}

pub(super) fn cue_lemma(w: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for (lemma, forms) in CUE_VERBS {
            for f in *forms {
                m.insert(*f, *lemma);
            }
        }
        m
    })
    .get(w)
    .copied()
}

pub(super) fn is_cue(text: &str, t: Tok) -> bool {
    t.word && !t.ch.is_uppercase() && cue_lemma(&lower(text, t)).is_some()
}

/// The subject pronoun in a (lowercased) word, contraction allowed
/// (`i’ve` → `i`).
pub(super) fn pronoun_base(w: &str) -> Option<&'static str> {
    let base = ["’ve", "'ve", "’ll", "'ll", "’m", "'m", "’d", "'d", "’re", "'re", "’s", "'s"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix))
        .unwrap_or(w);
    crate::words::PRONOUNS.iter().find(|p| p.0 == base && p.2 == Case::Subject).map(|p| p.0)
}

pub(super) fn is_pronoun(w: &str) -> bool {
    pronoun_base(w).is_some()
}

/// Lowercase verb forms that end a noun phrase (`dismissed`, `planning`).
pub(super) fn is_soft(w: &str) -> bool {
    !w.contains('-') && w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
}

/// Capitalised words that start a sentence or label but never a name.
pub(super) fn is_run_stop(w: &str) -> bool {
    is_function(w)
        || is_det(w)
        || is_pronoun(w)
        || matches!(
            w,
            "meanwhile"
                | "however"
                | "moreover"
                | "today"
                | "yesterday"
                | "question"
                | "answer"
                | "photo"
                | "date"
                | "published"
                | "read"
                | "more"
                | "translated"
                | "according"
                | "asked"
                | "speaking"
                | "commenting"
                | "meeting"
                | "colleagues"
                | "yet"
                | "also"
                | "then"
        )
}

pub(super) fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_numeric())
}
