//! Directive segments: which operative verb governs which stretch of a clause, and
//! whether it addresses the UN or names the UN as supporter or coordinator.

use super::super::{find_str, find_word};
use super::{any_hit, hits, ClauseInput, Direction, Segment, TaskIds};
use crate::analyse::AddresseeKind;
use crate::span::Span;

pub(super) fn is_un_name(input: &ClauseInput<'_>, ids: &TaskIds, span: Span) -> bool {
    let text = input.text;
    if any_hit(input.scan, ids.un_support, span) || any_hit(input.scan, ids.missions, span) {
        return true;
    }
    if input
        .mission
        .is_some_and(|m| span.slice(text).contains(m) && find_word(span.slice(text), m).is_some())
    {
        return true;
    }
    input
        .lexicons
        .by_index(ids.addressees.unwrap_or(usize::MAX))
        .is_some_and(|lex| {
            input.scan.within(ids.addressees, span).any(|(_, ti)| {
                lex.term(ti).and_then(|t| t.attr("kind")).is_some_and(|k| {
                    matches!(
                        k,
                        "mission" | "secretary-general" | "special-representative"
                    )
                })
            })
        })
}

/// Length of `text` up to the first of `stops` (or its end), on a char boundary.
/// Each stop is looked for only before the earliest found so far (a stop starting
/// earlier ends within that prefix plus its own length): searching the whole clause
/// for every stop was 3% of a corpus run.
pub(super) fn until(text: &str, stops: &[&str]) -> usize {
    let mut first = text.len();
    for stop in stops {
        let mut limit = (first + stop.len()).min(text.len());
        while !text.is_char_boundary(limit) {
            limit += 1;
        }
        if let Some(at) = text.get(..limit).and_then(|prefix| find_str(prefix, stop)) {
            first = first.min(at);
        }
    }
    first
}

/// The operative verbs that open directive segments in a clause with its own verb: the
/// opening verb, and every later verb in the third person joined by "and", ";" or ",".
pub(super) fn segments(input: &ClauseInput<'_>, ids: &TaskIds) -> Vec<Segment> {
    let text = input.text;
    let Some(verbs) = ids.verbs.and_then(|i| input.lexicons.by_index(i)) else {
        return Vec::new();
    };
    let mut starts: Vec<(usize, usize, u8, bool, bool)> = Vec::new();
    if let Some((span, force, directive)) = input.own_verb {
        let addressed = input
            .scan
            .at(ids.verbs, span.start)
            .and_then(|(_, ti)| verbs.term(ti))
            .and_then(|t| t.attr_bool("addressed"))
            .unwrap_or(false);
        starts.push((span.start, span.end, force, directive, addressed));
    }
    for (span, ti) in input.scan.of(ids.verbs) {
        if starts.iter().any(|s| span.start <= s.1) {
            continue;
        }
        let first_word = span.slice(text).split(' ').next().unwrap_or("");
        if !(first_word.ends_with('s') || first_word.ends_with('S')) {
            continue;
        }
        let before = text.get(..span.start).unwrap_or("").trim_end();
        let joined = before.ends_with(',')
            || before.ends_with(';')
            || before.rsplit(' ').next().is_some_and(|w| {
                matches!(
                    w,
                    "and" | "also" | "further" | "therefore" | "strongly" | "again" | "thus"
                )
            });
        if !joined {
            continue;
        }
        let Some(term) = verbs.term(ti) else { continue };
        // "encourages and welcomes the coordinating role of UNTAET": verbs joined by
        // "and" share their object; the pair asks as firmly as its firmer verb.
        if let Some(last) = starts.last_mut() {
            let between = text.get(last.1..span.start).unwrap_or("");
            let only_joins = between
                .split(|c: char| c.is_whitespace() || c == ',')
                .all(|w| matches!(w, "" | "and" | "also" | "further" | "strongly"));
            if only_joins {
                last.1 = span.end;
                last.2 = last.2.max(term.attr_u8("force").unwrap_or(1).clamp(1, 5));
                last.3 = last.3 || term.attr_bool("directive").unwrap_or(false);
                last.4 = last.4 || term.attr_bool("addressed").unwrap_or(false);
                continue;
            }
        }
        starts.push((
            span.start,
            span.end,
            term.attr_u8("force").unwrap_or(1).clamp(1, 5),
            term.attr_bool("directive").unwrap_or(false),
            term.attr_bool("addressed").unwrap_or(false),
        ));
    }
    starts.sort_by_key(|s| s.0);
    let mut out = Vec::new();
    for (k, &(start, verb_end, force, directive, addressed)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |n| n.0);
        let seg_text = text.get(verb_end..end).unwrap_or("");
        // What is asked starts after the addressee: "Requests UNMIT to …", "Decides that
        // UNOCI shall …", "Decides to …".
        // "Decides that", "Decides further that", "Decides also that".
        let that_at = [" that ", " that,"]
            .iter()
            .filter_map(|t| find_str(seg_text, t).map(|at| at + t.len()))
            .filter(|&at| at <= 18)
            .min();
        let (window_end, body_start, mandating) = if addressed {
            let w = until(seg_text, &[" to ", ":", ";"]);
            if find_str(seg_text, " to ").is_none() {
                // "encourages the coordinating role of UNTAET in this endeavour": the
                // object is a noun phrase, which is also what is asked.
                (verb_end + w, verb_end, false)
            } else {
                (verb_end + w, verb_end + w, false)
            }
        } else if let Some(rest) = that_at.and_then(|at| seg_text.get(at..)) {
            let w = until(rest, &[" shall ", " will ", " should ", ":", ";"]);
            let at = verb_end + (seg_text.len() - rest.len()) + w;
            (at, at, force >= 5)
        } else {
            // "Decides to extend the mandate of UNMIH … to assist the Government in …":
            // what follows the mission's mandate is the mission's task.
            let w = find_str(seg_text, "mandate of ")
                .map(|at| at + until(seg_text.get(at..).unwrap_or(""), &[" to ", ";", ":"]))
                .unwrap_or(0);
            (verb_end + w, verb_end + w, force >= 5)
        };
        // The addressee window ends where a supporter is introduced: in "Urges the
        // authorities, with the support of MINUSCA, to …" the UN is not the addressee.
        let window_end = hits(
            input.scan,
            ids.un_supporter,
            Span::new(verb_end, window_end),
        )
        .map(|m| m.start)
        .min()
        .unwrap_or(window_end)
        .min(end);
        let window = Span::new(verb_end, window_end);
        let first = k == 0 && input.own_verb.is_some();
        let un_addressed = if window.end > window.start {
            is_un_name(input, ids, window)
        } else {
            first
                && matches!(
                    input.addressee,
                    Some(
                        AddresseeKind::Mission
                            | AddresseeKind::SecretaryGeneral
                            | AddresseeKind::SpecialRepresentative
                    )
                )
        };
        let seg = Span::new(start, end);
        out.push(Segment {
            span: seg,
            body_start,
            direction: Direction {
                directive,
                un_addressed,
                un_supporting: un_supporter_in(input, ids, seg),
                un_coordinating: un_coordinator_in(input, ids, seg),
                force,
                mandating: mandating && un_addressed,
                reporting: false,
            },
        });
    }
    out
}

/// "with the support of MINUSCA", "assisted by UNMIT", "coordinated by UNMIS": the UN
/// named as the supporter of someone else's action.
pub(super) fn un_supporter_in(input: &ClauseInput<'_>, ids: &TaskIds, within: Span) -> bool {
    un_supporters(input, ids, within).next().is_some()
}

/// "coordinated by UNMIS": the UN channels and coordinates the others' support, which
/// is a coordination task of its own (DCAF 2020 para 23).
pub(super) fn un_coordinator_in(input: &ClauseInput<'_>, ids: &TaskIds, within: Span) -> bool {
    un_supporters(input, ids, within).any(|m| {
        let marker = m.slice(input.text).to_ascii_lowercase();
        marker.starts_with("coordinated") || marker.contains("coordination of")
    })
}

pub(super) fn un_supporters<'s>(
    input: &'s ClauseInput<'_>,
    ids: &'s TaskIds,
    within: Span,
) -> impl Iterator<Item = Span> + 's {
    hits(input.scan, ids.un_supporter, within).filter(move |&marker| {
        let after_end = (marker.end + 100).min(within.end);
        let after_end = (after_end..=within.end)
            .find(|&i| input.text.is_char_boundary(i))
            .unwrap_or(within.end);
        let rest = input.text.get(marker.end..after_end).unwrap_or("");
        // The supporter is the noun phrase (or list of them) right after the marker.
        let np_len = until(
            rest,
            &[
                ";",
                " to ",
                ":",
                " and request",
                " and urge",
                " and call",
                " in order",
            ],
        );
        let np = Span::new(marker.end, marker.end + np_len);
        np.end > np.start && is_un_name(input, ids, np)
    })
}

#[cfg(test)]
mod tests {
    use super::until;

    /// What `until` computed before it searched prefixes only.
    fn whole_text(text: &str, stops: &[&str]) -> usize {
        stops
            .iter()
            .filter_map(|s| text.find(s))
            .min()
            .unwrap_or(text.len())
    }

    #[test]
    fn prefix_search_finds_the_first_stop_as_a_whole_text_search() {
        let stops = [" to ", ":", ";", " that ", "é —", "—"];
        let texts = [
            "",
            "Requests MINUSLO to support: the reform; and that",
            "a; b: c to d",
            "Décide — que la MINUSLO é — to",
            "no stop at all here",
            "ééééé: é — to ; that",
            "x that y to z",
            "“curly” — quotes; then : to",
        ];
        for text in texts {
            for n in 0..=stops.len() {
                let some = stops.get(..n).unwrap_or_default();
                let reversed: Vec<&str> = some.iter().rev().copied().collect();
                assert_eq!(
                    until(text, some),
                    whole_text(text, some),
                    "{text:?} {some:?}"
                );
                assert_eq!(
                    until(text, &reversed),
                    whole_text(text, &reversed),
                    "{text:?} {reversed:?}"
                );
            }
        }
    }
}
