//! What a check's context (`Ctx`) works out clause by clause — the DSR tasks, the
//! clauses of each scope, the clauses looked in around a scope, where each clause's own
//! text ends — kept for the language server's next check of the draft. Each is a list
//! in document order to which every top-level paragraph contributes what its own
//! clauses and analyses decide; a paragraph the next check finds unchanged
//! (`rules::reuse`: the same clauses and analyses, self-contained) contributes the same
//! again, moved to its clauses' new indices, and only the others are worked out again.
//! Working the lists out afresh went over every clause of a long draft for each list
//! on every keystroke.

use crate::unchanged::Paragraph;

/// One check's lists (`None`: not asked for in that check).
#[derive(Debug, Default)]
pub(crate) struct Worked {
    pub dsr: Vec<usize>,
    /// By scope (`ctx::scope_slot`; the DSR tasks are `dsr`, the DSR family, a look's
    /// copy, is not carried).
    pub scopes: [Option<Vec<usize>>; 6],
    pub own_norm_ends: Option<Vec<usize>>,
    /// By look (`ctx::look_slot`; only looks within a paragraph are carried).
    pub looked: [Option<Vec<usize>>; 30],
    /// By `ctx::TextNeed`: the clauses whose own text a text check reads.
    pub texts: [Option<Vec<usize>>; 3],
    /// A value per paragraph that a rule folds over the draft (`Ctx::union_by_paragraph`),
    /// under the rule's code and a number of its own.
    pub unions: Vec<(UnionKey, Vec<u64>)>,
}

/// Whose per-paragraph values these are: a rule's code, and which of its values.
pub(crate) type UnionKey = (smol_str::SmolStr, u8);

/// The last check's lists, and which of its paragraphs this check's are.
#[derive(Debug)]
pub(crate) struct Carry<'c> {
    pub last: Worked,
    pub paragraphs: &'c [Paragraph],
    /// For each paragraph, the last check's paragraph it is, when unchanged (its
    /// clauses and analyses are that one's, moved), and that one's first clause.
    pub same_as: Vec<Option<usize>>,
    pub from: Vec<Option<usize>>,
}

impl Carry<'_> {
    /// A list of clause indices (ascending) made of `old`'s entries in each unchanged
    /// paragraph, moved, and, in the others, the clauses `member` takes.
    pub fn list(&self, old: &[usize], member: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut out = Vec::with_capacity(old.len() + 16);
        let mut at = 0;
        while let Some(para) = self.paragraphs.get(at) {
            match self.run(at) {
                Some((next, old_clauses, new_start)) => {
                    let lo = old.partition_point(|&i| i < old_clauses.start);
                    let hi = old.partition_point(|&i| i < old_clauses.end);
                    let kept = old.get(lo..hi).unwrap_or(&[]);
                    if new_start == old_clauses.start {
                        out.extend_from_slice(kept);
                    } else {
                        out.extend(kept.iter().map(|&i| i - old_clauses.start + new_start));
                    }
                    at = next;
                }
                None => {
                    out.extend(para.clauses.clone().filter(|&i| member(i)));
                    at += 1;
                }
            }
        }
        out
    }

    /// A value per clause: `old`'s for the clauses of unchanged paragraphs, `value`'s
    /// for the others.
    pub fn values(&self, old: &[usize], value: impl Fn(usize) -> usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(old.len() + 16);
        let mut at = 0;
        while let Some(para) = self.paragraphs.get(at) {
            let kept = self
                .run(at)
                .and_then(|(next, old_clauses, _)| Some((next, old.get(old_clauses)?)));
            match kept {
                Some((next, kept)) => {
                    out.extend_from_slice(kept);
                    at = next;
                }
                None => {
                    out.extend(para.clauses.clone().map(&value));
                    at += 1;
                }
            }
        }
        out
    }

    /// The run of unchanged paragraphs from paragraph `at` whose clauses were
    /// consecutive in the last check too: the paragraph after it, the run's clauses in
    /// the last check, and where they start now. An edit leaves a run before it and
    /// one after, each copied whole.
    fn run(&self, at: usize) -> Option<(usize, std::ops::Range<usize>, usize)> {
        let first = self.from.get(at).copied().flatten()?;
        let start = self.paragraphs.get(at)?.clauses.start;
        let mut old_end = first;
        let mut next = at;
        while let (Some(para), Some(&Some(from))) = (self.paragraphs.get(next), self.from.get(next))
        {
            if from != old_end {
                break;
            }
            old_end += para.clauses.len();
            next += 1;
        }
        Some((next, first..old_end, start))
    }

    /// The clauses of the paragraphs that are not unchanged, as ranges in order.
    pub fn changed(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        self.paragraphs
            .iter()
            .zip(&self.from)
            .filter(|(_, from)| from.is_none())
            .map(|(para, _)| para.clauses.clone())
    }
}

/// A list of the clauses (of `count`) that `member` takes: the last check's (`old` of
/// it) carried over when there is one, else worked out clause by clause.
pub(crate) fn listed(
    carry: Option<&Carry<'_>>,
    old: impl FnOnce(&Worked) -> Option<&[usize]>,
    count: usize,
    member: impl Fn(usize) -> bool,
) -> Vec<usize> {
    match carry.and_then(|carry| Some((carry, old(&carry.last)?))) {
        Some((carry, old)) => carry.list(old, member),
        None => (0..count).filter(|&i| member(i)).collect(),
    }
}

/// The union of two ascending lists without common entries.
pub(crate) fn merged(a: Vec<usize>, b: &[usize]) -> Vec<usize> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        if x <= y {
            out.push(x);
            i += 1;
        } else {
            out.push(y);
            j += 1;
        }
    }
    out.extend_from_slice(a.get(i..).unwrap_or(&[]));
    out.extend_from_slice(b.get(j..).unwrap_or(&[]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn paragraphs(sizes: &[usize]) -> Vec<Paragraph> {
        let mut start = 0;
        sizes
            .iter()
            .map(|&n| {
                let p = Paragraph {
                    clauses: start..start + n,
                    span: Span::new(start, start + n),
                };
                start += n;
                p
            })
            .collect()
    }

    /// The lists and per-paragraph values carried from check to check are those a fresh
    /// context works out for the same rules, under edits that type, delete and repeat lines of four drafts, one
    /// with a heading between the items of a paragraph (a look that crosses
    /// paragraphs).
    #[test]
    fn carried_lists_are_the_lists_worked_out_afresh() {
        use crate::model::SourceFormat;
        use crate::rules::ctx::Ctx;
        use crate::{CheckOptions, Engine, ScanCache};

        let engine = Engine::embedded().expect("embedded rules");
        let heading = "The Security Council,\n\n\
            Recalling its resolution 2151 (2014),\n\n\
            1. Decides to extend the mandate of the United Nations Integrated Support Mission in Valdoria (UNISMV) until 30 June 2027;\n\n\
            2. Requests UNISMV to carry out the following tasks:\n\n\
            (a) to protect civilians under threat of physical violence;\n\n\
            Security sector reform\n\n\
            (b) to support the reform of the defence sector, including civilian oversight;\n\n\
            (c) to support the training of the Valdorian armed forces;\n\n\
            3. Decides to remain actively seized of the matter.\n";
        let drafts = [
            include_str!("../../fixtures/comprehensive-dsr-mandate.txt"),
            include_str!("../../fixtures/mission-renewal-gaps.txt"),
            include_str!("../../fixtures/ssr-umbrella-mandate.txt"),
            heading,
        ];
        let opts = CheckOptions::default();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n.max(1) as u64) as usize
        };
        let mut compared = 0;
        for draft in drafts {
            let mut text = draft.to_string();
            let mut cache = ScanCache::default();
            for _ in 0..40 {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                let at = next(lines.len());
                text = match next(4) {
                    // A line deleted, or repeated.
                    0 => lines
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| k != at)
                        .map(|(_, l)| *l)
                        .collect(),
                    1 => lines
                        .iter()
                        .enumerate()
                        .flat_map(|(k, l)| std::iter::repeat_n(*l, if k == at { 2 } else { 1 }))
                        .collect(),
                    // A character typed.
                    _ => {
                        let mut place = next(text.len() + 1);
                        while !text.is_char_boundary(place) {
                            place -= 1;
                        }
                        let mut typed = text.clone();
                        typed.insert(place, 'é');
                        typed
                    }
                };
                let _ =
                    engine.check_incremental(text.clone(), SourceFormat::Text, &opts, &mut cache);
                let Some((doc, analysis, worked)) = cache.rule_cache().last_worked() else {
                    panic!("a check was kept")
                };
                // A fresh context asked what the rules ask, lists and all, paragraph by
                // paragraph (nothing carried).
                let paragraphs = crate::unchanged::paragraphs(doc);
                let nothing = Carry {
                    last: Worked::default(),
                    paragraphs: &paragraphs,
                    same_as: vec![None; paragraphs.len()],
                    from: vec![None; paragraphs.len()],
                };
                let data = &engine.rules.data;
                let fresh = Ctx::carrying(doc, analysis, (None, None), data, Some(nothing));
                let mut found = Vec::new();
                for rule in &engine.rules.rules {
                    rule.check.run(&fresh, rule, &mut found);
                }
                let fresh = fresh.into_worked();
                assert_eq!(worked.dsr, fresh.dsr, "{text}");
                let pairs = (worked.scopes.iter().zip(&fresh.scopes))
                    .chain(worked.looked.iter().zip(&fresh.looked))
                    .chain(worked.texts.iter().zip(&fresh.texts))
                    .chain(std::iter::once((
                        &worked.own_norm_ends,
                        &fresh.own_norm_ends,
                    )));
                for (k, pair) in pairs.enumerate() {
                    if let (Some(carried), Some(fresh)) = pair {
                        assert_eq!(carried, fresh, "list {k} in {text}");
                        compared += 1;
                    }
                }
                for (key, values) in &worked.unions {
                    let fresh = fresh.unions.iter().find(|(k, _)| k == key);
                    assert_eq!(Some(values), fresh.map(|(_, v)| v), "{key:?} in {text}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 300, "{compared} lists compared");
    }

    /// Paragraphs of 2, 3 and 2 clauses, the last check's of 2, 1 and 2 (its second
    /// grew by two clauses): the first and last carried, the second worked out.
    #[test]
    fn unchanged_paragraphs_carry_their_entries_moved() {
        let paragraphs = paragraphs(&[2, 3, 2]);
        let carry = Carry {
            last: Worked::default(),
            paragraphs: &paragraphs,
            same_as: vec![Some(0), None, Some(2)],
            from: vec![Some(0), None, Some(3)],
        };
        // Last check: clauses 1, 2 and 4 in the list; 3 and 4 are now 5 and 6.
        assert_eq!(carry.list(&[1, 2, 4], |i| i == 3), vec![1, 3, 6]);
        assert_eq!(
            carry.values(&[10, 11, 12, 13, 14], |i| 100 + i),
            vec![10, 11, 102, 103, 104, 13, 14]
        );
        assert_eq!(carry.changed().collect::<Vec<_>>(), vec![2..5]);
        assert_eq!(merged(vec![1, 6], &[3, 4]), vec![1, 3, 4, 6]);
        assert_eq!(merged(vec![], &[3]), vec![3]);
    }
}
