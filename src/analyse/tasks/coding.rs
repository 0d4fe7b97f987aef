//! DCAF codes of one task: categories, engagement, levels and actors, with the
//! precedence rules of docs/coding-guide.md §5.

use super::super::{Actor, Category, CodeSet, Engagement, Level, Task};
use super::{hits, ClauseInput, TaskIds};
use crate::span::Span;

use super::phrases::*;
use super::segment::*;

/// Codes one DSR task from its own words (coding guide §5).
pub(super) fn code(
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
pub(super) fn as_coordination(task: &mut Task) {
    task.categories.retain(|c| {
        !matches!(
            c,
            Category::CrossCutting | Category::Education | Category::LogisticsInfrastructure
        )
    });
    task.categories.insert(Category::Coordination);
    task.engagement = CodeSet::from([Engagement::Political]);
    task.levels = CodeSet::from([Level::Strategic]);
}

/// The national actors a task engages (paras 15, 27–29). Defence institutions and the
/// actors of inclusive governance (legislature, civil society, media) count wherever the
/// task names them; the government, other ministries and other security forces count
/// only as counterparts — the party the UN assists, advises, works with or delivers to
/// ("assist the Government", "provide training to the police") — not when they are
/// listed as parts of the sector a task concerns ("a review of the security sector,
/// including the Ministry of Defence, the PNTL and the Ministry of Interior"). Those for
/// whose benefit others are coordinated are not engaged by the UN.
pub(super) fn code_actors(
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
