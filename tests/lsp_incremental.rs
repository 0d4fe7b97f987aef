//! Incremental checking gives the same findings as a full check.
//!
//! The language server keeps each open draft's clause scans and re-scans only the
//! clauses an edit touched (`Engine::check_incremental`). Here a sequence of edits —
//! typing, deleting, adding and removing paragraphs, renumbering, edits next to "—",
//! "é" and curly quotes — is applied through `didChange` over the server's real stdio,
//! and after every edit the published diagnostics are compared with those of a full
//! check of the same text (a fresh document, which has no cache); at the end the draft
//! itself is closed and reopened. The engine-level test checks the same sequence in
//! process and that an edit re-scans only the clauses it touched.

#[path = "../bench/draft.rs"]
mod draft;
mod lsp_client;
#[path = "support/same_check.rs"]
mod same_check;

use lsp_client::{position, LspClient};
use mandate_lint::model::SourceFormat;
use mandate_lint::{CheckOptions, Engine, ScanCache};
use same_check::assert_same_check;
use serde_json::{json, Value};

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");
const URI: &str = "file:///tmp/mandate-lint-incremental/lorem.draft.txt";

/// A mandate written for this test: DSR tasks, an acronym, accents, an em dash and
/// curly quotes in the text.
const DRAFT: &str = "\
United Nations S/2025/998
Security Council
Draft resolution

The Security Council,

Recalling its resolution 2151 (2014) on security sector reform and the statements of its President on the situation in the Republic of Lorem,

Expressing deep concern at the security situation in the eastern provinces — in particular around Saint‑Étienne,

Acting under Chapter VII of the Charter of the United Nations,

1. Decides to extend the mandate of the United Nations Multidimensional Stabilization Mission in Lorem (MINUSLO) until 31 December 2026;

2. Requests MINUSLO to undertake the following tasks in support of the national authorities:
(a) to provide training and mentoring to the armed forces, in particular on human rights;
(b) to provide technical advice to the Ministry of Defence and the LAF on the reform of the defence sector, with the participation of civil society;
(c) to support the “national défense review” drafted by the Government;

3. Takes note of the white paper of the Ministère de la Défense — the “Livre blanc” — and encourages its publication;

4. Requests the Secretary-General to report on the implementation of this resolution every six months;

5. Decides to remain actively seized of the matter.
";

/// One edit: replace `old` (its first occurrence) with `new`.
struct Edit {
    old: &'static str,
    new: &'static str,
}

const EDITS: &[Edit] = &[
    // Typing one character inside a sub-paragraph, then deleting it.
    Edit { old: "mentoring to", new: "mentoringx to" },
    Edit { old: "mentoringx to", new: "mentoring to" },
    // Next to the em dash and curly quotes: text typed and a placeholder left.
    Edit { old: "— the “Livre blanc” —", new: "— the “Livre blanc” XXXX —" },
    // A new paragraph between 2 and 3 (numbering now repeats 3).
    Edit {
        old: "\n3. Takes note",
        new: "\n3. Calls upon the Government to strengthen civilian oversight of the défense sector by the parliament;\n\n3. Takes note",
    },
    // Renumbering the paragraphs after it.
    Edit { old: "\n3. Takes note", new: "\n4. Takes note" },
    Edit { old: "\n4. Requests the Secretary-General", new: "\n5. Requests the Secretary-General" },
    Edit { old: "\n5. Decides to remain", new: "\n6. Decides to remain" },
    // A sub-paragraph removed, and one added.
    Edit { old: "(c) to support the “national défense review” drafted by the Government;\n", new: "" },
    Edit {
        old: "with the participation of civil society;\n",
        new: "with the participation of civil society;\n(c) to support the sequencing of the reform in a national plan — “first steps” first;\n",
    },
    // The mission's acronym changed where it is defined: every clause naming it reads
    // differently, with no edit in them.
    Edit { old: "in Lorem (MINUSLO)", new: "in Lorem (MINULO)" },
    // A whole paragraph removed (the placeholder with it).
    Edit {
        old: "4. Takes note of the white paper of the Ministère de la Défense — the “Livre blanc” XXXX — and encourages its publication;\n\n",
        new: "",
    },
    // Preamble edited.
    Edit { old: "Expressing deep concern", new: "Expressing grave concern" },
    // What a later clause's analysis depends on, changed with no edit in that clause:
    // the lead-in's verb (its items' modality) …
    Edit { old: "2. Requests MINUSLO to undertake", new: "2. Encourages MINUSLO to undertake" },
    Edit { old: "2. Encourages MINUSLO to undertake", new: "2. Requests MINUSLO to undertake" },
    // … a national force's acronym defined in 2(a), named in 2(b) …
    Edit { old: "mentoring to the armed forces", new: "mentoring to the Lorem Armed Forces (LAF)" },
    // … the lead-in's addressee (the mission is MINULO now, MINUSLO is nobody) …
    Edit { old: "2. Requests MINUSLO to", new: "2. Requests MINULO to" },
    Edit { old: "2. Requests MINULO to", new: "2. Requests the Government to" },
    // … and the mission: no longer a United Nations one, then one again.
    Edit {
        old: "the United Nations Multidimensional Stabilization Mission in Lorem (MINULO)",
        new: "the African Union Multidimensional Stabilization Mission in Lorem (MINULO)",
    },
    Edit {
        old: "the African Union Multidimensional Stabilization Mission in Lorem (MINULO)",
        new: "the United Nations Multidimensional Stabilization Mission in Lorem (MINULO)",
    },
    // The frame: a lead-in that no longer ends in ":" frames nothing.
    Edit {
        old: "in support of the national authorities:",
        new: "in support of the national authorities;",
    },
];

/// Edits (by the start of `old`) that change what the items of paragraph 2 are coded
/// from, without touching them.
const RECODES_ITEMS: &[&str] = &[
    "2. Requests MINUSLO to undertake",
    "2. Encourages MINUSLO",
    "2. Requests MINUSLO to",
    "2. Requests MINULO to",
    "the United Nations Multidimensional",
    "the African Union Multidimensional",
];

/// The published diagnostics, without the document's URI (in related information).
fn normalised(params: &Value, uri: &str) -> String {
    params["diagnostics"].to_string().replace(uri, "URI")
}

#[test]
fn incremental_publications_equal_full_checks_over_stdio() {
    let mut client = LspClient::spawn(EXE);
    client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    let mut text = DRAFT.to_string();
    client.open(URI, &text, 1);
    let first = client.wait_diagnostics(URI, 1);
    let mut last = first.clone();
    for (k, edit) in EDITS.iter().enumerate() {
        let version = k as i64 + 2;
        let Some(at) = text.find(edit.old) else {
            panic!("edit {k}: {:?} not in the draft", edit.old)
        };
        let range = json!({
            "start": position(&text, at, "utf-16"),
            "end": position(&text, at + edit.old.len(), "utf-16"),
        });
        text.replace_range(at..at + edit.old.len(), edit.new);
        client.change_range(URI, range, edit.new, version);
        let incremental = client.wait_diagnostics(URI, version);

        let fresh = format!("file:///tmp/mandate-lint-incremental/fresh-{k}.draft.txt");
        client.open(&fresh, &text, 1);
        let full = client.wait_diagnostics(&fresh, 1);
        assert_eq!(
            normalised(&incremental, URI),
            normalised(&full, &fresh),
            "edit {k} ({:?} → {:?}): incremental and full checks differ",
            edit.old,
            edit.new
        );
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": fresh}}),
        );
        last = incremental;
    }
    assert_ne!(
        normalised(&first, URI),
        normalised(&last, URI),
        "the edits changed the findings: the comparisons compared something"
    );
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    client.open(URI, &text, 100);
    let reopened = client.wait_diagnostics(URI, 100);
    assert_eq!(normalised(&last, URI), normalised(&reopened, URI));
    client.shutdown_and_exit();
}

#[test]
fn an_edit_rescans_only_the_clauses_it_touched() {
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let opts = CheckOptions::default();
    let mut cache = ScanCache::default();
    let first = engine.check_incremental(DRAFT.to_string(), SourceFormat::Text, &opts, &mut cache);
    let clauses = first.doc.clauses.len();
    let (scanned, reused) = cache.last_check();
    assert_eq!(
        (scanned, reused),
        (clauses, 0),
        "a first check scans everything"
    );

    let mut text = DRAFT.to_string();
    let mut findings_changed = false;
    let mut tasks_changed = false;
    for (k, edit) in EDITS.iter().enumerate() {
        let Some(at) = text.find(edit.old) else {
            panic!("edit {k}: {:?} not in the draft", edit.old)
        };
        text.replace_range(at..at + edit.old.len(), edit.new);
        let incremental =
            engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
        let full = engine.check(text.clone(), SourceFormat::Text, &opts);
        assert_same_check(&incremental, &full, &format!("edit {k}"));
        findings_changed |= full.diagnostics != first.diagnostics;
        let (scanned, reused) = cache.last_check();
        assert_eq!(
            scanned + reused,
            full.doc.clauses.len(),
            "edit {k}: every clause"
        );
        let (coded, tasks_reused) = cache.last_tasks();
        if k == 0 {
            // One character typed in 2(a): that item and its lead-in (whose text holds
            // its items) are scanned again, nothing else; and only they have their
            // tasks found again.
            assert!(scanned <= 2, "edit {k}: {scanned} clauses scanned");
            assert!(coded <= 2, "edit {k}: {coded} clauses coded");
            assert!(tasks_reused > 0, "edit {k}: no tasks reused");
        }
        if RECODES_ITEMS.iter().any(|old| edit.old.starts_with(old)) {
            // The lead-in's verb or addressee, or the mission, changed: the items of
            // paragraph 2 are coded again, with no edit in them.
            assert!(coded >= 3, "edit {k}: {coded} clauses coded");
        }
        tasks_changed |= coded > 0 && k > 0;
    }
    assert!(findings_changed, "the edits changed the findings");
    assert!(tasks_changed, "some edits made clauses be coded again");
}

/// What a keystroke works out again does not grow with the draft (issue 15, item 4):
/// the same character typed and deleted in the same paragraph of the benchmarks'
/// generated mandate (`bench/draft.rs`) at 60 KB and at four times that re-walks the
/// same lines, folds and scans the same clause texts, codes the same clauses, makes the
/// same clause analyses and has the paragraph-local rules judge the same paragraphs,
/// near the start of the draft (everything after the edit moved) and near its end.
/// What does grow is bookkeeping over what the edit left in place — the clauses moved,
/// their kept analyses and findings handed on — and the publication (bench/README).
#[test]
fn a_keystroke_redoes_the_same_work_whatever_the_drafts_length() {
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let opts = CheckOptions::default();
    // Redone work of one check, as the cache counts it.
    let redone = |cache: &ScanCache, clauses: usize| {
        let walk = cache.last_walk();
        [
            ("lines walked", walk.lines_walked),
            ("references made", walk.references_made),
            ("texts folded", cache.last_parse().0),
            ("clauses scanned", cache.last_check().0),
            ("clauses coded", cache.last_tasks().0),
            (
                "analyses made",
                clauses.saturating_sub(cache.last_analyses_kept()),
            ),
            ("paragraphs judged", cache.last_rules().0),
        ]
    };
    let mut by_size = Vec::new();
    for bytes in [61_440, 4 * 61_440] {
        let mut text = draft::large_draft(bytes);
        let mut cache = ScanCache::default();
        let first = engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
        let clauses = first.doc.clauses.len();
        let mut work = Vec::new();
        // Paragraph 2's item (a), and the last paragraph with items.
        let near_start = text.find("in close coordination");
        let near_end = text.rfind("in close coordination");
        for (place, at) in [("near the start", near_start), ("near the end", near_end)] {
            let Some(at) = at else {
                panic!("{bytes} bytes: no item (a) {place}")
            };
            for (what, insert) in [("typed", true), ("deleted", false)] {
                if insert {
                    text.insert(at, 'x');
                } else {
                    text.remove(at);
                }
                let incremental =
                    engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
                let full = engine.check(text.clone(), SourceFormat::Text, &opts);
                let label = format!("{bytes} bytes, a character {what} {place}");
                assert_same_check(&incremental, &full, &label);
                let counts = redone(&cache, incremental.doc.clauses.len());
                // A keystroke in one item redoes a paragraph's worth (its lead-in and
                // three items; "paragraphs judged" counts that paragraph once for each
                // of the catalogue's eleven paragraph-local rules), not the draft's
                // hundreds or thousands of clauses.
                for (name, n) in counts {
                    assert!(n <= 11, "{label}: {n} {name} (of {clauses} clauses)");
                }
                work.push((place, what, counts));
            }
        }
        by_size.push((bytes, clauses, work));
    }
    let [(small, small_clauses, small_work), (large, large_clauses, large_work)] = &by_size[..]
    else {
        panic!("two sizes")
    };
    assert!(
        *large_clauses > 3 * small_clauses,
        "{large} bytes: {large_clauses} clauses, {small} bytes: {small_clauses}"
    );
    assert_eq!(
        small_work, large_work,
        "the work redone at {small} and {large} bytes"
    );
}
