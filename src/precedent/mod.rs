//! Agreed language: the Council's adopted resolutions as a searchable source of
//! precedents (issue 13).
//!
//! Drafters work from *agreed language*: wording the Council has adopted before. A
//! [`PrecedentIndex`] holds every operative paragraph and sub-paragraph of a
//! collection of adopted resolutions with its resolution (number, year, adoption
//! date, the mission whose mandate it sets), its paragraph reference, its text, and
//! the DSR coding the analysis gives it (DSR task, DCAF categories, engagement,
//! levels, actors, and the lexicons it hits: civilian oversight, the 2151 tenets,
//! reporting, coordination and mapping, sequencing…).
//!
//! # Building and finding an index
//!
//! [`builder::build`] turns resolutions read by the engine (`mandates::load_all`) into
//! the bytes of one index file ([`file`]: magic, format version, CRC-32);
//! [`write_atomic`] writes them (temporary file, then rename). `mandate-lint index
//! DIR… -o FILE` does both. [`locate`] finds the file a run should use:
//! `--precedents FILE`, else `precedents = "…"` in `mandate-lint.toml` (relative to
//! that file), else none: without an index every precedent feature is simply absent.
//! [`PrecedentIndex::open`] reads it; a corrupt, truncated, foreign or older-format
//! file is an [`IndexError`], one line naming the file.
//!
//! # How a lookup works
//!
//! Candidates come from the search library (tantivy, BM25 over the same normalised,
//! masked words the similarity compares: [`schema`]); they are then re-ranked with
//! the similarity `mandate-lint diff` uses ([`crate::mandates::align`]:
//! `2·LCS/(|a|+|b|)` on words, numbers, months and mission acronyms masked), so "96%"
//! here means what it means in `diff` and DSR003. Ties go to the most recent
//! resolution.
//!
//! # The API for check, hover, completion and quick fixes
//!
//! All lookups take well under the editor's budget (p99 ≤ 5 ms for one clause,
//! measured in `bench/precedent`):
//!
//! - [`PrecedentIndex::nearest`]`(text, k)` → ranked [`Hit`]s (similarity, symbol,
//!   year, date, paragraph ref, text, mission, [`Coding`]); [`PrecedentIndex::search`]
//!   takes a [`Query`] (the draft's mission, a clause to leave out). Hover: "96%
//!   S/RES/2098 (2013) para 15(b)"; below [`NEW_LANGUAGE_BELOW`] (60%) the clause is
//!   new language (PRE001).
//! - [`PrecedentIndex::first_use`]`(text, threshold)` → [`FirstUse`]: every
//!   resolution carrying a clause at least `threshold` similar (90%:
//!   [`SAME_LANGUAGE`]), oldest first: "first used in S/RES/1925 (2010)".
//! - [`PrecedentIndex::fill_gap`]`(gap, draft_context)` → [`GapFill`]: the adopted
//!   clause that fills a DSR gap ([`Gap`]: [`Gap::for_rule`] maps a finding's code,
//!   and the DSR002 tenet, to it), preferring DSR-task clauses and recent
//!   resolutions, cited ("S/RES/2149 (2014) para 30(f)(iii)") and already adapted to
//!   the draft's mission: the text a second quick fix inserts.
//! - [`PrecedentIndex::adapt_to_draft`]`(hit, draft_mission_name, draft_acronym)`:
//!   the precedent with the source mission's name, acronym and (where it can be
//!   told from the mission's name) country replaced by the draft's.
//! - [`PrecedentIndex::by_context`]`(kind, typed, draft_context, limit)`: the best
//!   few precedent clauses for the cursor's context ([`ContextKind`]: a DSR task
//!   list, a reporting paragraph, a new operative paragraph), one per wording.
//! - [`DraftContext::from_checked`] gathers what these need from a checked draft.
//! - [`PrecedentIndex::nearest_remembered`] and
//!   [`PrecedentIndex::first_use_remembered`]: the same lookups remembered per clause
//!   text, for the editor's hover and PRE001, which ask about the same clauses again
//!   and again while the draft changes one clause at a time.
//!
//! The index is `Send + Sync` and read-only: load it once (the language server keeps
//! it beside the configuration) and share it.

pub mod adapt;
pub mod builder;
pub mod file;
mod filter;
pub mod gaps;
mod memo;
pub mod render;
pub mod schema;
mod search;
pub mod store;
mod words;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::{Index, Searcher};

use crate::mandates::align::Interner;

pub use builder::{build, BuildReport, Skipped};
pub use file::{IndexError, FORMAT_VERSION};
pub use filter::ContextKind;
pub use gaps::{Gap, GapFill, Tenet};
pub use search::{FirstUse, Query};
pub use store::Coding;

use store::{ClauseRecord, ResolutionRecord};

/// At or above this similarity two clauses carry the same language ("since when has
/// this stood"): the figure `diff` calls near-identical and DSR003 uses.
pub const SAME_LANGUAGE: f64 = crate::mandates::align::NEAR_IDENTICAL;

/// Below this similarity a clause has no precedent: it is new language (PRE001). The
/// figure `diff` needs to call two clauses the same clause at all.
pub const NEW_LANGUAGE_BELOW: f64 = crate::mandates::align::MATCH_MIN;

const SECTION_META: &str = "meta.json";
const SECTION_RESOLUTIONS: &str = "resolutions.json";
const SECTION_CLAUSES: &str = "clauses.json";
const SECTION_VOCABULARY: &str = "vocabulary.json";
const SECTION_WORDS: &str = "words.bin";
const TANTIVY_PREFIX: &str = "tantivy/";

/// What the index says about itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Meta {
    /// "mandate-lint 0.1.0": the version that built it.
    pub tool: String,
    pub resolutions: usize,
    pub clauses: usize,
    pub first_year: Option<u32>,
    pub last_year: Option<u32>,
    /// Lexicon names, indexed by `ClauseRecord::lexicons`.
    pub lexicons: Vec<String>,
}

/// A clause of the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ClauseId(pub u32);

/// An adopted clause found for a query.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    #[serde(skip)]
    pub id: ClauseId,
    /// Similarity to the query, 0..1, as `diff` measures it.
    pub similarity: f64,
    /// "S/RES/2149 (2014)".
    pub symbol: String,
    pub number: u32,
    pub year: Option<u32>,
    /// Adoption date as written ("10 April 2014").
    pub date: Option<String>,
    /// The mission whose mandate the resolution sets, by acronym.
    pub mission: Option<String>,
    /// Its full name, when the resolution spells it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mission_name: Option<String>,
    /// Paragraph reference: "30(f)(iii)".
    #[serde(rename = "ref")]
    pub reference: String,
    pub text: String,
    /// Nesting depth: 0 for a numbered paragraph, 1 for (a), 2 for (i)…
    pub depth: u8,
    pub coding: Coding,
}

impl Hit {
    /// "S/RES/2149 (2014) para 30(f)(iii)".
    pub fn citation(&self) -> String {
        format!("{} para {}", self.symbol, self.reference)
    }

    /// Similarity in whole percent, rounded down, so that "90%" is never shown for
    /// 0.897 (which is below the 90% threshold).
    pub fn percent(&self) -> u32 {
        percent(self.similarity)
    }
}

/// A similarity as whole percent, rounded down.
pub fn percent(similarity: f64) -> u32 {
    // Rounded down, with a hair of tolerance for 0.9 stored as 0.8999999.
    ((similarity * 100.0) + 1e-9).floor().clamp(0.0, 100.0) as u32
}

/// What a lookup knows about the draft it serves.
#[derive(Clone, Debug, Default)]
pub struct DraftContext {
    /// The draft's mission acronym ("UNSMV"), masked like `diff` masks it.
    pub mission: Option<String>,
    /// Its full name ("United Nations Support Mission in Valdoria"), when defined.
    pub mission_name: Option<String>,
    /// The host country, when it can be told (from the mission's name).
    pub country: Option<String>,
    /// The country's adjective as the draft uses it ("Arcadian"), when it does.
    pub demonym: Option<String>,
    /// The draft's own DSR language (its DSR and SSR clauses), to prefer precedents
    /// worded like it.
    pub text: String,
}

impl DraftContext {
    /// The mission, its name, the country and the DSR/SSR clauses of a checked draft.
    pub fn from_checked(checked: &crate::Checked) -> DraftContext {
        DraftContext::from_parts(&checked.doc, &checked.analysis)
    }

    /// [`DraftContext::from_checked`] from the parsed and analysed draft (what the
    /// rules see while the check runs).
    pub fn from_parts(
        doc: &crate::model::Document,
        analysis: &crate::analyse::Analysis,
    ) -> DraftContext {
        let mission = analysis.mission.clone();
        let mission_name = mission.as_deref().and_then(|m| {
            analysis
                .acronyms
                .iter()
                .find(|d| d.acronym == m)
                .map(|d| d.expansion.clone())
        });
        let country = mission_name
            .as_deref()
            .and_then(adapt::country_of)
            .map(str::to_string);
        let text = doc
            .clauses
            .iter()
            .zip(&analysis.clauses)
            .filter(|(c, a)| c.is_operative() && (a.dsr_task || a.ssr))
            .map(|(c, _)| &*c.norm.text)
            .collect::<Vec<_>>()
            .join(" ");
        let demonym = country
            .as_deref()
            .and_then(|c| adapt::demonym_in(&doc.text, c));
        DraftContext {
            mission,
            mission_name,
            country,
            demonym,
            text,
        }
    }
}

/// A loaded precedent index. Read-only, `Send + Sync`.
pub struct PrecedentIndex {
    path: PathBuf,
    meta: Meta,
    resolutions: Vec<ResolutionRecord>,
    clauses: Vec<ClauseRecord>,
    searcher: Searcher,
    fields: schema::Fields,
    /// Per search segment, document → clause id.
    doc_clause: Vec<Vec<u32>>,
    /// Mission acronyms of the collection, to recognise the one a free-text query names.
    missions: Vec<String>,
    /// The collection's normalised words (`mandates::align::words` keys).
    vocabulary: Interner,
    /// Every clause's words as vocabulary ids (its own mission masked), one after the
    /// other; clause `i` is `word_ids[word_starts[i]..word_starts[i + 1]]`.
    word_ids: Vec<u32>,
    word_starts: Vec<u32>,
    /// Lookups remembered per clause text (hover, PRE001).
    memo: memo::Memo,
}

impl std::fmt::Debug for PrecedentIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrecedentIndex")
            .field("path", &self.path)
            .field("resolutions", &self.resolutions.len())
            .field("clauses", &self.clauses.len())
            .finish()
    }
}

/// The index file a run uses: `--precedents FILE` wins; else `precedents = "…"` of
/// the configuration (already resolved against the config file's directory); else
/// none, and precedent features are absent.
pub fn locate(explicit: Option<&Path>, config: Option<&crate::config::Config>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| config.and_then(|c| c.precedents.clone()))
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a
/// rename, so a failed or interrupted write never leaves a truncated index.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    crate::atomic_file::write_atomic(path, bytes)
        .map_err(|e| IndexError::new(path, format!("cannot write precedent index: {e}")))
}

impl PrecedentIndex {
    /// Reads an index file.
    pub fn open(path: &Path) -> Result<PrecedentIndex, IndexError> {
        let bytes = std::fs::read(path).map_err(|e| {
            let problem = match e.kind() {
                std::io::ErrorKind::NotFound => "no such precedent index".to_string(),
                _ => format!("cannot read precedent index: {e}"),
            };
            IndexError::new(path, problem)
        })?;
        PrecedentIndex::from_bytes(path, &bytes)
    }

    /// Reads an index from its bytes; `path` names it in errors.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<PrecedentIndex, IndexError> {
        let sections = file::Sections::decode(path, bytes)?;
        let corrupt = |what: String| {
            IndexError::new(
                path,
                format!("corrupt precedent index ({what}); rebuild it with `mandate-lint index`"),
            )
        };
        let section = |name: &str| {
            sections
                .get(name)
                .ok_or_else(|| corrupt(format!("no {name} section")))
        };
        let meta: Meta = serde_json::from_slice(section(SECTION_META)?)
            .map_err(|e| corrupt(format!("{SECTION_META}: {e}")))?;
        let resolutions: Vec<ResolutionRecord> =
            serde_json::from_slice(section(SECTION_RESOLUTIONS)?)
                .map_err(|e| corrupt(format!("{SECTION_RESOLUTIONS}: {e}")))?;
        let clauses: Vec<ClauseRecord> = serde_json::from_slice(section(SECTION_CLAUSES)?)
            .map_err(|e| corrupt(format!("{SECTION_CLAUSES}: {e}")))?;
        if clauses
            .iter()
            .any(|c| c.resolution as usize >= resolutions.len())
        {
            return Err(corrupt("a clause of no resolution".into()));
        }
        let vocabulary: Vec<String> = serde_json::from_slice(section(SECTION_VOCABULARY)?)
            .map_err(|e| corrupt(format!("{SECTION_VOCABULARY}: {e}")))?;
        let (word_starts, word_ids) =
            words::decode(section(SECTION_WORDS)?, clauses.len(), vocabulary.len())
                .ok_or_else(|| corrupt(format!("{SECTION_WORDS}: bad word table")))?;
        let tantivy_files: Vec<(&str, &[u8])> = sections
            .items
            .iter()
            .filter_map(|(name, data)| {
                name.strip_prefix(TANTIVY_PREFIX)
                    .map(|n| (n, data.as_slice()))
            })
            .collect();
        // The checksum has passed, so only a crafted file reaches the search library;
        // it is still not allowed to take the process down.
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            open_search(&tantivy_files, clauses.len())
        }))
        .map_err(|_| corrupt("search index unreadable".into()))?
        .map_err(corrupt)?;
        let (searcher, fields, doc_clause) = opened;
        let mut missions: Vec<String> = resolutions
            .iter()
            .filter_map(|r| r.mission.clone())
            .collect();
        missions.sort();
        missions.dedup();
        Ok(PrecedentIndex {
            path: path.to_path_buf(),
            meta,
            resolutions,
            clauses,
            searcher,
            fields,
            doc_clause,
            missions,
            vocabulary: Interner::from_vocabulary(vocabulary),
            word_ids,
            word_starts,
            memo: memo::Memo::default(),
        })
    }

    /// A clause's words as vocabulary ids.
    pub(crate) fn clause_words(&self, id: u32) -> &[u32] {
        let start = self.word_starts.get(id as usize).copied().unwrap_or(0) as usize;
        let end = self.word_starts.get(id as usize + 1).copied().unwrap_or(0) as usize;
        self.word_ids.get(start..end).unwrap_or_default()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// Number of clauses.
    pub fn len(&self) -> usize {
        self.clauses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// Every clause id, in chronological order of their resolutions.
    pub fn ids(&self) -> impl Iterator<Item = ClauseId> {
        (0..self.clauses.len() as u32).map(ClauseId)
    }

    /// A clause as a hit with the given similarity.
    pub fn hit(&self, id: ClauseId, similarity: f64) -> Option<Hit> {
        let c = self.clauses.get(id.0 as usize)?;
        let r = self.resolutions.get(c.resolution as usize)?;
        Some(Hit {
            id,
            similarity,
            symbol: r.symbol(),
            number: r.number,
            year: r.year,
            date: r.date.clone(),
            mission: r.mission.clone(),
            mission_name: r.mission_name.clone(),
            reference: c.reference.clone(),
            text: c.text.clone(),
            depth: c.depth,
            coding: Coding::of(c, &self.meta.lexicons),
        })
    }

    /// The resolution a clause belongs to, as an index into the collection (clauses
    /// of one resolution share it).
    pub fn resolution_of(&self, id: ClauseId) -> Option<u32> {
        self.clauses.get(id.0 as usize).map(|c| c.resolution)
    }

    fn record(&self, id: u32) -> Option<(&ClauseRecord, &ResolutionRecord)> {
        let c = self.clauses.get(id as usize)?;
        Some((c, self.resolutions.get(c.resolution as usize)?))
    }
}

type OpenedSearch = (Searcher, schema::Fields, Vec<Vec<u32>>);

fn open_search(files: &[(&str, &[u8])], clauses: usize) -> Result<OpenedSearch, String> {
    use tantivy::Directory as _;
    let dir = tantivy::directory::RamDirectory::create();
    for (name, data) in files {
        dir.atomic_write(Path::new(name), data)
            .map_err(|e| e.to_string())?;
    }
    let index = Index::open(dir).map_err(|e| format!("search index: {e}"))?;
    let fields = schema::fields_of(&index.schema()).ok_or("search index: unknown schema")?;
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| format!("search index: {e}"))?;
    let searcher = reader.searcher();
    let mut doc_clause = Vec::new();
    for segment in searcher.segment_readers() {
        let ids = segment
            .fast_fields()
            .u64(schema::ID)
            .map_err(|e| format!("search index: {e}"))?;
        let mut map = Vec::with_capacity(segment.max_doc() as usize);
        for doc in 0..segment.max_doc() {
            let id = ids
                .first(doc)
                .and_then(|v| u32::try_from(v).ok())
                .filter(|&v| (v as usize) < clauses)
                .ok_or("search index: a document of no clause")?;
            map.push(id);
        }
        doc_clause.push(map);
    }
    Ok((searcher, fields, doc_clause))
}
