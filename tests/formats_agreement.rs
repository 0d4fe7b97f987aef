//! Text/AKN agreement: a resolution read from the corpus text (`corpus/unsc/`) and from
//! its Akoma Ntoso XML (`corpus/akn/`) must give the same operative clause references
//! and the same DSR analysis (dsr_task per reference). Skips with a printed note when
//! the corpus is absent.

#[path = "support/shared_data.rs"]
mod shared_data;

use std::collections::BTreeMap;
use std::path::PathBuf;

use mandate_lint::input::{read_path, Limits};
use mandate_lint::{CheckOptions, Checked, Engine};

fn corpus() -> Option<PathBuf> {
    shared_data::shared("corpus/akn", "the text/AKN agreement")?;
    shared_data::shared("corpus/unsc", "the text/AKN agreement")?;
    shared_data::shared("corpus", "the text/AKN agreement")
}

/// (resolution number, year) from AKN file names such as
/// "2020__S_RES_2512_(2020)-2003205E.xml", "2021__SC_2584_2021-E.xml",
/// "2023__S_RES_2713-2323995E.xml".
fn number_and_year(name: &str) -> Option<(u32, u32)> {
    let re = regex::Regex::new(r"^(\d{4})__(?:S_RES_|SC_)(\d{4})").ok()?;
    let caps = re.captures(name)?;
    let year = caps.get(1)?.as_str().parse().ok()?;
    let number = caps.get(2)?.as_str().parse().ok()?;
    Some((number, year))
}

/// Operative clause reference → dsr_task.
fn operative(checked: &Checked) -> BTreeMap<String, bool> {
    checked
        .doc
        .operative()
        .map(|(i, c)| {
            let dsr = checked.analysis.clauses.get(i).is_some_and(|a| a.dsr_task);
            (c.reference.to_string(), dsr)
        })
        .collect()
}

#[test]
fn text_and_akoma_ntoso_agree_on_operative_clauses_and_dsr() {
    let Some(dir) = corpus() else { return };
    let engine = match Engine::embedded() {
        Ok(e) => e,
        Err(e) => panic!("rules do not load: {e}"),
    };
    let limits = Limits::default();
    let mut akn_files: Vec<PathBuf> = std::fs::read_dir(dir.join("akn"))
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    akn_files.sort();
    let (mut pairs, mut same_refs, mut same_dsr, mut dsr_clauses_text, mut dsr_clauses_akn) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut ref_diffs = Vec::new();
    let mut dsr_diffs = Vec::new();
    for akn_path in &akn_files {
        let name = akn_path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some((number, year)) = number_and_year(name) else {
            continue;
        };
        let text_path = dir
            .join("unsc")
            .join(format!("S-RES-{number:04}-{year}.txt"));
        if !text_path.is_file() {
            continue;
        }
        let (akn, text) = match (read_path(akn_path, &limits), read_path(&text_path, &limits)) {
            (Ok(a), Ok(t)) => (a, t),
            (Err(e), _) | (_, Err(e)) => panic!("{e}"),
        };
        pairs += 1;
        let opts = CheckOptions::default();
        let from_akn = engine.check_source(&akn, &opts);
        let from_text = engine.check(text.text, text.format, &opts);
        let a = operative(&from_akn);
        let t = operative(&from_text);
        dsr_clauses_akn += a.values().filter(|d| **d).count();
        dsr_clauses_text += t.values().filter(|d| **d).count();
        let a_refs: Vec<&String> = a.keys().collect();
        let t_refs: Vec<&String> = t.keys().collect();
        if a_refs == t_refs {
            same_refs += 1;
        } else {
            let only_akn: Vec<&&String> = a_refs
                .iter()
                .filter(|r| !t.contains_key(**r))
                .take(5)
                .collect();
            let only_text: Vec<&&String> = t_refs
                .iter()
                .filter(|r| !a.contains_key(**r))
                .take(5)
                .collect();
            ref_diffs.push(format!(
                "{number} ({year}): AKN {} refs, text {} refs; only AKN {only_akn:?}, only text {only_text:?}",
                a.len(),
                t.len()
            ));
        }
        let a_dsr: Vec<&String> = a.iter().filter(|(_, d)| **d).map(|(r, _)| r).collect();
        let t_dsr: Vec<&String> = t.iter().filter(|(_, d)| **d).map(|(r, _)| r).collect();
        if a_dsr == t_dsr {
            same_dsr += 1;
        } else {
            dsr_diffs.push(format!("{number} ({year}): AKN {a_dsr:?}, text {t_dsr:?}"));
        }
    }
    println!(
        "text/AKN pairs: {pairs}; same operative refs: {same_refs}; same DSR refs: {same_dsr}; DSR clauses text {dsr_clauses_text}, AKN {dsr_clauses_akn}"
    );
    for d in ref_diffs.iter().take(40) {
        println!("refs differ: {d}");
    }
    for d in dsr_diffs.iter().take(40) {
        println!("DSR differs: {d}");
    }
    if pairs == 0 {
        println!("no resolution is in both corpus/unsc and corpus/akn: nothing compared");
        return;
    }
    assert!(pairs >= 100, "expected 100+ pairs, found {pairs}");
    // Texts of the same resolution from two publishers: a few differ for reasons that
    // are the sources' (missing paragraphs, pillars typed differently). The bar is
    // that nearly all agree, and every disagreement is printed above.
    let refs_rate = same_refs as f64 / pairs as f64;
    let dsr_rate = same_dsr as f64 / pairs as f64;
    assert!(
        refs_rate >= 0.90,
        "operative refs agree in only {same_refs}/{pairs}"
    );
    assert!(
        dsr_rate >= 0.95,
        "DSR refs agree in only {same_dsr}/{pairs}"
    );
}
