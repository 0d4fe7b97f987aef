//! `acronym-definition` (RES008): an acronym used before it is spelled out, or never
//! spelled out, unless a term of the `standard` lexicons (UN, NATO, the missions) or,
//! for "never spelled out", established: spelled out in an earlier adopted resolution,
//! or used bare in several (the `established` lexicons: `first`, the number of the
//! first resolution that spelled it out; `bare`, of the one from which it had been used
//! bare in enough of them). Informal shorthand (the `informal` lexicons: "UNSCR",
//! "OP4") is never established, however often it slipped into an adopted text.

use rustc_hash::FxHashMap;
use smol_str::format_smolstr;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Deserialize;

use crate::analyse::AcronymSpans;
use crate::diagnostic::{Diagnostic, RelatedSpan};
use crate::model::Part;
use crate::rules::ctx::{is_word, render, spaces, word_before, Ctx, OwnText, TextNeed};
use crate::rules::predicate::LexiconRef;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;
use crate::span::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    standard: Vec<String>,
    #[serde(default)]
    established: Vec<String>,
    #[serde(default)]
    informal: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct AcronymDefinition {
    standard: Vec<LexiconRef>,
    /// The standard terms themselves, to judge the parts of a compound ("AU-UN").
    standard_terms: HashSet<String>,
    /// Acronym → the resolution from which it is established: the first that spelled
    /// it out or the one from which it had been used bare often enough, whichever is
    /// earlier (0 when neither is given).
    established: HashMap<String, u32>,
    /// Informal shorthand → what the Council writes instead (`{n}`: the number after
    /// it, "OP4" → "paragraph 4").
    informal: HashMap<String, String>,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<AcronymDefinition, RuleError> {
    let standard = src.lexicons(&p.standard)?;
    // Checked for existence like any lexicon; read by name (they need no scan).
    src.lexicons(&p.established)?;
    let terms = |names: &[String]| {
        names
            .iter()
            .filter_map(|n| src.resolver.lexicon_terms(n))
            .flat_map(|l| l.terms.iter())
            .collect::<Vec<_>>()
    };
    let standard_terms = terms(&p.standard)
        .into_iter()
        .map(|t| normal_hyphens(&t.id).into_owned())
        .collect();
    src.lexicons(&p.informal)?;
    let mut established = HashMap::new();
    for t in terms(&p.established) {
        let number = |key: &str| t.attr(key).and_then(|v| v.parse::<u32>().ok());
        let since = match (number("first"), number("bare")) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(0),
        };
        established.insert(normal_hyphens(&t.id).into_owned(), since);
    }
    let informal = terms(&p.informal)
        .into_iter()
        .map(|t| {
            (
                t.id.to_string(),
                t.attr("instead").unwrap_or_default().to_string(),
            )
        })
        .collect();
    Ok(AcronymDefinition {
        standard,
        standard_terms,
        established,
        informal,
    })
}

/// Akoma Ntoso texts join acronyms with U+2011 (non-breaking hyphen): "EUTM‑RCA".
/// Copied only when it has one (every acronym of a draft is read on each keystroke).
fn normal_hyphens(t: &str) -> Cow<'_, str> {
    if t.contains(['\u{2010}', '\u{2011}']) {
        Cow::Owned(t.replace(['\u{2010}', '\u{2011}'], "-"))
    } else {
        Cow::Borrowed(t)
    }
}

/// Acronym-shaped tokens: two or more capitals, optionally with lower-case letters,
/// digits and hyphens inside ("MONUSCO", "F-FDTL", "FAMa", "COVID-19", "EUTM‑RCA"),
/// or an apostrophe before a capital ("FAd’H", the Armed Forces of Haiti).
fn acronym_tokens(text: &str) -> Vec<(usize, &str)> {
    token_spans(text)
        .filter_map(|(start, end)| Some((start, text.get(start..end)?)))
        .filter(|&(start, t)| {
            let caps = t.bytes().filter(u8::is_ascii_uppercase).count();
            let lower = t.bytes().filter(u8::is_ascii_lowercase).count();
            caps >= 2 && lower <= 2 && t.len() >= 2 && !is_roman(t)
                // Not part of a document symbol ("S/RES/2151", "A/HRC/…").
                && !text.get(..start).is_some_and(|before| before.ends_with('/'))
                && !text.get(start + t.len()..).is_some_and(|after| after.starts_with('/'))
        })
        .collect()
}

/// The matches, leftmost first, of
/// `\b[A-Z][A-Za-z0-9]*(?:[-‐‑][A-Za-z0-9]+|['’][A-Z][A-Za-z0-9]*)*\b` with Unicode
/// word boundaries, scanned by hand: the regex crate's fast engines cannot decide a
/// Unicode `\b` on text with curly quotes and dashes (every UN text), and its fallback
/// cost 6% of a corpus run (issue 15). The regex stays the oracle in the tests.
fn token_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // Capitals are found by a loop of their own, which the compiler keeps tight.
        while let Some(next) = bytes.get(at..)?.iter().position(u8::is_ascii_uppercase) {
            let start = at + next;
            at = start + 1;
            if word_before(text, start) {
                continue;
            }
            if let Some(end) = token_end(text, start) {
                at = end;
                return Some((start, end));
            }
        }
        None
    })
}

/// Where the token starting at `start` (an ASCII capital) ends: after as many hyphen
/// or apostrophe parts as follow, less those whose end is not a word boundary (the
/// regex's greedy repetition giving back parts). Each part ends on an ASCII letter or
/// digit, so the end is a boundary when no word character follows.
fn token_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let alnum_run = |from: usize| {
        from + bytes.get(from..).map_or(0, |b| {
            b.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
        })
    };
    let boundary = |end: usize| {
        !text
            .get(end..)
            .and_then(|r| r.chars().next())
            .is_some_and(is_word)
    };
    let mut end = alnum_run(start + 1);
    // The longest end that is a boundary wins, as the greedy repetition would.
    let mut best = boundary(end).then_some(end);
    loop {
        let rest = text.get(end..).unwrap_or("");
        let hyphen = ['-', '\u{2010}', '\u{2011}']
            .into_iter()
            .find(|&h| rest.starts_with(h));
        let next = if let Some(h) = hyphen {
            let from = end + h.len_utf8();
            let to = alnum_run(from);
            (to > from).then_some(to)
        } else if let Some(a) = ['\'', '’'].into_iter().find(|&a| rest.starts_with(a)) {
            let from = end + a.len_utf8();
            bytes
                .get(from)
                .is_some_and(u8::is_ascii_uppercase)
                .then(|| alnum_run(from + 1))
        } else {
            None
        };
        let Some(to) = next else { break };
        end = to;
        if boundary(end) {
            best = Some(end);
        }
    }
    best
}

/// A well-formed Roman numeral as the Council writes them ("Chapter VII", "annex
/// XIV"), not any word of their letters ("VLM", an armed group, is an acronym).
fn is_roman(t: &str) -> bool {
    crate::parse::roman_value(&t.to_ascii_lowercase()).is_some()
}

/// Plural and possessive forms refer to the acronym itself ("NGOs", "MONUSCO's").
fn base_acronym(t: &str) -> &str {
    let t = t
        .strip_suffix("’s")
        .or_else(|| t.strip_suffix("'s"))
        .or_else(|| t.strip_suffix('’'))
        .or_else(|| t.strip_suffix('\''))
        .unwrap_or(t);
    match t.strip_suffix('s') {
        Some(b) if b.chars().filter(char::is_ascii_uppercase).count() >= 2 => b,
        _ => t,
    }
}

/// Whether some span starts at or before `span` and ends at or after it (an empty
/// hit counts as one byte long), asked in increasing order of start. One sweep over
/// the set sorted by start, keeping the furthest end reached: linear in the clause,
/// where testing every token against every hit was quadratic in a long paragraph
/// (issue 15).
struct Coverage {
    spans: Vec<Span>,
    next: usize,
    reach: usize,
}

impl Coverage {
    fn new(mut spans: Vec<Span>) -> Coverage {
        spans.sort_unstable_by_key(|s| s.start);
        Coverage {
            spans,
            next: 0,
            reach: 0,
        }
    }

    /// `span.start` must not decrease between calls.
    fn covers(&mut self, span: Span) -> bool {
        while let Some(s) = self.spans.get(self.next).filter(|s| s.start <= span.start) {
            self.reach = self.reach.max(s.end.max(s.start + 1));
            self.next += 1;
        }
        self.next > 0 && span.end <= self.reach
    }
}

impl AcronymDefinition {
    /// Established by adopted resolutions numbered below the draft's own number (any,
    /// for a draft without one). Informal shorthand never is.
    fn is_established(&self, acronym: &str, draft_number: Option<u32>) -> bool {
        self.informal_instead(acronym).is_none()
            && self
                .established
                .get(acronym)
                .is_some_and(|&since| draft_number.is_none_or(|n| since < n))
    }

    /// For informal shorthand, bare or numbered ("UNSCR", "OP4"), what to write instead.
    fn informal_instead(&self, acronym: &str) -> Option<String> {
        let stem = acronym.trim_end_matches(|c: char| c.is_ascii_digit());
        let instead = self.informal.get(stem)?;
        let number = acronym.get(stem.len()..).unwrap_or("");
        Some(instead.replace("{n}", if number.is_empty() { "N" } else { number }))
    }
}

/// The acronyms spelled out in parentheses, as spans of `text`, left to right:
/// "(MONUSCO)", "(“the APPR”)", "(hereinafter “UNMIK”)", "(EOD – S/2021/1042)";
/// "(“the Mission”)" is not an acronym. What the pattern `DEFINITION` in the tests
/// finds (compiled at every start, it cost a one-page check 7% of its instructions).
fn definitions(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let open = from + memchr::memchr(b'(', text.as_bytes().get(from..)?)?;
        from = open + 1;
        if let Some((acronym, close)) = definition_at(text, open + 1) {
            from = close;
            return Some(acronym);
        }
    })
}

/// A character an acronym in a definition may hold.
fn in_definition(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '\u{2010}' | '\u{2011}' | '\'' | '’' | '-')
}

/// The definition whose "(" ends at `at`: the acronym's span and where the ")" ends.
/// Every optional part of the pattern is taken when present (leaving it out never lets
/// the rest match), and the acronym is the whole run of its characters (none of them
/// may follow it), so no backtracking is needed.
fn definition_at(text: &str, mut at: usize) -> Option<((usize, usize), usize)> {
    let rest = |at: usize| text.get(at..).unwrap_or_default();
    let word_then_space = |at: usize, word: &str| {
        let gap = rest(at).strip_prefix(word).map_or(0, spaces);
        if gap > 0 {
            at + word.len() + gap
        } else {
            at
        }
    };
    at = word_then_space(at, "hereinafter");
    if let Some(q) = ['"', '“'].into_iter().find(|&q| rest(at).starts_with(q)) {
        at += q.len_utf8();
    }
    at = word_then_space(at, "the");
    let start = at;
    // A capital first, and a capital or digit after it that no apostrophe follows.
    let mut capital_or_digit_at = None;
    let mut apostrophe_at = None;
    for (i, c) in rest(start)
        .chars()
        .take_while(|&c| in_definition(c))
        .enumerate()
    {
        at += c.len_utf8();
        if i == 0 && !c.is_ascii_uppercase() {
            return None;
        }
        if i > 0 && (c.is_ascii_uppercase() || c.is_ascii_digit()) {
            capital_or_digit_at = Some(i);
        } else if c == '\'' || c == '’' {
            apostrophe_at = Some(i);
        }
    }
    if capital_or_digit_at? < apostrophe_at.unwrap_or(0) {
        return None;
    }
    let acronym = (start, at);
    if let Some(q) = ['"', '”'].into_iter().find(|&q| rest(at).starts_with(q)) {
        at += q.len_utf8();
    }
    // ", S/2021/1042)", " – Mali)": a dash or comma, then up to 40 characters (beyond
    // the spaces after the dash) before the closing parenthesis.
    let gap = spaces(rest(at));
    if let Some(dash) = ['–', '—', ',']
        .into_iter()
        .find(|&d| rest(at + gap).starts_with(d))
    {
        let tail_from = at + gap + dash.len_utf8();
        let tail = rest(tail_from);
        let len = tail.find(['(', ')']);
        if let Some(len) = len.filter(|&l| tail.as_bytes().get(l) == Some(&b')')) {
            let tail = tail.get(..len).unwrap_or_default();
            let chars = tail.chars().count();
            let leading = tail.chars().take_while(|c| c.is_whitespace()).count();
            if chars >= 1 && chars - leading <= 40 {
                return Some((acronym, tail_from + len + 1));
            }
        }
    }
    rest(at).starts_with(')').then_some((acronym, at + 1))
}

/// What the rule reads of a clause's own text: kept with the clause's hits when it
/// may be (`Ctx::own_texts`), else read now.
fn spans_of<'c>(own: &OwnText<'c>) -> Cow<'c, AcronymSpans> {
    let text = own.text;
    let read = || AcronymSpans {
        tokens: acronym_tokens(text)
            .into_iter()
            .map(|(start, token)| (start, start + token.len()))
            .collect(),
        definitions: definitions(text).collect(),
    };
    match own.hits {
        Some(hits) => Cow::Borrowed(hits.acronym_spans(read)),
        None => Cow::Owned(read()),
    }
}

pub fn run<'a>(check: &AcronymDefinition, cx: &Ctx<'a>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let draft_number = cx.doc.masthead.number;
    // Where each acronym is first defined: the span of its definition in the original
    // text (spans come from the text, never from offset arithmetic, so they always lie
    // on character boundaries). A plural definition, "(IEDs)", defines IED.
    let mut defined: BTreeMap<Cow<'a, str>, Span> = BTreeMap::new();
    let mut define = |acronym: &'a str, at: Span| {
        for key in [
            normal_hyphens(acronym),
            normal_hyphens(base_acronym(acronym)),
        ] {
            let e = defined.entry(key).or_insert(at);
            if at.start < e.start {
                *e = at;
            }
        }
    };
    for a in &cx.analysis.acronyms {
        define(&a.acronym, a.span);
    }
    // The clauses with an acronym-shaped token or a definition (most have neither).
    let read: Vec<(OwnText<'a>, Cow<'_, AcronymSpans>)> = cx
        .own_texts_where(TextNeed::Acronyms, |own| {
            let spans = spans_of(own);
            !spans.tokens.is_empty() || !spans.definitions.is_empty()
        })
        .map(|own| {
            let spans = spans_of(&own);
            (own, spans)
        })
        .collect();
    for (own, spans) in &read {
        let (i, text) = (own.index, own.text);
        for &(start, end) in &spans.definitions {
            if let Some(acronym) = text.get(start..end) {
                define(acronym, cx.norm_to_original(i, start, end));
            }
        }
    }
    // A compound of acronyms that are each known ("AU-UN", "MINUSCA-OHCHR") needs no
    // spelling out of its own.
    let known = |part: &str| {
        defined.contains_key(part)
            || check.standard_terms.contains(part)
            || check.is_established(part, draft_number)
    };
    let mut reported: BTreeSet<Cow<'_, str>> = BTreeSet::new();
    // Tokens already found used after their definition, with where it starts: the same
    // token at or after that place is too, whatever else is asked of it (a long draft
    // names its mission in most paragraphs, and each was looked up on every keystroke).
    let mut settled: FxHashMap<&str, usize> = FxHashMap::default();
    for (own, spans) in &read {
        let (i, c, text) = (own.index, own.clause, own.text);
        if c.part == Part::Heading {
            continue;
        }
        let tokens = spans
            .tokens
            .iter()
            .filter_map(|&(start, end)| Some((start, text.get(start..end)?)));
        // Most clauses have no acronym: their standard-term hits are not placed.
        if spans.tokens.is_empty() {
            continue;
        }
        // Placed when a token is not settled.
        let mut standard: Option<Coverage> = None;
        for (at, token) in tokens {
            if settled.get(token).is_some_and(|&def| def <= c.span.start) {
                continue;
            }
            let standard = standard.get_or_insert_with(|| {
                Coverage::new(
                    check
                        .standard
                        .iter()
                        .flat_map(|lex| lex.hits(cx.ca(i)).iter().map(|h| cx.hit_span(i, h)))
                        .collect(),
                )
            });
            let base = normal_hyphens(base_acronym(token));
            if reported.contains(&base) {
                continue;
            }
            let span = cx.norm_to_original(i, at, at + token.len());
            if standard.covers(span) {
                continue;
            }
            // The definition itself: "(MONUSCO)", "(“the APPR”)".
            let before = text.get(..at).unwrap_or("");
            let before = before.strip_suffix("the ").unwrap_or(before);
            if before.ends_with('(') || before.ends_with("(“") || before.ends_with("(\"") {
                continue;
            }
            let whole = normal_hyphens(token);
            let problem = match defined.get(&*base).or_else(|| defined.get(&*whole)) {
                Some(&def_at) if def_at.start <= span.start => {
                    settled.insert(token, def_at.start);
                    continue;
                }
                Some(&def_at) => (
                    format!("{base} is used before it is spelled out"),
                    Some(def_at),
                ),
                None if check.is_established(&base, draft_number)
                    || check.is_established(&whole, draft_number) =>
                {
                    continue
                }
                None if whole.contains('-') && whole.split('-').all(|p| known(base_acronym(p))) => {
                    continue
                }
                None => match check.informal_instead(&base) {
                    Some(instead) => (
                        format!("{base} is informal shorthand, never spelled out; the Council writes {instead}"),
                        None,
                    ),
                    None => (format!("{base} is never spelled out"), None),
                },
            };
            let (p, def_at) = problem;
            let msg = render(&rule.message, &[("problem", &p), ("acronym", &base)]);
            let mut d = cx.diag(rule, span, Some(i), msg);
            if let Some(def_at) = def_at {
                d.related.push(RelatedSpan {
                    span: def_at,
                    message: format_smolstr!("{base} is spelled out here"),
                    clause_ref: None,
                });
            }
            out.push(d);
            reported.insert(base);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    /// The pattern the scanner replaced, as the oracle.
    const TOKEN_PATTERN: &str =
        r"\b[A-Z][A-Za-z0-9]*(?:[-\x{2010}\x{2011}][A-Za-z0-9]+|['’][A-Z][A-Za-z0-9]*)*\b";

    fn regex_spans(text: &str) -> Vec<(usize, usize)> {
        let re = Regex::new(TOKEN_PATTERN).expect("pattern");
        re.find_iter(text).map(|m| (m.start(), m.end())).collect()
    }

    /// The pattern `definitions` replaced, as the oracle.
    const DEFINITION: &str = r#"\((?:hereinafter\s+)?["“]?(?:the\s+)?([A-Z][A-Za-z0-9\x{2010}\x{2011}'’-]*[A-Z0-9][A-Za-z0-9\x{2010}\x{2011}-]*)["”]?(?:\s*[–—,]\s*[^()]{1,40})?\)"#;

    proptest! {
        // Cheap cases, and a slip hides in few of them: many.
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Same acronyms as the pattern on text made of what decides a definition: its
        /// parentheses, lead-ins and quotes, capitals, small letters, digits, hyphens,
        /// apostrophes, the dashes and comma before a reference, and reference text of
        /// several lengths around the 40-character limit.
        #[test]
        fn definitions_are_the_patterns(
            text in proptest::collection::vec(
                prop::sample::select(vec![
                    "(", ")", "hereinafter", "the", " ", "\u{a0}", "\"", "“", "”", "A", "B",
                    "Z", "a", "s", "0", "9", "-", "\u{2010}", "'", "’", "–", "—", ",", "/",
                    "é", "S/2021/1042", "reference text", "a much longer reference text",
                ]),
                0..20,
            ).prop_map(|parts| parts.concat())
        ) {
            let re = Regex::new(DEFINITION).expect("pattern");
            let want: Vec<(usize, usize)> = re
                .captures_iter(&text)
                .filter_map(|c| c.get(1))
                .map(|m| (m.start(), m.end()))
                .collect();
            prop_assert_eq!(definitions(&text).collect::<Vec<_>>(), want);
        }

        /// Same matches as the regex on text made of what decides them: capitals, small
        /// letters, digits, the hyphens and apostrophes inside tokens, word characters
        /// outside ASCII ("é", "_", "ß", a combining accent) and separators ("/", " ",
        /// "—", "“").
        #[test]
        fn token_spans_match_the_regex(
            text in proptest::collection::vec(
                prop::sample::select(vec![
                    "A", "B", "Z", "a", "s", "0", "9", "-", "\u{2010}", "\u{2011}", "'", "’",
                    "é", "_", "ß", "\u{301}", "/", " ", "—", "“", "²", "É",
                ]),
                0..24,
            ).prop_map(|parts| parts.concat())
        ) {
            prop_assert_eq!(token_spans(&text).collect::<Vec<_>>(), regex_spans(&text));
        }
    }

    #[test]
    fn token_spans_give_back_parts_whose_end_is_no_boundary() {
        // "AB-CDé": the hyphen part ends inside a word, so the token is "AB".
        assert_eq!(token_spans("AB-CDé").collect::<Vec<_>>(), vec![(0, 2)]);
        assert_eq!(token_spans("xAB CD").collect::<Vec<_>>(), vec![(4, 6)]);
        assert_eq!(
            token_spans("FAd’H and EUTM\u{2011}RCA").collect::<Vec<_>>(),
            vec![(0, 7), (12, 22)]
        );
        for text in [
            "AB-CDé",
            "xAB CD",
            "FAd’H and EUTM\u{2011}RCA",
            "COVID-19’s S/RES/2151",
        ] {
            assert_eq!(
                token_spans(text).collect::<Vec<_>>(),
                regex_spans(text),
                "{text}"
            );
        }
    }

    /// The test the sweep replaced: every token against every hit.
    fn covers_by_scan(spans: &[Span], span: Span) -> bool {
        spans
            .iter()
            .any(|s| s.start <= span.start && span.end <= s.end.max(s.start + 1))
    }

    /// On real drafts: the fixtures and, when the shared corpus is beside the
    /// repository, every twentieth resolution, the sweep decides every acronym token of
    /// every clause exactly as the scan did.
    #[test]
    fn coverage_sweep_agrees_with_the_scan_on_fixtures_and_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("fixtures"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        let corpus = root.join("../shared/corpus/unsc");
        if let Ok(dir) = std::fs::read_dir(&corpus) {
            let mut all: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
            all.sort();
            files.extend(all.into_iter().step_by(20));
        } else {
            let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
            assert!(!ci, "{} is missing and CI is set", corpus.display());
            println!("SKIPPED: {} is absent; fixtures only", corpus.display());
        }
        files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        assert!(files.len() > 5, "no drafts to compare on");
        let engine = crate::engine::Engine::load(&[]).unwrap();
        let mut tokens_seen = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let checked = engine.check(
                text,
                crate::model::SourceFormat::Text,
                &crate::engine::CheckOptions::default(),
            );
            for (c, ca) in checked.doc.clauses.iter().zip(&checked.analysis.clauses) {
                let hits: Vec<Span> = ["standard-acronyms", "missions"]
                    .iter()
                    .flat_map(|l| {
                        ca.hits_of(l)
                            .iter()
                            .map(|h| c.norm.span_to_original(h.span))
                    })
                    .collect();
                let mut sweep = Coverage::new(hits.clone());
                for (at, token) in acronym_tokens(&c.norm.text) {
                    let span = c.norm.span_to_original(Span::new(at, at + token.len()));
                    assert_eq!(
                        sweep.covers(span),
                        covers_by_scan(&hits, span),
                        "{} {}: {token}",
                        path.display(),
                        c.reference
                    );
                    tokens_seen += 1;
                }
            }
        }
        assert!(
            tokens_seen > 100,
            "only {tokens_seen} acronym tokens compared"
        );
    }

    proptest! {
        #[test]
        fn coverage_sweep_agrees_with_the_scan(
            hits in proptest::collection::vec((0usize..200, 0usize..12), 0..30),
            tokens in proptest::collection::vec((0usize..200, 1usize..8), 0..40),
        ) {
            let spans: Vec<Span> = hits.iter().map(|&(s, l)| Span::new(s, s + l)).collect();
            let mut tokens: Vec<Span> = tokens.iter().map(|&(s, l)| Span::new(s, s + l)).collect();
            tokens.sort_by_key(|t| t.start);
            let mut sweep = Coverage::new(spans.clone());
            for t in tokens {
                prop_assert_eq!(sweep.covers(t), covers_by_scan(&spans, t), "token {:?}", t);
            }
        }
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

    #[test]
    fn roman_numerals_are_well_formed_ones() {
        for t in ["I", "IV", "VII", "XIV", "XL", "XXXIX"] {
            assert!(is_roman(t), "{t}");
        }
        // Letters of numerals that make no numeral are an acronym: the VLM armed group.
        for t in ["VLM", "IIII", "VX", "IL", "MD", "DC", ""] {
            assert!(!is_roman(t), "{t}");
        }
    }
}
