//! Hostile, broken and odd inputs, generated here (no bombs are committed): each gives
//! its own one-line message naming the file, and nothing panics.

use std::io::{Cursor, Write};

use mandate_lint::input::{read_bytes, read_path, Limits, Source};
use mandate_lint::model::SourceFormat;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn read(bytes: &[u8], hint: Option<SourceFormat>) -> Result<Source, String> {
    read_bytes("draft.in", bytes, hint, &Limits::default()).map_err(|e| e.to_string())
}

fn error(bytes: &[u8], hint: Option<SourceFormat>) -> String {
    match read(bytes, hint) {
        Ok(s) => panic!("expected an error, read {:?}", s.text),
        Err(e) => {
            assert!(!e.contains('\n'), "message must be one line: {e}");
            assert!(
                e.starts_with("draft.in: "),
                "message must name the file: {e}"
            );
            e
        }
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        if w.start_file(*name, opts).is_err() || w.write_all(data).is_err() {
            panic!("cannot build test zip");
        }
    }
    match w.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => panic!("cannot build test zip: {e}"),
    }
}

const MINIMAL_DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>The Security Council,</w:t></w:r></w:p>
</w:body></w:document>"#;

#[test]
fn truncated_zip_is_not_a_valid_docx() {
    let whole = zip_of(&[("word/document.xml", MINIMAL_DOCUMENT.as_bytes())]);
    let half = &whole[..whole.len() / 2];
    let e = error(half, Some(SourceFormat::Docx));
    assert!(e.contains("not a valid .docx: "), "{e}");
    // Sniffed from content too.
    let e = error(half, None);
    assert!(e.contains("not a valid .docx: "), "{e}");
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    // 20 MB of zeros deflates to about 20 KB: a ratio near 1000.
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(false);
    if w.start_file("word/document.xml", opts).is_err() {
        panic!("zip");
    }
    let block = vec![0u8; 1 << 20];
    for _ in 0..20 {
        if w.write_all(&block).is_err() {
            panic!("zip");
        }
    }
    let bytes = match w.finish() {
        Ok(c) => c.into_inner(),
        Err(e) => panic!("{e}"),
    };
    assert!(bytes.len() < 2_000_000, "bomb is small on disk");
    let e = error(&bytes, Some(SourceFormat::Docx));
    assert!(e.contains("zip bomb"), "{e}");
    assert!(e.contains("word/document.xml"), "{e}");
}

#[test]
fn too_many_zip_entries_are_refused() {
    let names: Vec<String> = (0..30).map(|i| format!("x/{i}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"<a/>"[..])).collect();
    let bytes = zip_of(&entries);
    let limits = Limits {
        max_zip_entries: 10,
        ..Limits::default()
    };
    let e = read_bytes("draft.in", &bytes, Some(SourceFormat::Docx), &limits)
        .map(|_| ())
        .map_err(|e| e.to_string())
        .err()
        .unwrap_or_default();
    assert!(e.contains("30 zip entries, over the limit of 10"), "{e}");
}

#[test]
fn zip_without_document_is_not_a_docx() {
    let bytes = zip_of(&[("hello.txt", b"hi")]);
    let e = error(&bytes, Some(SourceFormat::Docx));
    assert!(e.contains("no word/document.xml"), "{e}");
}

#[test]
fn billion_laughs_is_refused() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<akomaNtoso><statement><preamble><p>&lol3;</p></preamble></statement></akomaNtoso>"#;
    let e = error(xml.as_bytes(), Some(SourceFormat::AkomaNtoso));
    assert!(e.contains("entity declarations are refused"), "{e}");
    // The same inside a .docx.
    let bytes = zip_of(&[("word/document.xml", xml.as_bytes())]);
    let e = error(&bytes, Some(SourceFormat::Docx));
    assert!(e.contains("entity declarations are refused"), "{e}");
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 10_000;
    let xml = format!(
        "<akomaNtoso>{}{}</akomaNtoso>",
        "<b>".repeat(depth),
        "</b>".repeat(depth)
    );
    let e = error(xml.as_bytes(), None);
    assert!(e.contains("XML nested deeper than 256 levels"), "{e}");
}

#[test]
fn broken_xml_gives_line_and_column() {
    let xml = "<akomaNtoso>\n<statement>\n<preamble><p>Recalling</q></preamble>";
    let e = error(xml.as_bytes(), Some(SourceFormat::AkomaNtoso));
    assert!(e.contains("invalid XML at line 3, column "), "{e}");
}

#[test]
fn xml_that_is_not_akoma_ntoso_says_so() {
    let e = error(b"<?xml version=\"1.0\"?><html><body/></html>", None);
    assert!(
        e.contains("not an Akoma Ntoso document (root element <html>"),
        "{e}"
    );
}

#[test]
fn invalid_utf8_names_the_byte() {
    // 0xC3 0x28: a broken two-byte sequence, and 0x81 which 1252 leaves undefined.
    let bytes = b"Recalling its resolutions\n\xC3\x28\x81 and more";
    let e = error(bytes, Some(SourceFormat::Text));
    assert!(e.ends_with("invalid UTF-8 at byte 26"), "{e}");
}

#[test]
fn binary_files_are_refused() {
    let mut bytes = b"GIF89a some header".to_vec();
    bytes.extend_from_slice(&[0, 1, 2, 3]);
    let e = error(&bytes, None);
    assert!(e.ends_with("binary file (NUL byte at 18)"), "{e}");
    let e = error(b"abc\x01def", None);
    assert!(
        e.contains("binary file (control character 0x01 at byte 3)"),
        "{e}"
    );
}

#[test]
fn utf16_with_bom_decodes() {
    let text = "The Security Council,\r\n1. Décide;\r\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    for (bytes, label) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
        let s = match read(&bytes, None) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(s.text, text);
        assert!(s.notes.iter().any(|n| n.contains(label)), "{:?}", s.notes);
    }
}

#[test]
fn bomless_utf16_is_binary_with_a_hint() {
    let bytes: Vec<u8> = "Recalling"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let e = error(&bytes, None);
    assert!(
        e.contains("NUL byte at 1") && e.contains("UTF-16 without a byte-order mark"),
        "{e}"
    );
}

#[test]
fn windows_1252_decodes_with_a_note() {
    let bytes = b"Welcoming the \x93Accord pour la paix\x94 sign\xE9 in Bamako,\n1. Decides;\n";
    let s = match read(bytes, Some(SourceFormat::Text)) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        s.text,
        "Welcoming the \u{201c}Accord pour la paix\u{201d} signé in Bamako,\n1. Decides;\n"
    );
    assert!(s
        .notes
        .iter()
        .any(|n| n.starts_with("decoded as Windows-1252")));
}

#[test]
fn crlf_and_lone_cr_are_kept_as_they_are() {
    let crlf = "The Security Council,\r\nRecalling,\r\n1. Decides;\r\n";
    let cr = "The Security Council,\rRecalling,\r1. Decides;\r";
    for text in [crlf, cr] {
        let s = match read(text.as_bytes(), None) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(s.text, text, "line ends rewritten");
        assert!(s.notes.is_empty());
    }
}

#[test]
fn utf8_bom_is_dropped() {
    let s = match read(b"\xEF\xBB\xBFThe Security Council,\n", None) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(s.text, "The Security Council,\n");
}

#[test]
fn empty_file_is_an_error() {
    let e = error(b"", None);
    assert_eq!(e, "draft.in: empty file");
    let e = error(b"\xFF\xFE", None);
    assert_eq!(e, "draft.in: empty file");
}

#[test]
fn file_over_the_size_cap_is_refused() {
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let big = vec![b'a'; 101];
    let e = read_bytes("draft.in", &big, None, &limits)
        .map(|_| ())
        .map_err(|e| e.to_string())
        .err()
        .unwrap_or_default();
    assert_eq!(
        e,
        "draft.in: input is 101 bytes, over the limit of 100 bytes"
    );

    let dir = std::env::temp_dir().join(format!("mandate-lint-input-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("big.txt");
    if std::fs::write(&path, &big).is_err() {
        println!("cannot write a temporary file: path part skipped");
        return;
    }
    let e = read_path(&path, &limits)
        .map(|_| ())
        .map_err(|e| e.to_string())
        .err()
        .unwrap_or_default();
    assert!(
        e.ends_with("big.txt: file is 101 bytes, over the limit of 100 bytes"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_file_and_directory_are_one_line_errors() {
    let e = read_path(
        std::path::Path::new("/nonexistent/draft.txt"),
        &Limits::default(),
    )
    .map(|_| ())
    .map_err(|e| e.to_string())
    .err()
    .unwrap_or_default();
    assert!(
        e.starts_with("/nonexistent/draft.txt: cannot read: "),
        "{e}"
    );
    let e = read_path(&std::env::temp_dir(), &Limits::default())
        .map(|_| ())
        .map_err(|e| e.to_string())
        .err()
        .unwrap_or_default();
    assert!(e.ends_with("is a directory"), "{e}");
}

#[test]
fn garbage_never_panics() {
    // Pseudo-random bytes under every format hint.
    let mut x: u32 = 12345;
    for len in [1usize, 2, 3, 7, 64, 500] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        for hint in [
            None,
            Some(SourceFormat::Text),
            Some(SourceFormat::Docx),
            Some(SourceFormat::AkomaNtoso),
        ] {
            let _ = read(&bytes, hint);
        }
    }
}
