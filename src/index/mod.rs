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
//! [`Caps`]: crate::config::Caps
//! [`SecondLook`]: crate::config::SecondLook
//!
//! A probe's sums go into a small open-addressing table per worker, sized
//! to the postings it scans ([`Scratch`]), not a dense array of one weight
//! per indexed sentence (which does not fit in cache on a large corpus),
//! unless the index is small enough for that array to fit; the
//! sums are added in probe-key order, so the weights, and the candidates,
//! do not depend on the table.
//!
//! # Determinism
//!
//! Sentence numbers are positions in the slice given to [`Index::build`];
//! [`Index::sentence`] maps them back. Candidates are ranked by weight,
//! then by the rank of their document, then by sentence: a total order, so
//! the lists do not depend on the order the sentences were indexed in. All
//! hashing is FxHash with its fixed seed.

mod build;
mod merge;
mod table;

#[cfg(test)]
mod tests;

use merge::{merge_ranked, Merge};
use table::KeyTable;

use crate::config::IndexConfig;
use crate::hint::prefetch;
use crate::model::{Key, SentenceRef};

/// Sentences of an index whose probes sum in a slot per sentence
/// ([`Scratch`]) rather than in a hash table: 16 bytes a slot, 512 KiB.
const DENSE_MAX: usize = 32_768;

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
/// instructions).
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

/// Scratch space of one worker for [`Index::candidates_with`]: the probe's
/// sums in a small hash table, and the slots it touched.
///
/// The table is sized to the postings a probe scans (at most
/// [`IndexConfig::max_scan`]), not to the index: a dense array of one weight
/// per indexed sentence, added to at random, does not fit in cache on a
/// large corpus (8 MB per worker at 100,000 articles), and would make
/// candidate generation grow faster than the corpus. An index of at most
/// `DENSE_MAX` sentences (512 KiB of slots, within a core's second-level
/// cache) does get a slot per sentence: no hashing and no probing past
/// collisions.
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

impl Index {
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
    /// sentence for every probe would make a run quadratic in the corpus.
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
