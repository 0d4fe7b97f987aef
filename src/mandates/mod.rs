//! Renewals and mandate mapping (issue 6): what analysts ask of a whole corpus.
//!
//! - [`align`]: paragraphs of two resolutions aligned by content, not by number, with
//!   word-level differences (also what DSR003 renewed-unchanged needs:
//!   [`align::renewal_matches`]);
//! - [`diff`]: the clause-by-clause comparison of two resolutions (`mandate-lint diff`);
//! - [`history`]: how long each DSR clause of the latest mandate has stood unchanged,
//!   and the share renewed unchanged at each renewal (`mandate-lint history`);
//! - [`map`]: the DCAF coding table (Tables 1–2 of the study) per resolution or per
//!   mission, with the comprehensiveness verdict (`mandate-lint map`).
//!
//! Everything here works on [`Checked`] documents; [`load`] reads and checks files.

pub mod align;
pub mod diff;
pub mod history;
pub mod map;
pub mod progress;

use std::path::{Path, PathBuf};

use crate::input::{self, Limits};
use crate::{CheckOptions, Checked, Engine};

/// A resolution read from a file and run through the pipeline.
#[derive(Clone, Debug)]
pub struct Resolution {
    /// The path as given (for messages and reports).
    pub name: String,
    pub checked: Checked,
}

impl Resolution {
    pub fn new(name: impl Into<String>, checked: Checked) -> Resolution {
        Resolution {
            name: name.into(),
            checked,
        }
    }

    /// "2098 (2013)" from the masthead, else the file name.
    pub fn label(&self) -> String {
        let m = &self.checked.doc.masthead;
        match (m.number, m.year) {
            (Some(n), Some(y)) => format!("{n} ({y})"),
            _ => self.file_name().to_string(),
        }
    }

    /// The last component of the path.
    pub fn file_name(&self) -> &str {
        Path::new(&self.name)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(&self.name)
    }

    pub fn mission(&self) -> Option<&str> {
        self.checked.analysis.mission.as_deref()
    }

    /// Chronological order key: adoption year, resolution number, adoption date, then
    /// the name (texts without a masthead sort last, by name).
    fn order_key(&self) -> (u32, u32, (u32, u32), String) {
        let m = &self.checked.doc.masthead;
        (
            m.year.unwrap_or(u32::MAX),
            m.number.unwrap_or(u32::MAX),
            m.date.as_deref().and_then(month_day).unwrap_or((13, 32)),
            self.name.clone(),
        )
    }
}

/// Orders resolutions of one mission by masthead year and number (then adoption date).
pub fn sort_chronologically(resolutions: &mut [Resolution]) {
    resolutions.sort_by_cached_key(Resolution::order_key);
}

/// (month, day) of an adoption date as written ("28 March 2013").
fn month_day(date: &str) -> Option<(u32, u32)> {
    let mut day = None;
    let mut month = None;
    for w in date.split_whitespace() {
        if let Ok(d) = w.trim_matches(',').parse::<u32>() {
            if d <= 31 && day.is_none() {
                day = Some(d);
            }
        }
        let lower = w.to_lowercase();
        if let Some(i) = align::MONTHS.iter().position(|m| lower.starts_with(m)) {
            month = u32::try_from(i + 1).ok();
        }
    }
    Some((month?, day.unwrap_or(0)))
}

/// Reads, parses and analyses one file. Rules are not run (`diagnostics` stays
/// empty): alignment and mapping need the analysis only, and corpora are large. The
/// error is one line naming the file.
pub fn load(engine: &Engine, path: &Path) -> Result<Resolution, String> {
    let source = input::read_path(path, &Limits::default()).map_err(|e| e.to_string())?;
    let doc = engine.parse_source(&source);
    let analysis = engine.analyse(&doc);
    let checked = Checked::new(doc, analysis, Vec::new());
    Ok(Resolution::new(path.display().to_string(), checked))
}

/// Reads a file and runs the whole pipeline, rules included.
pub fn load_checked(engine: &Engine, path: &Path) -> Result<Resolution, String> {
    let source = input::read_path(path, &Limits::default()).map_err(|e| e.to_string())?;
    let checked = engine.check_source(&source, &CheckOptions::default());
    Ok(Resolution::new(path.display().to_string(), checked))
}

/// Reads and checks files in parallel; results keep the input order.
pub fn load_all(
    engine: &Engine,
    paths: &[PathBuf],
    progress: Option<&progress::Progress>,
) -> Vec<Result<Resolution, String>> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| {
            let r = load(engine, p);
            if let Some(bar) = progress {
                bar.tick();
            }
            r
        })
        .collect()
}

/// Files under `dir` with a draft extension (.txt, .md, .docx, .xml), sorted; hidden
/// entries skipped; not recursive into symlinked directories.
pub fn files_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| format!("{}: cannot read directory: {e}", d.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if input::format_from_extension(&path).is_some() {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adoption_dates_order_within_a_year() {
        assert_eq!(month_day("28 March 2013"), Some((3, 28)));
        assert_eq!(month_day("on 1 July 2014"), Some((7, 1)));
        assert_eq!(month_day("sometime"), None);
    }
}
