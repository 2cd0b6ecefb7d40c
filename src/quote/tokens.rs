//! Tokens and word classes: a small tokenizer, and the word lists (cue verbs,
//! pronouns, determiners, titles, organisations, places) that noun phrases
//! and attribution are built on.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::text::is_space;
use super::CUE_VERBS;
use crate::model::Span;
pub(super) use crate::words::is_title;

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) word: bool,
    /// First character.
    pub(super) ch: char,
}

impl Tok {
    pub(super) fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    pub(super) fn cap(&self) -> bool {
        self.word && self.ch.is_uppercase()
    }

    pub(super) fn is(&self, c: char) -> bool {
        !self.word && self.ch == c
    }
}

pub(super) fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '‐' | '‑')
}

pub(super) fn tokenize(text: &str, lo: usize, hi: usize, out: &mut Vec<Tok>) {
    out.clear();
    if lo >= hi {
        return;
    }
    let s = &text[lo..hi];
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_space(c) {
            continue;
        }
        let start = lo + i;
        if !c.is_alphanumeric() {
            out.push(Tok { start, end: start + c.len_utf8(), word: false, ch: c });
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            let joined = d.is_alphanumeric()
                || (is_joiner(d)
                    && s[j + d.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric));
            if !joined {
                break;
            }
            end = lo + j + d.len_utf8();
            it.next();
        }
        out.push(Tok { start, end, word: true, ch: c });
    }
}

pub(super) fn toks(text: &str, lo: usize, hi: usize) -> Vec<Tok> {
    let mut v = Vec::new();
    tokenize(text, lo, hi, &mut v);
    v
}

pub(super) fn lower(text: &str, t: Tok) -> String {
    text[t.start..t.end].to_lowercase()
}

pub(super) fn possessive_len(w: &str) -> usize {
    if w.ends_with("'s") || w.ends_with("'S") {
        2
    } else if w.ends_with("’s") || w.ends_with("’S") {
        "’s".len()
    } else {
        0
    }
}

pub(super) fn cue_lemma(w: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for (lemma, forms) in CUE_VERBS {
            for f in *forms {
                m.insert(*f, *lemma);
            }
        }
        m
    })
    .get(w)
    .copied()
}

pub(super) fn is_cue(text: &str, t: Tok) -> bool {
    t.word && !t.ch.is_uppercase() && cue_lemma(&lower(text, t)).is_some()
}

/// The subject pronoun in a (lowercased) word, contraction allowed
/// (`i’ve` → `i`).
pub(super) fn pronoun_base(w: &str) -> Option<&'static str> {
    let base = ["’ve", "'ve", "’ll", "'ll", "’m", "'m", "’d", "'d", "’re", "'re", "’s", "'s"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix))
        .unwrap_or(w);
    ["he", "she", "they", "it", "we", "i", "you"].into_iter().find(|p| *p == base)
}

pub(super) fn is_pronoun(w: &str) -> bool {
    pronoun_base(w).is_some()
}

pub(super) fn is_det(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "both"
            | "all"
            | "some"
            | "many"
            | "several"
            | "each"
            | "every"
            | "another"
            | "two"
            | "three"
            | "four"
            | "one"
            | "most"
    )
}

pub(super) fn is_function(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "to"
            | "of"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "as"
            | "than"
            | "while"
            | "when"
            | "where"
            | "after"
            | "before"
            | "because"
            | "if"
            | "although"
            | "though"
            | "since"
            | "during"
            | "into"
            | "about"
            | "over"
            | "under"
            | "between"
            | "against"
            | "via"
            | "per"
            | "so"
            | "not"
            | "what"
            | "how"
            | "why"
            | "whether"
            | "until"
            | "upon"
            | "through"
            | "without"
            | "within"
            | "across"
            | "toward"
            | "towards"
            | "amid"
            | "despite"
            | "like"
            | "unlike"
            | "there"
            | "here"
            | "is"
            | "are"
            | "was"
            | "were"
    )
}

/// Adverbs and auxiliaries allowed between a subject and its cue.
pub(super) fn is_skippable(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "did"
            | "does"
            | "do"
            | "once"
            | "again"
            | "then"
            | "later"
            | "earlier"
            | "further"
            | "already"
            | "now"
            | "just"
            | "still"
            | "even"
            | "often"
            | "always"
            | "never"
            | "not"
            | "been"
            | "being"
    ) || (w.len() > 4 && w.ends_with("ly") && w != "only")
}

/// Lowercase verb forms that end a noun phrase (`dismissed`, `planning`).
pub(super) fn is_soft(w: &str) -> bool {
    !w.contains('-') && w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
}

fn singular(w: &str) -> &str {
    w.strip_suffix('s').filter(|s| s.len() > 2).unwrap_or(w)
}

/// Heads of noun phrases that denote people.
pub(super) fn is_person_head(w: &str) -> bool {
    let s = singular(w);
    is_title(s)
        || matches!(
            s,
            "analyst"
                | "expert"
                | "researcher"
                | "fellow"
                | "official"
                | "source"
                | "observer"
                | "scholar"
                | "man"
                | "woman"
                | "people"
                | "resident"
                | "witness"
                | "activist"
                | "lawyer"
                | "critic"
                | "diplomat"
                | "spokesperson"
                | "aide"
                | "adviser"
                | "advisor"
        )
}

/// Words of organisations, outlets and documents (lowercase).
pub(super) fn is_org(w: &str) -> bool {
    matches!(
        singular(w),
        "agency"
            | "news"
            | "press"
            | "media"
            | "ministry"
            | "statement"
            | "report"
            | "newspaper"
            | "paper"
            | "daily"
            | "time"
            | "times"
            | "post"
            | "journal"
            | "tass"
            | "kcna"
            | "yonhap"
            | "xinhua"
            | "reuter"
            | "reuters"
            | "afp"
            | "novosti"
            | "ria"
            | "interfax"
            | "office"
            | "government"
            | "embassy"
            | "committee"
            | "commission"
            | "council"
            | "party"
            | "kremlin"
            | "channel"
            | "television"
            | "tv"
            | "radio"
            | "outlet"
            | "broadcaster"
            | "service"
            | "institute"
            | "university"
            | "department"
            | "bureau"
            | "ilbo"
            | "sinmun"
            | "website"
            | "publication"
            | "declaration"
            | "communique"
            | "readout"
            | "transcript"
            | "document"
            | "team"
            | "group"
            | "side"
            | "administration"
            | "cabinet"
            | "parliament"
            | "assembly"
            | "army"
            | "military"
            | "court"
            | "bank"
            | "company"
            | "association"
            | "union"
            | "organization"
            | "organisation"
            | "network"
            | "gazette"
            | "herald"
            | "tribune"
            | "telegraph"
            | "guardian"
            | "bbc"
            | "cnn"
            | "ap"
            | "source"
    )
}

/// Places and nationalities that never make a person (lowercase).
pub(super) fn is_place(w: &str) -> bool {
    matches!(
        w,
        "korea"
            | "russia"
            | "japan"
            | "china"
            | "ukraine"
            | "iran"
            | "israel"
            | "america"
            | "europe"
            | "asia"
            | "moscow"
            | "washington"
            | "beijing"
            | "pyongyang"
            | "seoul"
            | "tokyo"
            | "kyiv"
            | "kiev"
            | "london"
            | "paris"
            | "berlin"
            | "brussels"
            | "tehran"
            | "nato"
            | "eu"
            | "us"
            | "usa"
            | "uk"
            | "dprk"
            | "peninsula"
            | "states"
            | "united"
            | "federation"
            | "republic"
            | "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "korean"
            | "russian"
            | "japanese"
            | "chinese"
            | "ukrainian"
            | "american"
            | "european"
            | "soviet"
            | "israeli"
            | "iranian"
            | "western"
    )
}

/// Capitalised words that start a sentence or label but never a name.
pub(super) fn is_run_stop(w: &str) -> bool {
    is_function(w)
        || is_det(w)
        || is_pronoun(w)
        || matches!(
            w,
            "meanwhile"
                | "however"
                | "moreover"
                | "today"
                | "yesterday"
                | "question"
                | "answer"
                | "photo"
                | "date"
                | "published"
                | "read"
                | "more"
                | "translated"
                | "according"
                | "asked"
                | "speaking"
                | "commenting"
                | "meeting"
                | "colleagues"
                | "yet"
                | "also"
                | "then"
        )
}

pub(super) fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_numeric())
}
