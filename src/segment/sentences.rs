//! Sentence splitting: terminators, closing marks and what may follow them,
//! and the abbreviations, initials and acronyms whose full stop is no break.

use super::chars::{
    char_at, char_before, is_closer, is_fullwidth_terminator, is_space, is_terminator,
    may_start_terminator, starts_sentence, trim,
};
use crate::words::{ABBREVIATIONS, NUMBER_ABBREVIATIONS, SENTENCE_OPENERS};

/// How far back (bytes) to look for the word before a full stop. Longer words
/// are not abbreviations; the bound keeps "a.a.a.a. ..." linear.
const ABBREV_LOOKBACK_BYTES: usize = 24;

/// How far ahead (bytes) to read the word after a candidate break.
const OPENER_LOOKAHEAD_BYTES: usize = 12;

/// Splits `start..end` (one paragraph's text) into trimmed, non-empty raw
/// sentences appended to `out`.
pub(super) fn split_sentences(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut sentence_start = start;
    let mut i = start;
    while i < end {
        // A byte scan skips what cannot be a terminator (see
        // `may_start_terminator`) without decoding it.
        match text.as_bytes()[i..end].iter().position(|&b| may_start_terminator(b)) {
            Some(p) => i += p,
            None => break,
        }
        let c = char_at(text, i);
        if !is_terminator(c) {
            i += c.len_utf8();
            continue;
        }
        // The run of terminators and closing marks after them.
        let mut j = i;
        let mut fullwidth = false;
        while j < end {
            let d = char_at(text, j);
            if is_terminator(d) {
                fullwidth |= is_fullwidth_terminator(d);
            } else if !is_closer(d) {
                break;
            }
            j += d.len_utf8();
        }
        // The space after it.
        let mut k = j;
        while k < end {
            let d = char_at(text, k);
            if !is_space(d) {
                break;
            }
            k += d.len_utf8();
        }
        if k >= end {
            break;
        }
        let boundary = if k == j {
            fullwidth
        } else {
            let lone_period = c == '.' && j == i + 1;
            starts_sentence(char_at(text, k))
                && !(lone_period && abbreviation_before(text, start, i, k))
        };
        if boundary {
            push_trimmed(text, sentence_start, j, out);
            sentence_start = k;
        }
        i = k;
    }
    push_trimmed(text, sentence_start, end, out);
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let (s, e) = trim(text, start, end);
    if s < e {
        out.push((s, e));
    }
}

/// Whether the `.` at `period` (followed by space, then `next`) closes an
/// abbreviation rather than a sentence. `floor` is where the paragraph text
/// starts.
fn abbreviation_before(text: &str, floor: usize, period: usize, next: usize) -> bool {
    let mut s = period;
    while s > floor {
        let c = char_before(text, s);
        if is_space(c) {
            break;
        }
        if period - s >= ABBREV_LOOKBACK_BYTES {
            return false;
        }
        s -= c.len_utf8();
    }
    let word = text[s..period].trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return false;
    }
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    let next_char = char_at(text, next);
    if NUMBER_ABBREVIATIONS.contains(&word) {
        return next_char.is_numeric();
    }
    let mut chars = word.chars();
    if let (Some(only), None) = (chars.next(), chars.next()) {
        // A single capital initial: "J. Smith", but "Plan B. The talks".
        return only.is_uppercase()
            && opener_word(text, next).is_none_or(|w| w.chars().nth(1).is_none());
    }
    if is_dotted(word) {
        return opener_word(text, next).is_none();
    }
    false
}

/// The sentence-opening word (see [`SENTENCE_OPENERS`]) at `at`, if any.
fn opener_word(text: &str, at: usize) -> Option<&'static str> {
    let mut e = at;
    while e < text.len() {
        let c = char_at(text, e);
        if !c.is_alphabetic() {
            break;
        }
        e += c.len_utf8();
        if e - at > OPENER_LOOKAHEAD_BYTES {
            return None;
        }
    }
    let word = &text[at..e];
    SENTENCE_OPENERS.iter().copied().find(|w| *w == word)
}

/// "U.S", "a.m", "U.S.A": single letters separated by periods.
fn is_dotted(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let mut chars = part.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => parts += 1,
            _ => return false,
        }
    }
    parts >= 2
}
