//! The mark scanner: pairs quotation marks paragraph by paragraph (nesting,
//! continuation across paragraphs, recovery with warnings), then builds
//! quotations from the pairs.

use super::noun_phrases::Class;
use super::text::{is_space, next_nonblank, Exclusion, Para};
use super::{LOOKAHEAD_CAP, MATCH_DEPTH};
use crate::model::{Attribution, DocIdx, QuoteKind, Span, Warning};

// ---------------------------------------------------------------------------
// Character classes of marks
// ---------------------------------------------------------------------------

fn is_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '‘' | '’' | '«' | '»' | '„')
}

/// Characters after which a mark stands in an opening position.
fn opening_ctx(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            is_space(c)
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '<'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | ':'
                        | ','
                        | '“'
                        | '‘'
                        | '«'
                        | '„'
                        | '"'
                )
        }
    }
}

/// Characters before which a mark stands in a closing position.
fn closing_ctx(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            is_space(c)
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '…'
                        | '”'
                        | '’'
                        | '»'
                        | '"'
                        | '\''
                )
        }
    }
}

// ---------------------------------------------------------------------------
// Mark scanning
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Double,
    Single,
    Angle,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Open {
    family: Family,
    mark: char,
    pos: usize,
    raw: usize,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct RawPiece {
    /// Byte of the opening mark.
    pub(super) open: usize,
    pub(super) inner_start: usize,
    pub(super) inner_end: usize,
    /// End of the closing mark (or the paragraph end when unclosed).
    pub(super) close_end: usize,
    pub(super) para: usize,
}

#[derive(Clone, Debug)]
pub(super) struct Raw {
    family: Family,
    parent: Option<usize>,
    pieces: Vec<RawPiece>,
    closed: bool,
}

pub(super) struct Scanner<'a> {
    pub(super) doc: DocIdx,
    pub(super) text: &'a str,
    pub(super) stack: Vec<Open>,
    pub(super) raws: Vec<Raw>,
    pub(super) warnings: Vec<Warning>,
}

/// Per-paragraph positions for the plural-possessive test of `’`.
#[derive(Default)]
struct SingleHints {
    /// `’` in a closing position.
    closers: Vec<usize>,
    /// Any double mark.
    doubles: Vec<usize>,
}

impl SingleHints {
    fn compute(text: &str, p: Para, out: &mut SingleHints) {
        out.closers.clear();
        out.doubles.clear();
        let s = &text[p.start..p.end];
        if !s.contains('‘') {
            return;
        }
        let mut prev: Option<char> = None;
        let mut it = s.char_indices().peekable();
        while let Some((off, c)) = it.next() {
            let next = it.peek().map(|&(_, d)| d);
            match c {
                '’' => {
                    let apostrophe = prev.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    if !apostrophe && prev.is_some_and(|d| !is_space(d)) && closing_ctx(next) {
                        out.closers.push(p.start + off);
                    }
                }
                '“' | '”' | '"' | '„' | '«' | '»' => out.doubles.push(p.start + off),
                _ => {}
            }
            prev = Some(c);
        }
    }

    /// Whether another closing `’` follows `pos` before the next double mark.
    fn later_closer(&self, pos: usize) -> bool {
        let a = self.closers.partition_point(|&x| x <= pos);
        let Some(&c) = self.closers.get(a) else {
            return false;
        };
        let b = self.doubles.partition_point(|&x| x <= pos);
        self.doubles.get(b).is_none_or(|&d| c < d)
    }
}

impl Scanner<'_> {
    fn warn(&mut self, offset: usize, message: String) {
        self.warnings.push(Warning { doc: self.doc, offset, message });
    }

    fn open(&mut self, family: Family, mark: char, pos: usize, para: usize) {
        let parent = self.stack.last().map(|o| o.raw);
        let raw = self.raws.len();
        let after = pos + mark.len_utf8();
        self.raws.push(Raw {
            family,
            parent,
            pieces: vec![RawPiece {
                open: pos,
                inner_start: after,
                inner_end: after,
                close_end: after,
                para,
            }],
            closed: false,
        });
        self.stack.push(Open { family, mark, pos, raw });
    }

    /// Index (in the stack) of the nearest open quotation accepted by `pred`.
    fn find(&self, pred: impl Fn(&Open) -> bool) -> Option<usize> {
        self.stack.iter().enumerate().rev().take(MATCH_DEPTH).find(|(_, o)| pred(o)).map(|(i, _)| i)
    }

    fn end_piece(&mut self, raw: usize, inner_end: usize, close_end: usize) {
        if let Some(p) = self.raws[raw].pieces.last_mut() {
            p.inner_end = inner_end.max(p.inner_start);
            p.close_end = close_end.max(p.inner_end);
        }
    }

    /// Closes stack entry `k` with the mark at `pos`; entries above it were
    /// never closed.
    fn close(&mut self, k: usize, pos: usize, mark: char) {
        while self.stack.len() > k + 1 {
            let o = self.stack.pop().expect("stack longer than k + 1");
            self.end_piece(o.raw, pos, pos);
            self.warn(
                o.pos,
                format!(
                    "unclosed {} opened at byte {}: ended where the enclosing quotation closes (byte {})",
                    o.mark, o.pos, pos
                ),
            );
        }
        if let Some(o) = self.stack.pop() {
            self.end_piece(o.raw, pos, pos + mark.len_utf8());
            self.raws[o.raw].closed = true;
        }
    }

    fn stray(&mut self, pos: usize, mark: char, why: &str) {
        self.warn(pos, format!("stray {mark} at byte {pos} ignored: {why}"));
    }

    pub(super) fn scan(&mut self, paras: &[Para]) {
        let next = next_nonblank(paras);
        let mut hints = SingleHints::default();
        // A quotation continuing into paragraph `.0` at mark `.2` (byte `.1`).
        let mut carry: Option<(usize, usize, char, Open)> = None;
        for (pi, &p) in paras.iter().enumerate() {
            if p.blank || p.excluded {
                continue;
            }
            let mut skip = None;
            if let Some((q, pos, ch, o)) = carry {
                if q == pi {
                    carry = None;
                    let after = pos + ch.len_utf8();
                    self.raws[o.raw].pieces.push(RawPiece {
                        open: pos,
                        inner_start: after,
                        inner_end: after,
                        close_end: after,
                        para: pi,
                    });
                    self.stack.push(Open { pos, mark: ch, ..o });
                    skip = Some(pos);
                }
            }
            SingleHints::compute(self.text, p, &mut hints);
            let text = self.text;
            let s = &text[p.start..p.end];
            let mut prev: Option<char> = None;
            let mut it = s.char_indices().peekable();
            while let Some((off, c)) = it.next() {
                let nxt = it.peek().map(|&(_, d)| d);
                let pos = p.start + off;
                if is_mark(c) && skip != Some(pos) {
                    self.mark(c, pos, prev, nxt, pi, &hints);
                }
                prev = Some(c);
            }
            if self.stack.is_empty() {
                continue;
            }
            let family = self.stack[0].family;
            let reopen = next[pi]
                .filter(|&q| !paras[q].excluded)
                .and_then(|q| {
                    let qp = paras[q];
                    text[qp.start..qp.end]
                        .char_indices()
                        .find(|&(_, c)| !is_space(c))
                        .map(|(off, c)| (q, qp.start + off, c))
                })
                .filter(|&(_, _, c)| reopens(family, self.stack[0].mark, c));
            let keep = usize::from(reopen.is_some());
            while self.stack.len() > keep {
                let o = self.stack.pop().expect("non-empty stack");
                self.end_piece(o.raw, p.end, p.end);
                self.warn(
                    o.pos,
                    format!(
                        "unclosed {} opened at byte {}: closed at the end of its paragraph (byte {})",
                        o.mark, o.pos, p.end
                    ),
                );
            }
            if let Some((q, pos, c)) = reopen {
                let o = self.stack.pop().expect("continuing quotation");
                self.end_piece(o.raw, p.end, p.end);
                carry = Some((q, pos, c, o));
            }
        }
    }

    fn mark(
        &mut self,
        c: char,
        pos: usize,
        prev: Option<char>,
        next: Option<char>,
        pi: usize,
        hints: &SingleHints,
    ) {
        let next_solid = next.is_some_and(|d| !is_space(d));
        let prev_solid = prev.is_some_and(|d| !is_space(d));
        match c {
            '“' => {
                if let Some(k) = self.find(|o| o.family == Family::Double) {
                    if self.stack[k].mark == '„' {
                        self.close(k, pos, c);
                        return;
                    }
                }
                self.open(Family::Double, c, pos, pi);
            }
            '„' => self.open(Family::Double, c, pos, pi),
            '”' => {
                if let Some(k) = self.find(|o| o.family == Family::Double) {
                    self.close(k, pos, c);
                } else if opening_ctx(prev) && next_solid {
                    self.warn(
                        pos,
                        format!("” at byte {pos} used as an opening mark (no quotation was open)"),
                    );
                    self.open(Family::Double, c, pos, pi);
                } else {
                    self.stray(pos, c, "no quotation is open");
                }
            }
            '"' => {
                let o = opening_ctx(prev) && next_solid;
                let cl = prev_solid && closing_ctx(next);
                let open_double = self.find(|x| x.family == Family::Double);
                match (o, cl, open_double) {
                    (true, false, _) | (true, true, None) => self.open(Family::Double, c, pos, pi),
                    (_, true, Some(k)) => self.close(k, pos, c),
                    (false, true, None) => self.stray(pos, c, "closing \" with no quotation open"),
                    (false, false, Some(k)) if k + 1 == self.stack.len() => self.close(k, pos, c),
                    (false, false, _) => {
                        self.stray(pos, c, "cannot tell whether this \" opens or closes")
                    }
                }
            }
            // `‘90s` and a `‘` inside a word are elisions/apostrophes
            '‘' if opening_ctx(prev) && next.is_some_and(|d| !is_space(d) && !d.is_numeric()) => {
                self.open(Family::Single, c, pos, pi);
            }
            '’' => {
                if prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)
                {
                    return; // apostrophe: People’s, I’m
                }
                let top_single = self.stack.last().is_some_and(|o| o.family == Family::Single);
                if !top_single || !prev_solid || !closing_ctx(next) {
                    return; // apostrophe: countries’ , ’90s
                }
                let plural_possessive = matches!(prev, Some('s' | 'S'))
                    && next.is_some_and(is_space)
                    && hints.later_closer(pos);
                if !plural_possessive {
                    let k = self.stack.len() - 1;
                    self.close(k, pos, c);
                }
            }
            '«' => {
                if let Some(k) = self.find(|o| o.family == Family::Angle && o.mark == '»') {
                    self.close(k, pos, c);
                } else {
                    self.open(Family::Angle, c, pos, pi);
                }
            }
            '»' => {
                if let Some(k) = self.find(|o| o.family == Family::Angle && o.mark == '«') {
                    self.close(k, pos, c);
                } else if opening_ctx(prev) && next_solid {
                    self.open(Family::Angle, c, pos, pi);
                } else {
                    self.stray(pos, c, "no « is open");
                }
            }
            _ => {}
        }
    }
}

/// Whether `c` at the start of a paragraph continues an open quotation of
/// `family` (opened with `mark`).
fn reopens(family: Family, mark: char, c: char) -> bool {
    match family {
        Family::Double => matches!(c, '“' | '"' | '„') || (mark == '”' && c == '”'),
        Family::Single => c == '‘',
        Family::Angle => c == mark,
    }
}

// ---------------------------------------------------------------------------
// Quotations from raw pairs
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub(super) struct Q {
    pub(super) pieces: Vec<Span>,
    pub(super) raw: Vec<RawPiece>,
    pub(super) outer: Span,
    pub(super) parent: Option<usize>,
    pub(super) depth: u8,
    pub(super) kind: QuoteKind,
    pub(super) attribution: Attribution,
    pub(super) speaker_class: Option<Class>,
}

fn trim_piece(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let a = match s.char_indices().find(|&(_, c)| !is_space(c)) {
        Some((off, _)) => start + off,
        None => return Span::new(end, end),
    };
    let mut b = end;
    let mut steps = 0;
    while b > a && steps < LOOKAHEAD_CAP {
        let Some(c) = text[a..b].chars().next_back() else {
            break;
        };
        if is_space(c) || matches!(c, ',' | ';' | ':' | '—' | '–') {
            b -= c.len_utf8();
            steps += 1;
        } else {
            break;
        }
    }
    Span::new(a, b)
}

pub(super) fn build_quotes(text: &str, raws: Vec<Raw>, exclusion: &Exclusion) -> Vec<Q> {
    let mut kept: Vec<Option<usize>> = vec![None; raws.len()];
    let mut ancestor: Vec<Option<usize>> = vec![None; raws.len()];
    let mut qs: Vec<Q> = Vec::new();
    for (ri, r) in raws.into_iter().enumerate() {
        let parent = r.parent.and_then(|p| kept[p].or(ancestor[p]));
        ancestor[ri] = parent;
        if r.family == Family::Single && !r.closed {
            continue; // single quotes count only when they pair
        }
        let mut pieces = Vec::new();
        let mut raw_pieces = Vec::new();
        for rp in &r.pieces {
            let span = trim_piece(text, rp.inner_start, rp.inner_end);
            if !span.is_empty() {
                pieces.push(span);
                raw_pieces.push(*rp);
            }
        }
        if pieces.is_empty() {
            continue;
        }
        let outer = Span::new(
            r.pieces[0].open,
            r.pieces.last().map_or(r.pieces[0].close_end, |p| p.close_end),
        );
        if exclusion.is_excluded(outer) {
            continue;
        }
        let depth = parent.map_or(0, |p: usize| qs[p].depth.saturating_add(1));
        kept[ri] = Some(qs.len());
        qs.push(Q {
            pieces,
            raw: raw_pieces,
            outer,
            parent,
            depth,
            kind: QuoteKind::Full,
            attribution: Attribution::default(),
            speaker_class: None,
        });
    }
    qs
}
