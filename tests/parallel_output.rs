//! `check` over many files gives the same bytes whatever the number of worker threads:
//! files are checked in parallel, and the report is in path order.

use std::path::Path;
use std::process::Command;

#[path = "support/shared_data.rs"]
mod shared_data;

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");

fn check(threads: usize, format: &str, paths: &[String]) -> Vec<u8> {
    let out = Command::new(EXE)
        .args([
            "check",
            "--no-config",
            "--exit-zero",
            "--color",
            "never",
            "--format",
            format,
        ])
        .args(paths)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .unwrap_or_else(|e| panic!("cannot run mandate-lint: {e}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn same_bytes_for_any_thread_count(paths: &[String]) {
    for format in ["json", "human", "sarif"] {
        let serial = check(1, format, paths);
        assert!(!serial.is_empty(), "{format}: some output");
        for threads in [2, 4] {
            assert!(
                check(threads, format, paths) == serial,
                "{format}: {threads} threads give other bytes than one"
            );
        }
    }
}

#[test]
fn fixtures_in_parallel_equal_serial() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    same_bytes_for_any_thread_count(&[dir.display().to_string()]);
}

#[test]
fn corpus_sample_in_parallel_equals_serial() {
    let Some(corpus) = shared_data::shared("corpus/unsc", "parallel output on the corpus") else {
        return;
    };
    let mut files: Vec<String> = std::fs::read_dir(corpus)
        .map(|d| {
            d.flatten()
                .map(|e| e.path().display().to_string())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let sample: Vec<String> = files.into_iter().step_by(25).collect();
    assert!(sample.len() > 50, "a real sample of the corpus");
    same_bytes_for_any_thread_count(&sample);
}
