//! Baselines: record today's findings, report only new ones later.
//!
//! A baseline is a JSON file listing, for each finding, the file path as it was given
//! on the command line, the rule code and the fingerprint (see
//! [`crate::report::fingerprint`]). Fingerprints do not depend on line numbers, so
//! inserting a paragraph above a recorded finding does not make it new.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const BASELINE_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

/// A baseline that cannot be read or written. Displays as `path: problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaselineError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for BaselineError {}

/// Paths compare with forward slashes and without a leading `./`, so a baseline
/// written on Windows or with `./drafts` matches `drafts` elsewhere.
pub fn normalise_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut s = p.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

impl Baseline {
    pub fn new(mut findings: Vec<BaselineEntry>) -> Baseline {
        for f in &mut findings {
            f.path = normalise_path(&f.path);
        }
        findings.sort();
        Baseline {
            version: BASELINE_VERSION,
            findings,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let err = |message: String| BaselineError {
            path: path.to_path_buf(),
            message,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| err(format!("cannot read baseline: {e}")))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            err(format!(
                "not a mandate-lint baseline (line {}): {e}",
                e.line()
            ))
        })?;
        if baseline.version != BASELINE_VERSION {
            return Err(err(format!(
                "baseline version {} is not supported (expected {BASELINE_VERSION}); re-record it with --write-baseline",
                baseline.version
            )));
        }
        Ok(baseline)
    }

    /// Writes to a temporary file beside the target, then renames it over the target,
    /// so an error never leaves a truncated baseline behind.
    pub fn write_atomic(&self, path: &Path) -> Result<(), BaselineError> {
        let err = |message: String| BaselineError {
            path: path.to_path_buf(),
            message,
        };
        let mut json = serde_json::to_string_pretty(self).map_err(|e| err(e.to_string()))?;
        json.push('\n');
        crate::atomic_file::write_atomic(path, json.as_bytes())
            .map_err(|e| err(format!("cannot write baseline: {e}")))
    }

    /// A lookup set of the recorded findings.
    pub fn index(&self) -> BaselineIndex {
        BaselineIndex {
            keys: self
                .findings
                .iter()
                .map(|f| {
                    (
                        normalise_path(&f.path),
                        f.code.clone(),
                        f.fingerprint.clone(),
                    )
                })
                .collect(),
        }
    }
}

/// Recorded findings, for fast membership tests.
#[derive(Clone, Debug, Default)]
pub struct BaselineIndex {
    keys: HashSet<(String, String, String)>,
}

impl BaselineIndex {
    pub fn contains(&self, path: &str, code: &str, fingerprint: &str) -> bool {
        self.keys.contains(&(
            normalise_path(path),
            code.to_string(),
            fingerprint.to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_load_and_match() -> Result<(), Box<dyn std::error::Error>> {
        let dir =
            std::env::temp_dir().join(format!("mandate-lint-baseline-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("baseline.json");
        let b = Baseline::new(vec![BaselineEntry {
            path: "./drafts\\a.txt".into(),
            code: "DSR006".into(),
            fingerprint: "00ff:0".into(),
        }]);
        b.write_atomic(&file)?;
        let loaded = Baseline::load(&file)?;
        assert_eq!(loaded, b);
        let idx = loaded.index();
        assert!(idx.contains("drafts/a.txt", "DSR006", "00ff:0"));
        assert!(!idx.contains("drafts/a.txt", "DSR006", "00ff:1"));
        std::fs::write(&file, "{ not json")?;
        assert!(Baseline::load(&file).is_err());
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
