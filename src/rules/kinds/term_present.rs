//! `term-present`: flags every hit of `lexicons` in `scope` (placeholders left in a
//! draft), the term itself underlined.

use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::rules::ctx::{render, within, Ctx};
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
    flag(c, cx, rule, cx.scope(c.scope), out);
}

/// `run` on the clauses of the scope among `only` (one paragraph's, `rules::reuse`:
/// each hit is flagged where it is, and whether a clause is in a scope is a matter of
/// its paragraph).
pub fn run_on(
    c: &TermPresent,
    cx: &Ctx<'_>,
    rule: &Rule,
    only: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    flag(c, cx, rule, within(cx.scope(c.scope), only), out);
}

fn flag(c: &TermPresent, cx: &Ctx<'_>, rule: &Rule, clauses: &[usize], out: &mut Vec<Diagnostic>) {
    for &i in clauses {
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
