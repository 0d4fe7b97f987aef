//! `renewed-unchanged` (DSR003): DSR clauses copied from the previous mandate.
//!
//! Clauses are aligned by content, not number (renewals renumber paragraphs), with the
//! same global one-to-one alignment `mandate-lint diff` and `history` use
//! (`mandates::align`): numbers, dates and mission names are masked, similarity is the
//! share of words in common in the same order, and two new clauses never claim the same
//! old one. A DSR clause at or above `threshold` is reported, with the word difference
//! when it is near-identical rather than identical. Without a previous mandate
//! (`--previous`, `previous` in mandate-lint.toml, or the editor command) it is silent.

use smol_str::format_smolstr;
use std::collections::BTreeSet;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::mandates::align::{self, Change};
use crate::rules::ctx::{render, Ctx};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;

fn ninety_percent() -> f64 {
    0.9
}

fn six() -> usize {
    6
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "ninety_percent")]
    threshold: f64,
    /// Clauses shorter than this (in words, after masking) are never reported.
    #[serde(default = "six")]
    min_words: usize,
}

#[derive(Clone, Debug)]
pub struct RenewedUnchanged {
    threshold: f64,
    min_words: usize,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<RenewedUnchanged, RuleError> {
    if !(0.0..=1.0).contains(&p.threshold) {
        return Err(src.error("threshold", "threshold must lie between 0 and 1"));
    }
    Ok(RenewedUnchanged {
        threshold: p.threshold,
        min_words: p.min_words,
    })
}

pub fn run(c: &RenewedUnchanged, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let Some(prev) = cx.previous else { return };
    let missions = align::missions_of(&prev.analysis, cx.analysis);
    let alignment = align::align(&prev.doc, cx.doc, &missions);
    let dsr: BTreeSet<usize> = cx.dsr_tasks().iter().copied().collect();
    for m in &alignment.matches {
        if !dsr.contains(&m.new_clause) || m.similarity < c.threshold {
            continue;
        }
        let (Some(clause), Some(old)) = (
            cx.clause(m.new_clause),
            m.old_clause.and_then(|o| prev.doc.clauses.get(o)),
        ) else {
            continue;
        };
        if align::words(&clause.norm.text, &missions).len() < c.min_words {
            continue;
        }
        let how = if m.change == Change::Unchanged {
            "identical"
        } else {
            "near-identical"
        };
        let msg = render(
            &rule.message,
            &[
                ("how", how),
                ("clause", &clause.reference),
                ("previous", &old.reference),
            ],
        );
        let mut d = cx.diag(
            rule,
            cx.head_span(m.new_clause),
            Some(m.new_clause),
            cx.fill(&msg),
        );
        d.notes.push(format_smolstr!(
            "{how} to paragraph {} of the previous mandate (word similarity {:.0}%)",
            old.reference,
            m.similarity * 100.0
        ));
        if m.change != Change::Unchanged && !m.diff.is_empty() {
            d.notes.push(format_smolstr!(
                "changes: {}",
                align::render_word_diff_compact(&m.diff, 6)
            ));
        }
        out.push(d);
    }
}
