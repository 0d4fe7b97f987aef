//! mandate-lint: a drafting assistant and linter for draft UN Security Council
//! resolutions. See ARCHITECTURE.md for the pipeline:
//!
//! input (decode bytes) → parse (Document) → analyse (Analysis) → rules (Diagnostic) → report
//!
//! `Engine` ties the stages together; the CLI, the language server and the tests all
//! go through it.
//!
//! Nothing derived from input may panic: no `unwrap`/`expect`/`panic!` outside tests,
//! and no unchecked indexing or string slicing (use `get`, `strip_prefix`…).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::string_slice))]

pub mod analyse;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod input;
pub mod lsp;
pub mod mandates;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod span;
pub mod suppress;

/// Rule and lexicon files under `rules/`, embedded at build time.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

use std::path::PathBuf;

use analyse::{Analysis, Lexicons};
use diagnostic::Diagnostic;
use model::{Document, SourceFormat};
use rules::{RuleError, RuleSet};

/// A document after the whole pipeline.
#[derive(Clone, Debug)]
pub struct Checked {
    pub doc: Document,
    pub analysis: Analysis,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a check needs beyond the draft itself.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions<'a> {
    /// The mandate this draft renews (for DSR003 renewed-unchanged).
    pub previous: Option<&'a Checked>,
}

/// Lexicons and rules, loaded once and shared by every check.
#[derive(Debug)]
pub struct Engine {
    pub lexicons: Lexicons,
    pub rules: RuleSet,
}

impl Engine {
    /// The embedded rules and lexicons, plus those in `extra_dirs` (which add rules and
    /// lexicons, or override embedded ones with the same code or name).
    pub fn load(extra_dirs: &[PathBuf]) -> Result<Engine, RuleError> {
        let (lexicons, rules) = rules::load(extra_dirs)?;
        Ok(Engine { lexicons, rules })
    }

    /// The embedded rules and lexicons only.
    pub fn embedded() -> Result<Engine, RuleError> {
        Engine::load(&[])
    }

    pub fn parse(&self, text: String, format: SourceFormat) -> Document {
        parse::parse(text, format)
    }

    /// Parses what an input reader produced, with the clause structure the source
    /// states when it states one (Akoma Ntoso).
    pub fn parse_source(&self, source: &input::Source) -> Document {
        parse::parse_source(source)
    }

    pub fn analyse(&self, doc: &Document) -> Analysis {
        analyse::analyse(doc, &self.lexicons)
    }

    /// Parses, analyses and runs every rule. Diagnostics come sorted by position.
    pub fn check(&self, text: String, format: SourceFormat, opts: &CheckOptions<'_>) -> Checked {
        self.check_document(self.parse(text, format), opts)
    }

    /// `check` for what an input reader produced: Akoma Ntoso keeps the clause tree its
    /// markup states.
    pub fn check_source(&self, source: &input::Source, opts: &CheckOptions<'_>) -> Checked {
        self.check_document(self.parse_source(source), opts)
    }

    fn check_document(&self, doc: Document, opts: &CheckOptions<'_>) -> Checked {
        let analysis = self.analyse(&doc);
        let mut diagnostics = self.rules.run(&doc, &analysis, opts, &self.lexicons);
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
        });
        Checked {
            doc,
            analysis,
            diagnostics,
        }
    }
}
