//! What the parse of a document keeps for its next parse (the language server keeps one
//! per open draft): each line's class and label (`LineCache`, below), and each clause's
//! analysis text (`NormText`), under the source it was made from.
//!
//! A clause's analysis text is `normalise(text, pieces, markdown)`: it depends on the
//! original text from its first piece to its last (the pieces and what lies between
//! them), on where the pieces lie in it, and on whether the text is Markdown — on
//! nothing else. The key is exactly that, positions taken from the first piece; the
//! kept text maps back to the original from there, so a clause an edit moved (text
//! typed above it) keeps its text. Whatever a keystroke did not touch is found again by
//! hashing and comparing its source, not folded again (folding was a tenth of a
//! keystroke's check on a long draft).

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use std::borrow::Cow;

use super::assemble::{Walk, WalkStats};
use super::finish::ReferenceCounts;
use super::lines::{self, LabelStyle, RawLabel};
use super::normalise::normalise;
use super::{classify_line, mark_footnotes, Line, LineKind};
use crate::model::{NormText, SourceFormat};
use crate::span::{LineIndex, Span, TextEdit};

/// One kept analysis text.
#[derive(Debug)]
struct Kept {
    markdown: bool,
    /// The original text from the first piece's start to the last piece's end.
    source: Box<str>,
    /// The pieces, from the first piece's start.
    pieces: Box<[(usize, usize)]>,
    /// The text, its offsets into the original from the first piece's start.
    norm: NormText,
    /// The parse that last used it.
    used: u64,
}

/// Clause analysis texts of the last parse of one document, by what they depend on;
/// and the class and label of each of its lines.
#[derive(Debug, Default)]
pub struct NormCache {
    pub(super) lines: LineCache,
    /// By the hash of (markdown, source, pieces); a bucket holds every text of that hash.
    kept: HashMap<u64, Vec<Kept>>,
    /// The current parse (kept texts it did not use are dropped at its end).
    parse: u64,
    /// In the current or last parse: (texts folded, texts reused).
    counts: (usize, usize),
    /// The last parse's walk, which the next resumes and rejoins (`assemble::resume`),
    /// and how the last walk went.
    pub(super) walk: Option<Walk>,
    pub(super) walk_stats: WalkStats,
    /// How often each reference occurs in the last parse's document (`finish_reusing`).
    pub(super) references: Option<ReferenceCounts>,
    /// How many texts are kept.
    held: usize,
}

impl NormCache {
    /// (clause texts folded, clause texts reused) in the last parse.
    pub fn last_parse(&self) -> (usize, usize) {
        self.counts
    }

    /// How the last parse's walk went: how many lines it placed, where it resumed the
    /// walk before and where it rejoined it.
    pub fn last_walk(&self) -> WalkStats {
        self.walk_stats
    }

    /// How many clause texts are kept.
    pub fn len(&self) -> usize {
        self.held
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(super) fn begin(&mut self) {
        self.parse += 1;
        self.counts = (0, 0);
    }

    /// Drops what the parse that ends did not use once more than `room` texts are
    /// kept: a parse that rejoined the last walk does not fold the clauses it took
    /// from the last parse, whose texts a later walk may want again.
    pub(super) fn end(&mut self, room: usize) {
        let parse = self.parse;
        if self.held <= room {
            return;
        }
        self.kept.retain(|_, bucket| {
            bucket.retain(|k| k.used == parse);
            !bucket.is_empty()
        });
        self.held = self.kept.values().map(Vec::len).sum();
    }

    /// `normalise(text, pieces, markdown)`, kept or made now.
    pub(super) fn normalise(&mut self, text: &str, pieces: &[Span], markdown: bool) -> NormText {
        let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
            return normalise(text, pieces, markdown);
        };
        let base = first.start;
        let relative = |p: &Span| (p.start.wrapping_sub(base), p.end.wrapping_sub(base));
        let end = last.end.max(base);
        // The key covers the pieces only when they lie in order inside it (they do).
        let ordered = pieces
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.start <= a.end && a.end <= b.start));
        let (true, Some(source)) = (ordered && last.start <= last.end, text.get(base..end)) else {
            return normalise(text, pieces, markdown);
        };
        let mut hasher = FxHasher::default();
        markdown.hash(&mut hasher);
        source.hash(&mut hasher);
        for p in pieces {
            relative(p).hash(&mut hasher);
        }
        let key = hasher.finish();
        let found = self.kept.get_mut(&key).and_then(|bucket| {
            bucket.iter_mut().find(|k| {
                k.markdown == markdown
                    && *k.source == *source
                    && k.pieces.len() == pieces.len()
                    && k.pieces
                        .iter()
                        .zip(pieces)
                        .all(|(&kp, p)| kp == relative(p))
            })
        });
        if let Some(kept) = found {
            kept.used = self.parse;
            self.counts.1 += 1;
            return kept.norm.moved(0, base);
        }
        self.counts.0 += 1;
        let norm = normalise(text, pieces, markdown);
        // Offsets before the first piece cannot be kept relative to it (none are made
        // today: every piece and separator maps into the pieces' range). A text of blank
        // space only has no end of its own (`original_end` stays 0 wherever it is): it
        // is folded again each time (the property test below found it).
        let movable = norm.original_end() > 0 && norm.original_end() >= base;
        if movable && norm.runs().all(|(_, o)| o >= base) {
            self.held += 1;
            self.kept.entry(key).or_default().push(Kept {
                markdown,
                source: source.into(),
                pieces: pieces.iter().map(relative).collect(),
                norm: norm.moved(base, 0),
                used: self.parse,
            });
        }
        norm
    }
}

/// A line's label as kept: where its text lies in the line's content.
#[derive(Clone, Copy, Debug)]
struct KeptLabel {
    style: LabelStyle,
    text: (usize, usize),
    label_len: usize,
    consumed: usize,
}

impl KeptLabel {
    /// `label`, read from `content`: kept when its text lies in it (always: the label
    /// recogniser borrows it from the line).
    fn of(label: &RawLabel<'_>, content: &str) -> Option<KeptLabel> {
        let Cow::Borrowed(text) = &label.text else {
            return None;
        };
        let at = (text.as_ptr() as usize).checked_sub(content.as_ptr() as usize)?;
        (at + text.len() <= content.len()).then_some(KeptLabel {
            style: label.style,
            text: (at, at + text.len()),
            label_len: label.label_len,
            consumed: label.consumed,
        })
    }

    fn label<'t>(&self, content: &'t str) -> Option<RawLabel<'t>> {
        Some(RawLabel {
            style: self.style,
            text: Cow::Borrowed(content.get(self.text.0..self.text.1)?),
            label_len: self.label_len,
            consumed: self.consumed,
        })
    }
}

/// One line of the last parse: what a line depends on is its own bytes (`raw`, its
/// terminator excluded; where it starts depends on the byte before it) and whether an
/// HTML comment was open at its start.
#[derive(Clone, Copy, Debug)]
struct KeptLine {
    raw: Span,
    /// Footnotes not told apart (that depends on the lines below: `mark_footnotes`).
    line: Line,
    comment_at_start: bool,
    comment_after: bool,
    /// Whether the label was read (content lines) and kept.
    label: Option<Option<KeptLabel>>,
    /// Its class once footnotes were told apart (what the assembler read).
    marked: LineKind,
}

/// Which lines of a text `LineCache::classify` read are lines of the last text, with
/// the same class and label: the first `before` at the same place, the last `after`
/// moved by the edit (the assembler's walk resumes and rejoins the last walk there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct SameLines {
    pub before: usize,
    pub after: usize,
    /// How many lines the last text had.
    pub old_count: usize,
}

/// The class and label of each line of the last parse: a keystroke reads again only
/// the lines it touched (each line's class and label were a tenth of a keystroke's
/// parse on a long draft).
#[derive(Debug, Default)]
pub(super) struct LineCache {
    lines: Vec<KeptLine>,
    /// The length of the text they are the lines of.
    text_len: usize,
    /// The format they were read in (a Markdown heading is content in a text).
    format: Option<SourceFormat>,
}

impl LineCache {
    /// `classify`, and each content line's label (`lines::label`), for `text`, which
    /// `edit` made from the text of the last call: a line before the edit (itself and
    /// its terminator) or after it (itself and the terminator before it) is the line of
    /// the last text at the same place, or as many lines from the end, moved by the
    /// edit; it keeps its class and label when an HTML comment was open at its start
    /// then as now.
    pub(super) fn classify<'t>(
        &mut self,
        text: &'t str,
        index: &LineIndex,
        format: SourceFormat,
        edit: TextEdit,
    ) -> (Vec<Line>, Vec<Option<RawLabel<'t>>>, SameLines) {
        // The kept lines are the last text's only when the edit made this text of it.
        let fits = edit.start <= edit.old_end
            && edit.old_end <= self.text_len
            && self.text_len.checked_add_signed(edit.shift()) == Some(text.len());
        if self.format != Some(format) || !fits {
            self.lines.clear();
            self.format = Some(format);
        }
        self.text_len = text.len();
        let count = index.line_count();
        let old_count = self.lines.len();
        let (head, after_edit, last_read) = self.read_edited(text, index, format, edit);
        debug_assert_eq!(self.lines.len(), count);
        // Every line's class and label; a label not kept is read again (that line is
        // not kept).
        let mut out: Vec<Line> = Vec::with_capacity(count);
        let mut labels: Vec<Option<RawLabel<'t>>> = Vec::with_capacity(count);
        let (mut first_unkept, mut last_unkept) = (None, None);
        for (i, k) in self.lines.iter().enumerate() {
            let content = k.line.content.slice(text);
            labels.push(match k.label {
                Some(Some(label)) => label.label(content),
                Some(None) => None,
                None => {
                    first_unkept = first_unkept.or(Some(i));
                    last_unkept = Some(i);
                    lines::label(content)
                }
            });
            out.push(k.line);
        }
        // The first line not kept in place, the last not kept moved (or touched by the
        // edit: its start at or before the edit's end).
        let first_new = first_unkept.map_or(head, |u| u.min(head));
        let last_new = [after_edit.checked_sub(1), last_read, last_unkept]
            .into_iter()
            .flatten()
            .max();
        mark_footnotes(text, &mut out);
        // Footnotes are told apart from the lines below them: a kept line is the same
        // only when its class after that is too (`marked` is still the last reading's
        // on the kept lines).
        let same_class = |i: usize| matches!((out.get(i), self.lines.get(i)), (Some(l), Some(k)) if l.kind == k.marked);
        let before = (0..first_new)
            .find(|&i| !same_class(i))
            .unwrap_or(first_new);
        let tail_start = last_new.map_or(0, |l| l + 1);
        let after_start = (tail_start..count)
            .rev()
            .find(|&i| !same_class(i))
            .map_or(tail_start, |i| i + 1);
        for (k, l) in self.lines.iter_mut().zip(&out) {
            k.marked = l.kind;
        }
        let same = SameLines {
            before,
            after: count - after_start,
            old_count,
        };
        (out, labels, same)
    }

    /// Makes the kept lines those of `text`: the lines before the edit (the line and
    /// its terminator) stay in place, those after it (the line and the terminator
    /// before it) are moved, and those between are read, with the kept lines after
    /// them whose start an HTML comment opened or closed by the edit changed. Returns
    /// the first line read, the first line that starts after the edit's end, and the
    /// last line read.
    fn read_edited(
        &mut self,
        text: &str,
        index: &LineIndex,
        format: SourceFormat,
        edit: TextEdit,
    ) -> (usize, usize, Option<usize>) {
        let count = index.line_count();
        let old_count = self.lines.len();
        let shift = edit.shift();
        // The lines that end, terminator included, at or before the edit's start: those
        // before the line it starts in, and that one too when it is the last and ends
        // there.
        let at_start = index.line_of(edit.start);
        let before_edit = if at_start + 1 == count && text.len() <= edit.start {
            count
        } else {
            at_start
        };
        // The lines that start at or before the edit's end.
        let after_edit = index.line_of(edit.new_end) + 1;
        // The last line before the edit may have lost or gained the "\n" of its "\r\n".
        let mut head = before_edit.min(old_count);
        while head > 0 && !self.kept_as(head - 1, 0, line_raw(index, text, head - 1)) {
            head -= 1;
        }
        let mut tail = after_edit.max(head).max(count.saturating_sub(old_count));
        // The kept line that is now line `tail`; none when the kept lines do not fit
        // around the edit (then all are read again).
        let Some(mut old_from) = (tail + old_count).checked_sub(count).filter(|&o| o >= head)
        else {
            self.lines.clear();
            return self.read_edited(text, index, format, TextEdit::between("", text));
        };
        let mut in_comment = head
            .checked_sub(1)
            .and_then(|h| self.lines.get(h))
            .is_some_and(|k| k.comment_after);
        let mut read = Vec::with_capacity(tail - head + 1);
        for i in head..tail {
            read.push(read_line(text, index, i, format, &mut in_comment));
        }
        // A kept line keeps its class when an HTML comment was open at its start then
        // as now; from there on, the kept lines after it do too.
        while tail < count
            && !self.lines.get(old_from).is_some_and(|k| {
                k.comment_at_start == in_comment
                    && self.kept_as(old_from, shift, line_raw(index, text, tail))
            })
        {
            read.push(read_line(text, index, tail, format, &mut in_comment));
            tail += 1;
            old_from += 1;
        }
        let last_read = (head < tail).then(|| tail - 1);
        self.lines.splice(head..old_from.min(old_count), read);
        if shift != 0 {
            for k in self.lines.get_mut(tail..).unwrap_or(&mut []) {
                k.raw = k.raw.shifted(shift);
                k.line.content = k.line.content.shifted(shift);
            }
        }
        (head, after_edit, last_read)
    }

    /// Whether kept line `i`, moved `by`, spans `raw`.
    fn kept_as(&self, i: usize, by: isize, raw: Span) -> bool {
        self.lines.get(i).is_some_and(|k| k.raw.shifted(by) == raw)
    }
}

fn line_raw(index: &LineIndex, text: &str, i: usize) -> Span {
    index.line_span(text, i).unwrap_or_default()
}

/// Line `i` read afresh: its class (`in_comment` carried from the line before) and
/// label.
fn read_line(
    text: &str,
    index: &LineIndex,
    i: usize,
    format: SourceFormat,
    in_comment: &mut bool,
) -> KeptLine {
    let raw = line_raw(index, text, i);
    let comment_at_start = *in_comment;
    let line = classify_line(text, raw, format, in_comment);
    let content = line.content.slice(text);
    let label = match line.kind {
        LineKind::Content => {
            lines::label(content).map_or(Some(None), |l| KeptLabel::of(&l, content).map(Some))
        }
        _ => Some(None),
    };
    KeptLine {
        raw,
        line,
        comment_at_start,
        comment_after: *in_comment,
        label,
        marked: line.kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The lines and labels a fresh reading of `text` gives.
    fn fresh(text: &str, format: SourceFormat) -> (Vec<Line>, Vec<Option<RawLabel<'_>>>) {
        let index = LineIndex::new(text);
        let lines = super::super::classify(text, &index, format);
        let labels = lines
            .iter()
            .map(|l| match l.kind {
                LineKind::Content => lines::label(l.content.slice(text)),
                _ => None,
            })
            .collect();
        (lines, labels)
    }

    /// Edits around comments, page furniture, footnotes, labels and line ends (a
    /// carriage return alone, before a line feed, removed) give the classes and labels
    /// of a fresh reading, in text and in Markdown.
    #[test]
    fn kept_lines_are_those_of_a_fresh_reading() {
        let mut text = String::from(include_str!("../../fixtures/mission-renewal-gaps.txt"));
        text.push_str(
            "\n<!-- a note\nstill the note -->\n2. Decides;\r\n(a) To support;\r(b) To help;\n\
             1 S/2013/119.\n21-07038 3/5\n# Heading\n(iv) Requests — é “x”;\n",
        );
        let typed = [
            "<!--",
            "-->",
            "\n",
            "\r",
            "\r\n",
            "x",
            " ",
            "(c) ",
            "12. ",
            "\n1 S/1.\n",
            "\n2/5 21-07038\n",
            "#",
            "*",
            "é",
            "—",
            "",
        ];
        let mut random = crate::span::RandomEdits::new(0x11e5);
        // One cache for both formats, the format changed at the end: what was read
        // as text is not kept for Markdown.
        let mut cache = LineCache::default();
        let mut last = String::new();
        // The last reading: each line's class, content and label (as printed).
        let mut read_before: Vec<(LineKind, Span, String)> = Vec::new();
        let mut same_lines = 0;
        for format in [SourceFormat::Text, SourceFormat::Markdown] {
            let mut comments = 0;
            for round in 0..500 {
                let at = random.below(text.len() + 1);
                let span = if round % 3 == 0 { 7 } else { 0 };
                random.edit(&mut text, at, span, &typed);
                let edit = TextEdit::between(&last, &text);
                let index = LineIndex::new(&text);
                let (lines, labels, same) = cache.classify(&text, &index, format, edit);
                let (want_lines, want_labels) = fresh(&text, format);
                let kinds = |ls: &[Line]| -> Vec<(LineKind, Span)> {
                    ls.iter().map(|l| (l.kind, l.content)).collect()
                };
                assert_eq!(
                    kinds(&lines),
                    kinds(&want_lines),
                    "{format:?}, round {round}"
                );
                assert_eq!(labels, want_labels, "{format:?}, round {round}");
                // What `same` claims: the lines before are the last reading's, in
                // place; those after are, moved by the edit.
                let read: Vec<(LineKind, Span, String)> = lines
                    .iter()
                    .zip(&labels)
                    .map(|(l, label)| (l.kind, l.content, format!("{label:?}")))
                    .collect();
                assert_eq!(same.old_count, read_before.len());
                if round > 0 {
                    assert_eq!(read.get(..same.before), read_before.get(..same.before));
                    let tail = |r: &[(LineKind, Span, String)], by: isize| {
                        r.get(r.len() - same.after..).map(|t| {
                            t.iter()
                                .map(|(k, s, l)| (*k, s.shifted(by), l.clone()))
                                .collect::<Vec<_>>()
                        })
                    };
                    assert_eq!(
                        tail(&read, 0),
                        tail(&read_before, edit.shift()),
                        "{format:?}, round {round}"
                    );
                    same_lines += same.before + same.after;
                }
                read_before = read;
                comments += lines.iter().filter(|l| l.kind == LineKind::Comment).count();
                last.clone_from(&text);
            }
            assert!(comments > 500, "{comments} comment lines over the rounds");
            // The format changed: nothing of the last reading is kept.
            read_before.clear();
        }
        assert!(
            same_lines > 10_000,
            "{same_lines} lines kept over the rounds"
        );
    }

    /// Edits at the edges of what is kept: the text's last line emptied, cut and
    /// grown, a "\r\n" split and joined at the edit's start, a comment opened above
    /// kept lines and closed again, the first line removed; each reading is a fresh
    /// one, and what `same` claims holds.
    #[test]
    fn edits_at_the_edges_read_as_a_fresh_reading() {
        let steps: &[&str] = &[
            "1. Decides;\n(a) To support;\ncd",
            "1. Decides;\n(a) To support;\n",
            "1. Decides;\n(a) To support;\n(b) To",
            "1. Decides;\n(a) To support;\n(b) To help;",
            "1. Decides;\r(a) To support;\n(b) To help;",
            "1. Decides;\r\n(a) To support;\n(b) To help;",
            "1. Decides;\r\n\n(a) To support;\n(b) To help;",
            "1. Decides;\r(a) To support;\n(b) To help;",
            "<!--\n1. Decides;\r(a) To support;\n(b) To help;",
            "<!--\n1. Decides;\r(a) To support;\n-->(b) To help;",
            "\n1. Decides;\r(a) To support;\n-->(b) To help;",
            "1. Decides;\r(a) To support;\n-->(b) To help;",
            "",
            "2. Requests;",
        ];
        let mut cache = LineCache::default();
        let mut last = String::new();
        let mut read_before: Vec<(LineKind, Span)> = Vec::new();
        for (n, text) in steps.iter().enumerate() {
            let edit = TextEdit::between(&last, text);
            let index = LineIndex::new(text);
            let (lines, labels, same) = cache.classify(text, &index, SourceFormat::Text, edit);
            let (want_lines, want_labels) = fresh(text, SourceFormat::Text);
            let read: Vec<(LineKind, Span)> = lines.iter().map(|l| (l.kind, l.content)).collect();
            let want: Vec<(LineKind, Span)> =
                want_lines.iter().map(|l| (l.kind, l.content)).collect();
            assert_eq!(read, want, "step {n}: {text:?}");
            assert_eq!(labels, want_labels, "step {n}: {text:?}");
            assert_eq!(same.old_count, read_before.len(), "step {n}");
            assert_eq!(read.get(..same.before), read_before.get(..same.before));
            let moved: Vec<(LineKind, Span)> = read_before
                .get(read_before.len() - same.after..)
                .unwrap_or(&[])
                .iter()
                .map(|(k, s)| (*k, s.shifted(edit.shift())))
                .collect();
            assert_eq!(
                read.get(read.len() - same.after..),
                Some(&moved[..]),
                "step {n}"
            );
            read_before = read;
            last = text.to_string();
        }
    }

    /// Pieces of `text` cut at `cuts` (byte offsets, on character boundaries), the
    /// stretches between every other cut left out as furniture would be.
    fn pieces_of(text: &str, cuts: &[usize]) -> Vec<Span> {
        let mut at: Vec<usize> = cuts
            .iter()
            .map(|&c| c.min(text.len()))
            .filter(|&c| text.is_char_boundary(c))
            .collect();
        at.push(0);
        at.push(text.len());
        at.sort_unstable();
        at.dedup();
        at.windows(2)
            .step_by(2)
            .filter_map(|w| match w {
                [a, b] => Some(Span::new(*a, *b)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_clause_moved_by_an_edit_above_it_keeps_its_text() {
        let mut cache = NormCache::default();
        let clause =
            "2. Requests MINUSLO to sup\u{00ad}port the re-\nform — of the “armed forces”;";
        for prefix in ["", "Preamble,\n\n", "Preamble — é,\n\n\n"] {
            let text = format!("{prefix}{clause}");
            let start = prefix.len();
            let pieces = [
                Span::new(start, start + 44),
                Span::new(start + 45, text.len()),
            ];
            cache.begin();
            let kept = cache.normalise(&text, &pieces, false);
            cache.end(0);
            assert_eq!(kept, normalise(&text, &pieces, false), "after {prefix:?}");
        }
        assert_eq!(cache.last_parse(), (0, 1), "moved, not folded again");
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn the_pieces_and_markdown_are_part_of_the_key() {
        let text = "*Requests* the Mission\n2/5 21-07038\nto support the *reform*;";
        let furniture = text.find("2/5").unwrap_or(0);
        let after = furniture + "2/5 21-07038\n".len();
        let whole = [Span::new(0, text.len())];
        let around = [Span::new(0, furniture - 1), Span::new(after, text.len())];
        let mut cache = NormCache::default();
        cache.begin();
        for (pieces, markdown) in [
            (&whole[..], false),
            (&around[..], false),
            (&around[..], true),
        ] {
            assert_eq!(
                cache.normalise(text, pieces, markdown),
                normalise(text, pieces, markdown)
            );
        }
        cache.end(0);
        assert_eq!(cache.last_parse(), (3, 0));
        assert_eq!(cache.len(), 3);
        // A parse that uses one of them keeps only that one.
        cache.begin();
        let _ = cache.normalise(text, &around, true);
        cache.end(0);
        assert_eq!((cache.last_parse(), cache.len()), ((0, 1), 1));
    }

    proptest! {
        /// Whatever the cache holds, its answer is a fresh fold's, wherever the clause
        /// lies (text typed above it) and however it is cut into pieces.
        #[test]
        fn kept_texts_equal_fresh_folds(
            parts in proptest::collection::vec(
                prop::sample::select(vec![
                    "a", "Z", " ", "  ", "\n", "\u{00ad}", "-\n", "—", "é", "“", "*", "_", ";",
                    "support", "re-", "2/5 21-07038",
                ]),
                1..24,
            ),
            prefixes in proptest::collection::vec(
                prop::sample::select(vec!["", "x", "é\n", "Preamble,\n\n"]),
                1..4,
            ),
            cuts in proptest::collection::vec(0usize..80, 0..6),
            markdown in any::<bool>(),
        ) {
            let clause: String = parts.concat();
            let mut cache = NormCache::default();
            for prefix in &prefixes {
                let text = format!("{prefix}{clause}");
                let pieces: Vec<Span> = pieces_of(&clause, &cuts)
                    .into_iter()
                    .map(|p| Span::new(p.start + prefix.len(), p.end + prefix.len()))
                    .collect();
                cache.begin();
                let kept = cache.normalise(&text, &pieces, markdown);
                cache.end(0);
                prop_assert_eq!(kept, normalise(&text, &pieces, markdown));
            }
        }
    }
}
