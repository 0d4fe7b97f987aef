//! Analysis: what each clause says (verb, force, addressee, DSR coding).

mod lexicon;
mod model;

pub use lexicon::{looks_like_acronym, Lexicon, Lexicons, ScanHits, Term};
pub use model::*;

use crate::model::Document;

pub fn analyse(doc: &Document, _lexicons: &Lexicons) -> Analysis {
    Analysis {
        clauses: vec![ClauseAnalysis::default(); doc.clauses.len()],
        mission: None,
        acronyms: Vec::new(),
    }
}
