//! Latency benchmark (not a test): time from `didChange` to the matching
//! `publishDiagnostics` on a generated draft (~60 KB unless `--bytes N`), debounce
//! off, 200 single-character edits unless `--edits N`: sent, to the publication's last
//! byte read (and, for comparison with earlier runs, to the publication parsed by this
//! client).
//! Prints p50/p90/p99/max, then (unless
//! `--no-memory`) opens 19 more large drafts (20 in all) and prints the server's
//! resident memory (VmRSS, and the peak VmHWM) read from /proc. `--json` prints one
//! JSON line instead, for bench/run.sh.
//!
//! cargo build [--release] && cargo run [--release] --example lsp_latency [-- [/path/to/mandate-lint] [--bytes N] [--edits N] [--json] [--no-memory]]
//! The server defaults to target/{release,debug}/mandate-lint next to this example.

#[path = "../draft.rs"]
mod draft;
#[path = "../../tests/lsp_client/mod.rs"]
mod lsp_client;

use std::time::{Duration, Instant};

use draft::large_draft;
use lsp_client::{position, LspClient};
use serde_json::json;

const URI: &str = "file:///tmp/mandate-lint-bench/large.draft.txt";
const EDITS: usize = 200;
const DEFAULT_BYTES: usize = 60 * 1024;

const OPEN_DOCS: usize = 20;

/// The server: our only child process (found through /proc, as the test client keeps
/// its `Child` private).
fn server_pid() -> Option<u32> {
    let me = std::process::id();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // Fields after the parenthesised command name: state, then the parent pid.
            let after_name = stat.rsplit_once(')')?.1;
            let ppid: u32 = after_name.split_whitespace().nth(1)?.parse().ok()?;
            (ppid == me).then_some(pid)
        })
}

/// A `Vm…:` line of /proc/PID/status, in kB.
fn memory_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json_out = args.iter().any(|a| a == "--json");
    let memory = !args.iter().any(|a| a == "--no-memory");
    const VALUED: [&str; 2] = ["--bytes", "--edits"];
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
    };
    let target_bytes = value("--bytes").unwrap_or(DEFAULT_BYTES);
    let edits = value("--edits").unwrap_or(EDITS);
    let explicit = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with("--")
                && (*i == 0
                    || args
                        .get(i - 1)
                        .is_none_or(|p| !VALUED.contains(&p.as_str())))
        })
        .map(|(_, a)| a.clone());
    let exe = explicit.unwrap_or_else(|| {
        let root = env!("CARGO_MANIFEST_DIR");
        let release = format!("{root}/target/release/mandate-lint");
        if std::path::Path::new(&release).exists() && cfg!(not(debug_assertions)) {
            release
        } else {
            format!("{root}/target/debug/mandate-lint")
        }
    });
    let mut text = large_draft(target_bytes);
    if !json_out {
        println!(
            "server: {exe}\ndraft: {} bytes, {} lines",
            text.len(),
            text.lines().count()
        );
    }

    let mut client = LspClient::spawn(&exe);
    client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    let opened = Instant::now();
    client.open(URI, &text, 1);
    let first = client.wait_diagnostics(URI, 1);
    let first_check = opened.elapsed();
    if !json_out {
        println!(
            "first check: {first_check:?}, {} diagnostics",
            first["diagnostics"].as_array().map_or(0, Vec::len)
        );
    }

    // Edits type and delete a character inside paragraph 2, as a drafter would.
    let anchor = text.find("in close coordination").unwrap_or(text.len() / 2);
    // Until the publication's last byte is read (the server's latency), and until this
    // client has also parsed it into a JSON tree (what the benchmark measured before
    // the seventh pass: at 250 KB the parse is a few milliseconds of the client's).
    let mut latencies = Vec::with_capacity(edits);
    let mut parsed = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let at = anchor;
        let (range, insert) = if i % 2 == 0 {
            (
                json!({"start": position(&text, at, "utf-16"), "end": position(&text, at, "utf-16")}),
                "x",
            )
        } else {
            (
                json!({"start": position(&text, at, "utf-16"), "end": position(&text, at + 1, "utf-16")}),
                "",
            )
        };
        if insert.is_empty() {
            text.replace_range(at..at + 1, "");
        } else {
            text.insert_str(at, insert);
        }
        let sent = Instant::now();
        client.change_range(URI, range, insert, version);
        let publication = client.wait_diagnostics(URI, version);
        let parsed_at = Instant::now();
        let arrived = client.last_arrival.unwrap_or(parsed_at);
        latencies.push(arrived.saturating_duration_since(sent));
        parsed.push(parsed_at.saturating_duration_since(sent));
        drop(publication);
    }
    latencies.sort();
    parsed.sort();
    if json_out {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{}",
            json!({
                "bytes": text.len(),
                "edits": edits,
                "first_ms": ms(first_check),
                "p50_ms": ms(percentile(&latencies, 0.50)),
                "p90_ms": ms(percentile(&latencies, 0.90)),
                "p99_ms": ms(percentile(&latencies, 0.99)),
                "max_ms": ms(latencies.last().copied().unwrap_or_default()),
                "parsed_p50_ms": ms(percentile(&parsed, 0.50)),
                "parsed_p99_ms": ms(percentile(&parsed, 0.99)),
            })
        );
    } else {
        println!(
        "didChange → publishDiagnostics over {edits} edits: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
        );
        println!(
            "… and parsed by this client: p50 {:?}, p99 {:?}",
            percentile(&parsed, 0.50),
            percentile(&parsed, 0.99)
        );
    }
    if !memory {
        client.shutdown_and_exit();
        return;
    }

    // Memory with 20 large documents open, each checked once (distinct texts, so no
    // sharing between them can flatter the figure).
    let server = server_pid();
    let before = server.and_then(|pid| memory_kb(pid, "VmRSS:"));
    let opened_all = Instant::now();
    for k in 2..=OPEN_DOCS {
        let uri = format!("file:///tmp/mandate-lint-bench/large-{k}.draft.txt");
        let draft = large_draft(target_bytes).replace("MINUSLO", &format!("MINUSLO{k}"));
        client.open(&uri, &draft, 1);
        client.wait_diagnostics(&uri, 1);
    }
    let rss = server.and_then(|pid| memory_kb(pid, "VmRSS:"));
    let peak = server.and_then(|pid| memory_kb(pid, "VmHWM:"));
    let mb = |kb: Option<u64>| {
        kb.map_or("unknown".to_string(), |k| {
            format!("{:.1} MB", k as f64 / 1024.0)
        })
    };
    println!(
        "{OPEN_DOCS} large documents open (each checked): RSS {} (1 open: {}), peak RSS {}, {:?} to open and check {}",
        mb(rss),
        mb(before),
        mb(peak),
        opened_all.elapsed(),
        OPEN_DOCS - 1
    );
    let status = client.shutdown_and_exit();
    println!("server exit: {status}");
}
