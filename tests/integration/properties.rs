//! Property tests (proptest): invariants that hold for any input.
//!
//! Texts are generated from a mix of English words, names, punctuation,
//! quotation marks of every kind, line breaks (LF, CRLF, lone CR),
//! multi-byte letters (Korean, Cyrillic), emoji, zero-width joiners,
//! right-to-left marks and byte-order marks. Case counts are kept modest (64,
//! 16 for whole pipeline runs) so that CI stays fast; a failure prints the
//! minimal input, which belongs in a regression test.
//!
//! A document aligned with its own copy is covered sentence by sentence,
//! and the copy's quotations are verbatim.

use std::collections::BTreeSet;

use proptest::prelude::*;
use refract::bench::AlignConfig;
use refract::bench::Weights;
use refract::bench::{self as quote, self as segment};
use refract::report::json::{self, Report};
use refract::{Analysis, Config};
use refract::{BlockKind, Corpus, Document, Role};

use crate::invariants;

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "we",
    "will",
    "never",
    "accept",
    "tariffs",
    "on",
    "grain",
    "Lavrov",
    "Petrova",
    "talks",
    "Korea",
    "peninsula",
    "support",
    "he",
    "she",
    "they",
    "told",
    "reporters",
    "according",
    "to",
    "TASS",
    "Mr",
    "U.S",
    "No",
    "e.g",
    "J",
    "Question",
    "Answer",
    "a",
    "it",
    "friendship",
    "cooperation",
    "Kursk",
    "region",
    "People’s",
    "don't",
    "3.5",
    "2025",
    "20,000",
];

const PUNCT: &[&str] = &[
    ".", ",", ";", ":", "!", "?", "…", "?!", "...", "-", "–", "—", "(", ")", "[", "]", "/", "'",
    "’", ": ",
];

const MARKS: &[&str] = &["“", "”", "\"", "‘", "’", "«", "»", "„", "‹", "›", "「", "」"];

const BREAKS: &[&str] = &["\n", "\r\n", "\n\n", "\r", "\u{2028}", "\r\n\r\n"];

const OTHER: &[&str] = &[
    "한국어",
    "조선",
    "Сергей",
    "Лавров",
    "сказал",
    "😀",
    "👩‍👩‍👧",
    "🇰🇷",
    "\u{200D}",
    "\u{200C}",
    "\u{200B}",
    "\u{200F}",
    "\u{200E}",
    "\u{202E}",
    "\u{2066}",
    "\u{FEFF}",
    "\u{00AD}",
    "é",
    "e\u{301}",
    "\u{0627}\u{0644}\u{0633}\u{0644}\u{0627}\u{0645}",
    "。",
    "！",
    "\u{00A0}",
    "\t",
    "\u{3000}",
];

/// One piece of generated text: mostly words and spaces, with every kind of
/// trouble mixed in.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(|w| format!("{w} ")),
        2 => prop::sample::select(WORDS).prop_map(str::to_owned),
        2 => prop::sample::select(PUNCT).prop_map(str::to_owned),
        2 => prop::sample::select(MARKS).prop_map(str::to_owned),
        1 => prop::sample::select(BREAKS).prop_map(str::to_owned),
        1 => prop::sample::select(OTHER).prop_map(str::to_owned),
        1 => Just(" ".to_owned()),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A text of up to `max` pieces, possibly starting with a byte-order mark.
fn text(max: usize) -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(piece(), 0..max)).prop_map(|(bom, pieces)| {
        let mut s = if bom { "\u{FEFF}".to_owned() } else { String::new() };
        s.extend(pieces);
        s
    })
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() }
}

fn pipeline_config() -> ProptestConfig {
    ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() }
}

/// Runs the pipeline in a pool of `threads` threads.
fn run_with(corpus: &Corpus, threads: usize) -> Analysis {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    pool.install(|| refract::run(corpus, &Config::default())).expect("the pipeline runs")
}

/// A corpus of a primary and articles with distinct dates (so that which
/// article is the source of an article-to-article alignment does not depend
/// on input order).
fn corpus(texts: &[String]) -> Corpus {
    let documents = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut d = Document::new(format!("d{i}"), t.clone());
            if i == 0 {
                d = d.with_role(Role::Primary);
            }
            d.date = Some(format!("2025-07-{:02}", 10 + i));
            d
        })
        .collect();
    Corpus { documents }
}

/// Alignments as a set keyed by document ids and offsets (not indices, which
/// follow input order), with everything else the report says of them.
fn alignment_set(report: &Report) -> BTreeSet<String> {
    report.alignments.iter().map(|a| serde_json::to_string(a).expect("serialises")).collect()
}

/// The reports for `texts` in their order, and for the same documents
/// rotated by `rotate` with the first and last swapped.
fn both_orders(texts: &[String], rotate: usize) -> (Report, Report) {
    let corpus1 = corpus(texts);
    let one = json::build(&corpus1, &run_with(&corpus1, 1));
    let mut shuffled = corpus1.clone();
    let n = shuffled.documents.len();
    shuffled.documents.rotate_left(rotate % n);
    shuffled.documents.swap(0, n - 1);
    let other = json::build(&shuffled, &run_with(&shuffled, 1));
    (one, other)
}

fn warning_set(report: &Report) -> BTreeSet<String> {
    report.warnings.iter().map(|w| serde_json::to_string(w).expect("serialises")).collect()
}

proptest! {
    #![proptest_config(config())]

    /// Segmentation and quotation spans lie on character boundaries inside
    /// the text, in order, and keep every documented promise.
    #[test]
    fn segmentation_and_quotes_keep_their_promises(text in text(400)) {
        let doc = Document::new("d", text);
        let seg = segment::segment(&doc);
        invariants::check_segmentation(&doc, &seg);
        let scan = quote::extract(0, &doc, &seg);
        invariants::check_quotes(0, &doc, &scan);
    }

    /// Dense quotation marks: nesting, unbalanced marks, marks at paragraph
    /// ends.
    #[test]
    fn quotes_keep_their_promises_among_many_marks(
        pieces in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(MARKS).prop_map(str::to_owned),
                3 => prop::sample::select(WORDS).prop_map(|w| format!("{w} ")),
                1 => prop::sample::select(BREAKS).prop_map(str::to_owned),
                1 => prop::sample::select(PUNCT).prop_map(str::to_owned),
            ],
            0..300,
        )
    ) {
        let doc = Document::new("d", pieces.concat());
        let seg = segment::segment(&doc);
        invariants::check_segmentation(&doc, &seg);
        let scan = quote::extract(0, &doc, &seg);
        invariants::check_quotes(0, &doc, &scan);
    }
}

proptest! {
    #![proptest_config(pipeline_config())]

    /// The whole pipeline: alignments lie in their documents, the JSON
    /// report's `text` fields equal the bytes at their offsets, and the JSON
    /// parses back into the same `Report`.
    #[test]
    fn report_spans_are_the_bytes_they_name(texts in prop::collection::vec(text(300), 2..4)) {
        let corpus = corpus(&texts);
        let analysis = run_with(&corpus, 1);
        invariants::check_analysis(&corpus, &analysis);
        invariants::check_report(&corpus, &json::build(&corpus, &analysis));
    }

    /// The report does not depend on the number of threads; alignments with
    /// the primary do not depend on the order of the articles (compared as
    /// sets keyed by document ids and offsets).
    #[test]
    fn report_is_independent_of_threads_and_article_order(
        texts in prop::collection::vec(text(300), 3..5),
        rotate in 1usize..4,
    ) {
        let corpus1 = corpus(&texts);
        let one = json::build(&corpus1, &run_with(&corpus1, 1));
        let three = json::build(&corpus1, &run_with(&corpus1, 3));
        prop_assert_eq!(json::to_string(&one), json::to_string(&three));

        // The primary stays first: see `report_is_independent_of_input_order`.
        let mut shuffled = corpus1.clone();
        let n = shuffled.documents.len();
        shuffled.documents[1..].rotate_left(rotate % (n - 1));
        shuffled.documents.swap(1, n - 1);
        let other = json::build(&shuffled, &run_with(&shuffled, 2));
        let with_primary = |r: &Report| -> BTreeSet<String> {
            alignment_set(r).into_iter().filter(|a| a.starts_with("{\"source\":{\"doc\":\"d0\"")).collect()
        };
        prop_assert_eq!(with_primary(&one), with_primary(&other));
        prop_assert_eq!(warning_set(&one), warning_set(&other));
    }

    /// Any order of the inputs gives the same alignments.
    ///
    /// `align_pair` weighs its first sentence as the source
    /// (`AlignConfig::source_share`) and finds the second one's passage
    /// first, and candidates are proposed in input order: selection scores
    /// a pair again the right way round when its source comes second, so
    /// that `refract a.txt t.txt --primary t` and `refract t.txt a.txt
    /// --primary t` give the same report.
    #[test]
    fn report_is_independent_of_input_order(
        texts in prop::collection::vec(text(300), 3..5),
        rotate in 1usize..4,
    ) {
        let (one, other) = both_orders(&texts, rotate);
        prop_assert_eq!(alignment_set(&one), alignment_set(&other));
        prop_assert_eq!(warning_set(&one), warning_set(&other));
    }

    /// A document aligned with a copy of itself: every sentence that carries
    /// enough evidence to be aligned at all (see `AlignConfig`:
    /// `min_matched`, `min_matched_words`, `min_matched_weight`) is aligned
    /// with itself.
    #[test]
    fn a_copy_of_a_document_covers_every_alignable_sentence(
        sentences in prop::collection::vec(sentence(), 1..12),
        breaks in prop::collection::vec(prop::sample::select(&["\n", "\r\n", " ", "\n\n"][..]), 12),
    ) {
        let mut text = String::new();
        for (s, b) in sentences.iter().zip(breaks.iter().cycle()) {
            text.push_str(s);
            text.push_str(b);
        }
        let corpus = Corpus {
            documents: vec![
                Document::new("original", text.clone()).with_role(Role::Primary),
                Document::new("copy", text.clone()),
            ],
        };
        let analysis = run_with(&corpus, 1);
        invariants::check_analysis(&corpus, &analysis);
        let cfg = AlignConfig::default();
        let p = &analysis.prepared[0];
        let weights = Weights::from_corpus(&analysis.prepared, cfg.background_sentences);
        for (i, s) in p.seg.sentences.iter().enumerate() {
            if s.kind != BlockKind::Body || s.excluded {
                continue;
            }
            let (a, b) = p.sentence_terms[i];
            let mut content: Vec<_> = p.terms[a..b].iter().filter(|t| !t.stop).collect();
            content.sort_by_key(|t| t.key);
            content.dedup_by_key(|t| t.key);
            let words = content.iter().filter(|t| !t.alias).count();
            let weight: f32 = content.iter().map(|t| weights.weight(t)).sum();
            if content.len() < cfg.min_matched
                || words < cfg.min_matched_words
                || weight < cfg.min_matched_weight
            {
                continue;
            }
            // The copy's sentence has the same offsets; a quoted target
            // passage is narrowed to the quoted words.
            let covered = analysis.alignments.iter().any(|al| {
                al.source.doc == 0 && s.span.contains(al.source.span) && s.span.contains(al.target.span)
            });
            prop_assert!(
                covered,
                "sentence {:?} (weight {weight}) is not aligned with its copy; alignments: {:?}",
                s.span.text(&text),
                analysis.alignments.iter().map(|a| (a.source.span, a.target.span, a.score)).collect::<Vec<_>>()
            );
        }
    }

    /// The quotations of a copy of the primary are verbatim: the same words
    /// are in the source.
    #[test]
    fn the_quotations_of_a_copy_are_verbatim(
        sentences in prop::collection::vec(sentence(), 1..8),
    ) {
        let text = sentences.join(" ") + "\n";
        let corpus = Corpus {
            documents: vec![
                Document::new("original", text.clone()).with_role(Role::Primary),
                Document::new("copy", text.clone()),
            ],
        };
        let analysis = run_with(&corpus, 1);
        for q in analysis.quotes.iter().filter(|q| q.doc == 1) {
            let quote = &analysis.prepared[1].quotes[q.quote];
            let words = quote.span.text(&text).split_whitespace().count();
            if words >= 3 {
                prop_assert_eq!(
                    q.verdict,
                    refract::Verdict::Verbatim,
                    "quotation {:?}", quote.span.text(&text)
                );
            }
        }
    }
}

/// A plain sentence of 3–14 content words with a full stop, sometimes a
/// quotation or a reporting clause.
fn sentence() -> impl Strategy<Value = String> {
    const CONTENT: &[&str] = &[
        "minister",
        "accept",
        "tariffs",
        "grain",
        "talks",
        "peninsula",
        "support",
        "reporters",
        "friendship",
        "cooperation",
        "region",
        "troops",
        "sanctions",
        "harvest",
        "bridge",
        "festival",
        "railway",
        "tourism",
        "embassy",
        "delegation",
        "treaty",
        "security",
        "alliance",
        "exercises",
        "nuclear",
        "programme",
        "visit",
        "agreement",
        "partnership",
        "economy",
    ];
    (prop::collection::vec(prop::sample::select(CONTENT), 3..15), 0u8..4).prop_map(|(ws, form)| {
        let body = ws.join(" ");
        let mut s = body[..1].to_uppercase() + &body[1..];
        match form {
            0 => s.push('.'),
            1 => s = format!("“{s},” the minister said."),
            2 => s = format!("{s}, he said."),
            _ => s.push('!'),
        }
        s
    })
}

/// A case proptest found (input order changed an article-to-article
/// alignment), kept as a regression.
#[test]
fn input_order_regression_article_pairs() {
    let texts: Vec<String> = vec![
    "Lavrov !9Korea to 3.5 : \r\n\r\n\t!.›–\\friendship it People’s \u{e117f}rPetrova U.S  \u{200b}„we said region \u{feff}a\u{feff}\n\nminister minister \u{a7cad}?!]support2025Лавровtariffs People’s J People’s  said Qfriendshippeninsula ›.'“\"\r\nsupport ?!TASS <’told›the Jthe \u{202e} Lavrov told \u{a0} ?!’é\"e.g ‘talks TASSaccording it onQuestion ?\u{2028}Lavrov the \rsaid / TASShe \r\nit to  TASS e.g \n\nKoreaaccept to 🇰🇷 don'tсказал,«peninsula \u{2028}]...]cooperation",
    "\u{feff} ’she   e.g accept h:region 3.5never it People’s Answer (Korea\u{200b}will ›\"according LavrovU.S ]Korea \"«Lavrov(U.S told  Korea “\u{7f}accept grain \n\n’accept ,toregion Petrova «to ’\rtariffs -the 2025 accept …according J “`2025\u{a0}\r\n\r\nQuestion it tariffs region friendship it they 2025 \u{a0}region Petrova NoAnswer to reporters é𔁕\u{2028}to she,Kursk 3.5 «。/\u{2066}3.5 minister Question  Ì–on 20,000 3.5e.g Ѩ(don't Question \nhe Question don't Question tolddon't 20,000 ...according Lavrov »»support he talks 「Petrova\"willsupport …»-U.S they",
    "...)=accepthePetrovagrainwe Mr never friendship .cooperation J ！ peninsula Korea J ««TASS on tariffs reporters «friendship \u{2028}don't minister U.S said  People’scooperation  ”😀e.g she ,—🕴Mr e.g  e.g-reporters it we ’3.5 -\r:to atalks \nregion `: 「\u{200c}🕴Answer peninsula /\n\r\ngrain \u{200e}willnever\rNoJ [willTASS /\r\n\r\nfriendship a according Lavrov ...talks ministerKorea \u{200e}No \u{b}reporters TASS region »tariffsPetrova cooperation ministerminister \u{2066}\u{ad}don't 「“éto ]Kursk ./조선accept we will ’ region  2025 Лавров”[» »—«People’s «‘ »\u{ad}\u{200b}No cooperationfriendship accept said region on🇰🇷?!”]:they U.SAnswer friendshipwe it will nevere\u{301}on 。“region:\u{200c}2025the TASSKursk \u{2028}’they shePetrova ！never tariffs ",
    "\u{feff}\r\nwill \"Kursk “told grain ...Answer\r.U.S said talksto „...it grain “Ôto cooperation 「]–Лавровtariffs /”\r\n20,000 。Ie.g she friendship сказал)People’s”supportsaid hePeople’s —;according  reportersfriendship–’U.S it ...People’s 🕴 region Question cooperation ...\u{202e}\u{200c}we 조선Korea:\u{2028}he it20,000 “talks‘to ‘TASS 。„will (No don't never [‘accept according Answer said '–: e.g ,‹minister Answer 🕴›reporters a she \n\naccording\n((`minister support they ",
].into_iter().map(String::from).collect();
    let (one, other) = both_orders(&texts, 2);
    assert_eq!(alignment_set(&one), alignment_set(&other));
}

/// A second case proptest found (rotation by one), kept as a regression.
#[test]
fn input_order_regression_rotation() {
    let texts: Vec<String> = [" –they  \r\n \n:No according」don't ",
"willLavrovtold don't ]friendship don't   reporters —20,000 \u{ad} 20,000 \r\t‹”peninsula wethe 'cooperation -neverdon't region Mr support3.5 tariffs –Petrova —he TASS said grain W tariffs ]\nwill\nhe we 2025 —\u{200c}U.S People’stheregion 2025 cooperation /20,000 Kursk\"{e.g a the on U.Sit\nwe;\n\n🕴[on 3.5 \r\n\r\n。\"Answer talks 2025 Answer \n\nsaid QuestionQuestion ‹J \u{7f} \n!🇰🇷?!«to region Petrova never Lavrov \u{bfc3e}TASS \"Answer it Kursk조선accordinghe accept ”to ,told it minister ‹region he '\u{2028}2025 \t\n\n\ntariffs Korea 2025 e\u{301}-Kursk People’s20,000  20,000 Petrova told e\u{301}\"peninsula ?!20,000 afriendship  cooperation ?J region\u{2066}cooperation ‘’said Kursk 2025 e.g \"‘‘/‹Koreaminister&�J \rit never“she we Mr to \u{dc5cf}”\r\n\r\ne.g “TASS ›»Kursk ,told tariffsminister region „»?!toldKursk\u{2066}[he Answer UPeople’s itminister cooperation \u{202e}Petrova Mr \u{2028}\t will on„\raccording LavrovЛавровR we 「 QuestionTASS \nto…grain \u{200d}People’s««ministerTASSJ Petrova talks {People’s don't \u{ad763}U.S한국어³Kursk👩\u{200d}👩\u{200d}👧a \treporters  \n\n friendship to grain \u{7f}heregion\r\ntariffs  will \r”it Mr Question talks ",
"\u{feff} \r’TASS-\u{feff}」Petrova\u{200e}'reportersaccording U.S the“they neverKorea Korea 조선TASS \u{200d}–Kursk AnswerPetrova cooperation\"don'tminister 20,000 e.g «\u{63994}\n–한국어:\u{2028}」;U.S according Kursk TASS  acceptthey J U.S '\u{202e}don't they [it they : Mr ;Mr—\"the السلام」\"2025 Answer will \u{3000}TASS 😀J aMr 2025 region Kursk éKursk region 1 totariffs grain\r\n\r\ne.g  No talks J; 3.5 Answer \r\n\r\n/3.5–`’\u{2028} U.S U.Sthe  」they\r\n\r\nthe accept grain [Lavrov —السلامU.S they ]Petrova  -‹ friendship according reporters he 😀grain\u{c3ca9}\u{1b39d}People’s–’tariffs"].into_iter().map(String::from).collect();
    let (one, other) = both_orders(&texts, 1);
    assert_eq!(alignment_set(&one), alignment_set(&other));
}
