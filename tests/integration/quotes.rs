//! Quote fidelity: verdicts on the bundled corpus (dev gold, snapshots) and
//! the `quotes` and `check` commands.

use std::fs;

use refract::report::{json, Text};
use refract::{Analysis, Config};
use refract::{QuoteCheck, Verdict};

use crate::util::{self, refract, temp_dir};

fn bundled() -> (refract::Corpus, Analysis) {
    let corpus = refract::bundled();
    let analysis = refract::run(&corpus, &Config::default()).expect("bundled corpus runs");
    (corpus, analysis)
}

/// The quoted words of a check.
fn quoted<'a>(c: &'a refract::Corpus, a: &Analysis, q: &QuoteCheck) -> &'a str {
    c.documents[q.doc].slice(a.prepared[q.doc].quotes[q.quote].span)
}

/// The checks of document `id`.
fn of<'a>(c: &refract::Corpus, a: &'a Analysis, id: &str) -> Vec<&'a QuoteCheck> {
    let d = c.find(id).expect("bundled id");
    a.quotes.iter().filter(|q| q.doc == d).collect()
}

#[test]
fn dev_gold_verdicts() {
    let (c, a) = bundled();
    let gold = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev-gold/quotes.jsonl"),
    )
    .expect("gold quotes");
    let mut seen = 0;
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: serde_json::Value = serde_json::from_str(line).unwrap();
        let (doc, words, verdict) = (
            g["doc"].as_str().unwrap(),
            g["text"].as_str().unwrap(),
            g["verdict"].as_str().unwrap(),
        );
        // The gold text is a quotation, or one sentence of a longer one: a
        // piece as checked (pieces leave out the final punctuation).
        let piece = of(&c, &a, doc)
            .into_iter()
            .flat_map(|q| q.pieces.iter().map(move |p| (q, p)))
            .find(|(q, p)| c.documents[q.doc].slice(p.target) == words.trim_end_matches('.'))
            .map(|(_, p)| p)
            .unwrap_or_else(|| panic!("no quoted sentence {words:?}"));
        match verdict {
            "unsourced" => assert_eq!(piece.verdict, Verdict::Unsourced, "{words}"),
            "not verbatim" => assert_ne!(piece.verdict, Verdict::Verbatim, "{words}"),
            other => panic!("unknown gold verdict {other}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 2);
}

#[test]
fn lavrovs_quotations_in_the_wire_report_all_have_a_source() {
    // The wire report quotes the transcript in its own translation: every
    // quotation is a variant of a real sentence, never unsourced.
    let (c, a) = bundled();
    let wire = of(&c, &a, "wire");
    assert!(wire.len() >= 10);
    for q in wire {
        assert_ne!(q.verdict, Verdict::Unsourced, "{}", quoted(&c, &a, q));
        let s = q.source.expect("a source");
        assert_eq!(c.documents[s.doc].id, "mfa", "{}", quoted(&c, &a, q));
    }
}

/// (source words, quoted words) of every change of every piece.
fn changes(c: &refract::Corpus, q: &QuoteCheck) -> Vec<(String, String)> {
    let words = |t: &str, spans: &[refract::Span]| {
        spans.iter().map(|s| s.text(t)).collect::<Vec<_>>().join(" ")
    };
    let mut out = Vec::new();
    for p in &q.pieces {
        let src = p.source.map_or("", |s| c.documents[s.doc].text.as_str());
        for ch in &p.changes {
            out.push((words(src, &ch.source), words(&c.documents[q.doc].text, &ch.target)));
        }
    }
    out
}

#[test]
fn translation_variants_mark_the_changed_words() {
    let (c, a) = bundled();
    let find = |id: &str, start: &str| {
        of(&c, &a, id)
            .into_iter()
            .find(|q| quoted(&c, &a, q).starts_with(start))
            .unwrap_or_else(|| panic!("{id}: {start}"))
    };
    let changed = |q: &QuoteCheck| changes(&c, q);
    let q = find("wire", "full support for all objectives");
    assert_eq!(q.verdict, Verdict::Altered);
    assert_eq!(changed(q), vec![("clear".to_string(), "full".to_string())]);
    let q = find("news", "The technologies used by North Korea");
    assert_eq!(q.verdict, Verdict::Altered);
    assert!(changed(q).contains(&("actions".to_string(), "aspirations".to_string())));
    let q = find("news", "unconditional");
    assert_eq!(q.verdict, Verdict::Altered);
    assert_eq!(changed(q), vec![("clear".to_string(), "unconditional".to_string())]);
    let q = find("wire", "respects");
    assert_eq!(q.verdict, Verdict::Close);
    let q = find("wire", "They certainly will take place.");
    assert_eq!(q.pieces[0].verdict, Verdict::Close);
    assert!(c.documents[0]
        .slice(q.pieces[1].source.unwrap().span)
        .starts_with("The time and venue"));
    let q = find("joongang", "The Russian side resolutely opposed");
    assert_eq!(q.verdict, Verdict::Verbatim);
    assert_eq!(c.documents[q.source.unwrap().doc].id, "kcna");
}

#[test]
fn json_quotes_are_exact_bytes() {
    let (c, a) = bundled();
    let report = json::build(&c, &a);
    assert_eq!(report.quotes.len(), a.quotes.len());
    let text_of = |id: &str| &c.documents[c.find(id).unwrap()].text;
    for q in &report.quotes {
        assert_eq!(&text_of(&q.doc)[q.start..q.end], q.text);
        if let Some(s) = &q.source {
            assert_eq!(&text_of(&s.doc)[s.start..s.end], s.text);
        }
        assert_eq!(q.source.is_none(), q.verdict == Verdict::Unsourced, "{}", q.text);
        for p in &q.pieces {
            assert_eq!(&text_of(&q.doc)[p.start..p.end], p.text);
            assert!(q.start <= p.start && p.end <= q.end);
        }
        let worst = q.pieces.iter().map(|p| p.verdict).max().unwrap();
        assert_eq!(q.verdict, worst);
    }
}

#[test]
fn snapshot_quotes_text() {
    let (c, a) = bundled();
    let listing = util::rendered(&Text::quotations(&|_| true), &c, &a);
    util::with_snapshots(|| insta::assert_snapshot!("bundled_quotes_text", listing));
}

#[test]
fn snapshot_quotes_json() {
    let (c, a) = bundled();
    let report = json::build_quotes(&c, &a, &|_| true);
    assert!(report.alignments.is_empty());
    let quotes = serde_json::to_string_pretty(&report.quotes).unwrap();
    util::with_snapshots(|| insta::assert_snapshot!("bundled_quotes_json", quotes));
}

#[test]
fn quotes_command_lists_the_bundled_corpus() {
    let o = refract(&["quotes"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("quotations: "), "{out}");
    assert!(out.contains("unsourced"));
    let one = refract(&["quotes", "--format", "json", "--threads", "1"]);
    let many = refract(&["quotes", "--format", "json", "--threads", "4"]);
    assert!(one.status.success() && many.status.success());
    assert_eq!(one.stdout, many.stdout, "output does not depend on threads");
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(v["schema"], "refract.report/v1");
    let q = &v["quotes"][0];
    for key in ["doc", "start", "end", "text", "kind", "verdict", "edits", "changes"] {
        assert!(!q[key].is_null(), "{key}");
    }
}

// ---------------------------------------------------------------------------
// refract check
// ---------------------------------------------------------------------------

const TRANSCRIPT: &str = "Question: What happens next with the grain tariffs?\n\
    Minister Anna Petrova: We will never accept the new tariffs on grain. Our farmers deserve \
    better protection from foreign competition. Talks with the delegation will resume in Geneva \
    next month.\n";

/// Writes the transcript and a draft into a fresh directory.
fn files(test: &str, draft: &str) -> (std::path::PathBuf, String, String) {
    let dir = temp_dir(test);
    let t = dir.join("transcript.txt");
    let d = dir.join("draft.txt");
    fs::write(&t, TRANSCRIPT).unwrap();
    fs::write(&d, draft).unwrap();
    (dir, d.to_string_lossy().into_owned(), t.to_string_lossy().into_owned())
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_fails_on_a_misquote_and_shows_the_diff() {
    let (_dir, draft, source) = files(
        "check-misquote",
        "Petrova was firm. “We will never tolerate the new tariffs on grain,” Petrova said. \
         She added: “Our farmers deserve better protection from foreign competition.”\n",
    );
    let o = refract(&["check", &draft, "--against", &source]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("altered"), "{out}");
    assert!(out.contains("[-accept-]{+tolerate+}"), "shows the diff: {out}");
    assert!(out.contains("“accept” → “tolerate”"), "lists the change: {out}");
    assert!(!out.contains("Our farmers"), "faithful quotations are not listed: {out}");
    assert!(out.trim_end().ends_with("(1 verbatim, 0 close, 1 altered, 0 unsourced)"), "{out}");
}

#[test]
fn check_fails_on_an_unsourced_quotation() {
    let (_dir, draft, source) = files(
        "check-unsourced",
        "Petrova made a promise. “Our country will build ten new ports by 2030,” Petrova said.\n",
    );
    let o = refract(&["check", &draft, "--against", &source, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(v["quotes"][0]["verdict"], "unsourced");
    assert!(v["quotes"][0]["source"].is_null());
}

#[test]
fn check_passes_a_faithful_draft() {
    let (_dir, draft, source) = files(
        "check-faithful",
        "Petrova was firm. “We will never accept new tariffs on the grain,” Petrova said. \
         She added: “Our farmers deserve better protection from foreign competition.”\n",
    );
    let o = refract(&["check", &draft, "--against", &source]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("all 2 quotations"), "{out}");
}

#[test]
fn check_notes_a_draft_without_quotations() {
    let (_dir, draft, source) = files("check-none", "Petrova spoke about grain on Monday.\n");
    let o = refract(&["check", &draft, "--against", &source]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("no quotations"), "{}", stdout(&o));
}

#[test]
fn check_a_transcript_against_itself() {
    let (_dir, _draft, source) = files("check-self", "unused\n");
    let o = refract(&["check", &source, "--against", &source]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn check_input_errors_exit_2_naming_the_file() {
    let (dir, draft, source) = files("check-missing", "“Hello,” she said.\n");
    let missing = dir.join("nope.txt").to_string_lossy().into_owned();
    for args in [
        vec!["check", missing.as_str(), "--against", source.as_str()],
        vec!["check", draft.as_str(), "--against", missing.as_str()],
    ] {
        let o = refract(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(o.stdout.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("nope.txt") && err.contains("no such file"), "{err}");
    }
    let o = refract(&["check", &draft]);
    assert_eq!(o.status.code(), Some(2), "--against is required");
}
