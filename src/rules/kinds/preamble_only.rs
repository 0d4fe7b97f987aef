//! `preamble-only`: language the preamble has and no operative paragraph carries (DSR
//! coordination written only into the preamble). One finding per group.

use serde::Deserialize;
use smol_str::format_smolstr;

use crate::diagnostic::Diagnostic;
use crate::rules::ctx::{render, Ctx};
use crate::rules::predicate::Predicate;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::{LookIn, Scope};
use crate::rules::Rule;

/// One kind of language, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupParams {
    /// Names the group in the rule file; users read the label.
    #[allow(dead_code)]
    id: String,
    label: String,
    /// A preambular clause counts when it satisfies one of these…
    preamble_any: Vec<String>,
    /// …and (if given) one of these…
    #[serde(default)]
    preamble_with_any: Vec<String>,
    /// …and none of these (condemnations of armed forces are not DSR language).
    #[serde(default)]
    except_any: Vec<String>,
    /// The operative part covers it when one clause satisfies one of these…
    operative_any: Vec<String>,
    /// …and (if given) one of these, in the clause, its lead-ins or sub-items.
    #[serde(default)]
    operative_with_any: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    groups: Vec<GroupParams>,
}

#[derive(Clone, Debug)]
struct Group {
    label: String,
    preamble_any: Vec<Predicate>,
    preamble_with_any: Vec<Predicate>,
    except_any: Vec<Predicate>,
    operative_any: Vec<Predicate>,
    operative_with_any: Vec<Predicate>,
}

#[derive(Clone, Debug)]
pub struct PreambleOnly {
    groups: Vec<Group>,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<PreambleOnly, RuleError> {
    if p.groups.is_empty() {
        return Err(src.error("groups", "`groups` must list at least one group"));
    }
    let mut groups = Vec::new();
    for g in p.groups {
        src.non_empty("preamble_any", &g.preamble_any)?;
        src.non_empty("operative_any", &g.operative_any)?;
        groups.push(Group {
            label: g.label,
            preamble_any: src.predicates(&g.preamble_any)?,
            preamble_with_any: src.predicates(&g.preamble_with_any)?,
            except_any: src.predicates(&g.except_any)?,
            operative_any: src.predicates(&g.operative_any)?,
            operative_with_any: src.predicates(&g.operative_with_any)?,
        });
    }
    Ok(PreambleOnly { groups })
}

pub fn run(c: &PreambleOnly, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let pre = cx.scope(Scope::Preambular);
    let ops = cx.scope(Scope::Operative);
    for g in &c.groups {
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
            d.notes.push(format_smolstr!(
                "{} appears in preambular paragraph {} but in no operative paragraph",
                g.label,
                cx.clause(pre_idx)
                    .map(|c| c.reference.as_str())
                    .unwrap_or("?")
            ));
            cx.attach_fix(rule, &mut d, None, None);
            out.push(d);
        }
    }
}
