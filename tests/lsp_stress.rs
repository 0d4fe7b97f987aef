//! Stress and abuse of `mandate-lint lsp` over its real stdio (issue 8): 1,000 rapid
//! incremental edits on one document, 50 documents open at once, malformed JSON-RPC
//! (bad JSON, missing Content-Length, wrong parameter types), unknown methods,
//! out-of-range positions, and a client that disconnects mid-request. The server must
//! answer what it can, publish the final state (the last version's diagnostics) and
//! exit cleanly. Every wait is bounded: a broken server fails the test, never hangs it.
//!
//! It drives the server with the shared test client (`tests/lsp_client`), whose
//! `write_raw` sends deliberately broken frames.

mod lsp_client;

use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use lsp_client::LspClient;
use mandate_lint::span::{ColumnUnit, LineIndex};
use serde_json::{json, Value};

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");
/// Bound for any single wait (a publish after debounce, a response, an exit).
const WAIT: Duration = Duration::from_secs(60);

const DRAFT: &str = "\
S/2031/117

The Security Council,

Recalling its resolution 2151 (2014) on security sector reform,

Welcoming the signing of the peace agreement in Côte d’Ivoire — a “decisive” step,

1. Decides to extend the mandate of the United Nations Stabilization Mission in Veloria (UNSMV) until 31 March 2032;

2. Requests UNSMV to provide technical advice to the Ministry of Defence on a national defence policy, and to train units of the armed forces;

3. Requests the Secretary-General to report every 90 days on XXXX;
";

/// A started, initialised server: standard error discarded (bad frames make it
/// complain), debounce off, every wait bounded by `WAIT`.
fn start_server() -> LspClient {
    let mut client = LspClient::spawn_quiet(EXE);
    client.timeout = WAIT;
    client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    client
}

/// Codes and ranges of published diagnostics, sorted (to compare two publications).
fn codes_and_ranges(params: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = params["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap_or("").to_string(),
                        d["range"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    out
}

/// LSP position (UTF-16) of the end of `text`.
fn end_position(text: &str) -> Value {
    let idx = LineIndex::new(text);
    let pos = idx.position(text, text.len(), ColumnUnit::Utf16);
    json!({"line": pos.line, "character": pos.col})
}

#[test]
fn a_thousand_rapid_edits_publish_the_final_state() {
    let uri = "file:///tmp/mandate-lint-stress/typed.txt";
    let mut server = start_server();
    server.open(uri, DRAFT, 1);
    server.wait_diagnostics(uri, 1);

    // Type a new paragraph a character at a time at the end of the document, with
    // an em dash, an accent and curly quotes (UTF-16 columns differ from bytes), then
    // a few deletions; mirror every change locally.
    let typed = "\n4. Requests UNSMV to support civilian oversight — by the “parliament” and the médias — of the armed forces;\n";
    let mut text = DRAFT.to_string();
    let mut version = 1;
    let mut chars = typed.chars().cycle();
    for i in 0..1_000 {
        version += 1;
        let at = end_position(&text);
        if i % 97 == 96 {
            // Delete the last character (a multi-byte one sometimes).
            let Some(last) = text.chars().last() else {
                continue;
            };
            let start_off = text.len() - last.len_utf8();
            let idx = LineIndex::new(&text);
            let s = idx.position(&text, start_off, ColumnUnit::Utf16);
            server.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [{"range": {"start": {"line": s.line, "character": s.col}, "end": at}, "text": ""}]}),
            );
            text.truncate(start_off);
            continue;
        }
        let ch = chars.next().unwrap_or(' ');
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": at, "end": at}, "text": ch.to_string()}]}),
        );
        text.push(ch);
    }
    let last = server.wait_diagnostics(uri, version);

    // The same final text opened fresh must give the same diagnostics.
    let fresh_uri = "file:///tmp/mandate-lint-stress/fresh.txt";
    server.open(fresh_uri, &text, 1);
    let fresh = server.wait_diagnostics(fresh_uri, 1);
    assert_eq!(
        codes_and_ranges(&last),
        codes_and_ranges(&fresh),
        "final text after 1,000 edits:\n{text}"
    );
    // And the server's view of the text is ours: a hover past the typed text's last
    // line is answered (clamped), not an error.
    let hover = server.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": end_position(&text)}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn fifty_documents_open_at_once() {
    let mut server = start_server();
    let uris: Vec<String> = (0..50)
        .map(|i| format!("file:///tmp/mandate-lint-stress/doc{i}.txt"))
        .collect();
    for (i, uri) in uris.iter().enumerate() {
        // Half keep the placeholder (RES010), half do not.
        let text = if i % 2 == 0 {
            DRAFT.to_string()
        } else {
            DRAFT.replacen("XXXX", "its implementation", 1)
        };
        server.open(uri, &text, 1);
    }
    for (i, uri) in uris.iter().enumerate() {
        let published = server.wait_diagnostics(uri, 1);
        let has_placeholder = codes_and_ranges(&published)
            .iter()
            .any(|(c, _)| c == "RES010");
        assert_eq!(has_placeholder, i % 2 == 0, "{uri}");
    }
    for uri in &uris {
        server.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

#[test]
fn malformed_messages_unknown_methods_and_bad_positions() {
    let uri = "file:///tmp/mandate-lint-stress/abuse.txt";
    let mut server = start_server();
    server.open(uri, DRAFT, 1);
    server.wait_diagnostics(uri, 1);

    // Bad JSON in a well-framed message: a parse error (id null) or silence, and the
    // server keeps serving.
    let bad = "{\"jsonrpc\": \"2.0\", \"id\": 9";
    assert!(server.write_raw(format!("Content-Length: {}\r\n\r\n{bad}", bad.len()).as_bytes()));
    // Valid JSON, not JSON-RPC.
    let junk = "[1, 2, 3]";
    assert!(server.write_raw(format!("Content-Length: {}\r\n\r\n{junk}", junk.len()).as_bytes()));

    // Wrong parameter types: an error response, not a crash.
    let resp = server.request_message(
        "textDocument/hover",
        json!({"textDocument": 42, "position": "here"}),
    );
    assert!(
        resp.get("error").is_some(),
        "wrong types must be an error: {resp}"
    );

    // Unknown request: MethodNotFound. Unknown notification: ignored.
    let resp = server.request_message("mandate-lint/doesNotExist", json!({}));
    assert_eq!(resp["error"]["code"], -32601, "{resp}");
    server.notify("mandate-lint/unknownNotification", json!({"x": 1}));
    server.notify("$/cancelRequest", json!({"id": 999_999}));

    // Out-of-range positions: clamped, answered.
    for (line, character) in [(10_000, 0), (0, 10_000), (u32::MAX, u32::MAX)] {
        let resp = server.request_message(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        assert!(
            resp.get("error").is_none(),
            "hover {line}:{character}: {resp}"
        );
        let resp = server.request_message(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": line, "character": character}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": []}}),
        );
        assert!(
            resp.get("error").is_none(),
            "codeAction {line}:{character}: {resp}"
        );
        let resp = server.request_message(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        assert!(
            resp.get("error").is_none(),
            "completion {line}:{character}: {resp}"
        );
    }
    // Requests about a document that was never opened.
    let resp = server.request_message(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        resp.get("result").is_some() || resp.get("error").is_some(),
        "{resp}"
    );

    // An edit with an out-of-range, reversed range, inside a surrogate pair.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [
                   {"range": {"start": {"line": 999, "character": 5}, "end": {"line": 3, "character": 2}}, "text": "𝄞"},
                   {"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 1}}, "text": "\u{0}\r"}
               ]}),
    );
    // A change for a document that is not open, and one with a stale version.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.txt", "version": 7},
               "contentChanges": [{"text": "x"}]}),
    );
    // Still alive and publishing the newest version.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": DRAFT}]}),
    );
    let last = server.wait_diagnostics(uri, 3);
    assert!(codes_and_ranges(&last).iter().any(|(c, _)| c == "RES010"));
    assert_eq!(server.shutdown_and_exit().code(), Some(0));
}

/// A header without Content-Length cannot be framed: the server may give up on the
/// stream, but it must then exit on its own, not hang or spin.
#[test]
fn missing_content_length_does_not_hang() {
    let mut server = start_server();
    let body = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}";
    let _ = server.write_raw(format!("Content-Type: application/json\r\n\r\n{body}").as_bytes());
    // Then a good request: answered if the server resynchronised.
    let id = server.allocate_id();
    let good = json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}).to_string();
    let alive =
        server.write_raw(format!("Content-Length: {}\r\n\r\n{good}", good.len()).as_bytes());
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut answered = false;
    while alive && Instant::now() < deadline {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(msg) if msg.get("id") == Some(&json!(id)) => {
                answered = true;
                break;
            }
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    println!(
        "after a frame without Content-Length the server {}",
        if answered {
            "resynchronised and answered"
        } else {
            "stopped reading"
        }
    );
    // Either way, closing its input ends it.
    let _ =
        server.write_raw(b"Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
    server.close_input();
    let status = server.wait_exit();
    println!("exit status {status:?}");
}

/// The client sends a request and disappears (stdin closed, no shutdown): the server
/// exits without hanging.
#[test]
fn client_disconnecting_mid_request_ends_the_server() {
    let mut server = start_server();
    let uri = "file:///tmp/mandate-lint-stress/gone.txt";
    server.open(uri, &DRAFT.repeat(50), 1);
    server.start_request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    // Half a frame, then gone.
    let _ = server.write_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":");
    server.close_input();
    let status = server.wait_exit();
    println!("exit status after disconnect: {status:?}");
}
