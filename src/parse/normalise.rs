//! The analysis text of a clause (`NormText`): its pieces joined, blank space folded,
//! soft hyphens and end-of-line hyphenation removed, Markdown emphasis dropped, with
//! every offset mapping back to the original text.

use crate::model::NormText;
use crate::span::Span;

/// Builds the analysis text of a clause: pieces joined by single spaces, runs of blank
/// space folded, soft hyphens dropped, a word hyphenated across a line end joined, and
/// in Markdown the emphasis markers dropped.
pub(super) fn normalise(text: &str, pieces: &[Span], markdown: bool) -> NormText {
    normalise_with(text, pieces, markdown, true)
}

/// `normalise`; `skip_plain` off decodes every character (the tests' oracle).
fn normalise_with(text: &str, pieces: &[Span], markdown: bool, skip_plain: bool) -> NormText {
    // The text is at most the pieces and a space between two; a piece is one run, and
    // a separator another, unless blank space or dropped characters split it.
    let bytes: usize = pieces
        .iter()
        .map(|p| p.end.saturating_sub(p.start) + 1)
        .sum();
    let mut b = NormText::builder_with_capacity(bytes, 2 * pieces.len() + 2);
    let mut join_next = false;
    for (n, piece) in pieces.iter().enumerate() {
        let s = piece.slice(text);
        let mut pending_space = n > 0 && !join_next;
        join_next = false;
        let dropped = |i: usize, c: char| {
            c == '\u{00ad}'
                || (markdown && (c == '*' || (c == '_' && is_emphasis_underscore(s, i))))
        };
        let mut run_start: Option<usize> = None;
        let mut prev_kept = false;
        // Inside a run, printable ASCII other than an emphasis mark only extends it:
        // those bytes are skipped without decoding (most of any text), and so is a
        // single space between two of them (it stays inside the run, as below).
        let plain = |b: &u8| b.is_ascii_graphic() && !(markdown && (*b == b'*' || *b == b'_'));
        let plain_run = |rest: &[u8]| {
            let mut k = 0;
            while let Some(b) = rest.get(k) {
                if plain(b) {
                    k += 1;
                } else if *b == b' ' && k > 0 && rest.get(k + 1).is_some_and(plain) {
                    k += 2;
                } else {
                    break;
                }
            }
            k
        };
        let char_at = |i: usize| s.get(i..).and_then(|rest| rest.chars().next());
        let mut i = 0;
        while let Some(c) = char_at(i) {
            let len = c.len_utf8();
            if skip_plain && run_start.is_some() {
                let skip = s.as_bytes().get(i..).map_or(0, plain_run);
                if skip > 0 {
                    prev_kept = true;
                    i += skip;
                    continue;
                }
            }
            // A single space between two kept characters stays inside the run; runs of
            // blank space, tabs and dropped characters end it.
            if c == ' ' && run_start.is_some() && prev_kept {
                let j = i + len;
                if let Some(next) = char_at(j) {
                    if !next.is_whitespace() && !dropped(j, next) {
                        prev_kept = false;
                        i = j;
                        continue;
                    }
                }
            }
            if c.is_whitespace() || dropped(i, c) {
                if let Some(start) = run_start.take() {
                    b.push(s.get(start..i).unwrap_or(""), piece.start + start);
                }
                pending_space |= c.is_whitespace();
                prev_kept = false;
                i += len;
                continue;
            }
            if run_start.is_none() {
                if pending_space && !b.ends_with_space() {
                    b.push_separator(" ", piece.start + i);
                }
                pending_space = false;
                run_start = Some(i);
            }
            prev_kept = true;
            i += len;
        }
        if let Some(start) = run_start {
            b.push(s.get(start..).unwrap_or(""), piece.start + start);
        }
        // A soft hyphen at the end of a line joins the word without a space; a hard
        // hyphen after a letter joins too, keeping the hyphen ("Secretary-\nGeneral").
        let tail = s.trim_end();
        let next_is_letter = pieces
            .get(n + 1)
            .and_then(|p| p.slice(text).chars().next())
            .is_some_and(char::is_alphabetic);
        if next_is_letter && tail.ends_with('\u{00ad}') {
            join_next = true;
        } else if next_is_letter && tail.ends_with('-') {
            join_next = tail
                .trim_end_matches('-')
                .chars()
                .last()
                .is_some_and(char::is_alphabetic);
        }
    }
    b.finish()
}

fn is_emphasis_underscore(s: &str, i: usize) -> bool {
    let before = s.get(..i).and_then(|p| p.chars().last());
    let after = s.get(i + 1..).and_then(|p| p.chars().next());
    // snake_case words keep their underscores; emphasis sits at word edges.
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text of the characters `normalise` treats apart: spaces, tabs, line breaks, soft
    /// hyphens, emphasis marks, hyphens, no-break spaces, letters with and without
    /// accents, punctuation.
    fn drafty() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                " ", "  ", "\t", "\n", "\u{ad}", "*", "_", "-", "\u{a0}", "a", "Bc", "é", "—", "“",
                "1.", "(b)", "x_y", ";",
            ]),
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn skipping_plain_bytes_changes_nothing(
            pieces in proptest::collection::vec(drafty(), 1..4),
            markdown in any::<bool>(),
        ) {
            let mut text = String::new();
            let mut spans = Vec::new();
            for piece in &pieces {
                let start = text.len();
                text.push_str(piece);
                spans.push(Span::new(start, text.len()));
                text.push('\n');
            }
            let fast = normalise(&text, &spans, markdown);
            let slow = normalise_with(&text, &spans, markdown, false);
            // Offsets map to the original in order: `Ctx::own_norm` binary-searches it.
            let mapped: Vec<usize> = (0..=fast.text.len()).map(|i| fast.to_original(i)).collect();
            prop_assert!(mapped.windows(2).all(|w| w[0] <= w[1]), "{:?}", mapped);
            prop_assert_eq!(fast, slow);
        }
    }
}
