//! The map from a rendered text back to the file it was rendered from.

use crate::span::Span;

/// Where a piece of rendered text came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Locator {
    /// Text of a Word paragraph (1-based, counted over every `w:p` of the document
    /// body in order, table cells and text boxes included); `char_offset` is the number
    /// of characters of that paragraph's text before this piece.
    WordParagraph { paragraph: u32, char_offset: u32 },
    /// The list number Word displays before a paragraph (rendered from numbering.xml).
    WordNumber { paragraph: u32 },
    /// Text of a footnote, numbered as Word displays it (1-based, in reference order).
    WordFootnote { footnote: u32, char_offset: u32 },
    /// Text from an XML file: 1-based line and column (in characters) of the piece's
    /// first character, and the nearest enclosing element with an identifier (an index
    /// into `Origin::elements`).
    Xml {
        line: u32,
        column: u32,
        element: u32,
    },
    /// Text the reader wrote itself (a separator, a label made from metadata).
    Generated(&'static str),
}

/// A piece of rendered text, `[start, end)` in `Source::text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub span: Span,
    pub at: Locator,
}

/// Pieces in text order (non-overlapping, sorted by start). Empty for text formats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub pieces: Vec<Piece>,
    /// Element descriptions ("<paragraph eId=\"para_17\">") that `Locator::Xml` points to.
    pub elements: Vec<String>,
}

impl Origin {
    /// The piece holding `offset` (an offset at a piece's end belongs to it when no
    /// piece starts there, so that the end of a span is described too).
    pub fn locate(&self, offset: usize) -> Option<&Piece> {
        let idx = self.pieces.partition_point(|p| p.span.start <= offset);
        let piece = self.pieces.get(idx.checked_sub(1)?)?;
        if piece.span.start <= offset && offset <= piece.span.end {
            Some(piece)
        } else {
            None
        }
    }

    pub(crate) fn describe(&self, text: &str, offset: usize) -> Option<String> {
        let piece = self.locate(offset)?;
        // Characters from the piece start to the offset (an offset inside a character
        // counts that character as reached).
        let mut cut = offset.min(text.len());
        while cut > piece.span.start && !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let chars_in = text
            .get(piece.span.start..cut)
            .unwrap_or("")
            .chars()
            .count() as u32;
        Some(match &piece.at {
            Locator::WordParagraph {
                paragraph,
                char_offset,
            } => format!(
                "Word paragraph {paragraph}, character {}",
                char_offset + chars_in + 1
            ),
            Locator::WordNumber { paragraph } => {
                format!("Word paragraph {paragraph}, its list number")
            }
            Locator::WordFootnote {
                footnote,
                char_offset,
            } => format!(
                "Word footnote {footnote}, character {}",
                char_offset + chars_in + 1
            ),
            Locator::Xml {
                line,
                column,
                element,
            } => {
                let within = self
                    .elements
                    .get(*element as usize)
                    .map(|e| format!(" (in {e})"))
                    .unwrap_or_default();
                format!("XML line {line}, column {}{within}", column + chars_in)
            }
            Locator::Generated(what) => format!("{what} (made by mandate-lint)"),
        })
    }
}

/// Builds a rendered text line by line, recording pieces and italic spans as it goes.
#[derive(Debug, Default)]
pub(crate) struct RenderBuffer {
    pub text: String,
    pub origin: Origin,
    pub italics: Vec<Span>,
}

impl RenderBuffer {
    /// Appends `piece` located at `at`; `italic` records it as italic text.
    pub fn push(&mut self, piece: &str, at: Locator, italic: bool) {
        if piece.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(piece);
        let span = Span::new(start, self.text.len());
        // Merge with the previous piece when it simply continues it, to keep maps small.
        let merged = match (self.origin.pieces.last_mut(), &at) {
            (Some(prev), Locator::Generated(_)) if prev.span.end == start && prev.at == at => {
                prev.span.end = span.end;
                true
            }
            _ => false,
        };
        if !merged {
            self.origin.pieces.push(Piece { span, at });
        }
        if italic {
            match self.italics.last_mut() {
                Some(last) if last.end == start => last.end = span.end,
                _ => self.italics.push(span),
            }
        }
    }

    /// Ends the current line (nothing to do when the text already ends with one).
    pub fn end_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// True when nothing has been written on the current line.
    pub fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// Registers an element description and returns its index.
    pub fn element(&mut self, description: String) -> u32 {
        if let Some(last) = self.origin.elements.last() {
            if *last == description {
                return (self.origin.elements.len() - 1) as u32;
            }
        }
        self.origin.elements.push(description);
        (self.origin.elements.len() - 1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_offsets_in_word_paragraphs_and_labels() {
        let mut b = RenderBuffer::default();
        b.push("12. ", Locator::WordNumber { paragraph: 3 }, false);
        b.push(
            "Décide that",
            Locator::WordParagraph {
                paragraph: 3,
                char_offset: 0,
            },
            true,
        );
        b.end_line();
        let text = b.text.clone();
        let origin = b.origin;
        let at = text.find("that").unwrap_or(0);
        assert_eq!(
            origin.describe(&text, at).as_deref(),
            Some("Word paragraph 3, character 8")
        );
        assert_eq!(
            origin.describe(&text, 1).as_deref(),
            Some("Word paragraph 3, its list number")
        );
        assert_eq!(b.italics, vec![Span::new(4, 4 + "Décide that".len())]);
    }
}
