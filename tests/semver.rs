//! The change report's word against the compiler's, judged by cargo-semver-checks: for every pair
//! in `tests/changes/`, the crates generated before and after are compared. Where semver-checks
//! finds a break (a lint that asks for a major version), the report must say "breaking"; where the
//! report says "addition" or "other", semver-checks must find none. (The report may call breaking
//! what semver-checks cannot see, such as a field's type changing.)
//!
//! Needs `cargo-semver-checks` on PATH (`.ci/run` installs it); without it the test fails under CI
//! and is skipped elsewhere, saying why.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen::{Options, run};
use xtask::report::Level;

use tests::root;

fn options(specs: &Path, out: &Path) -> Options {
    Options { specs: vec![specs.to_path_buf()], out: out.to_path_buf(), ..Options::default() }
}

fn semver_checks_available() -> bool {
    let found =
        Command::new(env!("CARGO")).args(["semver-checks", "--version"]).output().is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("cargo-semver-checks is not installed, and CI is set: .ci/run installs it");
        }
        eprintln!("skipping: cargo-semver-checks is not installed (`cargo install cargo-semver-checks --locked`)");
    }
    found
}

/// The crate's rustdoc JSON (what semver-checks reads), built in a target dir of its own that stays
/// warm between runs.
fn rustdoc_json(crate_dir: &Path, into: &Path) -> PathBuf {
    std::fs::copy(root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("copy Cargo.lock");
    let target = root().join("target/semver-checks");
    let output = Command::new(env!("CARGO"))
        .args(["rustdoc", "--lib", "--offline", "--quiet", "--", "-Z", "unstable-options", "--output-format", "json"])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTC_BOOTSTRAP", "1")
        .output()
        .expect("cargo rustdoc runs");
    assert!(
        output.status.success(),
        "rustdoc of {}:\n{}",
        crate_dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let json = target.join("doc/infisical_api.json");
    std::fs::copy(&json, into).unwrap_or_else(|e| panic!("{}: {e}", json.display()));
    into.to_path_buf()
}

/// semver-checks' verdict: the lints that ask for a major version, none when it passes.
fn major_lints(baseline: &Path, current: &Path) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args(["semver-checks", "check-release", "--release-type", "minor", "--color", "never"])
        .arg("--baseline-rustdoc")
        .arg(baseline)
        .arg("--current-rustdoc")
        .arg(current)
        .output()
        .expect("cargo semver-checks runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let lints: Vec<String> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--- failure "))
        .map(|rest| rest.split(':').next().unwrap_or(rest).trim().to_string())
        .collect();
    assert_eq!(output.status.success(), lints.is_empty(), "semver-checks said:\n{text}");
    lints
}

#[test]
fn the_report_agrees_with_cargo_semver_checks_on_every_pair() {
    if !semver_checks_available() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let changes = root().join("tests/changes");
    let mut afters: Vec<PathBuf> = std::fs::read_dir(changes.join("after"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    afters.sort();
    let mut baselines: std::collections::BTreeMap<PathBuf, PathBuf> = Default::default();
    let mut table = vec!["| pair | report | semver-checks |".to_string(), "|---|---|---|".to_string()];
    let mut disagreements = Vec::new();
    for (i, after) in afters.iter().enumerate() {
        let stem = after.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let own = changes.join("before").join(format!("{stem}.md"));
        let before = if own.exists() { own } else { changes.join("before.md") };
        let baseline = match baselines.get(&before) {
            Some(json) => json.clone(),
            None => {
                let dir = work.path().join(format!("baseline-{}", baselines.len()));
                run(&options(&before, &dir)).expect("the before page generates");
                let json = rustdoc_json(&dir, &work.path().join(format!("baseline-{}.json", baselines.len())));
                baselines.insert(before.clone(), json.clone());
                json
            }
        };
        // The report, as a regeneration over the before crate makes it.
        let out = work.path().join(format!("pair-{i}"));
        run(&options(&before, &out)).expect("the before page generates");
        let outcome = run(&options(after, &out)).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let changes_found = outcome.report.changes.clone().unwrap_or_default();
        let level = changes_found.iter().map(|c| c.level).max();
        let current = rustdoc_json(&out, &work.path().join(format!("pair-{i}.json")));
        let lints = major_lints(&baseline, &current);

        let word = match level {
            Some(Level::Breaking) => "breaking",
            Some(Level::Addition) => "addition",
            Some(Level::Patch) => "other",
            None => "none",
        };
        let verdict = if lints.is_empty() { "no break".to_string() } else { format!("break: {}", lints.join(", ")) };
        table.push(format!("| {stem} | {word} | {verdict} |"));
        if !lints.is_empty() && level != Some(Level::Breaking) {
            disagreements.push(format!("{stem}: the report says {word}, semver-checks finds {}", lints.join(", ")));
        }
    }
    let table = table.join("\n");
    // Past the harness's capture, so CI's log holds the table even when the test passes.
    use std::io::Write;
    writeln!(std::io::stderr().lock(), "{table}").ok();
    std::fs::write(root().join("target/semver-checks/table.md"), format!("{table}\n")).ok();
    assert!(disagreements.is_empty(), "{}\n\n{table}", disagreements.join("\n"));
}
