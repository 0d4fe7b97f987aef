//! How the DSR analysis agrees with expert coders, in one table
//! (`cargo test --release --test accuracy -- --nocapture`):
//!
//! - PEMA `MilitaryReform_*` (Di Salvatore et al. 2022), paragraph by paragraph, on both
//!   development files: a PEMA paragraph is found when the analysis marks a DSR task
//!   (explicit or implicit) in that operative paragraph;
//! - DCAF 2020 Annex Table 1, cell by cell (11 missions × 24 coding rows), from the
//!   explicit DSR tasks of each mission's 2006–2016 mandates;
//! - the study's headline figures beside ours.
//!
//! Floors are asserted at what the analysis reaches, so a later change cannot lose
//! accuracy silently. The definitions behind the figures are in docs/coding-guide.md.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use mandate_lint::analyse::{Actor, Category, DsrScope, Engagement, Level};
use mandate_lint::mandates::map::Row;
use mandate_lint::model::SourceFormat;
use mandate_lint::Engine;

use support::dcaf::{self, Scope};
use support::{pct, ratio};

struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Prf {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Paragraph-level agreement with one PEMA file.
fn pema(engine: &Engine, file: &str) -> Option<(Prf, Vec<String>, Vec<String>)> {
    let path = support::shared_data::shared(&format!("corpus/pema/{file}"), "the PEMA agreement")?;
    let unsc = support::shared_data::shared("corpus/unsc", "the PEMA agreement")?;
    let gold = match support::pema::load(&path) {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    };
    let mut prf = Prf {
        tp: 0,
        fp: 0,
        fn_: 0,
    };
    let (mut misses, mut alarms) = (Vec::new(), Vec::new());
    for (sig, g) in &gold {
        let Some(text_path) = support::text_file(&unsc, sig) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&text_path) else {
            continue;
        };
        let checked = engine.check(text, SourceFormat::Text, &Default::default());
        let numbers: BTreeSet<u32> = checked
            .doc
            .operative_paragraphs()
            .filter_map(|(_, c)| c.label.as_ref().map(|l| l.value))
            .collect();
        let gold_paras: BTreeSet<u32> = g
            .paragraphs
            .iter()
            .copied()
            .filter(|n| numbers.contains(n))
            .collect();
        let predicted: BTreeSet<u32> = checked
            .analysis
            .dsr_clauses()
            .filter_map(|(i, _)| checked.doc.clauses.get(i))
            .filter(|c| c.is_operative())
            .filter_map(|c| c.top_number(&checked.doc).map(|l| l.value))
            .collect();
        prf.tp += gold_paras.intersection(&predicted).count();
        for n in gold_paras.difference(&predicted) {
            prf.fn_ += 1;
            misses.push(format!("{sig} {} op. {n}", g.mission));
        }
        for n in predicted.difference(&gold_paras) {
            prf.fp += 1;
            alarms.push(format!("{sig} {} op. {n}", g.mission));
        }
    }
    Some((prf, misses, alarms))
}

#[test]
fn accuracy_against_expert_coding() {
    let engine = match Engine::embedded() {
        Ok(e) => e,
        Err(e) => panic!("embedded rules must load: {e}"),
    };
    let (Some(unsc), Some(seed_path)) = (
        support::shared_data::shared("corpus/unsc", "the accuracy harness"),
        support::shared_data::shared(
            "seeds/dcaf-2020-dsr-mandates-mapping.txt",
            "the accuracy harness",
        ),
    ) else {
        return;
    };
    let mut table: Vec<(String, String, String)> = Vec::new();
    let mut row = |measure: &str, ours: String, reference: &str| {
        table.push((measure.to_string(), ours, reference.to_string()));
    };

    // --- PEMA, paragraph level -------------------------------------------------------
    let mut pema_results = Vec::new();
    for file in ["PEMA_dcaf_missions.dev.csv", "PEMA_raw_v2.dev.csv"] {
        let Some((prf, misses, alarms)) = pema(&engine, file) else {
            return;
        };
        let (recall_floor, precision_floor) = pema_floors(file);
        row(
            &format!("PEMA {file}: recall"),
            format!("{:.3} ({}/{})", prf.recall(), prf.tp, prf.tp + prf.fn_),
            &format!("floor {recall_floor:.2}"),
        );
        row(
            &format!("PEMA {file}: precision"),
            format!("{:.3} ({}/{})", prf.precision(), prf.tp, prf.tp + prf.fp),
            &format!("floor {precision_floor:.2}"),
        );
        println!("PEMA {file} missed: {}", misses.join("; "));
        println!("PEMA {file} false alarms: {}", alarms.join("; "));
        pema_results.push((file, prf));
    }

    // --- DCAF Table 1, cell by cell --------------------------------------------------
    let seed = std::fs::read_to_string(&seed_path).unwrap_or_default();
    let gold = dcaf::table_1(&seed);
    assert_eq!(
        gold.len(),
        11,
        "Table 1 has 11 mission columns: {:?}",
        gold.keys()
    );
    let selected = dcaf::selection(&engine, &unsc);
    let mut by_chain: BTreeMap<&str, Vec<&mandate_lint::mandates::Resolution>> = BTreeMap::new();
    for (r, m) in &selected {
        by_chain.entry(dcaf::chain_of(m)).or_default().push(r);
    }
    let mut cells = Prf {
        tp: 0,
        fp: 0,
        fn_: 0,
    };
    for (mission, gold_rows) in &gold {
        let ours = dcaf::rows_of(
            by_chain
                .get(mission.as_str())
                .into_iter()
                .flatten()
                .flat_map(|r| dcaf::tasks(r, Scope::Explicit)),
        );
        let extra: Vec<String> = ours.difference(gold_rows).map(|r| r.slug()).collect();
        let missing: Vec<String> = gold_rows.difference(&ours).map(|r| r.slug()).collect();
        cells.tp += ours.intersection(gold_rows).count();
        cells.fp += extra.len();
        cells.fn_ += missing.len();
        println!(
            "DCAF Table 1 {mission:<14} extra: [{}] missing: [{}]",
            extra.join(", "),
            missing.join(", ")
        );
    }
    row(
        "DCAF Table 1 cells: precision",
        format!(
            "{:.3} ({}/{})",
            cells.precision(),
            cells.tp,
            cells.tp + cells.fp
        ),
        "",
    );
    row(
        "DCAF Table 1 cells: recall",
        format!(
            "{:.3} ({}/{})",
            cells.recall(),
            cells.tp,
            cells.tp + cells.fn_
        ),
        "",
    );
    row(
        "DCAF Table 1 cells: F1",
        format!("{:.3}", cells.f1()),
        "floor 0.85",
    );

    // --- The study's headline figures ------------------------------------------------
    let pko: Vec<&mandate_lint::mandates::Resolution> = selected.iter().map(|(r, _)| r).collect();
    let chains: Vec<Vec<dcaf::MandateCoding>> = by_chain
        .values()
        .map(|rs| dcaf::mandate_chain(rs, Scope::All))
        .collect();
    let explicit_chains: Vec<Vec<dcaf::MandateCoding>> = by_chain
        .values()
        .map(|rs| dcaf::mandate_chain(rs, Scope::Explicit))
        .collect();
    let all_mandates: Vec<&dcaf::MandateCoding> = chains.iter().flatten().collect();
    let dsr_mandates = all_mandates.iter().filter(|m| m.is_dsr()).count();
    let own = all_mandates.iter().filter(|m| m.own).count();
    row(
        "PKO mandates 2006–2016 with DSR references",
        format!(
            "{dsr_mandates} of {} ({own} state DSR tasks, {} renew a mandate that holds them)",
            pko.len(),
            dsr_mandates - own
        ),
        "69 (para 20)",
    );
    let tasks: Vec<&mandate_lint::analyse::Task> = pko
        .iter()
        .flat_map(|r| dcaf::tasks(r, Scope::Explicit))
        .collect();
    let n = tasks.len();
    let share = |f: &dyn Fn(&mandate_lint::analyse::Task) -> bool| {
        let k = tasks.iter().filter(|t| f(t)).count();
        format!("{} ({k} of {n} explicit mission tasks)", pct(k, n))
    };
    row(
        "tasks technical",
        share(&|t| t.engagement.contains(&Engagement::Technical)),
        "62% (para 23)",
    );
    row(
        "tasks political",
        share(&|t| t.engagement.contains(&Engagement::Political)),
        "20% (para 23)",
    );
    row(
        "tasks strategic",
        share(&|t| t.levels.contains(&Level::Strategic)),
        "over 50% (para 25)",
    );
    row(
        "tasks operational",
        share(&|t| t.levels.contains(&Level::Operational)),
        "7% (para 25)",
    );
    row(
        "tasks tactical",
        share(&|t| t.levels.contains(&Level::Tactical)),
        "16% (para 25)",
    );
    row(
        "tasks force structure",
        share(&|t| t.categories.contains(&Category::ForceStructure)),
        "32% (para 30)",
    );
    row(
        "tasks coordination",
        share(&|t| t.categories.contains(&Category::Coordination)),
        "11% (para 31)",
    );
    row(
        "tasks governance and oversight",
        share(&|t| t.categories.contains(&Category::GovernanceOversight)),
        "9% (para 31)",
    );
    let explicit_mandates: Vec<&dcaf::MandateCoding> = explicit_chains
        .iter()
        .flatten()
        .filter(|m| m.is_dsr())
        .collect();
    let mandates_with = |row_wanted: Row| {
        let k = explicit_mandates
            .iter()
            .filter(|m| m.rows.contains(&row_wanted))
            .count();
        format!(
            "{} ({k} of {} DSR mandates)",
            pct(k, explicit_mandates.len()),
            explicit_mandates.len()
        )
    };
    row(
        "mandates naming \"the government\"",
        mandates_with(Row::Actor(Actor::Government)),
        "55% (para 28)",
    );
    row(
        "mandates naming the armed forces",
        mandates_with(Row::Actor(Actor::ArmedForces)),
        "59% (para 28)",
    );
    // Renewals: a DSR mandate that follows another keeps its DCAF coding.
    let (mut renewals, mut same) = (0usize, 0usize);
    for chain in &chains {
        let mut previous: Option<&dcaf::MandateCoding> = None;
        for m in chain.iter().filter(|m| m.is_dsr()) {
            if let Some(p) = previous {
                renewals += 1;
                if m.rows == p.rows {
                    same += 1;
                } else {
                    let added: Vec<String> = m.rows.difference(&p.rows).map(|r| r.slug()).collect();
                    let dropped: Vec<String> =
                        p.rows.difference(&m.rows).map(|r| r.slug()).collect();
                    println!(
                        "renewal {} → {}: + [{}] − [{}]",
                        p.label,
                        m.label,
                        added.join(", "),
                        dropped.join(", ")
                    );
                }
            }
            previous = Some(m);
        }
    }
    let renewed_same = ratio(same, renewals);
    row(
        "DSR mandates renewed without change of coding",
        format!("{} ({same} of {renewals})", pct(same, renewals)),
        "71% (para 36)",
    );
    let implicit_only = pko
        .iter()
        .filter(|r| {
            dcaf::tasks(r, Scope::All).next().is_some()
                && !r
                    .checked
                    .analysis
                    .clauses
                    .iter()
                    .any(|c| c.dsr == Some(DsrScope::Explicit))
        })
        .count();
    row(
        "resolutions whose DSR tasks are all implicit (SSR umbrella)",
        format!("{implicit_only}"),
        "paras 3, 21",
    );

    println!("\n| measure | mandate-lint | study / aim |\n|---|---|---|");
    for (m, ours, reference) in &table {
        println!("| {m} | {ours} | {reference} |");
    }

    // The floors: what the analysis reaches on the development data, a little below, so
    // that a change which loses agreement with the coders fails here.
    for (file, prf) in &pema_results {
        let (recall_floor, precision_floor) = pema_floors(file);
        assert!(
            prf.recall() >= recall_floor,
            "PEMA {file} recall {:.3} < {recall_floor}",
            prf.recall()
        );
        assert!(
            prf.precision() >= precision_floor,
            "PEMA {file} precision {:.3} < {precision_floor}",
            prf.precision()
        );
    }
    assert!(
        cells.f1() >= 0.85,
        "DCAF Table 1 cell F1 {:.3} < 0.85",
        cells.f1()
    );
    assert!(
        cells.precision() >= 0.80,
        "DCAF Table 1 cell precision {:.3}",
        cells.precision()
    );
    // The study counts 69 DSR mandates; within ±10% of it.
    assert!(
        (62..=76).contains(&dsr_mandates),
        "PKO mandates with DSR references: {dsr_mandates}, study 69"
    );
    // The study: 71% renewed without changes; the coding must be stable across small edits.
    assert!(
        (0.56..=0.86).contains(&renewed_same),
        "renewed without change of coding: {renewed_same:.2}, study 0.71"
    );
}

/// Recall and precision floors per PEMA file. The raw file's recall is lower by design:
/// PEMA codes monitoring of armed forces, police reform and liaison as military reform,
/// which DCAF (and docs/coding-guide.md §6) do not count as DSR tasks.
fn pema_floors(file: &str) -> (f64, f64) {
    if file.contains("dcaf") {
        (0.85, 0.80)
    } else {
        (0.70, 0.75)
    }
}
