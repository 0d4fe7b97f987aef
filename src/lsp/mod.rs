//! The language server (`mandate-lint lsp`), over stdio.

/// Runs the language server on stdin/stdout until the client says exit.
pub fn run_stdio() -> std::io::Result<()> {
    Err(std::io::Error::other("the language server is not built yet"))
}
