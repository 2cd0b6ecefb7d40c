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
//! rewrites; the results are those of plain scans of the lists.
//!
//! Preparing a document normalises every token, and nearly every token is a
//! word seen before: [`Normalizer::terms`] (and [`Normalizer::stem`],
//! [`Normalizer::key`], [`Normalizer::diff_form`]) look words up in a
//! per-thread cache first. The cache cannot change a result, because what a
//! word becomes depends on its text alone (see `WordCache` for the argument
//! and the layout).

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::data::EXCEPTIONS;
use crate::model::{Key, Term, Token};
use crate::words::REPORTING_VERBS;

mod word;

pub use word::{american, fold, fold_into, is_stopword, key_of, spell};
pub(crate) use word::{concept_stems, concepts, framing_table};

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
    /// First word → variants starting with it, longest first.
    by_first: FxHashMap<String, Vec<Variant>>,
    /// The stem keys of the first words in `by_first` (as
    /// [`Normalizer::key`] computes them). A token's key is the stem key of
    /// its folded word, so a token whose key is not here starts no alias:
    /// most tokens are settled without folding them again or reading
    /// `by_first`. (Words of one stem share a key, so a few tokens are
    /// checked for nothing; none is missed.)
    first_keys: FxHashSet<Key>,
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
        let stemmer = word::Stemmer::default();
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
                // (A term counts its tokens in a `u16`.)
                if words.is_empty() || words.len() > usize::from(u16::MAX) {
                    continue;
                }
                let acronym = quoted || (words.len() == 1 && is_stopword(&words[0]));
                self.first_keys.insert(key_of(&stemmer.stem(&words[0])));
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

    /// The canonical name (`@` and its folded words) whose key is `key`:
    /// what an alias term of key `key` was made from.
    fn canonical(&self, key: Key) -> Option<&str> {
        self.by_first.values().flatten().map(|v| v.canonical.as_str()).find(|c| key_of(c) == key)
    }

    /// Whether an alias may start with a token of stem key `key` (`false`:
    /// none does).
    fn may_start(&self, key: Key) -> bool {
        self.first_keys.contains(&key)
    }

    /// The longest alias phrase starting at word 0 of `n` words: (number of
    /// words, canonical). `fold_word(i)` is the folded word `i`, asked for
    /// only as far as some variant needs it; `upper(i)` says whether token `i`
    /// is written in capitals.
    fn longest(
        &self,
        n: usize,
        fold_word: impl Fn(usize) -> String,
        upper: impl Fn(usize) -> bool,
    ) -> Option<(usize, &str)> {
        if n == 0 {
            return None;
        }
        let mut words = vec![fold_word(0)];
        let list = self.by_first.get(&words[0])?;
        list.iter()
            .find(|v| {
                v.words.len() <= n
                    && v.words.iter().enumerate().all(|(i, p)| {
                        if i == words.len() {
                            words.push(fold_word(i));
                        }
                        *p == words[i]
                    })
                    && (!v.acronym || (0..v.words.len()).all(&upper))
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

/// What normalisation makes of one word (alias phrases aside): its stem key
/// form and key, and whether it is a function word.
#[derive(Debug, PartialEq)]
struct Word {
    key: Key,
    stop: bool,
    norm: compact_str::CompactString,
}

/// What a [`Word`] is made from (see [`Kind::make`]).
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A token's text: folded, then stemmed ([`Normalizer::terms`],
    /// [`Normalizer::key`]).
    Token = 0,
    /// An already folded word, stemmed ([`Normalizer::stem`]).
    Folded = 1,
    /// A token's text, folded and spelt the American way; `norm` is that
    /// form, `key` and `stop` are unused ([`Normalizer::diff_form`]).
    Diff = 2,
}

impl Kind {
    fn make(self, text: &str, stemmer: &word::Stemmer) -> Word {
        let stemmed = |folded: &str| {
            let (norm, stop) = stemmer.stem_and_stop(folded);
            Word { key: key_of(&norm), stop, norm: norm.into() }
        };
        match self {
            Kind::Token => stemmed(&fold(text)),
            Kind::Folded => stemmed(text),
            Kind::Diff => Word { key: 0, stop: false, norm: american(&fold(text)).into() },
        }
    }
}

/// Recently seen token texts of one thread and the [`Word`]s they make.
///
/// Why the cache is safe: a [`Word`] is a pure function of the token text
/// (and of the [`Kind`] of entry, which is part of the tag).
/// Folding, spelling, irregular forms, the function-word test and the
/// Snowball stemmer read nothing but the text and tables fixed at build
/// time, and every normaliser stems alike (alias tables, the only
/// per-normaliser state, are applied after the look-up, see
/// [`Normalizer::terms`]). So one cache serves every normaliser and every
/// document of a thread, a hit returns exactly what recomputing would, and
/// the output cannot depend on which thread saw a word first, on what was
/// evicted or on the table's size. Per thread (not shared) so that workers
/// never wait on each other.
///
/// Why this shape: preparation makes one look-up per token, so a hit must
/// cost about one memory access. The cache is direct-mapped: a token text of
/// at most [`TEXT_BYTES`] bytes (nearly all) is packed into three integers
/// that are both its hash input and its tag, and its slot (64 bytes, one
/// cache line) holds the tag, the key, the stop flag and the stem of up to
/// [`NORM_BYTES`] bytes inline. A new word overwrites whatever shared its
/// slot; longer texts and stems are simply not cached. The table starts
/// small ([`MIN_SLOTS`], 64 KiB: a short run pays nothing for it) and
/// doubles, keeping its entries, whenever it has missed as many times as it
/// has slots, up to [`MAX_SLOTS`] (4 MiB per thread): memory stays bounded
/// however many distinct words a corpus has. Without it, normalising the
/// same words again would be most of the time of preparation.
struct WordCache {
    /// Slots of [`SLOT_WORDS`] integers from `base` (so that slots lie on
    /// cache lines): tag (3), key (1), then 32 bytes: stem length, stop flag,
    /// stem. An all-zero tag is no text's ([`pack`]).
    table: Vec<u64>,
    base: usize,
    /// log2 of the number of slots.
    bits: u32,
    /// Misses since the table last grew.
    misses: usize,
}

const SLOT_WORDS: usize = 8;
const MIN_SLOTS: usize = 1 << 10;
const MAX_SLOTS: usize = 1 << 16;
const TEXT_BYTES: usize = 23;
const NORM_BYTES: usize = 30;

/// A text of at most [`TEXT_BYTES`] bytes and a [`Kind`] as three integers:
/// the bytes, zero padding, and in the last byte the length + 1 plus 32 times
/// the kind (so that no two texts or kinds, and no text and an empty slot,
/// share a value).
fn pack(text: &str, kind: Kind) -> Option<[u64; 3]> {
    let b = text.as_bytes();
    if b.len() > TEXT_BYTES {
        return None;
    }
    let mut buf = [0u8; TEXT_BYTES + 1];
    buf[..b.len()].copy_from_slice(b);
    buf[TEXT_BYTES] = b.len() as u8 + 1 + 32 * kind as u8;
    let word = |i: usize| u64::from_le_bytes(buf[8 * i..8 * i + 8].try_into().expect("8 bytes"));
    Some([word(0), word(1), word(2)])
}

impl WordCache {
    fn new(slots: usize) -> WordCache {
        // Zeroed (`calloc`): pages are only mapped once a slot is used.
        let table = vec![0u64; (slots + 1) * SLOT_WORDS];
        let line = SLOT_WORDS * 8;
        let base = (line - table.as_ptr() as usize % line) % line / 8;
        WordCache { table, base, bits: slots.trailing_zeros(), misses: 0 }
    }

    /// Where the slot of a packed text starts in `table`.
    fn index(&self, tag: &[u64]) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let h = ((tag[0].wrapping_mul(K) ^ tag[1]).wrapping_mul(K) ^ tag[2]).wrapping_mul(K);
        self.base + (h >> (64 - self.bits)) as usize * SLOT_WORDS
    }

    /// The [`Word`] of kind `kind` of `text`.
    fn word(&mut self, text: &str, kind: Kind, stemmer: &word::Stemmer) -> Word {
        let Some(tag) = pack(text, kind) else {
            return kind.make(text, stemmer);
        };
        let i = self.index(&tag);
        let slot = &self.table[i..i + SLOT_WORDS];
        let mut tail = [0u8; 32];
        if slot[..3] == tag {
            for (bytes, w) in tail.chunks_exact_mut(8).zip(&slot[4..]) {
                bytes.copy_from_slice(&w.to_le_bytes());
            }
            let norm = std::str::from_utf8(&tail[2..2 + usize::from(tail[0])])
                .expect("a cached stem is a whole string");
            return Word { key: slot[3], stop: tail[1] != 0, norm: norm.into() };
        }
        let word = kind.make(text, stemmer);
        self.misses += 1;
        if self.misses > 1 << self.bits && 1 << self.bits < MAX_SLOTS {
            self.grow();
        }
        if word.norm.len() <= NORM_BYTES {
            tail[0] = word.norm.len() as u8;
            tail[1] = u8::from(word.stop);
            tail[2..2 + word.norm.len()].copy_from_slice(word.norm.as_bytes());
            let i = self.index(&tag);
            let slot = &mut self.table[i..i + SLOT_WORDS];
            slot[..3].copy_from_slice(&tag);
            slot[3] = word.key;
            for (w, bytes) in slot[4..].iter_mut().zip(tail.chunks_exact(8)) {
                *w = u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
            }
        }
        word
    }

    /// Doubles the table, keeping the words it holds.
    fn grow(&mut self) {
        let mut bigger = WordCache::new(2 << self.bits);
        let slots = self.table[self.base..].chunks_exact(SLOT_WORDS).take(1 << self.bits);
        for slot in slots.filter(|s| s[..3] != [0; 3]) {
            let i = bigger.index(slot);
            bigger.table[i..i + SLOT_WORDS].copy_from_slice(slot);
        }
        *self = bigger;
    }
}

thread_local! {
    static WORDS: RefCell<Option<WordCache>> = const { RefCell::new(None) };
}

/// Whether a token is written in capitals: at least one letter, no
/// lower-case one.
fn is_upper(token: &str) -> bool {
    token.chars().any(char::is_alphabetic) && !token.chars().any(char::is_lowercase)
}

impl Normalizer {
    pub fn new(aliases: Aliases) -> Normalizer {
        Normalizer { stemmer: word::Stemmer::default(), aliases }
    }

    /// The stem key form of one folded word: spelling normalised, irregular
    /// forms mapped to their base (`sent` → `send`, `servicemen` →
    /// `serviceman`), then stemmed.
    pub fn stem(&self, folded: &str) -> String {
        self.cached(folded, Kind::Folded).norm.into()
    }

    /// The key of a token's text: [`key_of`] its [`Normalizer::stem`] once
    /// [`fold`]ed, what [`Normalizer::terms`] gives a word that starts no
    /// alias.
    pub fn key(&self, token: &str) -> Key {
        self.cached(token, Kind::Token).key
    }

    /// [`Kind::make`] through this thread's [`WordCache`] (directly if the
    /// cache is in use or gone, a case no caller reaches).
    fn cached(&self, text: &str, kind: Kind) -> Word {
        WORDS
            .try_with(|cache| {
                let mut cache = cache.try_borrow_mut().ok()?;
                let cache = cache.get_or_insert_with(|| WordCache::new(MIN_SLOTS));
                Some(cache.word(text, kind, &self.stemmer))
            })
            .ok()
            .flatten()
            .unwrap_or_else(|| kind.make(text, &self.stemmer))
    }

    /// The text a term of `tokens` (a document's tokens, over `text`) was
    /// keyed from: the stem of its word, or `@` and the canonical name of
    /// its alias. [`Term`] does not hold it (see there); this makes it again,
    /// for display and tests. `term` must come from this normaliser's
    /// [`Normalizer::terms`] over the same tokens.
    pub fn term_norm(&self, text: &str, tokens: &[Token], term: &Term) -> String {
        if term.alias {
            // The key of an alias term is `key_of` its canonical name; a term
            // from another alias table shows as its key.
            match self.aliases.canonical(term.key) {
                Some(c) => c.to_string(),
                None => format!("@{:016x}", term.key),
            }
        } else {
            self.stem(&fold(tokens[term.first()].span().text(text)))
        }
    }

    /// Whether a term's key ([`Term::key`]) is that of a verb that reports
    /// speech (`words::REPORTING_VERBS`: "said", "warned", "according to"). The
    /// verbs are stemmed once per process: stems do not depend on aliases.
    pub fn is_reporting(&self, key: Key) -> bool {
        static KEYS: OnceLock<FxHashSet<Key>> = OnceLock::new();
        KEYS.get_or_init(|| REPORTING_VERBS.iter().map(|w| key_of(&self.stem(w))).collect())
            .contains(&key)
    }

    /// The stemmer alone (what lexicon tables need).
    pub(crate) fn stemmer(&self) -> &word::Stemmer {
        &self.stemmer
    }

    /// Folded + spelling-normalised form of a word: what the word diff compares.
    pub fn diff_form(&self, word: &str) -> String {
        self.cached(word, Kind::Diff).norm.into()
    }

    /// [`Normalizer::diff_form`] as a fixed-seed 64-bit hash
    /// ([`word::key_of`]): equal forms, equal keys; 8 bytes per token where
    /// the form itself would be a string.
    pub fn diff_key(&self, word: &str) -> Key {
        key_of(&self.cached(word, Kind::Diff).norm)
    }

    /// Terms for the tokens `tokens` of `text`; `first` is the index of
    /// `tokens[0]` in the document's token list.
    ///
    /// # Panics
    ///
    /// If a token index does not fit [`Term::token`] (`u32`): a document of
    /// more than 4 GiB.
    pub fn terms(&self, text: &str, tokens: &[Token], first: usize) -> Vec<Term> {
        let index = |i: usize| u32::try_from(i).expect("fewer than 2^32 tokens in a document");
        WORDS.with_borrow_mut(|cache| {
            let cache = cache.get_or_insert_with(|| WordCache::new(MIN_SLOTS));
            let token = |i: usize| tokens[i].span().text(text);
            let mut out = Vec::with_capacity(tokens.len());
            let mut i = 0;
            while i < tokens.len() {
                let w = cache.word(token(i), Kind::Token, &self.stemmer);
                if self.aliases.may_start(w.key) {
                    let found = self.aliases.longest(
                        tokens.len() - i,
                        |k| fold(token(i + k)),
                        |k| is_upper(token(i + k)),
                    );
                    if let Some((n, canonical)) = found {
                        out.push(Term {
                            key: key_of(canonical),
                            token: index(first + i),
                            len: u16::try_from(n).expect("alias variants fit (Aliases::extend)"),
                            stop: false,
                            alias: true,
                        });
                        i += n;
                        continue;
                    }
                }
                out.push(Term {
                    key: w.key,
                    token: index(first + i),
                    len: 1,
                    stop: w.stop,
                    alias: false,
                });
                i += 1;
            }
            out
        })
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
                    out.push(Token::new(Span::new(s, i)));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(Token::new(Span::new(s, text.len())));
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

    #[test]
    fn the_word_cache_returns_what_normalising_returns() {
        // More distinct words than the smallest table has slots, twice, in two
        // orders: the table grows, slots are overwritten, and every answer
        // must still be the uncached one. Long texts (not cached), accents,
        // capitals, apostrophes, function words and the empty text included.
        let stemmer = word::Stemmer::default();
        let mut texts: Vec<String> = (0..3 * MIN_SLOTS)
            .map(|i| format!("{}{}", ["Liberating", "programmes", "Café", "the", "were"][i % 5], i))
            .collect();
        texts.extend(
            ["", "a", "a\0", "US", "U.S.", "People’s", "naïve", "x".repeat(23).as_str()]
                .map(String::from),
        );
        texts.push("Counterrevolutionaries-in-waiting".into());
        let mut cache = WordCache::new(MIN_SLOTS);
        for text in texts.iter().chain(texts.iter().rev()).chain(&texts) {
            for kind in [Kind::Token, Kind::Folded, Kind::Diff] {
                let uncached = kind.make(text, &stemmer);
                assert_eq!(cache.word(text, kind, &stemmer), uncached, "{text:?} {kind:?}");
            }
        }
        assert!(1 << cache.bits > MIN_SLOTS);
        assert_ne!(pack("a", Kind::Token), pack("a\0", Kind::Token));
        assert_ne!(pack("a", Kind::Token), pack("a", Kind::Folded));
        assert_ne!(pack("", Kind::Token), Some([0; 3]));
        // The public entry points agree with the uncached functions.
        let n = Normalizer::new(Aliases::default());
        for text in ["Programmes", "servicemen", "sent", "U.S.", "naïve", &"x".repeat(40)] {
            assert_eq!(n.stem(&fold(text)), stemmer.stem(&fold(text)));
            assert_eq!(n.key(text), key_of(&stemmer.stem(&fold(text))));
            assert_eq!(n.diff_form(text), american(&fold(text)));
        }
    }

    #[test]
    fn terms_do_not_depend_on_the_cache() {
        let n = Normalizer::new(Aliases::parse("dprk = north korea\nunited states = \"US\""));
        let a = "The US and North Korea’s programmes: the DPRK said us";
        let first = n.terms(a, &toks(a), 0);
        let again = n.terms(a, &toks(a), 0);
        let cold = std::thread::scope(|s| s.spawn(|| n.terms(a, &toks(a), 0)).join().unwrap());
        assert_eq!(first, again);
        assert_eq!(first, cold);
        assert_eq!(first.iter().filter(|t| t.alias).count(), 3);
    }

    #[test]
    fn a_terms_key_is_the_key_of_its_norm() {
        // What lets `Term` hold the key alone: for words and alias phrases
        // alike, the key is `key_of` the text `term_norm` gives back.
        let n = Normalizer::new(Aliases::parse(
            "dprk = north korea = democratic people's republic of korea\nunited states = \"US\"",
        ));
        let a = "The US said North Korea’s programmes were liberating the DPRK, servicemen said";
        let toks = toks(a);
        let terms = n.terms(a, &toks, 0);
        let norms: Vec<String> = terms.iter().map(|t| n.term_norm(a, &toks, t)).collect();
        for (t, norm) in terms.iter().zip(&norms) {
            assert_eq!(t.key, key_of(norm), "{norm}");
            assert_eq!(t.alias, norm.starts_with('@'), "{norm}");
        }
        assert_eq!(
            norms.join("|"),
            "the|@united states|say|@dprk|program|be|liber|the|@dprk|serviceman|say"
        );
    }
}
