//! The DCAF profile code lens over the real stdio of `mandate-lint lsp`: on the first
//! operative paragraph, the same profile `check` prints, following the text as the
//! drafter adds tasks until the mandate is comprehensive.

mod lsp_client;

use lsp_client::LspClient;
use serde_json::{json, Value};

const EXE: &str = env!("CARGO_BIN_EXE_mandate-lint");
const URI: &str = "file:///tmp/mandate-lint-profile/valdoria.draft.txt";

/// Training only: one category, technical, tactical: far from comprehensive.
const NARROW: &str = "\
The Security Council,

Recalling its resolutions 2151 (2014) and 2553 (2020) on security sector reform — in Sérac as elsewhere,

1. Decides to extend the mandate of the United Nations Integrated Support Mission in Valdoria (UNISMV) until 30 June 2027;

2. Requests UNISMV to carry out the following tasks:

    (a) To train and equip the soldiers of the Valdorian Armed Forces (VAF);

3. Decides to remain actively seized of the matter.
";

fn lens_titles(client: &mut LspClient) -> Vec<(u64, String)> {
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": URI}}),
        )
        .expect("codeLens answers");
    lenses
        .as_array()
        .map(|a| {
            a.iter()
                .map(|l: &Value| {
                    (
                        l["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
                        l["command"]["title"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_profile_lens_follows_the_draft_to_comprehensive() {
    let mut client = LspClient::spawn(EXE);
    let init = client.initialize(&["utf-16"], json!({}));
    assert_eq!(
        init["capabilities"]["codeLensProvider"]["resolveProvider"],
        false
    );

    client.open(URI, NARROW, 1);
    client.wait_diagnostics(URI, 1);
    let lenses = lens_titles(&mut client);
    assert_eq!(lenses.len(), 2, "{lenses:?}");
    // Line 0: the enacting formula, "The Security Council,".
    assert!(lenses.iter().all(|(line, _)| *line == 0), "{lenses:?}");
    let profile = &lenses[0].1;
    assert!(
        profile.starts_with("DCAF profile: 1 DSR task (1 explicit, 0 implicit)"),
        "{profile}"
    );
    assert!(
        profile.contains("engagement: technical · levels: tactical"),
        "{profile}"
    );
    assert!(lenses[1].1.starts_with("✗ not comprehensive"), "{lenses:?}");
    assert!(
        lenses[1].1.contains("no political engagement"),
        "{lenses:?}"
    );

    // The drafter writes the comprehensive mandate of the fixture; no save needed.
    let comprehensive = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/comprehensive-dsr-mandate.txt"),
    )
    .expect("fixture");
    client.change_full(URI, &comprehensive, 2);
    let lenses = lens_titles(&mut client);
    assert_eq!(lenses.len(), 2, "{lenses:?}");
    assert!(lenses[0].1.contains("6 DSR tasks"), "{lenses:?}");
    assert!(lenses[1].1.starts_with("✓ comprehensive"), "{lenses:?}");

    // The same profile as `check` prints after its summary line.
    let cli = std::process::Command::new(EXE)
        .args(["check", "fixtures/comprehensive-dsr-mandate.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("check runs");
    let stdout = String::from_utf8_lossy(&cli.stdout);
    assert!(
        stdout.contains("DCAF profile: 6 DSR tasks (6 explicit, 0 implicit)"),
        "{stdout}"
    );
    assert!(stdout.contains("\n  comprehensive (DCAF 2020"), "{stdout}");

    assert!(client.shutdown_and_exit().success());
}

/// Opens NARROW, then adds a political task, in a client that does or does not accept
/// `workspace/codeLens/refresh`; returns how many refreshes the server asked for.
fn refreshes_after_two_checks(refresh_support: bool) -> usize {
    let mut client = LspClient::spawn(EXE);
    let capabilities = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}},
        "workspace": {"codeLens": {"refreshSupport": refresh_support}}
    });
    client.initialize_with(capabilities, json!({}));
    client.open(URI, NARROW, 1);
    client.wait_diagnostics(URI, 1);
    let wider = NARROW.replace(
        "(VAF);",
        "(VAF);\n\n    (b) To use its good offices to build consensus among national stakeholders on defence sector reform;",
    );
    client.change_full(URI, &wider, 2);
    client.wait_diagnostics(URI, 2);
    // The refresh follows each publication; requests in between let it arrive (a
    // client that declined gets none: one second shows it).
    let wait = std::time::Duration::from_secs(if refresh_support { 10 } else { 1 });
    let deadline = std::time::Instant::now() + wait;
    let count = |c: &LspClient| {
        c.server_requests
            .iter()
            .filter(|m| *m == "workspace/codeLens/refresh")
            .count()
    };
    while count(&client) < 2 && std::time::Instant::now() < deadline {
        let _ = lens_titles(&mut client);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let lenses = lens_titles(&mut client);
    assert!(
        lenses
            .iter()
            .any(|(_, t)| t.contains("engagement: political")),
        "the lens follows the edit: {lenses:?}"
    );
    let n = count(&client);
    client.shutdown_and_exit();
    n
}

#[test]
fn each_new_check_asks_a_willing_client_to_refresh_its_lenses() {
    // A lens request may be answered before an edit is applied (requests and
    // notifications run concurrently) and a client need not ask again by itself: the
    // server tells it to, once per publication, and only if it said it understands.
    assert_eq!(refreshes_after_two_checks(true), 2);
    assert_eq!(refreshes_after_two_checks(false), 0);
}
