//! The precedent library API that check, hover, completion and quick fixes will call,
//! on a collection we wrote (`fixtures/precedents/`: three UNIMV mandates for
//! Valdoria, 2031–2033, in text, Markdown and Akoma Ntoso; two MINUSREL mandates, the
//! second with a paragraph on sequencing; a presidential statement that is no
//! resolution) and a draft for another mission
//! (`tests/data/precedent-draft.txt`, UNAMAR in Arcadia).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mandate_lint::config::Config;
use mandate_lint::input::{self, Limits};
use mandate_lint::mandates;
use mandate_lint::precedent::{
    self, ContextKind, DraftContext, Gap, PrecedentIndex, Query, Tenet, FORMAT_VERSION,
};
use mandate_lint::{CheckOptions, Engine};

const OVERSIGHT_3150: &str = "To support, through good offices and technical advice, the strengthening of civilian and parliamentary oversight of the Valdorian Armed Forces, including the defence committee of the National Assembly of Valdoria;";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture collection's index file, built once per test binary.
fn index_bytes() -> &'static (Vec<u8>, precedent::BuildReport) {
    static BYTES: OnceLock<(Vec<u8>, precedent::BuildReport)> = OnceLock::new();
    BYTES.get_or_init(|| {
        let engine = Engine::embedded().expect("embedded rules load");
        let files = mandates::files_in(&root().join("fixtures/precedents")).expect("fixtures");
        let loaded: Vec<_> = mandates::load_all(&engine, &files, None)
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("fixtures read");
        precedent::build(&loaded).expect("index builds")
    })
}

fn index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        PrecedentIndex::from_bytes(Path::new("fixtures.mlpi"), &index_bytes().0)
            .expect("index reads back")
    })
}

fn draft() -> DraftContext {
    let path = root().join("tests/data/precedent-draft.txt");
    let source = input::read_path(&path, &Limits::default()).expect("draft reads");
    let engine = Engine::embedded().expect("rules");
    let checked = engine.check(source.text, source.format, &CheckOptions::default());
    DraftContext::from_checked(&checked)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "mandate-lint-precedent-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn the_build_reads_text_markdown_and_akoma_ntoso_and_leaves_out_statements() {
    let report = &index_bytes().1;
    assert_eq!(report.resolutions, 5, "{report:?}");
    assert_eq!(
        (report.first_year, report.last_year),
        (Some(2031), Some(2034))
    );
    assert_eq!(report.skipped.len(), 1);
    assert!(report
        .skipped
        .iter()
        .all(|s| s.file.ends_with("S-PRST-2032-4.txt")));
    let akn = index()
        .ids()
        .filter_map(|id| index().hit(id, 1.0))
        .find(|h| h.number == 3199 && h.reference == "2(b)");
    let akn = akn.expect("the Akoma Ntoso resolution is indexed");
    assert_eq!(akn.date.as_deref(), Some("14 March 2033"));
    assert!(akn
        .text
        .starts_with("To advise the Ministry of Defence on defence budgeting"));
}

#[test]
fn nearest_ranks_by_diff_similarity_most_recent_first_with_coding() {
    let hits = index().nearest(OVERSIGHT_3150, 3);
    let got: Vec<(String, u32)> = hits.iter().map(|h| (h.citation(), h.percent())).collect();
    assert_eq!(
        got,
        vec![
            ("S/RES/3150 (2032) para 2(b)".to_string(), 100),
            ("S/RES/3101 (2031) para 2(b)".to_string(), 100),
            ("S/RES/3199 (2033) para 2(a)".to_string(), 92),
        ]
    );
    let best = hits.first().expect("a hit");
    assert_eq!(best.symbol, "S/RES/3150 (2032)");
    assert_eq!(best.year, Some(2032));
    assert_eq!(best.date.as_deref(), Some("13 March 2032"));
    assert_eq!(best.mission.as_deref(), Some("UNIMV"));
    assert!(best.coding.dsr_task);
    assert!(best
        .coding
        .lexicons
        .iter()
        .any(|l| l == "civilian-oversight"));
    assert_eq!(best.coding.verb.as_deref(), Some("requests"));
    // The same measure as `diff`: numbers, months and the mission acronym are masked.
    let renewed = "Decides to extend the mandate of the United Nations Integrated Mission in Valdoria (UNAMAR) until 31 December 2040;";
    let top = index().search(&Query {
        mission: Some("UNAMAR"),
        ..Query::new(renewed)
    });
    let top: Vec<(String, u32)> = top.iter().map(|h| (h.citation(), h.percent())).collect();
    assert_eq!(
        top.get(..2),
        Some(
            &[
                ("S/RES/3199 (2033) para 1".to_string(), 100),
                ("S/RES/3150 (2032) para 1".to_string(), 100)
            ][..]
        )
    );
}

#[test]
fn first_use_names_the_earliest_resolution_and_the_versions() {
    let first = index().first_use(OVERSIGHT_3150, 0.9);
    let chain: Vec<String> = first.versions.iter().map(|h| h.citation()).collect();
    assert_eq!(
        chain,
        vec![
            "S/RES/3101 (2031) para 2(b)",
            "S/RES/3150 (2032) para 2(b)",
            "S/RES/3199 (2033) para 2(a)"
        ]
    );
    assert_eq!(first.first().map(|h| h.number), Some(3101));
    let none = index().first_use(
        "Decides to establish a commission on fisheries in the Arctic",
        0.9,
    );
    assert!(none.versions.is_empty());
}

#[test]
fn a_query_can_leave_out_its_own_clause() {
    let own = index()
        .nearest(OVERSIGHT_3150, 1)
        .first()
        .map(|h| h.id)
        .expect("a hit");
    let others = index().search(&Query {
        exclude: Some(own),
        limit: 5,
        ..Query::new(OVERSIGHT_3150)
    });
    assert!(others.iter().all(|h| h.id != own));
    assert_eq!(others.first().map(|h| h.number), Some(3101));
}

#[test]
fn a_mission_named_in_free_text_is_masked() {
    let text = "Requests UNIMV, in line with the Lumen Agreement, to support a nationally owned and inclusive reform of the defence sector and to carry out the following tasks:";
    let hit = index().nearest(text, 1);
    assert!(hit.first().is_some_and(|h| h.percent() == 100), "{hit:?}");
    // Another mission's acronym in the same place: still the same clause once masked,
    // when the query says which mission it is for.
    let other = text.replace("UNIMV", "UNAMAR");
    let hit = index().search(&Query {
        mission: Some("UNAMAR"),
        ..Query::new(&other)
    });
    assert!(hit.first().is_some_and(|h| h.percent() == 100), "{hit:?}");
}

#[test]
fn draft_context_comes_from_a_checked_draft() {
    let d = draft();
    assert_eq!(d.mission.as_deref(), Some("UNAMAR"));
    assert_eq!(
        d.mission_name.as_deref(),
        Some("United Nations Assistance Mission in Arcadia")
    );
    assert_eq!(d.country.as_deref(), Some("Arcadia"));
    assert!(d.text.contains("civilian oversight"), "{}", d.text);
}

#[test]
fn gaps_are_filled_with_cited_clauses_in_the_drafts_words() {
    let d = draft();
    let fill = index()
        .fill_gap(Gap::CivilianOversight, &d)
        .expect("a precedent for civilian oversight");
    assert_eq!(fill.citation, "S/RES/3199 (2033) para 2(a)");
    assert_eq!(
        fill.title,
        "Insert agreed language from S/RES/3199 (2033) para 2(a)"
    );
    assert_eq!(
        fill.text,
        "To support, through good offices and technical advice, the strengthening of civilian and parliamentary oversight of the Arcadian Armed Forces, including the defence and security committee of the National Assembly of Arcadia and civil society;",
        "the country's adjective too, as the draft uses one (\"Arcadian\")"
    );
    let cite = |gap: Gap| index().fill_gap(gap, &d).map(|f| f.citation);
    assert_eq!(
        cite(Gap::Reporting).as_deref(),
        Some("S/RES/3199 (2033) para 3")
    );
    assert_eq!(
        cite(Gap::GenderAnalysisInReporting).as_deref(),
        Some("S/RES/3199 (2033) para 3")
    );
    assert_eq!(
        cite(Gap::CoordinationMapping).as_deref(),
        Some("S/RES/3150 (2032) para 2(d)")
    );
    assert_eq!(
        cite(Gap::ManagementSupport).as_deref(),
        Some("S/RES/3199 (2033) para 2(b)")
    );
    assert_eq!(
        cite(Gap::Tenet(Tenet::Gender)).as_deref(),
        Some("S/RES/3150 (2032) para 2(c)")
    );
    // No adopted operative clause here cites resolution 2151: no second quick fix.
    assert_eq!(cite(Gap::Reference2151), None);
    // The rule layer maps findings to gaps.
    assert_eq!(Gap::for_rule("DSR006", None), Some(Gap::CivilianOversight));
    assert_eq!(
        Gap::for_rule("DSR002", Some("national-ownership")),
        Some(Gap::Tenet(Tenet::NationalOwnership))
    );
}

#[test]
fn adapt_to_draft_replaces_mission_name_acronym_and_country() {
    let hit = index()
        .ids()
        .filter_map(|id| index().hit(id, 1.0))
        .find(|h| h.number == 3160 && h.reference == "2")
        .expect("MINUSREL para 2");
    let adapted = index().adapt_to_draft(
        &hit,
        Some("United Nations Assistance Mission in Arcadia"),
        Some("UNAMAR"),
    );
    assert_eq!(
        adapted,
        "Requests UNAMAR to support the Government of Arcadia in the reform of the Lorem Defence Forces, including through advice on civilian control of the armed forces and on the accountability of the defence sector;"
    );
    // Nothing known about the draft: the precedent as adopted.
    assert_eq!(index().adapt_to_draft(&hit, None, None), hit.text);
}

#[test]
fn completion_offers_precedents_that_fit_the_context() {
    let d = draft();
    let tasks = index().by_context(ContextKind::DsrTaskList, "", &d, 3);
    let refs: Vec<String> = tasks.iter().map(|h| h.citation()).collect();
    // The most recent DSR sub-paragraphs; MINUSREL's DSR task is a paragraph.
    assert_eq!(
        refs,
        vec![
            "S/RES/3199 (2033) para 2(a)",
            "S/RES/3199 (2033) para 2(b)",
            "S/RES/3150 (2032) para 2(a)"
        ]
    );
    assert!(
        tasks.iter().all(|h| h.coding.dsr_task && h.depth > 0),
        "{refs:?}"
    );
    let typed = index().by_context(ContextKind::DsrTaskList, "To map the", &d, 2);
    assert_eq!(
        typed.first().map(|h| h.citation()).as_deref(),
        Some("S/RES/3150 (2032) para 2(d)")
    );
    let reporting = index().by_context(ContextKind::Reporting, "", &d, 5);
    // Three mandates carry the same reporting paragraph: offered once.
    assert_eq!(
        reporting.iter().map(|h| h.citation()).collect::<Vec<_>>(),
        vec!["S/RES/3199 (2033) para 3", "S/RES/3160 (2032) para 3"]
    );
}

#[test]
fn unicode_queries_do_not_panic() {
    for q in [
        "To support — “civilian oversight” of the forces armées, médiateur’s office;",
        "—",
        "",
        "é",
    ] {
        let _ = index().nearest(q, 5);
        let _ = index().first_use(q, 0.9);
        let _ = index().by_context(ContextKind::DsrTaskList, q, &DraftContext::default(), 3);
    }
}

#[test]
fn bad_index_files_are_one_line_errors_naming_the_file() {
    let good = &index_bytes().0;
    let dir = scratch("bad");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let mut corrupt = good.clone();
    let middle = corrupt.len() / 2;
    if let Some(b) = corrupt.get_mut(middle) {
        *b ^= 0xff;
    }
    let mut old = good.clone();
    old.splice(8..12, (FORMAT_VERSION - 1).to_le_bytes());
    let cases = [
        (write("corrupt.mlpi", &corrupt), "checksum mismatch"),
        (
            write(
                "truncated.mlpi",
                good.get(..good.len() / 3).unwrap_or_default(),
            ),
            "truncated",
        ),
        (
            write("foreign.mlpi", b"PK\x03\x04 not an index"),
            "not a mandate-lint precedent index",
        ),
        (
            write("old.mlpi", &old),
            "rebuild it with `mandate-lint index`",
        ),
        (dir.join("missing.mlpi"), "no such precedent index"),
    ];
    for (path, problem) in cases {
        let err = PrecedentIndex::open(&path)
            .expect_err("refused")
            .to_string();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains(problem), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn index_files_are_written_atomically_and_found_through_the_config() {
    let dir = scratch("write");
    let path = dir.join("idx/precedents.mlpi");
    std::fs::create_dir_all(dir.join("idx")).expect("dir");
    precedent::write_atomic(&path, &index_bytes().0).expect("written");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("idx"))
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("precedents.mlpi")]);
    assert!(PrecedentIndex::open(&path).is_ok());
    let config = Config::from_str(
        "precedents = \"idx/precedents.mlpi\"\n",
        &dir.join("mandate-lint.toml"),
    )
    .expect("config");
    assert_eq!(precedent::locate(None, Some(&config)), Some(path.clone()));
    let explicit = Path::new("other.mlpi");
    assert_eq!(
        precedent::locate(Some(explicit), Some(&config)).as_deref(),
        Some(explicit)
    );
    // Neither: precedent features are absent, not an error.
    assert_eq!(precedent::locate(None, None), None);
    assert_eq!(precedent::locate(None, Some(&Config::default())), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_index_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>(_: &T) {}
    shared(index());
    let handle = std::thread::spawn(|| index().nearest(OVERSIGHT_3150, 1).len());
    assert_eq!(handle.join().ok(), Some(1));
}
