//! Candidate merging: the caps per document and overall applied to a probe's
//! candidates, best first, ties broken by a total order of the sentences.

use rustc_hash::FxHashMap;

use crate::config::IndexConfig;

/// What [`merge_ranked`] works in, kept between probes so that merging a
/// probe's candidates allocates no working space of its own.
#[derive(Debug, Default)]
pub(crate) struct Merge {
    by_weight: Vec<u64>,
    ranked: Vec<(u64, u32)>,
    per_doc: FxHashMap<u32, usize>,
    docs: Vec<u32>,
}

/// Applies the caps to a probe's candidates: per document the
/// `max_candidates` best, then the `max_total` best overall, sorted by
/// sentence. Ties are broken by `place`: given a candidate's
/// position in `out` and the candidate, its place in a total order of the
/// sentences (distinct for distinct sentences) in which a document's
/// sentences come in their order. Candidates are sentences or sentence
/// numbers (`T`); `doc` gives the document, and `T`'s order must be the
/// sentences' order.
pub(super) fn merge_ranked<T: Copy + Ord>(
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
    // cap skipped some of it. (A longer first head would be sorted in every
    // probe for the rare probe whose head has to grow.)
    //
    // The head is chosen by weight alone (the weight's bits, best first,
    // with the candidate's position in `out`: one integer each), with every
    // candidate that ties the last one's weight; it is sorted by weight and
    // place (one integer each again), and only the candidates walked are
    // looked up (`doc`) for the per-document cap. Look-ups are scattered
    // over arrays of every indexed sentence and miss the cache on a large
    // corpus: made by the sort's comparisons, at every tie of weights (sums
    // of a few key weights tie often), or for every candidate of the head,
    // ties included, they would cost as much as the scan that found the
    // candidates.
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
        // as could be kept, so that they are in flight together rather than
        // each waiting for its own.
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
pub(super) fn total_order_bits(w: f32) -> u32 {
    let bits = w.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}
