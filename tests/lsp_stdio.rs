//! End-to-end test of `mandate-lint lsp` over its real stdio: framing, position
//! encodings, diagnostics, hover, quick fixes, outline, completion, robustness and
//! a clean exit.

mod lsp_client;

use lsp_client::{apply_edits, codes, position, range, LspClient};
use serde_json::{json, Value};

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");
const URI: &str = "file:///tmp/mandate-lint-test/lorem.draft.txt";

/// A draft in the style of a mission mandate, written for this test. Paragraph 3 puts
/// a placeholder (RES010) after an em dash, an accented word and curly quotes; the
/// mandate supports the armed forces without any civilian oversight (DSR006).
const DRAFT: &str = "\
United Nations S/2025/999
Security Council
Draft resolution

The Security Council,

Recalling its previous resolutions and statements on the situation in the Republic of Lorem,

Expressing deep concern at the security situation in the eastern provinces,

Acting under Chapter VII of the Charter of the United Nations,

1. Decides to extend the mandate of the United Nations Multidimensional Stabilization Mission in Lorem (MINUSLO) until 31 December 2026;

2. Requests MINUSLO to undertake the following tasks in support of the national armed forces:
(a) to provide training and mentoring to the armed forces, in particular on human rights;
(b) to provide technical advice to the Ministry of Defence on the reform of the armed forces;

3. Takes note of the white paper of the Ministère de la Défense — the “Livre blanc” drafted by Bérénice XXXX — and encourages its publication;

4. Decides to remain actively seized of the matter.
";

fn diagnostic<'a>(params: &'a Value, code: &str) -> Option<&'a Value> {
    params["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["code"] == code)
}

#[test]
fn utf16_session_end_to_end() {
    let mut client = LspClient::spawn(EXE);
    let init = client.initialize(&["utf-16"], json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );

    // Diagnostics on open, published with the document's version.
    client.open(URI, DRAFT, 1);
    let published = client.wait_diagnostics(URI, 1);
    let placeholder = diagnostic(&published, "RES010")
        .unwrap_or_else(|| panic!("RES010 on XXXX, got {:?}", codes(&published)));
    let at = DRAFT.find("XXXX").expect("placeholder in draft");
    let expected = range(DRAFT, at, at + 4, "utf-16");
    assert_eq!(
        placeholder["range"], expected,
        "placeholder underlined exactly (UTF-16)"
    );
    // The UTF-16 column differs from the byte column on this line: the test means it.
    assert_ne!(expected["start"], position(DRAFT, at, "utf-8")["start"]);
    assert_eq!(placeholder["source"], "mandate-lint");

    // Hover on the diagnostic: message, rationale and source.
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position(DRAFT, at + 2, "utf-16")}),
        )
        .expect("hover answers");
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("RES010"), "hover names the rule: {text}");
    assert!(
        text.contains("Why it matters"),
        "hover gives the rationale: {text}"
    );
    assert!(text.contains("Source"), "hover gives the source: {text}");

    // Hover on a known reference.
    let chapter = DRAFT.find("Chapter VII").expect("chapter in draft") + 3;
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position(DRAFT, chapter, "utf-16")}),
        )
        .expect("hover answers");
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("Chapter VII of the Charter"), "{text}");
    assert!(text.contains("threats to the peace"), "{text}");

    // An incremental change that fills the placeholder clears RES010.
    let fixed = DRAFT.replacen("XXXX", "Ndiaye", 1);
    client.change_range(URI, range(DRAFT, at, at + 4, "utf-16"), "Ndiaye", 2);
    let published = client.wait_diagnostics(URI, 2);
    assert!(
        diagnostic(&published, "RES010").is_none(),
        "{:?}",
        codes(&published)
    );

    // A quick fix for DSR006 inserts the rule's clause; afterwards DSR006 is gone.
    let oversight = diagnostic(&published, "DSR006")
        .unwrap_or_else(|| {
            panic!(
                "DSR006 on a mandate without oversight, got {:?}",
                codes(&published)
            )
        })
        .clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": oversight["range"],
                   "context": {"diagnostics": [oversight]}}),
        )
        .expect("code actions answer");
    let actions = actions.as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Suppress DSR006")),
        "{titles:?}"
    );
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true && a["diagnostics"][0]["code"] == "DSR006")
        .unwrap_or_else(|| panic!("a preferred quick fix for DSR006 among {titles:?}"));
    let edits = fix["edit"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!edits.is_empty(), "the fix edits the document");
    let with_fix = apply_edits(&fixed, &edits);
    assert_ne!(with_fix, fixed);
    client.change_full(URI, &with_fix, 3);
    let published = client.wait_diagnostics(URI, 3);
    assert!(
        diagnostic(&published, "DSR006").is_none(),
        "{:?}",
        codes(&published)
    );

    // The outline: preamble, numbered paragraphs, sub-paragraphs nested.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}}),
        )
        .expect("symbols answer");
    let symbols = symbols.as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = symbols.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names.first(), Some(&"Preamble"), "{names:?}");
    let para2 = symbols
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("2. Requests MINUSLO"))
        })
        .unwrap_or_else(|| panic!("paragraph 2 in outline {names:?}"));
    let subs: Vec<&str> = para2["children"]
        .as_array()
        .map(|c| c.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    // (a) and (b) as written, (c) inserted by the DSR006 quick fix.
    assert_eq!(subs.len(), 3, "{subs:?}");
    assert!(subs[0].starts_with("(a) to provide training"), "{subs:?}");
    assert!(subs[2].starts_with("(c) "), "{subs:?}");

    // Completion of an operative verb after a new paragraph number.
    let seized = with_fix.find("Decides to remain").expect("seized clause");
    let line_start = with_fix[..seized].rfind('\n').map_or(0, |i| i + 1);
    let insert = "9. De\n\n";
    client.change_range(
        URI,
        range(&with_fix, line_start, line_start, "utf-16"),
        insert,
        4,
    );
    let mut typed = with_fix.clone();
    typed.insert_str(line_start, insert);
    let cursor = line_start + "9. De".len();
    let completion = client
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": position(&typed, cursor, "utf-16")}),
        )
        .expect("completion answers");
    let labels: Vec<&str> = completion
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(labels.contains(&"Decides"), "{labels:?}");
    assert!(
        labels.contains(&"Civilian oversight by the legislature"),
        "clause bank offered: {labels:?}"
    );

    // Malformed requests get errors; the server stays alive.
    let bad = client.request("textDocument/hover", json!({"bogus": 1}));
    assert_eq!(bad.err().map(|e| e["code"].clone()), Some(json!(-32602)));
    let unknown = client.request("mandate-lint/noSuchMethod", json!({}));
    assert_eq!(
        unknown.err().map(|e| e["code"].clone()),
        Some(json!(-32601))
    );
    let not_open = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(not_open.is_err(), "hover on a closed document is an error");
    client.send_raw("{this is not json");
    let parse_error = client.next_response_like();
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    client.send_raw(r#"{"jsonrpc":"2.0","id":77}"#);
    let invalid = client.next_response_like();
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    assert_eq!(invalid["id"], 77);
    let far = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 99999, "character": 99999}}),
    );
    assert!(far.is_ok(), "out-of-range positions clamp: {far:?}");
    let alive = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    assert!(alive.is_ok_and(|s| s.as_array().is_some_and(|a| !a.is_empty())));

    let status = client.shutdown_and_exit();
    assert_eq!(status.code(), Some(0));
}

/// A publication on a long draft (about 300 KB) goes into the pipe in one write rather
/// than in 64 KB turns with the client's reads: the server widens its stdout.
#[cfg(target_os = "linux")]
#[test]
fn the_server_widens_its_output_pipe() {
    let ceiling = std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .unwrap_or(1 << 20);
    let mut client = LspClient::spawn(EXE);
    client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    assert_eq!(client.output_pipe_capacity(), Some(ceiling.min(1 << 20)));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn utf8_negotiated_when_offered() {
    let mut client = LspClient::spawn(EXE);
    let init = client.initialize(&["utf-8", "utf-16"], json!({"debounceMs": 0}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    client.open(URI, DRAFT, 1);
    let published = client.wait_diagnostics(URI, 1);
    let at = DRAFT.find("XXXX").expect("placeholder in draft");
    let placeholder = diagnostic(&published, "RES010").expect("RES010");
    assert_eq!(placeholder["range"], range(DRAFT, at, at + 4, "utf-8"));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn rapid_changes_never_publish_stale_results() {
    let mut client = LspClient::spawn(EXE);
    client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    client.open(URI, DRAFT, 1);
    client.wait_diagnostics(URI, 1);
    // Ten full-text changes in a row; the last one removes the placeholder.
    for version in 2..=11 {
        let text = if version == 11 {
            DRAFT.replacen("XXXX", "Ndiaye", 1)
        } else {
            format!("{DRAFT}\n{}", " ".repeat(version as usize))
        };
        client.change_full(URI, &text, version);
    }
    let last = client.wait_diagnostics(URI, 11);
    assert!(
        diagnostic(&last, "RES010").is_none(),
        "the newest text has no placeholder"
    );
    let versions = client.published_versions(URI);
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "publications in version order: {versions:?}"
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn workspace_config_applies_and_reloads_on_change() {
    let dir = std::env::temp_dir().join(format!("mandate-lint-lsp-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("mandate-lint.toml");
    std::fs::write(&config, "ignore = [\"RES010\"]\n[lsp]\ndebounce-ms = 0\n")
        .expect("write config");
    let root = format!("file://{}", dir.display());
    let uri = format!("{root}/draft.draft.txt");

    let mut client = LspClient::spawn(EXE);
    let init = client
        .request(
            "initialize",
            json!({"processId": null, "rootUri": root,
                   "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
        )
        .expect("initialize");
    assert_eq!(
        init["capabilities"]["positionEncoding"], "utf-16",
        "UTF-16 when nothing is offered"
    );
    client.notify("initialized", json!({}));
    client.open(&uri, DRAFT, 1);
    let published = client.wait_diagnostics(&uri, 1);
    assert!(
        diagnostic(&published, "RES010").is_none(),
        "ignored by config: {:?}",
        codes(&published)
    );
    assert!(!codes(&published).is_empty(), "other rules still report");

    std::fs::write(&config, "ignore = []\n").expect("rewrite config");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root}/mandate-lint.toml"), "type": 2}]}),
    );
    let published = client.wait_diagnostics(&uri, 1);
    assert!(
        diagnostic(&published, "RES010").is_some(),
        "config reloaded: {:?}",
        codes(&published)
    );

    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
