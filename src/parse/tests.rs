use super::*;

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
        pp1.norm.text,
        "Welcoming the commencement of deliberations by the National Parliament on the establishment of follow-on institutions,"
    );
    let one = clause(&doc, "1");
    assert_eq!(
        one.norm.text,
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
        clause(&doc, "pp1").norm.text,
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
        clause(&doc, "pp1").norm.text,
        "Recalling its resolution 2151 (2014),"
    );
    assert_eq!(
        clause(&doc, "1").norm.text,
        "Decides to extend the mandate of UNSMZ;"
    );
    assert_eq!(clause(&doc, "h1").norm.text, "Mandate of UNSMZ");
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
