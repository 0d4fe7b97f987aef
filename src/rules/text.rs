//! Text-level built-ins: citation format (RES006), cross-references (RES007), acronyms
//! (RES008) and balanced delimiters (RES009). They read each clause's normalised text
//! (page furniture removed, lines folded) and map findings back to the original.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

use super::ctx::Ctx;
use super::document::render;
use super::spec::CheckSpec;
use super::Rule;
use crate::diagnostic::{Diagnostic, RelatedSpan, Suggestion};
use crate::model::{LabelKind, Part};
use crate::span::Span;

pub(crate) fn run(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    match &rule.check {
        CheckSpec::CitationFormat { flag_missing_year } => {
            citations(cx, rule, *flag_missing_year, out)
        }
        CheckSpec::CrossReference {} => cross_references(cx, rule, out),
        CheckSpec::AcronymDefinition { standard } => acronyms(cx, rule, standard, out),
        CheckSpec::BalancedDelimiters {} => delimiters(cx, rule, out),
        _ => {}
    }
}

/// Clauses whose text is checked: everything but the annex (annexed agreements
/// follow their own conventions).
fn text_clauses(cx: &Ctx<'_>) -> Vec<usize> {
    cx.doc
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.part != Part::Annex)
        .map(|(i, _)| i)
        .collect()
}

fn to_original(cx: &Ctx<'_>, i: usize, start: usize, end: usize) -> Span {
    cx.clause(i)
        .map(|c| c.norm.span_to_original(Span::new(start, end)))
        .unwrap_or_default()
}

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// Whether resolution `number` can date from `year`, per the table of first and last
/// numbers per year: last[year-1] < number < first[year+1]. Years after the table
/// accept any number above the last known one.
pub(crate) fn year_possible(table: &BTreeMap<u32, (u32, u32)>, number: u32, year: u32) -> bool {
    let Some((&max_year, &(_, max_last))) = table.iter().next_back() else {
        return true;
    };
    let Some((&min_year, _)) = table.iter().next() else {
        return true;
    };
    if year < min_year {
        return false;
    }
    if year > max_year {
        return number > max_last;
    }
    let lower = table
        .range(..year)
        .next_back()
        .map_or(0, |(_, &(_, last))| last);
    let upper = table
        .range(year + 1..)
        .next()
        .map_or(u32::MAX, |(_, &(first, _))| first);
    lower < number && number < upper
}

fn citations(cx: &Ctx<'_>, rule: &Rule, flag_missing_year: bool, out: &mut Vec<Diagnostic>) {
    static KEYWORD: OnceLock<Option<Regex>> = OnceLock::new();
    static ITEM: OnceLock<Option<Regex>> = OnceLock::new();
    // "resolution(s)" followed by a list of citations.
    let Some(keyword) = regex(&KEYWORD, r"\b[Rr]esolutions?\s+") else {
        return;
    };
    // One cited number with whatever follows it: " (2014)", "(2014)", " (14)", "/2014".
    let Some(item) = regex(
        &ITEM,
        r"^(\d{1,4})(?:(\s*)\((\d{2,4})\)|/(\d{4})|\s+of\s+(\d{4}))?",
    ) else {
        return;
    };
    let table = &cx.data.resolution_years;
    for i in text_clauses(cx) {
        let text = cx.own_norm(i);
        for k in keyword.find_iter(text) {
            let mut pos = k.end();
            // Walk the list: "1325 (2000), 1820 (2008) and 2467 (2019)".
            for _ in 0..40 {
                let Some(rest) = text.get(pos..) else { break };
                let Some(m) = item.captures(rest) else { break };
                let Some(whole) = m.get(0) else { break };
                let s = pos;
                let e = pos + whole.end();
                // "resolution 57/337" is a General Assembly resolution: not ours.
                if text.get(e..).is_some_and(|after| after.starts_with('/')) {
                    break;
                }
                let number: u32 = m.get(1).and_then(|n| n.as_str().parse().ok()).unwrap_or(0);
                let cited = whole.as_str();
                let problem: Option<String> = if let Some(year) = m.get(3) {
                    let gap = m.get(2).map_or("", |g| g.as_str());
                    if year.as_str().len() != 4 {
                        Some(format!("\"{cited}\": the year must have four digits"))
                    } else if gap.is_empty() {
                        Some(format!("\"{cited}\": a space is missing before the year"))
                    } else {
                        let y: u32 = year.as_str().parse().unwrap_or(0);
                        (!table.is_empty() && !year_possible(table, number, y))
                            .then(|| format!("resolution {number} cannot date from {y}"))
                    }
                } else if m.get(4).is_some() || m.get(5).is_some() {
                    Some(format!("\"{cited}\": write the year in parentheses"))
                } else if flag_missing_year && number >= 1 {
                    // "resolution 2151" alone: allowed only right after a full citation
                    // of the same number earlier in the draft.
                    let full = format!("{number} (");
                    let earlier = cx
                        .doc
                        .text
                        .get(..to_original(cx, i, s, e).start)
                        .unwrap_or("");
                    (!earlier.contains(&full))
                        .then(|| format!("\"resolution {cited}\" lacks its year"))
                } else {
                    None
                };
                if let Some(p) = problem {
                    let span = to_original(cx, i, s, e);
                    let msg = render(&rule.message, &[("problem", &p)]);
                    let mut d = cx.diag(rule, span, Some(i), msg);
                    if let (Some(year), Some(gap)) = (m.get(3), m.get(2)) {
                        if gap.as_str().is_empty() && year.as_str().len() == 4 {
                            d.suggestion = Some(Suggestion {
                                title: "Insert a space before the year".to_string(),
                                text: format!("{number} ({})", year.as_str()),
                                span,
                            });
                        }
                    }
                    out.push(d);
                }
                pos = e;
                // Continue through ", " / " and " / ", and ".
                let Some(after) = text.get(pos..) else { break };
                let sep = [", and ", ", ", " and ", "; "].iter().find(|sep| {
                    after.starts_with(*sep)
                        && after
                            .get(sep.len()..)
                            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                });
                match sep {
                    Some(sep) => pos += sep.len(),
                    None => break,
                }
            }
        }
    }
}

fn cross_references(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    static REF: OnceLock<Option<Regex>> = OnceLock::new();
    // "paragraph 12 (d) above", "paragraphs 3 and 4 above", "paragraph 7 of this resolution".
    let Some(re) = regex(
        &REF,
        r"(?i)\b(?:sub-?)?paragraphs?\s+((?:\d{1,3}\s*(?:\([a-z]{1,4}\)\s*)*(?:,\s*|\s+and\s+|\s+to\s+|\s*-\s*|\s*–\s*)?)+)\s*(above|below|of\s+(?:this|the\s+present)\s+resolution)",
    ) else {
        return;
    };
    static ONE: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(one) = regex(&ONE, r"(\d{1,3})\s*((?:\([a-z]{1,4}\)\s*)*)") else {
        return;
    };
    static SUB: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(sub) = regex(&SUB, r"\(([a-z]{1,4})\)") else {
        return;
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
    for i in text_clauses(cx) {
        let text = cx.own_norm(i);
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
                let span = to_original(cx, i, whole.0, whole.1);
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
                        let top = |x: usize| cx.doc.ancestors(x).last().copied().unwrap_or(x);
                        let here = top(i);
                        missing.or_else(|| {
                            if direction == "above"
                                && target >= here
                                && cx.clause(i).is_some_and(|c| c.part == Part::Operative)
                            {
                                Some(format!("{shown} is not above this paragraph"))
                            } else if direction == "below" && target <= here {
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
                            message: format!("paragraph {num}"),
                        });
                    }
                    out.push(d);
                }
            }
        }
    }
}

/// Acronym-shaped tokens: two or more capitals, optionally with lower-case letters,
/// digits and hyphens inside ("MONUSCO", "F-FDTL", "FAMa", "COVID-19").
fn acronym_tokens(text: &str) -> Vec<(usize, &str)> {
    static TOKEN: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(re) = regex(&TOKEN, r"\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b") else {
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

fn acronyms(cx: &Ctx<'_>, rule: &Rule, standard: &[String], out: &mut Vec<Diagnostic>) {
    static DEF: OnceLock<Option<Regex>> = OnceLock::new();
    // "(MONUSCO)", "(“the Mission”)" is not an acronym; "(hereinafter “UNMIK”)".
    let Some(def_re) = regex(
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
    let clauses = text_clauses(cx);
    for &i in &clauses {
        let text = cx.own_norm(i);
        for caps in def_re.captures_iter(text) {
            if let Some(m) = caps.get(1) {
                let at = to_original(cx, i, m.start(), m.end());
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
        let standard_spans: Vec<Span> = standard
            .iter()
            .flat_map(|lex| cx.ca(i).hits_of(lex).iter().map(|h| h.span))
            .collect();
        for (at, token) in acronym_tokens(text) {
            let base = base_acronym(token);
            if reported.contains(base) {
                continue;
            }
            let span = to_original(cx, i, at, at + token.len());
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
                    });
                }
                out.push(d);
            }
        }
    }
}

fn delimiters(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    for i in text_clauses(cx) {
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
                _ => {}
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
            let span = to_original(cx, i, at, at + len);
            let msg = render(&rule.message, &[("problem", &p)]);
            out.push(cx.diag(rule, span, Some(i), msg));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> BTreeMap<u32, (u32, u32)> {
        BTreeMap::from([
            (2013, (2086, 2132)),
            (2014, (2133, 2195)),
            (2015, (2196, 2265)),
        ])
    }

    #[test]
    fn years_checked_against_neighbouring_years() {
        let t = table();
        assert!(year_possible(&t, 2151, 2014));
        assert!(!year_possible(&t, 2151, 2013));
        assert!(!year_possible(&t, 2151, 2015));
        // Beyond the table: any later number.
        assert!(year_possible(&t, 2300, 2016));
        assert!(!year_possible(&t, 2100, 2016));
        assert!(!year_possible(&t, 5, 1990));
    }

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
