//! What the generated crate costs its users: `cargo check` and a debug `cargo build` of the crate
//! alone, as when it is a dependency (its own dependencies built once beforehand, not
//! incrementally), with every group's feature on, and `cargo check` with a few groups alone. Beside
//! it, in the same run: the crate an earlier commit's generator emits for the same document
//! (`--baseline REV`), and progenitor's, when `cargo-progenitor` is on PATH.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::median;

/// Medians of one crate's check and build.
#[derive(Clone, Copy)]
pub struct Times {
    pub check: Duration,
    pub build: Duration,
}

pub struct CheckTimes {
    pub name: String,
    pub operations: usize,
    pub ours: Times,
    /// A group's feature alone: the feature, its operations, the median check.
    pub tags: Vec<(String, usize, Duration)>,
    /// The baseline generator's crate: its commit and times.
    pub baseline: Option<(String, Result<Times, String>)>,
    pub progenitor: Option<Result<Times, String>>,
}

/// How one crate is compiled.
struct Crate<'a> {
    dir: &'a Path,
    target: PathBuf,
    /// Its lock file holds every dependency already: nothing is resolved or downloaded.
    offline: bool,
}

impl Crate<'_> {
    fn cargo(&self, verb: &str, features: &[&str]) -> Result<Duration, String> {
        // A touched source makes cargo compile the crate again, and only the crate.
        let lib = self.dir.join("src/lib.rs");
        let text = std::fs::read(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
        std::fs::write(&lib, text).map_err(|e| format!("{}: {e}", lib.display()))?;
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        // Not incremental: a crate from crates.io is compiled whole, and an incremental re-check of
        // a touched file reuses what did not change (nexus: 6 s against 19 s whole).
        command
            .args([verb, "--quiet"])
            .args(features)
            .current_dir(self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", "0");
        if self.offline {
            command.arg("--offline");
        }
        let start = Instant::now();
        let output = command.output().map_err(|e| e.to_string())?;
        let elapsed = start.elapsed();
        if output.status.success() {
            Ok(elapsed)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Err(stderr.lines().find(|l| l.starts_with("error")).unwrap_or("cargo failed").to_string())
        }
    }

    /// The median of `runs`, after one that compiles the dependencies.
    fn median(&self, verb: &str, features: &[&str], runs: usize) -> Result<Duration, String> {
        self.cargo(verb, features)?;
        let samples: Result<Vec<Duration>, String> = (0..runs).map(|_| self.cargo(verb, features)).collect();
        Ok(median(samples?))
    }

    fn times(&self, runs: usize) -> Result<Times, String> {
        Ok(Times { check: self.median("check", &[], runs)?, build: self.median("build", &[], runs)? })
    }
}

/// The groups timed alone: the smallest, the one of median size, and those asked for.
fn sample_tags(api: &crate::ir::Api, asked: &[String]) -> Vec<(String, usize)> {
    let mut by_size: Vec<(String, usize)> =
        crate::emit::tags(api).into_iter().map(|(feature, (_, count))| (feature, count)).collect();
    by_size.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut picked = Vec::new();
    let mut pick = |tag: Option<&(String, usize)>| {
        if let Some(tag) = tag.filter(|t| !picked.contains(*t)) {
            picked.push(tag.clone());
        }
    };
    pick(by_size.first());
    pick(by_size.get(by_size.len() / 2).filter(|_| by_size.len() > 1));
    for name in asked {
        pick(by_size.iter().find(|(feature, _)| feature == name));
    }
    picked
}

/// An earlier commit's generator.
pub struct Baseline {
    pub rev: String,
    pub generator: PathBuf,
    /// The commit's lock file, which its crates are compiled with.
    pub lock: PathBuf,
}

/// The generator at `rev`, built from a copy of that commit's tree under `target/bench-baseline`.
pub fn baseline_generator(root: &Path, rev: &str) -> Result<Baseline, String> {
    let run = |command: &mut Command| -> Result<Vec<u8>, String> {
        let output = command.stderr(Stdio::piped()).output().map_err(|e| e.to_string())?;
        match output.status.success() {
            true => Ok(output.stdout),
            false => Err(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        }
    };
    let commit =
        run(Command::new("git").arg("-C").arg(root).args(["rev-parse", "--verify"]).arg(format!("{rev}^{{commit}}")))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    let base = root.join("target/bench-baseline");
    let source = base.join(&commit);
    if !source.join("Cargo.toml").exists() {
        std::fs::create_dir_all(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        let tar = run(Command::new("git").arg("-C").arg(root).args(["archive", "--format=tar", &commit]))?;
        let mut untar = Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(&source)
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| format!("tar: {e}"))?;
        std::io::Write::write_all(&mut untar.stdin.take().ok_or("tar: no stdin")?, &tar).map_err(|e| e.to_string())?;
        if !untar.wait().map_err(|e| e.to_string())?.success() {
            return Err(format!("tar could not unpack {commit}"));
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(&source)
        .env("CARGO_TARGET_DIR", base.join("target")))?;
    Ok(Baseline { rev: rev.to_string(), generator: base.join("target/release/xtask"), lock: source.join("Cargo.lock") })
}

/// The crate the baseline generator emits for `document`, with the baseline's own lock file.
fn baseline_crate(baseline: &Baseline, document: &Path, out: &Path) -> Result<(), String> {
    let output = Command::new(&baseline.generator)
        .arg("codegen")
        .arg("--specs")
        .arg(document)
        .arg("--out")
        .arg(out)
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or("codegen failed").to_string());
    }
    std::fs::copy(&baseline.lock, out.join("Cargo.lock")).map(|_| ()).map_err(|e| e.to_string())
}

pub struct Options<'a> {
    pub runs: usize,
    /// Groups to time alone besides the smallest and the median one.
    pub tags: &'a [String],
    pub baseline: Option<&'a Baseline>,
}

pub fn measure(name: &str, document: &Path, root: &Path, options: &Options) -> Result<CheckTimes, String> {
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = scratch.path().join("sdk");
    let codegen =
        crate::codegen::Options { specs: vec![document.to_path_buf()], out: dir.clone(), ..Default::default() };
    let outcome = crate::codegen::run(&codegen).map_err(|e| e.to_string())?;
    // The workspace's lock holds every dependency of a generated crate: nothing is resolved anew.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let ours = Crate { dir: &dir, target: root.join("target/bench-check"), offline: true };
    let runs = options.runs;
    let times = ours.times(runs)?;
    let mut tags = Vec::new();
    for (feature, operations) in sample_tags(&outcome.generated.api, options.tags) {
        let time = ours.median("check", &["--no-default-features", "--features", &feature], runs)?;
        tags.push((feature, operations, time));
    }
    let baseline = options.baseline.map(|baseline| {
        let out = scratch.path().join("baseline");
        let times = baseline_crate(baseline, document, &out).and_then(|()| {
            Crate { dir: &out, target: root.join("target/bench-check-baseline"), offline: false }.times(runs)
        });
        (baseline.rev.clone(), times)
    });
    let progenitor = super::progenitor_available().then(|| {
        let out: PathBuf = scratch.path().join("progenitor");
        super::progenitor(document, &out)?;
        Crate { dir: &out, target: root.join("target/bench-check-progenitor"), offline: false }.times(runs)
    });
    let operations = outcome.generated.api.operations.len();
    Ok(CheckTimes { name: name.into(), operations, ours: times, tags, baseline, progenitor })
}

fn seconds(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64())
}

fn ratio(ours: Duration, theirs: Duration) -> String {
    format!("{:.2}", ours.as_secs_f64() / theirs.as_secs_f64().max(1e-9))
}

/// Two tables: each crate's check and build beside the baseline's and progenitor's, with the
/// ratios; then the groups alone.
pub fn table(rows: &[CheckTimes]) -> String {
    let baseline = rows.iter().find_map(|r| r.baseline.as_ref().map(|(rev, _)| rev.clone()));
    let mut out = format!(
        "{:<26} {:>5} {:>14} {:>30} {:>30}\n",
        "crate alone (median s)",
        "ops",
        "ours chk/build",
        format!("{} chk/build (ours ×)", baseline.as_deref().unwrap_or("baseline")),
        "progenitor chk/build (ours ×)"
    );
    let other = |times: &Option<Result<Times, String>>, ours: Times| match times {
        None => "-".to_string(),
        Some(Ok(t)) => format!(
            "{} / {} ({} / {})",
            seconds(t.check),
            seconds(t.build),
            ratio(ours.check, t.check),
            ratio(ours.build, t.build)
        ),
        Some(Err(e)) => format!("failed: {}", e.chars().take(21).collect::<String>()),
    };
    for row in rows {
        let ours = row.ours;
        out.push_str(&format!(
            "{:<26} {:>5} {:>14} {:>30} {:>30}\n",
            row.name,
            row.operations,
            format!("{} / {}", seconds(ours.check), seconds(ours.build)),
            other(&row.baseline.as_ref().map(|(_, t)| t.clone()), ours),
            other(&row.progenitor, ours),
        ));
    }
    out.push_str(&format!(
        "\n{:<26} {:>24} {:>10} {:>8}\n",
        "one group alone (check)", "feature (ops)", "median s", "× all"
    ));
    for row in rows {
        for (feature, ops, time) in &row.tags {
            out.push_str(&format!(
                "{:<26} {:>24} {:>10} {:>8}\n",
                row.name,
                format!("{feature} ({ops})"),
                seconds(*time),
                ratio(*time, row.ours.check)
            ));
        }
    }
    out
}
