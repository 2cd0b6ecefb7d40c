//! Rendering an [`Analysis`](crate::model::Analysis): the JSON contract
//! (`refract.report/v1`), a text listing, and the framing report in Markdown
//! and HTML.
//!
//! Output structs are private to each format and made only for output
//! (difftastic's rule): internal types can change without breaking the JSON
//! contract, and the contract is versioned in [`json::SCHEMA`].

pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod term;
pub mod text;
