//! The shared corpus (read from `../shared`, never copied here): the seed and the real scraped pages
//! load and generate, and nothing in it makes the generator panic.

use tests::{codegen, shared, snapshot_dir};

#[test]
fn seed_lists_130_pages_and_generates_from_the_one_with_a_body() {
    let Some(seed) = shared("seed") else { return };
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let outcome = codegen(std::slice::from_ref(&seed), first.path(), false).expect("the seed generates");
    assert_eq!(outcome.generated.listed, 130);
    assert_eq!(outcome.generated.missing, 129);
    assert_eq!(outcome.generated.pages, 1);
    let operations: Vec<_> = outcome.generated.api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(operations, ["create_one_password_app_connection"]);
    codegen(&[seed], second.path(), false).unwrap();
    assert_eq!(snapshot_dir(first.path()), snapshot_dir(second.path()), "two runs differ");
}

#[test]
fn the_scraped_infisical_corpus_generates() {
    let Some(corpus) = shared("corpus/infisical") else { return };
    let out = tempfile::tempdir().unwrap();
    let outcome = codegen(&[corpus], out.path(), false).unwrap_or_else(|e| panic!("{e}"));
    // MANIFEST.tsv lists 33 pages, one operation each.
    assert_eq!(outcome.generated.pages, 33);
    assert_eq!(outcome.generated.api.operations.len(), 33);
    // The error responses of all 33 pages are one envelope type.
    let error_types: std::collections::BTreeSet<_> = outcome
        .generated
        .api
        .operations
        .iter()
        .flat_map(|o| o.responses.iter().filter(|r| !r.is_success()).filter_map(|r| r.ty.clone()))
        .collect();
    assert_eq!(error_types.len(), 1, "{error_types:?}");
    // Servers add fields: no generated type may reject unknown ones.
    let types: String = outcome
        .generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/types"))
        .map(|f| f.contents.as_str())
        .collect();
    assert!(!types.contains("deny_unknown_fields"));
    // `_id` and `id` in one object get distinct names.
    assert!(types.contains("pub underscore_id:") && types.contains("pub id:"), "the `_id`/`id` pair");
}

#[test]
fn full_openapi_documents_never_panic() {
    for name in ["buildomat.json", "keeper.json", "propolis-server.json", "api.github.com.json"] {
        let Some(document) = shared(&format!("corpus/openapi/{name}")) else { return };
        let out = tempfile::tempdir().unwrap();
        // Generating or a clear error are both acceptable here; a panic fails the test.
        match codegen(&[document], out.path(), false) {
            Ok(outcome) => assert!(!outcome.generated.api.operations.is_empty(), "{name}"),
            Err(error) => assert!(error.to_string().contains(name), "{name}: {error}"),
        }
    }
}

/// Names a person would choose: no method named for its HTTP method and path, no `VariantN`.
#[test]
fn the_corpus_crate_has_names_for_people() {
    let (Some(corpus), Some(seed)) = (shared("corpus/infisical"), shared("seed")) else { return };
    let out = tempfile::tempdir().unwrap();
    let outcome = codegen(&[corpus, seed], out.path(), false).unwrap_or_else(|e| panic!("{e}"));
    let api = &outcome.generated.api;
    for op in &api.operations {
        let machine = ["get_", "put_", "post_", "delete_", "patch_"]
            .iter()
            .any(|m| op.name.starts_with(m) && op.name.contains("_api_"));
        assert!(!machine, "`{}` is named for its method and path ({} {})", op.qualified_name(), op.method, op.path);
    }
    let numbered = |name: &str| {
        name.strip_prefix("Variant").is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    for def in &api.types {
        assert!(!def.name.contains("Variant1") && !def.name.contains("Variant2"), "type `{}`", def.name);
        if let xtask::ir::TypeKind::Union(union) = &def.kind {
            for variant in &union.variants {
                assert!(!numbered(&variant.name), "`{}::{}`", def.name, variant.name);
            }
        }
    }
    // Every page without an operationId got its name from its URL: `create_client_secret`.
    let named: Vec<String> = api.operations.iter().map(|op| op.qualified_name()).collect();
    assert!(named.contains(&"universal_auth().create_client_secret".to_string()), "{named:?}");
}

/// Infisical's own API description (485 operations, no operationId, no tag, every schema inline)
/// reads as if a person named it: every operation in a resource group, no method spelling its
/// path, short names, no placeholder type names.
#[test]
fn infisicals_own_description_is_named_from_its_resources() {
    let Some(document) = shared("corpus/openapi/infisical-2024-10.json") else { return };
    let out = tempfile::tempdir().unwrap();
    let outcome = codegen(&[document], out.path(), false).unwrap_or_else(|e| panic!("{e}"));
    let api = &outcome.generated.api;
    assert_eq!(api.operations.len(), 485);
    for op in &api.operations {
        assert!(op.group.is_some(), "`{}` ({} {}) sits on `Client`", op.name, op.method, op.path);
        assert!(!op.name.contains("api_v"), "`{}` spells its path", op.qualified_name());
        assert!(op.name.len() <= 40, "`{}` is {} characters", op.qualified_name(), op.name.len());
    }
    for def in &api.types {
        let name = def.name.as_str();
        assert!(name.len() <= 48, "`{name}` is {} characters", name.len());
        let placeholder = ["SharedType", "SharedResponse", "SharedRequest"].iter().any(|p| name.starts_with(p));
        assert!(!placeholder && name != "Type", "`{name}` says nothing of what it is");
        assert!(
            !name.ends_with(|c: char| c.is_ascii_digit()) || name == "CreatePasswordSrp1Request",
            "`{name}` is numbered"
        );
        assert!(!xtask::resolve::reserved::ROOT.contains(&name), "`{name}` is a name of the crate root");
    }
    let calls: std::collections::BTreeSet<String> = api.operations.iter().map(|op| op.qualified_name()).collect();
    for call in [
        "secrets().list_raw",
        "secrets().get_raw",
        "secrets().create_raw",
        "folders().create",
        "universal_auth().login",
        "universal_auth().list_client_secrets",
        "universal_auth().revoke_client_secret",
        "token_auth().create_token",
        "identities().create",
        "workspaces().get_tag_by_slug",
        // A singular resource, or an answer that is one object, is got: the caller, the status.
        "users().get",
        "status().get",
        "ldap().get_config",
        // A wrapper holding a list of objects still lists.
        "workspaces().list_permissions",
    ] {
        assert!(calls.contains(call), "no `{call}` in {calls:#?}");
    }
    // The README shows a call that exists, and says where the names came from.
    let readme = std::fs::read_to_string(out.path().join("README.md")).unwrap();
    assert!(readme.contains("from its OpenAPI description"), "{readme}");
    assert!(readme.contains("named for the resource their paths name"), "{readme}");
}
