//! The rule engine: rule files (`rules/**/*.toml`) → diagnostics.
//!
//! Rules are data: each file names a check kind and its parameters (lexicons, scopes,
//! thresholds), so a rule pack (say, protection of civilians) needs no Rust. The check
//! kinds are generic (`document-requires`, `clause-when-unless`, `term-present`…) or
//! structural built-ins for the editorial conventions (RES001–RES009).
//!
//! Files are routed by where they sit: `lexicons/` (or a top-level `lexicon` key) goes to
//! `Lexicons::from_files`, `data/` holds tables the checks use (resolution years), and
//! every other `*.toml` is one rule.

mod ctx;
mod document;
mod renewal;
pub mod spec;
mod structure;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::analyse::{Actor, Analysis, Category, Lexicons};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Document;
use crate::CheckOptions;

pub use spec::{CheckSpec, Example, ExampleKind, SuggestionSpec};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

impl RuleError {
    fn at(path: &str, line: Option<usize>, message: impl fmt::Display) -> RuleError {
        let message = match line {
            Some(line) => format!("{path}:{line}: {message}"),
            None => format!("{path}: {message}"),
        };
        RuleError { message }
    }
}

/// One loaded rule: its public metadata and its check.
#[derive(Clone, Debug)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub rationale: String,
    pub source: String,
    /// The rule speaks only when the draft has at least one DSR task.
    pub requires_dsr: bool,
    pub check: CheckSpec,
    pub suggestion: Option<SuggestionSpec>,
    pub examples: Vec<Example>,
    /// The file the rule came from ("rules/dsr/dsr006-no-civilian-oversight.toml").
    pub origin: String,
}

impl Rule {
    /// The check kind as written in the rule file ("document-requires").
    pub fn check_kind(&self) -> &'static str {
        self.check.kind()
    }
}

/// Tables the structural checks consult (from `rules/data/`).
#[derive(Clone, Debug, Default)]
pub struct RuleData {
    /// Year → (first, last) resolution number adopted that year.
    pub resolution_years: BTreeMap<u32, (u32, u32)>,
}

#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    data: RuleData,
}

impl RuleSet {
    /// Rules in code order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, code: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code))
    }

    pub fn data(&self) -> &RuleData {
        &self.data
    }

    /// Runs every rule over an analysed document.
    pub fn run(
        &self,
        doc: &Document,
        analysis: &Analysis,
        opts: &CheckOptions<'_>,
        lexicons: &Lexicons,
    ) -> Vec<Diagnostic> {
        let cx = ctx::Ctx::new(doc, analysis, opts, lexicons, &self.data);
        let mut out = Vec::new();
        for rule in &self.rules {
            if rule.requires_dsr && cx.dsr_tasks().is_empty() {
                continue;
            }
            run_rule(&cx, rule, &mut out);
        }
        out
    }
}

fn run_rule(cx: &ctx::Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    match &rule.check {
        CheckSpec::DocumentRequires { .. }
        | CheckSpec::EachRequired { .. }
        | CheckSpec::ClauseWhenUnless { .. }
        | CheckSpec::PreambleOnly { .. }
        | CheckSpec::CategoryCount { .. }
        | CheckSpec::AllTechnical { .. }
        | CheckSpec::TermPresent { .. } => document::run(cx, rule, out),
        CheckSpec::RenewedUnchanged { .. } => renewal::run(cx, rule, out),
        CheckSpec::Numbering {}
        | CheckSpec::Opening { .. }
        | CheckSpec::Punctuation {}
        | CheckSpec::ClosingClause { .. } => structure::run(cx, rule, out),
        CheckSpec::CitationFormat { .. }
        | CheckSpec::CrossReference {}
        | CheckSpec::AcronymDefinition { .. }
        | CheckSpec::BalancedDelimiters {} => text::run(cx, rule, out),
        CheckSpec::ParseIssues {} => {
            for issue in &cx.doc.issues {
                let message = format!("{}: {}", rule.message, issue.message);
                out.push(cx.diag(rule, issue.span, None, message));
            }
        }
    }
}

/// Lexicon names rules may reference: the contract with the analysis (BRIEF and the
/// rules brief), plus one per DCAF category and per coded actor.
const CONTRACT_LEXICONS: &[&str] = &[
    "operative-verbs",
    "preambular-openers",
    "defence-sector",
    "ssr",
    "support-verbs",
    "resolution-2151",
    "tenet-national-ownership",
    "tenet-inclusivity",
    "tenet-good-governance",
    "tenet-gender",
    "context-basis",
    "political-objective",
    "civilian-oversight",
    "actor-armed-forces",
    "actor-ministry-of-defence",
    "actor-military-justice",
    "actor-government",
    "actor-other-government",
    "actor-legislature",
    "actor-other-security",
    "actor-civil-society",
    "actor-media",
    "sequencing",
    "training",
    "reporting-request",
    "gender-analysis",
    "coordination",
    "mapping",
    "political-engagement",
    "technical-engagement",
    "management-support",
    "level-strategic",
    "level-operational",
    "level-tactical",
    "condemnation",
    "standard-acronyms",
    "placeholders",
    // Coded by the analysis rather than a term list: the clause is a DSR task.
    "dsr-task",
];

fn known_lexicon_names(lexicon_files: &[(String, String)]) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = CONTRACT_LEXICONS.iter().map(|s| s.to_string()).collect();
    for c in Category::ALL {
        names.insert(format!("category-{}", c.slug()));
    }
    for a in Actor::ALL {
        names.insert(format!("actor-{}", a.slug()));
    }
    // A pack's own lexicons: the file stem and any `name` key, wherever the
    // lexicon format puts it (top level, `[lexicon]`, `[[lexicons]]`).
    for (path, contents) in lexicon_files {
        if let Some(stem) = Path::new(path).file_stem().and_then(|s| s.to_str()) {
            names.insert(stem.to_string());
        }
        if let Ok(table) = toml::from_str::<toml::Table>(contents) {
            collect_name_keys(&toml::Value::Table(table), 0, &mut names);
        }
    }
    names
}

fn collect_name_keys(value: &toml::Value, depth: usize, names: &mut BTreeSet<String>) {
    if depth > 3 {
        return;
    }
    match value {
        toml::Value::Table(t) => {
            for key in ["name", "id"] {
                if let Some(toml::Value::String(s)) = t.get(key) {
                    names.insert(s.clone());
                }
            }
            for (key, v) in t {
                if key != "terms" && key != "entries" {
                    collect_name_keys(v, depth + 1, names);
                }
            }
        }
        toml::Value::Array(items) => {
            for v in items {
                collect_name_keys(v, depth + 1, names);
            }
        }
        _ => {}
    }
}

/// One file to load: shown path, path relative to its rules root, contents.
struct SourceFile {
    shown: String,
    rel: String,
    contents: String,
}

fn line_of(contents: &str, offset: usize) -> usize {
    contents
        .get(..offset.min(contents.len()))
        .map(|s| s.matches('\n').count() + 1)
        .unwrap_or(1)
}

/// Line of the first occurrence of `"needle"` (a quoted value), for semantic errors.
fn line_of_value(contents: &str, needle: &str) -> Option<usize> {
    let quoted = format!("\"{needle}\"");
    contents
        .find(&quoted)
        .or_else(|| contents.find(needle))
        .map(|at| line_of(contents, at))
}

fn is_lexicon_file(rel: &str, contents: &str) -> bool {
    if rel.starts_with("lexicons/") || rel.contains("/lexicons/") {
        return true;
    }
    let lines = || contents.lines().map(str::trim);
    let marked =
        lines().any(|l| l == "[lexicon]" || l == "[[lexicon]]" || l.starts_with("lexicon ="));
    // A bare lexicon file (`name`, `terms`/`[[term]]`) has no rule `code`.
    let bare = lines().any(|l| l == "[[term]]" || l.starts_with("terms ="))
        && !lines().any(|l| l.starts_with("code ="));
    marked || bare
}

/// A rule file has a top-level `code` or `[check]`; a file that does not parse is
/// treated as a rule so that its syntax error is reported.
fn looks_like_rule(contents: &str) -> bool {
    match toml::from_str::<toml::Table>(contents) {
        Ok(t) => t.contains_key("code") || t.contains_key("check"),
        Err(_) => true,
    }
}

fn is_data_file(rel: &str) -> bool {
    rel.starts_with("data/") || rel.contains("/data/")
}

fn collect_dir(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), RuleError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        RuleError::at(
            &dir.display().to_string(),
            None,
            format!("cannot read rule directory: {e}"),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let shown = path.display().to_string();
            let bytes = std::fs::read(&path)
                .map_err(|e| RuleError::at(&shown, None, format!("cannot read: {e}")))?;
            let contents = String::from_utf8(bytes)
                .map_err(|_| RuleError::at(&shown, None, "not valid UTF-8"))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(SourceFile {
                shown,
                rel,
                contents,
            });
        }
    }
    Ok(())
}

/// Loads embedded lexicons and rules, then those of `extra_dirs`.
pub fn load(extra_dirs: &[PathBuf]) -> Result<(Lexicons, RuleSet), RuleError> {
    let mut files: Vec<SourceFile> = crate::embedded::EMBEDDED_RULE_FILES
        .iter()
        .map(|(rel, contents)| SourceFile {
            shown: format!("rules/{rel}"),
            rel: (*rel).to_string(),
            contents: (*contents).to_string(),
        })
        .collect();
    for dir in extra_dirs {
        if !dir.is_dir() {
            return Err(RuleError::at(
                &dir.display().to_string(),
                None,
                "rule directory not found",
            ));
        }
        collect_dir(dir, dir, &mut files)?;
    }
    load_files(files)
}

/// Loads from `(path relative to a rules root, contents)` pairs, in order (later rules
/// override earlier ones with the same code).
pub fn load_from_files(files: &[(String, String)]) -> Result<(Lexicons, RuleSet), RuleError> {
    load_files(
        files
            .iter()
            .map(|(rel, contents)| SourceFile {
                shown: rel.clone(),
                rel: rel.clone(),
                contents: contents.clone(),
            })
            .collect(),
    )
}

fn load_files(files: Vec<SourceFile>) -> Result<(Lexicons, RuleSet), RuleError> {
    let mut lexicon_files = Vec::new();
    let mut data_files = Vec::new();
    let mut rule_files = Vec::new();
    for f in files {
        if is_data_file(&f.rel) {
            data_files.push(f);
        } else if is_lexicon_file(&f.rel, &f.contents) {
            lexicon_files.push((f.rel.clone(), f.contents));
        } else if looks_like_rule(&f.contents) {
            rule_files.push(f);
        }
        // Anything else under rules/ (the language server's clause bank, reference
        // tables) belongs to other components.
    }
    let lexicons = Lexicons::from_files(&lexicon_files).map_err(|message| RuleError { message })?;
    let mut known = known_lexicon_names(&lexicon_files);
    known.extend(lexicons.names().map(str::to_string));

    let mut data = RuleData::default();
    for f in &data_files {
        load_data(f, &mut data)?;
    }

    let mut rules: Vec<Rule> = Vec::new();
    for f in &rule_files {
        let rule = parse_rule(f, &known)?;
        match rules.iter_mut().find(|r| r.code == rule.code) {
            Some(existing) => *existing = rule,
            None => rules.push(rule),
        }
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((lexicons, RuleSet { rules, data }))
}

fn toml_error(f: &SourceFile, e: &toml::de::Error) -> RuleError {
    let line = e.span().map(|s| line_of(&f.contents, s.start));
    RuleError::at(&f.shown, line, e.message().trim())
}

fn load_data(f: &SourceFile, data: &mut RuleData) -> Result<(), RuleError> {
    let table: toml::Table = toml::from_str(&f.contents).map_err(|e| toml_error(f, &e))?;
    if let Some(years) = table.get("resolution-years") {
        let years = years
            .as_table()
            .ok_or_else(|| RuleError::at(&f.shown, None, "[resolution-years] must be a table"))?;
        for (year, range) in years {
            let line = line_of_value(&f.contents, year);
            let y: u32 = year.parse().map_err(|_| {
                RuleError::at(&f.shown, line, format!("year {year:?} is not a number"))
            })?;
            let bounds: Option<(u32, u32)> = range.as_array().and_then(|a| {
                let first = u32::try_from(a.first()?.as_integer()?).ok()?;
                let last = u32::try_from(a.get(1)?.as_integer()?).ok()?;
                (a.len() == 2 && first <= last).then_some((first, last))
            });
            let bounds = bounds.ok_or_else(|| {
                RuleError::at(
                    &f.shown,
                    line,
                    format!("year {year}: expected [first, last] resolution numbers"),
                )
            })?;
            data.resolution_years.insert(y, bounds);
        }
    }
    Ok(())
}

fn parse_rule(f: &SourceFile, known: &BTreeSet<String>) -> Result<Rule, RuleError> {
    let file: spec::RuleFile = toml::from_str(&f.contents).map_err(|e| toml_error(f, &e))?;
    let severity = Severity::parse(&file.severity).ok_or_else(|| {
        RuleError::at(
            &f.shown,
            line_of_value(&f.contents, &file.severity),
            format!(
                "unknown severity {:?} (expected error, warning or info)",
                file.severity
            ),
        )
    })?;
    let valid_code = file.code.len() >= 2
        && file
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_code {
        return Err(RuleError::at(
            &f.shown,
            line_of_value(&f.contents, &file.code),
            format!(
                "rule code {:?} must be letters, digits, '-' or '_'",
                file.code
            ),
        ));
    }
    for name in file.check.lexicon_names() {
        if !known.contains(name) {
            return Err(RuleError::at(
                &f.shown,
                line_of_value(&f.contents, name),
                format!("unknown lexicon {name:?}"),
            ));
        }
    }
    if let CheckSpec::ClosingClause { pattern, .. } = &file.check {
        if let Err(e) = regex::Regex::new(pattern) {
            return Err(RuleError::at(
                &f.shown,
                line_of_value(&f.contents, "pattern"),
                format!("invalid pattern: {e}"),
            ));
        }
    }
    if let CheckSpec::RenewedUnchanged { threshold, .. } = &file.check {
        if !(0.0..=1.0).contains(threshold) {
            return Err(RuleError::at(
                &f.shown,
                line_of_value(&f.contents, "threshold"),
                "threshold must lie between 0 and 1",
            ));
        }
    }
    let requires_dsr = file
        .requires_dsr
        .unwrap_or_else(|| file.code.to_ascii_uppercase().starts_with("DSR"));
    Ok(Rule {
        code: file.code,
        name: file.name,
        severity,
        message: file.message,
        help: file.help,
        rationale: file.rationale,
        source: file.source,
        requires_dsr,
        check: file.check,
        suggestion: file.suggestion,
        examples: file.examples,
        origin: f.shown.clone(),
    })
}
