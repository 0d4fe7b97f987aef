//! Whom an operative clause addresses (`ClauseAnalysis::addressee`).

use super::{
    find_word, opening_verb_hit, window_len, AcronymDef, Addressee, AddresseeKind, Ids, Lexicons,
    Scan,
};
use crate::model::Clause;
use crate::span::Span;

fn addressee_kind(slug: &str) -> AddresseeKind {
    match slug {
        "mission" => AddresseeKind::Mission,
        "secretary-general" => AddresseeKind::SecretaryGeneral,
        "special-representative" => AddresseeKind::SpecialRepresentative,
        "government" => AddresseeKind::Government,
        "member-states" => AddresseeKind::MemberStates,
        "parties" => AddresseeKind::Parties,
        "council" => AddresseeKind::Council,
        _ => AddresseeKind::Other,
    }
}

/// Whom a clause with its own verb addresses: the first addressee written between the
/// verb and the "to"/"that"/":" that starts what is asked.
pub(super) fn addressee(
    clause: &Clause,
    scan: &Scan,
    ids: &Ids,
    lexicons: &Lexicons,
    mission: Option<&str>,
    acronyms: &[AcronymDef],
) -> Option<Addressee> {
    let verb_hit = opening_verb_hit(&clause.norm.text, scan, ids)?;
    let text = clause.norm.text.as_str();
    let verbs = lexicons.by_index(ids.verbs?)?;
    let addressed = verbs
        .term(verb_hit.1)
        .and_then(|t| t.attr_bool("addressed"))
        .unwrap_or(false);
    let after = verb_hit.0.end;
    let rest = text.get(after..).unwrap_or("");
    let (window_start, window_end) = if addressed {
        (
            after,
            after + window_len(rest, &[" to ", ":", ";", " that "]),
        )
    } else if let Some(that) = rest.strip_prefix(" that ") {
        // "Decides that the mandate of UNMISS shall …", "Decides that MONUSCO will …"
        let start = after + (rest.len() - that.len());
        (
            start,
            start + window_len(that, &[" shall ", " will ", " should ", " is ", ":", ";"]),
        )
    } else {
        return Some(Addressee {
            kind: AddresseeKind::Council,
            name: "the Security Council".to_string(),
            span: None,
        });
    };
    let window = Span::new(window_start, window_end.min(text.len()));
    let mut best: Option<(Span, AddresseeKind, String)> = None;
    let mut consider = |span: Span, kind: AddresseeKind, name: String| {
        // The first addressee written; of two starting together, the longer ("Special
        // Representative … for Children and Armed Conflict" over "Special Representative").
        let earlier = |b: &Span| {
            (span.start, std::cmp::Reverse(span.end)) < (b.start, std::cmp::Reverse(b.end))
        };
        if window.covers(span) && best.as_ref().is_none_or(|(b, _, _)| earlier(b)) {
            best = Some((span, kind, name));
        }
    };
    if let Some(lex) = ids.addressees.and_then(|i| lexicons.by_index(i)) {
        for (span, ti) in scan.of(ids.addressees) {
            let Some(term) = lex.term(ti) else { continue };
            let kind = addressee_kind(term.attr("kind").unwrap_or("other"));
            let name = match (kind, mission) {
                (AddresseeKind::Mission, Some(m)) => m.to_string(),
                _ => span.slice(text).to_string(),
            };
            consider(span, kind, name);
        }
    }
    for (span, _) in scan.of(ids.missions) {
        consider(span, AddresseeKind::Mission, span.slice(text).to_string());
    }
    let window_text = window.slice(text);
    for def in acronyms {
        if let Some(at) = find_word(window_text, &def.acronym) {
            let span = Span::new(window.start + at, window.start + at + def.acronym.len());
            let kind = if mission == Some(def.acronym.as_str()) {
                AddresseeKind::Mission
            } else {
                AddresseeKind::Other
            };
            consider(span, kind, def.acronym.clone());
        }
    }
    if let Some((span, kind, name)) = best {
        return Some(Addressee {
            kind,
            name,
            span: Some(clause.norm.span_to_original(span)),
        });
    }
    if !addressed {
        return Some(Addressee {
            kind: AddresseeKind::Council,
            name: "the Security Council".to_string(),
            span: None,
        });
    }
    let trimmed = window_text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let name: String = trimmed.chars().take(80).collect();
    Some(Addressee {
        kind: AddresseeKind::Other,
        name,
        span: Some(clause.norm.span_to_original(window)),
    })
}
