//! `cargo xtask codegen`: the whole pipeline, load → merge → resolve → emit → write, and the figures
//! the command prints.

use std::path::PathBuf;

use crate::diag::{Diagnostic, Errors};
use crate::emit::{self, EmitOptions, OutputFile};
use crate::ir;
use crate::write::{self, FileChange, Status};

#[derive(Debug, Clone)]
pub struct Options {
    pub specs: Vec<PathBuf>,
    pub out: PathBuf,
    pub check: bool,
    pub emit: EmitOptions,
}

/// Everything the pipeline produced, before anything is written.
#[derive(Debug)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Vec<OutputFile>,
    pub pages: usize,
    /// Distinct `# Source:` URLs, and how many of them had no body.
    pub listed: usize,
    pub missing: usize,
    /// Type definitions before structural deduplication (`api.types` is after).
    pub definitions: usize,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Input(#[from] Errors),
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// Runs every stage in memory.
pub fn generate(specs: &[PathBuf], options: &EmitOptions) -> Result<Generated, Failure> {
    let loaded = crate::load::load(specs)?;
    if loaded.pages.is_empty() {
        let place = specs.first().cloned().unwrap_or_default();
        return Err(Errors::one(
            Diagnostic::error(crate::diag::Location::file(&place), "no OpenAPI document found in the inputs")
                .hint("pass scraped pages, a directory of them, or an OpenAPI 3.0 .yaml/.json file"),
        )
        .into());
    }
    let api = crate::merge::merge(&loaded.pages)?;
    let component_file = loaded.pages[0].file.clone();
    let resolution = crate::resolve::resolve(&api, component_file)?;
    let files = emit::emit(&resolution.api, options)?;
    let mut warnings = loaded.warnings;
    warnings.extend(resolution.warnings);
    warnings.sort();
    Ok(Generated {
        api: resolution.api,
        files,
        pages: loaded.pages.len(),
        listed: loaded.listed.len(),
        missing: loaded.listed.iter().filter(|l| !l.has_body).count(),
        definitions: resolution.definitions,
        warnings,
    })
}

/// The outcome of a run: what was generated and what changed (or would, under `--check`).
#[derive(Debug)]
pub struct Outcome {
    pub generated: Generated,
    pub changes: Vec<FileChange>,
}

impl Outcome {
    pub fn is_stale(&self) -> bool {
        self.changes.iter().any(|c| c.status != Status::Unchanged)
    }
}

pub fn run(options: &Options) -> Result<Outcome, Failure> {
    let generated = generate(&options.specs, &options.emit)?;
    let changes = write::compare(&options.out, &generated.files);
    if !options.check {
        write::write(&options.out, &generated.files, &changes)?;
    }
    Ok(Outcome { generated, changes })
}
