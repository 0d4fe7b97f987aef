//! `category-count`: fewer than `min` DCAF categories across the DSR tasks, their
//! lead-ins and sub-items; the finding lists those covered and those missing.

use serde::Deserialize;
use smol_str::format_smolstr;

use crate::analyse::{Category, CodeSet};
use crate::diagnostic::Diagnostic;
use crate::rules::ctx::{render, within, Ctx};
use crate::rules::predicate::{Coded, Predicate};
use crate::rules::site::{CheckSource, RuleError};
use crate::rules::spec::Scope;
use crate::rules::Rule;

fn four() -> usize {
    4
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "four")]
    min: usize,
}

#[derive(Clone, Debug)]
pub struct CategoryCount {
    min: usize,
    categories: Vec<(Category, Predicate)>,
    /// The categories counted.
    counted: CodeSet<Category>,
    /// Each category's predicate is its coding (on a DSR task, the coding alone:
    /// `Predicate::holds`), so a DSR task's categories are taken at once.
    by_coding: bool,
}

pub fn validate(p: Params, src: &CheckSource<'_, '_>) -> Result<CategoryCount, RuleError> {
    if p.min == 0 || p.min > Category::ALL.len() {
        return Err(src.error(
            "min",
            format!("`min` must lie between 1 and {}", Category::ALL.len()),
        ));
    }
    let categories: Vec<(Category, Predicate)> = Category::ALL
        .map(|c| (c, src.coded(Coded::Category(c))))
        .to_vec();
    let mut counted = CodeSet::new();
    for (category, _) in &categories {
        counted.insert(*category);
    }
    let by_coding = categories
        .iter()
        .all(|(category, p)| p.coded == Some(Coded::Category(*category)));
    Ok(CategoryCount {
        min: p.min,
        categories,
        counted,
        by_coding,
    })
}

pub fn run(c: &CategoryCount, cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Diagnostic>) {
    let family = cx.scope(Scope::DsrFamily);
    // The categories the clauses of the DSR family in a paragraph cover, kept per
    // paragraph (each clause covers its own).
    let covered_in = |clauses: std::ops::Range<usize>| {
        let mut covered: CodeSet<Category> = CodeSet::new();
        for &i in within(family, clauses) {
            let ca = cx.ca(i);
            // A DSR task's categories at once, not asked one by one (a long draft's
            // hundreds of tasks).
            if c.by_coding && ca.dsr_task {
                for category in ca.categories.iter().filter(|k| c.counted.contains(k)) {
                    covered.insert(*category);
                }
            } else {
                for (category, p) in &c.categories {
                    if !covered.contains(category) && p.holds(ca) {
                        covered.insert(*category);
                    }
                }
            }
            // Nothing more to find once every category is covered.
            if covered.len() == c.categories.len() {
                break;
            }
        }
        u64::from(covered.bits())
    };
    let covered = cx.union_by_paragraph((&rule.code, 0), covered_in);
    let covered: CodeSet<Category> = CodeSet::from_bits(u32::try_from(covered).unwrap_or(0));
    if covered.len() >= c.min {
        return;
    }
    let count = covered.len().to_string();
    let msg = render(
        &rule.message,
        &[("count", &count), ("min", &c.min.to_string())],
    );
    let mut d = cx.missing(rule, cx.fill(&msg), cx.dsr_tasks());
    let list = |cats: Vec<Category>| -> String {
        if cats.is_empty() {
            "none".to_string()
        } else {
            cats.iter()
                .map(|c| c.title())
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    d.notes.push(format_smolstr!(
        "covered: {}",
        list(covered.iter().copied().collect())
    ));
    d.notes.push(format_smolstr!(
        "missing: {}",
        list(
            Category::ALL
                .into_iter()
                .filter(|c| !covered.contains(c))
                .collect()
        )
    ));
    cx.attach_fix(rule, &mut d, None, None);
    out.push(d);
}
