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

/// Temporal's API as grpc-gateway writes it in 2.0 and as its 3.0 generator writes it: the same
/// methods, in the same groups, by the same names. grpc-gateway writes each RPC's further
/// bindings with a numbered id (`GetClusterInfo2`), read as the RPC's; the only difference left
/// is the generators' spelling of path parameters.
#[test]
fn temporal_in_20_and_30_is_one_client() {
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
    assert_eq!((two.len(), three.len()), (113, 113));
    let names = |ops: &BTreeMap<(String, String), (String, String)>| ops.values().cloned().collect::<BTreeSet<_>>();
    assert_eq!(names(&two), names(&three));
    // `{deployment_version.build_id}` (3.0's tool) → `{deploymentVersion.buildId}` (grpc-gateway's).
    let camel = |path: &str| {
        let mut pieces = path.split('_');
        let first = pieces.next().unwrap_or_default().to_string();
        pieces.fold(first, |out, piece| {
            let mut chars = piece.chars();
            let head = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
            format!("{out}{head}{}", chars.as_str())
        })
    };
    let mut respelled = 0;
    for ((method, path), method_name) in &three {
        let same = two.get(&(method.clone(), path.clone()));
        let respelled_path = two.get(&(method.clone(), camel(path)));
        respelled += usize::from(same.is_none());
        assert_eq!(same.or(respelled_path), Some(method_name), "{method} {path}");
    }
    assert_eq!(respelled, 21);
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
    let changed: Vec<_> =
        outcome.changes.iter().filter(|c| code(&c.path) && c.status != xtask::write::Status::Unchanged).collect();
    assert!(changed.is_empty(), "{changed:?}");
}
