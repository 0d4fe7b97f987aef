//! The data type between the rules and the reporters (terminal, JSON, SARIF, LSP…).

use serde::{Deserialize, Serialize};
use smol_str::format_smolstr;

use crate::model::SmolStr;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint: shown in editors, never fails a build.
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "hint" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Text to insert to fix a finding (a quick fix in editors).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// What the fix does, for the menu ("Add a sub-paragraph on civilian oversight").
    pub title: SmolStr,
    /// The text to insert, ready to paste (numbering and trailing punctuation included).
    /// Shared on clone, as a finding's messages are: a finding kept from the last check
    /// is copied on every keystroke.
    pub text: SmolStr,
    /// Where to insert it: an empty span is an insertion, a non-empty one a replacement.
    pub span: Span,
}

/// Agreed language that fills the gap a finding reports: the closest adopted clause,
/// adapted to the draft's mission and placed like the rule's own suggestion (a second
/// quick fix: "Insert agreed language from S/RES/2149 (2014) para 30(f)(iii)").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrecedentFix {
    /// The text to insert and where, as for the rule's own suggestion.
    pub suggestion: Suggestion,
    /// "S/RES/2149 (2014) para 30(f)(iii)".
    pub citation: String,
    /// The clause as the Council adopted it (before the mission's names were replaced).
    pub adopted_text: String,
    /// Adoption date as written ("10 April 2014").
    pub date: Option<String>,
    /// The mission whose mandate the source resolution sets.
    pub mission: Option<String>,
}

/// A secondary location shown with the finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelatedSpan {
    pub span: Span,
    pub message: SmolStr,
    /// The clause the location is ("2(b)"), when it is one: the terminal names related
    /// clauses on one line ("DSR tasks: 2(a), 2(b), 3") instead of quoting each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause_ref: Option<SmolStr>,
}

/// One item of a finding that lists several (a missing 2151 tenet): suppressible on
/// its own as `CODE:id` (`DSR002:gender`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingItem {
    pub id: String,
    pub label: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable public code ("DSR006").
    pub code: SmolStr,
    /// Stable public name ("no-civilian-oversight").
    pub name: SmolStr,
    pub severity: Severity,
    /// What is missing or wrong, one line.
    pub message: SmolStr,
    /// What to write instead.
    pub help: Option<SmolStr>,
    /// The offending text (or, for something missing, the place it should go).
    pub span: Span,
    /// The clause the finding is about ("11(b)"), when there is one.
    pub clause_ref: Option<SmolStr>,
    pub related: Vec<RelatedSpan>,
    /// Extra lines ("covered: …; missing: …").
    pub notes: Vec<SmolStr>,
    pub suggestion: Option<Suggestion>,
    /// With a precedent index: the adopted clause that fills the same gap. Boxed: most
    /// findings have none, and a finding is moved several times on every check (about
    /// 430 on a long draft), so its size counts.
    pub precedent: Option<Box<PrecedentFix>>,
    /// The items this finding lists (DSR002: the missing tenets), each suppressible.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<FindingItem>,
    /// The message when several items join in one finding, `{items}` standing for
    /// their labels ("national ownership, inclusivity and gender-responsiveness").
    #[serde(skip)]
    pub merged_message: Option<SmolStr>,
}

impl Diagnostic {
    pub fn new(
        code: impl Into<SmolStr>,
        name: impl Into<SmolStr>,
        severity: Severity,
        message: String,
        span: Span,
    ) -> Self {
        Diagnostic {
            code: code.into(),
            name: name.into(),
            severity,
            message: message.into(),
            help: None,
            span,
            clause_ref: None,
            related: Vec::new(),
            notes: Vec::new(),
            suggestion: None,
            precedent: None,
            items: Vec::new(),
            merged_message: None,
        }
    }
}

/// "a", "a and b", "a, b and c".
pub fn join_labels(labels: &[&str]) -> String {
    match labels {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Joins the findings of one rule that each report one item (a rule run per item, as
/// DSR002 per 2151 tenet) into one finding listing them all: run after suppressions and
/// `ignore`, so each item stays suppressible on its own (`DSR002:gender`). The first
/// finding gives place, help and quick fix; the note lists every item with its id.
pub fn merge_items(diagnostics: &mut Vec<Diagnostic>) {
    // Where the first finding of each code with a merged message is: looked up only
    // for joinable findings (searching for every finding was quadratic in a long
    // draft). The findings stay where they are unless some join (moving every finding
    // of a long draft into a new list was a twentieth of a keystroke's check).
    let mut first_of: Vec<(SmolStr, usize)> = Vec::new();
    let mut joined: Vec<bool> = Vec::new();
    for i in 0..diagnostics.len() {
        let Some(d) = diagnostics.get(i) else { break };
        if d.merged_message.is_none() {
            continue;
        }
        let first = first_of
            .iter()
            .find(|(code, _)| *code == d.code)
            .map(|&(_, at)| at);
        match first {
            Some(at) if !d.items.is_empty() => {
                let items = diagnostics.get_mut(i).map(|d| std::mem::take(&mut d.items));
                if let (Some(first), Some(items)) = (diagnostics.get_mut(at), items) {
                    first.items.extend(items);
                }
                if joined.is_empty() {
                    joined = vec![false; diagnostics.len()];
                }
                if let Some(j) = joined.get_mut(i) {
                    *j = true;
                }
            }
            Some(_) => {}
            None => first_of.push((d.code.clone(), i)),
        }
    }
    if !joined.is_empty() {
        let mut i = 0;
        diagnostics.retain(|_| {
            i += 1;
            !joined.get(i - 1).copied().unwrap_or(false)
        });
    }
    for d in diagnostics.iter_mut() {
        let Some(template) = d.merged_message.take() else {
            continue;
        };
        if d.items.len() > 1 {
            let labels: Vec<&str> = d.items.iter().map(|i| i.label.as_str()).collect();
            d.message = template.replace("{items}", &join_labels(&labels)).into();
        }
        let listed: Vec<String> = d
            .items
            .iter()
            .map(|i| format!("{} ({}:{})", i.label, d.code, i.id))
            .collect();
        d.notes
            .insert(0, format_smolstr!("missing: {}", listed.join("; ")));
    }
}

#[cfg(test)]
mod tests {
    use super::{merge_items, Diagnostic, FindingItem, Severity};
    use crate::span::Span;

    fn finding(code: &str, at: usize, item: Option<&str>) -> Diagnostic {
        let mut d = Diagnostic::new(
            code,
            "a-rule",
            Severity::Warning,
            format!("{code} at {at}"),
            Span::new(at, at + 1),
        );
        if let Some(item) = item {
            d.merged_message = Some("No reference to {items}.".into());
            d.items.push(FindingItem {
                id: item.to_string(),
                label: item.replace('-', " "),
            });
        }
        d
    }

    /// The items of one code join its first finding, in order; the other findings stay
    /// where they were; a code's first finding without items still takes the others'.
    #[test]
    fn one_codes_items_join_its_first_finding() {
        let mut found = vec![
            finding("RES001", 0, None),
            finding("DSR002", 10, Some("national-ownership")),
            finding("DSR006", 20, None),
            finding("DSR002", 30, Some("gender")),
            finding("RES001", 40, None),
            finding("DSR002", 50, Some("inclusivity")),
        ];
        let mut empty_first = finding("DSR009", 60, Some("x"));
        empty_first.items.clear();
        found.push(empty_first);
        found.push(finding("DSR009", 70, Some("good-governance")));
        merge_items(&mut found);
        let read: Vec<(&str, usize, String)> = found
            .iter()
            .map(|d| (d.code.as_str(), d.span.start, d.message.to_string()))
            .collect();
        assert_eq!(
            read,
            [
                ("RES001", 0, "RES001 at 0".to_string()),
                (
                    "DSR002",
                    10,
                    "No reference to national ownership, gender and inclusivity.".to_string()
                ),
                ("DSR006", 20, "DSR006 at 20".to_string()),
                ("RES001", 40, "RES001 at 40".to_string()),
                ("DSR009", 60, "DSR009 at 60".to_string()),
            ]
        );
        assert_eq!(
            found
                .get(1)
                .and_then(|d| d.notes.first())
                .map(|n| n.as_str()),
            Some(
                "missing: national ownership (DSR002:national-ownership); gender \
                 (DSR002:gender); inclusivity (DSR002:inclusivity)"
            )
        );
        assert_eq!(
            found.get(4).map(|d| d.items.len()),
            Some(1),
            "the later item joins the first finding, which had none"
        );
        assert!(found.iter().all(|d| d.merged_message.is_none()));
    }
}
