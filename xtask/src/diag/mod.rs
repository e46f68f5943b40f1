//! Problems found in the input, as values with a location (file, line, JSON pointer), so that every
//! stage can report several at once and the CLI prints them the same way.

mod locate;
mod render;

pub use render::{Source, render};

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Where a problem is. Lines and columns are 1-based and count from the top of the file, not of the
/// fenced block that holds the YAML.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// JSON pointer inside the OpenAPI document, when the problem is about one schema or operation.
    pub pointer: Option<String>,
}

impl Location {
    pub fn file(file: &Path) -> Self {
        Location { file: file.to_path_buf(), ..Default::default() }
    }

    pub fn at(file: &Path, line: usize) -> Self {
        Location { file: file.to_path_buf(), line: Some(line), ..Default::default() }
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }
}

/// A JSON pointer from its segments, escaped per RFC 6901: how every stage names a place in a
/// document, for a [`Location`].
pub fn pointer(segments: &[&str]) -> String {
    segments.iter().map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1"))).collect()
}

/// `pointer` one member further down (`key`, escaped).
pub fn push(pointer: &str, key: &str) -> String {
    format!("{pointer}{}", self::pointer(&[key]))
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, message: message.into(), hint: None }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, message: message.into(), hint: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}\n  --> {}", self.message, self.location)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// One or more errors that stopped a run. Warnings travel in the run's report instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    pub fn one(diagnostic: Diagnostic) -> Self {
        Errors(vec![diagnostic])
    }
}

impl From<Diagnostic> for Errors {
    fn from(diagnostic: Diagnostic) -> Self {
        Errors::one(diagnostic)
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// The text of each file the diagnostics name, read once; files that cannot be read are left out.
pub fn read_files<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> BTreeMap<PathBuf, String> {
    let mut texts = BTreeMap::new();
    for diagnostic in diagnostics {
        let file = &diagnostic.location.file;
        if !texts.contains_key(file)
            && let Ok(text) = std::fs::read_to_string(file)
        {
            texts.insert(file.clone(), text);
        }
    }
    texts
}

/// Gives diagnostics that know only a JSON pointer the line it is on, by reading their files: one
/// pass over each document for all the pointers in it.
pub fn locate_pointers(diagnostics: &mut [Diagnostic]) {
    // Diagnostics with a column are already exact.
    let wanted = |d: &Diagnostic| d.location.pointer.is_some() && d.location.column.is_none();
    let texts = read_files(diagnostics.iter().filter(|d| wanted(d)));
    // Per file and first line of a document: the diagnostics in it.
    let mut documents: BTreeMap<(&PathBuf, usize), Vec<usize>> = BTreeMap::new();
    for (i, diagnostic) in diagnostics.iter().enumerate().filter(|(_, d)| wanted(d)) {
        if let Some((file, _)) = texts.get_key_value(&diagnostic.location.file) {
            documents.entry((file, diagnostic.location.line.unwrap_or(1))).or_default().push(i);
        }
    }
    let mut lines = Vec::new();
    for ((file, from), members) in &documents {
        let pointers: Vec<&str> =
            members.iter().map(|&i| diagnostics[i].location.pointer.as_deref().unwrap_or_default()).collect();
        let found = locate::lines_of(&texts[*file], *from, &pointers);
        lines.extend(members.iter().copied().zip(found));
    }
    for (i, line) in lines {
        if let Some(line) = line {
            diagnostics[i].location.line = Some(line);
        }
    }
}
