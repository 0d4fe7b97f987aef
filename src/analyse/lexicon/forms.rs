//! Surface forms of a term: inflections of its first and last word and spelling
//! variants (British/American, -ize/-ise). Pure functions over strings with no
//! dependency beyond `std`, so that `build.rs` includes this very file and computes
//! the forms of the embedded lexicons at compile time (`PRECOMPUTED` in
//! `lexicon/mod.rs`); user lexicons get theirs at load with the same code.
//!
//! The spelling table is data (`rules/lexicons/spelling-variants.toml`), passed in.

/// Spelling variants applied to every case-insensitive form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spelling {
    /// Two-way swaps, applied in order ("defence" ↔ "defense"): a form holding either
    /// side also gets the other.
    pub swaps: Vec<(String, String)>,
    /// One-way rewrites applied together to each form ("ize" → "ise", "iza" → "isa"):
    /// UN style writes -ize; drafts from elsewhere write -ise.
    pub one_way: Vec<(String, String)>,
}

/// An acronym: no spaces, at least two capitals and more capitals than lower-case
/// letters (FARDC, F-FDTL, FAMa, MoD). Acronyms match case-sensitively.
pub fn looks_like_acronym(term: &str) -> bool {
    if term.contains(' ') {
        return false;
    }
    let upper = term.chars().filter(|c| c.is_uppercase()).count();
    let lower = term.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && upper > lower
}

/// A surface as the matcher takes it: whitespace-normalised (borrowed when it already
/// is), and whether it matches case-sensitively: as the term says, else when it looks
/// like an acronym. The library (`each_form`) and `build.rs` (the embedded lexicons'
/// matcher) both decide here.
pub fn matcher_surface(
    surface: &str,
    case_sensitive: Option<bool>,
) -> (std::borrow::Cow<'_, str>, bool) {
    let normalised = !surface.starts_with(' ')
        && !surface.ends_with(' ')
        && !surface.contains("  ")
        && !surface.chars().any(|c| c.is_whitespace() && c != ' ');
    let s = if normalised {
        std::borrow::Cow::Borrowed(surface)
    } else {
        std::borrow::Cow::Owned(normalise_space(surface))
    };
    let sensitive = case_sensitive.unwrap_or_else(|| looks_like_acronym(&s));
    (s, sensitive)
}

/// Whitespace runs folded to one space, ends trimmed: how a surface is written in a
/// form.
pub fn normalise_space(surface: &str) -> String {
    let mut out = String::with_capacity(surface.len());
    for word in surface.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The case-insensitive forms of one surface (already whitespace-normalised): the
/// lower-cased surface, its inflections when `inflect`, and their spelling variants.
pub fn insensitive_forms(surface: &str, inflect: bool, spelling: &Spelling) -> Vec<String> {
    let lower = surface.to_lowercase();
    let variants = if inflect {
        inflect_phrase(&lower)
    } else {
        vec![lower]
    };
    let mut out = Vec::with_capacity(variants.len());
    for v in variants {
        for spelled in spelling_variants(&v, spelling) {
            push_unique(&mut out, spelled);
        }
    }
    out
}

pub fn push_unique<T: PartialEq>(v: &mut Vec<T>, item: T) {
    if !v.contains(&item) {
        v.push(item);
    }
}

/// Inflects the first and the last word of a phrase ("calls upon" → "call upon",
/// "called upon"; "armed force" → "armed forces").
pub fn inflect_phrase(phrase: &str) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    match words.as_slice() {
        [] => Vec::new(),
        [one] => inflect_word(one),
        [first, middle @ .., last] => {
            let mut out = Vec::new();
            let middle = middle.join(" ");
            for f in inflect_word(first) {
                for l in inflect_word(last) {
                    let mut s = f.clone();
                    if !middle.is_empty() {
                        s.push(' ');
                        s.push_str(&middle);
                    }
                    s.push(' ');
                    s.push_str(&l);
                    push_unique(&mut out, s);
                }
            }
            out
        }
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The base of a word written in the third person or plural ("decides" → "decide",
/// "ministries" → "ministry", "addresses" → "address"); other words unchanged.
fn base_of(word: &str) -> String {
    let n = word.len();
    if n > 4 {
        if let Some(stem) = word.strip_suffix("ies") {
            return format!("{stem}y");
        }
    }
    for suffix in ["sses", "shes", "ches", "xes", "zes"] {
        if n > suffix.len() + 1 && word.ends_with(suffix) {
            // Drop the "es": "addresses" → "address".
            if let Some(stem) = word.strip_suffix("es") {
                return stem.to_string();
            }
        }
    }
    if n > 3 && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") {
        if let Some(stem) = word.strip_suffix('s') {
            return stem.to_string();
        }
    }
    word.to_string()
}

/// Plural/third person, past and -ing forms of one word (over-generation is harmless:
/// a form that is not English never occurs in a text).
pub fn inflect_word(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    // Only alphabetic words inflect ("2151", "(2014)", "f-fdtl" stay as they are).
    if word.len() < 3 || !word.bytes().all(|c| c.is_ascii_lowercase()) {
        return out;
    }
    let base = base_of(word);
    let b = base.as_bytes();
    let n = b.len();
    let (Some(&last), Some(&prev)) = (b.last(), b.get(n.wrapping_sub(2))) else {
        return out;
    };
    let mut forms = vec![base.clone()];
    if last == b'y' && !is_vowel(prev) {
        let stem = base.strip_suffix('y').unwrap_or(&base);
        forms.extend([
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{base}ing"),
        ]);
    } else if base.ends_with('s')
        || base.ends_with('x')
        || base.ends_with('z')
        || base.ends_with("ch")
        || base.ends_with("sh")
    {
        forms.extend([
            format!("{base}es"),
            format!("{base}ed"),
            format!("{base}ing"),
        ]);
    } else if last == b'e' {
        let stem = base.strip_suffix('e').unwrap_or(&base);
        forms.extend([format!("{base}s"), format!("{base}d"), format!("{stem}ing")]);
    } else {
        forms.extend([
            format!("{base}s"),
            format!("{base}ed"),
            format!("{base}ing"),
        ]);
        // Consonant doubling after a short stressed vowel: plan → planned, equip → equipped.
        let ante = b.get(n.wrapping_sub(3)).copied().unwrap_or(b'a');
        if !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(prev)
            && !is_vowel(ante)
        {
            let l = last as char;
            forms.extend([format!("{base}{l}ed"), format!("{base}{l}ing")]);
        }
    }
    for f in forms {
        push_unique(&mut out, f);
    }
    out
}

/// The spelling variants of a lower-case form, the form itself first.
pub fn spelling_variants(form: &str, spelling: &Spelling) -> Vec<String> {
    let mut out = vec![form.to_string()];
    for (a, b) in &spelling.swaps {
        // Most forms hold neither side: nothing to copy.
        if !out
            .iter()
            .any(|f| f.contains(a.as_str()) || f.contains(b.as_str()))
        {
            continue;
        }
        let snapshot = out.clone();
        for f in snapshot {
            if f.contains(a.as_str()) {
                push_unique(&mut out, f.replace(a.as_str(), b));
            } else if f.contains(b.as_str()) {
                push_unique(&mut out, f.replace(b.as_str(), a));
            }
        }
    }
    if spelling
        .one_way
        .iter()
        .any(|(from, _)| out.iter().any(|f| f.contains(from.as_str())))
    {
        let snapshot = out.clone();
        for f in snapshot {
            let mut rewritten = f;
            for (from, to) in &spelling.one_way {
                if rewritten.contains(from.as_str()) {
                    rewritten = rewritten.replace(from.as_str(), to);
                }
            }
            push_unique(&mut out, rewritten);
        }
    }
    out
}
