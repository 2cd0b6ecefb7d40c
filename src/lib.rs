//! refract shows how one statement bends as it passes through the media.
//!
//! Give it an authoritative transcript and the articles of several outlets
//! about the same event; it finds every place where an article quotes or
//! paraphrases a remark of the transcript (or of another article), aligns the
//! versions, and reports word by word what each outlet kept, dropped or
//! changed.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`ingest`] reads files, manifests and JSON Lines into a [`model::Corpus`];
//! 2. [`segment`] cuts each document into paragraphs, sentences and tokens;
//! 3. [`quote`] finds quotations and who they are attributed to;
//! 4. [`normalize`] and [`lexicon`] turn tokens into matching keys;
//! 5. [`index`] proposes candidate sentence pairs without comparing all pairs;
//! 6. [`align`] scores candidates and finds the passages that carry a remark;
//! 7. [`verify`] checks every quotation against its source (verbatim, close,
//!    altered, unsourced);
//! 8. [`report`] renders the result (JSON contract `refract.report/v1`, text).
//!
//! [`pipeline::run`] calls the stages in order. The library never prints;
//! [`pipeline::run_with`] tells a [`progress::Progress`] how far a run has got.
//!
//! ```
//! use refract::model::{Corpus, Document, Role};
//! use refract::pipeline::{self, Config};
//!
//! let transcript = Document::new(
//!     "transcript",
//!     "Minister Anna Petrova: We will never accept the new tariffs on grain.\n",
//! )
//! .with_role(Role::Primary);
//! let article = Document::new(
//!     "article",
//!     "Petrova said her country would never accept new grain tariffs.\n",
//! );
//! let corpus = Corpus { documents: vec![transcript, article] };
//! let analysis = pipeline::run(&corpus, &Config::default())?;
//!
//! let a = &analysis.alignments[0];
//! assert_eq!(corpus.documents[a.source.doc].id, "transcript");
//! assert_eq!(
//!     corpus.documents[a.target.doc].slice(a.target.span),
//!     "Petrova said her country would never accept new grain tariffs."
//! );
//! # Ok::<(), refract::Error>(())
//! ```

pub mod align;
pub mod candidates;
pub mod config;
pub mod coverage;
mod data;
pub mod diff;
pub mod error;
mod hint;
pub mod index;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod prepare;
pub mod progress;
pub mod quote;
pub mod report;
pub mod segment;
pub mod select;
pub mod speaker;
pub mod tools;
pub mod verify;
mod words;

pub use config::Config;
pub use error::{Error, ErrorKind, Result};
pub use model::{
    Alignment, Analysis, Category, Corpus, Document, Edit, EditOp, Passage, PieceCheck, Quotation,
    QuoteCheck, QuoteKind, Relation, Role, Span, Verdict, Warning,
};
