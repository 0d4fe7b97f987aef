//! `mandate-lint index` and `mandate-lint precedent` end to end, on the fixture
//! collection `fixtures/precedents/` and the draft `tests/data/precedent-draft.txt`
//! (insta snapshots; scratch paths shown as `<tmp>`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_mandate-lint");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Run {
    run_in(root(), args)
}

fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!(
        "mandate-lint-precedent-cli-{}-{n}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The fixture index, built once through the CLI: (its scratch dir, the index path,
/// what `index` printed).
fn built() -> &'static (PathBuf, PathBuf, Run) {
    static BUILT: OnceLock<(PathBuf, PathBuf, Run)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = scratch("index");
        let path = dir.join("precedents.mlpi");
        let out = run(&[
            "index",
            "fixtures/precedents",
            "-o",
            &path.display().to_string(),
        ]);
        (dir, path, out)
    })
}

fn index_path() -> String {
    built().1.display().to_string()
}

/// Output with the scratch directory shown as `<tmp>`.
fn redact(s: &str) -> String {
    s.replace(&built().0.display().to_string(), "<tmp>")
}

#[test]
fn index_reports_what_it_read_and_left_out() {
    let (dir, path, out) = built();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(path.is_file());
    // Written through a temporary file and a rename: nothing else is left behind.
    let files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec!["precedents.mlpi".to_string()]);
    insta::assert_snapshot!("index_human", redact(&out.stdout));
}

#[test]
fn precedent_for_text_human() {
    let out = run(&[
        "precedent",
        "--precedents",
        &index_path(),
        "--limit",
        "3",
        "Requests the Secretary-General to report to the Council every three months on progress in security sector reform, including defence sector reform;",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("precedent_text_human", redact(&out.stdout));
}

#[test]
fn precedent_for_a_drafts_paragraph_human_and_json() {
    let out = run(&[
        "precedent",
        "--precedents",
        &index_path(),
        "--limit",
        "2",
        "tests/data/precedent-draft.txt:2(b)",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("precedent_file_ref_human", redact(&out.stdout));
    let json = run(&[
        "precedent",
        "--precedents",
        &index_path(),
        "--limit",
        "2",
        "--format",
        "json",
        "tests/data/precedent-draft.txt:2 (b)",
    ]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["query"]["source"], "tests/data/precedent-draft.txt:2(b)");
    assert_eq!(v["query"]["mission"], "UNAMAR");
    assert_eq!(v["hits"][0]["citation"], "S/RES/3199 (2033) para 2(a)");
    assert_eq!(v["hits"][0]["coding"]["dsr_task"], true);
    insta::assert_snapshot!("precedent_file_ref_json", redact(&json.stdout));
}

#[test]
fn precedent_first_names_the_earliest_resolution() {
    let out = run(&[
        "precedent",
        "--precedents",
        &index_path(),
        "--first",
        "To support, through good offices and technical advice, the strengthening of civilian and parliamentary oversight of the Valdorian Armed Forces, including the defence committee of the National Assembly of Valdoria;",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out
        .stdout
        .contains("First adopted in S/RES/3101 (2031) para 2(b), adopted 14 March 2031 (UNIMV)"));
    insta::assert_snapshot!("precedent_first_human", redact(&out.stdout));
    let new = run(&[
        "precedent",
        "--precedents",
        &index_path(),
        "--first",
        "Decides to establish a fisheries commission for the Arctic Ocean;",
    ]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(
        new.stdout
            .contains("No adopted clause is 90% similar or more"),
        "{}",
        new.stdout
    );
}

#[test]
fn bad_index_files_are_one_line_exit_2() {
    let good = std::fs::read(built().1.as_path()).expect("index");
    let dir = scratch("bad");
    let mut corrupt = good.clone();
    let middle = corrupt.len() / 2;
    if let Some(b) = corrupt.get_mut(middle) {
        *b ^= 0xff;
    }
    let mut old = good.clone();
    old.splice(8..12, 0u32.to_le_bytes());
    let cases: [(&str, &[u8]); 4] = [
        ("corrupt.mlpi", &corrupt),
        (
            "truncated.mlpi",
            good.get(..good.len() / 2).unwrap_or_default(),
        ),
        ("foreign.mlpi", b"%PDF-1.7 this is not an index"),
        ("old.mlpi", &old),
    ];
    let mut lines = Vec::new();
    for (name, bytes) in cases {
        std::fs::write(dir.join(name), bytes).expect("write");
        let out = run_in(
            &dir,
            &["precedent", "--precedents", name, "civilian oversight"],
        );
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(out.stdout.is_empty());
        assert_eq!(out.stderr.lines().count(), 1, "{name}: {}", out.stderr);
        assert!(
            out.stderr.starts_with(&format!("mandate-lint: {name}: ")),
            "{}",
            out.stderr
        );
        lines.push(out.stderr.trim_end().to_string());
    }
    insta::assert_snapshot!("bad_index_files", lines.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_index_is_found_through_the_config_relative_to_it() {
    let dir = scratch("config");
    std::fs::create_dir_all(dir.join("adopted")).expect("dir");
    std::fs::copy(built().1.as_path(), dir.join("adopted/p.mlpi")).expect("copy");
    std::fs::create_dir_all(dir.join("drafts")).expect("dir");
    std::fs::write(
        dir.join("drafts/mandate-lint.toml"),
        "precedents = \"../adopted/p.mlpi\"\n",
    )
    .expect("config");
    std::fs::copy(
        root().join("tests/data/precedent-draft.txt"),
        dir.join("drafts/draft.txt"),
    )
    .expect("draft");
    // From the draft's directory upward, as `check` finds its config.
    let out = run_in(
        &dir,
        &["precedent", "--limit", "1", "drafts/draft.txt:2(b)"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("S/RES/3199 (2033) para 2(a)"),
        "{}",
        out.stdout
    );
    // `check` finds the index the same way (agreed language beside its suggestions).
    let check = run_in(&dir, &["check", "--format", "json", "drafts/draft.txt"]);
    assert_ne!(check.code, 2, "{}", check.stderr);
    assert!(
        check.stdout.contains("\"precedent\": {"),
        "{}",
        check.stdout
    );
    // Without an index, `precedent` says how to get one.
    let none = run_in(&dir, &["precedent", "--no-config", "civilian oversight"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("no precedent index"),
        "{}",
        none.stderr
    );
    assert_eq!(none.stderr.lines().count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_and_input_errors_exit_2() {
    let unknown_ref = run(&[
        "precedent",
        "--precedents",
        &index_path(),
        "tests/data/precedent-draft.txt:9(z)",
    ]);
    assert_eq!(unknown_ref.code, 2);
    assert!(
        unknown_ref
            .stderr
            .contains("tests/data/precedent-draft.txt: no paragraph 9(z)"),
        "{}",
        unknown_ref.stderr
    );
    let empty = run(&["precedent", "--precedents", &index_path(), " — "]);
    assert_eq!(empty.code, 2);
    let missing_dir = run(&["index", "no/such/dir", "-o", "x.mlpi"]);
    assert_eq!(missing_dir.code, 2);
    assert_eq!(
        missing_dir.stderr.lines().count(),
        1,
        "{}",
        missing_dir.stderr
    );
    let nothing = scratch("nothing");
    std::fs::write(nothing.join("notes.txt"), "Minutes of a meeting.\n").expect("write");
    let out = run_in(&nothing, &["index", ".", "-o", "p.mlpi"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("no adopted resolution found"),
        "{}",
        out.stderr
    );
    assert!(!nothing.join("p.mlpi").exists());
    let _ = std::fs::remove_dir_all(&nothing);
}

/// A draft of UNAMAR in Arcadia with DSR gaps the fixture collection fills, and one
/// task in new language (2(c), with "—", "é" and curly quotes).
const CHECK_DRAFT: &str = "tests/data/precedent-check-draft.txt";

#[test]
fn check_lists_new_language_only_when_pre001_is_selected() {
    let out = run(&[
        "check",
        "--precedents",
        &index_path(),
        "--select",
        "PRE001",
        CHECK_DRAFT,
    ]);
    assert_eq!(out.code, 0, "info findings do not fail: {}", out.stderr);
    insta::assert_snapshot!("check_pre001_human", redact(&out.stdout));
    // Not selected: nothing from PRE001, though the index is there.
    let all = run(&[
        "check",
        "--precedents",
        &index_path(),
        "--format",
        "concise",
        CHECK_DRAFT,
    ]);
    assert_eq!(all.code, 0, "warnings and infos only: {}", all.stderr);
    assert!(!all.stdout.contains("PRE001"), "{}", all.stdout);
    assert!(all.stdout.contains("DSR006"), "{}", all.stdout);
    // Selected without an index: simply absent, never an error.
    let none = run(&[
        "check",
        "--select",
        "PRE",
        "--format",
        "concise",
        CHECK_DRAFT,
    ]);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert!(!none.stdout.contains("PRE001"), "{}", none.stdout);
    assert!(none.stderr.is_empty(), "{}", none.stderr);
}

fn report_validator() -> jsonschema::Validator {
    let path = root().join("editors/schemas/report.schema.json");
    let text = std::fs::read_to_string(&path).expect("report schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn check_json_and_sarif_carry_the_agreed_language_beside_the_suggestion() {
    let out = run(&[
        "check",
        "--precedents",
        &index_path(),
        "--format",
        "json",
        CHECK_DRAFT,
    ]);
    assert_eq!(out.code, 0, "DSR006 is a warning: {}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let errors: Vec<String> = report_validator()
        .iter_errors(&v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let findings = v["files"][0]["findings"].as_array().expect("findings");
    let oversight = findings
        .iter()
        .find(|f| f["code"] == "DSR006")
        .expect("DSR006");
    assert_eq!(
        oversight["precedent"]["citation"],
        "S/RES/3199 (2033) para 2(a)"
    );
    assert_eq!(
        oversight["precedent"]["title"],
        "Insert agreed language from S/RES/3199 (2033) para 2(a)"
    );
    // Placed like the rule's own suggestion: the next sub-paragraph of the DSR tasks.
    assert_eq!(
        oversight["precedent"]["range"],
        oversight["suggestion"]["range"]
    );
    let text = oversight["precedent"]["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("\n\n(d) To support, through good offices"),
        "{text}"
    );
    assert!(
        text.contains("Arcadian Armed Forces") && text.contains("Assembly of Arcadia"),
        "{text}"
    );
    assert!(!text.contains("Valdoria"), "{text}");
    assert!(
        oversight["precedent"]["adopted_text"]
            .as_str()
            .is_some_and(|t| t.contains("National Assembly of Valdoria")),
        "the text as adopted is kept: {oversight}"
    );
    // Every finding with agreed language, pinned.
    let with_precedent: Vec<serde_json::Value> = findings
        .iter()
        .filter(|f| f.get("precedent").is_some())
        .map(|f| {
            serde_json::json!({
                "code": f["code"],
                "suggestion": f["suggestion"]["title"],
                "precedent": f["precedent"],
            })
        })
        .collect();
    insta::assert_json_snapshot!("check_json_precedents", with_precedent);
    // Without an index the field is absent.
    let plain = run(&["check", "--format", "json", CHECK_DRAFT]);
    assert!(!plain.stdout.contains("\"precedent\""), "{}", plain.stdout);
    // SARIF: the agreed language is a second fix of the result.
    let sarif = run(&[
        "check",
        "--precedents",
        &index_path(),
        "--format",
        "sarif",
        CHECK_DRAFT,
    ]);
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF");
    let result = v["runs"][0]["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["ruleId"] == "DSR006"))
        .expect("DSR006 result");
    assert_eq!(
        result["fixes"].as_array().map(Vec::len),
        Some(2),
        "{result}"
    );
    assert_eq!(
        result["fixes"][1]["description"]["text"],
        "Insert agreed language from S/RES/3199 (2033) para 2(a)"
    );
    let rule = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == "PRE001"))
        .expect("PRE001 in the rule list");
    assert_eq!(rule["defaultConfiguration"]["enabled"], false);
}

#[test]
fn check_with_a_bad_index_is_one_line_exit_2() {
    let dir = scratch("check-bad");
    std::fs::write(dir.join("foreign.mlpi"), b"%PDF-1.7 not an index").expect("write");
    std::fs::copy(root().join(CHECK_DRAFT), dir.join("draft.txt")).expect("draft");
    let out = run_in(
        &dir,
        &["check", "--precedents", "foreign.mlpi", "draft.txt"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("mandate-lint: foreign.mlpi: "),
        "{}",
        out.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}
