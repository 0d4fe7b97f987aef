//! Helpers every subcommand shares: writing to stdout and finding the configuration.
//! Kept apart from `commands.rs` so that the subcommand modules depend on it and not on
//! each other.

use std::io::Write as _;
use std::path::Path;

use mandate_lint::config::Config;

use super::{Failure, EXIT_OK};

/// Writes a command's output; a closed pipe (`| head`) is not an error.
pub(super) fn write_stdout(text: &str) -> Result<i32, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(Failure::input(format!("<stdout>: cannot write: {e}"))),
    }
}

/// The config named on the command line, or the one found from `start`.
pub(super) fn config_for(explicit: Option<&Path>, start: &Path) -> Result<Option<Config>, Failure> {
    match explicit {
        Some(p) => Config::load(p)
            .map(|l| Some(l.config))
            .map_err(|e| Failure::usage(e.to_string())),
        None => {
            let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
            Config::discover(&start)
                .map(|l| l.map(|l| l.config))
                .map_err(|e| Failure::usage(e.to_string()))
        }
    }
}
