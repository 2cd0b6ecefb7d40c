//! Internals for the benchmarks, the fuzz targets and the integration tests
//! that drive one stage at a time. Not part of the API: hidden from the
//! docs, and free to change with the code it exposes.

pub use crate::align::{
    align_pair, fetch_ahead, pair_features, sentence_keys, unit_features, Compiled, Context,
    PairFeatures, Unit, Weights,
};
pub use crate::candidates::candidate_pairs;
pub use crate::config::{AlignConfig, Caps, IndexConfig, SecondLook, VerifyConfig};
pub use crate::index::Index;
pub use crate::ingest::{detect_chrome, load_jsonl_bytes, load_manifest_str};
pub use crate::model::{alignable_sentences, SentenceRef, Term};
pub use crate::prepare::{matcher, prepare};
pub use crate::quote::{extract, overlapping, QuoteScan, MAX_WARNINGS};
pub use crate::segment::{segment, segment_with_warnings, MAX_SENTENCE_TOKENS};

use crate::Config;

/// The candidate-generation thresholds of `cfg`.
pub fn index_config(cfg: &Config) -> &IndexConfig {
    &cfg.index
}

/// The scoring thresholds of `cfg`.
pub fn align_config(cfg: &Config) -> &AlignConfig {
    &cfg.align
}
