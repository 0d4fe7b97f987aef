//! The parser: text → Document.

use crate::model::{Document, Masthead, SourceFormat};
use crate::span::LineIndex;

pub fn parse(text: String, format: SourceFormat) -> Document {
    let lines = LineIndex::new(&text);
    Document {
        text,
        format,
        lines,
        masthead: Masthead::default(),
        council_line: None,
        chapter_vii: None,
        clauses: Vec::new(),
        furniture: Vec::new(),
        footnotes: Vec::new(),
        annex_start: None,
        issues: Vec::new(),
    }
}
