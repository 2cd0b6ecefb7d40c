//! Building an index: keys counted, then postings filled, in blocks on every
//! thread; and the places that break ties when documents are ranked.

use rustc_hash::FxHashMap;

use super::table::KeyTable;
use super::{Index, SentenceKeys};
use crate::config::IndexConfig;
use crate::model::{Key, SentenceRef};

/// Sentences per block of an index build at least ([`Index::build_from`]):
/// below this a build is one block. 4,096, so that the indexes of a
/// thousand articles (20,000 sentences) are built on both cores too.
const BLOCK_MIN: usize = 4_096;

/// Blocks of an index build at most: each holds a map of the keys it
/// counted until it is filled.
const MAX_BLOCKS: usize = 8;

impl Index {
    /// Indexes the given sentences.
    pub fn build(sentences: &[SentenceKeys]) -> Index {
        Index::build_from(
            sentences.len(),
            |i| std::borrow::Cow::Borrowed(&sentences[i]),
            &IndexConfig { max_postings: usize::MAX, ..IndexConfig::default() },
        )
    }

    /// Indexes `n` sentences whose keys `keys_of(i)` gives (computed twice,
    /// so that no list of every sentence's keys is ever held), sorted by
    /// (doc, sent). Keys held by more than `cfg.max_postings` sentences or by
    /// fewer than two are not stored.
    pub fn build_from<'k, F>(n: usize, keys_of: F, cfg: &IndexConfig) -> Index
    where
        F: Fn(usize) -> std::borrow::Cow<'k, SentenceKeys> + Sync,
    {
        Index::build_inner(n, keys_of, cfg, 2)
    }

    /// [`Index::build_from`] for an index probed with sentences that are not
    /// in it (the primaries' index, probed by articles): a key held by one
    /// indexed sentence can still propose it, so it is stored.
    pub fn build_for_outside<'k, F>(n: usize, keys_of: F, cfg: &IndexConfig) -> Index
    where
        F: Fn(usize) -> std::borrow::Cow<'k, SentenceKeys> + Sync,
    {
        Index::build_inner(n, keys_of, cfg, 1)
    }

    fn build_inner<'k, F>(n: usize, keys_of: F, cfg: &IndexConfig, min_df: u32) -> Index
    where
        F: Fn(usize) -> std::borrow::Cow<'k, SentenceKeys> + Sync,
    {
        // The sentences go in blocks, counted and filled on every thread, so
        // that a large index does not leave the other cores idle: a key's
        // postings from one block follow those of the blocks before it, so
        // every list is ascending whatever the blocks (their number depends
        // on `n` alone).
        Index::build_blocks(n, keys_of, cfg, min_df, (n / BLOCK_MIN).clamp(1, MAX_BLOCKS))
    }

    /// [`Index::build_inner`] in `blocks` blocks (at least one).
    pub(super) fn build_blocks<'k, F>(
        n: usize,
        keys_of: F,
        cfg: &IndexConfig,
        min_df: u32,
        blocks: usize,
    ) -> Index
    where
        F: Fn(usize) -> std::borrow::Cow<'k, SentenceKeys> + Sync,
    {
        use rayon::prelude::*;
        use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
        let bounds = |b: usize| n * b / blocks..n * (b + 1) / blocks;
        // Pass 1: how many sentences of each block hold each key.
        let mut counts: Vec<FxHashMap<Key, u32>> = (0..blocks)
            .into_par_iter()
            .map(|b| {
                let mut m: FxHashMap<Key, u32> = FxHashMap::default();
                for i in bounds(b) {
                    for &(k, _) in &keys_of(i).keys {
                        *m.entry(k).or_insert(0) += 1;
                    }
                }
                m
            })
            .collect();
        let mut df: FxHashMap<Key, u32> = FxHashMap::default();
        for m in &counts {
            df.reserve(m.len());
            for (&k, &c) in m {
                *df.entry(k).or_insert(0) += c;
            }
        }
        // Ranges of the keys worth storing, in key order (deterministic).
        let mut kept: Vec<(Key, u32)> = df
            .into_iter()
            .filter(|&(_, d)| d >= min_df && d as usize <= cfg.max_postings)
            .collect();
        kept.sort_unstable();
        let mut at = 0u32;
        let entries: Vec<(Key, u32, u32)> = kept
            .into_iter()
            .map(|(k, d)| {
                at += d;
                (k, at - d, d)
            })
            .collect();
        // Each block's counts become where its postings of each key begin
        // (keys not stored are dropped).
        let mut next: FxHashMap<Key, u32> =
            entries.iter().map(|&(k, start, _)| (k, start)).collect();
        let ranges = KeyTable::new(entries.into_iter());
        for m in &mut counts {
            m.retain(|k, c| match next.get_mut(k) {
                Some(at) => {
                    let count = *c;
                    *c = *at;
                    *at += count;
                    true
                }
                None => false,
            });
        }
        drop(next);
        // Pass 2: fill, each block at its own places.
        let postings: Vec<AtomicU32> = (0..at).map(|_| AtomicU32::new(0)).collect();
        let refs: Vec<Vec<SentenceRef>> = counts
            .into_par_iter()
            .enumerate()
            .map(|(b, mut cursor)| {
                let mut refs = Vec::with_capacity(bounds(b).len());
                for i in bounds(b) {
                    let keys = keys_of(i);
                    refs.push(keys.sentence);
                    for &(k, _) in &keys.keys {
                        if let Some(at) = cursor.get_mut(&k) {
                            postings[*at as usize].store(i as u32, Relaxed);
                            *at += 1;
                        }
                    }
                }
                refs
            })
            .collect();
        let postings: Vec<u32> = postings.into_iter().map(AtomicU32::into_inner).collect();
        let refs: Vec<SentenceRef> = refs.concat();
        debug_assert!(refs.windows(2).all(|w| w[0] < w[1]), "sentences sorted by (doc, sent)");
        Index { ranges, postings, refs, place: Vec::new() }
    }

    /// Breaks ties between equally good candidates by `rank[doc]` rather
    /// than by document number: given ranks that follow something of the
    /// documents' own (the pipeline uses their ids), which candidates a
    /// capped list keeps does not depend on the order of the inputs.
    /// Held as a place per sentence, and only when the ranks do not follow
    /// the document numbers.
    pub fn rank_documents(&mut self, rank: &[u32]) {
        self.place = places(&self.refs, rank);
    }
}

/// Per sentence of `refs` (sorted by (doc, sent)), its place in the order
/// of (`rank[doc]`, sent); empty when that is the order of `refs` itself
/// (an empty `rank` ranks documents by number).
pub(super) fn places(refs: &[SentenceRef], rank: &[u32]) -> Vec<u32> {
    let key = |r: &SentenceRef| (rank.get(r.doc as usize).copied().unwrap_or(r.doc), r.sent);
    if refs.windows(2).all(|w| key(&w[0]) < key(&w[1])) {
        return Vec::new();
    }
    let mut order: Vec<u32> = (0..refs.len() as u32).collect();
    order.sort_unstable_by_key(|&i| key(&refs[i as usize]));
    let mut place = vec![0; refs.len()];
    for (p, &i) in order.iter().enumerate() {
        place[i as usize] = p as u32;
    }
    place
}
