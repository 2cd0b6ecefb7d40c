//! Scoring a report against hand-annotated links or line truth (`refract
//! eval`).
//!
//! # Gold links
//!
//! Gold format (JSON Lines, one link per line): `source` and `target` are
//! `{doc, text}` where `text` is an exact substring of that document,
//! `relation` is `quote` or `paraphrase`, `required` says whether a good
//! aligner must find it, `note` is free text.
//!
//! Matching rule: a reported alignment matches a link when, in both
//! documents, its span and the link's span overlap by at least half of the
//! shorter of the two. Recall counts required links matched by some
//! alignment. Precision counts, among the reported alignments *in scope*,
//! those that match any link (required or not), plus alignments between two
//! articles whose passages both match links from the same source passage
//! ("two articles that carry the same source remark"). In scope are the
//! alignments between a pair of documents the gold annotates, and between
//! two documents that are both annotated targets; the gold says nothing
//! about other pairs, so they are not counted either way.
//!
//! # Line truth
//!
//! A corpus with line truth (the layout of `dev-paraphrase`'s `truth.tsv`:
//! one row per carried line, `article<TAB>article line<TAB>transcript<TAB>
//! transcript line`, each line an exact substring of its document) is
//! scored with the same overlap rule ([`evaluate_truth`]): a row is found
//! when one alignment overlaps both of its lines; precision counts the
//! alignments between a transcript and an article (by the report's
//! `primary` flags) that overlap some row. Alignments between two articles
//! or two transcripts are not counted either way.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Relation, Span};
use crate::report::json::{AlignmentOut, Report};

#[derive(Clone, Debug, Deserialize)]
pub struct GoldSide {
    pub doc: String,
    pub text: String,
}

/// One annotated link.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldLink {
    pub source: GoldSide,
    pub target: GoldSide,
    pub relation: Relation,
    pub required: bool,
    #[serde(default)]
    pub note: String,
}

/// Parses a gold file; `path` is used in error messages.
pub fn parse_gold(path: &str, text: &str) -> Result<Vec<GoldLink>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let link: GoldLink = serde_json::from_str(line)
            .map_err(|e| Error::at(ErrorKind::Eval, format!("{path}:{}", i + 1), e.to_string()))?;
        out.push(link);
    }
    Ok(out)
}

/// A gold link located in the documents.
#[derive(Clone, Debug)]
struct Located {
    source: (String, Span),
    target: (String, Span),
    required: bool,
}

/// The scores and the evidence behind them.
#[derive(Clone, Debug, Default)]
pub struct EvalResult {
    pub required: usize,
    pub required_found: usize,
    pub in_scope: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Indexes into the gold links of required links no alignment matched.
    pub missed: Vec<usize>,
    /// Indexes into the report's alignments of in-scope alignments matching nothing.
    pub wrong: Vec<usize>,
}

fn matches(a: Span, b: Span) -> bool {
    let shorter = a.len().min(b.len());
    shorter > 0 && a.overlap(b) * 2 >= shorter
}

fn side_matches(al: &AlignmentOut, doc: &str, span: Span) -> Option<bool> {
    // Which side of the alignment is in `doc`? Returns whether it matches.
    if al.source.doc == doc {
        Some(matches(Span::new(al.source.start, al.source.end), span))
    } else if al.target.doc == doc {
        Some(matches(Span::new(al.target.start, al.target.end), span))
    } else {
        None
    }
}

fn link_matches(al: &AlignmentOut, l: &Located) -> bool {
    if l.source.0 == l.target.0 {
        return false;
    }
    side_matches(al, &l.source.0, l.source.1) == Some(true)
        && side_matches(al, &l.target.0, l.target.1) == Some(true)
}

/// Scores `report` against `gold`; `texts` gives each document's text by id.
pub fn evaluate(
    gold: &[GoldLink],
    report: &Report,
    texts: &BTreeMap<String, String>,
) -> Result<EvalResult> {
    let locate = |i: usize, side: &GoldSide| -> Result<(String, Span)> {
        let text = texts.get(&side.doc).ok_or_else(|| Error::Gold {
            problem: format!("gold link {}: document '{}' is not in the report", i + 1, side.doc),
        })?;
        let start = text.find(&side.text).ok_or_else(|| Error::Gold {
            problem: format!(
                "gold link {}: text not found in '{}': {:.60}",
                i + 1,
                side.doc,
                side.text
            ),
        })?;
        Ok((side.doc.clone(), Span::new(start, start + side.text.len())))
    };
    let links: Vec<Located> = gold
        .iter()
        .enumerate()
        .map(|(i, g)| {
            Ok(Located {
                source: locate(i, &g.source)?,
                target: locate(i, &g.target)?,
                required: g.required,
            })
        })
        .collect::<Result<_>>()?;

    let pair = |a: &str, b: &str| {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    let annotated: BTreeSet<(String, String)> =
        links.iter().map(|l| pair(&l.source.0, &l.target.0)).collect();
    let targets: BTreeSet<&str> = links.iter().map(|l| l.target.0.as_str()).collect();

    let mut res = EvalResult::default();
    for (i, l) in links.iter().enumerate() {
        if !l.required {
            continue;
        }
        res.required += 1;
        if report.alignments.iter().any(|a| link_matches(a, l)) {
            res.required_found += 1;
        } else {
            res.missed.push(i);
        }
    }
    for (i, a) in report.alignments.iter().enumerate() {
        if a.source.doc == a.target.doc {
            continue;
        }
        let p = pair(&a.source.doc, &a.target.doc);
        let both_targets =
            targets.contains(a.source.doc.as_str()) && targets.contains(a.target.doc.as_str());
        if !annotated.contains(&p) && !both_targets {
            continue;
        }
        res.in_scope += 1;
        let direct = links.iter().any(|l| link_matches(a, l));
        // Two articles carrying the same source remark.
        let shared = both_targets
            && links.iter().any(|l1| {
                l1.target.0 == a.source.doc
                    && matches(l1.target.1, Span::new(a.source.start, a.source.end))
                    && links.iter().any(|l2| {
                        l2.target.0 == a.target.doc
                            && l2.source == l1.source
                            && matches(l2.target.1, Span::new(a.target.start, a.target.end))
                    })
            });
        if direct || shared {
            res.correct += 1;
        } else {
            res.wrong.push(i);
        }
    }
    res.precision = if res.in_scope == 0 { 1.0 } else { res.correct as f64 / res.in_scope as f64 };
    res.recall =
        if res.required == 0 { 1.0 } else { res.required_found as f64 / res.required as f64 };
    res.f1 = if res.precision + res.recall == 0.0 {
        0.0
    } else {
        2.0 * res.precision * res.recall / (res.precision + res.recall)
    };
    Ok(res)
}

/// One row of line truth: a line of an article that carries a line of a
/// transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TruthRow {
    pub article: String,
    pub article_line: String,
    pub transcript: String,
    pub transcript_line: String,
}

/// Parses line truth (tab-separated, four fields a row); `path` is used in
/// error messages.
pub fn parse_truth(path: &str, text: &str) -> Result<Vec<TruthRow>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [article, article_line, transcript, transcript_line] = fields[..] else {
            let problem = format!("{} tab-separated fields, not 4", fields.len());
            return Err(Error::at(ErrorKind::Eval, format!("{path}:{}", i + 1), problem));
        };
        out.push(TruthRow {
            article: article.to_string(),
            article_line: article_line.to_string(),
            transcript: transcript.to_string(),
            transcript_line: transcript_line.to_string(),
        });
    }
    Ok(out)
}

/// The scores of a report against line truth.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TruthResult {
    /// Rows whose two lines are found in their documents (rows that are not
    /// are left out and counted in `unlocated`).
    pub rows: usize,
    pub unlocated: usize,
    /// Rows some alignment overlaps.
    pub found: usize,
    /// Alignments between a transcript and an article, and of them those
    /// that overlap some row.
    pub counted: usize,
    pub matching: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Scores `report` against line truth; `texts` gives each document's text
/// by id. A row is found when one alignment overlaps both of its lines, in
/// either orientation; precision counts the alignments between a primary
/// and a non-primary document of the report.
pub fn evaluate_truth(
    rows: &[TruthRow],
    report: &Report,
    texts: &BTreeMap<String, String>,
) -> TruthResult {
    let locate = |doc: &str, line: &str| {
        let start = texts.get(doc)?.find(line)?;
        Some(Span::new(start, start + line.len()))
    };
    /// A row's article line, transcript line, and whether it was found.
    type Row = (Span, Span, bool);
    let mut located: BTreeMap<(&str, &str), Vec<Row>> = BTreeMap::new();
    let mut res = TruthResult::default();
    for r in rows {
        match (locate(&r.article, &r.article_line), locate(&r.transcript, &r.transcript_line)) {
            (Some(a), Some(t)) => {
                located.entry((&r.article, &r.transcript)).or_default().push((a, t, false));
                res.rows += 1;
            }
            _ => res.unlocated += 1,
        }
    }
    let primary: BTreeMap<&str, bool> =
        report.documents.iter().map(|d| (d.id.as_str(), d.primary)).collect();
    let is_primary = |doc: &str| primary.get(doc).copied().unwrap_or(false);
    for al in &report.alignments {
        let (s, t) = (&al.source, &al.target);
        let (article, transcript) = match (is_primary(&s.doc), is_primary(&t.doc)) {
            (true, false) => (t, s),
            (false, true) => (s, t),
            _ => continue,
        };
        res.counted += 1;
        let (a, p) =
            (Span::new(article.start, article.end), Span::new(transcript.start, transcript.end));
        let mut hit = false;
        if let Some(rows) = located.get_mut(&(article.doc.as_str(), transcript.doc.as_str())) {
            for row in rows.iter_mut().filter(|row| matches(row.0, a) && matches(row.1, p)) {
                row.2 = true;
                hit = true;
            }
        }
        res.matching += usize::from(hit);
    }
    res.found = located.values().flatten().filter(|row| row.2).count();
    res.recall = if res.rows == 0 { 1.0 } else { res.found as f64 / res.rows as f64 };
    res.precision = if res.counted == 0 { 1.0 } else { res.matching as f64 / res.counted as f64 };
    res.f1 = if res.precision + res.recall == 0.0 {
        0.0
    } else {
        2.0 * res.precision * res.recall / (res.precision + res.recall)
    };
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::json::{DocumentOut, SpanOut, SCHEMA};

    fn al(sd: &str, s: (usize, usize), td: &str, t: (usize, usize)) -> AlignmentOut {
        AlignmentOut {
            source: SpanOut { doc: sd.into(), start: s.0, end: s.1, text: String::new() },
            target: SpanOut { doc: td.into(), start: t.0, end: t.1, text: String::new() },
            score: 1.0,
            relation: Relation::Quote,
            edits: vec![],
        }
    }

    #[test]
    fn scores_recall_on_required_links_and_precision_in_scope() {
        let texts: BTreeMap<String, String> = [
            ("p".to_string(), "Alpha beta gamma. Delta epsilon zeta.".to_string()),
            ("n".to_string(), "They said alpha beta. Then delta epsilon.".to_string()),
            ("x".to_string(), "Unrelated text here.".to_string()),
        ]
        .into();
        let gold = parse_gold(
            "g",
            r#"{"source":{"doc":"p","text":"Alpha beta gamma."},"target":{"doc":"n","text":"They said alpha beta."},"relation":"paraphrase","required":true}
{"source":{"doc":"p","text":"Delta epsilon zeta."},"target":{"doc":"n","text":"Then delta epsilon."},"relation":"paraphrase","required":false}"#,
        )
        .unwrap();
        let report = Report {
            schema: SCHEMA.into(),
            documents: vec![],
            alignments: vec![
                al("p", (0, 17), "n", (0, 21)),  // matches link 1
                al("p", (0, 17), "n", (22, 41)), // wrong target
                al("p", (0, 5), "x", (0, 9)),    // out of scope
            ],
            quotes: vec![],
            warnings: vec![],
            coverage: None,
            outlets: None,
        };
        let r = evaluate(&gold, &report, &texts).unwrap();
        assert_eq!((r.required, r.required_found), (1, 1));
        assert_eq!((r.in_scope, r.correct), (2, 1));
        assert_eq!(r.wrong, vec![1]);
        assert!((r.precision - 0.5).abs() < 1e-9);
    }

    #[test]
    fn line_truth_counts_rows_found_and_alignments_between_a_transcript_and_an_article() {
        let texts: BTreeMap<String, String> = [
            ("p1".to_string(), "First line.\nSecond line here.\n".to_string()),
            ("s1".to_string(), "A distractor.\nThe first line.\nThe second one.\n".to_string()),
            ("s2".to_string(), "Another article.\n".to_string()),
        ]
        .into();
        let truth = parse_truth(
            "t.tsv",
            "s1\tThe first line.\tp1\tFirst line.\ns1\tThe second one.\tp1\tSecond line here.\n\
             s1\tNot in the text.\tp1\tFirst line.\n",
        )
        .unwrap();
        let doc = |id: &str, primary: bool| DocumentOut {
            id: id.into(),
            outlet: id.into(),
            role: if primary { "primary" } else { "article" }.into(),
            path: id.into(),
            bytes: texts[id].len(),
            date: None,
            primary,
        };
        let report = Report {
            schema: SCHEMA.into(),
            documents: vec![doc("p1", true), doc("s1", false), doc("s2", false)],
            alignments: vec![
                al("p1", (0, 11), "s1", (14, 29)), // the first row
                al("p1", (12, 29), "s1", (0, 13)), // the second line, but the distractor
                al("s1", (14, 29), "s2", (0, 16)), // two articles: not counted
            ],
            quotes: vec![],
            warnings: vec![],
            coverage: None,
            outlets: None,
        };
        let r = evaluate_truth(&truth, &report, &texts);
        assert_eq!((r.rows, r.unlocated, r.found), (2, 1, 1));
        assert_eq!((r.counted, r.matching), (2, 1));
        assert!((r.recall - 0.5).abs() < 1e-9 && (r.precision - 0.5).abs() < 1e-9);
        assert!(parse_truth("t.tsv", "a\tb\tc\n").is_err());
    }

    #[test]
    fn half_of_the_shorter_span_must_overlap() {
        assert!(matches(Span::new(0, 10), Span::new(5, 100)));
        assert!(!matches(Span::new(0, 10), Span::new(6, 100)));
    }
}
