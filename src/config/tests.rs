use super::*;
use crate::span::Span;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::from_str(text, Path::new("/drafts/mandate-lint.toml"))
}

#[test]
fn full_config_parses() -> Result<(), ConfigError> {
    let cfg = parse(
        "select = [\"DSR\", \"res001\"]\nignore = [\"DSR019\"]\nrule-dirs = [\"pack\"]\n\
         include = [\"drafts/**/*.txt\"]\nexclude = [\"old/**\"]\nprevious = \"2023.txt\"\n\
         fail-on = \"warning\"\nprecedents = \"../adopted/precedents.mlpi\"\n[severity]\nDSR006 = \"error\"\nRES = \"off\"\n[lsp]\ndebounce-ms = 250\n",
    )?;
    assert_eq!(
        cfg.select,
        Some(vec!["DSR".to_string(), "RES001".to_string()])
    );
    assert_eq!(cfg.rule_dirs(), &[PathBuf::from("/drafts/pack")]);
    assert_eq!(cfg.previous, Some(PathBuf::from("/drafts/2023.txt")));
    assert_eq!(
        cfg.precedents,
        Some(PathBuf::from("/drafts/../adopted/precedents.mlpi"))
    );
    assert_eq!(cfg.fail_on, Some(Severity::Warning));
    assert_eq!(cfg.lsp.debounce_ms, Some(250));
    assert!(cfg.is_selected("DSR006"));
    assert!(!cfg.is_selected("DSR019"));
    assert!(!cfg.is_selected("RES001"), "RES = off wins over select");
    assert!(!cfg.is_selected("SUP001"));
    assert!(cfg.wants_file(Path::new("/drafts/drafts/a/b.txt")));
    assert!(!cfg.wants_file(Path::new("/drafts/drafts/a/b.md")));
    assert!(cfg.is_excluded(Path::new("/drafts/old/x.txt")));
    Ok(())
}

#[test]
fn unknown_key_has_position_and_suggestion() {
    let err = parse("ignore = []\nselct = [\"DSR\"]\n").err();
    let err = err.map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("/drafts/mandate-lint.toml:2:1: unknown key `selct`; did you mean `select`?")
    );
}

#[test]
fn bad_values_are_located() {
    let e = parse("[severity]\nDSR006 = \"eror\"\n").err();
    assert_eq!(e.as_ref().map(|e| (e.line, e.column)), Some((2, 10)));
    assert_eq!(
        e.and_then(|e| e.help).as_deref(),
        Some("did you mean \"error\"?")
    );
    let e = parse("select = \"DSR\"\n").err();
    assert_eq!(e.as_ref().map(|e| e.line), Some(1));
    let e = parse("select = [\"DSR-6\"]\n").err();
    assert_eq!(e.as_ref().map(|e| e.column), Some(11));
    let e = parse("[lsp]\ndebounc-ms = 3\n").err();
    assert_eq!(
        e.and_then(|e| e.help).as_deref(),
        Some("did you mean `debounce-ms`?")
    );
    let e = parse("select = [\n").err();
    assert!(e.is_some_and(|e| e.message.starts_with("invalid TOML")));
}

#[test]
fn apply_filters_and_overrides() -> Result<(), ConfigError> {
    let cfg = parse("ignore = [\"RES00\"]\n[severity]\nDSR = \"info\"\nDSR006 = \"error\"\n")?;
    let mk = |code: &str| Diagnostic::new(code, "x", Severity::Warning, "m".into(), Span::empty(0));
    let mut diags = vec![mk("DSR006"), mk("DSR007"), mk("RES001"), mk("RES010")];
    cfg.apply(&mut diags);
    let got: Vec<(&str, Severity)> = diags
        .iter()
        .map(|d| (d.code.as_str(), d.severity))
        .collect();
    assert_eq!(
        got,
        vec![
            ("DSR006", Severity::Error),
            ("DSR007", Severity::Info),
            ("RES010", Severity::Warning)
        ]
    );
    Ok(())
}

#[test]
fn select_turns_on_rules_that_are_off_by_default() -> Result<(), ConfigError> {
    assert!(parse("select = [\"PRE001\"]\n")?.turns_on("PRE001"));
    assert!(parse("select = [\"pre\", \"DSR\"]\n")?.turns_on("PRE001"));
    assert!(!parse("select = [\"ALL\"]\n")?.turns_on("PRE001"));
    assert!(!parse("select = [\"DSR\"]\n")?.turns_on("PRE001"));
    assert!(!parse("ignore = [\"RES\"]\n")?.turns_on("PRE001"));
    assert!(!parse("select = [\"PRE\"]\nignore = [\"PRE001\"]\n")?.turns_on("PRE001"));
    assert!(!parse("select = [\"PRE\"]\n[severity]\nPRE001 = \"off\"\n")?.turns_on("PRE001"));
    Ok(())
}

#[test]
fn discover_walks_upward() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::temp_dir().join(format!("mandate-lint-cfg-{}", std::process::id()));
    let deep = root.join("a/b");
    std::fs::create_dir_all(&deep)?;
    std::fs::write(root.join(CONFIG_FILE_NAME), "ignore = [\"DSR019\"]\n")?;
    let found = Config::discover(&deep)?;
    assert_eq!(found.map(|l| l.path), Some(root.join(CONFIG_FILE_NAME)));
    std::fs::remove_dir_all(&root)?;
    Ok(())
}
