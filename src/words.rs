//! Word classes shared by the stages: titles, interviewer labels, reporting
//! verbs. One copy of each list, each with what it is for.
//!
//! The lists are general English (the vocabulary of news writing and of
//! transcripts), not tied to any corpus. Words are compared folded (lower
//! case, no accents; see `normalize`), except where a list says otherwise.
//! The function words that weigh nothing in matching live with the
//! word-level normaliser (`normalize/word.rs`), which the build script
//! shares and which may use nothing of the crate.

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

/// Words that introduce a person's name ("Foreign Minister Choe Son-hui",
/// "President of Russia Vladimir Putin").
pub(crate) const TITLES: &[&str] = &[
    "president",
    "minister",
    "chairman",
    "chairwoman",
    "chair",
    "secretary",
    "ambassador",
    "premier",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "colonel",
    "mr",
    "mrs",
    "ms",
    "dr",
    "comrade",
    "leader",
    "governor",
    "mayor",
    "senator",
    "envoy",
    "king",
    "queen",
    "prince",
    "director",
    "commander",
    "counterpart",
    "prosecutor",
    "judge",
];

/// Whether a folded word is a title ("minister", "president").
pub fn is_title(folded: &str) -> bool {
    TITLES.contains(&folded) || matches!(folded, "foreign" | "prime" | "vice" | "deputy")
}

/// Lemmas of verbs that introduce reported speech or a stated position.
/// General English (the reporting verbs of news writing), not tied to any corpus.
pub const REPORTING_VERBS: &[&str] = &[
    "according",
    "accuse",
    "acknowledge",
    "add",
    "admit",
    "affirm",
    "agree",
    "announce",
    "answer",
    "argue",
    "assert",
    "assure",
    "call",
    "caution",
    "claim",
    "comment",
    "condemn",
    "confirm",
    "convey",
    "credit",
    "declare",
    "decry",
    "denounce",
    "deny",
    "describe",
    "discuss",
    "dismiss",
    "emphasize",
    "explain",
    "express",
    "hail",
    "highlight",
    "insist",
    "mention",
    "note",
    "pledge",
    "point",
    "praise",
    "predict",
    "promise",
    "propose",
    "quote",
    "reaffirm",
    "reassure",
    "recall",
    "reiterate",
    "reject",
    "remark",
    "reply",
    "report",
    "respond",
    "say",
    "signal",
    "state",
    "stress",
    "suggest",
    "tell",
    "thank",
    "underline",
    "underscore",
    "urge",
    "voice",
    "vow",
    "warn",
    "welcome",
    "write",
];
