//! Structural built-ins for the UN editorial conventions: numbering (RES001), opening
//! words (RES002, RES003), paragraph punctuation (RES004), the closing clause (RES005).

use super::ctx::Ctx;
use super::document::render;
use super::spec::{CheckSpec, OpeningPart};
use super::Rule;
use crate::diagnostic::{Diagnostic, Suggestion};
use crate::model::{LabelKind, Part};
use crate::span::Span;

pub(crate) fn run(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    match &rule.check {
        CheckSpec::Numbering {} => numbering(cx, rule, out),
        CheckSpec::Opening { part, lexicons } => opening(cx, rule, *part, lexicons, out),
        CheckSpec::Punctuation {} => punctuation(cx, rule, out),
        CheckSpec::ClosingClause {
            pattern,
            suggestion_text,
        } => closing(cx, rule, pattern, suggestion_text, out),
        _ => {}
    }
}

fn letter_value(text: &str) -> Option<u32> {
    let mut chars = text.chars();
    let c = chars.next()?.to_ascii_lowercase();
    (chars.next().is_none() && c.is_ascii_lowercase()).then(|| u32::from(c) - u32::from('a') + 1)
}

/// Compares each label with the one before it in the same series (same kind, same
/// parent) and reports gaps, duplicates and disorder.
fn numbering(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    // Series: top-level operative paragraphs, then each clause's children.
    let mut series: Vec<Vec<usize>> = vec![cx.doc.numbered_paragraphs().map(|(i, _)| i).collect()];
    for c in &cx.doc.clauses {
        if c.part == Part::Operative && !c.children.is_empty() {
            series.push(c.children.clone());
        }
    }
    for s in series {
        // (kind, value) of the previous label in this series.
        let mut prev: Option<(LabelKind, u32, usize)> = None;
        for i in s {
            let Some(label) = cx.clause(i).and_then(|c| c.label.as_ref()) else {
                continue;
            };
            if label.kind == LabelKind::Dash {
                continue;
            }
            let mut kind = label.kind;
            let mut value = label.value;
            // "(i)" after "(h)" is the letter i, not the roman one; likewise (v), (x).
            if let (LabelKind::ParenRoman | LabelKind::DotRoman, Some((pk, pv, _))) = (kind, prev) {
                if matches!(pk, LabelKind::ParenLetter | LabelKind::DotLetter)
                    && letter_value(&label.text) == Some(pv + 1)
                {
                    kind = pk;
                    value = pv + 1;
                }
            }
            let expected = match prev {
                Some((pk, pv, _)) if pk == kind => pv + 1,
                Some(_) => {
                    // A new series kind inside the same parent (rare): restart.
                    prev = Some((kind, value, i));
                    continue;
                }
                None => 1,
            };
            if value != expected {
                let shown = cx
                    .clause(i)
                    .map(|c| c.reference.clone())
                    .unwrap_or_default();
                let what = match prev {
                    Some((_, pv, _)) if value == pv => "duplicate",
                    Some((_, pv, _)) if value < pv => "out of order",
                    _ => "gap",
                };
                let expected_label = match kind {
                    LabelKind::Number => expected.to_string(),
                    LabelKind::ParenLetter | LabelKind::DotLetter => letter_name(expected),
                    _ => super::ctx::roman(expected),
                };
                let msg = render(
                    &rule.message,
                    &[
                        ("what", what),
                        ("found", &label.text),
                        ("expected", &expected_label),
                        ("clause", &shown),
                    ],
                );
                let mut d = cx.diag(rule, label.span, Some(i), msg);
                d.notes.push(format!(
                    "{what}: label \"{}\" where \"{expected_label}\" was expected",
                    label.text
                ));
                out.push(d);
            }
            prev = Some((kind, value, i));
        }
    }
}

fn letter_name(n: u32) -> String {
    if (1..=26).contains(&n) {
        char::from(b'a' + (n - 1) as u8).to_string()
    } else {
        n.to_string()
    }
}

/// Words that may precede the opening verb or participle ("Further decides", "Also
/// recalling", "Strongly condemns").
fn is_modifier(word: &str) -> bool {
    let w = word.to_lowercase();
    let w = w.trim_matches(|c: char| !c.is_alphabetic());
    w.ends_with("ly")
        || matches!(
            w,
            "also"
                | "further"
                | "again"
                | "once"
                | "hereby"
                | "therefore"
                | "furthermore"
                | "moreover"
                | "and"
                | "still"
                | "nevertheless"
                | "in"
                | "this"
                | "regard"
                | "accordingly"
        )
}

/// Byte offset (in the original text) where the clause's first word starts, skipping
/// markdown emphasis and quotes.
fn first_word_start(cx: &Ctx<'_>, i: usize) -> Option<usize> {
    let c = cx.clause(i)?;
    let body = c.body.slice(&cx.doc.text);
    let skip = body
        .char_indices()
        .find(|(_, ch)| !(ch.is_whitespace() || matches!(ch, '*' | '_' | '"' | '“' | '\'' | '‘')))
        .map(|(p, _)| p)?;
    Some(c.body.start + skip)
}

fn opening(
    cx: &Ctx<'_>,
    rule: &Rule,
    part: OpeningPart,
    lexicons: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let clauses: Vec<usize> = match part {
        // Numbered paragraphs only: unlabelled or lettered top-level text is a list or
        // annexed material the parser kept in the operative part.
        OpeningPart::Operative => cx.doc.numbered_paragraphs().map(|(i, _)| i).collect(),
        OpeningPart::Preambular => cx.doc.preambular().map(|(i, _)| i).collect(),
    };
    for i in clauses {
        let Some(clause) = cx.clause(i) else { continue };
        let Some(start) = first_word_start(cx, i) else {
            continue;
        };
        let norm = cx.own_norm(i);
        let words: Vec<&str> = norm
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| matches!(c, '*' | '_' | '"' | '“' | '‘' | ',')))
            .filter(|w| !w.is_empty())
            .take(5)
            .collect();
        if words.is_empty() {
            continue;
        }
        // A lexicon hit near the start, after at most three modifiers.
        let modifiers = words.iter().take_while(|w| is_modifier(w)).count().min(3);
        let window_end = cx
            .doc
            .text
            .get(start..clause.span.end)
            .map(|rest| {
                let mut end = start;
                for (n, (p, w)) in rest.split_word_bound_offsets().into_iter().enumerate() {
                    if n > modifiers {
                        break;
                    }
                    end = start + p + w.len();
                }
                end
            })
            .unwrap_or(start);
        let hit_at_start = lexicons.iter().any(|lex| {
            cx.ca(i)
                .hits_of(lex)
                .iter()
                .any(|h| h.span.start >= start && h.span.start <= window_end)
        });
        let verb_at_start = part == OpeningPart::Operative
            && cx.ca(i).verb.as_ref().is_some_and(|v| {
                !v.inherited && v.span.start >= start && v.span.start <= window_end
            });
        let word = words.get(modifiers).copied().unwrap_or("");
        let shape_ok = match part {
            // Participles and the adjectives UN style uses ("Mindful", "Deeply concerned").
            OpeningPart::Preambular => {
                let w = word.to_lowercase();
                w.ends_with("ing")
                    || w.ends_with("ed")
                    || matches!(
                        w.as_str(),
                        "mindful"
                            | "conscious"
                            | "aware"
                            | "cognizant"
                            | "convinced"
                            | "determined"
                            | "desirous"
                            | "bearing"
                            | "having"
                            | "recognizing"
                            | "concerned"
                            | "alarmed"
                            | "gravely"
                            | "deeply"
                            | "seriously"
                            | "reiterating"
                    )
            }
            // A capitalised third-person verb the lexicon lacks ("Exhorts", "Clarifies").
            OpeningPart::Operative => {
                word.len() > 3
                    && word.ends_with('s')
                    && word.chars().next().is_some_and(char::is_uppercase)
                    && word.chars().skip(1).all(|c| c.is_ascii_lowercase())
            }
        };
        // Operative verbs are in the present indicative: "Requesting" or "Decided"
        // are preambular or past forms even when the lexicon inflects to them.
        let lower = word.to_lowercase();
        let wrong_form =
            part == OpeningPart::Operative && (lower.ends_with("ing") || lower.ends_with("ed"));
        if (hit_at_start || verb_at_start || shape_ok) && !wrong_form {
            continue;
        }
        // Underline the first word.
        let first_len = cx
            .doc
            .text
            .get(start..clause.span.end)
            .and_then(|rest| rest.split(|c: char| c.is_whitespace() || c == ',').next())
            .map_or(0, str::len);
        let msg = render(
            &rule.message,
            &[("word", word), ("clause", &clause.reference)],
        );
        out.push(cx.diag(rule, Span::new(start, start + first_len), Some(i), msg));
    }
}

/// Split on whitespace, returning (offset, word) pairs.
trait WordOffsets {
    fn split_word_bound_offsets(&self) -> Vec<(usize, &str)>;
}

impl WordOffsets for str {
    fn split_word_bound_offsets(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = None;
        for (p, ch) in self.char_indices() {
            match (ch.is_whitespace(), start) {
                (false, None) => start = Some(p),
                (true, Some(s)) => {
                    out.push((s, self.get(s..p).unwrap_or("")));
                    start = None;
                }
                _ => {}
            }
            if out.len() > 8 {
                return out;
            }
        }
        if let Some(s) = start {
            out.push((s, self.get(s..).unwrap_or("")));
        }
        out
    }
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
        let Some(nl) = own.rfind('\n') else { break };
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

fn punctuation(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let operative: Vec<usize> = doc.operative().map(|(i, _)| i).collect();
    let last_operative = operative.last().copied();
    for (i, c) in doc.clauses.iter().enumerate() {
        let expected: &[char] = match c.part {
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
        // Sub-items that end "…; and" / "…; or" are fine.
        let own = cx.own_text(i).trim_end();
        if c.depth > 0 && (own.ends_with(" and") || own.ends_with(" or")) {
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
            title: format!("End the {kind} with {want_name}"),
            text: want.to_string(),
            span,
        });
        out.push(d);
    }
}

fn closing(
    cx: &Ctx<'_>,
    rule: &Rule,
    pattern: &str,
    suggestion_text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(re) = cached_regex(pattern) else {
        return;
    };
    let operative: Vec<usize> = cx.doc.operative().map(|(i, _)| i).collect();
    if operative.is_empty() {
        return;
    }
    if operative.iter().any(|&i| re.is_match(cx.own_norm(i))) {
        return;
    }
    let Some(&last) = operative.last() else {
        return;
    };
    let Some(last_para) = cx.doc.operative_paragraphs().map(|(i, _)| i).last() else {
        return;
    };
    let number = cx
        .clause(last_para)
        .and_then(|c| c.label.as_ref())
        .filter(|l| l.kind == LabelKind::Number)
        .map(|l| l.value + 1);
    let end = cx.clause(last).map_or(0, |c| c.span.end);
    let mut d = cx.diag(
        rule,
        cx.head_span(last_para),
        Some(last_para),
        cx.fill(&rule.message),
    );
    if let Some(n) = number {
        let eol = if cx.doc.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        d.suggestion = Some(Suggestion {
            title: "Add the closing \"remain actively seized\" paragraph".to_string(),
            text: format!("{eol}{eol}{n}. {suggestion_text}"),
            span: Span::empty(end),
        });
        d.notes.push(format!(
            "the full stop ending paragraph {} then becomes a semicolon",
            n - 1
        ));
    }
    out.push(d);
}

/// Rule patterns compiled once per process, not once per document: compiling the
/// closing-clause pattern for every file was a quarter of the per-file instructions
/// (callgrind, bench/README.md). `Regex` clones share the compiled program.
fn cached_regex(pattern: &str) -> Option<regex::Regex> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    // A panic while holding the lock leaves the map intact: keep using it.
    let mut map = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(pattern.to_string())
        .or_insert_with(|| {
            regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .ok()
        })
        .clone()
}
