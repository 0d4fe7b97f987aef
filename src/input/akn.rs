//! Akoma Ntoso (AKN4UN) reader: a Security Council resolution or draft in XML,
//! rendered in the layout the text parser reads — masthead lines, "The Security
//! Council,", one preambular paragraph per line, "12. …" operative paragraphs,
//! "(a) …" sub-items, headings on their own line, an "Annex" line before annexes,
//! footnotes (`authorialNote`) appended at the end — with every piece mapped back to
//! its line and column in the XML.
//!
//! The clause structure is not left to the text parser to guess from that layout: the
//! walk records the structural elements with the rendered spans of their text, and
//! [`outline`] reads the tree the markup states from them (paragraphs, points,
//! sub-lists, headings) into an [`Outline`] the parser builds the clauses from.

mod meta;
mod outline;

use super::origin::{Locator, RenderBuffer};
use super::xml::{self, Element, Ev, XmlStream};
use super::{Limits, Rendered, SourceMeta};
use crate::span::Span;
use crate::text::single_spaced;
use outline::{Raw, RECORDED};

/// Elements that start and end a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "paragraph",
    "point",
    "item",
    "intro",
    "listIntroduction",
    "wrapUp",
    "subheading",
    "heading",
    "container",
    "formula",
    "alinea",
    "list",
    "sublist",
    "blockList",
    "docTitle",
    "docNumber",
    "quotedStructure",
    "tblock",
    "subparagraph",
];

/// Elements whose content is never part of the text.
const SKIPPED: &[&str] = &[
    "img",
    "docStatus",
    "docAuthority",
    "docketNumber",
    // A centred "*" between preamble and operative part: layout, not text.
    "decoration",
];

struct Walker<'x> {
    s: XmlStream<'x>,
    out: RenderBuffer,
    meta: SourceMeta,
    statement: Option<String>,
    work_uri: Option<String>,
    /// Innermost-last stack of (element name, eId, italic, index in `raw`) for the open
    /// elements.
    stack: Vec<(String, Option<String>, bool, Option<usize>)>,
    italic_depth: usize,
    /// A label waiting for its line: text, origin, and the `<num>` it came from.
    pending_label: Option<(String, Locator, Option<usize>)>,
    /// The structural elements met so far, with the spans of their rendered text.
    raw: Vec<Raw>,
    /// Where the first annex begins in the rendered text.
    annex_at: Option<usize>,
    pending_space: bool,
    /// Inside `<num>`: its text becomes the label of the next line.
    num_text: Option<(String, Locator)>,
    /// Inside an `authorialNote`: its text goes to the footnotes.
    note: Option<(String, String)>,
    notes: Vec<(String, String)>,
    /// Depth of the open element that starts an annex, until its first line.
    annex_pending: bool,
    cover_depth: usize,
    cover_capture: usize,
    body_started: bool,
    /// The current line holds only a label so far ("11." waiting for "(a)").
    label_only_line: bool,
}

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Rendered, String> {
    let xml_text = xml::utf8(bytes)?;
    let mut w = Walker {
        s: XmlStream::new(xml_text, limits.max_xml_depth),
        out: RenderBuffer::default(),
        meta: SourceMeta::default(),
        statement: None,
        work_uri: None,
        stack: Vec::new(),
        italic_depth: 0,
        pending_label: None,
        raw: Vec::new(),
        annex_at: None,
        pending_space: false,
        num_text: None,
        note: None,
        notes: Vec::new(),
        annex_pending: false,
        cover_depth: 0,
        cover_capture: 0,
        body_started: false,
        label_only_line: false,
    };
    w.run()?;
    w.finish()
}

impl<'x> Walker<'x> {
    fn run(&mut self) -> Result<(), String> {
        let mut root_seen = false;
        loop {
            match self.s.next()? {
                Ev::Eof => break,
                Ev::Start(el) => {
                    if !root_seen {
                        root_seen = true;
                        if el.name != "akomaNtoso" {
                            return Err(format!(
                                "not an Akoma Ntoso document (root element <{}>, expected <akomaNtoso>)",
                                el.name
                            ));
                        }
                    }
                    self.start(el, false)?;
                }
                Ev::Empty(el) => {
                    if !root_seen {
                        return Err(format!(
                            "not an Akoma Ntoso document (root element <{}/>)",
                            el.name
                        ));
                    }
                    self.start(el, true)?;
                }
                Ev::End(name) => self.end(&name),
                Ev::Text {
                    text,
                    offset,
                    exact,
                } => self.text(&text, offset, exact),
            }
        }
        if !root_seen {
            return Err("not an Akoma Ntoso document (no root element)".into());
        }
        Ok(())
    }

    fn start(&mut self, el: Element, empty: bool) -> Result<(), String> {
        let name = el.name.as_str();
        match name {
            "meta" => {
                self.read_meta()?;
                return Ok(());
            }
            "statement" | "act" | "bill" | "doc" | "documentCollection" => {
                if self.statement.is_none() {
                    self.statement = el.attr("name").map(str::to_string);
                } else if name == "doc" {
                    // A document inside `attachments`: an annex.
                    self.break_line();
                    self.annex_pending = true;
                }
            }
            "coverPage" => self.cover_depth += 1,
            "preamble" | "mainBody" | "preface" => self.body_started = true,
            "authorialNote" => {
                let marker = el
                    .attr("marker")
                    .map(str::to_string)
                    .unwrap_or_else(|| (self.notes.len() + 1).to_string());
                if !empty {
                    self.note = Some((marker, String::new()));
                }
            }
            "num" if !empty => {
                self.break_line();
                // "11." whose intro is empty, followed at once by "(a)": written
                // "11. (a) …" on one line, as the UN's own text layout has it.
                self.flush_lone_label(true);
                self.num_text = Some((String::new(), Locator::Generated("label")));
            }
            "docNumber" | "docTitle" if self.cover_depth > 0 => self.cover_capture += 1,
            n if SKIPPED.contains(&n) && !empty => {
                self.s.skip_element()?;
                return Ok(());
            }
            _ => {}
        }
        if BLOCKS.contains(&name) && self.note.is_none() {
            self.break_line();
        }
        let italic = el.attr("class").is_some_and(|c| c.contains("italic"));
        if !empty {
            if italic {
                self.italic_depth += 1;
            }
            let raw = RECORDED.contains(&name).then(|| {
                let parent = self.stack.iter().rev().find_map(|(_, _, _, r)| *r);
                self.raw.push(Raw {
                    name: el.name.clone(),
                    class: el.attr("class").map(str::to_string),
                    unnamed: el.attr("name").is_some_and(|n| n.trim().is_empty()),
                    parent,
                    children: Vec::new(),
                    pieces: Vec::new(),
                });
                let idx = self.raw.len() - 1;
                if let Some(p) = parent.and_then(|p| self.raw.get_mut(p)) {
                    p.children.push(idx);
                }
                idx
            });
            self.stack.push((
                el.name.clone(),
                el.attr("eId").map(str::to_string),
                italic,
                raw,
            ));
        } else if name == "br" || name == "eol" {
            self.pending_space = true;
        }
        Ok(())
    }

    fn end(&mut self, name: &str) {
        let popped = self.stack.pop();
        match name {
            "coverPage" => self.cover_depth = self.cover_depth.saturating_sub(1),
            "docNumber" | "docTitle" if self.cover_depth > 0 => {
                self.cover_capture = self.cover_capture.saturating_sub(1)
            }
            "authorialNote" => {
                if let Some(note) = self.note.take() {
                    self.notes.push(note);
                }
            }
            "num" => {
                if let Some((label, at)) = self.num_text.take() {
                    let label = single_spaced(&label);
                    if !label.is_empty() {
                        let num = popped.as_ref().and_then(|(_, _, _, r)| *r);
                        self.pending_label = Some((label, at, num));
                    }
                }
            }
            _ => {}
        }
        if let Some((_, _, true, _)) = popped {
            self.italic_depth = self.italic_depth.saturating_sub(1);
        }
        if BLOCKS.contains(&name) && self.note.is_none() {
            self.break_line();
            if matches!(name, "paragraph" | "point" | "item" | "container") {
                // A numbered paragraph with no text still shows its number.
                self.flush_lone_label(false);
                if self.label_only_line {
                    self.label_only_line = false;
                    self.out.end_line();
                }
            }
        }
    }

    fn flush_lone_label(&mut self, keep_line_open: bool) {
        if let Some((label, at, num)) = self.pending_label.take() {
            if self.label_only_line {
                self.out.push(" ", Locator::Generated("space"), false);
            } else {
                self.break_line();
            }
            self.push_recorded(&label, at, false, num);
            self.label_only_line = keep_line_open;
            if !keep_line_open {
                self.out.end_line();
            }
        }
    }

    fn break_line(&mut self) {
        if self.label_only_line {
            return;
        }
        if !self.out.at_line_start() {
            self.out.end_line();
        }
        self.pending_space = false;
    }

    fn visible(&self) -> bool {
        if self.cover_depth > 0 {
            return self.cover_capture > 0;
        }
        self.body_started
    }

    /// "<paragraph eId=\"para_17\">", with " in an annex" for text under `attachments`.
    fn element_here(&mut self) -> u32 {
        let desc = self.describe_here();
        self.out.element(desc)
    }

    fn describe_here(&self) -> String {
        let desc = self
            .stack
            .iter()
            .rev()
            .find_map(|(n, id, _, _)| id.as_ref().map(|id| format!("<{n} eId=\"{id}\">")))
            .or_else(|| self.stack.last().map(|(n, _, _, _)| format!("<{n}>")))
            .unwrap_or_else(|| "the document".to_string());
        if self.stack.iter().any(|(n, _, _, _)| n == "attachments") {
            format!("{desc} in an annex")
        } else {
            desc
        }
    }

    fn text(&mut self, text: &str, offset: usize, exact: bool) {
        if let Some((_, note)) = self.note.as_mut() {
            note.push_str(text);
            return;
        }
        if let Some((label, _)) = self.num_text.as_ref() {
            let first = label.trim().is_empty() && !text.trim().is_empty();
            let located = if first {
                let lead = text.len() - text.trim_start().len();
                let (line, column) = self.s.line_col(offset + if exact { lead } else { 0 });
                let element = self.element_here();
                Some(Locator::Xml {
                    line,
                    column,
                    element,
                })
            } else {
                None
            };
            if let Some((label, at)) = self.num_text.as_mut() {
                if let Some(loc) = located {
                    *at = loc;
                }
                label.push_str(text);
            }
            return;
        }
        if !self.visible() {
            return;
        }
        // Split into words and whitespace; one piece per stretch whose whitespace maps
        // one to one (a single space), so XML columns stay exact.
        let mut chunk = String::new();
        let mut chunk_start: Option<usize> = None;
        let mut pos = 0usize;
        let bytes_len = text.len();
        while pos < bytes_len {
            let rest = text.get(pos..).unwrap_or("");
            let ws_len: usize = rest
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            if ws_len > 0 {
                let single = rest.starts_with(' ') && ws_len == 1;
                if single && chunk_start.is_some() {
                    chunk.push(' ');
                } else {
                    self.flush(&mut chunk, &mut chunk_start, offset, exact);
                    self.pending_space = true;
                }
                pos += ws_len;
                continue;
            }
            let word_len: usize = rest
                .chars()
                .take_while(|c| !c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            let word = rest.get(..word_len).unwrap_or("");
            if chunk_start.is_none() {
                chunk_start = Some(pos);
            }
            chunk.push_str(word);
            pos += word_len.max(1);
        }
        // Trailing single spaces wait: they are written only if text follows.
        if chunk.ends_with(' ') {
            chunk.pop();
            self.flush(&mut chunk, &mut chunk_start, offset, exact);
            self.pending_space = true;
        } else {
            self.flush(&mut chunk, &mut chunk_start, offset, exact);
        }
    }

    fn flush(
        &mut self,
        chunk: &mut String,
        chunk_start: &mut Option<usize>,
        offset: usize,
        exact: bool,
    ) {
        let Some(start) = chunk_start.take() else {
            return;
        };
        if chunk.is_empty() {
            return;
        }
        if self.annex_pending {
            self.annex_pending = false;
            self.break_line();
            self.annex_at.get_or_insert(self.out.text.len());
            if !chunk.to_ascii_lowercase().starts_with("annex") {
                self.out
                    .push("Annex", Locator::Generated("annex heading"), false);
                self.out.end_line();
            }
        }
        if self.out.at_line_start() || self.label_only_line {
            if self.label_only_line {
                self.label_only_line = false;
                self.out.push(" ", Locator::Generated("space"), false);
            }
            self.pending_space = false;
            if let Some((label, at, num)) = self.pending_label.take() {
                self.push_recorded(&label, at, false, num);
                self.out.push(" ", Locator::Generated("space"), false);
            }
        } else if self.pending_space {
            self.out.push(" ", Locator::Generated("space"), false);
        }
        self.pending_space = false;
        let xml_at = if exact { offset + start } else { offset };
        let (line, column) = self.s.line_col(xml_at);
        let element = self.element_here();
        let italic = self.italic_depth > 0;
        let owner = self.stack.iter().rev().find_map(|(_, _, _, r)| *r);
        self.push_recorded(
            chunk,
            Locator::Xml {
                line,
                column,
                element,
            },
            italic,
            owner,
        );
        chunk.clear();
    }

    /// Writes `piece` and records its span as text of the structural element `owner`.
    fn push_recorded(&mut self, piece: &str, at: Locator, italic: bool, owner: Option<usize>) {
        let start = self.out.text.len();
        self.out.push(piece, at, italic);
        let span = Span::new(start, self.out.text.len());
        if let Some(raw) = owner.and_then(|o| self.raw.get_mut(o)) {
            raw.pieces.push(span);
        }
    }
}
