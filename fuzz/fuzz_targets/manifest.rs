//! Manifest ingest on any text: the manifest is the fuzz input; the files it
//! may name are `a.txt` (text), `b.txt` (CRLF and a BOM), `bin.txt` (a NUL
//! byte), `bad.txt` (invalid UTF-8) and `empty.txt`; any other name is
//! missing. Never panics; an error is one line naming a file; documents
//! have unique ids, and exclusions lie on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refract::IngestOptions;
use refract::{Error, ErrorKind};

fn file(name: &str) -> (String, refract::Result<Vec<u8>>) {
    let shown = format!("dir/{name}");
    let bytes: Option<&[u8]> = match name {
        "a.txt" => {
            Some("Lavrov said: “We respect it.”\nRead more at https://example.org/x\n".as_bytes())
        }
        "b.txt" => Some("\u{FEFF}Photo: AFP\r\nKim said it.\r\n".as_bytes()),
        "bin.txt" => Some(b"ab\0cd"),
        "bad.txt" => Some(b"caf\xE9"),
        "empty.txt" => Some(b""),
        _ => None,
    };
    match bytes {
        Some(b) => (shown, Ok(b.to_vec())),
        None => {
            let e = Error::Input {
                kind: ErrorKind::NotFound,
                path: shown.clone(),
                problem: "no such file".to_string(),
            };
            (shown, Err(e))
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    for lossy in [false, true] {
        let opts = IngestOptions { lossy };
        match refract::bench::load_manifest_str("m.toml", source, &opts, &mut file) {
            Ok(loaded) => {
                let mut ids: Vec<&str> =
                    loaded.corpus.documents.iter().map(|d| d.id.as_str()).collect();
                let n = ids.len();
                ids.sort_unstable();
                ids.dedup();
                assert_eq!(ids.len(), n, "duplicate ids accepted");
                for d in &loaded.corpus.documents {
                    for e in &d.excluded {
                        assert!(e.start <= e.end && e.end <= d.text.len());
                        assert!(d.text.is_char_boundary(e.start) && d.text.is_char_boundary(e.end));
                    }
                    if let Some(date) = &d.date {
                        assert!(date.len() >= 10, "{date}");
                    }
                }
            }
            Err(e) => {
                let message = e.to_string();
                assert!(!message.contains('\n'), "{e}");
                assert!(e.path().is_some_and(|p| message.len() > p.len() + 2), "{e}");
            }
        }
    }
});
