//! Aligning the paragraphs of two resolutions by content, not by number.
//!
//! Renewals renumber paragraphs, move sub-paragraphs up or down a level and change
//! dates, so clauses are compared on *normalised word sequences*:
//!
//! - text is split on blank space; each chunk keeps only its letters and digits,
//!   lower-cased (so case, punctuation, quotation marks of any style, dashes and
//!   hyphens, "Timor-Leste" vs the PDF artefact "TimorLeste" all compare equal);
//! - a chunk holding any digit becomes `#`: years, days of the month, resolution,
//!   meeting, paragraph and document numbers (the renewal's own dates and references);
//! - month names become `<month>` (renewal dates: "until 31 March 2014");
//! - the mission acronyms of both texts become `<mission>` (MONUC → MONUSCO).
//!
//! Similarity is `2·LCS / (|a| + |b|)` on those words (order-sensitive, 1.0 only for
//! identical sequences); a bag-of-words Dice score, which bounds it from above, prunes
//! pairs cheaply. Pairs are then assigned one to one, greedily by best score (ties by
//! nearest relative position), the standard approximation of a maximum-weight matching
//! that is exact when every clause has a clearly best partner, as renewals do.

use std::collections::HashMap;

use serde::Serialize;

use crate::analyse::Analysis;
use crate::model::{Clause, Document, Part};

mod word_diff;
pub use word_diff::{render_word_diff, render_word_diff_compact, word_diff, WordOp};

/// Below this similarity two clauses are not the same clause at all.
pub const MATCH_MIN: f64 = 0.6;

/// At or above this similarity an edited clause is "near-identical" (a word or two
/// changed in a long clause); DSR003 renewed-unchanged uses the same figure.
pub const NEAR_IDENTICAL: f64 = 0.9;

/// What the comparison ignores, in words, for reports ("masked before comparing").
pub const MASKED: &[&str] = &[
    "letter case",
    "blank space and line breaks",
    "punctuation, quotation marks, dashes and hyphens",
    "numbers (years, days, resolution, meeting and paragraph numbers) -> #",
    "month names -> <month>",
    "the mission acronyms of both texts -> <mission>",
];

pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// How a clause of the new text relates to the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Same words after normalisation and masking.
    Unchanged,
    /// Similarity at least [`MATCH_MIN`], below 1.
    Edited,
    /// No clause of the old text is similar enough.
    New,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::Edited => "lightly edited",
            Change::New => "new",
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::Edited => "edited",
            Change::New => "new",
        }
    }
}

/// One word of a clause: what is compared and what is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Normalised and masked form.
    pub key: String,
    /// As written (punctuation included).
    pub shown: String,
}

/// Splits `text` into compared words; `missions` are masked as `<mission>`.
pub fn words(text: &str, missions: &[&str]) -> Vec<Word> {
    let missions: Vec<String> = missions
        .iter()
        .map(|m| normalise_chunk(m))
        .filter(|m| !m.is_empty())
        .collect();
    text.split_whitespace()
        .filter_map(|chunk| {
            let norm = normalise_chunk(chunk);
            if norm.is_empty() {
                return None;
            }
            let key = if norm.chars().any(|c| c.is_numeric()) {
                "#".to_string()
            } else if MONTHS.contains(&norm.as_str()) {
                "<month>".to_string()
            } else if missions
                .iter()
                .any(|m| *m == norm || is_possessive_of(&norm, m))
            {
                "<mission>".to_string()
            } else {
                norm
            };
            Some(Word {
                key,
                shown: chunk.to_string(),
            })
        })
        .collect()
}

/// "monuscos" from "MONUSCO's" after apostrophes are dropped.
fn is_possessive_of(norm: &str, mission: &str) -> bool {
    norm.strip_suffix('s') == Some(mission)
}

fn normalise_chunk(chunk: &str) -> String {
    chunk
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A clause prepared for comparison.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Index into `Document::clauses`.
    pub clause: usize,
    pub words: Vec<Word>,
    /// Interned keys (same order as `words`).
    ids: Vec<u32>,
    /// Sorted ids, for the Dice bound.
    bag: Vec<u32>,
    /// Relative position in its document (0..1), to break ties.
    position: f64,
}

/// Interns word keys so comparisons work on integers.
#[derive(Default, Debug)]
pub struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    /// An interner holding `vocabulary`, each key's id its position.
    pub fn from_vocabulary(vocabulary: Vec<String>) -> Interner {
        let ids = vocabulary
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Interner { ids }
    }

    /// The keys, in id order.
    pub fn vocabulary(&self) -> Vec<String> {
        let mut v: Vec<(&String, &u32)> = self.ids.iter().collect();
        v.sort_by_key(|(_, id)| **id);
        v.into_iter().map(|(k, _)| k.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The id of a key already interned.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }

    /// The ids of `words`' keys, interning new ones.
    pub fn ids(&mut self, words: &[Word]) -> Vec<u32> {
        words.iter().map(|w| self.id(&w.key)).collect()
    }

    fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(key.to_string(), id);
        id
    }

    pub fn unit(&mut self, clause: usize, words: Vec<Word>, position: f64) -> Unit {
        let ids: Vec<u32> = words.iter().map(|w| self.id(&w.key)).collect();
        let mut bag = ids.clone();
        bag.sort_unstable();
        Unit {
            clause,
            words,
            ids,
            bag,
            position,
        }
    }
}

/// The text of a clause without its sub-items (they are units of their own).
pub fn own_text(doc: &Document, clause: &Clause) -> String {
    let norm = &clause.norm.text;
    let Some(first_child) = clause.children.first().and_then(|&c| doc.clauses.get(c)) else {
        return norm.to_string();
    };
    let cut = norm
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| clause.norm.to_original(i) >= first_child.span.start)
        .unwrap_or(norm.len());
    norm.get(..cut).unwrap_or(norm).trim_end().to_string()
}

/// Which clauses are compared with which: preamble with preamble, operative (and
/// headings) with operative, annex with annex.
fn group(part: Part) -> u8 {
    match part {
        Part::Preambular => 0,
        Part::Operative | Part::Heading => 1,
        Part::Annex => 2,
    }
}

/// Comparable units of a document, per group.
fn units(doc: &Document, missions: &[&str], interner: &mut Interner) -> Vec<(u8, Unit)> {
    let total = doc.clauses.len().max(1) as f64;
    doc.clauses
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let w = words(&own_text(doc, c), missions);
            if w.is_empty() {
                return None;
            }
            Some((group(c.part), interner.unit(i, w, i as f64 / total)))
        })
        .collect()
}

/// Dice coefficient of two sorted multisets: an upper bound of the LCS similarity.
pub fn dice_bound(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Length of the longest common subsequence (two rows of the DP table).
fn lcs_len(a: &[u32], b: &[u32]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            let v = if x == y {
                prev.get(j).copied().unwrap_or(0) + 1
            } else {
                prev.get(j + 1)
                    .copied()
                    .unwrap_or(0)
                    .max(cur.get(j).copied().unwrap_or(0))
            };
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = v;
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// `2·LCS / (|a| + |b|)` on word keys.
pub fn similarity(a: &[Word], b: &[Word]) -> f64 {
    let mut interner = Interner::default();
    let ua = interner.unit(0, a.to_vec(), 0.0);
    let ub = interner.unit(0, b.to_vec(), 0.0);
    unit_similarity(&ua, &ub)
}

/// Similarity of two prepared units (same interner): what [`similarity`] computes,
/// without copying the words.
pub fn unit_similarity(a: &Unit, b: &Unit) -> f64 {
    ids_similarity(&a.ids, &b.ids)
}

/// `2·LCS / (|a| + |b|)` on interned word keys (the measure itself).
pub fn ids_similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    2.0 * lcs_len(a, b) as f64 / (a.len() + b.len()) as f64
}

/// What the lengths alone allow: `2·min / (|a| + |b|)` bounds the similarity.
pub fn length_bound(a: usize, b: usize) -> f64 {
    if a + b == 0 {
        return 0.0;
    }
    2.0 * a.min(b) as f64 / (a + b) as f64
}

/// [`unit_similarity`] when it can reach `min`, `None` when the length ratio or the
/// bag-of-words bound already rules that out (most pairs in a corpus: cheap to reject).
pub fn similarity_at_least(a: &Unit, b: &Unit, min: f64) -> Option<f64> {
    if a.ids.is_empty() || b.ids.is_empty() || length_bound(a.ids.len(), b.ids.len()) < min {
        return None;
    }
    if dice_bound(&a.bag, &b.bag) < min {
        return None;
    }
    Some(unit_similarity(a, b)).filter(|s| *s >= min)
}

/// How one clause of the new text was matched.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClauseMatch {
    /// Index into the new document's clauses.
    pub new_clause: usize,
    /// Index into the old document's clauses, unless the clause is new.
    pub old_clause: Option<usize>,
    pub change: Change,
    /// 0..1 (1 for unchanged, 0 for new).
    pub similarity: f64,
    /// Word-level difference old → new (empty for unchanged and new clauses).
    pub diff: Vec<WordOp>,
}

/// The alignment of two documents.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Alignment {
    /// One entry per compared clause of the new text, in document order (clauses
    /// without words, such as empty headings, are left out).
    pub matches: Vec<ClauseMatch>,
    /// Clauses of the old text no clause of the new text matched, in document order.
    pub removed: Vec<usize>,
}

impl Alignment {
    pub fn for_new(&self, new_clause: usize) -> Option<&ClauseMatch> {
        self.matches.iter().find(|m| m.new_clause == new_clause)
    }
}

/// The mission acronyms to mask for a pair of texts.
pub fn missions_of<'a>(a: &'a Analysis, b: &'a Analysis) -> Vec<&'a str> {
    let mut out: Vec<&str> = [a.mission.as_deref(), b.mission.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    out.dedup();
    out
}

/// Aligns every clause of `new` with at most one clause of `old` (same part: preamble
/// with preamble, operative with operative), masking `missions`.
pub fn align(old: &Document, new: &Document, missions: &[&str]) -> Alignment {
    let mut interner = Interner::default();
    let old_units = units(old, missions, &mut interner);
    let new_units = units(new, missions, &mut interner);

    // Exact matches first (hash on the key sequence), then scored candidates.
    let mut candidates: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (ni, (ng, nu)) in new_units.iter().enumerate() {
        for (oi, (og, ou)) in old_units.iter().enumerate() {
            if ng != og {
                continue;
            }
            if let Some(s) = similarity_at_least(nu, ou, MATCH_MIN) {
                let distance = (nu.position - ou.position).abs();
                candidates.push((s, distance, ni, oi));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut new_taken: Vec<Option<(usize, f64)>> = vec![None; new_units.len()];
    let mut old_taken = vec![false; old_units.len()];
    for (s, _, ni, oi) in candidates {
        let free_new = new_taken.get(ni).is_some_and(Option::is_none);
        let free_old = old_taken.get(oi).is_some_and(|t| !t);
        if free_new && free_old {
            if let Some(slot) = new_taken.get_mut(ni) {
                *slot = Some((oi, s));
            }
            if let Some(slot) = old_taken.get_mut(oi) {
                *slot = true;
            }
        }
    }
    let matches = new_units
        .iter()
        .zip(&new_taken)
        .map(|((_, nu), taken)| match taken {
            Some((oi, s)) => {
                let ou = old_units.get(*oi).map(|(_, u)| u);
                let unchanged = ou.is_some_and(|ou| ou.ids == nu.ids);
                ClauseMatch {
                    new_clause: nu.clause,
                    old_clause: ou.map(|u| u.clause),
                    change: if unchanged {
                        Change::Unchanged
                    } else {
                        Change::Edited
                    },
                    similarity: if unchanged { 1.0 } else { *s },
                    diff: match ou {
                        Some(ou) if !unchanged => word_diff(&ou.words, &nu.words),
                        _ => Vec::new(),
                    },
                }
            }
            None => ClauseMatch {
                new_clause: nu.clause,
                old_clause: None,
                change: Change::New,
                similarity: 0.0,
                diff: Vec::new(),
            },
        })
        .collect();
    let removed = old_units
        .iter()
        .zip(&old_taken)
        .filter(|(_, t)| !**t)
        .map(|((_, u), _)| u.clause)
        .collect();
    Alignment { matches, removed }
}

/// What DSR003 (renewed-unchanged) needs: for each DSR task of `new`, its match in
/// `previous` (unchanged, edited with a similarity, or new). Clauses are aligned
/// globally, so two identical DSR clauses cannot both claim one old clause.
pub fn renewal_matches(new: &crate::Checked, previous: &crate::Checked) -> Vec<ClauseMatch> {
    let missions = missions_of(&previous.analysis, &new.analysis);
    let alignment = align(&previous.doc, &new.doc, &missions);
    alignment
        .matches
        .into_iter()
        .filter(|m| {
            new.analysis
                .clauses
                .get(m.new_clause)
                .is_some_and(|c| c.dsr_task)
        })
        .collect()
}

#[cfg(test)]
mod tests;
