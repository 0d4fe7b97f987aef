//! DSR003 renewed-unchanged: DSR clauses copied from the previous mandate.
//!
//! Clauses are aligned by content, not number (renewals renumber paragraphs), with the
//! same global one-to-one alignment `mandate-lint diff` and `history` use
//! (`mandates::align`): numbers, dates and mission names are masked, similarity is the
//! share of words in common in the same order, and two new clauses never claim the same
//! old one. A DSR clause at or above the rule's threshold is reported, with the word
//! difference when it is near-identical rather than identical.

use super::ctx::Ctx;
use super::spec::CheckSpec;
use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::mandates::align::{self, Change};

pub(crate) fn run(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let CheckSpec::RenewedUnchanged {
        threshold,
        min_words,
    } = &rule.check
    else {
        return;
    };
    let Some(prev) = cx.opts.previous else { return };
    let missions = align::missions_of(&prev.analysis, cx.analysis);
    let alignment = align::align(&prev.doc, cx.doc, &missions);
    let dsr: std::collections::BTreeSet<usize> = cx.dsr_tasks().iter().copied().collect();
    for m in &alignment.matches {
        if !dsr.contains(&m.new_clause) || m.similarity < *threshold {
            continue;
        }
        let (Some(clause), Some(old)) = (
            cx.clause(m.new_clause),
            m.old_clause.and_then(|o| prev.doc.clauses.get(o)),
        ) else {
            continue;
        };
        if align::words(&clause.norm.text, &missions).len() < *min_words {
            continue;
        }
        let how = if m.change == Change::Unchanged {
            "identical"
        } else {
            "near-identical"
        };
        let msg = super::document::render(
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
        d.notes.push(format!(
            "{how} to paragraph {} of the previous mandate (word similarity {:.0}%)",
            old.reference,
            m.similarity * 100.0
        ));
        if m.change != Change::Unchanged && !m.diff.is_empty() {
            d.notes.push(format!(
                "changes: {}",
                align::render_word_diff_compact(&m.diff, 6)
            ));
        }
        out.push(d);
    }
}
