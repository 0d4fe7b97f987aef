//! Every rule's own examples: each `fail` example must produce at least one diagnostic
//! with the rule's code, each `pass` example none, and the findings of every example
//! are pinned in one snapshot per rule (`tests/snapshots/rules/`). And the BRIEF §3
//! catalogue must be present with its exact public names.
//!
//! A rule that is off by default (PRE001) is selected for its examples, and a rule
//! that reads the precedent index gets one built from `fixtures/precedents/`.

#[path = "support/findings.rs"]
mod findings;
#[path = "precedent_support/mod.rs"]
mod precedent_support;

use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use mandate_lint::config::Config;
use mandate_lint::model::SourceFormat;
use mandate_lint::precedent::PrecedentIndex;
use mandate_lint::rules::{Example, ExampleKind, Rule};
use mandate_lint::{CheckOptions, Checked, Engine};

const CATALOGUE: &[(&str, &str)] = &[
    ("DSR001", "missing-2151-reference"),
    ("DSR002", "missing-2151-tenet"),
    ("DSR003", "renewed-unchanged"),
    ("DSR004", "no-context-basis"),
    ("DSR005", "dsr-not-anchored-in-ssr"),
    ("DSR006", "no-civilian-oversight"),
    ("DSR007", "undefined-counterpart"),
    ("DSR008", "no-inclusive-counterparts"),
    ("DSR009", "no-sequencing"),
    ("DSR010", "training-without-institution-building"),
    ("DSR011", "no-dsr-reporting"),
    ("DSR012", "no-gender-analysis-in-reporting"),
    ("DSR013", "coordination-without-mapping"),
    ("DSR014", "ambiguous-dsr-support"),
    ("DSR015", "technical-only"),
    ("DSR016", "narrow-dsr-scope"),
    ("DSR017", "no-management-support"),
    ("DSR018", "dsr-only-in-preamble"),
    ("DSR019", "weak-dsr-verb"),
    ("RES001", "operative-numbering"),
    ("RES002", "operative-opening"),
    ("RES003", "preambular-opening"),
    ("RES004", "paragraph-punctuation"),
    ("RES005", "missing-seized-clause"),
    ("RES006", "citation-format"),
    ("RES007", "broken-cross-reference"),
    ("RES008", "undefined-acronym"),
    ("RES009", "unbalanced-delimiters"),
    ("RES010", "placeholder-left"),
    ("PRE001", "new-language"),
];

/// The index of `fixtures/precedents/`, built once.
fn fixture_index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/precedents");
        precedent_support::build_index(&dir)
            .expect("the fixture collection indexes")
            .0
    })
}

fn config(text: &str) -> Config {
    Config::from_str(text, Path::new("mandate-lint.toml")).expect("a valid config")
}

/// A configuration selecting `rule` (which turns on a rule that is off by default).
fn selecting(rule: &Rule) -> Config {
    config(&format!("select = [\"{}\"]\n", rule.code))
}

#[test]
fn catalogue_codes_and_names_are_all_present() {
    let engine = Engine::embedded().expect("embedded rules load");
    for (code, name) in CATALOGUE {
        let rule = engine
            .rules
            .get(code)
            .unwrap_or_else(|| panic!("rule {code} missing"));
        assert_eq!(rule.name, *name, "public name of {code}");
        assert!(
            !rule.message.is_empty() && !rule.help.is_empty(),
            "{code} message/help"
        );
        assert!(
            !rule.rationale.is_empty() && !rule.source.is_empty(),
            "{code} rationale/source"
        );
        assert!(
            !rule.message.contains('\n'),
            "{code}: the message must be one line"
        );
    }
}

#[test]
fn every_rule_has_failing_and_passing_examples() {
    let engine = Engine::embedded().expect("embedded rules load");
    for rule in engine.rules.rules() {
        let fails = rule
            .examples
            .iter()
            .filter(|e| e.kind == ExampleKind::Fail)
            .count();
        let passes = rule
            .examples
            .iter()
            .filter(|e| e.kind == ExampleKind::Pass)
            .count();
        assert!(
            fails >= 1 && passes >= 1,
            "{}: {fails} fail / {passes} pass examples",
            rule.code
        );
    }
}

#[test]
fn every_example_behaves_as_labelled() {
    let engine = Engine::embedded().expect("embedded rules load");
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in engine.rules.rules() {
        for (n, ex) in rule.examples.iter().enumerate() {
            let checked_doc = check_example(&engine, rule, ex);
            let hits: Vec<_> = checked_doc
                .diagnostics
                .iter()
                .filter(|d| d.code == rule.code)
                .collect();
            checked += 1;
            match ex.kind {
                ExampleKind::Fail if hits.is_empty() => problems.push(format!(
                    "{} example {} (fail) produced no {}",
                    rule.code,
                    n + 1,
                    rule.code
                )),
                ExampleKind::Pass if !hits.is_empty() => problems.push(format!(
                    "{} example {} (pass) produced: {}",
                    rule.code,
                    n + 1,
                    hits.iter()
                        .map(|d| d.message.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                )),
                _ => {}
            }
        }
    }
    assert!(
        checked >= 2 * CATALOGUE.len(),
        "only {checked} examples ran"
    );
    assert!(
        problems.is_empty(),
        "{} example(s) misbehave:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// An example checked with its previous mandate, its rule selected, and the fixture
/// precedent index when the rule reads one.
fn check_example(engine: &Engine, rule: &Rule, ex: &Example) -> Checked {
    let previous = ex
        .previous
        .as_ref()
        .map(|p| engine.check(p.clone(), SourceFormat::Text, &CheckOptions::default()));
    let config = selecting(rule);
    let opts = CheckOptions {
        previous: previous.as_ref(),
        config: (!rule.enabled).then_some(&config),
        precedents: rule.check.needs_precedents().then(fixture_index),
        ..CheckOptions::default()
    };
    engine.check(ex.text.clone(), SourceFormat::Text, &opts)
}

#[test]
fn new_language_is_off_by_default_and_silent_without_an_index() {
    let engine = Engine::embedded().expect("embedded rules load");
    let rule = engine.rules.get("PRE001").expect("PRE001");
    assert!(!rule.enabled, "PRE001 is off by default");
    let fail = rule
        .examples
        .iter()
        .find(|e| e.kind == ExampleKind::Fail)
        .expect("a fail example");
    let count = |opts: &CheckOptions<'_>| {
        engine
            .check(fail.text.clone(), SourceFormat::Text, opts)
            .diagnostics
            .iter()
            .filter(|d| d.code == "PRE001")
            .count()
    };
    let select = selecting(rule);
    let all = config("select = [\"ALL\"]\n");
    let ignored = config("select = [\"PRE001\"]\nignore = [\"PRE\"]\n");
    fn with<'a>(config: Option<&'a Config>) -> CheckOptions<'a> {
        CheckOptions {
            config,
            precedents: Some(fixture_index()),
            ..CheckOptions::default()
        }
    }
    assert_eq!(count(&with(None)), 0, "not selected: off");
    assert_eq!(
        count(&with(Some(&all))),
        0,
        "ALL means the rules that are on"
    );
    assert_eq!(count(&with(Some(&ignored))), 0, "ignore wins over select");
    assert_eq!(count(&with(Some(&select))), 1, "selected, with an index");
    let no_index = CheckOptions {
        config: Some(&select),
        ..CheckOptions::default()
    };
    assert_eq!(count(&no_index), 0, "selected, no index: silent, no error");
}

/// One snapshot per rule: for each example, every finding of that rule in full.
#[test]
fn every_example_finding_is_pinned() {
    let engine = Engine::embedded().expect("embedded rules load");
    let mut pinned = 0;
    for rule in engine.rules.rules() {
        let mut out = String::new();
        for (n, ex) in rule.examples.iter().enumerate() {
            let checked = check_example(&engine, rule, ex);
            let own: Vec<_> = checked
                .diagnostics
                .iter()
                .filter(|d| d.code == rule.code)
                .collect();
            let kind = match ex.kind {
                ExampleKind::Fail => "fail",
                ExampleKind::Pass => "pass",
            };
            let _ = writeln!(out, "── example {} ({kind}) ──", n + 1);
            if own.is_empty() {
                out.push_str("(no finding)\n");
            } else {
                out.push_str(&findings::render(&checked.doc.text, &own));
            }
        }
        insta::with_settings!({snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(rule.code.to_string(), out);
        });
        pinned += 1;
    }
    assert!(pinned >= CATALOGUE.len(), "only {pinned} rules pinned");
}
