//! `textDocument/hover`: the findings under the cursor (message, why it matters,
//! source, what to write, the suggested clause and the agreed language beside it), the
//! known reference under it ("resolution 2151 (2014)"), and, with a precedent index,
//! the agreed language of the operative clause under it.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::diagnostic::{Diagnostic, Severity};
use crate::precedent::PrecedentIndex;
use crate::span::Span;
use crate::{Checked, Engine};

use super::super::convert::Positions;
use super::super::integration::rule_details;
use super::super::knowledge::Knowledge;
use super::{precedents, touches, visible};

/// Hover text: the diagnostics under the cursor (message, rationale, source, help),
/// the known reference under it, and the agreed language of the operative clause under
/// it (given a precedent index), as markdown.
pub fn hover(
    engine: &Engine,
    knowledge: &Knowledge,
    checked: &Checked,
    index: Option<&PrecedentIndex>,
    threshold: Severity,
    pos: &Positions,
    offset: usize,
) -> Option<Hover> {
    let mut sections = Vec::new();
    let mut range: Option<Span> = None;
    for d in visible(&checked.diagnostics, threshold).filter(|d| touches(d.span, offset)) {
        sections.push(diagnostic_markdown(engine, d));
        range = Some(range.map_or(d.span, |r| r.join(d.span)));
    }
    if let Some((reference, span)) = knowledge.reference_at(&checked.doc.text, offset) {
        sections.push(reference.markdown());
        range = Some(range.map_or(span, |r| r.join(span)));
    }
    if let Some((markdown, span)) =
        index.and_then(|index| precedents::hover_section(index, checked, offset))
    {
        sections.push(markdown);
        range = Some(range.map_or(span, |r| r.join(span)));
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: range.map(|r| pos.range(r)),
    })
}

fn diagnostic_markdown(engine: &Engine, d: &Diagnostic) -> String {
    let mut out = format!(
        "**{} {}** ({})\n\n{}",
        d.code,
        d.name,
        d.severity.as_str(),
        d.message
    );
    if let Some(clause) = &d.clause_ref {
        out.push_str(&format!("\n\n*Paragraph:* {clause}"));
    }
    if let Some(details) = rule_details(engine, &d.code) {
        if let Some(rationale) = details.rationale.filter(|r| !r.is_empty()) {
            out.push_str("\n\n**Why it matters:** ");
            out.push_str(&rationale);
        }
        if let Some(source) = details.source.filter(|s| !s.is_empty()) {
            out.push_str("\n\n**Source:** ");
            out.push_str(&source);
        }
    }
    for note in &d.notes {
        out.push_str("\n\n");
        out.push_str(note);
    }
    if let Some(help) = &d.help {
        out.push_str("\n\n**What to write:** ");
        out.push_str(help);
    }
    if let Some(s) = &d.suggestion {
        out.push_str("\n\n**Suggested clause:**\n\n> ");
        out.push_str(&s.text.trim().replace('\n', "\n> "));
    }
    if let Some(p) = &d.precedent {
        out.push_str(&format!(
            "\n\n**Agreed language** from {}:\n\n> ",
            p.citation
        ));
        out.push_str(&p.suggestion.text.trim().replace('\n', "\n> "));
    }
    out
}
