//! Ingest: text files, manifests and JSON Lines into a [`Corpus`].
//!
//! # Input formats
//!
//! [`load`] takes a list of paths; the extension decides how each is read:
//!
//! * **`.toml`** – a manifest. One `[[document]]` table per document, in order:
//!
//!   ```toml
//!   aliases = ["more-aliases.txt"]   # optional: extra alias files
//!
//!   [[document]]
//!   id = "mfa"                       # required, unique across all inputs
//!   file = "mfa.txt"                 # required, relative to the manifest
//!   outlet = "Russian Foreign Ministry"   # default: the id
//!   role = "primary"       # primary | wire | newspaper | state-media | news | article
//!   date = "2025-07-12"    # ISO 8601 date, quoted or bare
//!   language = "en"
//!   note = "What this document is"
//!   exclude = ['^Photo: .*$']        # regexes; every match is excluded
//!   country = "Russia"               # any other key: kept in `metadata`
//!   ```
//!
//!   A key the manifest does not know is kept, converted to JSON, in
//!   [`Document::metadata`] rather than rejected: manifests are written by
//!   people who annotate their corpus, and the report can show those
//!   annotations. The price is that a misspelt key (`rol = "wire"`) is not
//!   caught; it shows up in the metadata. Unknown *top-level* keys are errors,
//!   because there a typo (`[[documents]]`) would silently drop documents.
//!   `exclude` patterns use Rust `regex` syntax with `^`/`$` matching at line
//!   ends (CRLF aware); each match becomes an excluded span.
//!
//! * **`.jsonl`** (or `.ndjson`) – JSON Lines, one object per line, read
//!   streaming (line by line, so a 300 MB feed is never held twice; the
//!   lines are parsed in batches of up to 8 MiB on every thread, and taken in
//!   line order, so the first bad line is the one reported). `id` and
//!   `text` are required strings; `outlet`, `role`, `date`, `language` and
//!   `note` are optional strings (`null` = absent); every other field is kept
//!   as given in [`Document::metadata`]. Blank lines are skipped. A document's
//!   path is shown as `feed.jsonl:LINE`. Its spans index the record's `text`
//!   string after JSON unescaping, not the bytes of the line.
//!
//! * **anything else** – a UTF-8 text file: id = file stem, outlet = id, role
//!   `article`, path as given.
//!
//! Dates must begin with `YYYY-MM-DD` (a time may follow, as in
//! `2025-07-12T10:00:00Z`): the pipeline compares dates as text, which only
//! orders ISO dates correctly, so `12/07/2025` is refused rather than
//! silently misordered.
//!
//! # Text and offsets
//!
//! A document's text is the file exactly as read: a UTF-8 byte-order mark and
//! CRLF line ends are accepted and kept, so every [`Span`] is a byte offset
//! into the original file. With [`IngestOptions::lossy`], invalid UTF-8 is
//! replaced by U+FFFD (three bytes), which shifts every later offset: spans
//! then refer to the decoded text, not to the file.
//!
//! # Errors
//!
//! Reading stops at the first error. Each is an [`Error`] with a
//! [`ErrorKind`], the path it is about (`file`, or `file.jsonl:LINE`) and a
//! one-line message: a missing file (`NotFound`), a directory
//! (`IsDirectory`), an unreadable file (`Io`), an empty or white-space-only
//! text (`Empty`), a text of 4 GiB or more (`TooLarge`, see
//! [`MAX_TEXT_BYTES`]), a NUL byte (`Binary`, naming its byte offset), invalid
//! UTF-8 or UTF-16 (`NotUtf8`, naming the byte offset), an id used twice
//! (`DuplicateId`, naming both paths), a malformed manifest, a manifest
//! naming a missing file, an unknown role or a bad exclude pattern
//! (`Manifest`, naming the entry), a malformed JSON Lines record
//! (`JsonLines`). Whether there are enough documents is for the pipeline to
//! decide, not ingest.
//!
//! # Page chrome
//!
//! Texts copied from web pages carry boilerplate: "More from ..." lists,
//! "read more in our channel https://..." trailers. [`detect_chrome`] finds it
//! with one general rule, so that it is never aligned; it knows nothing of any
//! particular outlet or corpus. Each non-blank line is classified:
//!
//! * **strong** – a line that is mostly a link (a URL with a scheme, or a
//!   `www.` address with a path; a bare domain such as `www.example.org` in a
//!   sign-off line names a site and is no link), or a call to action ("read
//!   more in ...", "follow us", "subscribe", ...) with a link or at most
//!   12 words. These are chrome wherever they stand.
//! * **trigger** – a short list heading: "More from X", "Related", "Read more",
//!   "Most read", "More articles", ...
//! * **dated** – a line that is only a date (and time).
//! * **repeated** – any other line of at least 3 words that occurs twice or
//!   more in the document (teaser lists repeat every headline and teaser).
//! * **headline** – at most 12 words without sentence-final punctuation.
//! * **body** – anything else.
//!
//! Each line gets the first kind that fits, in this order.
//!
//! A **trailing block** is chrome from its first line to the end of the text
//! when, scanning back from the end, (1) it starts with a strong, trigger,
//! dated or repeated line, (2) at least 80 % of its lines are not body lines,
//! and (3) either it starts with a trigger followed by at least 2 lines, or it
//! holds at least 3 non-body lines among which at least 2 *different*
//! repeated lines. The scan stops at the first two consecutive body lines:
//! running text ends the search, so a block can never reach back over an
//! article's body however long the chrome after it is.
//!
//! Why these numbers: a repeated line needs 3 words because short lines
//! ("Thank you.", "Question:", a section name) legitimately recur in speeches
//! and Q&A transcripts. Two *different* repeated lines are required because
//! one line said three times is a refrain or a slogan, not a teaser list; a
//! list repeats each of its items. 80 % tolerates an odd unrepeated line in a
//! list (a truncated teaser, an ad label) while one body paragraph in five
//! already stops it. Two consecutive body lines stop the scan because a
//! chrome list has at most a stray body-like line, while an article's body is
//! a run of them. 12 words is longer than nearly every headline and shorter
//! than nearly every body paragraph. A URL must be at least half of a line's
//! non-space characters so that a sentence citing a link stays body text.
//! The rule is deliberately conservative: a mid-page box, a page header or
//! anything else it misses can be excluded with a manifest `exclude` pattern.
//!
//! [`Span`]: crate::model::Span

mod chrome;
mod jsonl;
mod manifest;
#[cfg(test)]
mod tests;

pub use chrome::{detect_chrome, merge_spans};
pub use jsonl::load_jsonl_bytes;
pub use manifest::load_manifest_str;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jsonl::load_jsonl;
use manifest::{load_manifest, parse_manifest};

use crate::data;
use crate::model::{Corpus, Document, Role};
use crate::segment::chars::{is_space, one_line};
use crate::{Error, ErrorKind, Result};

/// Options that change how input is read.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of failing. Offsets then
    /// refer to the decoded text.
    pub lossy: bool,
}

/// An extra alias file named by a manifest's `aliases` key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AliasFile {
    /// As shown to the user (relative to the current directory).
    pub path: String,
    pub text: String,
}

/// Everything read from the inputs: the corpus and the extra alias files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub corpus: Corpus,
    pub aliases: Vec<AliasFile>,
}

/// The bundled corpus (embedded in the binary), parsed with the same
/// manifest code as a manifest on disk. Paths read `corpus/mfa.txt` etc.
pub fn bundled() -> Corpus {
    match load_bundled() {
        Ok(corpus) => corpus,
        // Our own data; the unit tests prove it parses.
        Err(e) => panic!("bundled corpus is invalid: {e}"),
    }
}

fn load_bundled() -> Result<Corpus> {
    let shown = format!("{}/corpus.toml", data::CORPUS_DIR);
    let manifest = parse_manifest(&shown, data::MANIFEST)?;
    let mut out = Collector::default();
    for entry in manifest.entries {
        let path = format!("{}/{}", data::CORPUS_DIR, entry.file);
        let Some((_, text)) = data::CORPUS_FILES.iter().find(|(f, _)| *f == entry.file) else {
            return Err(Error::at(
                ErrorKind::Manifest,
                shown,
                format!("{}: file {} is not bundled", entry.who(), quoted(&entry.file)),
            ));
        };
        out.push(entry.into_document(path, (*text).to_owned()))?;
    }
    Ok(out.corpus)
}

/// Reads every input (text file, `.toml` manifest or `.jsonl` file) in order.
/// Extra alias files named by manifests are read but dropped; use
/// [`load_with_aliases`] to get them.
pub fn load(inputs: &[PathBuf], opts: &IngestOptions) -> Result<Corpus> {
    load_with_aliases(inputs, opts).map(|loaded| loaded.corpus)
}

/// Like [`load`], and also returns the alias files that manifests name.
pub fn load_with_aliases(inputs: &[PathBuf], opts: &IngestOptions) -> Result<Loaded> {
    let mut out = Collector::default();
    let mut aliases = Vec::new();
    for input in inputs {
        let shown = input.to_string_lossy().into_owned();
        match InputKind::of(input) {
            InputKind::Manifest => load_manifest(input, &shown, opts, &mut out, &mut aliases)?,
            InputKind::JsonLines => load_jsonl(input, &shown, opts, &mut out)?,
            InputKind::Text => {
                let text = decode(&shown, read_file(input, &shown)?, opts.lossy)?;
                let id = input
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| shown.clone());
                let mut doc = Document::new(id, text);
                doc.path = shown;
                doc.excluded = detect_chrome(&doc.text);
                out.push(doc)?;
            }
        }
    }
    Ok(Loaded { corpus: out.corpus, aliases })
}

/// How an input path is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InputKind {
    Manifest,
    JsonLines,
    Text,
}

impl InputKind {
    fn of(path: &Path) -> InputKind {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("toml") => InputKind::Manifest,
            Some("jsonl" | "ndjson") => InputKind::JsonLines,
            _ => InputKind::Text,
        }
    }
}

/// The longest text a document may have, in bytes: 4 GiB - 1. Token offsets
/// are held as `u32` ([`crate::model::Token`]), so a longer text cannot be
/// segmented. A larger file is refused before it is read; a text that only
/// reaches the limit through `--lossy` repair or JSON unescaping, when it is
/// collected.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// Refuses a document text (or a file holding one) of `len` bytes over
/// [`MAX_TEXT_BYTES`]; `what` names it in the message ("file", "text").
fn check_size(path: &str, what: &str, len: u64) -> Result<()> {
    if len > MAX_TEXT_BYTES as u64 {
        return Err(Error::at(
            ErrorKind::TooLarge,
            path,
            format!("{what} is {len} bytes; a document can be at most {MAX_TEXT_BYTES} bytes (4 GiB - 1)"),
        ));
    }
    Ok(())
}

/// Collects documents in order and refuses a second use of an id.
#[derive(Default)]
struct Collector {
    corpus: Corpus,
    /// id -> index into `corpus.documents`.
    ids: HashMap<String, usize>,
}

impl Collector {
    fn push(&mut self, doc: Document) -> Result<()> {
        check_size(&doc.path, "text", doc.text.len() as u64)?;
        if let Some(&first) = self.ids.get(&doc.id) {
            return Err(Error::at(
                ErrorKind::DuplicateId,
                doc.path.clone(),
                format!(
                    "duplicate id {} (already used by {})",
                    quoted(&doc.id),
                    self.corpus.documents[first].path
                ),
            ));
        }
        self.ids.insert(doc.id.clone(), self.corpus.documents.len());
        self.corpus.documents.push(doc);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Reading and decoding
// ---------------------------------------------------------------------------

/// A value from the input as a message shows it: in double quotes, with
/// line breaks, control characters, quotes and backslashes escaped, so that
/// a message stays one line whatever an id, role or file name holds.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.escape_debug())
}

/// Checks that `path` is a readable file, mapping failures to error kinds.
fn check_file(path: &Path, shown: &str) -> Result<()> {
    match fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            Err(Error::at(ErrorKind::NotFound, shown, "no such file"))
        }
        Err(e) => Err(io_error(shown, &e)),
        Ok(meta) if meta.is_dir() => {
            Err(Error::at(ErrorKind::IsDirectory, shown, "is a directory, not a file"))
        }
        Ok(meta) => match special_file(&meta) {
            Some(what) => Err(Error::at(
                ErrorKind::Io,
                shown,
                format!("is {what}, not a file (reading it might never end)"),
            )),
            None => Ok(()),
        },
    }
}

/// What a path is when it is a device or a socket: reading `/dev/zero` or
/// `/dev/urandom` never ends, so such paths are refused. Regular files and
/// pipes (`refract <(curl ...)`) are read.
#[cfg(unix)]
fn special_file(meta: &fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        None
    }
}

#[cfg(not(unix))]
fn special_file(_: &fs::Metadata) -> Option<&'static str> {
    None
}

fn io_error(shown: &str, e: &io::Error) -> Error {
    if e.kind() == io::ErrorKind::NotFound {
        return Error::at(ErrorKind::NotFound, shown, "no such file");
    }
    Error::at(ErrorKind::Io, shown, format!("cannot read: {}", one_line(&e.to_string())))
}

fn read_file(path: &Path, shown: &str) -> Result<Vec<u8>> {
    check_file(path, shown)?;
    if let Ok(meta) = fs::metadata(path) {
        check_size(shown, "file", meta.len())?;
    }
    fs::read(path).map_err(|e| io_error(shown, &e))
}

/// Turns the bytes of a file into its text, unchanged.
///
/// Refuses (in this order) an empty file, UTF-16 (by its byte-order mark),
/// binary data (the first NUL byte), invalid UTF-8 (unless `lossy`, which
/// replaces each invalid sequence with U+FFFD and so shifts later offsets)
/// and a text of white space only. A UTF-8 byte-order mark and CRLF line ends
/// are kept as they are.
pub fn decode(path: &str, bytes: Vec<u8>, lossy: bool) -> Result<String> {
    if bytes.is_empty() {
        return Err(Error::at(ErrorKind::Empty, path, "file is empty"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::at(
            ErrorKind::NotUtf8,
            path,
            "UTF-16 text (byte-order mark at byte 0); only UTF-8 is read",
        ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::at(
            ErrorKind::Binary,
            path,
            format!("binary data: NUL byte at byte {at}"),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) if lossy => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        Err(e) => {
            let err = e.utf8_error();
            let at = err.valid_up_to();
            let what = if err.error_len().is_some() {
                "invalid UTF-8"
            } else {
                "incomplete UTF-8 sequence"
            };
            return Err(Error::at(
                ErrorKind::NotUtf8,
                path,
                format!("{what} at byte {at} (--lossy replaces invalid bytes with U+FFFD)"),
            ));
        }
    };
    if is_blank(&text) {
        return Err(Error::at(ErrorKind::Empty, path, "file holds only white space"));
    }
    Ok(text)
}

fn is_blank(text: &str) -> bool {
    text.chars().all(is_space)
}

/// Whether `date` begins with an ISO 8601 calendar date `YYYY-MM-DD`,
/// optionally followed by a time (`T...` or ` ...`).
fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() < 10 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' {
        return false;
    }
    if !digits(8..10) || !(b.len() == 10 || matches!(b[10], b'T' | b't' | b' ')) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn bad_date(date: &str) -> String {
    format!("date {} is not an ISO 8601 date (YYYY-MM-DD)", quoted(date))
}

fn expected_roles() -> String {
    let names: Vec<&str> = Role::ALL.iter().map(Role::as_str).collect();
    names.join(", ")
}

fn parse_role(name: &str) -> std::result::Result<Role, String> {
    Role::parse(name).ok_or_else(|| {
        format!("unknown role {} (expected one of {})", quoted(name), expected_roles())
    })
}
