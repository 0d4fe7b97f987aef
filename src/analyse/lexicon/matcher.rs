//! Matching: every surface form in a trie, walked from each place a word-bounded
//! match can start; per lexicon, leftmost-longest selection. Text is folded first
//! (whitespace, curly quotes, soft and Unicode hyphens) with a map back to the input.
//!
//! Why a trie and not an Aho-Corasick automaton: a match must start at a word start
//! (or at a character that is not a letter or digit, for forms such as "[...]"), so
//! walking a plain trie from those places finds exactly the word-bounded occurrences
//! an unanchored automaton would find and then filter, while the trie needs no failure
//! links: it is built from the sorted forms in one linear pass (about a millisecond
//! for the 12,000 forms, against 50 ms for the automaton; bench/README.md).

use std::borrow::Cow;

use crate::span::Span;

use super::Lexicon;

/// (lexicon index, term index).
pub(super) type Owner = (usize, usize);

/// Collects forms with the (lexicon, term) pair that owns each; `build` sorts and
/// deduplicates them. Forms are borrowed where they can be (the precomputed forms of
/// the embedded lexicons are static): building the matcher is most of a one-page
/// check's time.
#[derive(Default)]
pub(super) struct MatcherBuilder<'a> {
    insensitive: Vec<(Cow<'a, str>, Owner)>,
    sensitive: Vec<(Cow<'a, str>, Owner)>,
}

impl<'a> MatcherBuilder<'a> {
    pub(super) fn add(&mut self, form: Cow<'a, str>, case_sensitive: bool, owner: Owner) {
        if case_sensitive {
            self.sensitive.push((form, owner));
        } else if form.bytes().any(|b| b.is_ascii_uppercase()) {
            // Keys are what the trie compares: ASCII letters folded when insensitive.
            self.insensitive
                .push((Cow::Owned(form.to_ascii_lowercase()), owner));
        } else {
            self.insensitive.push((form, owner));
        }
    }

    pub(super) fn build(self) -> Matcher {
        Matcher {
            insensitive: Trie::build(self.insensitive, true),
            sensitive: Trie::build(self.sensitive, false),
        }
    }
}

/// A byte trie over the forms, stored flat. Node 0 is the root; the edges of node `n`
/// are `edge_byte/edge_to[first_edge[n]..first_edge[n + 1]]`, sorted by byte.
#[derive(Clone, Debug, Default)]
struct Trie {
    /// Root transitions by byte (0: none), the hottest lookup.
    root: Vec<u32>,
    first_edge: Vec<u32>,
    edge_byte: Vec<u8>,
    edge_to: Vec<u32>,
    /// Per node: the owners of the form ending there, `owners[first_owner[n]..first_owner[n + 1]]`.
    first_owner: Vec<u32>,
    owners: Vec<Owner>,
    /// Text bytes are ASCII-lower-cased before comparing (keys already are).
    fold: bool,
}

impl Trie {
    fn build(mut forms: Vec<(Cow<'_, str>, Owner)>, fold: bool) -> Trie {
        // Sorted by form then owner: each node's children are created in byte order,
        // and a form's owners (in lexicon, term order) right after its last node.
        forms.sort_unstable();
        forms.dedup();
        let mut parent: Vec<u32> = vec![0];
        let mut byte: Vec<u8> = vec![0];
        let mut first_owner: Vec<u32> = vec![0];
        let mut owners: Vec<Owner> = Vec::with_capacity(forms.len());
        let mut path: Vec<u32> = vec![0];
        let mut previous: &[u8] = &[];
        for (key, owner) in &forms {
            let key = key.as_bytes();
            if key != previous {
                let common = key.iter().zip(previous).take_while(|(a, b)| a == b).count();
                path.truncate(common + 1);
                for &b in key.get(common..).unwrap_or_default() {
                    let id = parent.len() as u32;
                    parent.push(path.last().copied().unwrap_or(0));
                    byte.push(b);
                    first_owner.push(owners.len() as u32);
                    path.push(id);
                }
                previous = key;
            }
            // The form's last node is the newest one: a form is never a prefix of an
            // earlier (smaller) one.
            owners.push(*owner);
        }
        first_owner.push(owners.len() as u32);
        let nodes = parent.len();
        // Edges grouped by parent (a stable counting sort keeps byte order).
        let mut first_edge = vec![0u32; nodes + 1];
        for &p in parent.iter().skip(1) {
            if let Some(c) = first_edge.get_mut(p as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..first_edge.len() {
            let before = first_edge.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = first_edge.get_mut(i) {
                *c += before;
            }
        }
        let mut cursor = first_edge.clone();
        let edges = nodes.saturating_sub(1);
        let mut edge_byte = vec![0u8; edges];
        let mut edge_to = vec![0u32; edges];
        let mut root = vec![0u32; 256];
        for node in 1..nodes {
            let (Some(&p), Some(&b)) = (parent.get(node), byte.get(node)) else {
                continue;
            };
            if p == 0 {
                if let Some(r) = root.get_mut(b as usize) {
                    *r = node as u32;
                }
            }
            let Some(slot) = cursor.get_mut(p as usize) else {
                continue;
            };
            let at = *slot as usize;
            *slot += 1;
            if let (Some(eb), Some(et)) = (edge_byte.get_mut(at), edge_to.get_mut(at)) {
                *eb = b;
                *et = node as u32;
            }
        }
        Trie {
            root,
            first_edge,
            edge_byte,
            edge_to,
            first_owner,
            owners,
            fold,
        }
    }

    fn child(&self, node: u32, b: u8) -> Option<u32> {
        if node == 0 {
            return self.root.get(b as usize).copied().filter(|&c| c != 0);
        }
        let n = node as usize;
        let &[start, end] = self.first_edge.get(n..n + 2)? else {
            return None;
        };
        let bytes = self.edge_byte.get(start as usize..end as usize)?;
        let at = bytes.iter().position(|&x| x == b)?;
        self.edge_to.get(start as usize + at).copied()
    }

    fn owners_at(&self, node: u32) -> &[Owner] {
        let n = node as usize;
        match self.first_owner.get(n..n + 2) {
            Some(&[s, e]) if s < e => self.owners.get(s as usize..e as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Whether any form starts with this byte (most places in a text start none).
    fn starts_with(&self, b: u8) -> bool {
        let b = if self.fold { b.to_ascii_lowercase() } else { b };
        self.root.get(b as usize).is_some_and(|&c| c != 0)
    }

    /// Every form that occurs at `start`, word-bounded.
    fn walk(&self, text: &str, start: usize, out: &mut Vec<RawHit>) {
        let Some(rest) = text.as_bytes().get(start..) else {
            return;
        };
        let mut node = 0u32;
        for (i, &b) in rest.iter().enumerate() {
            let b = if self.fold { b.to_ascii_lowercase() } else { b };
            let Some(next) = self.child(node, b) else {
                return;
            };
            node = next;
            let owners = self.owners_at(node);
            if owners.is_empty() {
                continue;
            }
            let end = start + i + 1;
            if !on_word_boundaries(text, start, end) {
                continue;
            }
            out.extend(owners.iter().map(|&(lexicon, term)| RawHit {
                lexicon,
                term,
                start,
                end,
            }));
        }
    }
}

/// The compiled forms: ASCII-case-insensitive ones and case-sensitive ones (acronyms).
#[derive(Clone, Debug, Default)]
pub(super) struct Matcher {
    insensitive: Trie,
    sensitive: Trie,
}

/// A raw hit before longest-match selection.
#[derive(Clone, Copy, Debug)]
pub(super) struct RawHit {
    pub lexicon: usize,
    pub term: usize,
    pub start: usize,
    pub end: usize,
}

impl Matcher {
    /// Every word-bounded occurrence of every form, overlapping. A match may start only
    /// where a word starts or at a character that is not a letter or digit.
    pub(super) fn raw_hits(&self, text: &str, out: &mut Vec<RawHit>) {
        let mut previous_is_word = false;
        for (at, c) in text.char_indices() {
            let is_word = c.is_alphanumeric();
            let inside_word = is_word && previous_is_word;
            previous_is_word = is_word;
            if inside_word {
                continue;
            }
            let Some(&first) = text.as_bytes().get(at) else {
                continue;
            };
            if self.insensitive.starts_with(first) {
                self.insensitive.walk(text, at, out);
            }
            if self.sensitive.starts_with(first) {
                self.sensitive.walk(text, at, out);
            }
        }
    }
}

/// A match must not start or end inside a word. Edges that are not word characters
/// themselves ("[...]", "***") need no boundary.
pub(super) fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let (Some(matched), Some(before), Some(after)) =
        (text.get(start..end), text.get(..start), text.get(end..))
    else {
        return false;
    };
    let first_is_word = matched.chars().next().is_some_and(char::is_alphanumeric);
    let last_is_word = matched
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let before_ok = !first_is_word
        || !before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
    let after_ok = !last_is_word || !after.chars().next().is_some_and(char::is_alphanumeric);
    before_ok && after_ok
}

/// Per lexicon: leftmost-longest, non-overlapping hits, ignored terms dropped.
pub(super) fn select(mut hits: Vec<RawHit>, lexicons: &[Lexicon]) -> Vec<RawHit> {
    hits.sort_by(|a, b| {
        (a.lexicon, a.start, std::cmp::Reverse(a.end), a.term).cmp(&(
            b.lexicon,
            b.start,
            std::cmp::Reverse(b.end),
            b.term,
        ))
    });
    let mut out = Vec::with_capacity(hits.len());
    let mut current: Option<usize> = None;
    let mut covered_to = 0usize;
    for hit in hits {
        if current != Some(hit.lexicon) {
            current = Some(hit.lexicon);
            covered_to = 0;
        }
        if hit.start < covered_to {
            continue;
        }
        covered_to = hit.end;
        let ignored = lexicons
            .get(hit.lexicon)
            .and_then(|l| l.terms.get(hit.term))
            .is_none_or(|t| t.ignore);
        if !ignored {
            out.push(hit);
        }
    }
    out
}

/// Text with whitespace runs folded to one space, curly quotes to straight ones and
/// soft hyphens dropped, Unicode hyphens (U+2010, the non-breaking U+2011 of Akoma Ntoso
/// texts) made plain hyphens, so that "armed\u{a0} forces", "Council’s" and
/// "ex\u{2011}combatants" match plain
/// patterns. Keeps a byte map back to the input when anything changed.
pub(super) struct Folded<'a> {
    input: &'a str,
    pub(super) text: std::borrow::Cow<'a, str>,
    /// For each byte of `text`, the start of the input character it came from; `None`
    /// when `text` is the input itself.
    map: Option<Vec<usize>>,
}

impl<'a> Folded<'a> {
    pub(super) fn new(input: &'a str) -> Folded<'a> {
        let needs = if input.is_ascii() {
            // The common case, byte by byte: only ASCII whitespace other than a single
            // space needs folding.
            let bytes = input.as_bytes();
            bytes
                .iter()
                .any(|&b| (b.is_ascii_whitespace() && b != b' ') || b == 0x0b)
                || bytes.windows(2).any(|w| w == b"  ")
        } else {
            input.contains("  ")
                || input.chars().any(|c| {
                    matches!(
                        c,
                        '\u{2018}'
                            | '\u{2019}'
                            | '\u{201c}'
                            | '\u{201d}'
                            | '\u{ad}'
                            | '\u{2010}'
                            | '\u{2011}'
                    ) || (c.is_whitespace() && c != ' ')
                })
        };
        if !needs {
            return Folded {
                input,
                text: std::borrow::Cow::Borrowed(input),
                map: None,
            };
        }
        let mut text = String::with_capacity(input.len());
        let mut map = Vec::with_capacity(input.len());
        let mut last_space = false;
        for (i, c) in input.char_indices() {
            let replacement = match c {
                '\u{ad}' => continue,
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                '\u{2010}' | '\u{2011}' => '-',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            let is_space = replacement == ' ';
            if is_space && last_space {
                continue;
            }
            last_space = is_space;
            text.push(replacement);
            map.resize(text.len(), i);
        }
        Folded {
            input,
            text: std::borrow::Cow::Owned(text),
            map: Some(map),
        }
    }

    pub(super) fn span_to_input(&self, start: usize, end: usize) -> Span {
        let Some(map) = &self.map else {
            return Span::new(start, end);
        };
        let input_len = self.input.len();
        let s = map.get(start).copied().unwrap_or(input_len);
        let e = if end > start {
            map.get(end - 1).map_or(input_len, |&last_char| {
                let width = self
                    .input
                    .get(last_char..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
                last_char + width
            })
        } else {
            s
        };
        Span::new(s, e.max(s))
    }
}
