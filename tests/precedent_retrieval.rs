//! Precedent retrieval on the real corpus (`../shared/corpus/unsc`, when present; under
//! CI its absence fails):
//!
//! - 300 operative clauses drawn at random (fixed seed); each is left out of the
//!   results and given a renewal's small edits (numbers and months moved on, one word
//!   changed); where the corpus holds another version at least 90% similar to the
//!   original, the resolution carrying the nearest other version must come first in
//!   at least 90% of cases;
//! - `--first` on UNMIT's DSR paragraph 4 of resolution 1867 (2009) names 1867 (2009)
//!   itself: checked by hand against 1704 (2006), 1745 (2007) and 1802 (2008), which
//!   carry different security-sector language (no "delineate", no "civilian oversight");
//! - filling DSR gaps and completion work on the corpus.
//!
//! The index is built once per test binary. Run with `--nocapture` for the figures.

mod precedent_support;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use mandate_lint::mandates::align::{self, Interner};
use mandate_lint::precedent::{ContextKind, DraftContext, Gap, PrecedentIndex, Query};
use precedent_support::{build_index, corpus_dir, corpus_missing, renewal_edits, Rng};

const DRAWN: usize = 300;
const SEED: u64 = 13;
const FLOOR: f64 = 0.90;

fn index() -> Option<&'static PrecedentIndex> {
    static INDEX: OnceLock<Option<PrecedentIndex>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = corpus_dir()?;
            match build_index(&dir) {
                Ok((index, report, bytes)) => {
                    println!(
                        "index: {} resolutions, {} clauses, {bytes} bytes",
                        report.resolutions, report.clauses
                    );
                    Some(index)
                }
                Err(e) => panic!("building the corpus index failed: {e}"),
            }
        })
        .as_ref()
}

#[test]
fn nearest_other_version_is_found_first() {
    let Some(index) = index() else {
        corpus_missing("precedent retrieval test");
        return;
    };
    // Every clause as words masked with its own mission, for a cheap first pass; the
    // exact `diff` similarity (both missions masked) decides.
    let mut interner = Interner::default();
    let hits: Vec<_> = index.ids().filter_map(|id| index.hit(id, 1.0)).collect();
    let units: Vec<_> = hits
        .iter()
        .map(|h| {
            let missions: Vec<&str> = h.mission.as_deref().into_iter().collect();
            interner.unit(h.id.0 as usize, align::words(&h.text, &missions), 0.0)
        })
        .collect();
    let mut rng = Rng::new(SEED);
    let (mut eligible, mut first, mut drawn) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    while drawn < DRAWN {
        let pick = rng.below(hits.len());
        let (Some(h), Some(u)) = (hits.get(pick), units.get(pick)) else {
            continue;
        };
        drawn += 1;
        let mission = h.mission.as_deref();
        // The nearest other version of the original clause, and every resolution that
        // carries it.
        let mut best = 0.0f64;
        let mut carriers: BTreeSet<u32> = BTreeSet::new();
        for (other, ou) in hits.iter().zip(&units) {
            if other.id == h.id || align::similarity_at_least(u, ou, 0.8).is_none() {
                continue;
            }
            let s = index.similarity_to(&h.text, mission, other.id);
            let res = index.resolution_of(other.id).unwrap_or(u32::MAX);
            if s > best + 1e-12 {
                best = s;
                carriers = BTreeSet::from([res]);
            } else if (s - best).abs() <= 1e-12 {
                carriers.insert(res);
            }
        }
        if best < 0.9 {
            continue;
        }
        eligible += 1;
        let edited = renewal_edits(&h.text, &mut rng);
        let top = index.search(&Query {
            text: &edited,
            mission,
            limit: 1,
            exclude: Some(h.id),
        });
        let found = top
            .first()
            .and_then(|t| index.resolution_of(t.id))
            .is_some_and(|r| carriers.contains(&r));
        if found {
            first += 1;
        } else {
            misses.push(format!(
                "{} ({:.0}% other version): got {}",
                h.citation(),
                best * 100.0,
                top.first()
                    .map(|t| format!("{} at {:.1}%", t.citation(), t.similarity * 100.0))
                    .unwrap_or_else(|| "nothing".into())
            ));
        }
    }
    let share = first as f64 / eligible.max(1) as f64;
    println!(
        "precedent retrieval: {drawn} clauses drawn (seed {SEED}), {eligible} with another version ≥ 90%; \
         nearest other version's resolution at rank 1 in {first} ({:.1}%; floor {:.0}%)",
        share * 100.0,
        FLOOR * 100.0
    );
    for m in misses.iter().take(10) {
        println!("  miss: {m}");
    }
    assert!(
        eligible >= 50,
        "too few eligible clauses ({eligible}) to measure"
    );
    assert!(
        share >= FLOOR,
        "rank-1 share {share:.3} below the floor {FLOOR}"
    );
}

#[test]
fn unmit_oversight_paragraph_first_stood_in_1867() {
    let Some(index) = index() else {
        corpus_missing("UNMIT first-use test");
        return;
    };
    let para4 = index
        .ids()
        .filter_map(|id| index.hit(id, 1.0))
        .find(|h| h.number == 1867 && h.reference == "4")
        .map(|h| h.text);
    let Some(text) = para4 else {
        panic!("1867 (2009) para 4 not in the index");
    };
    assert!(text.contains("civilian oversight"), "{text}");
    let first = index.first_use_for(
        &Query {
            mission: Some("UNMIT"),
            ..Query::new(&text)
        },
        0.9,
    );
    let chain: Vec<String> = first.versions.iter().map(|h| h.citation()).collect();
    println!("1867 para 4 chain: {chain:?}");
    assert_eq!(
        chain,
        vec![
            "S/RES/1867 (2009) para 4",
            "S/RES/1912 (2010) para 4",
            "S/RES/1969 (2011) para 4"
        ]
    );
    // 2037 (2012) para 4 carries the oversight language too, but rewritten (80%).
    let s2037 = index
        .nearest(&text, 10)
        .into_iter()
        .find(|h| h.number == 2037)
        .map(|h| h.similarity);
    assert!(s2037.is_some_and(|s| (0.6..0.9).contains(&s)), "{s2037:?}");
}

#[test]
fn gaps_are_filled_from_the_corpus_with_the_drafts_mission() {
    let Some(index) = index() else {
        corpus_missing("precedent gap test");
        return;
    };
    let draft = DraftContext {
        mission: Some("UNSMV".into()),
        mission_name: Some("United Nations Support Mission in Valdoria".into()),
        country: Some("Valdoria".into()),
        demonym: None,
        text: "Requests UNSMV to support the reform of the defence sector".into(),
    };
    let oversight = index.fill_gap(Gap::CivilianOversight, &draft);
    let Some(fill) = oversight else {
        panic!("no precedent for civilian oversight");
    };
    println!("DSR006: {} → {}", fill.citation, fill.text);
    assert!(fill
        .hit
        .coding
        .lexicons
        .iter()
        .any(|l| l == "civilian-oversight"));
    assert!(fill.title.starts_with("Insert agreed language from S/RES/"));
    if let Some(m) = &fill.hit.mission {
        assert!(
            !fill.text.contains(m.as_str()) || m == "UNSMV",
            "{}",
            fill.text
        );
    }
    let mut filled = 0;
    for gap in Gap::ALL {
        if let Some(f) = index.fill_gap(gap, &draft) {
            println!("{}: {} → {}", gap.rule(), f.citation, f.text);
            filled += 1;
        } else {
            println!("{}: no precedent", gap.rule());
        }
    }
    assert!(
        filled >= 12,
        "only {filled} of 15 gaps filled from the corpus"
    );
    let tasks = index.by_context(ContextKind::DsrTaskList, "To support the", &draft, 5);
    assert!(!tasks.is_empty());
    assert!(tasks.iter().all(|h| h.coding.dsr_task && h.depth > 0));
}
