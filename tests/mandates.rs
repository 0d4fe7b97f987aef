//! Renewals and mandate mapping on drafts we wrote (`fixtures/renewals/`): a fictional
//! mission, MINUSAR, renewed three times with renumbered, edited, moved and new clauses.

use std::path::{Path, PathBuf};
use std::process::Command;

use mandate_lint::analyse::{Actor, Category, Engagement, Level};
use mandate_lint::mandates::align::{self, Change};
use mandate_lint::mandates::map::{self, By, MissionMap, Row};
use mandate_lint::mandates::{self, diff, history, Resolution};
use mandate_lint::Engine;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new("fixtures/renewals").join(name)
}

fn load(engine: &Engine, name: &str) -> Resolution {
    let path = root().join(fixture(name));
    let mut r = mandates::load(engine, &path).expect("fixture reads");
    // Relative names keep snapshots independent of the checkout location.
    r.name = fixture(name).display().to_string();
    r
}

fn engine() -> Engine {
    Engine::embedded().expect("embedded rules load")
}

fn reference(r: &Resolution, clause: usize) -> &str {
    r.checked
        .doc
        .clauses
        .get(clause)
        .map_or("?", |c| c.reference.as_str())
}

#[test]
fn renumbered_clauses_align_by_content() {
    let e = engine();
    let old = load(&e, "minusar-2021.txt");
    let new = load(&e, "minusar-2022.txt");
    let missions = align::missions_of(&old.checked.analysis, &new.checked.analysis);
    assert_eq!(missions, vec!["MINUSAR"]);
    let a = align::align(&old.checked.doc, &new.checked.doc, &missions);
    let by_ref = |r: &str| {
        a.matches
            .iter()
            .find(|m| reference(&new, m.new_clause) == r)
            .unwrap_or_else(|| panic!("no match row for {r}"))
    };
    // Paragraph 1: only the renewal date changed (masked).
    let p1 = by_ref("1");
    assert_eq!(p1.change, Change::Unchanged);
    assert_eq!(p1.old_clause.map(|o| reference(&old, o)), Some("1"));
    // Old 2 is now 3, word for word.
    let p3 = by_ref("3");
    assert_eq!(p3.change, Change::Unchanged);
    assert_eq!(p3.old_clause.map(|o| reference(&old, o)), Some("2"));
    // Old 3 is now 4, with "gender" added.
    let p4 = by_ref("4");
    assert_eq!(p4.change, Change::Edited);
    assert_eq!(p4.old_clause.map(|o| reference(&old, o)), Some("3"));
    assert!(
        p4.similarity > 0.9 && p4.similarity < 1.0,
        "{}",
        p4.similarity
    );
    assert_eq!(
        align::render_word_diff(&p4.diff),
        "Requests MINUSAR to provide training to the Arcadian Armed Forces on human rights, {+gender+} and international humanitarian law;"
    );
    // Old 4 is now 5; 2 and 6 are new.
    assert_eq!(
        by_ref("5").old_clause.map(|o| reference(&old, o)),
        Some("4")
    );
    assert_eq!(by_ref("5").change, Change::Unchanged);
    assert_eq!(by_ref("2").change, Change::New);
    assert_eq!(by_ref("6").change, Change::New);
    assert!(a.removed.is_empty(), "{:?}", a.removed);
}

#[test]
fn diff_report_counts_dsr_clauses() {
    let e = engine();
    let old = load(&e, "minusar-2021.txt");
    let new = load(&e, "minusar-2022.txt");
    let r = diff::compare(&old, &new);
    assert_eq!(r.new.dsr_tasks, 4);
    assert_eq!(
        (r.dsr.unchanged, r.dsr.edited, r.dsr.new, r.dsr.removed),
        (2, 1, 1, 0)
    );
    let oversight = r
        .clauses
        .iter()
        .find(|c| c.reference == "6")
        .expect("paragraph 6");
    assert!(oversight.dsr);
    assert_eq!(oversight.change, Change::New);
    insta::assert_snapshot!("diff_human_2021_2022", diff::render_human(&r));
    insta::assert_snapshot!("diff_markdown_2021_2022", diff::render_markdown(&r));
}

#[test]
fn sub_paragraphs_moved_into_a_lead_in_are_matched() {
    let e = engine();
    let old = load(&e, "minusar-2022.txt");
    let new = load(&e, "minusar-2023.txt");
    let r = diff::compare(&old, &new);
    let row = |reference: &str| {
        r.clauses
            .iter()
            .find(|c| c.reference == reference)
            .unwrap_or_else(|| panic!("no row {reference}"))
    };
    // "Requests MINUSAR to support …" became "(a) To support …": near-identical.
    assert_eq!(row("3(a)").old_reference.as_deref(), Some("3"));
    assert_eq!(row("3(a)").change, Change::Edited);
    assert!(row("3(a)").similarity >= align::NEAR_IDENTICAL);
    assert_eq!(row("3(b)").old_reference.as_deref(), Some("4"));
    assert_eq!(row("3(c)").old_reference.as_deref(), Some("6"));
    let coordination = row("4");
    assert_eq!(coordination.old_reference.as_deref(), Some("5"));
    assert_eq!(coordination.change, Change::Edited);
    let wd = coordination.word_diff.as_deref().unwrap_or("");
    assert!(
        // Punctuation is not compared, so "partners;" → "partners," is no change.
        wd.ends_with("multilateral partners, {+and to map the assistance they provide;+}"),
        "{wd}"
    );
    // The new lead-in has no counterpart.
    assert_eq!(row("3").change, Change::New);
}

#[test]
fn history_orders_by_masthead_and_dates_each_dsr_clause() {
    let e = engine();
    // Given newest first: the history must reorder them.
    let mut rs = vec![
        load(&e, "minusar-2023.txt"),
        load(&e, "minusar-2021.txt"),
        load(&e, "minusar-2022.txt"),
    ];
    mandates::sort_chronologically(&mut rs);
    let labels: Vec<String> = rs.iter().map(Resolution::label).collect();
    assert_eq!(labels, vec!["2611 (2021)", "2662 (2022)", "2713 (2023)"]);
    let h = history::history(&rs);
    assert_eq!(h.missions, vec!["MINUSAR"]);
    assert_eq!(h.renewals.len(), 2);
    let first = h.renewals.first().expect("first renewal");
    assert_eq!(
        (first.dsr_tasks, first.unchanged, first.edited, first.new),
        (4, 2, 1, 1)
    );
    assert_eq!(first.share_unchanged, Some(0.5));
    let lineage = |r: &str| {
        h.latest
            .iter()
            .find(|l| l.reference == r)
            .unwrap_or_else(|| panic!("no lineage for {r}"))
    };
    assert_eq!(lineage("3(a)").first_seen, "2611 (2021)");
    assert_eq!(lineage("3(a)").unchanged_since, "2713 (2023)");
    assert_eq!(lineage("3(c)").first_seen, "2662 (2022)");
    assert_eq!(
        lineage("3(a)").trail,
        vec!["2713 (2023): 3(a)", "2662 (2022): 3", "2611 (2021): 2"]
    );
    insta::assert_snapshot!("history_human", history::render_human(&h));

    // Up to 2022 the reform clause had stood unchanged since 2021.
    let h2 = history::history(rs.get(..2).expect("two"));
    let reform = h2
        .latest
        .iter()
        .find(|l| l.reference == "3")
        .expect("paragraph 3");
    assert_eq!(reform.change, Change::Unchanged);
    assert_eq!(reform.unchanged_since, "2611 (2021)");
    assert_eq!(reform.renewed_unchanged, 1);
}

#[test]
fn map_codes_columns_and_judges_comprehensiveness() {
    let e = engine();
    let mut rs = vec![load(&e, "minusar-2022.txt"), load(&e, "minusar-2021.txt")];
    mandates::sort_chronologically(&mut rs);
    let by_res = map::map(&rs, By::Resolution, &MissionMap::default());
    assert_eq!(by_res.columns.len(), 2);
    let c2021 = by_res.columns.first().expect("2021 column");
    assert_eq!(c2021.label, "2611 (2021) MINUSAR");
    assert_eq!(c2021.dsr_tasks, 3);
    assert!(c2021.ticked(Row::Category(Category::ForceStructure)));
    assert!(!c2021.ticked(Row::Category(Category::GovernanceOversight)));
    assert!(c2021.ticked(Row::Engagement(Engagement::Political)));
    assert!(c2021.ticked(Row::Level(Level::Tactical)));
    // The coordination clause names no national actor.
    assert!(c2021.ticked(Row::ActorNotSpecified));
    assert!(!c2021.ticked(Row::Actor(Actor::Legislature)));
    let c2022 = by_res.columns.get(1).expect("2022 column");
    assert!(c2022.ticked(Row::Actor(Actor::Legislature)));
    assert!(c2022.ticked(Row::Actor(Actor::CivilSociety)));
    assert_eq!(c2022.categories, 5);
    // Five categories, political and technical, strategic — but nothing equips the
    // institutions with resources (payroll, procurement, logistics): not comprehensive
    // by the study's test (para 11, note 17; Figure 2).
    assert!(!c2022.comprehensive);
    assert_eq!(c2022.missing, vec!["no operational level".to_string()]);

    let by_mission = map::map(&rs, By::Mission, &MissionMap::default());
    assert_eq!(by_mission.columns.len(), 1);
    let m = by_mission.columns.first().expect("mission column");
    assert_eq!(
        (m.label.as_str(), m.dsr_tasks, m.inputs.len()),
        ("MINUSAR", 7, 2)
    );

    // A user CSV overrides the mission found in the text.
    let csv = MissionMap::parse(
        "file,mission\nminusar-2021.txt,OLDMISSION\n2662,NEWMISSION\n",
        "m.csv",
    )
    .expect("valid csv");
    let renamed = map::map(&rs, By::Mission, &csv);
    let labels: Vec<&str> = renamed.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, vec!["NEWMISSION", "OLDMISSION"]);

    insta::assert_snapshot!(
        "map_csv_by_resolution",
        mandate_lint::report::map::render_csv(&by_res)
    );
}

#[test]
fn map_html_links_every_tick_to_an_anchor_and_loads_nothing() {
    let e = engine();
    let rs = vec![load(&e, "minusar-2021.txt"), load(&e, "minusar-2022.txt")];
    let report = map::map(&rs, By::Resolution, &MissionMap::default());
    let html = mandate_lint::report::map::render_html(&report);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>"));
    for forbidden in [
        "<script", "<link", "src=", "http://", "https://", "@import", "url(",
    ] {
        assert!(!html.contains(forbidden), "HTML contains {forbidden}");
    }
    let mut links = 0;
    for part in html.split("href=\"#").skip(1) {
        let target = part.split('"').next().unwrap_or("");
        assert!(
            html.contains(&format!("id=\"{target}\"")),
            "link to #{target} has no anchor"
        );
        links += 1;
    }
    let ticks = html.matches(">✓</a>").count();
    assert!(ticks >= 20, "{ticks} ticks");
    assert!(links > ticks, "ticks link to cells, cells to clauses");
    // The clause text is on the page with its file.
    assert!(html.contains("fixtures/renewals/minusar-2022.txt"));
    assert!(html.contains("defence committee of the National Assembly"));
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mandate-lint"));
    c.current_dir(root());
    c
}

#[test]
fn cli_diff_json_and_history_markdown() {
    let out = bin()
        .args([
            "diff",
            "fixtures/renewals/minusar-2021.txt",
            "fixtures/renewals/minusar-2022.txt",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["new"]["resolution"], "2662 (2022)");
    assert_eq!(v["dsr"]["unchanged"], 2);
    let edited: Vec<&serde_json::Value> = v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter(|c| c["change"] == "edited")
        .collect();
    assert_eq!(edited.len(), 1);
    assert_eq!(
        edited.first().map(|c| &c["old_reference"]),
        Some(&serde_json::json!("3"))
    );

    let out = bin()
        .args([
            "history",
            "fixtures/renewals/minusar-2023.txt",
            "fixtures/renewals/minusar-2021.txt",
            "fixtures/renewals/minusar-2022.txt",
            "--format",
            "markdown",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("| 2611 (2021) → 2662 (2022) | 4 | 2 | 1 | 1 | 50% |"),
        "{md}"
    );
}

#[test]
fn cli_map_formats_and_directory_input() {
    for (format, needle) in [
        ("csv", "group,row,MINUSAR\n"),
        ("markdown", "| | **Comprehensive** | no |"),
        ("json", "\"by\": \"mission\""),
        ("html", "<table class=\"grid\">"),
    ] {
        let out = bin()
            .args(["map", "fixtures/renewals", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: {text}");
        // No progress bar when stderr is not a terminal.
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn cli_bad_input_is_one_line_exit_2() {
    let out = bin()
        .args([
            "diff",
            "fixtures/renewals/minusar-2021.txt",
            "fixtures/renewals/nope.txt",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("fixtures/renewals/nope.txt"), "{err}");

    let dir = std::env::temp_dir().join(format!("mandates-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let csv = dir.join("missions.csv");
    std::fs::write(&csv, "file,mission\njust one field\n").expect("write");
    let out = bin()
        .args(["map", "fixtures/renewals", "--missions"])
        .arg(&csv)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missions.csv:2:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
