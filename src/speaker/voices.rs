//! Voices: who speaks in the primaries, and which sentences of every
//! document attribute words to them, read once per run for selection (see
//! `select`).

use rayon::prelude::*;

use super::{
    attributed_where, name_keys, participants, pronoun_leads, quote_speaker_keys,
    reporting_parties, speakers,
};
use crate::lexicon::Lexicon;
use crate::model::{Document, Key, Prepared, QuoteKind, SentenceRef, Span};
use crate::normalize::Normalizer;
use crate::words::is_interviewer;

/// Who speaks in the primaries, and which article sentences attribute to them.
pub(crate) struct Voices {
    /// Per document: the group of speakers of a primary (an index into
    /// `groups`), `u32::MAX` for other documents.
    group_of: Vec<u32>,
    /// Per group: whether it names a speaker.
    group_known: Vec<bool>,
    /// Per document, per sentence: attributed to a primary's speaker.
    pub(crate) attributed: Vec<Vec<bool>>,
    /// Per document: which of its sentences it attributes to each speaker
    /// group.
    attributed_by: Vec<Attributions>,
    /// Per document: every key it holds, speakers' names included, that
    /// some quotation of the corpus is given to (sorted): what
    /// [`Voices::could_be_from`] looks up.
    present: Vec<Vec<Key>>,
    /// Per document, per quotation: name keys of the person it is given to
    /// (empty when it is given to nobody by name).
    quoted_speaker: Vec<Vec<Vec<Key>>>,
    /// Per document, per sentence: not the speaker's remark (an interviewer's
    /// question, or a primary's sentence that names its own speaker).
    pub(crate) interviewer: Vec<Vec<bool>>,
    /// Per document, the sentences that report a party's speech, ascending,
    /// each with the parties (sorted keys; see [`reporting_parties`]). Most
    /// sentences report none, so only those that do are stored, not a list
    /// (24 bytes even when empty) per sentence.
    parties: Vec<Vec<(u32, Vec<Key>)>>,
}

/// Which sentences of one document are attributed to each speaker group.
#[derive(Default)]
struct Attributions {
    /// (group, number of its reading in `flags`), groups ascending; groups
    /// to which no sentence is attributed are left out.
    groups: Vec<(u32, u32)>,
    /// Per distinct reading, a bit per sentence (attributed), `words` 64-bit
    /// words each. Bits, not a list of booleans per reading: readings are
    /// held through the scoring, and their number grows faster than the
    /// corpus (an article reads once per distinct set of the names it holds
    /// of the groups it touches, and the groups grow with the transcripts).
    flags: Vec<u64>,
    /// Words per reading: the document's sentences over 64, rounded up.
    words: usize,
}

impl Attributions {
    /// Whether sentence `sent` is attributed in reading `reading`.
    fn attributed(&self, reading: u32, sent: u32) -> bool {
        let word = self.flags[reading as usize * self.words + sent as usize / 64];
        word >> (sent % 64) & 1 == 1
    }

    /// The number of readings held.
    fn readings(&self) -> u32 {
        (self.flags.len() / self.words.max(1)) as u32
    }

    /// Adds a reading (a flag per sentence, at most `64 * words`) and
    /// returns its number, unless no sentence is attributed in it.
    fn push(&mut self, attributed: impl Iterator<Item = bool>) -> Option<u32> {
        let start = self.flags.len();
        self.flags.resize(start + self.words, 0);
        for (i, a) in attributed.enumerate() {
            if a {
                self.flags[start + i / 64] |= 1 << (i % 64);
            }
        }
        if self.flags[start..].iter().all(|&w| w == 0) {
            self.flags.truncate(start);
            return None;
        }
        Some(self.readings() - 1)
    }
}

/// The name keys of a primary's speakers and of the people it names.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SpeakerGroup {
    speakers: Vec<Key>,
    named: Vec<Key>,
}

impl Voices {
    /// Reads who speaks in each primary and which sentences of every
    /// document attribute words to them.
    pub(crate) fn new(
        docs: &[Document],
        prepared: &[Prepared],
        lexicon: &Lexicon,
        primary: &[bool],
        norm: &Normalizer,
    ) -> Voices {
        // Primaries with the same speakers and named people share a group
        // (a minister's transcripts of a month), so that an article is read
        // once per group it names, not once per transcript.
        let read: Vec<Option<SpeakerGroup>> = prepared
            .par_iter()
            .enumerate()
            .map(|(i, p)| {
                if !primary[i] {
                    return None;
                }
                let mut g = SpeakerGroup { speakers: Vec::new(), named: Vec::new() };
                for name in speakers(&docs[i], &p.seg) {
                    g.speakers.extend(name_keys(norm, &name));
                }
                for name in participants(&docs[i], &p.seg) {
                    g.named.extend(name_keys(norm, &name));
                }
                for v in [&mut g.speakers, &mut g.named] {
                    v.sort_unstable();
                    v.dedup();
                }
                Some(g)
            })
            .collect();
        let mut groups: Vec<SpeakerGroup> = Vec::new();
        let mut group_ids: std::collections::BTreeMap<SpeakerGroup, u32> = Default::default();
        let mut group_of = vec![u32::MAX; prepared.len()];
        for (i, g) in read.into_iter().enumerate() {
            if let Some(g) = g {
                let id = *group_ids.entry(g.clone()).or_insert_with(|| {
                    groups.push(g);
                    groups.len() as u32 - 1
                });
                group_of[i] = id;
            }
        }
        // Key -> the groups that hold it (ascending), each with what the key
        // is to the group: `SPEAKER`, `NAMED` or both.
        const SPEAKER: u8 = 1;
        const NAMED: u8 = 2;
        let mut groups_of_key: rustc_hash::FxHashMap<Key, Vec<(u32, u8)>> = Default::default();
        for (id, g) in groups.iter().enumerate() {
            for (role, keys) in [(SPEAKER, &g.speakers), (NAMED, &g.named)] {
                for &k in keys {
                    let v = groups_of_key.entry(k).or_default();
                    match v.last_mut() {
                        Some(last) if last.0 == id as u32 => last.1 |= role,
                        _ => v.push((id as u32, role)),
                    }
                }
            }
        }
        // A sentence speaks for a transcript when it names one of its
        // speakers, or reports what another person the transcript names
        // said or did. It is read against each group of speakers separately:
        // with thousands of transcripts, an article that quotes one minister
        // does not speak for the others.
        let attributed_by: Vec<Attributions> = prepared
            .par_iter()
            .zip(docs)
            .map(|(p, d)| {
                let mut out = Attributions {
                    words: p.seg.sentences.len().div_ceil(64),
                    ..Default::default()
                };
                // The keys of the document that some group holds, sorted: a
                // bit each in the masks below.
                let mut relevant: Vec<Key> = p.terms.iter().map(|t| t.key).collect();
                relevant.sort_unstable();
                relevant.dedup();
                relevant.retain(|k| groups_of_key.contains_key(k));
                if relevant.is_empty() {
                    return out;
                }
                let words = relevant.len().div_ceil(64);
                let bit = |b: usize, mask: &mut [u64]| mask[b / 64] |= 1 << (b % 64);
                // Per sentence, the relevant keys it holds.
                let mut named_in = vec![0u64; p.seg.sentences.len() * words];
                for (i, &(a, b)) in p.sentence_terms.iter().enumerate() {
                    let mask = &mut named_in[i * words..(i + 1) * words];
                    for t in &p.terms[a..b] {
                        if let Ok(k) = relevant.binary_search(&t.key) {
                            bit(k, mask);
                        }
                    }
                }
                // Per group that holds a relevant key (ascending): the
                // relevant keys that are its speakers' names, then those of
                // the people it names (`words` each). Built from the keys'
                // lists of groups, so that a group is never read whole.
                let mut held: Vec<(u32, u8, u32)> = relevant
                    .iter()
                    .enumerate()
                    .flat_map(|(b, k)| groups_of_key[k].iter().map(move |&(g, r)| (g, r, b as u32)))
                    .collect();
                held.sort_unstable();
                let mut touched: Vec<u32> = Vec::new();
                let mut masks: Vec<u64> = Vec::new();
                for run in held.chunk_by(|x, y| x.0 == y.0) {
                    touched.push(run[0].0);
                    let at = masks.len();
                    masks.resize(at + 2 * words, 0);
                    let (speakers, named) = masks[at..].split_at_mut(words);
                    for &(_, role, b) in run {
                        if role & SPEAKER != 0 {
                            bit(b as usize, speakers);
                        }
                        if role & NAMED != 0 {
                            bit(b as usize, named);
                        }
                    }
                }
                drop(held);
                let common = |k| !lexicon.concepts(k).is_empty();
                let leads = pronoun_leads(d, p, &common);
                let reading = |keys: &[u64]| {
                    let names = |i: usize| {
                        named_in[i * words..(i + 1) * words]
                            .iter()
                            .zip(keys)
                            .any(|(n, k)| n & k != 0)
                    };
                    attributed_where(p, names, &leads)
                };
                // Groups that share a name (a minister's transcripts, each
                // naming other people) are many, but a document holds few of
                // their names: it is read once per distinct set of the names
                // it holds (per distinct pair of masks), not once per group,
                // which would be quadratic in the number of transcripts.
                let mut read: rustc_hash::FxHashMap<&[u64], Option<u32>> = Default::default();
                for (&g, names) in touched.iter().zip(masks.chunks_exact(2 * words)) {
                    let flags = *read.entry(names).or_insert_with(|| {
                        let (speakers, named) = names.split_at(words);
                        let by_speaker = reading(speakers);
                        let by_named = reading(named);
                        let flags = by_speaker.iter().zip(by_named).zip(&p.reported);
                        out.push(flags.map(|((s, n), r)| *s || (n && *r)))
                    });
                    if let Some(f) = flags {
                        out.groups.push((g, f));
                    }
                }
                // Held through the scoring: no spare capacity.
                out.groups.shrink_to_fit();
                out.flags.shrink_to_fit();
                out
            })
            .collect();
        // Attributed to some group: any reading's bit.
        let attributed = prepared
            .par_iter()
            .zip(&attributed_by)
            .map(|(p, by)| {
                let mut any = vec![0u64; by.words];
                for reading in by.flags.chunks_exact(by.words.max(1)) {
                    for (a, f) in any.iter_mut().zip(reading) {
                        *a |= f;
                    }
                }
                (0..p.seg.sentences.len()).map(|i| any[i / 64] >> (i % 64) & 1 == 1).collect()
            })
            .collect();
        // Not the speaker's remarks: the interviewer's questions, and, in a
        // primary, sentences that name its own speaker (a title, a caption,
        // an editor's note: nobody calls himself by name).
        let interviewer = prepared
            .par_iter()
            .enumerate()
            .map(|(d, p)| {
                let own: &[Key] =
                    groups.get(group_of[d] as usize).map(|g| &g.speakers[..]).unwrap_or(&[]);
                p.seg
                    .sentences
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let (a, b) = p.sentence_terms[i];
                        p.seg.paragraphs[s.paragraph].speaker.as_deref().is_some_and(is_interviewer)
                            || p.terms[a..b].iter().any(|t| own.binary_search(&t.key).is_ok())
                    })
                    .collect()
            })
            .collect();
        // Per document, per quotation: the keys of the person it is given to.
        let quoted_speaker: Vec<Vec<Vec<Key>>> = prepared
            .par_iter()
            .map(|p| p.quotes.iter().map(|q| quote_speaker_keys(norm, q)).collect())
            .collect();
        // Every key a quotation is given to, anywhere in the corpus (sorted).
        let mut asked: Vec<Key> = quoted_speaker.iter().flatten().flatten().copied().collect();
        asked.sort_unstable();
        asked.dedup();
        // Every key a document holds (its words, names and speakers) that a
        // quotation is given to, to check that the person a quotation is
        // given to appears in its source. Only such keys are ever looked
        // up: the document's other words (most of them) are not kept.
        let present = prepared
            .par_iter()
            .enumerate()
            .map(|(d, p)| {
                let asked = |k: &Key| asked.binary_search(k).is_ok();
                let mut set: Vec<Key> =
                    p.terms.iter().filter(|t| !t.stop && asked(&t.key)).map(|t| t.key).collect();
                for name in speakers(&docs[d], &p.seg) {
                    set.extend(name_keys(norm, &name).into_iter().filter(asked));
                }
                // Sorted (half the memory of a hash set, which matters with
                // one set per document of a large corpus).
                set.sort_unstable();
                set.dedup();
                set
            })
            .collect();
        // Per document, per sentence: whose speech or position it reports.
        let is_reporting = |key: Key| norm.is_reporting(key);
        let parties = prepared
            .par_iter()
            .zip(docs)
            .map(|(p, d)| {
                let mut some: Vec<(u32, Vec<Key>)> = reporting_parties(d, p, norm, &is_reporting)
                    .into_iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(i, v)| (i as u32, v))
                    .collect();
                some.shrink_to_fit();
                some
            })
            .collect();
        let group_known = groups.iter().map(|g| !g.speakers.is_empty()).collect();
        Voices {
            group_of,
            group_known,
            attributed,
            attributed_by,
            interviewer,
            present,
            quoted_speaker,
            parties,
        }
    }
}

impl Voices {
    /// Whether primary `source` names a speaker.
    pub(crate) fn knows_speaker(&self, source: usize) -> bool {
        let g = self.group_of[source];
        g != u32::MAX && self.group_known[g as usize]
    }

    /// Whether sentence `t` is attributed to a speaker of primary `source`
    /// (or to a person it names, while reporting speech).
    pub(crate) fn attributed_to(&self, t: SentenceRef, source: usize) -> bool {
        let g = self.group_of[source];
        let by = &self.attributed_by[t.doc as usize];
        by.groups
            .binary_search_by_key(&g, |e| e.0)
            .is_ok_and(|i| by.attributed(by.groups[i].1, t.sent))
    }

    /// Whether the source sentence, a remark of the speaker, reports the
    /// speech or position of a party ("Our Korean friends reaffirmed their
    /// support") whose speech the target sentence reports too ("The DPRK
    /// side expressed support"): the target then speaks for a party the
    /// source names while reporting speech, as when it names a participant.
    pub(crate) fn same_party(&self, s: SentenceRef, t: SentenceRef) -> bool {
        if self.interviewer[s.doc as usize][s.sent as usize] {
            return false;
        }
        let parties = |r: SentenceRef| {
            let of_doc = &self.parties[r.doc as usize];
            match of_doc.binary_search_by_key(&r.sent, |e| e.0) {
                Ok(i) => &of_doc[i].1[..],
                Err(_) => &[],
            }
        };
        let b = parties(t);
        parties(s).iter().any(|k| b.binary_search(k).is_ok())
    }

    /// Whether a target passage could come from the source document: when
    /// it lies in a quotation given to a named person, that person must speak
    /// in, or be named by, the source. An analyst's words are not a
    /// statement's, whatever they share with it.
    pub(crate) fn could_be_from(
        &self,
        prepared: &[Prepared],
        doc: usize,
        span: Span,
        source: usize,
    ) -> bool {
        let quotes = &prepared[doc].quotes;
        let near = crate::quote::overlapping(quotes, span);
        for (q, keys) in quotes[near.clone()].iter().zip(&self.quoted_speaker[doc][near]) {
            let inside = q.pieces.iter().map(|p| p.overlap(span)).sum::<usize>();
            if q.kind == QuoteKind::Full && q.depth == 0 && inside * 2 >= span.len().max(1) {
                return keys.is_empty()
                    || keys.iter().any(|k| self.present[source].binary_search(k).is_ok());
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Attributions;

    #[test]
    fn readings_hold_a_bit_per_sentence_past_the_first_word() {
        let mut a = Attributions { words: 2, ..Default::default() };
        assert_eq!(a.push((0..70).map(|_| false)), None);
        let first = [3, 63, 64, 69];
        assert_eq!(a.push((0..70).map(|i| first.contains(&i))), Some(0));
        assert_eq!(a.push((0..70).map(|i| i == 65)), Some(1));
        for i in 0..70 {
            assert_eq!(a.attributed(0, i), first.contains(&i), "sentence {i}");
            assert_eq!(a.attributed(1, i), i == 65, "sentence {i}");
        }
        assert_eq!(a.readings(), 2);
    }
}
