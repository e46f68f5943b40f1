//! The crates of `tests/names/` (one per family of real APIs' names) compile, pass clippy
//! `-D warnings` with all features and build their rustdoc without warnings, whatever names their
//! specs use: generated side by side into one temp workspace, checked by one cargo run.

use std::process::Command;

use xtask::emit::EmitOptions;

#[test]
fn the_names_fixtures_crates_are_clippy_clean() {
    let names = tests::root().join("tests/names");
    let mut specs: Vec<_> = std::fs::read_dir(&names).unwrap().map(|e| e.unwrap().path()).collect();
    specs.sort();
    let workspace = tempfile::Builder::new().prefix("names-").tempdir().unwrap();
    let mut members = Vec::new();
    for spec in &specs {
        let stem = spec.file_stem().unwrap().to_string_lossy().replace('_', "-");
        let crate_name = format!("names-{stem}");
        let emit = EmitOptions { crate_name: crate_name.clone(), ..EmitOptions::default() };
        let generated = xtask::codegen::generate(std::slice::from_ref(spec), &emit)
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", spec.display()));
        for file in &generated.files {
            let path = workspace.path().join(&crate_name).join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
        members.push(format!("\"{crate_name}\""));
    }
    assert!(members.len() >= 7, "{members:?}");
    std::fs::write(
        workspace.path().join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    std::fs::copy(tests::root().join("Cargo.lock"), workspace.path().join("Cargo.lock")).unwrap();
    let cargo = |args: &[&str], rustdocflags: Option<&str>| {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(args)
            .current_dir(workspace.path())
            .env("CARGO_TARGET_DIR", tests::root().join("target/corpus-check"));
        if let Some(flags) = rustdocflags {
            command.env("RUSTDOCFLAGS", flags);
        }
        let output = command.output().expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success() && !stderr.contains("warning"), "cargo {args:?}:\n{stderr}");
    };
    cargo(&["clippy", "--offline", "--quiet", "--workspace", "--all-features", "--", "-D", "warnings"], None);
    cargo(&["doc", "--offline", "--quiet", "--workspace", "--no-deps"], Some("-D warnings"));
    // The READMEs' examples (each crate's rustdoc) compile, with the scheme they configure.
    cargo(&["test", "--offline", "--quiet", "--workspace", "--doc"], None);
}
