//! Building an index from a collection of adopted resolutions.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::file::Sections;
use super::store::{self, ClauseRecord, ResolutionRecord};
use super::{
    schema, words, Meta, SECTION_CLAUSES, SECTION_META, SECTION_RESOLUTIONS, SECTION_VOCABULARY,
    SECTION_WORDS, TANTIVY_PREFIX,
};
use crate::mandates::{align, Resolution};
use crate::model::Part;

/// A file of the collection that is not in the index, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// What went into an index.
#[derive(Clone, Debug, Default, Serialize)]
pub struct BuildReport {
    pub resolutions: usize,
    pub clauses: usize,
    /// Operative clauses coded as DSR tasks.
    pub dsr_tasks: usize,
    pub first_year: Option<u32>,
    pub last_year: Option<u32>,
    pub skipped: Vec<Skipped>,
}

/// Resolution number and year from a file name: `S-RES-0100-1953.txt`,
/// `S_RES_2504_(2020).xml`, `SC_2561_2021-E.xml`. Old texts often have no masthead the
/// parser can read, but their file names say which resolution they are.
pub fn number_year_from_file_name(name: &str) -> Option<(u32, Option<u32>)> {
    let tokens: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let marker = tokens
        .iter()
        .position(|t| t.eq_ignore_ascii_case("RES") || t.eq_ignore_ascii_case("SC"))?;
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let number = tokens
        .get(marker + 1)
        .filter(|t| digits(t))
        .and_then(|t| t.parse::<u32>().ok())?;
    let year = tokens
        .get(marker + 2)
        .filter(|t| t.len() == 4 && digits(t))
        .and_then(|t| t.parse::<u32>().ok());
    Some((number, year))
}

/// Builds the index file's bytes from resolutions read by the engine (order does not
/// matter: clauses are stored chronologically). Texts with no resolution number
/// (drafts, presidential statements) and second copies of a resolution are left out
/// and listed in the report.
pub fn build(resolutions: &[Resolution]) -> Result<(Vec<u8>, BuildReport), String> {
    let mut report = BuildReport::default();
    let mut kept: Vec<(ResolutionRecord, &Resolution)> = Vec::new();
    let mut seen: HashMap<(u32, Option<u32>), String> = HashMap::new();
    for r in resolutions {
        let m = &r.checked.doc.masthead;
        let from_name = number_year_from_file_name(r.file_name());
        let (number, year) = match (m.number, from_name) {
            (Some(n), _) => (n, m.year.or(from_name.and_then(|(_, y)| y))),
            (None, Some((n, y))) => (n, y),
            (None, None) => {
                report.skipped.push(Skipped {
                    file: r.name.clone(),
                    reason: "no resolution number (a draft or a presidential statement?)".into(),
                });
                continue;
            }
        };
        if let Some(first) = seen.get(&(number, year)) {
            report.skipped.push(Skipped {
                file: r.name.clone(),
                reason: format!("same resolution as {first}"),
            });
            continue;
        }
        seen.insert((number, year), r.name.clone());
        let mission = r.mission().map(str::to_string);
        let mission_name = mission.as_deref().and_then(|acronym| {
            r.checked
                .analysis
                .acronyms
                .iter()
                .find(|d| d.acronym == acronym)
                .map(|d| d.expansion.clone())
        });
        kept.push((
            ResolutionRecord {
                number,
                year,
                date: m.date.clone(),
                mission,
                mission_name,
                file: r.file_name().to_string(),
            },
            r,
        ));
    }
    kept.sort_by_key(|(rec, r)| (rec.order_key(), r.name.clone()));
    // Renewals rarely spell out their mission ("MONUSCO" alone in 2277 (2016)): take the
    // name the latest earlier resolution of the collection gave it, so that adapting a
    // precedent to a draft can tell the country (`adapt`).
    let mut known_names: HashMap<String, String> = HashMap::new();
    for (rec, _) in &mut kept {
        let Some(acronym) = rec.mission.clone() else {
            continue;
        };
        match &rec.mission_name {
            Some(name) => {
                known_names.insert(acronym, name.clone());
            }
            None => rec.mission_name = known_names.get(&acronym).cloned(),
        }
    }

    let mut lexicon_ids: BTreeMap<String, u16> = BTreeMap::new();
    let mut lexicon_names: Vec<String> = Vec::new();
    let mut records: Vec<ClauseRecord> = Vec::new();
    let mut interner = align::Interner::default();
    let mut word_ids: Vec<Vec<u32>> = Vec::new();
    let mut resolution_records = Vec::with_capacity(kept.len());
    for (ri, (rec, r)) in kept.into_iter().enumerate() {
        let doc = &r.checked.doc;
        let analysis = &r.checked.analysis;
        let missions: Vec<&str> = rec.mission.as_deref().into_iter().collect();
        for (ci, clause) in doc.clauses.iter().enumerate() {
            if clause.part != Part::Operative {
                continue;
            }
            let text = align::own_text(doc, clause);
            let clause_words = align::words(&text, &missions);
            if clause_words.is_empty() {
                continue;
            }
            let mut record = ClauseRecord {
                resolution: u32::try_from(ri).map_err(|_| "too many resolutions".to_string())?,
                reference: clause.reference.to_string(),
                text,
                depth: clause.depth,
                has_children: !clause.children.is_empty(),
                flags: 0,
                categories: 0,
                engagement: 0,
                levels: 0,
                actors: 0,
                lexicons: Vec::new(),
                verb: None,
                addressee: None,
            };
            if let Some(ca) = analysis.clauses.get(ci) {
                store::code_record(&mut record, ca);
                for (name, hits) in ca.hits.iter() {
                    if hits.is_empty() {
                        continue;
                    }
                    let id = match lexicon_ids.get(name) {
                        Some(&id) => id,
                        None => {
                            let id = u16::try_from(lexicon_names.len())
                                .map_err(|_| "too many lexicons".to_string())?;
                            lexicon_ids.insert(name.to_string(), id);
                            lexicon_names.push(name.to_string());
                            id
                        }
                    };
                    record.lexicons.push(id);
                }
                record.lexicons.sort_unstable();
            }
            if record.dsr_task() {
                report.dsr_tasks += 1;
            }
            word_ids.push(interner.ids(&clause_words));
            records.push(record);
        }
        resolution_records.push(rec);
    }
    report.resolutions = resolution_records.len();
    report.clauses = records.len();
    report.first_year = resolution_records.iter().filter_map(|r| r.year).min();
    report.last_year = resolution_records.iter().filter_map(|r| r.year).max();

    let files = search_index(&records, &resolution_records, &lexicon_names)
        .map_err(|e| format!("search index: {e}"))?;
    let meta = Meta {
        tool: format!("mandate-lint {}", env!("CARGO_PKG_VERSION")),
        resolutions: report.resolutions,
        clauses: report.clauses,
        first_year: report.first_year,
        last_year: report.last_year,
        lexicons: lexicon_names,
    };
    let mut sections = Sections::default();
    sections.push(SECTION_META, json(&meta)?);
    sections.push(SECTION_RESOLUTIONS, json(&resolution_records)?);
    sections.push(SECTION_CLAUSES, json(&records)?);
    sections.push(SECTION_VOCABULARY, json(&interner.vocabulary())?);
    sections.push(SECTION_WORDS, words::encode(&word_ids));
    for (name, data) in files {
        sections.push(format!("{TANTIVY_PREFIX}{name}"), data);
    }
    Ok((sections.encode(), report))
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| e.to_string())
}

/// The tantivy index of the clauses, built in memory, as (file name, bytes).
fn search_index(
    records: &[ClauseRecord],
    resolutions: &[ResolutionRecord],
    lexicon_names: &[String],
) -> tantivy::Result<Vec<(String, Vec<u8>)>> {
    let (schema, fields): (Schema, schema::Fields) = schema::build();
    let dir = tantivy::directory::RamDirectory::create();
    let index = Index::create(dir.clone(), schema, tantivy::IndexSettings::default())?;
    // One thread: the documents are small and parsing the collection already used the
    // cores; the arena is sized so the corpus fits one segment.
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 100_000_000)?;
    for (id, record) in records.iter().enumerate() {
        let mission = resolutions
            .get(record.resolution as usize)
            .and_then(|r| r.mission.as_deref());
        let year = resolutions
            .get(record.resolution as usize)
            .and_then(|r| r.year)
            .unwrap_or(0);
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.words, schema::indexed_words(&record.text, mission));
        for tag in store::tags(record, lexicon_names) {
            doc.add_text(fields.tags, tag);
        }
        doc.add_u64(fields.id, id as u64);
        doc.add_u64(fields.year, u64::from(year));
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;
    let mut names: Vec<std::path::PathBuf> =
        index.directory().list_managed_files().into_iter().collect();
    names.push(std::path::PathBuf::from("meta.json"));
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        use tantivy::Directory as _;
        if !dir.exists(&name).unwrap_or(false) {
            continue;
        }
        let bytes = dir.atomic_read(Path::new(&name))?;
        out.push((name.to_string_lossy().into_owned(), bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_number_and_year() {
        assert_eq!(
            number_year_from_file_name("S-RES-0100-1953.txt"),
            Some((100, Some(1953)))
        );
        assert_eq!(
            number_year_from_file_name("2020__S_RES_2504_(2020)-2000407E.xml"),
            Some((2504, Some(2020)))
        );
        assert_eq!(
            number_year_from_file_name("2021__SC_2561_2021-E.xml"),
            Some((2561, Some(2021)))
        );
        assert_eq!(number_year_from_file_name("2020__S_PRST_2020_11.xml"), None);
        assert_eq!(number_year_from_file_name("draft-veloria.txt"), None);
    }
}
