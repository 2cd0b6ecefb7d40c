//! Quotation extraction and attribution on any text, with and without the
//! segmenter's paragraphs: never panics, and every quotation keeps the
//! promises of `quote` (spans on boundaries, pieces inside `outer`, order,
//! top-level quotations disjoint, `quote::overlapping` complete).
#![no_main]

use libfuzzer_sys::fuzz_target;
use refract::{Document, Segmentation, Span};
use refract::bench::{self as quote, self as segment};

#[path = "../../tests/integration/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut doc = Document::new("d", text);
    // Page chrome as ingest marks it, so that exclusions are exercised too.
    doc.excluded = refract::bench::detect_chrome(&doc.text);
    for e in &doc.excluded {
        invariants::span_ok(&doc.text, *e, "excluded");
    }
    let seg = segment::segment(&doc);
    let scan = quote::extract(0, &doc, &seg);
    invariants::check_quotes(0, &doc, &scan);
    // Without paragraphs (quote falls back to lines).
    let scan = quote::extract(0, &doc, &Segmentation::default());
    invariants::check_quotes(0, &doc, &scan);
    // An unsorted, overlapping exclusion list is allowed too.
    if doc.text.len() > 4 {
        let n = doc.text.len();
        let mut cut = n / 2;
        while !doc.text.is_char_boundary(cut) {
            cut -= 1;
        }
        doc.excluded = vec![Span::new(cut, n), Span::new(0, cut)];
        let scan = quote::extract(0, &doc, &seg);
        invariants::check_quotes(0, &doc, &scan);
    }
});
