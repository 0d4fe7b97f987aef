//! What the feature tests share: a small draft, checking it, applying edits, and a
//! precedent index built from `fixtures/precedents/`.

use std::path::Path;
use std::sync::OnceLock;

use tower_lsp_server::ls_types::{CodeActionOrCommand, TextEdit, Uri};

use crate::model::SourceFormat;
use crate::precedent::PrecedentIndex;
use crate::span::{ColumnUnit, LineIndex};
use crate::{CheckOptions, Checked, Engine};

use super::super::convert::Positions;

pub const DRAFT: &str = "The Security Council,\n\n\
Recalling its previous resolutions on the situation in the Republic of Lorem,\n\n\
1. Decides to extend the mandate of the United Nations Mission in Lorem (UNML) until 31 December 2026;\n\n\
2. Requests UNML to provide training to the national armed forces and advice to the Ministry of Defence;\n\n\
3. Decides to remain actively seized of the matter.\n";

pub fn check(engine: &Engine, text: &str) -> Checked {
    engine.check(
        text.to_string(),
        SourceFormat::Text,
        &CheckOptions::default(),
    )
}

pub fn apply(text: &str, edit: &TextEdit) -> String {
    let lines = LineIndex::new(text);
    let span = Positions::new(text, &lines, ColumnUnit::Utf16).span(edit.range);
    let mut out = text.to_string();
    out.replace_range(span.start..span.end, &edit.new_text);
    out
}

pub fn first_edit(action: &CodeActionOrCommand, uri: &Uri) -> Option<TextEdit> {
    match action {
        CodeActionOrCommand::CodeAction(a) => a
            .edit
            .as_ref()?
            .changes
            .as_ref()?
            .get(uri)?
            .first()
            .cloned(),
        CodeActionOrCommand::Command(_) => None,
    }
}

/// The index of `fixtures/precedents/`, built once for the tests.
pub fn fixture_index() -> &'static PrecedentIndex {
    static INDEX: OnceLock<PrecedentIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/precedents");
        let engine = Engine::embedded().unwrap_or_else(|e| panic!("rules: {e}"));
        let files = crate::mandates::files_in(&dir).unwrap_or_else(|e| panic!("{e}"));
        let loaded: Vec<_> = crate::mandates::load_all(&engine, &files, None)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        let (bytes, _) = crate::precedent::build(&loaded).unwrap_or_else(|e| panic!("{e}"));
        PrecedentIndex::from_bytes(Path::new("<fixtures>"), &bytes)
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// A draft checked with the fixture index.
pub fn check_with_precedents(engine: &Engine, text: &str) -> Checked {
    engine.check(
        text.to_string(),
        SourceFormat::Text,
        &CheckOptions {
            precedents: Some(fixture_index()),
            ..CheckOptions::default()
        },
    )
}

pub fn positions(checked: &Checked) -> Positions<'_> {
    Positions::new(&checked.doc.text, &checked.doc.lines, ColumnUnit::Utf16)
}
