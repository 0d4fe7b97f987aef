use super::*;
use crate::model::{Clause, LabelKind, Part};

fn refs(doc: &Document) -> Vec<&str> {
    doc.clauses.iter().map(|c| c.reference.as_str()).collect()
}

fn clause<'a>(doc: &'a Document, r: &str) -> &'a Clause {
    match doc.clause_by_ref(r) {
        Some((_, c)) => c,
        None => panic!("no clause {r} in {:?}", refs(doc)),
    }
}

const DRAFT: &str = "United Nations\nSecurity Council\n\nS/2026/101\n\nDraft resolution\n\nThe Security Council,\n\nRecalling its resolutions 2151 (2014) and 2553 (2020) on security sector reform,\n\nWelcoming the signing of the Peace Agreement in Zandor on 3 May 2026 (“the Agreement”),\n\nActing under Chapter VII of the Charter of the United Nations,\n\n1. Decides to extend the mandate of the United Nations Stabilization Mission in Zandor (UNSMZ) until 31 March 2027;\n\nMandate of UNSMZ\n\n2. Decides that the mandate of UNSMZ shall include the following tasks:\n\n(a) Protection of civilians\n\n(i) To protect civilians under threat of physical violence;\n\n(ii) To support the national authorities — including the Ministry of Defence — in reforming the armed forces;\n\n(b) To provide good offices;\n\n– To facilitate dialogue;\n\n– To support the parliament;\n\n3. Decides to remain actively seized of the matter.\n";

#[test]
fn draft_structure_and_refs() {
    let doc = parse(DRAFT.to_string(), SourceFormat::Text);
    assert_eq!(doc.masthead.symbol.as_deref(), Some("S/2026/101"));
    assert!(doc.masthead.draft);
    assert!(doc.council_line.is_some());
    assert_eq!(
        refs(&doc),
        vec![
            "pp1", "pp2", "pp3", "1", "h1", "2", "2(a)", "2(a)(i)", "2(a)(ii)", "2(b)", "2(b)-1",
            "2(b)-2", "3"
        ]
    );
    assert!(doc.chapter_vii.is_some());
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    let ii = clause(&doc, "2(a)(ii)");
    assert_eq!(ii.depth, 2);
    assert_eq!(
        ii.label.as_ref().map(|l| l.kind),
        Some(LabelKind::ParenRoman)
    );
    assert!(ii
        .norm
        .text
        .starts_with("To support the national authorities — including"));
    // Spans point into the original text and survive the "—".
    let army = ii.norm.text.find("armed forces").expect("present");
    let span = ii
        .norm
        .span_to_original(Span::new(army, army + "armed forces".len()));
    assert_eq!(span.slice(&doc.text), "armed forces");
    let one = clause(&doc, "1");
    assert_eq!(one.span.slice(&doc.text).lines().count(), 1);
    assert!(one.span.slice(&doc.text).starts_with("1. Decides"));
    assert!(one.body.slice(&doc.text).starts_with("Decides"));
    assert_eq!(clause(&doc, "h1").part, Part::Heading);
    assert_eq!(clause(&doc, "pp2").part, Part::Preambular);
}

#[test]
fn adopted_resolution_masthead_with_wrapped_date() {
    let text = "Resolution 2999 (2026)\nAdopted by the Security Council at its 9999th meeting, on \n28 March 2026\nThe Security Council,\nRecalling its previous resolutions,\n1. Decides to remain seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(doc.masthead.number, Some(2999));
    assert_eq!(doc.masthead.year, Some(2026));
    assert_eq!(doc.masthead.meeting, Some(9999));
    assert_eq!(doc.masthead.date.as_deref(), Some("28 March 2026"));
    assert!(doc.masthead.adopted);
    assert!(!doc.masthead.draft);
    assert_eq!(refs(&doc), vec!["pp1", "1"]);
}

#[test]
fn placeholder_title_marks_a_draft() {
    let doc = parse("Resolution XXXX (2026)\nThe Security Council,\n1. Decides to remain seized of the matter.\n".into(), SourceFormat::Text);
    assert!(doc.masthead.draft);
    assert_eq!(doc.masthead.number, None);
    assert_eq!(doc.masthead.year, Some(2026));
}

#[test]
fn page_furniture_inside_a_paragraph_is_skipped_but_spans_hold() {
    let text = "The Security Council,\nWelcoming the commencement of deliberations by the National Parliament on the\n26-01234 (E)\n*2601234*\n\nS/RES/2999 (2026)\nestablishment of follow-on institutions,\n1. Requests UNSMZ to support the Govern\u{ad}ment of Zandor in reforming the\n2\n\n26-01234\n\narmy;\n2. Decides to remain seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(refs(&doc), vec!["pp1", "1", "2"]);
    let pp1 = clause(&doc, "pp1");
    assert_eq!(
        &*pp1.norm.text,
        "Welcoming the commencement of deliberations by the National Parliament on the establishment of follow-on institutions,"
    );
    let one = clause(&doc, "1");
    assert_eq!(
        &*one.norm.text,
        "Requests UNSMZ to support the Government of Zandor in reforming the army;"
    );
    let at = one.norm.text.find("army").expect("present");
    assert_eq!(
        one.norm
            .span_to_original(Span::new(at, at + 4))
            .slice(&doc.text),
        "army"
    );
    let gov = one.norm.text.find("Government").expect("present");
    let gspan = one
        .norm
        .span_to_original(Span::new(gov, gov + "Government".len()));
    assert_eq!(gspan.slice(&doc.text), "Govern\u{ad}ment");
    assert!(doc.furniture.len() >= 5, "{:?}", doc.furniture);
    // The clause span stops at its last content line, not at trailing furniture.
    assert!(one.span.slice(&doc.text).ends_with("army;"));
}

#[test]
fn hard_wrapped_paragraphs_separated_by_blank_lines() {
    let text = "The Security Council,\n\nExpressing its continuing concern with the grave\nsituation in the region,\n\nEmphasizing the need for a just\nand lasting peace,\n\n1. Affirms that the fulfilment of Charter principles\nrequires the following:\n\n(i) Withdrawal of armed forces from territories occupied in the recent conflict;\n\n(ii) Termination of all claims;\n\n2. Requests the Secretary-General to report.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(refs(&doc), vec!["pp1", "pp2", "1", "1(i)", "1(ii)", "2"]);
    assert_eq!(
        &*clause(&doc, "pp1").norm.text,
        "Expressing its continuing concern with the grave situation in the region,"
    );
}

#[test]
fn letters_after_h_continue_as_letters_and_pillars_nest_letters() {
    let mut text = String::from("The Security Council,\n1. Decides that the mandate shall be:\n");
    for l in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"] {
        text.push_str(&format!("({l}) To act;\n"));
    }
    text.push_str("2. Decides that the mandate shall comprise:\n(i) Protection of civilians\n(a) To protect;\n(b) To deter;\n(ii) Support to stabilization\n(a) To support;\n3. Decides to remain seized of the matter.\n");
    let doc = parse(text, SourceFormat::Text);
    let r = refs(&doc);
    assert!(r.contains(&"1(i)") && r.contains(&"1(j)"), "{r:?}");
    assert_eq!(
        clause(&doc, "1(i)").label.as_ref().map(|l| l.kind),
        Some(LabelKind::ParenLetter)
    );
    assert!(r.contains(&"2(ii)(a)"), "{r:?}");
    assert_eq!(clause(&doc, "2(ii)(a)").depth, 2);
}

#[test]
fn dot_levels_and_tab_separated_labels() {
    let text = "\tThe Security Council,\n\tRecalling its resolutions,\n\t1.\tRequests the Secretary-General:\n\t(a)\tTo report on:\n\t(i)\tthe army:\n\ta.\tits size;\n\tb.\tits budget;\n\t(ii)\tthe police;\n\t2.\tDecides to remain seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(
        refs(&doc),
        vec![
            "pp1",
            "1",
            "1(a)",
            "1(a)(i)",
            "1(a)(i)(a)",
            "1(a)(i)(b)",
            "1(a)(ii)",
            "2"
        ]
    );
    assert_eq!(
        clause(&doc, "1(a)(i)(b)").label.as_ref().map(|l| l.kind),
        Some(LabelKind::DotLetter)
    );
}

#[test]
fn markdown_draft_with_emphasis_headings_and_comments() {
    let text = "# Draft resolution\n\n*The Security Council*,\n\n*Recalling* its resolution 2151 (2014),\n\n<!-- mandate-lint: allow DSR007 reason=\"agreed language\" -->\n1. *Decides* to extend the mandate of UNSMZ;\n\n## Mandate of UNSMZ\n\n2. *Requests* UNSMZ to advise the armed forces;\n\n3. *Decides* to remain actively seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Markdown);
    assert_eq!(refs(&doc), vec!["pp1", "1", "h1", "2", "3"]);
    assert_eq!(
        &*clause(&doc, "pp1").norm.text,
        "Recalling its resolution 2151 (2014),"
    );
    assert_eq!(
        &*clause(&doc, "1").norm.text,
        "Decides to extend the mandate of UNSMZ;"
    );
    assert_eq!(&*clause(&doc, "h1").norm.text, "Mandate of UNSMZ");
}

#[test]
fn annex_paragraphs_are_annex_clauses() {
    let text = "The Security Council,\n1. Endorses the benchmarks in the annex;\n2. Decides to remain seized of the matter.\nAnnex\nBenchmarks\n1. Adoption of a national defence policy;\n2. Vetting of personnel.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(refs(&doc), vec!["1", "2", "annex.p1", "annex.1", "annex.2"]);
    assert!(doc.annex_start.is_some());
    assert_eq!(doc.operative_paragraphs().count(), 2);
}

#[test]
fn crlf_and_lone_cr() {
    let lf = "The Security Council,\nRecalling its resolutions,\n1. Decides to act;\n(a) To support the army;\n2. Decides to remain seized of the matter.\n";
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let a = parse(lf.to_string(), SourceFormat::Text);
    for other in [crlf, cr] {
        let b = parse(other, SourceFormat::Text);
        assert_eq!(refs(&a), refs(&b));
        for (x, y) in a.clauses.iter().zip(&b.clauses) {
            assert_eq!(x.norm.text, y.norm.text);
            assert_eq!(x.span.slice(&a.text), y.span.slice(&b.text));
        }
    }
}

#[test]
fn garbage_and_empty_inputs_yield_a_tree() {
    for text in [
        "",
        "\n\n\n",
        "(((( ]]]] 1. 2. 3.",
        "\u{0}\u{1}binary\u{ff}",
        "1.\n(a)\n(i)\n–\n",
        "The Security Council,",
    ] {
        let doc = parse(text.to_string(), SourceFormat::Text);
        for c in &doc.clauses {
            assert!(c.span.end <= doc.text.len());
            assert!(
                doc.text.is_char_boundary(c.span.start) && doc.text.is_char_boundary(c.span.end)
            );
        }
    }
    let doc = parse("Some note without structure.".into(), SourceFormat::Text);
    assert!(!doc.issues.is_empty());
}

#[test]
fn year_at_line_start_is_not_a_paragraph_number() {
    let text = "The Security Council,\n1. Decides to extend the mandate until 31 July\n2027 and to review it;\n2. Decides to remain seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(refs(&doc), vec!["1", "2"]);
}

#[test]
fn wrapped_line_starting_with_parenthesis_is_a_continuation() {
    let text = "The Security Council,\n1. Recalls paragraph 7 of resolution 1572\n(2004) and its other measures;\n2. Decides to remain seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(refs(&doc), vec!["1", "2"]);
}

#[test]
fn symbol_wins_over_a_mistyped_title() {
    let text = "S/RES/2999 (2026)\nResolution 2999 (206)\nAdopted by the Security Council at its 9999th meeting, on 1 May 2026\nThe Security Council,\n1. Decides to remain seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(doc.masthead.number, Some(2999));
    assert_eq!(doc.masthead.year, Some(2026));
}

#[test]
fn annex_titles_with_ids_and_numbering_restarts_after_the_seized_clause() {
    let text = "The Security Council,\n1. Endorses the plan;\n2. Decides to remain seized of the matter.\nAnnex A: Joint Plan of Action, Lumen, 3 May 2026\nPREFACE\n1. The parties will act.\n2. The parties will report.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(refs(&doc), vec!["1", "2", "annex.p1", "annex.1", "annex.2"]);
    let restart = "The Security Council,\n1. Endorses the plan;\n2. Decides to remain actively seized of the matter.\nJoint Plan of Action\n1. The parties will act.\n";
    let doc = parse(restart.to_string(), SourceFormat::Text);
    assert_eq!(doc.operative_paragraphs().count(), 2, "{:?}", refs(&doc));
    assert!(doc.annex_start.is_some());
    for not_title in [
        "Annexes to this resolution are binding,",
        "Annexation of territory is inadmissible",
        "Annex I of resolution 2231 (2015) sets out the list;",
    ] {
        assert!(!is_annex_title(not_title), "{not_title}");
    }
    for title in [
        "Annex",
        "ANNEX",
        "Annex II",
        "Annex A: Joint Comprehensive Plan of Action (JCPOA), Vienna, 14 July 2015",
        "Annex \u{2014} Benchmarks",
    ] {
        assert!(is_annex_title(title), "{title}");
    }
}

/// Drafts written for these tests in the style of recent mandates (not copied from any
/// resolution): one paragraph per line, as the UN's own text layout has it.
fn op_refs(text: &str) -> Vec<String> {
    let doc = parse(text.to_string(), SourceFormat::Text);
    doc.clauses
        .iter()
        .filter(|c| matches!(c.part, Part::Operative | Part::Heading))
        .map(|c| c.reference.to_string())
        .collect()
}

#[test]
fn the_item_after_and_is_its_own_clause() {
    let text = "The Security Council,\nRecalling its resolutions on Zandor,\n2. Decides that UNSMZ shall:\n(a) monitor the ceasefire along the Velo river;\n(b) support the redeployment of forces from the port of Lumen;\n(c) work with the parties so that the port is secured by local police in accordance with Zandorian law; and\n(d) coordinate United Nations support to the parties;\n3. Decides to remain seized of the matter.\n";
    assert_eq!(
        op_refs(text),
        vec!["2", "2(a)", "2(b)", "2(c)", "2(d)", "3"]
    );
    // Also after ", and", when the next label continues the sequence.
    let comma = text.replace("Zandorian law; and", "Zandorian law, and");
    assert_eq!(op_refs(&comma), op_refs(text));
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert!(clause(&doc, "2(c)")
        .norm
        .text
        .ends_with("Zandorian law; and"));
}

#[test]
fn heading_items_hold_their_tasks() {
    let text = "The Security Council,\nRecalling its resolutions on Zandor,\nPriority tasks\n38. Decides that the mandate of UNSMZ shall include the following priority tasks:\n(a) Protection of civilians\n(i) To protect civilians under threat of physical violence;\n(ii) To deter attacks on camps for displaced persons;\n(b) *Support for the extension of State authority, the deployment of the national security forces and the preservation of territorial integrity*\n(i) To support the Government in extending State authority;\n(ii) To provide planning and logistical support for the redeployment of vetted units of the Zandorian armed forces;\n(iii) To support the handover of static guard duties to the national police;\n(c) Good offices and support to the peace process\n(i) To support the implementation of the peace agreement;\n(ii) To coordinate regional and international support;\n(d) Facilitate the safe and unhindered delivery of humanitarian assistance\nTo improve coordination with humanitarian actors;\n(e) Protection of the United Nations\nTo protect United Nations personnel and installations;\nOther tasks\n39. Further authorizes UNSMZ to pursue the following tasks:\n(a) Security sector reform\n(i) To advise the Ministry of Defence on a national defence policy;\nUrgent temporary measures:\n(ii) To adopt urgent measures at the request of the Government;\n40. Decides to remain actively seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(
        op_refs(text),
        vec![
            "h1",
            "38",
            "38(a)",
            "38(a)(i)",
            "38(a)(ii)",
            "38(b)",
            "38(b)(i)",
            "38(b)(ii)",
            "38(b)(iii)",
            "38(c)",
            "38(c)(i)",
            "38(c)(ii)",
            "38(d)",
            "38(d).p1",
            "38(e)",
            "38(e).p1",
            "h2",
            "39",
            "39(a)",
            "39(a)(i)",
            "h3",
            "39(a)(ii)",
            "40"
        ]
    );
    assert_eq!(
        clause(&doc, "38(b)(ii)")
            .parent
            .and_then(|p| doc.clauses.get(p))
            .map(|p| p.reference.as_str()),
        Some("38(b)")
    );
    assert_eq!(
        clause(&doc, "38(b)(ii)").label.as_ref().map(|l| l.kind),
        Some(LabelKind::ParenRoman)
    );
    assert_eq!(&*clause(&doc, "h3").norm.text, "Urgent temporary measures:");
    // Heading items are marked as such; their tasks and sentence items are not.
    let titles: Vec<&str> = doc
        .clauses
        .iter()
        .filter(|c| c.title)
        .map(|c| c.reference.as_str())
        .collect();
    assert_eq!(
        titles,
        vec!["38(a)", "38(b)", "38(c)", "38(d)", "38(e)", "39(a)"]
    );
    assert_eq!(clause(&doc, "h1").part, Part::Heading);
    assert_eq!(
        &*clause(&doc, "38(d).p1").norm.text,
        "To improve coordination with humanitarian actors;"
    );
}

#[test]
fn letters_run_on_across_pillars_and_a_lead_in_keeps_its_dash_items() {
    let text = "The Security Council,\nRecalling its resolutions on Zandor,\n36. Decides that the mandate of UNSMZ shall include the following tasks in priority order:\n(i) Protection of civilians under threat of physical violence, by taking all necessary measures to ensure effective, timely and integrated protection\n(a) Prevent and deter armed groups from inflicting violence on the population;\n(b) Maintain a proactive and mobile posture;\n(ii) Disarmament, demobilization and reintegration\n(c) Provide good offices and advice to the Government on the national programme;\n(d) Support the reintegration of former combatants;\n(iii) Security sector reform (SSR)\n(e) Provide good offices and strategic advice to the Government and coordinate international partners in order to:\n– accelerate national ownership of SSR, including of the reform of the défense and security institutions;\n– Support the vetting of personnel of the armed forces\n– promote civilian oversight of the defence sector;\n37. Decides to remain seized of the matter.\n";
    assert_eq!(
        op_refs(text),
        vec![
            "36",
            "36(i)",
            "36(i)(a)",
            "36(i)(b)",
            "36(ii)",
            "36(ii)(c)",
            "36(ii)(d)",
            "36(iii)",
            "36(iii)(e)",
            "36(iii)(e)-1",
            "36(iii)(e)-2",
            "36(iii)(e)-3",
            "37"
        ]
    );
    // With letters past (h), "(i)" under the next pillar is the letter i.
    let mut long = String::from(
        "The Security Council,\n5. Decides that UNSMZ shall:\n(i) Protection of civilians\n",
    );
    for l in ["a", "b", "c", "d", "e", "f", "g", "h"] {
        long.push_str(&format!("({l}) To act on {l};\n"));
    }
    long.push_str("(ii) Stabilization\n(i) To support the Government;\n(j) To support the provinces;\n6. Decides to remain seized of the matter.\n");
    let doc = parse(long, SourceFormat::Text);
    let i = clause(&doc, "5(ii)(i)");
    assert_eq!(
        i.label.as_ref().map(|l| l.kind),
        Some(LabelKind::ParenLetter)
    );
    assert_eq!(i.label.as_ref().map(|l| l.value), Some(9));
    assert!(doc.clause_by_ref("5(ii)(j)").is_some(), "{:?}", refs(&doc));
}

#[test]
fn dot_labels_dash_items_under_numerals_and_numbered_items() {
    let text = "The Security Council,\n19. Decides that:\na. before any transfer the supplying State shall notify the Committee;\nb. where an item is sold, the State shall report:\ni. the end user;\nii. the quantity; and\niii. the storage location;\n20. Requests the Secretary-General to report:\n(a) on the support to the armed forces, including:\n(i) the training of units:\n– on human rights;\n– on the protection of civilians;\n(ii) the reform of the défense ministry;\n21. Determines that the parties shall take the measures below:\n(1) Patrols: achieve full freedom of movement\n(2) Team sites: open the site at Lumen;\n22. Encourages UNSMZ to support the authorities in their efforts to:\na. advance State-building;\nb. support peacebuilding, including:\ni. local governance;\nii. plans that are in place and implemented to:\n1. protect civilians in areas of military operations;\n2. ensure balanced support to recovered areas;\n23. Decides to remain seized of the matter.\n";
    assert_eq!(
        op_refs(text),
        vec![
            "19",
            "19(a)",
            "19(b)",
            "19(b)(i)",
            "19(b)(ii)",
            "19(b)(iii)",
            "20",
            "20(a)",
            "20(a)(i)",
            "20(a)(i)-1",
            "20(a)(i)-2",
            "20(a)(ii)",
            "21",
            "21(1)",
            "21(2)",
            "22",
            "22(a)",
            "22(b)",
            "22(b)(i)",
            "22(b)(ii)",
            "22(b)(ii)(1)",
            "22(b)(ii)(2)",
            "23"
        ]
    );
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(
        clause(&doc, "19(b)(i)").label.as_ref().map(|l| l.kind),
        Some(LabelKind::DotRoman)
    );
    assert_eq!(
        clause(&doc, "21(2)")
            .label
            .as_ref()
            .map(|l| (l.kind, l.value)),
        Some((LabelKind::Number, 2))
    );
    // The numbered items of 22(b)(ii) are not paragraphs 1 and 2.
    assert_eq!(doc.numbered_paragraphs().count(), 5);
}

#[test]
fn headings_in_the_operative_part_are_never_preambular() {
    let text = "The Security Council,\nRecalling its previous resolutions on Zandor,\nActing under Chapter VII of the Charter of the United Nations,\nMandate of UNSMZ\n1. Decides to extend the mandate of UNSMZ until 30 April 2027;\nProtection of civilians\n2. Demands that all parties protect civilians;\n2a: Targeted sanctions\n3. Decides to renew the measures imposed by paragraph 2 of resolution 2999 (2026);\nReporting:\n4. Requests the Secretary-General to report every 90 days on the situation in Zandor, including on the situation of women and girls;\n(i) Exemptions and notifications\n5. Decides that the measures shall not apply to supplies for the national armed forces;\n6. Decides to remain seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(
        op_refs(text),
        vec!["h1", "1", "h2", "2", "h3", "3", "h4", "4", "h5", "5", "6"]
    );
    assert_eq!(doc.preambular().count(), 2);
    let h5 = clause(&doc, "h5");
    assert_eq!(&*h5.norm.text, "Exemptions and notifications");
    assert!(h5.span.slice(&doc.text).starts_with("(i)"));
    assert!(doc.clause_by_ref("4(i)").is_none());
    let numbers: Vec<u32> = doc
        .numbered_paragraphs()
        .filter_map(|(_, c)| c.label.as_ref().map(|l| l.value))
        .collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6]);
}

#[test]
fn paragraph_number_and_first_item_on_one_line() {
    let text = "The Security Council,\n58. (a)\tRequests the Secretary-General to report on “benchmarks” by 15 June 2027;\n(b) Further requests an evaluation of the support provided to the armed forces;\n59. Decides to remain actively seized of the matter.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(op_refs(text), vec!["58", "58(a)", "58(b)", "59"]);
    let a = clause(&doc, "58(a)");
    assert!(a.norm.text.starts_with("Requests the Secretary-General"));
    assert_eq!(
        a.label.as_ref().map(|l| l.span.slice(&doc.text)),
        Some("(a)")
    );
    assert_eq!(clause(&doc, "58").span.slice(&doc.text), "58.");
}

#[test]
fn page_headers_with_page_numbers_are_furniture() {
    let text = "The Security Council,\n1. Calls upon all States to implement the Convention on the Rights of the\n/...\n\nS/RES/2999 (2026) Page 2\nChild and to end impunity;\n2. Decides to remain seized of the matter.\n2/5 26-01234\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert_eq!(op_refs(text), vec!["1", "2"]);
    assert!(clause(&doc, "1")
        .norm
        .text
        .ends_with("Child and to end impunity;"));
}

/// S/RES/2713 (2023) in the paragraph-structured text: the footnote of the annex title
/// that follows, "* (Not applicable to …)", printed on a line after the closing
/// paragraph. It is a footnote, not an item of that paragraph.
#[test]
fn an_asterisk_footnote_after_the_closing_paragraph_is_a_footnote() {
    let text = "The Security Council,\n\nRecalling its resolutions on Zandor,\n\n1. Decides that the measures shall not apply to the items listed in annex A;\n\n2. Decides to remain actively seized of the matter.\n* (Not applicable to the Government of Zandor)\nAnnex A – Items subject to a no-objection process*\n1. Surface to air missiles;\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert!(clause(&doc, "2").children.is_empty(), "{:?}", refs(&doc));
    assert!(doc.footnotes.iter().any(|f| f.marker == "*"));
    assert_eq!(clause(&doc, "annex.1").part, Part::Annex);
    // A "* (" line anywhere else is text as before.
    let mid = "The Security Council,\n\n1. Decides as follows:\n* (a) the first measure;\n\n2. Decides to remain seized of the matter.\n";
    let doc = parse(mid.to_string(), SourceFormat::Text);
    assert!(doc.footnotes.iter().all(|f| f.marker != "*"));
}

/// A masthead whose adoption line gives no meeting, and no enacting formula after it
/// (S/RES/2573 (2021)): the adoption line is the masthead's, the resolution adopted.
#[test]
fn an_adoption_line_without_meeting_or_formula_is_the_masthead() {
    let text = "Resolution 3101 (2031)\nAdopted by the Security Council on 27 April 2031\nReiterating its primary responsibility for the maintenance of international peace and security,\n1. Strongly condemns attacks against civilians;\n2. Requests the Secretary-General to report every 90 days.\n";
    let doc = parse(text.to_string(), SourceFormat::Text);
    assert!(doc.masthead.adopted);
    assert!(!doc.masthead.draft);
    assert_eq!(doc.masthead.date.as_deref(), Some("27 April 2031"));
    assert_eq!(refs(&doc), vec!["pp1", "1", "2"]);
}

/// "11 Condemns …" after paragraph 10 (S/RES/2730 (2024)): paragraph 11 with its full
/// stop missing, reported, not a continuation of 10 that makes the numbering jump.
#[test]
fn a_paragraph_number_without_its_full_stop() {
    let text = DRAFT.replace(
        "3. Decides to remain actively seized",
        "3 Decides to remain actively seized",
    );
    let doc = parse(text, SourceFormat::Text);
    let third = clause(&doc, "3");
    assert_eq!(third.parent, None);
    assert_eq!(third.label.as_ref().map(|l| l.value), Some(3));
    assert!(
        third.norm.text.starts_with("Decides"),
        "{}",
        third.norm.text
    );
    let issues: Vec<&str> = doc.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        issues,
        ["paragraph 3 is numbered \"3\" without the full stop after it (write \"3.\")"]
    );
    // Only the number that follows: "5 Decides" after paragraph 2 is no paragraph 5.
    let doc = parse(
        DRAFT.replace("3. Decides to remain", "5 Decides to remain"),
        SourceFormat::Text,
    );
    assert!(doc.clause_by_ref("5").is_none());
    assert!(
        !doc.issues.iter().any(|i| i.message.contains("full stop")),
        "{:?}",
        doc.issues
    );
}

/// The language server's parse (`parse_reusing`, given the last document) resumes the
/// last walk before the edit and rejoins it after: the same document as a fresh parse,
/// with the clauses outside the edit taken from the last one, moved; edits that add or
/// remove clauses, or change what the walk carries past the edit, included.
#[test]
fn a_resumed_walk_gives_a_fresh_parse() {
    let cues = ParseCues::embedded();
    let long = DRAFT.replace(
        "3. Decides to remain",
        "3. Requests UNSMZ to support the reform of the “armed forces” — in Zandor;\n\n\
         4. Requests the Secretary-General to report;\n\n\
         5. Decides to remain",
    );
    let typed = [
        // In 2(a)(ii), after the em dash: one paragraph walked again.
        ("Ministry of Defence", "Ministry of Defence and Interior"),
        // A new item between (i) and (ii), which renumbers nothing.
        ("(ii) To support", "(ia) To help;\n\n(ii) To support"),
        // A new paragraph: the clauses after it move by one.
        ("4. Requests", "3bis. Notes;\n\n4. Requests"),
        // Paragraph 3 loses its number: it joins paragraph 2's last item.
        ("3. Requests UNSMZ", "Requests UNSMZ"),
        // "remain seized" removed from the last paragraph.
        ("remain actively seized", "remain engaged"),
        // Paragraph 4 numbered 3 like the one before it: references "3" and "3~2".
        (
            "4. Requests the Secretary-General",
            "3. Requests the Secretary-General",
        ),
        // The last paragraph numbered 1 like the first: "1~2", its repeat before it.
        ("5. Decides to remain", "1. Decides to remain"),
        // A preambular paragraph more: those after it are numbered on ("pp3", "pp4").
        (
            "Welcoming the signing",
            "Noting the report — of 1 May,\n\nWelcoming the signing",
        ),
        // A heading more ("h2"), and an unnumbered paragraph ("op1").
        ("4. Requests", "Reporting\n\n4. Requests"),
        (
            "5. Decides",
            "Further decides to review the mandate;\n\n5. Decides",
        ),
    ];
    let mut resumed = 0;
    for (from, to) in typed {
        let edited = long.replacen(from, to, 1);
        assert_ne!(edited, long, "{from:?} is in the draft");
        for (before, after) in [(&long, &edited), (&edited, &long)] {
            let mut norms = NormCache::default();
            let edit = TextEdit::between("", before);
            let last = parse_reusing(
                before.clone(),
                SourceFormat::Text,
                (cues, 1),
                &mut norms,
                edit,
                None,
            );
            let edit = TextEdit::between(before, after);
            let doc = parse_reusing(
                after.clone(),
                SourceFormat::Text,
                (cues, 1),
                &mut norms,
                edit,
                Some(&last),
            );
            let fresh = parse(after.clone(), SourceFormat::Text);
            assert_eq!(doc.clauses, fresh.clauses, "{from:?} → {to:?}");
            assert_eq!(doc.lines, fresh.lines, "{from:?} → {to:?}");
            assert_eq!(
                (doc.council_line, doc.annex_start, &doc.issues),
                (fresh.council_line, fresh.annex_start, &fresh.issues)
            );
            let walk = norms.last_walk();
            let content = after.lines().filter(|l| !l.trim().is_empty()).count();
            assert!(walk.lines_walked < content, "{walk:?} of {content} lines");
            resumed += usize::from(walk.resumed_after.is_some() && walk.rejoined_at.is_some());
            // Other cue lists: nothing of the last walk is taken.
            let doc = parse_reusing(
                after.clone(),
                SourceFormat::Text,
                (cues, 2),
                &mut norms,
                TextEdit::between(after, after),
                Some(&doc),
            );
            assert_eq!(doc.clauses, fresh.clauses);
            assert_eq!(norms.last_walk().resumed_after, None);
        }
    }
    // The three edits in the last paragraph have no paragraph after them to rejoin at,
    // nor the new preambular paragraph one before it to resume at; the others have both.
    assert!(
        resumed >= 2 * (typed.len() - 4),
        "{resumed} of {} parses resumed and rejoined",
        2 * typed.len()
    );
}
