//! What the analysis of a document keeps for its next analysis (the language server
//! keeps one `ClauseCache` per open draft), and what each kept result depends on.
//!
//! - A clause's **scan** (its lexicon hits, in its normalised text, also grouped by
//!   lexicon name for the rules: `ClauseAnalysis::hits`) depends on that text only (and
//!   on the lexicons: a cache made with other lexicons is emptied).
//! - A clause's **tasks** (`tasks::clause_tasks`: its DSR task phrases, coded, and
//!   what it passes to its sub-items) depend on exactly the fields of
//!   `tasks::ClauseInput`, and `TasksKey` is those fields: the clause's text (its scan
//!   follows from it), the UN mission the draft mandates, the national forces' acronyms
//!   the draft defines as found in the clause, the clause's own opening verb, its
//!   addressee, what its lead-in passes down, whether it is a heading item, and the
//!   frame its lead-in sets. An edit to the mission's name, to a defined acronym or to a
//!   lead-in changes the key of every clause it affects, with no edit in them. Task
//!   spans are kept in the clause's normalised text, so a clause that moved keeps them.
//!
//! - A clause's **addressee** (`addressee::addressee`, its span in the clause's
//!   normalised text) depends on that text, where its opening verb ends, whether the
//!   verb takes an addressee, the mission and the acronyms the draft defines:
//!   `AddresseeKey` is the first three; the kept addressees are dropped when the mission
//!   or the defined acronyms differ from the last analysis's (`addressee_context`).
//!
//! - The draft's **acronym definitions** (`acronyms::DefinitionCache`): each "(" of the
//!   last text with the bytes that decided it; those the edit did not reach are kept.
//!
//! Everything else (verbs, the mission, the document-level rules) is worked out again on
//! every check: the result is that of a full check (`tests/lsp_incremental.rs`).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::acronyms::DefinitionCache;
use super::scan::ClauseScan;
use super::tasks::{ClauseInput, ClauseTasks, LeadIn};
use super::{Actor, Addressee, AddresseeKind, CodeSet, Engagement, Lexicons};
use crate::model::NormText;
use crate::span::Span;

/// A clause text as the scan cache holds it, compared and hashed by address: the
/// cache keeps one `Arc` per distinct text (`ClauseCache::scan` hands out the one it
/// holds), and a task key is only ever made from it and lives no longer than the scan
/// it came from (`ClauseCache::end` keeps both for the texts the analysis used), so two
/// keys hold the same text exactly when they hold the same `Arc`. The text is not
/// hashed again for each clause on each keystroke.
#[derive(Clone, Debug)]
struct SharedText(Arc<str>);

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedText {}

impl Hash for SharedText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(Arc::as_ptr(&self.0).cast::<u8>(), state);
    }
}

/// A clause text as the scan cache is keyed by: hashed once, when the parse made the
/// text (`NormText::text_hash`), and compared by address before content, so the text
/// of a clause the keystroke did not touch (the parse hands back the same `Arc`) is
/// neither hashed nor read again. Equal exactly when the texts are.
#[derive(Clone, Debug)]
struct TextKey {
    hash: u64,
    text: Arc<str>,
}

impl PartialEq for TextKey {
    fn eq(&self, other: &TextKey) -> bool {
        Arc::ptr_eq(&self.text, &other.text) || (self.hash == other.hash && self.text == other.text)
    }
}

impl Eq for TextKey {}

impl Hash for TextKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Everything `tasks::clause_tasks` reads from its input (see the module comment).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TasksKey {
    /// Shared with the scan cache's key: the text is not copied for each clause.
    text: SharedText,
    /// Shared by every key of one analysis (`ClauseCache::mission`).
    mission: Option<Arc<str>>,
    defined_forces: Vec<Span>,
    own_verb: Option<(Span, u8, bool)>,
    addressee: Option<AddresseeKind>,
    parent: Option<LeadIn>,
    title: bool,
    frame: Option<(CodeSet<Engagement>, CodeSet<Actor>)>,
}

impl TasksKey {
    /// `text` is the clause's text as the scan cache holds it (`input.text`, shared),
    /// `mission` the mission's name as the cache holds it (`input.mission`).
    fn of(text: Arc<str>, mission: Option<Arc<str>>, input: &ClauseInput<'_>) -> TasksKey {
        debug_assert_eq!(&*text, input.text);
        debug_assert_eq!(mission.as_deref(), input.mission);
        TasksKey {
            text: SharedText(text),
            mission,
            defined_forces: input.defined_forces.to_vec(),
            own_verb: input.own_verb,
            addressee: input.addressee,
            parent: input.parent,
            title: input.title,
            frame: input.frame,
        }
    }
}

/// What `addressee::addressee` reads from a clause, beside the mission and the defined
/// acronyms (see the module comment).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct AddresseeKey {
    /// Shared with the scan cache's key, as in `TasksKey`.
    text: SharedText,
    verb_end: usize,
    addressed: bool,
}

/// Clause results of the last analysis of one document, by what they depend on.
#[derive(Debug, Default)]
pub struct ClauseCache {
    /// The lexicons that made them (`Lexicons::id`): another engine (a rule pack added
    /// in the configuration) numbers its lexicons and terms differently.
    lexicons: u64,
    /// Scans by clause text: the last analysis's, and this one's. Shared (`Arc`), not
    /// copied: a keystroke reuses almost all of them.
    scans: HashMap<TextKey, Arc<ClauseScan>>,
    scans_now: HashMap<TextKey, Arc<ClauseScan>>,
    tasks: HashMap<TasksKey, Arc<ClauseTasks>>,
    tasks_now: HashMap<TasksKey, Arc<ClauseTasks>>,
    /// The acronym definitions of the last text, by the "(" that close them.
    pub(super) definitions: DefinitionCache,
    addressees: HashMap<AddresseeKey, Option<Addressee>>,
    addressees_now: HashMap<AddresseeKey, Option<Addressee>>,
    /// The mission's name in the task keys, made once rather than once per clause.
    mission: Option<Arc<str>>,
    /// In the last analysis: (clauses scanned, scans reused), (clauses whose tasks were
    /// found, tasks reused).
    scan_counts: (usize, usize),
    task_counts: (usize, usize),
    /// In the last analysis: clause analyses kept whole (their paragraph unchanged).
    analyses_kept: usize,
}

impl ClauseCache {
    /// How many clause scans are kept.
    pub fn scans_kept(&self) -> usize {
        self.scans.len()
    }

    /// (clauses scanned, clauses whose scan was reused) in the last analysis.
    pub fn last_scans(&self) -> (usize, usize) {
        self.scan_counts
    }

    /// (clauses whose tasks were found, clauses whose tasks were reused) in the last
    /// analysis (operative clauses only: others have no tasks).
    pub fn last_tasks(&self) -> (usize, usize) {
        self.task_counts
    }

    /// Clause analyses kept whole in the last analysis (their paragraph unchanged).
    pub fn last_kept(&self) -> usize {
        self.analyses_kept
    }

    /// Starts an analysis with `lexicons`: whether the last was made with them.
    pub(super) fn begin(&mut self, lexicons: &Lexicons) -> bool {
        let same = self.lexicons == lexicons.id();
        if !same {
            self.scans.clear();
            self.tasks.clear();
            self.addressees.clear();
            self.lexicons = lexicons.id();
        }
        self.scans_now.clear();
        self.tasks_now.clear();
        self.addressees_now.clear();
        self.scan_counts = (0, 0);
        self.task_counts = (0, 0);
        self.analyses_kept = 0;
        same
    }

    /// Counts a clause analysis kept whole from the last analysis (an operative
    /// clause's tasks are among those reused).
    pub(super) fn kept_analysis(&mut self, operative: bool) {
        self.analyses_kept += 1;
        if operative {
            self.task_counts.1 += 1;
        }
    }

    /// The scan of a clause's text: kept, or made now; with the text as the cache holds
    /// it (the key of the clause's tasks).
    pub(super) fn scan(
        &mut self,
        lexicons: &Lexicons,
        norm: &NormText,
    ) -> (Arc<str>, Arc<ClauseScan>) {
        let key = TextKey {
            hash: norm.text_hash(),
            text: Arc::clone(&norm.text),
        };
        if let Some((kept, scan)) = self.scans_now.get_key_value(&key) {
            self.scan_counts.1 += 1;
            return (Arc::clone(&kept.text), Arc::clone(scan));
        }
        let (key, scan) = match self.scans.remove_entry(&key) {
            Some(kept) => {
                self.scan_counts.1 += 1;
                kept
            }
            None => {
                self.scan_counts.0 += 1;
                let scan = Arc::new(ClauseScan::new(lexicons.scan(&norm.text), lexicons));
                (key, scan)
            }
        };
        let text = Arc::clone(&key.text);
        self.scans_now.insert(key, Arc::clone(&scan));
        (text, scan)
    }

    /// A clause's tasks: kept under the same inputs, or found now by `find`. `text` is
    /// the clause's text as `scan` returned it.
    pub(super) fn tasks(
        &mut self,
        text: Arc<str>,
        input: &ClauseInput<'_>,
        find: impl FnOnce() -> ClauseTasks,
    ) -> Arc<ClauseTasks> {
        if self.mission.as_deref() != input.mission {
            self.mission = input.mission.map(Arc::from);
        }
        let key = TasksKey::of(text, self.mission.clone(), input);
        if let Some(found) = self.tasks_now.get(&key) {
            self.task_counts.1 += 1;
            return Arc::clone(found);
        }
        let found = match self.tasks.remove(&key) {
            Some(found) => {
                self.task_counts.1 += 1;
                found
            }
            None => {
                self.task_counts.0 += 1;
                Arc::new(find())
            }
        };
        self.tasks_now.insert(key, Arc::clone(&found));
        found
    }

    /// Whether the mission and the acronyms the draft defines are the last analysis's
    /// (`analyse::Keep::same_context`): when not, no kept addressee is reused.
    pub(super) fn addressee_context(&mut self, same: bool) {
        if !same {
            self.addressees.clear();
        }
    }

    /// A clause's addressee (its span in the clause's normalised text): kept under the
    /// same text and verb, or found now by `find`. `text` is the clause's text as `scan`
    /// returned it; `addressee_context` was told this analysis's mission and acronyms.
    pub(super) fn addressee(
        &mut self,
        text: Arc<str>,
        verb_end: usize,
        addressed: bool,
        find: impl FnOnce() -> Option<Addressee>,
    ) -> Option<Addressee> {
        let key = AddresseeKey {
            text: SharedText(text),
            verb_end,
            addressed,
        };
        if let Some(found) = self.addressees_now.get(&key) {
            return found.clone();
        }
        let found = match self.addressees.remove(&key) {
            Some(found) => found,
            None => find(),
        };
        self.addressees_now.insert(key, found.clone());
        found
    }

    /// Ends an analysis: what it used is kept for the next, the rest dropped. The maps
    /// trade places rather than being taken, so the next analysis fills tables already
    /// sized for the draft instead of growing them from empty (on a long draft, 1,600
    /// clauses, that growth rehashed each table about ten times per keystroke).
    pub(super) fn end(&mut self) {
        std::mem::swap(&mut self.scans, &mut self.scans_now);
        std::mem::swap(&mut self.tasks, &mut self.tasks_now);
        std::mem::swap(&mut self.addressees, &mut self.addressees_now);
        self.scans_now.clear();
        self.tasks_now.clear();
        self.addressees_now.clear();
    }
}
