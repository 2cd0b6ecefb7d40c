//! Which paragraphs and sentences are excluded: [`Document::is_excluded`], with a
//! binary search over sorted regions.

use crate::model::{Document, Span};

/// [`Document::is_excluded`] with a binary search when the excluded regions
/// are sorted and disjoint (as the model promises), so a document with many
/// regions and many sentences stays near-linear. Same answers either way.
pub(crate) struct Exclusion<'a> {
    doc: &'a Document,
    pub(super) sorted: bool,
}

impl<'a> Exclusion<'a> {
    pub(crate) fn new(doc: &'a Document) -> Exclusion<'a> {
        let ex = &doc.excluded;
        let sorted =
            ex.iter().all(|e| e.start <= e.end) && ex.windows(2).all(|w| w[0].end <= w[1].start);
        Exclusion { doc, sorted }
    }

    pub(crate) fn is_excluded(&self, span: Span) -> bool {
        let ex = &self.doc.excluded;
        if ex.is_empty() {
            return false;
        }
        if !self.sorted {
            return self.doc.is_excluded(span);
        }
        let first = ex.partition_point(|e| e.end <= span.start);
        let mut covered = 0;
        for e in &ex[first..] {
            if e.start >= span.end {
                break;
            }
            covered += e.overlap(span);
        }
        covered * 2 > span.len().max(1)
    }
}
