//! The loader on real spec shapes (tests/load/): multi-file specs with relative `$ref`s, deep
//! JSON pointers, OpenAPI 3.1 read into the same IR as 3.0. IR snapshots for the fixtures that
//! load, diagnostic snapshots (from the real command) for those that must not.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen::{Failure, Generated, analyse};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ has a parent").to_path_buf()
}

fn load(relative: &str) -> Generated {
    analyse(&[root().join(relative)]).unwrap_or_else(|e| panic!("{relative} does not load: {e}"))
}

/// `cargo xtask codegen --specs <spec>` from the workspace root, into a temp dir: its stderr.
fn refused(spec: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--specs", spec, "--out"])
        .arg(out.path().join("sdk"))
        .current_dir(root())
        .output()
        .expect("the xtask binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{spec}: {stderr}");
    assert!(!stderr.contains("panicked"), "{spec}: {stderr}");
    assert!(!out.path().join("sdk").exists(), "{spec}: something was written");
    stderr
}

#[test]
fn a_multi_file_spec_loads_as_one_document() {
    let generated = load("tests/load/multi_file/api.yaml");
    insta::assert_yaml_snapshot!("multi_file_ir", generated.api);
    // The warning about a schema in models/snapshot.yml names that file and its line.
    let [warning] = generated.warnings.as_slice() else { panic!("{:?}", generated.warnings) };
    assert!(warning.location.file.ends_with("models/snapshot.yml"), "{warning}");
    assert_eq!(warning.location.line, Some(9), "{warning}");
    assert_eq!(warning.location.pointer.as_deref(), Some("/properties/label"));
}

/// A Swagger 2.0 spec in four files: the other files' 2.0 schemas (`x-nullable`, `type: file`,
/// `#/definitions/` of their own), a path item (a body parameter, a response's schema and
/// headers) and a shared response read as the root's, and each warning names the file and line
/// of the 2.0 text.
#[test]
fn a_multi_file_swagger2_spec_loads_as_one_document() {
    let generated = load("tests/load/swagger2_multi/api.yaml");
    insta::assert_yaml_snapshot!("swagger2_multi_ir", generated.api);
    let add = generated.api.operations.iter().find(|o| o.name == "add_kennel").expect("the other file's path item");
    let body = add.body.as_ref().expect("its body parameter");
    assert_eq!(body.ty, xtask::ir::TypeRef::Named("Owner".into()));
    assert_eq!(add.responses[0].ty, Some(xtask::ir::TypeRef::Named("Dog".into())), "the component, not a copy");
    let found: Vec<(String, Option<usize>, Option<&str>)> = generated
        .warnings
        .iter()
        .map(|w| {
            let file = w.location.file.file_name().unwrap().to_string_lossy().into_owned();
            (file, w.location.line, w.location.pointer.as_deref())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("api.yaml".to_string(), Some(29), Some("/definitions/Error/properties/code")),
            ("definitions.yaml".to_string(), Some(18), Some("/definitions/Owner/properties/rank")),
        ]
    );
}

/// Given the directory, only the file with `openapi:` at its top is a document; the files it
/// refers to are read through it, and a file nothing refers to is skipped with a warning.
#[test]
fn a_directory_loads_its_roots_only() {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(root().join("tests/load/multi_file")) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(root().join("tests/load/multi_file")).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(dir.path().join(relative)).unwrap();
        } else {
            std::fs::copy(entry.path(), dir.path().join(relative)).unwrap();
        }
    }
    std::fs::write(dir.path().join("shared/unused.yml"), "type: string\n").unwrap();
    let from_dir = analyse(&[dir.path().to_path_buf()]).unwrap_or_else(|e| panic!("{e}"));
    let from_file = load("tests/load/multi_file/api.yaml");
    assert_eq!(from_dir.pages, 1);
    assert_eq!(from_dir.api, from_file.api);
    let skipped: Vec<_> = from_dir.warnings.iter().filter(|w| w.message.starts_with("skipped")).collect();
    assert_eq!(skipped.len(), 1, "{:?}", from_dir.warnings);
    assert!(skipped[0].location.file.ends_with("shared/unused.yml"));
}

#[test]
fn a_fragment_named_on_the_command_line_is_no_document() {
    match analyse(&[root().join("tests/load/multi_file/models/droplet.yml")]) {
        Err(Failure::Input(errors)) => {
            assert!(errors.0[0].message.contains("no `openapi` field at its top"), "{errors}")
        }
        other => panic!("{other:?}"),
    }
}

/// A missing file, a pointer that finds nothing (in the root and in a referenced file) and a URL:
/// each reported at its `$ref`, in the file that holds it.
#[test]
fn dangling_external_refs_name_their_file_and_pointer() {
    insta::assert_snapshot!("dangling_external", refused("tests/load/dangling_external/api.yaml"));
}

#[test]
fn deep_pointers_resolve_in_place() {
    insta::assert_yaml_snapshot!("deep_refs_ir", load("tests/load/deep_refs.yaml").api);
}

/// The loader's warnings as a reviewer reads them: file (from the workspace root), line, pointer
/// and message.
fn warnings(generated: &Generated) -> String {
    let lines: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| {
            let file = w.location.file.strip_prefix(root()).unwrap_or(&w.location.file).display().to_string();
            let line = w.location.line.map_or(String::new(), |l| format!(":{l}"));
            let pointer = w.location.pointer.as_deref().unwrap_or_default();
            format!("{file}{line} ({pointer}): {}", w.message)
        })
        .collect();
    lines.join("\n")
}

/// Each pair in tests/load/openapi31/ says one thing in OpenAPI 3.0 and in 3.1: both give the same
/// IR (snapshotted once per pair), and the 3.1 one's warnings point at its own lines.
#[test]
fn openapi_31_reads_into_the_ir_of_its_30_twin() {
    insta::glob!("../../tests/load/openapi31", "*.31.yaml", |path| {
        let twin = path.with_file_name(path.file_name().unwrap().to_str().unwrap().replace(".31.", ".30."));
        let v31 = analyse(&[path.to_path_buf()]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let v30 = analyse(std::slice::from_ref(&twin)).unwrap_or_else(|e| panic!("{}: {e}", twin.display()));
        assert_eq!(v31.api, v30.api, "{} and its 3.0 twin differ", path.display());
        assert!(v30.warnings.is_empty(), "{}", warnings(&v30));
        insta::assert_yaml_snapshot!("openapi31_ir", v31.api);
        insta::assert_snapshot!("openapi31_warnings", warnings(&v31));
    });
}

#[test]
fn a_response_given_as_a_request_body_is_read_as_one() {
    let generated = load("tests/load/crossed_kinds.yaml");
    insta::assert_yaml_snapshot!("crossed_kinds_ir", generated.api);
    insta::assert_snapshot!("crossed_kinds_warnings", warnings(&generated));
}

/// `../shared/repros/<name>` beside the workspace. When it is missing, the test fails under CI
/// (`CI` set) and is skipped elsewhere, saying why (as `tests/lib.rs::shared` does).
fn shared_repro(name: &str) -> Option<PathBuf> {
    let path = root().parent().expect("the workspace has a parent").join("shared/repros").join(name);
    if path.exists() {
        return Some(path);
    }
    assert!(std::env::var_os("CI").is_none(), "{} is missing, and CI is set", path.display());
    eprintln!("skipping: {} is missing (set CI to make this a failure)", path.display());
    None
}

/// The shared reproductions of issues 15, 17, 26 and 35 that the loader fixes.
#[test]
fn the_shared_repros_of_the_loader_load() {
    let Some(deep) = shared_repro("02-deep-pointer-ref.yaml") else { return };
    let generated = analyse(&[deep]).unwrap_or_else(|e| panic!("02: {e}"));
    assert_eq!(generated.api.operations.len(), 1);

    let Some(wrong_line) = shared_repro("03-diagnostic-wrong-line.json") else { return };
    // A dangling `$ref` is the spec's slip: a warning at its line, and the rest generates.
    let generated = analyse(&[wrong_line]).unwrap_or_else(|e| panic!("03: {e}"));
    let [warning] = generated.warnings.as_slice() else { panic!("03: {:?}", generated.warnings) };
    assert!(warning.message.contains("points at nothing"), "{warning}");
    assert_eq!(warning.location.line, Some(22), "{warning}");

    let Some(type_array) = shared_repro("05a-openapi31-type-array.json") else { return };
    let generated = analyse(&[type_array]).unwrap_or_else(|e| panic!("05a: {e}"));
    // `type: [string, "null"]` for a whole answer: text, or `null`.
    let text_or_null = xtask::ir::TypeRef::Nullable(Box::new(xtask::ir::TypeRef::String));
    assert_eq!(generated.api.operations[0].responses[0].ty, Some(text_or_null));

    let Some(swagger) = shared_repro("05b-swagger20-petstore-minimal.json") else { return };
    // Swagger 2.0 is read as 3.0 (issue 35).
    let generated = analyse(&[swagger]).unwrap_or_else(|e| panic!("05b: {e}"));
    assert!(generated.warnings.is_empty() && !generated.api.operations.is_empty(), "{:?}", generated.warnings);
    assert_eq!(generated.api.servers[0].url, "http://petstore.swagger.io/api");

    let Some(external) = shared_repro("06-external-ref/api.yaml") else { return };
    let generated = analyse(&[external]).unwrap_or_else(|e| panic!("06: {e}"));
    let operation = &generated.api.operations[0];
    assert_eq!((operation.params[0].wire.as_str(), generated.api.types.len()), ("per_page", 1));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);

    // A `$ref` inside an extension is data: the document loads whole, without a word about it.
    let Some(extension) = shared_repro("14-ref-inside-extension.yaml") else { return };
    let generated = analyse(&[extension]).unwrap_or_else(|e| panic!("14: {e}"));
    assert_eq!(generated.api.operations.len(), 1);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}
