//! `opening` (RES002, RES003): operative paragraphs open with an operative verb in
//! the present indicative, preambular paragraphs with a participle or adjective: a
//! term of `lexicons` near the start, after at most three modifiers ("Further",
//! "Strongly").

use std::ops::Range;

use serde::Deserialize;

use crate::analyse::Rooted;
use crate::diagnostic::Diagnostic;
use crate::model::{Clause, Part};
use crate::rules::ctx::{render, Ctx};
use crate::rules::predicate::LexiconRef;
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::Rule;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpeningPart {
    Operative,
    Preambular,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    part: OpeningPart,
    lexicons: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Opening {
    part: OpeningPart,
    lexicons: Vec<LexiconRef>,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<Opening, RuleError> {
    src.non_empty("lexicons", &p.lexicons)?;
    Ok(Opening {
        part: p.part,
        lexicons: src.lexicons(&p.lexicons)?,
    })
}

/// Words that may precede the opening verb or participle ("Further decides", "Also
/// recalling", "Strongly condemns").
fn is_modifier(word: &str) -> bool {
    lowercased(word, |w| {
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
    })
}

/// `f` of `word` in lower case, not copied to the heap for the ASCII words clauses open
/// with (every opening word of a draft is read on each keystroke).
fn lowercased<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buf = [0u8; 32];
    if word.is_ascii() {
        if let Some(lower) = buf.get_mut(..word.len()) {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            if let Ok(lower) = std::str::from_utf8(lower) {
                return f(lower);
            }
        }
    }
    f(&word.to_lowercase())
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

pub fn run(c: &Opening, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    run_on(c, cx, rule, 0..cx.doc.clauses.len(), out);
}

/// Whether the check judges the clause's opening: numbered top-level operative
/// paragraphs (unlabelled or lettered top-level text is a list or annexed material the
/// parser kept in the operative part), or top-level preambular paragraphs (not the
/// items of a list a paragraph introduces: "… including: (a) implementation of the
/// SSDP, (b) …"). The clause alone decides (`Document::numbered_paragraphs`).
fn judged(part: OpeningPart, clause: &Clause) -> bool {
    match part {
        OpeningPart::Operative => clause.is_numbered_paragraph(),
        OpeningPart::Preambular => clause.part == Part::Preambular && clause.parent.is_none(),
    }
}

/// `run` on the clauses `only` (one paragraph's, `rules::reuse`: a paragraph's opening
/// is judged on its own text and analysis).
pub fn run_on(
    c: &Opening,
    cx: &Ctx<'_>,
    rule: &Rule,
    only: Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let part = c.part;
    let clauses = cx
        .clauses_among(only)
        .filter(|(_, clause)| judged(part, clause))
        .map(|(i, _)| i);
    for i in clauses {
        let Some(clause) = cx.clause(i) else { continue };
        let Some(start) = first_word_start(cx, i) else {
            continue;
        };
        let norm = cx.own_norm(i);
        // The first five words, on the stack: every paragraph's are read on each
        // keystroke.
        let mut first_words = [""; 5];
        let mut count = 0;
        for (slot, w) in first_words.iter_mut().zip(
            norm.split_whitespace()
                .map(|w| w.trim_matches(|c: char| matches!(c, '*' | '_' | '"' | '“' | '‘' | ',')))
                .filter(|w| !w.is_empty()),
        ) {
            *slot = w;
            count += 1;
        }
        let words = first_words.get(..count).unwrap_or(&[]);
        if words.is_empty() {
            continue;
        }
        // A lexicon hit near the start, after at most three modifiers.
        let modifiers = words.iter().take_while(|w| is_modifier(w)).count().min(3);
        let window_end = cx
            .doc
            .text
            .get(start..clause.span.end)
            .and_then(|rest| word_end(rest, modifiers + 1))
            .map_or(start, |end| start + end);
        // Asked last (below): each hit is mapped back to the original text, and the
        // verb or the word's shape nearly always answers first.
        let hit_at_start = || {
            c.lexicons.iter().any(|lex| {
                lex.hits(cx.ca(i)).iter().any(|h| {
                    let at = cx.hit_span(i, h).start;
                    at >= start && at <= window_end
                })
            })
        };
        let verb_at_start = part == OpeningPart::Operative
            && cx.ca(i).verb.as_ref().is_some_and(|v| {
                let at = v.place(cx.doc, i).start;
                !v.inherited && at >= start && at <= window_end
            });
        let word = words.get(modifiers).copied().unwrap_or("");
        let shape_ok = match part {
            // Participles and the adjectives UN style uses ("Mindful", "Deeply concerned").
            OpeningPart::Preambular => lowercased(word, |w| {
                w.ends_with("ing")
                    || w.ends_with("ed")
                    || matches!(
                        w,
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
            }),
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
        let wrong_form = part == OpeningPart::Operative
            && lowercased(word, |lower| {
                lower.ends_with("ing") || lower.ends_with("ed")
            });
        if !wrong_form && (verb_at_start || shape_ok || hit_at_start()) {
            continue;
        }
        if part == OpeningPart::Operative && verb_after_lead_phrase(c, cx, i, start) {
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

/// "26. Noting the increase in IED attacks …, decides that …", "While noting …,
/// recognizes", "In light of …, encourages", "Acting in support of a request …,
/// decides": an operative paragraph may open with a participial or prepositional
/// phrase, its operative verb (present indicative) after the comma that closes it.
fn verb_after_lead_phrase(c: &Opening, cx: &Ctx<'_>, i: usize, start: usize) -> bool {
    let text = &cx.doc.text;
    let Some(end) = cx.clause(i).map(|cl| cl.span.end) else {
        return false;
    };
    c.lexicons.iter().any(|lex| {
        lex.hits(cx.ca(i)).iter().any(|h| {
            let span = cx.hit_span(i, h);
            let (Some(before), Some(word)) = (
                text.get(start..span.start.max(start).min(end)),
                text.get(span.start..span.end.min(end)),
            ) else {
                return false;
            };
            let first_word = word.split_whitespace().next().unwrap_or("");
            let present = lowercased(first_word, |w| w.ends_with('s') && !w.ends_with("ss"));
            // The phrase before the verb, without its modifiers ("…, further requests").
            let mut phrase = before.trim_end();
            while let Some((head, last)) = phrase.rsplit_once(char::is_whitespace) {
                if !is_modifier(last) || last.ends_with(',') {
                    break;
                }
                phrase = head.trim_end();
            }
            // One sentence: no semicolon or full stop before the verb.
            present
                && span.start > start
                && phrase.ends_with(',')
                && !phrase.contains([';', '.'])
                && phrase.split_whitespace().count() >= 2
        })
    })
}

/// Where the `n`-th word of `text` ends (words are runs of non-blank characters,
/// counted from 1), or the last word when there are fewer; `None` when there is none.
fn word_end(text: &str, n: usize) -> Option<usize> {
    let mut end = None;
    let mut ended = 0;
    let mut in_word = false;
    for (p, ch) in text.char_indices() {
        match (ch.is_whitespace(), in_word) {
            (true, true) => {
                end = Some(p);
                ended += 1;
                if ended >= n {
                    return end;
                }
                in_word = false;
            }
            (false, false) => in_word = true,
            // Inside a word, or between words: nothing starts or ends here.
            (false, true) | (true, false) => (),
        }
    }
    if in_word {
        end = Some(text.len());
    }
    end
}
