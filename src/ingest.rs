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
//!   streaming (line by line, so a 300 MB feed is never held twice). `id` and
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
//! text (`Empty`), a NUL byte (`Binary`, naming its byte offset), invalid
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
//! * **strong** – a line that is mostly a URL, or a call to action ("read more
//!   in ...", "follow us", "subscribe", ...) with a URL or at most
//!   12 words. These are chrome wherever they stand.
//! * **trigger** – a short list heading: "More from X", "Related", "Read more",
//!   "Most read", "More articles", ...
//! * **repeated** – a line of at least 3 words that occurs twice or more in
//!   the document (teaser lists repeat every headline and teaser).
//! * **dated** – a line that is only a date (and time).
//! * **headline** – at most 12 words without sentence-final punctuation.
//! * **body** – anything else.
//!
//! A **trailing block** is chrome from its first line to the end of the text
//! when, scanning back from the end, (1) it starts with a strong, trigger,
//! repeated or dated line, (2) at least 80 % of its lines are not body lines,
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

use crate::model::{Corpus, Document, Role, Span};
use crate::{Error, ErrorKind, Result};

/// The bundled name aliases (read by the normaliser).
pub const BUNDLED_ALIASES: &str = include_str!("../corpus/aliases.txt");

/// The bundled manifest.
const BUNDLED_MANIFEST: &str = include_str!("../corpus/corpus.toml");

/// Where the bundled files are said to come from.
const BUNDLED_DIR: &str = "corpus";

/// The bundled texts, by the `file` name the manifest gives them.
const BUNDLED_FILES: [(&str, &str); 5] = [
    ("mfa.txt", include_str!("../corpus/mfa.txt")),
    ("wire.txt", include_str!("../corpus/wire.txt")),
    ("joongang.txt", include_str!("../corpus/joongang.txt")),
    ("kcna.txt", include_str!("../corpus/kcna.txt")),
    ("news.txt", include_str!("../corpus/news.txt")),
];

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
    let shown = format!("{BUNDLED_DIR}/corpus.toml");
    let manifest = parse_manifest(&shown, BUNDLED_MANIFEST)?;
    let mut out = Collector::default();
    for entry in manifest.entries {
        let path = format!("{BUNDLED_DIR}/{}", entry.file);
        let Some((_, text)) = BUNDLED_FILES.iter().find(|(f, _)| *f == entry.file) else {
            return Err(Error::at(
                ErrorKind::Manifest,
                shown,
                format!("{}: file \"{}\" is not bundled", entry.who(), entry.file),
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
    Ok(Loaded {
        corpus: out.corpus,
        aliases,
    })
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
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("toml") => InputKind::Manifest,
            Some("jsonl" | "ndjson") => InputKind::JsonLines,
            _ => InputKind::Text,
        }
    }
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
        if let Some(&first) = self.ids.get(&doc.id) {
            return Err(Error::at(
                ErrorKind::DuplicateId,
                doc.path.clone(),
                format!(
                    "duplicate id \"{}\" (already used by {})",
                    doc.id, self.corpus.documents[first].path
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
        Ok(meta) if meta.is_dir() => Err(Error::at(
            ErrorKind::IsDirectory,
            shown,
            "is a directory, not a file",
        )),
        Ok(_) => Ok(()),
    }
}

fn io_error(shown: &str, e: &io::Error) -> Error {
    if e.kind() == io::ErrorKind::NotFound {
        return Error::at(ErrorKind::NotFound, shown, "no such file");
    }
    Error::at(
        ErrorKind::Io,
        shown,
        format!("cannot read: {}", one_line(&e.to_string())),
    )
}

fn read_file(path: &Path, shown: &str) -> Result<Vec<u8>> {
    check_file(path, shown)?;
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
        return Err(Error::at(
            ErrorKind::Empty,
            path,
            "file holds only white space",
        ));
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
    format!("date \"{date}\" is not an ISO 8601 date (YYYY-MM-DD)")
}

fn expected_roles() -> String {
    let names: Vec<&str> = Role::ALL.iter().map(Role::as_str).collect();
    names.join(", ")
}

fn parse_role(name: &str) -> std::result::Result<Role, String> {
    Role::parse(name).ok_or_else(|| {
        format!(
            "unknown role \"{name}\" (expected one of {})",
            expected_roles()
        )
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
        format!("document \"{}\"", self.id)
    }

    fn into_document(self, path: String, text: String) -> Document {
        let mut spans = detect_chrome(&text);
        for pattern in &self.exclude {
            spans.extend(
                pattern
                    .find_iter(&text)
                    .map(|m| Span::new(m.start(), m.end())),
            );
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
    let manifest = parse_manifest(shown, &source)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    for entry in manifest.entries {
        let file = dir.join(&entry.file);
        let file_shown = file.to_string_lossy().into_owned();
        let bytes = match read_file(&file, &file_shown) {
            Err(e) if e.kind == ErrorKind::NotFound => {
                return Err(Error::at(
                    ErrorKind::Manifest,
                    shown,
                    format!("{}: file \"{file_shown}\" not found", entry.who()),
                ));
            }
            other => other?,
        };
        let text = decode(&file_shown, bytes, opts.lossy)?;
        out.push(entry.into_document(file_shown, text))?;
    }
    for name in manifest.aliases {
        let file = dir.join(&name);
        let file_shown = file.to_string_lossy().into_owned();
        let bytes = match read_file(&file, &file_shown) {
            Err(e) if e.kind == ErrorKind::NotFound => {
                return Err(Error::at(
                    ErrorKind::Manifest,
                    shown,
                    format!("alias file \"{file_shown}\" not found"),
                ));
            }
            other => other?,
        };
        let text = decode(&file_shown, bytes, opts.lossy)?;
        aliases.push(AliasFile {
            path: file_shown,
            text,
        });
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
            return Err(err(
                "\"document\" must be an array of tables ([[document]])".into(),
            ))
        }
    };
    if let Some(key) = table.keys().next() {
        return Err(err(format!(
            "unknown top-level key \"{key}\" (expected [[document]] or aliases)"
        )));
    }
    if documents.is_empty() && aliases.is_empty() {
        return Err(err("no [[document]] entries".into()));
    }

    let mut entries = Vec::with_capacity(documents.len());
    for (i, item) in documents.into_iter().enumerate() {
        let toml::Value::Table(t) = item else {
            return Err(err(format!(
                "document #{}: must be a table ([[document]])",
                i + 1
            )));
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
    let who = format!("document \"{id}\"");
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
    Ok(Entry {
        id,
        file,
        outlet,
        role,
        date,
        language,
        note,
        exclude,
        metadata,
    })
}

/// Compiles an `exclude` pattern: `^`/`$` match at line ends, CRLF aware.
fn compile_exclude(pattern: &str) -> std::result::Result<Regex, String> {
    RegexBuilder::new(pattern)
        .multi_line(true)
        .crlf(true)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            // A syntax error is drawn over several lines; keep its last line.
            let last = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or(&text);
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
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut offset = 0usize; // of the current line in the file
    let mut records = 0usize;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| io_error(shown, &e))?;
        if n == 0 {
            break;
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
            return Err(Error::at(
                ErrorKind::Binary,
                at,
                format!("binary data: NUL byte at byte {}", offset + skipped + i),
            ));
        }
        let decoded;
        let line: &str = match std::str::from_utf8(line) {
            Ok(s) => s,
            Err(_) if opts.lossy => {
                decoded = String::from_utf8_lossy(line);
                &decoded
            }
            Err(e) => {
                let i = e.valid_up_to();
                return Err(Error::at(
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
        let doc = parse_record(line, &at)?;
        records += 1;
        out.push(doc)?;
    }
    if records == 0 {
        let message = if line_no == 0 {
            "file is empty"
        } else {
            "no JSON Lines records (only blank lines)"
        };
        return Err(Error::at(ErrorKind::Empty, shown, message));
    }
    Ok(())
}

/// Parses one JSON Lines record; `at` is `file.jsonl:LINE`.
fn parse_record(line: &str, at: &str) -> Result<Document> {
    let err = |message: String| Error::at(ErrorKind::JsonLines, at, message);
    let value: Json = serde_json::from_str(line).map_err(|e| {
        let text = e.to_string();
        let message = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(m, _)| m);
        err(format!(
            "invalid JSON at column {}: {}",
            e.column(),
            one_line(message)
        ))
    })?;
    let Json::Object(mut map) = value else {
        return Err(err(format!(
            "expected a JSON object, found {}",
            json_kind(&value)
        )));
    };
    let mut take = |key: &str, required: bool| -> Result<Option<String>> {
        match map.remove(key) {
            Some(Json::String(s)) => Ok(Some(s)),
            None | Some(Json::Null) if required => {
                Err(err(format!("record has no \"{key}\" string")))
            }
            None | Some(Json::Null) => Ok(None),
            Some(other) => Err(err(format!(
                "\"{key}\" must be a string, found {}",
                json_kind(&other)
            ))),
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
    /// At least [`MIN_REPEAT_WORDS`] words, occurring twice or more.
    Repeated,
    /// Only a date (and time).
    Dated,
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
    let mut spans: Vec<Span> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Strong)
        .map(|l| l.span)
        .collect();
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
    } else if occurrences >= 2 && words >= MIN_REPEAT_WORDS {
        LineKind::Repeated
    } else if is_date_line(line) {
        LineKind::Dated
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

fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"(?i)(?:https?://|www\.)[^\s<>"]+"#).unwrap())
}

fn has_url(line: &str) -> bool {
    url_re().is_match(line)
}

/// Whether URLs make up at least half of the line's non-space characters.
fn is_link_line(line: &str) -> bool {
    let url: usize = url_re()
        .find_iter(line)
        .map(|m| m.as_str().chars().count())
        .sum();
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
