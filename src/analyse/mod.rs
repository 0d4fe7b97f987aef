//! Analysis: what each clause says (verb, force, addressee, DSR coding).
//!
//! One lexicon scan per clause (`Lexicons::scan`, one trie over every lexicon form),
//! then a pass in document order that resolves verbs and addressees (sub-items inherit
//! from their lead-in, which always precedes them) and decides and codes DSR tasks.
//! Term lists live in `rules/lexicons/`; this file holds only the logic.

mod acronyms;
mod addressee;
mod codeset;
mod lexicon;
mod mandate;
mod model;
mod reuse;
mod scan;
mod tasks;

pub use acronyms::find_definitions;
pub use codeset::{Code, CodeSet};
pub use lexicon::{looks_like_acronym, Lexicon, Lexicons, ScanHits, Term};
pub use model::*;
pub use reuse::ClauseCache;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{Clause, Document, Part};
use crate::span::{Span, TextEdit};
use crate::unchanged::Unchanged;
use scan::{ClauseScan, Scan};

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
    pub const IMPLICIT_SCOPE: &str = "dsr-implicit-scope";
    pub const SANCTIONS_BODIES: &str = "sanctions-bodies";
}

/// Lexicon indices resolved once per analysis.
struct Ids {
    verbs: Option<usize>,
    modifiers: Option<usize>,
    defence: Option<usize>,
    ssr: Option<usize>,
    addressees: Option<usize>,
    missions: Option<usize>,
    openers: Option<usize>,
    sanctions_bodies: Option<usize>,
}

impl Ids {
    fn new(lex: &Lexicons) -> Ids {
        Ids {
            verbs: lex.index_of(names::OPERATIVE_VERBS),
            modifiers: lex.index_of(names::VERB_MODIFIERS),
            defence: lex.index_of(names::DEFENCE),
            ssr: lex.index_of(names::SSR),
            addressees: lex.index_of(names::ADDRESSEES),
            missions: lex.index_of(names::MISSIONS),
            openers: lex.index_of(names::PREAMBULAR_OPENERS),
            sanctions_bodies: lex.index_of(names::SANCTIONS_BODIES),
        }
    }
}

pub fn analyse(doc: &Document, lexicons: &Lexicons) -> Analysis {
    analyse_inner(doc, lexicons, None)
}

/// `analyse` reusing the clause results of the document's previous analysis that
/// depend on nothing that changed, and keeping this one's for the next (the language
/// server: `engine::ScanCache`). The same result as `analyse`.
///
/// `previous` is the last check's analysis, and `unchanged` says which paragraphs are
/// the last check's with the same clauses: when the draft's definitions and mission
/// are the same too, and the lexicons, such a paragraph keeps its clauses' analyses,
/// moved (`unchanged.analyses_kept` says which did).
pub(crate) fn analyse_reusing(
    doc: &Document,
    lexicons: &Lexicons,
    cache: &mut ClauseCache,
    edit: TextEdit,
    (previous, unchanged): (Option<&Analysis>, &mut Unchanged),
) -> Analysis {
    let same_lexicons = cache.begin(lexicons);
    let keep = Keep {
        previous: previous.filter(|_| same_lexicons),
        unchanged,
    };
    let analysis = analyse_inner(doc, lexicons, Some((&mut *cache, edit, keep)));
    cache.end();
    analysis
}

/// What an analysis may keep of the last one (`analyse_reusing`).
struct Keep<'a> {
    previous: Option<&'a Analysis>,
    unchanged: &'a mut Unchanged,
}

impl<'a> Keep<'a> {
    /// Whether the draft defines the same acronyms as at the last analysis (what they
    /// define, not where) and has the same mission: every clause's analysis reads them.
    fn same_context(&self, acronyms: &[AcronymDef], mission: Option<&str>) -> bool {
        self.previous.is_some_and(|previous| {
            previous.mission.as_deref() == mission
                && previous.acronyms.len() == acronyms.len()
                && previous
                    .acronyms
                    .iter()
                    .zip(acronyms)
                    .all(|(o, n)| o.acronym == n.acronym && o.expansion == n.expansion)
        })
    }

    /// For each clause of `doc`, the last analysis of it, when it keeps that one, and
    /// how far it moved; marks the paragraphs that keep theirs. Nothing unless the
    /// draft's context is the last analysis's (`same_context`).
    fn clauses(
        &mut self,
        doc: &Document,
        same_context: bool,
    ) -> Vec<Option<&'a Arc<ClauseAnalysis>>> {
        let mut from = vec![None; doc.clauses.len()];
        let Some(previous) = self.previous.filter(|_| same_context) else {
            return from;
        };
        let unchanged = &mut *self.unchanged;
        for ((para, moved), kept) in unchanged
            .paragraphs
            .iter()
            .zip(&unchanged.moved)
            .zip(&mut unchanged.analyses_kept)
        {
            // (A moved paragraph is a tree of its own: `unchanged::moved_paragraphs`.)
            let Some(moved) = moved else { continue };
            // The same clauses in the last check: its analyses of them.
            let olds = para
                .clauses
                .start
                .checked_add_signed(-moved.index_by)
                .and_then(|start| previous.clauses.get(start..start + para.clauses.len()));
            let (Some(olds), Some(slots)) = (olds, from.get_mut(para.clauses.clone())) else {
                continue;
            };
            for (slot, old) in slots.iter_mut().zip(olds) {
                *slot = Some(old);
            }
            *kept = true;
        }
        from
    }
}

fn analyse_inner(
    doc: &Document,
    lexicons: &Lexicons,
    reusing: Option<(&mut ClauseCache, TextEdit, Keep<'_>)>,
) -> Analysis {
    let ids = Ids::new(lexicons);
    let (acronyms, mut cache, keep) = match reusing {
        Some((cache, edit, keep)) => (
            cache.definitions.definitions(&doc.text, edit),
            Some(cache),
            Some(keep),
        ),
        None => (find_definitions(&doc.text), None, None),
    };
    // With a cache, each clause's text as the cache keeps it (its tasks' key).
    let mut kept_texts: Vec<Option<Arc<str>>> = Vec::with_capacity(doc.clauses.len());
    let mut scans: Vec<Scan> = doc
        .clauses
        .iter()
        .map(|c| {
            let scan = match cache.as_deref_mut() {
                Some(cache) => {
                    let (text, scan) = cache.scan(lexicons, &c.norm);
                    kept_texts.push(Some(text));
                    scan
                }
                None => {
                    kept_texts.push(None);
                    Arc::new(ClauseScan::new(lexicons.scan(&c.norm.text), lexicons))
                }
            };
            Scan::new(scan)
        })
        .collect();
    let mission = find_mission(doc, &acronyms, &scans, &ids, lexicons);
    let same_context = keep
        .as_ref()
        .is_some_and(|k| k.same_context(&acronyms, mission.as_deref()));
    if let Some(cache) = cache.as_deref_mut() {
        cache.addressee_context(same_context);
    }
    // National forces by an acronym the draft defines ("Eastlandian Armed Forces (EAF)")
    // are defence terms like those in the lexicon.
    let defence_lexicon = ids.defence.and_then(|i| lexicons.by_index(i));
    // The expansion must *end* in the defence term ("… Armed Forces (EAF)"): a sentence
    // that mentions the FARDC before naming "the … Mission in the DRC (MONUSCO)" does
    // not make MONUSCO a national force.
    let defence_acronyms: Vec<&str> = acronyms
        .iter()
        .filter(|d| {
            let expansion = d.expansion.trim_end();
            defence_lexicon.is_some_and(|l| {
                l.find(expansion)
                    .iter()
                    .any(|(span, _)| span.end + 2 >= expansion.len())
            }) && !expansion.contains("United Nations")
                && !expansion.contains("African Union")
        })
        .map(|d| d.acronym.as_str())
        .collect();
    let task_ids = tasks::TaskIds::new(lexicons);
    // Only a United Nations mission is the UN supporter of a task: an African Union
    // operation the resolution authorizes (AMISOM) is not.
    let un_mission: Option<&str> = mission.as_deref().filter(|m| {
        ids.missions
            .and_then(|i| lexicons.by_index(i))
            .is_some_and(|l| l.term_by_id(m).is_some())
            || acronyms
                .iter()
                .any(|d| d.acronym == *m && d.expansion.contains("United Nations"))
    });
    let kept_from = match keep {
        Some(mut keep) => keep.clauses(doc, same_context),
        None => Vec::new(),
    };
    let mut clauses: Vec<Arc<ClauseAnalysis>> = Vec::with_capacity(doc.clauses.len());
    // What each clause passes to its sub-items (direction of its request, topic).
    let mut lead_ins: Vec<tasks::LeadIn> = Vec::with_capacity(doc.clauses.len());
    for (i, (clause, scan)) in doc.clauses.iter().zip(scans.iter_mut()).enumerate() {
        // A paragraph the edit left as it was keeps its clauses' analyses (their places
        // count from the paragraph's start), with its scan's hits.
        if let Some(old) = kept_from.get(i).copied().flatten() {
            clauses.push(if Arc::ptr_eq(&old.hits, &scan.by_name) {
                Arc::clone(old)
            } else {
                Arc::new(ClauseAnalysis {
                    hits: Arc::clone(&scan.by_name),
                    ..(**old).clone()
                })
            });
            lead_ins.push(tasks::LeadIn::default());
            if let Some(cache) = cache.as_deref_mut() {
                cache.kept_analysis(clause.part == Part::Operative);
            }
            continue;
        }
        let mut ca = ClauseAnalysis {
            hits: Arc::clone(&scan.by_name),
            ..ClauseAnalysis::default()
        };
        // Parents precede their children, so the lead-in is already analysed.
        let parent_idx = clause.parent.filter(|&p| p < i);
        let parent = parent_idx.and_then(|p| clauses.get(p));
        // Places in the analysis count from the paragraph's start.
        let root = doc.root_start(i);
        let mut lead_in = tasks::LeadIn::default();
        if clause.part == Part::Operative {
            // The clause's own opening verb, found once for its verb and its tasks.
            let opening = opening_verb_hit(&clause.norm.text, scan, &ids).and_then(|(span, ti)| {
                let term = lexicons.by_index(ids.verbs?)?.term(ti)?;
                Some((span, term, term.attr_u8("force").unwrap_or(1).clamp(1, 5)))
            });
            ca.verb = own_verb(clause, opening, root).or_else(|| {
                parent.and_then(|p| p.verb.clone()).map(|mut v| {
                    v.inherited = true;
                    v
                })
            });
            let own_verb_present = ca.verb.as_ref().is_some_and(|v| !v.inherited);
            ca.addressee = match opening.filter(|_| own_verb_present) {
                Some((span, term, _)) => {
                    let addressed = addressee::addressed(term);
                    let find = || {
                        addressee::addressee(
                            &clause.norm.text,
                            span.end,
                            addressed,
                            scan,
                            &ids,
                            lexicons,
                            mission.as_deref(),
                            &acronyms,
                        )
                    };
                    let kept_text = kept_texts.get(i).cloned().flatten();
                    let found = match (cache.as_deref_mut(), kept_text) {
                        (Some(cache), Some(text)) => {
                            cache.addressee(text, span.end, addressed, find)
                        }
                        _ => find(),
                    };
                    found.map(|a| addressee::in_original(a, clause, root))
                }
                None => None,
            }
            .or_else(|| parent.and_then(|p| p.addressee.clone()));
            let text = &*clause.norm.text;
            scan.defined_forces = defence_acronyms
                .iter()
                .filter_map(|a| find_word(text, a).map(|at| Span::new(at, at + a.len())))
                .collect();
            let scan = &*scan;
            let own_verb_hit = opening
                .filter(|_| own_verb_present)
                .map(|(span, term, force)| {
                    (span, force, term.attr_bool("directive").unwrap_or(true))
                });
            let input = tasks::ClauseInput {
                text,
                scan,
                lexicons,
                mission: un_mission,
                defined_forces: &scan.defined_forces,
                own_verb: own_verb_hit,
                addressee: if own_verb_present {
                    ca.addressee.as_ref().map(|a| a.kind)
                } else {
                    None
                },
                parent: parent_idx.and_then(|p| lead_ins.get(p).copied()),
                title: clause.title,
                frame: parent_idx
                    .and_then(|p| Some((doc.clauses.get(p)?, clauses.get(p)?)))
                    .filter(|(pc, pa)| {
                        pc.norm.text.trim_end().ends_with(':') && !pa.tasks.is_empty()
                    })
                    .map(|(_, pa)| {
                        (
                            pa.tasks
                                .iter()
                                .flat_map(|t| t.engagement.iter().copied())
                                .collect(),
                            pa.tasks
                                .iter()
                                .flat_map(|t| t.actors.iter().copied())
                                .collect(),
                        )
                    }),
            };
            let kept_text = kept_texts.get(i).cloned().flatten();
            let found = match (cache.as_deref_mut(), kept_text) {
                (Some(cache), Some(text)) => {
                    cache.tasks(text, &input, || tasks::clause_tasks(&input, &task_ids))
                }
                _ => Arc::new(tasks::clause_tasks(&input, &task_ids)),
            };
            lead_in = found.lead_in;
            ca.tasks.reserve(found.tasks.len());
            for (_, task) in &found.tasks {
                let mut task = task.clone();
                task.rooted = rooted(clause.norm.span_to_original(task.rooted), root);
                ca.tasks.push(task);
            }
        }
        ca.ssr = scan.has(ids.ssr) || ca.dsr_task;
        lead_ins.push(lead_in);
        clauses.push(Arc::new(ca));
    }
    // A lead-in whose sub-items carry DSR tasks ("to support the reform of the defence
    // sector, and to carry out the following tasks:") is the frame of those tasks, not a
    // task of its own: its broad words would otherwise be coded "not specified".
    for (i, clause) in doc.clauses.iter().enumerate() {
        let frame =
            clause.norm.text.trim_end().ends_with(':') && descendants_have_tasks(doc, &clauses, i);
        if frame {
            if let Some(ca) = clauses.get_mut(i).filter(|ca| !ca.tasks.is_empty()) {
                Arc::make_mut(ca).tasks.clear();
            }
        }
    }
    for (i, ca) in clauses.iter_mut().enumerate() {
        // A kept analysis is coded already (a new one is not shared yet: no copy).
        if kept_from.get(i).is_none_or(Option::is_none) {
            Arc::make_mut(ca).code_from_tasks();
        }
    }
    let sets_mandate = mandate::sets_un_mandate(doc, &clauses, &scans, &ids, lexicons, un_mission);
    Analysis {
        sets_mandate,
        clauses,
        mission,
        acronyms,
    }
}

fn descendants_have_tasks(doc: &Document, clauses: &[Arc<ClauseAnalysis>], i: usize) -> bool {
    let Some(clause) = doc.clauses.get(i) else {
        return false;
    };
    clause.children.iter().any(|&c| {
        c > i
            && (clauses.get(c).is_some_and(|a| !a.tasks.is_empty())
                || descendants_have_tasks(doc, clauses, c))
    })
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

/// The verb that opens an operative clause, from its opening verb's hit (span in the
/// clause's text), term and force.
fn own_verb(clause: &Clause, opening: Option<(Span, &Term, u8)>, root: usize) -> Option<Verb> {
    let (span, term, force) = opening?;
    Some(Verb {
        lemma: Arc::clone(&term.id),
        force,
        rooted: rooted(clause.norm.span_to_original(span), root),
        inherited: false,
    })
}

/// `span`, a place in the document, counted from `root` (`Rooted`).
pub(crate) fn rooted(span: Span, root: usize) -> Span {
    span.shifted(-(root as isize))
}

/// Length of `text` up to the first of `stops`, at most 200 bytes (on a char boundary).
fn window_len(text: &str, stops: &[&str]) -> usize {
    // One pass over the first 200 bytes for all stops, the only places where a stop
    // that matters can start (searching the whole clause was 2% of a corpus run, and
    // a `find` per stop, each setting up a searcher, 3% of a keystroke's check): the
    // first place where one starts is the earliest of them. Where a stop may start:
    // its first byte (all are ASCII today; a stop that is not, or an empty one, makes
    // every byte a candidate).
    let mut starts: u128 = 0;
    let mut every_byte = false;
    for stop in stops {
        match stop.as_bytes().first() {
            Some(&b) if b.is_ascii() => starts |= 1 << b,
            _ => every_byte = true,
        }
    }
    let first = text.bytes().take(200).enumerate().find_map(|(at, b)| {
        let candidate = every_byte || (b.is_ascii() && starts & (1 << b) != 0);
        let here = candidate
            && text
                .get(at..)
                .is_some_and(|rest| stops.iter().any(|s| rest.starts_with(s)));
        here.then_some(at)
    });
    let mut end = first.unwrap_or(text.len()).min(200);
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Byte offset of the first `needle` in `haystack`: `str::find` by SIMD (`memchr`),
/// without the set-up of `str::find`'s searcher, which the task finder paid on every
/// one of its many short searches (5% of a corpus run). A match of a string always
/// starts on a character boundary.
pub(crate) fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// Byte offset of `word` in `text` on word boundaries (case-sensitive).
fn find_word(text: &str, word: &str) -> Option<usize> {
    memchr::memmem::find_iter(text.as_bytes(), word.as_bytes()).find(|&i| {
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
    // Non-overlapping occurrences, as `str::matches` counts them, by SIMD (an empty
    // needle matches at every character there, at every byte here).
    let count = |acronym: &str| match acronym {
        "" => doc.text.chars().count() + 1,
        _ => memchr::memmem::find_iter(doc.text.as_bytes(), acronym.as_bytes()).count(),
    };
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
    // One searcher for every clause (`match_indices` set one up per clause: a tenth of
    // a long draft's analysis on each keystroke), its finds kept with the clause's scan.
    let mandate_of = memchr::memmem::Finder::new("mandate of");
    let operative = doc
        .clauses
        .iter()
        .zip(scans)
        .filter(|(c, _)| c.part == Part::Operative);
    for (clause, scan) in operative {
        let text = &*clause.norm.text;
        for &at in scan.mandate_of(text, &mandate_of) {
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
    // Occurrences are counted over the whole draft to choose between candidates only:
    // one candidate is the answer (a long draft naming its mission in every paragraph
    // counted them all on every keystroke).
    if mandated.len() == 1 {
        return mandated.into_keys().next();
    }
    if let Some((acronym, _)) = mandated
        .into_iter()
        .max_by_key(|(acronym, n)| (*n, count(acronym)))
    {
        return Some(acronym);
    }
    if let [only] = operations.as_slice() {
        return Some(only.acronym.clone());
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
                *counts.entry(&*t.id).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(name, n)| (*n, std::cmp::Reverse(*name)))
        .map(|(name, _)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::window_len;
    use proptest::prelude::*;

    /// `window_len` as it was first written: the earliest `find` of any stop.
    fn by_find(text: &str, stops: &[&str]) -> usize {
        let longest = stops.iter().map(|s| s.len()).max().unwrap_or(0);
        let mut limit = (200 + longest).min(text.len());
        while !text.is_char_boundary(limit) {
            limit += 1;
        }
        let head = text.get(..limit).unwrap_or(text);
        let mut end = stops
            .iter()
            .filter_map(|s| head.find(s))
            .min()
            .unwrap_or(text.len())
            .min(200);
        while end > 0 && !text.is_char_boundary(end) {
            end -= 1;
        }
        end
    }

    proptest! {
        #[test]
        fn one_pass_finds_the_earliest_stop(
            text in proptest::collection::vec(
                prop::sample::select(vec![
                    " ", "to", " to ", ":", ";", "that", " that ", "é", "—", "MONUSCO", "x",
                ]),
                0..90,
            ).prop_map(|parts| parts.concat())
        ) {
            for stops in [
                &[" to ", ":", ";", " that "][..],
                &[" shall ", " will ", " should ", " is ", ":", ";"][..],
                &["é", "", "x"][..],
            ] {
                prop_assert_eq!(window_len(&text, stops), by_find(&text, stops));
            }
        }
    }
}
