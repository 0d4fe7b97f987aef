//! After assembly: references ("11(b)", "pp3", "h2", "7(f)-2", "38(d).p1"), heading
//! items, the Chapter VII line and the structural problems worth reporting.

use rustc_hash::FxHashMap;
use smol_str::{format_smolstr, SmolStr, SmolStrBuilder};

use std::ops::Range;

use super::assemble::WalkStats;
use super::cues::ParseCues;
use crate::model::{Clause, Document, LabelKind, ParseIssue, Part};
use crate::span::Span;

/// The running counts the references of unnumbered clauses take their numbers from
/// ("pp3", "h2", "op1", "annex.p2").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counters {
    preambular: u32,
    headings: u32,
    unnumbered: u32,
    annex_unnumbered: u32,
}

/// How a clause's reference is made: decided in document order (it advances the
/// counters), written out with its lead-in's reference.
enum Shape<'c> {
    Heading(u32),
    /// "{lead-in}-{nth dash item}".
    Dash,
    /// "{lead-in}({label})".
    Item(&'c str),
    AnnexNumber(&'c SmolStr),
    AnnexOther(&'c str),
    Preambular(u32),
    Number(&'c SmolStr),
    Unnumbered(u32),
    Paren(&'c str),
    AnnexParagraph(u32),
    /// "{lead-in}.p{nth unlabelled item}".
    Unlabelled,
}

/// The shape of the reference of clause `c`, whose lead-in has a reference when
/// `has_lead_in` (it comes before `c`), advancing `k`.
fn shape<'c>(c: &'c Clause, has_lead_in: bool, k: &mut Counters) -> Shape<'c> {
    match (&c.label, c.part, has_lead_in) {
        (_, Part::Heading, _) => {
            k.headings += 1;
            Shape::Heading(k.headings)
        }
        (Some(l), _, true) if l.kind == LabelKind::Dash => Shape::Dash,
        (Some(l), _, true) => Shape::Item(&l.text),
        (Some(l), Part::Annex, false) => match l.kind {
            LabelKind::Number => Shape::AnnexNumber(&l.text),
            _ => Shape::AnnexOther(&l.text),
        },
        (Some(l), Part::Preambular, false) if l.kind != LabelKind::Number => {
            k.preambular += 1;
            Shape::Preambular(k.preambular)
        }
        (Some(l), _, false) => match l.kind {
            LabelKind::Number => Shape::Number(&l.text),
            LabelKind::Dash => {
                k.unnumbered += 1;
                Shape::Unnumbered(k.unnumbered)
            }
            _ => Shape::Paren(&l.text),
        },
        (None, Part::Preambular, _) => {
            k.preambular += 1;
            Shape::Preambular(k.preambular)
        }
        (None, Part::Annex, _) => {
            k.annex_unnumbered += 1;
            Shape::AnnexParagraph(k.annex_unnumbered)
        }
        (None, _, true) => Shape::Unlabelled,
        (None, _, false) => {
            k.unnumbered += 1;
            Shape::Unnumbered(k.unnumbered)
        }
    }
}

/// Reference `shape` of clause `i` written out; `lead_in`: its lead-in's reference;
/// `unlabelled`: unlabelled items counted per lead-in so far.
fn write(
    shape: Shape<'_>,
    i: usize,
    clauses: &[Clause],
    lead_in: &str,
    unlabelled: &mut FxHashMap<usize, u32>,
) -> SmolStr {
    let parent = clauses.get(i).and_then(|c| c.parent);
    match shape {
        Shape::Heading(n) => format_smolstr!("h{n}"),
        Shape::Dash => {
            let nth = parent
                .and_then(|p| clauses.get(p))
                .map(|p| {
                    p.children
                        .iter()
                        .take_while(|&&ch| ch != i)
                        .filter(|&&ch| {
                            clauses.get(ch).is_some_and(|s| {
                                s.label.as_ref().is_some_and(|l| l.kind == LabelKind::Dash)
                            })
                        })
                        .count()
                        + 1
                })
                .unwrap_or(1);
            format_smolstr!("{lead_in}-{nth}")
        }
        // The most common reference by far ("11(b)", "29(ii)(f)"): joined by hand,
        // every clause's reference is made again on each keystroke.
        Shape::Item(label) => {
            let mut r = SmolStrBuilder::new();
            r.push_str(lead_in);
            r.push('(');
            r.push_str(label);
            r.push(')');
            r.finish()
        }
        Shape::AnnexNumber(label) => format_smolstr!("annex.{label}"),
        Shape::AnnexOther(label) => format_smolstr!("annex.({label})"),
        Shape::Preambular(n) => format_smolstr!("pp{n}"),
        Shape::Number(label) => label.clone(),
        Shape::Unnumbered(n) => format_smolstr!("op{n}"),
        Shape::Paren(label) => format_smolstr!("({label})"),
        Shape::AnnexParagraph(n) => format_smolstr!("annex.p{n}"),
        Shape::Unlabelled => {
            let nth = parent.map_or(1, |p| {
                let n = unlabelled.entry(p).or_insert(0);
                *n += 1;
                *n
            });
            format_smolstr!("{lead_in}.p{nth}")
        }
    }
}

/// The references of clauses `range` before repeats are told apart ("~2"), the counters
/// starting at `k` and left as after them. `None` when a clause's lead-in lies before
/// the range (its reference is not made here).
fn raw_references(
    clauses: &[Clause],
    range: Range<usize>,
    k: &mut Counters,
) -> Option<Vec<SmolStr>> {
    let from = range.start;
    let mut refs: Vec<SmolStr> = Vec::with_capacity(range.len());
    let mut unlabelled: FxHashMap<usize, u32> = FxHashMap::default();
    for i in range {
        let c = clauses.get(i)?;
        let lead_in = match c.parent {
            Some(p) if p < from => return None,
            Some(p) => refs.get(p - from).map(SmolStr::as_str),
            None => None,
        };
        let shape = shape(c, lead_in.is_some(), k);
        refs.push(write(
            shape,
            i,
            clauses,
            lead_in.unwrap_or(""),
            &mut unlabelled,
        ));
    }
    Some(refs)
}

/// How many times each reference (before repeats are told apart) occurs in a parse's
/// document: kept by the language server's parse for the next (`finish_reusing`).
#[derive(Clone, Debug, Default)]
pub(super) struct ReferenceCounts {
    counts: FxHashMap<SmolStr, u32>,
    /// The document counted: its clause count and text length.
    of: (usize, usize),
}

/// What the parse took from the last document (`assemble::resume`): its first
/// `clauses_kept` clauses as they were, and from `clauses_moved` = (new index, old
/// index) on its clauses moved.
pub(super) struct Taken<'a> {
    pub last: &'a Document,
    pub stats: WalkStats,
}

/// Assigns references, marks the Chapter VII line and reports structural problems.
pub(super) fn finish(text: &str, doc: &mut Document, cues: &ParseCues) {
    reference_all(doc, cues);
    structure(text, doc);
}

/// Every clause's reference and heading-item mark, made afresh; how often each
/// reference (before repeats are told apart) occurs.
fn reference_all(doc: &mut Document, cues: &ParseCues) -> FxHashMap<SmolStr, u32> {
    // From the first clause no lead-in lies before the range: always made.
    let refs = raw_references(&doc.clauses, 0..doc.clauses.len(), &mut Counters::default())
        .unwrap_or_default();
    let mut seen = FxHashMap::default();
    number_repeats(doc, &refs, &mut seen, 0);
    mark_titles(doc, cues, 0..usize::MAX);
    seen
}

/// `finish` for the language server's parse: where the walk took clauses from the last
/// document (`taken`) and `counts` are the last document's, only the references and
/// heading-item marks of the clauses the walk placed are made again — when the
/// counters after them and the repeats around them are as they were, so that the
/// clauses taken keep theirs. `counts` are left those of this document. How many
/// clauses' references were made.
pub(super) fn finish_reusing(
    text: &str,
    doc: &mut Document,
    cues: &ParseCues,
    taken: Option<Taken<'_>>,
    counts: &mut Option<ReferenceCounts>,
) -> usize {
    let mut made = doc.clauses.len();
    let kept = counts.take().and_then(|mut counts| {
        let taken = taken?;
        let last = taken.last;
        (counts.of == (last.clauses.len(), last.text.len())).then_some(())?;
        let placed = references_placed(doc, &taken, &mut counts)?;
        made = placed.len();
        mark_titles(doc, cues, placed);
        counts.of = (doc.clauses.len(), text.len());
        Some(counts)
    });
    *counts = kept.or_else(|| {
        Some(ReferenceCounts {
            counts: reference_all(doc, cues),
            of: (doc.clauses.len(), text.len()),
        })
    });
    structure(text, doc);
    made
}

/// Sets the references of the clauses from `from` on to `refs` with repeats told apart
/// ("~2", "~3"), counting in `seen` (the references before them).
fn number_repeats(
    doc: &mut Document,
    refs: &[SmolStr],
    seen: &mut FxHashMap<SmolStr, u32>,
    from: usize,
) {
    let clauses = doc.clauses.get_mut(from..).unwrap_or_default();
    for (clause, r) in clauses.iter_mut().zip(refs) {
        let count = match seen.get_mut(r.as_str()) {
            Some(n) => {
                *n += 1;
                *n
            }
            None => {
                seen.insert(r.clone(), 1);
                1
            }
        };
        clause.reference = if count > 1 {
            format_smolstr!("{r}~{count}")
        } else {
            r.clone()
        };
    }
}

/// The references of the clauses the walk placed (between those it took before and
/// after), made again, when the others keep theirs: the counters after the placed
/// clauses are those after the last document's, and the placed clauses' references
/// are the last document's there, or none of them, now or then, occurs elsewhere (its
/// repeats are then the placed clauses' own). `counts` are then updated. The placed
/// clauses' indices.
fn references_placed(
    doc: &mut Document,
    taken: &Taken<'_>,
    counts: &mut ReferenceCounts,
) -> Option<Range<usize>> {
    let last = taken.last;
    let from = taken.stats.clauses_kept;
    let (to, old_to) = taken
        .stats
        .clauses_moved
        .unwrap_or((doc.clauses.len(), last.clauses.len()));
    if from > to || to > doc.clauses.len() || from > old_to || old_to > last.clauses.len() {
        return None;
    }
    // The counters before the placed clauses (the clauses before them are the last
    // document's).
    let mut k = Counters::default();
    for (i, c) in doc.clauses.get(..from)?.iter().enumerate() {
        shape(c, c.parent.is_some_and(|p| p < i), &mut k);
    }
    let mut old_k = k;
    let now = raw_references(&doc.clauses, from..to, &mut k)?;
    let then = raw_references(&last.clauses, from..old_to, &mut old_k)?;
    // The clauses after read no lead-in before them.
    let after_own_lead_ins = doc
        .clauses
        .get(to..)?
        .iter()
        .all(|c| c.parent.is_none_or(|p| p >= to));
    if k != old_k || !after_own_lead_ins {
        return None;
    }
    // The same references in the same order (an edit inside a paragraph): the repeats
    // around them are as they were, and the placed clauses take the last document's
    // ("~2" included), even where the draft repeats them (annexes numbered afresh).
    if now == then {
        let placed = doc.clauses.get_mut(from..to)?;
        for (clause, old) in placed.iter_mut().zip(last.clauses.get(from..old_to)?) {
            clause.reference = old.reference.clone();
        }
        return Some(from..to);
    }
    let mut then_counts: FxHashMap<&str, u32> = FxHashMap::default();
    for r in &then {
        *then_counts.entry(r.as_str()).or_insert(0) += 1;
    }
    let only_here = now.iter().chain(&then).all(|r| {
        counts.counts.get(r.as_str()).copied().unwrap_or(0)
            == then_counts.get(r.as_str()).copied().unwrap_or(0)
    });
    if !only_here {
        return None;
    }
    for r in &then {
        if let Some(n) = counts.counts.get_mut(r.as_str()) {
            *n -= 1;
            if *n == 0 {
                counts.counts.remove(r.as_str());
            }
        }
    }
    for r in &now {
        *counts.counts.entry(r.clone()).or_insert(0) += 1;
    }
    number_repeats(doc, &now, &mut FxHashMap::default(), from);
    Some(from..to)
}

/// Marks the heading items among clauses `range`: a labelled item with items of its
/// own whose text is a title.
fn mark_titles(doc: &mut Document, cues: &ParseCues, range: Range<usize>) {
    let end = range.end.min(doc.clauses.len());
    let Some(clauses) = doc.clauses.get_mut(range.start.min(end)..end) else {
        return;
    };
    for c in clauses {
        c.title = c.parent.is_some()
            && !c.children.is_empty()
            && c.label.as_ref().is_some_and(|l| l.kind != LabelKind::Dash)
            && cues.heading_item_text(&c.norm.text);
    }
}

/// The Chapter VII line and the structural problems worth reporting.
fn structure(text: &str, doc: &mut Document) {
    doc.chapter_vii = doc
        .clauses
        .iter()
        .find(|c| c.part == Part::Preambular && c.norm.text.starts_with("Acting under Chapter VII"))
        .map(|c| c.span);
    // A paragraph number printed without its full stop ("11 Condemns …"), read as the
    // paragraph it is: the slip is still the published text's.
    let unpointed: Vec<ParseIssue> = doc
        .clauses
        .iter()
        .filter(|c| c.parent.is_none() && c.part == Part::Operative)
        .filter_map(|c| c.label.as_ref())
        .filter(|l| l.kind == LabelKind::Number)
        .filter(|l| {
            !l.span.slice(text).ends_with('.')
                && !text.get(l.span.end..).is_some_and(|t| t.starts_with('.'))
        })
        .map(|l| ParseIssue {
            span: l.span,
            message: format!(
                "paragraph {} is numbered \"{}\" without the full stop after it (write \"{}.\")",
                l.value, l.text, l.value
            ),
        })
        .collect();
    doc.issues.extend(unpointed);
    if doc.council_line.is_some() && !doc.clauses.iter().any(|c| c.part == Part::Operative) {
        let at = doc.clauses.last().map_or(text.len(), |c| c.span.end);
        doc.issues.push(ParseIssue {
            span: Span::empty(at),
            message: "no operative paragraph was found after the preamble".into(),
        });
    }
}
