//! An incremental check equals a full check of the same text: the document's
//! structure, findings, fingerprints and the whole analysis (`tests/lsp_incremental.rs`, `tests/incremental_oracle.rs`).

use mandate_lint::Checked;

/// Panics, naming `what` (the edit), where `incremental` and `full` differ.
pub fn assert_same_check(incremental: &Checked, full: &Checked, what: &str) {
    let (doc, want) = (&incremental.doc, &full.doc);
    if let Some(i) = (0..doc.clauses.len().max(want.clauses.len()))
        .find(|&i| doc.clauses.get(i) != want.clauses.get(i))
    {
        panic!(
            "{what}: clause {i} of {} (full check: {}):\n{:#?}\nfull check:\n{:#?}",
            doc.clauses.len(),
            want.clauses.len(),
            doc.clauses.get(i),
            want.clauses.get(i)
        );
    }
    assert_eq!(
        (doc.council_line, doc.chapter_vii, doc.annex_start),
        (want.council_line, want.chapter_vii, want.annex_start),
        "{what}: enacting formula, Chapter VII line, annex"
    );
    assert_eq!(doc.lines, want.lines, "{what}: line index");
    assert_eq!(doc.footnotes, want.footnotes, "{what}: footnotes");
    assert_eq!(doc.furniture, want.furniture, "{what}: furniture");
    assert_eq!(doc.issues, want.issues, "{what}: parse issues");
    assert_eq!(
        incremental.diagnostics, full.diagnostics,
        "{what}: findings"
    );
    assert_eq!(
        incremental.fingerprints(),
        full.fingerprints(),
        "{what}: fingerprints"
    );
    assert_eq!(
        serde_json::to_value(&incremental.analysis).ok(),
        serde_json::to_value(&full.analysis).ok(),
        "{what}: analysis"
    );
}
