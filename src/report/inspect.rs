//! `mandate-lint inspect`: the parsed and analysed document as JSON (a public
//! interface, documented in the README; fields are only added within a version).

use serde::Serialize;

use crate::analyse::{Analysis, ClauseAnalysis, Rooted, Task};
use crate::model::{Clause, Document};
use crate::span::Span;
use crate::text::single_spaced;

pub const INSPECT_VERSION: u32 = 1;

/// Longest clause excerpt, in characters.
const EXCERPT_CHARS: usize = 160;

#[derive(Serialize)]
struct SpanJson {
    start: usize,
    end: usize,
    /// 1-based line of `start`.
    line: usize,
}

#[derive(Serialize)]
struct AddresseeJson<'a> {
    kind: &'a crate::analyse::AddresseeKind,
    name: &'a str,
}

#[derive(Serialize)]
struct ClauseJson<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    part: &'static str,
    depth: u8,
    label: Option<&'a str>,
    verb: Option<&'a str>,
    verb_inherited: bool,
    force: Option<u8>,
    addressee: Option<AddresseeJson<'a>>,
    dsr_task: bool,
    /// "explicit", "implicit" or null (docs/coding-guide.md).
    dsr: Option<&'static str>,
    ssr: bool,
    categories: Vec<&'static str>,
    engagement: Vec<&'static str>,
    levels: Vec<&'static str>,
    actors: Vec<&'static str>,
    /// The clause's DSR tasks, each coded from its own words.
    tasks: Vec<TaskJson>,
    span: SpanJson,
    text: String,
}

#[derive(Serialize)]
struct TaskJson {
    span: SpanJson,
    text: String,
    dsr: &'static str,
    modality: &'static str,
    un_role: &'static str,
    categories: Vec<&'static str>,
    engagement: Vec<&'static str>,
    levels: Vec<&'static str>,
    actors: Vec<&'static str>,
}

#[derive(Serialize)]
struct InspectJson<'a> {
    version: u32,
    path: &'a str,
    format: crate::model::SourceFormat,
    symbol: Option<&'a str>,
    number: Option<u32>,
    year: Option<u32>,
    date: Option<&'a str>,
    meeting: Option<u32>,
    draft: bool,
    mission: Option<&'a str>,
    chapter_vii: bool,
    /// The draft sets or changes a UN mandate; DSR rules speak only then.
    sets_mandate: bool,
    dsr_tasks: usize,
    clauses: Vec<ClauseJson<'a>>,
    issues: Vec<String>,
}

/// The first characters of the clause's normalised text, cut on a word boundary.
fn excerpt(clause: &Clause) -> String {
    let text = clause.norm.text.trim();
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > EXCERPT_CHARS / 2 => cut.get(..at).unwrap_or(&cut).to_string(),
        _ => cut,
    };
    format!("{cut}…")
}

fn clause_json<'a>(
    doc: &'a Document,
    (i, clause): (usize, &'a Clause),
    a: Option<&'a ClauseAnalysis>,
) -> ClauseJson<'a> {
    let verb = a.and_then(|a| a.verb.as_ref());
    ClauseJson {
        reference: &clause.reference,
        part: clause.part.as_str(),
        depth: clause.depth,
        label: clause.label.as_ref().map(|l| l.text.as_str()),
        verb: verb.map(|v| &*v.lemma),
        verb_inherited: verb.is_some_and(|v| v.inherited),
        force: verb.map(|v| v.force),
        addressee: a
            .and_then(|a| a.addressee.as_ref())
            .map(|ad| AddresseeJson {
                kind: &ad.kind,
                name: &ad.name,
            }),
        dsr_task: a.is_some_and(|a| a.dsr_task),
        dsr: a.and_then(|a| a.dsr).map(|d| d.slug()),
        ssr: a.is_some_and(|a| a.ssr),
        categories: a
            .map(|a| a.categories.iter().map(|c| c.slug()).collect())
            .unwrap_or_default(),
        engagement: a
            .map(|a| a.engagement.iter().map(|c| c.slug()).collect())
            .unwrap_or_default(),
        levels: a
            .map(|a| a.levels.iter().map(|c| c.slug()).collect())
            .unwrap_or_default(),
        actors: a
            .map(|a| a.actors.iter().map(|c| c.slug()).collect())
            .unwrap_or_default(),
        tasks: a
            .map(|a| {
                a.tasks
                    .iter()
                    .map(|t| task_json(doc, t, t.place(doc, i)))
                    .collect()
            })
            .unwrap_or_default(),
        span: SpanJson {
            start: clause.span.start,
            end: clause.span.end,
            line: doc.line_number(clause.span.start),
        },
        text: excerpt(clause),
    }
}

fn task_json(doc: &Document, t: &Task, span: Span) -> TaskJson {
    TaskJson {
        span: SpanJson {
            start: span.start,
            end: span.end,
            line: doc.line_number(span.start),
        },
        text: single_spaced(doc.text.get(span.start..span.end).unwrap_or("")),
        dsr: t.scope.slug(),
        modality: t.modality.slug(),
        un_role: t.un_role.slug(),
        categories: t.categories.iter().map(|c| c.slug()).collect(),
        engagement: t.engagement.iter().map(|c| c.slug()).collect(),
        levels: t.levels.iter().map(|c| c.slug()).collect(),
        actors: t.actors.iter().map(|c| c.slug()).collect(),
    }
}

/// The inspect JSON of one document (pretty-printed, with a trailing newline).
pub fn render(path: &str, doc: &Document, analysis: &Analysis) -> String {
    let m = &doc.masthead;
    let json = InspectJson {
        version: INSPECT_VERSION,
        path,
        format: doc.format,
        symbol: m.symbol.as_deref(),
        number: m.number,
        year: m.year,
        date: m.date.as_deref(),
        meeting: m.meeting,
        draft: m.draft,
        mission: analysis.mission.as_deref(),
        chapter_vii: doc.chapter_vii.is_some(),
        sets_mandate: analysis.sets_mandate,
        dsr_tasks: analysis.clauses.iter().filter(|c| c.dsr_task).count(),
        clauses: doc
            .clauses
            .iter()
            .enumerate()
            .map(|(i, c)| clause_json(doc, (i, c), analysis.clauses.get(i).map(|a| &**a)))
            .collect(),
        issues: doc
            .issues
            .iter()
            .map(|i| format!("line {}: {}", doc.line_number(i.span.start), i.message))
            .collect(),
    };
    let mut s =
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
