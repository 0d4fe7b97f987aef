//! A draft resolution in Word form, built here with the zip crate: list numbering for
//! operative paragraphs and (a)/(b) sub-paragraphs (one through a paragraph style),
//! italic opening words split over runs, a tracked insertion and deletion, a deleted
//! numbered paragraph, a comment, a footnote, a table. Checks the rendered text, the
//! italics, the notes and the "Word paragraph N" descriptions.

use std::io::{Cursor, Write};

use mandate_lint::input::{read_bytes, Limits, Source};
use mandate_lint::model::SourceFormat;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn numbering() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<w:numbering {W}>
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/><w:pStyle w:val="SubPara"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#
    )
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<w:styles {W}>
  <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="SubPara"><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="character" w:styleId="Opening"><w:rPr><w:i/></w:rPr></w:style>
</w:styles>"#
    )
}

fn p(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn numbered(level: u32, inner: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>{inner}</w:p>"#
    )
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn italic(text: &str) -> String {
    format!(r#"<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn document() -> String {
    let body = [
        // 1
        p(&run("Draft resolution")),
        // 2: the opening words in two italic runs, split by formatting.
        p(&format!("{}{}{}", italic("Recall"), italic("ing"), run(" its resolution 2151 (2014),"))),
        // 3: a footnote reference after "2553 (2020)".
        p(&format!(
            r#"{}{}<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r>{}"#,
            italic("Reaffirming"),
            run(" resolution 2553 (2020)"),
            run(",")
        )),
        // 4
        p(&run("Acting under Chapter VII of the Charter of the United Nations,")),
        // 5 → "1." with a tracked insertion and a tracked deletion, and a comment.
        numbered(
            0,
            &format!(
                r#"{}{}<w:commentRangeStart w:id="0"/><w:ins w:id="1" w:author="A">{}</w:ins><w:del w:id="2" w:author="B"><w:r><w:delText>not </w:delText></w:r></w:del>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
                italic("Decides"),
                run(" to extend the mandate of the Mission"),
                run(" until 30 June 2026"),
                run(";")
            ),
        ),
        // 6 → "2." with a tab and a line break inside.
        numbered(
            0,
            r#"<w:r><w:rPr><w:rStyle w:val="Opening"/></w:rPr><w:t>Requests</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">the Mission to:</w:t></w:r>"#,
        ),
        // 7 → "(a)" through the SubPara style (numbering from styles.xml, level from w:lvl/w:pStyle).
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="SubPara"/></w:pPr>{}</w:p>"#,
            run("Support the reform of the national armed forces;")
        ),
        // 8 → "(b)"
        numbered(1, &run("Advise the Ministry of Defence;")),
        // 9: a numbered paragraph deleted with tracked changes: gone, takes no number.
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="9" w:author="B"/></w:rPr></w:pPr><w:del w:id="10" w:author="B"><w:r><w:delText>Deleted paragraph;</w:delText></w:r></w:del></w:p>"#.to_string(),
        // 10 → "3." (a) restarts under a new paragraph: the next sub-item is (a) again.
        numbered(0, &format!("{}{}", italic("Decides"), run(" to remain actively seized of the matter."))),
        // 11: a table cell paragraph.
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell text</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.to_string(),
    ]
    .concat();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn footnotes() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<w:footnotes {W}>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> See S/2020/1143.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#
    )
}

fn comments() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<w:comments {W}><w:comment w:id="0" w:author="C"><w:p><w:r><w:t>Check the date with DPO</w:t></w:r></w:p></w:comment></w:comments>"#
    )
}

fn build_docx() -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default();
    let parts = [
        ("[Content_Types].xml", "<Types/>".to_string()),
        ("word/document.xml", document()),
        ("word/numbering.xml", numbering()),
        ("word/styles.xml", styles()),
        ("word/footnotes.xml", footnotes()),
        ("word/comments.xml", comments()),
    ];
    for (name, data) in parts {
        if w.start_file(name, opts).is_err() || w.write_all(data.as_bytes()).is_err() {
            panic!("cannot build the test .docx");
        }
    }
    match w.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => panic!("cannot build the test .docx: {e}"),
    }
}

fn source() -> Source {
    match read_bytes("draft.docx", &build_docx(), None, &Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn renders_numbering_tracked_changes_and_footnotes() {
    let s = source();
    assert_eq!(s.format, SourceFormat::Docx);
    let expected = "Draft resolution\n\
Recalling its resolution 2151 (2014),\n\
Reaffirming resolution 2553 (2020),\n\
Acting under Chapter VII of the Charter of the United Nations,\n\
1. Decides to extend the mandate of the Mission until 30 June 2026;\n\
2. Requests the Mission to:\n\
(a) Support the reform of the national armed forces;\n\
(b) Advise the Ministry of Defence;\n\
3. Decides to remain actively seized of the matter.\n\
Cell text\n\
\n\
1 See S/2020/1143.\n";
    assert_eq!(s.text, expected);
    assert!(
        s.notes
            .iter()
            .any(|n| n.starts_with("tracked changes read as accepted")),
        "{:?}",
        s.notes
    );
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("1 Word comment(s) ignored")),
        "{:?}",
        s.notes
    );
    assert!(
        s.notes.iter().any(|n| n.contains("1 footnote(s) appended")),
        "{:?}",
        s.notes
    );
    assert!(!s.text.contains("DPO"), "comment text leaked");
    assert!(!s.text.contains("not "), "deleted text leaked");
}

#[test]
fn italic_runs_are_recorded_and_joined() {
    let s = source();
    let italic: Vec<&str> = s.italics.iter().map(|sp| sp.slice(&s.text)).collect();
    assert_eq!(
        italic,
        vec!["Recalling", "Reaffirming", "Decides", "Requests", "Decides"]
    );
}

#[test]
fn offsets_are_described_as_word_paragraphs() {
    let s = source();
    let at = |needle: &str| s.text.find(needle).unwrap_or(usize::MAX);
    // "its" is the 11th character of Word paragraph 2 ("Recalling its …").
    assert_eq!(
        s.describe(at("its resolution")).as_deref(),
        Some("Word paragraph 2, character 11")
    );
    // Paragraph 5 is the first operative paragraph; its number is Word's.
    assert_eq!(
        s.describe(at("1. Decides")).as_deref(),
        Some("Word paragraph 5, its list number")
    );
    assert_eq!(
        s.describe(at("until 30 June")).as_deref(),
        Some("Word paragraph 5, character 46")
    );
    // After the tab: "Requests" + tab = 9 characters, so "the" is character 10.
    assert_eq!(
        s.describe(at("the Mission to")).as_deref(),
        Some("Word paragraph 6, character 10")
    );
    // The deleted paragraph 9 still counts: "3." is Word paragraph 10.
    assert_eq!(
        s.describe(at("3. Decides") + 3).as_deref(),
        Some("Word paragraph 10, character 1")
    );
    assert_eq!(
        s.describe(at("Cell text")).as_deref(),
        Some("Word paragraph 11, character 1")
    );
    assert_eq!(
        s.describe(at("S/2020/1143")).as_deref(),
        Some("Word footnote 1, character 6")
    );
    assert_eq!(s.describe(s.text.len() + 1), None);
}
