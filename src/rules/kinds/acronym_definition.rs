//! `acronym-definition` (RES008): an acronym used before it is spelled out, or never
//! spelled out, unless a term of the `standard` lexicons (UN, NATO, the missions).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, RelatedSpan};
use crate::model::Part;
use crate::rules::ctx::{render, static_regex, Ctx};
use crate::rules::predicate::LexiconRef;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;
use crate::span::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    standard: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct AcronymDefinition {
    standard: Vec<LexiconRef>,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<AcronymDefinition, RuleError> {
    Ok(AcronymDefinition {
        standard: src.lexicons(&p.standard)?,
    })
}

/// Acronym-shaped tokens: two or more capitals, optionally with lower-case letters,
/// digits and hyphens inside ("MONUSCO", "F-FDTL", "FAMa", "COVID-19").
fn acronym_tokens(text: &str) -> Vec<(usize, &str)> {
    static TOKEN: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(re) = static_regex(&TOKEN, r"\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b") else {
        return Vec::new();
    };
    re.find_iter(text)
        .filter(|m| {
            let t = m.as_str();
            let caps = t.chars().filter(char::is_ascii_uppercase).count();
            let lower = t.chars().filter(char::is_ascii_lowercase).count();
            caps >= 2 && lower <= 2 && t.len() >= 2 && !is_roman(t)
                // Not part of a document symbol ("S/RES/2151", "A/HRC/…").
                && !text.get(..m.start()).is_some_and(|before| before.ends_with('/'))
                && !text.get(m.end()..).is_some_and(|after| after.starts_with('/'))
        })
        .map(|m| (m.start(), m.as_str()))
        .collect()
}

fn is_roman(t: &str) -> bool {
    t.chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

/// Plural and possessive forms refer to the acronym itself ("NGOs", "MONUSCO's").
fn base_acronym(t: &str) -> &str {
    let t = t
        .strip_suffix("’s")
        .or_else(|| t.strip_suffix("'s"))
        .unwrap_or(t);
    match t.strip_suffix('s') {
        Some(b) if b.chars().filter(char::is_ascii_uppercase).count() >= 2 => b,
        _ => t,
    }
}

pub fn run(check: &AcronymDefinition, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    static DEF: OnceLock<Option<Regex>> = OnceLock::new();
    // "(MONUSCO)", "(“the Mission”)" is not an acronym; "(hereinafter “UNMIK”)".
    let Some(def_re) = static_regex(
        &DEF,
        r#"\((?:hereinafter\s+)?["“]?([A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*)["”]?\)"#,
    ) else {
        return;
    };
    // Where each acronym is first defined: the span of its definition in the original
    // text (spans come from the text, never from offset arithmetic, so they always lie
    // on character boundaries).
    let mut defined: BTreeMap<String, Span> = BTreeMap::new();
    for a in &cx.analysis.acronyms {
        defined.entry(a.acronym.clone()).or_insert(a.span);
    }
    let clauses = cx.text_clauses();
    for &i in &clauses {
        let text = cx.own_norm(i);
        for caps in def_re.captures_iter(text) {
            if let Some(m) = caps.get(1) {
                let at = cx.norm_to_original(i, m.start(), m.end());
                let e = defined.entry(m.as_str().to_string()).or_insert(at);
                if at.start < e.start {
                    *e = at;
                }
            }
        }
    }
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for &i in &clauses {
        let Some(c) = cx.clause(i) else { continue };
        if c.part == Part::Heading {
            continue;
        }
        let text = cx.own_norm(i);
        let standard_spans: Vec<Span> = check
            .standard
            .iter()
            .flat_map(|lex| lex.hits(cx.ca(i)).iter().map(|h| h.span))
            .collect();
        for (at, token) in acronym_tokens(text) {
            let base = base_acronym(token);
            if reported.contains(base) {
                continue;
            }
            let span = cx.norm_to_original(i, at, at + token.len());
            if standard_spans
                .iter()
                .any(|s| s.start <= span.start && span.end <= s.end.max(s.start + 1))
            {
                continue;
            }
            // The definition itself: "(MONUSCO)".
            let before = text.get(..at).unwrap_or("");
            if before.ends_with('(') || before.ends_with("(“") || before.ends_with("(\"") {
                continue;
            }
            let problem = match defined.get(base).or_else(|| defined.get(token)) {
                Some(&def_at) if def_at.start <= span.start => continue,
                Some(&def_at) => Some((
                    format!("{base} is used before it is spelled out"),
                    Some(def_at),
                )),
                None => Some((format!("{base} is never spelled out"), None)),
            };
            if let Some((p, def_at)) = problem {
                reported.insert(base.to_string());
                let msg = render(&rule.message, &[("problem", &p), ("acronym", base)]);
                let mut d = cx.diag(rule, span, Some(i), msg);
                if let Some(def_at) = def_at {
                    d.related.push(RelatedSpan {
                        span: def_at,
                        message: format!("{base} is spelled out here"),
                        clause_ref: None,
                    });
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_tokens_skip_symbols_and_roman_numerals() {
        let toks: Vec<&str> =
            acronym_tokens("MONUSCO and the FARDC under Chapter VII, S/RES/2151 and F-FDTL, FAMa")
                .into_iter()
                .map(|(_, t)| t)
                .collect();
        assert_eq!(toks, vec!["MONUSCO", "FARDC", "F-FDTL", "FAMa"]);
        assert_eq!(base_acronym("NGOs"), "NGO");
        assert_eq!(base_acronym("MONUSCO’s"), "MONUSCO");
        assert_eq!(base_acronym("AIDS"), "AIDS");
    }
}
