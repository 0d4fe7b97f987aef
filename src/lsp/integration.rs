//! The server's only contact points with the rest of the crate beyond `Engine::check`:
//! rule metadata, lexicon terms, the workspace configuration and suppressions. Kept
//! in one file so that a change in those APIs is a change here only.

use std::path::{Path, PathBuf};

use crate::config::{Config, LoadedConfig};
use crate::{Checked, Engine};

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
        name: rule.name.clone(),
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
                .map(|t| (t.id.clone(), t.attr_u8("force")))
                .collect()
        })
        .unwrap_or_default()
}

/// The configuration governing `dir`: the nearest `mandate-lint.toml` at or above it.
pub fn discover_config(dir: &Path) -> Result<Option<LoadedConfig>, String> {
    Config::discover(dir).map_err(|e| e.to_string())
}

/// Extra rule directories named by a configuration.
pub fn rule_dirs(config: Option<&LoadedConfig>) -> Vec<PathBuf> {
    config
        .map(|c| c.config.rule_dirs().to_vec())
        .unwrap_or_default()
}

/// Applies in-text suppressions and the configuration governing the document (or
/// the workspace root for unsaved documents), exactly as `mandate-lint check` does,
/// so the editor and CI agree.
pub fn postprocess(checked: &mut Checked, doc_path: Option<&Path>, fallback_dir: Option<&Path>) {
    let extra = crate::suppress::apply(&checked.doc.text, &mut checked.diagnostics, &checked.doc);
    checked.diagnostics.extend(extra);
    let dir = doc_path.and_then(Path::parent).or(fallback_dir);
    // A broken config is reported when it is loaded; here it simply does not apply.
    if let Some(Ok(Some(loaded))) = dir.map(discover_config) {
        loaded.config.apply(&mut checked.diagnostics);
    }
    checked.diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
    });
}
