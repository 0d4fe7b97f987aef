//! Matching: every surface form in a trie, walked from each place a word-bounded
//! match can start; per lexicon, leftmost-longest selection. Text is folded first
//! (whitespace, curly quotes, soft and Unicode hyphens) with a map back to the input.
//!
//! Why a trie and not an Aho-Corasick automaton: a match must start at a word start
//! (or at a character that is not a letter or digit, for forms such as "[...]"), so
//! walking a plain trie from those places finds exactly the word-bounded occurrences
//! an unanchored automaton would find and then filter, while the trie needs no failure
//! links: it is built from the sorted forms in one linear pass (about a millisecond
//! for the 12,000 forms, against 50 ms for the automaton; bench/README.md), and the
//! trie of the embedded lexicons' forms is built at compile time (`trie.rs`).

use std::borrow::Cow;

use crate::span::Span;

use super::trie::{KeyTable, TrieTables};
use super::{precomputed, Form, Lexicon};

/// (lexicon index, term index).
pub(super) type Owner = (usize, usize);

/// Collects forms with the (lexicon, term) pair that owns each; `build` sorts and
/// deduplicates them. Forms are borrowed where they can be (the precomputed forms of
/// the embedded lexicons are static, and referred to by index): building the matcher
/// was most of a one-page check's time.
#[derive(Default)]
pub(super) struct MatcherBuilder<'a> {
    /// Precomputed forms, by index: keys of the precomputed trie.
    precomputed: Vec<(u32, Owner)>,
    insensitive: Vec<(Cow<'a, str>, Owner)>,
    sensitive: Vec<(Cow<'a, str>, Owner)>,
}

impl<'a> MatcherBuilder<'a> {
    pub(super) fn add(&mut self, form: Form<'a>, owner: Owner) {
        let (form, case_sensitive) = match form {
            Form::Precomputed(index) => {
                self.precomputed.push((index, owner));
                return;
            }
            Form::Text(form, case_sensitive) => (form, case_sensitive),
        };
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

    pub(super) fn build(mut self) -> Matcher {
        // Only precomputed case-insensitive forms (the embedded lexicons): the trie was
        // built at compile time, only the owners are attached. Any other form (a user's
        // lexicon) and the trie is built here, over every form.
        let insensitive = if self.insensitive.is_empty() {
            Trie::precomputed(self.precomputed)
        } else {
            self.insensitive
                .extend(self.precomputed.into_iter().map(|(index, owner)| {
                    (Cow::Borrowed(precomputed::form(index).unwrap_or("")), owner)
                }));
            Trie::build(self.insensitive, true)
        };
        Matcher {
            insensitive,
            sensitive: Trie::build(self.sensitive, false),
        }
    }
}

/// A byte trie over the forms (`trie.rs`), with the (lexicon, term) owners of each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Trie {
    tables: TrieTables<'static>,
    /// Per key: the owners of the form, `owners[first_owner[k]..first_owner[k + 1]]`.
    /// Static for the embedded lexicons (`Matcher::embedded`).
    first_owner: Cow<'static, [u32]>,
    owners: Cow<'static, [Owner]>,
    /// Text bytes are ASCII-lower-cased before comparing (keys already are).
    fold: bool,
}

impl Trie {
    fn build(mut forms: Vec<(Cow<'_, str>, Owner)>, fold: bool) -> Trie {
        // Sorted by form then owner: the keys in byte order, and each form's owners (in
        // lexicon, term order) together.
        forms.sort_unstable();
        forms.dedup();
        let mut keys: Vec<&[u8]> = Vec::new();
        let mut first_owner: Vec<u32> = Vec::new();
        let mut owners: Vec<Owner> = Vec::with_capacity(forms.len());
        for (form, owner) in &forms {
            if keys.last() != Some(&form.as_bytes()) {
                keys.push(form.as_bytes());
                first_owner.push(owners.len() as u32);
            }
            owners.push(*owner);
        }
        first_owner.push(owners.len() as u32);
        Trie {
            tables: TrieTables::build(keys),
            first_owner: Cow::Owned(first_owner),
            owners: Cow::Owned(owners),
            fold,
        }
    }

    /// The compile-time trie of the precomputed forms, with these owners. A counting
    /// sort by form: the owners come in (lexicon, term) order, and stay in it.
    fn precomputed(forms: Vec<(u32, Owner)>) -> Trie {
        let keys = precomputed::count();
        let mut first_owner = vec![0u32; keys + 1];
        for &(key, _) in &forms {
            if let Some(c) = first_owner.get_mut(key as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..first_owner.len() {
            let before = first_owner.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = first_owner.get_mut(i) {
                *c += before;
            }
        }
        let mut cursor = first_owner.clone();
        let mut owners = vec![(0, 0); forms.len()];
        for (key, owner) in forms {
            if let Some(at) = cursor.get_mut(key as usize) {
                if let Some(slot) = owners.get_mut(*at as usize) {
                    *slot = owner;
                }
                *at += 1;
            }
        }
        // Each form's owners sorted and once, as `build` gives them (a term may give the
        // same form twice).
        let mut kept: Vec<Owner> = Vec::with_capacity(owners.len());
        let mut start = 0usize;
        for k in 0..keys {
            let end = first_owner.get(k + 1).copied().unwrap_or(0) as usize;
            let group = owners.get_mut(start..end).unwrap_or_default();
            if !group.is_sorted() {
                group.sort_unstable();
            }
            if let Some(f) = first_owner.get_mut(k) {
                *f = kept.len() as u32;
            }
            for &owner in group.iter() {
                if kept.len() as u32 == first_owner.get(k).copied().unwrap_or(0)
                    || kept.last() != Some(&owner)
                {
                    kept.push(owner);
                }
            }
            start = end;
        }
        if let Some(last) = first_owner.get_mut(keys) {
            *last = kept.len() as u32;
        }
        Trie {
            tables: precomputed::trie(),
            first_owner: Cow::Owned(first_owner),
            owners: Cow::Owned(kept),
            fold: true,
        }
    }

    fn owners_at(&self, node: u32) -> &[Owner] {
        let Some(key) = self.tables.key_at(node) else {
            return &[];
        };
        let k = key as usize;
        match self.first_owner.get(k..k + 2) {
            Some(&[s, e]) if s < e => self.owners.get(s as usize..e as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Whether any form starts with this byte (most places in a text start none).
    fn starts_with(&self, b: u8) -> bool {
        let b = if self.fold { b.to_ascii_lowercase() } else { b };
        self.tables.child(0, b).is_some()
    }

    /// Every form that occurs at `start`, word-bounded.
    fn walk(&self, text: &str, start: usize, out: &mut Vec<RawHit>) {
        let Some(rest) = text.as_bytes().get(start..) else {
            return;
        };
        let mut node = 0u32;
        for (i, &b) in rest.iter().enumerate() {
            let b = if self.fold { b.to_ascii_lowercase() } else { b };
            let Some(next) = self.tables.child(node, b) else {
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// The combined matcher of exactly the embedded lexicons, made by `build.rs`
    /// (`precomputed::EMBEDDED_MATCHER`): a run that loads no lexicon of its own
    /// attaches no owners at start-up (a third of a one-page check's instructions).
    pub(super) fn embedded() -> Option<Matcher> {
        let m = precomputed::EMBEDDED_MATCHER.as_ref()?;
        Some(Matcher {
            insensitive: Trie {
                tables: precomputed::trie(),
                first_owner: Cow::Borrowed(m.first_owner),
                owners: Cow::Borrowed(m.owners),
                fold: true,
            },
            sensitive: Trie {
                tables: TrieTables {
                    base: Cow::Borrowed(m.sensitive_base),
                    check: Cow::Borrowed(m.sensitive_check),
                    key: KeyTable::Wide(Cow::Borrowed(m.sensitive_key)),
                },
                first_owner: Cow::Borrowed(m.sensitive_first_owner),
                owners: Cow::Borrowed(m.sensitive_owners),
                fold: false,
            },
        })
    }

    /// Every word-bounded occurrence of every form, overlapping. A match may start only
    /// where a word starts or at a character that is not a letter or digit.
    pub(super) fn raw_hits(&self, text: &str, out: &mut Vec<RawHit>) {
        let bytes = text.as_bytes();
        let mut previous_is_word = false;
        let mut at = 0usize;
        while let Some(&first) = bytes.get(at) {
            // ASCII without decoding (most of a text); other characters by their scalar.
            let (is_word, width) = if first.is_ascii() {
                (first.is_ascii_alphanumeric(), 1)
            } else {
                text.get(at..)
                    .and_then(|rest| rest.chars().next())
                    .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
            };
            let inside_word = is_word && previous_is_word;
            previous_is_word = is_word;
            let start = at;
            at += width;
            if inside_word {
                continue;
            }
            if self.insensitive.starts_with(first) {
                self.insensitive.walk(text, start, out);
            }
            if self.sensitive.starts_with(first) {
                self.sensitive.walk(text, start, out);
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
/// patterns. Keeps the way back to the input when anything changed.
pub(super) struct Folded<'a> {
    input: &'a str,
    pub(super) text: std::borrow::Cow<'a, str>,
    /// (offset in `text`, offset in the input) wherever the two stop moving together
    /// (after a character replaced by a shorter one or dropped), ascending from (0, 0);
    /// empty when `text` is the input itself. A byte map back to the input (eight bytes
    /// per byte of text) was a twentieth of a corpus run to build.
    breaks: Vec<(usize, usize)>,
}

/// What a character becomes in folded text (before runs of spaces are folded): `None`
/// when it is dropped.
pub(super) fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{ad}' => return None,
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201c}' | '\u{201d}' => '"',
        '\u{2010}' | '\u{2011}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

/// Records that text offset `text_len` comes from input offset `input_at`, unless the
/// last break already says so.
fn note_break(breaks: &mut Vec<(usize, usize)>, text_len: usize, input_at: usize) {
    if breaks
        .last()
        .is_none_or(|&(t, from)| t + (input_at - from) != text_len)
    {
        breaks.push((text_len, input_at));
    }
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
                breaks: Vec::new(),
            };
        }
        let mut text = String::with_capacity(input.len());
        let mut breaks = vec![(0, 0)];
        let mut last_space = false;
        let mut i = 0;
        while let Some(rest) = input.get(i..) {
            // Runs of visible ASCII are copied as they are, in one go.
            let run = rest
                .bytes()
                .take_while(|b| (b'!'..=b'~').contains(b))
                .count();
            if run > 0 {
                note_break(&mut breaks, text.len(), i);
                text.push_str(rest.get(..run).unwrap_or_default());
                last_space = false;
                i += run;
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            let at = i;
            i += c.len_utf8();
            let Some(replacement) = fold_char(c) else {
                continue;
            };
            let is_space = replacement == ' ';
            if is_space && last_space {
                continue;
            }
            last_space = is_space;
            note_break(&mut breaks, text.len(), at);
            text.push(replacement);
        }
        Folded {
            input,
            text: std::borrow::Cow::Owned(text),
            breaks,
        }
    }

    /// Where byte `at` of the text came from: the start of the input character a
    /// replacement (always one byte) was made from; inside a character copied as it
    /// was, the same byte of it. `None` past the end.
    fn input_at(&self, at: usize) -> Option<usize> {
        if at >= self.text.len() {
            return None;
        }
        let segment = self
            .breaks
            .partition_point(|&(t, _)| t <= at)
            .checked_sub(1)?;
        let &(t, from) = self.breaks.get(segment)?;
        Some(from + (at - t))
    }

    pub(super) fn span_to_input(&self, start: usize, end: usize) -> Span {
        if self.breaks.is_empty() {
            return Span::new(start, end);
        }
        let input_len = self.input.len();
        let s = self.input_at(start).unwrap_or(input_len);
        let e = if end > start {
            // The last byte's character ends the span: a replaced one at its input
            // start plus its input width; inside a copied one, the next byte (which is
            // no character start, so the width read is one).
            self.input_at(end - 1).map_or(input_len, |last| {
                let width = self
                    .input
                    .get(last..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
                last + width
            })
        } else {
            s
        };
        Span::new(s, e.max(s))
    }
}
