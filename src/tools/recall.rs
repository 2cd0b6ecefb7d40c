//! Recall against a generated corpus's truth ([`TruthLink`]s): which truth
//! links a run's alignments find, and how many of its transcript-to-article
//! alignments match none.

use rustc_hash::FxHashMap;

use super::generate::TruthLink;
use crate::model::{Alignment, Corpus, Span};

/// One alignment as the scorer needs it: source and target document ids
/// and spans.
#[derive(Clone, Debug)]
pub struct FoundLink<'a> {
    pub source: &'a str,
    pub source_span: Span,
    pub target: &'a str,
    pub target_span: Span,
}

/// Recall against the truth, and how many transcript → article alignments
/// match no truth link.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Recall {
    pub truth: usize,
    pub found: usize,
    pub found_quote: usize,
    pub truth_quote: usize,
    /// Alignments from a transcript to an article.
    pub primary_alignments: usize,
    /// Of those, the ones that match a truth link.
    pub primary_matching: usize,
    pub recall: f64,
    /// `primary_matching / primary_alignments`.
    pub precision: f64,
    /// Article pairs the truth implies: two links of different articles to
    /// the same transcript sentence.
    pub article_pairs: usize,
    /// Of those, the ones found: an alignment between the two articles,
    /// either way round, that overlaps both links' article spans by at
    /// least one byte.
    pub article_pairs_found: usize,
}

impl Recall {
    /// `article_pairs_found / article_pairs` (1 when there are none).
    pub fn article_pair_recall(&self) -> f64 {
        if self.article_pairs == 0 {
            1.0
        } else {
            self.article_pairs_found as f64 / self.article_pairs as f64
        }
    }
}

/// Scores alignments against the truth. A truth link is found when some
/// alignment has its transcript as source and its article as target and
/// overlaps both spans by at least one byte. Transcript ids start with `t`.
pub fn recall<'a>(truth: &[TruthLink], found: impl IntoIterator<Item = FoundLink<'a>>) -> Recall {
    let mut by_pair: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    for (i, l) in truth.iter().enumerate() {
        by_pair.entry((l.transcript.as_str(), l.article.as_str())).or_default().push(i);
    }
    let mut hit = vec![false; truth.len()];
    let mut s = Recall { truth: truth.len(), ..Recall::default() };
    // Article–article alignments, by (article, article), each way round.
    let mut between: FxHashMap<(&str, &str), Vec<(Span, Span)>> = FxHashMap::default();
    for f in found {
        if !f.source.starts_with('t') && !f.target.starts_with('t') {
            let (x, y) = (f.source_span, f.target_span);
            between.entry((f.source, f.target)).or_default().push((x, y));
            between.entry((f.target, f.source)).or_default().push((y, x));
            continue;
        }
        let Some(links) = by_pair.get(&(f.source, f.target)) else {
            if f.source.starts_with('t') && !f.target.starts_with('t') {
                s.primary_alignments += 1;
            }
            continue;
        };
        s.primary_alignments += 1;
        let mut any = false;
        for &i in links {
            let l = &truth[i];
            let src = Span::new(l.source_start, l.source_end);
            let tgt = Span::new(l.start, l.end);
            if f.source_span.overlap(src) > 0 && f.target_span.overlap(tgt) > 0 {
                hit[i] = true;
                any = true;
            }
        }
        if any {
            s.primary_matching += 1;
        }
    }
    let mut by_sentence: FxHashMap<(&str, usize), Vec<&TruthLink>> = FxHashMap::default();
    for l in truth {
        by_sentence.entry((l.transcript.as_str(), l.source_start)).or_default().push(l);
    }
    for links in by_sentence.values() {
        for (i, x) in links.iter().enumerate() {
            for y in links[i + 1..].iter().filter(|y| y.article != x.article) {
                s.article_pairs += 1;
                let (sx, sy) = (Span::new(x.start, x.end), Span::new(y.start, y.end));
                let found = between
                    .get(&(x.article.as_str(), y.article.as_str()))
                    .is_some_and(|v| v.iter().any(|(a, b)| a.overlap(sx) > 0 && b.overlap(sy) > 0));
                s.article_pairs_found += usize::from(found);
            }
        }
    }
    s.found = hit.iter().filter(|h| **h).count();
    s.truth_quote = truth.iter().filter(|l| l.kind == "quote").count();
    s.found_quote = truth.iter().zip(&hit).filter(|(l, h)| **h && l.kind == "quote").count();
    s.recall = if s.truth == 0 { 1.0 } else { s.found as f64 / s.truth as f64 };
    s.precision = if s.primary_alignments == 0 {
        1.0
    } else {
        s.primary_matching as f64 / s.primary_alignments as f64
    };
    s
}

/// [`recall`] over the alignments of a run.
pub fn recall_of_alignments(
    truth: &[TruthLink],
    corpus: &Corpus,
    alignments: &[Alignment],
) -> Recall {
    let docs = &corpus.documents;
    recall(
        truth,
        alignments.iter().map(|a| FoundLink {
            source: docs[a.source.doc].id.as_str(),
            source_span: a.source.span,
            target: docs[a.target.doc].id.as_str(),
            target_span: a.target.span,
        }),
    )
}
