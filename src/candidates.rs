//! Candidate generation: which sentence pairs are scored.
//!
//! Comparing every sentence with every other is quadratic; the inverted
//! indexes of [`index`](crate::index) propose, for each sentence, the
//! sentences of other documents that share its rarest words and concepts,
//! and only those pairs are scored ([`align::align_pair`]). How the
//! proposals are bounded, and why, is in [`IndexConfig`]; how the passes
//! fit together is in [`candidate_pairs`].

use std::borrow::Cow;

use rayon::prelude::*;

use crate::align::{self, Context, PairMatch};
use crate::config::{Caps, IndexConfig};
use crate::index::Index;
use crate::model::{alignable_sentences, SentenceRef};
use crate::progress::Progress;

/// All scored sentence pairs between different documents, each passed to
/// `keep` as it is scored; what it returns is collected in parts, in a
/// fixed order whatever the number of threads.
///
/// Two indexes: one of the primaries' sentences, one of the other
/// documents'. Pairs of a primary and an article are proposed from both
/// sides: each primary sentence keeps its best articles, and each article
/// sentence its best primaries, so a remark carried by more articles than a
/// candidate list holds is still found by every article that carries it,
/// and an article sentence that shares words with many remarks still finds
/// the remark whose best carrier it is; the union does not depend on the
/// order of the inputs. A primary sentence also probes the later primaries,
/// an article sentence the later articles. Each unordered pair is scored
/// once, with the primary as the source. The articles' index is the one that
/// grows with the corpus; every probe scans at most `max_scan` postings,
/// rarest words first. The caps of each direction are in [`IndexConfig`].
///
/// Then a second look ([`SecondLook`](crate::config::SecondLook)): an article that
/// carries remarks of a primary in several of its sentences (pairs that
/// `keep` keeps) has its other sentences probed within that primary alone,
/// where the caps, set against every primary of the corpus, cannot cut their
/// source.
///
/// Memory: the article sentences' candidate lists are held in two flat
/// arrays of positions (built 65,536 sentences at a time), not a
/// vector of sentences per sentence, and a pair that `keep` drops is never held.
pub fn candidate_pairs<T: Send>(
    ctx: &Context<'_>,
    primary: &[bool],
    cfg: &IndexConfig,
    progress: &dyn Progress,
    keep: impl Fn(PairMatch) -> Option<T> + Sync,
) -> Vec<Vec<T>> {
    let refs = alignable_sentences(ctx.prepared);
    let (prim, art): (Vec<SentenceRef>, Vec<SentenceRef>) =
        refs.iter().partition(|r| primary[r.doc as usize]);
    drop(refs);
    // Keys are computed on demand (twice to build, once to probe) rather
    // than held for every sentence of the corpus. Both indexes are probed by
    // sentences they do not hold, so they keep keys held by one sentence.
    let keys = |rs: &[SentenceRef], i: usize| Cow::Owned(align::sentence_keys(ctx, rs[i]));
    let (mut prim_index, mut art_index) = rayon::join(
        || Index::build_for_outside(prim.len(), |i| keys(&prim, i), cfg),
        || Index::build_for_outside(art.len(), |i| keys(&art, i), cfg),
    );
    // Ties between candidates are broken by document id, not input order.
    let mut by_id: Vec<u32> = (0..ctx.docs.len() as u32).collect();
    by_id.sort_by(|&a, &b| ctx.docs[a as usize].id.cmp(&ctx.docs[b as usize].id).then(a.cmp(&b)));
    let mut rank = vec![0u32; ctx.docs.len()];
    for (r, &d) in by_id.iter().enumerate() {
        rank[d as usize] = r as u32;
    }
    prim_index.rank_documents(&rank);
    art_index.rank_documents(&rank);
    drop(rank);
    let caps = |c: Caps| IndexConfig {
        max_candidates: c.per_doc,
        max_total: c.total,
        max_scan: c.scan,
        ..cfg.clone()
    };
    let (a2p, a2a) = (caps(cfg.article_to_primary), caps(cfg.article_to_article));
    let scratch = || (prim_index.scratch(), art_index.scratch());
    let refs_of = |c: Vec<(SentenceRef, f32)>| c.into_iter().map(|c| c.0);
    // Per primary sentence: its candidates (later primaries, all articles).
    let prim_lists: Vec<Vec<SentenceRef>> = prim
        .par_iter()
        .with_min_len(64)
        .map_init(scratch, |(ps, scratch), &r| {
            progress.advance(1);
            let probe = align::sentence_keys(ctx, r);
            let mut c: Vec<SentenceRef> =
                refs_of(prim_index.candidates_with(&probe, cfg, ps)).collect();
            c.extend(refs_of(art_index.candidates_from(&probe, 0, cfg, scratch)));
            c.sort_unstable();
            c
        })
        .collect();
    let keep = &keep;
    // Primary–article pairs that `keep` keeps, as (primary sentence,
    // article sentence): which remarks each article carries.
    let noted = std::sync::Mutex::new(Vec::<(SentenceRef, SentenceRef)>::new());
    let noting = |p: PairMatch, source: SentenceRef, article: SentenceRef| {
        let t = keep(p)?;
        noted.lock().expect("not poisoned").push((source, article));
        Some(t)
    };
    let noting = &noting;
    // Kept in the parts the threads made ([`parts`]): a single vector grown
    // pass after pass would hold its old and new buffers at once on every
    // doubling, three times its size at the worst moment, and a pass
    // collected into one vector would hold its parts and their copy.
    let mut pairs: Vec<Vec<T>> = Vec::new();
    pairs.extend(parts(prim.par_iter().zip(&prim_lists).flat_map_iter(|(&r, c)| {
        align::fetch_ahead(ctx, c.iter().copied()).filter_map(move |o| {
            if primary[o.doc as usize] {
                let (a, b) = source_first(ctx, r, o);
                align::align_pair(ctx, a, b).and_then(keep)
            } else {
                align::align_pair(ctx, r, o).and_then(|p| noting(p, r, o))
            }
        })
    })));
    // Whether primary sentence number `s` listed article sentence number
    // `i`. Asked of every primary an article sentence proposes, and looked
    // up per article sentence (the probes go in the articles' order, so
    // these lists are read in order), not in each primary's list: a search
    // there misses the cache on a large corpus, and its cost grows faster
    // than the corpus.
    let proposed_by = proposed_by(&prim_lists, art.as_slice(), primary, ctx.docs.len());
    drop(prim_lists);
    let proposed = |s: u32, i: usize| proposed_by.get(i).binary_search(&s).is_ok();
    // Per article sentence: its primaries and its articles (any other
    // article, earlier or later in the input), probed once. Held as
    // positions in `prim` and `art`, which are the indexes' sentence numbers
    // (4 bytes each, in the sentences' order).
    let mut sources = Lists::default();
    let mut others = Lists::default();
    for (b, block) in art.chunks(LIST_BLOCK).enumerate() {
        let lists: Vec<(Vec<u32>, Vec<u32>)> = block
            .par_iter()
            .enumerate()
            .with_min_len(256)
            .map_init(scratch, |(ps, scratch), (j, &r)| {
                progress.advance(1);
                let probe = align::sentence_keys(ctx, r);
                let ids = |c: Vec<(u32, f32)>| c.into_iter().map(|c| c.0);
                let i = b * LIST_BLOCK + j;
                let s = ids(prim_index.candidate_ids_from(&probe, 0, &a2p, ps))
                    .filter(|&s| !proposed(s, i))
                    .collect();
                let o = ids(art_index.candidate_ids_from(&probe, 0, &a2a, scratch)).collect();
                (s, o)
            })
            .collect();
        for (s, o) in lists {
            sources.push(&s);
            others.push(&o);
        }
    }
    drop((prim_index, art_index));
    // A pair of articles is scored once, earlier sentence first, when either
    // proposes the other: the union does not depend on which of the two
    // comes first in the input (each list is the probe's own best, and a
    // probe's weights are its own words').
    let (prim, art, others) = (&prim, &art, &others);
    pairs.extend(parts(art.par_iter().enumerate().with_min_len(256).flat_map_iter(|(i, &r)| {
        let sources = sources.get(i).iter().map(move |&s| prim[s as usize]);
        let from_primaries = align::fetch_ahead(ctx, sources).filter_map(move |source| {
            align::align_pair(ctx, source, r).and_then(|p| noting(p, source, r))
        });
        // (Collected: fetching ahead walks its list four times, and the
        // test reads the other sentence's list.)
        let listed = |j: u32| others.get(j as usize).binary_search(&(i as u32)).is_ok();
        let listed_here: Vec<SentenceRef> = others
            .get(i)
            .iter()
            .filter(|&&j| j as usize > i || !listed(j))
            .map(|&j| art[j as usize])
            .collect();
        let between = align::fetch_ahead(ctx, listed_here.iter().copied()).filter_map(move |o| {
            let (a, b) = source_first(ctx, r, o);
            align::align_pair(ctx, a, b).and_then(keep)
        });
        from_primaries.chain(between).collect::<Vec<_>>()
    })));
    // The second look (`IndexConfig::second_look`): every sentence of an
    // article that carries remarks of a primary in `min_carried` or more of
    // its sentences, and none of that primary's itself, is probed within
    // that primary alone (all of its keys read), and its best candidates
    // there that no list proposed are scored. Which pairs were kept does not
    // depend on the order of the inputs or of the threads (sorted below), so
    // neither does the second look.
    let mut covered: Vec<(SentenceRef, u32)> =
        noted.lock().expect("not poisoned").iter().map(|&(s, a)| (a, s.doc)).collect();
    covered.sort_unstable();
    covered.dedup();
    let min_carried = cfg.second_look.min_carried;
    let mut carried: Vec<(u32, u32)> = Vec::new();
    if min_carried > 0 {
        let mut by_doc: Vec<(u32, u32, u32)> =
            covered.iter().map(|&(a, d)| (a.doc, d, a.sent)).collect();
        by_doc.sort_unstable();
        for run in by_doc.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            if run.len() >= min_carried {
                carried.push((run[0].0, run[0].1));
            }
        }
    }
    // Grouped by primary: each primary's sentences are indexed on their own
    // (a few hundred keys: every key kept, every key read), once for all
    // the articles that carry it.
    let mut by_primary: Vec<(u32, u32)> = carried.iter().map(|&(a, d)| (d, a)).collect();
    by_primary.sort_unstable();
    let look = IndexConfig {
        max_postings: usize::MAX,
        max_scan: usize::MAX,
        max_candidates: cfg.second_look.per_doc,
        max_total: cfg.second_look.per_doc,
        ..cfg.clone()
    };
    let in_doc = |rs: &[SentenceRef], doc: u32| {
        rs.partition_point(|r| r.doc < doc)..rs.partition_point(|r| r.doc <= doc)
    };
    pairs.extend(parts(by_primary.par_chunk_by(|x, y| x.0 == y.0).flat_map_iter(|group| {
        let d = group[0].0;
        let within = in_doc(prim, d);
        let sents = &prim[within.clone()];
        let index = Index::build_for_outside(sents.len(), |i| keys(sents, i), &look);
        let mut scratch = index.scratch();
        let mut out = Vec::new();
        for &(_, a) in group {
            for i in in_doc(art, a) {
                let r = art[i];
                if covered.binary_search(&(r, d)).is_ok() {
                    continue;
                }
                let probe = align::sentence_keys(ctx, r);
                for (id, _) in index.candidate_ids_from(&probe, 0, &look, &mut scratch) {
                    // The index's sentence numbers are positions in `sents`.
                    let s = within.start as u32 + id;
                    if proposed(s, i) || sources.get(i).binary_search(&s).is_ok() {
                        continue;
                    }
                    let source = prim[s as usize];
                    out.extend(
                        align::align_pair(ctx, source, r).and_then(|p| noting(p, source, r)),
                    );
                }
            }
        }
        out
    })));
    // What only the primaries' passes read.
    drop((proposed_by, sources, covered));
    // Articles that carry the same remark (`IndexConfig::shared_source`):
    // every pair of article sentences kept against one primary sentence is
    // scored, unless the articles' lists proposed it already. The lists
    // rank an article sentence against the sentences of every article, and
    // once a remark is carried by more articles than a list holds (or
    // worded with words that are common in the corpus), some of its
    // carriers miss each other; a kept alignment with the remark is
    // stronger evidence than any count of shared words.
    let mut carriers = noted.into_inner().expect("not poisoned");
    carriers.sort_unstable();
    carriers.dedup();
    let partners = cfg.shared_source;
    if partners > 0 {
        let pos =
            |r: SentenceRef| art.binary_search(&r).expect("an indexed article sentence") as u32;
        let listed = |i: u32, j: u32| others.get(i as usize).binary_search(&j).is_ok();
        let mut extra: Vec<(u32, u32)> = carriers
            .par_chunk_by(|x, y| x.0 == y.0)
            .flat_map_iter(|group| {
                // In (doc, sent) order, as `art` is.
                let members: Vec<u32> = group.iter().map(|&(_, a)| pos(a)).collect();
                let mut out = Vec::new();
                let mut ranked: Vec<(std::cmp::Reverse<u32>, u32)> = Vec::new();
                for &i in &members {
                    let doc = art[i as usize].doc;
                    let others = || members.iter().copied().filter(|&j| art[j as usize].doc != doc);
                    if others().nth(partners).is_none() {
                        // No more than `partners`: all of them, unranked.
                        out.extend(others().map(|j| (i.min(j), i.max(j))));
                        continue;
                    }
                    ranked.clear();
                    ranked.extend(others().map(|j| {
                        let w = align::shared_weight(ctx, art[i as usize], art[j as usize]);
                        // Weights are non-negative: their bits order as they do.
                        (std::cmp::Reverse(w.to_bits()), j)
                    }));
                    ranked.select_nth_unstable(partners - 1);
                    ranked.truncate(partners);
                    out.extend(ranked.iter().map(|&(_, j)| (i.min(j), i.max(j))));
                }
                out
            })
            .collect();
        extra.par_sort_unstable();
        extra.dedup();
        pairs.extend(parts(extra.par_iter().with_min_len(256).filter_map(|&(i, j)| {
            if listed(i, j) || listed(j, i) {
                return None;
            }
            let (a, b) = source_first(ctx, art[i as usize], art[j as usize]);
            align::align_pair(ctx, a, b).and_then(keep)
        })));
    }
    pairs
}

/// Per article sentence (a position in `art`, sorted), the primary
/// sentences (positions in `prim_lists`) whose lists hold it, ascending.
fn proposed_by(
    prim_lists: &[Vec<SentenceRef>],
    art: &[SentenceRef],
    primary: &[bool],
    docs: usize,
) -> Lists {
    // Where each document's sentences begin in `art`.
    let mut first = vec![0u32; docs + 1];
    for r in art {
        first[r.doc as usize + 1] += 1;
    }
    for d in 0..docs {
        first[d + 1] += first[d];
    }
    let pos = |r: SentenceRef| {
        let (a, b) = (first[r.doc as usize] as usize, first[r.doc as usize + 1] as usize);
        let at = art[a..b].partition_point(|x| x.sent < r.sent);
        debug_assert_eq!(art.get(a + at), Some(&r), "a listed article sentence is indexed");
        (a + at) as u64
    };
    // (article sentence, primary sentence), sorted: the lists in order.
    let mut pairs: Vec<u64> = prim_lists
        .par_iter()
        .enumerate()
        .flat_map_iter(|(s, list)| {
            list.iter().filter(|r| !primary[r.doc as usize]).map(move |&r| pos(r) << 32 | s as u64)
        })
        .collect();
    pairs.par_sort_unstable();
    let mut lists = Lists { items: Vec::with_capacity(pairs.len()), fence: vec![0] };
    let mut next = pairs.iter().peekable();
    for i in 0..art.len() as u64 {
        while let Some(&&k) = next.peek() {
            if k >> 32 != i {
                break;
            }
            lists.items.push(k as u32);
            next.next();
        }
        lists.fence.push(u32::try_from(lists.items.len()).expect("fewer than 4 G candidates"));
    }
    lists
}

/// A parallel iterator's items in the pieces rayon made them in, in order.
/// `collect` would copy the pieces into one vector, holding both at the
/// worst moment; on a large corpus a pass yields millions of pairs.
fn parts<T: Send>(items: impl ParallelIterator<Item = T>) -> Vec<Vec<T>> {
    items
        .fold(Vec::new, |mut part, x| {
            part.push(x);
            part
        })
        .filter(|part| !part.is_empty())
        .map(|mut part| {
            part.shrink_to_fit();
            part
        })
        .collect()
}

/// Article sentences whose candidate lists are computed at once: the
/// per-sentence vectors of a block are copied into flat arrays, so that the
/// lists of millions of sentences cost 4 bytes per candidate.
const LIST_BLOCK: usize = 1 << 16;

/// Candidate lists of consecutive sentences in one array (positions in a
/// sorted list of sentences).
#[derive(Default)]
struct Lists {
    items: Vec<u32>,
    /// List `i` is `items[fence[i]..fence[i + 1]]` (`fence` starts with 0).
    fence: Vec<u32>,
}

impl Lists {
    fn push(&mut self, list: &[u32]) {
        if self.fence.is_empty() {
            self.fence.push(0);
        }
        self.items.extend_from_slice(list);
        self.fence.push(u32::try_from(self.items.len()).expect("fewer than 4 G candidates"));
    }

    fn get(&self, i: usize) -> &[u32] {
        &self.items[self.fence[i] as usize..self.fence[i + 1] as usize]
    }
}

/// Two sentences of documents of the same standing (two articles, two
/// primaries) in the order they are scored: the earlier date first, else
/// input order. `align_pair` weighs its sides differently, so a pair scored
/// the wrong way round may miss a threshold that the right way clears; the
/// date decides the source in selection too, so that such a pair is found
/// whatever the order of the inputs. (Without dates, selection decides by
/// which side quotes the other, which needs every pair first.)
fn source_first(ctx: &Context<'_>, x: SentenceRef, y: SentenceRef) -> (SentenceRef, SentenceRef) {
    let (dx, dy) = (&ctx.docs[x.doc as usize].date, &ctx.docs[y.doc as usize].date);
    match (dx, dy) {
        (Some(dx), Some(dy)) if dx != dy => {
            if dx < dy {
                (x, y)
            } else {
                (y, x)
            }
        }
        _ => (x.min(y), x.max(y)),
    }
}
