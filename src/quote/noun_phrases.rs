//! Noun phrases found with word-class rules (no tagger): the subject before
//! a cue and the phrase after one, whether it names a person or a source,
//! and how it is written as a speaker or a channel.

use super::tokens::{cue_lemma, is_acronym, is_pronoun, is_soft, lower, possessive_len, toks, Tok};
use super::{APPOSITION_MAX_TOKENS, NP_MAX_WORDS};
use crate::model::Span;
use crate::words::{is_det, is_function, is_org, is_person_head, is_place, is_skippable, is_title};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    Person,
    Source,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Np {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) pronoun: bool,
    pub(super) det: bool,
}

/// The subject of the cue at `toks[cue]`, not reaching before `toks[lo]`.
pub(super) fn np_before(text: &str, toks: &[Tok], cue: usize, lo: usize) -> Option<Np> {
    let mut j = cue;
    let mut skipped = 0;
    while j > lo && toks[j - 1].word && skipped < 4 && is_skippable(&lower(text, toks[j - 1])) {
        j -= 1;
        skipped += 1;
    }
    if j > lo && toks[j - 1].is(',') {
        // apposition or parenthetical: `Lavrov, for his part, said`
        let mut k = j - 1;
        let mut found = None;
        let mut n = 0;
        while k > lo && n < APPOSITION_MAX_TOKENS {
            k -= 1;
            n += 1;
            let t = toks[k];
            if t.is(',') {
                found = Some(k);
                break;
            }
            if !t.word && !matches!(t.ch, '-' | '(' | ')' | '’' | '\'') {
                break;
            }
        }
        j = found?;
    }
    if j <= lo {
        return None;
    }
    let t = toks[j - 1];
    if !t.word {
        return None;
    }
    let lw = lower(text, t);
    if is_pronoun(&lw) {
        return Some(Np { start: t.start, end: t.end, pronoun: true, det: false });
    }
    if is_function(&lw) || is_det(&lw) || is_soft(&lw) || cue_lemma(&lw).is_some() {
        return None;
    }
    if t.cap() {
        if possessive_len(&text[t.start..t.end]) > 0 {
            return None;
        }
        let mut k = j - 1;
        while k > lo && toks[k - 1].cap() && {
            let w = lower(text, toks[k - 1]);
            !is_det(&w) && !is_function(&w)
        } {
            k -= 1;
        }
        // a determiner, possibly over a few lowercase modifiers:
        // `the state-run Korean Central News Agency`
        let mut det_at = None;
        let mut m = k;
        let mut mods = 0;
        while m > lo && toks[m - 1].word && mods <= 3 {
            let w = lower(text, toks[m - 1]);
            if is_det(&w) {
                det_at = Some(m - 1);
                break;
            }
            if toks[m - 1].cap() || is_function(&w) || is_soft(&w) || cue_lemma(&w).is_some() {
                break;
            }
            m -= 1;
            mods += 1;
        }
        let s = det_at.unwrap_or(k);
        return Some(Np {
            start: toks[s].start,
            end: t.end,
            pronoun: false,
            det: det_at.is_some(),
        });
    }
    // lowercase head: walk back to a determiner
    let mut k = j - 1;
    let mut words = 1;
    let mut soft_at = None;
    let mut det_at = None;
    while k > lo {
        let u = toks[k - 1];
        if !u.word {
            break;
        }
        let w = lower(text, u);
        if is_det(&w) {
            det_at = Some(k - 1);
            break;
        }
        if is_function(&w) || is_pronoun(&w) {
            break;
        }
        if soft_at.is_none() && !u.cap() && (is_soft(&w) || cue_lemma(&w).is_some()) {
            soft_at = Some(k);
        }
        words += 1;
        if words > NP_MAX_WORDS {
            return None;
        }
        k -= 1;
    }
    let start_idx = det_at.or(soft_at).unwrap_or(k);
    if start_idx >= j {
        return None;
    }
    let first = toks[start_idx];
    let ok = det_at.is_some() || first.cap() || is_person_head(&lw) || is_org(&lw);
    ok.then_some(Np { start: first.start, end: t.end, pronoun: false, det: det_at.is_some() })
}

/// A noun phrase starting at `toks[i]` (after a cue or `according to`), and
/// the index after it.
pub(super) fn np_after(text: &str, toks: &[Tok], i: usize) -> Option<(Np, usize)> {
    let first = *toks.get(i)?;
    if !first.word {
        return None;
    }
    let lw = lower(text, first);
    if is_pronoun(&lw) {
        let np = Np { start: first.start, end: first.end, pronoun: true, det: false };
        return Some((np, i + 1));
    }
    let mut k = i;
    let mut has_det = false;
    let mut has_poss = false;
    let mut end = None;
    let mut content = 0;
    let mut seen_cap = false;
    if toks[k].cap() && possessive_len(&text[toks[k].start..toks[k].end]) > 0 {
        has_poss = true;
        k += 1;
    }
    if k < toks.len() && toks[k].word && is_det(&lower(text, toks[k])) {
        has_det = true;
        k += 1;
    }
    let mut n = 0;
    while k < toks.len() && n < NP_MAX_WORDS {
        let t = toks[k];
        if !t.word {
            break;
        }
        let w = lower(text, t);
        if t.cap() && !is_det(&w) {
            seen_cap = true;
            content += 1;
            end = Some(k);
        } else if is_det(&w) {
            break;
        } else if (w == "of" || w == "for") && seen_cap && toks.get(k + 1).is_some_and(|u| u.cap())
        {
            // `the Ministry of Foreign Affairs`
        } else if is_function(&w)
            || is_pronoun(&w)
            || is_soft(&w)
            || cue_lemma(&w).is_some()
            || is_skippable(&w)
        {
            break;
        } else if has_det || has_poss || !seen_cap {
            // `the statement`, `senior officials`; not `Moscow respects`
            content += 1;
            end = Some(k);
        } else {
            break;
        }
        k += 1;
        n += 1;
    }
    let end = end?;
    if content == 0 {
        return None;
    }
    if !has_det && !has_poss && !seen_cap {
        let head = lower(text, toks[end]);
        if !is_person_head(&head) && !is_org(&head) {
            return None;
        }
    }
    let np = Np { start: first.start, end: toks[end].end, pronoun: false, det: has_det };
    Some((np, end + 1))
}

pub(super) fn np_words(text: &str, np: Np) -> Vec<Tok> {
    let mut v = toks(text, np.start, np.end);
    v.retain(|t| t.word);
    v
}

pub(super) fn classify(text: &str, np: Np) -> Class {
    let words = np_words(text, np);
    let Some(last) = words.last() else {
        return Class::Source;
    };
    let lw = lower(text, *last);
    if np.pronoun {
        return if lw == "it" { Class::Source } else { Class::Person };
    }
    let head = lw[..lw.len() - possessive_len(&lw)].to_string();
    if words.iter().any(|t| is_org(&lower(text, *t)))
        || (words.len() == 1 && is_acronym(&text[last.start..last.end]))
    {
        return Class::Source;
    }
    if is_person_head(&head) {
        return Class::Person;
    }
    if !np.det && words.iter().any(|t| is_title(&lower(text, *t))) {
        // `Russian Foreign Minister Sergey Lavrov`: judge the name part
        if let Some(ns) = name_in(text, &words) {
            let name_words: Vec<Tok> =
                words.iter().copied().filter(|t| t.start >= ns.start).collect();
            if name_words.iter().all(|t| t.cap() && !is_place(&lower(text, *t))) {
                return Class::Person;
            }
        }
    }
    if np.det || words.iter().any(|t| is_place(&lower(text, *t)) || !t.cap()) {
        return Class::Source;
    }
    Class::Person
}

/// The name inside a capitalised noun phrase: titles, leading determiners
/// and places dropped (`Russian Foreign Minister Sergey Lavrov` → `Sergey
/// Lavrov`). `None` when nothing name-like is left.
pub(super) fn name_in(text: &str, words: &[Tok]) -> Option<Span> {
    let mut a = 0;
    for (k, t) in words.iter().enumerate() {
        let w = lower(text, *t);
        if is_title(&w) || is_det(&w) || !t.cap() {
            a = k + 1;
        }
    }
    while a < words.len() && is_place(&lower(text, words[a])) {
        a += 1;
    }
    if a >= words.len() {
        return None;
    }
    let last = words[words.len() - 1];
    let end = last.end - possessive_len(&text[last.start..last.end]);
    Some(Span::new(words[a].start, end))
}

/// How a noun phrase is written as a speaker: a capitalised determiner that
/// only starts the sentence is lowered (`The joint statement` → `the joint
/// statement`).
pub(super) fn np_text(text: &str, np: Np) -> String {
    let s = &text[np.start..np.end];
    if np.det {
        let words = np_words(text, np);
        if words.len() >= 2 && words[0].cap() && words[1..].iter().any(|t| !t.cap()) {
            let mut out = s[..words[0].end - np.start].to_lowercase();
            out.push_str(&s[words[0].end - np.start..]);
            return out;
        }
    }
    s.to_string()
}

/// The channel named by a noun phrase: a proper name after a lowercase
/// description (`Russia's state-owned TASS news agency` → `TASS`), otherwise
/// the phrase without a leading possessive (`the Associated Press`,
/// `North Korean state media`).
pub(super) fn via_of(text: &str, np: Np) -> (String, Span) {
    let words = np_words(text, np);
    let mut a = 0;
    while a + 1 < words.len()
        && words[a].cap()
        && possessive_len(&text[words[a].start..words[a].end]) > 0
    {
        a += 1;
    }
    let rest = &words[a..];
    // a proper name after a lowercase description: `state-owned TASS news
    // agency`, `the state-run Korean Central News Agency` (but `Eastland
    // state media` and `North Korean state media` stay whole)
    let mut best: Option<(usize, usize)> = None;
    let mut described = false;
    let mut k = 0;
    while k < rest.len() {
        let w = lower(text, rest[k]);
        if !rest[k].cap() {
            described |= !is_det(&w) && !is_function(&w);
        } else if described && !is_det(&w) {
            let s = k;
            while k + 1 < rest.len() && rest[k + 1].cap() {
                k += 1;
            }
            let all_place = rest[s..=k].iter().all(|t| is_place(&lower(text, *t)));
            if !all_place && best.is_none_or(|(bs, be)| k - s > be - bs) {
                best = Some((s, k));
            }
        }
        k += 1;
    }
    if let Some((s, e)) = best {
        let span = Span::new(rest[s].start, rest[e].end);
        return (text[span.range()].to_string(), span);
    }
    let start = rest.first().map_or(np.start, |t| t.start);
    let span = Span::new(start, np.end);
    let np2 = Np { start, det: np.det && a == 0, ..np };
    (np_text(text, np2), span)
}
