//! The editor features, as pure functions of a checked document: diagnostics,
//! hover, code actions, outline, folding and completion. The server only looks up
//! documents and calls these, which keeps them testable without a client.

use std::collections::HashMap;

use regex::Regex;
use serde_json::json;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem, CompletionItemKind,
    CompletionTextEdit, DiagnosticSeverity, DocumentSymbol, Documentation, FoldingRange,
    FoldingRangeKind, Hover, HoverContents, MarkupContent, MarkupKind, NumberOrString, SymbolKind,
    TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Clause, Document, LabelKind, Part};
use crate::span::Span;
use crate::{Checked, Engine};

use super::convert::Positions;
use super::integration::{lexicon_terms, rule_details};
use super::knowledge::Knowledge;

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
fn touches(span: Span, offset: usize) -> bool {
    span.contains(offset) || (span.is_empty() && span.start == offset) || span.end == offset
}

/// Hover text: the diagnostics under the cursor (message, rationale, source, help) and
/// the known reference under it, as markdown.
pub fn hover(
    engine: &Engine,
    knowledge: &Knowledge,
    checked: &Checked,
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
    out
}

/// The suppression comment the CLI understands (`src/suppress.rs`).
pub fn suppression_comment(code: &str) -> String {
    format!("<!-- mandate-lint: allow {code} reason=\"state why this does not apply\" -->")
}

/// Quick fixes (the rule's suggested text) and "suppress with a reason" for the
/// diagnostics overlapping `range`.
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
            let edit = TextEdit::new(pos.range(s.span), s.text.clone());
            fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{} ({})", s.title, d.code),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag.clone()]),
                edit: Some(single_file_edit(uri, vec![edit])),
                is_preferred: Some(true),
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

/// First words of a clause for the outline: label and up to eight words.
fn clause_title(clause: &Clause, text: &str) -> String {
    const WORDS: usize = 8;
    let body = if clause.norm.text.is_empty() {
        clause
            .body
            .slice(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        clause.norm.text.clone()
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    let mut title = words
        .iter()
        .take(WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if words.len() > WORDS {
        title.push('…');
    }
    let label = clause.label.as_ref().map(|l| match l.kind {
        LabelKind::Number => format!("{}.", l.text),
        LabelKind::ParenLetter | LabelKind::ParenRoman => format!("({})", l.text),
        LabelKind::DotLetter | LabelKind::DotRoman => format!("{}.", l.text),
        LabelKind::Dash => "–".to_string(),
    });
    match label {
        Some(label) if title.is_empty() => label,
        Some(label) => format!("{label} {title}"),
        None if title.is_empty() => clause.reference.clone(),
        None => title,
    }
}

/// A clause's extent including its descendants.
fn extent(doc: &Document, idx: usize, depth: usize) -> Span {
    let Some(clause) = doc.clauses.get(idx) else {
        return Span::default();
    };
    let mut span = clause.span;
    // Depth bound: a malformed tree with a cycle must not recurse forever.
    if depth < 16 {
        for &child in &clause.children {
            if child != idx {
                span = span.join(extent(doc, child, depth + 1));
            }
        }
    }
    span
}

#[allow(deprecated)] // DocumentSymbol::deprecated must still be written out.
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
    pos: &Positions,
) -> DocumentSymbol {
    let selection = if span.covers(selection) {
        selection
    } else {
        span
    };
    DocumentSymbol {
        name: if name.is_empty() {
            "(empty)".to_string()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: pos.range(span),
        selection_range: pos.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}

fn clause_symbol(
    doc: &Document,
    idx: usize,
    pos: &Positions,
    depth: usize,
) -> Option<DocumentSymbol> {
    let clause = doc.clauses.get(idx)?;
    let children = if depth < 16 {
        clause
            .children
            .iter()
            .filter(|&&c| c != idx)
            .filter_map(|&c| clause_symbol(doc, c, pos, depth + 1))
            .collect()
    } else {
        Vec::new()
    };
    let kind = match clause.part {
        Part::Preambular => SymbolKind::STRING,
        Part::Heading => SymbolKind::MODULE,
        Part::Operative | Part::Annex => SymbolKind::FIELD,
    };
    let selection = clause.label.as_ref().map_or(clause.span, |l| l.span);
    Some(symbol(
        clause_title(clause, &doc.text),
        Some(clause.reference.clone()),
        kind,
        extent(doc, idx, 0),
        selection,
        children,
        pos,
    ))
}

/// The outline: "Preamble" with its paragraphs, then operative paragraphs (nested
/// under the heading that precedes them) with their sub-paragraphs, then "Annex".
pub fn document_symbols(doc: &Document, pos: &Positions) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    let top: Vec<usize> = doc
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.parent.is_none())
        .map(|(i, _)| i)
        .collect();

    let preamble: Vec<usize> = top
        .iter()
        .copied()
        .filter(|&i| part_of(doc, i) == Some(Part::Preambular))
        .collect();
    if let Some(group) = group_symbol(doc, "Preamble", &preamble, pos) {
        out.push(group);
    }

    // Operative paragraphs and headings; a heading collects the paragraphs after it.
    let mut current_heading: Option<(usize, Vec<DocumentSymbol>, Span)> = None;
    for &i in &top {
        match part_of(doc, i) {
            Some(Part::Heading) => {
                if let Some(h) = current_heading.take() {
                    out.push(finish_heading(doc, h, pos));
                }
                current_heading = Some((i, Vec::new(), extent(doc, i, 0)));
            }
            Some(Part::Operative) => {
                let Some(sym) = clause_symbol(doc, i, pos, 0) else {
                    continue;
                };
                match current_heading.as_mut() {
                    Some((_, children, span)) => {
                        *span = span.join(extent(doc, i, 0));
                        children.push(sym);
                    }
                    None => out.push(sym),
                }
            }
            _ => {}
        }
    }
    if let Some(h) = current_heading.take() {
        out.push(finish_heading(doc, h, pos));
    }

    let annex: Vec<usize> = top
        .iter()
        .copied()
        .filter(|&i| part_of(doc, i) == Some(Part::Annex))
        .collect();
    if let Some(group) = group_symbol(doc, "Annex", &annex, pos) {
        out.push(group);
    }
    out
}

fn part_of(doc: &Document, idx: usize) -> Option<Part> {
    doc.clauses.get(idx).map(|c| c.part)
}

fn finish_heading(
    doc: &Document,
    heading: (usize, Vec<DocumentSymbol>, Span),
    pos: &Positions,
) -> DocumentSymbol {
    let (idx, children, span) = heading;
    let (name, selection, reference) = doc.clauses.get(idx).map_or_else(
        || (String::new(), span, None),
        |c| {
            (
                clause_title(c, &doc.text),
                c.span,
                Some(c.reference.clone()),
            )
        },
    );
    symbol(
        name,
        reference,
        SymbolKind::MODULE,
        span,
        selection,
        children,
        pos,
    )
}

fn group_symbol(
    doc: &Document,
    name: &str,
    members: &[usize],
    pos: &Positions,
) -> Option<DocumentSymbol> {
    let first = *members.first()?;
    let span = members
        .iter()
        .fold(extent(doc, first, 0), |acc, &i| acc.join(extent(doc, i, 0)));
    let children: Vec<DocumentSymbol> = members
        .iter()
        .filter_map(|&i| clause_symbol(doc, i, pos, 0))
        .collect();
    let detail = Some(format!("{} paragraphs", members.len()));
    let selection = doc.clauses.get(first).map_or(span, |c| c.span);
    Some(symbol(
        name.to_string(),
        detail,
        SymbolKind::NAMESPACE,
        span,
        selection,
        children,
        pos,
    ))
}

/// Folding ranges: every outline entry spanning more than one line.
pub fn folding_ranges(doc: &Document, pos: &Positions) -> Vec<FoldingRange> {
    fn walk(symbols: &[DocumentSymbol], out: &mut Vec<FoldingRange>) {
        for s in symbols {
            if s.range.end.line > s.range.start.line {
                out.push(FoldingRange {
                    start_line: s.range.start.line,
                    start_character: None,
                    end_line: s.range.end.line,
                    end_character: None,
                    kind: Some(FoldingRangeKind::Region),
                    collapsed_text: Some(s.name.clone()),
                });
            }
            if let Some(children) = &s.children {
                walk(children, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&document_symbols(doc, pos), &mut out);
    out
}

/// Where the cursor is, for completion.
#[derive(Debug, PartialEq, Eq)]
enum CompletionSpot {
    /// After "12. ": the operative verb, or a bank clause.
    AfterNumber { number: String, word_start: usize },
    /// At the start of a line in the preamble.
    Preamble { word_start: usize },
    /// At the start of a line in the operative part, without a number yet.
    OperativeLine { word_start: usize },
}

fn completion_spot(doc: &Document, offset: usize) -> Option<CompletionSpot> {
    let text = &doc.text;
    let line = doc.lines.line_of(offset);
    let line_start = doc.lines.line_start(line)?;
    let before = text.get(line_start..offset)?;
    let numbered = Regex::new(r"^\s*(\d+)\.\s+([\p{L}’'-]*)$").ok()?;
    if let Some(caps) = numbered.captures(before) {
        let word = caps.get(2).map_or(0, |m| m.len());
        let number = caps.get(1).map_or("", |m| m.as_str()).to_string();
        return Some(CompletionSpot::AfterNumber {
            number,
            word_start: offset - word,
        });
    }
    let bare = Regex::new(r"^\s*([\p{L}’'-]*)$").ok()?;
    let caps = bare.captures(before)?;
    let word = caps.get(1).map_or(0, |m| m.len());
    let word_start = offset - word;
    let first_operative = doc.operative().map(|(_, c)| c.span.start).next();
    let in_preamble = match (doc.council_line, first_operative) {
        (Some(council), Some(op)) => council.end <= offset && offset <= op,
        (Some(council), None) => council.end <= offset,
        (None, Some(op)) => offset <= op && doc.preambular().next().is_some(),
        (None, None) => doc.preambular().next().is_some(),
    };
    if in_preamble {
        Some(CompletionSpot::Preamble { word_start })
    } else if first_operative.is_some_and(|op| op < offset) {
        Some(CompletionSpot::OperativeLine { word_start })
    } else {
        None
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The number the next operative paragraph after `offset` should carry.
fn next_number(doc: &Document, offset: usize) -> u32 {
    doc.operative_paragraphs()
        .filter(|(_, c)| c.span.start < offset)
        .filter_map(|(_, c)| {
            c.label
                .as_ref()
                .filter(|l| l.kind == LabelKind::Number)
                .map(|l| l.value)
        })
        .last()
        .map_or(1, |n| n + 1)
}

/// Completion items at `offset`: operative verbs after a paragraph number, preambular
/// openers at the start of a preambular paragraph, and clause-bank clauses.
pub fn completions(
    engine: &Engine,
    knowledge: &Knowledge,
    checked: &Checked,
    pos: &Positions,
    offset: usize,
) -> Vec<CompletionItem> {
    let doc = &checked.doc;
    let Some(spot) = completion_spot(doc, offset) else {
        return Vec::new();
    };
    let mission = checked.analysis.mission.as_deref();
    let mut items = Vec::new();
    let replace = |start: usize, new_text: String| {
        Some(CompletionTextEdit::Edit(TextEdit::new(
            pos.range(Span::new(start, offset)),
            new_text,
        )))
    };
    match spot {
        CompletionSpot::AfterNumber { number, word_start } => {
            for (verb, force) in lexicon_terms(engine, "operative-verbs") {
                let label = capitalise(&verb);
                let detail = force.map_or_else(
                    || "operative verb".to_string(),
                    |f| format!("operative verb, force {f} of 5"),
                );
                items.push(CompletionItem {
                    label: label.clone(),
                    kind: Some(CompletionItemKind::KEYWORD),
                    detail: Some(detail),
                    // Strongest verbs first: drafters reach for "Decides"/"Requests".
                    sort_text: Some(format!(
                        "0-{}-{label}",
                        5u8.saturating_sub(force.unwrap_or(0))
                    )),
                    text_edit: replace(word_start, format!("{label} ")),
                    ..CompletionItem::default()
                });
            }
            for clause in knowledge.clauses.iter().filter(|c| !c.is_preambular()) {
                items.push(bank_item(
                    clause,
                    mission,
                    replace(word_start, clause.render(mission)),
                    &number,
                ));
            }
        }
        CompletionSpot::Preamble { word_start } => {
            for (opener, _) in lexicon_terms(engine, "preambular-openers") {
                let label = capitalise(&opener);
                items.push(CompletionItem {
                    label: label.clone(),
                    kind: Some(CompletionItemKind::KEYWORD),
                    detail: Some("preambular opener".to_string()),
                    sort_text: Some(format!("0-{label}")),
                    text_edit: replace(word_start, format!("{label} ")),
                    ..CompletionItem::default()
                });
            }
            for clause in knowledge.clauses.iter().filter(|c| c.is_preambular()) {
                items.push(bank_item(
                    clause,
                    mission,
                    replace(word_start, clause.render(mission)),
                    "",
                ));
            }
        }
        CompletionSpot::OperativeLine { word_start } => {
            let n = next_number(doc, offset);
            for clause in knowledge.clauses.iter().filter(|c| !c.is_preambular()) {
                let text = format!("{n}. {}", clause.render(mission));
                items.push(bank_item(
                    clause,
                    mission,
                    replace(word_start, text),
                    &n.to_string(),
                ));
            }
        }
    }
    items
}

fn bank_item(
    clause: &super::knowledge::BankClause,
    mission: Option<&str>,
    text_edit: Option<CompletionTextEdit>,
    number: &str,
) -> CompletionItem {
    let mut doc = format!("{}\n\n> {}", clause.description, clause.render(mission));
    if !clause.addresses.is_empty() {
        doc.push_str(&format!("\n\nAddresses: {}", clause.addresses.join(", ")));
    }
    let detail = if number.is_empty() {
        "clause bank".to_string()
    } else {
        format!("clause bank, paragraph {number}")
    };
    CompletionItem {
        label: clause.label.clone(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some(detail),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: doc,
        })),
        // Filter on the clause's first words too, so typing "Requests" finds them.
        filter_text: Some(format!("{} {}", clause.label, clause.render(mission))),
        sort_text: Some(format!("1-{}", clause.label)),
        text_edit,
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFormat;
    use crate::span::{ColumnUnit, LineIndex};
    use crate::CheckOptions;

    const DRAFT: &str = "The Security Council,\n\n\
Recalling its previous resolutions on the situation in the Republic of Lorem,\n\n\
1. Decides to extend the mandate of the United Nations Mission in Lorem (UNML) until 31 December 2026;\n\n\
2. Requests UNML to provide training to the national armed forces and advice to the Ministry of Defence;\n\n\
3. Decides to remain actively seized of the matter.\n";

    fn check(engine: &Engine, text: &str) -> Checked {
        engine.check(
            text.to_string(),
            SourceFormat::Text,
            &CheckOptions::default(),
        )
    }

    fn apply(text: &str, edit: &TextEdit) -> String {
        let lines = LineIndex::new(text);
        let span = Positions::new(text, &lines, ColumnUnit::Utf16).span(edit.range);
        let mut out = text.to_string();
        out.replace_range(span.start..span.end, &edit.new_text);
        out
    }

    fn first_edit(action: &CodeActionOrCommand, uri: &Uri) -> Option<TextEdit> {
        match action {
            CodeActionOrCommand::CodeAction(a) => a
                .edit
                .as_ref()?
                .changes
                .as_ref()?
                .get(uri)?
                .first()
                .cloned(),
            CodeActionOrCommand::Command(_) => None,
        }
    }

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

    #[test]
    fn completion_offers_openers_in_preamble_and_verbs_after_numbers() {
        let Ok(engine) = Engine::embedded() else {
            panic!("embedded rules load");
        };
        let knowledge = Knowledge::embedded().unwrap_or_default();
        let text = DRAFT.replacen("Recalling its", "Rec", 1);
        let checked = check(&engine, &text);
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        let at = text.find("Rec ").map_or(0, |i| i + 3);
        let labels: Vec<String> = completions(&engine, &knowledge, &checked, &pos, at)
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert!(labels.iter().any(|l| l == "Recalling"), "{labels:?}");
        assert!(!labels.iter().any(|l| l == "Decides"), "{labels:?}");

        let text = DRAFT.replacen("2. Requests", "2. Req", 1);
        let checked = check(&engine, &text);
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        let at = text.find("2. Req").map_or(0, |i| i + 6);
        let items = completions(&engine, &knowledge, &checked, &pos, at);
        let requests = items.iter().find(|i| i.label == "Requests");
        assert!(
            requests.is_some_and(|i| i.detail.as_deref() == Some("operative verb, force 3 of 5"))
        );
        let bank = items
            .iter()
            .find(|i| i.label == "Mapping of international assistance")
            .and_then(|i| match &i.text_edit {
                Some(CompletionTextEdit::Edit(e)) => Some(e.new_text.clone()),
                _ => None,
            })
            .unwrap_or_default();
        assert!(
            bank.starts_with("Requests UNML,"),
            "mission filled in: {bank}"
        );
    }

    #[test]
    fn outline_and_folding() {
        let Ok(engine) = Engine::embedded() else {
            panic!("embedded rules load");
        };
        let checked = check(&engine, DRAFT);
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        let symbols = document_symbols(&checked.doc, &pos);
        let names: Vec<&str> = symbols.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), 4, "{names:?}");
        assert_eq!(names.first(), Some(&"Preamble"));
        assert!(
            names
                .get(2)
                .is_some_and(|n| n.starts_with("2. Requests UNML to provide")),
            "{names:?}"
        );
        for s in &symbols {
            assert!(
                s.range.start <= s.selection_range.start && s.selection_range.end <= s.range.end
            );
        }
        // Each paragraph here is one line: nothing to fold.
        assert!(folding_ranges(&checked.doc, &pos).is_empty());
    }
}
