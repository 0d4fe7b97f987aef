//! Bytes → text decoding (UTF-8/16, Windows-1252) → parse → analyse → rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandate_lint::input::{read_bytes, Limits};
use mandate_lint_fuzz::{check_and_verify, format_from_byte};

fuzz_target!(|data: &[u8]| {
    // First byte chooses the format hint; the rest is the file.
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let hint = match mode % 3 {
        0 => None,
        _ => Some(format_from_byte(mode / 3)),
    };
    if let Ok(source) = read_bytes("fuzz.txt", body, hint, &Limits::default()) {
        check_and_verify(source.text, source.format);
    }
});
