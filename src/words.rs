//! Word lists: every class of words the stages look words up in, one copy
//! each, with what it is for.
//!
//! * shared by several stages: interviewer labels, titles, abbreviations,
//!   personal pronouns, reporting verbs;
//! * then one section per stage that reads a list of its own: the verbs
//!   that introduce quotations and the words of noun phrases (quote), the
//!   subjects of reporting verbs (speaker), labels and sentence openers
//!   (segment), the word classes of typed edits (diff).
//!
//! The lists are general English (the vocabulary of news writing and of
//! transcripts), not tied to any corpus: no entry names a person, a place
//! or an outlet of a corpus. Words are compared folded (lower case, no
//! accents; see `normalize`) unless a list says otherwise. Two lists stay
//! elsewhere: the function words that weigh nothing in matching and the
//! spelling tables live with the word-level normaliser
//! (`normalize/word.rs`), which the build script shares and which may use
//! nothing of the crate.

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

/// How a personal pronoun is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// "he", "they": the subject of a verb.
    Subject,
    /// "him", "them".
    Object,
    /// "his", "their": before a noun.
    Possessive,
}

/// Personal pronouns, folded: (word, person, case). "her" is listed once,
/// as a possessive (it is also the object form).
#[rustfmt::skip]
pub(crate) const PRONOUNS: &[(&str, u8, Case)] = &[
    ("i", 1, Case::Subject), ("me", 1, Case::Object), ("my", 1, Case::Possessive),
    ("we", 1, Case::Subject), ("us", 1, Case::Object), ("our", 1, Case::Possessive),
    ("you", 2, Case::Subject), ("your", 2, Case::Possessive),
    ("he", 3, Case::Subject), ("him", 3, Case::Object), ("his", 3, Case::Possessive),
    ("she", 3, Case::Subject), ("her", 3, Case::Possessive),
    ("it", 3, Case::Subject), ("its", 3, Case::Possessive),
    ("they", 3, Case::Subject), ("them", 3, Case::Object), ("their", 3, Case::Possessive),
];

/// The pronouns that take up the last named speaker ("He said", "His
/// remarks"; "they" of a delegation), a subset of [`PRONOUNS`]. "their" is
/// not among them: it changes which sentences are attributed on the
/// development corpora, which is for attribution work to measure.
pub(crate) const SPEAKER_PRONOUNS: &[&str] = &["he", "she", "his", "her", "they"];

/// The personal pronoun `folded` is, if it is one: its person and case.
pub(crate) fn pronoun(folded: &str) -> Option<(u8, Case)> {
    PRONOUNS.iter().find(|p| p.0 == folded).map(|p| (p.1, p.2))
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

// ---------------------------------------------------------------------------
// Verbs that introduce quotations (quote)
// ---------------------------------------------------------------------------

/// Cue verbs and phrases by lemma, with the forms that are recognised.
/// `according to` is handled separately (its source follows it).
pub(crate) const CUE_VERBS: &[(&str, &[&str])] = &[
    ("say", &["say", "says", "said", "saying"]),
    ("tell", &["tell", "tells", "told", "telling"]),
    ("add", &["add", "adds", "added", "adding"]),
    ("warn", &["warn", "warns", "warned", "warning"]),
    ("stress", &["stressed", "stresses", "stressing"]),
    ("note", &["noted", "notes", "noting"]),
    (
        "emphasize",
        &[
            "emphasize",
            "emphasizes",
            "emphasized",
            "emphasizing",
            "emphasise",
            "emphasises",
            "emphasised",
            "emphasising",
        ],
    ),
    ("explain", &["explain", "explains", "explained", "explaining"]),
    ("state", &["stated", "states", "stating"]),
    ("declare", &["declare", "declares", "declared", "declaring"]),
    ("insist", &["insist", "insists", "insisted", "insisting"]),
    ("argue", &["argue", "argues", "argued", "arguing"]),
    ("claim", &["claim", "claims", "claimed", "claiming"]),
    ("assert", &["assert", "asserts", "asserted", "asserting"]),
    ("caution", &["cautions", "cautioned", "cautioning"]),
    ("urge", &["urge", "urges", "urged", "urging"]),
    ("reiterate", &["reiterate", "reiterates", "reiterated", "reiterating"]),
    ("describe", &["describe", "describes", "described", "describing"]),
    ("call", &["called", "calls", "calling"]),
    ("write", &["wrote", "writes", "writing", "written"]),
    ("report", &["reported", "reports", "reporting"]),
    ("confirm", &["confirm", "confirms", "confirmed", "confirming"]),
    ("announce", &["announce", "announces", "announced", "announcing"]),
    ("quote", &["quoted", "quotes", "quoting"]),
    ("express", &["expressed", "expresses", "expressing"]),
    ("reaffirm", &["reaffirm", "reaffirms", "reaffirmed", "reaffirming"]),
    ("reassure", &["reassured", "reassures", "reassuring"]),
    ("acknowledge", &["acknowledge", "acknowledges", "acknowledged", "acknowledging"]),
    ("accuse", &["accused", "accuses", "accusing"]),
    ("denounce", &["denounce", "denounces", "denounced", "denouncing"]),
    (
        "criticize",
        &["criticized", "criticizes", "criticizing", "criticised", "criticises", "criticising"],
    ),
    ("condemn", &["condemn", "condemns", "condemned", "condemning"]),
    ("reply", &["replied", "replies", "replying"]),
    ("respond", &["responded", "responds", "responding"]),
    ("comment", &["commented", "comments", "commenting"]),
    ("admit", &["admit", "admits", "admitted", "admitting"]),
    ("vow", &["vow", "vows", "vowed", "vowing"]),
    ("pledge", &["pledged", "pledges", "pledging"]),
    ("suggest", &["suggested", "suggests", "suggesting"]),
    ("predict", &["predicted", "predicts", "predicting"]),
    ("recall", &["recalled", "recalls", "recalling"]),
    ("remark", &["remarked", "remarks", "remarking"]),
    ("mention", &["mentioned", "mentions", "mentioning"]),
    ("ask", &["asked", "asks", "asking"]),
    ("answer", &["answered", "answers", "answering"]),
];

// ---------------------------------------------------------------------------
// Words of noun phrases: who speaks, and through whom (quote)
// ---------------------------------------------------------------------------

pub(crate) fn is_det(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "both"
            | "all"
            | "some"
            | "many"
            | "several"
            | "each"
            | "every"
            | "another"
            | "two"
            | "three"
            | "four"
            | "one"
            | "most"
    )
}

pub(crate) fn is_function(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "to"
            | "of"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "as"
            | "than"
            | "while"
            | "when"
            | "where"
            | "after"
            | "before"
            | "because"
            | "if"
            | "although"
            | "though"
            | "since"
            | "during"
            | "into"
            | "about"
            | "over"
            | "under"
            | "between"
            | "against"
            | "via"
            | "per"
            | "so"
            | "not"
            | "what"
            | "how"
            | "why"
            | "whether"
            | "until"
            | "upon"
            | "through"
            | "without"
            | "within"
            | "across"
            | "toward"
            | "towards"
            | "amid"
            | "despite"
            | "like"
            | "unlike"
            | "there"
            | "here"
            | "is"
            | "are"
            | "was"
            | "were"
    )
}

/// Adverbs and auxiliaries allowed between a subject and its cue.
pub(crate) fn is_skippable(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "did"
            | "does"
            | "do"
            | "once"
            | "again"
            | "then"
            | "later"
            | "earlier"
            | "further"
            | "already"
            | "now"
            | "just"
            | "still"
            | "even"
            | "often"
            | "always"
            | "never"
            | "not"
            | "been"
            | "being"
    ) || (w.len() > 4 && w.ends_with("ly") && w != "only")
}

pub(crate) fn singular(w: &str) -> &str {
    w.strip_suffix('s').filter(|s| s.len() > 2).unwrap_or(w)
}

/// Heads of noun phrases that denote people.
pub(crate) fn is_person_head(w: &str) -> bool {
    let s = singular(w);
    is_title(s)
        || matches!(
            s,
            "analyst"
                | "expert"
                | "researcher"
                | "fellow"
                | "official"
                | "source"
                | "observer"
                | "scholar"
                | "man"
                | "woman"
                | "people"
                | "resident"
                | "witness"
                | "activist"
                | "lawyer"
                | "critic"
                | "diplomat"
                | "spokesperson"
                | "aide"
                | "adviser"
                | "advisor"
        )
}

/// Words of organisations, outlets and documents (lowercase).
pub(crate) fn is_org(w: &str) -> bool {
    matches!(
        singular(w),
        "agency"
            | "news"
            | "press"
            | "media"
            | "ministry"
            | "statement"
            | "report"
            | "newspaper"
            | "paper"
            | "daily"
            | "time"
            | "times"
            | "post"
            | "journal"
            | "tass"
            | "kcna"
            | "yonhap"
            | "xinhua"
            | "reuter"
            | "reuters"
            | "afp"
            | "novosti"
            | "ria"
            | "interfax"
            | "office"
            | "government"
            | "embassy"
            | "committee"
            | "commission"
            | "council"
            | "party"
            | "kremlin"
            | "channel"
            | "television"
            | "tv"
            | "radio"
            | "outlet"
            | "broadcaster"
            | "service"
            | "institute"
            | "university"
            | "department"
            | "bureau"
            | "ilbo"
            | "sinmun"
            | "website"
            | "publication"
            | "declaration"
            | "communique"
            | "readout"
            | "transcript"
            | "document"
            | "team"
            | "group"
            | "side"
            | "administration"
            | "cabinet"
            | "parliament"
            | "assembly"
            | "army"
            | "military"
            | "court"
            | "bank"
            | "company"
            | "association"
            | "union"
            | "organization"
            | "organisation"
            | "network"
            | "gazette"
            | "herald"
            | "tribune"
            | "telegraph"
            | "guardian"
            | "bbc"
            | "cnn"
            | "ap"
            | "source"
    )
}

/// Places and nationalities that never make a person (lowercase).
pub(crate) fn is_place(w: &str) -> bool {
    matches!(
        w,
        "korea"
            | "russia"
            | "japan"
            | "china"
            | "ukraine"
            | "iran"
            | "israel"
            | "america"
            | "europe"
            | "asia"
            | "moscow"
            | "washington"
            | "beijing"
            | "pyongyang"
            | "seoul"
            | "tokyo"
            | "kyiv"
            | "kiev"
            | "london"
            | "paris"
            | "berlin"
            | "brussels"
            | "tehran"
            | "nato"
            | "eu"
            | "us"
            | "usa"
            | "uk"
            | "dprk"
            | "peninsula"
            | "states"
            | "united"
            | "federation"
            | "republic"
            | "north"
            | "south"
            | "east"
            | "west"
            | "northeast"
            | "korean"
            | "russian"
            | "japanese"
            | "chinese"
            | "ukrainian"
            | "american"
            | "european"
            | "soviet"
            | "israeli"
            | "iranian"
            | "western"
    )
}

// ---------------------------------------------------------------------------
// The subjects of reporting verbs (speaker)
// ---------------------------------------------------------------------------

/// Words before a reporting verb that make it a noun ("the report", "their
/// comments", "a call") rather than the verb of a subject.
pub(crate) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
    "your", "any", "every", "each", "no", "of", "for", "to", "with", "by", "in", "on",
];

/// Words that end a subject when walking back from its verb: complementisers,
/// relatives and prepositions ("He said North Korea reaffirmed", "which
/// officials claim", "on the peninsula, officials said"). "of" is not one:
/// it sits inside titles ("Chairman of the State Affairs Commission").
pub(crate) const SUBJECT_BOUNDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "while", "as", "regards", "on", "in", "at", "to",
    "for", "with", "by", "from", "about", "into", "over", "under", "against", "after", "before",
    "during", "since", "than", "if", "because", "when", "where", "although", "though",
];

/// Conjunctions that, right before a verb, coordinate it with an earlier
/// verb ("X opposed ... and expressed"): its subject is out of reach.
pub(crate) const COORDINATORS: &[&str] = &["and", "or", "but", "nor"];

// ---------------------------------------------------------------------------
// Labels and sentences (segment)
// ---------------------------------------------------------------------------

/// Q&A words that are speaker labels even on a short line (compared
/// case-insensitively).
#[rustfmt::skip]
pub(crate) const QA_LABELS: &[&str] = &[
    "question", "answer", "q", "a", "вопрос", "ответ",
];

/// Page-chrome field names that look like labels but are not speakers
/// (compared case-insensitively with the whole label and its first word).
#[rustfmt::skip]
pub(crate) const NOT_SPEAKERS: &[&str] = &[
    "photo", "photos", "picture", "image", "video", "caption", "credit", "credits", "source",
    "sources", "date", "time", "published", "updated", "update", "posted", "filed", "note",
    "editor's note", "editor’s note", "read", "read more", "see", "see also", "related", "tags",
    "tag", "topics", "category", "share", "email", "tel", "fax", "phone", "link", "links",
    "url", "subject", "location", "venue", "title", "author", "by", "copyright", "warning",
    "watch", "listen",
];

/// Lower-case particles allowed inside a speaker name ("Ursula von der Leyen").
#[rustfmt::skip]
pub(crate) const NAME_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "al", "bin",
    "ibn", "y",
];

/// Words that commonly open a sentence; before one of them, an initial or a
/// dotted acronym ends the sentence ("... in the U.S. The talks").
#[rustfmt::skip]
pub(crate) const SENTENCE_OPENERS: &[&str] = &[
    "The", "He", "She", "It", "They", "We", "I", "You", "But", "This", "That", "These", "Those",
    "There", "In", "On", "At", "A", "An", "And", "His", "Her", "Their", "Our", "Its", "As",
    "If", "When", "While", "After", "Before", "However", "Meanwhile", "So", "Yet", "What",
    "Why", "How", "Who", "Asked", "According",
];

// ---------------------------------------------------------------------------
// Word classes of typed edits (diff)
// ---------------------------------------------------------------------------

#[rustfmt::skip]
pub(crate) const NEGATION: &[&str] = &[
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
    "nowhere", "hardly", "barely",
];

#[rustfmt::skip]
pub(crate) const MODALITY: &[&str] = &[
    "can", "could", "may", "might", "must", "shall", "should", "will", "would", "ought",
    "certainly", "definitely", "possibly", "probably", "perhaps", "maybe", "likely", "unlikely",
    "surely", "undoubtedly", "doubtless", "allegedly", "reportedly", "apparently", "presumably",
    "certain", "sure", "possible", "probable",
];

#[rustfmt::skip]
pub(crate) const INTENSITY: &[&str] = &[
    "clear", "clearly", "full", "fully", "complete", "completely", "total", "totally", "absolute",
    "absolutely", "unconditional", "unconditionally", "firm", "firmly", "strong", "strongly",
    "resolute", "resolutely", "very", "highly", "extremely", "deeply", "sincere", "sincerely",
    "significant", "significantly", "some", "all", "any", "every", "each", "entire", "entirely",
    "whole", "only", "just", "slightly", "somewhat", "partly", "partially", "largely", "mostly",
    "almost", "nearly", "quite", "rather", "fairly", "much", "more", "less", "most", "least",
    "increasingly", "serious", "seriously", "even", "explicitly", "particularly", "especially",
    "greatly", "utterly", "truly", "really",
];

#[rustfmt::skip]
pub(crate) const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "today", "yesterday", "tomorrow", "tonight",
];

#[rustfmt::skip]
pub(crate) const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands",
    "million", "millions", "billion", "billions", "first", "second", "third", "fourth", "fifth",
    "dozen", "dozens", "half", "percent", "double", "triple",
];
