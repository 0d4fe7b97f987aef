//! The rule for tests that read `../shared`: missing data skips them outside CI and
//! fails them under CI. The only test in this binary, as it changes the environment.

#[path = "support/shared_data.rs"]
mod shared_data;

#[test]
fn missing_shared_data_fails_under_ci_and_skips_otherwise() {
    let original = std::env::var_os("CI");
    std::env::set_var("CI", "1");
    let under_ci =
        std::panic::catch_unwind(|| shared_data::shared("no-such-folder-anywhere", "this test"));
    std::env::set_var("CI", "false");
    let outside_ci = shared_data::shared("no-such-folder-anywhere", "this test");
    match original {
        Some(v) => std::env::set_var("CI", v),
        None => std::env::remove_var("CI"),
    }
    assert!(under_ci.is_err(), "under CI, missing data is a failure");
    assert!(outside_ci.is_none(), "outside CI, missing data is skipped");
}
