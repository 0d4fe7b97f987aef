//! Every crash or wrong result found by fuzzing, property tests or pathological inputs
//! becomes a test here, with the smallest input that showed it (minimised with
//! libFuzzer's `-minimize_crash`).

use mandate_lint::input::{read_bytes, Limits};
use mandate_lint::model::SourceFormat;
use mandate_lint::span::Span;
use mandate_lint::{CheckOptions, Checked, Engine};

fn check(text: &str) -> Checked {
    let engine = match Engine::embedded() {
        Ok(e) => e,
        Err(e) => panic!("embedded rules must load: {e}"),
    };
    engine.check(
        text.to_string(),
        SourceFormat::Text,
        &CheckOptions::default(),
    )
}

fn valid(text: &str, span: Span) -> bool {
    span.start <= span.end && text.get(span.start..span.end).is_some()
}

/// Every diagnostic span, related span and suggestion span slices the text.
fn assert_diagnostic_spans(checked: &Checked) {
    let text = &checked.doc.text;
    for d in &checked.diagnostics {
        assert!(valid(text, d.span), "{} span {:?}", d.code, d.span);
        for r in &d.related {
            assert!(
                valid(text, r.span),
                "{} related span {:?} ({}) not on char boundaries of {text:?}",
                d.code,
                r.span,
                r.message
            );
        }
        if let Some(s) = &d.suggestion {
            assert!(
                valid(text, s.span),
                "{} suggestion span {:?}",
                d.code,
                s.span
            );
        }
    }
}

/// Fuzz target `check_text`, 2026-11-23 (crash-96adaad7…, minimised to 31 bytes).
/// RES008 (undefined-acronym) points its "spelled out here" related span at
/// `def_at .. def_at + acronym.len()`, where `def_at` is the start of the analysis'
/// `AcronymDef::span` — the expansion ("UniteŽ N"), not the acronym. With a
/// multi-byte character within `len` bytes of the expansion's start, the span ends
/// inside that character: a reporter slicing it panics (or prints garbage).
/// Windows-1252 byte 0x8E decodes to "Ž" (two bytes in UTF-8).
/// Owner: rules (src/rules/text.rs, `acronyms`).
#[test]
fn res008_related_span_ends_inside_a_multibyte_character() {
    let bytes = b"Uted UNISMV;\nUnite\x8e N(UNISMV)\n";
    let source = match read_bytes(
        "crash.txt",
        bytes,
        Some(SourceFormat::Text),
        &Limits::default(),
    ) {
        Ok(s) => s,
        Err(e) => panic!("decodes as Windows-1252: {e}"),
    };
    assert_eq!(source.text, "Uted UNISMV;\nUniteŽ N(UNISMV)\n");
    assert_diagnostic_spans(&check(&source.text));
}

/// A guard for the same code path with plain UTF-8 input: an accented expansion
/// spelled out after first use (passes today because the analysis anchors this
/// definition differently; it must keep passing after the fix).
#[test]
fn res008_related_span_with_an_accented_expansion() {
    let text = "The Security Council,\n\n1. Requests UNISMV to act;\n\n2. Welcomes the Ünité Nationale Intégrée de Soutien à la Mission au Veloria (UNISMV);\n";
    assert_diagnostic_spans(&check(text));
}
