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

use mandate_lint::model::{Part, SourceFormat};
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
    // The parse's walk: lines placed of lines in all, checks that resumed the last walk
    // before the edit and that rejoined it after.
    let (mut walked, mut lines, mut resumed, mut rejoined) = (0usize, 0usize, 0usize, 0usize);
    // Clause references made again, of clauses in all.
    let (mut referenced, mut clauses) = (0usize, 0usize);
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
            let walk = cache.last_walk();
            walked += walk.lines_walked;
            lines += text.lines().count();
            resumed += usize::from(walk.resumed_after.is_some());
            rejoined += usize::from(walk.rejoined_at.is_some());
            referenced += walk.references_made;
            clauses += incremental.doc.clauses.len();
        }
    }
    println!(
        "{checks} incremental checks on {} resolutions equal full checks ({with_findings} with findings, {reused} clause scans reused; the parse placed {walked} of {lines} lines, resumed the last walk in {resumed} checks and rejoined it in {rejoined}; references made again for {referenced} of {clauses} clauses)",
        files.len()
    );
    // The oracle compared something: checks with findings, and caches that were used.
    assert!(with_findings * 2 > checks, "{with_findings} of {checks}");
    assert!(
        reused > checks * 5,
        "{reused} scans reused in {checks} checks"
    );
    // Most edits leave most of the walk: it resumed and rejoined the last one.
    assert!(
        rejoined * 2 > checks && walked * 4 < lines,
        "placed {walked} of {lines} lines, rejoined in {rejoined} of {checks} checks"
    );
    // And the clauses it took keep their references.
    assert!(
        referenced * 4 < clauses,
        "references made again for {referenced} of {clauses} clauses"
    );
}

/// The drafts of `fixtures/`, whose findings come from every kind of rule, and a long
/// one (above the size at which rules run in parallel) made of the README fixture's
/// operative part repeated: under random edits, the findings the language server keeps
/// per paragraph (`rules::RuleCache`) must be those of a full check, and be kept.
#[test]
fn kept_paragraph_findings_equal_full_checks_under_random_edits() {
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let mut drafts: Vec<(String, String, SourceFormat)> = Vec::new();
    let Ok(dir) = std::fs::read_dir(format!("{root}/fixtures")) else {
        panic!("fixtures/ readable")
    };
    let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => SourceFormat::Text,
            Some("md") => SourceFormat::Markdown,
            _ => continue,
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            panic!("{}: unreadable", path.display())
        };
        drafts.push((path.display().to_string(), text, format));
    }
    let base = include_str!("../fixtures/mission-renewal-gaps.txt");
    let (head, operative) = base.split_once("1. Decides").unwrap_or((base, ""));
    let long = format!("{head}{}", format!("1. Decides{operative}").repeat(28));
    assert!(long.len() > 16 * 1024, "{} bytes", long.len());
    drafts.push(("the long draft".to_string(), long, SourceFormat::Text));
    let opts = CheckOptions::default();
    let (mut checks, mut findings, mut judged, mut kept) = (0usize, 0usize, 0usize, 0usize);
    for (n, (name, original, format)) in drafts.iter().enumerate() {
        let mut text = original.clone();
        let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ (n as u64 + 1));
        let mut cache = ScanCache::default();
        let _ = engine.check_incremental(text.clone(), *format, &opts, &mut cache);
        let mut before = text.clone();
        for k in 0..120 {
            let previous = text.clone();
            let what = edit(&mut text, &mut rng, &before);
            before = previous;
            let incremental = engine.check_incremental(text.clone(), *format, &opts, &mut cache);
            let full = engine.check(text.clone(), *format, &opts);
            assert_same_check(&incremental, &full, &format!("{name}, edit {k} ({what})"));
            checks += 1;
            findings += full.diagnostics.len();
            let (j, r) = cache.last_rules();
            judged += j;
            kept += r;
        }
    }
    println!(
        "{checks} incremental checks of {} drafts equal full checks ({findings} findings; paragraphs judged {judged}, kept {kept})",
        drafts.len()
    );
    assert!(
        findings > checks * 5,
        "{findings} findings in {checks} checks"
    );
    // Most paragraphs are untouched by an edit: their findings were kept.
    assert!(kept > judged * 3, "judged {judged}, kept {kept}");
}

/// A paragraph the edit did not touch is judged again when its analysis changed: the
/// preamble comes to define "VDF" as the national armed forces, so the DSR task of
/// paragraph 2, two paragraphs further on, now names a counterpart (DSR007 falls
/// silent there), and back.
#[test]
fn a_paragraph_whose_analysis_changed_elsewhere_is_judged_again() {
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let undefined = &format!(
        "{VALDORIA}2. Requests UNISMV to provide technical advice on the reform of the defence sector to the VDF;\n\n\
        3. Decides to remain actively seized of the matter.\n"
    );
    let defined = undefined.replace(
        "situation in Valdoria,",
        "situation in Valdoria and the Valdorian Defence Forces (VDF),",
    );
    let dsr007 = |text: &str| findings_of(&engine, text, "DSR007").len();
    assert_eq!((dsr007(undefined), dsr007(&defined)), (1, 0));
    let kept = checks_in_turn(&engine, &[undefined, &defined, undefined, &defined]);
    // The other paragraphs were kept: the cache was in use.
    assert!(kept.iter().skip(1).all(|&k| k > 0), "{kept:?}");
}

/// Items after a heading ("Security sector reform" between 2(a) and 2(b)) take their
/// direction from paragraph 2 across it: typing in 2(b) codes it again with what its
/// lead-in passes on, though paragraph 2 is unchanged, and typing in paragraph 2
/// codes 2(b) again.
#[test]
fn items_after_a_heading_take_their_lead_in_across_it() {
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let draft = &format!(
        "{VALDORIA}2. Requests UNISMV to carry out the following tasks:\n\n\
        Protection of civilians\n\n\
        (a) to protect civilians under threat of physical violence;\n\n\
        Security sector reform\n\n\
        (b) to support the training of the Valdorian armed forces;\n\n\
        3. Decides to remain actively seized of the matter.\n"
    );
    let full = engine.check(
        draft.to_string(),
        SourceFormat::Text,
        &CheckOptions::default(),
    );
    let item = full
        .doc
        .clauses
        .iter()
        .position(|c| c.reference == "2(b)")
        .expect("2(b)");
    let lead_in = full.doc.clauses.get(item).and_then(|c| c.parent);
    assert_eq!(
        lead_in
            .and_then(|p| full.doc.clauses.get(p))
            .map(|c| c.reference.as_str()),
        Some("2"),
        "2(b) is an item of paragraph 2"
    );
    assert!(
        full.analysis.clauses.get(item).is_some_and(|a| a.dsr_task),
        "2(b) is a DSR task"
    );
    let typed_in_item = draft.replace("to support the training", "to further support the training");
    let typed_in_lead_in = draft.replace("Requests UNISMV", "Encourages Member States");
    checks_in_turn(
        &engine,
        &[draft, &typed_in_item, draft, &typed_in_lead_in, draft],
    );
}

/// Numbering that restarts at "1." after "Decides to remain seized of the matter." is
/// an annex, read from the last top-level operative paragraph before it, however far
/// back: typing in that paragraph (it no longer says so) changes where the annex
/// starts, past a preambular paragraph of a second part that the walk of the last
/// parse could otherwise be rejoined at.
#[test]
fn an_annex_after_remain_seized_follows_an_edit_before_it() {
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let seized = &format!(
        "{VALDORIA}2. Decides to remain seized of the matter.\n\n\
        Reaffirming its commitment to the sovereignty of Valdoria,\n\n\
        1. Requests the Secretary-General to report on the implementation of this resolution;\n\n\
        2. Requests UNISMV to support the reform of the defence sector;\n"
    );
    let not_seized = seized.replace("remain seized", "remain engaged");
    let part_of_last = |text: &str| {
        let full = engine.check(
            text.to_string(),
            SourceFormat::Text,
            &CheckOptions::default(),
        );
        full.doc.clauses.last().map(|c| c.part)
    };
    assert_eq!(
        (part_of_last(seized), part_of_last(&not_seized)),
        (Some(Part::Annex), Some(Part::Operative))
    );
    checks_in_turn(&engine, &[seized, &not_seized, seized]);
    let opts = CheckOptions::default();
    let mut cache = ScanCache::default();
    for text in [seized, &not_seized] {
        let _ = engine.check_incremental(text.to_string(), SourceFormat::Text, &opts, &mut cache);
    }
    // The walk resumed before the edit and went on past the preambular paragraph.
    let walk = cache.last_walk();
    assert!(
        walk.resumed_after.is_some() && walk.rejoined_at.is_none(),
        "{walk:?}"
    );
}

/// Numbering is judged paragraph by paragraph but for the series of top-level numbers:
/// a gap in paragraph 2's items stays found (kept with the paragraph) while paragraph 3
/// is deleted and typed back, and the gap that deletion opens before paragraph 4 — a
/// paragraph the edit only moved, whose own findings are kept — is found on that check
/// and gone on the next.
#[test]
fn numbering_across_paragraphs_follows_an_edit_elsewhere() {
    let Ok(engine) = Engine::embedded() else {
        panic!("embedded rules load")
    };
    let draft = &format!(
        "{VALDORIA}2. Requests UNISMV to carry out the following tasks:\n\n\
        (a) to support the reform of the defence sector;\n\n\
        (c) to support the reform of the police;\n\n\
        3. Requests the Secretary-General to report on the implementation of this resolution;\n\n\
        4. Decides to remain actively seized of the matter.\n"
    );
    let deleted = draft.replace(
        "3. Requests the Secretary-General to report on the implementation of this resolution;\n\n",
        "",
    );
    let gaps = |text: &str| {
        let mut found: Vec<String> = findings_of(&engine, text, "RES001")
            .iter()
            .filter_map(|d| d.clause_ref.as_deref().map(str::to_string))
            .collect();
        found.sort();
        found
    };
    assert_eq!(gaps(draft), ["2(c)"]);
    assert_eq!(gaps(&deleted), ["2(c)", "4"]);
    let kept = checks_in_turn(&engine, &[draft, &deleted, draft, &deleted]);
    // Paragraphs 1, 2 and 4 kept their findings across each edit.
    assert!(kept.iter().skip(1).all(|&k| k > 0), "{kept:?}");
}

/// Findings kept with a paragraph are judged again when what their words take from the
/// rest of the draft changes: a rule of a user's pack names the mission in its message,
/// and the mission's acronym changes in paragraph 1, not in the preambular paragraph
/// the rule fires on.
#[test]
fn kept_findings_naming_the_mission_follow_it() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("mission-in-message");
    std::fs::create_dir_all(&dir).expect("temporary rules directory");
    std::fs::write(
        dir.join("tst001.toml"),
        "code = \"TST001\"\nname = \"training-welcomed\"\nseverity = \"info\"\n\
         message = \"Paragraph {clause} welcomes training that {mission} may be asked to continue\"\n\
         help = \"Say what {mission} is to do.\"\nrationale = \"A test rule.\"\nsource = \"none\"\n\n\
         [check]\nkind = \"clause-when-unless\"\nscope = \"preambular\"\nlook_in = \"clause\"\n\
         when_any = [\"training\"]\n",
    )
    .expect("write the rule");
    let Ok(engine) = Engine::load(&[dir]) else {
        panic!("the test rule loads")
    };
    let before = "The Security Council,\n\n\
        Welcoming the training of the Valdorian armed forces,\n\n\
        1. Decides to extend the mandate of the United Nations Integrated Support Mission in Valdoria (UNISMV) until 30 June 2027;\n\n\
        2. Decides to remain actively seized of the matter.\n";
    let after = before.replace("(UNISMV)", "(UNSMV)");
    let message = |text: &str| {
        findings_of(&engine, text, "TST001")
            .first()
            .map(|d| d.message.clone())
    };
    let (m1, m2) = (message(before), message(&after));
    assert!(
        m1.as_deref().is_some_and(|m| m.contains("UNISMV")),
        "{m1:?}"
    );
    assert!(m2.as_deref().is_some_and(|m| m.contains("UNSMV")), "{m2:?}");
    checks_in_turn(&engine, &[before, &after, before]);
}

/// The preamble and first paragraph of the written cases' drafts: a mission whose
/// mandate is extended.
const VALDORIA: &str = "The Security Council,\n\n\
    Recalling its previous resolutions on the situation in Valdoria,\n\n\
    1. Decides to extend the mandate of the United Nations Integrated Support Mission in Valdoria (UNISMV) until 30 June 2027;\n\n";

/// Checks `texts` one after the other with one cache, each incremental check equal to
/// a full one; how many paragraphs' findings each kept.
fn checks_in_turn(engine: &Engine, texts: &[&str]) -> Vec<usize> {
    let opts = CheckOptions::default();
    let mut cache = ScanCache::default();
    let mut kept = Vec::new();
    for (k, text) in texts.iter().enumerate() {
        let incremental =
            engine.check_incremental(text.to_string(), SourceFormat::Text, &opts, &mut cache);
        let full = engine.check(text.to_string(), SourceFormat::Text, &opts);
        assert_same_check(&incremental, &full, &format!("check {k}"));
        kept.push(cache.last_rules().1);
    }
    kept
}

/// The findings of a full check of `text` with rule `code`.
fn findings_of(
    engine: &Engine,
    text: &str,
    code: &str,
) -> Vec<mandate_lint::diagnostic::Diagnostic> {
    let opts = CheckOptions::default();
    let checked = engine.check(text.to_string(), SourceFormat::Text, &opts);
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .cloned()
        .collect()
}
