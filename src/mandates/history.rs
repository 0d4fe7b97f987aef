//! `mandate-lint history FILE…`: resolutions of one mission in chronological order;
//! for each DSR clause of the latest, since which resolution it has stood unchanged,
//! and the share of DSR clauses renewed unchanged at each renewal.

use rayon::prelude::*;
use serde::Serialize;

use super::align::{self, Alignment, Change};
use super::diff::{excerpt, md_cell};
use super::Resolution;

#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub file: String,
    pub resolution: String,
    pub mission: Option<String>,
    pub dsr_tasks: usize,
}

/// One renewal: the DSR tasks of `to` compared with `from`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Renewal {
    pub from: String,
    pub to: String,
    pub dsr_tasks: usize,
    pub unchanged: usize,
    pub edited: usize,
    pub new: usize,
    /// Unchanged, or edited with a similarity of at least [`align::NEAR_IDENTICAL`].
    pub near_identical: usize,
    /// unchanged / dsr_tasks; `None` when `to` has no DSR task.
    pub share_unchanged: Option<f64>,
}

/// A DSR clause of the latest resolution and its past.
#[derive(Clone, Debug, Serialize)]
pub struct Lineage {
    pub reference: String,
    pub text: String,
    /// How it changed at the latest renewal.
    pub change: Change,
    /// The earliest resolution since which the clause has stood word for word
    /// (after masking); the latest itself when it was edited or added there.
    pub unchanged_since: String,
    /// Renewals it went through unchanged.
    pub renewed_unchanged: usize,
    /// The earliest resolution with a matching (identical or edited) clause.
    pub first_seen: String,
    /// The clause's reference in each resolution it goes back to, latest first
    /// ("resolution: reference").
    pub trail: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HistoryReport {
    pub version: u32,
    /// The missions named by the resolutions (normally one).
    pub missions: Vec<String>,
    /// Chronological order.
    pub resolutions: Vec<Entry>,
    pub renewals: Vec<Renewal>,
    /// DSR tasks of the latest resolution.
    pub latest: Vec<Lineage>,
    /// Over all renewals: DSR tasks renewed, of which unchanged.
    pub total_dsr_renewed: usize,
    pub total_unchanged: usize,
    pub share_unchanged: Option<f64>,
    /// Over all renewals: unchanged or near-identical (similarity ≥ 0.9).
    pub total_near_identical: usize,
    pub share_near_identical: Option<f64>,
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 1000.0).round() / 1000.0)
}

/// Builds the history of resolutions already in chronological order (see
/// [`super::sort_chronologically`]).
pub fn history(resolutions: &[Resolution]) -> HistoryReport {
    let alignments: Vec<Alignment> = resolutions
        .par_windows(2)
        .map(|pair| match pair {
            [old, new] => {
                let missions = align::missions_of(&old.checked.analysis, &new.checked.analysis);
                align::align(&old.checked.doc, &new.checked.doc, &missions)
            }
            _ => Alignment::default(),
        })
        .collect();
    let mut renewals = Vec::new();
    let (mut total, mut total_unchanged, mut total_near) = (0, 0, 0);
    for (k, alignment) in alignments.iter().enumerate() {
        let (Some(from), Some(to)) = (resolutions.get(k), resolutions.get(k + 1)) else {
            continue;
        };
        let mut r = Renewal {
            from: from.label(),
            to: to.label(),
            dsr_tasks: 0,
            unchanged: 0,
            edited: 0,
            new: 0,
            near_identical: 0,
            share_unchanged: None,
        };
        for (i, _) in to.checked.analysis.dsr_clauses() {
            r.dsr_tasks += 1;
            let m = alignment.for_new(i);
            match m.map_or(Change::New, |m| m.change) {
                Change::Unchanged => r.unchanged += 1,
                Change::Edited => r.edited += 1,
                Change::New => r.new += 1,
            }
            if m.is_some_and(|m| m.similarity >= align::NEAR_IDENTICAL) {
                r.near_identical += 1;
            }
        }
        r.share_unchanged = share(r.unchanged, r.dsr_tasks);
        total += r.dsr_tasks;
        total_unchanged += r.unchanged;
        total_near += r.near_identical;
        renewals.push(r);
    }
    let latest = match resolutions.last() {
        Some(last) => lineages(resolutions, &alignments, last),
        None => Vec::new(),
    };
    let mut missions: Vec<String> = resolutions
        .iter()
        .filter_map(|r| r.mission().map(str::to_string))
        .collect();
    missions.sort();
    missions.dedup();
    HistoryReport {
        version: 1,
        missions,
        resolutions: resolutions
            .iter()
            .map(|r| Entry {
                file: r.name.clone(),
                resolution: r.label(),
                mission: r.mission().map(str::to_string),
                dsr_tasks: r.checked.analysis.dsr_clauses().count(),
            })
            .collect(),
        renewals,
        latest,
        total_dsr_renewed: total,
        total_unchanged,
        share_unchanged: share(total_unchanged, total),
        total_near_identical: total_near,
        share_near_identical: share(total_near, total),
    }
}

fn lineages(
    resolutions: &[Resolution],
    alignments: &[Alignment],
    last: &Resolution,
) -> Vec<Lineage> {
    let n = resolutions.len();
    let doc = &last.checked.doc;
    last.checked
        .analysis
        .dsr_clauses()
        .filter_map(|(i, _)| {
            let clause = doc.clauses.get(i)?;
            let mut trail = vec![format!("{}: {}", last.label(), clause.reference)];
            let (mut cur, mut k) = (i, n - 1);
            let (mut since, mut first, mut unbroken, mut renewed) = (k, k, true, 0);
            let mut change_at_latest = Change::New;
            while k > 0 {
                let Some(m) = alignments.get(k - 1).and_then(|a| a.for_new(cur)) else {
                    break;
                };
                if k == n - 1 {
                    change_at_latest = m.change;
                }
                let Some(old) = m.old_clause else { break };
                if unbroken && m.change == Change::Unchanged {
                    since = k - 1;
                    renewed += 1;
                } else {
                    unbroken = false;
                }
                first = k - 1;
                cur = old;
                k -= 1;
                if let Some(r) = resolutions.get(k) {
                    let reference = r
                        .checked
                        .doc
                        .clauses
                        .get(cur)
                        .map_or("?", |c| c.reference.as_str());
                    trail.push(format!("{}: {reference}", r.label()));
                }
            }
            let label = |idx: usize| {
                resolutions
                    .get(idx)
                    .map(Resolution::label)
                    .unwrap_or_default()
            };
            Some(Lineage {
                reference: clause.reference.to_string(),
                text: align::own_text(doc, clause),
                change: if n == 1 {
                    Change::New
                } else {
                    change_at_latest
                },
                unchanged_since: label(since),
                renewed_unchanged: renewed,
                first_seen: label(first),
                trail,
            })
        })
        .collect()
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{:.0}%", v * 100.0))
}

pub fn render_human(h: &HistoryReport) -> String {
    let mut out = String::new();
    let missions = if h.missions.is_empty() {
        "no mission named".to_string()
    } else {
        h.missions.join(", ")
    };
    out.push_str(&format!(
        "{} resolutions ({missions}), oldest first:\n",
        h.resolutions.len()
    ));
    for e in &h.resolutions {
        out.push_str(&format!(
            "  {:<14} {:>2} DSR tasks  {}\n",
            e.resolution, e.dsr_tasks, e.file
        ));
    }
    if let Some(last) = h.resolutions.last() {
        out.push_str(&format!(
            "\nDSR tasks of the latest, {}:\n",
            last.resolution
        ));
        if h.latest.is_empty() {
            out.push_str("  none\n");
        }
        for l in &h.latest {
            let status = match l.change {
                Change::Unchanged => format!(
                    "unchanged since {} ({} renewal{})",
                    l.unchanged_since,
                    l.renewed_unchanged,
                    if l.renewed_unchanged == 1 { "" } else { "s" }
                ),
                Change::Edited => format!("edited in {}", last.resolution),
                Change::New => format!("new in {}", last.resolution),
            };
            out.push_str(&format!("  {:<10} {status}", l.reference));
            if l.first_seen != last.resolution {
                out.push_str(&format!("; first seen in {}", l.first_seen));
            }
            out.push('\n');
            out.push_str(&format!("             {}\n", excerpt(&l.text, 160)));
        }
    }
    if !h.renewals.is_empty() {
        out.push_str("\nRenewals (DSR tasks of the later text):\n");
        for r in &h.renewals {
            out.push_str(&format!(
                "  {} -> {}: {} of {} unchanged ({}), {} edited ({} near-identical), {} new\n",
                r.from,
                r.to,
                r.unchanged,
                r.dsr_tasks,
                pct(r.share_unchanged),
                r.edited,
                r.near_identical - r.unchanged,
                r.new
            ));
        }
        out.push_str(&format!(
            "\n{} of {} DSR tasks renewed unchanged over {} renewals ({}); {} unchanged or near-identical (>= 90% similar: {}); DCAF 2020 found 71% (para. 36)\n",
            h.total_unchanged,
            h.total_dsr_renewed,
            h.renewals.len(),
            pct(h.share_unchanged),
            h.total_near_identical,
            pct(h.share_near_identical)
        ));
    }
    out
}

pub fn render_json(h: &HistoryReport) -> String {
    let mut s =
        serde_json::to_string_pretty(h).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

pub fn render_markdown(h: &HistoryReport) -> String {
    let mut out = String::new();
    out.push_str("| Resolution | File | DSR tasks |\n|---|---|---|\n");
    for e in &h.resolutions {
        out.push_str(&format!(
            "| {} | `{}` | {} |\n",
            md_cell(&e.resolution),
            md_cell(&e.file),
            e.dsr_tasks
        ));
    }
    if let Some(last) = h.resolutions.last() {
        out.push_str(&format!(
            "\n**DSR tasks of {}**\n\n| Paragraph | Status | Unchanged since | First seen | Text |\n|---|---|---|---|---|\n",
            md_cell(&last.resolution)
        ));
        for l in &h.latest {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md_cell(&l.reference),
                l.change.as_str(),
                md_cell(&l.unchanged_since),
                md_cell(&l.first_seen),
                md_cell(&excerpt(&l.text, 160))
            ));
        }
    }
    if !h.renewals.is_empty() {
        out.push_str("\n| Renewal | DSR tasks | Unchanged | Edited | New | Share unchanged | Unchanged or near-identical |\n|---|---|---|---|---|---|---|\n");
        for r in &h.renewals {
            out.push_str(&format!(
                "| {} → {} | {} | {} | {} | {} | {} | {} |\n",
                md_cell(&r.from),
                md_cell(&r.to),
                r.dsr_tasks,
                r.unchanged,
                r.edited,
                r.new,
                pct(r.share_unchanged),
                pct(share(r.near_identical, r.dsr_tasks))
            ));
        }
        out.push_str(&format!(
            "\n**{} of {} DSR tasks renewed unchanged ({}).**\n",
            h.total_unchanged,
            h.total_dsr_renewed,
            pct(h.share_unchanged)
        ));
    }
    out
}
