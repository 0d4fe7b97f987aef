//! The `LanguageServer` implementation: server state, configuration reloads and the
//! protocol handlers, which delegate checking to `checking`, resolved configuration
//! to `workspace`, requests to `features` and commands to `commands`.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::config::CONFIG_FILE_NAME;
use crate::span::ColumnUnit;
use crate::ScanCache;

use super::checking::Current;
use super::commands;
use super::convert::negotiate;
use super::documents::{format_for, OpenDocument};
use super::features;
use super::knowledge::Knowledge;
use super::published::Published;
use super::settings::{resolve, ClientSettings, FileSettings, Settings};
use super::transport::{self, Outbox};
use super::workspace::Workspace;

pub(super) struct DocEntry {
    pub(super) uri: Uri,
    pub(super) doc: OpenDocument,
    /// The last check, with the generation it was made for.
    pub(super) cache: Option<(u64, Current)>,
    /// The clause scans of the last check, reused by the next one (incremental
    /// checking: only clauses an edit touched are scanned again).
    pub(super) scans: Arc<Mutex<ScanCache>>,
    /// The JSON of the last publication, reused by the next one for the findings an
    /// edit did not change.
    pub(super) published: Arc<Mutex<Published>>,
}

/// Shared state. Locks are std locks held only for short, non-async sections.
pub(super) struct State {
    /// Configuration, engines and previous mandates per folder, cached.
    pub(super) workspace: Mutex<Workspace>,
    pub(super) knowledge: Knowledge,
    pub(super) docs: Mutex<HashMap<String, DocEntry>>,
    pub(super) unit: RwLock<ColumnUnit>,
    pub(super) client_settings: RwLock<ClientSettings>,
    pub(super) file_settings: RwLock<FileSettings>,
    pub(super) roots: RwLock<Vec<PathBuf>>,
    pub(super) can_pull_configuration: AtomicBool,
    pub(super) can_watch_files: AtomicBool,
    /// The client re-asks for code lenses when told (`workspace/codeLens/refresh`).
    pub(super) can_refresh_code_lens: AtomicBool,
    /// Serialises publishing so diagnostics reach the client in generation order.
    pub(super) publish: tokio::sync::Mutex<()>,
    /// Where a check's messages are written straight to the client
    /// (`transport::Outbox`, `notify`).
    pub(super) outbox: Outbox,
}

impl State {
    /// The workspace cache. A panic while it was held (caught by `guarded`) leaves it
    /// usable: a folder half rebuilt is simply rebuilt on its next use.
    pub(super) fn lock_workspace(&self) -> std::sync::MutexGuard<'_, Workspace> {
        self.workspace
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<State>,
}

/// Runs `f`, turning a panic into an error message instead of losing the server.
pub(super) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        format!("internal error in {what}: {detail}")
    })
}

/// Sends a notification through the outbox: the typed parameters serialised once,
/// straight to the wire. Everything a check tells the client (warnings about the
/// configuration, then its diagnostics) goes this one way, so it arrives in the order
/// it was sent.
pub(super) async fn notify<N: notification::Notification>(
    state: &State,
    client: &Client,
    params: N::Params,
) {
    match transport::notification_frame(N::METHOD, &params) {
        Ok(frame) => send(state, frame),
        Err(e) => {
            client
                .log_message(
                    MessageType::ERROR,
                    format!("mandate-lint: sending {}: {e}", N::METHOD),
                )
                .await
        }
    }
}

/// Writes a framed message to the client through the outbox (`notify`; publications
/// framed by `Published`).
pub(super) fn send(state: &State, frame: Vec<u8>) {
    // A closed outbox means the client is gone: nothing to tell it.
    drop(state.outbox.send(frame));
}

/// Publishes a document's diagnostics (`notify`). Callers hold `State::publish`, so
/// publications keep their order.
pub(super) async fn publish(
    state: &State,
    client: &Client,
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) {
    let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
    notify::<notification::PublishDiagnostics>(state, client, params).await;
}

/// Shows a message in the client's window (`notify`).
pub(super) async fn show(state: &State, client: &Client, typ: MessageType, message: String) {
    let params = ShowMessageParams { typ, message };
    notify::<notification::ShowMessage>(state, client, params).await;
}

/// Writes an error to the client's log (`notify`).
pub(super) async fn log_error(state: &State, client: &Client, error: impl std::fmt::Display) {
    let params = LogMessageParams {
        typ: MessageType::ERROR,
        message: format!("mandate-lint: {error}"),
    };
    notify::<notification::LogMessage>(state, client, params).await;
}

pub(super) fn internal(message: String) -> Error {
    Error {
        code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

pub(super) fn lock_err() -> Error {
    internal("server state unavailable".to_string())
}

impl Backend {
    /// A server whose checks write to the client through `outbox` (`State::outbox`).
    pub(super) fn new(client: Client, outbox: Outbox) -> Backend {
        let knowledge = Knowledge::embedded().unwrap_or_else(|e| {
            eprintln!("mandate-lint lsp: {e}");
            Knowledge::default()
        });
        Backend {
            client,
            state: Arc::new(State {
                workspace: Mutex::new(Workspace::default()),
                knowledge,
                docs: Mutex::new(HashMap::new()),
                unit: RwLock::new(ColumnUnit::Utf16),
                client_settings: RwLock::new(ClientSettings::default()),
                file_settings: RwLock::new(FileSettings::default()),
                roots: RwLock::new(Vec::new()),
                can_pull_configuration: AtomicBool::new(false),
                can_watch_files: AtomicBool::new(false),
                can_refresh_code_lens: AtomicBool::new(false),
                publish: tokio::sync::Mutex::new(()),
                outbox,
            }),
        }
    }

    pub(super) fn unit(&self) -> ColumnUnit {
        self.state
            .unit
            .read()
            .map(|u| *u)
            .unwrap_or(ColumnUnit::Utf16)
    }

    pub(super) fn settings(&self) -> Settings {
        let file = self
            .state
            .file_settings
            .read()
            .map(|f| f.clone())
            .unwrap_or_default();
        let client = self
            .state
            .client_settings
            .read()
            .map(|c| c.clone())
            .unwrap_or_default();
        resolve(&file, &client)
    }

    pub(super) fn roots(&self) -> Vec<PathBuf> {
        self.state
            .roots
            .read()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    pub(super) async fn show_problems(&self, problems: Vec<String>) {
        for problem in problems {
            let message = format!("mandate-lint: {problem}");
            show(&self.state, &self.client, MessageType::WARNING, message).await;
        }
    }

    /// Drops every cached configuration, then resolves the workspace folders again:
    /// their problems are shown, and the first folder's `[lsp]` settings apply.
    async fn reload_configuration(&self) {
        let roots = self.roots();
        let state = Arc::clone(&self.state);
        let result = tokio::task::spawn_blocking(move || {
            guarded("loading the configuration", || {
                let mut problems = Vec::new();
                let mut settings = None;
                let mut ws = state.lock_workspace();
                ws.invalidate();
                if let Err(e) = ws.preload() {
                    problems.push(format!("rules: {e}"));
                }
                for root in &roots {
                    match ws.resolve(Some(root)) {
                        Ok((resolved, _)) => {
                            problems.extend(resolved.problems.iter().cloned());
                            if settings.is_none() {
                                settings = resolved.config().map(FileSettings::from_config);
                            }
                        }
                        Err(e) => problems.push(e),
                    }
                }
                (settings.unwrap_or_default(), problems)
            })
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r);
        match result {
            Ok((file_settings, problems)) => {
                if let Ok(mut f) = self.state.file_settings.write() {
                    *f = file_settings;
                }
                self.show_problems(problems).await;
            }
            Err(e) => self.show_problems(vec![e]).await,
        }
    }

    async fn pull_client_settings(&self) {
        if !self.state.can_pull_configuration.load(Ordering::Relaxed) {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("mandate-lint".to_string()),
        }];
        if let Ok(values) = self.client.configuration(items).await {
            if let Some(value) = values.first() {
                let pulled = ClientSettings::from_json(value);
                if let Ok(mut c) = self.state.client_settings.write() {
                    c.merge(pulled);
                }
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let (unit, encoding) = negotiate(offered);
        if let Ok(mut u) = self.state.unit.write() {
            *u = unit;
        }
        let workspace = params.capabilities.workspace.as_ref();
        let can_pull = workspace.and_then(|w| w.configuration).unwrap_or(false);
        let can_watch = workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.state
            .can_pull_configuration
            .store(can_pull, Ordering::Relaxed);
        self.state
            .can_watch_files
            .store(can_watch, Ordering::Relaxed);
        let can_refresh_lens = workspace
            .and_then(|w| w.code_lens.as_ref())
            .and_then(|c| c.refresh_support)
            .unwrap_or(false);
        self.state
            .can_refresh_code_lens
            .store(can_refresh_lens, Ordering::Relaxed);

        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)] // older clients send only rootUri
        if roots.is_empty() {
            if let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
                roots.push(root.into_owned());
            }
        }
        if let Ok(mut r) = self.state.roots.write() {
            *r = roots;
        }
        if let Some(options) = &params.initialization_options {
            if let Ok(mut c) = self.state.client_settings.write() {
                c.merge(ClientSettings::from_json(options));
            }
        }
        self.reload_configuration().await;

        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "mandate-lint".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions::default()),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: commands::COMMANDS.iter().map(|c| c.to_string()).collect(),
                    ..ExecuteCommandOptions::default()
                }),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.state.can_watch_files.load(Ordering::Relaxed) {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{CONFIG_FILE_NAME}")),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "mandate-lint-config-watcher".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("mandate-lint: cannot watch {CONFIG_FILE_NAME}: {e}"),
                    )
                    .await;
            }
        }
        self.pull_client_settings().await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let key = item.uri.as_str().to_string();
        let format = format_for(&key, &item.language_id);
        if let Ok(mut docs) = self.state.docs.lock() {
            let previous_generation = docs.get(&key).map_or(0, |e| e.doc.generation);
            let mut doc = OpenDocument::new(item.text, item.version, format);
            doc.generation = previous_generation + 1;
            docs.insert(
                key.clone(),
                DocEntry {
                    uri: item.uri,
                    doc,
                    cache: None,
                    scans: Arc::default(),
                    published: Arc::default(),
                },
            );
        }
        self.schedule_check(&key, true);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let key = params.text_document.uri.as_str().to_string();
        let unit = self.unit();
        let applied = self.state.docs.lock().ok().and_then(|mut docs| {
            let entry = docs.get_mut(&key)?;
            let version = params.text_document.version;
            let changes = params.content_changes;
            guarded("applying an edit", move || {
                entry.doc.apply_changes(version, changes, unit)
            })
            .ok()
        });
        if applied.is_some() {
            self.schedule_check(&key, false);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let key = params.text_document.uri.as_str().to_string();
        if let Ok(mut docs) = self.state.docs.lock() {
            docs.remove(&key);
        }
        // Clear the problems panel for the closed document.
        let _order = self.state.publish.lock().await;
        publish(
            &self.state,
            &self.client,
            params.text_document.uri,
            Vec::new(),
            None,
        )
        .await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = ClientSettings::from_json(&params.settings);
        if let Ok(mut c) = self.state.client_settings.write() {
            c.merge(pushed);
        }
        self.pull_client_settings().await;
        self.schedule_all();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let relevant = {
            let ws = self.state.lock_workspace();
            params.changes.iter().any(|c| {
                c.uri.as_str().ends_with(CONFIG_FILE_NAME)
                    || c.uri.to_file_path().is_some_and(|p| ws.depends_on(&p))
            })
        };
        if relevant {
            self.reload_configuration().await;
            self.schedule_all();
        }
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        self.run_command(params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let threshold = self.settings().severity_threshold;
        self.with_checked(&at.text_document.uri, "hover", |current, knowledge, pos| {
            let offset = pos.offset(at.position);
            features::hover(
                &current.engine,
                knowledge,
                &current.checked,
                current.precedents.as_deref(),
                threshold,
                pos,
                offset,
            )
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let threshold = self.settings().severity_threshold;
        let uri = params.text_document.uri.clone();
        self.with_checked(
            &params.text_document.uri,
            "code actions",
            |current, _, pos| {
                let span = pos.span(params.range);
                let actions = features::code_actions(&current.checked, threshold, pos, &uri, span);
                (!actions.is_empty()).then_some(actions)
            },
        )
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.with_checked(
            &params.text_document.uri,
            "the DCAF profile",
            |current, _, pos| Some(features::code_lenses(&current.checked, pos)),
        )
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.with_checked(
            &params.text_document.uri,
            "the outline",
            |current, _, pos| {
                Some(DocumentSymbolResponse::Nested(features::document_symbols(
                    &current.checked.doc,
                    pos,
                )))
            },
        )
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.with_checked(&params.text_document.uri, "folding", |current, _, pos| {
            Some(features::folding_ranges(&current.checked.doc, pos))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        self.with_checked(
            &at.text_document.uri,
            "completion",
            |current, knowledge, pos| {
                let offset = pos.offset(at.position);
                let items = features::completions(
                    &current.engine,
                    knowledge,
                    &current.checked,
                    current.precedents.as_deref(),
                    pos,
                    offset,
                );
                (!items.is_empty()).then_some(CompletionResponse::Array(items))
            },
        )
        .await
    }
}
