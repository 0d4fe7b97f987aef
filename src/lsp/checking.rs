//! Checking open documents: debounced, versioned checks through `Engine::check` with
//! the folder's resolved configuration and previous mandate, publication in
//! generation order, and the cached check that requests (hover, quick fixes…) read.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::precedent::PrecedentIndex;
use crate::span::ColumnUnit;
use crate::{CheckOptions, Checked, Engine, ScanCache};

use super::convert::Positions;
use super::knowledge::Knowledge;
use super::published::Published;
use super::server::{guarded, internal, lock_err, log_error, send, show, Backend, State};

/// A check of one document, with the engine that made it (hover and completion read
/// that engine's rules and lexicons) and the precedent index it was checked with.
#[derive(Clone)]
pub(super) struct Current {
    pub(super) checked: Arc<Checked>,
    pub(super) engine: Arc<Engine>,
    pub(super) precedents: Option<Arc<PrecedentIndex>>,
}

impl Backend {
    pub(super) fn schedule_all(&self) {
        let uris: Vec<String> = self
            .state
            .docs
            .lock()
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default();
        for uri in uris {
            self.recheck(&uri);
        }
    }

    /// Checks a document again now, under a new generation so that results computed
    /// with the old configuration are dropped.
    pub(super) fn recheck(&self, key: &str) {
        if let Ok(mut docs) = self.state.docs.lock() {
            if let Some(entry) = docs.get_mut(key) {
                entry.doc.generation += 1;
            }
        }
        self.schedule_check(key, true);
    }

    /// Checks a document after the debounce delay, unless it changed again meanwhile,
    /// and publishes the result unless a newer change arrived during the check.
    pub(super) fn schedule_check(&self, key: &str, immediate: bool) {
        let Some(generation) = self
            .state
            .docs
            .lock()
            .ok()
            .and_then(|d| d.get(key).map(|e| e.doc.generation))
        else {
            return;
        };
        let settings = self.settings();
        let delay = if immediate { 0 } else { settings.debounce_ms };
        let state = Arc::clone(&self.state);
        let client = self.client.clone();
        let key = key.to_string();
        tokio::spawn(async move {
            if delay > 0 {
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            let snapshot = state.docs.lock().ok().and_then(|d| {
                d.get(&key)
                    .filter(|e| e.doc.generation == generation)
                    .map(|e| {
                        let doc = (e.doc.text.clone(), e.doc.format);
                        (doc, e.uri.clone(), Arc::clone(&e.scans))
                    })
            });
            let Some(((text, format), uri, scans)) = snapshot else {
                return;
            };
            let result = match publish_only(&state, &key) {
                Some(last) => Ok((last, Vec::new())),
                None => run_check(Arc::clone(&state), (text, format), uri.clone(), scans).await,
            };
            let checked = match result {
                Ok((current, problems)) => {
                    for problem in problems {
                        let message = format!("mandate-lint: {problem}");
                        show(&state, &client, MessageType::WARNING, message).await;
                    }
                    current
                }
                Err(e) => {
                    log_error(&state, &client, e).await;
                    return;
                }
            };
            let order = state.publish.lock().await;
            let unit = state.unit.read().map(|u| *u).unwrap_or(ColumnUnit::Utf16);
            let publishable = state.docs.lock().ok().and_then(|mut d| {
                let entry = d.get_mut(&key)?;
                if entry.doc.generation != generation || entry.doc.published >= generation {
                    return None;
                }
                entry.doc.published = generation;
                let replaced = entry.cache.replace((generation, checked.clone()));
                Some((entry.doc.version, replaced, Arc::clone(&entry.published)))
            });
            let Some((version, replaced, published)) = publishable else {
                return;
            };
            let framed = guarded("publishing diagnostics", || {
                let checked = &checked.checked;
                let pos = Positions::new(&checked.doc.text, &checked.doc.lines, unit);
                // A publication that panicked left its pieces half replaced: start afresh.
                let mut published = published.lock().unwrap_or_else(|poisoned| {
                    let mut last = poisoned.into_inner();
                    *last = Published::default();
                    last
                });
                published.frame(
                    checked,
                    settings.severity_threshold,
                    &pos,
                    &uri,
                    Some(version),
                )
            })
            .and_then(|framed| framed.map_err(|e| format!("publishing diagnostics: {e}")));
            let mut unpublished = None;
            match framed {
                Ok((frame, last_published)) => {
                    unpublished = last_published;
                    send(&state, frame);
                    // The DCAF profile lens follows the check. A client may have asked
                    // for lenses before this edit was applied (requests and
                    // notifications run concurrently) and then not again: tell it to
                    // ask, without holding the publication order on its reply.
                    if state.can_refresh_code_lens.load(Ordering::Relaxed) {
                        let client = client.clone();
                        tokio::spawn(async move {
                            let _ = client.code_lens_refresh().await;
                        });
                    }
                }
                Err(e) => log_error(&state, &client, e).await,
            }
            // Freeing the previous check (its whole clause analysis, 14% of a keystroke's
            // CPU) waits until this one is published, and runs off the async threads:
            // freed during the next check it slowed that check by a third (both cores
            // busy with the rules, and the allocator shared).
            drop(order);
            if replaced.is_some() || unpublished.is_some() {
                tokio::task::spawn_blocking(move || drop((replaced, unpublished)));
            }
        });
    }

    /// The document's check for its current text: the cached one when up to date,
    /// else a fresh one (requests such as hover must not wait for the debounce).
    async fn current(&self, uri: &Uri) -> Result<Current> {
        let key = uri.as_str().to_string();
        let (generation, cached, text, format, scans) = {
            let docs = self.state.docs.lock().map_err(|_| lock_err())?;
            let entry = docs
                .get(&key)
                .ok_or_else(|| Error::invalid_params(format!("document not open: {key}")))?;
            let cached = entry
                .cache
                .as_ref()
                .filter(|(g, _)| *g == entry.doc.generation)
                .map(|(_, c)| c.clone());
            (
                entry.doc.generation,
                cached,
                entry.doc.text.clone(),
                entry.doc.format,
                Arc::clone(&entry.scans),
            )
        };
        if let Some(c) = cached {
            return Ok(c);
        }
        let (current, problems) =
            run_check(Arc::clone(&self.state), (text, format), uri.clone(), scans)
                .await
                .map_err(internal)?;
        self.show_problems(problems).await;
        if let Ok(mut docs) = self.state.docs.lock() {
            if let Some(entry) = docs
                .get_mut(&key)
                .filter(|e| e.doc.generation == generation)
            {
                entry.cache = Some((generation, current.clone()));
            }
        }
        Ok(current)
    }

    /// Runs a feature on the current check with positions in the negotiated unit,
    /// turning a panic into an error response.
    pub(super) async fn with_checked<T>(
        &self,
        uri: &Uri,
        what: &str,
        f: impl FnOnce(&Current, &Knowledge, &Positions) -> T,
    ) -> Result<T> {
        let current = self.current(uri).await?;
        let unit = self.unit();
        guarded(what, || {
            let checked = &current.checked;
            let pos = Positions::new(&checked.doc.text, &checked.doc.lines, unit);
            f(&current, &self.state.knowledge, &pos)
        })
        .map_err(internal)
    }
}

/// The folder whose configuration governs a document: its own, or for a document
/// not saved yet the first workspace folder.
pub(super) fn folder_of(uri: &Uri, roots: &[PathBuf]) -> Option<PathBuf> {
    uri.to_file_path()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or_else(|| roots.first().cloned())
}

/// The benchmarks' publication floor (`--features bench-publish-only`, bench/README):
/// once a document has been checked, a change publishes that check's findings again
/// without checking, so that what publishing alone costs on each keystroke (framing,
/// writing, the client reading) is measured the way a keystroke is. Never in a build
/// users install: its diagnostics stop following the text.
#[cfg(feature = "bench-publish-only")]
fn publish_only(state: &State, key: &str) -> Option<Current> {
    let docs = state.docs.lock().ok()?;
    docs.get(key)?.cache.as_ref().map(|(_, last)| last.clone())
}

/// Every change is checked (see the benchmarks' variant above).
#[cfg(not(feature = "bench-publish-only"))]
fn publish_only(_: &State, _: &str) -> Option<Current> {
    None
}

/// Checks a text off the async threads with its folder's resolved configuration and
/// previous mandate, catching panics from the pipeline, reusing the document's clause
/// scans (`Engine::check_incremental`). Also returns problems with the configuration
/// that the user has not been shown yet.
async fn run_check(
    state: Arc<State>,
    (text, format): (String, crate::model::SourceFormat),
    uri: Uri,
    scans: Arc<Mutex<ScanCache>>,
) -> std::result::Result<(Current, Vec<String>), String> {
    tokio::task::spawn_blocking(move || {
        guarded("the check", || {
            let roots = state.roots.read().map(|r| r.clone()).unwrap_or_default();
            let folder = folder_of(&uri, &roots);
            let (resolved, previous, problems) = {
                let mut ws = state.lock_workspace();
                let (resolved, fresh) = ws.resolve(folder.as_deref())?;
                let (previous, problem) = ws.previous_for(uri.as_str(), &resolved);
                let mut problems = if fresh {
                    resolved.problems.clone()
                } else {
                    Vec::new()
                };
                problems.extend(problem);
                (resolved, previous, problems)
            };
            let opts = CheckOptions {
                previous: previous.as_deref(),
                config: resolved.config(),
                baseline: None,
                precedents: resolved.precedents.as_deref(),
            };
            // A check that panicked left the cache half updated: start it afresh.
            let mut scans = scans.lock().unwrap_or_else(|poisoned| {
                let mut cache = poisoned.into_inner();
                *cache = ScanCache::default();
                cache
            });
            let checked = resolved
                .engine
                .check_incremental(text, format, &opts, &mut scans);
            Ok((
                Current {
                    checked: Arc::new(checked),
                    engine: Arc::clone(&resolved.engine),
                    precedents: resolved.precedents.clone(),
                },
                problems,
            ))
        })
    })
    .await
    .map_err(|e| format!("check task failed: {e}"))?
    .and_then(|r| r)
}
