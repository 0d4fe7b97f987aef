//! Byte spans ↔ LSP positions. The only place the server converts: everything inside
//! speaks byte offsets, and `span::LineIndex` does the counting in the negotiated unit.

use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::span::{ColumnUnit, LineCol, LineIndex, Span};

/// A text with its line index and the column unit the client negotiated.
pub struct Positions<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub unit: ColumnUnit,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str, lines: &'a LineIndex, unit: ColumnUnit) -> Self {
        Positions { text, lines, unit }
    }

    pub fn position(&self, offset: usize) -> Position {
        let lc = self.lines.position(self.text, offset, self.unit);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// Byte offset of a client position; out-of-range positions clamp (see `LineIndex::offset`).
    pub fn offset(&self, pos: Position) -> usize {
        self.lines.offset(
            self.text,
            LineCol {
                line: pos.line,
                col: pos.character,
            },
            self.unit,
        )
    }

    /// Byte span of a client range, start and end ordered even if the client swapped them.
    pub fn span(&self, range: Range) -> Span {
        let a = self.offset(range.start);
        let b = self.offset(range.end);
        Span::new(a.min(b), a.max(b))
    }
}

/// The encoding to use given what the client offers: UTF-8 when offered (no
/// conversion cost, exact for any text), else the protocol's mandatory UTF-16.
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> (ColumnUnit, PositionEncodingKind) {
    let offers_utf8 = offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
    if offers_utf8 {
        (ColumnUnit::Utf8, PositionEncodingKind::UTF8)
    } else {
        (ColumnUnit::Utf16, PositionEncodingKind::UTF16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_range_after_dash_accent_and_curly_quotes() {
        let text = "pp1\n3. Notes — the “Forces armées” of Malé and XXXX here";
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines, ColumnUnit::Utf16);
        let at = text.find("XXXX").unwrap_or(0);
        let range = p.range(Span::new(at, at + 4));
        let prefix = "3. Notes — the “Forces armées” of Malé and ";
        let col = prefix.encode_utf16().count() as u32;
        assert_eq!(range.start, Position::new(1, col));
        assert_eq!(range.end, Position::new(1, col + 4));
        assert_eq!(p.span(range), Span::new(at, at + 4));
    }

    #[test]
    fn utf8_columns_are_bytes() {
        let text = "é — XXXX";
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines, ColumnUnit::Utf8);
        let at = text.find("XXXX").unwrap_or(0);
        assert_eq!(p.position(at), Position::new(0, at as u32));
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        assert_eq!(negotiate(None).0, ColumnUnit::Utf16);
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(negotiate(Some(&both)).0, ColumnUnit::Utf8);
        let only16 = [PositionEncodingKind::UTF16];
        assert_eq!(negotiate(Some(&only16)).0, ColumnUnit::Utf16);
    }

    #[test]
    fn swapped_and_out_of_range_ranges_clamp() {
        let text = "ab\ncd";
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines, ColumnUnit::Utf16);
        let r = Range::new(Position::new(9, 9), Position::new(0, 1));
        assert_eq!(p.span(r), Span::new(1, 5));
    }
}
