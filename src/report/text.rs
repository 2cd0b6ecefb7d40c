//! A readable listing: each source passage, then where each outlet carries it.
//!
//! ```text
//! mfa 6571..6735 (primary)
//!   We caution against the misuse of alliances ...
//!   -> news  quote       0.612  2360..2489  “We warn against exploiting ...”
//! ```

use std::fmt::Write;

use crate::model::{Corpus, Relation};
use crate::pipeline::Analysis;

/// Renders the listing.
pub fn render(corpus: &Corpus, analysis: &Analysis) -> String {
    let docs = &corpus.documents;
    let mut out = String::new();
    let width = docs.iter().map(|d| d.id.len()).max().unwrap_or(4);
    let _ = writeln!(
        out,
        "refract: {} documents, {} alignments ({} quote, {} paraphrase)",
        docs.len(),
        analysis.alignments.len(),
        analysis.alignments.iter().filter(|a| a.relation == Relation::Quote).count(),
        analysis.alignments.iter().filter(|a| a.relation == Relation::Paraphrase).count(),
    );
    for (i, d) in docs.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:width$}  {:11}  {:>7} bytes  {}{}",
            d.id,
            d.role.as_str(),
            d.text.len(),
            d.outlet,
            if analysis.primary[i] { "  [primary]" } else { "" },
        );
    }
    let mut last_source = None;
    for a in &analysis.alignments {
        if last_source != Some(a.source) {
            last_source = Some(a.source);
            let d = &docs[a.source.doc];
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{} {}{}",
                d.id,
                a.source.span,
                if analysis.primary[a.source.doc] { " (primary)" } else { "" }
            );
            let _ = writeln!(out, "  {}", one_line(d.slice(a.source.span)));
        }
        let t = &docs[a.target.doc];
        let relation = match a.relation {
            Relation::Quote => "quote",
            Relation::Paraphrase => "paraphrase",
        };
        let _ = writeln!(
            out,
            "  -> {:width$}  {:10}  {:.3}  {}  {}",
            t.id,
            relation,
            a.score,
            a.target.span,
            one_line(t.slice(a.target.span)),
        );
    }
    if !analysis.warnings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "warnings:");
        for w in &analysis.warnings {
            let _ = writeln!(out, "  {}: byte {}: {}", docs[w.doc].path, w.offset, w.message);
        }
    }
    out
}

/// Collapses line breaks and runs of white space so each passage is one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
