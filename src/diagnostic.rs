//! The data type between the rules and the reporters (terminal, JSON, SARIF, LSP…).

use serde::{Deserialize, Serialize};

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint: shown in editors, never fails a build.
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "hint" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Text to insert to fix a finding (a quick fix in editors).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What the fix does, for the menu ("Add a sub-paragraph on civilian oversight").
    pub title: String,
    /// The text to insert, ready to paste (numbering and trailing punctuation included).
    pub text: String,
    /// Where to insert it: an empty span is an insertion, a non-empty one a replacement.
    pub span: Span,
}

/// Agreed language that fills the gap a finding reports: the closest adopted clause,
/// adapted to the draft's mission and placed like the rule's own suggestion (a second
/// quick fix: "Insert agreed language from S/RES/2149 (2014) para 30(f)(iii)").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrecedentFix {
    /// The text to insert and where, as for the rule's own suggestion.
    pub suggestion: Suggestion,
    /// "S/RES/2149 (2014) para 30(f)(iii)".
    pub citation: String,
    /// The clause as the Council adopted it (before the mission's names were replaced).
    pub adopted_text: String,
    /// Adoption date as written ("10 April 2014").
    pub date: Option<String>,
    /// The mission whose mandate the source resolution sets.
    pub mission: Option<String>,
}

/// A secondary location shown with the finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelatedSpan {
    pub span: Span,
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable public code ("DSR006").
    pub code: String,
    /// Stable public name ("no-civilian-oversight").
    pub name: String,
    pub severity: Severity,
    /// What is missing or wrong, one line.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// The offending text (or, for something missing, the place it should go).
    pub span: Span,
    /// The clause the finding is about ("11(b)"), when there is one.
    pub clause_ref: Option<String>,
    pub related: Vec<RelatedSpan>,
    /// Extra lines ("covered: …; missing: …").
    pub notes: Vec<String>,
    pub suggestion: Option<Suggestion>,
    /// With a precedent index: the adopted clause that fills the same gap.
    pub precedent: Option<PrecedentFix>,
}

impl Diagnostic {
    pub fn new(code: &str, name: &str, severity: Severity, message: String, span: Span) -> Self {
        Diagnostic {
            code: code.to_string(),
            name: name.to_string(),
            severity,
            message,
            help: None,
            span,
            clause_ref: None,
            related: Vec::new(),
            notes: Vec::new(),
            suggestion: None,
            precedent: None,
        }
    }
}
