//! Line-level recognisers (nom): paragraph labels, page furniture and masthead lines.
//! Each works on one line's content and never fails loudly: `None` means "not this".

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while1, take_while_m_n};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{eof, opt, recognize};
use nom::{IResult, Parser};

use std::borrow::Cow;

use crate::model::LabelKind;

/// A label at the start of a line, before the ambiguity between letters and roman
/// numerals is resolved by context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawLabel<'a> {
    pub style: LabelStyle,
    /// Label text without punctuation ("12", "b", "iv", "–"), borrowed from the line
    /// (every line's label is read on every keystroke).
    pub text: Cow<'a, str>,
    /// Bytes taken by the label itself (from the start of the content).
    pub label_len: usize,
    /// Bytes taken by the label and the blank space after it.
    pub consumed: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelStyle {
    Number,
    /// `(x)`: a letter or a roman numeral.
    Paren,
    /// `(1)`: a number inside a list (never a paragraph number).
    ParenNumber,
    /// `x.`: a letter or a roman numeral.
    Dot,
    Dash,
}

fn is_lower_alpha(c: char) -> bool {
    c.is_ascii_lowercase()
}

/// Blank space after a label: spaces, tabs and the no-break spaces PDF extraction leaves.
fn label_end(input: &str) -> IResult<&str, &str> {
    alt((take_while1(char::is_whitespace), eof)).parse(input)
}

fn number_label(input: &str) -> IResult<&str, (LabelStyle, &str)> {
    let (rest, digits) = take_while_m_n(1, 3, |c: char| c.is_ascii_digit()).parse(input)?;
    let (rest, _) = char('.').parse(rest)?;
    Ok((rest, (LabelStyle::Number, digits)))
}

fn paren_label(input: &str) -> IResult<&str, (LabelStyle, &str)> {
    let (rest, _) = char('(').parse(input)?;
    let (rest, (style, inner)) = alt((
        take_while_m_n(1, 5, is_lower_alpha).map(|t| (LabelStyle::Paren, t)),
        // Two digits at most: "(2010)" opening a wrapped line is a year.
        take_while_m_n(1, 2, |c: char| c.is_ascii_digit()).map(|t| (LabelStyle::ParenNumber, t)),
    ))
    .parse(rest)?;
    let (rest, _) = char(')').parse(rest)?;
    Ok((rest, (style, inner)))
}

fn dot_label(input: &str) -> IResult<&str, (LabelStyle, &str)> {
    let (rest, inner) = take_while_m_n(1, 4, is_lower_alpha).parse(input)?;
    // "a." or a roman numeral "iv."; anything longer is a word ending a sentence.
    if inner.chars().count() > 1 && roman_value(inner).is_none() {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    let (rest, _) = char('.').parse(rest)?;
    Ok((rest, (LabelStyle::Dot, inner)))
}

fn dash_label(input: &str) -> IResult<&str, (LabelStyle, &str)> {
    let (rest, dash) = alt((
        tag("\u{2013}"),
        tag("\u{2014}"),
        tag("\u{2022}"),
        tag("\u{00b7}"),
        tag("\u{00ad}"),
        tag("\u{f0b7}"),
        tag("-"),
        tag("*"),
    ))
    .parse(input)?;
    Ok((rest, (LabelStyle::Dash, dash)))
}

/// Recognises a paragraph label at the start of `content` (leading blank space already
/// removed). Dash labels need blank space after them, so "-based" is not a label.
pub fn label(content: &str) -> Option<RawLabel<'_>> {
    let parsed: IResult<&str, (LabelStyle, &str)> =
        alt((number_label, paren_label, dot_label, dash_label)).parse(content);
    let (after_label, (style, text)) = parsed.ok()?;
    let label_len = content.len() - after_label.len();
    let (rest, _) = label_end(after_label).ok()?;
    // A bare dash line is a rule, not an item.
    if style == LabelStyle::Dash && rest.trim().is_empty() {
        return None;
    }
    Some(RawLabel {
        style,
        text: Cow::Borrowed(text),
        label_len,
        consumed: content.len() - rest.len(),
    })
}

/// Value of a lower-case roman numeral (i … xxxix), if it is one.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 {
        return None;
    }
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    // Reject non-canonical forms such as "iiii" or "vx" by round-tripping.
    (to_roman(total).as_deref() == Some(s)).then_some(total)
}

/// Lower-case roman numeral for 1 … 399 (labels and expected labels in rules).
pub fn to_roman(mut n: u32) -> Option<String> {
    if n == 0 || n > 399 {
        return None;
    }
    let table = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    Some(out)
}

/// Value of a letter label: a=1 … z=26, aa=27 (doubled letters continue long lists).
pub fn letter_value(s: &str) -> Option<u32> {
    let mut chars = s.chars();
    let first = chars.next()?;
    if !first.is_ascii_lowercase() {
        return None;
    }
    let base = first as u32 - 'a' as u32 + 1;
    let len = s.chars().count();
    if s.chars().all(|c| c == first) && len <= 2 {
        Some(base + 26 * (len as u32 - 1))
    } else {
        None
    }
}

/// Letter label text for a value (inverse of `letter_value`).
pub fn letter_text(value: u32) -> Option<String> {
    if value == 0 || value > 52 {
        return None;
    }
    let c = char::from(b'a' + ((value - 1) % 26) as u8);
    Some(if value > 26 {
        format!("{c}{c}")
    } else {
        c.to_string()
    })
}

/// Resolves a paren/dot label to a kind and value. `prefer_letter_after` is the value of
/// the preceding sibling letter at the same style if one is open, which decides "(i)"
/// after "(h)" (a letter) against "(i)" opening a new level (a numeral).
pub fn resolve_label(
    style: LabelStyle,
    text: &str,
    open_letter: Option<u32>,
    open_roman: Option<u32>,
) -> Option<(LabelKind, u32)> {
    let (letter_kind, roman_kind) = match style {
        LabelStyle::Paren => (LabelKind::ParenLetter, LabelKind::ParenRoman),
        LabelStyle::Dot => (LabelKind::DotLetter, LabelKind::DotRoman),
        LabelStyle::Number | LabelStyle::ParenNumber => {
            return text.parse().ok().map(|v| (LabelKind::Number, v));
        }
        LabelStyle::Dash => return Some((LabelKind::Dash, 0)),
    };
    let as_letter = letter_value(text);
    let as_roman = roman_value(text);
    match (as_letter, as_roman) {
        (Some(l), Some(r)) => {
            if open_letter.is_some_and(|prev| prev + 1 == l) {
                Some((letter_kind, l))
            } else if r == 1 || open_roman.is_some_and(|prev| prev + 1 == r) {
                Some((roman_kind, r))
            } else {
                Some((letter_kind, l))
            }
        }
        (Some(l), None) => Some((letter_kind, l)),
        (None, Some(r)) => Some((roman_kind, r)),
        (None, None) => None,
    }
}

fn job_number(input: &str) -> IResult<&str, &str> {
    recognize((
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        char('-'),
        take_while_m_n(5, 5, |c: char| c.is_ascii_digit()),
        opt((space0, tag_no_case("(E)"))),
        opt((space1, take_while_m_n(6, 6, |c: char| c.is_ascii_digit()))),
    ))
    .parse(input)
}

fn page_number(input: &str) -> IResult<&str, &str> {
    take_while_m_n(1, 3, |c: char| c.is_ascii_digit()).parse(input)
}

/// "2/5": page 2 of 5.
fn page_of(input: &str) -> IResult<&str, &str> {
    recognize((page_number, char('/'), page_number)).parse(input)
}

fn res_header(input: &str) -> IResult<&str, &str> {
    recognize((
        tag("S/RES/"),
        digit1,
        space0,
        char('('),
        digit1,
        char(')'),
        opt((
            space1,
            take_while1(|c: char| c == '*' || c == '[' || c == ']'),
        )),
    ))
    .parse(input)
}

fn barcode(input: &str) -> IResult<&str, &str> {
    recognize((
        char('*'),
        take_while_m_n(6, 12, |c: char| c.is_ascii_digit()),
        char('*'),
    ))
    .parse(input)
}

fn whole<'a>(
    mut p: impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>>,
    input: &'a str,
) -> bool {
    matches!(p.parse(input), Ok((rest, _)) if rest.trim().is_empty())
}

/// PDF page furniture: running `S/RES/N (YYYY)` headers, job numbers `11-24286 (E)`,
/// barcodes `*1124286*`, page numbers, and page number + job number combinations.
pub fn is_furniture(content: &str) -> bool {
    let c = content.trim();
    // Every form below starts with "S", "*" or a digit: most lines of text are let go
    // without trying nine parsers (a keystroke reads every line of the draft).
    if !c
        .bytes()
        .next()
        .is_some_and(|b| b == b'S' || b == b'*' || b.is_ascii_digit())
    {
        return false;
    }
    whole(res_header, c)
        || whole(
            recognize((res_header, space1, tag("Page"), space1, page_number)),
            c,
        )
        || whole(job_number, c)
        || whole(barcode, c)
        || whole(page_number, c)
        || whole(recognize((page_number, space1, job_number)), c)
        || whole(recognize((job_number, space1, page_number)), c)
        || whole(recognize((page_of, space1, job_number)), c)
        || whole(recognize((job_number, space1, page_of)), c)
}

/// "The Security Council," (the enacting formula); returns the length of the formula
/// including its comma, so text after it on the same line can start the preamble.
pub fn council_formula(content: &str) -> Option<usize> {
    let parsed: IResult<&str, &str> = recognize((
        opt(take_while1(|c: char| c == '*' || c == '_')),
        tag_no_case("The Security Council"),
        opt(take_while1(|c: char| c == '*' || c == '_')),
        opt(char(',')),
    ))
    .parse(content);
    let (_, formula) = parsed.ok()?;
    Some(formula.len())
}

/// "S/RES/2098 (2013)" → (2098, 2013).
pub fn resolution_symbol(content: &str) -> Option<(u32, u32)> {
    let parsed: IResult<&str, (&str, &str)> =
        (tag("S/RES/"), digit1, space0, char('('), digit1, char(')'))
            .map(|(_, n, _, _, y, _)| (n, y))
            .parse(content.trim());
    let (_, (n, y)) = parsed.ok()?;
    Some((n.parse().ok()?, y.parse().ok()?))
}

/// A draft symbol "S/2024/123" (optionally with "/Rev.1").
pub fn draft_symbol(content: &str) -> Option<&str> {
    let c = content.trim();
    let parsed: IResult<&str, &str> = recognize((
        tag("S/"),
        take_while_m_n(4, 4, |ch: char| ch.is_ascii_digit()),
        char('/'),
        digit1,
        opt((
            char('/'),
            take_while1(|ch: char| ch.is_ascii_alphanumeric() || ch == '.'),
        )),
    ))
    .parse(c);
    let (rest, sym) = parsed.ok()?;
    rest.trim().is_empty().then_some(sym)
}

/// "Resolution 2098 (2013)" → (Some(2098), Some(2013)); "Resolution XXXX (2017)" →
/// (None, Some(2017)), a placeholder left in a draft.
pub fn resolution_title(content: &str) -> Option<(Option<u32>, Option<u32>)> {
    let parsed: IResult<&str, (&str, Option<&str>)> = (
        tag_no_case("Resolution"),
        space1,
        take_while1(|c: char| c.is_ascii_digit() || c == 'X' || c == 'x' || c == '.'),
        space0,
        opt((
            char('('),
            take_while1(|c: char| c.is_ascii_alphanumeric()),
            char(')'),
        )),
    )
        .map(|(_, _, n, _, y)| (n, y.map(|(_, y, _)| y)))
        .parse(content.trim());
    let (rest, (n, y)) = parsed.ok()?;
    if !rest.trim().is_empty() && !rest.trim_start().starts_with("of ") {
        return None;
    }
    Some((n.parse().ok(), y.and_then(|y| y.parse().ok())))
}

/// "Adopted by the Security Council at its 6943rd meeting, on 28 March 2013" →
/// (meeting, date). The date may be missing when the line wraps.
pub fn adoption_line(content: &str) -> Option<(Option<u32>, Option<String>)> {
    let c = content.trim();
    let parsed: IResult<&str, Option<&str>> = (
        tag_no_case("Adopted by the Security Council at its"),
        space1,
        opt(digit1),
    )
        .map(|(_, _, n)| n)
        .parse(c);
    // "Adopted by the Security Council on 11 May 2021", without the meeting (the
    // paragraph-structured sources and the Akoma Ntoso cover page).
    let without_meeting: IResult<&str, &str> =
        tag_no_case("Adopted by the Security Council on ").parse(c);
    let (rest, meeting) = match (parsed, without_meeting) {
        (Ok(found), _) => found,
        (Err(_), Ok((date, _))) => (date, None),
        (Err(_), Err(_)) => return None,
    };
    if meeting.is_none() && !rest.contains(" on ") {
        let date = rest.trim().trim_end_matches('.').to_string();
        return Some((None, Some(date).filter(|d| !d.is_empty())));
    }
    let meeting = meeting.and_then(|m| m.parse().ok());
    let date = rest
        .find(" on ")
        .map(|i| {
            rest.get(i + 4..)
                .unwrap_or("")
                .trim()
                .trim_end_matches('.')
                .to_string()
        })
        .filter(|d| !d.is_empty());
    Some((meeting, date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adoption_lines_with_and_without_the_meeting() {
        assert_eq!(
            adoption_line("Adopted by the Security Council at its 8765th meeting, on 11 May 2021"),
            Some((Some(8765), Some("11 May 2021".to_string())))
        );
        assert_eq!(
            adoption_line("Adopted by the Security Council on 11 May 2021"),
            Some((None, Some("11 May 2021".to_string())))
        );
        assert_eq!(adoption_line("Adopted by consensus"), None);
    }

    #[test]
    fn labels() {
        let l = label("12.\tDecides").expect("label");
        assert_eq!(
            (l.style, l.text.as_ref(), l.consumed),
            (LabelStyle::Number, "12", 4)
        );
        let l = label("(iv) To support").expect("label");
        assert_eq!((l.style, l.text.as_ref()), (LabelStyle::Paren, "iv"));
        let l = label("– To assist").expect("label");
        assert_eq!(l.style, LabelStyle::Dash);
        assert_eq!(l.consumed, "– ".len());
        assert!(label("-based approach").is_none());
        assert!(label("i.e. the army").is_none());
        assert!(
            label("2012. The").is_none(),
            "four digits are a year, not a number"
        );
        assert!(label("Decides").is_none());
        let l = label("b. the armed forces").expect("label");
        assert_eq!(l.style, LabelStyle::Dot);
        assert!(label("etc. and").is_none());
        let l = label("1.").expect("a number alone on its line");
        assert_eq!(l.text, "1");
        let l = label("(3) Joint Political and Security Mechanism: Provide").expect("label");
        assert_eq!((l.style, l.text.as_ref()), (LabelStyle::ParenNumber, "3"));
        assert!(label("(2010) and its other measures").is_none());
    }

    #[test]
    fn roman_and_letters() {
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("b"), None);
        assert_eq!(letter_value("h"), Some(8));
        assert_eq!(letter_value("aa"), Some(27));
        assert_eq!(letter_text(27).as_deref(), Some("aa"));
        // (i) after (h) is a letter; (i) opening a level is a numeral.
        assert_eq!(
            resolve_label(LabelStyle::Paren, "i", Some(8), None),
            Some((LabelKind::ParenLetter, 9))
        );
        assert_eq!(
            resolve_label(LabelStyle::Paren, "i", Some(3), None),
            Some((LabelKind::ParenRoman, 1))
        );
        assert_eq!(
            resolve_label(LabelStyle::Paren, "v", Some(3), Some(4)),
            Some((LabelKind::ParenRoman, 5))
        );
        assert_eq!(
            resolve_label(LabelStyle::Paren, "v", Some(21), None),
            Some((LabelKind::ParenLetter, 22))
        );
    }

    #[test]
    fn furniture() {
        for f in [
            "S/RES/1969 (2011)",
            "11-24286 (E)",
            "11-24286",
            "*1124286*",
            "4 11-24286",
            "11-24286 5",
            "2",
            "14-31391 (E)  250214",
            "2/5 21-07038",
            "21-07038 3/5",
            "S/RES/987 (1995) Page 2",
        ] {
            assert!(is_furniture(f), "{f}");
        }
        for f in ["1. Decides", "Recalling", "S/2011/32", "(a)"] {
            assert!(!is_furniture(f), "{f}");
        }
    }

    #[test]
    fn masthead_lines() {
        assert_eq!(resolution_symbol("S/RES/2098 (2013)"), Some((2098, 2013)));
        assert_eq!(draft_symbol("S/2026/123"), Some("S/2026/123"));
        assert_eq!(
            resolution_title("Resolution 2098 (2013)"),
            Some((Some(2098), Some(2013)))
        );
        assert_eq!(
            resolution_title("Resolution XXXX (2017)"),
            Some((None, Some(2017)))
        );
        assert_eq!(
            resolution_title("Resolution 242 (1967) of 22 November 1967"),
            Some((Some(242), Some(1967)))
        );
        let (m, d) = adoption_line(
            "Adopted by the Security Council at its 6943rd meeting, on 28 March 2013",
        )
        .expect("line");
        assert_eq!(m, Some(6943));
        assert_eq!(d.as_deref(), Some("28 March 2013"));
        assert_eq!(council_formula("The Security Council,"), Some(21));
        assert_eq!(council_formula("*The Security Council*,"), Some(23));
    }
}
