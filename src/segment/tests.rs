//! Tests of segmentation: sentence breaks, headings, labels, tokens, offsets,
//! exclusion, the length cap and linear time, with the invariants checked on every output.

use unicode_normalization::char::is_combining_mark;

use super::chars::{
    char_at, char_before, collapse_space, is_line_break, is_space, is_terminator, is_word_char,
    may_start_line_break, may_start_terminator,
};
use super::exclusion::Exclusion;
use super::*;

fn seg(text: &str) -> (Document, Segmentation) {
    let doc = Document::new("t", text);
    let s = segment(&doc);
    check_invariants(&doc, &s);
    (doc, s)
}

fn sentences(text: &str) -> Vec<String> {
    let (doc, s) = seg(text);
    s.sentences.iter().map(|x| doc.slice(x.span).to_string()).collect()
}

fn tokens(text: &str) -> Vec<String> {
    let (doc, s) = seg(text);
    s.tokens.iter().map(|t| doc.slice(t.span()).to_string()).collect()
}

/// The structural promises of the module, checked on any output.
fn check_invariants(doc: &Document, s: &Segmentation) {
    let text = doc.text.as_str();
    let boundary = |span: Span| {
        assert!(span.start <= span.end && span.end <= text.len(), "{span}");
        assert!(text.is_char_boundary(span.start), "{span}");
        assert!(text.is_char_boundary(span.end), "{span}");
    };
    let trimmed = |span: Span| {
        let t = doc.slice(span);
        assert!(!t.is_empty(), "empty span {span}");
        assert!(!is_space(t.chars().next().unwrap()), "{span} {t:?}");
        assert!(!is_space(t.chars().next_back().unwrap()), "{span} {t:?}");
    };
    let mut prev_end = 0;
    for p in &s.paragraphs {
        boundary(p.span);
        trimmed(p.span);
        assert!(p.span.start >= prev_end);
        prev_end = p.span.end;
        assert!(!doc.slice(p.span).contains(['\n', '\r']));
        if let Some(l) = p.label {
            boundary(l);
            assert!(p.span.contains(l));
            assert_eq!(p.kind, BlockKind::Body);
            assert_eq!(p.speaker, Some(collapse_space(doc.slice(l))));
        }
        assert_eq!(p.excluded, doc.is_excluded(p.span));
    }
    let mut prev_end = 0;
    let mut next_token = 0;
    for x in &s.sentences {
        boundary(x.span);
        trimmed(x.span);
        assert!(x.span.start >= prev_end, "sentences overlap at {}", x.span);
        prev_end = x.span.end;
        let p = &s.paragraphs[x.paragraph];
        assert!(p.span.contains(x.span));
        assert_eq!(x.kind, p.kind);
        if let Some(l) = p.label {
            assert!(x.span.start > l.end);
        }
        assert_eq!(x.tokens.0, next_token, "token ranges must be contiguous");
        assert!(x.tokens.1 >= x.tokens.0);
        next_token = x.tokens.1;
        for t in &s.tokens[x.token_range()] {
            assert!(x.span.contains(t.span()), "token {} outside {}", t.span(), x.span);
        }
        assert_eq!(x.excluded, doc.is_excluded(x.span));
    }
    assert_eq!(next_token, s.tokens.len(), "every token is in a sentence");
    let mut prev_end = 0;
    for t in &s.tokens {
        boundary(t.span());
        assert!(t.span().start >= prev_end);
        prev_end = t.span().end;
        let w = doc.slice(t.span());
        assert!(w.chars().next().unwrap().is_alphanumeric(), "{w:?}");
        assert!(is_word_char(w.chars().next_back().unwrap()), "{w:?}");
    }
}

#[test]
fn abbreviations_do_not_split() {
    assert_eq!(
        sentences("Mr. Park met Dr. Ahn on Jan. 4 near St. Olaf's church. They talked."),
        ["Mr. Park met Dr. Ahn on Jan. 4 near St. Olaf's church.", "They talked."]
    );
    assert_eq!(
        sentences("Gen. Hale and Lt. Moss live at No. 12 Elm Road. No. That is wrong."),
        ["Gen. Hale and Lt. Moss live at No. 12 Elm Road.", "No.", "That is wrong."]
    );
    assert_eq!(
        sentences("Fruit, e.g. Apples, and i.e. Pears. Fine."),
        ["Fruit, e.g. Apples, and i.e. Pears.", "Fine."]
    );
    assert_eq!(
        sentences("The U.S. Senate voted at 9 a.m. Monday. It passed."),
        ["The U.S. Senate voted at 9 a.m. Monday.", "It passed."]
    );
    assert_eq!(
        sentences("The envoy flew to the U.N. The vote followed."),
        ["The envoy flew to the U.N.", "The vote followed."]
    );
    assert_eq!(
        sentences("Published on 3 Sept. 2021 by Prof. Lin."),
        ["Published on 3 Sept. 2021 by Prof. Lin."]
    );
}

#[test]
fn initials_and_numbers() {
    assert_eq!(
        sentences("A letter from J. K. Doe arrived. They chose plan B. The rest waited."),
        ["A letter from J. K. Doe arrived.", "They chose plan B.", "The rest waited."]
    );
    assert_eq!(
        sentences("Output grew 3.5 percent to 20,000 units. Costs fell 1.2 points."),
        ["Output grew 3.5 percent to 20,000 units.", "Costs fell 1.2 points."]
    );
    assert_eq!(
        sentences("It rose in 2019. 2020 was worse."),
        ["It rose in 2019.", "2020 was worse."]
    );
}

#[test]
fn quotes_close_after_the_full_stop() {
    assert_eq!(
        sentences("She said: “The work is done.” He nodded."),
        ["She said: “The work is done.”", "He nodded."]
    );
    assert_eq!(
        sentences("\"Why now?\" he asked. \"Because!\" She laughed."),
        ["\"Why now?\" he asked.", "\"Because!\"", "She laughed."]
    );
    assert_eq!(
        sentences("It was ‘final.’ Nobody argued. (See below.) Then came rain."),
        ["It was ‘final.’", "Nobody argued.", "(See below.)", "Then came rain."]
    );
    assert_eq!(
        sentences("He spoke first. “We are ready,” the minister said. “Are you?”"),
        ["He spoke first.", "“We are ready,” the minister said.", "“Are you?”"]
    );
    assert_eq!(
        sentences("“Is it true?” asked one. “Yes,” said another."),
        ["“Is it true?” asked one.", "“Yes,” said another."]
    );
}

#[test]
fn ellipses_and_runs() {
    assert_eq!(
        sentences("Wait... Then it came. And… more came?! Yes."),
        ["Wait...", "Then it came.", "And… more came?!", "Yes."]
    );
}

#[test]
fn headings() {
    let (doc, s) =
        seg("Talks on Trade Resume\nThe talks ended. Both sides agreed.\nSeoul, March 3, 2024\n\
         The report says:\nGreetings,\n\"Rare Book\" Found\nPosted: 4 Feb. 2023, 10:15\n* * *\n");
    let kinds: Vec<_> = s.paragraphs.iter().map(|p| p.kind).collect();
    use BlockKind::{Body, Heading};
    assert_eq!(kinds, [Heading, Body, Heading, Body, Body, Heading, Heading, Heading]);
    // A heading is one sentence even with an abbreviation's full stop.
    let posted: Vec<_> =
        s.sentences.iter().filter(|x| x.paragraph == 6).map(|x| doc.slice(x.span)).collect();
    assert_eq!(posted, ["Posted: 4 Feb. 2023, 10:15"]);
    assert!(s.sentences.iter().all(|x| x.kind == s.paragraphs[x.paragraph].kind));
    // Long lines without final punctuation are body text.
    let long = "one two three four five six seven eight nine ten eleven twelve thirteen \
                fourteen fifteen sixteen seventeen";
    assert_eq!(seg(long).1.paragraphs[0].kind, Body);
}

#[test]
fn speaker_labels_and_inheritance() {
    let text = "Photo: Ministry\n\
                Question: Will you travel? When?\n\
                Could you say more about it.\n\
                Jane Doe: Yes. I will go in spring.\n\
                It is planned for May.\n\
                Smith added: “I am sure of it.”\n\
                Date: 01/02/2024 | Source: Wire\n\
                Another paragraph here.\n\
                Q: Why\n\
                Note: the text was edited by our staff for length and clarity.\n";
    let (doc, s) = seg(text);
    let p = &s.paragraphs;
    let label = |i: usize| p[i].label.map(|l| doc.slice(l));
    let speaker = |i: usize| p[i].speaker.as_deref();

    assert_eq!(p[0].kind, BlockKind::Heading);
    assert_eq!((label(0), speaker(0)), (None, None));
    assert_eq!((label(1), speaker(1)), (Some("Question"), Some("Question")));
    assert_eq!((label(2), speaker(2)), (None, Some("Question")));
    assert_eq!((label(3), speaker(3)), (Some("Jane Doe"), Some("Jane Doe")));
    assert_eq!((label(4), speaker(4)), (None, Some("Jane Doe")));
    // A mid-sentence colon is no label; the speaker carries on.
    assert_eq!((label(5), speaker(5)), (None, Some("Jane Doe")));
    // A heading resets the speaker; it is not a speaker itself.
    assert_eq!(p[6].kind, BlockKind::Heading);
    assert_eq!((label(6), speaker(6)), (None, None));
    assert_eq!((label(7), speaker(7)), (None, None));
    // Q&A words are labels even on a short line.
    assert_eq!((label(8), speaker(8)), (Some("Q"), Some("Q")));
    assert_eq!(p[8].kind, BlockKind::Body);
    // Chrome field names are not speakers.
    assert_eq!((label(9), speaker(9)), (None, Some("Q")));

    let of = |i: usize| -> Vec<&str> {
        s.sentences.iter().filter(|x| x.paragraph == i).map(|x| doc.slice(x.span)).collect()
    };
    assert_eq!(of(1), ["Will you travel?", "When?"]);
    assert_eq!(of(3), ["Yes.", "I will go in spring."]);
    assert_eq!(of(8), ["Why"]);
    // Label words are not tokens.
    let first = s.sentences.iter().find(|x| x.paragraph == 1).unwrap();
    assert_eq!(doc.slice(s.tokens[first.tokens.0].span()), "Will");
}

#[test]
fn label_with_odd_spacing_collapses_speaker() {
    let (_, s) = seg("Foreign  Minister\u{A0}Lee: We agree. Fully.\nMore text follows here.");
    assert_eq!(s.paragraphs[0].speaker.as_deref(), Some("Foreign Minister Lee"));
    assert_eq!(s.paragraphs[1].speaker.as_deref(), Some("Foreign Minister Lee"));
}

#[test]
fn crlf_cr_and_bom_offsets() {
    let text = "\u{FEFF}First line.\r\nSecond one. Third!\r\n\r\n  Fourth\rFifth.\r\n";
    let (doc, s) = seg(text);
    let paras: Vec<_> = s.paragraphs.iter().map(|p| doc.slice(p.span)).collect();
    assert_eq!(paras, ["First line.", "Second one. Third!", "Fourth", "Fifth."]);
    assert_eq!(s.paragraphs[0].span, Span::new(3, 14));
    assert_eq!(s.paragraphs[1].span, Span::new(16, 34));
    let sents: Vec<_> = s.sentences.iter().map(|x| doc.slice(x.span)).collect();
    assert_eq!(sents, ["First line.", "Second one.", "Third!", "Fourth", "Fifth."]);
    assert_eq!(s.sentences[2].span, Span::new(28, 34));
    assert_eq!(s.tokens[0].span(), Span::new(3, 8));
}

#[test]
fn empty_and_blank_input() {
    for text in ["", "\n\n", "\u{FEFF}", "  \t\r\n\u{200B}\u{A0}\n"] {
        let (_, s) = seg(text);
        assert_eq!(s, Segmentation::default(), "{text:?}");
    }
}

#[test]
fn word_tokens() {
    assert_eq!(
        tokens(
            "People’s don't Kim's Son-hui 2026-2027 U.S. a.m. countries’ ‘quoted’ \
             S.Korea 3.5% 20,000 17:25 KCNA.kp e.g. it—was"
        ),
        [
            "People’s",
            "don't",
            "Kim's",
            "Son",
            "hui",
            "2026",
            "2027",
            "U.S",
            "a.m",
            "countries",
            "quoted",
            "S",
            "Korea",
            "3.5",
            "20,000",
            "17",
            "25",
            "KCNA",
            "kp",
            "e.g",
            "it",
            "was"
        ]
    );
    // Combining marks stay inside the word; emoji are not words.
    assert_eq!(tokens("cafe\u{301} 😀 naïve"), ["cafe\u{301}", "naïve"]);
}

#[test]
fn multilingual_invariants() {
    let text = "\u{FEFF}\u{200F}Привет, мир! Это тест.\u{A0}\r\n\
                한국어 문장입니다. 두 번째 문장。第三句\t😀👨\u{200D}👩\u{200D}👧 “quoted.” Done.\u{200B}\n\
                \u{202B}עברית\u{202C} café e\u{301}t\u{e9} ʼokina\r\
                \t\u{3000}Tab\u{A0}and\u{A0}nbsp. Zero\u{200B}width.\u{2028}Sep line? yes\u{2029}x";
    let (doc, s) = seg(text);
    assert_eq!(s.paragraphs.len(), 6);
    let sents: Vec<_> = s.sentences.iter().map(|x| doc.slice(x.span)).collect();
    assert_eq!(
        sents,
        [
            "Привет, мир!",
            "Это тест.",
            "한국어 문장입니다.",
            "두 번째 문장。",
            "第三句\t😀👨\u{200D}👩\u{200D}👧 “quoted.”",
            "Done.",
            "עברית\u{202C} café e\u{301}t\u{e9} ʼokina",
            "Tab\u{A0}and\u{A0}nbsp.",
            "Zero\u{200B}width.",
            "Sep line? yes",
            "x",
        ]
    );
    let toks: Vec<_> = s.tokens.iter().map(|t| doc.slice(t.span())).collect();
    assert!(toks.contains(&"문장입니다"));
    assert!(toks.contains(&"e\u{301}t\u{e9}"));
    assert!(toks.contains(&"第三句"));
    assert!(toks.contains(&"עברית"));
}

#[test]
fn excluded_regions() {
    let mut doc = Document::new("t", "Keep this. And this.\nMenu Home News Sport\nBody again.");
    doc.excluded = vec![Span::new(21, 41)];
    let s = segment(&doc);
    check_invariants(&doc, &s);
    let ex: Vec<_> = s.paragraphs.iter().map(|p| p.excluded).collect();
    assert_eq!(ex, [false, true, false]);
    assert_eq!(s.sentences.iter().filter(|x| x.excluded).count(), 1);
    // Unsorted regions fall back to the model's own test.
    doc.excluded = vec![Span::new(21, 41), Span::new(0, 2)];
    let s = segment(&doc);
    check_invariants(&doc, &s);
}

#[test]
fn long_sentences_are_cut() {
    // ~1 MB, 200,000 words, no punctuation.
    let text = "word ".repeat(200_000);
    let (doc, s) = seg(&text);
    assert_eq!(s.tokens.len(), 200_000);
    assert_eq!(s.sentences.len(), 200_000 / MAX_SENTENCE_TOKENS);
    assert!(s.sentences.iter().all(|x| x.tokens.1 - x.tokens.0 == MAX_SENTENCE_TOKENS));
    assert!(doc.slice(s.sentences[1].span).starts_with("word word"));
    // The cut keeps punctuation with the piece before it.
    let text = "a, ".repeat(MAX_SENTENCE_TOKENS + 1);
    let (doc, s) = seg(&text);
    assert_eq!(s.sentences.len(), 2);
    assert!(doc.slice(s.sentences[0].span).ends_with("a,"));
    assert_eq!(doc.slice(s.sentences[1].span), "a,");
}

#[test]
fn cut_sentences_are_reported_once_each() {
    let text = format!(
        "Short one. Long{}\nAnother short one.\n{}",
        " word".repeat(2 * MAX_SENTENCE_TOKENS + 4),
        "w ".repeat(MAX_SENTENCE_TOKENS)
    );
    let doc = Document::new("t", text);
    let (seg, warnings) = segment_with_warnings(3, &doc);
    assert_eq!(seg, segment(&doc));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!((warnings[0].doc, warnings[0].offset), (3, "Short one. ".len()));
    assert_eq!(
        warnings[0].message,
        format!(
            "a sentence of {} words without a sentence end was cut into pieces of {} words",
            2 * MAX_SENTENCE_TOKENS + 5,
            MAX_SENTENCE_TOKENS
        )
    );
}

#[test]
fn pathological_input_is_linear() {
    let start = std::time::Instant::now();
    let cases = [
        "x".repeat(5_000_000),
        "\u{201C}".repeat(100_000) + &"\"".repeat(100_000),
        ".\u{201D}".repeat(100_000),
        "a.a.".repeat(250_000),
        "A. ".repeat(200_000),
        "a. ".repeat(200_000),
        "Mr. ".repeat(200_000),
        "Question: ".repeat(100_000),
        format!("Q:{}x", " ".repeat(1_000_000)),
        ". ".repeat(300_000),
        "1,".repeat(300_000),
        "’".repeat(100_000),
    ];
    for text in &cases {
        seg(text);
    }
    // Generous: debug builds on slow machines; quadratic would take hours.
    assert!(start.elapsed().as_secs() < 60);
}

#[test]
fn bundled_corpus_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            let (_, s) = seg(&text);
            assert!(!s.sentences.is_empty(), "{}", path.display());
        }
    }
}

#[test]
fn exclusion_fast_path_matches_model() {
    let text = "abcdefghij".repeat(20);
    let mut doc = Document::new("t", text);
    doc.excluded = vec![
        Span::new(3, 9),
        Span::new(9, 9),
        Span::new(12, 30),
        Span::new(40, 41),
        Span::new(41, 90),
        Span::new(150, 200),
    ];
    let fast = Exclusion::new(&doc);
    assert!(fast.sorted);
    for start in 0..200 {
        for end in start + 1..=200 {
            let span = Span::new(start, end);
            assert_eq!(fast.is_excluded(span), doc.is_excluded(span), "{span}");
        }
    }
}

#[test]
fn byte_scans_and_ascii_shortcuts_agree_with_the_characters() {
    let mut buf = [0u8; 4];
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let first = c.encode_utf8(&mut buf).as_bytes()[0];
        assert!(!is_line_break(c) || may_start_line_break(first), "{c:?}");
        assert!(!is_terminator(c) || may_start_terminator(first), "{c:?}");
        assert!(!c.is_ascii() || !is_combining_mark(c), "{c:?}");
    }
    for b in 0x80..=0xBF {
        // The scans never stop inside a character.
        assert!(!may_start_line_break(b) && !may_start_terminator(b), "{b:x}");
    }
    let text = "a\u{301}. Ça\u{2028}x\r\n한…b😀?";
    for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        assert_eq!(char_at(text, i), text[i..].chars().next().unwrap_or('\0'), "{i}");
        assert_eq!(char_before(text, i), text[..i].chars().next_back().unwrap_or('\0'), "{i}");
    }
}

proptest::proptest! {
    #[test]
    fn invariants_hold_on_arbitrary_text(
        text in proptest::string::string_regex(
            "([a-zA-Z0-9 .,!?:;'\"()\\-\u{2019}\u{201C}\u{201D}\u{2026}\u{A0}\u{FEFF}\u{200B}\u{200F}\u{301}\r\n\t]|한|я|😀|Q|Mr|U\\.S\\.|Question: ){0,200}"
        ).unwrap()
    ) {
        seg(&text);
    }

    #[test]
    fn invariants_hold_on_any_string(text in "\\PC{0,100}") {
        seg(&text);
    }
}
