//! Analysis: what each clause says (verb, force, addressee, DSR coding).
//!
//! One lexicon scan per clause (`Lexicons::scan`, one trie over every lexicon form),
//! then a pass in document order that resolves verbs and addressees (sub-items inherit
//! from their lead-in, which always precedes them) and decides and codes DSR tasks.
//! Term lists live in `rules/lexicons/`; this file holds only the logic.

mod acronyms;
mod lexicon;
mod model;

pub use acronyms::find_definitions;
pub use lexicon::{looks_like_acronym, Lexicon, Lexicons, ScanHits, Term};
pub use model::*;

use std::collections::BTreeMap;

use crate::model::{Clause, Document, Part};
use crate::span::Span;

/// Lexicon names the analysis itself relies on (the rule files use more).
pub mod names {
    pub const OPERATIVE_VERBS: &str = "operative-verbs";
    pub const VERB_MODIFIERS: &str = "verb-modifiers";
    pub const DEFENCE: &str = "defence-sector";
    pub const SSR: &str = "ssr";
    pub const SUPPORT: &str = "support-verbs";
    pub const REFORM: &str = "reform-actions";
    pub const TRAINING: &str = "training";
    pub const CONDEMNATION: &str = "condemnation";
    pub const ADDRESSEES: &str = "addressees";
    pub const MISSIONS: &str = "missions";
    pub const POLITICAL: &str = "political-engagement";
    pub const TECHNICAL: &str = "technical-engagement";
    pub const UN_SUPPORT: &str = "un-support";
    pub const REPORTING: &str = "reporting-request";
    pub const PREAMBULAR_OPENERS: &str = "preambular-openers";
}

/// How far (in bytes of normalised text) a support or reform word may stand from a
/// defence term and still be about it: about a sentence.
const DSR_PROXIMITY: usize = 200;

/// Lexicon indices resolved once per analysis.
struct Ids {
    verbs: Option<usize>,
    modifiers: Option<usize>,
    defence: Option<usize>,
    ssr: Option<usize>,
    support: Option<usize>,
    reform: Option<usize>,
    training: Option<usize>,
    condemnation: Option<usize>,
    addressees: Option<usize>,
    missions: Option<usize>,
    political: Option<usize>,
    technical: Option<usize>,
    un_support: Option<usize>,
    reporting: Option<usize>,
    openers: Option<usize>,
    categories: Vec<(usize, Category)>,
    levels: Vec<(usize, Level)>,
    actors: Vec<(usize, Actor)>,
}

impl Ids {
    fn new(lex: &Lexicons) -> Ids {
        let categories = Category::ALL
            .into_iter()
            .filter_map(|c| {
                lex.index_of(&format!("category-{}", c.slug()))
                    .map(|i| (i, c))
            })
            .collect();
        let levels = Level::ALL
            .into_iter()
            .filter_map(|l| lex.index_of(&format!("level-{}", l.slug())).map(|i| (i, l)))
            .collect();
        let actors = Actor::ALL
            .into_iter()
            .filter_map(|a| lex.index_of(&format!("actor-{}", a.slug())).map(|i| (i, a)))
            .collect();
        Ids {
            verbs: lex.index_of(names::OPERATIVE_VERBS),
            modifiers: lex.index_of(names::VERB_MODIFIERS),
            defence: lex.index_of(names::DEFENCE),
            ssr: lex.index_of(names::SSR),
            support: lex.index_of(names::SUPPORT),
            reform: lex.index_of(names::REFORM),
            training: lex.index_of(names::TRAINING),
            condemnation: lex.index_of(names::CONDEMNATION),
            addressees: lex.index_of(names::ADDRESSEES),
            missions: lex.index_of(names::MISSIONS),
            political: lex.index_of(names::POLITICAL),
            technical: lex.index_of(names::TECHNICAL),
            un_support: lex.index_of(names::UN_SUPPORT),
            reporting: lex.index_of(names::REPORTING),
            openers: lex.index_of(names::PREAMBULAR_OPENERS),
            categories,
            levels,
            actors,
        }
    }
}

/// One clause's scan: hits with spans in the clause's normalised text.
struct Scan {
    hits: ScanHits,
    /// Acronyms the draft defines for national forces, found in this clause.
    defined_forces: Vec<Span>,
}

impl Scan {
    fn of(&self, lexicon: Option<usize>) -> impl Iterator<Item = (Span, usize)> + '_ {
        self.hits
            .iter()
            .filter(move |(l, _, _)| Some(*l) == lexicon)
            .map(|(_, s, t)| (*s, *t))
    }

    fn has(&self, lexicon: Option<usize>) -> bool {
        self.of(lexicon).next().is_some()
    }

    fn at(&self, lexicon: Option<usize>, start: usize) -> Option<(Span, usize)> {
        self.of(lexicon).find(|(s, _)| s.start == start)
    }
}

pub fn analyse(doc: &Document, lexicons: &Lexicons) -> Analysis {
    analyse_with(doc, lexicons, &|text| lexicons.scan(text))
}

/// `analyse` with the clause scans supplied by `scan` (the language server reuses the
/// scans of clauses an edit did not touch: `engine::ScanCache`).
pub fn analyse_with(
    doc: &Document,
    lexicons: &Lexicons,
    scan: &dyn Fn(&str) -> ScanHits,
) -> Analysis {
    let ids = Ids::new(lexicons);
    let acronyms = find_definitions(&doc.text);
    let mut scans: Vec<Scan> = doc
        .clauses
        .iter()
        .map(|c| Scan {
            hits: scan(&c.norm.text),
            defined_forces: Vec::new(),
        })
        .collect();
    let mission = find_mission(doc, &acronyms, &scans, &ids, lexicons);
    // National forces by an acronym the draft defines ("Eastlandian Armed Forces (EAF)")
    // are defence terms like those in the lexicon.
    let defence_lexicon = ids.defence.and_then(|i| lexicons.by_index(i));
    let defence_acronyms: Vec<&str> = acronyms
        .iter()
        .filter(|d| defence_lexicon.is_some_and(|l| l.is_match(&d.expansion)))
        .map(|d| d.acronym.as_str())
        .collect();
    let mut clauses: Vec<ClauseAnalysis> = Vec::with_capacity(doc.clauses.len());
    // Whether each clause (or its lead-in) asks someone to act.
    let mut tasking: Vec<bool> = Vec::with_capacity(doc.clauses.len());
    for (i, (clause, scan)) in doc.clauses.iter().zip(scans.iter_mut()).enumerate() {
        let mut ca = ClauseAnalysis {
            hits: hits_by_name(clause, scan, lexicons),
            ..ClauseAnalysis::default()
        };
        // Parents precede their children, so the lead-in is already analysed.
        let parent = clause
            .parent
            .filter(|&p| p < i)
            .and_then(|p| clauses.get(p));
        if clause.part == Part::Operative {
            ca.verb = own_verb(clause, scan, &ids, lexicons).or_else(|| {
                parent.and_then(|p| p.verb.clone()).map(|mut v| {
                    v.inherited = true;
                    v
                })
            });
            let own_verb_present = ca.verb.as_ref().is_some_and(|v| !v.inherited);
            ca.addressee = if own_verb_present {
                addressee(clause, scan, &ids, lexicons, mission.as_deref(), &acronyms)
            } else {
                None
            }
            .or_else(|| parent.and_then(|p| p.addressee.clone()));
            let parent_tasking = clause
                .parent
                .and_then(|p| tasking.get(p).copied())
                .unwrap_or(false);
            let own_tasking = ca.verb.as_ref().is_some_and(|v| {
                !v.inherited
                    && verb_term(v, &ids, lexicons)
                        .and_then(|t| t.attr_bool("directive"))
                        .unwrap_or(true)
            }) || later_directive_verb(&clause.norm.text, scan, &ids, lexicons);
            let is_tasking = own_tasking || parent_tasking;
            tasking.push(is_tasking);
            let text = clause.norm.text.as_str();
            scan.defined_forces = defence_acronyms
                .iter()
                .filter_map(|a| find_word(text, a).map(|at| Span::new(at, at + a.len())))
                .collect();
            let scan = &*scan;
            ca.dsr_task = is_tasking
                && is_dsr_task(&ca, text, mission.as_deref(), scan, &ids, lexicons, parent);
            if ca.dsr_task && !scan.defined_forces.is_empty() {
                ca.actors.insert(Actor::ArmedForces);
            }
        } else {
            tasking.push(false);
        }
        ca.ssr = scan.has(ids.ssr) || ca.dsr_task;
        if ca.dsr_task {
            code_task(&mut ca, scan, &ids, parent);
        }
        clauses.push(ca);
    }
    Analysis {
        clauses,
        mission,
        acronyms,
    }
}

fn hits_by_name(
    clause: &Clause,
    scan: &Scan,
    lexicons: &Lexicons,
) -> BTreeMap<String, Vec<TermMatch>> {
    let mut out: BTreeMap<String, Vec<TermMatch>> = BTreeMap::new();
    for &(li, span, ti) in &scan.hits {
        let Some(lex) = lexicons.by_index(li) else {
            continue;
        };
        let Some(term) = lex.term(ti) else { continue };
        out.entry(lex.name.clone()).or_default().push(TermMatch {
            term: term.id.clone(),
            span: clause.norm.span_to_original(span),
        });
    }
    out
}

/// Offset of the first word character at or after `from`, skipping spaces, commas
/// and emphasis marks ("*Decides*", "_Requests_").
fn skip_noise(text: &str, from: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    let skipped = rest
        .char_indices()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| i);
    from + skipped
}

/// Where the opening verb of an operative clause is: after adverbs such as "also",
/// "further"; or, when the paragraph opens with a participle ("Acting under Chapter VII
/// of the Charter, decides …"), the first verb after a comma.
fn opening_verb_hit(text: &str, scan: &Scan, ids: &Ids) -> Option<(Span, usize)> {
    let mut pos = skip_noise(text, 0);
    // Several adverbs may stack ("Further strongly urges").
    for _ in 0..3 {
        match scan.at(ids.modifiers, pos) {
            Some((span, _)) => pos = skip_noise(text, span.end),
            None => break,
        }
    }
    // Only the present indicative opens an operative paragraph: "Supports" does,
    // "Support the vetting …" (a sub-item in the infinitive) does not.
    let third_person = |span: &Span| {
        span.slice(text)
            .split(' ')
            .next()
            .is_some_and(|w| w.ends_with('s') || w.ends_with('S'))
    };
    if let Some(hit) = scan.at(ids.verbs, pos).filter(|(s, _)| third_person(s)) {
        return Some(hit);
    }
    scan.at(ids.openers, pos)?;
    scan.of(ids.verbs).find(|(s, _)| {
        s.start > pos
            && s.start < 400
            && third_person(s)
            && text
                .get(..s.start)
                .is_some_and(|b| b.trim_end().ends_with(','))
    })
}

/// The verb that opens an operative clause.
fn own_verb(clause: &Clause, scan: &Scan, ids: &Ids, lexicons: &Lexicons) -> Option<Verb> {
    let (span, term_idx) = opening_verb_hit(&clause.norm.text, scan, ids)?;
    let term = lexicons.by_index(ids.verbs?)?.term(term_idx)?;
    Some(Verb {
        lemma: term.id.clone(),
        force: term.attr_u8("force").unwrap_or(1).clamp(1, 5),
        span: clause.norm.span_to_original(span),
        inherited: false,
    })
}

/// A later verb in the paragraph that asks someone to act ("Welcomes … and urges the
/// Government to …"): third person, after "and" or a comma.
fn later_directive_verb(text: &str, scan: &Scan, ids: &Ids, lexicons: &Lexicons) -> bool {
    let Some(verbs) = ids.verbs.and_then(|i| lexicons.by_index(i)) else {
        return false;
    };
    scan.of(ids.verbs).skip(1).any(|(span, ti)| {
        let directive = verbs
            .term(ti)
            .and_then(|t| t.attr_bool("directive"))
            .unwrap_or(false);
        let first_word = span.slice(text).split(' ').next().unwrap_or("");
        let before = text.get(..span.start).unwrap_or("").trim_end();
        let mut before_words = before.rsplit(' ');
        let joined = before.ends_with(',')
            || before.ends_with(';')
            || before_words.next().is_some_and(|w| {
                matches!(w, "and" | "also" | "further" | "therefore" | "strongly")
            });
        directive && first_word.ends_with('s') && joined
    })
}

fn verb_term<'a>(verb: &Verb, ids: &Ids, lexicons: &'a Lexicons) -> Option<&'a Term> {
    lexicons.by_index(ids.verbs?)?.term_by_id(&verb.lemma)
}

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
fn addressee(
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
        if window.covers(span) && best.as_ref().is_none_or(|(b, _, _)| span.start < b.start) {
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

/// Length of `text` up to the first of `stops`, at most 200 bytes (on a char boundary).
fn window_len(text: &str, stops: &[&str]) -> usize {
    let mut end = stops
        .iter()
        .filter_map(|s| text.find(s))
        .min()
        .unwrap_or(text.len())
        .min(200);
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Byte offset of `word` in `text` on word boundaries (case-sensitive).
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text.get(..i).and_then(|s| s.chars().next_back());
        let after = text.get(i + word.len()..).and_then(|s| s.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The mission: a defined acronym whose expansion names a UN or AU operation, else the
/// mission acronym (from missions.toml) the operative part names most.
fn find_mission(
    doc: &Document,
    acronyms: &[AcronymDef],
    scans: &[Scan],
    ids: &Ids,
    lexicons: &Lexicons,
) -> Option<String> {
    const OPERATION_WORDS: [&str; 10] = [
        "Mission",
        "Operation",
        "Force",
        "Office",
        "Observer",
        "Assistance",
        "Verification",
        "Stabilization",
        "Support",
        "Integrated",
    ];
    let count = |acronym: &str| doc.text.matches(acronym).count();
    let operations: Vec<&AcronymDef> = acronyms
        .iter()
        .filter(|d| {
            (d.expansion.contains("United Nations") || d.expansion.contains("African Union"))
                && OPERATION_WORDS.iter().any(|w| d.expansion.contains(w))
        })
        .collect();
    let known = ids.missions.and_then(|i| lexicons.by_index(i));
    // The mission a resolution mandates is the one whose mandate its operative part
    // sets ("extends the mandate of UNOCI", "the mandate of the United Nations
    // Operation in Côte d'Ivoire (UNOCI)"), even when another mission (UNMIL next
    // door) is named more often.
    let mut mandated: BTreeMap<String, usize> = BTreeMap::new();
    for clause in doc.clauses.iter().filter(|c| c.part == Part::Operative) {
        let text = clause.norm.text.as_str();
        for (at, _) in text.match_indices("mandate of") {
            let window_end = (at + 160).min(text.len());
            let window_end = (window_end..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            let Some(window) = text.get(at..window_end) else {
                continue;
            };
            let first = operations
                .iter()
                .filter_map(|d| {
                    window
                        .find(d.acronym.as_str())
                        .map(|pos| (pos, d.acronym.clone()))
                })
                .chain(known.into_iter().flat_map(|lex| {
                    lex.find(window)
                        .into_iter()
                        .map(|(span, id)| (span.start, id.to_string()))
                }))
                .min_by_key(|(pos, _)| *pos);
            if let Some((_, acronym)) = first {
                *mandated.entry(acronym).or_default() += 1;
            }
        }
    }
    if let Some((acronym, _)) = mandated
        .into_iter()
        .max_by_key(|(acronym, n)| (*n, count(acronym)))
    {
        return Some(acronym);
    }
    let defined = operations
        .into_iter()
        .max_by_key(|d| (count(&d.acronym), std::cmp::Reverse(d.span.start)));
    if let Some(d) = defined {
        return Some(d.acronym.clone());
    }
    let lex = known?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (clause, scan) in doc.clauses.iter().zip(scans) {
        if clause.part != Part::Operative {
            continue;
        }
        for (_, ti) in scan.of(ids.missions) {
            if let Some(t) = lex.term(ti) {
                *counts.entry(t.id.as_str()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(name, n)| (*n, std::cmp::Reverse(*name)))
        .map(|(name, _)| name.to_string())
}

/// An operative clause that mandates or encourages support to the defence sector: a
/// defence term with a support or reform word near it, under a verb that asks someone
/// to act, and not a condemnation or a demand to stop violations.
fn is_dsr_task(
    ca: &ClauseAnalysis,
    text: &str,
    mission: Option<&str>,
    scan: &Scan,
    ids: &Ids,
    lexicons: &Lexicons,
    parent: Option<&ClauseAnalysis>,
) -> bool {
    let Some(verb) = ca.verb.as_ref() else {
        return false;
    };
    // A request to report ("Requests the Secretary-General to report on … the armed
    // forces") asks for information, not for support.
    if !verb.inherited {
        let reports_first = scan
            .of(ids.reporting)
            .next()
            .is_some_and(|(s, _)| s.start < 120);
        if reports_first {
            return false;
        }
    }
    let condemning_verb = ids
        .condemnation
        .and_then(|i| lexicons.by_index(i))
        .is_some_and(|l| {
            let hits = l.find(&verb.lemma);
            hits.iter().any(|(s, _)| s.start == 0)
        });
    let mut defence: Vec<Span> = scan.of(ids.defence).map(|(s, _)| s).collect();
    defence.extend_from_slice(&scan.defined_forces);
    let near = |lexicon: Option<usize>| {
        scan.of(lexicon).any(|(s, _)| {
            defence.iter().any(|d| {
                let gap = if s.start >= d.end {
                    s.start - d.end
                } else {
                    d.start.saturating_sub(s.end)
                };
                gap <= DSR_PROXIMITY
            })
        })
    };
    // Reform, not operations: "assist the national security forces in maintaining law
    // and order" is support to operations, "the restructuring of the FACA" is DSR.
    // Categories that only make sense as institution building (policy, vetting,
    // payroll, education) count as reform too; force structure is left out because its
    // terms (deployment, units) also describe troop movements.
    let institutional = ids.categories.iter().any(|&(li, c)| {
        matches!(
            c,
            Category::GovernanceOversight
                | Category::LegislationDoctrine
                | Category::AdministrationBudget
                | Category::Education
        ) && near(Some(li))
    });
    let reforming = near(ids.reform) || near(ids.training) || institutional;
    if condemning_verb && !scan.has(ids.support) {
        return false;
    }
    // DSR tasks are about UN support (BRIEF §2): a call on the parties to reform their
    // army, or on Member States and donors to fund it, is not a UN task.
    let un_involved = matches!(
        ca.addressee.as_ref().map(|a| a.kind),
        Some(
            AddresseeKind::Mission
                | AddresseeKind::SecretaryGeneral
                | AddresseeKind::SpecialRepresentative
        )
    ) || scan.has(ids.un_support)
        || scan.has(ids.missions)
        || mission.is_some_and(|m| find_word(text, m).is_some())
        || parent.is_some_and(|p| {
            matches!(
                p.addressee.as_ref().map(|a| a.kind),
                Some(
                    AddresseeKind::Mission
                        | AddresseeKind::SecretaryGeneral
                        | AddresseeKind::SpecialRepresentative
                )
            ) || p.has(names::UN_SUPPORT)
                || p.has(names::MISSIONS)
        });
    if !defence.is_empty() {
        let only_condemns =
            scan.has(ids.condemnation) && !scan.has(ids.support) && !scan.has(ids.reform);
        return reforming && un_involved && !only_condemns;
    }
    // A sub-item of a lead-in about the defence sector is part of that task
    // ("… to support the reform of the FARDC, including: (a) training …").
    parent.is_some_and(|p| p.dsr_task && p.verb.is_some())
        && (scan.has(ids.support)
            || scan.has(ids.reform)
            || scan.has(ids.training)
            || scan.has(ids.technical))
}

/// DCAF coding of a DSR task from the category, engagement, level and actor lexicons;
/// what a sub-item does not say it takes from its lead-in.
fn code_task(ca: &mut ClauseAnalysis, scan: &Scan, ids: &Ids, parent: Option<&ClauseAnalysis>) {
    for &(li, category) in &ids.categories {
        if scan.has(Some(li)) {
            ca.categories.insert(category);
        }
    }
    if scan.has(ids.political) {
        ca.engagement.insert(Engagement::Political);
    }
    if scan.has(ids.technical) {
        ca.engagement.insert(Engagement::Technical);
    }
    for &(li, level) in &ids.levels {
        if scan.has(Some(li)) {
            ca.levels.insert(level);
        }
    }
    for &(li, actor) in &ids.actors {
        if scan.has(Some(li)) {
            ca.actors.insert(actor);
        }
    }
    if let Some(p) = parent.filter(|p| p.dsr_task) {
        if ca.categories.is_empty() {
            ca.categories = p.categories.clone();
        }
        if ca.engagement.is_empty() {
            ca.engagement = p.engagement.clone();
        }
        if ca.levels.is_empty() {
            ca.levels = p.levels.clone();
        }
        if ca.actors.is_empty() {
            ca.actors = p.actors.clone();
        }
    }
}
