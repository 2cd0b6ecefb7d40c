//! The word tokenizer: runs of alphanumerics joined across apostrophes, digit
//! separators and the periods of dotted acronyms.

use super::chars::{char_at, is_apostrophe, is_mark, is_word_char, is_word_joiner};
use crate::model::{Span, Token};

/// Appends the word tokens of `start..end` to `out`.
pub(super) fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let mut i = start;
    while i < end {
        let c = char_at(text, i);
        if !c.is_alphanumeric() {
            i += c.len_utf8();
            continue;
        }
        let token_start = i;
        let mut j = i;
        // The last alphanumeric taken, and how many alphanumerics the current
        // dot-free segment has (for "U.S").
        let mut prev = c;
        let mut segment_len = 0usize;
        loop {
            while j < end {
                let b = text.as_bytes()[j];
                if b.is_ascii_alphanumeric() {
                    // The common case, without decoding a character.
                    prev = char::from(b);
                    segment_len = segment_len.saturating_add(1);
                    j += 1;
                    continue;
                }
                let d = char_at(text, j);
                if d.is_alphanumeric() {
                    prev = d;
                    segment_len = segment_len.saturating_add(1);
                } else if !is_mark(d) {
                    break;
                }
                j += d.len_utf8();
            }
            if j >= end {
                break;
            }
            let d = char_at(text, j);
            let after = j + d.len_utf8();
            if after >= end {
                break;
            }
            let n = char_at(text, after);
            let join = if is_apostrophe(d) || is_word_joiner(d) {
                n.is_alphanumeric()
            } else if d == '.' || d == ',' {
                (prev.is_numeric() && n.is_numeric())
                    || (d == '.'
                        && segment_len == 1
                        && prev.is_alphabetic()
                        && n.is_alphabetic()
                        && {
                            let n_end = after + n.len_utf8();
                            n_end >= end || !is_word_char(char_at(text, n_end))
                        })
            } else {
                false
            };
            if !join {
                break;
            }
            j = after;
            segment_len = 0;
        }
        out.push(Token::new(Span::new(token_start, j)));
        i = j;
    }
}
