//! What every check needs: the document, its analysis, scopes, lexicon look-ups that
//! prefer the analysis' coded fields, diagnostic building and quick-fix placement.

use std::collections::BTreeSet;

use super::spec::{LookIn, Placement, Scope};
use super::{Rule, RuleData};
use crate::analyse::{
    Actor, AddresseeKind, Analysis, Category, ClauseAnalysis, Engagement, Level, Lexicons,
};
use crate::diagnostic::{Diagnostic, RelatedSpan, Suggestion};
use crate::model::{Clause, Document, LabelKind, Part};
use crate::span::Span;
use crate::CheckOptions;

pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub analysis: &'a Analysis,
    pub opts: &'a CheckOptions<'a>,
    #[allow(dead_code)]
    pub lexicons: &'a Lexicons,
    pub data: &'a RuleData,
    empty: ClauseAnalysis,
    dsr: Vec<usize>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        doc: &'a Document,
        analysis: &'a Analysis,
        opts: &'a CheckOptions<'a>,
        lexicons: &'a Lexicons,
        data: &'a RuleData,
    ) -> Self {
        // A request that the Secretary-General report on defence reform is reporting,
        // not a task of support to the defence sector: the DSR rules judge it elsewhere.
        let dsr = (0..doc.clauses.len())
            .filter(|&i| {
                analysis.clauses.get(i).is_some_and(|c| {
                    c.dsr_task
                        && !(c.has("reporting-request")
                            && c.addressee
                                .as_ref()
                                .is_some_and(|a| a.kind == AddresseeKind::SecretaryGeneral))
                })
            })
            .collect();
        Ctx {
            doc,
            analysis,
            opts,
            lexicons,
            data,
            empty: ClauseAnalysis::default(),
            dsr,
        }
    }

    pub fn clause(&self, i: usize) -> Option<&'a Clause> {
        self.doc.clauses.get(i)
    }

    pub fn ca(&self, i: usize) -> &ClauseAnalysis {
        self.analysis.clauses.get(i).unwrap_or(&self.empty)
    }

    /// DSR task clauses, in document order.
    pub fn dsr_tasks(&self) -> &[usize] {
        &self.dsr
    }

    /// Whether clause `i` says what lexicon `name` stands for: the coded field when the
    /// analysis codes it, otherwise (or also) a hit of that lexicon.
    pub fn has(&self, i: usize, name: &str) -> bool {
        let ca = self.ca(i);
        if ca.has(name) {
            return true;
        }
        match name {
            "dsr-task" => ca.dsr_task,
            "political-engagement" => ca.engagement.contains(&Engagement::Political),
            "technical-engagement" => ca.engagement.contains(&Engagement::Technical),
            _ => {
                if let Some(slug) = name.strip_prefix("category-") {
                    Category::from_slug(slug).is_some_and(|c| ca.categories.contains(&c))
                } else if let Some(slug) = name.strip_prefix("level-") {
                    Level::from_slug(slug).is_some_and(|l| ca.levels.contains(&l))
                } else if let Some(slug) = name.strip_prefix("actor-") {
                    Actor::from_slug(slug).is_some_and(|a| ca.actors.contains(&a))
                } else {
                    false
                }
            }
        }
    }

    /// Whether a DSR task's sub-items include DSR tasks: such a lead-in is judged
    /// through its sub-items, not on its own.
    pub fn is_dsr_lead_in(&self, i: usize) -> bool {
        self.clause(i)
            .is_some_and(|c| c.children.iter().any(|ch| self.dsr.contains(ch)))
    }

    pub fn has_any(&self, i: usize, names: &[String]) -> bool {
        names.iter().any(|n| self.has(i, n))
    }

    /// Clause `i` with its lead-ins (ancestors), nearest first.
    pub fn with_ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        out.extend(self.doc.ancestors(i));
        out
    }

    pub fn descendants(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self
            .clause(i)
            .map(|c| c.children.iter().rev().copied().collect())
            .unwrap_or_default();
        while let Some(c) = stack.pop() {
            if out.len() > self.doc.clauses.len() {
                break; // a malformed tree must not loop
            }
            out.push(c);
            if let Some(cl) = self.clause(c) {
                stack.extend(cl.children.iter().rev().copied());
            }
        }
        out
    }

    /// Clauses to look in around clause `i`.
    pub fn around(&self, i: usize, look_in: LookIn) -> Vec<usize> {
        match look_in {
            LookIn::Clause => vec![i],
            LookIn::Ancestors => self.with_ancestors(i),
            LookIn::Family => {
                let mut v = self.with_ancestors(i);
                v.extend(self.descendants(i));
                v
            }
            LookIn::Operative => self.scope(Scope::Operative),
            LookIn::Document => (0..self.doc.clauses.len()).collect(),
        }
    }

    pub fn look_has_any(&self, i: usize, names: &[String], look_in: LookIn) -> bool {
        self.around(i, look_in)
            .into_iter()
            .any(|c| self.has_any(c, names))
    }

    /// Clauses in a scope, in document order.
    pub fn scope(&self, scope: Scope) -> Vec<usize> {
        let all = 0..self.doc.clauses.len();
        match scope {
            Scope::Operative => all
                .filter(|&i| self.part(i) == Some(Part::Operative))
                .collect(),
            Scope::Preambular => all
                .filter(|&i| self.part(i) == Some(Part::Preambular))
                .collect(),
            Scope::DsrTasks => self.dsr.clone(),
            Scope::DsrOrSsr => all
                .filter(|&i| {
                    let ca = self.ca(i);
                    self.part(i) == Some(Part::Operative)
                        && (ca.dsr_task || ca.ssr || ca.has("ssr"))
                })
                .collect(),
            Scope::DsrFamily => {
                let mut set = BTreeSet::new();
                for &i in &self.dsr {
                    set.extend(self.with_ancestors(i));
                    set.extend(self.descendants(i));
                }
                set.into_iter().collect()
            }
            Scope::All => all.collect(),
        }
    }

    fn part(&self, i: usize) -> Option<Part> {
        self.clause(i).map(|c| c.part)
    }

    /// The opening words of a clause: label and first line, at most ~90 bytes, so an
    /// editor underlines something readable rather than a whole paragraph.
    pub fn head_span(&self, i: usize) -> Span {
        let Some(c) = self.clause(i) else {
            return Span::empty(0);
        };
        let text = &self.doc.text;
        let start = c.span.start;
        let mut end = c.span.end.min(text.len());
        if let Some(rest) = text.get(start..end) {
            if let Some(nl) = rest.find(['\n', '\r']) {
                end = start + nl;
            }
        }
        if end - start > 90 {
            let mut cut = start + 90;
            while cut > start && !text.is_char_boundary(cut) {
                cut -= 1;
            }
            // End on a word boundary when there is one.
            if let Some(sp) = text.get(start..cut).and_then(|s| s.rfind(' ')) {
                if sp > 20 {
                    cut = start + sp;
                }
            }
            end = cut;
        }
        Span::new(start, end.max(start))
    }

    /// The verb of a clause when written in it, else the opening words.
    pub fn verb_or_head(&self, i: usize) -> Span {
        match self.ca(i).verb.as_ref() {
            Some(v) if !v.inherited && self.clause(i).is_some_and(|c| c.span.covers(v.span)) => {
                v.span
            }
            _ => self.head_span(i),
        }
    }

    /// A diagnostic for `rule` with its help text and the clause reference filled in.
    pub fn diag(
        &self,
        rule: &Rule,
        span: Span,
        clause: Option<usize>,
        message: String,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(&rule.code, &rule.name, rule.severity, message, span);
        d.help = Some(self.fill(&rule.help));
        d.clause_ref = clause
            .and_then(|i| self.clause(i))
            .map(|c| c.reference.clone());
        d
    }

    /// A document-level finding (something missing): on the first DSR task, the other
    /// DSR tasks as related locations. Without DSR tasks, on the first operative paragraph.
    pub fn missing(&self, rule: &Rule, message: String, anchors: &[usize]) -> Diagnostic {
        let anchors: Vec<usize> = if anchors.is_empty() {
            self.doc
                .operative_paragraphs()
                .map(|(i, _)| i)
                .take(1)
                .collect()
        } else {
            anchors.to_vec()
        };
        let primary = anchors.first().copied();
        let span = match primary {
            Some(i) => self.head_span(i),
            None => self.doc.council_line.unwrap_or(Span::empty(0)),
        };
        let mut d = self.diag(rule, span, primary, message);
        for &i in anchors.iter().skip(1).take(12) {
            if let Some(c) = self.clause(i) {
                d.related.push(RelatedSpan {
                    span: self.head_span(i),
                    message: format!("DSR task in paragraph {}", c.reference),
                });
            }
        }
        d
    }

    /// `{mission}` → the mission's acronym (or "the mission").
    pub fn fill(&self, template: &str) -> String {
        let mission = self.analysis.mission.as_deref().unwrap_or("the mission");
        template.replace("{mission}", mission)
    }

    /// Builds the quick fix of `rule`, with `text` overriding the rule's wording.
    pub fn suggestion(
        &self,
        rule: &Rule,
        text: Option<&str>,
    ) -> Option<(Suggestion, Option<String>)> {
        let spec = rule.suggestion.as_ref()?;
        let body = self.fill(text.unwrap_or(&spec.text));
        if spec.place == Placement::DsrSubitem {
            if let Some(s) = self.subitem_fix(&spec.title, &body) {
                return Some(s);
            }
        }
        let para = match (&spec.paragraph_text, spec.place) {
            (Some(p), _) => self.fill(p),
            (None, Placement::OperativeParagraph) => body,
            (None, Placement::DsrSubitem) => return None,
        };
        self.paragraph_fix(&spec.title, &para)
    }

    /// A new sub-paragraph after the last sibling of the DSR tasks, labelled with the
    /// next label in the siblings' style, ending with their punctuation.
    fn subitem_fix(&self, title: &str, body: &str) -> Option<(Suggestion, Option<String>)> {
        let first = *self.dsr.first()?;
        let task = self.clause(first)?;
        let container = match task.parent {
            Some(p) => p,
            None if !task.children.is_empty() => first,
            None => return None,
        };
        let siblings = &self.clause(container)?.children;
        let last_idx = *siblings.last()?;
        let last = self.clause(last_idx)?;
        let label = last.label.as_ref()?;
        let next = next_label(label.kind, label.value, &label.text)?;
        let text = &self.doc.text;
        let line_start = text
            .get(..last.span.start)?
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let indent: String = text
            .get(line_start..last.span.start)?
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let blank = siblings
            .iter()
            .rev()
            .nth(1)
            .and_then(|&p| self.clause(p))
            .and_then(|prev| text.get(prev.span.end..last.span.start))
            .is_some_and(|gap| gap.matches('\n').count() >= 2);
        let own = self.own_text(last_idx);
        let trimmed = own.trim_end();
        let ending = trimmed
            .chars()
            .last()
            .filter(|c| matches!(c, ';' | ',' | '.'));
        let mut note = None;
        let terminator = match ending {
            Some('.') => {
                note = Some(format!(
                    "change the full stop ending {} to a semicolon",
                    last.reference
                ));
                '.'
            }
            Some(c) => c,
            None => ';',
        };
        let sep = if blank {
            format!("{eol}{eol}")
        } else {
            eol.to_string()
        };
        let body = strip_terminal(body);
        let insert = format!("{sep}{indent}{next} {body}{terminator}");
        Some((
            Suggestion {
                title: title.to_string(),
                text: insert,
                span: Span::empty(last.span.end),
            },
            note,
        ))
    }

    /// A new operative paragraph before the "remains seized" clause (or at the end).
    fn paragraph_fix(&self, title: &str, body: &str) -> Option<(Suggestion, Option<String>)> {
        let paras: Vec<usize> = self.doc.numbered_paragraphs().map(|(i, _)| i).collect();
        let last = *paras.last()?;
        let last_clause = self.clause(last)?;
        let body = strip_terminal(body);
        let text = &self.doc.text;
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let seized = self.own_text(last).to_lowercase().contains("seized");
        let number = last_clause.label.as_ref()?.value;
        if seized {
            let line_start = text
                .get(..last_clause.span.start)?
                .rfind('\n')
                .map_or(0, |p| p + 1);
            let indent: String = text
                .get(line_start..last_clause.span.start)?
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            let insert = format!("{number}. {body};{eol}{eol}{indent}");
            Some((
                Suggestion {
                    title: title.to_string(),
                    text: insert,
                    span: Span::empty(last_clause.span.start),
                },
                Some(format!(
                    "the new paragraph takes number {number}: renumber paragraph {number} and those after it"
                )),
            ))
        } else {
            let end = self
                .descendants(last)
                .last()
                .and_then(|&d| self.clause(d))
                .map_or(last_clause.span.end, |c| {
                    c.span.end.max(last_clause.span.end)
                });
            let insert = format!("{eol}{eol}{}. {body}.", number + 1);
            let ends_with_stop = self
                .descendants(last)
                .last()
                .map_or(self.own_text(last), |&d| self.own_text(d))
                .trim_end()
                .ends_with('.');
            Some((
                Suggestion {
                    title: title.to_string(),
                    text: insert,
                    span: Span::empty(end),
                },
                ends_with_stop.then(|| {
                    format!("the full stop ending paragraph {number} becomes a semicolon")
                }),
            ))
        }
    }

    /// The clause's own text in the original (lead-in only when sub-items follow),
    /// trailing page furniture cut off.
    pub fn own_text(&self, i: usize) -> &'a str {
        let Some(c) = self.clause(i) else { return "" };
        let mut end = c.body.end.max(c.body.start);
        if let Some(first_child) = c.children.first().and_then(|&ch| self.clause(ch)) {
            if first_child.span.start > c.body.start {
                end = end.min(first_child.span.start);
            }
        }
        // Cut furniture lying at the end (a page header between lead-in and sub-items).
        loop {
            let text = self.doc.text.get(c.body.start..end).unwrap_or("");
            let trimmed_end = c.body.start + text.trim_end().len();
            match self
                .doc
                .furniture
                .iter()
                .find(|f| f.start >= c.body.start && f.start < trimmed_end && f.end >= trimmed_end)
            {
                Some(f) => end = f.start,
                None => {
                    end = trimmed_end;
                    break;
                }
            }
        }
        self.doc.text.get(c.body.start..end).unwrap_or("")
    }

    /// The clause's own text with furniture removed and lines folded (analysis text),
    /// cut before the first sub-item if the parser kept sub-items in it.
    pub fn own_norm(&self, i: usize) -> &'a str {
        let Some(c) = self.clause(i) else { return "" };
        let norm = &c.norm.text;
        if let Some(first_child) = c.children.first().and_then(|&ch| self.clause(ch)) {
            if let Some(pos) = (0..norm.len())
                .filter(|&p| norm.is_char_boundary(p))
                .find(|&p| c.norm.to_original(p) >= first_child.span.start)
            {
                return norm.get(..pos).unwrap_or(norm);
            }
        }
        norm
    }
}

/// Removes a trailing ";", "," or "." from a suggestion body (the engine adds the
/// punctuation the position needs).
fn strip_terminal(body: &str) -> &str {
    body.trim_end().trim_end_matches([';', ',', '.']).trim_end()
}

/// The label after `value` in the style `kind`: "(h)", "(iv)", "h.", "iv.", "–".
pub(crate) fn next_label(kind: LabelKind, value: u32, text: &str) -> Option<String> {
    let n = value + 1;
    Some(match kind {
        LabelKind::Number => format!("{n}."),
        LabelKind::ParenLetter => format!("({})", letter(n, text)?),
        LabelKind::ParenRoman => format!("({})", roman(n)),
        LabelKind::DotLetter => format!("{}.", letter(n, text)?),
        LabelKind::DotRoman => format!("{}.", roman(n)),
        LabelKind::Dash => text
            .chars()
            .next()
            .map_or("–".to_string(), |c| c.to_string()),
    })
}

fn letter(n: u32, like: &str) -> Option<String> {
    if n == 0 || n > 26 {
        return None;
    }
    let c = char::from(b'a' + (n - 1) as u8);
    Some(if like.chars().next().is_some_and(char::is_uppercase) {
        c.to_ascii_uppercase().to_string()
    } else {
        c.to_string()
    })
}

pub(crate) fn roman(n: u32) -> String {
    crate::parse::to_roman(n).unwrap_or_else(|| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_labels_follow_the_sibling_style() {
        assert_eq!(
            next_label(LabelKind::ParenLetter, 7, "g").as_deref(),
            Some("(h)")
        );
        assert_eq!(
            next_label(LabelKind::ParenRoman, 3, "iii").as_deref(),
            Some("(iv)")
        );
        assert_eq!(
            next_label(LabelKind::DotLetter, 1, "a").as_deref(),
            Some("b.")
        );
        assert_eq!(next_label(LabelKind::ParenLetter, 26, "z"), None);
        assert_eq!(roman(19), "xix");
    }

    #[test]
    fn suggestion_bodies_lose_their_final_punctuation() {
        assert_eq!(strip_terminal("To support the MoD;"), "To support the MoD");
        assert_eq!(strip_terminal("To support. "), "To support");
    }
}
