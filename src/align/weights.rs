//! Word weights: the inverse sentence frequency of every key of the corpus.

use rustc_hash::FxHashMap;

use crate::model::{Key, Prepared, Term};

/// Inverse sentence-frequency weights of keys over the whole corpus.
///
/// Every content key of the corpus is numbered, in ascending order of keys
/// (so numbers sort as keys do): a compiled side ([`Compiled`](super::Compiled)) holds a term's
/// 32-bit number instead of its 64-bit key and its weight, half the size.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    /// Key → its number.
    number: FxHashMap<Key, u32>,
    /// Per number, the key.
    pub(super) keys: Vec<Key>,
    /// Per number, the key's weight.
    pub(super) idf: Vec<f32>,
    /// Weight of a key seen in no sentence (a query from outside the corpus).
    unseen: f32,
}

impl Weights {
    /// Counts, for every key, how many (non-excluded) sentences hold it, and
    /// weighs it `ln((N + B) / (df + 0.5))`, where `B` is `background`
    /// ([`AlignConfig::background_sentences`](crate::config::AlignConfig::background_sentences)): a prior of that many unseen
    /// sentences that hold no content word. Without it, two short documents would make
    /// every word they share look common (df = N) and weigh nothing; with it,
    /// a corpus of thousands of sentences is weighed by its own counts.
    pub fn from_corpus(prepared: &[Prepared], background: f32) -> Weights {
        use rayon::prelude::*;
        // Counted per block of documents on every thread, then summed (the
        // counts do not depend on the blocks).
        let count = |docs: &[Prepared]| {
            let mut df: FxHashMap<Key, u32> = FxHashMap::default();
            let mut n = 0u32;
            let mut seen: Vec<Key> = Vec::new();
            for p in docs {
                for (si, s) in p.seg.sentences.iter().enumerate() {
                    let (a, b) = p.sentence_terms[si];
                    if s.excluded {
                        // Numbered with no count (its weight is the unseen
                        // one): every content key of the corpus has a number.
                        for t in p.terms[a..b].iter().filter(|t| !t.stop) {
                            df.entry(t.key).or_insert(0);
                        }
                        continue;
                    }
                    n += 1;
                    seen.clear();
                    seen.extend(p.terms[a..b].iter().filter(|t| !t.stop).map(|t| t.key));
                    seen.sort_unstable();
                    seen.dedup();
                    for k in &seen {
                        *df.entry(*k).or_insert(0) += 1;
                    }
                }
            }
            (df, n)
        };
        // Blocks of an eighth of the documents, 128 to 1,024 of them, so
        // that a thousand articles are counted on every core.
        let block = prepared.len().div_ceil(8).clamp(128, 1024);
        let (df, n) = prepared.par_chunks(block).map(count).reduce(
            || (FxHashMap::default(), 0),
            |(a, n), (b, m)| {
                let (mut a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (k, d) in b {
                    *a.entry(k).or_insert(0) += d;
                }
                (a, n + m)
            },
        );
        let n = n as f32 + background;
        let mut df: Vec<(Key, u32)> = df.into_iter().collect();
        df.sort_unstable();
        let number = df.iter().enumerate().map(|(i, &(k, _))| (k, i as u32)).collect();
        let keys = df.iter().map(|&(k, _)| k).collect();
        let idf = df.iter().map(|&(_, d)| (n / (d as f32 + 0.5)).ln().max(0.1)).collect();
        Weights { number, keys, idf, unseen: (n / 0.5).ln().max(0.1) }
    }

    pub fn weight(&self, term: &Term) -> f32 {
        if term.stop {
            0.0
        } else {
            self.number.get(&term.key).map_or(self.unseen, |&i| self.idf[i as usize])
        }
    }

    /// A content term's key number; `None` for a function word (or a key
    /// from outside the corpus).
    pub(super) fn number(&self, term: &Term) -> Option<u32> {
        if term.stop {
            return None;
        }
        self.number.get(&term.key).copied()
    }
}
