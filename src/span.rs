//! Byte spans into the original text, and the one line index that turns them into
//! line/column positions (byte columns for the terminal, UTF-16 or UTF-8 code units
//! for editors). Every other module speaks in byte offsets only.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub fn covers(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The span moved by `by` bytes (what lay after an edit, `TextEdit::shift`).
    pub fn shifted(self, by: isize) -> Span {
        Span::new(
            self.start.saturating_add_signed(by),
            self.end.saturating_add_signed(by),
        )
    }

    /// The text under the span, or "" when the span does not lie on char
    /// boundaries inside `text` (never panics).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Where a document's text differs from its text before (the language server's
/// successive texts): the bytes before `start` are the same in both, and so are those
/// from `old_end` in the old text and from `new_end` in the new one. What a check kept
/// of the old text and read only outside `start..old_end` holds for the new text,
/// moved by `shift` when it lay after the edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl TextEdit {
    /// The edit from `old` to `new`: their common start and common end (compared a block
    /// at a time, so a keystroke in a long draft costs a comparison of memory, not a
    /// walk of its characters).
    pub fn between(old: &str, new: &str) -> TextEdit {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let start = common_prefix(old, new);
        let end = common_suffix(
            old.get(start..).unwrap_or(&[]),
            new.get(start..).unwrap_or(&[]),
        );
        TextEdit {
            start,
            old_end: old.len() - end,
            new_end: new.len() - end,
        }
    }

    /// How far what lay after the edit moved.
    pub fn shift(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }

    /// `at`, an offset of the old text at or after `old_end`, in the new text.
    pub fn moved(&self, at: usize) -> usize {
        at.saturating_add_signed(self.shift())
    }
}

/// How many bytes `a` and `b` start with in common.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let mut at = 0;
    while let (Some(x), Some(y)) = (a.get(at..at + BLOCK), b.get(at..at + BLOCK)) {
        if x != y {
            break;
        }
        at += BLOCK;
    }
    at + a
        .get(at..)
        .unwrap_or(&[])
        .iter()
        .zip(b.get(at..).unwrap_or(&[]))
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` end with in common.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let mut n = 0;
    while n + BLOCK <= a.len().min(b.len()) {
        let x = a.get(a.len() - n - BLOCK..a.len() - n);
        let y = b.get(b.len() - n - BLOCK..b.len() - n);
        if x != y {
            break;
        }
        n += BLOCK;
    }
    n + a
        .get(..a.len() - n)
        .unwrap_or(&[])
        .iter()
        .rev()
        .zip(b.get(..b.len() - n).unwrap_or(&[]).iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Seeded random edits of a text, for the tests that hold what a check keeps between
/// texts (`TextEdit`) to a fresh reading of each.
#[cfg(test)]
pub(crate) struct RandomEdits {
    seed: u64,
}

#[cfg(test)]
impl RandomEdits {
    pub(crate) fn new(seed: u64) -> RandomEdits {
        RandomEdits { seed }
    }

    /// A number below `n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.seed = self
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.seed >> 33) as usize % n.max(1)
    }

    /// Replaces up to `span` bytes from about `at` (moved onto character boundaries) with
    /// one of `pieces`; returns where.
    pub(crate) fn edit(
        &mut self,
        text: &mut String,
        at: usize,
        span: usize,
        pieces: &[&str],
    ) -> usize {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + self.below(span + 1)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let piece = pieces.get(self.below(pieces.len())).copied().unwrap_or("");
        text.replace_range(at..end, piece);
        at
    }
}

/// A position as editors count it: zero-based line and a column in code units of the
/// negotiated encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// How columns are counted at a boundary (LSP `positionEncoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    /// Unicode scalar values, as humans count characters in a terminal.
    Char,
}

/// The line starts the line ends in `bytes[ends]` make, each with whether its line end
/// is "\r\n" (whose "\n" may lie just past `ends`, and starts no line of its own).
fn starts_made(bytes: &[u8], ends: Range<usize>) -> impl Iterator<Item = (usize, bool)> + '_ {
    let from = ends.start;
    let mut crlf_lf = None;
    memchr::memchr2_iter(b'\n', b'\r', bytes.get(ends).unwrap_or(&[])).filter_map(move |i| {
        let i = from + i;
        if crlf_lf == Some(i) {
            return None;
        }
        if bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n') {
            crlf_lf = Some(i + 1);
            Some((i + 2, true))
        } else {
            Some((i + 1, false))
        }
    })
}

/// Start offsets of every line. Recognises `\n`, `\r\n` and a lone `\r` as line ends,
/// as drafts come from Windows, old Mac tools and PDF extractors alike.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// Some line ends with "\r\n" (found while indexing: quick fixes write the line
    /// ending the draft uses, and looking for one read a long draft once more).
    crlf: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // About one line per 64 bytes in UN texts: growing from one slot copied the
        // index a dozen times on a long draft, on every keystroke.
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        let mut crlf = false;
        starts.extend(starts_made(bytes, 0..bytes.len()).map(|(start, is_crlf)| {
            crlf |= is_crlf;
            start
        }));
        LineIndex {
            starts,
            len: text.len(),
            crlf,
        }
    }

    /// The index of `text`, made from `self`, the index of the text `edit` changed into
    /// it: the line starts before the edit are kept, those after it moved, and only
    /// the edited stretch is read (a keystroke in a long draft re-read every line). A
    /// start depends on the character before it and, after a "\r", on its own: a
    /// start at or before the edit's start, or more than one character after its end,
    /// is made by characters outside the edit.
    pub fn edited(&self, text: &str, edit: TextEdit) -> LineIndex {
        let consistent = edit.start <= edit.old_end
            && edit.start <= edit.new_end
            && edit.old_end <= self.len
            && edit.new_end <= text.len()
            && self.len.checked_add_signed(edit.shift()) == Some(text.len());
        if !consistent {
            return LineIndex::new(text);
        }
        let bytes = text.as_bytes();
        // Kept: the starts before the edit (the first line's always).
        let head = self.starts.partition_point(|&s| s < edit.start).max(1);
        // Moved: the starts whose line end before them lies after the edit.
        let tail = self.starts.partition_point(|&s| s <= edit.old_end);
        let mut starts = Vec::with_capacity(head + (self.starts.len() - tail) + 8);
        starts.extend_from_slice(self.starts.get(..head).unwrap_or(&[0]));
        // Read again: the line ends from the character before the edit to its end,
        // each making a start no later than the edit's end (one later is moved).
        let from = edit.start.saturating_sub(1);
        let mut crlf = false;
        for (start, is_crlf) in starts_made(bytes, from..edit.new_end) {
            crlf |= is_crlf;
            if start <= edit.new_end {
                starts.push(start);
            }
        }
        let shift = edit.shift();
        starts.extend(
            self.starts
                .get(tail..)
                .unwrap_or(&[])
                .iter()
                .map(|&s| s.saturating_add_signed(shift)),
        );
        // A "\r\n" outside the edit was there before; one inside may have gone.
        let crlf = crlf || (self.crlf && memchr::memmem::find(bytes, b"\r\n").is_some());
        LineIndex {
            starts,
            len: text.len(),
            crlf,
        }
    }

    /// Whether some line of the text ends with "\r\n".
    pub fn has_crlf(&self) -> bool {
        self.crlf
    }

    /// The length of the text indexed.
    pub fn text_len(&self) -> usize {
        self.len
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Zero-based line containing `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte offset where zero-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Byte range of a line's content, line terminator excluded.
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = self.line_start(line)?;
        let mut end = self.line_start(line + 1).unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n') | Some(b'\r')) {
            end -= 1;
        }
        Some(Span::new(start, end))
    }

    /// Zero-based line and column of a byte offset, the column counted in `unit`.
    /// An offset inside a multi-byte character is moved back to its start.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let prefix = text.get(start..offset).unwrap_or("");
        let col = match unit {
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Utf16 => utf16_len(prefix),
            ColumnUnit::Char => prefix.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Byte offset of a zero-based line/column counted in `unit`. Columns past the end
    /// of the line clamp to the line end, lines past the end clamp to the text end,
    /// and a column inside a surrogate pair moves to the character's start, so any
    /// position a client sends maps to a valid char boundary.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let Some(line_span) = self.line_span(text, pos.line as usize) else {
            return text.len();
        };
        let line_text = line_span.slice(text);
        let want = pos.col as usize;
        let mut counted = 0usize;
        for (byte_idx, ch) in line_text.char_indices() {
            if counted >= want {
                return line_span.start + byte_idx;
            }
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if counted + width > want {
                return line_span.start + byte_idx;
            }
            counted += width;
        }
        line_span.end
    }

    /// One-based line number for human output.
    pub fn line_number(&self, offset: usize) -> usize {
        self.line_of(offset) + 1
    }
}

/// `s.encode_utf16().count()` counted on its bytes: one unit per character (every byte
/// that does not continue one), two for a character above U+FFFF (its lead byte is
/// 0xF0 or more). The language server converts every finding's place on every
/// publication; a byte count the compiler vectorises is a tenth of decoding each
/// character.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.as_bytes()
        .iter()
        .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counting UTF-16 units on bytes gives what encoding gives.
        #[test]
        fn utf16_length_by_bytes_is_by_characters(
            s in "[a-z \u{e9}\u{2014}\u{201c}\u{201d}\u{1d11e}\u{1f600}\u{ad}\u{ffff}\u{10000}]{0,40}"
        ) {
            proptest::prop_assert_eq!(utf16_len(&s), s.encode_utf16().count());
        }
    }

    /// A text of line ends of every kind, dashes, accents and curly quotes.
    const LINE_TEXT: &str = "[ab\r\n\u{e9}\u{2014}\u{201c}]{0,30}";

    /// A char boundary of `s` near `at` (at or before it).
    fn boundary(s: &str, at: usize) -> usize {
        let mut at = at.min(s.len());
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    proptest::proptest! {
        /// The index of an edited text made from the last one's is the fresh one, for
        /// any replacement: an end of line split ("\r" | "\n"), joined, typed before
        /// or after one, a text emptied or filled.
        #[test]
        fn an_edited_line_index_is_a_fresh_one(
            old in LINE_TEXT,
            inserted in LINE_TEXT,
            a in 0usize..40,
            b in 0usize..40,
        ) {
            let (a, b) = (boundary(&old, a.min(b)), boundary(&old, a.max(b)));
            let new = format!("{}{inserted}{}", &old[..a], &old[b..]);
            let fresh = LineIndex::new(&new);
            // As the client describes it (the range replaced) and as the engine works
            // it out (the shortest difference).
            let described = TextEdit { start: a, old_end: b, new_end: a + inserted.len() };
            for edit in [described, TextEdit::between(&old, &new)] {
                proptest::prop_assert_eq!(&LineIndex::new(&old).edited(&new, edit), &fresh);
            }
        }
    }

    #[test]
    fn an_edit_that_does_not_fit_the_text_indexes_it_afresh() {
        let old = LineIndex::new("a\nb");
        let edit = TextEdit {
            start: 1,
            old_end: 9,
            new_end: 2,
        };
        assert_eq!(old.edited("a\r\nb\nc", edit), LineIndex::new("a\r\nb\nc"));
    }

    #[test]
    fn lines_with_mixed_terminators() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_of(0), 0);
        assert_eq!(idx.line_of(3), 1);
        assert_eq!(idx.line_of(5), 2);
        assert_eq!(idx.line_of(7), 3);
        assert_eq!(idx.line_span(text, 0), Some(Span::new(0, 1)));
        assert_eq!(idx.line_span(text, 1), Some(Span::new(3, 4)));
    }

    #[test]
    fn line_starts_agree_with_a_byte_by_byte_reading() {
        // Each "\n", each "\r" and each "\r\n" ends a line.
        fn by_bytes(text: &str) -> Vec<usize> {
            let bytes = text.as_bytes();
            let mut starts = vec![0];
            let mut i = 0;
            while let Some(&b) = bytes.get(i) {
                if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                if b == b'\n' || b == b'\r' {
                    starts.push(i + 1);
                }
                i += 1;
            }
            starts
        }
        for text in [
            "",
            "\n",
            "\r",
            "\r\n",
            "\n\r",
            "\r\r\n\n",
            "a\r\n\r\nb\r",
            "é—\r\n“x”\n\r\n",
        ] {
            assert_eq!(LineIndex::new(text).starts, by_bytes(text), "{text:?}");
            assert_eq!(
                LineIndex::new(text).has_crlf(),
                text.contains("\r\n"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn utf16_columns_after_dash_accent_and_quotes() {
        let text = "x — é “MINUSMA” 𝄞 army";
        let idx = LineIndex::new(text);
        let army = text.find("army").expect("present");
        let pos = idx.position(text, army, ColumnUnit::Utf16);
        // x,space,—,space,é,space,“,M..A(7),”,space,𝄞(2),space = 19
        assert_eq!(pos, LineCol { line: 0, col: 19 });
        assert_eq!(idx.offset(text, pos, ColumnUnit::Utf16), army);
        let pos8 = idx.position(text, army, ColumnUnit::Utf8);
        assert_eq!(pos8.col as usize, army);
        assert_eq!(idx.offset(text, pos8, ColumnUnit::Utf8), army);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16),
            2
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Utf16),
            5
        );
        let surrogate = "𝄞b";
        let idx = LineIndex::new(surrogate);
        assert_eq!(
            idx.offset(surrogate, LineCol { line: 0, col: 1 }, ColumnUnit::Utf16),
            0
        );
    }
}
