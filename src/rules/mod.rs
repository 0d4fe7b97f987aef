//! The rule engine: rule files (`rules/**/*.toml`) → diagnostics.
//!
//! Rules are data: each file names a check kind and its parameters (lexicons,
//! predicates, scopes, thresholds), so a rule pack (say, protection of civilians) needs
//! no Rust. At load (`load.rs`) every name is resolved into a typed predicate
//! (`predicate.rs`) and every `[check]` into the typed form of its kind (`kinds/`, one
//! file per kind, dispatched by exhaustive matches); any mistake is an error naming
//! the file and line. At run time a rule is its metadata plus a `Check` run over the
//! document with a `Ctx` (`ctx.rs`: scopes, spans, diagnostics; `fix.rs`: quick fixes).
//!
//! Rule-author reference: `docs/rule-authoring.md`.

mod carry;
mod ctx;
mod fix;
pub mod kinds;
mod load;
pub mod predicate;
mod prelude;
mod reuse;
mod site;
pub mod spec;

use std::collections::BTreeMap;

use rayon::prelude::*;

use std::sync::Arc;

use crate::analyse::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Document, SmolStr};
use crate::span::TextEdit;
use crate::unchanged::Unchanged;
use crate::CheckOptions;

pub use kinds::{Check, Kind};
pub use load::{load, load_from_files};
pub use reuse::RuleCache;
pub use site::RuleError;
pub use spec::{Example, ExampleKind, SuggestionSpec};

/// One loaded rule: its public metadata and its check.
#[derive(Clone, Debug)]
pub struct Rule {
    pub code: SmolStr,
    /// Shared with each finding (names may pass 23 bytes, the length kept inline).
    pub name: SmolStr,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub rationale: String,
    pub source: String,
    /// The rule speaks only when the draft has at least one DSR task.
    pub requires_dsr: bool,
    /// The rule speaks only when the draft sets or changes a UN mandate.
    pub requires_mandate: bool,
    /// On by default; a rule that is off (`enabled = false` in its file: PRE001) runs
    /// only when `select` names it.
    pub enabled: bool,
    /// Where a document-level finding of the rule is anchored.
    pub anchor: spec::Anchor,
    pub check: Check,
    pub suggestion: Option<SuggestionSpec>,
    /// Examples with their preludes applied.
    pub examples: Vec<Example>,
    /// The file the rule came from ("rules/dsr/dsr006-no-civilian-oversight.toml").
    pub origin: String,
}

impl Rule {
    /// The check kind as written in the rule file ("document-requires").
    pub fn check_kind(&self) -> &'static str {
        self.check.kind().name()
    }
}

/// Tables the structural checks consult (from `rules/data/`).
#[derive(Clone, Debug, Default)]
pub struct RuleData {
    /// Year → (first, last) resolution number adopted that year.
    pub resolution_years: BTreeMap<u32, (u32, u32)>,
    /// The index of the SSR lexicon (`names::SSR`) among those loaded with the rules:
    /// the SSR scope asks it of every operative clause, and a lookup by name is a
    /// search of the clause's hits.
    pub ssr_lexicon: Option<usize>,
}

/// From this many bytes of text (about five pages) the rules of one draft run in
/// parallel: below it the thread hand-offs cost more than they save, and a one-page
/// check stays on one thread.
const PARALLEL_RULES_FROM: usize = 16 * 1024;

#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    data: RuleData,
    /// Which rule set this is (a `RuleCache` keeps findings of one): equal only for
    /// clones.
    id: u64,
}

impl RuleSet {
    fn new(rules: Vec<Rule>, data: RuleData) -> RuleSet {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        RuleSet {
            rules,
            data,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Rules in code order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn get(&self, code: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code))
    }

    pub fn data(&self) -> &RuleData {
        &self.data
    }

    /// Runs the rules that are on over an analysed document, in rule order. `opts`
    /// gives the mandate the draft renews and the precedent index, when known, and the
    /// configuration whose `select` turns on rules that are off by default.
    pub fn run(
        &self,
        doc: &Document,
        analysis: &Analysis,
        opts: &CheckOptions<'_>,
    ) -> Vec<Diagnostic> {
        self.run_in(doc, analysis, opts, in_parallel(doc))
    }

    /// `run`, the rules one after the other or in parallel.
    fn run_in(
        &self,
        doc: &Document,
        analysis: &Analysis,
        opts: &CheckOptions<'_>,
        parallel: bool,
    ) -> Vec<Diagnostic> {
        let cx = ctx::Ctx::new(doc, analysis, opts.previous, opts.precedents, &self.data);
        let rules = vec![(); self.rules.len()];
        let per_rule = self.each_rule(parallel, rules, |(rule, ())| {
            let mut out = Vec::new();
            if speaks(rule, &cx, opts) {
                rule.check.run(&cx, rule, &mut out);
            }
            out
        });
        per_rule.into_iter().flatten().collect()
    }

    /// `per_rule` of each rule with its item of `with`, in rule order: one after the
    /// other, or, `parallel`, on the cores (the rules are independent given the
    /// analysis; each rule's findings stay together, in rule order, as a run one after
    /// the other gives them).
    fn each_rule<K: Send, T: Send>(
        &self,
        parallel: bool,
        with: Vec<K>,
        per_rule: impl Fn((&Rule, K)) -> T + Sync + Send,
    ) -> Vec<T> {
        if parallel {
            self.rules.par_iter().zip(with).map(per_rule).collect()
        } else {
            self.rules.iter().zip(with).map(per_rule).collect()
        }
    }

    /// `run` for the next check of a document whose last check `cache` kept (the
    /// language server's): what a paragraph-local check found in a paragraph that is
    /// unchanged since (`reuse`) is kept, moved with it, and only the other paragraphs
    /// are judged; every other rule runs as in `run`. The same findings as `run`, in
    /// the same order (`tests/incremental_oracle.rs`). `edit` is where the text
    /// differs from the last check's (`RuleCache::last_text`).
    pub(crate) fn run_reusing(
        &self,
        doc: &Arc<Document>,
        analysis: &Arc<Analysis>,
        opts: &CheckOptions<'_>,
        cache: &mut RuleCache,
        edit: TextEdit,
        unchanged: Unchanged,
    ) -> Vec<Diagnostic> {
        let reuse::Reuse {
            now,
            same_as,
            kept,
            carried,
        } = cache.begin(self.id, (doc, analysis), edit, self.rules.len(), unchanged);
        let paragraphs = &now.paragraphs;
        let parallel = in_parallel(doc) && many_cores();
        // Without a last check, the lists are worked out paragraph by paragraph for the
        // next.
        let (last, from) =
            carried.unwrap_or_else(|| (carry::Worked::default(), vec![None; paragraphs.len()]));
        let carry = Some(carry::Carry {
            last,
            paragraphs,
            same_as: same_as.clone(),
            from,
        });
        let cx = ctx::Ctx::carrying(
            doc,
            analysis,
            (opts.previous, opts.precedents),
            &self.data,
            carry,
        );
        // The paragraphs the edit changed, and where each of the last check's paragraphs
        // is now when it is unchanged.
        let changed: Vec<usize> = (0..paragraphs.len())
            .filter(|&p| same_as.get(p).copied().flatten().is_none())
            .collect();
        let mut now_of_last: Vec<Option<usize>> = Vec::new();
        for (p, old) in same_as.iter().enumerate() {
            if let Some(old) = *old {
                if now_of_last.len() <= old {
                    now_of_last.resize(old + 1, None);
                }
                if let Some(slot) = now_of_last.get_mut(old) {
                    *slot = Some(p);
                }
            }
        }
        // Per rule: its findings, what it keeps per paragraph, and how many paragraphs
        // it judged and kept.
        let one = |(rule, kept): (&Rule, Option<reuse::Kept>)| {
            let mut out = Vec::new();
            let mut counts = (0, 0);
            if !speaks(rule, &cx, opts) {
                return (out, None, counts);
            }
            let Some(local) = rule.check.paragraph_local(rule) else {
                rule.check.run(&cx, rule, &mut out);
                return (out, None, counts);
            };
            local.run_document(&cx, rule, &mut out);
            // Judged: the paragraphs the edit changed and those whose findings reached
            // outside them; every paragraph when the rule kept nothing last time.
            let (kept, judged) = match kept {
                Some(kept) => {
                    let mut judged = changed.clone();
                    let outside = kept.outside.iter();
                    judged
                        .extend(outside.filter_map(|&old| now_of_last.get(old).copied().flatten()));
                    judged.sort_unstable();
                    judged.dedup();
                    (kept, judged)
                }
                None => (reuse::Kept::default(), (0..paragraphs.len()).collect()),
            };
            // The findings of the unchanged paragraphs, where those are now.
            let mut unchanged = kept
                .found
                .into_iter()
                .filter_map(|(old, found)| {
                    let p = now_of_last.get(old).copied().flatten()?;
                    judged.binary_search(&p).is_err().then_some((p, found))
                })
                .peekable();
            let mut now = reuse::Kept::default();
            let keep = |(p, found): (usize, Vec<Diagnostic>),
                        out: &mut Vec<Diagnostic>,
                        now: &mut reuse::Kept| {
                if let Some(para) = paragraphs.get(p) {
                    out.extend(found.iter().map(|d| reuse::placed(d, para)));
                }
                now.found.push((p, found));
            };
            for &p in &judged {
                while let Some(kept) = unchanged.next_if(|(q, _)| *q < p) {
                    keep(kept, &mut out, &mut now);
                }
                let Some(para) = paragraphs.get(p) else {
                    continue;
                };
                let from = out.len();
                local.run_on(&cx, rule, para.clauses.clone(), &mut out);
                match reuse::relative(out.get(from..).unwrap_or(&[]), para) {
                    Some(found) if found.is_empty() => {}
                    Some(found) => now.found.push((p, found)),
                    None => now.outside.push(p),
                }
            }
            for kept in unchanged {
                keep(kept, &mut out, &mut now);
            }
            counts = (judged.len(), paragraphs.len().saturating_sub(judged.len()));
            (out, Some(now), counts)
        };
        let per_rule: Vec<RuleRun> = self.each_rule(parallel, kept, one);
        let mut out = Vec::with_capacity(per_rule.iter().map(|run| run.0.len()).sum());
        let mut kept_now = Vec::with_capacity(per_rule.len());
        let mut counts = (0, 0);
        for (found, kept, (judged, reused)) in per_rule {
            out.extend(found);
            kept_now.push(kept);
            counts = (counts.0 + judged, counts.1 + reused);
        }
        let worked = cx.into_worked();
        cache.end(
            Arc::clone(doc),
            Arc::clone(analysis),
            now,
            kept_now,
            (counts, worked),
        );
        out
    }
}

/// Whether the rules of one draft run in parallel (`PARALLEL_RULES_FROM`).
fn in_parallel(doc: &Document) -> bool {
    doc.text.len() >= PARALLEL_RULES_FROM
}

/// Whether the machine has more than two cores: the language server's checks run their
/// rules in parallel only then. A keystroke's rules are a few hundred microseconds of
/// work (the edited paragraph judged, the others' findings carried), and on two cores the
/// pool's workers woken for them cost more than they saved, as after the rules they keep
/// looking for work (6% of the server's samples) on the core that the rest of the
/// keystroke, and the editor reading the publication, need. Measured in 64 alternating
/// rounds on two cores: 60 KB p50 0.596 → 0.551 ms, 250 KB 1.274 → 1.209 ms. The first
/// check runs on the same side (a first check's rules on the pool left the regex caches
/// with the pool's threads, and every keystroke after made its own: 0.87 M instructions
/// a keystroke on S/RES/2045 against 0.78 M).
fn many_cores() -> bool {
    static MANY: std::sync::LazyLock<bool> = std::sync::LazyLock::new(|| {
        std::thread::available_parallelism().is_ok_and(|n| n.get() > 2)
    });
    *MANY
}

/// One rule's run in `run_reusing`: its findings, what it keeps per paragraph (when
/// paragraph-local), and how many paragraphs it judged and kept.
type RuleRun = (Vec<Diagnostic>, Option<reuse::Kept>, (usize, usize));

/// Whether a rule speaks on a draft: it is on, and the draft has the DSR tasks or sets
/// the mandate the rule requires.
fn speaks(rule: &Rule, cx: &ctx::Ctx<'_>, opts: &CheckOptions<'_>) -> bool {
    is_on(rule, opts)
        && (!rule.requires_dsr || !cx.dsr_tasks().is_empty())
        && (!rule.requires_mandate || cx.analysis.sets_mandate)
}

/// Whether a rule runs: on by default, or off by default and turned on by `select`.
pub fn is_on(rule: &Rule, opts: &CheckOptions<'_>) -> bool {
    rule.enabled || opts.config.is_some_and(|c| c.turns_on(&rule.code))
}

#[cfg(test)]
mod tests {
    use crate::model::SourceFormat;
    use crate::{CheckOptions, Engine};

    /// A long draft (above `PARALLEL_RULES_FROM`) whose findings come from many rules,
    /// several per rule: the fixture of the README with its DSR tasks, preambular
    /// paragraphs and slips repeated.
    fn long_draft() -> String {
        let base = include_str!("../../fixtures/mission-renewal-gaps.txt");
        let (head, operative) = base.split_once("1. Decides").unwrap_or((base, ""));
        let mut text = head.to_string();
        for i in 0..160 {
            text.push_str(&format!(
                "Recalling its resolution 2151 (2013) and the report of the UNDPX of {i} March,\n\n\
                 Welcoming the “progress made in the reform (of the armed forces,\n\n"
            ));
        }
        text.push_str("1. Decides");
        text.push_str(operative);
        text
    }

    #[test]
    fn rules_in_parallel_find_what_they_find_in_sequence() {
        let engine = Engine::embedded().expect("embedded rules");
        let text = long_draft();
        assert!(
            text.len() >= super::PARALLEL_RULES_FROM,
            "{} bytes",
            text.len()
        );
        let doc = engine.parse(text, SourceFormat::Text);
        let analysis = engine.analyse(&doc);
        let opts = CheckOptions::default();
        let sequential = engine.rules.run_in(&doc, &analysis, &opts, false);
        let parallel = engine.rules.run_in(&doc, &analysis, &opts, true);
        let codes: std::collections::BTreeSet<&str> =
            sequential.iter().map(|d| d.code.as_str()).collect();
        assert!(
            codes.len() >= 8 && sequential.len() >= 100,
            "{codes:?}, {}",
            sequential.len()
        );
        assert_eq!(parallel, sequential);
    }
}
