//! Task phrases inside a segment: where each starts, its head, and which of its words
//! are its own (not subordinate complements or adverbial asides).

use super::super::{DsrScope, Scan};
use super::{hits, ClauseInput, TaskIds};
use crate::span::Span;

use super::segment::*;

/// Ranges of a phrase that are subordinate. An adverbial ("as appropriate", "within
/// its capabilities and areas of deployment") runs to the next comma; a marker with a
/// complement ("in close coordination with bilateral partners, donors and international
/// organizations") runs over its noun phrase, list included, and stops where the task
/// resumes (a comma followed by a preposition, "including", an article or "to").
pub(super) fn subordinate_ranges(
    input: &ClauseInput<'_>,
    ids: &TaskIds,
    phrase: Span,
) -> Vec<Span> {
    let text = input.text;
    let chunk_end = |from: usize| -> usize {
        let rest = text.get(from..phrase.end).unwrap_or("");
        from + until(rest, &[",", ";"])
    };
    let mut out: Vec<Span> = hits(input.scan, ids.adverbial, phrase)
        .map(|m| Span::new(m.start, chunk_end(m.end)))
        .collect();
    for m in hits(input.scan, ids.subordinate, phrase) {
        let mut end = chunk_end(m.end);
        // Carry on over list items: ", donors and international organizations".
        while let Some(next) = text.get(end..phrase.end).and_then(|r| r.strip_prefix(", ")) {
            let item_len = until(next, &[",", ";"]);
            let item = next.get(..item_len).unwrap_or("");
            let lower = item.to_ascii_lowercase();
            let resumes = [
                "to ",
                "in ",
                "on ",
                "for ",
                "of ",
                "by ",
                "through ",
                "with ",
                "including",
                "inter alia",
                "notably",
                "especially",
                "particularly",
                "as ",
                "the ",
                "a ",
                "an ",
                "and to ",
                "while ",
                "so ",
                "which ",
                "that ",
                "taking ",
                "within ",
                "where ",
                "under ",
                "at ",
                "from ",
                "without ",
            ]
            .iter()
            .any(|p| lower.starts_with(p));
            if resumes
                || item_len > 80
                || !(lower.contains(" and ") || lower.contains(" or ") || item_len < 40)
            {
                break;
            }
            end += 2 + item_len;
        }
        out.push(Span::new(m.start, end));
    }
    out
}

/// Hits of `lexicon` inside `phrase` and outside its subordinate ranges.
pub(super) fn core_hits<'s>(
    scan: &'s Scan,
    lexicon: Option<usize>,
    phrase: Span,
    excluded: &'s [Span],
) -> impl Iterator<Item = Span> + 's {
    hits(scan, lexicon, phrase).filter(move |s| !excluded.iter().any(|e| e.covers(*s)))
}

/// Task phrases of a segment body: split at "and to", "; to", "as well as to" and at
/// "shall"/"will" predicates.
pub(super) fn phrases(input: &ClauseInput<'_>, ids: &TaskIds, body: Span) -> Vec<Span> {
    let text = input.text;
    const SPLITS: [&str; 7] = [
        ", and to ",
        "; and to ",
        " and to ",
        "; to ",
        ", as well as to ",
        " as well as to ",
        "; and ",
    ];
    let Some(body_text) = text.get(body.start..body.end) else {
        return Vec::new();
    };
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for sep in SPLITS {
        for (at, _) in body_text.match_indices(sep) {
            cuts.push((at, at + sep.len()));
        }
    }
    // ", and continue dialogue with …", ", and assist …": a new task in the bare
    // infinitive.
    for (at, _) in body_text.match_indices(", and ") {
        let next = body.start + at + ", and ".len();
        let starts_verb = [ids.support, ids.auxiliaries, ids.non_support]
            .into_iter()
            .any(|lexicon| input.scan.at(lexicon, next).is_some());
        if starts_verb {
            cuts.push((at, at + ", and ".len()));
        }
    }
    cuts.sort();
    let mut out = Vec::new();
    let mut start = 0usize;
    for (cut_start, cut_end) in cuts {
        if cut_start < start {
            continue;
        }
        out.push(Span::new(body.start + start, body.start + cut_start));
        start = cut_end;
    }
    out.push(Span::new(body.start + start, body.end));
    out.into_iter().filter(|s| s.end > s.start + 2).collect()
}

/// Where the head verb of a phrase is, after "to", "shall", auxiliaries and emphasis.
pub(super) fn head_start(input: &ClauseInput<'_>, ids: &TaskIds, phrase: Span) -> usize {
    let text = input.text;
    let mut pos = phrase.start;
    for _ in 0..6 {
        let rest = text.get(pos..phrase.end).unwrap_or("");
        let trimmed = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        pos += rest.len() - trimmed.len();
        let lower_starts = |w: &str| {
            trimmed.len() > w.len()
                && trimmed
                    .get(..w.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(w))
                && trimmed.as_bytes().get(w.len()) == Some(&b' ')
        };
        if let Some(w) = ["to", "shall", "will", "should", "that", "and"]
            .into_iter()
            .find(|w| lower_starts(w))
        {
            pos += w.len();
            continue;
        }
        if let Some(aux) = input.scan.at(ids.auxiliaries, pos) {
            pos = aux.0.end;
            continue;
        }
        break;
    }
    pos
}

/// The DSR scope a stretch of text reaches on its own.
pub(super) fn scope_in(
    input: &ClauseInput<'_>,
    ids: &TaskIds,
    phrase: Span,
    excluded: &[Span],
) -> Option<(DsrScope, usize)> {
    let explicit = core_hits(input.scan, ids.defence, phrase, excluded)
        .map(|s| s.start)
        .chain(
            input
                .defined_forces
                .iter()
                .filter(|s| phrase.covers(**s) && !excluded.iter().any(|e| e.covers(**s)))
                .map(|s| s.start),
        )
        .min();
    if let Some(at) = explicit {
        return Some((DsrScope::Explicit, at));
    }
    core_hits(input.scan, ids.implicit, phrase, excluded)
        .map(|s| s.start)
        .min()
        .map(|at| (DsrScope::Implicit, at))
}

pub(super) fn own_activity(
    input: &ClauseInput<'_>,
    ids: &TaskIds,
    head: usize,
    phrase: Span,
) -> bool {
    let rest = input.text.get(head..phrase.end).unwrap_or("");
    let mut words = rest.split_whitespace();
    let _verb = words.next();
    let Some(det) = words.next() else {
        return false;
    };
    if !matches!(det.to_ascii_lowercase().as_str(), "its" | "their") {
        return false;
    }
    let Some(noun_at) = rest.find(det).map(|at| head + at + det.len() + 1) else {
        return false;
    };
    input.scan.at(ids.support, noun_at).is_none()
}
