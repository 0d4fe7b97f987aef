//! The shape of a line or word that tells the assembler where a paragraph starts and
//! ends: closing punctuation, a title, a heading, an annex title. No word lists here;
//! those are the structural cues of `cues.rs`, read from `rules/lexicons/`.

use super::lines::{LabelStyle, RawLabel};

/// The first word of a line, without Markdown emphasis or opening quotes.
pub(super) fn first_word(s: &str) -> &str {
    let s = s.trim_start_matches(['*', '_', '"', '\u{201c}']);
    let end = s
        .find(|c: char| !(c.is_alphabetic() || c == '-' || c == '\''))
        .unwrap_or(s.len());
    s.get(..end).unwrap_or("")
}

/// Ends with punctuation that closes a paragraph or introduces a list. An item that
/// ends "…; and" or "…; or" is closed too: the next item follows.
pub(super) fn ends_terminal(s: &str) -> bool {
    let t = s.trim_end();
    let t = ["and", "or"]
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .map(str::trim_end)
        .filter(|head| head.ends_with(';'))
        .unwrap_or(t);
    let t = t.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\u{201d}' | '\u{2019}' | '*' | '_' | ')')
    });
    // A footnote marker after the punctuation ("2013,1", "Add.49, 10") does not hide it.
    let t = t
        .trim_end_matches(|c: char| c.is_ascii_digit() && s.len() > 3)
        .trim_end();
    matches!(t.chars().last(), Some(',' | ';' | ':' | '.' | '\u{2014}'))
}

pub(super) fn starts_lowercase(s: &str) -> bool {
    s.trim_start_matches(['*', '_', '"', '\u{201c}', '('])
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// "Annex", "Annex II", "ANNEX A", "Annex A: Joint Comprehensive Plan of Action",
/// "Annex — Benchmarks": a title line, not a sentence that starts with the word.
pub(crate) fn is_annex_title(s: &str) -> bool {
    let s = s.trim_matches(|c| c == '*' || c == '_').trim();
    let Some(head) = s.get(..5) else {
        return false;
    };
    if !head.eq_ignore_ascii_case("annex") {
        return false;
    }
    let rest = s.get(5..).unwrap_or("");
    if rest.is_empty() {
        return true;
    }
    if !rest.starts_with(|c: char| c.is_whitespace() || c == ':') {
        return false;
    }
    let rest = rest.trim_start();
    let id_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let (id, after) = rest.split_at(id_len);
    let id_ok = id.len() <= 4
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let after = after.trim_start();
    if after.is_empty() {
        return id_ok;
    }
    // A title after a separator: "Annex A: …", "Annex — …", "Annex II. …".
    let separated = after.starts_with([':', '\u{2014}', '\u{2013}', '-', '.']);
    (id_ok || id.is_empty() || rest.starts_with(':'))
        && separated
        && s.chars().count() <= 160
        && !s.ends_with([',', ';'])
}

/// The text after a label must look like the start of a paragraph: a capital letter, a
/// quote, emphasis, or nothing (label alone on its line). Lower case is accepted for
/// sub-items ("(a) to support…").
pub(super) fn starts_paragraph_text(s: &str, label: &RawLabel) -> bool {
    let rest = s.get(label.consumed..).unwrap_or("").trim_start();
    let Some(c) = rest.chars().next() else {
        return true;
    };
    match label.style {
        // OCR leaves junk such as "16. | Demands"; only lower case and digits mean the
        // number is the end of a wrapped line ("… until 31 July\n2027. and").
        LabelStyle::Number => !c.is_lowercase() && !c.is_ascii_digit(),
        _ => !c.is_ascii_digit() || label.style != LabelStyle::Dash,
    }
}

/// A heading without its section code: "2a: Targeted sanctions" → "Targeted
/// sanctions", "A.\tTargeted sanctions" → "Targeted sanctions".
pub(super) fn without_section_code(s: &str) -> &str {
    let t = s.trim_start_matches(['*', '_']).trim_start();
    let code_len = t
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(t.len());
    let Some((code, rest)) = t.split_at_checked(code_len) else {
        return s;
    };
    let roman_or_letter = code.len() == 1 && code.chars().all(|c| c.is_ascii_uppercase())
        || (!code.is_empty() && code.chars().all(|c| matches!(c, 'I' | 'V' | 'X')));
    let numbered = code.len() <= 3
        && code.starts_with(|c: char| c.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
    match rest.strip_prefix([':', '.']) {
        Some(after) if (roman_or_letter || numbered) && after.starts_with(char::is_whitespace) => {
            after.trim_start()
        }
        _ => s,
    }
}

/// Headings in the operative part: short, capitalised, no closing punctuation.
pub(super) fn heading_like(s: &str) -> bool {
    let t = without_section_code(s);
    let t = t.trim_matches(|c| c == '*' || c == '_').trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    t.chars().count() <= 100
        && (first.is_uppercase())
        && !ends_terminal(t)
        && !t.ends_with(',')
        && t.split_whitespace().count() <= 14
}
