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

use crate::config::AlignConfig;
use crate::hint::prefetch;
use crate::index::{term_bit, SentenceKeys};
use crate::lexicon::Lexicon;
use crate::model::{
    Alignment, Document, Edit, Key, Passage, Prepared, QuoteKind, Relation, SentenceRef, Span, Term,
};
use crate::normalize::Normalizer;

/// Inverse sentence-frequency weights of keys over the whole corpus.
///
/// Every content key of the corpus is numbered, in ascending order of keys
/// (so numbers sort as keys do): a compiled side ([`Compiled`]) holds a term's
/// 32-bit number instead of its 64-bit key and its weight, half the size.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    /// Key → its number.
    number: FxHashMap<Key, u32>,
    /// Per number, the key.
    keys: Vec<Key>,
    /// Per number, the key's weight.
    idf: Vec<f32>,
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
        use rayon::prelude::*;
        // Counted per block of documents on every thread, then summed (the
        // counts do not depend on the blocks).
        let count = |docs: &[Prepared]| {
            let mut df: FxHashMap<Key, u32> = FxHashMap::default();
            let mut n = 0u32;
            let mut seen: Vec<Key> = Vec::new();
            for p in docs {
                for (si, s) in p.seg.sentences.iter().enumerate() {
                    let (a, b) = p.sentence_terms[si];
                    if s.excluded {
                        // Numbered with no count (its weight is the unseen
                        // one): every content key of the corpus has a number.
                        for t in p.terms[a..b].iter().filter(|t| !t.stop) {
                            df.entry(t.key).or_insert(0);
                        }
                        continue;
                    }
                    n += 1;
                    seen.clear();
                    seen.extend(p.terms[a..b].iter().filter(|t| !t.stop).map(|t| t.key));
                    seen.sort_unstable();
                    seen.dedup();
                    for k in &seen {
                        *df.entry(*k).or_insert(0) += 1;
                    }
                }
            }
            (df, n)
        };
        // (Blocks of an eighth of the documents, 128 to 1,024 of them: a
        // thousand articles were one block of 1,024, counted on one core.)
        let block = prepared.len().div_ceil(8).clamp(128, 1024);
        let (df, n) = prepared.par_chunks(block).map(count).reduce(
            || (FxHashMap::default(), 0),
            |(a, n), (b, m)| {
                let (mut a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (k, d) in b {
                    *a.entry(k).or_insert(0) += d;
                }
                (a, n + m)
            },
        );
        let n = n as f32 + background;
        let mut df: Vec<(Key, u32)> = df.into_iter().collect();
        df.sort_unstable();
        let number = df.iter().enumerate().map(|(i, &(k, _))| (k, i as u32)).collect();
        let keys = df.iter().map(|&(k, _)| k).collect();
        let idf = df.iter().map(|&(_, d)| (n / (d as f32 + 0.5)).ln().max(0.1)).collect();
        Weights { number, keys, idf, unseen: (n / 0.5).ln().max(0.1) }
    }

    pub fn weight(&self, term: &Term) -> f32 {
        if term.stop {
            0.0
        } else {
            self.number.get(&term.key).map_or(self.unseen, |&i| self.idf[i as usize])
        }
    }

    /// A content term's key number; `None` for a function word (or a key
    /// from outside the corpus).
    fn number(&self, term: &Term) -> Option<u32> {
        if term.stop {
            return None;
        }
        self.number.get(&term.key).copied()
    }
}

/// What the aligner reads: the corpus, its prepared documents, weights, lexicon.
pub struct Context<'a> {
    pub docs: &'a [Document],
    pub prepared: &'a [Prepared],
    pub weights: &'a Weights,
    pub lexicon: &'a Lexicon,
    pub config: &'a AlignConfig,
    /// Every sentence compiled for scoring ([`Compiled::build`]).
    pub compiled: &'a Compiled,
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
    /// Document term indexes of the matched terms of `b`, sorted (the
    /// evidence an alignment keeps; `a`'s are not needed, and millions of
    /// pairs are held at once on a large corpus).
    pub b_hits: Vec<u32>,
}

/// A content term of a compiled side. Function words are left out: they
/// weigh nothing, so they can neither match nor move a passage's bounds
/// (a clause's value and weight are sums over its content terms).
#[derive(Clone, Copy, Debug)]
struct CTerm {
    /// The key's number ([`Weights`]), which gives the key and its weight.
    id: u32,
    /// Index of the term among its sentence's terms (function words included).
    pos: u16,
    /// Clause number, with [`NAME`] set when the term is a name.
    clause: u16,
}

const _: () = assert!(std::mem::size_of::<CTerm>() == 8);

/// Bit of [`CTerm::clause`] marking a name.
const NAME: u16 = 1 << 15;

impl CTerm {
    fn clause(&self) -> usize {
        (self.clause & !NAME) as usize
    }
    fn is_name(&self) -> bool {
        self.clause & NAME != 0
    }
}

/// The compiled sides of one document's sentences, in flat arrays.
#[derive(Debug, Default)]
struct DocSides {
    /// Per sentence `s`, where its terms and concepts begin, and its number
    /// of clauses; they end where those of `s + 1` begin (one more fence
    /// closes the last sentence). One array, so that reaching a sentence's
    /// side is one read, not three (it is a cache miss on a large corpus).
    fences: Vec<Fence>,
    terms: Vec<CTerm>,
    /// Per sentence, the indexes of its terms sorted by (key, index).
    by_key: Vec<u16>,
    /// Per sentence, its concepts ([`concept_number`]) sorted, each with (at
    /// the same position in `concept_terms`) the index of its term: two
    /// arrays of 16-bit numbers, 4 bytes an entry, for the largest array of
    /// a run (a content word has four concepts on average).
    concepts: Vec<u16>,
    concept_terms: Vec<u16>,
    /// Bit `i` (of word `i / 64`): the gap before token `i` separates
    /// clauses ([`gap_breaks`]). A passage's edges move to its clauses'
    /// edges ([`run_span`]) by these bits, not by reading the text between
    /// tokens: 1 bit per token, where the walk read two tokens and a slice
    /// of text per step, scattered over the document.
    breaks: Vec<u64>,
}

/// Where a sentence's terms and concepts begin in its document's arrays,
/// and its number of clauses ([`DocSides::fences`]).
#[derive(Clone, Copy, Debug, Default)]
struct Fence {
    term: u32,
    concept: u32,
    clauses: u16,
}

/// Every sentence of the corpus as the aligner reads it, built once per run.
///
/// Scoring a pair used to build both sides from the documents (a weight
/// look-up and a lexicon look-up per term, then two sorts): ten times the
/// cost of the comparison itself, paid again for each of the ~50 pairs a
/// sentence takes part in. A compiled side is 8 bytes per content term (its
/// key's number, position and clause) plus 2 for the key order and 4 per
/// concept: 74 MB on the 10,000-article scale corpus, which took 121 MB
/// when a term held its key and weight and concepts were 32-bit. A
/// document's clause breaks add a bit per token (0.6 MB there).
#[derive(Debug, Default)]
pub struct Compiled {
    docs: Vec<DocSides>,
    /// Per key number ([`Weights`]), the key and its weight.
    keys: Vec<Key>,
    weight: Vec<f32>,
    /// Concept numbers are folded ([`concept_number`]): a shared number
    /// must be checked against the lexicon.
    folded: bool,
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
    fn get(&self, r: SentenceRef) -> Side<'_> {
        let d = &self.docs[r.doc as usize];
        let s = r.sent as usize;
        let (f, next) = (d.fences[s], d.fences[s + 1]);
        let (a, b) = (f.term as usize, next.term as usize);
        let (ca, cb) = (f.concept as usize, next.concept as usize);
        Side {
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

impl Compiled {
    /// First step of fetching `r`'s side ahead ([`fetch_ahead`]): its
    /// document's array headers.
    #[inline]
    fn fetch_doc(&self, r: SentenceRef) {
        if let Some(d) = self.docs.get(r.doc as usize) {
            let p: *const DocSides = d;
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

fn compile_doc(text: &str, p: &Prepared, weights: &Weights, lexicon: &Lexicon) -> DocSides {
    let tokens = &p.seg.tokens;
    let mut out =
        DocSides { fences: Vec::with_capacity(p.seg.sentences.len() + 1), ..DocSides::default() };
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
                        || crate::words::is_title(&crate::normalize::fold(
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
    // Held for the whole run: no spare capacity (a third of these arrays'
    // memory was the slack of doubling).
    out.terms.shrink_to_fit();
    out.by_key.shrink_to_fit();
    out.concepts.shrink_to_fit();
    out.concept_terms.shrink_to_fit();
    out
}

/// The side of one sentence: its content terms (text order), their order by
/// key, and their concepts.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    terms: &'a [CTerm],
    by_key: &'a [u16],
    /// Sorted; `concept_terms[i]` is the term of `concepts[i]`.
    concepts: &'a [u16],
    concept_terms: &'a [u16],
    clauses: usize,
    /// Per key number, the key and its weight (all of [`Compiled`]').
    keys: &'a [Key],
    weight: &'a [f32],
}

impl Side<'_> {
    /// The weight of a term of this side.
    #[inline]
    fn w(&self, t: &CTerm) -> f32 {
        self.weight[t.id as usize]
    }

    /// The weight of this side's `i`th term.
    #[inline]
    fn wi(&self, i: usize) -> f32 {
        self.w(&self.terms[i])
    }
}

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

/// Keys of a sentence for the index: content term keys and their concepts.
pub fn sentence_keys(ctx: &Context<'_>, r: SentenceRef) -> SentenceKeys {
    let side = ctx.compiled.get(r);
    let credit = ctx.config.synonym_credit;
    // Both lists are sorted already: the terms in key order (key numbers
    // follow the keys' order) and the concepts by number. They are merged,
    // each key once with its heaviest weight (a sort of both was a twentieth
    // of a run: keys are computed for every probe).
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
/// (the lighter side's weight): a cheap measure, next to [`align_pair`], of
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
fn concept_key(c: u16) -> Key {
    (1u64 << 63) | c as u64
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

/// Every pair of content terms that can match, with its credit, into
/// `cands` (unordered, a related pair possibly repeated: see
/// [`sort_candidates`]): equal keys at full credit, keys related by the
/// lexicon at [`AlignConfig::synonym_credit`].
///
/// Built once per sentence pair by merging the sides' sorted lists (keys,
/// then concepts), not by comparing every term with every other; the three
/// greedy passes of [`align_pair`] filter this one list by clause.
fn match_candidates(
    credit: f32,
    folded: Option<&Lexicon>,
    a: &Side<'_>,
    b: &Side<'_>,
    cands: &mut Vec<(usize, usize, f32)>,
    related: &mut Vec<(usize, usize)>,
) {
    cands.clear();
    let (ka, kb) = (a.by_key, b.by_key);
    let key_a = |x: usize| a.terms[ka[x] as usize].id;
    let key_b = |y: usize| b.terms[kb[y] as usize].id;
    // Equal keys.
    let (mut x, mut y) = (0, 0);
    // (Both merges step without a branch on which side is smaller: it is
    // taken at random, and its mispredictions were most of a merge's time.)
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
fn sort_candidates(cands: &mut Vec<(usize, usize, f32)>) {
    // A total order once repeats are gone: unstable sorting is deterministic.
    cands.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    cands.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
}

/// Greedy one-to-one matching of content terms, heaviest pairs first, over
/// the candidates whose clauses lie in `sel_a`/`sel_b`, into `out`.
#[allow(clippy::too_many_arguments)]
fn greedy_match(
    cands: &[(usize, usize, f32)],
    a: &Side<'_>,
    b: &Side<'_>,
    sel_a: (usize, usize),
    sel_b: (usize, usize),
    used_a: &mut Vec<bool>,
    used_b: &mut Vec<bool>,
    out: &mut Vec<(usize, usize, f32)>,
) {
    used_a.clear();
    used_a.resize(a.terms.len(), false);
    used_b.clear();
    used_b.resize(b.terms.len(), false);
    out.clear();
    for &(i, j, s) in cands {
        let (ca, cb) = (a.terms[i].clause(), b.terms[j].clause());
        if ca < sel_a.0 || ca > sel_a.1 || cb < sel_b.0 || cb > sel_b.1 {
            continue;
        }
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            out.push((i, j, s));
        }
    }
}

/// The best run of clauses on one side given per-term matched weight: the
/// maximum-sum run of `matched − penalty × unmatched` (Kadane). When no run
/// scores above zero (a long source sentence that the target only
/// summarises), the clause holding the most matched weight.
fn best_run(
    side: &Side<'_>,
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

/// Summed weight of the terms in a clause run.
fn run_weight(side: &Side<'_>, run: (usize, usize)) -> f32 {
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
    side: &Side<'_>,
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
    pair(ctx, a, b, None)
}

/// [`align_pair`] of `a` with each of `others`, in order (their sides
/// fetched ahead: [`fetch_ahead`]).
pub fn align_pairs(ctx: &Context<'_>, a: SentenceRef, others: &[SentenceRef]) -> Vec<PairMatch> {
    fetch_ahead(ctx, others.iter().copied()).filter_map(|b| pair(ctx, a, b, None)).collect()
}

/// [`align_pair`], reporting each matched term pair (source word, target
/// word, credit) to `explain`, for debugging and calibration. Words are
/// shown as their stems (alias phrases as `@canonical`), which `norm`, the
/// normaliser that made the terms, gives back.
pub fn align_pair_explained(
    ctx: &Context<'_>,
    norm: &Normalizer,
    a: SentenceRef,
    b: SentenceRef,
    explain: &mut dyn FnMut(String),
) -> Option<PairMatch> {
    pair(ctx, a, b, Some((norm, explain)))
}

fn pair(
    ctx: &Context<'_>,
    a: SentenceRef,
    b: SentenceRef,
    explain: Option<(&Normalizer, &mut dyn FnMut(String))>,
) -> Option<PairMatch> {
    SCRATCH.with(|s| pair_with(ctx, a, b, explain, &mut s.borrow_mut()))
}

fn pair_with(
    ctx: &Context<'_>,
    a: SentenceRef,
    b: SentenceRef,
    explain: Option<(&Normalizer, &mut dyn FnMut(String))>,
    scratch: &mut Scratch,
) -> Option<PairMatch> {
    let (names, mut explain) = explain.map_or((None, None), |(n, e)| (Some(n), Some(e)));
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
    if explain.is_none() {
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
    }
    sort_candidates(cands);
    let norm = |p: &Prepared, r: SentenceRef, t: &CTerm| -> String {
        let term = &p.terms[p.sentence_terms[r.sent as usize].0 + t.pos as usize];
        let text = &ctx.docs[r.doc as usize].text;
        names.map_or_else(String::new, |n| n.term_norm(text, &p.seg.tokens, term))
    };

    // Passage on b given matches against the whole of a, then on a given b's passage.
    greedy_match(cands, &sa, &sb, all_a, all_b, used_a, used_b, m);
    matched.clear();
    matched.resize(sb.terms.len(), 0.0);
    for &(_, j, s) in m.iter() {
        matched[j] = s;
    }
    if let Some(explain) = explain.as_mut() {
        for &(i, j, s) in m.iter() {
            let (x, y) = (norm(pa, a, &sa.terms[i]), norm(pb, b, &sb.terms[j]));
            explain(format!("first pass {x}~{y} {s:.2}"));
        }
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
    if let Some(explain) = explain.as_mut() {
        for &(i, j, s) in m.iter() {
            let (x, y) = (norm(pa, a, &sa.terms[i]), norm(pb, b, &sb.terms[j]));
            explain(format!("{x}~{y} {s:.2}/{:.2}", sa.wi(i)));
        }
        explain(format!("runs a={run_a:?}/{} b={run_b:?}/{}", sa.clauses, sb.clauses));
    }
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

/// An oriented candidate alignment before selection.
///
/// Millions are held at once on a large corpus (most fall to [`keep_best`]),
/// so it is small: 48 bytes, spans as 32-bit offsets (a document is under
/// 4 GiB, `ingest::MAX_TEXT_BYTES`), and no evidence: the matched target
/// terms are found again ([`evidence`]) for the few pairs whose selection
/// needs them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Oriented {
    pub source: SentenceRef,
    pub target: SentenceRef,
    source_span: (u32, u32),
    target_span: (u32, u32),
    pub score: f64,
    /// Matched target terms (as many as matched source terms).
    pub matched: u32,
}

// Millions are held at once on a large corpus: the size is part of the design.
const _: () = assert!(std::mem::size_of::<Oriented>() == 48);

impl Oriented {
    /// The pair with `a` as the source.
    pub fn from_pair(p: PairMatch) -> Oriented {
        let narrow = |s: Span| (s.start as u32, s.end as u32);
        Oriented {
            source: p.a,
            target: p.b,
            source_span: narrow(p.a_span),
            target_span: narrow(p.b_span),
            score: p.score,
            matched: p.matched as u32,
        }
    }

    pub fn source_span(&self) -> Span {
        Span::new(self.source_span.0 as usize, self.source_span.1 as usize)
    }

    pub fn target_span(&self) -> Span {
        Span::new(self.target_span.0 as usize, self.target_span.1 as usize)
    }
}

/// The matched target terms of an oriented pair (document term indexes,
/// sorted): what its source explains of the target. Scored again: the pair
/// was admitted from the same scoring, so it is found as it was.
pub fn evidence(ctx: &Context<'_>, o: &Oriented) -> Vec<u32> {
    align_pair(ctx, o.source, o.target).map(|p| p.b_hits).unwrap_or_default()
}

/// Keeps, per target sentence and source document, the best alignment; any
/// other whose target passage is another part of the sentence (a sentence
/// that merges two remarks); and any other for the same passage that is
/// matched on mostly different target words, at least `second_source_words`
/// of them (a summary of two neighbouring remarks). `evidence` gives a
/// pair's matched target terms ([`evidence`]), asked only for pairs of the
/// same passage. Groups are selected in parallel; the result is in the
/// order of the groups.
pub fn keep_best(
    mut cands: Vec<Oriented>,
    second_source_words: usize,
    evidence: &(dyn Fn(&Oriented) -> Vec<u32> + Sync),
) -> Vec<Oriented> {
    use rayon::prelude::*;
    // Within a group, the strongest first: score times matched words, so that
    // a dense match on a three-word clause does not beat a longer passage
    // that carries more of the target.
    let strength = |o: &Oriented| o.score * o.matched as f64;
    // A sentence pair is scored once, so (target, source) is unique and the
    // order total: sorting in place (a stable sort borrows a buffer as
    // large as the pairs) gives the same order.
    let order = |x: &Oriented, y: &Oriented| {
        (x.target, x.source.doc)
            .cmp(&(y.target, y.source.doc))
            .then(strength(y).total_cmp(&strength(x)))
            .then(x.source.sent.cmp(&y.source.sent))
    };
    cands.par_sort_unstable_by(order);
    debug_assert!(cands.windows(2).all(|w| w[0] == w[1] || order(&w[0], &w[1]).is_lt()));
    cands
        .par_chunk_by(|x, y| (x.target, x.source.doc) == (y.target, y.source.doc))
        .flat_map_iter(|group| {
            let mut out: Vec<Oriented> = Vec::new();
            // The kept pairs' evidence, found when first needed.
            let mut hits: Vec<Option<Vec<u32>>> = Vec::new();
            for c in group {
                // Another source for the same target passage is kept when it
                // is explained by mostly different target words, enough of
                // them (the sentence sums up two remarks); a source for
                // another part of the target sentence is kept as it is.
                let mut own: Option<Vec<u32>> = None;
                let clash = out.iter().zip(hits.iter_mut()).any(|(k, k_hits)| {
                    let (ks, cs) = (k.target_span(), c.target_span());
                    let overlap = ks.overlap(cs);
                    if overlap * 2 < ks.len().min(cs.len()) {
                        return false;
                    }
                    if (c.matched as usize) < second_source_words {
                        return true;
                    }
                    let k_hits = k_hits.get_or_insert_with(|| evidence(k));
                    let c_hits = own.get_or_insert_with(|| evidence(c));
                    let shared = k_hits.iter().filter(|h| c_hits.binary_search(h).is_ok()).count();
                    shared * 2 > k_hits.len().min(c_hits.len())
                });
                if !clash {
                    out.push(*c);
                    hits.push(own);
                }
            }
            out
        })
        .collect()
}

/// Builds the reported alignment: relation, and word edits from `diff`
/// (the pipeline passes `diff::edits`).
///
/// A quoted target passage is narrowed to the quoted words: the marks and the
/// attribution around them ("...,” he said.") are not part of what the
/// outlet presents as the speaker's words.
///
/// It reads the prepared documents only (not the compiled sides, which a
/// run drops before diffing: the two are the largest data of a large run).
pub fn finish(
    prepared: &[Prepared],
    o: &Oriented,
    diff: &(dyn Fn(Passage, Passage) -> Vec<Edit> + Sync),
) -> Alignment {
    let mut target = Passage { doc: o.target.doc as usize, span: o.target_span() };
    let source = Passage { doc: o.source.doc as usize, span: o.source_span() };
    let relation = relation_of(&prepared[target.doc], target.span);
    if relation == Relation::Quote {
        target.span = quoted_part(&prepared[target.doc], target.span);
    }
    let edits = diff(source, target);
    Alignment { source, target, score: round(o.score), relation, edits }
}

/// [`finish`] of every kept pair (in parallel), telling `progress` of each,
/// sorted by source and target position.
pub fn finish_all(
    prepared: &[Prepared],
    kept: Vec<Oriented>,
    diff: &(dyn Fn(Passage, Passage) -> Vec<Edit> + Sync),
    progress: &dyn crate::progress::Progress,
) -> Vec<Alignment> {
    use rayon::prelude::*;
    let mut alignments: Vec<Alignment> = kept
        .par_iter()
        .map(|o| finish(prepared, o, diff))
        .inspect(|_| progress.advance(1))
        .collect();
    drop(kept);
    alignments.sort_by(|x, y| {
        (x.source.doc, x.source.span, x.target.doc, x.target.span).cmp(&(
            y.source.doc,
            y.source.span,
            y.target.doc,
            y.target.span,
        ))
    });
    alignments
}

/// Scores are reported to 3 decimals so that output does not depend on the
/// last bits of floating-point sums.
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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
    let inside = crate::quote::quoted_share(&p.quotes, span);
    if inside * 2 >= span.len().max(1) {
        Relation::Quote
    } else {
        Relation::Paraphrase
    }
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
