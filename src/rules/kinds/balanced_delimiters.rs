//! `balanced-delimiters` (RES009): unmatched parentheses, brackets and quotation marks
//! within a paragraph (curly quotes paired, straight ones counted).

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::rules::ctx::{render, Ctx};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

#[derive(Clone, Debug)]
pub struct BalancedDelimiters;

pub fn validate(_: Params, _: &CheckSource<'_, '_>) -> Result<BalancedDelimiters, RuleError> {
    Ok(BalancedDelimiters)
}

pub fn run(_: &BalancedDelimiters, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for i in cx.text_clauses() {
        let text = cx.own_norm(i);
        let mut stack: Vec<(char, usize)> = Vec::new();
        let mut problem: Option<(String, usize, usize)> = None;
        let mut straight: Vec<usize> = Vec::new();
        for (p, ch) in text.char_indices() {
            match ch {
                '(' | '[' | '“' => stack.push((ch, p)),
                ')' | ']' | '”' => {
                    let open = match ch {
                        ')' => '(',
                        ']' => '[',
                        _ => '“',
                    };
                    match stack.iter().rposition(|(o, _)| *o == open) {
                        Some(pos) => {
                            stack.truncate(pos);
                        }
                        None => {
                            problem = Some((
                                format!("a closing {ch} has no opening {open}"),
                                p,
                                ch.len_utf8(),
                            ));
                            break;
                        }
                    }
                }
                '"' => straight.push(p),
                // Any other character leaves the delimiters as they are.
                _other => (),
            }
        }
        if problem.is_none() {
            if let Some(&(ch, p)) = stack.first() {
                let close = match ch {
                    '(' => ')',
                    '[' => ']',
                    _ => '”',
                };
                problem = Some((
                    format!("an opening {ch} is never closed by {close}"),
                    p,
                    ch.len_utf8(),
                ));
            } else if straight.len() % 2 == 1 {
                if let Some(&p) = straight.last() {
                    problem = Some((
                        "an odd number of straight quotation marks (\")".to_string(),
                        p,
                        1,
                    ));
                }
            }
        }
        if let Some((p, at, len)) = problem {
            let span = cx.norm_to_original(i, at, at + len);
            let msg = render(&rule.message, &[("problem", &p)]);
            out.push(cx.diag(rule, span, Some(i), msg));
        }
    }
}
