//! The parsed document: the data type between the parser and everything after it.
//!
//! The tree is stored flat (`Document::clauses`, in document order) with parent and
//! child indices, which keeps it cheap to walk, to serialise and to index by clause.

use std::sync::Arc;

use serde::Serialize;
pub use smol_str::SmolStr;

use crate::span::{LineIndex, Span};

/// Where a clause sits in the resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Preambular,
    Operative,
    /// A heading inside the operative part ("Mandate of MONUSCO", "Protection of civilians").
    Heading,
    /// Text in an annex to the resolution.
    Annex,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Preambular => "preambular",
            Part::Operative => "operative",
            Part::Heading => "heading",
            Part::Annex => "annex",
        }
    }
}

/// The style of a paragraph or sub-paragraph label as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LabelKind {
    /// `1.` `12.`
    Number,
    /// `(a)` `(b)`
    ParenLetter,
    /// `(i)` `(iv)`
    ParenRoman,
    /// `a.` `b.`
    DotLetter,
    /// `i.` `ii.`
    DotRoman,
    /// `–`, `-`, `•`, soft-hyphen bullets
    Dash,
}

/// A paragraph or sub-paragraph label: `12.`, `(b)`, `(iv)`, `a.`, `–`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub kind: LabelKind,
    /// The label as written, without parentheses or the trailing dot ("12", "b", "iv").
    pub text: SmolStr,
    /// The label's ordinal value (12, 2, 4…); 0 for dashes.
    pub value: u32,
    pub span: Span,
}

/// Text with page furniture removed, line breaks folded to spaces, soft hyphens and
/// end-of-line hyphenation removed, and an offset map back to the original text.
/// Analysis matches terms on `text`; every match maps back through `to_original`.
///
/// The text and its map are shared (`Arc`): the language server's parse keeps each
/// clause's text for the next keystroke (`parse::NormCache`), which then gives it to the
/// clause again, wherever the edit moved it, by reference counts and a new `shift`
/// rather than copies.
#[derive(Clone, Debug)]
pub struct NormText {
    pub text: Arc<str>,
    /// `text`'s hash (`text_hash`), made once with the text by the builder (nothing
    /// replaces a `NormText`'s text after): the analysis looks each clause's scan up by
    /// its text on every keystroke.
    hash: u64,
    /// Runs `(normalised_start, original_start)`: from `normalised_start` on, bytes map
    /// one to one onto the original text from `original_start + shift`, until the next
    /// run.
    runs: Arc<[(usize, usize)]>,
    /// Original end offset (plus `shift`), so that the end of `text` maps past the last
    /// byte.
    original_end: usize,
    /// Added (wrapping) to every original offset of `runs` and `original_end`.
    shift: usize,
}

impl Default for NormText {
    /// The empty text, shared (every clause starts with one until its text is folded).
    fn default() -> Self {
        static EMPTY: std::sync::LazyLock<NormText> =
            std::sync::LazyLock::new(|| NormText::builder().finish());
        EMPTY.clone()
    }
}

/// The same text with the same map into the original, however it is shared or shifted.
impl PartialEq for NormText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
            && self.original_end() == other.original_end()
            && self.runs.len() == other.runs.len()
            && self.runs().eq(other.runs())
    }
}

impl Eq for NormText {}

impl NormText {
    /// Builds a normalised text from original pieces, each copied verbatim, separated
    /// by a single space where `space_before` says so.
    pub fn builder() -> NormTextBuilder {
        NormTextBuilder::default()
    }

    /// `builder` with room for `bytes` of text and `runs` runs (a clause's text is built
    /// on every keystroke: growing it piece by piece was a fifth of its cost).
    pub fn builder_with_capacity(bytes: usize, runs: usize) -> NormTextBuilder {
        NormTextBuilder {
            text: String::with_capacity(bytes),
            runs: Vec::with_capacity(runs),
            original_end: 0,
        }
    }

    /// Original byte offset of a normalised byte offset.
    pub fn to_original(&self, normalised: usize) -> usize {
        if normalised >= self.text.len() {
            return self.original_end();
        }
        let idx = match self.runs.binary_search_by(|(n, _)| n.cmp(&normalised)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        match self.runs.get(idx) {
            Some(&(n, o)) => o.wrapping_add(self.shift) + (normalised - n),
            None => normalised,
        }
    }

    /// A hash of `text` (FxHash): equal texts have equal hashes.
    pub fn text_hash(&self) -> u64 {
        self.hash
    }

    /// The original offset the end of `text` maps to.
    pub(crate) fn original_end(&self) -> usize {
        self.original_end.wrapping_add(self.shift)
    }

    /// The runs `(normalised_start, original_start)` in the original.
    pub(crate) fn runs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.runs
            .iter()
            .map(|&(n, o)| (n, o.wrapping_add(self.shift)))
    }

    /// The same text with every original offset moved by `to - from` (sharing the text
    /// and its map).
    pub(crate) fn moved(&self, from: usize, to: usize) -> NormText {
        NormText {
            shift: self.shift.wrapping_sub(from).wrapping_add(to),
            ..self.clone()
        }
    }

    /// Moves every original offset by `by` (the text and its map stay shared).
    pub(crate) fn shift_by(&mut self, by: isize) {
        self.shift = self.shift.wrapping_add_signed(by);
    }

    /// Whether this is `old` with every original offset moved by `by`: the same text
    /// mapped onto the same original bytes, which lie `by` further on (compares the
    /// shared text and map by address first).
    pub(crate) fn same_moved(&self, old: &NormText, by: isize) -> bool {
        let moved = |new: usize, old: usize| new == old.wrapping_add_signed(by);
        let same_text = Arc::ptr_eq(&self.text, &old.text) || self.text == old.text;
        let same_runs = if Arc::ptr_eq(&self.runs, &old.runs) {
            moved(self.shift, old.shift)
        } else {
            self.runs.len() == old.runs.len()
                && self
                    .runs()
                    .zip(old.runs())
                    .all(|((n, o), (old_n, old_o))| n == old_n && moved(o, old_o))
        };
        same_text && same_runs && moved(self.original_end(), old.original_end())
    }

    /// Original span of a normalised span.
    pub fn span_to_original(&self, span: Span) -> Span {
        let start = self.to_original(span.start);
        // Map the last byte, not the end, so a match ending at a run boundary does not
        // stretch across furniture that follows it.
        let end = if span.end > span.start {
            self.to_original(span.end - 1) + 1
        } else {
            start
        };
        Span::new(start, end.max(start))
    }
}

#[derive(Default)]
pub struct NormTextBuilder {
    text: String,
    runs: Vec<(usize, usize)>,
    original_end: usize,
}

impl NormTextBuilder {
    /// Appends `piece`, which starts at `original_start` in the original text.
    pub fn push(&mut self, piece: &str, original_start: usize) {
        if piece.is_empty() {
            return;
        }
        self.runs.push((self.text.len(), original_start));
        self.text.push_str(piece);
        self.original_end = original_start + piece.len();
    }

    /// Appends a synthetic separator (a space standing for a line break) that maps to
    /// `original_at`.
    pub fn push_separator(&mut self, sep: &str, original_at: usize) {
        if sep.is_empty() {
            return;
        }
        self.runs.push((self.text.len(), original_at));
        self.text.push_str(sep);
    }

    pub fn ends_with_space(&self) -> bool {
        self.text.ends_with(' ') || self.text.is_empty()
    }

    pub fn finish(self) -> NormText {
        let mut hasher = rustc_hash::FxHasher::default();
        std::hash::Hash::hash(self.text.as_str(), &mut hasher);
        NormText {
            hash: std::hash::Hasher::finish(&hasher),
            text: self.text.into(),
            runs: self.runs.into(),
            original_end: self.original_end,
            shift: 0,
        }
    }
}

/// A clause's sub-items, by index, in document order. Shared on clone: the language
/// server's parse copies every clause after an edit from the last parse (a long draft's
/// four hundred lists, each a copy, on every keystroke), and a keystroke that adds or
/// removes no clause leaves every index as it was. No list, no allocation: most clauses
/// have no sub-items.
#[derive(Clone, Debug, Default)]
pub struct Children(Option<Arc<Vec<usize>>>);

impl Children {
    pub fn push(&mut self, child: usize) {
        Arc::make_mut(self.0.get_or_insert_with(Arc::default)).push(child);
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }

    /// Every index moved by `index_by` (a new list only when that moves anything).
    pub(crate) fn move_by(&mut self, index_by: isize) {
        if index_by != 0 && !self.is_empty() {
            let moved = self.iter().map(|i| i.saturating_add_signed(index_by));
            self.0 = Some(Arc::new(moved.collect()));
        }
    }

    /// Whether these are `old`'s indices moved by `index_by` (compares the shared list
    /// by address first).
    pub(crate) fn same_moved(&self, old: &Children, index_by: isize) -> bool {
        let shared = match (&self.0, &old.0) {
            (Some(new), Some(old)) => Arc::ptr_eq(new, old),
            _ => false,
        };
        (index_by == 0 && shared)
            || (self.len() == old.len()
                && self
                    .iter()
                    .zip(old.iter())
                    .all(|(&n, &o)| o.checked_add_signed(index_by) == Some(n)))
    }
}

impl std::ops::Deref for Children {
    type Target = [usize];

    fn deref(&self) -> &[usize] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl PartialEq for Children {
    fn eq(&self, other: &Children) -> bool {
        **self == **other
    }
}

impl Eq for Children {}

impl<'a> IntoIterator for &'a Children {
    type Item = &'a usize;
    type IntoIter = std::slice::Iter<'a, usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One preambular paragraph, operative paragraph, sub-paragraph, dash item, heading or
/// annex paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub part: Part,
    /// Nesting depth: 0 for paragraphs and headings, 1 for `(a)`, 2 for `(i)`, and so on.
    pub depth: u8,
    pub label: Option<Label>,
    /// Stable reference: "11", "11(b)", "29(ii)(f)"; "pp3" for the third preambular
    /// paragraph, "h2" for the second heading, "annex.4" in an annex, dash items as
    /// "7(f)-2".
    pub reference: SmolStr,
    pub parent: Option<usize>,
    pub children: Children,
    /// The whole clause in the original text, label included, trailing blank space and
    /// trailing furniture excluded.
    pub span: Span,
    /// The clause text after the label, in the original text.
    pub body: Span,
    /// The body with furniture removed and lines folded (for analysis).
    pub norm: NormText,
    /// A heading item: a lettered or numbered item whose text is a title, not a
    /// sentence, and whose items are the tasks under it ("(b) Support for the
    /// extension of State authority" over "(i) To support …"). It has no operative verb
    /// and no closing punctuation of its own.
    pub title: bool,
}

impl Clause {
    pub fn is_operative(&self) -> bool {
        self.part == Part::Operative
    }

    /// A top-level operative paragraph that carries a number ("12."): what the series
    /// numbering, opening-verb and insertion rules work on.
    pub fn is_numbered_paragraph(&self) -> bool {
        self.part == Part::Operative
            && self.parent.is_none()
            && self
                .label
                .as_ref()
                .is_some_and(|l| l.kind == LabelKind::Number)
    }

    /// This clause with its text moved `by` bytes and its relatives' indices by
    /// `index_by` (what the language server's parse takes of the last parse for the
    /// paragraphs after an edit). `move_by` names every field, so a field added to
    /// `Clause` must be moved.
    pub(crate) fn moved(&self, by: isize, index_by: isize) -> Clause {
        let mut moved = self.clone();
        moved.move_by(by, index_by);
        moved
    }

    /// `moved`, in place: a clause the caller owns is moved without a copy (the walk's
    /// checkpoints after an edit, one per top-level paragraph, on every keystroke).
    pub(crate) fn move_by(&mut self, by: isize, index_by: isize) {
        let Clause {
            part: _,
            depth: _,
            label,
            reference: _,
            parent,
            children,
            span,
            body,
            norm,
            title: _,
        } = self;
        let index = |i: &mut usize| *i = i.saturating_add_signed(index_by);
        if let Some(label) = label {
            label.span = label.span.shifted(by);
        }
        if let Some(parent) = parent {
            index(parent);
        }
        children.move_by(index_by);
        *span = span.shifted(by);
        *body = body.shifted(by);
        norm.shift_by(by);
    }

    /// The top-level paragraph number this clause belongs to, for operative clauses.
    pub fn top_number<'a>(&'a self, doc: &'a Document) -> Option<&'a Label> {
        let mut cur = self;
        while let Some(p) = cur.parent {
            cur = doc.clauses.get(p)?;
        }
        cur.label.as_ref().filter(|l| l.kind == LabelKind::Number)
    }
}

/// The header of a resolution or draft.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Masthead {
    /// "S/RES/2098 (2013)" or a draft symbol "S/2024/123".
    pub symbol: Option<String>,
    pub symbol_span: Option<Span>,
    /// Resolution number and year from "Resolution 2098 (2013)" or the symbol;
    /// `None` for placeholders such as "Resolution XXXX (2017)".
    pub number: Option<u32>,
    pub year: Option<u32>,
    pub meeting: Option<u32>,
    /// Adoption date as written ("28 March 2013").
    pub date: Option<String>,
    /// True for drafts: a draft symbol, placeholders in the title, or no adoption line.
    pub draft: bool,
    /// Whether the adoption line is present (the resolution was adopted).
    pub adopted: bool,
}

/// A footnote in the text ("1 S/2013/119.").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Footnote {
    pub marker: String,
    pub span: Span,
}

/// Something the parser could not understand. Becomes a structural diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParseIssue {
    pub span: Span,
    pub message: String,
}

/// How the document was read. Text formats keep their own bytes; .docx and AKN are
/// rendered to a text the parser reads, with a map back to the source (see `input`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    Text,
    Markdown,
    Docx,
    AkomaNtoso,
}

/// A parsed draft. `text` is the exact text all spans index into.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub format: SourceFormat,
    pub lines: LineIndex,
    pub masthead: Masthead,
    /// "The Security Council," (the enacting formula).
    pub council_line: Option<Span>,
    /// "Acting under Chapter VII of the Charter of the United Nations," when present.
    pub chapter_vii: Option<Span>,
    pub clauses: Vec<Clause>,
    /// Page headers, job numbers, barcodes and page numbers recognised and skipped.
    pub furniture: Vec<Span>,
    pub footnotes: Vec<Footnote>,
    /// Byte offset where the annex (if any) begins.
    pub annex_start: Option<usize>,
    pub issues: Vec<ParseIssue>,
}

impl Document {
    pub fn operative(&self) -> impl Iterator<Item = (usize, &Clause)> {
        self.clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.part == Part::Operative)
    }

    pub fn preambular(&self) -> impl Iterator<Item = (usize, &Clause)> {
        self.clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.part == Part::Preambular)
    }

    /// Top-level operative paragraphs (numbered paragraphs).
    pub fn operative_paragraphs(&self) -> impl Iterator<Item = (usize, &Clause)> {
        self.operative().filter(|(_, c)| c.parent.is_none())
    }

    /// Top-level operative paragraphs that carry a number ("12."), in order: the series
    /// numbering, opening-verb and insertion rules work on.
    pub fn numbered_paragraphs(&self) -> impl Iterator<Item = (usize, &Clause)> {
        self.clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_numbered_paragraph())
    }

    /// Where clause `idx`'s paragraph starts: its top-level clause's start (places in
    /// a clause's analysis count from it: `analyse::Rooted`).
    pub fn root_start(&self, idx: usize) -> usize {
        let root = self.ancestors(idx).last().unwrap_or(idx);
        self.clauses.get(root).map_or(0, |c| c.span.start)
    }

    /// The chain of ancestors of a clause, nearest first (at most as many as there are
    /// clauses, so a malformed tree cannot loop).
    pub fn ancestors(&self, idx: usize) -> impl Iterator<Item = usize> + '_ {
        let parent_of = |c: usize| self.clauses.get(c).and_then(|cl| cl.parent);
        std::iter::successors(parent_of(idx), move |&p| parent_of(p)).take(self.clauses.len())
    }

    /// The sub-items of a clause at every depth, in document order.
    pub fn descendants(&self, idx: usize) -> Vec<usize> {
        let children = |c: usize| {
            self.clauses
                .get(c)
                .map(|cl| cl.children.iter().rev().copied())
                .into_iter()
                .flatten()
        };
        let mut out = Vec::new();
        let mut stack: Vec<usize> = children(idx).collect();
        while let Some(c) = stack.pop() {
            if out.len() > self.clauses.len() {
                break; // a malformed tree must not loop
            }
            out.push(c);
            stack.extend(children(c));
        }
        out
    }

    pub fn clause_by_ref(&self, reference: &str) -> Option<(usize, &Clause)> {
        self.clauses
            .iter()
            .enumerate()
            .find(|(_, c)| c.reference == reference)
    }

    /// The innermost clause whose span contains `offset`.
    pub fn clause_at(&self, offset: usize) -> Option<usize> {
        self.clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.span.start <= offset && offset <= c.span.end)
            .max_by_key(|(_, c)| c.depth)
            .map(|(i, _)| i)
    }

    /// One-based line number of a byte offset.
    pub fn line_number(&self, offset: usize) -> usize {
        self.lines.line_number(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normtext_maps_back_across_removed_furniture() {
        // "Requests UNMIT to support the\nS/RES/1969 (2011)\nTimorLeste army"
        let original = "support the\nS/RES/1969 (2011)\narmy now";
        let mut b = NormText::builder();
        b.push("support the", 0);
        b.push_separator(" ", 11);
        let army_at = original.find("army").expect("present");
        b.push("army now", army_at);
        let norm = b.finish();
        assert_eq!(&*norm.text, "support the army now");
        let army_norm = norm.text.find("army").expect("present");
        let span = norm.span_to_original(Span::new(army_norm, army_norm + 4));
        assert_eq!(span.slice(original), "army");
        let whole = norm.span_to_original(Span::new(0, norm.text.len()));
        assert_eq!(whole, Span::new(0, original.len()));
    }

    #[test]
    fn children_are_shared_on_clone_and_copied_on_change() {
        let mut parent = Children::default();
        assert!(parent.is_empty());
        parent.push(4);
        parent.push(7);
        let copy = parent.clone();
        assert!(copy.same_moved(&parent, 0));
        // Moving by nothing keeps the shared list; moving by something makes a new one.
        let mut kept = copy.clone();
        kept.move_by(0);
        assert!(kept.same_moved(&parent, 0));
        let mut moved = copy.clone();
        moved.move_by(-2);
        assert_eq!(*moved, [2, 5]);
        assert!(moved.same_moved(&parent, -2));
        assert!(!moved.same_moved(&parent, 0));
        assert!(!copy.same_moved(&parent, 1));
        // A push to a shared list leaves the other holders' list as it was.
        let mut grown = copy.clone();
        grown.push(9);
        assert_eq!(*grown, [4, 7, 9]);
        assert_eq!(*parent, [4, 7]);
        assert!(!grown.same_moved(&parent, 0));
        // Equal lists are equal whether shared or not; a cleared list is empty.
        let mut rebuilt = Children::default();
        rebuilt.push(4);
        rebuilt.push(7);
        assert_eq!(rebuilt, parent);
        assert!(rebuilt.same_moved(&parent, 0));
        grown.clear();
        assert!(grown.is_empty());
        assert_eq!(grown, Children::default());
    }
}
