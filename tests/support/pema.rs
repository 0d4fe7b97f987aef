//! PEMA (Di Salvatore et al. 2022) `MilitaryReform_*` codes, paragraph by paragraph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Gold operative paragraph numbers per resolution signature ("S/RES/1704"), with the
/// mission; references to other documents ("27 (S/26090)") are left out.
pub struct Gold {
    pub mission: String,
    pub paragraphs: BTreeSet<u32>,
}

/// "12a" → 12; references to reports or without a number → None.
pub fn paragraph_number(reference: &str) -> Option<u32> {
    if reference.contains("S/") {
        return None;
    }
    let digits: String = reference
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

pub fn load(path: &Path) -> Result<BTreeMap<String, Gold>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
    };
    let sig = col("Signature").ok_or("no Signature column")?;
    let pko = col("NamePKO").ok_or("no NamePKO column")?;
    let mr: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| h.starts_with("MilitaryReform_"))
        .map(|(i, _)| i)
        .collect();
    if mr.len() != 4 {
        return Err(format!(
            "{}: expected four MilitaryReform_ columns",
            path.display()
        ));
    }
    let mut out: BTreeMap<String, Gold> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        let Some(signature) = record.get(sig).map(str::trim).filter(|s| !s.is_empty()) else {
            continue;
        };
        let gold = out.entry(signature.to_string()).or_insert_with(|| Gold {
            mission: record.get(pko).unwrap_or("").trim().to_string(),
            paragraphs: BTreeSet::new(),
        });
        for &c in &mr {
            for r in record.get(c).unwrap_or("").split(',') {
                if let Some(n) = paragraph_number(r) {
                    gold.paragraphs.insert(n);
                }
            }
        }
    }
    Ok(out)
}
