//! Editor edit sequences: `LineIndex` position conversions (checked against an
//! independent implementation) and LSP content changes applied in order, then the
//! pipeline on the edited text. `lsp::documents` is private to the crate, so the
//! change application mirrors it through the public `span::LineIndex`.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use mandate_lint::span::{ColumnUnit, LineCol, LineIndex};
use mandate_lint_fuzz::{apply_change, check_and_verify, format_from_byte};

#[derive(Arbitrary, Debug)]
struct Edit {
    range: Option<((u16, u16), (u16, u16))>,
    text: String,
}

#[derive(Arbitrary, Debug)]
struct Session {
    unit: u8,
    format: u8,
    initial: String,
    edits: Vec<Edit>,
}

fuzz_target!(|s: Session| {
    let unit = match s.unit % 3 {
        0 => ColumnUnit::Utf16,
        1 => ColumnUnit::Utf8,
        _ => ColumnUnit::Char,
    };
    let mut text = s.initial;
    for edit in s.edits.iter().take(64) {
        let range = edit.range.map(|((l1, c1), (l2, c2))| {
            (
                LineCol {
                    line: l1.into(),
                    col: c1.into(),
                },
                LineCol {
                    line: l2.into(),
                    col: c2.into(),
                },
            )
        });
        apply_change(&mut text, range, &edit.text, unit);
        // Round trip every boundary offset the client could be told about.
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().take(256) {
            let pos = idx.position(&text, offset, unit);
            let after_cr = offset > 0 && text.as_bytes().get(offset - 1) == Some(&b'\r');
            if !(after_cr && text.as_bytes().get(offset) == Some(&b'\n')) {
                assert_eq!(
                    idx.offset(&text, pos, unit),
                    offset,
                    "round trip at {offset}"
                );
            }
        }
    }
    check_and_verify(text, format_from_byte(s.format));
});
