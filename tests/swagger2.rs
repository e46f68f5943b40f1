//! Swagger 2.0 read as faithfully as OpenAPI 3 (issue 35), on real pairs of one API in both
//! versions from `../shared/corpus/openapi/survey/`. Every difference left is listed here and is
//! the authors', not ours.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use xtask::codegen::generate;
use xtask::emit::EmitOptions;

fn ir(path: &std::path::Path) -> Value {
    let generated = generate(&[path.to_path_buf()], &EmitOptions::default())
        .unwrap_or_else(|e| panic!("{} does not generate: {e}", path.display()));
    serde_json::to_value(&generated.api).unwrap()
}

/// The JSON pointers where two values differ.
fn differences(a: &Value, b: &Value, at: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let (x, y) = (x.get(key).unwrap_or(&Value::Null), y.get(key).unwrap_or(&Value::Null));
                differences(x, y, format!("{at}/{key}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                differences(x, y, format!("{at}/{i}"), out);
            }
        }
        (x, y) if x != y => out.push(at),
        _ => {}
    }
}

/// The petstore in 2.0 and in 3.0 (both from the OpenAPI Initiative's examples) make one IR,
/// but for what their authors wrote differently.
#[test]
fn the_petstore_in_20_and_30_is_one_api() {
    let Some(corpus) = tests::shared("corpus/openapi/survey") else { return };
    let two = ir(&corpus.join("swagger2-petstore-expanded.json"));
    let three = ir(&corpus.join("petstore-expanded.yaml"));
    let mut found = Vec::new();
    differences(&two, &three, String::new(), &mut found);
    assert_eq!(
        found,
        [
            // "...features in the swagger-2.0 specification" / "...in the OpenAPI 3.0 specification"
            "/description",
            // The 3.0 version dropped `collectionFormat: csv` (`tags=a,b`) for 3.0's default form
            // (`tags=a&tags=b`): a change of wire format by its author; the 2.0 reading keeps csv.
            "/operations/0/params/0/explode",
            // Two spaces after a full stop in 2.0's description, one in 3.0's.
            "/operations/1/doc",
            // `http://petstore.swagger.io/api` / `https://petstore.swagger.io/v2`.
            "/servers/0/url",
        ]
    );
    assert_eq!(two["operations"][0]["params"][0]["explode"], Value::Bool(false));
}

/// Temporal's API as grpc-gateway writes it in 2.0 and as its 3.0 generator writes it: the
/// operations both hold are named alike; the rest is what the two tools emit differently.
#[test]
fn temporal_in_20_and_30_names_its_operations_alike() {
    let Some(corpus) = tests::shared("corpus/openapi/survey") else { return };
    let two = ir(&corpus.join("temporal-swagger2.json"));
    let three = ir(&corpus.join("temporal.yaml"));
    let operations = |api: &Value| -> BTreeMap<(String, String), (String, String)> {
        let list = api["operations"].as_array().unwrap();
        list.iter()
            .map(|o| {
                let key = (o["method"].as_str().unwrap().to_string(), o["path"].as_str().unwrap().to_string());
                (key, (o["group"].as_str().unwrap_or_default().to_string(), o["name"].as_str().unwrap().to_string()))
            })
            .collect()
    };
    let (two, three) = (operations(&two), operations(&three));
    // grpc-gateway writes each RPC's second binding (`/api/v1/...` beside `/...`), 3.0's tool
    // only the first: 226 operations against 113. grpc-gateway numbers the ids of an RPC's
    // further bindings (`GetClusterInfo2`), which are the methods' names, as written.
    assert_eq!((two.len(), three.len()), (226, 113));
    let mut same = 0;
    let mut numbered = 0;
    for (key, (group, name)) in &three {
        let Some((group2, name2)) = two.get(key) else { continue };
        assert_eq!(group, group2, "{key:?}");
        // Where grpc-gateway numbered an id (`...ById4`), the 3.0 reading of one id on several
        // paths names the binding by its parameters (`..._by_id_workflow`), or plainly.
        let base = name2.trim_end_matches(|c: char| c.is_ascii_digit());
        if base.len() < name2.len() && name.starts_with(base) {
            numbered += 1;
        } else {
            assert_eq!(name, name2, "{key:?}");
            same += 1;
        }
    }
    // 92 paths both hold; the 21 others differ by path parameter names only (grpc-gateway's
    // `{deploymentVersion.buildId}` for the 3.0 tool's `{deployment_version.build_id}`).
    assert_eq!(same + numbered, 92, "{same} named alike, {numbered} by grpc-gateway's number");
    // `{deployment_version.build_id}` → `{deploymentVersion.buildId}`.
    let camel = |path: &str| {
        let mut pieces = path.split('_');
        let first = pieces.next().unwrap_or_default().to_string();
        pieces.fold(first, |out, piece| {
            let mut chars = piece.chars();
            let head = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
            format!("{out}{head}{}", chars.as_str())
        })
    };
    for (method, path) in three.keys().filter(|k| !two.contains_key(*k)) {
        assert!(two.contains_key(&(method.clone(), camel(path))), "{method} {path} is only in 3.0");
    }
}

/// An API that moves from 2.0 to 3.0 changing nothing a caller sees reports no change: our 2.0
/// fixture, regenerated from the 3.0 document `--emit-openapi` wrote of it, has no change in its
/// report. (`api-ir.json` and a README line do change: that document names its groups by tags
/// and writes every `explode`, which the report rightly ignores.)
#[test]
fn moving_from_20_to_30_is_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let (out, successor) = (dir.path().join("sdk"), dir.path().join("store.3.yaml"));
    let options = |spec: std::path::PathBuf, emit: Option<std::path::PathBuf>| xtask::codegen::Options {
        specs: vec![spec],
        out: out.clone(),
        emit_openapi: emit,
        ..Default::default()
    };
    let store = tests::root().join("tests/swagger2/store.yaml");
    xtask::codegen::run(&options(store, Some(successor.clone()))).unwrap();
    assert!(std::fs::read_to_string(&successor).unwrap().starts_with("openapi: 3.0.3"));
    let outcome = xtask::codegen::run(&options(successor, None)).unwrap();
    assert_eq!(outcome.report.changes.as_deref(), Some(&[][..]), "{:?}", outcome.report.changes);
    let code = |path: &str| path.starts_with("src/") || path == "Cargo.toml";
    assert!(outcome.changes.iter().filter(|c| code(&c.path)).all(|c| c.status == xtask::write::Status::Unchanged));
}
