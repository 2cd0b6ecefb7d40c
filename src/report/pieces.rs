//! The pieces of an alignment's word diff, in reading order, for renderers
//! that show a version with its changes inline (markdown, HTML, coloured
//! text).

use crate::model::{Alignment, Category, Corpus, EditOp};

/// What a piece of an inline diff is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceKind {
    /// Words both passages share.
    Kept,
    /// Source words the target dropped or replaced.
    Dropped,
    /// Target words added or put in place of source words.
    Added,
}

/// One run of words of an inline diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub kind: PieceKind,
    /// The words, as written (source text for `Dropped`, target text otherwise).
    pub text: String,
    pub category: Option<Category>,
}

/// The alignment's edits as pieces: kept runs from the target, dropped runs
/// from the source, added runs from the target; a replacement is its dropped
/// piece followed by its added piece, both with the edit's category.
pub fn pieces(corpus: &Corpus, a: &Alignment) -> Vec<Piece> {
    let (ts, tt) = (&corpus.documents[a.source.doc].text, &corpus.documents[a.target.doc].text);
    let mut out = Vec::new();
    for e in &a.edits {
        let src = e.source.map(|s| s.text(ts).to_string());
        let tgt = e.target.map(|s| s.text(tt).to_string());
        match e.op {
            EditOp::Equal => out.push(Piece {
                kind: PieceKind::Kept,
                text: tgt.unwrap_or_default(),
                category: None,
            }),
            EditOp::Delete => out.push(Piece {
                kind: PieceKind::Dropped,
                text: src.unwrap_or_default(),
                category: e.category,
            }),
            EditOp::Insert => out.push(Piece {
                kind: PieceKind::Added,
                text: tgt.unwrap_or_default(),
                category: e.category,
            }),
            EditOp::Replace => {
                out.push(Piece {
                    kind: PieceKind::Dropped,
                    text: src.unwrap_or_default(),
                    category: e.category,
                });
                out.push(Piece {
                    kind: PieceKind::Added,
                    text: tgt.unwrap_or_default(),
                    category: e.category,
                });
            }
        }
    }
    out
}

pub(crate) use crate::segment::chars::one_line;

/// Shortens to `max` characters on a word boundary, with an ellipsis.
pub fn clip(s: &str, max: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a).to_string();
    format!("{cut}…")
}
