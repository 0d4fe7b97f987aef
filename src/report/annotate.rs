//! Word review copies (`check draft.docx --annotate reviewed.docx`): the original
//! .docx with one Word comment per finding, anchored on the flagged text.
//!
//! Only four parts are rewritten: `word/document.xml` (comment ranges and references
//! inserted, nothing else changed), the comments part (created, or extended with fresh
//! ids after the comments already there), `word/_rels/document.xml.rels` and
//! `[Content_Types].xml` (when the comments part is new). Every other zip entry is
//! copied raw, still compressed, byte for byte.
//!
//! A finding's span is an offset range in the text mandate-lint rendered from the file;
//! the reader's origin map turns it into (Word paragraph, character), and the
//! paragraph layout of `word/document.xml` into the runs that hold those characters.
//! The comment range goes around those runs (or whatever paragraph-level element holds
//! them: a tracked insertion, a hyperlink), so it never cuts a run in two.

use std::collections::BTreeSet;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::junit::escape_xml as escape;
use super::RuleInfo;
use crate::diagnostic::Diagnostic;
use crate::input::xml::{self, Element};
use crate::input::{body_layout, Container, Limits, Locator, ParaLayout, Source};
use crate::model::Document;
use crate::span::Span;

const MAIN_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const DOCUMENT: &str = "word/document.xml";
const DOCUMENT_RELS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";

/// Who the comments are from, and when.
#[derive(Clone, Debug)]
pub struct ReviewOptions {
    pub author: String,
    pub initials: String,
    /// `w:date`, ISO 8601 in UTC ("2026-06-02T09:30:00Z").
    pub date: String,
}

impl Default for ReviewOptions {
    /// "mandate-lint", "ML", now (or `SOURCE_DATE_EPOCH`, for reproducible copies).
    fn default() -> Self {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            });
        ReviewOptions {
            author: "mandate-lint".into(),
            initials: "ML".into(),
            date: iso_utc(seconds),
        }
    }
}

/// The review copy and what went into it.
#[derive(Clone, Debug)]
pub struct Annotated {
    pub bytes: Vec<u8>,
    /// Comments the document already had.
    pub existing_comments: usize,
    /// Comments added (one per finding).
    pub added_comments: usize,
    /// Of those, how many could not be placed on the flagged text itself (text outside
    /// the document body, such as footnotes, or no text at all) and sit on the
    /// paragraph of the clause concerned instead.
    pub on_paragraph: usize,
}

/// Writes a review copy of the .docx `original`, whose rendered text is `source` (and
/// parsed `doc`, for the clause of a finding that has no place of its own), with one
/// comment per diagnostic. `rules` gives each comment its source (DCAF recommendation).
pub fn annotate(
    original: &[u8],
    source: &Source,
    doc: Option<&Document>,
    diagnostics: &[&Diagnostic],
    rules: &[RuleInfo],
    options: &ReviewOptions,
    limits: &Limits,
) -> Result<Annotated, String> {
    let mut container = Container::open(original, limits)?;
    let read_text = |c: &mut Container<'_>, name: &str| -> Result<Option<String>, String> {
        match c.read(name)? {
            None => Ok(None),
            Some(bytes) => xml::utf8(&bytes)
                .map(|s| Some(s.to_string()))
                .map_err(|e| format!("not a valid .docx: {name}: {e}")),
        }
    };
    let document = read_text(&mut container, DOCUMENT)?
        .ok_or_else(|| "not a valid .docx: it has no word/document.xml".to_string())?;
    let content_types = read_text(&mut container, CONTENT_TYPES)?
        .ok_or_else(|| "not a valid .docx: it has no [Content_Types].xml".to_string())?;
    let rels = read_text(&mut container, DOCUMENT_RELS)?;

    let relationships = match &rels {
        Some(text) => parse_relationships(text, limits)?,
        None => Vec::new(),
    };
    let comments_rel = relationships.iter().find(|r| is_comments_rel(&r.kind));
    let comments_part = match comments_rel {
        Some(r) => part_name(&r.target),
        None => fresh_part_name(original, "word/comments.xml")?,
    };
    let comments = match comments_rel {
        Some(_) => read_text(&mut container, &comments_part)?,
        None => None,
    };

    let layouts = body_layout(&document, limits)
        .map_err(|e| format!("not a valid .docx: word/document.xml: {e}"))?;
    let doc_prefix = Prefix::of_document(&document, &layouts);

    let mut ids = numeric_ids(&document, DOCUMENT, limits)?;
    let existing_comments = match &comments {
        Some(text) => {
            ids.extend(numeric_ids(text, &comments_part, limits)?);
            comment_count(text, &comments_part, limits)?
        }
        None => 0,
    };
    let mut next_id = ids.last().map_or(0, |m| m.saturating_add(1));

    let places = Places {
        source,
        doc,
        layouts: &layouts,
    };
    let mut inserts: Vec<Insert> = Vec::new();
    let mut comment_xml = String::new();
    let comments_prefix = match &comments {
        Some(text) => Prefix::of_root(text),
        None => Prefix::w(),
    };
    let mut on_paragraph = 0;
    for (seq, d) in diagnostics.iter().enumerate() {
        let Some((range, exact)) = places.anchor(d) else {
            return Err("the document body has no paragraph to attach comments to".into());
        };
        if !exact {
            on_paragraph += 1;
        }
        let id = next_id;
        next_id = next_id.saturating_add(1);
        let p = &doc_prefix;
        inserts.push(Insert {
            at: range.start,
            end: false,
            seq,
            xml: format!(
                r#"<{p}commentRangeStart{d} {p}id="{id}"/>"#,
                p = p.tag,
                d = p.decl
            ),
        });
        inserts.push(Insert {
            at: range.end,
            end: true,
            seq,
            xml: format!(
                r#"<{p}commentRangeEnd{d} {p}id="{id}"/><{p}r{d}><{p}commentReference {p}id="{id}"/></{p}r>"#,
                p = p.tag,
                d = p.decl
            ),
        });
        let rule_source = rules
            .iter()
            .find(|r| r.code == d.code)
            .map(|r| r.source.as_str());
        comment_xml.push_str(&comment(&comments_prefix, id, d, rule_source, options));
    }

    let new_document = apply_inserts(&document, inserts);
    let new_comments = match &comments {
        Some(text) => append_in_root(text, &comment_xml, &comments_part)?,
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{MAIN_NS}\">{comment_xml}</w:comments>"
        ),
    };

    let mut replaced: Vec<(String, Vec<u8>)> = vec![
        (DOCUMENT.to_string(), new_document.into_bytes()),
        (comments_part.clone(), new_comments.into_bytes()),
    ];
    if comments_rel.is_none() {
        let target = comments_part
            .strip_prefix("word/")
            .map_or_else(|| format!("/{comments_part}"), str::to_string);
        let rels_xml = add_relationship(rels.as_deref(), &relationships, &target)?;
        replaced.push((DOCUMENT_RELS.to_string(), rels_xml.into_bytes()));
    }
    if !has_override(&content_types, &comments_part, limits)? {
        let types = add_override(&content_types, &comments_part)?;
        replaced.push((CONTENT_TYPES.to_string(), types.into_bytes()));
    }

    let bytes = rewrite_zip(original, &replaced)?;
    Ok(Annotated {
        bytes,
        existing_comments,
        added_comments: diagnostics.len(),
        on_paragraph,
    })
}

/// Something to insert into document.xml at byte `at`. At one offset, comment ends go
/// before comment starts (a range that ends where the next begins), each in finding
/// order.
struct Insert {
    at: usize,
    end: bool,
    seq: usize,
    xml: String,
}

fn apply_inserts(xml: &str, mut inserts: Vec<Insert>) -> String {
    inserts.sort_by_key(|i| (i.at, !i.end, i.seq));
    let mut out = String::with_capacity(xml.len() + inserts.len() * 96);
    let mut from = 0;
    for insert in &inserts {
        let at = insert.at.clamp(from, xml.len());
        out.push_str(xml.get(from..at).unwrap_or(""));
        out.push_str(&insert.xml);
        from = at;
    }
    out.push_str(xml.get(from..).unwrap_or(""));
    out
}

/// Where comments go: the rendered text, its parse, and the paragraph layout.
struct Places<'a> {
    source: &'a Source,
    doc: Option<&'a Document>,
    layouts: &'a [ParaLayout],
}

impl Places<'_> {
    /// The byte range of document.xml the comment for `d` goes around, and whether it
    /// covers the flagged text itself (rather than the clause's whole paragraph).
    fn anchor(&self, d: &Diagnostic) -> Option<(Span, bool)> {
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
    fn text_range(&self, span: Span) -> Option<Span> {
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
    fn paragraph_range(&self, at: usize) -> Option<Span> {
        let (para, _) = self.word_position(at)?;
        self.layout(para)?.content
    }

    fn first_paragraph(&self) -> Option<Span> {
        self.layouts
            .iter()
            .find(|l| !l.children.is_empty())
            .or_else(|| self.layouts.iter().find(|l| l.content.is_some()))
            .and_then(|l| l.content)
    }

    fn layout(&self, index: u32) -> Option<&ParaLayout> {
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.layouts
            .get(i)
            .filter(|l| l.index == index)
            .or_else(|| self.layouts.iter().find(|l| l.index == index))
    }

    /// (Word paragraph, character) of an offset of the rendered text, when it is text
    /// of the document body. A list number, which Word draws from numbering.xml, stands
    /// for the paragraph's first character of text after it.
    fn word_position(&self, offset: usize) -> Option<(u32, u32)> {
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

/// How to write an element of the WordprocessingML namespace in a part: with the
/// prefix the part binds to it, or with our own prefix declared on the element.
struct Prefix {
    /// "w:" (or "" for none).
    tag: String,
    /// ` xmlns:mlw="…"` when the part binds no prefix we can reuse.
    decl: String,
}

impl Prefix {
    fn w() -> Prefix {
        Prefix {
            tag: "w:".into(),
            decl: String::new(),
        }
    }

    fn own() -> Prefix {
        Prefix {
            tag: "mlw:".into(),
            decl: format!(r#" xmlns:mlw="{MAIN_NS}""#),
        }
    }

    fn from_qname(qname: &str) -> Prefix {
        match qname.split_once(':') {
            Some((prefix, _)) if !prefix.is_empty() => Prefix {
                tag: format!("{prefix}:"),
                decl: String::new(),
            },
            _ => Prefix::own(),
        }
    }

    /// The prefix of the document's paragraphs (`<w:p`).
    fn of_document(xml: &str, layouts: &[ParaLayout]) -> Prefix {
        layouts
            .first()
            .and_then(|l| xml.get(l.tag..))
            .map_or_else(Prefix::w, |tag| Prefix::from_qname(&qname_at(tag)))
    }

    /// The prefix of a part's root element.
    fn of_root(xml: &str) -> Prefix {
        root_start(xml).map_or_else(Prefix::w, |(_, qname, _)| Prefix::from_qname(&qname))
    }
}

/// The qualified name of the tag that `tag` starts with ("<w:p w:rsidR=…" → "w:p").
fn qname_at(tag: &str) -> String {
    tag.strip_prefix('<')
        .unwrap_or(tag)
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect()
}

/// The root element of a part: its start tag's byte offset, qualified name, and
/// whether it is empty (`<w:comments …/>`).
fn root_start(xml: &str) -> Option<(usize, String, bool)> {
    let mut from = 0;
    loop {
        let rest = xml.get(from..)?;
        let at = from + rest.find('<')?;
        let after = xml.get(at + 1..)?;
        if after.starts_with('?') || after.starts_with('!') {
            from = at + 1;
            continue;
        }
        let qname = qname_at(xml.get(at..)?);
        let close = at + xml.get(at..)?.find('>')?;
        let empty = xml.get(..close)?.ends_with('/');
        return Some((at, qname, empty));
    }
}

/// `content` appended inside the root element of the part `name`, before its end tag.
fn append_in_root(xml: &str, content: &str, name: &str) -> Result<String, String> {
    let bad = || format!("not a valid .docx: {name} has no root element");
    let (at, qname, empty) = root_start(xml).ok_or_else(bad)?;
    if empty {
        let close = at + xml.get(at..).and_then(|s| s.find("/>")).ok_or_else(bad)?;
        return Ok(format!(
            "{}>{content}</{qname}>{}",
            xml.get(..close).unwrap_or(""),
            xml.get(close + 2..).unwrap_or("")
        ));
    }
    let end_tag = format!("</{qname}");
    let end = xml.rfind(&end_tag).ok_or_else(bad)?;
    Ok(format!(
        "{}{content}{}",
        xml.get(..end).unwrap_or(""),
        xml.get(end..).unwrap_or("")
    ))
}

/// One `<w:comment>`: the rule, the message, what to write, the suggested clause and
/// the source.
fn comment(
    p: &Prefix,
    id: u64,
    d: &Diagnostic,
    rule_source: Option<&str>,
    options: &ReviewOptions,
) -> String {
    let w = &p.tag;
    let run = |text: &str, style: &str| {
        format!(
            r#"<{w}r>{style}<{w}t xml:space="preserve">{}</{w}t></{w}r>"#,
            escape(text)
        )
    };
    let bold = format!("<{w}rPr><{w}b/></{w}rPr>");
    let italic = format!("<{w}rPr><{w}i/></{w}rPr>");
    let para = |runs: String| format!("<{w}p>{runs}</{w}p>");

    let mut body = para(format!(
        "<{w}r><{w}annotationRef/></{w}r>{}{}",
        run(
            &format!("{} {} ({})", d.code, d.name, d.severity.as_str()),
            &bold
        ),
        run(&format!(": {}", d.message), "")
    ));
    if let Some(help) = d.help.as_deref().filter(|h| !h.trim().is_empty()) {
        body.push_str(&para(format!(
            "{}{}",
            run("What to write: ", &bold),
            run(help, "")
        )));
    }
    if let Some(s) = &d.suggestion {
        body.push_str(&para(run(
            &format!("Suggested clause ({}):", s.title),
            &bold,
        )));
        for line in s.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            body.push_str(&para(run(line, &italic)));
        }
    }
    if let Some(p) = &d.precedent {
        body.push_str(&para(run(
            &format!("Agreed language ({}):", p.citation),
            &bold,
        )));
        for line in p
            .suggestion
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            body.push_str(&para(run(line, &italic)));
        }
    }
    for note in d
        .notes
        .iter()
        .filter(|n| !n.starts_with("in the original file:"))
    {
        body.push_str(&para(run(&format!("Note: {note}"), "")));
    }
    if let Some(source) = rule_source.filter(|s| !s.is_empty()) {
        body.push_str(&para(format!(
            "{}{}",
            run("Source: ", &bold),
            run(source, "")
        )));
    }
    format!(
        r#"<{w}comment{decl} {w}id="{id}" {w}author="{author}" {w}date="{date}" {w}initials="{initials}">{body}</{w}comment>"#,
        decl = p.decl,
        author = escape(&options.author),
        date = escape(&options.date),
        initials = escape(&options.initials),
    )
}

/// Calls `f` with every element of a part (start tags and empty elements).
fn each_element(
    xml_text: &str,
    part: &str,
    limits: &Limits,
    mut f: impl FnMut(&Element),
) -> Result<(), String> {
    let mut s = xml::XmlStream::new(xml_text, limits.max_xml_depth);
    loop {
        match s
            .next()
            .map_err(|e| format!("not a valid .docx: {part}: {e}"))?
        {
            xml::Ev::Eof => return Ok(()),
            xml::Ev::Start(el) | xml::Ev::Empty(el) => f(&el),
            _ => {}
        }
    }
}

fn numeric_id(el: &Element) -> Option<u64> {
    el.attr("id").and_then(|v| v.trim().parse::<u64>().ok())
}

/// Every numeric `id` attribute of a part (comments, bookmarks, tracked changes): new
/// comment ids start above them all.
fn numeric_ids(xml_text: &str, part: &str, limits: &Limits) -> Result<BTreeSet<u64>, String> {
    let mut ids = BTreeSet::new();
    each_element(xml_text, part, limits, |el| {
        ids.extend(numeric_id(el));
    })?;
    Ok(ids)
}

/// The number of `<w:comment>` elements of a comments part.
fn comment_count(xml_text: &str, part: &str, limits: &Limits) -> Result<usize, String> {
    let mut count = 0;
    each_element(xml_text, part, limits, |el| {
        count += usize::from(el.name == "comment");
    })?;
    Ok(count)
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn parse_relationships(xml_text: &str, limits: &Limits) -> Result<Vec<Relationship>, String> {
    let mut out = Vec::new();
    each_element(xml_text, DOCUMENT_RELS, limits, |el| {
        if el.name == "Relationship" {
            out.push(Relationship {
                id: el.attr("Id").unwrap_or_default().to_string(),
                kind: el.attr("Type").unwrap_or_default().to_string(),
                target: el.attr("Target").unwrap_or_default().to_string(),
            });
        }
    })?;
    Ok(out)
}

/// Transitional or strict OOXML comments relationship.
fn is_comments_rel(kind: &str) -> bool {
    kind.ends_with("/relationships/comments")
}

/// The zip entry name of a relationship target of word/document.xml.
fn part_name(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => {
            let mut parts: Vec<&str> = vec!["word"];
            for piece in target.split('/') {
                match piece {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    other => parts.push(other),
                }
            }
            parts.join("/")
        }
    }
}

/// `wanted`, or a variant of it that no zip entry already uses.
fn fresh_part_name(original: &[u8], wanted: &str) -> Result<String, String> {
    let archive =
        ZipArchive::new(Cursor::new(original)).map_err(|e| format!("not a valid .docx: {e}"))?;
    let taken: BTreeSet<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    if !taken.contains(wanted) {
        return Ok(wanted.to_string());
    }
    (1..1000)
        .map(|n| format!("word/comments-mandate-lint{n}.xml"))
        .find(|name| !taken.contains(name))
        .ok_or_else(|| "cannot find a free name for the comments part".to_string())
}

/// document.xml.rels with a comments relationship added (a fresh `rIdN`).
fn add_relationship(
    rels: Option<&str>,
    existing: &[Relationship],
    target: &str,
) -> Result<String, String> {
    let ids: BTreeSet<&str> = existing.iter().map(|r| r.id.as_str()).collect();
    let id = (1..)
        .map(|n| format!("rId{n}"))
        .find(|id| !ids.contains(id.as_str()))
        .unwrap_or_else(|| "rIdMandateLint".into());
    let element = format!(
        r#"<Relationship Id="{id}" Type="{COMMENTS_REL}" Target="{}"/>"#,
        escape(target)
    );
    match rels {
        Some(xml) => append_in_root(xml, &element, DOCUMENT_RELS),
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{element}</Relationships>"
        )),
    }
}

fn has_override(content_types: &str, part: &str, limits: &Limits) -> Result<bool, String> {
    let wanted = format!("/{part}");
    let mut found = false;
    each_element(content_types, CONTENT_TYPES, limits, |el| {
        found |= el.name == "Override"
            && el
                .attr("PartName")
                .is_some_and(|p| p.eq_ignore_ascii_case(&wanted));
    })?;
    Ok(found)
}

fn add_override(content_types: &str, part: &str) -> Result<String, String> {
    let element = format!(
        r#"<Override PartName="/{}" ContentType="{COMMENTS_TYPE}"/>"#,
        escape(part)
    );
    append_in_root(content_types, &element, CONTENT_TYPES)
}

/// The original archive with `replaced` entries rewritten (deflated) in place and the
/// new ones appended; every other entry copied raw.
fn rewrite_zip(original: &[u8], replaced: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let err = |e: zip::result::ZipError| format!("cannot write the review copy: {e}");
    let mut archive =
        ZipArchive::new(Cursor::new(original)).map_err(|e| format!("not a valid .docx: {e}"))?;
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(original.len() + 64 * 1024)));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    // Rewritten parts keep their entry's time; a new part takes word/document.xml's.
    let mut document_time = None;
    let mut written: BTreeSet<&str> = BTreeSet::new();
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(err)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let time = entry.last_modified();
        if name == DOCUMENT {
            document_time = time;
        }
        match replaced.iter().find(|(n, _)| *n == name) {
            Some((n, bytes)) => {
                drop(entry);
                let options = time.map_or(deflated, |t| deflated.last_modified_time(t));
                writer.start_file(n.as_str(), options).map_err(err)?;
                writer
                    .write_all(bytes)
                    .map_err(|e| format!("cannot write the review copy: {e}"))?;
                written.insert(n.as_str());
            }
            None => writer.raw_copy_file(entry).map_err(err)?,
        }
    }
    let options = document_time.map_or(deflated, |t| deflated.last_modified_time(t));
    for (name, bytes) in replaced {
        if !written.contains(name.as_str()) {
            writer.start_file(name.as_str(), options).map_err(err)?;
            writer
                .write_all(bytes)
                .map_err(|e| format!("cannot write the review copy: {e}"))?;
        }
    }
    Ok(writer.finish().map_err(err)?.into_inner())
}

/// "YYYY-MM-DDTHH:MM:SSZ" for seconds since the Unix epoch (proleptic Gregorian, UTC).
fn iso_utc(seconds: u64) -> String {
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rem = seconds % 86_400;
    // Howard Hinnant's days-from-civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_utc() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_780_392_645), "2026-06-02T09:30:45Z");
    }

    #[test]
    fn relationship_targets_resolve_against_word() {
        assert_eq!(part_name("comments.xml"), "word/comments.xml");
        assert_eq!(part_name("./comments.xml"), "word/comments.xml");
        assert_eq!(part_name("/word/c.xml"), "word/c.xml");
        assert_eq!(part_name("../custom/c.xml"), "custom/c.xml");
    }

    #[test]
    fn comments_are_appended_inside_the_root() {
        let with_end = r#"<?xml version="1.0"?><w:comments xmlns:w="x"><w:comment/></w:comments>"#;
        assert_eq!(
            append_in_root(with_end, "<new/>", "c").unwrap_or_default(),
            r#"<?xml version="1.0"?><w:comments xmlns:w="x"><w:comment/><new/></w:comments>"#
        );
        let empty = r#"<?xml version="1.0"?><w:comments xmlns:w="x"/>"#;
        assert_eq!(
            append_in_root(empty, "<new/>", "c").unwrap_or_default(),
            r#"<?xml version="1.0"?><w:comments xmlns:w="x"><new/></w:comments>"#
        );
    }

    #[test]
    fn ends_go_before_starts_at_the_same_offset() {
        let inserts = vec![
            Insert {
                at: 3,
                end: false,
                seq: 1,
                xml: "[s1]".into(),
            },
            Insert {
                at: 3,
                end: true,
                seq: 0,
                xml: "[e0]".into(),
            },
            Insert {
                at: 0,
                end: false,
                seq: 0,
                xml: "[s0]".into(),
            },
        ];
        assert_eq!(apply_inserts("abcdef", inserts), "[s0]abc[e0][s1]def");
    }
}
