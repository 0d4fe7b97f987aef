//! Rule file validation: mistakes in a rule pack are load errors naming file and line.

use mandate_lint::rules::load_from_files;

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

fn err(files: &[(&str, &str)]) -> String {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect();
    match load_from_files(&files) {
        Ok(_) => String::new(),
        Err(e) => e.message,
    }
}

#[test]
fn a_user_pack_with_its_own_lexicon_loads() {
    let files = vec![
        ("lexicons/poc-terms.toml".to_string(), LEXICON.to_string()),
        ("poc/poc001.toml".to_string(), GOOD.to_string()),
    ];
    let (_, rules) = load_from_files(&files).expect("pack loads");
    let rule = rules.get("POC001").expect("rule present");
    assert_eq!(rule.check_kind(), "document-requires");
    assert!(!rule.requires_dsr);
}

#[test]
fn unknown_lexicon_is_an_error_with_line() {
    let msg = err(&[("poc/poc001.toml", GOOD)]);
    assert!(msg.starts_with("poc/poc001.toml:13:"), "{msg}");
    assert!(msg.contains("unknown lexicon \"poc-terms\""), "{msg}");
}

#[test]
fn unknown_key_is_an_error_with_line() {
    let bad = GOOD.replace(
        "requires_dsr = false",
        "requires_dsr = false\nsevirity = \"error\"",
    );
    let msg = err(&[("lexicons/poc-terms.toml", LEXICON), ("x.toml", &bad)]);
    assert!(msg.starts_with("x.toml:9:"), "{msg}");
    assert!(msg.contains("sevirity"), "{msg}");
}

#[test]
fn unknown_check_kind_is_an_error() {
    let bad = GOOD.replace("document-requires", "document-wants");
    let msg = err(&[("lexicons/poc-terms.toml", LEXICON), ("x.toml", &bad)]);
    assert!(msg.starts_with("x.toml:"), "{msg}");
    assert!(msg.contains("document-wants"), "{msg}");
}

#[test]
fn unknown_check_parameter_is_an_error() {
    let bad = GOOD.replace(
        "scope = \"operative\"",
        "scope = \"operative\"\nthreshold = 3",
    );
    let msg = err(&[("lexicons/poc-terms.toml", LEXICON), ("x.toml", &bad)]);
    assert!(msg.contains("threshold"), "{msg}");
}

#[test]
fn bad_severity_is_an_error_with_line() {
    let bad = GOOD.replace("severity = \"warning\"", "severity = \"fatal\"");
    let msg = err(&[("lexicons/poc-terms.toml", LEXICON), ("x.toml", &bad)]);
    assert!(msg.starts_with("x.toml:3:"), "{msg}");
    assert!(msg.contains("fatal"), "{msg}");
}

#[test]
fn a_later_rule_with_the_same_code_overrides() {
    let other = GOOD.replace("severity = \"warning\"", "severity = \"error\"");
    let files = vec![
        ("lexicons/poc-terms.toml".to_string(), LEXICON.to_string()),
        ("a.toml".to_string(), GOOD.to_string()),
        ("b.toml".to_string(), other),
    ];
    let (_, rules) = load_from_files(&files).expect("loads");
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
