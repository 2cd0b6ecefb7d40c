//! A deterministic scale corpus: synthetic transcripts, articles that quote
//! and paraphrase them, and the truth of which article passage carries which
//! transcript sentence.
//!
//! Used by `refract generate`, the benchmarks (`benches/`) and anyone who
//! wants to see how refract behaves on a month of coverage rather than on
//! the five bundled documents.
//!
//! # What is generated
//!
//! * **Transcripts** (role `primary`, metadata `speaker`): 60 to 120
//!   sentences of one speaker with a name of their own, about half of them
//!   laid out as Q&A (`Question:` / `Name Surname:` paragraphs). Sentences
//!   come from a word-bigram chain over the sentences of the bundled corpus
//!   (so they read like diplomatic remarks and recombine its clauses), with
//!   45% of the content words replaced by words drawn from a Zipf
//!   distribution over the bundled vocabulary and the WordNet table, and
//!   every proper name replaced by one of the transcript's own place and
//!   people names. 2,000 transcripts are therefore 2,000 different texts
//!   whose word frequencies look like news (a few words everywhere, most
//!   words rare), not the same 190 sentences again.
//! * **Articles** (roles wire / newspaper / news): about 3 KB each, one
//!   event (transcript) per article. 3 to 7 of the speaker's sentences are
//!   carried, each either **quoted** (`“...,” Surname said.`; a word dropped
//!   or swapped for a synonym here and there, sometimes only the first
//!   clauses) or **paraphrased** (`Surname said that ...`: clauses
//!   reordered, first person turned into third, function words dropped and a
//!   third of the content words swapped for lexicon synonyms), mixed with
//!   distractor sentences that carry no transcript sentence.
//! * **Truth** (JSON Lines, one [`TruthLink`] per carried sentence): the
//!   article's byte span (the quoted words, or the paraphrasing sentence),
//!   the transcript sentence's byte span and the kind. Offsets are byte
//!   offsets into the documents' `text` strings, which is what refract's
//!   spans index for JSON Lines input.
//!
//! [`recall`](super::recall::recall) measures recall against the truth: a truth link is found when
//! an alignment has the transcript as source and the article as target and
//! overlaps both spans.
//!
//! # Determinism
//!
//! Everything is drawn from a SplitMix64 generator seeded from
//! [`GenConfig::seed`] and the document's number, so document `i` is the same
//! whatever the other sizes are generated, on every machine and in every
//! process: the corpus at 10,000 articles is the first 10,000 articles of
//! the one at 100,000 if the transcript count is the same. No hash map is
//! iterated.

use std::io::{self, Write};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::data;
use crate::model::{BlockKind, Corpus, Document, Role, Span};
use crate::normalize::is_stopword;

/// Sizes and seed of a generated corpus.
#[derive(Clone, Debug)]
pub struct GenConfig {
    pub articles: usize,
    pub transcripts: usize,
    pub seed: u64,
}

impl GenConfig {
    /// `articles` articles against one transcript per 50 articles (at least
    /// one): 1,000 against 20, 100,000 against 2,000.
    pub fn new(articles: usize) -> GenConfig {
        GenConfig { articles, transcripts: (articles / 50).max(1), seed: 42 }
    }
}

/// A small, fast, seedable generator (SplitMix64). Not for cryptography.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for item `n` of stream `stream` under `seed`.
    pub fn derive(seed: u64, stream: u64, n: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next_u64() ^ n.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            xs.swap(i, self.below(i + 1));
        }
    }
}

/// Which article passage carries which transcript sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthLink {
    pub article: String,
    /// Byte span in the article's text: the quoted words, or the
    /// paraphrasing sentence.
    pub start: usize,
    pub end: usize,
    pub transcript: String,
    /// Byte span of the transcript sentence.
    pub source_start: usize,
    pub source_end: usize,
    /// `quote` or `paraphrase`.
    pub kind: String,
}

/// One generated document, as written to JSON Lines.
#[derive(Clone, Debug, Serialize)]
pub struct GenDoc {
    pub id: String,
    pub text: String,
    pub role: &'static str,
    pub outlet: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

impl GenDoc {
    /// The document refract reads from this record.
    pub fn to_document(&self) -> Document {
        let mut d = Document::new(self.id.clone(), self.text.clone())
            .with_role(Role::parse(self.role).unwrap_or(Role::Article));
        d.outlet = self.outlet.clone();
        if let Some(s) = &self.speaker {
            d.metadata.insert("speaker".into(), serde_json::Value::String(s.clone()));
        }
        d
    }
}

const END: u32 = u32::MAX;
const COMMA: &str = ",";

/// Raw material: the bigram chain, the vocabulary and the synonym sets.
struct Material {
    words: Vec<String>,
    /// Successors of each word id; `END` ends a sentence.
    next: Vec<Vec<u32>>,
    starts: Vec<u32>,
    /// Whether a word id is a proper name (capitalised, not a known word).
    name: Vec<bool>,
    /// Content words, most common first; sampled by Zipf.
    vocab: Vec<&'static str>,
    cumulative: Vec<f64>,
    /// Synonym sets (single lower-case words) and, per word, its sets.
    sets: Vec<Vec<&'static str>>,
    sets_of: FxHashMap<&'static str, Vec<u32>>,
}

fn lexicon_sets() -> Vec<Vec<&'static str>> {
    let mut sets = Vec::new();
    for table in [data::SYNONYMS, data::WORDNET] {
        for line in table.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((_, words)) = line.split_once('\t') else {
                continue;
            };
            let set: Vec<&'static str> = words
                .split_whitespace()
                .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()))
                .collect();
            if set.len() >= 2 {
                sets.push(set);
            }
        }
    }
    sets
}

/// Splits a sentence into words and commas (other punctuation dropped).
fn words_of(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let w = cur.trim_matches(|c| c == '\'' || c == '-');
        if !w.is_empty() {
            out.push(w.to_string());
        }
        cur.clear();
    };
    for c in s.chars() {
        match c {
            c if c.is_alphanumeric() => cur.push(c),
            '\'' | '\u{2019}' if !cur.is_empty() => cur.push('\''),
            '-' if !cur.is_empty() => cur.push('-'),
            ',' | ';' | ':' => {
                flush(&mut cur, &mut out);
                if out.last().is_some_and(|w| w != COMMA) {
                    out.push(COMMA.to_string());
                }
            }
            _ => flush(&mut cur, &mut out),
        }
    }
    flush(&mut cur, &mut out);
    while out.last().is_some_and(|w| w == COMMA) {
        out.pop();
    }
    out
}

impl Material {
    fn new(seed: u64) -> Material {
        let sets = lexicon_sets();
        let mut sets_of: FxHashMap<&'static str, Vec<u32>> = FxHashMap::default();
        for (i, set) in sets.iter().enumerate() {
            for w in set {
                sets_of.entry(w).or_default().push(i as u32);
            }
        }
        let known = |w: &str| sets_of.contains_key(w) || is_stopword(w);

        let corpus = crate::ingest::bundled();
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut words: Vec<String> = Vec::new();
        let mut next: Vec<Vec<u32>> = Vec::new();
        let mut starts = Vec::new();
        let mut counts: FxHashMap<String, u32> = FxHashMap::default();
        let mut corpus_vocab: Vec<String> = Vec::new();
        for doc in &corpus.documents {
            let seg = crate::segment::segment(doc);
            for s in &seg.sentences {
                if s.excluded || s.kind != BlockKind::Body {
                    continue;
                }
                let ws = words_of(doc.slice(s.span));
                if ws.len() < 6 {
                    continue;
                }
                let mut prev: Option<u32> = None;
                for w in ws {
                    let lower = w.to_lowercase();
                    if w.chars().all(|c| c.is_ascii_lowercase()) && !is_stopword(&lower) {
                        let n = counts.entry(lower.clone()).or_insert(0);
                        if *n == 0 {
                            corpus_vocab.push(lower.clone());
                        }
                        *n += 1;
                    }
                    let id = *ids.entry(w.clone()).or_insert_with(|| {
                        words.push(w.clone());
                        next.push(Vec::new());
                        (words.len() - 1) as u32
                    });
                    match prev {
                        None => starts.push(id),
                        Some(p) => next[p as usize].push(id),
                    }
                    prev = Some(id);
                }
                if let Some(p) = prev {
                    next[p as usize].push(END);
                }
            }
        }
        let name = words
            .iter()
            .map(|w| {
                let first_upper = w.chars().next().is_some_and(char::is_uppercase);
                first_upper && !known(&w.to_lowercase()) && w != "I"
            })
            .collect();
        // Vocabulary: the corpus's content words by frequency, then the
        // lexicon's words in a seeded order.
        corpus_vocab.sort_by(|a, b| counts[b].cmp(&counts[a]).then(a.cmp(b)));
        let mut rng = Rng::derive(seed, 1, 0);
        let mut vocab: Vec<&'static str> = Vec::new();
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        let leaked: Vec<&'static str> =
            corpus_vocab.into_iter().map(|w| &*Box::leak(w.into_boxed_str())).collect();
        for w in leaked {
            if seen.insert(w) {
                vocab.push(w);
            }
        }
        let mut lex_words: Vec<&'static str> =
            sets.iter().flatten().copied().filter(|w| w.len() <= 12 && !is_stopword(w)).collect();
        lex_words.sort_unstable();
        lex_words.dedup();
        rng.shuffle(&mut lex_words);
        for w in lex_words {
            if seen.insert(w) {
                vocab.push(w);
            }
        }
        let mut cumulative = Vec::with_capacity(vocab.len());
        let mut total = 0.0;
        for r in 0..vocab.len() {
            total += 1.0 / (r as f64 + 30.0);
            cumulative.push(total);
        }
        Material { words, next, starts, name, vocab, cumulative, sets, sets_of }
    }

    fn zipf(&self, rng: &mut Rng) -> &'static str {
        let x = rng.unit() * self.cumulative.last().copied().unwrap_or(0.0);
        let i = self.cumulative.partition_point(|&c| c < x).min(self.vocab.len() - 1);
        self.vocab[i]
    }

    fn synonym(&self, rng: &mut Rng, word: &str) -> Option<&'static str> {
        let sets = self.sets_of.get(word)?;
        let set = &self.sets[*rng.pick(sets) as usize];
        let others: Vec<&'static str> = set.iter().copied().filter(|w| *w != word).collect();
        (!others.is_empty()).then(|| *rng.pick(&others))
    }

    /// A chain of word ids, 10 to 35 words long.
    fn chain(&self, rng: &mut Rng) -> Vec<u32> {
        for _ in 0..20 {
            let mut out = vec![*rng.pick(&self.starts)];
            loop {
                let succ = &self.next[*out.last().unwrap() as usize];
                let n = *rng.pick(succ);
                if n == END || out.len() >= 35 {
                    break;
                }
                if self.words[n as usize] == COMMA
                    && self.words[out[out.len() - 1] as usize] == COMMA
                {
                    continue;
                }
                out.push(n);
            }
            let words = out.iter().filter(|&&w| self.words[w as usize] != COMMA).count();
            if words >= 10 {
                while out.last().is_some_and(|&w| self.words[w as usize] == COMMA) {
                    out.pop();
                }
                return out;
            }
        }
        let mut out = vec![*rng.pick(&self.starts)];
        while out.len() < 12 {
            out.push(*rng.pick(&self.starts));
        }
        out
    }

    /// A sentence as words: chain, content words replaced with probability
    /// `p`, names from `names`.
    fn sentence(&self, rng: &mut Rng, p: f64, names: &[String]) -> Vec<String> {
        self.chain(rng)
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                let w = &self.words[id as usize];
                if self.name[id as usize] {
                    // The same corpus name maps to the same local name.
                    let h = crate::normalize::key_of(w) as usize;
                    return names[h % names.len()].clone();
                }
                let lower = w.to_lowercase();
                let content = w.chars().all(|c| c.is_alphabetic()) && !is_stopword(&lower);
                if content && rng.chance(p) {
                    let v = self.zipf(rng);
                    if i == 0 {
                        return capitalise(v);
                    }
                    return v.to_string();
                }
                w.clone()
            })
            .collect()
    }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn decapitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Joins words into text: no space before a comma.
fn join(words: &[String]) -> String {
    let mut s = String::new();
    for w in words {
        if w == COMMA {
            s.push(',');
            continue;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "vel", "mi", "tor", "an", "sa", "lek", "du", "bra", "ni", "vo", "gar", "el", "zu",
    "pen", "ta", "ri", "mor", "ko", "sten", "li", "dar", "vi", "na", "bo", "kel", "ju", "fa",
    "ren",
];

fn made_up_name(rng: &mut Rng, syllables: usize) -> String {
    let mut s = String::new();
    for _ in 0..syllables {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    capitalise(&s)
}

/// One generated transcript with its remarks.
struct Transcript {
    doc: GenDoc,
    surname: String,
    /// The speaker's sentences: (byte span in the text, words).
    remarks: Vec<(Span, Vec<String>)>,
}

/// The generator: raw material and the transcripts (kept in memory, about
/// 10 KB each); articles are made on demand.
pub struct Generator {
    cfg: GenConfig,
    material: Material,
    transcripts: Vec<Transcript>,
    /// Names that appear in distractor sentences.
    others: Vec<String>,
}

const OUTLETS: &[(&str, &str)] = &[
    ("Wire Service", "wire"),
    ("Daily Courier", "newspaper"),
    ("Evening Ledger", "newspaper"),
    ("World News", "news"),
    ("Morning Herald", "newspaper"),
    ("Global Report", "news"),
];

impl Generator {
    pub fn new(cfg: GenConfig) -> Generator {
        let material = Material::new(cfg.seed);
        let mut taken = rustc_hash::FxHashSet::default();
        let mut rng = Rng::derive(cfg.seed, 2, 0);
        let mut surnames = Vec::with_capacity(cfg.transcripts);
        while surnames.len() < cfg.transcripts {
            let n = 3 + usize::from(surnames.len() > 5_000);
            let s = made_up_name(&mut rng, n);
            if taken.insert(s.clone()) {
                surnames.push(s);
            }
        }
        let others = (0..500).map(|_| made_up_name(&mut rng, 2)).collect();
        let transcripts = surnames
            .into_iter()
            .enumerate()
            .map(|(i, surname)| Self::transcript(&material, &cfg, i, surname))
            .collect();
        Generator { cfg, material, transcripts, others }
    }

    pub fn config(&self) -> &GenConfig {
        &self.cfg
    }

    fn transcript(m: &Material, cfg: &GenConfig, i: usize, surname: String) -> Transcript {
        let mut rng = Rng::derive(cfg.seed, 3, i as u64);
        let first = made_up_name(&mut rng, 2);
        let full = format!("{first} {surname}");
        let names: Vec<String> = (0..8)
            .map(|_| {
                let n = 2 + rng.below(2);
                made_up_name(&mut rng, n)
            })
            .collect();
        let qa = rng.chance(0.5);
        let n = rng.range(60, 120);
        let mut text = format!("Remarks by Minister {full} at a news conference in {}\n", names[0]);
        let mut remarks = Vec::new();
        let mut written = 0;
        while written < n {
            if qa {
                if written > 0 {
                    let q = m.sentence(&mut rng, 0.45, &names);
                    text.push_str("Question: ");
                    text.push_str(&capitalise(&join(&q)));
                    text.push_str("?\n");
                }
                text.push_str(&full);
                text.push_str(": ");
            }
            let para = rng.range(2, 5);
            for k in 0..para {
                let mut words = m.sentence(&mut rng, 0.45, &names);
                if let Some(w) = words.first_mut() {
                    *w = capitalise(w);
                }
                if k > 0 {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(&join(&words));
                text.push('.');
                remarks.push((Span::new(start, text.len()), words));
                written += 1;
            }
            text.push('\n');
        }
        let doc = GenDoc {
            id: format!("t{i:05}"),
            text,
            role: "primary",
            outlet: "Ministry".into(),
            speaker: Some(full),
        };
        Transcript { doc, surname, remarks }
    }

    /// Number of transcripts.
    pub fn transcripts(&self) -> usize {
        self.transcripts.len()
    }

    /// Transcript `i`.
    pub fn transcript_doc(&self, i: usize) -> &GenDoc {
        &self.transcripts[i].doc
    }

    /// Article `i` and its truth links.
    pub fn article(&self, i: usize) -> (GenDoc, Vec<TruthLink>) {
        let m = &self.material;
        let mut rng = Rng::derive(self.cfg.seed, 4, i as u64);
        let t = &self.transcripts[rng.below(self.transcripts.len())];
        let (outlet, role) = *rng.pick(OUTLETS);
        let id = format!("a{i:06}");
        let carried = rng.range(3, 7).min(t.remarks.len());
        // Remarks in transcript order, as reports mostly follow it.
        let mut picks: Vec<usize> = (0..carried).map(|_| rng.below(t.remarks.len())).collect();
        picks.sort_unstable();
        picks.dedup();
        let distractors = rng.range(12, 18);
        let mut plan: Vec<Option<usize>> =
            picks.iter().map(|&p| Some(p)).chain((0..distractors).map(|_| None)).collect();
        // Keep carried remarks in order while interleaving distractors.
        let mut order: Vec<usize> = (0..plan.len()).collect();
        rng.shuffle(&mut order);
        let mut slots: Vec<usize> = order[..picks.len()].to_vec();
        slots.sort_unstable();
        let mut arranged: Vec<Option<usize>> = vec![None; plan.len()];
        for (slot, &p) in slots.iter().zip(&picks) {
            arranged[*slot] = Some(p);
        }
        plan = arranged;

        let headline = m.sentence(&mut rng, 0.7, &self.others);
        let mut text = capitalise(&join(&headline[..headline.len().min(9)]));
        text.push('\n');
        let mut truth = Vec::new();
        let mut in_para = 0;
        let mut first_mention = true;
        for item in plan {
            if in_para > 0 {
                text.push(' ');
            }
            match item {
                None => {
                    let mut words = m.sentence(&mut rng, 0.8, &self.others);
                    words[0] = capitalise(&words[0]);
                    text.push_str(&join(&words));
                    text.push('.');
                }
                Some(r) => {
                    let (src, words) = &t.remarks[r];
                    let who = if first_mention {
                        first_mention = false;
                        t.doc.speaker.clone().unwrap_or_default()
                    } else {
                        t.surname.clone()
                    };
                    let (span, kind) = if rng.chance(0.4) {
                        (self.quote(&mut rng, &mut text, words, &who), "quote")
                    } else {
                        (self.paraphrase(&mut rng, &mut text, words, &who), "paraphrase")
                    };
                    truth.push(TruthLink {
                        article: id.clone(),
                        start: span.start,
                        end: span.end,
                        transcript: t.doc.id.clone(),
                        source_start: src.start,
                        source_end: src.end,
                        kind: kind.into(),
                    });
                }
            }
            in_para += 1;
            if in_para >= rng.range(1, 3) {
                text.push('\n');
                in_para = 0;
            }
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let doc = GenDoc { id, text, role, outlet: outlet.into(), speaker: None };
        (doc, truth)
    }

    /// Writes a lightly altered quotation of `words`; returns the span of
    /// the quoted words.
    fn quote(&self, rng: &mut Rng, text: &mut String, words: &[String], who: &str) -> Span {
        let m = &self.material;
        let mut clauses: Vec<&[String]> = words.split(|w| w == COMMA).collect();
        if clauses.len() >= 3 && rng.chance(0.3) {
            let keep = rng.range(2, clauses.len() - 1);
            clauses.truncate(keep);
        }
        let mut out: Vec<String> = Vec::new();
        for (ci, c) in clauses.iter().enumerate() {
            if ci > 0 {
                out.push(COMMA.into());
            }
            for w in *c {
                let lower = w.to_lowercase();
                let content = !is_stopword(&lower) && w.chars().all(char::is_alphabetic);
                if content && rng.chance(0.1) {
                    if let Some(s) = m.synonym(rng, w) {
                        out.push(s.to_string());
                        continue;
                    }
                }
                if rng.chance(0.05) && out.len() > 1 {
                    continue;
                }
                out.push(w.clone());
            }
        }
        if let Some(w) = out.first_mut() {
            *w = capitalise(w);
        }
        let quoted = join(&out);
        let span;
        if rng.chance(0.5) {
            text.push('\u{201C}');
            let start = text.len();
            text.push_str(&quoted);
            span = Span::new(start, text.len());
            text.push_str(",\u{201D} ");
            text.push_str(who);
            text.push_str(" said.");
        } else {
            text.push_str(who);
            text.push_str(" said: \u{201C}");
            let start = text.len();
            text.push_str(&quoted);
            span = Span::new(start, text.len());
            text.push_str(".\u{201D}");
        }
        span
    }

    /// Writes a paraphrase of `words`; returns the sentence's span.
    fn paraphrase(&self, rng: &mut Rng, text: &mut String, words: &[String], who: &str) -> Span {
        let m = &self.material;
        let mut clauses: Vec<Vec<String>> =
            words.split(|w| w == COMMA).map(<[String]>::to_vec).collect();
        if clauses.len() >= 2 && rng.chance(0.5) {
            rng.shuffle(&mut clauses);
        }
        let mut out: Vec<String> = Vec::new();
        for (ci, c) in clauses.iter().enumerate() {
            if ci > 0 {
                out.push(COMMA.into());
            }
            for w in c {
                let lower = w.to_lowercase();
                let third = match lower.as_str() {
                    "i" => Some("he"),
                    "we" => Some("they"),
                    "our" => Some("their"),
                    "my" => Some("his"),
                    "us" => Some("them"),
                    "me" => Some("him"),
                    _ => None,
                };
                if let Some(t) = third {
                    out.push(t.into());
                    continue;
                }
                if is_stopword(&lower) {
                    if !rng.chance(0.2) {
                        out.push(w.clone());
                    }
                    continue;
                }
                if w.chars().all(char::is_alphabetic) && rng.chance(0.33) {
                    if let Some(s) = m.synonym(rng, &lower) {
                        out.push(s.to_string());
                        continue;
                    }
                }
                if rng.chance(0.1) {
                    continue;
                }
                out.push(w.clone());
            }
        }
        while out.first().is_some_and(|w| w == COMMA) {
            out.remove(0);
        }
        if let Some(w) = out.first_mut() {
            if w.chars().next().is_some_and(char::is_uppercase) && w != "I" {
                let lower = decapitalise(w);
                if m.sets_of.contains_key(lower.as_str()) || is_stopword(&lower) {
                    *w = lower;
                }
            }
        }
        let body = join(&out);
        let start = text.len();
        match rng.below(4) {
            0 => {
                text.push_str(who);
                text.push_str(" said that ");
                text.push_str(&body);
            }
            1 => {
                text.push_str("According to ");
                text.push_str(who);
                text.push_str(", ");
                text.push_str(&body);
            }
            2 => {
                text.push_str(who);
                text.push_str(" also said ");
                text.push_str(&body);
            }
            _ => {
                text.push_str(&capitalise(&body));
                text.push_str(", ");
                text.push_str(who);
                text.push_str(" said");
            }
        }
        text.push('.');
        Span::new(start, text.len())
    }

    /// Every document (transcripts first) and the truth, in memory.
    pub fn corpus(&self) -> (Corpus, Vec<TruthLink>) {
        let mut docs: Vec<Document> =
            self.transcripts.iter().map(|t| t.doc.to_document()).collect();
        let mut truth = Vec::new();
        for i in 0..self.cfg.articles {
            let (d, t) = self.article(i);
            docs.push(d.to_document());
            truth.extend(t);
        }
        (Corpus { documents: docs }, truth)
    }

    /// Writes the corpus as JSON Lines (transcripts first) and the truth as
    /// JSON Lines; returns (documents, bytes of text, truth links).
    pub fn write(&self, docs: &mut dyn Write, truth: &mut dyn Write) -> io::Result<Written> {
        let mut w = Written::default();
        let mut line = Vec::new();
        let mut put = |d: &GenDoc, out: &mut dyn Write, w: &mut Written| -> io::Result<()> {
            line.clear();
            serde_json::to_writer(&mut line, d)?;
            line.push(b'\n');
            out.write_all(&line)?;
            w.documents += 1;
            w.text_bytes += d.text.len();
            w.file_bytes += line.len();
            Ok(())
        };
        for t in &self.transcripts {
            put(&t.doc, docs, &mut w)?;
        }
        for i in 0..self.cfg.articles {
            let (d, links) = self.article(i);
            put(&d, docs, &mut w)?;
            for l in links {
                serde_json::to_writer(&mut *truth, &l)?;
                truth.write_all(b"\n")?;
                w.truth += 1;
            }
        }
        Ok(w)
    }
}

/// What [`Generator::write`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub documents: usize,
    pub text_bytes: usize,
    pub file_bytes: usize,
    pub truth: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus_and_truth_spans_hold() {
        let g = Generator::new(GenConfig { articles: 20, transcripts: 3, seed: 7 });
        let (c1, t1) = g.corpus();
        let (c2, t2) = Generator::new(GenConfig { articles: 20, transcripts: 3, seed: 7 }).corpus();
        assert_eq!(c1, c2);
        assert_eq!(t1, t2);
        assert!(t1.len() >= 20 * 2);
        for l in &t1 {
            let a = &c1.documents[c1.find(&l.article).unwrap()];
            let t = &c1.documents[c1.find(&l.transcript).unwrap()];
            assert!(a.text.is_char_boundary(l.start) && a.text.is_char_boundary(l.end));
            assert!(l.start < l.end && l.source_start < l.source_end);
            assert!(t.text[l.source_start..l.source_end].ends_with('.'));
        }
        // Article i does not depend on how many articles are generated.
        let g2 = Generator::new(GenConfig { articles: 5, transcripts: 3, seed: 7 });
        assert_eq!(g2.article(4).0.text, g.article(4).0.text);
        let (c3, _) = Generator::new(GenConfig { articles: 20, transcripts: 3, seed: 8 }).corpus();
        assert_ne!(c1, c3);
    }

    #[test]
    fn refract_finds_most_generated_links() {
        let g = Generator::new(GenConfig { articles: 30, transcripts: 2, seed: 1 });
        let (corpus, truth) = g.corpus();
        let analysis = crate::pipeline::run(&corpus, &crate::config::Config::default()).unwrap();
        let s = crate::tools::recall::recall_of_alignments(&truth, &corpus, &analysis.alignments);
        assert!(s.recall > 0.8, "{s:?}");
    }

    #[test]
    fn the_second_look_finds_links_that_crowded_lists_cut() {
        // Caps this tight stand in for thousands of transcripts competing
        // for an article sentence's lists: the second look within the
        // transcript an article carries finds the links they cut.
        use crate::config::{Caps, IndexConfig, SecondLook};
        let g = Generator::new(GenConfig { articles: 40, transcripts: 8, seed: 5 });
        let (corpus, truth) = g.corpus();
        let recall = |second_look| {
            let cfg = crate::config::Config {
                index: IndexConfig {
                    max_candidates: 1,
                    max_total: 1,
                    article_to_primary: Caps { per_doc: 1, total: 1, scan: 4 },
                    max_scan: 4,
                    second_look,
                    ..IndexConfig::default()
                },
                ..Default::default()
            };
            let analysis = crate::pipeline::run(&corpus, &cfg).unwrap();
            crate::tools::recall::recall_of_alignments(&truth, &corpus, &analysis.alignments).recall
        };
        let without = recall(SecondLook { min_carried: 0, per_doc: 4 });
        let with = recall(SecondLook { min_carried: 2, per_doc: 4 });
        // 0.909 without, 1.0 with (and with the default caps).
        assert!(without < 0.95, "{without}");
        assert!(with > 0.99, "{with}");
    }

    #[test]
    fn articles_that_carry_one_remark_are_aligned_with_each_other() {
        // A list of one candidate among the articles stands in for a corpus
        // where thousands of articles compete for an article sentence's
        // list: pairs of articles that carry the same transcript sentence
        // are found through the remark they both carry.
        use crate::config::{Caps, IndexConfig};
        let g = Generator::new(GenConfig { articles: 60, transcripts: 2, seed: 3 });
        let (corpus, truth) = g.corpus();
        let score = |shared_source| {
            let cfg = crate::config::Config {
                index: IndexConfig {
                    article_to_article: Caps { per_doc: 1, total: 1, scan: 1000 },
                    shared_source,
                    ..IndexConfig::default()
                },
                ..Default::default()
            };
            let analysis = crate::pipeline::run(&corpus, &cfg).unwrap();
            crate::tools::recall::recall_of_alignments(&truth, &corpus, &analysis.alignments)
        };
        let (without, with) = (score(0), score(16));
        // 160 of 296 pairs without, 295 with.
        assert!(without.article_pairs > 20, "{without:?}");
        assert!(without.article_pair_recall() < 0.8, "{without:?}");
        assert!(with.article_pair_recall() > 0.95, "{with:?}");
        // Transcript links are not what this finds.
        assert_eq!(with.found, without.found);
    }
}
