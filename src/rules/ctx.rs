//! What every check needs: the document, its analysis, scopes, predicates evaluated
//! on clauses, the clause text and spans, and diagnostic building. Quick-fix placement
//! is in `fix.rs`.

use smol_str::format_smolstr;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use super::carry::{listed, merged, Carry, UnionKey, Worked};
use super::predicate::Predicate;

use super::spec::{Anchor, LookIn, Scope};
use super::{Rule, RuleData};
use crate::analyse::{
    names, AddresseeKind, Analysis, ClauseAnalysis, ClauseHits, Rooted, TermMatch,
};
use crate::diagnostic::{Diagnostic, RelatedSpan};
use crate::model::{Clause, Document, Part};
use crate::precedent::{DraftContext, PrecedentIndex};
use crate::span::Span;
use crate::Checked;

/// A predicate slice (address, length) and whether the look is over the operative part
/// (else the whole draft).
type WideLook = (usize, usize, bool);

/// Said on findings about implicit DSR tasks (docs/coding-guide.md §2.2).
const IMPLICIT_CLAUSE_NOTE: &str = "implicit DSR task: security sector reform whose scope takes in the defence sector without naming it (DCAF 2020, paras 3 and 21)";
const IMPLICIT_DRAFT_NOTE: &str = "the draft's DSR tasks are all implicit: security sector reform that takes in the defence sector without naming it (see DSR020)";

pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub analysis: &'a Analysis,
    /// The mandate this draft renews, when given.
    pub previous: Option<&'a Checked>,
    /// The precedent index, when given (PRE001, agreed language beside suggestions).
    pub precedents: Option<&'a PrecedentIndex>,
    pub data: &'a RuleData,
    empty: ClauseAnalysis,
    dsr: Vec<usize>,
    /// What precedent lookups need to know about the draft, gathered on first use.
    draft_context: OnceLock<DraftContext>,
    /// The line ending the draft uses (`fix.rs`), found once: looking for it per
    /// finding made a long draft's check quadratic.
    pub(super) eol: OnceLock<&'static str>,
    /// `look_has_any` over the whole operative part or draft does not depend on the
    /// clause asked about: answered once per (predicates, scope), not once per clause
    /// (which made a long draft's check quadratic). Keyed by the predicate slice.
    /// Behind a lock: rules may run in parallel over one long draft (`RuleSet::run`).
    wide_looks: Mutex<Vec<(WideLook, bool)>>,
    /// `scope`'s answers, by scope (`scope_slot`; the DSR tasks are `dsr`).
    scopes: [OnceLock<Vec<usize>>; 6],
    /// The length of each clause's `own_norm`.
    own_norm_ends: OnceLock<Vec<usize>>,
    /// `reporting_paragraph`'s answer: every document-level finding anchored on the
    /// reporting paragraph asks.
    reporting: OnceLock<Option<usize>>,
    /// `looked_at`'s answers, by (scope, look).
    looked: [OnceLock<Vec<usize>>; 30],
    /// `scope_lexicons`' answers, by scope.
    scope_bits: [OnceLock<u128>; 6],
    /// `looked_lexicons`' answers, by (scope, look), as `looked`.
    looked_bits: [OnceLock<u128>; 30],
    /// `own_texts_where`'s answers, by `TextNeed`.
    texts: [OnceLock<Vec<usize>>; TextNeed::COUNT],
    /// `union_by_paragraph`'s values, kept for the next check. Behind a lock: rules may
    /// run in parallel.
    unions: Mutex<Vec<(UnionKey, Vec<u64>)>>,
    /// The last check's lists, for the language server's check (`carry`).
    carry: Option<Carry<'a>>,
}

/// The own texts a text check reads (`Ctx::own_texts_where`), one list per check kind.
#[derive(Clone, Copy, Debug)]
pub(crate) enum TextNeed {
    /// Those that name a paragraph (cross-reference).
    Paragraphs,
    /// Those with a resolution-citation keyword (citation-format).
    Citations,
    /// Those with an acronym-shaped token or an acronym defined (acronym-definition).
    Acronyms,
}

impl TextNeed {
    pub const COUNT: usize = 3;
}

/// A clause's own text as the text-level checks read it (`Ctx::own_texts`).
pub(crate) struct OwnText<'a> {
    pub index: usize,
    pub clause: &'a Clause,
    /// `Ctx::own_norm`.
    pub text: &'a str,
    /// The clause's hits, when a value read from `text` may be kept with them.
    pub hits: Option<&'a ClauseHits>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        doc: &'a Document,
        analysis: &'a Analysis,
        previous: Option<&'a Checked>,
        precedents: Option<&'a PrecedentIndex>,
        data: &'a RuleData,
    ) -> Self {
        Ctx::carrying(doc, analysis, (previous, precedents), data, None)
    }

    /// `new`, with the last check's lists to carry over for the paragraphs it did not
    /// change (`carry`); `into_worked` gives this check's for the next.
    pub fn carrying(
        doc: &'a Document,
        analysis: &'a Analysis,
        (previous, precedents): (Option<&'a Checked>, Option<&'a PrecedentIndex>),
        data: &'a RuleData,
        carry: Option<Carry<'a>>,
    ) -> Self {
        // A request that the Secretary-General report on defence reform is reporting,
        // not a task of support to the defence sector: the DSR rules judge it elsewhere.
        let is_dsr = |i: usize| {
            analysis.clauses.get(i).is_some_and(|c| {
                // The addressee first: a lexicon looked up by name is a search.
                c.dsr_task
                    && !(c
                        .addressee
                        .as_ref()
                        .is_some_and(|a| a.kind == AddresseeKind::SecretaryGeneral)
                        && c.has(names::REPORTING))
            })
        };
        let dsr = listed(
            carry.as_ref(),
            |last| Some(&last.dsr),
            doc.clauses.len(),
            is_dsr,
        );
        Ctx {
            doc,
            analysis,
            previous,
            precedents,
            data,
            empty: ClauseAnalysis::default(),
            dsr,
            draft_context: OnceLock::new(),
            eol: OnceLock::new(),
            wide_looks: Mutex::default(),
            scopes: Default::default(),
            own_norm_ends: OnceLock::new(),
            reporting: OnceLock::new(),
            looked: Default::default(),
            scope_bits: Default::default(),
            looked_bits: Default::default(),
            texts: Default::default(),
            unions: Mutex::default(),
            carry,
        }
    }

    /// The union (bitwise or) over the draft of `of`, a value that the clauses `of` is
    /// given decide each on its own (a set of codes, whether one holds): with the
    /// language server's check, asked of each top-level paragraph and kept per
    /// paragraph under `key` (the rule's code, a number of its own), so that the next
    /// check asks it again only of the paragraphs the edit changed.
    pub fn union_by_paragraph(&self, key: (&str, u8), of: impl Fn(Range<usize>) -> u64) -> u64 {
        let Some(carry) = &self.carry else {
            return of(0..self.doc.clauses.len());
        };
        let old = carry
            .last
            .unions
            .iter()
            .find(|((code, n), _)| code == key.0 && *n == key.1)
            .map(|(_, values)| values.as_slice());
        let values: Vec<u64> = carry
            .paragraphs
            .iter()
            .zip(&carry.same_as)
            .map(|(para, same)| {
                let kept = old.zip(*same).and_then(|(old, k)| old.get(k).copied());
                kept.unwrap_or_else(|| of(para.clauses.clone()))
            })
            .collect();
        let union = values.iter().fold(0, |u, v| u | v);
        if let Ok(mut unions) = self.unions.lock() {
            unions.push(((key.0.into(), key.1), values));
        }
        union
    }

    /// Whether some clause of `among` (a scope or look, ascending) `holds`, asked as a
    /// union by paragraph (`union_by_paragraph`): each clause answers on its own.
    pub fn any_by_paragraph(
        &self,
        key: (&str, u8),
        among: &[usize],
        holds: impl Fn(usize) -> bool,
    ) -> bool {
        let any_in =
            |clauses: Range<usize>| u64::from(within(among, clauses).iter().any(|&i| holds(i)));
        self.union_by_paragraph(key, any_in) != 0
    }

    /// The lists this check worked out, for the next check to carry over.
    pub fn into_worked(self) -> Worked {
        Worked {
            dsr: self.dsr,
            scopes: self.scopes.map(OnceLock::into_inner),
            own_norm_ends: self.own_norm_ends.into_inner(),
            looked: self.looked.map(OnceLock::into_inner),
            texts: self.texts.map(OnceLock::into_inner),
            unions: self.unions.into_inner().unwrap_or_default(),
        }
    }

    /// The draft's mission, its name and country, and its DSR language, for precedent
    /// lookups.
    pub fn draft_context(&self) -> &DraftContext {
        self.draft_context
            .get_or_init(|| DraftContext::from_parts(self.doc, self.analysis))
    }

    pub fn clause(&self, i: usize) -> Option<&'a Clause> {
        self.doc.clauses.get(i)
    }

    /// The clauses `only` (one paragraph's, for a paragraph-local check), with their
    /// indices.
    pub fn clauses_among(&self, only: Range<usize>) -> impl Iterator<Item = (usize, &'a Clause)> {
        let clauses = &self.doc.clauses;
        let end = only.end.min(clauses.len());
        clauses
            .get(only.start.min(end)..end)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(move |(k, c)| (only.start + k, c))
    }

    pub fn ca(&self, i: usize) -> &ClauseAnalysis {
        self.analysis.clauses.get(i).map_or(&self.empty, |ca| ca)
    }

    /// DSR task clauses, in document order.
    pub fn dsr_tasks(&self) -> &[usize] {
        &self.dsr
    }

    /// Whether clause `i` satisfies a predicate.
    pub fn has(&self, i: usize, p: &Predicate) -> bool {
        p.holds(self.ca(i))
    }

    /// Whether a DSR task's sub-items include DSR tasks: such a lead-in is judged
    /// through its sub-items, not on its own.
    pub fn is_dsr_lead_in(&self, i: usize) -> bool {
        self.clause(i).is_some_and(|c| {
            c.children
                .iter()
                .any(|ch| self.dsr.binary_search(ch).is_ok())
        })
    }

    pub fn has_any(&self, i: usize, any: &[Predicate]) -> bool {
        any.iter().any(|p| self.has(i, p))
    }

    /// Clauses to look in around clause `i`, in order: the clause, its lead-ins
    /// (nearest first), its sub-items; or the operative part; or the whole draft. Lazy
    /// (asked once per clause in scope): a look answered by the clause itself walks no
    /// further, and sub-items are gathered only when reached.
    pub fn around(&self, i: usize, look_in: LookIn) -> impl Iterator<Item = usize> + '_ {
        let (own, up, down) = match look_in {
            LookIn::Clause => (true, false, false),
            LookIn::Ancestors => (true, true, false),
            LookIn::Family => (true, true, true),
            LookIn::Operative | LookIn::Document => (false, false, false),
        };
        let operative = (look_in == LookIn::Operative).then(|| self.scope(Scope::Operative));
        let document = (look_in == LookIn::Document).then_some(0..self.doc.clauses.len());
        own.then_some(i)
            .into_iter()
            .chain(up.then(|| self.doc.ancestors(i)).into_iter().flatten())
            .chain(
                down.then_some(i)
                    .into_iter()
                    .flat_map(|i| self.doc.descendants(i)),
            )
            .chain(operative.into_iter().flatten().copied())
            .chain(document.into_iter().flatten())
    }

    pub fn look_has_any(&self, i: usize, any: &[Predicate], look_in: LookIn) -> bool {
        let wide = match look_in {
            LookIn::Operative => Some(true),
            LookIn::Document => Some(false),
            LookIn::Clause | LookIn::Ancestors | LookIn::Family => None,
        };
        let key = wide.map(|operative| (any.as_ptr() as usize, any.len(), operative));
        if let Some(key) = key {
            let known = self
                .wide_looks
                .lock()
                .ok()
                .and_then(|looks| looks.iter().find(|(k, _)| *k == key).map(|(_, v)| *v));
            if let Some(answer) = known {
                return answer;
            }
        }
        let answer = self.around(i, look_in).any(|c| self.has_any(c, any));
        if let Some(key) = key {
            if let Ok(mut looks) = self.wide_looks.lock() {
                looks.push((key, answer));
            }
        }
        answer
    }

    /// Every clause looked in around some clause of `scope` (the union of `around` over
    /// the scope), in document order, worked out once per check: "is X said around one
    /// of the DSR tasks" asked of each clause in turn walked the same lead-ins and
    /// sub-items again for every task, and for every item a rule asks about.
    pub fn looked_at(&self, scope: Scope, look_in: LookIn) -> &[usize] {
        let Some(cell) = self.looked.get(look_slot(scope, look_in)) else {
            return &[];
        };
        cell.get_or_init(|| {
            let from = self.scope(scope);
            match look_in {
                // The same clauses around every clause of a scope that has any.
                LookIn::Operative | LookIn::Document if from.is_empty() => Vec::new(),
                LookIn::Operative => self.scope(Scope::Operative).to_vec(),
                LookIn::Document => (0..self.doc.clauses.len()).collect(),
                LookIn::Clause | LookIn::Ancestors | LookIn::Family => {
                    let carried = self.carry.as_ref().and_then(|carry| {
                        let old = carry.last.looked.get(look_slot(scope, look_in))?;
                        Some(self.looked_carrying(carry, old.as_deref()?, from, look_in))
                    });
                    carried.unwrap_or_else(|| {
                        let seen = self
                            .marked_around(from, look_in)
                            .unwrap_or_else(|| self.marked_one_by_one(from, look_in));
                        (0..seen.len())
                            .filter(|&c| seen.get(c).copied().unwrap_or(false))
                            .collect()
                    })
                }
            }
        })
    }

    /// `looked_at` from the last check's answer `old`: what the unchanged paragraphs
    /// contributed, and the clauses looked in around those of `from` in the others. A
    /// look from a paragraph the edit changed may reach another changed one (a heading
    /// between items), never an unchanged one: those are trees of their own.
    fn looked_carrying(
        &self,
        carry: &Carry<'_>,
        old: &[usize],
        from: &[usize],
        look_in: LookIn,
    ) -> Vec<usize> {
        let mut walked = Vec::new();
        for clauses in carry.changed() {
            for &i in within(from, clauses) {
                walked.extend(self.around(i, look_in));
            }
        }
        walked.sort_unstable();
        walked.dedup();
        merged(carry.list(old, |_| false), &walked)
    }

    /// `looked_at`'s clauses marked by walking `around` from each clause of the scope.
    fn marked_one_by_one(&self, from: &[usize], look_in: LookIn) -> Vec<bool> {
        let mut seen = vec![false; self.doc.clauses.len()];
        for &i in from {
            for c in self.around(i, look_in) {
                if let Some(s) = seen.get_mut(c) {
                    *s = true;
                }
            }
        }
        seen
    }

    /// `marked_one_by_one` in one pass over the clauses: lead-ins marked upwards until
    /// one already marked so, sub-items downwards in document order. Walking each
    /// clause's lead-ins and sub-items apart went over a long list once per item (and
    /// gathered each item's sub-items in a list of its own). `None` when some item
    /// comes before its lead-in in the document (then the walk one by one).
    fn marked_around(&self, from: &[usize], look_in: LookIn) -> Option<Vec<bool>> {
        let clauses = &self.doc.clauses;
        let mut seen = vec![false; clauses.len()];
        for &i in from {
            *seen.get_mut(i)? = true;
        }
        if matches!(look_in, LookIn::Ancestors | LookIn::Family) {
            let mut walked_up = vec![false; clauses.len()];
            for &i in from {
                let mut at = i;
                while let Some(p) = clauses.get(at).and_then(|c| c.parent) {
                    if p >= at {
                        return None;
                    }
                    // Its own lead-ins were marked when it was first walked up from.
                    if std::mem::replace(walked_up.get_mut(p)?, true) {
                        break;
                    }
                    *seen.get_mut(p)? = true;
                    at = p;
                }
            }
        }
        if look_in == LookIn::Family {
            // In the scope or below a clause of it: an item is when its lead-in is, the
            // lead-in coming first.
            let mut under = vec![false; clauses.len()];
            for &i in from {
                *under.get_mut(i)? = true;
            }
            for (p, clause) in clauses.iter().enumerate() {
                let lead_in_under = under.get(p).copied().unwrap_or(false);
                for &ch in &clause.children {
                    if ch <= p {
                        return None;
                    }
                    if lead_in_under {
                        *under.get_mut(ch)? = true;
                        *seen.get_mut(ch)? = true;
                    }
                }
            }
        }
        Some(seen)
    }

    /// The lexicons (among the first 128: `ClauseHits::present_bits`) with a hit in some
    /// clause of a scope, once per check: "does any clause say X" over a long draft is
    /// then one test (`Predicate::lexicon_bits`), not a walk.
    pub fn scope_lexicons(&self, scope: Scope) -> u128 {
        let union = || self.lexicons_in(self.scope(scope));
        match self.scope_bits.get(scope_slot(scope)) {
            Some(cell) => *cell.get_or_init(union),
            None => union(),
        }
    }

    /// `scope_lexicons` of the clauses looked in around a scope (`looked_at`).
    pub fn looked_lexicons(&self, scope: Scope, look_in: LookIn) -> u128 {
        let union = || self.lexicons_in(self.looked_at(scope, look_in));
        match self.looked_bits.get(look_slot(scope, look_in)) {
            Some(cell) => *cell.get_or_init(union),
            None => union(),
        }
    }

    fn lexicons_in(&self, clauses: &[usize]) -> u128 {
        clauses
            .iter()
            .fold(0, |bits, &i| bits | self.ca(i).hits.present_bits())
    }

    /// The clauses of a scope, in document order: worked out once per check (rules ask
    /// for the same few scopes, some once per clause).
    pub fn scope(&self, scope: Scope) -> &[usize] {
        if scope == Scope::DsrTasks {
            return &self.dsr;
        }
        match self.scopes.get(scope_slot(scope)) {
            Some(cell) => cell.get_or_init(|| self.clauses_in(scope)),
            None => &[],
        }
    }

    fn clauses_in(&self, scope: Scope) -> Vec<usize> {
        let member = |i: usize| match scope {
            Scope::Operative => self.part(i) == Some(Part::Operative),
            Scope::Preambular => self.part(i) == Some(Part::Preambular),
            Scope::DsrOrSsr => {
                let ca = self.ca(i);
                self.part(i) == Some(Part::Operative)
                    && (ca.dsr_task || ca.ssr || self.has_ssr_hit(ca))
            }
            Scope::All => true,
            Scope::DsrTasks | Scope::DsrFamily => false,
        };
        match scope {
            Scope::DsrTasks => self.dsr.clone(),
            // The tasks with their lead-ins and sub-items: what is looked at around them.
            Scope::DsrFamily => self.looked_at(Scope::DsrTasks, LookIn::Family).to_vec(),
            Scope::Operative | Scope::Preambular | Scope::DsrOrSsr | Scope::All => listed(
                self.carry.as_ref(),
                |last| last.scopes.get(scope_slot(scope))?.as_deref(),
                self.doc.clauses.len(),
                member,
            ),
        }
    }

    /// Whether a clause has a hit of the SSR lexicon (by its index when the rules were
    /// loaded with it).
    fn has_ssr_hit(&self, ca: &ClauseAnalysis) -> bool {
        match self.data.ssr_lexicon {
            Some(index) => ca.hits.has_index(index),
            None => ca.has(names::SSR),
        }
    }

    fn part(&self, i: usize) -> Option<Part> {
        self.clause(i).map(|c| c.part)
    }

    /// The opening words of a clause: label and first line, at most ~90 bytes, so an
    /// editor underlines something readable rather than a whole paragraph.
    pub fn head_span(&self, i: usize) -> Span {
        let Some(c) = self.clause(i) else {
            return Span::empty(0);
        };
        let text = &self.doc.text;
        let start = c.span.start;
        let mut end = c.span.end.min(text.len());
        // Only the first line's first 91 bytes matter (a longer head is cut at 90
        // below): a long clause is not searched to its end for a line break.
        let mut window = end.min(start + 91);
        while window > start && !text.is_char_boundary(window) {
            window -= 1;
        }
        if let Some(rest) = text.get(start..window) {
            if let Some(nl) = memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
                end = start + nl;
            }
        }
        if end - start > 90 {
            let mut cut = start + 90;
            while cut > start && !text.is_char_boundary(cut) {
                cut -= 1;
            }
            // End on a word boundary when there is one.
            if let Some(sp) = text
                .get(start..cut)
                .and_then(|s| memchr::memrchr(b' ', s.as_bytes()))
            {
                if sp > 20 {
                    cut = start + sp;
                }
            }
            end = cut;
        }
        Span::new(start, end.max(start))
    }

    /// The verb of a clause when written in it, else the opening words.
    pub fn verb_or_head(&self, i: usize) -> Span {
        let own = self.ca(i).verb.as_ref().filter(|v| !v.inherited);
        match own.map(|v| v.place(self.doc, i)) {
            Some(verb) if self.clause(i).is_some_and(|c| c.span.covers(verb)) => verb,
            _ => self.head_span(i),
        }
    }

    /// A diagnostic for `rule` with its help text and the clause reference filled in.
    pub fn diag(
        &self,
        rule: &Rule,
        span: Span,
        clause: Option<usize>,
        message: String,
    ) -> Diagnostic {
        let implicit_clause =
            clause.is_some_and(|i| self.ca(i).dsr == Some(crate::analyse::DsrScope::Implicit));
        // DSR rules run on implicit DSR tasks too (SSR that takes in the defence sector
        // without naming it) and say so.
        let message = if rule.requires_dsr && implicit_clause {
            message.replacen("DSR task", "implicit DSR task", 1)
        } else {
            message
        };
        let mut d = Diagnostic::new(
            rule.code.clone(),
            rule.name.clone(),
            rule.severity,
            message,
            span,
        );
        d.help = Some(self.fill(&rule.help).into());
        d.clause_ref = clause
            .and_then(|i| self.clause(i))
            .map(|c| c.reference.clone());
        if rule.requires_dsr && rule.code != "DSR020" {
            if implicit_clause {
                d.notes.push(IMPLICIT_CLAUSE_NOTE.into());
            } else if clause.is_none() && !self.has_explicit_dsr() {
                d.notes.push(IMPLICIT_DRAFT_NOTE.into());
            }
        }
        d
    }

    /// Whether any DSR task of the draft names the defence sector.
    pub fn has_explicit_dsr(&self) -> bool {
        self.dsr
            .iter()
            .any(|&i| self.ca(i).dsr == Some(crate::analyse::DsrScope::Explicit))
    }

    /// A document-level finding (something missing), anchored where the drafter must
    /// act (`rule.anchor`: the lead-in introducing the DSR tasks, the last task of their
    /// list, the first operative paragraph, or the reporting paragraph); every DSR task
    /// in `anchors` other than the anchor itself as a related location. Without DSR
    /// tasks, on the first operative paragraph.
    pub fn missing(&self, rule: &Rule, message: String, anchors: &[usize]) -> Diagnostic {
        let primary = if anchors.is_empty() {
            self.first_operative_paragraph()
        } else {
            self.anchor_clause(rule.anchor)
                .or_else(|| anchors.first().copied())
        };
        let span = match primary {
            Some(i) => self.head_span(i),
            None => self.doc.council_line.unwrap_or(Span::empty(0)),
        };
        let mut d = self.diag(rule, span, None, message);
        d.clause_ref = primary
            .and_then(|i| self.clause(i))
            .map(|c| c.reference.clone());
        for &i in anchors.iter().filter(|&&i| Some(i) != primary).take(12) {
            if let Some(c) = self.clause(i) {
                d.related.push(RelatedSpan {
                    span: self.head_span(i),
                    message: format_smolstr!("DSR task in paragraph {}", c.reference),
                    clause_ref: Some(c.reference.clone()),
                });
            }
        }
        d
    }

    /// The clause a document-level finding anchors on (`Anchor` says why each).
    pub fn anchor_clause(&self, anchor: Anchor) -> Option<usize> {
        match anchor {
            Anchor::DsrLeadIn => self.dsr_list().or_else(|| self.dsr.first().copied()),
            Anchor::DsrInsertion => self.dsr_insertion_point(),
            Anchor::Mandate => self.first_operative_paragraph(),
            Anchor::Reporting => self
                .reporting_paragraph()
                .or_else(|| self.dsr_insertion_point()),
        }
    }

    /// The clause whose sub-items are the DSR task list: the lead-in of the first DSR
    /// task, or the first DSR task itself when its own sub-items carry the tasks.
    pub fn dsr_list(&self) -> Option<usize> {
        let first = *self.dsr.first()?;
        let task = self.clause(first)?;
        match task.parent {
            Some(p) => Some(p),
            None if !task.children.is_empty() => Some(first),
            None => None,
        }
    }

    /// The last item of the DSR task list, after which a suggested sub-paragraph goes;
    /// without a list, the last DSR task.
    pub fn dsr_insertion_point(&self) -> Option<usize> {
        self.dsr_list()
            .and_then(|l| self.clause(l))
            .and_then(|l| l.children.last().copied())
            .or_else(|| self.dsr.last().copied())
    }

    /// The first operative paragraph: where the mandate is set, and where the editor
    /// shows the draft's DCAF profile.
    pub fn first_operative_paragraph(&self) -> Option<usize> {
        self.doc.operative_paragraphs().map(|(i, _)| i).next()
    }

    /// The first operative paragraph asking the Secretary-General to report.
    pub fn reporting_paragraph(&self) -> Option<usize> {
        *self.reporting.get_or_init(|| {
            self.doc.operative_paragraphs().map(|(i, _)| i).find(|&i| {
                let ca = self.ca(i);
                ca.addressee
                    .as_ref()
                    .is_some_and(|a| a.kind == AddresseeKind::SecretaryGeneral)
                    && ca.has(names::REPORTING)
            })
        })
    }

    /// `{mission}` → the mission's acronym (or "the mission").
    pub fn fill(&self, template: &str) -> String {
        // `render`'s single pass: `str::replace` set up a searcher for every finding's
        // help, a third of filling it.
        self.fill_with(template, &[])
    }

    /// `render` with `vars` and `{mission}` in one pass (a message of a rule firing on
    /// every DSR task was rendered, then filled).
    pub fn fill_with(&self, template: &str, vars: &[(&str, &str)]) -> String {
        let mission = self.analysis.mission.as_deref().unwrap_or("the mission");
        render_with(template, vars, Some(("mission", mission)))
    }

    /// The clause's own text in the original (lead-in only when sub-items follow),
    /// trailing page furniture cut off.
    pub fn own_text(&self, i: usize) -> &'a str {
        let Some(c) = self.clause(i) else { return "" };
        let mut end = c.body.end.max(c.body.start);
        if let Some(first_child) = c.children.first().and_then(|&ch| self.clause(ch)) {
            if first_child.span.start > c.body.start {
                end = end.min(first_child.span.start);
            }
        }
        // Cut furniture lying at the end (a page header between lead-in and sub-items).
        loop {
            let text = self.doc.text.get(c.body.start..end).unwrap_or("");
            let trimmed_end = c.body.start + text.trim_end().len();
            match self
                .doc
                .furniture
                .iter()
                .find(|f| f.start >= c.body.start && f.start < trimmed_end && f.end >= trimmed_end)
            {
                Some(f) => end = f.start,
                None => {
                    end = trimmed_end;
                    break;
                }
            }
        }
        self.doc.text.get(c.body.start..end).unwrap_or("")
    }

    /// The clause's own text with furniture removed and lines folded (analysis text),
    /// cut before the first sub-item if the parser kept sub-items in it.
    pub fn own_norm(&self, i: usize) -> &'a str {
        let Some(c) = self.clause(i) else { return "" };
        let end = self
            .own_norm_ends()
            .get(i)
            .copied()
            .unwrap_or(c.norm.text.len());
        c.norm.text.get(..end).unwrap_or(&c.norm.text)
    }

    /// The length of every clause's `own_norm`: most text rules ask for every clause,
    /// so the cuts are found once per check.
    fn own_norm_ends(&self) -> &[usize] {
        self.own_norm_ends.get_or_init(|| {
            let carried = self.carry.as_ref().and_then(|carry| {
                let old = carry.last.own_norm_ends.as_deref()?;
                Some(carry.values(old, |k| self.own_norm_end(k)))
            });
            carried.unwrap_or_else(|| {
                (0..self.doc.clauses.len())
                    .map(|k| self.own_norm_end(k))
                    .collect()
            })
        })
    }

    /// The length of `own_norm(i)`.
    fn own_norm_end(&self, i: usize) -> usize {
        let Some(c) = self.clause(i) else { return 0 };
        let norm = &c.norm.text;
        if let Some(first_child) = c.children.first().and_then(|&ch| self.clause(ch)) {
            // The first character at or past the sub-item's start: offsets map to the
            // original in order, so a binary search (a scan called to_original for every
            // byte of every lead-in, for every rule that asks).
            let target = first_child.span.start;
            // Nearly always the text ends before its first sub-item: one lookup.
            if norm.is_empty() || c.norm.to_original(norm.len() - 1) < target {
                return norm.len();
            }
            let (mut low, mut high) = (0, norm.len());
            while low < high {
                let mid = low + (high - low) / 2;
                if c.norm.to_original(mid) < target {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            while low < norm.len() && !norm.is_char_boundary(low) {
                low += 1;
            }
            if low < norm.len() {
                return low;
            }
        }
        norm.len()
    }

    /// The own texts the text-level checks read, among the clauses `only`: every
    /// clause's but the annex's (annexed agreements follow their own conventions), in
    /// document order. Each comes with the clause's hits when its own text is its whole
    /// analysis text, the text they were found in, as for nearly every clause: a value
    /// read from that text alone may then be kept with them (`ClauseHits`' memos),
    /// which the language server shares between checks, so a clause a keystroke did
    /// not touch is not read again. One pass, each text's cut looked up once: asking
    /// for the own text and the hits of every clause apart, for each rule that reads
    /// texts, cost a long draft's keystroke 0.2 M instructions.
    pub fn own_texts(&self, only: Range<usize>) -> impl Iterator<Item = OwnText<'a>> + '_ {
        let ends = self.own_norm_ends();
        self.clauses_among(only)
            .filter_map(move |(i, clause)| self.own_text_of(ends, i, clause))
    }

    /// `own_texts` of the whole draft, those `wanted` takes only: what a text check
    /// reads, asked of each text once (it reads its own memo, `ClauseHits`) and kept
    /// as a list that the language server's next check carries over for the paragraphs
    /// the edit did not change (`carry`). `need` names the check's list.
    pub fn own_texts_where(
        &self,
        need: TextNeed,
        wanted: impl Fn(&OwnText<'a>) -> bool,
    ) -> impl Iterator<Item = OwnText<'a>> + '_ {
        let ends = self.own_norm_ends();
        let own = move |i: usize| self.own_text_of(ends, i, self.clause(i)?);
        let member = |i: usize| own(i).is_some_and(|t| wanted(&t));
        let slot = need as usize;
        let list = match self.texts.get(slot) {
            Some(cell) => cell.get_or_init(|| {
                listed(
                    self.carry.as_ref(),
                    |last| last.texts.get(slot)?.as_deref(),
                    self.doc.clauses.len(),
                    member,
                )
            }),
            None => &[][..],
        };
        list.iter().filter_map(move |&i| own(i))
    }

    /// Clause `i`'s own text, unless it is in the annex.
    fn own_text_of(&self, ends: &[usize], i: usize, clause: &'a Clause) -> Option<OwnText<'a>> {
        if clause.part == Part::Annex {
            return None;
        }
        let norm: &str = &clause.norm.text;
        let end = ends.get(i).copied().unwrap_or(norm.len());
        let text = norm.get(..end).unwrap_or(norm);
        let hits = (text.len() == norm.len())
            .then(|| self.analysis.clauses.get(i))
            .flatten()
            .map(|ca| &*ca.hits);
        Some(OwnText {
            index: i,
            clause,
            text,
            hits,
        })
    }

    /// Where a lexicon hit of clause `i` (`ClauseAnalysis::hits`, whose spans are in the
    /// clause's normalised text) is in the document.
    pub fn hit_span(&self, i: usize, hit: &TermMatch) -> Span {
        self.norm_to_original(i, hit.span.start, hit.span.end)
    }

    /// A range of clause `i`'s normalised text (`own_norm`) as a span of the original.
    pub fn norm_to_original(&self, i: usize, start: usize, end: usize) -> Span {
        self.clause(i)
            .map(|c| c.norm.span_to_original(Span::new(start, end)))
            .unwrap_or_default()
    }
}

/// A scope's place in the per-scope answers a check keeps.
fn scope_slot(scope: Scope) -> usize {
    match scope {
        Scope::Operative => 0,
        Scope::Preambular => 1,
        Scope::DsrTasks => 2,
        Scope::DsrOrSsr => 3,
        Scope::DsrFamily => 4,
        Scope::All => 5,
    }
}

/// A (scope, look) pair's place in the per-look answers a check keeps.
fn look_slot(scope: Scope, look_in: LookIn) -> usize {
    let look = match look_in {
        LookIn::Clause => 0,
        LookIn::Ancestors => 1,
        LookIn::Family => 2,
        LookIn::Operative => 3,
        LookIn::Document => 4,
    };
    scope_slot(scope) * 5 + look
}

/// The entries of `list` (clause indices, ascending) among `clauses`: a scope's or a
/// look's clauses in one paragraph.
pub(crate) fn within(list: &[usize], clauses: Range<usize>) -> &[usize] {
    let from = list.partition_point(|&i| i < clauses.start);
    let to = list.partition_point(|&i| i < clauses.end);
    list.get(from..to).unwrap_or(&[])
}

/// The character before byte `at` is a word character (so `at` is no word start).
pub(crate) fn word_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|b| b.chars().next_back())
        .is_some_and(is_word)
}

/// A word character as the regex crate's Unicode `\w` and `\b` define it (the
/// hand-written scanners of the rules keep the semantics of the patterns they
/// replaced, which their tests keep as oracles).
pub(crate) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    regex_syntax::is_word_character(c)
}

/// How many bytes of whitespace (Unicode's, as the regex crate's `\s`) `text` starts
/// with.
pub(crate) fn spaces(text: &str) -> usize {
    text.chars()
        .take_while(|c| c.is_whitespace())
        .map(char::len_utf8)
        .sum()
}

/// A built-in pattern compiled on first use and kept for the process.
pub(crate) fn static_regex(
    cell: &'static std::sync::OnceLock<Option<regex::Regex>>,
    pattern: &str,
) -> Option<&'static regex::Regex> {
    cell.get_or_init(|| regex::Regex::new(pattern).ok())
        .as_ref()
}

/// Replaces `{key}` placeholders in a rule's message.
pub(crate) fn render(template: &str, vars: &[(&str, &str)]) -> String {
    render_with(template, vars, None)
}

/// `render` with one more variable beside `vars` (the mission, for `Ctx::fill_with`).
fn render_with(template: &str, vars: &[(&str, &str)], also: Option<(&str, &str)>) -> String {
    // One pass over the template (a `replace` per variable, each with its own
    // allocation, was a third of building a finding).
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    // `memchr` (vectorised): help texts run to hundreds of bytes with no placeholder,
    // read for every finding.
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        let (before, from_brace) = rest.split_at(open);
        out.push_str(before);
        let value = from_brace.get(1..).and_then(|after| {
            let (name, _) = after.split_once('}')?;
            let (_, value) = vars.iter().chain(&also).find(|(k, _)| *k == name)?;
            Some((value, name.len() + 2))
        });
        match value {
            Some((value, len)) => {
                out.push_str(value);
                rest = from_brace.get(len..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = from_brace.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    use super::{Ctx, LookIn, Scope};

    const SCOPES: [Scope; 6] = [
        Scope::Operative,
        Scope::Preambular,
        Scope::DsrTasks,
        Scope::DsrOrSsr,
        Scope::DsrFamily,
        Scope::All,
    ];

    /// `f` with the rules' context of the README's fixture.
    fn with_fixture(f: impl FnOnce(&Ctx<'_>)) {
        with_text(include_str!("../../fixtures/mission-renewal-gaps.txt"), f);
    }

    /// `f` with the rules' context of a draft.
    fn with_text(text: &str, f: impl FnOnce(&Ctx<'_>)) {
        let engine = crate::Engine::embedded().expect("embedded rules");
        let doc = engine.parse(text.to_string(), crate::model::SourceFormat::Text);
        let analysis = engine.analyse(&doc);
        let data = super::RuleData::default();
        f(&Ctx::new(&doc, &analysis, None, None, &data));
    }

    /// An SSR lead-in whose items are partly DSR tasks (one with items of its own) and
    /// partly neither.
    const MIXED_ITEMS: &str = "The Security Council,\n\n\
        Recalling its resolution 2151 (2014) on security sector reform,\n\n\
        1. Decides to extend the mandate of the United Nations Integrated Support Mission in \
        Valdoria (UNISMV) until 31 March 2027;\n\n\
        2. Requests UNISMV to support security sector reform in Valdoria, including by:\n\n\
        (a) advising the Ministry of Defence on a national defence policy;\n\n\
        (b) supporting the Ministry of Defence in the reform of the defence sector, in \
        particular through:\n\n\
        (i) the registration of voters in the eastern provinces;\n\n\
        (ii) the training of electoral staff;\n\n\
        (c) monitoring the human rights situation — including in Malé — and reporting on it;\n\n\
        3. Decides to remain actively seized of the matter.\n";

    /// Drafts of other shapes: lists in lists, SSR umbrellas, sub-items without
    /// lead-ins.
    const DRAFTS: [&str; 6] = [
        MIXED_ITEMS,
        include_str!("../../fixtures/comprehensive-dsr-mandate.txt"),
        include_str!("../../fixtures/ssr-umbrella-mandate.txt"),
        include_str!("../../fixtures/elements-without-structure.txt"),
        include_str!("../../fixtures/editorial-errors.txt"),
        include_str!("../../fixtures/renewal-unchanged.txt"),
    ];

    /// A clause's own text ends where its first sub-item starts, found by a scan of
    /// every offset: a lead-in whose list closes with words of its own (an Akoma Ntoso
    /// `wrapUp`) has them in its text, after its items.
    #[test]
    fn own_text_ends_before_the_first_sub_item() {
        let engine = crate::Engine::embedded().expect("embedded rules");
        let akn = include_str!("../../fixtures/precedents/S-RES-3199-2033.xml");
        let mut docs: Vec<crate::model::Document> = DRAFTS
            .iter()
            .map(|text| engine.parse(text.to_string(), crate::model::SourceFormat::Text))
            .collect();
        // As published, and with words closing the list after its items (`wrapUp`, as in
        // S/RES/2612 (2021) paragraph 55), which join the lead-in's text.
        let wrapped = akn.replacen(
            "</list>",
            "<wrapUp><p>and <span class=\"italic\">further requests</span> UNIMV to report \
             on each of these tasks;</p></wrapUp></list>",
            1,
        );
        assert_ne!(wrapped, akn);
        for xml in [akn, wrapped.as_str()] {
            let source = crate::input::read_bytes(
                "S-RES-3199-2033.xml",
                xml.as_bytes(),
                None,
                &crate::input::Limits::default(),
            )
            .expect("the fixture reads");
            docs.push(engine.parse_source(&source));
        }
        let mut cut = 0;
        for doc in &docs {
            let analysis = engine.analyse(doc);
            let data = super::RuleData::default();
            let cx = Ctx::new(doc, &analysis, None, None, &data);
            for (i, c) in doc.clauses.iter().enumerate() {
                let norm = &c.norm.text;
                let first_child = c.children.first().and_then(|&ch| doc.clauses.get(ch));
                let end = first_child
                    .and_then(|child| {
                        (0..norm.len())
                            .filter(|&k| norm.is_char_boundary(k))
                            .find(|&k| c.norm.to_original(k) >= child.span.start)
                    })
                    .unwrap_or(norm.len());
                cut += usize::from(end < norm.len());
                assert_eq!(cx.own_norm(i), &norm[..end], "clause {}", c.reference);
            }
        }
        assert!(cut > 0, "some lead-in keeps its items in its text");
    }

    const LOOKS: [LookIn; 5] = [
        LookIn::Clause,
        LookIn::Ancestors,
        LookIn::Family,
        LookIn::Operative,
        LookIn::Document,
    ];

    #[test]
    fn looked_at_is_the_union_of_the_looks_around_a_scope() {
        with_fixture(|cx| {
            let mut nonempty = 0;
            for scope in SCOPES {
                for look in LOOKS {
                    let mut union: Vec<usize> = cx
                        .scope(scope)
                        .iter()
                        .flat_map(|&i| cx.around(i, look))
                        .collect();
                    union.sort_unstable();
                    union.dedup();
                    assert_eq!(cx.looked_at(scope, look), &union[..], "{scope:?}, {look:?}");
                    nonempty += usize::from(!union.is_empty());
                }
            }
            assert!(nonempty >= 25, "{nonempty} of 30 looks found clauses");
        });
    }

    /// The SSR scope found by the SSR lexicon's index (as the loaded rules know it) is
    /// the one found by its name.
    #[test]
    fn the_ssr_scope_by_lexicon_index_is_the_scope_by_name() {
        let engine = crate::Engine::embedded().expect("embedded rules");
        assert!(engine.rules.data().ssr_lexicon.is_some());
        let mut found = 0;
        for text in DRAFTS {
            let doc = engine.parse(text.to_string(), crate::model::SourceFormat::Text);
            let analysis = engine.analyse(&doc);
            let by_name = super::RuleData::default();
            let by_index = Ctx::new(&doc, &analysis, None, None, engine.rules.data());
            let by_name = Ctx::new(&doc, &analysis, None, None, &by_name);
            assert_eq!(
                by_index.scope(Scope::DsrOrSsr),
                by_name.scope(Scope::DsrOrSsr)
            );
            found += by_index.scope(Scope::DsrOrSsr).len();
        }
        assert!(found >= 10, "{found} SSR or DSR clauses");
    }

    /// Marking the clauses around a scope in one pass marks those the walk from each
    /// clause marks, and is what the drafts take (no item before its lead-in).
    #[test]
    fn one_pass_marks_what_the_walk_from_each_clause_marks() {
        let mut marked = 0;
        for text in DRAFTS {
            with_text(text, |cx| {
                for scope in SCOPES {
                    for look in [LookIn::Clause, LookIn::Ancestors, LookIn::Family] {
                        let from = cx.scope(scope);
                        let one_pass = cx.marked_around(from, look);
                        assert_eq!(
                            one_pass.as_ref(),
                            Some(&cx.marked_one_by_one(from, look)),
                            "{scope:?}, {look:?}"
                        );
                        marked += one_pass.iter().flatten().filter(|&&m| m).count();
                    }
                }
            });
        }
        assert!(marked >= 300, "{marked} clauses marked over the drafts");
    }

    /// A scope's union of lexicons, and that of the clauses looked in around it, has a
    /// lexicon's bit exactly when one of its clauses has a hit of it.
    #[test]
    fn scope_lexicons_are_the_lexicons_with_a_hit_in_the_scope() {
        with_fixture(|cx| {
            // How many of the 128 bits are set, each checked against the walk over
            // `clauses`.
            let agree = |bits: u128, clauses: &[usize], what: String| -> usize {
                (0..128)
                    .filter(|&lexicon| {
                        let said = clauses.iter().any(|&i| cx.ca(i).hits.has_index(lexicon));
                        assert_eq!(bits & (1u128 << lexicon) != 0, said, "{what}, {lexicon}");
                        said
                    })
                    .count()
            };
            let mut set = 0;
            let mut looked_set = 0;
            for scope in SCOPES {
                set += agree(
                    cx.scope_lexicons(scope),
                    cx.scope(scope),
                    format!("{scope:?}"),
                );
                for look in LOOKS {
                    looked_set += agree(
                        cx.looked_lexicons(scope, look),
                        cx.looked_at(scope, look),
                        format!("{scope:?}, {look:?}"),
                    );
                }
            }
            assert!(set >= 20, "{set} lexicon bits set over the scopes");
            assert!(
                looked_set >= 100,
                "{looked_set} lexicon bits set over the looks"
            );
        });
    }

    #[test]
    fn render_fills_known_placeholders_only() {
        assert_eq!(
            render(
                "{item} is missing from {clause}",
                &[("item", "gender"), ("clause", "7(c)")]
            ),
            "gender is missing from 7(c)"
        );
        assert_eq!(render("{other}", &[("item", "x")]), "{other}");
        assert_eq!(
            render("{ {item}} {item} {", &[("item", "é—x")]),
            "{ é—x} é—x {"
        );
    }
}
