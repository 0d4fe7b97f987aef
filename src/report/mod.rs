//! Reporters: human (codespan-reporting), concise, JSON, SARIF, GitHub, JUnit, and
//! the `inspect` view of a parsed document.
//!
//! Every reporter takes a [`Report`]: the checked files in output order, the files
//! that could not be read, and the metadata of the rules that ran.

pub mod annotate;
pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod human;
pub mod inspect;
pub mod json;
pub mod junit;
pub mod map;
pub mod profile;
pub mod sarif;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{ExampleKind, Rule, RuleSet};
use crate::span::{ColumnUnit, LineIndex, Span};
use crate::suppress;

/// What a reporter needs to know about a rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    /// The one-line message the rule speaks with.
    pub summary: String,
    /// Why the rule matters.
    pub rationale: String,
    /// Where the rule comes from ("DCAF 2020, Recommendation 3, para. 31").
    pub source: String,
    /// What to write instead.
    pub help: String,
    /// The clause a quick fix inserts, if the rule has one.
    pub suggested_clause: Option<String>,
    /// Example drafts: (passes?, text).
    pub examples: Vec<(bool, String)>,
    /// On by default; `false` for rules that `select` must name (PRE001).
    pub enabled: bool,
}

impl RuleInfo {
    pub fn from_rule(rule: &Rule) -> RuleInfo {
        RuleInfo {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            severity: rule.severity,
            summary: rule.message.clone(),
            rationale: rule.rationale.clone(),
            source: rule.source.clone(),
            help: rule.help.clone(),
            suggested_clause: rule.suggestion.as_ref().map(|s| s.text.clone()),
            examples: rule
                .examples
                .iter()
                .map(|e| (e.kind == ExampleKind::Pass, e.text.clone()))
                .collect(),
            enabled: rule.enabled,
        }
    }
}

impl RuleInfo {
    /// The summary with its `{placeholders}` shown as "…", for listings.
    pub fn one_line(&self) -> String {
        let mut out = String::with_capacity(self.summary.len());
        let mut rest = self.summary.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest.get(open..).and_then(|r| r.find('}')) else {
                break;
            };
            out.push_str(rest.get(..open).unwrap_or(""));
            out.push('…');
            rest = rest.get(open + close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }
}

/// The rules the suppression machinery reports under.
pub fn suppression_rules() -> Vec<RuleInfo> {
    let mk = |(code, name): (&str, &str), summary: &str, rationale: &str, help: &str| RuleInfo {
        code: code.into(),
        name: name.into(),
        severity: Severity::Warning,
        summary: summary.into(),
        rationale: rationale.into(),
        source: "mandate-lint suppression comments".into(),
        help: help.into(),
        suggested_clause: None,
        examples: Vec::new(),
        enabled: true,
    };
    vec![
        mk(
            suppress::UNUSED,
            "a suppression comment silences nothing",
            "Stale suppressions hide future findings and mislead the next reader of the draft.",
            "remove the comment, or correct the codes it names",
        ),
        mk(
            suppress::NO_REASON,
            "a suppression comment gives no reason",
            "A finding set aside without a reason cannot be reviewed by the penholder or the Secretariat.",
            "add reason=\"…\" to the comment",
        ),
        mk(
            suppress::MALFORMED,
            "a mandate-lint comment cannot be understood",
            "A comment that was meant to suppress a finding but does not parse silences nothing.",
            "write <!-- mandate-lint: allow DSR007 reason=\"…\" -->",
        ),
    ]
}

/// Every rule's metadata, in code order: the rule set's, then the suppression codes.
pub fn rule_catalog(rules: &RuleSet) -> Vec<RuleInfo> {
    let mut out: Vec<RuleInfo> = rules.rules().iter().map(RuleInfo::from_rule).collect();
    out.extend(suppression_rules());
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out.dedup_by(|a, b| a.code == b.code);
    out
}

/// One finding, with its fingerprint.
#[derive(Clone, Debug)]
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub fingerprint: String,
}

/// A 1-based line and column (columns in characters), as users and CI tools count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One checked file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path as given (or found while walking), or `<stdin>`.
    pub path: String,
    /// The text spans index into.
    pub text: String,
    pub lines: LineIndex,
    pub findings: Vec<Finding>,
    /// What the reader did that the user should know ("decoded as Windows-1252").
    pub notes: Vec<String>,
    /// With `--previous`: how each DSR clause compares with the mandate it renews.
    pub renewal: Option<Renewal>,
    /// The draft's DCAF profile, when it sets a mandate or has DSR tasks.
    pub profile: Option<profile::DsrProfile>,
}

/// The DSR clauses of a draft against the mandate it renews (`check --previous`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Renewal {
    /// The previous mandate, as named on the command line or in the config.
    pub previous: String,
    pub clauses: Vec<RenewalClause>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct RenewalClause {
    /// The DSR clause of the draft ("2(b)").
    pub clause: String,
    /// "unchanged", "lightly edited" or "new".
    pub status: &'static str,
    /// The clause of the previous mandate it continues, unless new.
    pub previous_clause: Option<String>,
    /// Word similarity to it, 0 to 1.
    pub similarity: f64,
    /// Word-level difference, `[-old-] {+new+}`, for lightly edited clauses.
    pub diff: Option<String>,
}

impl Renewal {
    /// Compares the DSR clauses of `new` with `previous` (content alignment, not numbers).
    pub fn compute(
        previous_name: &str,
        new: &crate::Checked,
        previous: &crate::Checked,
    ) -> Renewal {
        use crate::mandates::align;
        let clauses = align::renewal_matches(new, previous)
            .into_iter()
            .filter_map(|m| {
                let clause = new.doc.clauses.get(m.new_clause)?.reference.to_string();
                let previous_clause = m
                    .old_clause
                    .and_then(|o| previous.doc.clauses.get(o))
                    .map(|c| c.reference.to_string());
                let diff = (m.change == align::Change::Edited && !m.diff.is_empty())
                    .then(|| align::render_word_diff_compact(&m.diff, 6));
                Some(RenewalClause {
                    clause,
                    status: m.change.as_str(),
                    previous_clause,
                    similarity: (m.similarity * 1000.0).round() / 1000.0,
                    diff,
                })
            })
            .collect();
        Renewal {
            previous: previous_name.to_string(),
            clauses,
        }
    }

    /// "3 DSR clauses against OLD: 1 unchanged, 1 lightly edited, 1 new".
    pub fn summary(&self) -> String {
        let count = |status: &str| self.clauses.iter().filter(|c| c.status == status).count();
        format!(
            "{} DSR clause{} against {}: {} unchanged, {} lightly edited, {} new",
            self.clauses.len(),
            if self.clauses.len() == 1 { "" } else { "s" },
            self.previous,
            count("unchanged"),
            count("lightly edited"),
            count("new")
        )
    }
}

impl FileReport {
    pub fn new(path: String, text: String, findings: Vec<Finding>) -> FileReport {
        let lines = LineIndex::new(&text);
        FileReport::with_lines(path, text, lines, findings)
    }

    /// `new` with the text's line index already made (the parse made one).
    pub fn with_lines(
        path: String,
        text: String,
        lines: LineIndex,
        findings: Vec<Finding>,
    ) -> FileReport {
        FileReport {
            path,
            text,
            lines,
            findings,
            notes: Vec::new(),
            renewal: None,
            profile: None,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let pos = self.lines.position(&self.text, offset, ColumnUnit::Char);
        Position {
            line: pos.line as usize + 1,
            column: pos.col as usize + 1,
        }
    }

    /// Start and end positions of a span.
    pub fn range(&self, span: Span) -> (Position, Position) {
        (
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.diagnostic.severity == severity)
            .count()
    }
}

/// A file that could not be read or checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFailure {
    pub path: String,
    pub message: String,
}

/// Totals over a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that could not be read.
    pub failed_files: usize,
    /// Findings per rule code.
    pub by_rule: BTreeMap<String, usize>,
}

impl Summary {
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// "3 files checked: 2 errors, 5 warnings, 1 info".
    pub fn line(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = format!("{} checked", plural(self.files, "file", "files"));
        if self.total() == 0 {
            s.push_str(": no findings");
        } else {
            let mut parts = Vec::new();
            if self.errors > 0 {
                parts.push(plural(self.errors, "error", "errors"));
            }
            if self.warnings > 0 {
                parts.push(plural(self.warnings, "warning", "warnings"));
            }
            if self.infos > 0 {
                parts.push(plural(self.infos, "info", "infos"));
            }
            s.push_str(": ");
            s.push_str(&parts.join(", "));
        }
        if self.failed_files > 0 {
            s.push_str(&format!(
                "; {} could not be read",
                plural(self.failed_files, "file", "files")
            ));
        }
        s
    }
}

/// Everything one run produced.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Checked files, in output order (sorted by path).
    pub files: Vec<FileReport>,
    pub failures: Vec<FileFailure>,
    /// Metadata of the rules that could fire, in code order.
    pub rules: Vec<RuleInfo>,
}

impl Report {
    pub fn rule(&self, code: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.code == code)
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.files.len(),
            failed_files: self.failures.len(),
            ..Summary::default()
        };
        for f in self.files.iter().flat_map(|f| &f.findings) {
            match f.diagnostic.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
            *s.by_rule.entry(f.diagnostic.code.to_string()).or_insert(0) += 1;
        }
        s
    }

    /// Count of findings per rule, as a table ("  5  DSR007  undefined-counterpart").
    pub fn statistics(&self) -> String {
        let summary = self.summary();
        let mut out = String::new();
        for (code, count) in &summary.by_rule {
            let name = self
                .rule(code)
                .map(|r| r.name.clone())
                .or_else(|| {
                    self.files
                        .iter()
                        .flat_map(|f| &f.findings)
                        .find(|f| f.diagnostic.code == code)
                        .map(|f| f.diagnostic.name.to_string())
                })
                .unwrap_or_default();
            out.push_str(&format!("{count:>5}  {code:<7} {name}\n"));
        }
        out
    }
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
}

/// Renders a whole report in a machine or line format (human output has its own
/// entry point, as it needs colour settings).
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Human => human::render(report, &human::Options::default()),
        Format::Concise => concise::render(report),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
    }
}
