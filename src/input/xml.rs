//! A small, defensive XML event stream over quick-xml shared by the .docx and Akoma
//! Ntoso readers: DTDs refused, nesting capped, entity references resolved (the five
//! predefined ones and character references only), errors as
//! "invalid XML at line L, column C: …".

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::span::{ColumnUnit, LineIndex};

/// An element start: local name (prefix dropped) and attributes by local name.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Element {
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug)]
pub(crate) enum Ev<'a> {
    Start(Element),
    /// A self-closing element (`<w:tab/>`).
    Empty(Element),
    End(String),
    /// Character data at byte `offset` of the XML. `exact` when the text is the XML's
    /// own bytes (so offsets inside it map one to one); false for resolved references.
    Text {
        text: Cow<'a, str>,
        offset: usize,
        exact: bool,
    },
    Eof,
}

pub(crate) struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    xml: &'a str,
    depth: usize,
    max_depth: usize,
    open: Vec<String>,
    lines: Option<LineIndex>,
}

impl<'a> XmlStream<'a> {
    pub fn new(xml: &'a str, max_depth: usize) -> Self {
        let mut reader = Reader::from_str(xml);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        XmlStream {
            reader,
            xml,
            depth: 0,
            max_depth,
            open: Vec::new(),
            lines: None,
        }
    }

    /// 1-based line and column (in characters) of a byte offset of the XML.
    pub fn line_col(&mut self, offset: usize) -> (u32, u32) {
        let xml = self.xml;
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(xml));
        let pos = lines.position(xml, offset, ColumnUnit::Char);
        (pos.line + 1, pos.col + 1)
    }

    fn error_at(&mut self, offset: usize, what: impl std::fmt::Display) -> String {
        let (line, col) = self.line_col(offset);
        format!("invalid XML at line {line}, column {col}: {what}")
    }

    /// Byte offset in the XML where the next event starts (after the last one read).
    pub fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// Names of the open elements, outermost first.
    pub fn open_elements(&self) -> &[String] {
        &self.open
    }

    pub fn next(&mut self) -> Result<Ev<'a>, String> {
        loop {
            let before = self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let at = self.reader.error_position() as usize;
                    return Err(self.error_at(at, e));
                }
            };
            match event {
                Event::Start(start) => {
                    let el = element(&start).map_err(|e| self.error_at(before, e))?;
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        let (line, _) = self.line_col(before);
                        return Err(format!(
                            "XML nested deeper than {} levels (at line {line}); refused",
                            self.max_depth
                        ));
                    }
                    self.open.push(el.name.clone());
                    return Ok(Ev::Start(el));
                }
                Event::Empty(start) => {
                    let el = element(&start).map_err(|e| self.error_at(before, e))?;
                    return Ok(Ev::Empty(el));
                }
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    self.open.pop();
                    let name = end.local_name().as_ref().to_string();
                    return Ok(Ev::End(name));
                }
                Event::Text(text) => {
                    let own = text.into_inner();
                    return Ok(Ev::Text {
                        text: own,
                        offset: before,
                        exact: true,
                    });
                }
                Event::CData(data) => {
                    let s = data.into_inner().into_owned();
                    return Ok(Ev::Text {
                        text: Cow::Owned(s),
                        offset: before,
                        exact: false,
                    });
                }
                Event::GeneralRef(reference) => {
                    let name: &str = &reference;
                    let ch = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        Ok(None) => match name {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "apos" => '\'',
                            "quot" => '"',
                            other => {
                                let msg = format!("undefined entity &{other};");
                                return Err(self.error_at(before, msg));
                            }
                        },
                        Err(e) => return Err(self.error_at(before, e)),
                    };
                    return Ok(Ev::Text {
                        text: Cow::Owned(ch.to_string()),
                        offset: before,
                        exact: false,
                    });
                }
                Event::DocType(doctype) => {
                    let body: &str = &doctype;
                    let (line, _) = self.line_col(before);
                    if body.contains("<!ENTITY") {
                        return Err(format!(
                            "XML entity declarations are refused (<!DOCTYPE> with <!ENTITY> at line {line}; entity expansion can exhaust memory)"
                        ));
                    }
                    return Err(format!(
                        "XML document type declarations are refused (<!DOCTYPE> at line {line})"
                    ));
                }
                Event::Eof => {
                    if let Some(open) = self.open.last().cloned() {
                        let at = self.xml.len();
                        return Err(
                            self.error_at(at, format!("unexpected end of file inside <{open}>"))
                        );
                    }
                    return Ok(Ev::Eof);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
            }
        }
    }

    /// Skips the content of the element just started, up to and including its end.
    pub fn skip_element(&mut self) -> Result<(), String> {
        let target = self.open.len().saturating_sub(1);
        loop {
            match self.next()? {
                Ev::End(_) if self.open.len() == target => return Ok(()),
                Ev::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

fn element(start: &BytesStart<'_>) -> Result<Element, String> {
    let name = start.local_name().as_ref().to_string();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.local_name().as_ref().to_string();
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Element { name, attrs })
}

/// XML bytes as UTF-8 (a UTF-8 byte-order mark is dropped).
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| {
        format!(
            "invalid UTF-8 at byte {} (XML must be UTF-8 here)",
            e.valid_up_to() + (bytes.len() - body.len())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(xml: &str, depth: usize) -> Result<Vec<String>, String> {
        let mut s = XmlStream::new(xml, depth);
        let mut out = Vec::new();
        loop {
            match s.next()? {
                Ev::Eof => return Ok(out),
                Ev::Text { text, .. } => out.push(text.into_owned()),
                _ => {}
            }
        }
    }

    #[test]
    fn predefined_and_character_references_resolve() {
        let texts = drain("<a>x &amp; y &#8217;z</a>", 10).unwrap_or_default();
        assert_eq!(texts.concat(), "x & y \u{2019}z");
    }

    #[test]
    fn unclosed_element_is_an_error_with_position() {
        let err = drain("<a>\n<b>text</b>", 10).err().unwrap_or_default();
        assert!(err.starts_with("invalid XML at line 2"), "{err}");
        assert!(err.contains("<a>"), "{err}");
    }

    #[test]
    fn depth_cap_refuses() {
        let xml = format!("{}{}", "<a>".repeat(20), "</a>".repeat(20));
        let err = drain(&xml, 10).err().unwrap_or_default();
        assert!(err.starts_with("XML nested deeper than 10 levels"), "{err}");
    }
}
