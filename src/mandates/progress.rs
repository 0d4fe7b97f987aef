//! A small progress bar on standard error, for long runs over many files. Shown only
//! when standard error is a terminal (never in pipes, CI logs or tests).

use std::io::{IsTerminal as _, Write as _};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Inputs below this count finish too fast for a bar to help.
pub const MIN_ITEMS: usize = 20;

const WIDTH: usize = 30;

#[derive(Debug)]
pub struct Progress {
    total: usize,
    done: AtomicUsize,
    label: String,
    /// Serialises drawing (workers tick from several threads).
    draw: Mutex<()>,
}

impl Progress {
    /// A bar for `total` items, or `None` when stderr is not a terminal or there are
    /// too few items.
    pub fn for_terminal(total: usize, label: &str) -> Option<Progress> {
        if total < MIN_ITEMS || !std::io::stderr().is_terminal() {
            return None;
        }
        Some(Progress {
            total,
            done: AtomicUsize::new(0),
            label: label.to_string(),
            draw: Mutex::new(()),
        })
    }

    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        // Redraw about a hundred times per run, not once per file.
        let step = (self.total / 100).max(1);
        if !done.is_multiple_of(step) && done != self.total {
            return;
        }
        let Ok(_guard) = self.draw.lock() else { return };
        let line = render(&self.label, done, self.total);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}");
        let _ = err.flush();
    }

    /// Clears the bar's line.
    pub fn finish(&self) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{}\r", " ".repeat(WIDTH + self.label.len() + 24));
        let _ = err.flush();
    }
}

/// "reading [#########.....] 45/100".
pub fn render(label: &str, done: usize, total: usize) -> String {
    let total = total.max(1);
    let done = done.min(total);
    let filled = WIDTH * done / total;
    format!(
        "{label} [{}{}] {done}/{total}",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_in_proportion() {
        assert_eq!(
            render("reading", 15, 30),
            format!("reading [{}{}] 15/30", "#".repeat(15), ".".repeat(15))
        );
        assert_eq!(render("x", 9, 3), format!("x [{}] 3/3", "#".repeat(30)));
    }
}
