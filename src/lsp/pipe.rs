//! The pipe the server writes its messages into.
//!
//! A publication on a long draft is about 300 KB, and a pipe holds 64 KB unless asked:
//! the server wrote each publication in five turns, each waiting for the client to read
//! the last, two threads taking turns on the machine's cores. A pipe of 1 MB (Linux's
//! default ceiling for a process that is not privileged) takes it in one write.

/// The capacity asked for stdout when it is a pipe.
#[cfg(target_os = "linux")]
const CAPACITY: libc::c_int = 1 << 20;

/// Widens stdout when it is a pipe; anything else (a file, a terminal, a socket) and a
/// refusal (a lower ceiling) leave it as it is.
#[cfg(target_os = "linux")]
pub fn widen_stdout() {
    // SAFETY: F_SETPIPE_SZ on a descriptor this process owns for its whole life; on a
    // descriptor that is not a pipe it fails with EBADF or EINVAL and changes nothing.
    unsafe {
        libc::fcntl(libc::STDOUT_FILENO, libc::F_SETPIPE_SZ, CAPACITY);
    }
}

/// Pipes elsewhere have sizes of their own (none to ask for on Windows).
#[cfg(not(target_os = "linux"))]
pub fn widen_stdout() {}
