//! Behaviour of `cargo xtask codegen` on our own inputs: committed output is current, output is
//! deterministic and independent of input order, `--check` writes nothing, a failed run leaves the
//! output directory as it was, and errors name the file and line.

use std::path::{Path, PathBuf};

use tests::{codegen, copy_dir, root, snapshot_dir};
use xtask::write::Status;

/// Like rust-analyzer's codegen test: a stale `generated/` (or `tests/fixture-sdk/`) fails
/// `cargo test`, not only CI.
#[test]
fn committed_output_is_current() {
    for (specs, out) in
        [(&["specs"][..], "generated"), (&["tests/fixtures", "tests/faithful"][..], "tests/fixture-sdk")]
    {
        let options = xtask::codegen::Options {
            specs: specs.iter().map(|s| root().join(s)).collect(),
            out: root().join(out),
            check: true,
            emit: xtask::emit::EmitOptions {
                crate_name: if out == "generated" { "infisical-api".into() } else { "fixture-sdk".into() },
                ..Default::default()
            },
            ..Default::default()
        };
        let outcome = xtask::codegen::run(&options).expect("the committed specs generate");
        let stale: Vec<_> = outcome.changes.iter().filter(|c| c.status != Status::Unchanged).collect();
        assert!(stale.is_empty(), "{out}/ is stale, run `cargo xtask codegen`: {stale:?}");
    }
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("tests/fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn output_does_not_depend_on_input_order() {
    let forward = tempfile::tempdir().unwrap();
    let backward = tempfile::tempdir().unwrap();
    let mut files = fixture_files();
    codegen(&files, forward.path(), false).expect("fixtures generate");
    files.reverse();
    codegen(&files, backward.path(), false).expect("fixtures generate");
    assert_eq!(snapshot_dir(forward.path()), snapshot_dir(backward.path()));
}

#[test]
fn a_second_run_changes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let first = codegen(&fixture_files(), out.path(), false).unwrap();
    assert!(first.changes.iter().all(|c| c.status == Status::Added));
    let before = snapshot_dir(out.path());
    let second = codegen(&fixture_files(), out.path(), false).unwrap();
    assert!(!second.is_stale());
    assert_eq!(before, snapshot_dir(out.path()));
}

#[test]
fn check_reports_a_spec_edit_and_writes_nothing() {
    let specs = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    copy_dir(&root().join("specs"), specs.path());
    codegen(&[specs.path().to_path_buf()], out.path(), false).unwrap();
    assert!(!codegen(&[specs.path().to_path_buf()], out.path(), true).unwrap().is_stale());

    let page = specs.path().join("pages/app-connections/1password/create.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replace("An optional description for the 1Password Connection.", "A description.");
    assert_ne!(text, edited, "the description to edit is in the page");
    std::fs::write(&page, edited).unwrap();

    let before = snapshot_dir(out.path());
    let outcome = codegen(&[specs.path().to_path_buf()], out.path(), true).unwrap();
    assert!(outcome.is_stale());
    let changed: Vec<&str> =
        outcome.changes.iter().filter(|c| c.status != Status::Unchanged).map(|c| c.path.as_str()).collect();
    // The type's rustdoc, and the IR copy the next change report compares with.
    assert_eq!(changed, ["src/types.rs", "api-ir.json"]);
    assert_eq!(before, snapshot_dir(out.path()), "--check wrote something");
}

fn write_page(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const BROKEN_YAML: &str = "# Source: https://example.test/broken.md\n\n## OpenAPI\n\n````yaml GET /a\nopenapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get: [unclosed\n````\n";

#[test]
fn a_failed_run_leaves_the_output_as_it_was() {
    let specs = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    codegen(&fixture_files(), out.path(), false).unwrap();
    let before = snapshot_dir(out.path());
    let broken = write_page(specs.path(), "broken.md", BROKEN_YAML);
    let mut inputs = fixture_files();
    inputs.push(broken);
    assert!(codegen(&inputs, out.path(), false).is_err());
    assert_eq!(before, snapshot_dir(out.path()));
}

#[test]
fn yaml_errors_name_the_file_and_the_line_in_the_page() {
    let specs = tempfile::tempdir().unwrap();
    write_page(specs.path(), "broken.md", BROKEN_YAML);
    let error = codegen(&[specs.path().to_path_buf()], &specs.path().join("out"), false).unwrap_err().to_string();
    // The YAML starts on line 6 of the page; the unclosed flow sequence is reported at its end.
    assert!(error.contains("broken.md:11"), "{error}");
    assert!(!specs.path().join("out").exists());
}

#[test]
fn a_page_without_an_openapi_block_is_an_error() {
    let specs = tempfile::tempdir().unwrap();
    write_page(
        specs.path(),
        "empty.md",
        "# Source: https://example.test/x.md\n\n# Title\n\n## OpenAPI\n\nNothing here.\n",
    );
    let error = codegen(&[specs.path().to_path_buf()], &specs.path().join("out"), false).unwrap_err().to_string();
    assert!(error.contains("empty.md") && error.contains("no OpenAPI block"), "{error}");
}

#[test]
fn a_block_labelled_with_another_operation_is_an_error() {
    let specs = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(root().join("tests/fixtures/tagged_union.md")).unwrap();
    write_page(
        specs.path(),
        "mislabelled.md",
        &page.replace("````yaml POST /api/v1/widgets", "````yaml GET /api/v1/widgets"),
    );
    let error = codegen(&[specs.path().to_path_buf()], &specs.path().join("out"), false).unwrap_err().to_string();
    assert!(error.contains("mislabelled.md:9") && error.contains("GET /api/v1/widgets"), "{error}");
}

#[test]
fn two_pages_that_disagree_about_an_operation_name_both_files() {
    let specs = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(root().join("tests/fixtures/tagged_union.md")).unwrap();
    write_page(specs.path(), "a.md", &page);
    write_page(specs.path(), "b.md", &page.replace("The created widget's id.", "Something else."));
    let error = codegen(&[specs.path().to_path_buf()], &specs.path().join("out"), false).unwrap_err().to_string();
    assert!(error.contains("a.md") && error.contains("b.md") && error.contains("POST /api/v1/widgets"), "{error}");
}

#[test]
fn the_same_operation_on_two_pages_is_fine_when_they_agree() {
    let specs = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(root().join("tests/fixtures/tagged_union.md")).unwrap();
    write_page(specs.path(), "a.md", &page);
    write_page(specs.path(), "b.md", &page);
    let outcome = codegen(&[specs.path().to_path_buf()], &specs.path().join("out"), false).unwrap();
    assert_eq!(outcome.generated.api.operations.len(), 1);
}

/// A `$ref` to a schema that is not there is the spec's slip: a warning with its file and
/// pointer, the rest generates.
#[test]
fn a_dangling_ref_is_a_warning_with_its_pointer() {
    let specs = tempfile::tempdir().unwrap();
    let doc = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'\n";
    write_page(specs.path(), "doc.yaml", doc);
    let outcome = codegen(&[specs.path().to_path_buf()], &specs.path().join("out"), false).unwrap();
    let [warning] = outcome.generated.warnings.as_slice() else { panic!("{:?}", outcome.generated.warnings) };
    let text = warning.to_string();
    assert!(
        text.contains("doc.yaml") && text.contains("#/components/schemas/Missing") && text.contains("/paths/~1a/get"),
        "{text}"
    );
    assert_eq!(outcome.generated.api.operations[0].responses[0].ty, Some(xtask::ir::TypeRef::Any));
}

/// A crate generated with a metadata config (`tests/package/sdk.toml`) is one `cargo package`
/// accepts: it packages, builds from the package, and warns about nothing (no missing
/// description, license, documentation or repository). Nothing is uploaded.
#[test]
fn a_crate_generated_with_a_metadata_config_packages() {
    let out = tempfile::tempdir().unwrap();
    let options = xtask::codegen::Options {
        specs: vec![root().join("tests/fixtures/tagged_union.md")],
        out: out.path().to_path_buf(),
        config: Some(root().join("tests/package/sdk.toml")),
        ..Default::default()
    };
    xtask::codegen::run(&options).expect("the fixture generates");
    let manifest = std::fs::read_to_string(out.path().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"widgets-sdk\"") && manifest.contains("publish = true"), "{manifest}");
    std::fs::copy(root().join("Cargo.lock"), out.path().join("Cargo.lock")).unwrap();
    let output = std::process::Command::new(env!("CARGO"))
        .args(["package", "--offline"])
        .current_dir(out.path())
        .env("CARGO_TARGET_DIR", root().join("target/corpus-check"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo package fails:\n{stderr}");
    assert!(!stderr.contains("warning"), "cargo package warns:\n{stderr}");
    let listed = std::process::Command::new(env!("CARGO"))
        .args(["package", "--offline", "--list"])
        .current_dir(out.path())
        .env("CARGO_TARGET_DIR", root().join("target/corpus-check"))
        .output()
        .expect("cargo runs");
    let files = String::from_utf8_lossy(&listed.stdout);
    assert!(files.lines().any(|f| f == "README.md") && !files.lines().any(|f| f == "api-ir.json"), "{files}");
}

#[test]
fn a_bad_metadata_config_is_an_error_naming_the_file() {
    let specs = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(root().join("tests/fixtures/tagged_union.md")).unwrap();
    write_page(specs.path(), "page.md", &page);
    write_page(
        specs.path(),
        "sdk.toml",
        "[package]\nkeywords = [\"one\", \"two\", \"three\", \"four\", \"five\", \"six\"]\n",
    );
    let out = specs.path().join("out");
    let error = codegen(&[specs.path().to_path_buf()], &out, false).unwrap_err().to_string();
    assert!(error.contains("sdk.toml") && error.contains("at most 5 keywords"), "{error}");
    assert!(!out.exists(), "nothing was written");
}

/// Only files the last generation wrote (its `api-ir.json` lists them) are ever removed: a file of
/// the user's own, even one that carries our `@generated` line, stays, and a listed path that
/// leaves the crate is never followed.
#[test]
fn stale_files_are_the_ones_the_last_generation_listed() {
    let out = tempfile::tempdir().unwrap();
    codegen(&fixture_files(), out.path(), false).unwrap();
    let lock_path = out.path().join("api-ir.json");
    let mut lock: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&lock_path).unwrap()).unwrap();
    let listed = lock["files"].as_array().cloned().unwrap_or_default();
    assert!(listed.iter().any(|f| f == "src/types.rs") && listed.iter().any(|f| f == "api-ir.json"), "{listed:?}");

    // A module an earlier version generated, a file of the user's, and a path out of the crate.
    let marker = "// @generated by `cargo xtask codegen`. Do not edit by hand.\n";
    std::fs::write(out.path().join("src/old_module.rs"), marker).unwrap();
    std::fs::write(out.path().join("src/mine.rs"), marker).unwrap();
    // A group's file whose folder has nothing else, and one whose folder holds a file of the user's.
    for dir in ["src/gone", "src/kept"] {
        std::fs::create_dir(out.path().join(dir)).unwrap();
        std::fs::write(out.path().join(dir).join("group.rs"), marker).unwrap();
    }
    std::fs::write(out.path().join("src/kept/notes.md"), "mine").unwrap();
    let outside = tempfile::NamedTempFile::new_in(out.path().parent().unwrap()).unwrap();
    let escape = format!("../{}", outside.path().file_name().unwrap().to_string_lossy());
    lock["files"].as_array_mut().unwrap().extend([
        serde_json::json!("src/old_module.rs"),
        serde_json::json!("src/gone/group.rs"),
        serde_json::json!("src/kept/group.rs"),
        serde_json::json!(escape),
    ]);
    std::fs::write(&lock_path, serde_json::to_string_pretty(&lock).unwrap()).unwrap();

    let outcome = codegen(&fixture_files(), out.path(), false).unwrap();
    let removed: Vec<&str> =
        outcome.changes.iter().filter(|c| c.status == Status::Removed).map(|c| c.path.as_str()).collect();
    assert_eq!(removed, ["src/gone/group.rs", "src/kept/group.rs", "src/old_module.rs"]);
    assert!(!out.path().join("src/old_module.rs").exists());
    assert!(!out.path().join("src/gone").exists(), "a folder the removal left empty goes too");
    assert!(out.path().join("src/kept/notes.md").exists() && !out.path().join("src/kept/group.rs").exists());
    assert!(out.path().join("src/mine.rs").exists(), "not ours to remove");
    assert!(outside.path().exists(), "outside the crate");
}
