//! The report as Markdown for a pull-request comment, and as a few coloured lines for a terminal.

use std::fmt::Write as _;

use super::{Change, Level, Report};

const SECTIONS: &[(Level, &str)] =
    &[(Level::Breaking, "Breaking changes"), (Level::Addition, "Additions"), (Level::Patch, "Other changes")];

pub(super) fn line(change: &Change) -> String {
    let direction = match change.direction {
        super::rules::Direction::Request => " (request)",
        super::rules::Direction::Response => " (response)",
        super::rules::Direction::Both => " (request and response)",
        super::rules::Direction::None => "",
    };
    let features = match change.features.as_deref() {
        None => String::new(),
        Some(one) if !one.contains(", ") => format!(" [feature `{one}`]"),
        Some(many) => format!(" [features `{}`]", many.replace(", ", "`, `")),
    };
    format!("{}{direction}{features}: {}", change.subject, change.detail)
}

pub fn markdown(report: &Report) -> String {
    let mut out = String::from("## API change report\n\n");
    let _ = writeln!(out, "**{}**\n", report.summary());
    let Some(changes) = &report.changes else { return out };
    for (level, title) in SECTIONS {
        let lines: Vec<String> = changes.iter().filter(|c| c.level == *level).map(line).collect();
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for text in lines {
            let _ = writeln!(out, "- {text}");
        }
        out.push('\n');
    }
    out
}

pub fn terminal(report: &Report, color: bool) -> String {
    let paint = |level: Level, text: &str| -> String {
        if !color {
            return text.to_string();
        }
        let code = match level {
            Level::Breaking => "\x1b[1;31m",
            Level::Addition => "\x1b[32m",
            Level::Patch => "\x1b[2m",
        };
        format!("{code}{text}\x1b[0m")
    };
    let mut out = format!("change report: {}\n", report.summary());
    // Short: every breaking change, then counts for the rest.
    for change in report.changes.iter().flatten().filter(|c| c.level == Level::Breaking) {
        let _ = writeln!(out, "  {} {}", paint(Level::Breaking, "breaking"), line(change));
    }
    let additions = report.changes.iter().flatten().filter(|c| c.level == Level::Addition).count();
    if additions > 0 {
        let _ = writeln!(out, "  {} {additions} addition(s); --report FILE lists them", paint(Level::Addition, "+"));
    }
    out
}
