//! Input decoding: bytes on disk → the text the parser reads.
//!
//! Owner: input stage (issue 5 extends this with encodings, .docx and Akoma Ntoso).

use std::fmt;
use std::path::Path;

use crate::model::SourceFormat;

/// Caps that keep hostile or accidental inputs bounded.
#[derive(Clone, Debug)]
pub struct Limits {
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
        }
    }
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

pub fn format_from_extension(path: &Path) -> Option<SourceFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(SourceFormat::Markdown),
        "txt" | "text" => Some(SourceFormat::Text),
        _ => None,
    }
}

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
    let text = std::str::from_utf8(bytes)
        .map_err(|e| err(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
    Ok(Source {
        name: name.to_string(),
        text,
        format: hint.unwrap_or(SourceFormat::Text),
        notes: Vec::new(),
    })
}
