//! What a scrape shows while it runs, on stderr: a progress bar on a terminal, one plain line per page
//! when stderr is a pipe or a CI log (a bar there is noise), nothing for in-process callers like tests.

use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Status;

pub enum Progress {
    Hidden,
    Bar(indicatif::ProgressBar),
    Lines { total: usize, done: AtomicUsize },
}

impl Progress {
    pub fn new(show: bool, total: usize) -> Self {
        if !show {
            return Progress::Hidden;
        }
        if !std::io::stderr().is_terminal() {
            return Progress::Lines { total, done: AtomicUsize::new(0) };
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        Progress::Bar(bar)
    }

    pub fn finished(&self, url: &str, status: &Status) {
        match self {
            Progress::Hidden => {}
            Progress::Bar(bar) => {
                if let Status::Failed(reason) = status {
                    bar.println(format!("failed {url}: {reason}"));
                }
                bar.set_message(url.to_string());
                bar.inc(1);
            }
            Progress::Lines { total, done } => {
                let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                let word = match status {
                    Status::New => "new",
                    Status::Changed => "changed",
                    Status::Unchanged => "unchanged",
                    Status::Failed(_) => "failed",
                };
                eprintln!("[{done}/{total}] {word} {url}");
            }
        }
    }

    pub fn clear(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
