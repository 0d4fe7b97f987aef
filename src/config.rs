//! `mandate-lint.toml`: discovery, validation and application to diagnostics.
