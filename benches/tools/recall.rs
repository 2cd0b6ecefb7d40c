//! Recall of a refract JSON report against the truth written by
//! `refract generate`:
//!
//! ```sh
//! cargo run --release --example recall -- truth.jsonl report.json
//! ```
//!
//! Prints one JSON object: truth links, found, recall, and the share of
//! transcript → article alignments that match a truth link; and the recall
//! of the article pairs the truth implies (`article_pairs`,
//! `article_pair_recall`): two articles that carry the same transcript
//! sentence should be aligned with each other there, in either direction.

use std::io::BufRead;

use refract::tools::generate::TruthLink;
use refract::tools::recall::{recall, FoundLink};
use refract::Span;
use serde::Deserialize;

#[derive(Deserialize)]
struct End {
    doc: String,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct Alignment {
    source: End,
    target: End,
}

#[derive(Deserialize)]
struct Report {
    alignments: Vec<Alignment>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [truth, report] = args.as_slice() else {
        eprintln!("usage: recall TRUTH.jsonl REPORT.json");
        std::process::exit(2);
    };
    let truth: Vec<TruthLink> = std::io::BufReader::new(std::fs::File::open(truth).unwrap())
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    let report: Report =
        serde_json::from_reader(std::io::BufReader::new(std::fs::File::open(report).unwrap()))
            .unwrap();
    let s = recall(
        &truth,
        report.alignments.iter().map(|a| FoundLink {
            source: &a.source.doc,
            source_span: Span::new(a.source.start, a.source.end),
            target: &a.target.doc,
            target_span: Span::new(a.target.start, a.target.end),
        }),
    );
    println!(
        "{{\"truth\": {}, \"found\": {}, \"recall\": {:.4}, \"quote_recall\": {:.4}, \"alignments\": {}, \"transcript_alignments\": {}, \"matching_truth\": {:.4}, \"article_pairs\": {}, \"article_pair_recall\": {:.4}}}",
        s.truth,
        s.found,
        s.recall,
        s.found_quote as f64 / s.truth_quote.max(1) as f64,
        report.alignments.len(),
        s.primary_alignments,
        s.precision,
        s.article_pairs,
        s.article_pair_recall()
    );
}
