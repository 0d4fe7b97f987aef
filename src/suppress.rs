//! In-text suppressions:
//!
//! ```text
//! <!-- mandate-lint: allow DSR007 reason="counterpart named in the annex" -->
//! <!-- mandate-lint: allow-file DSR016, RES008 reason="scope agreed with the penholder" -->
//! ```
//!
//! `allow` silences the given codes or prefixes in the next paragraph (the next clause
//! with its sub-paragraphs); `allow-file` in the whole file. A reason is mandatory.
//! `CODE:item` silences one item of a finding that lists several (`allow-file
//! DSR002:gender` drops gender-responsiveness from the missing 2151 tenets): items are
//! matched before `diagnostic::merge_items` joins them into one finding.
//! Suppressions that silence nothing are reported, so stale ones do not pile up.
//!
//! Codes of the diagnostics this module adds: `SUP001` unused-suppression, `SUP002`
//! suppression-without-reason, `SUP003` malformed-suppression.

use crate::analyse::find_str;
use crate::config::{finding_matches, is_finding_pattern};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Document, SmolStr};
use crate::span::Span;

pub const UNUSED: (&str, &str) = ("SUP001", "unused-suppression");
pub const NO_REASON: (&str, &str) = ("SUP002", "suppression-without-reason");
pub const MALFORMED: (&str, &str) = ("SUP003", "malformed-suppression");

const MARKER: &str = "mandate-lint:";

/// How far a suppression reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    NextParagraph,
    File,
}

/// One `<!-- mandate-lint: … -->` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The whole comment, `<!--` to `-->`.
    pub span: Span,
    pub scope: Scope,
    /// Codes or prefixes, upper-cased.
    pub codes: Vec<String>,
    /// The reason, when given and not empty.
    pub reason: Option<String>,
}

/// A comment that names mandate-lint but cannot be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub span: Span,
    pub problem: String,
}

/// Finds every `<!-- mandate-lint: … -->` comment in the text.
pub fn parse_directives(text: &str) -> (Vec<Directive>, Vec<Malformed>) {
    let mut directives = Vec::new();
    let mut malformed = Vec::new();
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|t| find_str(t, "<!--")) {
        let start = from + rel;
        let body_start = start + 4;
        let Some(end_rel) = text.get(body_start..).and_then(|t| find_str(t, "-->")) else {
            break;
        };
        let body_end = body_start + end_rel;
        let end = body_end + 3;
        from = end;
        let body = text.get(body_start..body_end).unwrap_or("").trim();
        let Some(rest) = body.strip_prefix(MARKER) else {
            continue;
        };
        let span = Span::new(start, end);
        match parse_body(rest.trim()) {
            Ok((scope, codes, reason)) => directives.push(Directive {
                span,
                scope,
                codes,
                reason,
            }),
            Err(problem) => malformed.push(Malformed { span, problem }),
        }
    }
    (directives, malformed)
}

type Parsed = (Scope, Vec<String>, Option<String>);

fn parse_body(rest: &str) -> Result<Parsed, String> {
    let (action, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let scope = match action {
        "allow" => Scope::NextParagraph,
        "allow-file" => Scope::File,
        other => {
            return Err(format!(
            "unknown action `{other}`: write `allow` (next paragraph) or `allow-file` (whole file)"
        ))
        }
    };
    let (codes_part, reason) = match after.find("reason") {
        Some(at) => {
            let (codes, reason_part) = after.split_at(at);
            (codes, Some(parse_reason(reason_part)?))
        }
        None => (after, None),
    };
    let mut codes = Vec::new();
    for code in codes_part
        .split([',', ' ', '\t', '\n', '\r'])
        .filter(|c| !c.is_empty())
    {
        if !is_finding_pattern(code) {
            return Err(format!(
                "`{code}` is not a rule code or prefix (e.g. DSR007, RES, DSR002:gender)"
            ));
        }
        codes.push(code.to_ascii_uppercase());
    }
    if codes.is_empty() {
        return Err("no rule code given: name the codes to allow, e.g. `allow DSR007`".into());
    }
    Ok((scope, codes, reason.filter(|r| !r.trim().is_empty())))
}

/// `reason="…"` (straight or curly quotes, as Word turns one into the other).
fn parse_reason(part: &str) -> Result<String, String> {
    let value = part
        .strip_prefix("reason")
        .map(str::trim_start)
        .and_then(|p| p.strip_prefix('='))
        .map(str::trim_start)
        .ok_or_else(|| "write the reason as reason=\"…\"".to_string())?;
    let (open, close) = match value.chars().next() {
        Some('"') => ('"', '"'),
        Some('“') => ('“', '”'),
        _ => return Err("put the reason in quotes: reason=\"…\"".into()),
    };
    let inner = value.get(open.len_utf8()..).unwrap_or("");
    let end = inner
        .find(close)
        .or_else(|| inner.find('"'))
        .ok_or_else(|| "the reason's closing quote is missing".to_string())?;
    Ok(inner.get(..end).unwrap_or("").trim().to_string())
}

/// The region a next-paragraph suppression covers: the first clause starting after
/// the comment, with its descendants; without parsed clauses, the next block of text
/// up to a blank line.
fn next_paragraph(doc: &Document, text: &str, after: usize) -> (Span, Vec<SmolStr>) {
    let next = doc
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.span.start >= after)
        .min_by_key(|(_, c)| c.span.start);
    if let Some((idx, clause)) = next {
        let mut span = clause.span;
        let mut refs = vec![clause.reference.clone()];
        let descendants = doc.descendants(idx);
        for c in descendants
            .into_iter()
            .filter(|&c| c != idx)
            .filter_map(|c| doc.clauses.get(c))
        {
            span = span.join(c.span);
            refs.push(c.reference.clone());
        }
        return (span, refs);
    }
    let rest = text.get(after..).unwrap_or("");
    let content_start = after + (rest.len() - rest.trim_start().len());
    let block = text.get(content_start..).unwrap_or("");
    let block_len = ["\n\n", "\r\n\r\n", "\r\r"]
        .iter()
        .filter_map(|sep| block.find(sep))
        .min()
        .unwrap_or(block.len());
    (
        Span::new(content_start, content_start + block_len),
        Vec::new(),
    )
}

fn diag(code: (&str, &str), message: String, span: Span, help: &str) -> Diagnostic {
    let mut d = Diagnostic::new(code.0, code.1, Severity::Warning, message, span);
    d.help = Some(help.into());
    d
}

/// Removes suppressed diagnostics and returns the suppression diagnostics (unused,
/// missing reason, malformed) for the caller to add.
pub fn apply(doc_text: &str, diagnostics: &mut Vec<Diagnostic>, doc: &Document) -> Vec<Diagnostic> {
    let (directives, malformed) = parse_directives(doc_text);
    let mut extra = Vec::new();
    for m in malformed {
        extra.push(diag(
            MALFORMED,
            format!("mandate-lint comment not understood: {}", m.problem),
            m.span,
            "write <!-- mandate-lint: allow DSR007 reason=\"why this is acceptable\" -->",
        ));
    }
    for directive in &directives {
        let region = match directive.scope {
            Scope::File => None,
            Scope::NextParagraph => Some(next_paragraph(doc, doc_text, directive.span.end)),
        };
        let covers = |d: &Diagnostic| -> bool {
            if !directive.codes.iter().any(|p| finding_matches(p, d)) {
                return false;
            }
            match &region {
                None => true,
                Some((span, refs)) => {
                    (span.contains(d.span.start) || (d.span.is_empty() && d.span.start == span.end))
                        || d.clause_ref.as_ref().is_some_and(|r| refs.contains(r))
                }
            }
        };
        let before = diagnostics.len();
        diagnostics.retain(|d| !covers(d));
        let used = diagnostics.len() < before;
        let codes = directive.codes.join(", ");
        if !used {
            let place = match directive.scope {
                Scope::File => "this file",
                Scope::NextParagraph => "the next paragraph",
            };
            extra.push(diag(
                UNUSED,
                format!("suppression of {codes} is unused: no such finding in {place}"),
                directive.span,
                "remove the comment, or fix the code it names",
            ));
        }
        if directive.reason.is_none() {
            extra.push(diag(
                NO_REASON,
                format!("suppression of {codes} gives no reason"),
                directive.span,
                "add reason=\"…\" saying why the finding does not apply, for the next reader of the draft",
            ));
        }
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFormat;

    fn doc(text: &str) -> Document {
        crate::parse::parse(text.to_string(), SourceFormat::Markdown)
    }

    fn finding(code: &str, text: &str, needle: &str) -> Diagnostic {
        let at = text.find(needle).unwrap_or(0);
        Diagnostic::new(
            code,
            "x",
            Severity::Warning,
            "m".into(),
            Span::new(at, at + needle.len()),
        )
    }

    #[test]
    fn parses_codes_scopes_and_reasons() {
        let (d, m) = parse_directives(
            "<!-- mandate-lint: allow DSR007, res reason=\"agreed\" -->\n\
             <!-- mandate-lint: allow-file DSR016 reason=“curly” -->\n<!-- other comment -->",
        );
        assert!(m.is_empty());
        assert_eq!(d.len(), 2);
        assert_eq!(
            d.first().map(|x| x.codes.clone()),
            Some(vec!["DSR007".into(), "RES".into()])
        );
        assert_eq!(
            d.first().and_then(|x| x.reason.clone()).as_deref(),
            Some("agreed")
        );
        assert_eq!(d.get(1).map(|x| x.scope), Some(Scope::File));
        assert_eq!(
            d.get(1).and_then(|x| x.reason.clone()).as_deref(),
            Some("curly")
        );
        let (_, m) = parse_directives("<!-- mandate-lint: alow DSR007 reason=\"x\" -->");
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn allow_covers_next_paragraph_only() {
        let text = "1. First paragraph;\n\n<!-- mandate-lint: allow DSR007 reason=\"named in annex\" -->\n\
                    2. Second paragraph;\n\n3. Third paragraph;\n";
        let d = doc(text);
        let mut diags = vec![
            finding("DSR007", text, "First"),
            finding("DSR007", text, "Second"),
            finding("DSR007", text, "Third"),
        ];
        let extra = apply(text, &mut diags, &d);
        assert!(extra.is_empty(), "{extra:?}");
        let left: Vec<usize> = diags.iter().map(|x| x.span.start).collect();
        assert_eq!(
            left,
            vec![
                text.find("First").unwrap_or(0),
                text.find("Third").unwrap_or(0)
            ]
        );
    }

    #[test]
    fn unused_and_reasonless_are_reported() {
        let text = "<!-- mandate-lint: allow-file DSR016 -->\n1. Decides;\n";
        let d = doc(text);
        let mut diags = vec![finding("DSR007", text, "Decides")];
        let extra = apply(text, &mut diags, &d);
        let codes: Vec<&str> = extra.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(codes, vec!["SUP001", "SUP002"]);
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn allow_file_with_prefix() {
        let text =
            "<!-- mandate-lint: allow-file RES reason=\"style pass later\" -->\n1. Decides;\n";
        let d = doc(text);
        let mut diags = vec![
            finding("RES004", text, "Decides"),
            finding("DSR006", text, "Decides"),
        ];
        let extra = apply(text, &mut diags, &d);
        assert!(extra.is_empty());
        assert_eq!(
            diags.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
            vec!["DSR006"]
        );
    }
}
