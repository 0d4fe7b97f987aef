//! `parse-issues` (RES000): what the parser could not place (`Document::issues`: no
//! enacting formula, no operative paragraph), one finding each, so that a draft whose
//! structure was not recognised says that findings may be missing.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::rules::ctx::Ctx;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Clone, Debug)]
pub struct ParseIssues;

pub fn validate(_: Params, _: &CheckSource<'_, '_>) -> Result<ParseIssues, RuleError> {
    Ok(ParseIssues)
}

pub fn run(_: &ParseIssues, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for issue in &cx.doc.issues {
        let message = format!("{}: {}", rule.message, issue.message);
        out.push(cx.diag(rule, issue.span, None, message));
    }
}
