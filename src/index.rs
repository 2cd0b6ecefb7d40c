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
//!   words or three common ones) before it is worth a full alignment, and
//!   keys shared with `min_terms` (two) of the probe's words: a word's
//!   concepts are keys too, and one shared word with them clears the
//!   weight alone;
//! * at most `max_candidates` candidates per sentence and other document are
//!   kept, best first.
//!
//! Two more keep the cost of candidate generation linear at scale:
//!
//! * at most `max_total` candidates per sentence over all other documents,
//!   best first: with hundreds of thousands of articles, a sentence shares
//!   a mid-frequency word with a few sentences of *every* other article, and
//!   the per-document cap alone lets the candidates of one sentence grow
//!   with the number of documents. The default (48) never binds on a corpus
//!   of five documents (4 later documents × 12);
//! * keys held by fewer than two sentences are not stored (they can propose
//!   nothing), and keys over `max_postings` are dropped when the index is
//!   built rather than when it is queried: the index holds `u32` sentence
//!   numbers for the keys that can be probed and nothing else.
//!
//! And one more keeps a probe's cost bounded whatever the corpus: at most
//! `max_scan` postings are scanned per probe, rarest keys first
//! ([`Index::candidates_from`]). The pipeline keeps two indexes (primaries,
//! articles) with caps per direction ([`Caps`]; see
//! `candidates::candidate_pairs`), and takes a second look within the
//! primaries an article carries ([`SecondLook`]), where caps set against
//! every primary of a large corpus cut an article sentence's source.
//!
//! A probe's sums go into a small open-addressing table per worker, sized
//! to the postings it scans ([`Scratch`]), not a dense array of one weight
//! per indexed sentence (which stopped fitting in cache as the corpus
//! grew), unless the index is small enough for that array to fit; the
//! sums are added in probe-key order, so the weights, and the candidates,
//! do not depend on the table.
//!
//! # Partitions and merging
//!
//! [`Index::build`] takes any slice of sentences and [`Index::candidates`]
//! any probe, so both run on partitions of the corpus: build one index per
//! partition of the sentences (on as many machines), probe every index with
//! every sentence, and merge the candidate lists of a probe by concatenating
//! and re-applying the caps ([`merge_candidates`]), which orders by
//! `(document, weight, sentence)` and is therefore independent of the order
//! the partitions arrive in. Sentence numbers are positions in the slice
//! given to `build`; [`Index::sentence`] maps them back. All hashing is
//! FxHash with its fixed seed.

use rustc_hash::FxHashMap;

use crate::config::IndexConfig;
use crate::hint::prefetch;
use crate::model::{Key, SentenceRef};

/// Sentences per block of an index build at least ([`Index::build_from`]):
/// below this a build is one block. 4,096, so that the indexes of a
/// thousand articles (20,000 sentences) are built on both cores too: one
/// block of them took 60–130 ms of a 1.5–2 s run while the other core idled.
const BLOCK_MIN: usize = 4_096;
/// Sentences of an index whose probes sum in a slot per sentence
/// ([`Scratch`]) rather than in a hash table: 16 bytes a slot, 512 KiB.
const DENSE_MAX: usize = 32_768;
/// Blocks of an index build at most: each holds a map of the keys it
/// counted until it is filled.
const MAX_BLOCKS: usize = 8;

/// The keys of one sentence with their weights (already deduplicated).
#[derive(Clone, Debug, Default)]
pub struct SentenceKeys {
    pub sentence: SentenceRef,
    pub keys: Vec<(Key, f32)>,
    /// Per key, the sentence's terms it comes from, as bits ([`term_bit`]);
    /// empty when not known, and then no candidate is held to
    /// [`IndexConfig::min_terms`].
    pub terms: Vec<u64>,
}

/// The bit of a sentence's `i`th term in [`SentenceKeys::terms`]: bit `i`,
/// and the last bit for every term from the 64th on (a candidate with
/// that bit set is taken to share keys with enough terms).
pub fn term_bit(i: usize) -> u64 {
    1 << i.min(63)
}

/// Whether `bits` ([`SentenceKeys::terms`] of the shared keys, or-ed)
/// stand for at least `min` terms.
///
/// Asked of every sentence a probe meets: the usual minimums (one, two)
/// are tested with a bit trick, not by counting the bits, which a build
/// for any x86-64 does without the `popcnt` instruction (a dozen
/// instructions). The loop that asks it, with its reads of the probe's
/// table, was a fifth of the scan's time on 100,000 generated articles;
/// the trick saved about 4% of a run at 10,000 and nothing measurable at
/// 100,000, where that loop waits on the table.
fn enough_terms(bits: u64, min: usize) -> bool {
    let enough = match min {
        0 => true,
        1 => bits != 0,
        // Clearing the lowest bit leaves one.
        2 => bits & bits.wrapping_sub(1) != 0,
        _ => bits.count_ones() as usize >= min,
    };
    enough || bits >> 63 == 1
}

/// Inverted index from key to sentences.
#[derive(Debug, Default)]
pub struct Index {
    /// Key -> range of its postings in `postings`.
    ranges: KeyTable,
    /// Sentence numbers (positions in `refs`), ascending within each key.
    postings: Vec<u32>,
    /// The indexed sentences, sorted by (doc, sent).
    refs: Vec<SentenceRef>,
    /// Per sentence number, its place in the order that breaks ties
    /// between candidates (documents by rank, see
    /// [`Index::rank_documents`], then sentences); empty when that order is
    /// the numbers' own (no ranks given, or ranks that follow the document
    /// numbers, as when the input comes in the order of its ids).
    place: Vec<u32>,
}

/// Key -> (start, length) of its postings: open addressing with linear
/// probing, a slot of 16 bytes holding the key and its range, at most half
/// full.
///
/// Every key of a probe is looked up in each index it probes (some 64 keys
/// twice per article sentence). In a general hash map each look-up read a
/// control byte and then the slot, two dependent loads that miss the
/// second-level cache once the table outgrows it, one key after the other.
/// Here a key's slot is known from the key alone, so all of a probe's
/// slots are asked for before the first is read ([`KeyTable::prefetch`]),
/// and the key and its range share a line. The indexes of generated
/// corpora hold 16,000–63,000 keys from 1,000 to 100,000 articles (0.5–2
/// MiB of slots). `len` is the number of keys stored, set once when the
/// table is built (a table is never changed after).
#[derive(Debug, Default)]
struct KeyTable {
    /// (key, start, length); length 0: empty (a stored key has postings).
    slots: Vec<(Key, u32, u32)>,
    /// Keys stored.
    len: usize,
}

impl KeyTable {
    /// A table of the given `(key, start, length)` entries, each key once
    /// and each length at least one.
    fn new(entries: impl ExactSizeIterator<Item = (Key, u32, u32)>) -> KeyTable {
        let len = entries.len();
        if len == 0 {
            return KeyTable::default();
        }
        let mut slots = vec![(0, 0, 0); (2 * len).next_power_of_two()];
        let mask = slots.len() - 1;
        for (key, start, n) in entries {
            debug_assert!(n > 0, "a stored key has postings");
            let mut h = Self::home(key, mask);
            while slots[h].2 != 0 {
                debug_assert!(slots[h].0 != key, "each key once");
                h = (h + 1) & mask;
            }
            slots[h] = (key, start, n);
        }
        KeyTable { slots, len }
    }

    /// The slot where a look-up of `key` starts (Fibonacci hashing: the
    /// high bits of a multiplication, as the keys' own low bits may not
    /// vary).
    fn home(key: Key, mask: usize) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }

    /// Asks for the line where a look-up of `key` starts.
    fn prefetch(&self, key: Key) {
        if let Some(slot) = self.slots.get(Self::home(key, self.slots.len().wrapping_sub(1))) {
            prefetch(slot);
        }
    }

    /// The range of `key`'s postings, if it is stored.
    fn get(&self, key: Key) -> Option<(u32, u32)> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut h = Self::home(key, mask);
        loop {
            let (k, start, n) = self.slots[h];
            if n == 0 {
                return None;
            }
            if k == key {
                return Some((start, n));
            }
            h = (h + 1) & mask;
        }
    }

    /// The stored `(key, (start, length))` entries, in no order.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = (Key, (u32, u32))> + '_ {
        self.slots.iter().filter(|s| s.2 != 0).map(|&(k, start, n)| (k, (start, n)))
    }
}

/// Scratch space of one worker for [`Index::candidates_with`]: the probe's
/// sums in a small hash table, and the slots it touched.
///
/// The table is sized to the postings a probe scans (at most
/// [`IndexConfig::max_scan`]), not to the index: a dense array of one weight
/// per indexed sentence, added to at random, stopped fitting in cache as
/// the corpus grew (8 MB per worker at 100,000 articles), and candidate
/// generation grew faster than the corpus. An index of at most `DENSE_MAX`
/// sentences (512 KiB of slots, within a core's second-level cache) does
/// get a slot per sentence: no hashing and no probing past collisions.
#[derive(Debug, Default)]
pub struct Scratch {
    /// (sentence number + 1, summed weight, the probe's terms the shared
    /// keys come from); 0: empty.
    slots: Vec<(u32, f32, u64)>,
    /// Slots in the order they were filled.
    touched: Vec<u32>,
    /// The probe's posting lists: (length, key number, start).
    lists: Vec<(u32, u32, u32)>,
    /// The candidates over `min_shared`, before the caps, and whether they
    /// share keys with enough terms of the probe.
    found: Vec<((u32, bool), f32)>,
    merge: Merge,
}

/// What [`merge_ranked`] works in, kept between probes: five allocations
/// per probe were 1.2% of a run on 1,000 generated articles.
#[derive(Debug, Default)]
pub(crate) struct Merge {
    by_weight: Vec<u64>,
    ranked: Vec<(u64, u32)>,
    per_doc: FxHashMap<u32, usize>,
    docs: Vec<u32>,
}

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
        // The sentences go in blocks, counted and filled on every thread:
        // a key's postings from one block follow those of the blocks before
        // it, so every list is ascending whatever the blocks (their number
        // depends on `n` alone). Filled on one thread, the articles' index
        // of 100,000 generated articles took 1.8 s while the other core
        // idled.
        Index::build_blocks(n, keys_of, cfg, min_df, (n / BLOCK_MIN).clamp(1, MAX_BLOCKS))
    }

    /// [`Index::build_inner`] in `blocks` blocks (at least one).
    fn build_blocks<'k, F>(
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
    /// capped list keeps no longer depends on the order of the inputs.
    /// Held as a place per sentence, and only when the ranks do not follow
    /// the document numbers.
    pub fn rank_documents(&mut self, rank: &[u32]) {
        self.place = places(&self.refs, rank);
    }

    /// Number of distinct keys stored.
    pub fn len(&self) -> usize {
        self.ranges.len
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.len == 0
    }

    /// Number of postings stored.
    pub fn postings(&self) -> usize {
        self.postings.len()
    }

    /// The sentence with number `i`.
    pub fn sentence(&self, i: u32) -> SentenceRef {
        self.refs[i as usize]
    }

    /// Fresh scratch space for [`Index::candidates_with`].
    pub fn scratch(&self) -> Scratch {
        Scratch::default()
    }

    /// Candidates for `probe`: sentences of documents with a *higher* index
    /// than the probe's (so each unordered pair is proposed once), with the
    /// summed weight of shared keys, sorted by sentence.
    ///
    /// Uses a per-thread scratch space: allocating one weight per indexed
    /// sentence for every probe made a run quadratic in the corpus.
    pub fn candidates(&self, probe: &SentenceKeys, cfg: &IndexConfig) -> Vec<(SentenceRef, f32)> {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
        }
        SCRATCH.with(|s| self.candidates_with(probe, cfg, &mut s.borrow_mut()))
    }

    /// [`Index::candidates`] with reusable scratch space (from
    /// [`Index::scratch`]; one per worker).
    pub fn candidates_with(
        &self,
        probe: &SentenceKeys,
        cfg: &IndexConfig,
        scratch: &mut Scratch,
    ) -> Vec<(SentenceRef, f32)> {
        self.candidates_from(probe, probe.sentence.doc + 1, cfg, scratch)
    }

    /// Candidates for `probe` among the sentences of documents numbered
    /// `from_doc` or more, other than the probe's own; otherwise as
    /// [`Index::candidates`].
    ///
    /// When the probe's keys hold more than `cfg.max_scan` postings in all,
    /// only the rarest keys are scanned, as many as fit in that budget
    /// (ties by key): a probe of a corpus of millions of sentences would
    /// otherwise spend most of its time adding up mid-frequency words that
    /// decide nothing, while any sentence that carries it shares its rare
    /// words. The sums are then over those keys only.
    pub fn candidates_from(
        &self,
        probe: &SentenceKeys,
        from_doc: u32,
        cfg: &IndexConfig,
        scratch: &mut Scratch,
    ) -> Vec<(SentenceRef, f32)> {
        let ids = self.candidate_ids_from(probe, from_doc, cfg, scratch);
        ids.into_iter().map(|(i, w)| (self.refs[i as usize], w)).collect()
    }

    /// [`Index::candidates_from`] by sentence number: the position of each
    /// candidate in the order the sentences were indexed (their (doc, sent)
    /// order), for a caller that keeps candidates as 4-byte positions in
    /// the list it indexed.
    pub fn candidate_ids_from(
        &self,
        probe: &SentenceKeys,
        from_doc: u32,
        cfg: &IndexConfig,
        scratch: &mut Scratch,
    ) -> Vec<(u32, f32)> {
        let dense = self.refs.len() <= DENSE_MAX;
        self.candidate_ids_in(probe, from_doc, cfg, scratch, dense)
    }

    /// [`Index::candidate_ids_from`], the probe summed in a slot per
    /// sentence when `dense`, else in the hashed table ([`Scratch`]).
    fn candidate_ids_in(
        &self,
        probe: &SentenceKeys,
        from_doc: u32,
        cfg: &IndexConfig,
        scratch: &mut Scratch,
        dense: bool,
    ) -> Vec<(u32, f32)> {
        let Scratch { slots, touched, lists, found, merge } = scratch;
        touched.clear();
        lists.clear();
        let from = self.refs.partition_point(|r| r.doc < from_doc) as u32;
        let own = self.refs.partition_point(|r| r.doc < probe.sentence.doc) as u32
            ..self.refs.partition_point(|r| r.doc <= probe.sentence.doc) as u32;
        // Every key's slot is asked for before the first is read: they are
        // independent, and each can miss the cache.
        for &(key, _) in &probe.keys {
            self.ranges.prefetch(key);
        }
        let mut total = 0usize;
        for (n, &(key, _)) in probe.keys.iter().enumerate() {
            let Some((start, len)) = self.ranges.get(key) else {
                continue;
            };
            if len as usize > cfg.max_postings {
                continue;
            }
            total += len as usize;
            lists.push((len, n as u32, start));
        }
        if total > cfg.max_scan {
            // Rarest first; keep what fits; then back in probe-key order so
            // that the sums are added in the same order as without a budget.
            lists.sort_unstable();
            let mut used = 0usize;
            let keep = lists
                .iter()
                .take_while(|l| {
                    used += l.0 as usize;
                    used <= cfg.max_scan
                })
                .count();
            lists.truncate(keep);
            lists.sort_unstable_by_key(|l| l.1);
        }
        // A small index gets a slot per sentence (no hashing, no probing);
        // a large one a table at most half full, where linear probing finds
        // a sentence in about one or two steps.
        let size = if dense {
            self.refs.len()
        } else {
            let scanned: usize = lists.iter().map(|l| l.0 as usize).sum();
            (2 * scanned).next_power_of_two().max(64)
        };
        if slots.len() < size {
            slots.resize(size, (0, 0.0, 0));
        }
        let mask = if dense { usize::MAX } else { size - 1 };
        // Every list's head is asked for before the first is read: on a
        // large corpus each is a cache miss, and they are independent.
        for &(_, _, start) in lists.iter() {
            if let Some(head) = self.postings.get(start as usize) {
                prefetch(head);
            }
        }
        // (Compiled once per kind of table: no test of the kind per posting.)
        if dense {
            sum_lists::<true>(&self.postings, lists, probe, from, own, slots, touched, mask);
        } else {
            sum_lists::<false>(&self.postings, lists, probe, from, own, slots, touched, mask);
        }
        // The probe's terms the scan reads keys of: no candidate is held to
        // more of them (`IndexConfig::min_terms`).
        let read = lists
            .iter()
            .fold(0, |bits, l| bits | probe.terms.get(l.1 as usize).copied().unwrap_or(u64::MAX));
        let min_terms = cfg.min_terms.min(read.count_ones() as usize);
        found.clear();
        for &h in touched.iter() {
            let (i, w, terms) = std::mem::take(&mut slots[h as usize]);
            if w >= cfg.min_shared {
                found.push(((i - 1, enough_terms(terms, min_terms)), w));
            }
        }
        let place = |i: u32| self.place.get(i as usize).copied().unwrap_or(i);
        let kept = merge_ranked(
            found,
            cfg,
            merge,
            |_, (i, _)| place(i),
            |(i, _)| self.refs[i as usize].doc,
        );
        kept.into_iter().filter(|c| c.0 .1).map(|((i, _), w)| (i, w)).collect()
    }
}

/// Adds up a probe's `lists` (length, key number, start) of `postings` into
/// `slots` (see [`Scratch`]): a slot per sentence when `DENSE`, else a
/// table of `mask + 1` slots probed linearly; `touched` gets the slots
/// filled, in order. Sentences before `from` and in `own` are skipped.
#[allow(clippy::too_many_arguments)]
fn sum_lists<const DENSE: bool>(
    postings: &[u32],
    lists: &[(u32, u32, u32)],
    probe: &SentenceKeys,
    from: u32,
    own: std::ops::Range<u32>,
    slots: &mut [(u32, f32, u64)],
    touched: &mut Vec<u32>,
    mask: usize,
) {
    for &(len, n, start) in lists.iter() {
        let weight = probe.keys[n as usize].1;
        let terms = probe.terms.get(n as usize).copied().unwrap_or(u64::MAX);
        let list = &postings[start as usize..(start + len) as usize];
        // (A binary search only when the list starts before `from`: it
        // reads lines of a long list that the scan below skips.)
        let lo = if list.first().is_some_and(|&i| i < from) {
            list.partition_point(|&i| i < from)
        } else {
            0
        };
        for &i in &list[lo..] {
            if own.contains(&i) {
                continue;
            }
            // Fibonacci hashing: the high bits of a multiplication.
            let mut h = if DENSE {
                i as usize
            } else {
                ((u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 32) as usize
            };
            loop {
                h &= mask;
                let slot = &mut slots[h];
                if slot.0 == i + 1 {
                    slot.1 += weight;
                    slot.2 |= terms;
                    break;
                }
                if slot.0 == 0 {
                    *slot = (i + 1, weight, terms);
                    touched.push(h as u32);
                    break;
                }
                h += 1;
            }
        }
    }
}

/// Per sentence of `refs` (sorted by (doc, sent)), its place in the order
/// of (`rank[doc]`, sent); empty when that is the order of `refs` itself
/// (an empty `rank` ranks documents by number).
fn places(refs: &[SentenceRef], rank: &[u32]) -> Vec<u32> {
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

/// Applies the caps to a probe's candidates (from one index or from several
/// partitions, concatenated): per document the `max_candidates` best, then
/// the `max_total` best overall; sorted by sentence. Deterministic whatever
/// the input order.
pub fn merge_candidates(
    mut out: Vec<(SentenceRef, f32)>,
    cfg: &IndexConfig,
) -> Vec<(SentenceRef, f32)> {
    // Sorted, a candidate's position is its place in the sentences' order.
    out.sort_unstable_by_key(|c| c.0);
    merge_ranked(&out, cfg, &mut Merge::default(), |i, _| i as u32, |r| r.doc)
}

/// [`merge_candidates`] with ties broken by `place`: given a candidate's
/// position in `out` and the candidate, its place in a total order of the
/// sentences (distinct for distinct sentences) in which a document's
/// sentences come in their order. Candidates are sentences or sentence
/// numbers (`T`); `doc` gives the document, and `T`'s order must be the
/// sentences' order.
fn merge_ranked<T: Copy + Ord>(
    out: &[(T, f32)],
    cfg: &IndexConfig,
    merge: &mut Merge,
    place: impl Fn(usize, T) -> u32,
    doc: impl Fn(T) -> u32,
) -> Vec<(T, f32)> {
    // The result is the first `max_total` candidates met walking all of them
    // best first (weight, then document rank, then sentence: a total order)
    // while skipping those of a document that already has `max_candidates`:
    // the per-document best, then the best overall.
    //
    // Only the head of the order is sorted (a probe of a large corpus
    // touches hundreds to thousands of sentences and keeps 8 to 48),
    // `max_total` long at first, four times longer whenever the per-document
    // cap skipped some of it. (Sorting four times `max_total`, at least 64,
    // cost about 4% of a run on 10,000 generated articles, where the head had
    // to grow once in more than 600,000 probes.)
    //
    // The head is chosen by weight alone (the weight's bits, best first,
    // with the candidate's position in `out`: one integer each), with every
    // candidate that ties the last one's weight; it is sorted by weight and
    // place (one integer each again), and only the candidates walked are
    // looked up (`doc`) for the per-document cap. Look-ups are scattered
    // over arrays of every indexed sentence: made by the sort's comparisons,
    // at every tie of weights (sums of a few key weights tie often), they
    // took as long as the scan that found the candidates on 100,000
    // generated articles; made for every candidate of the head, ties
    // included, they grew 36 times from 10,000 to 100,000 articles, where
    // a probe's head with its ties held 123 candidates, not 63, to keep 8
    // or 16.
    let Merge { by_weight, ranked, per_doc, docs } = merge;
    by_weight.clear();
    by_weight.extend(
        out.iter().enumerate().map(|(i, &(_, w))| u64::from(!total_order_bits(w)) << 32 | i as u64),
    );
    let weight_of = |k: u64| (k >> 32) as u32;
    let mut head = cfg.max_total.max(1);
    let mut kept = Vec::with_capacity(out.len().min(cfg.max_total));
    loop {
        let mut n = head.min(by_weight.len());
        if n < by_weight.len() {
            by_weight.select_nth_unstable(n - 1);
            // The candidates that tie the last one's weight join the head:
            // the full order decides among them.
            let last = weight_of(by_weight[n - 1]);
            let rest = n;
            for j in rest..by_weight.len() {
                if weight_of(by_weight[j]) == last {
                    by_weight.swap(n, j);
                    n += 1;
                }
            }
        }
        ranked.clear();
        ranked.extend(by_weight[..n].iter().map(|&k| {
            let i = k as u32 as usize;
            (u64::from(weight_of(k)) << 32 | u64::from(place(i, out[i].0)), i as u32)
        }));
        // Places are distinct: the keys order the candidates in full.
        ranked.sort_unstable_by_key(|r| r.0);
        kept.clear();
        per_doc.clear();
        // The walk reads each candidate's document, a read that misses the
        // cache on a large corpus: they are made a batch at a time, as many
        // as could be kept, so that they are in flight together (made one
        // by one, each waiting for its own, they took 1.7% of a
        // 100,000-article run).
        'walk: for batch in ranked.chunks(cfg.max_total.max(1)) {
            docs.clear();
            docs.extend(batch.iter().map(|&(_, i)| doc(out[i as usize].0)));
            for (&(_, i), &d) in batch.iter().zip(docs.iter()) {
                if kept.len() == cfg.max_total {
                    break 'walk;
                }
                let run = per_doc.entry(d).or_insert(0);
                if *run < cfg.max_candidates {
                    *run += 1;
                    kept.push(out[i as usize]);
                }
            }
        }
        if kept.len() == cfg.max_total || n == by_weight.len() {
            break;
        }
        head = head.saturating_mul(4);
    }
    kept.sort_unstable_by_key(|c| c.0);
    kept
}

/// The bits of `w` as an unsigned number that orders as
/// [`f32::total_cmp`] orders the floats (negatives flipped, the sign bit
/// set for non-negatives).
fn total_order_bits(w: f32) -> u32 {
    let bits = w.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(doc: u32, sent: u32, ks: &[(u64, f32)]) -> SentenceKeys {
        SentenceKeys { sentence: SentenceRef { doc, sent }, keys: ks.to_vec(), terms: Vec::new() }
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
        let cfg = IndexConfig {
            max_postings: 5,
            min_shared: 1.0,
            max_candidates: 3,
            ..IndexConfig::default()
        };
        let c = idx.candidates(&sents[0], &cfg);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, SentenceRef { doc: 1, sent: 10 });
        let cfg = IndexConfig {
            max_postings: 100,
            min_shared: 1.0,
            max_candidates: 3,
            ..IndexConfig::default()
        };
        assert_eq!(idx.candidates(&sents[0], &cfg).len(), 3);
    }

    /// The caps applied naively: every candidate sorted best first (weight,
    /// then document rank, then sentence; an empty `rank` ranks documents by
    /// number), walked, the per-document and total caps applied on the way.
    fn walk_of_the_whole_order(
        out: &[(SentenceRef, f32)],
        rank: &[u32],
        per_doc: usize,
        total: usize,
    ) -> Vec<(SentenceRef, f32)> {
        let ranked = |r: SentenceRef| (rank.get(r.doc as usize).copied().unwrap_or(r.doc), r.sent);
        let mut all = out.to_vec();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(ranked(a.0).cmp(&ranked(b.0))));
        let mut naive = Vec::new();
        let mut per: FxHashMap<u32, usize> = FxHashMap::default();
        for c in all {
            let n = per.entry(c.0.doc).or_insert(0);
            if naive.len() < total && *n < per_doc {
                *n += 1;
                naive.push(c);
            }
        }
        naive.sort_by_key(|c| c.0);
        naive
    }

    proptest::proptest! {
        /// The caps applied to a sorted head that grows when the
        /// per-document cap skips some of it keep what walking the whole
        /// order keeps (weights from a few values, so that ties are many),
        /// with documents ranked by number (`merge_candidates`) or by a
        /// permutation, as the index's probes rank them.
        #[test]
        fn caps_match_a_walk_of_the_whole_order(
            cands in proptest::collection::btree_map((0u32..6, 0u32..30), 0u8..4, 0..200),
            rank in proptest::strategy::Strategy::prop_shuffle(proptest::strategy::Just((0u32..6).collect::<Vec<u32>>())),
            by_rank: bool,
            per_doc in 1usize..6,
            total in 1usize..40,
        ) {
            let out: Vec<(SentenceRef, f32)> = cands
                .iter()
                .map(|(&(doc, sent), &w)| (SentenceRef { doc, sent }, 3.0 + f32::from(w)))
                .collect();
            let cfg = IndexConfig { max_candidates: per_doc, max_total: total, ..Default::default() };
            let rank = if by_rank { &rank[..] } else { &[] };
            let naive = walk_of_the_whole_order(&out, rank, per_doc, total);
            let merged = if by_rank {
                // As the index ranks its sentences: `out` holds each of
                // them once, sorted.
                let refs: Vec<SentenceRef> = out.iter().map(|c| c.0).collect();
                let place = places(&refs, rank);
                let place = |i: usize, _| place.get(i).copied().unwrap_or(i as u32);
                merge_ranked(&out, &cfg, &mut Merge::default(), place, |r| r.doc)
            } else {
                merge_candidates(out, &cfg)
            };
            proptest::prop_assert_eq!(merged, naive);
        }

        /// The packed weights order as `f32::total_cmp` orders the floats.
        #[test]
        fn weight_bits_order_as_total_cmp(a in proptest::num::u32::ANY, b in proptest::num::u32::ANY) {
            let (x, y) = (f32::from_bits(a), f32::from_bits(b));
            proptest::prop_assert_eq!(
                total_order_bits(x).cmp(&total_order_bits(y)),
                x.total_cmp(&y)
            );
        }

        /// The bit tricks for the small minimums say what counting says.
        #[test]
        fn enough_terms_is_counting_the_bits(bits in proptest::num::u64::ANY, sparse in 0u32..64, min in 0usize..6) {
            // (Words with few bits set, where the tricks decide, as well
            // as any word.)
            for b in [bits, bits & bits.rotate_left(sparse) & bits.rotate_left(2 * sparse), 1 << sparse, 0] {
                let counted = b.count_ones() as usize >= min || b >> 63 == 1;
                proptest::prop_assert_eq!(enough_terms(b, min), counted, "{:#x} {}", b, min);
            }
        }

        /// The key table finds what a map of the same entries finds, for
        /// keys stored and not, keys that share their high bits (a run of
        /// small numbers, as concept ids are) and keys whose home slots
        /// collide.
        #[test]
        fn the_key_table_finds_what_a_map_finds(
            keys in proptest::collection::hash_set(proptest::num::u64::ANY, 0..300),
            small in 0u64..200,
            asked in proptest::collection::vec(proptest::num::u64::ANY, 0..50),
        ) {
            let mut keys: Vec<u64> = keys.into_iter().chain(0..small).collect();
            keys.sort_unstable();
            keys.dedup();
            let map: FxHashMap<u64, (u32, u32)> =
                keys.iter().enumerate().map(|(i, &k)| (k, (i as u32 * 3, i as u32 % 7 + 1))).collect();
            let table = KeyTable::new(keys.iter().map(|k| (*k, map[k].0, map[k].1)).collect::<Vec<_>>().into_iter());
            proptest::prop_assert_eq!(table.len, keys.len());
            proptest::prop_assert!(keys.is_empty() || table.slots.len() >= 2 * keys.len(), "at most half full");
            for k in keys.iter().copied().chain(asked).chain([0, u64::MAX, small, small + 1]) {
                proptest::prop_assert_eq!(table.get(k), map.get(&k).copied(), "key {}", k);
            }
            let mut listed: Vec<(u64, (u32, u32))> = table.iter().collect();
            listed.sort_unstable();
            let mut want: Vec<(u64, (u32, u32))> = map.into_iter().collect();
            want.sort_unstable();
            proptest::prop_assert_eq!(listed, want);
        }
    }

    #[test]
    fn caps_candidates_over_all_documents_best_first() {
        let mut sents = vec![keys(0, 0, &[(1, 2.0), (2, 2.0), (3, 2.0)])];
        for d in 1..=6 {
            sents.push(keys(d, 0, &[(1, 2.0), (2, 2.0)]));
        }
        sents.push(keys(7, 0, &[(1, 2.0), (2, 2.0), (3, 2.0)]));
        let idx = Index::build(&sents);
        let cfg = IndexConfig { max_total: 3, ..IndexConfig::default() };
        let c = idx.candidates(&sents[0], &cfg);
        let docs: Vec<u32> = c.iter().map(|c| c.0.doc).collect();
        assert_eq!(docs, vec![1, 2, 7]);
        // Streaming build with a posting cap gives the same as a query-time cap.
        let cfg = IndexConfig { max_postings: 5, ..IndexConfig::default() };
        let streamed =
            Index::build_from(sents.len(), |i| std::borrow::Cow::Borrowed(&sents[i]), &cfg);
        assert_eq!(streamed.candidates(&sents[0], &cfg), idx.candidates(&sents[0], &cfg));
    }

    #[test]
    fn sums_match_a_plain_count_across_probes_sharing_one_scratch() {
        // Enough sentences and shared keys that the probe's table probes
        // past collisions, and probes of different sizes reuse one scratch.
        let key_of = |d: u32, s: u32, j: u64| (d as u64 * 7 + s as u64 * 13 + j * 31) % 97;
        let mut sents = Vec::new();
        for d in 0..60u32 {
            for s in 0..5u32 {
                let mut ks: Vec<(u64, f32)> =
                    (0..4).map(|j| (key_of(d, s, j), 1.0 + j as f32)).collect();
                ks.sort_by_key(|k| k.0);
                ks.dedup_by_key(|k| k.0);
                sents.push(keys(d, s, &ks));
            }
        }
        let idx = Index::build_from(
            sents.len(),
            |i| std::borrow::Cow::Borrowed(&sents[i]),
            &IndexConfig { max_postings: usize::MAX, ..IndexConfig::default() },
        );
        let cfg = IndexConfig {
            max_postings: usize::MAX,
            max_scan: usize::MAX,
            min_shared: 0.5,
            max_candidates: usize::MAX,
            max_total: usize::MAX,
            ..IndexConfig::default()
        };
        assert!(idx.refs.len() <= DENSE_MAX, "summed in a slot per sentence");
        // One scratch for both tables, as a thread's for every index.
        let mut scratch = idx.scratch();
        for probe in [&sents[0], &sents[17], &sents[3], &sents[250]] {
            let got = idx.candidates_from(probe, 0, &cfg, &mut scratch);
            let hashed = idx.candidate_ids_in(probe, 0, &cfg, &mut scratch, false);
            assert_eq!(hashed, idx.candidate_ids_from(probe, 0, &cfg, &mut scratch));
            // Plain count: every other document's sentence sharing a key
            // held by two or more sentences (what the index stores).
            let df = |k: u64| sents.iter().filter(|s| s.keys.iter().any(|x| x.0 == k)).count();
            let mut want: Vec<(SentenceRef, f32)> = sents
                .iter()
                .filter(|s| s.sentence.doc != probe.sentence.doc)
                .filter_map(|s| {
                    let w: f32 = probe
                        .keys
                        .iter()
                        .filter(|(k, _)| df(*k) >= 2 && s.keys.iter().any(|x| x.0 == *k))
                        .map(|x| x.1)
                        .sum();
                    (w >= cfg.min_shared).then_some((s.sentence, w))
                })
                .collect();
            want.sort_by_key(|c| c.0);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn a_candidate_shares_keys_with_two_terms_of_the_probe() {
        // Probe terms: 0 holds word key 1 and its concepts 10 and 11; 1
        // holds word key 2; 2 holds word key 3 and concept 10 again.
        let probe = SentenceKeys {
            terms: vec![0b001, 0b010, 0b100, 0b101, 0b001],
            ..keys(0, 0, &[(1, 2.0), (2, 2.0), (3, 2.0), (10, 1.4), (11, 1.4)])
        };
        let sents = vec![
            probe.clone(),
            // Word 1 with its concept 11: 3.4, but one term.
            keys(1, 0, &[(1, 2.0), (11, 1.4)]),
            // Words 1 and 2: two terms.
            keys(1, 1, &[(1, 2.0), (2, 2.0)]),
            // Concept 10 alone comes from terms 0 and 2: two terms at most.
            keys(1, 2, &[(10, 1.4), (12, 1.0)]),
            keys(2, 0, &[(12, 1.0)]),
        ];
        let idx = Index::build(&sents);
        let cfg = IndexConfig { min_shared: 1.0, ..IndexConfig::default() };
        let found = |probe: &SentenceKeys, cfg: &IndexConfig| -> Vec<u32> {
            idx.candidates(probe, cfg).iter().map(|c| c.0.sent).collect()
        };
        assert_eq!(found(&probe, &cfg), vec![1, 2]);
        // Terms not known, or a minimum of one: every candidate.
        let unknown = SentenceKeys { terms: Vec::new(), ..probe.clone() };
        assert_eq!(found(&unknown, &cfg), vec![0, 1, 2]);
        assert_eq!(found(&probe, &IndexConfig { min_terms: 1, ..cfg.clone() }), vec![0, 1, 2]);
        // A scan that reads the keys of one term holds no candidate to two:
        // key 2 (held by two sentences) fits a budget of two postings, and
        // comes from term 1 alone.
        let budget = IndexConfig { max_scan: 2, ..cfg.clone() };
        assert_eq!(found(&probe, &budget), vec![1]);
        // Terms from the 64th on share the last bit, which counts as enough.
        assert!(enough_terms(term_bit(70), 2) && !enough_terms(term_bit(5), 2));
        assert_eq!(term_bit(63), term_bit(64));
    }

    #[test]
    fn the_term_test_comes_after_the_caps() {
        // The heaviest candidate shares one term; with one place, the list
        // is empty rather than the runner-up's.
        let probe = SentenceKeys {
            terms: vec![0b01, 0b10, 0b01],
            ..keys(0, 0, &[(1, 3.0), (2, 1.0), (10, 3.0)])
        };
        let sents = vec![
            probe.clone(),
            keys(1, 0, &[(1, 3.0), (10, 3.0)]),
            keys(1, 1, &[(1, 3.0), (2, 1.0)]),
        ];
        let idx = Index::build(&sents);
        let cfg = IndexConfig { min_shared: 1.0, max_total: 1, ..IndexConfig::default() };
        assert!(idx.candidates(&probe, &cfg).is_empty());
        let two = IndexConfig { max_total: 2, ..cfg };
        let got: Vec<u32> = idx.candidates(&probe, &two).iter().map(|c| c.0.sent).collect();
        assert_eq!(got, vec![1]);
    }

    #[test]
    fn an_index_built_in_blocks_is_the_one_built_whole() {
        // Keys of every frequency: held by one sentence (not stored), by a
        // few, by many, and over `max_postings`.
        let mut sents = Vec::new();
        for d in 0..90u32 {
            for s in 0..7u32 {
                let i = u64::from(d * 7 + s);
                let mut ks: Vec<(u64, f32)> = [i, 1000 + i % 3, 2000 + i % 17, 3000 + i % 101]
                    .into_iter()
                    .map(|k| (k, 1.0))
                    .collect();
                ks.sort_by_key(|k| k.0);
                sents.push(keys(d, s, &ks));
            }
        }
        let cfg = IndexConfig { max_postings: 200, ..IndexConfig::default() };
        let build = |blocks: usize| {
            Index::build_blocks(
                sents.len(),
                |i| std::borrow::Cow::Borrowed(&sents[i]),
                &cfg,
                2,
                blocks,
            )
        };
        let whole = build(1);
        let mut ranges: Vec<(Key, (u32, u32))> = whole.ranges.iter().collect();
        ranges.sort_unstable();
        // The keys held by 2 to 200 sentences (of 630: `% 17` and `% 101`,
        // not `% 3`), each list ascending.
        assert_eq!(ranges.len(), 17 + 101);
        for &(_, (start, len)) in &ranges {
            let list = &whole.postings[start as usize..(start + len) as usize];
            assert!(list.windows(2).all(|w| w[0] < w[1]));
        }
        for blocks in [2, 3, 8] {
            let split = build(blocks);
            let mut split_ranges: Vec<(Key, (u32, u32))> = split.ranges.iter().collect();
            split_ranges.sort_unstable();
            assert_eq!(split_ranges, ranges, "{blocks} blocks");
            assert_eq!(split.postings, whole.postings, "{blocks} blocks");
            assert_eq!(split.refs, whole.refs, "{blocks} blocks");
        }
    }

    #[test]
    fn a_scan_budget_keeps_the_rarest_keys() {
        // Key 1 is held by 6 sentences of doc 1, key 2 by one of doc 2.
        let mut sents = vec![keys(0, 0, &[(1, 4.0), (2, 4.0)])];
        for i in 0..6 {
            sents.push(keys(1, i, &[(1, 4.0)]));
        }
        sents.push(keys(2, 0, &[(2, 4.0)]));
        let idx = Index::build(&sents);
        let all = IndexConfig { min_shared: 1.0, ..IndexConfig::default() };
        assert_eq!(idx.candidates(&sents[0], &all).len(), 7);
        // A budget of 3 postings scans key 2 (1 posting) and not key 1 (6).
        let budget = IndexConfig { max_scan: 3, ..all };
        let c = idx.candidates(&sents[0], &budget);
        assert_eq!(c, vec![(SentenceRef { doc: 2, sent: 0 }, 4.0)]);
    }

    #[test]
    fn outside_probes_reach_every_other_document_and_keys_held_once() {
        let sents = [keys(1, 0, &[(5, 4.0)]), keys(3, 0, &[(6, 4.0)])];
        let idx = Index::build_for_outside(
            sents.len(),
            |i| std::borrow::Cow::Borrowed(&sents[i]),
            &IndexConfig::default(),
        );
        let cfg = IndexConfig { min_shared: 1.0, ..IndexConfig::default() };
        let mut scratch = idx.scratch();
        // A probe from document 2 finds document 1 (before it) from 0 on,
        // and keys that one indexed sentence holds are kept.
        let probe = keys(2, 0, &[(5, 4.0), (6, 4.0)]);
        let c = idx.candidates_from(&probe, 0, &cfg, &mut scratch);
        assert_eq!(c.iter().map(|c| c.0.doc).collect::<Vec<_>>(), vec![1, 3]);
        // Its own document is never proposed.
        let own = keys(1, 5, &[(5, 4.0)]);
        assert!(idx.candidates_from(&own, 0, &cfg, &mut scratch).is_empty());
        // `build_from` drops keys held once (probes are among the indexed).
        let inside =
            Index::build_from(sents.len(), |i| std::borrow::Cow::Borrowed(&sents[i]), &cfg);
        assert!(inside.candidates_from(&probe, 0, &cfg, &mut inside.scratch()).is_empty());
    }

    #[test]
    fn ties_are_broken_by_document_rank() {
        let mut sents = vec![keys(0, 0, &[(1, 4.0)])];
        for d in 1..=3 {
            sents.push(keys(d, 0, &[(1, 4.0)]));
        }
        let mut idx = Index::build(&sents);
        let cfg = IndexConfig { max_total: 1, ..IndexConfig::default() };
        assert_eq!(idx.candidates(&sents[0], &cfg)[0].0.doc, 1);
        idx.rank_documents(&[0, 2, 1, 0]);
        assert_eq!(idx.candidates(&sents[0], &cfg)[0].0.doc, 3);
    }
}
