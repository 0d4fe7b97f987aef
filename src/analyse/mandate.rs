//! Whether a text sets or changes a UN mandate (`Analysis::sets_mandate`): the gate the
//! DSR rules speak behind.

use std::sync::Arc;

use super::{find_word, Scan};
use super::{Addressee, AddresseeKind, ClauseAnalysis, Ids, Lexicons, Modality, UnRole, Verb};
use crate::model::{Document, Part};
use crate::span::Span;

/// Whether the draft sets or changes a United Nations mandate: it establishes, extends
/// or renews the mandate of a UN mission or office, asks a UN mission or the Special
/// Representative heading one to act (a directive verb: "Requests UNMISS to …", not
/// "Emphasizes that … MONUSCO's ability"), or asks the UN (not merely encourages it) to
/// support national actors in a DSR/SSR task. Thematic and sanctions texts that merely
/// mention armed forces do none of these, nor do texts addressing an African Union
/// operation or a thematic Special Representative, and the DSR rules stay silent on
/// them (README, "What it checks").
pub(super) fn sets_un_mandate(
    doc: &Document,
    clauses: &[Arc<ClauseAnalysis>],
    scans: &[Scan],
    ids: &Ids,
    lexicons: &Lexicons,
    un_mission: Option<&str>,
) -> bool {
    let verbs = ids.verbs.and_then(|i| lexicons.by_index(i));
    let missions = ids.missions.and_then(|i| lexicons.by_index(i));
    let directive = |v: &Verb| {
        !v.inherited
            && verbs
                .and_then(|l| l.term_by_id(&v.lemma))
                .and_then(|t| t.attr_bool("directive"))
                .unwrap_or(true)
    };
    let un_body = |a: &Addressee| match a.kind {
        AddresseeKind::Mission => {
            un_mission == Some(&*a.name)
                || missions.is_some_and(|l| l.term_by_id(&a.name).is_some())
                || a.name.contains("United Nations")
        }
        // "the Special Representatives … and Heads of UN peace operations": all of them,
        // a thematic call.
        AddresseeKind::SpecialRepresentative => !a.name.ends_with("Representatives"),
        _ => false,
    };
    let addresses_mission = clauses
        .iter()
        .zip(&doc.clauses)
        .zip(scans)
        .any(|((ca, c), scan)| {
            c.part == Part::Operative
                && ca.verb.as_ref().is_some_and(directive)
                && ca.addressee.as_ref().is_some_and(un_body)
                && !scan.has(ids.sanctions_bodies)
        });
    let names_mandate = doc
        .clauses
        .iter()
        .zip(scans)
        .zip(clauses)
        .filter(|((c, _), ca)| c.part == Part::Operative && ca.verb.as_ref().is_some_and(directive))
        .any(|((c, scan), _)| {
            let text = &*c.norm.text;
            text.match_indices("mandate").any(|(at, _)| {
                let window = Span::new(at, (at + 120).min(text.len()));
                scan.within(ids.missions, window).next().is_some()
                    || un_mission.is_some_and(|m| {
                        text.get(window.start..)
                            .and_then(|w| w.get(..window.len().min(w.len())))
                            .is_some_and(|w| find_word(w, m).is_some())
                    })
            }) || (text.trim_start().starts_with("Decides to establish")
                && text.contains("United Nations"))
        });
    let supports_national_actors = clauses.iter().flat_map(|c| &c.tasks).any(|t| {
        t.un_role == UnRole::Tasked && t.modality != Modality::Encouraged && !t.actors.is_empty()
    });
    addresses_mission || names_mandate || supports_national_actors
}
