//! The engine: lexicons and rules loaded once, then per document the whole pipeline,
//! parse → analyse → rules → post-processing, ending in the final diagnostics every
//! front end shows. Post-processing is here and nowhere else: in-text suppressions,
//! the configuration's select/ignore and severities, sorting, fingerprints and the
//! baseline, so that the command line and the editor cannot disagree.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::analyse::{self, Analysis, Lexicons};
use crate::baseline::BaselineIndex;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{Document, SourceFormat};
use crate::parse::{self, ParseCues};
use crate::precedent::PrecedentIndex;
use crate::report::fingerprint;
use crate::rules::{self, RuleError, RuleSet};
use crate::span::TextEdit;
use crate::suppress;
use crate::unchanged::Unchanged;

/// A document after the whole pipeline.
#[derive(Clone, Debug)]
pub struct Checked {
    pub doc: Arc<Document>,
    pub analysis: Arc<Analysis>,
    /// The final findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// One per diagnostic, same order (`report::fingerprint`): computed with the
    /// baseline filter when there is one, else on first use (the editor never asks,
    /// and they cost a tenth of a keystroke's check).
    fingerprints: OnceLock<Vec<String>>,
}

impl Checked {
    /// A check's result whose fingerprints are computed when first asked for.
    pub fn new(doc: Document, analysis: Analysis, diagnostics: Vec<Diagnostic>) -> Checked {
        Checked {
            doc: Arc::new(doc),
            analysis: Arc::new(analysis),
            diagnostics,
            fingerprints: OnceLock::new(),
        }
    }

    /// One fingerprint per diagnostic, same order.
    pub fn fingerprints(&self) -> &[String] {
        self.fingerprints
            .get_or_init(|| fingerprint::fingerprints(&self.doc, &self.diagnostics))
    }

    /// The fingerprints, moved out (computed first if need be).
    pub fn take_fingerprints(&mut self) -> Vec<String> {
        self.fingerprints();
        self.fingerprints.take().unwrap_or_default()
    }
}

/// Findings recorded in a baseline, for one file.
#[derive(Clone, Copy, Debug)]
pub struct BaselineFilter<'a> {
    pub index: &'a BaselineIndex,
    /// The file's path as the baseline records it (as given on the command line).
    pub path: &'a str,
}

/// The resolved configuration for one check: everything beyond the draft itself.
/// The default reports every rule that is on by default, at its default severity,
/// with in-text suppressions applied, no previous mandate and no precedent index.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions<'a> {
    /// The mandate this draft renews (for DSR003 renewed-unchanged).
    pub previous: Option<&'a Checked>,
    /// The governing `mandate-lint.toml` (command-line `--select`/`--ignore` merged
    /// in): which codes are reported and at what severity, and which rules that are
    /// off by default (PRE001) its `select` turns on.
    pub config: Option<&'a Config>,
    /// The precedent index (`--precedents`, `precedents` in the config): PRE001
    /// new-language, and the agreed language offered beside DSR suggestions. Without
    /// one, both are simply absent.
    pub precedents: Option<&'a PrecedentIndex>,
    /// Findings already recorded are dropped.
    pub baseline: Option<BaselineFilter<'a>>,
}

impl<'a> CheckOptions<'a> {
    pub fn with_previous(previous: Option<&'a Checked>) -> Self {
        CheckOptions {
            previous,
            ..CheckOptions::default()
        }
    }
}

/// The results of one document's last check, kept for its next check (the language
/// server keeps one per open draft): its text, so the next check knows what the edit
/// changed (`TextEdit`); each line's class and label, and each clause's analysis text,
/// under the source it was folded from (`parse::NormCache`, `src/parse/reuse.rs`); the
/// acronym definitions, by the "(" that close them, each clause's lexicon scan, under
/// its text, its addressee and its DSR tasks, under everything they depend on
/// (`analyse::ClauseCache`, `src/analyse/reuse.rs`); the last check's document and
/// analysis (shared with its result) and what the paragraph-local rules found in each
/// top-level paragraph (`rules::RuleCache`, `src/rules/reuse.rs`). A line or a clause
/// an edit did not touch, and whose lead-in, mission and defined acronyms did not
/// change, is neither classified, folded, scanned nor coded again, wherever the edit
/// moved it, and a paragraph whose clauses and analyses are unchanged is not judged
/// again by those rules; the rest of the pipeline runs on the whole document as usual,
/// so the result is the same as a full check (`tests/lsp_incremental.rs`,
/// `tests/incremental_oracle.rs`).
#[derive(Debug, Default)]
pub struct ScanCache {
    clauses: analyse::ClauseCache,
    norms: parse::NormCache,
    /// The last check (its text is what the next one compares its own with,
    /// `TextEdit`, so that what was read only outside the edit is kept) and its rule
    /// findings per paragraph.
    rules: rules::RuleCache,
}

impl ScanCache {
    /// The rule findings and lists kept from the last check (tests look inside).
    #[cfg(test)]
    pub(crate) fn rule_cache(&self) -> &rules::RuleCache {
        &self.rules
    }

    /// How many clause scans are kept.
    pub fn len(&self) -> usize {
        self.clauses.scans_kept()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (clauses scanned, clauses whose scan was reused) in the last check.
    pub fn last_check(&self) -> (usize, usize) {
        self.clauses.last_scans()
    }

    /// (clauses whose tasks were found, clauses whose tasks were reused) in the last
    /// check.
    pub fn last_tasks(&self) -> (usize, usize) {
        self.clauses.last_tasks()
    }

    /// Clause analyses kept whole in the last check (their paragraph unchanged:
    /// `analyse::analyse_reusing`).
    pub fn last_analyses_kept(&self) -> usize {
        self.clauses.last_kept()
    }

    /// (paragraphs judged, paragraphs whose findings were kept) by the rules whose
    /// findings in a paragraph depend on it alone, in the last check (`RuleCache`).
    pub fn last_rules(&self) -> (usize, usize) {
        self.rules.last_counts()
    }

    /// (clause texts folded, clause texts reused) in the last check's parse.
    pub fn last_parse(&self) -> (usize, usize) {
        self.norms.last_parse()
    }

    /// How the last check's parse walked the draft: the lines it placed, where it
    /// resumed the walk before and where it rejoined it.
    pub fn last_walk(&self) -> parse::WalkStats {
        self.norms.last_walk()
    }
}

/// Lexicons and rules, loaded once and shared by every check.
#[derive(Debug)]
pub struct Engine {
    pub lexicons: Lexicons,
    pub rules: RuleSet,
    /// The parser's structural cues, from the lexicons (a rules directory may
    /// override them).
    pub cues: ParseCues,
}

impl Engine {
    /// The embedded rules and lexicons, plus those in `extra_dirs` (which add rules and
    /// lexicons, or override embedded ones with the same code or name).
    pub fn load(extra_dirs: &[PathBuf]) -> Result<Engine, RuleError> {
        let (lexicons, rules) = rules::load(extra_dirs)?;
        let cues = ParseCues::from_lexicons(&lexicons);
        Ok(Engine {
            lexicons,
            rules,
            cues,
        })
    }

    /// The embedded rules and lexicons only.
    pub fn embedded() -> Result<Engine, RuleError> {
        Engine::load(&[])
    }

    pub fn parse(&self, text: String, format: SourceFormat) -> Document {
        parse::parse_with_cues(text, format, None, &self.cues)
    }

    /// Parses what an input reader produced, with the clause structure the source
    /// states when it states one (Akoma Ntoso).
    pub fn parse_source(&self, source: &crate::input::Source) -> Document {
        parse::parse_source_with(source, &self.cues)
    }

    pub fn analyse(&self, doc: &Document) -> Analysis {
        analyse::analyse(doc, &self.lexicons)
    }

    /// The whole pipeline: parse, analyse, run every rule, then post-process with the
    /// resolved configuration.
    pub fn check(&self, text: String, format: SourceFormat, opts: &CheckOptions<'_>) -> Checked {
        self.check_document(self.parse(text, format), opts)
    }

    /// `check` for what an input reader produced: Akoma Ntoso keeps the clause tree its
    /// markup states.
    pub fn check_source(&self, source: &crate::input::Source, opts: &CheckOptions<'_>) -> Checked {
        self.check_document(self.parse_source(source), opts)
    }

    /// `check` reusing, and then updating, the clause results of the document's
    /// previous check (`ScanCache`). Same result as `check`.
    pub fn check_incremental(
        &self,
        text: String,
        format: SourceFormat,
        opts: &CheckOptions<'_>,
        cache: &mut ScanCache,
    ) -> Checked {
        let edit = TextEdit::between(cache.rules.last_text().unwrap_or(""), &text);
        let last = cache.rules.last_check();
        let doc = parse::parse_reusing(
            text,
            format,
            (&self.cues, self.lexicons.id()),
            &mut cache.norms,
            edit,
            last.map(|(d, _, _)| d),
        );
        // Which paragraphs are the last check's, moved: they keep their analyses and,
        // where the rules allow, their findings.
        let mut unchanged = Unchanged::of(
            &doc,
            last.map(|(d, p, _)| (d, p)),
            edit,
            cache.norms.last_walk(),
        );
        let analysis = analyse::analyse_reusing(
            &doc,
            &self.lexicons,
            &mut cache.clauses,
            edit,
            (last.map(|(_, _, a)| a), &mut unchanged),
        );
        let (doc, analysis) = (Arc::new(doc), Arc::new(analysis));
        let raw = self
            .rules
            .run_reusing(&doc, &analysis, opts, &mut cache.rules, edit, unchanged);
        self.checked(doc, analysis, raw, opts)
    }

    fn check_document(&self, doc: Document, opts: &CheckOptions<'_>) -> Checked {
        let analysis = self.analyse(&doc);
        self.finish_document(doc, analysis, opts)
    }

    fn finish_document(
        &self,
        doc: Document,
        analysis: Analysis,
        opts: &CheckOptions<'_>,
    ) -> Checked {
        let raw = self.rules.run(&doc, &analysis, opts);
        self.checked(Arc::new(doc), Arc::new(analysis), raw, opts)
    }

    /// The result of a check from the rules' raw findings (`finish`).
    fn checked(
        &self,
        doc: Arc<Document>,
        analysis: Arc<Analysis>,
        raw: Vec<Diagnostic>,
        opts: &CheckOptions<'_>,
    ) -> Checked {
        let (diagnostics, fingerprints) = finish(&doc, raw, opts);
        Checked {
            doc,
            analysis,
            diagnostics,
            fingerprints: fingerprints.map(OnceLock::from).unwrap_or_default(),
        }
    }
}

/// Suppressions (whose own findings join the rest), then select/ignore and severity
/// overrides, then the items of one rule joined into one finding, then position order
/// and the baseline. The fingerprints come back only when the baseline needed them:
/// they are counted over every finding, before the baseline drops some.
fn finish(
    doc: &Document,
    mut diagnostics: Vec<Diagnostic>,
    opts: &CheckOptions<'_>,
) -> (Vec<Diagnostic>, Option<Vec<String>>) {
    let extra = suppress::apply(&doc.text, &mut diagnostics, doc);
    diagnostics.extend(extra);
    if let Some(config) = opts.config {
        config.apply(&mut diagnostics);
    }
    crate::diagnostic::merge_items(&mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
    });
    let Some(b) = opts.baseline else {
        return (diagnostics, None);
    };
    let fingerprints = fingerprint::fingerprints(doc, &diagnostics);
    let (kept, fingerprints) = diagnostics
        .into_iter()
        .zip(fingerprints)
        .filter(|(d, fp)| !b.index.contains(b.path, &d.code, fp))
        .unzip();
    (kept, Some(fingerprints))
}
