//! Tests of reading as a whole: decoding, text files, file errors, ids and
//! messages, the bundled corpus; and the helpers the other test modules share.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::model::Span;

/// A fresh directory under the system temp dir, removed on drop.
pub(super) struct TempDir(PathBuf);

impl TempDir {
    pub(super) fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("refract-ingest-{}-{n}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub(super) fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    pub(super) fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

pub(super) fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

pub(super) fn load_paths(paths: &[PathBuf]) -> Result<Corpus> {
    load(paths, &IngestOptions::default())
}

/// The error of `result`, checked to have `kind` and a one-line message.
#[track_caller]
pub(super) fn expect_err<T: std::fmt::Debug>(result: Result<T>, kind: ErrorKind) -> Error {
    let e = result.expect_err("expected an error");
    assert_eq!(e.kind(), kind, "{e}");
    assert!(!e.problem().contains('\n'), "multi-line message: {e}");
    assert!(!e.problem().is_empty());
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
    assert_eq!(e.path(), Some("a.txt"));
    assert!(e.problem().contains("byte 3"), "{e}");
    // Binary wins over invalid UTF-8, and lossy does not help.
    let e = expect_err(decode("a", b"\x89PNG\r\n\x1a\n\0\0".to_vec(), true), ErrorKind::Binary);
    assert!(e.problem().contains("byte 8"), "{e}");
}

#[test]
fn decode_names_invalid_utf8_offset() {
    let e = expect_err(decode("a", b"caf\xC3\xA9 \xFF!".to_vec(), false), ErrorKind::NotUtf8);
    assert!(e.problem().contains("byte 6"), "{e}");
    let e = expect_err(decode("a", b"abc \xE2\x80".to_vec(), false), ErrorKind::NotUtf8);
    assert!(e.problem().contains("incomplete") && e.problem().contains("byte 4"), "{e}");
    let e = expect_err(decode("a", b"\xFF\xFEa\0b\0".to_vec(), false), ErrorKind::NotUtf8);
    assert!(e.problem().contains("UTF-16"), "{e}");
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

// --- text files, file errors, ids and messages --------------------------

#[test]
fn text_file_defaults_and_offsets() {
    let dir = TempDir::new("text");
    let bytes = "\u{FEFF}Lavrov said: “We respect it.”\r\nAnd more.\r\nFollow us on Telegram\r\n";
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
    assert_eq!(e.path(), Some(shown(&missing).as_str()));
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
    assert!(e.problem().contains("byte 2"), "{e}");
    let bad = dir.file("bad.txt", b"ok \xC0 no");
    let e = expect_err(load_paths(std::slice::from_ref(&bad)), ErrorKind::NotUtf8);
    assert!(e.problem().contains("byte 3"), "{e}");
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
    assert_eq!(e.path(), Some(shown(&b).as_str()));
    assert!(e.problem().contains("\"a\"") && e.problem().contains(&shown(&a)), "{e}");
    // Across formats: a JSON Lines record with the id of a text file.
    let feed = dir.file("feed.jsonl", "{\"id\": \"a\", \"text\": \"Three.\"}\n");
    let e = expect_err(load_paths(&[a.clone(), feed.clone()]), ErrorKind::DuplicateId);
    assert_eq!(e.path(), Some(format!("{}:1", shown(&feed)).as_str()));
    assert!(e.problem().contains(&shown(&a)), "{e}");
    // The same file twice.
    expect_err(load_paths(&[a.clone(), a]), ErrorKind::DuplicateId);
}

/// Devices are refused before reading: `/dev/zero` never ends. A pipe
/// is read like a file.
#[cfg(unix)]
#[test]
fn devices_are_refused_and_pipes_read() {
    for dev in ["/dev/zero", "/dev/urandom", "/dev/null"] {
        let e = expect_err(load_paths(&[PathBuf::from(dev)]), ErrorKind::Io);
        assert_eq!(e.problem(), "is a character device, not a file (reading it might never end)");
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
    assert_eq!((e.path(), e.problem()), (Some(shown(&big).as_str()), message));
    let manifest = dir.file("c.toml", "[[document]]\nid = \"b\"\nfile = \"big.txt\"\n");
    let e = expect_err(load_paths(&[manifest]), ErrorKind::TooLarge);
    assert_eq!((e.path(), e.problem()), (Some(shown(&big).as_str()), message));
    let e =
        expect_err(check_size("f.jsonl:3", "text", MAX_TEXT_BYTES as u64 + 1), ErrorKind::TooLarge);
    assert_eq!(e.to_string(), "f.jsonl:3: text is 4294967296 bytes; a document can be at most 4294967295 bytes (4 GiB - 1)");
    assert!(check_size("f.jsonl:3", "text", MAX_TEXT_BYTES as u64).is_ok());
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
        (r#"{"id": "x\n\"y", "text": "A."}"#, ErrorKind::DuplicateId, r#"duplicate id "x\n\"y""#),
    ] {
        let feed =
            dir.file("f.jsonl", format!("{{\"id\": \"x\\n\\\"y\", \"text\": \"B.\"}}\n{line}\n"));
        let e = expect_err(load_paths(&[feed]), kind);
        assert!(e.problem().contains(needle), "{e}");
    }
    let manifest = dir.file("m.toml", "[[document]]\nid = \"a\\nb\"\nfile = \"no\\nne.txt\"\n");
    let e = expect_err(load_paths(&[manifest]), ErrorKind::Manifest);
    assert!(e.problem().starts_with(r#"document "a\nb": file "#), "{e}");
    assert!(e.problem().contains(r#"no\nne.txt" not found"#), "{e}");
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
