//! `clause-when-unless`: a clause that says X must also say Y. Per clause in `scope`:
//! fires when one of `when_any` holds (or always, if empty), one of `and_any` holds
//! (if given), none of `unless_any` holds (`and_any` and `unless_any` looked up per
//! `look_in`), the verb force is at most `max_force` (if given) and a `when_uncoded`
//! field is empty (if given). A clause is not judged when one of `except_any` holds
//! in it, or when every DSR task of it is coded only with categories in
//! `except_task_categories` (a task coordinating international partners has no
//! national counterpart to name: DSR007). With `once`, one finding for the first
//! clause, the others as related locations.

use smol_str::format_smolstr;
use std::ops::Range;

use serde::Deserialize;

use crate::analyse::{Actor, Category, Engagement, Level};
use crate::diagnostic::{Diagnostic, RelatedSpan};
use crate::rules::ctx::{within, Ctx};
use crate::rules::predicate::{Coded, Predicate};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::{LookIn, Scope};
use crate::rules::Rule;

/// Which coded field of an analysed clause `when_uncoded` requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodedField {
    Engagement,
    Level,
    Actor,
    Category,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    scope: Scope,
    #[serde(default)]
    when_any: Vec<String>,
    #[serde(default)]
    and_any: Vec<String>,
    #[serde(default)]
    unless_any: Vec<String>,
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
    #[serde(default)]
    once: bool,
    /// The clause is not judged when one of these holds in it (not its lead-ins).
    #[serde(default)]
    except_any: Vec<String>,
    /// DCAF category slugs: a clause whose DSR tasks are all coded only with these is
    /// not judged.
    #[serde(default)]
    except_task_categories: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ClauseWhenUnless {
    scope: Scope,
    when_any: Vec<Predicate>,
    and_any: Vec<Predicate>,
    unless_any: Vec<Predicate>,
    look_in: LookIn,
    max_force: Option<u8>,
    when_uncoded: Vec<CodedField>,
    vague_terms: Vec<String>,
    once: bool,
    except_any: Vec<Predicate>,
    except_task_categories: Vec<Category>,
    /// The engagement and level predicates `when_uncoded` reads.
    engagement: Vec<Predicate>,
    levels: Vec<Predicate>,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<ClauseWhenUnless, RuleError> {
    if let Some(force) = p.max_force {
        if !(1..=5).contains(&force) {
            return Err(src.error("max_force", "`max_force` is a verb force from 1 to 5"));
        }
    }
    let mut except_task_categories = Vec::new();
    for slug in &p.except_task_categories {
        match Category::from_slug(slug) {
            Some(c) => except_task_categories.push(c),
            None => {
                return Err(src.error(
                    "except_task_categories",
                    format!(
                        "unknown DCAF category \"{slug}\"; known: {}",
                        Category::ALL.map(|c| c.slug()).join(", ")
                    ),
                ))
            }
        }
    }
    Ok(ClauseWhenUnless {
        scope: p.scope,
        when_any: src.predicates(&p.when_any)?,
        and_any: src.predicates(&p.and_any)?,
        unless_any: src.predicates(&p.unless_any)?,
        look_in: p.look_in,
        max_force: p.max_force,
        when_uncoded: p.when_uncoded,
        vague_terms: p.vague_terms,
        once: p.once,
        except_any: src.predicates(&p.except_any)?,
        except_task_categories,
        engagement: Engagement::ALL
            .map(|e| src.coded(Coded::Engagement(e)))
            .to_vec(),
        levels: Level::ALL.map(|l| src.coded(Coded::Level(l))).to_vec(),
    })
}

pub fn run(c: &ClauseWhenUnless, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    judge(c, cx, rule, cx.scope(c.scope), out);
}

/// Whether the findings on a paragraph depend on that paragraph alone
/// (`rules::reuse`): each clause is judged on its own, its lead-ins and its sub-items,
/// and no quick fix is placed elsewhere in the draft.
pub fn paragraph_local(c: &ClauseWhenUnless, rule: &Rule) -> bool {
    !c.once
        && rule.suggestion.is_none()
        && matches!(
            c.look_in,
            LookIn::Clause | LookIn::Ancestors | LookIn::Family
        )
}

/// `run` on the clauses of the scope among `only` (one paragraph's).
pub fn run_on(
    c: &ClauseWhenUnless,
    cx: &Ctx<'_>,
    rule: &Rule,
    only: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    judge(c, cx, rule, within(cx.scope(c.scope), only), out);
}

fn judge(
    c: &ClauseWhenUnless,
    cx: &Ctx<'_>,
    rule: &Rule,
    clauses: &[usize],
    out: &mut Vec<Diagnostic>,
) {
    let mut firing = Vec::new();
    for &i in clauses {
        if c.scope == Scope::DsrTasks && cx.is_dsr_lead_in(i) {
            continue;
        }
        if !c.when_any.is_empty() && !cx.has_any(i, &c.when_any) {
            continue;
        }
        if cx.has_any(i, &c.except_any) || tasks_all_excepted(c, cx, i) {
            continue;
        }
        if !c.and_any.is_empty() && !cx.look_has_any(i, &c.and_any, c.look_in) {
            continue;
        }
        if !c.unless_any.is_empty() && cx.look_has_any(i, &c.unless_any, c.look_in) {
            continue;
        }
        if let Some(max) = c.max_force {
            match cx.ca(i).verb.as_ref() {
                Some(v) if v.force <= max => {}
                _ => continue,
            }
        }
        if !c.when_uncoded.is_empty() && !uncoded(c, cx, i) {
            continue;
        }
        firing.push(i);
    }
    if c.once {
        if let Some(&first) = firing.first() {
            let mut d = finding(c, cx, rule, first);
            for &i in firing.iter().skip(1).take(12) {
                let reference = cx.clause(i).map(|c| c.reference.clone());
                d.related.push(RelatedSpan {
                    span: cx.head_span(i),
                    message: format_smolstr!(
                        "also in paragraph {}",
                        reference.as_deref().unwrap_or("?")
                    ),
                    clause_ref: reference,
                });
            }
            cx.attach_fix(rule, &mut d, None, None);
            out.push(d);
        }
    } else {
        for i in firing {
            let mut d = finding(c, cx, rule, i);
            cx.attach_fix(rule, &mut d, None, None);
            out.push(d);
        }
    }
}

fn finding(c: &ClauseWhenUnless, cx: &Ctx<'_>, rule: &Rule, i: usize) -> Diagnostic {
    let reference = cx.clause(i).map(|c| c.reference.as_str()).unwrap_or("");
    let verb = cx.ca(i).verb.as_ref().map(|v| &*v.lemma).unwrap_or("");
    let msg = cx.fill_with(&rule.message, &[("clause", reference), ("verb", verb)]);
    let span = if c.max_force.is_some() {
        cx.verb_or_head(i)
    } else {
        cx.head_span(i)
    };
    let mut d = cx.diag(rule, span, Some(i), msg);
    // Notes written straight into their strings: a finding of a long draft's many is
    // built on every keystroke.
    let mut found = String::new();
    for p in c.when_any.iter().filter(|p| cx.has(i, p)) {
        if found.is_empty() {
            // Room for a few names at once rather than growing name by name.
            found.reserve(64);
            found.push_str("found: ");
        } else {
            found.push_str(", ");
        }
        found.push_str(&p.name);
    }
    if !found.is_empty() {
        d.notes.push(found.into());
    }
    if c.unless_any.iter().any(Predicate::is_actor) {
        let mut named = String::from("counterparts named: ");
        let actors = &cx.ca(i).actors;
        if actors.is_empty() {
            named.push_str("none");
        }
        for (n, actor) in actors.iter().enumerate() {
            if n > 0 {
                named.push_str(", ");
            }
            named.push_str(actor.title());
        }
        d.notes.push(named.into());
    }
    d
}

/// Whether clause `i` has DSR tasks and each is coded only with categories of
/// `except_task_categories`.
fn tasks_all_excepted(c: &ClauseWhenUnless, cx: &Ctx<'_>, i: usize) -> bool {
    let tasks = &cx.ca(i).tasks;
    !c.except_task_categories.is_empty()
        && !tasks.is_empty()
        && tasks.iter().all(|t| {
            !t.categories.is_empty()
                && t.categories
                    .iter()
                    .all(|cat| c.except_task_categories.contains(cat))
        })
}

/// Whether one of the `when_uncoded` fields is empty for the clause and its lead-ins
/// and sub-items (a sub-item inherits its lead-in's mode of support).
fn uncoded(c: &ClauseWhenUnless, cx: &Ctx<'_>, i: usize) -> bool {
    // A DSR task is coded from its own words (docs/coding-guide.md §5): a field is
    // uncoded when one of the clause's tasks leaves it "not specified".
    let tasks = &cx.ca(i).tasks;
    if !tasks.is_empty() {
        return c.when_uncoded.iter().any(|field| {
            tasks.iter().any(|t| match field {
                CodedField::Engagement => t.engagement.is_empty(),
                CodedField::Level => t.levels.is_empty(),
                CodedField::Actor => !t.actors.iter().any(|a| *a != Actor::Government),
                CodedField::Category => t.categories.is_empty(),
            })
        });
    }
    let family: Vec<usize> = cx.around(i, LookIn::Family).collect();
    let vague = &c.vague_terms;
    // A hit of one of `preds` other than a vague term.
    let specific = |clause: usize, preds: &[Predicate]| {
        preds.iter().any(|p| {
            p.hits(cx.ca(clause))
                .iter()
                .any(|h| !vague.iter().any(|v| v.eq_ignore_ascii_case(&h.term)))
        })
    };
    c.when_uncoded.iter().any(|field| {
        !family.iter().any(|&clause| {
            let ca = cx.ca(clause);
            match field {
                CodedField::Engagement if !vague.is_empty() => specific(clause, &c.engagement),
                CodedField::Engagement => cx.has_any(clause, &c.engagement),
                CodedField::Level if !vague.is_empty() => specific(clause, &c.levels),
                CodedField::Level => cx.has_any(clause, &c.levels),
                CodedField::Actor => ca.actors.iter().any(|a| *a != Actor::Government),
                CodedField::Category => !ca.categories.is_empty(),
            }
        })
    })
}
