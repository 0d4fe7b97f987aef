//! The language server's walk of a draft after a keystroke: it resumes the last walk
//! at the last top-level paragraph before the edit and, after the edit, rejoins it at
//! the first top-level paragraph where its state is the last walk's, moved; from there
//! the clauses are the last parse's, moved (`Clause::moved`), not walked again.
//!
//! Why that is sound: a checkpoint is taken after a line that starts a top-level clause
//! when nothing the walk holds points before that clause (no open label level, no open
//! clause); from there the walk reads and changes only the clauses it starts, and of
//! what lies before, only whether the last top-level operative paragraph said "remain
//! seized" (`Prior`). So the walk after a checkpoint is a function of the checkpoint's
//! state and the lines after it: two walks with the same state at the same line of the
//! same text go on alike, and a walk with the last walk's state at a checkpoint before
//! the edit is the last walk from there.

use super::{Assembler, Open};
use crate::model::{Clause, Document, LabelKind, Part, SourceFormat};
use crate::parse::reuse::SameLines;
use crate::span::{Span, TextEdit};
use crate::unchanged::{moved_by, same_clause, same_span};

/// What a parse's walk keeps for the next parse of the same document.
#[derive(Clone, Debug)]
pub(in crate::parse) struct Walk {
    key: WalkKey,
    checkpoints: Vec<Checkpoint>,
}

/// What the walk depended on besides the lines it read: the next walk resumes this one
/// only when all of it is the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::parse) struct WalkKey {
    pub format: SourceFormat,
    /// Whose cue lists (`Lexicons::id` of the engine that built them).
    pub cues: u64,
    pub has_numbered: bool,
    /// The line the body starts at and the enacting formula, as the masthead found them.
    pub body_start: usize,
    pub council_line: Option<Span>,
    /// The document walked: how many lines, bytes and clauses it had, and footnotes the
    /// walk itself found ("* (Not applicable …)": none, or the walk is not resumed).
    pub lines: usize,
    pub text_len: usize,
    pub clauses: usize,
    pub walk_footnotes: usize,
}

/// The walk's state after a line that started a top-level clause.
#[derive(Clone, Debug)]
pub(in crate::parse) struct Checkpoint {
    /// The line, and the last line read while placing it (the next content line).
    line: usize,
    reach: usize,
    /// How many clauses came before the line; those it started, as they stood then.
    first_new: usize,
    started: Vec<Clause>,
    part: Part,
    open: Option<Open>,
    stack: Vec<(LabelKind, usize, u32)>,
    last_number: Option<u32>,
    closed_letter: Option<(LabelKind, u32)>,
    prior: Prior,
    council_line: Option<Span>,
    annex_start: Option<usize>,
}

/// The last top-level operative paragraph, which the walk reads again (does it say
/// "remain seized"?): none, one the checkpoint's line started, or one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prior {
    None,
    At(usize),
    Before { index: usize, seized: bool },
}

impl Prior {
    fn index(self) -> Option<usize> {
        match self {
            Prior::None => None,
            Prior::At(index) | Prior::Before { index, .. } => Some(index),
        }
    }
}

/// What one parse's walk reuses of the last (its document and walk, when they are the
/// ones the lines were compared with) and keeps for the next.
pub(in crate::parse) struct WalkReuse<'o> {
    old: Option<(&'o Document, Walk)>,
    same: SameLines,
    edit: TextEdit,
    key: WalkKey,
    record: Vec<Checkpoint>,
    stats: WalkStats,
}

/// How the walk went: the content lines it placed, the line it resumed after and the
/// line it rejoined the last walk at; and which clauses it took from the last parse's
/// document: the first `clauses_kept` as they were, and from `clauses_moved` = (new
/// index, old index) on, moved by the edit. Such clauses are the last parse's but for
/// their reference and heading-item mark, which the parse works out again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WalkStats {
    pub lines_walked: usize,
    pub resumed_after: Option<usize>,
    pub rejoined_at: Option<usize>,
    pub clauses_kept: usize,
    pub clauses_moved: Option<(usize, usize)>,
    /// Clauses whose references were made again (`finish_reusing`): those the walk
    /// placed, or every clause.
    pub references_made: usize,
}

impl<'o> WalkReuse<'o> {
    /// `old`: the last parse's document, with the walk that parse kept; `key`: this
    /// walk's (its clause and footnote counts filled in at the end, `finish`).
    pub(in crate::parse) fn new(
        old: Option<(&'o Document, Walk)>,
        same: SameLines,
        edit: TextEdit,
        key: WalkKey,
    ) -> Self {
        let old = old.filter(|(doc, walk)| {
            let k = walk.key;
            k.format == key.format
                && k.cues == key.cues
                && k.body_start == key.body_start
                && k.council_line == key.council_line
                && k.lines == same.old_count
                && k.text_len == doc.text.len()
                && k.clauses == doc.clauses.len()
                && k.walk_footnotes == 0
        });
        WalkReuse {
            old,
            same,
            edit,
            key,
            record: Vec::new(),
            stats: WalkStats::default(),
        }
    }

    /// What this walk keeps for the next parse of `doc`, and how it went.
    pub(in crate::parse) fn finish(
        self,
        doc: &Document,
        prewalk_footnotes: usize,
    ) -> (Walk, WalkStats) {
        let key = WalkKey {
            clauses: doc.clauses.len(),
            walk_footnotes: doc.footnotes.len().saturating_sub(prewalk_footnotes),
            ..self.key
        };
        (
            Walk {
                key,
                checkpoints: self.record,
            },
            self.stats,
        )
    }
}

impl Assembler<'_> {
    /// Where the walk starts: after the last checkpoint of the last walk whose lines
    /// read are all before the edit, in the same state (its clauses so far are the last
    /// parse's), or at the body's start.
    pub(super) fn resume(&mut self, reuse: &mut WalkReuse<'_>, body_start: usize) -> usize {
        reuse.key.has_numbered = self.has_numbered;
        if reuse
            .old
            .as_ref()
            .is_some_and(|(_, walk)| walk.key.has_numbered != self.has_numbered)
        {
            reuse.old = None;
        }
        let Some((old_doc, walk)) = reuse.old.as_mut() else {
            return body_start;
        };
        let before = reuse.same.before;
        let found = walk.checkpoints.partition_point(|c| c.reach < before);
        let Some(at) = found.checked_sub(1) else {
            return body_start;
        };
        let Some(ck) = walk.checkpoints.get(at) else {
            return body_start;
        };
        let Some(prefix) = old_doc.clauses.get(..ck.first_new) else {
            return body_start;
        };
        self.doc.clauses.extend(prefix.iter().cloned());
        self.doc.clauses.extend(ck.started.iter().cloned());
        self.part = ck.part;
        self.open.clone_from(&ck.open);
        self.stack.clone_from(&ck.stack);
        self.last_number = ck.last_number;
        self.closed_letter = ck.closed_letter;
        self.last_top_operative = ck.prior.index();
        self.doc.council_line = ck.council_line;
        self.doc.annex_start = ck.annex_start;
        let line = ck.line;
        reuse.record.extend(walk.checkpoints.drain(..=at));
        reuse.stats.resumed_after = Some(line);
        reuse.stats.clauses_kept = prefix.len();
        line + 1
    }

    /// After the walk placed `line` (`first_new`: how many clauses there were before
    /// it; `reach`: the last line it read): keeps a checkpoint when the line started a
    /// top-level clause, and rejoins the last walk when the state there is the last
    /// walk's at the same line, moved. Returns whether it rejoined (the walk is over).
    pub(super) fn after_line(
        &mut self,
        reuse: &mut WalkReuse<'_>,
        line: usize,
        reach: usize,
        first_new: usize,
    ) -> bool {
        reuse.stats.lines_walked += 1;
        let Some(ck) = self.checkpoint(line, reach, first_new) else {
            return false;
        };
        match self.rejoin(reuse, &ck) {
            Some(rest) => {
                reuse.record.push(ck);
                reuse.record.extend(rest);
                reuse.stats.rejoined_at = Some(line);
                true
            }
            None => {
                reuse.record.push(ck);
                false
            }
        }
    }

    fn checkpoint(&self, line: usize, reach: usize, first_new: usize) -> Option<Checkpoint> {
        let started = self.doc.clauses.get(first_new..)?;
        if started.first()?.parent.is_some()
            || self.stack.iter().any(|&(_, idx, _)| idx < first_new)
            || self.open.as_ref().is_some_and(|o| o.idx < first_new)
        {
            return None;
        }
        let prior = match self.last_top_operative {
            None => Prior::None,
            Some(t) if t >= first_new => Prior::At(t),
            Some(t) => Prior::Before {
                index: t,
                seized: self.seized_closed(),
            },
        };
        Some(Checkpoint {
            line,
            reach,
            first_new,
            started: started.to_vec(),
            part: self.part,
            open: self.open.clone(),
            stack: self.stack.clone(),
            last_number: self.last_number,
            closed_letter: self.closed_letter,
            prior,
            council_line: self.doc.council_line,
            annex_start: self.doc.annex_start,
        })
    }

    /// When `ck` lies after the edit and is the last walk's checkpoint at the same
    /// line, moved: the last parse's clauses from there, moved, in place of the walk's,
    /// and the last walk's checkpoints after it, moved.
    fn rejoin(&mut self, reuse: &mut WalkReuse<'_>, ck: &Checkpoint) -> Option<Vec<Checkpoint>> {
        let count = self.lines.len();
        if ck.line < count.checked_sub(reuse.same.after)? {
            return None;
        }
        let (old_doc, walk) = reuse.old.as_mut()?;
        let old_line = (ck.line + reuse.same.old_count).checked_sub(count)?;
        let at = walk.checkpoints.partition_point(|c| c.line < old_line);
        let old = walk.checkpoints.get(at).filter(|c| c.line == old_line)?;
        let by = reuse.edit.shift();
        let index_by = ck.first_new as isize - old.first_new as isize;
        if !ck.same_as(old, by, index_by, reuse.edit) {
            return None;
        }
        let rest = old_doc.clauses.get(old.first_new..)?;
        reuse.stats.clauses_moved = Some((ck.first_new, old.first_new));
        self.doc.clauses.truncate(ck.first_new);
        self.doc
            .clauses
            .extend(rest.iter().map(|c| c.moved(by, index_by)));
        // Nothing is open: the last walk closed it.
        self.open = None;
        if old_doc.council_line != old.council_line {
            self.doc.council_line = old_doc.council_line.map(|s| s.shifted(by));
        }
        if old_doc.annex_start != old.annex_start {
            self.doc.annex_start = old_doc.annex_start.map(|a| a.saturating_add_signed(by));
        }
        let old = old.clone();
        let line_by = count as isize - reuse.same.old_count as isize;
        let mut after = walk.checkpoints.split_off(at + 1);
        for c in &mut after {
            c.move_after(&old, ck, line_by, by, index_by);
        }
        Some(after)
    }
}

impl Checkpoint {
    /// Whether this checkpoint (after the edit) is the last walk's `old`, moved `by`
    /// bytes and its clause indices `index_by`.
    fn same_as(&self, old: &Checkpoint, by: isize, index_by: isize, edit: TextEdit) -> bool {
        let index = |new: usize, old: usize| old.checked_add_signed(index_by) == Some(new);
        let span = |new: Span, old: Span| same_span(new, old, Some(by));
        let placed = |new: Option<Span>, old: Option<Span>| match (new, old) {
            (None, None) => true,
            (Some(n), Some(o)) => same_span(n, o, moved_by(o, edit)),
            _ => false,
        };
        let same_open = match (&self.open, &old.open) {
            (None, None) => true,
            (Some(n), Some(o)) => {
                index(n.idx, o.idx)
                    && o.last_end.checked_add_signed(by) == Some(n.last_end)
                    && n.pieces.len() == o.pieces.len()
                    && n.pieces.iter().zip(&o.pieces).all(|(&n, &o)| span(n, o))
            }
            _ => false,
        };
        let same_prior = match (self.prior, old.prior) {
            (Prior::None, Prior::None) => true,
            (Prior::At(n), Prior::At(o)) => index(n, o),
            (Prior::Before { seized: n, .. }, Prior::Before { seized: o, .. }) => n == o,
            _ => false,
        };
        index(self.first_new, old.first_new)
            && self.started.len() == old.started.len()
            && self
                .started
                .iter()
                .zip(&old.started)
                .all(|(n, o)| same_started(n, o, by, index_by))
            && self.part == old.part
            && same_open
            && self.stack.len() == old.stack.len()
            && self
                .stack
                .iter()
                .zip(&old.stack)
                .all(|(n, o)| n.0 == o.0 && index(n.1, o.1) && n.2 == o.2)
            && self.last_number == old.last_number
            && self.closed_letter == old.closed_letter
            && same_prior
            && placed(self.council_line, old.council_line)
            && placed(
                self.annex_start.map(Span::empty),
                old.annex_start.map(Span::empty),
            )
    }

    /// This checkpoint of the last walk, after `from` (where the walk rejoined it, as
    /// `to`), moved: lines by `line_by`, bytes by `by`, clause indices by `index_by`.
    fn move_after(
        &mut self,
        from: &Checkpoint,
        to: &Checkpoint,
        line_by: isize,
        by: isize,
        index_by: isize,
    ) {
        let index = |i: usize| i.saturating_add_signed(index_by);
        self.line = self.line.saturating_add_signed(line_by);
        self.reach = self.reach.saturating_add_signed(line_by);
        self.first_new = index(self.first_new);
        for c in &mut self.started {
            c.move_by(by, index_by);
        }
        if let Some(open) = &mut self.open {
            open.idx = index(open.idx);
            open.last_end = open.last_end.saturating_add_signed(by);
            for p in &mut open.pieces {
                *p = p.shifted(by);
            }
        }
        for entry in &mut self.stack {
            entry.1 = index(entry.1);
        }
        self.prior = match self.prior {
            Prior::None => Prior::None,
            Prior::At(t) => Prior::At(index(t)),
            // Before the rejoined checkpoint, it is the one that checkpoint had.
            Prior::Before { index: t, seized } => Prior::Before {
                index: if t >= from.first_new {
                    index(t)
                } else {
                    to.prior.index().unwrap_or(t)
                },
                seized,
            },
        };
        // Set before the rejoined checkpoint: as the walk had them there; after it:
        // moved.
        self.council_line = if self.council_line == from.council_line {
            to.council_line
        } else {
            self.council_line.map(|s| s.shifted(by))
        };
        self.annex_start = if self.annex_start == from.annex_start {
            to.annex_start
        } else {
            self.annex_start.map(|a| a.saturating_add_signed(by))
        };
    }
}

/// A clause as the checkpoint's line left it, moved: its text, when closed, compared as
/// `same_clause` does; an open clause has no text yet.
fn same_started(new: &Clause, old: &Clause, by: isize, index_by: isize) -> bool {
    let unset = |c: &Clause| c.norm.text.is_empty() && c.norm.runs().next().is_none();
    if unset(new) && unset(old) {
        let mut moved = old.moved(by, index_by);
        moved.norm = new.norm.clone();
        same_clause(new, &moved, 0, 0)
    } else {
        same_clause(new, old, by, index_by)
    }
}
