//! Word (.docx) reader: WordprocessingML rendered to one line per paragraph, list
//! numbers rendered from numbering.xml, tracked changes read as accepted, comments
//! ignored, footnotes appended after the body.

use std::collections::HashMap;

use super::numbering::{on, Numbering};
use super::origin::{Locator, RenderBuffer};
use super::xml::{self, Element, Ev, XmlStream};
use super::zipread::Container;
use super::{Limits, Rendered};
use crate::span::Span;

/// One Word paragraph as read: its text in runs of equal italics.
#[derive(Debug, Default)]
struct Para {
    /// 1-based position among the part's paragraphs, in order of their start.
    index: u32,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    /// The paragraph mark itself is a tracked deletion.
    mark_deleted: bool,
    runs: Vec<(String, bool)>,
    /// Characters of text so far (what `Locator::WordParagraph::char_offset` counts).
    chars: u32,
    layout: ParaLayout,
}

/// Where a paragraph sits in its part's XML, for writing into it (review comments):
/// character offsets are those of [`Locator::WordParagraph`], so a span of the
/// rendered text can be found again in the XML.
#[derive(Clone, Debug, Default)]
pub(crate) struct ParaLayout {
    /// 1-based, as `Locator::WordParagraph::paragraph`.
    pub index: u32,
    /// Byte offset of the paragraph's start tag (`<w:p`).
    pub tag: usize,
    /// Where content may go: after the start tag and the paragraph properties, and
    /// before the end tag. `None` for an empty element (`<w:p/>`).
    pub content: Option<Span>,
    /// The paragraph's children (runs, tracked insertions, hyperlinks, fields…) in
    /// order, with the characters of the paragraph's text each holds.
    pub children: Vec<ChildLayout>,
}

#[derive(Clone, Debug)]
pub(crate) struct ChildLayout {
    /// From the child's start tag to the end of its end tag.
    pub xml: Span,
    /// Characters `[start, end)` of the paragraph's text inside it.
    pub chars: (u32, u32),
}

impl Para {
    fn push(&mut self, text: &str, italic: bool) {
        if text.is_empty() {
            return;
        }
        self.chars = self
            .chars
            .saturating_add(u32::try_from(text.chars().count()).unwrap_or(u32::MAX));
        match self.runs.last_mut() {
            Some((last, it)) if *it == italic => last.push_str(text),
            _ => self.runs.push((text.to_string(), italic)),
        }
    }

    fn is_empty(&self) -> bool {
        self.runs.iter().all(|(t, _)| t.trim().is_empty())
    }
}

#[derive(Debug, Default)]
struct Stats {
    insertions: usize,
    deletions: usize,
    moves: usize,
    comments: usize,
}

/// Paragraphs of one part (document body or footnotes), in the order they end.
struct PartReader<'n> {
    numbering: &'n Numbering,
    stats: Stats,
    paragraphs: Vec<Para>,
    open: Vec<Para>,
    next_index: u32,
    run_italic: Option<bool>,
    run_style: Option<String>,
    /// Footnote ids referenced, in order of reference.
    footnote_refs: Vec<String>,
    /// (paragraph index in `paragraphs` order of end, footnote id) while reading
    /// footnotes.xml.
    current_footnote: Option<String>,
    footnote_of: Vec<Option<String>>,
    /// Children of paragraphs not yet closed: (depth of the element stack with the
    /// child open, start tag offset, paragraph characters before it).
    open_children: Vec<(usize, usize, u32)>,
}

/// Elements whose content is not text the reader sees: deleted text (tracked
/// deletions and moves), old formatting of tracked format changes, VML duplicates of
/// drawings, field instructions.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "del"
            | "moveFrom"
            | "pPrChange"
            | "rPrChange"
            | "sectPrChange"
            | "tblPrChange"
            | "trPrChange"
            | "tcPrChange"
            | "numberingChange"
            | "Fallback"
            | "instrText"
            | "delInstrText"
            | "delText"
    )
}

impl<'n> PartReader<'n> {
    fn new(numbering: &'n Numbering) -> Self {
        PartReader {
            numbering,
            stats: Stats::default(),
            paragraphs: Vec::new(),
            open: Vec::new(),
            next_index: 1,
            run_italic: None,
            run_style: None,
            footnote_refs: Vec::new(),
            current_footnote: None,
            footnote_of: Vec::new(),
            open_children: Vec::new(),
        }
    }

    /// A paragraph whose start tag begins at byte `tag`; its content begins at
    /// `content` (`None` for `<w:p/>`).
    fn start_paragraph(&mut self, tag: usize, content: Option<usize>) {
        self.open.push(Para {
            index: self.next_index,
            layout: ParaLayout {
                index: self.next_index,
                tag,
                content: content.map(Span::empty),
                children: Vec::new(),
            },
            ..Para::default()
        });
        self.next_index += 1;
    }

    fn end_paragraph(&mut self) {
        if let Some(p) = self.open.pop() {
            self.paragraphs.push(p);
            self.footnote_of.push(self.current_footnote.clone());
        }
    }

    fn italic(&self) -> bool {
        if let Some(i) = self.run_italic {
            return i;
        }
        if let Some(i) = self
            .run_style
            .as_deref()
            .and_then(|s| self.numbering.style_italic(s))
        {
            return i;
        }
        self.open
            .last()
            .and_then(|p| p.style.as_deref())
            .and_then(|s| self.numbering.style_italic(s))
            .unwrap_or(false)
    }

    fn text(&mut self, text: &str) {
        let italic = self.italic();
        if let Some(p) = self.open.last_mut() {
            p.push(text, italic);
        }
    }

    fn read(&mut self, xml_text: &str, max_depth: usize) -> Result<(), String> {
        let mut s = XmlStream::new(xml_text, max_depth);
        loop {
            let before = s.position();
            match s.next()? {
                Ev::Eof => return Ok(()),
                Ev::Start(el) => {
                    let parent = s
                        .open_elements()
                        .len()
                        .checked_sub(2)
                        .and_then(|i| s.open_elements().get(i))
                        .cloned()
                        .unwrap_or_default();
                    if skipped(&el.name) {
                        match el.name.as_str() {
                            "del" => self.stats.deletions += 1,
                            "moveFrom" => self.stats.moves += 1,
                            _ => {}
                        }
                        s.skip_element()?;
                        continue;
                    }
                    if parent == "p" && el.name != "pPr" {
                        let chars = self.open.last().map_or(0, |p| p.chars);
                        self.open_children
                            .push((s.open_elements().len(), before, chars));
                    }
                    match el.name.as_str() {
                        "ins" => self.stats.insertions += 1,
                        "footnote" => self.begin_footnote(&el, &mut s)?,
                        "p" => self.start_paragraph(before, Some(s.position())),
                        "r" => {
                            self.run_italic = None;
                            self.run_style = None;
                        }
                        _ => self.property(&el, &parent, &s),
                    }
                }
                Ev::Empty(el) => {
                    let parent = s.open_elements().last().cloned().unwrap_or_default();
                    match el.name.as_str() {
                        "p" => {
                            self.start_paragraph(before, None);
                            self.end_paragraph();
                        }
                        "tab" | "ptab" if parent == "r" => self.text(" "),
                        "br" | "cr" if parent == "r" => self.text("\n"),
                        "noBreakHyphen" if parent == "r" => self.text("-"),
                        "footnoteReference" if parent == "r" => {
                            if let Some(id) = el.attr("id") {
                                self.footnote_refs.push(id.to_string());
                            }
                        }
                        "commentReference" => self.stats.comments += 1,
                        "del" if parent == "rPr" => {
                            let grand = s.open_elements().iter().rev().nth(1);
                            if grand.map(String::as_str) == Some("pPr") {
                                if let Some(p) = self.open.last_mut() {
                                    p.mark_deleted = true;
                                }
                            }
                        }
                        _ => self.property(&el, &parent_of_empty(&s), &s),
                    }
                }
                Ev::End(name) => {
                    self.end_child(s.open_elements().len(), s.position());
                    match name.as_str() {
                        "p" => {
                            if let Some(p) = self.open.last_mut() {
                                if let Some(content) = p.layout.content.as_mut() {
                                    content.end = before.max(content.start);
                                }
                            }
                            self.end_paragraph();
                        }
                        // Content goes after the paragraph properties.
                        "pPr" if s.open_elements().last().map(String::as_str) == Some("p") => {
                            if let Some(content) =
                                self.open.last_mut().and_then(|p| p.layout.content.as_mut())
                            {
                                *content = Span::empty(s.position());
                            }
                        }
                        "r" => {
                            self.run_italic = None;
                            self.run_style = None;
                        }
                        "footnote" => self.current_footnote = None,
                        _ => {}
                    }
                }
                Ev::Text { text, .. } => {
                    if s.open_elements().last().map(String::as_str) == Some("t") {
                        self.text(&text);
                    }
                }
            }
        }
    }

    /// Records the layout of a paragraph's child that ends here: `depth` is the element
    /// stack's depth once it is closed, `end` the offset after its end tag.
    fn end_child(&mut self, depth: usize, end: usize) {
        let Some(&(open_depth, start, chars)) = self.open_children.last() else {
            return;
        };
        if open_depth != depth + 1 {
            return;
        }
        self.open_children.pop();
        if let Some(p) = self.open.last_mut() {
            p.layout.children.push(ChildLayout {
                xml: Span::new(start, end),
                chars: (chars, p.chars),
            });
        }
    }

    fn begin_footnote(&mut self, el: &Element, s: &mut XmlStream<'_>) -> Result<(), String> {
        // Separator "footnotes" hold the line above the notes, not text.
        if el.attr("type").is_some_and(|t| t != "normal") {
            return s.skip_element();
        }
        self.current_footnote = el.attr("id").map(str::to_string);
        Ok(())
    }

    /// Paragraph and run properties. `parent` is the element that holds `el`.
    fn property(&mut self, el: &Element, parent: &str, s: &XmlStream<'_>) {
        let open = s.open_elements();
        let in_ppr = open.iter().rev().take(3).any(|n| n == "pPr");
        let val = el.attr("val");
        match el.name.as_str() {
            "pStyle" if parent == "pPr" => {
                if let Some(p) = self.open.last_mut() {
                    p.style = val.map(str::to_string);
                }
            }
            "numId" if parent == "numPr" && in_ppr => {
                if let Some(p) = self.open.last_mut() {
                    p.num_id = val.map(str::to_string);
                }
            }
            "ilvl" if parent == "numPr" && in_ppr => {
                if let Some(p) = self.open.last_mut() {
                    p.ilvl = val.and_then(|v| v.parse().ok());
                }
            }
            "rStyle" if parent == "rPr" && !in_ppr => self.run_style = val.map(str::to_string),
            "i" if parent == "rPr" && !in_ppr => self.run_italic = Some(on(val)),
            _ => {}
        }
    }
}

/// Writes a paragraph's runs without its leading and trailing blank space (typed
/// tabs before a label, spaces after the full stop), keeping character offsets
/// counted from the paragraph's real start.
fn push_trimmed(out: &mut RenderBuffer, runs: &[(String, bool)], at: impl Fn(u32) -> Locator) {
    let total: String = runs.iter().map(|(t, _)| t.as_str()).collect();
    let lead = total.len() - total.trim_start().len();
    let keep_end = total.trim_end().len();
    let mut pos = 0usize;
    let mut chars = 0u32;
    for (text, italic) in runs {
        let (start, end) = (pos, pos + text.len());
        pos = end;
        let from = lead.clamp(start, end) - start;
        let to = keep_end.clamp(start, end) - start;
        if from < to {
            if let Some(piece) = text.get(from..to) {
                let skipped = text.get(..from).map_or(0, |s| s.chars().count() as u32);
                out.push(piece, at(chars + skipped), *italic);
            }
        }
        chars += text.chars().count() as u32;
    }
}

/// The parent of an empty element is the innermost open element.
fn parent_of_empty(s: &XmlStream<'_>) -> String {
    s.open_elements().last().cloned().unwrap_or_default()
}

/// The layout of every paragraph of a document body (`word/document.xml`), in order
/// of their index.
pub(crate) fn body_layout(document_xml: &str, limits: &Limits) -> Result<Vec<ParaLayout>, String> {
    let numbering = Numbering::load(None, None, limits.max_xml_depth)?;
    let mut reader = PartReader::new(&numbering);
    reader.read(document_xml, limits.max_xml_depth)?;
    let mut layouts: Vec<ParaLayout> = reader.paragraphs.into_iter().map(|p| p.layout).collect();
    layouts.sort_by_key(|l| l.index);
    Ok(layouts)
}

pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Rendered, String> {
    let mut zip = Container::open(bytes, limits)?;
    let document = zip.read("word/document.xml")?.ok_or_else(|| {
        "not a valid .docx: it has no word/document.xml (is it a Word document?)".to_string()
    })?;
    let numbering_bytes = zip.read("word/numbering.xml")?;
    let styles_bytes = zip.read("word/styles.xml")?;
    let footnotes_bytes = zip.read("word/footnotes.xml")?;

    let part = |name: &str, b: &[u8]| -> Result<String, String> {
        xml::utf8(b)
            .map(str::to_string)
            .map_err(|e| format!("not a valid .docx: {name}: {e}"))
    };
    let document = part("word/document.xml", &document)?;
    let numbering_xml = numbering_bytes
        .as_deref()
        .map(|b| part("word/numbering.xml", b))
        .transpose()?;
    let styles_xml = styles_bytes
        .as_deref()
        .map(|b| part("word/styles.xml", b))
        .transpose()?;
    let footnotes_xml = footnotes_bytes
        .as_deref()
        .map(|b| part("word/footnotes.xml", b))
        .transpose()?;

    let mut numbering = Numbering::load(
        numbering_xml.as_deref(),
        styles_xml.as_deref(),
        limits.max_xml_depth,
    )?;

    let (body, stats, refs) = {
        let mut reader = PartReader::new(&numbering);
        reader
            .read(&document, limits.max_xml_depth)
            .map_err(|e| format!("not a valid .docx: word/document.xml: {e}"))?;
        (reader.paragraphs, reader.stats, reader.footnote_refs)
    };

    let mut notes_by_id: HashMap<String, Vec<Para>> = HashMap::new();
    if let Some(xml_text) = footnotes_xml.as_deref() {
        let mut reader = PartReader::new(&numbering);
        reader
            .read(xml_text, limits.max_xml_depth)
            .map_err(|e| format!("not a valid .docx: word/footnotes.xml: {e}"))?;
        for (para, id) in reader.paragraphs.into_iter().zip(reader.footnote_of) {
            if let Some(id) = id {
                notes_by_id.entry(id).or_default().push(para);
            }
        }
    }

    let mut out = RenderBuffer::default();
    for para in &body {
        if para.mark_deleted && para.is_empty() {
            // A paragraph deleted with tracked changes: gone once accepted, and it
            // takes no list number.
            continue;
        }
        let (style_num, style_lvl) = para
            .style
            .as_deref()
            .map(|s| numbering.style_numbering(s))
            .unwrap_or((None, None));
        let num_id = para.num_id.clone().or(style_num);
        let ilvl = para.ilvl.or(style_lvl).unwrap_or(0);
        let label = num_id.and_then(|id| numbering.next_label(&id, ilvl));
        if let Some(label) = label {
            out.push(
                &format!("{label} "),
                Locator::WordNumber {
                    paragraph: para.index,
                },
                false,
            );
        }
        push_trimmed(&mut out, &para.runs, |char_offset| Locator::WordParagraph {
            paragraph: para.index,
            char_offset,
        });
        out.text.push('\n');
    }

    let mut notes = Vec::new();
    let mut seen = Vec::new();
    for id in refs {
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    let mut appended = 0u32;
    for id in &seen {
        let Some(paras) = notes_by_id.get(id) else {
            continue;
        };
        if appended == 0 {
            out.end_line();
            out.text.push('\n');
        }
        appended += 1;
        out.push(
            &format!("{appended} "),
            Locator::Generated("footnote number"),
            false,
        );
        // A multi-paragraph note becomes one line; offsets count over the whole note.
        let runs: Vec<(String, bool)> = paras
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let sep = (i > 0).then(|| (" ".to_string(), false));
                sep.into_iter().chain(p.runs.iter().cloned())
            })
            .collect();
        let footnote = appended;
        push_trimmed(&mut out, &runs, |char_offset| Locator::WordFootnote {
            footnote,
            char_offset,
        });
        out.text.push('\n');
    }
    if appended > 0 {
        notes.push(format!(
            "{appended} footnote(s) appended after the text, numbered as Word shows them"
        ));
    }
    let tracked = stats.insertions + stats.deletions + stats.moves;
    if tracked > 0 {
        notes.push(format!(
            "tracked changes read as accepted ({} insertion(s) kept, {} deletion(s) dropped, {} move(s) applied)",
            stats.insertions, stats.deletions, stats.moves
        ));
    }
    if stats.comments > 0 {
        notes.push(format!("{} Word comment(s) ignored", stats.comments));
    }
    Ok(Rendered {
        text: out.text,
        origin: out.origin,
        italics: out.italics,
        notes,
        meta: Default::default(),
        outline: None,
    })
}
