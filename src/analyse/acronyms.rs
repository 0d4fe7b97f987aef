//! Acronym definitions in the text: "United Nations Mission in South Sudan (UNMISS)",
//! "security sector reform (SSR)".

use std::collections::HashSet;

use super::model::AcronymDef;
use crate::span::Span;

/// Small words that may sit inside a capitalised name ("Mission in the Republic of …").
const CONNECTORS: [&str; 16] = [
    "of", "the", "in", "for", "and", "on", "to", "de", "la", "le", "du", "des", "et", "d'", "l'",
    "en",
];

fn is_connector(word: &str) -> bool {
    CONNECTORS.contains(&word.to_lowercase().as_str())
}

/// A token that can be an acronym: 2–12 characters, letters, digits, "-", "/" or "'",
/// starting with a capital, with at least two capitals, not a Roman numeral.
fn acronym_token(token: &str) -> bool {
    let len = token.chars().count();
    if !(2..=12).contains(&len) || !token.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if !token
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '\'' | '.'))
    {
        return false;
    }
    let upper = token.chars().filter(|c| c.is_uppercase()).count();
    let roman = token
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
    (upper >= 2 && !roman && !token.contains('/')) || token.starts_with("SPLM/")
}

/// Words before `end` in `text`, nearest first, with their start offsets (at most `max`).
fn words_before(text: &str, end: usize, max: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let Some(before) = text.get(..end) else {
        return out;
    };
    let mut cursor = before.len();
    while out.len() < max {
        let trimmed = before.get(..cursor).unwrap_or("").trim_end();
        if trimmed.is_empty() {
            break;
        }
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        out.push((start, trimmed.get(start..).unwrap_or("")));
        cursor = start;
    }
    out
}

fn letters_of(acronym: &str) -> Vec<char> {
    acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Every "Expansion (ACRONYM)" in `text`, first definition of each acronym only.
pub fn find_definitions(text: &str) -> Vec<AcronymDef> {
    let mut out: Vec<AcronymDef> = Vec::new();
    // Acronyms already defined: a set, so a draft defining thousands stays linear.
    let mut seen: HashSet<&str> = HashSet::new();
    for (open, _) in text.match_indices('(') {
        let rest = text.get(open + 1..).unwrap_or("");
        let Some(close_rel) = rest.get(..rest.len().min(16)).and_then(|s| s.find(')')) else {
            continue;
        };
        let token = rest.get(..close_rel).unwrap_or("").trim();
        if !acronym_token(token) || seen.contains(token) {
            continue;
        }
        let close = open + 1 + close_rel + 1;
        if let Some(start) = expansion_start(text, open, token) {
            let expansion = text.get(start..open).unwrap_or("");
            let expansion = expansion.split_whitespace().collect::<Vec<_>>().join(" ");
            seen.insert(token);
            out.push(AcronymDef {
                acronym: token.to_string(),
                expansion,
                span: Span::new(start, close),
            });
        }
    }
    out
}

/// Where the expansion of `acronym` (written before `open`) starts.
fn expansion_start(text: &str, open: usize, acronym: &str) -> Option<usize> {
    let words = words_before(text, open, 20);
    // A capitalised name: walk back over capitalised words and connectors.
    let mut taken: Vec<(usize, &str)> = Vec::new();
    for (i, &(start, word)) in words.iter().enumerate() {
        let ends_clause = word.ends_with([',', ';', '.', ':', ')']);
        if i > 0 && ends_clause {
            break;
        }
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if capital || is_connector(word) {
            taken.push((start, word));
        } else {
            break;
        }
    }
    // A paragraph opener ("Welcoming the United Nations Mission …") is not part of the
    // name, nor are connectors before it.
    while taken.last().is_some_and(|(_, w)| {
        let lower = w.to_lowercase();
        is_connector(w) || lower.ends_with("ing")
    }) {
        taken.pop();
    }
    let capitals = taken
        .iter()
        .filter(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let first_letter = letters_of(acronym).first().copied();
    if capitals >= 2 {
        let start = taken.last().map(|(s, _)| *s)?;
        let expansion_first = text
            .get(start..)
            .and_then(|s| s.chars().next())
            .and_then(|c| c.to_lowercase().next());
        // "United Nations Organization Stabilization Mission … (MONUSCO)" keeps its
        // capitalised name even when initials differ; a stray capitalised phrase whose
        // first letter does not even match is not a definition.
        if expansion_first == first_letter || capitals >= 3 {
            return Some(start);
        }
    }
    // Lower-case expansion: initials of the last words ("security sector reform (SSR)").
    let letters = letters_of(acronym);
    let mut matched = 0usize;
    let mut start = None;
    for &(s, word) in &words {
        if matched == letters.len() {
            break;
        }
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric());
        if clean.is_empty() {
            return None;
        }
        if is_connector(clean) {
            continue;
        }
        let initial = clean.chars().next().and_then(|c| c.to_lowercase().next());
        let want = letters.get(letters.len() - 1 - matched).copied();
        if initial != want {
            return None;
        }
        matched += 1;
        start = Some(s);
    }
    if matched == letters.len() && matched >= 2 {
        start
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_and_lower_case_expansions() {
        let text = "Welcoming the United Nations Mission in\nSouth Sudan (UNMISS), the Armed Forces of the Democratic Republic of the Congo (FARDC) and security sector reform (SSR) and disarmament, demobilization and reintegration (DDR), resolution 2151 (2014) and (ii)";
        let defs = find_definitions(text);
        let got: Vec<(&str, &str)> = defs
            .iter()
            .map(|d| (d.acronym.as_str(), d.expansion.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("UNMISS", "United Nations Mission in South Sudan"),
                (
                    "FARDC",
                    "Armed Forces of the Democratic Republic of the Congo"
                ),
                ("SSR", "security sector reform"),
                ("DDR", "disarmament, demobilization and reintegration"),
            ]
        );
        let first = defs.first().map(|d| d.span.slice(text));
        assert_eq!(
            first,
            Some("United Nations Mission in\nSouth Sudan (UNMISS)")
        );
    }
}
