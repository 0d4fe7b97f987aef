//! `workspace/executeCommand`: the commands the server offers, and their arguments.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{ExecuteCommandParams, LSPAny, MessageType, Uri};

use super::checking::folder_of;
use super::server::{guarded, internal, Backend};

/// Compare the open draft with a previous mandate (DSR003 renewed-unchanged). The VS
/// Code extension's "Compare with previous mandate…" picks the file and calls it.
pub const SET_PREVIOUS: &str = "mandate-lint.setPreviousMandate";

/// Every command, as announced in the server's capabilities.
pub const COMMANDS: &[&str] = &[SET_PREVIOUS];

/// Arguments of [`SET_PREVIOUS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetPrevious {
    pub document: Uri,
    /// `None` stops comparing (the configuration's `previous` applies again).
    pub previous: Option<PathBuf>,
}

fn as_uri(v: &Value) -> Option<Uri> {
    v.as_str().and_then(|s| s.parse::<Uri>().ok())
}

/// A file URI or a path; a relative path is taken from the document's folder.
fn as_path(v: &Value, document: &Uri) -> Option<PathBuf> {
    let s = v.as_str()?.trim();
    if s.is_empty() {
        return None;
    }
    if s.starts_with("file:") {
        let uri: Uri = s.parse().ok()?;
        return uri.to_file_path().map(|p| p.into_owned());
    }
    let path = Path::new(s);
    if path.is_absolute() {
        return Some(path.to_path_buf());
    }
    let base = document.to_file_path()?.parent()?.to_path_buf();
    Some(base.join(path))
}

/// `[document URI, previous mandate (file URI or path) or null]`, or the same as an
/// object `{"document": …, "previous": …}`.
pub fn parse_set_previous(args: &[Value]) -> std::result::Result<SetPrevious, String> {
    let (document, previous) = match args {
        [Value::Object(o)] => (o.get("document"), o.get("previous")),
        [d] => (Some(d), None),
        [d, p, ..] => (Some(d), Some(p)),
        [] => (None, None),
    };
    let document = document.and_then(as_uri).ok_or_else(|| {
        format!("{SET_PREVIOUS}: the first argument must be the URI of the open draft")
    })?;
    let previous = match previous {
        None | Some(Value::Null) => None,
        Some(v) => Some(as_path(v, &document).ok_or_else(|| {
            format!("{SET_PREVIOUS}: the previous mandate must be a file URI or a path, got {v}")
        })?),
    };
    Ok(SetPrevious { document, previous })
}

impl Backend {
    /// `workspace/executeCommand`.
    pub(super) async fn run_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            SET_PREVIOUS => {
                let args = parse_set_previous(&params.arguments).map_err(Error::invalid_params)?;
                let key = args.document.as_str().to_string();
                let folder = folder_of(&args.document, &self.roots());
                let state = Arc::clone(&self.state);
                let previous = args.previous.clone();
                let chosen = tokio::task::spawn_blocking(move || {
                    guarded("choosing the previous mandate", || {
                        let mut ws = state.lock_workspace();
                        let (resolved, _) = ws.resolve(folder.as_deref())?;
                        ws.choose_previous(&key, previous, &resolved)
                    })
                })
                .await
                .map_err(|e| internal(e.to_string()))?
                .map_err(internal)?;
                if let Err(e) = chosen {
                    self.show_problems(vec![format!("previous mandate {e}")])
                        .await;
                    return Err(Error::invalid_params(format!("previous mandate {e}")));
                }
                let message = match &args.previous {
                    Some(p) => format!(
                        "mandate-lint: comparing with the previous mandate {} (DSR003)",
                        p.display()
                    ),
                    None => "mandate-lint: no longer comparing with a chosen previous mandate"
                        .to_string(),
                };
                self.client.log_message(MessageType::INFO, message).await;
                self.recheck(args.document.as_str());
                Ok(Some(serde_json::json!({
                    "previous": args.previous.map(|p| p.display().to_string())
                })))
            }
            other => Err(Error::invalid_params(format!(
                "unknown command {other:?} (known: {})",
                COMMANDS.join(", ")
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arguments_as_list_or_object_with_uris_or_paths() {
        let a = parse_set_previous(&[
            json!("file:///w/draft.txt"),
            json!("file:///w/old%20mandate.txt"),
        ]);
        assert_eq!(
            a.map(|s| s.previous),
            Ok(Some(PathBuf::from("/w/old mandate.txt")))
        );
        let b = parse_set_previous(&[
            json!({"document": "file:///w/d.txt", "previous": "prev/2023.txt"}),
        ]);
        assert_eq!(
            b.map(|s| s.previous),
            Ok(Some(PathBuf::from("/w/prev/2023.txt")))
        );
        let c = parse_set_previous(&[json!("file:///w/d.txt"), Value::Null]);
        assert_eq!(c.map(|s| s.previous), Ok(None));
        assert!(parse_set_previous(&[]).is_err());
        assert!(parse_set_previous(&[json!("file:///w/d.txt"), json!(3)]).is_err());
    }
}
