//! Agreed language in the editor, given a precedent index: on hover, the nearest
//! adopted wordings of the operative clause under the cursor ("96% S/RES/2098 (2013)
//! para 15(b); first used in S/RES/1925 (2010)", with the words that differ), or "new
//! language"; in completion, adopted clauses that fit where the cursor is (a list of
//! DSR tasks, a request for reports, a new operative paragraph), cited and adapted to
//! the draft's mission. Lookups are remembered per clause text by the index, so
//! hovering the same clause again costs nothing.

use regex::Regex;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, TextEdit,
};

use crate::analyse::{names, AddresseeKind};
use crate::mandates::align::{self, WordOp};
use crate::model::Part;
use crate::precedent::adapt::{self, Names};
use crate::precedent::render::{by_wording, wordings_to_fetch, QueryInfo, ReportHit};
use crate::precedent::{
    percent, ContextKind, DraftContext, Hit, PrecedentIndex, NEW_LANGUAGE_BELOW, SAME_LANGUAGE,
};
use crate::span::Span;
use crate::text::first_words;
use crate::Checked;

use super::super::convert::Positions;

/// Clauses with fewer words of their own (after masking) get no precedents on hover,
/// as PRE001 does not report them: "(a) Protection of civilians" is no language.
const MIN_WORDS: usize = 5;

/// Wordings shown on hover.
const HOVER_WORDINGS: usize = 3;

/// Precedent clauses offered in completion.
const COMPLETIONS: usize = 5;

/// Context words kept around each change in a hover's word diff.
const DIFF_CONTEXT: usize = 4;

/// The agreed language of the operative clause at `offset`, as a hover section, with
/// the clause's span.
pub fn hover_section(
    index: &PrecedentIndex,
    checked: &Checked,
    offset: usize,
) -> Option<(String, Span)> {
    let doc = &checked.doc;
    let i = doc.clause_at(offset)?;
    let clause = doc.clauses.get(i)?;
    if clause.part != Part::Operative {
        return None;
    }
    let mission = checked.analysis.mission.as_deref();
    let text = align::own_text(doc, clause);
    if align::words(&text, &mission.into_iter().collect::<Vec<_>>()).len() < MIN_WORDS {
        return None;
    }
    let query = QueryInfo {
        text,
        source: None,
        mission: checked.analysis.mission.clone(),
    };
    let hits = index.nearest_remembered(&query.text, mission, wordings_to_fetch(HOVER_WORDINGS));
    let wordings = by_wording(hits.iter().cloned(), &query, HOVER_WORDINGS);
    let first_use = index.first_use_remembered(&query.text, mission, SAME_LANGUAGE);
    let markdown = hover_markdown(&clause.reference, &wordings, first_use.first());
    Some((markdown, clause.span))
}

fn hover_markdown(reference: &str, wordings: &[ReportHit], first: Option<&Hit>) -> String {
    let threshold = percent(NEW_LANGUAGE_BELOW);
    let mut out = format!("**Agreed language** for paragraph {reference}\n\n");
    let best = wordings.first();
    if best.is_none_or(|b| b.hit.similarity < NEW_LANGUAGE_BELOW) {
        out.push_str(&format!(
            "**New language:** no precedent above {threshold}%: no adopted clause is {threshold}% similar or more."
        ));
        if let Some(b) = best {
            out.push_str(&format!(
                " The closest, {}%: {}.",
                b.percent,
                escape(&b.citation)
            ));
        }
        return out;
    }
    for (n, w) in wordings
        .iter()
        .filter(|w| w.hit.similarity >= NEW_LANGUAGE_BELOW)
        .enumerate()
    {
        let mut line = format!("{}% {}", w.percent, escape(&w.citation));
        if n == 0 {
            if let Some(f) = first {
                line.push_str(&format!("; first used in {}", escape(&f.symbol)));
            }
        }
        if let Some(m) = &w.hit.mission {
            line.push_str(&format!(" · {}", escape(m)));
        }
        if !w.same_wording_in.is_empty() {
            line.push_str(&format!(
                " (same wording in {} more)",
                w.same_wording_in.len()
            ));
        }
        if n == 0 {
            out.push_str(&format!("**{line}**\n\n"));
            out.push_str(&changes(&w.ops));
            out.push_str("\n\n");
        } else {
            out.push_str(&format!("{line}  \n"));
        }
    }
    out.push_str(
        "\n*Similarity as in `mandate-lint diff` (numbers, dates and mission names do not count); \
         [-…-] adopted wording your text lacks, {+…+} your wording the adopted text lacks.*",
    );
    out
}

/// The words that differ, with a few words of context, or "same wording".
fn changes(ops: &[WordOp]) -> String {
    if ops.iter().all(|op| matches!(op, WordOp::Same(_))) {
        return "Same wording as your paragraph.".to_string();
    }
    format!(
        "Changes: {}",
        escape(&align::render_word_diff_compact(ops, DIFF_CONTEXT))
    )
}

/// Markdown's special characters in plain text, escaped so that "[-x-]" and "*" show
/// as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Where completion offers precedents: the kind of clause that fits, what is typed so
/// far, where the inserted text starts, and what goes before it (a paragraph number).
#[derive(Debug, PartialEq, Eq)]
struct Spot {
    kind: ContextKind,
    typed: String,
    start: usize,
    prefix: String,
}

fn regex(
    cell: &'static std::sync::OnceLock<Option<Regex>>,
    pattern: &str,
) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// After a sub-paragraph label in a paragraph holding DSR tasks: a DSR task; after a
/// paragraph number: a request for reports when the paragraph is one, else a new
/// operative paragraph; on an empty or one-word line after the operative paragraphs
/// begin: a new operative paragraph, numbered.
fn spot(checked: &Checked, offset: usize, next_number: u32) -> Option<Spot> {
    static SUB: std::sync::OnceLock<Option<Regex>> = std::sync::OnceLock::new();
    static NUMBERED: std::sync::OnceLock<Option<Regex>> = std::sync::OnceLock::new();
    static BARE: std::sync::OnceLock<Option<Regex>> = std::sync::OnceLock::new();
    let doc = &checked.doc;
    let line_start = doc.lines.line_start(doc.lines.line_of(offset))?;
    let before = doc.text.get(line_start..offset)?;
    let typed_from = |m: Option<regex::Match<'_>>| {
        let typed = m.map_or("", |m| m.as_str());
        (typed.to_string(), offset - typed.len())
    };
    let clause = doc.clause_at(offset);
    let operative = clause
        .and_then(|i| doc.clauses.get(i))
        .is_some_and(|c| c.part == Part::Operative);
    if let Some(caps) = regex(&SUB, r"^\s*\((?:[a-z]{1,3})\)\s+(.*)$")?.captures(before) {
        let paragraph = clause.map(|i| doc.ancestors(i).last().unwrap_or(i))?;
        let mut family = vec![paragraph];
        family.extend(doc.descendants(paragraph));
        let holds_dsr = family
            .iter()
            .any(|&c| checked.analysis.clauses.get(c).is_some_and(|a| a.dsr_task));
        if !operative || !holds_dsr {
            return None;
        }
        let (typed, start) = typed_from(caps.get(1));
        return Some(Spot {
            kind: ContextKind::DsrTaskList,
            typed,
            start,
            prefix: String::new(),
        });
    }
    if let Some(caps) = regex(&NUMBERED, r"^\s*\d+\.\s+(.*)$")?.captures(before) {
        if !operative {
            return None;
        }
        let reporting = clause
            .and_then(|i| checked.analysis.clauses.get(i))
            .is_some_and(|a| {
                a.has(names::REPORTING)
                    && a.addressee
                        .as_ref()
                        .is_some_and(|ad| ad.kind == AddresseeKind::SecretaryGeneral)
            });
        let (typed, start) = typed_from(caps.get(1));
        return Some(Spot {
            kind: if reporting {
                ContextKind::Reporting
            } else {
                ContextKind::OperativeParagraph
            },
            typed,
            start,
            prefix: String::new(),
        });
    }
    let caps = regex(&BARE, r"^\s*([\p{L}’'-]*)$")?.captures(before)?;
    let after_first_operative = doc
        .operative()
        .next()
        .is_some_and(|(_, c)| c.span.start < offset);
    if !after_first_operative {
        return None;
    }
    let (typed, start) = typed_from(caps.get(1));
    Some(Spot {
        kind: ContextKind::OperativeParagraph,
        typed,
        start,
        prefix: format!("{next_number}. "),
    })
}

/// Adopted clauses that fit the cursor's context, adapted to the draft's mission and
/// cited, best first.
pub fn completion_items(
    index: &PrecedentIndex,
    checked: &Checked,
    pos: &Positions,
    offset: usize,
    next_number: u32,
) -> Vec<CompletionItem> {
    let Some(spot) = spot(checked, offset, next_number) else {
        return Vec::new();
    };
    let draft = DraftContext::from_checked(checked);
    let names = Names::draft(&draft);
    index
        .by_context(spot.kind, &spot.typed, &draft, COMPLETIONS)
        .into_iter()
        .enumerate()
        .map(|(rank, hit)| {
            let adapted = adapt::adapt(&hit.text, &Names::source(&hit), &names);
            item(&hit, &adapted, &spot, rank, pos, offset)
        })
        .collect()
}

fn item(
    hit: &Hit,
    adapted: &str,
    spot: &Spot,
    rank: usize,
    pos: &Positions,
    offset: usize,
) -> CompletionItem {
    let citation = hit.citation();
    let (mut label, more) = first_words(adapted, 8);
    if more {
        label.push('…');
    }
    let mut source = format!("Adopted in {}", escape(&citation));
    if let Some(d) = &hit.date {
        source.push_str(&format!(" on {d}"));
    }
    if let Some(m) = &hit.mission {
        source.push_str(&format!(" ({})", escape(m)));
    }
    source.push_str(": the mission's name, acronym and country are the draft's.");
    CompletionItem {
        label,
        label_details: Some(CompletionItemLabelDetails {
            detail: None,
            description: Some(citation.clone()),
        }),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some(format!("agreed language: {citation}")),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!("> {}\n\n{source}", escape(adapted)),
        })),
        // What is typed always matches: the server has ranked these for it.
        filter_text: Some(format!("{} {adapted}", spot.typed)),
        sort_text: Some(format!("2-{rank:02}")),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            pos.range(Span::new(spot.start, offset)),
            format!("{}{adapted}", spot.prefix),
        ))),
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::Engine;

    const ARCADIA: &str = "S/2034/101

The Security Council,

Reaffirming its strong commitment to the sovereignty, independence and territorial integrity of Arcadia,

1. Decides to establish the United Nations Assistance Mission in Arcadia (UNAMAR) until 31 March 2035;

2. Requests UNAMAR to support the Government of Arcadia in the reform of the defence sector and to carry out the following tasks:

(a) To advise the Ministry of Defence on a national defence policy;

(b) To support, through good offices and technical advice, the strengthening of civilian and parliamentary oversight of the Arcadian Armed Forces, including the defence committee of the National Assembly of Arcadia;

3. Requests UNAMAR to establish a veterinary service — “médecine équine” — for the cavalry horses of the Arcadian Armed Forces and to register every horse in a national stud book;

4. Decides to remain actively seized of the matter.
";

    fn engine() -> Engine {
        Engine::embedded().unwrap_or_else(|e| panic!("rules: {e}"))
    }

    #[test]
    fn hover_cites_the_nearest_precedents_and_since_when() {
        let engine = engine();
        let checked = check_with_precedents(&engine, ARCADIA);
        let at = ARCADIA.find("strengthening of civilian").unwrap_or(0);
        let (markdown, span) =
            hover_section(fixture_index(), &checked, at).unwrap_or_else(|| panic!("a section"));
        assert!(span.contains(at));
        assert!(markdown.contains("paragraph 2(b)"), "{markdown}");
        // The closest wording, with its similarity and citation, first use, and changes.
        let first_line = markdown.lines().nth(2).unwrap_or_default();
        assert!(
            Regex::new(
                r"^\*\*\d+% S/RES/3\d{3} \(20\d\d\) para 2\(\w\); first used in S/RES/3101 \(2031\)"
            )
            .is_ok_and(|r| r.is_match(first_line)),
            "{markdown}"
        );
        assert!(
            markdown.contains("\\[-Valdorian-\\] {+Arcadian+}"),
            "the words that differ: {markdown}"
        );
    }

    #[test]
    fn hover_says_new_language_below_sixty_percent() {
        let engine = engine();
        let checked = check_with_precedents(&engine, ARCADIA);
        let at = ARCADIA.find("veterinary").unwrap_or(0);
        let (markdown, _) =
            hover_section(fixture_index(), &checked, at).unwrap_or_else(|| panic!("a section"));
        assert!(
            markdown.contains("**New language:** no precedent above 60%"),
            "{markdown}"
        );
        // The preamble and short clauses get no section.
        let at = ARCADIA.find("Reaffirming").unwrap_or(0);
        assert!(hover_section(fixture_index(), &checked, at).is_none());
    }

    #[test]
    fn completion_in_a_dsr_task_list_offers_adapted_sub_items() {
        let engine = engine();
        let text = ARCADIA.replacen(
            "\n\n3. Requests UNAMAR to establish",
            "\n\n(c) To map the\n\n3. Requests UNAMAR to establish",
            1,
        );
        let checked = check_with_precedents(&engine, &text);
        let pos = positions(&checked);
        let at = text
            .find("(c) To map the")
            .map_or(0, |i| i + "(c) To map the".len());
        let items = completion_items(fixture_index(), &checked, &pos, at, 5);
        let first = items.first().unwrap_or_else(|| panic!("items"));
        let Some(CompletionTextEdit::Edit(edit)) = &first.text_edit else {
            panic!("an edit")
        };
        assert!(
            edit.new_text.starts_with("To map the support provided by international partners to defence sector reform in Arcadia"),
            "{}",
            edit.new_text
        );
        assert_eq!(
            first
                .label_details
                .as_ref()
                .and_then(|d| d.description.as_deref()),
            Some("S/RES/3150 (2032) para 2(d)")
        );
        // The edit replaces what was typed after the label.
        let applied = apply(&text, edit);
        assert!(
            applied.contains("\n(c) To map the support provided"),
            "{applied}"
        );
    }

    #[test]
    fn completion_after_a_number_and_on_a_bare_line() {
        let engine = engine();
        let text = ARCADIA.replacen(
            "4. Decides to remain",
            "4. Requests the Secretary-General to report\n\n5. Decides to remain",
            1,
        );
        let checked = check_with_precedents(&engine, &text);
        let at = text.find("to report").map_or(0, |i| i + "to report".len());
        assert_eq!(
            spot(&checked, at, 9).map(|s| (s.kind, s.typed)),
            Some((
                ContextKind::Reporting,
                "Requests the Secretary-General to report".to_string()
            ))
        );
        let items = completion_items(fixture_index(), &checked, &positions(&checked), at, 9);
        assert!(
            items.iter().any(|i| i
                .label
                .starts_with("Requests the Secretary-General to report")),
            "{:?}",
            items.iter().map(|i| &i.label).collect::<Vec<_>>()
        );
        let text = ARCADIA.replacen("\n\n4. Decides", "\n\nReq\n\n4. Decides", 1);
        let checked = check_with_precedents(&engine, &text);
        let at = text.find("\nReq\n").map_or(0, |i| i + 4);
        let s = spot(&checked, at, 4).unwrap_or_else(|| panic!("a spot"));
        assert_eq!(
            (s.kind, s.prefix.as_str()),
            (ContextKind::OperativeParagraph, "4. ")
        );
        // Nothing in the preamble.
        let at = text.find("Reaffirming").unwrap_or(0);
        assert!(spot(&checked, at, 1).is_none());
    }

    #[test]
    fn markdown_specials_are_escaped() {
        assert_eq!(
            escape("[-a-] {+b+} *c* é — “d”"),
            "\\[-a-\\] {+b+} \\*c\\* é — “d”"
        );
    }
}
