//! The one function that runs the stages in order: [`run`].
//!
//! ```text
//! prepare ─ index ─ align (candidates, scores) ─ select ─ verify ─ diff
//! ```
//!
//! 1. **prepare** — every document segmented, its quotations found and its
//!    words normalised into matching terms (`prepare`);
//! 2. **index** — word weights and every sentence compiled for scoring
//!    (`align`), and who speaks where (`speaker`);
//! 3. **align** — candidate pairs proposed by the indexes (`candidates`)
//!    and scored, each with the passage it carries on each side (`align`);
//! 4. **select** — each pair oriented (which side is the source), admitted
//!    against its threshold, and the best kept (`select`);
//! 5. **verify** — every quotation checked against its sources (`verify`);
//! 6. **diff** — the typed word diff of every kept alignment (`diff`).
//!
//! The stages are those of [`Stage`], which a [`Progress`] is told of.
//!
//! Parallelism is coarse: per document for preparation, per sentence for
//! candidate generation and scoring (rayon). Every parallel step collects into
//! a vector in input order, and every merge sorts by position, so the output
//! is byte-identical whatever the number of threads.

use crate::align::{self, Compiled, Context, Weights};
use crate::candidates;
use crate::config::Config;
use crate::diff::Differ;
use crate::error::{Error, Result};
use crate::model::{Analysis, Corpus, Passage};
use crate::prepare;
use crate::progress::{Deferred, Progress, Silent, Stage};
use crate::select::{self, Selector};
use crate::speaker::Voices;
use crate::verify;

/// Runs the whole pipeline on a corpus.
pub fn run(corpus: &Corpus, cfg: &Config) -> Result<Analysis> {
    run_with(corpus, cfg, &Silent)
}

/// [`run`], telling `progress` when each stage begins and how far it has got
/// (see [`Progress`]). The result does not depend on `progress`.
pub fn run_with(corpus: &Corpus, cfg: &Config, progress: &dyn Progress) -> Result<Analysis> {
    let docs = &corpus.documents;
    if docs.len() < 2 {
        return Err(Error::TooFewDocuments { only: docs.first().map(|d| d.path.clone()) });
    }
    let primary = cfg.primaries(corpus)?;
    let (norm, lexicon) = prepare::matcher(cfg);

    progress.stage(Stage::Prepare, docs.len() as u64);
    let (prepared, warnings) = prepare::prepare_all(docs, &norm, progress);

    progress.stage(Stage::Index, 0);
    let weights = Weights::from_corpus(&prepared, cfg.align.background_sentences);
    let compiled = Compiled::build(docs, &prepared, &weights, &lexicon);
    let ctx = Context {
        docs,
        prepared: &prepared,
        weights: &weights,
        lexicon: &lexicon,
        config: &cfg.align,
        compiled: &compiled,
    };
    // Who speaks where, read before scoring so that a pair whose source is
    // settled is admitted or dropped as soon as it is scored.
    let voices = Voices::new(docs, &prepared, &lexicon, &primary, &norm);
    let selector = Selector { ctx: &ctx, primary: &primary, voices: &voices };

    // Aligning begins when the index is built, at the first sentence probed.
    let sentences =
        prepared.iter().map(|p| (0..p.seg.sentences.len()).filter(|&s| p.alignable(s)).count());
    let aligning = Deferred::new(progress, Stage::Align, sentences.sum::<usize>() as u64);
    let scored =
        candidates::candidate_pairs(&ctx, &primary, &cfg.index, &aligning, |p| selector.score(p));
    aligning.begin();

    progress.stage(Stage::Select, 0);
    let admitted = selector.orient(scored);
    // What the report needs of who speaks where; the rest goes now.
    let Voices { attributed, interviewer: not_remark, .. } = voices;
    let kept = select::choose(&ctx, &primary, admitted, cfg.article_min_score);

    // Alignments and quotations are diffed with the same typed edits.
    let differ = Differ::new(docs, &prepared, &norm, &cfg.framing);
    let diff = |source: Passage, target: Passage| differ.edits(source, target);
    // Quotations are checked before the alignments are diffed: checking
    // holds an index of every sentence, the diffed alignments are the
    // report, and the two need not be held at once.
    progress.stage(Stage::Verify, 0);
    let quotes = verify::verify(&ctx, &norm, &primary, &cfg.index, &cfg.verify, &diff);
    // Diffing reads the prepared documents only: the compiled sentences and
    // the weights (a third of a large run's memory) go before the diffs come.
    drop((compiled, weights));

    progress.stage(Stage::Diff, kept.len() as u64);
    let alignments = align::finish_all(&prepared, kept, &diff, progress);
    progress.finish();
    Ok(Analysis { prepared, primary, alignments, quotes, warnings, attributed, not_remark })
}
