//! `balanced-delimiters` (RES009): unmatched parentheses, brackets and quotation marks
//! within a paragraph (curly quotes paired, straight ones counted).

use std::ops::Range;

use serde::Deserialize;

use crate::analyse::DelimiterProblem;
use crate::diagnostic::Diagnostic;
use crate::rules::ctx::{render, Ctx, OwnText};
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

pub fn run(b: &BalancedDelimiters, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    run_on(b, cx, rule, 0..cx.doc.clauses.len(), out);
}

/// `run` on the clauses `only` (one paragraph's, `rules::reuse`: each clause is judged
/// on its own text).
pub fn run_on(
    _: &BalancedDelimiters,
    cx: &Ctx<'_>,
    rule: &Rule,
    only: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    for OwnText {
        index: i,
        text,
        hits,
        ..
    } in cx.own_texts(only)
    {
        // Read from the text alone: kept with the clause's hits when it may be.
        let read = || first_problem(text);
        let problem = match hits {
            Some(hits) => hits.delimiter_problem(read).cloned(),
            None => read(),
        };
        if let Some(DelimiterProblem { what, at, len }) = problem {
            let span = cx.norm_to_original(i, at, at + len);
            let msg = render(&rule.message, &[("problem", &what)]);
            out.push(cx.diag(rule, span, Some(i), msg));
        }
    }
}

/// The first unbalanced delimiter of a clause's text.
fn first_problem(text: &str) -> Option<DelimiterProblem> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut problem: Option<(String, usize, usize)> = None;
    let mut straight: Vec<usize> = Vec::new();
    // The end of a web link's address, "…](https://…(2018))": skipped up to here.
    let mut skip_to = 0usize;
    for (p, ch) in delimiters(text) {
        if p < skip_to {
            continue;
        }
        // A link pasted from the web, "[paragraph 4 of resolution 2428 (2018)](https://
        // undocs.org/…)": its brackets and address are markup, not the text's.
        if ch == ']' {
            if let Some(end) = link_address_end(text, p) {
                if let Some(open) = stack.iter().rposition(|(o, _)| *o == '[') {
                    stack.remove(open);
                }
                skip_to = end;
                continue;
            }
        }
        // A list label closed by a half parenthesis: "on the basis of: 1) Information
        // shared …; 2) Implementation …" (S/RES/2520 (2020) 5).
        if ch == ')' && is_half_parenthesis_label(text, p) && !stack.iter().any(|(o, _)| *o == '(')
        {
            continue;
        }
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
    problem.map(|(what, at, len)| DelimiterProblem { what, at, len })
}

/// The delimiters of a text with their offsets, in order: ( ) [ ] " “ ”. Only their
/// bytes are looked for (the curly quotes are E2 80 9C and E2 80 9D in UTF-8), with
/// two SIMD searches of three bytes each, not every character decoded (this rule read
/// every character of every clause, 4% of a corpus run; a byte at a time, 3% of a
/// keystroke on a long draft).
fn delimiters(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut at: Vec<usize> = memchr::memchr3_iter(b'(', b')', b'"', bytes)
        .chain(memchr::memchr3_iter(b'[', b']', 0xE2, bytes))
        .collect();
    at.sort_unstable();
    at.into_iter().filter_map(move |p| {
        let ch = match bytes.get(p)? {
            b'(' => '(',
            b')' => ')',
            b'[' => '[',
            b']' => ']',
            b'"' => '"',
            _ => match bytes.get(p + 1..p + 3) {
                Some([0x80, 0x9C]) => '“',
                Some([0x80, 0x9D]) => '”',
                _ => return None,
            },
        };
        Some((p, ch))
    })
}

/// Where the address of a web link ends, when `]` at `at` is followed by "(http": the
/// byte after its closing parenthesis (parentheses inside the address nest).
fn link_address_end(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    if !(rest.starts_with("](http://") || rest.starts_with("](https://")) {
        return None;
    }
    let mut depth = 0usize;
    for (q, c) in rest.char_indices().skip(1) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(at + q + 1);
                }
            }
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}

/// Whether `)` at `at` closes a list label: one to three letters or digits ("1)",
/// "b)", "iv)") at the start of the text or after blank space, a colon or a semicolon.
fn is_half_parenthesis_label(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let label_len = before
        .chars()
        .rev()
        .take_while(char::is_ascii_alphanumeric)
        .count();
    let Some(head) = before.get(..before.len() - label_len) else {
        return false;
    };
    (1..=3).contains(&label_len)
        && (head.is_empty()
            || head.ends_with(|c: char| c.is_whitespace() || matches!(c, ':' | ';' | ',')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_every_delimiter_character_and_nothing_else() {
        let text = "a (b) [c] “d” \"e\" é—’‘ (“";
        let by_chars: Vec<(usize, char)> = text
            .char_indices()
            .filter(|(_, c)| matches!(c, '(' | ')' | '[' | ']' | '"' | '“' | '”'))
            .collect();
        assert_eq!(delimiters(text).collect::<Vec<_>>(), by_chars);
        assert_eq!(by_chars.len(), 10);
    }
}
