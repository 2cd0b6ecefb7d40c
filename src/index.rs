//! Candidate index: which sentence pairs are worth aligning.
//!
//! Comparing every sentence with every other is quadratic; the index makes
//! candidate generation grow near-linearly with the corpus. Each sentence is
//! reduced to its **keys**: the matching keys of its content words and names
//! (see `normalize`) and the concept ids of those words (see `lexicon`), so a
//! paraphrase that swaps "warn" for "caution" still meets its source. An
//! inverted index maps every key to the sentences that hold it; a sentence's
//! candidates are the sentences of *other* documents that share keys with it,
//! ranked by the summed weight of the shared keys.
//!
//! Three bounds keep the cost linear (all in [`IndexConfig`]):
//!
//! * keys held by more than `max_postings` sentences are skipped as probes:
//!   they are the corpus's function-like words ("said", "country") and carry
//!   little evidence while costing the most;
//! * a candidate needs `min_shared` summed key weight (about two rare
//!   words or three common ones) before it is worth a full alignment;
//! * at most `max_candidates` candidates per sentence and other document are
//!   kept, best first.
//!
//! The index is built from a slice of sentences and queried with another, so
//! both can run on partitions of the corpus and be merged by sorting (see
//! [`Index::candidates`]).

use rustc_hash::FxHashMap;

use crate::model::{Key, SentenceRef};

/// Bounds of candidate generation; see the module docs for why.
#[derive(Clone, Debug)]
pub struct IndexConfig {
    /// Skip keys held by more sentences than this. 2,000 sentences is far more
    /// than any one remark is carried by in a realistic corpus, and well below
    /// the frequency of function-like words once a corpus holds more than a few
    /// hundred articles.
    pub max_postings: usize,
    /// Minimum summed weight of shared keys. With inverse sentence-frequency
    /// weights (1.0 to about 6.0), 3.0 needs two rare words or three common
    /// ones; on the seed corpus every gold link shares at least 4.5.
    pub min_shared: f32,
    /// Candidates kept per sentence and other document, best first.
    pub max_candidates: usize,
}

impl Default for IndexConfig {
    fn default() -> IndexConfig {
        IndexConfig { max_postings: 2000, min_shared: 3.0, max_candidates: 12 }
    }
}

/// The keys of one sentence with their weights (already deduplicated).
#[derive(Clone, Debug, Default)]
pub struct SentenceKeys {
    pub sentence: SentenceRef,
    pub keys: Vec<(Key, f32)>,
}

/// Inverted index from key to sentences.
#[derive(Debug, Default)]
pub struct Index {
    postings: FxHashMap<Key, Vec<SentenceRef>>,
}

impl Index {
    /// Indexes the given sentences.
    pub fn build(sentences: &[SentenceKeys]) -> Index {
        let mut postings: FxHashMap<Key, Vec<SentenceRef>> = FxHashMap::default();
        for s in sentences {
            for &(key, _) in &s.keys {
                postings.entry(key).or_default().push(s.sentence);
            }
        }
        for list in postings.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        Index { postings }
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.postings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// Candidates for `probe`: sentences of documents with a *higher* index
    /// than the probe's (so each unordered pair is proposed once), with the
    /// summed weight of shared keys, sorted by sentence.
    pub fn candidates(&self, probe: &SentenceKeys, cfg: &IndexConfig) -> Vec<(SentenceRef, f32)> {
        let mut acc: FxHashMap<SentenceRef, f32> = FxHashMap::default();
        for &(key, weight) in &probe.keys {
            let Some(list) = self.postings.get(&key) else {
                continue;
            };
            if list.len() > cfg.max_postings {
                continue;
            }
            // Sorted by (doc, sent): skip to the first sentence of a later document.
            let from = list.partition_point(|r| r.doc <= probe.sentence.doc);
            for r in &list[from..] {
                *acc.entry(*r).or_insert(0.0) += weight;
            }
        }
        let mut out: Vec<(SentenceRef, f32)> =
            acc.into_iter().filter(|&(_, w)| w >= cfg.min_shared).collect();
        // Best first within each document, ties by position: deterministic.
        out.sort_by(|a, b| {
            a.0.doc.cmp(&b.0.doc).then(b.1.total_cmp(&a.1)).then(a.0.sent.cmp(&b.0.sent))
        });
        let mut kept = Vec::with_capacity(out.len());
        let mut run_doc = u32::MAX;
        let mut run = 0;
        for c in out {
            if c.0.doc != run_doc {
                run_doc = c.0.doc;
                run = 0;
            }
            if run < cfg.max_candidates {
                kept.push(c);
                run += 1;
            }
        }
        kept.sort_by_key(|c| c.0);
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(doc: u32, sent: u32, ks: &[(u64, f32)]) -> SentenceKeys {
        SentenceKeys { sentence: SentenceRef { doc, sent }, keys: ks.to_vec() }
    }

    #[test]
    fn proposes_sentences_of_later_documents_sharing_enough_weight() {
        let sents = vec![
            keys(0, 0, &[(1, 2.0), (2, 2.0)]),
            keys(1, 0, &[(1, 2.0), (2, 2.0)]),
            keys(1, 1, &[(1, 2.0)]),
            keys(2, 0, &[(2, 2.0), (3, 1.0), (1, 2.0)]),
        ];
        let idx = Index::build(&sents);
        let cfg = IndexConfig::default();
        let c = idx.candidates(&sents[0], &cfg);
        let refs: Vec<_> = c.iter().map(|c| (c.0.doc, c.0.sent)).collect();
        assert_eq!(refs, vec![(1, 0), (2, 0)]);
        // Never proposes earlier documents or the same one.
        assert!(idx.candidates(&sents[3], &cfg).is_empty());
    }

    #[test]
    fn skips_overly_common_keys_and_caps_candidates() {
        let mut sents = vec![keys(0, 0, &[(9, 5.0), (7, 5.0)])];
        for i in 0..10 {
            sents.push(keys(1, i, &[(9, 5.0)]));
        }
        sents.push(keys(1, 10, &[(7, 5.0)]));
        let idx = Index::build(&sents);
        let cfg = IndexConfig { max_postings: 5, min_shared: 1.0, max_candidates: 3 };
        let c = idx.candidates(&sents[0], &cfg);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, SentenceRef { doc: 1, sent: 10 });
        let cfg = IndexConfig { max_postings: 100, min_shared: 1.0, max_candidates: 3 };
        assert_eq!(idx.candidates(&sents[0], &cfg).len(), 3);
    }
}
