//! `new-language` (PRE001): operative clauses with no adopted precedent.
//!
//! Each clause in `scope` (its own text: a lead-in without its sub-items, as the
//! precedent index stores clauses) is looked up in the precedent index; when no
//! adopted clause is at least `threshold` similar (the `diff` measure: numbers, dates
//! and mission names masked) it is new language. The finding cites nothing, since
//! there is no precedent; a note names the closest adopted clause below the
//! threshold, if any, for the drafter to look at. Without a precedent index the check
//! is silent.

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::mandates::align;
use crate::precedent::{percent, NEW_LANGUAGE_BELOW};
use crate::rules::ctx::{render, Ctx};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::Scope;
use crate::rules::Rule;

fn operative() -> Scope {
    Scope::Operative
}

fn sixty_percent() -> f64 {
    NEW_LANGUAGE_BELOW
}

fn five() -> usize {
    5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "operative")]
    scope: Scope,
    #[serde(default = "sixty_percent")]
    threshold: f64,
    /// Clauses shorter than this (in words, after masking) are never reported: a
    /// heading-like "(a) Protection of civilians" is no language to negotiate.
    #[serde(default = "five")]
    min_words: usize,
}

#[derive(Clone, Debug)]
pub struct NewLanguage {
    scope: Scope,
    threshold: f64,
    min_words: usize,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<NewLanguage, RuleError> {
    if !(0.0..=1.0).contains(&p.threshold) {
        return Err(src.error("threshold", "threshold must lie between 0 and 1"));
    }
    Ok(NewLanguage {
        scope: p.scope,
        threshold: p.threshold,
        min_words: p.min_words,
    })
}

pub fn run(c: &NewLanguage, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let Some(index) = cx.precedents else { return };
    let mission = cx.analysis.mission.as_deref();
    let missions: Vec<&str> = mission.into_iter().collect();
    let threshold = percent(c.threshold).to_string();
    for &i in cx.scope(c.scope) {
        let Some(clause) = cx.clause(i) else { continue };
        let text = cx.own_norm(i).trim();
        if align::words(text, &missions).len() < c.min_words {
            continue;
        }
        let hits = index.nearest_remembered(text, mission, 1);
        let closest = hits.first();
        if closest.is_some_and(|h| h.similarity >= c.threshold) {
            continue;
        }
        let msg = render(
            &rule.message,
            &[("clause", &clause.reference), ("threshold", &threshold)],
        );
        let mut d = cx.diag(rule, cx.head_span(i), Some(i), cx.fill(&msg));
        d.notes.push(match closest {
            Some(h) => smol_str::format_smolstr!(
                "the closest adopted clause is {}% similar: {} ({})",
                h.percent(),
                h.citation(),
                first_words(&h.text, 12)
            ),
            None => "no adopted clause in the precedent index shares its words".into(),
        });
        out.push(d);
    }
}

/// The first `n` words of a text, with "…" when there are more.
fn first_words(text: &str, n: usize) -> String {
    let (head, more) = crate::text::first_words(text, n);
    format!("“{head}{}”", if more { " …" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::first_words;

    #[test]
    fn first_words_are_quoted_and_cut() {
        assert_eq!(
            first_words("To support — the “army” é", 3),
            "“To support — …”"
        );
        assert_eq!(first_words("To support", 3), "“To support”");
    }
}
