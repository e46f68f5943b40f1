//! The crates generated from the shared corpus compile with no warnings, pass clippy
//! `-D warnings` with all features on, and their rustdoc builds without warnings; the Infisical
//! crate compiles with each tag's feature alone. Each is generated into a temp dir
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
    let features = tests::assert_each_feature_compiles("infisical", dir.path());
    assert!(features >= 10, "the Infisical corpus has a feature per tag; found {features}");
}

#[test]
fn other_openapi_documents() {
    for name in ["buildomat", "keeper", "propolis-server"] {
        let Some(document) = corpus(&format!("corpus/openapi/{name}.json")) else { return };
        clippy_clean(name, &[document]);
    }
}

/// The scale test: 3.7 MB, 767 operations, multiple media types, large enums, deep references.
#[test]
fn api_github_com() {
    let Some(document) = corpus("corpus/openapi/api.github.com.json") else { return };
    let (dir, api) = clippy_clean("github", &[document]);
    tests::assert_sizes_within("github", dir.path(), &api.types, SIZE_BOUND);
}
