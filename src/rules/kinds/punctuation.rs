//! `punctuation` (RES004): preambular paragraphs end with a comma, operative ones
//! with a semicolon (a colon before sub-items), the last with a full stop.

use std::ops::Range;

use serde::Deserialize;
use smol_str::format_smolstr;

use crate::diagnostic::{Diagnostic, Suggestion};
use crate::model::Part;
use crate::rules::ctx::{render, Ctx};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::Scope;
use crate::rules::Rule;
use crate::span::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Clone, Debug)]
pub struct Punctuation;

pub fn validate(_: Params, _: &CheckSource<'_, '_>) -> Result<Punctuation, RuleError> {
    Ok(Punctuation)
}

/// The final punctuation of a clause's own text, ignoring closing quotes, markdown
/// emphasis, brackets and footnote markers; with its byte offset in the original.
fn final_mark(cx: &Ctx<'_>, i: usize) -> Option<(char, usize)> {
    let full = cx.own_text(i);
    let c = cx.clause(i)?;
    let base = c.body.start;
    // Short unpunctuated lines after the paragraph's last punctuated line are an
    // unlabelled heading, a list of names or stray furniture the parser attached;
    // judge the paragraph by its last punctuated line.
    let mut own = full.trim_end();
    for _ in 0..6 {
        // `memchr` (vectorised): a paragraph on one line is read to its start, for
        // every paragraph on each keystroke.
        let Some(nl) = memchr::memrchr(b'\n', own.as_bytes()) else {
            break;
        };
        let last_line = own.get(nl + 1..).unwrap_or("").trim();
        let punctuated = last_line.ends_with([';', ',', '.', ':']);
        if punctuated || last_line.chars().count() > 90 {
            break;
        }
        let head = own.get(..nl).unwrap_or("").trim_end();
        if head.is_empty() {
            break;
        }
        own = head;
    }
    if !own.trim_end().ends_with([';', ',', '.', ':']) {
        own = full;
    }
    let mut trimmed = own.trim_end();
    // A paragraph pasted from the web may end in a link, "…2428 (2018);](https://…)":
    // the punctuation is that of the link's text.
    if let Some(link) = trimmed
        .strip_suffix(')')
        .and_then(|t| t.rfind("](").and_then(|at| t.get(..at)))
        .filter(|_| trimmed.contains("](http"))
    {
        trimmed = link.trim_end();
    }
    // A footnote marker after the punctuation ("…(2014);1") and trailing emphasis or
    // quotes; stripped only when punctuation is left ("… 2014)" keeps its parenthesis).
    let stripped = trimmed
        .trim_end_matches(|ch: char| {
            ch.is_ascii_digit() || matches!(ch, '*' | '_' | '”' | '"' | '’' | ')' | ']')
        })
        .trim_end();
    if stripped.ends_with([';', ',', '.', ':']) {
        trimmed = stripped;
    }
    let ch = trimmed.chars().last()?;
    Some((ch, base + trimmed.len() - ch.len_utf8()))
}

pub fn run(p: &Punctuation, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    run_on(p, cx, rule, 0..cx.doc.clauses.len(), out);
}

/// `run` on the clauses `only` (one paragraph's, `rules::reuse`: a clause is judged on
/// its own text and place, and on whether it is the last operative clause).
pub fn run_on(
    _: &Punctuation,
    cx: &Ctx<'_>,
    rule: &Rule,
    only: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let last_operative = cx.scope(Scope::Operative).last().copied();
    for (i, c) in cx.clauses_among(only) {
        // A heading item ("(b) Support for the extension of State authority") is a
        // title: it has no closing punctuation of its own.
        if c.title {
            continue;
        }
        let expected: &[char] = match c.part {
            // A preambular paragraph may introduce a list of its own: "… including:".
            Part::Preambular if !c.children.is_empty() => &[',', ':'],
            Part::Preambular => &[','],
            Part::Operative if Some(i) == last_operative => &['.'],
            Part::Operative if !c.children.is_empty() => &[':', ';', ',', '—', '–'],
            // Sub-items end with ";" mostly, "," in lists, "." when each is a sentence,
            // ":" before their own sub-items.
            Part::Operative if c.depth > 0 => &[';', ',', '.', ':'],
            Part::Operative => &[';', ':'],
            Part::Heading | Part::Annex => continue,
        };
        let Some((mark, at)) = final_mark(cx, i) else {
            continue;
        };
        if expected.contains(&mark) {
            continue;
        }
        // Items that end "…; and" / "…; or" are fine, and so is a paragraph before the
        // last one: the Council writes "…; and" there too (S/RES/2615 (2021) 3, 2664
        // (2022) 7, 2719 (2023) 16).
        let own = cx.own_text(i).trim_end();
        let conjunction = own.ends_with(" and") || own.ends_with(" or");
        let before_conjunction = own
            .trim_end_matches(char::is_alphabetic)
            .trim_end()
            .ends_with(';');
        if conjunction && (c.depth > 0 || (before_conjunction && c.part == Part::Operative)) {
            continue;
        }
        let want = expected.first().copied().unwrap_or(';');
        let want_name = match want {
            ',' => "a comma",
            '.' => "a full stop",
            ':' => "a colon",
            _ => "a semicolon",
        };
        let kind = match c.part {
            Part::Preambular => "preambular paragraph",
            _ if Some(i) == last_operative => "last operative paragraph",
            _ => "operative paragraph",
        };
        let msg = render(
            &rule.message,
            &[
                ("kind", kind),
                ("expected", want_name),
                ("clause", &c.reference),
            ],
        );
        let is_punct = matches!(mark, ';' | ',' | '.' | ':');
        let span = if is_punct {
            Span::new(at, at + mark.len_utf8())
        } else {
            Span::empty(at + mark.len_utf8())
        };
        let mut d = cx.diag(rule, span, Some(i), msg);
        d.suggestion = Some(Suggestion {
            title: format_smolstr!("End the {kind} with {want_name}"),
            text: want.into(),
            span,
        });
        out.push(d);
    }
}
