//! `each-required`: a list of things the draft must each say (the four tenets of
//! resolution 2151). One finding listing the items none of whose lexicons is satisfied
//! in `scope` (looked up per `look_in`): the rule reports one per item and the engine
//! joins them after suppressions (`diagnostic::merge_items`), so `DSR002:gender`
//! silences one item.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, FindingItem};
use crate::rules::ctx::{render, Ctx};
use crate::rules::predicate::Predicate;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::{LookIn, Scope};
use crate::rules::Rule;

/// One required item as written (a 2151 tenet, say).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemParams {
    id: String,
    label: String,
    lexicons: Vec<String>,
    /// Wording a quick fix inserts for this item (overrides the rule's suggestion text).
    #[serde(default)]
    suggestion: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    scope: Scope,
    items: Vec<ItemParams>,
    #[serde(default)]
    look_in: LookIn,
    /// The message when several items are missing, `{items}` standing for their
    /// labels: the items join in one finding (each still suppressible as `CODE:id`).
    message_many: String,
}

#[derive(Clone, Debug)]
struct Item {
    id: String,
    label: String,
    any: Vec<Predicate>,
    suggestion: Option<String>,
}

#[derive(Clone, Debug)]
pub struct EachRequired {
    scope: Scope,
    items: Vec<Item>,
    look_in: LookIn,
    message_many: String,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<EachRequired, RuleError> {
    if p.items.is_empty() {
        return Err(src.error("items", "`items` must list at least one item"));
    }
    let mut items = Vec::new();
    for item in p.items {
        src.non_empty("lexicons", &item.lexicons)?;
        items.push(Item {
            any: src.predicates(&item.lexicons)?,
            id: item.id,
            label: item.label,
            suggestion: item.suggestion,
        });
    }
    Ok(EachRequired {
        scope: p.scope,
        items,
        look_in: p.look_in,
        message_many: p.message_many,
    })
}

pub fn run(c: &EachRequired, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    // Said around some clause of the scope: in one of the clauses looked in around them.
    let looked = cx.looked_at(c.scope, c.look_in);
    for item in &c.items {
        // Lexicons only: a test of the union of lexicons of the clauses looked in.
        let found = match Predicate::lexicon_bits(&item.any) {
            Some(bits) => cx.looked_lexicons(c.scope, c.look_in) & bits != 0,
            None => looked.iter().any(|&i| cx.has_any(i, &item.any)),
        };
        if !found {
            let msg = render(&rule.message, &[("item", &item.label)]);
            let mut d = cx.missing(rule, cx.fill(&msg), cx.dsr_tasks());
            d.items.push(FindingItem {
                id: item.id.clone(),
                label: item.label.clone(),
            });
            d.merged_message = Some(cx.fill(&c.message_many).into());
            cx.attach_fix(rule, &mut d, item.suggestion.as_deref(), Some(&item.id));
            out.push(d);
        }
    }
}
