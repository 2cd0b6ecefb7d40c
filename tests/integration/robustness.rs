//! Hostile input (issue 6): input errors, pathological text and output
//! safety. Basic input errors (missing file, directory, empty and blank
//! files, non-UTF-8 and binary files, one document, `--primary` matching
//! nothing, overwriting an input) are in `cli.rs`; this module covers the
//! rest. Big inputs are moderate here (1–2 MB) so that CI stays fast; the
//! 50 MB document, 5 MB line and 100,000 marks are measured with the release
//! binary (ROBUSTNESS.md, `benches/robustness.sh`).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use refract::bench::{self as segment, MAX_SENTENCE_TOKENS};
use refract::report::json::{self, Report};
use refract::{Analysis, Config};
use refract::{Corpus, Document, Role};

use crate::invariants;
use crate::util::{refract, temp_dir};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An input error: exit 2, nothing on stdout, one line on stderr that names
/// `what` and says `problem`.
#[track_caller]
fn assert_input_error(o: &Output, what: &str, problem: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("refract: "), "{err}");
    assert!(err.contains(what), "names {what}: {err}");
    assert!(err.to_lowercase().contains(&problem.to_lowercase()), "says {problem}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[track_caller]
fn assert_success(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

const TRANSCRIPT: &str = "Minister Anna Petrova: We will never accept the new tariffs on grain.\n\
    Our farmers deserve fair prices and open markets across the whole region.\n";
const ARTICLE: &str = "Petrova said her country would never accept new grain tariffs.\n\
    “Our farmers deserve fair prices and open markets,” she told reporters.\n";

/// A directory with a transcript `t.txt` and an article `a.txt`.
fn two_files(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let t = dir.join("t.txt");
    let a = dir.join("a.txt");
    fs::write(&t, TRANSCRIPT).unwrap();
    fs::write(&a, ARTICLE).unwrap();
    (dir, t, a)
}

fn report(o: &Output) -> Report {
    serde_json::from_slice(&o.stdout).expect("a JSON report on stdout")
}

// ---------------------------------------------------------------------------
// 1. Input errors
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_names_the_byte_offset_and_lossy_continues() {
    let (dir, t, _) = two_files("lossy");
    let bad = dir.join("bad.txt");
    let mut bytes =
        b"Petrova said her country would never accept new grain tariffs \xE9t\xE9.\n".to_vec();
    bytes.extend_from_slice(b"Our farmers deserve fair prices and open markets, she said.\n");
    fs::write(&bad, &bytes).unwrap();
    let at = bytes.iter().position(|&b| b == 0xE9).unwrap();
    let o = refract(&["align", "--primary", "t", s(&t), s(&bad)]);
    assert_input_error(&o, "bad.txt", &format!("invalid UTF-8 at byte {at}"));
    assert!(stderr(&o).contains("--lossy"), "suggests --lossy: {}", stderr(&o));

    let o = refract(&["align", "--lossy", "--format", "json", "--primary", "t", s(&t), s(&bad)]);
    assert_success(&o);
    let r = report(&o);
    assert!(!r.alignments.is_empty(), "the repaired text is aligned");
    // Offsets refer to the repaired text (U+FFFD is three bytes).
    let repaired = String::from_utf8_lossy(&bytes).into_owned();
    for a in r.alignments.iter().filter(|a| a.target.doc == "bad") {
        assert_eq!(a.target.text, repaired[a.target.start..a.target.end]);
    }
}

#[test]
fn an_incomplete_sequence_at_the_end_and_utf16_are_named() {
    let (dir, t, _) = two_files("utf16");
    let cut = dir.join("cut.txt");
    fs::write(&cut, b"Text that ends in the middle of a letter \xE2\x80").unwrap();
    let o = refract(&["align", s(&t), s(&cut)]);
    assert_input_error(&o, "cut.txt", "incomplete UTF-8 sequence at byte 41");
    let utf16 = dir.join("utf16.txt");
    fs::write(&utf16, b"\xFF\xFEH\0i\0").unwrap();
    let o = refract(&["align", s(&t), s(&utf16)]);
    assert_input_error(&o, "utf16.txt", "UTF-16");
}

#[test]
fn a_nul_byte_is_binary_data_with_its_offset() {
    let (dir, t, _) = two_files("nul");
    let bin = dir.join("page.txt");
    fs::write(&bin, b"Looks like text for a while\0\0\0 and then not").unwrap();
    let o = refract(&["align", s(&t), s(&bin)]);
    assert_input_error(&o, "page.txt", "NUL byte at byte 27");
    // --lossy does not turn binary data into text.
    let o = refract(&["align", "--lossy", s(&t), s(&bin)]);
    assert_input_error(&o, "page.txt", "binary");
}

/// A device never ends: refused before reading, not read until memory runs
/// out.
#[cfg(unix)]
#[test]
fn a_device_is_refused_before_reading() {
    let (_, t, _) = two_files("device");
    for dev in ["/dev/zero", "/dev/urandom"] {
        let o = refract(&["align", s(&t), dev]);
        assert_input_error(&o, dev, "is a character device, not a file");
    }
}

/// A document of 4 GiB or more cannot be represented (token offsets are
/// 32-bit): refused, naming the file, before it is read (the file is sparse).
#[test]
fn a_four_gib_file_is_refused_before_reading() {
    let (dir, t, _) = two_files("four-gib");
    let big = dir.join("big.txt");
    fs::File::create(&big).unwrap().set_len(1 << 32).unwrap();
    let o = refract(&["align", s(&t), s(&big)]);
    assert_input_error(
        &o,
        "big.txt",
        "file is 4294967296 bytes; a document can be at most 4294967295 bytes",
    );
    fs::remove_file(&big).unwrap();
}

/// A BOM and CRLF line ends are accepted, and every span of the JSON report
/// is the file's bytes at `start..end`.
#[test]
fn bom_and_crlf_offsets_are_the_files_bytes() {
    let dir = temp_dir("bom-crlf");
    let t = dir.join("t.txt");
    let a = dir.join("a.txt");
    let crlf = |s: &str| format!("\u{FEFF}{}", s.replace('\n', "\r\n"));
    fs::write(&t, crlf(TRANSCRIPT)).unwrap();
    fs::write(&a, crlf(ARTICLE)).unwrap();
    let o = refract(&["align", "--format", "json", "--primary", "t", s(&t), s(&a)]);
    assert_success(&o);
    let r = report(&o);
    assert_eq!(r.alignments.len(), 2, "{r:#?}");
    let bytes = |id: &str| fs::read(dir.join(format!("{id}.txt"))).unwrap();
    for al in &r.alignments {
        for side in [&al.source, &al.target] {
            assert_eq!(side.text.as_bytes(), &bytes(&side.doc)[side.start..side.end], "{side:?}");
            assert!(!side.text.contains(['\r', '\u{FEFF}']), "{side:?}");
        }
    }
    assert_eq!(r.documents[0].bytes, bytes("t").len());
}

#[test]
fn duplicate_ids_name_both_files() {
    let (dir, t, a) = two_files("dup");
    // The same file twice.
    let o = refract(&["align", s(&t), s(&a), s(&t)]);
    assert_input_error(&o, "t.txt", "duplicate id \"t\"");
    // Two files with the same stem in different folders.
    fs::create_dir(dir.join("other")).unwrap();
    let other = dir.join("other").join("a.txt");
    fs::write(&other, ARTICLE).unwrap();
    let o = refract(&["align", s(&t), s(&a), s(&other)]);
    assert_input_error(&o, "other/a.txt", "duplicate id \"a\"");
    assert!(stderr(&o).contains(s(&a)), "names the first file too: {}", stderr(&o));
    // An id given by a manifest and by a JSON Lines record.
    let m = dir.join("m.toml");
    fs::write(&m, "[[document]]\nid = \"x\"\nfile = \"t.txt\"\n").unwrap();
    let feed = dir.join("feed.jsonl");
    fs::write(&feed, "{\"id\": \"x\", \"text\": \"Something else entirely.\"}\n").unwrap();
    let o = refract(&["align", s(&m), s(&feed)]);
    assert_input_error(&o, "feed.jsonl:1", "duplicate id \"x\"");
}

#[test]
fn manifest_naming_a_missing_file_or_an_unknown_role() {
    let (dir, _, a) = two_files("manifest");
    let m = dir.join("corpus.toml");
    fs::write(&m, "[[document]]\nid = \"t\"\nfile = \"texts/nope.txt\"\nrole = \"primary\"\n")
        .unwrap();
    let o = refract(&["align", s(&m), s(&a)]);
    assert_input_error(&o, "corpus.toml", "document \"t\": file");
    assert!(stderr(&o).contains("nope.txt\" not found"), "{}", stderr(&o));

    fs::write(&m, "[[document]]\nid = \"t\"\nfile = \"t.txt\"\nrole = \"transcript\"\n").unwrap();
    let o = refract(&["align", s(&m), s(&a)]);
    assert_input_error(&o, "corpus.toml", "unknown role \"transcript\"");
    assert!(stderr(&o).contains("primary, wire"), "lists the roles: {}", stderr(&o));

    // Broken TOML names line and column.
    fs::write(&m, "[[document]]\nid = \"t\nfile = \"t.txt\"\n").unwrap();
    let o = refract(&["align", s(&m), s(&a)]);
    assert_input_error(&o, "corpus.toml", "invalid TOML at line 2");
    // A file the manifest names is checked like any other input.
    fs::write(dir.join("e.txt"), " \r\n ").unwrap();
    fs::write(&m, "[[document]]\nid = \"e\"\nfile = \"e.txt\"\n").unwrap();
    let o = refract(&["align", s(&m), s(&a)]);
    assert_input_error(&o, "e.txt", "white space");
}

#[test]
fn malformed_json_lines_name_the_line() {
    let (dir, t, _) = two_files("jsonl");
    let feed = dir.join("feed.jsonl");
    let good = "{\"id\": \"a\", \"text\": \"Petrova said they would never accept tariffs.\"}";
    for (line, problem) in [
        (
            "{\"id\": \"b\", \"text\": \"unterminated}",
            "invalid JSON at column 34: EOF while parsing",
        ),
        ("{\"id\": \"b\"}", "no \"text\""),
        ("\"just a string\"", "expected a JSON object"),
        ("{\"id\": \"b\", \"text\": \"B.\", \"role\": \"blogger\"}", "unknown role"),
        ("{\"id\": \"b\", \"text\": \"\"}", "empty"),
    ] {
        fs::write(&feed, format!("{good}\n\n{line}\n{good}\n")).unwrap();
        let o = refract(&["align", s(&t), s(&feed)]);
        assert_input_error(&o, "feed.jsonl:3", problem);
    }
    // A record split over two lines (pretty-printed JSON) is malformed at its first line.
    fs::write(&feed, format!("{good}\n{{\n  \"id\": \"b\"\n}}\n")).unwrap();
    let o = refract(&["align", s(&t), s(&feed)]);
    assert_input_error(&o, "feed.jsonl:2", "invalid JSON");
    // Invalid UTF-8 inside a record names the line and the file offset.
    fs::write(&feed, [good.as_bytes(), b"\n{\"id\": \"b\", \"text\": \"\xFF\"}\n"].concat())
        .unwrap();
    let o = refract(&["align", s(&t), s(&feed)]);
    assert_input_error(&o, "feed.jsonl:2", "invalid UTF-8 at byte");
}

/// Ids, roles and file names may hold line breaks; a message stays one line.
#[test]
fn messages_stay_one_line_whatever_the_input_holds() {
    let (dir, t, _) = two_files("one-line");
    let feed = dir.join("feed.jsonl");
    fs::write(&feed, "{\"id\": \"a\\nb\", \"text\": \"Text.\", \"role\": \"x\\ny\"}\n").unwrap();
    let o = refract(&["align", s(&t), s(&feed)]);
    assert_input_error(&o, "feed.jsonl:1", r#"unknown role "x\ny""#);
    fs::write(&feed, "{\"id\": \"a\\nb\", \"text\": \"Text.\"}\n").unwrap();
    let o = refract(&["align", "--primary", "zz", s(&t), s(&feed)]);
    assert_input_error(&o, "--primary 'zz'", r"(ids: t, a\nb)");
}

#[test]
fn one_document_from_a_manifest_or_feed_is_not_enough() {
    let (dir, _, _) = two_files("single");
    let feed = dir.join("one.jsonl");
    fs::write(&feed, "{\"id\": \"a\", \"text\": \"Only one.\"}\n\n").unwrap();
    let o = refract(&["align", s(&feed)]);
    assert_input_error(&o, "one.jsonl:1", "two or more documents");
    let m = dir.join("one.toml");
    fs::write(&m, "[[document]]\nid = \"t\"\nfile = \"t.txt\"\n").unwrap();
    let o = refract(&["align", s(&m)]);
    assert_input_error(&o, "t.txt", "two or more documents");
}

#[test]
fn primary_naming_no_document_lists_the_ids() {
    let (_, t, a) = two_files("primary");
    let o = refract(&["align", "--primary", "transcript", s(&t), s(&a)]);
    assert_input_error(&o, "--primary 'transcript'", "matches no document (ids: t, a)");
    let o = refract(&["align", "--primary", "[", s(&t), s(&a)]);
    assert_input_error(&o, "--primary '['", "not a valid pattern");
}

#[test]
fn unreadable_extra_tables_are_named() {
    let (dir, t, a) = two_files("tables");
    let o = refract(&["align", "--aliases", s(&dir.join("none.txt")), s(&t), s(&a)]);
    assert_input_error(&o, "none.txt", "cannot read");
    let o = refract(&["align", "--lexicon", s(&dir), s(&t), s(&a)]);
    assert_input_error(&o, dir.file_name().unwrap().to_str().unwrap(), "cannot read");
}

// ---------------------------------------------------------------------------
// 2. Pathological text (moderate sizes; the big ones are measured)
// ---------------------------------------------------------------------------

fn run(corpus: &Corpus) -> Analysis {
    let analysis = refract::run(corpus, &Config::default()).expect("the pipeline runs");
    invariants::check_analysis(corpus, &analysis);
    invariants::check_report(corpus, &json::build(corpus, &analysis));
    analysis
}

fn primary_and(article: String) -> Corpus {
    Corpus {
        documents: vec![
            Document::new("t", TRANSCRIPT).with_role(Role::Primary),
            Document::new("a", article),
        ],
    }
}

/// Sentences of made-up news copy (deterministic, no two alike).
fn filler(bytes: usize) -> String {
    const W: &[&str] = &[
        "officials",
        "harvest",
        "bridge",
        "railway",
        "festival",
        "committee",
        "province",
        "weather",
        "museum",
        "students",
        "factory",
        "season",
        "visitors",
        "council",
        "river",
        "market",
        "schedule",
        "report",
        "plans",
        "workers",
        "village",
        "opened",
        "announced",
        "expected",
        "completed",
        "local",
        "new",
        "several",
        "during",
        "after",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    while out.len() < bytes {
        let n = 6 + (next() % 14) as usize;
        for i in 0..n {
            let w = W[(next() % W.len() as u64) as usize];
            if i == 0 {
                out.push_str(&w[..1].to_uppercase());
                out.push_str(&w[1..]);
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push_str(if next() % 5 == 0 { ".\n" } else { ". " });
    }
    out
}

#[test]
fn a_two_megabyte_article_still_finds_its_quotation() {
    let mut article = filler(1 << 20);
    article.push_str("\n“Our farmers deserve fair prices and open markets,” Petrova said.\n");
    article.push_str(&filler(1 << 20));
    let analysis = run(&primary_and(article));
    assert!(
        analysis.alignments.iter().any(|a| a.target.doc == 1 && a.source.span.start > 60),
        "the quotation is found among 2 MB of other text"
    );
}

#[test]
fn a_megabyte_line_without_a_sentence_end_is_cut_with_a_warning() {
    let line = filler(1 << 20).replace(['.', '\n'], "");
    let doc = Document::new("a", line.clone());
    let seg = segment::segment(&doc);
    invariants::check_segmentation(&doc, &seg);
    assert_eq!(seg.paragraphs.len(), 1);
    assert!(seg.sentences.len() > 1, "cut into pieces");
    assert!(seg.sentences.iter().all(|s| s.tokens.1 - s.tokens.0 <= MAX_SENTENCE_TOKENS));

    let analysis = run(&primary_and(line));
    let cut: Vec<_> =
        analysis.warnings.iter().filter(|w| w.doc == 1 && w.message.contains("cut")).collect();
    assert_eq!(cut.len(), 1, "one warning for the over-long sentence: {:?}", analysis.warnings);
    assert!(cut[0].message.contains(&MAX_SENTENCE_TOKENS.to_string()), "{:?}", cut[0]);
}

#[test]
fn twenty_thousand_quotation_marks_give_a_bounded_list_of_warnings() {
    let marks = ['“', '”', '"', '‘', '’', '«', '»', '„'];
    let mut text = String::new();
    for i in 0..20_000usize {
        text.push(marks[(i * 7 + i / 3) % marks.len()]);
        text.push_str(["grain", "tariffs", "never", "Petrova"][i % 4]);
        text.push(' ');
    }
    let analysis = run(&primary_and(text));
    let marks: Vec<_> =
        analysis.warnings.iter().filter(|w| w.doc == 1 && !w.message.contains("cut")).collect();
    assert_eq!(marks.len(), refract::bench::MAX_WARNINGS + 1, "the list is capped, with a count");
    assert!(
        marks.iter().any(|w| w.message.contains("more warnings about quotation marks")),
        "{:?}",
        marks.last()
    );
}

#[test]
fn unbalanced_and_nested_marks() {
    let text = "Petrova said: “We will ‘never’ accept «the „new“ tariffs» on grain.\n\
                ” A stray closer, and an opener “ that never closes.\n\
                She added: “Our farmers deserve fair prices\n\
                “and open markets across the whole region.”\n";
    let doc = Document::new("a", text);
    let seg = segment::segment(&doc);
    let scan = refract::bench::extract(0, &doc, &seg);
    invariants::check_quotes(0, &doc, &scan);
    let depths: Vec<(u8, &str)> =
        scan.quotes.iter().map(|q| (q.depth, q.span.text(text))).collect();
    assert!(depths.contains(&(1, "never")), "{depths:?}");
    assert!(depths.iter().any(|&(d, t)| d == 0 && t.starts_with("We will")), "{depths:?}");
    // The multi-paragraph quotation is one quotation with two pieces.
    assert!(
        scan.quotes.iter().any(|q| q.pieces.len() == 2
            && q.span.text(text).starts_with("Our farmers")
            && q.span.text(text).ends_with("region.")),
        "{depths:?}"
    );
    let messages: Vec<&str> = scan.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("stray ”")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("unclosed “")), "{messages:?}");
    // The article still aligns with the transcript.
    let analysis = run(&primary_and(text.to_string()));
    assert!(analysis.alignments.len() >= 2, "{:?}", analysis.alignments);
}

#[test]
fn other_scripts_emoji_and_invisible_marks() {
    // Korean and Cyrillic words are tokens like any other; emoji split them.
    let text = "한국어 문장입니다. Сергей Лавров сказал: «Мы никогда не примем эти пошлины».\n\
                We will 🚜 never accept the new tariffs on grain 👩‍🌾.\n";
    let doc = Document::new("a", text);
    let seg = segment::segment(&doc);
    invariants::check_segmentation(&doc, &seg);
    let tokens: Vec<&str> = seg.tokens.iter().map(|t| t.span().text(text)).collect();
    assert!(tokens.contains(&"한국어") && tokens.contains(&"Лавров"), "{tokens:?}");
    assert!(!tokens.iter().any(|t| t.contains('🚜')), "{tokens:?}");
    let scan = refract::bench::extract(0, &doc, &seg);
    assert!(scan.quotes.iter().any(|q| q.span.text(text) == "Мы никогда не примем эти пошлины"));

    // A right-to-left mark, zero-width joiners and a BOM inside the text do
    // not stop a sentence from aligning with its clean version.
    let dirty = "\u{FEFF}Petrova said:\u{200F} “We will\u{200B} never accept the new \
                 tariffs\u{200D} on grain.”\u{202C}\n";
    let analysis = run(&primary_and(dirty.to_string()));
    let found = analysis.alignments.iter().find(|a| a.target.doc == 1).expect("aligned");
    assert!(found.target.span.text(dirty).starts_with("We will"), "{found:?}");
    // Korean and Cyrillic copies of a remark align with each other too.
    let corpus = Corpus {
        documents: vec![
            Document::new("t", "Сергей Лавров: Мы никогда не примем новые пошлины на зерно.\n")
                .with_role(Role::Primary),
            Document::new("a", "Лавров сказал: «Мы никогда не примем новые пошлины на зерно».\n"),
        ],
    };
    let analysis = run(&corpus);
    assert_eq!(analysis.alignments.len(), 1, "{:?}", analysis.alignments);
}

// ---------------------------------------------------------------------------
// 3. Output safety
// ---------------------------------------------------------------------------

#[test]
fn a_failed_run_leaves_the_output_file_untouched_and_no_temporary_file() {
    let (dir, t, _) = two_files("failed-output");
    let out = dir.join("report.json");
    fs::write(&out, "the previous report\n").unwrap();
    let before: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    let missing = dir.join("missing.txt");
    for args in [
        vec!["align", "-o", s(&out), s(&t), s(&missing)],
        vec!["align", "-o", s(&out), s(&t)],
        vec!["align", "-o", s(&out), "--primary", "zz", s(&t), s(&t)],
    ] {
        let o = refract(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(fs::read_to_string(&out).unwrap(), "the previous report\n");
        let after: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(before.len(), after.len(), "no file left behind: {after:?}");
    }
}

#[test]
fn an_unwritable_output_is_an_error_and_leaves_no_temporary_file() {
    let (dir, t, a) = two_files("unwritable-output");
    // The target is a directory: the rename fails after the report is written.
    let target = dir.join("out");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), "keep").unwrap();
    let o = refract(&["align", "-o", s(&target), s(&t), s(&a)]);
    assert_input_error(&o, "out", "cannot write the report");
    assert_eq!(fs::read_to_string(target.join("keep.txt")).unwrap(), "keep");
    let names: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 3, "no temporary file left: {names:?}");
    // A folder that does not exist.
    let o = refract(&["align", "-o", s(&dir.join("no/such/dir/r.json")), s(&t), s(&a)]);
    assert_input_error(&o, "r.json", "cannot write the report");
}

#[test]
fn output_never_overwrites_an_input_by_another_name() {
    let (dir, t, a) = two_files("overwrite-alias");
    // The same file through `..`.
    let other = dir.join("sub");
    fs::create_dir(&other).unwrap();
    let via = other.join("..").join("t.txt");
    let o = refract(&["align", "-o", s(&via), s(&t), s(&a)]);
    assert_input_error(&o, "t.txt", "refusing to overwrite");
    assert_eq!(fs::read_to_string(&t).unwrap(), TRANSCRIPT);
    // A file that a manifest names.
    let m = dir.join("corpus.toml");
    fs::write(&m, "[[document]]\nid = \"t\"\nfile = \"t.txt\"\nrole = \"primary\"\n").unwrap();
    let o = refract(&["align", "-o", s(&t), s(&m), s(&a)]);
    assert_input_error(&o, "t.txt", "refusing to overwrite");
    assert_eq!(fs::read_to_string(&t).unwrap(), TRANSCRIPT);
    // An extra alias table.
    let aliases = dir.join("aliases.txt");
    fs::write(&aliases, "anna petrova = petrova\n").unwrap();
    let o = refract(&["align", "--aliases", s(&aliases), "-o", s(&aliases), s(&t), s(&a)]);
    assert_input_error(&o, "aliases.txt", "refusing to overwrite");
    assert_eq!(fs::read_to_string(&aliases).unwrap(), "anna petrova = petrova\n");
}

/// `refract ... | head -c 1`: the reader goes away after one byte; refract
/// ends quietly with exit 0.
#[test]
fn a_closed_stdout_ends_quietly() {
    // The JSON report of the bundled corpus (about 100 kB) is larger than a
    // pipe's buffer, so the write meets the closed pipe.
    let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(["align", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("refract runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    stdout.read_exact(&mut one).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "quiet, but said {:?}", stderr(&o));
}
