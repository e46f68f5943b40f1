//! Helpers shared by the generator's tests: where the workspace and the shared corpus are, and
//! running the pipeline into a directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen::{self, Options, Outcome};
use xtask::emit::EmitOptions;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// `../shared/<relative>` beside the workspace. When it is missing, tests that need it fail under
/// CI (`CI` set) and are skipped elsewhere, saying why.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = root().parent().expect("the workspace has a parent").join("shared").join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is missing, and CI is set: the shared corpus must be present", path.display());
    }
    eprintln!("skipping: {} is missing (set CI to make this a failure)", path.display());
    None
}

/// Runs `cargo xtask codegen --specs ... --out out`, in process.
pub fn codegen(specs: &[PathBuf], out: &Path, check: bool) -> Result<Outcome, codegen::Failure> {
    codegen::run(&Options {
        specs: specs.to_vec(),
        out: out.to_path_buf(),
        check,
        emit: EmitOptions::default(),
        ..Options::default()
    })
}

/// Every file under `dir` with its bytes, sorted by path: to compare directories before and after.
pub fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                files.push((path.strip_prefix(dir).unwrap_or(&path).to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}

/// Copies a directory tree (our own fixtures and specs, into a temp dir for a test to edit).
pub fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in snapshot_dir(from) {
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("a file has a parent")).expect("create dir");
        std::fs::write(target, bytes).expect("write file");
    }
}

/// Every type of the crate generated into `dir` is at most `bound` bytes: a const assertion per
/// type, checked by `cargo check` (after `assert_clippy_clean`, which set the crate up).
pub fn assert_sizes_within(name: &str, dir: &Path, types: &[xtask::ir::TypeDef], bound: usize) {
    let crate_ident = std::fs::read_to_string(dir.join("Cargo.toml"))
        .ok()
        .and_then(|m| {
            m.lines().find_map(|l| l.strip_prefix("name = \"").map(|n| n.trim_end_matches('"').replace('-', "_")))
        })
        .expect("the generated Cargo.toml names its package");
    let mut text = String::from("// Every type within the size bound, checked at compile time.\n");
    for def in types {
        let ty = &def.name;
        text.push_str(&format!(
            "const _: () = assert!(std::mem::size_of::<{crate_ident}::types::{ty}>() <= {bound}, \"{ty} is over {bound} bytes\");\n"
        ));
    }
    std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
    std::fs::write(dir.join("tests/sizes.rs"), text).expect("write sizes.rs");
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "--tests"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/corpus-check"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{name}: a type is over {bound} bytes:\n{stderr}");
}

/// `cargo ARGS` in the crate generated into `dir` (outside the workspace), offline: it gets the
/// workspace's Cargo.lock, so no dependency is resolved anew, and the target dir
/// `target/corpus-check`, which stays warm between runs.
pub fn cargo_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    }
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/corpus-check"))
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs")
}

/// The crate generated into `dir` (outside the workspace) passes `cargo clippy -D warnings` with
/// all its features on, and its
/// rustdoc builds without warnings. It gets the workspace's Cargo.lock, so no dependency is resolved
/// anew, and a target dir of its own under `target/` that stays warm between runs.
pub fn assert_clippy_clean(name: &str, dir: &Path) {
    let output = cargo_in(dir, &["clippy", "--offline", "--quiet", "--all-features", "--", "-D", "warnings"], &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{name}: the generated crate does not pass clippy -D warnings:\n{stderr}");
    assert!(!stderr.contains("warning"), "{name}: warnings:\n{stderr}");

    // Its rustdoc, made from the spec's descriptions, builds without warnings too.
    let output = cargo_in(dir, &["doc", "--no-deps", "--offline", "--quiet"], &[("RUSTDOCFLAGS", "-D warnings")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && !stderr.contains("warning"), "{name}: rustdoc warns:\n{stderr}");
}

/// The doctests of the crate in `dir` (the README's examples and each operation's) compile; how
/// many there are.
pub fn assert_examples_compile(name: &str, dir: &Path) -> usize {
    let output = cargo_in(dir, &["test", "--doc", "--offline"], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{name}: an example does not compile:\n{stdout}\n{stderr}");
    stdout.lines().filter(|l| l.starts_with("test ") && l.ends_with(" - compile ... ok")).count()
}

/// The groups' features of the crate in `dir`, as its `Cargo.toml` lists them: every feature but
/// `default`, `all-tags` and the ones that add something to every group (traces, serde impls).
pub fn tag_features(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).expect("the crate has a Cargo.toml");
    let manifest: toml::Table = toml::from_str(&text).expect("the generated Cargo.toml parses");
    let features = manifest.get("features").and_then(|f| f.as_table()).expect("the crate has features");
    let not_groups = ["default", "all-tags", "all-groups", "tracing", "serialize-responses", "deserialize-requests"];
    features.keys().filter(|k| !not_groups.contains(&k.as_str())).cloned().collect()
}

/// The crate in `dir` compiles with no warnings with its default features off, and with each
/// tag's feature alone: a type a feature's operations use is never left behind another feature.
pub fn assert_each_feature_compiles(name: &str, dir: &Path) -> usize {
    let features = tag_features(dir);
    let sets = std::iter::once(None).chain(features.iter().map(Some));
    for feature in sets {
        let mut args = vec!["check", "--offline", "--quiet", "--no-default-features"];
        if let Some(feature) = feature {
            args.extend(["--features", feature.as_str()]);
        }
        let output = cargo_in(dir, &args, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let which = feature.map_or("no features".to_string(), |f| format!("feature {f} alone"));
        assert!(
            output.status.success() && !stderr.contains("warning"),
            "{name}: with {which}, the crate does not compile cleanly:\n{stderr}"
        );
    }
    features.len()
}

/// Runs `tests/harness/<source>` as the test `<name>` of the generated crate in `dir` (whose
/// `tests/<name>/` holds the harness's inputs), with wiremock and the workspace's lock, on the
/// given `cargo test` arguments; returns its stdout, and fails with its output when it fails.
pub fn run_harness(dir: &Path, source: &str, name: &str, cargo_args: &[&str]) -> String {
    let harness = dir.join("tests").join(name);
    std::fs::create_dir_all(&harness).unwrap();
    std::fs::copy(root().join("tests/harness").join(source), harness.join("main.rs")).unwrap();
    let manifest = dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("wiremock = \"0.6\"\n");
    std::fs::write(&manifest, text).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["test", "--offline", "--quiet"])
        .args(cargo_args)
        .args(["--test", name, "--", "--nocapture"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/corpus-check"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the {name} harness fails:\n{stdout}\n{stderr}");
    stdout
}
