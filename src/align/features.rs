//! The evidence that two sentences carry the same remark, read from the
//! whole sentences: how much of each one's content the other explains
//! (word weights, soft matches through the lexicon), names apart, how alike
//! the two texts are letter by letter, and whether they agree on numbers
//! and negation.

use super::compiled::CompiledSentence;
use super::score::{greedy, match_candidates, sort_candidates};
use super::Context;
use crate::model::{Prepared, SentenceRef};
use crate::normalize::fold;

/// What two whole sentences share, `a` the source side and `b` the target.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PairFeatures {
    /// Content weight of each sentence (inverse sentence frequency summed).
    pub weight_a: f32,
    pub weight_b: f32,
    /// Weight matched one to one (equal stems fully, related words at the
    /// synonym credit), counted on the lighter side of each match.
    pub matched: f32,
    /// Of it, the weight of matches between names.
    pub matched_names: f32,
    /// Matched content terms, and of them those that are not names.
    pub terms: u16,
    pub words: u16,
    /// Weight of the names of each side left unmatched.
    pub names_left_a: f32,
    pub names_left_b: f32,
    /// Content terms of each side.
    pub content_a: u16,
    pub content_b: u16,
    /// Function words of each side, and those the two share (as a bag).
    pub function_a: u16,
    pub function_b: u16,
    pub function_shared: u16,
    /// Letter-level similarity of the folded texts (1 − normalised
    /// Levenshtein distance).
    pub chars: f32,
    /// Character-bigram Dice coefficient of the folded texts.
    pub bigrams: f32,
    /// Whether the sentences disagree on the numbers they write, and on
    /// negation.
    pub numbers_differ: bool,
    pub negation_differs: bool,
}

/// Consecutive sentences `first..=last` of document `doc`: one sentence, or
/// a group of them read as one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    pub doc: u32,
    pub first: u32,
    pub last: u32,
}

impl Unit {
    /// The sentence `r` alone.
    pub fn sentence(r: SentenceRef) -> Unit {
        Unit { doc: r.doc, first: r.sent, last: r.sent }
    }
}

/// The features of sentences `a` and `b` ([`PairFeatures`]).
pub fn pair_features(ctx: &Context<'_>, a: SentenceRef, b: SentenceRef) -> PairFeatures {
    let (sa, sb) = (ctx.compiled.get(a), ctx.compiled.get(b));
    features(ctx, &sa, &sb, Unit::sentence(a), Unit::sentence(b))
}

/// The features of two units (sentence groups) read as wholes.
pub fn unit_features(ctx: &Context<'_>, a: Unit, b: Unit) -> PairFeatures {
    let ga = ctx.compiled.group(a.doc, a.first, a.last);
    let gb = ctx.compiled.group(b.doc, b.first, b.last);
    features(ctx, &ctx.compiled.view(&ga), &ctx.compiled.view(&gb), a, b)
}

fn features(
    ctx: &Context<'_>,
    sa: &CompiledSentence<'_>,
    sb: &CompiledSentence<'_>,
    a: Unit,
    b: Unit,
) -> PairFeatures {
    let mut f = PairFeatures {
        weight_a: total(sa),
        weight_b: total(sb),
        content_a: sa.terms.len() as u16,
        content_b: sb.terms.len() as u16,
        ..PairFeatures::default()
    };
    let (mut cands, mut related) = (Vec::new(), Vec::new());
    let folded = ctx.compiled.folded.then_some(ctx.lexicon);
    match_candidates(ctx.config.synonym_credit, folded, sa, sb, &mut cands, &mut related);
    sort_candidates(&mut cands);
    let (mut used_a, mut used_b) = (Vec::new(), Vec::new());
    let sizes = (sa.terms.len(), sb.terms.len());
    greedy(cands.iter().copied(), sizes, (&mut used_a, &mut used_b), |i, j, w| {
        let names = sa.terms[i].is_name() || sb.terms[j].is_name();
        f.matched += w;
        f.terms += 1;
        if names {
            f.matched_names += w;
        } else {
            f.words += 1;
        }
    });
    f.names_left_a = left_names(sa, &used_a);
    f.names_left_b = left_names(sb, &used_b);
    let (pa, pb) = (&ctx.prepared[a.doc as usize], &ctx.prepared[b.doc as usize]);
    let (ta, tb) = (ctx.docs[a.doc as usize].text.as_str(), ctx.docs[b.doc as usize].text.as_str());
    let (wa, wb) = (words(pa, ta, a), words(pb, tb, b));
    let (fa, fb) = (function_words(pa, a), function_words(pb, b));
    f.function_a = fa.len() as u16;
    f.function_b = fb.len() as u16;
    f.function_shared = shared(&fa, &fb) as u16;
    let (ja, jb) = (wa.join(" "), wb.join(" "));
    f.chars = strsim::normalized_levenshtein(&ja, &jb) as f32;
    f.bigrams = strsim::sorensen_dice(&ja, &jb) as f32;
    f.numbers_differ = numbers(&wa) != numbers(&wb);
    f.negation_differs = negated(&wa) != negated(&wb);
    f
}

fn total(s: &CompiledSentence<'_>) -> f32 {
    s.terms.iter().map(|t| s.w(t)).sum()
}

fn left_names(s: &CompiledSentence<'_>, used: &[bool]) -> f32 {
    s.terms.iter().zip(used).filter(|(t, u)| t.is_name() && !**u).map(|(t, _)| s.w(t)).sum()
}

/// The folded words of unit `u`, in order.
fn words(p: &Prepared, text: &str, u: Unit) -> Vec<String> {
    let (first, last) = (&p.seg.sentences[u.first as usize], &p.seg.sentences[u.last as usize]);
    let tokens = &p.seg.tokens[first.tokens.0..last.tokens.1];
    tokens.iter().map(|t| fold(t.span().text(text))).collect()
}

/// The keys of the function words of unit `u`, sorted.
fn function_words(p: &Prepared, u: Unit) -> Vec<u64> {
    let (a, b) = (p.sentence_terms[u.first as usize].0, p.sentence_terms[u.last as usize].1);
    let mut v: Vec<u64> = p.terms[a..b].iter().filter(|t| t.stop).map(|t| t.key).collect();
    v.sort_unstable();
    v
}

/// How many items two sorted bags share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The numbers a sentence writes (digits, and number words), sorted.
fn numbers(words: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()) || crate::words::NUMBER_WORDS.contains(w))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn negated(words: &[String]) -> bool {
    words.iter().any(|w| crate::words::NEGATION.contains(&w.as_str()) || w.ends_with("n't"))
}
