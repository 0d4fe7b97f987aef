//! The JSON schema for rule files (`editors/schemas/rule.schema.json`, for editor
//! completion and CI of rule packs): every shipped rule file validates against it, it
//! names exactly the check kinds the engine knows, and it rejects the mistakes the
//! loader rejects.

use std::path::{Path, PathBuf};

use mandate_lint::rules::Kind;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let path = root().join("editors/schemas/rule.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// Rule files under `rules/`: every TOML file outside lexicons/, data/, preludes/ and
/// clauses/ that has a `code` or a `[check]`.
fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("rules/ readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !matches!(name, "lexicons" | "data" | "preludes" | "clauses") {
                rule_files(&path, out);
            }
        } else if name.ends_with(".toml") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let table: toml::Table = toml::from_str(&text).expect("valid TOML");
            if table.contains_key("code") || table.contains_key("check") {
                out.push(path);
            }
        }
    }
}

fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("readable");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_shipped_rule_file_validates() {
    let validator = validator();
    let mut files = Vec::new();
    rule_files(&root().join("rules"), &mut files);
    assert!(files.len() >= 30, "only {} rule files found", files.len());
    let mut problems = Vec::new();
    for path in &files {
        for error in validator.iter_errors(&as_json(path)) {
            problems.push(format!(
                "{}: {} at {}",
                path.display(),
                error,
                error.instance_path()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schema_names_every_check_kind() {
    let path = root().join("editors/schemas/rule.schema.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
    let listed: Vec<&str> = schema["properties"]["check"]["properties"]["kind"]["enum"]
        .as_array()
        .expect("kind enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let engine: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(listed, engine);
    let branches: Vec<&str> = schema["properties"]["check"]["oneOf"]
        .as_array()
        .expect("one branch per kind")
        .iter()
        .filter_map(|b| b["properties"]["kind"]["const"].as_str())
        .collect();
    assert_eq!(branches, engine);
}

#[test]
fn the_schema_rejects_malformed_rules() {
    let validator = validator();
    let good = as_json(&root().join("rules/dsr/dsr006-no-civilian-oversight.toml"));
    assert!(validator.is_valid(&good));
    let mut unknown_kind = good.clone();
    unknown_kind["check"]["kind"] = "document-wants".into();
    assert!(!validator.is_valid(&unknown_kind), "unknown kind");
    let mut missing_param = good.clone();
    if let Some(check) = missing_param["check"].as_object_mut() {
        check.remove("scope");
    }
    assert!(!validator.is_valid(&missing_param), "missing parameter");
    let mut unknown_param = good.clone();
    unknown_param["check"]["threshold"] = 3.into();
    assert!(!validator.is_valid(&unknown_param), "unknown parameter");
    let mut no_check = good.clone();
    if let Some(rule) = no_check.as_object_mut() {
        rule.remove("check");
    }
    assert!(!validator.is_valid(&no_check), "no [check]");
    let mut no_code = good;
    if let Some(rule) = no_code.as_object_mut() {
        rule.remove("code");
    }
    assert!(!validator.is_valid(&no_code), "no code");
}
