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

use super::diff::excerpt;
use super::Resolution;
use crate::analyse::{Actor, Category, DsrScope, Engagement, Level, Rooted, Task, UnRole};
use crate::text::single_spaced;

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
    /// Parses `key,mission` records (CSV: quoted fields may hold commas); blank lines,
    /// `#` comments and a `file,mission`-style header are skipped. Errors name the line.
    pub fn parse(text: &str, name: &str) -> Result<MissionMap, String> {
        let mut entries = HashMap::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                format!("{name}:{line}: not CSV: {e}")
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            let fields: Vec<&str> = record.iter().collect();
            let [key, mission] = fields.as_slice() else {
                return Err(format!(
                    "{name}:{line}: expected `file or resolution number,mission`, found `{}`",
                    excerpt(&fields.join(","), 60)
                ));
            };
            if index == 0 && mission.eq_ignore_ascii_case("mission") {
                continue;
            }
            if key.is_empty() || mission.is_empty() {
                return Err(format!("{name}:{line}: empty file or mission"));
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
            let span = task.place(doc, i);
            evidence.push(Evidence {
                input: k,
                reference: clause.reference.to_string(),
                text: single_spaced(doc.text.get(span.start..span.end).unwrap_or("")),
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
}
