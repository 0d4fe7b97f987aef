//! The language server (`mandate-lint lsp`), over stdio: diagnostics as you type,
//! hover with the rule's rationale and source, quick fixes, outline, folding and
//! completion of verbs, openers and clause-bank clauses.

mod convert;
mod documents;
mod features;
mod integration;
mod knowledge;
mod server;
mod settings;

pub use knowledge::{BankClause, Knowledge, Reference};
pub use server::Backend;

/// Runs the language server on stdin/stdout until the client says exit.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let stdin = tokio::io::stdin();
        let stdout = tokio::io::stdout();
        let (service, socket) = tower_lsp_server::LspService::new(Backend::new);
        tower_lsp_server::Server::new(stdin, stdout, socket)
            .serve(service)
            .await;
    });
    Ok(())
}
