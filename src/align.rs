//! Alignment: score candidate sentence pairs, find the passages that carry a
//! remark, and pick the alignments to report.
//!
//! # Scoring a pair
//!
//! Each sentence is a list of [`Term`]s (see `normalize`). Content terms are
//! weighted by their inverse sentence frequency in the corpus ([`Weights`]),
//! so "Kursk" counts for far more than "Russia" in a corpus about Russia, and
//! function words count for nothing. Two terms match
//!
//! * fully when their keys are equal (same stem, or the same name under an
//!   alias), and
//! * with [`AlignConfig::synonym_credit`] when the lexicon relates them
//!   (`warn`/`caution`, `troops`/`servicemen`),
//!
//! and a greedy one-to-one matching takes the heaviest pairs first. Word order
//! is ignored at this step: outlets reorder clauses and translations reorder
//! words, and order-sensitive measures miss exactly those paraphrases.
//!
//! # Finding the passage
//!
//! A sentence is cut into clauses at `, ; : ( ) – —` and quote marks. On each
//! side the passage is the run of consecutive clauses with the highest
//! `matched − penalty × unmatched` weight (a maximum-subarray search, i.e. a
//! local alignment at clause grain). This is what separates the two remarks of
//! a sentence that merges two transcript sentences, finds the quotation inside
//! a paraphrasing sentence, and drops an outlet's added clause. When the
//! clauses left out weigh less than [`AlignConfig::whole_sentence_rest`] of the
//! sentence, the whole sentence is reported instead.
//!
//! The score of the pair is the weighted Dice coefficient of the two passages:
//! `2 × matched / (weight(source passage) + weight(target passage))`, 1.0 for
//! the same content words, near 0 for unrelated ones.
//!
//! # Choosing alignments
//!
//! A pair is kept when its score, its number of matched content terms and
//! their weight clear the thresholds in [`AlignConfig`]. For each target
//! sentence and source document the best pair is kept, plus any other whose
//! target passage does not overlap a kept one (a merged sentence). A source
//! sentence may be carried by several target sentences (a split remark).

use rustc_hash::FxHashMap;

use crate::index::SentenceKeys;
use crate::lexicon::Lexicon;
use crate::model::{
    Alignment, Document, Edit, Key, Passage, Prepared, QuoteKind, Relation, SentenceRef, Span, Term,
};

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
    /// of its content weight is matched. 0.5 cut summarised source sentences
    /// down to a fragment (recall 8/14 instead of 10/14 at the time); lower
    /// values stop separating the two remarks of a merged sentence.
    pub unmatched_penalty: f32,
    /// Share of the source passage's weight in the score's denominator:
    /// `matched / (share × source + (1 − share) × target)`. 0.5 is the Dice
    /// coefficient; 0.45 judges a pair slightly more by how much of the
    /// target the source explains than by how much of a long remark the
    /// target carries, since outlets summarise. 0.45 found one more required
    /// link than 0.5; 0.4 and below cost precision.
    pub source_share: f32,
    /// Report the whole sentence when the clauses outside the passage hold
    /// less than this share of its content weight.
    pub whole_sentence_rest: f32,
    /// Prior of unseen sentences in the word weights (see
    /// [`Weights::from_corpus`]). 100, about one transcript: without it, two
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

/// Inverse sentence-frequency weights of keys over the whole corpus.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    idf: FxHashMap<Key, f32>,
    /// Weight of a key seen in no sentence (a query from outside the corpus).
    unseen: f32,
}

impl Weights {
    /// Counts, for every key, how many (non-excluded) sentences hold it, and
    /// weighs it `ln((N + B) / (df + 0.5))`, where `B` is `background`
    /// ([`AlignConfig::background_sentences`]): a prior of that many unseen
    /// sentences that hold no content word. Without it, two short documents would make
    /// every word they share look common (df = N) and weigh nothing; with it,
    /// a corpus of thousands of sentences is weighed by its own counts.
    pub fn from_corpus(prepared: &[Prepared], background: f32) -> Weights {
        let mut df: FxHashMap<Key, u32> = FxHashMap::default();
        let mut n = 0u32;
        let mut seen: Vec<Key> = Vec::new();
        for p in prepared {
            for (si, s) in p.seg.sentences.iter().enumerate() {
                if s.excluded {
                    continue;
                }
                n += 1;
                seen.clear();
                let (a, b) = p.sentence_terms[si];
                seen.extend(p.terms[a..b].iter().filter(|t| !t.stop).map(|t| t.key));
                seen.sort_unstable();
                seen.dedup();
                for k in &seen {
                    *df.entry(*k).or_insert(0) += 1;
                }
            }
        }
        let n = n as f32 + background;
        let idf = df.into_iter().map(|(k, d)| (k, (n / (d as f32 + 0.5)).ln().max(0.1))).collect();
        Weights { idf, unseen: (n / 0.5).ln().max(0.1) }
    }

    pub fn weight(&self, term: &Term) -> f32 {
        if term.stop {
            0.0
        } else {
            *self.idf.get(&term.key).unwrap_or(&self.unseen)
        }
    }
}

/// What the aligner reads: the corpus, its prepared documents, weights, lexicon.
pub struct Context<'a> {
    pub docs: &'a [Document],
    pub prepared: &'a [Prepared],
    pub weights: &'a Weights,
    pub lexicon: &'a Lexicon,
    pub config: &'a AlignConfig,
}

/// A scored sentence pair with the passage found on each side.
#[derive(Clone, Debug, PartialEq)]
pub struct PairMatch {
    pub a: SentenceRef,
    pub b: SentenceRef,
    pub a_span: Span,
    pub b_span: Span,
    pub score: f64,
    /// Matched content terms.
    pub matched: usize,
    /// Matched content terms that are not names on either side.
    pub matched_words: usize,
    pub matched_weight: f32,
    /// Document term indexes of the matched terms on each side, sorted.
    pub a_hits: Vec<u32>,
    pub b_hits: Vec<u32>,
}

/// Keys of a sentence for the index: content term keys and their concepts.
pub fn sentence_keys(ctx: &Context<'_>, r: SentenceRef) -> SentenceKeys {
    let p = &ctx.prepared[r.doc as usize];
    let (a, b) = p.sentence_terms[r.sent as usize];
    let mut keys: Vec<(Key, f32)> = Vec::new();
    for t in &p.terms[a..b] {
        let w = ctx.weights.weight(t);
        if w <= 0.0 {
            continue;
        }
        keys.push((t.key, w));
        for &c in ctx.lexicon.concepts(t.key) {
            keys.push((concept_key(c), w * ctx.config.synonym_credit));
        }
    }
    keys.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)));
    keys.dedup_by_key(|k| k.0);
    SentenceKeys { sentence: r, keys }
}

/// Index key of a lexicon concept (top bit set: never a word key in practice).
fn concept_key(c: u32) -> Key {
    (1u64 << 63) | c as u64
}

/// A content term of one side with its weight and clause.
pub struct Side<'a> {
    terms: Vec<(&'a Term, f32, usize)>,
    /// Per term: whether it is a name (an alias, or a capitalised word that
    /// the lexicon does not know).
    names: Vec<bool>,
    /// Per term: its lexicon concepts (sorted), looked up once per side
    /// rather than once per compared pair of terms.
    concepts: Vec<&'a [u32]>,
    clauses: usize,
}

/// The side of sentence `r` as the aligner reads it: content terms with
/// weights, clauses, names and concepts. Built once per sentence and reused
/// for every pair it takes part in ([`align_pairs`]).
pub fn side<'a>(ctx: &Context<'a>, r: SentenceRef) -> Side<'a> {
    let p = &ctx.prepared[r.doc as usize];
    let text = &ctx.docs[r.doc as usize].text;
    let (a, b) = p.sentence_terms[r.sent as usize];
    let tokens = &p.seg.tokens;
    let mut clause = 0;
    let mut prev_end: Option<usize> = None;
    let mut terms = Vec::with_capacity(b - a);
    let mut names = Vec::with_capacity(b - a);
    let mut concepts = Vec::with_capacity(b - a);
    for t in &p.terms[a..b] {
        let start = tokens[t.token].span.start;
        let capital = text[start..].chars().next().is_some_and(char::is_uppercase);
        let known = ctx.lexicon.concepts(t.key);
        // A name: an alias, or a capitalised word that is no ordinary English
        // word ("Wonsan", "Lavrov"; not "Comprehensive" in a treaty's title).
        // Titles ("Foreign Minister") go with the names they precede.
        let name = t.alias
            || (capital
                && (known.is_empty()
                    || crate::speaker::is_title(&crate::normalize::fold(
                        &text[tokens[t.token].span.range()],
                    ))));
        names.push(name);
        concepts.push(known);
        if let Some(pe) = prev_end {
            if gap_breaks(&text[pe..start]) {
                clause += 1;
            }
        }
        prev_end = Some(tokens[t.token + t.len - 1].span.end);
        terms.push((t, ctx.weights.weight(t), clause));
    }
    Side { terms, names, concepts, clauses: clause + 1 }
}

fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']' | '\u{2013}' | '\u{2014}' | '?' | '!')
}

/// Whether the gap between two tokens separates clauses. Quote marks alone do
/// not: a scare quote (`reaffirmed its “unconditional” support`) sits inside
/// a clause; a full quotation is set off by punctuation as well (`“...,” he
/// said`, `said: “...”`).
fn gap_breaks(gap: &str) -> bool {
    gap.chars().any(is_clause_break)
}

/// Every pair of content terms that can match, with its credit, heaviest
/// first (ties by position): equal keys at full credit, keys related by the
/// lexicon at [`AlignConfig::synonym_credit`].
///
/// Built once per sentence pair by merging sorted lists (keys, then
/// concepts), not by comparing every term with every other; the three
/// greedy passes of [`align_pair`] filter this one list by clause.
fn match_candidates(ctx: &Context<'_>, a: &Side<'_>, b: &Side<'_>) -> Vec<(usize, usize, f32)> {
    let content = |s: &Side<'_>| -> Vec<(Key, usize)> {
        let mut v: Vec<(Key, usize)> = s
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.1 > 0.0)
            .map(|(i, t)| (t.0.key, i))
            .collect();
        v.sort_unstable();
        v
    };
    let (ka, kb) = (content(a), content(b));
    let mut cands: Vec<(usize, usize, f32)> = Vec::new();
    // Equal keys.
    let (mut x, mut y) = (0, 0);
    while x < ka.len() && y < kb.len() {
        match ka[x].0.cmp(&kb[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                let k = ka[x].0;
                let xe = x + ka[x..].iter().take_while(|e| e.0 == k).count();
                let ye = y + kb[y..].iter().take_while(|e| e.0 == k).count();
                for &(_, i) in &ka[x..xe] {
                    for &(_, j) in &kb[y..ye] {
                        cands.push((i, j, a.terms[i].1.min(b.terms[j].1)));
                    }
                }
                x = xe;
                y = ye;
            }
        }
    }
    // Related keys: a shared concept, keys different.
    let concepts = |s: &Side<'_>, keys: &[(Key, usize)]| -> Vec<(u32, usize)> {
        let mut v: Vec<(u32, usize)> =
            keys.iter().flat_map(|&(_, i)| s.concepts[i].iter().map(move |&c| (c, i))).collect();
        v.sort_unstable();
        v
    };
    let (ca, cb) = (concepts(a, &ka), concepts(b, &kb));
    if !ca.is_empty() && !cb.is_empty() {
        let mut related: Vec<(usize, usize)> = Vec::new();
        let (mut x, mut y) = (0, 0);
        while x < ca.len() && y < cb.len() {
            match ca[x].0.cmp(&cb[y].0) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let c = ca[x].0;
                    let xe = x + ca[x..].iter().take_while(|e| e.0 == c).count();
                    let ye = y + cb[y..].iter().take_while(|e| e.0 == c).count();
                    for &(_, i) in &ca[x..xe] {
                        for &(_, j) in &cb[y..ye] {
                            if a.terms[i].0.key != b.terms[j].0.key {
                                related.push((i, j));
                            }
                        }
                    }
                    x = xe;
                    y = ye;
                }
            }
        }
        related.sort_unstable();
        related.dedup();
        let credit = ctx.config.synonym_credit;
        cands.extend(
            related.into_iter().map(|(i, j)| (i, j, a.terms[i].1.min(b.terms[j].1) * credit)),
        );
    }
    // A total order ((i, j) unique): unstable sorting gives the same list.
    cands.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    cands
}

/// Greedy one-to-one matching of content terms, heaviest pairs first, over
/// the candidates whose clauses lie in `sel_a`/`sel_b`.
fn greedy_match(
    cands: &[(usize, usize, f32)],
    a: &Side<'_>,
    b: &Side<'_>,
    sel_a: (usize, usize),
    sel_b: (usize, usize),
    used_a: &mut Vec<bool>,
    used_b: &mut Vec<bool>,
) -> Vec<(usize, usize, f32)> {
    used_a.clear();
    used_a.resize(a.terms.len(), false);
    used_b.clear();
    used_b.resize(b.terms.len(), false);
    let mut out = Vec::new();
    for &(i, j, s) in cands {
        let (ca, cb) = (a.terms[i].2, b.terms[j].2);
        if ca < sel_a.0 || ca > sel_a.1 || cb < sel_b.0 || cb > sel_b.1 {
            continue;
        }
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            out.push((i, j, s));
        }
    }
    out
}

/// The best run of clauses on one side given per-term matched weight: the
/// maximum-sum run of `matched − penalty × unmatched` (Kadane). When no run
/// scores above zero (a long source sentence that the target only
/// summarises), the clause holding the most matched weight.
fn best_run(side: &Side<'_>, matched: &[f32], penalty: f32) -> (usize, usize) {
    let mut value = vec![0f32; side.clauses];
    let mut hits = vec![0f32; side.clauses];
    for (k, (_, w, c)) in side.terms.iter().enumerate() {
        let m = matched[k];
        value[*c] += m - penalty * (w - m).max(0.0);
        hits[*c] += m;
    }
    let mut best = (0f32, usize::MAX, 0usize);
    let (mut cur, mut start) = (0f32, 0usize);
    for (c, v) in value.iter().enumerate() {
        if c == 0 || cur <= 0.0 {
            cur = *v;
            start = c;
        } else {
            cur += v;
        }
        if cur > best.0 {
            best = (cur, start, c);
        }
    }
    if best.1 != usize::MAX {
        return (best.1, best.2);
    }
    let top = (0..side.clauses).fold(0, |b, c| if hits[c] > hits[b] { c } else { b });
    (top, top)
}

/// Byte span of a clause run, or of the whole sentence when the rest is light.
fn run_span(
    ctx: &Context<'_>,
    p: &Prepared,
    r: SentenceRef,
    side: &Side<'_>,
    run: (usize, usize),
) -> Span {
    let sentence = &p.seg.sentences[r.sent as usize];
    let total: f32 = side.terms.iter().map(|t| t.1).sum();
    let inside: f32 = side.terms.iter().filter(|t| t.2 >= run.0 && t.2 <= run.1).map(|t| t.1).sum();
    if total <= 0.0 || (total - inside) < ctx.config.whole_sentence_rest * total {
        return sentence.span;
    }
    let tokens = &p.seg.tokens;
    let (sent_tok_start, sent_tok_end) = sentence.tokens;
    // First and last token of the clause run (stop words included).
    let mut first = None;
    let mut last = None;
    for t in side.terms.iter().filter(|t| t.2 >= run.0 && t.2 <= run.1) {
        first.get_or_insert(t.0.token);
        last = Some(t.0.token + t.0.len - 1);
    }
    let (Some(first), Some(last)) = (first, last) else {
        return sentence.span;
    };
    // Stop words at the edges of the clause belong to it too: extend to the
    // clause boundaries, which are the breaks between tokens.
    let text = &ctx.docs[r.doc as usize].text;
    let mut lo = first;
    while lo > sent_tok_start && !gap_breaks(&text[tokens[lo - 1].span.end..tokens[lo].span.start])
    {
        lo -= 1;
    }
    let mut hi = last;
    while hi + 1 < sent_tok_end
        && !gap_breaks(&text[tokens[hi].span.end..tokens[hi + 1].span.start])
    {
        hi += 1;
    }
    Span::new(tokens[lo].span.start, tokens[hi].span.end)
}

/// Scores one sentence pair and finds the passage on each side.
pub fn align_pair(ctx: &Context<'_>, a: SentenceRef, b: SentenceRef) -> Option<PairMatch> {
    let sa = side(ctx, a);
    let sb = side(ctx, b);
    pair(ctx, a, &sa, b, &sb, None)
}

/// [`align_pair`] of `a` with each of `others`, in order (the side of `a` is
/// built once).
pub fn align_pairs(ctx: &Context<'_>, a: SentenceRef, others: &[SentenceRef]) -> Vec<PairMatch> {
    if others.is_empty() {
        return Vec::new();
    }
    let sa = side(ctx, a);
    others.iter().filter_map(|&b| pair(ctx, a, &sa, b, &side(ctx, b), None)).collect()
}

/// [`align_pair`], reporting each matched term pair (source word, target
/// word, credit) to `explain`, for debugging and calibration.
pub fn align_pair_explained(
    ctx: &Context<'_>,
    a: SentenceRef,
    b: SentenceRef,
    explain: &mut dyn FnMut(String),
) -> Option<PairMatch> {
    let sa = side(ctx, a);
    let sb = side(ctx, b);
    pair(ctx, a, &sa, b, &sb, Some(explain))
}

fn pair(
    ctx: &Context<'_>,
    a: SentenceRef,
    sa: &Side<'_>,
    b: SentenceRef,
    sb: &Side<'_>,
    mut explain: Option<&mut dyn FnMut(String)>,
) -> Option<PairMatch> {
    let (pa, pb) = (&ctx.prepared[a.doc as usize], &ctx.prepared[b.doc as usize]);
    let cfg = ctx.config;
    let all_a = (0, sa.clauses - 1);
    let all_b = (0, sb.clauses - 1);
    let pen = cfg.unmatched_penalty;

    let cands = match_candidates(ctx, sa, sb);
    // Exact early exit: every pass below matches a subset of `cands`, one
    // pair per term at most, so its matched weight is at most the sum of
    // each source term's best credit, and its matched (non-name) terms at
    // most the number of source terms with a (non-name) partner. A pair that
    // cannot clear the minimums with all of them is rejected now.
    if explain.is_none() {
        let mut best = vec![0f32; sa.terms.len()];
        let mut word = vec![false; sa.terms.len()];
        for &(i, j, s) in &cands {
            best[i] = best[i].max(s);
            word[i] |= !sa.names[i] && !sb.names[j];
        }
        let terms = best.iter().filter(|&&w| w > 0.0).count();
        let words = word.iter().filter(|&&w| w).count();
        // (A margin for the rounding of f32 sums taken in another order.)
        let bound: f32 = best.iter().sum();
        if terms < cfg.min_matched
            || words < cfg.min_matched_words
            || bound < cfg.min_matched_weight - 1e-3
        {
            return None;
        }
    }
    let (mut used_a, mut used_b) = (Vec::new(), Vec::new());

    // Passage on b given matches against the whole of a, then on a given b's passage.
    let m = greedy_match(&cands, sa, sb, all_a, all_b, &mut used_a, &mut used_b);
    let mut mb = vec![0f32; sb.terms.len()];
    for &(_, j, s) in &m {
        mb[j] = s;
    }
    if let Some(explain) = explain.as_mut() {
        for &(i, j, s) in &m {
            explain(format!("first pass {}~{} {:.2}", sa.terms[i].0.norm, sb.terms[j].0.norm, s));
        }
    }
    let run_b = best_run(sb, &mb, pen);
    let m = greedy_match(&cands, sa, sb, all_a, run_b, &mut used_a, &mut used_b);
    let mut ma = vec![0f32; sa.terms.len()];
    for &(i, _, s) in &m {
        ma[i] = s;
    }
    let run_a = best_run(sa, &ma, pen);
    let m = greedy_match(&cands, sa, sb, run_a, run_b, &mut used_a, &mut used_b);

    let matched_weight: f32 = m.iter().map(|x| x.2).sum();
    if let Some(explain) = explain.as_mut() {
        for &(i, j, s) in &m {
            explain(format!(
                "{}~{} {:.2}/{:.2}",
                sa.terms[i].0.norm, sb.terms[j].0.norm, s, sa.terms[i].1
            ));
        }
        explain(format!("runs a={run_a:?}/{} b={run_b:?}/{}", sa.clauses, sb.clauses));
    }
    let wa: f32 = sa.terms.iter().filter(|t| t.2 >= run_a.0 && t.2 <= run_a.1).map(|t| t.1).sum();
    let wb: f32 = sb.terms.iter().filter(|t| t.2 >= run_b.0 && t.2 <= run_b.1).map(|t| t.1).sum();

    if wa + wb <= 0.0 {
        return None;
    }
    let lambda = cfg.source_share;
    let score = (matched_weight / (lambda * wa + (1.0 - lambda) * wb)).min(1.0) as f64;
    let matched_words = m.iter().filter(|(i, j, _)| !sa.names[*i] && !sb.names[*j]).count();
    if matched_words < cfg.min_matched_words
        || m.len() < cfg.min_matched
        || matched_weight < cfg.min_matched_weight
        || score < cfg.min_score
    {
        return None;
    }
    Some(PairMatch {
        a,
        b,
        a_span: run_span(ctx, pa, a, sa, run_a),
        b_span: run_span(ctx, pb, b, sb, run_b),
        score,
        matched: m.len(),
        matched_words,
        matched_weight,
        a_hits: hits(&m, |x| x.0, pa, a),
        b_hits: hits(&m, |x| x.1, pb, b),
    })
}

/// Document-level term indexes of one side of a matching, sorted.
fn hits(
    m: &[(usize, usize, f32)],
    side: impl Fn(&(usize, usize, f32)) -> usize,
    p: &Prepared,
    r: SentenceRef,
) -> Vec<u32> {
    let base = p.sentence_terms[r.sent as usize].0;
    let mut v: Vec<u32> = m.iter().map(|x| (base + side(x)) as u32).collect();
    v.sort_unstable();
    v
}

/// An oriented candidate alignment before selection.
#[derive(Clone, Debug, PartialEq)]
pub struct Oriented {
    pub source: SentenceRef,
    pub target: SentenceRef,
    pub source_span: Span,
    pub target_span: Span,
    pub score: f64,
    /// Matched target terms (document term indexes, sorted): the evidence.
    pub target_hits: Vec<u32>,
}

impl Oriented {
    /// Orients a pair: `a_is_source` says which side is authoritative.
    pub fn from_pair(p: &PairMatch, a_is_source: bool) -> Oriented {
        if a_is_source {
            Oriented {
                source: p.a,
                target: p.b,
                source_span: p.a_span,
                target_span: p.b_span,
                score: p.score,
                target_hits: p.b_hits.clone(),
            }
        } else {
            Oriented {
                source: p.b,
                target: p.a,
                source_span: p.b_span,
                target_span: p.a_span,
                score: p.score,
                target_hits: p.a_hits.clone(),
            }
        }
    }
}

/// Keeps, per target sentence and source document, the best alignment; any
/// other whose target passage is another part of the sentence (a sentence
/// that merges two remarks); and any other for the same passage that is
/// matched on mostly different target words, at least `second_source_words`
/// of them (a summary of two neighbouring remarks).
pub fn select(mut cands: Vec<Oriented>, second_source_words: usize) -> Vec<Oriented> {
    // Within a group, the strongest first: score times matched words, so that
    // a dense match on a three-word clause does not beat a longer passage
    // that carries more of the target.
    let strength = |o: &Oriented| o.score * o.target_hits.len() as f64;
    cands.sort_by(|x, y| {
        (x.target, x.source.doc)
            .cmp(&(y.target, y.source.doc))
            .then(strength(y).total_cmp(&strength(x)))
            .then(x.source.sent.cmp(&y.source.sent))
    });
    let mut out: Vec<Oriented> = Vec::with_capacity(cands.len());
    let mut group_start = 0;
    for c in cands {
        if out.get(group_start).is_none_or(|g| (g.target, g.source.doc) != (c.target, c.source.doc))
        {
            group_start = out.len();
        }
        // Another source for the same target passage is kept when it is
        // explained by mostly different target words, enough of them (the
        // sentence sums up two remarks); a source for another part of the
        // target sentence is kept as it is.
        let clash = out[group_start..].iter().any(|k| {
            let overlap = k.target_span.overlap(c.target_span);
            let same_span = overlap * 2 >= k.target_span.len().min(c.target_span.len());
            let shared =
                k.target_hits.iter().filter(|h| c.target_hits.binary_search(h).is_ok()).count();
            let same_words = shared * 2 > k.target_hits.len().min(c.target_hits.len());
            same_span && (same_words || c.target_hits.len() < second_source_words)
        });
        if !clash {
            out.push(c);
        }
    }
    out
}

/// Builds the reported alignment: relation, and word edits from `diff`
/// (the pipeline passes `classify::edits`).
///
/// A quoted target passage is narrowed to the quoted words: the marks and the
/// attribution around them ("...,” he said.") are not part of what the
/// outlet presents as the speaker's words.
pub fn finish(
    ctx: &Context<'_>,
    o: &Oriented,
    diff: &(dyn Fn(Passage, Passage) -> Vec<Edit> + Sync),
) -> Alignment {
    let mut target = Passage { doc: o.target.doc as usize, span: o.target_span };
    let source = Passage { doc: o.source.doc as usize, span: o.source_span };
    let relation = relation_of(&ctx.prepared[target.doc], target.span);
    if relation == Relation::Quote {
        target.span = quoted_part(&ctx.prepared[target.doc], target.span);
    }
    let edits = diff(source, target);
    Alignment { source, target, score: round(o.score), relation, edits }
}

/// Scores are reported to 3 decimals so that output does not depend on the
/// last bits of floating-point sums.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Bytes of `span` inside full (not scare) top-level quotations.
pub fn quoted_share(quotes: &[crate::model::Quotation], span: Span) -> usize {
    quotes[crate::quote::overlapping(quotes, span)]
        .iter()
        .filter(|q| q.kind == QuoteKind::Full && q.depth == 0)
        .flat_map(|q| q.pieces.iter())
        .map(|piece| piece.overlap(span))
        .sum()
}

/// The part of `span` inside the full quotation piece that overlaps it most.
fn quoted_part(p: &Prepared, span: Span) -> Span {
    let best = p.quotes[crate::quote::overlapping(&p.quotes, span)]
        .iter()
        .filter(|q| q.kind == QuoteKind::Full && q.depth == 0)
        .flat_map(|q| q.pieces.iter())
        .max_by_key(|piece| (piece.overlap(span), std::cmp::Reverse(piece.start)));
    match best {
        Some(piece) if piece.overlap(span) > 0 => {
            Span::new(piece.start.max(span.start), piece.end.min(span.end))
        }
        _ => span,
    }
}

/// `Quote` when at least half of the target passage lies inside full
/// quotations of the target document.
pub fn relation_of(p: &Prepared, span: Span) -> Relation {
    let inside = quoted_share(&p.quotes, span);
    if inside * 2 >= span.len().max(1) {
        Relation::Quote
    } else {
        Relation::Paraphrase
    }
}
