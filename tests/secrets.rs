//! Secret hygiene on every operation of the crate generated from the shared Infisical corpus and
//! the seed. Each operation is called against a mock server that answers, in turn, a body that
//! does not decode, an error body, and a valid body, each holding a marker in every credential
//! field and free-form value (and in the raw bodies); the marker must never show in `Debug`,
//! `Display` or anywhere down the `source()` chain. The driver is generated (`emit::driver`), the
//! harness is `tests/harness/hygiene.rs`, and they run as a test of the generated crate.

use serde_json::{Value, json};
use tests::{codegen, run_harness, shared};
use xtask::ir::{Api, Operation, TypeRef};
use xtask::samples::{Samples, Style};

const MARKER: &str = "SeCrEt-MaRkEr-8d1f";

fn answers(api: &Api, op: &Operation) -> Vec<Value> {
    let samples = Samples::new(api);
    let marked = Style { optional: true, marker: Some(MARKER) };
    let mut answers = Vec::new();
    let success = op.responses.iter().find(|r| r.is_success() && r.ty.is_some()).and_then(|r| r.ty.as_ref());
    if let Some(ty) = success {
        // Cut short, and a string where the type wants something else: serde's message would quote it.
        answers.push(
            json!({ "what": "decode", "status": 200, "body": format!("{{\"{MARKER}\": \"{MARKER}\", \"more\": ") }),
        );
        // An untagged union keeps a value no variant fits, as received (and its `Debug` shows
        // none of it); anything else refuses it.
        let untagged = api.types.iter().any(|t| {
            matches!(ty, TypeRef::Named(name) if *name == t.name)
                && matches!(&t.kind, xtask::ir::TypeKind::Union(u) if u.tag.is_none())
        });
        if !ty.is_scalar() && !matches!(ty, TypeRef::Any | TypeRef::Secret) {
            let what = if untagged { "valid" } else { "decode" };
            answers.push(json!({ "what": what, "status": 200, "body": format!("\"{MARKER}\"") }));
        }
        answers.push(json!({ "what": "valid", "status": 200, "body": samples.value(ty, marked).to_string() }));
    } else {
        answers.push(json!({ "what": "valid", "status": 204, "body": MARKER }));
    }
    let error = op.responses.iter().find(|r| !r.is_success() && r.ty.is_some());
    let status: u16 = error.and_then(|r| r.status.parse().ok()).unwrap_or(500);
    let mut body = match error.and_then(|r| r.ty.as_ref()) {
        Some(ty) => samples.value(ty, marked),
        None => json!({ "message": "text" }),
    };
    if let Value::Object(fields) = &mut body {
        fields.insert("addedLater".into(), json!(MARKER));
    }
    answers.push(json!({ "what": "error", "status": status, "body": body.to_string() }));
    answers
}

#[test]
fn no_secret_reaches_debug_display_or_sources_on_any_operation() {
    let (Some(corpus), Some(seed)) = (shared("corpus/infisical"), shared("seed")) else { return };
    let dir = tempfile::Builder::new().prefix("sdk-hygiene-").tempdir().unwrap();
    let outcome = codegen(&[corpus, seed], dir.path(), false).unwrap_or_else(|e| panic!("{e}"));
    let api = &outcome.generated.api;
    let harness = dir.path().join("tests/hygiene");
    std::fs::create_dir_all(&harness).unwrap();
    std::fs::write(harness.join("drive.rs"), xtask::emit::driver(api, "infisical_api").unwrap()).unwrap();
    let scenarios: Vec<Value> = api.operations.iter().map(|op| json!({ "answers": answers(api, op) })).collect();
    // The valid answers must put the marker somewhere, or their check proves nothing.
    let marked = scenarios
        .iter()
        .flat_map(|s| s["answers"].as_array().cloned().unwrap_or_default())
        .filter(|a| a["what"] == "valid" && a["body"].as_str().is_some_and(|b| b.contains(MARKER)))
        .count();
    println!("{marked} valid answer(s) hold the marker in a credential field or free-form value");
    assert!(marked >= 10, "only {marked} valid answers hold the marker");
    std::fs::write(harness.join("scenarios.json"), serde_json::to_string_pretty(&scenarios).unwrap()).unwrap();
    // The harness reads each request's body from a JSON sample.
    let stdout = run_harness(dir.path(), "hygiene.rs", "hygiene", &["--features", "deserialize-requests"]);
    let summary = stdout.lines().find(|l| l.starts_with("hygiene:")).unwrap_or_default();
    println!("{summary}");
    assert!(summary.contains(&format!("{} operation(s)", api.operations.len())), "{stdout}");
}
