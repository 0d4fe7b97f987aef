//! `mandate-lint map FILE…|DIR`: the DCAF coding table (DCAF 2020, Annex, Tables 1–2),
//! one column per resolution or per mission, rows: the ten categories of DSR support,
//! political/technical engagement, strategic/operational/tactical level, the national
//! actors engaged, each group with a "not specified" row; then the comprehensiveness
//! verdict (four or more categories, political and technical elements, strategic and
//! operational level: DCAF 2020 para. 11 and note 17, BRIEF §2).
//!
//! Every tick carries the clauses behind it, so each can be checked by hand.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

use super::diff::{excerpt, md_cell};
use super::Resolution;
use crate::analyse::{Actor, Category, DsrScope, Engagement, Level, Task, UnRole};

/// A row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Row {
    Category(Category),
    CategoryNotSpecified,
    Engagement(Engagement),
    EngagementNotSpecified,
    Level(Level),
    LevelNotSpecified,
    Actor(Actor),
    ActorNotSpecified,
}

impl Row {
    /// In the order of the DCAF tables.
    pub fn all() -> Vec<Row> {
        let mut rows: Vec<Row> = Category::ALL.into_iter().map(Row::Category).collect();
        rows.push(Row::CategoryNotSpecified);
        rows.extend(Engagement::ALL.into_iter().map(Row::Engagement));
        rows.push(Row::EngagementNotSpecified);
        rows.extend(Level::ALL.into_iter().map(Row::Level));
        rows.push(Row::LevelNotSpecified);
        rows.extend(Actor::ALL.into_iter().map(Row::Actor));
        rows.push(Row::ActorNotSpecified);
        rows
    }

    pub fn group(self) -> &'static str {
        match self {
            Row::Category(_) | Row::CategoryNotSpecified => "Categories of DSR support",
            Row::Engagement(_) | Row::EngagementNotSpecified => "Political vs. technical",
            Row::Level(_) | Row::LevelNotSpecified => "Level of engagement",
            Row::Actor(_) | Row::ActorNotSpecified => "National actors engaged",
        }
    }

    pub fn title(self) -> String {
        match self {
            Row::Category(c) => capitalise(c.title()),
            Row::Engagement(Engagement::Political) => "Political".into(),
            Row::Engagement(Engagement::Technical) => "Technical".into(),
            Row::Level(Level::Strategic) => "Strategic (policy)".into(),
            Row::Level(Level::Operational) => "Operational (institutional)".into(),
            Row::Level(Level::Tactical) => "Tactical (individual)".into(),
            Row::Actor(a) => capitalise(a.title()),
            Row::CategoryNotSpecified
            | Row::EngagementNotSpecified
            | Row::LevelNotSpecified
            | Row::ActorNotSpecified => "Not specified".into(),
        }
    }

    /// Stable machine name: "category:governance-oversight", "level:not-specified".
    pub fn slug(self) -> String {
        match self {
            Row::Category(c) => format!("category:{}", c.slug()),
            Row::CategoryNotSpecified => "category:not-specified".into(),
            Row::Engagement(e) => format!("engagement:{}", e.slug()),
            Row::EngagementNotSpecified => "engagement:not-specified".into(),
            Row::Level(l) => format!("level:{}", l.slug()),
            Row::LevelNotSpecified => "level:not-specified".into(),
            Row::Actor(a) => format!("actor:{}", a.slug()),
            Row::ActorNotSpecified => "actor:not-specified".into(),
        }
    }

    /// The rows a DSR task ticks.
    pub fn of(task: &Task) -> Vec<Row> {
        let mut rows: Vec<Row> = task.categories.iter().copied().map(Row::Category).collect();
        if task.categories.is_empty() {
            rows.push(Row::CategoryNotSpecified);
        }
        rows.extend(task.engagement.iter().copied().map(Row::Engagement));
        if task.engagement.is_empty() {
            rows.push(Row::EngagementNotSpecified);
        }
        rows.extend(task.levels.iter().copied().map(Row::Level));
        if task.levels.is_empty() {
            rows.push(Row::LevelNotSpecified);
        }
        rows.extend(task.actors.iter().copied().map(Row::Actor));
        if task.actors.is_empty() {
            rows.push(Row::ActorNotSpecified);
        }
        rows
    }
}

/// The DSR tasks of a resolution that `scope` selects, with the index of their clause.
fn tasks_of(r: &Resolution, scope: TaskScope) -> Vec<(usize, &Task)> {
    r.checked
        .analysis
        .clauses
        .iter()
        .enumerate()
        .flat_map(|(i, c)| c.tasks.iter().map(move |t| (i, t)))
        .filter(|(_, t)| scope.includes(t))
        .collect()
}

/// Which DSR tasks the table codes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskScope {
    /// The study's convention (DCAF 2020 para 24): tasks the mandate gives the UN that
    /// name the defence sector.
    #[default]
    ExplicitMissionTasks,
    /// Every DSR task: also implicit (SSR-umbrella) tasks and UN support to national
    /// action ("urges the authorities, with the support of the mission, to …").
    All,
}

impl TaskScope {
    pub fn includes(self, task: &Task) -> bool {
        match self {
            TaskScope::All => true,
            TaskScope::ExplicitMissionTasks => {
                task.scope == DsrScope::Explicit && task.un_role == UnRole::Tasked
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Column per resolution or per mission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum By {
    Resolution,
    Mission,
}

/// Mission names given by the user (`--missions FILE`): file name, path or resolution
/// number ("2098" or "2098 (2013)") → mission.
#[derive(Clone, Debug, Default)]
pub struct MissionMap {
    entries: HashMap<String, String>,
}

impl MissionMap {
    /// Parses `key,mission` lines; blank lines, `#` comments and a `file,mission`-style
    /// header are skipped. Errors name the line.
    pub fn parse(text: &str, name: &str) -> Result<MissionMap, String> {
        let mut entries = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, mission)) = line.split_once(',') else {
                return Err(format!(
                    "{name}:{}: expected `file or resolution number,mission`, found `{}`",
                    n + 1,
                    excerpt(line, 60)
                ));
            };
            let (key, mission) = (unquote(key), unquote(mission));
            if n == 0 && mission.eq_ignore_ascii_case("mission") {
                continue;
            }
            if key.is_empty() || mission.is_empty() {
                return Err(format!("{name}:{}: empty file or mission", n + 1));
            }
            entries.insert(key.to_string(), mission.to_string());
        }
        Ok(MissionMap { entries })
    }

    pub fn load(path: &Path) -> Result<MissionMap, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        MissionMap::parse(&text, &path.display().to_string())
    }

    /// The mission for a resolution: by path, file name, "N (YYYY)" or number.
    pub fn lookup(&self, r: &Resolution) -> Option<&str> {
        let m = &r.checked.doc.masthead;
        let mut keys = vec![r.name.clone(), r.file_name().to_string(), r.label()];
        if let Some(n) = m.number {
            keys.push(n.to_string());
        }
        keys.iter()
            .find_map(|k| self.entries.get(k.as_str()))
            .map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"').trim()
}

/// One input resolution.
#[derive(Clone, Debug, Serialize)]
pub struct InputInfo {
    pub file: String,
    pub resolution: String,
    pub mission: Option<String>,
    pub dsr_tasks: usize,
}

/// A DSR task behind one or more ticks.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    /// Index into `inputs`.
    pub input: usize,
    /// The clause that holds the task.
    pub reference: String,
    /// The task phrase.
    pub text: String,
    /// "explicit" or "implicit".
    pub dsr: &'static str,
    /// Slugs of the rows it ticks.
    pub rows: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Column {
    /// "MONUSCO" or "2098 (2013)".
    pub label: String,
    pub mission: Option<String>,
    /// Indices into `inputs`.
    pub inputs: Vec<usize>,
    pub dsr_tasks: usize,
    /// Row slug → indices into `evidence` (only ticked rows).
    pub cells: BTreeMap<String, Vec<usize>>,
    pub categories: usize,
    pub comprehensive: bool,
    /// What keeps it from being comprehensive (empty when it is, or has no DSR task).
    pub missing: Vec<String>,
}

impl Column {
    pub fn ticked(&self, row: Row) -> bool {
        self.cells.get(&row.slug()).is_some_and(|v| !v.is_empty())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct RowInfo {
    pub slug: String,
    pub group: &'static str,
    pub title: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct MapReport {
    pub version: u32,
    pub by: By,
    /// Which DSR tasks were coded.
    pub scope: TaskScope,
    pub rows: Vec<RowInfo>,
    pub columns: Vec<Column>,
    pub inputs: Vec<InputInfo>,
    pub evidence: Vec<Evidence>,
}

/// The mission a resolution belongs to: the user's map first, then the analysis.
fn mission_of(r: &Resolution, missions: &MissionMap) -> Option<String> {
    missions
        .lookup(r)
        .map(str::to_string)
        .or_else(|| r.mission().map(str::to_string))
}

/// Codes `resolutions` (in the order given; sort them first for chronological columns).
pub fn map(resolutions: &[Resolution], by: By, missions: &MissionMap) -> MapReport {
    map_tasks(resolutions, by, missions, TaskScope::default())
}

/// The table over the DSR tasks `scope` selects: each task ticks the rows of its own
/// coding (docs/coding-guide.md), so a clause with two tasks gives two pieces of evidence.
pub fn map_tasks(
    resolutions: &[Resolution],
    by: By,
    missions: &MissionMap,
    scope: TaskScope,
) -> MapReport {
    let inputs: Vec<InputInfo> = resolutions
        .iter()
        .map(|r| InputInfo {
            file: r.name.clone(),
            resolution: r.label(),
            mission: mission_of(r, missions),
            dsr_tasks: tasks_of(r, scope).len(),
        })
        .collect();
    let mut evidence = Vec::new();
    let mut per_input: Vec<Vec<(usize, Vec<Row>)>> = Vec::with_capacity(resolutions.len());
    for (k, r) in resolutions.iter().enumerate() {
        let doc = &r.checked.doc;
        let mut mine = Vec::new();
        for (i, task) in tasks_of(r, scope) {
            let Some(clause) = doc.clauses.get(i) else {
                continue;
            };
            let rows = Row::of(task);
            evidence.push(Evidence {
                input: k,
                reference: clause.reference.clone(),
                text: doc
                    .text
                    .get(task.span.start..task.span.end)
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                dsr: task.scope.slug(),
                rows: rows.iter().map(|r| r.slug()).collect(),
            });
            mine.push((evidence.len() - 1, rows));
        }
        per_input.push(mine);
    }
    // Column keys in output order.
    let groups: Vec<(String, Option<String>, Vec<usize>)> = match by {
        By::Resolution => inputs
            .iter()
            .enumerate()
            .map(|(k, info)| {
                let label = match &info.mission {
                    Some(m) => format!("{} {m}", info.resolution),
                    None => info.resolution.clone(),
                };
                (label, info.mission.clone(), vec![k])
            })
            .collect(),
        By::Mission => {
            let mut by_mission: BTreeMap<(bool, String), Vec<usize>> = BTreeMap::new();
            for (k, info) in inputs.iter().enumerate() {
                let key = match &info.mission {
                    Some(m) => (false, m.clone()),
                    None => (true, "(no mission named)".to_string()),
                };
                by_mission.entry(key).or_default().push(k);
            }
            by_mission
                .into_iter()
                .map(|((unknown, label), ks)| {
                    let mission = (!unknown).then(|| label.clone());
                    (label, mission, ks)
                })
                .collect()
        }
    };
    let columns = groups
        .into_iter()
        .map(|(label, mission, ks)| {
            let mut cells: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            let mut ticked: BTreeSet<Row> = BTreeSet::new();
            let mut dsr_tasks = 0;
            for &k in &ks {
                for (ev, rows) in per_input.get(k).map(Vec::as_slice).unwrap_or(&[]) {
                    dsr_tasks += 1;
                    for row in rows {
                        ticked.insert(*row);
                        cells.entry(row.slug()).or_default().push(*ev);
                    }
                }
            }
            let (categories, comprehensive, missing) = verdict(&ticked, dsr_tasks);
            Column {
                label,
                mission,
                inputs: ks,
                dsr_tasks,
                cells,
                categories,
                comprehensive,
                missing,
            }
        })
        .collect();
    MapReport {
        version: 1,
        by,
        scope,
        rows: Row::all()
            .into_iter()
            .map(|r| RowInfo {
                slug: r.slug(),
                group: r.group(),
                title: r.title(),
            })
            .collect(),
        columns,
        inputs,
        evidence,
    }
}

/// Comprehensive = four or more categories AND political and technical elements AND
/// strategic and operational level (DCAF 2020 para. 11, note 17; BRIEF §2).
pub fn verdict(ticked: &BTreeSet<Row>, dsr_tasks: usize) -> (usize, bool, Vec<String>) {
    let categories = ticked
        .iter()
        .filter(|r| matches!(r, Row::Category(_)))
        .count();
    if dsr_tasks == 0 {
        return (0, false, vec!["no DSR task".to_string()]);
    }
    let mut missing = Vec::new();
    if categories < 4 {
        missing.push(format!("{categories} of the 4 categories needed"));
    }
    for (row, what) in [
        (
            Row::Engagement(Engagement::Political),
            "political engagement",
        ),
        (
            Row::Engagement(Engagement::Technical),
            "technical engagement",
        ),
        (Row::Level(Level::Strategic), "strategic level"),
        (Row::Level(Level::Operational), "operational level"),
    ] {
        if !ticked.contains(&row) {
            missing.push(format!("no {what}"));
        }
    }
    (categories, missing.is_empty(), missing)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV: one line per row, one column per resolution or mission; a cell holds the
/// number of DSR clauses behind the tick (empty: no tick).
pub fn render_csv(m: &MapReport) -> String {
    let mut out = String::new();
    let mut header = vec!["group".to_string(), "row".to_string()];
    header.extend(m.columns.iter().map(|c| csv_field(&c.label)));
    out.push_str(&header.join(","));
    out.push('\n');
    for row in Row::all() {
        let mut line = vec![csv_field(row.group()), csv_field(&row.title())];
        for c in &m.columns {
            let n = c.cells.get(&row.slug()).map_or(0, Vec::len);
            line.push(if n == 0 { String::new() } else { n.to_string() });
        }
        out.push_str(&line.join(","));
        out.push('\n');
    }
    let mut tasks = vec!["summary".to_string(), "DSR tasks".to_string()];
    tasks.extend(m.columns.iter().map(|c| c.dsr_tasks.to_string()));
    out.push_str(&tasks.join(","));
    out.push('\n');
    let mut comp = vec!["summary".to_string(), "Comprehensive".to_string()];
    comp.extend(
        m.columns
            .iter()
            .map(|c| if c.comprehensive { "yes" } else { "no" }.to_string()),
    );
    out.push_str(&comp.join(","));
    out.push('\n');
    out
}

pub fn render_json(m: &MapReport) -> String {
    let mut s =
        serde_json::to_string_pretty(m).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

pub fn render_markdown(m: &MapReport) -> String {
    let mut out = String::new();
    out.push_str("| | |");
    for c in &m.columns {
        out.push_str(&format!(" {} |", md_cell(&c.label)));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(m.columns.len()));
    out.push('\n');
    let mut last_group = "";
    for row in Row::all() {
        let group = if row.group() == last_group {
            ""
        } else {
            row.group()
        };
        last_group = row.group();
        out.push_str(&format!("| {} | {} |", group, md_cell(&row.title())));
        for c in &m.columns {
            out.push_str(if c.ticked(row) { " ✓ |" } else { " |" });
        }
        out.push('\n');
    }
    out.push_str("| | DSR tasks |");
    for c in &m.columns {
        out.push_str(&format!(" {} |", c.dsr_tasks));
    }
    out.push_str("\n| | **Comprehensive** |");
    for c in &m.columns {
        out.push_str(if c.comprehensive {
            " **yes** |"
        } else {
            " no |"
        });
    }
    out.push('\n');
    out
}

pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Anchor id of a cell: "cell-3-category-governance-oversight".
fn cell_id(col: usize, row: Row) -> String {
    format!("cell-{col}-{}", row.slug().replace(':', "-"))
}

const CSS: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.4rem;margin:0 0 .3rem}
p.lead{margin:0 0 1.2rem;color:#444;max-width:60rem}
.scroll{overflow-x:auto}
table.grid{border-collapse:collapse;font-size:.85rem}
.grid th,.grid td{border:1px solid #b9c4cf;padding:.25rem .45rem}
.grid thead th{background:#0b3d66;color:#fff;font-weight:600;vertical-align:bottom;min-width:4.5rem}
.grid th.group{background:#e6edf3;writing-mode:vertical-rl;transform:rotate(180deg);text-align:center;font-weight:600;white-space:nowrap}
.grid th.row{text-align:left;font-weight:normal;background:#f7f9fb;max-width:22rem}
.grid th.row.ns{font-style:italic;color:#555}
.grid td{text-align:center;min-width:2.5rem}
.grid td a{color:#0b6e2e;text-decoration:none;font-weight:700;font-size:1.05rem;display:block}
.grid td a:hover{background:#dff3e5}
.grid tr.sep td,.grid tr.sep th{border-top:2px solid #0b3d66}
.grid tr.summary th{background:#e6edf3;text-align:left}
td.yes{background:#cdebd6;font-weight:700}
td.no{color:#8a1c1c}
section.cell,li.ev{scroll-margin-top:1rem}
section.cell{border-left:4px solid #b9c4cf;padding:.2rem .8rem;margin:.8rem 0}
section.cell:target,li.ev:target{background:#fff6cf;border-left-color:#d9a400}
section.cell h3{font-size:.95rem;margin:.2rem 0}
ol.evidence{padding-left:1.5rem}
li.ev{margin:.5rem 0}
.ref{font-weight:700}
.file{color:#555;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem}
.text{display:block;margin-top:.15rem}
.why{color:#8a1c1c;font-size:.8rem}
footer{margin-top:2rem;color:#555;font-size:.8rem}
";

/// One self-contained page: the grid of ticks, each linking to the clauses behind it
/// (inline CSS, no scripts, nothing fetched).
pub fn render_html(m: &MapReport) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>DSR mandates mapping</title>\n<style>");
    h.push_str(CSS);
    h.push_str("</style>\n</head>\n<body>\n");
    let by = match m.by {
        By::Resolution => "resolution",
        By::Mission => "mission",
    };
    h.push_str("<h1>Defence sector reform in Security Council mandates</h1>\n");
    h.push_str(&format!(
        "<p class=\"lead\">{} resolution{}, one column per {by}, coded as in DCAF 2020 \
         (Annex, Tables 1–2). A tick means at least one operative DSR clause has the \
         feature; click it for the clauses. Comprehensive = four or more categories, \
         political and technical elements, strategic and operational level (DCAF 2020, \
         para. 11 and note 17).</p>\n",
        m.inputs.len(),
        if m.inputs.len() == 1 { "" } else { "s" }
    ));
    h.push_str("<div class=\"scroll\"><table class=\"grid\">\n<thead><tr><th colspan=\"2\"></th>");
    for c in &m.columns {
        h.push_str(&format!("<th scope=\"col\">{}</th>", html_escape(&c.label)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let rows = Row::all();
    let mut last_group = "";
    for row in &rows {
        let first_of_group = row.group() != last_group;
        last_group = row.group();
        h.push_str(if first_of_group {
            "<tr class=\"sep\">"
        } else {
            "<tr>"
        });
        if first_of_group {
            let span = rows.iter().filter(|r| r.group() == row.group()).count();
            h.push_str(&format!(
                "<th class=\"group\" rowspan=\"{span}\" scope=\"rowgroup\">{}</th>",
                html_escape(row.group())
            ));
        }
        let ns = matches!(
            row,
            Row::CategoryNotSpecified
                | Row::EngagementNotSpecified
                | Row::LevelNotSpecified
                | Row::ActorNotSpecified
        );
        h.push_str(&format!(
            "<th class=\"row{}\" scope=\"row\">{}</th>",
            if ns { " ns" } else { "" },
            html_escape(&row.title())
        ));
        for (ci, c) in m.columns.iter().enumerate() {
            match c.cells.get(&row.slug()).filter(|v| !v.is_empty()) {
                Some(ev) => h.push_str(&format!(
                    "<td><a href=\"#{}\" title=\"{} clause{}\">✓</a></td>",
                    cell_id(ci, *row),
                    ev.len(),
                    if ev.len() == 1 { "" } else { "s" }
                )),
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("<tr class=\"sep summary\"><th colspan=\"2\">DSR tasks</th>");
    for c in &m.columns {
        h.push_str(&format!("<td>{}</td>", c.dsr_tasks));
    }
    h.push_str("</tr>\n<tr class=\"summary\"><th colspan=\"2\">Comprehensive</th>");
    for c in &m.columns {
        if c.comprehensive {
            h.push_str("<td class=\"yes\">yes</td>");
        } else {
            h.push_str(&format!(
                "<td class=\"no\" title=\"{}\">no</td>",
                html_escape(&c.missing.join("; "))
            ));
        }
    }
    h.push_str("</tr>\n</tbody></table></div>\n");

    h.push_str("<h2>Clauses behind each tick</h2>\n");
    for (ci, c) in m.columns.iter().enumerate() {
        for row in &rows {
            let Some(ev) = c.cells.get(&row.slug()).filter(|v| !v.is_empty()) else {
                continue;
            };
            h.push_str(&format!(
                "<section class=\"cell\" id=\"{}\"><h3>{} — {}: {}</h3><ul>\n",
                cell_id(ci, *row),
                html_escape(&c.label),
                html_escape(row.group()),
                html_escape(&row.title())
            ));
            for &e in ev {
                let Some(item) = m.evidence.get(e) else {
                    continue;
                };
                let file = m.inputs.get(item.input).map_or("", |i| i.file.as_str());
                h.push_str(&format!(
                    "<li><a href=\"#ev-{e}\"><span class=\"ref\">{}</span></a> <span class=\"file\">{}</span> {}</li>\n",
                    html_escape(&item.reference),
                    html_escape(file),
                    html_escape(&excerpt(&item.text, 140))
                ));
            }
            h.push_str("</ul></section>\n");
        }
        if !c.comprehensive && c.dsr_tasks > 0 {
            h.push_str(&format!(
                "<p class=\"why\">{} is not comprehensive: {}.</p>\n",
                html_escape(&c.label),
                html_escape(&c.missing.join("; "))
            ));
        }
    }

    h.push_str("<h2>DSR clauses</h2>\n<ol class=\"evidence\">\n");
    for (e, item) in m.evidence.iter().enumerate() {
        let info = m.inputs.get(item.input);
        h.push_str(&format!(
            "<li class=\"ev\" id=\"ev-{e}\"><span class=\"ref\">{} para. {}</span> <span class=\"file\">{}</span><span class=\"text\">{}</span></li>\n",
            html_escape(info.map_or("", |i| i.resolution.as_str())),
            html_escape(&item.reference),
            html_escape(info.map_or("", |i| i.file.as_str())),
            html_escape(&item.text)
        ));
    }
    h.push_str(
        "</ol>\n<footer>Generated by mandate-lint map. Coding is automatic \
                (lexicon-based) and meant to be checked against the clauses listed.</footer>\n",
    );
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_dcaf_tables() {
        let rows = Row::all();
        assert_eq!(rows.len(), 10 + 1 + 2 + 1 + 3 + 1 + 9 + 1);
        assert_eq!(
            rows.first().map(|r| r.slug()),
            Some("category:governance-oversight".into())
        );
        assert_eq!(
            rows.last().map(|r| r.slug()),
            Some("actor:not-specified".into())
        );
    }

    #[test]
    fn verdict_needs_all_four_conditions() {
        let mut t: BTreeSet<Row> = [
            Category::GovernanceOversight,
            Category::Coordination,
            Category::ForceStructure,
            Category::CrossCutting,
        ]
        .into_iter()
        .map(Row::Category)
        .collect();
        t.extend([
            Row::Engagement(Engagement::Political),
            Row::Engagement(Engagement::Technical),
            Row::Level(Level::Strategic),
        ]);
        let (n, ok, missing) = verdict(&t, 3);
        assert_eq!((n, ok), (4, false));
        assert_eq!(missing, vec!["no operational level".to_string()]);
        t.insert(Row::Level(Level::Operational));
        assert!(verdict(&t, 3).1);
        t.remove(&Row::Category(Category::CrossCutting));
        assert!(!verdict(&t, 3).1);
    }

    #[test]
    fn mission_csv_skips_header_and_reports_bad_lines() {
        let m = MissionMap::parse(
            "file,mission\nS-RES-1.txt,UNMIT\n\"2098\", MONUSCO\n",
            "m.csv",
        )
        .expect("valid");
        assert_eq!(m.entries.get("2098").map(String::as_str), Some("MONUSCO"));
        assert_eq!(m.entries.len(), 2);
        let err = MissionMap::parse("a,b\nno comma here\n", "m.csv").expect_err("invalid");
        assert!(err.starts_with("m.csv:2:"), "{err}");
    }

    #[test]
    fn csv_and_html_escape() {
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(
            html_escape("<a href=\"x\">&"),
            "&lt;a href=&quot;x&quot;&gt;&amp;"
        );
    }
}
