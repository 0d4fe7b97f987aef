//! Where a finding's comment goes in `word/document.xml`: from the finding's span in the
//! rendered text to the runs (or paragraph) of the Word document that hold it.

use crate::diagnostic::Diagnostic;
use crate::input::{Locator, ParaLayout, Source};
use crate::model::Document;
use crate::span::Span;

/// Where comments go: the rendered text, its parse, and the paragraph layout.
pub(super) struct Places<'a> {
    pub(super) source: &'a Source,
    pub(super) doc: Option<&'a Document>,
    pub(super) layouts: &'a [ParaLayout],
}

impl Places<'_> {
    /// The byte range of document.xml the comment for `d` goes around, and whether it
    /// covers the flagged text itself (rather than the clause's whole paragraph).
    pub(super) fn anchor(&self, d: &Diagnostic) -> Option<(Span, bool)> {
        if let Some(range) = self.text_range(d.span) {
            return Some((range, true));
        }
        // An insertion point (a missing closing mark): the paragraph it ends, where the
        // drafter types, rather than the whole clause (a clause spread over paragraphs,
        // one of them a framed note, lost its comment in LibreOffice).
        if d.span.is_empty() && d.span.start > 0 {
            let text = &self.source.text;
            let mut before = d.span.start.min(text.len()).saturating_sub(1);
            while before > 0 && !text.is_char_boundary(before) {
                before -= 1;
            }
            if let Some(range) = self.paragraph_range(before) {
                return Some((range, false));
            }
        }
        // Not in the body (a footnote, text mandate-lint made) or no text at all: the
        // paragraph where the drafter must act, i.e. the clause the finding concerns.
        let clause_span = d
            .clause_ref
            .as_deref()
            .and_then(|r| self.doc?.clause_by_ref(r))
            .map(|(_, c)| c.span);
        let paragraph = clause_span
            .and_then(|s| self.text_range(s))
            .or_else(|| self.paragraph_range(d.span.start))
            .or_else(|| self.first_paragraph());
        paragraph.map(|range| (range, false))
    }

    /// The runs covering a non-empty span of the rendered text.
    pub(super) fn text_range(&self, span: Span) -> Option<Span> {
        if span.is_empty() {
            return None;
        }
        let (first_para, first_char) = self.word_position(span.start)?;
        let text = &self.source.text;
        let mut last = span.end.min(text.len()).saturating_sub(1);
        while last > span.start && !text.is_char_boundary(last) {
            last -= 1;
        }
        let (last_para, last_char) = self.word_position(last)?;
        let first = self.layout(first_para)?;
        let last = self.layout(last_para)?;
        let first_content = first.content?;
        let last_content = last.content?;
        let start = first
            .children
            .iter()
            .find(|c| c.chars.0 <= first_char && first_char < c.chars.1)
            .map_or(first_content.start, |c| c.xml.start);
        let end = last
            .children
            .iter()
            .find(|c| c.chars.0 <= last_char && last_char < c.chars.1)
            .map_or(last_content.end, |c| c.xml.end);
        (start <= end).then_some(Span::new(start, end))
    }

    /// The whole paragraph holding offset `at` of the rendered text.
    pub(super) fn paragraph_range(&self, at: usize) -> Option<Span> {
        let (para, _) = self.word_position(at)?;
        self.layout(para)?.content
    }

    pub(super) fn first_paragraph(&self) -> Option<Span> {
        self.layouts
            .iter()
            .find(|l| !l.children.is_empty())
            .or_else(|| self.layouts.iter().find(|l| l.content.is_some()))
            .and_then(|l| l.content)
    }

    pub(super) fn layout(&self, index: u32) -> Option<&ParaLayout> {
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.layouts
            .get(i)
            .filter(|l| l.index == index)
            .or_else(|| self.layouts.iter().find(|l| l.index == index))
    }

    /// (Word paragraph, character) of an offset of the rendered text, when it is text
    /// of the document body. A list number, which Word draws from numbering.xml, stands
    /// for the paragraph's first character of text after it.
    pub(super) fn word_position(&self, offset: usize) -> Option<(u32, u32)> {
        let piece = self.source.origin.locate(offset)?;
        match piece.at {
            Locator::WordParagraph {
                paragraph,
                char_offset,
            } => {
                let within = self
                    .source
                    .text
                    .get(piece.span.start..offset)
                    .map_or(0, |s| s.chars().count());
                let within = u32::try_from(within).ok()?;
                Some((paragraph, char_offset.saturating_add(within)))
            }
            Locator::WordNumber { paragraph } => {
                let pieces = &self.source.origin.pieces;
                let next = pieces.partition_point(|p| p.span.start < piece.span.end);
                let first_text = match pieces.get(next).map(|p| &p.at) {
                    Some(Locator::WordParagraph {
                        paragraph: same,
                        char_offset,
                    }) if *same == paragraph => *char_offset,
                    _ => 0,
                };
                Some((paragraph, first_text))
            }
            _ => None,
        }
    }
}
