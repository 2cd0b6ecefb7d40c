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
//! [`Token`]: crate::model::Token
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

pub(crate) mod chars;
mod exclusion;

pub(crate) use exclusion::Exclusion;
mod paragraphs;
mod sentences;
mod tokens;

#[cfg(test)]
mod tests;

use chars::{char_at, collapse_space, is_line_break, may_start_line_break, trim};
use paragraphs::{find_label, is_heading};
use sentences::split_sentences;
use tokens::tokenize;

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

/// Cuts `doc` into paragraphs, sentences and tokens.
pub fn segment(doc: &Document) -> Segmentation {
    segment_with_warnings(0, doc).0
}

/// The word tokens of `text` (a name, a phrase), without cutting it into
/// paragraphs and sentences first.
pub(crate) fn words(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokens::tokenize(text, 0, text.len(), &mut out);
    out
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
