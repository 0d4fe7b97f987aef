//! Task-level DSR coding: the decision rules of `docs/coding-guide.md`.
//!
//! An operative clause is cut into *directive segments* (one per operative verb that
//! opens or joins it: "Reaffirms …, and requests UNMIT to …"), each segment into *task
//! phrases* (one per infinitive or "shall" predicate: "to advise the Government on X
//! and to train Y" holds two). A task phrase is a DSR task when the United Nations
//! supports it (the segment addresses the UN, or names the UN as supporter of someone
//! else's action) and its own words — not its subordinate phrases ("in line with human
//! rights", "in close coordination with partners") — reach the defence sector
//! (explicit) or the security sector as a whole (implicit). Each task is coded from
//! its own words; the clause's coding is the union of its tasks'.

mod coding;
mod phrases;
mod segment;

use super::{Actor, Category, CodeSet, DsrScope, Engagement, Level, Modality, Scan, Task, UnRole};
use crate::analyse::{AddresseeKind, Lexicons};
use crate::span::Span;
use coding::*;
use phrases::*;
use segment::*;

/// Lexicons the task coding reads, resolved once per analysis.
pub(super) struct TaskIds {
    defence: Option<usize>,
    implicit: Option<usize>,
    reform: Option<usize>,
    support: Option<usize>,
    delivery: Option<usize>,
    training: Option<usize>,
    subordinate: Option<usize>,
    adverbial: Option<usize>,
    beneficiary: Option<usize>,
    anaphora: Option<usize>,
    non_support: Option<usize>,
    auxiliaries: Option<usize>,
    un_supporter: Option<usize>,
    un_support: Option<usize>,
    reporting: Option<usize>,
    missions: Option<usize>,
    addressees: Option<usize>,
    mainstreaming: Option<usize>,
    operations: Option<usize>,
    verbs: Option<usize>,
    political: Option<usize>,
    technical: Option<usize>,
    categories: Vec<(usize, Category)>,
    levels: Vec<(usize, Level)>,
    actors: Vec<(usize, Actor)>,
}

impl TaskIds {
    pub(super) fn new(lex: &Lexicons) -> TaskIds {
        let categories = Category::ALL
            .into_iter()
            .filter_map(|c| {
                lex.index_of(&format!("category-{}", c.slug()))
                    .map(|i| (i, c))
            })
            .collect();
        let levels = Level::ALL
            .into_iter()
            .filter_map(|l| lex.index_of(&format!("level-{}", l.slug())).map(|i| (i, l)))
            .collect();
        let actors = Actor::ALL
            .into_iter()
            .filter_map(|a| lex.index_of(&format!("actor-{}", a.slug())).map(|i| (i, a)))
            .collect();
        TaskIds {
            defence: lex.index_of(super::names::DEFENCE),
            implicit: lex.index_of(super::names::IMPLICIT_SCOPE),
            reform: lex.index_of(super::names::REFORM),
            support: lex.index_of(super::names::SUPPORT),
            delivery: lex.index_of("task-delivery"),
            training: lex.index_of(super::names::TRAINING),
            subordinate: lex.index_of("task-subordinate"),
            adverbial: lex.index_of("task-adverbial"),
            beneficiary: lex.index_of("task-beneficiary"),
            anaphora: lex.index_of("task-anaphora"),
            non_support: lex.index_of("task-non-support"),
            auxiliaries: lex.index_of("task-auxiliaries"),
            un_supporter: lex.index_of("task-un-supporter"),
            un_support: lex.index_of(super::names::UN_SUPPORT),
            reporting: lex.index_of(super::names::REPORTING),
            missions: lex.index_of(super::names::MISSIONS),
            addressees: lex.index_of(super::names::ADDRESSEES),
            mainstreaming: lex.index_of("task-mainstreaming"),
            operations: lex.index_of("task-operations"),
            verbs: lex.index_of(super::names::OPERATIVE_VERBS),
            political: lex.index_of(super::names::POLITICAL),
            technical: lex.index_of(super::names::TECHNICAL),
            categories,
            levels,
            actors,
        }
    }
}

/// Who a directive segment asks to act, and how firmly: what its task phrases inherit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Direction {
    /// The segment's verb asks someone to act (not "welcomes", "stresses").
    pub directive: bool,
    /// The United Nations (mission, Secretary-General, UN system) is asked to act.
    pub un_addressed: bool,
    /// The United Nations is named as the supporter of someone else's action.
    pub un_supporting: bool,
    /// … as the coordinator of the support others give ("coordinated by UNMIS").
    pub un_coordinating: bool,
    /// Force of the verb on the BRIEF §2 scale.
    pub force: u8,
    /// The verb sets a mandate ("decides that UNMIT shall", a mandate list).
    pub mandating: bool,
    /// What is asked is a report ("Requests the Secretary-General to report on: (a) …"):
    /// its sub-items list what to report on, not tasks.
    pub reporting: bool,
}

impl Direction {
    fn modality(self) -> Modality {
        if !self.un_addressed {
            Modality::Encouraged
        } else if self.mandating || self.force >= 5 {
            Modality::Mandated
        } else if self.force >= 3 {
            Modality::Requested
        } else {
            Modality::Encouraged
        }
    }

    fn un_involved(self) -> bool {
        self.directive && (self.un_addressed || self.un_supporting)
    }
}

/// What a clause passes to its sub-items: the direction of its last directive segment
/// and the DSR scope of its topic ("Security sector reform", "support the reform of the
/// FARDC, including:").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct LeadIn {
    pub direction: Option<Direction>,
    pub topic: Option<DsrScope>,
}

/// One clause's inputs.
pub(super) struct ClauseInput<'a> {
    pub text: &'a str,
    pub scan: &'a Scan,
    pub lexicons: &'a Lexicons,
    pub mission: Option<&'a str>,
    /// Acronyms the draft defines for national forces found in this clause.
    pub defined_forces: &'a [Span],
    /// Whether the clause opens with its own operative verb (else it is a sub-item).
    pub own_verb: Option<(Span, u8, bool)>,
    /// The clause's addressee kind, for its first segment.
    pub addressee: Option<AddresseeKind>,
    pub parent: Option<LeadIn>,
    /// The clause is a heading item ("(b) Security sector reform"): it asks nothing.
    pub title: bool,
    /// The mode and counterparts of the lead-in that frames this sub-item ("to provide
    /// good offices and advice to the Government for: (a) …"), for what the item itself
    /// does not say.
    pub frame: Option<(CodeSet<Engagement>, CodeSet<Actor>)>,
}

#[derive(Clone, Debug)]
pub(super) struct ClauseTasks {
    pub tasks: Vec<(Span, Task)>,
    pub lead_in: LeadIn,
}

/// A stretch of the clause governed by one operative verb.
struct Segment {
    span: Span,
    /// Where what is asked starts (after the addressee: "… to", "… shall", ":").
    body_start: usize,
    direction: Direction,
}

pub(super) fn hits(
    scan: &Scan,
    lexicon: Option<usize>,
    within: Span,
) -> impl Iterator<Item = Span> + '_ {
    scan.within(lexicon, within).map(|(s, _)| s)
}

pub(super) fn any_hit(scan: &Scan, lexicon: Option<usize>, within: Span) -> bool {
    hits(scan, lexicon, within).next().is_some()
}

/// Finds and codes the DSR tasks of one operative clause.
pub(super) fn clause_tasks(input: &ClauseInput<'_>, ids: &TaskIds) -> ClauseTasks {
    let text = input.text;
    let whole = Span::new(0, text.len());
    let mut segs = segments(input, ids);
    let sub_item = segs.is_empty();
    // A heading ("(b) Security Sector Reform", "Reform of the security sector:") asks
    // nothing; it gives its sub-items their topic.
    let trimmed = text.trim().trim_end_matches([':', '.']);
    if input.title
        || sub_item
            && trimmed.split_whitespace().count() <= 12
            && !trimmed.to_ascii_lowercase().contains(" to ")
            && !trimmed.to_ascii_lowercase().starts_with("to ")
            && !text.trim_end().ends_with(';')
            && !text.trim_end().ends_with(',')
    {
        return ClauseTasks {
            tasks: Vec::new(),
            lead_in: LeadIn {
                direction: input.parent.and_then(|p| p.direction),
                topic: scope_in(input, ids, whole, &[]).map(|(s, _)| s),
            },
        };
    }
    if sub_item {
        // A sub-item without its own verb: the lead-in's direction governs it. Text
        // before "To …" is the item's heading ("(e) Reform of the security sector To
        // assist …").
        let Some(direction) = input.parent.and_then(|p| p.direction) else {
            return ClauseTasks {
                tasks: Vec::new(),
                lead_in: LeadIn {
                    direction: None,
                    topic: scope_in(input, ids, whole, &[]).map(|(s, _)| s),
                },
            };
        };
        // "(e) Reform of the security sector To assist …": the heading is context.
        let body_start = text
            .find(" To ")
            .filter(|&at| at < 200 && !text.get(..at).unwrap_or("").contains(';'))
            .map_or(0, |at| at + 1);
        segs.push(Segment {
            span: whole,
            body_start,
            direction: Direction {
                un_supporting: direction.un_supporting || un_supporter_in(input, ids, whole),
                un_coordinating: direction.un_coordinating || un_coordinator_in(input, ids, whole),
                ..direction
            },
        });
    }
    if sub_item
        && input
            .parent
            .and_then(|p| p.direction)
            .is_some_and(|d| d.reporting)
    {
        return ClauseTasks {
            tasks: Vec::new(),
            lead_in: LeadIn {
                direction: input.parent.and_then(|p| p.direction),
                topic: None,
            },
        };
    }
    let mut tasks = Vec::new();
    let mut last_direction = None;
    let parent_topic = input.parent.and_then(|p| p.topic);
    let mut topic: Option<DsrScope> = None;
    for seg in &segs {
        let body = Span::new(seg.body_start.min(seg.span.end), seg.span.end);
        if seg.direction.directive {
            let head = head_start(input, ids, body);
            let reporting = input
                .scan
                .within(ids.reporting, Span::new(head, body.end))
                .next()
                .is_some_and(|(s, _)| s.start < head + 40);
            last_direction = Some(Direction {
                reporting,
                ..seg.direction
            });
        }
        // A heading before the task ("Security sector reform To support …") or a
        // declaration before the request ("Reaffirms the importance of the reform of
        // the security sector …, and requests UNMIT to support the Government in these
        // efforts") gives the topic that anaphora and bare items refer to.
        let context = Span::new(0, body.start);
        let context_scope = scope_in(input, ids, context, &[]).map(|(s, _)| s);
        if topic.is_none() {
            topic = scope_in(input, ids, seg.span, &[]).map(|(s, _)| s);
        }
        if !seg.direction.un_involved() {
            continue;
        }
        for phrase in phrases(input, ids, body) {
            let excluded = subordinate_ranges(input, ids, phrase);
            let head = head_start(input, ids, phrase);
            // Reporting, monitoring, protection, compliance: no support delivered.
            let reporting_head = input
                .scan
                .within(ids.reporting, Span::new(head, phrase.end))
                .next()
                .is_some_and(|(s, _)| s.start < head + 60);
            if seg.direction.un_addressed
                && (reporting_head || input.scan.at(ids.non_support, head).is_some())
            {
                continue;
            }
            // "to enhance its interaction with …", "its operational coordination with the
            // MDSF": the mission's own activity, not support to national actors.
            if own_activity(input, ids, head, phrase) {
                continue;
            }
            let own = scope_in(input, ids, phrase, &excluded);
            let anaphoric = core_hits(input.scan, ids.anaphora, phrase, &excluded)
                .next()
                .is_some();
            let (scope, from_context) = match own {
                Some((scope, at)) => {
                    // A cross-cutting concern carried through all of the mission's work
                    // ("the participation of women …, including in SSR"): not DSR.
                    let mainstream_first =
                        core_hits(input.scan, ids.mainstreaming, phrase, &excluded)
                            .any(|m| m.start < at);
                    if mainstream_first {
                        continue;
                    }
                    (scope, false)
                }
                None => {
                    let inherited = if anaphoric {
                        context_scope.or(parent_topic)
                    } else {
                        None
                    }
                    .or(if sub_item && phrase.start == body.start {
                        context_scope
                    } else {
                        None
                    })
                    // An SSR lead-in enumerates the sector's parts (police, justice,
                    // DDR, demining): an item is DSR only if it reaches the defence
                    // sector or the sector as a whole itself. A lead-in about the
                    // defence sector makes each of its items a DSR task.
                    .or(parent_topic.filter(|t| *t == DsrScope::Explicit));
                    match inherited {
                        Some(scope) => (scope, true),
                        None => continue,
                    }
                }
            };
            // Reform, not operations: support to joint operations or patrols is not
            // DSR; a task that builds, reforms, trains or equips is.
            // Advice, training or assistance delivered to the defence sector, or to the
            // security sector as a whole, builds it; liaison or coordination with it does
            // not, on its own.
            let supporting = core_hits(input.scan, ids.delivery, phrase, &excluded)
                .next()
                .is_some();
            // "SSR", "security sector reform", "army reform": the scope term is itself a
            // reform.
            let reform_in_scope = [ids.defence, ids.implicit].into_iter().any(|lexicon| {
                core_hits(input.scan, lexicon, phrase, &excluded).any(|s| {
                    let t = s.slice(text);
                    t == "SSR" || t == "RSS" || t.to_ascii_lowercase().contains("reform")
                })
            });
            let reforming = reform_in_scope
                || core_hits(input.scan, ids.reform, phrase, &excluded)
                    .next()
                    .is_some()
                || core_hits(input.scan, ids.training, phrase, &excluded)
                    .next()
                    .is_some()
                || ids.categories.iter().any(|&(li, c)| {
                    !matches!(c, Category::CrossCutting | Category::Coordination)
                        && core_hits(input.scan, Some(li), phrase, &excluded)
                            .next()
                            .is_some()
                })
                || from_context;
            let operational_support = core_hits(input.scan, ids.operations, phrase, &excluded)
                .next()
                .is_some();

            // Support to national forces counts as DSR when it builds them, not when it
            // backs their operations.
            if operational_support && !reforming {
                continue;
            }
            if !(reforming || supporting) {
                continue;
            }
            let mut task = Task {
                // In the clause's text until the analysis places it (`Rooted`).
                rooted: phrase,
                scope,
                modality: seg.direction.modality(),
                un_role: if seg.direction.un_addressed || seg.direction.un_coordinating {
                    UnRole::Tasked
                } else {
                    UnRole::Supporter
                },
                categories: CodeSet::new(),
                engagement: CodeSet::new(),
                levels: CodeSet::new(),
                actors: CodeSet::new(),
            };
            code(input, ids, phrase, head, &excluded, &mut task);
            if let Some((engagement, actors)) = input.frame.as_ref().filter(|_| sub_item) {
                if task.engagement.is_empty() {
                    task.engagement = *engagement;
                }
                if task.actors.is_empty() {
                    task.actors = *actors;
                }
            }
            if seg.direction.un_coordinating && !seg.direction.un_addressed {
                as_coordination(&mut task);
            }
            tasks.push((seg.span, task));
        }
    }
    // A sub-paragraph that names the defence sector makes its security-sector tasks
    // explicit too ("advise on SSR and the organization of the future National Army, …
    // and support a vetting mechanism for security sector institutions").
    let explicit_segments: Vec<Span> = tasks
        .iter()
        .filter(|(_, t)| t.scope == DsrScope::Explicit)
        .map(|(seg, _)| *seg)
        .collect();
    for (seg, t) in &mut tasks {
        if explicit_segments.contains(seg) {
            t.scope = DsrScope::Explicit;
        }
    }
    let tasks: Vec<(Span, Task)> = tasks.into_iter().map(|(_, t)| (t.rooted, t)).collect();
    // Only a lead-in ("… including:", "… the following mandate:") passes its topic to
    // its sub-items; a complete task does not lend its scope to the items after it.
    let lead_in_text = text.trim_end().ends_with(':');
    let own_topic = if !lead_in_text {
        None
    } else if let Some((_, t)) = tasks.first() {
        Some(t.scope)
    } else if segs.iter().all(|seg| !seg.direction.directive) {
        topic.or(parent_topic)
    } else {
        parent_topic
    };
    ClauseTasks {
        tasks,
        lead_in: LeadIn {
            direction: last_direction.or(input.parent.and_then(|p| p.direction)),
            topic: own_topic,
        },
    }
}
