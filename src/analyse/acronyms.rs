//! Acronym definitions in the text: "United Nations Mission in South Sudan (UNMISS)",
//! "security sector reform (SSR)".

use std::collections::HashSet;

use super::model::AcronymDef;
use crate::span::{Span, TextEdit};
use crate::text::single_spaced;

/// Small words that may sit inside a capitalised name ("Mission in the Republic of …").
const CONNECTORS: [&str; 16] = [
    "of", "the", "in", "for", "and", "on", "to", "de", "la", "le", "du", "des", "et", "d'", "l'",
    "en",
];

fn is_connector(word: &str) -> bool {
    // ASCII case folding is enough: the connectors are ASCII, and no other character
    // lower-cases to one of their letters.
    CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(word))
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

/// Words before `end` in `text`, nearest first, with their start offsets (at most `max`),
/// and where the text they were read from starts (the blank before the farthest word,
/// or the start of the text).
fn words_before(text: &str, end: usize, max: usize) -> (Vec<(usize, &str)>, usize) {
    let mut out = Vec::new();
    let Some(before) = text.get(..end) else {
        return (out, end);
    };
    let mut cursor = before.len();
    while out.len() < max {
        let trimmed = before.get(..cursor).unwrap_or("").trim_end();
        if trimmed.is_empty() {
            return (out, 0);
        }
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        out.push((start, trimmed.get(start..).unwrap_or("")));
        cursor = start;
    }
    // The blank before the farthest word was read too (at most four bytes).
    (out, cursor.saturating_sub(4))
}

fn letters_of(acronym: &str) -> Vec<char> {
    acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How far after a "(" its acronym is looked for.
const TOKEN_WINDOW: usize = 16;

/// One "(" of a text, where the bytes deciding what it is start (they end with its
/// token window, `TOKEN_WINDOW` bytes after it), and the definition it closes, if it
/// closes one (whether the acronym was defined before is not its business:
/// `first_definitions`).
#[derive(Clone, Debug)]
struct Paren {
    open: usize,
    read_from: usize,
    def: Option<AcronymDef>,
}

impl Paren {
    fn at(text: &str, open: usize) -> Paren {
        let rest = text.get(open + 1..).unwrap_or("");
        let mut paren = Paren {
            open,
            read_from: open,
            def: None,
        };
        let Some(close_rel) = rest
            .get(..rest.len().min(TOKEN_WINDOW))
            .and_then(|s| s.find(')'))
        else {
            return paren;
        };
        let token = rest.get(..close_rel).unwrap_or("").trim();
        if !acronym_token(token) {
            return paren;
        }
        let close = open + 1 + close_rel + 1;
        let (start, read_from) = expansion_start(text, open, token);
        paren.read_from = read_from;
        if let Some(start) = start {
            let expansion = text.get(start..open).unwrap_or("");
            paren.def = Some(AcronymDef {
                acronym: token.to_string(),
                expansion: single_spaced(expansion),
                span: Span::new(start, close),
            });
        }
        paren
    }

    fn moved(mut self, edit: TextEdit) -> Paren {
        self.open = edit.moved(self.open);
        self.read_from = edit.moved(self.read_from);
        if let Some(def) = &mut self.def {
            def.span = def.span.shifted(edit.shift());
        }
        self
    }
}

/// The "(" of `text` from byte `from` to byte `to`, in order.
fn parens_in(text: &str, from: usize, to: usize) -> impl Iterator<Item = Paren> + '_ {
    text.get(from..to)
        .unwrap_or("")
        .match_indices('(')
        .map(move |(at, _)| Paren::at(text, from + at))
}

/// The first definition of each acronym, in text order.
fn first_definitions(parens: &[Paren]) -> Vec<AcronymDef> {
    // Acronyms already defined: a set, so a draft defining thousands stays linear.
    let mut seen: HashSet<&str> = HashSet::new();
    parens
        .iter()
        .filter_map(|p| p.def.as_ref())
        .filter(|def| seen.insert(&def.acronym))
        .cloned()
        .collect()
}

/// Every "Expansion (ACRONYM)" in `text`, first definition of each acronym only.
pub fn find_definitions(text: &str) -> Vec<AcronymDef> {
    let parens: Vec<Paren> = parens_in(text, 0, text.len()).collect();
    first_definitions(&parens)
}

/// `find_definitions` of a document's successive texts (the language server's): the
/// "(" of the last text whose bytes read lie before or after what the edit changed are
/// kept (moved with the text after it); only those around the edit are read again.
#[derive(Debug, Default)]
pub struct DefinitionCache {
    parens: Vec<Paren>,
}

impl DefinitionCache {
    /// The definitions of `text`, which `edit` made from the last text this cache was
    /// given (or from "" the first time).
    pub fn definitions(&mut self, text: &str, edit: TextEdit) -> Vec<AcronymDef> {
        // Kept before the edit: what they read ends before it, with room for the whole
        // window after the "(" (at the end of the last text, a longer text would have
        // given the window more).
        let before = self
            .parens
            .partition_point(|p| p.open + 1 + TOKEN_WINDOW <= edit.start);
        // Kept after the edit: from the first "(" from which on every one read only
        // text after it (strictly: one that read back to the start of the text depends
        // on where the text starts).
        let mut after = self.parens.len();
        while after > before
            && self
                .parens
                .get(after - 1)
                .is_some_and(|p| p.read_from > edit.old_end)
        {
            after -= 1;
        }
        // Read again: every "(" between the last kept before and the first kept after.
        let from = before
            .checked_sub(1)
            .and_then(|last| self.parens.get(last))
            .map_or(0, |p| p.open + 1);
        let to = self
            .parens
            .get(after)
            .map_or(text.len(), |p| edit.moved(p.open));
        let mut parens: Vec<Paren> = Vec::with_capacity(self.parens.len() + 4);
        parens.extend(self.parens.drain(..before));
        parens.extend(parens_in(text, from, to));
        parens.extend(self.parens.drain(after - before..).map(|p| p.moved(edit)));
        self.parens = parens;
        first_definitions(&self.parens)
    }
}

/// Where the expansion of `acronym` (written before `open`) starts, and where the text
/// read to decide starts.
fn expansion_start(text: &str, open: usize, acronym: &str) -> (Option<usize>, usize) {
    let (words, read_from) = words_before(text, open, 20);
    (expansion_among(text, &words, acronym), read_from)
}

/// `expansion_start` among the words before the "(", nearest first.
fn expansion_among(text: &str, words: &[(usize, &str)], acronym: &str) -> Option<usize> {
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
    for &(s, word) in words {
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

    /// Edits of every kind around the "(" of a text with definitions in it — inside an
    /// acronym, inside its expansion, twenty words before it, at the start and the end,
    /// adding and removing parentheses and line breaks, with "—", "é" and curly quotes —
    /// give the definitions a fresh reading of each text gives.
    #[test]
    fn kept_definitions_are_those_of_a_fresh_reading() {
        let mut text = String::new();
        for name in [
            include_str!("../../fixtures/invented-acronyms.txt"),
            include_str!("../../fixtures/comprehensive-dsr-mandate.txt"),
            include_str!("../../fixtures/previous-mandate.txt"),
        ] {
            text.push_str(name);
            text.push_str("\n\n");
        }
        text.push_str("Welcoming the “Forces armées de la République (FAR)” — the é (AB) (CD\n");
        let pieces = [
            "(",
            ")",
            " ",
            "\n",
            "Armed Forces",
            " of the ",
            "(EAF)",
            "é",
            "—",
            "“",
            "X",
            "",
            "(AB)",
            "Mission in South Sudan (UNMISS) ",
        ];
        let mut cache = DefinitionCache::default();
        let mut last = String::new();
        let mut definitions = |cache: &mut DefinitionCache, text: &str| {
            let edit = TextEdit::between(&last, text);
            last = text.to_string();
            cache.definitions(text, edit)
        };
        assert_eq!(definitions(&mut cache, &text), find_definitions(&text));
        let mut random = crate::span::RandomEdits::new(0x5eed);
        let mut defined = 0;
        for round in 0..600 {
            // Near a "(" most of the time, anywhere otherwise; a third of the edits
            // replace a few bytes.
            let parens: Vec<usize> = text.match_indices('(').map(|(at, _)| at).collect();
            let near = match parens.get(random.below(parens.len() + 1)) {
                Some(&p) if round % 4 != 0 => {
                    (p + random.below(40)).saturating_sub(random.below(120))
                }
                _ => random.below(text.len() + 1),
            };
            let span = if round % 3 == 0 { 5 } else { 0 };
            let at = random.edit(&mut text, near, span, &pieces);
            let fresh = find_definitions(&text);
            assert_eq!(
                definitions(&mut cache, &text),
                fresh,
                "round {round}, edit at {at}"
            );
            defined += fresh.len();
        }
        // Starting again from nothing, and from a text that is not related.
        assert_eq!(definitions(&mut cache, ""), Vec::new());
        assert_eq!(definitions(&mut cache, &text), find_definitions(&text));
        assert!(defined > 600 * 3, "{defined} definitions over the rounds");
    }

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
