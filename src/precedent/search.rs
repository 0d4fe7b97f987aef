//! Lookups: candidates from the search library, ranked by the `diff` similarity.
//!
//! Every clause's words are stored interned (masked with its own mission), so scoring a
//! candidate is one LCS on integers; the pair's masking is completed as `diff` does it
//! (both texts' missions masked in both texts) by re-mapping the few ids concerned.
//! Candidates are scored in the order of an upper bound of their similarity, and
//! scoring stops when no remaining bound can enter the results.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use serde::Serialize;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Order, Term};

use super::filter::{context_filter, ContextKind, Filter};
use super::schema;
use super::{ClauseId, DraftContext, Hit, PrecedentIndex};
use crate::mandates::align::{self, Word};

/// A lookup of the clauses nearest to a text.
#[derive(Clone, Copy, Debug)]
pub struct Query<'a> {
    pub text: &'a str,
    /// The mission of the draft the text comes from, masked as `diff` masks it. `None`:
    /// a mission acronym of the collection named in the text is taken as its mission.
    pub mission: Option<&'a str>,
    /// How many hits at most.
    pub limit: usize,
    /// A clause never to return (the query's own clause, when it is in the index).
    pub exclude: Option<ClauseId>,
}

impl<'a> Query<'a> {
    pub fn new(text: &'a str) -> Query<'a> {
        Query {
            text,
            mission: None,
            limit: 5,
            exclude: None,
        }
    }
}

/// Since when a language has stood.
#[derive(Clone, Debug, Serialize)]
pub struct FirstUse {
    /// The similarity a clause needs to count as the same language.
    pub threshold: f64,
    /// For each resolution carrying the language, its closest clause, oldest first.
    pub versions: Vec<Hit>,
}

impl FirstUse {
    /// The earliest resolution carrying the language.
    pub fn first(&self) -> Option<&Hit> {
        self.versions.first()
    }
}

/// At most this many of a query's words go to the search library: the rarest, which
/// near-identical clauses share and few others do. Long clauses would otherwise make
/// every lookup walk the postings of "the" and "of".
const SEARCH_TERMS: usize = 12;

/// Compares one query text with stored clauses by the `diff` similarity.
pub(crate) struct Scorer<'a> {
    index: &'a PrecedentIndex,
    text: &'a str,
    mission: Option<&'a str>,
    /// Query ids per candidate mission (the query masks both missions, as `diff` does).
    cache: Vec<(Option<String>, Vec<u32>)>,
    /// Ids of the query mission's acronym (and possessive) in the vocabulary: masked in
    /// candidates too.
    query_mission_ids: Vec<u32>,
    /// Id of `<mission>`.
    mission_mask: u32,
    /// Query words the collection never uses, numbered after the vocabulary.
    unknown: Vec<String>,
}

impl<'a> Scorer<'a> {
    pub(crate) fn new(
        index: &'a PrecedentIndex,
        text: &'a str,
        mission: Option<&'a str>,
    ) -> Scorer<'a> {
        let vocab = &index.vocabulary;
        let mut unknown = Vec::new();
        let mission_mask = vocab.get("<mission>").unwrap_or_else(|| {
            unknown.push("<mission>".to_string());
            vocab.len() as u32
        });
        let query_mission_ids = mission
            .map(|m| align::words(m, &[]))
            .and_then(|w| w.first().map(|w| w.key.clone()))
            .map(|key| {
                [vocab.get(&key), vocab.get(&format!("{key}s"))]
                    .into_iter()
                    .flatten()
                    .collect()
            })
            .unwrap_or_default();
        Scorer {
            index,
            text,
            mission,
            cache: Vec::new(),
            query_mission_ids,
            mission_mask,
            unknown,
        }
    }

    fn intern(&mut self, words: &[Word]) -> Vec<u32> {
        let vocab = &self.index.vocabulary;
        words
            .iter()
            .map(|w| {
                vocab.get(&w.key).unwrap_or_else(|| {
                    let at = match self.unknown.iter().position(|k| *k == w.key) {
                        Some(i) => i,
                        None => {
                            self.unknown.push(w.key.clone());
                            self.unknown.len() - 1
                        }
                    };
                    (vocab.len() + at) as u32
                })
            })
            .collect()
    }

    /// The query's ids when compared with a clause of `mission`.
    fn query_ids(&mut self, mission: Option<&str>) -> usize {
        if let Some(i) = self.cache.iter().position(|(m, _)| m.as_deref() == mission) {
            return i;
        }
        let mut missions: Vec<&str> = self.mission.into_iter().chain(mission).collect();
        missions.dedup();
        let words = align::words(self.text, &missions);
        let ids = self.intern(&words);
        self.cache.push((mission.map(str::to_string), ids));
        self.cache.len() - 1
    }

    /// The query ids for clause `id`, and the clause's ids with the query's mission
    /// masked too.
    fn pair(&mut self, id: u32) -> Option<(Vec<u32>, std::borrow::Cow<'a, [u32]>)> {
        let index = self.index;
        let (_, r) = index.record(id)?;
        let q = self.query_ids(r.mission.as_deref());
        let query = self.cache.get(q).map(|(_, ids)| ids.clone())?;
        let stored = index.clause_words(id);
        let clause = if stored.iter().any(|w| self.query_mission_ids.contains(w)) {
            std::borrow::Cow::Owned(
                stored
                    .iter()
                    .map(|w| {
                        if self.query_mission_ids.contains(w) {
                            self.mission_mask
                        } else {
                            *w
                        }
                    })
                    .collect(),
            )
        } else {
            std::borrow::Cow::Borrowed(stored)
        };
        Some((query, clause))
    }

    /// The `diff` similarity of the query and clause `id`.
    pub(crate) fn score(&mut self, id: u32) -> f64 {
        self.pair(id)
            .map_or(0.0, |(q, c)| align::ids_similarity(&q, &c))
    }

    /// The similarity when it can reach `min` (lengths and word bags decide most
    /// pairs without the LCS).
    fn score_at_least(&mut self, id: u32, min: f64) -> Option<f64> {
        let (q, c) = self.pair(id)?;
        if align::length_bound(q.len(), c.len()) < min || bag_bound(&q, &c) < min {
            return None;
        }
        Some(align::ids_similarity(&q, &c)).filter(|s| *s >= min)
    }

    /// What the lengths allow clause `id` to reach.
    fn length_bound(&mut self, id: u32) -> f64 {
        let len = self.index.clause_words(id).len();
        let Some((_, r)) = self.index.record(id) else {
            return 0.0;
        };
        let q = self.query_ids(r.mission.as_deref());
        let qlen = self.cache.get(q).map_or(0, |(_, ids)| ids.len());
        align::length_bound(qlen, len)
    }

    /// The similarity of the query with as many first words of clause `id` (what a
    /// completion fits).
    fn prefix_score(&mut self, id: u32) -> f64 {
        self.pair(id).map_or(0.0, |(q, c)| {
            let prefix = c.get(..q.len().min(c.len())).unwrap_or_default();
            align::ids_similarity(&q, prefix)
        })
    }
}

/// The Dice bound on two id sequences (sorted copies).
fn bag_bound(a: &[u32], b: &[u32]) -> f64 {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort_unstable();
    b.sort_unstable();
    align::dice_bound(&a, &b)
}

/// A similarity as a totally ordered key (similarities are never negative).
fn key(s: f64) -> u64 {
    s.max(0.0).to_bits()
}

impl PrecedentIndex {
    /// The `k` adopted clauses closest to `text`, best first.
    pub fn nearest(&self, text: &str, k: usize) -> Vec<Hit> {
        self.search(&Query {
            limit: k,
            ..Query::new(text)
        })
    }

    /// The clauses closest to a query, best first (ties: the most recent first).
    pub fn search(&self, q: &Query<'_>) -> Vec<Hit> {
        self.ranked(q)
            .into_iter()
            .filter_map(|(id, s)| self.hit(ClauseId(id), s))
            .collect()
    }

    /// [`PrecedentIndex::search`] as (clause, similarity).
    fn ranked(&self, q: &Query<'_>) -> Vec<(u32, f64)> {
        if q.limit == 0 {
            return Vec::new();
        }
        let mission = self.query_mission(q);
        let words = align::words(q.text, &mission.as_deref().into_iter().collect::<Vec<_>>());
        let terms = self.rarest(schema::query_terms(&words));
        // Near-identical versions of a clause score alike in BM25; enough candidates
        // that re-ranking sees every wording near the top. A short query with one word
        // changed shares its other words with thousands of clauses, so it gets more.
        let n = (q.limit * 4).max(2048 / terms.len().max(1)).clamp(64, 512);
        let candidates = self.bm25(&terms, &Filter::default(), n);
        let mut scorer = Scorer::new(self, q.text, mission.as_deref());
        let mut bounded: Vec<(u32, f64)> = candidates
            .into_iter()
            .filter(|id| Some(ClauseId(*id)) != q.exclude)
            .map(|id| (id, scorer.length_bound(id)))
            .collect();
        bounded.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Exact scores in bound order, until no bound can enter the top `limit`.
        let mut top: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
        let mut scored: Vec<(u32, f64)> = Vec::new();
        for (id, bound) in bounded {
            let floor = if top.len() >= q.limit {
                top.peek().map(|Reverse(k)| f64::from_bits(*k))
            } else {
                None
            };
            if floor.is_some_and(|f| bound < f) {
                break;
            }
            let s = match floor {
                Some(f) => match scorer.score_at_least(id, f) {
                    Some(s) => s,
                    None => continue,
                },
                None => scorer.score(id),
            };
            top.push(Reverse(key(s)));
            if top.len() > q.limit {
                top.pop();
            }
            scored.push((id, s));
        }
        self.sort_recent_first(&mut scored);
        scored.truncate(q.limit);
        scored
    }

    /// By similarity, then the most recent resolution, then clause order.
    fn sort_recent_first(&self, scored: &mut [(u32, f64)]) {
        let order = |id: u32| self.record(id).map(|(_, r)| r.order_key());
        scored.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| order(b.0).cmp(&order(a.0)))
                .then(a.0.cmp(&b.0))
        });
    }

    /// The `diff` similarity between `text` (of a draft whose mission is `mission`) and
    /// one clause of the index.
    pub fn similarity_to(&self, text: &str, mission: Option<&str>, id: ClauseId) -> f64 {
        Scorer::new(self, text, mission).score(id.0)
    }

    /// Every resolution carrying a clause at least `threshold` similar to `text`, oldest
    /// first, each with its closest clause.
    pub fn first_use(&self, text: &str, threshold: f64) -> FirstUse {
        self.first_use_for(&Query::new(text), threshold)
    }

    /// [`PrecedentIndex::first_use`] for a query with a mission or an excluded clause.
    pub fn first_use_for(&self, q: &Query<'_>, threshold: f64) -> FirstUse {
        let mission = self.query_mission(q);
        let words = align::words(q.text, &mission.as_deref().into_iter().collect::<Vec<_>>());
        let terms = self.rarest(schema::query_terms(&words));
        let mut scorer = Scorer::new(self, q.text, mission.as_deref());
        let mut n = 256;
        let mut carrying: Vec<(u32, f64)> = Vec::new();
        let mut done: HashSet<u32> = HashSet::new();
        loop {
            let candidates = self.bm25(&terms, &Filter::default(), n);
            let got = candidates.len();
            let tail_from = got * 3 / 4;
            let mut tail_carries = false;
            for (rank, id) in candidates.into_iter().enumerate() {
                if Some(ClauseId(id)) == q.exclude || !done.insert(id) {
                    continue;
                }
                if let Some(s) = scorer.score_at_least(id, threshold) {
                    carrying.push((id, s));
                    tail_carries |= rank >= tail_from;
                }
            }
            // Widen while the weakest candidates still carry the language: a clause
            // renewed for decades has more versions than one page of results.
            if got < n || !tail_carries || n >= 1 << 16 {
                break;
            }
            n *= 4;
        }
        let mut best: Vec<(u32, u32, f64)> = Vec::new(); // (resolution, clause, similarity)
        for (id, s) in carrying {
            let Some((c, _)) = self.record(id) else {
                continue;
            };
            match best.iter_mut().find(|(r, _, _)| *r == c.resolution) {
                Some(b) if s > b.2 || (s == b.2 && id < b.1) => *b = (c.resolution, id, s),
                Some(_) => {}
                None => best.push((c.resolution, id, s)),
            }
        }
        // Resolutions are stored in chronological order.
        best.sort_by_key(|(r, _, _)| *r);
        FirstUse {
            threshold,
            versions: best
                .into_iter()
                .filter_map(|(_, id, s)| self.hit(ClauseId(id), s))
                .collect(),
        }
    }

    /// The best few clauses for the cursor's context, one per wording: those whose
    /// first words fit what is `typed` so far best, else the most recent DSR-task
    /// clauses of that kind.
    pub fn by_context(
        &self,
        kind: ContextKind,
        typed: &str,
        draft: &DraftContext,
        limit: usize,
    ) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        let filter = context_filter(kind);
        let missions: Vec<&str> = draft.mission.as_deref().into_iter().collect();
        let terms = self.rarest(schema::query_terms(&align::words(typed, &missions)));
        let mut ranked: Vec<(u32, f64)> = if terms.is_empty() {
            self.most_recent(&filter, 400)
                .into_iter()
                .map(|id| (id, 0.0))
                .collect()
        } else {
            let mut scorer = Scorer::new(self, typed, draft.mission.as_deref());
            self.bm25(&terms, &filter, 200)
                .into_iter()
                .map(|id| (id, scorer.prefix_score(id)))
                .collect()
        };
        let order = |id: u32| {
            self.record(id)
                .map(|(c, r)| (c.dsr_task(), r.year.unwrap_or(0), r.number))
        };
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| order(b.0).cmp(&order(a.0)))
                .then(a.0.cmp(&b.0))
        });
        self.distinct_wordings(ranked, limit)
    }

    /// Keeps the first clause of each wording (same masked words) that has at least
    /// four words, up to `limit`.
    fn distinct_wordings(&self, ranked: Vec<(u32, f64)>, limit: usize) -> Vec<Hit> {
        let mut seen: HashSet<&[u32]> = HashSet::new();
        let mut out = Vec::new();
        for (id, s) in ranked {
            let wording = self.clause_words(id);
            if wording.len() < 4 || !seen.insert(wording) {
                continue;
            }
            out.extend(self.hit(ClauseId(id), s));
            if out.len() >= limit {
                break;
            }
        }
        out
    }

    /// The query's mission: as given, else a mission acronym of the collection that the
    /// text names.
    fn query_mission(&self, q: &Query<'_>) -> Option<String> {
        if let Some(m) = q.mission {
            return Some(m.to_string());
        }
        q.text.split_whitespace().find_map(|chunk| {
            let word = chunk.trim_matches(|c: char| !c.is_alphanumeric());
            let word = word
                .strip_suffix("’s")
                .or_else(|| word.strip_suffix("'s"))
                .unwrap_or(word);
            self.missions
                .binary_search_by(|m| m.as_str().cmp(word))
                .ok()
                .map(|_| word.to_string())
        })
    }

    /// The [`SEARCH_TERMS`] rarest terms the collection has, rarest first.
    fn rarest(&self, terms: Vec<String>) -> Vec<String> {
        if terms.len() <= SEARCH_TERMS {
            return terms;
        }
        let mut by_freq: Vec<(u64, String)> = terms
            .into_iter()
            .filter_map(|t| {
                let df = self
                    .searcher
                    .doc_freq(&Term::from_field_text(self.fields.words, &t))
                    .unwrap_or(0);
                (df > 0).then_some((df, t))
            })
            .collect();
        by_freq.sort();
        by_freq.truncate(SEARCH_TERMS);
        by_freq.into_iter().map(|(_, t)| t).collect()
    }

    fn tag_query(&self, tag: &str) -> Box<dyn tantivy::query::Query> {
        Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.tags, tag),
                IndexRecordOption::Basic,
            )),
            0.0,
        ))
    }

    fn filter_clauses(&self, filter: &Filter) -> Vec<(Occur, Box<dyn tantivy::query::Query>)> {
        let mut out: Vec<(Occur, Box<dyn tantivy::query::Query>)> = filter
            .all
            .iter()
            .map(|t| (Occur::Must, self.tag_query(t)))
            .collect();
        for group in &filter.any {
            let alternatives = group
                .iter()
                .map(|t| (Occur::Should, self.tag_query(t)))
                .collect();
            out.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        }
        out
    }

    /// Up to `n` clauses by BM25 on `terms`, within `filter`.
    fn bm25(&self, terms: &[String], filter: &Filter, n: usize) -> Vec<u32> {
        if terms.is_empty() || n == 0 {
            return Vec::new();
        }
        let should: Vec<(Occur, Box<dyn tantivy::query::Query>)> = terms
            .iter()
            .map(|t| {
                let q: Box<dyn tantivy::query::Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.words, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        let query: Box<dyn tantivy::query::Query> = if filter.is_empty() {
            Box::new(BooleanQuery::new(should))
        } else {
            let mut clauses = self.filter_clauses(filter);
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(should))));
            Box::new(BooleanQuery::new(clauses))
        };
        self.searcher
            .search(&*query, &TopDocs::with_limit(n).order_by_score())
            .map(|docs| {
                docs.into_iter()
                    .filter_map(|(_, a)| self.clause_of(a))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every clause within `filter`, in clause order.
    pub(crate) fn matching(&self, filter: &Filter) -> Vec<u32> {
        let query = BooleanQuery::new(self.filter_clauses(filter));
        let mut ids: Vec<u32> = self
            .searcher
            .search(&query, &DocSetCollector)
            .map(|docs| docs.into_iter().filter_map(|a| self.clause_of(a)).collect())
            .unwrap_or_default();
        ids.sort_unstable();
        ids
    }

    /// Up to `n` clauses within `filter`, most recent first.
    fn most_recent(&self, filter: &Filter, n: usize) -> Vec<u32> {
        let query = BooleanQuery::new(self.filter_clauses(filter));
        let collector = TopDocs::with_limit(n.max(1)).order_by_u64_field(schema::YEAR, Order::Desc);
        let mut docs: Vec<(Option<u64>, u32)> = self
            .searcher
            .search(&query, &collector)
            .map(|docs| {
                docs.into_iter()
                    .filter_map(|(y, a)| Some((y, self.clause_of(a)?)))
                    .collect()
            })
            .unwrap_or_default();
        docs.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        docs.into_iter().map(|(_, id)| id).collect()
    }

    fn clause_of(&self, address: DocAddress) -> Option<u32> {
        self.doc_clause
            .get(address.segment_ord as usize)?
            .get(address.doc_id as usize)
            .copied()
    }
}
