//! `citation-format` (RES006): "resolution NNNN (YYYY)": the year in parentheses,
//! four digits, after a space, and possible for that number (per the table of
//! numbers per year in `rules/data/`). With `flag_missing_year`, "resolution 2151"
//! alone is flagged unless the same number was cited in full earlier.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use smol_str::format_smolstr;

use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::rules::ctx::{render, spaces, word_before, Ctx, OwnText, TextNeed};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "yes")]
    flag_missing_year: bool,
    /// Severity of a citation whose form is off but which still points at the right
    /// resolution (a missing year, a missing space, a two-digit year); the rule's own
    /// severity is for a year that cannot be right.
    #[serde(default)]
    form_severity: Option<Severity>,
}

#[derive(Clone, Debug)]
pub struct CitationFormat {
    flag_missing_year: bool,
    form_severity: Option<Severity>,
}

pub fn validate(p: Params, _: &CheckSource<'_, '_>) -> Result<CitationFormat, RuleError> {
    Ok(CitationFormat {
        flag_missing_year: p.flag_missing_year,
        form_severity: p.form_severity,
    })
}

/// Whether offset `at` of `text` lies inside a quotation ("… the “Hybrid
/// Implementation of United Nations Security Council Resolution 2719 with …”"): a
/// title quoted as written, not a citation of ours.
/// Asked at increasing offsets of one text, it counts the quotation marks once
/// (counting from the start at every citation was quadratic in a long paragraph).
#[derive(Default)]
struct Quotations {
    counted_to: usize,
    open: usize,
    closed: usize,
}

impl Quotations {
    fn inside(&mut self, text: &str, at: usize) -> bool {
        if let Some(more) = text.get(self.counted_to..at) {
            self.open += more.matches('\u{201c}').count();
            self.closed += more.matches('\u{201d}').count();
            self.counted_to = at;
        }
        self.open > self.closed
    }
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

/// For each number written "NNNN (" somewhere in `text` (as a number or the end of a
/// longer one), where its first such occurrence ends. Built once per draft: looking
/// back through the text before every year-less citation was quadratic in a long draft.
fn first_full_citations(text: &str) -> HashMap<u32, usize> {
    let mut first: HashMap<u32, usize> = HashMap::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), b" (") {
        let end = at + 2;
        let digits = text
            .get(..at)
            .unwrap_or("")
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .count();
        // Cited numbers have at most four digits and no leading zero.
        for len in 1..=digits.min(4) {
            let Some(number) = text.get(at - len..at) else {
                continue;
            };
            if number.starts_with('0') {
                continue;
            }
            if let Ok(n) = number.parse::<u32>() {
                first.entry(n).or_insert(end);
            }
        }
    }
    first
}

/// "resolution" or "Resolutions" at a word start and the whitespace after it: (start,
/// end) of each, left to right, as `\b[Rr]esolutions?\s+` finds them (the pattern, and
/// the item's below, compiled at every start cost a one-page check a sixth of its
/// instructions; the tests keep them as oracles).
fn keywords(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    // Built once per process: `memmem::find` builds its searcher on every call, which
    // was most of this scan on clauses without the word (nearly all).
    static ESOLUTION: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("esolution"));
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let hit = from + ESOLUTION.find(text.as_bytes().get(from..)?)?;
        from = hit + 1;
        let Some(start) = hit.checked_sub(1) else {
            continue;
        };
        if !matches!(text.as_bytes().get(start), Some(b'R' | b'r')) || word_before(text, start) {
            continue;
        }
        let mut end = hit + "esolution".len();
        if text.as_bytes().get(end) == Some(&b's') {
            end += 1;
        }
        let gap = spaces(text.get(end..).unwrap_or_default());
        if gap > 0 {
            from = end + gap;
            return Some((start, from));
        }
    })
}

/// One cited number and what follows it, as
/// `^(\d{1,4})(?:(\s*)\((\d{2,4})\)|/(\d{4})|\s+of\s+(\d{4}))?` reads it with
/// ASCII digits (the number is read with `str::parse`, which reads no other).
#[derive(Debug, PartialEq, Eq)]
struct CitedItem<'a> {
    /// The whole item ("2151 (2014)").
    whole: &'a str,
    number: &'a str,
    /// The whitespace before a year in parentheses, and that year.
    bracketed: Option<(&'a str, &'a str)>,
    /// A year written otherwise: "/2014", " of 2014".
    other_year: bool,
}

/// How many ASCII digits `text` starts with.
fn digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

fn cited_item(text: &str) -> Option<CitedItem<'_>> {
    let n = digits(text).min(4);
    if n == 0 {
        return None;
    }
    let rest = text.get(n..)?;
    let item = |len: usize, bracketed, other_year| CitedItem {
        whole: text.get(..n + len).unwrap_or_default(),
        number: text.get(..n).unwrap_or_default(),
        bracketed,
        other_year,
    };
    // " (2014)": the year's digits run to the closing parenthesis.
    let gap = spaces(rest);
    if let Some(inner) = rest.get(gap..).and_then(|r| r.strip_prefix('(')) {
        let y = digits(inner);
        if (2..=4).contains(&y) && inner.as_bytes().get(y) == Some(&b')') {
            let bracketed = (rest.get(..gap)?, inner.get(..y)?);
            return Some(item(gap + 1 + y + 1, Some(bracketed), false));
        }
    }
    // "/2014"
    if rest.strip_prefix('/').is_some_and(|r| digits(r) >= 4) {
        return Some(item(5, None, true));
    }
    // " of 2014"
    if gap > 0 {
        if let Some(after_of) = rest.get(gap..).and_then(|r| r.strip_prefix("of")) {
            let space = spaces(after_of);
            if space > 0 && after_of.get(space..).is_some_and(|r| digits(r) >= 4) {
                return Some(item(gap + 2 + space + 4, None, true));
            }
        }
    }
    Some(item(0, None, false))
}

pub fn run(c: &CitationFormat, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let flag_missing_year = c.flag_missing_year;
    let table = &cx.data.resolution_years;
    let cited_in_full: OnceCell<HashMap<u32, usize>> = OnceCell::new();
    // Whether there is a keyword at all, kept with the clause's text: most clauses cite
    // no resolution.
    let citing = cx.own_texts_where(TextNeed::Citations, |own| match own.hits {
        Some(hits) => hits.cites_resolution(|| keywords(own.text).next().is_some()),
        None => true,
    });
    for OwnText { index: i, text, .. } in citing {
        let mut quotations = Quotations::default();
        for (keyword_start, keyword_end) in keywords(text) {
            if quotations.inside(text, keyword_start) {
                continue;
            }
            let mut pos = keyword_end;
            // Whether the item before had a year: a list of full citations ends where a
            // bare number follows ("resolution 2245 (2015), 70 ATMIS civilians").
            let mut previous_had_year: Option<bool> = None;
            // Walk the list: "1325 (2000), 1820 (2008) and 2467 (2019)".
            for _ in 0..40 {
                let Some(rest) = text.get(pos..) else { break };
                let Some(m) = cited_item(rest) else { break };
                let s = pos;
                let e = pos + m.whole.len();
                let after = text.get(e..).unwrap_or("");
                // "resolution 57/337" is a General Assembly resolution: not ours; "30th
                // anniversary" is not a number of ours either.
                if after.starts_with('/') || after.starts_with(char::is_alphanumeric) {
                    break;
                }
                let has_year = m.bracketed.is_some() || m.other_year;
                if previous_had_year.is_some() {
                    // "paragraphs 11 of resolution 2213 (2015), 11 of resolution 2362
                    // (2017)": the numbers after the first are paragraphs.
                    let paragraph = after.starts_with(" of resolution")
                        || after.starts_with(" of its resolution");
                    if paragraph || (previous_had_year == Some(true) && !has_year) {
                        break;
                    }
                }
                previous_had_year = Some(has_year);
                let number: u32 = m.number.parse().unwrap_or(0);
                let cited = m.whole;
                // (problem, whether only its form is off).
                let problem: Option<(String, bool)> = if let Some((gap, year)) = m.bracketed {
                    if year.len() != 4 {
                        Some((format!("\"{cited}\": the year must have four digits"), true))
                    } else if gap.is_empty() {
                        Some((
                            format!("\"{cited}\": a space is missing before the year"),
                            true,
                        ))
                    } else {
                        let y: u32 = year.parse().unwrap_or(0);
                        (!table.is_empty() && !year_possible(table, number, y))
                            .then(|| (format!("resolution {number} cannot date from {y}"), false))
                    }
                } else if m.other_year {
                    Some((format!("\"{cited}\": write the year in parentheses"), true))
                } else if flag_missing_year && number >= 1 {
                    // "resolution 2151" alone: allowed only right after a full citation
                    // of the same number earlier in the draft.
                    let at = cx.norm_to_original(i, s, e).start;
                    let full = cited_in_full.get_or_init(|| first_full_citations(&cx.doc.text));
                    full.get(&number)
                        .is_none_or(|&end| end > at)
                        .then(|| (format!("\"resolution {cited}\" lacks its year"), true))
                } else {
                    None
                };
                if let Some((p, form_only)) = problem {
                    let span = cx.norm_to_original(i, s, e);
                    let msg = render(&rule.message, &[("problem", &p)]);
                    let mut d = cx.diag(rule, span, Some(i), msg);
                    if let Some(severity) = c.form_severity.filter(|_| form_only) {
                        d.severity = severity;
                    }
                    if let Some((gap, year)) = m.bracketed {
                        if gap.is_empty() && year.len() == 4 {
                            d.suggestion = Some(Suggestion {
                                title: "Insert a space before the year".into(),
                                text: format_smolstr!("{number} ({year})"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// The patterns the scanners replaced, as oracles (the item's with ASCII digits).
    const KEYWORD: &str = r"\b[Rr]esolutions?\s+";
    const ITEM: &str = r"^([0-9]{1,4})(?:(\s*)\(([0-9]{2,4})\)|/([0-9]{4})|\s+of\s+([0-9]{4}))?";

    fn oracle_item<'t>(re: &Regex, text: &'t str) -> Option<CitedItem<'t>> {
        let m = re.captures(text)?;
        let group = |i: usize| m.get(i).map(|g| g.as_str());
        Some(CitedItem {
            whole: group(0)?,
            number: group(1)?,
            bracketed: group(2).zip(group(3)),
            other_year: group(4).is_some() || group(5).is_some(),
        })
    }

    /// Text made of what decides a citation: digits, the keyword and its near misses,
    /// spaces of several kinds, parentheses, "/", "of", word characters outside ASCII.
    fn citation_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "resolution",
                "Resolutions",
                "esolution",
                "r",
                "s",
                "x",
                "é",
                "_",
                " ",
                "  ",
                "\u{a0}",
                "\n",
                "1",
                "21",
                "2151",
                "12345",
                "(",
                ")",
                "(2014)",
                "/",
                "of",
                " of ",
                ",",
                "٣",
                "“",
            ]),
            0..16,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        // Cheap cases, and a slip hides in few of them: many.
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn keywords_are_the_patterns(text in citation_text()) {
            let re = Regex::new(KEYWORD).expect("pattern");
            let want: Vec<(usize, usize)> =
                re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(keywords(&text).collect::<Vec<_>>(), want);
        }

        #[test]
        fn items_are_the_patterns(text in citation_text()) {
            let re = Regex::new(ITEM).expect("pattern");
            prop_assert_eq!(cited_item(&text), oracle_item(&re, &text));
        }
    }

    #[test]
    fn items_read_every_form_of_year() {
        let item = |t| cited_item(t).map(|i| (i.whole, i.number, i.bracketed, i.other_year));
        assert_eq!(
            item("2151 (2014), 1325"),
            Some(("2151 (2014)", "2151", Some((" ", "2014")), false))
        );
        assert_eq!(
            item("2151(14)"),
            Some(("2151(14)", "2151", Some(("", "14")), false))
        );
        assert_eq!(item("2151/2014"), Some(("2151/2014", "2151", None, true)));
        assert_eq!(
            item("2151 of\u{a0}2014"),
            Some(("2151 of\u{a0}2014", "2151", None, true))
        );
        assert_eq!(item("21512 (2014)"), Some(("2151", "2151", None, false)));
        assert_eq!(item("2151 (20145)"), Some(("2151", "2151", None, false)));
        // Digits of other scripts are not read as a number (`str::parse` reads none).
        assert_eq!(item("٣ (2014)"), None);
        assert_eq!(
            keywords("Recalling resolutions\u{a0}1325, its resolution 2151 and xresolution 1")
                .collect::<Vec<_>>(),
            vec![(10, 23), (33, 44)]
        );
    }

    fn table() -> BTreeMap<u32, (u32, u32)> {
        BTreeMap::from([
            (2013, (2086, 2132)),
            (2014, (2133, 2195)),
            (2015, (2196, 2265)),
        ])
    }

    #[test]
    fn full_citations_found_once_with_the_old_substring_semantics() {
        let text = "resolution 2151 (2014), paragraph 12151 (a), 0151 (x) and 7 (";
        let full = first_full_citations(text);
        // Each entry agrees with the search it replaced: `text[..at].contains("N (")`.
        for n in [2151u32, 151, 51, 1, 12151, 7, 8] {
            for at in 0..=text.len() {
                let earlier = text.get(..at).unwrap_or("");
                let want = n <= 9999 && earlier.contains(&format!("{n} ("));
                assert_eq!(
                    full.get(&n).is_some_and(|&end| end <= at),
                    want,
                    "{n} at {at}"
                );
            }
        }
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
}
