//! What every fuzz target checks after the code under test returns: the invariants
//! a user relies on (spans slice the text, references are unique) — a violation
//! panics, which libFuzzer records as a crash.

use std::sync::OnceLock;

use mandate_lint::model::SourceFormat;
use mandate_lint::span::{ColumnUnit, LineCol, LineIndex, Span};
use mandate_lint::{CheckOptions, Checked, Engine};

/// The embedded engine, loaded once per fuzzing process.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::embedded() {
        Ok(engine) => engine,
        Err(e) => panic!("embedded rules must load: {e}"),
    })
}

/// A reader target: `data` read as `format` (.docx or Akoma Ntoso), the reader's
/// italics and origin map checked, then the whole pipeline on the rendered text.
pub fn read_and_verify(name: &str, data: &[u8], format: SourceFormat) {
    let Ok(source) = mandate_lint::input::read_bytes(
        name,
        data,
        Some(format),
        &mandate_lint::input::Limits::default(),
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
    let checked = engine().check_source(&source, &CheckOptions::default());
    verify(&checked);
}

/// Runs the whole pipeline and checks the result.
pub fn check_and_verify(text: String, format: SourceFormat) -> Checked {
    let checked = engine().check(text, format, &CheckOptions::default());
    verify(&checked);
    checked
}

fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what}: bad span {span:?} in a text of {} bytes",
        text.len()
    );
}

/// Spans inside the text on char boundaries, unique clause references, a consistent
/// tree, analysis indexed like the clauses.
pub fn verify(checked: &Checked) {
    let doc = &checked.doc;
    let text = doc.text.as_str();
    let mut refs = std::collections::HashSet::new();
    for (i, c) in doc.clauses.iter().enumerate() {
        assert!(
            refs.insert(c.reference.as_str()),
            "duplicate ref {}",
            c.reference
        );
        assert_span(text, c.span, "clause span");
        assert_span(text, c.body, "clause body");
        if let Some(l) = &c.label {
            assert_span(text, l.span, "label");
        }
        if let Some(p) = c.parent {
            let parent = doc.clauses.get(p);
            assert!(parent.is_some_and(|pc| pc.children.contains(&i)), "tree");
        }
        for (n, _) in c.norm.text.char_indices() {
            let o = c.norm.to_original(n);
            assert!(text.is_char_boundary(o), "norm map {n} -> {o}");
        }
        assert_span(
            text,
            c.norm.span_to_original(Span::new(0, c.norm.text.len())),
            "norm span",
        );
    }
    assert_eq!(checked.analysis.clauses.len(), doc.clauses.len());
    for f in &doc.furniture {
        assert_span(text, *f, "furniture");
    }
    for i in &doc.issues {
        assert_span(text, i.span, "issue");
    }
    for ca in &checked.analysis.clauses {
        if let Some(v) = &ca.verb {
            assert_span(text, v.span, "verb");
        }
        for hits in ca.hits.values() {
            for h in hits {
                assert_span(text, h.span, "hit");
            }
        }
    }
    for d in &checked.diagnostics {
        assert_span(text, d.span, &d.code);
        for r in &d.related {
            assert_span(text, r.span, &d.code);
        }
        if let Some(s) = &d.suggestion {
            assert_span(text, s.span, &d.code);
        }
        // Reporters convert every span to line/column: exercise that too.
        let _ = doc.lines.position(text, d.span.start, ColumnUnit::Utf16);
    }
}

/// An independent implementation of `LineIndex::offset`'s contract, walking the text
/// character by character: columns past the line end clamp to the line end, lines
/// past the end clamp to the text end, a column inside a character moves to its start.
pub fn reference_offset(text: &str, target: LineCol, unit: ColumnUnit) -> usize {
    let (want_line, want_col) = (target.line as usize, target.col as usize);
    let mut line = 0usize;
    let mut col = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch == '\n' || ch == '\r' {
            if line == want_line {
                return i;
            }
            if ch == '\r' && chars.peek().map(|&(_, c)| c) == Some('\n') {
                chars.next();
            }
            line += 1;
            col = 0;
            continue;
        }
        if line == want_line {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if col >= want_col || col + width > want_col {
                return i;
            }
            col += width;
        }
    }
    text.len()
}

/// Applies an LSP content change the way `lsp::documents::apply_change` does (that
/// module is private to the crate): range mapped through `LineIndex` in `unit`,
/// start/end ordered, replaced only on char boundaries.
pub fn apply_change(
    text: &mut String,
    range: Option<(LineCol, LineCol)>,
    new: &str,
    unit: ColumnUnit,
) {
    match range {
        None => *text = new.to_string(),
        Some((a, b)) => {
            let idx = LineIndex::new(text);
            let x = idx.offset(text, a, unit);
            let y = idx.offset(text, b, unit);
            assert_eq!(
                x,
                reference_offset(text, a, unit),
                "offset of {a:?} ({unit:?})"
            );
            assert_eq!(
                y,
                reference_offset(text, b, unit),
                "offset of {b:?} ({unit:?})"
            );
            let (start, end) = (x.min(y), x.max(y));
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            text.replace_range(start..end, new);
        }
    }
}

pub fn format_from_byte(b: u8) -> SourceFormat {
    if b % 2 == 0 {
        SourceFormat::Text
    } else {
        SourceFormat::Markdown
    }
}
