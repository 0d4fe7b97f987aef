//! The real corpus (`../shared/corpus`) read through `input`: every Akoma Ntoso file
//! and every .docx reads without error, and the AKN operative paragraph count matches
//! the XML. Skips with a printed note when the corpus is absent.

#[path = "support/shared_data.rs"]
mod shared_data;

use std::path::{Path, PathBuf};

use mandate_lint::input::{read_path, Limits, Source};
use mandate_lint::model::SourceFormat;

fn corpus(sub: &str) -> Option<PathBuf> {
    shared_data::shared(&format!("corpus/{sub}"), "reading the corpus")
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(ext))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Top-level `<paragraph>` elements of the main `<mainBody>` (not annexes) that have a
/// `<num>` child: the operative paragraphs, counted straight from the XML text.
fn xml_operative_count(xml: &str) -> usize {
    let Some(start) = xml.find("<mainBody>") else {
        return 0;
    };
    let end = xml[start..]
        .find("</mainBody>")
        .map(|e| start + e)
        .unwrap_or(xml.len());
    let body = &xml[start..end];
    let mut count = 0;
    let mut depth = 0i32;
    let mut rest = body;
    // Walk <paragraph …> / </paragraph> tags, tracking nesting.
    while let Some(i) = rest.find("paragraph") {
        let before = &rest[..i];
        let tag_open = before.ends_with('<');
        let tag_close = before.ends_with("</");
        let after = &rest[i + "paragraph".len()..];
        let boundary = after.starts_with(' ') || after.starts_with('>');
        if tag_close && boundary {
            depth -= 1;
        } else if tag_open && boundary {
            if depth == 0 {
                // Does this paragraph's own content start with <num>?
                let head = after.trim_start_matches(|c| c != '>');
                let head = head.get(1..).unwrap_or("").trim_start();
                // Digits only: "(i)" pillars and "A." section letters are headings.
                let num = head
                    .strip_prefix("<num>")
                    .and_then(|h| h.split_once("</num>"))
                    .map(|(n, _)| n.trim());
                if num.is_some_and(|n| {
                    n.ends_with('.')
                        && n.len() > 1
                        && n[..n.len() - 1].chars().all(|c| c.is_ascii_digit())
                }) {
                    count += 1;
                }
            }
            depth += 1;
        }
        rest = after;
    }
    count
}

/// Lines of the rendered text that start with "N. " whose number comes from a
/// `<paragraph>` outside the annexes, as the origin map says: this checks the map as
/// much as the rendering.
fn rendered_operative_count(source: &Source) -> usize {
    let mut count = 0;
    let mut line_start = 0usize;
    for line in source.text.split_inclusive('\n') {
        let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after = &line[digits.len()..];
        if !digits.is_empty() && (after.starts_with(". ") || after.trim_end() == ".") {
            let from = source.describe(line_start).unwrap_or_default();
            if from.contains("(in <paragraph ") && !from.contains("annex") {
                count += 1;
            }
        }
        line_start += line.len();
    }
    count
}

#[test]
fn every_akoma_ntoso_file_reads_and_keeps_its_operative_paragraphs() {
    let Some(dir) = corpus("akn") else { return };
    let limits = Limits::default();
    let paths = files(&dir, "xml");
    assert!(
        paths.len() > 300,
        "expected the 339 AKN files, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    let mut mismatches = Vec::new();
    let mut drafts = 0;
    for path in &paths {
        let source = match read_path(path, &limits) {
            Ok(s) => s,
            Err(e) => {
                failures.push(e.to_string());
                continue;
            }
        };
        assert_eq!(source.format, SourceFormat::AkomaNtoso);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("not-adopted__") {
            drafts += 1;
            assert!(source.meta.draft, "{name}: not read as a draft");
            assert_eq!(source.meta.adopted, Some(false), "{name}");
            assert!(
                source
                    .meta
                    .symbol
                    .as_deref()
                    .is_some_and(|s| s.starts_with("S/20")),
                "{name}: symbol {:?}",
                source.meta.symbol
            );
        }
        let xml = std::fs::read_to_string(path).unwrap_or_default();
        let want = xml_operative_count(&xml);
        let got = rendered_operative_count(&source);
        if want != got {
            mismatches.push(format!("{name}: XML {want}, rendered {got}"));
        }
    }
    println!(
        "AKN: {} files, {} failures, {} count mismatches, {drafts} drafts",
        paths.len(),
        failures.len(),
        mismatches.len()
    );
    assert!(failures.is_empty(), "unreadable: {failures:#?}");
    assert_eq!(drafts, 19, "the 19 not-adopted drafts");
    assert!(mismatches.is_empty(), "count mismatches: {mismatches:#?}");
}

#[test]
fn every_corpus_docx_reads_with_list_numbers() {
    let Some(dir) = corpus("docx") else { return };
    let limits = Limits::default();
    let paths = files(&dir, "docx");
    assert!(!paths.is_empty(), "no .docx in {}", dir.display());
    for path in &paths {
        let source = match read_path(path, &limits) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(source.format, SourceFormat::Docx);
        // Word list numbering rendered: some lines start with "N. " although no
        // paragraph of these files types its number.
        let numbered = source
            .text
            .lines()
            .filter(|l| {
                let d: String = l.chars().take_while(|c| c.is_ascii_digit()).collect();
                !d.is_empty() && l[d.len()..].starts_with(". ")
            })
            .count();
        println!(
            "{}: {} bytes rendered, {} numbered lines, notes {:?}",
            path.display(),
            source.text.len(),
            numbered,
            source.notes
        );
        if path.to_string_lossy().contains("UNAMI") {
            // Its paragraphs 1., 2. … are Word list numbers, not typed digits.
            assert!(
                numbered >= 10,
                "{}: only {numbered} numbered lines",
                path.display()
            );
            assert!(source
                .text
                .contains("\n1. The mandate of the United Nations Assistance Mission for Iraq"));
        }
        // Every rendered byte is described in terms of the Word file.
        let probe = source.text.len() / 2;
        let desc = source.describe(probe).unwrap_or_default();
        assert!(
            desc.starts_with("Word paragraph") || desc.contains("made by mandate-lint"),
            "{desc}"
        );
    }
}

/// Prints how a file renders: `MANDATE_DUMP=path cargo test --test input_corpus dump -- --ignored --nocapture`.
#[test]
#[ignore]
fn dump() {
    let Ok(path) = std::env::var("MANDATE_DUMP") else {
        println!("set MANDATE_DUMP to a file to print its rendering");
        return;
    };
    match read_path(Path::new(&path), &Limits::default()) {
        Ok(s) => {
            println!("{}", s.text);
            println!("--- notes {:?}\n--- meta {:?}", s.notes, s.meta);
        }
        Err(e) => println!("{e}"),
    }
}
