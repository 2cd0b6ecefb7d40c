//! The whole pipeline on two small documents: the input is split at its
//! first NUL byte into a primary and an article (invalid UTF-8 replaced).
//! Never panics; alignments, edits and the JSON report keep every span
//! promise, and the report survives a JSON round trip.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use refract::{Corpus, Document, Role};
use refract::Config;
use refract::report::json;

#[path = "../../tests/integration/invariants.rs"]
mod invariants;

static POOL: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    POOL.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(1).build_global();
    });
    let (a, b) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let corpus = Corpus {
        documents: vec![
            Document::new("p", String::from_utf8_lossy(a).into_owned()).with_role(Role::Primary),
            Document::new("a", String::from_utf8_lossy(b).into_owned()),
        ],
    };
    let analysis = refract::run(&corpus, &Config::default()).expect("two documents run");
    invariants::check_analysis(&corpus, &analysis);
    invariants::check_report(&corpus, &json::build(&corpus, &analysis));
});
