//! Normalisation for matching: from word tokens to matching keys.
//!
//! Offsets never move: normalisation works on copies of token text and every
//! [`Term`] points back at the tokens (and so the bytes) it came from.
//!
//! Three layers, each kept because a real difference between outlets needs it:
//!
//! 1. **Folding** ([`fold`]): lower case, accents removed (NFKD, combining
//!    marks dropped), typographic apostrophes made plain, periods inside
//!    abbreviations dropped (`U.S.` → `us`) and the possessive `'s` dropped
//!    (`People’s` → `people`). The same remark in two translations differs in
//!    exactly these ways.
//! 2. **Spelling** ([`american`]): British spellings mapped to American ones
//!    (`programme`, `defence`, `stabilisation`, `neighbours`, `fuelling`), by
//!    a word list plus the `-ise`/`-yse` rule with its exceptions (`exercise`,
//!    `advise` ... keep their `s`).
//! 3. **Keys**: a Snowball (Porter2) stem of the spelt word, so
//!    `liberate`/`liberating` and `action`/`actions` meet; and name
//!    **aliases** (`DPRK` = `North Korea` = `Pyongyang`) matched longest-first
//!    over the folded words and replaced by one key for the whole phrase. The
//!    alias table is data (`corpus/aliases.txt`), extendable by the user.
//!
//! Function words are marked [`Term::stop`]: they stay in the term list (the
//! word diff needs them) but weigh nothing when scoring.
//!
//! Layers 1–3 for a single word live in the submodule `word`
//! (`src/normalize/word.rs`), which uses nothing else of the crate: the build
//! script includes the same file to stem the bundled lexicon at build time
//! (see [`crate::lexicon`]). Word lists are looked up in hash tables, and
//! each spelling rule is tried only on words containing the letters it
//! rewrites; the results are those of the plain list scans they replace.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use crate::model::{Key, Term, Token};

mod word;

pub use word::{american, fold, is_stopword, spell};
pub(crate) use word::{concept_stems, concepts};

/// Hashes a normalised string into a [`Key`].
pub fn key_of(s: &str) -> Key {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    // Finish with a length-dependent mix so that prefixes differ strongly.
    h.write_usize(s.len());
    h.finish()
}

/// One alias variant: its folded words, canonical name, and whether it only
/// matches acronym-cased tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Variant {
    words: Vec<String>,
    canonical: String,
    /// Matches only tokens written in capitals (`US`, `U.S.`, `UN`): set for a
    /// variant written in double quotes, and for a one-word variant that,
    /// lower-cased, is a function word (`us`, `who`).
    acronym: bool,
}

/// Name aliases: phrases (sequences of folded words) mapped to a canonical name.
#[derive(Clone, Debug, Default)]
pub struct Aliases {
    /// First word → variants starting with it, longest first. (FxHash: it
    /// is probed for every token.)
    by_first: FxHashMap<String, Vec<Variant>>,
}

impl Aliases {
    /// Parses alias groups: one group per line, `canonical = variant = ...`;
    /// `#` starts a comment. Variants are folded and split into words the way
    /// tokens are, so `Kim Jong-un` and `kim jong un` are the same variant.
    pub fn parse(text: &str) -> Aliases {
        let mut a = Aliases::default();
        a.extend(text);
        a
    }

    /// Adds the groups of another alias file; later groups win on conflict.
    pub fn extend(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut names = line.split('=').map(str::trim).filter(|s| !s.is_empty());
            let Some(canonical) = names.next() else {
                continue;
            };
            let canonical_words = phrase_words(canonical);
            if canonical_words.is_empty() {
                continue;
            }
            let canonical_norm = format!("@{}", canonical_words.join(" "));
            for variant in std::iter::once(canonical).chain(names) {
                let quoted =
                    variant.len() >= 2 && variant.starts_with('"') && variant.ends_with('"');
                let words = phrase_words(variant.trim_matches('"'));
                if words.is_empty() {
                    continue;
                }
                let acronym = quoted || (words.len() == 1 && is_stopword(&words[0]));
                let list = self.by_first.entry(words[0].clone()).or_default();
                list.retain(|v| !(v.words == words && v.acronym == acronym));
                list.push(Variant { words, canonical: canonical_norm.clone(), acronym });
                list.sort_by(|x, y| {
                    y.words
                        .len()
                        .cmp(&x.words.len())
                        .then_with(|| x.words.cmp(&y.words))
                        .then(x.acronym.cmp(&y.acronym))
                });
            }
        }
    }

    /// The longest alias phrase starting at `words[0]`: (number of words,
    /// canonical). `upper[0]` says whether the first token is written in capitals.
    fn longest(&self, words: &[&str], upper: &[bool]) -> Option<(usize, &str)> {
        let first = words.first()?;
        let list = self.by_first.get(*first)?;
        list.iter()
            .find(|v| {
                v.words.len() <= words.len()
                    && v.words.iter().zip(words).all(|(p, w)| p == w)
                    && (!v.acronym || upper.iter().take(v.words.len()).all(|u| *u))
            })
            .map(|v| (v.words.len(), v.canonical.as_str()))
    }
}

/// Splits a name the way the segmenter splits tokens (hyphens and spaces
/// separate words; apostrophes and abbreviation periods stay) and folds it.
fn phrase_words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2013}' || c == '\u{2014}')
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Turns tokens into matching terms.
pub struct Normalizer {
    stemmer: word::Stemmer,
    aliases: Aliases,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer").field("aliases", &self.aliases).finish()
    }
}

impl Normalizer {
    pub fn new(aliases: Aliases) -> Normalizer {
        Normalizer { stemmer: word::Stemmer::default(), aliases }
    }

    /// The stem key form of one folded word: spelling normalised, irregular
    /// forms mapped to their base (`sent` → `send`, `servicemen` →
    /// `serviceman`), then stemmed.
    pub fn stem(&self, folded: &str) -> String {
        self.stemmer.stem(folded)
    }

    /// The stemmer alone (what lexicon tables need).
    pub(crate) fn stemmer(&self) -> &word::Stemmer {
        &self.stemmer
    }

    /// Folded + spelling-normalised form of a word: what the word diff compares.
    pub fn diff_form(&self, word: &str) -> String {
        american(&fold(word))
    }

    /// Terms for the tokens `tokens` of `text`; `first` is the index of
    /// `tokens[0]` in the document's token list.
    pub fn terms(&self, text: &str, tokens: &[Token], first: usize) -> Vec<Term> {
        let folded: Vec<String> = tokens.iter().map(|t| fold(t.span.text(text))).collect();
        let upper: Vec<bool> = tokens
            .iter()
            .map(|t| {
                let w = t.span.text(text);
                w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
            })
            .collect();
        let refs: Vec<&str> = folded.iter().map(String::as_str).collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < refs.len() {
            if let Some((n, canonical)) = self.aliases.longest(&refs[i..], &upper[i..]) {
                out.push(Term {
                    key: key_of(canonical),
                    token: first + i,
                    len: n,
                    stop: false,
                    alias: true,
                    norm: canonical.to_string(),
                });
                i += n;
                continue;
            }
            let (norm, stop) = self.stemmer.stem_and_stop(refs[i]);
            out.push(Term {
                key: key_of(&norm),
                token: first + i,
                len: 1,
                stop,
                alias: false,
                norm,
            });
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn folds_case_accents_apostrophes_periods_possessives() {
        assert_eq!(fold("People’s"), "people");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("DON’T"), "don't");
        assert_eq!(fold("allies'"), "allies");
    }

    #[test]
    fn british_to_american() {
        for (gb, us) in [
            ("programme", "program"),
            ("neighbours", "neighbors"),
            ("stabilisation", "stabilization"),
            ("specialised", "specialized"),
            ("fuelling", "fueling"),
            ("travellers", "travelers"),
            ("defence", "defense"),
            ("analyse", "analyze"),
            ("revitalise", "revitalize"),
            ("honoured", "honored"),
        ] {
            assert_eq!(american(gb), us, "{gb}");
        }
        for keep in [
            "exercise",
            "exercises",
            "advised",
            "otherwise",
            "surprising",
            "four",
            "hour",
            "precise",
            "rise",
            "promise",
        ] {
            assert_eq!(american(keep), keep, "{keep}");
        }
    }

    fn toks(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            let word = c.is_alphanumeric() || c == '’' || c == '\'';
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(Token { span: Span::new(s, i) });
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(Token { span: Span::new(s, text.len()) });
        }
        out
    }

    #[test]
    fn aliases_match_longest_phrase_and_share_a_key() {
        let n = Normalizer::new(Aliases::parse(
            "dprk = north korea = democratic people's republic of korea = pyongyang\nkorea",
        ));
        let a = "the Democratic People’s Republic of Korea said";
        let b = "North Korea said";
        let ta = n.terms(a, &toks(a), 0);
        let tb = n.terms(b, &toks(b), 0);
        assert_eq!(ta.len(), 3);
        assert!(ta[1].alias && ta[1].len == 5);
        assert_eq!(ta[1].key, tb[0].key);
        assert_eq!(ta[2].key, tb[1].key);
        assert!(ta[0].stop);
    }

    #[test]
    fn acronym_aliases_match_capitals_only() {
        let n = Normalizer::new(Aliases::parse("united states = \"US\" = u.s. = washington"));
        let a = "the US and the U.S. told us";
        let doc = crate::model::Document::new("t", a);
        let t = n.terms(a, &crate::segment::segment(&doc).tokens, 0);
        let aliases: Vec<bool> = t.iter().map(|t| t.alias).collect();
        assert_eq!(aliases, vec![false, true, false, false, true, false, false]);
    }

    #[test]
    fn stems_inflections_together() {
        let n = Normalizer::new(Aliases::default());
        assert_eq!(n.stem("liberate"), n.stem("liberating"));
        assert_eq!(n.stem("actions"), n.stem("action"));
        assert_eq!(n.stem("programmes"), n.stem("programs"));
    }
}
