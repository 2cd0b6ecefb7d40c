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
//! Interviewers' labels ("Question", "Q", "Journalist" ...) mark passages that
//! are not the speaker's remarks; the aligner gives them less credit.

use crate::model::{Document, Key, Prepared, Segmentation};
use crate::normalize::{fold, Normalizer};

/// Labels of the person asking the questions, compared case-insensitively.
pub const INTERVIEWER_LABELS: &[&str] = &[
    "question",
    "q",
    "questions",
    "interviewer",
    "journalist",
    "reporter",
    "moderator",
    "host",
    "anchor",
    "correspondent",
];

/// Whether a Q&A label names the interviewer rather than a speaker.
pub fn is_interviewer(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    INTERVIEWER_LABELS.contains(&l.as_str())
}

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

/// The keys by which a name is written in an article: the alias key when
/// the whole name is one alias phrase, and the key of the surname (its last
/// word, itself through the alias table).
pub fn name_keys(norm: &Normalizer, name: &str) -> Vec<Key> {
    let doc = Document::new("name", name);
    let seg = crate::segment::segment(&doc);
    let mut keys = Vec::new();
    let terms = norm.terms(&doc.text, &seg.tokens, 0);
    if terms.len() == 1 && terms[0].alias {
        keys.push(terms[0].key);
    }
    if let Some(last) = seg.tokens.last() {
        let surname = Document::new("surname", last.span.text(&doc.text));
        let sseg = crate::segment::segment(&surname);
        keys.extend(norm.terms(&surname.text, &sseg.tokens, 0).iter().map(|t| t.key));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Personal pronouns that take up the last named speaker.
const PRONOUNS: &[&str] = &["he", "she", "his", "her", "they"];

/// Per sentence of `p`: whether it names a speaker (one of `keys`) or
/// continues, through a pronoun, a sentence that did.
pub fn attributed(doc: &Document, p: &Prepared, keys: &[Key]) -> Vec<bool> {
    let mut out = Vec::with_capacity(p.seg.sentences.len());
    let mut prev: Option<(usize, bool)> = None; // (paragraph, attributed)
    for (i, s) in p.seg.sentences.iter().enumerate() {
        let (a, b) = p.sentence_terms[i];
        let names = p.terms[a..b].iter().any(|t| keys.contains(&t.key));
        let pronoun = p.seg.tokens[s.tokens.0..s.tokens.1]
            .iter()
            .any(|t| PRONOUNS.contains(&fold(t.span.text(&doc.text)).as_str()));
        let follows = prev.is_some_and(|(para, att)| att && s.paragraph <= para + 1);
        let att = names || (pronoun && follows);
        out.push(att);
        prev = Some((s.paragraph, att));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Aliases;

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
                    Markets fell on Monday. He declined to comment.\n";
        let doc = Document::new("a", text);
        let (p, _) = crate::pipeline::prepare(0, &doc, &norm);
        let keys = name_keys(&norm, "Anna Petrova");
        assert_eq!(attributed(&doc, &p, &keys), vec![true, true, false, false]);
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
