//! `mandate-lint check`: find files, resolve each file's configuration (config file,
//! engine, previous mandate, baseline), check files in parallel through
//! `Engine::check`, render, pick the exit code.

use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use mandate_lint::baseline::{Baseline, BaselineEntry, BaselineIndex};
use mandate_lint::config::{has_default_extension, Config, LoadedConfig};
use mandate_lint::diagnostic::Severity;
use mandate_lint::input::{self, Limits, Source};
use mandate_lint::precedent::{self, PrecedentIndex};
use mandate_lint::report::{self, human, FileFailure, FileReport, Finding, Format, Report};
use mandate_lint::{BaselineFilter, CheckOptions, Checked, Engine};

use super::args::{CheckArgs, ColorChoice, OutputFormat, SeverityArg};
use super::{Failure, EXIT_FINDINGS, EXIT_OK};

/// What is to be checked.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    File(PathBuf),
    Stdin,
}

impl Target {
    fn display(&self, stdin_name: Option<&Path>) -> String {
        match self {
            Target::File(p) => p.display().to_string(),
            Target::Stdin => {
                stdin_name.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string())
            }
        }
    }
}

/// Everything a worker needs to check one file.
struct FileJob {
    target: Target,
    name: String,
    config: Arc<Config>,
    engine: Arc<Engine>,
    previous: Option<Arc<Checked>>,
    /// The previous mandate's path as given, for the renewal section.
    previous_name: Option<String>,
    precedents: Option<Arc<PrecedentIndex>>,
    fail_on: Severity,
}

fn severity_of(arg: SeverityArg) -> Severity {
    match arg {
        SeverityArg::Error => Severity::Error,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Info => Severity::Info,
    }
}

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Finds configs once per directory.
#[derive(Default)]
struct ConfigCache {
    explicit: Option<Arc<LoadedConfig>>,
    disabled: bool,
    by_dir: HashMap<PathBuf, Option<Arc<LoadedConfig>>>,
}

impl ConfigCache {
    fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<LoadedConfig>>, Failure> {
        if self.disabled {
            return Ok(None);
        }
        if let Some(c) = &self.explicit {
            return Ok(Some(c.clone()));
        }
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(found) = self.by_dir.get(&abs) {
            return Ok(found.clone());
        }
        let found = Config::discover(&abs)
            .map_err(|e| Failure::usage(e.to_string()))?
            .map(Arc::new);
        self.by_dir.insert(abs, found.clone());
        Ok(found)
    }
}

/// Walks a directory: sorted, hidden entries and symlinked directories skipped,
/// `exclude` honoured for directories and files.
fn walk(
    dir: &Path,
    config: Option<&Config>,
    out: &mut Vec<Target>,
    failures: &mut Vec<FileFailure>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(FileFailure {
                path: dir.display().to_string(),
                message: format!("cannot read directory: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden || config.is_some_and(|c| c.is_excluded(&abs(&path))) {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, config, out, failures);
        } else {
            let wanted = match config {
                Some(c) => c.wants_file(&abs(&path)),
                None => has_default_extension(&path),
            };
            if wanted {
                out.push(Target::File(path));
            }
        }
    }
}

fn abs(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The effective filter for a file: its config with the command line's select and
/// ignore on top.
fn effective_config(base: Option<&LoadedConfig>, args: &CheckArgs) -> Config {
    let mut config = base.map(|l| l.config.clone()).unwrap_or_default();
    if !args.select.is_empty() {
        config.select = Some(args.select.iter().map(|s| s.to_ascii_uppercase()).collect());
    }
    config
        .ignore
        .extend(args.ignore.iter().map(|s| s.to_ascii_uppercase()));
    config
}

fn validate_codes(codes: &[String], flag: &str) -> Result<(), Failure> {
    for c in codes {
        let valid = if flag == "--ignore" {
            mandate_lint::config::is_finding_pattern(c)
        } else {
            mandate_lint::config::is_code_pattern(c)
        };
        if !valid {
            return Err(Failure::usage(format!(
                "{flag}: `{c}` is not a rule code or prefix (e.g. DSR006, DSR, RES00)"
            )));
        }
    }
    Ok(())
}

fn read_source(
    target: &Target,
    name: &str,
    stdin_text: Option<&[u8]>,
    hint_path: Option<&Path>,
    limits: &Limits,
) -> Result<Source, FileFailure> {
    let result = match target {
        Target::File(path) => input::read_path(path, limits),
        Target::Stdin => {
            let hint = hint_path.and_then(input::format_from_extension);
            input::read_bytes(name, stdin_text.unwrap_or(&[]), hint, limits)
        }
    };
    result.map_err(|e| FileFailure {
        path: name.to_string(),
        message: e.message,
    })
}

/// Checks one source with the whole per-file pipeline. A panic anywhere in the
/// pipeline becomes a failure for this file instead of killing the run.
fn check_source(
    job: &FileJob,
    source: Source,
    baseline: Option<&BaselineIndex>,
) -> Result<FileReport, FileFailure> {
    let name = job.name.clone();
    let run = std::panic::AssertUnwindSafe(|| {
        let opts = CheckOptions {
            previous: job.previous.as_deref(),
            config: Some(&job.config),
            baseline: baseline.map(|index| BaselineFilter { index, path: &name }),
            precedents: job.precedents.as_deref(),
        };
        let mut checked = job.engine.check_source(&source, &opts);
        let renewal = job.previous.as_deref().map(|prev| {
            let previous_name = job
                .previous_name
                .as_deref()
                .unwrap_or("the previous mandate");
            report::Renewal::compute(previous_name, &checked, prev)
        });
        let profile = report::profile::DsrProfile::of(&checked.analysis);
        let fingerprints = checked.take_fingerprints();
        let findings: Vec<Finding> = checked
            .diagnostics
            .into_iter()
            .zip(fingerprints)
            .map(|(mut diagnostic, fingerprint)| {
                if let Some(place) = source.describe(diagnostic.span.start) {
                    diagnostic
                        .notes
                        .push(smol_str::format_smolstr!("in the original file: {place}"));
                }
                Finding {
                    diagnostic,
                    fingerprint,
                }
            })
            .collect();
        // The check's own document: nothing else holds it, so its text moves.
        let doc = std::sync::Arc::try_unwrap(checked.doc).unwrap_or_else(|doc| (*doc).clone());
        let mut file = FileReport::with_lines(name.clone(), doc.text, doc.lines, findings);
        file.notes = source.notes.clone();
        file.renewal = renewal;
        file.profile = profile;
        file
    });
    std::panic::catch_unwind(run).map_err(|_| FileFailure {
        path: job.name.clone(),
        message: format!(
            "internal error while checking (please report it): {}",
            super::take_panic()
        ),
    })
}

pub fn run(args: CheckArgs) -> Result<i32, Failure> {
    validate_codes(&args.select, "--select")?;
    validate_codes(&args.ignore, "--ignore")?;
    let review_copy = super::annotate::plan(&args)?;
    let write_baseline: Option<PathBuf> = match &args.write_baseline {
        None => None,
        Some(Some(path)) => Some(path.clone()),
        Some(None) => Some(args.baseline.clone().ok_or_else(|| {
            Failure::usage(
                "--write-baseline needs a file: --write-baseline=FILE, or --baseline FILE".into(),
            )
        })?),
    };

    let mut configs = ConfigCache {
        disabled: args.no_config,
        ..ConfigCache::default()
    };
    if let Some(path) = &args.config {
        let loaded = Config::load(path).map_err(|e| Failure::usage(e.to_string()))?;
        configs.explicit = Some(Arc::new(loaded));
    }

    // 1. Targets, sorted and deduplicated.
    let mut failures: Vec<FileFailure> = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            targets.push(Target::Stdin);
        } else if path.is_dir() {
            let cfg = configs.for_dir(path)?;
            walk(
                path,
                cfg.as_deref().map(|l| &l.config),
                &mut targets,
                &mut failures,
            );
        } else if path.exists() {
            targets.push(Target::File(path.clone()));
        } else {
            failures.push(FileFailure {
                path: path.display().to_string(),
                message: "no such file or directory".into(),
            });
        }
    }
    targets.sort_by_key(|t| t.display(args.stdin_filename.as_deref()));
    targets.dedup();

    // 2. Standard input is read once, up front.
    let stdin_text = if targets.contains(&Target::Stdin) {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::input(format!("<stdin>: cannot read: {e}")))?;
        Some(buf)
    } else {
        None
    };

    // 3. Config, engine, previous mandate and precedent index per file (sequential:
    //    cached and shared).
    let mut engines: BTreeMap<Vec<PathBuf>, Arc<Engine>> = BTreeMap::new();
    let mut previous_cache: BTreeMap<(Vec<PathBuf>, PathBuf), Arc<Checked>> = BTreeMap::new();
    let mut indexes: BTreeMap<PathBuf, Arc<PrecedentIndex>> = BTreeMap::new();
    let mut jobs = Vec::new();
    for target in targets {
        let name = target.display(args.stdin_filename.as_deref());
        let dir = match &target {
            Target::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            Target::Stdin => args
                .stdin_filename
                .as_ref()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        };
        let loaded = configs.for_dir(&dir)?;
        let config = effective_config(loaded.as_deref(), &args);
        let rule_dirs = config.rule_dirs().to_vec();
        let engine = match engines.get(&rule_dirs) {
            Some(e) => e.clone(),
            None => {
                let e = Arc::new(
                    Engine::load(&rule_dirs).map_err(|e| Failure::usage(format!("rules: {e}")))?,
                );
                engines.insert(rule_dirs.clone(), e.clone());
                e
            }
        };
        let previous_path = args.previous.clone().or_else(|| config.previous.clone());
        let previous_name = previous_path.as_ref().map(|p| p.display().to_string());
        let previous = match previous_path {
            None => None,
            Some(p) => {
                let key = (rule_dirs.clone(), p.clone());
                match previous_cache.get(&key) {
                    Some(c) => Some(c.clone()),
                    None => {
                        let source = input::read_path(&p, &Limits::default())
                            .map_err(|e| Failure::input(format!("previous mandate {e}")))?;
                        let checked =
                            Arc::new(engine.check_source(&source, &CheckOptions::default()));
                        previous_cache.insert(key, checked.clone());
                        Some(checked)
                    }
                }
            }
        };
        let precedents = match precedent::locate(args.precedents.as_deref(), Some(&config)) {
            None => None,
            Some(path) => Some(match indexes.get(&path) {
                Some(index) => index.clone(),
                None => {
                    let index = Arc::new(
                        PrecedentIndex::open(&path).map_err(|e| Failure::input(e.to_string()))?,
                    );
                    indexes.insert(path, index.clone());
                    index
                }
            }),
        };
        let fail_on = args
            .fail_on
            .map(severity_of)
            .or(config.fail_on)
            .unwrap_or(Severity::Error);
        jobs.push(FileJob {
            target,
            name,
            config: Arc::new(config),
            engine,
            previous,
            previous_name,
            precedents,
            fail_on,
        });
    }

    // 4. The baseline to compare with (not when recording one).
    let baseline_index = match (&args.baseline, &write_baseline) {
        (Some(path), None) => Some(
            Baseline::load(path)
                .map_err(|e| Failure::usage(e.to_string()))?
                .index(),
        ),
        _ => None,
    };

    // 5. Check in parallel; results come back in target order, and are rendered only
    //    when all are in, so the output is the same bytes whatever the thread count
    //    (tests/parallel_output.rs). Nothing a worker does waits on another: the
    //    shared matchers are built first.
    if jobs.len() > 1 {
        for engine in engines.values() {
            engine.lexicons.prepare();
        }
    }
    let render_json = matches!(args.format, OutputFormat::Json) && write_baseline.is_none();
    type Rendered = (FileReport, Option<String>);
    let results: Vec<(Result<Rendered, FileFailure>, Severity)> = jobs
        .par_iter()
        .map(|job| {
            let limits = Limits {
                max_file_bytes: args
                    .max_file_bytes
                    .or(job.config.max_file_bytes)
                    .unwrap_or(Limits::default().max_file_bytes),
                ..Limits::default()
            };
            let result = read_source(
                &job.target,
                &job.name,
                stdin_text.as_deref(),
                args.stdin_filename.as_deref(),
                &limits,
            )
            .and_then(|source| check_source(job, source, baseline_index.as_ref()))
            .map(|file| {
                // Rendered here, beside the check, rather than all at the end.
                let fragment = render_json.then(|| report::json::file_fragment(&file));
                (file, fragment)
            });
            (result, job.fail_on)
        })
        .collect();

    let mut files = Vec::new();
    let mut fragments = Vec::new();
    let mut failing = false;
    for (result, fail_on) in results {
        match result {
            Ok((file, fragment)) => {
                fragments.extend(fragment);
                failing |= file
                    .findings
                    .iter()
                    .any(|f| f.diagnostic.severity >= fail_on);
                files.push(file);
            }
            Err(f) => failures.push(f),
        }
    }
    failures.sort_by(|a, b| a.path.cmp(&b.path));

    let rules = engines
        .values()
        .next()
        .map(|e| report::rule_catalog(&e.rules))
        .unwrap_or_else(report::suppression_rules);
    // Never freed: the process ends after printing it, and freeing a whole corpus's
    // findings one by one was a serial tail of the run.
    let report = std::mem::ManuallyDrop::new(Report {
        files,
        failures,
        rules,
    });

    // 6. Record a baseline, or print the report.
    for f in &report.failures {
        eprintln!("{}: {}", f.path, f.message);
    }
    if let Some(path) = write_baseline {
        let entries = report
            .files
            .iter()
            .flat_map(|file| {
                file.findings.iter().map(|f| BaselineEntry {
                    path: file.path.clone(),
                    code: f.diagnostic.code.to_string(),
                    fingerprint: f.fingerprint.clone(),
                })
            })
            .collect();
        let baseline = Baseline::new(entries);
        baseline
            .write_atomic(&path)
            .map_err(|e| Failure::input(e.to_string()))?;
        if !args.quiet {
            eprintln!(
                "recorded {} findings in {}",
                baseline.findings.len(),
                path.display()
            );
        }
        return Ok(if report.failures.is_empty() {
            EXIT_OK
        } else {
            super::EXIT_ERROR
        });
    }

    print_report(&report, &args, &fragments)?;
    if let Some(plan) = &review_copy {
        super::annotate::write(plan, &report, args.quiet)?;
    }

    if !report.failures.is_empty() {
        return Ok(super::EXIT_ERROR);
    }
    Ok(if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// `json_files`: each file's JSON object, already rendered (`report::json::file_fragment`),
/// when the format is JSON.
fn print_report(report: &Report, args: &CheckArgs, json_files: &[String]) -> Result<(), Failure> {
    let format = match args.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Concise => Format::Concise,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Github => Format::Github,
        OutputFormat::Junit => Format::Junit,
    };
    let mut out = match format {
        Format::Human => {
            let options = human::Options {
                color: use_color(args.color),
                verbose: args.verbose,
            };
            human::render(report, &options)
        }
        Format::Json if json_files.len() == report.files.len() => {
            report::json::render_with(report, json_files)
        }
        other => report::render(report, other),
    };
    if matches!(format, Format::Human | Format::Concise) {
        if !args.quiet {
            for file in &report.files {
                for note in &file.notes {
                    eprintln!("{}: note: {note}", file.path);
                }
            }
        }
        if args.statistics {
            out.push_str(&report.statistics());
        }
        if !args.quiet {
            out.push_str(&report.summary().line());
            out.push('\n');
            if matches!(format, Format::Human) {
                out.push_str(&human::render_profiles(report));
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::input(format!("<stdout>: cannot write: {e}"))),
    }
}
