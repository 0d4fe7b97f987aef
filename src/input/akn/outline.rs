//! The clause tree an Akoma Ntoso document states, read from its structural elements.
//!
//! The walk in `akn` records every structural element (paragraph, list, point, intro,
//! sub-heading…) with the spans of the text it rendered for it. [`build`] turns them
//! into [`Outline`] nodes:
//!
//! - a `<container>` of the preamble is a preambular paragraph, and each numbered
//!   `<item>` of its `<blockList>` an item of it;
//! - a `<paragraph>` with a `<num>` "12." is operative paragraph 12; its `<list>`
//!   gives its introduction, its `<point>`s and its wrap-up; a `<sublist>` after a point
//!   holds that point's items; points inside a point are its items;
//! - `<subheading>`, `<heading>` and paragraphs of a heading class (`H1`, `H23`,
//!   `BLUEHeadingH2`…) are headings, and so are unlabelled paragraphs, points and list
//!   introductions whose text is a title ("Reporting:", "Protection of civilians");
//! - an unlabelled point that is not a title is an unlabelled item of the clause it sits
//!   in; one that opens in lower case continues that clause's text;
//! - a lettered paragraph at the top of the main body is an item that was marked up
//!   outside its list: it belongs to the numbered paragraph before it;
//! - unlabelled titles are transparent: what they hold belongs to the labelled clause
//!   around them, as the `eId` paths say (`para_133_list_point_ii_sublist_point_a_…`
//!   is an item of 36(ii) even when a title line sits in between).
//!
//! Everything under `<attachments>` is annex text, and so is what follows an "Annex"
//! heading inside the main body.

use crate::input::{Outline, OutlineKind, OutlineNode};
use crate::span::Span;

/// Elements the walk records.
pub(super) const RECORDED: &[&str] = &[
    "preamble",
    "mainBody",
    "attachments",
    "container",
    "formula",
    "paragraph",
    "subparagraph",
    "list",
    "sublist",
    "blockList",
    "intro",
    "listIntroduction",
    "wrapUp",
    "point",
    "item",
    "alinea",
    "content",
    "num",
    "subheading",
    "heading",
    "p",
];

/// A structural element met by the walk.
#[derive(Debug)]
pub(super) struct Raw {
    pub name: String,
    pub class: Option<String>,
    /// A `name` attribute that is present and empty (`<container name="">`): the
    /// preamble's containers are named after their opening word.
    pub unnamed: bool,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Spans of the text rendered directly for this element (not for its children).
    pub pieces: Vec<Span>,
}

/// Reads the stated tree from the recorded elements. `text` is the rendered text.
pub(super) fn build(raw: &[Raw], text: &str) -> Outline {
    let mut b = Builder {
        raw,
        text,
        out: Outline::default(),
        kind: OutlineKind::Operative,
        last_numbered: None,
    };
    for (i, r) in raw.iter().enumerate() {
        if r.parent.is_some() {
            continue;
        }
        b.top(i, false);
    }
    b.out
}

struct Builder<'a> {
    raw: &'a [Raw],
    text: &'a str,
    out: Outline,
    /// The kind of the clauses being read (operative, or annex under `attachments`).
    kind: OutlineKind,
    /// The last numbered paragraph: lettered paragraphs outside a list belong to it.
    last_numbered: Option<usize>,
}

impl Builder<'_> {
    fn get(&self, i: usize) -> Option<&Raw> {
        self.raw.get(i)
    }

    fn name(&self, i: usize) -> &str {
        self.get(i).map_or("", |r| r.name.as_str())
    }

    fn children(&self, i: usize) -> &[usize] {
        self.get(i).map_or(&[], |r| r.children.as_slice())
    }

    fn child_named(&self, i: usize, name: &str) -> Option<usize> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| self.name(c) == name)
    }

    /// Elements that are not under a preamble, body or attachments: walk down to them.
    fn top(&mut self, i: usize, annex: bool) {
        match self.name(i) {
            "preamble" if !annex => {
                for c in self.children(i).to_vec() {
                    self.preamble_child(c);
                }
            }
            "mainBody" => {
                self.kind = if annex {
                    OutlineKind::Annex
                } else {
                    OutlineKind::Operative
                };
                self.last_numbered = None;
                for c in self.children(i).to_vec() {
                    self.body_child(c);
                }
            }
            "attachments" => {
                for c in self.children(i).to_vec() {
                    self.top(c, true);
                }
            }
            _ => {
                for c in self.children(i).to_vec() {
                    self.top(c, annex);
                }
            }
        }
    }

    fn preamble_child(&mut self, i: usize) {
        match self.name(i) {
            "formula" => {
                let pieces = self.subtree_pieces(i);
                if let (Some(first), Some(last)) = (pieces.first(), pieces.last()) {
                    self.out.formula = Some(Span::new(first.start, last.end));
                }
            }
            "container" | "p" | "paragraph" => {
                let pieces = self.own_pieces(i);
                if pieces.is_empty() {
                    return;
                }
                // A bare line between the preamble's containers, or a container with an
                // empty name, that is a title ("Degrading the threat posed by Al-Shabaab,
                // and the Arms Embargo on Al-Shabaab", in bold in S/RES/2713 (2023), 2776
                // and 2806 (2025)) heads the paragraphs after it.
                let bare = self.name(i) == "p" || self.get(i).is_some_and(|r| r.unnamed);
                if bare && title_like(&self.joined(&pieces)) {
                    self.push(OutlineKind::Heading, None, None, pieces);
                    return;
                }
                let node = self.push(OutlineKind::Preambular, None, None, pieces);
                self.items(i, node, OutlineKind::Preambular);
            }
            _ => {}
        }
    }

    fn body_child(&mut self, i: usize) {
        match self.name(i) {
            "paragraph" | "subparagraph" => self.paragraph(i),
            "container" | "alinea" | "p" => self.unlabelled_top(i),
            _ => {}
        }
    }

    fn paragraph(&mut self, i: usize) {
        let heading_class = self
            .get(i)
            .and_then(|r| r.class.as_deref())
            .is_some_and(is_heading_class);
        if heading_class
            || self.child_named(i, "subheading").is_some()
            || self.child_named(i, "heading").is_some()
        {
            let pieces = self.subtree_pieces(i);
            self.heading(pieces);
            return;
        }
        let Some(num) = self.child_named(i, "num") else {
            if !self.unpointed_paragraph(i) {
                self.unlabelled_top(i);
            }
            return;
        };
        let label = self.label_span(num);
        let numbered = label
            .map(|l| l.slice(self.text))
            .is_some_and(is_paragraph_number);
        let parent = if numbered { None } else { self.last_numbered };
        let pieces = self.own_pieces(i);
        let node = self.push(self.kind, label, parent, pieces);
        if numbered {
            self.last_numbered = Some(node);
        }
        self.items(i, node, self.kind);
    }

    /// A paragraph without `<num>` whose text opens with the next paragraph number and
    /// no full stop ("11\tCondemns …", S/RES/2730 (2024)): that paragraph, its label
    /// the number in the text (the parser reports the missing full stop).
    fn unpointed_paragraph(&mut self, i: usize) -> bool {
        let next = self
            .last_numbered
            .and_then(|n| self.out.nodes.get(n))
            .and_then(|n| n.label)
            .and_then(|l| {
                l.slice(self.text)
                    .trim()
                    .trim_end_matches('.')
                    .parse::<u32>()
                    .ok()
            })
            .map(|v| v + 1);
        let mut pieces = self.own_pieces(i);
        let Some((next, first)) = next.zip(pieces.first_mut()) else {
            return false;
        };
        let line = first.slice(self.text);
        let digits_at = line.len() - line.trim_start().len();
        let rest = line.get(digits_at..).unwrap_or("");
        let digits_len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        let after = rest.get(digits_len..).unwrap_or("");
        let text = after.trim_start();
        if rest.get(..digits_len).and_then(|d| d.parse::<u32>().ok()) != Some(next)
            || text.len() == after.len()
            || !text.starts_with(|c: char| c.is_uppercase())
        {
            return false;
        }
        let label = Span::new(
            first.start + digits_at,
            first.start + digits_at + digits_len,
        );
        *first = Span::new(first.start + (line.len() - text.len()), first.end);
        let node = self.push(self.kind, Some(label), None, pieces);
        self.last_numbered = Some(node);
        self.items(i, node, self.kind);
        true
    }

    /// A paragraph, container or alinea without a number: a heading when its text is a
    /// title, nothing when it is empty or a separator ("*"), the rest of the clause
    /// before it when it opens in lower case, else an unnumbered paragraph.
    fn unlabelled_top(&mut self, i: usize) {
        let pieces = self.own_pieces(i);
        let text = self.joined(&pieces);
        if text.is_empty() || text == "*" {
            return;
        }
        if starts_lowercase(&text) {
            if let Some(last) = self
                .out
                .nodes
                .iter_mut()
                .rev()
                .find(|n| n.kind == self.kind)
            {
                last.pieces.extend(pieces);
            }
            return;
        }
        if title_like(&text) {
            self.heading(pieces);
            return;
        }
        let node = self.push(self.kind, None, None, pieces);
        self.items(i, node, self.kind);
    }

    /// The items below clause `owner` held by element `i`: its lists, points and
    /// sub-lists, in order.
    fn items(&mut self, i: usize, owner: usize, kind: OutlineKind) {
        // The clause a following `<sublist>` belongs to: the point just before it.
        let mut last_point = owner;
        for c in self.children(i).to_vec() {
            match self.name(c) {
                "list" | "blockList" => self.items(c, owner, kind),
                "sublist" => self.items(c, last_point, kind),
                "intro" if self.name(i) == "sublist" => {
                    let pieces = self.own_pieces(c);
                    if title_like(&self.joined(&pieces)) {
                        self.heading(pieces);
                    } else if let Some(n) = self.out.nodes.get_mut(owner) {
                        n.pieces.extend(pieces);
                    }
                }
                "point" | "item" | "paragraph" | "subparagraph" => {
                    last_point = self.point(c, owner, kind);
                }
                _ => {}
            }
        }
    }

    /// A point of a list under clause `owner`. Returns the clause its following
    /// sub-list belongs to.
    fn point(&mut self, i: usize, owner: usize, kind: OutlineKind) -> usize {
        if let Some(sub) = self.child_named(i, "subheading") {
            let pieces = self.subtree_pieces(sub);
            self.heading(pieces);
        }
        let pieces = self.own_pieces(i);
        if let Some(num) = self.child_named(i, "num") {
            let label = self.label_span(num);
            let node = self.push(kind, label, Some(owner), pieces);
            self.items(i, node, kind);
            return node;
        }
        let text = self.joined(&pieces);
        if text.is_empty() || starts_lowercase(&text) {
            if let Some(n) = self.out.nodes.get_mut(owner) {
                n.pieces.extend(pieces);
            }
            self.items(i, owner, kind);
            return owner;
        }
        if title_like(&text) {
            self.heading(pieces);
            self.items(i, owner, kind);
            return owner;
        }
        let node = self.push(kind, None, Some(owner), pieces);
        self.items(i, node, kind);
        node
    }

    fn heading(&mut self, pieces: Vec<Span>) {
        if pieces.is_empty() {
            return;
        }
        // "ANNEX 1 - …" or "Designation Annex" (S/RES/2794 (2025)) as a heading of the
        // main body: what follows is the annex.
        let title = self.joined(&pieces);
        if self.kind == OutlineKind::Operative
            && (crate::parse::is_annex_title(&title) || names_an_annex(&title))
        {
            self.kind = OutlineKind::Annex;
            if let Some(first) = pieces.first() {
                self.out.annex_start.get_or_insert(first.start);
            }
        }
        let kind = if self.kind == OutlineKind::Annex {
            OutlineKind::Annex
        } else {
            OutlineKind::Heading
        };
        self.push(kind, None, None, pieces);
    }

    fn push(
        &mut self,
        kind: OutlineKind,
        label: Option<Span>,
        parent: Option<usize>,
        pieces: Vec<Span>,
    ) -> usize {
        self.out.nodes.push(OutlineNode {
            kind,
            label,
            parent,
            pieces,
        });
        self.out.nodes.len() - 1
    }

    /// The rendered label of a `<num>`.
    fn label_span(&self, num: usize) -> Option<Span> {
        let pieces = self.subtree_pieces(num);
        Some(Span::new(pieces.first()?.start, pieces.last()?.end))
    }

    /// Every piece of text rendered under element `i`, lines kept apart.
    fn subtree_pieces(&self, i: usize) -> Vec<Span> {
        let mut out = Vec::new();
        self.collect(i, true, &mut out);
        merge_lines(self.text, out)
    }

    /// The text of clause element `i` itself: its content, list introduction and
    /// wrap-up, without its label, its items or its headings.
    fn own_pieces(&self, i: usize) -> Vec<Span> {
        let mut out = Vec::new();
        self.collect(i, false, &mut out);
        merge_lines(self.text, out)
    }

    fn collect(&self, i: usize, everything: bool, out: &mut Vec<Span>) {
        let Some(r) = self.get(i) else { return };
        // Pieces of this element and of its children, in text order.
        let mut spans: Vec<(usize, Option<usize>)> =
            r.pieces.iter().map(|p| (p.start, None)).collect();
        for &c in &r.children {
            if everything || self.is_own_text(c) {
                if let Some(start) = self.first_start(c) {
                    spans.push((start, Some(c)));
                }
            }
        }
        spans.sort_unstable();
        let mut own = r.pieces.iter();
        for (_, child) in spans {
            match child {
                None => {
                    if let Some(p) = own.next() {
                        out.push(*p);
                    }
                }
                Some(c) => {
                    let deeper = everything || !self.is_container(c);
                    self.collect(c, deeper, out);
                }
            }
        }
    }

    /// Whether a child element's text belongs to the clause that holds it (and is not a
    /// label, an item or a heading of its own).
    fn is_own_text(&self, c: usize) -> bool {
        !matches!(
            self.name(c),
            "num"
                | "subheading"
                | "heading"
                | "point"
                | "item"
                | "paragraph"
                | "subparagraph"
                | "sublist"
        )
    }

    /// Lists hold items as well as the clause's own introduction and wrap-up.
    fn is_container(&self, c: usize) -> bool {
        matches!(self.name(c), "list" | "blockList")
    }

    fn first_start(&self, i: usize) -> Option<usize> {
        let r = self.get(i)?;
        let own = r.pieces.first().map(|p| p.start);
        let kids = r.children.iter().filter_map(|&c| self.first_start(c)).min();
        match (own, kids) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn joined(&self, pieces: &[Span]) -> String {
        pieces
            .iter()
            .map(|p| p.slice(self.text).trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Joins pieces that sit on the same rendered line (they were split only by inline
/// markup), so each span is one stretch of a line.
fn merge_lines(text: &str, pieces: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(pieces.len());
    for p in pieces {
        if let Some(last) = out.last_mut() {
            let gap = text.get(last.end..p.start).unwrap_or("\n");
            if p.start >= last.end && !gap.contains('\n') {
                last.end = p.end;
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// "12." (a paragraph number), not "(a)", "A." or "1.1".
fn is_paragraph_number(label: &str) -> bool {
    label
        .trim()
        .strip_suffix('.')
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// A short heading that ends with the word "Annex": "Designation Annex".
fn names_an_annex(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    words.len() <= 4
        && words
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("annex"))
}

/// Paragraph classes the UN markup gives headings: `H1`, `H23`, `H4`, `HCh`,
/// `BLUEHeadingH2`.
fn is_heading_class(class: &str) -> bool {
    let numbered = class
        .strip_prefix('H')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
    numbered || class == "HCh" || class.contains("Heading")
}

/// An unlabelled line that is a title: capitalised, short, and not closed by a full
/// stop, comma or semicolon ("Reporting:", "Protection of civilians").
pub(crate) fn title_like(text: &str) -> bool {
    let t = text.trim();
    t.chars().next().is_some_and(char::is_uppercase)
        && t.chars().count() <= 120
        && t.split_whitespace().count() <= 16
        && !t.ends_with(['.', ',', ';'])
}

fn starts_lowercase(text: &str) -> bool {
    text.trim_start()
        .trim_start_matches(['"', '\u{201c}'])
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_heading_classes() {
        assert!(title_like("Reporting:"));
        assert!(title_like("Protection of civilians"));
        assert!(!title_like("To protect the United Nations personnel;"));
        assert!(!title_like("while fulfilling its mandate"));
        assert!(is_heading_class("H23"));
        assert!(is_heading_class("BLUEHeadingH2"));
        assert!(!is_heading_class("SingleTxt"));
        assert!(!is_heading_class("H"));
        assert!(is_paragraph_number("38."));
        assert!(!is_paragraph_number("A."));
        assert!(!is_paragraph_number("(a)"));
    }
}
