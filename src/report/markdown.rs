//! The framing report in Markdown, for issues and pull requests.
//!
//! Sections: the documents; the coverage matrix (remarks carried by some
//! outlet × outlets: **Q** quoted, **P** paraphrased, · absent); every carried
//! remark with each outlet's version, its changes inline (~~dropped~~,
//! **added**, category in italics); the outlet profiles, each figure followed
//! by the remarks it comes from; the remarks no outlet carried.

use std::fmt::Write;

use crate::coverage::{Carriage, Coverage};
use crate::model::{Analysis, Category, Corpus};
use crate::report::pieces::{self, PieceKind};

/// How many examples a profile lists per category before "and N more".
const EXAMPLES: usize = 8;

/// Escapes text for Markdown (inline and inside table cells).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in pieces::one_line(s).chars() {
        if matches!(c, '\\' | '*' | '_' | '~' | '|' | '<' | '>' | '[' | ']' | '`' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The target's version with the changes inline.
fn version(corpus: &Corpus, a: &crate::model::Alignment) -> String {
    let pieces = pieces::pieces(corpus, a);
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if !out.is_empty() {
            out.push(' ');
        }
        let text = esc(&p.text);
        match p.kind {
            PieceKind::Kept => out.push_str(&text),
            PieceKind::Dropped => {
                let _ = write!(out, "~~{text}~~");
            }
            PieceKind::Added => {
                let _ = write!(out, "**{text}**");
            }
        }
        // The category after the last piece of a typed edit (not after the
        // dropped half of a replacement).
        let replaced = p.kind == PieceKind::Dropped
            && pieces.get(i + 1).is_some_and(|n| n.kind == PieceKind::Added);
        if let Some(c) = p.category.filter(|c| typed(*c)) {
            if p.kind != PieceKind::Kept && !replaced {
                let _ = write!(out, " *({})*", c.as_str());
            }
        }
    }
    out
}

/// Categories worth naming inline (the others are plain word changes).
fn typed(c: Category) -> bool {
    !matches!(c, Category::Substitution | Category::Addition | Category::Omission)
}

/// Renders the report.
pub fn render(corpus: &Corpus, analysis: &Analysis, cov: &Coverage) -> String {
    let docs = &corpus.documents;
    let mut out = String::new();
    let _ = writeln!(out, "# refract report\n");
    let primaries: Vec<String> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| analysis.primary[*i])
        .map(|(_, d)| format!("`{}` ({})", d.id, esc(&d.outlet)))
        .collect();
    let carried = cov.remarks.len() - cov.uncarried().len();
    let _ = writeln!(
        out,
        "{} documents; primary: {}. {} remarks, {} carried by some outlet; {} alignments.\n",
        docs.len(),
        primaries.join(", "),
        cov.remarks.len(),
        carried,
        analysis.alignments.len()
    );
    let _ = writeln!(out, "| id | outlet | role | date | bytes |\n|---|---|---|---|--:|");
    for d in docs {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            d.id,
            esc(&d.outlet),
            d.role,
            d.date.as_deref().unwrap_or("–"),
            d.text.len()
        );
    }

    // Coverage matrix.
    let _ = writeln!(out, "\n## Coverage\n");
    let _ = writeln!(
        out,
        "Remarks of the transcript that some outlet carried (rows) × outlets (columns): \
         **Q** quoted, **P** paraphrased, · absent.\n"
    );
    let outlets: Vec<&str> = cov.articles.iter().map(|p| docs[p.doc].id.as_str()).collect();
    let _ = writeln!(out, "| remark | text | {} |", outlets.join(" | "));
    let _ = writeln!(out, "|---|---|{}", ":-:|".repeat(outlets.len()));
    for (r, remark) in cov.remarks.iter().enumerate() {
        if remark.alignments.is_empty() {
            continue;
        }
        let cells: Vec<&str> = (0..cov.articles.len())
            .map(|o| match cov.carriage(r, o) {
                Carriage::Quoted => "**Q**",
                Carriage::Paraphrased => "P",
                Carriage::Absent => "·",
            })
            .collect();
        let text = docs[remark.doc].slice(remark.span);
        let _ = writeln!(
            out,
            "| R{} | {} | {} |",
            r + 1,
            esc(&pieces::clip(text, 90)),
            cells.join(" | ")
        );
    }

    // Variant tables.
    let _ = writeln!(out, "\n## Remarks and their versions\n");
    for (r, remark) in cov.remarks.iter().enumerate() {
        if remark.alignments.is_empty() {
            continue;
        }
        let d = &docs[remark.doc];
        let _ = writeln!(out, "### R{} · `{}` {}\n", r + 1, d.id, remark.span);
        let _ = writeln!(out, "> {}\n", esc(d.slice(remark.span)));
        let _ = writeln!(
            out,
            "| outlet | how | score | version (~~dropped~~ **added**) |\n|---|---|--:|---|"
        );
        for &ai in &remark.alignments {
            let a = &analysis.alignments[ai];
            let _ = writeln!(
                out,
                "| `{}` | {} | {:.2} | {} |",
                docs[a.target.doc].id,
                a.relation.as_str(),
                a.score,
                version(corpus, a)
            );
        }
        let _ = writeln!(out);
    }

    // Profiles.
    let _ = writeln!(out, "## Outlet profiles\n");
    for p in &cov.articles {
        let d = &docs[p.doc];
        let _ = writeln!(out, "### `{}` — {}\n", d.id, esc(&d.outlet));
        let carried = p.quoted.len() + p.paraphrased.len();
        let _ = writeln!(
            out,
            "- remarks carried: {carried} of {} ({} quoted, {} paraphrased only){}",
            cov.remarks.len(),
            p.quoted.len(),
            p.paraphrased.len(),
            remark_list(p.quoted.iter().chain(&p.paraphrased).copied())
        );
        let total: usize = p.quotes.values().map(Vec::len).sum();
        if total > 0 {
            let counts: Vec<String> =
                p.quotes.iter().map(|(v, qs)| format!("{} {}", qs.len(), v.as_str())).collect();
            let _ = writeln!(out, "- quotations: {total} ({})", counts.join(", "));
            for (v, span) in p.flagged_quotes(analysis) {
                let _ = writeln!(
                    out,
                    "  - {}: “{}”",
                    v.as_str(),
                    esc(&pieces::clip(d.slice(span), 140))
                );
            }
        }
        for (cat, refs) in &p.edits {
            let mut examples = Vec::new();
            for e in refs.iter().take(EXAMPLES) {
                let (r, from, to) = cov.edit_words(corpus, analysis, *e);
                let remark = r.map(|r| format!("R{}: ", r + 1)).unwrap_or_default();
                examples.push(format!(
                    "{remark}“{}” → “{}”",
                    esc(&pieces::clip(from, 60)),
                    esc(&pieces::clip(to, 60))
                ));
            }
            let more = refs.len().saturating_sub(EXAMPLES);
            let more = if more > 0 { format!("; and {more} more") } else { String::new() };
            let _ = writeln!(
                out,
                "- {} ({}): {}{}",
                cat.as_str(),
                refs.len(),
                examples.join("; "),
                more
            );
        }
        if !p.untraced.is_empty() {
            let _ = writeln!(
                out,
                "- attributed to the speaker but traced to no remark ({}):",
                p.untraced.len()
            );
            for s in &p.untraced {
                let _ = writeln!(out, "  - {} “{}”", s, esc(d.slice(*s)));
            }
        }
        let _ = writeln!(out);
    }

    let uncarried = cov.uncarried();
    let _ = writeln!(out, "## Remarks no outlet carried ({})\n", uncarried.len());
    for r in uncarried {
        let remark = &cov.remarks[r];
        let _ = writeln!(
            out,
            "- R{} “{}”",
            r + 1,
            esc(&pieces::clip(docs[remark.doc].slice(remark.span), 140))
        );
    }
    out
}

fn remark_list(rs: impl Iterator<Item = usize>) -> String {
    let mut v: Vec<usize> = rs.collect();
    v.sort_unstable();
    if v.is_empty() {
        return String::new();
    }
    let names: Vec<String> = v.iter().map(|r| format!("R{}", r + 1)).collect();
    format!(": {}", names.join(", "))
}
