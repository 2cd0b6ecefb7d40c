//! Alignment: score candidate sentence pairs, find the passages that carry a
//! remark, and pick the alignments to report.
//!
//! # Scoring a pair
//!
//! Each sentence is a list of [`Term`](crate::model::Term)s (see `normalize`). Content terms are
//! weighted by their inverse sentence frequency in the corpus ([`Weights`]),
//! so "Kursk" counts for far more than "Russia" in a corpus about Russia, and
//! function words count for nothing. Two terms match
//!
//! * fully when their keys are equal (same stem, or the same name under an
//!   alias), and
//! * with [`AlignConfig::synonym_credit`] when the lexicon relates them
//!   (`warn`/`caution`, `troops`/`servicemen`),
//!
//! and a greedy one-to-one matching takes the heaviest pairs first. Word order
//! is ignored at this step: outlets reorder clauses and translations reorder
//! words, and order-sensitive measures miss exactly those paraphrases.
//!
//! # Finding the passage
//!
//! A sentence is cut into clauses at `, ; : ( ) – —` and quote marks. On each
//! side the passage is the run of consecutive clauses with the highest
//! `matched − penalty × unmatched` weight (a maximum-subarray search, i.e. a
//! local alignment at clause grain). This is what separates the two remarks of
//! a sentence that merges two transcript sentences, finds the quotation inside
//! a paraphrasing sentence, and drops an outlet's added clause. When the
//! clauses left out weigh less than [`AlignConfig::whole_sentence_rest`] of the
//! sentence, the whole sentence is reported instead.
//!
//! The score of the pair is the weighted Dice coefficient of the two passages:
//! `2 × matched / (weight(source passage) + weight(target passage))`, 1.0 for
//! the same content words, near 0 for unrelated ones.
//!
//! # Choosing alignments
//!
//! A pair is kept when its score, its number of matched content terms and
//! their weight clear the thresholds in [`AlignConfig`]. For each target
//! sentence and source document the best pair is kept, plus any other whose
//! target passage does not overlap a kept one (a merged sentence). A source
//! sentence may be carried by several target sentences (a split remark).

mod compiled;
mod features;
mod score;
mod weights;

pub use compiled::{fetch_ahead, sentence_keys, shared_weight, Compiled};
pub use features::{pair_features, unit_features, PairFeatures, Unit};
pub use score::align_pair;
pub(crate) use score::{greedy, max_run};
pub use weights::Weights;

use crate::config::AlignConfig;
use crate::lexicon::Lexicon;
use crate::model::{
    round_score, Alignment, Document, Edit, Passage, Prepared, QuoteKind, Relation, SentenceRef,
    Span,
};

/// What the aligner reads: the corpus, its prepared documents, weights, lexicon.
pub struct Context<'a> {
    pub docs: &'a [Document],
    pub prepared: &'a [Prepared],
    pub weights: &'a Weights,
    pub lexicon: &'a Lexicon,
    pub config: &'a AlignConfig,
    /// Every sentence compiled for scoring ([`Compiled::build`]).
    pub compiled: &'a Compiled,
}

/// A scored sentence pair with the passage found on each side.
#[derive(Clone, Debug, PartialEq)]
pub struct PairMatch {
    pub a: SentenceRef,
    pub b: SentenceRef,
    pub a_span: Span,
    pub b_span: Span,
    pub score: f64,
    /// Matched content terms.
    pub matched: usize,
    /// Matched content terms that are not names on either side.
    pub matched_words: usize,
    pub matched_weight: f32,
    /// Document term indexes of the matched terms of `b`, sorted (the
    /// evidence an alignment keeps; `a`'s are not needed, and millions of
    /// pairs are held at once on a large corpus).
    pub b_hits: Vec<u32>,
}

/// An oriented candidate alignment before selection.
///
/// Millions are held at once on a large corpus (most fall to [`keep_best`]),
/// so it is small: 48 bytes, spans as 32-bit offsets (a document is under
/// 4 GiB, `ingest::MAX_TEXT_BYTES`), and no evidence: the matched target
/// terms are found again ([`evidence`]) for the few pairs whose selection
/// needs them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Oriented {
    pub source: SentenceRef,
    pub target: SentenceRef,
    source_span: (u32, u32),
    target_span: (u32, u32),
    pub score: f64,
    /// Matched target terms (as many as matched source terms).
    pub matched: u32,
}

// Millions are held at once on a large corpus: the size is part of the design.
const _: () = assert!(std::mem::size_of::<Oriented>() == 48);

impl Oriented {
    /// The pair with `a` as the source.
    pub fn from_pair(p: PairMatch) -> Oriented {
        let narrow = |s: Span| (s.start as u32, s.end as u32);
        Oriented {
            source: p.a,
            target: p.b,
            source_span: narrow(p.a_span),
            target_span: narrow(p.b_span),
            score: p.score,
            matched: p.matched as u32,
        }
    }

    pub fn source_span(&self) -> Span {
        Span::new(self.source_span.0 as usize, self.source_span.1 as usize)
    }

    pub fn target_span(&self) -> Span {
        Span::new(self.target_span.0 as usize, self.target_span.1 as usize)
    }
}

/// The matched target terms of an oriented pair (document term indexes,
/// sorted): what its source explains of the target. Scored again: the pair
/// was admitted from the same scoring, so it is found as it was.
pub fn evidence(ctx: &Context<'_>, o: &Oriented) -> Vec<u32> {
    align_pair(ctx, o.source, o.target).map(|p| p.b_hits).unwrap_or_default()
}

/// Keeps, per target sentence and source document, the best alignment; any
/// other whose target passage is another part of the sentence (a sentence
/// that merges two remarks); and any other for the same passage that is
/// matched on mostly different target words, at least `second_source_words`
/// of them (a summary of two neighbouring remarks). `evidence` gives a
/// pair's matched target terms ([`evidence`]), asked only for pairs of the
/// same passage. Groups are selected in parallel; the result is in the
/// order of the groups.
pub fn keep_best(
    mut cands: Vec<Oriented>,
    second_source_words: usize,
    evidence: &(dyn Fn(&Oriented) -> Vec<u32> + Sync),
) -> Vec<Oriented> {
    use rayon::prelude::*;
    // Within a group, the strongest first: score times matched words, so that
    // a dense match on a three-word clause does not beat a longer passage
    // that carries more of the target.
    let strength = |o: &Oriented| o.score * o.matched as f64;
    // A sentence pair is scored once, so (target, source) is unique and the
    // order total: sorting in place (a stable sort borrows a buffer as
    // large as the pairs) gives the same order.
    let order = |x: &Oriented, y: &Oriented| {
        (x.target, x.source.doc)
            .cmp(&(y.target, y.source.doc))
            .then(strength(y).total_cmp(&strength(x)))
            .then(x.source.sent.cmp(&y.source.sent))
    };
    cands.par_sort_unstable_by(order);
    debug_assert!(cands.windows(2).all(|w| w[0] == w[1] || order(&w[0], &w[1]).is_lt()));
    cands
        .par_chunk_by(|x, y| (x.target, x.source.doc) == (y.target, y.source.doc))
        .flat_map_iter(|group| {
            let mut out: Vec<Oriented> = Vec::new();
            // The kept pairs' evidence, found when first needed.
            let mut hits: Vec<Option<Vec<u32>>> = Vec::new();
            for c in group {
                // Another source for the same target passage is kept when it
                // is explained by mostly different target words, enough of
                // them (the sentence sums up two remarks); a source for
                // another part of the target sentence is kept as it is.
                let mut own: Option<Vec<u32>> = None;
                let clash = out.iter().zip(hits.iter_mut()).any(|(k, k_hits)| {
                    let (ks, cs) = (k.target_span(), c.target_span());
                    let overlap = ks.overlap(cs);
                    if overlap * 2 < ks.len().min(cs.len()) {
                        return false;
                    }
                    if (c.matched as usize) < second_source_words {
                        return true;
                    }
                    let k_hits = k_hits.get_or_insert_with(|| evidence(k));
                    let c_hits = own.get_or_insert_with(|| evidence(c));
                    let shared = k_hits.iter().filter(|h| c_hits.binary_search(h).is_ok()).count();
                    shared * 2 > k_hits.len().min(c_hits.len())
                });
                if !clash {
                    out.push(*c);
                    hits.push(own);
                }
            }
            out
        })
        .collect()
}

/// Builds the reported alignment: relation, and word edits from `diff`
/// (the pipeline passes `diff::edits`).
///
/// A quoted target passage is narrowed to the quoted words: the marks and the
/// attribution around them ("...,” he said.") are not part of what the
/// outlet presents as the speaker's words.
///
/// It reads the prepared documents only (not the compiled sides, which a
/// run drops before diffing: the two are the largest data of a large run).
pub fn finish(
    prepared: &[Prepared],
    o: &Oriented,
    diff: &(dyn Fn(Passage, Passage) -> Vec<Edit> + Sync),
) -> Alignment {
    let mut target = Passage { doc: o.target.doc as usize, span: o.target_span() };
    let source = Passage { doc: o.source.doc as usize, span: o.source_span() };
    let relation = relation_of(&prepared[target.doc], target.span);
    if relation == Relation::Quote {
        target.span = quoted_part(&prepared[target.doc], target.span);
    }
    let edits = diff(source, target);
    Alignment { source, target, score: round_score(o.score), relation, edits }
}

/// [`finish`] of every kept pair (in parallel), telling `progress` of each,
/// sorted by source and target position.
pub fn finish_all(
    prepared: &[Prepared],
    kept: Vec<Oriented>,
    diff: &(dyn Fn(Passage, Passage) -> Vec<Edit> + Sync),
    progress: &dyn crate::progress::Progress,
) -> Vec<Alignment> {
    use rayon::prelude::*;
    let mut alignments: Vec<Alignment> = kept
        .par_iter()
        .map(|o| finish(prepared, o, diff))
        .inspect(|_| progress.advance(1))
        .collect();
    drop(kept);
    alignments.sort_by(|x, y| {
        (x.source.doc, x.source.span, x.target.doc, x.target.span).cmp(&(
            y.source.doc,
            y.source.span,
            y.target.doc,
            y.target.span,
        ))
    });
    alignments
}

/// The part of `span` inside the full quotation piece that overlaps it most.
fn quoted_part(p: &Prepared, span: Span) -> Span {
    let best = p.quotes[crate::quote::overlapping(&p.quotes, span)]
        .iter()
        .filter(|q| q.kind == QuoteKind::Full && q.depth == 0)
        .flat_map(|q| q.pieces.iter())
        .max_by_key(|piece| (piece.overlap(span), std::cmp::Reverse(piece.start)));
    match best {
        Some(piece) if piece.overlap(span) > 0 => {
            Span::new(piece.start.max(span.start), piece.end.min(span.end))
        }
        _ => span,
    }
}

/// `Quote` when at least half of the target passage lies inside full
/// quotations of the target document.
pub fn relation_of(p: &Prepared, span: Span) -> Relation {
    let inside = crate::quote::quoted_share(&p.quotes, span);
    if inside * 2 >= span.len().max(1) {
        Relation::Quote
    } else {
        Relation::Paraphrase
    }
}
