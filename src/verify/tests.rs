use super::*;
use crate::config::Config;
use crate::model::Analysis;
use crate::model::{Category, Corpus, Document, EditOp, Role};
use crate::pipeline;

const TRANSCRIPT: &str = "Question: What will the ministry do about fertiliser imports?\n\
    Minister Anna Petrova: We will never accept the new tariffs on grain. \
    Our farmers deserve better protection from foreign competition. \
    The harvest this year was the largest in a decade, and exports to neighbouring \
    countries doubled. Talks with the delegation will resume in Geneva next month.\n";

/// Runs the pipeline on the transcript and one article per text.
fn run(articles: &[&str]) -> (Corpus, Analysis) {
    run_with(TRANSCRIPT, articles)
}

fn run_with(transcript: &str, articles: &[&str]) -> (Corpus, Analysis) {
    let mut documents = vec![Document::new("transcript", transcript).with_role(Role::Primary)];
    for (i, a) in articles.iter().enumerate() {
        documents.push(Document::new(format!("a{i}"), *a));
    }
    let corpus = Corpus { documents };
    let analysis = pipeline::run(&corpus, &Config::default()).expect("runs");
    (corpus, analysis)
}

/// The check of the quotation of article `i` whose text is `quoted`.
fn check<'a>(c: &Corpus, a: &'a Analysis, i: usize, quoted: &str) -> &'a QuoteCheck {
    a.quotes
        .iter()
        .find(|q| {
            q.doc == i + 1
                && c.documents[q.doc].slice(a.prepared[q.doc].quotes[q.quote].span) == quoted
        })
        .unwrap_or_else(|| panic!("no quotation {quoted:?} in article {i}"))
}

/// The set of a document's words and names is the set made by keying
/// every token of its text proper again: with alias phrases (one
/// crossing into the next sentence), attributions (terms marked as
/// function words), page chrome and a speaker label.
#[test]
fn present_keys_are_those_of_every_token_keyed_again() {
    use crate::normalize::Aliases;
    let norm = Normalizer::new(Aliases::parse(
        "dprk = north korea = democratic people's republic of korea\nkim jong un = kim",
    ));
    let texts = [
        "Share this article\nSubscribe to our newsletter\n\nMinister Anna Petrova: We \
         met Kim Jong Un. “North Korea is ready,” she said, according to reporters. Then \
         the Democratic People's Republic of Korea. North\nKorea was there.\n\n\
         Read more: other stories\n",
        TRANSCRIPT,
        "",
    ];
    for (n, text) in texts.iter().enumerate() {
        let mut doc = Document::new("d", *text);
        // The first line is page chrome.
        doc.excluded = text.find('\n').map(|e| Span::new(0, e)).into_iter().collect();
        let (p, _) = crate::prepare::prepare(n, &doc, &norm);
        let names = vec![vec![crate::normalize::key_of("petrova")]];
        let mut naive: Vec<Key> = names.iter().flatten().copied().collect();
        for (si, s) in p.seg.sentences.iter().enumerate().filter(|(_, s)| !s.excluded) {
            let (a, b) = p.sentence_terms[si];
            naive.extend(p.terms[a..b].iter().filter(|t| !t.stop).map(|t| t.key));
            naive.extend(
                p.seg.tokens[s.token_range()].iter().map(|t| norm.key(t.span().text(text))),
            );
        }
        naive.sort_unstable();
        naive.dedup();
        assert_eq!(present_keys(&norm, &doc, &p, &names), naive, "{text:?}");
        if n == 0 {
            assert!(p.terms.iter().filter(|t| t.alias).count() >= 3, "aliases found");
            assert!(p.seg.sentences.iter().any(|s| s.excluded), "chrome excluded");
        }
    }
}

fn source<'a>(c: &'a Corpus, q: &QuoteCheck) -> &'a str {
    let s = q.source.expect("a source");
    c.documents[s.doc].slice(s.span)
}

/// (op, source words, quoted words) of every change of every piece.
fn changes(c: &Corpus, q: &QuoteCheck) -> Vec<(Category, String, String)> {
    let words = |doc: usize, spans: &[Span]| {
        spans.iter().map(|s| c.documents[doc].slice(*s)).collect::<Vec<_>>().join(" ")
    };
    q.pieces
        .iter()
        .flat_map(|p| {
            let sd = p.source.map_or(0, |s| s.doc);
            p.changes.iter().map(move |ch| (ch.category, sd, ch.clone()))
        })
        .map(|(op, sd, ch)| (op, words(sd, &ch.source), words(q.doc, &ch.target)))
        .collect()
}

#[test]
fn verbatim_modulo_marks_case_and_spelling() {
    let (c, a) =
        run(&["Petrova was upbeat. “the Harvest this year was the largest in a decade, and \
         exports to neighboring countries doubled,” Petrova said.\n"]);
    let q = check(
        &c,
        &a,
        0,
        "the Harvest this year was the largest in a decade, and exports to neighboring \
         countries doubled",
    );
    assert_eq!(q.verdict, Verdict::Verbatim);
    assert_eq!(
        source(&c, q),
        "The harvest this year was the largest in a decade, and exports to neighbouring \
         countries doubled"
    );
    // The typed diff still shows the spelling.
    assert!(q.pieces[0]
        .edits
        .iter()
        .all(|e| e.op == EditOp::Equal || e.category == Some(crate::model::Category::Spelling)));
    assert!(q.pieces[0].changes.is_empty());
}

#[test]
fn ellipses_and_bracketed_words_are_the_writers() {
    let (c, a) =
        run(&["Petrova was firm. “We will never accept … tariffs on grain,” Petrova said. \
         She added: “Our [country's] farmers deserve better protection from foreign \
         competition.”\n"]);
    let q = check(&c, &a, 0, "We will never accept … tariffs on grain");
    assert_eq!(q.verdict, Verdict::Verbatim);
    assert_eq!(source(&c, q), "We will never accept the new tariffs on grain");
    let q = check(
        &c,
        &a,
        0,
        "Our [country's] farmers deserve better protection from foreign competition.",
    );
    assert_eq!(q.verdict, Verdict::Verbatim);
}

#[test]
fn function_words_and_order_are_close() {
    let (c, a) = run(&[
        "Petrova was firm. “We will never accept new tariffs on the grain,” Petrova said.\n",
        "Petrova was calm. “Talks with the delegation will resume next month in Geneva,” \
         Petrova said.\n",
    ]);
    let q = check(&c, &a, 0, "We will never accept new tariffs on the grain");
    assert_eq!(q.verdict, Verdict::Close);
    assert_eq!(source(&c, q), "We will never accept the new tariffs on grain");
    assert!(changes(&c, q).is_empty());
    let q = check(&c, &a, 1, "Talks with the delegation will resume next month in Geneva");
    assert_eq!(q.verdict, Verdict::Close, "{:?}", changes(&c, q));
}

#[test]
fn a_swapped_content_word_is_altered_and_listed() {
    let (c, a) = run(&[
        "Petrova was firm. “We will never tolerate the new tariffs on grain,” Petrova said.\n",
    ]);
    let q = check(&c, &a, 0, "We will never tolerate the new tariffs on grain");
    assert_eq!(q.verdict, Verdict::Altered);
    assert_eq!(source(&c, q), "We will never accept the new tariffs on grain");
    assert_eq!(
        changes(&c, q),
        vec![(Category::Substitution, "accept".to_string(), "tolerate".to_string())]
    );
}

#[test]
fn words_found_nowhere_are_unsourced() {
    let (c, a) =
        run(&["Petrova made a promise. “Our country will build ten new ports by 2030,” Petrova \
         said.\n"]);
    let q = check(&c, &a, 0, "Our country will build ten new ports by 2030");
    assert_eq!(q.verdict, Verdict::Unsourced);
    assert_eq!(q.source, None);
    assert!(q.pieces[0].edits.is_empty());
}

#[test]
fn scare_quotes_are_checked_word_for_word() {
    let (c, a) = run(&[
        "Petrova said farmers deserved “better protection” from foreign competitors.\n",
        "Petrova said that farmers “deserved” protection from foreign competition.\n",
        "Petrova vowed to “resist” the new grain tariffs.\n",
    ]);
    let q = check(&c, &a, 0, "better protection");
    assert_eq!(q.verdict, Verdict::Verbatim);
    assert_eq!(source(&c, q), "better protection");
    let q = check(&c, &a, 1, "deserved");
    assert_eq!(q.verdict, Verdict::Close);
    assert_eq!(source(&c, q), "deserve");
    let q = check(&c, &a, 2, "resist");
    assert_eq!(q.verdict, Verdict::Altered);
    assert_eq!(source(&c, q), "We will never accept the new tariffs on grain.");
    assert!(changes(&c, q).iter().any(|ch| ch.2 == "resist"), "{:?}", changes(&c, q));
}

#[test]
fn a_multi_sentence_quotation_is_checked_piece_by_piece() {
    let (c, a) = run(&[
        "Petrova was firm. “We will never accept the new tariffs on grain. Our farmers \
         deserve better protection from foreign competition,” Petrova said.\n",
        "Petrova was firm. “Our farmers deserve better protection from foreign competition. \
         Talks with the delegation will resume in Vienna next month,” Petrova said.\n",
    ]);
    let q = check(
        &c,
        &a,
        0,
        "We will never accept the new tariffs on grain. Our farmers deserve better \
         protection from foreign competition",
    );
    assert_eq!(q.pieces.len(), 2);
    assert_eq!(q.verdict, Verdict::Verbatim);
    assert_eq!(
        source(&c, q),
        "We will never accept the new tariffs on grain. Our farmers deserve better \
         protection from foreign competition"
    );
    let q = check(
        &c,
        &a,
        1,
        "Our farmers deserve better protection from foreign competition. Talks with the \
         delegation will resume in Vienna next month",
    );
    let verdicts: Vec<Verdict> = q.pieces.iter().map(|p| p.verdict).collect();
    assert_eq!(verdicts, vec![Verdict::Verbatim, Verdict::Altered]);
    assert_eq!(q.verdict, Verdict::Altered);
    assert_eq!(
        changes(&c, q),
        vec![(Category::Substitution, "Geneva".to_string(), "Vienna".to_string())]
    );
}

#[test]
fn the_sentences_of_a_quotation_follow_each_other_in_the_source() {
    let transcript = "Anna Petrova: Prices rose sharply in the spring, and farmers demanded \
        new subsidies from the government. The farmers union will meet the government in \
        June. Our exports doubled. The new port in Odessa will open in May, and the \
        ministry will set the date together with the shipping companies.\n";
    let (c, a) = run_with(
        transcript,
        &[
            "Petrova was firm. “Prices rose sharply in the spring. Farmers demanded fresh \
             subsidies from the government,” Petrova said.\n",
            "Petrova spoke. “Our exports doubled. The ministry and the shipping firms will \
             agree on the date,” Petrova said.\n",
        ],
    );
    // The second sentence renders the rest of the first one's source
    // sentence, not the next sentence that shares two of its words.
    let q = check(
        &c,
        &a,
        0,
        "Prices rose sharply in the spring. Farmers demanded fresh subsidies from the \
         government",
    );
    let sources: Vec<&str> =
        q.pieces.iter().map(|p| c.documents[0].slice(p.source.unwrap().span)).collect();
    assert_eq!(
        sources,
        vec![
            "Prices rose sharply in the spring",
            "and farmers demanded new subsidies from the government"
        ]
    );
    assert_eq!(
        changes(&c, q),
        vec![(Category::Substitution, "new".to_string(), "fresh".to_string())]
    );
    // A loose rendering of the sentence after the previous one's source
    // is still that sentence's variant.
    let q = check(
        &c,
        &a,
        1,
        "Our exports doubled. The ministry and the shipping firms will agree on the date",
    );
    assert_eq!(q.verdict, Verdict::Altered);
    assert_eq!(
        c.documents[0].slice(q.pieces[1].source.unwrap().span),
        "and the ministry will set the date together with the shipping companies"
    );
    assert_eq!(
        changes(&c, q),
        vec![
            (Category::Addition, String::new(), "firms".to_string()),
            (Category::Substitution, "set".to_string(), "agree".to_string()),
            (Category::Omission, "together companies".to_string(), String::new()),
        ]
    );
}

#[test]
fn the_interviewer_is_not_the_speaker() {
    let (c, a) = run(&[
        "Petrova was asked about it. “What will the ministry do about fertiliser imports?” \
         Petrova said.\n",
        "A reporter asked: “What will the ministry do about fertiliser imports?”\n",
    ]);
    let q = check(&c, &a, 0, "What will the ministry do about fertiliser imports?");
    assert_eq!(q.verdict, Verdict::Unsourced);
    let q = check(&c, &a, 1, "What will the ministry do about fertiliser imports?");
    assert_eq!(q.verdict, Verdict::Verbatim);
}

#[test]
fn other_articles_are_searched_unless_fallback_is_off() {
    let articles = [
        "Petrova was upbeat. “Grain prices will fall sharply before winter,” Petrova said.\n",
        "Petrova spoke on Monday. Grain prices will fall sharply before winter, she said.\n",
    ];
    let (c, a) = run(&articles);
    let q = check(&c, &a, 0, "Grain prices will fall sharply before winter");
    assert_eq!(q.verdict, Verdict::Verbatim);
    assert_eq!(q.source.map(|s| s.doc), Some(2));
    let mut cfg = Config::default();
    cfg.verify.fallback = false;
    let analysis = pipeline::run(&c, &cfg).expect("runs");
    let q = check(&c, &analysis, 0, "Grain prices will fall sharply before winter");
    assert_eq!(q.verdict, Verdict::Unsourced);
}
