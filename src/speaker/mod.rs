//! Speakers: who talks in a source document, and which article sentences
//! attribute words to them.
//!
//! A transcript records its speakers as Q&A labels ("Sergey Lavrov:",
//! "Question:"); a manifest or JSON Lines record may also name them
//! (`speaker = "Sergey Lavrov"` or a list). An article sentence is
//! **attributed** to a speaker when it names one (through the alias table, so
//! "Lavrov", "Sergei Lavrov" and "Russian Foreign Minister Sergey Lavrov" all
//! count) or when its subject is a personal pronoun and the sentence before it
//! (in the same or the previous paragraph) was attributed — "..., he said."
//!
//! Why it matters: an outlet's own background sentences share vocabulary with
//! the transcript ("military drills", "Korean Peninsula") but are not anyone's
//! remark. Passages that carry a remark nearly always name its speaker, so the
//! aligner asks less lexical evidence of attributed sentences and more of the
//! rest (see `AlignConfig`).
//!
//! A speaker also reports other parties' positions ("Our Korean friends
//! reaffirmed their support"), and those parties publish their own version
//! ("The DPRK side expressed support"). Such a target sentence speaks for a
//! party the source sentence reports, as one naming a participant does: the
//! **parties** of a sentence are the names in the subjects of its reporting
//! verbs ([`reporting_parties`]), and a pair whose sentences share one is
//! judged like an attributed pair.
//!
//! Interviewers' labels ("Question", "Q", "Journalist" ...) mark passages that
//! are not the speaker's remarks; the aligner gives them less credit.

mod voices;

pub(crate) use voices::Voices;

use crate::model::{Document, Key, Prepared, Segmentation};
use crate::normalize::{fold, key_of, Normalizer};
use crate::segment::chars;
use crate::words::{
    is_interviewer, COORDINATORS, DETERMINERS, SPEAKER_PRONOUNS, SUBJECT_BOUNDS, TITLES,
};

/// The speakers of a document: its labels that are not interviewers, then
/// the `speaker` metadata (a string or a list of strings), without repeats.
pub fn speakers(doc: &Document, seg: &Segmentation) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if !name.is_empty() && !is_interviewer(&name) && !out.contains(&name) {
            out.push(name);
        }
    };
    for p in &seg.paragraphs {
        if let (Some(label), Some(name)) = (p.label, &p.speaker) {
            let _ = label;
            push(name);
        }
    }
    match doc.metadata.get("speaker") {
        Some(serde_json::Value::String(s)) => push(s),
        Some(serde_json::Value::Array(list)) => {
            for v in list {
                if let Some(s) = v.as_str() {
                    push(s);
                }
            }
        }
        _ => {}
    }
    out
}

/// People named in a document: the two or three capitalised words that
/// follow a title, after any "of the ..." that belongs to the title
/// ("President of Russia Vladimir Putin" → "Russia Vladimir Putin", whose
/// surname is what [`name_keys`] keeps).
pub fn participants(doc: &Document, seg: &Segmentation) -> Vec<String> {
    let text = &doc.text;
    let toks = &seg.tokens;
    let capital =
        |i: usize| toks[i].span().text(text).chars().next().is_some_and(char::is_uppercase);
    let mut out: Vec<String> = Vec::new();
    for s in &seg.sentences {
        if s.excluded {
            continue;
        }
        let (lo, hi) = s.tokens;
        let mut i = lo;
        while i < hi {
            if !TITLES.contains(&fold(toks[i].span().text(text)).as_str()) {
                i += 1;
                continue;
            }
            // Walk over the rest of the title: capitalised words and of/the.
            let mut j = i + 1;
            let mut run_start = None;
            while j < hi {
                let w = fold(toks[j].span().text(text));
                // "Kim Jong-un": a word hyphenated to a name is part of it.
                let hyphened = run_start.is_some()
                    && matches!(
                        &text[toks[j - 1].span().end..toks[j].span().start],
                        "-" | "\u{2010}"
                    );
                if hyphened || (capital(j) && !TITLES.contains(&w.as_str())) {
                    run_start.get_or_insert(j);
                } else if capital(j) || w == "of" || w == "the" {
                    run_start = None;
                } else {
                    break;
                }
                // A gap with punctuation ends the name.
                if j + 1 < hi && text[toks[j].span().end..toks[j + 1].span().start].trim() != "" {
                    let gap = &text[toks[j].span().end..toks[j + 1].span().start];
                    let initial = toks[j].span().len() == 1;
                    let joins = |c: char| {
                        c.is_whitespace()
                            || c == '-'
                            || c == '\''
                            || c == '’'
                            || (initial && c == '.')
                    };
                    if !gap.chars().all(joins) {
                        j += 1;
                        break;
                    }
                }
                j += 1;
            }
            // One capitalised word after a title is as often a place or a
            // body ("Minister of Foreign Affairs of the DPRK") as a person.
            if let Some(start) = run_start.filter(|&st| j - st >= 2) {
                let start = start.max(j.saturating_sub(3));
                let name = text[toks[start].span().start..toks[j - 1].span().end].to_string();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            i = j.max(i + 1);
        }
    }
    out
}

/// The keys by which a name is written in an article: the alias key when
/// the whole name is one alias phrase, else the key of the surname (its last
/// word, itself through the alias table).
pub fn name_keys(norm: &Normalizer, name: &str) -> Vec<Key> {
    let tokens = crate::segment::words(name);
    let terms = norm.terms(name, &tokens, 0);
    if let [term] = terms[..] {
        if term.alias {
            return vec![term.key];
        }
    }
    let mut keys: Vec<Key> = match tokens.len() {
        0 => Vec::new(),
        n => norm.terms(name, &tokens[n - 1..], n - 1).iter().map(|t| t.key).collect(),
    };
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Name keys of the person a quotation is given to; empty when it is given
/// to nobody by name (no speaker, or a lower-case source: "the statement").
pub fn quote_speaker_keys(norm: &Normalizer, q: &crate::model::Quotation) -> Vec<Key> {
    q.attribution
        .speaker
        .as_deref()
        .filter(|n| n.chars().next().is_some_and(char::is_uppercase))
        .map(|n| name_keys(norm, n))
        .unwrap_or_default()
}

/// Per sentence of `p`: whether a personal pronoun comes before any name
/// (outside quotation marks), so that the sentence continues the speaker of
/// the sentence before it ([`attributed_where`]). It does not depend on who the
/// speaker is: a document read for many speakers is walked once.
pub fn pronoun_leads(doc: &Document, p: &Prepared, common: &dyn Fn(Key) -> bool) -> Vec<bool> {
    let text = &doc.text;
    let quoted = |at: usize| crate::quote::inside_marks(&p.quotes, at);
    p.seg
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (a, b) = p.sentence_terms[i];
            for t in &p.terms[a..b] {
                let tok = p.seg.tokens[t.first()].span();
                if quoted(tok.start) {
                    continue;
                }
                let word = tok.text(text);
                if SPEAKER_PRONOUNS.contains(&fold(word).as_str()) {
                    return true;
                }
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                if t.alias || (capital && (t.first() != s.tokens.0 || !common(t.key))) {
                    return false; // someone else is named first
                }
            }
            false
        })
        .collect()
}

/// [`attributed`] given, per sentence number, whether the sentence names a
/// speaker (`names`), and the document's [`pronoun_leads`].
pub fn attributed_where(p: &Prepared, names: impl Fn(usize) -> bool, leads: &[bool]) -> Vec<bool> {
    let mut out = Vec::with_capacity(p.seg.sentences.len());
    let mut prev: Option<(usize, bool)> = None; // (paragraph, attributed)
    for (i, s) in p.seg.sentences.iter().enumerate() {
        let names = names(i);
        let follows = prev.is_some_and(|(para, att)| att && s.paragraph <= para + 1);
        let att = names || (follows && leads[i]);
        out.push(att);
        prev = Some((s.paragraph, att));
    }
    out
}

/// Nationality adjectives that name a state when they modify the subject of
/// a reporting verb ("the Russian side said", "Chinese officials warned",
/// "our Korean friends reaffirmed"), with the states they may denote, as
/// written in the alias table: the bundled table `corpus/demonyms.txt`.
/// They are not aliases (the Russian language is not Russia, and "Korean"
/// can mean either Korea): they are read only in a reporting subject, and an
/// ambiguous one is resolved per document ([`reporting_parties`]).
pub(crate) fn demonyms() -> &'static [(&'static str, Vec<&'static str>)] {
    static TABLE: std::sync::OnceLock<Vec<(&'static str, Vec<&'static str>)>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        crate::data::groups(crate::data::DEMONYMS)
            .filter_map(|g| Some((*g.first()?, g[1..].to_vec())))
            .collect()
    })
}

/// Per sentence of `p`: the **parties** whose speech or stated position it
/// reports, as keys: the names (aliases) and nationality adjectives
/// (`corpus/demonyms.txt`) in the subject of each of its reporting verbs outside
/// quotation marks ("*The DPRK side* expressed ...", "*Our Korean friends*
/// reaffirmed ...", "..., according to *North Korean* state media"). The
/// subject is the run of at most [`crate::quote::NP_MAX_WORDS`] words before
/// the verb, back to a clause break, a relative, a preposition or another
/// reporting verb (no subject when the run would be longer);
/// a verb written with a capital or after a determiner is a noun ("the
/// State Affairs Commission", "the report") and has no subject.
///
/// An adjective that may denote several states ("Korean") denotes the one
/// the document names most often (one sense per discourse); on a tie, all.
///
/// `is_reporting` says whether a stem key ([`key_of`] a stem, a term's
/// [`Term::key`](crate::model::Term::key)) is a reporting verb's.
pub fn reporting_parties(
    doc: &Document,
    p: &Prepared,
    norm: &Normalizer,
    is_reporting: &dyn Fn(Key) -> bool,
) -> Vec<Vec<Key>> {
    let text = &doc.text;
    let toks = &p.seg.tokens;
    let quoted = |at: usize| crate::quote::inside_marks(&p.quotes, at);
    let breaks = |a: usize, b: usize| {
        let gap = &text[toks[a].span().end..toks[b].span().start];
        gap.chars().any(|c| chars::is_clause_break(c) || chars::is_double_quote(c))
    };
    let according = key_of(&norm.stem("according"));
    // Demonyms resolved for this document, computed on first use.
    let mut resolved: Option<Vec<(&str, Vec<Key>)>> = None;
    let mut resolve = |word: &str| -> Vec<Key> {
        let table = resolved.get_or_insert_with(|| {
            let count = |k: Key| p.terms.iter().filter(|t| t.alias && t.key == k).count();
            demonyms()
                .iter()
                .map(|(adj, states)| {
                    let keys: Vec<(Key, usize)> = states
                        .iter()
                        .flat_map(|s| name_keys(norm, s))
                        .map(|k| (k, count(k)))
                        .collect();
                    let top = keys.iter().map(|k| k.1).max().unwrap_or(0);
                    (*adj, keys.into_iter().filter(|k| k.1 == top).map(|k| k.0).collect())
                })
                .collect()
        });
        table.iter().find(|(adj, _)| *adj == word).map(|(_, k)| k.clone()).unwrap_or_default()
    };
    let mut out = Vec::with_capacity(p.seg.sentences.len());
    for (i, s) in p.seg.sentences.iter().enumerate() {
        let (a, b) = p.sentence_terms[i];
        let terms = &p.terms[a..b];
        let (lo, hi) = s.tokens;
        let mut parties: Vec<Key> = Vec::new();
        for t in terms {
            if t.alias || !is_reporting(t.key) {
                continue;
            }
            let at = t.first();
            let word = toks[at].span().text(text);
            // A capital is a name ("the State Affairs Commission"); "-edly"
            // an adverb that stems like its verb ("has reportedly supplied").
            if quoted(toks[at].span().start)
                || word.chars().next().is_some_and(char::is_uppercase)
                || fold(word).ends_with("edly")
            {
                continue;
            }
            // The words of the subject (or, after "according to", of the source).
            let range = if t.key == according {
                let first = at + 2;
                if first >= hi
                    || fold(toks[at + 1].span().text(text)) != "to"
                    || breaks(at + 1, first)
                {
                    continue;
                }
                let mut end = first + 1;
                while end < hi && end - first < crate::quote::NP_MAX_WORDS && !breaks(end - 1, end)
                {
                    end += 1;
                }
                first..end
            } else {
                if at == lo || breaks(at - 1, at) {
                    continue;
                }
                // After a determiner or a possessive the word is a noun ("the
                // report", "Lavrov's remarks"); after "and" its verb shares a
                // subject with an earlier verb, out of reach.
                let raw = toks[at - 1].span().text(text);
                let before = fold(raw);
                let possessive =
                    ["'s", "\u{2019}s", "s'", "s\u{2019}"].iter().any(|e| raw.ends_with(e));
                if possessive
                    || DETERMINERS.contains(&before.as_str())
                    || COORDINATORS.contains(&before.as_str())
                {
                    continue;
                }
                // Walk back to the start of the subject; none when it would
                // be longer than a noun phrase.
                let mut start = at;
                let complete = loop {
                    if start == lo || breaks(start - 1, start) {
                        break true;
                    }
                    let w = fold(toks[start - 1].span().text(text));
                    if SUBJECT_BOUNDS.contains(&w.as_str()) || is_reporting(key_of(&norm.stem(&w)))
                    {
                        break true;
                    }
                    if at - start == crate::quote::NP_MAX_WORDS {
                        break false;
                    }
                    start -= 1;
                };
                if !complete {
                    continue;
                }
                start..at
            };
            for u in terms.iter().filter(|u| range.contains(&u.first())) {
                if u.alias {
                    parties.push(u.key);
                } else {
                    parties.extend(resolve(&fold(toks[u.first()].span().text(text))));
                }
            }
        }
        parties.sort_unstable();
        parties.dedup();
        out.push(parties);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Aliases;

    /// Per sentence of `p`: whether it names a speaker (one of `keys`) or
    /// continues, through a pronoun, a sentence that did. A pronoun takes up the
    /// speaker only when no other name comes before it in the sentence (outside
    /// quotation marks): in "The North Korean leader reassured his ..." the
    /// pronoun is the leader's.
    ///
    /// `common` says whether a key is an ordinary word (the lexicon knows it), so
    /// that a sentence-initial capital is taken for a name only when it is not.
    fn attributed(
        doc: &Document,
        p: &Prepared,
        keys: &[Key],
        common: &dyn Fn(Key) -> bool,
    ) -> Vec<bool> {
        let names = |i: usize| {
            let (a, b) = p.sentence_terms[i];
            p.terms[a..b].iter().any(|t| keys.contains(&t.key))
        };
        attributed_where(p, names, &pronoun_leads(doc, p, common))
    }

    #[test]
    fn interviewer_labels() {
        assert!(is_interviewer("Question"));
        assert!(is_interviewer(" Q "));
        assert!(!is_interviewer("Sergey Lavrov"));
    }

    #[test]
    fn names_and_pronouns_attribute_sentences() {
        let norm = Normalizer::new(Aliases::parse("anna petrova = petrova"));
        let text = "Petrova warned against haste. She said talks would resume.\n\
                    Markets fell on Monday. He declined to comment.\n\
                    Petrova spoke. The Freedonian envoy Rufus said he disagreed.\n\
                    Petrova left. Rufus said he stayed.\n";
        let doc = Document::new("a", text);
        let (p, _) = crate::prepare::prepare(0, &doc, &norm);
        let keys = name_keys(&norm, "Anna Petrova");
        let common = |k: Key| k != crate::normalize::key_of(&norm.stem("rufus"));
        assert_eq!(
            attributed(&doc, &p, &keys, &common),
            vec![true, true, false, false, true, false, true, false]
        );
    }

    fn parties(text: &str) -> Vec<Vec<String>> {
        let norm = Normalizer::new(Aliases::parse(
            "dprk = north korea = pyongyang\nsouth korea = seoul\nrussia = moscow\nanna petrova = petrova",
        ));
        let doc = Document::new("a", text);
        let (p, _) = crate::prepare::prepare(0, &doc, &norm);
        let stems: Vec<Key> =
            crate::words::REPORTING_VERBS.iter().map(|w| key_of(&norm.stem(w))).collect();
        let is_reporting = |k: Key| stems.contains(&k);
        let names: std::collections::HashMap<Key, String> =
            p.terms.iter().map(|t| (t.key, norm.term_norm(&doc.text, &p.seg.tokens, t))).collect();
        let named = |k: &Key| names.get(k).cloned().unwrap_or_else(|| format!("{k:x}"));
        reporting_parties(&doc, &p, &norm, &is_reporting)
            .iter()
            .map(|ks| ks.iter().map(named).collect())
            .collect()
    }

    #[test]
    fn parties_are_the_names_in_the_subjects_of_reporting_verbs() {
        let got = parties(
            "The North Korea side expressed support. Petrova said Pyongyang reaffirmed it.\n\
             Petrova's remarks came later. The DPRK State Council met Seoul officials.\n\
             Russia opposed the plan and expressed concern. Pyongyang has reportedly sent aid.\n\
             Aid arrived, according to Moscow. They said, on the Russian border, that it was over.\n",
        );
        let d = || vec!["@dprk".to_string()];
        let r = || vec!["@russia".to_string()];
        let none = Vec::<String>::new;
        // "Petrova said Pyongyang reaffirmed": each verb has its own subject.
        let mut both = vec!["@dprk".to_string(), "@anna petrova".to_string()];
        both.sort_by_key(|n| crate::normalize::key_of(n));
        assert_eq!(
            got,
            vec![
                d(),
                both,
                // A possessive or a determiner makes a noun of "remarks";
                // "State" with a capital is part of a name.
                none(),
                none(),
                // "... and expressed": the subject is out of reach; "reportedly"
                // is an adverb.
                none(),
                none(),
                r(),
                // "on the Russian border" is no subject.
                none(),
            ]
        );
    }

    #[test]
    fn an_ambiguous_nationality_means_the_state_the_document_names_most() {
        let north = "Our Korean friends reaffirmed support. Talks with the DPRK went on.\n\
                     Pyongyang agreed. Seoul was not there.\n";
        let south = "Our Korean friends reaffirmed support. Talks with Seoul went on.\n\
                     Seoul agreed. Pyongyang was not there.\n";
        let tie = "Our Korean friends reaffirmed support. Seoul and Pyongyang agreed.\n";
        assert_eq!(parties(north)[0], vec!["@dprk"]);
        assert_eq!(parties(south)[0], vec!["@south korea"]);
        assert_eq!(parties(tie)[0].len(), 2);
    }

    #[test]
    fn participants_follow_titles() {
        let doc = Document::new(
            "t",
            "We met Foreign Minister Anna Petrova. President of Freedonia Rufus T. Firefly spoke.\n\
             The Minister of Trade of Freedonia agreed with Chairman Kim Jong-un.\n",
        );
        let seg = crate::segment::segment(&doc);
        assert_eq!(
            participants(&doc, &seg),
            vec!["Anna Petrova", "Rufus T. Firefly", "Kim Jong-un"]
        );
    }

    #[test]
    fn speakers_come_from_labels_and_metadata() {
        let mut doc = Document::new(
            "t",
            "Question: What next?\nAnna Petrova: We will see. Time will tell.\nMore follows here.\n",
        );
        doc.metadata.insert("speaker".into(), serde_json::json!(["Ivan Ivanov"]));
        let seg = crate::segment::segment(&doc);
        assert_eq!(
            speakers(&doc, &seg),
            vec!["Anna Petrova".to_string(), "Ivan Ivanov".to_string()]
        );
    }
}
