//! Findings kept between checks of one document (the language server's, through
//! `ScanCache`): what a paragraph-local check (`Check::paragraph_local`) finds in a
//! top-level paragraph — the paragraph, its items and theirs — depends on that
//! paragraph alone (its text, its clauses, their analyses) and on the few facts of the
//! draft listed in `Context`. A paragraph the edit did not reach, whose clauses and
//! analyses are those of the last check moved with it, keeps its findings, moved with
//! it; only the others are judged again. Every other check runs on the whole draft, as
//! the issue asks of document-level rules.

use std::ops::Range;
use std::sync::Arc;

use super::carry::Worked;
use crate::analyse::{Analysis, ClauseAnalysis};
use crate::diagnostic::Diagnostic;
use crate::model::{Document, SourceFormat};
use crate::span::{Span, TextEdit};
pub(crate) use crate::unchanged::Paragraph;
use crate::unchanged::{moved_by, same_span, Moved, Unchanged};

/// What a paragraph-local check reads beyond the paragraph, besides which clause is
/// the last operative one (the punctuation check wants a full stop there: compared per
/// paragraph): the mission its messages name and the format.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Context {
    mission: Option<String>,
    format: SourceFormat,
}

impl Context {
    fn of(doc: &Document, analysis: &Analysis) -> Context {
        Context {
            mission: analysis.mission.clone(),
            format: doc.format,
        }
    }
}

/// What a check reads of its own document to compare the next with it.
pub(super) struct Outline {
    pub paragraphs: Vec<Paragraph>,
    context: Context,
    last_operative: Option<usize>,
}

/// The last check, and each rule's findings per paragraph of it.
struct Last {
    doc: Arc<Document>,
    analysis: Arc<Analysis>,
    outline: Outline,
    /// By rule (its index in the rule set), when it ran paragraph by paragraph: what it
    /// found in each paragraph (`Kept`).
    kept: Vec<Option<Kept>>,
    /// The lists its context worked out clause by clause (`carry`).
    worked: Worked,
}

/// One rule's findings, paragraph by paragraph: the paragraphs where it found
/// something, in order, each with its findings (spans from the paragraph's start), and
/// those whose findings reached outside them (judged again). A paragraph in neither
/// found nothing: most find nothing, and a check walks only those that did, not every
/// paragraph for every rule.
#[derive(Debug, Default)]
pub(super) struct Kept {
    pub found: Vec<(usize, Vec<Diagnostic>)>,
    pub outside: Vec<usize>,
}

/// The rule findings kept for the next check of a document.
#[derive(Default)]
pub struct RuleCache {
    /// The rule set the findings came from (`RuleSet::id`).
    rules: u64,
    last: Option<Last>,
    /// (paragraphs judged, paragraphs whose findings were kept) by the paragraph-local
    /// rules in the last check, each rule counted apart.
    counts: (usize, usize),
}

impl std::fmt::Debug for RuleCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleCache")
            .field("rules", &self.rules)
            .field("kept", &self.last.as_ref().map(|l| l.kept.len()))
            .finish()
    }
}

/// A check's view of the last one: for each paragraph of the new document, the
/// paragraph of the last it is (moved), when it is that one unchanged, and each
/// rule's kept findings, taken out of the cache.
pub(super) struct Reuse {
    /// The new document's paragraphs and context, kept with it by `end`.
    pub now: Outline,
    pub same_as: Vec<Option<usize>>,
    pub kept: Vec<Option<Kept>>,
    /// The last check's lists and, for each paragraph the same as one of its, that
    /// one's first clause (`carry::Carry`), when there was a last check.
    pub carried: Option<(Worked, Vec<Option<usize>>)>,
}

impl RuleCache {
    /// (paragraphs judged, paragraphs whose findings were kept) by the paragraph-local
    /// rules in the last check, each rule counted apart.
    pub fn last_counts(&self) -> (usize, usize) {
        self.counts
    }

    /// The last check's document, analysis and the lists its context worked out.
    #[cfg(test)]
    pub(crate) fn last_worked(&self) -> Option<(&Document, &Analysis, &Worked)> {
        self.last
            .as_ref()
            .map(|l| (&*l.doc, &*l.analysis, &l.worked))
    }

    /// The text of the last check, if any (what the next one is compared with).
    pub fn last_text(&self) -> Option<&str> {
        self.last.as_ref().map(|l| l.doc.text.as_str())
    }

    /// The last check's document and its paragraphs, when there is one (what the next
    /// check compares its own with: `unchanged::moved_paragraphs`), and its analysis.
    pub(crate) fn last_check(&self) -> Option<(&Document, &[Paragraph], &Analysis)> {
        self.last
            .as_ref()
            .map(|l| (&*l.doc, l.outline.paragraphs.as_slice(), &*l.analysis))
    }

    /// Compares the new document with the last check's, paragraph by paragraph:
    /// `unchanged` says which paragraph of the last check each is, with the same
    /// clauses, and which kept their analyses (those are not compared again); `edit` is
    /// where their texts differ.
    pub(super) fn begin(
        &mut self,
        rules: u64,
        (doc, analysis): (&Document, &Analysis),
        edit: TextEdit,
        rule_count: usize,
        unchanged: Unchanged,
    ) -> Reuse {
        let Unchanged {
            paragraphs,
            moved,
            analyses_kept,
        } = unchanged;
        let now = Outline {
            paragraphs,
            context: Context::of(doc, analysis),
            last_operative: last_operative(doc),
        };
        let mut same_as = vec![None; now.paragraphs.len()];
        let mut kept = Vec::new();
        let mut carried = None;
        let last = self.last.take().filter(|_| self.rules == rules);
        if let Some(mut last) = last {
            let context_holds = last.outline.context == now.context
                && same_furniture(&last.doc, doc, edit)
                && last.kept.len() == rule_count;
            if context_holds {
                let paragraphs = now.paragraphs.iter().zip(moved).zip(analyses_kept);
                for (slot, ((para, moved), analysis_kept)) in same_as.iter_mut().zip(paragraphs) {
                    *slot = moved
                        .filter(|&m| {
                            same_paragraph(
                                &last,
                                para,
                                m,
                                analysis,
                                analysis_kept,
                                now.last_operative,
                            )
                        })
                        .map(|m| m.old);
                }
                kept = std::mem::take(&mut last.kept);
            }
            let first_clauses = same_as
                .iter()
                .map(|old| {
                    let old = last.outline.paragraphs.get((*old)?)?;
                    Some(old.clauses.start)
                })
                .collect();
            carried = Some((std::mem::take(&mut last.worked), first_clauses));
        }
        self.rules = rules;
        kept.resize_with(rule_count, || None);
        Reuse {
            now,
            same_as,
            kept,
            carried,
        }
    }

    /// Keeps this check (its document and analysis, shared with its result, and what
    /// `begin` read of them) and each rule's findings for the next.
    pub(super) fn end(
        &mut self,
        doc: Arc<Document>,
        analysis: Arc<Analysis>,
        outline: Outline,
        kept: Vec<Option<Kept>>,
        (counts, worked): ((usize, usize), Worked),
    ) {
        self.counts = counts;
        self.last = Some(Last {
            doc,
            analysis,
            outline,
            kept,
            worked,
        });
    }
}

/// Whether `para`, the last check's paragraph `moved.old` with the same clauses,
/// keeps its findings: the same analyses (unless they were kept) and the last
/// operative clause in it (or not) at the same place.
fn same_paragraph(
    last: &Last,
    para: &Paragraph,
    moved: Moved,
    analysis: &Analysis,
    analysis_kept: bool,
    last_operative: Option<usize>,
) -> bool {
    let Some(old) = last.outline.paragraphs.get(moved.old) else {
        return false;
    };
    let relative = |at: Option<usize>, clauses: &Range<usize>| {
        at.filter(|i| clauses.contains(i))
            .map(|i| i - clauses.start)
    };
    if relative(last_operative, &para.clauses)
        != relative(last.outline.last_operative, &old.clauses)
    {
        return false;
    }
    analysis_kept
        || para.clauses.clone().zip(old.clauses.clone()).all(|(i, j)| {
            match (analysis.clauses.get(i), last.analysis.clauses.get(j)) {
                (Some(a), Some(old_a)) => same_analysis(a, old_a),
                (None, None) => true,
                _ => false,
            }
        })
}

/// The index of the last operative clause.
fn last_operative(doc: &Document) -> Option<usize> {
    doc.operative().map(|(i, _)| i).last()
}

/// Whether the page furniture (which the clauses' own texts are cut at) is the last
/// check's, moved by the edit.
fn same_furniture(old: &Document, new: &Document, edit: TextEdit) -> bool {
    old.furniture.len() == new.furniture.len()
        && old
            .furniture
            .iter()
            .zip(&new.furniture)
            .all(|(&o, &n)| same_span(n, o, moved_by(o, edit)))
}

/// Whether analysis `new` is `old` (its places count from its paragraph's start, and
/// its lexicon hits are in the clause's own text: neither moves with the paragraph).
fn same_analysis(new: &Arc<ClauseAnalysis>, old: &Arc<ClauseAnalysis>) -> bool {
    Arc::ptr_eq(new, old) || **new == **old
}

/// The findings `found` (made on `para`) with spans from the paragraph's start, or
/// `None` when one reaches outside it.
pub(super) fn relative(found: &[Diagnostic], para: &Paragraph) -> Option<Vec<Diagnostic>> {
    let inside = |s: Span| para.span.start <= s.start && s.end <= para.span.end;
    let mut out = Vec::with_capacity(found.len());
    for d in found {
        if !spans(d).all(inside) {
            return None;
        }
        let mut d = d.clone();
        move_spans(&mut d, |s| s.shifted(-(para.span.start as isize)));
        out.push(d);
    }
    Some(out)
}

/// A kept finding placed at `para` (its spans were from the paragraph's start).
pub(super) fn placed(d: &Diagnostic, para: &Paragraph) -> Diagnostic {
    let mut d = d.clone();
    move_spans(&mut d, |s| s.shifted(para.span.start as isize));
    d
}

/// Every span a finding carries.
fn spans(d: &Diagnostic) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(d.span)
        .chain(d.related.iter().map(|r| r.span))
        .chain(d.suggestion.iter().map(|s| s.span))
        .chain(d.precedent.iter().map(|p| p.suggestion.span))
}

fn move_spans(d: &mut Diagnostic, f: impl Fn(Span) -> Span) {
    d.span = f(d.span);
    for r in &mut d.related {
        r.span = f(r.span);
    }
    if let Some(s) = &mut d.suggestion {
        s.span = f(s.span);
    }
    if let Some(p) = &mut d.precedent {
        p.suggestion.span = f(p.suggestion.span);
    }
}
