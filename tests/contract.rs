//! Contract tests judged by a third party. For each spec of the set, the generated crate calls
//! every operation against Stoplight Prism 5 (`prism mock`, a validating mock server built from the
//! spec) with request values json-schema-faker made from the spec's own schemas, seeded: Prism
//! judges each request, and answers with schema-valid bodies (dynamic and from examples, success
//! and each declared error) that must decode. Each operation is classed (ok, one of our faults,
//! a limit of Prism's, listed with its reason), each spec prints one summary line, and any fault of
//! ours fails the test (but those in `KNOWN`, which must then still occur). The pieces:
//! `contract/suite.rs` runs, `contract/judge.rs` judges, `contract/*.mjs` are the node side.

#[path = "contract/judge.rs"]
mod judge;
#[path = "contract/suite.rs"]
mod suite;

use std::io::{Read, Write};
use std::path::PathBuf;

use judge::{Class, limits_of, summary, verdicts};
use serde_json::{Value, json};
use suite::{Judged, Spec};
use tests::{root, shared};

/// Faults of ours that the suite finds and whose fix is under way elsewhere: (spec, endpoint,
/// class, what). Each must still occur, so that its fix removes it from here.
const KNOWN: &[(&str, &str, Class, &str)] = &[];

/// The set, each with the document Prism judges.
fn specs() -> Vec<Spec> {
    let normalized = |name: &str, inputs: Vec<PathBuf>| Spec { name: name.into(), inputs, judged: Judged::Normalized };
    let raw =
        |name: &str, path: PathBuf| Spec { name: name.into(), inputs: vec![path.clone()], judged: Judged::Raw(path) };
    let mut set = vec![
        // Pages are not one document Prism can read: it judges our --emit-openapi output.
        normalized("fixtures", vec![root().join("tests/fixtures")]),
        raw("wire-shapes", root().join("tests/contract/specs/wire_shapes.yaml")),
        // Untagged unions read by fit (no discriminator, closed objects, values that decide).
        raw("union-fit", root().join("tests/contract/specs/union_fit.yaml")),
        // Swagger 2.0, which Prism 5 does not read: it judges the 3.0 we write with --emit-openapi.
        // (forms.yaml is not judged: Prism reads a one-item exploded form array as a string, and
        // calls the `,` of a `csv` one a reserved character.)
        normalized("swagger2-store", vec![root().join("tests/swagger2/store.yaml")]),
    ];
    if let Some(seed) = shared("seed") {
        set.push(normalized("seed", vec![seed]));
    }
    if let Some(corpus) = shared("corpus/infisical") {
        set.push(normalized("infisical", vec![corpus]));
    }
    for name in ["keeper", "buildomat", "propolis-server"] {
        if let Some(path) = shared(&format!("corpus/openapi/{name}.json")) {
            set.push(raw(name, path));
        }
    }
    if let Some(github) = shared("corpus/openapi/api.github.com.json") {
        // 40 operations spread over all of them (see `suite::slice`), written as one document.
        let document = suite::read_document(&github).unwrap_or_else(|e| panic!("{e}"));
        let path = suite::work_dir("github-slice.json");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut sliced = suite::slice(&document, 40);
        let dropped = suite::drop_remote_example_refs(&mut sliced);
        say(&format!(
            "github-slice: 40 of the document's operations; {dropped} example(s) holding a remote $ref left out (Prism would fetch it)"
        ));
        std::fs::write(&path, serde_json::to_string_pretty(&sliced).unwrap()).unwrap();
        set.push(raw("github-slice", path));
    }
    // Anything else to judge, for a look (`CONTRACT_EXTRA=a.yaml:b.json`); `CONTRACT_ONLY` picks by name.
    if let Some(extra) = std::env::var_os("CONTRACT_EXTRA") {
        for path in std::env::split_paths(&extra) {
            let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            set.push(raw(&name, path));
        }
    }
    if let Ok(only) = std::env::var("CONTRACT_ONLY") {
        set.retain(|s| only.split(',').any(|o| o == s.name));
    }
    set
}

#[test]
#[cfg_attr(
    contract_judges_missing,
    ignore = "the judges are not installed: `npm ci --prefix tests/contract` (CI installs them, and fails without)"
)]
fn every_operation_of_every_spec_is_judged_by_prism() {
    let Some(tools) = suite::tools() else { return };
    let mut faults = Vec::new();
    let mut seen_known = Vec::new();
    for spec in specs() {
        let run = suite::run(&spec, &tools).unwrap_or_else(|e| panic!("contract {}: {e}", spec.name));
        let document = match &spec.judged {
            Judged::Normalized => "judged on --emit-openapi".to_string(),
            Judged::Raw(path) => format!("judged on {}", path.file_name().unwrap_or_default().to_string_lossy()),
        };
        let limits = |endpoint: &str| {
            let (method, path) = endpoint.split_once(' ').unwrap_or_default();
            limits_of(&run.document, method, path)
        };
        let verdicts = verdicts(&run.results, &limits);
        assert_eq!(verdicts.len(), run.api.operations.len(), "contract {}: every operation has results", spec.name);
        let mut known = 0;
        for verdict in verdicts.iter().filter(|v| v.class != Class::Ok) {
            let expected =
                KNOWN.iter().find(|(s, e, c, _)| *s == spec.name && *e == verdict.endpoint && *c == verdict.class);
            let label = match (verdict.class.is_fault(), expected) {
                (true, Some((_, _, _, what))) => {
                    known += 1;
                    seen_known.push((spec.name.clone(), verdict.endpoint.clone()));
                    format!("known fault ({what})")
                }
                (true, None) => {
                    faults.push(format!("{} {} ({})", spec.name, verdict.name, verdict.endpoint));
                    "FAULT".to_string()
                }
                (false, _) => "not judged".to_string(),
            };
            say(&format!("  {label}: {} {} ({:?})", verdict.name, verdict.endpoint, verdict.class));
            for reason in &verdict.reasons {
                say(&format!("      {reason}"));
            }
        }
        for fallback in &run.fallbacks {
            say(&format!("  sample value: {fallback}"));
        }
        let line = format!(
            "{} [{:.0} s, {} calls, {} sample values]",
            summary(&spec.name, &document, &verdicts, known),
            run.seconds,
            run.results.len(),
            run.fallbacks.len()
        );
        say(&line);
    }
    let stale: Vec<_> = KNOWN
        .iter()
        .filter(|(s, e, _, _)| specs_has(s) && !seen_known.iter().any(|(ks, ke)| ks == s && ke == e))
        .collect();
    assert!(faults.is_empty(), "faults of ours (details above):\n{}", faults.join("\n"));
    assert!(
        stale.is_empty(),
        "known faults that no longer occur: remove them from KNOWN in tests/contract.rs:\n{stale:?}"
    );
}

/// A line for CI's log, written to the process's stderr, which the test harness does not capture:
/// every spec's summary and every call not judged ok, with its reason, show even when the suite
/// passes.
fn say(line: &str) {
    writeln!(std::io::stderr().lock(), "{line}").ok();
}

fn specs_has(name: &str) -> bool {
    std::env::var("CONTRACT_ONLY").map_or(true, |only| only.split(',').any(|o| o == name))
}

/// One raw HTTP/1.1 request to the judge; its status and what Prism said of the request.
fn post(url: &str, path: &str, body: &Value) -> (u16, Value) {
    let address = url.trim_start_matches("http://");
    let exchange = |request: String| {
        let mut stream = std::net::TcpStream::connect(address).expect("the judge listens");
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let text = body.to_string();
    let answer = exchange(format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    ));
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or_default();
    let last = exchange(format!("GET /__judge/last HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"));
    let record = last.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or_default();
    (status, serde_json::from_str(record).unwrap_or(Value::Null))
}

#[test]
#[cfg_attr(
    contract_judges_missing,
    ignore = "the judges are not installed: `npm ci --prefix tests/contract` (CI installs them, and fails without)"
)]
fn prism_on_the_seeds_normalized_spec_accepts_its_intended_request_and_rejects_one_without_name() {
    let (Some(tools), Some(seed)) = (suite::tools(), shared("seed")) else { return };
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("seed.json");
    let options = xtask::codegen::Options {
        specs: vec![seed],
        out: dir.path().join("crate"),
        emit_openapi: Some(document.clone()),
        ..Default::default()
    };
    xtask::codegen::run(&options).unwrap_or_else(|e| panic!("{e}"));
    let judge = suite::Judge::start(&tools, &document).unwrap_or_else(|e| panic!("{e}"));
    let intended = json!({
        "name": "my-1password",
        "method": "api-token",
        "credentials": { "instanceUrl": "https://1password.example.com", "apiToken": "ops_token" },
        "description": null,
    });
    let (status, record) = post(&judge.url, "/api/v1/app-connections/1password", &intended);
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["violations"], json!([]), "{record}");
    let mut without_name = intended.clone();
    without_name.as_object_mut().unwrap().remove("name");
    let (status, record) = post(&judge.url, "/api/v1/app-connections/1password", &without_name);
    assert_eq!(status, 422, "{record}");
    let messages = record["violations"].to_string();
    assert!(messages.contains("required property 'name'"), "{record}");
}

/// A call's result as the harness writes it.
fn result(expect: &str, called: Value, violations: Value) -> Value {
    json!({ "operation": 0, "name": "op", "endpoint": "POST /things", "request": "values",
            "call": { "prefer": "dynamic=true", "expect": expect }, "called": called,
            "judge": { "method": "POST", "url": "/things", "violations": violations, "problem": null } })
}

#[test]
fn each_class_is_found_and_the_worst_call_decides() {
    let none = |_: &str| Vec::new();
    let ok = result("success", json!({ "kind": "ok" }), json!([]));
    let rejected = result(
        "success",
        json!({ "kind": "ok" }),
        json!([{ "severity": "Error", "location": ["request", "body"], "message": "must have required property 'name'" }]),
    );
    let warned = result(
        "success",
        json!({ "kind": "ok" }),
        json!([{ "severity": "Warning", "location": ["response"], "message": "x" }]),
    );
    let unparsed = result("404", json!({ "kind": "api", "status": 404, "parsed": false, "raw": "{}" }), json!([]));
    let parsed = result("404", json!({ "kind": "api", "status": 404, "parsed": true, "raw": "{}" }), json!([]));
    let changed = result(
        "success",
        json!({ "kind": "changed", "what": "body", "pointer": "/note", "sent": { "note": null }, "kept": {} }),
        json!([]),
    );
    let undecoded = result("success", json!({ "kind": "decode", "status": 200, "detail": "Thing at `id`" }), json!([]));
    for (results, class) in [
        (vec![ok.clone()], Class::Ok),
        (vec![warned], Class::Ok),
        (vec![parsed], Class::Ok),
        (vec![ok.clone(), rejected.clone()], Class::Rejected),
        (vec![ok.clone(), unparsed], Class::Undecoded),
        (vec![undecoded, rejected.clone(), changed.clone()], Class::Unfit),
    ] {
        assert_eq!(verdicts(&results, &none)[0].class, class, "{results:#?}");
    }
    let reasons = &verdicts(&[changed], &none)[0].reasons;
    assert!(reasons[0].contains("at `/note` null became absent"), "{reasons:?}");
    // A limit turns a rejection into Prism's, and an unchecked body into "not judged".
    let all = |_: &str| judge::LIMITS.iter().collect::<Vec<_>>();
    assert_eq!(verdicts(&[rejected], &all)[0].class, Class::Limit);
    assert_eq!(verdicts(&[ok], &all)[0].class, Class::Limit);
}

#[test]
fn prism_limits_are_found_by_construct_through_refs() {
    let document = json!({
        "paths": {
            "/a": { "post": { "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/A" } } } } } },
            "/b": { "post": { "requestBody": { "content": { "application/json": { "schema": { "allOf": [{ "type": "object", "additionalProperties": false }, { "$ref": "#/components/schemas/A" }] } } } } } },
            "/c": { "post": { "requestBody": { "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false } } } } } },
        },
        "components": { "schemas": { "A": { "type": "object", "properties": { "gone": { "not": {} } } } } },
    });
    let names = |path| limits_of(&document, "POST", path).iter().map(|l| l.name).collect::<Vec<_>>();
    assert_eq!(names("/a"), ["not: {}"]);
    assert_eq!(names("/b").len(), 2);
    assert!(names("/c").is_empty());
}

#[test]
fn the_github_slice_spreads_over_the_api_and_keeps_what_it_reaches() {
    let document = json!({
        "paths": Value::Object((0..100).map(|i| (format!("/p{i:03}"), json!({ "get": { "responses": { "200": { "$ref": format!("#/components/responses/R{}", i % 3) } } } }))).collect()),
        "components": { "responses": { "R0": { "description": "", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/S" } } } }, "R1": { "description": "" }, "R2": { "description": "" } },
                        "schemas": { "S": {}, "Unused": {} } },
    });
    let sliced = suite::slice(&document, 10);
    let paths: Vec<&String> = sliced["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/p000", "/p010", "/p020", "/p030", "/p040", "/p050", "/p060", "/p070", "/p080", "/p090"]);
    assert!(sliced["components"]["schemas"]["S"].is_object());
    assert!(sliced["components"]["schemas"].get("Unused").is_none());
    assert_eq!(sliced, suite::slice(&document, 10));
}
