//! The change report: what a regeneration does to the generated crate's public API, from the IR
//! it was generated from (`api-ir.json` in the output directory, like a lock file) and the new one.
//! Deterministic: the same two IRs give the same report.

mod auth;
pub mod changelog;
mod diff;
mod pull_request;
mod render;
pub mod rules;
mod semver;

pub use diff::{Change, diff};
pub use pull_request::PullRequest;
pub use rules::{Level, Rule};

use crate::ir::Api;
use crate::lock::IR_FILE;

#[derive(Debug, Clone)]
pub struct Report {
    /// `None` when there was no earlier IR to compare with.
    pub changes: Option<Vec<Change>>,
    pub from: ::semver::Version,
    pub to: ::semver::Version,
}

impl Report {
    pub fn new(old: Option<&Api>, new: &Api, current: &::semver::Version) -> Report {
        let changes = old.map(|old| diff(old, new));
        let highest = changes.as_ref().and_then(|c| c.iter().map(|c| c.level).max());
        let to = semver::next(current, highest);
        Report { changes, from: current.clone(), to }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.as_ref().is_none_or(Vec::is_empty)
    }

    /// "none", "patch", "minor" or "major".
    pub fn bump(&self) -> &'static str {
        semver::bump_name(&self.from, &self.to)
    }

    fn count(&self, level: Level) -> usize {
        self.changes.iter().flatten().filter(|c| c.level == level).count()
    }

    /// One line: counts and the suggested version.
    pub fn summary(&self) -> String {
        match &self.changes {
            None => format!("no earlier {IR_FILE} to compare with: first generation at {}", self.from),
            Some(changes) if changes.is_empty() => "no change to the crate's public API".to_string(),
            Some(_) => format!(
                "{} breaking, {} addition(s), {} other: suggested version {} → {} ({})",
                self.count(Level::Breaking),
                self.count(Level::Addition),
                self.count(Level::Patch),
                self.from,
                self.to,
                self.bump()
            ),
        }
    }

    pub fn markdown(&self) -> String {
        render::markdown(self)
    }

    pub fn terminal(&self, color: bool) -> String {
        render::terminal(self, color)
    }
}
