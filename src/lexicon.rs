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
//! Stemming the ~100,000 words of `wordnet.txt` took most of the start-up
//! time of a run, so the build script (`build.rs`) does it once, with the
//! normaliser's own word-level code (`src/normalize/word.rs`), and embeds
//! each distinct stem with its concepts: [`Lexicon::bundled`] only hashes
//! the stems. The test `bundled_stems_match_the_stemmer` rebuilds the
//! lexicon from the words and fails if the two ever differ. The concept
//! lists of all keys lie in one vector (not a vector per key: ~35,000 fewer
//! allocations at start-up, and denser for the aligner's look-ups).

use rustc_hash::FxHashMap;

use crate::model::Key;
use crate::normalize::{concept_stems, concepts, key_of, Normalizer};

/// The bundled WordNet-derived table.
pub const BUNDLED_WORDNET: &str = include_str!("../corpus/lexicon/wordnet.txt");
/// [`BUNDLED_WORDNET`] stemmed by `build.rs`: its number of concepts, then
/// each distinct stem with its concepts (format in `build.rs`).
const BUNDLED_WORDNET_STEMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/wordnet.stems"));
/// The bundled curated synonym table.
pub const BUNDLED_SYNONYMS: &str = include_str!("../corpus/lexicon/synonyms.txt");

/// Concepts per normalised word.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Key → where its concepts lie in `ids` (start, length). FxHash (fixed
    /// seed): looked up for every term of every compared sentence, where
    /// SipHash cost a third of the run time.
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

    /// The bundled tables, built once per process. Stems do not depend on
    /// the alias table, so one copy serves every normaliser.
    pub fn bundled() -> &'static Lexicon {
        static BUNDLED: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            let norm = Normalizer::new(crate::normalize::Aliases::default());
            let mut lex = Lexicon::default();
            lex.extend_stemmed(BUNDLED_WORDNET_STEMS);
            debug_assert!(lex.count > 0, "the stem table is read");
            lex.extend(&norm, BUNDLED_SYNONYMS);
            lex.extend(&norm, &framing_table(crate::classify::BUNDLED_FRAMING));
            lex
        })
    }

    /// Adds the concepts of one table. Only the stemmer of `norm` is used.
    pub fn extend(&mut self, norm: &Normalizer, table: &str) {
        for words in concepts(table) {
            let id = self.count;
            self.count += 1;
            for stem in concept_stems(norm.stemmer(), words) {
                self.add(key_of(&stem), &[id]);
            }
        }
    }

    /// Adds the concepts of a table stemmed by `build.rs` (format there).
    fn extend_stemmed(&mut self, table: &[u8]) {
        let mut table = Reader(table);
        let first = self.count;
        let (count, stems, total) = (table.number(), table.number(), table.number());
        self.concepts.reserve(stems as usize);
        self.ids.reserve(total as usize);
        let mut ids = Vec::new();
        for _ in 0..stems {
            let len = table.number() as usize;
            let stem = std::str::from_utf8(table.bytes(len)).expect("build.rs writes UTF-8");
            let n = table.number();
            ids.clear();
            ids.extend((0..n).map(|_| first + table.number()));
            self.add(key_of(stem), &ids);
        }
        debug_assert!(table.0.is_empty());
        self.count += count;
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
        match self.concepts.get(&key) {
            Some(&(start, len)) => &self.ids[start as usize..(start + len) as usize],
            None => &[],
        }
    }

    /// Whether two keys share a concept.
    pub fn related(&self, a: Key, b: Key) -> bool {
        let (x, y) = (self.concepts(a), self.concepts(b));
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Number of concepts loaded.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// Reads the table `build.rs` writes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }

    fn number(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes(4).try_into().expect("4 bytes"))
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{fold, Aliases};

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

    #[test]
    fn bundled_stems_match_the_stemmer() {
        // What `bundled` did before the build script stemmed the table: if
        // the pre-stemmed table ever differs from the run-time stemmer (a
        // stale build, another stemmer version), some key's concepts differ.
        let n = Normalizer::new(Aliases::default());
        let mut fresh = Lexicon::default();
        fresh.extend(&n, BUNDLED_WORDNET);
        fresh.extend(&n, BUNDLED_SYNONYMS);
        fresh.extend(&n, &framing_table(crate::classify::BUNDLED_FRAMING));
        let bundled = Lexicon::bundled();
        assert_eq!(bundled.count, fresh.count);
        let differ = |a: &Lexicon, b: &Lexicon| {
            a.concepts.keys().filter(|&&k| a.concepts(k) != b.concepts(k)).count()
        };
        let (stale, missing) = (differ(bundled, &fresh), differ(&fresh, bundled));
        assert!(
            stale == 0 && missing == 0,
            "the build-time stems are out of step with the stemmer: {stale} keys differ or are \
             extra, {missing} differ or are missing"
        );
        assert_eq!(
            Reader(BUNDLED_WORDNET_STEMS).number() as usize,
            concepts(BUNDLED_WORDNET).count()
        );
        assert!(bundled.related(key_of(&n.stem("thanked")), key_of(&n.stem("gratitude"))));
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
