//! Quotations: extraction and attribution.
//!
//! [`extract`] works on [`Document::text`] alone. When the segmenter's
//! paragraphs are available (and well formed) they are used; otherwise a
//! paragraph is a line. Sentence ends are found locally with a small rule
//! (see *Sentences* below), so this stage does not depend on the segmenter.
//! Paragraphs that lie in an excluded region are skipped, and so is any
//! quotation whose marks lie (mostly) in one.
//!
//! # Sentences
//!
//! A sentence ends at `.`, `!`, `?` or `…`, optionally followed by closing
//! marks/brackets, then white space and a capital, a digit or an opening
//! mark (or the paragraph end). A `.` after a single letter (`S. Hwanghae`,
//! `U.S.`) or a listed abbreviation (`Mr.`, `Jul.`) does not end one.
//! Searches for a boundary look at most [`WINDOW`] bytes away.
//!
//! # Marks
//!
//! * `“…”` (U+201C/U+201D) and `„…“` / `„…”`; a `“` closes only an open `„`.
//! * Straight `"…"`: the direction comes from the neighbours. A `"` opens
//!   when it follows the paragraph start, white space, an opening bracket, a
//!   dash, a slash, `:`/`,` or another opening mark *and* is followed by a
//!   non-space; it closes when it follows a non-space and precedes white
//!   space, punctuation, a closing mark or the paragraph end. When both or
//!   neither hold, an open double quotation decides (it is closed);
//!   otherwise the mark is reported and ignored.
//! * `‘…’` (U+2018/U+2019). `’` is mostly an apostrophe, so it only closes a
//!   quotation when a `‘` is the innermost open quotation, it follows a
//!   non-space and precedes white space/punctuation/the end. A `’` between
//!   two letters or digits (`People’s`, `I’m`) is always an apostrophe, and
//!   one after an `s` that is followed by a space is read as a plural
//!   possessive (`the soldiers’ choice`) when another closing `’` follows
//!   before the next double mark. A `‘` opens only after white space/an
//!   opening bracket/an opening mark and before a non-digit (`‘90s` is an
//!   elision). Single quotations are emitted only when they pair: an
//!   unclosed `‘` is reported but yields no quotation. Straight `'` is
//!   never a quote mark (too often an apostrophe).
//! * `«…»`, and the reversed `»…«` when a `»` stands in an opening position
//!   with no `«` open.
//!
//! Nesting is tracked with a stack; a quotation opened while another is open
//! gets `depth` = the number of open quotations around it (1 for `‘…’` in
//! `“…”` or `“…”` in `«…»`). A closing mark searches at most
//! [`MATCH_DEPTH`] entries down the stack, so input with 100,000 unmatched
//! marks stays linear.
//!
//! # Paragraphs, continuation and recovery
//!
//! A paragraph that ends with a quotation still open continues that
//! quotation when the next non-blank paragraph starts with an opening mark
//! of the same family (the newspaper convention for multi-paragraph
//! quotes): the result is one [`Quotation`] with one piece per paragraph.
//! Otherwise every open quotation is closed at the paragraph end with a
//! warning (`unclosed “ opened at byte N ...`). A closing mark with nothing
//! to close is reported and ignored. Scanning always continues.
//!
//! # Spans
//!
//! `outer` runs from the first opening mark to the final closing mark (or the
//! paragraph end for an unclosed quotation). Each piece excludes the marks
//! and leading/trailing white space. A trailing `,` `;` `:` or dash just
//! before the closing mark is dropped: in US style it is the host sentence's
//! punctuation moved inside the marks (`“…Russia,” he said`). A final
//! `.`, `!`, `?` or `…` is kept, because it may belong to the quoted
//! sentence and tells the aligner that the quote is complete.
//! `span` covers the first piece's start to the last piece's end.
//!
//! # Kind
//!
//! A quotation of at most [`SCARE_MAX_WORDS`] (4) words that sits inside
//! running text is [`QuoteKind::Scare`]; everything else is
//! [`QuoteKind::Full`]. Four words covers the usual scare-quoted terms,
//! labels and names (“respects”, “actions, not statements”, “Coalition of
//! the Willing”) while five or more words nearly always carry a clause worth
//! aligning as a (partial) quotation. A short quotation is nevertheless Full
//! when it is a whole utterance: it stands alone in its sentence (optionally
//! followed directly by an attribution, `“Yes,” he said.`), or it is
//! introduced by a cue and `:`/`,` and starts with a capital
//! (`Lavrov said: “No.”`). Only the first 256 bytes of a quotation are
//! examined for this: four words never take more.
//!
//! # Attribution
//!
//! For every top-level quotation, in document order:
//!
//! 1. **After the closing mark** (of the last piece), up to the end of the
//!    sentence or the next quotation: an attribution that starts right
//!    there — `, he said` / `, Lavrov said` / `, the report said` /
//!    `, a spokesperson for the ministry said` (at most
//!    8 words + cue), `, said Oh Kyung-seop, ...` (cue + noun phrase) or
//!    `, according to X`. The rest of the sentence is searched for
//!    `according to X`, outlets with a cue (`TASS reports`) and
//!    `carried/quoted/cited by X`, which become `via` candidates; so is the
//!    outlet object of `told` (`Lavrov told TASS`).
//! 2. **Before the opening mark** in the same sentence (or after the
//!    previous quotation of that sentence): the *first* cue verb with a
//!    subject (`Lavrov said: “…”`, `He said North Korea reaffirmed its “…”`
//!    — in reported speech the outermost speaker is the source), plus any
//!    `according to X`. A cue in `-ing` form or after `to` without its own
//!    subject (`, adding, “…”`, `calling the idea a “…”`) takes the speaker
//!    of the previous quotation in the sentence, else the sentence subject.
//! 3. The speaker is the first *person* among these candidates (after, then
//!    before, then `according to`), else the first non-person source
//!    (agency, statement, report, outlet). A remaining non-person source is
//!    `via`: `“…,” he said, according to the Associated Press` → speaker
//!    Lavrov, via the Associated Press; `Kim said “…,” the report said` →
//!    speaker Kim, via the report; `“…,” the state-owned news agency said`
//!    → speaker the agency.
//! 4. Only for quotations that are not scare quotes and found nothing: the
//!    next sentence when it is a short attribution (at most
//!    [`SHORT_ATTRIBUTION_WORDS`] words, `He said.`); else the speaker of
//!    the previous quotation when it is in the same or the previous
//!    paragraph (a bare quoted paragraph continues its speaker); else, for
//!    a quote that is a whole sentence, the person who is the subject of
//!    the previous sentence.
//!
//! Noun phrases are found with simple word-class rules (no tagger): a
//! pronoun, a run of capitalised words (titles such as `Foreign Minister`
//! are stripped from names), or a determiner phrase (`the state-owned news
//! agency`, `their top military officials`) of at most [`NP_MAX_WORDS`]
//! words. Apposition and parentheticals between subject and verb
//! (`Lavrov, for his part, emphasized`) are skipped.
//!
//! **Pronouns** `he`/`she`/`they` resolve to the nearest preceding person
//! who is either the subject of a clause outside any quotation
//! (`Lavrov confirmed ...`, `Kim also received ...`) or an earlier resolved
//! speaker, within [`PRONOUN_LOOKBACK`] bytes; `speaker` is the name, and
//! `speaker_span` the pronoun. An unresolved pronoun leaves `speaker` empty
//! but keeps the span and cue. `it` resolves to the non-person subject of a
//! recent sentence (`The joint statement underscored ... It said ...`).
//! A title description (`the North Korean leader`) resolves to the person
//! who was introduced with that title (`North Korean leader Kim Jong Un`).
//!
//! A capitalised run counts as a person when it carries a title, is
//! followed by an apposition (`Oh Kyung-seop, a senior research fellow`),
//! stands next to a cue verb, or is a single word that was part of an
//! earlier person's name (`Lavrov` after `Sergey Lavrov`, `Kim` after `Kim
//! Jong Un`); words of places and organisations (a short list) never make a
//! person. A multi-word run that is the subject of a clause (`Anton Weber
//! spoke`) is a pronoun candidate too, but does not teach its words as
//! surnames.
//!
//! Nested quotations get only a cue found inside the outer quotation
//! (`“He told me ‘go’,” she said` → `He`), never the outer speaker by
//! default: they report someone else's words. A first-person cue (`I said
//! ‘no’`, `we called it ‘…’`) is the outer quotation's speaker.
//!
//! # Cost
//!
//! One pass over the marks, one pass over the words for person mentions, and
//! per quotation a fixed amount of work: every look-back/look-ahead is capped
//! ([`WINDOW`] bytes for sentences, [`PRONOUN_LOOKBACK`] bytes and
//! [`CANDIDATES`] mentions for pronouns). Nothing is rescanned, so a 5 MB
//! line or 100,000 quote marks stay linear.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::model::{
    Attribution, DocIdx, Document, Quotation, QuoteKind, Segmentation, Span, Warning,
};

/// Quotations found in one document, and warnings about its quote marks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteScan {
    pub quotes: Vec<Quotation>,
    pub warnings: Vec<Warning>,
}

/// Longest scare quotation, in words (see the module docs for why 4).
pub const SCARE_MAX_WORDS: usize = 4;
/// Longest look-back/look-ahead when searching for a sentence boundary, in
/// bytes: a sentence of 600 bytes is about 100 words, longer than any
/// attribution needs.
pub const WINDOW: usize = 600;
/// How far down the stack of open quotations a closing mark looks for its
/// partner; real text nests two or three levels.
pub const MATCH_DEPTH: usize = 8;
/// How far back a pronoun looks for its antecedent, in bytes (roughly three
/// newspaper paragraphs).
pub const PRONOUN_LOOKBACK: usize = 3000;
/// How many earlier mentions/speakers a pronoun considers at most.
pub const CANDIDATES: usize = 64;
/// Longest noun phrase taken as a speaker or channel, in words
/// (`the state-run Korean Central News Agency` has 6).
pub const NP_MAX_WORDS: usize = 8;
/// Longest following sentence still read as an attribution (`He said.`,
/// `So said the foreign minister.`).
pub const SHORT_ATTRIBUTION_WORDS: usize = 6;
/// Longest apposition/parenthetical between a subject and its cue, in tokens
/// (`Oh Kyung-seop, a senior research fellow at the Korea Institute, said`).
const APPOSITION_MAX_TOKENS: usize = 16;
/// Words searched after a closing mark for `NP cue` (`the state-owned news
/// agency said`).
const POST_CUE_SEARCH: usize = 8;
/// Longest quotation (in bytes) that is still examined for the scare-quote
/// test; four words never take 256 bytes, so a longer quotation is Full.
const KIND_SCAN_BYTES: usize = 256;
/// Longest run of closers/spaces examined after a sentence-final mark, and
/// longest tail trimmed from a quotation.
const LOOKAHEAD_CAP: usize = 256;
/// Most warnings about quotation marks reported per document; the rest are
/// counted in one last warning. A page of mangled marks (100,000 of them
/// give about 25,000 warnings) would otherwise bury the report; the first
/// hundred show what is wrong and where it starts.
pub const MAX_WARNINGS: usize = 100;

/// Cue verbs and phrases by lemma, with the forms that are recognised.
/// `according to` is handled separately (its source follows it).
pub const CUE_VERBS: &[(&str, &[&str])] = &[
    ("say", &["say", "says", "said", "saying"]),
    ("tell", &["tell", "tells", "told", "telling"]),
    ("add", &["add", "adds", "added", "adding"]),
    ("warn", &["warn", "warns", "warned", "warning"]),
    ("stress", &["stressed", "stresses", "stressing"]),
    ("note", &["noted", "notes", "noting"]),
    (
        "emphasize",
        &[
            "emphasize",
            "emphasizes",
            "emphasized",
            "emphasizing",
            "emphasise",
            "emphasises",
            "emphasised",
            "emphasising",
        ],
    ),
    ("explain", &["explain", "explains", "explained", "explaining"]),
    ("state", &["stated", "states", "stating"]),
    ("declare", &["declare", "declares", "declared", "declaring"]),
    ("insist", &["insist", "insists", "insisted", "insisting"]),
    ("argue", &["argue", "argues", "argued", "arguing"]),
    ("claim", &["claim", "claims", "claimed", "claiming"]),
    ("assert", &["assert", "asserts", "asserted", "asserting"]),
    ("caution", &["cautions", "cautioned", "cautioning"]),
    ("urge", &["urge", "urges", "urged", "urging"]),
    ("reiterate", &["reiterate", "reiterates", "reiterated", "reiterating"]),
    ("describe", &["describe", "describes", "described", "describing"]),
    ("call", &["called", "calls", "calling"]),
    ("write", &["wrote", "writes", "writing", "written"]),
    ("report", &["reported", "reports", "reporting"]),
    ("confirm", &["confirm", "confirms", "confirmed", "confirming"]),
    ("announce", &["announce", "announces", "announced", "announcing"]),
    ("quote", &["quoted", "quotes", "quoting"]),
    ("express", &["expressed", "expresses", "expressing"]),
    ("reaffirm", &["reaffirm", "reaffirms", "reaffirmed", "reaffirming"]),
    ("reassure", &["reassured", "reassures", "reassuring"]),
    ("acknowledge", &["acknowledge", "acknowledges", "acknowledged", "acknowledging"]),
    ("accuse", &["accused", "accuses", "accusing"]),
    ("denounce", &["denounce", "denounces", "denounced", "denouncing"]),
    (
        "criticize",
        &["criticized", "criticizes", "criticizing", "criticised", "criticises", "criticising"],
    ),
    ("condemn", &["condemn", "condemns", "condemned", "condemning"]),
    ("reply", &["replied", "replies", "replying"]),
    ("respond", &["responded", "responds", "responding"]),
    ("comment", &["commented", "comments", "commenting"]),
    ("admit", &["admit", "admits", "admitted", "admitting"]),
    ("vow", &["vow", "vows", "vowed", "vowing"]),
    ("pledge", &["pledged", "pledges", "pledging"]),
    ("suggest", &["suggested", "suggests", "suggesting"]),
    ("predict", &["predicted", "predicts", "predicting"]),
    ("recall", &["recalled", "recalls", "recalling"]),
    ("remark", &["remarked", "remarks", "remarking"]),
    ("mention", &["mentioned", "mentions", "mentioning"]),
    ("ask", &["asked", "asks", "asking"]),
    ("answer", &["answered", "answers", "answering"]),
];

/// Finds every quotation in `doc` and who it is attributed to.
pub fn extract(doc_idx: DocIdx, doc: &Document, seg: &Segmentation) -> QuoteScan {
    let text = doc.text.as_str();
    let excluder = Excluder::new(doc);
    let paras = paragraphs(text, seg, &excluder);
    let mut scanner =
        Scanner { doc: doc_idx, text, stack: Vec::new(), raws: Vec::new(), warnings: Vec::new() };
    scanner.scan(&paras);
    let Scanner { raws, mut warnings, .. } = scanner;
    let mut qs = build_quotes(text, raws, &excluder);
    let tops: Vec<Span> = qs.iter().filter(|q| q.depth == 0).map(|q| q.outer).collect();
    let lexicon = Lexicon::build(text, &paras, &tops);
    let mut att = Attributor {
        text,
        paras: &paras,
        prev_nonblank: prev_nonblank(&paras),
        lex: lexicon,
        events: Vec::new(),
    };
    att.run(&mut qs);
    warnings.sort();
    cap_warnings(&mut warnings);
    let quotes = qs
        .into_iter()
        .map(|q| Quotation {
            doc: doc_idx,
            span: Span::new(q.pieces[0].start, q.pieces[q.pieces.len() - 1].end),
            pieces: q.pieces,
            outer: q.outer,
            kind: q.kind,
            depth: q.depth,
            attribution: q.attribution,
        })
        .collect();
    QuoteScan { quotes, warnings }
}

/// Keeps the first [`MAX_WARNINGS`] of `warnings` (sorted) and replaces the
/// rest with one warning that counts them, at the offset of the first one
/// left out.
fn cap_warnings(warnings: &mut Vec<Warning>) {
    if warnings.len() <= MAX_WARNINGS {
        return;
    }
    let rest = warnings.len() - MAX_WARNINGS;
    let first = warnings[MAX_WARNINGS].clone();
    warnings.truncate(MAX_WARNINGS);
    warnings.push(Warning {
        message: format!(
            "{rest} more warnings about quotation marks from byte {} on are not shown",
            first.offset
        ),
        ..first
    });
}

/// The quotations of `quotes` that may overlap `span`, as an index range.
///
/// `quotes` must be as [`extract`] returns them: in the order of their
/// opening marks, top-level quotations (`depth` 0) not overlapping each
/// other, and every nested quotation inside a top-level one. Every
/// quotation whose `outer` overlaps `span` (or, for an empty `span`,
/// contains its start) is in the range; others may be too, so callers still
/// test each one. The search takes logarithmic time plus the length of the
/// range, so per-sentence and per-passage look-ups stay linear overall
/// where a scan of every quotation would be quadratic on a long document.
pub fn overlapping(quotes: &[Quotation], span: Span) -> std::ops::Range<usize> {
    let end = span.end.max(span.start + 1);
    let hi = quotes.partition_point(|q| q.outer.start < end);
    let mut lo = hi;
    while lo > 0 {
        let q = &quotes[lo - 1];
        if q.depth == 0 && q.outer.end <= span.start {
            break;
        }
        lo -= 1;
    }
    lo..hi
}

/// Bytes of `span` inside full (not scare) top-level quotations.
pub fn quoted_share(quotes: &[Quotation], span: Span) -> usize {
    quotes[overlapping(quotes, span)]
        .iter()
        .filter(|q| q.kind == QuoteKind::Full && q.depth == 0)
        .flat_map(|q| q.pieces.iter())
        .map(|piece| piece.overlap(span))
        .sum()
}

// ---------------------------------------------------------------------------
// Paragraphs and exclusions
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Para {
    start: usize,
    end: usize,
    blank: bool,
    excluded: bool,
}

/// `Document::is_excluded` with a binary search when the regions are sorted
/// (as the model promises), so many quotations cost no quadratic time.
struct Excluder<'a> {
    doc: &'a Document,
    sorted: bool,
}

impl<'a> Excluder<'a> {
    fn new(doc: &'a Document) -> Self {
        let sorted = doc.excluded.windows(2).all(|w| w[0].end <= w[1].start);
        Excluder { doc, sorted }
    }

    fn excluded(&self, span: Span) -> bool {
        let ex = &self.doc.excluded;
        if ex.is_empty() {
            return false;
        }
        if !self.sorted {
            return self.doc.is_excluded(span);
        }
        let first = ex.partition_point(|e| e.end <= span.start);
        let mut covered = 0usize;
        for e in &ex[first..] {
            if e.start >= span.end {
                break;
            }
            covered += e.overlap(span);
        }
        covered * 2 > span.len().max(1)
    }
}

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

fn paragraphs(text: &str, seg: &Segmentation, excluder: &Excluder) -> Vec<Para> {
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
            Para { start, end, blank, excluded: !blank && excluder.excluded(Span::new(start, end)) }
        })
        .collect()
}

fn prev_nonblank(paras: &[Para]) -> Vec<Option<usize>> {
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

fn next_nonblank(paras: &[Para]) -> Vec<Option<usize>> {
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

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

fn is_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '‘' | '’' | '«' | '»' | '„')
}

/// Characters after which a mark stands in an opening position.
fn opening_ctx(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            is_space(c)
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '<'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | ':'
                        | ','
                        | '“'
                        | '‘'
                        | '«'
                        | '„'
                        | '"'
                )
        }
    }
}

/// Characters before which a mark stands in a closing position.
fn closing_ctx(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            is_space(c)
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '…'
                        | '”'
                        | '’'
                        | '»'
                        | '"'
                        | '\''
                )
        }
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Marks and brackets that may follow a sentence-final mark.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '»' | ')' | ']' | '“' | '›')
}

/// Characters that may open a sentence besides capitals and digits.
fn is_sentence_opener(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '«' | '„' | '(' | '[' | '»' | '\'' | '¿' | '¡')
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

// ---------------------------------------------------------------------------
// Mark scanning
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Angle,
}

#[derive(Clone, Copy, Debug)]
struct Open {
    family: Family,
    mark: char,
    pos: usize,
    raw: usize,
}

#[derive(Clone, Copy, Debug)]
struct RawPiece {
    /// Byte of the opening mark.
    open: usize,
    inner_start: usize,
    inner_end: usize,
    /// End of the closing mark (or the paragraph end when unclosed).
    close_end: usize,
    para: usize,
}

#[derive(Clone, Debug)]
struct Raw {
    family: Family,
    parent: Option<usize>,
    pieces: Vec<RawPiece>,
    closed: bool,
}

struct Scanner<'a> {
    doc: DocIdx,
    text: &'a str,
    stack: Vec<Open>,
    raws: Vec<Raw>,
    warnings: Vec<Warning>,
}

/// Per-paragraph positions for the plural-possessive test of `’`.
#[derive(Default)]
struct SingleHints {
    /// `’` in a closing position.
    closers: Vec<usize>,
    /// Any double mark.
    doubles: Vec<usize>,
}

impl SingleHints {
    fn compute(text: &str, p: Para, out: &mut SingleHints) {
        out.closers.clear();
        out.doubles.clear();
        let s = &text[p.start..p.end];
        if !s.contains('‘') {
            return;
        }
        let mut prev: Option<char> = None;
        let mut it = s.char_indices().peekable();
        while let Some((off, c)) = it.next() {
            let next = it.peek().map(|&(_, d)| d);
            match c {
                '’' => {
                    let apostrophe = prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    if !apostrophe && prev.is_some_and(|d| !is_space(d)) && closing_ctx(next) {
                        out.closers.push(p.start + off);
                    }
                }
                '“' | '”' | '"' | '„' | '«' | '»' => out.doubles.push(p.start + off),
                _ => {}
            }
            prev = Some(c);
        }
    }

    /// Whether another closing `’` follows `pos` before the next double mark.
    fn later_closer(&self, pos: usize) -> bool {
        let a = self.closers.partition_point(|&x| x <= pos);
        let Some(&c) = self.closers.get(a) else {
            return false;
        };
        let b = self.doubles.partition_point(|&x| x <= pos);
        self.doubles.get(b).is_none_or(|&d| c < d)
    }
}

impl Scanner<'_> {
    fn warn(&mut self, offset: usize, message: String) {
        self.warnings.push(Warning { doc: self.doc, offset, message });
    }

    fn open(&mut self, family: Family, mark: char, pos: usize, para: usize) {
        let parent = self.stack.last().map(|o| o.raw);
        let raw = self.raws.len();
        let after = pos + mark.len_utf8();
        self.raws.push(Raw {
            family,
            parent,
            pieces: vec![RawPiece {
                open: pos,
                inner_start: after,
                inner_end: after,
                close_end: after,
                para,
            }],
            closed: false,
        });
        self.stack.push(Open { family, mark, pos, raw });
    }

    /// Index (in the stack) of the nearest open quotation accepted by `pred`.
    fn find(&self, pred: impl Fn(&Open) -> bool) -> Option<usize> {
        self.stack.iter().enumerate().rev().take(MATCH_DEPTH).find(|(_, o)| pred(o)).map(|(i, _)| i)
    }

    fn end_piece(&mut self, raw: usize, inner_end: usize, close_end: usize) {
        if let Some(p) = self.raws[raw].pieces.last_mut() {
            p.inner_end = inner_end.max(p.inner_start);
            p.close_end = close_end.max(p.inner_end);
        }
    }

    /// Closes stack entry `k` with the mark at `pos`; entries above it were
    /// never closed.
    fn close(&mut self, k: usize, pos: usize, mark: char) {
        while self.stack.len() > k + 1 {
            let o = self.stack.pop().expect("stack longer than k + 1");
            self.end_piece(o.raw, pos, pos);
            self.warn(
                o.pos,
                format!(
                    "unclosed {} opened at byte {}: ended where the enclosing quotation closes (byte {})",
                    o.mark, o.pos, pos
                ),
            );
        }
        if let Some(o) = self.stack.pop() {
            self.end_piece(o.raw, pos, pos + mark.len_utf8());
            self.raws[o.raw].closed = true;
        }
    }

    fn stray(&mut self, pos: usize, mark: char, why: &str) {
        self.warn(pos, format!("stray {mark} at byte {pos} ignored: {why}"));
    }

    fn scan(&mut self, paras: &[Para]) {
        let next = next_nonblank(paras);
        let mut hints = SingleHints::default();
        // A quotation continuing into paragraph `.0` at mark `.2` (byte `.1`).
        let mut carry: Option<(usize, usize, char, Open)> = None;
        for (pi, &p) in paras.iter().enumerate() {
            if p.blank || p.excluded {
                continue;
            }
            let mut skip = None;
            if let Some((q, pos, ch, o)) = carry {
                if q == pi {
                    carry = None;
                    let after = pos + ch.len_utf8();
                    self.raws[o.raw].pieces.push(RawPiece {
                        open: pos,
                        inner_start: after,
                        inner_end: after,
                        close_end: after,
                        para: pi,
                    });
                    self.stack.push(Open { pos, mark: ch, ..o });
                    skip = Some(pos);
                }
            }
            SingleHints::compute(self.text, p, &mut hints);
            let text = self.text;
            let s = &text[p.start..p.end];
            let mut prev: Option<char> = None;
            let mut it = s.char_indices().peekable();
            while let Some((off, c)) = it.next() {
                let nxt = it.peek().map(|&(_, d)| d);
                let pos = p.start + off;
                if is_mark(c) && skip != Some(pos) {
                    self.mark(c, pos, prev, nxt, pi, &hints);
                }
                prev = Some(c);
            }
            if self.stack.is_empty() {
                continue;
            }
            let family = self.stack[0].family;
            let reopen = next[pi]
                .filter(|&q| !paras[q].excluded)
                .and_then(|q| {
                    let qp = paras[q];
                    text[qp.start..qp.end]
                        .char_indices()
                        .find(|&(_, c)| !is_space(c))
                        .map(|(off, c)| (q, qp.start + off, c))
                })
                .filter(|&(_, _, c)| reopens(family, self.stack[0].mark, c));
            let keep = usize::from(reopen.is_some());
            while self.stack.len() > keep {
                let o = self.stack.pop().expect("non-empty stack");
                self.end_piece(o.raw, p.end, p.end);
                self.warn(
                    o.pos,
                    format!(
                        "unclosed {} opened at byte {}: closed at the end of its paragraph (byte {})",
                        o.mark, o.pos, p.end
                    ),
                );
            }
            if let Some((q, pos, c)) = reopen {
                let o = self.stack.pop().expect("continuing quotation");
                self.end_piece(o.raw, p.end, p.end);
                carry = Some((q, pos, c, o));
            }
        }
    }

    fn mark(
        &mut self,
        c: char,
        pos: usize,
        prev: Option<char>,
        next: Option<char>,
        pi: usize,
        hints: &SingleHints,
    ) {
        let next_solid = next.is_some_and(|d| !is_space(d));
        let prev_solid = prev.is_some_and(|d| !is_space(d));
        match c {
            '“' => {
                if let Some(k) = self.find(|o| o.family == Family::Double) {
                    if self.stack[k].mark == '„' {
                        self.close(k, pos, c);
                        return;
                    }
                }
                self.open(Family::Double, c, pos, pi);
            }
            '„' => self.open(Family::Double, c, pos, pi),
            '”' => {
                if let Some(k) = self.find(|o| o.family == Family::Double) {
                    self.close(k, pos, c);
                } else if opening_ctx(prev) && next_solid {
                    self.warn(
                        pos,
                        format!("” at byte {pos} used as an opening mark (no quotation was open)"),
                    );
                    self.open(Family::Double, c, pos, pi);
                } else {
                    self.stray(pos, c, "no quotation is open");
                }
            }
            '"' => {
                let o = opening_ctx(prev) && next_solid;
                let cl = prev_solid && closing_ctx(next);
                let open_double = self.find(|x| x.family == Family::Double);
                match (o, cl, open_double) {
                    (true, false, _) | (true, true, None) => self.open(Family::Double, c, pos, pi),
                    (_, true, Some(k)) => self.close(k, pos, c),
                    (false, true, None) => self.stray(pos, c, "closing \" with no quotation open"),
                    (false, false, Some(k)) if k + 1 == self.stack.len() => self.close(k, pos, c),
                    (false, false, _) => {
                        self.stray(pos, c, "cannot tell whether this \" opens or closes")
                    }
                }
            }
            // `‘90s` and a `‘` inside a word are elisions/apostrophes
            '‘' if opening_ctx(prev) && next.is_some_and(|d| !is_space(d) && !d.is_numeric()) => {
                self.open(Family::Single, c, pos, pi);
            }
            '’' => {
                if prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)
                {
                    return; // apostrophe: People’s, I’m
                }
                let top_single = self.stack.last().is_some_and(|o| o.family == Family::Single);
                if !top_single || !prev_solid || !closing_ctx(next) {
                    return; // apostrophe: countries’ , ’90s
                }
                let plural_possessive = matches!(prev, Some('s' | 'S'))
                    && next.is_some_and(is_space)
                    && hints.later_closer(pos);
                if !plural_possessive {
                    let k = self.stack.len() - 1;
                    self.close(k, pos, c);
                }
            }
            '«' => {
                if let Some(k) = self.find(|o| o.family == Family::Angle && o.mark == '»') {
                    self.close(k, pos, c);
                } else {
                    self.open(Family::Angle, c, pos, pi);
                }
            }
            '»' => {
                if let Some(k) = self.find(|o| o.family == Family::Angle && o.mark == '«') {
                    self.close(k, pos, c);
                } else if opening_ctx(prev) && next_solid {
                    self.open(Family::Angle, c, pos, pi);
                } else {
                    self.stray(pos, c, "no « is open");
                }
            }
            _ => {}
        }
    }
}

/// Whether `c` at the start of a paragraph continues an open quotation of
/// `family` (opened with `mark`).
fn reopens(family: Family, mark: char, c: char) -> bool {
    match family {
        Family::Double => matches!(c, '“' | '"' | '„') || (mark == '”' && c == '”'),
        Family::Single => c == '‘',
        Family::Angle => c == mark,
    }
}

// ---------------------------------------------------------------------------
// Quotations from raw pairs
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Q {
    pieces: Vec<Span>,
    raw: Vec<RawPiece>,
    outer: Span,
    parent: Option<usize>,
    depth: u8,
    kind: QuoteKind,
    attribution: Attribution,
    speaker_class: Option<Class>,
}

fn trim_piece(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let a = match s.char_indices().find(|&(_, c)| !is_space(c)) {
        Some((off, _)) => start + off,
        None => return Span::new(end, end),
    };
    let mut b = end;
    let mut steps = 0;
    while b > a && steps < LOOKAHEAD_CAP {
        let Some(c) = text[a..b].chars().next_back() else {
            break;
        };
        if is_space(c) || matches!(c, ',' | ';' | ':' | '—' | '–') {
            b -= c.len_utf8();
            steps += 1;
        } else {
            break;
        }
    }
    Span::new(a, b)
}

fn build_quotes(text: &str, raws: Vec<Raw>, excluder: &Excluder) -> Vec<Q> {
    let mut kept: Vec<Option<usize>> = vec![None; raws.len()];
    let mut ancestor: Vec<Option<usize>> = vec![None; raws.len()];
    let mut qs: Vec<Q> = Vec::new();
    for (ri, r) in raws.into_iter().enumerate() {
        let parent = r.parent.and_then(|p| kept[p].or(ancestor[p]));
        ancestor[ri] = parent;
        if r.family == Family::Single && !r.closed {
            continue; // single quotes count only when they pair
        }
        let mut pieces = Vec::new();
        let mut raw_pieces = Vec::new();
        for rp in &r.pieces {
            let span = trim_piece(text, rp.inner_start, rp.inner_end);
            if !span.is_empty() {
                pieces.push(span);
                raw_pieces.push(*rp);
            }
        }
        if pieces.is_empty() {
            continue;
        }
        let outer = Span::new(
            r.pieces[0].open,
            r.pieces.last().map_or(r.pieces[0].close_end, |p| p.close_end),
        );
        if excluder.excluded(outer) {
            continue;
        }
        let depth = parent.map_or(0, |p: usize| qs[p].depth.saturating_add(1));
        kept[ri] = Some(qs.len());
        qs.push(Q {
            pieces,
            raw: raw_pieces,
            outer,
            parent,
            depth,
            kind: QuoteKind::Full,
            attribution: Attribution::default(),
            speaker_class: None,
        });
    }
    qs
}

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

const ABBREVIATIONS: &[&str] = &[
    "apr", "aug", "capt", "col", "corp", "dec", "dr", "feb", "fig", "gen", "gov", "jan", "jr",
    "jul", "lt", "mr", "mrs", "ms", "nov", "oct", "prof", "rep", "sen", "sep", "sept", "sgt", "sr",
    "st", "vs",
];

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
    let w: String = word.into_iter().flat_map(char::to_lowercase).collect();
    ABBREVIATIONS.binary_search(&w.as_str()).is_ok()
}

/// If the sentence-final mark at byte `i` ends a sentence, the byte where
/// the next sentence starts (`hi` when nothing follows before `hi`).
fn boundary_after(text: &str, i: usize, hi: usize) -> Option<usize> {
    let c = text[i..].chars().next()?;
    if !is_terminal(c) || (c == '.' && is_abbrev_before(text, i)) {
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
        if !saw_space && (is_closer(d) || is_terminal(d)) {
            continue;
        }
        if is_space(d) {
            saw_space = true;
            continue;
        }
        if !saw_space {
            return None;
        }
        return (d.is_uppercase() || d.is_numeric() || is_sentence_opener(d)).then_some(j + k);
    }
    Some(hi)
}

/// Start of the sentence of paragraph `para` that contains byte `pos`
/// (looking back at most [`WINDOW`] bytes).
fn sentence_start(text: &str, para: Para, pos: usize) -> usize {
    let lo = ceil_char(text, para.start.max(pos.saturating_sub(WINDOW)));
    let mut start = lo;
    if lo < pos {
        for (k, c) in text[lo..pos].char_indices() {
            if is_terminal(c) {
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
fn sentence_end(text: &str, para: Para, pos: usize) -> usize {
    let hi = floor_char(text, para.end.min(pos + WINDOW));
    if pos >= hi {
        return hi.max(pos);
    }
    for (k, c) in text[pos..hi].char_indices() {
        if is_terminal(c) {
            if let Some(b) = boundary_after(text, pos + k, para.end) {
                return b;
            }
        }
    }
    hi
}

/// The byte of the last character before `end` (so that the sentence-final
/// mark of a sentence ending at `end` does not count as a boundary).
fn before_last_char(text: &str, end: usize) -> usize {
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
fn trim_back(text: &str, from: usize, to: usize) -> usize {
    let mut b = to;
    for (steps, c) in text[from..to].chars().rev().enumerate() {
        if steps >= LOOKAHEAD_CAP || !is_space(c) {
            break;
        }
        b -= c.len_utf8();
    }
    b
}

// ---------------------------------------------------------------------------
// Tokens and word classes
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    word: bool,
    /// First character.
    ch: char,
}

impl Tok {
    fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    fn cap(&self) -> bool {
        self.word && self.ch.is_uppercase()
    }

    fn is(&self, c: char) -> bool {
        !self.word && self.ch == c
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‐' | '‑')
}

fn tokenize(text: &str, lo: usize, hi: usize, out: &mut Vec<Tok>) {
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

fn toks(text: &str, lo: usize, hi: usize) -> Vec<Tok> {
    let mut v = Vec::new();
    tokenize(text, lo, hi, &mut v);
    v
}

fn lower(text: &str, t: Tok) -> String {
    text[t.start..t.end].to_lowercase()
}

fn possessive_len(w: &str) -> usize {
    if w.ends_with("'s") || w.ends_with("'S") {
        2
    } else if w.ends_with("’s") || w.ends_with("’S") {
        "’s".len()
    } else {
        0
    }
}

fn cue_lemma(w: &str) -> Option<&'static str> {
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

fn is_cue(text: &str, t: Tok) -> bool {
    t.word && !t.ch.is_uppercase() && cue_lemma(&lower(text, t)).is_some()
}

/// The subject pronoun in a (lowercased) word, contraction allowed
/// (`i’ve` → `i`).
fn pronoun_base(w: &str) -> Option<&'static str> {
    let base = ["’ve", "'ve", "’ll", "'ll", "’m", "'m", "’d", "'d", "’re", "'re", "’s", "'s"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix))
        .unwrap_or(w);
    ["he", "she", "they", "it", "we", "i", "you"].into_iter().find(|p| *p == base)
}

fn is_pronoun(w: &str) -> bool {
    pronoun_base(w).is_some()
}

fn is_det(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "both"
            | "all"
            | "some"
            | "many"
            | "several"
            | "each"
            | "every"
            | "another"
            | "two"
            | "three"
            | "four"
            | "one"
            | "most"
    )
}

fn is_function(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "to"
            | "of"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "as"
            | "than"
            | "while"
            | "when"
            | "where"
            | "after"
            | "before"
            | "because"
            | "if"
            | "although"
            | "though"
            | "since"
            | "during"
            | "into"
            | "about"
            | "over"
            | "under"
            | "between"
            | "against"
            | "via"
            | "per"
            | "so"
            | "not"
            | "what"
            | "how"
            | "why"
            | "whether"
            | "until"
            | "upon"
            | "through"
            | "without"
            | "within"
            | "across"
            | "toward"
            | "towards"
            | "amid"
            | "despite"
            | "like"
            | "unlike"
            | "there"
            | "here"
            | "is"
            | "are"
            | "was"
            | "were"
    )
}

/// Adverbs and auxiliaries allowed between a subject and its cue.
fn is_skippable(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "did"
            | "does"
            | "do"
            | "once"
            | "again"
            | "then"
            | "later"
            | "earlier"
            | "further"
            | "already"
            | "now"
            | "just"
            | "still"
            | "even"
            | "often"
            | "always"
            | "never"
            | "not"
            | "been"
            | "being"
    ) || (w.len() > 4 && w.ends_with("ly") && w != "only")
}

/// Lowercase verb forms that end a noun phrase (`dismissed`, `planning`).
fn is_soft(w: &str) -> bool {
    !w.contains('-') && w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
}

fn is_title(w: &str) -> bool {
    matches!(
        w,
        "minister"
            | "president"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "leader"
            | "secretary"
            | "ambassador"
            | "premier"
            | "chancellor"
            | "comrade"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "prof"
            | "professor"
            | "general"
            | "gen"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "counterpart"
            | "envoy"
            | "king"
            | "queen"
            | "prince"
            | "pope"
            | "senator"
            | "sen"
            | "governor"
            | "mayor"
            | "director"
            | "chief"
            | "commander"
            | "marshal"
            | "colonel"
            | "captain"
            | "judge"
            | "diplomat"
            | "deputy"
            | "lawmaker"
            | "ceo"
    )
}

fn singular(w: &str) -> &str {
    w.strip_suffix('s').filter(|s| s.len() > 2).unwrap_or(w)
}

/// Heads of noun phrases that denote people.
fn is_person_head(w: &str) -> bool {
    let s = singular(w);
    is_title(s)
        || matches!(
            s,
            "analyst"
                | "expert"
                | "researcher"
                | "fellow"
                | "official"
                | "source"
                | "observer"
                | "scholar"
                | "man"
                | "woman"
                | "people"
                | "resident"
                | "witness"
                | "activist"
                | "lawyer"
                | "critic"
                | "diplomat"
                | "spokesperson"
                | "aide"
                | "adviser"
                | "advisor"
        )
}

/// Words of organisations, outlets and documents (lowercase).
fn is_org(w: &str) -> bool {
    matches!(
        singular(w),
        "agency"
            | "news"
            | "press"
            | "media"
            | "ministry"
            | "statement"
            | "report"
            | "newspaper"
            | "paper"
            | "daily"
            | "time"
            | "times"
            | "post"
            | "journal"
            | "tass"
            | "kcna"
            | "yonhap"
            | "xinhua"
            | "reuter"
            | "reuters"
            | "afp"
            | "novosti"
            | "ria"
            | "interfax"
            | "office"
            | "government"
            | "embassy"
            | "committee"
            | "commission"
            | "council"
            | "party"
            | "kremlin"
            | "channel"
            | "television"
            | "tv"
            | "radio"
            | "outlet"
            | "broadcaster"
            | "service"
            | "institute"
            | "university"
            | "department"
            | "bureau"
            | "ilbo"
            | "sinmun"
            | "website"
            | "publication"
            | "declaration"
            | "communique"
            | "readout"
            | "transcript"
            | "document"
            | "team"
            | "group"
            | "side"
            | "administration"
            | "cabinet"
            | "parliament"
            | "assembly"
            | "army"
            | "military"
            | "court"
            | "bank"
            | "company"
            | "association"
            | "union"
            | "organization"
            | "organisation"
            | "network"
            | "gazette"
            | "herald"
            | "tribune"
            | "telegraph"
            | "guardian"
            | "bbc"
            | "cnn"
            | "ap"
            | "source"
    )
}

/// Places and nationalities that never make a person (lowercase).
fn is_place(w: &str) -> bool {
    matches!(
        w,
        "korea"
            | "russia"
            | "japan"
            | "china"
            | "ukraine"
            | "iran"
            | "israel"
            | "america"
            | "europe"
            | "asia"
            | "moscow"
            | "washington"
            | "beijing"
            | "pyongyang"
            | "seoul"
            | "tokyo"
            | "kyiv"
            | "kiev"
            | "london"
            | "paris"
            | "berlin"
            | "brussels"
            | "tehran"
            | "nato"
            | "eu"
            | "us"
            | "usa"
            | "uk"
            | "dprk"
            | "peninsula"
            | "states"
            | "united"
            | "federation"
            | "republic"
            | "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "korean"
            | "russian"
            | "japanese"
            | "chinese"
            | "ukrainian"
            | "american"
            | "european"
            | "soviet"
            | "israeli"
            | "iranian"
            | "western"
    )
}

/// Capitalised words that start a sentence or label but never a name.
fn is_run_stop(w: &str) -> bool {
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

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_numeric())
}

// ---------------------------------------------------------------------------
// Noun phrases
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Person,
    Source,
}

#[derive(Clone, Copy, Debug)]
struct Np {
    start: usize,
    end: usize,
    pronoun: bool,
    det: bool,
}

/// The subject of the cue at `toks[cue]`, not reaching before `toks[lo]`.
fn np_before(text: &str, toks: &[Tok], cue: usize, lo: usize) -> Option<Np> {
    let mut j = cue;
    let mut skipped = 0;
    while j > lo && toks[j - 1].word && skipped < 4 && is_skippable(&lower(text, toks[j - 1])) {
        j -= 1;
        skipped += 1;
    }
    if j > lo && toks[j - 1].is(',') {
        // apposition or parenthetical: `Lavrov, for his part, said`
        let mut k = j - 1;
        let mut found = None;
        let mut n = 0;
        while k > lo && n < APPOSITION_MAX_TOKENS {
            k -= 1;
            n += 1;
            let t = toks[k];
            if t.is(',') {
                found = Some(k);
                break;
            }
            if !t.word && !matches!(t.ch, '-' | '(' | ')' | '’' | '\'') {
                break;
            }
        }
        j = found?;
    }
    if j <= lo {
        return None;
    }
    let t = toks[j - 1];
    if !t.word {
        return None;
    }
    let lw = lower(text, t);
    if is_pronoun(&lw) {
        return Some(Np { start: t.start, end: t.end, pronoun: true, det: false });
    }
    if is_function(&lw) || is_det(&lw) || is_soft(&lw) || cue_lemma(&lw).is_some() {
        return None;
    }
    if t.cap() {
        if possessive_len(&text[t.start..t.end]) > 0 {
            return None;
        }
        let mut k = j - 1;
        while k > lo && toks[k - 1].cap() && {
            let w = lower(text, toks[k - 1]);
            !is_det(&w) && !is_function(&w)
        } {
            k -= 1;
        }
        // a determiner, possibly over a few lowercase modifiers:
        // `the state-run Korean Central News Agency`
        let mut det_at = None;
        let mut m = k;
        let mut mods = 0;
        while m > lo && toks[m - 1].word && mods <= 3 {
            let w = lower(text, toks[m - 1]);
            if is_det(&w) {
                det_at = Some(m - 1);
                break;
            }
            if toks[m - 1].cap() || is_function(&w) || is_soft(&w) || cue_lemma(&w).is_some() {
                break;
            }
            m -= 1;
            mods += 1;
        }
        let s = det_at.unwrap_or(k);
        return Some(Np {
            start: toks[s].start,
            end: t.end,
            pronoun: false,
            det: det_at.is_some(),
        });
    }
    // lowercase head: walk back to a determiner
    let mut k = j - 1;
    let mut words = 1;
    let mut soft_at = None;
    let mut det_at = None;
    while k > lo {
        let u = toks[k - 1];
        if !u.word {
            break;
        }
        let w = lower(text, u);
        if is_det(&w) {
            det_at = Some(k - 1);
            break;
        }
        if is_function(&w) || is_pronoun(&w) {
            break;
        }
        if soft_at.is_none() && !u.cap() && (is_soft(&w) || cue_lemma(&w).is_some()) {
            soft_at = Some(k);
        }
        words += 1;
        if words > NP_MAX_WORDS {
            return None;
        }
        k -= 1;
    }
    let start_idx = det_at.or(soft_at).unwrap_or(k);
    if start_idx >= j {
        return None;
    }
    let first = toks[start_idx];
    let ok = det_at.is_some() || first.cap() || is_person_head(&lw) || is_org(&lw);
    ok.then_some(Np { start: first.start, end: t.end, pronoun: false, det: det_at.is_some() })
}

/// A noun phrase starting at `toks[i]` (after a cue or `according to`), and
/// the index after it.
fn np_after(text: &str, toks: &[Tok], i: usize) -> Option<(Np, usize)> {
    let first = *toks.get(i)?;
    if !first.word {
        return None;
    }
    let lw = lower(text, first);
    if is_pronoun(&lw) {
        let np = Np { start: first.start, end: first.end, pronoun: true, det: false };
        return Some((np, i + 1));
    }
    let mut k = i;
    let mut has_det = false;
    let mut has_poss = false;
    let mut end = None;
    let mut content = 0;
    let mut seen_cap = false;
    if toks[k].cap() && possessive_len(&text[toks[k].start..toks[k].end]) > 0 {
        has_poss = true;
        k += 1;
    }
    if k < toks.len() && toks[k].word && is_det(&lower(text, toks[k])) {
        has_det = true;
        k += 1;
    }
    let mut n = 0;
    while k < toks.len() && n < NP_MAX_WORDS {
        let t = toks[k];
        if !t.word {
            break;
        }
        let w = lower(text, t);
        if t.cap() && !is_det(&w) {
            seen_cap = true;
            content += 1;
            end = Some(k);
        } else if is_det(&w) {
            break;
        } else if (w == "of" || w == "for") && seen_cap && toks.get(k + 1).is_some_and(|u| u.cap())
        {
            // `the Ministry of Foreign Affairs`
        } else if is_function(&w)
            || is_pronoun(&w)
            || is_soft(&w)
            || cue_lemma(&w).is_some()
            || is_skippable(&w)
        {
            break;
        } else if has_det || has_poss || !seen_cap {
            // `the statement`, `senior officials`; not `Moscow respects`
            content += 1;
            end = Some(k);
        } else {
            break;
        }
        k += 1;
        n += 1;
    }
    let end = end?;
    if content == 0 {
        return None;
    }
    if !has_det && !has_poss && !seen_cap {
        let head = lower(text, toks[end]);
        if !is_person_head(&head) && !is_org(&head) {
            return None;
        }
    }
    let np = Np { start: first.start, end: toks[end].end, pronoun: false, det: has_det };
    Some((np, end + 1))
}

fn np_words(text: &str, np: Np) -> Vec<Tok> {
    let mut v = toks(text, np.start, np.end);
    v.retain(|t| t.word);
    v
}

fn classify(text: &str, np: Np) -> Class {
    let words = np_words(text, np);
    let Some(last) = words.last() else {
        return Class::Source;
    };
    let lw = lower(text, *last);
    if np.pronoun {
        return if lw == "it" { Class::Source } else { Class::Person };
    }
    let head = lw[..lw.len() - possessive_len(&lw)].to_string();
    if words.iter().any(|t| is_org(&lower(text, *t)))
        || (words.len() == 1 && is_acronym(&text[last.start..last.end]))
    {
        return Class::Source;
    }
    if is_person_head(&head) {
        return Class::Person;
    }
    if !np.det && words.iter().any(|t| is_title(&lower(text, *t))) {
        // `Russian Foreign Minister Sergey Lavrov`: judge the name part
        if let Some(ns) = name_in(text, &words) {
            let name_words: Vec<Tok> =
                words.iter().copied().filter(|t| t.start >= ns.start).collect();
            if name_words.iter().all(|t| t.cap() && !is_place(&lower(text, *t))) {
                return Class::Person;
            }
        }
    }
    if np.det || words.iter().any(|t| is_place(&lower(text, *t)) || !t.cap()) {
        return Class::Source;
    }
    Class::Person
}

/// The name inside a capitalised noun phrase: titles, leading determiners
/// and places dropped (`Russian Foreign Minister Sergey Lavrov` → `Sergey
/// Lavrov`). `None` when nothing name-like is left.
fn name_in(text: &str, words: &[Tok]) -> Option<Span> {
    let mut a = 0;
    for (k, t) in words.iter().enumerate() {
        let w = lower(text, *t);
        if is_title(&w) || is_det(&w) || !t.cap() {
            a = k + 1;
        }
    }
    while a < words.len() && is_place(&lower(text, words[a])) {
        a += 1;
    }
    if a >= words.len() {
        return None;
    }
    let last = words[words.len() - 1];
    let end = last.end - possessive_len(&text[last.start..last.end]);
    Some(Span::new(words[a].start, end))
}

/// How a noun phrase is written as a speaker: a capitalised determiner that
/// only starts the sentence is lowered (`The joint statement` → `the joint
/// statement`).
fn np_text(text: &str, np: Np) -> String {
    let s = &text[np.start..np.end];
    if np.det {
        let words = np_words(text, np);
        if words.len() >= 2 && words[0].cap() && words[1..].iter().any(|t| !t.cap()) {
            let mut out = s[..words[0].end - np.start].to_lowercase();
            out.push_str(&s[words[0].end - np.start..]);
            return out;
        }
    }
    s.to_string()
}

/// The channel named by a noun phrase: a proper name after a lowercase
/// description (`Russia's state-owned TASS news agency` → `TASS`), otherwise
/// the phrase without a leading possessive (`the Associated Press`,
/// `North Korean state media`).
fn via_of(text: &str, np: Np) -> (String, Span) {
    let words = np_words(text, np);
    let mut a = 0;
    while a + 1 < words.len()
        && words[a].cap()
        && possessive_len(&text[words[a].start..words[a].end]) > 0
    {
        a += 1;
    }
    let rest = &words[a..];
    // a proper name after a lowercase description: `state-owned TASS news
    // agency`, `the state-run Korean Central News Agency` (but `Eastland
    // state media` and `North Korean state media` stay whole)
    let mut best: Option<(usize, usize)> = None;
    let mut described = false;
    let mut k = 0;
    while k < rest.len() {
        let w = lower(text, rest[k]);
        if !rest[k].cap() {
            described |= !is_det(&w) && !is_function(&w);
        } else if described && !is_det(&w) {
            let s = k;
            while k + 1 < rest.len() && rest[k + 1].cap() {
                k += 1;
            }
            let all_place = rest[s..=k].iter().all(|t| is_place(&lower(text, *t)));
            if !all_place && best.is_none_or(|(bs, be)| k - s > be - bs) {
                best = Some((s, k));
            }
        }
        k += 1;
    }
    if let Some((s, e)) = best {
        let span = Span::new(rest[s].start, rest[e].end);
        return (text[span.range()].to_string(), span);
    }
    let start = rest.first().map_or(np.start, |t| t.start);
    let span = Span::new(start, np.end);
    let np2 = Np { start, det: np.det && a == 0, ..np };
    (np_text(text, np2), span)
}

// ---------------------------------------------------------------------------
// Person mentions
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Mention {
    start: usize,
    name: String,
    person: bool,
    subject: bool,
}

#[derive(Clone, Debug)]
struct TitleRec {
    pos: usize,
    words: Vec<String>,
    name: String,
}

/// People mentioned in the document, found in one pass over its words.
#[derive(Default)]
struct Lexicon {
    mentions: Vec<Mention>,
    titles: Vec<TitleRec>,
    known: HashSet<String>,
}

impl Lexicon {
    fn build(text: &str, paras: &[Para], quotes: &[Span]) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut buf = Vec::new();
        let mut qi = 0;
        for p in paras {
            if p.blank || p.excluded {
                continue;
            }
            tokenize(text, p.start, p.end, &mut buf);
            let mut i = 0;
            while i < buf.len() {
                if !buf[i].cap() {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j + 1 < buf.len() && buf[j + 1].cap() {
                    j += 1;
                }
                let pos = buf[i].start;
                while qi < quotes.len() && quotes[qi].end <= pos {
                    qi += 1;
                }
                let inside = quotes.get(qi).is_some_and(|q| q.start <= pos);
                if !inside {
                    lex.run(text, &buf, i, j, p.start);
                }
                i = j + 1;
            }
        }
        lex
    }

    /// Records the capitalised run `toks[i..=j]`.
    fn run(&mut self, text: &str, toks: &[Tok], i: usize, j: usize, para_start: usize) {
        let lw = |k: usize| lower(text, toks[k]);
        let mut a = i;
        while a <= j && is_run_stop(&lw(a)) {
            a += 1;
        }
        if a > j {
            return;
        }
        let mut name_a = a;
        let mut title: Vec<String> = Vec::new();
        for k in a..=j {
            if is_title(&lw(k)) {
                name_a = k + 1;
            }
        }
        if name_a > a {
            title = (a..name_a).map(lw).collect();
        } else if i > 0 && toks[i - 1].word && !toks[i - 1].cap() && is_title(&lw(i - 1)) {
            // `North Korean leader Kim Jong Un`, `island prime minister Aru Tanaka`
            let mut b = i - 1;
            while b > 0 && i - b <= 3 && toks[b - 1].word && {
                let w = lw(b - 1);
                !is_run_stop(&w) && !is_soft(&w) && cue_lemma(&w).is_none()
            } {
                b -= 1;
            }
            title = (b..i).map(lw).collect();
        }
        while name_a <= j && is_place(&lw(name_a)) {
            name_a += 1;
        }
        if name_a > j {
            return;
        }
        let name_toks = &toks[name_a..=j];
        let last = toks[j];
        let poss = possessive_len(&text[last.start..last.end]);
        let name = text[toks[name_a].start..last.end - poss].to_string();
        // what follows: skip a short parenthetical `, for his part,`
        let mut after = j + 1;
        if toks.get(after).is_some_and(|t| t.is(',')) {
            let close = (after + 1..toks.len().min(after + 7)).find(|&k| toks[k].is(','));
            if let Some(c) = close {
                if (after + 1..c).all(|k| toks[k].word) {
                    after = c + 1;
                }
            }
        }
        while toks.get(after).is_some_and(|t| t.word && is_skippable(&lw(after))) {
            after += 1;
        }
        let next = toks.get(after).copied();
        let next_lower = next.filter(|t| t.word && !t.cap()).map(|t| lower(text, t));
        let label = toks[i].start == para_start && toks.get(j + 1).is_some_and(|t| t.is(':'));
        let subject = poss == 0
            && (label || next_lower.as_deref().is_some_and(|w| !is_function(w) && !is_det(w)));
        let cue_adjacent = next_lower.as_deref().is_some_and(|w| cue_lemma(w).is_some())
            || (i > 0 && is_cue(text, toks[i - 1]));
        let appositive = toks.get(j + 1).is_some_and(|t| t.is(','))
            && toks
                .get(j + 2)
                .is_some_and(|t| t.word && matches!(lw(j + 2).as_str(), "a" | "an" | "the"));
        let n = name_toks.len();
        let bad = name_toks.iter().any(|t| {
            let w = lower(text, *t);
            is_place(&w) || is_org(&w) || is_run_stop(&w)
        }) || (n == 1 && is_acronym(&text[name_toks[0].start..name_toks[0].end]));
        let strong = !bad
            && (!title.is_empty()
                || (n >= 2
                    && (appositive
                        || cue_adjacent
                        || label
                        || name_toks.iter().all(|t| self.known.contains(&text[t.start..t.end]))))
                || (n == 1 && (self.known.contains(&name) || cue_adjacent)));
        // a multi-word name as the subject of a clause is taken for a person
        // too, but too weakly to teach its words as surnames
        let person = strong || (!bad && n >= 2 && subject);
        if strong && n >= 2 {
            for t in name_toks {
                let w = &text[t.start..t.end];
                let w = &w[..w.len() - possessive_len(w)];
                self.known.insert(w.to_string());
            }
        }
        if person && !title.is_empty() {
            self.titles.push(TitleRec {
                pos: toks[name_a].start,
                words: title,
                name: name.clone(),
            });
        }
        self.mentions.push(Mention { start: toks[name_a].start, name, person, subject });
    }

    /// The person a title description refers to (`the North Korean leader`).
    fn by_title(&self, words: &[String], pos: usize) -> Option<String> {
        let k = self.titles.partition_point(|t| t.pos < pos);
        self.titles[..k]
            .iter()
            .rev()
            .take(CANDIDATES)
            .find(|t| t.words.ends_with(words) || words.ends_with(&t.words))
            .map(|t| t.name.clone())
    }
}

// ---------------------------------------------------------------------------
// Attribution
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Who {
    Np(Np),
    Given { name: Option<String>, span: Option<Span> },
}

#[derive(Clone, Debug)]
struct Cand {
    who: Who,
    cue: Option<Span>,
    class: Class,
}

impl Cand {
    fn who_name(&self) -> Option<String> {
        match &self.who {
            Who::Given { name, .. } => name.clone(),
            Who::Np(_) => None,
        }
    }

    fn key(&self) -> Option<usize> {
        match &self.who {
            Who::Np(np) => Some(np.start),
            Who::Given { span, .. } => span.map(|s| s.start),
        }
    }
}

#[derive(Default, Debug)]
struct Pre {
    main: Option<Cand>,
    /// A cue without its own subject (`adding`, `to urge`) that takes the
    /// sentence's speaker.
    needs_subject: Option<Span>,
    accs: Vec<Cand>,
}

#[derive(Default, Debug)]
struct Post {
    main: Option<Cand>,
    immediate: bool,
    vias: Vec<Cand>,
}

struct Attributor<'a> {
    text: &'a str,
    paras: &'a [Para],
    prev_nonblank: Vec<Option<usize>>,
    lex: Lexicon,
    /// Resolved person speakers so far: (byte, name).
    events: Vec<(usize, String)>,
}

fn cand(text: &str, np: Np, cue: Option<Span>) -> Cand {
    Cand { who: Who::Np(np), cue, class: classify(text, np) }
}

fn according_at(text: &str, toks: &[Tok], i: usize) -> bool {
    toks[i].word
        && lower(text, toks[i]) == "according"
        && toks.get(i + 1).is_some_and(|u| u.word && lower(text, *u) == "to")
}

/// Words in `pieces`, counting at most `cap` and reading at most
/// [`KIND_SCAN_BYTES`]; a longer quotation counts as `cap` words.
fn count_words(text: &str, pieces: &[Span], cap: usize) -> usize {
    let mut n = 0;
    let mut budget = KIND_SCAN_BYTES;
    for p in pieces {
        let mut in_word = false;
        if p.len() > budget {
            return cap;
        }
        budget -= p.len();
        for c in text[p.range()].chars() {
            let w = c.is_alphanumeric() || (in_word && is_joiner(c));
            if w && !in_word {
                n += 1;
                if n >= cap {
                    return n;
                }
            }
            in_word = w;
        }
    }
    n
}

impl Attributor<'_> {
    fn run(&mut self, qs: &mut [Q]) {
        let tops: Vec<usize> = (0..qs.len()).filter(|&i| qs[i].depth == 0).collect();
        for (n, &qi) in tops.iter().enumerate() {
            let prev = n.checked_sub(1).map(|m| tops[m]);
            let next = tops.get(n + 1).copied();
            self.top(qs, qi, prev, next);
        }
        for qi in 0..qs.len() {
            if qs[qi].depth > 0 {
                self.nested(qs, qi);
            }
        }
    }

    fn analyse_pre(&self, toks: &[Tok]) -> Pre {
        let text = self.text;
        let mut pre = Pre::default();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if !t.word {
                i += 1;
                continue;
            }
            if according_at(text, toks, i) {
                let cue = Span::new(t.start, toks[i + 1].end);
                if let Some((np, after)) = np_after(text, toks, i + 2) {
                    pre.accs.push(cand(text, np, Some(cue)));
                    i = after;
                } else {
                    i += 2;
                }
                continue;
            }
            if pre.main.is_none() && pre.needs_subject.is_none() && is_cue(text, t) {
                if let Some(np) = np_before(text, toks, i, 0) {
                    pre.main = Some(cand(text, np, Some(t.span())));
                    if let Some((v, _)) = self.told_channel(toks, i) {
                        pre.accs.push(v);
                    }
                } else {
                    let lw = lower(text, t);
                    let prev = i.checked_sub(1).map(|k| toks[k]);
                    let prev_w = prev.filter(|p| p.word).map(|p| lower(text, p));
                    let after_to = prev_w.as_deref() == Some("to");
                    let after_det = prev_w.as_deref().is_some_and(is_det);
                    if (lw.ends_with("ing") || after_to) && !after_det {
                        pre.needs_subject = Some(t.span());
                    }
                }
            }
            i += 1;
        }
        pre
    }

    fn analyse_post(&self, toks: &[Tok]) -> Post {
        let text = self.text;
        let mut post = Post::default();
        let mut i = 0;
        while i < toks.len() && !toks[i].word && matches!(toks[i].ch, ',' | ';' | '—' | '–' | '-')
        {
            i += 1;
        }
        let mut rest = i;
        if i < toks.len() && toks[i].word {
            let t = toks[i];
            if according_at(text, toks, i) {
                let cue = Span::new(t.start, toks[i + 1].end);
                if let Some((np, after)) = np_after(text, toks, i + 2) {
                    post.main = Some(cand(text, np, Some(cue)));
                    post.immediate = true;
                    rest = after;
                }
            } else if is_cue(text, t) {
                post.immediate = true;
                rest = i + 1;
                if let Some((np, after)) = np_after(text, toks, i + 1) {
                    post.main = Some(cand(text, np, Some(t.span())));
                    rest = after;
                }
            } else {
                let mut k = i;
                while k < toks.len() && k - i < POST_CUE_SEARCH && toks[k].word {
                    if is_cue(text, toks[k]) {
                        break;
                    }
                    k += 1;
                }
                if k < toks.len() && toks[k].word && is_cue(text, toks[k]) {
                    let np = np_before(text, toks, k, i)
                        .filter(|np| np.start == t.start)
                        .or_else(|| self.np_until(toks, i, k));
                    if let Some(np) = np {
                        post.main = Some(cand(text, np, Some(toks[k].span())));
                        post.immediate = true;
                        rest = k + 1;
                        if let Some((v, after)) = self.told_channel(toks, k) {
                            post.vias.push(v);
                            rest = after;
                        }
                    }
                }
            }
        }
        let mut k = rest;
        while k < toks.len() {
            if according_at(text, toks, k) {
                let cue = Span::new(toks[k].start, toks[k + 1].end);
                if let Some((np, after)) = np_after(text, toks, k + 2) {
                    post.vias.push(cand(text, np, Some(cue)));
                    k = after;
                    continue;
                }
            } else if is_cue(text, toks[k]) {
                if let Some(np) = np_before(text, toks, k, rest) {
                    let c = cand(text, np, Some(toks[k].span()));
                    if c.class == Class::Source && !np.pronoun {
                        post.vias.push(c);
                    }
                }
            } else if toks[k].word
                && lower(text, toks[k]) == "by"
                && k > 0
                && matches!(
                    lower(text, toks[k - 1]).as_str(),
                    "carried" | "quoted" | "cited" | "published" | "released" | "aired"
                )
            {
                // `in remarks carried by TASS`
                if let Some((np, after)) = np_after(text, toks, k + 1) {
                    let c = cand(text, np, Some(toks[k].span()));
                    if c.class == Class::Source {
                        post.vias.push(c);
                        k = after;
                        continue;
                    }
                }
            }
            k += 1;
        }
        post
    }

    /// The words `toks[i..k]` as the subject of the cue at `k` (after a
    /// closing mark: `a spokesperson for the ministry said`), when they
    /// start like a noun phrase.
    fn np_until(&self, toks: &[Tok], i: usize, k: usize) -> Option<Np> {
        let text = self.text;
        let mut e = k;
        while e > i && is_skippable(&lower(text, toks[e - 1])) {
            e -= 1;
        }
        if e <= i {
            return None;
        }
        let first = lower(text, toks[i]);
        let starts = is_det(&first) || toks[i].cap();
        starts.then_some(Np {
            start: toks[i].start,
            end: toks[e - 1].end,
            pronoun: false,
            det: is_det(&first),
        })
    }

    /// The outlet after `told` (`Lavrov told TASS`) as a channel candidate,
    /// and the index after it.
    fn told_channel(&self, toks: &[Tok], cue: usize) -> Option<(Cand, usize)> {
        let text = self.text;
        if cue_lemma(&lower(text, toks[cue])) != Some("tell") {
            return None;
        }
        let (np, after) = np_after(text, toks, cue + 1)?;
        let c = cand(text, np, None);
        (c.class == Class::Source && !np.pronoun).then_some((c, after))
    }

    /// The subject at the start of the sentence `lo..hi`.
    fn sentence_subject(&self, lo: usize, hi: usize) -> Option<Np> {
        let text = self.text;
        let hi = floor_char(text, hi.min(lo + WINDOW / 2));
        let toks = toks(text, lo, hi);
        let mut i = 0;
        let first = toks.first()?;
        if first.word {
            let w = lower(text, *first);
            let intro = is_function(&w)
                || matches!(
                    w.as_str(),
                    "asked" | "speaking" | "commenting" | "meeting" | "according" | "however"
                )
                || (!is_det(&w) && (w.ends_with("ly") || is_soft(&w)));
            if intro {
                i = (0..toks.len().min(25)).find(|&k| toks[k].is(','))? + 1;
            }
        }
        let t = *toks.get(i)?;
        if !t.word {
            return None;
        }
        let w = lower(text, t);
        if is_pronoun(&w) {
            return Some(Np { start: t.start, end: t.end, pronoun: true, det: false });
        }
        if is_det(&w) {
            let mut k = i + 1;
            let mut end = None;
            while k < toks.len() && k - i <= 6 && toks[k].word {
                let u = lower(text, toks[k]);
                if is_function(&u) || is_soft(&u) || cue_lemma(&u).is_some() || is_skippable(&u) {
                    break;
                }
                end = Some(k);
                k += 1;
            }
            // the last word is the head only if a verb-like word follows
            return end.map(|e| Np { start: t.start, end: toks[e].end, pronoun: false, det: true });
        }
        if t.cap() {
            let mut k = i;
            while k + 1 < toks.len() && toks[k + 1].cap() {
                k += 1;
            }
            if possessive_len(&text[toks[k].start..toks[k].end]) > 0 {
                return None;
            }
            return Some(Np { start: t.start, end: toks[k].end, pronoun: false, det: false });
        }
        None
    }

    /// The person a `he`/`she`/`they` at `pos` refers to.
    fn resolve_person(&self, pos: usize) -> Option<(usize, String)> {
        let lo = pos.saturating_sub(PRONOUN_LOOKBACK);
        let mentions = &self.lex.mentions;
        let k = mentions.partition_point(|m| m.start < pos);
        let mut best = mentions[..k]
            .iter()
            .rev()
            .take(CANDIDATES)
            .take_while(|m| m.start >= lo)
            .find(|m| m.person && m.subject)
            .map(|m| (m.start, m.name.clone()));
        if let Some(e) = self
            .events
            .iter()
            .rev()
            .take(CANDIDATES)
            .filter(|e| e.0 < pos)
            .take_while(|e| e.0 >= lo)
            .next()
        {
            if best.as_ref().is_none_or(|b| e.0 > b.0) {
                best = Some(e.clone());
            }
        }
        best
    }

    /// The previous sentence before the one starting at `start` in
    /// paragraph `pi`: (paragraph, start, end).
    fn prev_sentence(&self, pi: usize, start: usize) -> Option<(usize, usize, usize)> {
        let p = self.paras[pi];
        let end = trim_back(self.text, p.start, start);
        if end > p.start {
            let s = sentence_start(self.text, p, before_last_char(self.text, end));
            return Some((pi, s, end));
        }
        let q = self.prev_nonblank[pi]?;
        let qp = self.paras[q];
        if qp.excluded {
            return None;
        }
        let end = trim_back(self.text, qp.start, qp.end);
        let s = sentence_start(self.text, qp, before_last_char(self.text, end));
        Some((q, s, end))
    }

    /// What an `it` at the start of the sentence `sent_start` refers to: the
    /// non-person subject of one of the three previous sentences.
    fn resolve_it(&self, pi: usize, sent_start: usize) -> Option<String> {
        let (mut p, mut s) = (pi, sent_start);
        for _ in 0..3 {
            let (q, qs, qe) = self.prev_sentence(p, s)?;
            if let Some(np) = self.sentence_subject(qs, qe) {
                if !np.pronoun && classify(self.text, np) == Class::Source {
                    return Some(np_text(self.text, np));
                }
            }
            (p, s) = (q, qs);
        }
        None
    }

    /// Speaker name and span for a candidate.
    fn resolve(&self, c: &Cand, pi: usize, sent_start: usize) -> (Option<String>, Option<Span>) {
        let text = self.text;
        let np = match &c.who {
            Who::Given { name, span } => return (name.clone(), *span),
            Who::Np(np) => *np,
        };
        let span = Span::new(np.start, np.end);
        if np.pronoun {
            let w = text[span.range()].to_lowercase();
            let name = match pronoun_base(&w).unwrap_or_default() {
                "he" | "she" | "they" => self.resolve_person(np.start).map(|(_, n)| n),
                "it" => self.resolve_it(pi, sent_start),
                _ => Some(text[span.range()].to_string()),
            };
            return (name, Some(span));
        }
        let words = np_words(text, np);
        let lw: Vec<String> = words.iter().map(|t| lower(text, *t)).collect();
        if np.det && lw.last().is_some_and(|w| is_title(w)) {
            let desc: Vec<String> = lw[1..].to_vec();
            if let Some(name) = self.lex.by_title(&desc, np.start) {
                return (Some(name), Some(span));
            }
        }
        if c.class == Class::Person && !np.det {
            if let Some(ns) = name_in(text, &words) {
                return (Some(text[ns.range()].to_string()), Some(ns));
            }
        }
        (Some(np_text(text, np)), Some(span))
    }

    fn given(&self, q: &Q) -> Option<Cand> {
        let a = &q.attribution;
        a.speaker.as_ref()?;
        Some(Cand {
            who: Who::Given { name: a.speaker.clone(), span: a.speaker_span },
            cue: None,
            class: q.speaker_class.unwrap_or(Class::Person),
        })
    }

    fn top(&mut self, qs: &mut [Q], qi: usize, prev: Option<usize>, next: Option<usize>) {
        let text = self.text;
        let first = qs[qi].raw[0];
        let last = *qs[qi].raw.last().expect("a quotation has a piece");
        let fp = self.paras[first.para];
        let lp = self.paras[last.para];
        let sent_start = sentence_start(text, fp, first.open);
        let prev_same = prev.filter(|&p| {
            let pl = *qs[p].raw.last().expect("piece");
            pl.para == first.para && pl.close_end > sent_start && pl.close_end <= first.open
        });
        let pre_lo = prev_same.map_or(sent_start, |p| qs[p].outer.end.max(sent_start));
        let pre_toks = toks(text, pre_lo, first.open);
        // does the quotation end its sentence?
        let inner_last = trim_back(text, last.inner_start, last.inner_end);
        let ends = text[last.inner_start..inner_last]
            .chars()
            .next_back()
            .filter(|&c| is_terminal(c))
            .and_then(|c| boundary_after(text, inner_last - c.len_utf8(), lp.end))
            .filter(|&b| b >= last.close_end);
        let next_open = next.map(|n| qs[n].raw[0]).filter(|r| r.para == last.para).map(|r| r.open);
        let post_hi = if ends.is_some() {
            last.close_end
        } else {
            let e = sentence_end(text, lp, last.close_end);
            next_open.map_or(e, |o| e.min(o)).max(last.close_end)
        };
        let post_toks = toks(text, last.close_end, post_hi);
        let mut pre = self.analyse_pre(&pre_toks);
        if pre.main.is_none() {
            if let Some(cue) = pre.needs_subject {
                let inherited = prev_same.and_then(|p| self.given(&qs[p])).or_else(|| {
                    self.sentence_subject(sent_start, first.open).map(|np| cand(text, np, None))
                });
                pre.main = inherited.map(|c| Cand { cue: Some(cue), ..c });
            }
        }
        let post = self.analyse_post(&post_toks);

        let words = count_words(text, &qs[qi].pieces, SCARE_MAX_WORDS + 1);
        let pre_words = pre_toks.iter().any(|t| t.word);
        let post_words = post_toks.iter().any(|t| t.word);
        let stands_alone = !pre_words && (!post_words || post.immediate);
        let starts_upper =
            text[qs[qi].pieces[0].range()].chars().next().is_some_and(|c| c.is_uppercase());
        let introduced = starts_upper
            && pre_toks.last().is_some_and(|t| t.is(':') || (t.is(',') && pre.main.is_some()));
        let kind = if words > SCARE_MAX_WORDS || stands_alone || introduced {
            QuoteKind::Full
        } else {
            QuoteKind::Scare
        };
        qs[qi].kind = kind;

        let mains: Vec<&Cand> =
            [post.main.as_ref(), pre.main.as_ref()].into_iter().flatten().collect();
        let accs: Vec<&Cand> = pre.accs.iter().chain(post.vias.iter()).collect();
        let all: Vec<&Cand> = mains.iter().chain(accs.iter()).copied().collect();
        let mut speaker: Option<Cand> =
            all.iter().find(|c| c.class == Class::Person).or(all.first()).map(|c| (*c).clone());
        let via: Option<Cand> = accs
            .iter()
            .chain(mains.iter())
            .find(|c| {
                c.class == Class::Source
                    && speaker.as_ref().is_none_or(|s| s.key() != c.key() || s.key().is_none())
            })
            .map(|c| (*c).clone());

        if speaker.is_none() && kind == QuoteKind::Full {
            // a short attribution in the next sentence: `He said.`
            if let Some(ns) = ends.filter(|&b| b < lp.end) {
                let ne = sentence_end(text, lp, ns);
                let nt = toks(text, ns, ne);
                if nt.iter().filter(|t| t.word).count() <= SHORT_ATTRIBUTION_WORDS {
                    speaker = self.analyse_post(&nt).main;
                }
            }
        }
        if speaker.is_none() && kind == QuoteKind::Full {
            // a bare quotation continues the previous quotation's speaker
            speaker = prev
                .filter(|&p| {
                    let pp = qs[p].raw.last().expect("piece").para;
                    pp == first.para || self.prev_nonblank[first.para] == Some(pp)
                })
                .and_then(|p| self.given(&qs[p]));
        }
        if speaker.is_none() && kind == QuoteKind::Full && !pre_words && !post_words {
            // a whole-sentence quotation after a sentence about a person
            if let Some((q, s, e)) = self.prev_sentence(first.para, sent_start) {
                if let Some(np) = self.sentence_subject(s, e) {
                    let c = cand(text, np, None);
                    if c.class == Class::Person {
                        let (name, _) = self.resolve(&c, q, s);
                        if name.is_some() {
                            speaker = Some(Cand { cue: None, ..c });
                        }
                    }
                }
            }
        }

        let mut att = Attribution::default();
        if let Some(c) = &speaker {
            let (name, span) = self.resolve(c, first.para, sent_start);
            att.speaker = name;
            att.speaker_span = span;
            att.cue_span = c.cue;
            att.cue = c.cue.map(|s| text[s.range()].to_string());
            qs[qi].speaker_class = Some(c.class);
            if c.class == Class::Person {
                if let Some(n) = &att.speaker {
                    let at = span.map_or(qs[qi].outer.start, |s| s.start);
                    let at =
                        if matches!(c.who, Who::Given { .. }) { qs[qi].outer.start } else { at };
                    self.events.push((at, n.clone()));
                }
            }
        }
        if let Some(Cand { who: Who::Np(np), .. }) = &via {
            let (v, vs) = via_of(text, *np);
            att.via = Some(v);
            att.via_span = Some(vs);
        }
        qs[qi].attribution = att;
    }

    fn nested(&mut self, qs: &mut [Q], qi: usize) {
        let text = self.text;
        let Some(parent) = qs[qi].parent else {
            return;
        };
        let first = qs[qi].raw[0];
        let last = *qs[qi].raw.last().expect("piece");
        let Some(pp) = qs[parent]
            .raw
            .iter()
            .find(|r| {
                r.inner_start <= first.open && first.open < r.inner_end.max(r.inner_start + 1)
            })
            .copied()
        else {
            return;
        };
        let para = self.paras[first.para];
        let sent_start = sentence_start(text, para, first.open).max(pp.inner_start);
        let pre_toks = toks(text, sent_start, first.open);
        let post_hi = sentence_end(text, self.paras[last.para], last.close_end)
            .min(pp.inner_end)
            .max(last.close_end);
        let post_toks = toks(text, last.close_end, post_hi);
        let pre = self.analyse_pre(&pre_toks);
        let post = self.analyse_post(&post_toks);
        let words = count_words(text, &qs[qi].pieces, SCARE_MAX_WORDS + 1);
        let pre_words = pre_toks.iter().any(|t| t.word);
        let post_words = post_toks.iter().any(|t| t.word);
        let starts_upper =
            text[qs[qi].pieces[0].range()].chars().next().is_some_and(|c| c.is_uppercase());
        let introduced = starts_upper
            && pre_toks.last().is_some_and(|t| t.is(':') || (t.is(',') && pre.main.is_some()));
        let stands_alone = !pre_words && (!post_words || post.immediate);
        qs[qi].kind = if words > SCARE_MAX_WORDS || stands_alone || introduced {
            QuoteKind::Full
        } else {
            QuoteKind::Scare
        };
        let mut speaker = post
            .main
            .filter(|c| c.class == Class::Person)
            .or(pre.main)
            .or(pre.accs.into_iter().next());
        if let Some(Cand { who: Who::Np(np), cue, .. }) = &speaker {
            // `I`/`we` inside a quotation is the quotation's speaker
            let w = text[np.start..np.end].to_lowercase();
            if np.pronoun && matches!(pronoun_base(&w), Some("i" | "we")) {
                if let Some(given) = self.given(&qs[parent]) {
                    speaker = Some(Cand {
                        cue: *cue,
                        who: Who::Given {
                            name: given.who_name(),
                            span: Some(Span::new(np.start, np.end)),
                        },
                        ..given
                    });
                }
            }
        }
        if let Some(c) = speaker {
            let (name, span) = self.resolve(&c, first.para, sent_start);
            let att = &mut qs[qi].attribution;
            att.speaker = name;
            att.speaker_span = span;
            att.cue_span = c.cue;
            att.cue = c.cue.map(|s| text[s.range()].to_string());
            qs[qi].speaker_class = Some(c.class);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> QuoteScan {
        let doc = Document::new("t", text);
        let out = extract(0, &doc, &Segmentation::default());
        check_invariants(&doc, &out);
        out
    }

    fn check_invariants(doc: &Document, out: &QuoteScan) {
        let t = &doc.text;
        for q in &out.quotes {
            for s in q.pieces.iter().chain([&q.span, &q.outer]) {
                assert!(s.start <= s.end && s.end <= t.len(), "{s:?}");
                assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
                assert_eq!(doc.slice(*s), &t[s.start..s.end]);
            }
            assert!(!q.pieces.is_empty());
            assert!(q.outer.contains(q.span));
            for p in &q.pieces {
                assert!(q.span.contains(*p));
                assert!(!p.is_empty());
            }
            let a = &q.attribution;
            for s in [a.speaker_span, a.cue_span, a.via_span].into_iter().flatten() {
                assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
                assert!(s.end <= t.len());
            }
            if let (Some(c), Some(s)) = (&a.cue, a.cue_span) {
                assert_eq!(c, &t[s.range()]);
            }
            if let (Some(v), Some(s)) = (&a.via, a.via_span) {
                assert_eq!(v.to_lowercase(), t[s.range()].to_lowercase());
            }
        }
        for w in &out.warnings {
            assert!(w.offset <= t.len());
        }
    }

    fn texts<'a>(text: &'a str, out: &QuoteScan) -> Vec<&'a str> {
        out.quotes.iter().map(|q| &text[q.span.range()]).collect()
    }

    fn speaker(q: &Quotation) -> Option<&str> {
        q.attribution.speaker.as_deref()
    }

    #[test]
    fn curly_double_quotes_with_cue_before() {
        let t = "Ivanova said: “The bridge opens on Monday.”";
        let out = scan(t);
        assert_eq!(texts(t, &out), ["The bridge opens on Monday."]);
        let q = &out.quotes[0];
        assert_eq!(q.kind, QuoteKind::Full);
        assert_eq!(q.depth, 0);
        assert_eq!(speaker(q), Some("Ivanova"));
        assert_eq!(q.attribution.cue.as_deref(), Some("said"));
        assert_eq!(&t[q.outer.range()], "“The bridge opens on Monday.”");
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn straight_quotes_take_their_direction_from_context() {
        let t = "The mayor called it \"a small step\" on Friday. \"We will finish the road by May,\" Jonas Berg said.";
        let out = scan(t);
        assert_eq!(texts(t, &out), ["a small step", "We will finish the road by May"]);
        assert_eq!(out.quotes[0].kind, QuoteKind::Scare);
        assert_eq!(out.quotes[1].kind, QuoteKind::Full);
        assert_eq!(speaker(&out.quotes[1]), Some("Jonas Berg"));
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }

    #[test]
    fn apostrophes_are_not_single_quotes() {
        let t = "The People’s Council’s chair said: “I’m told the farmers’ union calls it the ‘final offer’ and we’ll see.”";
        let out = scan(t);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!(
            texts(t, &out),
            [
                "I’m told the farmers’ union calls it the ‘final offer’ and we’ll see.",
                "final offer"
            ]
        );
        assert_eq!(out.quotes[0].depth, 0);
        assert_eq!(out.quotes[1].depth, 1);
        assert_eq!(out.quotes[1].kind, QuoteKind::Scare);
    }

    #[test]
    fn plural_possessive_inside_single_quotes() {
        let t = "She wrote: “They called it ‘the workers’ plan’ for years.”";
        let out = scan(t);
        assert_eq!(
            texts(t, &out),
            ["They called it ‘the workers’ plan’ for years.", "the workers’ plan"]
        );
    }

    #[test]
    fn guillemets_and_low_high_quotes() {
        let t = "Le ministre a déclaré « nous partirons demain » hier.\nEr sagte „wir kommen morgen“ und ging.";
        let out = scan(t);
        assert_eq!(texts(t, &out), ["nous partirons demain", "wir kommen morgen"]);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }

    #[test]
    fn nested_double_inside_guillemets() {
        let t = "«Il a répété “jamais” deux fois», a dit Marie.";
        let out = scan(t);
        assert_eq!(texts(t, &out), ["Il a répété “jamais” deux fois", "jamais"]);
        assert_eq!(out.quotes[1].depth, 1);
        assert!(out.quotes[0].outer.contains(out.quotes[1].outer));
    }

    #[test]
    fn multi_sentence_quote_with_late_attribution() {
        let t = "Nobody expected it. “The harbour was empty. The boats had left at dawn. Nobody knew why,” Petra Holm said, according to the Coastal Gazette.";
        let out = scan(t);
        assert_eq!(out.quotes.len(), 1);
        let q = &out.quotes[0];
        assert_eq!(
            &t[q.span.range()],
            "The harbour was empty. The boats had left at dawn. Nobody knew why"
        );
        assert_eq!(speaker(q), Some("Petra Holm"));
        assert_eq!(q.attribution.cue.as_deref(), Some("said"));
        assert_eq!(q.attribution.via.as_deref(), Some("the Coastal Gazette"));
    }

    #[test]
    fn continuing_paragraph_quote() {
        let t = "Anton Weber spoke at length.\n“The first part of the plan is finished.\n\n“The second part starts next spring,” he said.\nLater paragraph.";
        let out = scan(t);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert_eq!(out.quotes.len(), 1);
        let q = &out.quotes[0];
        assert_eq!(q.pieces.len(), 2);
        assert_eq!(&t[q.pieces[0].range()], "The first part of the plan is finished.");
        assert_eq!(&t[q.pieces[1].range()], "The second part starts next spring");
        assert_eq!(q.span, Span::new(q.pieces[0].start, q.pieces[1].end));
        assert!(t[q.outer.range()].starts_with('“') && t[q.outer.range()].ends_with('”'));
        assert_eq!(speaker(q), Some("Anton Weber"));
        assert_eq!(&t[q.attribution.speaker_span.unwrap().range()], "he");
    }

    #[test]
    fn scare_quotes_and_short_full_quotes() {
        let t = "The agency said the deal “respects” both sides. “Yes,” he said. Tomas Lind answered: “Never.” Critics judged it by its “deeds, not words,” and left.";
        let out = scan(t);
        let kinds: Vec<QuoteKind> = out.quotes.iter().map(|q| q.kind).collect();
        assert_eq!(texts(t, &out), ["respects", "Yes", "Never.", "deeds, not words"]);
        assert_eq!(kinds, [QuoteKind::Scare, QuoteKind::Full, QuoteKind::Full, QuoteKind::Scare]);
        assert_eq!(speaker(&out.quotes[0]), Some("the agency"));
        assert_eq!(speaker(&out.quotes[2]), Some("Tomas Lind"));
    }

    #[test]
    fn unbalanced_open_warns_and_the_rest_is_processed() {
        let t = "He said “this never ends\nAnother paragraph with “a proper quote” in it.";
        let out = scan(t);
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        assert_eq!(out.warnings[0].offset, t.find('“').unwrap());
        assert!(out.warnings[0].message.contains("unclosed “ opened at byte"));
        assert_eq!(texts(t, &out), ["this never ends", "a proper quote"]);
    }

    #[test]
    fn stray_close_warns_and_is_ignored() {
        let t = "A stray” mark here, then “a good one” follows.";
        let out = scan(t);
        assert_eq!(out.warnings.len(), 1);
        assert_eq!(out.warnings[0].offset, t.find('”').unwrap());
        assert!(out.warnings[0].message.contains("stray ”"));
        assert_eq!(texts(t, &out), ["a good one"]);
    }

    #[test]
    fn pronoun_resolves_to_the_nearest_named_subject() {
        let t = "Maria Santos opened the session. Later Judge Ruth Okafor met Paul Dunn in the hall.\nOkafor described the ruling to Dunn.\n“The court has spoken and the matter is closed,” she said.";
        let out = scan(t);
        let q = &out.quotes[0];
        assert_eq!(speaker(q), Some("Okafor"));
        assert_eq!(&t[q.attribution.speaker_span.unwrap().range()], "she");
        assert_eq!(q.attribution.cue.as_deref(), Some("said"));
    }

    #[test]
    fn pronoun_prefers_the_last_speaker_over_objects() {
        let t = "“We have a deal,” Minister Lena Sorensen said.\nThe talks included Ben Achebe and Carla Ruiz.\n“We will sign it next week,” she said.";
        let out = scan(t);
        assert_eq!(speaker(&out.quotes[0]), Some("Lena Sorensen"));
        assert_eq!(speaker(&out.quotes[1]), Some("Lena Sorensen"));
    }

    #[test]
    fn according_to_is_via_when_a_person_speaks() {
        let t =
            "Viktor Hale warned: “The river will rise tonight,” according to the Northern Courier.";
        let out = scan(t);
        let a = &out.quotes[0].attribution;
        assert_eq!(a.speaker.as_deref(), Some("Viktor Hale"));
        assert_eq!(a.cue.as_deref(), Some("warned"));
        assert_eq!(a.via.as_deref(), Some("the Northern Courier"));
        let t2 = "“Prices will fall in the spring,” the trade minister said, according to Lakeside's state-run ZNA news agency.";
        let out2 = scan(t2);
        assert_eq!(out2.quotes[0].attribution.via.as_deref(), Some("ZNA"));
    }

    #[test]
    fn agency_or_statement_as_speaker() {
        let t = "“The talks were frank and useful for both sides,” the state news agency said.\nThe joint statement praised the outcome. It said the parties would “deepen cooperation in every field.”";
        let out = scan(t);
        let a = &out.quotes[0].attribution;
        assert_eq!(a.speaker.as_deref(), Some("the state news agency"));
        assert_eq!(a.via, None);
        assert_eq!(speaker(&out.quotes[1]), Some("the joint statement"));
        let t2 = "Ines Marek said \"the plan works for everyone involved,\" the report said.";
        let out2 = scan(t2);
        let a2 = &out2.quotes[0].attribution;
        assert_eq!(a2.speaker.as_deref(), Some("Ines Marek"));
        assert_eq!(a2.via.as_deref(), Some("the report"));
    }

    #[test]
    fn attribution_in_the_next_or_previous_sentence() {
        let t = "“We will not sign this agreement.” Rita Moll said it twice.";
        let out = scan(t);
        assert_eq!(speaker(&out.quotes[0]), Some("Rita Moll"));
        assert_eq!(out.quotes[0].attribution.cue.as_deref(), Some("said"));
        let t2 = "Mirela Dan was blunt about the plan. “This will not work.”";
        let out2 = scan(t2);
        assert_eq!(speaker(&out2.quotes[0]), Some("Mirela Dan"));
        assert_eq!(out2.quotes[0].attribution.cue, None);
        assert_eq!(out2.quotes[0].kind, QuoteKind::Full);
    }

    #[test]
    fn channels_after_told_and_carried_by() {
        let t = "“We will keep the border open,” Ivo Rask told the Harbor Times.";
        let a = &scan(t).quotes[0].attribution;
        assert_eq!(a.speaker.as_deref(), Some("Ivo Rask"));
        assert_eq!(a.cue.as_deref(), Some("told"));
        assert_eq!(a.via.as_deref(), Some("the Harbor Times"));
        let t2 = "“Talks will resume in May,” a spokesperson for the ministry said in remarks carried by KNX.";
        let a2 = &scan(t2).quotes[0].attribution;
        assert_eq!(a2.speaker.as_deref(), Some("a spokesperson for the ministry"));
        assert_eq!(a2.via.as_deref(), Some("KNX"));
        let t3 = "“The vote was fair,” Emil Sand said, Radio Vesta reported.";
        let a3 = &scan(t3).quotes[0].attribution;
        assert_eq!(a3.speaker.as_deref(), Some("Emil Sand"));
        assert_eq!(a3.via.as_deref(), Some("Radio Vesta"));
    }

    #[test]
    fn uses_segmenter_paragraphs_when_given() {
        use crate::model::{BlockKind, Paragraph};
        let t = "Lea Stein said: “first part\n“second part,” and left.";
        let nl = t.find('\n').unwrap();
        let para = |start, end| Paragraph {
            span: Span::new(start, end),
            kind: BlockKind::Body,
            label: None,
            speaker: None,
            excluded: false,
        };
        let seg = Segmentation {
            paragraphs: vec![para(0, nl), para(nl + 1, t.len())],
            ..Segmentation::default()
        };
        let doc = Document::new("s", t);
        let out = extract(0, &doc, &seg);
        check_invariants(&doc, &out);
        assert_eq!(out, scan(t));
        assert_eq!(out.quotes.len(), 1);
        assert_eq!(out.quotes[0].pieces.len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_stay_valid(
            s in "[a-zA-Z 가나😀é“”\"‘’«»„.,!?:;()\n\r—-]{0,160}",
            cut in 0usize..200,
        ) {
            let mut doc = Document::new("p", s.clone());
            let a = floor_char(&s, cut.min(s.len()));
            doc.excluded = vec![Span::new(a, s.len())];
            for d in [Document::new("p", s.clone()), doc] {
                let out = extract(3, &d, &Segmentation::default());
                check_invariants(&d, &out);
                for q in &out.quotes {
                    proptest::prop_assert_eq!(q.doc, 3);
                }
            }
        }
    }

    #[test]
    fn nested_quote_cued_by_first_person_is_the_outer_speaker() {
        let t =
            "“I’ve told them twice that we are not ‘going it alone’,” said one senior official.";
        let out = scan(t);
        assert_eq!(speaker(&out.quotes[0]), Some("one senior official"));
        let inner = &out.quotes[1];
        assert_eq!(&t[inner.span.range()], "going it alone");
        assert_eq!(inner.depth, 1);
        assert_eq!(speaker(inner), Some("one senior official"));
        assert_eq!(&t[inner.attribution.speaker_span.unwrap().range()], "I’ve");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_word_soup(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "said", "told", "according", "to", "he", "she", "it", "they", "I’ve",
                    "the", "a", "Lavrov", "Sergey", "Kim", "Jong", "Un", "Minister", "leader",
                    "North", "Korean", "TASS", "news", "agency", "statement", ",", ".", ":",
                    "“", "”", "\"", "‘", "’", "«", "»", "adding", "by", "carried", "of",
                    "Mr.", "U.S.", "…", "\n", "\n\n", "—", "(", ")", "’s", "s’", "한국",
                ]),
                0..80,
            ),
            glue in proptest::collection::vec(proptest::bool::ANY, 80),
        ) {
            let mut s = String::new();
            for (w, g) in words.iter().zip(glue.iter()) {
                if *g {
                    s.push(' ');
                }
                s.push_str(w);
            }
            let d = Document::new("w", s);
            let out = extract(0, &d, &Segmentation::default());
            check_invariants(&d, &out);
        }
    }

    #[test]
    fn outlets_reporting_are_channels() {
        let t = "“The visit was a success,” Oda Lin said, Eastland state media reported.\n“Both sides agreed,” the envoy said, RIA Novosti reported.";
        let out = scan(t);
        let a = &out.quotes[0].attribution;
        assert_eq!(a.speaker.as_deref(), Some("Oda Lin"));
        assert_eq!(a.via.as_deref(), Some("Eastland state media"));
        assert_eq!(&t[a.via_span.unwrap().range()], "Eastland state media");
        assert_eq!(out.quotes[1].attribution.via.as_deref(), Some("RIA Novosti"));
    }

    #[test]
    fn inverted_cue_and_bare_follow_up_paragraph() {
        let t = "“Markets will adjust within a year,” said Hugo Brandt, an economist at a local bank. “Nobody should panic about this.”\n“Rates are a separate question entirely.”";
        let out = scan(t);
        let speakers: Vec<Option<&str>> = out.quotes.iter().map(speaker).collect();
        assert_eq!(speakers, [Some("Hugo Brandt"), Some("Hugo Brandt"), Some("Hugo Brandt")]);
    }

    #[test]
    fn participle_cue_takes_the_sentence_speaker() {
        let t = "Clara Voss told Ben, “I expected more from this visit,” adding, “You are welcome anyway.”";
        let out = scan(t);
        assert_eq!(speaker(&out.quotes[0]), Some("Clara Voss"));
        assert_eq!(speaker(&out.quotes[1]), Some("Clara Voss"));
        assert_eq!(out.quotes[1].attribution.cue.as_deref(), Some("adding"));
    }

    #[test]
    fn title_description_resolves_to_the_titled_person() {
        let t = "Island prime minister Aru Tanaka visited the port.\nThe island prime minister pledged to support “reforms” there.";
        let out = scan(t);
        assert_eq!(speaker(&out.quotes[0]), Some("Aru Tanaka"));
    }

    #[test]
    fn spans_on_char_boundaries_in_multilingual_text() {
        let t = "서울에서 김 위원장은 “안녕하세요 😀 세계” 라고 말했다.\n\u{FEFF}Она сказала «привет, мир 🎉» и ушла. “Émoji 🎉 ‘inside’ too,” Zoë Ørsted said.\r\nОн: \"тест\" 終わり “未完\n";
        let doc = Document::new("m", t);
        let out = extract(0, &doc, &Segmentation::default());
        check_invariants(&doc, &out);
        let got = texts(t, &out);
        assert!(got.contains(&"안녕하세요 😀 세계"));
        assert!(got.contains(&"привет, мир 🎉"));
        assert!(got.contains(&"inside"));
        assert!(got.contains(&"тест"));
        assert!(got.contains(&"未完"));
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn excluded_regions_are_skipped() {
        let t = "Body “kept quote” here.\nMenu “dropped quote” here.";
        let mut doc = Document::new("x", t);
        let second = t.find('\n').unwrap() + 1;
        doc.excluded = vec![Span::new(second, t.len())];
        let out = extract(0, &doc, &Segmentation::default());
        assert_eq!(texts(t, &out), ["kept quote"]);
    }

    #[test]
    fn many_quote_marks_complete() {
        let mut t = String::new();
        for i in 0..25_000 {
            t.push_str(if i % 2 == 0 { "“a” " } else { "\"b\" " });
        }
        t.push('\n');
        for _ in 0..100_000 {
            t.push('“');
        }
        t.push('\n');
        for _ in 0..50_000 {
            t.push_str("” «");
        }
        t.push('\n');
        for _ in 0..100_000 {
            t.push_str("x\" ");
        }
        let out = scan(&t);
        assert!(out.quotes.len() >= 50_000);
        assert!(!out.warnings.is_empty());
    }

    #[test]
    fn long_line_completes() {
        let mut t = String::from("Ada Lund said: “");
        for _ in 0..500_000 {
            t.push_str("word ");
        }
        t.push_str("end.” Then “short” and “more” quotes. ");
        for _ in 0..200_000 {
            t.push_str("He said. ");
        }
        let out = scan(&t);
        assert_eq!(out.quotes.len(), 3);
        assert_eq!(speaker(&out.quotes[0]), Some("Ada Lund"));
    }

    #[test]
    fn warnings_are_capped_with_a_count() {
        let t = "” ".repeat(MAX_WARNINGS + 30);
        let out = scan(&t);
        assert_eq!(out.warnings.len(), MAX_WARNINGS + 1);
        let last = &out.warnings[MAX_WARNINGS];
        assert_eq!(last.offset, MAX_WARNINGS * "” ".len());
        assert_eq!(
            last.message,
            format!(
                "30 more warnings about quotation marks from byte {} on are not shown",
                last.offset
            )
        );
        let t = "” ".repeat(MAX_WARNINGS);
        assert_eq!(scan(&t).warnings.len(), MAX_WARNINGS);
    }

    #[test]
    fn overlapping_finds_every_quotation_a_span_touches() {
        let t = "A “one ‘two’ «three» one” b “four” c. «five „six“» d\n“seven\n“eight” e";
        let out = scan(t);
        assert!(out.quotes.len() >= 7, "{:?}", texts(t, &out));
        for start in 0..=t.len() {
            for end in start..=(start + 12).min(t.len()) {
                let span = Span::new(start, end);
                let range = overlapping(&out.quotes, span);
                for (i, q) in out.quotes.iter().enumerate() {
                    let touches = if span.is_empty() {
                        q.outer.start <= start && start < q.outer.end
                    } else {
                        q.outer.overlap(span) > 0
                    };
                    if touches {
                        assert!(range.contains(&i), "{span}: {:?} not in {range:?}", q.outer);
                    }
                }
            }
        }
        assert_eq!(overlapping(&out.quotes, Span::new(0, 1)), 0..0);
        assert_eq!(overlapping(&[], Span::new(0, 10)), 0..0);
    }

    #[test]
    fn cue_list_is_lowercase() {
        for (lemma, forms) in CUE_VERBS {
            assert_eq!(lemma.to_lowercase(), *lemma);
            for f in *forms {
                assert_eq!(f.to_lowercase(), *f);
            }
        }
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn it_resolves_to_a_previous_non_person_subject() {
        // closed by a straight mark, cue in the next paragraph's first sentence
        let t = "The joint communique underscored the importance of the treaty.\nIt said both sides reaffirmed their intent to further “coordinate the common stand while heightening vigilance.\"";
        let out = scan(t);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let a = &out.quotes[0].attribution;
        assert_eq!(a.speaker.as_deref(), Some("the joint communique"));
        assert_eq!(&t[a.speaker_span.unwrap().range()], "It");
        assert_eq!(a.cue.as_deref(), Some("said"));
    }
}
