//! Where one check spends its time (not a test): parse, analyse, rules and
//! post-processing of one file, each the median of N runs, in-process (no start-up).
//!
//! cargo run --release --example stages -- FILE [RUNS]
//! cargo run --release --example stages -- FILE --edits N
//!
//! FILE `generated:BYTES` is the latency benchmark's generated draft of that size
//! (`bench/draft.rs`); `bench/keystroke/run.sh` counts a keystroke's instructions on it
//! and on corpus resolutions.
//!
//! With `--edits N`: what the language server does per keystroke, N times: one
//! character typed in the middle of the draft (then deleted, alternately) and the draft
//! checked again with `Engine::check_incremental`; prints the median and what was
//! reused. Under callgrind, the instructions of N edits minus those of `--edits 0` are
//! the edits' own.
#[path = "../draft.rs"]
mod draft;

use std::time::{Duration, Instant};

use mandate_lint::model::SourceFormat;
use mandate_lint::{CheckOptions, Engine, ScanCache};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: stages FILE [RUNS]");
        std::process::exit(2);
    };
    let rest: Vec<String> = args.collect();
    let edits: Option<usize> = rest
        .iter()
        .position(|a| a == "--edits")
        .and_then(|i| rest.get(i + 1))
        .and_then(|n| n.parse().ok());
    let runs: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(20);
    let loaded = Instant::now();
    let engine = match Engine::embedded() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("rules: {e}");
            std::process::exit(2);
        }
    };
    let load = loaded.elapsed();
    let generated = path
        .strip_prefix("generated:")
        .and_then(|n| n.parse::<usize>().ok());
    let read = match generated {
        Some(bytes) => Ok(mandate_lint::input::Source::from_text(
            &path,
            draft::large_draft(bytes),
            SourceFormat::Text,
        )),
        None => mandate_lint::input::read_path(
            std::path::Path::new(&path),
            &mandate_lint::input::Limits::default(),
        ),
    };
    let source = match read {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Some(n) = edits {
        incremental(&engine, &path, source.text.clone(), n);
        return;
    }
    let first = Instant::now();
    let _ = engine.check_source(&source, &CheckOptions::default());
    let first = first.elapsed();
    let (mut parse, mut analyse, mut rules, mut whole) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let t = Instant::now();
        let doc = engine.parse_source(&source);
        parse.push(t.elapsed());
        let t = Instant::now();
        let analysis = engine.analyse(&doc);
        analyse.push(t.elapsed());
        let t = Instant::now();
        let _ = engine.rules.run(&doc, &analysis, &CheckOptions::default());
        rules.push(t.elapsed());
        let t = Instant::now();
        let _ = engine.check_source(&source, &CheckOptions::default());
        whole.push(t.elapsed());
    }
    println!(
        "{path}: {} bytes; load {load:?}, first check {first:?}; median of {runs}: parse {:?}, analyse {:?}, rules {:?}, whole check {:?}",
        source.text.len(),
        median(parse),
        median(analyse),
        median(rules),
        median(whole)
    );
}

/// N single-character edits in the middle of `text`, each checked incrementally.
fn incremental(engine: &Engine, path: &str, mut text: String, n: usize) {
    let opts = CheckOptions::default();
    let mut cache = ScanCache::default();
    let _ = engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let mut times = Vec::with_capacity(n);
    let mut last_clauses = 0;
    for i in 0..n {
        if i % 2 == 0 {
            text.insert(at, 'x');
        } else {
            text.remove(at);
        }
        let t = Instant::now();
        let checked = engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
        last_clauses = checked.doc.clauses.len();
        drop(checked);
        times.push(t.elapsed());
    }
    println!(
        "{path}: {} bytes; {n} edits checked incrementally: median {:?}; last edit: lines walked {} of {} (resumed after line {:?}, rejoined at line {:?}), references made {} of {} clauses, (folded, clause texts reused) {:?}, (scanned, scans reused) {:?}, (coded, tasks reused) {:?}, clause analyses kept {}, (paragraphs judged, kept) by the paragraph-local rules {:?}",
        text.len(),
        median(times),
        cache.last_walk().lines_walked,
        text.lines().count(),
        cache.last_walk().resumed_after,
        cache.last_walk().rejoined_at,
        cache.last_walk().references_made,
        last_clauses,
        cache.last_parse(),
        cache.last_check(),
        cache.last_tasks(),
        cache.last_analyses_kept(),
        cache.last_rules()
    );
}
