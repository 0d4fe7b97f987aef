//! The layout of the byte trie the matcher walks, and its construction from sorted
//! keys. Pure `std`, like `forms.rs`: `build.rs` includes this very file and builds the
//! trie of the embedded lexicons' forms at compile time (`precomputed::TRIE_*`), so a
//! run over the embedded lexicons builds no trie for them; user lexicons get theirs at
//! run time with the same code.
//!
//! Node 0 is the root. Nodes are numbered so that the children of a node are
//! consecutive, in byte order: the children of node `n` are the nodes
//! `first_child[n] + k` for `k < first_child[n + 1] - first_child[n]`, and
//! `byte[m]` is the byte on the edge into node `m`. No edge table is needed.
//!
//! The top bit of `first_child[n]` (`HAS_KEY`) says whether a key ends at node `n`:
//! a walk reads `first_child` of every node it enters anyway, so most nodes (no key)
//! cost it no look-up in the key table, a cache miss on a trie this size (bench/README,
//! sixth pass).

use std::borrow::Cow;

/// In `first_child[n]`: a key ends at node `n`.
pub const HAS_KEY: u32 = 1 << 31;
/// `first_child[n]` without the flag: the first child's id.
const CHILD_MASK: u32 = !HAS_KEY;

/// No key ends at this node.
pub const NO_KEY: u32 = u32::MAX;
/// No key ends at this node, in a narrow key table.
pub const NO_NARROW_KEY: u16 = u16::MAX;

/// Per node, the index of the key ending there: 32 bits, or 16 for the compile-time
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
    /// The root's child by byte (0: none), the hottest look-up.
    pub root: Cow<'a, [u32]>,
    /// Per node (plus one past the last), its first child; see the module comment.
    pub first_child: Cow<'a, [u32]>,
    /// Per node, the byte on the edge into it (0 for the root).
    pub byte: Cow<'a, [u8]>,
    /// Per node, the index of the key ending there (in the sorted key list), if any.
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
        // Breadth first: a node's children get consecutive ids, and the groups come in
        // the order of their parents' ids, so a group ends where the next begins.
        let mut first_child = vec![0u32; nodes + 1];
        let mut new_byte = vec![0u8; nodes];
        let mut new_key = vec![NO_KEY; nodes];
        let mut order: Vec<u32> = Vec::with_capacity(nodes);
        order.push(0);
        let mut next = 0usize;
        while let Some(&old) = order.get(next) {
            let old = old as usize;
            if let Some(f) = first_child.get_mut(next) {
                *f = order.len() as u32;
            }
            if let (Some(b), Some(&ob)) = (new_byte.get_mut(next), byte.get(old)) {
                *b = ob;
            }
            if let (Some(k), Some(&ok)) = (new_key.get_mut(next), key_at.get(old)) {
                *k = ok;
            }
            let (from, to) = (
                group.get(old).copied().unwrap_or(0) as usize,
                group.get(old + 1).copied().unwrap_or(0) as usize,
            );
            order.extend(children.get(from..to).unwrap_or_default());
            next += 1;
        }
        if let Some(last) = first_child.get_mut(nodes) {
            *last = nodes as u32;
        }
        let mut root = vec![0u32; 256];
        let (start, end) = (
            first_child.first().copied().unwrap_or(1),
            first_child.get(1).copied().unwrap_or(1),
        );
        for child in start..end {
            if let Some(&b) = new_byte.get(child as usize) {
                if let Some(r) = root.get_mut(b as usize) {
                    *r = child;
                }
            }
        }
        // Node ids fit below the flag: 2^31 nodes would take gigabytes of forms.
        debug_assert!(nodes < HAS_KEY as usize);
        for (first, &key) in first_child.iter_mut().zip(&new_key) {
            if key != NO_KEY {
                *first |= HAS_KEY;
            }
        }
        TrieTables {
            root: Cow::Owned(root),
            first_child: Cow::Owned(first_child),
            byte: Cow::Owned(new_byte),
            key: KeyTable::Wide(Cow::Owned(new_key)),
        }
    }

    /// The child of `node` over `b`.
    pub fn child(&self, node: u32, b: u8) -> Option<u32> {
        if node == 0 {
            return self.root.get(b as usize).copied().filter(|&c| c != 0);
        }
        let n = node as usize;
        let &[start, end] = self.first_child.get(n..n + 2)? else {
            return None;
        };
        let (start, end) = (start & CHILD_MASK, end & CHILD_MASK);
        let bytes = self.byte.get(start as usize..end as usize)?;
        let at = bytes.iter().position(|&x| x == b)?;
        Some(start + at as u32)
    }

    /// Every key's text, by key index (`count` keys), read back from the trie.
    pub fn keys(&self, count: usize) -> Vec<String> {
        let mut texts = vec![String::new(); count];
        let mut path: Vec<u8> = Vec::new();
        // Depth first: (node, depth of its edge byte in `path`).
        let mut stack: Vec<(u32, usize)> = vec![(0, 0)];
        while let Some((node, depth)) = stack.pop() {
            path.truncate(depth);
            if node != 0 {
                path.push(self.byte.get(node as usize).copied().unwrap_or(0));
            }
            if let Some(text) = self.key_at(node).and_then(|k| texts.get_mut(k as usize)) {
                *text = String::from_utf8_lossy(&path).into_owned();
            }
            let n = node as usize;
            if let Some(&[start, end]) = self.first_child.get(n..n + 2) {
                let (start, end) = (start & CHILD_MASK, end & CHILD_MASK);
                stack.extend((start..end).rev().map(|child| (child, path.len())));
            }
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
        self.first_child
            .get(node as usize)
            .is_some_and(|&first| first & HAS_KEY != 0)
    }
}
