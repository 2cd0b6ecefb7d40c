//! Scare quotes: a few quoted words inside the writer's paraphrase, checked
//! word for word in the source passage that the sentence around them
//! paraphrases.

use super::{Sub, Verifier};
use crate::align;
use crate::model::{
    round_score, Category, Change, Edit, Key, Passage, PieceCheck, Prepared, Quotation,
    SentenceRef, Span, Verdict,
};

/// Tokens on each side of a scare quote whose words the source passage must
/// share (see the module docs).
pub(super) const SCARE_CONTEXT: usize = 4;

impl Verifier<'_, '_> {
    /// Checks a scare quote word for word in the passages its sentence
    /// paraphrases.
    pub(super) fn check_scare(&self, doc: usize, q: &Quotation) -> PieceCheck {
        let p = &self.ctx.prepared[doc];
        let at = Span::new(q.span.start, q.span.start);
        let host = p.seg.sentences.partition_point(|s| s.span.end <= at.start);
        if p.seg.sentences.get(host).is_none_or(|s| !s.span.contains(at)) {
            return PieceCheck::unsourced(q.span);
        }
        let tokens: Vec<usize> = p.tokens_in(q.span).collect();
        if !p.alignable(host) || tokens.is_empty() {
            return PieceCheck::unsourced(q.span);
        }
        let sub = Sub {
            span: q.span,
            frags: std::iter::once(0..tokens.len()).collect(),
            tokens,
            opens: false,
            closes: false,
        };
        // The quoted words' terms, function words included.
        let words: Vec<usize> =
            p.terms_of(sub.tokens[0]..sub.tokens[sub.tokens.len() - 1] + 1).collect();
        // The phrase around the quotation: its words and `SCARE_CONTEXT`
        // tokens on each side, within the sentence.
        let (s0, s1) = p.seg.sentences[host].tokens;
        let lo = sub.tokens[0].saturating_sub(SCARE_CONTEXT).max(s0);
        let hi = (sub.tokens[sub.tokens.len() - 1] + 1 + SCARE_CONTEXT).min(s1);
        let local: Vec<Key> =
            p.terms_of(lo..hi).filter(|&t| !p.terms[t].stop).map(|t| p.terms[t].key).collect();
        let hr = SentenceRef { doc: doc as u32, sent: host as u32 };
        for tier in self.tiers(doc) {
            let sents =
                self.candidates(align::sentence_keys(self.ctx, hr), &|d| self.in_tier(tier, d));
            // (verdict, quoted words found, score, passage)
            let mut best: Option<(Verdict, usize, f64, Passage, align::PairMatch)> = None;
            for &(sd, ss) in &sents {
                let r = SentenceRef { doc: sd as u32, sent: ss as u32 };
                let Some(pm) = align::align_pair(self.ctx, r, hr) else {
                    continue;
                };
                let sp = &self.ctx.prepared[sd];
                let (a, b) = sp.sentence_terms[ss];
                let near = |k: Key, t: &crate::model::Term| {
                    t.key == k || (!t.stop && self.ctx.lexicon.related(t.key, k))
                };
                let evidence = sp.terms[a..b].iter().any(|t| local.iter().any(|&k| near(k, t)));
                if pm.score < self.cfg.min_scare_score || !evidence {
                    continue;
                }
                let found = words
                    .iter()
                    .filter(|&&w| sp.terms[a..b].iter().any(|t| near(p.terms[w].key, t)))
                    .count();
                let token_span = |x: usize, y: usize| {
                    Span::new(sp.seg.tokens[x].span().start, sp.seg.tokens[y].span().end)
                };
                let (verdict, span) = if let Some(w) = self.verbatim_in(doc, &sub, sd, ss..ss + 1) {
                    (Verdict::Verbatim, token_span(w.0, w.1))
                } else {
                    // Every quoted word's stem (or alias) in the sentence.
                    let same: Option<Vec<usize>> = words
                        .iter()
                        .map(|&w| (a..b).find(|&u| sp.terms[u].key == p.terms[w].key))
                        .collect();
                    match same {
                        Some(f) if !f.is_empty() => {
                            let x = f.iter().map(|&u| sp.terms[u].first()).min().unwrap_or(0);
                            let y = f.iter().map(|&u| sp.terms[u].last()).max().unwrap_or(0);
                            (Verdict::Close, token_span(x, y))
                        }
                        _ => (Verdict::Altered, sp.seg.sentences[ss].span),
                    }
                };
                // The best verdict, then more of the quoted words, then the
                // higher score.
                let better = best.as_ref().is_none_or(|b| {
                    verdict.cmp(&b.0).then(b.1.cmp(&found)).then(b.2.total_cmp(&pm.score)).is_lt()
                });
                if better {
                    best = Some((verdict, found, pm.score, Passage { doc: sd, span }, pm));
                }
            }
            let Some((verdict, _, score, source, pm)) = best else {
                continue;
            };
            let target = Passage { doc, span: q.span };
            let (edits, changes) = if verdict == Verdict::Altered {
                self.altered(p, &sub, &words, source, target, &pm)
            } else {
                ((self.diff)(source, target), Vec::new())
            };
            return PieceCheck {
                target: q.span,
                verdict,
                source: Some(source),
                score: round_score(score),
                edits,
                changes,
            };
        }
        PieceCheck::unsourced(q.span)
    }

    /// The diff and changes of an altered scare quote: the steps of the
    /// diff between the source passage and the host sentence's passage
    /// (`pm`) that hold the quoted words, their target side narrowed to the
    /// quoted words, and what the quoted words lost or gained.
    fn altered(
        &self,
        p: &Prepared,
        sub: &Sub,
        words: &[usize],
        source: Passage,
        target: Passage,
        pm: &align::PairMatch,
    ) -> (Vec<Edit>, Vec<Change>) {
        let doc = target.doc;
        let host_span = pm.b_span.cover(target.span);
        let toks = &p.seg.tokens;
        let (first, last) = (sub.tokens[0], sub.tokens[sub.tokens.len() - 1]);
        let edits: Vec<Edit> = (self.diff)(source, Passage { doc, span: host_span })
            .into_iter()
            .filter_map(|mut e| {
                let r = p.tokens_in(e.target?);
                let (a, b) = (r.start.max(first), r.end.min(last + 1));
                (a < b).then(|| {
                    e.target = Some(Span::new(toks[a].span().start, toks[b - 1].span().end));
                    e
                })
            })
            .collect();
        let cover = edits.iter().filter_map(|e| e.source).reduce(|x, y| x.cover(y));
        let mut changes = match cover {
            Some(c) => {
                let from = Passage { doc: source.doc, span: c };
                self.changes(from, target, &sub.tokens, &edits)
            }
            None => Vec::new(),
        };
        // Only what the quoted words lost or gained.
        changes.retain(|c| !c.target.is_empty());
        if changes.is_empty() {
            let added = words
                .iter()
                .filter(|&&w| !p.terms[w].stop)
                .map(|&w| p.seg.tokens[p.terms[w].first()].span())
                .collect();
            changes.push(Change {
                category: Category::Addition,
                source: Vec::new(),
                target: added,
            });
        }
        (edits, changes)
    }
}
