//! `mandate-lint.toml`: discovery, validation and application to diagnostics.
//!
//! A library module so that the CLI and the language server read configuration the
//! same way. Errors carry the file, line and column of the offending key or value,
//! and a suggestion where one can be made ("did you mean `select`?").

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::{ColumnUnit, LineIndex};

/// The file name searched for from a checked file's directory upward.
pub const CONFIG_FILE_NAME: &str = "mandate-lint.toml";

/// Top-level keys, in the order the documentation lists them.
const TOP_KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "rule-dirs",
    "include",
    "exclude",
    "previous",
    "fail-on",
    "max-file-bytes",
    "precedents",
    "lsp",
];
const LSP_KEYS: &[&str] = &["debounce-ms"];

/// Extensions checked when a directory is walked and no `include` is configured.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "docx", "xml"];

/// A configuration problem, located in the file. Displays as one line:
/// `path:line:col: message; help`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// One-based line; 0 when the problem is not at a position (e.g. unreadable file).
    pub line: usize,
    /// One-based column in characters; 0 when `line` is 0.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// What a rule's severity is set to in `[severity]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeverityOverride {
    Set(Severity),
    /// `"off"`: the rule is not reported.
    Off,
}

/// Settings for the language server (`[lsp]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LspSettings {
    /// Delay between the last keystroke and a re-check, in milliseconds.
    pub debounce_ms: Option<u64>,
}

/// A validated configuration. Paths in it are resolved against the config file's
/// directory.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Codes or prefixes to report; `None` reports every rule.
    pub select: Option<Vec<String>>,
    /// Codes or prefixes never reported (wins over `select`).
    pub ignore: Vec<String>,
    /// Per-code (or prefix) severity overrides; the longest matching key wins.
    pub severity: BTreeMap<String, SeverityOverride>,
    rule_dirs: Vec<PathBuf>,
    /// Glob patterns of files to check when walking directories.
    pub include: Vec<String>,
    /// Glob patterns of files and directories never checked when walking.
    pub exclude: Vec<String>,
    /// The previous mandate, for renewal checks (DSR003).
    pub previous: Option<PathBuf>,
    /// The lowest severity that makes `check` exit with 1.
    pub fail_on: Option<Severity>,
    /// Largest draft accepted, in bytes (default 64 MiB); larger files are refused
    /// with a one-line error.
    pub max_file_bytes: Option<u64>,
    /// The precedent index (`mandate-lint index`); `--precedents` overrides. Without
    /// one, precedent features are absent.
    pub precedents: Option<PathBuf>,
    pub lsp: LspSettings,
    /// Directory patterns and paths are relative to.
    pub base_dir: PathBuf,
    include_set: Option<GlobSet>,
    exclude_set: Option<GlobSet>,
}

/// A configuration and the file it came from.
#[derive(Clone, Debug)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub config: Config,
}

/// Whether `pattern` (a code like `DSR006` or a prefix like `DSR`, `RES00`, or `ALL`)
/// selects `code`. Case-insensitive, as users type `dsr006` too.
pub fn code_matches(pattern: &str, code: &str) -> bool {
    if pattern.eq_ignore_ascii_case("ALL") {
        return true;
    }
    code.len() >= pattern.len()
        && code
            .get(..pattern.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(pattern))
}

/// Whether `pattern` (a code or prefix, or `CODE:item` for one item of a finding that
/// lists several, e.g. `DSR002:gender`, one missing 2151 tenet) covers `d`.
pub fn finding_matches(pattern: &str, d: &Diagnostic) -> bool {
    match pattern.split_once(':') {
        Some((code, item)) => {
            code.eq_ignore_ascii_case(&d.code)
                && d.items.iter().any(|i| i.id.eq_ignore_ascii_case(item))
        }
        None => code_matches(pattern, &d.code),
    }
}

/// Whether `s` is a code or prefix, or `CODE:item` naming one item of a rule that lists
/// several (`DSR002:gender`): what `ignore` and suppression comments accept.
pub fn is_finding_pattern(s: &str) -> bool {
    match s.split_once(':') {
        Some((code, item)) => {
            is_code_pattern(code)
                && code.chars().any(|c| c.is_ascii_digit())
                && !item.is_empty()
                && item.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        }
        None => is_code_pattern(s),
    }
}

/// Whether `s` looks like a rule code or prefix: letters, then optionally digits.
pub fn is_code_pattern(s: &str) -> bool {
    if s.eq_ignore_ascii_case("ALL") {
        return true;
    }
    let letters = s.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0 && s.chars().skip(letters).all(|c| c.is_ascii_digit())
}

impl Config {
    /// Searches `start_dir` and its ancestors for `mandate-lint.toml`; the nearest wins.
    pub fn discover(start_dir: &Path) -> Result<Option<LoadedConfig>, ConfigError> {
        let mut dir = Some(start_dir);
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate).map(Some);
            }
            dir = d.parent();
        }
        Ok(None)
    }

    /// Reads and validates one config file.
    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
            message: format!("cannot read config: {e}"),
            help: None,
        })?;
        let config = Config::from_str(&text, path)?;
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            config,
        })
    }

    /// Parses and validates config text; `path` names the file in errors and anchors
    /// relative paths.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        let ctx = Ctx {
            text,
            path,
            lines: LineIndex::new(text),
        };
        let table = DeTable::parse(text).map_err(|e| {
            let at = e.span().map(|r| r.start).unwrap_or(0);
            ctx.error(
                at,
                format!("invalid TOML: {}", first_line(e.message())),
                None,
            )
        })?;
        let mut config = Config {
            base_dir: base_dir.clone(),
            ..Config::default()
        };
        for (key, value) in table.get_ref().iter() {
            let name: &str = key.get_ref();
            let at = key.span().start;
            match name {
                "select" => config.select = Some(ctx.codes(value, "select")?),
                "ignore" => config.ignore = ctx.codes(value, "ignore")?,
                "severity" => config.severity = ctx.severities(value)?,
                "rule-dirs" => {
                    config.rule_dirs = ctx
                        .strings(value, "rule-dirs")?
                        .into_iter()
                        .map(|d| base_dir.join(d))
                        .collect()
                }
                "include" => {
                    config.include = ctx.strings(value, "include")?;
                    config.include_set = Some(ctx.globs(value, &config.include)?);
                }
                "exclude" => {
                    config.exclude = ctx.strings(value, "exclude")?;
                    config.exclude_set = Some(ctx.globs(value, &config.exclude)?);
                }
                "previous" => config.previous = Some(base_dir.join(ctx.string(value, "previous")?)),
                "precedents" => {
                    config.precedents = Some(base_dir.join(ctx.string(value, "precedents")?))
                }
                "fail-on" => {
                    let s = ctx.string(value, "fail-on")?;
                    config.fail_on = Some(parse_severity(&s).ok_or_else(|| {
                        ctx.error(
                            value.span().start,
                            format!("bad value for `fail-on`: \"{s}\""),
                            Some("use \"error\", \"warning\" or \"info\"".into()),
                        )
                    })?);
                }
                "max-file-bytes" => {
                    let bytes = match value.get_ref() {
                        DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).ok(),
                        _ => None,
                    };
                    config.max_file_bytes = Some(bytes.filter(|b| *b > 0).ok_or_else(|| {
                        ctx.error(
                            value.span().start,
                            "bad value for `max-file-bytes`: expected a whole number of bytes above 0".into(),
                            Some("e.g. max-file-bytes = 10485760 for 10 MiB".into()),
                        )
                    })?);
                }
                "lsp" => config.lsp = ctx.lsp(value)?,
                other => return Err(ctx.unknown_key(at, other, TOP_KEYS, "")),
            }
        }
        Ok(config)
    }

    /// Extra rule directories, resolved against the config file's directory.
    pub fn rule_dirs(&self) -> &[PathBuf] {
        &self.rule_dirs
    }

    /// Whether diagnostics with this code are reported at all.
    pub fn is_selected(&self, code: &str) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|sel| sel.iter().any(|p| code_matches(p, code)));
        let ignored = self
            .ignore
            .iter()
            .any(|p| !p.contains(':') && code_matches(p, code));
        let off = matches!(self.severity_override(code), Some(SeverityOverride::Off));
        selected && !ignored && !off
    }

    /// Whether `select` turns on a rule that is off by default (PRE001): it names the
    /// code or a prefix of it (`PRE001`, `PRE`; `ALL` means every rule that is on), and
    /// the code is not ignored or set to "off".
    pub fn turns_on(&self, code: &str) -> bool {
        let named = self.select.as_ref().is_some_and(|sel| {
            sel.iter()
                .any(|p| !p.eq_ignore_ascii_case("ALL") && code_matches(p, code))
        });
        named && self.is_selected(code)
    }

    /// The override for a code: an exact key beats a prefix, a longer prefix a shorter.
    pub fn severity_override(&self, code: &str) -> Option<SeverityOverride> {
        self.severity
            .iter()
            .filter(|(pattern, _)| code_matches(pattern, code))
            .max_by_key(|(pattern, _)| pattern.len())
            .map(|(_, v)| *v)
    }

    /// Drops unselected and ignored diagnostics and applies severity overrides.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain(|d| {
            self.is_selected(&d.code)
                && !self
                    .ignore
                    .iter()
                    .any(|p| p.contains(':') && finding_matches(p, d))
        });
        for d in diagnostics.iter_mut() {
            if let Some(SeverityOverride::Set(s)) = self.severity_override(&d.code) {
                d.severity = s;
            }
        }
    }

    /// Whether a file met while walking a directory is to be checked: it matches
    /// `include` (or has a default extension when `include` is unset) and no `exclude`.
    pub fn wants_file(&self, path: &Path) -> bool {
        if self.is_excluded(path) {
            return false;
        }
        match &self.include_set {
            Some(set) => self.glob_match(set, path),
            None => has_default_extension(path),
        }
    }

    /// Whether a file or directory matches an `exclude` pattern.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude_set
            .as_ref()
            .is_some_and(|set| self.glob_match(set, path))
    }

    /// Patterns match the path relative to the config directory; a pattern is also
    /// tried against the file name alone, so `*.draft.txt` works at any depth.
    fn glob_match(&self, set: &GlobSet, path: &Path) -> bool {
        let relative = path.strip_prefix(&self.base_dir).unwrap_or(path);
        let relative = relative.strip_prefix(".").unwrap_or(relative);
        set.is_match(relative)
            || set.is_match(path)
            || path.file_name().is_some_and(|name| set.is_match(name))
    }
}

/// Whether a path ends in one of [`DEFAULT_EXTENSIONS`].
pub fn has_default_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

fn parse_severity(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

/// Levenshtein distance, for "did you mean" suggestions on short keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest known word, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let lowered = word.to_ascii_lowercase().replace('_', "-");
    known
        .iter()
        .map(|k| (edit_distance(&lowered, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Parsing context: the text, for turning byte offsets into line and column.
struct Ctx<'a> {
    text: &'a str,
    path: &'a Path,
    lines: LineIndex,
}

type SpannedValue<'i> = Spanned<DeValue<'i>>;

impl Ctx<'_> {
    fn error(&self, offset: usize, message: String, help: Option<String>) -> ConfigError {
        let pos = self.lines.position(self.text, offset, ColumnUnit::Char);
        ConfigError {
            path: self.path.to_path_buf(),
            line: pos.line as usize + 1,
            column: pos.col as usize + 1,
            message,
            help,
        }
    }

    fn unknown_key(&self, at: usize, key: &str, known: &[&str], table: &str) -> ConfigError {
        let help = match did_you_mean(key, known) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!("known keys{table}: {}", known.join(", ")),
        };
        self.error(at, format!("unknown key `{key}`"), Some(help))
    }

    fn type_error(&self, value: &SpannedValue<'_>, key: &str, expected: &str) -> ConfigError {
        self.error(
            value.span().start,
            format!(
                "bad value for `{key}`: expected {expected}, found {}",
                value.get_ref().type_str()
            ),
            None,
        )
    }

    fn string(&self, value: &SpannedValue<'_>, key: &str) -> Result<String, ConfigError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.type_error(value, key, "a string")),
        }
    }

    fn strings(&self, value: &SpannedValue<'_>, key: &str) -> Result<Vec<String>, ConfigError> {
        match value.get_ref() {
            DeValue::Array(items) => items
                .into_iter()
                .map(|item| self.string(item, key))
                .collect(),
            _ => Err(self.type_error(value, key, "an array of strings")),
        }
    }

    fn codes(&self, value: &SpannedValue<'_>, key: &str) -> Result<Vec<String>, ConfigError> {
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.type_error(
                value,
                key,
                "an array of rule codes, e.g. [\"DSR\", \"RES001\"]",
            ));
        };
        let mut out = Vec::new();
        for item in items {
            let code = self.string(item, key)?;
            let valid = if key == "ignore" {
                is_finding_pattern(&code)
            } else {
                is_code_pattern(&code)
            };
            if !valid {
                return Err(self.error(
                    item.span().start,
                    format!("bad rule code in `{key}`: \"{code}\""),
                    Some("write a code (\"DSR006\") or a prefix (\"DSR\", \"RES00\")".into()),
                ));
            }
            out.push(code.to_ascii_uppercase());
        }
        Ok(out)
    }

    fn globs(&self, value: &SpannedValue<'_>, patterns: &[String]) -> Result<GlobSet, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        let items: Vec<&SpannedValue<'_>> = match value.get_ref() {
            DeValue::Array(items) => items.into_iter().collect(),
            _ => Vec::new(),
        };
        for (i, pattern) in patterns.iter().enumerate() {
            let at = items.get(i).map_or(value.span().start, |v| v.span().start);
            let glob = Glob::new(pattern).map_err(|e| {
                self.error(
                    at,
                    format!("bad glob pattern \"{pattern}\": {}", e.kind()),
                    None,
                )
            })?;
            builder.add(glob);
        }
        builder
            .build()
            .map_err(|e| self.error(value.span().start, format!("bad glob patterns: {e}"), None))
    }

    fn severities(
        &self,
        value: &SpannedValue<'_>,
    ) -> Result<BTreeMap<String, SeverityOverride>, ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.type_error(
                value,
                "severity",
                "a table such as [severity] DSR019 = \"error\"",
            ));
        };
        let mut out = BTreeMap::new();
        for (key, v) in table.iter() {
            let code: &str = key.get_ref();
            if !is_code_pattern(code) {
                return Err(self.error(
                    key.span().start,
                    format!("bad rule code in [severity]: `{code}`"),
                    Some("keys are codes (\"DSR006\") or prefixes (\"DSR\")".into()),
                ));
            }
            let s = self.string(v, code)?;
            let level = match s.as_str() {
                "off" => SeverityOverride::Off,
                other => SeverityOverride::Set(parse_severity(other).ok_or_else(|| {
                    let help = match did_you_mean(other, &["error", "warning", "info", "off"]) {
                        Some(k) => format!("did you mean \"{k}\"?"),
                        None => "use \"error\", \"warning\", \"info\" or \"off\"".into(),
                    };
                    self.error(
                        v.span().start,
                        format!("bad severity for `{code}`: \"{s}\""),
                        Some(help),
                    )
                })?),
            };
            out.insert(code.to_ascii_uppercase(), level);
        }
        Ok(out)
    }

    fn lsp(&self, value: &SpannedValue<'_>) -> Result<LspSettings, ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.type_error(value, "lsp", "a table ([lsp])"));
        };
        let mut out = LspSettings::default();
        for (key, v) in table.iter() {
            let name: &str = key.get_ref();
            match name {
                "debounce-ms" => {
                    let ms = match v.get_ref() {
                        DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).ok(),
                        _ => None,
                    };
                    out.debounce_ms = Some(ms.filter(|ms| *ms <= 60_000).ok_or_else(|| {
                        self.error(
                            v.span().start,
                            "bad value for `debounce-ms`: expected a whole number of milliseconds from 0 to 60000".into(),
                            None,
                        )
                    })?);
                }
                other => {
                    return Err(self.unknown_key(key.span().start, other, LSP_KEYS, " in [lsp]"))
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
