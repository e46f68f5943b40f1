//! What the generated crate costs its users: `cargo check` of the crate alone, whole, as when it
//! is a dependency (its own dependencies built once beforehand), with every tag's feature on, and with one small tag and one median tag
//! alone; and progenitor's crate for the same document, when `cargo-progenitor` is on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::median;

pub struct CheckTimes {
    pub name: String,
    pub all_features: Duration,
    /// A tag's feature alone: the feature, its operations, the median time.
    pub tags: Vec<(String, usize, Duration)>,
    pub progenitor: Option<Result<Duration, String>>,
}

fn cargo_check(dir: &Path, target: &Path, features: &[&str], offline: bool) -> Result<Duration, String> {
    // A touched source makes cargo check the crate again, and only the crate.
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    std::fs::write(&lib, text).map_err(|e| format!("{}: {e}", lib.display()))?;
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // Not incremental: a crate from crates.io is checked whole, and an incremental re-check of a
    // touched file reuses what did not change (nexus: 6 s against 19 s whole).
    command
        .args(["check", "--quiet"])
        .args(features)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    if offline {
        command.arg("--offline");
    }
    let start = Instant::now();
    let output = command.output().map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();
    if output.status.success() {
        Ok(elapsed)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr.lines().find(|l| l.starts_with("error")).unwrap_or("cargo check failed").to_string())
    }
}

/// The median of `runs` checks, after one that builds the dependencies.
fn median_check(dir: &Path, target: &Path, features: &[&str], offline: bool, runs: usize) -> Result<Duration, String> {
    cargo_check(dir, target, features, offline)?;
    let samples: Result<Vec<Duration>, String> =
        (0..runs).map(|_| cargo_check(dir, target, features, offline)).collect();
    Ok(median(samples?))
}

/// The smallest tag and the tag of median size, by operations.
fn sample_tags(api: &crate::ir::Api) -> Vec<(String, usize)> {
    let mut by_size: Vec<(String, usize)> =
        crate::emit::tags(api).into_iter().map(|(feature, (_, count))| (feature, count)).collect();
    by_size.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut picked = Vec::new();
    if let Some(smallest) = by_size.first() {
        picked.push(smallest.clone());
    }
    if by_size.len() > 1 {
        picked.push(by_size[by_size.len() / 2].clone());
    }
    picked
}

pub fn measure(name: &str, document: &Path, root: &Path, runs: usize) -> Result<CheckTimes, String> {
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = scratch.path().join("sdk");
    let options =
        crate::codegen::Options { specs: vec![document.to_path_buf()], out: dir.clone(), ..Default::default() };
    let outcome = crate::codegen::run(&options).map_err(|e| e.to_string())?;
    // The workspace's lock holds every dependency of a generated crate: nothing is resolved anew.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let target = root.join("target/bench-check");
    let all_features = median_check(&dir, &target, &[], true, runs)?;
    let mut tags = Vec::new();
    for (feature, operations) in sample_tags(&outcome.generated.api) {
        let time = median_check(&dir, &target, &["--no-default-features", "--features", &feature], true, runs)?;
        tags.push((feature, operations, time));
    }
    let progenitor = super::progenitor_available().then(|| {
        let out: PathBuf = scratch.path().join("progenitor");
        super::progenitor(document, &out)?;
        median_check(&out, &root.join("target/bench-check-progenitor"), &[], false, runs)
    });
    Ok(CheckTimes { name: name.into(), all_features, tags, progenitor })
}

pub fn table(rows: &[CheckTimes]) -> String {
    let mut out = format!(
        "{:<28} {:>10} {:>38} {:>11} {:>10}\n",
        "cargo check (median ms)", "all tags", "one tag alone (ops): ms, ×all", "progenitor", "ours/prog"
    );
    for row in rows {
        let all = row.all_features.as_secs_f64();
        let tags: Vec<String> = row
            .tags
            .iter()
            .map(|(feature, ops, time)| {
                format!("{feature} ({ops}): {}, {:.2}", super::ms(*time), time.as_secs_f64() / all.max(1e-9))
            })
            .collect();
        let (progenitor, versus) = match &row.progenitor {
            None => ("-".to_string(), "-".to_string()),
            Some(Ok(p)) => (super::ms(*p), format!("{:.2}", all / p.as_secs_f64())),
            Some(Err(e)) => ("failed".to_string(), e.chars().take(40).collect()),
        };
        out.push_str(&format!(
            "{:<28} {:>10} {:>38} {:>11} {:>10}\n",
            row.name,
            super::ms(row.all_features),
            tags.join("; "),
            progenitor,
            versus
        ));
    }
    out
}
