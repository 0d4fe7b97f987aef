//! Build-time work, so that a run does not repeat it:
//! - embeds every file under `rules/` (rule files and lexicons), so the tool runs with
//!   nothing beside it (user rule directories are read at run time);
//! - computes the surface forms (inflections, spelling variants) of every term of the
//!   embedded lexicons with the very code the library uses
//!   (`src/analyse/lexicon/forms.rs`), so that loading them is a table look-up. A
//!   user's lexicon or spelling table still gets its forms at run time.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/analyse/lexicon/forms.rs"]
#[allow(dead_code)]
mod forms;

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

fn pairs(value: Option<&toml::Value>) -> Vec<(String, String)> {
    value
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            let pair = pair.as_array()?;
            let from = pair.first()?.as_str()?.to_lowercase();
            let to = pair.get(1)?.as_str()?.to_lowercase();
            Some((from, to))
        })
        .collect()
}

/// Every (surface, inflect) pair the embedded lexicons write. Files the library would
/// reject are skipped here: the library reports them at run time.
fn surfaces(table: &toml::Table, out: &mut Vec<(String, bool)>) {
    let inflect = table
        .get("inflect")
        .and_then(toml::Value::as_bool)
        .unwrap_or(true);
    for key in ["terms", "term"] {
        for item in table
            .get(key)
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            match item {
                toml::Value::String(s) => out.push((s.trim().to_string(), inflect)),
                toml::Value::Table(t) => {
                    let term_inflect = t
                        .get("inflect")
                        .and_then(toml::Value::as_bool)
                        .unwrap_or(inflect);
                    let written = t.get("id").into_iter().chain(
                        t.get("forms")
                            .and_then(toml::Value::as_array)
                            .into_iter()
                            .flatten(),
                    );
                    for s in written.filter_map(toml::Value::as_str) {
                        out.push((s.trim().to_string(), term_inflect));
                    }
                }
                _ => {}
            }
        }
    }
    for lexicon in table
        .get("lexicon")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
    {
        surfaces(lexicon, out);
    }
}

fn lexicon_forms(lexicon_files: &[PathBuf]) -> String {
    let mut spelling = forms::Spelling::default();
    let mut written = Vec::new();
    for path in lexicon_files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(table) = text.parse::<toml::Table>() else {
            continue;
        };
        if let Some(s) = table.get("spelling").and_then(toml::Value::as_table) {
            spelling.swaps = pairs(s.get("swaps"));
            spelling.one_way = pairs(s.get("one-way"));
        }
        surfaces(&table, &mut written);
    }
    let mut table: BTreeMap<(String, bool), Vec<String>> = BTreeMap::new();
    for (surface, inflect) in written {
        let surface = forms::normalise_space(&surface);
        let key = (surface.to_lowercase(), inflect);
        table
            .entry(key)
            .or_insert_with(|| forms::insensitive_forms(&surface, inflect, &spelling));
    }
    let mut code = String::from(
        "/// (lower-cased surface, inflect) → case-insensitive forms, sorted by key.\npub static FORMS: &[(&str, bool, &[&str])] = &[\n",
    );
    for ((surface, inflect), list) in &table {
        writeln!(code, "    ({surface:?}, {inflect}, &{list:?}),").expect("write to string");
    }
    code.push_str("];\n/// The spelling table those forms were made with.\npub static SWAPS: &[(&str, &str)] = &");
    writeln!(code, "{:?};", spelling.swaps).expect("write to string");
    code.push_str("pub static ONE_WAY: &[(&str, &str)] = &");
    writeln!(code, "{:?};", spelling.one_way).expect("write to string");
    code
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/analyse/lexicon/forms.rs");
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
    std::fs::write(
        out_dir.join("lexicon_forms.rs"),
        lexicon_forms(&lexicon_files),
    )
    .expect("write lexicon_forms.rs");
}
