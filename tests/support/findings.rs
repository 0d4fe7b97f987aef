//! Findings rendered as text for snapshot tests: every part a user sees (code,
//! severity, clause, line:column range and the text under it, message, help, notes,
//! related locations, the suggested text and where it goes, and the agreed language
//! beside it), so that a finding on the wrong clause, with the wrong span or fired
//! twice changes a snapshot.
#![allow(dead_code)]

use std::fmt::Write as _;

use mandate_lint::diagnostic::Diagnostic;
use mandate_lint::span::{ColumnUnit, LineIndex, Span};

/// `line:column` (1-based, columns in characters) of a byte offset.
fn at(text: &str, lines: &LineIndex, offset: usize) -> String {
    let p = lines.position(text, offset, ColumnUnit::Char);
    format!("{}:{}", p.line + 1, p.col + 1)
}

fn range(text: &str, lines: &LineIndex, span: Span) -> String {
    format!(
        "{}-{}",
        at(text, lines, span.start),
        at(text, lines, span.end)
    )
}

/// The flagged text on one line, cut at 100 characters.
fn excerpt(text: &str, span: Span) -> String {
    let flagged = span.slice(text);
    let mut one_line: String = flagged.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 100 {
        one_line = one_line.chars().take(100).collect::<String>() + "…";
    }
    one_line
}

/// One block per finding, in the order given.
pub fn render(text: &str, diagnostics: &[&Diagnostic]) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let clause = d.clause_ref.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "{} {} [{}] in {clause} at {}",
            d.code,
            d.severity.as_str(),
            d.name,
            range(text, &lines, d.span)
        );
        let _ = writeln!(out, "  text: {:?}", excerpt(text, d.span));
        let _ = writeln!(out, "  message: {}", d.message);
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  help: {help}");
        }
        for note in &d.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        for r in &d.related {
            let _ = writeln!(
                out,
                "  related {}: {} ({:?})",
                range(text, &lines, r.span),
                r.message,
                excerpt(text, r.span)
            );
        }
        let suggestions = d.suggestion.iter().map(|s| ("suggestion", s)).chain(
            d.precedent
                .iter()
                .map(|p| ("agreed language", &p.suggestion)),
        );
        for (kind, s) in suggestions {
            let how = if s.span.is_empty() {
                format!("insert at {}", at(text, &lines, s.span.start))
            } else {
                format!(
                    "replace {} ({:?})",
                    range(text, &lines, s.span),
                    excerpt(text, s.span)
                )
            };
            let _ = writeln!(out, "  {kind}: {} — {how}:", s.title);
            for line in s.text.split('\n') {
                let _ = writeln!(out, "    | {line}");
            }
        }
    }
    out
}
