//! Agreed language that fills a DSR gap: for a rule that finds something missing
//! (civilian oversight, a 2151 reference, a tenet…), the adopted clause that says it.
//!
//! A gap is filled by a clause that hits the lexicons the rule looks for, in a DSR or
//! SSR setting, and has no sub-paragraphs. Among those come first: clauses that can be
//! inserted as they are (no dash items or fragments), of the shape the rule's own
//! suggestion takes (a sub-paragraph of the DSR task list, or a paragraph), DSR-task
//! clauses, focused clauses (at most 60 words), the most recent resolutions; then the
//! wording closest to the draft's own DSR language, then the shortest.

use serde::Serialize;

use std::cmp::Reverse;

use super::filter::Filter;
use super::search::Scorer;
use super::store::tag;
use super::{adapt, ClauseId, DraftContext, Hit, PrecedentIndex};

/// A tenet of resolution 2151 (2014) that DSR tasks should carry (DSR002).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tenet {
    NationalOwnership,
    Inclusivity,
    GoodGovernance,
    Gender,
}

impl Tenet {
    pub const ALL: [Tenet; 4] = [
        Tenet::NationalOwnership,
        Tenet::Inclusivity,
        Tenet::GoodGovernance,
        Tenet::Gender,
    ];

    /// The item id DSR002 gives the tenet ("national-ownership").
    pub fn id(self) -> &'static str {
        match self {
            Tenet::NationalOwnership => "national-ownership",
            Tenet::Inclusivity => "inclusivity",
            Tenet::GoodGovernance => "good-governance",
            Tenet::Gender => "gender",
        }
    }

    fn lexicon(self) -> &'static str {
        match self {
            Tenet::NationalOwnership => "tenet-national-ownership",
            Tenet::Inclusivity => "tenet-inclusivity",
            Tenet::GoodGovernance => "tenet-good-governance",
            Tenet::Gender => "tenet-gender",
        }
    }
}

/// Something a DSR rule finds missing from a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "gap", content = "tenet")]
pub enum Gap {
    /// DSR001: a reference to resolution 2151 (2014) or 2553 (2020).
    Reference2151,
    /// DSR002: one of the 2151 tenets.
    Tenet(Tenet),
    /// DSR004: an assessment, benchmarks, a national framework or peace agreement.
    ContextBasis,
    /// DSR005: a link to broader SSR.
    SsrAnchor,
    /// DSR006: civilian or democratic oversight of the defence sector.
    CivilianOversight,
    /// DSR008: the legislature, civil society or the media.
    InclusiveCounterparts,
    /// DSR009: prioritisation or sequencing.
    Sequencing,
    /// DSR011: reporting on SSR/DSR progress.
    Reporting,
    /// DSR012: gender analysis in the reporting.
    GenderAnalysisInReporting,
    /// DSR013: a mapping of international assistance.
    CoordinationMapping,
    /// DSR015: good offices, dialogue, consensus building.
    PoliticalEngagement,
    /// DSR017: administration, budget, human resources, procurement.
    ManagementSupport,
}

/// What shape of clause fills a gap best: a sub-paragraph for a DSR task list, or an
/// operative paragraph of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    SubItem,
    Paragraph,
}

impl Gap {
    /// Every gap, in the order of the rules.
    pub const ALL: [Gap; 15] = [
        Gap::Reference2151,
        Gap::Tenet(Tenet::NationalOwnership),
        Gap::Tenet(Tenet::Inclusivity),
        Gap::Tenet(Tenet::GoodGovernance),
        Gap::Tenet(Tenet::Gender),
        Gap::ContextBasis,
        Gap::SsrAnchor,
        Gap::CivilianOversight,
        Gap::InclusiveCounterparts,
        Gap::Sequencing,
        Gap::Reporting,
        Gap::GenderAnalysisInReporting,
        Gap::CoordinationMapping,
        Gap::PoliticalEngagement,
        Gap::ManagementSupport,
    ];

    /// The gap behind a rule's finding: its code and, for DSR002, the tenet's item id
    /// ("national-ownership"). `None` for rules no adopted clause can fill.
    pub fn for_rule(code: &str, item: Option<&str>) -> Option<Gap> {
        Some(match code {
            "DSR001" => Gap::Reference2151,
            "DSR002" => Gap::Tenet(Tenet::ALL.into_iter().find(|t| Some(t.id()) == item)?),
            "DSR004" => Gap::ContextBasis,
            "DSR005" => Gap::SsrAnchor,
            "DSR006" => Gap::CivilianOversight,
            "DSR008" => Gap::InclusiveCounterparts,
            "DSR009" => Gap::Sequencing,
            "DSR011" => Gap::Reporting,
            "DSR012" => Gap::GenderAnalysisInReporting,
            "DSR013" => Gap::CoordinationMapping,
            "DSR015" => Gap::PoliticalEngagement,
            "DSR017" => Gap::ManagementSupport,
            _ => return None,
        })
    }

    /// The rule that finds this gap.
    pub fn rule(self) -> &'static str {
        match self {
            Gap::Reference2151 => "DSR001",
            Gap::Tenet(_) => "DSR002",
            Gap::ContextBasis => "DSR004",
            Gap::SsrAnchor => "DSR005",
            Gap::CivilianOversight => "DSR006",
            Gap::InclusiveCounterparts => "DSR008",
            Gap::Sequencing => "DSR009",
            Gap::Reporting => "DSR011",
            Gap::GenderAnalysisInReporting => "DSR012",
            Gap::CoordinationMapping => "DSR013",
            Gap::PoliticalEngagement => "DSR015",
            Gap::ManagementSupport => "DSR017",
        }
    }

    /// The shape the rule's own suggestion takes.
    pub fn shape(self) -> Shape {
        match self {
            Gap::Reporting | Gap::GenderAnalysisInReporting | Gap::Sequencing => Shape::Paragraph,
            _ => Shape::SubItem,
        }
    }

    /// The filters that find clauses filling the gap, strictest first: the first that
    /// finds anything is used. Lexicon names are those the rule checks
    /// (`rules/dsr/*.toml`).
    fn filters(self) -> Vec<Filter> {
        let lex = |n: &str| tag::lexicon(n);
        let security = || vec![tag::SSR.to_string(), lex("defence-sector")];
        let f = |all: Vec<String>, any: Vec<Vec<String>>| {
            let mut all = all;
            all.push(tag::LEAF.to_string());
            Filter { all, any }
        };
        match self {
            Gap::Reference2151 => vec![
                f(vec![lex("resolution-2151"), tag::DSR.into()], vec![]),
                f(vec![lex("resolution-2151")], vec![security()]),
            ],
            Gap::Tenet(t) => vec![
                f(vec![lex(t.lexicon()), tag::DSR.into()], vec![]),
                f(vec![lex(t.lexicon())], vec![security()]),
            ],
            Gap::ContextBasis => vec![
                f(vec![lex("context-basis"), tag::DSR.into()], vec![]),
                f(vec![lex("context-basis")], vec![security()]),
            ],
            Gap::SsrAnchor => vec![
                f(vec![lex("ssr"), tag::DSR.into()], vec![]),
                f(vec![tag::DSR.into(), lex("political-objective")], vec![]),
            ],
            Gap::CivilianOversight => vec![
                f(vec![lex("civilian-oversight"), tag::DSR.into()], vec![]),
                f(vec![lex("civilian-oversight")], vec![security()]),
            ],
            Gap::InclusiveCounterparts => {
                let actors = vec![
                    lex("actor-legislature"),
                    lex("actor-civil-society"),
                    lex("actor-media"),
                ];
                vec![
                    f(vec![tag::DSR.into()], vec![actors.clone()]),
                    f(vec![], vec![actors, security()]),
                ]
            }
            Gap::Sequencing => vec![f(vec![lex("sequencing")], vec![security()])],
            Gap::Reporting => vec![
                f(
                    vec![
                        lex("reporting-request"),
                        tag::addressee("secretary-general"),
                    ],
                    vec![security()],
                ),
                f(vec![lex("reporting-request")], vec![security()]),
            ],
            Gap::GenderAnalysisInReporting => vec![
                f(
                    vec![
                        lex("reporting-request"),
                        lex("gender-analysis"),
                        tag::addressee("secretary-general"),
                    ],
                    vec![security()],
                ),
                f(
                    vec![
                        lex("reporting-request"),
                        lex("gender-analysis"),
                        tag::addressee("secretary-general"),
                    ],
                    vec![],
                ),
            ],
            Gap::CoordinationMapping => vec![
                f(vec![lex("mapping"), tag::DSR.into()], vec![]),
                f(
                    vec![lex("mapping")],
                    vec![
                        vec![lex("coordination"), lex("category-coordination")],
                        security(),
                    ],
                ),
            ],
            Gap::PoliticalEngagement => vec![
                f(vec![tag::DSR.into(), "eng:political".into()], vec![]),
                f(vec![lex("political-engagement")], vec![security()]),
            ],
            Gap::ManagementSupport => vec![
                f(
                    vec![tag::DSR.into()],
                    vec![vec![
                        lex("management-support"),
                        "cat:administration-budget".into(),
                    ]],
                ),
                f(vec![lex("management-support")], vec![security()]),
            ],
        }
    }
}

/// An adopted clause that fills a gap, ready for a quick fix.
#[derive(Clone, Debug, Serialize)]
pub struct GapFill {
    pub gap: Gap,
    pub hit: Hit,
    /// "S/RES/2149 (2014) para 30(f)(iii)".
    pub citation: String,
    /// The clause with the source mission's name, acronym and country replaced by the
    /// draft's (as far as the draft context tells them).
    pub text: String,
    /// "Insert agreed language from S/RES/2149 (2014) para 30(f)(iii)".
    pub title: String,
}

/// A clause this short that fills the gap is about it; a longer one may only mention it
/// among other things (a protection-of-civilians task that names gender-based
/// violence is no clause on gender in defence reform).
const FOCUSED_WORDS: usize = 60;

/// Whether a clause can be inserted as it is: a lettered or numbered paragraph (not a
/// dash item, whose meaning leans on its neighbours), opening with a capital, neither
/// a fragment nor a page-long paragraph.
fn stands_alone(reference: &str, text: &str, words: usize) -> bool {
    !reference.contains('-')
        && text.chars().next().is_some_and(char::is_uppercase)
        && (6..=120).contains(&words)
}

impl PrecedentIndex {
    /// The closest adopted clause that fills `gap`, cited and adapted to the draft.
    pub fn fill_gap(&self, gap: Gap, draft: &DraftContext) -> Option<GapFill> {
        let candidates = gap
            .filters()
            .iter()
            .map(|f| self.matching(f))
            .find(|ids| !ids.is_empty())?;
        let want_paragraph = gap.shape() == Shape::Paragraph;
        let keyed: Vec<(u32, _)> = candidates
            .into_iter()
            .filter_map(|id| {
                let (c, r) = self.record(id)?;
                let words = self.clause_words(id).len();
                let key = (
                    stands_alone(&c.reference, &c.text, words),
                    (c.depth == 0) == want_paragraph,
                    c.dsr_task(),
                    words <= FOCUSED_WORDS,
                    r.year.unwrap_or(0),
                    r.number,
                );
                Some((id, key))
            })
            .collect();
        let best_key = keyed.iter().map(|(_, k)| *k).max()?;
        // Among the clauses of the best kind (usually one resolution's), the wording
        // closest to the draft's own DSR language, then the shortest.
        let mut scorer = Scorer::new(self, &draft.text, draft.mission.as_deref());
        let (id, _) = keyed
            .into_iter()
            .filter(|(_, k)| *k == best_key)
            .map(|(id, _)| {
                let closeness = if draft.text.trim().is_empty() {
                    0.0
                } else {
                    scorer.score(id)
                };
                (
                    id,
                    (closeness, Reverse(self.clause_words(id).len()), Reverse(id)),
                )
            })
            .max_by(|a, b| {
                let ((ca, la, ia), (cb, lb, ib)) = (&a.1, &b.1);
                ca.total_cmp(cb).then(la.cmp(lb)).then(ia.cmp(ib))
            })?;
        let hit = self.hit(ClauseId(id), 1.0)?;
        let text = adapt::adapt(
            &hit.text,
            &adapt::Names::source(&hit),
            &adapt::Names::draft(draft),
        );
        let citation = hit.citation();
        Some(GapFill {
            gap,
            title: format!("Insert agreed language from {citation}"),
            citation,
            text,
            hit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_map_to_gaps_and_back() {
        for code in [
            "DSR001", "DSR004", "DSR005", "DSR006", "DSR008", "DSR009", "DSR011", "DSR012",
            "DSR013", "DSR015", "DSR017",
        ] {
            let gap = Gap::for_rule(code, None);
            assert_eq!(gap.map(Gap::rule), Some(code));
        }
        assert_eq!(
            Gap::for_rule("DSR002", Some("good-governance")),
            Some(Gap::Tenet(Tenet::GoodGovernance))
        );
        assert_eq!(Gap::for_rule("DSR002", None), None);
        assert_eq!(Gap::for_rule("DSR003", None), None);
        assert_eq!(Gap::for_rule("RES001", None), None);
        assert_eq!(Gap::Reporting.shape(), Shape::Paragraph);
        assert_eq!(Gap::CivilianOversight.shape(), Shape::SubItem);
    }

    #[test]
    fn dash_items_and_fragments_do_not_stand_alone() {
        assert!(stands_alone(
            "30(f)(iii)",
            "To support the reform of the army",
            7
        ));
        assert!(!stands_alone(
            "36(iii)-2",
            "To support the reform of the army",
            7
        ));
        assert!(!stands_alone(
            "4",
            "promote and facilitate reforms of the army",
            7
        ));
        assert!(!stands_alone("4", "Protection of civilians", 3));
    }
}
