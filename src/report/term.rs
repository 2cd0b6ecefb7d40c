//! The framing report for a terminal: coverage, each remark's versions as a
//! word diff, outlet profiles.
//!
//! With colour (the binary asks for it when stdout is a terminal), dropped
//! words are red and struck through, added words green; without, they are
//! marked like `git diff --word-diff`: `[-dropped-]{+added+}`. Lines are
//! wrapped to the given width, counting visible characters only.

use std::fmt::Write;

use crate::coverage::{Carriage, Coverage};
use crate::model::{Analysis, Category, Corpus};
use crate::report::pieces::{self, PieceKind};

/// How the report looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI colours and strike-through.
    pub color: bool,
    /// Wrap lines to this many characters (at least 40).
    pub width: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style { color: false, width: 100 }
    }
}

const RED: &str = "\x1b[31;9m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// A word of output with its visible length.
struct Word {
    text: String,
    width: usize,
}

/// Collects words and wraps them.
struct Para {
    words: Vec<Word>,
}

impl Para {
    fn new() -> Para {
        Para { words: Vec::new() }
    }

    /// Adds `text` split into words, each wrapped in `open`..`close`.
    fn push(&mut self, text: &str, open: &str, close: &str) {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let n = parts.len();
        for (i, w) in parts.into_iter().enumerate() {
            let o = if i == 0 { open } else { "" };
            let c = if i + 1 == n { close } else { "" };
            let mut t = String::new();
            t.push_str(o);
            t.push_str(w);
            t.push_str(c);
            let visible =
                strip_ansi(o).chars().count() + w.chars().count() + strip_ansi(c).chars().count();
            self.words.push(Word { text: t, width: visible });
        }
    }

    /// Writes the words wrapped to `width`, each line starting with `indent`.
    fn write(&self, out: &mut String, indent: &str, width: usize) {
        let avail = width.saturating_sub(indent.len()).max(20);
        let mut line = 0;
        out.push_str(indent);
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                if line + 1 + w.width > avail {
                    out.push('\n');
                    out.push_str(indent);
                    line = 0;
                } else {
                    out.push(' ');
                    line += 1;
                }
            }
            out.push_str(&w.text);
            line += w.width;
        }
        out.push('\n');
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut esc = false;
    for c in s.chars() {
        if esc {
            if c == 'm' {
                esc = false;
            }
        } else if c == '\x1b' {
            esc = true;
        } else {
            out.push(c);
        }
    }
    out
}

fn paint(style: &Style, code: &str, text: &str) -> String {
    if style.color {
        format!("{code}{text}{RESET}")
    } else {
        text.to_string()
    }
}

fn typed(c: Category) -> bool {
    !matches!(c, Category::Substitution | Category::Addition | Category::Omission)
}

/// Renders the report.
pub fn render(corpus: &Corpus, analysis: &Analysis, cov: &Coverage, style: Style) -> String {
    let docs = &corpus.documents;
    let width = style.width.max(40);
    let mut out = String::new();
    let primaries: Vec<&str> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| analysis.primary[*i])
        .map(|(_, d)| d.id.as_str())
        .collect();
    let _ = writeln!(
        out,
        "{} {} documents, primary {}; {} remarks, {} carried by some outlet; {} alignments",
        paint(&style, BOLD, "refract report:"),
        docs.len(),
        primaries.join(", "),
        cov.remarks.len(),
        cov.remarks.len() - cov.uncarried().len(),
        analysis.alignments.len()
    );

    // Coverage.
    let _ =
        writeln!(out, "\n{}  (Q quoted, P paraphrased, · absent)", paint(&style, BOLD, "COVERAGE"));
    let ids: Vec<&str> = cov.articles.iter().map(|p| docs[p.doc].id.as_str()).collect();
    let col = ids.iter().map(|i| i.chars().count()).max().unwrap_or(1).max(1);
    let text_width = width.saturating_sub(8 + (col + 1) * ids.len()).max(20);
    let _ = write!(out, "{:6}  {:text_width$}", "", "");
    for id in &ids {
        let _ = write!(out, " {id:>col$}");
    }
    out.push('\n');
    for (r, remark) in cov.remarks.iter().enumerate() {
        if remark.alignments.is_empty() {
            continue;
        }
        let text = pieces::clip(docs[remark.doc].slice(remark.span), text_width.saturating_sub(1));
        let pad = text_width.saturating_sub(text.chars().count());
        let _ = write!(out, "{:6}  {}{}", format!("R{}", r + 1), text, " ".repeat(pad));
        for o in 0..cov.articles.len() {
            let cell = match cov.carriage(r, o) {
                Carriage::Quoted => paint(&style, BOLD, "Q"),
                Carriage::Paraphrased => "P".to_string(),
                Carriage::Absent => paint(&style, DIM, "·"),
            };
            let _ = write!(out, " {}{}", " ".repeat(col - 1), cell);
        }
        out.push('\n');
    }

    // Versions.
    let _ = writeln!(out, "\n{}", paint(&style, BOLD, "REMARKS AND THEIR VERSIONS"));
    let (del_open, del_close, ins_open, ins_close) =
        if style.color { (RED, RESET, GREEN, RESET) } else { ("[-", "-]", "{+", "+}") };
    for (r, remark) in cov.remarks.iter().enumerate() {
        if remark.alignments.is_empty() {
            continue;
        }
        let d = &docs[remark.doc];
        let _ = writeln!(
            out,
            "\n{} {} {}",
            paint(&style, BOLD, &format!("R{}", r + 1)),
            d.id,
            remark.span
        );
        let mut p = Para::new();
        p.push(d.slice(remark.span), "", "");
        p.write(&mut out, "  ", width);
        for &ai in &remark.alignments {
            let a = &analysis.alignments[ai];
            let rel = a.relation.as_str();
            let _ = writeln!(
                out,
                "  {} {} {:.2}",
                paint(&style, BOLD, &docs[a.target.doc].id),
                rel,
                a.score
            );
            let pieces = pieces::pieces(corpus, a);
            let mut p = Para::new();
            for (i, piece) in pieces.iter().enumerate() {
                match piece.kind {
                    PieceKind::Kept => p.push(&piece.text, "", ""),
                    PieceKind::Dropped => p.push(&piece.text, del_open, del_close),
                    PieceKind::Added => p.push(&piece.text, ins_open, ins_close),
                }
                let replaced = piece.kind == PieceKind::Dropped
                    && pieces.get(i + 1).is_some_and(|n| n.kind == PieceKind::Added);
                if let Some(c) = piece.category.filter(|c| typed(*c)) {
                    if piece.kind != PieceKind::Kept && !replaced {
                        let tag = format!("({})", c.as_str());
                        p.push(
                            &tag,
                            if style.color { YELLOW } else { "" },
                            if style.color { RESET } else { "" },
                        );
                    }
                }
            }
            p.write(&mut out, "    ", width);
        }
    }

    // Profiles.
    let _ = writeln!(out, "\n{}", paint(&style, BOLD, "OUTLETS"));
    for prof in &cov.articles {
        let d = &docs[prof.doc];
        let _ = writeln!(
            out,
            "\n  {} — {}: {} of {} remarks ({} quoted, {} paraphrased only)",
            paint(&style, BOLD, &d.id),
            d.outlet,
            prof.quoted.len() + prof.paraphrased.len(),
            cov.remarks.len(),
            prof.quoted.len(),
            prof.paraphrased.len()
        );
        let total: usize = prof.quotes.values().map(Vec::len).sum();
        if total > 0 {
            let counts: Vec<String> =
                prof.quotes.iter().map(|(v, qs)| format!("{} {}", qs.len(), v.as_str())).collect();
            let _ = writeln!(out, "    quotations {total}: {}", counts.join(", "));
            for (v, span) in prof.flagged_quotes(analysis) {
                let mut p = Para::new();
                p.push(&format!("{}: “{}”", v.as_str(), d.slice(span)), "", "");
                p.write(&mut out, "      ", width);
            }
        }
        for (cat, refs) in &prof.edits {
            let examples: Vec<String> = refs
                .iter()
                .take(4)
                .map(|e| {
                    let (_, from, to) = cov.edit_words(corpus, analysis, *e);
                    format!("“{}” → “{}”", pieces::clip(from, 40), pieces::clip(to, 40))
                })
                .collect();
            let mut p = Para::new();
            p.push(&format!("{} {}: {}", cat.as_str(), refs.len(), examples.join("; ")), "", "");
            p.write(&mut out, "    ", width);
        }
        if !prof.untraced.is_empty() {
            let _ = writeln!(
                out,
                "    attributed to the speaker, traced to no remark: {}",
                prof.untraced.len()
            );
            for s in &prof.untraced {
                let mut p = Para::new();
                p.push(&format!("{} “{}”", s, d.slice(*s)), "", "");
                p.write(&mut out, "      ", width);
            }
        }
    }
    let uncarried = cov.uncarried();
    let _ = writeln!(
        out,
        "\n{} ({})",
        paint(&style, BOLD, "REMARKS NO OUTLET CARRIED"),
        uncarried.len()
    );
    for r in uncarried {
        let remark = &cov.remarks[r];
        let _ = writeln!(
            out,
            "  R{:<4} {}",
            r + 1,
            pieces::clip(docs[remark.doc].slice(remark.span), width.saturating_sub(9))
        );
    }
    out
}
