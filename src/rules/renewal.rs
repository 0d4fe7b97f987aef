//! DSR003 renewed-unchanged: DSR clauses copied from the previous mandate.
//!
//! Clauses are aligned by content, not number (renewals renumber paragraphs): each DSR
//! clause is compared with every operative clause of the previous mandate on normalised
//! words (case, punctuation, digits and the mission name dropped), first by a cheap
//! bag-of-words Dice score, then by the longest common word subsequence.

use std::collections::HashMap;

use super::ctx::Ctx;
use super::spec::CheckSpec;
use super::Rule;
use crate::diagnostic::Diagnostic;
use crate::model::Document;

/// Lower-cased words of a clause, digits and punctuation dropped (paragraph numbers
/// and cross-references change on every renewal without changing the task).
pub(crate) fn words(text: &str, drop: Option<&str>) -> Vec<String> {
    let drop = drop.map(str::to_lowercase);
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| drop.as_deref() != Some(w.as_str()))
        .collect()
}

fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for w in a {
        *counts.entry(w.as_str()).or_insert(0) += 1;
    }
    let mut common = 0i64;
    for w in b {
        if let Some(c) = counts.get_mut(w.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// 2·LCS / (|a| + |b|) on words: order-sensitive similarity.
pub(crate) fn lcs_similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for wa in a {
        for (j, wb) in b.iter().enumerate() {
            let diag = prev.get(j).copied().unwrap_or(0);
            let up = prev.get(j + 1).copied().unwrap_or(0);
            let left = cur.get(j).copied().unwrap_or(0);
            let v = if wa == wb { diag + 1 } else { up.max(left) };
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = v;
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let lcs = prev.last().copied().unwrap_or(0);
    2.0 * lcs as f64 / (a.len() + b.len()) as f64
}

struct PrevClause {
    reference: String,
    words: Vec<String>,
}

fn previous_clauses(doc: &Document, mission: Option<&str>) -> Vec<PrevClause> {
    doc.operative()
        .map(|(_, c)| PrevClause {
            reference: c.reference.clone(),
            words: words(&c.norm.text, mission),
        })
        .filter(|p| !p.words.is_empty())
        .collect()
}

pub(crate) fn run(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let CheckSpec::RenewedUnchanged {
        threshold,
        min_words,
    } = &rule.check
    else {
        return;
    };
    let Some(prev) = cx.opts.previous else { return };
    let mission = cx.analysis.mission.as_deref();
    let prev_mission = prev.analysis.mission.as_deref().or(mission);
    let previous = previous_clauses(&prev.doc, prev_mission);
    for &i in cx.dsr_tasks() {
        let Some(clause) = cx.clause(i) else { continue };
        let own = cx.own_norm(i);
        let w = words(own, mission);
        if w.len() < *min_words {
            continue;
        }
        let mut best: Option<(f64, &PrevClause)> = None;
        for p in &previous {
            // Dice bounds the LCS score from above, so it prunes safely.
            if dice(&w, &p.words) < *threshold {
                continue;
            }
            let s = if w == p.words {
                1.0
            } else {
                lcs_similarity(&w, &p.words)
            };
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, p));
            }
        }
        let Some((score, p)) = best else { continue };
        if score < *threshold {
            continue;
        }
        let how = if score >= 1.0 {
            "identical"
        } else {
            "near-identical"
        };
        let msg = super::document::render(
            &rule.message,
            &[
                ("how", how),
                ("clause", &clause.reference),
                ("previous", &p.reference),
            ],
        );
        let mut d = cx.diag(rule, cx.head_span(i), Some(i), cx.fill(&msg));
        d.notes.push(format!(
            "{how} to paragraph {} of the previous mandate (word similarity {:.0}%)",
            p.reference,
            score * 100.0
        ));
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_digits_case_and_mission() {
        assert_eq!(
            words(
                "Requests MINUSCA, in paragraph 12 (d), to Support",
                Some("minusca")
            ),
            vec!["requests", "in", "paragraph", "d", "to", "support"]
        );
    }

    #[test]
    fn similarity_is_one_for_identical_and_lower_for_edits() {
        let a = words(
            "to support the reform of the armed forces in line with the national plan",
            None,
        );
        let b = words(
            "to support the reform of the armed forces in line with the revised national plan",
            None,
        );
        let c = words("to support the national dialogue on elections", None);
        assert!((lcs_similarity(&a, &a) - 1.0).abs() < 1e-9);
        let near = lcs_similarity(&a, &b);
        assert!(near > 0.9 && near < 1.0, "{near}");
        assert!(lcs_similarity(&a, &c) < 0.6);
        assert!(dice(&a, &b) >= near);
    }
}
