//! Akoma Ntoso XML → rendered text → the whole pipeline, and
//! the origin map that describes rendered offsets in terms of the source file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandate_lint::input::{read_bytes, Limits};
use mandate_lint::model::SourceFormat;
use mandate_lint_fuzz::check_and_verify;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = read_bytes(
        "fuzz.akn",
        data,
        Some(SourceFormat::AkomaNtoso),
        &Limits::default(),
    ) else {
        return;
    };
    for span in &source.italics {
        assert!(
            source.text.get(span.start..span.end).is_some(),
            "italic span {span:?}"
        );
    }
    let len = source.text.len();
    for offset in [0, len / 3, len / 2, len, len + 1] {
        let _ = source.describe(offset);
    }
    check_and_verify(source.text, source.format);
});
