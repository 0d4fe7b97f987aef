//! Loading rule directories: every `*.toml` file is routed by where it sits
//! (`lexicons/`, `data/`, `preludes/`) or what it holds (a rule has rule keys), and
//! each rule file becomes a [`Rule`] with a validated [`Check`]. Every mistake is an
//! error naming the file and line.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue, Deserializer};
use toml::Spanned;

use super::kinds::{Check, Kind};
use super::predicate::Resolver;
use super::prelude::Preludes;
use super::site::{find_string, CheckSource, RuleError, Site};
use super::spec::{Example, RuleMeta, RULE_KEYS};
use super::{Rule, RuleData, RuleSet};
use crate::analyse::Lexicons;
use crate::diagnostic::Severity;

/// One file to load: shown path, path relative to its rules root, contents.
struct SourceFile {
    shown: String,
    rel: String,
    contents: String,
}

fn under(rel: &str, dir: &str) -> bool {
    rel.starts_with(&format!("{dir}/")) || rel.contains(&format!("/{dir}/"))
}

fn is_lexicon_file(rel: &str, contents: &str) -> bool {
    if under(rel, "lexicons") {
        return true;
    }
    let lines = || contents.lines().map(str::trim);
    let marked =
        lines().any(|l| l == "[lexicon]" || l == "[[lexicon]]" || l.starts_with("lexicon ="));
    // A bare lexicon file (`name`, `terms`/`[[term]]`) has no rule `code`.
    let bare = lines().any(|l| l == "[[term]]" || l.starts_with("terms ="))
        && !lines().any(|l| l.starts_with("code ="));
    marked || bare
}

/// A rule file has at least one key of the rule format (and must then be complete).
/// Other TOML files (the language server's clause bank, reference tables) are skipped.
fn is_rule_table(table: &DeTable<'_>) -> bool {
    RULE_KEYS.iter().any(|k| table.contains_key(*k))
}

fn collect_dir(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), RuleError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        RuleError::at(
            &dir.display().to_string(),
            None,
            format!("cannot read rule directory: {e}"),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let shown = path.display().to_string();
            let bytes = std::fs::read(&path)
                .map_err(|e| RuleError::at(&shown, None, format!("cannot read: {e}")))?;
            let contents = String::from_utf8(bytes)
                .map_err(|_| RuleError::at(&shown, None, "not valid UTF-8"))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(SourceFile {
                shown,
                rel,
                contents,
            });
        }
    }
    Ok(())
}

/// Loads embedded lexicons and rules, then those of `extra_dirs`.
pub fn load(extra_dirs: &[PathBuf]) -> Result<(Lexicons, RuleSet), RuleError> {
    let mut files: Vec<SourceFile> = crate::embedded::EMBEDDED_RULE_FILES
        .iter()
        .map(|(rel, contents)| SourceFile {
            shown: format!("rules/{rel}"),
            rel: (*rel).to_string(),
            contents: (*contents).to_string(),
        })
        .collect();
    for dir in extra_dirs {
        if !dir.is_dir() {
            return Err(RuleError::at(
                &dir.display().to_string(),
                None,
                "rule directory not found",
            ));
        }
        collect_dir(dir, dir, &mut files)?;
    }
    load_files(files)
}

/// Loads from `(path relative to a rules root, contents)` pairs, in order (later rules
/// override earlier ones with the same code). Only these files: nothing embedded.
pub fn load_from_files(files: &[(String, String)]) -> Result<(Lexicons, RuleSet), RuleError> {
    load_files(
        files
            .iter()
            .map(|(rel, contents)| SourceFile {
                shown: rel.clone(),
                rel: rel.clone(),
                contents: contents.clone(),
            })
            .collect(),
    )
}

fn load_files(files: Vec<SourceFile>) -> Result<(Lexicons, RuleSet), RuleError> {
    let mut lexicon_files = Vec::new();
    let mut data_files = Vec::new();
    let mut prelude_files = Vec::new();
    let mut rule_files = Vec::new();
    for f in files {
        if under(&f.rel, "data") {
            data_files.push(f);
        } else if under(&f.rel, "preludes") {
            prelude_files.push((f.shown, f.contents));
        } else if is_lexicon_file(&f.rel, &f.contents) {
            lexicon_files.push((f.rel, f.contents));
        } else {
            // Whether it is a rule file is known once it is parsed (below, once).
            rule_files.push(f);
        }
    }
    let lexicons = Lexicons::from_files(&lexicon_files).map_err(|message| RuleError { message })?;
    let mut data = RuleData {
        ssr_lexicon: lexicons.index_of(crate::analyse::names::SSR),
        ..RuleData::default()
    };
    for f in &data_files {
        load_data(f, &mut data)?;
    }
    let preludes = Preludes::load(&prelude_files)?;
    let resolver = Resolver::new(&lexicons);

    let mut rules: Vec<Rule> = Vec::new();
    for f in &rule_files {
        let site = Site {
            shown: &f.shown,
            text: &f.contents,
        };
        // A file that does not parse is taken for a rule, so that its syntax error is
        // reported.
        let root = DeTable::parse(&f.contents).map_err(|e| site.toml_error(&e))?;
        if !is_rule_table(root.get_ref()) {
            continue;
        }
        let rule = parse_rule(f, root, &resolver, &preludes)?;
        match rules.iter_mut().find(|r| r.code == rule.code) {
            Some(existing) => *existing = rule,
            None => rules.push(rule),
        }
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((lexicons, RuleSet::new(rules, data)))
}

fn load_data(f: &SourceFile, data: &mut RuleData) -> Result<(), RuleError> {
    let site = Site {
        shown: &f.shown,
        text: &f.contents,
    };
    let root = DeTable::parse(&f.contents).map_err(|e| site.toml_error(&e))?;
    let Some((key, years)) = root.get_ref().get_key_value("resolution-years") else {
        return Ok(());
    };
    let DeValue::Table(years) = years.get_ref() else {
        return Err(site.error(key.span().start, "[resolution-years] must be a table"));
    };
    for (year, range) in years {
        let at = year.span().start;
        let y: u32 = year
            .get_ref()
            .parse()
            .map_err(|_| site.error(at, format!("year {:?} is not a number", year.get_ref())))?;
        let number = |v: Option<&Spanned<DeValue<'_>>>| {
            v.and_then(|v| v.get_ref().as_integer())
                .and_then(|i| u32::from_str_radix(i.as_str(), i.radix()).ok())
        };
        let bounds = range.get_ref().as_array().and_then(|a| {
            let first = number(a.first())?;
            let last = number(a.get(1))?;
            (a.len() == 2 && first <= last).then_some((first, last))
        });
        let bounds = bounds.ok_or_else(|| {
            site.error(
                at,
                format!("year {y}: expected [first, last] resolution numbers"),
            )
        })?;
        data.resolution_years.insert(y, bounds);
    }
    Ok(())
}

fn parse_rule<'f>(
    f: &'f SourceFile,
    root: Spanned<DeTable<'f>>,
    resolver: &Resolver<'_>,
    preludes: &Preludes,
) -> Result<Rule, RuleError> {
    let site = Site {
        shown: &f.shown,
        text: &f.contents,
    };
    let span = root.span();
    let mut table = root.into_inner();
    if !table.contains_key("code") {
        return Err(site.error(
            0,
            "not a complete rule: `code` is missing (a rule file has code, name, severity, message, help, rationale, source and [check])",
        ));
    }
    let Some((check_key, check)) = table.remove_entry("check") else {
        return Err(site.error(
            0,
            "no [check]: a rule names its check kind under [check] (kind = \"document-requires\", …)",
        ));
    };
    let examples_value = table.get("examples").cloned();
    let meta = RuleMeta::deserialize(Deserializer::from(Spanned::new(span, table)))
        .map_err(|e| site.toml_error(&e))?;
    let check = load_check(site, check_key.span().start, check, resolver)?;

    let severity = Severity::parse(&meta.severity).ok_or_else(|| {
        site.error(
            offset_of(&f.contents, &meta.severity),
            format!(
                "unknown severity {:?} (expected error, warning or info)",
                meta.severity
            ),
        )
    })?;
    let valid_code = meta.code.len() >= 2
        && meta
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_code {
        return Err(site.error(
            offset_of(&f.contents, &meta.code),
            format!(
                "rule code {:?} must be letters, digits, '-' or '_'",
                meta.code
            ),
        ));
    }
    let mut examples = Vec::new();
    for ex in meta.examples {
        let at = |name: &str| {
            examples_value
                .as_ref()
                .and_then(|v| find_string(v, name))
                .map_or(0, |s| s.start)
        };
        let located =
            |name: Option<&String>, message: String| site.error(name.map_or(0, |n| at(n)), message);
        let text = preludes
            .compose(ex.prelude.as_deref(), ex.text.as_deref())
            .map_err(|m| located(ex.prelude.as_ref(), m))?
            .ok_or_else(|| {
                located(
                    None,
                    "an example needs a `text`, a `prelude` or both".into(),
                )
            })?;
        let previous = preludes
            .compose(ex.previous_prelude.as_deref(), ex.previous.as_deref())
            .map_err(|m| located(ex.previous_prelude.as_ref(), m))?;
        examples.push(Example {
            kind: ex.kind,
            text,
            previous,
        });
    }
    let dsr_code = meta.code.to_ascii_uppercase().starts_with("DSR");
    let requires_dsr = meta.requires_dsr.unwrap_or(dsr_code);
    let requires_mandate = meta.requires_mandate.unwrap_or(dsr_code);
    Ok(Rule {
        code: meta.code.into(),
        name: meta.name.into(),
        severity,
        message: meta.message,
        help: meta.help,
        rationale: meta.rationale,
        source: meta.source,
        requires_dsr,
        requires_mandate,
        enabled: meta.enabled.unwrap_or(true),
        anchor: meta.anchor,
        check,
        suggestion: meta.suggestion,
        examples,
        origin: f.shown.clone(),
    })
}

/// Reads `kind` from a `[check]` table and validates the rest as that kind's parameters.
fn load_check(
    site: Site<'_>,
    at: usize,
    check: Spanned<DeValue<'_>>,
    resolver: &Resolver<'_>,
) -> Result<Check, RuleError> {
    let span = check.span();
    let DeValue::Table(mut params) = check.into_inner() else {
        return Err(site.error(at, "`check` must be a table: [check] with kind = \"…\""));
    };
    let known = || {
        Kind::ALL
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(kind_value) = params.remove("kind") else {
        return Err(site.error(at, format!("[check] has no `kind` (one of: {})", known())));
    };
    let Some(name) = kind_value.get_ref().as_str() else {
        return Err(site.error(kind_value.span().start, "`kind` must be a string"));
    };
    let Some(kind) = Kind::from_name(name) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        let hint = match crate::config::did_you_mean(name, &names) {
            Some(k) => format!("did you mean {k:?}?"),
            None => format!("known kinds: {}", known()),
        };
        return Err(site.error(
            kind_value.span().start,
            format!("unknown check kind {name:?}; {hint}"),
        ));
    };
    let params = Spanned::new(span, DeValue::Table(params));
    Check::load(
        kind,
        &CheckSource {
            site,
            params: &params,
            at,
            resolver,
        },
    )
}

/// Offset of the first occurrence of `"value"` (a quoted value), for errors about a
/// value serde accepted but the loader does not.
fn offset_of(contents: &str, value: &str) -> usize {
    let quoted = format!("\"{value}\"");
    contents
        .find(&quoted)
        .or_else(|| contents.find(value))
        .unwrap_or(0)
}
