//! The JSON report, schema `refract.report/v1`.
//!
//! ```text
//! { "schema": "refract.report/v1",
//!   "documents": [ { "id", "outlet", "role", "path", "bytes" } ],
//!   "alignments": [ {
//!       "source": { "doc", "start", "end", "text" },
//!       "target": { "doc", "start", "end", "text" },
//!       "score": 0.0-1.0,
//!       "relation": "quote" | "paraphrase",
//!       "edits": [ { "op": "equal" | "delete" | "insert" | "replace", "source", "target" } ] } ],
//!   "quotes": [ {
//!       "doc", "start", "end", "text",
//!       "speaker", "cue", "via": string | null,
//!       "kind": "full" | "scare",
//!       "depth": 0 | 1 | ...,
//!       "verdict": "verbatim" | "close" | "altered" | "unsourced",
//!       "source": { "doc", "start", "end", "text" } | null,
//!       "edits": [ { "op", "source", "target" } ],
//!       "changes": [ { "op": "substituted" | "dropped" | "added",
//!                      "source": [word], "target": [word] } ],
//!       "pieces": [ { "start", "end", "text", "verdict", "score",
//!                     "source", "edits", "changes" } ] } ],
//!   "warnings": [ { "doc", "offset", "message" } ] }
//! ```
//!
//! `start`/`end` are byte offsets into the input as read, half-open, and
//! `text` equals those bytes. Fields may be added; none is ever renamed
//! without a new schema version.
//!
//! A quotation's `start..end` runs from its first quoted word to its last
//! (marks excluded; a quotation over several paragraphs includes the marks
//! between them). `pieces` are its sentences as checked (see `verify`); the
//! quotation's `verdict` is the worst piece's, its `edits` and `changes` are
//! the pieces' in order, and its `source` is the cover of the pieces'
//! sources in the document of the first sourced piece. `edits` use the
//! alignment shape: `source` text from the source passage, `target` text
//! from the quotation. `changes` list the content words only: `substituted`
//! (source words replaced by target words in the same diff step), `dropped`
//! (source words the quotation leaves out), `added` (quoted words the source
//! does not have).

use serde::{Deserialize, Serialize};

use crate::model::{
    Analysis, Category, Change, Corpus, Edit, EditOp, Passage, PieceCheck, QuoteCheck, QuoteKind,
    Relation, Verdict,
};

/// The schema id written into every report.
pub const SCHEMA: &str = "refract.report/v1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub documents: Vec<DocumentOut>,
    pub alignments: Vec<AlignmentOut>,
    #[serde(default)]
    pub quotes: Vec<QuoteOut>,
    #[serde(default)]
    pub warnings: Vec<WarningOut>,
    /// Remarks × outlets (written by `refract report --format json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageOut>,
    /// One profile per outlet (written by `refract report --format json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlets: Option<Vec<OutletOut>>,
}

/// A remark and how each outlet carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemarkOut {
    /// `R1`, `R2`, ... in transcript order.
    pub id: String,
    pub source: SpanOut,
    /// Outlet id → `quoted` | `paraphrased` | `absent`.
    pub carried: std::collections::BTreeMap<String, String>,
    /// Indexes into `alignments`.
    pub alignments: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageOut {
    pub outlets: Vec<String>,
    pub remarks: Vec<RemarkOut>,
    /// Ids of the remarks no outlet carried.
    pub uncarried: Vec<String>,
}

/// An outlet's figures, each with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutletOut {
    pub doc: String,
    pub remarks_carried: usize,
    pub remarks_total: usize,
    /// Remark ids carried by quotation, and by paraphrase only.
    pub quoted: Vec<String>,
    pub paraphrased: Vec<String>,
    /// Category → edits, each as `{alignment, edit}` indexes into `alignments`.
    pub edits: std::collections::BTreeMap<String, Vec<EditRefOut>>,
    /// Sentences attributed to the speaker that trace to no remark.
    pub untraced: Vec<SpanOut>,
    /// Verdict → its quotations, as indexes into `quotes`.
    #[serde(default)]
    pub quotes: std::collections::BTreeMap<String, Vec<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRefOut {
    pub alignment: usize,
    pub edit: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentOut {
    pub id: String,
    pub outlet: String,
    pub role: String,
    pub path: String,
    pub bytes: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default)]
    pub primary: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpanOut {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditOut {
    pub op: EditOp,
    pub source: String,
    pub target: String,
    /// What the change means (absent for `equal`); see `classify`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlignmentOut {
    pub source: SpanOut,
    pub target: SpanOut,
    pub score: f64,
    pub relation: Relation,
    pub edits: Vec<EditOut>,
}

/// One quotation with its verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteOut {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub via: Option<String>,
    pub kind: QuoteKind,
    #[serde(default)]
    pub depth: u8,
    pub verdict: Verdict,
    pub source: Option<SpanOut>,
    pub edits: Vec<EditOut>,
    pub changes: Vec<ChangeOut>,
    #[serde(default)]
    pub pieces: Vec<PieceOut>,
}

/// One sentence of a quotation as checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PieceOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub verdict: Verdict,
    /// Share of the piece's content weight its source explains (1 for a
    /// verbatim piece; for a scare quote, the score of its sentence's match).
    pub score: f64,
    pub source: Option<SpanOut>,
    pub edits: Vec<EditOut>,
    pub changes: Vec<ChangeOut>,
}

/// Content words changed between a source and a quotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeOut {
    pub op: ChangeOp,
    pub source: Vec<String>,
    pub target: Vec<String>,
}

/// What a change did to the content words (a change's category, as the
/// v1 contract names it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// Source words replaced by other words in the quotation.
    Substituted,
    /// Source words the quotation leaves out.
    Dropped,
    /// Words of the quotation the source does not have.
    Added,
}

impl ChangeOp {
    fn of(category: Category) -> ChangeOp {
        match category {
            Category::Omission => ChangeOp::Dropped,
            Category::Addition => ChangeOp::Added,
            _ => ChangeOp::Substituted,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarningOut {
    pub doc: String,
    pub offset: usize,
    pub message: String,
}

fn edit_out(source: &str, target: &str, e: &Edit) -> EditOut {
    EditOut {
        op: e.op,
        source: e.source.map(|s| s.text(source).to_string()).unwrap_or_default(),
        target: e.target.map(|s| s.text(target).to_string()).unwrap_or_default(),
        category: e.category,
    }
}

fn piece_out(corpus: &Corpus, doc: usize, p: &PieceCheck) -> PieceOut {
    let target = &corpus.documents[doc].text;
    let source = p.source.map(|s| corpus.documents[s.doc].text.as_str()).unwrap_or_default();
    PieceOut {
        start: p.target.start,
        end: p.target.end,
        text: p.target.text(target).to_string(),
        verdict: p.verdict,
        score: p.score,
        source: p.source.map(|s| span_out(corpus, s)),
        edits: p.edits.iter().map(|e| edit_out(source, target, e)).collect(),
        changes: p
            .changes
            .iter()
            .map(|c: &Change| ChangeOut {
                op: ChangeOp::of(c.category),
                source: c.source.iter().map(|s| s.text(source).to_string()).collect(),
                target: c.target.iter().map(|s| s.text(target).to_string()).collect(),
            })
            .collect(),
    }
}

/// The report entry of one checked quotation.
pub fn quote_out(corpus: &Corpus, analysis: &Analysis, c: &QuoteCheck) -> QuoteOut {
    let q = &analysis.prepared[c.doc].quotes[c.quote];
    let d = &corpus.documents[c.doc];
    let a = &q.attribution;
    let pieces: Vec<PieceOut> = c.pieces.iter().map(|p| piece_out(corpus, c.doc, p)).collect();
    QuoteOut {
        doc: d.id.clone(),
        start: q.span.start,
        end: q.span.end,
        text: d.slice(q.span).to_string(),
        speaker: a.speaker.clone(),
        cue: a.cue.clone(),
        via: a.via.clone(),
        kind: q.kind,
        depth: q.depth,
        verdict: c.verdict,
        source: c.source.map(|s| span_out(corpus, s)),
        edits: pieces.iter().flat_map(|p| p.edits.iter().cloned()).collect(),
        changes: pieces.iter().flat_map(|p| p.changes.iter().cloned()).collect(),
        pieces,
    }
}

fn span_out(corpus: &Corpus, p: Passage) -> SpanOut {
    let d = &corpus.documents[p.doc];
    SpanOut {
        doc: d.id.clone(),
        start: p.span.start,
        end: p.span.end,
        text: d.slice(p.span).to_string(),
    }
}

/// The report's documents.
fn documents_out(corpus: &Corpus, analysis: &Analysis) -> Vec<DocumentOut> {
    corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| DocumentOut {
            id: d.id.clone(),
            outlet: d.outlet.clone(),
            role: d.role.as_str().to_string(),
            path: d.path.clone(),
            bytes: d.text.len(),
            date: d.date.clone(),
            primary: analysis.primary[i],
        })
        .collect()
}

fn alignment_out(corpus: &Corpus, a: &crate::model::Alignment) -> AlignmentOut {
    let (ts, tt) = (&corpus.documents[a.source.doc].text, &corpus.documents[a.target.doc].text);
    AlignmentOut {
        source: span_out(corpus, a.source),
        target: span_out(corpus, a.target),
        score: a.score,
        relation: a.relation,
        edits: a.edits.iter().map(|e| edit_out(ts, tt, e)).collect(),
    }
}

fn warnings_out(corpus: &Corpus, analysis: &Analysis) -> Vec<WarningOut> {
    analysis
        .warnings
        .iter()
        .map(|w| WarningOut {
            doc: corpus.documents[w.doc].id.clone(),
            offset: w.offset,
            message: w.message.clone(),
        })
        .collect()
}

/// Builds the report for an analysis of `corpus`.
pub fn build(corpus: &Corpus, analysis: &Analysis) -> Report {
    Report {
        schema: SCHEMA.to_string(),
        documents: documents_out(corpus, analysis),
        alignments: analysis.alignments.iter().map(|a| alignment_out(corpus, a)).collect(),
        quotes: analysis.quotes.iter().map(|c| quote_out(corpus, analysis, c)).collect(),
        warnings: warnings_out(corpus, analysis),
        coverage: None,
        outlets: None,
    }
}

/// The report of the quotations alone (for `refract quotes` and `refract
/// check`): the same schema with no alignments, and only the quotations of
/// the documents `keep` selects.
pub fn build_quotes(corpus: &Corpus, analysis: &Analysis, keep: &dyn Fn(usize) -> bool) -> Report {
    let mut report = build(corpus, analysis);
    report.alignments.clear();
    report.quotes = analysis
        .quotes
        .iter()
        .filter(|c| keep(c.doc))
        .map(|c| quote_out(corpus, analysis, c))
        .collect();
    report
}

/// [`build`] plus the coverage matrix and outlet profiles.
pub fn build_with_coverage(
    corpus: &Corpus,
    analysis: &Analysis,
    cov: &crate::coverage::Coverage,
) -> Report {
    let mut report = build(corpus, analysis);
    let (coverage, outlets) = coverage_out(corpus, cov);
    report.coverage = Some(coverage);
    report.outlets = Some(outlets);
    report
}

/// The coverage matrix and the outlet profiles.
fn coverage_out(corpus: &Corpus, cov: &crate::coverage::Coverage) -> (CoverageOut, Vec<OutletOut>) {
    use crate::coverage::Carriage;
    let docs = &corpus.documents;
    let rid = |r: usize| format!("R{}", r + 1);
    let outlets: Vec<String> = cov.articles.iter().map(|p| docs[p.doc].id.clone()).collect();
    let remarks = cov
        .remarks
        .iter()
        .enumerate()
        .map(|(r, remark)| RemarkOut {
            id: rid(r),
            source: span_out(corpus, Passage { doc: remark.doc, span: remark.span }),
            carried: (0..cov.articles.len())
                .map(|o| {
                    let c = match cov.carriage(r, o) {
                        Carriage::Quoted => "quoted",
                        Carriage::Paraphrased => "paraphrased",
                        Carriage::Absent => "absent",
                    };
                    (outlets[o].clone(), c.to_string())
                })
                .collect(),
            alignments: remark.alignments.clone(),
        })
        .collect();
    let coverage =
        CoverageOut { outlets, remarks, uncarried: cov.uncarried().into_iter().map(rid).collect() };
    let profiles = cov
        .articles
        .iter()
        .map(|p| OutletOut {
            doc: docs[p.doc].id.clone(),
            remarks_carried: p.quoted.len() + p.paraphrased.len(),
            remarks_total: cov.remarks.len(),
            quoted: p.quoted.iter().map(|&r| rid(r)).collect(),
            paraphrased: p.paraphrased.iter().map(|&r| rid(r)).collect(),
            edits: p
                .edits
                .iter()
                .map(|(c, refs)| {
                    let refs = refs
                        .iter()
                        .map(|e| EditRefOut { alignment: e.alignment, edit: e.edit })
                        .collect();
                    (c.as_str().to_string(), refs)
                })
                .collect(),
            untraced: p
                .untraced
                .iter()
                .map(|s| span_out(corpus, Passage { doc: p.doc, span: *s }))
                .collect(),
            quotes: p.quotes.iter().map(|(v, qs)| (v.as_str().to_string(), qs.clone())).collect(),
        })
        .collect();
    (coverage, profiles)
}

/// The report as pretty-printed JSON with a final newline.
pub fn to_string(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("report serialises");
    s.push('\n');
    s
}

/// What [`write()`] puts in the report besides its alignments.
pub enum Extra<'a> {
    /// The alignments and every quotation (`refract align`).
    Plain,
    /// No alignments, and the quotations of the documents `keep` selects
    /// (`refract quotes`, `refract check`).
    QuotesOf(&'a dyn Fn(usize) -> bool),
    /// The coverage matrix and outlet profiles (`refract report`).
    Coverage(&'a crate::coverage::Coverage),
}

/// Writes the report to `w` as [`to_string`] would render the report that
/// [`build`], [`build_quotes`] or [`build_with_coverage`] make, byte for
/// byte, but a block of alignments or quotations at a time: the report of a
/// large corpus is several times the size of its input, and holding it whole
/// (then its text) would take more memory than the analysis itself.
///
/// The blocks are rendered on every thread and written in order. Each
/// element is pretty-printed on its own, starting at its depth in the
/// report (a `Nested` formatter), so the bytes are the ones a single
/// pretty printer over the whole report writes (a test compares them).
pub fn write(
    w: &mut dyn std::io::Write,
    corpus: &Corpus,
    analysis: &Analysis,
    extra: Extra<'_>,
) -> std::io::Result<()> {
    let keep_all = |_: usize| true;
    let (with_alignments, keep, coverage): (bool, &dyn Fn(usize) -> bool, _) = match extra {
        Extra::Plain => (true, &keep_all, None),
        Extra::QuotesOf(keep) => (false, keep, None),
        Extra::Coverage(cov) => (true, &keep_all, Some(coverage_out(corpus, cov))),
    };
    let all: &[crate::model::Alignment] = if with_alignments { &analysis.alignments } else { &[] };
    let quotes: Vec<&QuoteCheck> = analysis.quotes.iter().filter(|c| keep(c.doc)).collect();
    // The fields in `Report`'s order.
    w.write_all(b"{\n")?;
    field(w, "schema", &SCHEMA)?;
    w.write_all(b",\n")?;
    field(w, "documents", &documents_out(corpus, analysis))?;
    w.write_all(b",\n")?;
    list(w, "alignments", all, |a| alignment_out(corpus, a))?;
    w.write_all(b",\n")?;
    list(w, "quotes", &quotes, |c| quote_out(corpus, analysis, c))?;
    w.write_all(b",\n")?;
    field(w, "warnings", &warnings_out(corpus, analysis))?;
    if let Some((coverage, outlets)) = coverage {
        w.write_all(b",\n")?;
        field(w, "coverage", &coverage)?;
        w.write_all(b",\n")?;
        field(w, "outlets", &outlets)?;
    }
    w.write_all(b"\n}\n")
}

/// Elements rendered by one task of [`list`].
const RENDER_BLOCK: usize = 256;

/// Elements rendered before they are written: enough blocks to keep every
/// thread busy, few enough that the rendered text held at once stays a few
/// megabytes (a report runs to gigabytes). Two rounds are held at once (one
/// written, the next rendered), so a round's size counts twice in the peak
/// memory of a run.
const RENDER_ROUND: usize = 8 * RENDER_BLOCK;

/// serde_json's pretty printer (two spaces a level) starting at a given
/// depth, so that a part of the report renders on its own as it does
/// inside the whole. Each method is `PrettyFormatter`'s.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn indent(&self, w: &mut (impl std::io::Write + ?Sized)) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open(&mut self, w: &mut (impl std::io::Write + ?Sized), mark: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(mark)
    }

    fn close(
        &mut self,
        w: &mut (impl std::io::Write + ?Sized),
        mark: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(mark)
    }

    fn item(&mut self, w: &mut (impl std::io::Write + ?Sized), first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: std::io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: std::io::Write + ?Sized>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: std::io::Write + ?Sized>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: std::io::Write + ?Sized>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: std::io::Write + ?Sized>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` pretty-printed as it sits at `depth` in the report.
fn render_at(out: &mut Vec<u8>, value: &impl Serialize, depth: usize) {
    let mut ser = serde_json::Serializer::with_formatter(out, Nested { depth, has_value: false });
    value.serialize(&mut ser).expect("report parts serialise");
}

/// `  "name": value` (no separator after it).
fn field(w: &mut dyn std::io::Write, name: &str, value: &impl Serialize) -> std::io::Result<()> {
    let mut out = b"  ".to_vec();
    out.extend_from_slice(&serde_json::to_vec(name).expect("a field name serialises"));
    out.extend_from_slice(b": ");
    render_at(&mut out, value, 1);
    w.write_all(&out)
}

/// `  "name": [ ... ]` with every element rendered by `render`, blocks of
/// them on every thread, written in order. A round is written while the
/// next one renders, so that the rendering threads do not wait while the
/// text (gigabytes on a large corpus) goes to the file.
fn list<T: Sync, O: Serialize>(
    w: &mut dyn std::io::Write,
    name: &str,
    items: &[T],
    render: impl Fn(&T) -> O + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    w.write_all(b"  ")?;
    w.write_all(&serde_json::to_vec(name).expect("a field name serialises"))?;
    if items.is_empty() {
        return w.write_all(b": []");
    }
    w.write_all(b": [")?;
    let render_round = |round: &[T]| -> Vec<Vec<u8>> {
        round
            .par_chunks(RENDER_BLOCK)
            .map(|block| {
                let mut out = Vec::new();
                for item in block {
                    out.extend_from_slice(b"\n    ");
                    render_at(&mut out, &render(item), 2);
                    out.push(b',');
                }
                out
            })
            .collect()
    };
    let rounds: Vec<&[T]> = items.chunks(RENDER_ROUND).collect();
    let mut blocks = render_round(rounds[0]);
    for r in 0..rounds.len() {
        let next = rounds.get(r + 1).copied();
        blocks = std::thread::scope(|scope| {
            let rendering = next.map(|round| scope.spawn(|| render_round(round)));
            for (i, block) in blocks.iter().enumerate() {
                // The list's last element takes no comma.
                let last = next.is_none() && i + 1 == blocks.len();
                w.write_all(if last { &block[..block.len() - 1] } else { block })?;
            }
            Ok::<_, std::io::Error>(match rendering {
                Some(job) => job.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => Vec::new(),
            })
        })?;
    }
    w.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed report is the built one, byte for byte, in all three
    /// shapes.
    #[test]
    fn streaming_writes_what_building_renders() {
        let corpus = crate::ingest::bundled();
        let analysis = crate::pipeline::run(&corpus, &Default::default()).unwrap();
        let cov = crate::coverage::Coverage::build(&corpus, &analysis);
        let streamed = |extra: Extra<'_>| {
            let mut out = Vec::new();
            write(&mut out, &corpus, &analysis, extra).unwrap();
            String::from_utf8(out).unwrap()
        };
        let even = |d: usize| d % 2 == 0;
        assert_eq!(streamed(Extra::Plain), to_string(&build(&corpus, &analysis)));
        assert_eq!(
            streamed(Extra::QuotesOf(&even)),
            to_string(&build_quotes(&corpus, &analysis, &even))
        );
        assert_eq!(
            streamed(Extra::Coverage(&cov)),
            to_string(&build_with_coverage(&corpus, &analysis, &cov))
        );
        assert!(!analysis.alignments.is_empty() && !analysis.quotes.is_empty());
    }

    /// A list of several rounds of blocks (the bundled report has fewer
    /// alignments than one block) is what one pretty printer writes, for
    /// every length around the block and round boundaries, with empty and
    /// nested arrays and objects in its elements.
    #[test]
    fn lists_of_many_blocks_render_as_one_printer_does() {
        let element = |i: usize| {
            serde_json::json!({
                "i": i,
                "empty": [],
                "none": {},
                "text": "a \"b\"\nc",
                "nested": [{ "x": [i, i + 1], "y": { "z": null } }, []],
            })
        };
        for n in [0, 1, RENDER_BLOCK, RENDER_BLOCK + 1, RENDER_ROUND, 2 * RENDER_ROUND + 3] {
            let items: Vec<usize> = (0..n).collect();
            let mut out = b"{\n".to_vec();
            list(&mut out, "items", &items, |&i| element(i)).unwrap();
            out.extend_from_slice(b"\n}");
            let all: Vec<serde_json::Value> = items.iter().map(|&i| element(i)).collect();
            let one = serde_json::to_string_pretty(&serde_json::json!({ "items": all })).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), one, "{n} elements");
        }
    }
}
