//! What an edit left in place between two checks of one document (the language
//! server's, through `ScanCache`): which top-level paragraphs of the new document are
//! paragraphs of the last one, moved by the edit, with the same clauses. Such a
//! paragraph keeps its clause analyses (`analyse::analyse_reusing`) and, when their
//! analyses are the same too, its paragraph-local rule findings (`rules::reuse`).

use std::ops::Range;

use crate::model::{Clause, Document, Label};
use crate::parse::WalkStats;
use crate::span::{Span, TextEdit};

/// A top-level paragraph: its clauses (the first has no parent; its items and theirs
/// follow it) and the text from the start of the first to the end of the last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Paragraph {
    pub clauses: Range<usize>,
    pub span: Span,
}

/// The top-level paragraphs of a document, in order.
pub(crate) fn paragraphs(doc: &Document) -> Vec<Paragraph> {
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

/// What a check of a document has of the last one: its paragraphs, which of them are
/// the last check's moved (`moved_paragraphs`), and which kept their clause analyses
/// (`analyse::analyse_reusing` says).
#[derive(Clone, Debug, Default)]
pub(crate) struct Unchanged {
    pub paragraphs: Vec<Paragraph>,
    pub moved: Vec<Option<Moved>>,
    pub analyses_kept: Vec<bool>,
}

impl Unchanged {
    /// `doc`'s paragraphs, compared with the last check's `old` document and paragraphs
    /// when there is one; no analysis kept yet.
    ///
    /// `taken`: which clauses the parse took from `old` (then only their references and
    /// heading-item marks, which the parse worked out again, are compared).
    pub(crate) fn of(
        doc: &Document,
        old: Option<(&Document, &[Paragraph])>,
        edit: TextEdit,
        taken: WalkStats,
    ) -> Self {
        let paragraphs = paragraphs(doc);
        let moved = match old {
            Some((old, old_paras)) => {
                let old = Last {
                    doc: old,
                    paras: old_paras,
                    taken,
                };
                moved_paragraphs(&old, doc, &paragraphs, edit)
            }
            None => vec![None; paragraphs.len()],
        };
        let analyses_kept = vec![false; paragraphs.len()];
        Unchanged {
            paragraphs,
            moved,
            analyses_kept,
        }
    }
}

/// A paragraph of the new document that is one of the last check's, moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Moved {
    /// Its index among the last check's paragraphs.
    pub old: usize,
    /// How far its text moved (bytes).
    pub by: isize,
    /// How far its clauses' indices moved.
    pub index_by: isize,
}

/// The last check's document, its paragraphs, and which of its clauses the new
/// document's parse took.
struct Last<'o> {
    doc: &'o Document,
    paras: &'o [Paragraph],
    taken: WalkStats,
}

/// For each paragraph of `doc` (`paras`), the paragraph of the last check's `old`
/// it is, when it is that one moved and unchanged: outside the edit, at the same place
/// (moved by the edit when after it), with the same clauses. `edit` is where their
/// texts differ.
fn moved_paragraphs(
    old: &Last<'_>,
    doc: &Document,
    paras: &[Paragraph],
    edit: TextEdit,
) -> Vec<Option<Moved>> {
    paras
        .iter()
        .zip(self_contained(doc, paras))
        .map(|(para, alone)| {
            alone
                .then(|| moved_paragraph(old, doc, para, edit))
                .flatten()
        })
        .collect()
}

/// Whether each paragraph is a tree of its own: no clause in it has its lead-in
/// outside it, and no clause outside has its lead-in in it. A heading between the
/// items of a paragraph ("h3" between 2(j) and 2(k)) starts a paragraph whose items'
/// lead-in is paragraph 2: what they inherit from it is read across, so neither is
/// kept.
fn self_contained(doc: &Document, paras: &[Paragraph]) -> Vec<bool> {
    let mut alone = vec![true; paras.len()];
    let mut para_of = vec![usize::MAX; doc.clauses.len()];
    for (k, para) in paras.iter().enumerate() {
        for i in para.clauses.clone() {
            if let Some(slot) = para_of.get_mut(i) {
                *slot = k;
            }
        }
    }
    for (i, clause) in doc.clauses.iter().enumerate() {
        let Some(parent) = clause.parent else {
            continue;
        };
        let (own, lead_in) = (para_of.get(i).copied(), para_of.get(parent).copied());
        if own != lead_in {
            for k in [own, lead_in].into_iter().flatten() {
                if let Some(a) = alone.get_mut(k) {
                    *a = false;
                }
            }
        }
    }
    alone
}

fn moved_paragraph(
    last: &Last<'_>,
    doc: &Document,
    para: &Paragraph,
    edit: TextEdit,
) -> Option<Moved> {
    let (old, old_paras) = (last.doc, last.paras);
    let old_start = if para.span.end < edit.start {
        para.span.start
    } else if para.span.start > edit.new_end {
        para.span.start.checked_add_signed(-edit.shift())?
    } else {
        return None;
    };
    let p = old_paras
        .binary_search_by_key(&old_start, |q| q.span.start)
        .ok()?;
    let old_para = old_paras.get(p)?;
    if old_para.span.len() != para.span.len() || old_para.clauses.len() != para.clauses.len() {
        return None;
    }
    let by = para.span.start as isize - old_start as isize;
    let index_by = para.clauses.start as isize - old_para.clauses.start as isize;
    // Taken from the last document by the parse, as they were or moved: only what the
    // parse worked out again can differ.
    let taken = (by == 0 && index_by == 0 && para.clauses.end <= last.taken.clauses_kept)
        || last.taken.clauses_moved.is_some_and(|(new, from)| {
            para.clauses.start >= new
                && index_by == new as isize - from as isize
                && by == edit.shift()
        });
    let all_same = para
        .clauses
        .clone()
        .zip(old_para.clauses.clone())
        .all(|(i, j)| match (doc.clauses.get(i), old.clauses.get(j)) {
            (Some(c), Some(old_c)) if taken => {
                c.reference == old_c.reference && c.title == old_c.title
            }
            (Some(c), Some(old_c)) => same_clause(c, old_c, by, index_by),
            _ => false,
        });
    all_same.then_some(Moved {
        old: p,
        by,
        index_by,
    })
}

/// How far an old span moved: not at all before the edit, by its shift after it;
/// `None` when it meets the edit.
pub(crate) fn moved_by(old: Span, edit: TextEdit) -> Option<isize> {
    if old.end < edit.start {
        Some(0)
    } else if old.start > edit.old_end {
        Some(edit.shift())
    } else {
        None
    }
}

pub(crate) fn same_span(new: Span, old: Span, by: Option<isize>) -> bool {
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
pub(crate) fn same_clause(new: &Clause, old: &Clause, by: isize, index_by: isize) -> bool {
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
        && children.same_moved(&old.children, index_by)
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
