//! Typed edits: the word-level diff of an alignment, each change labelled
//! with what it means for a newsroom.
//!
//! # The diff
//!
//! The units of the diff are the document's [`Term`]s — a word, or a whole
//! alias phrase such as "Democratic People's Republic of Korea" — compared by
//! their folded text (case, accents and typographic punctuation do not count).
//! `similar` (patience algorithm) gives equal / delete / insert / replace
//! runs. Inside a replace run, units that are the same word in another guise
//! are paired again by a longest-common-subsequence pass, so that
//! "the DPRK’s actions" → "North Korea’s aspirations" becomes a `name` edit
//! (DPRK/North Korea) and a `substitution` (actions/aspirations), not one
//! opaque replacement.
//!
//! # The categories ([`Category`])
//!
//! A pair of units is
//! * `name` when both are the same alias (`corpus/aliases.txt`);
//! * `spelling` when they are equal after British→American spelling;
//! * `inflection` when they share a stem (liberate/liberating).
//!
//! Any other changed stretch is labelled by what it contains, first match
//! wins, in this order (the more specific and the more consequential first);
//! the word-class labels apply to short stretches only (`SHORT_EDIT` units,
//! twice that for negation):
//!
//! 1. `negation` — a negation on one side and not the other;
//! 2. `date` — month, weekday, year or relative day words;
//! 3. `number` — digits or number words;
//! 4. `loaded-term` — two members of one group of the framing lexicon
//!    (`corpus/framing.txt`), one side or the other charged, or a charged member
//!    added or dropped;
//! 5. `modality` — modal verbs and adverbs of certainty;
//! 6. `intensity` — hedges and intensifiers (clear/full, some/all);
//! 7. `attribution` — an addition or omission made only of reporting verbs,
//!    pronouns and names ("he said", "Lavrov added");
//! 8. otherwise `addition` (target words only), `omission` (source words
//!    only) or `substitution`.
//!
//! The word classes are short lists of English function words, written here;
//! the framing lexicon is data that users extend.

use rustc_hash::{FxHashMap, FxHashSet};
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::lexicon::Lexicon;
use crate::model::{Category, Change, Document, Edit, EditOp, Key, Passage, Prepared, Span, Term};
use crate::normalize::{fold, fold_into, key_of, spell, Normalizer};
use crate::words::{INTENSITY, MODALITY, MONTHS, NEGATION, NUMBER_WORDS};

/// One member of a framing group: its stems (as keys, [`key_of`] each stem,
/// as terms hold them), and whether it is charged.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Member {
    stems: Vec<Key>,
    charged: bool,
}

/// Groups of terms that name one thing with different charges.
#[derive(Clone, Debug, Default)]
pub struct Framing {
    groups: Vec<Vec<Member>>,
    /// Per first stem, the members (group, member) that start with it.
    by_first: FxHashMap<Key, Vec<(usize, usize)>>,
}

impl Framing {
    /// Parses a framing lexicon (format in `corpus/framing.txt`).
    pub fn parse(norm: &Normalizer, text: &str) -> Framing {
        let mut f = Framing::default();
        f.extend(norm, text);
        f
    }

    /// The bundled lexicon.
    pub fn bundled(norm: &Normalizer) -> Framing {
        Framing::parse(norm, crate::data::FRAMING)
    }

    /// The bundled lexicon with the groups of `extra` lexicons added.
    pub fn with_extra(norm: &Normalizer, extra: &[String]) -> Framing {
        let mut f = Framing::bundled(norm);
        for text in extra {
            f.extend(norm, text);
        }
        f
    }

    /// Adds the groups of another lexicon.
    pub fn extend(&mut self, norm: &Normalizer, text: &str) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let group: Vec<Member> = line
                .split('=')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(|m| {
                    let charged = m.starts_with('!');
                    let stems = stems_of(norm, m.trim_start_matches('!'));
                    Member { stems, charged }
                })
                .filter(|m| !m.stems.is_empty())
                .collect();
            if group.len() >= 2 {
                let g = self.groups.len();
                for (m, member) in group.iter().enumerate() {
                    self.by_first.entry(member.stems[0]).or_default().push((g, m));
                }
                self.groups.push(group);
            }
        }
    }

    /// Members (group, member) found in a run of stem keys.
    /// In (group, member) order, each once. Members are looked up by the
    /// stem they start with, not every member tried at every position.
    fn found(&self, stems: &[Key]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (p, k) in stems.iter().enumerate() {
            for &(g, m) in self.by_first.get(k).map_or(&[][..], Vec::as_slice) {
                if stems[p..].starts_with(&self.groups[g][m].stems) {
                    out.push((g, m));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether a change from `old` to `new` stem keys swaps framing.
    fn loaded(&self, old: &[Key], new: &[Key]) -> bool {
        let (a, b) = (self.found(old), self.found(new));
        let charged = |&(g, m): &(usize, usize)| self.groups[g][m].charged;
        // Two different members of one group, one of them charged.
        let swapped = a
            .iter()
            .any(|x| b.iter().any(|y| x.0 == y.0 && x.1 != y.1 && (charged(x) || charged(y))));
        // A charged member on one side only.
        let one_sided = a.iter().filter(|x| charged(x)).any(|x| !b.contains(x))
            || b.iter().filter(|y| charged(y)).any(|y| !a.contains(y));
        swapped || one_sided
    }
}

/// Stem keys of the words of a phrase (hyphens split words, as in tokens).
fn stems_of(norm: &Normalizer, phrase: &str) -> Vec<Key> {
    phrase
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(fold)
        .filter(|w| !w.is_empty())
        .map(|w| key_of(&norm.stem(&w)))
        .collect()
}

/// Longest change (in units per side) that a word class labels: four units
/// hold "their clear" → "North Korea’s unconditional"; negation gets twice
/// that, since a dropped "not" matters in any clause.
const SHORT_EDIT: usize = 4;

/// One unit of the diff: a term with its texts.
struct Unit<'b> {
    span: Span,
    /// Folded text, in the buffer of its side ([`units`]).
    folded: &'b str,
    /// The American spelling, when it differs from `folded`.
    american: Option<String>,
    /// The term; `term.key` stands for its stem.
    term: Term,
    capital: bool,
}

/// The units of `span`, their folded texts written one after another into
/// `buf` (one allocation for a side, not one per word: a large run diffs
/// millions of passages, and allocating per word would make the allocator
/// a large part of diffing).
fn units<'b>(doc: &Document, p: &Prepared, span: Span, buf: &'b mut String) -> Vec<Unit<'b>> {
    let toks = &p.seg.tokens;
    let lo = first_term_from(p, span.start);
    buf.clear();
    // (Folding rarely lengthens a word, and drops the spaces between words.)
    buf.reserve(span.len());
    // Each unit's folded text as its end in `buf` (it begins where the one
    // before ends).
    let mut found: Vec<(usize, Unit<'static>)> = Vec::new();
    for t in &p.terms[lo..] {
        let first = toks[t.first()].span();
        let last = toks[t.last()].span();
        if last.end > span.end {
            break;
        }
        let start = buf.len();
        // (Most terms are one word: no list of words to join, and no copy of
        // a word that American spelling leaves as it is.)
        let american = if t.first() == t.last() {
            fold_into(first.text(&doc.text), buf);
            match spell(&buf[start..]) {
                std::borrow::Cow::Borrowed(s) if s == &buf[start..] => None,
                other => Some(other.into_owned()),
            }
        } else {
            let words: Vec<String> =
                t.tokens().map(|i| fold(toks[i].span().text(&doc.text))).collect();
            let spelt = words.iter().map(|w| spell(w)).collect::<Vec<_>>().join(" ");
            buf.push_str(&words.join(" "));
            (spelt != buf[start..]).then_some(spelt)
        };
        let capital = doc.text[first.start..].chars().next().is_some_and(char::is_uppercase);
        found.push((
            buf.len(),
            Unit {
                span: Span::new(first.start, last.end),
                folded: "",
                american,
                term: *t,
                capital,
            },
        ));
    }
    let buf: &'b str = buf;
    let mut start = 0;
    found
        .into_iter()
        .map(|(end, u)| {
            let folded = &buf[start..end];
            start = end;
            Unit { folded, ..u }
        })
        .collect()
}

/// The first term of `p` whose first token starts at or after byte
/// `start`. The search runs over the terms of one sentence, found by its
/// span, not over every term of the document, where its steps would each
/// read a term and then its token, scattered over the document.
///
/// Terms follow the sentences' order, and a term lies inside its sentence:
/// the terms up to the end of the last sentence that ends at or before
/// `start` all start before it, and those after the next sentence all
/// start after it (at or after that sentence's end).
fn first_term_from(p: &Prepared, start: usize) -> usize {
    let toks = &p.seg.tokens;
    let s = p.seg.sentences.partition_point(|x| x.span.end <= start);
    let from = s.checked_sub(1).map_or(0, |k| p.sentence_terms[k].1);
    let to = p.sentence_terms.get(s).map_or(p.terms.len(), |r| r.1);
    from + p.terms[from..to].partition_point(|t| toks[t.first()].span().start < start)
}

impl Unit<'_> {
    /// The folded text in American spelling.
    fn spelt(&self) -> &str {
        self.american.as_deref().unwrap_or(self.folded)
    }
}

/// The typed word diff of passages of a run's documents, with the run's
/// framing lexicon: what alignments and quotations are diffed with.
pub(crate) struct Differ<'a> {
    docs: &'a [Document],
    prepared: &'a [Prepared],
    norm: &'a Normalizer,
    framing: Framing,
}

impl<'a> Differ<'a> {
    /// A differ for `docs`, prepared as `prepared`, with the bundled framing
    /// lexicon and `framing` (extra lexicons' texts).
    pub(crate) fn new(
        docs: &'a [Document],
        prepared: &'a [Prepared],
        norm: &'a Normalizer,
        framing: &[String],
    ) -> Differ<'a> {
        Differ { docs, prepared, norm, framing: Framing::with_extra(norm, framing) }
    }

    /// The typed edits from passage `source` to passage `target` ([`edits`]).
    pub(crate) fn edits(&self, source: Passage, target: Passage) -> Vec<Edit> {
        let at = |p: Passage| PassageRef {
            doc: &self.docs[p.doc],
            prepared: &self.prepared[p.doc],
            span: p.span,
        };
        edits(at(source), at(target), &self.framing, &|key| self.norm.is_reporting(key))
    }
}

/// One side of a diff (its source or its target): a passage of a prepared
/// document, with the document.
#[derive(Clone, Copy)]
pub struct PassageRef<'a> {
    pub doc: &'a Document,
    pub prepared: &'a Prepared,
    pub span: Span,
}

/// The typed word-level diff of `source` against `target`. `reporting` says
/// whether a stem key ([`key_of`] a stem, a [`Term::key`]) is a reporting
/// verb's (for `attribution`).
pub fn edits(
    source: PassageRef<'_>,
    target: PassageRef<'_>,
    framing: &Framing,
    reporting: &dyn Fn(Key) -> bool,
) -> Vec<Edit> {
    let (mut bs, mut bt) = (String::new(), String::new());
    let us = units(source.doc, source.prepared, source.span, &mut bs);
    let ut = units(target.doc, target.prepared, target.span, &mut bt);
    let ks: Vec<&str> = us.iter().map(|u| u.folded).collect();
    let kt: Vec<&str> = ut.iter().map(|u| u.folded).collect();
    let ctx = Classifier { framing, reporting };
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ks, &kt) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => out.push(Edit {
                op: EditOp::Equal,
                source: cover(&us[old_index..old_index + len]),
                target: cover(&ut[new_index..new_index + len]),
                category: None,
            }),
            DiffOp::Delete { old_index, old_len, .. } => {
                ctx.chunk(&us[old_index..old_index + old_len], &[], &mut out)
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                ctx.chunk(&[], &ut[new_index..new_index + new_len], &mut out)
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => ctx.replace(
                &us[old_index..old_index + old_len],
                &ut[new_index..new_index + new_len],
                &mut out,
            ),
        }
    }
    out
}

/// The words of some units (an alias phrase's words one by one), in
/// American spelling.
fn words<'u>(us: &'u [Unit<'_>]) -> impl Iterator<Item = &'u str> {
    us.iter().flat_map(|u| u.spelt().split(' '))
}

fn cover(units: &[Unit]) -> Option<Span> {
    Some(Span::new(units.first()?.span.start, units.last()?.span.end))
}

/// How two units relate when they are not equal as folded text.
fn kinship(a: &Unit, b: &Unit) -> Option<Category> {
    if a.term.alias && b.term.alias && a.term.key == b.term.key {
        Some(Category::Name)
    } else if a.spelt() == b.spelt() {
        Some(Category::Spelling)
    } else if !a.term.alias && !b.term.alias && a.term.key == b.term.key {
        Some(Category::Inflection)
    } else {
        None
    }
}

struct Classifier<'a> {
    framing: &'a Framing,
    reporting: &'a dyn Fn(Key) -> bool,
}

impl Classifier<'_> {
    /// Splits a replace run at units that are the same word in another guise
    /// (an LCS over [`kinship`]), and labels each piece.
    fn replace(&self, old: &[Unit], new: &[Unit], out: &mut Vec<Edit>) {
        let (n, m) = (old.len(), new.len());
        // Replace runs are short (a clause at most); a quadratic table is fine,
        // but bound it so that a pathological run cannot blow up.
        if n * m > 40_000 {
            return self.chunk(old, new, out);
        }
        // One flat table (a row per `old` unit), not a vector per row: one
        // allocation per replace run, not one per unit.
        let w = m + 1;
        let mut table = vec![0u16; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i * w + j] = if kinship(&old[i], &new[j]).is_some() {
                    table[(i + 1) * w + j + 1] + 1
                } else {
                    table[(i + 1) * w + j].max(table[i * w + j + 1])
                };
            }
        }
        let lcs = |i: usize, j: usize| table[i * w + j];
        let (mut i, mut j, mut i0, mut j0) = (0, 0, 0, 0);
        while i < n && j < m {
            if let Some(cat) = kinship(&old[i], &new[j]) {
                if lcs(i, j) == lcs(i + 1, j + 1) + 1 {
                    self.chunk(&old[i0..i], &new[j0..j], out);
                    out.push(Edit {
                        op: EditOp::Replace,
                        source: Some(old[i].span),
                        target: Some(new[j].span),
                        category: Some(cat),
                    });
                    i += 1;
                    j += 1;
                    (i0, j0) = (i, j);
                    continue;
                }
            }
            if lcs(i + 1, j) >= lcs(i, j + 1) {
                i += 1;
            } else {
                j += 1;
            }
        }
        self.chunk(&old[i0..], &new[j0..], out);
    }

    /// Labels one changed stretch (either side may be empty; both empty: nothing).
    fn chunk(&self, old: &[Unit], new: &[Unit], out: &mut Vec<Edit>) {
        let op = match (old.is_empty(), new.is_empty()) {
            (true, true) => return,
            (false, true) => EditOp::Delete,
            (true, false) => EditOp::Insert,
            (false, false) => EditOp::Replace,
        };
        let category = self.category(old, new, op);
        // A long stretch replaced by a short one ("Our Korean friends
        // reaffirmed their clear" → "full"): when the words next to the
        // following anchor make a typed change on their own, report them as
        // that change and the rest as an omission or addition.
        if category == Category::Substitution && old.len() != new.len() {
            let k = old.len().min(new.len());
            let (head_old, tail_old) = old.split_at(old.len() - k);
            let (head_new, tail_new) = new.split_at(new.len() - k);
            let tail = self.category(tail_old, tail_new, EditOp::Replace);
            if tail != Category::Substitution {
                self.chunk(head_old, head_new, out);
                out.push(Edit {
                    op: EditOp::Replace,
                    source: cover(tail_old),
                    target: cover(tail_new),
                    category: Some(tail),
                });
                return;
            }
        }
        out.push(Edit { op, source: cover(old), target: cover(new), category: Some(category) });
    }

    fn category(&self, old: &[Unit], new: &[Unit], op: EditOp) -> Category {
        // The words of each side (`words`) are walked again for each test
        // rather than collected: two allocations per labelled stretch.
        // Word-class labels describe short changes; in a long rewritten
        // stretch a stray "all" or "will" says nothing about the change.
        let size = old.len().max(new.len());
        let (short, medium) = (size <= SHORT_EDIT, size <= 2 * SHORT_EDIT);
        fn has<'w>(mut ws: impl Iterator<Item = &'w str>, list: &[&str]) -> bool {
            ws.any(|w| list.contains(&w))
        }
        let negated =
            |us: &[Unit]| has(words(us), NEGATION) || words(us).any(|w| w.ends_with("n't"));
        if medium && negated(old) != negated(new) {
            return Category::Negation;
        }
        let is_year = |w: &str| {
            w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.chars().all(|c| c.is_ascii_digit())
        };
        // "may" and "march" are months only when capitalised.
        let month = |u: &Unit| {
            MONTHS.contains(&u.spelt()) && (u.capital || !matches!(u.spelt(), "may" | "march"))
        };
        let dated = |us: &[Unit]| us.iter().any(month) || words(us).any(is_year);
        if short && (dated(old) || dated(new)) {
            return Category::Date;
        }
        let numeric = |us: &[Unit]| {
            has(words(us), NUMBER_WORDS) || words(us).any(|w| w.chars().any(|c| c.is_ascii_digit()))
        };
        if short && (numeric(old) || numeric(new)) {
            return Category::Number;
        }
        let stems = |us: &[Unit]| -> Vec<Key> { us.iter().map(|u| u.term.key).collect() };
        if self.framing.loaded(&stems(old), &stems(new)) {
            return Category::LoadedTerm;
        }
        if short && (has(words(old), MODALITY) || has(words(new), MODALITY)) {
            return Category::Modality;
        }
        if short && (has(words(old), INTENSITY) || has(words(new), INTENSITY)) {
            return Category::Intensity;
        }
        let attribution = |us: &[Unit]| {
            us.iter().all(|u| {
                u.term.alias
                    || u.capital
                    || crate::words::pronoun(u.folded).is_some()
                    || u.term.stop
                    || (self.reporting)(u.term.key)
            }) && us.iter().any(|u| (self.reporting)(u.term.key))
        };
        match op {
            EditOp::Insert if attribution(new) => Category::Attribution,
            EditOp::Delete if attribution(old) => Category::Attribution,
            EditOp::Insert => Category::Addition,
            EditOp::Delete => Category::Omission,
            _ => Category::Substitution,
        }
    }
}

/// A change before it is written out: source terms, target terms, and each
/// side as written when it has function words only.
type RawChange = (Vec<usize>, Vec<usize>, Vec<Span>, Vec<Span>);

/// Content-word changes between a source passage and the quoted
/// `tokens` of `target`: words the diff does not pair and that have no
/// counterpart with the same key elsewhere in the other passage (a
/// moved or re-inflected word is not a change).
pub(crate) fn changes(
    source: PassageRef<'_>,
    target: PassageRef<'_>,
    kept: &[usize],
    edits: &[Edit],
    lexicon: &Lexicon,
    norm: &Normalizer,
) -> Vec<Change> {
    let (sp, tp) = (source.prepared, target.prepared);
    // The key of the diff form of token `t` of a passage's document.
    let form = |p: &PassageRef<'_>, t: usize| {
        norm.diff_key(p.prepared.seg.tokens[t].span().text(&p.doc.text))
    };
    let s_terms: Vec<usize> =
        sp.terms_of(sp.tokens_in(source.span)).filter(|&t| !sp.terms[t].stop).collect();
    let t_terms: Vec<usize> = tp
        .terms_of(tp.tokens_in(target.span))
        .filter(|&t| !tp.terms[t].stop && kept.binary_search(&tp.terms[t].first()).is_ok())
        .collect();
    let word = |p: &Prepared, t: usize| {
        let term = &p.terms[t];
        Span::new(p.seg.tokens[term.first()].span().start, p.seg.tokens[term.last()].span().end)
    };
    let in_span =
        |p: &Prepared, t: usize, span: Option<Span>| span.is_some_and(|s| s.contains(word(p, t)));
    let mut s_used = vec![false; s_terms.len()];
    let mut t_used = vec![false; t_terms.len()];
    // 1. Words the diff pairs as equal.
    for e in edits.iter().filter(|e| e.op == EditOp::Equal) {
        for (i, &t) in s_terms.iter().enumerate() {
            if in_span(sp, t, e.source) {
                s_used[i] = true;
            }
        }
        for (i, &t) in t_terms.iter().enumerate() {
            if in_span(tp, t, e.target) {
                t_used[i] = true;
            }
        }
    }
    // 2. The same key elsewhere: moved or inflected.
    for (i, &tt) in t_terms.iter().enumerate() {
        if t_used[i] {
            continue;
        }
        let key = tp.terms[tt].key;
        if let Some(j) = (0..s_terms.len()).find(|&j| !s_used[j] && sp.terms[s_terms[j]].key == key)
        {
            s_used[j] = true;
            t_used[i] = true;
        }
    }
    //    A name or word repeated on one side ("Korean People’s Army
    //    (KPA)") is not an addition either.
    for (i, &tt) in t_terms.iter().enumerate() {
        if !t_used[i] && s_terms.iter().any(|&st| sp.terms[st].key == tp.terms[tt].key) {
            t_used[i] = true;
        }
    }
    for (j, &st) in s_terms.iter().enumerate() {
        if !s_used[j] && t_terms.iter().any(|&tt| tp.terms[tt].key == sp.terms[st].key) {
            s_used[j] = true;
        }
    }
    // 3. A word written the same in the other passage (inside a name
    //    phrase: "President" of "President Putin") only moved.
    let forms = |p: &PassageRef<'_>, keep: &dyn Fn(usize) -> bool| -> FxHashSet<Key> {
        p.prepared.tokens_in(p.span).filter(|&t| keep(t)).map(|t| form(p, t)).collect()
    };
    let s_forms = forms(&source, &|_| true);
    let t_forms = forms(&target, &|t| kept.binary_search(&t).is_ok());
    for (i, &t) in s_terms.iter().enumerate() {
        let term = &sp.terms[t];
        if term.len == 1 && t_forms.contains(&form(&source, term.first())) {
            s_used[i] = true;
        }
    }
    for (i, &t) in t_terms.iter().enumerate() {
        let term = &tp.terms[t];
        if term.len == 1 && s_forms.contains(&form(&target, term.first())) {
            t_used[i] = true;
        }
    }
    // 4. What is left, by diff step: (source terms, target terms, and
    //    the other side as written when it has function words only).
    let mut raw: Vec<RawChange> = Vec::new();
    for e in edits.iter().filter(|e| e.op != EditOp::Equal) {
        let mut src = Vec::new();
        let mut tgt = Vec::new();
        for (i, &t) in s_terms.iter().enumerate() {
            if !s_used[i] && in_span(sp, t, e.source) {
                s_used[i] = true;
                src.push(t);
            }
        }
        for (i, &t) in t_terms.iter().enumerate() {
            if !t_used[i] && in_span(tp, t, e.target) {
                t_used[i] = true;
                tgt.push(t);
            }
        }
        // A content word replaced by function words only ("the DPRK’s"
        // → "their", "May" → "June" where "may" is a function word) is
        // a substitution: the other side is shown as written.
        let written = |p: &Prepared, span: Option<Span>, keep: &dyn Fn(usize) -> bool| {
            let toks: Vec<usize> =
                span.map(|s| p.tokens_in(s).filter(|&t| keep(t)).collect()).unwrap_or_default();
            match (toks.first(), toks.last()) {
                (Some(&a), Some(&b)) => {
                    vec![Span::new(p.seg.tokens[a].span().start, p.seg.tokens[b].span().end)]
                }
                _ => Vec::new(),
            }
        };
        let content = |p: &Prepared, terms: &[usize], span: Option<Span>| {
            terms.iter().any(|&t| in_span(p, t, span))
        };
        let (mut src_w, mut tgt_w) = (Vec::new(), Vec::new());
        // (Not when that side's content words only moved elsewhere.)
        if e.op == EditOp::Replace && src.is_empty() != tgt.is_empty() {
            if src.is_empty() && !content(sp, &s_terms, e.source) {
                src_w = written(sp, e.source, &|_| true);
            } else if tgt.is_empty() && !content(tp, &t_terms, e.target) {
                tgt_w = written(tp, e.target, &|t| kept.binary_search(&t).is_ok());
            }
        }
        if !(src.is_empty() && tgt.is_empty()) {
            raw.push((src, tgt, src_w, tgt_w));
        }
    }
    // Anything the diff steps did not cover.
    let src: Vec<usize> =
        s_terms.iter().zip(&s_used).filter(|(_, u)| !**u).map(|(&t, _)| t).collect();
    let tgt: Vec<usize> =
        t_terms.iter().zip(&t_used).filter(|(_, u)| !**u).map(|(&t, _)| t).collect();
    for (s, t) in [(src, Vec::new()), (Vec::new(), tgt)] {
        if !(s.is_empty() && t.is_empty()) {
            raw.push((s, t, Vec::new(), Vec::new()));
        }
    }
    // 5. A dropped word and an added one that the lexicon relates
    //    (servicemen / soldiers) are a substitution, wherever the diff
    //    put them.
    let lone =
        |r: &RawChange| (r.0.is_empty() && r.2.is_empty()) || (r.1.is_empty() && r.3.is_empty());
    let mut pairs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (i, dropped) in raw.iter().enumerate().filter(|(_, r)| lone(r) && !r.0.is_empty()) {
        for (j, added) in raw.iter().enumerate().filter(|(_, r)| lone(r) && !r.1.is_empty()) {
            for &s in &dropped.0 {
                for &t in &added.1 {
                    if lexicon.related(sp.terms[s].key, tp.terms[t].key)
                        && !pairs.iter().any(|p| p.2 == s || p.3 == t)
                    {
                        pairs.push((i, j, s, t));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let src: Vec<Span> =
            r.0.iter()
                .filter(|s| !pairs.iter().any(|p| p.2 == **s))
                .map(|&t| word(sp, t))
                .chain(r.2)
                .collect();
        let tgt: Vec<Span> =
            r.1.iter()
                .filter(|t| !pairs.iter().any(|p| p.3 == **t))
                .map(|&t| word(tp, t))
                .chain(r.3)
                .collect();
        // The substitutions found in step 5, where their source word was.
        for p in pairs.iter().filter(|p| p.0 == i) {
            out.push(Change {
                category: Category::Substitution,
                source: vec![word(sp, p.2)],
                target: vec![word(tp, p.3)],
            });
        }
        let category = match (src.is_empty(), tgt.is_empty()) {
            (true, true) => continue,
            (false, false) => Category::Substitution,
            (false, true) => Category::Omission,
            (true, false) => Category::Addition,
        };
        out.push(Change { category, source: src, target: tgt });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::normalize::Aliases;

    fn typed(a: &str, b: &str) -> Vec<(String, String, Option<Category>)> {
        let norm = Normalizer::new(Aliases::parse("dprk = north korea = pyongyang"));
        let framing = Framing::parse(
            &norm,
            "crisis = situation = !war\nnationalist forces = !nazis\nactions = steps",
        );
        let (da, db) = (Document::new("a", a), Document::new("b", b));
        let (pa, _) = crate::prepare::prepare(0, &da, &norm);
        let (pb, _) = crate::prepare::prepare(1, &db, &norm);
        let (said, add) = (key_of(&norm.stem("said")), key_of("add"));
        let reporting = move |k: Key| k == said || k == add;
        let sa = PassageRef { doc: &da, prepared: &pa, span: Span::new(0, a.len()) };
        let sb = PassageRef { doc: &db, prepared: &pb, span: Span::new(0, b.len()) };
        edits(sa, sb, &framing, &reporting)
            .into_iter()
            .map(|e| {
                (
                    e.source.map(|s| a[s.range()].to_string()).unwrap_or_default(),
                    e.target.map(|s| b[s.range()].to_string()).unwrap_or_default(),
                    e.category,
                )
            })
            .collect()
    }

    proptest::proptest! {
        /// Members looked up by their first stem are the members found by
        /// trying every member at every position.
        #[test]
        fn framing_members_found_as_by_trying_every_member(
            stems in proptest::collection::vec(0u64..6, 0..12)
        ) {
            let norm = Normalizer::new(Aliases::default());
            let framing = Framing::parse(
                &norm,
                "alpha beta = !gamma = alpha\nbeta = beta beta gamma = !delta alpha\n\
                 gamma delta = epsilon\nzeta = !alpha beta gamma",
            );
            let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
            let keys: Vec<Key> = stems.iter().map(|&i| key_of(&norm.stem(words[i as usize]))).collect();
            let mut naive = Vec::new();
            for (g, group) in framing.groups.iter().enumerate() {
                for (m, member) in group.iter().enumerate() {
                    let n = member.stems.len();
                    if n <= keys.len() && keys.windows(n).any(|w| w == member.stems.as_slice()) {
                        naive.push((g, m));
                    }
                }
            }
            proptest::prop_assert_eq!(framing.found(&keys), naive);
        }
    }

    /// The search bounded by sentences finds the term that a search over
    /// every term of the document finds, at every byte offset: inside and
    /// between sentences, in a speaker label, a heading and a quotation
    /// across sentences, and past the end.
    #[test]
    fn the_first_term_at_an_offset_is_found_within_its_sentence() {
        let norm = Normalizer::new(Aliases::parse("dprk = north korea"));
        let texts = [
            "LAVROV: We discussed the situation. North Korea's people are ready.\n\n\
             QUESTION: What next?  ANSWER: “We will see. Nothing is decided,” he said.\n",
            "# Heading words\n\nOne sentence here...   and another one!\n\n- a list item\n",
            "",
            "   ",
            "Word",
        ];
        for (n, text) in texts.iter().enumerate() {
            let doc = Document::new("t", *text);
            let (p, _) = crate::prepare::prepare(n, &doc, &norm);
            let toks = &p.seg.tokens;
            for start in 0..=text.len() + 1 {
                let whole = p.terms.partition_point(|t| toks[t.first()].span().start < start);
                assert_eq!(first_term_from(&p, start), whole, "{text:?} at {start}");
            }
        }
    }

    fn cats(a: &str, b: &str) -> Vec<Category> {
        typed(a, b).into_iter().filter_map(|e| e.2).collect()
    }

    #[test]
    fn names_spelling_and_inflection_are_paired_inside_a_replacement() {
        let e = typed("They respect the DPRK programme", "They respect North Korea's program");
        assert!(
            e.contains(&("DPRK".into(), "North Korea's".into(), Some(Category::Name))),
            "{e:?}"
        );
        assert!(e.contains(&("programme".into(), "program".into(), Some(Category::Spelling))));
        assert_eq!(
            cats("to liberate the city", "liberating the city"),
            vec![Category::Omission, Category::Inflection]
        );
    }

    #[test]
    fn loaded_terms_need_a_charged_member() {
        assert_eq!(cats("the Ukraine crisis", "the Ukraine war"), vec![Category::LoadedTerm]);
        assert_eq!(cats("from nationalist forces", "from Nazis"), vec![Category::LoadedTerm]);
        // Both neutral members: a plain substitution.
        assert_eq!(cats("the crisis", "the situation"), vec![Category::Substitution]);
    }

    #[test]
    fn negation_number_date_modality_intensity() {
        assert_eq!(cats("we will accept it", "we will not accept it"), vec![Category::Negation]);
        assert_eq!(cats("about 300 troops", "about 600 troops"), vec![Category::Number]);
        assert_eq!(cats("in June 2024", "in July 2024"), vec![Category::Date]);
        assert_eq!(cats("it will happen", "it may happen"), vec![Category::Modality]);
        assert_eq!(cats("their clear support", "their full support"), vec![Category::Intensity]);
    }

    #[test]
    fn additions_omissions_attribution_and_substitution() {
        assert_eq!(cats("scientists", "scientists and engineers"), vec![Category::Addition]);
        assert_eq!(cats("the big red house", "the house"), vec![Category::Omission]);
        assert_eq!(cats("We agree", "We agree, he said"), vec![Category::Attribution]);
        assert_eq!(
            cats("respect their actions", "respect their aspirations"),
            vec![Category::Substitution]
        );
    }

    #[test]
    fn a_typed_change_next_to_its_anchor_is_split_from_a_long_replacement() {
        let e = typed("Our friends reaffirmed their clear support", "its full support");
        assert!(
            e.contains(&("their clear".into(), "its full".into(), Some(Category::Intensity))),
            "{e:?}"
        );
        assert!(e
            .iter()
            .any(|x| x.0.starts_with("Our friends") && x.2 == Some(Category::Omission)));
    }

    #[test]
    fn equal_runs_have_no_category_and_case_is_not_an_edit() {
        let e = typed("The Talks Resumed", "the talks resumed");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].2, None);
    }
}
