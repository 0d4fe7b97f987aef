//! `document-requires`: something the draft must say somewhere. Fires once when no
//! clause in `scope` satisfies one of `lexicons` (together with one of
//! `together_with`, looked up per `look_in`, when given).

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::rules::ctx::Ctx;
use crate::rules::predicate::Predicate;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::{LookIn, Scope};
use crate::rules::Rule;

fn one() -> usize {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    scope: Scope,
    lexicons: Vec<String>,
    #[serde(default)]
    together_with: Vec<String>,
    #[serde(default)]
    look_in: LookIn,
    /// Speak only when the draft has at least this many DSR tasks.
    #[serde(default = "one")]
    min_dsr_tasks: usize,
}

#[derive(Clone, Debug)]
pub struct DocumentRequires {
    scope: Scope,
    any: Vec<Predicate>,
    together_with: Vec<Predicate>,
    look_in: LookIn,
    min_dsr_tasks: usize,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<DocumentRequires, RuleError> {
    src.non_empty("lexicons", &p.lexicons)?;
    Ok(DocumentRequires {
        scope: p.scope,
        any: src.predicates(&p.lexicons)?,
        together_with: src.predicates(&p.together_with)?,
        look_in: p.look_in,
        min_dsr_tasks: p.min_dsr_tasks,
    })
}

pub fn run(c: &DocumentRequires, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    if rule.requires_dsr && cx.dsr_tasks().len() < c.min_dsr_tasks {
        return;
    }
    let satisfies = |i: usize| {
        cx.has_any(i, &c.any)
            && (c.together_with.is_empty() || cx.look_has_any(i, &c.together_with, c.look_in))
    };
    // Lexicons only: whether some clause of the scope has one is a test of the scope's
    // union of lexicons, and the answer when nothing else is asked.
    let found = match Predicate::lexicon_bits(&c.any) {
        Some(bits) if cx.scope_lexicons(c.scope) & bits == 0 => false,
        Some(_) if c.together_with.is_empty() => true,
        // Looked up around each clause within its paragraph: the answer is kept per
        // paragraph.
        _ if matches!(
            c.look_in,
            LookIn::Clause | LookIn::Ancestors | LookIn::Family
        ) =>
        {
            cx.any_by_paragraph((&rule.code, 0), cx.scope(c.scope), satisfies)
        }
        _ => cx.scope(c.scope).iter().any(|&i| satisfies(i)),
    };
    if !found {
        let mut d = cx.missing(rule, cx.fill(&rule.message), cx.dsr_tasks());
        cx.attach_fix(rule, &mut d, None, None);
        out.push(d);
    }
}
