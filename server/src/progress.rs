//! A progress bar on a terminal, a log line every 10 % otherwise: for creating
//! a large sample catalog and for importing a large file.

use std::io::IsTerminal;

pub struct Progress {
    label: &'static str,
    total: u64,
    shown_percent: u64,
    terminal: bool,
}

impl Progress {
    /// `total` is what `update` counts up to (products, bytes); 0 when unknown.
    pub fn new(label: &'static str, total: u64) -> Self {
        Progress {
            label,
            total,
            shown_percent: 0,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    pub fn update(&mut self, done: u64) {
        let percent = done * 100 / self.total.max(1);
        if self.total == 0 || percent == self.shown_percent {
            return;
        }
        self.shown_percent = percent;
        if self.terminal {
            let bar = "#".repeat(percent.min(100) as usize / 2);
            eprint!("\r  {} [{bar:<50}] {percent:>3}%", self.label);
            if done >= self.total {
                eprintln!();
            }
        } else if percent.is_multiple_of(10) {
            tracing::info!(percent, done, total = self.total, "{}", self.label);
        }
    }

    /// Ends the bar's line on a terminal if `update` did not reach the total.
    pub fn finish(&mut self) {
        if self.terminal && self.shown_percent > 0 && self.shown_percent < 100 {
            eprintln!();
        }
        self.shown_percent = 100;
    }
}
