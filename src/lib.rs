//! mandate-lint: a drafting assistant and linter for draft UN Security Council
//! resolutions. See ARCHITECTURE.md for the pipeline:
//!
//! input (decode bytes) → parse (Document) → analyse (Analysis) → rules (Diagnostic) → report
//!
//! `Engine` (`engine.rs`) ties the stages together and applies the resolved
//! configuration (suppressions, select/ignore, severities, previous mandate,
//! baseline); the CLI, the language server and the tests all go through it.
//!
//! Nothing derived from input may panic: no `unwrap`/`expect`/`panic!` outside tests,
//! and no unchecked indexing or string slicing (use `get`, `strip_prefix`…).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::string_slice))]

pub mod analyse;
pub mod atomic_file;
pub mod baseline;
pub mod config;
pub mod diagnostic;
mod engine;
pub mod input;
pub mod lsp;
pub mod mandates;
pub mod model;
pub mod parse;
pub mod precedent;
pub mod report;
pub mod rules;
pub mod span;
pub mod suppress;
pub mod text;
mod unchanged;

/// Rule and lexicon files under `rules/`, embedded at build time.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

pub use engine::{BaselineFilter, CheckOptions, Checked, Engine, ScanCache};
