//! JSON Lines ingest on any bytes, strict and lossy: never panics; an error
//! is one line that names `feed.jsonl` (with a line number when it is about
//! a record); documents have unique ids and text that is not blank.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refract::IngestOptions;

fuzz_target!(|data: &[u8]| {
    for lossy in [false, true] {
        match refract::bench::load_jsonl_bytes("feed.jsonl", data, &IngestOptions { lossy }) {
            Ok(corpus) => {
                let mut ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
                let n = ids.len();
                assert!(n > 0);
                ids.sort_unstable();
                ids.dedup();
                assert_eq!(ids.len(), n, "duplicate ids accepted");
                for d in &corpus.documents {
                    assert!(d.path.starts_with("feed.jsonl:"));
                    assert!(
                        !d.text.trim().is_empty() || d.text.contains(|c: char| !c.is_whitespace())
                    );
                    for e in &d.excluded {
                        assert!(d.text.is_char_boundary(e.start) && d.text.is_char_boundary(e.end));
                    }
                }
            }
            Err(e) => {
                let message = e.to_string();
                assert!(!message.contains('\n'), "{e}");
                assert!(e.path().is_some_and(|p| p.starts_with("feed.jsonl")), "{e}");
                assert!(e.path().is_some_and(|p| message.len() > p.len() + 2), "{e}");
            }
        }
    }
});
