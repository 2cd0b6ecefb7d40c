//! Rendering an [`Analysis`](crate::pipeline::Analysis): the JSON contract
//! (`refract.report/v1`) and a readable text listing.
//!
//! Output structs are private to each format and made only for output
//! (difftastic's rule): internal types can change without breaking the JSON
//! contract, and the contract is versioned in [`json::SCHEMA`].

pub mod json;
pub mod text;
