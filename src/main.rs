//! `mandate-lint`: see `mandate-lint --help` and the README.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
