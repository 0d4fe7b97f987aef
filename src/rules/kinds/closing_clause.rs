//! `closing-clause` (RES005): the operative part must contain text matching
//! `pattern` (a regular expression, case-insensitive: "remain actively seized of the
//! matter"); the fix appends `suggestion_text` as a new last paragraph. With
//! `only_drafts`, adopted resolutions (an adoption line in the masthead) are left alone.

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use smol_str::format_smolstr;

use crate::diagnostic::{Diagnostic, Suggestion};
use crate::model::LabelKind;
use crate::rules::ctx::Ctx;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;
use crate::span::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pattern: String,
    suggestion_text: String,
    /// Speak on drafts only: on an adopted resolution the closing clause, or its
    /// absence, is what the Council decided.
    #[serde(default)]
    only_drafts: bool,
}

#[derive(Clone, Debug)]
pub struct ClosingClause {
    /// Compiled once, when the rule loads (compiling it per file was a quarter of the
    /// per-file instructions: bench/README.md).
    pattern: Regex,
    suggestion_text: String,
    only_drafts: bool,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<ClosingClause, RuleError> {
    let pattern = RegexBuilder::new(&p.pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| src.error("pattern", format!("invalid pattern: {e}")))?;
    Ok(ClosingClause {
        pattern,
        suggestion_text: p.suggestion_text,
        only_drafts: p.only_drafts,
    })
}

pub fn run(c: &ClosingClause, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    if c.only_drafts && !cx.doc.masthead.draft {
        return;
    }
    let re = &c.pattern;
    let operative: Vec<usize> = cx.doc.operative().map(|(i, _)| i).collect();
    if operative.is_empty() {
        return;
    }
    // From the end: the closing clause, when there is one, is the last paragraph.
    if operative.iter().rev().any(|&i| re.is_match(cx.own_norm(i))) {
        return;
    }
    let Some(&last) = operative.last() else {
        return;
    };
    let Some(last_para) = cx.doc.operative_paragraphs().map(|(i, _)| i).last() else {
        return;
    };
    let number = cx
        .clause(last_para)
        .and_then(|c| c.label.as_ref())
        .filter(|l| l.kind == LabelKind::Number)
        .map(|l| l.value + 1);
    let end = cx.clause(last).map_or(0, |c| c.span.end);
    let mut d = cx.diag(
        rule,
        cx.head_span(last_para),
        Some(last_para),
        cx.fill(&rule.message),
    );
    if let Some(n) = number {
        let eol = cx.eol();
        d.suggestion = Some(Suggestion {
            title: "Add the closing \"remain actively seized\" paragraph".into(),
            text: format_smolstr!("{eol}{eol}{n}. {}", c.suggestion_text),
            span: Span::empty(end),
        });
        d.notes.push(format_smolstr!(
            "the full stop ending paragraph {} then becomes a semicolon",
            n - 1
        ));
    }
    out.push(d);
}
