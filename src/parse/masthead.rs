//! The masthead (symbol, title, adoption line) and the enacting formula "The Security
//! Council,", read before the body.

use super::cues::ParseCues;
use super::lines::{self, LabelStyle};
use super::shapes::first_word;
use super::{Line, LineKind};
use crate::model::{Document, Masthead, ParseIssue};
use crate::span::Span;

/// Reads the masthead (symbol, title, adoption line) and the enacting formula.
/// Returns the index of the first line of the body.
pub(super) fn masthead(text: &str, lines: &[Line], doc: &mut Document, cues: &ParseCues) -> usize {
    // Where does the body start? At "The Security Council," if it is there (within the
    // first lines), else at the first line that looks like a paragraph.
    let mut council: Option<(usize, usize)> = None;
    for (i, line) in lines.iter().enumerate().take(200) {
        if line.kind != LineKind::Content && !matches!(line.kind, LineKind::MdHeading(_)) {
            continue;
        }
        let s = line.content.slice(text);
        let s = md_heading_text(s, line.kind);
        if let Some(len) = lines::council_formula(s) {
            council = Some((i, len + (line.content.slice(text).len() - s.len())));
            break;
        }
        if lines::label(s).is_some_and(|l| l.style == LabelStyle::Number) {
            break;
        }
    }
    let body_start = match council {
        Some((i, _)) => i,
        None => lines
            .iter()
            .position(|l| {
                l.kind == LineKind::Content && {
                    let s = l.content.slice(text);
                    // "Adopted by the Security Council on …" opens like a participle but
                    // is the masthead (S/RES/2573 (2021) has no enacting formula).
                    lines::adoption_line(s).is_none()
                        && (lines::label(s).is_some_and(|lab| lab.style == LabelStyle::Number)
                            || cues.opener_like(first_word(s)))
                }
            })
            .unwrap_or(lines.len()),
    };
    let mut m = Masthead::default();
    let mut i = 0;
    while i < body_start {
        let Some(line) = lines.get(i) else { break };
        i += 1;
        if !matches!(
            line.kind,
            LineKind::Content | LineKind::MdHeading(_) | LineKind::Furniture
        ) {
            continue;
        }
        let s = md_heading_text(line.content.slice(text), line.kind)
            .trim_matches(|c| c == '*' || c == '_');
        if let Some((n, y)) = lines::resolution_symbol(s) {
            m.symbol = Some(format!("S/RES/{n} ({y})"));
            m.symbol_span = Some(line.content);
            m.number.get_or_insert(n);
            m.year.get_or_insert(y);
        } else if let Some(sym) = lines::draft_symbol(s) {
            m.symbol = Some(sym.to_string());
            m.symbol_span = Some(line.content);
            m.draft = true;
        } else if let Some((n, y)) = lines::resolution_title(s) {
            if n.is_none() {
                m.draft = true;
            }
            // The document symbol, when present, is authoritative: titles carry typos
            // such as "Resolution 1812 (208)". Years before the Council existed are noise.
            if let Some(n) = n {
                m.number.get_or_insert(n);
            }
            if let Some(y) = y.filter(|y| (1946..=2200).contains(y)) {
                m.year.get_or_insert(y);
            }
        } else if let Some((meeting, date)) = lines::adoption_line(s) {
            m.adopted = true;
            m.meeting = meeting;
            m.date = date.or_else(|| {
                // The date often wraps onto the next line.
                lines
                    .get(i)
                    .filter(|l| l.kind == LineKind::Content)
                    .map(|l| {
                        l.content
                            .slice(text)
                            .trim()
                            .trim_end_matches('.')
                            .to_string()
                    })
            });
        } else if s.to_ascii_lowercase().contains("draft resolution") {
            m.draft = true;
        }
    }
    if !m.adopted {
        m.draft = true;
    }
    doc.masthead = m;
    match council {
        Some((i, len)) => {
            if let Some(line) = lines.get(i) {
                let span = Span::new(
                    line.content.start,
                    (line.content.start + len).min(line.content.end),
                );
                doc.council_line = Some(span);
            }
            i
        }
        None => {
            doc.issues.push(ParseIssue {
                span: lines
                    .get(body_start)
                    .map(|l| Span::empty(l.content.start))
                    .unwrap_or_default(),
                message: "no enacting formula \u{201c}The Security Council,\u{201d} was found; the text is read as preamble and operative part without it".into(),
            });
            body_start
        }
    }
}

fn md_heading_text(s: &str, kind: LineKind) -> &str {
    match kind {
        LineKind::MdHeading(prefix) => s.get(prefix..).unwrap_or(""),
        _ => s,
    }
}
