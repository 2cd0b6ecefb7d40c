//! The command line: exit codes, stdout and stderr.

use std::fs;

use crate::util::{refract, temp_dir};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An input error: exit 2, nothing on stdout, one line on stderr naming `what`.
fn assert_input_error(o: &std::process::Output, what: &str, problem: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(o.stdout.is_empty(), "stdout: {}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(what), "names {what}: {err}");
    assert!(err.to_lowercase().contains(problem), "says {problem}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn no_arguments_runs_the_bundled_corpus() {
    let o = refract(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("refract: 5 documents"));
    assert!(out.contains("Ukrainian Nazis"));
}

#[test]
fn json_output_is_the_versioned_contract() {
    let o = refract(&["align", "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "refract.report/v1");
    for key in ["documents", "alignments", "quotes"] {
        assert!(v[key].is_array(), "{key}");
    }
    let a = &v["alignments"][0];
    for key in ["source", "target", "score", "relation", "edits"] {
        assert!(!a[key].is_null(), "{key}");
    }
}

#[test]
fn missing_file() {
    let dir = temp_dir("missing");
    let a = dir.join("a.txt");
    fs::write(&a, "Some text here.").unwrap();
    let missing = dir.join("nope.txt");
    let o = refract(&["align", a.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_input_error(&o, "nope.txt", "no such file");
}

#[test]
fn empty_and_whitespace_files() {
    let dir = temp_dir("empty");
    let a = dir.join("a.txt");
    fs::write(&a, "Some text here.").unwrap();
    for (name, content) in [("empty.txt", ""), ("blank.txt", " \n\t\n")] {
        let p = dir.join(name);
        fs::write(&p, content).unwrap();
        let o = refract(&["align", a.to_str().unwrap(), p.to_str().unwrap()]);
        assert_input_error(&o, name, "empty");
    }
}

#[test]
fn non_utf8_and_binary_files() {
    let dir = temp_dir("binary");
    let a = dir.join("a.txt");
    fs::write(&a, "Some text here.").unwrap();
    let latin1 = dir.join("latin1.txt");
    fs::write(&latin1, b"caf\xe9 au lait").unwrap();
    let o = refract(&["align", a.to_str().unwrap(), latin1.to_str().unwrap()]);
    assert_input_error(&o, "latin1.txt", "utf-8");
    assert!(stderr(&o).contains('3'), "names the byte offset: {}", stderr(&o));
    let bin = dir.join("blob.bin");
    fs::write(&bin, b"PK\x03\x04\x00\x00binary").unwrap();
    let o = refract(&["align", a.to_str().unwrap(), bin.to_str().unwrap()]);
    assert_input_error(&o, "blob.bin", "binary");
}

#[test]
fn a_single_document_is_an_error_that_says_two_are_needed() {
    let dir = temp_dir("single");
    let a = dir.join("only.txt");
    fs::write(&a, "Some text here.").unwrap();
    let o = refract(&["align", a.to_str().unwrap()]);
    assert_input_error(&o, "only.txt", "two");
}

#[test]
fn a_directory_is_not_a_document() {
    let dir = temp_dir("dir");
    let a = dir.join("a.txt");
    fs::write(&a, "Some text here.").unwrap();
    let o = refract(&["align", a.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_input_error(&o, dir.file_name().unwrap().to_str().unwrap(), "directory");
}

#[test]
fn primary_pattern_matching_nothing() {
    let o = refract(&["align", "--primary", "zz*"]);
    assert_input_error(&o, "zz*", "matches no document");
}

#[test]
fn primary_glob_selects_documents() {
    let dir = temp_dir("primary");
    let p = dir.join("p1.txt");
    let n = dir.join("n.txt");
    fs::write(&p, "Minister Anna Petrova said: We will never accept the new tariffs on grain.\n")
        .unwrap();
    fs::write(&n, "Petrova said the country would never accept the new grain tariffs.\n").unwrap();
    let o = refract(&[
        "align",
        "--format",
        "json",
        "--primary",
        "p*",
        n.to_str().unwrap(),
        p.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let al = v["alignments"].as_array().unwrap();
    assert_eq!(al.len(), 1, "{v:#}");
    assert_eq!(al[0]["source"]["doc"], "p1");
}

#[test]
fn output_file_is_written_whole_and_never_an_input() {
    let dir = temp_dir("output");
    let out = dir.join("report.json");
    let o = refract(&["align", "--format", "json", "-o", out.to_str().unwrap()]);
    assert!(o.status.success() && o.stdout.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], "refract.report/v1");
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);

    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    fs::write(&a, "We will never accept the tariffs.").unwrap();
    fs::write(&b, "He said they will never accept the tariffs.").unwrap();
    let o =
        refract(&["align", a.to_str().unwrap(), b.to_str().unwrap(), "-o", a.to_str().unwrap()]);
    assert_input_error(&o, "a.txt", "overwrite");
    assert_eq!(fs::read_to_string(&a).unwrap(), "We will never accept the tariffs.");
}

#[test]
fn eval_scores_a_report_against_gold() {
    let dir = temp_dir("eval");
    let out = dir.join("r.json");
    assert!(refract(&["align", "--format", "json", "-o", out.to_str().unwrap()]).status.success());
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dev-gold/links.jsonl");
    let o = refract(&["eval", "--gold", gold, out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("required links found: 14/14"), "{text}");
    assert!(text.contains("precision"));
}

#[test]
fn unknown_flags_are_usage_errors() {
    let o = refract(&["align", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--no-such-flag"));
}
