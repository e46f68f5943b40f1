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
    insta::glob!("faithful/*.yaml", |path| alone(path, false));
}

/// The IR and the code of one spec generated alone; unless `warned`, with no warning.
fn alone(path: &std::path::Path, warned: bool) {
    let generated = generate(&[path.to_path_buf()], &EmitOptions::default())
        .unwrap_or_else(|e| panic!("{} does not generate: {e}", path.display()));
    assert!(warned || generated.warnings.is_empty(), "{}: {:?}", path.display(), generated.warnings);
    insta::assert_yaml_snapshot!("ir", generated.api);
    insta::assert_snapshot!("types", module(&generated, "types"));
    insta::assert_snapshot!("client", module(&generated, "client"));
}

/// Names on specs of many styles (issue 33): each of `tests/names/` is one family of real APIs
/// (RPC paths, namespaced ids, one tag on every operation, singular resources, schemars' nullable
/// `anyOf`, acronym tags, gRPC-gateway bindings), generated alone, as its naming depends on the
/// whole spec.
#[test]
fn names() {
    insta::glob!("names/*.yaml", |path| alone(path, false));
}

/// Swagger 2.0 (issue 35): each of `tests/swagger2/` is read as 3.0 by the loader and generated
/// alone, one 2.0 construct per operation.
#[test]
fn swagger2() {
    insta::glob!("swagger2/*.yaml", |path| alone(path, false));
}

/// The README's example configures the scheme its operation needs, as the spec declares it: an
/// API key, HTTP basic; never a bearer token the spec does not declare.
#[test]
fn readme_example_configures_the_schemes_the_spec_declares() {
    let names = tests::root().join("tests/names");
    let example = |spec: &str| {
        let generated = generate(&[names.join(spec)], &EmitOptions::default()).unwrap();
        let readme = file(&generated, "README.md").to_string();
        readme.split("```rust").nth(1).and_then(|s| s.split("```").next()).unwrap_or_default().to_string()
    };
    let key = example("rpc_paths.yaml");
    assert!(key.contains(".api_key(std::env::var(\"LEDGER_API_KEY\")?)"), "{key}");
    let basic = example("namespaced_ids.yaml");
    assert!(basic.contains(".basic_auth(std::env::var(\"MAIL_BASIC_AUTH_USER\")?, "), "{basic}");
    for text in [&key, &basic, &example("single_tag.yaml")] {
        assert!(!text.contains("bearer_token"), "{text}");
    }
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.md", |path| alone(path, true));
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
