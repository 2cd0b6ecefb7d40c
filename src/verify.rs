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
//!   added or dropped. The [`Change`]s list them: content words on either side
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
//! [`align::AlignConfig::synonym_credit`]), and the passage is the run of
//! source terms with the best `matched − penalty × unmatched` weight (the
//! aligner's [`align::AlignConfig::unmatched_penalty`], at word grain). Its
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
//!   [`align::AlignConfig::min_matched`] matched words: the sentences of a
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
//! its words and [`SCARE_CONTEXT`] tokens on each side. In each such
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
//!   [`align::AlignConfig::min_score`] for attributed paraphrases (the
//!   weakest required paraphrase of the development gold scores 0.19): a
//!   scare quote sits in a paraphrase, and paraphrases score low. The news
//!   sentence around “unconditional” matches the transcript's "Our Korean
//!   friends reaffirmed their clear support …" at 0.28; were it missed, the
//!   word would be found in another outlet's sentence and wrongly pass as
//!   verbatim.
//! * [`SCARE_CONTEXT`] = 4 tokens: the phrase of a scare quote ("readiness
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
use rustc_hash::FxHashSet;

use crate::align::{self, Context};
use crate::config::{IndexConfig, VerifyConfig};
use crate::index::{Index, SentenceKeys};
use crate::model::{
    Change, ChangeOp, Edit, EditOp, Key, Passage, PieceCheck, Prepared, Quotation, QuoteCheck,
    QuoteKind, SentenceRef, Span, Verdict,
};
use crate::normalize::Normalizer;
use crate::speaker;

/// A change before it is written out: source terms, target terms, and each
/// side as written when it has function words only.
type RawChange = (Vec<usize>, Vec<usize>, Vec<Span>, Vec<Span>);

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
    /// reports it, and normalising its tokens again each time was a sixth
    /// of the checking. 8 bytes per token of the primaries only.
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

/// Indexes of the tokens of `p` lying inside `span`.
fn token_range(p: &Prepared, span: Span) -> Range<usize> {
    let toks = &p.seg.tokens;
    let lo = toks.partition_point(|t| t.span().start < span.start);
    let hi = toks.partition_point(|t| t.span().end <= span.end);
    lo..hi.max(lo)
}

/// Indexes of the terms of `p` whose first token lies in `tokens`.
fn term_range(p: &Prepared, tokens: Range<usize>) -> Range<usize> {
    let a = p.terms.partition_point(|t| t.first() < tokens.start);
    let b = p.terms.partition_point(|t| t.first() < tokens.end);
    a..b.max(a)
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '(' | ')' | '[' | ']' | '\u{2013}' | '\u{2014}' | '?' | '!' | '.' | '…'
    )
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
struct Found {
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
    /// Share of the passage's weight matched.
    density: f32,
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
/// phrases are keyed again: keying every token again took 2% of a run.
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
        // Keys computed on demand (twice): a list of every sentence's keys
        // was the largest allocation of a run (16 bytes per key and concept
        // of the corpus).
        let keys_of = |i: usize| {
            let mut k = align::sentence_keys(ctx, refs[i]);
            k.sentence.doc += 1;
            std::borrow::Cow::Owned(k)
        };
        // Keys held by more sentences than a probe reads
        // (`IndexConfig::max_postings`) are not stored: they were a third of
        // the postings, and never read.
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
        self.explain(doc, qi, &mut |_| {})
    }

    /// [`check`](Verifier::check), reporting the candidates considered to
    /// `explain`, for debugging and calibration.
    pub fn explain(&self, doc: usize, qi: usize, explain: &mut dyn FnMut(String)) -> QuoteCheck {
        let q = &self.ctx.prepared[doc].quotes[qi];
        let mut pieces = match q.kind {
            QuoteKind::Full => self.check_full(doc, qi, q, explain),
            QuoteKind::Scare => vec![self.check_scare(doc, q, explain)],
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

    // -----------------------------------------------------------------------
    // Full quotations
    // -----------------------------------------------------------------------

    /// Splits a quotation into its sentences (per piece), dropping words in
    /// square brackets and cutting fragments at ellipses.
    fn subs(&self, doc: usize, q: &Quotation) -> Vec<(Sub, usize)> {
        let p = &self.ctx.prepared[doc];
        let text = &self.ctx.docs[doc].text;
        let mut out = Vec::new();
        let sentences = &p.seg.sentences;
        for piece in &q.pieces {
            let from = sentences.partition_point(|s| s.span.end <= piece.start);
            for (si, s) in sentences.iter().enumerate().skip(from) {
                if s.span.start >= piece.end {
                    break;
                }
                let part = Span::new(s.span.start.max(piece.start), s.span.end.min(piece.end));
                let range = token_range(p, part);
                if range.is_empty() {
                    continue;
                }
                // Bracketed insertions.
                let mut brackets = Vec::new();
                let mut open = None;
                for (i, c) in text[part.range()].char_indices() {
                    match c {
                        '[' => open = Some(part.start + i),
                        ']' => {
                            if let Some(o) = open.take() {
                                brackets.push(Span::new(o, part.start + i + 1));
                            }
                        }
                        _ => {}
                    }
                }
                let mut tokens = Vec::new();
                let mut frags = Vec::new();
                let mut frag_start = 0;
                let mut prev_end: Option<usize> = None;
                let mut cut = false;
                for t in range.clone() {
                    let ts = p.seg.tokens[t].span();
                    if brackets.iter().any(|b| b.start <= ts.start && ts.start < b.end) {
                        cut = true;
                        continue;
                    }
                    if let Some(pe) = prev_end {
                        let gap = &text[pe..ts.start];
                        if cut || gap.contains('…') || gap.contains("...") {
                            if tokens.len() > frag_start {
                                frags.push(frag_start..tokens.len());
                            }
                            frag_start = tokens.len();
                        }
                    }
                    cut = false;
                    tokens.push(t);
                    prev_end = Some(ts.end);
                }
                if tokens.len() > frag_start {
                    frags.push(frag_start..tokens.len());
                }
                if tokens.is_empty() {
                    continue;
                }
                let toks = &p.seg.tokens;
                let span =
                    Span::new(toks[range.start].span().start, toks[range.end - 1].span().end);
                let opens = text[span.range()].chars().next().is_some_and(char::is_uppercase);
                let next = toks.get(range.end).map_or(text.len(), |t| t.span().start);
                let closes = text[span.end..next]
                    .chars()
                    .any(|c| matches!(c, '.' | '?' | '!' | '…' | ',' | ';' | ':'));
                out.push((Sub { span, tokens, frags, opens, closes }, si));
            }
        }
        out
    }

    fn weight(&self, doc: usize, term: usize) -> f32 {
        self.ctx.weights.weight(&self.ctx.prepared[doc].terms[term])
    }

    /// Content terms of a sub with their weights.
    fn qterms(&self, doc: usize, sub: &Sub) -> Vec<QTerm> {
        let p = &self.ctx.prepared[doc];
        let Some((&first, &last)) = sub.tokens.first().zip(sub.tokens.last()) else {
            return Vec::new();
        };
        term_range(p, first..last + 1)
            .filter(|&i| !p.terms[i].stop && sub.tokens.binary_search(&p.terms[i].first()).is_ok())
            .map(|i| QTerm { term: i, weight: self.weight(doc, i) })
            .filter(|q| q.weight > 0.0)
            .collect()
    }

    /// Candidate source sentences for a probe sentence of `doc`, in the
    /// given documents: (doc, sentence) pairs, sorted.
    fn candidates(&self, probe: SentenceKeys, docs: &dyn Fn(usize) -> bool) -> Vec<(usize, usize)> {
        let probe = SentenceKeys { sentence: SentenceRef { doc: 0, sent: 0 }, ..probe };
        let mut out: Vec<(usize, usize)> = self
            .index
            .candidates(&probe, self.index_cfg)
            .into_iter()
            .map(|(r, _)| (r.doc as usize - 1, r.sent as usize))
            .filter(|&(d, _)| docs(d))
            .collect();
        out.sort_unstable();
        out
    }

    /// Probe keys for a sub: the host sentence's keys without the words of
    /// the host that lie outside the quotation.
    fn probe(&self, doc: usize, host: usize, sub: &Sub) -> SentenceKeys {
        let p = &self.ctx.prepared[doc];
        let r = SentenceRef { doc: doc as u32, sent: host as u32 };
        let mut keys = align::sentence_keys(self.ctx, r);
        let (a, b) = p.sentence_terms[host];
        let inside: FxHashSet<Key> = p.terms[a..b]
            .iter()
            .filter(|t| sub.tokens.binary_search(&t.first()).is_ok())
            .map(|t| t.key)
            .collect();
        let outside: FxHashSet<Key> = p.terms[a..b]
            .iter()
            .filter(|t| sub.tokens.binary_search(&t.first()).is_err())
            .map(|t| t.key)
            .filter(|k| !inside.contains(k))
            .collect();
        keys.keys.retain(|(k, _)| !outside.contains(k));
        // A quotation of one or two words is still looked for wherever its
        // words are: no candidate is held to a second shared term.
        keys.terms.clear();
        keys
    }

    /// The sentences around `center` (within `neighbours`) that a passage
    /// may span: alignable ones, and not the interviewer's when `named` (the
    /// quotation is given to a person by name, who is not the interviewer).
    fn around(&self, sdoc: usize, center: usize, named: bool) -> Range<usize> {
        let sp = &self.ctx.prepared[sdoc];
        let n = sp.seg.sentences.len();
        let ok = |s: usize| sp.alignable(s) && !(named && interviewer(sp, s));
        let mut lo = center;
        while lo > 0 && center - (lo - 1) <= self.cfg.neighbours && ok(lo - 1) {
            lo -= 1;
        }
        let mut hi = center + 1;
        while hi < n && hi - center <= self.cfg.neighbours && ok(hi) {
            hi += 1;
        }
        lo..hi
    }

    /// Scores the best passage within sentences `sents` of `sdoc` for a
    /// quoted sentence: greedy one-to-one matching of content terms (equal
    /// keys fully, lexicon relations at the aligner's synonym credit; ties
    /// go to the sentence nearest `center`), then the run of source terms
    /// with the best `matched − penalty × unmatched` weight (a maximum
    /// subarray, as the aligner grows passages, but at word grain).
    fn score(
        &self,
        doc: usize,
        q: &[QTerm],
        sdoc: usize,
        center: usize,
        sents: Range<usize>,
    ) -> Option<Cand> {
        let sp = &self.ctx.prepared[sdoc];
        // Source content terms in order: (term, weight, sentence).
        let mut st: Vec<(usize, f32, usize)> = Vec::new();
        for s in sents.clone() {
            let (a, b) = sp.sentence_terms[s];
            for t in a..b {
                let w = self.weight(sdoc, t);
                if w > 0.0 {
                    st.push((t, w, s));
                }
            }
        }
        if st.is_empty() || q.is_empty() {
            return None;
        }
        let qp = &self.ctx.prepared[doc];
        let credit = self.ctx.config.synonym_credit;
        let mut pairs: Vec<(usize, usize, f32)> = Vec::new();
        // Each term's concepts looked up once, not once per pair.
        let lexicon = self.ctx.lexicon;
        let concepts: Vec<&[u32]> =
            st.iter().map(|&(t, _, _)| lexicon.concepts(sp.terms[t].key)).collect();
        // A bit per concept (of 64, by a hash): lists whose signatures share
        // no bit share no concept, and most pairs are told apart so, without
        // merging the lists (which was half of this function's time).
        use crate::lexicon::signature;
        let signatures: Vec<u64> = concepts.iter().map(|cs| signature(cs)).collect();
        for (i, qt) in q.iter().enumerate() {
            let kq = qp.terms[qt.term].key;
            let cq = lexicon.concepts(kq);
            let sq = signature(cq);
            for (j, &(t, _, _)) in st.iter().enumerate() {
                let ks = sp.terms[t].key;
                let c = if kq == ks {
                    1.0
                } else if sq & signatures[j] != 0 && crate::lexicon::share(cq, concepts[j]) {
                    credit
                } else {
                    continue;
                };
                pairs.push((i, j, c));
            }
        }
        let dist = |j: usize| st[j].2.abs_diff(center);
        pairs.sort_by(|x, y| {
            (q[y.0].weight * y.2)
                .total_cmp(&(q[x.0].weight * x.2))
                .then(dist(x.1).cmp(&dist(y.1)))
                .then(x.0.cmp(&y.0))
                .then(x.1.cmp(&y.1))
        });
        let mut used_q = vec![false; q.len()];
        // Per source term: matched source weight, matched quote weight.
        let mut ms = vec![0f32; st.len()];
        let mut mq = vec![0f32; st.len()];
        for (i, j, c) in pairs {
            if !used_q[i] && ms[j] == 0.0 {
                used_q[i] = true;
                ms[j] = st[j].1 * c;
                mq[j] = q[i].weight * c;
            }
        }
        let pen = self.ctx.config.unmatched_penalty;
        let mut best = (0f32, usize::MAX, 0usize);
        let (mut cur, mut start) = (0f32, 0usize);
        for j in 0..st.len() {
            let v = ms[j] - pen * (st[j].1 - ms[j]).max(0.0);
            if j == 0 || cur <= 0.0 {
                cur = v;
                start = j;
            } else {
                cur += v;
            }
            if cur > best.0 {
                best = (cur, start, j);
            }
        }
        if best.1 == usize::MAX {
            return None;
        }
        let run = best.1..best.2 + 1;
        let total_q: f32 = q.iter().map(|t| t.weight).sum();
        let matched_q: f32 = mq[run.clone()].iter().sum();
        let total_s: f32 = st[run.clone()].iter().map(|t| t.1).sum();
        let matched_s: f32 = ms[run.clone()].iter().sum();
        let matched = ms[run.clone()].iter().filter(|m| **m > 0.0).count();
        let coverage = matched_q / total_q.max(f32::EPSILON);
        let density = matched_s / total_s.max(f32::EPSILON);
        let score = (matched_q + matched_s) / (total_q + total_s).max(f32::EPSILON);
        let first_tok = sp.terms[st[run.start].0].first();
        let window = (first_tok, sp.terms[st[run.end - 1].0].last());
        Some(Cand { doc: sdoc, center, sents, window, matched, coverage, density, score })
    }

    /// Finds the quoted words contiguously (fragment by fragment, in order)
    /// in sentences `sents` of `sdoc`: the verbatim passage's first and last
    /// token.
    fn verbatim_in(
        &self,
        doc: usize,
        sub: &Sub,
        sdoc: usize,
        sents: Range<usize>,
    ) -> Option<(usize, usize)> {
        let sp = &self.ctx.prepared[sdoc];
        let lo = sp.seg.sentences[sents.start].tokens.0;
        let hi = sp.seg.sentences[sents.end - 1].tokens.1;
        let src = self.forms(sdoc, lo..hi);
        let qf = |t: usize| self.form(doc, t);
        let mut at = 0usize;
        let mut first = None;
        let mut last = 0usize;
        for frag in &sub.frags {
            let words: Vec<Key> = sub.tokens[frag.clone()].iter().map(|&t| qf(t)).collect();
            let found = (at..(src.len() + 1).saturating_sub(words.len()))
                .find(|&k| words.iter().enumerate().all(|(o, w)| src[k + o] == *w))?;
            first.get_or_insert(lo + found);
            last = lo + found + words.len() - 1;
            at = found + words.len();
        }
        first.map(|f| (f, last))
    }

    /// The diff forms of tokens `range` of document `doc`: held once
    /// computed for a primary, computed now for another document.
    fn forms(&self, doc: usize, range: Range<usize>) -> std::borrow::Cow<'_, [Key]> {
        if !self.primary[doc] {
            return range.map(|t| self.form(doc, t)).collect();
        }
        let all = self.primary_forms[doc].get_or_init(|| {
            (0..self.ctx.prepared[doc].seg.tokens.len()).map(|t| self.form(doc, t)).collect()
        });
        std::borrow::Cow::Borrowed(&all[range])
    }

    /// The key of the diff form of token `t` of document `doc`.
    fn form(&self, doc: usize, t: usize) -> Key {
        self.norm
            .diff_key(self.ctx.prepared[doc].seg.tokens[t].span().text(&self.ctx.docs[doc].text))
    }

    /// Index of the sentence of `sdoc` holding token `tok`.
    fn sentence_of(&self, sdoc: usize, tok: usize) -> usize {
        self.ctx.prepared[sdoc].seg.sentences.partition_point(|s| s.tokens.1 <= tok)
    }

    fn explain_cand(&self, c: &Cand, tag: &str, explain: &mut dyn FnMut(String)) {
        let toks = &self.ctx.prepared[c.doc].seg.tokens;
        let w = Span::new(toks[c.window.0].span().start, toks[c.window.1].span().end);
        explain(format!(
            "  {tag} {} s{} matched {} cov {:.2} dens {:.2} score {:.2}: {}",
            self.ctx.docs[c.doc].id,
            c.center,
            c.matched,
            c.coverage,
            c.density,
            c.score,
            one_line(w.text(&self.ctx.docs[c.doc].text))
        ));
    }

    /// The source of one quoted sentence: in the first tier that has one, a
    /// verbatim occurrence; else the sentence that continues the source of
    /// the quotation's previous sentence, when it has enough evidence; else
    /// the best-scoring passage, when it explains enough of the sentence.
    fn find(
        &self,
        doc: usize,
        who: &[Key],
        sub: &Sub,
        host: usize,
        prev: Option<(usize, usize)>,
        explain: &mut dyn FnMut(String),
    ) -> Option<Found> {
        // `prev`: the document and last token of the previous sentence's
        // source.
        let qt = self.qterms(doc, sub);
        let named = !who.is_empty();
        for tier in self.tiers(doc) {
            // Evaluated for the candidates only: a mask over every document
            // per quotation made checking quadratic in the corpus.
            let docs = |d: usize| self.in_tier(tier, d) && self.may_hold(who, d);
            let sents = self.candidates(self.probe(doc, host, sub), &docs);
            let mut cands: Vec<Cand> = sents
                .iter()
                .filter(|&&(d, s)| !(named && interviewer(&self.ctx.prepared[d], s)))
                .filter_map(|&(d, s)| self.score(doc, &qt, d, s, self.around(d, s, named)))
                .collect();
            cands.sort_by(|x, y| {
                y.score.total_cmp(&x.score).then(x.doc.cmp(&y.doc)).then(x.window.cmp(&y.window))
            });
            cands.dedup_by(|x, y| x.doc == y.doc && x.window == y.window);
            for c in cands.iter().take(3) {
                self.explain_cand(c, "cand", explain);
            }
            // A verbatim occurrence in any candidate of the tier wins.
            let verbatim = cands.iter().find_map(|c| {
                self.verbatim_in(doc, sub, c.doc, c.sents.clone()).map(|w| (c.clone(), w))
            });
            if let Some((cand, window)) = verbatim {
                return Some(Found { cand, window, verbatim: true });
            }
            let passing = || cands.iter().filter(|c| c.coverage >= self.cfg.min_coverage);
            if let Some((d, end)) = prev.filter(|&(d, _)| docs(d)) {
                // The rest of the previous source's sentence ("A, and B."
                // quoted as "A. B."), or the sentences right after it.
                let k = self.sentence_of(d, end);
                let next = passing()
                    .find(|c| {
                        c.doc == d && c.window.0 > end && self.sentence_of(d, c.window.0) == k
                    })
                    .cloned()
                    .or_else(|| {
                        self.continuation(doc, &qt, named, d, k + 1..k + 3, k + 1..usize::MAX)
                    });
                if let Some(next) = next {
                    self.explain_cand(&next, "next", explain);
                    let window = self.extend(doc, sub, &qt, &next);
                    return Some(Found { cand: next, window, verbatim: false });
                }
            }
            if let Some(c) = passing().next() {
                let window = self.extend(doc, sub, &qt, c);
                return Some(Found { cand: c.clone(), window, verbatim: false });
            }
        }
        None
    }

    /// The best passage starting in one of the sentences `starts` of `sdoc`
    /// (a quotation's sentence that continues, or precedes, the source of
    /// its neighbour), when it has the evidence such a sentence needs: at
    /// least `min_matched` content words and `min_coverage_next` of the
    /// weight.
    fn continuation(
        &self,
        doc: usize,
        qt: &[QTerm],
        named: bool,
        sdoc: usize,
        starts: Range<usize>,
        limit: Range<usize>,
    ) -> Option<Cand> {
        let sp = &self.ctx.prepared[sdoc];
        let n = sp.seg.sentences.len();
        starts
            .filter(|&s| s < n && sp.alignable(s) && !(named && interviewer(sp, s)))
            .filter_map(|s| {
                let end = (s + 1 + self.cfg.neighbours).min(limit.end).min(n);
                let run = (s..end)
                    .take_while(|&x| sp.alignable(x) && !(named && interviewer(sp, x)))
                    .count();
                self.score(doc, qt, sdoc, s, s..s + run)
            })
            .filter(|c| {
                c.matched >= self.ctx.config.min_matched && c.coverage >= self.cfg.min_coverage_next
            })
            .max_by(|x, y| x.score.total_cmp(&y.score).then(y.center.cmp(&x.center)))
    }

    fn check_full(
        &self,
        doc: usize,
        qi: usize,
        q: &Quotation,
        explain: &mut dyn FnMut(String),
    ) -> Vec<PieceCheck> {
        let who = &self.quoted[doc][qi];
        let subs = self.subs(doc, q);
        let text = &self.ctx.docs[doc].text;
        let mut found: Vec<Option<Found>> = Vec::with_capacity(subs.len());
        for (i, (sub, host)) in subs.iter().enumerate() {
            explain(format!("piece {}: {}", sub.span, one_line(sub.span.text(text))));
            let prev =
                i.checked_sub(1).and_then(|j| found[j].as_ref()).map(|f| (f.cand.doc, f.window.1));
            found.push(self.find(doc, who, sub, *host, prev, explain));
        }
        // A sentence left without a source may precede (or follow) the
        // source of its matched neighbour.
        loop {
            let mut changed = false;
            for i in 0..subs.len() {
                if found[i].is_some() {
                    continue;
                }
                let qt = self.qterms(doc, &subs[i].0);
                let before = i.checked_sub(1).and_then(|j| found[j].as_ref()).map(|f| {
                    let k = self.sentence_of(f.cand.doc, f.window.1);
                    (f.cand.doc, k + 1..k + 3, k + 1..usize::MAX)
                });
                let after = found.get(i + 1).and_then(Option::as_ref).map(|f| {
                    let k = self.sentence_of(f.cand.doc, f.window.0);
                    (f.cand.doc, k.saturating_sub(2)..k, 0..k)
                });
                let next = [before, after].into_iter().flatten().find_map(|(d, r, limit)| {
                    if !self.may_hold(who, d) {
                        return None;
                    }
                    self.continuation(doc, &qt, !who.is_empty(), d, r, limit)
                });
                if let Some(c) = next {
                    self.explain_cand(&c, "neighbour", explain);
                    let window = self.extend(doc, &subs[i].0, &qt, &c);
                    found[i] = Some(Found { cand: c, window, verbatim: false });
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        subs.iter()
            .zip(found)
            .map(|((sub, _), f)| match f {
                None => PieceCheck::unsourced(sub.span),
                Some(f) => {
                    let toks = &self.ctx.prepared[f.cand.doc].seg.tokens;
                    let span =
                        Span::new(toks[f.window.0].span().start, toks[f.window.1].span().end);
                    let source = Passage { doc: f.cand.doc, span };
                    let score = if f.verbatim { 1.0 } else { f.cand.coverage as f64 };
                    self.piece(doc, sub, source, f.verbatim, score)
                }
            })
            .collect()
    }

    /// Widens a candidate's passage at each edge. Where the quoted sentence
    /// starts (ends) a sentence, to the start (end) of the source clause:
    /// the quotation renders the whole clause. Elsewhere over as many words
    /// as the quotation has before its first (after its last) matched word:
    /// a substituted first or last word belongs to the passage.
    fn extend(&self, doc: usize, sub: &Sub, qt: &[QTerm], c: &Cand) -> (usize, usize) {
        let sp = &self.ctx.prepared[c.doc];
        let qp = &self.ctx.prepared[doc];
        let window_keys: Vec<Key> = term_range(sp, c.window.0..c.window.1 + 1)
            .filter(|&t| !sp.terms[t].stop)
            .map(|t| sp.terms[t].key)
            .collect();
        let matched = |tok: usize| -> bool {
            qt.iter().any(|q| {
                let term = &qp.terms[q.term];
                term.tokens().contains(&tok)
                    && window_keys
                        .iter()
                        .any(|&k| k == term.key || self.ctx.lexicon.related(k, term.key))
            })
        };
        let lead = sub.tokens.iter().take_while(|&&t| !matched(t)).count();
        if lead == sub.tokens.len() {
            return c.window;
        }
        let trail = sub.tokens.iter().rev().take_while(|&&t| !matched(t)).count();
        let lead = if sub.opens { usize::MAX } else { lead };
        let trail = if sub.closes { usize::MAX } else { trail };
        let text = &self.ctx.docs[c.doc].text;
        let toks = &sp.seg.tokens;
        let first_tok = sp.seg.sentences[self.sentence_of(c.doc, c.window.0)].tokens.0;
        let end_tok = sp.seg.sentences[self.sentence_of(c.doc, c.window.1)].tokens.1;
        let breaks = |a: usize, b: usize| {
            text[toks[a].span().end..toks[b].span().start].chars().any(is_clause_break)
        };
        let (mut lo, mut hi) = c.window;
        let mut n = 0;
        while n < lead && lo > first_tok && !breaks(lo - 1, lo) {
            lo -= 1;
            n += 1;
        }
        let mut n = 0;
        while n < trail && hi + 1 < end_tok && !breaks(hi, hi + 1) {
            hi += 1;
            n += 1;
        }
        (lo, hi)
    }

    /// Builds the check of a matched piece: diff, content-word changes,
    /// verdict.
    fn piece(
        &self,
        doc: usize,
        sub: &Sub,
        source: Passage,
        verbatim: bool,
        score: f64,
    ) -> PieceCheck {
        let target = Passage { doc, span: sub.span };
        let edits = (self.diff)(source, target);
        let changes = self.changes(source, target, &sub.tokens, &edits);
        let verdict = if verbatim {
            Verdict::Verbatim
        } else if changes.is_empty() {
            Verdict::Close
        } else {
            Verdict::Altered
        };
        let score = if verbatim { 1.0 } else { score };
        PieceCheck {
            target: sub.span,
            verdict,
            source: Some(source),
            score: round(score),
            edits,
            changes,
        }
    }

    /// Content-word changes between a source passage and the quoted
    /// `tokens` of `target`: words the diff does not pair and that have no
    /// counterpart with the same key elsewhere in the other passage (a
    /// moved or re-inflected word is not a change).
    fn changes(
        &self,
        source: Passage,
        target: Passage,
        kept: &[usize],
        edits: &[Edit],
    ) -> Vec<Change> {
        let sp = &self.ctx.prepared[source.doc];
        let tp = &self.ctx.prepared[target.doc];
        let s_terms: Vec<usize> =
            term_range(sp, token_range(sp, source.span)).filter(|&t| !sp.terms[t].stop).collect();
        let t_terms: Vec<usize> = term_range(tp, token_range(tp, target.span))
            .filter(|&t| !tp.terms[t].stop && kept.binary_search(&tp.terms[t].first()).is_ok())
            .collect();
        let word = |p: &Prepared, t: usize| {
            let term = &p.terms[t];
            Span::new(p.seg.tokens[term.first()].span().start, p.seg.tokens[term.last()].span().end)
        };
        let in_span = |p: &Prepared, t: usize, span: Option<Span>| {
            span.is_some_and(|s| s.contains(word(p, t)))
        };
        let mut s_used = vec![false; s_terms.len()];
        let mut t_used = vec![false; t_terms.len()];
        // 1. Words the diff pairs as equal.
        for e in edits.iter().filter(|e| e.op == EditOp::Equal) {
            for (i, &t) in s_terms.iter().enumerate() {
                if in_span(sp, t, e.source) {
                    s_used[i] = true;
                }
            }
            for (i, &t) in t_terms.iter().enumerate() {
                if in_span(tp, t, e.target) {
                    t_used[i] = true;
                }
            }
        }
        // 2. The same key elsewhere: moved or inflected.
        for (i, &tt) in t_terms.iter().enumerate() {
            if t_used[i] {
                continue;
            }
            let key = tp.terms[tt].key;
            if let Some(j) =
                (0..s_terms.len()).find(|&j| !s_used[j] && sp.terms[s_terms[j]].key == key)
            {
                s_used[j] = true;
                t_used[i] = true;
            }
        }
        //    A name or word repeated on one side ("Korean People’s Army
        //    (KPA)") is not an addition either.
        for (i, &tt) in t_terms.iter().enumerate() {
            if !t_used[i] && s_terms.iter().any(|&st| sp.terms[st].key == tp.terms[tt].key) {
                t_used[i] = true;
            }
        }
        for (j, &st) in s_terms.iter().enumerate() {
            if !s_used[j] && t_terms.iter().any(|&tt| tp.terms[tt].key == sp.terms[st].key) {
                s_used[j] = true;
            }
        }
        // 3. A word written the same in the other passage (inside a name
        //    phrase: "President" of "President Putin") only moved.
        let forms = |p: &Passage, keep: &dyn Fn(usize) -> bool| -> FxHashSet<Key> {
            let pp = &self.ctx.prepared[p.doc];
            token_range(pp, p.span).filter(|&t| keep(t)).map(|t| self.form(p.doc, t)).collect()
        };
        let s_forms = forms(&source, &|_| true);
        let t_forms = forms(&target, &|t| kept.binary_search(&t).is_ok());
        for (i, &t) in s_terms.iter().enumerate() {
            let term = &sp.terms[t];
            if term.len == 1 && t_forms.contains(&self.form(source.doc, term.first())) {
                s_used[i] = true;
            }
        }
        for (i, &t) in t_terms.iter().enumerate() {
            let term = &tp.terms[t];
            if term.len == 1 && s_forms.contains(&self.form(target.doc, term.first())) {
                t_used[i] = true;
            }
        }
        // 4. What is left, by diff step: (source terms, target terms, and
        //    the other side as written when it has function words only).
        let mut raw: Vec<RawChange> = Vec::new();
        for e in edits.iter().filter(|e| e.op != EditOp::Equal) {
            let mut src = Vec::new();
            let mut tgt = Vec::new();
            for (i, &t) in s_terms.iter().enumerate() {
                if !s_used[i] && in_span(sp, t, e.source) {
                    s_used[i] = true;
                    src.push(t);
                }
            }
            for (i, &t) in t_terms.iter().enumerate() {
                if !t_used[i] && in_span(tp, t, e.target) {
                    t_used[i] = true;
                    tgt.push(t);
                }
            }
            // A content word replaced by function words only ("the DPRK’s"
            // → "their", "May" → "June" where "may" is a function word) is
            // a substitution: the other side is shown as written.
            let written = |p: &Prepared, span: Option<Span>, keep: &dyn Fn(usize) -> bool| {
                let toks: Vec<usize> = span
                    .map(|s| token_range(p, s).filter(|&t| keep(t)).collect())
                    .unwrap_or_default();
                match (toks.first(), toks.last()) {
                    (Some(&a), Some(&b)) => {
                        vec![Span::new(p.seg.tokens[a].span().start, p.seg.tokens[b].span().end)]
                    }
                    _ => Vec::new(),
                }
            };
            let content = |p: &Prepared, terms: &[usize], span: Option<Span>| {
                terms.iter().any(|&t| in_span(p, t, span))
            };
            let (mut src_w, mut tgt_w) = (Vec::new(), Vec::new());
            // (Not when that side's content words only moved elsewhere.)
            if e.op == EditOp::Replace && src.is_empty() != tgt.is_empty() {
                if src.is_empty() && !content(sp, &s_terms, e.source) {
                    src_w = written(sp, e.source, &|_| true);
                } else if tgt.is_empty() && !content(tp, &t_terms, e.target) {
                    tgt_w = written(tp, e.target, &|t| kept.binary_search(&t).is_ok());
                }
            }
            if !(src.is_empty() && tgt.is_empty()) {
                raw.push((src, tgt, src_w, tgt_w));
            }
        }
        // Anything the diff steps did not cover.
        let src: Vec<usize> =
            s_terms.iter().zip(&s_used).filter(|(_, u)| !**u).map(|(&t, _)| t).collect();
        let tgt: Vec<usize> =
            t_terms.iter().zip(&t_used).filter(|(_, u)| !**u).map(|(&t, _)| t).collect();
        for (s, t) in [(src, Vec::new()), (Vec::new(), tgt)] {
            if !(s.is_empty() && t.is_empty()) {
                raw.push((s, t, Vec::new(), Vec::new()));
            }
        }
        // 5. A dropped word and an added one that the lexicon relates
        //    (servicemen / soldiers) are a substitution, wherever the diff
        //    put them.
        let lone = |r: &RawChange| {
            (r.0.is_empty() && r.2.is_empty()) || (r.1.is_empty() && r.3.is_empty())
        };
        let mut pairs: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (i, dropped) in raw.iter().enumerate().filter(|(_, r)| lone(r) && !r.0.is_empty()) {
            for (j, added) in raw.iter().enumerate().filter(|(_, r)| lone(r) && !r.1.is_empty()) {
                for &s in &dropped.0 {
                    for &t in &added.1 {
                        if self.ctx.lexicon.related(sp.terms[s].key, tp.terms[t].key)
                            && !pairs.iter().any(|p| p.2 == s || p.3 == t)
                        {
                            pairs.push((i, j, s, t));
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (i, r) in raw.into_iter().enumerate() {
            let src: Vec<Span> =
                r.0.iter()
                    .filter(|s| !pairs.iter().any(|p| p.2 == **s))
                    .map(|&t| word(sp, t))
                    .chain(r.2)
                    .collect();
            let tgt: Vec<Span> =
                r.1.iter()
                    .filter(|t| !pairs.iter().any(|p| p.3 == **t))
                    .map(|&t| word(tp, t))
                    .chain(r.3)
                    .collect();
            // The substitutions found in step 5, where their source word was.
            for p in pairs.iter().filter(|p| p.0 == i) {
                out.push(Change {
                    op: ChangeOp::Substituted,
                    source: vec![word(sp, p.2)],
                    target: vec![word(tp, p.3)],
                });
            }
            let op = match (src.is_empty(), tgt.is_empty()) {
                (true, true) => continue,
                (false, false) => ChangeOp::Substituted,
                (false, true) => ChangeOp::Dropped,
                (true, false) => ChangeOp::Added,
            };
            out.push(Change { op, source: src, target: tgt });
        }
        out
    }

    // -----------------------------------------------------------------------
    // Scare quotes
    // -----------------------------------------------------------------------

    /// Checks a scare quote word for word in the passages its sentence
    /// paraphrases.
    fn check_scare(
        &self,
        doc: usize,
        q: &Quotation,
        explain: &mut dyn FnMut(String),
    ) -> PieceCheck {
        let p = &self.ctx.prepared[doc];
        let text = &self.ctx.docs[doc].text;
        let at = Span::new(q.span.start, q.span.start);
        let host = p.seg.sentences.partition_point(|s| s.span.end <= at.start);
        if p.seg.sentences.get(host).is_none_or(|s| !s.span.contains(at)) {
            return PieceCheck::unsourced(q.span);
        }
        let tokens: Vec<usize> = token_range(p, q.span).collect();
        if !p.alignable(host) || tokens.is_empty() {
            return PieceCheck::unsourced(q.span);
        }
        let sub = Sub {
            span: q.span,
            frags: std::iter::once(0..tokens.len()).collect(),
            tokens,
            opens: false,
            closes: false,
        };
        // The quoted words' terms, function words included.
        let words: Vec<usize> =
            term_range(p, sub.tokens[0]..sub.tokens[sub.tokens.len() - 1] + 1).collect();
        // The phrase around the quotation: its words and `SCARE_CONTEXT`
        // tokens on each side, within the sentence.
        let (s0, s1) = p.seg.sentences[host].tokens;
        let lo = sub.tokens[0].saturating_sub(SCARE_CONTEXT).max(s0);
        let hi = (sub.tokens[sub.tokens.len() - 1] + 1 + SCARE_CONTEXT).min(s1);
        let local: Vec<Key> =
            term_range(p, lo..hi).filter(|&t| !p.terms[t].stop).map(|t| p.terms[t].key).collect();
        explain(format!("scare {}: {}", q.span, q.span.text(text)));
        let hr = SentenceRef { doc: doc as u32, sent: host as u32 };
        for tier in self.tiers(doc) {
            let sents =
                self.candidates(align::sentence_keys(self.ctx, hr), &|d| self.in_tier(tier, d));
            // (verdict, quoted words found, score, passage)
            let mut best: Option<(Verdict, usize, f64, Passage, align::PairMatch)> = None;
            for &(sd, ss) in &sents {
                let r = SentenceRef { doc: sd as u32, sent: ss as u32 };
                let Some(pm) = align::align_pair(self.ctx, r, hr) else {
                    continue;
                };
                let sp = &self.ctx.prepared[sd];
                let (a, b) = sp.sentence_terms[ss];
                let near = |k: Key, t: &crate::model::Term| {
                    t.key == k || (!t.stop && self.ctx.lexicon.related(t.key, k))
                };
                let evidence = sp.terms[a..b].iter().any(|t| local.iter().any(|&k| near(k, t)));
                explain(format!(
                    "  host ~ {} s{} {:.3}{}: {}",
                    self.ctx.docs[sd].id,
                    ss,
                    pm.score,
                    if evidence { "" } else { " (no local evidence)" },
                    one_line(pm.a_span.text(&self.ctx.docs[sd].text))
                ));
                if pm.score < self.cfg.min_scare_score || !evidence {
                    continue;
                }
                let found = words
                    .iter()
                    .filter(|&&w| sp.terms[a..b].iter().any(|t| near(p.terms[w].key, t)))
                    .count();
                let token_span = |x: usize, y: usize| {
                    Span::new(sp.seg.tokens[x].span().start, sp.seg.tokens[y].span().end)
                };
                let (verdict, span) = if let Some(w) = self.verbatim_in(doc, &sub, sd, ss..ss + 1) {
                    (Verdict::Verbatim, token_span(w.0, w.1))
                } else {
                    // Every quoted word's stem (or alias) in the sentence.
                    let same: Option<Vec<usize>> = words
                        .iter()
                        .map(|&w| (a..b).find(|&u| sp.terms[u].key == p.terms[w].key))
                        .collect();
                    match same {
                        Some(f) if !f.is_empty() => {
                            let x = f.iter().map(|&u| sp.terms[u].first()).min().unwrap_or(0);
                            let y = f.iter().map(|&u| sp.terms[u].last()).max().unwrap_or(0);
                            (Verdict::Close, token_span(x, y))
                        }
                        _ => (Verdict::Altered, sp.seg.sentences[ss].span),
                    }
                };
                let better = best.as_ref().is_none_or(|b| {
                    (verdict, std::cmp::Reverse(found), std::cmp::Reverse(Score(pm.score)))
                        < (b.0, std::cmp::Reverse(b.1), std::cmp::Reverse(Score(b.2)))
                });
                if better {
                    best = Some((verdict, found, pm.score, Passage { doc: sd, span }, pm));
                }
            }
            let Some((verdict, _, score, source, pm)) = best else {
                continue;
            };
            let target = Passage { doc, span: q.span };
            if verdict != Verdict::Altered {
                let edits = (self.diff)(source, target);
                return PieceCheck {
                    target: q.span,
                    verdict,
                    source: Some(source),
                    score: round(score),
                    edits,
                    changes: Vec::new(),
                };
            }
            // Altered: the steps of the diff between the source passage and
            // the sentence's passage that hold the quoted words, their
            // target side narrowed to the quoted words.
            let host_span = pm.b_span.cover(q.span);
            let toks = &p.seg.tokens;
            let (first, last) = (sub.tokens[0], sub.tokens[sub.tokens.len() - 1]);
            let edits: Vec<Edit> = (self.diff)(source, Passage { doc, span: host_span })
                .into_iter()
                .filter_map(|mut e| {
                    let r = token_range(p, e.target?);
                    let (a, b) = (r.start.max(first), r.end.min(last + 1));
                    (a < b).then(|| {
                        e.target = Some(Span::new(toks[a].span().start, toks[b - 1].span().end));
                        e
                    })
                })
                .collect();
            let cover = edits.iter().filter_map(|e| e.source).reduce(|x, y| x.cover(y));
            let mut changes = match cover {
                Some(c) => {
                    let from = Passage { doc: source.doc, span: c };
                    self.changes(from, target, &sub.tokens, &edits)
                }
                None => Vec::new(),
            };
            // Only what the quoted words lost or gained.
            changes.retain(|c| !c.target.is_empty());
            if changes.is_empty() {
                let added = words
                    .iter()
                    .filter(|&&w| !p.terms[w].stop)
                    .map(|&w| p.seg.tokens[p.terms[w].first()].span())
                    .collect();
                changes.push(Change { op: ChangeOp::Added, source: Vec::new(), target: added });
            }
            return PieceCheck {
                target: q.span,
                verdict,
                source: Some(source),
                score: round(score),
                edits,
                changes,
            };
        }
        PieceCheck::unsourced(q.span)
    }
}

/// Tokens on each side of a scare quote whose words the source passage must
/// share (see the module docs).
pub const SCARE_CONTEXT: usize = 4;

/// A score ordered by `total_cmp`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Score(f64);

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Score) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Score) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::Analysis;
    use crate::model::{Corpus, Document, Role};
    use crate::pipeline;

    const TRANSCRIPT: &str = "Question: What will the ministry do about fertiliser imports?\n\
        Minister Anna Petrova: We will never accept the new tariffs on grain. \
        Our farmers deserve better protection from foreign competition. \
        The harvest this year was the largest in a decade, and exports to neighbouring \
        countries doubled. Talks with the delegation will resume in Geneva next month.\n";

    /// Runs the pipeline on the transcript and one article per text.
    fn run(articles: &[&str]) -> (Corpus, Analysis) {
        run_with(TRANSCRIPT, articles)
    }

    fn run_with(transcript: &str, articles: &[&str]) -> (Corpus, Analysis) {
        let mut documents = vec![Document::new("transcript", transcript).with_role(Role::Primary)];
        for (i, a) in articles.iter().enumerate() {
            documents.push(Document::new(format!("a{i}"), *a));
        }
        let corpus = Corpus { documents };
        let analysis = pipeline::run(&corpus, &Config::default()).expect("runs");
        (corpus, analysis)
    }

    /// The check of the quotation of article `i` whose text is `quoted`.
    fn check<'a>(c: &Corpus, a: &'a Analysis, i: usize, quoted: &str) -> &'a QuoteCheck {
        a.quotes
            .iter()
            .find(|q| {
                q.doc == i + 1
                    && c.documents[q.doc].slice(a.prepared[q.doc].quotes[q.quote].span) == quoted
            })
            .unwrap_or_else(|| panic!("no quotation {quoted:?} in article {i}"))
    }

    /// The set of a document's words and names is the set made by keying
    /// every token of its text proper again: with alias phrases (one
    /// crossing into the next sentence), attributions (terms marked as
    /// function words), page chrome and a speaker label.
    #[test]
    fn present_keys_are_those_of_every_token_keyed_again() {
        use crate::normalize::Aliases;
        let norm = Normalizer::new(Aliases::parse(
            "dprk = north korea = democratic people's republic of korea\nkim jong un = kim",
        ));
        let texts = [
            "Share this article\nSubscribe to our newsletter\n\nMinister Anna Petrova: We \
             met Kim Jong Un. “North Korea is ready,” she said, according to reporters. Then \
             the Democratic People's Republic of Korea. North\nKorea was there.\n\n\
             Read more: other stories\n",
            TRANSCRIPT,
            "",
        ];
        for (n, text) in texts.iter().enumerate() {
            let mut doc = Document::new("d", *text);
            // The first line is page chrome.
            doc.excluded = text.find('\n').map(|e| Span::new(0, e)).into_iter().collect();
            let (p, _) = crate::prepare::prepare(n, &doc, &norm);
            let names = vec![vec![crate::normalize::key_of("petrova")]];
            let mut naive: Vec<Key> = names.iter().flatten().copied().collect();
            for (si, s) in p.seg.sentences.iter().enumerate().filter(|(_, s)| !s.excluded) {
                let (a, b) = p.sentence_terms[si];
                naive.extend(p.terms[a..b].iter().filter(|t| !t.stop).map(|t| t.key));
                naive.extend(
                    p.seg.tokens[s.token_range()].iter().map(|t| norm.key(t.span().text(text))),
                );
            }
            naive.sort_unstable();
            naive.dedup();
            assert_eq!(present_keys(&norm, &doc, &p, &names), naive, "{text:?}");
            if n == 0 {
                assert!(p.terms.iter().filter(|t| t.alias).count() >= 3, "aliases found");
                assert!(p.seg.sentences.iter().any(|s| s.excluded), "chrome excluded");
            }
        }
    }

    fn source<'a>(c: &'a Corpus, q: &QuoteCheck) -> &'a str {
        let s = q.source.expect("a source");
        c.documents[s.doc].slice(s.span)
    }

    /// (op, source words, quoted words) of every change of every piece.
    fn changes(c: &Corpus, q: &QuoteCheck) -> Vec<(ChangeOp, String, String)> {
        let words = |doc: usize, spans: &[Span]| {
            spans.iter().map(|s| c.documents[doc].slice(*s)).collect::<Vec<_>>().join(" ")
        };
        q.pieces
            .iter()
            .flat_map(|p| {
                let sd = p.source.map_or(0, |s| s.doc);
                p.changes.iter().map(move |ch| (ch.op, sd, ch.clone()))
            })
            .map(|(op, sd, ch)| (op, words(sd, &ch.source), words(q.doc, &ch.target)))
            .collect()
    }

    #[test]
    fn verbatim_modulo_marks_case_and_spelling() {
        let (c, a) =
            run(&["Petrova was upbeat. “the Harvest this year was the largest in a decade, and \
             exports to neighboring countries doubled,” Petrova said.\n"]);
        let q = check(
            &c,
            &a,
            0,
            "the Harvest this year was the largest in a decade, and exports to neighboring \
             countries doubled",
        );
        assert_eq!(q.verdict, Verdict::Verbatim);
        assert_eq!(
            source(&c, q),
            "The harvest this year was the largest in a decade, and exports to neighbouring \
             countries doubled"
        );
        // The typed diff still shows the spelling.
        assert!(
            q.pieces[0]
                .edits
                .iter()
                .all(|e| e.op == EditOp::Equal
                    || e.category == Some(crate::model::Category::Spelling))
        );
        assert!(q.pieces[0].changes.is_empty());
    }

    #[test]
    fn ellipses_and_bracketed_words_are_the_writers() {
        let (c, a) =
            run(&["Petrova was firm. “We will never accept … tariffs on grain,” Petrova said. \
             She added: “Our [country's] farmers deserve better protection from foreign \
             competition.”\n"]);
        let q = check(&c, &a, 0, "We will never accept … tariffs on grain");
        assert_eq!(q.verdict, Verdict::Verbatim);
        assert_eq!(source(&c, q), "We will never accept the new tariffs on grain");
        let q = check(
            &c,
            &a,
            0,
            "Our [country's] farmers deserve better protection from foreign competition.",
        );
        assert_eq!(q.verdict, Verdict::Verbatim);
    }

    #[test]
    fn function_words_and_order_are_close() {
        let (c, a) = run(&[
            "Petrova was firm. “We will never accept new tariffs on the grain,” Petrova said.\n",
            "Petrova was calm. “Talks with the delegation will resume next month in Geneva,” \
             Petrova said.\n",
        ]);
        let q = check(&c, &a, 0, "We will never accept new tariffs on the grain");
        assert_eq!(q.verdict, Verdict::Close);
        assert_eq!(source(&c, q), "We will never accept the new tariffs on grain");
        assert!(changes(&c, q).is_empty());
        let q = check(&c, &a, 1, "Talks with the delegation will resume next month in Geneva");
        assert_eq!(q.verdict, Verdict::Close, "{:?}", changes(&c, q));
    }

    #[test]
    fn a_swapped_content_word_is_altered_and_listed() {
        let (c, a) = run(&[
            "Petrova was firm. “We will never tolerate the new tariffs on grain,” Petrova said.\n",
        ]);
        let q = check(&c, &a, 0, "We will never tolerate the new tariffs on grain");
        assert_eq!(q.verdict, Verdict::Altered);
        assert_eq!(source(&c, q), "We will never accept the new tariffs on grain");
        assert_eq!(
            changes(&c, q),
            vec![(ChangeOp::Substituted, "accept".to_string(), "tolerate".to_string())]
        );
    }

    #[test]
    fn words_found_nowhere_are_unsourced() {
        let (c, a) = run(&[
            "Petrova made a promise. “Our country will build ten new ports by 2030,” Petrova \
             said.\n",
        ]);
        let q = check(&c, &a, 0, "Our country will build ten new ports by 2030");
        assert_eq!(q.verdict, Verdict::Unsourced);
        assert_eq!(q.source, None);
        assert!(q.pieces[0].edits.is_empty());
    }

    #[test]
    fn scare_quotes_are_checked_word_for_word() {
        let (c, a) = run(&[
            "Petrova said farmers deserved “better protection” from foreign competitors.\n",
            "Petrova said that farmers “deserved” protection from foreign competition.\n",
            "Petrova vowed to “resist” the new grain tariffs.\n",
        ]);
        let q = check(&c, &a, 0, "better protection");
        assert_eq!(q.verdict, Verdict::Verbatim);
        assert_eq!(source(&c, q), "better protection");
        let q = check(&c, &a, 1, "deserved");
        assert_eq!(q.verdict, Verdict::Close);
        assert_eq!(source(&c, q), "deserve");
        let q = check(&c, &a, 2, "resist");
        assert_eq!(q.verdict, Verdict::Altered);
        assert_eq!(source(&c, q), "We will never accept the new tariffs on grain.");
        assert!(changes(&c, q).iter().any(|ch| ch.2 == "resist"), "{:?}", changes(&c, q));
    }

    #[test]
    fn a_multi_sentence_quotation_is_checked_piece_by_piece() {
        let (c, a) = run(&[
            "Petrova was firm. “We will never accept the new tariffs on grain. Our farmers \
             deserve better protection from foreign competition,” Petrova said.\n",
            "Petrova was firm. “Our farmers deserve better protection from foreign competition. \
             Talks with the delegation will resume in Vienna next month,” Petrova said.\n",
        ]);
        let q = check(
            &c,
            &a,
            0,
            "We will never accept the new tariffs on grain. Our farmers deserve better \
             protection from foreign competition",
        );
        assert_eq!(q.pieces.len(), 2);
        assert_eq!(q.verdict, Verdict::Verbatim);
        assert_eq!(
            source(&c, q),
            "We will never accept the new tariffs on grain. Our farmers deserve better \
             protection from foreign competition"
        );
        let q = check(
            &c,
            &a,
            1,
            "Our farmers deserve better protection from foreign competition. Talks with the \
             delegation will resume in Vienna next month",
        );
        let verdicts: Vec<Verdict> = q.pieces.iter().map(|p| p.verdict).collect();
        assert_eq!(verdicts, vec![Verdict::Verbatim, Verdict::Altered]);
        assert_eq!(q.verdict, Verdict::Altered);
        assert_eq!(
            changes(&c, q),
            vec![(ChangeOp::Substituted, "Geneva".to_string(), "Vienna".to_string())]
        );
    }

    #[test]
    fn the_sentences_of_a_quotation_follow_each_other_in_the_source() {
        let transcript = "Anna Petrova: Prices rose sharply in the spring, and farmers demanded \
            new subsidies from the government. The farmers union will meet the government in \
            June. Our exports doubled. The new port in Odessa will open in May, and the \
            ministry will set the date together with the shipping companies.\n";
        let (c, a) = run_with(
            transcript,
            &[
                "Petrova was firm. “Prices rose sharply in the spring. Farmers demanded fresh \
                 subsidies from the government,” Petrova said.\n",
                "Petrova spoke. “Our exports doubled. The ministry and the shipping firms will \
                 agree on the date,” Petrova said.\n",
            ],
        );
        // The second sentence renders the rest of the first one's source
        // sentence, not the next sentence that shares two of its words.
        let q = check(
            &c,
            &a,
            0,
            "Prices rose sharply in the spring. Farmers demanded fresh subsidies from the \
             government",
        );
        let sources: Vec<&str> =
            q.pieces.iter().map(|p| c.documents[0].slice(p.source.unwrap().span)).collect();
        assert_eq!(
            sources,
            vec![
                "Prices rose sharply in the spring",
                "and farmers demanded new subsidies from the government"
            ]
        );
        assert_eq!(
            changes(&c, q),
            vec![(ChangeOp::Substituted, "new".to_string(), "fresh".to_string())]
        );
        // A loose rendering of the sentence after the previous one's source
        // is still that sentence's variant.
        let q = check(
            &c,
            &a,
            1,
            "Our exports doubled. The ministry and the shipping firms will agree on the date",
        );
        assert_eq!(q.verdict, Verdict::Altered);
        assert_eq!(
            c.documents[0].slice(q.pieces[1].source.unwrap().span),
            "and the ministry will set the date together with the shipping companies"
        );
        assert_eq!(
            changes(&c, q),
            vec![
                (ChangeOp::Added, String::new(), "firms".to_string()),
                (ChangeOp::Substituted, "set".to_string(), "agree".to_string()),
                (ChangeOp::Dropped, "together companies".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn the_interviewer_is_not_the_speaker() {
        let (c, a) = run(&[
            "Petrova was asked about it. “What will the ministry do about fertiliser imports?” \
             Petrova said.\n",
            "A reporter asked: “What will the ministry do about fertiliser imports?”\n",
        ]);
        let q = check(&c, &a, 0, "What will the ministry do about fertiliser imports?");
        assert_eq!(q.verdict, Verdict::Unsourced);
        let q = check(&c, &a, 1, "What will the ministry do about fertiliser imports?");
        assert_eq!(q.verdict, Verdict::Verbatim);
    }

    #[test]
    fn other_articles_are_searched_unless_fallback_is_off() {
        let articles = [
            "Petrova was upbeat. “Grain prices will fall sharply before winter,” Petrova said.\n",
            "Petrova spoke on Monday. Grain prices will fall sharply before winter, she said.\n",
        ];
        let (c, a) = run(&articles);
        let q = check(&c, &a, 0, "Grain prices will fall sharply before winter");
        assert_eq!(q.verdict, Verdict::Verbatim);
        assert_eq!(q.source.map(|s| s.doc), Some(2));
        let mut cfg = Config::default();
        cfg.verify.fallback = false;
        let analysis = pipeline::run(&c, &cfg).expect("runs");
        let q = check(&c, &analysis, 0, "Grain prices will fall sharply before winter");
        assert_eq!(q.verdict, Verdict::Unsourced);
    }
}
