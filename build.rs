//! Stems the bundled WordNet table (`corpus/lexicon/wordnet.txt`) at build
//! time, so that `Lexicon::bundled` does not stem ~100,000 words at every
//! start-up (two thirds of the CPU time of a run on the bundled corpus).
//!
//! The stems come from `src/normalize/word.rs`, the very code the library
//! normalises with at run time (included below, not copied), and with the
//! same stemmer crate: the table cannot drift from the normaliser. The
//! output, `$OUT_DIR/wordnet.stems`, has one line per concept of the table, in
//! the table's order (so concept numbers are kept), holding the stems of its
//! words separated by single spaces, in order; a concept whose words are all
//! function words has an empty line. `lexicon::tests` rebuilds the lexicon
//! from the words and checks it is the same.

#[allow(dead_code)]
#[path = "src/normalize/word.rs"]
mod word;

use std::fmt::Write as _;

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
    let mut out = String::with_capacity(table.len());
    for words in word::concepts(&table) {
        let mut sep = "";
        for stem in word::concept_stems(&stemmer, words) {
            // The reader splits on spaces and lines: a stem holding either
            // (possible only through NFKD of exotic characters) would shift
            // every concept after it.
            assert!(
                !stem.is_empty() && !stem.contains([' ', '\n', '\r']),
                "wordnet.txt: stem {stem:?} cannot be written in the stem table"
            );
            write!(out, "{sep}{stem}").unwrap();
            sep = " ";
        }
        out.push('\n');
    }
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("wordnet.stems"), out)
        .expect("OUT_DIR is writable");
}
