//! Reading lexicon files: TOML walked with spans so that every mistake names the file
//! and line. A file holds one lexicon (`name = …` at the top), several (`[[lexicon]]`
//! tables), or the spelling table (`[spelling]`, see `forms::Spelling`).

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use super::forms::Spelling;
use super::{Lexicon, Term};

/// What one file holds.
#[derive(Default)]
pub(super) struct FileContents {
    pub lexicons: Vec<Lexicon>,
    pub spelling: Option<Spelling>,
}

fn line_of(contents: &str, offset: usize) -> usize {
    contents
        .get(..offset.min(contents.len()))
        .map_or(1, |s| s.bytes().filter(|&b| b == b'\n').count() + 1)
}

pub(super) fn parse_file(path: &str, contents: &str) -> Result<FileContents, String> {
    let doc = DeTable::parse(contents).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(contents, s.start));
        format!("{path}:{line}: invalid TOML: {}", e.message().trim())
    })?;
    let root = doc.get_ref();
    let err = |offset: usize, msg: &str| format!("{path}:{}: {msg}", line_of(contents, offset));
    let mut tables: Vec<(&DeTable, usize)> = Vec::new();
    let mut has_name = false;
    let mut spelling = None;
    for (key, value) in root.iter() {
        match key.get_ref().as_ref() {
            "lexicon" => {
                let Some(arr) = value.get_ref().as_array() else {
                    return Err(err(
                        value.span().start,
                        "`lexicon` must be an array of tables ([[lexicon]])",
                    ));
                };
                for item in arr.iter() {
                    let Some(t) = item.get_ref().as_table() else {
                        return Err(err(
                            item.span().start,
                            "each [[lexicon]] entry must be a table",
                        ));
                    };
                    tables.push((t, item.span().start));
                }
            }
            "spelling" => spelling = Some(parse_spelling(path, contents, value)?),
            "name" => has_name = true,
            _ => {}
        }
    }
    if !has_name {
        // `[[term]]` after `[[lexicon]]` is a top-level array in TOML, not part of the
        // lexicon: say so instead of dropping the terms.
        if let Some((key, _)) = root
            .iter()
            .find(|(k, _)| matches!(k.get_ref().as_ref(), "term" | "terms"))
        {
            let line = line_of(contents, key.span().start);
            return Err(format!(
                "{path}:{line}: terms outside a lexicon: add `name = \"...\"` at the top, or write [[lexicon.term]] under [[lexicon]]"
            ));
        }
    }
    if has_name {
        tables.push((root, 0));
    }
    if tables.is_empty() && spelling.is_none() {
        return Err(format!(
            "{path}:1: no lexicon: expected `name = \"...\"`, [[lexicon]] tables or a [spelling] table"
        ));
    }
    let lexicons = tables
        .into_iter()
        .map(|(t, at)| parse_lexicon(path, contents, t, at))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FileContents { lexicons, spelling })
}

/// `[spelling]`: `swaps` and `one-way`, each an array of two-string arrays.
fn parse_spelling(
    path: &str,
    contents: &str,
    value: &toml::Spanned<DeValue>,
) -> Result<Spelling, String> {
    let err = |offset: usize, msg: String| format!("{path}:{}: {msg}", line_of(contents, offset));
    let Some(table) = value.get_ref().as_table() else {
        return Err(err(
            value.span().start,
            "`spelling` must be a table ([spelling])".into(),
        ));
    };
    let mut spelling = Spelling::default();
    for (key, list) in table.iter() {
        let name: &str = key.get_ref().as_ref();
        let target = match name {
            "swaps" => &mut spelling.swaps,
            "one-way" => &mut spelling.one_way,
            other => {
                return Err(err(
                    key.span().start,
                    format!("unknown [spelling] key `{other}` (expected swaps, one-way)"),
                ))
            }
        };
        let Some(pairs) = list.get_ref().as_array() else {
            return Err(err(
                list.span().start,
                format!("`{name}` must be an array of [\"from\", \"to\"] pairs"),
            ));
        };
        for pair in pairs.iter() {
            let strings: Vec<&str> = pair
                .get_ref()
                .as_array()
                .map(|a| a.iter().filter_map(|s| s.get_ref().as_str()).collect())
                .unwrap_or_default();
            match strings.as_slice() {
                [from, to] if !from.is_empty() && !to.is_empty() && from != to => {
                    target.push((from.to_lowercase(), to.to_lowercase()));
                }
                _ => {
                    return Err(err(
                        pair.span().start,
                        format!("each `{name}` entry must be two different non-empty strings"),
                    ))
                }
            }
        }
    }
    Ok(spelling)
}

const LEXICON_KEYS: [&str; 9] = [
    "name",
    "description",
    "inflect",
    "scan",
    "case_sensitive",
    "terms",
    "term",
    "lexicon",
    "attributes",
];
const TERM_KEYS: [&str; 5] = ["id", "forms", "inflect", "case_sensitive", "ignore"];

/// Lexicon-wide defaults that terms may override.
#[derive(Clone, Copy)]
struct Defaults {
    inflect: bool,
    case_sensitive: Option<bool>,
}

fn parse_lexicon(
    path: &str,
    contents: &str,
    table: &DeTable,
    at: usize,
) -> Result<Lexicon, String> {
    let err = |offset: usize, msg: String| format!("{path}:{}: {msg}", line_of(contents, offset));
    let mut name: Option<String> = None;
    let mut description = String::new();
    let mut defaults = Defaults {
        inflect: true,
        case_sensitive: None,
    };
    let mut terms: Vec<Term> = Vec::new();
    let mut scanned = true;
    let mut pending: Vec<&toml::Spanned<DeValue>> = Vec::new();
    for (key, value) in table.iter() {
        let key_str: &str = key.get_ref().as_ref();
        let v = value.get_ref();
        let pos = value.span().start;
        match key_str {
            "name" => {
                let Some(s) = v.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
                    return Err(err(pos, "`name` must be a non-empty string".into()));
                };
                if !s
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return Err(err(
                        pos,
                        format!("lexicon name {s:?} may hold only letters, digits, - and _"),
                    ));
                }
                name = Some(s.to_string());
            }
            "description" => {
                description = v
                    .as_str()
                    .ok_or_else(|| err(pos, "`description` must be a string".into()))?
                    .to_string();
            }
            "inflect" => {
                defaults.inflect = v
                    .as_bool()
                    .ok_or_else(|| err(pos, "`inflect` must be true or false".into()))?;
            }
            "scan" => {
                scanned = v
                    .as_bool()
                    .ok_or_else(|| err(pos, "`scan` must be true or false".into()))?;
            }
            "case_sensitive" => {
                defaults.case_sensitive =
                    Some(v.as_bool().ok_or_else(|| {
                        err(pos, "`case_sensitive` must be true or false".into())
                    })?);
            }
            "terms" | "term" => {
                let Some(arr) = v.as_array() else {
                    return Err(err(pos, format!("`{key_str}` must be an array")));
                };
                pending.extend(arr.iter());
            }
            "lexicon" | "attributes" => {}
            other => {
                return Err(err(
                    key.span().start,
                    format!(
                        "unknown lexicon key `{other}` (expected one of: {})",
                        LEXICON_KEYS.join(", ")
                    ),
                ));
            }
        }
    }
    let Some(name) = name else {
        return Err(err(at, "lexicon has no `name`".into()));
    };
    for item in pending {
        terms.push(parse_term(item, defaults, &err)?);
    }
    if terms.is_empty() {
        return Err(err(at, format!("lexicon `{name}` has no terms")));
    }
    let mut lexicon = Lexicon::new(name, description, path.to_string(), terms);
    lexicon.scanned = scanned;
    Ok(lexicon)
}

fn parse_term(
    item: &toml::Spanned<DeValue>,
    defaults: Defaults,
    err: &dyn Fn(usize, String) -> String,
) -> Result<Term, String> {
    let pos = item.span().start;
    let mut term = Term {
        id: term_id(String::new()),
        forms: Vec::new(),
        inflect: defaults.inflect,
        case_sensitive: defaults.case_sensitive,
        ignore: false,
        attrs: BTreeMap::new(),
    };
    match item.get_ref() {
        DeValue::String(s) => {
            let id = s.trim();
            if id.is_empty() {
                return Err(err(pos, "empty term".into()));
            }
            term.id = term_id(id.to_string());
            Ok(term)
        }
        DeValue::Table(t) => {
            let mut id = None;
            for (key, value) in t.iter() {
                let k: &str = key.get_ref().as_ref();
                let v = value.get_ref();
                let vpos = value.span().start;
                match k {
                    "id" => {
                        id = v
                            .as_str()
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string);
                        if id.is_none() {
                            return Err(err(vpos, "term `id` must be a non-empty string".into()));
                        }
                    }
                    "forms" => {
                        let Some(arr) = v.as_array() else {
                            return Err(err(vpos, "`forms` must be an array of strings".into()));
                        };
                        for f in arr.iter() {
                            let Some(s) = f
                                .get_ref()
                                .as_str()
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                            else {
                                return Err(err(
                                    f.span().start,
                                    "each form must be a non-empty string".into(),
                                ));
                            };
                            term.forms.push(s.to_string());
                        }
                    }
                    "ignore" | "inflect" | "case_sensitive" => {
                        let Some(b) = v.as_bool() else {
                            return Err(err(vpos, format!("`{k}` must be true or false")));
                        };
                        match k {
                            "ignore" => term.ignore = b,
                            "inflect" => term.inflect = b,
                            _ => term.case_sensitive = Some(b),
                        }
                    }
                    other => {
                        let value = match v {
                            DeValue::String(s) => s.to_string(),
                            DeValue::Integer(i) => i.as_str().replace('_', ""),
                            DeValue::Float(f) => f.as_str().to_string(),
                            DeValue::Boolean(b) => b.to_string(),
                            _ => {
                                return Err(err(
                                    vpos,
                                    format!(
                                        "term attribute `{other}` must be a string, number or boolean (reserved keys: {})",
                                        TERM_KEYS.join(", ")
                                    ),
                                ))
                            }
                        };
                        term.attrs.insert(other.to_string(), value);
                    }
                }
            }
            let Some(id) = id else {
                return Err(err(pos, "term table has no `id`".into()));
            };
            term.id = term_id(id);
            Ok(term)
        }
        _ => Err(err(
            pos,
            "a term must be a string or a table with an `id`".into(),
        )),
    }
}

/// A term id as the including crate stores it: a `String` where build.rs includes this
/// file, an `Arc<str>` (shared by every hit of the term) in the library.
#[allow(clippy::useless_conversion)]
fn term_id<T: From<String>>(id: String) -> T {
    T::from(id)
}
