//! The one function that runs the stages in order: [`run`].
//!
//! ```text
//! corpus ─ segment ─ quote ─ normalize ─┬─ weights
//!                                       └─ index ─ candidates ─ align_pair ─ orient ─ select ─ finish
//!                                                                                 └─ verify (quotations)
//! ```
//!
//! Parallelism is coarse: per document for preparation, per sentence for
//! candidate generation and scoring (rayon). Every parallel step collects into
//! a vector in input order, and every merge sorts by position, so the output
//! is byte-identical whatever the number of threads.

use std::borrow::Cow;

use globset::{Glob, GlobSetBuilder};
use rayon::prelude::*;

use crate::align::{self, Context, Oriented, PairMatch, Sides, Weights};
use crate::classify::{self, Framing};
use crate::config::{Caps, Config, IndexConfig};
use crate::error::{Error, ErrorKind, Result};
use crate::index::Index;
use crate::lexicon::Lexicon;
use crate::model::{
    Alignment, Analysis, BlockKind, Corpus, Document, Passage, Prepared, QuoteKind, Role,
    SentenceRef, Span, Warning,
};
use crate::normalize::{key_of, Aliases, Normalizer};
use crate::progress::{Deferred, Progress, Silent, Stage};
use crate::verify;
use crate::{quote, segment, speaker};

/// Which documents are primaries: the `--primary` patterns, or the role.
pub fn primaries(corpus: &Corpus, patterns: &[String]) -> Result<Vec<bool>> {
    if patterns.is_empty() {
        return Ok(corpus.documents.iter().map(|d| d.role == Role::Primary).collect());
    }
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| {
            Error::new(ErrorKind::Primary, format!("--primary '{p}': not a valid pattern: {e}"))
        })?;
        builder.add(glob);
    }
    let set = builder.build().map_err(|e| Error::new(ErrorKind::Primary, e.to_string()))?;
    for p in patterns {
        let one = Glob::new(p).expect("checked above").compile_matcher();
        if !corpus.documents.iter().any(|d| one.is_match(&d.id)) {
            let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
            return Err(Error::new(
                ErrorKind::Primary,
                format!("--primary '{p}' matches no document (ids: {})", ids.join(", ")),
            ));
        }
    }
    Ok(corpus.documents.iter().map(|d| set.is_match(&d.id)).collect())
}

/// Builds the normaliser and lexicon a run uses (the bundled lexicon is
/// borrowed unless extra tables are added to it).
pub fn matcher(cfg: &Config) -> (Normalizer, Cow<'static, Lexicon>) {
    let mut aliases = Aliases::parse(crate::data::ALIASES);
    for extra in &cfg.aliases {
        aliases.extend(extra);
    }
    let norm = Normalizer::new(aliases);
    let mut lex = if cfg.use_lexicon {
        Cow::Borrowed(Lexicon::bundled())
    } else {
        Cow::Owned(Lexicon::empty())
    };
    for extra in &cfg.lexicon {
        lex.to_mut().extend(&norm, extra);
    }
    for extra in &cfg.framing {
        lex.to_mut().extend(&norm, &crate::lexicon::framing_table(extra));
    }
    (norm, lex)
}

/// Segments, extracts quotations and normalises one document.
pub fn prepare(idx: usize, doc: &Document, norm: &Normalizer) -> (Prepared, Vec<Warning>) {
    let (seg, mut warnings) = segment::segment_with_warnings(idx, doc);
    let scan = quote::extract(idx, doc, &seg);
    warnings.extend(scan.warnings);
    let mut terms = norm.terms(&doc.text, &seg.tokens, 0);
    // Attributions of full quotations ("he said, according to the Associated
    // Press") say who spoke, not what was said: their words take no part in
    // matching. (The cue of a scare quote is part of the paraphrase around
    // it: "reaffirmed its “unconditional” support".)
    let mut attribution: Vec<Span> = scan
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Full)
        .flat_map(|q| {
            let a = &q.attribution;
            [a.speaker_span, a.cue_span, a.via_span]
        })
        .flatten()
        .collect();
    attribution.sort_unstable();
    for t in &mut terms {
        let at = seg.tokens[t.first()].span();
        let i = attribution.partition_point(|s| s.end <= at.start);
        if attribution.get(i).is_some_and(|s| s.start <= at.start) {
            t.stop = true;
        }
    }
    // Terms are in token order; map each sentence's token range to a term range.
    let mut sentence_terms = Vec::with_capacity(seg.sentences.len());
    for s in &seg.sentences {
        let (lo, hi) = s.tokens;
        let a = terms.partition_point(|t| t.first() < lo);
        let b = terms.partition_point(|t| t.first() < hi);
        sentence_terms.push((a, b.max(a)));
    }
    let reporting = reporting_stems(norm);
    let reported = seg
        .sentences
        .iter()
        .zip(&sentence_terms)
        .map(|(s, &(a, b))| {
            terms[a..b].iter().any(|t| reporting.contains(&t.key))
                || align::quoted_share(&scan.quotes, s.span) * 2 >= s.span.len()
        })
        .collect();
    (Prepared { seg, quotes: scan.quotes, terms, sentence_terms, reported }, warnings)
}

/// Verbs (and "according") that report speech, as written in
/// `REPORTING_VERBS`, stemmed once per process (stems do not depend on the
/// normaliser's aliases), as keys: [`key_of`] each stem, the
/// [`Term::key`](crate::model::Term::key) of a term of the word.
fn reporting_stems(norm: &Normalizer) -> &'static rustc_hash::FxHashSet<crate::model::Key> {
    static KEYS: std::sync::OnceLock<rustc_hash::FxHashSet<crate::model::Key>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| REPORTING_VERBS.iter().map(|w| key_of(&norm.stem(w))).collect())
}

/// Lemmas of verbs that introduce reported speech or a stated position.
/// General English (the reporting verbs of news writing), not tied to any corpus.
pub const REPORTING_VERBS: &[&str] = &[
    "according",
    "accuse",
    "acknowledge",
    "add",
    "admit",
    "affirm",
    "agree",
    "announce",
    "answer",
    "argue",
    "assert",
    "assure",
    "call",
    "caution",
    "claim",
    "comment",
    "condemn",
    "confirm",
    "convey",
    "credit",
    "declare",
    "decry",
    "denounce",
    "deny",
    "describe",
    "discuss",
    "dismiss",
    "emphasize",
    "explain",
    "express",
    "hail",
    "highlight",
    "insist",
    "mention",
    "note",
    "pledge",
    "point",
    "praise",
    "predict",
    "promise",
    "propose",
    "quote",
    "reaffirm",
    "reassure",
    "recall",
    "reiterate",
    "reject",
    "remark",
    "reply",
    "report",
    "respond",
    "say",
    "signal",
    "state",
    "stress",
    "suggest",
    "tell",
    "thank",
    "underline",
    "underscore",
    "urge",
    "voice",
    "vow",
    "warn",
    "welcome",
    "write",
];

/// Runs the whole pipeline on a corpus.
pub fn run(corpus: &Corpus, cfg: &Config) -> Result<Analysis> {
    run_with(corpus, cfg, &Silent)
}

/// [`run`], telling `progress` when each stage begins and how far it has got
/// (see [`crate::progress`]). The result does not depend on `progress`.
pub fn run_with(corpus: &Corpus, cfg: &Config, progress: &dyn Progress) -> Result<Analysis> {
    let docs = &corpus.documents;
    if docs.len() < 2 {
        let which =
            docs.first().map(|d| format!(" (only '{}' was given)", d.path)).unwrap_or_default();
        return Err(Error::new(
            ErrorKind::TooFewDocuments,
            format!("two or more documents are needed to align{which}"),
        ));
    }
    let primary = primaries(corpus, &cfg.primary)?;
    let (norm, lexicon) = matcher(cfg);

    progress.stage(Stage::Prepare, docs.len() as u64);
    let (prepared, warnings): (Vec<Prepared>, Vec<Vec<Warning>>) = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| prepare(i, d, &norm))
        .inspect(|_| progress.advance(1))
        .unzip();
    let mut warnings: Vec<Warning> = warnings.into_iter().flatten().collect();
    warnings.sort();

    progress.stage(Stage::Index, 0);
    let weights = Weights::from_corpus(&prepared, cfg.align.background_sentences);
    let sides = Sides::build(docs, &prepared, &weights, &lexicon);
    let ctx = Context {
        docs,
        prepared: &prepared,
        weights: &weights,
        lexicon: &lexicon,
        config: &cfg.align,
        sides: &sides,
    };

    // Who speaks where, read before scoring so that a pair whose source is
    // settled (a primary against an article, or two dated documents) is
    // admitted or dropped as soon as it is scored: most scored pairs fall
    // below their threshold, and a large corpus scores millions.
    let voices = Voices::new(&ctx, &primary, &norm);
    let admit = |o: Oriented| admit(&ctx, &primary, &voices, o);

    // Aligning begins when the index is built, at the first sentence probed.
    let sentences: usize = prepared
        .iter()
        .map(|p| (0..p.seg.sentences.len()).filter(|&s| alignable(p, s)).count())
        .sum();
    let aligning = Deferred::new(progress, Stage::Align, sentences as u64);
    let scored = candidate_pairs(&ctx, &primary, &cfg.index, &aligning, |p| {
        match settled_source(&ctx, &primary, p.a.doc, p.b.doc) {
            Some(true) => admit(Oriented::from_pair(p)).map(Scored::Admitted),
            Some(false) => align::align_pair(&ctx, p.b, p.a)
                .and_then(|r| admit(Oriented::from_pair(r)))
                .map(Scored::Admitted),
            None => Some(Scored::Pending(Pending::of(&ctx, p))),
        }
    });
    aligning.begin();
    progress.stage(Stage::Select, 0);
    // The pending pairs (most of the scored ones) are oriented where they
    // lie, and the admitted ones copied out into a vector of their number,
    // each part freed once read: copied out first, or collected from
    // threads, the pairs were held twice at the worst moment.
    let mut scored = scored;
    orient(&ctx, &primary, &mut scored, &admit);
    let admitted_now = |s: &Scored| matches!(s, Scored::Admitted(_));
    let oriented_now = |s: &Scored| matches!(s, Scored::Oriented(_));
    let count = scored.iter().flatten().filter(|s| admitted_now(s) || oriented_now(s)).count();
    let mut admitted: Vec<Oriented> = Vec::with_capacity(count);
    let oriented = |s: &Scored| match *s {
        Scored::Admitted(o) | Scored::Oriented(o) => Some(o),
        Scored::Pending(_) | Scored::Dropped => None,
    };
    // Those admitted when scored first, then the oriented ones.
    admitted.extend(scored.iter().flatten().filter(|s| admitted_now(s)).filter_map(oriented));
    for part in scored {
        admitted.extend(part.iter().filter(|s| oriented_now(s)).filter_map(oriented));
    }
    // What the report needs of who speaks where; the rest goes now.
    let Voices { attributed, interviewer: not_remark, .. } = voices;
    let kept = choose(&ctx, &primary, admitted, cfg.article_min_score);

    let mut framing = Framing::bundled(&norm);
    for extra in &cfg.framing {
        framing.extend(&norm, extra);
    }
    let reporting = reporting_stems(&norm);
    let is_reporting = |key: crate::model::Key| reporting.contains(&key);
    // Alignments and quotations are diffed with the same typed edits.
    let diff = |s: Passage, t: Passage| {
        let side = |p: Passage| classify::Side {
            doc: &docs[p.doc],
            prepared: &prepared[p.doc],
            span: p.span,
        };
        classify::edits(side(s), side(t), &framing, &is_reporting)
    };
    // Quotations are checked before the alignments are diffed: checking
    // holds an index of every sentence, the diffed alignments are the
    // report, and the two need not be held at once.
    progress.stage(Stage::Verify, 0);
    let quotes = verify::verify(&ctx, &norm, &primary, &cfg.index, &cfg.verify, &diff);
    // Diffing reads the prepared documents only: the compiled sides and the
    // weights (a third of a large run's memory) go before the diffs come.
    drop((sides, weights));
    progress.stage(Stage::Diff, kept.len() as u64);
    let mut alignments: Vec<Alignment> = kept
        .par_iter()
        .map(|o| align::finish(&prepared, o, &diff))
        .inspect(|_| progress.advance(1))
        .collect();
    drop(kept);
    alignments.sort_by(|x, y| {
        (x.source.doc, x.source.span, x.target.doc, x.target.span).cmp(&(
            y.source.doc,
            y.source.span,
            y.target.doc,
            y.target.span,
        ))
    });
    progress.finish();
    Ok(Analysis { prepared, primary, alignments, quotes, warnings, attributed, not_remark })
}

/// Sentences that take part in alignment: not excluded, not headings.
fn alignable(p: &Prepared, sent: usize) -> bool {
    let s = &p.seg.sentences[sent];
    !s.excluded && s.kind == BlockKind::Body && s.tokens.1 > s.tokens.0
}

/// Every sentence that takes part in alignment, by (document, sentence).
pub fn alignable_sentences(prepared: &[Prepared]) -> Vec<SentenceRef> {
    sentences_where(prepared, alignable)
}

/// Every sentence `(document, sentence)` for which `keep` holds, in order.
pub(crate) fn sentences_where(
    prepared: &[Prepared],
    keep: fn(&Prepared, usize) -> bool,
) -> Vec<SentenceRef> {
    prepared
        .iter()
        .enumerate()
        .flat_map(|(d, p)| {
            (0..p.seg.sentences.len())
                .filter(move |&s| keep(p, s))
                .map(move |s| SentenceRef { doc: d as u32, sent: s as u32 })
        })
        .collect()
}

/// All scored sentence pairs between different documents, each passed to
/// `keep` as it is scored; what it returns is collected in parts, in a
/// fixed order whatever the number of threads (public for the stage
/// benchmarks).
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
/// Then a second look ([`crate::index::SecondLook`]): an article that
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
    // pass after pass held its old and new buffers at once on every
    // doubling, three times its size at the worst moment, and a pass
    // collected into one vector held its parts and their copy.
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
    // there missed the cache on a large corpus, and grew 15 times from
    // 10,000 to 100,000 articles (2.4% of the run).
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
/// date decides the source in [`orient`] too, so that such a pair is found
/// whatever the order of the inputs. (Without dates, [`orient`] decides by
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

/// What the scoring keeps of a pair.
enum Scored {
    /// Oriented and past its threshold.
    Admitted(Oriented),
    /// Between two documents of the same standing and date (or undated):
    /// its source is decided by [`orient`] once every pair is scored.
    Pending(Pending),
    /// A pending pair oriented and admitted ([`orient`]).
    Oriented(Oriented),
    /// A pending pair oriented and not admitted.
    Dropped,
}

/// A pair awaiting orientation: what [`orient`] reads, and, when `a`
/// turns out to be the source, the pair as [`admit`] reads it (48 bytes:
/// millions are held at once on a large corpus).
struct Pending {
    /// The pair as scored, `a` as the source.
    pair: Oriented,
    /// Whether the passage of `a` (of `b`) lies inside quotation marks.
    a_quoted: bool,
    b_quoted: bool,
}

impl Pending {
    fn of(ctx: &Context<'_>, p: PairMatch) -> Pending {
        let quoted = |r: SentenceRef, span: Span| {
            align::relation_of(&ctx.prepared[r.doc as usize], span) == crate::model::Relation::Quote
        };
        Pending {
            a_quoted: quoted(p.a, p.a_span),
            b_quoted: quoted(p.b, p.b_span),
            pair: Oriented::from_pair(p),
        }
    }
}

/// Whether document `a` is the source against `b` when that is settled by
/// the documents alone: a primary is the source against a non-primary, else
/// the earlier date. `None` for two documents of the same standing and date.
fn settled_source(ctx: &Context<'_>, primary: &[bool], a: u32, b: u32) -> Option<bool> {
    let (pa, pb) = (primary[a as usize], primary[b as usize]);
    if pa != pb {
        return Some(pa);
    }
    match (&ctx.docs[a as usize].date, &ctx.docs[b as usize].date) {
        (Some(da), Some(db)) if da != db => Some(da < db),
        _ => None,
    }
}

/// Orients the pairs whose source is not settled ([`settled_source`]), and
/// admits them ([`admit`]): each becomes [`Scored::Oriented`] or
/// [`Scored::Dropped`].
///
/// On the same (or no) date, the source is the document that the other
/// quotes: the side whose passages sit inside quotation marks less often
/// across the pairs of the two documents. Last resort: input order.
fn orient(
    ctx: &Context<'_>,
    primary: &[bool],
    scored: &mut [Vec<Scored>],
    admit: &(dyn Fn(Oriented) -> Option<Oriented> + Sync),
) {
    // (a doc, b doc) -> (a quoted & b not, b quoted & a not), for the pairs
    // of documents where some pair is quoted on one side only: the others
    // count (0, 0), which a missing entry reads as. (A map ordered by
    // documents, with an entry for every pending pair's documents, built on
    // one thread, took a third of this stage on 30,000 generated articles.)
    let mut quoted: rustc_hash::FxHashMap<(u32, u32), (u32, u32)> = Default::default();
    let pending = scored.iter().flatten().filter_map(|s| match s {
        Scored::Pending(p) if p.a_quoted != p.b_quoted => Some(p),
        _ => None,
    });
    for p in pending {
        let e = quoted.entry((p.pair.source.doc, p.pair.target.doc)).or_default();
        if p.a_quoted {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let a_is_source = |a: u32, b: u32| -> bool {
        settled_source(ctx, primary, a, b).unwrap_or_else(|| {
            let (a_quoted, b_quoted) = quoted.get(&(a, b)).copied().unwrap_or_default();
            if a_quoted != b_quoted {
                b_quoted > a_quoted
            } else {
                a < b
            }
        })
    };
    // `align_pair` treats its first sentence as the source (the score weighs
    // the sides differently, and the target's passage is found first); the
    // index proposes pairs in input order, so a pair whose source comes later
    // is scored again the right way round. Output then does not depend on
    // the order of the inputs.
    scored.par_iter_mut().flat_map(|part| part.par_iter_mut()).for_each(|s| {
        let Scored::Pending(Pending { pair, .. }) = *s else {
            return;
        };
        let oriented = if a_is_source(pair.source.doc, pair.target.doc) {
            admit(pair)
        } else {
            align::align_pair(ctx, pair.target, pair.source)
                .map(Oriented::from_pair)
                .and_then(admit)
        };
        *s = oriented.map_or(Scored::Dropped, Scored::Oriented);
    });
}

/// Who speaks in the primaries, and which article sentences attribute to them.
struct Voices {
    /// Per document: the group of speakers of a primary (an index into
    /// `groups`), `u32::MAX` for other documents.
    group_of: Vec<u32>,
    /// Per group: whether it names a speaker.
    group_known: Vec<bool>,
    /// Per document, per sentence: attributed to a primary's speaker.
    attributed: Vec<Vec<bool>>,
    /// Per document: which of its sentences it attributes to each speaker
    /// group.
    attributed_by: Vec<Attributions>,
    /// Per document: every key it holds, speakers' names included, that
    /// some quotation of the corpus is given to (sorted): what
    /// [`Voices::could_be_from`] looks up.
    present: Vec<Vec<crate::model::Key>>,
    /// Per document, per quotation: name keys of the person it is given to
    /// (empty when it is given to nobody by name).
    quoted_speaker: Vec<Vec<Vec<crate::model::Key>>>,
    /// Per document, per sentence: not the speaker's remark (an interviewer's
    /// question, or a primary's sentence that names its own speaker).
    interviewer: Vec<Vec<bool>>,
    /// Per document, the sentences that report a party's speech, ascending,
    /// each with the parties (sorted keys; see
    /// [`speaker::reporting_parties`]). Most sentences report none: a list
    /// per sentence cost 24 bytes each (the peak at 100,000 articles fell
    /// by 39 MiB without them).
    parties: Vec<Vec<(u32, Vec<crate::model::Key>)>>,
}

/// Which sentences of one document are attributed to each speaker group.
#[derive(Default)]
struct Attributions {
    /// (group, number of its reading in `flags`), groups ascending; groups
    /// to which no sentence is attributed are left out.
    groups: Vec<(u32, u32)>,
    /// Per distinct reading, a bit per sentence (attributed), `words` 64-bit
    /// words each. A list of booleans per reading held 56 bytes for a
    /// 23-sentence article: on 100,000 generated articles, 2.3 million
    /// readings held 130 MiB through the scoring, against 3.5 MiB at 10,000
    /// (an article reads once per distinct set of the names it holds of the
    /// groups it touches, and the groups grow with the transcripts).
    flags: Vec<u64>,
    /// Words per reading: the document's sentences over 64, rounded up.
    words: usize,
}

impl Attributions {
    /// Whether sentence `sent` is attributed in reading `reading`.
    fn attributed(&self, reading: u32, sent: u32) -> bool {
        let word = self.flags[reading as usize * self.words + sent as usize / 64];
        word >> (sent % 64) & 1 == 1
    }

    /// The number of readings held.
    fn readings(&self) -> u32 {
        (self.flags.len() / self.words.max(1)) as u32
    }

    /// Adds a reading (a flag per sentence, at most `64 * words`) and
    /// returns its number, unless no sentence is attributed in it.
    fn push(&mut self, attributed: impl Iterator<Item = bool>) -> Option<u32> {
        let start = self.flags.len();
        self.flags.resize(start + self.words, 0);
        for (i, a) in attributed.enumerate() {
            if a {
                self.flags[start + i / 64] |= 1 << (i % 64);
            }
        }
        if self.flags[start..].iter().all(|&w| w == 0) {
            self.flags.truncate(start);
            return None;
        }
        Some(self.readings() - 1)
    }
}

/// The name keys of a primary's speakers and of the people it names.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SpeakerGroup {
    speakers: Vec<crate::model::Key>,
    named: Vec<crate::model::Key>,
}

impl Voices {
    fn new(ctx: &Context<'_>, primary: &[bool], norm: &Normalizer) -> Voices {
        use crate::model::Key;
        // Primaries with the same speakers and named people share a group
        // (a minister's transcripts of a month), so that an article is read
        // once per group it names, not once per transcript.
        // (Read on every thread: two thousand transcripts took 0.3 s on one.)
        let read: Vec<Option<SpeakerGroup>> = ctx
            .prepared
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                if !primary[i] {
                    return None;
                }
                let mut g = SpeakerGroup { speakers: Vec::new(), named: Vec::new() };
                for name in speaker::speakers(&ctx.docs[i], &p.seg) {
                    g.speakers.extend(speaker::name_keys(norm, &name));
                }
                for name in speaker::participants(&ctx.docs[i], &p.seg) {
                    g.named.extend(speaker::name_keys(norm, &name));
                }
                for v in [&mut g.speakers, &mut g.named] {
                    v.sort_unstable();
                    v.dedup();
                }
                Some(g)
            })
            .collect();
        let mut groups: Vec<SpeakerGroup> = Vec::new();
        let mut group_ids: std::collections::BTreeMap<SpeakerGroup, u32> = Default::default();
        let mut group_of = vec![u32::MAX; ctx.prepared.len()];
        for (i, g) in read.into_iter().enumerate() {
            if let Some(g) = g {
                let id = *group_ids.entry(g.clone()).or_insert_with(|| {
                    groups.push(g);
                    groups.len() as u32 - 1
                });
                group_of[i] = id;
            }
        }
        // Key -> the groups that hold it (ascending), each with what the key
        // is to the group: `SPEAKER`, `NAMED` or both.
        const SPEAKER: u8 = 1;
        const NAMED: u8 = 2;
        let mut groups_of_key: rustc_hash::FxHashMap<Key, Vec<(u32, u8)>> = Default::default();
        for (id, g) in groups.iter().enumerate() {
            for (role, keys) in [(SPEAKER, &g.speakers), (NAMED, &g.named)] {
                for &k in keys {
                    let v = groups_of_key.entry(k).or_default();
                    match v.last_mut() {
                        Some(last) if last.0 == id as u32 => last.1 |= role,
                        _ => v.push((id as u32, role)),
                    }
                }
            }
        }
        // A sentence speaks for a transcript when it names one of its
        // speakers, or reports what another person the transcript names
        // said or did. It is read against each group of speakers separately:
        // with thousands of transcripts, an article that quotes one minister
        // does not speak for the others.
        let attributed_by: Vec<Attributions> = ctx
            .prepared
            .par_iter()
            .zip(ctx.docs)
            .map(|(p, d)| {
                let mut out = Attributions {
                    words: p.seg.sentences.len().div_ceil(64),
                    ..Default::default()
                };
                // The keys of the document that some group holds, sorted: a
                // bit each in the masks below.
                let mut relevant: Vec<Key> = p.terms.iter().map(|t| t.key).collect();
                relevant.sort_unstable();
                relevant.dedup();
                relevant.retain(|k| groups_of_key.contains_key(k));
                if relevant.is_empty() {
                    return out;
                }
                let words = relevant.len().div_ceil(64);
                let bit = |b: usize, mask: &mut [u64]| mask[b / 64] |= 1 << (b % 64);
                // Per sentence, the relevant keys it holds.
                let mut named_in = vec![0u64; p.seg.sentences.len() * words];
                for (i, &(a, b)) in p.sentence_terms.iter().enumerate() {
                    let mask = &mut named_in[i * words..(i + 1) * words];
                    for t in &p.terms[a..b] {
                        if let Ok(k) = relevant.binary_search(&t.key) {
                            bit(k, mask);
                        }
                    }
                }
                // Per group that holds a relevant key (ascending): the
                // relevant keys that are its speakers' names, then those of
                // the people it names (`words` each). Built from the keys'
                // lists of groups, so that a group is never read whole.
                let mut held: Vec<(u32, u8, u32)> = relevant
                    .iter()
                    .enumerate()
                    .flat_map(|(b, k)| groups_of_key[k].iter().map(move |&(g, r)| (g, r, b as u32)))
                    .collect();
                held.sort_unstable();
                let mut touched: Vec<u32> = Vec::new();
                let mut masks: Vec<u64> = Vec::new();
                for run in held.chunk_by(|x, y| x.0 == y.0) {
                    touched.push(run[0].0);
                    let at = masks.len();
                    masks.resize(at + 2 * words, 0);
                    let (speakers, named) = masks[at..].split_at_mut(words);
                    for &(_, role, b) in run {
                        if role & SPEAKER != 0 {
                            bit(b as usize, speakers);
                        }
                        if role & NAMED != 0 {
                            bit(b as usize, named);
                        }
                    }
                }
                drop(held);
                let common = |k| !ctx.lexicon.concepts(k).is_empty();
                let leads = speaker::pronoun_leads(d, p, &common);
                let reading = |keys: &[u64]| {
                    let names = |i: usize| {
                        named_in[i * words..(i + 1) * words]
                            .iter()
                            .zip(keys)
                            .any(|(n, k)| n & k != 0)
                    };
                    speaker::attributed_where(p, names, &leads)
                };
                // Groups that share a name (a minister's transcripts, each
                // naming other people) are many, but a document holds few of
                // their names: it is read once per distinct set of the names
                // it holds (per distinct pair of masks), not once per group,
                // which made this quadratic in the number of transcripts (129
                // groups per article at 100,000 generated articles, 13 at
                // 10,000).
                let mut read: rustc_hash::FxHashMap<&[u64], Option<u32>> = Default::default();
                for (&g, names) in touched.iter().zip(masks.chunks_exact(2 * words)) {
                    let flags = *read.entry(names).or_insert_with(|| {
                        let (speakers, named) = names.split_at(words);
                        let by_speaker = reading(speakers);
                        let by_named = reading(named);
                        let flags = by_speaker.iter().zip(by_named).zip(&p.reported);
                        out.push(flags.map(|((s, n), r)| *s || (n && *r)))
                    });
                    if let Some(f) = flags {
                        out.groups.push((g, f));
                    }
                }
                // Held through the scoring: no spare capacity.
                out.groups.shrink_to_fit();
                out.flags.shrink_to_fit();
                out
            })
            .collect();
        // Attributed to some group: any reading's bit.
        let attributed = ctx
            .prepared
            .par_iter()
            .zip(&attributed_by)
            .map(|(p, by)| {
                let mut any = vec![0u64; by.words];
                for reading in by.flags.chunks_exact(by.words.max(1)) {
                    for (a, f) in any.iter_mut().zip(reading) {
                        *a |= f;
                    }
                }
                (0..p.seg.sentences.len()).map(|i| any[i / 64] >> (i % 64) & 1 == 1).collect()
            })
            .collect();
        // Not the speaker's remarks: the interviewer's questions, and, in a
        // primary, sentences that name its own speaker (a title, a caption,
        // an editor's note: nobody calls himself by name).
        let interviewer = ctx
            .prepared
            .par_iter()
            .enumerate()
            .map(|(d, p)| {
                let own: &[Key] =
                    groups.get(group_of[d] as usize).map(|g| &g.speakers[..]).unwrap_or(&[]);
                p.seg
                    .sentences
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let (a, b) = p.sentence_terms[i];
                        p.seg.paragraphs[s.paragraph]
                            .speaker
                            .as_deref()
                            .is_some_and(speaker::is_interviewer)
                            || p.terms[a..b].iter().any(|t| own.binary_search(&t.key).is_ok())
                    })
                    .collect()
            })
            .collect();
        // Per document, per quotation: the keys of the person it is given to.
        let quoted_speaker: Vec<Vec<Vec<Key>>> = ctx
            .prepared
            .par_iter()
            .map(|p| p.quotes.iter().map(|q| speaker::quote_speaker_keys(norm, q)).collect())
            .collect();
        // Every key a quotation is given to, anywhere in the corpus (sorted).
        let mut asked: Vec<Key> = quoted_speaker.iter().flatten().flatten().copied().collect();
        asked.sort_unstable();
        asked.dedup();
        // Every key a document holds (its words, names and speakers) that a
        // quotation is given to, to check that the person a quotation is
        // given to appears in its source. Only such keys are ever looked
        // up: the document's other words (most of them) are not kept.
        let present = ctx
            .prepared
            .par_iter()
            .enumerate()
            .map(|(d, p)| {
                let asked = |k: &Key| asked.binary_search(k).is_ok();
                let mut set: Vec<crate::model::Key> =
                    p.terms.iter().filter(|t| !t.stop && asked(&t.key)).map(|t| t.key).collect();
                for name in speaker::speakers(&ctx.docs[d], &p.seg) {
                    set.extend(speaker::name_keys(norm, &name).into_iter().filter(asked));
                }
                // Sorted (half the memory of a hash set, which matters with
                // one set per document of a large corpus).
                set.sort_unstable();
                set.dedup();
                set
            })
            .collect();
        // Per document, per sentence: whose speech or position it reports.
        let reporting = reporting_stems(norm);
        let is_reporting = |key: Key| reporting.contains(&key);
        let parties = ctx
            .prepared
            .par_iter()
            .zip(ctx.docs)
            .map(|(p, d)| {
                let mut some: Vec<(u32, Vec<Key>)> =
                    speaker::reporting_parties(d, p, norm, &is_reporting)
                        .into_iter()
                        .enumerate()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(i, v)| (i as u32, v))
                        .collect();
                some.shrink_to_fit();
                some
            })
            .collect();
        let group_known = groups.iter().map(|g| !g.speakers.is_empty()).collect();
        Voices {
            group_of,
            group_known,
            attributed,
            attributed_by,
            interviewer,
            present,
            quoted_speaker,
            parties,
        }
    }
}

impl Voices {
    /// Whether primary `source` names a speaker.
    fn knows_speaker(&self, source: usize) -> bool {
        let g = self.group_of[source];
        g != u32::MAX && self.group_known[g as usize]
    }

    /// Whether sentence `t` is attributed to a speaker of primary `source`
    /// (or to a person it names, while reporting speech).
    fn attributed_to(&self, t: SentenceRef, source: usize) -> bool {
        let g = self.group_of[source];
        let by = &self.attributed_by[t.doc as usize];
        by.groups
            .binary_search_by_key(&g, |e| e.0)
            .is_ok_and(|i| by.attributed(by.groups[i].1, t.sent))
    }

    /// Whether the source sentence, a remark of the speaker, reports the
    /// speech or position of a party ("Our Korean friends reaffirmed their
    /// support") whose speech the target sentence reports too ("The DPRK
    /// side expressed support"): the target then speaks for a party the
    /// source names while reporting speech, as when it names a participant.
    fn same_party(&self, s: SentenceRef, t: SentenceRef) -> bool {
        if self.interviewer[s.doc as usize][s.sent as usize] {
            return false;
        }
        let parties = |r: SentenceRef| {
            let of_doc = &self.parties[r.doc as usize];
            match of_doc.binary_search_by_key(&r.sent, |e| e.0) {
                Ok(i) => &of_doc[i].1[..],
                Err(_) => &[],
            }
        };
        let b = parties(t);
        parties(s).iter().any(|k| b.binary_search(k).is_ok())
    }

    /// Whether a target passage could come from the source document: when
    /// it lies in a quotation given to a named person, that person must speak
    /// in, or be named by, the source. An analyst's words are not a
    /// statement's, whatever they share with it.
    fn could_be_from(&self, ctx: &Context<'_>, doc: usize, span: Span, source: usize) -> bool {
        let quotes = &ctx.prepared[doc].quotes;
        let near = crate::quote::overlapping(quotes, span);
        for (q, keys) in quotes[near.clone()].iter().zip(&self.quoted_speaker[doc][near]) {
            let inside = q.pieces.iter().map(|p| p.overlap(span)).sum::<usize>();
            if q.kind == QuoteKind::Full && q.depth == 0 && inside * 2 >= span.len().max(1) {
                return keys.is_empty()
                    || keys.iter().any(|k| self.present[source].binary_search(k).is_ok());
            }
        }
        true
    }
}

/// Whether an oriented pair clears its threshold, with its score as
/// reported (an interviewer's sentence as the source is discounted): the
/// threshold is the lowest when the target speaks for the source's speaker,
/// higher when it only reports speech, highest when it does neither; a
/// quoted target asks at least `min_score_quote`. A target passage quoted
/// from a named person who is not in the source is not admitted.
fn admit(
    ctx: &Context<'_>,
    primary: &[bool],
    voices: &Voices,
    mut o: Oriented,
) -> Option<Oriented> {
    let cfg = ctx.config;
    let (s, t) = (o.source, o.target);
    // Attributed to the source's speaker; for a source that is not a
    // primary (an interview an article reprints), to any primary's.
    let attributed = if primary[s.doc as usize] {
        voices.attributed_to(t, s.doc as usize)
    } else {
        voices.attributed[t.doc as usize][t.sent as usize]
    };
    if !voices.could_be_from(ctx, t.doc as usize, o.target_span(), s.doc as usize) {
        return None;
    }
    if voices.interviewer[s.doc as usize][s.sent as usize] {
        // Words the article gives to the speaker are not the interviewer's.
        if attributed {
            return None;
        }
        o.score *= cfg.interviewer_credit as f64;
    }
    let reported = ctx.prepared[t.doc as usize].reported[t.sent as usize];
    let speaks = if primary[s.doc as usize] && voices.knows_speaker(s.doc as usize) {
        attributed || (reported && voices.same_party(s, t))
    } else {
        reported
    };
    let min = if speaks {
        cfg.min_score
    } else if reported {
        cfg.min_score_reported
    } else {
        cfg.min_score_unreported
    };
    let quoted = align::relation_of(&ctx.prepared[t.doc as usize], o.target_span())
        == crate::model::Relation::Quote;
    let min = if quoted { min.max(cfg.min_score_quote) } else { min };
    (o.score >= min).then_some(o)
}

/// Selects among admitted alignments ([`admit`]): those with a primary as
/// they come; those between two
/// articles only when both carry the same primary remark, when neither
/// passage carries any primary remark and the score clears `article_min`, or
/// when only the source passage carries one and the score clears
/// `min_score_reported` too (the target relays the source's version of it).
/// A target passage that carries a primary remark the source passage does
/// not is another remark, whatever words they share.
fn choose(
    ctx: &Context<'_>,
    primary: &[bool],
    oriented: Vec<Oriented>,
    article_min: f64,
) -> Vec<Oriented> {
    let cfg = ctx.config;
    // Split in place (a partition into two new vectors held three times
    // the pairs' memory at once): the pairs with a primary, the fewer, are
    // moved out.
    let with_a_primary =
        |o: &Oriented| primary[o.source.doc as usize] || primary[o.target.doc as usize];
    let mut between = oriented;
    let mut with_primary = Vec::with_capacity(between.iter().filter(|o| with_a_primary(o)).count());
    between.retain(|o| {
        let moved = with_a_primary(o);
        if moved {
            with_primary.push(*o);
        }
        !moved
    });
    let evidence = |o: &Oriented| align::evidence(ctx, o);
    let with_primary = align::select(with_primary, cfg.second_source_words, &evidence);
    // For a passage of an article: the primary sentences it carries. The
    // alignments with a primary are grouped by target document once, so that
    // each look-up reads one document's alignments, not all of them.
    let mut by_target: rustc_hash::FxHashMap<u32, Vec<&Oriented>> = Default::default();
    for o in &with_primary {
        if !primary[o.target.doc as usize] {
            by_target.entry(o.target.doc).or_default().push(o);
        }
    }
    let carried = |doc: u32, span: crate::model::Span| -> Vec<SentenceRef> {
        let mut v: Vec<SentenceRef> = by_target
            .get(&doc)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|o| {
                let ov = o.target_span().overlap(span);
                ov * 2 >= o.target_span().len().min(span.len()).max(1)
            })
            .map(|o| o.source)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // Decided on every thread, a flag per pair, then kept in place (a
    // parallel filter would hold a second vector of the pairs). (Select
    // stage at 100,000 generated articles 2.85 -> 2.68 s: most of it is
    // elsewhere.)
    let keep: Vec<bool> = between
        .par_iter()
        .with_min_len(1024)
        .map(|o| {
            let s = carried(o.source.doc, o.source_span());
            let t = carried(o.target.doc, o.target_span());
            if s.is_empty() && t.is_empty() {
                o.score >= article_min
            } else if t.is_empty() {
                // The target relays the source's version of a remark (a
                // newspaper quoting a statement that renders the remark in
                // its own words): it is asked the evidence of reported speech.
                o.score >= article_min.max(cfg.min_score_reported)
            } else {
                s.iter().any(|x| t.contains(x))
            }
        })
        .collect();
    let mut keep = keep.into_iter();
    between.retain(|_| keep.next().expect("a flag per pair"));
    let mut all = with_primary;
    all.extend(align::select(between, cfg.second_source_words, &evidence));
    all
}

#[cfg(test)]
mod tests {
    use super::Attributions;

    #[test]
    fn readings_hold_a_bit_per_sentence_past_the_first_word() {
        let mut a = Attributions { words: 2, ..Default::default() };
        assert_eq!(a.push((0..70).map(|_| false)), None);
        let first = [3, 63, 64, 69];
        assert_eq!(a.push((0..70).map(|i| first.contains(&i))), Some(0));
        assert_eq!(a.push((0..70).map(|i| i == 65)), Some(1));
        for i in 0..70 {
            assert_eq!(a.attributed(0, i), first.contains(&i), "sentence {i}");
            assert_eq!(a.attributed(1, i), i == 65, "sentence {i}");
        }
        assert_eq!(a.readings(), 2);
    }
}
