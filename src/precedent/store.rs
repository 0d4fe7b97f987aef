//! What the index stores for each resolution and each operative clause, and the
//! DCAF coding as compact bit sets (the on-disk form) and as readable sets (hits).

use serde::{Deserialize, Serialize};

use crate::analyse::{
    Actor, AddresseeKind, Category, ClauseAnalysis, Code, CodeSet, Engagement, Level,
};

/// One adopted resolution.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ResolutionRecord {
    /// Resolution number and year ("1867", "2009").
    pub number: u32,
    pub year: Option<u32>,
    /// Adoption date as written ("26 February 2009").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The mission whose mandate the resolution sets, by acronym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<String>,
    /// The mission's full name, when the text spells it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission_name: Option<String>,
    /// The file it was read from (name only: the index does not depend on where the
    /// collection sat).
    pub file: String,
}

impl ResolutionRecord {
    /// "S/RES/1867 (2009)".
    pub fn symbol(&self) -> String {
        match self.year {
            Some(y) => format!("S/RES/{} ({y})", self.number),
            None => format!("S/RES/{}", self.number),
        }
    }

    /// Chronological order: year, then number (numbers grow through a year).
    pub fn order_key(&self) -> (u32, u32) {
        (self.year.unwrap_or(u32::MAX), self.number)
    }
}

/// One operative paragraph or sub-paragraph. Field names are short: the corpus has
/// tens of thousands of clauses.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ClauseRecord {
    /// Index into the resolutions.
    #[serde(rename = "r")]
    pub resolution: u32,
    /// "4", "30(f)(iii)".
    #[serde(rename = "p")]
    pub reference: String,
    /// The clause's own text (a lead-in without its sub-paragraphs, which are clauses
    /// of their own), page furniture removed.
    #[serde(rename = "t")]
    pub text: String,
    /// 0 for numbered paragraphs, 1 for (a), 2 for (i)…
    #[serde(rename = "d", default, skip_serializing_if = "is_zero_u8")]
    pub depth: u8,
    /// A lead-in with sub-paragraphs.
    #[serde(rename = "k", default, skip_serializing_if = "is_false")]
    pub has_children: bool,
    #[serde(rename = "f", default, skip_serializing_if = "is_zero_u8")]
    pub flags: u8,
    #[serde(rename = "c", default, skip_serializing_if = "is_zero_u16")]
    pub categories: u16,
    #[serde(rename = "e", default, skip_serializing_if = "is_zero_u8")]
    pub engagement: u8,
    #[serde(rename = "l", default, skip_serializing_if = "is_zero_u8")]
    pub levels: u8,
    #[serde(rename = "a", default, skip_serializing_if = "is_zero_u16")]
    pub actors: u16,
    /// Lexicons the clause hits, as indices into the index's lexicon table.
    #[serde(rename = "x", default, skip_serializing_if = "Vec::is_empty")]
    pub lexicons: Vec<u16>,
    /// The operative verb, own or from the lead-in ("requests").
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// Who the clause addresses ("secretary-general", "mission").
    #[serde(rename = "w", default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<String>,
}

pub const FLAG_DSR_TASK: u8 = 1;
pub const FLAG_SSR: u8 = 2;

fn is_zero_u8(v: &u8) -> bool {
    *v == 0
}
fn is_zero_u16(v: &u16) -> bool {
    *v == 0
}
fn is_false(v: &bool) -> bool {
    !*v
}

impl ClauseRecord {
    pub fn dsr_task(&self) -> bool {
        self.flags & FLAG_DSR_TASK != 0
    }
    pub fn ssr(&self) -> bool {
        self.flags & FLAG_SSR != 0
    }
}

/// Bits of `set`, by position in `all`.
pub fn to_bits<T: Code>(all: &[T], set: &CodeSet<T>) -> u16 {
    all.iter()
        .enumerate()
        .filter(|(_, v)| set.contains(v))
        .fold(0u16, |acc, (i, _)| acc | (1u16 << i))
}

fn from_bits<T: Copy>(all: &[T], bits: u16) -> Vec<T> {
    all.iter()
        .enumerate()
        .filter(|(i, _)| bits & (1u16 << i) != 0)
        .map(|(_, v)| *v)
        .collect()
}

/// Sets the coding fields of a record from the analysis of its clause.
pub fn code_record(record: &mut ClauseRecord, ca: &ClauseAnalysis) {
    record.flags = if ca.dsr_task { FLAG_DSR_TASK } else { 0 } | if ca.ssr { FLAG_SSR } else { 0 };
    record.categories = to_bits(&Category::ALL, &ca.categories);
    record.engagement = to_bits(&Engagement::ALL, &ca.engagement) as u8;
    record.levels = to_bits(&Level::ALL, &ca.levels) as u8;
    record.actors = to_bits(&Actor::ALL, &ca.actors);
    record.verb = ca.verb.as_ref().map(|v| v.lemma.to_string());
    record.addressee = ca
        .addressee
        .as_ref()
        .map(|a| addressee_slug(a.kind).to_string());
}

fn addressee_slug(kind: AddresseeKind) -> &'static str {
    match kind {
        AddresseeKind::Mission => "mission",
        AddresseeKind::SecretaryGeneral => "secretary-general",
        AddresseeKind::SpecialRepresentative => "special-representative",
        AddresseeKind::Government => "government",
        AddresseeKind::MemberStates => "member-states",
        AddresseeKind::Parties => "parties",
        AddresseeKind::Council => "council",
        AddresseeKind::Other => "other",
    }
}

/// The DSR coding of a clause as the analysis found it (DCAF 2020 Tables 1–2), its
/// operative verb and addressee, and the lexicons it hits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coding {
    pub verb: Option<String>,
    pub addressee: Option<String>,
    pub dsr_task: bool,
    pub ssr: bool,
    pub categories: Vec<Category>,
    pub engagement: Vec<Engagement>,
    pub levels: Vec<Level>,
    pub actors: Vec<Actor>,
    pub lexicons: Vec<String>,
}

impl Coding {
    pub fn of(record: &ClauseRecord, lexicon_names: &[String]) -> Coding {
        Coding {
            verb: record.verb.clone(),
            addressee: record.addressee.clone(),
            dsr_task: record.dsr_task(),
            ssr: record.ssr(),
            categories: from_bits(&Category::ALL, record.categories),
            engagement: from_bits(&Engagement::ALL, u16::from(record.engagement)),
            levels: from_bits(&Level::ALL, u16::from(record.levels)),
            actors: from_bits(&Actor::ALL, record.actors),
            lexicons: record
                .lexicons
                .iter()
                .filter_map(|&i| lexicon_names.get(usize::from(i)).cloned())
                .collect(),
        }
    }
}

/// The search tags of a clause: what filters ("a DSR task", "hits the
/// civilian-oversight lexicon") select on.
pub fn tags(record: &ClauseRecord, lexicon_names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if record.dsr_task() {
        out.push(tag::DSR.to_string());
    }
    if record.ssr() {
        out.push(tag::SSR.to_string());
    }
    out.push(
        if record.depth == 0 {
            tag::PARAGRAPH
        } else {
            tag::SUB_ITEM
        }
        .to_string(),
    );
    if !record.has_children {
        out.push(tag::LEAF.to_string());
    }
    let coding = Coding::of(record, lexicon_names);
    out.extend(
        coding
            .categories
            .iter()
            .map(|c| format!("cat:{}", c.slug())),
    );
    out.extend(
        coding
            .engagement
            .iter()
            .map(|c| format!("eng:{}", c.slug())),
    );
    out.extend(coding.levels.iter().map(|c| format!("lvl:{}", c.slug())));
    out.extend(coding.actors.iter().map(|c| format!("act:{}", c.slug())));
    out.extend(coding.lexicons.iter().map(|l| tag::lexicon(l)));
    out.extend(coding.verb.iter().map(|v| format!("verb:{v}")));
    out.extend(coding.addressee.iter().map(|a| tag::addressee(a)));
    out
}

/// Tag names.
pub mod tag {
    pub const DSR: &str = "dsr";
    pub const SSR: &str = "ssr";
    pub const PARAGRAPH: &str = "paragraph";
    pub const SUB_ITEM: &str = "sub-item";
    /// No sub-paragraphs: the clause stands on its own.
    pub const LEAF: &str = "leaf";
    pub fn lexicon(name: &str) -> String {
        format!("lex:{name}")
    }
    /// Who the clause addresses: "to:secretary-general", "to:mission".
    pub fn addressee(kind: &str) -> String {
        format!("to:{kind}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coding_round_trips_through_bits() {
        let ca = ClauseAnalysis {
            dsr_task: true,
            ssr: true,
            categories: [Category::GovernanceOversight, Category::CrossCutting].into(),
            engagement: [Engagement::Technical].into(),
            levels: [Level::Strategic, Level::Tactical].into(),
            actors: [Actor::Legislature, Actor::Media].into(),
            ..ClauseAnalysis::default()
        };
        let mut r = ClauseRecord {
            resolution: 0,
            reference: "4".into(),
            text: "To support".into(),
            depth: 1,
            has_children: false,
            flags: 0,
            categories: 0,
            engagement: 0,
            levels: 0,
            actors: 0,
            lexicons: vec![1],
            verb: None,
            addressee: None,
        };
        code_record(&mut r, &ca);
        let names = vec!["ssr".to_string(), "civilian-oversight".to_string()];
        let c = Coding::of(&r, &names);
        assert!(c.dsr_task && c.ssr);
        assert_eq!(
            c.categories,
            vec![Category::GovernanceOversight, Category::CrossCutting]
        );
        assert_eq!(c.engagement, vec![Engagement::Technical]);
        assert_eq!(c.levels, vec![Level::Strategic, Level::Tactical]);
        assert_eq!(c.actors, vec![Actor::Legislature, Actor::Media]);
        assert_eq!(c.lexicons, vec!["civilian-oversight"]);
        let t = tags(&r, &names);
        for want in [
            "dsr",
            "ssr",
            "sub-item",
            "leaf",
            "cat:governance-oversight",
            "act:media",
            "lex:civilian-oversight",
        ] {
            assert!(t.iter().any(|x| x == want), "{want} in {t:?}");
        }
    }
}
