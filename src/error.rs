//! The library's error type.
//!
//! Every error names what it is about (a file, a JSON Lines line, an option)
//! and what is wrong, in one line, so that the binary can print it as is.
//! The [`ErrorKind`] lets callers react without parsing the message.

use std::fmt;

/// What went wrong, for callers that need to react to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file does not exist.
    NotFound,
    /// A directory was given where a file was expected.
    IsDirectory,
    /// The file could not be read (permissions, I/O).
    Io,
    /// The file is empty or holds only white space.
    Empty,
    /// The file is not valid UTF-8 (the message names the byte offset).
    NotUtf8,
    /// The file holds binary data (NUL bytes).
    Binary,
    /// A document's text is 4 GiB or more (see [`crate::ingest::MAX_TEXT_BYTES`]).
    TooLarge,
    /// Two documents share an id.
    DuplicateId,
    /// The manifest is malformed, names a missing file or an unknown role.
    Manifest,
    /// A JSON Lines record is malformed (the message names the line).
    JsonLines,
    /// Fewer than two documents were given.
    TooFewDocuments,
    /// `--primary` matched no document, or a pattern is invalid.
    Primary,
    /// A gold file or report given to `eval` is malformed.
    Eval,
    /// Anything else the caller asked for that cannot be done.
    Usage,
}

/// An error with the thing it is about and a one-line message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The file (or `file:line`) the error is about, if any.
    pub path: Option<String>,
    pub message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, path: None, message: message.into() }
    }

    pub fn at(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Error {
        Error { kind, path: Some(path.into()), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
