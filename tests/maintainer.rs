//! The maintainer's own code across regenerations: a module `sdk.toml` declares (an extension
//! trait with a convenience call and a dependency of its own) is declared in `lib.rs`, re-exported,
//! given its dependency, never written; it compiles after a regeneration that changes the spec, and
//! a spec change that removes the operation it calls fails the crate's build with rustc's error
//! naming the module's file.

use std::path::{Path, PathBuf};

use xtask::codegen::{Options, run};

const SPEC: &str = r#"openapi: 3.0.3
info: { title: Notes API, version: "1" }
paths:
  /notes/{id}:
    get:
      operationId: getNote
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: A note.
          content:
            application/json:
              schema:
                type: object
                required: [title]
                properties: { title: { type: string } }
"#;

/// The spec with one more operation: the module must not notice.
const SPEC_GROWN: &str = r#"  /notes:
    get:
      operationId: listNotes
      responses:
        "200": { description: Every note. }
"#;

const CONFIG: &str = r#"[package]
name = "notes-sdk"

[modules.ext]
reexport = ["NotesExt"]

[dependencies]
itoa = "1"
"#;

const MODULE: &str = r#"//! Written by hand: a convenience call over the generated client.

use std::future::Future;

/// Calls the spec does not describe.
pub trait NotesExt {
    /// The title of note `id`, for notes numbered by the caller.
    fn title(&self, id: u64) -> impl Future<Output = Result<String, crate::Error<crate::Json>>> + Send;
}

impl NotesExt for crate::Client {
    fn title(&self, id: u64) -> impl Future<Output = Result<String, crate::Error<crate::Json>>> + Send {
        let id = itoa::Buffer::new().format(id).to_string();
        async move { Ok(self.notes().get_note(&id).await?.title) }
    }
}
"#;

fn generate(specs: &Path, out: &Path) {
    let options = Options {
        specs: vec![specs.to_path_buf()],
        out: out.to_path_buf(),
        config: Some(specs.parent().unwrap().join("sdk.toml")),
        ..Options::default()
    };
    run(&options).unwrap_or_else(|e| panic!("{e}"));
}

/// `cargo check` on the crate: its stderr when it fails.
fn check(out: &Path) -> Result<(), String> {
    let output = tests::cargo_in(out, &["check", "--offline", "--quiet"], &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() && !stderr.contains("warning") { Ok(()) } else { Err(stderr) }
}

#[test]
fn a_maintainers_module_is_kept_declared_and_checked_by_rustc() {
    let dir = tempfile::tempdir().unwrap();
    let specs: PathBuf = dir.path().join("specs");
    let out = dir.path().join("sdk");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(specs.join("sdk.toml"), CONFIG).unwrap();
    let spec = specs.join("notes.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let module = out.join("src/ext.rs");
    std::fs::write(&module, MODULE).unwrap();

    generate(&spec, &out);
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("\npub mod ext;\n#[rustfmt::skip]\npub use ext::NotesExt;\n"), "{lib}");
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(out.join("Cargo.toml")).unwrap()).unwrap();
    assert_eq!(manifest["dependencies"]["itoa"].as_str(), Some("1"));
    assert_eq!(std::fs::read_to_string(&module).unwrap(), MODULE, "never written");
    check(&out).unwrap_or_else(|e| panic!("the crate with its module does not compile:\n{e}"));
    // The module is not the generator's: `--check` and the change report do not see it.
    let again = Options { check: true, ..options(&spec, &out) };
    let outcome = run(&again).unwrap();
    assert!(!outcome.is_stale(), "{:?}", outcome.changes);
    assert!(outcome.changes.iter().all(|c| !c.path.contains("ext")), "{:?}", outcome.changes);

    // A spec change that leaves the call alone: the module is untouched and still compiles.
    std::fs::write(&spec, format!("{SPEC}{SPEC_GROWN}")).unwrap();
    generate(&spec, &out);
    assert_eq!(std::fs::read_to_string(&module).unwrap(), MODULE);
    assert!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap().contains("pub mod ext;"));
    check(&out).unwrap_or_else(|e| panic!("after a spec change:\n{e}"));

    // The operation it calls goes: the crate's build fails, and rustc names the module's file.
    std::fs::write(&spec, SPEC.replace("getNote", "fetchNote")).unwrap();
    generate(&spec, &out);
    assert_eq!(std::fs::read_to_string(&module).unwrap(), MODULE, "still never written");
    let error = check(&out).expect_err("the module calls an operation that is gone");
    assert!(error.contains("src/ext.rs") && error.contains("get_note"), "{error}");
}

fn options(spec: &Path, out: &Path) -> Options {
    Options {
        specs: vec![spec.to_path_buf()],
        out: out.to_path_buf(),
        config: Some(spec.parent().unwrap().join("sdk.toml")),
        ..Options::default()
    }
}

#[test]
fn a_declared_module_without_its_file_is_left_out_with_a_warning_and_a_clash_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("notes.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = dir.path().join("sdk");
    let config = dir.path().join("sdk.toml");
    std::fs::write(&config, CONFIG).unwrap();
    // Where only the specs were copied (a dry run, the contract suite), the crate still builds.
    let outcome = run(&options(&spec, &out)).unwrap();
    let warning = outcome.generated.warnings.iter().map(|w| w.to_string()).find(|w| w.contains("module `ext`"));
    let warning = warning.expect("a warning about the missing module");
    assert!(
        warning.contains("src/ext.rs is not there: left out of lib.rs") && warning.contains("sdk.toml:4"),
        "{warning}"
    );
    assert!(!std::fs::read_to_string(out.join("src/lib.rs")).unwrap().contains("mod ext"));

    std::fs::write(&config, "[modules.types]\n").unwrap();
    let error = run(&options(&spec, &out)).unwrap_err().to_string();
    assert!(error.contains("sdk.toml:1") && error.contains("has a `types` of its own"), "{error}");

    std::fs::write(&config, "[dependencies]\nserde = \"1\"\n").unwrap();
    let error = run(&options(&spec, &out)).unwrap_err().to_string();
    assert!(error.contains("sdk.toml:2") && error.contains("`serde` is already a dependency"), "{error}");

    std::fs::write(&config, "[modules.ext] # mine\nreexport = [\"Client\"]\n").unwrap();
    let error = run(&options(&spec, &out)).unwrap_err().to_string();
    assert!(error.contains("sdk.toml:1") && error.contains("root has a `Client`"), "{error}");

    std::fs::write(&config, "\n[modules.self]\n").unwrap();
    let error = run(&options(&spec, &out)).unwrap_err().to_string();
    assert!(error.contains("sdk.toml:2") && error.contains("snake_case"), "{error}");
}
