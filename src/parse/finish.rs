//! After assembly: references ("11(b)", "pp3", "h2", "7(f)-2", "38(d).p1"), heading
//! items, the Chapter VII line and the structural problems worth reporting.

use rustc_hash::FxHashMap;
use smol_str::{format_smolstr, SmolStr, SmolStrBuilder};

use super::cues::ParseCues;
use crate::model::{Document, LabelKind, ParseIssue, Part};
use crate::span::Span;

/// Assigns references, marks the Chapter VII line and reports structural problems.
pub(super) fn finish(text: &str, doc: &mut Document, cues: &ParseCues) {
    let mut pp = 0u32;
    let mut headings = 0u32;
    let mut unnumbered = 0u32;
    let mut annex_unnumbered = 0u32;
    // Unlabelled items counted per parent.
    let mut unlabelled_items: FxHashMap<usize, u32> = FxHashMap::default();
    let mut refs: Vec<SmolStr> = Vec::with_capacity(doc.clauses.len());
    for i in 0..doc.clauses.len() {
        let Some(c) = doc.clauses.get(i) else {
            continue;
        };
        let parent_ref = c.parent.and_then(|p| refs.get(p)).map(SmolStr::as_str);
        let r = match (&c.label, c.part, parent_ref) {
            (_, Part::Heading, _) => {
                headings += 1;
                format_smolstr!("h{headings}")
            }
            (Some(l), _, Some(pr)) if l.kind == LabelKind::Dash => {
                let nth = c
                    .parent
                    .and_then(|p| doc.clauses.get(p))
                    .map(|p| {
                        p.children
                            .iter()
                            .take_while(|&&ch| ch != i)
                            .filter(|&&ch| {
                                doc.clauses.get(ch).is_some_and(|s| {
                                    s.label.as_ref().is_some_and(|l| l.kind == LabelKind::Dash)
                                })
                            })
                            .count()
                            + 1
                    })
                    .unwrap_or(1);
                format_smolstr!("{pr}-{nth}")
            }
            // The most common reference by far ("11(b)", "29(ii)(f)"): joined by hand,
            // every clause's reference is made again on each keystroke.
            (Some(l), _, Some(pr)) => {
                let mut r = SmolStrBuilder::new();
                r.push_str(pr);
                r.push('(');
                r.push_str(&l.text);
                r.push(')');
                r.finish()
            }
            (Some(l), Part::Annex, None) => match l.kind {
                LabelKind::Number => format_smolstr!("annex.{}", l.text),
                _ => format_smolstr!("annex.({})", l.text),
            },
            (Some(l), Part::Preambular, None) if l.kind != LabelKind::Number => {
                pp += 1;
                format_smolstr!("pp{pp}")
            }
            (Some(l), _, None) => match l.kind {
                LabelKind::Number => l.text.clone(),
                LabelKind::Dash => {
                    unnumbered += 1;
                    format_smolstr!("op{unnumbered}")
                }
                _ => format_smolstr!("({})", l.text),
            },
            (None, Part::Preambular, _) => {
                pp += 1;
                format_smolstr!("pp{pp}")
            }
            (None, Part::Annex, _) => {
                annex_unnumbered += 1;
                format_smolstr!("annex.p{annex_unnumbered}")
            }
            (None, _, Some(pr)) => {
                let nth = c.parent.map_or(1, |p| {
                    let n = unlabelled_items.entry(p).or_insert(0);
                    *n += 1;
                    *n
                });
                format_smolstr!("{pr}.p{nth}")
            }
            (None, _, None) => {
                unnumbered += 1;
                format_smolstr!("op{unnumbered}")
            }
        };
        refs.push(r);
    }
    // References are unique: a repeated label gets "~2", "~3".
    let counts: Vec<u32> = {
        let mut seen = FxHashMap::<&str, u32>::default();
        refs.iter()
            .map(|r| {
                let count = seen.entry(r.as_str()).or_insert(0);
                *count += 1;
                *count
            })
            .collect()
    };
    for ((clause, r), count) in doc.clauses.iter_mut().zip(refs).zip(counts) {
        clause.reference = if count > 1 {
            format_smolstr!("{r}~{count}")
        } else {
            r
        };
    }
    // Heading items: a labelled item with items of its own whose text is a title.
    let titles: Vec<bool> = doc
        .clauses
        .iter()
        .map(|c| {
            c.parent.is_some()
                && !c.children.is_empty()
                && c.label.as_ref().is_some_and(|l| l.kind != LabelKind::Dash)
                && cues.heading_item_text(&c.norm.text)
        })
        .collect();
    for (c, title) in doc.clauses.iter_mut().zip(titles) {
        c.title = title;
    }
    doc.chapter_vii = doc
        .clauses
        .iter()
        .find(|c| c.part == Part::Preambular && c.norm.text.starts_with("Acting under Chapter VII"))
        .map(|c| c.span);
    // A paragraph number printed without its full stop ("11 Condemns …"), read as the
    // paragraph it is: the slip is still the published text's.
    let unpointed: Vec<ParseIssue> = doc
        .clauses
        .iter()
        .filter(|c| c.parent.is_none() && c.part == Part::Operative)
        .filter_map(|c| c.label.as_ref())
        .filter(|l| l.kind == LabelKind::Number)
        .filter(|l| {
            !l.span.slice(text).ends_with('.')
                && !text.get(l.span.end..).is_some_and(|t| t.starts_with('.'))
        })
        .map(|l| ParseIssue {
            span: l.span,
            message: format!(
                "paragraph {} is numbered \"{}\" without the full stop after it (write \"{}.\")",
                l.value, l.text, l.value
            ),
        })
        .collect();
    doc.issues.extend(unpointed);
    if doc.council_line.is_some() && !doc.clauses.iter().any(|c| c.part == Part::Operative) {
        let at = doc.clauses.last().map_or(text.len(), |c| c.span.end);
        doc.issues.push(ParseIssue {
            span: Span::empty(at),
            message: "no operative paragraph was found after the preamble".into(),
        });
    }
}
