//! `mandate-lint diff`, `history` and `map`: renewals and the DCAF coding table.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use mandate_lint::mandates::map::{By, MissionMap};
use mandate_lint::mandates::progress::Progress;
use mandate_lint::mandates::{self, diff, history, map, Resolution};
use mandate_lint::Engine;

use super::common::write_stdout;
use super::Failure;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// readable text for the terminal
    Human,
    /// JSON (stable field names, "version": 1)
    Json,
    /// Markdown tables
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MapFormat {
    /// one line per row, one column per resolution or mission
    Csv,
    /// everything, including the clauses behind each tick
    Json,
    /// a Markdown table of ticks
    Markdown,
    /// one self-contained page: the grid, each tick linking to its clauses
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MapBy {
    Resolution,
    Mission,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier resolution (the mandate being renewed).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later resolution or draft.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// Resolutions of one mission, in any order (ordered by masthead year and number).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

#[derive(Args, Debug)]
pub struct MapArgs {
    /// Resolution files or directories (walked for .txt, .md, .docx and .xml).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// One column per resolution or per mission.
    #[arg(long, value_enum, default_value_t = MapBy::Mission)]
    pub by: MapBy,
    /// CSV of `file or resolution number,mission` naming the mission of each input
    /// (overrides the mission found in the text).
    #[arg(long, value_name = "FILE")]
    pub missions: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = MapFormat::Csv)]
    pub format: MapFormat,
    /// Also code implicit DSR tasks (security sector reform that takes in the defence
    /// sector) and UN support to national action; by default, as in the DCAF study, only
    /// the mission's explicit DSR tasks.
    #[arg(long)]
    pub include_implicit: bool,
}

fn engine() -> Result<Engine, Failure> {
    Engine::embedded().map_err(|e| Failure::usage(format!("rules: {e}")))
}

/// Loads files in parallel; the first unreadable file stops the run (one line naming it).
fn load_files(engine: &Engine, paths: &[PathBuf], label: &str) -> Result<Vec<Resolution>, Failure> {
    let bar = Progress::for_terminal(paths.len(), label);
    let loaded = mandates::load_all(engine, paths, bar.as_ref());
    if let Some(b) = &bar {
        b.finish();
    }
    loaded
        .into_iter()
        .map(|r| r.map_err(Failure::input))
        .collect()
}

pub fn diff(args: &DiffArgs) -> Result<i32, Failure> {
    let engine = engine()?;
    let old = mandates::load(&engine, &args.old).map_err(Failure::input)?;
    let new = mandates::load(&engine, &args.new).map_err(Failure::input)?;
    let report = diff::compare(&old, &new);
    write_stdout(&match args.format {
        ReportFormat::Human => diff::render_human(&report),
        ReportFormat::Json => diff::render_json(&report),
        ReportFormat::Markdown => diff::render_markdown(&report),
    })
}

pub fn history(args: &HistoryArgs) -> Result<i32, Failure> {
    let engine = engine()?;
    let mut resolutions = load_files(&engine, &args.files, "reading")?;
    mandates::sort_chronologically(&mut resolutions);
    let report = history::history(&resolutions);
    write_stdout(&match args.format {
        ReportFormat::Human => history::render_human(&report),
        ReportFormat::Json => history::render_json(&report),
        ReportFormat::Markdown => history::render_markdown(&report),
    })
}

/// Files named on the command line, directories expanded (sorted, deduplicated).
pub(super) fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            out.extend(mandates::files_in(p).map_err(Failure::input)?);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(Failure::input(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err(Failure::input(format!(
            "{}: no .txt, .md, .docx or .xml files found",
            paths
                .first()
                .map_or_else(|| ".".to_string(), |p| p.display().to_string())
        )));
    }
    Ok(out)
}

pub fn map(args: &MapArgs) -> Result<i32, Failure> {
    let missions = match &args.missions {
        Some(p) => MissionMap::load(Path::new(p)).map_err(Failure::input)?,
        None => MissionMap::default(),
    };
    let files = expand(&args.paths)?;
    let engine = engine()?;
    let mut resolutions = load_files(&engine, &files, "coding")?;
    mandates::sort_chronologically(&mut resolutions);
    let by = match args.by {
        MapBy::Resolution => By::Resolution,
        MapBy::Mission => By::Mission,
    };
    let scope = if args.include_implicit {
        map::TaskScope::All
    } else {
        map::TaskScope::ExplicitMissionTasks
    };
    let report = map::map_tasks(&resolutions, by, &missions, scope);
    write_stdout(&match args.format {
        MapFormat::Csv => mandate_lint::report::map::render_csv(&report),
        MapFormat::Json => mandate_lint::report::map::render_json(&report),
        MapFormat::Markdown => mandate_lint::report::map::render_markdown(&report),
        MapFormat::Html => mandate_lint::report::map::render_html(&report),
    })
}
