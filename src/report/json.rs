//! JSON output, schema version 1 (`editors/schemas/report.schema.json`).
//!
//! Byte ranges index into the file's text (UTF-8); lines and columns are 1-based,
//! columns counted in characters. Fields are only ever added within a version.

use serde::Serialize;

use super::{FileReport, Position, Report, Summary};
use crate::span::Span;

pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Range {
    start: usize,
    end: usize,
}

impl From<Span> for Range {
    fn from(s: Span) -> Range {
        Range {
            start: s.start,
            end: s.end.max(s.start),
        }
    }
}

#[derive(Serialize)]
struct JsonSuggestion<'a> {
    title: &'a str,
    text: &'a str,
    range: Range,
}

/// Agreed language beside the rule's suggestion: the adopted clause that fills the gap,
/// adapted to the draft (`text`), with its citation and the text as adopted.
#[derive(Serialize)]
struct JsonPrecedent<'a> {
    title: &'a str,
    text: &'a str,
    range: Range,
    citation: &'a str,
    adopted_text: &'a str,
    date: Option<&'a str>,
    mission: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    range: Range,
    start: Position,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    notes: &'a [String],
    clause: Option<&'a str>,
    range: Range,
    start: Position,
    end: Position,
    related: Vec<JsonRelated<'a>>,
    suggestion: Option<JsonSuggestion<'a>>,
    /// Only with a precedent index, and only where the index has a clause filling the
    /// gap: absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    precedent: Option<JsonPrecedent<'a>>,
    /// The items a listing finding reports (DSR002: the missing tenets), each
    /// suppressible as `CODE:id`.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    items: &'a [crate::diagnostic::FindingItem],
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct FileCounts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    findings: Vec<JsonFinding<'a>>,
    summary: FileCounts,
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    renewal: Option<&'a super::Renewal>,
    /// The draft's DCAF profile, when it sets a mandate or has DSR tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a super::profile::DsrProfile>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    files: Vec<JsonFile<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: Summary,
}

fn file_json(file: &FileReport) -> JsonFile<'_> {
    let findings = file
        .findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            let (start, end) = file.range(d.span);
            JsonFinding {
                code: &d.code,
                name: &d.name,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                notes: &d.notes,
                clause: d.clause_ref.as_deref(),
                range: d.span.into(),
                start,
                end,
                related: d
                    .related
                    .iter()
                    .map(|r| JsonRelated {
                        message: &r.message,
                        range: r.span.into(),
                        start: file.position(r.span.start),
                    })
                    .collect(),
                suggestion: d.suggestion.as_ref().map(|s| JsonSuggestion {
                    title: &s.title,
                    text: &s.text,
                    range: s.span.into(),
                }),
                precedent: d.precedent.as_ref().map(|p| JsonPrecedent {
                    title: &p.suggestion.title,
                    text: &p.suggestion.text,
                    range: p.suggestion.span.into(),
                    citation: &p.citation,
                    adopted_text: &p.adopted_text,
                    date: p.date.as_deref(),
                    mission: p.mission.as_deref(),
                }),
                items: &d.items,
                fingerprint: &f.fingerprint,
            }
        })
        .collect();
    JsonFile {
        path: &file.path,
        findings,
        summary: FileCounts {
            errors: file.count(crate::diagnostic::Severity::Error),
            warnings: file.count(crate::diagnostic::Severity::Warning),
            infos: file.count(crate::diagnostic::Severity::Info),
        },
        notes: &file.notes,
        renewal: file.renewal.as_ref(),
        profile: file.profile.as_ref(),
    }
}

pub fn render(report: &Report) -> String {
    let json = JsonReport {
        version: JSON_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        files: report.files.iter().map(file_json).collect(),
        errors: report
            .failures
            .iter()
            .map(|f| JsonError {
                path: &f.path,
                message: &f.message,
            })
            .collect(),
        summary: report.summary(),
    };
    let mut s =
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
