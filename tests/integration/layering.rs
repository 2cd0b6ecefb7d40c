//! Imports flow one way: a module of the library may use only the modules
//! listed below it (or itself).
//!
//! The order lives in ARCHITECTURE.md, in the first fenced code block whose
//! info string is `text layers`: one top-level module per line, top to
//! bottom; the first word of a line is the module (`src/NAME.rs` or
//! `src/NAME/`), the rest a comment. The test reads every `crate::` path in
//! the code of `src/` (comments, literals and `#[cfg(test)]` items skipped:
//! tests build fixtures with any stage) and fails on an import of a module
//! above the importer, naming both. `src/lib.rs` (the root, which declares
//! and re-exports everything) and the binary (`src/main.rs`, `src/cli.rs`,
//! `src/cli/`) are exempt; `crate::Name` with a capital is a re-export of the
//! root. Every module under `src/` must be listed and every listed module
//! must exist, so the list cannot fall behind the code.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const ARCHITECTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ARCHITECTURE.md");
/// Top-level names of the binary crate, which imports the library by name.
const BINARY: [&str; 2] = ["main", "cli"];
const TEST_ATTRIBUTE: &[u8] = b"#[cfg(test)]";

/// A `crate::NAME` path in code: the top-level name and its 1-based line.
#[derive(Debug, PartialEq, Eq)]
struct Reference {
    line: usize,
    module: String,
}

/// The module names of the `text layers` block of `markdown`, top first.
fn layers(markdown: &str) -> Result<Vec<String>, String> {
    let mut lines = markdown.lines();
    let opening = lines.by_ref().find(|l| l.split_whitespace().eq(["```text", "layers"]));
    opening.ok_or("no ```text layers block in ARCHITECTURE.md")?;
    let mut names: Vec<String> = Vec::new();
    for line in lines.take_while(|l| !l.trim_start().starts_with("```")) {
        let Some(name) = line.split_whitespace().next() else { continue };
        let valid = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid || names.iter().any(|n| n == name) {
            return Err(format!("layers block: `{name}` is not a module name or is listed twice"));
        }
        names.push(name.to_string());
    }
    Ok(names)
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn find(s: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    s.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn blank(s: &mut [u8], from: usize, to: usize) {
    s[from..to].iter_mut().filter(|b| **b != b'\n').for_each(|b| *b = b' ');
}

/// `source` with comments and string and char literals blanked to spaces;
/// newlines are kept, so offsets and line numbers are those of the file.
fn mask(source: &str) -> Vec<u8> {
    let mut out = source.as_bytes().to_vec();
    let mut i = 0;
    while i < out.len() {
        let end = literal_end(source.as_bytes(), i);
        blank(&mut out, i, end.unwrap_or(i));
        i = end.unwrap_or(i + 1);
    }
    out
}

/// Where the comment or literal starting at `i` ends, if one starts there.
fn literal_end(s: &[u8], i: usize) -> Option<usize> {
    match (s[i], s.get(i + 1)) {
        (b'/', Some(b'/')) => Some(find(s, b"\n", i).unwrap_or(s.len())),
        (b'/', Some(b'*')) => Some(block_comment_end(s, i)),
        (b'"', _) => Some(string_end(s, i + 1)),
        (b'r', _) => raw_string_end(s, i),
        (b'\'', _) => char_end(s, i),
        _ => None,
    }
}

/// The end of the (possibly nested) block comment at `i`.
fn block_comment_end(s: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i + 1 < s.len() {
        match &s[i..i + 2] {
            b"/*" => (depth, i) = (depth + 1, i + 2),
            b"*/" if depth == 1 => return i + 2,
            b"*/" => (depth, i) = (depth - 1, i + 2),
            _ => i += 1,
        }
    }
    s.len()
}

/// The end of a string whose contents start at `i` (escapes honoured).
fn string_end(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && s[i] != b'"' {
        i += if s[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(s.len())
}

/// `r"…"`, `r#"…"#`, … (also after `b` or `c`), not `r#ident` or `for`.
fn raw_string_end(s: &[u8], i: usize) -> Option<usize> {
    let before = |n: usize| i.checked_sub(n).map(|p| s[p]);
    let prefix = before(1).filter(|b| !matches!(b, b'b' | b'c')).or_else(|| before(2));
    let hashes = s[i + 1..].iter().take_while(|&&b| b == b'#').count();
    let open = i + 1 + hashes;
    if prefix.is_some_and(is_ident) || s.get(open) != Some(&b'"') {
        return None;
    }
    let close = [&b"\""[..], &vec![b'#'; hashes]].concat();
    Some(find(s, &close, open + 1).map_or(s.len(), |at| at + close.len()))
}

/// The end of a char literal at `i`; `None` for a lifetime or label.
fn char_end(s: &[u8], i: usize) -> Option<usize> {
    let first = *s.get(i + 1)?;
    if first == b'\\' {
        return Some(find(s, b"'", i + 3).map_or(s.len(), |at| at + 1));
    }
    let width = first.leading_ones().max(1) as usize; // of its UTF-8 encoding
    (s.get(i + 1 + width) == Some(&b'\'')).then_some(i + 2 + width)
}

/// Blanks every `#[cfg(test)]` item of masked code and returns the names of
/// the test-only modules it declares in other files (`mod name;`).
fn strip_test_items(masked: &mut [u8]) -> Vec<String> {
    let mut declared = Vec::new();
    let mut from = 0;
    while let Some(at) = find(masked, TEST_ATTRIBUTE, from) {
        let end = item_end(masked, at + TEST_ATTRIBUTE.len());
        declared.extend(module_declaration(&masked[at..end]));
        blank(masked, at, end);
        from = end;
    }
    declared
}

/// The end of the item starting at `i`: after its `;`, its block's closing
/// brace, or (a field, a parameter) before the end of the enclosing brackets.
fn item_end(s: &[u8], i: usize) -> usize {
    let stop = outside_brackets(s, i, b";{})]");
    match s.get(stop) {
        Some(b'{') => (outside_brackets(s, stop + 1, b"}") + 1).min(s.len()),
        Some(b';') => stop + 1,
        _ => stop,
    }
}

/// The first of `stops` from `i` that is not inside brackets opened after `i`.
fn outside_brackets(s: &[u8], mut i: usize, stops: &[u8]) -> usize {
    let mut depth = 0usize;
    while i < s.len() && !(depth == 0 && stops.contains(&s[i])) {
        match s[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    i
}

/// `name` if `item` ends with a declaration `mod name;`.
fn module_declaration(item: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(item).ok()?.trim_end().strip_suffix(';')?;
    let mut words =
        text.rsplit(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty());
    let name = words.next()?;
    (words.next() == Some("mod")).then(|| name.to_string())
}

/// Every top-level module named by a `crate::` (or `$crate::`) path in
/// masked code, with the names of a `crate::{…}` group.
fn references(masked: &[u8]) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find(masked, b"crate", from) {
        from = at + b"crate".len();
        let separator = skip_space(masked, from);
        if (at > 0 && is_ident(masked[at - 1])) || !masked[separator..].starts_with(b"::") {
            continue;
        }
        heads(masked, skip_space(masked, separator + 2), &mut found);
    }
    found
}

fn skip_space(s: &[u8], i: usize) -> usize {
    i + s[i.min(s.len())..].iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// The identifier at `i` as a reference (none for `self`, `*`, …).
fn name_at(s: &[u8], i: usize) -> Option<Reference> {
    let len = s[i.min(s.len())..].iter().take_while(|&&b| is_ident(b)).count();
    let name = String::from_utf8_lossy(&s[i..i + len]);
    (len > 0 && name != "self").then(|| Reference {
        line: 1 + s[..i].iter().filter(|&&b| b == b'\n').count(),
        module: name.into_owned(),
    })
}

/// Records the module at `at` after `crate::`: one name, or the first name of
/// each item of a `{…}` group (nested groups included).
fn heads(s: &[u8], at: usize, found: &mut Vec<Reference>) {
    if s.get(at) != Some(&b'{') {
        found.extend(name_at(s, at));
        return;
    }
    let mut item = skip_space(s, at + 1);
    while s.get(item).is_some_and(|&b| b != b'}') {
        heads(s, item, found);
        let end = outside_brackets(s, item, b",}");
        item = skip_space(s, end + usize::from(s.get(end) == Some(&b',')));
    }
}

/// The references of a source file and the test-only modules it declares.
fn scan(source: &str) -> (Vec<Reference>, Vec<String>) {
    let mut masked = mask(source);
    let test_modules = strip_test_items(&mut masked);
    (references(&masked), test_modules)
}

/// `src/align.rs` -> `align`, `src/report/json.rs` -> `report`.
fn top_module(file: &str) -> &str {
    let first = file.trim_start_matches("src/").split('/').next().unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(first)
}

/// The problems with the imports of `file` (of module `module`).
fn import_problems(layers: &[String], file: &str, module: &str, refs: &[Reference]) -> Vec<String> {
    let rank = |name: &str| layers.iter().position(|l| l == name);
    let Some(own) = rank(module) else { return Vec::new() };
    let problem = |r: &Reference| {
        let why = match rank(&r.module) {
            Some(other) if other < own => "is above it in ARCHITECTURE.md",
            None if !r.module.starts_with(char::is_uppercase) => "is not listed in ARCHITECTURE.md",
            _ => return None,
        };
        Some(format!("{file}:{}: {module} imports {}, which {why}", r.line, r.module))
    };
    refs.iter().filter(|r| r.module != module).filter_map(problem).collect()
}

/// Modules of `src/` missing from the list, and listed modules not in `src/`.
fn listing_problems(layers: &[String], modules: &BTreeSet<String>) -> Vec<String> {
    let unlisted = modules.iter().filter(|m| !layers.contains(m));
    let absent = layers.iter().filter(|l| !modules.contains(*l));
    let unlisted =
        unlisted.map(|m| format!("src/{m}: module {m} is not listed in ARCHITECTURE.md"));
    let absent = absent.map(|l| format!("ARCHITECTURE.md lists {l}: no src/{l}.rs or src/{l}/"));
    unlisted.chain(absent).collect()
}

/// Every `.rs` file under `dir`, as paths relative to the crate root.
fn rust_files(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir).expect("src/ is readable").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for path in entries.into_iter().map(|e| e.path()) {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            let relative = path.strip_prefix(ROOT).expect("under the crate root");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The paths of the files of a `#[cfg(test)] mod name;` declared in `file`.
fn test_module_paths(file: &str, name: &str) -> [String; 2] {
    let dir = match file.rsplit_once('/') {
        Some((dir, "mod.rs" | "lib.rs" | "main.rs")) => dir,
        _ => file.trim_end_matches(".rs"),
    };
    [format!("{dir}/{name}.rs"), format!("{dir}/{name}/")]
}

fn read(file: &str) -> String {
    fs::read_to_string(Path::new(ROOT).join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The library's files under `src/` with their references; the crate root,
/// the binary and the files of `#[cfg(test)]` modules are left out.
fn library_sources() -> Vec<(String, Vec<Reference>)> {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    let scanned: Vec<_> = files.into_iter().map(|f| (scan(&read(&f)), f)).collect();
    let test_only: Vec<String> = scanned
        .iter()
        .flat_map(|((_, t), f)| t.iter().flat_map(|t| test_module_paths(f, t)))
        .collect();
    let in_tests = |f: &str| test_only.iter().any(|t| f.starts_with(t.as_str()));
    scanned
        .into_iter()
        .filter(|(_, f)| f != "src/lib.rs" && !BINARY.contains(&top_module(f)) && !in_tests(f))
        .map(|((refs, _), f)| (f, refs))
        .collect()
}

/// The modules the crate root declares (`mod name;`), test-only ones left out.
fn root_modules() -> Vec<String> {
    let mut root = mask(&read("src/lib.rs"));
    strip_test_items(&mut root);
    root.split_inclusive(|&b| b == b';').filter_map(module_declaration).collect()
}

#[test]
fn imports_flow_down_the_layers_of_architecture_md() {
    let markdown = fs::read_to_string(ARCHITECTURE).expect("ARCHITECTURE.md is readable");
    let layers = layers(&markdown).unwrap_or_else(|e| panic!("{e}"));
    let sources = library_sources();
    let mut modules: BTreeSet<String> = root_modules().into_iter().collect();
    modules.extend(sources.iter().map(|(f, _)| top_module(f).to_string()));
    let mut problems = listing_problems(&layers, &modules);
    for (file, refs) in &sources {
        problems.extend(import_problems(&layers, file, top_module(file), refs));
    }
    assert!(problems.is_empty(), "imports against the layers:\n{}", problems.join("\n"));
}

const FIXTURE: &str = r##"//! Uses [`crate::doc::link`] in a doc comment.
use crate::{a, b::{c, d},
    e::f};
/* block crate::blocked::x /* nested */ crate::still */
fn g<'l>(x: &'l crate::h::T) -> String {
    let s = "crate::z::y \" crate::z";
    let c = '"';
    crate::b::f();
    <crate::i::T as Default>::default();
    r#"raw " crate::raw "#.to_string()
}
#[cfg(test)]
mod tests {
    use crate::top;
    fn braces() { let _ = "{"; }
}
#[cfg(test)]
mod fixtures;
struct S {
    #[cfg(test)]
    field: crate::t::T,
}
fn after() -> crate::Error { crate::j::k() }
"##;

#[test]
fn scanner_finds_code_paths_only() {
    let (refs, test_modules) = scan(FIXTURE);
    let found: Vec<_> = refs.iter().map(|r| (r.line, r.module.as_str())).collect();
    let expected =
        [(2, "a"), (2, "b"), (3, "e"), (5, "h"), (8, "b"), (9, "i"), (23, "Error"), (23, "j")];
    assert_eq!(found, expected);
    assert_eq!(test_modules, ["fixtures"]);
}

#[test]
fn upward_import_names_both_modules() {
    let markdown =
        "```text\nnot layers\n```\n\n```text layers\ntop    the top\n\nmid\nbottom\n```\n";
    let layers = layers(markdown).unwrap();
    assert_eq!(layers, ["top", "mid", "bottom"]);
    let source =
        "use crate::{bottom::X, gone, Result};\nuse crate::mid;\nfn f() { crate::top::g() }";
    let problems = import_problems(&layers, "src/mid.rs", "mid", &scan(source).0);
    let expected = [
        "src/mid.rs:1: mid imports gone, which is not listed in ARCHITECTURE.md",
        "src/mid.rs:3: mid imports top, which is above it in ARCHITECTURE.md",
    ];
    assert_eq!(problems, expected);
}
