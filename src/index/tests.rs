//! Tests of the index: candidates and their caps, the scan budget, the term
//! test, block builds, document ranks, and the key table against a map.

use rustc_hash::FxHashMap;

use super::build::places;
use super::merge::total_order_bits;
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
    /// with documents ranked by number (sorted by sentence) or by a
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
            // Sorted, a candidate's position is its place in the
            // sentences' order.
            let mut out = out;
            out.sort_unstable_by_key(|c| c.0);
            merge_ranked(&out, &cfg, &mut Merge::default(), |i, _| i as u32, |r| r.doc)
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
    let streamed = Index::build_from(sents.len(), |i| std::borrow::Cow::Borrowed(&sents[i]), &cfg);
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
    let sents =
        vec![probe.clone(), keys(1, 0, &[(1, 3.0), (10, 3.0)]), keys(1, 1, &[(1, 3.0), (2, 1.0)])];
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
        Index::build_blocks(sents.len(), |i| std::borrow::Cow::Borrowed(&sents[i]), &cfg, 2, blocks)
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
    let inside = Index::build_from(sents.len(), |i| std::borrow::Cow::Borrowed(&sents[i]), &cfg);
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
