//! Agreed language in the editor, over the server's real stdio, with a precedent index
//! built from `fixtures/precedents/` and named in the folder's `mandate-lint.toml`:
//! hover on an operative clause shows its nearest precedents (similarity, symbol,
//! paragraph) or "new language"; the second quick fix of a DSR finding inserts the
//! adopted clause, cited and carrying the draft's mission acronym, not the source's;
//! `select = ["PRE001"]` lists new language; a corrupt index gives one warning and the
//! server keeps publishing diagnostics, and is read again once it is replaced.

mod lsp_client;

use std::path::{Path, PathBuf};
use std::process::Command;

use lsp_client::{apply_edits, codes, position, LspClient};
use serde_json::{json, Value};

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// UNAMAR in Arcadia: DSR gaps the fixture collection fills (civilian oversight,
/// sequencing…), one task in new language (2(c), with "—", "é" and curly quotes).
fn draft() -> String {
    std::fs::read_to_string(root().join("tests/data/precedent-check-draft.txt")).expect("draft")
}

/// A fresh folder with the fixture index (`precedents.mlpi`) and a config.
fn folder(name: &str, config: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "mandate-lint-lsp-precedents-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = Command::new(EXE)
        .current_dir(root())
        .args(["index", "fixtures/precedents", "-o"])
        .arg(dir.join("precedents.mlpi"))
        .output()
        .expect("index runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.join("mandate-lint.toml"), config).expect("config");
    dir
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn session(dir: &Path) -> (String, LspClient, Value) {
    let uri = file_uri(&dir.join("arcadia.draft.txt"));
    let mut client = LspClient::spawn(EXE);
    client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    client.open(&uri, &draft(), 1);
    let published = client.wait_diagnostics(&uri, 1);
    (uri, client, published)
}

fn hover_at(client: &mut LspClient, uri: &str, text: &str, needle: &str) -> String {
    let at = text.find(needle).expect("needle in draft");
    let result = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position(text, at, "utf-16")}),
        )
        .expect("hover answers");
    result["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// `window/showMessage` notifications received so far.
fn shown_messages(client: &LspClient) -> Vec<String> {
    client
        .pending
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .filter_map(|m| m["params"]["message"].as_str().map(str::to_string))
        .collect()
}

fn diagnostic<'a>(published: &'a Value, code: &str) -> &'a Value {
    published["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["code"] == code))
        .unwrap_or_else(|| panic!("no {code} in {:?}", codes(published)))
}

/// The edit of the code action titled `title` for diagnostic `d`.
fn action_edits(client: &mut LspClient, uri: &str, d: &Value, title: &str) -> Vec<Value> {
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"],
                   "context": {"diagnostics": [d]}}),
        )
        .expect("code actions answer");
    let titles: Vec<&str> = actions
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["title"].as_str()).collect())
        .unwrap_or_default();
    let action = actions
        .as_array()
        .and_then(|a| a.iter().find(|x| x["title"] == title))
        .unwrap_or_else(|| panic!("no action {title:?} in {titles:?}"));
    action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .expect("edits for the draft")
}

#[test]
fn hover_shows_precedents_and_new_language() {
    let dir = folder("hover", "precedents = \"precedents.mlpi\"\n");
    let (uri, mut client, _) = session(&dir);
    let text = draft();
    let shown = hover_at(&mut client, &uri, &text, "To train the Arcadian");
    // After the findings on the clause (DSR010 here), its agreed language.
    let section = shown
        .split("**Agreed language** for paragraph 2(b)\n\n")
        .nth(1)
        .unwrap_or_else(|| panic!("a precedent section: {shown}"));
    let line = section.lines().next().unwrap_or_default();
    let cited =
        regex::Regex::new(r"^\*\*\d{2,3}% S/RES/3\d{3} \(20\d\d\) para 2\(c\)").expect("regex");
    assert!(cited.is_match(line), "similarity and symbol: {shown}");
    let shown = hover_at(&mut client, &uri, &text, "veterinary");
    assert!(
        shown.contains("**New language:** no precedent above 60%"),
        "{shown}"
    );
    assert!(
        shown_messages(&client).is_empty(),
        "{:?}",
        shown_messages(&client)
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_precedent_quick_fix_inserts_a_cited_clause_in_the_drafts_names() {
    let dir = folder("fix", "precedents = \"precedents.mlpi\"\n");
    let (uri, mut client, published) = session(&dir);
    let text = draft();
    // DSR009: the adopted paragraph names its mission (MINUSREL) and country.
    let d = diagnostic(&published, "DSR009");
    let edits = action_edits(
        &mut client,
        &uri,
        d,
        "Insert agreed language from S/RES/3210 (2034) para 3 (DSR009)",
    );
    let fixed = apply_edits(&text, &edits);
    assert!(
        fixed.contains("\n\n4. Requests UNAMAR, in close consultation with the Government of Arcadia, to prioritize and sequence its support"),
        "{fixed}"
    );
    assert!(
        !fixed.contains("MINUSREL") && !fixed.contains("Lorem"),
        "{fixed}"
    );
    // The rule's own suggestion stays the first (preferred) fix.
    let own = action_edits(
        &mut client,
        &uri,
        d,
        "Request options for sequencing DSR support (DSR009)",
    );
    assert_ne!(own, edits);
    // DSR006: a sub-paragraph of the DSR tasks, in the draft's words.
    let d = diagnostic(&published, "DSR006");
    let edits = action_edits(
        &mut client,
        &uri,
        d,
        "Insert agreed language from S/RES/3199 (2033) para 2(a) (DSR006)",
    );
    let fixed = apply_edits(&text, &edits);
    assert!(
        fixed.contains("Forces;\n\n(d) To support, through good offices and technical advice, the strengthening of civilian and parliamentary oversight of the Arcadian Armed Forces"),
        "{fixed}"
    );
    // Applied, the gap is closed: no DSR006 any more.
    client.change_full(&uri, &fixed, 2);
    let after = client.wait_diagnostics(&uri, 2);
    assert!(
        !codes(&after).contains(&"DSR006".to_string()),
        "{:?}",
        codes(&after)
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn selected_pre001_lists_new_language() {
    let dir = folder(
        "pre001",
        "precedents = \"precedents.mlpi\"\nselect = [\"PRE001\", \"DSR006\"]\n",
    );
    let (_, mut client, published) = session(&dir);
    let text = draft();
    let found: Vec<&Value> = published["diagnostics"]
        .as_array()
        .map(|ds| ds.iter().filter(|d| d["code"] == "PRE001").collect())
        .unwrap_or_default();
    assert_eq!(found.len(), 1, "{:?}", codes(&published));
    let at = text.find("(c) To establish").expect("2(c)");
    assert_eq!(found[0]["range"]["start"], position(&text, at, "utf-16"));
    assert_eq!(found[0]["severity"], 3, "information");
    assert!(codes(&published).contains(&"DSR006".to_string()));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_index_is_one_warning_and_the_server_keeps_working() {
    let dir = folder(
        "corrupt",
        "precedents = \"bad.mlpi\"\nselect = [\"PRE\", \"DSR\"]\n",
    );
    std::fs::write(dir.join("bad.mlpi"), b"%PDF-1.7 this is not an index").expect("bad index");
    let (uri, mut client, published) = session(&dir);
    assert!(
        codes(&published).contains(&"DSR006".to_string()),
        "diagnostics still published: {:?}",
        codes(&published)
    );
    let warnings = shown_messages(&client);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("bad.mlpi") && !warnings[0].contains('\n'),
        "{warnings:?}"
    );
    // More edits, hover: no second warning, no precedents.
    let text = draft();
    client.change_full(&uri, &format!("{text}\n"), 2);
    let published = client.wait_diagnostics(&uri, 2);
    assert!(!codes(&published).is_empty());
    assert!(!codes(&published).contains(&"PRE001".to_string()));
    let shown = hover_at(&mut client, &uri, &text, "To train the Arcadian");
    assert!(!shown.contains("Agreed language"), "{shown}");
    assert_eq!(
        shown_messages(&client).len(),
        1,
        "{:?}",
        shown_messages(&client)
    );
    // The index is replaced by a good one: read again on the next check.
    std::fs::copy(dir.join("precedents.mlpi"), dir.join("bad.mlpi")).expect("replace");
    client.change_full(&uri, &text, 3);
    let published = client.wait_diagnostics(&uri, 3);
    assert!(
        codes(&published).contains(&"PRE001".to_string()),
        "{:?}",
        codes(&published)
    );
    let shown = hover_at(&mut client, &uri, &text, "To train the Arcadian");
    assert!(shown.contains("**Agreed language**"), "{shown}");
    assert_eq!(
        shown_messages(&client).len(),
        1,
        "{:?}",
        shown_messages(&client)
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
