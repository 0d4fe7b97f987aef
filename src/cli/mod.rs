//! The `mandate-lint` command line (binary side).

pub mod annotate;
pub mod args;
pub mod check;
pub mod commands;
mod common;
pub mod mandates;
pub mod precedent;

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

thread_local! {
    /// The last panic on this thread, as "message at file:line", for the one-line
    /// report the catch sites print instead of the default multi-line one.
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Replaces the default panic output with a record the catch sites turn into one line.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{place}")));
    }));
}

/// The panic recorded on this thread by the hook, if any.
pub fn take_panic() -> String {
    LAST_PANIC
        .with(|p| p.borrow_mut().take())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs [`run`], turning a panic into one line on stderr and exit code 2.
pub fn main() -> i32 {
    install_panic_hook();
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => {
            eprintln!(
                "mandate-lint: internal error (please report it): {}",
                take_panic()
            );
            EXIT_ERROR
        }
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn run() -> i32 {
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
        args::Command::Index(a) => precedent::index(&a),
        args::Command::Precedent(a) => precedent::precedent(&a),
        args::Command::Debug(args::DebugCommand::TermForms(a)) => commands::term_forms(&a),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("mandate-lint: {}", f.message);
            f.code
        }
    }
}
