//! A guard in front of the protocol library's stdio transport. `tower-lsp-server`
//! stops reading after the first undecodable message, which would let one malformed
//! message from a client (or a plugin) kill the server. This layer reads frames from
//! stdin itself, passes only well-formed JSON-RPC messages on, and answers the rest
//! with a JSON-RPC error; one writer thread owns stdout so frames never interleave
//! (`write_frames`). It takes the library's frames and those the server wrote itself
//! (`Outbox`): the guard's error replies and the diagnostics publications, which skip
//! the library's detour through `serde_json::Value` (a quarter of a megabyte of findings
//! on a long draft, turned into a tree, written out, then parsed back by this guard: 12%
//! of a keystroke). A publication goes from the check's thread to the writer's and into
//! the pipe: through an async task and tokio's stdout it was copied into a buffer and
//! passed through two more threads.

use serde::Serialize;
use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;

/// Larger messages are refused (and skipped) rather than buffered.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// One frame read from the client.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    /// A body that is a valid JSON-RPC message, to pass on.
    Message(Vec<u8>),
    /// Something to answer with this error response instead.
    Reject(Value),
    /// End of input.
    Eof,
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Whether a JSON value is a message the protocol library will accept, else the
/// error response to send back.
pub fn validate(body: &[u8]) -> Result<(), Value> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| error_response(Value::Null, -32700, &format!("parse error: {e}")))?;
    let Some(obj) = value.as_object() else {
        return Err(error_response(
            Value::Null,
            -32600,
            "invalid request: not an object",
        ));
    };
    let id = obj.get("id").cloned();
    let id_ok = id
        .as_ref()
        .is_none_or(|i| i.is_null() || i.is_string() || i.is_i64() || i.is_u64());
    let reply_id = if id_ok {
        id.clone().unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    let invalid =
        |why: &str| error_response(reply_id.clone(), -32600, &format!("invalid request: {why}"));
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid("\"jsonrpc\" must be \"2.0\""));
    }
    if !id_ok {
        return Err(invalid("\"id\" must be a number or a string"));
    }
    match obj.get("method") {
        Some(Value::String(_)) => {
            let params_ok = obj
                .get("params")
                .is_none_or(|p| p.is_object() || p.is_array() || p.is_null());
            if params_ok {
                Ok(())
            } else {
                Err(invalid("\"params\" must be an object or an array"))
            }
        }
        Some(_) => Err(invalid("\"method\" must be a string")),
        None if id.is_some() && (obj.contains_key("result") || obj.contains_key("error")) => Ok(()),
        None => Err(invalid("no \"method\"")),
    }
}

/// Reads the next frame and checks that its body is a JSON-RPC message the protocol
/// library will accept.
pub async fn read_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Incoming> {
    Ok(match read_raw_frame(reader).await? {
        Incoming::Message(body) => match validate(&body) {
            Ok(()) => Incoming::Message(body),
            Err(reply) => Incoming::Reject(reply),
        },
        other => other,
    })
}

/// Reads the next frame: headers up to a blank line, then `Content-Length` bytes. The
/// body is not parsed: the server's own output needs no check, and parsing a
/// publication of a few hundred findings took 8% of a keystroke's CPU.
async fn read_raw_frame<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Incoming> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(Incoming::Eof);
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank lines between frames
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>().map_err(|e| e.to_string()));
            }
        }
    }
    match length {
        None => Ok(Incoming::Reject(error_response(
            Value::Null,
            -32700,
            "parse error: missing Content-Length header",
        ))),
        Some(Err(e)) => Ok(Incoming::Reject(error_response(
            Value::Null,
            -32700,
            &format!("parse error: bad Content-Length: {e}"),
        ))),
        Some(Ok(n)) if n > MAX_BODY => {
            // Skip the body so the next frame can still be read.
            tokio::io::copy(&mut reader.take(n as u64), &mut tokio::io::sink()).await?;
            Ok(Incoming::Reject(error_response(
                Value::Null,
                -32600,
                "message too large",
            )))
        }
        Some(Ok(n)) => {
            let mut body = vec![0u8; n];
            reader.read_exact(&mut body).await?;
            Ok(Incoming::Message(body))
        }
    }
}

/// Frames for the client, written by `write_frames` in the order sent: the library's
/// (`pump_output`) and those that bypass it. An empty frame ends the writing.
pub type Outbox = mpsc::UnboundedSender<Vec<u8>>;

/// Stdout without the standard library's line buffering, which looks for the last line
/// break in every write (the whole 300 KB of a long draft's publication); the standard
/// handle where the descriptor cannot be duplicated.
pub fn unbuffered_stdout() -> Box<dyn std::io::Write + Send> {
    #[cfg(unix)]
    if let Ok(fd) = std::os::fd::AsFd::as_fd(&std::io::stdout()).try_clone_to_owned() {
        return Box::new(std::fs::File::from(fd));
    }
    Box::new(std::io::stdout())
}

/// Writes the frames sent to `frames` to `output`, each whole and flushed, until an
/// empty one, the last sender gone, or a failed write (the client is gone). Runs on a
/// thread of its own: the receiver waits by blocking.
pub fn write_frames(mut frames: mpsc::UnboundedReceiver<Vec<u8>>, mut output: impl std::io::Write) {
    while let Some(bytes) = frames.blocking_recv() {
        if bytes.is_empty()
            || output
                .write_all(&bytes)
                .and_then(|()| output.flush())
                .is_err()
        {
            break;
        }
    }
}

/// A notification, framed for the wire, serialised straight from its typed parameters.
pub fn notification_frame<P: Serialize>(method: &str, params: &P) -> serde_json::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })?;
    Ok(frame(&body))
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Copies checked frames from `input` to `to_server`; rejected ones go to `replies`.
pub async fn pump_input<R, W>(input: R, mut to_server: W, replies: Outbox)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        match read_frame(&mut reader).await {
            Ok(Incoming::Message(body)) => {
                if to_server.write_all(&frame(&body)).await.is_err() {
                    break;
                }
                let _ = to_server.flush().await;
            }
            Ok(Incoming::Reject(reply)) => {
                let _ = replies.send(frame(reply.to_string().as_bytes()));
            }
            Ok(Incoming::Eof) | Err(_) => break,
        }
    }
    let _ = to_server.shutdown().await;
}

/// Passes the protocol library's frames, whole, to the writer (`write_frames`), where
/// they join the server's own.
pub async fn pump_output<R: AsyncRead + Unpin>(from_server: R, to_client: Outbox) {
    let mut reader = BufReader::new(from_server);
    loop {
        match read_raw_frame(&mut reader).await {
            Ok(Incoming::Message(body)) => {
                if to_client.send(frame(&body)).is_err() {
                    break;
                }
            }
            // The server's own output is always valid; anything else is a bug
            // upstream, not worth forwarding.
            Ok(Incoming::Reject(_)) => {}
            Ok(Incoming::Eof) | Err(_) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        assert!(validate(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(validate(br#"{"jsonrpc":"2.0","method":"initialized"}"#).is_ok());
        assert!(validate(br#"{"jsonrpc":"2.0","id":"a","result":null}"#).is_ok());
        let parse = validate(b"{not json").err().unwrap_or_default();
        assert_eq!(parse["error"]["code"], -32700);
        let no_method = validate(br#"{"jsonrpc":"2.0","id":7}"#)
            .err()
            .unwrap_or_default();
        assert_eq!(no_method["error"]["code"], -32600);
        assert_eq!(no_method["id"], 7);
        assert!(validate(br#"[1,2]"#).is_err());
        assert!(validate(br#"{"jsonrpc":"1.0","id":1,"method":"x"}"#).is_err());
        assert!(validate(br#"{"jsonrpc":"2.0","id":{"x":1},"method":"x"}"#).is_err());
        assert!(validate(br#"{"jsonrpc":"2.0","id":1,"method":"x","params":3}"#).is_err());
    }

    /// The writer writes whole frames in the order sent and stops at the empty frame
    /// (what is sent after it is not written) or when every sender is gone.
    #[test]
    fn the_writer_keeps_the_order_and_stops_at_the_end() {
        let (tx, rx) = mpsc::unbounded_channel();
        for f in [&b"one"[..], b"two", b"", b"late"] {
            assert!(tx.send(f.to_vec()).is_ok());
        }
        // Sent, then gone: only the empty frame keeps "late" out.
        drop(tx);
        let mut out = Vec::new();
        write_frames(rx, &mut out);
        assert_eq!(out, b"onetwo");

        let (tx, rx) = mpsc::unbounded_channel();
        assert!(tx.send(b"only".to_vec()).is_ok());
        drop(tx);
        let mut out = Vec::new();
        write_frames(rx, &mut out);
        assert_eq!(out, b"only");
    }

    #[tokio::test]
    async fn frames_survive_garbage_between_them() {
        let good = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = Vec::new();
        input.extend(frame(good));
        input.extend(frame(b"{oops"));
        input.extend(b"X-Nonsense: 1\r\n\r\n");
        input.extend(frame(good));
        let mut reader = BufReader::new(&input[..]);
        assert_eq!(
            read_frame(&mut reader).await.ok(),
            Some(Incoming::Message(good.to_vec()))
        );
        assert!(matches!(
            read_frame(&mut reader).await,
            Ok(Incoming::Reject(_))
        ));
        assert!(matches!(
            read_frame(&mut reader).await,
            Ok(Incoming::Reject(_))
        ));
        assert_eq!(
            read_frame(&mut reader).await.ok(),
            Some(Incoming::Message(good.to_vec()))
        );
        assert_eq!(read_frame(&mut reader).await.ok(), Some(Incoming::Eof));
    }
}
