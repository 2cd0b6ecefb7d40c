//! Unit tests: marks, kinds and attribution on small texts, spans and
//! warnings on hostile input (property tests), and the look-up helpers.

use super::text::floor_char;
use super::*;
use crate::words::CUE_VERBS;

fn scan(text: &str) -> QuoteScan {
    let doc = Document::new("t", text);
    let out = extract(0, &doc, &Segmentation::default());
    check_invariants(&doc, &out);
    out
}

fn check_invariants(doc: &Document, out: &QuoteScan) {
    let t = &doc.text;
    for q in &out.quotes {
        for s in q.pieces.iter().chain([&q.span, &q.outer]) {
            assert!(s.start <= s.end && s.end <= t.len(), "{s:?}");
            assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
            assert_eq!(doc.slice(*s), &t[s.start..s.end]);
        }
        assert!(!q.pieces.is_empty());
        assert!(q.outer.contains(q.span));
        for p in &q.pieces {
            assert!(q.span.contains(*p));
            assert!(!p.is_empty());
        }
        let a = &q.attribution;
        for s in [a.speaker_span, a.cue_span, a.via_span].into_iter().flatten() {
            assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
            assert!(s.end <= t.len());
        }
        if let (Some(c), Some(s)) = (&a.cue, a.cue_span) {
            assert_eq!(c, &t[s.range()]);
        }
        if let (Some(v), Some(s)) = (&a.via, a.via_span) {
            assert_eq!(v.to_lowercase(), t[s.range()].to_lowercase());
        }
    }
    for w in &out.warnings {
        assert!(w.offset <= t.len());
    }
}

fn texts<'a>(text: &'a str, out: &QuoteScan) -> Vec<&'a str> {
    out.quotes.iter().map(|q| &text[q.span.range()]).collect()
}

fn speaker(q: &Quotation) -> Option<&str> {
    q.attribution.speaker.as_deref()
}

#[test]
fn curly_double_quotes_with_cue_before() {
    let t = "Ivanova said: “The bridge opens on Monday.”";
    let out = scan(t);
    assert_eq!(texts(t, &out), ["The bridge opens on Monday."]);
    let q = &out.quotes[0];
    assert_eq!(q.kind, QuoteKind::Full);
    assert_eq!(q.depth, 0);
    assert_eq!(speaker(q), Some("Ivanova"));
    assert_eq!(q.attribution.cue.as_deref(), Some("said"));
    assert_eq!(&t[q.outer.range()], "“The bridge opens on Monday.”");
    assert!(out.warnings.is_empty());
}

#[test]
fn straight_quotes_take_their_direction_from_context() {
    let t = "The mayor called it \"a small step\" on Friday. \"We will finish the road by May,\" Jonas Berg said.";
    let out = scan(t);
    assert_eq!(texts(t, &out), ["a small step", "We will finish the road by May"]);
    assert_eq!(out.quotes[0].kind, QuoteKind::Scare);
    assert_eq!(out.quotes[1].kind, QuoteKind::Full);
    assert_eq!(speaker(&out.quotes[1]), Some("Jonas Berg"));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn apostrophes_are_not_single_quotes() {
    let t = "The People’s Council’s chair said: “I’m told the farmers’ union calls it the ‘final offer’ and we’ll see.”";
    let out = scan(t);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(
        texts(t, &out),
        ["I’m told the farmers’ union calls it the ‘final offer’ and we’ll see.", "final offer"]
    );
    assert_eq!(out.quotes[0].depth, 0);
    assert_eq!(out.quotes[1].depth, 1);
    assert_eq!(out.quotes[1].kind, QuoteKind::Scare);
}

#[test]
fn plural_possessive_inside_single_quotes() {
    let t = "She wrote: “They called it ‘the workers’ plan’ for years.”";
    let out = scan(t);
    assert_eq!(
        texts(t, &out),
        ["They called it ‘the workers’ plan’ for years.", "the workers’ plan"]
    );
}

#[test]
fn guillemets_and_low_high_quotes() {
    let t = "Le ministre a déclaré « nous partirons demain » hier.\nEr sagte „wir kommen morgen“ und ging.";
    let out = scan(t);
    assert_eq!(texts(t, &out), ["nous partirons demain", "wir kommen morgen"]);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn nested_double_inside_guillemets() {
    let t = "«Il a répété “jamais” deux fois», a dit Marie.";
    let out = scan(t);
    assert_eq!(texts(t, &out), ["Il a répété “jamais” deux fois", "jamais"]);
    assert_eq!(out.quotes[1].depth, 1);
    assert!(out.quotes[0].outer.contains(out.quotes[1].outer));
}

#[test]
fn multi_sentence_quote_with_late_attribution() {
    let t = "Nobody expected it. “The harbour was empty. The boats had left at dawn. Nobody knew why,” Petra Holm said, according to the Coastal Gazette.";
    let out = scan(t);
    assert_eq!(out.quotes.len(), 1);
    let q = &out.quotes[0];
    assert_eq!(
        &t[q.span.range()],
        "The harbour was empty. The boats had left at dawn. Nobody knew why"
    );
    assert_eq!(speaker(q), Some("Petra Holm"));
    assert_eq!(q.attribution.cue.as_deref(), Some("said"));
    assert_eq!(q.attribution.via.as_deref(), Some("the Coastal Gazette"));
}

#[test]
fn continuing_paragraph_quote() {
    let t = "Anton Weber spoke at length.\n“The first part of the plan is finished.\n\n“The second part starts next spring,” he said.\nLater paragraph.";
    let out = scan(t);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(out.quotes.len(), 1);
    let q = &out.quotes[0];
    assert_eq!(q.pieces.len(), 2);
    assert_eq!(&t[q.pieces[0].range()], "The first part of the plan is finished.");
    assert_eq!(&t[q.pieces[1].range()], "The second part starts next spring");
    assert_eq!(q.span, Span::new(q.pieces[0].start, q.pieces[1].end));
    assert!(t[q.outer.range()].starts_with('“') && t[q.outer.range()].ends_with('”'));
    assert_eq!(speaker(q), Some("Anton Weber"));
    assert_eq!(&t[q.attribution.speaker_span.unwrap().range()], "he");
}

#[test]
fn scare_quotes_and_short_full_quotes() {
    let t = "The agency said the deal “respects” both sides. “Yes,” he said. Tomas Lind answered: “Never.” Critics judged it by its “deeds, not words,” and left.";
    let out = scan(t);
    let kinds: Vec<QuoteKind> = out.quotes.iter().map(|q| q.kind).collect();
    assert_eq!(texts(t, &out), ["respects", "Yes", "Never.", "deeds, not words"]);
    assert_eq!(kinds, [QuoteKind::Scare, QuoteKind::Full, QuoteKind::Full, QuoteKind::Scare]);
    assert_eq!(speaker(&out.quotes[0]), Some("the agency"));
    assert_eq!(speaker(&out.quotes[2]), Some("Tomas Lind"));
}

#[test]
fn unbalanced_open_warns_and_the_rest_is_processed() {
    let t = "He said “this never ends\nAnother paragraph with “a proper quote” in it.";
    let out = scan(t);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert_eq!(out.warnings[0].offset, t.find('“').unwrap());
    assert!(out.warnings[0].message.contains("unclosed “ opened at byte"));
    assert_eq!(texts(t, &out), ["this never ends", "a proper quote"]);
}

#[test]
fn stray_close_warns_and_is_ignored() {
    let t = "A stray” mark here, then “a good one” follows.";
    let out = scan(t);
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].offset, t.find('”').unwrap());
    assert!(out.warnings[0].message.contains("stray ”"));
    assert_eq!(texts(t, &out), ["a good one"]);
}

#[test]
fn pronoun_resolves_to_the_nearest_named_subject() {
    let t = "Maria Santos opened the session. Later Judge Ruth Okafor met Paul Dunn in the hall.\nOkafor described the ruling to Dunn.\n“The court has spoken and the matter is closed,” she said.";
    let out = scan(t);
    let q = &out.quotes[0];
    assert_eq!(speaker(q), Some("Okafor"));
    assert_eq!(&t[q.attribution.speaker_span.unwrap().range()], "she");
    assert_eq!(q.attribution.cue.as_deref(), Some("said"));
}

#[test]
fn pronoun_prefers_the_last_speaker_over_objects() {
    let t = "“We have a deal,” Minister Lena Sorensen said.\nThe talks included Ben Achebe and Carla Ruiz.\n“We will sign it next week,” she said.";
    let out = scan(t);
    assert_eq!(speaker(&out.quotes[0]), Some("Lena Sorensen"));
    assert_eq!(speaker(&out.quotes[1]), Some("Lena Sorensen"));
}

#[test]
fn according_to_is_via_when_a_person_speaks() {
    let t = "Viktor Hale warned: “The river will rise tonight,” according to the Northern Courier.";
    let out = scan(t);
    let a = &out.quotes[0].attribution;
    assert_eq!(a.speaker.as_deref(), Some("Viktor Hale"));
    assert_eq!(a.cue.as_deref(), Some("warned"));
    assert_eq!(a.via.as_deref(), Some("the Northern Courier"));
    let t2 = "“Prices will fall in the spring,” the trade minister said, according to Lakeside's state-run ZNA news agency.";
    let out2 = scan(t2);
    assert_eq!(out2.quotes[0].attribution.via.as_deref(), Some("ZNA"));
}

#[test]
fn agency_or_statement_as_speaker() {
    let t = "“The talks were frank and useful for both sides,” the state news agency said.\nThe joint statement praised the outcome. It said the parties would “deepen cooperation in every field.”";
    let out = scan(t);
    let a = &out.quotes[0].attribution;
    assert_eq!(a.speaker.as_deref(), Some("the state news agency"));
    assert_eq!(a.via, None);
    assert_eq!(speaker(&out.quotes[1]), Some("the joint statement"));
    let t2 = "Ines Marek said \"the plan works for everyone involved,\" the report said.";
    let out2 = scan(t2);
    let a2 = &out2.quotes[0].attribution;
    assert_eq!(a2.speaker.as_deref(), Some("Ines Marek"));
    assert_eq!(a2.via.as_deref(), Some("the report"));
}

#[test]
fn attribution_in_the_next_or_previous_sentence() {
    let t = "“We will not sign this agreement.” Rita Moll said it twice.";
    let out = scan(t);
    assert_eq!(speaker(&out.quotes[0]), Some("Rita Moll"));
    assert_eq!(out.quotes[0].attribution.cue.as_deref(), Some("said"));
    let t2 = "Mirela Dan was blunt about the plan. “This will not work.”";
    let out2 = scan(t2);
    assert_eq!(speaker(&out2.quotes[0]), Some("Mirela Dan"));
    assert_eq!(out2.quotes[0].attribution.cue, None);
    assert_eq!(out2.quotes[0].kind, QuoteKind::Full);
}

#[test]
fn channels_after_told_and_carried_by() {
    let t = "“We will keep the border open,” Ivo Rask told the Harbor Times.";
    let a = &scan(t).quotes[0].attribution;
    assert_eq!(a.speaker.as_deref(), Some("Ivo Rask"));
    assert_eq!(a.cue.as_deref(), Some("told"));
    assert_eq!(a.via.as_deref(), Some("the Harbor Times"));
    let t2 = "“Talks will resume in May,” a spokesperson for the ministry said in remarks carried by KNX.";
    let a2 = &scan(t2).quotes[0].attribution;
    assert_eq!(a2.speaker.as_deref(), Some("a spokesperson for the ministry"));
    assert_eq!(a2.via.as_deref(), Some("KNX"));
    let t3 = "“The vote was fair,” Emil Sand said, Radio Vesta reported.";
    let a3 = &scan(t3).quotes[0].attribution;
    assert_eq!(a3.speaker.as_deref(), Some("Emil Sand"));
    assert_eq!(a3.via.as_deref(), Some("Radio Vesta"));
}

#[test]
fn uses_segmenter_paragraphs_when_given() {
    use crate::model::{BlockKind, Paragraph};
    let t = "Lea Stein said: “first part\n“second part,” and left.";
    let nl = t.find('\n').unwrap();
    let para = |start, end| Paragraph {
        span: Span::new(start, end),
        kind: BlockKind::Body,
        label: None,
        speaker: None,
        excluded: false,
    };
    let seg = Segmentation {
        paragraphs: vec![para(0, nl), para(nl + 1, t.len())],
        ..Segmentation::default()
    };
    let doc = Document::new("s", t);
    let out = extract(0, &doc, &seg);
    check_invariants(&doc, &out);
    assert_eq!(out, scan(t));
    assert_eq!(out.quotes.len(), 1);
    assert_eq!(out.quotes[0].pieces.len(), 2);
}

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_stay_valid(
        s in "[a-zA-Z 가나😀é“”\"‘’«»„.,!?:;()\n\r—-]{0,160}",
        cut in 0usize..200,
    ) {
        let mut doc = Document::new("p", s.clone());
        let a = floor_char(&s, cut.min(s.len()));
        doc.excluded = vec![Span::new(a, s.len())];
        for d in [Document::new("p", s.clone()), doc] {
            let out = extract(3, &d, &Segmentation::default());
            check_invariants(&d, &out);
            for q in &out.quotes {
                proptest::prop_assert_eq!(q.doc, 3);
            }
        }
    }
}

#[test]
fn nested_quote_cued_by_first_person_is_the_outer_speaker() {
    let t = "“I’ve told them twice that we are not ‘going it alone’,” said one senior official.";
    let out = scan(t);
    assert_eq!(speaker(&out.quotes[0]), Some("one senior official"));
    let inner = &out.quotes[1];
    assert_eq!(&t[inner.span.range()], "going it alone");
    assert_eq!(inner.depth, 1);
    assert_eq!(speaker(inner), Some("one senior official"));
    assert_eq!(&t[inner.attribution.speaker_span.unwrap().range()], "I’ve");
}

proptest::proptest! {
    #[test]
    fn never_panics_on_word_soup(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "said", "told", "according", "to", "he", "she", "it", "they", "I’ve",
                "the", "a", "Lavrov", "Sergey", "Kim", "Jong", "Un", "Minister", "leader",
                "North", "Korean", "TASS", "news", "agency", "statement", ",", ".", ":",
                "“", "”", "\"", "‘", "’", "«", "»", "adding", "by", "carried", "of",
                "Mr.", "U.S.", "…", "\n", "\n\n", "—", "(", ")", "’s", "s’", "한국",
            ]),
            0..80,
        ),
        glue in proptest::collection::vec(proptest::bool::ANY, 80),
    ) {
        let mut s = String::new();
        for (w, g) in words.iter().zip(glue.iter()) {
            if *g {
                s.push(' ');
            }
            s.push_str(w);
        }
        let d = Document::new("w", s);
        let out = extract(0, &d, &Segmentation::default());
        check_invariants(&d, &out);
    }
}

#[test]
fn outlets_reporting_are_channels() {
    let t = "“The visit was a success,” Oda Lin said, Eastland state media reported.\n“Both sides agreed,” the envoy said, RIA Novosti reported.";
    let out = scan(t);
    let a = &out.quotes[0].attribution;
    assert_eq!(a.speaker.as_deref(), Some("Oda Lin"));
    assert_eq!(a.via.as_deref(), Some("Eastland state media"));
    assert_eq!(&t[a.via_span.unwrap().range()], "Eastland state media");
    assert_eq!(out.quotes[1].attribution.via.as_deref(), Some("RIA Novosti"));
}

#[test]
fn inverted_cue_and_bare_follow_up_paragraph() {
    let t = "“Markets will adjust within a year,” said Hugo Brandt, an economist at a local bank. “Nobody should panic about this.”\n“Rates are a separate question entirely.”";
    let out = scan(t);
    let speakers: Vec<Option<&str>> = out.quotes.iter().map(speaker).collect();
    assert_eq!(speakers, [Some("Hugo Brandt"), Some("Hugo Brandt"), Some("Hugo Brandt")]);
}

#[test]
fn participle_cue_takes_the_sentence_speaker() {
    let t =
        "Clara Voss told Ben, “I expected more from this visit,” adding, “You are welcome anyway.”";
    let out = scan(t);
    assert_eq!(speaker(&out.quotes[0]), Some("Clara Voss"));
    assert_eq!(speaker(&out.quotes[1]), Some("Clara Voss"));
    assert_eq!(out.quotes[1].attribution.cue.as_deref(), Some("adding"));
}

#[test]
fn title_description_resolves_to_the_titled_person() {
    let t = "Island prime minister Aru Tanaka visited the port.\nThe island prime minister pledged to support “reforms” there.";
    let out = scan(t);
    assert_eq!(speaker(&out.quotes[0]), Some("Aru Tanaka"));
}

#[test]
fn spans_on_char_boundaries_in_multilingual_text() {
    let t = "서울에서 김 위원장은 “안녕하세요 😀 세계” 라고 말했다.\n\u{FEFF}Она сказала «привет, мир 🎉» и ушла. “Émoji 🎉 ‘inside’ too,” Zoë Ørsted said.\r\nОн: \"тест\" 終わり “未完\n";
    let doc = Document::new("m", t);
    let out = extract(0, &doc, &Segmentation::default());
    check_invariants(&doc, &out);
    let got = texts(t, &out);
    assert!(got.contains(&"안녕하세요 😀 세계"));
    assert!(got.contains(&"привет, мир 🎉"));
    assert!(got.contains(&"inside"));
    assert!(got.contains(&"тест"));
    assert!(got.contains(&"未完"));
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn excluded_regions_are_skipped() {
    let t = "Body “kept quote” here.\nMenu “dropped quote” here.";
    let mut doc = Document::new("x", t);
    let second = t.find('\n').unwrap() + 1;
    doc.excluded = vec![Span::new(second, t.len())];
    let out = extract(0, &doc, &Segmentation::default());
    assert_eq!(texts(t, &out), ["kept quote"]);
}

#[test]
fn many_quote_marks_complete() {
    let mut t = String::new();
    for i in 0..25_000 {
        t.push_str(if i % 2 == 0 { "“a” " } else { "\"b\" " });
    }
    t.push('\n');
    for _ in 0..100_000 {
        t.push('“');
    }
    t.push('\n');
    for _ in 0..50_000 {
        t.push_str("” «");
    }
    t.push('\n');
    for _ in 0..100_000 {
        t.push_str("x\" ");
    }
    let out = scan(&t);
    assert!(out.quotes.len() >= 50_000);
    assert!(!out.warnings.is_empty());
}

#[test]
fn long_line_completes() {
    let mut t = String::from("Ada Lund said: “");
    for _ in 0..500_000 {
        t.push_str("word ");
    }
    t.push_str("end.” Then “short” and “more” quotes. ");
    for _ in 0..200_000 {
        t.push_str("He said. ");
    }
    let out = scan(&t);
    assert_eq!(out.quotes.len(), 3);
    assert_eq!(speaker(&out.quotes[0]), Some("Ada Lund"));
}

#[test]
fn warnings_are_capped_with_a_count() {
    let t = "” ".repeat(MAX_WARNINGS + 30);
    let out = scan(&t);
    assert_eq!(out.warnings.len(), MAX_WARNINGS + 1);
    let last = &out.warnings[MAX_WARNINGS];
    assert_eq!(last.offset, MAX_WARNINGS * "” ".len());
    assert_eq!(
        last.message,
        format!(
            "30 more warnings about quotation marks from byte {} on are not shown",
            last.offset
        )
    );
    let t = "” ".repeat(MAX_WARNINGS);
    assert_eq!(scan(&t).warnings.len(), MAX_WARNINGS);
}

#[test]
fn overlapping_finds_every_quotation_a_span_touches() {
    let t = "A “one ‘two’ «three» one” b “four” c. «five „six“» d\n“seven\n“eight” e";
    let out = scan(t);
    assert!(out.quotes.len() >= 7, "{:?}", texts(t, &out));
    for start in 0..=t.len() {
        for end in start..=(start + 12).min(t.len()) {
            let span = Span::new(start, end);
            let range = overlapping(&out.quotes, span);
            for (i, q) in out.quotes.iter().enumerate() {
                let touches = if span.is_empty() {
                    q.outer.start <= start && start < q.outer.end
                } else {
                    q.outer.overlap(span) > 0
                };
                if touches {
                    assert!(range.contains(&i), "{span}: {:?} not in {range:?}", q.outer);
                }
            }
        }
    }
    assert_eq!(overlapping(&out.quotes, Span::new(0, 1)), 0..0);
    assert_eq!(overlapping(&[], Span::new(0, 10)), 0..0);
}

#[test]
fn cue_list_is_lowercase() {
    for (lemma, forms) in CUE_VERBS {
        assert_eq!(lemma.to_lowercase(), *lemma);
        for f in *forms {
            assert_eq!(f.to_lowercase(), *f);
        }
    }
}

#[test]
fn it_resolves_to_a_previous_non_person_subject() {
    // closed by a straight mark, cue in the next paragraph's first sentence
    let t = "The joint communique underscored the importance of the treaty.\nIt said both sides reaffirmed their intent to further “coordinate the common stand while heightening vigilance.\"";
    let out = scan(t);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let a = &out.quotes[0].attribution;
    assert_eq!(a.speaker.as_deref(), Some("the joint communique"));
    assert_eq!(&t[a.speaker_span.unwrap().range()], "It");
    assert_eq!(a.cue.as_deref(), Some("said"));
}
