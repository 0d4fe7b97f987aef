//! The fixture drafts in `fixtures/`: each rule fires on the draft written to show it,
//! the comprehensive draft stays clean of DSR findings, and every finding on every
//! fixture is pinned in a snapshot (`tests/snapshots/fixtures/`).

#[path = "support/findings.rs"]
mod findings;
#[path = "precedent_support/mod.rs"]
mod precedent_support;

use std::collections::BTreeSet;
use std::path::Path;

use mandate_lint::config::Config;
use mandate_lint::model::SourceFormat;
use mandate_lint::{CheckOptions, Checked, Engine};

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check(engine: &Engine, name: &str, previous: Option<&Checked>) -> Checked {
    let format = if name.ends_with(".md") {
        SourceFormat::Markdown
    } else {
        SourceFormat::Text
    };
    engine.check(read(name), format, &CheckOptions::with_previous(previous))
}

fn codes(c: &Checked) -> BTreeSet<String> {
    c.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn every_rule_fires_on_its_fixture() {
    let engine = Engine::embedded().expect("embedded rules load");
    let previous = check(&engine, "previous-mandate.txt", None);
    let expectations: &[(&str, Option<&Checked>, &[&str])] = &[
        (
            "mission-renewal-gaps.txt",
            None,
            &[
                "DSR001", "DSR002", "DSR004", "DSR005", "DSR006", "DSR007", "DSR008", "DSR009",
                "DSR010", "DSR011", "DSR014", "DSR015", "DSR016", "DSR017", "DSR019",
            ],
        ),
        (
            "renewal-unchanged.txt",
            Some(&previous),
            &["DSR003", "DSR012", "DSR013"],
        ),
        ("preamble-only-dsr.md", None, &["DSR018"]),
        ("ssr-umbrella-mandate.txt", None, &["DSR020"]),
        ("elements-without-structure.txt", None, &["RES000"]),
        (
            "editorial-errors.txt",
            None,
            &[
                "RES001", "RES002", "RES003", "RES004", "RES005", "RES006", "RES007", "RES008",
                "RES009", "RES010",
            ],
        ),
    ];
    let mut covered = BTreeSet::new();
    for (name, prev, want) in expectations {
        let got = codes(&check(&engine, name, *prev));
        for code in *want {
            assert!(got.contains(*code), "{name}: expected {code}, got {got:?}");
            covered.insert(code.to_string());
        }
    }
    // PRE001 speaks when selected and given a precedent index: the renewal draft
    // against the fixture collection of adopted resolutions.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/precedents");
    let (index, _, _) = precedent_support::build_index(&dir).expect("fixture index");
    let config = Config::from_str("select = [\"PRE001\"]\n", Path::new("mandate-lint.toml"))
        .expect("config");
    let opts = CheckOptions {
        config: Some(&config),
        precedents: Some(&index),
        ..CheckOptions::default()
    };
    let checked = engine.check(read("mission-renewal-gaps.txt"), SourceFormat::Text, &opts);
    assert_eq!(
        codes(&checked),
        BTreeSet::from(["PRE001".to_string()]),
        "mission-renewal-gaps.txt with --select PRE001"
    );
    covered.insert("PRE001".to_string());
    for rule in engine.rules.rules() {
        assert!(
            covered.contains(rule.code.as_str()),
            "no fixture shows {}",
            rule.code
        );
    }
}

#[test]
fn the_comprehensive_draft_has_no_dsr_findings() {
    let engine = Engine::embedded().expect("embedded rules load");
    let checked = check(&engine, "comprehensive-dsr-mandate.txt", None);
    assert!(
        checked.analysis.has_dsr(),
        "the good draft must contain DSR tasks"
    );
    let dsr: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("DSR"))
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(dsr.is_empty(), "DSR findings on the good draft: {dsr:?}");
}

#[test]
fn a_renewal_compared_with_itself_is_identical_and_with_a_revision_is_not() {
    let engine = Engine::embedded().expect("embedded rules load");
    let previous = check(&engine, "previous-mandate.txt", None);
    let renewal = check(&engine, "renewal-unchanged.txt", Some(&previous));
    let unchanged: Vec<_> = renewal
        .diagnostics
        .iter()
        .filter(|d| d.code == "DSR003")
        .collect();
    assert_eq!(unchanged.len(), 3, "three copied DSR sub-paragraphs");
    assert!(unchanged.iter().all(|d| d.message.contains("identical")));
    let revised = check(&engine, "comprehensive-dsr-mandate.txt", Some(&previous));
    assert!(revised.diagnostics.iter().all(|d| d.code != "DSR003"));
}

#[test]
fn document_level_findings_go_where_the_fix_goes() {
    let engine = Engine::embedded().expect("embedded rules load");
    let checked = check(&engine, "mission-renewal-gaps.txt", None);
    let text = &checked.doc.text;
    let finding = |code: &str| {
        checked
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{code} fires"))
    };
    let related_refs = |d: &mandate_lint::diagnostic::Diagnostic| -> Vec<String> {
        d.related
            .iter()
            .filter_map(|r| r.clause_ref.as_ref().map(|r| r.to_string()))
            .collect()
    };

    // A missing task: on the last task of the list, where its sub-paragraph goes.
    let oversight = finding("DSR006");
    assert_eq!(oversight.clause_ref.as_deref(), Some("2(c)"));
    assert!(oversight
        .span
        .slice(text)
        .starts_with("(c) To support the development"));
    assert_eq!(related_refs(oversight), ["2(a)", "2(b)", "3"]);
    let fix = oversight.suggestion.as_ref().expect("a quick fix");
    // After the last sub-item of paragraph 2, labelled (d), ending with a semicolon.
    let before = text.get(..fix.span.start).unwrap_or("");
    assert!(before.ends_with("To support the development of capable defence institutions;"));
    assert!(fix
        .text
        .starts_with("\n\n    (d) To support, through good offices"));
    assert!(fix.text.ends_with(';'));
    assert_eq!(
        fix.span.start, oversight.span.end,
        "the fix follows the anchor"
    );

    // Framing: on the lead-in introducing the DSR tasks; every task related.
    for code in ["DSR001", "DSR002", "DSR004", "DSR005"] {
        let d = finding(code);
        assert_eq!(d.clause_ref.as_deref(), Some("2"), "{code}");
        assert!(d
            .span
            .slice(text)
            .starts_with("2. Requests UNISMV to carry out"));
        assert_eq!(related_refs(d), ["2(a)", "2(b)", "2(c)", "3"], "{code}");
    }
    // Its quick fix still extends the list after 2(c).
    let fix = finding("DSR002").suggestion.as_ref().expect("a quick fix");
    assert!(text
        .get(..fix.span.start)
        .unwrap_or("")
        .ends_with("capable defence institutions;"));

    // Balance of the mandate: on the first operative paragraph, with the profile.
    for code in ["DSR008", "DSR015", "DSR016"] {
        let d = finding(code);
        assert_eq!(d.clause_ref.as_deref(), Some("1"), "{code}");
        assert!(d.span.slice(text).starts_with("1. Decides to extend"));
    }
    let fix = finding("DSR008").suggestion.as_ref().expect("a quick fix");
    assert!(text
        .get(..fix.span.start)
        .unwrap_or("")
        .ends_with("capable defence institutions;"));

    // Reporting: on the paragraph requesting reports; the new paragraph goes before
    // "Decides to remain actively seized", which becomes 6.
    let reporting = finding("DSR011");
    assert_eq!(reporting.clause_ref.as_deref(), Some("4"));
    assert!(reporting
        .span
        .slice(text)
        .starts_with("4. Requests the Secretary-General"));
    assert_eq!(finding("DSR009").clause_ref.as_deref(), Some("4"));
    let fix = reporting.suggestion.as_ref().expect("a quick fix");
    assert!(text
        .get(fix.span.start..)
        .unwrap_or("")
        .starts_with("5. Decides to remain"));
    assert!(fix.text.starts_with("5. Requests the Secretary-General"));
    assert!(reporting.notes.iter().any(|n| n.contains("renumber")));

    // No line carries more than four findings (issue 14).
    let mut per_line = std::collections::BTreeMap::new();
    for d in &checked.diagnostics {
        let line = text.get(..d.span.start).unwrap_or("").matches('\n').count() + 1;
        *per_line.entry(line).or_insert(0) += 1;
    }
    assert!(
        per_line.values().all(|&n| n <= 4),
        "findings per line: {per_line:?}"
    );
}

/// DSR002 is one finding listing the missing tenets; each stays suppressible on its own
/// (`DSR002:gender` in a comment or in `ignore`).
#[test]
fn missing_tenets_are_one_finding_each_suppressible() {
    let engine = Engine::embedded().expect("embedded rules load");
    let text = read("mission-renewal-gaps.txt");
    let tenets = |checked: &Checked| -> Vec<Vec<String>> {
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "DSR002")
            .map(|d| d.items.iter().map(|i| i.id.clone()).collect())
            .collect()
    };
    let plain = engine.check(text.clone(), SourceFormat::Text, &CheckOptions::default());
    assert_eq!(
        tenets(&plain),
        [[
            "national-ownership",
            "inclusivity",
            "good-governance",
            "gender"
        ]]
    );
    let d = plain
        .diagnostics
        .iter()
        .find(|d| d.code == "DSR002")
        .expect("DSR002");
    assert!(
        d.message
            .contains("national ownership, inclusivity, good governance and gender-responsiveness"),
        "{}",
        d.message
    );

    let suppressed = format!(
        "{text}\n<!-- mandate-lint: allow-file DSR002:gender, DSR002:inclusivity reason=\"agreed with the penholder\" -->\n"
    );
    let checked = engine.check(suppressed, SourceFormat::Text, &CheckOptions::default());
    assert_eq!(
        tenets(&checked),
        [["national-ownership", "good-governance"]]
    );
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.code.starts_with("SUP")),
        "the item suppression is used: {:?}",
        checked
            .diagnostics
            .iter()
            .map(|d| &d.code)
            .collect::<Vec<_>>()
    );

    // From mandate-lint.toml, as users write it (the loader validates `CODE:item`).
    let config = Config::from_str(
        "ignore = [\"DSR002:national-ownership\", \"DSR002:good-governance\", \"dsr002:inclusivity\"]\n",
        Path::new("mandate-lint.toml"),
    )
    .expect("item patterns are valid in ignore");
    let opts = CheckOptions {
        config: Some(&config),
        ..CheckOptions::default()
    };
    let checked = engine.check(text, SourceFormat::Text, &opts);
    let single: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "DSR002")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        single,
        ["The DSR and SSR clauses never mention gender-responsiveness, a key tenet of resolution 2151 (2014)"]
    );
}

#[test]
fn editorial_fixes_are_exact() {
    let engine = Engine::embedded().expect("embedded rules load");
    let checked = check(&engine, "editorial-errors.txt", None);
    let text = &checked.doc.text;
    let citation = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "RES006" && d.suggestion.is_some())
        .expect("a fixable citation");
    assert_eq!(citation.span.slice(text), "2553(2020)");
    assert_eq!(
        citation.suggestion.as_ref().map(|s| s.text.as_str()),
        Some("2553 (2020)")
    );
    let year = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "RES006" && d.message.contains("cannot date"))
        .expect("an impossible year");
    assert_eq!(year.span.slice(text), "2151 (2013)");
}

/// Every fixture with the mandate it renews, if any. `every_fixture_is_pinned` fails
/// when a file in `fixtures/` is missing here.
const FIXTURES: &[(&str, Option<&str>)] = &[
    ("comprehensive-dsr-mandate.txt", None),
    ("editorial-errors.txt", None),
    ("elements-without-structure.txt", None),
    ("invented-acronyms.txt", None),
    ("mission-renewal-gaps.txt", None),
    ("preamble-only-dsr.md", None),
    ("previous-mandate.txt", None),
    ("renewal-unchanged.txt", Some("previous-mandate.txt")),
    ("ssr-umbrella-mandate.txt", None),
    ("renewals/minusar-2021.txt", None),
    (
        "renewals/minusar-2022.txt",
        Some("renewals/minusar-2021.txt"),
    ),
    (
        "renewals/minusar-2023.txt",
        Some("renewals/minusar-2022.txt"),
    ),
    // Adopted resolutions we wrote for the precedent index (fixtures/precedents/).
    ("precedents/S-PRST-2032-4.txt", None),
    ("precedents/S-RES-3101-2031.txt", None),
    ("precedents/S-RES-3150-2032.md", None),
    ("precedents/S-RES-3160-2032.txt", None),
    ("precedents/S-RES-3199-2033.xml", None),
    ("precedents/S-RES-3210-2034.txt", None),
];

fn fixture_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if path.is_dir() {
            fixture_files(&path, &format!("{prefix}{name}/"), out);
        } else {
            out.push(format!("{prefix}{name}"));
        }
    }
}

#[test]
fn every_fixture_is_pinned() {
    let engine = Engine::embedded().expect("embedded rules load");
    let mut on_disk = Vec::new();
    fixture_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        "",
        &mut on_disk,
    );
    let mut listed: Vec<String> = FIXTURES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every fixture is listed in FIXTURES");
    for (name, previous) in FIXTURES {
        let previous = previous.map(|p| check(&engine, p, None));
        let checked = check(&engine, name, previous.as_ref());
        let all: Vec<_> = checked.diagnostics.iter().collect();
        let out = if all.is_empty() {
            "(no finding)\n".to_string()
        } else {
            findings::render(&checked.doc.text, &all)
        };
        let snapshot = name.replace('/', "__");
        insta::with_settings!({snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(snapshot, out);
        });
    }
}

/// DSR007 judges tasks of support to national actors only: coordinating international
/// partners (SSR umbrella 2(c)) names no counterpart and is not flagged; supporting
/// national institutions without naming them (2(b)) is.
#[test]
fn dsr007_only_where_a_counterpart_is_expected() {
    let engine = Engine::embedded().expect("embedded rules load");
    let checked = check(&engine, "ssr-umbrella-mandate.txt", None);
    let flagged: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "DSR007")
        .filter_map(|d| d.clause_ref.as_deref())
        .collect();
    assert_eq!(flagged, ["2(b)"]);
    // The coordination task is still a DSR task the other rules judge.
    assert!(checked
        .diagnostics
        .iter()
        .any(|d| d.code == "DSR013" && d.clause_ref.as_deref() == Some("2(c)")));
}
