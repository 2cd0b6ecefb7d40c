//! Segmentation: paragraphs, sentences and word tokens with byte offsets.
//! (stub: being written)
use crate::model::{Document, Segmentation};

/// Cuts `doc` into paragraphs, sentences and tokens.
pub fn segment(doc: &Document) -> Segmentation {
    let _ = doc;
    Segmentation::default()
}
