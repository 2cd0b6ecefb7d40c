//! Every sentence compiled once per run into what scoring reads: content
//! terms with their key numbers, clauses and name flags, their order by key,
//! and their concepts, in flat arrays per document.

use super::{Context, Weights};
use crate::hint::prefetch;
use crate::index::{term_bit, SentenceKeys};
use crate::lexicon::Lexicon;
use crate::model::{Document, Key, Prepared, SentenceRef};

/// A content term of a compiled side. Function words are left out: they
/// weigh nothing, so they can neither match nor move a passage's bounds
/// (a clause's value and weight are sums over its content terms).
#[derive(Clone, Copy, Debug)]
pub(super) struct CTerm {
    /// The key's number ([`Weights`]), which gives the key and its weight.
    pub(super) id: u32,
    /// Index of the term among its sentence's terms (function words included).
    pub(super) pos: u16,
    /// Clause number, with [`NAME`] set when the term is a name.
    pub(super) clause: u16,
}

const _: () = assert!(std::mem::size_of::<CTerm>() == 8);

/// Bit of [`CTerm::clause`] marking a name.
pub(super) const NAME: u16 = 1 << 15;

impl CTerm {
    pub(super) fn clause(&self) -> usize {
        (self.clause & !NAME) as usize
    }
    pub(super) fn is_name(&self) -> bool {
        self.clause & NAME != 0
    }
}

/// The compiled sides of one document's sentences, in flat arrays.
#[derive(Debug, Default)]
pub(super) struct DocCompiled {
    /// Per sentence `s`, where its terms and concepts begin, and its number
    /// of clauses; they end where those of `s + 1` begin (one more fence
    /// closes the last sentence). One array, so that reaching a sentence's
    /// side is one read, not three (it is a cache miss on a large corpus).
    fences: Vec<Fence>,
    pub(super) terms: Vec<CTerm>,
    /// Per sentence, the indexes of its terms sorted by (key, index).
    pub(super) by_key: Vec<u16>,
    /// Per sentence, its concepts ([`concept_number`]) sorted, each with (at
    /// the same position in `concept_terms`) the index of its term: two
    /// arrays of 16-bit numbers, 4 bytes an entry, for the largest array of
    /// a run (a content word has four concepts on average).
    pub(super) concepts: Vec<u16>,
    pub(super) concept_terms: Vec<u16>,
    /// Bit `i` (of word `i / 64`): the gap before token `i` separates
    /// clauses ([`gap_breaks`]). A passage's edges move to its clauses'
    /// edges ([`run_span`]) by these bits, not by reading the text between
    /// tokens: 1 bit per token, read in order, so that no step reads tokens
    /// and text scattered over the document.
    pub(super) breaks: Vec<u64>,
}

/// Where a sentence's terms and concepts begin in its document's arrays,
/// and its number of clauses ([`DocCompiled::fences`]).
#[derive(Clone, Copy, Debug, Default)]
struct Fence {
    term: u32,
    concept: u32,
    clauses: u16,
}

/// Every sentence of the corpus as the aligner reads it, built once per run.
///
/// Building a side from the documents (a weight look-up and a lexicon
/// look-up per term, then two sorts) costs several times the comparison
/// itself, and a sentence takes part in dozens of pairs: it is done once. A
/// compiled side is 8 bytes per content term (its key's number, position and
/// clause) plus 2 for the key order and 4 per concept, so that millions of
/// sentences fit: a few tens of MB for 10,000 articles. A document's clause
/// breaks add a bit per token.
#[derive(Debug, Default)]
pub struct Compiled {
    pub(super) docs: Vec<DocCompiled>,
    /// Per key number ([`Weights`]), the key and its weight.
    pub(super) keys: Vec<Key>,
    pub(super) weight: Vec<f32>,
    /// Concept numbers are folded ([`concept_number`]): a shared number
    /// must be checked against the lexicon.
    pub(super) folded: bool,
}

impl Compiled {
    /// Compiles every sentence of every document.
    pub fn build(
        docs: &[Document],
        prepared: &[Prepared],
        weights: &Weights,
        lexicon: &Lexicon,
    ) -> Compiled {
        use rayon::prelude::*;
        let docs = prepared
            .par_iter()
            .zip(docs)
            .map(|(p, d)| compile_doc(&d.text, p, weights, lexicon))
            .collect();
        Compiled {
            docs,
            keys: weights.keys.clone(),
            weight: weights.idf.clone(),
            folded: lexicon.len() > 1 << 16,
        }
    }

    /// The side of sentence `r`.
    pub(super) fn get(&self, r: SentenceRef) -> CompiledSentence<'_> {
        let d = &self.docs[r.doc as usize];
        let s = r.sent as usize;
        let (f, next) = (d.fences[s], d.fences[s + 1]);
        let (a, b) = (f.term as usize, next.term as usize);
        let (ca, cb) = (f.concept as usize, next.concept as usize);
        CompiledSentence {
            terms: &d.terms[a..b],
            by_key: &d.by_key[a..b],
            concepts: &d.concepts[ca..cb],
            concept_terms: &d.concept_terms[ca..cb],
            clauses: f.clauses as usize,
            keys: &self.keys,
            weight: &self.weight,
        }
    }
}

/// Consecutive sentences of one document compiled as one unit (their terms
/// in one list, ordered by key again, their concepts merged): what the
/// features of a sentence group read ([`Compiled::group`]).
#[derive(Debug, Default)]
pub(crate) struct Group {
    terms: Vec<CTerm>,
    by_key: Vec<u16>,
    concepts: Vec<u16>,
    concept_terms: Vec<u16>,
}

impl Compiled {
    /// Sentences `first..=last` of document `doc` as one unit.
    pub(crate) fn group(&self, doc: u32, first: u32, last: u32) -> Group {
        let d = &self.docs[doc as usize];
        let (f, next) = (d.fences[first as usize], d.fences[last as usize + 1]);
        let terms = d.terms[f.term as usize..next.term as usize].to_vec();
        let mut by_key: Vec<u16> = (0..terms.len() as u16).collect();
        by_key.sort_unstable_by_key(|&i| (terms[i as usize].id, i));
        let mut pairs: Vec<(u16, u16)> = Vec::new();
        for s in first..=last {
            let (g, h) = (d.fences[s as usize], d.fences[s as usize + 1]);
            let offset = (g.term - f.term) as u16;
            let range = g.concept as usize..h.concept as usize;
            pairs.extend(
                d.concepts[range.clone()]
                    .iter()
                    .zip(&d.concept_terms[range])
                    .map(|(&c, &t)| (c, t + offset)),
            );
        }
        pairs.sort_unstable();
        Group {
            terms,
            by_key,
            concepts: pairs.iter().map(|p| p.0).collect(),
            concept_terms: pairs.iter().map(|p| p.1).collect(),
        }
    }

    /// A compiled group as a side that scoring reads (one clause).
    pub(crate) fn view<'a>(&'a self, g: &'a Group) -> CompiledSentence<'a> {
        CompiledSentence {
            terms: &g.terms,
            by_key: &g.by_key,
            concepts: &g.concepts,
            concept_terms: &g.concept_terms,
            clauses: 1,
            keys: &self.keys,
            weight: &self.weight,
        }
    }
}

impl Compiled {
    /// First step of fetching `r`'s side ahead ([`fetch_ahead`]): its
    /// document's array headers.
    #[inline]
    fn fetch_doc(&self, r: SentenceRef) {
        if let Some(d) = self.docs.get(r.doc as usize) {
            let p: *const DocCompiled = d;
            prefetch(p);
            prefetch(p.cast::<u8>().wrapping_add(64));
            prefetch(p.cast::<u8>().wrapping_add(128));
        }
    }

    /// Second step: the sentence's fences.
    #[inline]
    fn fetch_fences(&self, r: SentenceRef) {
        if let Some(d) = self.docs.get(r.doc as usize) {
            let s = r.sent as usize;
            if s + 1 < d.fences.len() {
                prefetch(&d.fences[s]);
                prefetch(&d.fences[s + 1]);
            }
        }
    }

    /// Third step: the start of the sentence's terms, key order and concepts.
    #[inline]
    fn fetch_terms(&self, r: SentenceRef) {
        if let Some(d) = self.docs.get(r.doc as usize) {
            let s = r.sent as usize;
            if s + 1 < d.fences.len() {
                let (f, next) = (d.fences[s], d.fences[s + 1]);
                let (a, b) = (f.term as usize, next.term as usize);
                let (ca, cb) = (f.concept as usize, next.concept as usize);
                if a < b {
                    prefetch(&d.terms[a]);
                    prefetch(&d.terms[b - 1]);
                    prefetch(&d.by_key[a]);
                }
                if ca < cb {
                    prefetch(&d.concepts[ca]);
                    prefetch(&d.concepts[cb - 1]);
                    prefetch(&d.concept_terms[ca]);
                    prefetch(&d.concept_terms[cb - 1]);
                }
            }
        }
    }
}

/// `refs` in order, with the compiled sides of the next three asked of the
/// memory while the current one is scored: a document's array headers three
/// places ahead, the sentence's fences two places ahead, its terms and
/// concepts one place ahead. On a large corpus the side of a candidate is
/// nowhere in the caches, and reaching it is three dependent reads.
pub fn fetch_ahead<'c, I>(ctx: &Context<'c>, refs: I) -> impl Iterator<Item = SentenceRef> + 'c
where
    I: Iterator<Item = SentenceRef> + Clone + 'c,
{
    let sides = ctx.compiled;
    let mut one = refs.clone().skip(1);
    let mut two = refs.clone().skip(2);
    let mut three = refs.clone().skip(3);
    refs.inspect(move |_| {
        if let Some(r) = three.next() {
            sides.fetch_doc(r);
        }
        if let Some(r) = two.next() {
            sides.fetch_fences(r);
        }
        if let Some(r) = one.next() {
            sides.fetch_terms(r);
        }
    })
}

/// A concept's number as the compiled sides hold it: 16 bits, which take
/// a third off the concept lists, the largest part of the compiled sides (a
/// content word has four concepts on average). The bundled lexicon has
/// 24,827 concepts. Should a larger one have more than 65,536, numbers are
/// folded (taken modulo 65,536), so two sides may share a number without
/// sharing a concept, and every related pair found through one is checked
/// against the lexicon ([`Compiled::folded`]).
fn concept_number(c: u32) -> u16 {
    (c & 0xFFFF) as u16
}

fn compile_doc(text: &str, p: &Prepared, weights: &Weights, lexicon: &Lexicon) -> DocCompiled {
    let tokens = &p.seg.tokens;
    let mut out = DocCompiled {
        fences: Vec::with_capacity(p.seg.sentences.len() + 1),
        ..DocCompiled::default()
    };
    out.breaks = vec![0; tokens.len().div_ceil(64)];
    for (i, w) in tokens.windows(2).enumerate() {
        // (Tokens are in text order; `get` only guards.)
        if text.get(w[0].span().end..w[1].span().start).is_some_and(gap_breaks) {
            out.breaks[(i + 1) / 64] |= 1 << ((i + 1) % 64);
        }
    }
    let breaks_before = |i: usize| out.breaks[i / 64] >> (i % 64) & 1 != 0;
    // One sentence's (concept, term index) pairs, sorted, then split.
    let mut pairs: Vec<(u16, u16)> = Vec::new();
    for &(a, b) in &p.sentence_terms {
        let start = out.terms.len();
        let concepts_start = out.concepts.len();
        pairs.clear();
        let mut clause = 0u16;
        // Sentences are cut at MAX_SENTENCE_TOKENS (2,000) tokens, so term
        // indexes and clause numbers fit in 15 bits; the clamp only guards.
        for (pos, t) in p.terms[a..b].iter().enumerate().take(NAME as usize - 1) {
            let at = tokens[t.first()].span().start;
            // Terms cover the tokens one after another: the gap before a
            // term's first token is the gap after the term before it.
            if pos > 0 && breaks_before(t.first()) {
                clause = (clause + 1).min(NAME - 1);
            }
            let Some(id) = weights.number(t) else {
                continue;
            };
            let known = lexicon.concepts(t.key);
            let capital = text[at..].chars().next().is_some_and(char::is_uppercase);
            // A name: an alias, or a capitalised word that is no ordinary
            // English word ("Wonsan", "Lavrov"; not "Comprehensive" in a
            // treaty's title). Titles ("Foreign Minister") go with the names
            // they precede.
            let name = t.alias
                || (capital
                    && (known.is_empty()
                        || crate::words::in_title(&crate::normalize::fold(
                            &text[tokens[t.first()].span().range()],
                        ))));
            let i = (out.terms.len() - start) as u16;
            pairs.extend(known.iter().map(|&c| (concept_number(c), i)));
            out.terms.push(CTerm {
                id,
                pos: pos as u16,
                clause: clause | if name { NAME } else { 0 },
            });
        }
        let terms = &out.terms[start..];
        let mut order: Vec<u16> = (0..terms.len() as u16).collect();
        order.sort_unstable_by_key(|&i| (terms[i as usize].id, i));
        out.by_key.extend(order);
        pairs.sort_unstable();
        out.concepts.extend(pairs.iter().map(|p| p.0));
        out.concept_terms.extend(pairs.iter().map(|p| p.1));
        out.fences.push(Fence {
            term: start as u32,
            concept: concepts_start as u32,
            clauses: clause + 1,
        });
    }
    out.fences.push(Fence {
        term: out.terms.len() as u32,
        concept: out.concepts.len() as u32,
        clauses: 0,
    });
    // Held for the whole run: no spare capacity (the slack of doubling can
    // be a third of these arrays' memory).
    out.terms.shrink_to_fit();
    out.by_key.shrink_to_fit();
    out.concepts.shrink_to_fit();
    out.concept_terms.shrink_to_fit();
    out
}

/// The side of one sentence: its content terms (text order), their order by
/// key, and their concepts.
#[derive(Clone, Copy)]
pub struct CompiledSentence<'a> {
    pub(super) terms: &'a [CTerm],
    pub(super) by_key: &'a [u16],
    /// Sorted; `concept_terms[i]` is the term of `concepts[i]`.
    pub(super) concepts: &'a [u16],
    pub(super) concept_terms: &'a [u16],
    pub(super) clauses: usize,
    /// Per key number, the key and its weight (all of [`Compiled`]').
    pub(super) keys: &'a [Key],
    pub(super) weight: &'a [f32],
}

impl CompiledSentence<'_> {
    /// The weight of a term of this side.
    #[inline]
    pub(super) fn w(&self, t: &CTerm) -> f32 {
        self.weight[t.id as usize]
    }

    /// The weight of this side's `i`th term.
    #[inline]
    pub(super) fn wi(&self, i: usize) -> f32 {
        self.w(&self.terms[i])
    }
}

/// Keys of a sentence for the index: content term keys and their concepts.
pub fn sentence_keys(ctx: &Context<'_>, r: SentenceRef) -> SentenceKeys {
    let side = ctx.compiled.get(r);
    let credit = ctx.config.synonym_credit;
    // Both lists are sorted already: the terms in key order (key numbers
    // follow the keys' order) and the concepts by number. They are merged,
    // each key once with its heaviest weight (keys are computed for every
    // probe, so merging the two sorted lists rather than sorting matters).
    // Each key also notes the terms it comes from (`SentenceKeys::terms`).
    let mut words = side
        .by_key
        .iter()
        .map(|&i| (&side.terms[i as usize], term_bit(i as usize)))
        .map(|(t, bit)| (side.keys[t.id as usize], side.w(t), bit))
        .peekable();
    let mut concepts = side
        .concepts
        .iter()
        .zip(side.concept_terms)
        .map(|(&c, &i)| (concept_key(c), side.wi(i as usize) * credit, term_bit(i as usize)))
        .peekable();
    let n = side.terms.len() + side.concepts.len();
    let mut keys: Vec<(Key, f32)> = Vec::with_capacity(n);
    let mut terms: Vec<u64> = Vec::with_capacity(n);
    loop {
        let next = match (words.peek(), concepts.peek()) {
            (Some(w), Some(c)) if c.0 < w.0 => concepts.next(),
            (Some(_), _) => words.next(),
            (None, _) => concepts.next(),
        };
        let Some((k, w, bit)) = next else { break };
        match (keys.last_mut(), terms.last_mut()) {
            (Some(last), Some(from)) if last.0 == k => {
                if w.total_cmp(&last.1).is_gt() {
                    last.1 = w;
                }
                *from |= bit;
            }
            _ => {
                keys.push((k, w));
                terms.push(bit);
            }
        }
    }
    SentenceKeys { sentence: r, keys, terms }
}

/// Summed weight of the content keys two sentences share, each key once
/// (the lighter side's weight): a cheap measure, next to [`align_pair`](super::align_pair), of
/// how much wording two sentences share.
pub fn shared_weight(ctx: &Context<'_>, a: SentenceRef, b: SentenceRef) -> f32 {
    let (sa, sb) = (ctx.compiled.get(a), ctx.compiled.get(b));
    let key_a = |x: usize| &sa.terms[sa.by_key[x] as usize];
    let key_b = |y: usize| &sb.terms[sb.by_key[y] as usize];
    let (mut x, mut y, mut sum) = (0, 0, 0f32);
    while x < sa.by_key.len() && y < sb.by_key.len() {
        let (s, t) = (key_a(x), key_b(y));
        match s.id.cmp(&t.id) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                sum += sa.w(s).min(sb.w(t));
                let k = s.id;
                while x < sa.by_key.len() && key_a(x).id == k {
                    x += 1;
                }
                while y < sb.by_key.len() && key_b(y).id == k {
                    y += 1;
                }
            }
        }
    }
    sum
}

/// Index key of a compiled concept number (top bit set: never a word key
/// in practice).
pub(super) fn concept_key(c: u16) -> Key {
    (1u64 << 63) | c as u64
}

/// Whether the gap between two tokens separates clauses. Quote marks alone do
/// not: a scare quote (`reaffirmed its “unconditional” support`) sits inside
/// a clause; a full quotation is set off by punctuation as well (`“...,” he
/// said`, `said: “...”`).
pub(super) fn gap_breaks(gap: &str) -> bool {
    gap.chars().any(crate::segment::chars::is_clause_break)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::Corpus;

    /// The bundled corpus prepared and compiled with the default settings.
    fn bundled_sides() -> (Corpus, Config, Lexicon, Vec<Prepared>, Weights, Compiled) {
        let corpus = crate::ingest::bundled();
        let cfg = Config::default();
        let (norm, lexicon) = crate::prepare::matcher(&cfg);
        let prepared: Vec<Prepared> = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| crate::prepare::prepare(i, d, &norm).0)
            .collect();
        let weights = Weights::from_corpus(&prepared, cfg.align.background_sentences);
        let sides = Compiled::build(&corpus.documents, &prepared, &weights, &lexicon);
        (corpus, cfg, lexicon.into_owned(), prepared, weights, sides)
    }

    /// The merged keys are what sorting every term's and concept's key and
    /// keeping each key's heaviest weight gives, for every sentence of the
    /// bundled corpus.
    #[test]
    fn sentence_keys_merge_as_a_sort_would() {
        let (corpus, cfg, lexicon, prepared, weights, sides) = bundled_sides();
        let ctx = Context {
            docs: &corpus.documents,
            prepared: &prepared,
            weights: &weights,
            lexicon: &lexicon,
            config: &cfg.align,
            compiled: &sides,
        };
        let (mut related, mut shared) = (0, 0);
        for (doc, p) in prepared.iter().enumerate() {
            for sent in 0..p.seg.sentences.len() {
                let r = SentenceRef { doc: doc as u32, sent: sent as u32 };
                let side = sides.get(r);
                let credit = cfg.align.synonym_credit;
                let mut want: Vec<(Key, f32)> =
                    side.terms.iter().map(|t| (side.keys[t.id as usize], side.w(t))).collect();
                want.extend(
                    side.concepts
                        .iter()
                        .zip(side.concept_terms)
                        .map(|(&c, &i)| (concept_key(c), side.wi(i as usize) * credit)),
                );
                want.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)));
                want.dedup_by_key(|k| k.0);
                related += side.concepts.windows(2).filter(|w| w[0] == w[1]).count();
                let got = sentence_keys(&ctx, r);
                assert_eq!(got.keys, want, "{r:?}");
                // Each key's terms: every term whose word or concept it is.
                let terms: Vec<u64> = want
                    .iter()
                    .map(|&(k, _)| {
                        let words = (0..side.terms.len())
                            .filter(|&i| side.keys[side.terms[i].id as usize] == k);
                        let concepts = (0..side.concepts.len())
                            .filter(|&x| concept_key(side.concepts[x]) == k)
                            .map(|x| side.concept_terms[x] as usize);
                        words.chain(concepts).fold(0, |bits, i| bits | term_bit(i))
                    })
                    .collect();
                assert_eq!(got.terms, terms, "{r:?}");
                shared += terms.iter().filter(|t| t.count_ones() > 1).count();
            }
        }
        // Keys that come from two terms of a sentence.
        assert!(shared > 0);
        // Concepts held by two terms of a sentence: runs whose heaviest
        // weight the merge must keep.
        assert!(related > 0);
    }

    /// A document's clause-break bits say what `gap_breaks` says of the text
    /// between every two tokens, for every document of the bundled corpus,
    /// and no bit is set past the last token.
    #[test]
    fn clause_break_bits_are_the_gaps_between_tokens() {
        let (corpus, _, _, prepared, _, sides) = bundled_sides();
        for ((d, p), doc) in sides.docs.iter().zip(&prepared).zip(&corpus.documents) {
            let toks = &p.seg.tokens;
            assert_eq!(d.breaks.len(), toks.len().div_ceil(64));
            let bit = |i: usize| d.breaks[i / 64] >> (i % 64) & 1 != 0;
            let mut set = 0;
            for i in 0..d.breaks.len() * 64 {
                let want = i > 0
                    && i < toks.len()
                    && gap_breaks(&doc.text[toks[i - 1].span().end..toks[i].span().start]);
                assert_eq!(bit(i), want, "{} token {i}", doc.id);
                set += usize::from(want);
            }
            assert!(set > 0, "{}", doc.id);
        }
    }
}
