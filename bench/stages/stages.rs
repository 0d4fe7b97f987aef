//! Where one check spends its time (not a test): parse, analyse, rules and
//! post-processing of one file, each the median of N runs, in-process (no start-up).
//!
//! cargo run --release --example stages -- FILE [RUNS]
use std::time::{Duration, Instant};

use mandate_lint::{CheckOptions, Engine};

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
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let loaded = Instant::now();
    let engine = match Engine::embedded() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("rules: {e}");
            std::process::exit(2);
        }
    };
    let load = loaded.elapsed();
    let source = match mandate_lint::input::read_path(
        std::path::Path::new(&path),
        &mandate_lint::input::Limits::default(),
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
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
