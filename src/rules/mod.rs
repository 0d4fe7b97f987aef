//! The rule engine: rule files (`rules/**/*.toml`) → diagnostics.

use std::fmt;
use std::path::PathBuf;

use crate::analyse::{Analysis, Lexicons};
use crate::diagnostic::Diagnostic;
use crate::model::Document;
use crate::CheckOptions;

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

#[derive(Clone, Debug, Default)]
pub struct RuleSet {}

impl RuleSet {
    pub fn run(
        &self,
        _doc: &Document,
        _analysis: &Analysis,
        _opts: &CheckOptions<'_>,
        _lexicons: &Lexicons,
    ) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// Loads embedded lexicons and rules, then those of `extra_dirs`.
pub fn load(_extra_dirs: &[PathBuf]) -> Result<(Lexicons, RuleSet), RuleError> {
    Ok((Lexicons::default(), RuleSet::default()))
}
