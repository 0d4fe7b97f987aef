//! Word review copies: `check draft.docx --annotate reviewed.docx`.
//!
//! On a draft .docx built here (numbering, styles, a tracked insertion and deletion,
//! an existing comment, a footnote with a placeholder, a header; "—", "é", curly
//! quotes) and on the real .docx files of `../shared/corpus/docx/`, the review copy is
//! read back
//! - with mandate-lint's own reader: the same text and the same findings;
//! - by hand: one `<w:comment>` per finding after the comments already there, fresh
//!   ids, each range around the text it flags, every untouched zip entry byte for byte
//!   the original's, the original file unchanged;
//! - with LibreOffice headless (an independent reader): it converts the copy to PDF,
//!   and its flat ODF export holds one annotation per comment.
//!
//! LibreOffice is required when `MANDATE_LINT_REQUIRE_E2E=1` or `CI` is set (.ci/run
//! installs it); the corpus files are required under `CI`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use mandate_lint::input::{read_bytes, Limits};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

const BIN: &str = env!("CARGO_BIN_EXE_mandate-lint");
const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const TOUCHED: [&str; 4] = [
    "word/document.xml",
    "word/comments.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
];

fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

fn e2e_required() -> bool {
    in_ci() || std::env::var("MANDATE_LINT_REQUIRE_E2E").is_ok_and(|v| v == "1")
}

fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!(
        "mandate-lint-annotate-{}-{n}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1780392645")
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// --- a draft .docx built here --------------------------------------------------------

fn para(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn numbered(level: u32, inner: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>{inner}</w:p>"#
    )
}

fn run_xml(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn italic(text: &str) -> String {
    format!(r#"<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn generated_draft() -> Vec<u8> {
    let body = [
        para(&run_xml("S/2026/305")),
        para(&run_xml("Draft resolution")),
        para(&run_xml("The Security Council,")),
        para(&format!(
            "{}{}",
            italic("Recalling"),
            run_xml(" its previous resolutions on the situation in Valdoria,")
        )),
        para(&format!(
            r#"{}{}<w:r><w:footnoteReference w:id="1"/></w:r>{}"#,
            italic("Welcoming"),
            run_xml(" the peace agreement signed in Lumen (the “Lumen Agreement”)"),
            run_xml(","),
        )),
        // A placeholder in its own run after "—", "é" and curly quotes.
        para(&format!(
            "{}{}{}{}",
            italic("Expressing concern"),
            run_xml(" at the security situation in the eastern provinces — in particular around Sérac and “"),
            run_xml("XXXX"),
            run_xml("”,"),
        )),
        numbered(
            0,
            &format!(
                "{}{}",
                italic("Decides"),
                run_xml(" to extend the mandate of the United Nations Integrated Support Mission in Valdoria (UNISMV) until 30 June 2027;")
            ),
        ),
        // An existing comment around the request, and a tracked deletion inside it.
        numbered(
            0,
            &format!(
                r#"<w:commentRangeStart w:id="0"/>{}{}<w:del w:id="3" w:author="Penholder" w:date="2026-05-30T10:00:00Z"><w:r><w:delText>immediately </w:delText></w:r></w:del>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
                italic("Requests"),
                run_xml(" UNISMV to "),
                run_xml("carry out the following tasks:"),
            ),
        ),
        numbered(
            1,
            &run_xml("To support the Government of Valdoria in the reform of the defence sector;"),
        ),
        // A tracked insertion in the middle of a task.
        numbered(
            1,
            &format!(
                r#"{}<w:ins w:id="4" w:author="Penholder" w:date="2026-05-30T10:05:00Z">{}</w:ins>{}"#,
                run_xml("To train and equip the soldiers"),
                run_xml(" of the Valdorian Armed Forces (VAF)"),
                run_xml(";"),
            ),
        ),
        numbered(
            1,
            &run_xml("To support the development of capable defence institutions;"),
        ),
        numbered(
            0,
            &format!(
                "{}{}",
                italic("Encourages"),
                run_xml(" UNISMV to provide technical assistance to the national authorities in the restructuring of the Valdorian armed forces;")
            ),
        ),
        numbered(
            0,
            &format!(
                "{}{}",
                italic("Requests"),
                run_xml(" the Secretary-General to report to the Council every 90 days on the implementation of this resolution;")
            ),
        ),
        numbered(
            0,
            &format!(
                "{}{}",
                italic("Decides"),
                run_xml(" to remain actively seized of the matter.")
            ),
        ),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId4"/></w:sectPr></w:body></w:document>"#
    );
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}><w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Signed on XXXX March 2024; see S/2024/215.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {W}><w:comment w:id="0" w:author="Penholder" w:date="2026-05-30T10:00:00Z" w:initials="PH"><w:p><w:r><w:t>Check the wording with the Mission</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W}><w:p><w:r><w:t>S/2026/305 — advance unedited version</w:t></w:r></w:p></w:hdr>"#
    );
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#;
    let package_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;

    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", content_types.to_string()),
        ("_rels/.rels", package_rels.to_string()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels.to_string()),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
        ("word/footnotes.xml", footnotes),
        ("word/comments.xml", comments),
        ("word/header1.xml", header),
    ] {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(data.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

// --- reading a .docx back by hand ----------------------------------------------------

/// Each entry: (compression method, CRC, raw compressed bytes, inflated bytes).
type Entries = BTreeMap<String, (String, u32, Vec<u8>, Vec<u8>)>;

fn entries(bytes: &[u8]) -> Entries {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let (name, method, crc, raw) = {
            let mut e = archive.by_index_raw(i).expect("entry");
            let mut raw = Vec::new();
            e.read_to_end(&mut raw).expect("raw entry");
            let name = e.name().map(|n| n.into_owned()).unwrap_or_default();
            (name, format!("{:?}", e.compression()), e.crc32(), raw)
        };
        let mut data = Vec::new();
        archive
            .by_index(i)
            .expect("entry")
            .read_to_end(&mut data)
            .expect("inflate");
        out.insert(name, (method, crc, raw, data));
    }
    out
}

fn text_of(entries: &Entries, name: &str) -> String {
    entries
        .get(name)
        .map(|(_, _, _, d)| String::from_utf8_lossy(d).into_owned())
        .unwrap_or_default()
}

/// A comment of comments.xml: id, author, initials, its text.
struct Comment {
    id: String,
    author: String,
    initials: String,
    text: String,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().filter_map(Result::ok).find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| a.normalized_value(XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(|v| v.into_owned())
    })
}

fn comments_of(xml: &str) -> Vec<Comment> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<Comment> = Vec::new();
    let mut inside = false;
    loop {
        match reader
            .read_event()
            .expect("comments.xml is well-formed XML")
        {
            Event::Eof => return out,
            Event::Start(e) if e.local_name().as_ref() == "comment" => {
                inside = true;
                out.push(Comment {
                    id: attr(&e, "id").unwrap_or_default(),
                    author: attr(&e, "author").unwrap_or_default(),
                    initials: attr(&e, "initials").unwrap_or_default(),
                    text: String::new(),
                });
            }
            Event::End(e) if e.local_name().as_ref() == "comment" => inside = false,
            Event::End(e) if inside && e.local_name().as_ref() == "p" => {
                if let Some(c) = out.last_mut() {
                    c.text.push('\n');
                }
            }
            Event::Text(t) if inside => {
                if let Some(c) = out.last_mut() {
                    c.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) if inside => {
                if let Some(c) = out.last_mut() {
                    let name: &str = &r;
                    let s = match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        _ => "'",
                    };
                    c.text.push_str(s);
                }
            }
            _ => {}
        }
    }
}

/// For each comment id in document.xml: the body text between its range start and end
/// (deleted text left out), and whether a `commentReference` follows.
fn ranges_of(xml: &str) -> BTreeMap<String, (String, bool)> {
    let mut reader = Reader::from_str(xml);
    let mut open: BTreeSet<String> = BTreeSet::new();
    let mut out: BTreeMap<String, (String, bool)> = BTreeMap::new();
    let mut in_text = false;
    loop {
        match reader
            .read_event()
            .expect("document.xml is well-formed XML")
        {
            Event::Eof => return out,
            Event::Empty(e) => match e.local_name().as_ref() {
                "commentRangeStart" => {
                    let id = attr(&e, "id").unwrap_or_default();
                    assert!(
                        !out.contains_key(&id),
                        "comment id {id} used twice in document.xml"
                    );
                    out.insert(id.clone(), (String::new(), false));
                    open.insert(id);
                }
                "commentRangeEnd" => {
                    let id = attr(&e, "id").unwrap_or_default();
                    assert!(open.remove(&id), "range {id} ends before it starts");
                }
                "commentReference" => {
                    if let Some(r) = out.get_mut(&attr(&e, "id").unwrap_or_default()) {
                        r.1 = true;
                    }
                }
                _ => {}
            },
            Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_text = false,
            Event::End(e) if e.local_name().as_ref() == "p" => {
                for id in &open {
                    if let Some(r) = out.get_mut(id) {
                        r.0.push('\n');
                    }
                }
            }
            Event::Text(t) if in_text => {
                let s = t.into_inner().into_owned();
                for id in &open {
                    if let Some(r) = out.get_mut(id) {
                        r.0.push_str(&s);
                    }
                }
            }
            _ => {}
        }
    }
}

fn findings(path: &Path) -> Value {
    let r = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--exit-zero",
        &path.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    v["files"][0]["findings"].clone()
}

/// The comparable part of a finding: code, message, range. (Notes name places in the
/// original file, which are the same too; the fingerprint is compared as well.)
fn finding_keys(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["code"], f["range"], f["message"], f["fingerprint"]
            )
        })
        .collect()
}

/// The text without a leading list label ("12. ", "(b) "), which Word draws from
/// numbering.xml rather than from the runs.
fn strip_label(text: &str) -> &str {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let core = first
        .strip_prefix('(')
        .and_then(|f| f.strip_suffix(')'))
        .or_else(|| first.strip_suffix('.'))
        .unwrap_or("");
    let is_label =
        !core.is_empty() && core.len() <= 5 && core.chars().all(|c| c.is_ascii_alphanumeric());
    if is_label {
        rest
    } else {
        text
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Annotates `draft` into `out` and checks everything that can be checked without
/// another program. Returns the number of comments in the copy.
fn annotate_and_verify(draft: &Path, out: &Path) -> usize {
    let original = std::fs::read(draft).expect("the draft");

    let before = findings(draft);
    let before_keys = finding_keys(&before);
    let r = run(&[
        "check",
        "--no-config",
        "--exit-zero",
        "--format",
        "json",
        &draft.display().to_string(),
        "--annotate",
        &out.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("review copy with"),
        "the copy is announced: {}",
        r.stderr
    );
    let reported: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(
        finding_keys(&reported["files"][0]["findings"]),
        before_keys,
        "--annotate does not change what is reported"
    );

    // The original is untouched.
    assert_eq!(
        std::fs::read(draft).expect("the draft"),
        original,
        "the draft itself was modified"
    );

    // Untouched entries are byte for byte the original's (compressed bytes included);
    // only the four parts that must change differ.
    let old = entries(&original);
    let new = entries(&std::fs::read(out).expect("the review copy"));
    for (name, entry) in &old {
        let copied = new
            .get(name)
            .unwrap_or_else(|| panic!("{name} is missing from the copy"));
        if !TOUCHED.contains(&name.as_str()) {
            assert_eq!(copied, entry, "{name} changed");
        }
    }
    for name in new.keys() {
        assert!(
            old.contains_key(name) || TOUCHED.contains(&name.as_str()),
            "unexpected new entry {name}"
        );
    }

    // One comment per finding, after the existing ones, authored by mandate-lint.
    let before_comments = comments_of(&text_of(&old, "word/comments.xml"));
    let after_comments = comments_of(&text_of(&new, "word/comments.xml"));
    let list = before.as_array().expect("findings");
    assert_eq!(
        after_comments.len(),
        before_comments.len() + list.len(),
        "comments = existing + findings"
    );
    for (old_c, new_c) in before_comments.iter().zip(&after_comments) {
        assert_eq!(
            (&old_c.id, &old_c.author, &old_c.text),
            (&new_c.id, &new_c.author, &new_c.text),
            "an existing comment changed"
        );
    }
    let ids: BTreeSet<&str> = after_comments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), after_comments.len(), "comment ids are unique");
    let added = after_comments.get(before_comments.len()..).unwrap_or(&[]);
    let ranges = ranges_of(&text_of(&new, "word/document.xml"));
    let text = read_bytes("copy.docx", &original, None, &Limits::default())
        .expect("the draft reads")
        .text;
    for (finding, c) in list.iter().zip(added) {
        let code = finding["code"].as_str().unwrap_or_default();
        assert_eq!(
            (c.author.as_str(), c.initials.as_str()),
            ("mandate-lint", "ML")
        );
        assert!(
            c.text.starts_with(code) && c.text.contains(finding["message"].as_str().unwrap_or("?")),
            "comment {} says the code and message of {code}: {}",
            c.id,
            c.text
        );
        if let Some(help) = finding["help"].as_str() {
            assert!(c.text.contains(help), "comment {} carries the help", c.id);
        }
        if let Some(clause) = finding["suggestion"]["text"].as_str() {
            let first_line = clause.lines().map(str::trim).find(|l| !l.is_empty());
            assert!(
                first_line.is_some_and(|l| c.text.contains(l)),
                "comment {} carries the suggested clause",
                c.id
            );
        }
        let (covered, referenced) = ranges
            .get(&c.id)
            .unwrap_or_else(|| panic!("comment {} has no range in document.xml", c.id));
        assert!(referenced, "comment {} has a commentReference", c.id);
        assert!(
            !covered.trim().is_empty(),
            "comment {} covers some text",
            c.id
        );
        // A finding on body text covers that text (without its list label, which Word
        // draws from numbering.xml).
        let start = finding["range"]["start"].as_u64().unwrap_or(0) as usize;
        let end = finding["range"]["end"].as_u64().unwrap_or(0) as usize;
        let flagged = text.get(start..end).unwrap_or("");
        let in_body = !finding["notes"].as_array().is_some_and(|n| {
            n.iter()
                .any(|n| n.as_str().is_some_and(|s| s.contains("footnote")))
        });
        if in_body && !strip_label(&squash(flagged)).is_empty() {
            let flagged = squash(flagged);
            let without_label = strip_label(&flagged);
            assert!(
                squash(covered).contains(&squash(without_label)),
                "comment {} ({code}) covers “{}”, not the flagged “{without_label}”",
                c.id,
                squash(covered)
            );
        }
    }

    // mandate-lint's own reader: the same text, the same findings.
    let copy_text = read_bytes(
        "copy.docx",
        &std::fs::read(out).expect("copy"),
        None,
        &Limits::default(),
    )
    .expect("the copy reads")
    .text;
    assert_eq!(copy_text, text, "the copy renders to the same text");
    assert_eq!(
        finding_keys(&findings(out)),
        before_keys,
        "the copy draws the same findings"
    );
    after_comments.len()
}

// --- LibreOffice, the independent reader ---------------------------------------------

fn have_soffice() -> bool {
    Command::new("sh")
        .args(["-c", "command -v soffice >/dev/null 2>&1"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Converts the copies with LibreOffice headless (its own profile, so that parallel
/// runs do not share an instance): to PDF, which must succeed, and to flat ODF, whose
/// `office:annotation` elements are the comments LibreOffice read.
fn libreoffice_reads(copies: &[(PathBuf, usize)]) {
    if !have_soffice() {
        assert!(
            !e2e_required(),
            "LibreOffice (soffice) is required under CI / MANDATE_LINT_REQUIRE_E2E=1: apt-get install libreoffice-writer-nogui"
        );
        println!("SKIPPED: LibreOffice is not installed; review copies not opened in it");
        return;
    }
    let dir = scratch("soffice");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    for format in ["pdf", "fodt"] {
        let mut cmd = Command::new("soffice");
        cmd.args([
            profile.as_str(),
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(dir.join(format));
        for (copy, _) in copies {
            cmd.arg(copy);
        }
        let out = cmd.output().expect("soffice runs");
        assert!(
            out.status.success(),
            "soffice --convert-to {format} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for (copy, comments) in copies {
        let stem = copy
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pdf = dir.join("pdf").join(format!("{stem}.pdf"));
        let size = std::fs::metadata(&pdf).map_or(0, |m| m.len());
        assert!(
            size > 1000,
            "LibreOffice wrote no PDF for {}",
            copy.display()
        );
        let flat = std::fs::read_to_string(dir.join("fodt").join(format!("{stem}.fodt")))
            .unwrap_or_default();
        let annotations = flat.matches("<office:annotation ").count()
            + flat.matches("<office:annotation>").count();
        assert_eq!(
            annotations,
            *comments,
            "LibreOffice reads {annotations} comments in {}, comments.xml has {comments}",
            copy.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// --- the tests -----------------------------------------------------------------------

#[test]
fn review_copies_of_a_generated_draft_and_the_real_word_files() {
    let dir = scratch("drafts");
    // Copies get distinct names, since LibreOffice names its output by the stem.
    let generated = dir.join("valdoria-draft.docx");
    std::fs::write(&generated, generated_draft()).expect("write draft");
    let mut drafts = vec![generated];

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/docx");
    let mut real: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "docx"))
                .collect()
        })
        .unwrap_or_default();
    real.sort();
    if real.is_empty() {
        assert!(
            !in_ci(),
            "no .docx in {} (required under CI)",
            corpus.display()
        );
        println!(
            "SKIPPED: no .docx in {}; only the generated draft",
            corpus.display()
        );
    }
    drafts.extend(real);

    let mut copies = Vec::new();
    for draft in &drafts {
        let copy = dir.join(format!(
            "reviewed-{}.docx",
            draft
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let comments = annotate_and_verify(draft, &copy);
        println!("{}: {comments} comments", draft.display());
        copies.push((copy, comments));
    }
    libreoffice_reads(&copies);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn comments_get_fresh_ids_and_exact_runs_and_footnote_findings_their_paragraph() {
    let dir = scratch("footnote");
    let draft = dir.join("draft.docx");
    std::fs::write(&draft, generated_draft()).expect("write");
    let list = findings(&draft);
    // The placeholder sits in a footnote, which is not in document.xml.
    assert!(
        list.as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "RES010" && f["notes"].to_string().contains("Word footnote")),
        "the footnote placeholder is flagged: {list}"
    );
    let out = dir.join("out.docx");
    let r = run(&[
        "check",
        "--no-config",
        "--exit-zero",
        &draft.display().to_string(),
        "--annotate",
        &out.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("on the paragraph of their clause"),
        "{}",
        r.stderr
    );
    let new = entries(&std::fs::read(&out).expect("copy"));
    let comments = comments_of(&text_of(&new, "word/comments.xml"));
    assert_eq!(comments.first().map(|c| c.id.as_str()), Some("0"));
    // Fresh ids: above every id in the document (the tracked changes use 3 and 4).
    assert!(comments
        .iter()
        .skip(1)
        .all(|c| c.id.parse::<u64>().is_ok_and(|n| n >= 5)));
    let ranges = ranges_of(&text_of(&new, "word/document.xml"));
    let res010 = comments
        .iter()
        .find(|c| c.text.starts_with("RES010"))
        .expect("a RES010 comment");
    let (covered, _) = &ranges[&res010.id];
    assert!(!covered.trim().is_empty());
    // The placeholder in the body, after multi-byte characters, is anchored on its own
    // run exactly.
    let in_body: Vec<&str> = comments
        .iter()
        .filter(|c| c.text.starts_with("RES010"))
        .map(|c| ranges[&c.id].0.as_str())
        .collect();
    assert!(in_body.contains(&"XXXX"), "{in_body:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn existing_output_is_replaced_only_with_force() {
    let dir = scratch("force");
    let draft = dir.join("draft.docx");
    std::fs::write(&draft, generated_draft()).expect("write");
    let out = dir.join("reviewed.docx");
    std::fs::write(&out, b"an earlier copy").expect("write");
    let args = |force: bool| {
        let mut a = vec![
            "check".to_string(),
            "--no-config".into(),
            "--exit-zero".into(),
            draft.display().to_string(),
            "--annotate".into(),
            out.display().to_string(),
        ];
        if force {
            a.push("--force".into());
        }
        a
    };
    let r = run(&args(false).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("already exists") && r.stderr.contains("--force"));
    assert!(r.stdout.is_empty(), "nothing is checked: {}", r.stdout);
    assert_eq!(std::fs::read(&out).expect("out"), b"an earlier copy");

    let r = run(&args(true).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&out).expect("out").starts_with(b"PK"));
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn annotate_needs_one_docx_draft_and_another_output() {
    let dir = scratch("usage");
    let draft = dir.join("draft.docx");
    std::fs::write(&draft, generated_draft()).expect("write");
    let txt = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mission-renewal-gaps.txt");
    let out = dir.join("out.docx");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![txt.display().to_string()],
            "review copy of one .docx draft",
        ),
        (
            vec![draft.display().to_string(), draft.display().to_string()],
            "review copy of one .docx draft",
        ),
        (
            vec![dir.display().to_string()],
            "review copy of one .docx draft",
        ),
    ];
    for (paths, says) in cases {
        let mut args = vec!["check".to_string()];
        args.extend(paths);
        args.extend(["--annotate".to_string(), out.display().to_string()]);
        let r = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    }
    let draft_s = draft.display().to_string();
    let r = run(&[
        "check",
        &draft_s,
        "--annotate",
        &dir.join("out.txt").display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("must be a .docx"), "{}", r.stderr);
    let r = run(&["check", &draft_s, "--annotate", &draft_s, "--force"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("the draft itself"), "{}", r.stderr);
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
