//! Character classes (line breaks, space, terminators, quotes, word characters)
//! and the bounded text helpers every part of segmentation reads the text with.

use unicode_normalization::char::is_combining_mark;

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

pub(super) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether a byte may be the first of a line break (bytes 0A–0D; C2 for NEL;
/// E2 for U+2028, U+2029). Every byte it accepts starts a character, so a
/// scan over bytes from a character start stops only at character starts.
pub(super) fn may_start_line_break(b: u8) -> bool {
    matches!(b, 0x0A..=0x0D | 0xC2 | 0xE2)
}

/// Invisible format characters treated as space for trimming and breaks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// White space for splitting and trimming: Unicode white space and the
/// invisible characters of [`is_invisible`] (the byte-order mark among them).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// Marks that end a sentence.
pub(crate) fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '｡')
}

/// Whether a byte may be the first of a terminator: `.`, `!`, `?`, or the
/// first byte of a character of three or four bytes (E2 and above: the other
/// terminators). Like [`may_start_line_break`], it accepts character starts
/// only.
pub(super) fn may_start_terminator(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | 0xE2..)
}

/// Terminators of scripts written without spaces: they end a sentence even
/// when no space follows.
pub(super) fn is_fullwidth_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Closing quotes and brackets that stay with the sentence before a break
/// ("... doubled.” She"). The left double quote is one too: text typed
/// with the wrong curly quote closes with it.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '“'
            | '"'
            | '\''
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | '」'
            | '』'
            | '）'
            | '〕'
            | '】'
    )
}

/// Punctuation that separates the clauses of a sentence. Quotation marks
/// alone do not: a scare quote (`reaffirmed its “unconditional” support`)
/// sits inside a clause, and a full quotation is set off by punctuation as
/// well (`“...,” he said`, `said: “...”`).
pub(crate) fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '\u{2013}' | '\u{2014}' | '?' | '!')
}

/// Double quotation marks, straight, curly and angled.
pub(crate) fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}')
}

/// `s` with every run of white space (line breaks included) made one space,
/// and none at the ends: a passage or a message on one line.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Opening quotes and brackets that may start a sentence (the right
/// angle quote opens German-style »quotations«).
pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '»'
            | '"'
            | '\''
            | '«'
            | '‹'
            | '„'
            | '‚'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '〔'
            | '【'
    )
}

/// Whether `c` can open a sentence: a capital, a caseless letter, a digit or
/// an opening mark.
pub(super) fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_numeric() || is_opener(c) || (c.is_alphabetic() && !c.is_lowercase())
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Invisible characters that may sit inside a word (soft hyphen, ZWNJ, ZWJ).
pub(super) fn is_word_joiner(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200C}' | '\u{200D}')
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// A combining mark (no ASCII character is one: the table look-up is skipped
/// for them).
pub(super) fn is_mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

// ---------------------------------------------------------------------------
// Text helpers (all O(1) or bounded)
// ---------------------------------------------------------------------------

/// The character starting at byte `i` (`i` on a boundary, `i < text.len()`).
pub(super) fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().unwrap_or('\0'),
    }
}

/// The character ending at byte `i` (`i` on a boundary, `i > 0`).
pub(super) fn char_before(text: &str, i: usize) -> char {
    // A byte before `i` that is ASCII is a whole character, and `i` a boundary.
    match i.checked_sub(1).and_then(|j| text.as_bytes().get(j)) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[..i].chars().next_back().unwrap_or('\0'),
    }
}

/// `start..end` without leading and trailing space.
pub(super) fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end {
        let c = char_at(text, start);
        if !is_space(c) {
            break;
        }
        start += c.len_utf8();
    }
    while end > start {
        let c = char_before(text, end);
        if !is_space(c) {
            break;
        }
        end -= c.len_utf8();
    }
    (start, end)
}

pub(super) fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub(super) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}
