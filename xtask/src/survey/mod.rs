//! `cargo xtask survey`: the generator run over many real specs at once, one row of figures each
//! (docs/design.md, "Name figures"), so that a naming rule is judged on every style of API we have,
//! not on the one at hand. Each spec is generated in memory; `--compile` also writes its crate to a
//! temp dir and runs clippy on it.

mod figures;
mod table;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use figures::{Figures, kind};
pub use table::{COLUMNS, Table, explain, markdown};

use crate::codegen::{self, Failure};
use crate::emit::EmitOptions;

/// One spec's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Generated(Box<Figures>),
    /// An error: its first line.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The spec's file or folder name.
    pub name: String,
    /// Its OpenAPI version as written (`3.0.3`), where it was read.
    pub version: Option<String>,
    pub outcome: Outcome,
    /// With `--compile`: whether `cargo clippy --all-features -D warnings` passed, and the first
    /// lines of its errors when not.
    pub clippy: Option<Result<(), String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The shared target dir for `--compile`.
    pub target_dir: PathBuf,
    /// A `Cargo.lock` to give each crate, so that no dependency is resolved anew.
    pub lock: Option<PathBuf>,
}

/// The specs named by `inputs`: a file is one spec; a folder holds specs, each file directly in it
/// one spec and each folder in it one multi-file spec (read as `codegen --specs DIR` reads it).
pub fn specs(inputs: &[PathBuf]) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            found.push((name_of(input), input.clone()));
            continue;
        }
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(input)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for path in entries {
            let hidden = name_of(&path).starts_with('.');
            let document =
                path.extension().and_then(|e| e.to_str()).is_some_and(|e| ["yaml", "yml", "json"].contains(&e));
            if !hidden && (path.is_dir() || document) {
                found.push((name_of(&path), path));
            }
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap_or(path.as_os_str()).to_string_lossy().into_owned()
}

/// Surveys one spec in memory: its row, and its IR for [`compile`] when it generated. A panic
/// (a bug of ours) is that spec's failure, not the survey's end.
pub fn survey(name: &str, spec: &Path) -> (Row, Option<crate::ir::Api>) {
    std::panic::catch_unwind(|| survey_one(name, spec)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let outcome = Outcome::Failed(format!("the generator panicked: {why}"));
        (Row { name: name.to_string(), version: None, outcome, clippy: None }, None)
    })
}

fn survey_one(name: &str, spec: &Path) -> (Row, Option<crate::ir::Api>) {
    let specs = [spec.to_path_buf()];
    let mut row = Row { name: name.to_string(), version: None, outcome: Outcome::Failed(String::new()), clippy: None };
    let loaded = match crate::load::load(&specs) {
        Ok(loaded) => loaded,
        Err(errors) => {
            row.outcome = Outcome::Failed(errors.0.first().map(|d| d.message.clone()).unwrap_or_default());
            return (row, None);
        }
    };
    let mut words = BTreeSet::new();
    for page in &loaded.pages {
        row.version.get_or_insert_with(|| page.version.clone());
        if let Ok(value) = serde_json::to_value(&page.document) {
            figures::spec_words(&value, &mut words);
        }
    }
    match codegen::analyse_pages(loaded, &specs) {
        Ok(generated) => {
            let figures = figures::measure(&generated.api, &generated.warnings, &words);
            row.outcome = Outcome::Generated(Box::new(figures));
            (row, Some(generated.api))
        }
        Err(Failure::Input(errors)) => {
            row.outcome = Outcome::Failed(errors.0.first().map(|d| d.to_string()).unwrap_or_default());
            (row, None)
        }
        Err(other) => {
            row.outcome = Outcome::Failed(other.to_string());
            (row, None)
        }
    }
}

/// `--compile`: the crate of a surveyed spec through clippy, into its row.
pub fn compile(row: &mut Row, api: &crate::ir::Api, options: &Options) {
    row.clippy = Some(clippy(&row.name, api, options));
}

/// Writes the crate to a temp dir and runs clippy on it.
fn clippy(name: &str, api: &crate::ir::Api, options: &Options) -> Result<(), String> {
    let crate_name = format!("survey-{}", crate::ident::snake_name(name).replace('_', "-"));
    let emit = EmitOptions { crate_name, ..EmitOptions::default() };
    let files = crate::emit::emit(api, &emit).map_err(|e| e.to_string())?;
    let dir = tempfile::Builder::new().prefix("survey-").tempdir().map_err(|e| e.to_string())?;
    for file in &files {
        crate::write::write_file(&dir.path().join(&file.path), &file.contents).map_err(|e| e.to_string())?;
    }
    if let Some(lock) = &options.lock {
        std::fs::copy(lock, dir.path().join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["clippy", "--quiet", "--all-features", "--", "-D", "warnings"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &options.target_dir)
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() && !stderr.contains("warning") {
        return Ok(());
    }
    let errors: Vec<&str> =
        stderr.lines().filter(|l| l.starts_with("error") || l.starts_with("warning")).take(5).collect();
    Err(errors.join("\n"))
}

/// The markers of the table `--write` replaces in a document.
pub const BEGIN: &str = "<!-- survey -->";
pub const END: &str = "<!-- /survey -->";

/// `text` with what stands between [`BEGIN`] and [`END`] replaced by `table`; `None` without them.
pub fn replace_block(text: &str, table: &str) -> Option<String> {
    let start = text.find(BEGIN)? + BEGIN.len();
    let end = start + text[start..].find(END)?;
    Some(format!("{}\n{}{}", &text[..start], table, &text[end..]))
}

/// What stands between [`BEGIN`] and [`END`] in `text`.
pub fn block(text: &str) -> Option<&str> {
    let start = text.find(BEGIN)? + BEGIN.len();
    let end = start + text[start..].find(END)?;
    Some(text[start..end].trim())
}
