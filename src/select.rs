//! Selection: which scored pairs become alignments.
//!
//! Three steps, after every candidate pair is scored:
//!
//! 1. **Orientation** — which side of a pair is the source. A primary is
//!    always the source against an article; between two documents of the
//!    same standing, the earlier date; on the same (or no) date, the
//!    document the other quotes (`Selector::orient`). A pair whose source
//!    is settled by the documents alone is oriented as soon as it is scored
//!    (`Selector::score`), so that most pairs, which fall below their
//!    threshold, are never held.
//! 2. **Admission** — whether the oriented pair clears its threshold, which
//!    depends on attribution: low when the target speaks for the source's
//!    speaker, higher when it only reports speech, highest when it does
//!    neither; a quotation asks at least a quotation's minimum (`admit`;
//!    the thresholds are `config::AlignConfig`'s).
//! 3. **Choice** — among the admitted pairs, per target sentence and source
//!    document the best ([`align::keep_best`]); between two articles, only
//!    what the primaries vouch for (`choose`).

use rayon::prelude::*;

use crate::align::{self, Context, Oriented, PairMatch};
use crate::model::{Relation, SentenceRef, Span};
use crate::speaker::Voices;

/// What orientation and admission read: the run's context, which documents
/// are primaries, and who speaks where.
pub(crate) struct Selector<'s, 'a> {
    pub(crate) ctx: &'s Context<'a>,
    pub(crate) primary: &'s [bool],
    pub(crate) voices: &'s Voices,
}

impl Selector<'_, '_> {
    /// What to keep of a pair as it is scored ([`candidates`]'s `keep`): a
    /// pair whose source is settled by its documents is oriented (scored
    /// again the other way round when the second sentence is the source)
    /// and admitted or dropped now; any other waits for [`Selector::orient`].
    ///
    /// [`candidates`]: crate::candidates
    pub(crate) fn score(&self, p: PairMatch) -> Option<Scored> {
        let admit = |o: Oriented| admit(self.ctx, self.primary, self.voices, o);
        match settled_source(self.ctx, self.primary, p.a.doc, p.b.doc) {
            Some(true) => admit(Oriented::from_pair(p)).map(Scored::Admitted),
            Some(false) => align::align_pair(self.ctx, p.b, p.a)
                .and_then(|r| admit(Oriented::from_pair(r)))
                .map(Scored::Admitted),
            None => Some(Scored::Pending(Pending::of(self.ctx, p))),
        }
    }

    /// Orients and admits the pairs that waited ([`orient_pending`]), and returns
    /// every admitted pair: those admitted when scored first, then the
    /// others, in the order of the parts.
    ///
    /// The pending pairs (most of the scored ones) are oriented where they
    /// lie, and the admitted ones copied out into a vector of their number,
    /// each part freed once read: the pairs are never held twice.
    pub(crate) fn orient(&self, mut scored: Vec<Vec<Scored>>) -> Vec<Oriented> {
        let admit = |o: Oriented| admit(self.ctx, self.primary, self.voices, o);
        orient_pending(self.ctx, self.primary, &mut scored, &admit);
        let admitted_now = |s: &Scored| matches!(s, Scored::Admitted(_));
        let oriented_now = |s: &Scored| matches!(s, Scored::Oriented(_));
        let count = scored.iter().flatten().filter(|s| admitted_now(s) || oriented_now(s)).count();
        let mut admitted: Vec<Oriented> = Vec::with_capacity(count);
        let oriented = |s: &Scored| match *s {
            Scored::Admitted(o) | Scored::Oriented(o) => Some(o),
            Scored::Pending(_) | Scored::Dropped => None,
        };
        admitted.extend(scored.iter().flatten().filter(|s| admitted_now(s)).filter_map(oriented));
        for part in scored {
            admitted.extend(part.iter().filter(|s| oriented_now(s)).filter_map(oriented));
        }
        admitted
    }
}

/// What the scoring keeps of a pair.
pub(crate) enum Scored {
    /// Oriented and past its threshold.
    Admitted(Oriented),
    /// Between two documents of the same standing and date (or undated):
    /// its source is decided by [`orient_pending`] once every pair is scored.
    Pending(Pending),
    /// A pending pair oriented and admitted ([`orient_pending`]).
    Oriented(Oriented),
    /// A pending pair oriented and not admitted.
    Dropped,
}

/// A pair awaiting orientation: what [`orient_pending`] reads, and, when `a`
/// turns out to be the source, the pair as [`admit`] reads it (48 bytes:
/// millions are held at once on a large corpus).
pub(crate) struct Pending {
    /// The pair as scored, `a` as the source.
    pair: Oriented,
    /// Whether the passage of `a` (of `b`) lies inside quotation marks.
    a_quoted: bool,
    b_quoted: bool,
}

impl Pending {
    fn of(ctx: &Context<'_>, p: PairMatch) -> Pending {
        let quoted = |r: SentenceRef, span: Span| {
            align::relation_of(&ctx.prepared[r.doc as usize], span) == Relation::Quote
        };
        Pending {
            a_quoted: quoted(p.a, p.a_span),
            b_quoted: quoted(p.b, p.b_span),
            pair: Oriented::from_pair(p),
        }
    }
}

/// Whether document `a` is the source against `b` when that is settled by
/// the documents alone: a primary is the source against a non-primary, else
/// the earlier date. `None` for two documents of the same standing and date.
pub(crate) fn settled_source(ctx: &Context<'_>, primary: &[bool], a: u32, b: u32) -> Option<bool> {
    let (pa, pb) = (primary[a as usize], primary[b as usize]);
    if pa != pb {
        return Some(pa);
    }
    match (&ctx.docs[a as usize].date, &ctx.docs[b as usize].date) {
        (Some(da), Some(db)) if da != db => Some(da < db),
        _ => None,
    }
}

/// Orients the pairs whose source is not settled ([`settled_source`]), and
/// admits them ([`admit`]): each becomes [`Scored::Oriented`] or
/// [`Scored::Dropped`].
///
/// On the same (or no) date, the source is the document that the other
/// quotes: the side whose passages sit inside quotation marks less often
/// across the pairs of the two documents. Last resort: input order.
fn orient_pending(
    ctx: &Context<'_>,
    primary: &[bool],
    scored: &mut [Vec<Scored>],
    admit: &(dyn Fn(Oriented) -> Option<Oriented> + Sync),
) {
    // (a doc, b doc) -> (a quoted & b not, b quoted & a not), for the pairs
    // of documents where some pair is quoted on one side only: the others
    // count (0, 0), which a missing entry reads as.
    let mut quoted: rustc_hash::FxHashMap<(u32, u32), (u32, u32)> = Default::default();
    let pending = scored.iter().flatten().filter_map(|s| match s {
        Scored::Pending(p) if p.a_quoted != p.b_quoted => Some(p),
        _ => None,
    });
    for p in pending {
        let e = quoted.entry((p.pair.source.doc, p.pair.target.doc)).or_default();
        if p.a_quoted {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let a_is_source = |a: u32, b: u32| -> bool {
        settled_source(ctx, primary, a, b).unwrap_or_else(|| {
            let (a_quoted, b_quoted) = quoted.get(&(a, b)).copied().unwrap_or_default();
            if a_quoted != b_quoted {
                b_quoted > a_quoted
            } else {
                a < b
            }
        })
    };
    // `align_pair` treats its first sentence as the source (the score weighs
    // the sides differently, and the target's passage is found first); the
    // index proposes pairs in input order, so a pair whose source comes later
    // is scored again the right way round. Output then does not depend on
    // the order of the inputs.
    scored.par_iter_mut().flat_map(|part| part.par_iter_mut()).for_each(|s| {
        let Scored::Pending(Pending { pair, .. }) = *s else {
            return;
        };
        let oriented = if a_is_source(pair.source.doc, pair.target.doc) {
            admit(pair)
        } else {
            align::align_pair(ctx, pair.target, pair.source)
                .map(Oriented::from_pair)
                .and_then(admit)
        };
        *s = oriented.map_or(Scored::Dropped, Scored::Oriented);
    });
}

/// Whether an oriented pair clears its threshold, with its score as
/// reported (an interviewer's sentence as the source is discounted): the
/// threshold is the lowest when the target speaks for the source's speaker,
/// higher when it only reports speech, highest when it does neither; a
/// quoted target asks at least `min_score_quote`. A target passage quoted
/// from a named person who is not in the source is not admitted.
fn admit(
    ctx: &Context<'_>,
    primary: &[bool],
    voices: &Voices,
    mut o: Oriented,
) -> Option<Oriented> {
    let cfg = ctx.config;
    let (s, t) = (o.source, o.target);
    // Attributed to the source's speaker; for a source that is not a
    // primary (an interview an article reprints), to any primary's.
    let attributed = if primary[s.doc as usize] {
        voices.attributed_to(t, s.doc as usize)
    } else {
        voices.attributed[t.doc as usize][t.sent as usize]
    };
    if !voices.could_be_from(ctx.prepared, t.doc as usize, o.target_span(), s.doc as usize) {
        return None;
    }
    if voices.interviewer[s.doc as usize][s.sent as usize] {
        // Words the article gives to the speaker are not the interviewer's.
        if attributed {
            return None;
        }
        o.score *= cfg.interviewer_credit as f64;
    }
    let reported = ctx.prepared[t.doc as usize].reported[t.sent as usize];
    let speaks = if primary[s.doc as usize] && voices.knows_speaker(s.doc as usize) {
        attributed || (reported && voices.same_party(s, t))
    } else {
        reported
    };
    let min = if speaks {
        cfg.min_score
    } else if reported {
        cfg.min_score_reported
    } else {
        cfg.min_score_unreported
    };
    let quoted =
        align::relation_of(&ctx.prepared[t.doc as usize], o.target_span()) == Relation::Quote;
    let min = if quoted { min.max(cfg.min_score_quote) } else { min };
    (o.score >= min).then_some(o)
}

/// Chooses among admitted alignments ([`admit`]): those with a primary as
/// they come; those between two
/// articles only when both carry the same primary remark, when neither
/// passage carries any primary remark and the score clears `article_min`, or
/// when only the source passage carries one and the score clears
/// `min_score_reported` too (the target relays the source's version of it).
/// A target passage that carries a primary remark the source passage does
/// not is another remark, whatever words they share.
pub(crate) fn choose(
    ctx: &Context<'_>,
    primary: &[bool],
    oriented: Vec<Oriented>,
    article_min: f64,
) -> Vec<Oriented> {
    let cfg = ctx.config;
    // Split in place (a partition into two new vectors would hold three
    // times the pairs' memory at once): the pairs with a primary, the fewer,
    // are moved out.
    let with_a_primary =
        |o: &Oriented| primary[o.source.doc as usize] || primary[o.target.doc as usize];
    let mut between = oriented;
    let mut with_primary = Vec::with_capacity(between.iter().filter(|o| with_a_primary(o)).count());
    between.retain(|o| {
        let moved = with_a_primary(o);
        if moved {
            with_primary.push(*o);
        }
        !moved
    });
    let evidence = |o: &Oriented| align::evidence(ctx, o);
    let with_primary = align::keep_best(with_primary, cfg.second_source_words, &evidence);
    // For a passage of an article: the primary sentences it carries. The
    // alignments with a primary are grouped by target document once, so that
    // each look-up reads one document's alignments, not all of them.
    let mut by_target: rustc_hash::FxHashMap<u32, Vec<&Oriented>> = Default::default();
    for o in &with_primary {
        if !primary[o.target.doc as usize] {
            by_target.entry(o.target.doc).or_default().push(o);
        }
    }
    let carried = |doc: u32, span: Span| -> Vec<SentenceRef> {
        let mut v: Vec<SentenceRef> = by_target
            .get(&doc)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|o| {
                let ov = o.target_span().overlap(span);
                ov * 2 >= o.target_span().len().min(span.len()).max(1)
            })
            .map(|o| o.source)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // Decided on every thread, a flag per pair, then kept in place (a
    // parallel filter would hold a second vector of the pairs).
    let keep: Vec<bool> = between
        .par_iter()
        .with_min_len(1024)
        .map(|o| {
            let s = carried(o.source.doc, o.source_span());
            let t = carried(o.target.doc, o.target_span());
            if s.is_empty() && t.is_empty() {
                o.score >= article_min
            } else if t.is_empty() {
                // The target relays the source's version of a remark (a
                // newspaper quoting a statement that renders the remark in
                // its own words): it is asked the evidence of reported speech.
                o.score >= article_min.max(cfg.min_score_reported)
            } else {
                s.iter().any(|x| t.contains(x))
            }
        })
        .collect();
    let mut keep = keep.into_iter();
    between.retain(|_| keep.next().expect("a flag per pair"));
    let mut all = with_primary;
    all.extend(align::keep_best(between, cfg.second_source_words, &evidence));
    all
}
