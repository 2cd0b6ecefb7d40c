//! Attribution: the speaker, cue and channel of every quotation, from the
//! words before and after its marks, nearby sentences and earlier speakers.

use super::marks::Q;
use super::noun_phrases::{
    classify, name_in, np_after, np_before, np_text, np_words, via_of, Class, Np,
};
use super::people::People;
use super::text::{
    before_last_char, boundary_after, floor_char, is_terminator, sentence_end, sentence_start,
    trim_back, Para,
};
use super::tokens::{
    cue_lemma, is_cue, is_joiner, is_pronoun, is_soft, lower, possessive_len, pronoun_base, toks,
    Tok,
};
use super::{
    CANDIDATES, KIND_SCAN_BYTES, POST_CUE_SEARCH, PRONOUN_LOOKBACK, SCARE_MAX_WORDS,
    SHORT_ATTRIBUTION_WORDS, WINDOW,
};
use crate::model::{Attribution, QuoteKind, Span};
use crate::words::{is_det, is_function, is_skippable, is_title};

#[derive(Clone, Debug)]
enum Who {
    Np(Np),
    Given { name: Option<String>, span: Option<Span> },
}

#[derive(Clone, Debug)]
struct Cand {
    who: Who,
    cue: Option<Span>,
    class: Class,
}

impl Cand {
    fn who_name(&self) -> Option<String> {
        match &self.who {
            Who::Given { name, .. } => name.clone(),
            Who::Np(_) => None,
        }
    }

    fn key(&self) -> Option<usize> {
        match &self.who {
            Who::Np(np) => Some(np.start),
            Who::Given { span, .. } => span.map(|s| s.start),
        }
    }
}

#[derive(Default, Debug)]
struct Pre {
    main: Option<Cand>,
    /// A cue without its own subject (`adding`, `to urge`) that takes the
    /// sentence's speaker.
    needs_subject: Option<Span>,
    accs: Vec<Cand>,
}

#[derive(Default, Debug)]
struct Post {
    main: Option<Cand>,
    immediate: bool,
    vias: Vec<Cand>,
}

pub(super) struct Attributor<'a> {
    pub(super) text: &'a str,
    pub(super) paras: &'a [Para],
    pub(super) prev_nonblank: Vec<Option<usize>>,
    pub(super) people: People,
    /// Resolved person speakers so far: (byte, name).
    pub(super) events: Vec<(usize, String)>,
}

fn cand(text: &str, np: Np, cue: Option<Span>) -> Cand {
    Cand { who: Who::Np(np), cue, class: classify(text, np) }
}

fn according_at(text: &str, toks: &[Tok], i: usize) -> bool {
    toks[i].word
        && lower(text, toks[i]) == "according"
        && toks.get(i + 1).is_some_and(|u| u.word && lower(text, *u) == "to")
}

/// Words in `pieces`, counting at most `cap` and reading at most
/// [`KIND_SCAN_BYTES`]; a longer quotation counts as `cap` words.
fn count_words(text: &str, pieces: &[Span], cap: usize) -> usize {
    let mut n = 0;
    let mut budget = KIND_SCAN_BYTES;
    for p in pieces {
        let mut in_word = false;
        if p.len() > budget {
            return cap;
        }
        budget -= p.len();
        for c in text[p.range()].chars() {
            let w = c.is_alphanumeric() || (in_word && is_joiner(c));
            if w && !in_word {
                n += 1;
                if n >= cap {
                    return n;
                }
            }
            in_word = w;
        }
    }
    n
}

impl Attributor<'_> {
    pub(super) fn run(&mut self, qs: &mut [Q]) {
        let tops: Vec<usize> = (0..qs.len()).filter(|&i| qs[i].depth == 0).collect();
        for (n, &qi) in tops.iter().enumerate() {
            let prev = n.checked_sub(1).map(|m| tops[m]);
            let next = tops.get(n + 1).copied();
            self.top(qs, qi, prev, next);
        }
        for qi in 0..qs.len() {
            if qs[qi].depth > 0 {
                self.nested(qs, qi);
            }
        }
    }

    fn analyse_pre(&self, toks: &[Tok]) -> Pre {
        let text = self.text;
        let mut pre = Pre::default();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if !t.word {
                i += 1;
                continue;
            }
            if according_at(text, toks, i) {
                let cue = Span::new(t.start, toks[i + 1].end);
                if let Some((np, after)) = np_after(text, toks, i + 2) {
                    pre.accs.push(cand(text, np, Some(cue)));
                    i = after;
                } else {
                    i += 2;
                }
                continue;
            }
            if pre.main.is_none() && pre.needs_subject.is_none() && is_cue(text, t) {
                if let Some(np) = np_before(text, toks, i, 0) {
                    pre.main = Some(cand(text, np, Some(t.span())));
                    if let Some((v, _)) = self.told_channel(toks, i) {
                        pre.accs.push(v);
                    }
                } else {
                    let lw = lower(text, t);
                    let prev = i.checked_sub(1).map(|k| toks[k]);
                    let prev_w = prev.filter(|p| p.word).map(|p| lower(text, p));
                    let after_to = prev_w.as_deref() == Some("to");
                    let after_det = prev_w.as_deref().is_some_and(is_det);
                    if (lw.ends_with("ing") || after_to) && !after_det {
                        pre.needs_subject = Some(t.span());
                    }
                }
            }
            i += 1;
        }
        pre
    }

    fn analyse_post(&self, toks: &[Tok]) -> Post {
        let text = self.text;
        let mut post = Post::default();
        let mut i = 0;
        while i < toks.len() && !toks[i].word && matches!(toks[i].ch, ',' | ';' | '—' | '–' | '-')
        {
            i += 1;
        }
        let mut rest = i;
        if i < toks.len() && toks[i].word {
            let t = toks[i];
            if according_at(text, toks, i) {
                let cue = Span::new(t.start, toks[i + 1].end);
                if let Some((np, after)) = np_after(text, toks, i + 2) {
                    post.main = Some(cand(text, np, Some(cue)));
                    post.immediate = true;
                    rest = after;
                }
            } else if is_cue(text, t) {
                post.immediate = true;
                rest = i + 1;
                if let Some((np, after)) = np_after(text, toks, i + 1) {
                    post.main = Some(cand(text, np, Some(t.span())));
                    rest = after;
                }
            } else {
                let mut k = i;
                while k < toks.len() && k - i < POST_CUE_SEARCH && toks[k].word {
                    if is_cue(text, toks[k]) {
                        break;
                    }
                    k += 1;
                }
                if k < toks.len() && toks[k].word && is_cue(text, toks[k]) {
                    let np = np_before(text, toks, k, i)
                        .filter(|np| np.start == t.start)
                        .or_else(|| self.np_until(toks, i, k));
                    if let Some(np) = np {
                        post.main = Some(cand(text, np, Some(toks[k].span())));
                        post.immediate = true;
                        rest = k + 1;
                        if let Some((v, after)) = self.told_channel(toks, k) {
                            post.vias.push(v);
                            rest = after;
                        }
                    }
                }
            }
        }
        let mut k = rest;
        while k < toks.len() {
            if according_at(text, toks, k) {
                let cue = Span::new(toks[k].start, toks[k + 1].end);
                if let Some((np, after)) = np_after(text, toks, k + 2) {
                    post.vias.push(cand(text, np, Some(cue)));
                    k = after;
                    continue;
                }
            } else if is_cue(text, toks[k]) {
                if let Some(np) = np_before(text, toks, k, rest) {
                    let c = cand(text, np, Some(toks[k].span()));
                    if c.class == Class::Source && !np.pronoun {
                        post.vias.push(c);
                    }
                }
            } else if toks[k].word
                && lower(text, toks[k]) == "by"
                && k > 0
                && matches!(
                    lower(text, toks[k - 1]).as_str(),
                    "carried" | "quoted" | "cited" | "published" | "released" | "aired"
                )
            {
                // `in remarks carried by TASS`
                if let Some((np, after)) = np_after(text, toks, k + 1) {
                    let c = cand(text, np, Some(toks[k].span()));
                    if c.class == Class::Source {
                        post.vias.push(c);
                        k = after;
                        continue;
                    }
                }
            }
            k += 1;
        }
        post
    }

    /// The words `toks[i..k]` as the subject of the cue at `k` (after a
    /// closing mark: `a spokesperson for the ministry said`), when they
    /// start like a noun phrase.
    fn np_until(&self, toks: &[Tok], i: usize, k: usize) -> Option<Np> {
        let text = self.text;
        let mut e = k;
        while e > i && is_skippable(&lower(text, toks[e - 1])) {
            e -= 1;
        }
        if e <= i {
            return None;
        }
        let first = lower(text, toks[i]);
        let starts = is_det(&first) || toks[i].cap();
        starts.then_some(Np {
            start: toks[i].start,
            end: toks[e - 1].end,
            pronoun: false,
            det: is_det(&first),
        })
    }

    /// The outlet after `told` (`Lavrov told TASS`) as a channel candidate,
    /// and the index after it.
    fn told_channel(&self, toks: &[Tok], cue: usize) -> Option<(Cand, usize)> {
        let text = self.text;
        if cue_lemma(&lower(text, toks[cue])) != Some("tell") {
            return None;
        }
        let (np, after) = np_after(text, toks, cue + 1)?;
        let c = cand(text, np, None);
        (c.class == Class::Source && !np.pronoun).then_some((c, after))
    }

    /// The subject at the start of the sentence `lo..hi`.
    fn sentence_subject(&self, lo: usize, hi: usize) -> Option<Np> {
        let text = self.text;
        let hi = floor_char(text, hi.min(lo + WINDOW / 2));
        let toks = toks(text, lo, hi);
        let mut i = 0;
        let first = toks.first()?;
        if first.word {
            let w = lower(text, *first);
            let intro = is_function(&w)
                || matches!(
                    w.as_str(),
                    "asked" | "speaking" | "commenting" | "meeting" | "according" | "however"
                )
                || (!is_det(&w) && (w.ends_with("ly") || is_soft(&w)));
            if intro {
                i = (0..toks.len().min(25)).find(|&k| toks[k].is(','))? + 1;
            }
        }
        let t = *toks.get(i)?;
        if !t.word {
            return None;
        }
        let w = lower(text, t);
        if is_pronoun(&w) {
            return Some(Np { start: t.start, end: t.end, pronoun: true, det: false });
        }
        if is_det(&w) {
            let mut k = i + 1;
            let mut end = None;
            while k < toks.len() && k - i <= 6 && toks[k].word {
                let u = lower(text, toks[k]);
                if is_function(&u) || is_soft(&u) || cue_lemma(&u).is_some() || is_skippable(&u) {
                    break;
                }
                end = Some(k);
                k += 1;
            }
            // the last word is the head only if a verb-like word follows
            return end.map(|e| Np { start: t.start, end: toks[e].end, pronoun: false, det: true });
        }
        if t.cap() {
            let mut k = i;
            while k + 1 < toks.len() && toks[k + 1].cap() {
                k += 1;
            }
            if possessive_len(&text[toks[k].start..toks[k].end]) > 0 {
                return None;
            }
            return Some(Np { start: t.start, end: toks[k].end, pronoun: false, det: false });
        }
        None
    }

    /// The person a `he`/`she`/`they` at `pos` refers to.
    fn resolve_person(&self, pos: usize) -> Option<(usize, String)> {
        let lo = pos.saturating_sub(PRONOUN_LOOKBACK);
        let mentions = &self.people.mentions;
        let k = mentions.partition_point(|m| m.start < pos);
        let mut best = mentions[..k]
            .iter()
            .rev()
            .take(CANDIDATES)
            .take_while(|m| m.start >= lo)
            .find(|m| m.person && m.subject)
            .map(|m| (m.start, m.name.clone()));
        if let Some(e) = self
            .events
            .iter()
            .rev()
            .take(CANDIDATES)
            .filter(|e| e.0 < pos)
            .take_while(|e| e.0 >= lo)
            .next()
        {
            if best.as_ref().is_none_or(|b| e.0 > b.0) {
                best = Some(e.clone());
            }
        }
        best
    }

    /// The previous sentence before the one starting at `start` in
    /// paragraph `pi`: (paragraph, start, end).
    fn prev_sentence(&self, pi: usize, start: usize) -> Option<(usize, usize, usize)> {
        let p = self.paras[pi];
        let end = trim_back(self.text, p.start, start);
        if end > p.start {
            let s = sentence_start(self.text, p, before_last_char(self.text, end));
            return Some((pi, s, end));
        }
        let q = self.prev_nonblank[pi]?;
        let qp = self.paras[q];
        if qp.excluded {
            return None;
        }
        let end = trim_back(self.text, qp.start, qp.end);
        let s = sentence_start(self.text, qp, before_last_char(self.text, end));
        Some((q, s, end))
    }

    /// What an `it` at the start of the sentence `sent_start` refers to: the
    /// non-person subject of one of the three previous sentences.
    fn resolve_it(&self, pi: usize, sent_start: usize) -> Option<String> {
        let (mut p, mut s) = (pi, sent_start);
        for _ in 0..3 {
            let (q, qs, qe) = self.prev_sentence(p, s)?;
            if let Some(np) = self.sentence_subject(qs, qe) {
                if !np.pronoun && classify(self.text, np) == Class::Source {
                    return Some(np_text(self.text, np));
                }
            }
            (p, s) = (q, qs);
        }
        None
    }

    /// Speaker name and span for a candidate.
    fn resolve(&self, c: &Cand, pi: usize, sent_start: usize) -> (Option<String>, Option<Span>) {
        let text = self.text;
        let np = match &c.who {
            Who::Given { name, span } => return (name.clone(), *span),
            Who::Np(np) => *np,
        };
        let span = Span::new(np.start, np.end);
        if np.pronoun {
            let w = text[span.range()].to_lowercase();
            let name = match pronoun_base(&w).unwrap_or_default() {
                "he" | "she" | "they" => self.resolve_person(np.start).map(|(_, n)| n),
                "it" => self.resolve_it(pi, sent_start),
                _ => Some(text[span.range()].to_string()),
            };
            return (name, Some(span));
        }
        let words = np_words(text, np);
        let lw: Vec<String> = words.iter().map(|t| lower(text, *t)).collect();
        if np.det && lw.last().is_some_and(|w| is_title(w)) {
            let desc: Vec<String> = lw[1..].to_vec();
            if let Some(name) = self.people.by_title(&desc, np.start) {
                return (Some(name), Some(span));
            }
        }
        if c.class == Class::Person && !np.det {
            if let Some(ns) = name_in(text, &words) {
                return (Some(text[ns.range()].to_string()), Some(ns));
            }
        }
        (Some(np_text(text, np)), Some(span))
    }

    fn given(&self, q: &Q) -> Option<Cand> {
        let a = &q.attribution;
        a.speaker.as_ref()?;
        Some(Cand {
            who: Who::Given { name: a.speaker.clone(), span: a.speaker_span },
            cue: None,
            class: q.speaker_class.unwrap_or(Class::Person),
        })
    }

    fn top(&mut self, qs: &mut [Q], qi: usize, prev: Option<usize>, next: Option<usize>) {
        let text = self.text;
        let first = qs[qi].raw[0];
        let last = *qs[qi].raw.last().expect("a quotation has a piece");
        let fp = self.paras[first.para];
        let lp = self.paras[last.para];
        let sent_start = sentence_start(text, fp, first.open);
        let prev_same = prev.filter(|&p| {
            let pl = *qs[p].raw.last().expect("piece");
            pl.para == first.para && pl.close_end > sent_start && pl.close_end <= first.open
        });
        let pre_lo = prev_same.map_or(sent_start, |p| qs[p].outer.end.max(sent_start));
        let pre_toks = toks(text, pre_lo, first.open);
        // does the quotation end its sentence?
        let inner_last = trim_back(text, last.inner_start, last.inner_end);
        let ends = text[last.inner_start..inner_last]
            .chars()
            .next_back()
            .filter(|&c| is_terminator(c))
            .and_then(|c| boundary_after(text, inner_last - c.len_utf8(), lp.end))
            .filter(|&b| b >= last.close_end);
        let next_open = next.map(|n| qs[n].raw[0]).filter(|r| r.para == last.para).map(|r| r.open);
        let post_hi = if ends.is_some() {
            last.close_end
        } else {
            let e = sentence_end(text, lp, last.close_end);
            next_open.map_or(e, |o| e.min(o)).max(last.close_end)
        };
        let post_toks = toks(text, last.close_end, post_hi);
        let mut pre = self.analyse_pre(&pre_toks);
        if pre.main.is_none() {
            if let Some(cue) = pre.needs_subject {
                let inherited = prev_same.and_then(|p| self.given(&qs[p])).or_else(|| {
                    self.sentence_subject(sent_start, first.open).map(|np| cand(text, np, None))
                });
                pre.main = inherited.map(|c| Cand { cue: Some(cue), ..c });
            }
        }
        let post = self.analyse_post(&post_toks);

        let words = count_words(text, &qs[qi].pieces, SCARE_MAX_WORDS + 1);
        let pre_words = pre_toks.iter().any(|t| t.word);
        let post_words = post_toks.iter().any(|t| t.word);
        let stands_alone = !pre_words && (!post_words || post.immediate);
        let starts_upper =
            text[qs[qi].pieces[0].range()].chars().next().is_some_and(|c| c.is_uppercase());
        let introduced = starts_upper
            && pre_toks.last().is_some_and(|t| t.is(':') || (t.is(',') && pre.main.is_some()));
        let kind = if words > SCARE_MAX_WORDS || stands_alone || introduced {
            QuoteKind::Full
        } else {
            QuoteKind::Scare
        };
        qs[qi].kind = kind;

        let mains: Vec<&Cand> =
            [post.main.as_ref(), pre.main.as_ref()].into_iter().flatten().collect();
        let accs: Vec<&Cand> = pre.accs.iter().chain(post.vias.iter()).collect();
        let all: Vec<&Cand> = mains.iter().chain(accs.iter()).copied().collect();
        let mut speaker: Option<Cand> =
            all.iter().find(|c| c.class == Class::Person).or(all.first()).map(|c| (*c).clone());
        let via: Option<Cand> = accs
            .iter()
            .chain(mains.iter())
            .find(|c| {
                c.class == Class::Source
                    && speaker.as_ref().is_none_or(|s| s.key() != c.key() || s.key().is_none())
            })
            .map(|c| (*c).clone());

        if speaker.is_none() && kind == QuoteKind::Full {
            // a short attribution in the next sentence: `He said.`
            if let Some(ns) = ends.filter(|&b| b < lp.end) {
                let ne = sentence_end(text, lp, ns);
                let nt = toks(text, ns, ne);
                if nt.iter().filter(|t| t.word).count() <= SHORT_ATTRIBUTION_WORDS {
                    speaker = self.analyse_post(&nt).main;
                }
            }
        }
        if speaker.is_none() && kind == QuoteKind::Full {
            // a bare quotation continues the previous quotation's speaker
            speaker = prev
                .filter(|&p| {
                    let pp = qs[p].raw.last().expect("piece").para;
                    pp == first.para || self.prev_nonblank[first.para] == Some(pp)
                })
                .and_then(|p| self.given(&qs[p]));
        }
        if speaker.is_none() && kind == QuoteKind::Full && !pre_words && !post_words {
            // a whole-sentence quotation after a sentence about a person
            if let Some((q, s, e)) = self.prev_sentence(first.para, sent_start) {
                if let Some(np) = self.sentence_subject(s, e) {
                    let c = cand(text, np, None);
                    if c.class == Class::Person {
                        let (name, _) = self.resolve(&c, q, s);
                        if name.is_some() {
                            speaker = Some(Cand { cue: None, ..c });
                        }
                    }
                }
            }
        }

        let mut att = Attribution::default();
        if let Some(c) = &speaker {
            let (name, span) = self.resolve(c, first.para, sent_start);
            att.speaker = name;
            att.speaker_span = span;
            att.cue_span = c.cue;
            att.cue = c.cue.map(|s| text[s.range()].to_string());
            qs[qi].speaker_class = Some(c.class);
            if c.class == Class::Person {
                if let Some(n) = &att.speaker {
                    let at = span.map_or(qs[qi].outer.start, |s| s.start);
                    let at =
                        if matches!(c.who, Who::Given { .. }) { qs[qi].outer.start } else { at };
                    self.events.push((at, n.clone()));
                }
            }
        }
        if let Some(Cand { who: Who::Np(np), .. }) = &via {
            let (v, vs) = via_of(text, *np);
            att.via = Some(v);
            att.via_span = Some(vs);
        }
        qs[qi].attribution = att;
    }

    fn nested(&mut self, qs: &mut [Q], qi: usize) {
        let text = self.text;
        let Some(parent) = qs[qi].parent else {
            return;
        };
        let first = qs[qi].raw[0];
        let last = *qs[qi].raw.last().expect("piece");
        let Some(pp) = qs[parent]
            .raw
            .iter()
            .find(|r| {
                r.inner_start <= first.open && first.open < r.inner_end.max(r.inner_start + 1)
            })
            .copied()
        else {
            return;
        };
        let para = self.paras[first.para];
        let sent_start = sentence_start(text, para, first.open).max(pp.inner_start);
        let pre_toks = toks(text, sent_start, first.open);
        let post_hi = sentence_end(text, self.paras[last.para], last.close_end)
            .min(pp.inner_end)
            .max(last.close_end);
        let post_toks = toks(text, last.close_end, post_hi);
        let pre = self.analyse_pre(&pre_toks);
        let post = self.analyse_post(&post_toks);
        let words = count_words(text, &qs[qi].pieces, SCARE_MAX_WORDS + 1);
        let pre_words = pre_toks.iter().any(|t| t.word);
        let post_words = post_toks.iter().any(|t| t.word);
        let starts_upper =
            text[qs[qi].pieces[0].range()].chars().next().is_some_and(|c| c.is_uppercase());
        let introduced = starts_upper
            && pre_toks.last().is_some_and(|t| t.is(':') || (t.is(',') && pre.main.is_some()));
        let stands_alone = !pre_words && (!post_words || post.immediate);
        qs[qi].kind = if words > SCARE_MAX_WORDS || stands_alone || introduced {
            QuoteKind::Full
        } else {
            QuoteKind::Scare
        };
        let mut speaker = post
            .main
            .filter(|c| c.class == Class::Person)
            .or(pre.main)
            .or(pre.accs.into_iter().next());
        if let Some(Cand { who: Who::Np(np), cue, .. }) = &speaker {
            // `I`/`we` inside a quotation is the quotation's speaker
            let w = text[np.start..np.end].to_lowercase();
            if np.pronoun && matches!(pronoun_base(&w), Some("i" | "we")) {
                if let Some(given) = self.given(&qs[parent]) {
                    speaker = Some(Cand {
                        cue: *cue,
                        who: Who::Given {
                            name: given.who_name(),
                            span: Some(Span::new(np.start, np.end)),
                        },
                        ..given
                    });
                }
            }
        }
        if let Some(c) = speaker {
            let (name, span) = self.resolve(&c, first.para, sent_start);
            let att = &mut qs[qi].attribution;
            att.speaker = name;
            att.speaker_span = span;
            att.cue_span = c.cue;
            att.cue = c.cue.map(|s| text[s.range()].to_string());
            qs[qi].speaker_class = Some(c.class);
        }
    }
}
