//! Pathological inputs (issue 8): huge files, huge lines, huge paragraph counts, deep
//! nesting, hostile rule patterns, and file writers under failure. Every piece of
//! work runs in a thread with a generous bound (60 s): the point is "does not hang or
//! blow up", not speed, so nothing asserts wall-clock time; the timings printed are
//! for the report (run with `--nocapture` to see them).
//!
//! Sizes: as the issue states them in release builds; the heaviest ones (10 MB line,
//! 100,000 paragraphs) are divided by `DEBUG_SCALE` in debug builds, where the rule
//! engine runs about 20 times slower (about 4 s per MB of a single clause), so that
//! `cargo test` stays within seconds on CI either way. Both scales are linear, so the
//! smaller size still catches a quadratic or exponential path.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use mandate_lint::baseline::{Baseline, BaselineEntry};
use mandate_lint::input::{read_bytes, read_path, Limits};
use mandate_lint::model::SourceFormat;
use mandate_lint::{CheckOptions, Checked, Engine};

const BOUND: Duration = Duration::from_secs(60);

/// Divisor for the heaviest sizes in debug builds (see the module docs).
const DEBUG_SCALE: usize = if cfg!(debug_assertions) { 10 } else { 1 };

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::embedded() {
        Ok(engine) => engine,
        Err(e) => panic!("embedded rules must load: {e}"),
    })
}

/// Runs `work` in its own thread and fails the test if it does not finish within
/// `BOUND` (a hang), re-raising its panic if it panicked.
fn bounded<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    let handle = thread::Builder::new()
        .name(what.to_string())
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let out = work();
            let _ = tx.send(());
            out
        })
        .unwrap_or_else(|e| panic!("cannot spawn thread for {what}: {e}"));
    match rx.recv_timeout(BOUND) {
        Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => {}
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: did not finish within {BOUND:?} (hang or super-linear time)")
        }
    }
    let out = match handle.join() {
        Ok(out) => out,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    println!("{what}: {:.2?}", started.elapsed());
    out
}

fn check(text: String) -> Checked {
    engine().check(text, SourceFormat::Text, &CheckOptions::default())
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "mandate-lint-pathological-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {e}", dir.display());
    }
    dir
}

const OPENING: &str = "S/2031/117\n\nThe Security Council,\n\nRecalling its resolution 2151 (2014) on security sector reform,\n\n";

/// One operative paragraph with DSR content, numbered `n`.
fn dsr_paragraph(n: usize) -> String {
    format!(
        "{n}. Requests UNSMV to support the Ministry of Defence and the Velorian Armed Forces (VAF) in the reform of the defence sector, including through training and advice on civilian oversight by the parliament, as decided in paragraph {} above;\n\n",
        n.saturating_sub(1).max(1)
    )
}

/// A draft of `paragraphs` operative paragraphs, closed by the seized clause.
fn long_draft(paragraphs: usize) -> String {
    let mut text = String::from(OPENING);
    for n in 1..=paragraphs {
        text.push_str(&dsr_paragraph(n));
    }
    text.push_str(&format!(
        "{}. Decides to remain actively seized of the matter.\n",
        paragraphs + 1
    ));
    text
}

// ---------------------------------------------------------------------------
// Size caps
// ---------------------------------------------------------------------------

#[test]
fn over_the_size_cap_is_a_one_line_error_naming_the_file() {
    let dir = scratch_dir("cap");
    let big = dir.join("huge draft.txt");
    let limits = Limits::default();
    // Sparse: one byte over the cap without writing 64 MB.
    let file = std::fs::File::create(&big).unwrap_or_else(|e| panic!("create: {e}"));
    file.set_len(limits.max_file_bytes + 1)
        .unwrap_or_else(|e| panic!("set_len: {e}"));
    drop(file);

    let err = match read_path(&big, &limits) {
        Ok(_) => panic!("a file over the cap must be refused"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("huge draft.txt"),
        "error names the file: {err}"
    );
    assert!(err.contains("limit"), "error says why: {err}");
    assert!(!err.contains('\n'), "one line: {err}");

    // Same through the CLI: exit code 2, one line on stderr naming the file.
    let out = Command::new(env!("CARGO_BIN_EXE_mandate-lint"))
        .arg("check")
        .arg(&big)
        .output()
        .unwrap_or_else(|e| panic!("run CLI: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("huge draft.txt"), "stderr: {stderr}");
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "one-line error, got: {stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fifty_megabytes_in_memory_hits_a_lower_cap_and_decodes_under_the_default_one() {
    bounded("50 MB decode", || {
        let paragraph = dsr_paragraph(7);
        let repeat = 50 * 1024 * 1024 / paragraph.len();
        let mut text = String::from(OPENING);
        text.push_str(&paragraph.repeat(repeat));
        assert!(text.len() >= 50 * 1000 * 1000);
        let small = Limits {
            max_file_bytes: 10 * 1024 * 1024,
            ..Limits::default()
        };
        match read_bytes("big.txt", text.as_bytes(), None, &small) {
            Ok(_) => panic!("50 MB must be refused under a 10 MB cap"),
            Err(e) => {
                let shown = e.to_string();
                assert!(shown.starts_with("big.txt: "), "{shown}");
                assert!(shown.contains("limit"), "{shown}");
            }
        }
        let source = read_bytes("big.txt", text.as_bytes(), None, &Limits::default())
            .unwrap_or_else(|e| panic!("50 MB is under the default cap: {e}"));
        assert_eq!(source.text.len(), text.len());
    });
}

/// A draft with `preambular` preambular paragraphs (no numbering cap applies) and
/// a few DSR operative paragraphs.
fn long_preamble(preambular: usize) -> String {
    let mut text = String::from(OPENING);
    for n in 0..preambular {
        text.push_str(&format!(
            "Recalling its resolution {} (2014) and the “importance” of civilian oversight of the armed forces — réforme,\n\n",
            2000 + n % 150
        ));
    }
    text.push_str(&long_draft(20).replacen(OPENING, "", 1));
    text
}

/// Check time grows linearly with size: 4x the paragraphs give 4x the clauses, and
/// both finish within the bound. The ratio of times is printed, not asserted (no
/// wall-clock assertions in CI).
#[test]
fn parse_and_check_scale_linearly() {
    bounded("linearity", || {
        let mut timings = Vec::new();
        for preambular in [5_000usize, 20_000] {
            let text = long_preamble(preambular);
            let bytes = text.len();
            let started = Instant::now();
            let checked = check(text);
            let elapsed = started.elapsed();
            assert_eq!(checked.doc.preambular().count(), preambular + 1);
            assert_eq!(checked.doc.operative_paragraphs().count(), 21);
            timings.push((preambular, bytes, elapsed));
        }
        if let [(n1, b1, t1), (n2, b2, t2)] = timings.as_slice() {
            println!(
                "check: {n1} paragraphs ({b1} bytes) {t1:.2?}; {n2} paragraphs ({b2} bytes) {t2:.2?}; ratio {:.2} for 4x input",
                t2.as_secs_f64() / t1.as_secs_f64().max(1e-9)
            );
        }
    });
}

// ---------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------

#[test]
fn a_single_ten_megabyte_line() {
    bounded("10 MB line", || {
        let mut line = String::from(
            "1. Requests the Mission to provide technical advice to the Ministry of Defence on a national defence policy",
        );
        let filler = " and on the reform of the armed forces — “réforme” (VAF)";
        while line.len() < 10 * 1024 * 1024 / DEBUG_SCALE {
            line.push_str(filler);
        }
        line.push(';');
        let text = format!("The Security Council,\n\n{line}\n");
        let checked = check(text);
        assert_eq!(checked.doc.operative_paragraphs().count(), 1);
        assert!(checked.analysis.has_dsr());
    });
}

#[test]
fn a_single_ten_megabyte_line_without_spaces() {
    bounded("10 MB word", || {
        let text = "é".repeat(5 * 1024 * 1024 / DEBUG_SCALE);
        let checked = check(text);
        assert!(checked.doc.text.len() >= 10 * 1024 * 1024 / DEBUG_SCALE);
    });
}

/// Paragraph numbers have at most three digits in the parser (real resolutions stay
/// far below 999 paragraphs): from 1000 on, "1000." is not a label and the text
/// continues paragraph 999. The draft must still be read whole, without a hang.
#[test]
fn one_hundred_thousand_operative_paragraphs() {
    bounded("100,000 paragraphs", || {
        let text = long_draft(100_000 / DEBUG_SCALE);
        let len = text.len();
        let checked = check(text);
        let numbered = checked.doc.operative_paragraphs().count();
        println!("100,000 paragraphs ({len} bytes): {numbered} numbered paragraphs recognised");
        assert!(numbered >= 999, "{numbered}");
        let last = checked.doc.clauses.iter().map(|c| c.span.end).max();
        assert!(
            last.is_some_and(|end| end + 2 >= len),
            "the whole text is covered"
        );
    });
}

#[test]
fn one_hundred_thousand_sub_paragraphs_under_one_paragraph() {
    bounded("100,000 sub-paragraphs", || {
        let mut text = String::from(
            "The Security Council,\n\n1. Requests UNSMV to undertake the following tasks:\n",
        );
        for n in 1..=(100_000 / DEBUG_SCALE) as u32 {
            // Labels (a)…(z), (aa)… as far as the parser takes them.
            let label = mandate_lint::parse::letter_text(n).unwrap_or_else(|| "zz".to_string());
            text.push_str(&format!("({label}) to train the army;\n"));
        }
        text.push_str("2. Decides to remain actively seized of the matter.\n");
        let checked = check(text);
        assert!(checked.doc.clauses.len() > 1_000);
    });
}

/// Sub-paragraph labels cycling through every style, 1,000 levels deep if the parser
/// nests them so (`Clause::depth` is a u8: it must saturate, not overflow).
#[test]
fn nesting_one_thousand_levels_deep() {
    bounded("1,000 levels", || {
        let styles = ["(a)", "(i)", "a.", "i.", "–"];
        let mut text = String::from("The Security Council,\n\n1. Requests UNSMV to:\n");
        for level in 0..1_000 {
            let label = styles.get(level % styles.len()).copied().unwrap_or("–");
            text.push_str(&format!("{label} support the army, as follows:\n"));
        }
        let checked = check(text);
        let deepest = checked.doc.clauses.iter().map(|c| c.depth).max();
        println!(
            "1,000 levels: {} clauses, deepest depth {deepest:?}",
            checked.doc.clauses.len()
        );
        assert!(
            checked.doc.clauses.len() >= 1_000,
            "every label starts a clause"
        );
    });
}

#[test]
fn delimiters_and_quotes_nested_one_thousand_deep() {
    bounded("1,000 parentheses", || {
        let inner = "support the army";
        let text = format!(
            "The Security Council,\n\n1. Requests UNSMV to {}{inner}{};\n\n2. Decides {}{inner};\n",
            "(“".repeat(1_000),
            "”)".repeat(1_000),
            "[".repeat(100_000)
        );
        let checked = check(text);
        assert!(
            checked.diagnostics.iter().any(|d| d.code == "RES009"),
            "unbalanced brackets in paragraph 2 are reported"
        );
    });
}

#[test]
fn markdown_headings_and_comments_at_scale() {
    bounded("markdown", || {
        let mut text = String::from("The Security Council,\n\n");
        for n in 1..=20_000 {
            text.push_str(&format!(
                "{} Heading {n}\n<!--\n{n}. not a paragraph\n\n{n}. Decides to support the army;\n",
                "#".repeat(n % 300 + 1)
            ));
        }
        let checked = engine().check(text, SourceFormat::Markdown, &CheckOptions::default());
        assert!(!checked.doc.clauses.is_empty() || checked.doc.text.contains("<!--"));
    });
}

#[test]
fn akn_nested_beyond_the_depth_cap_is_refused() {
    bounded("deep AKN", || {
        let depth = 1_000;
        let mut xml = String::from(
            "<?xml version=\"1.0\"?><akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><statement><mainBody>",
        );
        xml.push_str(&"<paragraph><content><p>".repeat(depth));
        xml.push_str("Requests UNSMV to support the army;");
        xml.push_str(&"</p></content></paragraph>".repeat(depth));
        xml.push_str("</mainBody></statement></akomaNtoso>");
        match read_bytes("deep.xml", xml.as_bytes(), None, &Limits::default()) {
            Ok(source) => panic!(
                "3,000 nested elements exceed the depth cap; got {} bytes of text",
                source.text.len()
            ),
            Err(e) => {
                let shown = e.to_string();
                assert!(shown.starts_with("deep.xml: "), "{shown}");
                assert!(!shown.contains('\n'), "{shown}");
            }
        }
    });
}

// ---------------------------------------------------------------------------
// Hostile rule files
// ---------------------------------------------------------------------------

fn user_rule(pattern: &str) -> String {
    format!(
        r#"code = "USR001"
name = "catastrophic-pattern"
severity = "warning"
message = "The operative part has no text matching the closing pattern"
help = "Write the closing clause."
rationale = "A test rule with a pattern that backtracking engines take exponential time on."
source = "mandate-lint test suite"
requires_dsr = false

[check]
kind = "closing-clause"
pattern = '{pattern}'
suggestion_text = "Decides to remain actively seized of the matter."

[[examples]]
kind = "fail"
text = '''
The Security Council,

1. Decides to act;
'''

[[examples]]
kind = "pass"
text = '''
The Security Council,

1. Decides aaaa
'''
"#
    )
}

/// `(a+)+$` on a long run of "a"s followed by a non-match is exponential for a
/// backtracking engine; the regex crate is linear. Loaded through a user rule
/// directory, the way the Secretariat adds rule packs.
#[test]
fn catastrophic_looking_rule_pattern_stays_linear() {
    let dir = scratch_dir("rules");
    let rules = dir.join("res");
    std::fs::create_dir_all(&rules).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(rules.join("usr001-catastrophic.toml"), user_rule("(a+)+$"))
        .unwrap_or_else(|e| panic!("write rule: {e}"));
    let engine = match Engine::load(std::slice::from_ref(&dir)) {
        Ok(e) => e,
        Err(e) => panic!("user rule must load: {e}"),
    };
    let moved = dir.clone();
    bounded("(a+)+$ on 1 MB", move || {
        let text = format!(
            "The Security Council,\n\n1. Decides {}!;\n",
            "a".repeat(1024 * 1024)
        );
        let checked = engine.check(text, SourceFormat::Text, &CheckOptions::default());
        assert!(
            checked.diagnostics.iter().any(|d| d.code == "USR001"),
            "no match, so the rule fires"
        );
        let _ = std::fs::remove_dir_all(&moved);
    });
}

/// A pattern whose compiled form is huge is refused at load time with a message
/// naming the file, instead of eating memory on every check.
#[test]
fn oversized_rule_pattern_is_refused_at_load() {
    let dir = scratch_dir("rules-big");
    let rules = dir.join("res");
    std::fs::create_dir_all(&rules).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(
        rules.join("usr001-huge.toml"),
        user_rule("((a{100}){100}){100}"),
    )
    .unwrap_or_else(|e| panic!("write rule: {e}"));
    let result = bounded("huge pattern", move || {
        Engine::load(std::slice::from_ref(&dir))
            .map(|_| ())
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&dir);
                e.to_string()
            })
    });
    match result {
        Ok(()) => panic!("a pattern over the regex size limit must be refused"),
        Err(e) => assert!(e.contains("usr001-huge.toml"), "names the file: {e}"),
    }
}

// ---------------------------------------------------------------------------
// Writers: atomic, never truncating a user's file on error
// ---------------------------------------------------------------------------

fn sample_baseline() -> Baseline {
    Baseline::new(vec![BaselineEntry {
        path: "drafts/veloria.txt".into(),
        code: "DSR006".into(),
        fingerprint: "00ff:0".into(),
    }])
}

fn is_root() -> bool {
    // Permission bits do not stop root; the unwritable-directory case then uses /sys.
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[cfg(unix)]
#[test]
fn baseline_write_into_an_unwritable_directory_fails_and_preserves_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    if is_root() {
        // Root ignores mode bits; sysfs refuses new files to everyone.
        let target = Path::new("/sys/mandate-lint-baseline.json");
        match sample_baseline().write_atomic(target) {
            Ok(()) => panic!("writing into /sys must fail"),
            Err(e) => {
                let shown = e.to_string();
                assert!(shown.contains("mandate-lint-baseline.json"), "{shown}");
                assert!(!shown.contains('\n'), "{shown}");
            }
        }
        println!("running as root: used /sys as the unwritable directory");
        return;
    }
    let dir = scratch_dir("baseline-ro");
    let target = dir.join("baseline.json");
    let old = "{\"version\":1,\"findings\":[]}\n";
    std::fs::write(&target, old).unwrap_or_else(|e| panic!("write: {e}"));
    let set_mode = |mode: u32| {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode))
            .unwrap_or_else(|e| panic!("chmod: {e}"))
    };
    set_mode(0o555);
    let result = sample_baseline().write_atomic(&target);
    set_mode(0o755);
    let err = match result {
        Ok(()) => panic!("writing into a read-only directory must fail"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("baseline.json"), "{err}");
    let kept = std::fs::read_to_string(&target).unwrap_or_default();
    assert_eq!(kept, old, "the existing baseline is untouched");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The temporary file cannot be created (its name is taken by a directory), as root
/// or not: the existing baseline keeps its content.
#[test]
fn baseline_write_failure_keeps_an_existing_file() {
    let dir = scratch_dir("baseline-keep");
    let target = dir.join("baseline.json");
    let old = "{\"version\":1,\"findings\":[]}\n";
    std::fs::write(&target, old).unwrap_or_else(|e| panic!("write: {e}"));
    let blocker = dir.join(format!(".baseline.json.{}.tmp", std::process::id()));
    std::fs::create_dir_all(blocker.join("x")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let err = match sample_baseline().write_atomic(&target) {
        Ok(()) => panic!("the temporary file cannot be created, so the write must fail"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("baseline.json"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap_or_default(), old);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The rename cannot happen (the target is a non-empty directory): the error names the
/// path, the directory and its content survive, and no temporary file is left.
#[test]
fn baseline_write_failure_leaves_existing_content_in_place() {
    let dir = scratch_dir("baseline-dir");
    let target = dir.join("baseline.json");
    std::fs::create_dir_all(&target).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let precious = target.join("keep.txt");
    std::fs::write(&precious, "user data").unwrap_or_else(|e| panic!("write: {e}"));
    let err = match sample_baseline().write_atomic(&target) {
        Ok(()) => panic!("renaming a file over a non-empty directory must fail"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("baseline.json"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap_or_default(),
        "user data"
    );
    let tmp_left = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        })
        .unwrap_or(false);
    assert!(!tmp_left, "temporary file cleaned up");
    let _ = std::fs::remove_dir_all(&dir);
}

/// An existing baseline is replaced whole, never appended to or half-written.
#[test]
fn baseline_overwrite_replaces_the_file_whole() {
    let dir = scratch_dir("baseline-over");
    let target = dir.join("baseline.json");
    std::fs::write(&target, "x".repeat(100_000)).unwrap_or_else(|e| panic!("write: {e}"));
    sample_baseline()
        .write_atomic(&target)
        .unwrap_or_else(|e| panic!("write baseline: {e}"));
    let loaded = Baseline::load(&target).unwrap_or_else(|e| panic!("load: {e}"));
    assert_eq!(loaded, sample_baseline());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writing a baseline to a path with no file name is an error, not a panic.
#[test]
fn baseline_write_to_a_bad_path_is_an_error() {
    for bad in [Path::new("/"), Path::new("")] {
        assert!(
            sample_baseline().write_atomic(bad).is_err(),
            "{} must be refused",
            bad.display()
        );
    }
}
