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

/// A report written to a named pipe goes through the pipe, which stays a
/// pipe (renaming a finished file over it, as for a regular file, replaced
/// it: `-o /dev/null` once replaced the device); through a symbolic link, it
/// replaces the file the link points to, and the link stays.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_or_through_a_link_keeps_them() {
    use std::os::unix::fs::FileTypeExt;
    let dir = temp_dir("output-special");
    let real = dir.join("real.json");
    fs::write(&real, "old").unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = refract(&["align", "--format", "json", "-o", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&real).unwrap()).unwrap();
    assert_eq!(v["schema"], "refract.report/v1");

    let fifo = dir.join("feed.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: the link half ran
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(&fifo).unwrap())
    };
    let o = refract(&["align", "--format", "json", "-o", fifo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&got).unwrap();
    assert_eq!(v["schema"], "refract.report/v1");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
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
fn eval_scores_a_report_against_line_truth() {
    let dir = temp_dir("eval-truth");
    let write = |name: &str, text: &str| fs::write(dir.join(name), text).unwrap();
    write(
        "p1.txt",
        "We will never accept the new tariffs on grain.\nTalks resume in Geneva in May.\n",
    );
    write(
        "s1.txt",
        "Markets rose on Monday.\nThe new grain tariffs will never be accepted by us.\n",
    );
    write(
        "truth.tsv",
        "s1\tThe new grain tariffs will never be accepted by us.\tp1\tWe will never accept the new tariffs on grain.\n",
    );
    let out = dir.join("r.json");
    let (p1, s1) = (dir.join("p1.txt"), dir.join("s1.txt"));
    let args = ["align", "--primary", "p1", "--format", "json", "-o", out.to_str().unwrap()];
    let o = refract(&[&args[..], &[p1.to_str().unwrap(), s1.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let truth = dir.join("truth.tsv");
    let o = refract(&["eval", "--truth", truth.to_str().unwrap(), out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("truth rows 1, found 1;"), "{text}");
    assert!(text.contains("recall 1.000"), "{text}");
    // One of --gold and --truth, not both, not neither.
    assert_eq!(refract(&["eval", out.to_str().unwrap()]).status.code(), Some(2));
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dev-gold/links.jsonl");
    let both = ["eval", "--gold", gold, "--truth", truth.to_str().unwrap(), out.to_str().unwrap()];
    assert_eq!(refract(&both).status.code(), Some(2));
}

#[test]
fn unknown_flags_are_usage_errors() {
    let o = refract(&["align", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--no-such-flag"));
}

/// The one line a successful run ends with on stderr (without `--quiet`):
/// `refract: D documents, A alignments, Q quotations in S.S s`, counts with
/// thousands separators. Returns the three counts.
fn summary_counts(err: &str) -> [usize; 3] {
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.ends_with(" s\n"), "{err:?}");
    let rest = err.strip_prefix("refract: ").unwrap_or_else(|| panic!("{err:?}"));
    let words: Vec<&str> = rest.split_whitespace().collect();
    assert_eq!(words.len(), 9, "{err:?}");
    assert_eq!(
        [words[1], words[3], words[5], words[6], words[8]],
        ["documents,", "alignments,", "quotations", "in", "s"],
        "{err:?}"
    );
    let seconds: f64 = words[7].parse().unwrap_or_else(|_| panic!("{err:?}"));
    assert!(seconds >= 0.0);
    let n = |w: &str| w.replace(',', "").parse::<usize>().unwrap_or_else(|_| panic!("{err:?}"));
    [n(words[0]), n(words[2]), n(words[4])]
}

/// The seconds a summary line reports.
fn seconds(summary: &str) -> f64 {
    let words: Vec<&str> = summary.split_whitespace().collect();
    words[words.len() - 2].parse().unwrap_or_else(|_| panic!("{summary:?}"))
}

/// A synthetic corpus large enough that a run takes more than the second
/// after which a progress bar would be drawn (about 4 s of CPU in a test
/// build), written once for the tests that share it.
fn slow_corpus() -> &'static std::path::Path {
    static CORPUS: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    CORPUS.get_or_init(write_slow_corpus)
}

fn write_slow_corpus() -> std::path::PathBuf {
    let dir = temp_dir("slow-corpus");
    let corpus = dir.join("corpus.jsonl");
    let truth = dir.join("truth.jsonl");
    let o = refract(&[
        "generate",
        "--quiet",
        "--articles",
        "300",
        "-o",
        corpus.to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty() && o.stdout.is_empty(), "generate --quiet: {}", stderr(&o));
    corpus
}

#[test]
fn a_run_ends_with_one_summary_line_counting_what_it_found() {
    let o = refract(&["align", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let len = |key: &str| v[key].as_array().unwrap().len();
    assert_eq!(summary_counts(&stderr(&o)), [len("documents"), len("alignments"), len("quotes")]);
    assert_eq!(summary_counts(&stderr(&o))[0], 5);

    // The same line after every command that runs the pipeline, and after
    // `check` whatever its verdict; never on stdout.
    let dir = temp_dir("summary");
    let out = dir.join("report.html");
    let o = refract(&["report", "--format", "html", "-o", out.to_str().unwrap()]);
    assert!(o.status.success() && o.stdout.is_empty(), "{}", stderr(&o));
    assert_eq!(summary_counts(&stderr(&o)), [5, len("alignments"), len("quotes")]);
    let o = refract(&["quotes", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary_counts(&stderr(&o))[2], q["quotes"].as_array().unwrap().len());
    let source = dir.join("t.txt");
    let draft = dir.join("draft.txt");
    fs::write(&source, "Minister Anna Petrova: We will never accept the new tariffs on grain.\n")
        .unwrap();
    fs::write(&draft, "Petrova said: “We will always accept the new tariffs on grain.”\n").unwrap();
    let o = refract(&["check", draft.to_str().unwrap(), "--against", source.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("documents,"));
    assert_eq!(summary_counts(&stderr(&o))[0], 2);
}

#[test]
fn quiet_prints_nothing_on_stderr_and_the_same_on_stdout() {
    let dir = temp_dir("quiet");
    let source = dir.join("t.txt");
    let draft = dir.join("draft.txt");
    fs::write(&source, "Minister Anna Petrova: We will never accept the new tariffs on grain.\n")
        .unwrap();
    fs::write(&draft, "Petrova said: “We will never accept the new tariffs on grain.”\n").unwrap();
    let (s, d) = (source.to_str().unwrap(), draft.to_str().unwrap());
    let runs: [&[&str]; 6] = [
        &[],
        &["align", "--format", "json"],
        &["quotes"],
        &["report", "--format", "md"],
        &["check", d, "--against", s],
        &["align", "--threads", "1", s, d],
    ];
    for args in runs {
        let loud = refract(args);
        assert!(loud.status.success(), "{args:?}: {}", stderr(&loud));
        assert!(!loud.stderr.is_empty(), "{args:?}: a summary without --quiet");
        for flag in ["--quiet", "-q"] {
            let mut quiet_args = args.to_vec();
            quiet_args.push(flag);
            let quiet = refract(&quiet_args);
            assert!(quiet.status.success(), "{quiet_args:?}: {}", stderr(&quiet));
            assert!(quiet.stderr.is_empty(), "{quiet_args:?} said {:?}", stderr(&quiet));
            assert_eq!(quiet.stdout, loud.stdout, "{quiet_args:?}: stdout changed");
        }
    }
    // Errors are still reported.
    let o = refract(&["align", "--quiet", "--primary", "zz*"]);
    assert_input_error(&o, "zz*", "matches no document");
}

/// Tests run with stderr piped, not a terminal: a run long enough for the
/// bar (over a second) still writes only its summary line, with no escape
/// code or carriage return.
#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = temp_dir("no-bar");
    let corpus = slow_corpus();
    let out = dir.join("report.json");
    let o = refract(&[
        "align",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
        corpus.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\x1b') && !err.contains('\r'), "{err:?}");
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    let len = |key: &str| v[key].as_array().unwrap().len();
    assert_eq!(summary_counts(&err), [len("documents"), len("alignments"), len("quotes")]);
    assert!(len("documents") > 300);
    if seconds(&err) < 1.5 {
        eprintln!("note: the run took {err:?}, too quick to have drawn a bar anyway");
    }
}

/// On a terminal (a pseudo-terminal made by `script`), a run of over a second
/// draws the bar on stderr, clears it, and ends with the summary line;
/// `--quiet` draws nothing. Skipped where `script` (util-linux) is missing.
#[test]
fn a_progress_bar_on_a_terminal_unless_quiet() {
    use std::process::Command;
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` command to make a terminal");
        return;
    }
    let dir = temp_dir("bar");
    let corpus = slow_corpus();
    let bin = env!("CARGO_BIN_EXE_refract");
    let on_a_terminal = |extra: &str, out: &std::path::Path| -> String {
        // stdout goes to a file: what `script` relays is stderr alone.
        let command = format!(
            "'{bin}' align {extra} --format json -o '{}' '{}'",
            out.display(),
            corpus.display()
        );
        let o = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env("TERM", "xterm")
            .output()
            .expect("script runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (shown, hidden) = (dir.join("shown.json"), dir.join("hidden.json"));
    let tty = on_a_terminal("", &shown);
    // The last thing written is the summary, on a line of its own.
    let last = tty.rsplit("\x1b[2K").next().unwrap().replace('\r', "");
    // Whether the bar was drawn depends on how long the run took: a run of
    // 1.5 s or more must have drawn it (it appears after 1 s), one under a
    // second must not, and a drawn bar is a stage counter, cleared.
    if tty.contains("\x1b[2K") {
        assert!(tty.contains("/6 "), "a stage counter: {tty:?}");
        assert!(seconds(&last) >= 0.9, "drawn before its delay: {tty:?}");
    } else {
        eprintln!("note: the run took {last:?}, too quick for the bar");
        assert!(seconds(&last) < 1.5, "no bar in a run of {last:?}");
        assert_eq!(tty.replace('\r', ""), last, "nothing but the summary");
    }
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&shown).unwrap()).unwrap();
    let len = |key: &str| v[key].as_array().unwrap().len();
    assert_eq!(summary_counts(&last), [len("documents"), len("alignments"), len("quotes")]);
    let quiet = on_a_terminal("--quiet", &hidden);
    assert!(quiet.is_empty(), "--quiet on a terminal said {quiet:?}");
    assert_eq!(fs::read(&shown).unwrap(), fs::read(&hidden).unwrap());
}
