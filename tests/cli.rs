//! End-to-end tests of the `mandate-lint` binary: every output format (insta
//! snapshots), exit codes, stdin, directories, suppressions, baseline round trip.
//!
//! Snapshots follow the rules and analysis as they evolve: re-accept them with
//! `INSTA_UPDATE=always cargo test --test cli` and review the diff by eye.

#[path = "support/shared_data.rs"]
mod shared_data;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use std::io::Write as _;

const BIN: &str = env!("CARGO_BIN_EXE_mandate-lint");
const DRAFT: &str = "tests/data/draft.txt";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary starts");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("the binary finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs from the crate root, so paths in output are `tests/data/…`.
fn run(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, None)
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!(
        "mandate-lint-cli-{}-{n}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn draft_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DRAFT))
        .expect("fixture draft")
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

/// A draft whose only findings are guaranteed to be ours: an unused, reasonless
/// suppression (SUP001 and SUP002, both warnings) — whatever the rules find besides
/// is silenced by `--select SUP`.
const SUP_ONLY: &str = "<!-- mandate-lint: allow-file XYZ999 -->\n\nThe Security Council,\n\n1. Decides to remain seized of the matter.\n";

// ---------------------------------------------------------------- snapshots

#[test]
fn snapshot_human() {
    let r = run(&["check", "--no-config", "--color", "never", DRAFT]);
    assert_ne!(r.code, 2, "stderr: {}", r.stderr);
    insta::assert_snapshot!("human", r.stdout);
}

#[test]
fn snapshot_concise() {
    let r = run(&["check", "--no-config", "--format", "concise", DRAFT]);
    assert_ne!(r.code, 2, "stderr: {}", r.stderr);
    insta::assert_snapshot!("concise", r.stdout);
}

#[test]
fn snapshot_json() {
    let r = run(&["check", "--no-config", "--format", "json", DRAFT]);
    assert_ne!(r.code, 2, "stderr: {}", r.stderr);
    let mut v = json(&r.stdout);
    v["tool"]["version"] = "<version>".into();
    insta::assert_json_snapshot!("json", v);
}

#[test]
fn snapshot_sarif() {
    let r = run(&["check", "--no-config", "--format", "sarif", DRAFT]);
    assert_ne!(r.code, 2, "stderr: {}", r.stderr);
    let mut v = json(&r.stdout);
    v["runs"][0]["tool"]["driver"]["version"] = "<version>".into();
    v["runs"][0]["tool"]["driver"]["semanticVersion"] = "<version>".into();
    // The rule catalogue is long and changes with every rule edit; results are what
    // this snapshot is about. Rule metadata is checked by `sarif_is_valid`.
    let rule_count = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .map_or(0, Vec::len);
    v["runs"][0]["tool"]["driver"]["rules"] = format!("<{rule_count} rules>").into();
    insta::assert_json_snapshot!("sarif", v);
}

#[test]
fn snapshot_github() {
    let r = run(&["check", "--no-config", "--format", "github", DRAFT]);
    assert_ne!(r.code, 2, "stderr: {}", r.stderr);
    insta::assert_snapshot!("github", r.stdout);
}

#[test]
fn snapshot_junit() {
    let r = run(&["check", "--no-config", "--format", "junit", DRAFT]);
    assert_ne!(r.code, 2, "stderr: {}", r.stderr);
    insta::assert_snapshot!("junit", r.stdout);
}

#[test]
fn snapshot_inspect() {
    let r = run(&["inspect", DRAFT]);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    insta::assert_json_snapshot!("inspect", json(&r.stdout));
}

// ---------------------------------------------------------------- formats

#[test]
fn human_has_rustc_shape_and_summary() {
    let dir = scratch("human");
    std::fs::write(dir.join("d.txt"), SUP_ONLY).expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP",
            "--color",
            "never",
            "d.txt",
        ],
        None,
    );
    assert!(
        r.stdout
            .contains("warning[SUP001]: unused-suppression: suppression of XYZ999 is unused"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("d.txt:1:1"), "{}", r.stdout);
    assert!(r.stdout.contains("= help: "), "{}", r.stdout);
    assert!(
        r.stdout.ends_with("1 file checked: 2 warnings\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{1b}'), "no colour with --color never");
    let coloured = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP",
            "--color",
            "always",
            "d.txt",
        ],
        None,
    );
    assert!(
        coloured.stdout.contains('\u{1b}'),
        "colour with --color always"
    );
}

#[test]
fn concise_github_and_statistics_lines() {
    let dir = scratch("lines");
    std::fs::write(dir.join("d.txt"), SUP_ONLY).expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP",
            "--format",
            "concise",
            "--statistics",
            "d.txt",
        ],
        None,
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "d.txt:1:1: warning[SUP001] suppression of XYZ999 is unused: no such finding in this file",
            "d.txt:1:1: warning[SUP002] suppression of XYZ999 gives no reason",
            "    1  SUP001  unused-suppression",
            "    1  SUP002  suppression-without-reason",
            "1 file checked: 2 warnings",
        ]
    );
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP001",
            "--format",
            "github",
            "d.txt",
        ],
        None,
    );
    assert_eq!(
        r.stdout,
        "::warning file=d.txt,line=1,col=1,endLine=1,endColumn=41,title=SUP001 unused-suppression::\
         suppression of XYZ999 is unused: no such finding in this file%0Ahelp: remove the comment, or fix the code it names\n"
    );
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP",
            "--quiet",
            "--format",
            "concise",
            "d.txt",
        ],
        None,
    );
    assert_eq!(
        r.stdout.lines().count(),
        2,
        "--quiet drops the summary: {}",
        r.stdout
    );
}

#[test]
fn junit_is_one_suite_per_file() {
    let dir = scratch("junit");
    std::fs::write(dir.join("a.txt"), SUP_ONLY).expect("write");
    std::fs::write(
        dir.join("b.txt"),
        "The Security Council,\n\n1. Decides to remain seized of the matter.\n",
    )
    .expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP",
            "--format",
            "junit",
            "a.txt",
            "b.txt",
        ],
        None,
    );
    assert_eq!(r.stdout.matches("<testsuite ").count(), 2, "{}", r.stdout);
    assert!(r
        .stdout
        .contains("<testcase name=\"SUP001 unused-suppression\" classname=\"a.txt\">"));
    assert!(r
        .stdout
        .contains("<testcase name=\"mandate-lint\" classname=\"b.txt\"/>"));
    assert!(
        r.stdout.contains("tests=\"3\" failures=\"2\""),
        "{}",
        r.stdout
    );
}

fn validator(schema_path: &Path) -> Option<jsonschema::Validator> {
    let text = std::fs::read_to_string(schema_path).ok()?;
    let schema = json(&text);
    Some(
        jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{}: bad schema: {e}", schema_path.display())),
    )
}

fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_is_valid() {
    let Some(schema) = shared_data::shared(
        "schemas/sarif-schema-2.1.0.json",
        "SARIF validation against the official schema",
    ) else {
        return;
    };
    let Some(validator) = validator(&schema) else {
        panic!("{}: unreadable schema", schema.display());
    };
    let dir = scratch("sarif");
    std::fs::write(dir.join("d.txt"), SUP_ONLY).expect("write");
    std::fs::write(dir.join("draft.txt"), draft_text()).expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "sarif",
            "draft.txt",
            "d.txt",
            "missing.txt",
        ],
        None,
    );
    assert_eq!(r.code, 2, "a missing file still exits 2");
    let v = json(&r.stdout);
    assert_valid(&validator, &v, "SARIF output");
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules array");
    assert!(rules.iter().any(|r| r["id"] == "SUP001"));
    for result in run0["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules.get(index).map(|r| &r["id"]), Some(&result["ruleId"]));
        assert!(result["partialFingerprints"]["mandateLint/v1"].is_string());
    }
    assert_eq!(run0["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn json_matches_its_schema() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/schemas/report.schema.json");
    let validator = validator(&schema).expect("editors/schemas/report.schema.json exists");
    let dir = scratch("jsonschema");
    std::fs::write(dir.join("d.txt"), SUP_ONLY).expect("write");
    std::fs::write(dir.join("draft.txt"), draft_text()).expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "d.txt",
            "draft.txt",
            "nope.txt",
        ],
        None,
    );
    let v = json(&r.stdout);
    assert_valid(&validator, &v, "JSON output");
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"][0]["path"], "nope.txt");
    let paths: Vec<&str> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, vec!["d.txt", "draft.txt"], "sorted by path");
    let first = &v["files"][0]["findings"][0];
    assert_eq!(first["code"], "SUP001");
    assert_eq!(first["start"], serde_json::json!({"line": 1, "column": 1}));
    assert_eq!(first["range"], serde_json::json!({"start": 0, "end": 40}));
}

// ---------------------------------------------------------------- exit codes

#[test]
fn exit_codes() {
    let dir = scratch("exit");
    std::fs::write(dir.join("d.txt"), SUP_ONLY).expect("write");
    let base = [
        "check",
        "--no-config",
        "--select",
        "SUP",
        "--format",
        "concise",
    ];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        run_in(&dir, &args, None)
    };
    // Clean: nothing selected.
    assert_eq!(
        run_in(
            &dir,
            &["check", "--no-config", "--select", "XYZ", "d.txt"],
            None
        )
        .code,
        0
    );
    // Warnings only, default threshold error: clean exit.
    assert_eq!(with(&["d.txt"]).code, 0);
    // Threshold lowered: findings fail.
    assert_eq!(with(&["--fail-on", "warning", "d.txt"]).code, 1);
    assert_eq!(with(&["--severity", "info", "d.txt"]).code, 1);
    // --exit-zero wins over the threshold.
    assert_eq!(
        with(&["--fail-on", "warning", "--exit-zero", "d.txt"]).code,
        0
    );
    // A missing file: one line on stderr, the other file still checked, exit 2.
    let r = with(&["--fail-on", "warning", "d.txt", "missing.txt"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "missing.txt: no such file or directory\n");
    assert!(
        r.stdout.contains("d.txt:1:1: warning[SUP001]"),
        "{}",
        r.stdout
    );
    // Usage errors.
    assert_eq!(
        run_in(&dir, &["check", "--frobnicate", "d.txt"], None).code,
        2
    );
    assert_eq!(run_in(&dir, &["check"], None).code, 2);
    let r = run_in(&dir, &["check", "--select", "DSR-6", "d.txt"], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a rule code"), "{}", r.stderr);
    // Unreadable bytes are an input error, not a panic.
    std::fs::write(dir.join("bad.txt"), [0xffu8, 0xfe, 0x00, 0xd8, 0x00]).expect("write");
    let r = run_in(&dir, &["check", "--no-config", "bad.txt"], None);
    assert!(
        r.code == 2 || r.code == 0 || r.code == 1,
        "no crash: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn config_severity_threshold() {
    let dir = scratch("threshold");
    std::fs::write(dir.join("d.txt"), SUP_ONLY).expect("write");
    std::fs::write(
        dir.join("mandate-lint.toml"),
        "select = [\"SUP\"]\nfail-on = \"warning\"\n[severity]\nSUP002 = \"info\"\n",
    )
    .expect("write");
    let r = run_in(&dir, &["check", "--format", "concise", "d.txt"], None);
    assert_eq!(
        r.code, 1,
        "SUP001 is a warning and fail-on is warning: {}",
        r.stdout
    );
    assert!(r.stdout.contains("info[SUP002]"), "{}", r.stdout);
    std::fs::write(
        dir.join("mandate-lint.toml"),
        "select = [\"SUP\"]\nfail-on = \"warning\"\n[severity]\nSUP = \"info\"\n",
    )
    .expect("write");
    assert_eq!(
        run_in(&dir, &["check", "d.txt"], None).code,
        0,
        "all infos now"
    );
    assert_eq!(
        run_in(&dir, &["check", "--fail-on", "info", "d.txt"], None).code,
        1,
        "CLI wins"
    );
}

#[test]
fn stdin_is_checked() {
    let dir = scratch("stdin");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP",
            "--format",
            "concise",
            "-",
        ],
        Some(SUP_ONLY),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("<stdin>:1:1: warning[SUP001]"),
        "{}",
        r.stdout
    );
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "SUP",
            "--format",
            "concise",
            "--stdin-filename",
            "x/draft.md",
            "-",
        ],
        Some(SUP_ONLY),
    );
    assert!(r.stdout.starts_with("x/draft.md:1:1:"), "{}", r.stdout);
    let r = run_in(&dir, &["inspect", "-"], Some(SUP_ONLY));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r.stdout)["path"], "<stdin>");
}

#[test]
fn directories_are_walked_in_order_with_excludes() {
    let dir = scratch("walk");
    for (path, text) in [
        ("drafts/b.txt", SUP_ONLY),
        ("drafts/a.md", SUP_ONLY),
        ("drafts/notes.pdf", "not a draft"),
        ("drafts/.hidden/x.txt", SUP_ONLY),
        ("drafts/old/c.txt", SUP_ONLY),
    ] {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    std::fs::write(
        dir.join("mandate-lint.toml"),
        "select = [\"SUP001\"]\nexclude = [\"drafts/old/**\"]\n",
    )
    .expect("write");
    let r = run_in(&dir, &["check", "--format", "concise", "drafts"], None);
    let files: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        files,
        vec!["drafts/a.md", "drafts/b.txt", "2 files checked"],
        "{}",
        r.stdout
    );
}

#[test]
fn config_errors_name_file_line_and_column() {
    let dir = scratch("badconfig");
    std::fs::write(dir.join("d.txt"), SUP_ONLY).expect("write");
    std::fs::write(
        dir.join("mandate-lint.toml"),
        "ignore = [\"DSR019\"]\nselct = [\"DSR\"]\n",
    )
    .expect("write");
    let r = run_in(&dir, &["check", "d.txt"], None);
    assert_eq!(r.code, 2);
    let expected_path = std::path::absolute(dir.join("mandate-lint.toml")).expect("absolute");
    assert_eq!(
        r.stderr,
        format!(
            "mandate-lint: {}:2:1: unknown key `selct`; did you mean `select`?\n",
            expected_path.display()
        )
    );
    std::fs::write(dir.join("other.toml"), "[severity]\nDSR006 = \"fatal\"\n").expect("write");
    let r = run_in(&dir, &["check", "--config", "other.toml", "d.txt"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("other.toml:2:10: bad severity for `DSR006`: \"fatal\""),
        "{}",
        r.stderr
    );
}

#[test]
fn suppressions_silence_the_next_paragraph() {
    let dir = scratch("suppress");
    let text = "The Security Council,\n\n<!-- mandate-lint: allow RES010 reason=\"number given at adoption\" -->\n\
                1. Decides that resolution XXXX applies;\n\n2. Decides that TBD applies;\n\n\
                3. Decides to remain seized of the matter.\n";
    std::fs::write(dir.join("d.txt"), text).expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--select",
            "RES010,SUP",
            "--format",
            "json",
            "d.txt",
        ],
        None,
    );
    let v = json(&r.stdout);
    let findings = v["files"][0]["findings"].as_array().expect("findings");
    let lines: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // RES010 in paragraph 1 is silenced, the one in paragraph 2 stays, and the
    // suppression counts as used (no SUP001).
    assert!(
        lines
            .iter()
            .all(|(code, line)| code != "SUP001" && *line != 4),
        "{lines:?}"
    );
    assert!(lines.contains(&("RES010".to_string(), 6)), "{lines:?}");
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_round_trip_shows_only_the_new_finding() {
    let dir = scratch("baseline");
    let original = draft_text();
    std::fs::write(dir.join("draft.txt"), &original).expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--write-baseline=baseline.json",
            "draft.txt",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let recorded =
        json(&std::fs::read_to_string(dir.join("baseline.json")).expect("baseline written"));
    let recorded_count = recorded["findings"].as_array().map_or(0, Vec::len);
    assert!(
        recorded_count > 0,
        "the fixture draft has findings to record"
    );

    // Same draft: nothing new.
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "draft.txt",
        ],
        None,
    );
    assert_eq!(json(&r.stdout)["summary"]["warnings"], 0, "{}", r.stdout);
    assert_eq!(json(&r.stdout)["summary"]["errors"], 0, "{}", r.stdout);

    // Insert a paragraph near the top (every line below shifts) and a new problem.
    let anchor = "Reaffirming its strong commitment";
    let at = original.find(anchor).expect("anchor in fixture");
    let inserted = "Expressing its appreciation to the troop-contributing countries,\n\n\
                    <!-- mandate-lint: allow-file XYZ999 reason=\"kept for the test\" -->\n\n";
    let edited = format!("{}{}{}", &original[..at], inserted, &original[at..]);
    std::fs::write(dir.join("draft.txt"), &edited).expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "draft.txt",
        ],
        None,
    );
    let v = json(&r.stdout);
    let new: Vec<String> = v["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}@{}",
                f["code"].as_str().unwrap_or(""),
                f["start"]["line"]
            )
        })
        .collect();
    let comment_line = edited[..edited.find("<!-- mandate-lint").expect("comment")]
        .lines()
        .count()
        + 1;
    assert_eq!(
        new,
        vec![format!("SUP001@{comment_line}")],
        "only the genuinely new finding shows"
    );

    // A broken baseline is an error, and never overwritten by a failed write.
    std::fs::write(dir.join("broken.json"), "{").expect("write");
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--baseline",
            "broken.json",
            "draft.txt",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("broken.json: not a mandate-lint baseline"),
        "{}",
        r.stderr
    );
    let r = run_in(
        &dir,
        &["check", "--no-config", "--write-baseline", "draft.txt"],
        None,
    );
    assert_eq!(
        r.code, 2,
        "--write-baseline without a file is a usage error"
    );
}

// ---------------------------------------------------------------- other commands

#[test]
fn rules_and_explain() {
    let r = run(&["rules"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("SUP001  unused-suppression")),
        "{}",
        r.stdout
    );
    let r = run(&["explain", "sup002"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .starts_with("SUP002 suppression-without-reason (warning by default)"),
        "{}",
        r.stdout
    );
    let r = run(&["explain", "SUP009"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown rule `SUP009`; did you mean"),
        "{}",
        r.stderr
    );
    let r = run(&["rules", "--json"]);
    assert!(json(&r.stdout).as_array().is_some_and(|a| a.len() >= 3));
}

#[test]
fn completions_and_man_page() {
    let r = run(&["completions", "bash"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("mandate-lint") && r.stdout.contains("--write-baseline"));
    let r = run(&["man"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(".TH mandate-lint"),
        "{}",
        &r.stdout[..r.stdout.len().min(200)]
    );
}

// ---------------------------------------------------------------- real corpus

#[test]
fn corpus_sample_checks_without_input_errors() {
    let Some(corpus) = shared_data::shared("corpus/unsc", "checking a corpus sample") else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        panic!("{}: unreadable", corpus.display());
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    // Every 100th resolution: a spread over the decades, quick in a debug build.
    let sample: Vec<String> = files
        .iter()
        .step_by(100)
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        sample.len() >= 10,
        "corpus sample too small: {}",
        sample.len()
    );
    let mut args = vec!["check", "--no-config", "--format", "json", "--exit-zero"];
    args.extend(sample.iter().map(String::as_str));
    let r = run(&args);
    assert_eq!(
        r.code, 0,
        "no input errors or crashes on real resolutions: {}",
        r.stderr
    );
    let v = json(&r.stdout);
    assert_eq!(v["summary"]["files"].as_u64(), Some(sample.len() as u64));
}

#[test]
fn previous_mandate_enables_renewal_checks() {
    let r = run(&[
        "check",
        "--no-config",
        "--select",
        "DSR003",
        "--format",
        "json",
        DRAFT,
    ]);
    assert_eq!(
        json(&r.stdout)["summary"]["by_rule"],
        serde_json::json!({}),
        "no renewal check without --previous"
    );
    // Renewing a mandate with itself: every DSR task is unchanged.
    let r = run(&[
        "check",
        "--no-config",
        "--select",
        "DSR003",
        "--format",
        "json",
        "--previous",
        DRAFT,
        DRAFT,
    ]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let v = json(&r.stdout);
    let count = v["summary"]["by_rule"]["DSR003"].as_u64().unwrap_or(0);
    assert!(
        count >= 1,
        "DSR003 fires when the draft repeats the previous mandate: {}",
        r.stdout
    );
    let r = run(&[
        "check",
        "--no-config",
        "--previous",
        "tests/data/nope.txt",
        DRAFT,
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("previous mandate tests/data/nope.txt"),
        "{}",
        r.stderr
    );
}

#[test]
fn docx_findings_say_where_they_are_in_word() {
    let Some(dir) = shared_data::shared("corpus/docx", "Word locations on a real .docx") else {
        return;
    };
    let Some(file) = std::fs::read_dir(&dir).ok().and_then(|entries| {
        let mut docx: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "docx"))
            .collect();
        docx.sort();
        docx.into_iter().next()
    }) else {
        panic!("no .docx in {}", dir.display());
    };
    let path = file.display().to_string();
    let r = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--exit-zero",
        &path,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let findings = v["files"][0]["findings"].as_array().expect("findings");
    assert!(
        !findings.is_empty(),
        "a real Word resolution draws some findings"
    );
    assert!(
        findings.iter().all(|f| f["notes"]
            .as_array()
            .is_some_and(|notes| notes.iter().any(|n| n
                .as_str()
                .is_some_and(|s| s.starts_with("in the original file: "))))),
        "every finding says where it is in the Word file"
    );
}

/// `check --previous` reports every DSR clause as unchanged, lightly edited (with the
/// word difference) or new, aligned by content across renumbering.
#[test]
fn previous_mandate_renewal_section_lists_every_dsr_clause() {
    let r = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--previous",
        "fixtures/renewals/minusar-2022.txt",
        "fixtures/renewals/minusar-2023.txt",
    ]);
    let report = json(&r.stdout);
    let clauses = report["files"][0]["renewal"]["clauses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let status = |c: &str| {
        clauses
            .iter()
            .find(|x| x["clause"] == c)
            .map(|x| x["status"].as_str().unwrap_or("").to_string())
    };
    // The new lead-in "Decides that MINUSAR shall undertake the following tasks…:" carries
    // no task of its own: its sub-paragraphs are the DSR clauses compared.
    assert_eq!(status("3"), None, "{clauses:?}");
    assert_eq!(status("3(a)").as_deref(), Some("lightly edited"));
    // Renumbered: 3(b) continues paragraph 4 of the previous mandate.
    let b = clauses
        .iter()
        .find(|x| x["clause"] == "3(b)")
        .cloned()
        .unwrap_or_default();
    assert_eq!(b["previous_clause"], "4");
    let four = clauses
        .iter()
        .find(|x| x["clause"] == "4")
        .cloned()
        .unwrap_or_default();
    assert!(
        four["diff"]
            .as_str()
            .is_some_and(|d| d.contains("{+and to map the assistance")),
        "{four}"
    );
    let human = run(&[
        "check",
        "--no-config",
        "--previous",
        "fixtures/renewals/minusar-2022.txt",
        "fixtures/renewals/minusar-2023.txt",
    ]);
    assert!(
        human.stdout.contains("4 DSR clauses against fixtures/renewals/minusar-2022.txt: 0 unchanged, 4 lightly edited, 0 new"),
        "{}",
        human.stdout
    );
}

/// The file-size cap is configurable from the command line and the config file; a file
/// over it is one line naming the file, exit 2.
#[test]
fn file_size_cap_is_configurable() {
    let dir = scratch("size-cap");
    let draft = dir.join("draft.txt");
    if let Err(e) = std::fs::write(&draft, draft_text()) {
        panic!("write draft: {e}");
    }
    let r = run_in(
        &dir,
        &[
            "check",
            "--no-config",
            "--max-file-bytes",
            "100",
            "draft.txt",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("draft.txt") && r.stderr.contains("over the limit of 100 bytes"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    if let Err(e) = std::fs::write(dir.join("mandate-lint.toml"), "max-file-bytes = 100\n") {
        panic!("write config: {e}");
    }
    let r = run_in(&dir, &["check", "draft.txt"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    if let Err(e) = std::fs::write(dir.join("mandate-lint.toml"), "max-file-bytes = \"big\"\n") {
        panic!("write config: {e}");
    }
    let r = run_in(&dir, &["check", "draft.txt"], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("mandate-lint.toml:1:18: bad value for `max-file-bytes`"),
        "{}",
        r.stderr
    );
}

/// Issue 14 on the fixture of the README: at most 80 lines of human output, the related
/// DSR tasks named on one line, the DCAF profile after the summary; `--verbose` quotes
/// every related task; JSON keeps every related span and the tenets as items.
#[test]
fn human_output_is_short_and_ends_with_the_profile() {
    let r = run(&[
        "check",
        "--color",
        "never",
        "fixtures/mission-renewal-gaps.txt",
    ]);
    // Gaps against the DCAF recommendations are warnings: the default `fail-on` (error)
    // passes; `--fail-on warning`, what a team enforcing them sets, fails.
    assert_eq!(r.code, 0, "{}", r.stderr);
    let strict = run(&[
        "check",
        "--fail-on",
        "warning",
        "--format",
        "concise",
        "fixtures/mission-renewal-gaps.txt",
    ]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.len() <= 80, "{} lines:\n{}", lines.len(), r.stdout);
    assert!(r
        .stdout
        .contains("  = DSR tasks: 2(a), 2(b), 2(c), 3 · quick fix: "));
    assert!(
        !r.stdout.contains("DSR task in paragraph"),
        "no quoted related tasks"
    );
    let summary = lines
        .iter()
        .position(|l| l.starts_with("1 file checked: "))
        .expect("summary line");
    assert_eq!(
        lines.get(summary + 1).copied(),
        Some("DCAF profile: 4 DSR tasks (4 explicit, 0 implicit; 1 only encouraged)")
    );
    assert!(lines
        .last()
        .is_some_and(|l| l.trim_start().starts_with("not comprehensive: ")));
    // Each anchor line is quoted once.
    assert_eq!(r.stdout.matches(":18:1 paragraph 2 │").count(), 1);

    let verbose = run(&[
        "check",
        "--verbose",
        "--color",
        "never",
        "fixtures/mission-renewal-gaps.txt",
    ]);
    assert!(verbose.stdout.contains("DSR task in paragraph 2(b)"));
    assert!(verbose
        .stdout
        .contains("= suggestion: Add a sub-paragraph on civilian oversight"));
    assert!(verbose.stdout.lines().count() > 80);

    let j = json(
        &run(&[
            "check",
            "--format",
            "json",
            "fixtures/mission-renewal-gaps.txt",
        ])
        .stdout,
    );
    let findings = j["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let tenets = findings
        .iter()
        .find(|f| f["code"] == "DSR002")
        .expect("DSR002");
    assert_eq!(tenets["items"].as_array().map(Vec::len), Some(4));
    assert_eq!(tenets["related"].as_array().map(Vec::len), Some(4));
    assert_eq!(j["files"][0]["profile"]["comprehensive"], false);
}

#[test]
fn ignore_takes_one_item_of_a_listing_finding() {
    let r = run(&[
        "check",
        "--format",
        "json",
        "--ignore",
        "DSR002:gender,DSR002:inclusivity",
        "fixtures/mission-renewal-gaps.txt",
    ]);
    let j = json(&r.stdout);
    let findings = j["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let ids: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "DSR002")
        .flat_map(|f| f["items"].as_array().into_iter().flatten())
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, ["national-ownership", "good-governance"]);
    let bad = run(&[
        "check",
        "--ignore",
        "DSR002:",
        "fixtures/mission-renewal-gaps.txt",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
