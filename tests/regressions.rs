//! Every crash or wrong result found by fuzzing, property tests or pathological inputs
//! becomes a test here, with the smallest input that showed it.

use mandate_lint::model::SourceFormat;
use mandate_lint::{CheckOptions, Checked, Engine};

#[allow(dead_code)]
fn check(text: &str) -> Checked {
    let engine = match Engine::embedded() {
        Ok(e) => e,
        Err(e) => panic!("embedded rules must load: {e}"),
    };
    engine.check(text.to_string(), SourceFormat::Text, &CheckOptions::default())
}

