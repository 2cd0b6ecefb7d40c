//! Segmentation: paragraphs, sentences and word tokens with byte offsets.
//!
//! [`segment`] cuts a [`Document`] into [`Paragraph`]s, [`Sentence`]s and
//! word [`Token`]s. Every span is a half-open byte range into the original
//! [`Document::text`] (BOM and CRLF included) and lies on UTF-8 character
//! boundaries. The stage never panics and runs in time linear in the input:
//! every character is looked at a bounded number of times, all look-behinds
//! and look-aheads are capped by a constant, and nothing allocates per
//! character.
//!
//! # White space
//!
//! "Space" below means `char::is_whitespace` (tabs, NBSP, ideographic space
//! ...) plus the invisible format characters that show up in scraped text:
//! the BOM / zero-width no-break space U+FEFF, zero-width space, joiners and
//! non-joiners, the word joiner, soft hyphen, and the bidirectional marks and
//! embeddings (LRM, RLM, ALM, U+202A–U+202E, U+2066–U+2069). Spans are trimmed
//! of space on both sides, so a leading BOM never belongs to any span.
//!
//! # Paragraphs
//!
//! A paragraph is a run of text between line breaks: `\n`, `\r` (so CRLF and
//! lone CR both work), vertical tab, form feed, NEL, U+2028 and U+2029. In this
//! corpus a single newline ends a paragraph; blank lines (and lines holding
//! only space) produce no paragraph.
//!
//! ## Headings
//!
//! A paragraph is a [`BlockKind::Heading`] when it has at most
//! [`MAX_HEADING_WORDS`] words (white-space separated chunks holding at least
//! one alphanumeric character) and does not end — after stripping closing
//! quotes and brackets — in `.`, `!`, `?`, `…`, `:`, `;` or `,`. So
//! "Situation on Korean Peninsula", "Wonsan, July 12, 2025",
//! "Published: 13 Jul. 2025, 17:25" and "Date: 13/07/2025 | Source: ..." are
//! headings, "The press statement says:" and the salutation "Colleagues," are
//! body text. A paragraph with no words at all ("* * *") is a heading (a
//! separator). The limit is 16 rather than the 12 one might guess because
//! agency headlines run long ("Press Statement on Second Strategic Dialogue
//! between DPRK and Russian Foreign Ministers Released" has 13 words, a
//! dateline + headline line has ~13); running prose without final punctuation
//! is rare, and teaser lines cut off mid-sentence are usually longer than 16
//! words. A heading is one sentence of kind `Heading`, whatever full stops it
//! contains ("13 Jul. 2025").
//!
//! ## Q&A speaker labels
//!
//! A paragraph opens with a speaker label when it starts with 1–
//! [`MAX_LABEL_WORDS`] words, then `:`, then space, then more text. The words
//! must be letters (plus `.`, `-`, apostrophes inside them), each starting
//! with a capital or a caseless letter; lower-case name particles (`von`,
//! `de`, `al`, ...) are allowed between capitalised words. The label must fit
//! in the first [`MAX_LABEL_BYTES`] bytes. Examples: "Question:", "Q:",
//! "A:", "Sergey Lavrov:", "Lavrov:". "Lavrov added: “I am sure ...”" is not
//! a label (`added` is lower case), nor is "Pyongyang, July 13 (KCNA) -- ..."
//! (comma).
//!
//! The rule that keeps page chrome out:
//!
//! 1. The Q&A words `Question`, `Answer`, `Q`, `A` (and Russian `Вопрос`,
//!    `Ответ`; any case) are always labels, even on a short line ("Q: Why"),
//!    and make the paragraph body text.
//! 2. A heading-like paragraph (see above) with any other label-looking start
//!    is a heading, not a speaker: "Photo: MFA", "Date: 13/07/2025 | Source:
//!    ...", "Published: 13 Jul. 2025, 17:25". So a label needs running text
//!    after the colon: more than [`MAX_HEADING_WORDS`] words or final
//!    punctuation.
//! 3. Field names of page chrome ("Photo", "Source", "Date", "Note",
//!    "Update", "Read more", ...; see `NOT_SPEAKERS`) are never labels.
//!
//! The label span (without the colon) goes to [`Paragraph::label`], its text
//! (white space collapsed to single spaces) to [`Paragraph::speaker`], and the
//! paragraph's sentences start after the label. A paragraph without a label
//! inherits the speaker of the last labelled paragraph — an answer runs over
//! several paragraphs — until a heading resets it to `None`. Label words are
//! not tokens: every token lies inside exactly one sentence.
//!
//! # Sentences
//!
//! A sentence ends at a terminator (`.`, `!`, `?`, `…`, `‼`, `⁇`, `⁈`, `⁉`)
//! followed by any closing quotes or brackets (`” ’ " ' » › ) ] }` ...), then
//! space, then a capital letter, a caseless letter (Hangul, CJK), a digit or an
//! opening quote / bracket; or at the end of the paragraph. The closing marks
//! belong to the sentence before the break: `here.” He said` splits after
//! `”`. `“Why?” he asked` does not split (lower case follows). Full-width
//! terminators (`。！？｡`) end a sentence even without following space.
//! Runs of terminators ("?!", "...") act as one.
//!
//! A single `.` directly followed by space is not a break when the word
//! before it is:
//!
//! * a title or month abbreviation (`Mr`, `Dr`, `St`, `Gen`, `Lt`, `Jan` ...
//!   `Dec`, `e.g`, `i.e`, ...; see `ABBREVIATIONS`);
//! * `No`, `Art`, `Vol`, `Fig`, `p`, ... and a digit follows ("No. 5");
//! * a single capital initial ("J. Smith"), unless a common sentence opener
//!   of two or more letters follows ("Plan B. The ...");
//! * a dotted acronym of single letters ("U.S.", "U.N.", "a.m."), unless a
//!   common sentence opener follows ("... in the U.S. The talks ...").
//!
//! Decimal numbers ("3.5") never split: no space follows the point. A
//! paragraph that is a dateline plus headline stays one sentence (it has no
//! terminator, and is usually a heading anyway).
//!
//! ## Sentence length cap
//!
//! A sentence with more than [`MAX_SENTENCE_TOKENS`] tokens is cut into
//! pieces of that many tokens; each cut lies just before the first token of
//! the next piece (the piece before keeps its trailing punctuation). Real
//! sentences are far shorter (a long legal sentence has ~150 words), so the
//! cap only fires on malformed input — a 5 MB line with no full stop, a table
//! flattened into one line — and keeps every later stage (which may be
//! quadratic in sentence length, e.g. a word diff) bounded.
//! [`segment_with_warnings`] reports each sentence it cut (one warning at
//! its start, with its length), so that the user learns why a passage of
//! such a line is aligned as a fragment.
//!
//! # Tokens
//!
//! Tokens are words only, no punctuation: maximal runs of alphanumeric
//! characters (`char::is_alphanumeric`, with combining marks continuing a
//! word), joined across
//!
//! * an apostrophe (`'`, `’`, `ʼ`) or an invisible soft hyphen / ZWJ / ZWNJ
//!   between two alphanumerics ("People’s", "don't");
//! * a `.` or `,` between two digits ("3.5", "20,000", "2025.07.13");
//! * a `.` between single letters ("U.S.", "a.m.", "e.g.").
//!
//! A token never starts or ends with punctuation: "U.S." yields the token
//! `U.S` (the final period is left out; normalisation strips internal periods
//! later). Hyphens and dashes split tokens ("Son-hui" → `Son`, `hui`;
//! "2026-2027" → `2026`, `2027`), as do `:`, `/`, `_` and emoji.
//!
//! # Exclusion
//!
//! A paragraph or sentence is `excluded` when [`Document::is_excluded`] holds
//! for its span (page chrome marked by ingest). Excluded text is segmented
//! like any other.

use unicode_normalization::char::is_combining_mark;

use crate::model::{
    BlockKind, DocIdx, Document, Paragraph, Segmentation, Sentence, Span, Token, Warning,
};

/// Longest sentence, in tokens, before it is cut (see the module doc).
pub const MAX_SENTENCE_TOKENS: usize = 2_000;

/// Most words a heading may have (see the module doc).
pub const MAX_HEADING_WORDS: usize = 16;

/// Most words in a speaker label ("Foreign Minister Sergey Lavrov" has 4).
pub const MAX_LABEL_WORDS: usize = 4;

/// A speaker label must end (at its colon) within this many bytes of the
/// paragraph start; this bounds the look-ahead on every paragraph.
pub const MAX_LABEL_BYTES: usize = 64;

/// How far back (bytes) to look for the word before a full stop. Longer words
/// are not abbreviations; the bound keeps "a.a.a.a. ..." linear.
const ABBREV_LOOKBACK_BYTES: usize = 24;

/// How far ahead (bytes) to read the word after a candidate break.
const OPENER_LOOKAHEAD_BYTES: usize = 12;

/// Words that are followed by `.` without ending the sentence.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    // Titles and ranks.
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "St", "Mt", "Ft",
    "Gen", "Lt", "Col", "Capt", "Cmdr", "Cdr", "Sgt", "Cpl", "Pvt", "Maj", "Adm",
    "Brig", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb", "Supt", "Insp",
    // Months ("May" is a whole word).
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    // Latin and the like: never end a sentence before a capital.
    "e.g", "i.e", "E.g", "I.e", "cf", "viz", "vs", "approx", "ca",
];

/// Words that are abbreviations only when a number follows ("No. 5").
#[rustfmt::skip]
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "No", "Nos", "no", "nos", "Art", "Arts", "Vol", "Vols", "Fig", "Figs", "Sec", "Ch", "Chap",
    "p", "pp", "Para", "para", "Nr", "Op", "Pt", "Tel",
];

/// Words that commonly open a sentence; before one of them, an initial or a
/// dotted acronym ends the sentence ("... in the U.S. The talks").
#[rustfmt::skip]
const SENTENCE_OPENERS: &[&str] = &[
    "The", "He", "She", "It", "They", "We", "I", "You", "But", "This", "That", "These", "Those",
    "There", "In", "On", "At", "A", "An", "And", "His", "Her", "Their", "Our", "Its", "As",
    "If", "When", "While", "After", "Before", "However", "Meanwhile", "So", "Yet", "What",
    "Why", "How", "Who", "Asked", "According",
];

/// Q&A words that are speaker labels even on a short line (compared
/// case-insensitively).
#[rustfmt::skip]
const QA_LABELS: &[&str] = &[
    "question", "answer", "q", "a", "вопрос", "ответ",
];

/// Page-chrome field names that look like labels but are not speakers
/// (compared case-insensitively with the whole label and its first word).
#[rustfmt::skip]
const NOT_SPEAKERS: &[&str] = &[
    "photo", "photos", "picture", "image", "video", "caption", "credit", "credits", "source",
    "sources", "date", "time", "published", "updated", "update", "posted", "filed", "note",
    "editor's note", "editor’s note", "read", "read more", "see", "see also", "related", "tags",
    "tag", "topics", "category", "share", "email", "tel", "fax", "phone", "link", "links",
    "url", "subject", "location", "venue", "title", "author", "by", "copyright", "warning",
    "watch", "listen",
];

/// Lower-case particles allowed inside a speaker name ("Ursula von der Leyen").
#[rustfmt::skip]
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "al", "bin",
    "ibn", "y",
];

/// Cuts `doc` into paragraphs, sentences and tokens.
pub fn segment(doc: &Document) -> Segmentation {
    segment_with_warnings(0, doc).0
}

/// Like [`segment`], and also warns (for document `doc_idx`) about every
/// sentence longer than [`MAX_SENTENCE_TOKENS`] tokens that was cut into
/// pieces: one warning per such sentence, at its start.
pub fn segment_with_warnings(doc_idx: DocIdx, doc: &Document) -> (Segmentation, Vec<Warning>) {
    let text = doc.text.as_str();
    let exclusion = Exclusion::new(doc);
    let mut seg = Segmentation::default();
    // Prose has a token every ~6 bytes: reserving for one per 5 spares the
    // vector's doublings (each a copy onto fresh pages), and what is left
    // over goes back to the allocator below. Capped (16 MiB) so that a huge
    // document asks for no more memory up front than it might use.
    seg.tokens.reserve((text.len() / 5).min(1 << 20));
    let mut speaker: Option<String> = None;
    let mut raw: Vec<(usize, usize)> = Vec::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();

    let mut line_start = 0;
    let mut i = 0;
    // A byte scan finds the candidates: far cheaper than decoding every
    // character, and the same breaks (see `may_start_line_break`).
    while let Some(p) = text.as_bytes()[i..].iter().position(|&b| may_start_line_break(b)) {
        let at = i + p;
        let c = char_at(text, at);
        if is_line_break(c) {
            let state = (&mut speaker, &mut raw, &mut cuts);
            segment_paragraph(text, line_start, at, &exclusion, state, &mut seg);
            line_start = at + c.len_utf8();
        }
        i = at + c.len_utf8();
    }
    let state = (&mut speaker, &mut raw, &mut cuts);
    segment_paragraph(text, line_start, text.len(), &exclusion, state, &mut seg);
    let warnings = cuts
        .into_iter()
        .map(|(offset, tokens)| Warning {
            doc: doc_idx,
            offset,
            message: format!(
                "a sentence of {tokens} words without a sentence end was cut into pieces of \
                 {MAX_SENTENCE_TOKENS} words"
            ),
        })
        .collect();
    // The segmentation lives as long as the run: give back the slack.
    seg.tokens.shrink_to_fit();
    seg.sentences.shrink_to_fit();
    seg.paragraphs.shrink_to_fit();
    (seg, warnings)
}

/// What [`segment_paragraph`] carries from one paragraph to the next: the
/// speaker in force, a scratch vector of sentence bounds, and the cut
/// sentences (start, tokens).
type State<'a> = (&'a mut Option<String>, &'a mut Vec<(usize, usize)>, &'a mut Vec<(usize, usize)>);

/// Segments one line `start..end` (line break excluded) into `seg`.
fn segment_paragraph(
    text: &str,
    start: usize,
    end: usize,
    exclusion: &Exclusion<'_>,
    (speaker, raw, cuts): State<'_>,
    seg: &mut Segmentation,
) {
    let (ps, pe) = trim(text, start, end);
    if ps >= pe {
        return;
    }
    let heading = is_heading(text, ps, pe);
    let label = find_label(text, ps, pe).filter(|l| l.qa || !heading);
    let kind = if heading && label.is_none() { BlockKind::Heading } else { BlockKind::Body };
    match &label {
        Some(l) => *speaker = Some(collapse_space(l.span.text(text))),
        None if kind == BlockKind::Heading => *speaker = None,
        None => {}
    }
    let span = Span::new(ps, pe);
    let paragraph = seg.paragraphs.len();
    seg.paragraphs.push(Paragraph {
        span,
        kind,
        label: label.as_ref().map(|l| l.span),
        speaker: speaker.clone(),
        excluded: exclusion.is_excluded(span),
    });

    raw.clear();
    if kind == BlockKind::Heading {
        raw.push((ps, pe));
    } else {
        let content = label.as_ref().map_or(ps, |l| l.content);
        split_sentences(text, content, pe, raw);
    }
    for &(s, e) in raw.iter() {
        let tokens = push_sentence(text, s, e, paragraph, kind, exclusion, seg);
        if tokens > MAX_SENTENCE_TOKENS {
            cuts.push((s, tokens));
        }
    }
}

/// Tokenises the sentence `s..e` and pushes it, cut into pieces of at most
/// [`MAX_SENTENCE_TOKENS`] tokens; returns its number of tokens.
fn push_sentence(
    text: &str,
    s: usize,
    e: usize,
    paragraph: usize,
    kind: BlockKind,
    exclusion: &Exclusion<'_>,
    seg: &mut Segmentation,
) -> usize {
    let first = seg.tokens.len();
    tokenize(text, s, e, &mut seg.tokens);
    let last = seg.tokens.len();
    let mut t = first;
    let mut piece_start = s;
    loop {
        let t_end = (t + MAX_SENTENCE_TOKENS).min(last);
        let piece_end = if t_end < last {
            trim(text, piece_start, seg.tokens[t_end].span().start).1
        } else {
            e
        };
        let span = Span::new(piece_start, piece_end);
        seg.sentences.push(Sentence {
            span,
            paragraph,
            tokens: (t, t_end),
            kind,
            excluded: exclusion.is_excluded(span),
        });
        if t_end >= last {
            break;
        }
        t = t_end;
        piece_start = seg.tokens[t_end].span().start;
    }
    last - first
}

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether a byte may be the first of a line break (bytes 0A–0D; C2 for NEL;
/// E2 for U+2028, U+2029). Every byte it accepts starts a character, so a
/// scan over bytes from a character start stops only at character starts.
fn may_start_line_break(b: u8) -> bool {
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

fn is_space(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？' | '｡')
}

/// Whether a byte may be the first of a terminator: `.`, `!`, `?`, or the
/// first byte of a character of three or four bytes (E2 and above: the other
/// terminators). Like [`may_start_line_break`], it accepts character starts
/// only.
fn may_start_terminator(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | 0xE2..)
}

/// Terminators of scripts written without spaces: they end a sentence even
/// when no space follows.
fn is_fullwidth_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Closing quotes and brackets that stay with the sentence before a break.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）' | '〕' | '】'
    )
}

/// Opening quotes and brackets that may start a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
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
fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_numeric() || is_opener(c) || (c.is_alphabetic() && !c.is_lowercase())
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Invisible characters that may sit inside a word (soft hyphen, ZWNJ, ZWJ).
fn is_word_joiner(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200C}' | '\u{200D}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// A combining mark (no ASCII character is one: the table look-up is skipped
/// for them).
fn is_mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

// ---------------------------------------------------------------------------
// Text helpers (all O(1) or bounded)
// ---------------------------------------------------------------------------

/// The character starting at byte `i` (`i` on a boundary, `i < text.len()`).
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().unwrap_or('\0'),
    }
}

/// The character ending at byte `i` (`i` on a boundary, `i > 0`).
fn char_before(text: &str, i: usize) -> char {
    // A byte before `i` that is ASCII is a whole character, and `i` a boundary.
    match i.checked_sub(1).and_then(|j| text.as_bytes().get(j)) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => text[..i].chars().next_back().unwrap_or('\0'),
    }
}

/// `start..end` without leading and trailing space.
fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
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

fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

// ---------------------------------------------------------------------------
// Paragraph kinds and labels
// ---------------------------------------------------------------------------

/// Whether the trimmed paragraph `ps..pe` is heading-like: short and without
/// final punctuation.
fn is_heading(text: &str, ps: usize, pe: usize) -> bool {
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
struct Label {
    /// The label without the colon.
    span: Span,
    /// Where the text after the label starts.
    content: usize,
    /// Whether it is a Q&A word ("Question", "A").
    qa: bool,
}

/// Finds a speaker label at the start of the trimmed paragraph `ps..pe`.
fn find_label(text: &str, ps: usize, pe: usize) -> Option<Label> {
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

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

/// Splits `start..end` (one paragraph's text) into trimmed, non-empty raw
/// sentences appended to `out`.
fn split_sentences(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
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

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

/// Appends the word tokens of `start..end` to `out`.
fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
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

// ---------------------------------------------------------------------------
// Exclusion
// ---------------------------------------------------------------------------

/// [`Document::is_excluded`] with a binary search when the excluded regions
/// are sorted and disjoint (as the model promises), so a document with many
/// regions and many sentences stays near-linear. Same answers either way.
struct Exclusion<'a> {
    doc: &'a Document,
    sorted: bool,
}

impl<'a> Exclusion<'a> {
    fn new(doc: &'a Document) -> Exclusion<'a> {
        let ex = &doc.excluded;
        let sorted =
            ex.iter().all(|e| e.start <= e.end) && ex.windows(2).all(|w| w[0].end <= w[1].start);
        Exclusion { doc, sorted }
    }

    fn is_excluded(&self, span: Span) -> bool {
        let ex = &self.doc.excluded;
        if ex.is_empty() {
            return false;
        }
        if !self.sorted {
            return self.doc.is_excluded(span);
        }
        let first = ex.partition_point(|e| e.end <= span.start);
        let mut covered = 0;
        for e in &ex[first..] {
            if e.start >= span.end {
                break;
            }
            covered += e.overlap(span);
        }
        covered * 2 > span.len().max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> (Document, Segmentation) {
        let doc = Document::new("t", text);
        let s = segment(&doc);
        check_invariants(&doc, &s);
        (doc, s)
    }

    fn sentences(text: &str) -> Vec<String> {
        let (doc, s) = seg(text);
        s.sentences.iter().map(|x| doc.slice(x.span).to_string()).collect()
    }

    fn tokens(text: &str) -> Vec<String> {
        let (doc, s) = seg(text);
        s.tokens.iter().map(|t| doc.slice(t.span()).to_string()).collect()
    }

    /// The structural promises of the module, checked on any output.
    fn check_invariants(doc: &Document, s: &Segmentation) {
        let text = doc.text.as_str();
        let boundary = |span: Span| {
            assert!(span.start <= span.end && span.end <= text.len(), "{span}");
            assert!(text.is_char_boundary(span.start), "{span}");
            assert!(text.is_char_boundary(span.end), "{span}");
        };
        let trimmed = |span: Span| {
            let t = doc.slice(span);
            assert!(!t.is_empty(), "empty span {span}");
            assert!(!is_space(t.chars().next().unwrap()), "{span} {t:?}");
            assert!(!is_space(t.chars().next_back().unwrap()), "{span} {t:?}");
        };
        let mut prev_end = 0;
        for p in &s.paragraphs {
            boundary(p.span);
            trimmed(p.span);
            assert!(p.span.start >= prev_end);
            prev_end = p.span.end;
            assert!(!doc.slice(p.span).contains(['\n', '\r']));
            if let Some(l) = p.label {
                boundary(l);
                assert!(p.span.contains(l));
                assert_eq!(p.kind, BlockKind::Body);
                assert_eq!(p.speaker, Some(collapse_space(doc.slice(l))));
            }
            assert_eq!(p.excluded, doc.is_excluded(p.span));
        }
        let mut prev_end = 0;
        let mut next_token = 0;
        for x in &s.sentences {
            boundary(x.span);
            trimmed(x.span);
            assert!(x.span.start >= prev_end, "sentences overlap at {}", x.span);
            prev_end = x.span.end;
            let p = &s.paragraphs[x.paragraph];
            assert!(p.span.contains(x.span));
            assert_eq!(x.kind, p.kind);
            if let Some(l) = p.label {
                assert!(x.span.start > l.end);
            }
            assert_eq!(x.tokens.0, next_token, "token ranges must be contiguous");
            assert!(x.tokens.1 >= x.tokens.0);
            next_token = x.tokens.1;
            for t in &s.tokens[x.token_range()] {
                assert!(x.span.contains(t.span()), "token {} outside {}", t.span(), x.span);
            }
            assert_eq!(x.excluded, doc.is_excluded(x.span));
        }
        assert_eq!(next_token, s.tokens.len(), "every token is in a sentence");
        let mut prev_end = 0;
        for t in &s.tokens {
            boundary(t.span());
            assert!(t.span().start >= prev_end);
            prev_end = t.span().end;
            let w = doc.slice(t.span());
            assert!(w.chars().next().unwrap().is_alphanumeric(), "{w:?}");
            assert!(is_word_char(w.chars().next_back().unwrap()), "{w:?}");
        }
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences("Mr. Park met Dr. Ahn on Jan. 4 near St. Olaf's church. They talked."),
            ["Mr. Park met Dr. Ahn on Jan. 4 near St. Olaf's church.", "They talked."]
        );
        assert_eq!(
            sentences("Gen. Hale and Lt. Moss live at No. 12 Elm Road. No. That is wrong."),
            ["Gen. Hale and Lt. Moss live at No. 12 Elm Road.", "No.", "That is wrong."]
        );
        assert_eq!(
            sentences("Fruit, e.g. Apples, and i.e. Pears. Fine."),
            ["Fruit, e.g. Apples, and i.e. Pears.", "Fine."]
        );
        assert_eq!(
            sentences("The U.S. Senate voted at 9 a.m. Monday. It passed."),
            ["The U.S. Senate voted at 9 a.m. Monday.", "It passed."]
        );
        assert_eq!(
            sentences("The envoy flew to the U.N. The vote followed."),
            ["The envoy flew to the U.N.", "The vote followed."]
        );
        assert_eq!(
            sentences("Published on 3 Sept. 2021 by Prof. Lin."),
            ["Published on 3 Sept. 2021 by Prof. Lin."]
        );
    }

    #[test]
    fn initials_and_numbers() {
        assert_eq!(
            sentences("A letter from J. K. Doe arrived. They chose plan B. The rest waited."),
            ["A letter from J. K. Doe arrived.", "They chose plan B.", "The rest waited."]
        );
        assert_eq!(
            sentences("Output grew 3.5 percent to 20,000 units. Costs fell 1.2 points."),
            ["Output grew 3.5 percent to 20,000 units.", "Costs fell 1.2 points."]
        );
        assert_eq!(
            sentences("It rose in 2019. 2020 was worse."),
            ["It rose in 2019.", "2020 was worse."]
        );
    }

    #[test]
    fn quotes_close_after_the_full_stop() {
        assert_eq!(
            sentences("She said: “The work is done.” He nodded."),
            ["She said: “The work is done.”", "He nodded."]
        );
        assert_eq!(
            sentences("\"Why now?\" he asked. \"Because!\" She laughed."),
            ["\"Why now?\" he asked.", "\"Because!\"", "She laughed."]
        );
        assert_eq!(
            sentences("It was ‘final.’ Nobody argued. (See below.) Then came rain."),
            ["It was ‘final.’", "Nobody argued.", "(See below.)", "Then came rain."]
        );
        assert_eq!(
            sentences("He spoke first. “We are ready,” the minister said. “Are you?”"),
            ["He spoke first.", "“We are ready,” the minister said.", "“Are you?”"]
        );
        assert_eq!(
            sentences("“Is it true?” asked one. “Yes,” said another."),
            ["“Is it true?” asked one.", "“Yes,” said another."]
        );
    }

    #[test]
    fn ellipses_and_runs() {
        assert_eq!(
            sentences("Wait... Then it came. And… more came?! Yes."),
            ["Wait...", "Then it came.", "And… more came?!", "Yes."]
        );
    }

    #[test]
    fn headings() {
        let (doc, s) = seg(
            "Talks on Trade Resume\nThe talks ended. Both sides agreed.\nSeoul, March 3, 2024\n\
             The report says:\nGreetings,\n\"Rare Book\" Found\nPosted: 4 Feb. 2023, 10:15\n* * *\n",
        );
        let kinds: Vec<_> = s.paragraphs.iter().map(|p| p.kind).collect();
        use BlockKind::{Body, Heading};
        assert_eq!(kinds, [Heading, Body, Heading, Body, Body, Heading, Heading, Heading]);
        // A heading is one sentence even with an abbreviation's full stop.
        let posted: Vec<_> =
            s.sentences.iter().filter(|x| x.paragraph == 6).map(|x| doc.slice(x.span)).collect();
        assert_eq!(posted, ["Posted: 4 Feb. 2023, 10:15"]);
        assert!(s.sentences.iter().all(|x| x.kind == s.paragraphs[x.paragraph].kind));
        // Long lines without final punctuation are body text.
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen \
                    fourteen fifteen sixteen seventeen";
        assert_eq!(seg(long).1.paragraphs[0].kind, Body);
    }

    #[test]
    fn speaker_labels_and_inheritance() {
        let text = "Photo: Ministry\n\
                    Question: Will you travel? When?\n\
                    Could you say more about it.\n\
                    Jane Doe: Yes. I will go in spring.\n\
                    It is planned for May.\n\
                    Smith added: “I am sure of it.”\n\
                    Date: 01/02/2024 | Source: Wire\n\
                    Another paragraph here.\n\
                    Q: Why\n\
                    Note: the text was edited by our staff for length and clarity.\n";
        let (doc, s) = seg(text);
        let p = &s.paragraphs;
        let label = |i: usize| p[i].label.map(|l| doc.slice(l));
        let speaker = |i: usize| p[i].speaker.as_deref();

        assert_eq!(p[0].kind, BlockKind::Heading);
        assert_eq!((label(0), speaker(0)), (None, None));
        assert_eq!((label(1), speaker(1)), (Some("Question"), Some("Question")));
        assert_eq!((label(2), speaker(2)), (None, Some("Question")));
        assert_eq!((label(3), speaker(3)), (Some("Jane Doe"), Some("Jane Doe")));
        assert_eq!((label(4), speaker(4)), (None, Some("Jane Doe")));
        // A mid-sentence colon is no label; the speaker carries on.
        assert_eq!((label(5), speaker(5)), (None, Some("Jane Doe")));
        // A heading resets the speaker; it is not a speaker itself.
        assert_eq!(p[6].kind, BlockKind::Heading);
        assert_eq!((label(6), speaker(6)), (None, None));
        assert_eq!((label(7), speaker(7)), (None, None));
        // Q&A words are labels even on a short line.
        assert_eq!((label(8), speaker(8)), (Some("Q"), Some("Q")));
        assert_eq!(p[8].kind, BlockKind::Body);
        // Chrome field names are not speakers.
        assert_eq!((label(9), speaker(9)), (None, Some("Q")));

        let of = |i: usize| -> Vec<&str> {
            s.sentences.iter().filter(|x| x.paragraph == i).map(|x| doc.slice(x.span)).collect()
        };
        assert_eq!(of(1), ["Will you travel?", "When?"]);
        assert_eq!(of(3), ["Yes.", "I will go in spring."]);
        assert_eq!(of(8), ["Why"]);
        // Label words are not tokens.
        let first = s.sentences.iter().find(|x| x.paragraph == 1).unwrap();
        assert_eq!(doc.slice(s.tokens[first.tokens.0].span()), "Will");
    }

    #[test]
    fn label_with_odd_spacing_collapses_speaker() {
        let (_, s) = seg("Foreign  Minister\u{A0}Lee: We agree. Fully.\nMore text follows here.");
        assert_eq!(s.paragraphs[0].speaker.as_deref(), Some("Foreign Minister Lee"));
        assert_eq!(s.paragraphs[1].speaker.as_deref(), Some("Foreign Minister Lee"));
    }

    #[test]
    fn crlf_cr_and_bom_offsets() {
        let text = "\u{FEFF}First line.\r\nSecond one. Third!\r\n\r\n  Fourth\rFifth.\r\n";
        let (doc, s) = seg(text);
        let paras: Vec<_> = s.paragraphs.iter().map(|p| doc.slice(p.span)).collect();
        assert_eq!(paras, ["First line.", "Second one. Third!", "Fourth", "Fifth."]);
        assert_eq!(s.paragraphs[0].span, Span::new(3, 14));
        assert_eq!(s.paragraphs[1].span, Span::new(16, 34));
        let sents: Vec<_> = s.sentences.iter().map(|x| doc.slice(x.span)).collect();
        assert_eq!(sents, ["First line.", "Second one.", "Third!", "Fourth", "Fifth."]);
        assert_eq!(s.sentences[2].span, Span::new(28, 34));
        assert_eq!(s.tokens[0].span(), Span::new(3, 8));
    }

    #[test]
    fn empty_and_blank_input() {
        for text in ["", "\n\n", "\u{FEFF}", "  \t\r\n\u{200B}\u{A0}\n"] {
            let (_, s) = seg(text);
            assert_eq!(s, Segmentation::default(), "{text:?}");
        }
    }

    #[test]
    fn word_tokens() {
        assert_eq!(
            tokens(
                "People’s don't Kim's Son-hui 2026-2027 U.S. a.m. countries’ ‘quoted’ \
                 S.Korea 3.5% 20,000 17:25 KCNA.kp e.g. it—was"
            ),
            [
                "People’s",
                "don't",
                "Kim's",
                "Son",
                "hui",
                "2026",
                "2027",
                "U.S",
                "a.m",
                "countries",
                "quoted",
                "S",
                "Korea",
                "3.5",
                "20,000",
                "17",
                "25",
                "KCNA",
                "kp",
                "e.g",
                "it",
                "was"
            ]
        );
        // Combining marks stay inside the word; emoji are not words.
        assert_eq!(tokens("cafe\u{301} 😀 naïve"), ["cafe\u{301}", "naïve"]);
    }

    #[test]
    fn multilingual_invariants() {
        let text = "\u{FEFF}\u{200F}Привет, мир! Это тест.\u{A0}\r\n\
                    한국어 문장입니다. 두 번째 문장。第三句\t😀👨\u{200D}👩\u{200D}👧 “quoted.” Done.\u{200B}\n\
                    \u{202B}עברית\u{202C} café e\u{301}t\u{e9} ʼokina\r\
                    \t\u{3000}Tab\u{A0}and\u{A0}nbsp. Zero\u{200B}width.\u{2028}Sep line? yes\u{2029}x";
        let (doc, s) = seg(text);
        assert_eq!(s.paragraphs.len(), 6);
        let sents: Vec<_> = s.sentences.iter().map(|x| doc.slice(x.span)).collect();
        assert_eq!(
            sents,
            [
                "Привет, мир!",
                "Это тест.",
                "한국어 문장입니다.",
                "두 번째 문장。",
                "第三句\t😀👨\u{200D}👩\u{200D}👧 “quoted.”",
                "Done.",
                "עברית\u{202C} café e\u{301}t\u{e9} ʼokina",
                "Tab\u{A0}and\u{A0}nbsp.",
                "Zero\u{200B}width.",
                "Sep line? yes",
                "x",
            ]
        );
        let toks: Vec<_> = s.tokens.iter().map(|t| doc.slice(t.span())).collect();
        assert!(toks.contains(&"문장입니다"));
        assert!(toks.contains(&"e\u{301}t\u{e9}"));
        assert!(toks.contains(&"第三句"));
        assert!(toks.contains(&"עברית"));
    }

    #[test]
    fn excluded_regions() {
        let mut doc = Document::new("t", "Keep this. And this.\nMenu Home News Sport\nBody again.");
        doc.excluded = vec![Span::new(21, 41)];
        let s = segment(&doc);
        check_invariants(&doc, &s);
        let ex: Vec<_> = s.paragraphs.iter().map(|p| p.excluded).collect();
        assert_eq!(ex, [false, true, false]);
        assert_eq!(s.sentences.iter().filter(|x| x.excluded).count(), 1);
        // Unsorted regions fall back to the model's own test.
        doc.excluded = vec![Span::new(21, 41), Span::new(0, 2)];
        let s = segment(&doc);
        check_invariants(&doc, &s);
    }

    #[test]
    fn long_sentences_are_cut() {
        // ~1 MB, 200,000 words, no punctuation.
        let text = "word ".repeat(200_000);
        let (doc, s) = seg(&text);
        assert_eq!(s.tokens.len(), 200_000);
        assert_eq!(s.sentences.len(), 200_000 / MAX_SENTENCE_TOKENS);
        assert!(s.sentences.iter().all(|x| x.tokens.1 - x.tokens.0 == MAX_SENTENCE_TOKENS));
        assert!(doc.slice(s.sentences[1].span).starts_with("word word"));
        // The cut keeps punctuation with the piece before it.
        let text = "a, ".repeat(MAX_SENTENCE_TOKENS + 1);
        let (doc, s) = seg(&text);
        assert_eq!(s.sentences.len(), 2);
        assert!(doc.slice(s.sentences[0].span).ends_with("a,"));
        assert_eq!(doc.slice(s.sentences[1].span), "a,");
    }

    #[test]
    fn cut_sentences_are_reported_once_each() {
        let text = format!(
            "Short one. Long{}\nAnother short one.\n{}",
            " word".repeat(2 * MAX_SENTENCE_TOKENS + 4),
            "w ".repeat(MAX_SENTENCE_TOKENS)
        );
        let doc = Document::new("t", text);
        let (seg, warnings) = segment_with_warnings(3, &doc);
        assert_eq!(seg, segment(&doc));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!((warnings[0].doc, warnings[0].offset), (3, "Short one. ".len()));
        assert_eq!(
            warnings[0].message,
            format!(
                "a sentence of {} words without a sentence end was cut into pieces of {} words",
                2 * MAX_SENTENCE_TOKENS + 5,
                MAX_SENTENCE_TOKENS
            )
        );
    }

    #[test]
    fn pathological_input_is_linear() {
        let start = std::time::Instant::now();
        let cases = [
            "x".repeat(5_000_000),
            "\u{201C}".repeat(100_000) + &"\"".repeat(100_000),
            ".\u{201D}".repeat(100_000),
            "a.a.".repeat(250_000),
            "A. ".repeat(200_000),
            "a. ".repeat(200_000),
            "Mr. ".repeat(200_000),
            "Question: ".repeat(100_000),
            format!("Q:{}x", " ".repeat(1_000_000)),
            ". ".repeat(300_000),
            "1,".repeat(300_000),
            "’".repeat(100_000),
        ];
        for text in &cases {
            seg(text);
        }
        // Generous: debug builds on slow machines; quadratic would take hours.
        assert!(start.elapsed().as_secs() < 60);
    }

    #[test]
    fn bundled_corpus_invariants() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                let (_, s) = seg(&text);
                assert!(!s.sentences.is_empty(), "{}", path.display());
            }
        }
    }

    #[test]
    fn exclusion_fast_path_matches_model() {
        let text = "abcdefghij".repeat(20);
        let mut doc = Document::new("t", text);
        doc.excluded = vec![
            Span::new(3, 9),
            Span::new(9, 9),
            Span::new(12, 30),
            Span::new(40, 41),
            Span::new(41, 90),
            Span::new(150, 200),
        ];
        let fast = Exclusion::new(&doc);
        assert!(fast.sorted);
        for start in 0..200 {
            for end in start + 1..=200 {
                let span = Span::new(start, end);
                assert_eq!(fast.is_excluded(span), doc.is_excluded(span), "{span}");
            }
        }
    }

    #[test]
    fn byte_scans_and_ascii_shortcuts_agree_with_the_characters() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let first = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(!is_line_break(c) || may_start_line_break(first), "{c:?}");
            assert!(!is_terminator(c) || may_start_terminator(first), "{c:?}");
            assert!(!c.is_ascii() || !is_combining_mark(c), "{c:?}");
        }
        for b in 0x80..=0xBF {
            // The scans never stop inside a character.
            assert!(!may_start_line_break(b) && !may_start_terminator(b), "{b:x}");
        }
        let text = "a\u{301}. Ça\u{2028}x\r\n한…b😀?";
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(char_at(text, i), text[i..].chars().next().unwrap_or('\0'), "{i}");
            assert_eq!(char_before(text, i), text[..i].chars().next_back().unwrap_or('\0'), "{i}");
        }
    }

    proptest::proptest! {
        #[test]
        fn invariants_hold_on_arbitrary_text(
            text in proptest::string::string_regex(
                "([a-zA-Z0-9 .,!?:;'\"()\\-\u{2019}\u{201C}\u{201D}\u{2026}\u{A0}\u{FEFF}\u{200B}\u{200F}\u{301}\r\n\t]|한|я|😀|Q|Mr|U\\.S\\.|Question: ){0,200}"
            ).unwrap()
        ) {
            seg(&text);
        }

        #[test]
        fn invariants_hold_on_any_string(text in "\\PC{0,100}") {
            seg(&text);
        }
    }
}
