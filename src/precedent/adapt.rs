//! Adapting a precedent to the draft: the source mission's name, acronym and country
//! (and the country's adjective, "Valdorian", when both texts use one) become the
//! draft's, so a quick fix inserts a clause that reads as the draft's own.

use super::{DraftContext, Hit, PrecedentIndex};

/// A mission as far as it is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub name: Option<String>,
    pub acronym: Option<String>,
    pub country: Option<String>,
    /// The country's name takes "the" ("the Democratic Republic of the Congo").
    pub country_article: bool,
    /// The country's adjective as the text uses it ("Valdorian", "Congolese").
    pub demonym: Option<String>,
}

impl Names {
    /// The mission of the resolution a hit comes from, and the country's adjective as
    /// the hit's text uses it.
    pub fn source(hit: &Hit) -> Names {
        let mut names = Names::new(hit.mission_name.as_deref(), hit.mission.as_deref(), None);
        names.demonym = names
            .country
            .as_deref()
            .and_then(|c| demonym_in(&hit.text, c));
        names
    }

    pub fn draft(draft: &DraftContext) -> Names {
        let mut names = Names::new(
            draft.mission_name.as_deref(),
            draft.mission.as_deref(),
            draft.country.as_deref(),
        );
        names.demonym = draft.demonym.clone();
        names
    }

    /// The country, when not given, is told from the mission's name ("… Mission in
    /// Timor-Leste").
    pub fn new(name: Option<&str>, acronym: Option<&str>, country: Option<&str>) -> Names {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let name = clean(name);
        let from_name = name.as_deref().and_then(country_of).map(str::to_string);
        let country_article = country.is_none()
            && from_name.as_deref().is_some_and(|c| {
                name.as_deref()
                    .is_some_and(|n| n.contains(&format!(" the {c}")))
            });
        Names {
            country: clean(country).or(from_name),
            name,
            acronym: clean(acronym),
            country_article,
            demonym: None,
        }
    }
}

/// Endings that make a country's adjective from its name less its final vowels
/// ("Valdor-ian", "Mal-ian", "Sudan-ese", "Cong-olese", "Iraq-i").
const DEMONYM_ENDINGS: [&str; 7] = ["ian", "an", "n", "ean", "ese", "olese", "i"];

/// The country's adjective as `text` uses it: a capitalised word made of the last word
/// of the country's name, less its final vowels, and a usual ending ("Valdorian" for
/// Valdoria, "Congolese" for the Democratic Republic of the Congo). `None` when the
/// text has none (or the name is too short to tell).
pub fn demonym_in(text: &str, country: &str) -> Option<String> {
    let last = country.split_whitespace().last()?;
    let stem = last.trim_end_matches(['a', 'e', 'i', 'o', 'u', 'y']);
    if stem.chars().count() < 3 {
        return None;
    }
    text.split(|c: char| !c.is_alphanumeric())
        .find(|word| {
            *word != last
                && word.chars().next().is_some_and(char::is_uppercase)
                && word
                    .strip_prefix(stem)
                    .is_some_and(|ending| DEMONYM_ENDINGS.contains(&ending))
        })
        .map(str::to_string)
}

/// The country or territory in a mission's name: what follows its last " in " or
/// " for " ("United Nations Integrated Mission in Timor-Leste" → "Timor-Leste";
/// "… in the Democratic Republic of the Congo" → "Democratic Republic of the Congo").
pub fn country_of(mission_name: &str) -> Option<&str> {
    let at = [" in ", " for "]
        .iter()
        .filter_map(|sep| mission_name.rfind(sep).map(|i| i + sep.len()))
        .max()?;
    let rest = mission_name.get(at..)?.trim();
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    // A country name starts with a capital letter ("in support of …" is no place).
    rest.chars()
        .next()
        .filter(|c| c.is_uppercase())
        .map(|_| rest)
}

/// `text` with `from` replaced by `to` wherever it stands as a whole word or phrase.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    replace_words_unless(text, from, to, |_| false)
}

/// [`replace_words`], except where `keep` says so of the text that follows.
fn replace_words_unless(text: &str, from: &str, to: &str, keep: impl Fn(&str) -> bool) -> String {
    if from.is_empty() || from == to {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest.get(..at).unwrap_or_default();
        let after = rest.get(at + from.len()..).unwrap_or_default();
        let bounded = !before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !after.chars().next().is_some_and(char::is_alphanumeric);
        out.push_str(before);
        out.push_str(if bounded && !keep(after) { to } else { from });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Whether `after` opens with the acronym of a body other than `own`: the country
/// before it is part of that body's name ("… Mission in Somalia (UNSOM)").
fn names_another_body(after: &str, own: Option<&str>) -> bool {
    let Some(inner) = after.strip_prefix(" (") else {
        return false;
    };
    let acronym: String = inner.chars().take_while(|c| *c != ')').collect();
    acronym.len() >= 2
        && acronym.chars().all(|c| c.is_ascii_uppercase() || c == '-')
        && Some(acronym.as_str()) != own
}

/// The precedent text with the source's mission name, acronym and country replaced
/// by the draft's. Name first: it contains the country. The article goes with the
/// country's name ("the Democratic Republic of the Congo" → "Valdoria").
pub fn adapt(text: &str, source: &Names, draft: &Names) -> String {
    let mut out = text.to_string();
    if let (Some(from), Some(to)) = (&source.name, &draft.name) {
        out = replace_words(&out, from, to);
    }
    if let (Some(from), Some(to)) = (&source.acronym, &draft.acronym) {
        out = replace_words(&out, from, to);
    }
    if let (Some(from), Some(to)) = (&source.demonym, &draft.demonym) {
        out = replace_words(&out, from, to);
    }
    if let (Some(from), Some(to)) = (&source.country, &draft.country) {
        let with_article = |the: &str| {
            if draft.country_article {
                format!("{the} {to}")
            } else {
                to.clone()
            }
        };
        let other = |after: &str| names_another_body(after, source.acronym.as_deref());
        if source.country_article {
            for the in ["the", "The"] {
                out =
                    replace_words_unless(&out, &format!("{the} {from}"), &with_article(the), other);
            }
        }
        out = replace_words_unless(&out, from, &with_article("the"), other);
        // The short form the Council uses for a country of several words ("the DRC",
        // "the CAR"): the initials of the name's capitalised words.
        if let Some(initials) = country_initials(from) {
            for the in ["the", "The"] {
                out = replace_words(&out, &format!("{the} {initials}"), &with_article(the));
            }
            out = replace_words(&out, &initials, &with_article("the"));
        }
    }
    out
}

/// The initials of a country name's capitalised words, when there are at least two
/// ("Democratic Republic of the Congo" → "DRC", "Central African Republic" → "CAR";
/// none for "Timor-Leste" or "Mali").
fn country_initials(country: &str) -> Option<String> {
    let initials: String = country
        .split_whitespace()
        .filter_map(|word| word.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    (initials.chars().count() >= 2).then_some(initials)
}

impl PrecedentIndex {
    /// The hit's text with its mission's name and acronym (and the country, when it
    /// can be told from the names) replaced by the draft's, for a quick fix to insert.
    pub fn adapt_to_draft(
        &self,
        hit: &Hit,
        draft_mission_name: Option<&str>,
        draft_acronym: Option<&str>,
    ) -> String {
        adapt(
            &hit.text,
            &Names::source(hit),
            &Names::new(draft_mission_name, draft_acronym, None),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_told_from_mission_names() {
        assert_eq!(
            country_of("United Nations Integrated Mission in Timor-Leste"),
            Some("Timor-Leste")
        );
        assert_eq!(
            country_of("United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"),
            Some("Democratic Republic of the Congo")
        );
        assert_eq!(
            country_of("United Nations Assistance Mission for Iraq"),
            Some("Iraq")
        );
        assert_eq!(
            country_of("United Nations Operation in Côte d’Ivoire"),
            Some("Côte d’Ivoire")
        );
        assert_eq!(country_of("Mission of support"), None);
    }

    /// The draft every adaptation test writes into.
    fn valdoria_mission() -> Names {
        Names::new(
            Some("United Nations Support Mission in Valdoria"),
            Some("UNSMV"),
            None,
        )
    }

    #[test]
    fn mission_name_acronym_and_country_are_replaced() {
        let source = Names::new(
            Some("United Nations Integrated Mission in Timor-Leste"),
            Some("UNMIT"),
            None,
        );
        let draft = valdoria_mission();
        let text = "Requests UNMIT, in cooperation with the United Nations Integrated Mission in Timor-Leste partners, to support the Government of Timor-Leste in UNMIT’s review — “of the security sector”; UNMITS stays";
        assert_eq!(
            adapt(text, &source, &draft),
            "Requests UNSMV, in cooperation with the United Nations Support Mission in Valdoria partners, to support the Government of Valdoria in UNSMV’s review — “of the security sector”; UNMITS stays"
        );
        // Unknown draft names leave the text alone.
        assert_eq!(adapt(text, &source, &Names::default()), text);
    }

    #[test]
    fn a_country_s_short_form_is_replaced_too() {
        let source = Names::new(
            Some("United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"),
            Some("MONUSCO"),
            None,
        );
        let draft = valdoria_mission();
        assert_eq!(
            adapt(
                "Provide good offices to the Government of the DRC for army reform; the FARDC and the SAMIDRC stay. The DRC authorities",
                &source,
                &draft
            ),
            "Provide good offices to the Government of Valdoria for army reform; the FARDC and the SAMIDRC stay. Valdoria authorities"
        );
        assert_eq!(
            country_initials("Central African Republic").as_deref(),
            Some("CAR")
        );
        assert_eq!(country_initials("Timor-Leste"), None);
    }

    #[test]
    fn another_bodys_name_keeps_its_country() {
        let source = Names::new(
            Some("United Nations Support Office in Somalia"),
            Some("UNSOS"),
            None,
        );
        let draft = valdoria_mission();
        assert_eq!(
            adapt(
                "the Government of Somalia, with the support of the United Nations Assistance Mission in Somalia (UNSOM) and UNSOS",
                &source,
                &draft
            ),
            "the Government of Valdoria, with the support of the United Nations Assistance Mission in Somalia (UNSOM) and UNSMV"
        );
    }

    #[test]
    fn the_article_goes_with_the_country() {
        let congo = Names::new(
            Some("United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"),
            Some("MONUSCO"),
            None,
        );
        assert!(congo.country_article);
        let valdoria = valdoria_mission();
        let text = "The Democratic Republic of the Congo and the Government of the Democratic Republic of the Congo";
        assert_eq!(
            adapt(text, &congo, &valdoria),
            "Valdoria and the Government of Valdoria"
        );
        let republic = Names::new(
            Some("United Nations Mission in the Valdorian Republic"),
            None,
            None,
        );
        assert_eq!(
            adapt(
                "the Government of Mali",
                &Names::new(Some("United Nations Mission in Mali"), None, None),
                &republic
            ),
            "the Government of the Valdorian Republic"
        );
    }

    #[test]
    fn adjectives_of_countries_are_found_and_replaced() {
        assert_eq!(
            demonym_in("the Valdorian Armed Forces and Valdoria", "Valdoria").as_deref(),
            Some("Valdorian")
        );
        assert_eq!(
            demonym_in(
                "the Congolese armed forces",
                "Democratic Republic of the Congo"
            )
            .as_deref(),
            Some("Congolese")
        );
        assert_eq!(
            demonym_in("the Malian — “forces”", "Mali").as_deref(),
            Some("Malian")
        );
        assert_eq!(demonym_in("the armed forces of Mali", "Mali"), None);
        assert_eq!(demonym_in("Valdorians", "Valdoria"), None);
        let mut source = Names::new(
            Some("United Nations Integrated Mission in Valdoria"),
            Some("UNIMV"),
            None,
        );
        source.demonym = Some("Valdorian".into());
        let mut draft = Names::new(
            Some("United Nations Assistance Mission in Arcadia"),
            Some("UNAMAR"),
            None,
        );
        assert_eq!(
            adapt("the Valdorian Armed Forces of Valdoria", &source, &draft),
            "the Valdorian Armed Forces of Arcadia",
            "the draft's adjective unknown: left as adopted"
        );
        draft.demonym = Some("Arcadian".into());
        assert_eq!(
            adapt("the Valdorian Armed Forces of Valdoria", &source, &draft),
            "the Arcadian Armed Forces of Arcadia"
        );
    }

    #[test]
    fn replacement_respects_word_boundaries_with_accents() {
        assert_eq!(replace_words("éUNMIT UNMIT é", "UNMIT", "X"), "éUNMIT X é");
        assert_eq!(replace_words("MONUSCO", "MONUC", "X"), "MONUSCO");
        assert_eq!(replace_words("", "A", "B"), "");
    }
}
