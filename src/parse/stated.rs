//! Clauses from a structure the source states (Akoma Ntoso), instead of from the
//! layout of the text: each outline node becomes one clause with the same parent, and
//! only what the markup leaves open is decided here — whether "(i)" is a letter or a
//! numeral, from its siblings.

use std::collections::HashMap;

use super::lines::{self, LabelStyle};
use super::{normalise, push_clause};
use crate::input::{Outline, OutlineKind};
use crate::model::{Document, Footnote, Label, LabelKind, Part, SmolStr};
use crate::span::Span;

/// Fills `doc` with the clauses, footnotes and annex start `outline` states over `text`.
pub(super) fn build(text: &str, outline: &Outline, doc: &mut Document) {
    let labels = labels(text, outline);
    // Outline node → clause index (nodes with neither label nor text are dropped).
    let mut index: Vec<Option<usize>> = Vec::with_capacity(outline.nodes.len());
    for (n, node) in outline.nodes.iter().enumerate() {
        let label = labels.get(n).cloned().flatten();
        let Some(first) = node
            .pieces
            .first()
            .copied()
            .or(label.as_ref().map(|l| l.span))
        else {
            index.push(None);
            continue;
        };
        let part = match node.kind {
            OutlineKind::Preambular => Part::Preambular,
            OutlineKind::Operative => Part::Operative,
            OutlineKind::Heading => Part::Heading,
            OutlineKind::Annex => Part::Annex,
        };
        let parent = node
            .parent
            .and_then(|p| index.get(p).copied().flatten())
            .filter(|_| part != Part::Heading);
        let start = label.as_ref().map_or(first.start, |l| l.span.start);
        let body = node
            .pieces
            .first()
            .copied()
            .unwrap_or_else(|| Span::empty(first.end));
        let span = Span::new(start.min(body.end), body.end.max(start));
        let norm = normalise(text, &node.pieces, false);
        let idx = push_clause(doc, part, label, parent, span, body, norm);
        index.push(Some(idx));
    }
    doc.annex_start = outline.annex_start;
    doc.footnotes = outline
        .footnotes
        .iter()
        .map(|(marker, span)| Footnote {
            marker: marker.clone(),
            span: *span,
        })
        .collect();
}

/// A label as the markup writes it: "12." and "(1)" are numbers, "(b)" "b." "b)" letters
/// or numerals, dashes and bullets dashes.
fn stated_label(s: &str) -> Option<(LabelStyle, String)> {
    let t = s.trim();
    if let Some(raw) = lines::label(t).filter(|l| l.consumed == t.len()) {
        return Some((raw.style, raw.text.into_owned()));
    }
    if t.chars()
        .all(|c| matches!(c, '\u{2013}' | '\u{2014}' | '\u{2022}' | '-' | '\u{00b7}'))
    {
        return (!t.is_empty()).then(|| (LabelStyle::Dash, t.to_string()));
    }
    let core = t.trim_start_matches('(').trim_end_matches([')', '.']);
    if !core.is_empty() && core.chars().all(|c| c.is_ascii_digit()) {
        return Some((LabelStyle::Number, core.to_string()));
    }
    if !core.is_empty() && core.chars().all(|c| c.is_alphabetic()) && core.chars().count() <= 5 {
        return Some((LabelStyle::Paren, core.to_string()));
    }
    None
}

/// The label of every node, with "(i)", "(v)", "(x)" read as letters or numerals from
/// the labels around them: the one before in the same list, the one after when it is
/// the first ("(i)" followed by "(j)" is a letter), and the letters of the paragraph's
/// earlier pillars (after "(h)" under one pillar, "(i)" under the next is a letter).
fn labels(text: &str, outline: &Outline) -> Vec<Option<Label>> {
    let raw: Vec<Option<(LabelStyle, String, Span)>> = outline
        .nodes
        .iter()
        .map(|n| {
            let span = n.label?;
            let (style, t) = stated_label(span.slice(text))?;
            Some((style, t, span))
        })
        .collect();
    let mut siblings: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, n) in outline.nodes.iter().enumerate() {
        if raw.get(i).is_some_and(Option::is_some) {
            siblings.entry(n.parent).or_default().push(i);
        }
    }
    let top_of = |mut i: usize| {
        while let Some(p) = outline.nodes.get(i).and_then(|n| n.parent) {
            i = p;
        }
        i
    };
    let mut out: Vec<Option<Label>> = vec![None; outline.nodes.len()];
    // Last letter value seen under each top-level paragraph.
    let mut last_letter: HashMap<usize, u32> = HashMap::new();
    for (i, r) in raw.iter().enumerate() {
        let Some((style, t, span)) = r else { continue };
        let parent = outline.nodes.get(i).and_then(|n| n.parent);
        let sibs = siblings.get(&parent).map(Vec::as_slice).unwrap_or(&[]);
        let pos = sibs.iter().position(|&s| s == i);
        let prev = pos
            .and_then(|p| p.checked_sub(1))
            .and_then(|p| sibs.get(p))
            .and_then(|&s| out.get(s).cloned().flatten());
        let next_text = pos
            .and_then(|p| sibs.get(p + 1))
            .and_then(|&s| raw.get(s).cloned().flatten())
            .map(|(_, t, _)| t);
        let (kind, value) = match style {
            LabelStyle::Number | LabelStyle::ParenNumber => {
                (LabelKind::Number, t.parse().unwrap_or(0))
            }
            LabelStyle::Dash => (LabelKind::Dash, 0),
            LabelStyle::Paren | LabelStyle::Dot => {
                let lower = t.to_lowercase();
                let open_of = |kinds: [LabelKind; 2]| {
                    prev.as_ref()
                        .filter(|l| kinds.contains(&l.kind))
                        .map(|l| l.value)
                };
                let mut open_letter = open_of([LabelKind::ParenLetter, LabelKind::DotLetter]);
                let open_roman = open_of([LabelKind::ParenRoman, LabelKind::DotRoman]);
                if prev.is_none() {
                    let letter = lines::letter_value(&lower);
                    let next_is_letter = next_text.as_deref().is_some_and(|n| {
                        lines::letter_value(n)
                            .zip(letter)
                            .is_some_and(|(n, l)| n == l + 1)
                            && lines::roman_value(n).is_none()
                    });
                    let continues = letter
                        .is_some_and(|l| last_letter.get(&top_of(i)).is_some_and(|&v| v + 1 == l));
                    if next_is_letter || continues {
                        open_letter = letter.map(|l| l.saturating_sub(1));
                    }
                }
                match lines::resolve_label(*style, &lower, open_letter, open_roman) {
                    Some(kv) => kv,
                    None => (LabelKind::ParenLetter, 0),
                }
            }
        };
        if matches!(kind, LabelKind::ParenLetter | LabelKind::DotLetter) {
            last_letter.insert(top_of(i), value);
        }
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(Label {
                kind,
                text: SmolStr::new(t),
                value,
                span: *span,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_labels() {
        assert_eq!(stated_label("12."), Some((LabelStyle::Number, "12".into())));
        assert_eq!(
            stated_label("(1)"),
            Some((LabelStyle::ParenNumber, "1".into()))
        );
        assert_eq!(stated_label("(iv)"), Some((LabelStyle::Paren, "iv".into())));
        assert_eq!(stated_label("b."), Some((LabelStyle::Dot, "b".into())));
        assert_eq!(stated_label("v)"), Some((LabelStyle::Paren, "v".into())));
        assert_eq!(
            stated_label("\u{2013}"),
            Some((LabelStyle::Dash, "\u{2013}".into()))
        );
        assert_eq!(
            stated_label("\u{2022}"),
            Some((LabelStyle::Dash, "\u{2022}".into()))
        );
        assert_eq!(stated_label(""), None);
    }
}
