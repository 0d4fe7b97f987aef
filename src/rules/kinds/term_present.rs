//! `term-present`: flags every hit of `lexicons` in `scope` (placeholders left in a
//! draft), the term itself underlined.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::rules::ctx::{render, Ctx};
use crate::rules::predicate::LexiconRef;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::Scope;
use crate::rules::Rule;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    scope: Scope,
    lexicons: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct TermPresent {
    scope: Scope,
    lexicons: Vec<LexiconRef>,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<TermPresent, RuleError> {
    src.non_empty("lexicons", &p.lexicons)?;
    Ok(TermPresent {
        scope: p.scope,
        lexicons: src.lexicons(&p.lexicons)?,
    })
}

pub fn run(c: &TermPresent, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for &i in cx.scope(c.scope) {
        for lex in &c.lexicons {
            for hit in lex.hits(cx.ca(i)) {
                let span = cx.hit_span(i, hit);
                let term = span.slice(&cx.doc.text);
                let term = if term.is_empty() { &*hit.term } else { term };
                let msg = render(&rule.message, &[("term", term)]);
                out.push(cx.diag(rule, span, Some(i), cx.fill(&msg)));
            }
        }
    }
}
