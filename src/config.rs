//! What a run is configured with: the options a user sets ([`Config`]) and
//! the thresholds of each stage, each with why it has its value and how
//! that was measured.
//!
//! Every threshold of the pipeline lives here, so that one page says what
//! can be tuned and what each value is worth.

use globset::{Glob, GlobSetBuilder};

use crate::error::{Error, Result};
use crate::model::{Corpus, Role};

/// Everything that changes what a run computes: which documents are
/// primaries, the tables words are matched with, and the thresholds of each
/// stage.
///
/// Built from its defaults with setters:
///
/// ```
/// let config = refract::Config::default()
///     .primary("transcript-*")
///     .aliases("Anna Petrova = Petrova = the minister\n")
///     .use_lexicon(true);
/// # let _ = config;
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) index: IndexConfig,
    pub(crate) align: AlignConfig,
    /// Glob patterns over document ids naming the primary documents. Empty:
    /// documents whose role is `primary`.
    pub(crate) primary: Vec<String>,
    /// Extra alias tables, added to the bundled `corpus/aliases.txt`.
    pub(crate) aliases: Vec<String>,
    /// Extra lexicon tables, added to the bundled ones.
    pub(crate) lexicon: Vec<String>,
    /// Extra framing lexicons (`corpus/framing.txt` format), added to the
    /// bundled one.
    pub(crate) framing: Vec<String>,
    /// Use the bundled lexicon (WordNet + curated synonyms). Off: exact keys only.
    pub(crate) use_lexicon: bool,
    /// Minimum score of an alignment between two articles that is not backed
    /// by a shared primary remark: higher than `align.min_score` because
    /// nothing else vouches for it.
    pub(crate) article_min_score: f64,
    /// Thresholds of quotation checking (see `verify`).
    pub(crate) verify: VerifyConfig,
}

impl Config {
    /// Adds a glob pattern over document ids (`"p*"`): the documents it
    /// matches are primaries. With no pattern, the primaries are the
    /// documents whose role is `primary`. A pattern that matches no
    /// document is an error when the run starts.
    pub fn primary(mut self, pattern: impl Into<String>) -> Config {
        self.primary.push(pattern.into());
        self
    }

    /// Adds a name-alias table (`canonical = variant = ...` per line, the
    /// format of `corpus/aliases.txt`) to the bundled one.
    pub fn aliases(mut self, table: impl Into<String>) -> Config {
        self.aliases.push(table.into());
        self
    }

    /// Adds a lexicon table (`ID<TAB>word word ...` per line) to the
    /// bundled ones.
    pub fn lexicon(mut self, table: impl Into<String>) -> Config {
        self.lexicon.push(table.into());
        self
    }

    /// Adds a framing lexicon (`term = !charged term` groups, the format of
    /// `corpus/framing.txt`) to the bundled one.
    pub fn framing(mut self, table: impl Into<String>) -> Config {
        self.framing.push(table.into());
        self
    }

    /// Whether words are also matched through the bundled lexicon (synonyms
    /// and derivations; on by default). Off, only equal stems and names
    /// under an alias match (tables added with [`Config::lexicon`] still
    /// apply).
    pub fn use_lexicon(mut self, yes: bool) -> Config {
        self.use_lexicon = yes;
        self
    }

    /// The configuration of a quotation check (`refract check`): a
    /// quotation is looked for in the primaries only, never in the other
    /// documents (see [`VerifyConfig::fallback`]).
    pub fn for_check(mut self) -> Config {
        self.verify.fallback = false;
        self
    }

    /// Which documents are primaries: those whose ids match one of the
    /// [`Config::primary`] patterns (globs), or, with no pattern, those whose
    /// role is `primary`.
    pub(crate) fn primaries(&self, corpus: &Corpus) -> Result<Vec<bool>> {
        let patterns = &self.primary;
        if patterns.is_empty() {
            return Ok(corpus.documents.iter().map(|d| d.role == Role::Primary).collect());
        }
        let mut builder = GlobSetBuilder::new();
        for p in patterns {
            let glob = Glob::new(p).map_err(|e| Error::InvalidPrimaryPattern {
                pattern: p.clone(),
                problem: e.to_string(),
            })?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| Error::InvalidPrimaryPattern {
            pattern: patterns.join(", "),
            problem: e.to_string(),
        })?;
        for p in patterns {
            let one = Glob::new(p).expect("checked above").compile_matcher();
            if !corpus.documents.iter().any(|d| one.is_match(&d.id)) {
                let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
                return Err(Error::UnmatchedPrimaryPattern {
                    pattern: p.clone(),
                    ids: ids.iter().map(|id| id.to_string()).collect(),
                });
            }
        }
        Ok(corpus.documents.iter().map(|d| set.is_match(&d.id)).collect())
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            index: IndexConfig::default(),
            align: AlignConfig::default(),
            primary: Vec::new(),
            aliases: Vec::new(),
            lexicon: Vec::new(),
            framing: Vec::new(),
            use_lexicon: true,
            article_min_score: 0.3,
            verify: VerifyConfig::default(),
        }
    }
}

/// Bounds of candidate generation; see the module docs for why.
#[derive(Clone, Debug)]
pub struct IndexConfig {
    /// Skip keys held by more sentences than this. 2,000 sentences is far more
    /// than any one remark is carried by in a realistic corpus, and well below
    /// the frequency of function-like words once a corpus holds more than a few
    /// hundred articles.
    pub max_postings: usize,
    /// Minimum summed weight of shared keys. With inverse sentence-frequency
    /// weights (1.0 to about 6.0), 3.0 needs two rare words or three common
    /// ones; on the seed corpus every gold link shares at least 4.5.
    pub min_shared: f32,
    /// Minimum number of the probe's terms that share keys with a
    /// candidate, when the probe says which terms its keys come from
    /// (`SentenceKeys::terms` of the index). An alignment needs two matched terms
    /// (`AlignConfig::min_matched`), but a word's concepts are keys of their
    /// own: one shared word with its three or four concepts clears
    /// `min_shared` alone. On generated corpora such candidates are about
    /// half of the pairs the weights propose (44% at 1,000 articles, 51% at
    /// 10,000), and the scorer rejects every one of them.
    ///
    /// Only the keys scanned count (see [`IndexConfig::max_scan`]), and the
    /// minimum is lowered to the number of terms those keys come from (a
    /// scan that read one term's keys holds no candidate to two). So at
    /// scale a candidate whose second shared term is a common word, which
    /// the scan skips, is not proposed: on 10,000 generated articles that
    /// costs one of 48,580 transcript links and no article pair (the 7% of
    /// alignments it drops are mostly fragments of a few words scoring 0.3
    /// to 0.4); on the bundled corpus every key is read.
    ///
    /// Applied after the caps: the lists are those the weights alone
    /// would make, less the candidates that fail the test. Applied before,
    /// the places freed would go to candidates ranked lower, mostly chance
    /// matches: at 10,000 articles, 12 more transcript links, but 8,784
    /// alignments of transcript sentences that match no truth link, not 5,803.
    pub min_terms: usize,
    /// Candidates kept per sentence and other document, best first: a
    /// primary sentence's list (of articles, and of later primaries), and a
    /// quotation's list of possible sources (`verify`).
    pub max_candidates: usize,
    /// Candidates kept per sentence over all other documents, best first
    /// (the same lists).
    pub max_total: usize,
    /// Postings scanned per probe at most, rarest keys first (see
    /// [`Index::candidates_from`](crate::index::Index::candidates_from)); a probe's scan stops growing with the
    /// corpus once its keys reach the budget. Article sentences' probes
    /// have their own budgets ([`Caps::scan`]). 1,000: with the [`SecondLook`]
    /// and the pairs through a shared remark
    /// ([`IndexConfig::shared_source`]) finding what the lists cut, recall
    /// on generated corpora is that of 5,000 (transcript links 0.996 at
    /// 1,000 articles and 0.997 at 10,000; article pairs 0.987 at both),
    /// for a third less CPU time at 10,000 and fewer chance alignments of
    /// an article's own sentences with a transcript (92% of the transcript
    /// alignments match a truth link at 10,000, against 86%). 500 loses
    /// links (10,000: 0.9964).
    pub max_scan: usize,
    /// Caps of an article sentence's primary candidates. An article
    /// sentence carries one remark, two when it merges them; the primary
    /// sentence's own list ([`IndexConfig::max_candidates`],
    /// [`IndexConfig::max_total`]) proposes the pair from the other side, so
    /// eight are ample: the bundled output and the recall on 1,000 generated
    /// articles (0.995) are those of longer lists, with a third of the pairs
    /// to score.
    pub article_to_primary: Caps,
    /// Caps of an article sentence's candidates among later articles: one
    /// article's sentence is rarely carried by more than a handful of others
    /// (16 in all, 12 within one article; the bundled output is that of
    /// longer lists).
    pub article_to_article: Caps,
    /// The second look within the primaries an article carries (see
    /// [`SecondLook`]).
    pub second_look: SecondLook,
    /// Article sentences that carry the same primary sentence (a kept
    /// alignment each) are scored against each other: at most this many
    /// partners per article sentence and primary sentence, those that share
    /// the most wording with it first (0: none). An article sentence's own
    /// list ranks it against every article of the corpus, and on generated
    /// corpora it finds fewer of the article pairs that carry one remark as
    /// the corpus grows (0.976 of them at 1,000 articles, 0.913 at 10,000);
    /// see `candidates::candidate_pairs`. 16, the size of that list.
    pub shared_source: usize,
}

/// A second look for an article's sentences within the primaries the
/// article carries (`candidates::candidate_pairs`).
///
/// The caps and the scan budget rank a primary sentence against the
/// sentences of *every* primary: with hundreds of transcripts of one
/// vocabulary, an article sentence whose remark is worded with common words
/// meets sentences of other transcripts that share as much of those words
/// as its source does (often exactly as much: the budget reads only the
/// rarest keys, and ties go by document id), and its source falls out of
/// both lists. An article, though, carries several remarks of the primary
/// it reports on. Once the pairs are scored, every other sentence of an
/// article that carries remarks of a primary in at least `min_carried` of
/// its sentences is probed again within that primary alone (an index of its
/// sentences, every key kept and read), and its `per_doc` best candidates
/// there are scored. On generated corpora, recall of the truth links:
/// 10,000 articles 0.991 → 0.997, 30,000 0.972 → 0.994, for 1–3% more CPU
/// time; bundled output unchanged.
#[derive(Clone, Copy, Debug)]
pub struct SecondLook {
    /// Sentences of the article that must carry remarks of the primary (0:
    /// no second look). One could be chance; two is a report on it.
    pub min_carried: usize,
    /// Candidates kept within the primary per article sentence, best first:
    /// a sentence carries one remark, two when it merges them (4 finds 45
    /// more of 146,564 links at 30,000 articles, for 460 more alignments).
    pub per_doc: usize,
}

/// Caps of one direction's candidate lists.
#[derive(Clone, Copy, Debug)]
pub struct Caps {
    /// Candidates kept per other document, best first.
    pub per_doc: usize,
    /// Candidates kept over all documents, best first.
    pub total: usize,
    /// Postings scanned per probe at most (see [`IndexConfig::max_scan`]).
    /// 2,500 for an article sentence's primaries, whose index grows with
    /// the transcripts, not the articles: on 30,000 generated articles recall
    /// of the transcript links is 0.9940 with 5,000, 0.9937 with 2,500 and
    /// 0.9928 with 1,000 (for 94, 86 and 80 s of CPU; at 100,000 articles
    /// 1,000 gives 0.9868); at 1,000 articles 2,500 costs 5% more wall time
    /// than 1,000, 5,000 costs 12%. 1,000 for its articles, where the pairs
    /// through a shared remark find what the lists miss.
    pub scan: usize,
}

impl Default for IndexConfig {
    fn default() -> IndexConfig {
        IndexConfig {
            max_postings: 2000,
            min_shared: 3.0,
            min_terms: 2,
            max_candidates: 12,
            max_total: 48,
            max_scan: 1000,
            article_to_primary: Caps { per_doc: 4, total: 8, scan: 2500 },
            article_to_article: Caps { per_doc: 12, total: 16, scan: 1000 },
            second_look: SecondLook { min_carried: 2, per_doc: 2 },
            shared_source: 16,
        }
    }
}

/// Thresholds of the aligner.
///
/// Every value was set on the development gold of the seed corpus with
/// `refract eval` (14 required links, news × transcript and JoongAng × KCNA),
/// by sweeping it with the others fixed and keeping the value that finds every
/// required link with the fewest wrong alignments. With these defaults:
/// 14/14 required links, precision 0.900 (18 of 20 in-scope alignments; the
/// two counted wrong are defensible: a paraphrase the gold omits, and two
/// articles reporting the same remark of a source outside the corpus). The
/// field docs say what moves when a value moves. Treat the lowest thresholds
/// (`min_score`) as the ones that trade recall for precision.
#[derive(Clone, Debug)]
pub struct AlignConfig {
    /// Credit for a lexicon (synonym/derivation) match relative to an exact
    /// match. Below 1 because related words are weaker evidence than equal
    /// ones; 0.7 lets two synonyms carry a paraphrase ("thanked ... troops" /
    /// "gratitude ... servicemen") without letting one synonym carry it.
    pub synonym_credit: f32,
    /// Weight of unmatched words against matched ones when growing a passage
    /// clause by clause. 0.25: a clause joins the passage when at least a fifth
    /// of its content weight is matched. 0.5 cuts summarised source
    /// sentences down to a fragment and loses required links; lower values
    /// stop separating the two remarks of a merged sentence.
    pub unmatched_penalty: f32,
    /// Share of the source passage's weight in the score's denominator:
    /// `matched / (share × source + (1 − share) × target)`. 0.5 is the Dice
    /// coefficient; 0.45 judges a pair slightly more by how much of the
    /// target the source explains than by how much of a long remark the
    /// target carries, since outlets summarise. 0.45 finds one more required
    /// link than 0.5; 0.4 and below cost precision.
    pub source_share: f32,
    /// Report the whole sentence when the clauses outside the passage hold
    /// less than this share of its content weight.
    pub whole_sentence_rest: f32,
    /// Prior of unseen sentences in the word weights (see
    /// [`Weights::from_corpus`](crate::align::Weights::from_corpus)). 100, about one transcript: without it, two
    /// one-sentence documents share no word heavy enough to align; on the
    /// seed corpus 100 costs one wrong alignment against 0 (compensated by
    /// `min_matched_weight` 6 instead of 5).
    pub background_sentences: f32,
    /// Minimum score of an alignment whose target sentence is attributed to
    /// a speaker of the source, or to a person the source names while
    /// reporting speech, or reports the speech of a party whose speech the
    /// source sentence reports ("Our Korean friends reaffirmed" / "The DPRK
    /// side expressed"; see `speaker`); or, when the source names no speaker,
    /// whose target reports speech. Low (0.16) because attribution already
    /// vouches for the pair; the weakest required paraphrase scores 0.19.
    pub min_score: f64,
    /// Minimum score of a target passage inside quotation marks, whoever it
    /// is given to. A quotation promises the speaker's words: even in another
    /// translation it shares far more wording with its source than a
    /// paraphrase does (required quotes score 0.49 and up), so a weak match
    /// is another remark.
    pub min_score_quote: f64,
    /// Minimum score when the target sentence reports speech (a reporting
    /// verb, or inside quotation marks) but names none of the source's
    /// speakers.
    pub min_score_reported: f64,
    /// Minimum score when the target sentence does not report speech: an
    /// outlet's own background sentence that shares a topic with a remark is
    /// the commonest false alignment, so only near-copies pass unattributed.
    pub min_score_unreported: f64,
    /// Score multiplier for source passages that are not the speaker's
    /// remarks (an interviewer's question, a caption naming the speaker) when
    /// the target does not attribute them to the speaker (when it does, they
    /// are not aligned at all).
    pub interviewer_credit: f32,
    /// A second source sentence for the same target passage is reported when
    /// it matches mostly different target words, and at least this many of
    /// them: a summary of two neighbouring remarks draws on each for several
    /// words, while a chance second match shares one or two.
    pub second_source_words: usize,
    /// Minimum number of matched content terms: one shared word is chance.
    pub min_matched: usize,
    /// Minimum number of matched terms that are not names: two passages that
    /// share only names ("the US and Japan") share a topic, not a remark.
    pub min_matched_words: usize,
    /// Minimum matched weight (sum of word weights, 1 to about 7 each): two
    /// rare words or three common ones.
    pub min_matched_weight: f32,
}

impl Default for AlignConfig {
    fn default() -> AlignConfig {
        AlignConfig {
            synonym_credit: 0.7,
            unmatched_penalty: 0.25,
            whole_sentence_rest: 0.25,
            source_share: 0.45,
            background_sentences: 100.0,
            min_score: 0.16,
            min_score_reported: 0.5,
            min_score_quote: 0.4,
            min_score_unreported: 0.6,
            interviewer_credit: 0.75,
            second_source_words: 5,
            min_matched: 2,
            min_matched_words: 2,
            min_matched_weight: 6.0,
        }
    }
}

/// Thresholds of verification; see the module docs for how each was chosen.
#[derive(Clone, Debug)]
pub struct VerifyConfig {
    /// Minimum share of a quoted sentence's content weight that its best
    /// source passage must explain; below it the sentence is `unsourced`.
    pub min_coverage: f32,
    /// Minimum `align_pair` score for the sentence around a scare quote to
    /// count as a paraphrase of a source sentence.
    pub min_scare_score: f64,
    /// Source sentences on each side of a candidate that its passage may
    /// extend into (a quoted sentence that merges two source sentences).
    pub neighbours: usize,
    /// Minimum share of a quoted sentence's weight explained by the source
    /// sentence that continues (or precedes) the source of the quotation's
    /// neighbouring sentence.
    pub min_coverage_next: f32,
    /// When no primary carries a quotation, search every other document.
    /// Off for `refract check`: a draft is checked against its sources only.
    pub fallback: bool,
}

impl Default for VerifyConfig {
    fn default() -> VerifyConfig {
        VerifyConfig {
            min_coverage: 0.4,
            min_scare_score: 0.16,
            neighbours: 1,
            min_coverage_next: 0.2,
            fallback: true,
        }
    }
}
