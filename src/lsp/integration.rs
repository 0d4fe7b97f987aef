//! The server's contact points with the rule engine beyond `Engine::check`: rule
//! metadata and lexicon terms. Kept in one file so that a change in those APIs is a
//! change here only. (Configuration is resolved in `workspace.rs`.)

use crate::Engine;

/// What hover shows about a rule beyond the diagnostic itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleDetails {
    pub name: String,
    pub rationale: Option<String>,
    /// "DCAF 2020, Recommendation 3, para. 31" or the UN editorial convention.
    pub source: Option<String>,
}

/// Rule metadata for hover, from the rule files.
pub fn rule_details(engine: &Engine, code: &str) -> Option<RuleDetails> {
    let rule = engine.rules.get(code)?;
    let non_empty = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    Some(RuleDetails {
        name: rule.name.to_string(),
        rationale: non_empty(&rule.rationale),
        source: non_empty(&rule.source),
    })
}

/// Canonical terms of a lexicon (`operative-verbs`, `preambular-openers`) with their
/// `force` attribute when the lexicon gives one.
pub fn lexicon_terms(engine: &Engine, name: &str) -> Vec<(String, Option<u8>)> {
    engine
        .lexicons
        .get(name)
        .map(|lexicon| {
            lexicon
                .terms
                .iter()
                .filter(|t| !t.ignore)
                .map(|t| (t.id.to_string(), t.attr_u8("force")))
                .collect()
        })
        .unwrap_or_default()
}
