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

use std::collections::BTreeSet;

use super::{
    find_word, Actor, Category, DsrScope, Engagement, Level, Modality, Scan, Task, UnRole,
};
use crate::analyse::{AddresseeKind, Lexicons};
use crate::span::Span;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
    pub frame: Option<(BTreeSet<Engagement>, BTreeSet<Actor>)>,
}

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

fn hits(scan: &Scan, lexicon: Option<usize>, within: Span) -> impl Iterator<Item = Span> + '_ {
    scan.of(lexicon)
        .map(|(s, _)| s)
        .filter(move |s| within.covers(*s))
}

fn any_hit(scan: &Scan, lexicon: Option<usize>, within: Span) -> bool {
    hits(scan, lexicon, within).next().is_some()
}

fn is_un_name(input: &ClauseInput<'_>, ids: &TaskIds, span: Span) -> bool {
    let text = input.text;
    if any_hit(input.scan, ids.un_support, span) || any_hit(input.scan, ids.missions, span) {
        return true;
    }
    if input
        .mission
        .is_some_and(|m| span.slice(text).contains(m) && find_word(span.slice(text), m).is_some())
    {
        return true;
    }
    input
        .lexicons
        .by_index(ids.addressees.unwrap_or(usize::MAX))
        .is_some_and(|lex| {
            input.scan.of(ids.addressees).any(|(s, ti)| {
                span.covers(s)
                    && lex.term(ti).and_then(|t| t.attr("kind")).is_some_and(|k| {
                        matches!(
                            k,
                            "mission" | "secretary-general" | "special-representative"
                        )
                    })
            })
        })
}

/// Length of `text` up to the first of `stops` (or its end), on a char boundary.
fn until(text: &str, stops: &[&str]) -> usize {
    stops
        .iter()
        .filter_map(|s| text.find(s))
        .min()
        .unwrap_or(text.len())
}

/// The operative verbs that open directive segments in a clause with its own verb: the
/// opening verb, and every later verb in the third person joined by "and", ";" or ",".
fn segments(input: &ClauseInput<'_>, ids: &TaskIds) -> Vec<Segment> {
    let text = input.text;
    let Some(verbs) = ids.verbs.and_then(|i| input.lexicons.by_index(i)) else {
        return Vec::new();
    };
    let mut starts: Vec<(usize, usize, u8, bool, bool)> = Vec::new();
    if let Some((span, force, directive)) = input.own_verb {
        let addressed = input
            .scan
            .at(ids.verbs, span.start)
            .and_then(|(_, ti)| verbs.term(ti))
            .and_then(|t| t.attr_bool("addressed"))
            .unwrap_or(false);
        starts.push((span.start, span.end, force, directive, addressed));
    }
    for (span, ti) in input.scan.of(ids.verbs) {
        if starts.iter().any(|s| span.start <= s.1) {
            continue;
        }
        let first_word = span.slice(text).split(' ').next().unwrap_or("");
        if !(first_word.ends_with('s') || first_word.ends_with('S')) {
            continue;
        }
        let before = text.get(..span.start).unwrap_or("").trim_end();
        let joined = before.ends_with(',')
            || before.ends_with(';')
            || before.rsplit(' ').next().is_some_and(|w| {
                matches!(
                    w,
                    "and" | "also" | "further" | "therefore" | "strongly" | "again" | "thus"
                )
            });
        if !joined {
            continue;
        }
        let Some(term) = verbs.term(ti) else { continue };
        // "encourages and welcomes the coordinating role of UNTAET": verbs joined by
        // "and" share their object; the pair asks as firmly as its firmer verb.
        if let Some(last) = starts.last_mut() {
            let between = text.get(last.1..span.start).unwrap_or("");
            let only_joins = between
                .split(|c: char| c.is_whitespace() || c == ',')
                .all(|w| matches!(w, "" | "and" | "also" | "further" | "strongly"));
            if only_joins {
                last.1 = span.end;
                last.2 = last.2.max(term.attr_u8("force").unwrap_or(1).clamp(1, 5));
                last.3 = last.3 || term.attr_bool("directive").unwrap_or(false);
                last.4 = last.4 || term.attr_bool("addressed").unwrap_or(false);
                continue;
            }
        }
        starts.push((
            span.start,
            span.end,
            term.attr_u8("force").unwrap_or(1).clamp(1, 5),
            term.attr_bool("directive").unwrap_or(false),
            term.attr_bool("addressed").unwrap_or(false),
        ));
    }
    starts.sort_by_key(|s| s.0);
    let mut out = Vec::new();
    for (k, &(start, verb_end, force, directive, addressed)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |n| n.0);
        let seg_text = text.get(verb_end..end).unwrap_or("");
        // What is asked starts after the addressee: "Requests UNMIT to …", "Decides that
        // UNOCI shall …", "Decides to …".
        // "Decides that", "Decides further that", "Decides also that".
        let that_at = [" that ", " that,"]
            .iter()
            .filter_map(|t| seg_text.find(t).map(|at| at + t.len()))
            .filter(|&at| at <= 18)
            .min();
        let (window_end, body_start, mandating) = if addressed {
            let w = until(seg_text, &[" to ", ":", ";"]);
            if !seg_text.contains(" to ") {
                // "encourages the coordinating role of UNTAET in this endeavour": the
                // object is a noun phrase, which is also what is asked.
                (verb_end + w, verb_end, false)
            } else {
                (verb_end + w, verb_end + w, false)
            }
        } else if let Some(rest) = that_at.and_then(|at| seg_text.get(at..)) {
            let w = until(rest, &[" shall ", " will ", " should ", ":", ";"]);
            let at = verb_end + (seg_text.len() - rest.len()) + w;
            (at, at, force >= 5)
        } else {
            // "Decides to extend the mandate of UNMIH … to assist the Government in …":
            // what follows the mission's mandate is the mission's task.
            let w = seg_text
                .find("mandate of ")
                .map(|at| at + until(seg_text.get(at..).unwrap_or(""), &[" to ", ";", ":"]))
                .unwrap_or(0);
            (verb_end + w, verb_end + w, force >= 5)
        };
        // The addressee window ends where a supporter is introduced: in "Urges the
        // authorities, with the support of MINUSCA, to …" the UN is not the addressee.
        let window_end = hits(
            input.scan,
            ids.un_supporter,
            Span::new(verb_end, window_end),
        )
        .map(|m| m.start)
        .min()
        .unwrap_or(window_end)
        .min(end);
        let window = Span::new(verb_end, window_end);
        let first = k == 0 && input.own_verb.is_some();
        let un_addressed = if window.end > window.start {
            is_un_name(input, ids, window)
        } else {
            first
                && matches!(
                    input.addressee,
                    Some(
                        AddresseeKind::Mission
                            | AddresseeKind::SecretaryGeneral
                            | AddresseeKind::SpecialRepresentative
                    )
                )
        };
        let seg = Span::new(start, end);
        out.push(Segment {
            span: seg,
            body_start,
            direction: Direction {
                directive,
                un_addressed,
                un_supporting: un_supporter_in(input, ids, seg),
                un_coordinating: un_coordinator_in(input, ids, seg),
                force,
                mandating: mandating && un_addressed,
                reporting: false,
            },
        });
    }
    out
}

/// "with the support of MINUSCA", "assisted by UNMIT", "coordinated by UNMIS": the UN
/// named as the supporter of someone else's action.
fn un_supporter_in(input: &ClauseInput<'_>, ids: &TaskIds, within: Span) -> bool {
    un_supporters(input, ids, within).next().is_some()
}

/// "coordinated by UNMIS": the UN channels and coordinates the others' support, which
/// is a coordination task of its own (DCAF 2020 para 23).
fn un_coordinator_in(input: &ClauseInput<'_>, ids: &TaskIds, within: Span) -> bool {
    un_supporters(input, ids, within).any(|m| {
        let marker = m.slice(input.text).to_ascii_lowercase();
        marker.starts_with("coordinated") || marker.contains("coordination of")
    })
}

fn un_supporters<'s>(
    input: &'s ClauseInput<'_>,
    ids: &'s TaskIds,
    within: Span,
) -> impl Iterator<Item = Span> + 's {
    hits(input.scan, ids.un_supporter, within).filter(move |&marker| {
        let after_end = (marker.end + 100).min(within.end);
        let after_end = (after_end..=within.end)
            .find(|&i| input.text.is_char_boundary(i))
            .unwrap_or(within.end);
        let rest = input.text.get(marker.end..after_end).unwrap_or("");
        // The supporter is the noun phrase (or list of them) right after the marker.
        let np_len = until(
            rest,
            &[
                ";",
                " to ",
                ":",
                " and request",
                " and urge",
                " and call",
                " in order",
            ],
        );
        let np = Span::new(marker.end, marker.end + np_len);
        np.end > np.start && is_un_name(input, ids, np)
    })
}

/// Ranges of a phrase that are subordinate. An adverbial ("as appropriate", "within
/// its capabilities and areas of deployment") runs to the next comma; a marker with a
/// complement ("in close coordination with bilateral partners, donors and international
/// organizations") runs over its noun phrase, list included, and stops where the task
/// resumes (a comma followed by a preposition, "including", an article or "to").
fn subordinate_ranges(input: &ClauseInput<'_>, ids: &TaskIds, phrase: Span) -> Vec<Span> {
    let text = input.text;
    let chunk_end = |from: usize| -> usize {
        let rest = text.get(from..phrase.end).unwrap_or("");
        from + until(rest, &[",", ";"])
    };
    let mut out: Vec<Span> = hits(input.scan, ids.adverbial, phrase)
        .map(|m| Span::new(m.start, chunk_end(m.end)))
        .collect();
    for m in hits(input.scan, ids.subordinate, phrase) {
        let mut end = chunk_end(m.end);
        // Carry on over list items: ", donors and international organizations".
        while let Some(next) = text.get(end..phrase.end).and_then(|r| r.strip_prefix(", ")) {
            let item_len = until(next, &[",", ";"]);
            let item = next.get(..item_len).unwrap_or("");
            let lower = item.to_ascii_lowercase();
            let resumes = [
                "to ",
                "in ",
                "on ",
                "for ",
                "of ",
                "by ",
                "through ",
                "with ",
                "including",
                "inter alia",
                "notably",
                "especially",
                "particularly",
                "as ",
                "the ",
                "a ",
                "an ",
                "and to ",
                "while ",
                "so ",
                "which ",
                "that ",
                "taking ",
                "within ",
                "where ",
                "under ",
                "at ",
                "from ",
                "without ",
            ]
            .iter()
            .any(|p| lower.starts_with(p));
            if resumes
                || item_len > 80
                || !(lower.contains(" and ") || lower.contains(" or ") || item_len < 40)
            {
                break;
            }
            end += 2 + item_len;
        }
        out.push(Span::new(m.start, end));
    }
    out
}

/// Hits of `lexicon` inside `phrase` and outside its subordinate ranges.
fn core_hits<'s>(
    scan: &'s Scan,
    lexicon: Option<usize>,
    phrase: Span,
    excluded: &'s [Span],
) -> impl Iterator<Item = Span> + 's {
    hits(scan, lexicon, phrase).filter(move |s| !excluded.iter().any(|e| e.covers(*s)))
}

/// Task phrases of a segment body: split at "and to", "; to", "as well as to" and at
/// "shall"/"will" predicates.
fn phrases(input: &ClauseInput<'_>, ids: &TaskIds, body: Span) -> Vec<Span> {
    let text = input.text;
    const SPLITS: [&str; 7] = [
        ", and to ",
        "; and to ",
        " and to ",
        "; to ",
        ", as well as to ",
        " as well as to ",
        "; and ",
    ];
    let Some(body_text) = text.get(body.start..body.end) else {
        return Vec::new();
    };
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for sep in SPLITS {
        for (at, _) in body_text.match_indices(sep) {
            cuts.push((at, at + sep.len()));
        }
    }
    // ", and continue dialogue with …", ", and assist …": a new task in the bare
    // infinitive.
    for (at, _) in body_text.match_indices(", and ") {
        let next = body.start + at + ", and ".len();
        let starts_verb = [ids.support, ids.auxiliaries, ids.non_support]
            .into_iter()
            .any(|lexicon| input.scan.of(lexicon).any(|(s, _)| s.start == next));
        if starts_verb {
            cuts.push((at, at + ", and ".len()));
        }
    }
    cuts.sort();
    let mut out = Vec::new();
    let mut start = 0usize;
    for (cut_start, cut_end) in cuts {
        if cut_start < start {
            continue;
        }
        out.push(Span::new(body.start + start, body.start + cut_start));
        start = cut_end;
    }
    out.push(Span::new(body.start + start, body.end));
    out.into_iter().filter(|s| s.end > s.start + 2).collect()
}

/// Where the head verb of a phrase is, after "to", "shall", auxiliaries and emphasis.
fn head_start(input: &ClauseInput<'_>, ids: &TaskIds, phrase: Span) -> usize {
    let text = input.text;
    let mut pos = phrase.start;
    for _ in 0..6 {
        let rest = text.get(pos..phrase.end).unwrap_or("");
        let trimmed = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        pos += rest.len() - trimmed.len();
        let lower_starts = |w: &str| {
            trimmed.len() > w.len()
                && trimmed
                    .get(..w.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(w))
                && trimmed.as_bytes().get(w.len()) == Some(&b' ')
        };
        if let Some(w) = ["to", "shall", "will", "should", "that", "and"]
            .into_iter()
            .find(|w| lower_starts(w))
        {
            pos += w.len();
            continue;
        }
        if let Some(aux) = input.scan.of(ids.auxiliaries).find(|(s, _)| s.start == pos) {
            pos = aux.0.end;
            continue;
        }
        break;
    }
    pos
}

/// The DSR scope a stretch of text reaches on its own.
fn scope_in(
    input: &ClauseInput<'_>,
    ids: &TaskIds,
    phrase: Span,
    excluded: &[Span],
) -> Option<(DsrScope, usize)> {
    let explicit = core_hits(input.scan, ids.defence, phrase, excluded)
        .map(|s| s.start)
        .chain(
            input
                .defined_forces
                .iter()
                .filter(|s| phrase.covers(**s) && !excluded.iter().any(|e| e.covers(**s)))
                .map(|s| s.start),
        )
        .min();
    if let Some(at) = explicit {
        return Some((DsrScope::Explicit, at));
    }
    core_hits(input.scan, ids.implicit, phrase, excluded)
        .map(|s| s.start)
        .min()
        .map(|at| (DsrScope::Implicit, at))
}

/// Codes one DSR task from its own words (coding guide §5).
fn code(
    input: &ClauseInput<'_>,
    ids: &TaskIds,
    phrase: Span,
    head: usize,
    excluded: &[Span],
    task: &mut Task,
) {
    let has = |lexicon: Option<usize>| {
        core_hits(input.scan, lexicon, phrase, excluded)
            .next()
            .is_some()
    };
    for &(li, category) in &ids.categories {
        if has(Some(li)) {
            task.categories.insert(category);
        }
    }
    // Training is formation, not an objective of its own: cross-cutting and tactical
    // (note 25), unless it builds the education system (training of trainers,
    // academies, curricula: education, also operational, note 20).
    // The UN that coordinates others' assistance engages politically at the strategic
    // level; the technical words that follow describe the partners' support, not the
    // UN's (para 13, Figure 1; para 26).
    let coordinating_head = input.text.get(head..).is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        h.starts_with("coordinat") || h.starts_with("the coordinat")
    }) && has(ids.categories_of(Category::Coordination));
    if coordinating_head {
        as_coordination(task);
        code_actors(input, ids, phrase, head, excluded, task);
        return;
    }
    let training = has(ids.training);
    if training {
        if task.categories.contains(&Category::Education) {
            task.levels.insert(Level::Operational);
        } else {
            task.categories.insert(Category::CrossCutting);
        }
        task.levels.insert(Level::Tactical);
        task.engagement.insert(Engagement::Technical);
    }
    // Vetting is human resources management (note 24), not governance or human rights.
    let vetting = core_hits(
        input.scan,
        ids.categories_of(Category::AdministrationBudget),
        phrase,
        excluded,
    )
    .any(|s| s.slice(input.text).to_ascii_lowercase().starts_with("vet"));
    if vetting {
        task.categories.insert(Category::AdministrationBudget);
    }
    if has(ids.political) {
        task.engagement.insert(Engagement::Political);
    }
    if has(ids.technical) {
        task.engagement.insert(Engagement::Technical);
    }
    for &(li, level) in &ids.levels {
        if has(Some(li)) {
            task.levels.insert(level);
        }
    }
    code_actors(input, ids, phrase, head, excluded, task);
    // Coordination of support is political engagement at the strategic level (para 13,
    // Figure 1; para 26).
    if task.categories.contains(&Category::Coordination) {
        task.engagement.insert(Engagement::Political);
        task.levels.insert(Level::Strategic);
    }
}

/// A task of coordinating others' support: coordination, political, strategic (para 13,
/// Figure 1; para 26). What the partners provide (training, equipment) is theirs, not the
/// UN's: it codes neither the category nor the engagement nor the level.
fn as_coordination(task: &mut Task) {
    task.categories.retain(|c| {
        !matches!(
            c,
            Category::CrossCutting | Category::Education | Category::LogisticsInfrastructure
        )
    });
    task.categories.insert(Category::Coordination);
    task.engagement = BTreeSet::from([Engagement::Political]);
    task.levels = BTreeSet::from([Level::Strategic]);
}

fn own_activity(input: &ClauseInput<'_>, ids: &TaskIds, head: usize, phrase: Span) -> bool {
    let rest = input.text.get(head..phrase.end).unwrap_or("");
    let mut words = rest.split_whitespace();
    let _verb = words.next();
    let Some(det) = words.next() else {
        return false;
    };
    if !matches!(det.to_ascii_lowercase().as_str(), "its" | "their") {
        return false;
    }
    let Some(noun_at) = rest.find(det).map(|at| head + at + det.len() + 1) else {
        return false;
    };
    !input.scan.of(ids.support).any(|(s, _)| s.start == noun_at)
}

/// The national actors a task engages (paras 15, 27–29). Defence institutions and the
/// actors of inclusive governance (legislature, civil society, media) count wherever the
/// task names them; the government, other ministries and other security forces count
/// only as counterparts — the party the UN assists, advises, works with or delivers to
/// ("assist the Government", "provide training to the police") — not when they are
/// listed as parts of the sector a task concerns ("a review of the security sector,
/// including the Ministry of Defence, the PNTL and the Ministry of Interior"). Those for
/// whose benefit others are coordinated are not engaged by the UN.
fn code_actors(
    input: &ClauseInput<'_>,
    ids: &TaskIds,
    phrase: Span,
    head: usize,
    excluded: &[Span],
    task: &mut Task,
) {
    let text = input.text;
    let mut skip: Vec<Span> = excluded.to_vec();
    skip.extend(hits(input.scan, ids.beneficiary, phrase).map(|m| {
        let rest = text.get(m.end..phrase.end).unwrap_or("");
        Span::new(
            m.start,
            m.end + until(rest, &[";", ", to ", ", in order", ", including"]),
        )
    }));
    let head_end = head + text.get(head..).unwrap_or("").find(' ').unwrap_or(0);
    let slot_after = |from: usize| -> Span {
        let rest = text.get(from..phrase.end).unwrap_or("");
        let len = until(
            rest,
            &[
                " in ",
                " on ",
                " for ",
                " to ",
                " with a view",
                ",",
                ";",
                " through ",
                " by ",
                " including",
                " regarding ",
            ],
        )
        .min(120);
        Span::new(from, from + len)
    };
    let mut slots = vec![slot_after(head_end)];
    for marker in [" to the ", " with the ", " to national ", " with national "] {
        if let Some(at) = text.get(head_end..phrase.end).and_then(|r| r.find(marker)) {
            let from = head_end + at + marker.len() - "the ".len().min(marker.len() - 1);
            slots.push(slot_after(from.max(head_end)));
        }
    }
    let in_slot = |s: Span| slots.iter().any(|slot| slot.covers(s));
    for &(li, actor) in &ids.actors {
        let counterpart_only = matches!(
            actor,
            Actor::Government | Actor::OtherGovernment | Actor::OtherSecurity
        );
        let found =
            core_hits(input.scan, Some(li), phrase, &skip).any(|s| !counterpart_only || in_slot(s));
        if found {
            task.actors.insert(actor);
        }
    }
    if input
        .defined_forces
        .iter()
        .any(|s| phrase.covers(*s) && !skip.iter().any(|e| e.covers(*s)))
    {
        task.actors.insert(Actor::ArmedForces);
    }
}

impl TaskIds {
    fn categories_of(&self, category: Category) -> Option<usize> {
        self.categories
            .iter()
            .find(|(_, c)| *c == category)
            .map(|(li, _)| *li)
    }
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
                .of(ids.reporting)
                .any(|(s, _)| s.start >= head && s.start < head + 40 && body.covers(s));
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
                .of(ids.reporting)
                .any(|(s, _)| s.start >= head && s.start < head + 60 && phrase.covers(s));
            if seg.direction.un_addressed
                && (reporting_head || input.scan.of(ids.non_support).any(|(s, _)| s.start == head))
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
                span: phrase,
                scope,
                modality: seg.direction.modality(),
                un_role: if seg.direction.un_addressed || seg.direction.un_coordinating {
                    UnRole::Tasked
                } else {
                    UnRole::Supporter
                },
                categories: BTreeSet::new(),
                engagement: BTreeSet::new(),
                levels: BTreeSet::new(),
                actors: BTreeSet::new(),
            };
            code(input, ids, phrase, head, &excluded, &mut task);
            if let Some((engagement, actors)) = input.frame.as_ref().filter(|_| sub_item) {
                if task.engagement.is_empty() {
                    task.engagement = engagement.clone();
                }
                if task.actors.is_empty() {
                    task.actors = actors.clone();
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
    let tasks: Vec<(Span, Task)> = tasks.into_iter().map(|(_, t)| (t.span, t)).collect();
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
