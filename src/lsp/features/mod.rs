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
    diagnostics.iter().filter(move |d| d.severity >= threshold)
}

/// One engine diagnostic as the protocol wants it.
pub fn to_lsp_diagnostic(d: &Diagnostic, pos: &Positions, uri: &Uri) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = d.message.clone();
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
        .map(|r| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), pos.range(r.span)),
            message: r.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: pos.range(d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.clone())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "name": d.name, "clause": d.clause_ref })),
    }
}

/// Whether a diagnostic is "at" an offset: inside its span, or at an empty span.
pub(super) fn touches(span: Span, offset: usize) -> bool {
    span.contains(offset) || (span.is_empty() && span.start == offset) || span.end == offset
}
