//! The language server's heap: what one check frees, the next one reuses.
//!
//! A keystroke on a long draft allocates and frees blocks of a few hundred kilobytes
//! (the text, the clause list, the publication). With glibc's defaults each block over
//! 128 KB is mapped and unmapped on its own, and a free heap top over 128 KB is handed
//! back, so the next keystroke faults the same pages in again, zeroed by the kernel: on
//! a 250 KB draft, 12–16% of the time from `didChange` to `publishDiagnostics` (perf:
//! `exc_page_fault`, `clear_page_erms`, `unmap_page_range`). The server is one
//! long-lived process whose working set is tens of megabytes, so it keeps them. A batch
//! `check` gains nothing from this (measured over the corpus) and keeps the defaults.

/// Blocks up to this size come from the heap (glibc's ceiling on 64-bit).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MAP_ABOVE: libc::c_int = 32 << 20;
/// Free memory at the heap top kept up to this size (the size of a thread's arena).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_ABOVE: libc::c_int = 64 << 20;

/// Sets the allocator up for a long-lived server; call before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn keep_freed_memory() {
    // SAFETY: mallopt only changes two of the allocator's thresholds; it is called
    // before the runtime's threads exist, and fixed thresholds are valid values
    // (setting either also stops glibc from moving them on its own).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_ABOVE);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_ABOVE);
    }
}

/// Other allocators (musl, macOS, Windows) are left as they are.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn keep_freed_memory() {}
