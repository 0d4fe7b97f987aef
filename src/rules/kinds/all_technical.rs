//! `all-technical`: the DSR tasks that say how the mission engages are all technical
//! (training, equipment, advice) and none is political: no task is coded political and
//! no task, lead-in or sub-item satisfies one of `political_any`. A task that names no
//! engagement ("to support the reform of the defence sector") is neither; DCAF codes
//! engagement only where the mandate states it (2020, para. 22).

use serde::Deserialize;
use smol_str::format_smolstr;

use crate::analyse::{Engagement, Rooted};
use crate::diagnostic::Diagnostic;
use crate::rules::ctx::Ctx;
use crate::rules::predicate::{Coded, Predicate};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::{LookIn, Scope};
use crate::rules::Rule;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default)]
    political_any: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct AllTechnical {
    political_any: Vec<Predicate>,
    technical: Predicate,
    political: Predicate,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<AllTechnical, RuleError> {
    Ok(AllTechnical {
        political_any: src.predicates(&p.political_any)?,
        technical: src.coded(Coded::Engagement(Engagement::Technical)),
        political: src.coded(Coded::Engagement(Engagement::Political)),
    })
}

pub fn run(c: &AllTechnical, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let tasks = cx.dsr_tasks();
    // Political evidence is a hit other than the opening verb itself ("Encourages" is
    // no good offices), or, for a category predicate, the coded category only.
    let political_hit = |clause: usize| {
        let ca = cx.ca(clause);
        let verb = ca
            .verb
            .as_ref()
            .filter(|v| !v.inherited)
            .map(|v| v.place(cx.doc, clause));
        c.political_any.iter().any(|p| {
            // A category's own words ("in close coordination with partners") are no
            // evidence: only the coding is (coding guide §5).
            if p.is_category() {
                return p.holds(ca);
            }
            p.hits(ca)
                .iter()
                .any(|h| verb.is_none_or(|v| !v.covers(cx.hit_span(clause, h))))
        })
    };
    // Asked last: it places every hit of the tasks' families in the text. Each clause
    // of their union once (a lead-in is in the family of each of its items), and the
    // answer kept per paragraph (each clause is evidence on its own).
    let any_political = || {
        let family = cx.looked_at(Scope::DsrTasks, LookIn::Family);
        cx.any_by_paragraph((&rule.code, 0), family, political_hit)
    };
    let technical = tasks.iter().filter(|&&i| cx.has(i, &c.technical)).count();
    let coded_political = tasks.iter().any(|&i| cx.has(i, &c.political));
    if technical > 0 && !coded_political && !any_political() {
        let mut d = cx.missing(rule, cx.fill(&rule.message), tasks);
        d.notes.push(format_smolstr!(
            "{} DSR task(s): {technical} technical, none political",
            tasks.len()
        ));
        cx.attach_fix(rule, &mut d, None, None);
        out.push(d);
    }
}
