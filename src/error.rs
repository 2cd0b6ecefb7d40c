//! The library's error type.
//!
//! Every error says what it is about (a file, a manifest entry, a JSON
//! Lines line, a pattern naming primaries) and what is wrong, in one line,
//! so that a caller can print it as it is. [`Error::kind`] lets callers
//! react without parsing the message. Errors name inputs and problems, never
//! command-line flags: the command line owns those.

/// What went wrong, for callers that need to react to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file does not exist.
    NotFound,
    /// A directory was given where a file was expected.
    IsDirectory,
    /// The file could not be read (permissions, I/O), or is not a regular
    /// file (a device).
    Io,
    /// The file is empty or holds only white space.
    Empty,
    /// The file is not valid UTF-8 (the message names the byte offset).
    NotUtf8,
    /// The file holds binary data (NUL bytes).
    Binary,
    /// A document's text is 4 GiB or more.
    TooLarge,
    /// Two documents share an id.
    DuplicateId,
    /// The manifest is malformed, names a missing file or an unknown role.
    Manifest,
    /// A JSON Lines record is malformed (the message names the line).
    JsonLines,
    /// Fewer than two documents were given.
    TooFewDocuments,
    /// A pattern naming primary documents is invalid or matches none.
    Primary,
    /// A gold file or report given to `eval` does not fit together.
    Eval,
}

/// An error with the thing it is about and a one-line message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input cannot be read or used: `path` names it as the user gave it
    /// (`corpus/mfa.txt`, `feed.jsonl:12`), `problem` says what is wrong.
    #[error("{path}: {problem}")]
    Input { kind: ErrorKind, path: String, problem: String },
    /// Fewer than two documents: nothing to align. `only` is the path of
    /// the one document given, if any.
    #[error("two or more documents are needed to align{}", only_given(.only))]
    TooFewDocuments { only: Option<String> },
    /// A pattern naming primary documents is not a valid glob.
    #[error("primary pattern '{pattern}' is not a valid pattern: {problem}")]
    InvalidPrimaryPattern { pattern: String, problem: String },
    /// A pattern naming primary documents matches no document id.
    #[error("primary pattern '{pattern}' matches no document (ids: {})", ids.join(", "))]
    UnmatchedPrimaryPattern { pattern: String, ids: Vec<String> },
    /// A gold link of `eval` does not fit the report it is scored against.
    #[error("{problem}")]
    Gold { problem: String },
}

fn only_given(only: &Option<String>) -> String {
    only.as_ref().map(|p| format!(" (only '{p}' was given)")).unwrap_or_default()
}

impl Error {
    /// An input error: `path` (as the user gave it) and what is wrong.
    pub(crate) fn at(
        kind: ErrorKind,
        path: impl Into<String>,
        problem: impl Into<String>,
    ) -> Error {
        Error::Input { kind, path: path.into(), problem: problem.into() }
    }

    /// What kind of error it is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Input { kind, .. } => *kind,
            Error::TooFewDocuments { .. } => ErrorKind::TooFewDocuments,
            Error::InvalidPrimaryPattern { .. } | Error::UnmatchedPrimaryPattern { .. } => {
                ErrorKind::Primary
            }
            Error::Gold { .. } => ErrorKind::Eval,
        }
    }

    /// The input the error is about, as the user gave it, if it is about
    /// one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Input { path, .. } => Some(path),
            _ => None,
        }
    }
}

impl Error {
    /// What is wrong with the input, without its path (for an input error).
    #[cfg(test)]
    pub(crate) fn problem(&self) -> &str {
        match self {
            Error::Input { problem, .. } => problem,
            _ => "",
        }
    }
}

/// A result whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
