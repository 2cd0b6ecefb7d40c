//! Page chrome: the link lines, calls to action and trailing teaser lists of
//! texts copied from web pages (the rule and its thresholds are in the
//! [`ingest`](super) module docs).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use super::is_space;
use crate::model::Span;

/// A repeated line needs this many words: shorter lines ("Thank you.",
/// "Question:") legitimately recur.
const MIN_REPEAT_WORDS: usize = 3;
/// A headline, a call to action without a URL: at most this many words.
const MAX_SHORT_WORDS: usize = 12;
/// A list heading ("More from X"): at most this many words.
const MAX_TRIGGER_WORDS: usize = 8;
/// A trailing block: at least this share (in percent) of non-body lines.
const MIN_TAIL_PERCENT: usize = 80;
/// The backward scan stops at this many consecutive body lines.
const STOP_BODY_RUN: usize = 2;
/// A block without a heading needs this many non-body lines ...
const MIN_TAIL_LINES: usize = 3;
/// ... and this many different repeated lines.
const MIN_DISTINCT_REPEATS: usize = 2;
/// A heading starts a block if at least this many lines follow it.
const MIN_AFTER_TRIGGER: usize = 2;

/// What a non-blank line looks like (strongest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    /// Mostly a URL, or a call to action: chrome wherever it stands.
    Strong,
    /// A list heading: "More from ...", "Related", "Read more".
    Trigger,
    /// Only a date (and time).
    Dated,
    /// At least [`MIN_REPEAT_WORDS`] words, occurring twice or more.
    Repeated,
    /// Short, without sentence-final punctuation.
    Headline,
    /// Running text.
    Body,
}

struct Line<'a> {
    /// Trimmed content (no white space or terminator at either end).
    span: Span,
    text: &'a str,
    kind: LineKind,
}

/// The page chrome in `text`: link and call-to-action lines anywhere, and a
/// trailing block of list chrome (see the `ingest` module docs for the
/// rule and its thresholds). Spans are sorted, merged and non-overlapping.
pub fn detect_chrome(text: &str) -> Vec<Span> {
    let lines = classify_lines(text);
    let mut spans: Vec<Span> =
        lines.iter().filter(|l| l.kind == LineKind::Strong).map(|l| l.span).collect();
    if let Some(start) = trailing_block(&lines) {
        spans.push(Span::new(lines[start].span.start, text.len()));
    }
    merge_spans(spans)
}

/// Every non-blank line (one with a letter or digit), classified.
fn classify_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start_matches(is_space);
        let lead = content.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(is_space);
        if trimmed.chars().any(char::is_alphanumeric) {
            let s = start + lead;
            lines.push(Line {
                span: Span::new(s, s + trimmed.len()),
                text: trimmed,
                kind: LineKind::Body,
            });
        }
        start += raw.len();
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *counts.entry(l.text).or_default() += 1;
    }
    for l in &mut lines {
        l.kind = classify(l.text, counts[l.text]);
    }
    lines
}

fn classify(line: &str, occurrences: usize) -> LineKind {
    let words = line.split_whitespace().count();
    if is_link_line(line) {
        LineKind::Strong
    } else if words <= MAX_TRIGGER_WORDS && trigger_re().is_match(line) {
        // Before calls to action: a bare "Read more" heads a list.
        LineKind::Trigger
    } else if (words <= MAX_SHORT_WORDS || has_url(line)) && cta_re().is_match(line) {
        LineKind::Strong
    } else if is_date_line(line) {
        // Before repeats: the same date on many lines is no teaser list.
        LineKind::Dated
    } else if occurrences >= 2 && words >= MIN_REPEAT_WORDS {
        LineKind::Repeated
    } else if words <= MAX_SHORT_WORDS && !ends_sentence(line) {
        LineKind::Headline
    } else {
        LineKind::Body
    }
}

/// The first line of the trailing chrome block, if there is one.
fn trailing_block(lines: &[Line<'_>]) -> Option<usize> {
    let mut best = None;
    let (mut chrome, mut body, mut body_run) = (0usize, 0usize, 0usize);
    let mut repeats: HashSet<&str> = HashSet::new();
    for (i, line) in lines.iter().enumerate().rev() {
        if line.kind == LineKind::Body {
            body += 1;
            body_run += 1;
            if body_run >= STOP_BODY_RUN {
                break;
            }
            continue;
        }
        body_run = 0;
        chrome += 1;
        if line.kind == LineKind::Repeated {
            repeats.insert(line.text);
        }
        if line.kind == LineKind::Headline {
            continue; // may belong to a block, but does not start one
        }
        let mostly_chrome = chrome * 100 >= (chrome + body) * MIN_TAIL_PERCENT;
        let after = lines.len() - i - 1;
        let headed = line.kind == LineKind::Trigger && after >= MIN_AFTER_TRIGGER;
        let listed = chrome >= MIN_TAIL_LINES && repeats.len() >= MIN_DISTINCT_REPEATS;
        if mostly_chrome && (headed || listed) {
            best = Some(i);
        }
    }
    best
}

/// A link: a URL with a scheme, or a `www.` address with a path. A bare
/// domain (`www.example.org`) names a site, as in a sign-off line, and is
/// not counted as a link.
fn url_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"(?i)(?:https?://|www\.[^\s/<>"]+/)[^\s<>"]*"#).unwrap())
}

fn has_url(line: &str) -> bool {
    url_re().is_match(line)
}

/// Whether URLs make up at least half of the line's non-space characters.
fn is_link_line(line: &str) -> bool {
    let url: usize = url_re().find_iter(line).map(|m| m.as_str().chars().count()).sum();
    let all = line.chars().filter(|c| !c.is_whitespace()).count();
    url > 0 && url * 2 >= all
}

/// Calls to action that end a reposted text.
fn cta_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?ix)^(?:
                read\s+(?:more|the\s+full|the\s+original|it\s+(?:on|in|at))\b
              | follow\s+(?:us|our)\b
              | subscribe\b
              | sign\s+up\s+(?:for|to)\b
              | join\s+(?:us\s+on|our)\b
              | share\s+(?:this|on)\b
              | click\s+here\b
              | download\s+(?:our|the)\s+app\b
              | like\s+us\s+on\b
              | get\s+(?:our|the)\s+(?:newsletter|app)\b
            )",
        )
        .unwrap()
    })
}

/// Headings of link and teaser lists.
fn trigger_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?ix)^(?:
                more\s+(?:from|on|in|articles|stories|news|videos|coverage|like\s+this)\b.*
              | related(?:\s+(?:articles|stories|news|content|posts|coverage|topics|links|reading))?
              | (?:read|see)\s+(?:more|also|next)
              | also\s+read
              | recommended(?:\s+(?:for\s+you|articles|stories|reading))?
              | you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)
              | most\s+(?:read|popular|viewed|shared)
              | latest\s+(?:news|articles|stories|headlines)
              | top\s+stories
              | trending(?:\s+now)?
            )[\s:.\-–—»›>]*$",
        )
        .unwrap()
    })
}

/// Dates: "January 29, 2026", "Jan. 29 2026", "29 January 2026",
/// "2026-01-29", "2025.07.13.", "13/07/2025".
fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
        Regex::new(&format!(
            r"(?i){month}\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{month},?\s+\d{{4}}|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}\.?|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}"
        ))
        .unwrap()
    })
}

/// What may stand beside a date on a date line: a label, a weekday, a time.
fn date_extra_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:published|updated|posted|date|last\s+updated|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|utc|gmt))?)\b",
        )
        .unwrap()
    })
}

/// Whether the line is only a date (with an optional label, weekday, time).
fn is_date_line(line: &str) -> bool {
    if !date_re().is_match(line) {
        return false;
    }
    let rest = date_re().replace_all(line, " ");
    let rest = date_extra_re().replace_all(&rest, " ");
    !rest.chars().any(char::is_alphanumeric)
}

/// Whether the line ends like a sentence (closing quotes and brackets aside).
fn ends_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', ' ']);
    end.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Sorts spans and merges those that overlap or touch; drops empty ones.
pub fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| !s.is_empty());
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up page: a statement, then a teaser list in which every
    /// headline and teaser is repeated (the way a mirror site renders it).
    fn teaser_page(heading: &str) -> String {
        let mut page = String::from(
            "Minister Says Talks Went Well\n\nCapital, May 2 (Agency) -- The minister said the talks went well.\n\nHe said both sides agreed to meet again.\n\nwww.example.org (2025.05.02.)\n\n",
        );
        page.push_str(heading);
        for (title, teaser, date) in [
            (
                "Harvest Festival Opens",
                "Capital, May 1 (Agency) -- A harvest festival opened in the",
                "May 1, 2025",
            ),
            (
                "Bridge Completed in North Province",
                "Capital, May 1 (Agency) -- Builders completed a bridge over the",
                "May 1, 2025",
            ),
            (
                "Press Review",
                "Capital, April 30 (Agency) -- Following are major news items in",
                "April 30, 2025",
            ),
        ] {
            page.push_str(&format!("{title}\n\n{title}\n\n{teaser}\n\n{date}\n\n{teaser}\n\n"));
        }
        page.push_str("More Articles");
        page
    }

    #[test]
    fn chrome_finds_a_teaser_list_with_heading() {
        let page = teaser_page("More From Example.org (En)\n\n");
        let spans = detect_chrome(&page);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert!(page[spans[0].start..].starts_with("More From Example.org"));
        assert_eq!(spans[0].end, page.len());
    }

    #[test]
    fn chrome_finds_a_teaser_list_without_heading() {
        let page = teaser_page("");
        let spans = detect_chrome(&page);
        assert_eq!(spans.len(), 1, "{spans:?}");
        assert!(page[spans[0].start..].starts_with("Harvest Festival Opens"));
        assert_eq!(spans[0].end, page.len());
    }

    #[test]
    fn chrome_finds_a_related_list_of_headlines() {
        let page = "The minister spoke at length.\nHe said many things.\n\nRelated\nFirst Other Story\nSecond Other Story\n";
        let spans = detect_chrome(page);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].text(page), "Related\nFirst Other Story\nSecond Other Story\n");
    }

    #[test]
    fn chrome_keeps_legitimately_repeated_lines() {
        // A short line said twice, and a refrain chanted three times at the end.
        let speech = "Thank you.\nThe minister opened the meeting and welcomed the guests.\nThank you.\n\
                      We will stand together, he said.\nLong live our friendship!\nLong live our friendship!\nLong live our friendship!\n";
        assert_eq!(detect_chrome(speech), Vec::<Span>::new());
        // A pull quote repeating a sentence of the body.
        let article = "“We will not back down,” she said.\nThe talks ended late.\nOthers disagreed.\n“We will not back down,” she said.\n";
        assert_eq!(detect_chrome(article), Vec::<Span>::new());
        // A heading-like line followed by running text is not a list.
        let body = "Related developments\nThe talks continued on Sunday. Both sides spoke.\nThey agreed on a plan.\nSee also\n";
        assert_eq!(detect_chrome(body), Vec::<Span>::new());
        // A sentence citing a link is body text.
        let cite = "The ministry published the full text at https://example.org/statement on Sunday evening.\n";
        assert_eq!(detect_chrome(cite), Vec::<Span>::new());
    }

    #[test]
    fn chrome_finds_links_and_calls_to_action_anywhere() {
        let text = "Body sentence one.\nhttps://example.org/a/b\nBody sentence two.\nSubscribe to our newsletter\nBody three.\n";
        let found: Vec<&str> = detect_chrome(text).iter().map(|s| s.text(text)).collect();
        assert_eq!(found, ["https://example.org/a/b", "Subscribe to our newsletter"]);
    }

    #[test]
    fn chrome_classifies_dates() {
        for line in [
            "January 29, 2026",
            "Jan 30, 2026Jan 30, 2026",
            "29 July 2025",
            "2025-07-13",
            "Updated: 13 Jul. 2025, 17:25",
            "Monday, 13/07/2025",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in ["Wonsan, July 12, 2025", "Born on May 1, 2025 in Wonsan", "May the best win"] {
            assert!(!is_date_line(line), "{line}");
        }
    }

    #[test]
    fn merge_spans_sorts_and_merges() {
        let spans = vec![
            Span::new(10, 12),
            Span::new(0, 3),
            Span::new(2, 5),
            Span::new(5, 6),
            Span::new(7, 7),
        ];
        assert_eq!(merge_spans(spans), vec![Span::new(0, 6), Span::new(10, 12)]);
    }
}
