//! A readable listing: each source passage, then where each outlet carries it;
//! then every quotation with its verdict.
//!
//! ```text
//! mfa 6571..6735 (primary)
//!   We caution against the misuse of alliances ...
//!   -> news  quote       0.612  2360..2489  “We warn against exploiting ...”
//!
//! quotations: 37 (6 verbatim, 5 close, 17 altered, 9 unsourced)
//!
//! news 540..666  full  altered  Lavrov (said, via the Associated Press)
//!   quote:   “We warn against exploiting these ties ...”
//!   source:  mfa 8791..8958  We caution against the misuse of alliances ...
//!   diff:    We [-caution-]{+warn+} against [-the misuse of-]{+exploiting these ties to build+} ...
//!   changes: “caution” → “warn”; added “anyone”; dropped “partnerships tools”; ...
//! ```
//!
//! Diffs mark source words `[-like this-]` and the quotation's words
//! `{+like this+}`; unchanged words are shown as quoted.

use std::fmt::Write;

use crate::segment::chars::one_line;

use crate::model::{
    Analysis, Category, Corpus, EditOp, PieceCheck, QuoteCheck, QuoteKind, Relation, Verdict,
};

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
        let relation = a.relation.as_str();
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
    if !analysis.quotes.is_empty() {
        let _ = writeln!(out);
        out.push_str(&render_quotes(corpus, analysis, &|_| true));
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

/// Renders the quotations of the documents `keep` selects: a summary line,
/// then each quotation with its verdict, speaker, source and (unless
/// verbatim) the diff and the changed content words.
pub fn render_quotes(corpus: &Corpus, analysis: &Analysis, keep: &dyn Fn(usize) -> bool) -> String {
    let checks: Vec<&QuoteCheck> = analysis.quotes.iter().filter(|c| keep(c.doc)).collect();
    let mut out = String::new();
    let _ = writeln!(out, "quotations: {}", summary(&checks));
    for c in checks {
        let _ = writeln!(out);
        out.push_str(&render_quote(corpus, analysis, c));
    }
    out
}

/// `N (a verbatim, b close, c altered, d unsourced)`.
pub fn summary(checks: &[&QuoteCheck]) -> String {
    format!("{} {}", checks.len(), breakdown(checks))
}

/// `(a verbatim, b close, c altered, d unsourced)`.
pub fn breakdown(checks: &[&QuoteCheck]) -> String {
    let count = |v: Verdict| checks.iter().filter(|c| c.verdict == v).count();
    format!(
        "({} verbatim, {} close, {} altered, {} unsourced)",
        count(Verdict::Verbatim),
        count(Verdict::Close),
        count(Verdict::Altered),
        count(Verdict::Unsourced),
    )
}

/// One quotation: header, quoted words, then per piece its source, diff and
/// changes.
pub fn render_quote(corpus: &Corpus, analysis: &Analysis, c: &QuoteCheck) -> String {
    let docs = &corpus.documents;
    let q = &analysis.prepared[c.doc].quotes[c.quote];
    let d = &docs[c.doc];
    let a = &q.attribution;
    let mut who = a.speaker.clone().unwrap_or_else(|| "?".to_string());
    let how: Vec<String> =
        a.cue.iter().cloned().chain(a.via.iter().map(|v| format!("via {v}"))).collect();
    if !how.is_empty() {
        who = format!("{who} ({})", how.join(", "));
    }
    let kind = match q.kind {
        QuoteKind::Full => "full",
        QuoteKind::Scare => "scare",
    };
    let mut out = String::new();
    let _ = writeln!(out, "{} {}  {}  {}  {}", d.id, q.span, kind, c.verdict.as_str(), who);
    let n = c.pieces.len();
    let tag = |label: &str, i: usize| {
        if n > 1 {
            format!("{label} {}/{n}:", i + 1)
        } else {
            format!("{label}:")
        }
    };
    let width = tag("changes", n.saturating_sub(1)).chars().count() + 1;
    let _ = writeln!(out, "  {:width$}“{}”", "quote:", one_line(d.slice(q.span)));
    for (i, p) in c.pieces.iter().enumerate() {
        let label = |l: &str| format!("{:width$}", tag(l, i));
        render_piece(&mut out, corpus, c.doc, p, n > 1, &label);
    }
    out
}

fn render_piece(
    out: &mut String,
    corpus: &Corpus,
    doc: usize,
    p: &PieceCheck,
    several: bool,
    label: &dyn Fn(&str) -> String,
) {
    let docs = &corpus.documents;
    let Some(src) = p.source else {
        let _ = writeln!(out, "  {}none ({})", label("source"), p.verdict.as_str());
        return;
    };
    let s = &docs[src.doc];
    let verdict = if several { format!("{}  ", p.verdict.as_str()) } else { String::new() };
    let _ = writeln!(
        out,
        "  {}{verdict}{} {}  {}",
        label("source"),
        s.id,
        src.span,
        one_line(s.slice(src.span))
    );
    if p.verdict == Verdict::Verbatim {
        return;
    }
    let (ts, tt) = (&s.text, &docs[doc].text);
    let diff: Vec<String> = p
        .edits
        .iter()
        .map(|e| {
            let from = e.source.map(|x| one_line(x.text(ts))).unwrap_or_default();
            let to = e.target.map(|x| one_line(x.text(tt))).unwrap_or_default();
            match e.op {
                EditOp::Equal => to,
                EditOp::Delete => format!("[-{from}-]"),
                EditOp::Insert => format!("{{+{to}+}}"),
                EditOp::Replace => format!("[-{from}-]{{+{to}+}}"),
            }
        })
        .collect();
    let _ = writeln!(out, "  {}{}", label("diff"), diff.join(" "));
    if !p.changes.is_empty() {
        let words = |spans: &[crate::model::Span], text: &str| {
            spans.iter().map(|x| one_line(x.text(text))).collect::<Vec<_>>().join(" ")
        };
        let changes: Vec<String> = p
            .changes
            .iter()
            .map(|c| match c.category {
                Category::Omission => format!("dropped “{}”", words(&c.source, ts)),
                Category::Addition => format!("added “{}”", words(&c.target, tt)),
                _ => format!("“{}” → “{}”", words(&c.source, ts), words(&c.target, tt)),
            })
            .collect();
        let _ = writeln!(out, "  {}{}", label("changes"), changes.join("; "));
    }
}
