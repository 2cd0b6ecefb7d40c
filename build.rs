//! Stems the bundled WordNet table (`corpus/lexicon/wordnet.txt`) at build
//! time, so that `Lexicon::bundled` does not stem ~100,000 words at every
//! start-up (two thirds of the CPU time of a run on the bundled corpus).
//!
//! The stems come from `src/normalize/word.rs`, the very code the library
//! normalises with at run time (included below, not copied), and with the
//! same stemmer crate: the table cannot drift from the normaliser.
//! `lexicon::tests` rebuilds the lexicon from the words and checks it is the
//! same anyway.
//!
//! The output, `$OUT_DIR/wordnet.stems`, is what `Lexicon::bundled` needs
//! and nothing more: the concepts of each distinct stem. Little-endian u32
//! numbers throughout: the number of concepts of the table, the number of
//! stems and the sum of their numbers of concepts; then per stem, in byte order, its length in bytes, its bytes, its
//! number of concepts and those concepts (numbered from 0 in the table's
//! order, ascending).

#[allow(dead_code)]
#[path = "src/normalize/word.rs"]
mod word;

use std::collections::BTreeMap;

fn main() {
    for input in [
        "build.rs",
        "src/normalize/word.rs",
        "corpus/lexicon/wordnet.txt",
        "corpus/lexicon/exceptions.txt",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let table = std::fs::read_to_string("corpus/lexicon/wordnet.txt")
        .expect("corpus/lexicon/wordnet.txt is readable");
    let stemmer = word::Stemmer::default();
    let mut by_stem: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut count = 0u32;
    for words in word::concepts(&table) {
        for stem in word::concept_stems(&stemmer, words) {
            let ids = by_stem.entry(stem).or_default();
            if ids.last() != Some(&count) {
                ids.push(count);
            }
        }
        count += 1;
    }
    let mut out = Vec::new();
    let put = |out: &mut Vec<u8>, n: usize| {
        out.extend_from_slice(&u32::try_from(n).expect("a u32").to_le_bytes());
    };
    put(&mut out, count as usize);
    put(&mut out, by_stem.len());
    put(&mut out, by_stem.values().map(Vec::len).sum());
    for (stem, ids) in &by_stem {
        put(&mut out, stem.len());
        out.extend_from_slice(stem.as_bytes());
        put(&mut out, ids.len());
        for &id in ids {
            put(&mut out, id as usize);
        }
    }
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("wordnet.stems"), out)
        .expect("OUT_DIR is writable");
}
