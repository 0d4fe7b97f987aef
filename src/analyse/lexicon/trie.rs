//! The layout of the byte trie the matcher walks, and its construction from sorted
//! keys. Pure `std`, like `forms.rs`: `build.rs` includes this very file and builds the
//! trie of the embedded lexicons' forms at compile time (`precomputed::TRIE_*`), so a
//! run over the embedded lexicons builds no trie for them; user lexicons get theirs at
//! run time with the same code.
//!
//! A double array: node 0 is the root, and the child of node `n` over byte `b` is the
//! slot `base[n] + b` when `check` of that slot is `n` (a free slot's is `FREE`). One
//! addition and two reads per byte of a walk, with no search among siblings: the
//! walk was a fifth of a corpus run's instructions when children were scanned one by
//! one (bench/README.md, eighth pass).
//!
//! The top bit of `base[n]` (`HAS_KEY`) says whether a key ends at node `n`: a walk
//! reads `base` of every node it enters anyway, so most nodes (no key) cost it no
//! look-up in the key table, a cache miss on a trie this size (bench/README, sixth
//! pass).

use std::borrow::Cow;

/// In `base[n]`: a key ends at node `n`.
pub const HAS_KEY: u32 = 1 << 31;
/// `base[n]` without the flag.
const BASE_MASK: u32 = !HAS_KEY;
/// `check` of a slot no node uses.
pub const FREE: u32 = u32::MAX;

/// No key ends at this node.
pub const NO_KEY: u32 = u32::MAX;
/// No key ends at this node, in a narrow key table.
pub const NO_NARROW_KEY: u16 = u16::MAX;

/// Per slot, the index of the key ending there: 32 bits, or 16 for the compile-time
/// trie (its 16,000 forms fit, and the table is the binary's largest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyTable<'a> {
    Wide(Cow<'a, [u32]>),
    Narrow(&'a [u16]),
}

impl Default for KeyTable<'_> {
    fn default() -> Self {
        KeyTable::Wide(Cow::Borrowed(&[]))
    }
}

impl KeyTable<'_> {
    fn get(&self, node: usize) -> Option<u32> {
        match self {
            KeyTable::Wide(keys) => keys.get(node).copied().filter(|&k| k != NO_KEY),
            KeyTable::Narrow(keys) => keys
                .get(node)
                .copied()
                .filter(|&k| k != NO_NARROW_KEY)
                .map(u32::from),
        }
    }
}

/// A trie over distinct keys, borrowed (built at compile time) or owned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrieTables<'a> {
    /// Per slot: where the slots of its children start, `HAS_KEY` set when a key ends
    /// there; see the module comment.
    pub base: Cow<'a, [u32]>,
    /// Per slot: its parent's slot, or `FREE`.
    pub check: Cow<'a, [u32]>,
    /// Per slot, the index of the key ending there (in the sorted key list), if any.
    pub key: KeyTable<'a>,
}

impl TrieTables<'_> {
    /// The tables over `keys`, which must be sorted and distinct (key `i` ends at the
    /// node whose `key` is `i`).
    pub fn build<'k>(keys: impl IntoIterator<Item = &'k [u8]>) -> TrieTables<'static> {
        // First in depth-first order, as the sorted keys give the nodes: parent, byte
        // and key of each.
        let mut parent: Vec<u32> = vec![0];
        let mut byte: Vec<u8> = vec![0];
        let mut key_at: Vec<u32> = vec![NO_KEY];
        let mut path: Vec<u32> = vec![0];
        let mut previous: &[u8] = &[];
        for (index, key) in keys.into_iter().enumerate() {
            let common = key.iter().zip(previous).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &b in key.get(common..).unwrap_or_default() {
                let id = parent.len() as u32;
                parent.push(path.last().copied().unwrap_or(0));
                byte.push(b);
                key_at.push(NO_KEY);
                path.push(id);
            }
            // The key's last node is the newest one: a key is never a prefix of an
            // earlier (smaller) one, and keys are distinct.
            if let Some(k) = key_at.last_mut() {
                *k = index as u32;
            }
            previous = key;
        }
        let nodes = parent.len();
        // The children of each node, grouped by parent (a stable counting sort keeps
        // byte order: siblings were created in byte order).
        let mut group = vec![0u32; nodes + 1];
        for &p in parent.iter().skip(1) {
            if let Some(c) = group.get_mut(p as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..group.len() {
            let before = group.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = group.get_mut(i) {
                *c += before;
            }
        }
        let mut cursor = group.clone();
        let mut children = vec![0u32; nodes.saturating_sub(1)];
        for (node, &p) in parent.iter().enumerate().skip(1) {
            if let Some(slot) = cursor.get_mut(p as usize) {
                if let Some(c) = children.get_mut(*slot as usize) {
                    *c = node as u32;
                }
                *slot += 1;
            }
        }
        pack(&group, &children, &byte, &key_at)
    }

    /// The child of `node` over `b`.
    pub fn child(&self, node: u32, b: u8) -> Option<u32> {
        let slot = (self.base.get(node as usize)? & BASE_MASK) + u32::from(b);
        (self.check.get(slot as usize) == Some(&node)).then_some(slot)
    }

    /// Every key's text, by key index (`count` keys), read back from the trie.
    pub fn keys(&self, count: usize) -> Vec<String> {
        let mut texts = vec![String::new(); count];
        let mut path: Vec<u8> = Vec::new();
        // Depth first: (node, depth of its edge byte in `path`, that byte).
        let mut stack: Vec<(u32, usize, u8)> = vec![(0, 0, 0)];
        while let Some((node, depth, byte)) = stack.pop() {
            path.truncate(depth);
            if node != 0 {
                path.push(byte);
            }
            if let Some(text) = self.key_at(node).and_then(|k| texts.get_mut(k as usize)) {
                *text = String::from_utf8_lossy(&path).into_owned();
            }
            let children = (0..=255u8)
                .rev()
                .filter_map(|b| self.child(node, b).map(|c| (c, path.len(), b)));
            stack.extend(children);
        }
        texts
    }

    /// The index of the key ending at `node`, if one does.
    pub fn key_at(&self, node: u32) -> Option<u32> {
        if !self.ends_key(node) {
            return None;
        }
        self.key.get(node as usize)
    }

    /// Whether a key ends at `node` (without reading the key table).
    pub fn ends_key(&self, node: u32) -> bool {
        self.base
            .get(node as usize)
            .is_some_and(|&base| base & HAS_KEY != 0)
    }
}

/// The double array of the trie whose node `n` has the children
/// `children[group[n]..group[n + 1]]` (in byte order), with the edge byte and the key
/// of each node: nodes breadth first from the root, each node's children placed at the
/// lowest base whose slots are all free.
fn pack(group: &[u32], children: &[u32], byte: &[u8], key: &[u32]) -> TrieTables<'static> {
    let nodes = byte.len();
    let mut base: Vec<u32> = vec![0; nodes.max(1)];
    let mut check: Vec<u32> = vec![FREE; nodes.max(1)];
    let mut slot_key: Vec<u32> = vec![NO_KEY; nodes.max(1)];
    let mut slot_of: Vec<u32> = vec![0; nodes];
    let edge = |node: u32| usize::from(byte.get(node as usize).copied().unwrap_or(0));
    // The root is slot 0; no child may take it, so bases start at 1.
    let mut first_free = 1usize;
    let mut order: Vec<u32> = Vec::with_capacity(nodes);
    order.push(0);
    let mut next = 0usize;
    while let Some(&node) = order.get(next) {
        next += 1;
        let node = node as usize;
        let slot = slot_of.get(node).copied().unwrap_or(0) as usize;
        let (from, to) = (
            group.get(node).copied().unwrap_or(0) as usize,
            group.get(node + 1).copied().unwrap_or(0) as usize,
        );
        let kids = children.get(from..to).unwrap_or_default();
        order.extend(kids);
        let mut b = 0usize;
        if let Some(&lowest) = kids.first() {
            // Candidate positions of the lowest child, from the first free slot on.
            let lowest = edge(lowest);
            let mut at = first_free.max(lowest + 1);
            loop {
                b = at - lowest;
                let fits = kids
                    .iter()
                    .all(|&c| check.get(b + edge(c)).is_none_or(|&owner| owner == FREE));
                if fits {
                    break;
                }
                at += 1;
            }
            for &c in kids {
                let child_slot = b + edge(c);
                if child_slot >= check.len() {
                    let len = (child_slot + 1).max(check.len() * 5 / 4);
                    check.resize(len, FREE);
                    base.resize(len, 0);
                    slot_key.resize(len, NO_KEY);
                }
                if let Some(owner) = check.get_mut(child_slot) {
                    *owner = slot as u32;
                }
                if let Some(s) = slot_of.get_mut(c as usize) {
                    *s = child_slot as u32;
                }
            }
            while check.get(first_free).is_some_and(|&owner| owner != FREE) {
                first_free += 1;
            }
        }
        let node_key = key.get(node).copied().unwrap_or(NO_KEY);
        if let Some(entry) = base.get_mut(slot) {
            *entry = b as u32 | if node_key == NO_KEY { 0 } else { HAS_KEY };
        }
        if let Some(k) = slot_key.get_mut(slot) {
            *k = node_key;
        }
    }
    let used = check
        .iter()
        .rposition(|&owner| owner != FREE)
        .map_or(1, |s| s + 1);
    base.truncate(used);
    check.truncate(used);
    slot_key.truncate(used);
    // Bases are slots: 2^31 of them would take gigabytes of forms.
    debug_assert!(check.len() < HAS_KEY as usize);
    TrieTables {
        base: Cow::Owned(base),
        check: Cow::Owned(check),
        key: KeyTable::Wide(Cow::Owned(slot_key)),
    }
}

#[cfg(test)]
mod tests {
    use super::TrieTables;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// Walks `text` from the root: the node reached, if every byte has a child.
    fn walk(trie: &TrieTables<'_>, text: &[u8]) -> Option<u32> {
        text.iter().try_fold(0u32, |node, &b| trie.child(node, b))
    }

    proptest! {
        /// The double array holds exactly the keys and their prefixes: each key ends
        /// at a node that says so with its index, each proper prefix of a key is a node
        /// (with a key only if it is one), and nothing else is; the keys read back.
        #[test]
        fn the_double_array_holds_exactly_its_keys(
            keys in proptest::collection::btree_set(
                proptest::collection::vec(
                    prop::sample::select(vec![b'a', b'b', b' ', b'z', 0xc3, 0xa9, b'A']),
                    1..7,
                ),
                0..40,
            ),
            probes in proptest::collection::vec(
                proptest::collection::vec(prop::sample::select(vec![b'a', b'b', b' ', b'q']), 0..6),
                0..20,
            ),
        ) {
            let keys: Vec<Vec<u8>> = keys.into_iter().collect();
            let trie = TrieTables::build(keys.iter().map(Vec::as_slice));
            let prefixes: BTreeSet<&[u8]> = keys
                .iter()
                .flat_map(|k| (0..=k.len()).filter_map(move |n| k.get(..n)))
                .collect();
            for (i, key) in keys.iter().enumerate() {
                let node = walk(&trie, key);
                prop_assert!(node.is_some());
                prop_assert_eq!(node.and_then(|n| trie.key_at(n)), Some(i as u32));
            }
            for probe in &probes {
                let node = walk(&trie, probe);
                // The root (the empty prefix) is there even without keys.
                let present = probe.is_empty() || prefixes.contains(probe.as_slice());
                prop_assert_eq!(node.is_some(), present);
                let is_key = keys.binary_search(probe).ok().map(|i| i as u32);
                prop_assert_eq!(node.and_then(|n| trie.key_at(n)), is_key);
            }
            let texts: Vec<Vec<u8>> = trie
                .keys(keys.len())
                .into_iter()
                .map(String::into_bytes)
                .collect();
            let readable: Vec<Vec<u8>> = keys
                .iter()
                .map(|k| String::from_utf8_lossy(k).into_owned().into_bytes())
                .collect();
            prop_assert_eq!(texts, readable);
        }
    }
}
