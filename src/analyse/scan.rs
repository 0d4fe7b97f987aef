//! A clause's lexicon hits, indexed per lexicon for range lookups.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use super::model::{ClauseHits, TermMatch};
use super::{Lexicons, ScanHits};
use crate::span::Span;

/// One clause's scan: hits with spans in the clause's normalised text, indexed per
/// lexicon. It depends on the clause's text only, so the language server's cache shares
/// it between checks (`reuse::ClauseCache`).
#[derive(Debug)]
pub(super) struct ClauseScan {
    /// Lexicon after lexicon, each lexicon's hits ordered by start (as
    /// `Lexicons::scan` gives them), so that the task coding's many lookups ("a hit of X
    /// inside this phrase", "a hit of Y at this word") are binary searches: a clause of
    /// any length stays linear overall.
    pub(super) hits: ScanHits,
    /// Lexicon `l`'s hits are `hits[first[l]..first[l + 1]]`.
    first: Vec<u32>,
    /// The same hits grouped under the lexicons' names, with term ids, for the rules
    /// (`ClauseAnalysis::hits`): made once per clause text and shared by every check
    /// that reuses this scan (rebuilding it for every clause was an eighth of a
    /// keystroke's check on a long draft).
    pub(super) by_name: Arc<ClauseHits>,
    /// Where the text says "mandate of" (`find_mission`), read on first use: the
    /// mission is looked for in every operative paragraph on every check, and a search
    /// of each paragraph was a tenth of a long draft's keystroke.
    mandate_of: OnceLock<Vec<usize>>,
}

/// A clause's scan in one analysis, with what the rest of the draft adds to it.
pub(super) struct Scan {
    shared: Arc<ClauseScan>,
    /// Acronyms the draft defines for national forces, found in this clause.
    pub(super) defined_forces: Vec<Span>,
}

impl Scan {
    pub(super) fn new(shared: Arc<ClauseScan>) -> Scan {
        Scan {
            shared,
            defined_forces: Vec::new(),
        }
    }
}

impl Deref for Scan {
    type Target = ClauseScan;

    fn deref(&self) -> &ClauseScan {
        &self.shared
    }
}

impl ClauseScan {
    pub(super) fn new(mut hits: ScanHits, lexicons: &Lexicons) -> ClauseScan {
        let key = |&(l, span, _): &(usize, Span, usize)| (l, span.start);
        if !hits.is_sorted_by_key(key) {
            hits.sort_by_key(key); // stable: hits at one start keep their order
        }
        let lexicon_count = hits.last().map_or(0, |&(l, _, _)| l + 1);
        let mut first = vec![0u32; lexicon_count + 1];
        for &(l, _, _) in &hits {
            if let Some(count) = first.get_mut(l + 1) {
                *count += 1;
            }
        }
        for i in 1..first.len() {
            let before = first.get(i - 1).copied().unwrap_or(0);
            if let Some(at) = first.get_mut(i) {
                *at += before;
            }
        }
        let by_name = Arc::new(by_name(&hits, lexicons));
        ClauseScan {
            hits,
            first,
            by_name,
            mandate_of: OnceLock::new(),
        }
    }

    /// Where `text`, the text this scan was made from, says "mandate of" (`finder`'s
    /// needle, the same on every call).
    pub(super) fn mandate_of(&self, text: &str, finder: &memchr::memmem::Finder<'_>) -> &[usize] {
        self.mandate_of
            .get_or_init(|| finder.find_iter(text.as_bytes()).collect())
    }

    fn list(&self, lexicon: Option<usize>) -> &[(usize, Span, usize)] {
        lexicon
            .and_then(|l| {
                let (&from, &to) = (self.first.get(l)?, self.first.get(l + 1)?);
                self.hits.get(from as usize..to as usize)
            })
            .unwrap_or(&[])
    }

    pub(super) fn of(&self, lexicon: Option<usize>) -> impl Iterator<Item = (Span, usize)> + '_ {
        self.list(lexicon)
            .iter()
            .map(|&(_, span, term)| (span, term))
    }

    /// Hits of `lexicon` that lie inside `within`.
    pub(super) fn within(
        &self,
        lexicon: Option<usize>,
        within: Span,
    ) -> impl Iterator<Item = (Span, usize)> + '_ {
        let list = self.list(lexicon);
        let from = list.partition_point(|(_, s, _)| s.start < within.start);
        list.get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |(_, s, _)| s.start < within.end)
            .filter(move |(_, s, _)| within.covers(*s))
            .map(|&(_, span, term)| (span, term))
    }

    pub(super) fn has(&self, lexicon: Option<usize>) -> bool {
        !self.list(lexicon).is_empty()
    }

    pub(super) fn at(&self, lexicon: Option<usize>, start: usize) -> Option<(Span, usize)> {
        let list = self.list(lexicon);
        let from = list.partition_point(|(_, s, _)| s.start < start);
        list.get(from)
            .map(|&(_, span, term)| (span, term))
            .filter(|(s, _)| s.start == start)
    }
}

/// A clause's hits by lexicon name. The scan lists them lexicon by lexicon, and
/// lexicons are numbered in name order, so the groups come out in name order, each
/// under the lexicon's shared name. Spans stay in the clause's normalised text.
fn by_name(hits: &ScanHits, lexicons: &Lexicons) -> ClauseHits {
    let mut out = ClauseHits::with_capacity(hits.len());
    for &(li, span, ti) in hits {
        let Some(lex) = lexicons.by_index(li) else {
            continue;
        };
        let Some(term) = lex.term(ti) else { continue };
        let hit = TermMatch {
            term: term.id.clone(),
            span,
        };
        out.push(li, &lex.key, hit);
    }
    out.finish()
}
