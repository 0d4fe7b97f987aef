//! Word-level difference between two clauses, for `diff`, `history`, DSR003 and the
//! precedent views.

use serde::Serialize;

use super::Word;

/// One step of a word-level difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "kebab-case")]
pub enum WordOp {
    Same(String),
    Deleted(String),
    Inserted(String),
}

/// Word-level difference from `old` to `new` (LCS backtrack on keys; the shown text of
/// equal words is the new one). Consecutive words of one kind are merged.
pub fn word_diff(old: &[Word], new: &[Word]) -> Vec<WordOp> {
    let (n, m) = (old.len(), new.len());
    // Suffix LCS table: table[i][j] = LCS of old[i..] and new[j..].
    let width = m + 1;
    let mut table = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let same = old.get(i).map(|w| &w.key) == new.get(j).map(|w| &w.key);
            let v = if same {
                table.get((i + 1) * width + j + 1).copied().unwrap_or(0) + 1
            } else {
                let down = table.get((i + 1) * width + j).copied().unwrap_or(0);
                let right = table.get(i * width + j + 1).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(slot) = table.get_mut(i * width + j) {
                *slot = v;
            }
        }
    }
    let at = |i: usize, j: usize| table.get(i * width + j).copied().unwrap_or(0);
    let mut ops: Vec<WordOp> = Vec::new();
    let mut push = |op: WordOp| {
        let merged = match (ops.last_mut(), &op) {
            (Some(WordOp::Same(a)), WordOp::Same(b))
            | (Some(WordOp::Deleted(a)), WordOp::Deleted(b))
            | (Some(WordOp::Inserted(a)), WordOp::Inserted(b)) => {
                a.push(' ');
                a.push_str(b);
                true
            }
            _ => false,
        };
        if !merged {
            ops.push(op);
        }
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a.key == b.key => {
                push(WordOp::Same(b.shown.clone()));
                i += 1;
                j += 1;
            }
            (Some(a), Some(_)) if at(i + 1, j) >= at(i, j + 1) => {
                push(WordOp::Deleted(a.shown.clone()));
                i += 1;
            }
            (_, Some(b)) => {
                push(WordOp::Inserted(b.shown.clone()));
                j += 1;
            }
            (Some(a), None) => {
                push(WordOp::Deleted(a.shown.clone()));
                i += 1;
            }
            (None, None) => break,
        }
    }
    ops
}

/// `[-old-]{+new+}` rendering of a word diff (the wdiff convention).
pub fn render_word_diff(ops: &[WordOp]) -> String {
    let parts: Vec<String> = ops
        .iter()
        .map(|op| match op {
            WordOp::Same(t) => t.clone(),
            WordOp::Deleted(t) => format!("[-{t}-]"),
            WordOp::Inserted(t) => format!("{{+{t}+}}"),
        })
        .collect();
    parts.join(" ")
}

/// A word diff with long unchanged runs shortened to their ends ("… 12 words …").
pub fn render_word_diff_compact(ops: &[WordOp], keep: usize) -> String {
    let shortened: Vec<WordOp> = ops
        .iter()
        .enumerate()
        .map(|(k, op)| match op {
            WordOp::Same(t) => {
                let words: Vec<&str> = t.split(' ').collect();
                let first = k == 0;
                let last = k + 1 == ops.len();
                let (head, tail) = match (first, last) {
                    (true, true) => return op.clone(),
                    (true, false) => (0, keep),
                    (false, true) => (keep, 0),
                    (false, false) => (keep, keep),
                };
                if words.len() <= head + tail + 3 {
                    return op.clone();
                }
                let skipped = words.len() - head - tail;
                let mut out: Vec<String> = words.iter().take(head).map(|w| w.to_string()).collect();
                out.push(format!("… {skipped} words …"));
                out.extend(words.iter().skip(words.len() - tail).map(|w| w.to_string()));
                WordOp::Same(out.join(" "))
            }
            other => other.clone(),
        })
        .collect();
    render_word_diff(&shortened)
}
