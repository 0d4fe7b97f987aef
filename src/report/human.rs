//! Human output, rustc style, via codespan-reporting:
//!
//! ```text
//! warning[DSR006]: no-civilian-oversight: no operative clause on civilian oversight
//!   ┌─ draft.txt:14:1
//!   │
//! 14 │ 11. Requests MINUSTAH to support the army …
//!   │ ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//!   │
//!   = help: …
//!   = note: see DCAF 2020 …
//! ```

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::Buffer, Config};

use super::{FileReport, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub color: bool,
}

/// A file as codespan sees it, with lines counted by our `LineIndex` (so `\r` line
/// ends count the same as everywhere else).
struct LintFile<'a> {
    file: &'a FileReport,
}

impl<'a> Files<'a> for LintFile<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.file.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.file.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.file.lines.line_of(byte_index))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let count = self.file.lines.line_count();
        let start = match self.file.lines.line_start(line_index) {
            Some(s) => s,
            None if line_index == count => self.file.text.len(),
            None => {
                return Err(FilesError::LineTooLarge {
                    given: line_index,
                    max: count.saturating_sub(1),
                })
            }
        };
        let end = self
            .file
            .lines
            .line_start(line_index + 1)
            .unwrap_or(self.file.text.len());
        Ok(start..end.max(start))
    }
}

/// Moves span ends onto char boundaries inside the text, so rendering never fails.
fn safe_range(text: &str, span: Span) -> Range<usize> {
    let clamp = |mut i: usize| {
        i = i.min(text.len());
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = clamp(span.start);
    start..clamp(span.end).max(start)
}

/// "in paragraph 11(b)", "in preambular paragraph 3", "in heading 2".
fn describe_clause(reference: &str) -> String {
    if let Some(n) = reference.strip_prefix("pp") {
        format!("in preambular paragraph {n}")
    } else if let Some(n) = reference.strip_prefix("annex.") {
        format!("in annex paragraph {n}")
    } else if let Some(n) = reference
        .strip_prefix('h')
        .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
    {
        format!("in heading {n}")
    } else {
        format!("in paragraph {reference}")
    }
}

fn to_codespan(report: &Report, file: &FileReport, d: &Diagnostic) -> CsDiagnostic<()> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut primary = Label::primary((), safe_range(&file.text, d.span));
    if let Some(clause) = &d.clause_ref {
        primary = primary.with_message(describe_clause(clause));
    }
    let mut labels = vec![primary];
    for r in &d.related {
        labels.push(
            Label::secondary((), safe_range(&file.text, r.span)).with_message(r.message.clone()),
        );
    }
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    for n in &d.notes {
        notes.push(format!("note: {n}"));
    }
    if let Some(s) = &d.suggestion {
        notes.push(format!("suggestion: {}:\n{}", s.title, s.text.trim()));
    }
    if let Some(p) = &d.precedent {
        notes.push(format!(
            "agreed language: {}:\n{}",
            p.suggestion.title,
            p.suggestion.text.trim()
        ));
    }
    if let Some(rule) = report.rule(&d.code).filter(|r| !r.source.is_empty()) {
        notes.push(format!("note: see {}", rule.source));
    }
    CsDiagnostic::new(severity)
        .with_code(d.code.clone())
        .with_message(format!("{}: {}", d.name, d.message))
        .with_labels(labels)
        .with_notes(notes)
}

/// All findings of all files, then nothing else: the summary line is the caller's.
pub fn render(report: &Report, options: &Options) -> String {
    let mut buffer = if options.color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = Config::default();
    for file in &report.files {
        let files = LintFile { file };
        for f in &file.findings {
            let diagnostic = to_codespan(report, file, &f.diagnostic);
            if term::emit_to_write_style(&mut buffer, &config, &files, &diagnostic).is_err() {
                // Rendering the snippet failed (it never should): fall back to one line.
                let pos = file.position(f.diagnostic.span.start);
                let line = format!(
                    "{}[{}]: {}: {}\n  --> {}:{}:{}\n\n",
                    f.diagnostic.severity.as_str(),
                    f.diagnostic.code,
                    f.diagnostic.name,
                    f.diagnostic.message,
                    file.path,
                    pos.line,
                    pos.column
                );
                let _ = std::io::Write::write_all(&mut buffer, line.as_bytes());
            }
        }
        if let Some(renewal) = &file.renewal {
            let _ = std::io::Write::write_all(
                &mut buffer,
                render_renewal(&file.path, renewal).as_bytes(),
            );
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// The renewal section of `check --previous`: every DSR clause as unchanged, lightly
/// edited (with the word difference) or new.
fn render_renewal(path: &str, renewal: &super::Renewal) -> String {
    let mut out = format!("renewal: {path}: {}\n", renewal.summary());
    for c in &renewal.clauses {
        let from = c
            .previous_clause
            .as_deref()
            .map(|p| {
                format!(
                    " (paragraph {p} of the previous mandate, {:.0}% similar)",
                    c.similarity * 100.0
                )
            })
            .unwrap_or_default();
        out.push_str(&format!("  {:<10} {}{from}\n", c.clause, c.status));
        if let Some(diff) = &c.diff {
            out.push_str(&format!("             {diff}\n"));
        }
    }
    out.push('\n');
    out
}
