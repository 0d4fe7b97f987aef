//! Rule file validation: every mistake in a rule pack (missing `code` or `[check]`,
//! unknown kind, missing or unknown parameter, unknown predicate or lexicon, bad value,
//! unknown prelude) is a load error naming the file and the line.

use mandate_lint::rules::load_from_files;

/// Line numbers the tests rely on: 1 `code`, 10 `[check]`, 11 `kind`, 12 `scope`,
/// 13 `lexicons`, 17 the example's `text`.
const GOOD: &str = r#"code = "POC001"
name = "no-protection-of-civilians"
severity = "warning"
message = "No operative paragraph mandates the protection of civilians"
help = "Add a task on the protection of civilians."
rationale = "Why it matters."
source = "Pack example"
requires_dsr = false

[check]
kind = "document-requires"
scope = "operative"
lexicons = ["poc-terms"]

[[examples]]
kind = "fail"
text = "The Security Council,\n\n1. Decides to remain seized of the matter.\n"
"#;

const LEXICON: &str = r#"name = "poc-terms"
terms = ["protection of civilians"]
"#;

const PRELUDE: &str = r#"[[prelude]]
name = "lorem"
description = "A council opening and paragraph 1"
text = '''
The Security Council,

1. Decides to extend the mandate;
'''
"#;

fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect()
}

fn err(files: &[(&str, &str)]) -> String {
    match load_from_files(&owned(files)) {
        Ok(_) => String::new(),
        Err(e) => e.message,
    }
}

/// Loads GOOD with `edit` applied, beside its lexicon; the error, or "" when it loads.
fn err_with(edit: impl Fn(&str) -> String) -> String {
    err(&[
        ("lexicons/poc-terms.toml", LEXICON),
        ("poc/poc001.toml", &edit(GOOD)),
    ])
}

/// GOOD with its `[check]` table replaced by `check` (the lines after `[check]`).
fn with_check(check: &str) -> String {
    let start = GOOD.find("kind = \"document-requires\"").unwrap_or(0);
    let end = GOOD.find("\n\n[[examples]]").unwrap_or(GOOD.len());
    format!(
        "{}{check}{}",
        GOOD.get(..start).unwrap_or(""),
        GOOD.get(end..).unwrap_or("")
    )
}

#[test]
fn a_user_pack_with_its_own_lexicon_loads() {
    let (_, rules) = load_from_files(&owned(&[
        ("lexicons/poc-terms.toml", LEXICON),
        ("poc/poc001.toml", GOOD),
    ]))
    .expect("pack loads");
    let rule = rules.get("POC001").expect("rule present");
    assert_eq!(rule.check_kind(), "document-requires");
    assert!(!rule.requires_dsr);
}

#[test]
fn unknown_lexicon_is_an_error_with_line() {
    let msg = err(&[("poc/poc001.toml", GOOD)]);
    assert!(msg.starts_with("poc/poc001.toml:13: "), "{msg}");
    assert!(
        msg.contains("unknown lexicon or predicate \"poc-terms\""),
        "{msg}"
    );
}

#[test]
fn unknown_predicate_is_an_error_with_line_and_a_suggestion() {
    let msg = err_with(|g| {
        g.replace(
            "[\"poc-terms\"]",
            "[\"poc-terms\",\n  \"category-governance-oversigt\"]",
        )
    });
    assert!(msg.starts_with("poc/poc001.toml:14: "), "{msg}");
    assert!(msg.contains("\"category-governance-oversigt\""), "{msg}");
    assert!(
        msg.contains("did you mean \"category-governance-oversight\"?"),
        "{msg}"
    );
}

#[test]
fn coded_predicates_resolve_without_a_lexicon() {
    let msg = err_with(|g| {
        g.replace(
            "[\"poc-terms\"]",
            "[\"poc-terms\", \"dsr-task\", \"level-tactical\", \"political-engagement\"]",
        )
    });
    assert_eq!(msg, "", "coded names are predicates");
}

#[test]
fn a_coded_predicate_where_terms_are_needed_is_an_error() {
    let msg = err_with(|_| {
        with_check("kind = \"term-present\"\nscope = \"all\"\nlexicons = [\"dsr-task\"]")
    });
    assert!(msg.starts_with("poc/poc001.toml:13: "), "{msg}");
    assert!(
        msg.contains("coded by the analysis, not a term list"),
        "{msg}"
    );
}

#[test]
fn a_kind_missing_a_parameter_is_an_error_at_the_check_table() {
    // Routed to `opening`, which needs `part`.
    let msg = err_with(|_| with_check("kind = \"opening\"\nlexicons = [\"poc-terms\"]"));
    assert!(msg.starts_with("poc/poc001.toml:10: "), "{msg}");
    assert!(msg.contains("missing field `part`"), "{msg}");
}

#[test]
fn a_parameter_of_another_kind_is_an_error_at_its_line() {
    // `lexicons` belongs to document-requires, not to numbering.
    let msg = err_with(|_| with_check("kind = \"numbering\"\nlexicons = [\"poc-terms\"]"));
    assert!(msg.starts_with("poc/poc001.toml:12: "), "{msg}");
    assert!(msg.contains("unknown field `lexicons`"), "{msg}");
}

#[test]
fn unknown_check_parameter_is_an_error_at_its_line() {
    let msg = err_with(|g| {
        g.replace(
            "scope = \"operative\"",
            "scope = \"operative\"\nthreshold = 3",
        )
    });
    assert!(msg.starts_with("poc/poc001.toml:13: "), "{msg}");
    assert!(msg.contains("unknown field `threshold`"), "{msg}");
}

#[test]
fn bad_parameter_values_are_errors_at_their_line() {
    let msg = err_with(|g| g.replace("scope = \"operative\"", "scope = \"operatives\""));
    assert!(msg.starts_with("poc/poc001.toml:12: "), "{msg}");
    assert!(msg.contains("operatives"), "{msg}");
    let msg = err_with(|_| with_check("kind = \"renewed-unchanged\"\nthreshold = 1.5"));
    assert!(msg.starts_with("poc/poc001.toml:12: "), "{msg}");
    assert!(msg.contains("threshold must lie between 0 and 1"), "{msg}");
    let msg = err_with(|_| {
        with_check("kind = \"closing-clause\"\npattern = \"seized(\"\nsuggestion_text = \"x\"")
    });
    assert!(msg.starts_with("poc/poc001.toml:12: "), "{msg}");
    assert!(msg.contains("invalid pattern"), "{msg}");
}

#[test]
fn an_empty_lexicon_list_is_an_error() {
    let msg = err_with(|g| g.replace("lexicons = [\"poc-terms\"]", "lexicons = []"));
    assert!(msg.starts_with("poc/poc001.toml:13: "), "{msg}");
    assert!(msg.contains("at least one"), "{msg}");
}

#[test]
fn unknown_check_kind_is_an_error_at_its_line() {
    let msg = err_with(|g| g.replace("document-requires", "document-require"));
    assert!(msg.starts_with("poc/poc001.toml:11: "), "{msg}");
    assert!(
        msg.contains("unknown check kind \"document-require\""),
        "{msg}"
    );
    assert!(msg.contains("did you mean \"document-requires\"?"), "{msg}");
    let msg = err_with(|g| g.replace("document-requires", "wants"));
    assert!(
        msg.contains("known kinds: document-requires, each-required"),
        "{msg}"
    );
}

#[test]
fn a_check_without_kind_is_an_error_at_the_check_table() {
    let msg = err_with(|g| g.replace("kind = \"document-requires\"\n", ""));
    assert!(msg.starts_with("poc/poc001.toml:10: "), "{msg}");
    assert!(msg.contains("no `kind`"), "{msg}");
}

#[test]
fn a_rule_without_check_is_an_error() {
    let msg = err_with(|g| {
        let cut = g.find("[check]").unwrap_or(0);
        let end = g.find("[[examples]]").unwrap_or(g.len());
        format!(
            "{}{}",
            g.get(..cut).unwrap_or(""),
            g.get(end..).unwrap_or("")
        )
    });
    assert!(msg.starts_with("poc/poc001.toml:1: "), "{msg}");
    assert!(msg.contains("no [check]"), "{msg}");
}

#[test]
fn a_rule_without_code_is_an_error() {
    let msg = err_with(|g| g.replace("code = \"POC001\"\n", ""));
    assert!(msg.starts_with("poc/poc001.toml:1: "), "{msg}");
    assert!(msg.contains("`code` is missing"), "{msg}");
}

#[test]
fn a_missing_metadata_field_is_an_error() {
    let msg = err_with(|g| g.replace("rationale = \"Why it matters.\"\n", ""));
    assert!(msg.starts_with("poc/poc001.toml:"), "{msg}");
    assert!(msg.contains("missing field `rationale`"), "{msg}");
}

#[test]
fn unknown_key_is_an_error_with_line() {
    let msg = err_with(|g| {
        g.replace(
            "requires_dsr = false",
            "requires_dsr = false\nsevirity = \"error\"",
        )
    });
    assert!(msg.starts_with("poc/poc001.toml:9: "), "{msg}");
    assert!(msg.contains("sevirity"), "{msg}");
}

#[test]
fn bad_severity_is_an_error_with_line() {
    let msg = err_with(|g| g.replace("severity = \"warning\"", "severity = \"fatal\""));
    assert!(msg.starts_with("poc/poc001.toml:3: "), "{msg}");
    assert!(msg.contains("fatal"), "{msg}");
}

#[test]
fn toml_files_that_are_not_rules_are_skipped() {
    let clause_bank = "[[clause]]\nid = \"x\"\ntext = \"Requests …\"\n";
    let (_, rules) = load_from_files(&owned(&[
        ("lexicons/poc-terms.toml", LEXICON),
        ("clauses/bank.toml", clause_bank),
        ("poc/poc001.toml", GOOD),
    ]))
    .expect("loads");
    assert_eq!(rules.rules().len(), 1);
}

#[test]
fn examples_start_from_a_prelude() {
    let with_prelude = GOOD.replace(
        r#"text = "The Security Council,\n\n1. Decides to remain seized of the matter.\n""#,
        "prelude = \"lorem\"\ntext = \"2. Decides to remain seized of the matter.\\n\"",
    );
    assert_ne!(with_prelude, GOOD);
    let (_, rules) = load_from_files(&owned(&[
        ("lexicons/poc-terms.toml", LEXICON),
        ("preludes/lorem.toml", PRELUDE),
        ("poc/poc001.toml", &with_prelude),
    ]))
    .expect("loads");
    let text = rules
        .get("POC001")
        .and_then(|r| r.examples.first())
        .map(|e| e.text.clone());
    assert_eq!(
        text.as_deref(),
        Some("The Security Council,\n\n1. Decides to extend the mandate;\n\n2. Decides to remain seized of the matter.\n")
    );
    let msg = err(&[
        ("lexicons/poc-terms.toml", LEXICON),
        ("preludes/lorem.toml", PRELUDE),
        (
            "poc/poc001.toml",
            &with_prelude.replace("\"lorem\"", "\"lorum\""),
        ),
    ]);
    assert!(msg.starts_with("poc/poc001.toml:17: "), "{msg}");
    assert!(
        msg.contains("unknown prelude \"lorum\"; did you mean \"lorem\"?"),
        "{msg}"
    );
}

#[test]
fn a_later_rule_with_the_same_code_overrides() {
    let other = GOOD.replace("severity = \"warning\"", "severity = \"error\"");
    let (_, rules) = load_from_files(&owned(&[
        ("lexicons/poc-terms.toml", LEXICON),
        ("a.toml", GOOD),
        ("b.toml", &other),
    ]))
    .expect("loads");
    assert_eq!(rules.rules().len(), 1);
    assert_eq!(
        rules.get("POC001").map(|r| r.severity.as_str()),
        Some("error")
    );
}

#[test]
fn embedded_rules_load_with_the_year_table() {
    let (_, rules) = mandate_lint::rules::load(&[]).expect("embedded rules load");
    assert!(rules.rules().len() >= 29);
    let years = &rules.data().resolution_years;
    assert_eq!(years.get(&2014).map(|r| r.0), Some(2133));
}
