//! Input decoding: bytes on disk → the text the parser reads.
//!
//! Text and Markdown are decoded and kept byte for byte (spans index the decoded
//! original). Word (.docx) and Akoma Ntoso XML are *rendered* to the plain layout the
//! one text parser reads (masthead lines, one paragraph per line, "12. " and "(a) "
//! labels), with an [`Origin`] map so that any offset in the rendered text can be
//! described in terms of the original file ("Word paragraph 34, character 12").
//!
//! Every failure is an [`InputError`]: one line naming the file and the cause.

mod akn;
mod docx;
mod numbering;
mod origin;
mod text;
pub(crate) mod xml;
mod zipread;

use std::fmt;
use std::path::Path;

use crate::model::SourceFormat;
use crate::span::Span;

pub(crate) use docx::{body_layout, ParaLayout};
pub use origin::{Locator, Origin, Piece};
pub(crate) use zipread::Container;

/// Caps that keep hostile or accidental inputs bounded. Every cap gives its own
/// one-line error when exceeded.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Most entries a .docx (zip) may hold.
    pub max_zip_entries: usize,
    /// Largest total uncompressed size of the .docx entries we read, in bytes.
    pub max_unzipped_bytes: u64,
    /// Largest uncompressed/compressed ratio accepted for an entry bigger than
    /// `ratio_check_min_bytes` (zip bombs compress by factors of 1000 and more; real
    /// Word XML stays well under 100).
    pub max_zip_ratio: u64,
    /// Entries smaller than this are not ratio-checked (tiny files compress oddly).
    pub ratio_check_min_bytes: u64,
    /// Deepest XML element nesting accepted.
    pub max_xml_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_zip_entries: 2_000,
            max_unzipped_bytes: 256 * 1024 * 1024,
            max_zip_ratio: 200,
            ratio_check_min_bytes: 1024 * 1024,
            max_xml_depth: 256,
        }
    }
}

/// Document metadata a structured format states outright (Akoma Ntoso `<meta>`,
/// cover page). Text formats leave it empty: the parser reads the masthead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMeta {
    /// "S/RES/2532 (2020)" or a draft symbol "S/2023/212".
    pub symbol: Option<String>,
    /// ISO date of adoption (or of the vote, or of issue), "2020-07-01".
    pub date: Option<String>,
    /// `Some(true)` adopted, `Some(false)` put to the vote and not adopted (or a draft),
    /// `None` unknown.
    pub adopted: Option<bool>,
    /// True when the source says it is a draft resolution.
    pub draft: bool,
}

/// What a node of a stated structure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutlineKind {
    /// A preambular paragraph, or an item of one.
    Preambular,
    /// An operative paragraph or one of its sub-items (lettered, numbered, dashed or
    /// unlabelled).
    Operative,
    /// A heading or sub-heading of the operative part ("Mandate of MINUSCA",
    /// "Urgent temporary measures:").
    Heading,
    /// A paragraph, item or title of an annex.
    Annex,
}

/// One paragraph, item or heading as the source marks it up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineNode {
    pub kind: OutlineKind,
    /// The label as rendered ("38.", "(b)", "–"), when the source gives one.
    pub label: Option<Span>,
    /// The enclosing labelled node (an index into `Outline::nodes`, always earlier).
    pub parent: Option<usize>,
    /// The node's own text in the rendered text, label excluded, in order: the
    /// content, or a list's introduction and wrap-up (never its items' text).
    pub pieces: Vec<Span>,
}

/// The clause structure a structured format states outright (Akoma Ntoso paragraphs,
/// points, sub-lists and headings), over the rendered text. The parser builds the
/// clause tree from it instead of reading the layout of the rendered text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Nodes in document order.
    pub nodes: Vec<OutlineNode>,
    /// "The Security Council," (the enacting formula).
    pub formula: Option<Span>,
    /// Where the first annex begins.
    pub annex_start: Option<usize>,
    /// Footnotes appended after the text: (marker, whole line).
    pub footnotes: Vec<(String, Span)>,
}

/// A decoded input, ready to parse.
#[derive(Clone, Debug)]
pub struct Source {
    /// The name to show in messages (the path as given, or "<stdin>").
    pub name: String,
    pub text: String,
    pub format: SourceFormat,
    /// Things the reader did that a user should know (e.g. "decoded as Windows-1252").
    pub notes: Vec<String>,
    /// Where each part of a rendered `text` came from (empty for text formats, whose
    /// offsets are the file's own).
    pub origin: Origin,
    /// Spans of `text` that were italic in the source (.docx runs, AKN
    /// `<span class="italic">`): the opening words of UN paragraphs.
    pub italics: Vec<Span>,
    pub meta: SourceMeta,
    /// The clause structure the source states (Akoma Ntoso); `None` for text,
    /// Markdown and Word, whose structure the parser reads from the text.
    pub outline: Option<Outline>,
}

impl Source {
    /// A source whose text is used as it is (editor buffers, tests, stdin).
    pub fn from_text(name: &str, text: String, format: SourceFormat) -> Source {
        Source {
            name: name.to_string(),
            text,
            format,
            notes: Vec::new(),
            origin: Origin::default(),
            italics: Vec::new(),
            meta: SourceMeta::default(),
            outline: None,
        }
    }

    /// Describes a byte offset of `text` in terms of the original file, for rendered
    /// formats: "Word paragraph 34, character 12", "footnote 2 of the Word file,
    /// character 5", "XML line 246, column 51 (in <p> of para_17__content)". `None` for
    /// text formats (line and column already say it) and for offsets outside the text.
    pub fn describe(&self, offset: usize) -> Option<String> {
        if offset > self.text.len() {
            return None;
        }
        self.origin.describe(&self.text, offset)
    }
}

/// A file that cannot be read. Displays as one line: `path: problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub name: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl std::error::Error for InputError {}

pub fn read_path(path: &Path, limits: &Limits) -> Result<Source, InputError> {
    let name = path.display().to_string();
    let err = |message: String| InputError {
        name: name.clone(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(err("is a directory".into()));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(err(format!(
            "file is {} bytes, over the limit of {} bytes",
            meta.len(),
            limits.max_file_bytes
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read: {e}")))?;
    read_bytes(&name, &bytes, format_from_extension(path), limits)
}

/// The format an extension names, if it names one.
pub fn format_from_extension(path: &Path) -> Option<SourceFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(SourceFormat::Markdown),
        "txt" | "text" => Some(SourceFormat::Text),
        "docx" => Some(SourceFormat::Docx),
        "xml" | "akn" => Some(SourceFormat::AkomaNtoso),
        _ => None,
    }
}

/// The format the content looks like: a zip (.docx) or XML (Akoma Ntoso); text
/// otherwise.
pub fn sniff_format(bytes: &[u8]) -> SourceFormat {
    if bytes.starts_with(b"PK\x03\x04") {
        return SourceFormat::Docx;
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = body.get(start..).unwrap_or(&[]);
    if head.starts_with(b"<?xml") || head.starts_with(b"<akomaNtoso") {
        return SourceFormat::AkomaNtoso;
    }
    SourceFormat::Text
}

/// Decodes or renders `bytes`. `hint` (usually from the extension) wins over content
/// sniffing.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    hint: Option<SourceFormat>,
    limits: &Limits,
) -> Result<Source, InputError> {
    let err = |message: String| InputError {
        name: name.to_string(),
        message,
    };
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(err(format!(
            "input is {} bytes, over the limit of {} bytes",
            bytes.len(),
            limits.max_file_bytes
        )));
    }
    if bytes.is_empty() {
        return Err(err("empty file".into()));
    }
    let format = hint.unwrap_or_else(|| sniff_format(bytes));
    match format {
        SourceFormat::Text | SourceFormat::Markdown => {
            let decoded = text::decode(bytes).map_err(err)?;
            let mut source = Source::from_text(name, decoded.text, format);
            source.notes = decoded.notes;
            Ok(source)
        }
        SourceFormat::Docx => {
            let rendered = docx::read(bytes, limits).map_err(err)?;
            Ok(rendered.into_source(name, SourceFormat::Docx))
        }
        SourceFormat::AkomaNtoso => {
            let rendered = akn::read(bytes, limits).map_err(err)?;
            Ok(rendered.into_source(name, SourceFormat::AkomaNtoso))
        }
    }
}

/// What a structured reader produces: the rendered text and everything about it.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub text: String,
    pub origin: Origin,
    pub italics: Vec<Span>,
    pub notes: Vec<String>,
    pub meta: SourceMeta,
    pub outline: Option<Outline>,
}

impl Rendered {
    fn into_source(self, name: &str, format: SourceFormat) -> Source {
        Source {
            name: name.to_string(),
            text: self.text,
            format,
            notes: self.notes,
            origin: self.origin,
            italics: self.italics,
            meta: self.meta,
            outline: self.outline,
        }
    }
}
