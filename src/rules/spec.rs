//! A rule file as written in TOML, apart from `[check]` (whose parameters belong to
//! each check kind, in `kinds/`): metadata, suggestion and examples, and the
//! parameter types several kinds share.
//!
//! Unknown keys are rejected by serde (`deny_unknown_fields`), so a typo in a rule
//! pack is a load error naming the file and line, not a rule that never fires.

use serde::Deserialize;

/// Keys of a rule file. A TOML file under a rules directory that has none of these is
/// not a rule (the language server's clause bank, a reference table) and is skipped;
/// one that has any of them must be a complete rule.
pub const RULE_KEYS: &[&str] = &[
    "code",
    "name",
    "severity",
    "message",
    "help",
    "rationale",
    "source",
    "requires_dsr",
    "requires_mandate",
    "enabled",
    "anchor",
    "check",
    "suggestion",
    "examples",
];

/// Where a check looks for clauses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every operative clause (paragraphs and sub-paragraphs, headings excluded).
    Operative,
    Preambular,
    /// Clauses coded as DSR tasks.
    DsrTasks,
    /// DSR tasks and clauses on security sector reform.
    DsrOrSsr,
    /// DSR tasks with their lead-ins and sub-items (a sub-item inherits its lead-in).
    DsrFamily,
    /// Every clause, annex included.
    All,
}

/// Around a clause, where else a condition may be satisfied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LookIn {
    /// The clause itself.
    #[default]
    Clause,
    /// The clause and its lead-ins.
    Ancestors,
    /// The clause, its lead-ins and its sub-items.
    Family,
    /// Anywhere in the operative part.
    Operative,
    /// Anywhere in the draft.
    Document,
}

/// Where a finding about something the draft lacks is anchored: where the drafter must
/// act (ARCHITECTURE.md, "Where findings go"). Without DSR tasks, every anchor falls
/// back to the first operative paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// How the DSR support is framed (2151, its tenets, the national context, SSR):
    /// the lead-in that introduces the DSR tasks ("2. Requests UNISMV to carry out the
    /// following tasks:"), or the first DSR task when no lead-in introduces them.
    #[default]
    DsrLeadIn,
    /// A task of a kind the list lacks: the last task of the DSR task list, after
    /// which the quick fix inserts the new sub-paragraph.
    DsrInsertion,
    /// The balance of the mandate as a whole, which the DCAF profile measures
    /// (categories, engagement, counterparts): the first operative paragraph, where
    /// the editor shows the profile.
    Mandate,
    /// What the Council asks to be reported: the paragraph requesting reports when
    /// there is one, else the last DSR task.
    Reporting,
}

/// Where a quick fix inserts the suggested clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placement {
    /// A new sub-paragraph after the last sub-item of the paragraph holding the DSR
    /// tasks (falls back to a new operative paragraph).
    DsrSubitem,
    /// A new operative paragraph before the "remains seized" clause.
    OperativeParagraph,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestionSpec {
    pub title: String,
    /// The clause to insert, without label or final punctuation. `{mission}` is
    /// replaced with the mission's acronym.
    pub text: String,
    pub place: Placement,
    /// The same content as a stand-alone operative paragraph, used when there is no
    /// list of DSR sub-items to extend ("Requests {mission} to …").
    #[serde(default)]
    pub paragraph_text: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    Fail,
    Pass,
}

/// An example as written: its text may start from a shared prelude (`preludes/`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub kind: ExampleKind,
    /// The prelude the example starts from.
    #[serde(default)]
    pub prelude: Option<String>,
    /// What follows the prelude (or the whole draft without one).
    #[serde(default)]
    pub text: Option<String>,
    /// The previous mandate, for rules that compare with one (DSR003)…
    #[serde(default)]
    pub previous: Option<String>,
    /// …or the prelude it starts from.
    #[serde(default)]
    pub previous_prelude: Option<String>,
}

/// An example with its preludes applied: the whole draft the test suite checks.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Example {
    pub kind: ExampleKind,
    pub text: String,
    /// A previous mandate, for rules that compare with one (DSR003).
    pub previous: Option<String>,
}

/// A rule file as written, `[check]` aside.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    pub help: String,
    pub rationale: String,
    pub source: String,
    /// Speak only when the draft has a DSR task (default: true for DSR codes).
    #[serde(default)]
    pub requires_dsr: Option<bool>,
    /// Speak only when the draft sets or changes a UN mandate (default: true for DSR
    /// codes): a thematic or sanctions text that mentions armed forces is not judged as a
    /// mandate.
    #[serde(default)]
    pub requires_mandate: Option<bool>,
    /// `false`: the rule is off unless `select` names it (default: on).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Where a document-level finding goes (default: the DSR lead-in).
    #[serde(default)]
    pub anchor: Anchor,
    #[serde(default)]
    pub suggestion: Option<SuggestionSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
}
