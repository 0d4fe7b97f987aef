//! `mandate-lint debug term-forms`: the forms the matcher searches, as the benchmarks
//! read them (bench/gen_terms.py).

use std::process::Command;

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");

#[test]
fn prints_every_form_of_a_lexicon() {
    let out = Command::new(EXE)
        .args(["debug", "term-forms", "--lexicon", "defence-sector"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run mandate-lint: {e}"));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("lexicon\tterm\tform\tcase\tignore"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert!(rows
        .iter()
        .all(|r| r.len() == 5 && r[0] == "defence-sector"));
    let has = |term: &str, form: &str, case: &str| {
        rows.iter()
            .any(|r| r[1] == term && r[2] == form && r[3] == case)
    };
    // An inflection with a spelling variant, and an acronym kept case-sensitive.
    assert!(has(
        "ministry of defence",
        "ministries of defense",
        "insensitive"
    ));
    assert!(has("FARDC", "FARDC", "sensitive"));
}

#[test]
fn an_unknown_lexicon_is_a_usage_error() {
    let out = Command::new(EXE)
        .args(["debug", "term-forms", "--lexicon", "no-such-lexicon"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run mandate-lint: {e}"));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-lexicon"), "{err}");
}
