//! `mandate-lint index` and `mandate-lint precedent`: agreed language.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use mandate_lint::config::Config;
use mandate_lint::input::{self, Limits};
use mandate_lint::mandates::{self, align, progress::Progress};
use mandate_lint::precedent::{self, render, PrecedentIndex, SAME_LANGUAGE};
use mandate_lint::Engine;

use super::common::{config_for, write_stdout};
use super::{Failure, EXIT_ERROR, EXIT_OK};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PrecedentFormat {
    /// readable text
    Human,
    /// JSON ("version": 1)
    Json,
}

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Adopted resolutions: directories (walked for .txt, .md, .docx and .xml) or files.
    #[arg(required = true, value_name = "DIR|FILE")]
    pub paths: Vec<PathBuf>,
    /// The index file to write (replaced atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Args, Debug)]
pub struct PrecedentArgs {
    /// The clause to look up: its text in quotes, or FILE:REF for a paragraph of a
    /// draft (`draft.txt:4(b)`).
    #[arg(value_name = "TEXT|FILE:REF")]
    pub query: String,
    /// How many adopted wordings to show.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub limit: u16,
    #[arg(long, value_enum, default_value_t = PrecedentFormat::Human)]
    pub format: PrecedentFormat,
    /// Since when this language has stood: the earliest resolution carrying a clause at
    /// least 90% similar, and the chain of versions.
    #[arg(long)]
    pub first: bool,
    /// The precedent index (default: `precedents` in mandate-lint.toml).
    #[arg(long, value_name = "FILE")]
    pub precedents: Option<PathBuf>,
    /// Use this config file instead of searching for mandate-lint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read any mandate-lint.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

fn engine() -> Result<Engine, Failure> {
    Engine::embedded().map_err(|e| Failure::usage(format!("rules: {e}")))
}

fn size(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{:.0} kB", (bytes as f64 / 1000.0).ceil())
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

pub fn index(args: &IndexArgs) -> Result<i32, Failure> {
    let files = super::mandates::expand(&args.paths)?;
    let engine = engine()?;
    let bar = Progress::for_terminal(files.len(), "reading");
    let loaded = mandates::load_all(&engine, &files, bar.as_ref());
    if let Some(b) = &bar {
        b.finish();
    }
    let mut resolutions = Vec::with_capacity(loaded.len());
    let mut failed = 0usize;
    for result in loaded {
        match result {
            Ok(r) => resolutions.push(r),
            Err(e) => {
                eprintln!("mandate-lint: {e}");
                failed += 1;
            }
        }
    }
    let (bytes, report) = precedent::build(&resolutions)
        .map_err(|e| Failure::input(format!("{}: {e}", args.output.display())))?;
    if report.resolutions == 0 {
        return Err(Failure::input(format!(
            "{}: no adopted resolution found (a resolution needs its number, in the masthead or the file name)",
            args.paths
                .first()
                .map_or_else(String::new, |p| p.display().to_string())
        )));
    }
    precedent::write_atomic(&args.output, &bytes).map_err(|e| Failure::input(e.to_string()))?;
    let years = match (report.first_year, report.last_year) {
        (Some(a), Some(b)) if a != b => format!(", {a}–{b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let mut out = format!(
        "Indexed {} operative clauses ({} DSR tasks) of {} adopted resolutions{years} into {} ({}).\n",
        report.clauses,
        report.dsr_tasks,
        report.resolutions,
        args.output.display(),
        size(bytes.len())
    );
    if !report.skipped.is_empty() {
        let n = report.skipped.len();
        out.push_str(&format!(
            "Left out {n} file{}:\n",
            if n == 1 { "" } else { "s" }
        ));
        for s in &report.skipped {
            out.push_str(&format!("  {}: {}\n", s.file, s.reason));
        }
    }
    out.push_str(&format!(
        "Use it with `mandate-lint precedent --precedents {} \"clause text\"`, or set precedents = \"…\" in mandate-lint.toml.\n",
        args.output.display()
    ));
    write_stdout(&out)?;
    Ok(if failed > 0 { EXIT_ERROR } else { EXIT_OK })
}

/// `FILE:REF` when the part before the last colon is an existing file.
fn split_file_ref(query: &str) -> Option<(PathBuf, String)> {
    let (file, reference) = query.rsplit_once(':')?;
    let path = PathBuf::from(file);
    if reference.trim().is_empty() || !path.is_file() {
        return None;
    }
    let reference: String = reference.chars().filter(|c| !c.is_whitespace()).collect();
    Some((path, reference))
}

/// The text and mission of paragraph `reference` of a draft.
fn clause_of_file(path: &Path, reference: &str) -> Result<render::QueryInfo, Failure> {
    let source =
        input::read_path(path, &Limits::default()).map_err(|e| Failure::input(e.to_string()))?;
    let engine = engine()?;
    let doc = engine.parse(source.text, source.format);
    let analysis = engine.analyse(&doc);
    let Some((_, clause)) = doc.clause_by_ref(reference) else {
        let refs: Vec<&str> = doc
            .operative()
            .map(|(_, c)| c.reference.as_str())
            .take(12)
            .collect();
        let more = if doc.operative().count() > refs.len() {
            ", …"
        } else {
            ""
        };
        return Err(Failure::input(format!(
            "{}: no paragraph {reference} (operative paragraphs: {}{more})",
            path.display(),
            refs.join(", ")
        )));
    };
    Ok(render::QueryInfo {
        text: align::own_text(&doc, clause),
        source: Some(format!("{}:{reference}", path.display())),
        mission: analysis.mission,
    })
}

fn config(args: &PrecedentArgs, start: &Path) -> Result<Option<Config>, Failure> {
    if args.no_config {
        return Ok(None);
    }
    config_for(args.config.as_deref(), start)
}

pub fn precedent(args: &PrecedentArgs) -> Result<i32, Failure> {
    let (query, start) = match split_file_ref(&args.query) {
        Some((path, reference)) => {
            let start = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (clause_of_file(&path, &reference)?, start)
        }
        None => {
            if align::words(&args.query, &[]).is_empty() {
                return Err(Failure::usage(
                    "nothing to look up: give the clause's text in quotes, or FILE:REF (draft.txt:4(b))".into(),
                ));
            }
            let query = render::QueryInfo {
                text: args.query.trim().to_string(),
                source: None,
                mission: None,
            };
            (query, PathBuf::from("."))
        }
    };
    let config = config(
        args,
        if start.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &start
        },
    )?;
    let Some(path) = precedent::locate(args.precedents.as_deref(), config.as_ref()) else {
        return Err(Failure::usage(
            "no precedent index: pass --precedents FILE or set precedents = \"FILE\" in mandate-lint.toml (build one with `mandate-lint index DIR… -o FILE`)".into(),
        ));
    };
    let index = PrecedentIndex::open(&path).map_err(|e| Failure::input(e.to_string()))?;
    let text = if args.first {
        let report = render::first(&index, &query, SAME_LANGUAGE);
        match args.format {
            PrecedentFormat::Human => render::render_first_human(&report),
            PrecedentFormat::Json => render::render_json(&report),
        }
    } else {
        let report = render::nearest(&index, &query, usize::from(args.limit));
        match args.format {
            PrecedentFormat::Human => render::render_nearest_human(&report),
            PrecedentFormat::Json => render::render_json(&report),
        }
    };
    write_stdout(&text)
}
