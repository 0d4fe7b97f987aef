//! What the server knows beyond the rules: known references (for hover) and the clause
//! bank (for completion), both embedded from `rules/references.toml` and
//! `rules/clauses/*.toml`.

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::span::Span;

/// A citation the server can explain on hover.
#[derive(Debug)]
pub struct Reference {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub why: Option<String>,
    pattern: Regex,
}

/// A clause the drafter can insert from the completion menu.
#[derive(Clone, Debug, Deserialize)]
pub struct BankClause {
    pub id: String,
    pub label: String,
    pub description: String,
    #[serde(default = "operative")]
    pub part: String,
    #[serde(default)]
    pub addresses: Vec<String>,
    pub text: String,
}

fn operative() -> String {
    "operative".to_string()
}

impl BankClause {
    /// The clause text with `{mission}` filled in.
    pub fn render(&self, mission: Option<&str>) -> String {
        self.text
            .replace("{mission}", mission.unwrap_or("the Mission"))
    }

    pub fn is_preambular(&self) -> bool {
        self.part == "preambular"
    }
}

#[derive(Deserialize)]
struct RawReference {
    id: String,
    title: String,
    pattern: String,
    summary: String,
    why: Option<String>,
}

#[derive(Deserialize)]
struct ReferenceFile {
    #[serde(default)]
    reference: Vec<RawReference>,
}

#[derive(Deserialize)]
struct ClauseFile {
    #[serde(default)]
    clause: Vec<BankClause>,
}

/// References and clause bank, loaded once.
#[derive(Debug, Default)]
pub struct Knowledge {
    pub references: Vec<Reference>,
    pub clauses: Vec<BankClause>,
}

impl Knowledge {
    /// Loads from `(path relative to rules/, contents)` pairs, taking only
    /// `references.toml` and `clauses/**`. Errors name the file.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Knowledge, String> {
        let mut k = Knowledge::default();
        for (path, contents) in files {
            if path == "references.toml" {
                let file: ReferenceFile =
                    toml::from_str(contents).map_err(|e| format!("rules/{path}: {e}"))?;
                for raw in file.reference {
                    let pattern = RegexBuilder::new(&raw.pattern)
                        .case_insensitive(true)
                        .build()
                        .map_err(|e| format!("rules/{path}: reference {}: {e}", raw.id))?;
                    k.references.push(Reference {
                        id: raw.id,
                        title: raw.title,
                        summary: raw.summary.trim().to_string(),
                        why: raw.why.map(|w| w.trim().to_string()),
                        pattern,
                    });
                }
            } else if path.starts_with("clauses/") {
                let file: ClauseFile =
                    toml::from_str(contents).map_err(|e| format!("rules/{path}: {e}"))?;
                k.clauses.extend(file.clause);
            }
        }
        Ok(k)
    }

    /// The embedded references and clause bank.
    pub fn embedded() -> Result<Knowledge, String> {
        Knowledge::from_files(crate::embedded::EMBEDDED_RULE_FILES.iter().copied())
    }

    /// The known reference whose citation covers `offset` in `text`, with its span.
    /// Searches only the neighbourhood of the offset, so hover stays cheap on long drafts.
    pub fn reference_at(&self, text: &str, offset: usize) -> Option<(&Reference, Span)> {
        const WINDOW: usize = 200;
        let mut start = offset.saturating_sub(WINDOW);
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (offset + WINDOW).min(text.len());
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        let window = text.get(start..end)?;
        for reference in &self.references {
            for m in reference.pattern.find_iter(window) {
                let span = Span::new(start + m.start(), start + m.end());
                if span.start <= offset && offset < span.end.max(span.start + 1) {
                    return Some((reference, span));
                }
            }
        }
        None
    }
}

impl Reference {
    /// Hover markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!("**{}**\n\n{}", self.title, self.summary);
        if let Some(why) = &self.why {
            out.push_str("\n\n*Why it matters:* ");
            out.push_str(why);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_knowledge_loads() {
        let k = Knowledge::embedded().unwrap_or_default();
        assert!(k.references.iter().any(|r| r.id == "res-2151-2014"));
        assert!(k.clauses.len() >= 6, "clause bank has {}", k.clauses.len());
        assert!(k
            .clauses
            .iter()
            .any(|c| c.id == "civilian-oversight-legislature"));
    }

    #[test]
    fn reference_found_across_line_break_and_case() {
        let k = Knowledge::embedded().unwrap_or_default();
        let text = "8. Recalls its Resolution\n2151 (2014) and resolution 2553 (2020);";
        let at = text.find("2151").unwrap_or(0);
        let (r, span) = k
            .reference_at(text, at)
            .map(|(r, s)| (r.id.clone(), s))
            .unwrap_or_default();
        assert_eq!(r, "res-2151-2014");
        assert_eq!(span.slice(text), "Resolution\n2151 (2014)");
        let at = text.find("2553").unwrap_or(0);
        assert_eq!(
            k.reference_at(text, at).map(|(r, _)| r.id.as_str()),
            Some("res-2553-2020")
        );
        assert!(k.reference_at(text, 1).is_none());
    }

    #[test]
    fn chapter_vi_does_not_match_chapter_vii() {
        let k = Knowledge::embedded().unwrap_or_default();
        let text = "Acting under Chapter VII of the Charter";
        let at = text.find("VII").unwrap_or(0);
        assert_eq!(
            k.reference_at(text, at).map(|(r, _)| r.id.as_str()),
            Some("charter-chapter-vii")
        );
    }

    #[test]
    fn bad_pattern_names_the_file() {
        let err = Knowledge::from_files([(
            "references.toml",
            "[[reference]]\nid='x'\ntitle='t'\npattern='('\nsummary='s'\n",
        )])
        .err()
        .unwrap_or_default();
        assert!(
            err.starts_with("rules/references.toml: reference x"),
            "{err}"
        );
    }

    #[test]
    fn mission_is_filled_in() {
        let k = Knowledge::embedded().unwrap_or_default();
        let c = k.clauses.iter().find(|c| c.text.contains("{mission}"));
        let rendered = c.map(|c| c.render(Some("MINUSCA"))).unwrap_or_default();
        assert!(rendered.contains("MINUSCA") && !rendered.contains("{mission}"));
    }
}
