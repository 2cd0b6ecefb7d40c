//! Segmentation of any text (bytes decoded as UTF-8, invalid bytes
//! replaced): never panics, and every span keeps the promises of `segment`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refract::Document;
use refract::bench as segment;

#[path = "../../tests/integration/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let doc = Document::new("d", String::from_utf8_lossy(data).into_owned());
    let (seg, warnings) = segment::segment_with_warnings(0, &doc);
    invariants::check_segmentation(&doc, &seg);
    for w in &warnings {
        assert!(w.offset <= doc.text.len());
    }
});
