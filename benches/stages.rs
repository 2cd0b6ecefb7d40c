//! Criterion benchmarks of refract's stages on a generated corpus (see
//! `benches/README.md`). Setup happens outside the timed loops; every timed
//! loop checks its result against the one computed in setup, so a wrong
//! answer cannot look fast.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;

use refract::bench::Index;
use refract::bench::IndexConfig;
use refract::bench::SentenceRef;
use refract::bench::{self as align, Compiled, Context, Weights};
use refract::tools::generate::{GenConfig, Generator};
use refract::Config;
use refract::IngestOptions;
use refract::{Corpus, Prepared};

/// Articles in the stage benchmarks: big enough for realistic word weights,
/// small enough for `cargo bench` to finish in a few minutes.
const ARTICLES: usize = 200;

struct Fixture {
    corpus: Corpus,
    jsonl: std::path::PathBuf,
    bytes: u64,
    prepared: Vec<Prepared>,
    weights: Weights,
    cfg: Config,
    refs: Vec<SentenceRef>,
}

fn fixture() -> Fixture {
    let g = Generator::new(GenConfig::new(ARTICLES));
    let (corpus, _) = g.corpus();
    let jsonl = std::env::temp_dir().join(format!("refract-bench-{}.jsonl", std::process::id()));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap());
    g.write(&mut file, &mut std::io::sink()).unwrap();
    drop(file);
    let bytes = corpus.documents.iter().map(|d| d.text.len() as u64).sum();
    let cfg = Config::default();
    let (norm, _) = refract::bench::matcher(&cfg);
    let prepared: Vec<Prepared> = corpus
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, d)| refract::bench::prepare(i, d, &norm).0)
        .collect();
    let weights = Weights::from_corpus(&prepared, align::align_config(&cfg).background_sentences);
    let refs = refract::bench::alignable_sentences(&prepared);
    Fixture { corpus, jsonl, bytes, prepared, weights, cfg, refs }
}

fn stages(c: &mut Criterion) {
    let f = fixture();
    let (norm, lexicon) = refract::bench::matcher(&f.cfg);
    let sides = Compiled::build(&f.corpus.documents, &f.prepared, &f.weights, &lexicon);
    let ctx = Context {
        docs: &f.corpus.documents,
        prepared: &f.prepared,
        weights: &f.weights,
        lexicon: &lexicon,
        config: align::align_config(&f.cfg),
        compiled: &sides,
    };
    let docs = f.corpus.documents.len();

    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(f.bytes));
    g.sample_size(10);
    g.bench_function("jsonl+segment", |b| {
        b.iter(|| {
            let corpus =
                refract::load(std::slice::from_ref(&f.jsonl), &IngestOptions::default()).unwrap();
            let sentences: usize = corpus
                .documents
                .par_iter()
                .map(|d| refract::bench::segment(d).sentences.len())
                .sum();
            assert_eq!(corpus.documents.len(), docs);
            black_box(sentences)
        })
    });
    let sentences: usize = f.prepared.iter().map(|p| p.seg.sentences.len()).sum();
    g.bench_function("prepare", |b| {
        b.iter(|| {
            let n: usize = f
                .corpus
                .documents
                .par_iter()
                .enumerate()
                .map(|(i, d)| refract::bench::prepare(i, d, &norm).0.seg.sentences.len())
                .sum();
            assert_eq!(n, sentences);
        })
    });
    g.finish();

    // The first round's single index, without the term test
    // (`IndexConfig::min_terms`), as `scale_stages` times it: with the test
    // the lists hold a tenth of the pairs, those the scorer rejects
    // soonest, and the pairs per second stop comparing between rounds.
    let icfg = IndexConfig { min_terms: 0, ..IndexConfig::default() };
    let keys_of = |i: usize| Cow::Owned(align::sentence_keys(&ctx, f.refs[i]));
    let index = Index::build_from(f.refs.len(), keys_of, &icfg);
    let mut g = c.benchmark_group("index");
    g.throughput(Throughput::Elements(f.refs.len() as u64));
    g.sample_size(10);
    g.bench_function("build", |b| {
        b.iter(|| {
            let i = Index::build_from(f.refs.len(), keys_of, &icfg);
            assert_eq!(i.postings(), index.postings());
        })
    });
    let candidates: Vec<Vec<SentenceRef>> = f
        .refs
        .par_iter()
        .map(|&r| {
            let probe = align::sentence_keys(&ctx, r);
            index.candidates(&probe, &icfg).into_iter().map(|c| c.0).collect()
        })
        .collect();
    let total: usize = candidates.iter().map(Vec::len).sum();
    g.bench_function("candidates", |b| {
        b.iter(|| {
            let n: usize = f
                .refs
                .par_iter()
                .map_init(
                    || index.scratch(),
                    |s, &r| index.candidates_with(&align::sentence_keys(&ctx, r), &icfg, s).len(),
                )
                .sum();
            assert_eq!(n, total);
        })
    });
    g.finish();

    // Verification: align_pair over every candidate pair, one thread, so the
    // figure is pairs per second per core.
    let pairs: Vec<(SentenceRef, SentenceRef)> = f
        .refs
        .iter()
        .zip(&candidates)
        .flat_map(|(&a, cs)| cs.iter().map(move |&b| (a, b)))
        .collect();
    let matched = pairs.iter().filter(|&&(a, b)| align::align_pair(&ctx, a, b).is_some()).count();
    let mut g = c.benchmark_group("verify");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("align_pair", pairs.len()), |b| {
        b.iter(|| {
            let n = pairs.iter().filter(|&&(a, b)| align::align_pair(&ctx, a, b).is_some()).count();
            assert_eq!(n, matched);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("end_to_end");
    g.sample_size(10);
    let bundled = refract::bundled();
    let expected = refract::run(&bundled, &f.cfg).unwrap().alignments.len();
    g.throughput(Throughput::Bytes(bundled.documents.iter().map(|d| d.text.len() as u64).sum()));
    g.bench_function("bundled", |b| {
        b.iter(|| assert_eq!(refract::run(&bundled, &f.cfg).unwrap().alignments.len(), expected))
    });
    let expected = refract::run(&f.corpus, &f.cfg).unwrap().alignments.len();
    g.throughput(Throughput::Bytes(f.bytes));
    g.bench_function(BenchmarkId::new("generated", ARTICLES), |b| {
        b.iter(|| assert_eq!(refract::run(&f.corpus, &f.cfg).unwrap().alignments.len(), expected))
    });
    g.finish();
    let _ = std::fs::remove_file(&f.jsonl);
}

criterion_group!(benches, stages);
criterion_main!(benches);
