//! Preparation: every document segmented ([`segment`]), its quotations
//! found ([`quote`]) and its words turned into matching terms
//! ([`normalize`](crate::normalize)), into a [`Prepared`] document that the later stages read.
//!
//! Preparation also settles two things the later stages ask of every
//! sentence: the words of an attribution ("he said, according to the
//! Associated Press") take no part in matching, and whether the sentence
//! reports speech (a reporting verb, or mostly inside quotation marks).
//!
//! Documents are prepared in parallel, one per task, and collected in input
//! order.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::config::Config;
use crate::lexicon::Lexicon;
use crate::model::{Document, Prepared, QuoteKind, Span, Warning};
use crate::normalize::{Aliases, Normalizer};
use crate::progress::Progress;
use crate::{quote, segment};

/// Builds the normaliser and lexicon a run uses (the bundled lexicon is
/// borrowed unless extra tables are added to it).
pub fn matcher(cfg: &Config) -> (Normalizer, Cow<'static, Lexicon>) {
    let mut aliases = Aliases::parse(crate::data::ALIASES);
    for extra in &cfg.aliases {
        aliases.extend(extra);
    }
    let norm = Normalizer::new(aliases);
    let mut lex = if cfg.use_lexicon {
        Cow::Borrowed(Lexicon::bundled())
    } else {
        Cow::Owned(Lexicon::empty())
    };
    for extra in &cfg.lexicon {
        lex.to_mut().extend(&norm, extra);
    }
    for extra in &cfg.framing {
        lex.to_mut().extend(&norm, &crate::lexicon::framing_table(extra));
    }
    (norm, lex)
}

/// Prepares every document (in parallel, results in input order), telling
/// `progress` of each; the warnings of all documents, sorted.
pub fn prepare_all(
    docs: &[Document],
    norm: &Normalizer,
    progress: &dyn Progress,
) -> (Vec<Prepared>, Vec<Warning>) {
    let (prepared, warnings): (Vec<Prepared>, Vec<Vec<Warning>>) = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| prepare(i, d, norm))
        .inspect(|_| progress.advance(1))
        .unzip();
    let mut warnings: Vec<Warning> = warnings.into_iter().flatten().collect();
    warnings.sort();
    (prepared, warnings)
}

/// Segments, extracts quotations and normalises one document.
pub fn prepare(idx: usize, doc: &Document, norm: &Normalizer) -> (Prepared, Vec<Warning>) {
    let (seg, mut warnings) = segment::segment_with_warnings(idx, doc);
    let scan = quote::extract(idx, doc, &seg);
    warnings.extend(scan.warnings);
    let mut terms = norm.terms(&doc.text, &seg.tokens, 0);
    // Attributions of full quotations ("he said, according to the Associated
    // Press") say who spoke, not what was said: their words take no part in
    // matching. (The cue of a scare quote is part of the paraphrase around
    // it: "reaffirmed its “unconditional” support".)
    let mut attribution: Vec<Span> = scan
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Full)
        .flat_map(|q| {
            let a = &q.attribution;
            [a.speaker_span, a.cue_span, a.via_span]
        })
        .flatten()
        .collect();
    attribution.sort_unstable();
    for t in &mut terms {
        let at = seg.tokens[t.first()].span();
        let i = attribution.partition_point(|s| s.end <= at.start);
        if attribution.get(i).is_some_and(|s| s.start <= at.start) {
            t.stop = true;
        }
    }
    // Terms are in token order; map each sentence's token range to a term range.
    let mut sentence_terms = Vec::with_capacity(seg.sentences.len());
    for s in &seg.sentences {
        let (lo, hi) = s.tokens;
        let a = terms.partition_point(|t| t.first() < lo);
        let b = terms.partition_point(|t| t.first() < hi);
        sentence_terms.push((a, b.max(a)));
    }
    let reported = seg
        .sentences
        .iter()
        .zip(&sentence_terms)
        .map(|(s, &(a, b))| {
            terms[a..b].iter().any(|t| norm.is_reporting(t.key))
                || quote::quoted_share(&scan.quotes, s.span) * 2 >= s.span.len()
        })
        .collect();
    (Prepared { seg, quotes: scan.quotes, terms, sentence_terms, reported }, warnings)
}
