//! An incremental check equals a full check of the same text: findings, fingerprints
//! and the whole analysis (`tests/lsp_incremental.rs`, `tests/incremental_oracle.rs`).

use mandate_lint::Checked;

/// Panics, naming `what` (the edit), where `incremental` and `full` differ.
pub fn assert_same_check(incremental: &Checked, full: &Checked, what: &str) {
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
