//! The types that pass between the stages of the pipeline.
//!
//! Every stage reads and writes these types and nothing else, so a stage can be
//! replaced or run on another machine without touching its neighbours:
//!
//! ```text
//! ingest  -> Corpus (Documents)
//! segment -> Segmentation per Document (paragraphs, sentences, tokens)
//! quote   -> Quotation per Document (extraction + attribution)
//! index   -> candidate sentence pairs
//! align   -> Alignment (scored, with spans and word edits)
//! report  -> JSON / text (private output structs, see `report`)
//! ```
//!
//! # Invariant: spans are byte offsets into the original input
//!
//! Every [`Span`] anywhere in the program is a half-open byte range
//! `start..end` into [`Document::text`], which holds the input file exactly as
//! read (BOM and CRLF included). Spans always lie on UTF-8 character
//! boundaries, so `&doc.text[span.range()]` never panics. Normalisation for
//! matching happens on copies; it never moves an offset.
//!
//! # Vocabulary
//!
//! * **document** – one input text (the transcript or an article).
//! * **article** – an outlet's text about the event.
//! * **source** – the authoritative side of an alignment (a primary document,
//!   or the earlier / quoted article when neither side is primary).
//! * **target** – the side that quotes or paraphrases the source.
//! * **passage** – a span of a document that carries a remark.
//! * **remark** – something the speaker said, as recorded in the source.
//! * **alignment** – a source passage paired with a target passage.
//! * **edit** – one step of the word-level diff between the two passages.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range into a document's original text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The bytes this span covers in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range()]
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Number of bytes the two spans share.
    pub fn overlap(&self, other: Span) -> usize {
        self.end.min(other.end).saturating_sub(self.start.max(other.start))
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// What a document is, which decides who is the source of an alignment.
///
/// The manifest accepts exactly these names (kebab-case); anything else is an
/// input error. `article` is the role of a document nobody described.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// The authoritative record (a transcript).
    Primary,
    /// A news agency's wire report.
    Wire,
    /// A newspaper.
    Newspaper,
    /// A state news agency or government statement.
    StateMedia,
    /// Any other news outlet.
    News,
    /// A document whose role was not given.
    Article,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Primary, Role::Wire, Role::Newspaper, Role::StateMedia, Role::News, Role::Article];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Wire => "wire",
            Role::Newspaper => "newspaper",
            Role::StateMedia => "state-media",
            Role::News => "news",
            Role::Article => "article",
        }
    }

    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One input text and what is known about it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Document {
    /// Unique id (file stem, manifest id or JSON Lines `id`).
    pub id: String,
    /// Who published it; defaults to the id.
    pub outlet: String,
    pub role: Role,
    /// Publication date as given (ISO 8601 `YYYY-MM-DD` expected; compared as text).
    pub date: Option<String>,
    pub language: Option<String>,
    pub note: Option<String>,
    /// Where it came from, as shown to the user (`corpus/mfa.txt`, `feed.jsonl:12`, ...).
    pub path: String,
    /// The text exactly as read. All spans index into this.
    pub text: String,
    /// Regions excluded from alignment (page chrome, link lists, trailers),
    /// sorted and non-overlapping.
    pub excluded: Vec<Span>,
    /// Other fields from a JSON Lines record or manifest entry, kept as given.
    pub metadata: BTreeMap<String, serde_json::Value>,
}

impl Document {
    /// A document with only an id and a text; role `article`.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        let id = id.into();
        Document {
            outlet: id.clone(),
            path: id.clone(),
            id,
            role: Role::Article,
            date: None,
            language: None,
            note: None,
            text: text.into(),
            excluded: Vec::new(),
            metadata: BTreeMap::new(),
        }
    }

    pub fn with_role(mut self, role: Role) -> Document {
        self.role = role;
        self
    }

    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// Whether `span` lies (at least half) inside an excluded region.
    pub fn is_excluded(&self, span: Span) -> bool {
        let covered: usize = self.excluded.iter().map(|e| e.overlap(span)).sum();
        covered * 2 > span.len().max(1)
    }
}

/// The documents of one run, in input order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Corpus {
    pub documents: Vec<Document>,
}

impl Corpus {
    /// The position of the document with id `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.documents.iter().position(|d| d.id == id)
    }

    /// The corpus of a quotation check (`refract check`): the `sources`,
    /// all primaries whatever their role, then the `drafts`, none of them a
    /// primary (a draft whose id a source has is renamed `ID-draft`).
    /// Returns the corpus and the position of its first draft.
    pub fn for_check(sources: Corpus, drafts: Corpus) -> (Corpus, usize) {
        let mut corpus = Corpus::default();
        for mut d in sources.documents {
            d.role = Role::Primary;
            corpus.documents.push(d);
        }
        let first_draft = corpus.documents.len();
        for mut d in drafts.documents {
            if d.role == Role::Primary {
                d.role = Role::Article;
            }
            while corpus.find(&d.id).is_some() {
                d.id.push_str("-draft");
            }
            corpus.documents.push(d);
        }
        (corpus, first_draft)
    }
}

/// Index of a document in [`Corpus::documents`].
pub type DocIdx = usize;

// ---------------------------------------------------------------------------
// Segmentation
// ---------------------------------------------------------------------------

/// A word token. Its text is `&doc.text[span]`; normalisation happens later.
///
/// The span is held as two `u32` byte offsets (8 bytes rather than 16: a
/// large corpus holds tens of millions of tokens). A document's text is
/// therefore at most `u32::MAX` bytes; ingest refuses longer ones
/// (see ingest's `MAX_TEXT_BYTES`). It serialises as `{"span": ...}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
}

const _: () = assert!(std::mem::size_of::<Token>() == 8);

impl Token {
    /// A token over `span`.
    ///
    /// # Panics
    ///
    /// If `span.end` exceeds `u32::MAX`: the text is longer than any document
    /// ingest accepts.
    pub fn new(span: Span) -> Token {
        let offset = |at: usize| {
            u32::try_from(at).expect("token offset beyond u32::MAX (texts are at most 4 GiB - 1)")
        };
        Token { start: offset(span.start), end: offset(span.end) }
    }

    /// The token's byte span in its document's text.
    #[inline]
    pub const fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

impl Serialize for Token {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = ser.serialize_struct("Token", 1)?;
        st.serialize_field("span", &self.span())?;
        st.end()
    }
}

/// What kind of block a paragraph is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BlockKind {
    /// Running text.
    Body,
    /// A heading, title or dateline: short, no sentence-final punctuation.
    Heading,
}

/// A paragraph: a run of text between line breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Paragraph {
    pub span: Span,
    pub kind: BlockKind,
    /// A Q&A speaker label that opens this paragraph ("Question", "Sergey Lavrov").
    pub label: Option<Span>,
    /// The speaker in force: this paragraph's label, or the last label of an
    /// earlier paragraph (a Q&A answer runs over several paragraphs).
    pub speaker: Option<String>,
    /// Whether the paragraph lies in an excluded region.
    pub excluded: bool,
}

/// A sentence (or heading) with its word tokens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Sentence {
    /// From the first character to the last, trailing closing quote included;
    /// a leading speaker label is not part of it.
    pub span: Span,
    /// Index into [`Segmentation::paragraphs`].
    pub paragraph: usize,
    /// `tokens[0]..tokens[1]` indexes [`Segmentation::tokens`].
    pub tokens: (usize, usize),
    pub kind: BlockKind,
    /// Whether the sentence lies in an excluded region.
    pub excluded: bool,
}

impl Sentence {
    pub fn token_range(&self) -> Range<usize> {
        self.tokens.0..self.tokens.1
    }
}

/// A document cut into paragraphs, sentences and tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Segmentation {
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
}

// ---------------------------------------------------------------------------
// Quotations
// ---------------------------------------------------------------------------

/// Full quotation or a few scare-quoted words inside a paraphrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuoteKind {
    Full,
    Scare,
}

/// Who a quotation is attributed to, and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Attribution {
    /// The speaker as resolved ("Lavrov", "the statement", "Kim Jong Un").
    pub speaker: Option<String>,
    /// Where the speaker is named (for a pronoun: where the pronoun stands).
    pub speaker_span: Option<Span>,
    /// The cue verb or phrase ("said", "warned", "according to").
    pub cue: Option<String>,
    pub cue_span: Option<Span>,
    /// The channel it came through ("the Associated Press", "TASS").
    pub via: Option<String>,
    pub via_span: Option<Span>,
}

/// A quotation found in a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Quotation {
    pub doc: DocIdx,
    /// The quoted words without the marks; for a quote that runs over several
    /// paragraphs, from the first quoted word to the last.
    pub span: Span,
    /// The quoted pieces without marks (one per paragraph the quote runs over).
    pub pieces: Vec<Span>,
    /// Opening mark to closing mark inclusive.
    pub outer: Span,
    pub kind: QuoteKind,
    /// Nesting depth: 0 for a top-level quotation, 1 for a quote inside it.
    pub depth: u8,
    pub attribution: Attribution,
}

/// Something odd in the input that did not stop the run.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub struct Warning {
    pub doc: DocIdx,
    /// Byte offset the warning is about.
    pub offset: usize,
    pub message: String,
}

// ---------------------------------------------------------------------------
// Alignment
// ---------------------------------------------------------------------------

/// A passage of one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Passage {
    pub doc: DocIdx,
    pub span: Span,
}

/// How the target carries the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Relation {
    /// Inside quotation marks in the target.
    Quote,
    /// Indirect speech, summary, unmarked reuse.
    Paraphrase,
}

impl Relation {
    pub fn as_str(&self) -> &'static str {
        match self {
            Relation::Quote => "quote",
            Relation::Paraphrase => "paraphrase",
        }
    }
}

/// One step of the word-level diff between two passages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditOp {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// What an edit means for a newsroom (see `classify`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Category {
    /// The same word spelt another way (programme/program).
    Spelling,
    /// The same word in another form (liberate/liberating).
    Inflection,
    /// The same name under an alias (DPRK/North Korea).
    Name,
    /// A charged term swapped in or out (nationalist forces/Nazis).
    LoadedTerm,
    /// A hedge or intensifier changed, added or dropped (clear/full).
    Intensity,
    /// A modal changed (will/may, certainly/possibly).
    Modality,
    /// A negation added or dropped.
    Negation,
    /// A number changed.
    Number,
    /// A date or time changed.
    Date,
    /// Speaker, cue verb or channel differs ("he said").
    Attribution,
    /// Words the target adds.
    Addition,
    /// Source words the target drops.
    Omission,
    /// Any other change of words.
    Substitution,
}

impl Category {
    pub const ALL: [Category; 13] = [
        Category::Spelling,
        Category::Inflection,
        Category::Name,
        Category::LoadedTerm,
        Category::Intensity,
        Category::Modality,
        Category::Negation,
        Category::Number,
        Category::Date,
        Category::Attribution,
        Category::Addition,
        Category::Omission,
        Category::Substitution,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Category::Spelling => "spelling",
            Category::Inflection => "inflection",
            Category::Name => "name",
            Category::LoadedTerm => "loaded-term",
            Category::Intensity => "intensity",
            Category::Modality => "modality",
            Category::Negation => "negation",
            Category::Number => "number",
            Category::Date => "date",
            Category::Attribution => "attribution",
            Category::Addition => "addition",
            Category::Omission => "omission",
            Category::Substitution => "substitution",
        }
    }
}

/// A diff step with the byte spans of both sides (absent for the side an
/// insert or delete does not have), and what it means (none for `equal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Edit {
    pub op: EditOp,
    pub source: Option<Span>,
    pub target: Option<Span>,
    pub category: Option<Category>,
}

/// A source passage paired with the target passage that carries it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Alignment {
    pub source: Passage,
    pub target: Passage,
    /// 0.0 – 1.0; see `align` for what it measures.
    pub score: f64,
    pub relation: Relation,
    pub edits: Vec<Edit>,
}

// ---------------------------------------------------------------------------
// Matching terms (normalize -> index -> align)
// ---------------------------------------------------------------------------

/// A matching key: a fixed-seed 64-bit hash of a normalised form.
///
/// Fixed seed (FxHash) so that keys, and everything ordered by them, are the
/// same in every process and on every machine.
pub type Key = u64;

/// One matching unit: a word, or an alias phrase covering several words.
///
/// One per word of the corpus, held for the whole run, so kept to 16 bytes.
/// The stem (or `@canonical` alias name) the key was made from is not held:
/// `key` stands for it (equal keys are equal stems: a 64-bit hash, as
/// everywhere keys are compared), and
/// `Normalizer::term_norm` makes
/// the text again when it must be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// Stem key of the word (`key_of` of its
    /// stem), or the alias key of the phrase (`key_of` of `@canonical`).
    pub key: Key,
    /// First token (index into the document's tokens) this term covers.
    pub token: u32,
    /// Number of tokens covered (1 for a word, more for an alias phrase;
    /// alias variants of more words than fit are ignored, see
    /// `Aliases`).
    pub len: u16,
    /// Function word: kept for diffs, weightless for scoring.
    pub stop: bool,
    /// Whether the term is an alias phrase (a name).
    pub alias: bool,
}

const _: () = assert!(std::mem::size_of::<Term>() == 16);

impl Term {
    /// The first token this term covers ([`Term::token`] as an index).
    pub fn first(&self) -> usize {
        self.token as usize
    }

    /// The last token this term covers.
    pub fn last(&self) -> usize {
        self.first() + usize::from(self.len) - 1
    }

    /// The tokens (indexes into the document's tokens) this term covers.
    pub fn tokens(&self) -> Range<usize> {
        self.first()..self.first() + usize::from(self.len)
    }
}

/// A score as reported: to 3 decimals, so that output does not depend on
/// the last bits of floating-point sums taken in another order.
pub(crate) fn round_score(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A sentence of a document, by index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SentenceRef {
    pub doc: u32,
    pub sent: u32,
}

/// A document after segmentation, quote extraction and normalisation: what
/// the index and the aligner read.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Prepared {
    pub seg: Segmentation,
    pub quotes: Vec<Quotation>,
    /// Terms of the whole document in token order.
    pub terms: Vec<Term>,
    /// Per sentence, the range of its terms in `terms`.
    pub sentence_terms: Vec<(usize, usize)>,
    /// Per sentence: whether it reports speech (holds a reporting verb such
    /// as "said", "warned", "according to", or lies mostly inside quotation
    /// marks). Passages that carry a remark almost always do.
    pub reported: Vec<bool>,
}

impl Prepared {
    /// Indexes of the tokens lying inside `span`.
    pub fn tokens_in(&self, span: Span) -> Range<usize> {
        let toks = &self.seg.tokens;
        let lo = toks.partition_point(|t| t.span().start < span.start);
        let hi = toks.partition_point(|t| t.span().end <= span.end);
        lo..hi.max(lo)
    }

    /// Indexes of the terms whose first token lies in `tokens`.
    pub fn terms_of(&self, tokens: Range<usize>) -> Range<usize> {
        let a = self.terms.partition_point(|t| t.first() < tokens.start);
        let b = self.terms.partition_point(|t| t.first() < tokens.end);
        a..b.max(a)
    }

    /// Whether sentence `sent` takes part in alignment, and can be the
    /// source of a quotation: body text (not a heading), not excluded, with
    /// words.
    pub fn alignable(&self, sent: usize) -> bool {
        let s = &self.seg.sentences[sent];
        !s.excluded && s.kind == BlockKind::Body && s.tokens.1 > s.tokens.0
    }
}

/// Every sentence of `prepared` that takes part in alignment
/// ([`Prepared::alignable`]), by (document, sentence), in order.
pub fn alignable_sentences(prepared: &[Prepared]) -> Vec<SentenceRef> {
    prepared
        .iter()
        .enumerate()
        .flat_map(|(d, p)| {
            (0..p.seg.sentences.len())
                .filter(move |&s| p.alignable(s))
                .map(move |s| SentenceRef { doc: d as u32, sent: s as u32 })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Quotation verdicts
// ---------------------------------------------------------------------------

/// How faithfully a quotation renders its source, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Verdict {
    /// The same words after normalisation (case, punctuation, quote marks,
    /// British/American spelling).
    Verbatim,
    /// Only function words, word order or inflection differ.
    Close,
    /// Content words changed, added or dropped.
    Altered,
    /// No counterpart in the sources.
    Unsourced,
}

impl Verdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Verbatim => "verbatim",
            Verdict::Close => "close",
            Verdict::Altered => "altered",
            Verdict::Unsourced => "unsourced",
        }
    }

    /// Whether a newsroom check passes this verdict.
    pub fn is_faithful(&self) -> bool {
        matches!(self, Verdict::Verbatim | Verdict::Close)
    }
}

/// What a quotation changed of its source's content words: the edits of its
/// word diff summed up as content words (a moved or re-inflected word is no
/// change). The source words lie in the piece's source document, the
/// quotation's words in the quotation's document, each a list of word spans.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// [`Category::Substitution`] (source words replaced by other words),
    /// [`Category::Omission`] (source words the quotation leaves out) or
    /// [`Category::Addition`] (words of the quotation the source does not
    /// have).
    pub category: Category,
    pub source: Vec<Span>,
    pub target: Vec<Span>,
}

/// The check of one sentence of a quotation (a scare quote is one piece).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PieceCheck {
    /// The quoted words of this piece.
    pub target: Span,
    pub verdict: Verdict,
    /// The source passage it was matched with.
    pub source: Option<Passage>,
    /// Share of the piece's content weight the source explains (0–1).
    pub score: f64,
    /// Word diff from `source` to `target` (empty when unsourced).
    pub edits: Vec<Edit>,
    pub changes: Vec<Change>,
}

impl PieceCheck {
    /// A piece with no source.
    pub(crate) fn unsourced(target: Span) -> PieceCheck {
        PieceCheck {
            target,
            verdict: Verdict::Unsourced,
            source: None,
            score: 0.0,
            edits: Vec::new(),
            changes: Vec::new(),
        }
    }
}

/// The check of one quotation.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct QuoteCheck {
    pub doc: DocIdx,
    /// Index into `Prepared::quotes` of `doc`.
    pub quote: usize,
    /// The worst verdict of the pieces.
    pub verdict: Verdict,
    /// The cover of the pieces' source passages in the document that
    /// sources the first matched piece.
    pub source: Option<Passage>,
    pub pieces: Vec<PieceCheck>,
}

// ---------------------------------------------------------------------------
// The result of a run
// ---------------------------------------------------------------------------

/// The result of a run.
#[derive(Debug)]
#[non_exhaustive]
pub struct Analysis {
    pub prepared: Vec<Prepared>,
    /// Per document: whether it is a primary.
    pub primary: Vec<bool>,
    pub alignments: Vec<Alignment>,
    /// Every quotation with its verdict, by document and position.
    pub quotes: Vec<QuoteCheck>,
    pub warnings: Vec<Warning>,
    /// Per document, per sentence: attributed to a primary's speaker (or to a
    /// person a primary names, while reporting speech); see `speaker`.
    pub attributed: Vec<Vec<bool>>,
    /// Per document, per sentence: not a remark of the speaker (an
    /// interviewer's question, a caption naming the speaker).
    pub not_remark: Vec<Vec<bool>>,
}
