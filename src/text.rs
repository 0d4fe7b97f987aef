//! How a text is shown on one line: blank space folded, and cut to its first words.
//! One place for both, so that an excerpt reads the same in a report, an outline, a
//! completion label and a finding's message.

/// The text with every run of blank space (line ends included) as one space and none at
/// either end: a clause as it reads in a one-line excerpt.
pub fn single_spaced(text: &str) -> String {
    joined(text.split_whitespace(), text.len())
}

/// The first `n` words of a text, single-spaced, and whether it has more words.
pub fn first_words(text: &str, n: usize) -> (String, bool) {
    let mut words = text.split_whitespace();
    let head = joined(words.by_ref().take(n), 0);
    (head, words.next().is_some())
}

fn joined<'a>(words: impl Iterator<Item = &'a str>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_space_of_every_kind_folds_to_one_space() {
        assert_eq!(
            single_spaced("  Requests\tthe Secretary-General\r\n to report —\u{a0}in writing "),
            "Requests the Secretary-General to report — in writing"
        );
        assert_eq!(single_spaced(" \n\t "), "");
        assert_eq!(single_spaced("État"), "État");
    }

    #[test]
    fn first_words_says_whether_words_were_left() {
        let text = "Decides to extend\n the mandate of MINUSCA";
        assert_eq!(
            first_words(text, 3),
            ("Decides to extend".to_string(), true)
        );
        assert_eq!(first_words(text, 7), (single_spaced(text), false));
        assert_eq!(first_words(text, 0), (String::new(), true));
        assert_eq!(first_words("", 4), (String::new(), false));
    }
}
