//! `textDocument/documentSymbol` (the outline: preamble, operative paragraphs under
//! their headings, sub-paragraphs, annex) and `textDocument/foldingRange` (every
//! outline entry spanning lines).

use tower_lsp_server::ls_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind};

use crate::model::{Clause, Document, LabelKind, Part};
use crate::span::Span;
use crate::text::first_words;

use super::super::convert::Positions;

/// First words of a clause for the outline: label and up to eight words.
fn clause_title(clause: &Clause, text: &str) -> String {
    const WORDS: usize = 8;
    let body = if clause.norm.text.is_empty() {
        clause.body.slice(text)
    } else {
        &clause.norm.text
    };
    let (mut title, more) = first_words(body, WORDS);
    if more {
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
        None if title.is_empty() => clause.reference.to_string(),
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
        Some(clause.reference.to_string()),
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
                Some(c.reference.to_string()),
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::span::ColumnUnit;
    use crate::Engine;

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
