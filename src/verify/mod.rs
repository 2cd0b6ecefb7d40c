//! Quote fidelity: every quotation is checked against its source and gets a
//! verdict.
//!
//! [`verify`] takes the quotations that `quote` extracted (nested ones too)
//! and, for each, finds the source passage it renders and compares the words.
//! It reuses the aligner's machinery: word weights ([`align::Weights`]), the
//! lexicon and its synonym credit, the candidate index ([`crate::index::Index`] over
//! [`align::sentence_keys`]), [`align::align_pair`] to find the sentence a
//! paraphrase carries, and for the diff the pipeline's typed edits
//! ([`crate::diff::edits`], the alignments' own; any [`Diff`] will do).
//!
//! # Where the source is looked for
//!
//! A quotation in an article is matched against the primary documents; when
//! no primary carries it, against every other document (the JoongAng Daily
//! quoting the KCNA statement). A quotation in a primary is matched against
//! the other primaries only: an article cannot be the source of the record
//! it reports. `refract check` turns the second tier off
//! ([`VerifyConfig::fallback`]): a draft is checked against its sources.
//!
//! A full quotation given to a person by name is looked for only where that
//! person can have said it: in a document with speaker labels (a Q&A
//! transcript), only if the person is one of its speakers, and never in the
//! interviewer's questions; in an article, only if it names the person. So
//! Kim Jong Un's words are not matched with Lavrov's transcript, nor with a
//! statement that never names him, however many words they share.
//!
//! # Verdicts
//!
//! * **verbatim** — the quoted words occur contiguously in the source after
//!   normalisation: the word-diff forms of [`crate::diff`] (folded case,
//!   accents and apostrophes, curly quotes and punctuation ignored, British
//!   spelling made American). Words in square brackets are the writer's and
//!   are skipped; an ellipsis (`…`, `...`) lets the fragments on either side
//!   be found apart, in order.
//! * **close** — every content word of the quotation has a counterpart with
//!   the same key in the source passage, and vice versa: the same stem
//!   (`respect`/`respects`) or the same name under an alias (`North Korea`/
//!   `DPRK`). Only function words ([`crate::normalize::is_stopword`]), word
//!   order and inflection differ: what a second translation changes without
//!   changing what was said.
//! * **altered** — a counterpart exists but content words were substituted,
//!   added or dropped. The [`Change`](crate::model::Change)s list them: content words on either side
//!   that the diff does not pair and that have no same-key counterpart
//!   elsewhere in the other passage (a moved word is not a change), grouped
//!   by diff step — source and quoted words in one step are a substitution
//!   (`clear` → `full`), source words alone are dropped, quoted words alone
//!   added. A content word replaced by function words only (`the DPRK’s` →
//!   `their`) is a substitution too.
//! * **unsourced** — no source passage explains enough of it (below).
//!
//! # Full quotations
//!
//! A quotation is split into its sentences (per paragraph piece, by the
//! segmenter's sentences) and each is matched on its own; the quotation's
//! verdict is the worst of its pieces (verbatim < close < altered <
//! unsourced) and its source the cover of the pieces' sources in one
//! document.
//!
//! For a quoted sentence the index proposes source sentences sharing its
//! keys. Each candidate is scored over the candidate and its
//! [`VerifyConfig::neighbours`] (a quoted sentence that merges two source
//! sentences, "… contemplates using force against North Korea, despite
//! military buildup …"): content terms are matched one to one, heaviest
//! first (equal keys fully, lexicon relations at
//! [`AlignConfig::synonym_credit`](crate::config::AlignConfig::synonym_credit)), and the passage is the run of
//! source terms with the best `matched − penalty × unmatched` weight (the
//! aligner's [`AlignConfig::unmatched_penalty`](crate::config::AlignConfig::unmatched_penalty), at word grain). Its
//! **coverage** is the share of the quoted sentence's content weight that the
//! passage explains. Candidates are ranked by the Dice coefficient of the
//! matched weight (coverage and density together).
//!
//! * A verbatim occurrence in any candidate wins.
//! * Otherwise, when the quotation's previous sentence was sourced, what
//!   follows that source is preferred: a candidate passing
//!   [`VerifyConfig::min_coverage`] in the rest of the same source sentence
//!   ("A, and B." quoted as "A. B."), else the sentence(s) right after it if
//!   they explain at least [`VerifyConfig::min_coverage_next`] with at least
//!   [`AlignConfig::min_matched`](crate::config::AlignConfig::min_matched) matched words: the sentences of a
//!   quotation are consecutive in the speech. (Before the end, a sentence
//!   left unsourced is retried the same way against the sentences right
//!   before its successor's source, and right after its predecessor's.)
//! * Otherwise the best-ranked candidate whose coverage reaches
//!   [`VerifyConfig::min_coverage`]; none: **unsourced**.
//!
//! The passage is then widened at each edge: to the source clause's edge
//! where the quoted sentence starts (a capital) or ends (punctuation), since
//! a whole quoted sentence renders a whole clause; elsewhere by as many words
//! as the quotation has before its first matched word (after its last), so
//! that an edge substitution (`clear` → `full`) is shown as one.
//!
//! # Scare quotes
//!
//! A scare quote is a few words inside the writer's paraphrase, so it is
//! checked word for word in the passage that the sentence around it
//! paraphrases: the source sentences that [`align::align_pair`] matches with
//! the whole host sentence at [`VerifyConfig::min_scare_score`] or more and
//! that share a word (or a lexicon relation) with the quotation's phrase —
//! its words and [`SCARE_CONTEXT`](scare::SCARE_CONTEXT) tokens on each side. In each such
//! sentence: the quoted words contiguous → **verbatim**; every quoted word's
//! stem (or alias) present → **close**; otherwise **altered**. The best
//! verdict wins (then the sentence holding more of the quoted words, then
//! the higher score); no such sentence → **unsourced**. An altered scare
//! quote's source is the whole source sentence; its diff is the part of the
//! diff between that sentence and the host passage that holds the quoted
//! words.
//!
//! # Thresholds, measured on the seed corpus
//!
//! * [`VerifyConfig::min_coverage`] = 0.4. The quoted sentences that are
//!   translation variants of a transcript sentence are explained at 0.47
//!   ("These actions remain in the same state …", "further intensify the
//!   strategic … cooperation") to 1.0; the best candidate of a sentence found
//!   in no transcript explains at most 0.33 (Kim's "make a positive
//!   contribution to ensuring peace and security …", "all unlawful
//!   activities that threaten regional security" 0.32), and "I am sure that
//!   Russian tourists will be increasingly eager to come here" 0.30. 0.4
//!   lies in the gap.
//! * [`VerifyConfig::min_coverage_next`] = 0.2, half of it: position vouches
//!   for the sentence that continues a sourced one. The wire's "When and
//!   where exactly, this will be coordinated between President Vladimir Putin
//!   of Russia and Chairman Kim Jong Un of the State Affairs Commission of
//!   North Korea" expands both titles of "The time and venue will be agreed
//!   upon directly between President Putin and Chairman Kim Jong-un" and is
//!   explained at 0.28, while other transcript sentences naming both leaders
//!   explain 0.6 of it.
//! * [`VerifyConfig::min_scare_score`] = 0.16, the aligner's own
//!   [`AlignConfig::min_score`](crate::config::AlignConfig::min_score) for attributed paraphrases (the
//!   weakest required paraphrase of the development gold scores 0.19): a
//!   scare quote sits in a paraphrase, and paraphrases score low. The news
//!   sentence around “unconditional” matches the transcript's "Our Korean
//!   friends reaffirmed their clear support …" at 0.28; were it missed, the
//!   word would be found in another outlet's sentence and wrongly pass as
//!   verbatim.
//! * [`SCARE_CONTEXT`](scare::SCARE_CONTEXT) = 4 tokens: the phrase of a scare quote ("readiness
//!   to support “measures” taken by Moscow") must share a word with the
//!   source sentence; a sentence that matches other words of the host
//!   (0.22 for "The occasion for the next exchange will be determined by the
//!   two leaders") is about something else.
//! * [`VerifyConfig::neighbours`] = 1: a quoted sentence merges at most two
//!   source sentences in practice; more would let a passage wander.
//!
//! Output is deterministic: checks run in parallel but are collected in
//! order and sorted by document and position, and every choice breaks ties
//! by position.

use std::ops::Range;

use rayon::prelude::*;

use crate::align::{self, Context};
use crate::config::{IndexConfig, VerifyConfig};
use crate::index::Index;
use crate::model::{
    Edit, Key, Passage, PieceCheck, Prepared, QuoteCheck, QuoteKind, Span, Verdict,
};
use crate::normalize::Normalizer;
use crate::segment::chars;
use crate::speaker;

mod full;
mod scare;
#[cfg(test)]
mod tests;

/// The word diff of a source passage and a quoted passage: the pipeline
/// passes the typed edits of `classify`.
pub type Diff<'a> = dyn Fn(Passage, Passage) -> Vec<Edit> + Sync + 'a;

/// Checks every quotation of every document.
///
/// `primary` says which documents are primaries. A quotation in an article
/// is matched against the primaries, then against every other document; a
/// quotation in a primary only against the other primaries (an article
/// cannot be the source of the record it reports).
pub fn verify(
    ctx: &Context<'_>,
    norm: &Normalizer,
    primary: &[bool],
    index: &IndexConfig,
    cfg: &VerifyConfig,
    diff: &Diff<'_>,
) -> Vec<QuoteCheck> {
    let v = Verifier::new(ctx, norm, primary, index, cfg, diff);
    let all: Vec<(usize, usize)> = ctx
        .prepared
        .iter()
        .enumerate()
        .flat_map(|(d, p)| (0..p.quotes.len()).map(move |qi| (d, qi)))
        .collect();
    let mut out: Vec<QuoteCheck> = all.par_iter().map(|&(d, qi)| v.check(d, qi)).collect();
    // (A total order, the quotation's number last: sorted in place on every
    // thread, with no buffer as large as the checks.)
    out.par_sort_unstable_by_key(|c| (c.doc, ctx.prepared[c.doc].quotes[c.quote].span, c.quote));
    out
}

/// What every check reads, computed once per run: build it once, then
/// [`check`](Verifier::check) any quotation.
pub struct Verifier<'c, 'a> {
    ctx: &'c Context<'a>,
    cfg: &'c VerifyConfig,
    primary: &'c [bool],
    index_cfg: &'c IndexConfig,
    /// Sentences of every document, numbered from document 1 (so that a
    /// probe from document 0 sees them all; see `Index::candidates`).
    index: Index,
    /// Diff forms of tokens (folded, American spelling) are computed when
    /// compared, through the normaliser's word cache ([`Verifier::form`]),
    /// not held for every token of the corpus.
    norm: &'c Normalizer,
    /// Per primary, the diff forms of all its tokens, computed the first
    /// time a quotation is looked for verbatim in it ([`Verifier::forms`]):
    /// a transcript is searched by the quotations of every article that
    /// reports it, so its tokens are normalised once, not once per search.
    /// 8 bytes per token of the primaries only.
    primary_forms: Vec<std::sync::OnceLock<Vec<Key>>>,
    /// Per document: name keys of its speakers (empty: no speaker labels).
    speakers: Vec<Vec<Vec<Key>>>,
    /// Per document: every content key, speakers' names included (sorted).
    present: Vec<Vec<Key>>,
    /// Per document, per quotation: name keys of the person it is given to.
    quoted: Vec<Vec<Vec<Key>>>,
    diff: &'c Diff<'c>,
}

/// A tier of documents searched for a quotation's source: the primaries or
/// the other documents, never the quoting document itself.
#[derive(Clone, Copy, Debug)]
struct Tier {
    /// The quoting document.
    doc: usize,
    primary: bool,
}

/// Whether a sentence is spoken by an interviewer ("Question: ...").
fn interviewer(p: &Prepared, sent: usize) -> bool {
    let s = &p.seg.sentences[sent];
    p.seg.paragraphs[s.paragraph].speaker.as_deref().is_some_and(crate::words::is_interviewer)
}

/// Punctuation that ends a quoted sentence's clause: a clause break or a
/// sentence's end.
fn is_clause_break(c: char) -> bool {
    chars::is_clause_break(c) || chars::is_terminator(c)
}

/// A sentence (or the part of one) of a quotation, with the tokens that
/// count: words inside square brackets are the writer's, not the speaker's.
#[derive(Clone, Debug)]
struct Sub {
    span: Span,
    /// Kept token indexes, ascending.
    tokens: Vec<usize>,
    /// Runs of `tokens` between ellipses and bracketed insertions: each must
    /// be contiguous in the source for the quotation to be verbatim.
    frags: Vec<Range<usize>>,
    /// It starts a quoted sentence (a capital).
    opens: bool,
    /// It ends a quoted sentence (punctuation follows the last word).
    closes: bool,
}

/// A quoted term: document term index and weight.
#[derive(Clone, Copy, Debug)]
struct QTerm {
    term: usize,
    weight: f32,
}

/// The source found for a quoted sentence: the candidate, its passage after
/// widening (first and last token), and whether the words are verbatim.
#[derive(Clone, Debug)]
struct Sourced {
    cand: Cand,
    window: (usize, usize),
    verbatim: bool,
}

/// A scored source passage for one quoted sentence.
#[derive(Clone, Debug)]
struct Cand {
    doc: usize,
    /// Source sentence the candidate came from.
    center: usize,
    /// Sentences the passage may span.
    sents: Range<usize>,
    /// First and last token of the passage (inclusive).
    window: (usize, usize),
    /// Matched content terms in the passage.
    matched: usize,
    /// Share of the quotation's weight explained.
    coverage: f32,
    score: f32,
}

/// Words and names of a document's text proper (page chrome excluded),
/// each word of a name phrase on its own too ("Kim" of "Kim Jong Un"), and
/// the keys of `names`. Sorted, not hashed: half the memory, with one set
/// per document of a large corpus.
///
/// A word's key is its token's [`Normalizer::key`]. A token that is a term
/// of its own (not part of an alias phrase) already holds that key in its
/// term ([`Normalizer::terms`] makes it so), so only the tokens of alias
/// phrases are keyed again, not every token of the corpus.
fn present_keys(
    norm: &Normalizer,
    doc: &crate::model::Document,
    p: &Prepared,
    names: &[Vec<Key>],
) -> Vec<Key> {
    let text = &doc.text;
    let mut set: Vec<Key> = Vec::new();
    for (si, s) in p.seg.sentences.iter().enumerate() {
        if s.excluded {
            continue;
        }
        let (a, b) = p.sentence_terms[si];
        set.extend(p.terms[a..b].iter().filter(|t| !t.stop).map(|t| t.key));
        // The sentence's terms from the first that starts at or after its
        // first token, walked with its tokens (a token before that term, or
        // between two, is inside an alias phrase begun earlier).
        let mut terms = p.terms[a..].iter().peekable();
        for i in s.token_range() {
            while terms.next_if(|t| t.first() < i).is_some() {}
            match terms.peek() {
                Some(t) if t.first() == i && !t.alias => set.push(t.key),
                _ => set.push(norm.key(p.seg.tokens[i].span().text(text))),
            }
        }
    }
    set.extend(names.iter().flatten().copied());
    set.sort_unstable();
    set.dedup();
    set.shrink_to_fit();
    set
}

impl<'c, 'a> Verifier<'c, 'a> {
    /// Indexes the sentences of every document of `ctx` for checking.
    pub fn new(
        ctx: &'c Context<'a>,
        norm: &'c Normalizer,
        primary: &'c [bool],
        index_cfg: &'c IndexConfig,
        cfg: &'c VerifyConfig,
        diff: &'c Diff<'c>,
    ) -> Verifier<'c, 'a> {
        let refs = crate::model::alignable_sentences(ctx.prepared);
        // Keys computed on demand (twice), not held: a list of every
        // sentence's keys would take 16 bytes per key and concept of the
        // corpus.
        let keys_of = |i: usize| {
            let mut k = align::sentence_keys(ctx, refs[i]);
            k.sentence.doc += 1;
            std::borrow::Cow::Owned(k)
        };
        // Keys held by more sentences than a probe reads
        // (`IndexConfig::max_postings`) are not stored: they are never read,
        // and they hold a large share of the postings.
        let index = Index::build_from(refs.len(), keys_of, index_cfg);
        type PerDoc = (Vec<Vec<Key>>, Vec<Key>, Vec<Vec<Key>>);
        let per_doc: Vec<PerDoc> = ctx
            .prepared
            .par_iter()
            .zip(ctx.docs)
            .map(|(p, doc)| {
                let names: Vec<Vec<Key>> = speaker::speakers(doc, &p.seg)
                    .iter()
                    .map(|n| speaker::name_keys(norm, n))
                    .collect();
                let set = present_keys(norm, doc, p, &names);
                let quoted =
                    p.quotes.iter().map(|q| speaker::quote_speaker_keys(norm, q)).collect();
                (names, set, quoted)
            })
            .collect();
        let mut speakers = Vec::with_capacity(per_doc.len());
        let mut present = Vec::with_capacity(per_doc.len());
        let mut quoted = Vec::with_capacity(per_doc.len());
        for (names, set, q) in per_doc {
            speakers.push(names);
            present.push(set);
            quoted.push(q);
        }
        let primary_forms = primary.iter().map(|_| std::sync::OnceLock::new()).collect();
        Verifier {
            ctx,
            cfg,
            primary,
            index_cfg,
            index,
            norm,
            primary_forms,
            speakers,
            present,
            quoted,
            diff,
        }
    }

    /// The tiers of documents to search: the other primaries,
    /// then (for a quotation in an article, unless `fallback` is off) every
    /// other document.
    fn tiers(&self, doc: usize) -> Vec<Tier> {
        let prim = Tier { doc, primary: true };
        if self.primary[doc] || !self.cfg.fallback {
            return vec![prim];
        }
        vec![prim, Tier { doc, primary: false }]
    }

    /// Whether document `d` is in `tier`.
    fn in_tier(&self, tier: Tier, d: usize) -> bool {
        d != tier.doc && self.primary[d] == tier.primary
    }

    /// Whether `source` can hold the words of a quotation given to the
    /// person with name keys `who`: a document with speaker labels only
    /// holds its speakers' words; an article (not a primary) without labels
    /// must at least name the person.
    fn may_hold(&self, who: &[Key], source: usize) -> bool {
        if who.is_empty() {
            return true;
        }
        let labelled = &self.speakers[source];
        if !labelled.is_empty() {
            return labelled.iter().any(|keys| keys.iter().any(|k| who.contains(k)));
        }
        self.primary[source] || who.iter().any(|k| self.present[source].binary_search(k).is_ok())
    }

    /// Checks quotation `qi` of document `doc`.
    pub fn check(&self, doc: usize, qi: usize) -> QuoteCheck {
        let q = &self.ctx.prepared[doc].quotes[qi];
        let mut pieces = match q.kind {
            QuoteKind::Full => self.check_full(doc, qi, q),
            QuoteKind::Scare => vec![self.check_scare(doc, q)],
        };
        if pieces.is_empty() {
            // No word to check (marks around punctuation, say).
            pieces.push(PieceCheck::unsourced(q.span));
        }
        let verdict = pieces.iter().map(|p| p.verdict).max().unwrap_or(Verdict::Unsourced);
        let first = pieces.iter().find_map(|p| p.source);
        let source = first.map(|f| {
            let span = pieces
                .iter()
                .filter_map(|p| p.source)
                .filter(|s| s.doc == f.doc)
                .fold(f.span, |acc, s| acc.cover(s.span));
            Passage { doc: f.doc, span }
        });
        QuoteCheck { doc, quote: qi, verdict, source, pieces }
    }
}
