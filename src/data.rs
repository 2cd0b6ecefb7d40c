//! Every table bundled with refract, embedded in the binary from `corpus/`.
//!
//! The tables are data, not code: users read them, extend them (the alias,
//! lexicon and framing tables through command-line options) and review
//! changes to them as text. This module is the one place that embeds them;
//! the modules that read them parse them.
//!
//! The lexicon tables are also read by the build script, which turns them
//! into a look-up table at build time (see `lexicon`); the irregular forms
//! are read by the word-level normaliser, which the build script shares
//! (`normalize/word.rs`, which reaches them as `super::EXCEPTIONS`).

/// Name aliases (`canonical = variant = ...` per line): `corpus/aliases.txt`.
pub(crate) const ALIASES: &str = include_str!("../corpus/aliases.txt");

/// Groups of terms that name one thing with different charges:
/// `corpus/framing.txt`.
pub(crate) const FRAMING: &str = include_str!("../corpus/framing.txt");

/// The WordNet-derived lexicon (`ID<TAB>word word ...` per concept):
/// `corpus/lexicon/wordnet.txt`.
pub(crate) const WORDNET: &str = include_str!("../corpus/lexicon/wordnet.txt");

/// The curated synonym table, same format: `corpus/lexicon/synonyms.txt`.
pub(crate) const SYNONYMS: &str = include_str!("../corpus/lexicon/synonyms.txt");

/// Irregular word forms and their base forms (`form<TAB>base` per line):
/// `corpus/lexicon/exceptions.txt`.
pub(crate) const EXCEPTIONS: &str = include_str!("../corpus/lexicon/exceptions.txt");

/// Nationality adjectives and the states they may denote
/// (`adjective = State = ...` per line): `corpus/demonyms.txt`.
pub(crate) const DEMONYMS: &str = include_str!("../corpus/demonyms.txt");

/// The bundled corpus's manifest: `corpus/corpus.toml`.
pub(crate) const MANIFEST: &str = include_str!("../corpus/corpus.toml");

/// The folder the bundled corpus's paths are shown under (`corpus/mfa.txt`).
pub(crate) const CORPUS_DIR: &str = "corpus";

/// The bundled texts, by the `file` name the manifest gives them.
pub(crate) const CORPUS_FILES: [(&str, &str); 5] = [
    ("mfa.txt", include_str!("../corpus/mfa.txt")),
    ("wire.txt", include_str!("../corpus/wire.txt")),
    ("joongang.txt", include_str!("../corpus/joongang.txt")),
    ("kcna.txt", include_str!("../corpus/kcna.txt")),
    ("news.txt", include_str!("../corpus/news.txt")),
];

/// The lines of a `name = value = value ...` table (aliases, framing,
/// demonyms) with comments and blank lines removed, each split at `=` and
/// trimmed.
pub(crate) fn groups(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table.lines().filter_map(|line| {
        let line = line.split('#').next().unwrap_or("").trim();
        (!line.is_empty()).then(|| line.split('=').map(str::trim).collect())
    })
}
