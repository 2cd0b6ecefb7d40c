//! The people mentioned in a document (names, their titles, clause subjects),
//! found in one pass over its words; pronouns and title descriptions are
//! resolved against them.

use std::collections::HashSet;

use super::text::Para;
use super::tokens::{
    cue_lemma, is_acronym, is_cue, is_run_stop, is_soft, lower, possessive_len, tokenize, Tok,
};
use super::CANDIDATES;
use crate::model::Span;
use crate::words::{is_det, is_function, is_org, is_place, is_skippable, is_title};

#[derive(Clone, Debug)]
pub(super) struct Mention {
    pub(super) start: usize,
    pub(super) name: String,
    pub(super) person: bool,
    pub(super) subject: bool,
}

#[derive(Clone, Debug)]
struct TitleRec {
    pos: usize,
    words: Vec<String>,
    name: String,
}

/// People mentioned in the document, found in one pass over its words.
#[derive(Default)]
pub(super) struct People {
    pub(super) mentions: Vec<Mention>,
    titles: Vec<TitleRec>,
    known: HashSet<String>,
}

impl People {
    pub(super) fn build(text: &str, paras: &[Para], quotes: &[Span]) -> People {
        let mut people = People::default();
        let mut buf = Vec::new();
        let mut qi = 0;
        for p in paras {
            if p.blank || p.excluded {
                continue;
            }
            tokenize(text, p.start, p.end, &mut buf);
            let mut i = 0;
            while i < buf.len() {
                if !buf[i].cap() {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j + 1 < buf.len() && buf[j + 1].cap() {
                    j += 1;
                }
                let pos = buf[i].start;
                while qi < quotes.len() && quotes[qi].end <= pos {
                    qi += 1;
                }
                let inside = quotes.get(qi).is_some_and(|q| q.start <= pos);
                if !inside {
                    people.run(text, &buf, i, j, p.start);
                }
                i = j + 1;
            }
        }
        people
    }

    /// Records the capitalised run `toks[i..=j]`.
    fn run(&mut self, text: &str, toks: &[Tok], i: usize, j: usize, para_start: usize) {
        let lw = |k: usize| lower(text, toks[k]);
        let mut a = i;
        while a <= j && is_run_stop(&lw(a)) {
            a += 1;
        }
        if a > j {
            return;
        }
        let mut name_a = a;
        let mut title: Vec<String> = Vec::new();
        for k in a..=j {
            if is_title(&lw(k)) {
                name_a = k + 1;
            }
        }
        if name_a > a {
            title = (a..name_a).map(lw).collect();
        } else if i > 0 && toks[i - 1].word && !toks[i - 1].cap() && is_title(&lw(i - 1)) {
            // `North Korean leader Kim Jong Un`, `island prime minister Aru Tanaka`
            let mut b = i - 1;
            while b > 0 && i - b <= 3 && toks[b - 1].word && {
                let w = lw(b - 1);
                !is_run_stop(&w) && !is_soft(&w) && cue_lemma(&w).is_none()
            } {
                b -= 1;
            }
            title = (b..i).map(lw).collect();
        }
        while name_a <= j && is_place(&lw(name_a)) {
            name_a += 1;
        }
        if name_a > j {
            return;
        }
        let name_toks = &toks[name_a..=j];
        let last = toks[j];
        let poss = possessive_len(&text[last.start..last.end]);
        let name = text[toks[name_a].start..last.end - poss].to_string();
        // what follows: skip a short parenthetical `, for his part,`
        let mut after = j + 1;
        if toks.get(after).is_some_and(|t| t.is(',')) {
            let close = (after + 1..toks.len().min(after + 7)).find(|&k| toks[k].is(','));
            if let Some(c) = close {
                if (after + 1..c).all(|k| toks[k].word) {
                    after = c + 1;
                }
            }
        }
        while toks.get(after).is_some_and(|t| t.word && is_skippable(&lw(after))) {
            after += 1;
        }
        let next = toks.get(after).copied();
        let next_lower = next.filter(|t| t.word && !t.cap()).map(|t| lower(text, t));
        let label = toks[i].start == para_start && toks.get(j + 1).is_some_and(|t| t.is(':'));
        let subject = poss == 0
            && (label || next_lower.as_deref().is_some_and(|w| !is_function(w) && !is_det(w)));
        let cue_adjacent = next_lower.as_deref().is_some_and(|w| cue_lemma(w).is_some())
            || (i > 0 && is_cue(text, toks[i - 1]));
        let appositive = toks.get(j + 1).is_some_and(|t| t.is(','))
            && toks
                .get(j + 2)
                .is_some_and(|t| t.word && matches!(lw(j + 2).as_str(), "a" | "an" | "the"));
        let n = name_toks.len();
        let bad = name_toks.iter().any(|t| {
            let w = lower(text, *t);
            is_place(&w) || is_org(&w) || is_run_stop(&w)
        }) || (n == 1 && is_acronym(&text[name_toks[0].start..name_toks[0].end]));
        let strong = !bad
            && (!title.is_empty()
                || (n >= 2
                    && (appositive
                        || cue_adjacent
                        || label
                        || name_toks.iter().all(|t| self.known.contains(&text[t.start..t.end]))))
                || (n == 1 && (self.known.contains(&name) || cue_adjacent)));
        // a multi-word name as the subject of a clause is taken for a person
        // too, but too weakly to teach its words as surnames
        let person = strong || (!bad && n >= 2 && subject);
        if strong && n >= 2 {
            for t in name_toks {
                let w = &text[t.start..t.end];
                let w = &w[..w.len() - possessive_len(w)];
                self.known.insert(w.to_string());
            }
        }
        if person && !title.is_empty() {
            self.titles.push(TitleRec {
                pos: toks[name_a].start,
                words: title,
                name: name.clone(),
            });
        }
        self.mentions.push(Mention { start: toks[name_a].start, name, person, subject });
    }

    /// The person a title description refers to (`the North Korean leader`).
    pub(super) fn by_title(&self, words: &[String], pos: usize) -> Option<String> {
        let k = self.titles.partition_point(|t| t.pos < pos);
        self.titles[..k]
            .iter()
            .rev()
            .take(CANDIDATES)
            .find(|t| t.words.ends_with(words) || words.ends_with(&t.words))
            .map(|t| t.name.clone())
    }
}
