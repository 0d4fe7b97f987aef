//! Lexicons: named term lists loaded from TOML (`rules/lexicons/*.toml`), matched
//! case-insensitively on word boundaries with inflections and spelling variants.
//!
//! File format (one lexicon per file, or several as `[[lexicon]]` tables):
//!
//! ```toml
//! name = "operative-verbs"
//! description = "Verbs that open operative paragraphs"
//! inflect = true            # optional, default true: generate -s/-es/-ies/-ed/-ing forms
//! terms = ["army", "armed forces"]          # plain terms
//! [[term]]                                  # terms with attributes
//! id = "calls upon"                         # canonical id, also matched
//! forms = ["calls on"]                      # more surface forms (optional)
//! force = 3                                 # any other key is an attribute
//! ```
//!
//! `scan = false` keeps a lexicon out of the clause scan: it is only looked up by name
//! (the parser's structural cues, `parse-cues.toml`), so its common words ("the", "of")
//! cost nothing per clause.
//!
//! Reserved term keys: `id`, `forms`, `inflect`, `case_sensitive` (default: automatic,
//! true for acronyms such as FARDC, F-FDTL, FAMa, MoD), `ignore` (the term takes part in
//! longest-match selection but is not reported: "military observers" hides "military").

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use toml::de::{DeTable, DeValue};

use crate::span::Span;

/// One entry of a lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The canonical term ("calls upon").
    pub id: String,
    /// Attributes given in the file (`force = "3"`, `slug = "armed-forces"`), as strings.
    pub attrs: BTreeMap<String, String>,
    /// Matched only to hide shorter terms inside it; never reported.
    pub ignore: bool,
}

impl Term {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    pub fn attr_u8(&self, key: &str) -> Option<u8> {
        self.attr(key).and_then(|v| v.parse().ok())
    }

    pub fn attr_bool(&self, key: &str) -> Option<bool> {
        self.attr(key).and_then(|v| v.parse().ok())
    }
}

/// Surface forms compiled into automata: pattern index → term indices.
#[derive(Clone, Debug, Default)]
struct Matcher {
    insensitive: Option<AhoCorasick>,
    insensitive_terms: Vec<Vec<(usize, usize)>>,
    sensitive: Option<AhoCorasick>,
    sensitive_terms: Vec<Vec<(usize, usize)>>,
}

/// Collects patterns, deduplicated, each mapping to (lexicon, term) pairs.
#[derive(Default)]
struct MatcherBuilder {
    insensitive: HashMap<String, Vec<(usize, usize)>>,
    sensitive: HashMap<String, Vec<(usize, usize)>>,
}

impl MatcherBuilder {
    fn add(&mut self, form: String, case_sensitive: bool, owner: (usize, usize)) {
        let map = if case_sensitive {
            &mut self.sensitive
        } else {
            &mut self.insensitive
        };
        let owners = map.entry(form).or_default();
        if !owners.contains(&owner) {
            owners.push(owner);
        }
    }

    fn build(self) -> Result<Matcher, String> {
        let (insensitive, insensitive_terms) = compile(self.insensitive, true)?;
        let (sensitive, sensitive_terms) = compile(self.sensitive, false)?;
        Ok(Matcher {
            insensitive,
            insensitive_terms,
            sensitive,
            sensitive_terms,
        })
    }
}

type Compiled = (Option<AhoCorasick>, Vec<Vec<(usize, usize)>>);

fn compile(map: HashMap<String, Vec<(usize, usize)>>, fold_case: bool) -> Result<Compiled, String> {
    if map.is_empty() {
        return Ok((None, Vec::new()));
    }
    // Sorted so that pattern ids (and thus results) do not depend on hash order.
    let mut entries: Vec<(String, Vec<(usize, usize)>)> = map.into_iter().collect();
    entries.sort();
    let (patterns, owners): (Vec<String>, Vec<Vec<(usize, usize)>>) = entries.into_iter().unzip();
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(fold_case)
        .match_kind(MatchKind::Standard)
        .build(&patterns)
        .map_err(|e| format!("cannot compile lexicon terms: {e}"))?;
    Ok((Some(ac), owners))
}

/// A raw hit before longest-match selection.
#[derive(Clone, Copy, Debug)]
struct RawHit {
    lexicon: usize,
    term: usize,
    start: usize,
    end: usize,
}

impl Matcher {
    /// Every word-bounded occurrence of every form, overlapping, in one pass per automaton.
    fn raw_hits(&self, text: &str, out: &mut Vec<RawHit>) {
        let runs = [
            (&self.insensitive, &self.insensitive_terms),
            (&self.sensitive, &self.sensitive_terms),
        ];
        for (ac, owners) in runs {
            let Some(ac) = ac else { continue };
            for m in ac.find_overlapping_iter(text) {
                if !on_word_boundaries(text, m.start(), m.end()) {
                    continue;
                }
                let Some(list) = owners.get(m.pattern().as_usize()) else {
                    continue;
                };
                for &(lexicon, term) in list {
                    out.push(RawHit {
                        lexicon,
                        term,
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
        }
    }
}

/// A match must not start or end inside a word. Edges that are not word characters
/// themselves ("[...]", "***") need no boundary.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
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
fn select(mut hits: Vec<RawHit>, lexicons: &[Lexicon]) -> Vec<RawHit> {
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

/// One named term list.
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub name: String,
    pub description: String,
    /// The file it was loaded from.
    pub source: String,
    pub terms: Vec<Term>,
    /// Part of the clause scan (`Lexicons::scan`); `scan = false` lexicons are only
    /// looked up by name.
    pub scanned: bool,
    /// This lexicon's own automaton, built on first use: only a few lexicons are ever
    /// searched on their own (the analysis scans with the combined automaton), and
    /// building all of them eagerly was half the start-up time (bench/README.md).
    matcher: std::sync::OnceLock<Matcher>,
}

impl Lexicon {
    pub fn term(&self, index: usize) -> Option<&Term> {
        self.terms.get(index)
    }

    fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| {
            let mut own = MatcherBuilder::default();
            for (ti, term) in self.terms.iter().enumerate() {
                for (form, sensitive) in term_forms(term) {
                    own.add(form, sensitive, (0, ti));
                }
            }
            // The same forms already compiled into the combined automaton when the
            // lexicons were loaded, so this cannot fail in practice; if it did, the
            // lexicon would find nothing rather than bring the check down.
            own.build().unwrap_or_default()
        })
    }

    pub fn term_by_id(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id == id)
    }

    /// Non-overlapping, leftmost-longest hits in `text`, with spans into `text` and the
    /// canonical term id.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(Span, &'a str)> {
        self.find_terms(text)
            .into_iter()
            .map(|(span, term)| (span, term.id.as_str()))
            .collect()
    }

    /// Like `find`, with the whole term (attributes included).
    pub fn find_terms<'a>(&'a self, text: &str) -> Vec<(Span, &'a Term)> {
        let folded = Folded::new(text);
        let mut raw = Vec::new();
        self.matcher().raw_hits(&folded.text, &mut raw);
        // The lexicon's own matcher numbers itself 0.
        let only_self = std::slice::from_ref(self);
        select(raw, only_self)
            .into_iter()
            .filter_map(|h| {
                let term = self.terms.get(h.term)?;
                Some((folded.span_to_input(h.start, h.end), term))
            })
            .collect()
    }

    /// Whether `text` contains any (non-ignored) term.
    pub fn is_match(&self, text: &str) -> bool {
        !self.find_terms(text).is_empty()
    }
}

/// All lexicons, plus one automaton over every term of every lexicon so that a clause
/// is scanned once.
#[derive(Clone, Debug, Default)]
pub struct Lexicons {
    list: Vec<Lexicon>,
    by_name: BTreeMap<String, usize>,
    all: Matcher,
}

/// Hits of one scan: per lexicon index, (span in the scanned text, term index).
pub type ScanHits = Vec<(usize, Span, usize)>;

impl Lexicons {
    /// Builds lexicons from `(path, contents)` pairs; later files override earlier ones
    /// with the same name. Errors name the file and line.
    pub fn from_files(files: &[(String, String)]) -> Result<Lexicons, String> {
        let mut parsed: Vec<Lexicon> = Vec::new();
        for (path, contents) in files {
            for lex in parse_file(path, contents)? {
                match parsed.iter_mut().find(|l| l.name == lex.name) {
                    Some(existing) => *existing = lex,
                    None => parsed.push(lex),
                }
            }
        }
        Lexicons::build(parsed)
    }

    /// The lexicons embedded from `rules/lexicons/`.
    pub fn embedded() -> Result<Lexicons, String> {
        Lexicons::from_files(&embedded_lexicon_files())
    }

    /// The embedded lexicons, then `extra` files that add lexicons or override embedded
    /// ones by name.
    pub fn embedded_with(extra: &[(String, String)]) -> Result<Lexicons, String> {
        let mut files = embedded_lexicon_files();
        files.extend(extra.iter().cloned());
        Lexicons::from_files(&files)
    }

    fn build(mut list: Vec<Lexicon>) -> Result<Lexicons, String> {
        list.sort_by(|a, b| a.name.cmp(&b.name));
        let mut all = MatcherBuilder::default();
        let mut by_name = BTreeMap::new();
        for (li, lex) in list.iter().enumerate() {
            by_name.insert(lex.name.clone(), li);
            if !lex.scanned {
                continue;
            }
            for (ti, term) in lex.terms.iter().enumerate() {
                for (form, sensitive) in term_forms(term) {
                    all.add(form, sensitive, (li, ti));
                }
            }
        }
        Ok(Lexicons {
            list,
            by_name,
            all: all.build()?,
        })
    }

    pub fn get(&self, name: &str) -> Option<&Lexicon> {
        self.by_name.get(name).and_then(|&i| self.list.get(i))
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn by_index(&self, index: usize) -> Option<&Lexicon> {
        self.list.get(index)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|l| l.name.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Lexicon> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every lexicon's hits in `text` in one pass: `(lexicon index, span in text, term
    /// index)`, per lexicon leftmost-longest and non-overlapping, sorted by lexicon then
    /// position.
    pub fn scan(&self, text: &str) -> ScanHits {
        let folded = Folded::new(text);
        let mut raw = Vec::new();
        self.all.raw_hits(&folded.text, &mut raw);
        select(raw, &self.list)
            .into_iter()
            .map(|h| (h.lexicon, folded.span_to_input(h.start, h.end), h.term))
            .collect()
    }
}

fn embedded_lexicon_files() -> Vec<(String, String)> {
    crate::embedded::EMBEDDED_RULE_FILES
        .iter()
        .filter(|(path, _)| path.starts_with("lexicons/"))
        .map(|(path, contents)| (format!("rules/{path}"), (*contents).to_string()))
        .collect()
}

/// Text with whitespace runs folded to one space, curly quotes to straight ones and
/// soft hyphens dropped, Unicode hyphens (U+2010, the non-breaking U+2011 of Akoma Ntoso
/// texts) made plain hyphens, so that "armed\u{a0} forces", "Council’s" and
/// "ex\u{2011}combatants" match plain
/// patterns. Keeps a byte map back to the input when anything changed.
struct Folded<'a> {
    input: &'a str,
    text: std::borrow::Cow<'a, str>,
    /// For each byte of `text`, the start of the input character it came from; `None`
    /// when `text` is the input itself.
    map: Option<Vec<usize>>,
}

impl<'a> Folded<'a> {
    fn new(input: &'a str) -> Folded<'a> {
        let needs = input.contains("  ")
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
            });
        if !needs {
            return Folded {
                input,
                text: std::borrow::Cow::Borrowed(input),
                map: None,
            };
        }
        let mut text = String::with_capacity(input.len());
        let mut map = Vec::with_capacity(input.len());
        let mut last_space = false;
        for (i, c) in input.char_indices() {
            let replacement = match c {
                '\u{ad}' => continue,
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                '\u{2010}' | '\u{2011}' => '-',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            let is_space = replacement == ' ';
            if is_space && last_space {
                continue;
            }
            last_space = is_space;
            text.push(replacement);
            map.resize(text.len(), i);
        }
        Folded {
            input,
            text: std::borrow::Cow::Owned(text),
            map: Some(map),
        }
    }

    fn span_to_input(&self, start: usize, end: usize) -> Span {
        let Some(map) = &self.map else {
            return Span::new(start, end);
        };
        let input_len = self.input.len();
        let s = map.get(start).copied().unwrap_or(input_len);
        let e = if end > start {
            map.get(end - 1).map_or(input_len, |&last_char| {
                let width = self
                    .input
                    .get(last_char..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8);
                last_char + width
            })
        } else {
            s
        };
        Span::new(s, e.max(s))
    }
}

// ---------------------------------------------------------------------------
// File parsing

fn line_of(contents: &str, offset: usize) -> usize {
    contents
        .get(..offset.min(contents.len()))
        .map_or(1, |s| s.bytes().filter(|&b| b == b'\n').count() + 1)
}

fn parse_file(path: &str, contents: &str) -> Result<Vec<Lexicon>, String> {
    let doc = DeTable::parse(contents).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(contents, s.start));
        format!("{path}:{line}: invalid TOML: {}", e.message().trim())
    })?;
    let root = doc.get_ref();
    let err = |offset: usize, msg: &str| format!("{path}:{}: {msg}", line_of(contents, offset));
    let mut tables: Vec<(&DeTable, usize)> = Vec::new();
    let mut has_name = false;
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
    if tables.is_empty() {
        return Err(format!(
            "{path}:1: no lexicon: expected `name = \"...\"` or [[lexicon]] tables"
        ));
    }
    tables
        .into_iter()
        .map(|(t, at)| parse_lexicon(path, contents, t, at))
        .collect()
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
    Ok(Lexicon {
        name,
        description,
        source: path.to_string(),
        terms,
        scanned,
        matcher: std::sync::OnceLock::new(),
    })
}

/// Options a term carries into form generation (kept in `attrs` under reserved keys).
const ATTR_FORMS: &str = "\u{0}forms";
const ATTR_INFLECT: &str = "\u{0}inflect";
const ATTR_CASE: &str = "\u{0}case_sensitive";

fn parse_term(
    item: &toml::Spanned<DeValue>,
    defaults: Defaults,
    err: &dyn Fn(usize, String) -> String,
) -> Result<Term, String> {
    let pos = item.span().start;
    let mut attrs = BTreeMap::new();
    attrs.insert(ATTR_INFLECT.to_string(), defaults.inflect.to_string());
    if let Some(cs) = defaults.case_sensitive {
        attrs.insert(ATTR_CASE.to_string(), cs.to_string());
    }
    match item.get_ref() {
        DeValue::String(s) => {
            let id = s.trim();
            if id.is_empty() {
                return Err(err(pos, "empty term".into()));
            }
            Ok(Term {
                id: id.to_string(),
                attrs,
                ignore: false,
            })
        }
        DeValue::Table(t) => {
            let mut id = None;
            let mut ignore = false;
            let mut forms: Vec<String> = Vec::new();
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
                            forms.push(s.to_string());
                        }
                    }
                    "ignore" | "inflect" | "case_sensitive" => {
                        let Some(b) = v.as_bool() else {
                            return Err(err(vpos, format!("`{k}` must be true or false")));
                        };
                        match k {
                            "ignore" => ignore = b,
                            "inflect" => {
                                attrs.insert(ATTR_INFLECT.to_string(), b.to_string());
                            }
                            _ => {
                                attrs.insert(ATTR_CASE.to_string(), b.to_string());
                            }
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
                        attrs.insert(other.to_string(), value);
                    }
                }
            }
            let Some(id) = id else {
                return Err(err(pos, "term table has no `id`".into()));
            };
            if !forms.is_empty() {
                attrs.insert(ATTR_FORMS.to_string(), forms.join("\u{1}"));
            }
            Ok(Term { id, attrs, ignore })
        }
        _ => Err(err(
            pos,
            "a term must be a string or a table with an `id`".into(),
        )),
    }
}

// ---------------------------------------------------------------------------
// Surface forms: inflections and spelling variants

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

/// (form, case_sensitive) pairs for a term.
fn term_forms(term: &Term) -> Vec<(String, bool)> {
    let inflect = term.attrs.get(ATTR_INFLECT).is_none_or(|v| v == "true");
    let explicit_case = term.attrs.get(ATTR_CASE).map(|v| v == "true");
    let mut surface: Vec<&str> = vec![term.id.as_str()];
    if let Some(forms) = term.attrs.get(ATTR_FORMS) {
        surface.extend(forms.split('\u{1}'));
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for s in surface {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let sensitive = explicit_case.unwrap_or_else(|| looks_like_acronym(&s));
        if sensitive {
            push_unique(&mut out, (s, true));
            continue;
        }
        let lower = s.to_lowercase();
        let variants = if inflect {
            inflect_phrase(&lower)
        } else {
            vec![lower]
        };
        for v in variants {
            for spelled in spelling_variants(&v) {
                push_unique(&mut out, (spelled, false));
            }
        }
    }
    out
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, item: T) {
    if !v.contains(&item) {
        v.push(item);
    }
}

/// Inflects the first and the last word of a phrase ("calls upon" → "call upon",
/// "called upon"; "armed force" → "armed forces").
fn inflect_phrase(phrase: &str) -> Vec<String> {
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
fn inflect_word(word: &str) -> Vec<String> {
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

/// British/American and -ize/-ise spellings of a lower-case form.
fn spelling_variants(form: &str) -> Vec<String> {
    const SWAPS: [(&str, &str); 8] = [
        ("defence", "defense"),
        ("offence", "offense"),
        ("programme", "program"),
        ("centre", "center"),
        ("labour", "labor"),
        ("behaviour", "behavior"),
        ("endeavour", "endeavor"),
        ("judgement", "judgment"),
    ];
    let mut out = vec![form.to_string()];
    for (a, b) in SWAPS {
        let snapshot = out.clone();
        for f in snapshot {
            if f.contains(a) {
                push_unique(&mut out, f.replace(a, b));
            } else if f.contains(b) && !f.contains(a) {
                // "program" is a prefix of "programme": only swap whole occurrences.
                if b == "program" && f.contains("programme") {
                    continue;
                }
                push_unique(&mut out, f.replace(b, a));
            }
        }
    }
    // UN style writes -ize; drafts from elsewhere write -ise.
    let snapshot = out.clone();
    for f in snapshot {
        if f.contains("iz") {
            let swapped = f
                .replace("ize", "ise")
                .replace("iza", "isa")
                .replace("izi", "isi");
            push_unique(&mut out, swapped);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(toml: &str) -> Lexicons {
        match Lexicons::from_files(&[("t.toml".to_string(), toml.to_string())]) {
            Ok(l) => l,
            Err(e) => panic!("lexicon should load: {e}"),
        }
    }

    #[test]
    fn inflections_and_spellings_match() {
        let l = lex("name = \"x\"\nterms = [\"train\", \"ministry of defence\", \"stabilization\", \"programme\"]\n");
        let x = l
            .get("x")
            .map(|x| x.find("Trained, training; ministries of defense; stabilisation programs"))
            .unwrap_or_default();
        let ids: Vec<&str> = x.iter().map(|(_, id)| *id).collect();
        assert_eq!(
            ids,
            vec![
                "train",
                "train",
                "ministry of defence",
                "stabilization",
                "programme"
            ]
        );
    }

    #[test]
    fn word_boundaries_and_acronyms() {
        let l = lex("name = \"x\"\nterms = [\"army\", \"FAMa\", \"MoD\"]\n");
        let Some(x) = l.get("x") else {
            panic!("lexicon x")
        };
        assert!(x.find("the armyworm").is_empty());
        assert_eq!(x.find("the FAMa and the MoD").len(), 2);
        assert!(x.find("fama and mod").is_empty());
        let hits = x.find("the\u{a0}army");
        assert_eq!(hits.first().map(|(s, _)| *s), Some(Span::new(5, 9)));
    }

    #[test]
    fn non_breaking_hyphens_match_plain_hyphens() {
        let l = lex("name = \"x\"\nterms = [\"ex-combatants\"]\n");
        let Some(x) = l.get("x") else {
            panic!("lexicon x")
        };
        let text = "integrate ex\u{2011}combatants now";
        let hits = x.find(text);
        let span = hits.first().map(|(s, _)| *s);
        assert_eq!(span.map(|s| s.slice(text)), Some("ex\u{2011}combatants"));
    }

    #[test]
    fn longest_match_and_ignore() {
        let l = lex("name = \"x\"\nterms = [\"military\"]\n[[term]]\nid = \"military observers\"\nignore = true\n");
        let Some(x) = l.get("x") else {
            panic!("lexicon x")
        };
        assert!(x.find("deploy military observers").is_empty());
        assert_eq!(x.find("reform the military").len(), 1);
    }

    #[test]
    fn attributes_and_multiword_forms() {
        let l =
            lex("name = \"v\"\n[[term]]\nid = \"calls upon\"\nforms = [\"calls on\"]\nforce = 3\n");
        let Some(v) = l.get("v") else {
            panic!("lexicon v")
        };
        let hits = v.find_terms("Calls on the parties");
        assert_eq!(hits.first().and_then(|(_, t)| t.attr_u8("force")), Some(3));
        assert_eq!(v.find("called upon").len(), 1);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Lexicons::from_files(&[(
            "a.toml".into(),
            "name = \"x\"\n\n[[term]]\nforce = 3\n".into(),
        )]);
        assert_eq!(e.err().as_deref(), Some("a.toml:3: term table has no `id`"));
        let e = Lexicons::from_files(&[("b.toml".into(), "name = \"x\"\nterms = [\n".into())]);
        assert!(
            e.err().is_some_and(|m| m.starts_with("b.toml:")),
            "syntax error names the file"
        );
        let e = Lexicons::from_files(&[("c.toml".into(), "name = \"x\"\nterms = [1]\n".into())]);
        assert_eq!(
            e.err().as_deref(),
            Some("c.toml:2: a term must be a string or a table with an `id`")
        );
    }

    #[test]
    fn later_files_override_by_name() {
        let files = [
            (
                "a.toml".to_string(),
                "name = \"x\"\nterms = [\"army\"]\n".to_string(),
            ),
            (
                "b.toml".to_string(),
                "name = \"x\"\nterms = [\"navy\"]\n".to_string(),
            ),
        ];
        let l = Lexicons::from_files(&files).unwrap_or_default();
        let Some(x) = l.get("x") else {
            panic!("lexicon x")
        };
        assert!(x.find("army").is_empty());
        assert_eq!(x.find("navy").len(), 1);
        assert_eq!(l.names().collect::<Vec<_>>(), vec!["x"]);
    }
}
