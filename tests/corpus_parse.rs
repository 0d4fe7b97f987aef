//! The parser over the real corpus (`../shared/corpus/unsc`, when present):
//! - no input panics, every span lies on char boundaries inside the text;
//! - the number of top-level operative paragraphs matches the source's own numbering
//!   ("the highest N such that paragraphs 1..N appear in order at the start of a line",
//!   the definition of `corpus/unsc/SOURCES.md`) on the clean texts.
//!
//! Run with `--nocapture` to see the agreement table.

#[path = "support/shared_data.rs"]
mod shared_data;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mandate_lint::model::{LabelKind, Part, SourceFormat};
use mandate_lint::parse::parse;

fn corpus_dir() -> Option<PathBuf> {
    shared_data::shared("corpus/unsc", "the parser measurements on the corpus")
}

/// File name → source letter (A, B or G) from the table in SOURCES.md.
fn sources(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(dir.join("SOURCES.md")) else {
        return out;
    };
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if let (Some(name), Some(src)) = (cells.get(1), cells.get(2)) {
            if name.starts_with("S-RES-") && name.ends_with(".txt") && src.len() == 1 {
                out.insert(name.to_string(), src.to_string());
            }
        }
    }
    out
}

/// The source's own numbering, as SOURCES.md defines it.
fn own_numbering(text: &str) -> u32 {
    // Paragraphs of an annex restart at 1 and are not operative paragraphs: stop at an
    // "Annex" title line once the operative part has begun.
    let mut starts: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_start) {
        let t = line.trim();
        let is_annex = t.eq_ignore_ascii_case("annex")
            || (t.starts_with("Annex ")
                && t[6..].split([':', ' ']).next().is_some_and(|id| {
                    id.len() <= 4 && id.chars().all(|c| c.is_ascii_alphanumeric())
                })
                && (t.len() <= 10 || t[6..].contains(':')));
        if is_annex && starts.iter().any(|l| l.starts_with("1.")) {
            break;
        }
        starts.push(line);
    }
    let mut n = 0u32;
    let mut from = 0usize;
    'next: loop {
        let want = format!("{}.", n + 1);
        for (i, line) in starts.iter().enumerate().skip(from) {
            if let Some(rest) = line.strip_prefix(&want) {
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    n += 1;
                    from = i + 1;
                    continue 'next;
                }
            }
        }
        return n;
    }
}

fn our_count(doc: &mandate_lint::model::Document) -> u32 {
    // Highest N with 1..N in order among top-level numbered operative paragraphs.
    let mut n = 0u32;
    for c in &doc.clauses {
        if c.part == Part::Operative && c.parent.is_none() {
            if let Some(l) = c.label.as_ref().filter(|l| l.kind == LabelKind::Number) {
                if l.value == n + 1 {
                    n += 1;
                }
            }
        }
    }
    n
}

#[test]
fn corpus_parses_and_operative_counts_match() {
    let Some(dir) = corpus_dir() else { return };
    let source_of = sources(&dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus dir readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() > 2000,
        "expected the full corpus, found {}",
        files.len()
    );
    // source → (files, agreeing, mismatches)
    let mut stats: BTreeMap<String, (u32, u32, Vec<String>)> = BTreeMap::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
        let expected = own_numbering(&text);
        let doc = parse(text, SourceFormat::Text);
        for c in &doc.clauses {
            assert!(c.span.end <= doc.text.len() && c.span.start <= c.span.end);
            assert!(
                doc.text.is_char_boundary(c.span.start) && doc.text.is_char_boundary(c.span.end)
            );
        }
        let got = our_count(&doc);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let src = source_of.get(&name).cloned().unwrap_or_else(|| "?".into());
        let entry = stats.entry(src).or_default();
        entry.0 += 1;
        if got == expected {
            entry.1 += 1;
        } else {
            entry
                .2
                .push(format!("{name}: ours {got}, source {expected}"));
        }
    }
    println!("source  files  agree  rate");
    for (src, (n, ok, bad)) in &stats {
        println!(
            "{src:>6} {n:>6} {ok:>6}  {:.4}",
            f64::from(*ok) / f64::from(*n)
        );
        for b in bad.iter().take(12) {
            println!("         {b}");
        }
    }
    // Clean texts: the paragraph-structured source (A) and the hand-corrected OCR (G).
    for clean in ["A", "G"] {
        if let Some((n, ok, bad)) = stats.get(clean) {
            let rate = f64::from(*ok) / f64::from(*n);
            assert!(
                rate >= 0.995,
                "source {clean}: {ok}/{n} agree; first mismatches: {:?}",
                &bad[..bad.len().min(10)]
            );
        }
    }
    if let Some((n, ok, _)) = stats.get("B") {
        let rate = f64::from(*ok) / f64::from(*n);
        assert!(rate >= 0.995, "PDF extractions (B): {ok}/{n} agree");
    }
}
