//! The check kinds, one file each (in the manner of Vale's checks): the parameters as
//! written under `[check]` (`Params`, serde, unknown keys rejected), `validate` (at
//! load: names resolved to typed predicates, patterns compiled, ranges checked,
//! errors naming the line) and `run` (one document, diagnostics out).
//!
//! This file is the registry. Every dispatch is an exhaustive `match`: a new kind is a
//! file, a variant in [`Kind`] and in [`Check`], and the compiler then asks for its
//! arm in `Kind::name`, `Check::load`, `Check::kind` and `Check::run`. Document it in
//! `docs/rule-authoring.md` and `editors/schemas/rule.schema.json`.

mod acronym_definition;
mod all_technical;
mod balanced_delimiters;
mod category_count;
mod citation_format;
mod clause_when_unless;
mod closing_clause;
mod cross_reference;
mod document_requires;
mod each_required;
mod new_language;
mod numbering;
mod opening;
mod parse_issues;
mod preamble_only;
mod punctuation;
mod renewed_unchanged;
mod term_present;

use std::ops::Range;

use super::ctx::Ctx;
use super::site::{CheckSource, RuleError};
use super::Rule;
use crate::diagnostic::Diagnostic;

/// A check kind, as named by `kind = "…"` under `[check]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    DocumentRequires,
    EachRequired,
    ClauseWhenUnless,
    PreambleOnly,
    CategoryCount,
    AllTechnical,
    RenewedUnchanged,
    TermPresent,
    Numbering,
    Opening,
    Punctuation,
    ClosingClause,
    CitationFormat,
    CrossReference,
    AcronymDefinition,
    BalancedDelimiters,
    ParseIssues,
    NewLanguage,
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Kind::DocumentRequires,
        Kind::EachRequired,
        Kind::ClauseWhenUnless,
        Kind::PreambleOnly,
        Kind::CategoryCount,
        Kind::AllTechnical,
        Kind::RenewedUnchanged,
        Kind::TermPresent,
        Kind::Numbering,
        Kind::Opening,
        Kind::Punctuation,
        Kind::ClosingClause,
        Kind::CitationFormat,
        Kind::CrossReference,
        Kind::AcronymDefinition,
        Kind::BalancedDelimiters,
        Kind::ParseIssues,
        Kind::NewLanguage,
    ];

    /// The name rule files use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::DocumentRequires => "document-requires",
            Kind::EachRequired => "each-required",
            Kind::ClauseWhenUnless => "clause-when-unless",
            Kind::PreambleOnly => "preamble-only",
            Kind::CategoryCount => "category-count",
            Kind::AllTechnical => "all-technical",
            Kind::RenewedUnchanged => "renewed-unchanged",
            Kind::TermPresent => "term-present",
            Kind::Numbering => "numbering",
            Kind::Opening => "opening",
            Kind::Punctuation => "punctuation",
            Kind::ClosingClause => "closing-clause",
            Kind::CitationFormat => "citation-format",
            Kind::CrossReference => "cross-reference",
            Kind::AcronymDefinition => "acronym-definition",
            Kind::BalancedDelimiters => "balanced-delimiters",
            Kind::ParseIssues => "parse-issues",
            Kind::NewLanguage => "new-language",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A validated check: its kind with typed parameters.
#[derive(Clone, Debug)]
pub enum Check {
    DocumentRequires(document_requires::DocumentRequires),
    EachRequired(each_required::EachRequired),
    ClauseWhenUnless(clause_when_unless::ClauseWhenUnless),
    PreambleOnly(preamble_only::PreambleOnly),
    CategoryCount(category_count::CategoryCount),
    AllTechnical(all_technical::AllTechnical),
    RenewedUnchanged(renewed_unchanged::RenewedUnchanged),
    TermPresent(term_present::TermPresent),
    Numbering(numbering::Numbering),
    Opening(opening::Opening),
    Punctuation(punctuation::Punctuation),
    ClosingClause(closing_clause::ClosingClause),
    CitationFormat(citation_format::CitationFormat),
    CrossReference(cross_reference::CrossReference),
    AcronymDefinition(acronym_definition::AcronymDefinition),
    BalancedDelimiters(balanced_delimiters::BalancedDelimiters),
    ParseIssues(parse_issues::ParseIssues),
    NewLanguage(new_language::NewLanguage),
}

impl Check {
    /// Parses and validates the parameters of a `[check]` of kind `kind`.
    pub(crate) fn load(kind: Kind, src: &CheckSource<'_, '_>) -> Result<Check, RuleError> {
        Ok(match kind {
            Kind::DocumentRequires => {
                Check::DocumentRequires(document_requires::validate(src.parse()?, src)?)
            }
            Kind::EachRequired => Check::EachRequired(each_required::validate(src.parse()?, src)?),
            Kind::ClauseWhenUnless => {
                Check::ClauseWhenUnless(clause_when_unless::validate(src.parse()?, src)?)
            }
            Kind::PreambleOnly => Check::PreambleOnly(preamble_only::validate(src.parse()?, src)?),
            Kind::CategoryCount => {
                Check::CategoryCount(category_count::validate(src.parse()?, src)?)
            }
            Kind::AllTechnical => Check::AllTechnical(all_technical::validate(src.parse()?, src)?),
            Kind::RenewedUnchanged => {
                Check::RenewedUnchanged(renewed_unchanged::validate(src.parse()?, src)?)
            }
            Kind::TermPresent => Check::TermPresent(term_present::validate(src.parse()?, src)?),
            Kind::Numbering => Check::Numbering(numbering::validate(src.parse()?, src)?),
            Kind::Opening => Check::Opening(opening::validate(src.parse()?, src)?),
            Kind::Punctuation => Check::Punctuation(punctuation::validate(src.parse()?, src)?),
            Kind::ClosingClause => {
                Check::ClosingClause(closing_clause::validate(src.parse()?, src)?)
            }
            Kind::CitationFormat => {
                Check::CitationFormat(citation_format::validate(src.parse()?, src)?)
            }
            Kind::CrossReference => {
                Check::CrossReference(cross_reference::validate(src.parse()?, src)?)
            }
            Kind::AcronymDefinition => {
                Check::AcronymDefinition(acronym_definition::validate(src.parse()?, src)?)
            }
            Kind::BalancedDelimiters => {
                Check::BalancedDelimiters(balanced_delimiters::validate(src.parse()?, src)?)
            }
            Kind::ParseIssues => Check::ParseIssues(parse_issues::validate(src.parse()?, src)?),
            Kind::NewLanguage => Check::NewLanguage(new_language::validate(src.parse()?, src)?),
        })
    }

    pub fn kind(&self) -> Kind {
        match self {
            Check::DocumentRequires(_) => Kind::DocumentRequires,
            Check::EachRequired(_) => Kind::EachRequired,
            Check::ClauseWhenUnless(_) => Kind::ClauseWhenUnless,
            Check::PreambleOnly(_) => Kind::PreambleOnly,
            Check::CategoryCount(_) => Kind::CategoryCount,
            Check::AllTechnical(_) => Kind::AllTechnical,
            Check::RenewedUnchanged(_) => Kind::RenewedUnchanged,
            Check::TermPresent(_) => Kind::TermPresent,
            Check::Numbering(_) => Kind::Numbering,
            Check::Opening(_) => Kind::Opening,
            Check::Punctuation(_) => Kind::Punctuation,
            Check::ClosingClause(_) => Kind::ClosingClause,
            Check::CitationFormat(_) => Kind::CitationFormat,
            Check::CrossReference(_) => Kind::CrossReference,
            Check::AcronymDefinition(_) => Kind::AcronymDefinition,
            Check::BalancedDelimiters(_) => Kind::BalancedDelimiters,
            Check::ParseIssues(_) => Kind::ParseIssues,
            Check::NewLanguage(_) => Kind::NewLanguage,
        }
    }

    /// Whether the check reads the precedent index (and is silent without one).
    pub fn needs_precedents(&self) -> bool {
        self.kind() == Kind::NewLanguage
    }

    /// The check, when what it finds in a top-level paragraph depends on that
    /// paragraph alone (its text, clauses and analyses; `rules::reuse` lists what else
    /// it may read), so that the language server keeps it while the paragraph is
    /// unchanged and judges one paragraph at a time (`ParagraphLocal::run_on`).
    pub(crate) fn paragraph_local(&self, rule: &Rule) -> Option<ParagraphLocal<'_>> {
        match self {
            Check::ClauseWhenUnless(c) => clause_when_unless::paragraph_local(c, rule)
                .then_some(ParagraphLocal::ClauseWhenUnless(c)),
            Check::Punctuation(c) => Some(ParagraphLocal::Punctuation(c)),
            Check::Opening(c) => Some(ParagraphLocal::Opening(c)),
            Check::Numbering(c) => Some(ParagraphLocal::Numbering(c)),
            Check::BalancedDelimiters(c) => Some(ParagraphLocal::BalancedDelimiters(c)),
            Check::TermPresent(c) => Some(ParagraphLocal::TermPresent(c)),
            Check::DocumentRequires(_)
            | Check::EachRequired(_)
            | Check::PreambleOnly(_)
            | Check::CategoryCount(_)
            | Check::AllTechnical(_)
            | Check::RenewedUnchanged(_)
            | Check::ClosingClause(_)
            | Check::CitationFormat(_)
            | Check::CrossReference(_)
            | Check::AcronymDefinition(_)
            | Check::ParseIssues(_)
            | Check::NewLanguage(_) => None,
        }
    }

    /// Runs the check on one document.
    pub(crate) fn run(&self, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
        match self {
            Check::DocumentRequires(c) => document_requires::run(c, cx, rule, out),
            Check::EachRequired(c) => each_required::run(c, cx, rule, out),
            Check::ClauseWhenUnless(c) => clause_when_unless::run(c, cx, rule, out),
            Check::PreambleOnly(c) => preamble_only::run(c, cx, rule, out),
            Check::CategoryCount(c) => category_count::run(c, cx, rule, out),
            Check::AllTechnical(c) => all_technical::run(c, cx, rule, out),
            Check::RenewedUnchanged(c) => renewed_unchanged::run(c, cx, rule, out),
            Check::TermPresent(c) => term_present::run(c, cx, rule, out),
            Check::Numbering(c) => numbering::run(c, cx, rule, out),
            Check::Opening(c) => opening::run(c, cx, rule, out),
            Check::Punctuation(c) => punctuation::run(c, cx, rule, out),
            Check::ClosingClause(c) => closing_clause::run(c, cx, rule, out),
            Check::CitationFormat(c) => citation_format::run(c, cx, rule, out),
            Check::CrossReference(c) => cross_reference::run(c, cx, rule, out),
            Check::AcronymDefinition(c) => acronym_definition::run(c, cx, rule, out),
            Check::BalancedDelimiters(c) => balanced_delimiters::run(c, cx, rule, out),
            Check::ParseIssues(c) => parse_issues::run(c, cx, rule, out),
            Check::NewLanguage(c) => new_language::run(c, cx, rule, out),
        }
    }
}

/// A check whose findings in a top-level paragraph depend on that paragraph alone
/// (`Check::paragraph_local`), besides those it finds across paragraphs
/// (`run_document`).
pub(crate) enum ParagraphLocal<'a> {
    ClauseWhenUnless(&'a clause_when_unless::ClauseWhenUnless),
    Punctuation(&'a punctuation::Punctuation),
    Opening(&'a opening::Opening),
    Numbering(&'a numbering::Numbering),
    BalancedDelimiters(&'a balanced_delimiters::BalancedDelimiters),
    TermPresent(&'a term_present::TermPresent),
}

impl ParagraphLocal<'_> {
    /// Runs the check on the clauses `only` (one paragraph's): the findings a run on
    /// the whole draft makes there, in the same order.
    pub(crate) fn run_on(
        &self,
        cx: &Ctx<'_>,
        rule: &Rule,
        only: Range<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        match self {
            ParagraphLocal::ClauseWhenUnless(c) => {
                clause_when_unless::run_on(c, cx, rule, only, out)
            }
            ParagraphLocal::Punctuation(c) => punctuation::run_on(c, cx, rule, only, out),
            ParagraphLocal::Opening(c) => opening::run_on(c, cx, rule, only, out),
            ParagraphLocal::Numbering(c) => numbering::run_on(c, cx, rule, only, out),
            ParagraphLocal::BalancedDelimiters(c) => {
                balanced_delimiters::run_on(c, cx, rule, only, out)
            }
            ParagraphLocal::TermPresent(c) => term_present::run_on(c, cx, rule, only, out),
        }
    }

    /// What the check finds across paragraphs, judged on every check before the
    /// paragraphs (the order of a run on the whole draft): the series of top-level
    /// paragraph numbers.
    pub(crate) fn run_document(&self, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
        match self {
            ParagraphLocal::Numbering(c) => numbering::run_document(c, cx, rule, out),
            ParagraphLocal::ClauseWhenUnless(_)
            | ParagraphLocal::Punctuation(_)
            | ParagraphLocal::Opening(_)
            | ParagraphLocal::BalancedDelimiters(_)
            | ParagraphLocal::TermPresent(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn kind_names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::from_name("document-wants"), None);
    }
}
