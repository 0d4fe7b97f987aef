//! `textDocument/completion`: operative verbs after a paragraph number, preambular
//! openers at the start of a preambular paragraph, clauses of the clause bank, and,
//! with a precedent index, adopted clauses that fit the cursor's context.

use regex::Regex;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use crate::model::{Document, LabelKind};
use crate::precedent::PrecedentIndex;
use crate::span::Span;
use crate::{Checked, Engine};

use super::super::convert::Positions;
use super::super::integration::lexicon_terms;
use super::super::knowledge::Knowledge;
use super::precedents;

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
/// openers at the start of a preambular paragraph, clause-bank clauses, and (given a
/// precedent index) adopted clauses that fit the context.
pub fn completions(
    engine: &Engine,
    knowledge: &Knowledge,
    checked: &Checked,
    index: Option<&PrecedentIndex>,
    pos: &Positions,
    offset: usize,
) -> Vec<CompletionItem> {
    let mut items = index.map_or_else(Vec::new, |index| {
        let n = next_number(&checked.doc, offset);
        precedents::completion_items(index, checked, pos, offset, n)
    });
    items.extend(own_completions(engine, knowledge, checked, pos, offset));
    items
}

/// Verbs, openers and the clause bank.
fn own_completions(
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
    clause: &super::super::knowledge::BankClause,
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
    use super::super::test_support::*;
    use super::*;
    use crate::span::ColumnUnit;

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
        let labels: Vec<String> = completions(&engine, &knowledge, &checked, None, &pos, at)
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert!(labels.iter().any(|l| l == "Recalling"), "{labels:?}");
        assert!(!labels.iter().any(|l| l == "Decides"), "{labels:?}");

        let text = DRAFT.replacen("2. Requests", "2. Req", 1);
        let checked = check(&engine, &text);
        let pos = Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16);
        let at = text.find("2. Req").map_or(0, |i| i + 6);
        let items = completions(&engine, &knowledge, &checked, None, &pos, at);
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
}
