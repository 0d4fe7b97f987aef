//! Open documents: their text, version and generation, and incremental edits.

use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use crate::model::SourceFormat;
use crate::span::{ColumnUnit, LineIndex, TextEdit};

use super::convert::Positions;

/// One open document as the client last described it.
#[derive(Clone, Debug)]
pub struct OpenDocument {
    pub text: String,
    /// The client's version, published back with diagnostics.
    pub version: i32,
    /// Bumped on every change; a check publishes only if its generation is still the
    /// latest, so a slow check never overwrites the result of a newer one.
    pub generation: u64,
    /// The last generation whose diagnostics were published.
    pub published: u64,
    pub format: SourceFormat,
    /// Where `text`'s lines start, edited with it: a change's range is found without
    /// reading the whole text again.
    lines: LineIndex,
}

impl OpenDocument {
    pub fn new(text: String, version: i32, format: SourceFormat) -> Self {
        OpenDocument {
            lines: LineIndex::new(&text),
            text,
            version,
            generation: 1,
            published: 0,
            format,
        }
    }

    /// Applies the client's changes in order: a change with a range replaces that
    /// range (clamped to the text), one without replaces the whole text.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        unit: ColumnUnit,
    ) {
        for change in changes {
            apply_change(&mut self.text, &mut self.lines, change, unit);
        }
        self.version = version;
        self.generation += 1;
    }
}

/// Applies one content change to `text` and its line index `lines`. Positions are in
/// the negotiated `unit`; out-of-range positions clamp, so a confused client cannot
/// make us panic.
pub fn apply_change(
    text: &mut String,
    lines: &mut LineIndex,
    change: TextDocumentContentChangeEvent,
    unit: ColumnUnit,
) {
    match change.range {
        None => {
            *text = change.text;
            *lines = LineIndex::new(text);
        }
        Some(range) => {
            if lines.text_len() != text.len() {
                *lines = LineIndex::new(text);
            }
            let span = Positions::new(text, lines, unit).span(range);
            if text.is_char_boundary(span.start) && text.is_char_boundary(span.end) {
                text.replace_range(span.start..span.end, &change.text);
                let edit = TextEdit {
                    start: span.start,
                    old_end: span.end,
                    new_end: span.start + change.text.len(),
                };
                *lines = lines.edited(text, edit);
            }
        }
    }
}

/// How to read a document: Markdown for Markdown language ids and `.md` files, plain
/// text otherwise (drafts are mostly text pasted from Word or PDF).
pub fn format_for(uri: &str, language_id: &str) -> SourceFormat {
    let lower = uri.to_ascii_lowercase();
    if language_id == "markdown" || lower.ends_with(".md") || lower.ends_with(".markdown") {
        SourceFormat::Markdown
    } else {
        SourceFormat::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_order_with_utf16_columns() {
        let mut doc = OpenDocument::new("“a” — b\nsecond".to_string(), 1, SourceFormat::Text);
        // "“a” — " is 6 UTF-16 units; replace "b" then append to line 2.
        doc.apply_changes(
            2,
            vec![edit(0, 6, 0, 7, "army"), edit(1, 6, 1, 6, " line")],
            ColumnUnit::Utf16,
        );
        assert_eq!(doc.text, "“a” — army\nsecond line");
        assert_eq!(doc.version, 2);
        assert_eq!(doc.generation, 2);
    }

    #[test]
    fn full_replacement_and_out_of_range_edits() {
        let mut doc = OpenDocument::new("abc".to_string(), 1, SourceFormat::Text);
        doc.apply_changes(
            2,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "xyz".to_string(),
            }],
            ColumnUnit::Utf16,
        );
        assert_eq!(doc.text, "xyz");
        doc.apply_changes(3, vec![edit(5, 0, 7, 3, "!")], ColumnUnit::Utf16);
        assert_eq!(doc.text, "xyz!");
    }

    #[test]
    fn format_from_uri_or_language() {
        assert_eq!(
            format_for("file:///d.draft.md", "un-draft"),
            SourceFormat::Markdown
        );
        assert_eq!(
            format_for("file:///d.draft.txt", "un-draft"),
            SourceFormat::Text
        );
        assert_eq!(format_for("untitled:1", "markdown"), SourceFormat::Markdown);
    }
}
