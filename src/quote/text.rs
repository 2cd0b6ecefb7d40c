//! The text around quotations: paragraphs (and the excluded regions they
//! lie in), character classes, and sentence bounds found with the small
//! rule of the module docs.

use super::{LOOKAHEAD_CAP, WINDOW};
use crate::model::{Segmentation, Span};

// ---------------------------------------------------------------------------
// Paragraphs and exclusions
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
pub(super) struct Para {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) blank: bool,
    pub(super) excluded: bool,
}

pub(super) use crate::segment::Exclusion;

fn seg_paragraphs_usable(text: &str, seg: &Segmentation) -> bool {
    if seg.paragraphs.is_empty() {
        return false;
    }
    let mut last = 0usize;
    for p in &seg.paragraphs {
        let s = p.span;
        if s.start < last
            || s.end < s.start
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            return false;
        }
        last = s.end;
    }
    true
}

pub(super) fn paragraphs(text: &str, seg: &Segmentation, exclusion: &Exclusion) -> Vec<Para> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if seg_paragraphs_usable(text, seg) {
        spans.extend(seg.paragraphs.iter().map(|p| (p.span.start, p.span.end)));
    } else {
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                spans.push((start, i));
                start = i + 1;
            }
        }
        spans.push((start, text.len()));
    }
    spans
        .into_iter()
        .map(|(start, mut end)| {
            while end > start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
            let blank = text[start..end].chars().all(is_space);
            Para {
                start,
                end,
                blank,
                excluded: !blank && exclusion.is_excluded(Span::new(start, end)),
            }
        })
        .collect()
}

pub(super) fn prev_nonblank(paras: &[Para]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(paras.len());
    let mut last = None;
    for (i, p) in paras.iter().enumerate() {
        out.push(last);
        if !p.blank {
            last = Some(i);
        }
    }
    out
}

pub(super) fn next_nonblank(paras: &[Para]) -> Vec<Option<usize>> {
    let mut out = vec![None; paras.len()];
    let mut next = None;
    for i in (0..paras.len()).rev() {
        out[i] = next;
        if !paras[i].blank {
            next = Some(i);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

pub(super) use crate::segment::chars::{is_closer, is_opener, is_space, is_terminator};

fn ceil_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

pub(super) fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

/// Whether the `.` at byte `i` ends an abbreviation or an initial.
fn is_abbrev_before(text: &str, i: usize) -> bool {
    let mut word: Vec<char> =
        text[..i].chars().rev().take_while(|c| c.is_alphanumeric()).take(8).collect();
    if word.is_empty() {
        return false;
    }
    word.reverse();
    if word.len() == 1 {
        return word[0].is_alphabetic();
    }
    let w: String = word.into_iter().collect();
    crate::words::ABBREVIATIONS.contains(&w.as_str())
}

/// If the sentence-final mark at byte `i` ends a sentence, the byte where
/// the next sentence starts (`hi` when nothing follows before `hi`).
pub(super) fn boundary_after(text: &str, i: usize, hi: usize) -> Option<usize> {
    let c = text[i..].chars().next()?;
    if !is_terminator(c) || (c == '.' && is_abbrev_before(text, i)) {
        return None;
    }
    let j = i + c.len_utf8();
    if j >= hi {
        return Some(hi);
    }
    let mut saw_space = false;
    for (steps, (k, d)) in text[j..hi].char_indices().enumerate() {
        if steps > LOOKAHEAD_CAP {
            return None;
        }
        if !saw_space && (is_closer(d) || is_terminator(d)) {
            continue;
        }
        if is_space(d) {
            saw_space = true;
            continue;
        }
        if !saw_space {
            return None;
        }
        return (d.is_uppercase() || d.is_numeric() || is_opener(d)).then_some(j + k);
    }
    Some(hi)
}

/// Start of the sentence of paragraph `para` that contains byte `pos`
/// (looking back at most [`WINDOW`] bytes).
pub(super) fn sentence_start(text: &str, para: Para, pos: usize) -> usize {
    let lo = ceil_char(text, para.start.max(pos.saturating_sub(WINDOW)));
    let mut start = lo;
    if lo < pos {
        for (k, c) in text[lo..pos].char_indices() {
            if is_terminator(c) {
                if let Some(b) = boundary_after(text, lo + k, para.end) {
                    if b <= pos {
                        start = b;
                    }
                }
            }
        }
    }
    skip_space(text, start, pos)
}

/// Where the sentence containing byte `pos` ends (the start of the next
/// one), looking ahead at most [`WINDOW`] bytes.
pub(super) fn sentence_end(text: &str, para: Para, pos: usize) -> usize {
    let hi = floor_char(text, para.end.min(pos + WINDOW));
    if pos >= hi {
        return hi.max(pos);
    }
    for (k, c) in text[pos..hi].char_indices() {
        if is_terminator(c) {
            if let Some(b) = boundary_after(text, pos + k, para.end) {
                return b;
            }
        }
    }
    hi
}

/// The byte of the last character before `end` (so that the sentence-final
/// mark of a sentence ending at `end` does not count as a boundary).
pub(super) fn before_last_char(text: &str, end: usize) -> usize {
    text[..end].chars().next_back().map_or(end, |c| end - c.len_utf8())
}

fn skip_space(text: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return from;
    }
    match text[from..to].char_indices().find(|&(_, c)| !is_space(c)) {
        Some((off, _)) => from + off,
        None => to,
    }
}

/// End of the text before `to` without trailing white space (at most
/// [`LOOKAHEAD_CAP`] characters are skipped).
pub(super) fn trim_back(text: &str, from: usize, to: usize) -> usize {
    let mut b = to;
    for (steps, c) in text[from..to].chars().rev().enumerate() {
        if steps >= LOOKAHEAD_CAP || !is_space(c) {
            break;
        }
        b -= c.len_utf8();
    }
    b
}
