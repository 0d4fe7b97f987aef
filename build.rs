//! Build-time work, so that a run does not repeat it:
//! - embeds every file under `rules/` (rule files and lexicons), so the tool runs with
//!   nothing beside it (user rule directories are read at run time);
//! - computes the surface forms (inflections, spelling variants) of every term of the
//!   embedded lexicons with the very code the library uses
//!   (`src/analyse/lexicon/forms.rs`), so that loading them is a table look-up. A
//!   user's lexicon or spelling table still gets its forms at run time;
//! - builds the byte trie over those forms (`src/analyse/lexicon/trie.rs`, the same
//!   code), so a run over the embedded lexicons builds none: it only attaches each
//!   form's (lexicon, term) owners;
//! - reads the embedded lexicon files with the library's own reader
//!   (`src/analyse/lexicon/load.rs`) into static tables, so a run parses no lexicon
//!   TOML unless a user's rules directory brings some.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/analyse/lexicon/forms.rs"]
#[allow(dead_code)]
mod forms;
#[path = "src/analyse/lexicon/trie.rs"]
#[allow(dead_code)]
mod trie;

/// The library's lexicon reader (`load.rs`), with the few types it fills in, so that
/// the embedded lexicon files are parsed here, once, by the same code.
#[path = "src/analyse/lexicon/load.rs"]
#[allow(dead_code)]
mod load;

#[allow(dead_code)]
struct Term {
    id: String,
    forms: Vec<String>,
    inflect: bool,
    case_sensitive: Option<bool>,
    ignore: bool,
    attrs: BTreeMap<String, String>,
}

#[allow(dead_code)]
struct Lexicon {
    name: String,
    description: String,
    source: String,
    terms: Vec<Term>,
    scanned: bool,
}

impl Lexicon {
    fn new(name: String, description: String, source: String, terms: Vec<Term>) -> Lexicon {
        Lexicon {
            name,
            description,
            source,
            terms,
            scanned: true,
        }
    }
}

/// An embedded lexicon file as the library's reader reads it: (path relative to
/// rules/, what it holds), or `None` when the reader rejects it (the library reports
/// it at run time).
type LexiconFile = Option<(String, load::FileContents)>;

fn read_lexicon_files(rules: &Path, lexicon_files: &[PathBuf]) -> Vec<LexiconFile> {
    lexicon_files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let rel = path
                .strip_prefix(rules)
                .expect("under rules/")
                .to_string_lossy()
                .replace('\\', "/");
            let file = load::parse_file(&rel, &text).ok()?;
            Some((rel, file))
        })
        .collect()
}

/// The embedded lexicon files as the library's reader reads them, as static data
/// (`lexicon::precomputed::FILES`): a run does not parse their TOML. A file the reader
/// rejects is left out, and reported at run time.
fn parsed_lexicons(files: &[LexiconFile]) -> String {
    let mut code = String::from(
        "/// (path relative to rules/, what the file holds) of every embedded lexicon file.\npub static FILES: &[(&str, StaticFile)] = &[\n",
    );
    for (rel, file) in files.iter().flatten() {
        write!(code, "    ({rel:?}, StaticFile {{ lexicons: &[").expect("write to string");
        for lex in &file.lexicons {
            write!(
                code,
                "StaticLexicon {{ name: {:?}, description: {:?}, scanned: {}, terms: &[",
                lex.name, lex.description, lex.scanned
            )
            .expect("write to string");
            for t in &lex.terms {
                let attrs: Vec<(&str, &str)> = t
                    .attrs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                write!(
                    code,
                    "StaticTerm {{ id: {:?}, forms: &{:?}, inflect: {}, case_sensitive: {:?}, ignore: {}, attrs: &{:?} }}, ",
                    t.id, t.forms, t.inflect, t.case_sensitive, t.ignore, attrs
                )
                .expect("write to string");
            }
            code.push_str("] }, ");
        }
        code.push_str("], spelling: ");
        match &file.spelling {
            Some(sp) => writeln!(code, "Some((&{:?}, &{:?})) }}),", sp.swaps, sp.one_way),
            None => writeln!(code, "None }}),"),
        }
        .expect("write to string");
    }
    code.push_str("];\n");
    code
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// (lower-cased surface, inflect) → the indices of its case-insensitive forms.
type SurfaceForms = BTreeMap<(String, bool), Vec<u32>>;

/// The forms of every surface the embedded lexicons write (the id and forms of each
/// term), with the spelling table in force (the last file's), and the trie over them.
fn lexicon_forms(files: &[LexiconFile]) -> (String, SurfaceForms, usize) {
    let mut spelling = forms::Spelling::default();
    let mut written: Vec<(&str, bool)> = Vec::new();
    for (_, file) in files.iter().flatten() {
        if let Some(s) = &file.spelling {
            spelling = s.clone();
        }
        for term in file.lexicons.iter().flat_map(|lex| &lex.terms) {
            let surfaces = std::iter::once(&term.id).chain(&term.forms);
            written.extend(surfaces.map(|s| (s.as_str(), term.inflect)));
        }
    }
    let mut table: BTreeMap<(String, bool), Vec<String>> = BTreeMap::new();
    for (surface, inflect) in written {
        let surface = forms::normalise_space(surface);
        let key = (surface.to_lowercase(), inflect);
        table
            .entry(key)
            .or_insert_with(|| forms::insensitive_forms(&surface, inflect, &spelling));
    }
    // Every distinct form once, in byte order: the keys of the trie, which the
    // surfaces refer to by index. The matcher folds ASCII case of insensitive forms;
    // these are lower-cased already.
    let keys: std::collections::BTreeSet<String> = table
        .values()
        .flatten()
        .map(|f| f.to_ascii_lowercase())
        .collect();
    let keys: Vec<String> = keys.into_iter().collect();
    let index = |f: &str| {
        keys.binary_search_by(|k| k.as_str().cmp(&f.to_ascii_lowercase()))
            .expect("every form is a key") as u32
    };
    let mut code = String::from(
        "/// (lower-cased surface, inflect) → its case-insensitive forms (form indices: keys of the trie), sorted by key.\npub static FORMS: &[(&str, bool, &[u32])] = &[\n",
    );
    let mut surface_forms = SurfaceForms::new();
    for ((surface, inflect), list) in &table {
        let ids: Vec<u32> = list.iter().map(|f| index(f)).collect();
        writeln!(code, "    ({surface:?}, {inflect}, &{ids:?}),").expect("write to string");
        surface_forms.insert((surface.clone(), *inflect), ids);
    }
    writeln!(
        code,
        "];\n/// How many distinct forms (keys of the trie, in byte order) there are; their text is\n/// the trie's (`precomputed::form`).\npub static FORM_COUNT: usize = {};",
        keys.len()
    )
    .expect("write to string");
    let tables = trie::TrieTables::build(keys.iter().map(|k| k.as_bytes()));
    let narrow_keys: Vec<u16> = (0..tables.base.len())
        .map(|node| match tables.key_at(node as u32) {
            Some(k) => u16::try_from(k)
                .ok()
                .filter(|&k| k != trie::NO_NARROW_KEY)
                .expect("fewer than 65,535 precomputed forms: widen TRIE_KEY"),
            None => trie::NO_NARROW_KEY,
        })
        .collect();
    writeln!(
        code,
        "/// The trie over those forms (`trie.rs`); its keys are the form indices.\npub static TRIE_BASE: &[u32] = &{:?};\npub static TRIE_CHECK: &[u32] = &{:?};\npub static TRIE_KEY: &[u16] = &{:?};",
        tables.base, tables.check, narrow_keys
    )
    .expect("write to string");
    code.push_str(
        "/// The spelling table those forms were made with.\npub static SWAPS: &[(&str, &str)] = &",
    );
    writeln!(code, "{:?};", spelling.swaps).expect("write to string");
    code.push_str("pub static ONE_WAY: &[(&str, &str)] = &");
    writeln!(code, "{:?};", spelling.one_way).expect("write to string");
    (code, surface_forms, keys.len())
}

/// The combined matcher of exactly the embedded lexicons, as `Lexicons::matcher` would
/// build it at run time (its test compares the two): every scanned term's forms with
/// their (lexicon, term) owners. The lexicons are read, overridden by name and sorted
/// as `Lexicons::from_files` does; each surface is taken as `each_form` takes it
/// (`forms::matcher_surface`). `None` when a surface has no precomputed forms or a
/// file does not load: the library then builds the matcher at run time.
fn embedded_matcher(
    files: &[LexiconFile],
    surface_forms: &SurfaceForms,
    form_count: usize,
) -> String {
    let none = String::from("pub static EMBEDDED_MATCHER: Option<EmbeddedMatcher> = None;\n");
    let mut parsed: Vec<&Lexicon> = Vec::new();
    for file in files {
        let Some((_, file)) = file else {
            return none;
        };
        for lex in &file.lexicons {
            match parsed.iter_mut().find(|l| l.name == lex.name) {
                Some(existing) => *existing = lex,
                None => parsed.push(lex),
            }
        }
    }
    parsed.sort_by(|a, b| a.name.cmp(&b.name));
    let mut insensitive: Vec<std::collections::BTreeSet<(usize, usize)>> =
        vec![Default::default(); form_count];
    let mut sensitive: BTreeMap<String, std::collections::BTreeSet<(usize, usize)>> =
        BTreeMap::new();
    for (li, lex) in parsed.iter().enumerate().filter(|(_, l)| l.scanned) {
        for (ti, term) in lex.terms.iter().enumerate() {
            let surfaces =
                std::iter::once(term.id.as_str()).chain(term.forms.iter().map(String::as_str));
            for surface in surfaces {
                let (s, is_sensitive) = forms::matcher_surface(surface, term.case_sensitive);
                if is_sensitive {
                    sensitive
                        .entry(s.into_owned())
                        .or_default()
                        .insert((li, ti));
                    continue;
                }
                let Some(list) = surface_forms.get(&(s.to_lowercase(), term.inflect)) else {
                    return none;
                };
                for &f in list {
                    insensitive[f as usize].insert((li, ti));
                }
            }
        }
    }
    let owner_table =
        |groups: &mut dyn Iterator<Item = &std::collections::BTreeSet<(usize, usize)>>| {
            let mut first_owner = vec![0u32];
            let mut owners: Vec<(usize, usize)> = Vec::new();
            for group in groups {
                owners.extend(group.iter().copied());
                first_owner.push(owners.len() as u32);
            }
            (first_owner, owners)
        };
    let (first_owner, owners) = owner_table(&mut insensitive.iter());
    let (sensitive_first_owner, sensitive_owners) = owner_table(&mut sensitive.values());
    let tables = trie::TrieTables::build(sensitive.keys().map(String::as_bytes));
    let keys: Vec<u32> = (0..tables.base.len())
        .map(|node| tables.key_at(node as u32).unwrap_or(trie::NO_KEY))
        .collect();
    format!(
        "pub static EMBEDDED_MATCHER: Option<EmbeddedMatcher> = Some(EmbeddedMatcher {{\n    \
         first_owner: &{first_owner:?},\n    owners: &{owners:?},\n    \
         sensitive_base: &{:?},\n    sensitive_check: &{:?},\n    \
         sensitive_key: &{keys:?},\n    sensitive_first_owner: &{sensitive_first_owner:?},\n    \
         sensitive_owners: &{sensitive_owners:?},\n}});\n",
        tables.base, tables.check
    )
}

/// Relative relocations packed into DT_RELR (`-z pack-relative-relocs`): the static
/// lexicon and rule tables hold some 40,000 pointers, each a 24-byte relocation that
/// the loader applies at every start. Packed, the binary is about 1 MB smaller and
/// starts about 0.5 ms sooner (bench/README.md, "Third pass"). Only for a Linux glibc
/// build on the machine that runs it, with glibc 2.36 or later: an older glibc refuses
/// a DT_RELR binary, and a linker without the option ignores it with a warning.
fn pack_relative_relocations() {
    let target_is = |key: &str, value: &str| std::env::var(key).is_ok_and(|v| v == value);
    let native = std::env::var("HOST").ok() == std::env::var("TARGET").ok();
    if !native
        || !target_is("CARGO_CFG_TARGET_OS", "linux")
        || !target_is("CARGO_CFG_TARGET_ENV", "gnu")
    {
        return;
    }
    let glibc = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| {
            let mut parts = v.trim().strip_prefix("glibc ")?.split('.');
            let mut number = || parts.next()?.parse::<u32>().ok();
            Some((number()?, number()?))
        });
    if glibc.is_some_and(|v| v >= (2, 36)) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

fn main() {
    pack_relative_relocations();
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/analyse/lexicon/forms.rs");
    println!("cargo:rerun-if-changed=src/analyse/lexicon/trie.rs");
    println!("cargo:rerun-if-changed=src/analyse/lexicon/load.rs");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    let mut code = String::from("/// (path relative to rules/, contents)\npub static EMBEDDED_RULE_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&rules)
            .expect("under rules/")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded_rules.rs"), code).expect("write embedded_rules.rs");

    let lexicon_files: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.starts_with(rules.join("lexicons")))
        .cloned()
        .collect();
    let lexicon_contents = read_lexicon_files(&rules, &lexicon_files);
    let (forms_code, surface_forms, form_count) = lexicon_forms(&lexicon_contents);
    std::fs::write(out_dir.join("lexicon_forms.rs"), forms_code).expect("write lexicon_forms.rs");
    std::fs::write(
        out_dir.join("embedded_matcher.rs"),
        embedded_matcher(&lexicon_contents, &surface_forms, form_count),
    )
    .expect("write embedded_matcher.rs");
    std::fs::write(
        out_dir.join("lexicon_files.rs"),
        parsed_lexicons(&lexicon_contents),
    )
    .expect("write lexicon_files.rs");
}
