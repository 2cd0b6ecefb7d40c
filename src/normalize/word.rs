//! Word-level normalisation: what one word becomes, whatever its context.
//!
//! Everything here is a pure function of one word (no document, no alias
//! table, no state but tables built once), which is what makes two things
//! possible:
//!
//! * the normaliser caches the result per distinct token text (see
//!   `Normalizer::terms`): a word seen a thousand times is folded, spelt and
//!   stemmed once;
//! * the build script (`build.rs`) includes this very file to build the
//!   bundled lexicon at build time (stems, keys, concepts), so start-up
//!   does not stem ~100,000 words. Sharing the source (rather than copying
//!   the rules into a generator) keeps the table in step with the run-time
//!   normaliser by construction; `lexicon::tests` checks it anyway.
//!
//! So this file must not use anything of the crate (`crate::...`): only the
//! standard library, `rust_stemmers`, `unicode_normalization` and `rustc_hash`,
//! which are build-dependencies too.

use std::borrow::Cow;
use std::hash::Hasher;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use unicode_normalization::UnicodeNormalization;

/// Hashes a normalised string into a key (`model::Key`).
pub fn key_of(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    // Finish with a length-dependent mix so that prefixes differ strongly.
    h.write_usize(s.len());
    h.finish()
}

/// Folds a token for matching: lower case, no accents, plain apostrophes,
/// no abbreviation periods, no possessive `'s`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`], appended to `out` (a buffer shared by many words saves an
/// allocation per word where thousands are folded per alignment).
pub fn fold_into(word: &str, out: &mut String) {
    let start = out.len();
    if word.is_ascii() {
        // ASCII is its own NFKD and has no combining marks: `fold_chars`
        // reduces to this loop, minus the decomposition machinery.
        out.extend(word.bytes().filter_map(|b| match b {
            b'`' => Some('\''),
            b'.' => None,
            b => Some(char::from(b.to_ascii_lowercase())),
        }));
    } else {
        fold_chars(word, out);
    }
    strip_possessive(out, start);
}

/// Drops a final `'s`, or the `'` of `s'` and of any final apostrophe, of
/// the word that begins at `start` in `out` (the words before it are not
/// looked at).
fn strip_possessive(out: &mut String, start: usize) {
    let word = &out[start..];
    if word.ends_with("'s") {
        out.truncate(out.len() - 2);
    } else if word.ends_with("s'") || word.ends_with('\'') {
        out.pop();
    }
}

/// The character part of [`fold`], for any text.
fn fold_chars(word: &str, out: &mut String) {
    for c in word.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' | '`' | '\u{00B4}' => out.push('\''),
            '.' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// British → American spellings that no rule covers (root forms; the rules
/// below handle plural and verb endings of the listed roots too).
const SPELLING: &[(&str, &str)] = &[
    ("programme", "program"),
    ("programmes", "programs"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("pretence", "pretense"),
    ("centre", "center"),
    ("centres", "centers"),
    ("theatre", "theater"),
    ("theatres", "theaters"),
    ("metre", "meter"),
    ("metres", "meters"),
    ("litre", "liter"),
    ("fibre", "fiber"),
    ("calibre", "caliber"),
    ("sombre", "somber"),
    ("spectre", "specter"),
    ("manoeuvre", "maneuver"),
    ("manoeuvres", "maneuvers"),
    ("catalogue", "catalog"),
    ("analogue", "analog"),
    ("grey", "gray"),
    ("tyre", "tire"),
    ("plough", "plow"),
    ("cheque", "check"),
    ("sceptical", "skeptical"),
    ("sceptic", "skeptic"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("acknowledgement", "acknowledgment"),
    ("enrol", "enroll"),
    ("fulfil", "fulfill"),
    ("skilful", "skillful"),
    ("wilful", "willful"),
    ("mould", "mold"),
    ("storey", "story"),
    ("aluminium", "aluminum"),
    ("paediatric", "pediatric"),
    ("encyclopaedia", "encyclopedia"),
    ("kerb", "curb"),
    ("pyjamas", "pajamas"),
    ("draught", "draft"),
    ("moustache", "mustache"),
    ("towards", "toward"),
    ("whilst", "while"),
    ("amongst", "among"),
];

/// Words in `-our` whose American form is `-or` (the ending alone is not a
/// rule: `four`, `hour`, `tour`, `your`, `pour` keep it).
#[rustfmt::skip]
const OUR_WORDS: &[&str] = &[
    "arbour", "ardour", "armour", "behaviour", "candour", "clamour", "colour", "demeanour",
    "endeavour", "favour", "fervour", "flavour", "harbour", "honour", "humour", "labour",
    "neighbour", "odour", "parlour", "rancour", "rigour", "rumour", "saviour", "savour",
    "splendour", "tumour", "valour", "vapour", "vigour",
];

/// Roots whose British forms double the final `l` before `-ed/-ing/-er`.
#[rustfmt::skip]
const DOUBLE_L: &[&str] = &[
    "cancel", "channel", "counsel", "dial", "duel", "equal", "fuel", "jewel", "label", "level",
    "marshal", "marvel", "model", "panel", "pedal", "quarrel", "rival", "signal", "total",
    "travel", "tunnel", "unravel",
];

/// Words ending in `-ise` that keep the `s` in American spelling too.
#[rustfmt::skip]
const ISE_KEEP: &[&str] = &[
    "advertise", "advise", "anise", "apprise", "arise", "chastise", "circumcise", "clockwise",
    "comprise", "compromise", "concise", "counterwise", "demise", "despise", "devise", "disguise",
    "enterprise", "excise", "exercise", "expertise", "franchise", "guise", "improvise", "incise",
    "likewise", "merchandise", "mortise", "noise", "otherwise", "paradise", "poise", "praise",
    "precise", "premise", "promise", "raise", "reprise", "revise", "rise", "sunrise", "supervise",
    "surmise", "surprise", "televise", "treatise", "turquoise", "wise", "cruise", "bruise",
    "tortoise", "porpoise", "valise", "chemise", "cerise", "prise", "upraise", "uprise",
    "appraise", "dispraise", "vise", "ise",
];

/// Maps a folded British spelling to the American one; other words unchanged.
pub fn american(word: &str) -> String {
    spell(word).into_owned()
}

/// Whether `word` contains `pat` (two or three bytes): a window compare.
/// `str::contains` searches with SIMD, built for long texts, and on a word
/// of a few bytes its set-up and `memcmp` calls cost more than the search,
/// which the word diff runs for every word it spells.
#[inline]
fn holds(word: &str, pat: &[u8]) -> bool {
    word.as_bytes().windows(pat.len()).any(|w| w == pat)
}

/// [`american`] without a copy when the word is unchanged (most words).
///
/// Each rule below applies only to words containing a given two- or
/// three-letter string (`our`, `ll`, `is`/`ys`); testing for it first skips
/// the suffix loops for nearly every word without changing any result.
pub fn spell(word: &str) -> Cow<'_, str> {
    static TABLE: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| SPELLING.iter().copied().collect());
    if let Some(us) = table.get(word) {
        return Cow::Borrowed(us);
    }
    // -our → -or, with plural and verb endings.
    if holds(word, b"our") {
        for suffix in ["", "s", "ed", "ing", "able", "ite", "ites", "ful"] {
            if let Some(root) = word.strip_suffix(suffix) {
                if OUR_WORDS.contains(&root) {
                    let mut s = root[..root.len() - 3].to_string();
                    s.push_str("or");
                    s.push_str(suffix);
                    return Cow::Owned(s);
                }
            }
        }
    }
    // travelled / travelling / traveller → one l.
    if holds(word, b"ll") {
        for suffix in ["led", "ling", "ler", "lers"] {
            if let Some(root) = word.strip_suffix(suffix) {
                if root.ends_with('l') && DOUBLE_L.contains(&root) {
                    return Cow::Owned(format!("{}{}", root, &suffix[1..]));
                }
            }
        }
    }
    // -ise / -ised / -ising / -isation / -iser / -yse → z.
    if holds(word, b"is") || holds(word, b"ys") {
        for (gb, us) in [
            ("isation", "ization"),
            ("isations", "izations"),
            ("ise", "ize"),
            ("ises", "izes"),
            ("ised", "ized"),
            ("ising", "izing"),
            ("iser", "izer"),
            ("isers", "izers"),
            ("yse", "yze"),
            ("ysed", "yzed"),
            ("yses", "yzes"),
            ("ysing", "yzing"),
        ] {
            if let Some(root) = word.strip_suffix(gb) {
                if root.len() < 2 {
                    continue;
                }
                let base =
                    if gb.starts_with('y') { format!("{root}yse") } else { format!("{root}ise") };
                if ISE_KEEP.iter().any(|k| base == *k || (k.len() >= 5 && base.ends_with(k))) {
                    return Cow::Borrowed(word);
                }
                return Cow::Owned(format!("{root}{us}"));
            }
        }
    }
    Cow::Borrowed(word)
}

// Irregular forms from WordNet's exception lists: `EXCEPTIONS` is the
// includer's (the library's `data::EXCEPTIONS`, the build script's own
// `include_str!` of `corpus/lexicon/exceptions.txt`), as this file may use
// nothing of the crate.
use super::EXCEPTIONS;

/// Singular words in `-men` (the `-men` → `-man` plural rule skips them).
#[rustfmt::skip]
const MEN_SINGULAR: &[&str] = &[
    "abdomen", "acumen", "albumen", "amen", "bitumen", "carmen", "cerumen", "hymen", "lumen",
    "omen", "regimen", "rumen", "semen", "specimen", "stamen", "yemen", "germen", "dolmen",
];

/// The base form of an irregular noun plural or verb form, if it is one.
pub fn base_form(word: &str) -> Option<Cow<'static, str>> {
    static TABLE: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        EXCEPTIONS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    });
    if let Some(base) = table.get(word) {
        return Some(Cow::Borrowed(base));
    }
    if let Some(root) = word.strip_suffix("men") {
        if root.len() >= 3 && !MEN_SINGULAR.contains(&word) {
            return Some(Cow::Owned(format!("{root}man")));
        }
    }
    None
}

/// English function words: no weight in scoring.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even",
    "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
    "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would", "you",
    "your", "yours", "yourself", "yourselves", "us", "said", "says", "say", "told", "also", "may",
    "might", "must", "well", "already", "yet", "still", "ever", "s", "t", "mr", "ms", "mrs",
    "its", "it's", "we're", "they're", "i'm", "that's", "there's", "let", "per", "via", "like", "reportedly", "according",
    // light verbs: "take place", "make progress" carry their meaning in the noun
    "take", "make", "get", "give", "go", "come", "put", "become", "seem",
];

/// Whether a folded word is a function word.
pub fn is_stopword(folded: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect()).contains(folded)
}

/// The Snowball (Porter2) English stemmer behind every key, with the
/// spelling and irregular-form steps that come before it.
pub struct Stemmer(rust_stemmers::Stemmer);

impl Default for Stemmer {
    fn default() -> Stemmer {
        Stemmer(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
    }
}

impl Stemmer {
    /// The stem key form of one folded word: spelling normalised, irregular
    /// forms mapped to their base (`sent` → `send`, `servicemen` →
    /// `serviceman`), then stemmed.
    pub fn stem(&self, folded: &str) -> String {
        self.stem_and_stop(folded).0
    }

    /// [`Stemmer::stem`], and whether the word is a function word for
    /// scoring: empty, a function word, or the irregular form of one
    /// (`were` ... through its base). One spelling and base-form look-up
    /// serves both.
    pub fn stem_and_stop(&self, folded: &str) -> (String, bool) {
        let spelt = spell(folded);
        let base = base_form(&spelt);
        let stop =
            folded.is_empty() || is_stopword(folded) || base.as_deref().is_some_and(is_stopword);
        (self.0.stem(base.as_deref().unwrap_or(&spelt)).into_owned(), stop)
    }
}

/// The concepts of a lexicon table (`ID<TAB>word word ...` per line, `#`
/// comments): the words field of each, in order. Concept numbers are given
/// in this order, so every reader of a table must go through here.
pub fn concepts(table: &str) -> impl Iterator<Item = &str> {
    table.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut fields = line.split('\t');
        match (fields.next(), fields.next()) {
            (Some(_id), Some(words)) => Some(words),
            _ => None,
        }
    })
}

/// The one-word members of each framing group (see `classify`) as a
/// lexicon table: "war" and "crisis" name one thing, whatever the charge.
pub fn framing_table(framing: &str) -> String {
    let mut out = String::new();
    for (i, line) in framing.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        let words: Vec<&str> = line
            .split('=')
            .map(|m| m.trim().trim_start_matches('!'))
            .filter(|m| !m.is_empty() && !m.contains(char::is_whitespace) && !m.contains('-'))
            .collect();
        if words.len() >= 2 {
            out.push_str(&format!("f{i}\t{}\n", words.join(" ")));
        }
    }
    out
}

/// The stems of a concept's words field, in order: each word folded and
/// stemmed; empty words and function words are left out.
pub fn concept_stems<'a>(
    stemmer: &'a Stemmer,
    words: &'a str,
) -> impl Iterator<Item = String> + 'a {
    words.split_whitespace().filter_map(|word| {
        let folded = fold(word);
        if folded.is_empty() || is_stopword(&folded) {
            return None;
        }
        Some(stemmer.stem(&folded))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_folding_is_the_general_folding() {
        let chars: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        let words = ["U.S.", "People's", "DON`T", "allies'", "Kim", "a.m.", "x'", "Q&A", "`"];
        for text in chars.iter().map(String::as_str).chain(words) {
            let mut general = String::new();
            fold_chars(text, &mut general);
            strip_possessive(&mut general, 0);
            assert_eq!(fold(text), general, "{text:?}");
        }
    }

    #[test]
    fn folding_into_a_shared_buffer_folds_each_word_alone() {
        // Words that fold to nothing, or whose end would read as a
        // possessive together with the word before them.
        let words =
            ["o'", "s", "x''", "s", "People's", ".", "'", "s'", "Kim", "'s", "allies'", "É''", "s"];
        let mut buf = String::new();
        let mut alone = String::new();
        for w in words {
            fold_into(w, &mut buf);
            alone.push_str(&fold(w));
            assert_eq!(buf, alone, "after {w:?}");
        }
    }

    #[test]
    fn spelling_table_has_one_entry_per_word() {
        let mut seen = FxHashSet::default();
        for (gb, _) in SPELLING {
            assert!(seen.insert(gb), "{gb} twice: a table look-up would keep the last");
        }
    }
}
