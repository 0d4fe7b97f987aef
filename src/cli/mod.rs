//! The `mandate-lint` command line (binary side).

pub mod args;
pub mod check;
pub mod commands;
pub mod mandates;

use clap::Parser as _;

pub const EXIT_OK: i32 = 0;
/// Findings at or above the threshold.
pub const EXIT_FINDINGS: i32 = 1;
/// Usage, configuration or input errors.
pub const EXIT_ERROR: i32 = 2;

/// A run-stopping problem, printed as one line on standard error.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: i32,
}

impl Failure {
    pub fn usage(message: String) -> Failure {
        Failure {
            message,
            code: EXIT_ERROR,
        }
    }
    pub fn input(message: String) -> Failure {
        Failure {
            message,
            code: EXIT_ERROR,
        }
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> i32 {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version on stdout (exit 0) and usage errors on
            // stderr (exit 2).
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
        }
    };
    let result = match cli.command {
        args::Command::Check(a) => check::run(a),
        args::Command::Inspect(a) => commands::inspect(&a),
        args::Command::Rules(a) => commands::rules(&a),
        args::Command::Explain { code } => commands::explain(&code),
        args::Command::Lsp => commands::lsp(),
        args::Command::Completions { shell } => commands::completions(shell),
        args::Command::Man => commands::man(),
        args::Command::Diff(a) => mandates::diff(&a),
        args::Command::History(a) => mandates::history(&a),
        args::Command::Map(a) => mandates::map(&a),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("mandate-lint: {}", f.message);
            f.code
        }
    }
}
