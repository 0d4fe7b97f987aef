//! The shared data beside the repository (`../shared`: the real corpus, the PEMA
//! coding, public schemas). A test that needs it asks `shared`: when the data is
//! missing the test says so and skips, except under CI (`CI` set, as `.ci/run` and CI
//! services do), where missing data fails the test instead of passing it silently.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Whether the environment says this is a CI run (`CI` set to anything but "", "0"
/// or "false").
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// `../shared/<rel>` when it exists. Otherwise: under CI a failure naming it; outside
/// CI a printed "SKIPPED" line saying what was not measured, and `None`.
pub fn shared(rel: &str, what: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        !in_ci(),
        "{} is missing and CI is set: {what} must run in CI (put the shared data beside the repository)",
        path.display()
    );
    println!("SKIPPED: {} is absent; {what} not run", path.display());
    None
}
