//! Alignment on the bundled corpus: quality on the development gold, the
//! cases the engine must handle, invariants, determinism and snapshots.

use std::collections::BTreeMap;

use refract::report::json::{self, Report};
use refract::tools::eval;
use refract::{Analysis, Config};

use crate::util;

fn analyse() -> (refract::Corpus, Analysis) {
    let corpus = refract::bundled();
    let analysis = refract::run(&corpus, &Config::default()).expect("bundled corpus aligns");
    (corpus, analysis)
}

fn report() -> Report {
    let (corpus, analysis) = analyse();
    json::build(&corpus, &analysis)
}

/// Alignments whose source text contains `s` and target text contains `t`.
fn find<'a>(
    r: &'a Report,
    sdoc: &str,
    s: &str,
    tdoc: &str,
    t: &str,
) -> Vec<&'a json::AlignmentOut> {
    r.alignments
        .iter()
        .filter(|a| a.source.doc == sdoc && a.target.doc == tdoc)
        .filter(|a| a.source.text.contains(s) && a.target.text.contains(t))
        .collect()
}

#[test]
fn dev_gold_every_required_link_found_with_precision_at_least_0_9() {
    let r = report();
    let corpus = refract::bundled();
    let texts: BTreeMap<String, String> =
        corpus.documents.iter().map(|d| (d.id.clone(), d.text.clone())).collect();
    let gold_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dev-gold/links.jsonl");
    let gold = eval::parse_gold(gold_path, &std::fs::read_to_string(gold_path).unwrap()).unwrap();
    let res = eval::evaluate(&gold, &r, &texts).unwrap();
    let missed: Vec<&str> = res.missed.iter().map(|&i| gold[i].target.text.as_str()).collect();
    assert!(missed.is_empty(), "missed required links: {missed:#?}");
    assert!(
        res.precision >= 0.9,
        "precision {:.3} ({} of {})",
        res.precision,
        res.correct,
        res.in_scope
    );
}

#[test]
fn loaded_term_swapped_in_a_quotation_is_a_word_edit() {
    // The transcript's "nationalist forces" became "Nazis" in the wire's quotation.
    let r = report();
    let hits = find(&r, "mfa", "Ukrainian nationalist forces", "wire", "Ukrainian Nazis");
    assert_eq!(hits.len(), 1, "one alignment carries the Kursk remark");
    let a = hits[0];
    assert_eq!(a.relation, refract::Relation::Quote);
    assert!(a
        .edits
        .iter()
        .any(|e| e.source.contains("nationalist forces") && e.target.contains("Nazis")));
}

#[test]
fn a_sentence_merging_two_remarks_aligns_with_both_on_different_parts() {
    // The wire's "It was precisely because ... despite military buildup ..."
    // carries two transcript sentences; each gets the part that carries it.
    let r = report();
    let first =
        find(&r, "mfa", "no serious actor contemplates", "wire", "no one even contemplates");
    let second = find(&r, "mfa", "ongoing military buildup", "wire", "despite military buildup");
    assert_eq!((first.len(), second.len()), (1, 1));
    let (a, b) = (first[0], second[0]);
    assert!(a.target.end <= b.target.start, "disjoint target parts: {a:?} / {b:?}");
    assert!(!a.target.text.contains("buildup"));
}

#[test]
fn a_quote_inside_a_paraphrasing_sentence_gets_its_own_alignment() {
    // news: `Pointedly, Lavrov expressed ... nuclear weapons: "The technologies ...`
    let r = report();
    let para = find(&r, "mfa", "We respect the DPRK", "news", "understanding of North Korea");
    let quote = find(&r, "mfa", "The technologies applied", "news", "The technologies used");
    assert!(!para.is_empty() && !quote.is_empty());
    assert!(quote.iter().all(|q| !q.target.text.contains("understanding")));
}

#[test]
fn articles_quoting_each_other_are_aligned_with_the_quoted_one_as_source() {
    let r = report();
    let hits =
        find(&r, "kcna", "The Russian side resolutely opposed", "joongang", "resolutely opposed");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].relation, refract::Relation::Quote);
    assert!(hits[0].score > 0.9);
}

#[test]
fn a_remark_whose_names_and_verb_sit_in_different_clauses_is_aligned() {
    // wire: "On a potential meeting between Russian President Vladimir Putin and
    // North Korean leader Kim Jong Un, Lavrov confirmed the two leaders remain in
    // contact via various channels, including phone calls." The names fill the
    // first clause, "remain in contact" (the transcript's "maintain regular
    // contact") the second; the outlet's "phone calls" is an addition.
    let r = report();
    let hits = find(&r, "mfa", "maintain regular contact", "wire", "remain in contact");
    assert_eq!(hits.len(), 1, "{:#?}", find(&r, "mfa", "", "wire", "remain in contact"));
    let a = hits[0];
    assert_eq!(a.relation, refract::Relation::Paraphrase);
    assert!(a.target.text.contains("Vladimir Putin"), "{}", a.target.text);
    assert!(
        a.edits
            .iter()
            .any(|e| e.target.contains("phone calls")
                && e.category == Some(refract::Category::Addition)),
        "{:#?}",
        a.edits
    );
}

#[test]
fn a_statement_of_the_party_whose_position_the_speaker_reports_is_aligned() {
    // Transcript: "Our Korean friends reaffirmed their clear support for all the
    // objectives of the special military operation ..."; KCNA, the DPRK's own
    // version: "The DPRK side expressed full sympathy and support for all the
    // measures ... to remove the root cause of the Ukrainian conflict ...".
    // Neither names a speaker or a participant; both report the DPRK's position.
    let r = report();
    let hits = find(
        &r,
        "mfa",
        "objectives of the special military operation",
        "kcna",
        "remove the root cause of the Ukrainian conflict",
    );
    assert_eq!(hits.len(), 1);
    let a = hits[0];
    assert_eq!(a.relation, refract::Relation::Paraphrase);
    assert!(a.target.text.starts_with("The DPRK side expressed"), "{}", a.target.text);
    assert!(a.edits.iter().any(|e| e.source.contains("special military operation")
        && e.category == Some(refract::Category::Substitution)));
    assert!(a.edits.iter().any(|e| e.target.contains("root cause of the Ukrainian conflict")));
    // JoongAng quotes the KCNA sentence: it relays the statement's version.
    let relay = find(&r, "kcna", "The DPRK side expressed", "joongang", "full sympathy");
    assert_eq!(relay.len(), 1);
    assert_eq!(relay[0].relation, refract::Relation::Quote);
}

#[test]
fn page_chrome_and_headings_are_never_aligned() {
    let (corpus, analysis) = analyse();
    for a in &analysis.alignments {
        for p in [a.source, a.target] {
            let d = &corpus.documents[p.doc];
            assert!(!d.is_excluded(p.span), "excluded text aligned: {}", d.slice(p.span));
        }
    }
    let kcna = corpus.find("kcna").unwrap();
    let chrome_start = corpus.documents[kcna].text.find("More From KCNA").unwrap();
    assert!(analysis.alignments.iter().all(|a| {
        (a.source.doc != kcna || a.source.span.end <= chrome_start)
            && (a.target.doc != kcna || a.target.span.end <= chrome_start)
    }));
}

#[test]
fn every_span_is_on_char_boundaries_and_its_text_equals_the_bytes() {
    let r = report();
    for a in &r.alignments {
        for s in [&a.source, &a.target] {
            let text = util::bundled_text(&s.doc);
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert_eq!(&text[s.start..s.end], s.text);
        }
        assert!((0.0..=1.0).contains(&a.score));
        assert_ne!(a.source.doc, a.target.doc);
    }
}

#[test]
fn the_primary_is_always_the_source() {
    let r = report();
    assert!(r.alignments.iter().all(|a| a.target.doc != "mfa"));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = util::refract(&["align", "--format", "json", "--threads", "1"]);
    let two = util::refract(&["align", "--format", "json", "--threads", "3"]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
    assert!(!one.stdout.is_empty());
}

#[test]
fn without_the_lexicon_paraphrase_recall_drops() {
    // The lexicon is what links "thanked ... troops" to "gratitude ...
    // servicemen"; without it that required link is lost.
    let corpus = refract::bundled();
    let cfg = Config::default().use_lexicon(false);
    let analysis = refract::run(&corpus, &cfg).unwrap();
    let r = json::build(&corpus, &analysis);
    assert!(find(&r, "mfa", "sincere gratitude", "news", "thanked North Korea for the troops")
        .is_empty());
    assert!(!find(
        &report(),
        "mfa",
        "sincere gratitude",
        "news",
        "thanked North Korea for the troops"
    )
    .is_empty());
}

/// A lexicon table of 65,538 concepts (more than compiled sides number in
/// 16 bits): `first` and `last` are the first two and the last two, the
/// rest are pairs of made-up words.
fn wide_lexicon(first: [&str; 2], last: [&str; 2]) -> String {
    let word = |mut n: usize| {
        let mut w = String::from("qx");
        for _ in 0..4 {
            w.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
        }
        w
    };
    let mut t = format!("c0\t{}\nc1\t{}\n", first[0], first[1]);
    for i in 2..65_536 {
        t.push_str(&format!("c{i}\t{}j {}k\n", word(i), word(i)));
    }
    t.push_str(&format!("c65536\t{}\nc65537\t{}\n", last[0], last[1]));
    t
}

#[test]
fn a_lexicon_of_more_than_65536_concepts_relates_only_words_that_share_one() {
    // Concepts 65,536 and 65,537 get the compiled numbers of concepts 0 and 1
    // (numbers are 16 bits): "thank" and "gratitude" share a number here
    // without sharing a concept, and must not be related for it. The link
    // below needs both relations ("thanked ... troops", "gratitude ...
    // servicemen"), as `without_the_lexicon_paraphrase_recall_drops` shows.
    let corpus = refract::bundled();
    let link = |table: String| {
        let cfg = Config::default().use_lexicon(false).lexicon(table);
        let r = json::build(&corpus, &refract::run(&corpus, &cfg).unwrap());
        !find(&r, "mfa", "sincere gratitude", "news", "thanked North Korea for the troops")
            .is_empty()
    };
    let apart =
        wide_lexicon(["thank qxapart", "troops qxapartb"], ["gratitude qxc", "servicemen qxd"]);
    assert!(!link(apart), "a folded number related words of different concepts");
    let together = wide_lexicon(["qxe qxf", "qxg qxh"], ["thank gratitude", "troops servicemen"]);
    assert!(link(together), "a folded number lost a relation");
}

#[test]
fn snapshot_json_report() {
    let r = report();
    util::with_snapshots(|| insta::assert_snapshot!("bundled_align_json", json::to_string(&r)));
}

#[test]
fn snapshot_text_report() {
    let (corpus, analysis) = analyse();
    let text = util::rendered(&refract::report::Text::alignments(), &corpus, &analysis);
    util::with_snapshots(|| insta::assert_snapshot!("bundled_align_text", text));
}

#[test]
fn framing_report_surfaces_the_loaded_terms_and_changes() {
    let (corpus, analysis) = analyse();
    let cov = refract::Coverage::build(&corpus, &analysis);
    let r = json::build_with_coverage(&corpus, &analysis, &cov);
    let edit = |tdoc: &str, from: &str, to: &str, cat: &str| {
        r.alignments.iter().filter(|a| a.target.doc == tdoc).flat_map(|a| &a.edits).any(|e| {
            e.source.contains(from)
                && e.target.contains(to)
                && e.category.map(|c| c.as_str()) == Some(cat)
        })
    };
    assert!(edit("wire", "nationalist forces", "Nazis", "loaded-term"));
    assert!(edit("wire", "", "war", "loaded-term"), "Ukraine crisis -> war in Ukraine");
    assert!(edit("news", "actions", "aspirations", "substitution"));
    assert!(edit("wire", "", "and engineers", "addition"));
    assert!(edit("wire", "", "including phone calls", "addition"));
    assert!(edit("wire", "clear", "full", "intensity"));
    let outlets = r.outlets.as_ref().unwrap();
    let wire = outlets.iter().find(|o| o.doc == "wire").unwrap();
    assert!(wire.remarks_carried >= 15, "{}", wire.remarks_carried);
    assert!(wire.edits.contains_key("loaded-term"));
    let cov_out = r.coverage.as_ref().unwrap();
    assert_eq!(cov_out.remarks.len(), cov.remarks.len());
    assert!(!cov_out.uncarried.is_empty());
}

#[test]
fn snapshot_markdown_report() {
    let (corpus, analysis) = analyse();
    let md = util::rendered(&refract::report::Markdown, &corpus, &analysis);
    util::with_snapshots(|| insta::assert_snapshot!("bundled_report_md", md));
}

#[test]
fn snapshot_report_json() {
    let (corpus, analysis) = analyse();
    let cov = refract::Coverage::build(&corpus, &analysis);
    let r = json::build_with_coverage(&corpus, &analysis, &cov);
    util::with_snapshots(|| insta::assert_snapshot!("bundled_report_json", json::to_string(&r)));
}

/// With several transcripts, a sentence attributed to one speaker is judged
/// as attributed only against that speaker's transcript: against another
/// speaker's transcript of the same words it is an unattributed paraphrase
/// (0.381 here: above the attributed threshold, below the others).
#[test]
fn attribution_counts_only_for_the_named_speakers_transcript() {
    let jsonl = concat!(
        r#"{"id":"petrov","role":"primary","speaker":"Ivan Petrov","text":"Remarks by Ivan Petrov\nWe agreed with our partners to deepen cooperation in energy, transport and agriculture over the coming decade. The talks were useful."}"#,
        "\n",
        r#"{"id":"lopez","role":"primary","speaker":"Maria Lopez","text":"Remarks by Maria Lopez\nWe agreed with our partners to deepen cooperation in energy, transport and agriculture over the coming decade. The visit was short."}"#,
        "\n",
        r#"{"id":"article","role":"news","text":"Petrov told reporters that the sides would deepen energy cooperation and build new transport links.\n"}"#,
        "\n",
    );
    let corpus =
        refract::bench::load_jsonl_bytes("speakers.jsonl", jsonl.as_bytes(), &Default::default())
            .unwrap();
    let analysis = refract::run(&corpus, &Config::default()).unwrap();
    let sources: Vec<&str> = analysis
        .alignments
        .iter()
        .filter(|a| corpus.documents[a.target.doc].id == "article")
        .map(|a| corpus.documents[a.source.doc].id.as_str())
        .collect();
    assert_eq!(sources, vec!["petrov"]);
}
