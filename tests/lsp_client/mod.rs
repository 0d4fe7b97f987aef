//! A small LSP client for tests and the latency bench: spawns the server, speaks
//! JSON-RPC with Content-Length framing over its real stdio, answers the server's own
//! requests, and bounds every wait with a timeout so a broken server fails instead of
//! hanging.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Each message with the moment its last byte was read (before it was parsed).
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
    /// Notifications received while waiting for something else, oldest first.
    pub pending: Vec<Value>,
    /// Methods of the server's requests to us, answered on the way, oldest first.
    pub server_requests: Vec<String>,
    /// Bound for any single wait (a response, a publication, an exit).
    pub timeout: Duration,
    /// When the last message returned by a wait was received: its last byte read, before
    /// this client parsed it (parsing a publication of a few hundred findings is the
    /// client's work, a few milliseconds, not the server's). `None` when the message
    /// had been set aside while waiting for another.
    pub last_arrival: Option<Instant>,
    /// The read end of the server's stdout (the reader thread owns it), to ask the
    /// pipe's capacity while the server runs.
    #[cfg(target_os = "linux")]
    stdout_fd: std::os::fd::RawFd,
}

/// A notification's params, moved out (a publication on a long draft is a quarter of a
/// megabyte of JSON: cloning it cost the latency benchmark's client milliseconds per
/// edit, counted as the server's).
fn take_params(mut msg: Value) -> Value {
    msg.get_mut("params")
        .map(Value::take)
        .unwrap_or(Value::Null)
}

fn read_message(reader: &mut impl BufRead) -> Option<(Instant, Value)> {
    let mut length: Option<usize> = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse().ok();
        }
    }
    let mut body = vec![0u8; length?];
    reader.read_exact(&mut body).ok()?;
    let arrived = Instant::now();
    Some((arrived, serde_json::from_slice(&body).ok()?))
}

impl LspClient {
    /// Starts `exe lsp`.
    pub fn spawn(exe: &str) -> LspClient {
        Self::spawn_with_stderr(exe, Stdio::inherit())
    }

    /// Starts `exe lsp` with its standard error discarded (abuse tests, where the
    /// server's complaints about bad frames are expected noise).
    pub fn spawn_quiet(exe: &str) -> LspClient {
        Self::spawn_with_stderr(exe, Stdio::null())
    }

    fn spawn_with_stderr(exe: &str, stderr: Stdio) -> LspClient {
        let mut child = Command::new(exe)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {exe} lsp: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        #[cfg(target_os = "linux")]
        let stdout_fd = std::os::fd::AsRawFd::as_raw_fd(&stdout);
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin,
            rx,
            next_id: 1,
            pending: Vec::new(),
            server_requests: Vec::new(),
            timeout: TIMEOUT,
            last_arrival: None,
            #[cfg(target_os = "linux")]
            stdout_fd,
        }
    }

    /// How many bytes the pipe from the server holds, while the server runs.
    #[cfg(target_os = "linux")]
    pub fn output_pipe_capacity(&self) -> Option<usize> {
        // SAFETY: F_GETPIPE_SZ only reads the pipe's capacity; the descriptor is the
        // reader thread's, open until the server closes its stdout.
        let capacity = unsafe { libc::fcntl(self.stdout_fd, libc::F_GETPIPE_SZ) };
        usize::try_from(capacity).ok()
    }

    /// Writes bytes as they are, framed or not; false once the server has closed its
    /// input (or ours is closed).
    pub fn write_raw(&mut self, bytes: &[u8]) -> bool {
        let Some(stdin) = self.stdin.as_mut() else {
            return false;
        };
        stdin.write_all(bytes).is_ok() && stdin.flush().is_ok()
    }

    /// Sends one body with its Content-Length header.
    pub fn send_raw(&mut self, body: &str) {
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        assert!(self.write_raw(framed.as_bytes()), "server closed its input");
    }

    /// Closes our end of the server's standard input (a client that goes away).
    pub fn close_input(&mut self) {
        self.stdin = None;
    }

    /// An id for a request written by hand with `write_raw`.
    pub fn allocate_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The next message from the server, if one comes within `wait` (no answering of
    /// server requests: for tests that watch the raw stream).
    pub fn recv_timeout(&mut self, wait: Duration) -> Result<Value, RecvTimeoutError> {
        let (arrived, msg) = self.rx.recv_timeout(wait)?;
        self.last_arrival = Some(arrived);
        Ok(msg)
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&msg.to_string());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    pub fn start_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.allocate_id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Next message from the server, answering server-to-client requests on the way.
    fn next_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.rx.recv_timeout(left) {
                Ok((arrived, m)) => {
                    self.last_arrival = Some(arrived);
                    m
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {waiting_for}"),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output while waiting for {waiting_for}")
                }
            };
            let is_server_request = msg.get("method").is_some() && msg.get("id").is_some();
            if is_server_request {
                self.server_requests
                    .push(msg["method"].as_str().unwrap_or_default().to_string());
                let result = match msg["method"].as_str() {
                    Some("workspace/configuration") => {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![json!({}); n])
                    }
                    _ => Value::Null,
                };
                let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": result});
                self.send(&reply);
                continue;
            }
            return msg;
        }
    }

    /// The whole response message to request `id` (with its `result` or `error`).
    pub fn response_message(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + self.timeout;
        loop {
            let msg = self.next_message(deadline, &format!("the response to request {id}"));
            if msg.get("id") == Some(&json!(id)) {
                return msg;
            }
            if msg.get("method").is_some() {
                self.pending.push(msg);
            }
        }
    }

    /// The response to request `id`: `Ok(result)` or `Err(error)`.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let msg = self.response_message(id);
        match msg.get("error") {
            Some(err) => Err(err.clone()),
            None => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.start_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns the whole response message.
    pub fn request_message(&mut self, method: &str, params: Value) -> Value {
        let id = self.start_request(method, params);
        self.response_message(id)
    }

    /// The next message that is not a notification we already hold (used for
    /// responses with a null id, such as parse errors).
    pub fn next_response_like(&mut self) -> Value {
        let deadline = Instant::now() + self.timeout;
        loop {
            let msg = self.next_message(deadline, "a response");
            if msg.get("method").is_none() {
                return msg;
            }
            self.pending.push(msg);
        }
    }

    /// Waits for publishDiagnostics for `uri` with exactly `version`; returns its
    /// params. Publications for older versions are held on the way; one for a newer
    /// version than the last sent is a failure (stale results must never win).
    pub fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Value {
        let deadline = Instant::now() + self.timeout;
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        };
        if let Some(i) = self.pending.iter().position(matches) {
            self.last_arrival = None;
            return take_params(self.pending.remove(i));
        }
        loop {
            let msg = self.next_message(
                deadline,
                &format!("diagnostics for {uri} version {version}"),
            );
            if matches(&msg) {
                return take_params(msg);
            }
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                let got = msg["params"]["version"].as_i64();
                assert!(
                    got.is_none_or(|v| v < version),
                    "published version {got:?} newer than the one awaited ({version})"
                );
            }
            if msg.get("method").is_some() {
                self.pending.push(msg);
            }
        }
    }

    /// Every publishDiagnostics for `uri` seen so far (held back while waiting).
    pub fn published_versions(&self, uri: &str) -> Vec<i64> {
        self.pending
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect()
    }

    pub fn initialize(&mut self, encodings: &[&str], options: Value) -> Value {
        self.initialize_with(
            json!({
                "general": {"positionEncodings": encodings},
                "textDocument": {"publishDiagnostics": {"versionSupport": true}},
                "workspace": {"configuration": true,
                              "didChangeWatchedFiles": {"dynamicRegistration": true}}
            }),
            options,
        )
    }

    /// `initialize` with these client capabilities, then `initialized`.
    pub fn initialize_with(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "capabilities": capabilities,
                    "initializationOptions": options
                }),
            )
            .expect("initialize succeeds");
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "un-draft", "version": version, "text": text}}),
        );
    }

    pub fn change_full(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    pub fn change_range(&mut self, uri: &str, range: Value, text: &str, version: i64) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": range, "text": text}]}),
        );
    }

    /// shutdown, exit, and the process's exit status (bounded wait).
    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        let shut = self.request("shutdown", Value::Null);
        assert_eq!(shut, Ok(Value::Null), "shutdown answers null");
        self.notify("exit", Value::Null);
        self.close_input();
        self.wait_exit()
    }

    /// Polls for the process's exit within the timeout; kills it and fails otherwise.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + self.timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return status,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    panic!("the server did not exit within {:?}", self.timeout);
                }
            }
        }
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        // A failed test must not leave a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Zero-based line and column (counted in `unit`: "utf-16" or "utf-8") of a byte
/// offset, computed here independently of the crate's `LineIndex`. Test texts use `\n`.
pub fn position(text: &str, offset: usize, unit: &str) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let col = match unit {
        "utf-8" => prefix.len(),
        _ => prefix.encode_utf16().count(),
    };
    json!({"line": line, "character": col})
}

pub fn range(text: &str, start: usize, end: usize, unit: &str) -> Value {
    json!({"start": position(text, start, unit), "end": position(text, end, unit)})
}

/// Byte offset of a UTF-16 position (independent of the crate).
pub fn offset_utf16(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let col = pos["character"].as_u64().expect("character") as usize;
    let mut start = 0;
    for _ in 0..line {
        start = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
    }
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= col || ch == '\n' {
            return start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// Applies LSP TextEdits (UTF-16 positions) to `text`, last first.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset_utf16(text, &e["range"]["start"]),
                offset_utf16(text, &e["range"]["end"]),
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// Codes of the diagnostics in a publishDiagnostics params object.
pub fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
