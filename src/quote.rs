//! Quotations: extraction and attribution. (stub: being written)
use crate::model::{DocIdx, Document, Quotation, Segmentation, Warning};

/// Quotations found in one document, and warnings about its quote marks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteScan {
    pub quotes: Vec<Quotation>,
    pub warnings: Vec<Warning>,
}

/// Finds every quotation in `doc` and who it is attributed to.
pub fn extract(doc_idx: DocIdx, doc: &Document, seg: &Segmentation) -> QuoteScan {
    let _ = (doc_idx, doc, seg);
    QuoteScan::default()
}
