//! `mandate-lint diff OLD NEW`: the clause-by-clause comparison of two resolutions,
//! DSR clauses marked.

use serde::Serialize;

use super::align::{self, Change, WordOp};
use super::Resolution;
use crate::model::Document;

/// One side of the comparison.
#[derive(Clone, Debug, Serialize)]
pub struct Side {
    pub file: String,
    /// "2098 (2013)" or the file name.
    pub resolution: String,
    pub mission: Option<String>,
    pub dsr_tasks: usize,
}

fn side(r: &Resolution) -> Side {
    Side {
        file: r.name.clone(),
        resolution: r.label(),
        mission: r.mission().map(str::to_string),
        dsr_tasks: r.checked.analysis.dsr_clauses().count(),
    }
}

/// One clause of the new text and what became of it.
#[derive(Clone, Debug, Serialize)]
pub struct ClauseRow {
    /// Reference in the new text ("12(b)", "pp3").
    pub reference: String,
    pub part: &'static str,
    pub dsr: bool,
    pub change: Change,
    /// Reference of the matched clause in the old text.
    pub old_reference: Option<String>,
    /// Whether the matched old clause was a DSR task.
    pub old_dsr: Option<bool>,
    /// Word similarity, 0..1 (rounded to 3 decimals).
    pub similarity: f64,
    /// `[-deleted-] {+inserted+}` word difference, for edited clauses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word_diff: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ops: Vec<WordOp>,
    pub text: String,
}

/// A clause of the old text that nothing in the new text matches.
#[derive(Clone, Debug, Serialize)]
pub struct RemovedRow {
    pub reference: String,
    pub part: &'static str,
    pub dsr: bool,
    pub text: String,
}

#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub unchanged: usize,
    pub edited: usize,
    pub new: usize,
    pub removed: usize,
}

impl Counts {
    fn add(&mut self, change: Change) {
        match change {
            Change::Unchanged => self.unchanged += 1,
            Change::Edited => self.edited += 1,
            Change::New => self.new += 1,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct DiffReport {
    pub version: u32,
    pub old: Side,
    pub new: Side,
    /// What the comparison ignores.
    pub masked: Vec<String>,
    /// Missions masked as `<mission>`.
    pub masked_missions: Vec<String>,
    pub match_threshold: f64,
    pub clauses: Vec<ClauseRow>,
    pub removed: Vec<RemovedRow>,
    /// All compared clauses.
    pub all: Counts,
    /// DSR tasks of the new text (removed: DSR tasks of the old text left unmatched).
    pub dsr: Counts,
}

fn clause_text(doc: &Document, idx: usize) -> String {
    doc.clauses
        .get(idx)
        .map(|c| align::own_text(doc, c))
        .unwrap_or_default()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Compares `old` with `new`.
pub fn compare(old: &Resolution, new: &Resolution) -> DiffReport {
    let (od, nd) = (&old.checked.doc, &new.checked.doc);
    let (oa, na) = (&old.checked.analysis, &new.checked.analysis);
    let missions = align::missions_of(oa, na);
    let alignment = align::align(od, nd, &missions);
    let is_dsr =
        |a: &crate::analyse::Analysis, i: usize| a.clauses.get(i).is_some_and(|c| c.dsr_task);
    let mut all = Counts::default();
    let mut dsr = Counts::default();
    let clauses: Vec<ClauseRow> = alignment
        .matches
        .iter()
        .filter_map(|m| {
            let c = nd.clauses.get(m.new_clause)?;
            let d = is_dsr(na, m.new_clause);
            all.add(m.change);
            if d {
                dsr.add(m.change);
            }
            Some(ClauseRow {
                reference: c.reference.to_string(),
                part: c.part.as_str(),
                dsr: d,
                change: m.change,
                old_reference: m
                    .old_clause
                    .and_then(|o| od.clauses.get(o))
                    .map(|o| o.reference.to_string()),
                old_dsr: m.old_clause.map(|o| is_dsr(oa, o)),
                similarity: round3(m.similarity),
                word_diff: (m.change == Change::Edited).then(|| align::render_word_diff(&m.diff)),
                ops: m.diff.clone(),
                text: clause_text(nd, m.new_clause),
            })
        })
        .collect();
    let removed: Vec<RemovedRow> = alignment
        .removed
        .iter()
        .filter_map(|&o| {
            let c = od.clauses.get(o)?;
            let d = is_dsr(oa, o);
            all.removed += 1;
            if d {
                dsr.removed += 1;
            }
            Some(RemovedRow {
                reference: c.reference.to_string(),
                part: c.part.as_str(),
                dsr: d,
                text: clause_text(od, o),
            })
        })
        .collect();
    DiffReport {
        version: 1,
        old: side(old),
        new: side(new),
        masked: align::MASKED.iter().map(|s| s.to_string()).collect(),
        masked_missions: missions.iter().map(|s| s.to_string()).collect(),
        match_threshold: align::MATCH_MIN,
        clauses,
        removed,
        all,
        dsr,
    }
}

/// First `n` characters of `text`, with an ellipsis when cut.
pub(crate) fn excerpt(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

fn pct(part: usize, whole: usize) -> String {
    if whole == 0 {
        "n/a".to_string()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

fn side_line(s: &Side) -> String {
    match &s.mission {
        Some(m) => format!("{} ({}, {m})", s.file, s.resolution),
        None => format!("{} ({})", s.file, s.resolution),
    }
}

/// Terminal output: unchanged clauses on one line each, edited ones with their word
/// difference, new ones with their text.
pub fn render_human(r: &DiffReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "old: {}\nnew: {}\n",
        side_line(&r.old),
        side_line(&r.new)
    ));
    out.push_str(&format!(
        "ignored when comparing: {}\n\n",
        r.masked.join("; ")
    ));
    for c in &r.clauses {
        let mark = if c.dsr { "DSR" } else { "   " };
        let from = c
            .old_reference
            .as_deref()
            .map(|o| format!(" <- {o}"))
            .unwrap_or_default();
        match c.change {
            Change::Unchanged => {
                out.push_str(&format!("  {mark} unchanged  {}{from}\n", c.reference));
            }
            Change::Edited => {
                out.push_str(&format!(
                    "  {mark} edited     {}{from} ({:.0}% similar)\n",
                    c.reference,
                    c.similarity * 100.0
                ));
                out.push_str(&format!(
                    "        {}\n",
                    align::render_word_diff_compact(&c.ops, 6)
                ));
            }
            Change::New => {
                out.push_str(&format!("  {mark} new        {}\n", c.reference));
                out.push_str(&format!("        {{+{}+}}\n", excerpt(&c.text, 300)));
            }
        }
    }
    for rm in &r.removed {
        let mark = if rm.dsr { "DSR" } else { "   " };
        out.push_str(&format!(
            "  {mark} removed    {} (old text)\n",
            rm.reference
        ));
        out.push_str(&format!("        [-{}-]\n", excerpt(&rm.text, 300)));
    }
    out.push_str(&format!(
        "\n{} clauses: {} unchanged, {} edited, {} new; {} removed from the old text\n",
        r.clauses.len(),
        r.all.unchanged,
        r.all.edited,
        r.all.new,
        r.all.removed
    ));
    let dsr_total = r.dsr.unchanged + r.dsr.edited + r.dsr.new;
    out.push_str(&format!(
        "DSR tasks of the new text: {dsr_total}: {} unchanged ({}), {} lightly edited, {} new\n",
        r.dsr.unchanged,
        pct(r.dsr.unchanged, dsr_total),
        r.dsr.edited,
        r.dsr.new
    ));
    if r.dsr.unchanged > 0 {
        out.push_str(
            "note: DCAF found 71% of DSR mandates renewed unchanged for ten years and asks the \
             Council to adjust them to the situation on the ground (DCAF 2020, para. 36, \
             Recommendation 2)\n",
        );
    }
    out
}

pub fn render_json(r: &DiffReport) -> String {
    let mut s =
        serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

/// Escapes text for a Markdown table cell.
pub(crate) fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

pub fn render_markdown(r: &DiffReport) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "## {} → {}\n\n",
        md_cell(&r.old.resolution),
        md_cell(&r.new.resolution)
    ));
    out.push_str(&format!(
        "Old: `{}`; new: `{}`. Ignored when comparing: {}.\n\n",
        md_cell(&r.old.file),
        md_cell(&r.new.file),
        md_cell(&r.masked.join("; "))
    ));
    out.push_str("| New | Old | DSR | Status | Similarity | Change |\n|---|---|---|---|---|---|\n");
    for c in &r.clauses {
        let change = match c.change {
            Change::Unchanged => String::new(),
            Change::Edited => md_cell(&align::render_word_diff_compact(&c.ops, 6)),
            Change::New => md_cell(&excerpt(&c.text, 200)),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {:.0}% | {} |\n",
            md_cell(&c.reference),
            md_cell(c.old_reference.as_deref().unwrap_or("–")),
            if c.dsr { "✓" } else { "" },
            c.change.as_str(),
            c.similarity * 100.0,
            change
        ));
    }
    for rm in &r.removed {
        out.push_str(&format!(
            "| – | {} | {} | removed | | {} |\n",
            md_cell(&rm.reference),
            if rm.dsr { "✓" } else { "" },
            md_cell(&excerpt(&rm.text, 200))
        ));
    }
    let dsr_total = r.dsr.unchanged + r.dsr.edited + r.dsr.new;
    out.push_str(&format!(
        "\n**DSR tasks of the new text:** {dsr_total}: {} unchanged ({}), {} lightly edited, {} new.\n",
        r.dsr.unchanged,
        pct(r.dsr.unchanged, dsr_total),
        r.dsr.edited,
        r.dsr.new
    ));
    out
}
