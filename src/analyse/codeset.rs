//! Sets of DCAF codes (categories, engagement, levels, actors) as bit masks. Every clause
//! and every task carries four of them, and the language server builds, copies and
//! frees them for every clause at every keystroke: as `BTreeSet`s they were an
//! allocation each. Same interface and same order (the codes' declaration order, which
//! is their `Ord`), same JSON (a list).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Serialize, Serializer};

use super::model::{Actor, Category, Engagement, Level};

/// A fieldless code enum whose `ALL` lists every value in declaration order.
pub trait Code: Copy + Eq + 'static {
    const ALL: &'static [Self];
    /// The value's position in `ALL` (its discriminant).
    fn bit(self) -> u32;
}

macro_rules! code {
    ($t:ty) => {
        impl Code for $t {
            const ALL: &'static [$t] = &<$t>::ALL;
            fn bit(self) -> u32 {
                self as u32
            }
        }
    };
}
code!(Category);
code!(Engagement);
code!(Level);
code!(Actor);

/// A set of codes of one kind, iterated in declaration order as a `BTreeSet` would be.
pub struct CodeSet<T: Code> {
    bits: u32,
    kind: PhantomData<T>,
}

impl<T: Code> CodeSet<T> {
    pub const fn new() -> Self {
        CodeSet {
            bits: 0,
            kind: PhantomData,
        }
    }

    fn mask(t: T) -> u32 {
        1u32.checked_shl(t.bit()).unwrap_or(0)
    }

    /// Adds a code; whether it was new.
    pub fn insert(&mut self, t: T) -> bool {
        let new = self.bits & Self::mask(t) == 0;
        self.bits |= Self::mask(t);
        new
    }

    pub fn contains(&self, t: &T) -> bool {
        self.bits & Self::mask(*t) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }

    /// The set as a bit mask (bit `t.bit()` for each code `t`), to keep or combine.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The set of a bit mask `bits` made (bits beyond the codes dropped).
    pub fn from_bits(bits: u32) -> Self {
        let all = T::ALL.iter().fold(0, |m, t| m | Self::mask(*t));
        CodeSet {
            bits: bits & all,
            kind: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.bits.count_ones() as usize
    }

    pub fn clear(&mut self) {
        self.bits = 0;
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        for t in T::ALL {
            if self.contains(t) && !keep(t) {
                self.bits &= !Self::mask(*t);
            }
        }
    }

    /// The codes in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &'static T> + '_ {
        let bits = self.bits;
        T::ALL.iter().filter(move |t| bits & Self::mask(**t) != 0)
    }
}

impl<T: Code> Default for CodeSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Code> Clone for CodeSet<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Code> Copy for CodeSet<T> {}

impl<T: Code> PartialEq for CodeSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}

impl<T: Code> Eq for CodeSet<T> {}

impl<T: Code> Hash for CodeSet<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}

impl<T: Code + fmt::Debug> fmt::Debug for CodeSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Code + Serialize> Serialize for CodeSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<T: Code> Extend<T> for CodeSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for t in iter {
            self.insert(t);
        }
    }
}

impl<'a, T: Code> Extend<&'a T> for CodeSet<T> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        for t in iter {
            self.insert(*t);
        }
    }
}

impl<T: Code> FromIterator<T> for CodeSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = CodeSet::new();
        set.extend(iter);
        set
    }
}

impl<'a, T: Code> FromIterator<&'a T> for CodeSet<T> {
    fn from_iter<I: IntoIterator<Item = &'a T>>(iter: I) -> Self {
        let mut set = CodeSet::new();
        set.extend(iter);
        set
    }
}

impl<T: Code, const N: usize> From<[T; N]> for CodeSet<T> {
    fn from(codes: [T; N]) -> Self {
        codes.into_iter().collect()
    }
}

impl<'s, T: Code> IntoIterator for &'s CodeSet<T> {
    type Item = &'static T;
    type IntoIter = Box<dyn Iterator<Item = &'static T> + 's>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared_in_order<T: Code + Ord + fmt::Debug>() {
        for (i, t) in T::ALL.iter().enumerate() {
            assert_eq!(
                t.bit() as usize,
                i,
                "{t:?} is not at its discriminant in ALL"
            );
        }
        assert!(
            T::ALL.windows(2).all(|w| w[0] < w[1]),
            "ALL is not in Ord order"
        );
        assert!(T::ALL.len() <= 32);
    }

    #[test]
    fn every_code_is_in_all_at_its_discriminant_in_ord_order() {
        declared_in_order::<Category>();
        declared_in_order::<Engagement>();
        declared_in_order::<Level>();
        declared_in_order::<Actor>();
    }

    #[test]
    fn behaves_as_a_btreeset() {
        use std::collections::BTreeSet;
        // Every subset of the actors, built in reverse, against the BTreeSet.
        for mask in 0u32..(1 << Actor::ALL.len()) {
            let chosen: Vec<Actor> = Actor::ALL
                .iter()
                .rev()
                .copied()
                .filter(|a| mask & (1 << a.bit()) != 0)
                .collect();
            let set: CodeSet<Actor> = chosen.iter().collect();
            let tree: BTreeSet<Actor> = chosen.iter().copied().collect();
            assert_eq!(
                set.iter().copied().collect::<Vec<_>>(),
                tree.iter().copied().collect::<Vec<_>>()
            );
            assert_eq!(set.len(), tree.len());
            assert_eq!(set.is_empty(), tree.is_empty());
            assert_eq!(format!("{set:?}"), format!("{tree:?}"));
            assert_eq!(
                serde_json::to_string(&set).ok(),
                serde_json::to_string(&tree).ok()
            );
            for a in Actor::ALL {
                assert_eq!(set.contains(&a), tree.contains(&a));
            }
            let mut kept = set;
            kept.retain(|a| *a != Actor::Government);
            assert!(!kept.contains(&Actor::Government));
            assert_eq!(
                kept.len(),
                tree.len() - usize::from(tree.contains(&Actor::Government))
            );
        }
        let mut set = CodeSet::new();
        assert!(set.insert(Level::Tactical));
        assert!(!set.insert(Level::Tactical));
    }
}
