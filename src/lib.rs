//! refract shows how one statement bends as it passes through the media.
//!
//! Give it an authoritative transcript and the articles of several outlets
//! about the same event; it finds every place where an article quotes or
//! paraphrases a remark of the transcript (or of another article), aligns the
//! versions, and reports word by word what each outlet kept, dropped or
//! changed, and whether each quotation is faithful.
//!
//! # The main types
//!
//! * A [`Corpus`] holds the [`Document`]s of a run: transcripts (role
//!   [`Role::Primary`]) and articles. [`load`] reads files, manifests and
//!   JSON Lines; [`bundled`] is the corpus that ships with refract.
//! * [`run`] (or [`run_with`], which reports its [`Progress`]) runs the
//!   pipeline with a [`Config`] and returns an [`Analysis`]: its
//!   [`Alignment`]s (a source passage, the target passage that carries it,
//!   a score, a [`Relation`] and word [`Edit`]s with their [`Category`]) and
//!   a [`QuoteCheck`] per quotation (a [`Verdict`] against its source).
//! * A renderer of [`report`] writes the analysis: the JSON contract
//!   (`refract.report/v1`), text listings, the framing report in a
//!   terminal, Markdown or HTML. [`Coverage`] is the framing report's view:
//!   remarks × outlets and outlet profiles.
//!
//! Every span is a byte range into a document's text exactly as read. The
//! library never prints; errors are [`Error`]s that name the input and the
//! problem.
//!
//! # Example
//!
//! ```
//! use refract::{Config, Corpus, Document, Role};
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
//! let analysis = refract::run(&corpus, &Config::default())?;
//!
//! let a = &analysis.alignments[0];
//! assert_eq!(corpus.documents[a.source.doc].id, "transcript");
//! assert_eq!(
//!     corpus.documents[a.target.doc].slice(a.target.span),
//!     "Petrova said her country would never accept new grain tariffs."
//! );
//!
//! // The same analysis as the JSON report.
//! use refract::report::{Json, Render};
//! let mut json = Vec::new();
//! Json::alignments().render(&corpus, &analysis, &mut json)?;
//! assert!(String::from_utf8(json)?.contains("\"schema\": \"refract.report/v1\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The stages
//!
//! [`run`] calls them in order, each a module of its own (ARCHITECTURE.md
//! walks through them; [`Stage`] names them for progress):
//!
//! 1. **prepare** — each document segmented into paragraphs, sentences and
//!    tokens, its quotations found and attributed, its words normalised;
//! 2. **index** — word weights, every sentence compiled for scoring, who
//!    speaks where;
//! 3. **align** — candidate sentence pairs proposed by inverted indexes and
//!    scored, with the passage each side carries;
//! 4. **select** — each pair oriented (which side is the source), admitted
//!    against its threshold, the best kept;
//! 5. **verify** — every quotation checked against its sources;
//! 6. **diff** — the typed word diff of every kept alignment.

mod align;
#[doc(hidden)]
pub mod bench;
mod candidates;
mod config;
mod coverage;
mod data;
mod diff;
mod error;
mod hint;
mod index;
mod ingest;
mod lexicon;
mod model;
mod normalize;
mod pipeline;
mod prepare;
mod progress;
mod quote;
pub mod report;
mod segment;
mod select;
mod speaker;
pub mod tools;
mod verify;
mod words;

pub use config::Config;
pub use coverage::{Carriage, Coverage, EditRef, Profile, Remark};
pub use error::{Error, ErrorKind, Result};
pub use ingest::{bundled, load, load_with_aliases, AliasFile, IngestOptions, Loaded};
pub use model::{
    Alignment, Analysis, Attribution, BlockKind, Category, Change, Corpus, DocIdx, Document, Edit,
    EditOp, Paragraph, Passage, PieceCheck, Prepared, Quotation, QuoteCheck, QuoteKind, Relation,
    Role, Segmentation, Sentence, Span, Token, Verdict, Warning,
};
pub use pipeline::{run, run_with};
pub use progress::{Progress, Silent, Stage};
