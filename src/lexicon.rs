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
//! normaliser's own word-level code (`src/normalize/word.rs`), and embeds the
//! stems: [`Lexicon::bundled`] only hashes them. The test
//! `bundled_stems_match_the_stemmer` rebuilds the lexicon from the words and
//! fails if the two ever differ.

use rustc_hash::FxHashMap;

use crate::model::Key;
use crate::normalize::{concept_stems, concepts, key_of, Normalizer};

/// The bundled WordNet-derived table.
pub const BUNDLED_WORDNET: &str = include_str!("../corpus/lexicon/wordnet.txt");
/// [`BUNDLED_WORDNET`] stemmed by `build.rs`: per concept, in order, one line
/// of its words' stems separated by spaces.
const BUNDLED_WORDNET_STEMS: &str = include_str!(concat!(env!("OUT_DIR"), "/wordnet.stems"));
/// The bundled curated synonym table.
pub const BUNDLED_SYNONYMS: &str = include_str!("../corpus/lexicon/synonyms.txt");

/// Concepts per normalised word.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// FxHash (fixed seed): looked up for every term of every compared
    /// sentence, where SipHash cost a third of the run time.
    concepts: FxHashMap<Key, Vec<u32>>,
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
            lex.extend(&norm, BUNDLED_SYNONYMS);
            lex.extend(&norm, &framing_table(crate::classify::BUNDLED_FRAMING));
            lex
        })
    }

    /// Adds the concepts of one table. Only the stemmer of `norm` is used.
    pub fn extend(&mut self, norm: &Normalizer, table: &str) {
        for words in concepts(table) {
            let id = self.next_id();
            for stem in concept_stems(norm.stemmer(), words) {
                self.add(&stem, id);
            }
        }
    }

    /// Adds the concepts of a table already stemmed (see `build.rs`): one
    /// line per concept, its stems separated by spaces.
    fn extend_stemmed(&mut self, stems: &str) {
        for line in stems.lines() {
            let id = self.next_id();
            for stem in line.split(' ').filter(|s| !s.is_empty()) {
                self.add(stem, id);
            }
        }
    }

    fn next_id(&mut self) -> u32 {
        self.count += 1;
        self.count - 1
    }

    /// Files concept `id` under `stem` (ids arrive in ascending order).
    fn add(&mut self, stem: &str, id: u32) {
        let list = self.concepts.entry(key_of(stem)).or_default();
        if list.last() != Some(&id) {
            list.push(id);
        }
    }

    /// The concepts of a term key (sorted ascending), empty when unknown.
    pub fn concepts(&self, key: Key) -> &[u32] {
        self.concepts.get(&key).map(Vec::as_slice).unwrap_or(&[])
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
            a.concepts.iter().filter(|(k, v)| b.concepts.get(k) != Some(v)).count()
        };
        let (stale, missing) = (differ(bundled, &fresh), differ(&fresh, bundled));
        assert!(
            stale == 0 && missing == 0,
            "the build-time stems are out of step with the stemmer: {stale} keys differ or are \
             extra, {missing} differ or are missing"
        );
        assert_eq!(BUNDLED_WORDNET_STEMS.lines().count(), concepts(BUNDLED_WORDNET).count());
        assert!(bundled.related(key_of(&n.stem("thanked")), key_of(&n.stem("gratitude"))));
    }
}
