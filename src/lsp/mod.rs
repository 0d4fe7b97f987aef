//! The language server (`mandate-lint lsp`), over stdio: diagnostics as you type,
//! hover with the rule's rationale and source, quick fixes, outline, folding and
//! completion of verbs, openers and clause-bank clauses.

mod checking;
mod commands;
mod convert;
mod documents;
mod features;
mod heap;
mod integration;
mod knowledge;
mod pipe;
mod published;
mod server;
mod settings;
mod transport;
mod workspace;

pub use knowledge::{BankClause, Knowledge, Reference};
pub use server::Backend;

/// Runs the language server on stdin/stdout until the client says exit.
pub fn run_stdio() -> std::io::Result<()> {
    heap::keep_freed_memory();
    pipe::widen_stdout();
    // One worker: the protocol's handlers run on this thread (`block_on`), the checks on
    // the blocking pool and the rules' pool; the worker takes the guard's copies and the
    // scheduled checks' publications. A second worker was woken for each task spawned
    // and mostly found nothing to do: 64 alternating rounds on two cores, p50 60 KB 0.577
    // → 0.549 ms, 250 KB 1.253 → 1.168 ms.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let (outbox, frames) = tokio::sync::mpsc::unbounded_channel();
    let (written, all_written) = std::sync::mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("stdout".to_string())
        .spawn(move || {
            transport::write_frames(frames, transport::unbuffered_stdout());
            let _ = written.send(());
        })?;
    let end = outbox.clone();
    runtime.block_on(serve(tokio::io::stdin(), outbox));
    // What was sent before the end is written; a client that stopped reading is not
    // waited for long.
    let _ = end.send(Vec::new());
    let _ = all_written.recv_timeout(CLIENT_GONE_GRACE);
    // Reading stdin blocks a thread that may never return; do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

/// Serves one client over `input`, through the guard in `transport`; every frame for
/// the client goes to `outbox`, which `transport::write_frames` writes out.
pub async fn serve<R>(input: R, outbox: transport::Outbox)
where
    R: tokio::io::AsyncRead + Unpin + Send + 'static,
{
    const PIPE: usize = 1 << 16;
    // Room for a whole publication on a long draft (a quarter of a megabyte for 400
    // findings), so the protocol library writes it in one go rather than in 64 KB
    // turns with the guard: those turns were 1.6 ms of a keystroke at 250 KB.
    const OUT_PIPE: usize = 1 << 20;
    // client → guard → `to_server` ⇒ `server_in` → protocol library
    let (to_server, server_in) = tokio::io::duplex(PIPE);
    // protocol library → `server_out` ⇒ `from_server` → guard → client
    let (server_out, from_server) = tokio::io::duplex(OUT_PIPE);
    // The guard's replies, the library's frames and the server's own publications
    // (`transport::Outbox`) all go to the one writer, in the order sent.
    let mut input_task = tokio::spawn(transport::pump_input(input, to_server, outbox.clone()));
    let output_task = tokio::spawn(transport::pump_output(from_server, outbox.clone()));
    let (service, socket) =
        tower_lsp_server::LspService::new(move |client| Backend::new(client, outbox));
    let mut serving =
        Box::pin(tower_lsp_server::Server::new(server_in, server_out, socket).serve(service));
    tokio::select! {
        () = &mut serving => {}
        _ = &mut input_task => {
            // The client is gone (end of input). The protocol library waits for every
            // handler in flight, and a handler awaiting the client's reply (a
            // configuration pull, a registration) would wait forever: let the server
            // finish what it can, briefly, then stop.
            let _ = tokio::time::timeout(CLIENT_GONE_GRACE, &mut serving).await;
        }
    }
    drop(serving);
    // The server has stopped: pass on what it wrote, then stop reading the client.
    let _ = tokio::time::timeout(CLIENT_GONE_GRACE, output_task).await;
    input_task.abort();
}

/// How long the server may go on after its client's input ended.
const CLIENT_GONE_GRACE: std::time::Duration = std::time::Duration::from_secs(2);
