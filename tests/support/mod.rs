//! Shared by the corpus measurements (`dcaf_reproduction`, `accuracy`): where the corpus
//! is, which resolutions are the DCAF study's peacekeeping mandates, and the human
//! codings we measure against (PEMA, DCAF Annex Table 1).
#![allow(dead_code)]

pub mod dcaf;
pub mod pema;
pub mod shared_data;

use std::path::{Path, PathBuf};

/// The text file of a resolution in `corpus/unsc` ("S/RES/1704" → S-RES-1704-2006.txt).
pub fn text_file(unsc: &Path, signature: &str) -> Option<PathBuf> {
    let number: u32 = signature
        .trim()
        .trim_start_matches("S/RES/")
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let prefix = format!("S-RES-{number:04}-");
    std::fs::read_dir(unsc)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".txt"))
        })
}

pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub fn pct(part: usize, whole: usize) -> String {
    if whole == 0 {
        "n/a".into()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}
