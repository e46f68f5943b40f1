//! The crates generated from the shared corpus compile with no warnings, pass clippy
//! `-D warnings` with all features on, their rustdoc builds without warnings and its examples
//! compile; the Infisical crate compiles with each tag's feature alone. Each is generated into a temp dir
//! (outside the workspace) and checked by `tests::assert_clippy_clean`.

use std::path::PathBuf;

use tests::{assert_clippy_clean, codegen, shared};

fn clippy_clean(name: &str, specs: &[PathBuf]) -> (tempfile::TempDir, xtask::ir::Api) {
    let dir = tempfile::Builder::new().prefix(&format!("sdk-{name}-")).tempdir().unwrap();
    let outcome = codegen(specs, dir.path(), false).unwrap_or_else(|e| panic!("{name} does not generate:\n{e}"));
    assert!(!outcome.generated.api.operations.is_empty(), "{name}: no operations");
    assert_clippy_clean(name, dir.path());
    (dir, outcome.generated.api)
}

/// The bound the generated README documents: a struct holds what it nests behind a `Box`, and no
/// type of the largest API we have (github's 865) is over 4 KiB.
const SIZE_BOUND: usize = 4096;

fn corpus(relative: &str) -> Option<PathBuf> {
    shared(relative)
}

#[test]
fn infisical_corpus_and_seed() {
    let (Some(corpus), Some(seed)) = (corpus("corpus/infisical"), corpus("seed")) else { return };
    let (dir, _) = clippy_clean("infisical", &[corpus, seed]);
    tests::assert_examples_compile("infisical", dir.path());
    let features = tests::assert_each_feature_compiles("infisical", dir.path());
    assert!(features >= 10, "the Infisical corpus has a feature per tag; found {features}");
}

#[test]
fn other_openapi_documents() {
    for name in ["buildomat", "keeper", "propolis-server"] {
        let Some(document) = corpus(&format!("corpus/openapi/{name}.json")) else { return };
        let (dir, _) = clippy_clean(name, &[document]);
        tests::assert_examples_compile(name, dir.path());
    }
}

/// The scale test: 3.7 MB, 767 operations, multiple media types, large enums, deep references.
#[test]
fn api_github_com() {
    let Some(document) = corpus("corpus/openapi/api.github.com.json") else { return };
    let (dir, api) = clippy_clean("github", &[document]);
    tests::assert_sizes_within("github", dir.path(), &api.types, SIZE_BOUND);
}

/// Infisical's own description (485 operations): every operation's rustdoc has an example, and
/// every example compiles (`cargo test --doc`, merged into one binary by edition 2024) in a crate
/// outside the workspace, so no feature another member turns on hides a missing one (chrono's
/// `clock`, which `Utc::now()` in the examples needs).
#[test]
fn every_operation_of_infisicals_own_description_has_an_example_that_compiles() {
    let Some(document) = corpus("corpus/openapi/infisical-2024-10.json") else { return };
    let dir = tempfile::Builder::new().prefix("sdk-infisical-own-").tempdir().unwrap();
    let outcome = codegen(&[document], dir.path(), false).unwrap_or_else(|e| panic!("{e}"));
    let examples: usize = outcome
        .generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/client"))
        .map(|f| f.contents.matches("/// # Example\n").count())
        .sum();
    assert_eq!(examples, outcome.generated.api.operations.len());
    assert_eq!(examples, 485);
    let started = std::time::Instant::now();
    let doctests = tests::assert_examples_compile("infisical-own", dir.path());
    // The README's two examples beside the operations'.
    assert_eq!(doctests, 487);
    eprintln!("infisical-own: {doctests} doctests compiled in {:.1} s", started.elapsed().as_secs_f64());
}
