//! Placing a line among the items of the open paragraph: whether a label starts a
//! clause and at which level, heading items ("(b) Support for …") and the tasks under
//! them, numbered items inside a sub-item.

use super::super::lines::{self, LabelStyle, RawLabel};
use super::super::shapes::{first_word, heading_like, starts_paragraph_text};
use super::Assembler;
use crate::model::{Label, LabelKind, Part, SmolStr};
use crate::span::Span;

impl Assembler<'_> {
    /// The open clause, when it is one line of title text after its label ("(b) Support
    /// for the extension of State authority"): a heading item, whose tasks follow.
    pub(super) fn open_title_item(&self) -> Option<usize> {
        let open = self.open.as_ref()?;
        let clause = self.doc.clauses.get(open.idx)?;
        let lettered = clause
            .label
            .as_ref()
            .is_some_and(|l| !matches!(l.kind, LabelKind::Number | LabelKind::Dash));
        if !lettered || clause.parent.is_none() {
            return None;
        }
        let [only] = open.pieces.as_slice() else {
            return None;
        };
        self.cues
            .title_line(only.slice(self.text))
            .then_some(open.idx)
    }

    /// Where an unlabelled line is an item of its own rather than more text of the open
    /// clause, the clause it belongs to: a task under a heading item ("(d) Facilitate
    /// … humanitarian assistance" then "To improve coordination …;"), the next of such
    /// tasks, or a quoted text after "… replaced by the following:".
    pub(super) fn unlabelled_item_parent(&self, s: &str, prev_terminal: bool) -> Option<usize> {
        let starts_capital = s
            .trim_start_matches(['*', '_'])
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let quoted = s.starts_with(['\u{201c}', '"']);
        if !(starts_capital || quoted) || heading_like(s) {
            return None;
        }
        let open = self.open.as_ref()?;
        let clause = self.doc.clauses.get(open.idx)?;
        if starts_capital && clause.parent.is_some() {
            if let Some(title) = self.open_title_item() {
                return Some(title);
            }
            if clause.label.is_none() && prev_terminal {
                return clause.parent;
            }
        }
        let after_colon = open
            .pieces
            .last()
            .is_some_and(|p| p.slice(self.text).trim_end().ends_with(':'));
        (quoted && after_colon && clause.parent.is_none() && clause.label.is_some())
            .then_some(open.idx)
    }

    /// "1. protect civilians …" after "… plans are in place and implemented to:" inside a
    /// sub-item: a numbered item of that sub-item, not paragraph 1.
    pub(super) fn sub_number(&self, label: &RawLabel, s: &str) -> bool {
        if label.style != LabelStyle::Number || self.stack.len() < 2 {
            return false;
        }
        let Ok(value) = label.text.parse::<u32>() else {
            return false;
        };
        let lower = s
            .get(label.consumed..)
            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_lowercase));
        let continues = self
            .stack
            .iter()
            .skip(1)
            .any(|(k, _, v)| *k == LabelKind::Number && v + 1 == value);
        let opens = value == 1
            && self.open.as_ref().is_some_and(|o| {
                o.pieces
                    .last()
                    .is_some_and(|p| p.slice(self.text).trim_end().ends_with(':'))
            });
        lower && (continues || opens)
    }

    /// Whether a label at the start of a line really starts a paragraph (and is not a
    /// wrapped line that happens to begin with "(2010)" or "12.").
    pub(super) fn accept_label(
        &self,
        label: &RawLabel,
        s: &str,
        prev_terminal: bool,
        blank_before: bool,
    ) -> bool {
        if label.style == LabelStyle::Number {
            let Ok(value) = label.text.parse::<u32>() else {
                return false;
            };
            let follows = self
                .last_number
                .map_or(value <= 2, |last| value == last + 1);
            if !starts_paragraph_text(s, label) {
                // "5. further endorses" (an OCR'd capital) is still paragraph 5 when it
                // is the next number after a closed paragraph.
                return follows && prev_terminal && self.last_number.is_some();
            }
            return prev_terminal || blank_before || follows || self.open.is_none();
        }
        if !starts_paragraph_text(s, label) {
            return false;
        }
        let after_title = self.open_title_item().is_some();
        // "(c) … in accordance with Yemeni law, and" closes item (c) when (d) follows.
        let after_conjunction = self.open.as_ref().is_some_and(|o| {
            o.pieces.last().is_some_and(|p| {
                let t = p.slice(self.text).trim_end();
                [", and", ", or"].iter().any(|tail| t.ends_with(tail))
            })
        });
        match label.style {
            LabelStyle::Number => false,
            LabelStyle::Paren | LabelStyle::Dot => {
                if label.style == LabelStyle::Dot && self.stack.is_empty() {
                    return false;
                }
                // After a heading item such as "(i) Protection of civilians" (no closing
                // punctuation) the next item still starts a clause when its label is
                // the first of a level or continues a sequence.
                let letters = |v: u32| {
                    self.stack.iter().any(|(k, _, open)| {
                        matches!(k, LabelKind::ParenLetter | LabelKind::DotLetter) && open + 1 == v
                    }) || self
                        .closed_letter
                        .is_some_and(|(_, closed)| closed + 1 == v)
                };
                let in_sequence = lines::letter_value(&label.text)
                    .is_some_and(|v| v == 1 || letters(v))
                    || lines::roman_value(&label.text).is_some_and(|v| {
                        v == 1
                            || self.stack.iter().any(|(k, _, open)| {
                                matches!(k, LabelKind::ParenRoman | LabelKind::DotRoman)
                                    && open + 1 == v
                            })
                    });
                prev_terminal
                    || blank_before
                    || self.open.is_none()
                    || (in_sequence && (after_title || after_conjunction))
            }
            LabelStyle::ParenNumber => {
                // "(7)" right after "(6)": the list goes on even when item (6) lacks
                // its closing punctuation.
                let value = label.text.parse::<u32>().unwrap_or(0);
                let continues = self
                    .stack
                    .iter()
                    .skip(1)
                    .any(|(k, _, open)| *k == LabelKind::Number && open + 1 == value);
                // A numbered list opens at "(1)": a lone "(6)" is OCR for "(b)".
                !self.stack.is_empty()
                    && (continues || (value == 1 && (prev_terminal || blank_before || after_title)))
            }
            LabelStyle::Dash => {
                // A dash list goes on after an item that lacks its semicolon.
                let dash_open = self.stack.iter().any(|(k, _, _)| *k == LabelKind::Dash);
                prev_terminal || blank_before || self.open.is_none() || after_title || dash_open
            }
        }
    }

    /// "11 Condemns …" after a closed paragraph 10: the next paragraph number printed
    /// without its full stop (S/RES/2730 (2024), in both copies), before an operative
    /// verb. Read as the paragraph it is; `finish` reports the missing full stop.
    pub(super) fn unpointed_number<'s>(
        &self,
        s: &'s str,
        prev_terminal: bool,
    ) -> Option<RawLabel<'s>> {
        if self.part != Part::Operative || !prev_terminal {
            return None;
        }
        let digits_len = s.find(|c: char| !c.is_ascii_digit())?;
        let value: u32 = s.get(..digits_len)?.parse().ok()?;
        if self.last_number.map(|n| n + 1) != Some(value) {
            return None;
        }
        let rest = s.get(digits_len..)?;
        let text = rest.trim_start();
        if text.len() == rest.len() || !self.cues.operative_verb_like(first_word(text)) {
            return None;
        }
        Some(RawLabel {
            style: LabelStyle::Number,
            text: value.to_string().into(),
            label_len: digits_len,
            consumed: s.len() - text.len(),
        })
    }

    /// Starts a labelled clause. Returns false when the label cannot be placed (the
    /// line is then read as text). `sub_number`: a "1." that numbers items of a
    /// sub-item, not paragraphs.
    pub(super) fn labelled(&mut self, content: Span, raw: &RawLabel, sub_number: bool) -> bool {
        let (letter_kind, roman_kind) = match raw.style {
            LabelStyle::Dot => (LabelKind::DotLetter, LabelKind::DotRoman),
            _ => (LabelKind::ParenLetter, LabelKind::ParenRoman),
        };
        let open_value = |kind: LabelKind| {
            self.stack
                .iter()
                .rev()
                .find(|(k, _, _)| *k == kind)
                .map(|(_, _, v)| *v)
        };
        // Letters run on across pillars: after "(h)" under "(i) Protection of civilians",
        // the "(i)" under "(ii) Disarmament …" is the letter i.
        let open_letter = open_value(letter_kind).or(self
            .closed_letter
            .filter(|(k, _)| *k == letter_kind)
            .map(|(_, v)| v));
        let Some((kind, value)) =
            lines::resolve_label(raw.style, &raw.text, open_letter, open_value(roman_kind))
        else {
            return false;
        };
        let label = Label {
            kind,
            text: SmolStr::new(&raw.text),
            value,
            span: Span::new(content.start, content.start + raw.label_len),
        };
        let body_start = content.start + raw.consumed;
        let paragraph = raw.style == LabelStyle::Number && !sub_number;
        if paragraph && value == 1 && self.part == Part::Operative && self.seized_closed() {
            // Numbering that restarts after "Decides to remain seized of the matter." is
            // an annex whose title was not recognised.
            self.close();
            self.enter_annex(content.start);
        }
        if paragraph {
            self.close();
            self.title_item_to_heading();
            if self.part == Part::Preambular {
                self.part = Part::Operative;
            }
            self.stack.clear();
            self.closed_letter = None;
            self.last_number = Some(value);
            let part = if self.part == Part::Annex {
                Part::Annex
            } else {
                Part::Operative
            };
            // "58. (a) Requests …": the paragraph number and its first item share a line.
            let rest = Span::new(body_start.min(content.end), content.end);
            let first_item = lines::label(rest.slice(self.text)).filter(|l| {
                l.style == LabelStyle::Paren
                    && matches!(l.text.as_ref(), "a" | "i")
                    && starts_paragraph_text(rest.slice(self.text), l)
            });
            let own = if first_item.is_some() {
                Span::new(content.start, label.span.end)
            } else {
                content
            };
            let idx = self.start(part, Some(label), None, own, body_start.min(own.end));
            self.stack.push((kind, idx, value));
            if let Some(item) = first_item {
                self.labelled(rest, &item, false);
            }
            return true;
        }
        // Sub-items: a kind already open closes everything below it and becomes a
        // sibling; a new kind nests under the innermost open clause. A paragraph number
        // at the bottom of the stack is not the level of numbered items.
        let skip = usize::from(
            kind == LabelKind::Number
                && self
                    .stack
                    .first()
                    .is_some_and(|(k, _, _)| *k == LabelKind::Number),
        );
        let level = self
            .stack
            .iter()
            .skip(skip)
            .position(|(k, _, _)| *k == kind)
            .map(|p| p + skip);
        let parent =
            if let Some(pos) = level {
                // A sibling of an open item: same parent as that item.
                let sibling = self.stack.get(pos).map(|(_, idx, _)| *idx);
                if let Some(letter) =
                    self.stack.iter().skip(pos).rev().find(|(k, _, _)| {
                        matches!(k, LabelKind::ParenLetter | LabelKind::DotLetter)
                    })
                {
                    self.closed_letter = Some((letter.0, letter.2));
                }
                self.stack.truncate(pos);
                sibling
                    .and_then(|s| self.doc.clauses.get(s))
                    .and_then(|c| c.parent)
            } else {
                self.stack
                    .last()
                    .map(|(_, idx, _)| *idx)
                    .or_else(|| self.open.as_ref().map(|o| o.idx))
            };
        let part = match self.part {
            Part::Heading => Part::Operative,
            p => p,
        };
        let idx = self.start(part, Some(label), parent, content, body_start);
        self.stack.push((kind, idx, value));
        true
    }

    /// A lone heading item between two paragraphs ("8. …;" then "(i) Exemptions,
    /// advance approvals and notifications" then "9. …") is a section heading with a
    /// label, not an item of paragraph 8. Call with no clause open.
    pub(super) fn title_item_to_heading(&mut self) {
        let Some(idx) = self.doc.clauses.len().checked_sub(1) else {
            return;
        };
        let Some(c) = self.doc.clauses.get(idx) else {
            return;
        };
        let Some(parent) = c.parent else { return };
        let lone = self.doc.clauses.get(parent).is_some_and(|p| {
            p.parent.is_none() && *p.children == [idx] && !p.norm.text.trim_end().ends_with(':')
        });
        if !(lone && c.part == Part::Operative && self.cues.title_line(&c.norm.text)) {
            return;
        }
        if let Some(p) = self.doc.clauses.get_mut(parent) {
            p.children.clear();
        }
        if let Some(c) = self.doc.clauses.get_mut(idx) {
            c.part = Part::Heading;
            c.label = None;
            c.parent = None;
            c.depth = 0;
        }
    }
}
