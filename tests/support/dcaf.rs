//! The DCAF 2020 study's peacekeeping mandates in the corpus, and its Annex Table 1.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use mandate_lint::analyse::{Actor, Category, DsrScope, Engagement, Level, Task, UnRole};
use mandate_lint::mandates::map::Row;
use mandate_lint::mandates::{self, Resolution};
use mandate_lint::Engine;

pub const PKOS: [&str; 12] = [
    "UNOCI", "UNMIT", "MINUSTAH", "UNMIL", "UNMIS", "UNAMID", "UNMISS", "MINUSMA", "UNMIK",
    "MINUSCA", "MONUC", "MONUSCO",
];

/// (number, year) from "S-RES-2098-2013.txt".
pub fn number_year(name: &str) -> Option<(u32, u32)> {
    let rest = name.strip_prefix("S-RES-")?.strip_suffix(".txt")?;
    let (n, y) = rest.split_once('-')?;
    Some((n.parse().ok()?, y.parse().ok()?))
}

/// Whether `text` contains `phrase` ending on a word boundary ("UNMIS" is not "UNMISS").
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        !text
            .get(i + phrase.len()..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_alphanumeric)
    })
}

/// Operative clauses that speak of the mission's mandate (renew, establish or set it).
fn mandate_clauses(r: &Resolution, mission: &str) -> usize {
    let doc = &r.checked.doc;
    let phrases = [
        format!("mandate of {mission}"),
        format!("mandate of the {mission}"),
        format!("mandates of {mission}"),
        format!("{mission}'s mandate"),
        format!("{mission}\u{2019}s mandate"),
        format!("{mission} shall have the following mandate"),
        format!("{mission} will have the following mandate"),
    ];
    doc.operative()
        .filter(|(_, c)| {
            let t = &c.norm.text;
            let decides = t.trim_start().starts_with("Decides");
            phrases.iter().any(|p| has_phrase(t, p))
                || (decides
                    && has_phrase(t, mission)
                    && (t.contains("mandate") || t.contains("establish")))
        })
        .count()
}

/// The PKO whose mandate the resolution sets. The analysis's own mission guess is used
/// only to break ties: texts that mention a neighbouring mission (UNOCI mandates name
/// UNMIL for inter-mission cooperation) can mislead it.
pub fn mandated_mission(r: &Resolution) -> Option<&'static str> {
    PKOS.iter()
        .map(|m| (mandate_clauses(r, m), r.mission() == Some(*m), *m))
        .filter(|(n, _, _)| *n > 0)
        .max()
        .map(|(_, _, m)| m)
}

/// The study's mission chains: MONUC and MONUSCO are one column.
pub fn chain_of(mission: &str) -> &str {
    match mission {
        "MONUC" | "MONUSCO" => "MONUC-MONUSCO",
        m => m,
    }
}

/// Resolutions adopted 2006–2016 that set the mandate of one of the study's twelve
/// peacekeeping operations, chronologically, with that operation.
pub fn selection(engine: &Engine, unsc: &Path) -> Vec<(Resolution, &'static str)> {
    let mut candidates: Vec<PathBuf> = std::fs::read_dir(unsc)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    candidates.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        number_year(name).is_some_and(|(_, y)| (2006..=2016).contains(&y))
            && std::fs::read_to_string(p)
                .map(|t| PKOS.iter().any(|m| t.contains(m)))
                .unwrap_or(false)
    });
    candidates.sort();
    let mut loaded: Vec<Resolution> = mandates::load_all(engine, &candidates, None)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    mandates::sort_chronologically(&mut loaded);
    loaded
        .into_iter()
        .filter_map(|r| {
            let m = mandated_mission(&r)?;
            Some((r, m))
        })
        .collect()
}

/// Which DSR tasks a coding counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Mission tasks that name the defence sector: the study's "DSR-specific mandates"
    /// (para 24), given to the mission (not calls on national actors that the mission
    /// supports).
    Explicit,
    /// Every DSR task: explicit and implicit (SSR-umbrella), mission tasks and UN support
    /// to national action.
    All,
}

pub fn tasks(r: &Resolution, scope: Scope) -> impl Iterator<Item = &Task> {
    r.checked
        .analysis
        .clauses
        .iter()
        .flat_map(|c| c.tasks.iter())
        .filter(move |t| {
            scope == Scope::All || (t.scope == DsrScope::Explicit && t.un_role == UnRole::Tasked)
        })
}

/// The Table 1 rows (not-specified rows left out) a set of tasks ticks.
pub fn rows_of<'a>(tasks: impl Iterator<Item = &'a Task>) -> BTreeSet<Row> {
    let mut out = BTreeSet::new();
    for t in tasks {
        out.extend(t.categories.iter().copied().map(Row::Category));
        out.extend(t.engagement.iter().copied().map(Row::Engagement));
        out.extend(t.levels.iter().copied().map(Row::Level));
        out.extend(t.actors.iter().copied().map(Row::Actor));
    }
    out
}

/// DCAF 2020 Annex Table 1 as printed in the seed: mission column → ticked rows.
pub fn table_1(seed: &str) -> BTreeMap<String, BTreeSet<Row>> {
    let lines: Vec<&str> = seed.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.starts_with("DSR MANDATES PEACEKEEPING"))
    else {
        return BTreeMap::new();
    };
    let columns: Vec<String> = lines
        .get(start)
        .map(|l| {
            l.split('\t')
                .skip(2)
                .filter_map(|h| {
                    let open = h.find('(')?;
                    let close = h.rfind(')')?;
                    Some(h.get(open + 1..close)?.replace(" - ", "-"))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out: BTreeMap<String, BTreeSet<Row>> = columns
        .iter()
        .map(|c| (c.clone(), BTreeSet::new()))
        .collect();
    for line in lines.iter().skip(start + 1) {
        if line.starts_with("Table 2") {
            break;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(row) = fields.get(1).and_then(|l| row_named(l)) else {
            continue;
        };
        for (col, cell) in columns.iter().zip(fields.iter().skip(2)) {
            if cell.contains('\u{2713}') {
                out.entry(col.clone()).or_default().insert(row);
            }
        }
    }
    out
}

fn row_named(label: &str) -> Option<Row> {
    let l = label.trim().to_lowercase();
    let table: [(&str, Row); 24] = [
        (
            "defence legislation",
            Row::Category(Category::LegislationDoctrine),
        ),
        (
            "governance and oversight",
            Row::Category(Category::GovernanceOversight),
        ),
        (
            "administration",
            Row::Category(Category::AdministrationBudget),
        ),
        ("education system", Row::Category(Category::Education)),
        (
            "consensus building",
            Row::Category(Category::ConsensusBuilding),
        ),
        (
            "defence sector review",
            Row::Category(Category::SectorReview),
        ),
        (
            "coordination of support",
            Row::Category(Category::Coordination),
        ),
        (
            "assistance in the development of force",
            Row::Category(Category::ForceStructure),
        ),
        (
            "logistics",
            Row::Category(Category::LogisticsInfrastructure),
        ),
        ("cross-cutting", Row::Category(Category::CrossCutting)),
        ("political", Row::Engagement(Engagement::Political)),
        ("technical", Row::Engagement(Engagement::Technical)),
        ("strategic", Row::Level(Level::Strategic)),
        ("operational", Row::Level(Level::Operational)),
        ("tactical", Row::Level(Level::Tactical)),
        ("armed forces", Row::Actor(Actor::ArmedForces)),
        ("ministry of defence", Row::Actor(Actor::MinistryOfDefence)),
        ("military justice", Row::Actor(Actor::MilitaryJustice)),
        ("government", Row::Actor(Actor::Government)),
        ("other governmental", Row::Actor(Actor::OtherGovernment)),
        ("legislative", Row::Actor(Actor::Legislature)),
        ("other security", Row::Actor(Actor::OtherSecurity)),
        ("civil society", Row::Actor(Actor::CivilSociety)),
        ("media", Row::Actor(Actor::Media)),
    ];
    table
        .into_iter()
        .find(|(prefix, _)| l.starts_with(prefix))
        .map(|(_, r)| r)
}

/// How a resolution stands to the mission's DSR mandate.
#[derive(Clone, Debug)]
pub struct MandateCoding {
    pub label: String,
    /// The resolution states DSR tasks of its own.
    pub own: bool,
    /// It extends a mandate that already held DSR tasks, without restating them.
    pub carried: bool,
    /// Coding rows of the DSR mandate in force (its own tasks, or the carried ones).
    pub rows: BTreeSet<Row>,
}

impl MandateCoding {
    pub fn is_dsr(&self) -> bool {
        self.own || self.carried
    }
}

/// A new mandate written out in full ("shall have the following mandate", "decides to
/// establish"): what it does not restate, it drops.
fn sets_new_mandate(r: &Resolution) -> bool {
    r.checked.doc.operative().any(|(_, c)| {
        let t = c.norm.text.to_lowercase();
        t.contains("following mandate")
            || t.contains("mandate shall be the following")
            || t.contains("mandate shall include the following")
            || (t.starts_with("decides to establish") && t.contains("mission"))
    })
}

/// The DSR mandate in force under each resolution of one mission, in order. A renewal
/// that extends the mandate ("Decides to extend the mandate of UNMIL until …") carries
/// the DSR tasks of the mandate it extends: that is how the study can count 69 DSR
/// mandates and find 71% of them renewed without changes (paras 20, 36).
pub fn mandate_chain(chain: &[&Resolution], scope: Scope) -> Vec<MandateCoding> {
    let mut out: Vec<MandateCoding> = Vec::new();
    let mut in_force: Option<BTreeSet<Row>> = None;
    for r in chain {
        let own = tasks(r, scope).next().is_some();
        let own_rows = rows_of(tasks(r, scope));
        // A mandate written out in full replaces the one in force; a renewal extends it
        // and may add tasks ("further decides that UNOCI shall put renewed focus on SSR").
        let base = if sets_new_mandate(r) {
            None
        } else {
            in_force.clone()
        };
        let carried = base.is_some();
        let rows: BTreeSet<Row> = base.unwrap_or_default().union(&own_rows).copied().collect();
        if own || carried {
            in_force = Some(rows.clone());
        } else {
            in_force = None;
        }
        out.push(MandateCoding {
            label: r.label(),
            own,
            carried: carried && !own,
            rows,
        });
    }
    out
}
