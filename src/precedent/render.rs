//! `mandate-lint precedent` reports: the closest adopted clauses, and since when a
//! language has stood, for a policy reader (human) or a program (JSON, version 1).

use serde::Serialize;

use super::{percent, FirstUse, Hit, PrecedentIndex, Query, NEW_LANGUAGE_BELOW};
use crate::mandates::align::{self, WordOp};
use crate::mandates::diff::excerpt;

/// The index a report was made from.
#[derive(Clone, Debug, Serialize)]
pub struct IndexInfo {
    pub path: String,
    pub resolutions: usize,
    pub clauses: usize,
    pub first_year: Option<u32>,
    pub last_year: Option<u32>,
}

impl IndexInfo {
    pub fn of(index: &PrecedentIndex) -> IndexInfo {
        let m = index.meta();
        IndexInfo {
            path: index.path().display().to_string(),
            resolutions: m.resolutions,
            clauses: m.clauses,
            first_year: m.first_year,
            last_year: m.last_year,
        }
    }

    fn line(&self) -> String {
        let years = match (self.first_year, self.last_year) {
            (Some(a), Some(b)) => format!(", {a}–{b}"),
            _ => String::new(),
        };
        format!(
            "{} adopted resolutions{years}, {} operative clauses",
            thousands(self.resolutions),
            thousands(self.clauses)
        )
    }
}

/// What was looked up.
#[derive(Clone, Debug, Serialize)]
pub struct QueryInfo {
    pub text: String,
    /// "draft.txt:4(b)" when the text is a clause of a file.
    pub source: Option<String>,
    /// The draft's mission, masked when comparing.
    pub mission: Option<String>,
}

/// One adopted clause in a report.
#[derive(Clone, Debug, Serialize)]
pub struct ReportHit {
    #[serde(flatten)]
    pub hit: Hit,
    /// Whole percent, rounded down.
    pub percent: u32,
    /// "S/RES/2149 (2014) para 30(f)(iii)".
    pub citation: String,
    /// From the adopted text to the query: `[-adopted only-] {+query only+}`.
    pub word_diff: String,
    pub ops: Vec<WordOp>,
    /// Other clauses with exactly the same wording (after masking), most recent first.
    pub same_wording_in: Vec<String>,
}

/// `mandate-lint precedent TEXT`.
#[derive(Clone, Debug, Serialize)]
pub struct NearestReport {
    pub version: u32,
    pub index: IndexInfo,
    pub query: QueryInfo,
    /// No adopted clause reaches 60%: new language (PRE001).
    pub new_language: bool,
    pub hits: Vec<ReportHit>,
}

/// One resolution in the chain of versions.
#[derive(Clone, Debug, Serialize)]
pub struct VersionRow {
    #[serde(flatten)]
    pub hit: Hit,
    pub percent: u32,
    pub citation: String,
    /// "first use", "unchanged" (same words as the previous version) or "edited".
    pub change: &'static str,
    /// For edited versions: from the previous version to this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word_diff: Option<String>,
}

/// `mandate-lint precedent --first TEXT`.
#[derive(Clone, Debug, Serialize)]
pub struct FirstReport {
    pub version: u32,
    pub index: IndexInfo,
    pub query: QueryInfo,
    pub threshold: f64,
    /// The earliest resolution carrying the language.
    pub first: Option<VersionRow>,
    /// Every resolution carrying it, oldest first.
    pub versions: Vec<VersionRow>,
    /// When no clause reaches the threshold: the closest one.
    pub closest: Option<ReportHit>,
}

fn missions<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = a.into_iter().chain(b).collect();
    out.dedup();
    out
}

fn diff_ops(
    old: &str,
    old_mission: Option<&str>,
    new: &str,
    new_mission: Option<&str>,
) -> Vec<WordOp> {
    let ms = missions(old_mission, new_mission);
    align::word_diff(&align::words(old, &ms), &align::words(new, &ms))
}

/// One hit with its word diff against the query.
pub fn report_hit(hit: Hit, query: &QueryInfo) -> ReportHit {
    let ops = diff_ops(
        &hit.text,
        hit.mission.as_deref(),
        &query.text,
        query.mission.as_deref(),
    );
    ReportHit {
        percent: hit.percent(),
        citation: hit.citation(),
        word_diff: align::render_word_diff(&ops),
        ops,
        same_wording_in: Vec::new(),
        hit,
    }
}

/// How many hits to fetch for `limit` distinct wordings (renewals repeat a wording).
pub fn wordings_to_fetch(limit: usize) -> usize {
    limit.saturating_mul(8).max(limit)
}

/// Ranked hits grouped by wording (same words after masking), best first, at most
/// `limit` groups, each with its word diff against the query and the other clauses
/// that carry it.
pub fn by_wording(
    hits: impl IntoIterator<Item = Hit>,
    query: &QueryInfo,
    limit: usize,
) -> Vec<ReportHit> {
    let mut groups: Vec<(String, ReportHit)> = Vec::new();
    for hit in hits {
        let wording = super::schema::indexed_words(&hit.text, hit.mission.as_deref());
        if let Some((_, g)) = groups.iter_mut().find(|(w, _)| *w == wording) {
            g.same_wording_in.push(hit.citation());
            continue;
        }
        if groups.len() < limit {
            groups.push((wording, report_hit(hit, query)));
        }
    }
    groups.into_iter().map(|(_, h)| h).collect()
}

/// The `limit` closest wordings, each with the other clauses that carry it word for
/// word.
pub fn nearest(index: &PrecedentIndex, query: &QueryInfo, limit: usize) -> NearestReport {
    let q = Query {
        text: &query.text,
        mission: query.mission.as_deref(),
        limit: wordings_to_fetch(limit),
        exclude: None,
    };
    let hits = by_wording(index.search(&q), query, limit);
    NearestReport {
        version: 1,
        index: IndexInfo::of(index),
        query: query.clone(),
        new_language: hits
            .first()
            .is_none_or(|h| h.hit.similarity < NEW_LANGUAGE_BELOW),
        hits,
    }
}

/// Since when the language of `query` has stood, with the chain of versions.
pub fn first(index: &PrecedentIndex, query: &QueryInfo, threshold: f64) -> FirstReport {
    let q = Query {
        mission: query.mission.as_deref(),
        ..Query::new(&query.text)
    };
    let FirstUse { versions, .. } = index.first_use_for(&q, threshold);
    let mut rows: Vec<VersionRow> = Vec::with_capacity(versions.len());
    let mut previous: Option<&Hit> = None;
    for hit in &versions {
        let (change, word_diff) = match previous {
            None => ("first use", None),
            Some(p) => {
                let ops = diff_ops(
                    &p.text,
                    p.mission.as_deref(),
                    &hit.text,
                    hit.mission.as_deref(),
                );
                if ops.iter().all(|op| matches!(op, WordOp::Same(_))) {
                    ("unchanged", None)
                } else {
                    ("edited", Some(align::render_word_diff_compact(&ops, 4)))
                }
            }
        };
        rows.push(VersionRow {
            percent: hit.percent(),
            citation: hit.citation(),
            change,
            word_diff,
            hit: hit.clone(),
        });
        previous = Some(hit);
    }
    let closest = if rows.is_empty() {
        index
            .search(&Query { limit: 1, ..q })
            .into_iter()
            .next()
            .map(|h| report_hit(h, query))
    } else {
        None
    };
    FirstReport {
        version: 1,
        index: IndexInfo::of(index),
        query: query.clone(),
        threshold,
        first: rows.first().cloned(),
        versions: rows,
        closest,
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Wraps `text` at `width` characters, every line indented by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

const WIDTH: usize = 84;

fn query_lines(q: &QueryInfo) -> String {
    let mut out = match (&q.source, &q.mission) {
        (Some(s), Some(m)) => format!("Your text ({s}, mission {m}):\n"),
        (Some(s), None) => format!("Your text ({s}):\n"),
        (None, _) => "Your text:\n".to_string(),
    };
    out.push_str(&wrap(&excerpt(&q.text, 600), WIDTH, "  "));
    out
}

fn hit_heading(h: &Hit) -> String {
    let mut parts = vec![format!("{} para {}", h.symbol, h.reference)];
    if let Some(d) = &h.date {
        parts.push(format!("adopted {d}"));
    }
    if let Some(m) = &h.mission {
        parts.push(m.clone());
    }
    if h.coding.dsr_task {
        parts.push("DSR task".into());
    }
    parts.join(" · ")
}

fn more(list: &[String], shown: usize) -> String {
    let mut s = list
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if list.len() > shown {
        s.push_str(&format!(" and {} more", list.len() - shown));
    }
    s
}

pub fn render_nearest_human(r: &NearestReport) -> String {
    let mut out = format!("Closest adopted language (index: {})\n\n", r.index.line());
    out.push_str(&query_lines(&r.query));
    out.push('\n');
    match r.hits.first() {
        None => {
            out.push_str("No adopted clause shares a word with this text: new language.\n");
            return out;
        }
        Some(best) if r.new_language => out.push_str(&format!(
            "New language: no adopted clause is {}% similar or more (the closest is {}%).\n\n",
            percent(NEW_LANGUAGE_BELOW),
            best.percent
        )),
        Some(_) => {}
    }
    for (i, h) in r.hits.iter().enumerate() {
        out.push_str(&format!(
            "{:>2}. {:>3}%  {}\n",
            i + 1,
            h.percent,
            hit_heading(&h.hit)
        ));
        out.push_str(&wrap(&excerpt(&h.hit.text, 600), WIDTH, "         "));
        if h.hit.similarity < NEW_LANGUAGE_BELOW {
            out.push_str(&format!(
                "         different wording (below {}%: not the same clause)\n",
                percent(NEW_LANGUAGE_BELOW)
            ));
        } else if h.ops.iter().any(|op| !matches!(op, WordOp::Same(_))) {
            let compact = align::render_word_diff_compact(&h.ops, 4);
            out.push_str(&wrap(&format!("changes: {compact}"), WIDTH, "         "));
        } else {
            out.push_str("         same wording as your text\n");
        }
        if !h.same_wording_in.is_empty() {
            out.push_str(&wrap(
                &format!("same wording also in {}", more(&h.same_wording_in, 3)),
                WIDTH,
                "         ",
            ));
        }
        out.push('\n');
    }
    out.push_str(
        "Similarity as in `mandate-lint diff`: numbers, dates, month names and mission\n\
         acronyms do not count. In the changes, [-…-] is adopted wording your text does\n\
         not have and {+…+} is your wording the adopted text does not have.\n",
    );
    out
}

pub fn render_first_human(r: &FirstReport) -> String {
    let mut out = format!(
        "Since when this language has stood (index: {})\n\n",
        r.index.line()
    );
    out.push_str(&query_lines(&r.query));
    out.push('\n');
    let threshold = percent(r.threshold);
    let Some(first) = &r.first else {
        out.push_str(&format!(
            "No adopted clause is {threshold}% similar or more: this language has not been adopted before.\n"
        ));
        if let Some(c) = &r.closest {
            out.push_str(&format!(
                "The closest is {}% similar: {}\n",
                c.percent,
                hit_heading(&c.hit)
            ));
            out.push_str(&wrap(&excerpt(&c.hit.text, 600), WIDTH, "  "));
        }
        return out;
    };
    let date = first
        .hit
        .date
        .as_deref()
        .map(|d| format!(", adopted {d}"))
        .unwrap_or_default();
    let mission = first
        .hit
        .mission
        .as_deref()
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    out.push_str(&format!(
        "First adopted in {}{date}{mission}: {}% similar to your text.\n",
        first.citation, first.percent
    ));
    let last_year = r.versions.last().and_then(|v| v.hit.year);
    let span = match (first.hit.year, last_year) {
        (Some(a), Some(b)) if a != b => format!(", {a} to {b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    out.push_str(&format!(
        "Carried by {} resolution{}{span} (clauses at least {threshold}% similar to your text).\n\n",
        r.versions.len(),
        if r.versions.len() == 1 { "" } else { "s" }
    ));
    out.push_str("Versions, oldest first:\n");
    for v in &r.versions {
        out.push_str(&format!(
            "  {:<32} {:<18} {:<9} {:>3}%  {}\n",
            v.citation,
            v.hit.date.as_deref().unwrap_or("-"),
            v.hit.mission.as_deref().unwrap_or("-"),
            v.percent,
            v.change
        ));
        if let Some(d) = &v.word_diff {
            out.push_str(&wrap(d, WIDTH, "      "));
        }
    }
    out.push_str(
        "\nSimilarity as in `mandate-lint diff`: numbers, dates, month names and mission\n\
         acronyms do not count. In the changes, [-…-] was dropped and {+…+} added.\n",
    );
    out
}

pub fn render_json<T: Serialize>(report: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_wrap() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(2431), "2,431");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(wrap("a bb ccc", 4, "> "), "> a bb\n> ccc\n");
        assert_eq!(wrap("é — “x”", 80, ""), "é — “x”\n");
    }
}
