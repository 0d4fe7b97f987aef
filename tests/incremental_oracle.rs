//! Incremental checking against full checks on real resolutions, under random edits.
//!
//! `tests/lsp_incremental.rs` walks a written sequence of edits through the language
//! server. This test is its random counterpart at the engine level: resolutions of the
//! corpus (`../shared/corpus/unsc`, one in 15) each take a run of seeded random edits —
//! characters typed and deleted anywhere (accents, dashes, curly quotes, semicolons,
//! line breaks, labels, a mission's acronym, national forces and their acronym, DSR wording), lines deleted and duplicated,
//! a lead-in's verb, addressee or punctuation swapped (what its sub-items inherit), an
//! edit undone — and after every edit the document's incremental check
//! (`Engine::check_incremental`, the language server's path, with its cache carried
//! from edit to edit) must equal a full check of the same text: findings, fingerprints
//! and the whole analysis. Whatever a cache keeps (clause scans, clause tasks) must
//! never show.

#[path = "support/same_check.rs"]
mod same_check;
#[path = "support/shared_data.rs"]
mod shared_data;

use same_check::assert_same_check;

use mandate_lint::model::SourceFormat;
use mandate_lint::{CheckOptions, Engine, ScanCache};

/// Edits per resolution.
const EDITS: usize = 32;

/// What is typed: single characters UN texts are full of, and pieces that change the
/// structure or the coding of a clause.
const TYPED: &[&str] = &[
    "x",
    " ",
    "é",
    "—",
    "“",
    "’",
    ";",
    ".",
    ",",
    ":",
    "\n",
    "\n\n",
    "(b) ",
    "\n\n3. ",
    "\n(c) to ",
    " (MINUSLO)",
    " the armed forces",
    " defence sector reform",
    " national ownership",
    " Requests the Secretary-General to report",
    " the Government",
    " the Lorem Armed Forces (LAF)",
    " the LAF",
    "\u{00ad}",
    // Lines whose class depends on the lines around them: an HTML comment opened or
    // closed (every line after it changes class), a page's furniture and the footnote
    // above it, a carriage return alone or before a line feed.
    "<!-- ",
    " -->",
    "\n1 S/2013/119.\n21-07038 3/5\n",
    "\nS/RES/2999 (2026) Page 2\n",
    "\r",
    "\r\n",
];

/// Words swapped for one another where they occur: a lead-in's verb, addressee or
/// topic changes what its sub-items inherit, with no edit in them.
const SWAPS: &[(&str, &str)] = &[
    ("Requests", "Encourages"),
    ("Decides", "Calls upon"),
    ("Urges", "Requests"),
    ("Authorizes", "Notes"),
    ("the Secretary-General", "the Government"),
    ("the Government", "the Ministry of Defence"),
    ("Mission", "Office"),
    ("support", "assist"),
    ("security sector", "defence sector"),
    ("including", "in particular"),
    ("Forces (", "Forces, ("),
    ("Armed Forces", "Armed Groups"),
    ("Defence Forces", "Police Services"),
    (":", ";"),
    (";", ":"),
];

/// A seeded xorshift generator: the same edits on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

fn boundary_at_or_before(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One random edit of `text`; its description for a failure message.
fn edit(text: &mut String, rng: &mut Rng, undo: &str) -> String {
    let at = boundary_at_or_before(text, rng.below(text.len() + 1));
    match rng.below(13) {
        0..=4 => {
            let typed = TYPED[rng.below(TYPED.len())];
            text.insert_str(at, typed);
            format!("typed {typed:?} at {at}")
        }
        5 | 6 => {
            let end = boundary_at_or_before(text, at + 1 + rng.below(30));
            let gone: String = text.drain(at..end).collect();
            format!("deleted {gone:?} at {at}")
        }
        7 => {
            let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
            let gone: String = text.drain(start..end).collect();
            format!("deleted the line {gone:?} at {start}")
        }
        8 => {
            let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let end = text[at..].find('\n').map_or(text.len(), |n| at + n + 1);
            let line = text[start..end].to_string();
            text.insert_str(end, &line);
            format!("duplicated the line {line:?} at {start}")
        }
        9..=11 => {
            let (from, to) = SWAPS[rng.below(SWAPS.len())];
            let found: Vec<usize> = text.match_indices(from).map(|(i, _)| i).collect();
            match found.get(rng.below(found.len())) {
                Some(&i) => {
                    text.replace_range(i..i + from.len(), to);
                    format!("replaced {from:?} with {to:?} at {i}")
                }
                None => "nothing to replace".to_string(),
            }
        }
        _ => {
            *text = undo.to_string();
            "undid the last edit".to_string()
        }
    }
}

#[test]
fn incremental_checks_equal_full_checks_under_random_edits() {
    let Some(dir) = shared_data::shared("corpus/unsc", "the incremental-check oracle") else {
        return;
    };
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let files: Vec<_> = files.into_iter().step_by(15).collect();
    assert!(files.len() >= 30, "{} corpus files", files.len());
    let opts = CheckOptions::default();
    let (mut checks, mut with_findings, mut reused) = (0usize, 0usize, 0usize);
    for (n, path) in files.iter().enumerate() {
        let Ok(bytes) = std::fs::read(path) else {
            panic!("{}: unreadable", path.display())
        };
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (n as u64 + 1));
        let mut cache = ScanCache::default();
        let _ = engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
        let mut before = text.clone();
        for k in 0..EDITS {
            let previous = text.clone();
            let what = edit(&mut text, &mut rng, &before);
            before = previous;
            let incremental =
                engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
            let full = engine.check(text.clone(), SourceFormat::Text, &opts);
            let name = path.display();
            assert_same_check(&incremental, &full, &format!("{name}, edit {k} ({what})"));
            checks += 1;
            with_findings += usize::from(!full.diagnostics.is_empty());
            reused += cache.last_check().1;
        }
    }
    println!(
        "{checks} incremental checks on {} resolutions equal full checks ({with_findings} with findings, {reused} clause scans reused)",
        files.len()
    );
    // The oracle compared something: checks with findings, and caches that were used.
    assert!(with_findings * 2 > checks, "{with_findings} of {checks}");
    assert!(
        reused > checks * 5,
        "{reused} scans reused in {checks} checks"
    );
}
