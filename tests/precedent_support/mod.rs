//! Shared by the precedent retrieval test and the precedent benchmark: the corpus, a
//! seeded random generator, and a renewal's small edits to a clause.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use mandate_lint::mandates;
use mandate_lint::precedent::{self, PrecedentIndex};
use mandate_lint::Engine;

/// `../shared/corpus/unsc`, when present.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/unsc");
    dir.is_dir().then_some(dir)
}

/// Says the corpus is missing; under CI (`CI` set) that is a failure.
pub fn corpus_missing(what: &str) {
    let msg = format!("corpus not found at ../shared/corpus/unsc: {what} skipped");
    assert!(
        std::env::var_os("CI").is_none(),
        "{msg} (CI is set: the corpus must be there)"
    );
    println!("{msg}");
}

/// Reads every resolution of `dir` and builds an index in memory.
pub fn build_index(dir: &Path) -> Result<(PrecedentIndex, precedent::BuildReport, usize), String> {
    let engine = Engine::embedded().map_err(|e| e.to_string())?;
    let files = mandates::files_in(dir)?;
    let loaded: Vec<_> = mandates::load_all(&engine, &files, None)
        .into_iter()
        .collect::<Result<_, _>>()?;
    let (bytes, report) = precedent::build(&loaded)?;
    let index =
        PrecedentIndex::from_bytes(Path::new("<memory>"), &bytes).map_err(|e| e.to_string())?;
    Ok((index, report, bytes.len()))
}

/// xorshift64*: a fixed seed gives the same draw on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SUBSTITUTES: [&str; 6] = [
    "further",
    "effective",
    "relevant",
    "continued",
    "national",
    "full",
];

/// What a renewal does to a clause it keeps: every number moves on (dates, paragraph
/// and resolution numbers), every month becomes the next, and one word is changed.
pub fn renewal_edits(text: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            if let Some(i) = MONTHS.iter().position(|m| w.starts_with(m)) {
                let next = MONTHS.get((i + 1) % 12).copied().unwrap_or("January");
                return w.replacen(MONTHS.get(i).copied().unwrap_or(""), next, 1);
            }
            let mut out = String::new();
            let mut digits = String::new();
            for c in w.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_digit() {
                    digits.push(c);
                    continue;
                }
                if !digits.is_empty() {
                    let n: u64 = digits.parse().unwrap_or(0);
                    out.push_str(&(n + 1).to_string());
                    digits.clear();
                }
                if c != ' ' {
                    out.push(c);
                }
            }
            out
        })
        .collect();
    // One word the edits above left alone (letters only, not the opening verb)
    // replaced by another.
    let candidates: Vec<usize> = words
        .iter()
        .zip(text.split_whitespace())
        .enumerate()
        .skip(1)
        .filter(|(_, (w, orig))| w == orig && w.len() >= 4 && w.chars().all(char::is_alphabetic))
        .map(|(i, _)| i)
        .collect();
    if !candidates.is_empty() {
        let at = candidates
            .get(rng.below(candidates.len()))
            .copied()
            .unwrap_or(0);
        let mut sub = SUBSTITUTES
            .get(rng.below(SUBSTITUTES.len()))
            .copied()
            .unwrap_or("full");
        if words.get(at).map(String::as_str) == Some(sub) {
            sub = "wider";
        }
        if let Some(w) = words.get_mut(at) {
            *w = sub.to_string();
        }
    }
    words.join(" ")
}

#[test]
fn renewal_edits_move_numbers_and_months_and_change_one_word() {
    let mut rng = Rng::new(7);
    let text = "Decides to extend the mandate of UNMIT until 26 February 2010, at current authorized levels;";
    let edited = renewal_edits(text, &mut rng);
    assert!(edited.contains("27 March 2011,"), "{edited}");
    let changed = text
        .split_whitespace()
        .zip(edited.split_whitespace())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 4, "{edited}");
}
