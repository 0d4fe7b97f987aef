//! The tantivy schema: what the search library sees of a clause.
//!
//! Clauses are indexed on the same normalised, masked words the similarity measure
//! compares (`mandates::align::words`), so a candidate found by a term is a candidate
//! for the same reason the re-ranking will score it. The masks themselves (`#`,
//! `<month>`, `<mission>`) are left out: they say nothing about the language.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};

use crate::mandates::align::{self, Word};

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Normalised words, with term frequencies (BM25), no positions.
    pub words: Field,
    /// Search tags ("dsr", "lex:civilian-oversight"), matched exactly.
    pub tags: Field,
    /// Clause id (index into the stored clauses).
    pub id: Field,
    /// Adoption year, to find the most recent clauses of a kind.
    pub year: Field,
}

pub const WORDS: &str = "words";
pub const TAGS: &str = "tags";
pub const ID: &str = "id";
pub const YEAR: &str = "year";

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = b.add_text_field(
        WORDS,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("default")
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    let tags = b.add_text_field(TAGS, STRING);
    let id = b.add_u64_field(ID, NumericOptions::default().set_fast());
    let year = b.add_u64_field(YEAR, NumericOptions::default().set_fast());
    (
        b.build(),
        Fields {
            words,
            tags,
            id,
            year,
        },
    )
}

/// Fields of a schema read back from an index file.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    Some(Fields {
        words: schema.get_field(WORDS).ok()?,
        tags: schema.get_field(TAGS).ok()?,
        id: schema.get_field(ID).ok()?,
        year: schema.get_field(YEAR).ok()?,
    })
}

fn is_mask(key: &str) -> bool {
    key == "#" || key == "<month>" || key == "<mission>"
}

/// The words of a clause as indexed.
pub fn indexed_words(text: &str, mission: Option<&str>) -> String {
    let missions: Vec<&str> = mission.into_iter().collect();
    let keys: Vec<String> = align::words(text, &missions)
        .into_iter()
        .map(|w| w.key)
        .filter(|k| !is_mask(k))
        .collect();
    keys.join(" ")
}

/// Distinct searchable keys of a query, in order of first appearance.
pub fn query_terms(words: &[Word]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if !is_mask(&w.key) && !out.contains(&w.key) {
            out.push(w.key.clone());
        }
    }
    out
}
