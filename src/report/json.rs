//! JSON output, schema version 1 (`editors/schemas/report.schema.json`).
//!
//! Byte ranges index into the file's text (UTF-8); lines and columns are 1-based,
//! columns counted in characters. Fields are only ever added within a version.

use rayon::prelude::*;
use serde::Serialize;

use super::{FileReport, Position, Report};
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
    notes: &'a [smol_str::SmolStr],
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
    let files: Vec<String> = report.files.par_iter().map(file_fragment).collect();
    render_with(report, &files)
}

/// One file's object as `render` sets it in the report (indented for its place in the
/// `files` array). The command line renders each file's as soon as it is checked, on
/// the thread that checked it: rendering a whole corpus's report after the last check
/// was a serial tail of the run (bench/README, sixth pass).
pub fn file_fragment(file: &FileReport) -> String {
    let object = pretty(&file_json(file));
    let mut indented = String::with_capacity(object.len() + object.len() / 8);
    push_indented(&mut indented, &object, "\n    ");
    indented
}

/// The report around files already rendered by `file_fragment`, in the report's order:
/// the same bytes `serde_json::to_string_pretty` gives for the whole report
/// (tests/cli.rs snapshots, and `check --format json` over the corpus compared byte
/// for byte with the one-piece rendering when this was written).
pub fn render_with(report: &Report, files: &[String]) -> String {
    let errors: Vec<JsonError<'_>> = report
        .failures
        .iter()
        .map(|f| JsonError {
            path: &f.path,
            message: &f.message,
        })
        .collect();
    let tool = Tool {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut out = String::with_capacity(files.iter().map(|f| f.len() + 64).sum::<usize>() + 256);
    out.push_str("{\n");
    member(&mut out, "version", &pretty(&JSON_VERSION));
    member(&mut out, "tool", &pretty(&tool));
    out.push_str("  \"files\": [");
    for (i, file) in files.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(file);
    }
    out.push_str(if files.is_empty() { "],\n" } else { "\n  ],\n" });
    member(&mut out, "errors", &pretty(&errors));
    push_member(&mut out, "summary", &pretty(&report.summary()));
    out.push_str("\n}\n");
    out
}

fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// `  "name": value,` and a new line, the value's lines indented one level.
fn member(out: &mut String, name: &str, value: &str) {
    push_member(out, name, value);
    out.push_str(",\n");
}

fn push_member(out: &mut String, name: &str, value: &str) {
    out.push_str("  \"");
    out.push_str(name);
    out.push_str("\": ");
    push_indented(out, value, "\n  ");
}

/// `text` with each line after the first starting with `newline`'s indentation. A
/// serialised JSON value has no raw new line inside a string, so every one is layout.
fn push_indented(out: &mut String, text: &str, newline: &str) {
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push_str(newline);
        out.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, RelatedSpan, Severity};
    use crate::report::{FileFailure, Finding, Summary};

    /// The report as one value, as `render` printed it before files were rendered one
    /// by one.
    #[derive(Serialize)]
    struct WholeReport<'a> {
        version: u32,
        tool: Tool,
        files: Vec<JsonFile<'a>>,
        errors: Vec<JsonError<'a>>,
        summary: Summary,
    }

    fn whole(report: &Report) -> String {
        let json = WholeReport {
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
        let mut s = serde_json::to_string_pretty(&json).unwrap_or_default();
        s.push('\n');
        s
    }

    fn finding(code: &str, text: &str, start: usize, end: usize) -> Finding {
        let mut d = Diagnostic::new(
            code,
            "a-rule",
            Severity::Warning,
            format!("«{}» — said\nacross lines \"quoted\"", &text[start..end]),
            Span::new(start, end),
        );
        d.help = Some("write “this” instead".into());
        d.notes = vec!["first note".into(), "second\tnote".into()];
        d.related = vec![RelatedSpan {
            span: Span::new(0, 3),
            message: "here".into(),
            clause_ref: None,
        }];
        Finding {
            diagnostic: d,
            fingerprint: "f1".into(),
        }
    }

    #[test]
    fn pieces_give_the_bytes_of_the_whole_report() {
        let text = "1. Décide que la Mission — “MINUSCA” — soutient\r\n2. Requests\n".to_string();
        let with_findings = FileReport::new(
            "a/b.txt".into(),
            text.clone(),
            vec![
                finding("DSR001", &text, 3, 9),
                finding("RES002", &text, 0, 2),
            ],
        );
        let mut empty = FileReport::new("c.txt".into(), String::new(), Vec::new());
        empty.notes = vec!["decoded from Windows-1252".into()];
        let failures = vec![FileFailure {
            path: "d.docx".into(),
            message: "not a zip archive".into(),
        }];
        let report = Report {
            files: vec![with_findings, empty],
            failures,
            rules: Vec::new(),
        };
        assert_eq!(render(&report), whole(&report));
        let fragments: Vec<String> = report.files.iter().map(file_fragment).collect();
        assert_eq!(render_with(&report, &fragments), whole(&report));
        let nothing = Report {
            files: Vec::new(),
            failures: Vec::new(),
            rules: Vec::new(),
        };
        assert_eq!(render(&nothing), whole(&nothing));
        assert!(render(&nothing).contains("\"files\": [],\n"));
    }
}
