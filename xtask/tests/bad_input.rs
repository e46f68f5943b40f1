//! Bad input through the real command: every file in `tests/bad/` (our own malformed pages and
//! documents) makes `cargo xtask codegen` exit non-zero with a diagnostic that names the file and
//! line, never a panic, and leaves `--out` exactly as it was. The diagnostics are snapshots. Every
//! file in `tests/warned/` (a spec's own slips, such as a `$ref` to nothing) generates, with
//! warnings that name the file and line, and fails under `--strict`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ has a parent").to_path_buf()
}

/// Every file under `dir` with its bytes, to compare a directory before and after.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Runs `cargo xtask codegen --specs <specs>... --out <out>` from the workspace root.
fn codegen(specs: &[&str], out: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.arg("codegen").current_dir(root()).arg("--out").arg(out);
    for spec in specs {
        command.arg("--specs").arg(spec);
    }
    command.output().expect("the xtask binary runs")
}

/// An output directory that already holds a crate, generated from our fixtures.
fn populated_out() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = codegen(&["tests/fixtures"], out.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    out
}

#[test]
fn every_bad_input_is_refused_with_its_file_and_line() {
    insta::glob!("../../tests/bad", "*.*", |path| {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap();
        let relative = format!("tests/bad/{name}");
        let out = populated_out();
        let before = contents(out.path());
        let output = codegen(&[&relative], out.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name} panicked: {stderr}");
        assert!(stderr.contains(&format!("{relative}:")), "{name}: the diagnostic names no line: {stderr}");
        assert_eq!(before, contents(out.path()), "{name}: --out changed");
        insta::assert_snapshot!("diagnostic", stderr);
    });
}

#[test]
fn every_slip_is_warned_with_its_file_and_line() {
    insta::glob!("../../tests/warned", "*.*", |path| {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap();
        let relative = format!("tests/warned/{name}");
        let out = tempfile::tempdir().unwrap();
        let output = codegen(&[&relative], out.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{name}: {stderr}");
        assert!(stderr.contains(&format!("{relative}:")), "{name}: the warning names no line: {stderr}");
        // The warnings, without the files written (their paths are the temporary directory's).
        let warnings: String =
            stderr.lines().take_while(|l| !l.starts_with("  wrote ")).map(|l| format!("{l}\n")).collect();
        assert!(warnings.contains("warning: "), "{name}: {stderr}");
        insta::assert_snapshot!("warnings", warnings);
        let strict = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["codegen", "--strict", "--check", "--specs", &relative, "--out"])
            .arg(out.path())
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(strict.status.code(), Some(1), "{name} passes --strict");
    });
}

#[test]
fn several_broken_pages_are_all_reported() {
    let specs = tempfile::tempdir().unwrap();
    let broken = ["yaml_syntax.md", "truncated_page.md", "wrong_label.md"];
    for name in broken {
        std::fs::copy(root().join("tests/bad").join(name), specs.path().join(name)).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let output = codegen(&[specs.path().to_str().unwrap()], &out.path().join("sdk"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    for name in broken {
        assert!(stderr.contains(name), "{name} is not reported: {stderr}");
    }
    assert!(stderr.contains("3 error(s); nothing was written"), "{stderr}");
    assert!(!out.path().join("sdk").exists());
}

#[test]
fn strict_turns_warnings_into_errors() {
    let specs = tempfile::tempdir().unwrap();
    let page = specs.path().join("not.yaml");
    std::fs::write(
        &page,
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                not: {type: string}\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let lenient = codegen(&[page.to_str().unwrap()], out.path());
    assert!(lenient.status.success());
    assert!(String::from_utf8_lossy(&lenient.stderr).contains("warning: `not` is understood only as"));
    let mut strict = Command::new(env!("CARGO_BIN_EXE_xtask"));
    let strict = strict.args(["codegen", "--strict", "--specs"]).arg(&page).arg("--out").arg(out.path().join("strict"));
    let output = strict.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("error: `not` is understood only as"));
}
