//! The Akoma Ntoso reader states the clause tree from the markup (paragraphs, lists,
//! points, sub-lists, intros, wrap-ups, headings) instead of re-reading the text it
//! renders. The draft below is written for this test in the shape of the UN's AKN4UN
//! files, with the irregular markup those files contain (a sub-list after its point,
//! titles marked up as unlabelled points, an item marked up as a paragraph of its own).

use mandate_lint::input::{read_bytes, Limits, OutlineKind, Source};
use mandate_lint::model::{Document, LabelKind, Part, SourceFormat};
use mandate_lint::parse::{parse, parse_source};
use mandate_lint::{CheckOptions, Engine};

const DRAFT: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta>
      <identification source="#un">
        <FRBRWork>
          <FRBRthis value="/akn/un/statement/deliberation/unsc/2026-03-01/2999-2026/!main/"/>
          <FRBRdate date="2026-03-01" name="adoption"/>
        </FRBRWork>
      </identification>
      <workflow source="#un"><step date="2026-03-01" outcome="adopted"/></workflow>
    </meta>
    <preamble>
      <formula name="enactingFormula" eId="formula_1"><p>The Security Council,</p></formula>
      <container name="Recalling" eId="container_2">
        <p><span class="italic">Recalling</span> its resolutions on the République de Zandor and the “Lumen Agreement”,</p>
      </container>
      <container name="Acting" eId="container_3">
        <p><span class="italic">Acting</span> under Chapter VII of the Charter of the United Nations,</p>
      </container>
    </preamble>
    <mainBody>
      <paragraph eId="para_4" class="H23"><subheading>Mandate of UNSMZ</subheading></paragraph>
      <paragraph eId="para_5" class="SingleTxt">
        <num>1.</num>
        <list eId="para_5_list">
          <intro eId="para_5_list_intro"><p><span class="italic">Decides</span> that the mandate of UNSMZ shall include the following tasks:</p></intro>
          <point eId="para_5_list_point_i">
            <num>(i)</num>
            <content><p><span class="bold">Protection of civilians</span></p></content>
          </point>
          <sublist eId="para_5_list_point_i_sublist">
            <point eId="para_5_list_point_i_sublist_point_a"><num>(a)</num><content><p>To protect civilians under threat of physical violence;</p></content></point>
            <point eId="para_5_list_point_i_sublist_point_h"><num>(h)</num><content><p>To deter attacks on displaced persons;</p></content></point>
          </sublist>
          <point eId="para_5_list_point_ii">
            <num>(ii)</num>
            <content><p><span class="bold">Support to the défense sector</span></p></content>
          </point>
          <sublist eId="para_5_list_point_ii_sublist">
            <intro><p><span class="italic">Stabilization</span></p></intro>
            <point eId="para_5_list_point_ii_sublist_point_i"><num>(i)</num><content><p>To support the Ministry of Defence in drafting a national defence policy;</p></content></point>
            <point eId="para_5_list_point_ii_sublist_point_iii">
              <content><p>Urgent temporary measures:</p></content>
            </point>
            <sublist eId="para_5_list_point_ii_sublist_point_iii_sublist">
              <point eId="para_5_list_point_ii_sublist_point_iii_sublist_point_j"><num>(j)</num><content><p>To advise on the vetting of personnel of the armed forces — in line with resolution 2553 (2020);</p></content></point>
            </sublist>
            <point eId="para_5_list_point_ii_sublist_point_k">
              <subheading>Security sector reform:</subheading>
              <num>(k)</num>
              <content><p>To provide good offices to the Government in order to:</p></content>
            </point>
            <sublist eId="para_5_list_point_ii_sublist_point_k_sublist">
              <point eId="para_5_list_point_ii_sublist_point_k_sublist_point_1"><num>–</num><content><p>promote civilian oversight of the armed forces;</p></content></point>
              <point eId="para_5_list_point_ii_sublist_point_k_sublist_point_2"><num>–</num><content><p>support the parliamentary defence committee;</p></content></point>
            </sublist>
          </sublist>
          <point eId="para_5_list_point_iii">
            <num>(iii)</num>
            <content><p><span class="bold">Humanitarian assistance</span></p></content>
          </point>
          <sublist eId="para_5_list_point_iii_sublist">
            <point eId="para_5_list_point_iii_sublist_point_1"><content><p>To improve coordination with humanitarian actors;</p></content></point>
          </sublist>
          <wrapUp><p>and <span class="italic">requests</span> the Secretary-General to report on these tasks;</p></wrapUp>
        </list>
      </paragraph>
      <paragraph eId="para_6" class="SingleTxt">
        <num>2.</num>
        <content><p><span class="italic">Requests</span> the Secretary-General to provide the following support:</p></content>
      </paragraph>
      <paragraph eId="para_7" class="SingleTxt">
        <num>(a)</num>
        <content><p>The provision of rations and fuel;</p></content>
      </paragraph>
      <paragraph eId="para_8" class="SingleTxt">
        <content><p>while fully respecting the sovereignty of Zandor;</p></content>
      </paragraph>
      <p>*</p>
      <paragraph eId="para_9" class="SingleTxt">
        <content><p>Reporting</p></content>
      </paragraph>
      <paragraph eId="para_10" class="SingleTxt">
        <num>3.</num>
        <content><p><span class="italic">Decides</span> to remain actively seized of the matter.<authorialNote marker="1"><p>S/2026/100.</p></authorialNote></p></content>
      </paragraph>
    </mainBody>
    <attachments>
      <attachment>
        <doc name="annex">
          <mainBody>
            <paragraph eId="annex_para_1"><heading>Benchmarks</heading></paragraph>
            <paragraph eId="annex_para_2"><num>1.</num><content><p>Adoption of a national defence policy;</p></content></paragraph>
          </mainBody>
        </doc>
      </attachment>
    </attachments>
  </statement>
</akomaNtoso>
"##;

fn source() -> Source {
    match read_bytes("draft.xml", DRAFT.as_bytes(), None, &Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn tree(doc: &Document) -> Vec<String> {
    doc.clauses
        .iter()
        .map(|c| {
            let parent = c
                .parent
                .and_then(|p| doc.clauses.get(p))
                .map_or("", |p| p.reference.as_str());
            format!("{}<{parent}", c.reference)
        })
        .collect()
}

fn clause<'a>(doc: &'a Document, r: &str) -> &'a mandate_lint::model::Clause {
    match doc.clause_by_ref(r) {
        Some((_, c)) => c,
        None => panic!("no clause {r} in {:?}", tree(doc)),
    }
}

#[test]
fn the_reader_states_the_tree_of_the_markup() {
    let source = source();
    assert_eq!(source.format, SourceFormat::AkomaNtoso);
    let outline = source
        .outline
        .as_ref()
        .expect("an AKN source states its structure");
    assert!(outline.formula.is_some());
    assert!(outline.nodes.iter().any(|n| n.kind == OutlineKind::Heading));
    let doc = parse_source(&source);
    assert_eq!(
        tree(&doc),
        vec![
            "pp1<",
            "pp2<",
            "h1<",
            "1<",
            "1(i)<1",
            "1(i)(a)<1(i)",
            "1(i)(h)<1(i)",
            "1(ii)<1",
            "h2<",
            "1(ii)(i)<1(ii)",
            "h3<",
            "1(ii)(j)<1(ii)",
            "h4<",
            "1(ii)(k)<1(ii)",
            "1(ii)(k)-1<1(ii)(k)",
            "1(ii)(k)-2<1(ii)(k)",
            "1(iii)<1",
            "1(iii).p1<1(iii)",
            "2<",
            "2(a)<2",
            "h5<",
            "3<",
            "annex.p1<",
            "annex.1<",
        ]
    );
    // Headings are the sub-headings, titles and heading classes of the markup.
    let headings: Vec<&str> = doc
        .clauses
        .iter()
        .filter(|c| c.part == Part::Heading)
        .map(|c| &*c.norm.text)
        .collect();
    assert_eq!(
        headings,
        vec![
            "Mandate of UNSMZ",
            "Stabilization",
            "Urgent temporary measures:",
            "Security sector reform:",
            "Reporting"
        ]
    );
    // "(i)" after "(h)" under the previous pillar is the letter i; "(i)" opening a
    // list is the numeral.
    let kind = |r: &str| clause(&doc, r).label.as_ref().map(|l| (l.kind, l.value));
    assert_eq!(kind("1(ii)(i)"), Some((LabelKind::ParenLetter, 9)));
    assert_eq!(kind("1(i)"), Some((LabelKind::ParenRoman, 1)));
    assert_eq!(kind("1(ii)(k)-1"), Some((LabelKind::Dash, 0)));
    assert_eq!(kind("2(a)"), Some((LabelKind::ParenLetter, 1)));
    let titles: Vec<&str> = doc
        .clauses
        .iter()
        .filter(|c| c.title)
        .map(|c| c.reference.as_str())
        .collect();
    assert_eq!(titles, vec!["1(i)", "1(ii)", "1(iii)"]);
}

#[test]
fn clause_text_and_spans_point_into_the_rendered_text() {
    let source = source();
    let doc = parse_source(&source);
    let one = clause(&doc, "1");
    // The introduction and the wrap-up are the paragraph's own text; its items are not.
    assert_eq!(
        &*one.norm.text,
        "Decides that the mandate of UNSMZ shall include the following tasks: and requests the Secretary-General to report on these tasks;"
    );
    assert!(one.span.slice(&doc.text).starts_with("1. Decides that"));
    assert_eq!(
        one.label.as_ref().map(|l| l.span.slice(&doc.text)),
        Some("1.")
    );
    let j = clause(&doc, "1(ii)(j)");
    assert!(j
        .norm
        .text
        .contains("armed forces — in line with resolution 2553 (2020);"));
    let at = j.norm.text.find("armed forces").expect("present");
    let span = j
        .norm
        .span_to_original(mandate_lint::span::Span::new(at, at + 12));
    assert_eq!(span.slice(&doc.text), "armed forces");
    // The origin map still says where the bytes came from.
    let desc = source.describe(span.start).unwrap_or_default();
    assert!(desc.starts_with("XML line "), "{desc}");
    assert!(
        desc.contains("para_5_list_point_ii_sublist_point_iii_sublist_point_j"),
        "{desc}"
    );
    // A point that opens in lower case continues the clause before it.
    assert_eq!(
        &*clause(&doc, "2(a)").norm.text,
        "The provision of rations and fuel; while fully respecting the sovereignty of Zandor;"
    );
    assert_eq!(
        &*clause(&doc, "pp1").norm.text,
        "Recalling its resolutions on the République de Zandor and the “Lumen Agreement”,"
    );
    assert!(doc.chapter_vii.is_some());
    assert!(doc.council_line.is_some());
    assert!(doc.annex_start.is_some());
    assert_eq!(doc.footnotes.len(), 1);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    for c in &doc.clauses {
        assert!(doc.text.get(c.span.start..c.span.end).is_some());
        assert!(doc.text.get(c.body.start..c.body.end).is_some());
    }
}

#[test]
fn the_engine_checks_with_the_stated_tree() {
    let engine = match Engine::embedded() {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let source = source();
    let checked = engine.check_source(&source, &CheckOptions::default());
    assert_eq!(tree(&checked.doc), tree(&parse_source(&source)));
    assert_eq!(checked.analysis.clauses.len(), checked.doc.clauses.len());
    // Without the outline the rendered text is read as text, and still gives a tree.
    let from_text = parse(source.text.clone(), SourceFormat::AkomaNtoso);
    assert!(from_text.clause_by_ref("1(ii)(k)").is_some());
}

/// Titles in the preamble ("Degrading the threat …" in bold, bare or in an unnamed
/// container, as S/RES/2713 (2023) and 2776 (2025) have them) are headings, and a
/// "Designation Annex" heading after the closing paragraph starts the annex (S/RES/2794
/// (2025)), so its numbered list is not read as operative paragraphs 1 and 2 again.
#[test]
fn preamble_titles_are_headings_and_a_designation_annex_is_an_annex() {
    let xml = r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#un"><FRBRWork><FRBRthis value="/akn/un/statement/deliberation/unsc/2031-03-01/3101-2031/!main/"/></FRBRWork></identification></meta>
    <preamble>
      <formula name="enactingFormula"><p>The Security Council,</p></formula>
      <container name="Recalling" eId="container_1"><p><span class="italic">Recalling</span> its resolutions on Zandor,</p></container>
      <p><span class="bold">Degrading the threat posed by armed groups, and the arms embargo</span></p>
      <container name="Expressing" eId="container_2"><p><span class="italic">Expressing</span> concern at the flow of weapons,</p></container>
      <container name="" eId="container_3"><p><span class="bold">Monitoring the arms embargo</span></p></container>
      <container name="Noting" eId="container_4"><p><span class="italic">Noting</span> the report of the Panel of Experts,</p></container>
    </preamble>
    <mainBody>
      <paragraph eId="para_1"><num>1.</num><content><p><span class="italic">Decides</span> that the measures shall apply to the individuals listed in the annex to this resolution;</p></content></paragraph>
      <paragraph eId="para_2"><num>2.</num><content><p><span class="italic">Decides</span> to remain actively seized of the matter.</p></content></paragraph>
      <paragraph eId="para_3" class="HCh"><heading>Designation Annex</heading></paragraph>
      <paragraph eId="para_4"><num>1.</num><content><p>Jan Doe has engaged in acts that threaten the peace of Zandor.</p></content></paragraph>
      <paragraph eId="para_5"><num>2.</num><content><p>John Roe has supported criminal activities in Zandor.</p></content></paragraph>
    </mainBody>
  </statement>
</akomaNtoso>
"##;
    let source = match read_bytes("designation.xml", xml.as_bytes(), None, &Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let doc = parse_source(&source);
    let parts: Vec<(String, Part)> = doc
        .clauses
        .iter()
        .map(|c| (c.norm.text.chars().take(24).collect(), c.part))
        .collect();
    let part_of = |start: &str| {
        parts
            .iter()
            .find(|(t, _)| t.starts_with(start))
            .map(|(_, p)| *p)
            .unwrap_or_else(|| panic!("no clause {start:?} in {parts:?}"))
    };
    assert_eq!(part_of("Degrading the threat"), Part::Heading);
    assert_eq!(part_of("Monitoring the arms"), Part::Heading);
    assert_eq!(part_of("Expressing concern"), Part::Preambular);
    assert_eq!(part_of("Jan Doe"), Part::Annex);
    assert_eq!(part_of("John Roe"), Part::Annex);
    let operative: Vec<&str> = doc
        .clauses
        .iter()
        .filter(|c| c.part == Part::Operative)
        .map(|c| c.reference.as_str())
        .collect();
    assert_eq!(operative, vec!["1", "2"]);
    // Nothing editorial to say about it: the titles need no comma, the annex's list
    // is not operative numbering.
    let engine = Engine::embedded().expect("embedded rules");
    let checked = engine.check_source(&source, &CheckOptions::default());
    let res: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("RES"))
        .map(|d| d.code.as_str())
        .collect();
    assert!(res.is_empty(), "{res:?}");
}

/// A paragraph whose number the markup leaves in its text, without `<num>` or full stop
/// ("11\tCondemns …" in S/RES/2730 (2024)), is that paragraph, not an unnumbered one
/// that makes the numbering jump; the missing full stop is reported.
#[test]
fn a_number_left_in_the_text_without_its_full_stop_is_the_paragraph() {
    let numbered = "<num>3.</num>\n        <content><p><span class=\"italic\">Decides</span>";
    assert!(DRAFT.contains(numbered));
    let xml = DRAFT.replace(
        numbered,
        "<content><p>\t3\t<span class=\"italic\">Decides</span>",
    );
    let source = match read_bytes("draft.xml", xml.as_bytes(), None, &Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let doc = parse_source(&source);
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
}
