//! `mandate-lint`: see `mandate-lint --help` and the README.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::string_slice))]

mod cli;

fn main() {
    std::process::exit(cli::main());
}
