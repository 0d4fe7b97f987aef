//! Predicates: what a rule may ask of a clause, resolved from its name once, at load.
//!
//! A name in a rule file is a lexicon (`"civilian-oversight"`: the clause has a hit of
//! that term list) or a field the analysis codes (`"dsr-task"`, `"category-…"`,
//! `"level-…"`, `"actor-…"`, `"political-engagement"`…). When a coded name also has a
//! lexicon of the same name, the predicate holds when either does: the analysis codes
//! DSR tasks only, while the lexicon speaks for every clause.
//!
//! [`Coded::all`] is the one list of coded names, [`Coded::holds`] the one evaluator: a
//! new coded predicate is a line in each.

use crate::analyse::{
    Actor, Category, ClauseAnalysis, DsrScope, Engagement, Level, Lexicons, Modality, TermMatch,
};
use crate::config::did_you_mean;

/// A field of `ClauseAnalysis` a rule can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coded {
    /// The clause mandates or encourages support to the defence sector.
    DsrTask,
    /// Its DSR tasks name the defence sector ("dsr-explicit") or reach it only through
    /// security sector reform ("dsr-implicit"; docs/coding-guide.md §2).
    Dsr(DsrScope),
    /// One of its DSR tasks is mandated, requested or only encouraged.
    Modality(Modality),
    Category(Category),
    Engagement(Engagement),
    Level(Level),
    Actor(Actor),
}

impl Coded {
    /// Whether the analysis coded the clause so.
    pub fn holds(self, ca: &ClauseAnalysis) -> bool {
        match self {
            Coded::DsrTask => ca.dsr_task,
            Coded::Dsr(scope) => ca.dsr == Some(scope),
            Coded::Modality(m) => ca.tasks.iter().any(|t| t.modality == m),
            Coded::Category(c) => ca.categories.contains(&c),
            Coded::Engagement(e) => ca.engagement.contains(&e),
            Coded::Level(l) => ca.levels.contains(&l),
            Coded::Actor(a) => ca.actors.contains(&a),
        }
    }

    /// Every coded predicate with its name in rule files: the resolver's table. A new
    /// coded predicate is a line here and an arm in [`Coded::holds`].
    pub fn all() -> Vec<(String, Coded)> {
        let mut all = vec![("dsr-task".to_string(), Coded::DsrTask)];
        all.extend(
            [DsrScope::Explicit, DsrScope::Implicit]
                .map(|s| (format!("dsr-{}", s.slug()), Coded::Dsr(s))),
        );
        all.extend(
            [
                Modality::Mandated,
                Modality::Requested,
                Modality::Encouraged,
            ]
            .map(|m| (format!("modality-{}", m.slug()), Coded::Modality(m))),
        );
        all.extend(Category::ALL.map(|c| (format!("category-{}", c.slug()), Coded::Category(c))));
        all.extend(
            Engagement::ALL.map(|e| (format!("{}-engagement", e.slug()), Coded::Engagement(e))),
        );
        all.extend(Level::ALL.map(|l| (format!("level-{}", l.slug()), Coded::Level(l))));
        all.extend(Actor::ALL.map(|a| (format!("actor-{}", a.slug()), Coded::Actor(a))));
        all
    }

    /// The name rule files use for this predicate.
    pub fn name(self) -> String {
        Coded::all()
            .into_iter()
            .find(|(_, c)| *c == self)
            .map(|(name, _)| name)
            .unwrap_or_default()
    }
}

/// A lexicon a rule refers to, known to be loaded. The analysis records hits per
/// lexicon name (`ClauseAnalysis::hits`), so the name is the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconRef {
    pub name: String,
    /// Its index in the engine's `Lexicons`, which also analysed the clauses the rules
    /// read: hits are looked up by it, not by name.
    pub index: usize,
}

impl LexiconRef {
    pub fn hits<'a>(&self, ca: &'a ClauseAnalysis) -> &'a [TermMatch] {
        ca.hits.by_index(self.index)
    }
}

/// A resolved predicate: a coded field, a lexicon, or both under one name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predicate {
    /// As written in the rule file (for notes such as "found: training").
    pub name: String,
    pub coded: Option<Coded>,
    pub lexicon: Option<LexiconRef>,
}

impl Predicate {
    /// On a DSR task a coded predicate is decided by the task coding alone (a term
    /// anywhere in the clause does not tick a category the task does not have:
    /// docs/coding-guide.md §5); elsewhere the lexicon of the same name speaks too.
    pub fn holds(&self, ca: &ClauseAnalysis) -> bool {
        if let Some(coded) = self.coded {
            if ca.dsr_task || self.lexicon.is_none() {
                return coded.holds(ca);
            }
        }
        self.lexicon
            .as_ref()
            .is_some_and(|l| ca.hits.has_index(l.index))
    }

    /// The lexicon hits behind the predicate (none for a purely coded one), with spans in
    /// the clause's normalised text (`Ctx::hit_span` places one in the document).
    pub fn hits<'a>(&self, ca: &'a ClauseAnalysis) -> &'a [TermMatch] {
        self.lexicon.as_ref().map_or(&[], |l| l.hits(ca))
    }

    /// For a predicate that is a lexicon only (among the first 128), the bit `holds`
    /// reads in `ClauseHits::present_bits`.
    pub fn lexicon_bit(&self) -> Option<u128> {
        match (&self.coded, &self.lexicon) {
            (None, Some(l)) if l.index < 128 => Some(1u128 << l.index),
            _ => None,
        }
    }

    /// The bits of `any` in `ClauseHits::present_bits` when each is a lexicon only
    /// (among the first 128): "one of them holds in some clause of a set" is then a
    /// test of the set's union of lexicons (`Ctx::scope_lexicons`,
    /// `Ctx::looked_lexicons`).
    pub fn lexicon_bits(any: &[Predicate]) -> Option<u128> {
        any.iter()
            .try_fold(0u128, |bits, p| Some(bits | p.lexicon_bit()?))
    }

    pub fn is_actor(&self) -> bool {
        matches!(self.coded, Some(Coded::Actor(_)))
    }

    pub fn is_category(&self) -> bool {
        matches!(self.coded, Some(Coded::Category(_)))
    }
}

/// Resolves names against the loaded lexicons and the coded fields.
pub struct Resolver<'a> {
    lexicons: &'a Lexicons,
    coded: Vec<(String, Coded)>,
}

impl<'a> Resolver<'a> {
    pub fn new(lexicons: &'a Lexicons) -> Self {
        Resolver {
            lexicons,
            coded: Coded::all(),
        }
    }

    /// The loaded lexicon itself, for kinds that look terms up by name rather than
    /// through clause hits (RES008's established acronyms).
    pub fn lexicon_terms(&self, name: &str) -> Option<&'a crate::analyse::Lexicon> {
        self.lexicons.get(name)
    }

    fn lexicon_ref(&self, name: &str) -> Option<LexiconRef> {
        self.lexicons.index_of(name).map(|index| LexiconRef {
            name: name.to_string(),
            index,
        })
    }

    /// A predicate name: a lexicon, a coded field, or both.
    pub fn predicate(&self, name: &str) -> Result<Predicate, String> {
        let coded = self.coded.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
        let lexicon = self.lexicon_ref(name);
        if coded.is_none() && lexicon.is_none() {
            return Err(format!(
                "unknown lexicon or predicate {name:?}: no lexicon has that name and the analysis codes no such field{}",
                self.hint(name, true)
            ));
        }
        Ok(Predicate {
            name: name.to_string(),
            coded,
            lexicon,
        })
    }

    /// A lexicon name, for parameters that need the terms themselves (their spans).
    pub fn lexicon(&self, name: &str) -> Result<LexiconRef, String> {
        if let Some(l) = self.lexicon_ref(name) {
            return Ok(l);
        }
        let coded = self.coded.iter().any(|(n, _)| n == name);
        Err(if coded {
            format!("{name:?} is coded by the analysis, not a term list: this parameter needs a lexicon")
        } else {
            format!("unknown lexicon {name:?}{}", self.hint(name, false))
        })
    }

    /// The predicate for a coded field, with the lexicon of the same name if loaded.
    pub fn coded(&self, coded: Coded) -> Predicate {
        let name = self
            .coded
            .iter()
            .find(|(_, c)| *c == coded)
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let lexicon = self.lexicon_ref(&name);
        Predicate {
            name,
            coded: Some(coded),
            lexicon,
        }
    }

    fn hint(&self, name: &str, with_coded: bool) -> String {
        let mut known: Vec<&str> = self.lexicons.names().collect();
        if with_coded {
            known.extend(self.coded.iter().map(|(n, _)| n.as_str()));
        }
        match did_you_mean(name, &known) {
            Some(k) => format!("; did you mean {k:?}?"),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coded_names_are_unique_and_round_trip() {
        let all = Coded::all();
        assert_eq!(all.len(), 1 + 2 + 3 + 10 + 2 + 3 + 9);
        for (name, coded) in &all {
            assert_eq!(&coded.name(), name);
        }
        let mut names: Vec<&String> = all.iter().map(|(n, _)| n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(names.iter().any(|n| n.as_str() == "political-engagement"));
        assert!(names.iter().any(|n| n.as_str() == "category-coordination"));
    }

    #[test]
    fn coded_predicates_read_the_analysis() {
        let mut ca = ClauseAnalysis::default();
        assert!(!Coded::DsrTask.holds(&ca));
        ca.dsr_task = true;
        ca.levels.insert(Level::Tactical);
        assert!(Coded::DsrTask.holds(&ca));
        assert!(Coded::Level(Level::Tactical).holds(&ca));
        assert!(!Coded::Level(Level::Strategic).holds(&ca));
    }
}
