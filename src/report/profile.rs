//! The DCAF profile of a draft: its DSR tasks (explicit / implicit), the categories of
//! support they cover and miss, political / technical engagement, levels, and whether
//! the mandate is comprehensive. Coded exactly as `mandate-lint map --all-tasks` codes
//! a resolution (`mandates::map::Row::of` per task, `map::verdict` for the verdict:
//! four or more categories, political and technical elements, strategic and
//! operational level, DCAF 2020 para. 11 and note 17), over every DSR task, as the DSR
//! rules judge them. Shown after the summary line of `check` and, live, as a code lens
//! in the editor.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analyse::{Analysis, Category, DsrScope, Engagement, Level, Modality};
use crate::diagnostic::join_labels;
use crate::mandates::map::{verdict, Row, TaskScope};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DsrProfile {
    pub tasks: usize,
    pub explicit: usize,
    pub implicit: usize,
    /// Tasks the Council only encourages (or where the UN only supports someone else).
    pub encouraged: usize,
    pub categories: Vec<Category>,
    pub engagement: Vec<Engagement>,
    pub levels: Vec<Level>,
    pub comprehensive: bool,
    /// What keeps the mandate from being comprehensive ("no political engagement").
    pub missing: Vec<String>,
}

impl DsrProfile {
    /// `None` when the draft neither sets a mandate nor has a DSR task: nothing to
    /// profile.
    pub fn of(analysis: &Analysis) -> Option<DsrProfile> {
        let tasks: Vec<_> = analysis
            .clauses
            .iter()
            .flat_map(|c| c.tasks.iter())
            .filter(|t| TaskScope::All.includes(t))
            .collect();
        if tasks.is_empty() && !analysis.sets_mandate {
            return None;
        }
        let ticked: BTreeSet<Row> = tasks.iter().flat_map(|t| Row::of(t)).collect();
        let (_, comprehensive, missing) = verdict(&ticked, tasks.len());
        Some(DsrProfile {
            tasks: tasks.len(),
            explicit: tasks
                .iter()
                .filter(|t| t.scope == DsrScope::Explicit)
                .count(),
            implicit: tasks
                .iter()
                .filter(|t| t.scope == DsrScope::Implicit)
                .count(),
            encouraged: tasks
                .iter()
                .filter(|t| t.modality == Modality::Encouraged)
                .count(),
            categories: Category::ALL
                .into_iter()
                .filter(|c| ticked.contains(&Row::Category(*c)))
                .collect(),
            engagement: Engagement::ALL
                .into_iter()
                .filter(|e| ticked.contains(&Row::Engagement(*e)))
                .collect(),
            levels: Level::ALL
                .into_iter()
                .filter(|l| ticked.contains(&Row::Level(*l)))
                .collect(),
            comprehensive,
            missing,
        })
    }

    /// "comprehensive" or "not comprehensive: no political engagement; …".
    pub fn verdict(&self) -> String {
        if self.comprehensive {
            "comprehensive".to_string()
        } else {
            format!("not comprehensive: {}", self.missing.join("; "))
        }
    }

    /// "4 DSR tasks (4 explicit, 0 implicit; 1 only encouraged)".
    pub fn tasks_line(&self) -> String {
        let mut s = format!(
            "{} DSR task{} ({} explicit, {} implicit",
            self.tasks,
            if self.tasks == 1 { "" } else { "s" },
            self.explicit,
            self.implicit
        );
        if self.encouraged > 0 {
            s.push_str(&format!("; {} only encouraged", self.encouraged));
        }
        s.push(')');
        s
    }

    /// One line: the profile and the verdict (several files after `check`).
    pub fn one_line(&self) -> String {
        format!("{} · {}", self.summary_line(), self.verdict())
    }

    /// The profile without the verdict: "DCAF profile: 4 DSR tasks (…) · 3/10
    /// categories · engagement: technical · levels: strategic and tactical".
    pub fn summary_line(&self) -> String {
        format!(
            "DCAF profile: {} · {}/10 categories · engagement: {} · levels: {}",
            self.tasks_line(),
            self.categories.len(),
            self.engagement_text(),
            self.levels_text()
        )
    }

    fn engagement_text(&self) -> String {
        listed(self.engagement.iter().map(|e| e.slug()).collect())
    }

    fn levels_text(&self) -> String {
        listed(self.levels.iter().map(|l| l.slug()).collect())
    }

    /// The block printed after the summary line of `check`.
    pub fn lines(&self) -> Vec<String> {
        let covered: Vec<&str> = self.categories.iter().map(|c| c.title()).collect();
        let missing: Vec<&str> = Category::ALL
            .into_iter()
            .filter(|c| !self.categories.contains(c))
            .map(|c| c.title())
            .collect();
        vec![
            format!("DCAF profile: {}", self.tasks_line()),
            // Category titles hold commas: "; " keeps them apart.
            format!(
                "  categories: {} of 10: {}",
                self.categories.len(),
                semicolons(covered)
            ),
            format!("  missing categories: {}", semicolons(missing)),
            format!(
                "  engagement: {}; levels: {}",
                self.engagement_text(),
                self.levels_text()
            ),
            format!(
                "  {} (DCAF 2020 para. 11: 4+ categories, political and technical, strategic and operational)",
                self.verdict()
            ),
        ]
    }
}

fn listed(items: Vec<&str>) -> String {
    if items.is_empty() {
        "none stated".to_string()
    } else {
        join_labels(&items)
    }
}

fn semicolons(items: Vec<&str>) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join("; ")
    }
}
