//! In-text suppressions (`<!-- mandate-lint: allow CODE reason="…" -->`).
