//! Renewals in the editor, over the server's real stdio: DSR003 (a DSR task renewed
//! word for word) appears as soon as a draft is opened when `previous` in
//! `mandate-lint.toml` names the mandate it renews, and goes when the copied paragraph
//! is edited; the "Compare with previous mandate…" command
//! (`workspace/executeCommand`) does the same without a configuration.

mod lsp_client;

use std::path::{Path, PathBuf};

use lsp_client::{codes, position, range, LspClient};
use serde_json::{json, Value};

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");

/// The mandate being renewed (written for this test, in the style of a real one).
const OLD: &str = "\
S/2025/300

The Security Council,

Recalling its resolutions 2151 (2014) and 2553 (2020) on security sector reform,

Welcoming the “Lumen Agreement” — signed by the parties in Lumen-sur-Mer on 3 March 2024,

1. Decides to extend the mandate of the United Nations Integrated Support Mission in Valdoria (UNISMV) until 31 March 2026;

2. Requests UNISMV to advise the Ministry of Defence of Valdoria on the drafting of a defence white paper and of a law on the status of military personnel;

3. Decides to remain actively seized of the matter.
";

/// The renewal: a year later, paragraph 2 copied word for word.
const NEW: &str = "\
S/2026/301

The Security Council,

Recalling its resolutions 2151 (2014) and 2553 (2020) on security sector reform,

Welcoming the “Lumen Agreement” — signed by the parties in Lumen-sur-Mer on 3 March 2024, and the Government’s défense review,

1. Decides to extend the mandate of the United Nations Integrated Support Mission in Valdoria (UNISMV) until 31 March 2027;

2. Requests UNISMV to advise the Ministry of Defence of Valdoria on the drafting of a defence white paper and of a law on the status of military personnel;

3. Decides to remain actively seized of the matter.
";

const COPIED: &str = "a defence white paper and of a law on the status of military personnel";
const REVISED: &str = "the implementing decrees of the defence law adopted by Parliament in May 2025, and on their review by its defence committee";

/// A fresh folder holding the previous mandate and, if given, a config.
fn folder(name: &str, config: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "mandate-lint-renewal-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("old.txt"), OLD).expect("write previous mandate");
    if let Some(config) = config {
        std::fs::write(dir.join("mandate-lint.toml"), config).expect("write config");
    }
    dir
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A server with the renewal draft open in a fresh folder: (folder, draft URI, client,
/// the first publication).
fn session(name: &str, config: Option<&str>) -> (PathBuf, String, LspClient, Value) {
    let dir = folder(name, config);
    let uri = file_uri(&dir.join("renewal.draft.txt"));
    let mut client = LspClient::spawn(EXE);
    let init = client.initialize(&["utf-16"], json!({"debounceMs": 0}));
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["mandate-lint.setPreviousMandate"])
    );
    client.open(&uri, NEW, 1);
    let published = client.wait_diagnostics(&uri, 1);
    (dir, uri, client, published)
}

fn dsr003(params: &Value) -> Vec<Value> {
    params["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .filter(|d| d["code"] == "DSR003")
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// DSR003 is published on paragraph 2, whose head it underlines (UTF-16 columns; the
/// preamble above has curly quotes, an em dash and "é").
fn assert_flags_paragraph_2(published: &Value) {
    let found = dsr003(published);
    assert_eq!(found.len(), 1, "one DSR003: {:?}", codes(published));
    let at = NEW.find("2. Requests UNISMV").expect("paragraph 2");
    assert_eq!(
        found[0]["range"]["start"],
        position(NEW, at, "utf-16"),
        "on paragraph 2"
    );
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("identical"), "{message}");
}

/// Replaces the copied words of paragraph 2 with revised ones (version `version`).
fn revise_paragraph_2(client: &mut LspClient, uri: &str, version: i64) {
    let at = NEW.find(COPIED).expect("copied words");
    client.change_range(
        uri,
        range(NEW, at, at + COPIED.len(), "utf-16"),
        REVISED,
        version,
    );
}

#[test]
fn previous_in_the_config_flags_a_copied_dsr_task_until_it_is_edited() {
    let (dir, uri, mut client, published) = session("config", Some("previous = \"old.txt\"\n"));
    assert_flags_paragraph_2(&published);

    revise_paragraph_2(&mut client, &uri, 2);
    let published = client.wait_diagnostics(&uri, 2);
    assert!(
        dsr003(&published).is_empty(),
        "the revised paragraph is no longer a copy: {:?}",
        codes(&published)
    );
    assert!(!codes(&published).is_empty(), "other rules still report");

    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_with_previous_mandate_command_works_without_a_config() {
    let (dir, uri, mut client, published) = session("command", None);
    assert!(
        dsr003(&published).is_empty(),
        "no previous mandate yet: {:?}",
        codes(&published)
    );

    let previous = file_uri(&dir.join("old.txt"));
    let answer = client.request(
        "workspace/executeCommand",
        json!({"command": "mandate-lint.setPreviousMandate", "arguments": [uri, previous]}),
    );
    assert!(answer.is_ok(), "{answer:?}");
    // The draft is checked again at once, for the same version.
    let published = client.wait_diagnostics(&uri, 1);
    assert_flags_paragraph_2(&published);

    revise_paragraph_2(&mut client, &uri, 2);
    let published = client.wait_diagnostics(&uri, 2);
    assert!(dsr003(&published).is_empty(), "{:?}", codes(&published));

    // A file that cannot be read is an error, and the choice stays as it was.
    let missing = file_uri(&dir.join("no-such-mandate.txt"));
    let answer = client.request(
        "workspace/executeCommand",
        json!({"command": "mandate-lint.setPreviousMandate", "arguments": [uri, missing]}),
    );
    let error = answer.expect_err("an unreadable previous mandate is refused");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("no-such-mandate.txt"),
        "{error}"
    );
    // An unknown command is refused with the known ones.
    let answer = client.request(
        "workspace/executeCommand",
        json!({"command": "mandate-lint.nothing", "arguments": []}),
    );
    assert!(answer.is_err(), "{answer:?}");

    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn editing_the_previous_mandate_on_disk_is_noticed() {
    let (dir, uri, mut client, published) = session("mtime", Some("previous = \"old.txt\"\n"));
    assert_flags_paragraph_2(&published);

    // The previous mandate is rewritten outside the editor (no watcher event): the
    // next check compares with the new file.
    let old_revised = OLD.replace(COPIED, REVISED);
    std::fs::write(dir.join("old.txt"), old_revised).expect("rewrite previous mandate");
    client.change_full(&uri, NEW, 2);
    let published = client.wait_diagnostics(&uri, 2);
    assert!(dsr003(&published).is_empty(), "{:?}", codes(&published));

    assert_eq!(client.shutdown_and_exit().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
