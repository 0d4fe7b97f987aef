//! The configuration governing each open document, resolved once per folder and kept
//! until a file it came from changes: the nearest `mandate-lint.toml` (found the way
//! the command line finds it), the engine for its rule directories, the previous
//! mandate it names, checked once, and the precedent index it names, read once. Each use compares the modification times of those
//! files (a few `stat`s, no reading), so an edit made outside the editor is picked up
//! on the next check; `didChangeWatchedFiles` drops everything at once.
//!
//! A previous mandate chosen with the "Compare with previous mandate…" command is kept
//! per document and wins over the configuration's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{Config, LoadedConfig, CONFIG_FILE_NAME};
use crate::input::{read_path, Limits};
use crate::precedent::PrecedentIndex;
use crate::{CheckOptions, Checked, Engine};

/// A file as last seen: its modification time and length, `None` when absent.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    seen: Option<(SystemTime, u64)>,
}

impl Stamp {
    fn of(path: &Path) -> Stamp {
        let seen = std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()));
        Stamp {
            path: path.to_path_buf(),
            seen,
        }
    }

    fn unchanged(&self) -> bool {
        Stamp::of(&self.path) == *self
    }
}

/// What governs the documents of one folder.
#[derive(Debug)]
pub struct Resolved {
    pub config: Option<LoadedConfig>,
    pub engine: Arc<Engine>,
    /// The previous mandate the configuration names, checked.
    pub previous: Option<Arc<Checked>>,
    /// The precedent index the configuration names, when it could be read.
    pub precedents: Option<Arc<PrecedentIndex>>,
    /// Problems met while resolving (a broken config or rule pack, an unreadable
    /// previous mandate), for the user.
    pub problems: Vec<String>,
    /// The files this was built from: every `mandate-lint.toml` candidate from the
    /// folder up to the one found, the previous mandate and the precedent index.
    stamps: Vec<Stamp>,
}

impl Resolved {
    fn unchanged(&self) -> bool {
        self.stamps.iter().all(Stamp::unchanged)
    }

    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref().map(|l| &l.config)
    }
}

/// A checked previous mandate, with the stamp of its file.
struct Previous {
    stamp: Stamp,
    checked: Arc<Checked>,
}

/// A precedent index as last read, with the stamp of its file: the index, or why it
/// could not be read (said once to the user, when it was read).
struct LoadedIndex {
    stamp: Stamp,
    index: Result<Arc<PrecedentIndex>, String>,
}

#[derive(Default)]
pub struct Workspace {
    folders: HashMap<PathBuf, Arc<Resolved>>,
    /// Engines by rule directories (shared by folders with the same rule packs).
    engines: HashMap<Vec<PathBuf>, Arc<Engine>>,
    /// Previous mandates by (file, rule directories of the engine that checked it).
    previous: HashMap<(PathBuf, Vec<PathBuf>), Previous>,
    /// The previous mandate chosen for a document (by URI) with the command.
    chosen: HashMap<String, PathBuf>,
    /// Precedent indexes by file, shared by the folders that name them.
    indexes: HashMap<PathBuf, LoadedIndex>,
}

impl Workspace {
    /// Forgets every resolved folder, engine and previous mandate (the choices made
    /// with the command stay). Precedent indexes stay too: they are compared with
    /// their file on each use, and reading one again takes a moment.
    pub fn invalidate(&mut self) {
        self.folders.clear();
        self.engines.clear();
        self.previous.clear();
    }

    /// Loads the embedded rules now, so that the first check does not wait for them
    /// (folders without rule packs share this engine).
    pub fn preload(&mut self) -> Result<(), String> {
        self.engine(&[]).map(|_| ())
    }

    /// The configuration for documents in `dir` (`None`: a document with no folder,
    /// which no configuration governs), and whether it was (re)built by this call (its
    /// problems are then new to the user).
    pub fn resolve(&mut self, dir: Option<&Path>) -> Result<(Arc<Resolved>, bool), String> {
        let key = dir.map(Path::to_path_buf).unwrap_or_default();
        if let Some(r) = self.folders.get(&key).filter(|r| r.unchanged()) {
            return Ok((Arc::clone(r), false));
        }
        let old = self.folders.remove(&key);
        let resolved = Arc::new(self.build(dir, old.as_deref())?);
        self.folders.insert(key, Arc::clone(&resolved));
        Ok((resolved, true))
    }

    /// Whether a resolved configuration was built from `path` (a config file, found or
    /// looked for, or a previous mandate).
    pub fn depends_on(&self, path: &Path) -> bool {
        self.folders
            .values()
            .any(|r| r.stamps.iter().any(|s| s.path == path))
            || self.previous.keys().any(|(p, _)| p == path)
            || self.indexes.contains_key(path)
    }

    fn build(&mut self, dir: Option<&Path>, old: Option<&Resolved>) -> Result<Resolved, String> {
        let mut stamps = Vec::new();
        let mut problems = Vec::new();
        let mut found = None;
        let mut at = dir;
        while let Some(d) = at {
            let candidate = d.join(CONFIG_FILE_NAME);
            let stamp = Stamp::of(&candidate);
            let exists = stamp.seen.is_some();
            stamps.push(stamp);
            if exists {
                found = Some(candidate);
                break;
            }
            at = d.parent();
        }
        let config = match found.map(|path| Config::load(&path)) {
            None => None,
            Some(Ok(loaded)) => Some(loaded),
            Some(Err(e)) => {
                // A broken file keeps the configuration that worked until now.
                problems.push(e.to_string());
                old.and_then(|o| o.config.clone())
            }
        };
        let rule_dirs = config
            .as_ref()
            .map(|l| l.config.rule_dirs().to_vec())
            .unwrap_or_default();
        let engine = match self.engine(&rule_dirs) {
            Ok(engine) => engine,
            Err(e) => {
                problems.push(format!("rules: {e}"));
                self.engine(&[])
                    .map_err(|e| format!("no rules could be loaded ({e}); diagnostics are off"))?
            }
        };
        let mut previous = None;
        if let Some(path) = config.as_ref().and_then(|l| l.config.previous.clone()) {
            stamps.push(Stamp::of(&path));
            match self.previous_mandate(&path, &rule_dirs, &engine) {
                Ok(checked) => previous = Some(checked),
                Err(e) => problems.push(format!("previous mandate {e}")),
            }
        }
        let mut precedents = None;
        if let Some(path) = config.as_ref().and_then(|l| l.config.precedents.clone()) {
            stamps.push(Stamp::of(&path));
            let (index, problem) = self.precedent_index(&path);
            precedents = index;
            problems.extend(problem);
        }
        Ok(Resolved {
            config,
            engine,
            previous,
            precedents,
            problems,
            stamps,
        })
    }

    /// A precedent index read once per change of its file. A file that cannot be read
    /// (missing, corrupt, foreign, an older format) leaves precedents off; the problem
    /// is returned only when the file is read, so the user hears it once, not once
    /// per folder or per check.
    fn precedent_index(&mut self, path: &Path) -> (Option<Arc<PrecedentIndex>>, Option<String>) {
        if let Some(loaded) = self.indexes.get(path).filter(|l| l.stamp.unchanged()) {
            return (loaded.index.as_ref().ok().cloned(), None);
        }
        let stamp = Stamp::of(path);
        let index = PrecedentIndex::open(path).map(Arc::new).map_err(|e| {
            format!("{e} (working without precedents: no agreed language on hover, in completion or in quick fixes)")
        });
        let out = match &index {
            Ok(i) => (Some(Arc::clone(i)), None),
            Err(problem) => (None, Some(problem.clone())),
        };
        self.indexes
            .insert(path.to_path_buf(), LoadedIndex { stamp, index });
        out
    }

    fn engine(&mut self, rule_dirs: &[PathBuf]) -> Result<Arc<Engine>, String> {
        if let Some(e) = self.engines.get(rule_dirs) {
            return Ok(Arc::clone(e));
        }
        let engine = Arc::new(Engine::load(rule_dirs).map_err(|e| e.to_string())?);
        self.engines.insert(rule_dirs.to_vec(), Arc::clone(&engine));
        Ok(engine)
    }

    /// A previous mandate read and checked once per change of its file.
    fn previous_mandate(
        &mut self,
        path: &Path,
        rule_dirs: &[PathBuf],
        engine: &Engine,
    ) -> Result<Arc<Checked>, String> {
        let key = (path.to_path_buf(), rule_dirs.to_vec());
        if let Some(p) = self.previous.get(&key).filter(|p| p.stamp.unchanged()) {
            return Ok(Arc::clone(&p.checked));
        }
        let stamp = Stamp::of(path);
        let source = read_path(path, &Limits::default()).map_err(|e| e.to_string())?;
        let checked = Arc::new(engine.check(source.text, source.format, &CheckOptions::default()));
        self.previous.insert(
            key,
            Previous {
                stamp,
                checked: Arc::clone(&checked),
            },
        );
        Ok(checked)
    }

    /// The previous mandate for a document: the one chosen with the command, else the
    /// configuration's. A chosen file that can no longer be read is forgotten, with
    /// the reason for the user.
    pub fn previous_for(
        &mut self,
        uri: &str,
        resolved: &Resolved,
    ) -> (Option<Arc<Checked>>, Option<String>) {
        let Some(path) = self.chosen.get(uri).cloned() else {
            return (resolved.previous.clone(), None);
        };
        let rule_dirs = resolved
            .config()
            .map(|c| c.rule_dirs().to_vec())
            .unwrap_or_default();
        match self.previous_mandate(&path, &rule_dirs, &resolved.engine) {
            Ok(checked) => (Some(checked), None),
            Err(e) => {
                self.chosen.remove(uri);
                (
                    resolved.previous.clone(),
                    Some(format!("previous mandate {e}; no longer comparing")),
                )
            }
        }
    }

    /// Sets (or, with `None`, clears) the previous mandate of a document. The file is
    /// read and checked now, so that a bad choice is reported at once.
    pub fn choose_previous(
        &mut self,
        uri: &str,
        path: Option<PathBuf>,
        resolved: &Resolved,
    ) -> Result<(), String> {
        match path {
            None => {
                self.chosen.remove(uri);
                Ok(())
            }
            Some(path) => {
                let rule_dirs = resolved
                    .config()
                    .map(|c| c.rule_dirs().to_vec())
                    .unwrap_or_default();
                self.previous_mandate(&path, &rule_dirs, &resolved.engine)?;
                self.chosen.insert(uri.to_string(), path);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_edit_is_noticed_without_a_watcher() {
        let dir = std::env::temp_dir().join(format!("mandate-lint-ws-{}", std::process::id()));
        let sub = dir.join("drafts");
        let _ = std::fs::create_dir_all(&sub);
        let config = dir.join(CONFIG_FILE_NAME);
        let _ = std::fs::write(&config, "ignore = [\"RES010\"]\n");
        let mut ws = Workspace::default();
        let Ok((first, fresh)) = ws.resolve(Some(&sub)) else {
            panic!("resolves")
        };
        assert!(fresh);
        assert_eq!(
            first.config().map(|c| c.ignore.clone()),
            Some(vec!["RES010".to_string()])
        );
        let Ok((_, fresh)) = ws.resolve(Some(&sub)) else {
            panic!("resolves")
        };
        assert!(!fresh, "cached while nothing changed");
        // A different length is a change even within the same mtime tick.
        let _ = std::fs::write(&config, "ignore = [\"RES010\", \"DSR\"]\n");
        let Ok((second, fresh)) = ws.resolve(Some(&sub)) else {
            panic!("resolves")
        };
        assert!(fresh, "reloaded after the edit");
        assert_eq!(second.config().map(|c| c.ignore.len()), Some(2));
        // A broken edit keeps the last good configuration and says why.
        let _ = std::fs::write(&config, "ignore = 3\n");
        let Ok((third, _)) = ws.resolve(Some(&sub)) else {
            panic!("resolves")
        };
        assert_eq!(third.config().map(|c| c.ignore.len()), Some(2));
        assert!(
            third.problems.iter().any(|p| p.contains("ignore")),
            "{:?}",
            third.problems
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
