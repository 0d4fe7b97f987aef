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

use crate::analyse::{Addressee, Analysis, ClauseAnalysis, Task, Verb};
use crate::diagnostic::Diagnostic;
use crate::model::{Clause, Document, Label, SourceFormat};
use crate::span::{Span, TextEdit};

/// A top-level paragraph: its clauses (the first has no parent; its items and theirs
/// follow it) and the text from the start of the first to the end of the last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Paragraph {
    pub clauses: Range<usize>,
    pub span: Span,
}

/// The top-level paragraphs of a document, in order.
pub(super) fn paragraphs(doc: &Document) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    for (i, c) in doc.clauses.iter().enumerate() {
        match out.last_mut() {
            Some(p) if c.parent.is_some() => {
                p.clauses.end = i + 1;
                p.span = p.span.join(c.span);
            }
            _ => out.push(Paragraph {
                clauses: i..i + 1,
                span: c.span,
            }),
        }
    }
    out
}

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
    /// By rule (its index in the rule set), when it ran paragraph by paragraph: by
    /// paragraph, its findings with spans from the paragraph's start, or `None` when
    /// one lay outside it (then judged again).
    kept: Vec<Option<Kept>>,
}

/// One rule's findings, paragraph by paragraph.
pub(super) type Kept = Vec<Option<Vec<Diagnostic>>>;

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
}

impl RuleCache {
    /// (paragraphs judged, paragraphs whose findings were kept) by the paragraph-local
    /// rules in the last check, each rule counted apart.
    pub fn last_counts(&self) -> (usize, usize) {
        self.counts
    }

    /// The text of the last check, if any (what the next one is compared with).
    pub fn last_text(&self) -> Option<&str> {
        self.last.as_ref().map(|l| l.doc.text.as_str())
    }

    /// Compares the new document with the last check's, paragraph by paragraph;
    /// `edit` is where their texts differ.
    pub(super) fn begin(
        &mut self,
        rules: u64,
        doc: &Document,
        analysis: &Analysis,
        edit: TextEdit,
        rule_count: usize,
    ) -> Reuse {
        let now = Outline {
            paragraphs: paragraphs(doc),
            context: Context::of(doc, analysis),
            last_operative: last_operative(doc),
        };
        let mut same_as = vec![None; now.paragraphs.len()];
        let mut kept = Vec::new();
        let last = self.last.take().filter(|_| self.rules == rules);
        if let Some(mut last) = last {
            let context_holds = last.outline.context == now.context
                && same_furniture(&last.doc, doc, edit)
                && last.kept.len() == rule_count;
            if context_holds {
                for (slot, para) in same_as.iter_mut().zip(&now.paragraphs) {
                    *slot = same_paragraph(&last, para, doc, analysis, edit, now.last_operative);
                }
                kept = std::mem::take(&mut last.kept);
            }
        }
        self.rules = rules;
        kept.resize_with(rule_count, || None);
        Reuse { now, same_as, kept }
    }

    /// Keeps this check (its document and analysis, shared with its result, and what
    /// `begin` read of them) and each rule's findings for the next.
    pub(super) fn end(
        &mut self,
        doc: Arc<Document>,
        analysis: Arc<Analysis>,
        outline: Outline,
        kept: Vec<Option<Kept>>,
        counts: (usize, usize),
    ) {
        self.counts = counts;
        self.last = Some(Last {
            doc,
            analysis,
            outline,
            kept,
        });
    }
}

/// Which paragraph of the last check `para` is, moved and unchanged: outside the edit,
/// at the same place (moved by the edit when after it), with the same clauses and
/// analyses, and the last operative clause in it (or not) at the same place.
fn same_paragraph(
    last: &Last,
    para: &Paragraph,
    doc: &Document,
    analysis: &Analysis,
    edit: TextEdit,
    last_operative: Option<usize>,
) -> Option<usize> {
    let old_start = if para.span.end < edit.start {
        para.span.start
    } else if para.span.start > edit.new_end {
        para.span.start.checked_add_signed(-edit.shift())?
    } else {
        return None;
    };
    let p = last
        .outline
        .paragraphs
        .binary_search_by_key(&old_start, |q| q.span.start)
        .ok()?;
    let old = last.outline.paragraphs.get(p)?;
    if old.span.len() != para.span.len() || old.clauses.len() != para.clauses.len() {
        return None;
    }
    let by = para.span.start as isize - old_start as isize;
    let relative = |at: Option<usize>, clauses: &Range<usize>| {
        at.filter(|i| clauses.contains(i))
            .map(|i| i - clauses.start)
    };
    if relative(last_operative, &para.clauses)
        != relative(last.outline.last_operative, &old.clauses)
    {
        return None;
    }
    let index_by = para.clauses.start as isize - old.clauses.start as isize;
    let all_same = para.clauses.clone().zip(old.clauses.clone()).all(|(i, j)| {
        match (
            doc.clauses.get(i),
            last.doc.clauses.get(j),
            analysis.clauses.get(i),
            last.analysis.clauses.get(j),
        ) {
            (Some(c), Some(old_c), Some(a), Some(old_a)) => {
                same_clause(c, old_c, by, index_by) && same_analysis(a, old_a, by)
            }
            (Some(c), Some(old_c), None, None) => same_clause(c, old_c, by, index_by),
            _ => false,
        }
    });
    all_same.then_some(p)
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

/// How far an old span moved: not at all before the edit, by its shift after it;
/// `None` when it meets the edit.
fn moved_by(old: Span, edit: TextEdit) -> Option<isize> {
    if old.end < edit.start {
        Some(0)
    } else if old.start > edit.old_end {
        Some(edit.shift())
    } else {
        None
    }
}

fn same_span(new: Span, old: Span, by: Option<isize>) -> bool {
    by.is_some_and(|by| {
        old.start.checked_add_signed(by) == Some(new.start)
            && old.end.checked_add_signed(by) == Some(new.end)
    })
}

fn moved(new: Span, old: Span, by: isize) -> bool {
    same_span(new, old, Some(by))
}

/// Whether clause `new` is `old` moved by `by` bytes and its relatives' indices by
/// `index_by`. Every field is named, so a field added to `Clause` must be compared.
fn same_clause(new: &Clause, old: &Clause, by: isize, index_by: isize) -> bool {
    let Clause {
        part,
        depth,
        label,
        reference,
        parent,
        children,
        span,
        body,
        norm,
        title,
    } = new;
    let index = |new: usize, old: usize| old.checked_add_signed(index_by) == Some(new);
    *part == old.part
        && *depth == old.depth
        && same_option(label.as_ref(), old.label.as_ref(), |n, o| {
            same_label(n, o, by)
        })
        && *reference == old.reference
        && same_option(*parent, old.parent, index)
        && children.len() == old.children.len()
        && children
            .iter()
            .zip(&old.children)
            .all(|(&n, &o)| index(n, o))
        && moved(*span, old.span, by)
        && moved(*body, old.body, by)
        && norm.same_moved(&old.norm, by)
        && *title == old.title
}

/// Both absent, or both present and `same`.
fn same_option<T>(new: Option<T>, old: Option<T>, same: impl Fn(T, T) -> bool) -> bool {
    match (new, old) {
        (None, None) => true,
        (Some(n), Some(o)) => same(n, o),
        _ => false,
    }
}

fn same_label(new: &Label, old: &Label, by: isize) -> bool {
    let Label {
        kind,
        text,
        value,
        span,
    } = new;
    *kind == old.kind && *text == old.text && *value == old.value && moved(*span, old.span, by)
}

/// Whether analysis `new` is `old` with its spans moved by `by` (lexicon hits are in
/// the clause's own text: compared as they are). Every field is named.
fn same_analysis(new: &ClauseAnalysis, old: &ClauseAnalysis, by: isize) -> bool {
    let ClauseAnalysis {
        verb,
        addressee,
        dsr_task,
        dsr,
        tasks,
        ssr,
        categories,
        engagement,
        levels,
        actors,
        hits,
    } = new;
    same_option(verb.as_ref(), old.verb.as_ref(), |n, o| same_verb(n, o, by))
        && same_option(addressee.as_ref(), old.addressee.as_ref(), |n, o| {
            same_addressee(n, o, by)
        })
        && *dsr_task == old.dsr_task
        && *dsr == old.dsr
        && tasks.len() == old.tasks.len()
        && tasks
            .iter()
            .zip(&old.tasks)
            .all(|(n, o)| same_task(n, o, by))
        && *ssr == old.ssr
        && *categories == old.categories
        && *engagement == old.engagement
        && *levels == old.levels
        && *actors == old.actors
        && (Arc::ptr_eq(hits, &old.hits) || **hits == *old.hits)
}

fn same_verb(new: &Verb, old: &Verb, by: isize) -> bool {
    let Verb {
        lemma,
        force,
        span,
        inherited,
    } = new;
    *lemma == old.lemma
        && *force == old.force
        && moved(*span, old.span, by)
        && *inherited == old.inherited
}

fn same_addressee(new: &Addressee, old: &Addressee, by: isize) -> bool {
    let Addressee { kind, name, span } = new;
    *kind == old.kind && *name == old.name && same_option(*span, old.span, |n, o| moved(n, o, by))
}

fn same_task(new: &Task, old: &Task, by: isize) -> bool {
    let Task {
        span,
        scope,
        modality,
        un_role,
        categories,
        engagement,
        levels,
        actors,
    } = new;
    moved(*span, old.span, by)
        && *scope == old.scope
        && *modality == old.modality
        && *un_role == old.un_role
        && *categories == old.categories
        && *engagement == old.engagement
        && *levels == old.levels
        && *actors == old.actors
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
