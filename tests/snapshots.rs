//! Insta snapshots of the IR (YAML) and of the emitted code, for the seed page in `specs/` and for
//! each of our fixtures in `tests/fixtures/`. Review changes with `cargo insta review`.

use xtask::codegen::{Generated, generate};
use xtask::emit::EmitOptions;

fn file<'a>(generated: &'a Generated, path: &str) -> &'a str {
    &generated.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path} emitted")).contents
}

/// A generated module: `src/{name}.rs`, then its groups' files (`src/{name}/*.rs`), each after a
/// line that names it.
fn module(generated: &Generated, name: &str) -> String {
    let root = format!("src/{name}.rs");
    let mut text = file(generated, &root).to_string();
    for group in generated.files.iter().filter(|f| f.path.starts_with(&format!("src/{name}/"))) {
        text.push_str(&format!("\n// ---- {} ----\n{}", group.path, group.contents));
    }
    text
}

#[test]
fn seed_page() {
    let generated = generate(&[tests::root().join("specs")], &EmitOptions::default()).expect("specs/ generates");
    insta::assert_yaml_snapshot!("seed_ir", generated.api);
    insta::assert_snapshot!("seed_types", module(&generated, "types"));
    insta::assert_snapshot!("seed_client", module(&generated, "client"));
}

/// Faithful to real specs (issue 15): each of `tests/faithful/` is the shape of a fault found on a
/// public spec, in a document of our own, with its IR and code.
#[test]
fn faithful() {
    insta::glob!("faithful/*.yaml", |path| {
        let generated = generate(&[path.to_path_buf()], &EmitOptions::default())
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", path.display()));
        assert!(generated.warnings.is_empty(), "{}: {:?}", path.display(), generated.warnings);
        insta::assert_yaml_snapshot!("ir", generated.api);
        insta::assert_snapshot!("types", module(&generated, "types"));
        insta::assert_snapshot!("client", module(&generated, "client"));
    });
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.md", |path| {
        let generated = generate(&[path.to_path_buf()], &EmitOptions::default())
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", path.display()));
        insta::assert_yaml_snapshot!("ir", generated.api);
        insta::assert_snapshot!("types", module(&generated, "types"));
        insta::assert_snapshot!("client", module(&generated, "client"));
    });
}

/// The README's "Features" section lists the groups' features, with an example that uses them; a
/// spec without tags is grouped by resource, and its README says where the names came from. An
/// API with no group has nothing to pick, and says so instead of showing an empty table.
#[test]
fn readme_features_follow_the_groups() {
    let root = tests::root().join("tests");
    let tagged = generate(&[root.join("fixtures/requests.md")], &EmitOptions::default()).unwrap();
    let readme = file(&tagged, "README.md");
    assert!(readme.contains("| `reports` | reports | "), "{readme}");
    assert!(readme.contains(r#"default-features = false, features = ["reports"]"#), "{readme}");
    assert!(readme.contains("from its documentation pages by"), "{readme}");

    let untagged = generate(&[root.join("faithful/status_ranges.yaml")], &EmitOptions::default()).unwrap();
    let readme = file(&untagged, "README.md");
    assert!(readme.contains("from its OpenAPI description by"), "{readme}");
    assert!(readme.contains("1 named for the resource their paths name"), "{readme}");
    assert!(readme.contains("| `jobs` | jobs | 1 |"), "{readme}");

    let dir = tempfile::tempdir().unwrap();
    let rooted = dir.path().join("rooted.yaml");
    std::fs::write(
        &rooted,
        "openapi: 3.0.3\ninfo: {title: Root, version: '1'}\npaths:\n  /:\n    get:\n      responses: {'204': {description: ok}}\n",
    )
    .unwrap();
    let rootless = generate(&[rooted], &EmitOptions::default()).unwrap();
    let readme = file(&rootless, "README.md");
    let section = readme.split("## Features").nth(1).and_then(|s| s.split("\n## ").next()).unwrap_or_default();
    assert!(section.contains("No operation sits in a group") && !section.contains("| feature |"), "{section}");
}
