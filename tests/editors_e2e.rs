//! End-to-end tests with real clients, run by `cargo test` so that one command runs the
//! whole suite:
//! - Neovim headless attaches the language server to a fixture draft
//!   (`tests/editors/nvim/`);
//! - a Node client built on `vscode-jsonrpc` and `vscode-languageserver-protocol`, the
//!   libraries VS Code's client uses (`tests/editors/node/`);
//! - the `map --format html` page rendered in headless Chromium
//!   (`tests/editors/html/check.sh`);
//! - the VS Code extension in a real workbench: code-server with the packaged .vsix,
//!   driven through headless Chromium (`editors/vscode/test/workbench.mjs`).
//!
//! Each needs an outside program (nvim, node + `npm ci`, chromium, code-server installed
//! by `editors/vscode/test/install.sh`). When it is missing
//! the test says so and passes, unless `MANDATE_LINT_REQUIRE_E2E=1` (set by `.ci/run`,
//! which installs them), where a missing tool is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_mandate-lint")
}

fn required() -> bool {
    std::env::var("MANDATE_LINT_REQUIRE_E2E").is_ok_and(|v| v == "1")
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program} >/dev/null 2>&1"))
        .status()
        .is_ok_and(|s| s.success())
}

/// Skips (prints why) or fails when a prerequisite is missing.
fn prerequisite(ok: bool, what: &str) -> bool {
    if ok {
        return true;
    }
    assert!(
        !required(),
        "{what} is required (MANDATE_LINT_REQUIRE_E2E=1) but missing"
    );
    println!("SKIPPED: {what} is not installed; .ci/run installs it");
    false
}

fn run(cmd: &mut Command, what: &str) {
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => panic!("{what}: cannot start: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "{what} failed with {}:\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status
    );
}

#[test]
fn neovim_headless_receives_the_diagnostics() {
    if !prerequisite(have("nvim"), "Neovim (apt-get install neovim)") {
        return;
    }
    run(
        Command::new("bash")
            .arg(root().join("tests/editors/nvim/run.sh"))
            .env("MANDATE_LINT_BIN", binary())
            .current_dir(root()),
        "Neovim end-to-end test",
    );
}

#[test]
fn node_client_with_vscode_protocol_libraries() {
    let dir = root().join("tests/editors/node");
    let installed = dir.join("node_modules/vscode-jsonrpc").is_dir();
    if !prerequisite(
        have("node") && installed,
        "Node with the test's npm packages (cd tests/editors/node && npm ci)",
    ) {
        return;
    }
    run(
        Command::new("node")
            .arg("--test")
            .env("MANDATE_LINT_BIN", binary())
            .current_dir(&dir),
        "Node end-to-end test",
    );
}

#[test]
fn map_html_renders_in_headless_chromium() {
    if !prerequisite(have("chromium"), "Chromium (apt-get install chromium)") {
        return;
    }
    let script: &Path = &root().join("tests/editors/html/check.sh");
    run(
        Command::new("bash")
            .arg(script)
            .arg(binary())
            .env("REQUIRE_CHROMIUM", "1")
            .current_dir(root()),
        "HTML map rendering check",
    );
}

#[test]
fn vscode_extension_in_a_real_workbench() {
    let test_dir = root().join("editors/vscode/test");
    let installed = test_dir
        .join("node_modules/code-server/lib/vscode/node_modules.asar")
        .exists()
        && test_dir.join("node_modules/playwright-core").is_dir();
    if !prerequisite(
        have("node") && have("chromium") && installed,
        "code-server, playwright-core and Chromium (bash editors/vscode/test/install.sh)",
    ) {
        return;
    }
    // The script prints its time and writes it, with the Problems panel screenshot, to
    // target/vscode-e2e/ (shown by .ci/run, kept as a CI artifact).
    run(
        Command::new("node")
            .arg(test_dir.join("workbench.mjs"))
            .env("MANDATE_LINT_BIN", binary())
            .env("MANDATE_LINT_ARTIFACTS", root().join("target/vscode-e2e"))
            .current_dir(root()),
        "VS Code workbench test",
    );
}
