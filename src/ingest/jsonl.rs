//! JSON Lines (`.jsonl`, `.ndjson`): a feed read line by line, its records
//! parsed in batches on every thread and collected in line order.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::Value as Json;

use super::{
    bad_date, check_file, detect_chrome, io_error, is_blank, is_iso_date, one_line, parse_role,
    Collector, IngestOptions,
};
use crate::model::{Corpus, Document, Role};
use crate::{Error, ErrorKind, Result};

/// Reads a JSON Lines file line by line.
pub(super) fn load_jsonl(
    path: &Path,
    shown: &str,
    opts: &IngestOptions,
    out: &mut Collector,
) -> Result<()> {
    check_file(path, shown)?;
    let file = File::open(path).map_err(|e| io_error(shown, &e))?;
    read_jsonl(BufReader::with_capacity(1 << 16, file), shown, opts, out)
}

/// Reads JSON Lines from memory: `bytes` is the content of a `.jsonl` file
/// and `shown` its path for messages. This is [`load`](super::load) for one
/// JSON Lines file without the file system (fuzzing and tests use it);
/// errors are the same.
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
    // in batches on every thread (parsing a record and looking for its page
    // chrome is the costly part of reading a feed); the records go in line
    // order, so the first error in line order is the one reported, whichever
    // thread met it.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::load;
    use crate::ingest::tests::{expect_err, load_paths, shown, TempDir};
    use crate::model::Span;

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
            assert_eq!(e.path(), Some(format!("{}:3", shown(&feed)).as_str()), "{e}");
            assert!(e.problem().contains(needle), "{line}: {e}");
        }
        let bad = dir.file("utf8.jsonl", b"{\"id\": \"a\", \"text\": \"\xFF\"}\n");
        let e = expect_err(load_paths(std::slice::from_ref(&bad)), ErrorKind::NotUtf8);
        assert!(e.problem().contains("byte 21"), "{e}");
        let lossy = load(&[bad], &IngestOptions { lossy: true }).unwrap();
        assert_eq!(lossy.documents[0].text, "\u{FFFD}");
        let blank = dir.file("blank.jsonl", "\n \n");
        expect_err(load_paths(&[blank]), ErrorKind::Empty);
        let empty = dir.file("empty.jsonl", "");
        expect_err(load_paths(&[empty]), ErrorKind::Empty);
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
            assert!(e.problem().starts_with("invalid JSON at column 25: EOF while parsing"), "{e}");
        }
    }
}
