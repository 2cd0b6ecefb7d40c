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
/// "President of Russia Vladimir Putin", "analyst Oh Kyung-seop"): titles,
/// ranks, offices and honorifics, folded.
#[rustfmt::skip]
pub(crate) const TITLES: &[&str] = &[
    "ambassador", "captain", "ceo", "chair", "chairman", "chairwoman", "chancellor", "chief",
    "colonel", "commander", "comrade", "counterpart", "deputy", "diplomat", "director", "dr",
    "envoy", "gen", "general", "governor", "judge", "king", "lawmaker", "leader", "marshal",
    "mayor", "minister", "mr", "mrs", "ms", "pope", "premier", "president", "prince", "prof",
    "professor", "prosecutor", "queen", "secretary", "sen", "senator", "spokesman", "spokesperson",
    "spokeswoman",
];

/// Whether a folded word is a title ([`TITLES`]).
pub(crate) fn is_title(folded: &str) -> bool {
    TITLES.contains(&folded)
}

/// Whether a folded word is a title or a word that goes with one in a
/// title ("foreign" minister, "prime" minister, "vice" president).
pub(crate) fn in_title(folded: &str) -> bool {
    is_title(folded) || matches!(folded, "foreign" | "prime" | "vice" | "deputy")
}

/// Words written with a period that does not end the sentence (titles and
/// ranks, months, Latin abbreviations), as written and compared: "May" and
/// "mar." are words.
#[rustfmt::skip]
pub(crate) const ABBREVIATIONS: &[&str] = &[
    // Titles and ranks.
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "St", "Mt", "Ft",
    "Gen", "Lt", "Col", "Capt", "Cmdr", "Cdr", "Sgt", "Cpl", "Pvt", "Maj", "Adm",
    "Brig", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb", "Supt", "Insp",
    // Names and companies.
    "Jr", "Sr", "Corp",
    // Months ("May" is a whole word).
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    // Latin and the like: never end a sentence before a capital.
    "e.g", "i.e", "E.g", "I.e", "cf", "viz", "vs", "approx", "ca",
];

/// Words that are abbreviations only when a number follows ("No. 5").
#[rustfmt::skip]
pub(crate) const NUMBER_ABBREVIATIONS: &[&str] = &[
    "No", "Nos", "no", "nos", "Art", "Arts", "Vol", "Vols", "Fig", "Figs", "Sec", "Ch", "Chap",
    "p", "pp", "Para", "para", "Nr", "Op", "Pt", "Tel",
];

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
