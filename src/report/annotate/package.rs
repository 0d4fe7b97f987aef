//! The parts of a .docx package the review copy rewrites: prefixes and root elements
//! of WordprocessingML parts, ids, relationships, content types, and the zip itself
//! (every other entry copied raw).

use std::collections::BTreeSet;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{escape, COMMENTS_REL, COMMENTS_TYPE, CONTENT_TYPES, DOCUMENT, DOCUMENT_RELS, MAIN_NS};
use crate::input::xml::{self, Element};
use crate::input::{Limits, ParaLayout};

/// How to write an element of the WordprocessingML namespace in a part: with the
/// prefix the part binds to it, or with our own prefix declared on the element.
pub(super) struct Prefix {
    /// "w:" (or "" for none).
    pub(super) tag: String,
    /// ` xmlns:mlw="…"` when the part binds no prefix we can reuse.
    pub(super) decl: String,
}

impl Prefix {
    pub(super) fn w() -> Prefix {
        Prefix {
            tag: "w:".into(),
            decl: String::new(),
        }
    }

    pub(super) fn own() -> Prefix {
        Prefix {
            tag: "mlw:".into(),
            decl: format!(r#" xmlns:mlw="{MAIN_NS}""#),
        }
    }

    pub(super) fn from_qname(qname: &str) -> Prefix {
        match qname.split_once(':') {
            Some((prefix, _)) if !prefix.is_empty() => Prefix {
                tag: format!("{prefix}:"),
                decl: String::new(),
            },
            _ => Prefix::own(),
        }
    }

    /// The prefix of the document's paragraphs (`<w:p`).
    pub(super) fn of_document(xml: &str, layouts: &[ParaLayout]) -> Prefix {
        layouts
            .first()
            .and_then(|l| xml.get(l.tag..))
            .map_or_else(Prefix::w, |tag| Prefix::from_qname(&qname_at(tag)))
    }

    /// The prefix of a part's root element.
    pub(super) fn of_root(xml: &str) -> Prefix {
        root_start(xml).map_or_else(Prefix::w, |(_, qname, _)| Prefix::from_qname(&qname))
    }
}

/// The qualified name of the tag that `tag` starts with ("<w:p w:rsidR=…" → "w:p").
pub(super) fn qname_at(tag: &str) -> String {
    tag.strip_prefix('<')
        .unwrap_or(tag)
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect()
}

/// The root element of a part: its start tag's byte offset, qualified name, and
/// whether it is empty (`<w:comments …/>`).
pub(super) fn root_start(xml: &str) -> Option<(usize, String, bool)> {
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
pub(super) fn append_in_root(xml: &str, content: &str, name: &str) -> Result<String, String> {
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

/// Calls `f` with every element of a part (start tags and empty elements).
pub(super) fn each_element(
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

pub(super) fn numeric_id(el: &Element) -> Option<u64> {
    el.attr("id").and_then(|v| v.trim().parse::<u64>().ok())
}

/// Every numeric `id` attribute of a part (comments, bookmarks, tracked changes): new
/// comment ids start above them all.
pub(super) fn numeric_ids(
    xml_text: &str,
    part: &str,
    limits: &Limits,
) -> Result<BTreeSet<u64>, String> {
    let mut ids = BTreeSet::new();
    each_element(xml_text, part, limits, |el| {
        ids.extend(numeric_id(el));
    })?;
    Ok(ids)
}

/// The number of `<w:comment>` elements of a comments part.
pub(super) fn comment_count(xml_text: &str, part: &str, limits: &Limits) -> Result<usize, String> {
    let mut count = 0;
    each_element(xml_text, part, limits, |el| {
        count += usize::from(el.name == "comment");
    })?;
    Ok(count)
}

pub(super) struct Relationship {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) target: String,
}

pub(super) fn parse_relationships(
    xml_text: &str,
    limits: &Limits,
) -> Result<Vec<Relationship>, String> {
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
pub(super) fn is_comments_rel(kind: &str) -> bool {
    kind.ends_with("/relationships/comments")
}

/// The zip entry name of a relationship target of word/document.xml.
pub(super) fn part_name(target: &str) -> String {
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
pub(super) fn fresh_part_name(original: &[u8], wanted: &str) -> Result<String, String> {
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
pub(super) fn add_relationship(
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

pub(super) fn has_override(
    content_types: &str,
    part: &str,
    limits: &Limits,
) -> Result<bool, String> {
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

pub(super) fn add_override(content_types: &str, part: &str) -> Result<String, String> {
    let element = format!(
        r#"<Override PartName="/{}" ContentType="{COMMENTS_TYPE}"/>"#,
        escape(part)
    );
    append_in_root(content_types, &element, CONTENT_TYPES)
}

/// The original archive with `replaced` entries rewritten (deflated) in place and the
/// new ones appended; every other entry copied raw.
pub(super) fn rewrite_zip(
    original: &[u8],
    replaced: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
