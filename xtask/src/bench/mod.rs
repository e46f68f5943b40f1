//! `cargo xtask bench`: times every stage of codegen (read, parse, merge, resolve, emit, format,
//! write) on the shared Infisical corpus, on `api.github.com.json`, and on synthetic specs of
//! 250 to 2,000 operations, and prints medians. The floor is parsing the same inputs into plain
//! JSON values, which no generator can avoid. With `cargo-progenitor` on PATH, it is timed on the
//! same JSON inputs in the same run. Then the cost of regenerating over an existing crate
//! (`regenerate.rs`) and, with `--check-crates`, of compiling the generated crate (`check.rs`).

pub mod check;
pub mod regenerate;
pub mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::codegen::Failure;
use crate::emit::EmitOptions;

/// The stages, in order.
pub const STAGES: &[&str] = &["read", "parse", "merge", "resolve", "emit", "format", "write"];

/// One input to measure.
pub struct Input {
    pub name: String,
    pub specs: Vec<PathBuf>,
    /// A single JSON document, which progenitor can read too.
    pub json: Option<PathBuf>,
}

/// Medians of one input's runs.
pub struct Measurement {
    pub name: String,
    pub operations: usize,
    pub stages: Vec<Duration>,
    /// The real `cargo xtask codegen` path end to end (loading and emitting run on all cores).
    pub codegen: Duration,
    pub floor: Duration,
    pub progenitor: Option<Result<Duration, String>>,
}

impl Measurement {
    pub fn total(&self) -> Duration {
        self.stages.iter().sum()
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// One run of the pipeline, stage by stage.
fn run_once(input: &Input, out: &Path) -> Result<(Vec<Duration>, usize), Failure> {
    let mut times = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |times: &mut Vec<Duration>| {
        times.push(clock.elapsed());
        clock = Instant::now();
    };
    let files = crate::load::files(&input.specs)?;
    let texts: Vec<(PathBuf, String)> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).map(|t| (f.clone(), t)))
        .collect::<Result<_, _>>()
        .map_err(|e| Failure::Write(crate::write::WriteError { path: input.specs[0].clone(), source: e }))?;
    lap(&mut times);
    let mut pages = Vec::new();
    for (file, text) in &texts {
        pages.extend(crate::load::load_text(file, text)?.pages);
    }
    lap(&mut times);
    let api = crate::merge::merge(pages)?;
    lap(&mut times);
    let resolution = crate::resolve::resolve(&api, files[0].clone())?;
    lap(&mut times);
    let tokens = crate::emit::tokens(&resolution.api, &EmitOptions::default());
    lap(&mut times);
    let files = crate::emit::render(&resolution.api, &EmitOptions::default(), tokens)?;
    lap(&mut times);
    let changes = crate::write::compare(out, &files, &[]);
    crate::write::write(out, &files, &changes)?;
    lap(&mut times);
    Ok((times, resolution.api.operations.len()))
}

/// Parsing the same files into plain JSON values: the least any generator must do.
fn floor(input: &Input) -> Duration {
    let files = crate::load::files(&input.specs).unwrap_or_default();
    let texts: Vec<(PathBuf, String)> =
        files.iter().filter_map(|f| Some((f.clone(), std::fs::read_to_string(f).ok()?))).collect();
    let start = Instant::now();
    for (file, text) in &texts {
        if file.extension().is_some_and(|e| e == "json") {
            let _: Option<serde_json::Value> = serde_json::from_str(text).ok();
        } else {
            let _ = crate::load::parse_plain(file, text);
        }
    }
    start.elapsed()
}

fn progenitor(document: &Path, out: &Path) -> Result<Duration, String> {
    let start = Instant::now();
    let output = Command::new("cargo-progenitor")
        .args(["progenitor", "-i"])
        .arg(document)
        .arg("-o")
        .arg(out)
        .args(["-n", "bench-sdk", "-v", "0.1.0"])
        .output()
        .map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    if output.status.success() {
        Ok(elapsed)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("failed");
        Err(format!("exit {}: {}", output.status.code().unwrap_or(-1), last.trim()))
    }
}

fn progenitor_available() -> bool {
    Command::new("cargo-progenitor").arg("--help").output().is_ok_and(|o| o.status.success())
}

pub fn measure(input: &Input, runs: usize) -> Result<Measurement, Failure> {
    let scratch = tempfile::tempdir()
        .map_err(|e| Failure::Write(crate::write::WriteError { path: std::env::temp_dir(), source: e }))?;
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); STAGES.len()];
    let mut operations = 0;
    for run in 0..runs {
        // A fresh directory each time, so that `write` writes every file.
        let out = scratch.path().join(format!("run-{run}"));
        let (times, count) = run_once(input, &out)?;
        operations = count;
        for (stage, time) in times.into_iter().enumerate() {
            samples[stage].push(time);
        }
    }
    let stages = samples.into_iter().map(median).collect();
    let mut codegen_samples = Vec::new();
    for run in 0..runs {
        let options = crate::codegen::Options {
            specs: input.specs.clone(),
            out: scratch.path().join(format!("codegen-{run}")),
            ..Default::default()
        };
        let start = Instant::now();
        crate::codegen::run(&options)?;
        codegen_samples.push(start.elapsed());
    }
    let codegen = median(codegen_samples);
    let floor = median((0..runs).map(|_| floor(input)).collect());
    let progenitor = match (&input.json, progenitor_available()) {
        (Some(document), true) => {
            let times: Result<Vec<Duration>, String> = (0..runs.min(3))
                .map(|run| progenitor(document, &scratch.path().join(format!("progenitor-{run}"))))
                .collect();
            Some(times.map(median))
        }
        _ => None,
    };
    Ok(Measurement { name: input.name.clone(), operations, stages, codegen, floor, progenitor })
}

fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

/// The table the command prints: milliseconds, medians.
pub fn table(measurements: &[Measurement]) -> String {
    let mut out = format!("{:<28} {:>5}", "input (median ms)", "ops");
    for stage in STAGES {
        out.push_str(&format!(" {stage:>8}"));
    }
    out.push_str(&format!(
        " {:>8} {:>8} {:>8} {:>6} {:>8} {:>11} {:>10}\n",
        "stages", "codegen", "floor", "×floor", "µs/op", "progenitor", "ours/prog"
    ));
    for m in measurements {
        out.push_str(&format!("{:<28} {:>5}", m.name, m.operations));
        for stage in &m.stages {
            out.push_str(&format!(" {:>8}", ms(*stage)));
        }
        let total = m.total();
        let ratio = m.codegen.as_secs_f64() / m.floor.as_secs_f64().max(1e-9);
        let per_op = m.codegen.as_secs_f64() * 1e6 / m.operations.max(1) as f64;
        let (progenitor, versus) = match &m.progenitor {
            None => ("-".to_string(), "-".to_string()),
            Some(Ok(p)) => (ms(*p), format!("{:.3}", m.codegen.as_secs_f64() / p.as_secs_f64())),
            Some(Err(e)) => ("failed".to_string(), e.chars().take(40).collect()),
        };
        out.push_str(&format!(
            " {:>8} {:>8} {:>8} {:>6.2} {:>8.0} {:>11} {:>10}\n",
            ms(total),
            ms(m.codegen),
            ms(m.floor),
            ratio,
            per_op,
            progenitor,
            versus
        ));
    }
    out
}
