//! Adapters to other engineers' modules whose APIs are still being written. Each
//! function is the single place the server touches that API, so wiring it up later is
//! a one-function change. Marked `INTEGRATION POINT` where a fallback stands in.

use crate::Engine;

/// What hover shows about a rule beyond the diagnostic itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleDetails {
    pub name: String,
    pub rationale: Option<String>,
    /// "DCAF 2020, Recommendation 3, para. 31" or the UN editorial convention.
    pub source: Option<String>,
}

/// Rule metadata for hover. INTEGRATION POINT: `RuleSet::get(code)` (rule engine).
pub fn rule_details(_engine: &Engine, _code: &str) -> Option<RuleDetails> {
    None
}

/// Terms of a lexicon, as written in the lexicon file. INTEGRATION POINT:
/// `Lexicons` accessors (analysis). The fallbacks follow BRIEF §2.
pub fn lexicon_terms(_engine: &Engine, name: &str) -> Vec<String> {
    let fallback: &[&str] = match name {
        "operative-verbs" => &[
            "decides",
            "authorizes",
            "approves",
            "establishes",
            "renews",
            "demands",
            "urges",
            "resolves",
            "endorses",
            "directs",
            "requests",
            "calls upon",
            "asks",
            "recommends",
            "appeals",
            "reminds",
            "encourages",
            "invites",
            "supports",
            "suggests",
            "welcomes",
            "condemns",
            "reaffirms",
            "stresses",
            "emphasizes",
            "expresses",
            "underlines",
            "notes",
            "takes note",
            "extends",
            "affirms",
            "further requests",
            "also requests",
        ],
        "preambular-openers" => &[
            "recalling",
            "reaffirming",
            "noting",
            "welcoming",
            "expressing concern",
            "expressing deep concern",
            "stressing",
            "emphasizing",
            "recognizing",
            "underlining",
            "taking note",
            "bearing in mind",
            "determining",
            "commending",
            "acknowledging",
            "condemning",
            "mindful",
            "concerned",
            "deeply concerned",
            "convinced",
            "having considered",
            "reiterating",
            "encouraging",
            "affirming",
        ],
        _ => &[],
    };
    fallback.iter().map(|s| s.to_string()).collect()
}

/// Force of an operative verb on the BRIEF §2 scale, for the completion detail.
pub fn verb_force(lemma: &str) -> Option<u8> {
    let lemma = lemma.to_ascii_lowercase();
    let first = lemma.split_whitespace().last().unwrap_or("");
    let key = if lemma.starts_with("calls upon") {
        "calls upon"
    } else {
        first
    };
    match key {
        "decides" | "authorizes" | "approves" | "establishes" | "renews" | "demands" => Some(5),
        "urges" | "resolves" | "endorses" | "directs" => Some(4),
        "requests" | "calls upon" | "asks" => Some(3),
        "recommends" | "appeals" | "reminds" => Some(2),
        "encourages" | "invites" | "supports" | "suggests" => Some(1),
        _ => None,
    }
}

/// Extra rule directories named by the workspace config. INTEGRATION POINT:
/// `config::Config::discover` / its rule-directory setting (CLI engineer). Problems
/// are pushed to `problems` for the user to see.
pub fn rule_dirs(
    _config: Option<&std::path::Path>,
    _problems: &mut Vec<String>,
) -> Vec<std::path::PathBuf> {
    Vec::new()
}

/// Applies the workspace config (severity overrides, disabled rules) and in-text
/// suppressions to a check. INTEGRATION POINT: `config::Config::apply` and
/// `suppress` (CLI engineer), when `Engine::check` does not already apply them.
pub fn postprocess(
    _engine: &Engine,
    _checked: &mut crate::Checked,
    _path: Option<&std::path::Path>,
) {
}
