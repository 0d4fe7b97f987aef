//! Rule files as written in TOML: one rule per file, its check kind and parameters.
//!
//! Unknown keys and unknown check kinds are rejected by serde (`deny_unknown_fields`),
//! so a typo in a rule pack is a load error naming the file and line, not a rule that
//! silently never fires.

use serde::Deserialize;

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

/// One required item of an `each-required` check (a 2151 tenet, say).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredItem {
    pub id: String,
    pub label: String,
    pub lexicons: Vec<String>,
    /// Wording a quick fix inserts for this item (overrides the rule's suggestion text).
    #[serde(default)]
    pub suggestion: Option<String>,
}

/// One kind of language a `preamble-only` check looks for.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreambleGroup {
    pub id: String,
    pub label: String,
    /// A preambular clause counts when it hits one of these…
    pub preamble_any: Vec<String>,
    /// …and (if given) one of these…
    #[serde(default)]
    pub preamble_with_any: Vec<String>,
    /// …and none of these (condemnations of armed forces are not DSR language).
    #[serde(default)]
    pub except_any: Vec<String>,
    /// The operative part covers it when one clause hits one of these…
    pub operative_any: Vec<String>,
    /// …and (if given) one of these, in the clause or its lead-ins.
    #[serde(default)]
    pub operative_with_any: Vec<String>,
}

/// Which coded field of an analysed clause a `clause-when-unless` check requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodedField {
    Engagement,
    Level,
    Actor,
    Category,
}

fn default_true() -> bool {
    true
}
fn default_one() -> usize {
    1
}
fn default_threshold() -> f64 {
    0.9
}
fn default_min_words() -> usize {
    6
}
fn default_min_categories() -> usize {
    4
}

/// A check kind with its parameters, as written under `[check]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum CheckSpec {
    /// Fires once when no clause in scope hits any of `lexicons` (together with one of
    /// `together_with` when given, looked up per `look_in`).
    DocumentRequires {
        scope: Scope,
        lexicons: Vec<String>,
        #[serde(default)]
        together_with: Vec<String>,
        #[serde(default)]
        look_in: LookIn,
        /// Speak only when the draft has at least this many DSR tasks.
        #[serde(default = "default_one")]
        min_dsr_tasks: usize,
    },
    /// One diagnostic per item none of whose lexicons is hit in scope.
    EachRequired {
        scope: Scope,
        items: Vec<RequiredItem>,
        #[serde(default)]
        look_in: LookIn,
    },
    /// Per clause in scope: fires when `when_any` hits (or always, if empty), one of
    /// `and_any` hits (if given), none of `unless_any` hits, the verb force is at most
    /// `max_force` (if given) and a `when_uncoded` field is empty (if given).
    ClauseWhenUnless {
        scope: Scope,
        #[serde(default)]
        when_any: Vec<String>,
        #[serde(default)]
        and_any: Vec<String>,
        #[serde(default)]
        unless_any: Vec<String>,
        /// Where `and_any` and `unless_any` are looked up.
        #[serde(default)]
        look_in: LookIn,
        #[serde(default)]
        max_force: Option<u8>,
        #[serde(default)]
        when_uncoded: Vec<CodedField>,
        /// Lexicon term ids too generic to count as coding evidence ("support",
        /// "development of"): with these, `when_uncoded` reads the hits, not the codes.
        #[serde(default)]
        vague_terms: Vec<String>,
        /// Fire once for the first clause, the others as related locations.
        #[serde(default)]
        once: bool,
    },
    /// Language found in the preamble but in no operative clause.
    PreambleOnly { groups: Vec<PreambleGroup> },
    /// Fewer than `min` DCAF categories across the DSR tasks and their sub-items.
    CategoryCount {
        #[serde(default = "default_min_categories")]
        min: usize,
    },
    /// Every DSR task is technical: none political, and none hits `political_any`.
    AllTechnical {
        #[serde(default)]
        political_any: Vec<String>,
    },
    /// A DSR clause identical or near-identical to a clause of the previous mandate.
    RenewedUnchanged {
        #[serde(default = "default_threshold")]
        threshold: f64,
        #[serde(default = "default_min_words")]
        min_words: usize,
    },
    /// Fires on each hit of `lexicons` in scope.
    TermPresent { scope: Scope, lexicons: Vec<String> },
    /// Gaps, duplicates and disorder in paragraph numbers and sub-paragraph labels.
    Numbering {},
    /// Paragraphs of `part` must open with a term of `lexicons`.
    Opening {
        part: OpeningPart,
        lexicons: Vec<String>,
    },
    /// Preambular paragraphs end with a comma, operative with a semicolon (a colon
    /// before sub-items), the last with a full stop.
    Punctuation {},
    /// The operative part must contain text matching `pattern` (a regex).
    ClosingClause {
        pattern: String,
        suggestion_text: String,
    },
    /// "resolution NNNN (YYYY)": format and a year possible for the number.
    CitationFormat {
        #[serde(default = "default_true")]
        flag_missing_year: bool,
    },
    /// "paragraph 12 (d) above/below" must point at an existing paragraph, the right way.
    CrossReference {},
    /// Acronyms used before or without being spelled out, outside `standard`.
    AcronymDefinition { standard: Vec<String> },
    /// Unmatched parentheses, brackets and quotation marks within a paragraph.
    BalancedDelimiters {},
    /// What the parser could not place (`Document::issues`), one finding each.
    ParseIssues {},
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpeningPart {
    Operative,
    Preambular,
}

impl CheckSpec {
    pub fn kind(&self) -> &'static str {
        match self {
            CheckSpec::DocumentRequires { .. } => "document-requires",
            CheckSpec::EachRequired { .. } => "each-required",
            CheckSpec::ClauseWhenUnless { .. } => "clause-when-unless",
            CheckSpec::PreambleOnly { .. } => "preamble-only",
            CheckSpec::CategoryCount { .. } => "category-count",
            CheckSpec::AllTechnical { .. } => "all-technical",
            CheckSpec::RenewedUnchanged { .. } => "renewed-unchanged",
            CheckSpec::TermPresent { .. } => "term-present",
            CheckSpec::Numbering {} => "numbering",
            CheckSpec::Opening { .. } => "opening",
            CheckSpec::Punctuation {} => "punctuation",
            CheckSpec::ClosingClause { .. } => "closing-clause",
            CheckSpec::CitationFormat { .. } => "citation-format",
            CheckSpec::CrossReference {} => "cross-reference",
            CheckSpec::AcronymDefinition { .. } => "acronym-definition",
            CheckSpec::BalancedDelimiters {} => "balanced-delimiters",
            CheckSpec::ParseIssues {} => "parse-issues",
        }
    }

    /// Every lexicon name the check refers to (validated at load time).
    pub fn lexicon_names(&self) -> Vec<&str> {
        let lists: Vec<&Vec<String>> = match self {
            CheckSpec::DocumentRequires {
                lexicons,
                together_with,
                ..
            } => vec![lexicons, together_with],
            CheckSpec::EachRequired { items, .. } => items.iter().map(|i| &i.lexicons).collect(),
            CheckSpec::ClauseWhenUnless {
                when_any,
                and_any,
                unless_any,
                ..
            } => vec![when_any, and_any, unless_any],
            CheckSpec::PreambleOnly { groups } => groups
                .iter()
                .flat_map(|g| {
                    [
                        &g.preamble_any,
                        &g.preamble_with_any,
                        &g.except_any,
                        &g.operative_any,
                        &g.operative_with_any,
                    ]
                })
                .collect(),
            CheckSpec::AllTechnical { political_any } => vec![political_any],
            CheckSpec::TermPresent { lexicons, .. } => vec![lexicons],
            CheckSpec::Opening { lexicons, .. } => vec![lexicons],
            CheckSpec::AcronymDefinition { standard } => vec![standard],
            CheckSpec::CategoryCount { .. }
            | CheckSpec::RenewedUnchanged { .. }
            | CheckSpec::Numbering {}
            | CheckSpec::Punctuation {}
            | CheckSpec::ClosingClause { .. }
            | CheckSpec::CitationFormat { .. }
            | CheckSpec::CrossReference {}
            | CheckSpec::BalancedDelimiters {}
            | CheckSpec::ParseIssues {} => Vec::new(),
        };
        lists.into_iter().flatten().map(String::as_str).collect()
    }
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

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub kind: ExampleKind,
    pub text: String,
    /// A previous mandate, for rules that compare with one (DSR003).
    #[serde(default)]
    pub previous: Option<String>,
}

/// A rule file as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
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
    pub check: CheckSpec,
    #[serde(default)]
    pub suggestion: Option<SuggestionSpec>,
    #[serde(default)]
    pub examples: Vec<Example>,
}
