//! Ingest: text files, manifests and JSON Lines into a corpus. (stub: being written)
use std::path::PathBuf;

use crate::model::Corpus;
use crate::Result;

/// Options that change how input is read.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    pub lossy: bool,
}

/// The bundled corpus (embedded in the binary).
pub fn bundled() -> Corpus {
    Corpus::default()
}

/// Reads every input (text file, `.toml` manifest or `.jsonl` file).
pub fn load(inputs: &[PathBuf], opts: &IngestOptions) -> Result<Corpus> {
    let _ = (inputs, opts);
    Ok(Corpus::default())
}
pub const BUNDLED_ALIASES: &str = "";
