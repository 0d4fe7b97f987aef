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
    /// Every finding with its excerpt and related locations quoted, suggestions in
    /// full (`check --verbose`); otherwise the compact form (`render_compact`).
    pub verbose: bool,
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
    if !options.verbose {
        return render_compact(report, options);
    }
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

/// The related locations on one line: clauses by kind ("DSR tasks: 2(a), 2(b), 3"),
/// others by message and line.
fn related_line(file: &FileReport, d: &Diagnostic) -> Option<String> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut others = Vec::new();
    for r in &d.related {
        match &r.clause_ref {
            Some(reference) => {
                let kind = r
                    .message
                    .strip_suffix(reference.as_str())
                    .and_then(|m| m.strip_suffix(" in paragraph "))
                    .unwrap_or("related")
                    .to_string();
                match groups.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, refs)) => refs.push(reference.to_string()),
                    None => groups.push((kind, vec![reference.to_string()])),
                }
            }
            None => others.push(format!(
                "{} (line {})",
                r.message,
                file.position(r.span.start).line
            )),
        }
    }
    let mut parts: Vec<String> = groups
        .into_iter()
        .map(|(kind, refs)| {
            let kind = if refs.len() > 1 && kind.ends_with("task") {
                format!("{kind}s")
            } else {
                kind
            };
            format!("{kind}: {}", refs.join(", "))
        })
        .collect();
    parts.extend(others);
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The text of the line holding `offset`, trimmed, cut at about 100 characters.
fn line_excerpt(file: &FileReport, offset: usize) -> String {
    let line = file.lines.line_of(offset.min(file.text.len()));
    let start = file.lines.line_start(line).unwrap_or(0);
    let end = file
        .lines
        .line_start(line + 1)
        .unwrap_or(file.text.len())
        .max(start);
    let text = file.text.get(start..end).unwrap_or("").trim();
    match text.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_string(),
    }
}

/// The default terminal form, for a drafter reading a whole draft's findings: grouped
/// by the line they are anchored on (the line quoted once), each finding in three or
/// four lines: what is missing, help, its notes, and one line naming the related DSR
/// tasks, the quick fix and the source. `--verbose` gives the rustc-style form.
pub fn render_compact(report: &Report, options: &Options) -> String {
    use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};
    use std::io::Write;

    let mut buffer = if options.color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    for file in &report.files {
        let mut last_line = None;
        for f in &file.findings {
            let d = &f.diagnostic;
            let pos = file.position(d.span.start);
            if last_line != Some(pos.line) {
                if last_line.is_some() {
                    let _ = writeln!(buffer);
                }
                last_line = Some(pos.line);
                let place = d
                    .clause_ref
                    .as_deref()
                    .map(|c| format!(" {}", describe_clause(c).trim_start_matches("in ")))
                    .unwrap_or_default();
                let _ = buffer.set_color(ColorSpec::new().set_fg(Some(Color::Blue)).set_bold(true));
                let _ = write!(buffer, "{}:{}:{}{place}", file.path, pos.line, pos.column);
                let _ = buffer.reset();
                let _ = writeln!(buffer, " │ {}", line_excerpt(file, d.span.start));
            }
            let (word, color) = match d.severity {
                Severity::Error => ("error", Color::Red),
                Severity::Warning => ("warning", Color::Yellow),
                Severity::Info => ("note", Color::Cyan),
            };
            let _ = buffer.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true));
            let _ = write!(buffer, "{word}[{}]", d.code);
            let _ = buffer.reset();
            let _ = writeln!(buffer, ": {}: {}", d.name, d.message);
            if let Some(help) = &d.help {
                let _ = writeln!(buffer, "  = help: {help}");
            }
            if !d.notes.is_empty() {
                let _ = writeln!(buffer, "  = note: {}", d.notes.join("; "));
            }
            let mut tail = Vec::new();
            if let Some(related) = related_line(file, d) {
                tail.push(related);
            }
            if let Some(s) = &d.suggestion {
                tail.push(format!("quick fix: {}", s.title));
            }
            if let Some(p) = &d.precedent {
                tail.push(format!("agreed language: {}", p.citation));
            }
            if let Some(rule) = report.rule(&d.code).filter(|r| !r.source.is_empty()) {
                tail.push(format!("see {}", rule.source));
            }
            if !tail.is_empty() {
                let _ = writeln!(buffer, "  = {}", tail.join(" · "));
            }
        }
        if last_line.is_some() {
            let _ = writeln!(buffer);
        }
        if let Some(renewal) = &file.renewal {
            let _ = buffer.write_all(render_renewal(&file.path, renewal).as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// The DCAF profile of each checked draft, printed after the summary line: in full for
/// one file, one line each for several.
pub fn render_profiles(report: &Report) -> String {
    let profiled: Vec<_> = report
        .files
        .iter()
        .filter_map(|f| f.profile.as_ref().map(|p| (f, p)))
        .collect();
    let mut out = String::new();
    match profiled.as_slice() {
        [] => {}
        [(_, profile)] => {
            for line in profile.lines() {
                out.push_str(&line);
                out.push('\n');
            }
        }
        many => {
            for (file, profile) in many {
                out.push_str(&format!("{}: {}\n", file.path, profile.one_line()));
            }
        }
    }
    out
}
