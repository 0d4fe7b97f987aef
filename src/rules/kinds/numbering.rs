//! `numbering` (RES001): gaps, duplicates and disorder in paragraph numbers and
//! sub-paragraph labels. Each label is compared with the one before it in the same
//! series (same kind, same parent).

use std::ops::Range;

use serde::Deserialize;
use smol_str::format_smolstr;

use crate::diagnostic::Diagnostic;
use crate::model::{LabelKind, Part};
use crate::rules::ctx::{render, Ctx};
use crate::rules::fix::roman;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Clone, Debug)]
pub struct Numbering;

pub fn validate(_: Params, _: &CheckSource<'_, '_>) -> Result<Numbering, RuleError> {
    Ok(Numbering)
}

fn letter_value(text: &str) -> Option<u32> {
    let mut chars = text.chars();
    let c = chars.next()?.to_ascii_lowercase();
    (chars.next().is_none() && c.is_ascii_lowercase()).then(|| u32::from(c) - u32::from('a') + 1)
}

/// Compares each label with the one before it in the same series (same kind, same
/// parent) and reports gaps, duplicates and disorder: the top-level paragraphs'
/// numbers, then each clause's items in document order.
pub fn run(n: &Numbering, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    run_document(n, cx, rule, out);
    run_on(n, cx, rule, 0..cx.doc.clauses.len(), out);
}

/// The series of top-level paragraph numbers, the one series that runs across
/// paragraphs (judged on every check; `run_on` judges the rest paragraph by
/// paragraph, `rules::reuse`).
pub fn run_document(_: &Numbering, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let numbered: Vec<usize> = cx.doc.numbered_paragraphs().map(|(i, _)| i).collect();
    judge_series(cx, rule, &numbered, out);
}

/// The series of items under each operative clause among `only` (one paragraph's: an
/// item's lead-in, and the pillars its letters may run on from, lie in its paragraph).
/// Each list is read where it lies: copying every lead-in's list cost a long draft's
/// keystroke an allocation per lead-in.
pub fn run_on(
    _: &Numbering,
    cx: &Ctx<'_>,
    rule: &Rule,
    only: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    for (_, c) in cx.clauses_among(only) {
        if c.part == Part::Operative && !c.children.is_empty() {
            judge_series(cx, rule, &c.children, out);
        }
    }
}

/// Compares each label of the series `s` with the one before it.
fn judge_series(cx: &Ctx<'_>, rule: &Rule, s: &[usize], out: &mut Vec<Diagnostic>) {
    // The last labelled item (kind, value) under each clause, for letters that run on
    // across pillars.
    let last_item = |parent: usize| -> Option<(LabelKind, u32)> {
        cx.clause(parent)?.children.iter().rev().find_map(|&ch| {
            let l = cx.clause(ch)?.label.as_ref()?;
            (l.kind != LabelKind::Dash).then_some((l.kind, l.value))
        })
    };
    // (kind, value) of the previous label in this series.
    let mut prev: Option<(LabelKind, u32, usize)> = None;
    // Under a heading item ("(ii) Disarmament, demobilisation, reintegration (DDR)
    // and stabilisation"), the letters may run on from the pillar before it: MONUSCO's
    // mandate goes (a)–(g) under pillar (i) and (h)–(l) under pillar (ii)
    // (S/RES/2717 (2023) 34, 2765 (2024) 36). Restarting at (a) is fine too.
    let run_on = s
        .first()
        .and_then(|&first| cx.clause(first)?.parent)
        .filter(|&p| cx.clause(p).is_some_and(|c| c.title))
        .and_then(|p| {
            let grand = cx.clause(p)?.parent?;
            let siblings = &cx.clause(grand)?.children;
            let at = siblings.iter().position(|&x| x == p)?;
            let before = siblings.get(..at)?;
            before
                .iter()
                .rev()
                .filter(|&&x| cx.clause(x).is_some_and(|c| c.title))
                .find_map(|&x| last_item(x))
        });
    for &i in s {
        let Some(label) = cx.clause(i).and_then(|c| c.label.as_ref()) else {
            continue;
        };
        if label.kind == LabelKind::Dash {
            continue;
        }
        let mut kind = label.kind;
        let mut value = label.value;
        // "(i)" after "(h)" is the letter i, not the roman one; likewise (v), (x).
        if let (LabelKind::ParenRoman | LabelKind::DotRoman, Some((pk, pv, _))) = (kind, prev) {
            if matches!(pk, LabelKind::ParenLetter | LabelKind::DotLetter)
                && letter_value(&label.text) == Some(pv + 1)
            {
                kind = pk;
                value = pv + 1;
            }
        }
        // "(h)" opening the items under a pillar whose letters run on is the letter h.
        if let (None, Some((rk, rv))) = (prev, run_on) {
            if matches!(rk, LabelKind::ParenLetter | LabelKind::DotLetter)
                && letter_value(&label.text) == Some(rv + 1)
            {
                kind = rk;
                value = rv + 1;
            }
        }
        let expected = match prev {
            Some((pk, pv, _)) if pk == kind => pv + 1,
            Some(_) => {
                // A new series kind inside the same parent (rare): restart.
                prev = Some((kind, value, i));
                continue;
            }
            None => match run_on {
                Some((rk, rv)) if rk == kind && value == rv + 1 => value,
                _ => 1,
            },
        };
        if value != expected {
            let shown = cx
                .clause(i)
                .map(|c| c.reference.clone())
                .unwrap_or_default();
            let what = match prev {
                Some((_, pv, _)) if value == pv => "duplicate",
                Some((_, pv, _)) if value < pv => "out of order",
                _ => "gap",
            };
            let expected_label = match kind {
                LabelKind::Number => expected.to_string(),
                LabelKind::ParenLetter | LabelKind::DotLetter => letter_name(expected),
                _ => roman(expected),
            };
            let msg = render(
                &rule.message,
                &[
                    ("what", what),
                    ("found", &label.text),
                    ("expected", &expected_label),
                    ("clause", &shown),
                ],
            );
            let mut d = cx.diag(rule, label.span, Some(i), msg);
            d.notes.push(format_smolstr!(
                "{what}: label \"{}\" where \"{expected_label}\" was expected",
                label.text
            ));
            out.push(d);
        }
        prev = Some((kind, value, i));
    }
}

fn letter_name(n: u32) -> String {
    if (1..=26).contains(&n) {
        char::from(b'a' + (n - 1) as u8).to_string()
    } else {
        n.to_string()
    }
}
