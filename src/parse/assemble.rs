//! The assembler: walks the classified lines of the body, decides where paragraphs
//! begin (labels, closing punctuation, blank lines, opening words) and nests
//! sub-paragraphs with a stack of label kinds. How a label or an unlabelled line is
//! placed among the items is in `assemble/items.rs`.

mod items;
mod resume;

pub use resume::WalkStats;
pub(super) use resume::{Walk, WalkKey, WalkReuse};

use super::cues::ParseCues;
use super::lines;
use super::lines::LabelStyle;
use super::normalise;
use super::reuse::NormCache;
use super::shapes::{
    ends_terminal, first_word, heading_like, is_annex_title, starts_lowercase,
    starts_paragraph_text, without_section_code,
};
use super::{Line, LineKind};
use crate::model::{
    Children, Clause, Document, Footnote, Label, LabelKind, NormText, Part, SmolStr, SourceFormat,
};
use crate::span::Span;

/// A clause under construction.
#[derive(Clone, Debug)]
struct Open {
    idx: usize,
    /// Pieces of the body in the original text (content spans, label removed).
    pieces: Vec<Span>,
    last_end: usize,
}

pub(super) struct Assembler<'a> {
    text: &'a str,
    cues: &'a ParseCues,
    format: SourceFormat,
    lines: &'a [Line],
    doc: &'a mut Document,
    part: Part,
    has_numbered: bool,
    open: Option<Open>,
    /// Open label levels, outermost first: (kind, clause index, value).
    stack: Vec<(LabelKind, usize, u32)>,
    last_number: Option<u32>,
    /// The last top-level operative paragraph (whether it says "remain seized" decides
    /// where an annex starts).
    last_top_operative: Option<usize>,
    /// The last letter closed in the current paragraph (kind and value), which the
    /// letters under its next pillar continue.
    closed_letter: Option<(LabelKind, u32)>,
    /// The label each content line of the body starts with, read once (the walk asks
    /// for a line's label three times: numbered paragraphs, the line before, the line
    /// itself); taken when the line itself is read.
    labels: Vec<Option<lines::RawLabel<'a>>>,
    /// The previous parse's clause texts, when kept (the language server's).
    norms: Option<&'a mut NormCache>,
    /// The pieces list of the clause last closed, emptied for the next one: a list
    /// per clause was a tenth of a keystroke's allocations on a long draft.
    spare_pieces: Vec<Span>,
}

/// What the parser knows of the line after the current one.
#[derive(Clone, Copy, Debug, Default)]
struct NextLine {
    /// It continues a wrapped sentence (starts in lower case).
    continues: bool,
    /// It starts a numbered paragraph.
    numbered: bool,
    /// It starts with a label (a paragraph number or an item label).
    labelled: bool,
}

impl<'a> Assembler<'a> {
    pub(super) fn new(
        text: &'a str,
        format: SourceFormat,
        lines: &'a [Line],
        doc: &'a mut Document,
        cues: &'a ParseCues,
        norms: Option<&'a mut NormCache>,
    ) -> Self {
        Assembler {
            text,
            cues,
            format,
            lines,
            doc,
            part: Part::Preambular,
            has_numbered: false,
            open: None,
            stack: Vec::new(),
            last_number: None,
            last_top_operative: None,
            closed_letter: None,
            labels: Vec::new(),
            norms,
            spare_pieces: Vec::new(),
        }
    }

    /// `read`: the label of each line, when the caller has them (the language
    /// server's parse keeps those of the lines an edit did not touch); `reuse`: the
    /// last parse's walk, which this one resumes and rejoins where it can, and where
    /// this one is kept for the next.
    pub(super) fn run(
        &mut self,
        body_start: usize,
        read: Option<Vec<Option<lines::RawLabel<'a>>>>,
        mut reuse: Option<&mut WalkReuse<'_>>,
    ) {
        self.labels = match read {
            Some(mut read) => {
                for (i, (l, label)) in self.lines.iter().zip(read.iter_mut()).enumerate() {
                    if i < body_start || l.kind != LineKind::Content {
                        *label = None;
                    }
                }
                read
            }
            None => self
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    (i >= body_start && l.kind == LineKind::Content)
                        .then(|| lines::label(l.content.slice(self.text)))
                        .flatten()
                })
                .collect(),
        };
        self.has_numbered = self.lines.iter().zip(&self.labels).any(|(l, label)| {
            label.as_ref().is_some_and(|lab| {
                lab.style == LabelStyle::Number
                    && starts_paragraph_text(l.content.slice(self.text), lab)
            })
        });
        let mut blank_before = true;
        let mut i = body_start;
        if let Some(reuse) = reuse.as_deref_mut() {
            i = self.resume(reuse, body_start);
            blank_before = i == body_start;
        }
        while let Some(&line) = self.lines.get(i) {
            i += 1;
            match line.kind {
                LineKind::Blank | LineKind::Comment => {
                    blank_before = true;
                    continue;
                }
                LineKind::Furniture | LineKind::Footnote => continue,
                LineKind::MdHeading(prefix) => {
                    self.close();
                    let title = Span::new(
                        (line.content.start + prefix).min(line.content.end),
                        line.content.end,
                    );
                    let t = title.slice(self.text);
                    if lines::council_formula(t).is_some() {
                        self.doc.council_line = Some(title);
                    } else if is_annex_title(t) && self.part != Part::Preambular {
                        self.enter_annex(line.content.start);
                    } else {
                        self.heading(line.content, title);
                    }
                    blank_before = true;
                    continue;
                }
                LineKind::Content => {}
            }
            let mut content = line.content;
            // The enacting formula may share its line with the first paragraph.
            if self
                .doc
                .council_line
                .is_some_and(|c| c.start == content.start)
            {
                let end = self
                    .doc
                    .council_line
                    .map(|c| c.end)
                    .unwrap_or(content.start);
                let rest = Span::new(end, content.end);
                let trimmed_lead =
                    rest.slice(self.text).len() - rest.slice(self.text).trim_start().len();
                content = Span::new(rest.start + trimmed_lead, rest.end);
                blank_before = true;
                if content.is_empty() {
                    continue;
                }
            }
            // A wrapped line continues in lower case; a following "1." is a new paragraph.
            let next_continues = matches!(self.lines.get(i), Some(next) if next.kind == LineKind::Content
                && next.content.slice(self.text).chars().next().is_some_and(char::is_lowercase));
            let next_content = self
                .lines
                .iter()
                .enumerate()
                .skip(i)
                .find(|(_, l)| l.kind == LineKind::Content)
                .map(|(k, _)| k);
            let next_label = next_content
                .and_then(|k| self.labels.get(k))
                .and_then(Option::as_ref);
            let next = NextLine {
                continues: next_continues,
                numbered: next_label
                    .as_ref()
                    .is_some_and(|l| l.style == LabelStyle::Number),
                labelled: next_label.is_some(),
            };
            let own_label = match self.labels.get_mut(i - 1) {
                Some(label) if content == line.content => label.take(),
                _ => lines::label(content.slice(self.text)),
            };
            let first_new = self.doc.clauses.len();
            self.line(content, own_label, blank_before, next);
            blank_before = false;
            if let Some(reuse) = reuse.as_deref_mut() {
                // Lines read: this one, the next, and up to the next content line.
                let reach = next_content.unwrap_or(self.lines.len().saturating_sub(1));
                if self.after_line(reuse, i - 1, reach.max(i), first_new) {
                    return;
                }
            }
        }
        self.close();
    }

    /// Whether the last operative paragraph is the closing "remain seized" clause.
    fn seized_closed(&self) -> bool {
        let Some(idx) = self.last_top_operative else {
            return false;
        };
        let text = match &self.open {
            Some(open) if open.idx == idx => open
                .pieces
                .iter()
                .map(|p| p.slice(self.text))
                .collect::<Vec<_>>()
                .join(" "),
            _ => self
                .doc
                .clauses
                .get(idx)
                .map(|c| c.norm.text.to_string())
                .unwrap_or_default(),
        };
        let lower = text.to_lowercase();
        lower.contains("remain seized") || lower.contains("remain actively seized")
    }

    fn prev_terminal(&self) -> bool {
        match &self.open {
            Some(open) => open
                .pieces
                .last()
                .is_some_and(|p| ends_terminal(p.slice(self.text))),
            None => true,
        }
    }

    /// One content line, `label` the label it starts with.
    fn line(
        &mut self,
        content: Span,
        label: Option<lines::RawLabel<'_>>,
        blank_before: bool,
        next: NextLine,
    ) {
        let s = content.slice(self.text);
        if self.part != Part::Preambular && is_annex_title(s) && self.prev_terminal() {
            self.close();
            self.enter_annex(content.start);
            return;
        }
        // "* (Not applicable to …)" right after the closing "remain seized" paragraph: the
        // footnote of the annex title that follows ("Annex A – Items …*"), printed inline
        // by the text source of S/RES/2713 (2023); not an item of the last paragraph.
        if self.part == Part::Operative
            && s.starts_with("* (")
            && self.prev_terminal()
            && self.seized_closed()
        {
            self.close();
            self.doc.footnotes.push(Footnote {
                marker: "*".to_string(),
                span: content,
            });
            return;
        }
        let prev_terminal = self.prev_terminal();
        if let Some(label) = label {
            let sub_number = self.sub_number(&label, s);
            if (sub_number || self.accept_label(&label, s, prev_terminal, blank_before))
                && self.labelled(content, &label, sub_number)
            {
                return;
            }
        }
        if let Some(label) = self.unpointed_number(s, prev_terminal) {
            if self.labelled(content, &label, false) {
                return;
            }
        }
        // No (acceptable) label.
        if self.part == Part::Operative {
            // Sub-headings between items: "Urgent temporary measures:" after a closed
            // item, "Stabilisation" under a heading item, "Other tasks" before the
            // next paragraph.
            let titled = (prev_terminal || self.open_title_item().is_some())
                && heading_like(s)
                && next.labelled;
            // A title line alone between a closed paragraph and the next one:
            // "Pillar 1 – supporting weapons and ammunition management …".
            let section =
                prev_terminal && next.numbered && self.cues.title_line(without_section_code(s));
            if (prev_terminal && self.cues.colon_heading(s)) || titled || section {
                self.close();
                self.heading(content, content);
                return;
            }
            if let Some(parent) = self.unlabelled_item_parent(s, prev_terminal) {
                self.start(Part::Operative, None, Some(parent), content, content.start);
                return;
            }
        }
        let continuation = self.open.is_some() && (!prev_terminal || starts_lowercase(s));
        if continuation {
            self.extend(content);
            return;
        }
        let word = first_word(s);
        match self.part {
            Part::Preambular => {
                if !self.has_numbered && self.open.is_some() && self.cues.operative_verb_like(word)
                {
                    self.part = Part::Operative;
                    self.start(Part::Operative, None, None, content, content.start);
                } else if self.open.is_some()
                    && next.numbered
                    && (heading_like(s)
                        || (prev_terminal && self.cues.title_line(without_section_code(s))))
                {
                    // A title between the preamble and paragraph 1 ("Somalia",
                    // "Renewal of the mandate") heads the operative part.
                    self.heading(content, content);
                } else if self.open.is_none()
                    || blank_before
                    || self.cues.opener_like(word)
                    || prev_terminal
                {
                    self.start(Part::Preambular, None, None, content, content.start);
                } else {
                    self.extend(content);
                }
            }
            Part::Operative | Part::Annex | Part::Heading => {
                if heading_like(s) && !next.continues {
                    self.close();
                    self.heading(content, content);
                } else if self.part != Part::Annex
                    && self.cues.opener_like(word)
                    && (blank_before || prev_terminal)
                {
                    // Multi-part resolutions (parts A, B, C) open each part with its own
                    // preambular paragraphs.
                    self.stack.clear();
                    self.start(Part::Preambular, None, None, content, content.start);
                } else if self.open.is_none()
                    || (!self.has_numbered && self.cues.operative_verb_like(word))
                    || (blank_before && self.cues.operative_verb_like(word))
                {
                    let part = if self.part == Part::Annex {
                        Part::Annex
                    } else {
                        Part::Operative
                    };
                    self.stack.clear();
                    self.start(part, None, None, content, content.start);
                } else {
                    self.extend(content);
                }
            }
        }
    }

    fn start(
        &mut self,
        part: Part,
        label: Option<Label>,
        parent: Option<usize>,
        content: Span,
        body_start: usize,
    ) -> usize {
        self.close();
        let body_start = body_start.min(content.end);
        let body = Span::new(body_start, content.end);
        let idx = push_clause(
            self.doc,
            part,
            label,
            parent,
            content,
            body,
            NormText::default(),
        );
        if part == Part::Operative && parent.is_none() {
            self.last_top_operative = Some(idx);
        }
        let first = Span::new(body_start, content.end);
        let mut pieces = self.take_pieces();
        if !first.is_empty() {
            pieces.push(first);
        }
        self.open = Some(Open {
            idx,
            pieces,
            last_end: content.end,
        });
        idx
    }

    fn extend(&mut self, content: Span) {
        match &mut self.open {
            Some(open) => {
                open.pieces.push(content);
                open.last_end = content.end;
            }
            None => {
                self.start(self.part, None, None, content, content.start);
            }
        }
    }

    fn heading(&mut self, whole: Span, title: Span) {
        self.close();
        let part = if self.part == Part::Annex {
            Part::Annex
        } else {
            Part::Heading
        };
        let idx = push_clause(
            self.doc,
            part,
            None,
            None,
            whole,
            title,
            NormText::default(),
        );
        let mut pieces = self.take_pieces();
        pieces.push(title);
        self.open = Some(Open {
            idx,
            pieces,
            last_end: whole.end,
        });
        self.close();
        if self.part == Part::Preambular {
            // A heading before any numbered paragraph ("Operative part") ends the preamble.
            self.part = Part::Operative;
        }
    }

    fn enter_annex(&mut self, at: usize) {
        self.close();
        self.part = Part::Annex;
        self.stack.clear();
        self.last_number = None;
        if self.doc.annex_start.is_none() {
            self.doc.annex_start = Some(at);
        }
    }

    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let markdown = self.format == SourceFormat::Markdown;
        let norm = match self.norms.as_deref_mut() {
            Some(norms) => norms.normalise(self.text, &open.pieces, markdown),
            None => normalise(self.text, &open.pieces, markdown),
        };
        if let Some(clause) = self.doc.clauses.get_mut(open.idx) {
            clause.span.end = open.last_end.max(clause.span.start);
            clause.body.end = open.last_end.max(clause.body.start);
            if let Some(first) = open.pieces.first() {
                if clause.body.is_empty() || clause.body.start > first.start {
                    clause.body.start = first.start.min(clause.body.end);
                }
            }
            clause.norm = norm;
        }
        self.spare_pieces = open.pieces;
    }

    /// An empty pieces list for a new clause (the last closed clause's, reused).
    fn take_pieces(&mut self) -> Vec<Span> {
        let mut pieces = std::mem::take(&mut self.spare_pieces);
        pieces.clear();
        pieces
    }
}

/// Appends a clause under `parent` (its depth follows, and the parent lists it among
/// its children); the reference is given later by `finish`. Returns its index.
pub(super) fn push_clause(
    doc: &mut Document,
    part: Part,
    label: Option<Label>,
    parent: Option<usize>,
    span: Span,
    body: Span,
    norm: NormText,
) -> usize {
    let depth = parent
        .and_then(|p| doc.clauses.get(p))
        .map_or(0, |p| p.depth.saturating_add(1));
    let idx = doc.clauses.len();
    if let Some(p) = parent.and_then(|p| doc.clauses.get_mut(p)) {
        p.children.push(idx);
    }
    doc.clauses.push(Clause {
        part,
        depth,
        label,
        reference: SmolStr::default(),
        parent,
        children: Children::default(),
        span,
        body,
        norm,
        title: false,
    });
    idx
}
