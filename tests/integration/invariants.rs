//! Invariants that every stage promises, as assertions. The property tests
//! (`properties.rs`) and the fuzz targets (`fuzz/fuzz_targets/*.rs`, which
//! include this file with `#[path]`) check every output with them, so a
//! broken promise fails the same way in both.
//!
//! What is checked, and where it is promised:
//!
//! * every span lies inside its document, on UTF-8 character boundaries
//!   (`model` module doc: `&doc.text[span.range()]` never panics);
//! * segmentation: paragraphs and sentences are in order and do not overlap,
//!   spans are trimmed of white space, every token lies in exactly one
//!   sentence, no sentence has more than `MAX_SENTENCE_TOKENS` tokens
//!   (`segment` module doc);
//! * quotations: pieces lie inside `outer`, in order, `span` runs from the
//!   first piece to the last, quotations come in the order of their opening
//!   marks and top-level ones do not overlap (`quote` module doc);
//! * the JSON report: every span's `text` equals the bytes at `start..end`,
//!   and the report survives a round trip through its serde types
//!   (`report::json`).
#![allow(dead_code)]

use unicode_normalization::char::is_combining_mark;

use refract::bench::QuoteScan;
use refract::report::json::{self, Report};
use refract::Analysis;
use refract::{Corpus, Document, Quotation, Segmentation, Span, Warning};

/// `span` lies in `text`, on character boundaries, and is not reversed.
#[track_caller]
pub fn span_ok(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span} outside the text (0..{})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span} is not on character boundaries"
    );
}

/// White space as the segmenter trims it (a superset is fine here: a span
/// must neither start nor end with any of these).
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{FEFF}'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200D}'
                | '\u{2060}'
                | '\u{00AD}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

#[track_caller]
fn trimmed(text: &str, span: Span, what: &str) {
    let s = span.text(text);
    assert!(
        !s.starts_with(is_space) && !s.ends_with(is_space),
        "{what} {span} is not trimmed: {s:?}"
    );
}

/// The segmentation of `doc` keeps every promise of `segment`.
pub fn check_segmentation(doc: &Document, seg: &Segmentation) {
    let text = doc.text.as_str();
    let mut end = 0;
    for (i, p) in seg.paragraphs.iter().enumerate() {
        span_ok(text, p.span, "paragraph");
        assert!(!p.span.is_empty(), "paragraph {i} is empty");
        assert!(p.span.start >= end, "paragraph {i} overlaps the one before");
        trimmed(text, p.span, "paragraph");
        if let Some(label) = p.label {
            span_ok(text, label, "label");
            assert!(p.span.contains(label), "label {label} outside paragraph {}", p.span);
        }
        end = p.span.end;
    }
    let mut end = 0;
    let mut next_token = 0;
    for (i, s) in seg.sentences.iter().enumerate() {
        span_ok(text, s.span, "sentence");
        assert!(!s.span.is_empty(), "sentence {i} is empty");
        assert!(s.span.start >= end, "sentence {i} {} overlaps the one before", s.span);
        trimmed(text, s.span, "sentence");
        let para = seg.paragraphs.get(s.paragraph).expect("sentence's paragraph exists");
        assert!(
            para.span.contains(s.span),
            "sentence {} outside its paragraph {}",
            s.span,
            para.span
        );
        assert_eq!(s.tokens.0, next_token, "sentence {i}: tokens not contiguous");
        assert!(s.tokens.0 <= s.tokens.1 && s.tokens.1 <= seg.tokens.len());
        assert!(
            s.tokens.1 - s.tokens.0 <= refract::bench::MAX_SENTENCE_TOKENS,
            "sentence {i} has {} tokens",
            s.tokens.1 - s.tokens.0
        );
        for t in &seg.tokens[s.token_range()] {
            assert!(s.span.contains(t.span()), "token {} outside sentence {}", t.span(), s.span);
        }
        next_token = s.tokens.1;
        end = s.span.end;
    }
    assert_eq!(next_token, seg.tokens.len(), "tokens outside every sentence");
    let mut end = 0;
    for t in &seg.tokens {
        span_ok(text, t.span(), "token");
        assert!(!t.span().is_empty(), "empty token at {}", t.span());
        assert!(t.span().start >= end, "token {} overlaps the one before", t.span());
        let word = t.span().text(text);
        assert!(
            word.chars().next().is_some_and(char::is_alphanumeric)
                && word
                    .chars()
                    .next_back()
                    .is_some_and(|c| { c.is_alphanumeric() || is_combining_mark(c) }),
            "token {} starts or ends with punctuation: {word:?}",
            t.span()
        );
        end = t.span().end;
    }
}

/// The quotations of document `doc` (index `idx`) keep every promise of
/// `quote`.
pub fn check_quotes(idx: usize, doc: &Document, scan: &QuoteScan) {
    let text = doc.text.as_str();
    let mut last_start = 0;
    let mut top: Option<Span> = None;
    for q in &scan.quotes {
        check_quote(idx, text, q);
        assert!(q.outer.start >= last_start, "quotations out of order at {}", q.outer);
        last_start = q.outer.start;
        if q.depth == 0 {
            if let Some(t) = top {
                assert!(q.outer.start >= t.end, "top-level quotations {t} and {} overlap", q.outer);
            }
            top = Some(q.outer);
        } else {
            let t = top.expect("a nested quotation follows a top-level one");
            assert!(t.contains(q.outer), "nested quotation {} outside {t}", q.outer);
        }
    }
    check_warnings(idx, text, &scan.warnings);
    check_overlapping(text, &scan.quotes);
}

/// `quote::overlapping` finds every quotation that a span touches (checked
/// against a scan of all quotations, for spans all over the text).
fn check_overlapping(text: &str, quotes: &[Quotation]) {
    let n = text.len();
    let step = (n / 40).max(1);
    for start in (0..=n).step_by(step) {
        for len in [0, 1, step, n / 4] {
            let span = Span::new(start, (start + len).min(n));
            let range = refract::bench::overlapping(quotes, span);
            for (i, q) in quotes.iter().enumerate() {
                let touches = if span.is_empty() {
                    q.outer.start <= span.start && span.start < q.outer.end
                } else {
                    q.outer.overlap(span) > 0
                };
                assert!(!touches || range.contains(&i), "{span}: {} not in {range:?}", q.outer);
            }
        }
    }
}

fn check_quote(idx: usize, text: &str, q: &Quotation) {
    assert_eq!(q.doc, idx);
    span_ok(text, q.outer, "quotation outer");
    span_ok(text, q.span, "quotation span");
    assert!(!q.pieces.is_empty(), "quotation {} without pieces", q.outer);
    let mut end = q.outer.start;
    for p in &q.pieces {
        span_ok(text, *p, "quotation piece");
        assert!(!p.is_empty(), "empty piece in {}", q.outer);
        assert!(q.outer.contains(*p), "piece {p} outside outer {}", q.outer);
        assert!(p.start >= end, "pieces of {} out of order", q.outer);
        end = p.end;
    }
    assert_eq!(q.span, Span::new(q.pieces[0].start, q.pieces[q.pieces.len() - 1].end));
    let a = &q.attribution;
    for (span, what) in [(a.speaker_span, "speaker"), (a.cue_span, "cue"), (a.via_span, "via")] {
        if let Some(span) = span {
            span_ok(text, span, what);
        }
    }
}

fn check_warnings(idx: usize, text: &str, warnings: &[Warning]) {
    for w in warnings {
        assert_eq!(w.doc, idx);
        assert!(w.offset <= text.len(), "warning offset {} past the end", w.offset);
        assert!(!w.message.is_empty() && !w.message.contains('\n'), "{:?}", w.message);
    }
}

/// The analysis of `corpus`: every alignment's passages and edits lie in
/// their documents, on character boundaries.
pub fn check_analysis(corpus: &Corpus, analysis: &Analysis) {
    assert_eq!(analysis.prepared.len(), corpus.documents.len());
    for (i, (doc, p)) in corpus.documents.iter().zip(&analysis.prepared).enumerate() {
        check_segmentation(doc, &p.seg);
        for q in &p.quotes {
            check_quote(i, &doc.text, q);
        }
    }
    for a in &analysis.alignments {
        let (s, t) = (&corpus.documents[a.source.doc], &corpus.documents[a.target.doc]);
        assert_ne!(a.source.doc, a.target.doc, "an alignment within one document");
        span_ok(&s.text, a.source.span, "source passage");
        span_ok(&t.text, a.target.span, "target passage");
        assert!((0.0..=1.0).contains(&a.score), "score {}", a.score);
        for e in &a.edits {
            if let Some(span) = e.source {
                span_ok(&s.text, span, "edit source");
            }
            if let Some(span) = e.target {
                span_ok(&t.text, span, "edit target");
            }
        }
    }
    for w in &analysis.warnings {
        assert!(w.doc < corpus.documents.len());
        assert!(w.offset <= corpus.documents[w.doc].text.len());
    }
}

/// The JSON report of `corpus`: spans' `text` are the bytes at
/// `start..end`, and the JSON parses back into the same [`Report`].
pub fn check_report(corpus: &Corpus, report: &Report) {
    let text_of = |id: &str| -> &str {
        let i = corpus.find(id).unwrap_or_else(|| panic!("report names unknown document {id}"));
        &corpus.documents[i].text
    };
    for (d, out) in corpus.documents.iter().zip(&report.documents) {
        assert_eq!(d.id, out.id);
        assert_eq!(d.text.len(), out.bytes);
    }
    for a in &report.alignments {
        for side in [&a.source, &a.target] {
            let text = text_of(&side.doc);
            let span = Span::new(side.start, side.end);
            span_ok(text, span, "report span");
            assert_eq!(side.text, span.text(text), "report span {span} text");
        }
    }
    for w in &report.warnings {
        assert!(w.offset <= text_of(&w.doc).len());
    }
    let rendered = json::to_string(report);
    let back: Report = serde_json::from_str(&rendered).expect("the report parses");
    assert_eq!(&back, report, "the report changes in a JSON round trip");
}
