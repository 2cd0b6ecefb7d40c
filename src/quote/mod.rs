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

mod attribution;
mod marks;
mod noun_phrases;
mod people;
mod text;
mod tokens;

use crate::model::{DocIdx, Document, Quotation, QuoteKind, Segmentation, Span, Warning};

use attribution::Attributor;
use marks::{build_quotes, Scanner};
use people::People;
use text::{paragraphs, prev_nonblank, Exclusion};

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

/// Finds every quotation in `doc` and who it is attributed to.
pub fn extract(doc_idx: DocIdx, doc: &Document, seg: &Segmentation) -> QuoteScan {
    let text = doc.text.as_str();
    let exclusion = Exclusion::new(doc);
    let paras = paragraphs(text, seg, &exclusion);
    let mut scanner =
        Scanner { doc: doc_idx, text, stack: Vec::new(), raws: Vec::new(), warnings: Vec::new() };
    scanner.scan(&paras);
    let Scanner { raws, mut warnings, .. } = scanner;
    let mut qs = build_quotes(text, raws, &exclusion);
    let tops: Vec<Span> = qs.iter().filter(|q| q.depth == 0).map(|q| q.outer).collect();
    let people = People::build(text, &paras, &tops);
    let mut att = Attributor {
        text,
        paras: &paras,
        prev_nonblank: prev_nonblank(&paras),
        people,
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

/// Whether byte `at` lies between the marks of a quotation of `quotes`
/// (as [`extract`] returns them).
pub fn inside_marks(quotes: &[Quotation], at: usize) -> bool {
    let near = overlapping(quotes, Span::new(at, at));
    quotes[near].iter().any(|q| q.outer.start <= at && at < q.outer.end)
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

#[cfg(test)]
mod tests;
