//! Analysis: what each clause says (verb, force, addressee, DSR coding).

mod model;

pub use model::*;

use crate::model::Document;

/// Term lists loaded from `rules/lexicons/*.toml`.
#[derive(Clone, Debug, Default)]
pub struct Lexicons {}

impl Lexicons {
    /// Builds lexicons from `(path, contents)` pairs; later files override earlier ones
    /// with the same name.
    pub fn from_files(_files: &[(String, String)]) -> Result<Lexicons, String> {
        Ok(Lexicons {})
    }
}

pub fn analyse(doc: &Document, _lexicons: &Lexicons) -> Analysis {
    Analysis {
        clauses: vec![ClauseAnalysis::default(); doc.clauses.len()],
        mission: None,
        acronyms: Vec::new(),
    }
}
