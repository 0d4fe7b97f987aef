//! Word (.docx): zip → WordprocessingML → rendered text → the whole pipeline, and
//! the origin map that describes rendered offsets in terms of the source file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandate_lint::model::SourceFormat;
use mandate_lint_fuzz::read_and_verify;

fuzz_target!(|data: &[u8]| read_and_verify("fuzz.docx", data, SourceFormat::Docx));
