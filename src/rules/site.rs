//! Where things are in a rule file, so that every load error names the file and line:
//! `RuleError`, the spanned TOML helpers, and `CheckSource`, what a check kind's
//! `validate` reads its parameters from.

use std::fmt;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeValue, ValueDeserializer};
use toml::Spanned;

use super::predicate::{Coded, LexiconRef, Predicate, Resolver};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuleError {}

impl RuleError {
    pub(crate) fn at(path: &str, line: Option<usize>, message: impl fmt::Display) -> RuleError {
        let message = match line {
            Some(line) => format!("{path}:{line}: {message}"),
            None => format!("{path}: {message}"),
        };
        RuleError { message }
    }
}

/// A file being loaded: the name shown in errors and its text.
#[derive(Clone, Copy)]
pub(crate) struct Site<'a> {
    pub shown: &'a str,
    pub text: &'a str,
}

impl Site<'_> {
    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.text
            .get(..offset.min(self.text.len()))
            .map_or(1, |s| s.matches('\n').count() + 1)
    }

    pub fn error(&self, offset: usize, message: impl fmt::Display) -> RuleError {
        RuleError::at(self.shown, Some(self.line(offset)), message)
    }

    /// A TOML or serde error, at the line its span points to (line 1 without one).
    pub fn toml_error(&self, e: &toml::de::Error) -> RuleError {
        let offset = e.span().map_or(0, |s| s.start);
        self.error(offset, e.message().trim())
    }
}

/// The span of the first string equal to `needle` inside `value`, depth first.
pub(crate) fn find_string(value: &Spanned<DeValue<'_>>, needle: &str) -> Option<Range<usize>> {
    match value.get_ref() {
        DeValue::String(s) if s.as_ref() == needle => Some(value.span()),
        DeValue::Array(items) => items.iter().find_map(|v| find_string(v, needle)),
        DeValue::Table(t) => t.values().find_map(|v| find_string(v, needle)),
        _ => None,
    }
}

/// The span of the first key named `key` inside `value`, depth first.
pub(crate) fn find_key(value: &Spanned<DeValue<'_>>, key: &str) -> Option<Range<usize>> {
    match value.get_ref() {
        DeValue::Table(t) => t.iter().find_map(|(k, v)| {
            if k.get_ref().as_ref() == key {
                Some(k.span())
            } else {
                find_key(v, key)
            }
        }),
        DeValue::Array(items) => items.iter().find_map(|v| find_key(v, key)),
        _ => None,
    }
}

/// A `[check]` table being validated: its parameters (without `kind`), where it is, and
/// the resolver for predicate and lexicon names. Every error it makes names the line.
pub(crate) struct CheckSource<'a, 'i> {
    pub site: Site<'a>,
    /// The table without its `kind` key.
    pub params: &'a Spanned<DeValue<'i>>,
    /// Where `[check]` (or `kind`) is, for errors about the table as a whole.
    pub at: usize,
    pub resolver: &'a Resolver<'a>,
}

impl CheckSource<'_, '_> {
    /// The kind's parameters, as its `Params` type declares them.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, RuleError> {
        T::deserialize(ValueDeserializer::from(self.params.clone())).map_err(|e| {
            let offset = e.span().map_or(self.at, |s| s.start);
            // A missing parameter has no span of its own: point at the table.
            let offset = if e.message().starts_with("missing field") {
                self.at
            } else {
                offset
            };
            self.site.error(offset, e.message().trim())
        })
    }

    /// An error at the line of parameter `key` (or of the table).
    pub fn error(&self, key: &str, message: impl fmt::Display) -> RuleError {
        let offset = find_key(self.params, key).map_or(self.at, |s| s.start);
        self.site.error(offset, message)
    }

    fn error_at_value(&self, value: &str, message: impl fmt::Display) -> RuleError {
        let offset = find_string(self.params, value).map_or(self.at, |s| s.start);
        self.site.error(offset, message)
    }

    pub fn predicate(&self, name: &str) -> Result<Predicate, RuleError> {
        self.resolver
            .predicate(name)
            .map_err(|m| self.error_at_value(name, m))
    }

    pub fn predicates(&self, names: &[String]) -> Result<Vec<Predicate>, RuleError> {
        names.iter().map(|n| self.predicate(n)).collect()
    }

    pub fn lexicons(&self, names: &[String]) -> Result<Vec<LexiconRef>, RuleError> {
        names
            .iter()
            .map(|n| {
                self.resolver
                    .lexicon(n)
                    .map_err(|m| self.error_at_value(n, m))
            })
            .collect()
    }

    pub fn coded(&self, coded: Coded) -> Predicate {
        self.resolver.coded(coded)
    }

    /// A list parameter that must name at least one thing.
    pub fn non_empty<T>(&self, key: &str, list: &[T]) -> Result<(), RuleError> {
        if list.is_empty() {
            Err(self.error(key, format!("`{key}` must name at least one lexicon")))
        } else {
            Ok(())
        }
    }
}
