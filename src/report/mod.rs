//! Rendering an [`Analysis`]: the JSON contract (`refract.report/v1`), text
//! listings, and the framing report for a terminal, Markdown and HTML.
//!
//! Every format implements [`Render`], which writes to any [`io::Write`]:
//!
//! | renderer | what it writes | command |
//! |---|---|---|
//! | [`Json::alignments`] | the JSON report: alignments and quotations | `refract align --format json` |
//! | [`Json::quotations`] | the JSON report of the quotations of some documents | `refract quotes`, `refract check` |
//! | [`Json::framing`] | the JSON report with the coverage matrix and outlet profiles | `refract report --format json` |
//! | [`Text::alignments`] | every source passage, where each outlet carries it, every quotation | `refract align` |
//! | [`Text::quotations`] | every quotation with its verdict | `refract quotes` |
//! | [`Text::check`] | the quotations of a draft that fail, and a one-line verdict | `refract check` |
//! | [`Terminal`] | the framing report: coverage, versions, outlet profiles | `refract report` |
//! | [`Markdown`] | the framing report for issues and pull requests | `refract report --format md` |
//! | [`Html`] | the framing report as one self-contained page | `refract report --format html` |
//!
//! Output structs are private to each format and made only for output
//! (difftastic's rule): internal types can change without breaking the JSON
//! contract, which is versioned in [`json::SCHEMA`] and whose shape
//! [`json::Report`] describes for readers.

use std::io::{self, Write};

use crate::coverage::Coverage;
use crate::model::{Analysis, Corpus, QuoteCheck};

mod html;
pub mod json;
mod markdown;
mod pieces;
mod term;
mod text;

/// A format of refract's output.
pub trait Render {
    /// Writes the report of `analysis`, a run over `corpus`, to `out`.
    fn render(&self, corpus: &Corpus, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()>;
}

/// Which documents' quotations a report lists, by document position.
pub type Select<'a> = &'a dyn Fn(usize) -> bool;

/// The JSON report, written as it is serialised (a report can be several
/// times the size of its input).
pub struct Json<'a> {
    contents: Contents<'a>,
}

enum Contents<'a> {
    Alignments,
    Quotations(Select<'a>),
    Framing,
}

impl<'a> Json<'a> {
    /// The alignments and every quotation.
    pub fn alignments() -> Json<'a> {
        Json { contents: Contents::Alignments }
    }

    /// No alignments, and the quotations of the documents `keep` selects.
    pub fn quotations(keep: Select<'a>) -> Json<'a> {
        Json { contents: Contents::Quotations(keep) }
    }

    /// The alignments and quotations, the coverage matrix and the outlet
    /// profiles.
    pub fn framing() -> Json<'a> {
        Json { contents: Contents::Framing }
    }
}

impl Render for Json<'_> {
    fn render(&self, corpus: &Corpus, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        match self.contents {
            Contents::Alignments => json::write(out, corpus, analysis, json::Extra::Plain),
            Contents::Quotations(keep) => {
                json::write(out, corpus, analysis, json::Extra::QuotesOf(keep))
            }
            Contents::Framing => {
                let cov = Coverage::build(corpus, analysis);
                json::write(out, corpus, analysis, json::Extra::Coverage(&cov))
            }
        }
    }
}

/// Plain-text listings, for reading and for scripts.
pub struct Text<'a> {
    listing: Listing<'a>,
}

enum Listing<'a> {
    Alignments,
    Quotations(Select<'a>),
    Check { draft: &'a str, keep: Select<'a> },
}

impl<'a> Text<'a> {
    /// Every source passage and where each outlet carries it, then every
    /// quotation with its verdict.
    pub fn alignments() -> Text<'a> {
        Text { listing: Listing::Alignments }
    }

    /// The quotations of the documents `keep` selects, each with its verdict.
    pub fn quotations(keep: Select<'a>) -> Text<'a> {
        Text { listing: Listing::Quotations(keep) }
    }

    /// A quotation check of the documents `keep` selects (a draft, named
    /// `draft` to the reader): each quotation that is altered or unsourced
    /// with its diff, then one line with the verdicts.
    pub fn check(draft: &'a str, keep: Select<'a>) -> Text<'a> {
        Text { listing: Listing::Check { draft, keep } }
    }
}

impl Render for Text<'_> {
    fn render(&self, corpus: &Corpus, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let text = match self.listing {
            Listing::Alignments => text::render(corpus, analysis),
            Listing::Quotations(keep) => text::render_quotes(corpus, analysis, keep),
            Listing::Check { draft, keep } => check(corpus, analysis, draft, keep),
        };
        out.write_all(text.as_bytes())
    }
}

/// The text of a quotation check ([`Text::check`]).
fn check(corpus: &Corpus, analysis: &Analysis, draft: &str, keep: Select<'_>) -> String {
    let checks: Vec<&QuoteCheck> = analysis.quotes.iter().filter(|c| keep(c.doc)).collect();
    let failing: Vec<&QuoteCheck> =
        checks.iter().copied().filter(|c| !c.verdict.is_faithful()).collect();
    if checks.is_empty() {
        return format!("refract check: {draft} has no quotations; nothing to check\n");
    }
    let breakdown = text::breakdown(&checks);
    if failing.is_empty() {
        let n = checks.len();
        return format!(
            "refract check: all {n} quotations in {draft} match the sources {breakdown}\n"
        );
    }
    let mut out = String::new();
    for c in &failing {
        out.push_str(&text::render_quote(corpus, analysis, c));
        out.push('\n');
    }
    out.push_str(&format!(
        "refract check: {} of {} quotations in {draft} are altered or unsourced {breakdown}\n",
        failing.len(),
        checks.len(),
    ));
    out
}

/// The framing report for a terminal: coverage, each remark's versions as a
/// word diff, outlet profiles.
#[derive(Clone, Copy, Debug)]
pub struct Terminal {
    /// ANSI colours and strike-through; without, changes are marked
    /// `[-dropped-]{+added+}`.
    pub color: bool,
    /// Wrap lines to this many characters (at least 40).
    pub width: usize,
}

impl Default for Terminal {
    fn default() -> Terminal {
        Terminal { color: false, width: 100 }
    }
}

impl Render for Terminal {
    fn render(&self, corpus: &Corpus, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let cov = Coverage::build(corpus, analysis);
        let style = term::Style { color: self.color, width: self.width };
        out.write_all(term::render(corpus, analysis, &cov, style).as_bytes())
    }
}

/// The framing report in Markdown, for issues and pull requests.
#[derive(Clone, Copy, Debug, Default)]
pub struct Markdown;

impl Render for Markdown {
    fn render(&self, corpus: &Corpus, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let cov = Coverage::build(corpus, analysis);
        out.write_all(markdown::render(corpus, analysis, &cov).as_bytes())
    }
}

/// The framing report as one self-contained HTML page (heat map, variant
/// tables, click any passage for its context).
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

impl Render for Html {
    fn render(&self, corpus: &Corpus, analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
        let cov = Coverage::build(corpus, analysis);
        out.write_all(html::render(corpus, analysis, &cov).as_bytes())
    }
}
