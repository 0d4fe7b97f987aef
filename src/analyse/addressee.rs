//! Whom an operative clause addresses (`ClauseAnalysis::addressee`).

use std::sync::{Arc, LazyLock};

use super::lexicon::Term;
use super::{find_word, window_len, AcronymDef, Addressee, AddresseeKind, Ids, Lexicons, Scan};
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

/// Keeps `(span, kind, name)` as the best addressee so far when it is in the window and
/// written first: of two starting together, the longer ("Special Representative … for
/// Children and Armed Conflict" over "Special Representative").
fn consider<'t>(
    best: &mut Option<(Span, AddresseeKind, &'t str)>,
    window: Span,
    span: Span,
    kind: AddresseeKind,
    name: &'t str,
) {
    let earlier =
        |b: &Span| (span.start, std::cmp::Reverse(span.end)) < (b.start, std::cmp::Reverse(b.end));
    if window.covers(span) && best.as_ref().is_none_or(|(b, _, _)| earlier(b)) {
        *best = Some((span, kind, name));
    }
}

/// The Council addressing itself ("Decides that …"), shared by every such clause.
fn council() -> Addressee {
    static NAME: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from("the Security Council"));
    Addressee {
        kind: AddresseeKind::Council,
        name: Arc::clone(&NAME),
        rooted: None,
    }
}

/// Whom a clause with its own verb addresses: the first addressee written between the
/// verb and the "to"/"that"/":" that starts what is asked. `verb_end` is where the
/// clause's opening verb ends in its normalised text, `addressed` whether that verb
/// takes an addressee ("Requests the Secretary-General to …"; `addressed(term)`).
/// The addressee's span is in the clause's normalised text (`in_original` places it):
/// what this reads is the clause's text alone, beside the mission and the acronyms the
/// draft defines, so the language server keeps it with the text (`ClauseCache`).
#[allow(clippy::too_many_arguments)]
pub(super) fn addressee(
    text: &str,
    verb_end: usize,
    addressed: bool,
    scan: &Scan,
    ids: &Ids,
    lexicons: &Lexicons,
    mission: Option<&str>,
    acronyms: &[AcronymDef],
) -> Option<Addressee> {
    let after = verb_end;
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
        return Some(council());
    };
    let window = Span::new(window_start, window_end.min(text.len()));
    // Names borrowed until one is chosen: only the addressee's is copied.
    let mut best: Option<(Span, AddresseeKind, &str)> = None;
    let mut consider = |span, kind, name| consider(&mut best, window, span, kind, name);
    if let Some(lex) = ids.addressees.and_then(|i| lexicons.by_index(i)) {
        for (span, ti) in scan.of(ids.addressees) {
            let Some(term) = lex.term(ti) else { continue };
            let kind = addressee_kind(term.attr("kind").unwrap_or("other"));
            let name = match (kind, mission) {
                (AddresseeKind::Mission, Some(m)) => m,
                _ => span.slice(text),
            };
            consider(span, kind, name);
        }
    }
    for (span, _) in scan.of(ids.missions) {
        consider(span, AddresseeKind::Mission, span.slice(text));
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
            consider(span, kind, &def.acronym);
        }
    }
    if let Some((span, kind, name)) = best {
        return Some(Addressee {
            kind,
            name: Arc::from(name),
            rooted: Some(span),
        });
    }
    if !addressed {
        return Some(council());
    }
    let trimmed = window_text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let name: String = trimmed.chars().take(80).collect();
    Some(Addressee {
        kind: AddresseeKind::Other,
        name: Arc::from(name),
        rooted: Some(window),
    })
}

/// Whether an opening verb takes an addressee ("Requests the Secretary-General to …"),
/// as its lexicon term says.
pub(super) fn addressed(verb: &Term) -> bool {
    verb.attr_bool("addressed").unwrap_or(false)
}

/// `addressee`'s finding placed in the original text of its clause.
pub(super) fn in_original(mut found: Addressee, clause: &Clause, root: usize) -> Addressee {
    found.rooted = found
        .rooted
        .map(|s| super::rooted(clause.norm.span_to_original(s), root));
    found
}
