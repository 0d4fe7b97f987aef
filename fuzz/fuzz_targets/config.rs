//! `mandate-lint.toml` parsing and validation, and applying the result.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mandate_lint::config::Config;
use mandate_lint::diagnostic::{Diagnostic, Severity};
use mandate_lint::span::Span;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Config::from_str(&text, Path::new("drafts/mandate-lint.toml")) {
        Ok(config) => {
            for code in ["DSR006", "RES001", "X", ""] {
                let _ = config.is_selected(code);
                let _ = config.severity_override(code);
            }
            let mut diags = vec![
                Diagnostic::new(
                    "DSR006",
                    "no-civilian-oversight",
                    Severity::Warning,
                    "m".into(),
                    Span::new(0, 1),
                ),
                Diagnostic::new(
                    "RES010",
                    "placeholder-left",
                    Severity::Error,
                    "m".into(),
                    Span::new(0, 1),
                ),
            ];
            config.apply(&mut diags);
            for p in ["a.txt", "drafts/b.docx", "x/y/z.md", ""] {
                let _ = config.wants_file(Path::new(p));
            }
        }
        Err(e) => {
            // The one-line message users see.
            let shown = e.to_string();
            assert!(
                !shown.contains('\n') || text.contains('\n'),
                "multi-line error: {shown}"
            );
        }
    }
});
