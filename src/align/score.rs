//! Scoring one sentence pair: every pair of terms that can match, a greedy
//! one-to-one matching, the best run of clauses on each side, and the
//! weighted Dice coefficient of the two passages.

use super::compiled::{CTerm, CompiledSentence};
use super::{Context, PairMatch};
use crate::lexicon::Lexicon;
use crate::model::{Prepared, SentenceRef, Span};

/// Reusable buffers of one thread's pair scoring (no allocation per pair).
#[derive(Default)]
struct Scratch {
    cands: Vec<(usize, usize, f32)>,
    related: Vec<(usize, usize)>,
    best: Vec<f32>,
    word: Vec<bool>,
    used_a: Vec<bool>,
    used_b: Vec<bool>,
    m: Vec<(usize, usize, f32)>,
    matched: Vec<f32>,
    value: Vec<f32>,
    hits: Vec<f32>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Every pair of content terms that can match, with its credit, into
/// `cands` (unordered, a related pair possibly repeated: see
/// [`sort_candidates`]): equal keys at full credit, keys related by the
/// lexicon at [`AlignConfig::synonym_credit`].
///
/// Built once per sentence pair by merging the sides' sorted lists (keys,
/// then concepts), not by comparing every term with every other; the three
/// greedy passes of [`align_pair`] filter this one list by clause.
pub(super) fn match_candidates(
    credit: f32,
    folded: Option<&Lexicon>,
    a: &CompiledSentence<'_>,
    b: &CompiledSentence<'_>,
    cands: &mut Vec<(usize, usize, f32)>,
    related: &mut Vec<(usize, usize)>,
) {
    cands.clear();
    let (ka, kb) = (a.by_key, b.by_key);
    let key_a = |x: usize| a.terms[ka[x] as usize].id;
    let key_b = |y: usize| b.terms[kb[y] as usize].id;
    // Equal keys.
    let (mut x, mut y) = (0, 0);
    // (Both merges step without a branch on which side is smaller: that is
    // as good as random, so a branch would be mispredicted half the time.)
    while x < ka.len() && y < kb.len() {
        let (k, l) = (key_a(x), key_b(y));
        if k == l {
            let xe = x + (x..ka.len()).take_while(|&e| key_a(e) == k).count();
            let ye = y + (y..kb.len()).take_while(|&e| key_b(e) == k).count();
            for &i in &ka[x..xe] {
                for &j in &kb[y..ye] {
                    let (i, j) = (i as usize, j as usize);
                    cands.push((i, j, a.wi(i).min(b.wi(j))));
                }
            }
            x = xe;
            y = ye;
        } else {
            x += usize::from(k < l);
            y += usize::from(l < k);
        }
    }
    // Related keys: a shared concept, keys different.
    let (ca, cb) = (a.concepts, b.concepts);
    if !ca.is_empty() && !cb.is_empty() {
        related.clear();
        let (mut x, mut y) = (0, 0);
        while x < ca.len() && y < cb.len() {
            let (c, d) = (ca[x], cb[y]);
            if c == d {
                let xe = x + ca[x..].iter().take_while(|&&e| e == c).count();
                let ye = y + cb[y..].iter().take_while(|&&e| e == c).count();
                for &i in &a.concept_terms[x..xe] {
                    for &j in &b.concept_terms[y..ye] {
                        let (i, j) = (i as usize, j as usize);
                        let (k, l) = (a.terms[i].id as usize, b.terms[j].id as usize);
                        if k != l && folded.is_none_or(|lex| lex.related(a.keys[k], b.keys[l])) {
                            related.push((i, j));
                        }
                    }
                }
                x = xe;
                y = ye;
            } else {
                x += usize::from(c < d);
                y += usize::from(d < c);
            }
        }
        cands.extend(related.iter().map(|&(i, j)| (i, j, a.wi(i).min(b.wi(j)) * credit)));
    }
}

/// Orders [`match_candidates`]' list heaviest first (ties by position) and
/// drops the repeats of a related pair that shares several concepts (equal
/// pairs have equal credits, so they end up side by side). Left until a pair
/// has passed the early exit, which needs neither.
pub(super) fn sort_candidates(cands: &mut Vec<(usize, usize, f32)>) {
    // A total order once repeats are gone: unstable sorting is deterministic.
    cands.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    cands.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
}

/// Greedy one-to-one matching of content terms, heaviest pairs first, over
/// the candidates whose clauses lie in `sel_a`/`sel_b`, into `out`.
#[allow(clippy::too_many_arguments)]
fn greedy_match(
    cands: &[(usize, usize, f32)],
    a: &CompiledSentence<'_>,
    b: &CompiledSentence<'_>,
    sel_a: (usize, usize),
    sel_b: (usize, usize),
    used_a: &mut Vec<bool>,
    used_b: &mut Vec<bool>,
    out: &mut Vec<(usize, usize, f32)>,
) {
    out.clear();
    let within = |&&(i, j, _): &&(usize, usize, f32)| {
        let (ca, cb) = (a.terms[i].clause(), b.terms[j].clause());
        sel_a.0 <= ca && ca <= sel_a.1 && sel_b.0 <= cb && cb <= sel_b.1
    };
    let pairs = cands.iter().filter(within).copied();
    greedy(pairs, (a.terms.len(), b.terms.len()), (used_a, used_b), |i, j, s| out.push((i, j, s)));
}

/// Greedy one-to-one matching: walks `pairs` `(i, j, credit)` in order
/// (heaviest first) and keeps each pair whose members are both unmatched,
/// telling `keep`. `sizes` are the numbers of items on each side; `used`
/// are the caller's buffers (cleared here). Equal keys, related words and
/// quoted words are all matched this way, in the aligner and in
/// verification alike.
pub(crate) fn greedy<T>(
    pairs: impl IntoIterator<Item = (usize, usize, T)>,
    sizes: (usize, usize),
    used: (&mut Vec<bool>, &mut Vec<bool>),
    mut keep: impl FnMut(usize, usize, T),
) {
    let (used_a, used_b) = used;
    used_a.clear();
    used_a.resize(sizes.0, false);
    used_b.clear();
    used_b.resize(sizes.1, false);
    for (i, j, credit) in pairs {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            keep(i, j, credit);
        }
    }
}

/// The run of consecutive values with the highest sum above zero (Kadane),
/// as first and last index; `None` when no value is positive.
pub(crate) fn max_run(values: impl IntoIterator<Item = f32>) -> Option<(usize, usize)> {
    let mut best = (0f32, usize::MAX, 0usize);
    let (mut cur, mut start) = (0f32, 0usize);
    for (c, v) in values.into_iter().enumerate() {
        if c == 0 || cur <= 0.0 {
            cur = v;
            start = c;
        } else {
            cur += v;
        }
        if cur > best.0 {
            best = (cur, start, c);
        }
    }
    (best.1 != usize::MAX).then_some((best.1, best.2))
}

/// The best run of clauses on one side given per-term matched weight: the
/// maximum-sum run of `matched − penalty × unmatched` (Kadane). When no run
/// scores above zero (a long source sentence that the target only
/// summarises), the clause holding the most matched weight.
fn best_run(
    side: &CompiledSentence<'_>,
    matched: &[f32],
    penalty: f32,
    value: &mut Vec<f32>,
    hits: &mut Vec<f32>,
) -> (usize, usize) {
    value.clear();
    value.resize(side.clauses, 0.0);
    hits.clear();
    hits.resize(side.clauses, 0.0);
    for (k, t) in side.terms.iter().enumerate() {
        let m = matched[k];
        let c = t.clause();
        value[c] += m - penalty * (side.w(t) - m).max(0.0);
        hits[c] += m;
    }
    if let Some(run) = max_run(value.iter().copied()) {
        return run;
    }
    let top = (0..side.clauses).fold(0, |b, c| if hits[c] > hits[b] { c } else { b });
    (top, top)
}

/// Summed weight of the terms in a clause run.
fn run_weight(side: &CompiledSentence<'_>, run: (usize, usize)) -> f32 {
    side.terms
        .iter()
        .filter(|t| t.clause() >= run.0 && t.clause() <= run.1)
        .map(|t| side.w(t))
        .sum()
}

/// Byte span of a clause run, or of the whole sentence when the rest is light.
fn run_span(
    ctx: &Context<'_>,
    p: &Prepared,
    r: SentenceRef,
    side: &CompiledSentence<'_>,
    run: (usize, usize),
) -> Span {
    let sentence = &p.seg.sentences[r.sent as usize];
    let total: f32 = side.terms.iter().map(|t| side.w(t)).sum();
    let inside = run_weight(side, run);
    if total <= 0.0 || (total - inside) < ctx.config.whole_sentence_rest * total {
        return sentence.span;
    }
    let tokens = &p.seg.tokens;
    let (sent_tok_start, sent_tok_end) = sentence.tokens;
    let base = p.sentence_terms[r.sent as usize].0;
    // First and last token of the clause run's content words; the stop words
    // at its edges are taken in below. (The side says which terms they are:
    // only those two are read from the document.)
    let in_run = |t: &&CTerm| t.clause() >= run.0 && t.clause() <= run.1;
    let (Some(a), Some(b)) = (side.terms.iter().find(in_run), side.terms.iter().rfind(in_run))
    else {
        return sentence.span;
    };
    let first = p.terms[base + a.pos as usize].first();
    let last = p.terms[base + b.pos as usize].last();
    // Stop words at the edges of the clause belong to it too: extend to the
    // clause boundaries, which are the breaks between tokens.
    let breaks = &ctx.compiled.docs[r.doc as usize].breaks;
    let breaks_before = |i: usize| breaks[i / 64] >> (i % 64) & 1 != 0;
    let mut lo = first;
    while lo > sent_tok_start && !breaks_before(lo) {
        lo -= 1;
    }
    let mut hi = last;
    while hi + 1 < sent_tok_end && !breaks_before(hi + 1) {
        hi += 1;
    }
    Span::new(tokens[lo].span().start, tokens[hi].span().end)
}

/// Scores one sentence pair and finds the passage on each side.
pub fn align_pair(ctx: &Context<'_>, a: SentenceRef, b: SentenceRef) -> Option<PairMatch> {
    pair(ctx, a, b)
}

fn pair(ctx: &Context<'_>, a: SentenceRef, b: SentenceRef) -> Option<PairMatch> {
    SCRATCH.with(|s| pair_with(ctx, a, b, &mut s.borrow_mut()))
}

fn pair_with(
    ctx: &Context<'_>,
    a: SentenceRef,
    b: SentenceRef,
    scratch: &mut Scratch,
) -> Option<PairMatch> {
    let (sa, sb) = (ctx.compiled.get(a), ctx.compiled.get(b));
    if sa.terms.is_empty() || sb.terms.is_empty() {
        return None;
    }
    let (pa, pb) = (&ctx.prepared[a.doc as usize], &ctx.prepared[b.doc as usize]);
    let cfg = ctx.config;
    let all_a = (0, sa.clauses - 1);
    let all_b = (0, sb.clauses - 1);
    let pen = cfg.unmatched_penalty;
    let Scratch {
        cands,
        related,
        best,
        word,
        used_a,
        used_b,
        m,
        matched,
        value,
        hits: clause_hits,
    } = scratch;

    let folded = ctx.compiled.folded.then_some(ctx.lexicon);
    match_candidates(cfg.synonym_credit, folded, &sa, &sb, cands, related);
    // Exact early exit: every pass below matches a subset of `cands`, one
    // pair per term at most, so its matched weight is at most the sum of
    // each source term's best credit, and its matched (non-name) terms at
    // most the number of source terms with a (non-name) partner. A pair that
    // cannot clear the minimums with all of them is rejected now.
    if cands.len() < cfg.min_matched {
        return None;
    }
    best.clear();
    best.resize(sa.terms.len(), 0.0);
    word.clear();
    word.resize(sa.terms.len(), false);
    for &(i, j, s) in cands.iter() {
        best[i] = best[i].max(s);
        word[i] |= !sa.terms[i].is_name() && !sb.terms[j].is_name();
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
    sort_candidates(cands);

    // Passage on b given matches against the whole of a, then on a given b's passage.
    greedy_match(cands, &sa, &sb, all_a, all_b, used_a, used_b, m);
    matched.clear();
    matched.resize(sb.terms.len(), 0.0);
    for &(_, j, s) in m.iter() {
        matched[j] = s;
    }
    let run_b = best_run(&sb, matched, pen, value, clause_hits);
    greedy_match(cands, &sa, &sb, all_a, run_b, used_a, used_b, m);
    matched.clear();
    matched.resize(sa.terms.len(), 0.0);
    for &(i, _, s) in m.iter() {
        matched[i] = s;
    }
    let run_a = best_run(&sa, matched, pen, value, clause_hits);
    greedy_match(cands, &sa, &sb, run_a, run_b, used_a, used_b, m);

    let matched_weight: f32 = m.iter().map(|x| x.2).sum();
    let wa = run_weight(&sa, run_a);
    let wb = run_weight(&sb, run_b);

    if wa + wb <= 0.0 {
        return None;
    }
    let lambda = cfg.source_share;
    let score = (matched_weight / (lambda * wa + (1.0 - lambda) * wb)).min(1.0) as f64;
    let matched_words =
        m.iter().filter(|(i, j, _)| !sa.terms[*i].is_name() && !sb.terms[*j].is_name()).count();
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
        a_span: run_span(ctx, pa, a, &sa, run_a),
        b_span: run_span(ctx, pb, b, &sb, run_b),
        score,
        matched: m.len(),
        matched_words,
        matched_weight,
        b_hits: hits(m.iter().map(|x| sb.terms[x.1].pos), pb, b),
    })
}

/// Document-level term indexes of one side of a matching, sorted.
fn hits(pos: impl Iterator<Item = u16>, p: &Prepared, r: SentenceRef) -> Vec<u32> {
    let base = p.sentence_terms[r.sent as usize].0;
    let mut v: Vec<u32> = pos.map(|x| (base + x as usize) as u32).collect();
    v.sort_unstable();
    v
}
