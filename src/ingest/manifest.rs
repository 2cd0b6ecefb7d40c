//! `.toml` manifests: parsing the `[[document]]` tables (the format is in
//! the [`ingest`](super) module docs) and reading the files they name.

use std::collections::BTreeMap;
use std::path::Path;

use regex::{Regex, RegexBuilder};
use serde_json::Value as Json;

use super::{
    bad_date, decode, detect_chrome, is_iso_date, merge_spans, one_line, parse_role, quoted,
    read_file, AliasFile, Collector, IngestOptions, Loaded,
};
use crate::model::{Document, Role, Span};
use crate::{Error, ErrorKind, Result};

/// A parsed manifest; files are not read yet.
#[derive(Debug)]
pub(super) struct Manifest {
    pub(super) entries: Vec<Entry>,
    /// Extra alias files, relative to the manifest.
    aliases: Vec<String>,
}

/// One `[[document]]` entry.
#[derive(Debug)]
pub(super) struct Entry {
    id: String,
    pub(super) file: String,
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
    pub(super) fn who(&self) -> String {
        format!("document {}", quoted(&self.id))
    }

    pub(super) fn into_document(self, path: String, text: String) -> Document {
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
pub(super) fn load_manifest(
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
/// the path to show and the file's bytes. This is [`load`](super::load) for
/// one manifest without the file system (fuzzing and tests use it); errors
/// are the same.
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
            Err(e) if e.kind() == ErrorKind::NotFound => {
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
            Err(e) if e.kind() == ErrorKind::NotFound => {
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
pub(super) fn parse_manifest(shown: &str, source: &str) -> Result<Manifest> {
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

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::ingest::load_with_aliases;
    use crate::ingest::tests::{expect_err, load_paths, shown, TempDir};

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
                assert_eq!(e.path(), Some(shown(&manifest).as_str()), "{e}");
            }
            assert!(e.problem().contains(needle), "{toml}: {e}");
        }
        // Errors of the named file keep their own kind and path.
        let empty = dir.file("empty.txt", "");
        let manifest = dir.file("m-empty.toml", "[[document]]\nid = \"e\"\nfile = \"empty.txt\"\n");
        let e = expect_err(load_paths(&[manifest]), ErrorKind::Empty);
        assert_eq!(e.path(), Some(shown(&empty).as_str()));
    }
}
