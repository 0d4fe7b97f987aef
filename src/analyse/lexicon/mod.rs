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
//! Reserved term keys: `id`, `forms`, `inflect`, `case_sensitive` (default: automatic,
//! true for acronyms such as FARDC, F-FDTL, FAMa, MoD), `ignore` (the term takes part in
//! longest-match selection but is not reported: "military observers" hides "military").
//! The spelling variants are data too (`spelling-variants.toml`, a `[spelling]` table).
//!
//! Modules: `load` walks the TOML, `forms` makes the surface forms (also compiled into
//! `build.rs`, which precomputes the forms of the embedded lexicons), `matcher` finds
//! them in text.

mod forms;
mod load;
mod matcher;
#[cfg(test)]
mod tests;
mod trie;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::span::Span;

pub use forms::{looks_like_acronym, Spelling};
use matcher::{select, Folded, Matcher, MatcherBuilder};

/// Forms of the embedded lexicons' surfaces, computed by `build.rs` with `forms.rs`,
/// and the trie over them, built by `build.rs` with `trie.rs`.
mod precomputed {
    include!(concat!(env!("OUT_DIR"), "/lexicon_forms.rs"));

    /// The text of precomputed form `index`. Only `debug term-forms`, a trie built at
    /// run time (a user's lexicon) and tests need the texts: they are read back from
    /// the trie once, rather than stored a second time in the binary.
    pub(super) fn form(index: u32) -> Option<&'static str> {
        static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        TEXTS
            .get_or_init(|| trie().keys(count()))
            .get(index as usize)
            .map(String::as_str)
    }

    /// The trie over every precomputed form (its key `i` is form `i`).
    pub(super) fn trie() -> super::trie::TrieTables<'static> {
        use std::borrow::Cow;
        super::trie::TrieTables {
            base: Cow::Borrowed(TRIE_BASE),
            check: Cow::Borrowed(TRIE_CHECK),
            key: super::trie::KeyTable::Narrow(TRIE_KEY),
        }
    }

    /// How many precomputed forms there are.
    pub(super) fn count() -> usize {
        FORM_COUNT
    }

    /// The combined matcher's tables for exactly the embedded lexicons
    /// (`Matcher::embedded`): owners of each precomputed form, and the trie of the
    /// case-sensitive forms with theirs.
    pub(super) struct EmbeddedMatcher {
        pub first_owner: &'static [u32],
        pub owners: &'static [(usize, usize)],
        pub sensitive_base: &'static [u32],
        pub sensitive_check: &'static [u32],
        pub sensitive_key: &'static [u32],
        pub sensitive_first_owner: &'static [u32],
        pub sensitive_owners: &'static [(usize, usize)],
    }

    include!(concat!(env!("OUT_DIR"), "/embedded_matcher.rs"));

    /// The embedded lexicon files, read by `build.rs` with `load.rs`.
    mod files {
        use super::{StaticFile, StaticLexicon, StaticTerm};
        include!(concat!(env!("OUT_DIR"), "/lexicon_files.rs"));
    }

    /// What an embedded lexicon file holds, as `load::parse_file` reads it.
    pub(super) struct StaticFile {
        lexicons: &'static [StaticLexicon],
        /// (swaps, one-way) of a `[spelling]` table.
        spelling: Option<StaticPairs>,
    }

    type StaticPairs = (
        &'static [(&'static str, &'static str)],
        &'static [(&'static str, &'static str)],
    );

    pub(super) struct StaticLexicon {
        name: &'static str,
        description: &'static str,
        scanned: bool,
        terms: &'static [StaticTerm],
    }

    pub(super) struct StaticTerm {
        id: &'static str,
        forms: &'static [&'static str],
        inflect: bool,
        case_sensitive: Option<bool>,
        ignore: bool,
        attrs: &'static [(&'static str, &'static str)],
    }

    /// The file as `build.rs` read it, when `contents` is an embedded lexicon file.
    pub(super) fn file(contents: &str) -> Option<&'static StaticFile> {
        let (rel, _) = crate::embedded::EMBEDDED_RULE_FILES
            .iter()
            .find(|(rel, embedded)| rel.starts_with("lexicons/") && *embedded == contents)?;
        files::FILES
            .iter()
            .find(|(path, _)| path == rel)
            .map(|(_, file)| file)
    }

    impl StaticFile {
        /// What `load::parse_file(path, …)` gives for this file.
        pub(super) fn contents(&self, path: &str) -> super::load::FileContents {
            let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
                list.iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect()
            };
            super::load::FileContents {
                lexicons: self
                    .lexicons
                    .iter()
                    .map(|lex| {
                        let terms = lex
                            .terms
                            .iter()
                            .map(|t| super::Term {
                                id: std::sync::Arc::from(t.id),
                                forms: t.forms.iter().map(|f| f.to_string()).collect(),
                                inflect: t.inflect,
                                case_sensitive: t.case_sensitive,
                                ignore: t.ignore,
                                attrs: t
                                    .attrs
                                    .iter()
                                    .map(|(k, v)| (k.to_string(), v.to_string()))
                                    .collect(),
                            })
                            .collect();
                        let mut lexicon = super::Lexicon::new(
                            lex.name.to_string(),
                            lex.description.to_string(),
                            path.to_string(),
                            terms,
                        );
                        lexicon.scanned = lex.scanned;
                        lexicon
                    })
                    .collect(),
                spelling: self.spelling.map(|(swaps, one_way)| super::Spelling {
                    swaps: pairs(swaps),
                    one_way: pairs(one_way),
                }),
            }
        }
    }
}

/// One entry of a lexicon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The canonical term ("calls upon"); shared, as every hit of the term carries it.
    pub id: Arc<str>,
    /// More surface forms ("calls on").
    pub forms: Vec<String>,
    /// Whether inflections (-s, -ed, -ing…) of the first and last word match too.
    pub inflect: bool,
    /// Case-sensitive matching; `None`: automatic (acronyms are).
    pub case_sensitive: Option<bool>,
    /// Matched only to hide shorter terms inside it; never reported.
    pub ignore: bool,
    /// Attributes given in the file (`force = "3"`, `slug = "armed-forces"`), as strings.
    pub attrs: BTreeMap<String, String>,
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

    /// The surfaces written in the file: the id, then the other forms.
    fn surfaces(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&*self.id).chain(self.forms.iter().map(String::as_str))
    }
}

/// One named term list.
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub name: String,
    /// The name again, shared with the clause hit groups that carry it
    /// (`ClauseHits`): a keystroke in the editor regroups every clause's hits.
    pub key: Arc<str>,
    pub description: String,
    /// The file it was loaded from.
    pub source: String,
    pub terms: Vec<Term>,
    /// Part of the clause scan (`Lexicons::scan`); `scan = false` lexicons (the parser's
    /// cues, `parse-cues.toml`) are only looked up by name, so their common words ("the",
    /// "of") cost nothing per clause.
    pub scanned: bool,
    /// This lexicon's own matcher, built on first use: only a few lexicons are ever
    /// searched on their own (the analysis scans with the combined one).
    matcher: OnceLock<Matcher>,
    /// The spelling variants in force, for that matcher (set when all files are read).
    spelling: Arc<SpellingInUse>,
}

/// The spelling table in force, and whether it is the embedded one (whose forms
/// `build.rs` precomputed), decided once.
#[derive(Debug, Default)]
struct SpellingInUse {
    table: Spelling,
    embedded: bool,
}

impl Lexicon {
    fn new(name: String, description: String, source: String, terms: Vec<Term>) -> Lexicon {
        Lexicon {
            key: Arc::from(name.as_str()),
            name,
            description,
            source,
            terms,
            scanned: true,
            matcher: OnceLock::new(),
            spelling: Arc::default(),
        }
    }

    fn matcher(&self) -> &Matcher {
        self.matcher.get_or_init(|| {
            let mut own = MatcherBuilder::default();
            for (ti, term) in self.terms.iter().enumerate() {
                each_form(term, &self.spelling, &mut |form| own.add(form, (0, ti)));
            }
            own.build()
        })
    }

    pub fn term(&self, index: usize) -> Option<&Term> {
        self.terms.get(index)
    }

    pub fn term_by_id(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| &*t.id == id)
    }

    /// Non-overlapping, leftmost-longest hits in `text`, with spans into `text` and the
    /// canonical term id.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(Span, &'a str)> {
        self.find_terms(text)
            .into_iter()
            .map(|(span, term)| (span, &*term.id))
            .collect()
    }

    /// Like `find`, with the whole term (attributes included).
    pub fn find_terms<'a>(&'a self, text: &str) -> Vec<(Span, &'a Term)> {
        let folded = Folded::new(text);
        let mut raw = Vec::new();
        self.matcher().raw_hits(&folded.text, &mut raw);
        // The lexicon's own matcher numbers itself 0.
        select(raw, std::slice::from_ref(self))
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

/// All lexicons, plus one matcher over every term of every lexicon so that a clause is
/// scanned once. The matchers are built on first use: listing or explaining rules
/// scans nothing.
#[derive(Clone, Debug, Default)]
pub struct Lexicons {
    list: Vec<Lexicon>,
    by_name: BTreeMap<String, usize>,
    spelling: Arc<SpellingInUse>,
    all: OnceLock<Matcher>,
    /// Read from exactly the embedded lexicon files, in their order: the combined
    /// matcher is then the one `build.rs` made (`Matcher::embedded`).
    exactly_embedded: bool,
    /// Distinct for every set of lexicons loaded in this process: scan results (which
    /// hold lexicon and term indices) are only valid for the set that made them.
    id: u64,
}

/// Hits of one scan: per lexicon index, (span in the scanned text, term index). The
/// indices are those of the `Lexicons` that scanned (`Lexicons::id`).
pub type ScanHits = Vec<(usize, Span, usize)>;

impl Lexicons {
    /// Builds lexicons from `(path, contents)` pairs; later files override earlier ones
    /// with the same name (and a later spelling table the earlier one). Errors name the
    /// file and line.
    pub fn from_files(files: &[(String, String)]) -> Result<Lexicons, String> {
        let mut parsed: Vec<Lexicon> = Vec::new();
        let mut spelling = Spelling::default();
        for (path, contents) in files {
            // The embedded files were read at build time, by the same code.
            let file = match precomputed::file(contents) {
                Some(file) => file.contents(path),
                None => load::parse_file(path, contents)?,
            };
            if let Some(s) = file.spelling {
                spelling = s;
            }
            for lex in file.lexicons {
                match parsed.iter_mut().find(|l| l.name == lex.name) {
                    Some(existing) => *existing = lex,
                    None => parsed.push(lex),
                }
            }
        }
        parsed.sort_by(|a, b| a.name.cmp(&b.name));
        let spelling = Arc::new(SpellingInUse {
            embedded: spelling_is_embedded(&spelling),
            table: spelling,
        });
        for lexicon in &mut parsed {
            lexicon.spelling = Arc::clone(&spelling);
        }
        let by_name = parsed
            .iter()
            .enumerate()
            .map(|(i, l)| (l.name.clone(), i))
            .collect();
        let exactly_embedded = files
            .iter()
            .map(|(_, contents)| contents.as_str())
            .eq(embedded_lexicon_contents());
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(Lexicons {
            list: parsed,
            by_name,
            spelling,
            all: OnceLock::new(),
            exactly_embedded,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
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

    /// Which set of lexicons this is (see `ScanHits`): equal only for clones.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The spelling variants in force.
    pub fn spelling(&self) -> &Spelling {
        &self.spelling.table
    }

    /// Every form a term is matched by, with whether it matches case-sensitively (what
    /// `mandate-lint debug term-forms` prints).
    pub fn term_forms(&self, term: &Term) -> Vec<(String, bool)> {
        term_forms(term, &self.spelling)
    }

    /// Builds the combined matcher now (a run about to scan many files in parallel
    /// builds it once, before the workers start, instead of one worker building it
    /// while the others wait).
    pub fn prepare(&self) {
        self.matcher();
    }

    fn matcher(&self) -> &Matcher {
        self.all.get_or_init(|| {
            self.exactly_embedded
                .then(Matcher::embedded)
                .flatten()
                .unwrap_or_else(|| self.build_matcher())
        })
    }

    /// The combined matcher over every scanned lexicon's forms, built now.
    fn build_matcher(&self) -> Matcher {
        let mut all = MatcherBuilder::default();
        for (li, lex) in self.list.iter().enumerate().filter(|(_, l)| l.scanned) {
            for (ti, term) in lex.terms.iter().enumerate() {
                each_form(term, &self.spelling, &mut |form| all.add(form, (li, ti)));
            }
        }
        all.build()
    }

    /// Every lexicon's hits in `text` in one pass: `(lexicon index, span in text, term
    /// index)`, per lexicon leftmost-longest and non-overlapping, sorted by lexicon then
    /// position.
    pub fn scan(&self, text: &str) -> ScanHits {
        let folded = Folded::new(text);
        let mut raw = Vec::new();
        self.matcher().raw_hits(&folded.text, &mut raw);
        select(raw, &self.list)
            .into_iter()
            .map(|h| (h.lexicon, folded.span_to_input(h.start, h.end), h.term))
            .collect()
    }
}

/// (form, case-sensitive) pairs for a term, each once, in order.
fn term_forms(term: &Term, spelling: &SpellingInUse) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    each_form(term, spelling, &mut |form| {
        let (text, sensitive) = form.text();
        forms::push_unique(&mut out, (text.into_owned(), sensitive));
    });
    out
}

/// One form of a term, as `each_form` gives it.
pub(super) enum Form<'a> {
    /// A form computed at build time, by its index (`precomputed::form`):
    /// case-insensitive, and a key of the precomputed trie.
    Precomputed(u32),
    /// Any other form, and whether it matches case-sensitively.
    Text(Cow<'a, str>, bool),
}

impl<'a> Form<'a> {
    /// The form's text and whether it matches case-sensitively.
    pub(super) fn text(self) -> (Cow<'a, str>, bool) {
        match self {
            Form::Precomputed(i) => (Cow::Borrowed(precomputed::form(i).unwrap_or("")), false),
            Form::Text(text, sensitive) => (text, sensitive),
        }
    }
}

/// Calls `emit` with every form of a term, repeats possible (the matcher deduplicates),
/// borrowing what it can: the precomputed forms of the embedded lexicons are static
/// (by index), and most surfaces are written already normalised.
fn each_form<'a>(term: &'a Term, spelling: &SpellingInUse, emit: &mut dyn FnMut(Form<'a>)) {
    let embedded = spelling.embedded;
    for surface in term.surfaces() {
        let (s, sensitive) = forms::matcher_surface(surface, term.case_sensitive);
        if sensitive {
            emit(Form::Text(s, true));
            continue;
        }
        let found = embedded
            .then(|| precomputed_forms(&s, term.inflect))
            .flatten();
        match found {
            Some(list) => list.iter().for_each(|&f| emit(Form::Precomputed(f))),
            None => forms::insensitive_forms(&s, term.inflect, &spelling.table)
                .into_iter()
                .for_each(|f| emit(Form::Text(Cow::Owned(f), false))),
        }
    }
}

/// The forms `build.rs` computed for an embedded surface.
fn precomputed_forms(surface: &str, inflect: bool) -> Option<&'static [u32]> {
    let key: Cow<'_, str> = if surface.chars().any(char::is_uppercase) {
        Cow::Owned(surface.to_lowercase())
    } else {
        Cow::Borrowed(surface)
    };
    let at = precomputed::FORMS
        .binary_search_by(|(s, i, _)| (*s, *i).cmp(&(key.as_ref(), inflect)))
        .ok()?;
    precomputed::FORMS.get(at).map(|(_, _, list)| *list)
}

fn spelling_is_embedded(spelling: &Spelling) -> bool {
    let same = |ours: &[(String, String)], theirs: &[(&str, &str)]| {
        ours.len() == theirs.len()
            && ours
                .iter()
                .zip(theirs)
                .all(|((a, b), (c, d))| a == c && b == d)
    };
    same(&spelling.swaps, precomputed::SWAPS) && same(&spelling.one_way, precomputed::ONE_WAY)
}

fn embedded_lexicon_files() -> Vec<(String, String)> {
    embedded_lexicons()
        .map(|(path, contents)| (format!("rules/{path}"), contents.to_string()))
        .collect()
}

/// The embedded lexicon files' contents, in the order `build.rs` read them.
fn embedded_lexicon_contents() -> impl Iterator<Item = &'static str> {
    embedded_lexicons().map(|(_, contents)| contents)
}

/// (path relative to rules/, contents) of every file under `rules/lexicons/`.
fn embedded_lexicons() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::embedded::EMBEDDED_RULE_FILES
        .iter()
        .filter(|(path, _)| path.starts_with("lexicons/"))
        .map(|&(path, contents)| (path, contents))
}
