//! `cargo xtask`: the command line of the generator. See the README for the workflow.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use xtask::codegen::{self, Failure, Options, Outcome};
use xtask::emit::{DEFAULT_CRATE_NAME, EmitOptions};
use xtask::scrape;
use xtask::write::Status;

/// Most of a run is allocation (syn's parse of the emitted code above all); mimalloc halves it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Generate the Rust SDK from scraped OpenAPI pages")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the SDK crate from the specs.
    Codegen {
        /// A directory (read recursively), a scraped page, a concatenated file of pages, or an
        /// OpenAPI 3.0 document (.yaml/.yml/.json). Repeatable. Default: specs/.
        #[arg(long = "specs", value_name = "PATH")]
        specs: Vec<PathBuf>,
        /// Where to write the crate. Default: generated/.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 with a summary when the output would change.
        #[arg(long)]
        check: bool,
        #[arg(long, help = format!("The generated crate's package name. Default: {DEFAULT_CRATE_NAME}."))]
        crate_name: Option<String>,
        /// Write the change report (what the regeneration does to the crate's public API) as
        /// Markdown, fit for a pull-request comment.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Write the pull request a regeneration opens into DIR: `title.txt`, `label.txt` (the
        /// bump: major, minor, patch, or empty) and `body.md` (the change report and the files
        /// that changed). Written under --check too, where nothing else is.
        #[arg(long, value_name = "DIR")]
        pull_request: Option<PathBuf>,
        /// Set the generated crate's version to the one the change report suggests.
        #[arg(long)]
        bump: bool,
        /// Treat warnings (constructs that degrade to `serde_json::Value`, skipped bodies) as errors.
        #[arg(long)]
        strict: bool,
        /// The generated crate's package metadata (name, description, license, repository,
        /// keywords, publish...). Default: sdk.toml in the first --specs directory, if there is one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Also write the resolved model as one OpenAPI 3.0 document (YAML for .yaml/.yml, else
        /// JSON): one operation per operation, one component per deduplicated type.
        #[arg(long, value_name = "FILE")]
        emit_openapi: Option<PathBuf>,
    },
    /// Time every stage of codegen on the corpus, api.github.com.json and synthetic specs (and
    /// cargo-progenitor on the same JSON inputs when it is on PATH). Build with --release.
    Bench {
        /// Runs per input; medians are printed.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Operations in each synthetic spec.
        #[arg(long, value_delimiter = ',', default_values_t = [250usize, 500, 1000, 2000])]
        sizes: Vec<usize>,
        /// Another API's JSON document, whose crate github is regenerated over. Default: the
        /// largest synthetic spec.
        #[arg(long, value_name = "FILE")]
        other: Option<PathBuf>,
        /// Also time `cargo check` and a debug `cargo build` of the crates generated for github,
        /// Infisical's own description and the `--other` document (all groups; `check` with one
        /// small and one median group alone), beside progenitor's. Takes many minutes.
        #[arg(long)]
        check_crates: bool,
        /// With --check-crates: time these documents' crates instead of github's, Infisical's and
        /// the `--other` one.
        #[arg(long = "crate", value_name = "FILE")]
        crates: Vec<PathBuf>,
        /// With --check-crates: also time each of these groups' feature alone.
        #[arg(long = "alone", value_name = "FEATURE")]
        alone: Vec<String>,
        /// With --check-crates: also time the crates an earlier commit's generator emits for the
        /// same documents (built from that commit's tree), e.g. to show what a change saved.
        #[arg(long, value_name = "REV")]
        baseline: Option<String>,
    },
    /// Generate each spec in memory and print one row of figures per spec (operations, groups,
    /// warnings by kind, types and the name figures of docs/design.md) as a Markdown table.
    Survey {
        /// Spec files, or folders of them (each file and each sub-folder in a folder is a spec).
        #[arg(required = true, value_name = "SPEC")]
        specs: Vec<PathBuf>,
        /// Also run `cargo clippy --all-features -D warnings` on each crate (one shared target dir).
        #[arg(long)]
        compile: bool,
        /// After the table, list the names behind each figure that is not right (N a figure per spec).
        #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "20")]
        explain: Option<usize>,
        /// Replace the table between `<!-- survey -->` and `<!-- /survey -->` in FILE as well.
        #[arg(long, value_name = "FILE")]
        write: Option<PathBuf>,
    },
    /// Fetch the page of every `# Source:` URL into specs/pages/, keeping the old file when a
    /// download fails or is not a valid page. Exits 1 when any page failed.
    Scrape {
        /// Any file with `# Source: URL` lines. Default: specs/sources.txt.
        #[arg(long, value_name = "FILE")]
        sources: Option<PathBuf>,
        /// The specs directory; pages are written under DIR/pages/. Default: specs/.
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
        /// Fetch from this scheme and host (a mirror, a local server) instead of each URL's own.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Downloads at a time.
        #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
        jobs: u16,
        /// Connect and read timeout, in seconds (fractions allowed).
        #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_seconds)]
        timeout: Duration,
        /// Attempts after the first on transient failures (timeouts, dropped connections, 429, 5xx).
        #[arg(long, value_name = "N", default_value_t = 3)]
        retries: u32,
    },
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text.parse().map_err(|e| format!("{e}"))?;
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("`{text}` is not a positive number of seconds"))
}

/// The workspace root, whatever directory the command runs from.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let Cli { command } = Cli::parse();
    match command {
        Command::Bench { runs, sizes, other, check_crates, crates, alone, baseline } => {
            let crates = check_crates.then_some(CrateBench { documents: crates, alone, baseline });
            bench(runs.max(1), &sizes, other, crates)
        }
        Command::Survey { specs, compile, explain, write } => survey(&specs, compile, explain, write.as_deref()),
        Command::Scrape { sources, specs, base_url, jobs, timeout, retries } => {
            let root = project_root();
            let mut options = scrape::Options::new(
                sources.unwrap_or_else(|| root.join("specs/sources.txt")),
                specs.unwrap_or_else(|| root.join("specs")),
            );
            options.base_url = base_url;
            options.jobs = jobs.into();
            options.fetch.timeout = timeout;
            options.fetch.retries = retries;
            options.progress = true;
            match scrape::run(&options) {
                Ok(summary) => report_scrape(&summary),
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Codegen {
            specs,
            out,
            check,
            crate_name,
            report,
            pull_request,
            bump,
            strict,
            config,
            emit_openapi,
        } => {
            let root = project_root();
            let mut jobs = Vec::new();
            if specs.is_empty() && out.is_none() {
                // Every committed generated crate: the SDK, and the one from our fixtures that the
                // round-trip tests compile against.
                let mut sdk = job(root.join("specs"), root.join("generated"), DEFAULT_CRATE_NAME, check);
                sdk.report = report;
                sdk.pull_request = pull_request;
                sdk.bump = bump;
                sdk.strict = strict;
                sdk.config = config;
                sdk.crate_name = crate_name;
                sdk.emit_openapi = emit_openapi;
                jobs.push(sdk);
                let mut fixtures =
                    job(root.join("tests/fixtures"), root.join("tests/fixture-sdk"), "fixture-sdk", check);
                fixtures.specs.push(root.join("tests/faithful"));
                jobs.push(fixtures);
            } else {
                let mut specs = if specs.is_empty() { vec![root.join("specs")] } else { specs };
                let out = out.unwrap_or_else(|| root.join("generated"));
                let mut options = job(specs.remove(0), out, DEFAULT_CRATE_NAME, check);
                options.specs.extend(specs);
                options.report = report;
                options.pull_request = pull_request;
                options.bump = bump;
                options.strict = strict;
                options.config = config;
                options.crate_name = crate_name;
                options.emit_openapi = emit_openapi;
                jobs.push(options);
            }
            let mut status = ExitCode::SUCCESS;
            for options in &jobs {
                match codegen::run(options) {
                    Ok(outcome) => {
                        if print_outcome(options, &outcome) != ExitCode::SUCCESS {
                            status = ExitCode::FAILURE;
                        }
                    }
                    Err(Failure::Input(errors)) => {
                        print_diagnostics(&errors.0);
                        eprintln!("{} error(s); nothing was written", errors.0.len());
                        return ExitCode::FAILURE;
                    }
                    Err(failure) => {
                        eprintln!("error: {failure}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            status
        }
    }
}

fn job(specs: PathBuf, out: PathBuf, crate_name: &str, check: bool) -> Options {
    let emit = EmitOptions { crate_name: crate_name.into(), ..EmitOptions::default() };
    Options { specs: vec![specs], out, check, emit, ..Options::default() }
}

fn print_outcome(options: &Options, outcome: &Outcome) -> ExitCode {
    let generated = &outcome.generated;
    print_diagnostics(&generated.warnings);
    println!(
        "loaded {} page(s); {} page(s) listed by Source lines, {} without a body yet",
        generated.pages, generated.listed, generated.missing
    );
    println!(
        "resolved {} operation(s); {} type definition(s) deduplicated into {} type(s)",
        generated.api.operations.len(),
        generated.definitions,
        generated.api.types.len()
    );
    let changed: Vec<_> = outcome.changes.iter().filter(|c| c.status != Status::Unchanged).collect();
    let out = options.out.display();
    for change in &changed {
        let what = match change.status {
            Status::Added => "new file".to_string(),
            Status::Removed => "no longer generated, removed".to_string(),
            Status::Modified { added_lines, removed_lines } => format!("+{added_lines} -{removed_lines} lines"),
            Status::Unchanged => continue,
        };
        let verb = if options.check { "would change" } else { "wrote" };
        println!("  {verb} {out}/{} ({what})", change.path);
    }
    if !changed.is_empty() || options.report.is_some() {
        print!("{}", outcome.report.terminal(std::io::stdout().is_terminal()));
    }
    if let Some(path) = &options.report {
        println!("  report written to {}", path.display());
    }
    if let Some(dir) = &options.pull_request {
        println!("  pull request written to {}", dir.display());
    }
    if options.check && !changed.is_empty() {
        eprintln!("{out} is out of date: run `cargo xtask codegen` and commit the result");
        return ExitCode::FAILURE;
    }
    if changed.is_empty() {
        println!("{out} is up to date");
    }
    ExitCode::SUCCESS
}

/// Prints diagnostics as rustc does, with the source lines they point at.
fn print_diagnostics(diagnostics: &[xtask::diag::Diagnostic]) {
    let color = std::io::stderr().is_terminal();
    let texts = xtask::diag::read_files(diagnostics);
    let sources: std::collections::BTreeMap<_, _> =
        texts.iter().map(|(file, text)| (file, xtask::diag::Source::new(text))).collect();
    for diagnostic in diagnostics {
        let source = sources.get(&diagnostic.location.file);
        eprintln!("{}", xtask::diag::render(diagnostic, source, color));
    }
}

fn report_scrape(summary: &scrape::Summary) -> ExitCode {
    for page in &summary.pages {
        let file = page.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
        match &page.status {
            scrape::Status::New => println!("  new      {file}"),
            scrape::Status::Changed => println!("  changed  {file}"),
            scrape::Status::Unchanged => {}
            scrape::Status::Failed(reason) => eprintln!("  failed   {}\n           {reason}", page.url),
        }
    }
    println!("{summary}");
    if summary.is_success() {
        if summary.new_pages() + summary.changed() > 0 {
            println!("next: `cargo xtask codegen`, then review the snapshots (see the README)");
        }
        return ExitCode::SUCCESS;
    }
    eprintln!("{} page(s) failed; their files, if any, were left as they were", summary.failed());
    ExitCode::FAILURE
}

/// What `--check-crates` times.
struct CrateBench {
    documents: Vec<PathBuf>,
    alone: Vec<String>,
    baseline: Option<String>,
}

fn bench(runs: usize, sizes: &[usize], other: Option<PathBuf>, crates: Option<CrateBench>) -> ExitCode {
    use xtask::bench::{Input, measure, regenerate, synth, table};
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; for real figures run `cargo run --release -p xtask -- bench`");
    }
    let root = project_root();
    let shared = root.parent().map(|p| p.join("shared")).unwrap_or_default();
    if let Some(crates) = crates.as_ref().filter(|c| !c.documents.is_empty()) {
        // Only the crates asked for.
        return bench_crates(&root, &shared, runs, None, crates);
    }
    let scratch = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("error: no temp dir: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut inputs = Vec::new();
    let corpus = shared.join("corpus/infisical");
    if corpus.exists() {
        inputs.push(Input { name: "infisical corpus".into(), specs: vec![corpus], json: None });
    } else {
        eprintln!("skipping the Infisical corpus: {} is missing", corpus.display());
    }
    for name in ["keeper", "buildomat", "api.github.com"] {
        let document = shared.join(format!("corpus/openapi/{name}.json"));
        if document.exists() {
            inputs.push(Input { name: format!("{name}.json"), specs: vec![document.clone()], json: Some(document) });
        }
    }
    for &size in sizes {
        let document = scratch.path().join(format!("synthetic-{size}.json"));
        let text = synth::document(size).to_string();
        if let Err(e) = std::fs::write(&document, text) {
            eprintln!("error: {}: {e}", document.display());
            return ExitCode::FAILURE;
        }
        inputs.push(Input { name: format!("synthetic {size}"), specs: vec![document.clone()], json: Some(document) });
    }
    let mut measurements = Vec::new();
    for input in &inputs {
        eprintln!("measuring {} ({runs} runs)", input.name);
        match measure(input, runs) {
            Ok(measurement) => measurements.push(measurement),
            Err(failure) => eprintln!("{}: {failure}", input.name),
        }
    }
    print!("{}", table(&measurements));

    let github = shared.join("corpus/openapi/api.github.com.json");
    let largest = sizes
        .iter()
        .max()
        .map(|size| (format!("synthetic {size}"), scratch.path().join(format!("synthetic-{size}.json"))));
    let other =
        other.map(|path| (path.file_name().unwrap_or_default().to_string_lossy().into_owned(), path)).or(largest);
    if let (true, Some((other_name, other_path))) = (github.exists(), &other) {
        eprintln!("measuring regeneration of api.github.com over {other_name} and over itself edited ({runs} runs)");
        match regenerate::measure("api.github.com.json", &github, other_name, other_path, runs) {
            Ok(row) => print!("\n{}", regenerate::table(&[row])),
            Err(failure) => eprintln!("regeneration: {failure}"),
        }
    }
    if let Some(crates) = crates {
        return bench_crates(&root, &shared, runs, other, &crates);
    }
    ExitCode::SUCCESS
}

/// `--check-crates`: compile the generated crates, beside the baseline's and progenitor's.
fn bench_crates(
    root: &Path,
    shared: &Path,
    runs: usize,
    other: Option<(String, PathBuf)>,
    crates: &CrateBench,
) -> ExitCode {
    use xtask::bench::check;
    let mut documents: Vec<(String, PathBuf)> = match crates.documents.is_empty() {
        true => ["api.github.com.json", "infisical-2024-10.json"]
            .iter()
            .map(|name| (name.to_string(), shared.join("corpus/openapi").join(name)))
            .chain(other)
            .collect(),
        false => crates.documents.iter().map(|path| (name_of(path), path.clone())).collect(),
    };
    documents.retain(|(name, path)| {
        let exists = path.exists();
        if !exists {
            eprintln!("skipping {name}: {} is missing", path.display());
        }
        exists
    });
    let baseline = match crates.baseline.as_deref().map(|rev| check::baseline_generator(root, rev)) {
        Some(Err(e)) => {
            eprintln!("error: the baseline generator: {e}");
            return ExitCode::FAILURE;
        }
        Some(Ok(baseline)) => Some(baseline),
        None => None,
    };
    let options = check::Options { runs: runs.min(3), tags: &crates.alone, baseline: baseline.as_ref() };
    let mut rows = Vec::new();
    for (name, document) in documents {
        eprintln!("timing cargo check and build of {name}'s crate ({} runs each)", options.runs);
        match check::measure(&name, &document, root, &options) {
            Ok(row) => rows.push(row),
            Err(e) => eprintln!("{name}: {e}"),
        }
    }
    print!("\n{}", check::table(&rows));
    ExitCode::SUCCESS
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

fn survey(inputs: &[PathBuf], compile: bool, explain: Option<usize>, write: Option<&Path>) -> ExitCode {
    use rayon::prelude::*;
    use xtask::survey;
    let specs = match survey::specs(inputs) {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let root = project_root();
    let options = survey::Options {
        target_dir: root.join("target/corpus-check"),
        lock: Some(root.join("Cargo.lock")).filter(|lock| lock.exists()),
    };
    let mut surveyed: Vec<_> = specs.par_iter().map(|(name, spec)| survey::survey(name, spec)).collect();
    if compile {
        for (row, api) in &mut surveyed {
            if let Some(api) = api {
                eprintln!("clippy on {}'s crate", row.name);
                survey::compile(row, api, &options);
            }
        }
    }
    let table = survey::Table::new(surveyed.into_iter().map(|(row, _)| row).collect());
    let markdown = survey::markdown(&table);
    print!("{markdown}");
    if let Some(limit) = explain {
        print!("\n{}", survey::explain(&table, limit));
    }
    if let Some(file) = write {
        let replaced = std::fs::read_to_string(file).map_err(|e| e.to_string()).and_then(|text| {
            survey::replace_block(&text, &markdown)
                .ok_or_else(|| "no `<!-- survey -->` ... `<!-- /survey -->` in it".into())
        });
        match replaced.and_then(|text| xtask::write::write_file(file, &text).map_err(|e| e.to_string())) {
            Ok(()) => eprintln!("wrote the table into {}", file.display()),
            Err(e) => {
                eprintln!("error: {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
