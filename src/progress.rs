//! Progress reporting: how far a run has got, for a caller that shows it
//! (see [`Progress`] for the order of calls).

use std::sync::Once;

/// A stage of a run, in the order the pipeline goes through them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// Segmenting, finding quotations and normalising: per document.
    Prepare,
    /// Term weights and the candidate index over every sentence: not counted.
    Index,
    /// Finding and scoring candidate pairs: per sentence probed.
    Align,
    /// Orienting pairs (which side is the source) and selecting alignments:
    /// not counted.
    Select,
    /// Checking every quotation against its sources: not counted.
    Verify,
    /// Word-level edits of each kept alignment: per alignment.
    Diff,
}

impl Stage {
    /// Every stage, in the order a run goes through them.
    pub const ALL: [Stage; 6] =
        [Stage::Prepare, Stage::Index, Stage::Align, Stage::Select, Stage::Verify, Stage::Diff];

    /// What the stage does, for a progress line ("aligning sentences").
    pub fn label(self) -> &'static str {
        match self {
            Stage::Prepare => "preparing documents",
            Stage::Index => "indexing sentences",
            Stage::Align => "aligning sentences",
            Stage::Select => "selecting alignments",
            Stage::Diff => "diffing alignments",
            Stage::Verify => "verifying quotations",
        }
    }

    /// What the stage counts, in the plural ("sentences").
    pub fn unit(self) -> &'static str {
        match self {
            Stage::Prepare => "documents",
            Stage::Index | Stage::Align => "sentences",
            Stage::Select | Stage::Diff => "alignments",
            Stage::Verify => "quotations",
        }
    }

    /// Position in [`Stage::ALL`], from 0.
    pub fn number(self) -> usize {
        Stage::ALL.iter().position(|&s| s == self).expect("every stage is in ALL")
    }
}

/// Receives a run's progress.
///
/// The library never prints. [`run_with`](crate::run_with) tells a
/// `Progress` when each [`Stage`] begins and how many of its items are done;
/// the command line draws a bar from that, a server could log it, and
/// [`run`](crate::run) passes [`Silent`].
///
/// Stages come in the order of [`Stage::ALL`], each once per run. A stage
/// begun with a total of `n` items is advanced by exactly `n` in all before
/// the next stage begins; a stage begun with a total of 0 is not counted
/// (its work is done without per-item reports) and is not advanced.
/// [`advance`](Progress::advance) is called from worker threads, once per
/// item: implementations must be cheap and thread-safe (an atomic add).
pub trait Progress: Sync {
    /// A stage begins, with `total` items to advance by (0: not counted).
    fn stage(&self, stage: Stage, total: u64);
    /// `n` more items of the current stage are done. Called from worker
    /// threads; must be cheap.
    fn advance(&self, n: u64);
    /// The run is over (called once, after the last stage, by a run that
    /// succeeds).
    fn finish(&self) {}
}

/// Reports nothing: what [`pipeline::run`](crate::pipeline::run) uses.
#[derive(Copy, Clone, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: Stage, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// A stage that begins at its first [`advance`](Progress::advance): for a
/// step that does set-up work (reported as the stage before) and then goes
/// item by item. The stage is begun exactly once, before any of its items
/// reaches `inner`, whichever worker thread gets there first; after that,
/// an advance costs one atomic load more than `inner`'s.
pub struct Deferred<'a> {
    inner: &'a dyn Progress,
    stage: Stage,
    total: u64,
    begun: Once,
}

impl<'a> Deferred<'a> {
    pub fn new(inner: &'a dyn Progress, stage: Stage, total: u64) -> Deferred<'a> {
        Deferred { inner, stage, total, begun: Once::new() }
    }

    /// Begins the stage if no item has begun it (a step with no items).
    pub fn begin(&self) {
        self.begun.call_once(|| self.inner.stage(self.stage, self.total));
    }
}

impl Progress for Deferred<'_> {
    fn stage(&self, stage: Stage, total: u64) {
        self.inner.stage(stage, total);
    }

    fn advance(&self, n: u64) {
        self.begin();
        self.inner.advance(n);
    }

    fn finish(&self) {
        self.inner.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::sync::Mutex;

    #[derive(Clone, Debug, PartialEq)]
    enum Event {
        Stage(Stage, u64),
        Advance(u64),
        Finish,
    }

    /// Records every call, in order.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<Event>>);

    impl Progress for Recorder {
        fn stage(&self, stage: Stage, total: u64) {
            self.0.lock().unwrap().push(Event::Stage(stage, total));
        }
        fn advance(&self, n: u64) {
            self.0.lock().unwrap().push(Event::Advance(n));
        }
        fn finish(&self) {
            self.0.lock().unwrap().push(Event::Finish);
        }
    }

    impl Recorder {
        fn events(&self) -> Vec<Event> {
            self.0.lock().unwrap().clone()
        }

        /// Per stage, in order: (stage, total announced, sum of advances).
        /// Panics on an advance before any stage or after finish.
        fn stages(&self) -> Vec<(Stage, u64, u64)> {
            let mut out: Vec<(Stage, u64, u64)> = Vec::new();
            let mut finished = false;
            for e in self.events() {
                assert!(!finished, "{e:?} after finish");
                match e {
                    Event::Stage(s, total) => out.push((s, total, 0)),
                    Event::Advance(n) => out.last_mut().expect("advance before any stage").2 += n,
                    Event::Finish => finished = true,
                }
            }
            assert!(finished, "finish is called");
            out
        }
    }

    #[test]
    fn stages_are_numbered_in_order_and_labelled() {
        for (i, s) in Stage::ALL.iter().enumerate() {
            assert_eq!(s.number(), i);
            assert!(!s.label().is_empty() && !s.unit().is_empty());
        }
    }

    /// Every stage of a run on the bundled corpus, once, in order; each
    /// counted stage advanced by exactly its total; the totals are the
    /// corpus's documents, alignable sentences and alignments.
    #[test]
    fn a_run_reports_every_stage_with_advances_adding_up_to_its_total() {
        let corpus = crate::ingest::bundled();
        let rec = Recorder::default();
        let analysis =
            crate::pipeline::run_with(&corpus, &crate::config::Config::default(), &rec).unwrap();
        let stages = rec.stages();
        let order: Vec<Stage> = stages.iter().map(|s| s.0).collect();
        assert_eq!(order, Stage::ALL);
        for &(stage, total, done) in &stages {
            assert_eq!(done, total, "{stage:?}: advanced by {done} of {total}");
        }
        let total = |stage: Stage| stages[stage.number()].1;
        assert_eq!(total(Stage::Prepare), corpus.documents.len() as u64);
        assert_eq!(total(Stage::Diff), analysis.alignments.len() as u64);
        let sentences: usize = analysis
            .prepared
            .iter()
            .flat_map(|p| &p.seg.sentences)
            .filter(|s| {
                !s.excluded && s.kind == crate::model::BlockKind::Body && s.tokens.1 > s.tokens.0
            })
            .count();
        assert!(sentences > 100, "{sentences}");
        assert_eq!(total(Stage::Align), sentences as u64);
        for uncounted in [Stage::Index, Stage::Select, Stage::Verify] {
            assert_eq!(total(uncounted), 0, "{uncounted:?}");
        }
        // The same analysis as a silent run.
        let silent = crate::pipeline::run(&corpus, &crate::config::Config::default()).unwrap();
        assert_eq!(silent.alignments.len(), analysis.alignments.len());
        assert_eq!(silent.quotes.len(), analysis.quotes.len());
    }

    /// A deferred stage begins once, before the first of its items, however
    /// many threads advance at once.
    #[test]
    fn a_deferred_stage_begins_once_before_its_first_item() {
        let rec = Recorder::default();
        rec.stage(Stage::Index, 0);
        let d = Deferred::new(&rec, Stage::Align, 1000);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        pool.install(|| (0..1000).into_par_iter().for_each(|_| d.advance(1)));
        d.begin();
        let events = rec.events();
        assert_eq!(events[..2], [Event::Stage(Stage::Index, 0), Event::Stage(Stage::Align, 1000)]);
        assert_eq!(events.len(), 1002);
        assert!(events[2..].iter().all(|e| *e == Event::Advance(1)));
        // A step with no items still begins its stage.
        let rec = Recorder::default();
        Deferred::new(&rec, Stage::Align, 0).begin();
        assert_eq!(rec.events(), [Event::Stage(Stage::Align, 0)]);
    }
}
