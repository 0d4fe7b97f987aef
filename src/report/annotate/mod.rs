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

mod package;
mod places;

use super::junit::escape_xml as escape;
use super::RuleInfo;
use crate::diagnostic::Diagnostic;
use crate::input::xml;
use crate::input::{body_layout, Container, Limits, Source};
use crate::model::Document;
use package::{
    add_override, add_relationship, append_in_root, comment_count, fresh_part_name, has_override,
    is_comments_rel, numeric_ids, parse_relationships, part_name, rewrite_zip, Prefix,
};
use places::Places;

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
