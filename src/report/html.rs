//! The framing report as one self-contained HTML page: no external assets,
//! works offline.
//!
//! * a coverage heat map (remarks × outlets; colour = quoted, paraphrased or
//!   absent, shade = best score), each row linking to its remark;
//! * per remark, a variant table: each outlet's version with the changes
//!   highlighted (struck-through dropped words, underlined added ones, a
//!   badge naming the category of typed changes);
//! * outlet profiles, each figure with links to its evidence;
//! * a click on any passage opens a panel with its context in the original
//!   document (the texts are embedded; offsets are converted to UTF-16 for
//!   the browser, the byte offsets are shown).

use std::collections::HashMap;
use std::fmt::Write;

use crate::coverage::{Carriage, Coverage};
use crate::model::{Analysis, Category, Corpus, DocIdx, Span};
use crate::report::pieces::{self, PieceKind};

const STYLE: &str = r#"
:root { --q: #1d5f7a; --p: #7fb3c9; --a: #f1f1ef; --ink: #1d1d1f; --muted: #6b6b70; --line: #dcdcd6; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fbfbf8; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 26px 0 8px; }
.muted { color: var(--muted); }
nav a { margin-right: 16px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: 6px 8px; vertical-align: top; text-align: left; }
th { background: #f3f3ee; font-weight: 600; }
table.heat td.c { width: 74px; text-align: center; font-size: 12px; }
table.heat td.quoted { background: var(--q); color: #fff; }
table.heat td.paraphrased { background: var(--p); }
table.heat td.absent { background: var(--a); color: #b5b5b0; }
table.heat tr:hover td.r { background: #fff7d6; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border-radius: 3px; font-size: 12px; }
blockquote { margin: 8px 0; padding: 8px 12px; background: #fff; border-left: 4px solid var(--q); }
del { background: #fde2e1; color: #8a1c16; text-decoration: line-through; }
ins { background: #dff3df; color: #14521b; text-decoration: none; border-bottom: 1px solid #6cb36f; }
.badge { display: inline-block; font-size: 11px; line-height: 1.2; padding: 1px 5px; margin-left: 3px; border-radius: 8px; background: #ececf5; color: #3a3a7a; vertical-align: 1px; white-space: nowrap; }
.badge.loaded-term { background: #ffe0c7; color: #8a3b00; font-weight: 600; }
.badge.intensity, .badge.modality, .badge.negation { background: #f6e3ff; color: #5b1a7a; }
.badge.name, .badge.spelling, .badge.inflection { background: #eef0ee; color: #555; }
.badge.verdict-verbatim, .badge.verdict-close { background: #dff3df; color: #14521b; }
.badge.verdict-altered { background: #ffe0c7; color: #8a3b00; }
.badge.verdict-unsourced { background: #fde2e1; color: #8a1c16; font-weight: 600; }
.span { cursor: pointer; }
.span:hover { outline: 2px solid #f0c24b; }
.rel { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.rel.quote { color: var(--q); font-weight: 700; }
#panel { position: fixed; top: 0; right: 0; width: min(520px, 92vw); height: 100vh; background: #fff; border-left: 1px solid var(--line); box-shadow: -4px 0 16px rgba(0,0,0,.08); padding: 16px 20px; overflow: auto; display: none; }
#panel.open { display: block; }
#panel pre { white-space: pre-wrap; font: 14px/1.55 Georgia, serif; }
#panel mark { background: #ffe58a; }
#panel button { float: right; }
ul.profile li { margin: 4px 0; }
footer { max-width: 1100px; margin: 40px auto; padding: 0 24px; color: var(--muted); font-size: 13px; }
"#;

const SCRIPT: &str = r#"
(function () {
  var docs = JSON.parse(document.getElementById('refract-docs').textContent);
  var panel = document.getElementById('panel');
  function show(el) {
    var d = docs[+el.dataset.doc];
    var s = +el.dataset.s, e = +el.dataset.e;
    var from = Math.max(0, s - 700), to = Math.min(d.text.length, e + 700);
    var pre = document.createElement('pre');
    pre.appendChild(document.createTextNode((from > 0 ? '…' : '') + d.text.slice(from, s)));
    var m = document.createElement('mark');
    m.textContent = d.text.slice(s, e);
    pre.appendChild(m);
    pre.appendChild(document.createTextNode(d.text.slice(e, to) + (to < d.text.length ? '…' : '')));
    var body = document.getElementById('panel-body');
    body.innerHTML = '';
    var h = document.createElement('h3');
    h.textContent = d.id + ' — ' + d.outlet;
    var p = document.createElement('p');
    p.className = 'muted';
    p.textContent = d.path + ', bytes ' + el.dataset.bs + '..' + el.dataset.be;
    body.appendChild(h); body.appendChild(p); body.appendChild(pre);
    panel.classList.add('open');
    m.scrollIntoView({ block: 'center' });
  }
  document.addEventListener('click', function (ev) {
    var el = ev.target.closest('.span');
    if (el) { show(el); }
  });
  document.getElementById('panel-close').addEventListener('click', function () {
    panel.classList.remove('open');
  });
})();
"#;

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Byte offsets to UTF-16 offsets, per document, computed once.
struct Utf16 {
    maps: HashMap<DocIdx, Vec<(usize, usize)>>,
}

impl Utf16 {
    fn offset(&mut self, corpus: &Corpus, doc: DocIdx, byte: usize) -> usize {
        let map = self.maps.entry(doc).or_insert_with(|| {
            let mut v = Vec::new();
            let mut u = 0;
            for (b, c) in corpus.documents[doc].text.char_indices() {
                v.push((b, u));
                u += c.len_utf16();
            }
            v.push((corpus.documents[doc].text.len(), u));
            v
        });
        let i = map.partition_point(|&(b, _)| b < byte);
        map.get(i).map_or(0, |&(_, u)| u)
    }
}

/// Opening tag of a clickable passage.
fn span_open(u: &mut Utf16, corpus: &Corpus, doc: DocIdx, s: Span, tag: &str) -> String {
    format!(
        "<{tag} class=\"span\" data-doc=\"{doc}\" data-s=\"{}\" data-e=\"{}\" data-bs=\"{}\" data-be=\"{}\" title=\"click for context\">",
        u.offset(corpus, doc, s.start),
        u.offset(corpus, doc, s.end),
        s.start,
        s.end
    )
}

fn typed(c: Category) -> bool {
    !matches!(c, Category::Substitution | Category::Addition | Category::Omission)
}

/// Renders the page.
pub fn render(corpus: &Corpus, analysis: &Analysis, cov: &Coverage) -> String {
    let docs = &corpus.documents;
    let mut u = Utf16 { maps: HashMap::new() };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>refract report</title><style>{STYLE}</style></head><body>\n"
    );
    let primaries: Vec<String> = docs
        .iter()
        .enumerate()
        .filter(|(i, _)| analysis.primary[*i])
        .map(|(_, d)| format!("<b>{}</b> ({})", esc(&d.id), esc(&d.outlet)))
        .collect();
    let carried = cov.remarks.len() - cov.uncarried().len();
    let _ = write!(
        out,
        "<header><h1>How the remarks bent</h1><p class=\"muted\">refract · {} documents · primary: {} · \
         {} remarks, {} carried by some outlet · {} alignments</p>\
         <nav><a href=\"#coverage\">Coverage</a><a href=\"#remarks\">Remarks and versions</a>\
         <a href=\"#outlets\">Outlet profiles</a><a href=\"#uncarried\">Not carried</a></nav></header>\n<main>\n",
        docs.len(),
        primaries.join(", "),
        cov.remarks.len(),
        carried,
        analysis.alignments.len()
    );

    // Heat map.
    let _ = write!(
        out,
        "<h2 id=\"coverage\">Coverage</h2><p class=\"legend\"><span style=\"background:var(--q);color:#fff\">quoted</span>\
         <span style=\"background:var(--p)\">paraphrased</span><span style=\"background:var(--a)\">absent</span>\
         Remarks that some outlet carried; click a row for its versions.</p>\
         <table class=\"heat\" id=\"heatmap\"><thead><tr><th>remark</th>"
    );
    for p in &cov.articles {
        let _ = write!(out, "<th>{}</th>", esc(&docs[p.doc].id));
    }
    let _ = writeln!(out, "</tr></thead><tbody>");
    for (r, remark) in cov.remarks.iter().enumerate() {
        if remark.alignments.is_empty() {
            continue;
        }
        let text = pieces::clip(docs[remark.doc].slice(remark.span), 110);
        let _ = write!(
            out,
            "<tr><td class=\"r\"><a href=\"#r{n}\">R{n}</a> {}</td>",
            esc(&text),
            n = r + 1
        );
        for (o, p) in cov.articles.iter().enumerate() {
            let best = remark
                .alignments
                .iter()
                .map(|&ai| &analysis.alignments[ai])
                .filter(|a| a.target.doc == p.doc)
                .map(|a| a.score)
                .fold(0.0f64, f64::max);
            let (class, label) = match cov.carriage(r, o) {
                Carriage::Quoted => ("quoted", format!("Q {best:.2}")),
                Carriage::Paraphrased => ("paraphrased", format!("P {best:.2}")),
                Carriage::Absent => ("absent", "·".to_string()),
            };
            let opacity = if class == "absent" { 1.0 } else { 0.55 + 0.45 * best.min(1.0) };
            let _ = write!(
                out,
                "<td class=\"c {class}\" style=\"opacity:{opacity:.2}\" title=\"{} {class}\">{label}</td>",
                esc(&docs[p.doc].id)
            );
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table>");

    // Variant tables.
    let _ = writeln!(out, "<h2 id=\"remarks\">Remarks and their versions</h2>");
    for (r, remark) in cov.remarks.iter().enumerate() {
        if remark.alignments.is_empty() {
            continue;
        }
        let d = &docs[remark.doc];
        let _ = writeln!(
            out,
            "<section class=\"remark\" id=\"r{n}\"><h3>R{n} <span class=\"muted\">{} {}</span></h3><blockquote>{}{}</span></blockquote>\
             <table class=\"variants\"><thead><tr><th>outlet</th><th>how</th><th>score</th><th>version</th></tr></thead><tbody>",
            esc(&d.id),
            remark.span,
            span_open(&mut u, corpus, remark.doc, remark.span, "span"),
            esc(d.slice(remark.span)),
            n = r + 1
        );
        for &ai in &remark.alignments {
            let a = &analysis.alignments[ai];
            let rel = a.relation.as_str();
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"rel {rel}\">{rel}</td><td>{:.2}</td><td>{}",
                esc(&docs[a.target.doc].id),
                a.score,
                span_open(&mut u, corpus, a.target.doc, a.target.span, "div")
            );
            let pieces = pieces::pieces(corpus, a);
            for (i, p) in pieces.iter().enumerate() {
                let text = esc(&pieces::one_line(&p.text));
                let cat = p.category.map(|c| c.as_str()).unwrap_or("");
                match p.kind {
                    PieceKind::Kept => {
                        let _ = write!(out, "{text} ");
                    }
                    PieceKind::Dropped => {
                        let _ = write!(out, "<del class=\"{cat}\">{text}</del> ");
                    }
                    PieceKind::Added => {
                        let _ = write!(out, "<ins class=\"{cat}\">{text}</ins> ");
                    }
                }
                let replaced = p.kind == PieceKind::Dropped
                    && pieces.get(i + 1).is_some_and(|n| n.kind == PieceKind::Added);
                if let Some(c) = p.category.filter(|c| typed(*c)) {
                    if p.kind != PieceKind::Kept && !replaced {
                        let _ = write!(out, "<span class=\"badge {0}\">{0}</span> ", c.as_str());
                    }
                }
            }
            let _ = writeln!(out, "</div></td></tr>");
        }
        let _ = writeln!(out, "</tbody></table></section>");
    }

    // Profiles.
    let _ = writeln!(out, "<h2 id=\"outlets\">Outlet profiles</h2>");
    for p in &cov.articles {
        let d = &docs[p.doc];
        let _ = write!(
            out,
            "<section class=\"outlet\" id=\"o-{}\"><h3>{} <span class=\"muted\">{} · {}</span></h3><ul class=\"profile\">",
            esc(&d.id),
            esc(&d.id),
            esc(&d.outlet),
            d.role
        );
        let links = |rs: &mut dyn Iterator<Item = usize>| -> String {
            let mut v: Vec<usize> = rs.collect();
            v.sort_unstable();
            v.iter()
                .map(|r| format!("<a href=\"#r{0}\">R{0}</a>", r + 1))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = write!(
            out,
            "<li><b>{}</b> of {} remarks carried: {} quoted {} · {} paraphrased only {}</li>",
            p.quoted.len() + p.paraphrased.len(),
            cov.remarks.len(),
            p.quoted.len(),
            links(&mut p.quoted.iter().copied()),
            p.paraphrased.len(),
            links(&mut p.paraphrased.iter().copied())
        );
        let total: usize = p.quotes.values().map(Vec::len).sum();
        if total > 0 {
            let counts: Vec<String> = p
                .quotes
                .iter()
                .map(|(v, qs)| {
                    format!(
                        "<span class=\"badge verdict-{0}\">{1} {0}</span>",
                        v.as_str(),
                        qs.len()
                    )
                })
                .collect();
            let _ = write!(out, "<li><b>{total}</b> quotations: {}<ul>", counts.join(" "));
            for (v, span) in p.flagged_quotes(analysis) {
                let _ = write!(
                    out,
                    "<li><span class=\"badge verdict-{0}\">{0}</span> {1}“{2}”</span></li>",
                    v.as_str(),
                    span_open(&mut u, corpus, p.doc, span, "span"),
                    esc(d.slice(span))
                );
            }
            let _ = write!(out, "</ul></li>");
        }
        for (cat, refs) in &p.edits {
            let _ = write!(
                out,
                "<li><span class=\"badge {0}\">{0}</span> <b>{1}</b>: ",
                cat.as_str(),
                refs.len()
            );
            let shown: Vec<String> = refs
                .iter()
                .take(12)
                .map(|e| {
                    let (r, from, to) = cov.edit_words(corpus, analysis, *e);
                    let anchor = r
                        .map(|r| format!("<a href=\"#r{0}\">R{0}</a> ", r + 1))
                        .unwrap_or_default();
                    format!(
                        "{anchor}<del>{}</del> → <ins>{}</ins>",
                        esc(&pieces::clip(from, 50)),
                        esc(&pieces::clip(to, 50))
                    )
                })
                .collect();
            let more = refs.len().saturating_sub(12);
            let _ = write!(out, "{}", shown.join("; "));
            if more > 0 {
                let _ = write!(out, "; and {more} more");
            }
            let _ = write!(out, "</li>");
        }
        if !p.untraced.is_empty() {
            let _ = write!(
                out,
                "<li><b>{}</b> passages attributed to the speaker that trace to no remark:<ul>",
                p.untraced.len()
            );
            for s in &p.untraced {
                let _ = write!(
                    out,
                    "<li>{}{}</span></li>",
                    span_open(&mut u, corpus, p.doc, *s, "span"),
                    esc(d.slice(*s))
                );
            }
            let _ = write!(out, "</ul></li>");
        }
        let _ = writeln!(out, "</ul></section>");
    }

    let uncarried = cov.uncarried();
    let _ = write!(
        out,
        "<h2 id=\"uncarried\">Remarks no outlet carried ({})</h2><ul>",
        uncarried.len()
    );
    for r in uncarried {
        let remark = &cov.remarks[r];
        let _ = write!(
            out,
            "<li>R{} {}{}</span></li>",
            r + 1,
            span_open(&mut u, corpus, remark.doc, remark.span, "span"),
            esc(docs[remark.doc].slice(remark.span))
        );
    }
    let _ = writeln!(out, "</ul>\n</main>");

    // Embedded documents for the context panel.
    let embedded: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| {
            serde_json::json!({ "id": d.id, "outlet": d.outlet, "path": d.path, "text": d.text })
        })
        .collect();
    let json = serde_json::to_string(&embedded).expect("documents serialise").replace("</", "<\\/");
    let _ = write!(
        out,
        "<aside id=\"panel\"><button id=\"panel-close\" type=\"button\">close</button><div id=\"panel-body\"></div></aside>\n\
         <footer>Generated by refract {}. Scores are 0–1; spans are byte offsets into the documents as read.</footer>\n\
         <script type=\"application/json\" id=\"refract-docs\">{json}</script>\n<script>{SCRIPT}</script>\n</body></html>\n",
        env!("CARGO_PKG_VERSION")
    );
    out
}
