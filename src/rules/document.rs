//! The generic, data-driven check kinds: document-requires, each-required,
//! clause-when-unless, preamble-only, category-count, all-technical, term-present.

use std::collections::BTreeSet;

use super::ctx::Ctx;
use super::spec::{CheckSpec, CodedField, LookIn};
use super::Rule;
use crate::analyse::{Actor, Category, Engagement};
use crate::diagnostic::{Diagnostic, RelatedSpan};

/// Replaces `{key}` placeholders in a rule's message.
pub(crate) fn render(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn attach_fix(cx: &Ctx<'_>, rule: &Rule, d: &mut Diagnostic, text: Option<&str>) {
    if let Some((s, note)) = cx.suggestion(rule, text) {
        d.suggestion = Some(s);
        d.notes.extend(note);
    }
}

pub(crate) fn run(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    match &rule.check {
        CheckSpec::DocumentRequires {
            scope,
            lexicons,
            together_with,
            look_in,
            min_dsr_tasks,
        } => {
            if rule.requires_dsr && cx.dsr_tasks().len() < *min_dsr_tasks {
                return;
            }
            let found = cx.scope(*scope).into_iter().any(|i| {
                cx.has_any(i, lexicons)
                    && (together_with.is_empty() || cx.look_has_any(i, together_with, *look_in))
            });
            if !found {
                let mut d = cx.missing(rule, cx.fill(&rule.message), cx.dsr_tasks());
                attach_fix(cx, rule, &mut d, None);
                out.push(d);
            }
        }
        CheckSpec::EachRequired {
            scope,
            items,
            look_in,
        } => {
            let clauses = cx.scope(*scope);
            for item in items {
                let found = clauses
                    .iter()
                    .any(|&i| cx.look_has_any(i, &item.lexicons, *look_in));
                if !found {
                    let msg = render(&rule.message, &[("item", &item.label)]);
                    let mut d = cx.missing(rule, cx.fill(&msg), cx.dsr_tasks());
                    d.notes
                        .push(format!("missing tenet: {} ({})", item.label, item.id));
                    attach_fix(cx, rule, &mut d, item.suggestion.as_deref());
                    out.push(d);
                }
            }
        }
        CheckSpec::ClauseWhenUnless {
            scope,
            when_any,
            and_any,
            unless_any,
            look_in,
            max_force,
            when_uncoded,
            vague_terms,
            once,
        } => {
            let mut firing = Vec::new();
            for i in cx.scope(*scope) {
                if *scope == super::spec::Scope::DsrTasks && cx.is_dsr_lead_in(i) {
                    continue;
                }
                if !when_any.is_empty() && !cx.has_any(i, when_any) {
                    continue;
                }
                if !and_any.is_empty() && !cx.look_has_any(i, and_any, *look_in) {
                    continue;
                }
                if !unless_any.is_empty() && cx.look_has_any(i, unless_any, *look_in) {
                    continue;
                }
                if let Some(max) = max_force {
                    match cx.ca(i).verb.as_ref() {
                        Some(v) if v.force <= *max => {}
                        _ => continue,
                    }
                }
                if !when_uncoded.is_empty() && !uncoded(cx, i, when_uncoded, vague_terms) {
                    continue;
                }
                firing.push(i);
            }
            let emit = |i: usize| -> Diagnostic {
                let reference = cx.clause(i).map(|c| c.reference.as_str()).unwrap_or("");
                let verb = cx
                    .ca(i)
                    .verb
                    .as_ref()
                    .map(|v| v.lemma.as_str())
                    .unwrap_or("");
                let msg = render(&rule.message, &[("clause", reference), ("verb", verb)]);
                let span = if max_force.is_some() {
                    cx.verb_or_head(i)
                } else {
                    cx.head_span(i)
                };
                let mut d = cx.diag(rule, span, Some(i), cx.fill(&msg));
                let found: Vec<&str> = when_any
                    .iter()
                    .filter(|n| cx.has(i, n))
                    .map(String::as_str)
                    .collect();
                if !found.is_empty() {
                    d.notes.push(format!("found: {}", found.join(", ")));
                }
                let actors = &cx.ca(i).actors;
                if unless_any.iter().any(|n| n.starts_with("actor-")) {
                    d.notes.push(if actors.is_empty() {
                        "counterparts named: none".to_string()
                    } else {
                        format!(
                            "counterparts named: {}",
                            actors
                                .iter()
                                .map(|a| a.title())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                }
                d
            };
            if *once {
                if let Some(&first) = firing.first() {
                    let mut d = emit(first);
                    for &i in firing.iter().skip(1).take(12) {
                        d.related.push(RelatedSpan {
                            span: cx.head_span(i),
                            message: format!(
                                "also in paragraph {}",
                                cx.clause(i).map(|c| c.reference.as_str()).unwrap_or("?")
                            ),
                        });
                    }
                    attach_fix(cx, rule, &mut d, None);
                    out.push(d);
                }
            } else {
                for i in firing {
                    let mut d = emit(i);
                    attach_fix(cx, rule, &mut d, None);
                    out.push(d);
                }
            }
        }
        CheckSpec::PreambleOnly { groups } => {
            let pre = cx.scope(super::spec::Scope::Preambular);
            let ops = cx.scope(super::spec::Scope::Operative);
            for g in groups {
                let pre_hit = pre.iter().copied().find(|&i| {
                    cx.has_any(i, &g.preamble_any)
                        && (g.preamble_with_any.is_empty() || cx.has_any(i, &g.preamble_with_any))
                        && !cx.has_any(i, &g.except_any)
                });
                let Some(pre_idx) = pre_hit else { continue };
                let covered = ops.iter().any(|&i| {
                    cx.has_any(i, &g.operative_any)
                        && (g.operative_with_any.is_empty()
                            || cx.look_has_any(i, &g.operative_with_any, LookIn::Family))
                });
                if !covered {
                    let msg = render(&rule.message, &[("item", &g.label)]);
                    let mut d = cx.diag(rule, cx.head_span(pre_idx), Some(pre_idx), cx.fill(&msg));
                    d.notes.push(format!(
                        "{} appears in preambular paragraph {} but in no operative paragraph",
                        g.label,
                        cx.clause(pre_idx)
                            .map(|c| c.reference.as_str())
                            .unwrap_or("?")
                    ));
                    attach_fix(cx, rule, &mut d, None);
                    out.push(d);
                }
            }
        }
        CheckSpec::CategoryCount { min } => {
            let family = cx.scope(super::spec::Scope::DsrFamily);
            let mut covered: BTreeSet<Category> = BTreeSet::new();
            for &i in &family {
                for c in Category::ALL {
                    if cx.has(i, &format!("category-{}", c.slug())) {
                        covered.insert(c);
                    }
                }
            }
            if covered.len() < *min {
                let count = covered.len().to_string();
                let msg = render(
                    &rule.message,
                    &[("count", &count), ("min", &min.to_string())],
                );
                let mut d = cx.missing(rule, cx.fill(&msg), cx.dsr_tasks());
                let list = |cats: Vec<Category>| -> String {
                    if cats.is_empty() {
                        "none".to_string()
                    } else {
                        cats.iter()
                            .map(|c| c.title())
                            .collect::<Vec<_>>()
                            .join("; ")
                    }
                };
                d.notes.push(format!(
                    "covered: {}",
                    list(covered.iter().copied().collect())
                ));
                d.notes.push(format!(
                    "missing: {}",
                    list(
                        Category::ALL
                            .into_iter()
                            .filter(|c| !covered.contains(c))
                            .collect()
                    )
                ));
                attach_fix(cx, rule, &mut d, None);
                out.push(d);
            }
        }
        CheckSpec::AllTechnical { political_any } => {
            let tasks = cx.dsr_tasks();
            // Political evidence is a hit other than the opening verb itself
            // ("Encourages" is no good offices), or a coded consensus-building category.
            let political_hit = |c: usize| {
                let ca = cx.ca(c);
                let verb = ca.verb.as_ref().filter(|v| !v.inherited).map(|v| v.span);
                political_any.iter().any(|lex| {
                    let hits = ca.hits_of(lex);
                    if hits.is_empty() {
                        return lex.starts_with("category-") && cx.has(c, lex);
                    }
                    hits.iter().any(|h| verb.is_none_or(|v| !v.covers(h.span)))
                })
            };
            let any_political = tasks
                .iter()
                .any(|&i| cx.around(i, LookIn::Family).into_iter().any(political_hit));
            let all_technical = tasks.iter().all(|&i| {
                cx.ca(i).engagement.contains(&Engagement::Technical)
                    || cx.has(i, "technical-engagement")
            });
            if !tasks.is_empty() && all_technical && !any_political {
                let mut d = cx.missing(rule, cx.fill(&rule.message), tasks);
                d.notes
                    .push(format!("{} DSR task(s), all technical", tasks.len()));
                attach_fix(cx, rule, &mut d, None);
                out.push(d);
            }
        }
        CheckSpec::TermPresent { scope, lexicons } => {
            for i in cx.scope(*scope) {
                for lex in lexicons {
                    for hit in cx.ca(i).hits_of(lex) {
                        let term = hit.span.slice(&cx.doc.text);
                        let term = if term.is_empty() {
                            hit.term.as_str()
                        } else {
                            term
                        };
                        let msg = render(&rule.message, &[("term", term)]);
                        out.push(cx.diag(rule, hit.span, Some(i), cx.fill(&msg)));
                    }
                }
            }
        }
        _ => {}
    }
}

/// Whether one of the coded fields is empty for the clause and its lead-ins and
/// sub-items (a sub-item inherits its lead-in's mode of support).
fn uncoded(cx: &Ctx<'_>, i: usize, fields: &[CodedField], vague: &[String]) -> bool {
    let family = cx.around(i, LookIn::Family);
    let specific = |c: usize, lexicons: &[&str]| {
        lexicons.iter().any(|lex| {
            cx.ca(c)
                .hits_of(lex)
                .iter()
                .any(|h| !vague.iter().any(|v| v.eq_ignore_ascii_case(&h.term)))
        })
    };
    fields.iter().any(|f| {
        !family.iter().any(|&c| {
            let ca = cx.ca(c);
            if !vague.is_empty() {
                return match f {
                    CodedField::Engagement => {
                        specific(c, &["political-engagement", "technical-engagement"])
                    }
                    CodedField::Level => specific(
                        c,
                        &["level-strategic", "level-operational", "level-tactical"],
                    ),
                    CodedField::Actor => ca.actors.iter().any(|a| *a != Actor::Government),
                    CodedField::Category => !ca.categories.is_empty(),
                };
            }
            match f {
                CodedField::Engagement => {
                    !ca.engagement.is_empty()
                        || cx.has(c, "political-engagement")
                        || cx.has(c, "technical-engagement")
                }
                CodedField::Level => {
                    !ca.levels.is_empty()
                        || ["level-strategic", "level-operational", "level-tactical"]
                            .iter()
                            .any(|n| cx.has(c, n))
                }
                CodedField::Actor => ca.actors.iter().any(|a| *a != Actor::Government),
                CodedField::Category => !ca.categories.is_empty(),
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn render_fills_known_placeholders_only() {
        assert_eq!(
            render(
                "{item} is missing from {clause}",
                &[("item", "gender"), ("clause", "7(c)")]
            ),
            "gender is missing from 7(c)"
        );
        assert_eq!(render("{other}", &[("item", "x")]), "{other}");
    }
}
