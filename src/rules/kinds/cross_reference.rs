//! `cross-reference` (RES007): "paragraph 12 (d) above/below" must point at an
//! existing paragraph and sub-paragraph, in the right direction.

use smol_str::format_smolstr;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, RelatedSpan};
use crate::model::{LabelKind, Part};
use crate::rules::ctx::{render, static_regex, Ctx, OwnText, TextNeed};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Clone, Debug)]
pub struct CrossReference;

pub fn validate(_: Params, _: &CheckSource<'_, '_>) -> Result<CrossReference, RuleError> {
    Ok(CrossReference)
}

pub fn run(_: &CrossReference, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    // Compiled on first need: a draft that cites no paragraph (most short ones) does
    // not pay for them (a tenth of a one-page check).
    let patterns = || -> Option<(&'static Regex, &'static Regex, &'static Regex)> {
        static REF: OnceLock<Option<Regex>> = OnceLock::new();
        static ONE: OnceLock<Option<Regex>> = OnceLock::new();
        static SUB: OnceLock<Option<Regex>> = OnceLock::new();
        Some((
            // "paragraph 12 (d) above", "paragraphs 3 and 4 above", "paragraph 7 of this
            // resolution".
            static_regex(
                &REF,
                r"(?i)\b(?:sub-?)?paragraphs?\s+((?:\d{1,3}\s*(?:\([a-z]{1,4}\)\s*)*(?:,\s*|\s+and\s+|\s+to\s+|\s*-\s*|\s*–\s*)?)+)\s*(above|below|of\s+(?:this|the\s+present)\s+resolution)",
            )?,
            static_regex(&ONE, r"(\d{1,3})\s*((?:\([a-z]{1,4}\)\s*)*)")?,
            static_regex(&SUB, r"\(([a-z]{1,4})\)")?,
        ))
    };

    // Paragraph number → clause index (top-level operative paragraphs).
    let mut paragraphs: BTreeMap<u32, usize> = BTreeMap::new();
    for (i, c) in cx.doc.operative_paragraphs() {
        if let Some(l) = c.label.as_ref().filter(|l| l.kind == LabelKind::Number) {
            paragraphs.entry(l.value).or_insert(i);
        }
    }
    if paragraphs.is_empty() {
        return;
    }
    // Kept with the clause's text (most clauses name no paragraph, and each 'p' of a
    // clause was looked at on every keystroke).
    let naming = cx.own_texts_where(TextNeed::Paragraphs, |own| match own.hits {
        Some(hits) => hits.mentions_paragraph(|| mentions_paragraph(own.text)),
        None => mentions_paragraph(own.text),
    });
    for OwnText { index: i, text, .. } in naming {
        let Some((re, one, sub)) = patterns() else {
            return;
        };
        for caps in re.captures_iter(text) {
            let (Some(list), Some(dir)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let direction = dir.as_str().to_lowercase();
            for m in one.captures_iter(list.as_str()) {
                let Some(num) = m.get(1).and_then(|n| n.as_str().parse::<u32>().ok()) else {
                    continue;
                };
                let subs: Vec<String> = m
                    .get(2)
                    .map(|s| {
                        sub.captures_iter(s.as_str())
                            .filter_map(|c| c.get(1))
                            .map(|c| c.as_str().to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                let whole = caps.get(0).map_or((0, 0), |w| (w.start(), w.end()));
                let span = cx.norm_to_original(i, whole.0, whole.1);
                let shown = format!(
                    "paragraph {num}{}",
                    subs.iter().map(|s| format!(" ({s})")).collect::<String>()
                );
                let problem = match paragraphs.get(&num) {
                    None => Some(format!("{shown} does not exist in this draft")),
                    Some(&target) => {
                        let mut target_idx = target;
                        let mut missing = None;
                        for s in &subs {
                            let found = cx.clause(target_idx).and_then(|c| {
                                c.children.iter().copied().find(|&ch| {
                                    cx.clause(ch)
                                        .and_then(|cc| cc.label.as_ref())
                                        .is_some_and(|l| l.text.eq_ignore_ascii_case(s))
                                })
                            });
                            match found {
                                Some(ch) => target_idx = ch,
                                None => {
                                    missing = Some(format!(
                                        "{shown}: paragraph {num} has no sub-paragraph ({s})"
                                    ));
                                    break;
                                }
                            }
                        }
                        // Compared with the clause cited, sub-paragraph included:
                        // "paragraph 1 (b) below" in 1 (a) points down to 1 (b). A
                        // paragraph is above its own items ("paragraph 12 above" in
                        // 12 (c)); a clause is never above or below itself.
                        let encloses = cx.doc.ancestors(i).any(|a| a == target_idx);
                        missing.or_else(|| {
                            if direction == "above"
                                && target_idx >= i
                                && !encloses
                                && cx.clause(i).is_some_and(|c| c.part == Part::Operative)
                            {
                                Some(format!("{shown} is not above this paragraph"))
                            } else if direction == "below" && (target_idx <= i || encloses) {
                                Some(format!("{shown} is not below this paragraph"))
                            } else {
                                None
                            }
                        })
                    }
                };
                if let Some(p) = problem {
                    let msg = render(&rule.message, &[("problem", &p)]);
                    let mut d = cx.diag(rule, span, Some(i), msg);
                    if let Some(&t) = paragraphs.get(&num) {
                        d.related.push(RelatedSpan {
                            span: cx.head_span(t),
                            message: format_smolstr!("paragraph {num}"),
                            clause_ref: None,
                        });
                    }
                    out.push(d);
                }
            }
        }
    }
}

/// Whether "paragraph" is in the text in any case, as the pattern requires: most
/// clauses cite no paragraph, and starting a regex search for each cost more than
/// this. (Under `(?i)` no character outside ASCII folds to one of its letters.)
fn mentions_paragraph(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'p', b'P', bytes).any(|at| {
        bytes
            .get(at..at + 9)
            .is_some_and(|word| word.eq_ignore_ascii_case(b"paragraph"))
    })
}
