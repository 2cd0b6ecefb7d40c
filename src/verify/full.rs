//! Full quotations: each sentence of a quotation matched with the source
//! passage it renders (a verbatim occurrence, the sentence that continues
//! the previous one's source, or the best-covering passage), then diffed.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::{interviewer, is_clause_break, Cand, QTerm, Sourced, Sub, Verifier};
use crate::align;
use crate::diff::{self, PassageRef};
use crate::index::SentenceKeys;
use crate::model::{
    round_score, Change, Edit, Key, Passage, PieceCheck, Quotation, SentenceRef, Span, Verdict,
};

impl Verifier<'_, '_> {
    /// Splits a quotation into its sentences (per piece), dropping words in
    /// square brackets and cutting fragments at ellipses.
    fn subs(&self, doc: usize, q: &Quotation) -> Vec<(Sub, usize)> {
        let p = &self.ctx.prepared[doc];
        let text = &self.ctx.docs[doc].text;
        let mut out = Vec::new();
        let sentences = &p.seg.sentences;
        for piece in &q.pieces {
            let from = sentences.partition_point(|s| s.span.end <= piece.start);
            for (si, s) in sentences.iter().enumerate().skip(from) {
                if s.span.start >= piece.end {
                    break;
                }
                let part = Span::new(s.span.start.max(piece.start), s.span.end.min(piece.end));
                let range = p.tokens_in(part);
                if range.is_empty() {
                    continue;
                }
                // Bracketed insertions.
                let mut brackets = Vec::new();
                let mut open = None;
                for (i, c) in text[part.range()].char_indices() {
                    match c {
                        '[' => open = Some(part.start + i),
                        ']' => {
                            if let Some(o) = open.take() {
                                brackets.push(Span::new(o, part.start + i + 1));
                            }
                        }
                        _ => {}
                    }
                }
                let mut tokens = Vec::new();
                let mut frags = Vec::new();
                let mut frag_start = 0;
                let mut prev_end: Option<usize> = None;
                let mut cut = false;
                for t in range.clone() {
                    let ts = p.seg.tokens[t].span();
                    if brackets.iter().any(|b| b.start <= ts.start && ts.start < b.end) {
                        cut = true;
                        continue;
                    }
                    if let Some(pe) = prev_end {
                        let gap = &text[pe..ts.start];
                        if cut || gap.contains('…') || gap.contains("...") {
                            if tokens.len() > frag_start {
                                frags.push(frag_start..tokens.len());
                            }
                            frag_start = tokens.len();
                        }
                    }
                    cut = false;
                    tokens.push(t);
                    prev_end = Some(ts.end);
                }
                if tokens.len() > frag_start {
                    frags.push(frag_start..tokens.len());
                }
                if tokens.is_empty() {
                    continue;
                }
                let toks = &p.seg.tokens;
                let span =
                    Span::new(toks[range.start].span().start, toks[range.end - 1].span().end);
                let opens = text[span.range()].chars().next().is_some_and(char::is_uppercase);
                let next = toks.get(range.end).map_or(text.len(), |t| t.span().start);
                let closes = text[span.end..next]
                    .chars()
                    .any(|c| matches!(c, '.' | '?' | '!' | '…' | ',' | ';' | ':'));
                out.push((Sub { span, tokens, frags, opens, closes }, si));
            }
        }
        out
    }

    fn weight(&self, doc: usize, term: usize) -> f32 {
        self.ctx.weights.weight(&self.ctx.prepared[doc].terms[term])
    }

    /// Content terms of a sub with their weights.
    fn qterms(&self, doc: usize, sub: &Sub) -> Vec<QTerm> {
        let p = &self.ctx.prepared[doc];
        let Some((&first, &last)) = sub.tokens.first().zip(sub.tokens.last()) else {
            return Vec::new();
        };
        p.terms_of(first..last + 1)
            .filter(|&i| !p.terms[i].stop && sub.tokens.binary_search(&p.terms[i].first()).is_ok())
            .map(|i| QTerm { term: i, weight: self.weight(doc, i) })
            .filter(|q| q.weight > 0.0)
            .collect()
    }

    /// Candidate source sentences for a probe sentence of `doc`, in the
    /// given documents: (doc, sentence) pairs, sorted.
    pub(super) fn candidates(
        &self,
        probe: SentenceKeys,
        docs: &dyn Fn(usize) -> bool,
    ) -> Vec<(usize, usize)> {
        let probe = SentenceKeys { sentence: SentenceRef { doc: 0, sent: 0 }, ..probe };
        let mut out: Vec<(usize, usize)> = self
            .index
            .candidates(&probe, self.index_cfg)
            .into_iter()
            .map(|(r, _)| (r.doc as usize - 1, r.sent as usize))
            .filter(|&(d, _)| docs(d))
            .collect();
        out.sort_unstable();
        out
    }

    /// Probe keys for a sub: the host sentence's keys without the words of
    /// the host that lie outside the quotation.
    fn probe(&self, doc: usize, host: usize, sub: &Sub) -> SentenceKeys {
        let p = &self.ctx.prepared[doc];
        let r = SentenceRef { doc: doc as u32, sent: host as u32 };
        let mut keys = align::sentence_keys(self.ctx, r);
        let (a, b) = p.sentence_terms[host];
        let inside: FxHashSet<Key> = p.terms[a..b]
            .iter()
            .filter(|t| sub.tokens.binary_search(&t.first()).is_ok())
            .map(|t| t.key)
            .collect();
        let outside: FxHashSet<Key> = p.terms[a..b]
            .iter()
            .filter(|t| sub.tokens.binary_search(&t.first()).is_err())
            .map(|t| t.key)
            .filter(|k| !inside.contains(k))
            .collect();
        keys.keys.retain(|(k, _)| !outside.contains(k));
        // A quotation of one or two words is still looked for wherever its
        // words are: no candidate is held to a second shared term.
        keys.terms.clear();
        keys
    }

    /// The sentences around `center` (within `neighbours`) that a passage
    /// may span: alignable ones, and not the interviewer's when `named` (the
    /// quotation is given to a person by name, who is not the interviewer).
    fn around(&self, sdoc: usize, center: usize, named: bool) -> Range<usize> {
        let sp = &self.ctx.prepared[sdoc];
        let n = sp.seg.sentences.len();
        let ok = |s: usize| sp.alignable(s) && !(named && interviewer(sp, s));
        let mut lo = center;
        while lo > 0 && center - (lo - 1) <= self.cfg.neighbours && ok(lo - 1) {
            lo -= 1;
        }
        let mut hi = center + 1;
        while hi < n && hi - center <= self.cfg.neighbours && ok(hi) {
            hi += 1;
        }
        lo..hi
    }

    /// Scores the best passage within sentences `sents` of `sdoc` for a
    /// quoted sentence: greedy one-to-one matching of content terms (equal
    /// keys fully, lexicon relations at the aligner's synonym credit; ties
    /// go to the sentence nearest `center`), then the run of source terms
    /// with the best `matched − penalty × unmatched` weight (a maximum
    /// subarray, as the aligner grows passages, but at word grain).
    fn score(
        &self,
        doc: usize,
        q: &[QTerm],
        sdoc: usize,
        center: usize,
        sents: Range<usize>,
    ) -> Option<Cand> {
        let sp = &self.ctx.prepared[sdoc];
        // Source content terms in order: (term, weight, sentence).
        let mut st: Vec<(usize, f32, usize)> = Vec::new();
        for s in sents.clone() {
            let (a, b) = sp.sentence_terms[s];
            for t in a..b {
                let w = self.weight(sdoc, t);
                if w > 0.0 {
                    st.push((t, w, s));
                }
            }
        }
        if st.is_empty() || q.is_empty() {
            return None;
        }
        let qp = &self.ctx.prepared[doc];
        let credit = self.ctx.config.synonym_credit;
        let mut pairs: Vec<(usize, usize, f32)> = Vec::new();
        // Each term's concepts looked up once, not once per pair.
        let lexicon = self.ctx.lexicon;
        let concepts: Vec<&[u32]> =
            st.iter().map(|&(t, _, _)| lexicon.concepts(sp.terms[t].key)).collect();
        // A bit per concept (of 64, by a hash): lists whose signatures share
        // no bit share no concept, and most pairs are told apart so, without
        // merging the lists, which is the costly step.
        use crate::lexicon::signature;
        let signatures: Vec<u64> = concepts.iter().map(|cs| signature(cs)).collect();
        for (i, qt) in q.iter().enumerate() {
            let kq = qp.terms[qt.term].key;
            let cq = lexicon.concepts(kq);
            let sq = signature(cq);
            for (j, &(t, _, _)) in st.iter().enumerate() {
                let ks = sp.terms[t].key;
                let c = if kq == ks {
                    1.0
                } else if sq & signatures[j] != 0 && crate::lexicon::share(cq, concepts[j]) {
                    credit
                } else {
                    continue;
                };
                pairs.push((i, j, c));
            }
        }
        let dist = |j: usize| st[j].2.abs_diff(center);
        pairs.sort_by(|x, y| {
            (q[y.0].weight * y.2)
                .total_cmp(&(q[x.0].weight * x.2))
                .then(dist(x.1).cmp(&dist(y.1)))
                .then(x.0.cmp(&y.0))
                .then(x.1.cmp(&y.1))
        });
        // Per source term: matched source weight, matched quote weight.
        let mut ms = vec![0f32; st.len()];
        let mut mq = vec![0f32; st.len()];
        let used = (&mut Vec::new(), &mut Vec::new());
        align::greedy(pairs, (q.len(), st.len()), used, |i, j, c| {
            ms[j] = st[j].1 * c;
            mq[j] = q[i].weight * c;
        });
        let pen = self.ctx.config.unmatched_penalty;
        let values = (0..st.len()).map(|j| ms[j] - pen * (st[j].1 - ms[j]).max(0.0));
        let (first, last) = align::max_run(values)?;
        let run = first..last + 1;
        let total_q: f32 = q.iter().map(|t| t.weight).sum();
        let matched_q: f32 = mq[run.clone()].iter().sum();
        let total_s: f32 = st[run.clone()].iter().map(|t| t.1).sum();
        let matched_s: f32 = ms[run.clone()].iter().sum();
        let matched = ms[run.clone()].iter().filter(|m| **m > 0.0).count();
        let coverage = matched_q / total_q.max(f32::EPSILON);
        let score = (matched_q + matched_s) / (total_q + total_s).max(f32::EPSILON);
        let first_tok = sp.terms[st[run.start].0].first();
        let window = (first_tok, sp.terms[st[run.end - 1].0].last());
        Some(Cand { doc: sdoc, center, sents, window, matched, coverage, score })
    }

    /// Finds the quoted words contiguously (fragment by fragment, in order)
    /// in sentences `sents` of `sdoc`: the verbatim passage's first and last
    /// token.
    pub(super) fn verbatim_in(
        &self,
        doc: usize,
        sub: &Sub,
        sdoc: usize,
        sents: Range<usize>,
    ) -> Option<(usize, usize)> {
        let sp = &self.ctx.prepared[sdoc];
        let lo = sp.seg.sentences[sents.start].tokens.0;
        let hi = sp.seg.sentences[sents.end - 1].tokens.1;
        let src = self.forms(sdoc, lo..hi);
        let qf = |t: usize| self.form(doc, t);
        let mut at = 0usize;
        let mut first = None;
        let mut last = 0usize;
        for frag in &sub.frags {
            let words: Vec<Key> = sub.tokens[frag.clone()].iter().map(|&t| qf(t)).collect();
            let found = (at..(src.len() + 1).saturating_sub(words.len()))
                .find(|&k| words.iter().enumerate().all(|(o, w)| src[k + o] == *w))?;
            first.get_or_insert(lo + found);
            last = lo + found + words.len() - 1;
            at = found + words.len();
        }
        first.map(|f| (f, last))
    }

    /// The diff forms of tokens `range` of document `doc`: held once
    /// computed for a primary, computed now for another document.
    fn forms(&self, doc: usize, range: Range<usize>) -> std::borrow::Cow<'_, [Key]> {
        if !self.primary[doc] {
            return range.map(|t| self.form(doc, t)).collect();
        }
        let all = self.primary_forms[doc].get_or_init(|| {
            (0..self.ctx.prepared[doc].seg.tokens.len()).map(|t| self.form(doc, t)).collect()
        });
        std::borrow::Cow::Borrowed(&all[range])
    }

    /// The key of the diff form of token `t` of document `doc`.
    fn form(&self, doc: usize, t: usize) -> Key {
        self.norm
            .diff_key(self.ctx.prepared[doc].seg.tokens[t].span().text(&self.ctx.docs[doc].text))
    }

    /// Index of the sentence of `sdoc` holding token `tok`.
    fn sentence_of(&self, sdoc: usize, tok: usize) -> usize {
        self.ctx.prepared[sdoc].seg.sentences.partition_point(|s| s.tokens.1 <= tok)
    }

    /// The source of one quoted sentence: in the first tier that has one, a
    /// verbatim occurrence; else the sentence that continues the source of
    /// the quotation's previous sentence, when it has enough evidence; else
    /// the best-scoring passage, when it explains enough of the sentence.
    fn find(
        &self,
        doc: usize,
        who: &[Key],
        sub: &Sub,
        host: usize,
        prev: Option<(usize, usize)>,
    ) -> Option<Sourced> {
        // `prev`: the document and last token of the previous sentence's
        // source.
        let qt = self.qterms(doc, sub);
        let named = !who.is_empty();
        for tier in self.tiers(doc) {
            // Evaluated for the candidates only: a mask over every document
            // per quotation would make checking quadratic in the corpus.
            let docs = |d: usize| self.in_tier(tier, d) && self.may_hold(who, d);
            let sents = self.candidates(self.probe(doc, host, sub), &docs);
            let mut cands: Vec<Cand> = sents
                .iter()
                .filter(|&&(d, s)| !(named && interviewer(&self.ctx.prepared[d], s)))
                .filter_map(|&(d, s)| self.score(doc, &qt, d, s, self.around(d, s, named)))
                .collect();
            cands.sort_by(|x, y| {
                y.score.total_cmp(&x.score).then(x.doc.cmp(&y.doc)).then(x.window.cmp(&y.window))
            });
            cands.dedup_by(|x, y| x.doc == y.doc && x.window == y.window);
            // A verbatim occurrence in any candidate of the tier wins.
            let verbatim = cands.iter().find_map(|c| {
                self.verbatim_in(doc, sub, c.doc, c.sents.clone()).map(|w| (c.clone(), w))
            });
            if let Some((cand, window)) = verbatim {
                return Some(Sourced { cand, window, verbatim: true });
            }
            let passing = || cands.iter().filter(|c| c.coverage >= self.cfg.min_coverage);
            if let Some((d, end)) = prev.filter(|&(d, _)| docs(d)) {
                // The rest of the previous source's sentence ("A, and B."
                // quoted as "A. B."), or the sentences right after it.
                let k = self.sentence_of(d, end);
                let next = passing()
                    .find(|c| {
                        c.doc == d && c.window.0 > end && self.sentence_of(d, c.window.0) == k
                    })
                    .cloned()
                    .or_else(|| {
                        self.continuation(doc, &qt, named, d, k + 1..k + 3, k + 1..usize::MAX)
                    });
                if let Some(next) = next {
                    let window = self.extend(doc, sub, &qt, &next);
                    return Some(Sourced { cand: next, window, verbatim: false });
                }
            }
            if let Some(c) = passing().next() {
                let window = self.extend(doc, sub, &qt, c);
                return Some(Sourced { cand: c.clone(), window, verbatim: false });
            }
        }
        None
    }

    /// The best passage starting in one of the sentences `starts` of `sdoc`
    /// (a quotation's sentence that continues, or precedes, the source of
    /// its neighbour), when it has the evidence such a sentence needs: at
    /// least `min_matched` content words and `min_coverage_next` of the
    /// weight.
    fn continuation(
        &self,
        doc: usize,
        qt: &[QTerm],
        named: bool,
        sdoc: usize,
        starts: Range<usize>,
        limit: Range<usize>,
    ) -> Option<Cand> {
        let sp = &self.ctx.prepared[sdoc];
        let n = sp.seg.sentences.len();
        starts
            .filter(|&s| s < n && sp.alignable(s) && !(named && interviewer(sp, s)))
            .filter_map(|s| {
                let end = (s + 1 + self.cfg.neighbours).min(limit.end).min(n);
                let run = (s..end)
                    .take_while(|&x| sp.alignable(x) && !(named && interviewer(sp, x)))
                    .count();
                self.score(doc, qt, sdoc, s, s..s + run)
            })
            .filter(|c| {
                c.matched >= self.ctx.config.min_matched && c.coverage >= self.cfg.min_coverage_next
            })
            .max_by(|x, y| x.score.total_cmp(&y.score).then(y.center.cmp(&x.center)))
    }

    pub(super) fn check_full(&self, doc: usize, qi: usize, q: &Quotation) -> Vec<PieceCheck> {
        let who = &self.quoted[doc][qi];
        let subs = self.subs(doc, q);
        let mut found: Vec<Option<Sourced>> = Vec::with_capacity(subs.len());
        for (i, (sub, host)) in subs.iter().enumerate() {
            let prev =
                i.checked_sub(1).and_then(|j| found[j].as_ref()).map(|f| (f.cand.doc, f.window.1));
            found.push(self.find(doc, who, sub, *host, prev));
        }
        // A sentence left without a source may precede (or follow) the
        // source of its matched neighbour.
        loop {
            let mut changed = false;
            for i in 0..subs.len() {
                if found[i].is_some() {
                    continue;
                }
                let qt = self.qterms(doc, &subs[i].0);
                let before = i.checked_sub(1).and_then(|j| found[j].as_ref()).map(|f| {
                    let k = self.sentence_of(f.cand.doc, f.window.1);
                    (f.cand.doc, k + 1..k + 3, k + 1..usize::MAX)
                });
                let after = found.get(i + 1).and_then(Option::as_ref).map(|f| {
                    let k = self.sentence_of(f.cand.doc, f.window.0);
                    (f.cand.doc, k.saturating_sub(2)..k, 0..k)
                });
                let next = [before, after].into_iter().flatten().find_map(|(d, r, limit)| {
                    if !self.may_hold(who, d) {
                        return None;
                    }
                    self.continuation(doc, &qt, !who.is_empty(), d, r, limit)
                });
                if let Some(c) = next {
                    let window = self.extend(doc, &subs[i].0, &qt, &c);
                    found[i] = Some(Sourced { cand: c, window, verbatim: false });
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        subs.iter()
            .zip(found)
            .map(|((sub, _), f)| match f {
                None => PieceCheck::unsourced(sub.span),
                Some(f) => {
                    let toks = &self.ctx.prepared[f.cand.doc].seg.tokens;
                    let span =
                        Span::new(toks[f.window.0].span().start, toks[f.window.1].span().end);
                    let source = Passage { doc: f.cand.doc, span };
                    let score = if f.verbatim { 1.0 } else { f.cand.coverage as f64 };
                    self.piece(doc, sub, source, f.verbatim, score)
                }
            })
            .collect()
    }

    /// Widens a candidate's passage at each edge. Where the quoted sentence
    /// starts (ends) a sentence, to the start (end) of the source clause:
    /// the quotation renders the whole clause. Elsewhere over as many words
    /// as the quotation has before its first (after its last) matched word:
    /// a substituted first or last word belongs to the passage.
    fn extend(&self, doc: usize, sub: &Sub, qt: &[QTerm], c: &Cand) -> (usize, usize) {
        let sp = &self.ctx.prepared[c.doc];
        let qp = &self.ctx.prepared[doc];
        let window_keys: Vec<Key> = sp
            .terms_of(c.window.0..c.window.1 + 1)
            .filter(|&t| !sp.terms[t].stop)
            .map(|t| sp.terms[t].key)
            .collect();
        let matched = |tok: usize| -> bool {
            qt.iter().any(|q| {
                let term = &qp.terms[q.term];
                term.tokens().contains(&tok)
                    && window_keys
                        .iter()
                        .any(|&k| k == term.key || self.ctx.lexicon.related(k, term.key))
            })
        };
        let lead = sub.tokens.iter().take_while(|&&t| !matched(t)).count();
        if lead == sub.tokens.len() {
            return c.window;
        }
        let trail = sub.tokens.iter().rev().take_while(|&&t| !matched(t)).count();
        let lead = if sub.opens { usize::MAX } else { lead };
        let trail = if sub.closes { usize::MAX } else { trail };
        let text = &self.ctx.docs[c.doc].text;
        let toks = &sp.seg.tokens;
        let first_tok = sp.seg.sentences[self.sentence_of(c.doc, c.window.0)].tokens.0;
        let end_tok = sp.seg.sentences[self.sentence_of(c.doc, c.window.1)].tokens.1;
        let breaks = |a: usize, b: usize| {
            text[toks[a].span().end..toks[b].span().start].chars().any(is_clause_break)
        };
        let (mut lo, mut hi) = c.window;
        let mut n = 0;
        while n < lead && lo > first_tok && !breaks(lo - 1, lo) {
            lo -= 1;
            n += 1;
        }
        let mut n = 0;
        while n < trail && hi + 1 < end_tok && !breaks(hi, hi + 1) {
            hi += 1;
            n += 1;
        }
        (lo, hi)
    }

    /// Builds the check of a matched piece: diff, content-word changes,
    /// verdict.
    fn piece(
        &self,
        doc: usize,
        sub: &Sub,
        source: Passage,
        verbatim: bool,
        score: f64,
    ) -> PieceCheck {
        let target = Passage { doc, span: sub.span };
        let edits = (self.diff)(source, target);
        let changes = self.changes(source, target, &sub.tokens, &edits);
        let verdict = if verbatim {
            Verdict::Verbatim
        } else if changes.is_empty() {
            Verdict::Close
        } else {
            Verdict::Altered
        };
        let score = if verbatim { 1.0 } else { score };
        PieceCheck {
            target: sub.span,
            verdict,
            source: Some(source),
            score: round_score(score),
            edits,
            changes,
        }
    }

    /// The content-word changes between a source passage and the quoted
    /// tokens `kept` of a target passage ([`diff::changes`]).
    pub(super) fn changes(
        &self,
        source: Passage,
        target: Passage,
        kept: &[usize],
        edits: &[Edit],
    ) -> Vec<Change> {
        let at = |p: Passage| PassageRef {
            doc: &self.ctx.docs[p.doc],
            prepared: &self.ctx.prepared[p.doc],
            span: p.span,
        };
        diff::changes(at(source), at(target), kept, edits, self.ctx.lexicon, self.norm)
    }
}
