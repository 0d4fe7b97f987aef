//! The editor features, as pure functions of a checked document, one file per
//! request: diagnostics (here), hover, code actions, the DCAF profile lens, outline and
//! folding, completion,
//! and the agreed language (precedents) that hover, completion and quick fixes show.
//! The server only looks up documents and calls these, which keeps them testable
//! without a client.

mod code_actions;
mod code_lens;
mod completion;
mod hover;
mod outline;
mod precedents;
#[cfg(test)]
mod test_support;

pub use code_actions::code_actions;
pub use code_lens::code_lenses;
pub use completion::completions;
pub use hover::hover;
pub use outline::{document_symbols, folding_ranges};

use serde_json::json;
use smol_str::SmolStr;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::{DiagnosticSeverity, NumberOrString, Uri};

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;

use super::convert::Positions;

pub const SOURCE: &str = "mandate-lint";

/// Diagnostics at or above the threshold, in the order the engine produced them.
pub fn visible(
    diagnostics: &[Diagnostic],
    threshold: Severity,
) -> impl Iterator<Item = &Diagnostic> {
    visible_indexed(diagnostics, threshold).map(|(_, d)| d)
}

/// `visible`, each with its index in `diagnostics`.
pub fn visible_indexed(
    diagnostics: &[Diagnostic],
    threshold: Severity,
) -> impl Iterator<Item = (usize, &Diagnostic)> {
    diagnostics
        .iter()
        .enumerate()
        .filter(move |(_, d)| d.severity >= threshold)
}

/// One engine diagnostic as the protocol wants it.
pub fn to_lsp_diagnostic(d: &Diagnostic, pos: &Positions, uri: &Uri) -> lsp::Diagnostic {
    placed_lsp_diagnostic(d, &Placed::of(d, pos), uri)
}

/// Where a finding and its related locations are, in the client's positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub range: lsp::Range,
    /// One per related span, in order.
    pub related: Vec<lsp::Range>,
}

impl Placed {
    pub fn of(d: &Diagnostic, pos: &Positions) -> Placed {
        Placed {
            range: pos.range(d.span),
            related: d.related.iter().map(|r| pos.range(r.span)).collect(),
        }
    }
}

/// `to_lsp_diagnostic` with the positions worked out. What it reads of the finding is
/// what `same_lsp_diagnostic` compares: change both together.
pub fn placed_lsp_diagnostic(d: &Diagnostic, placed: &Placed, uri: &Uri) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = d.message.to_string();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .zip(&placed.related)
        .map(|(r, &range)| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), range),
            message: r.message.to_string(),
        })
        .collect();
    lsp::Diagnostic {
        range: placed.range,
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "name": d.name, "clause": d.clause_ref })),
    }
}

/// Whether two placed findings make the same protocol diagnostic (for one document):
/// exactly the fields `placed_lsp_diagnostic` reads. The language server reuses the
/// JSON it last published for a finding that is the same (`lsp::published`).
pub fn same_lsp_diagnostic(a: (&Diagnostic, &Placed), b: (&Diagnostic, &Placed)) -> bool {
    let ((a, a_at), (b, b_at)) = (a, b);
    a_at == b_at
        && a.severity == b.severity
        && a.code == b.code
        && a.name == b.name
        && same_text(&a.message, &b.message)
        && same_texts(a.help.iter(), b.help.iter())
        && same_texts(a.notes.iter(), b.notes.iter())
        && a.clause_ref == b.clause_ref
        && same_texts(
            a.related.iter().map(|r| &r.message),
            b.related.iter().map(|r| &r.message),
        )
}

/// As many texts on each side, pairwise `same_text`.
fn same_texts<'s>(
    a: impl ExactSizeIterator<Item = &'s SmolStr>,
    b: impl ExactSizeIterator<Item = &'s SmolStr>,
) -> bool {
    a.len() == b.len() && a.zip(b).all(|(x, y)| same_text(x, y))
}

/// Whether two strings are equal, without reading them when they are one shared
/// string: a finding kept from the last check shares its message, help and notes with
/// the one published then (several hundred bytes each, about 430 findings per keystroke
/// on a long draft).
fn same_text(a: &SmolStr, b: &SmolStr) -> bool {
    (a.len() == b.len() && std::ptr::eq(a.as_ptr(), b.as_ptr())) || a == b
}

/// Whether a diagnostic is "at" an offset: inside its span, or at an empty span.
pub(super) fn touches(span: Span, offset: usize) -> bool {
    span.contains(offset) || (span.is_empty() && span.start == offset) || span.end == offset
}
