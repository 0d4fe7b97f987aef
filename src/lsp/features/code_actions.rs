//! `textDocument/codeAction`: for each finding under the range, the rule's suggested
//! clause, the agreed language that fills the same gap (with a precedent index), and
//! "suppress with a reason".

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::span::Span;
use crate::Checked;

use super::super::convert::Positions;
use super::{to_lsp_diagnostic, visible};

/// The suppression comment the CLI understands (`src/suppress.rs`).
pub fn suppression_comment(code: &str) -> String {
    format!("<!-- mandate-lint: allow {code} reason=\"state why this does not apply\" -->")
}

/// Quick fixes (the rule's suggested text, then the agreed language filling the same
/// gap) and "suppress with a reason" for the diagnostics overlapping `range`.
pub fn code_actions(
    checked: &Checked,
    threshold: Severity,
    pos: &Positions,
    uri: &Uri,
    range: Span,
) -> Vec<CodeActionOrCommand> {
    let text = &checked.doc.text;
    let mut fixes = Vec::new();
    let mut suppressions = Vec::new();
    for d in visible(&checked.diagnostics, threshold) {
        let overlaps = d.span.start <= range.end && range.start <= d.span.end;
        if !overlaps {
            continue;
        }
        let lsp_diag = to_lsp_diagnostic(d, pos, uri);
        if let Some(s) = &d.suggestion {
            let edit = TextEdit::new(pos.range(s.span), s.text.to_string());
            fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{} ({})", s.title, d.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag.clone()]),
                edit: Some(single_file_edit(uri, vec![edit])),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        if let Some(p) = &d.precedent {
            let edit = TextEdit::new(pos.range(p.suggestion.span), p.suggestion.text.to_string());
            fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{} ({})", p.suggestion.title, d.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag.clone()]),
                edit: Some(single_file_edit(uri, vec![edit])),
                is_preferred: Some(false),
                ..CodeAction::default()
            }));
        }
        let at = suppression_offset(&checked.doc, d.span.start);
        let indent: String = text
            .get(at..)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let insert = format!("{indent}{}{newline}", suppression_comment(&d.code));
        let edit = TextEdit::new(pos.range(Span::empty(at)), insert);
        suppressions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Suppress {} {} here, with a reason", d.code, d.name),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp_diag]),
            edit: Some(single_file_edit(uri, vec![edit])),
            is_preferred: Some(false),
            ..CodeAction::default()
        }));
    }
    fixes.extend(suppressions);
    fixes
}

fn single_file_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// Start of the line where the paragraph holding `offset` begins (the innermost
/// clause), or of the offset's own line when no clause holds it.
fn suppression_offset(doc: &Document, offset: usize) -> usize {
    let anchor = doc
        .clause_at(offset)
        .and_then(|i| doc.clauses.get(i))
        .map_or(offset, |c| c.span.start);
    doc.lines.line_start(doc.lines.line_of(anchor)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::span::ColumnUnit;
    use crate::Engine;

    #[test]
    fn suppression_action_silences_the_finding() {
        let Ok(engine) = Engine::embedded() else {
            panic!("embedded rules load");
        };
        let uri: Uri = "file:///t/d.draft.txt"
            .parse()
            .unwrap_or_else(|_| panic!("uri"));
        let checked = check(&engine, DRAFT);
        let target = checked
            .diagnostics
            .iter()
            .find(|d| d.code.starts_with("DSR") && d.clause_ref.is_some())
            .unwrap_or_else(|| panic!("a DSR finding on a clause: {:?}", checked.diagnostics));
        let code = target.code.clone();
        let before = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .count();
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        let actions = code_actions(&checked, Severity::Info, &pos, &uri, target.span);
        let suppress = actions
            .iter()
            .find(|a| matches!(a, CodeActionOrCommand::CodeAction(c) if c.title.starts_with(&format!("Suppress {code}"))))
            .unwrap_or_else(|| panic!("a suppress action for {code}"));
        let edit = first_edit(suppress, &uri).unwrap_or_else(|| panic!("an edit"));
        assert!(edit
            .new_text
            .starts_with(&format!("<!-- mandate-lint: allow {code} reason=")));
        let after = check(&engine, &apply(DRAFT, &edit));
        let remaining = after.diagnostics.iter().filter(|d| d.code == code).count();
        assert_eq!(
            remaining,
            before - 1,
            "one {code} silenced: {:?}",
            after.diagnostics
        );
        assert!(
            !after.diagnostics.iter().any(|d| d.code.starts_with("SUP")),
            "{:?}",
            after.diagnostics
        );
    }
}
