//! Preludes: the opening of a draft that several rule examples share, written once in
//! `preludes/*.toml`. An example names one with `prelude = "…"`; its `text` follows
//! the prelude after a blank line. A prelude may itself start from another prelude.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::de::{DeTable, DeValue, Deserializer};
use toml::Spanned;

use super::site::{find_string, RuleError, Site};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreludeFile {
    #[serde(default)]
    prelude: Vec<PreludeSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreludeSpec {
    name: String,
    /// What the prelude holds, for authors choosing one.
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    /// The prelude this one continues.
    #[serde(default)]
    prelude: Option<String>,
    text: String,
}

/// Where a prelude was defined, for errors.
struct Defined {
    spec: PreludeSpec,
    shown: String,
    line: usize,
}

/// The preludes of every loaded rule directory, by name, with their chains resolved.
#[derive(Debug, Default)]
pub(crate) struct Preludes {
    texts: BTreeMap<String, String>,
}

/// The whole draft an example stands for: the prelude, a blank line, then the text (or
/// the prelude alone when the text is empty).
pub(crate) fn join(prelude: &str, text: &str) -> String {
    if text.trim().is_empty() {
        return prelude.to_string();
    }
    format!(
        "{}\n\n{}",
        prelude.trim_end(),
        text.trim_start_matches(['\n', '\r'])
    )
}

impl Preludes {
    /// Reads `(shown path, contents)` prelude files; a later definition of a name
    /// replaces an earlier one (a rule pack may override an embedded prelude).
    pub fn load(files: &[(String, String)]) -> Result<Preludes, RuleError> {
        let mut defined: BTreeMap<String, Defined> = BTreeMap::new();
        for (shown, contents) in files {
            let site = Site {
                shown,
                text: contents,
            };
            let root: Spanned<DeTable<'_>> =
                DeTable::parse(contents).map_err(|e| site.toml_error(&e))?;
            let as_value = Spanned::new(root.span(), DeValue::Table(root.get_ref().clone()));
            let file = PreludeFile::deserialize(Deserializer::from(root))
                .map_err(|e| site.toml_error(&e))?;
            for spec in file.prelude {
                let at = find_string(&as_value, &spec.name).map_or(0, |s| s.start);
                defined.insert(
                    spec.name.clone(),
                    Defined {
                        spec,
                        shown: shown.clone(),
                        line: site.line(at),
                    },
                );
            }
        }
        let mut texts = BTreeMap::new();
        for name in defined.keys() {
            let text = resolve(&defined, name, &mut BTreeSet::new())?;
            texts.insert(name.clone(), text);
        }
        Ok(Preludes { texts })
    }

    pub fn get(&self, name: &str) -> Result<&str, String> {
        self.texts.get(name).map(String::as_str).ok_or_else(|| {
            let known: Vec<&str> = self.texts.keys().map(String::as_str).collect();
            match crate::config::did_you_mean(name, &known) {
                Some(k) => format!("unknown prelude {name:?}; did you mean {k:?}?"),
                None if known.is_empty() => {
                    format!("unknown prelude {name:?}: no file in preludes/ defines one")
                }
                None => format!("unknown prelude {name:?} (known: {})", known.join(", ")),
            }
        })
    }

    /// The draft an example or previous mandate stands for; `None` when neither a
    /// prelude nor a text is given.
    pub fn compose(
        &self,
        prelude: Option<&str>,
        text: Option<&str>,
    ) -> Result<Option<String>, String> {
        Ok(match (prelude, text) {
            (None, None) => None,
            (None, Some(t)) => Some(t.to_string()),
            (Some(p), t) => Some(join(self.get(p)?, t.unwrap_or(""))),
        })
    }
}

fn resolve(
    defined: &BTreeMap<String, Defined>,
    name: &str,
    seen: &mut BTreeSet<String>,
) -> Result<String, RuleError> {
    let Some(d) = defined.get(name) else {
        return Err(RuleError {
            message: format!("unknown prelude {name:?}"),
        });
    };
    if !seen.insert(name.to_string()) {
        return Err(RuleError::at(
            &d.shown,
            Some(d.line),
            format!("prelude {name:?} starts from itself (a cycle of `prelude =`)"),
        ));
    }
    match &d.spec.prelude {
        None => Ok(d.spec.text.clone()),
        Some(parent) if defined.contains_key(parent) => {
            Ok(join(&resolve(defined, parent, seen)?, &d.spec.text))
        }
        Some(parent) => Err(RuleError::at(
            &d.shown,
            Some(d.line),
            format!("prelude {name:?} starts from unknown prelude {parent:?}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_follows_the_prelude_after_one_blank_line() {
        assert_eq!(join("A,\n\n1. B;\n", "2. C.\n"), "A,\n\n1. B;\n\n2. C.\n");
        assert_eq!(join("A,\n", "\n    (b) C;"), "A,\n\n    (b) C;");
        assert_eq!(join("A,\n", ""), "A,\n");
    }

    #[test]
    fn chains_resolve_and_cycles_are_errors() {
        let file = "[[prelude]]\nname = \"a\"\ntext = \"A,\"\n\n[[prelude]]\nname = \"b\"\nprelude = \"a\"\ntext = \"1. B.\"\n";
        let p = Preludes::load(&[("p.toml".into(), file.into())]).expect("loads");
        assert_eq!(p.get("b"), Ok("A,\n\n1. B."));
        assert!(p.get("c").is_err());
        let cycle = "[[prelude]]\nname = \"a\"\nprelude = \"a\"\ntext = \"x\"\n";
        let err = Preludes::load(&[("p.toml".into(), cycle.into())]).unwrap_err();
        assert!(err.message.starts_with("p.toml:2:"), "{}", err.message);
    }
}
