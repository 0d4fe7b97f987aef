//! The parser's structural cues: the few words that tell it where a preambular or an
//! unnumbered operative paragraph starts, and whether a short line is a title. They
//! are lexicons in `rules/lexicons/parse-cues.toml` (`scan = false`: looked up here
//! only, never scanned in clauses), embedded and overridable by name from a rules
//! directory like any other lexicon.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::shapes::{ends_terminal, first_word};
use crate::analyse::Lexicons;

/// Adjectives and adverbs that open preambular paragraphs besides -ing and -ed words.
const PREAMBLE_OPENERS: &str = "parse-preamble-openers";
/// Capitalised words in -s that are not operative verbs ("Its", "Nations").
const NOT_OPERATIVE_VERBS: &str = "parse-not-operative-verbs";
/// Last words of a line cut mid-sentence ("the", "of").
const OPEN_ENDED_WORDS: &str = "parse-open-ended-words";
/// Verbs of a sentence introducing a list ("will", "shall").
const LIST_SENTENCE_VERBS: &str = "parse-list-sentence-verbs";

/// The cue word lists, ready for lookup.
#[derive(Clone, Debug, Default)]
pub struct ParseCues {
    /// Capitalised as at the start of a line ("Mindful").
    preamble_openers: HashSet<String>,
    /// Capitalised ("Nations").
    not_operative_verbs: HashSet<String>,
    /// As written, lower case.
    open_ended_words: HashSet<String>,
    /// As written, lower case.
    list_sentence_verbs: HashSet<String>,
}

/// "mindful" → "Mindful": the cue compared with a word that opens a line.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl ParseCues {
    /// The cues of the loaded lexicons (embedded, or overridden by a rules directory).
    /// A cue lexicon that is absent leaves its list empty.
    pub fn from_lexicons(lexicons: &Lexicons) -> ParseCues {
        let ids = |name: &str| -> Vec<&str> {
            lexicons
                .get(name)
                .map(|l| l.terms.iter().map(|t| &*t.id).collect())
                .unwrap_or_default()
        };
        ParseCues {
            preamble_openers: ids(PREAMBLE_OPENERS).into_iter().map(capitalised).collect(),
            not_operative_verbs: ids(NOT_OPERATIVE_VERBS)
                .into_iter()
                .map(capitalised)
                .collect(),
            open_ended_words: ids(OPEN_ENDED_WORDS)
                .into_iter()
                .map(str::to_string)
                .collect(),
            list_sentence_verbs: ids(LIST_SENTENCE_VERBS)
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }

    /// The embedded cues (`rules/lexicons/parse-cues.toml`), read once per process: what
    /// `parse` uses when no engine with its own lexicons is at hand.
    pub fn embedded() -> &'static ParseCues {
        static CUES: OnceLock<ParseCues> = OnceLock::new();
        CUES.get_or_init(|| {
            let files: Vec<(String, String)> = crate::embedded::EMBEDDED_RULE_FILES
                .iter()
                .filter(|(path, _)| *path == "lexicons/parse-cues.toml")
                .map(|(path, contents)| (format!("rules/{path}"), (*contents).to_string()))
                .collect();
            // The embedded file is tested (`embedded_cues_are_loaded`); were it broken,
            // the parser would still be total, with fewer cues.
            Lexicons::from_files(&files)
                .map(|l| ParseCues::from_lexicons(&l))
                .unwrap_or_default()
        })
    }

    /// Preambular paragraphs open with a participle or an adjective (Recalling, Noting,
    /// Mindful, Deeply concerned…). A structural cue only; the lexicon-based check of
    /// the opening word is rule RES003.
    pub(super) fn opener_like(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !first.is_uppercase() || word.len() < 4 {
            return false;
        }
        word.ends_with("ing") || word.ends_with("ed") || self.preamble_openers.contains(word)
    }

    /// A third-person operative verb opening an unnumbered operative paragraph in old
    /// resolutions ("Decides", "Calls upon"): capitalised, ends in -s, not -ss.
    pub(super) fn operative_verb_like(&self, word: &str) -> bool {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        first.is_uppercase()
            && word.len() >= 4
            && word.ends_with('s')
            && !word.ends_with("ss")
            && !self.not_operative_verbs.contains(word)
    }

    /// The text of a heading item after its label: capitalised, not closed by
    /// punctuation, and not a line cut in the middle of a sentence ("To support the",
    /// "… of the").
    pub(super) fn title_line(&self, s: &str) -> bool {
        self.title_text(s, false)
    }

    /// The text of an item that holds items of its own, read as a title: like
    /// `title_line`, and it may open with a number ("(c) 2020/2021 elections",
    /// S/RES/2552 (2020) 31(c)).
    pub(super) fn heading_item_text(&self, s: &str) -> bool {
        self.title_text(s, true)
    }

    fn title_text(&self, s: &str, digit_first: bool) -> bool {
        let t = s.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
        let Some(first) = t.chars().find(|c| c.is_alphanumeric()) else {
            return false;
        };
        let last_word = t.rsplit(char::is_whitespace).next().unwrap_or("");
        (first.is_uppercase() || (digit_first && first.is_ascii_digit()))
            && !ends_terminal(t)
            && !t.ends_with(['-', '\u{2013}', '\u{2014}'])
            && t.split_whitespace().count() <= 40
            && !self.open_ended_words.contains(last_word)
    }

    /// A short title closed by a colon inside the operative part: "Reporting:",
    /// "Urgent temporary measures:", "Special Criminal Court (SCC):".
    pub(super) fn colon_heading(&self, s: &str) -> bool {
        let t = s.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
        let Some(head) = t.strip_suffix(':') else {
            return false;
        };
        let words = head.split_whitespace().count();
        // A sentence introducing a list ("The focal point will perform the following
        // tasks:") has a verb; a title does not.
        head.chars().next().is_some_and(char::is_uppercase)
            && (1..=8).contains(&words)
            && !head
                .split_whitespace()
                .any(|w| self.list_sentence_verbs.contains(w))
            && !head.contains([',', ';', ':'])
            && !self.operative_verb_like(first_word(head))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_cues_are_loaded() {
        let cues = ParseCues::embedded();
        assert!(cues.opener_like("Mindful"));
        assert!(cues.opener_like("Recalling"));
        assert!(!cues.opener_like("Decides"));
        assert!(!cues.operative_verb_like("Nations"));
        assert!(cues.operative_verb_like("Decides"));
        assert!(!cues.title_line("To support the"));
        assert!(cues.title_line("Protection of civilians"));
        assert!(cues.colon_heading("Reporting:"));
        assert!(!cues.colon_heading("The focal point will perform the following tasks:"));
    }

    #[test]
    fn a_rules_directory_overrides_a_cue() {
        let mut files: Vec<(String, String)> = crate::embedded::EMBEDDED_RULE_FILES
            .iter()
            .filter(|(path, _)| *path == "lexicons/parse-cues.toml")
            .map(|(p, c)| ((*p).to_string(), (*c).to_string()))
            .collect();
        files.push((
            "mine/lexicons/openers.toml".to_string(),
            "name = \"parse-preamble-openers\"\nscan = false\nterms = [\"heartened\", \"upbeat\"]\n"
                .to_string(),
        ));
        let cues = ParseCues::from_lexicons(&Lexicons::from_files(&files).unwrap());
        assert!(cues.opener_like("Upbeat"));
        assert!(!cues.opener_like("Mindful"));
    }
}
