//! The data type between analysis and the rules: what each clause says.

use std::sync::Arc;

use serde::Serialize;

use super::CodeSet;
use crate::span::Span;

/// DCAF categories of core DSR tasks (DCAF 2020, para. 17 and Figure 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    GovernanceOversight,
    LegislationDoctrine,
    AdministrationBudget,
    Education,
    ConsensusBuilding,
    SectorReview,
    Coordination,
    ForceStructure,
    LogisticsInfrastructure,
    CrossCutting,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::GovernanceOversight,
        Category::LegislationDoctrine,
        Category::AdministrationBudget,
        Category::Education,
        Category::ConsensusBuilding,
        Category::SectorReview,
        Category::Coordination,
        Category::ForceStructure,
        Category::LogisticsInfrastructure,
        Category::CrossCutting,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Category::GovernanceOversight => "governance-oversight",
            Category::LegislationDoctrine => "legislation-doctrine",
            Category::AdministrationBudget => "administration-budget",
            Category::Education => "education",
            Category::ConsensusBuilding => "consensus-building",
            Category::SectorReview => "sector-review",
            Category::Coordination => "coordination",
            Category::ForceStructure => "force-structure",
            Category::LogisticsInfrastructure => "logistics-infrastructure",
            Category::CrossCutting => "cross-cutting",
        }
    }

    /// The DCAF wording, for messages and tables.
    pub fn title(self) -> &'static str {
        match self {
            Category::GovernanceOversight => "governance and oversight",
            Category::LegislationDoctrine => {
                "defence legislation, norms, doctrine and reform plans"
            }
            Category::AdministrationBudget => "administration, budget development and management",
            Category::Education => "education system",
            Category::ConsensusBuilding => "consensus building and reconciliation",
            Category::SectorReview => "defence sector review",
            Category::Coordination => "coordination of support",
            Category::ForceStructure => "force structure and force planning",
            Category::LogisticsInfrastructure => "logistics and procurement infrastructure",
            Category::CrossCutting => {
                "cross-cutting issues (human rights, gender, child protection, HIV/AIDS)"
            }
        }
    }

    pub fn from_slug(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.slug() == s)
    }
}

/// Political (good offices, facilitation, mediation, advocacy, coordination) or
/// technical (training, equipment, technical assistance, advice, infrastructure)
/// engagement (DCAF 2020, para. 13 and Figure 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engagement {
    Political,
    Technical,
}

impl Engagement {
    pub const ALL: [Engagement; 2] = [Engagement::Political, Engagement::Technical];
    pub fn slug(self) -> &'static str {
        match self {
            Engagement::Political => "political",
            Engagement::Technical => "technical",
        }
    }
    pub fn from_slug(s: &str) -> Option<Engagement> {
        Engagement::ALL.into_iter().find(|c| c.slug() == s)
    }
}

/// Strategic (policy, national vision), operational (institutions and resources) or
/// tactical (individuals) level (DCAF 2020, para. 14 and Figure 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Strategic,
    Operational,
    Tactical,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Strategic, Level::Operational, Level::Tactical];
    pub fn slug(self) -> &'static str {
        match self {
            Level::Strategic => "strategic",
            Level::Operational => "operational",
            Level::Tactical => "tactical",
        }
    }
    pub fn from_slug(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|c| c.slug() == s)
    }
}

/// National actors named as counterparts (DCAF 2020, paras. 15, 27–29).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    ArmedForces,
    MinistryOfDefence,
    MilitaryJustice,
    /// "the Government", "national authorities": no institution named.
    Government,
    OtherGovernment,
    Legislature,
    OtherSecurity,
    CivilSociety,
    Media,
}

impl Actor {
    pub const ALL: [Actor; 9] = [
        Actor::ArmedForces,
        Actor::MinistryOfDefence,
        Actor::MilitaryJustice,
        Actor::Government,
        Actor::OtherGovernment,
        Actor::Legislature,
        Actor::OtherSecurity,
        Actor::CivilSociety,
        Actor::Media,
    ];
    pub fn slug(self) -> &'static str {
        match self {
            Actor::ArmedForces => "armed-forces",
            Actor::MinistryOfDefence => "ministry-of-defence",
            Actor::MilitaryJustice => "military-justice",
            Actor::Government => "government",
            Actor::OtherGovernment => "other-government",
            Actor::Legislature => "legislature",
            Actor::OtherSecurity => "other-security",
            Actor::CivilSociety => "civil-society",
            Actor::Media => "media",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Actor::ArmedForces => "armed forces",
            Actor::MinistryOfDefence => "ministry of defence",
            Actor::MilitaryJustice => "military justice institutions",
            Actor::Government => "\"the Government\" (unspecified)",
            Actor::OtherGovernment => "other government institutions",
            Actor::Legislature => "legislative bodies",
            Actor::OtherSecurity => "other security actors",
            Actor::CivilSociety => "civil society",
            Actor::Media => "media",
        }
    }
    pub fn from_slug(s: &str) -> Option<Actor> {
        Actor::ALL.into_iter().find(|c| c.slug() == s)
    }
}

/// Whether a DSR task names the defence sector (explicit) or reaches it only through a
/// broader security sector reform task (implicit: DCAF 2020 paras 3 and 21).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DsrScope {
    Explicit,
    Implicit,
}

impl DsrScope {
    pub fn slug(self) -> &'static str {
        match self {
            DsrScope::Explicit => "explicit",
            DsrScope::Implicit => "implicit",
        }
    }
}

/// How firmly the Council asks the United Nations to carry a task out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    /// "Decides that the mandate of UNMIT shall include …", "Authorizes".
    Mandated,
    /// "Requests UNOCI to …", "Calls upon MONUSCO to …".
    Requested,
    /// "Encourages UNMISS to …", or the UN only as supporter of someone else's action
    /// ("Urges the authorities, with the support of MINUSCA, to …").
    Encouraged,
}

impl Modality {
    pub fn slug(self) -> &'static str {
        match self {
            Modality::Mandated => "mandated",
            Modality::Requested => "requested",
            Modality::Encouraged => "encouraged",
        }
    }
}

/// The United Nations' place in a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnRole {
    /// The UN (mission, Secretary-General, UN system) is asked to carry the task out: a
    /// mission task in the sense of the DCAF tables.
    Tasked,
    /// Someone else is asked to act with the UN's support ("Urges the authorities, with
    /// the support of MINUSCA, to …").
    Supporter,
}

impl UnRole {
    pub fn slug(self) -> &'static str {
        match self {
            UnRole::Tasked => "tasked",
            UnRole::Supporter => "supporter",
        }
    }
}

/// A place in a clause's analysis, counted from the start of the clause's paragraph
/// (its top-level clause, `Document::root_start`, which its lead-ins share): a
/// paragraph an edit moved keeps its clauses' analyses as they are, shared with the
/// last check, not copied with every place moved (that copy was a tenth of a keystroke's
/// check on a long draft). `place` gives the place in the document.
pub trait Rooted {
    fn rooted_span(&self) -> Span;
    /// The place in the document of clause `i`'s analysis of `doc`.
    fn place(&self, doc: &crate::model::Document, i: usize) -> Span {
        placed(self.rooted_span(), doc, i)
    }
}

/// `rooted`, a place in clause `i`'s analysis, in the document.
fn placed(rooted: Span, doc: &crate::model::Document, i: usize) -> Span {
    rooted.shifted(doc.root_start(i) as isize)
}

impl Rooted for Task {
    fn rooted_span(&self) -> Span {
        self.rooted
    }
}

impl Rooted for Verb {
    fn rooted_span(&self) -> Span {
        self.rooted
    }
}

impl Addressee {
    /// Where the addressee is written in `doc`, clause `i` being the one analysed.
    pub fn place(&self, doc: &crate::model::Document, i: usize) -> Option<Span> {
        self.rooted.map(|s| placed(s, doc, i))
    }
}

/// One DSR task phrase of a clause ("to advise the Ministry of Defence on …"), coded
/// from its own words (docs/coding-guide.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Task {
    /// The task phrase, from the start of its clause's paragraph (`Rooted`).
    pub rooted: Span,
    pub scope: DsrScope,
    pub modality: Modality,
    pub un_role: UnRole,
    pub categories: CodeSet<Category>,
    pub engagement: CodeSet<Engagement>,
    pub levels: CodeSet<Level>,
    pub actors: CodeSet<Actor>,
}

/// Who an operative clause addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddresseeKind {
    /// The peace operation or mission (by its acronym as defined in the text).
    Mission,
    SecretaryGeneral,
    /// A Special Representative / Envoy of the Secretary-General.
    SpecialRepresentative,
    Government,
    MemberStates,
    Parties,
    /// The Council itself ("Decides to…").
    Council,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Addressee {
    pub kind: AddresseeKind,
    /// As written, or the mission acronym ("MONUSCO", "the Secretary-General"); shared
    /// (sub-items inherit their lead-in's).
    pub name: Arc<str>,
    /// Where it is written, from the start of its clause's paragraph (`Rooted`).
    pub rooted: Option<Span>,
}

/// The opening operative verb of a clause, or the verb inherited from its lead-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verb {
    /// Lemma in the third person as used in resolutions ("decides", "calls upon"):
    /// the lexicon term's id, shared (sub-items inherit it; a copy per clause was a
    /// third of the analysis's allocations on each keystroke).
    pub lemma: Arc<str>,
    /// Force on the BRIEF §2 scale, 1 (encourages) to 5 (decides).
    pub force: u8,
    /// Where the verb is written (in the lead-in for inherited verbs), from the start
    /// of its clause's paragraph (`Rooted`).
    pub rooted: Span,
    /// True when the clause is a sub-item and the verb comes from its lead-in.
    pub inherited: bool,
}

/// A lexicon hit in a clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermMatch {
    /// Lexicon entry id (the canonical term), shared with the lexicon.
    pub term: Arc<str>,
    /// In the clause's normalised text (`Clause::norm`), so that the list does not
    /// change when an edit above moves the clause: `Ctx::hit_span` gives the span in
    /// the document.
    pub span: Span,
}

/// What analysis found in one clause (indexed like `Document::clauses`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClauseAnalysis {
    pub verb: Option<Verb>,
    pub addressee: Option<Addressee>,
    /// The clause mandates or encourages support to the defence sector, explicitly or
    /// implicitly (`dsr.is_some()`).
    pub dsr_task: bool,
    /// Explicit when any of its tasks names the defence sector, implicit when they reach
    /// it only through security sector reform; `None` when the clause has no DSR task.
    pub dsr: Option<DsrScope>,
    /// The DSR tasks of the clause; the clause's categories, engagement, levels and
    /// actors are their union.
    pub tasks: Vec<Task>,
    /// The clause is about security sector reform (SSR) more broadly.
    pub ssr: bool,
    pub categories: CodeSet<Category>,
    pub engagement: CodeSet<Engagement>,
    pub levels: CodeSet<Level>,
    pub actors: CodeSet<Actor>,
    /// Hits per lexicon name, for rules to query ("tenet-national-ownership" → hits),
    /// spans in the clause's normalised text (`Ctx::hit_span` places them in the
    /// document). Shared with the clause's scan.
    pub hits: Arc<ClauseHits>,
}

/// A clause's lexicon hits grouped by lexicon, in name order, each group under the
/// lexicon's shared name and index, spans in the clause's normalised text: built once
/// per clause text with its scan (`scan::ClauseScan`) and shared by the checks that
/// reuse the scan; neither the names nor a map's nodes are allocated per hit (a tenth
/// of a corpus run when they were), and rules look a group up by the lexicon index
/// their predicates resolved at load (string comparisons were 15% of a keystroke's
/// check).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClauseHits {
    /// Bit `l` set when lexicon `l` (below 128) has a hit: rules ask "does this clause
    /// mention X" of every clause, for every rule.
    present: u128,
    groups: Vec<HitGroupEntry>,
    /// Every hit, group after group (two allocations per clause, not one per group).
    hits: Vec<TermMatch>,
    /// What RES008 reads of the clause's text, kept with it (`acronym_spans`).
    acronym_spans: TextMemo<AcronymSpans>,
    /// What RES009 finds in it (`delimiter_problem`).
    delimiter_problem: TextMemo<Option<DelimiterProblem>>,
    /// Whether it names a paragraph, as RES007 looks for one (`mentions_paragraph`).
    mentions_paragraph: TextMemo<bool>,
    /// Whether it has a "resolution(s)" citation keyword, as RES006 looks for one
    /// (`cites_resolution`).
    cites_resolution: TextMemo<bool>,
}

/// An unbalanced delimiter in a clause's normalised text (RES009): what is wrong, and
/// where (offset and length).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DelimiterProblem {
    pub what: String,
    pub at: usize,
    pub len: usize,
}

/// Spans of a clause's normalised text that RES008 reads from the text alone: its
/// acronym-shaped tokens and its acronyms defined in parentheses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AcronymSpans {
    pub tokens: Vec<(usize, usize)>,
    pub definitions: Vec<(usize, usize)>,
}

/// A value worked out from a clause's text on first use and kept with the text's hits,
/// which the language server shares between checks: a clause a keystroke did not touch
/// is not read again. A cache, not content: hits compare equal whatever it holds.
#[derive(Clone, Default)]
struct TextMemo<T>(std::sync::OnceLock<T>);

impl<T> PartialEq for TextMemo<T> {
    fn eq(&self, _: &TextMemo<T>) -> bool {
        true
    }
}

impl<T> Eq for TextMemo<T> {}

impl<T> std::fmt::Debug for TextMemo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextMemo")
    }
}

/// One lexicon's hits in a clause (read through `ClauseHits`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct HitGroupEntry {
    /// Index of the lexicon in the `Lexicons` that scanned.
    lexicon: usize,
    name: Arc<str>,
    /// Its hits: `ClauseHits::hits[start..end]`.
    start: usize,
    end: usize,
}

type HitGroup<'a> = (&'a str, &'a [TermMatch]);

impl ClauseHits {
    pub(crate) fn with_capacity(hits: usize) -> ClauseHits {
        ClauseHits {
            present: 0,
            groups: Vec::new(),
            hits: Vec::with_capacity(hits),
            acronym_spans: TextMemo::default(),
            delimiter_problem: TextMemo::default(),
            mentions_paragraph: TextMemo::default(),
            cites_resolution: TextMemo::default(),
        }
    }

    /// Whether the clause's normalised text names a paragraph (cross-reference):
    /// `read` on first use, kept after.
    pub(crate) fn mentions_paragraph(&self, read: impl FnOnce() -> bool) -> bool {
        *self.mentions_paragraph.0.get_or_init(read)
    }

    /// Whether the clause's normalised text has a resolution-citation keyword
    /// (citation-format): `read` on first use, kept after.
    pub(crate) fn cites_resolution(&self, read: impl FnOnce() -> bool) -> bool {
        *self.cites_resolution.0.get_or_init(read)
    }

    /// RES009's finding in the clause's normalised text: `read` on first use, kept
    /// after.
    pub(crate) fn delimiter_problem(
        &self,
        read: impl FnOnce() -> Option<DelimiterProblem>,
    ) -> Option<&DelimiterProblem> {
        self.delimiter_problem.0.get_or_init(read).as_ref()
    }

    /// RES008's spans of the clause's normalised text (the text these hits were found
    /// in): `read` on first use, kept after.
    pub(crate) fn acronym_spans(&self, read: impl FnOnce() -> AcronymSpans) -> &AcronymSpans {
        self.acronym_spans.0.get_or_init(read)
    }

    /// Adds a hit of lexicon `lexicon` (named `name`): hits come lexicon by lexicon,
    /// a new lexicon opening a new group.
    pub(crate) fn push(&mut self, lexicon: usize, name: &Arc<str>, hit: TermMatch) {
        let at = self.hits.len();
        self.hits.push(hit);
        if let Some(bit) = 1u128.checked_shl(lexicon as u32).filter(|_| lexicon < 128) {
            self.present |= bit;
        }
        match self.groups.last_mut() {
            Some(g) if g.lexicon == lexicon && g.end == at => g.end = at + 1,
            _ => self.groups.push(HitGroupEntry {
                lexicon,
                name: Arc::clone(name),
                start: at,
                end: at + 1,
            }),
        }
    }

    /// Puts the groups in name order, merging groups of one name, if they are not
    /// already (lexicons are numbered in name order, so they are).
    pub(crate) fn finish(self) -> ClauseHits {
        if self
            .groups
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.name < b.name))
        {
            return self;
        }
        // Stable: a lexicon's hits that came in two runs join, in the order they came.
        let mut order: Vec<&HitGroupEntry> = self.groups.iter().collect();
        order.sort_by(|a, b| a.name.cmp(&b.name));
        let mut out = ClauseHits::with_capacity(self.hits.len());
        for g in order {
            for hit in self.slice(g) {
                out.push(g.lexicon, &g.name, hit.clone());
            }
        }
        out
    }

    fn slice(&self, g: &HitGroupEntry) -> &[TermMatch] {
        self.hits.get(g.start..g.end).unwrap_or(&[])
    }

    /// The hits of one lexicon, by name.
    pub fn get(&self, lexicon: &str) -> Option<&[TermMatch]> {
        self.groups
            .binary_search_by(|g| (*g.name).cmp(lexicon))
            .ok()
            .and_then(|i| self.groups.get(i))
            .map(|g| self.slice(g))
    }

    /// The hits of one lexicon, by its index in the `Lexicons` that scanned: a clause
    /// has a handful of groups, so a scan of their indices.
    pub fn by_index(&self, lexicon: usize) -> &[TermMatch] {
        self.groups
            .iter()
            .find(|g| g.lexicon == lexicon)
            .map_or(&[], |g| self.slice(g))
    }

    /// The lexicons with a hit among the first 128 (bit `i` for index `i`): what
    /// `has_index` reads for them.
    pub fn present_bits(&self) -> u128 {
        self.present
    }

    /// Whether lexicon `lexicon` (its index in the `Lexicons` that scanned) has a hit.
    pub fn has_index(&self, lexicon: usize) -> bool {
        if lexicon < 128 {
            self.present & (1u128 << lexicon) != 0
        } else {
            !self.by_index(lexicon).is_empty()
        }
    }

    /// (lexicon name, hits), in name order.
    pub fn iter(&self) -> impl Iterator<Item = HitGroup<'_>> {
        self.groups.iter().map(|g| (&*g.name, self.slice(g)))
    }
}

/// As the map it replaced: `{ "lexicon": [hits…] }`.
impl Serialize for ClauseHits {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl ClauseAnalysis {
    /// The clause's DSR scope and DCAF coding from its tasks: explicit when any task is,
    /// and the union of the tasks' categories, engagement, levels and actors.
    pub fn code_from_tasks(&mut self) {
        self.dsr = self.tasks.iter().map(|t| t.scope).min();
        self.dsr_task = self.dsr.is_some();
        self.ssr = self.ssr || self.dsr_task;
        for t in &self.tasks {
            self.categories.extend(t.categories.iter().copied());
            self.engagement.extend(t.engagement.iter().copied());
            self.levels.extend(t.levels.iter().copied());
            self.actors.extend(t.actors.iter().copied());
        }
    }

    pub fn has(&self, lexicon: &str) -> bool {
        self.hits.get(lexicon).is_some_and(|v| !v.is_empty())
    }
    pub fn hits_of(&self, lexicon: &str) -> &[TermMatch] {
        self.hits.get(lexicon).unwrap_or(&[])
    }
}

/// An acronym defined in the text: "United Nations Organization Stabilization Mission in
/// the Democratic Republic of the Congo (MONUSCO)".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcronymDef {
    pub acronym: String,
    pub expansion: String,
    pub span: Span,
}

/// Document-level analysis.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Analysis {
    /// The draft sets or changes a UN mandate (establishes, extends or tasks a mission or
    /// office, or asks the UN to support national actors in a DSR/SSR task). DSR rules
    /// speak only then.
    pub sets_mandate: bool,
    /// Shared with the last check where a paragraph is unchanged (places in them are
    /// counted from the paragraph's start: `Rooted`).
    pub clauses: Vec<Arc<ClauseAnalysis>>,
    /// The mission the resolution mandates, by acronym, when one is found.
    pub mission: Option<String>,
    pub acronyms: Vec<AcronymDef>,
}

impl Analysis {
    pub fn has_dsr(&self) -> bool {
        self.clauses.iter().any(|c| c.dsr_task)
    }
    pub fn dsr_clauses(&self) -> impl Iterator<Item = (usize, &ClauseAnalysis)> {
        self.clauses
            .iter()
            .map(|c| &**c)
            .enumerate()
            .filter(|(_, c)| c.dsr_task)
    }
}
