//! Coverage and outlet profiles: what each outlet carried of the transcript,
//! how, and with which changes.
//!
//! * A **remark** is a sentence of a primary document that the speaker said:
//!   body text, not excluded, not an interviewer's question nor a caption
//!   naming the speaker (see `speaker`). Every remark is listed, carried or
//!   not.
//! * An outlet **carries** a remark when an alignment's source passage lies
//!   in the remark's sentence and its target is the outlet's document; it is
//!   `quoted` when any such alignment is a quotation, else `paraphrased`.
//! * An **untraced** passage is an article sentence attributed to a primary's
//!   speaker (see `speaker::attributed`) that no alignment links to a primary:
//!   words put in the speaker's mouth that the transcript does not hold (or
//!   that refract could not find — the report says which sentence, so a
//!   reader can judge).
//! * An outlet's **profile** counts what it carried, its quotations by
//!   verdict (see `verify`), and groups the typed
//!   edits of its alignments with a primary by category, each figure keeping
//!   the alignments and edits it was counted from (its evidence).
//!
//! Everything is built from the [`Analysis`] of
//! a run; nothing is recomputed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Analysis, BlockKind, Category, Corpus, DocIdx, Relation, Span, Verdict};

/// How an outlet carries a remark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Carriage {
    Quoted,
    Paraphrased,
    Absent,
}

/// A remark of a primary document and the alignments that carry it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remark {
    pub doc: DocIdx,
    /// Index of the sentence in the primary's segmentation.
    pub sentence: usize,
    pub span: Span,
    /// Indexes into `Analysis::alignments`, in order.
    pub alignments: Vec<usize>,
}

/// One typed edit, by alignment and position in its edit list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EditRef {
    pub alignment: usize,
    pub edit: usize,
}

/// What one outlet carried, and how.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    pub doc: DocIdx,
    /// Remarks (indexes into `Coverage::remarks`) carried by quotation.
    pub quoted: Vec<usize>,
    /// Remarks carried by paraphrase only.
    pub paraphrased: Vec<usize>,
    /// Its alignments with a primary.
    pub alignments: Vec<usize>,
    /// Typed edits of those alignments, by category.
    pub edits: BTreeMap<Category, Vec<EditRef>>,
    /// Sentences attributed to a primary's speaker that trace to no remark.
    pub untraced: Vec<Span>,
    /// Its quotations (indexes into `Analysis::quotes`) by verdict.
    pub quotes: BTreeMap<Verdict, Vec<usize>>,
}

/// Remarks × articles: how each article (an outlet's document) carries
/// each remark of the transcripts, and each article's profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    pub remarks: Vec<Remark>,
    /// One profile per article (every document that is not a primary), in
    /// input order.
    pub articles: Vec<Profile>,
}

impl Profile {
    /// Its quotations that are not faithful (altered, unsourced), with their
    /// verdicts and spans, in verdict order.
    pub fn flagged_quotes(&self, analysis: &Analysis) -> Vec<(Verdict, Span)> {
        self.quotes
            .iter()
            .filter(|(v, _)| matches!(v, Verdict::Altered | Verdict::Unsourced))
            .flat_map(|(v, qs)| {
                qs.iter().map(move |&qi| {
                    let q = &analysis.quotes[qi];
                    (*v, analysis.prepared[q.doc].quotes[q.quote].span)
                })
            })
            .collect()
    }
}

impl Coverage {
    /// Builds remarks, the matrix and the profiles.
    pub fn build(corpus: &Corpus, analysis: &Analysis) -> Coverage {
        let docs = &corpus.documents;
        let mut remarks: Vec<Remark> = Vec::new();
        // (doc, sentence) → remark index
        let mut by_sentence: BTreeMap<(DocIdx, usize), usize> = BTreeMap::new();
        for (d, p) in analysis.prepared.iter().enumerate() {
            if !analysis.primary[d] {
                continue;
            }
            for (i, s) in p.seg.sentences.iter().enumerate() {
                let remark = !s.excluded
                    && s.kind == BlockKind::Body
                    && s.tokens.1 > s.tokens.0
                    && !analysis.not_remark[d][i];
                if remark {
                    by_sentence.insert((d, i), remarks.len());
                    remarks.push(Remark {
                        doc: d,
                        sentence: i,
                        span: s.span,
                        alignments: Vec::new(),
                    });
                }
            }
        }
        let mut articles: Vec<Profile> = (0..docs.len())
            .filter(|&d| !analysis.primary[d])
            .map(|doc| Profile {
                doc,
                quoted: Vec::new(),
                paraphrased: Vec::new(),
                alignments: Vec::new(),
                edits: BTreeMap::new(),
                untraced: Vec::new(),
                quotes: BTreeMap::new(),
            })
            .collect();
        let outlet_of: BTreeMap<DocIdx, usize> =
            articles.iter().enumerate().map(|(i, p)| (p.doc, i)).collect();
        let mut carried_by: BTreeMap<(usize, usize), Relation> = BTreeMap::new();
        for (ai, a) in analysis.alignments.iter().enumerate() {
            if !analysis.primary[a.source.doc] || analysis.primary[a.target.doc] {
                continue;
            }
            let Some(&o) = outlet_of.get(&a.target.doc) else { continue };
            articles[o].alignments.push(ai);
            for (ei, e) in a.edits.iter().enumerate() {
                if let Some(c) = e.category {
                    articles[o]
                        .edits
                        .entry(c)
                        .or_default()
                        .push(EditRef { alignment: ai, edit: ei });
                }
            }
            let sentences = &analysis.prepared[a.source.doc].seg.sentences;
            let first = sentences.partition_point(|s| s.span.end <= a.source.span.start);
            for (si, s) in sentences.iter().enumerate().skip(first) {
                if s.span.start >= a.source.span.end {
                    break;
                }
                if let Some(&r) = by_sentence.get(&(a.source.doc, si)) {
                    remarks[r].alignments.push(ai);
                    let rel = carried_by.entry((r, o)).or_insert(a.relation);
                    if a.relation == Relation::Quote {
                        *rel = Relation::Quote;
                    }
                }
            }
        }
        for ((r, o), rel) in carried_by {
            match rel {
                Relation::Quote => articles[o].quoted.push(r),
                Relation::Paraphrase => articles[o].paraphrased.push(r),
            }
        }
        for p in &mut articles {
            p.quoted.sort_unstable();
            p.paraphrased.sort_unstable();
            // Attributed sentences with no alignment from a primary.
            let traced: Vec<Span> =
                p.alignments.iter().map(|&ai| analysis.alignments[ai].target.span).collect();
            let prepared = &analysis.prepared[p.doc];
            for (i, s) in prepared.seg.sentences.iter().enumerate() {
                if s.excluded || s.kind != BlockKind::Body || !analysis.attributed[p.doc][i] {
                    continue;
                }
                if !traced.iter().any(|t| t.overlap(s.span) > 0) {
                    p.untraced.push(s.span);
                }
            }
        }
        for (qi, q) in analysis.quotes.iter().enumerate() {
            if let Some(&o) = outlet_of.get(&q.doc) {
                articles[o].quotes.entry(q.verdict).or_default().push(qi);
            }
        }
        for r in &mut remarks {
            r.alignments.sort_unstable();
            r.alignments.dedup();
        }
        Coverage { remarks, articles }
    }

    /// How article `o` (index into [`Coverage::articles`]) carries remark `r`.
    pub fn carriage(&self, r: usize, o: usize) -> Carriage {
        let p = &self.articles[o];
        if p.quoted.binary_search(&r).is_ok() {
            Carriage::Quoted
        } else if p.paraphrased.binary_search(&r).is_ok() {
            Carriage::Paraphrased
        } else {
            Carriage::Absent
        }
    }

    /// The remark an alignment carries (the first, when it spans several).
    pub fn remark_of(&self, alignment: usize) -> Option<usize> {
        self.remarks.iter().position(|r| r.alignments.contains(&alignment))
    }

    /// An edit as the renderers show it: its remark, source words, target words.
    pub fn edit_words<'a>(
        &self,
        corpus: &'a Corpus,
        analysis: &Analysis,
        e: EditRef,
    ) -> (Option<usize>, &'a str, &'a str) {
        let a = &analysis.alignments[e.alignment];
        let edit = &a.edits[e.edit];
        let docs = &corpus.documents;
        let from = edit.source.map_or("", |s| docs[a.source.doc].slice(s));
        let to = edit.target.map_or("", |s| docs[a.target.doc].slice(s));
        (self.remark_of(e.alignment), from, to)
    }

    /// Remarks no outlet carried.
    pub fn uncarried(&self) -> Vec<usize> {
        (0..self.remarks.len()).filter(|&r| self.remarks[r].alignments.is_empty()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{Document, Role};
    use crate::pipeline;

    #[test]
    fn remarks_outlets_and_untraced_passages() {
        let corpus = Corpus {
            documents: vec![
                Document::new(
                    "t",
                    "Anna Petrova: We will never accept the new tariffs on grain exports. \
                     The harvest this year was the best in a decade for our farmers.\n",
                )
                .with_role(Role::Primary),
                Document::new(
                    "a",
                    "Petrova said her country would “never accept the new tariffs on grain exports”. \
                     Petrova also said the moon is made of cheese and everybody knows it.\n",
                ),
            ],
        };
        let analysis = pipeline::run(&corpus, &Config::default()).unwrap();
        let c = Coverage::build(&corpus, &analysis);
        assert_eq!(c.remarks.len(), 2);
        assert_eq!(c.articles.len(), 1);
        assert_eq!(c.carriage(0, 0), Carriage::Quoted, "{:?}", analysis.alignments);
        assert_eq!(c.carriage(1, 0), Carriage::Absent);
        assert_eq!(c.uncarried(), vec![1]);
        let untraced: Vec<&str> =
            c.articles[0].untraced.iter().map(|s| corpus.documents[1].slice(*s)).collect();
        assert_eq!(
            untraced,
            vec!["Petrova also said the moon is made of cheese and everybody knows it."]
        );
    }
}
