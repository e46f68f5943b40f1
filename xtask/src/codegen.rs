//! `cargo xtask codegen`: the whole pipeline, load → merge → resolve → emit → write, and the figures
//! the command prints.

use std::path::PathBuf;

use crate::diag::{Diagnostic, Errors, Location};
use crate::emit::{self, EmitOptions, OutputFile};
use crate::ir;
use crate::lock::{IR_FILE, Lock};
use crate::report::{PullRequest, Report, changelog};
use crate::write::{self, FileChange, Status};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub specs: Vec<PathBuf>,
    pub out: PathBuf,
    pub check: bool,
    pub emit: EmitOptions,
    /// Where to write the change report as Markdown.
    pub report: Option<PathBuf>,
    /// A directory to write the regeneration's pull request into: title, label and body.
    pub pull_request: Option<PathBuf>,
    /// Set the crate's version to the one the change report suggests.
    pub bump: bool,
    /// Warnings are errors: nothing degrades silently to `serde_json::Value`.
    pub strict: bool,
    /// The package metadata file; by default `sdk.toml` in the first specs directory, if any.
    pub config: Option<PathBuf>,
    /// A crate name given on the command line, over the config's.
    pub crate_name: Option<String>,
    /// Where to write the resolved model as one OpenAPI 3.0 document (`--emit-openapi`; YAML when
    /// the name ends in `.yaml` or `.yml`, else JSON).
    pub emit_openapi: Option<PathBuf>,
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

/// Load, merge and resolve: the IR and the figures, before anything is emitted.
pub fn analyse(specs: &[PathBuf]) -> Result<Generated, Failure> {
    match crate::load::load(specs) {
        Ok(loaded) => analyse_pages(loaded, specs),
        Err(mut errors) => {
            crate::diag::locate_pointers(&mut errors.0);
            Err(Failure::Input(errors))
        }
    }
}

/// [`analyse`] on what `load` read from `specs`, for a caller that reads the pages too (the survey).
pub fn analyse_pages(loaded: crate::load::Loaded, specs: &[PathBuf]) -> Result<Generated, Failure> {
    match analyse_loaded(loaded, specs) {
        Ok(mut generated) => {
            crate::diag::locate_pointers(&mut generated.warnings);
            Ok(generated)
        }
        Err(Failure::Input(mut errors)) => {
            crate::diag::locate_pointers(&mut errors.0);
            Err(Failure::Input(errors))
        }
        Err(other) => Err(other),
    }
}

/// The whole pipeline on one page's text, in memory: what the fuzzer drives.
pub fn generate_text(file: &std::path::Path, text: &str) -> Result<Generated, Failure> {
    let loaded = crate::load::load_text(file, text)?;
    let mut generated = analyse_loaded(loaded, &[file.to_path_buf()])?;
    generated.files = emit::emit(&generated.api, &EmitOptions::default())?;
    Ok(generated)
}

fn analyse_loaded(loaded: crate::load::Loaded, specs: &[PathBuf]) -> Result<Generated, Failure> {
    if loaded.pages.is_empty() {
        let place = specs.first().cloned().unwrap_or_default();
        return Err(Errors::one(
            Diagnostic::error(crate::diag::Location::file(&place), "no OpenAPI document found in the inputs")
                .hint("pass scraped pages, a directory of them, or an OpenAPI 3.0 or 3.1 .yaml/.json file (in a directory, one with `openapi:` at its top)"),
        )
        .into());
    }
    let pages = loaded.pages.len();
    let component_file = loaded.pages[0].file.clone();
    let api = crate::merge::merge(loaded.pages)?;
    // The resolver knows pages and pointers; the merged API knows where those parts were written.
    let locate = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.iter_mut().for_each(|d| api.locate(&mut d.location));
        diagnostics
    };
    let resolution = crate::resolve::resolve(&api, component_file).map_err(|e| Errors(locate(e.0)))?;
    let mut warnings = loaded.warnings;
    warnings.extend(locate(resolution.warnings));
    warnings.sort();
    Ok(Generated {
        api: resolution.api,
        files: Vec::new(),
        pages,
        listed: loaded.listed.len(),
        missing: loaded.listed.iter().filter(|l| !l.has_body).count(),
        definitions: resolution.definitions,
        warnings,
    })
}

/// Runs every stage in memory.
pub fn generate(specs: &[PathBuf], options: &EmitOptions) -> Result<Generated, Failure> {
    let mut generated = analyse(specs)?;
    generated.files = emit::emit(&generated.api, options)?;
    Ok(generated)
}

/// The outcome of a run: what was generated, what changed (or would, under `--check`), and what
/// that does to the crate's public API.
#[derive(Debug)]
pub struct Outcome {
    pub generated: Generated,
    pub changes: Vec<FileChange>,
    pub report: Report,
}

impl Outcome {
    pub fn is_stale(&self) -> bool {
        self.changes.iter().any(|c| c.status != Status::Unchanged)
    }
}

pub fn run(options: &Options) -> Result<Outcome, Failure> {
    let mut generated = analyse(&options.specs)?;
    if options.strict && !generated.warnings.is_empty() {
        let errors = generated.warnings.drain(..).map(|w| Diagnostic { severity: crate::diag::Severity::Error, ..w });
        return Err(Errors(errors.collect()).into());
    }
    let config = match crate::package::find(options.config.as_deref(), &options.specs) {
        Some(path) => crate::package::load(&path).map_err(|e| Errors::one(*e))?,
        None => crate::package::Config::default(),
    };
    if let (Some(login), Some(at)) = (&config.login, &config.login_at) {
        crate::resolve::login(&mut generated.api, login, at).map_err(|e| Errors::one(*e))?;
    }
    let handwritten = handwritten(&config, &generated.api, &options.out, &mut generated.warnings)?;
    let package = config.package;
    let (previous, version, written) = read_lock(&options.out, &mut generated.warnings);
    let report = Report::new(previous.as_ref(), &generated.api, &version);
    let version = if options.bump { report.to.clone() } else { version };
    let crate_name =
        options.crate_name.clone().or_else(|| package.name.clone()).unwrap_or_else(|| options.emit.crate_name.clone());
    // The changelog as it is, and the section a bump adds to it.
    let existing = read_changelog(&options.out.join(changelog::FILE))?;
    let section = options.bump.then(|| changelog::section(&report, &changelog::today())).flatten();
    let changelog = Some(changelog::update(existing.as_deref(), section.as_deref()));
    let emit_options = EmitOptions { version: version.to_string(), crate_name, package, changelog, handwritten };
    generated.files = emit::emit(&generated.api, &emit_options)?;
    let changes = write::compare(&options.out, &generated.files, &written);
    if !options.check {
        write::write(&options.out, &generated.files, &changes)?;
    }
    if let Some(path) = &options.report {
        write::write_file(path, &report.markdown())?;
    }
    if let Some(dir) = &options.pull_request {
        for (name, text) in PullRequest::new(&report, &changes, section.as_deref()).files() {
            write::write_file(&dir.join(name), &text)?;
        }
    }
    if let (Some(path), false) = (&options.emit_openapi, options.check) {
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        write::write_file(path, &crate::openapi_out::text(&generated.api, yaml))?;
    }
    Ok(Outcome { generated, changes, report })
}

/// The maintainer's modules and dependencies of `sdk.toml`, checked against the crate: a module
/// whose file is not there (codegen never writes one) is left out of `lib.rs` with a warning, so
/// that the crate still builds where only the specs were copied; a dependency the crate has
/// already is an error.
fn handwritten(
    config: &crate::package::Config,
    api: &ir::Api,
    out: &std::path::Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<crate::package::Handwritten, Failure> {
    let features = emit::Features::new(api).all;
    let dependency_at =
        |name: &str| config.dependencies_at.get(name).cloned().unwrap_or_else(|| Location::file(&config.file));
    for name in config.dependencies.keys() {
        // The crate's dependencies and its own features (`reserved::FEATURES`, which a test holds
        // against templates/Cargo.toml.in), then its groups'.
        let clash = if crate::resolve::reserved::FEATURES.contains(&name.as_str()) {
            Some(format!(
                "`{name}` is already a dependency or a feature of the generated crate; use a dependency through its re-export or `::{name}`"
            ))
        } else if features.contains(name) {
            // An optional dependency is a feature of its own.
            Some(format!("`{name}` is the name of one of the crate's features; a dependency may not take it"))
        } else {
            None
        };
        if let Some(message) = clash {
            return Err(
                Errors::one(Diagnostic::error(dependency_at(name), format!("[dependencies]: {message}"))).into()
            );
        }
    }
    let mut reexported = std::collections::BTreeMap::new();
    for (name, module) in &config.modules {
        let at = || config.modules_at.get(name).cloned().unwrap_or_else(|| Location::file(&config.file));
        // The crate root's own names: its modules and the crates it re-exports (and `lib.rs`).
        let root = |n: &str| crate::resolve::reserved::ROOT.contains(&n) || ["lib", "main"].contains(&n);
        if root(name) {
            return Err(Errors::one(Diagnostic::error(
                at(),
                format!("module `{name}`: the generated crate has a `{name}` of its own; pick another name"),
            ))
            .into());
        }
        if let Some(taken) = module.reexport.iter().find(|r| crate::resolve::reserved::ROOT.contains(&r.as_str())) {
            return Err(Errors::one(Diagnostic::error(
                at(),
                format!(
                    "module `{name}`: the crate's root has a `{taken}` of its own; re-export it under another name"
                ),
            ))
            .into());
        }
        for one in &module.reexport {
            if let Some(other) = reexported.insert(one.as_str(), name.as_str()).filter(|other| other != name) {
                return Err(Errors::one(Diagnostic::error(
                    at(),
                    format!("module `{name}` re-exports `{one}`, which module `{other}` re-exports too"),
                ))
                .into());
            }
        }
    }
    let mut modules = config.modules.clone();
    modules.retain(|name, _| {
        let (file, folder) = (out.join(format!("src/{name}.rs")), out.join(format!("src/{name}/mod.rs")));
        let there = file.is_file() || folder.is_file();
        if !there {
            let at = config.modules_at.get(name).cloned().unwrap_or_else(|| Location::file(&config.file));
            warnings.push(
                Diagnostic::warning(
                    at,
                    format!("module `{name}` is declared, but {} is not there: left out of lib.rs", file.display()),
                )
                .hint("write it (or src/NAME/mod.rs): codegen declares the module and never writes it"),
            );
        }
        there
    });
    Ok(crate::package::Handwritten { modules, dependencies: config.dependencies.clone() })
}

/// The crate's changelog, `None` when there is none yet. A file that cannot be read is an error,
/// never a fresh changelog written over the maintainer's history.
fn read_changelog(path: &std::path::Path) -> Result<Option<String>, Failure> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            Err(Errors::one(Diagnostic::error(Location::file(path), format!("cannot read the changelog: {e}"))).into())
        }
    }
}

/// The IR, version and files the output directory was generated from (`api-ir.json`), if any.
fn read_lock(out: &std::path::Path, warnings: &mut Vec<Diagnostic>) -> (Option<ir::Api>, semver::Version, Vec<String>) {
    let path = out.join(IR_FILE);
    let default = semver::Version::new(0, 1, 0);
    let Ok(text) = std::fs::read_to_string(&path) else { return (None, default, Vec::new()) };
    match serde_json::from_str::<Lock>(&text) {
        Ok(lock) => {
            let version = lock.version.parse().unwrap_or(default);
            (Some(lock.api.upgraded()), version, lock.files)
        }
        Err(e) => {
            warnings.push(Diagnostic::warning(
                crate::diag::Location::at(&path, e.line()),
                format!("cannot read the previous IR ({e}); no change report this time, and no file is removed"),
            ));
            (None, default, Vec::new())
        }
    }
}
