//! Quick fixes for "something is missing" findings: where a suggested clause goes (a
//! new sub-paragraph among the DSR tasks, or a new operative paragraph before the
//! closing one), with the label, indentation and punctuation of its neighbours; and,
//! with a precedent index, the adopted clause that fills the same gap, placed the same
//! way.

use super::ctx::Ctx;
use super::spec::Placement;
use super::Rule;
use crate::diagnostic::{Diagnostic, PrecedentFix, Suggestion};
use crate::model::{LabelKind, SmolStr};
use crate::precedent::Gap;
use crate::span::Span;

impl Ctx<'_> {
    /// Attaches `rule`'s quick fix (with `text` overriding its wording) and its note,
    /// and, given a precedent index, the agreed language that fills the gap (`item`:
    /// the `each-required` item, e.g. DSR002's tenet).
    pub fn attach_fix(
        &self,
        rule: &Rule,
        d: &mut Diagnostic,
        text: Option<&str>,
        item: Option<&str>,
    ) {
        let Some((s, note)) = self.suggestion(rule, text) else {
            return;
        };
        d.suggestion = Some(s);
        d.notes.extend(note.map(SmolStr::from));
        d.precedent = self.precedent_fix(rule, item);
    }

    /// The adopted clause that fills the gap `rule` reports, adapted to the draft and
    /// placed like the rule's own suggestion: a sub-paragraph of the DSR tasks when
    /// it is one (or, without a list to extend, "Requests {mission} to …" from its
    /// "To …"), an operative paragraph when it is one.
    fn precedent_fix(&self, rule: &Rule, item: Option<&str>) -> Option<Box<PrecedentFix>> {
        let index = self.precedents?;
        let spec = rule.suggestion.as_ref()?;
        let gap = Gap::for_rule(&rule.code, item)?;
        let fill = index.fill_gap(gap, self.draft_context())?;
        let placed = if fill.hit.depth == 0 {
            self.paragraph_fix(&fill.title, &fill.text)
        } else if spec.place == Placement::DsrSubitem {
            self.subitem_fix(&fill.title, &fill.text).or_else(|| {
                let rest = fill.text.strip_prefix("To ")?;
                let lead_in = self.fill("Requests {mission} to ");
                self.paragraph_fix(&fill.title, &format!("{lead_in}{rest}"))
            })
        } else {
            // A sub-paragraph where the rule adds a paragraph of its own (a request for
            // reports): its meaning leans on a lead-in the draft does not have.
            None
        };
        let (suggestion, _) = placed?;
        Some(Box::new(PrecedentFix {
            suggestion,
            citation: fill.citation,
            adopted_text: fill.hit.text,
            date: fill.hit.date,
            mission: fill.hit.mission,
        }))
    }

    /// The line ending the draft uses.
    pub fn eol(&self) -> &'static str {
        self.eol.get_or_init(|| {
            if self.doc.lines.has_crlf() {
                "\r\n"
            } else {
                "\n"
            }
        })
    }

    /// The white space between the start of the line and `offset`, where that line's
    /// text starts.
    fn indent_at(&self, offset: usize) -> Option<String> {
        let text = &self.doc.text;
        let line_start =
            memchr::memrchr(b'\n', text.get(..offset)?.as_bytes()).map_or(0, |p| p + 1);
        Some(
            text.get(line_start..offset)?
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect(),
        )
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
        let container = self.dsr_list()?;
        let siblings = &self.clause(container)?.children;
        let last_idx = *siblings.last()?;
        let last = self.clause(last_idx)?;
        let label = last.label.as_ref()?;
        let next = next_label(label.kind, label.value, &label.text)?;
        let text = &self.doc.text;
        let indent = self.indent_at(last.span.start)?;
        let eol = self.eol();
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
                title: title.into(),
                text: insert.into(),
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
        let eol = self.eol();
        let seized = self.own_text(last).to_lowercase().contains("seized");
        let number = last_clause.label.as_ref()?.value;
        if seized {
            let indent = self.indent_at(last_clause.span.start)?;
            let insert = format!("{number}. {body};{eol}{eol}{indent}");
            Some((
                Suggestion {
                    title: title.into(),
                    text: insert.into(),
                    span: Span::empty(last_clause.span.start),
                },
                Some(format!(
                    "the new paragraph takes number {number}: renumber paragraph {number} and those after it"
                )),
            ))
        } else {
            let end = self
                .doc
                .descendants(last)
                .last()
                .and_then(|&d| self.clause(d))
                .map_or(last_clause.span.end, |c| {
                    c.span.end.max(last_clause.span.end)
                });
            let insert = format!("{eol}{eol}{}. {body}.", number + 1);
            let ends_with_stop = self
                .doc
                .descendants(last)
                .last()
                .map_or(self.own_text(last), |&d| self.own_text(d))
                .trim_end()
                .ends_with('.');
            Some((
                Suggestion {
                    title: title.into(),
                    text: insert.into(),
                    span: Span::empty(end),
                },
                ends_with_stop.then(|| {
                    format!("the full stop ending paragraph {number} becomes a semicolon")
                }),
            ))
        }
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
