//! The generated crate's `CHANGELOG.md` (Keep a Changelog, newest first): each regeneration with
//! `--bump` that changes the version adds a section from the change report, and every earlier
//! section, edits by hand included, is kept byte for byte. The regeneration's pull request quotes
//! the same section.

use std::fmt::Write as _;

use super::{Change, Level, Report, Rule};

pub const FILE: &str = crate::emit::CHANGELOG_FILE;

const HEADER: &str = "# Changelog\n\n\
All notable changes to this crate, newest first. The format follows\n\
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and versions follow semantic versioning:\n\
`cargo xtask codegen --bump` adds a section from the change report, which decides the version.\n";

/// The section a bump to `report.to` adds, dated `date` (`2026-12-08`); `None` when the version
/// does not change.
pub fn section(report: &Report, date: &str) -> Option<String> {
    let changes = report.changes.as_ref().filter(|c| !c.is_empty())?;
    if report.to == report.from {
        return None;
    }
    let mut out = format!("## [{}] - {date}\n\n", report.to);
    let breaking = changes.iter().filter(|c| c.level == Level::Breaking).count();
    if breaking > 0 {
        let _ = writeln!(out, "{breaking} breaking change(s), marked **Breaking**.\n");
    }
    for (title, kind) in [("Added", Kind::Added), ("Changed", Kind::Changed), ("Removed", Kind::Removed)] {
        let lines: Vec<&Change> = changes.iter().filter(|c| kind_of(c.rule) == kind).collect();
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for change in lines {
            let mark = if change.level == Level::Breaking { "**Breaking:** " } else { "" };
            let _ = writeln!(out, "- {mark}{}", super::render::line(change));
        }
        out.push('\n');
    }
    Some(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Added,
    Changed,
    Removed,
}

/// Keep a Changelog's heading for a rule: what it adds, removes, or else changes. A required
/// parameter or field added changes what existing calls must pass: that is a change.
fn kind_of(rule: Rule) -> Kind {
    let name = format!("{rule:?}");
    if name.contains("Removed") {
        Kind::Removed
    } else if name.contains("Added") && !name.contains("AddedRequired") {
        Kind::Added
    } else {
        Kind::Changed
    }
}

/// The file with `section` added above the newest one: `existing` as it was otherwise, or a new
/// file when there is none.
pub fn update(existing: Option<&str>, section: Option<&str>) -> String {
    let Some(section) = section else { return existing.unwrap_or(HEADER).to_string() };
    // A file written with CRLF keeps them, the new section's lines included.
    let crlf = existing.is_some_and(|text| text.contains("\r\n"));
    let text = existing.map_or_else(|| HEADER.to_string(), |text| text.replace("\r\n", "\n"));
    let at = newest_version(&text);
    let (before, after) = text.split_at(at);
    let gap = if before.is_empty() || before.ends_with("\n\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    let section = section.trim_end();
    let tail = if after.is_empty() { "\n" } else { "\n\n" };
    let updated = format!("{before}{gap}{section}{tail}{after}");
    if crlf { updated.replace('\n', "\r\n") } else { updated }
}

/// Where the newest version's heading starts (`## [1.2.0] ...`): past an `## [Unreleased]`
/// section and any code block; the end of a file without one.
fn newest_version(text: &str) -> usize {
    let mut at = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        }
        let unreleased = line.to_ascii_lowercase().starts_with("## [unreleased]");
        if !fenced && line.starts_with("## ") && !unreleased {
            return at;
        }
        at += line.len();
    }
    text.len()
}

/// Today's date in UTC, or `SOURCE_DATE_EPOCH`'s (reproducible builds' convention).
pub fn today() -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let date = match epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        Some(at) => at.date_naive(),
        None => chrono::Utc::now().date_naive(),
    };
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_goes_above_the_newest_and_the_rest_stays() {
        let first = update(None, Some("## [0.2.0] - 2026-01-01\n\n### Added\n\n- a\n"));
        assert!(first.starts_with(HEADER));
        assert!(first.ends_with("\n## [0.2.0] - 2026-01-01\n\n### Added\n\n- a\n"), "{first}");
        let second = update(Some(&first), Some("## [0.3.0] - 2026-02-01\n\n### Removed\n\n- b\n"));
        let (head, older) = second.split_once("## [0.2.0]").unwrap();
        assert_eq!(format!("## [0.2.0]{older}"), first[HEADER.len() + 1..]);
        assert!(head.ends_with("## [0.3.0] - 2026-02-01\n\n### Removed\n\n- b\n\n"), "{head}");
        assert_eq!(update(Some(&second), None), second, "no section, no change");
    }

    #[test]
    fn unreleased_notes_code_blocks_and_crlf_stay_as_they_are() {
        let kept = "# Changelog\r\n\r\n## [Unreleased]\r\n\r\n- my note\r\n\r\n```\r\n## not a heading\r\n```\r\n\r\n## [0.1.0] - 2026-01-01\r\n";
        let updated = update(Some(kept), Some("## [0.2.0] - 2026-02-01\n\n- a\n"));
        assert_eq!(
            updated,
            "# Changelog\r\n\r\n## [Unreleased]\r\n\r\n- my note\r\n\r\n```\r\n## not a heading\r\n```\r\n\r\n## [0.2.0] - 2026-02-01\r\n\r\n- a\r\n\r\n## [0.1.0] - 2026-01-01\r\n"
        );
    }

    #[test]
    fn rules_sort_into_keep_a_changelogs_headings() {
        assert_eq!(kind_of(Rule::OperationAdded), Kind::Added);
        assert_eq!(kind_of(Rule::ParameterAddedOptional), Kind::Added);
        assert_eq!(kind_of(Rule::ParameterAddedRequired), Kind::Changed);
        assert_eq!(kind_of(Rule::FieldRemoved), Kind::Removed);
        assert_eq!(kind_of(Rule::OperationRenamed), Kind::Changed);
    }
}
