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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde_json::Value as Json;

use crate::data;
use crate::model::{Corpus, Document, Role, Span};
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

/// Makes a message one line (I/O and parser messages sometimes are not).
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// White space for trimming: Unicode white space and the byte-order mark.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
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

// ---------------------------------------------------------------------------
// Manifests
// ---------------------------------------------------------------------------

/// A parsed manifest; files are not read yet.
#[derive(Debug)]
struct Manifest {
    entries: Vec<Entry>,
    /// Extra alias files, relative to the manifest.
    aliases: Vec<String>,
}

/// One `[[document]]` entry.
#[derive(Debug)]
struct Entry {
    id: String,
    file: String,
    outlet: Option<String>,
    role: Role,
    date: Option<String>,
    language: Option<String>,
    note: Option<String>,
    exclude: Vec<Regex>,
    metadata: BTreeMap<String, Json>,
}

impl Entry {
    /// How errors name this entry.
    fn who(&self) -> String {
        format!("document {}", quoted(&self.id))
    }

    fn into_document(self, path: String, text: String) -> Document {
        let mut spans = detect_chrome(&text);
        for pattern in &self.exclude {
            spans.extend(pattern.find_iter(&text).map(|m| Span::new(m.start(), m.end())));
        }
        Document {
            outlet: self.outlet.unwrap_or_else(|| self.id.clone()),
            id: self.id,
            role: self.role,
            date: self.date,
            language: self.language,
            note: self.note,
            path,
            excluded: merge_spans(spans),
            text,
            metadata: self.metadata,
        }
    }
}

/// Reads a manifest from disk and every file it names.
fn load_manifest(
    path: &Path,
    shown: &str,
    opts: &IngestOptions,
    out: &mut Collector,
    aliases: &mut Vec<AliasFile>,
) -> Result<()> {
    let source = decode(shown, read_file(path, shown)?, opts.lossy)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut read = |name: &str| {
        let file = dir.join(name);
        let file_shown = file.to_string_lossy().into_owned();
        let bytes = read_file(&file, &file_shown);
        (file_shown, bytes)
    };
    manifest_into(shown, &source, opts, &mut read, out, aliases)
}

/// Reads a file that a manifest names: from the name as the manifest writes
/// it, the path to show and the bytes (see [`load_manifest_str`]).
pub type ReadFile<'a> = &'a mut dyn FnMut(&str) -> (String, Result<Vec<u8>>);

/// Reads a manifest from memory: `source` is its text (`shown` its path for
/// messages), and `read` gives, for a file name as the manifest writes it,
/// the path to show and the file's bytes. This is [`load`] for one manifest
/// without the file system (fuzzing and tests use it); errors are the same.
pub fn load_manifest_str(
    shown: &str,
    source: &str,
    opts: &IngestOptions,
    read: ReadFile<'_>,
) -> Result<Loaded> {
    let mut out = Collector::default();
    let mut aliases = Vec::new();
    manifest_into(shown, source, opts, read, &mut out, &mut aliases)?;
    Ok(Loaded { corpus: out.corpus, aliases })
}

fn manifest_into(
    shown: &str,
    source: &str,
    opts: &IngestOptions,
    read: ReadFile<'_>,
    out: &mut Collector,
    aliases: &mut Vec<AliasFile>,
) -> Result<()> {
    let manifest = parse_manifest(shown, source)?;
    for entry in manifest.entries {
        let (file_shown, bytes) = read(&entry.file);
        let bytes = match bytes {
            Err(e) if e.kind == ErrorKind::NotFound => {
                return Err(Error::at(
                    ErrorKind::Manifest,
                    shown,
                    format!("{}: file {} not found", entry.who(), quoted(&file_shown)),
                ));
            }
            other => other?,
        };
        let text = decode(&file_shown, bytes, opts.lossy)?;
        out.push(entry.into_document(file_shown, text))?;
    }
    for name in manifest.aliases {
        let (file_shown, bytes) = read(&name);
        let bytes = match bytes {
            Err(e) if e.kind == ErrorKind::NotFound => {
                return Err(Error::at(
                    ErrorKind::Manifest,
                    shown,
                    format!("alias file {} not found", quoted(&file_shown)),
                ));
            }
            other => other?,
        };
        let text = decode(&file_shown, bytes, opts.lossy)?;
        aliases.push(AliasFile { path: file_shown, text });
    }
    Ok(())
}

/// Parses the manifest text; `shown` is the manifest's path for errors.
fn parse_manifest(shown: &str, source: &str) -> Result<Manifest> {
    let err = |message: String| Error::at(ErrorKind::Manifest, shown, message);
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let mut table: toml::Table = source.parse().map_err(|e: toml::de::Error| {
        let at = match e.span() {
            Some(span) => {
                let before = &source[..span.start.min(source.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                format!(" at line {line}, column {column}")
            }
            None => String::new(),
        };
        err(format!("invalid TOML{at}: {}", one_line(e.message())))
    })?;

    let aliases = match table.remove("aliases") {
        None => Vec::new(),
        Some(toml::Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                toml::Value::String(s) => Ok(s),
                _ => Err(err("\"aliases\" must be a list of file names".into())),
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(err("\"aliases\" must be a list of file names".into())),
    };
    let documents = match table.remove("document") {
        None => Vec::new(),
        Some(toml::Value::Array(items)) => items,
        Some(_) => {
            return Err(err("\"document\" must be an array of tables ([[document]])".into()))
        }
    };
    if let Some(key) = table.keys().next() {
        return Err(err(format!(
            "unknown top-level key {} (expected [[document]] or aliases)",
            quoted(key)
        )));
    }
    if documents.is_empty() && aliases.is_empty() {
        return Err(err("no [[document]] entries".into()));
    }

    let mut entries = Vec::with_capacity(documents.len());
    for (i, item) in documents.into_iter().enumerate() {
        let toml::Value::Table(t) = item else {
            return Err(err(format!("document #{}: must be a table ([[document]])", i + 1)));
        };
        entries.push(parse_entry(i + 1, t).map_err(err)?);
    }
    Ok(Manifest { entries, aliases })
}

/// Parses one `[[document]]` table (`number` counts from 1).
fn parse_entry(number: usize, mut t: toml::Table) -> std::result::Result<Entry, String> {
    let id = match t.remove("id") {
        Some(toml::Value::String(s)) if !s.trim().is_empty() => s,
        Some(toml::Value::String(_)) => return Err(format!("document #{number}: empty \"id\"")),
        Some(_) => return Err(format!("document #{number}: \"id\" must be a string")),
        None => return Err(format!("document #{number}: missing \"id\"")),
    };
    let who = format!("document {}", quoted(&id));
    let mut string = |key: &str| -> std::result::Result<Option<String>, String> {
        match t.remove(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s)),
            // A bare TOML date (date = 2025-07-12) is a datetime value.
            Some(toml::Value::Datetime(d)) if key == "date" => Ok(Some(d.to_string())),
            Some(_) => Err(format!("{who}: \"{key}\" must be a string")),
        }
    };
    let file = string("file")?.ok_or_else(|| format!("{who}: missing \"file\""))?;
    let outlet = string("outlet")?;
    let role = match string("role")? {
        None => Role::Article,
        Some(name) => parse_role(&name).map_err(|m| format!("{who}: {m}"))?,
    };
    let date = string("date")?;
    if let Some(d) = &date {
        if !is_iso_date(d) {
            return Err(format!("{who}: {}", bad_date(d)));
        }
    }
    let language = string("language")?;
    let note = string("note")?;
    let patterns = match t.remove("exclude") {
        None => Vec::new(),
        Some(toml::Value::String(s)) => vec![s],
        Some(toml::Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                toml::Value::String(s) => Ok(s),
                _ => Err(format!("{who}: \"exclude\" must be a list of regexes")),
            })
            .collect::<std::result::Result<_, _>>()?,
        Some(_) => return Err(format!("{who}: \"exclude\" must be a list of regexes")),
    };
    let exclude = patterns
        .iter()
        .map(|p| {
            compile_exclude(p).map_err(|m| format!("{who}: invalid exclude pattern {p:?}: {m}"))
        })
        .collect::<std::result::Result<_, _>>()?;
    let metadata = t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect();
    Ok(Entry { id, file, outlet, role, date, language, note, exclude, metadata })
}

/// Compiles an `exclude` pattern: `^`/`$` match at line ends, CRLF aware.
fn compile_exclude(pattern: &str) -> std::result::Result<Regex, String> {
    RegexBuilder::new(pattern).multi_line(true).crlf(true).build().map_err(|e| {
        let text = e.to_string();
        // A syntax error is drawn over several lines; keep its last line.
        let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(&text);
        one_line(last.trim_start_matches("error: "))
    })
}

fn toml_to_json(value: toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Json::Number)
            .unwrap_or_else(|| Json::String(f.to_string())),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

// ---------------------------------------------------------------------------
// JSON Lines
// ---------------------------------------------------------------------------

/// Reads a JSON Lines file line by line.
fn load_jsonl(path: &Path, shown: &str, opts: &IngestOptions, out: &mut Collector) -> Result<()> {
    check_file(path, shown)?;
    let file = File::open(path).map_err(|e| io_error(shown, &e))?;
    read_jsonl(BufReader::with_capacity(1 << 16, file), shown, opts, out)
}

/// Reads JSON Lines from memory: `bytes` is the content of a `.jsonl` file
/// and `shown` its path for messages. This is [`load`] for one JSON Lines
/// file without the file system (fuzzing and tests use it); errors are the
/// same.
pub fn load_jsonl_bytes(shown: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Corpus> {
    let mut out = Collector::default();
    read_jsonl(bytes, shown, opts, &mut out)?;
    Ok(out.corpus)
}

/// Bytes of lines of a JSON Lines file parsed together on every thread
/// ([`read_jsonl`]): a batch is closed by the line that reaches this, so it
/// holds at most this much and one line more, and reading stays streaming.
const JSONL_BATCH_BYTES: usize = 8 << 20;

fn read_jsonl(
    reader: impl BufRead,
    shown: &str,
    opts: &IngestOptions,
    out: &mut Collector,
) -> Result<()> {
    read_jsonl_in(reader, shown, opts, out, JSONL_BATCH_BYTES)
}

/// [`read_jsonl`] in batches of at least `batch_limit` bytes of lines (the
/// last batch, and the one reading stops in, may hold fewer).
fn read_jsonl_in(
    mut reader: impl BufRead,
    shown: &str,
    opts: &IngestOptions,
    out: &mut Collector,
    batch_limit: usize,
) -> Result<()> {
    use rayon::prelude::*;
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut offset = 0usize; // of the current line in the file
    let mut records = 0usize;
    // The lines are checked (NUL bytes, UTF-8) as they are read, and parsed
    // in batches on every thread (parsing and looking for page chrome took
    // 45–63 MB/s on one core, about 4% of a run on 1,000 generated articles);
    // the records go in line order, so the first error in line order is
    // still the one reported, whichever thread met it.
    let mut batch: Vec<(String, String)> = Vec::new(); // (`file.jsonl:LINE`, line)
    let mut batch_bytes = 0usize;
    let flush = |batch: &mut Vec<(String, String)>, out: &mut Collector| -> Result<usize> {
        let docs: Vec<Result<Document>> =
            batch.par_iter().map(|(at, line)| parse_record(line, at)).collect();
        batch.clear();
        let n = docs.len();
        for doc in docs {
            out.push(doc?)?;
        }
        Ok(n)
    };
    let stopped = loop {
        buf.clear();
        let n = match reader.read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(e) => break Some(io_error(shown, &e)),
        };
        if n == 0 {
            break None;
        }
        line_no += 1;
        let at = format!("{shown}:{line_no}");
        let mut line: &[u8] = &buf;
        let mut skipped = 0;
        if line_no == 1 && line.starts_with(b"\xEF\xBB\xBF") {
            line = &line[3..];
            skipped = 3;
        }
        if let Some(i) = line.iter().position(|&b| b == 0) {
            break Some(Error::at(
                ErrorKind::Binary,
                at,
                format!("binary data: NUL byte at byte {}", offset + skipped + i),
            ));
        }
        let mut line: String = match std::str::from_utf8(line) {
            Ok(s) => s.to_owned(),
            Err(_) if opts.lossy => String::from_utf8_lossy(line).into_owned(),
            Err(e) => {
                let i = e.valid_up_to();
                break Some(Error::at(
                    ErrorKind::NotUtf8,
                    at,
                    format!(
                        "invalid UTF-8 at byte {} of the file (--lossy replaces invalid bytes with U+FFFD)",
                        offset + skipped + i
                    ),
                ));
            }
        };
        offset += n;
        if line.trim().is_empty() {
            continue;
        }
        // Without its line end: serde_json would report a string left open
        // at the end of the line as a control character at column 0.
        line.truncate(line.trim_end_matches(['\n', '\r']).len());
        batch_bytes += line.len();
        batch.push((at, line));
        if batch_bytes >= batch_limit {
            records += flush(&mut batch, out)?;
            batch_bytes = 0;
        }
    };
    // The lines before the one reading stopped at come first.
    records += flush(&mut batch, out)?;
    if let Some(e) = stopped {
        return Err(e);
    }
    if records == 0 {
        let message =
            if line_no == 0 { "file is empty" } else { "no JSON Lines records (only blank lines)" };
        return Err(Error::at(ErrorKind::Empty, shown, message));
    }
    Ok(())
}

/// Parses one JSON Lines record; `at` is `file.jsonl:LINE`.
fn parse_record(line: &str, at: &str) -> Result<Document> {
    let err = |message: String| Error::at(ErrorKind::JsonLines, at, message);
    let value: Json = serde_json::from_str(line).map_err(|e| {
        let text = e.to_string();
        let message = text.rsplit_once(" at line ").map_or(text.as_str(), |(m, _)| m);
        err(format!("invalid JSON at column {}: {}", e.column(), one_line(message)))
    })?;
    let Json::Object(mut map) = value else {
        return Err(err(format!("expected a JSON object, found {}", json_kind(&value))));
    };
    let mut take = |key: &str, required: bool| -> Result<Option<String>> {
        match map.remove(key) {
            Some(Json::String(s)) => Ok(Some(s)),
            None | Some(Json::Null) if required => {
                Err(err(format!("record has no \"{key}\" string")))
            }
            None | Some(Json::Null) => Ok(None),
            Some(other) => {
                Err(err(format!("\"{key}\" must be a string, found {}", json_kind(&other))))
            }
        }
    };
    let id = take("id", true)?.unwrap_or_default();
    let text = take("text", true)?.unwrap_or_default();
    let outlet = take("outlet", false)?;
    let role = take("role", false)?;
    let date = take("date", false)?;
    let language = take("language", false)?;
    let note = take("note", false)?;
    if id.trim().is_empty() {
        return Err(err("empty \"id\"".into()));
    }
    let role = match role {
        None => Role::Article,
        Some(name) => parse_role(&name).map_err(err)?,
    };
    if let Some(d) = &date {
        if !is_iso_date(d) {
            return Err(err(bad_date(d)));
        }
    }
    if let Some(i) = text.find('\0') {
        return Err(Error::at(
            ErrorKind::Binary,
            at,
            format!("binary data: NUL character at byte {i} of \"text\""),
        ));
    }
    if is_blank(&text) {
        return Err(Error::at(ErrorKind::Empty, at, "\"text\" is empty"));
    }
    let excluded = detect_chrome(&text);
    Ok(Document {
        outlet: outlet.unwrap_or_else(|| id.clone()),
        id,
        role,
        date,
        language,
        note,
        path: at.to_owned(),
        text,
        excluded,
        metadata: map.into_iter().collect(),
    })
}

fn json_kind(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------
// Page chrome
// ---------------------------------------------------------------------------

/// A repeated line needs this many words: shorter lines ("Thank you.",
/// "Question:") legitimately recur.
const MIN_REPEAT_WORDS: usize = 3;
/// A headline, a call to action without a URL: at most this many words.
const MAX_SHORT_WORDS: usize = 12;
/// A list heading ("More from X"): at most this many words.
const MAX_TRIGGER_WORDS: usize = 8;
/// A trailing block: at least this share (in percent) of non-body lines.
const MIN_TAIL_PERCENT: usize = 80;
/// The backward scan stops at this many consecutive body lines.
const STOP_BODY_RUN: usize = 2;
/// A block without a heading needs this many non-body lines ...
const MIN_TAIL_LINES: usize = 3;
/// ... and this many different repeated lines.
const MIN_DISTINCT_REPEATS: usize = 2;
/// A heading starts a block if at least this many lines follow it.
const MIN_AFTER_TRIGGER: usize = 2;

/// What a non-blank line looks like (strongest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    /// Mostly a URL, or a call to action: chrome wherever it stands.
    Strong,
    /// A list heading: "More from ...", "Related", "Read more".
    Trigger,
    /// Only a date (and time).
    Dated,
    /// At least [`MIN_REPEAT_WORDS`] words, occurring twice or more.
    Repeated,
    /// Short, without sentence-final punctuation.
    Headline,
    /// Running text.
    Body,
}

struct Line<'a> {
    /// Trimmed content (no white space or terminator at either end).
    span: Span,
    text: &'a str,
    kind: LineKind,
}

/// The page chrome in `text`: link and call-to-action lines anywhere, and a
/// trailing block of list chrome (see the module docs for the rule and its
/// thresholds). Spans are sorted, merged and non-overlapping.
pub fn detect_chrome(text: &str) -> Vec<Span> {
    let lines = classify_lines(text);
    let mut spans: Vec<Span> =
        lines.iter().filter(|l| l.kind == LineKind::Strong).map(|l| l.span).collect();
    if let Some(start) = trailing_block(&lines) {
        spans.push(Span::new(lines[start].span.start, text.len()));
    }
    merge_spans(spans)
}

/// Every non-blank line (one with a letter or digit), classified.
fn classify_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches(is_space);
        let lead = content.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(is_space);
        if trimmed.chars().any(char::is_alphanumeric) {
            let s = start + lead;
            lines.push(Line {
                span: Span::new(s, s + trimmed.len()),
                text: trimmed,
                kind: LineKind::Body,
            });
        }
        start += raw.len();
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *counts.entry(l.text).or_default() += 1;
    }
    for l in &mut lines {
        l.kind = classify(l.text, counts[l.text]);
    }
    lines
}

fn classify(line: &str, occurrences: usize) -> LineKind {
    let words = line.split_whitespace().count();
    if is_link_line(line) {
        LineKind::Strong
    } else if words <= MAX_TRIGGER_WORDS && trigger_re().is_match(line) {
        // Before calls to action: a bare "Read more" heads a list.
        LineKind::Trigger
    } else if (words <= MAX_SHORT_WORDS || has_url(line)) && cta_re().is_match(line) {
        LineKind::Strong
    } else if is_date_line(line) {
        // Before repeats: the same date on many lines is no teaser list.
        LineKind::Dated
    } else if occurrences >= 2 && words >= MIN_REPEAT_WORDS {
        LineKind::Repeated
    } else if words <= MAX_SHORT_WORDS && !ends_sentence(line) {
        LineKind::Headline
    } else {
        LineKind::Body
    }
}

/// The first line of the trailing chrome block, if there is one.
fn trailing_block(lines: &[Line<'_>]) -> Option<usize> {
    let mut best = None;
    let (mut chrome, mut body, mut body_run) = (0usize, 0usize, 0usize);
    let mut repeats: HashSet<&str> = HashSet::new();
    for (i, line) in lines.iter().enumerate().rev() {
        if line.kind == LineKind::Body {
            body += 1;
            body_run += 1;
            if body_run >= STOP_BODY_RUN {
                break;
            }
            continue;
        }
        body_run = 0;
        chrome += 1;
        if line.kind == LineKind::Repeated {
            repeats.insert(line.text);
        }
        if line.kind == LineKind::Headline {
            continue; // may belong to a block, but does not start one
        }
        let mostly_chrome = chrome * 100 >= (chrome + body) * MIN_TAIL_PERCENT;
        let after = lines.len() - i - 1;
        let headed = line.kind == LineKind::Trigger && after >= MIN_AFTER_TRIGGER;
        let listed = chrome >= MIN_TAIL_LINES && repeats.len() >= MIN_DISTINCT_REPEATS;
        if mostly_chrome && (headed || listed) {
            best = Some(i);
        }
    }
    best
}

/// A link: a URL with a scheme, or a `www.` address with a path. A bare
/// domain (`www.example.org`) names a site, as in a sign-off line, and is
/// not counted as a link.
fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"(?i)(?:https?://|www\.[^\s/<>"]+/)[^\s<>"]*"#).unwrap())
}

fn has_url(line: &str) -> bool {
    url_re().is_match(line)
}

/// Whether URLs make up at least half of the line's non-space characters.
fn is_link_line(line: &str) -> bool {
    let url: usize = url_re().find_iter(line).map(|m| m.as_str().chars().count()).sum();
    let all = line.chars().filter(|c| !c.is_whitespace()).count();
    url > 0 && url * 2 >= all
}

/// Calls to action that end a reposted text.
fn cta_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?ix)^(?:
                read\s+(?:more|the\s+full|the\s+original|it\s+(?:on|in|at))\b
              | follow\s+(?:us|our)\b
              | subscribe\b
              | sign\s+up\s+(?:for|to)\b
              | join\s+(?:us\s+on|our)\b
              | share\s+(?:this|on)\b
              | click\s+here\b
              | download\s+(?:our|the)\s+app\b
              | like\s+us\s+on\b
              | get\s+(?:our|the)\s+(?:newsletter|app)\b
            )",
        )
        .unwrap()
    })
}

/// Headings of link and teaser lists.
fn trigger_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?ix)^(?:
                more\s+(?:from|on|in|articles|stories|news|videos|coverage|like\s+this)\b.*
              | related(?:\s+(?:articles|stories|news|content|posts|coverage|topics|links|reading))?
              | (?:read|see)\s+(?:more|also|next)
              | also\s+read
              | recommended(?:\s+(?:for\s+you|articles|stories|reading))?
              | you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)
              | most\s+(?:read|popular|viewed|shared)
              | latest\s+(?:news|articles|stories|headlines)
              | top\s+stories
              | trending(?:\s+now)?
            )[\s:.\-–—»›>]*$",
        )
        .unwrap()
    })
}

/// Dates: "January 29, 2026", "Jan. 29 2026", "29 January 2026",
/// "2026-01-29", "2025.07.13.", "13/07/2025".
fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
        Regex::new(&format!(
            r"(?i){month}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{month},?\s+\d{{4}}|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}\.?|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}"
        ))
        .unwrap()
    })
}

/// What may stand beside a date on a date line: a label, a weekday, a time.
fn date_extra_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:published|updated|posted|date|last\s+updated|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|utc|gmt))?)\b",
        )
        .unwrap()
    })
}

/// Whether the line is only a date (with an optional label, weekday, time).
fn is_date_line(line: &str) -> bool {
    if !date_re().is_match(line) {
        return false;
    }
    let rest = date_re().replace_all(line, " ");
    let rest = date_extra_re().replace_all(&rest, " ");
    !rest.chars().any(char::is_alphanumeric)
}

/// Whether the line ends like a sentence (closing quotes and brackets aside).
fn ends_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', ' ']);
    end.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Sorts spans and merges those that overlap or touch; drops empty ones.
pub fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| !s.is_empty());
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir()
                .join(format!("refract-ingest-{}-{n}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
            let path = self.0.join(name);
            fs::write(&path, bytes).unwrap();
            path
        }

        fn path(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn shown(path: &Path) -> String {
        path.to_string_lossy().into_owned()
    }

    fn load_paths(paths: &[PathBuf]) -> Result<Corpus> {
        load(paths, &IngestOptions::default())
    }

    /// The error of `result`, checked to have `kind` and a one-line message.
    #[track_caller]
    fn expect_err<T: std::fmt::Debug>(result: Result<T>, kind: ErrorKind) -> Error {
        let e = result.expect_err("expected an error");
        assert_eq!(e.kind, kind, "{e}");
        assert!(!e.message.contains('\n'), "multi-line message: {e}");
        assert!(!e.message.is_empty());
        e
    }

    // --- decode -----------------------------------------------------------

    #[test]
    fn decode_refuses_empty_and_blank() {
        expect_err(decode("a", Vec::new(), false), ErrorKind::Empty);
        expect_err(decode("a", b" \n\t\r\n".to_vec(), false), ErrorKind::Empty);
        // A byte-order mark alone is no text either.
        expect_err(decode("a", b"\xEF\xBB\xBF\n".to_vec(), false), ErrorKind::Empty);
    }

    #[test]
    fn decode_names_first_nul_byte() {
        let e = expect_err(decode("a.txt", b"abc\0def\0".to_vec(), false), ErrorKind::Binary);
        assert_eq!(e.path.as_deref(), Some("a.txt"));
        assert!(e.message.contains("byte 3"), "{e}");
        // Binary wins over invalid UTF-8, and lossy does not help.
        let e = expect_err(decode("a", b"\x89PNG\r\n\x1a\n\0\0".to_vec(), true), ErrorKind::Binary);
        assert!(e.message.contains("byte 8"), "{e}");
    }

    #[test]
    fn decode_names_invalid_utf8_offset() {
        let e = expect_err(decode("a", b"caf\xC3\xA9 \xFF!".to_vec(), false), ErrorKind::NotUtf8);
        assert!(e.message.contains("byte 6"), "{e}");
        let e = expect_err(decode("a", b"abc \xE2\x80".to_vec(), false), ErrorKind::NotUtf8);
        assert!(e.message.contains("incomplete") && e.message.contains("byte 4"), "{e}");
        let e = expect_err(decode("a", b"\xFF\xFEa\0b\0".to_vec(), false), ErrorKind::NotUtf8);
        assert!(e.message.contains("UTF-16"), "{e}");
    }

    #[test]
    fn decode_lossy_replaces_invalid_bytes() {
        let text = decode("a", b"a\xFFb".to_vec(), true).unwrap();
        assert_eq!(text, "a\u{FFFD}b");
        // The replacement is three bytes: later offsets refer to the decoded text.
        assert_eq!(text.find('b'), Some(4));
    }

    #[test]
    fn decode_keeps_bom_and_crlf() {
        let bytes = b"\xEF\xBB\xBFLine one.\r\nLine two.\r\n".to_vec();
        let text = decode("a", bytes.clone(), false).unwrap();
        assert_eq!(text.as_bytes(), &bytes[..]);
    }

    // --- text files ---------------------------------------------------------

    #[test]
    fn text_file_defaults_and_offsets() {
        let dir = TempDir::new("text");
        let bytes =
            "\u{FEFF}Lavrov said: “We respect it.”\r\nAnd more.\r\nFollow us on Telegram\r\n";
        let path = dir.file("report.one.txt", bytes);
        let corpus = load_paths(std::slice::from_ref(&path)).unwrap();
        let doc = &corpus.documents[0];
        assert_eq!(doc.id, "report.one");
        assert_eq!(doc.outlet, "report.one");
        assert_eq!(doc.role, Role::Article);
        assert_eq!(doc.path, shown(&path));
        assert_eq!(doc.text.as_bytes(), bytes.as_bytes());
        assert!(doc.metadata.is_empty());
        // Offsets are into the bytes as read (BOM included); the chrome span
        // stops before the CR.
        let start = bytes.find("Follow").unwrap();
        assert_eq!(doc.excluded, vec![Span::new(start, start + "Follow us on Telegram".len())]);
        assert_eq!(&bytes[start..doc.excluded[0].end], "Follow us on Telegram");
        assert_eq!(doc.slice(Span::new(3, 9)), "Lavrov");
    }

    #[test]
    fn file_errors_have_kinds() {
        let dir = TempDir::new("errors");
        let missing = dir.path("missing.txt");
        let e = expect_err(load_paths(std::slice::from_ref(&missing)), ErrorKind::NotFound);
        assert_eq!(e.path, Some(shown(&missing)));
        expect_err(load_paths(std::slice::from_ref(&dir.0)), ErrorKind::IsDirectory);
        // A path through a file cannot be read (and root can read mode 000).
        let plain = dir.file("plain.txt", "text");
        expect_err(load_paths(&[plain.join("x.txt")]), ErrorKind::Io);
        let empty = dir.file("empty.txt", "");
        expect_err(load_paths(&[empty]), ErrorKind::Empty);
        let blank = dir.file("blank.txt", "  \n\n");
        expect_err(load_paths(&[blank]), ErrorKind::Empty);
        let binary = dir.file("bin.txt", b"ab\0");
        let e = expect_err(load_paths(&[binary]), ErrorKind::Binary);
        assert!(e.message.contains("byte 2"), "{e}");
        let bad = dir.file("bad.txt", b"ok \xC0 no");
        let e = expect_err(load_paths(std::slice::from_ref(&bad)), ErrorKind::NotUtf8);
        assert!(e.message.contains("byte 3"), "{e}");
        let lossy = IngestOptions { lossy: true };
        let corpus = load(&[bad], &lossy).unwrap();
        assert_eq!(corpus.documents[0].text, "ok \u{FFFD} no");
        // Missing files are reported for manifests and JSON Lines too.
        expect_err(load_paths(&[dir.path("m.toml")]), ErrorKind::NotFound);
        expect_err(load_paths(&[dir.path("f.jsonl")]), ErrorKind::NotFound);
    }

    #[test]
    fn duplicate_ids_name_both_paths() {
        let dir = TempDir::new("dup");
        fs::create_dir(dir.path("other")).unwrap();
        let a = dir.file("a.txt", "One.");
        let b = dir.file("other/a.txt", "Two.");
        let e = expect_err(load_paths(&[a.clone(), b.clone()]), ErrorKind::DuplicateId);
        assert_eq!(e.path, Some(shown(&b)));
        assert!(e.message.contains("\"a\"") && e.message.contains(&shown(&a)), "{e}");
        // Across formats: a JSON Lines record with the id of a text file.
        let feed = dir.file("feed.jsonl", "{\"id\": \"a\", \"text\": \"Three.\"}\n");
        let e = expect_err(load_paths(&[a.clone(), feed.clone()]), ErrorKind::DuplicateId);
        assert_eq!(e.path, Some(format!("{}:1", shown(&feed))));
        assert!(e.message.contains(&shown(&a)), "{e}");
        // The same file twice.
        expect_err(load_paths(&[a.clone(), a]), ErrorKind::DuplicateId);
    }

    // --- JSON Lines -----------------------------------------------------------

    #[test]
    fn jsonl_records_metadata_and_lines() {
        let dir = TempDir::new("jsonl");
        let feed = dir.file(
            "feed.jsonl",
            concat!(
                "\u{FEFF}{\"id\": \"ap\", \"text\": \"Lavrov said.\\r\\nMore.\", \"outlet\": \"AP\", \"role\": \"wire\",",
                " \"date\": \"2025-07-12T10:00:00Z\", \"language\": \"en\", \"note\": null, \"url\": \"https://x\", \"tags\": [1, 2]}\r\n",
                "\n",
                "   \n",
                "{\"id\": \"tass\", \"text\": \"Body one.\\nread more https://t.me/x\", \"byline\": {\"name\": \"K\"}}\n",
            ),
        );
        let corpus = load_paths(std::slice::from_ref(&feed)).unwrap();
        let [ap, tass] = &corpus.documents[..] else {
            panic!("two documents expected");
        };
        assert_eq!(ap.path, format!("{}:1", shown(&feed)));
        assert_eq!(tass.path, format!("{}:4", shown(&feed)));
        assert_eq!((ap.id.as_str(), ap.outlet.as_str(), ap.role), ("ap", "AP", Role::Wire));
        assert_eq!(ap.date.as_deref(), Some("2025-07-12T10:00:00Z"));
        assert_eq!(ap.language.as_deref(), Some("en"));
        assert_eq!(ap.note, None);
        // Offsets refer to the record's text after JSON unescaping.
        assert_eq!(ap.text, "Lavrov said.\r\nMore.");
        let keys: Vec<&str> = ap.metadata.keys().map(String::as_str).collect();
        assert_eq!(keys, ["tags", "url"]);
        assert_eq!(ap.metadata["tags"], serde_json::json!([1, 2]));
        assert_eq!((tass.outlet.as_str(), tass.role), ("tass", Role::Article));
        assert_eq!(tass.metadata["byline"], serde_json::json!({"name": "K"}));
        assert_eq!(tass.excluded, vec![Span::new(10, tass.text.len())]);
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let dir = TempDir::new("jsonl-errors");
        let good = "{\"id\": \"a\", \"text\": \"A.\"}\n";
        let cases: [(&str, ErrorKind, &str); 11] = [
            ("{\"id\": \"b\", \"text\": }", ErrorKind::JsonLines, "invalid JSON"),
            ("[1, 2]", ErrorKind::JsonLines, "an array"),
            ("{\"text\": \"B.\"}", ErrorKind::JsonLines, "\"id\""),
            ("{\"id\": \"b\"}", ErrorKind::JsonLines, "\"text\""),
            ("{\"id\": 7, \"text\": \"B.\"}", ErrorKind::JsonLines, "a number"),
            (
                "{\"id\": \"b\", \"text\": \"B.\", \"role\": \"blog\"}",
                ErrorKind::JsonLines,
                "unknown role \"blog\"",
            ),
            (
                "{\"id\": \"b\", \"text\": \"B.\", \"date\": \"12/07/2025\"}",
                ErrorKind::JsonLines,
                "ISO 8601",
            ),
            ("{\"id\": \"b\", \"text\": \" \\n \"}", ErrorKind::Empty, "empty"),
            ("{\"id\": \"b\", \"text\": \"B\\u0000\"}", ErrorKind::Binary, "byte 1"),
            ("{\"id\": \"a\", \"text\": \"B.\"}", ErrorKind::DuplicateId, ":1"),
            ("{\"id\": \"b\", \"text\": \"\u{FFFD}\", \"x\": \"\0\"}", ErrorKind::Binary, "NUL"),
        ];
        for (i, (line, kind, needle)) in cases.iter().enumerate() {
            let feed = dir.file(&format!("f{i}.jsonl"), format!("{good}\n{line}\n"));
            let e = expect_err(load_paths(std::slice::from_ref(&feed)), *kind);
            assert_eq!(e.path, Some(format!("{}:3", shown(&feed))), "{e}");
            assert!(e.message.contains(needle), "{line}: {e}");
        }
        let bad = dir.file("utf8.jsonl", b"{\"id\": \"a\", \"text\": \"\xFF\"}\n");
        let e = expect_err(load_paths(std::slice::from_ref(&bad)), ErrorKind::NotUtf8);
        assert!(e.message.contains("byte 21"), "{e}");
        let lossy = load(&[bad], &IngestOptions { lossy: true }).unwrap();
        assert_eq!(lossy.documents[0].text, "\u{FFFD}");
        let blank = dir.file("blank.jsonl", "\n \n");
        expect_err(load_paths(&[blank]), ErrorKind::Empty);
        let empty = dir.file("empty.jsonl", "");
        expect_err(load_paths(&[empty]), ErrorKind::Empty);
    }

    /// Devices are refused before reading: `/dev/zero` never ends. A pipe
    /// is read like a file.
    #[cfg(unix)]
    #[test]
    fn devices_are_refused_and_pipes_read() {
        for dev in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            let e = expect_err(load_paths(&[PathBuf::from(dev)]), ErrorKind::Io);
            assert_eq!(e.message, "is a character device, not a file (reading it might never end)");
        }
        let dir = TempDir::new("fifo");
        let fifo = dir.path("feed.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let writer = {
                let fifo = fifo.clone();
                std::thread::spawn(move || fs::write(fifo, "Text through a pipe.\n").unwrap())
            };
            let corpus = load_paths(std::slice::from_ref(&fifo)).unwrap();
            writer.join().unwrap();
            assert_eq!(corpus.documents[0].text, "Text through a pipe.\n");
        }
    }

    /// A file of 4 GiB or more is refused before it is read (token offsets
    /// are `u32`), given directly or named by a manifest; a text that only
    /// grows past the limit when decoded is refused when it is collected.
    #[test]
    fn a_text_of_four_gib_is_refused() {
        let dir = TempDir::new("too-large");
        let big = dir.path("big.txt");
        // Sparse: nothing is written, and the size check comes before reading.
        fs::File::create(&big).unwrap().set_len(MAX_TEXT_BYTES as u64 + 1).unwrap();
        let message =
            "file is 4294967296 bytes; a document can be at most 4294967295 bytes (4 GiB - 1)";
        let e = expect_err(load_paths(std::slice::from_ref(&big)), ErrorKind::TooLarge);
        assert_eq!((e.path.as_deref(), e.message.as_str()), (Some(shown(&big).as_str()), message));
        let manifest = dir.file("c.toml", "[[document]]\nid = \"b\"\nfile = \"big.txt\"\n");
        let e = expect_err(load_paths(&[manifest]), ErrorKind::TooLarge);
        assert_eq!((e.path.as_deref(), e.message.as_str()), (Some(shown(&big).as_str()), message));
        let e = expect_err(
            check_size("f.jsonl:3", "text", MAX_TEXT_BYTES as u64 + 1),
            ErrorKind::TooLarge,
        );
        assert_eq!(e.to_string(), "f.jsonl:3: text is 4294967296 bytes; a document can be at most 4294967295 bytes (4 GiB - 1)");
        assert!(check_size("f.jsonl:3", "text", MAX_TEXT_BYTES as u64).is_ok());
    }

    #[test]
    fn jsonl_batches_change_nothing() {
        // Whatever the batches, the same documents, or the same first error
        // in line order: a bad line in a later batch than another, in the
        // batch where reading stops at invalid bytes, or after them.
        let good = |i: usize| format!("{{\"id\": \"d{i}\", \"text\": \"Line {i}.\"}}\n");
        let body: String = (0..12).map(good).collect();
        let bad_json = "{\"id\": 3}\n";
        let feeds: Vec<Vec<u8>> = vec![
            body.clone().into_bytes(),
            format!("{body}\n\n{}", good(14)).into_bytes(),
            format!("{body}{bad_json}{}", good(20)).into_bytes(),
            [format!("{body}{bad_json}").as_bytes(), b"x\xff\n"].concat(),
            [body.as_bytes(), b"x\xff\n", bad_json.as_bytes()].concat(),
            [body.as_bytes(), b"{\"id\": \"z\", \"text\": \"a\0\"}\n"].concat(),
            format!("{}{bad_json}{body}", good(40)).into_bytes(),
        ];
        let opts = IngestOptions::default();
        for (f, feed) in feeds.iter().enumerate() {
            let read = |limit: usize| {
                let mut out = Collector::default();
                read_jsonl_in(&feed[..], "feed.jsonl", &opts, &mut out, limit)
                    .map(|()| out.corpus.documents)
            };
            let whole = read(usize::MAX);
            // The first bad line (the 13th but in the last feed's), as read
            // one line after another.
            let want = [None, None, Some(13), Some(13), Some(13), Some(13), Some(2)][f];
            let at = whole.as_ref().err().map(|e| e.to_string());
            assert_eq!(
                at.as_deref().map(|m| m.contains(&format!("feed.jsonl:{}:", want.unwrap_or(0)))),
                want.map(|_| true),
                "feed {f}: {at:?}"
            );
            for limit in [1, 30, 100, 1000] {
                assert_eq!(read(limit), whole, "feed {f}, batches of {limit} bytes");
            }
        }
    }

    /// A record cut off inside a string is reported where the line ends.
    #[test]
    fn jsonl_unterminated_string_names_the_column() {
        let dir = TempDir::new("jsonl-eol");
        for end in ["\n", "\r\n", ""] {
            let feed = dir.file("f.jsonl", format!("{{\"id\": \"b\", \"text\": \"open{end}"));
            let e = expect_err(load_paths(&[feed]), ErrorKind::JsonLines);
            assert!(e.message.starts_with("invalid JSON at column 25: EOF while parsing"), "{e}");
        }
    }

    /// Values from the input are escaped in messages, which stay one line
    /// (found by the `jsonl` fuzz target: a role holding a line break).
    #[test]
    fn messages_escape_line_breaks_in_values() {
        let dir = TempDir::new("escape");
        for (line, kind, needle) in [
            (
                r#"{"id": "a", "text": "A.", "role": ".\ntext"}"#,
                ErrorKind::JsonLines,
                r#"unknown role ".\ntext""#,
            ),
            (
                r#"{"id": "a", "text": "A.", "date": "2025\r\n"}"#,
                ErrorKind::JsonLines,
                r#"date "2025\r\n""#,
            ),
            (
                r#"{"id": "x\n\"y", "text": "A."}"#,
                ErrorKind::DuplicateId,
                r#"duplicate id "x\n\"y""#,
            ),
        ] {
            let feed = dir
                .file("f.jsonl", format!("{{\"id\": \"x\\n\\\"y\", \"text\": \"B.\"}}\n{line}\n"));
            let e = expect_err(load_paths(&[feed]), kind);
            assert!(e.message.contains(needle), "{e}");
        }
        let manifest = dir.file("m.toml", "[[document]]\nid = \"a\\nb\"\nfile = \"no\\nne.txt\"\n");
        let e = expect_err(load_paths(&[manifest]), ErrorKind::Manifest);
        assert!(e.message.starts_with(r#"document "a\nb": file "#), "{e}");
        assert!(e.message.contains(r#"no\nne.txt" not found"#), "{e}");
    }

    // --- manifests -------------------------------------------------------------

    #[test]
    fn manifest_documents_exclusions_and_metadata() {
        let dir = TempDir::new("manifest");
        fs::create_dir(dir.path("texts")).unwrap();
        dir.file("texts/one.txt", "Photo: AFP\r\nLavrov said it.\r\nPhoto: AFP again\r\n");
        dir.file("texts/two.txt", "Kim said it.\n");
        dir.file("extra-aliases.txt", "dprk = north korea\n");
        let manifest = dir.file(
            "corpus.toml",
            r#"
aliases = ["extra-aliases.txt"]

[[document]]
id = "one"
file = "texts/one.txt"
outlet = "Outlet One"
role = "state-media"
date = 2025-07-13
language = "en"
note = "A note"
exclude = ['^Photo: [A-Z]+$', 'it']
country = "DPRK"
rank = 3
extra = { a = [1.5, true] }

[[document]]
id = "two"
file = "texts/two.txt"
"#,
        );
        let loaded =
            load_with_aliases(std::slice::from_ref(&manifest), &IngestOptions::default()).unwrap();
        let [one, two] = &loaded.corpus.documents[..] else {
            panic!("two documents expected");
        };
        assert_eq!(one.path, shown(&dir.path("texts").join("one.txt")));
        assert_eq!((one.outlet.as_str(), one.role), ("Outlet One", Role::StateMedia));
        assert_eq!(one.date.as_deref(), Some("2025-07-13"));
        assert_eq!(one.note.as_deref(), Some("A note"));
        assert_eq!(one.metadata["country"], serde_json::json!("DPRK"));
        assert_eq!(one.metadata["rank"], serde_json::json!(3));
        assert_eq!(one.metadata["extra"], serde_json::json!({"a": [1.5, true]}));
        // `^...$` match at CRLF line ends, so "Photo: AFP again" does not
        // match; a pattern may match inside a line ("it").
        let text = &one.text;
        let excluded: Vec<&str> = one.excluded.iter().map(|s| s.text(text)).collect();
        assert_eq!(excluded, ["Photo: AFP", "it"]);
        assert_eq!(
            (two.outlet.as_str(), two.role, two.date.as_deref()),
            ("two", Role::Article, None)
        );
        assert!(two.excluded.is_empty());
        assert_eq!(
            loaded.aliases,
            vec![AliasFile {
                path: shown(&dir.path("extra-aliases.txt")),
                text: "dprk = north korea\n".into()
            }]
        );
    }

    #[test]
    fn manifest_errors_name_the_entry() {
        let dir = TempDir::new("manifest-errors");
        dir.file("a.txt", "Text.");
        let entry = |extra: &str| format!("[[document]]\nid = \"a\"\nfile = \"a.txt\"\n{extra}\n");
        let cases: Vec<(String, ErrorKind, &str)> = vec![
            (
                entry("role = \"blog\""),
                ErrorKind::Manifest,
                "document \"a\": unknown role \"blog\"",
            ),
            (
                "[[document]]\nid = \"b\"\nfile = \"b.txt\"\n".into(),
                ErrorKind::Manifest,
                "document \"b\": file",
            ),
            (
                "[[document]]\nid = \"b\"\nfile = \"b.txt\n".into(),
                ErrorKind::Manifest,
                "invalid TOML at line 3",
            ),
            (
                entry("exclude = ['(unclosed']"),
                ErrorKind::Manifest,
                "document \"a\": invalid exclude pattern",
            ),
            (entry("date = \"13 July 2025\""), ErrorKind::Manifest, "document \"a\": date"),
            (entry("outlet = 5"), ErrorKind::Manifest, "\"outlet\" must be a string"),
            (
                "[[document]]\nfile = \"a.txt\"\n".into(),
                ErrorKind::Manifest,
                "document #1: missing \"id\"",
            ),
            (
                "[[document]]\nid = \"a\"\n".into(),
                ErrorKind::Manifest,
                "document \"a\": missing \"file\"",
            ),
            (
                "[[documents]]\nid = \"a\"\nfile = \"a.txt\"\n".into(),
                ErrorKind::Manifest,
                "unknown top-level key \"documents\"",
            ),
            (
                "[document]\nid = \"a\"\nfile = \"a.txt\"\n".into(),
                ErrorKind::Manifest,
                "array of tables",
            ),
            ("# nothing\n".into(), ErrorKind::Manifest, "no [[document]]"),
            (format!("aliases = [\"none.txt\"]\n{}", entry("")), ErrorKind::Manifest, "alias file"),
            (format!("{}{}", entry(""), entry("")), ErrorKind::DuplicateId, "duplicate id \"a\""),
            ("   \n".into(), ErrorKind::Empty, ""),
        ];
        for (i, (toml, kind, needle)) in cases.iter().enumerate() {
            let manifest = dir.file(&format!("m{i}.toml"), toml);
            let e = expect_err(load_paths(std::slice::from_ref(&manifest)), *kind);
            if *kind == ErrorKind::Manifest {
                assert_eq!(e.path, Some(shown(&manifest)), "{e}");
            }
            assert!(e.message.contains(needle), "{toml}: {e}");
        }
        // Errors of the named file keep their own kind and path.
        let empty = dir.file("empty.txt", "");
        let manifest = dir.file("m-empty.toml", "[[document]]\nid = \"e\"\nfile = \"empty.txt\"\n");
        let e = expect_err(load_paths(&[manifest]), ErrorKind::Empty);
        assert_eq!(e.path, Some(shown(&empty)));
    }

    // --- page chrome ---------------------------------------------------------

    /// A made-up page: a statement, then a teaser list in which every
    /// headline and teaser is repeated (the way a mirror site renders it).
    fn teaser_page(heading: &str) -> String {
        let mut page = String::from(
            "Minister Says Talks Went Well\n\nCapital, May 2 (Agency) -- The minister said the talks went well.\n\nHe said both sides agreed to meet again.\n\nwww.example.org (2025.05.02.)\n\n",
        );
        page.push_str(heading);
        for (title, teaser, date) in [
            (
                "Harvest Festival Opens",
                "Capital, May 1 (Agency) -- A harvest festival opened in the",
                "May 1, 2025",
            ),
            (
                "Bridge Completed in North Province",
                "Capital, May 1 (Agency) -- Builders completed a bridge over the",
                "May 1, 2025",
            ),
            (
                "Press Review",
                "Capital, April 30 (Agency) -- Following are major news items in",
                "April 30, 2025",
            ),
        ] {
            page.push_str(&format!("{title}\n\n{title}\n\n{teaser}\n\n{date}\n\n{teaser}\n\n"));
        }
        page.push_str("More Articles");
        page
    }

    #[test]
    fn chrome_finds_a_teaser_list_with_heading() {
        let page = teaser_page("More From Example.org (En)\n\n");
        let spans = detect_chrome(&page);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert!(page[spans[0].start..].starts_with("More From Example.org"));
        assert_eq!(spans[0].end, page.len());
    }

    #[test]
    fn chrome_finds_a_teaser_list_without_heading() {
        let page = teaser_page("");
        let spans = detect_chrome(&page);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert!(page[spans[0].start..].starts_with("Harvest Festival Opens"));
        assert_eq!(spans[0].end, page.len());
    }

    #[test]
    fn chrome_finds_a_related_list_of_headlines() {
        let page = "The minister spoke at length.\nHe said many things.\n\nRelated\nFirst Other Story\nSecond Other Story\n";
        let spans = detect_chrome(page);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].text(page), "Related\nFirst Other Story\nSecond Other Story\n");
    }

    #[test]
    fn chrome_keeps_legitimately_repeated_lines() {
        // A short line said twice, and a refrain chanted three times at the end.
        let speech = "Thank you.\nThe minister opened the meeting and welcomed the guests.\nThank you.\n\
                      We will stand together, he said.\nLong live our friendship!\nLong live our friendship!\nLong live our friendship!\n";
        assert_eq!(detect_chrome(speech), Vec::<Span>::new());
        // A pull quote repeating a sentence of the body.
        let article = "“We will not back down,” she said.\nThe talks ended late.\nOthers disagreed.\n“We will not back down,” she said.\n";
        assert_eq!(detect_chrome(article), Vec::<Span>::new());
        // A heading-like line followed by running text is not a list.
        let body = "Related developments\nThe talks continued on Sunday. Both sides spoke.\nThey agreed on a plan.\nSee also\n";
        assert_eq!(detect_chrome(body), Vec::<Span>::new());
        // A sentence citing a link is body text.
        let cite = "The ministry published the full text at https://example.org/statement on Sunday evening.\n";
        assert_eq!(detect_chrome(cite), Vec::<Span>::new());
    }

    #[test]
    fn chrome_finds_links_and_calls_to_action_anywhere() {
        let text = "Body sentence one.\nhttps://example.org/a/b\nBody sentence two.\nSubscribe to our newsletter\nBody three.\n";
        let found: Vec<&str> = detect_chrome(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(found, ["https://example.org/a/b", "Subscribe to our newsletter"]);
    }

    #[test]
    fn chrome_classifies_dates() {
        for line in [
            "January 29, 2026",
            "Jan 30, 2026Jan 30, 2026",
            "29 July 2025",
            "2025-07-13",
            "Updated: 13 Jul. 2025, 17:25",
            "Monday, 13/07/2025",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in ["Wonsan, July 12, 2025", "Born on May 1, 2025 in Wonsan", "May the best win"] {
            assert!(!is_date_line(line), "{line}");
        }
    }

    #[test]
    fn merge_spans_sorts_and_merges() {
        let spans = vec![
            Span::new(10, 12),
            Span::new(0, 3),
            Span::new(2, 5),
            Span::new(5, 6),
            Span::new(7, 7),
        ];
        assert_eq!(merge_spans(spans), vec![Span::new(0, 6), Span::new(10, 12)]);
    }

    // --- the bundled corpus ----------------------------------------------------

    fn corpus_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
    }

    #[test]
    fn bundled_corpus_parses_and_matches_the_files() {
        let corpus = load_bundled().expect("bundled corpus");
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["mfa", "wire", "joongang", "kcna", "news"]);
        for doc in &corpus.documents {
            let file = corpus_dir().join(format!("{}.txt", doc.id));
            assert_eq!(doc.text.as_bytes(), fs::read(&file).unwrap(), "{}", doc.id);
            assert_eq!(doc.path, format!("corpus/{}.txt", doc.id));
            assert_eq!(doc.language.as_deref(), Some("en"));
            assert!(doc.note.is_some());
            assert!(doc.excluded.windows(2).all(|w| w[0].end < w[1].start));
        }
        let role = |id: &str| corpus.documents[corpus.find(id).unwrap()].role;
        assert_eq!(role("mfa"), Role::Primary);
        assert_eq!(role("wire"), Role::Wire);
        assert_eq!(role("joongang"), Role::Newspaper);
        assert_eq!(role("kcna"), Role::StateMedia);
        assert_eq!(role("news"), Role::News);
        let joongang = &corpus.documents[2];
        assert_eq!(joongang.outlet, "Korea JoongAng Daily");
        assert_eq!(joongang.date.as_deref(), Some("2025-07-13"));
        assert_eq!(joongang.metadata["country"], serde_json::json!("South Korea"));
        assert_eq!(bundled(), corpus);
    }

    #[test]
    fn bundled_exclusions_are_the_chrome_only() {
        let corpus = bundled();
        let doc = |id: &str| &corpus.documents[corpus.find(id).unwrap()];
        let starts = |id: &str| -> Vec<String> {
            let d = doc(id);
            d.excluded
                .iter()
                .map(|s| d.text[s.start..].lines().next().unwrap_or("").chars().take(22).collect())
                .collect()
        };
        // mfa: the repost trailer, to the end.
        let mfa = doc("mfa");
        assert_eq!(starts("mfa"), ["read more in our Teleg"]);
        assert_eq!(mfa.excluded[0].end, mfa.text.len());
        // kcna: the three header lines (manifest patterns) and the list after
        // the source line (chrome rule).
        let kcna = doc("kcna");
        assert_eq!(
            starts("kcna"),
            [
                "January 30, 2026Jan 30",
                "KCNA KCNA.kp (En)",
                "Date: 13/07/2025 | Sou",
                "More From KCNA.kp (En)"
            ]
        );
        assert_eq!(kcna.excluded.last().unwrap().end, kcna.text.len());
        let source_line = kcna.text.find("www.kcna.kp (2025.07.13.)").unwrap();
        assert!(kcna.excluded.iter().all(|s| !s.contains(Span::new(source_line, source_line + 1))));
        for id in ["wire", "joongang", "news"] {
            assert_eq!(starts(id), Vec::<String>::new(), "{id}");
        }
        // Before the trailing chrome, only the whole lines named above are
        // excluded: no other line, not even in part.
        for d in &corpus.documents {
            let body_end = match d.excluded.last() {
                Some(s) if s.end == d.text.len() => s.start,
                _ => d.text.len(),
            };
            let mut at = 0;
            for line in d.text[..body_end].split_inclusive('\n') {
                let span = Span::new(at, at + line.trim_end().len());
                at += line.len();
                if !d.excluded.contains(&span) {
                    assert!(d.excluded.iter().all(|e| e.overlap(span) == 0), "{}: {line}", d.id);
                }
            }
        }
    }

    #[test]
    fn bundled_manifest_on_disk_gives_the_same_corpus() {
        let manifest = corpus_dir().join("corpus.toml");
        let disk = load_paths(&[manifest]).unwrap();
        let bundled = bundled();
        assert_eq!(disk.documents.len(), bundled.documents.len());
        for (a, b) in disk.documents.iter().zip(&bundled.documents) {
            assert!(a.path.ends_with(&b.path), "{} vs {}", a.path, b.path);
            let a = Document { path: b.path.clone(), ..a.clone() };
            assert_eq!(&a, b);
        }
    }

    #[test]
    fn bundled_aliases_are_well_formed() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (n, line) in crate::data::ALIASES.lines().enumerate() {
            let line = line.split('#').next().unwrap().trim();
            if line.is_empty() {
                continue;
            }
            let names: Vec<&str> = line.split('=').map(str::trim).collect();
            assert!(names.len() >= 2, "line {}: a group needs a variant", n + 1);
            for name in names {
                assert!(!name.is_empty(), "line {}: empty name", n + 1);
                let key = name.to_lowercase();
                if let Some(first) = seen.insert(key, n + 1) {
                    panic!("{name:?} on lines {first} and {}", n + 1);
                }
            }
        }
        assert!(seen.contains_key("north korea") && seen.contains_key("sergei lavrov"));
    }
}
