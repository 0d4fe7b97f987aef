//! Lookups remembered per clause text: the editor asks about the same clauses on every
//! hover and every check (PRE001), while the draft changes one clause at a time.
//!
//! Bounded: when a table is full it is emptied and refills with what is asked next
//! (cheap, and a long session's old wordings go with it).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use super::{FirstUse, Hit, PrecedentIndex, Query};

/// Entries kept per table before it is emptied.
const CAPACITY: usize = 4096;

/// (clause text, the draft's mission, how many hits or the threshold's bits)
type Key = (String, Option<String>, u64);

#[derive(Default)]
pub(crate) struct Memo {
    nearest: Table<Key, Vec<Hit>>,
    first_use: Table<Key, FirstUse>,
}

struct Table<K, V>(Mutex<HashMap<K, Arc<V>>>);

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table(Mutex::new(HashMap::new()))
    }
}

impl<K: Eq + Hash, V> Table<K, V> {
    fn get_or(&self, key: K, compute: impl FnOnce() -> V) -> Arc<V> {
        if let Some(v) = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Arc::clone(v);
        }
        // Computed outside the lock: two threads asking at once both compute, which
        // costs a lookup, never a wrong answer.
        let value = Arc::new(compute());
        let mut table = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if table.len() >= CAPACITY {
            table.clear();
        }
        table.insert(key, Arc::clone(&value));
        value
    }
}

impl PrecedentIndex {
    /// [`PrecedentIndex::search`] for a clause of a draft whose mission is `mission`,
    /// remembered per text.
    pub fn nearest_remembered(&self, text: &str, mission: Option<&str>, k: usize) -> Arc<Vec<Hit>> {
        let key = (text.to_string(), mission.map(str::to_string), k as u64);
        self.memo.nearest.get_or(key, || {
            self.search(&Query {
                text,
                mission,
                limit: k,
                exclude: None,
            })
        })
    }

    /// [`PrecedentIndex::first_use_for`] for a clause of a draft whose mission is
    /// `mission`, remembered per text.
    pub fn first_use_remembered(
        &self,
        text: &str,
        mission: Option<&str>,
        threshold: f64,
    ) -> Arc<FirstUse> {
        let key = (
            text.to_string(),
            mission.map(str::to_string),
            threshold.to_bits(),
        );
        self.memo.first_use.get_or(key, || {
            self.first_use_for(
                &Query {
                    mission,
                    ..Query::new(text)
                },
                threshold,
            )
        })
    }
}
