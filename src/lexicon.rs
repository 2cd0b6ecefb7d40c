//! Lexical semantics: which words mean nearly the same thing.
//!
//! Word overlap alone cannot link "thanked ... for the troops" to "expressed
//! gratitude for the contribution of the ... servicemen". The lexicon groups
//! words into *concepts*; two words are related when they share one.
//!
//! Two tables ship in `corpus/lexicon/` and are embedded in the binary:
//!
//! * `wordnet.txt`, derived from WordNet 3.0 by `corpus/lexicon/build.py`:
//!   synsets restricted to each word's most frequent senses, with their
//!   derivationally related forms (see `corpus/lexicon/README.md` for the
//!   choices and their measured effect);
//! * `synonyms.txt`, a short curated list of news and diplomatic vocabulary
//!   that WordNet's senses miss, which users extend.
//!
//! Format of both: `ID<TAB>word word ...` per concept, `#` for comments.
//! Words are normalised (folded, American spelling, stemmed) exactly like
//! document tokens, so inflections need not be listed.
//!
//! Building the bundled lexicon (stemming the ~100,000 words of
//! `wordnet.txt`, filling a hash table) would take most of the start-up time
//! of a run, so the build script (`build.rs`) does it once, with the
//! normaliser's own word-level code (`src/normalize/word.rs`), and embeds the
//! result as a static open-addressing table: [`Lexicon::bundled`] costs
//! nothing, and the table's pages are read from the binary as they are
//! needed. The test `bundled_table_matches_the_stemmer` rebuilds the lexicon
//! from the words and fails if the two ever differ. A lexicon with tables of
//! its own (user tables) copies the static table into a hash map first; its
//! concept lists lie in one vector (not a vector per key: denser, and fewer
//! allocations).

use rustc_hash::FxHashMap;

use crate::data;
use crate::model::Key;
use crate::normalize::{concept_stems, concepts, key_of, Normalizer};

/// The bundled lexicon as `build.rs` builds it (format there).
mod table {
    include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));

    /// Whether keys hashed here are the keys the build script hashed.
    pub(super) fn usable() -> bool {
        super::key_of(CHECK_TEXT) == CHECK
    }

    /// The number of concepts.
    pub(super) fn count() -> u32 {
        COUNT
    }

    /// The concepts of `key` (ascending), empty when unknown.
    pub(super) fn concepts(key: super::Key) -> &'static [u32] {
        let mask = (1 << BITS) - 1;
        let tag = 0x80 | (key & 0x7F) as u8;
        let mut i = (key >> (64 - BITS)) as usize;
        loop {
            match TAGS[i] {
                0 => return &[],
                t if t == tag => {
                    let (k, start, len) = SLOTS[i];
                    if k == key {
                        return &IDS[start as usize..(start + len) as usize];
                    }
                }
                _ => {}
            }
            i = (i + 1) & mask;
        }
    }

    /// Every key with its concepts.
    pub(super) fn entries() -> impl Iterator<Item = (super::Key, &'static [u32])> {
        SLOTS
            .iter()
            .filter(|s| s.2 != 0)
            .map(|&(k, start, len)| (k, &IDS[start as usize..(start + len) as usize]))
    }
}

/// Concepts per normalised word.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// The concepts are those of the build-time table (`table`): the bundled
    /// lexicon, nothing added. Otherwise they are in `concepts` and `ids`.
    bundled: bool,
    /// Key → where its concepts lie in `ids` (start, length). FxHash (fixed
    /// seed): looked up for every term of every compared sentence, so the
    /// hash must be cheap on short keys, which SipHash is not.
    concepts: FxHashMap<Key, (u32, u32)>,
    /// The concept lists, each ascending. A list that grows moves to the end
    /// (see [`Lexicon::add`]); the space it leaves is not reused.
    ids: Vec<u32>,
    count: u32,
}

impl Lexicon {
    /// An empty lexicon: only exact keys match.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// The bundled tables (WordNet, synonyms, one-word framing groups):
    /// the build-time table, or, where its keys cannot be used, the tables
    /// stemmed once per process. Stems do not depend on the alias table, so
    /// one copy serves every normaliser.
    pub fn bundled() -> &'static Lexicon {
        static BUNDLED: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            if table::usable() {
                Lexicon { bundled: true, count: table::count(), ..Lexicon::default() }
            } else {
                Lexicon::bundled_from_words()
            }
        })
    }

    /// The bundled tables stemmed and hashed here: what the build-time table
    /// holds (the build script's keys are of no use if it hashed for another
    /// pointer width).
    fn bundled_from_words() -> Lexicon {
        let norm = Normalizer::new(crate::normalize::Aliases::default());
        let mut lex = Lexicon::default();
        lex.extend(&norm, data::WORDNET);
        lex.extend(&norm, data::SYNONYMS);
        lex.extend(&norm, &framing_table(data::FRAMING));
        lex
    }

    /// Moves the build-time table's concepts into `concepts` and `ids`, so
    /// that more can be added.
    fn unbundle(&mut self) {
        if !self.bundled {
            return;
        }
        self.bundled = false;
        self.concepts.reserve(table::entries().count());
        for (key, ids) in table::entries() {
            self.add(key, ids);
        }
    }

    /// Adds the concepts of one table. Only the stemmer of `norm` is used.
    pub fn extend(&mut self, norm: &Normalizer, table: &str) {
        self.unbundle();
        for words in concepts(table) {
            let id = self.count;
            self.count += 1;
            for stem in concept_stems(norm.stemmer(), words) {
                self.add(key_of(&stem), &[id]);
            }
        }
    }

    /// Files the concepts `new` (ascending) under `key`.
    fn add(&mut self, key: Key, new: &[u32]) {
        let end = self.ids.len() as u32;
        let Some(&(start, len)) = self.concepts.get(&key) else {
            self.ids.extend_from_slice(new);
            self.concepts.insert(key, (end, new.len() as u32));
            return;
        };
        let old = start as usize..(start + len) as usize;
        if let [id] = new {
            // One table's concepts arrive in ascending order: `id` is last.
            if self.ids[old.clone()].last() == Some(id) {
                return;
            }
            if old.end == self.ids.len() {
                self.ids.push(*id);
                self.concepts.insert(key, (start, len + 1));
                return;
            }
        }
        // Two stems of one hash (or a list that is not at the end): merge.
        let mut merged: Vec<u32> = self.ids[old].iter().chain(new).copied().collect();
        merged.sort_unstable();
        merged.dedup();
        self.ids.extend_from_slice(&merged);
        self.concepts.insert(key, (end, merged.len() as u32));
    }

    /// The concepts of a term key (sorted ascending), empty when unknown.
    pub fn concepts(&self, key: Key) -> &[u32] {
        if self.bundled {
            return table::concepts(key);
        }
        match self.concepts.get(&key) {
            Some(&(start, len)) => &self.ids[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// Whether two keys share a concept.
    pub fn related(&self, a: Key, b: Key) -> bool {
        share(self.concepts(a), self.concepts(b))
    }

    /// Number of concepts loaded.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// Whether two sorted concept lists ([`Lexicon::concepts`]) share a concept.
pub fn share(x: &[u32], y: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    // (No branch on which side is smaller: it is taken at random.)
    while i < x.len() && j < y.len() {
        let (c, d) = (x[i], y[j]);
        if c == d {
            return true;
        }
        i += usize::from(c < d);
        j += usize::from(d < c);
    }
    false
}

/// A concept list's signature: a bit (of 64, by a hash) per concept. Two
/// lists that [`share`] a concept have signatures that share a bit, so a
/// zero `x & y` of signatures rules sharing out without a merge.
pub fn signature(concepts: &[u32]) -> u64 {
    concepts.iter().fold(0, |m, &c| m | 1 << (c.wrapping_mul(0x9E37_79B9) >> 26))
}

/// The one-word members of each framing group (see `classify`) as a
/// lexicon table: "war" and "crisis" name one thing, whatever the charge.
pub fn framing_table(framing: &str) -> String {
    crate::normalize::framing_table(framing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{fold, Aliases};

    proptest::proptest! {
        /// Lists that share a concept have signatures that share a bit.
        #[test]
        fn signatures_of_lists_sharing_a_concept_meet(
            mut x in proptest::collection::vec(proptest::prelude::any::<u32>(), 0..8),
            mut y in proptest::collection::vec(proptest::prelude::any::<u32>(), 0..8),
            common in proptest::prelude::any::<u32>(),
        ) {
            for v in [&mut x, &mut y] {
                v.push(common);
                v.sort_unstable();
                v.dedup();
            }
            proptest::prop_assert!(share(&x, &y));
            proptest::prop_assert_ne!(signature(&x) & signature(&y), 0);
            proptest::prop_assert_eq!(signature(&[]), 0);
        }
    }

    #[test]
    fn words_sharing_a_concept_are_related_across_inflections() {
        let n = Normalizer::new(Aliases::default());
        let mut lex = Lexicon::empty();
        lex.extend(&n, "# test\nx1\tthank gratitude\nx2\ttroops servicemen\n");
        let k = |w: &str| key_of(&n.stem(&fold(w)));
        assert!(lex.related(k("thanked"), k("gratitude")));
        assert!(lex.related(k("serviceman"), k("troops")));
        assert!(!lex.related(k("thanked"), k("troops")));
        assert_eq!(lex.len(), 2);
    }

    /// Every key of either lexicon with its concepts in each.
    fn differences(a: &Lexicon, b: &Lexicon) -> usize {
        let keys: Vec<Key> = if a.bundled {
            table::entries().map(|(k, _)| k).collect()
        } else {
            a.concepts.keys().copied().collect()
        };
        keys.into_iter().filter(|&k| a.concepts(k) != b.concepts(k)).count()
    }

    #[test]
    fn bundled_table_matches_the_stemmer() {
        // The lexicon stemmed from the words at run time: if the table ever
        // differs from the run-time stemmer (a stale build, another stemmer
        // version), some key's concepts differ.
        let fresh = Lexicon::bundled_from_words();
        let bundled = Lexicon::bundled();
        assert!(table::usable(), "built for the build machine's pointer width");
        assert!(bundled.bundled);
        assert_eq!(bundled.count, fresh.count);
        let (stale, missing) = (differences(bundled, &fresh), differences(&fresh, bundled));
        assert!(
            stale == 0 && missing == 0,
            "the build-time table is out of step with the stemmer: {stale} keys differ or are \
             extra, {missing} differ or are missing"
        );
        let n = Normalizer::new(Aliases::default());
        assert!(bundled.related(key_of(&n.stem("thanked")), key_of(&n.stem("gratitude"))));
    }

    #[test]
    fn extending_the_bundled_lexicon_extends_its_concepts() {
        let n = Normalizer::new(Aliases::default());
        let extra = "u1\tthank grain\nu2\tzyzzyva troops\n";
        let mut from_table = Lexicon::bundled().clone();
        from_table.extend(&n, extra);
        let mut from_words = Lexicon::bundled_from_words();
        from_words.extend(&n, extra);
        assert!(!from_table.bundled);
        assert_eq!(from_table.count, from_words.count);
        assert_eq!(differences(&from_table, &from_words), 0);
        assert_eq!(differences(&from_words, &from_table), 0);
        let k = |w: &str| key_of(&n.stem(&fold(w)));
        assert!(from_table.related(k("thanks"), k("grain")));
        assert!(!Lexicon::bundled().related(k("thanks"), k("grain")));
    }

    #[test]
    fn concept_lists_stay_ascending_and_distinct_when_they_grow_or_merge() {
        let mut lex = Lexicon::empty();
        lex.add(1, &[0]);
        lex.add(2, &[0]);
        lex.add(1, &[1]); // not at the end: moves
        lex.add(1, &[1]); // again: nothing
        lex.add(1, &[2]); // at the end: grows in place
        lex.add(2, &[0, 3]); // another stem of the same key: merges
        lex.add(3, &[]);
        assert_eq!(lex.concepts(1), [0, 1, 2]);
        assert_eq!(lex.concepts(2), [0, 3]);
        assert_eq!(lex.concepts(3), [0u32; 0]);
        assert_eq!(lex.concepts(4), [0u32; 0]);
        assert!(lex.related(1, 2) && !lex.related(2, 3));
    }
}
