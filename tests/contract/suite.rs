//! The machinery of the contract suite (`tests/contract.rs`): generate a spec's crate, make request
//! values from the judged document with json-schema-faker (`values.mjs`), start the judge (Prism
//! behind a recording proxy, `judge.mjs`), run the generated contract driver against it inside the
//! crate (`tests/harness/contract.rs`), and read back one result per call. Judging the results is
//! `judge.rs`; this file only runs things.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};
use tests::root;
use xtask::codegen::{self, Options};
use xtask::emit::EmitOptions;
use xtask::ir::{Api, Operation, ParamLocation};
use xtask::samples::{Samples, Style};

/// The seed of every generator (json-schema-faker here and inside Prism): runs are repeatable.
pub const SEED: &str = "18";

/// node and the judges' packages, installed by `.ci/run` (`npm ci` in `tests/contract`).
pub struct Tools {
    node: PathBuf,
    dir: PathBuf,
}

/// The tools, or `None` (with a message) where they are missing outside CI; under CI a missing
/// tool is a failure.
pub fn tools() -> Option<Tools> {
    let dir = root().join("tests/contract");
    let node = std::env::var_os("NODE").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("node"));
    let has_node = Command::new(&node).arg("--version").output().is_ok_and(|o| o.status.success());
    let has_packages = dir.join("node_modules/@stoplight/prism-cli/package.json").exists()
        && dir.join("node_modules/json-schema-faker/package.json").exists();
    if has_node && has_packages {
        return Some(Tools { node, dir });
    }
    let what = if has_node {
        "the judges' npm packages (run `npm ci --prefix tests/contract`)"
    } else {
        "node (Node.js 18 or later)"
    };
    if std::env::var_os("CI").is_some() {
        panic!("the contract suite needs {what}, and CI is set: .ci/run installs them");
    }
    eprintln!("skipping the contract suite: {what} is missing (set CI to make this a failure)");
    None
}

/// Which document Prism judges.
#[derive(Debug, Clone)]
pub enum Judged {
    /// Our `--emit-openapi` output: the inputs are pages, which are not one document.
    Normalized,
    /// The input document itself.
    Raw(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub name: String,
    pub inputs: Vec<PathBuf>,
    pub judged: Judged,
}

/// Everything a run produced: the IR, the judged document, and one result per call.
pub struct Run {
    pub api: Api,
    pub document: Value,
    pub results: Vec<Value>,
    /// Values written by `xtask::samples` because the judged document gave none, with why.
    pub fallbacks: Vec<String>,
    pub seconds: f64,
}

/// A child process stopped when dropped: the judge stops Prism when its stdin closes.
pub struct Judge {
    child: Child,
    stdin: Option<ChildStdin>,
    pub url: String,
}

impl Judge {
    pub fn start(tools: &Tools, document: &Path) -> Result<Judge, String> {
        let mut child = Command::new(&tools.node)
            .arg(tools.dir.join("judge.mjs"))
            .arg(document)
            .arg(SEED)
            .env("SCARF_ANALYTICS", "false")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("node judge.mjs: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map_err(|e| format!("reading the judge: {e}"))?;
        let mut judge = Judge { child, stdin, url: String::new() };
        match line.trim().strip_prefix("judge listening on ") {
            Some(url) => judge.url = url.to_string(),
            None => return Err(format!("the judge did not start (it said {line:?})")),
        }
        Ok(judge)
    }
}

impl Drop for Judge {
    fn drop(&mut self) {
        drop(self.stdin.take());
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `METHOD /path` of an operation, as the judged document and `values.mjs` name it.
pub fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

fn param_key(location: ParamLocation, wire: &str) -> String {
    let place = match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    format!("{place}:{wire}")
}

/// The requests to make of one operation: its values with every answer it declares, and its
/// nulls with the success only (the answers do not depend on the request's values).
fn requests(api: &Api, op: &Operation, made: Option<&Value>, fallbacks: &mut Vec<String>) -> Value {
    let samples = Samples::new(api);
    let minimal = Style { optional: false, marker: None };
    let mut success = vec![
        json!({ "prefer": "dynamic=true", "expect": "success" }),
        json!({ "prefer": "dynamic=false", "expect": "success" }),
    ];
    let errors = made.and_then(|m| m["errors"].as_array()).cloned().unwrap_or_default();
    let mut all = success.clone();
    for error in &errors {
        let code = error["code"].as_str().unwrap_or("500");
        all.push(json!({ "prefer": format!("code={code}, dynamic=true"), "expect": code }));
    }
    success.truncate(1);
    let mut out = Vec::new();
    for (name, calls) in [("values", all), ("nulls", success)] {
        let given = made.map(|m| &m[name]);
        if let Some(error) = given.and_then(|g| g["error"].as_str()) {
            fallbacks.push(format!(
                "{} ({name}): json-schema-faker failed ({error}); required values from samples",
                endpoint(op)
            ));
        }
        let mut params = serde_json::Map::new();
        for p in &op.params {
            let key = param_key(p.location, &p.wire);
            match given.and_then(|g| g["params"].get(&key)) {
                Some(value) => {
                    params.insert(key, value.clone());
                }
                None if p.required || p.location == ParamLocation::Path => {
                    fallbacks.push(format!(
                        "{} ({name}): `{key}` is not in the judged document; a sample value",
                        endpoint(op)
                    ));
                    params.insert(key, samples.value(&p.ty, minimal));
                }
                None => {}
            }
        }
        let body = match (&op.body, given.map(|g| &g["body"]["value"])) {
            (Some(_), Some(value)) if given.is_some_and(|g| g["body"].is_object()) => value.clone(),
            (Some(body), _) if body.required => {
                fallbacks
                    .push(format!("{} ({name}): no body schema in the judged document; a sample body", endpoint(op)));
                samples.value(&body.ty, minimal)
            }
            _ => Value::Null,
        };
        out.push(json!({ "name": name, "input": { "params": params, "body": body }, "calls": calls }));
    }
    json!({ "requests": out })
}

fn node(tools: &Tools, script: &str, args: &[&Path]) -> Result<Vec<u8>, String> {
    let output = Command::new(&tools.node)
        .arg(tools.dir.join(script))
        .args(args)
        .arg(SEED)
        .env("SCARF_ANALYTICS", "false")
        .output()
        .map_err(|e| format!("node {script}: {e}"))?;
    if !output.status.success() {
        return Err(format!("node {script} failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(output.stdout)
}

/// Where a spec's crate and files go: outside the workspace (a crate inside it would have to be a
/// member), one place per checkout, kept between runs so that rebuilds are warm.
pub fn work_dir(name: &str) -> PathBuf {
    let checkout: String =
        root().to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    std::env::temp_dir().join(format!("sdk-contract{checkout}")).join(name)
}

/// Generates the spec's crate in its `work_dir`, and drives every operation against Prism on the
/// judged document.
pub fn run(spec: &Spec, tools: &Tools) -> Result<Run, String> {
    let started = Instant::now();
    let work = work_dir(&spec.name);
    let krate = work.join("crate");
    let normalized = work.join("openapi.json");
    let options = Options {
        specs: spec.inputs.clone(),
        out: krate.clone(),
        emit: EmitOptions::default(),
        // A name of its own: cargo tells apart crates outside a workspace by name, not by place,
        // and they share one target dir.
        crate_name: Some(crate_name(&spec.name)),
        emit_openapi: Some(normalized.clone()),
        ..Options::default()
    };
    let outcome = codegen::run(&options).map_err(|e| format!("codegen: {e}"))?;
    let api = outcome.generated.api;
    let document_path = match &spec.judged {
        Judged::Normalized => normalized,
        Judged::Raw(path) => path.clone(),
    };
    let document = read_document(&document_path)?;

    let made: Value = serde_json::from_slice(&node(tools, "values.mjs", &[&document_path])?)
        .map_err(|e| format!("values.mjs: {e}"))?;
    let mut fallbacks = Vec::new();
    let inputs: Vec<Value> = api
        .operations
        .iter()
        .map(|op| requests(&api, op, made["operations"].get(endpoint(op)), &mut fallbacks))
        .collect();

    let harness = krate.join("tests/contract");
    std::fs::create_dir_all(&harness).map_err(|e| e.to_string())?;
    let driver =
        xtask::emit::contract_driver(&api, &crate_name(&spec.name).replace('-', "_")).map_err(|e| e.to_string())?;
    write_if_changed(&harness.join("drive.rs"), &driver)?;
    let main = std::fs::read_to_string(root().join("tests/harness/contract.rs")).map_err(|e| e.to_string())?;
    write_if_changed(&harness.join("main.rs"), &main)?;
    std::fs::copy(root().join("Cargo.lock"), krate.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let inputs_path = work.join("inputs.json");
    let results_path = work.join("results.json");
    let _ = std::fs::remove_file(&results_path);
    std::fs::write(&inputs_path, serde_json::to_string_pretty(&inputs).unwrap_or_default())
        .map_err(|e| e.to_string())?;

    // Build first, so that Prism is not kept waiting (and a build failure is told as one).
    let cargo = |extra: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        command
            // The driver reads each request's body from a JSON sample.
            .args(["test", "--offline", "--quiet", "--features", "deserialize-requests", "--test", "contract"])
            .args(extra)
            .current_dir(&krate)
            .env("CARGO_TARGET_DIR", root().join("target/corpus-check"));
        command
    };
    let built = cargo(&["--no-run"]).output().map_err(|e| e.to_string())?;
    if !built.status.success() {
        return Err(format!("the contract driver does not build:\n{}", String::from_utf8_lossy(&built.stderr)));
    }
    let judge = Judge::start(tools, &document_path)?;
    let ran = cargo(&["--", "--nocapture"])
        .env("CONTRACT_JUDGE", &judge.url)
        .env("CONTRACT_INPUTS", &inputs_path)
        .env("CONTRACT_RESULTS", &results_path)
        .output()
        .map_err(|e| e.to_string())?;
    drop(judge);
    if !ran.status.success() {
        return Err(format!(
            "the contract harness failed:\n{}\n{}",
            String::from_utf8_lossy(&ran.stdout),
            String::from_utf8_lossy(&ran.stderr)
        ));
    }
    let results: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&results_path).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    Ok(Run { api, document, results, fallbacks, seconds: started.elapsed().as_secs_f64() })
}

fn crate_name(spec: &str) -> String {
    let name: String =
        spec.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("contract-{name}")
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    let mut file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
}

/// A JSON or YAML document as a JSON value.
pub fn read_document(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// `count` operations of a large document, spread evenly over all of them in `path, method`
/// order, with the components they reach and nothing else: a slice that crosses the whole API
/// (the first 40 in order would all be `/admin/...`), chosen the same way on every run.
pub fn slice(document: &Value, count: usize) -> Value {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    let mut all = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for method in item.as_object().into_iter().flatten().map(|(m, _)| m).filter(|m| METHODS.contains(&m.as_str())) {
            all.push((path.clone(), method.clone()));
        }
    }
    all.sort();
    let picked: Vec<&(String, String)> =
        (0..count.min(all.len())).map(|i| &all[i * all.len() / count.min(all.len())]).collect();
    let mut paths = serde_json::Map::new();
    for (path, method) in picked {
        let item = &document["paths"][path];
        let entry = paths.entry(path.clone()).or_insert_with(|| {
            // Path-level members (shared parameters) stay; operations are picked one by one.
            let shared = item.as_object().into_iter().flatten().filter(|(k, _)| !METHODS.contains(&k.as_str()));
            Value::Object(shared.map(|(k, v)| (k.clone(), v.clone())).collect())
        });
        entry[method.as_str()] = item[method.as_str()].clone();
    }
    let mut out = document.clone();
    out["paths"] = Value::Object(paths);
    // Keep the components the picked operations reach, transitively.
    let mut kept: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut pending = Vec::new();
    refs(&out["paths"], &mut pending);
    while let Some(pointer) = pending.pop() {
        if kept.insert(pointer.clone())
            && let Some(target) = document.pointer(&pointer)
        {
            refs(target, &mut pending);
        }
    }
    let mut components = serde_json::Map::new();
    for (kind, members) in document["components"].as_object().into_iter().flatten() {
        let chosen: serde_json::Map<String, Value> = members
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(name, _)| kind == "securitySchemes" || kept.contains(&format!("/components/{kind}/{name}")))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !chosen.is_empty() {
            components.insert(kind.clone(), Value::Object(chosen));
        }
    }
    out["components"] = Value::Object(components);
    out
}

/// Drops the examples that hold a `$ref` to another place (GitHub's SCIM examples carry
/// `"$ref": "https://api.github.com/scim/..."` as data): Prism's reader would fetch it, and there is
/// no network. Named examples of that kind go, and so does every use of one. Returns how many
/// went; Prism makes its own example of those responses instead.
pub fn drop_remote_example_refs(document: &mut Value) -> usize {
    fn remote(value: &Value, gone: &std::collections::BTreeSet<String>) -> bool {
        match value {
            Value::Object(map) => map.iter().any(|(k, v)| {
                let target = v.as_str().unwrap_or("#");
                (k == "$ref" && (!target.starts_with('#') || gone.contains(target))) || remote(v, gone)
            }),
            Value::Array(items) => items.iter().any(|v| remote(v, gone)),
            _ => false,
        }
    }
    fn walk(value: &mut Value, gone: &std::collections::BTreeSet<String>) -> usize {
        match value {
            Value::Object(map) => {
                let before = map.len();
                map.retain(|k, v| !((k == "example" || k == "examples") && remote(v, gone)));
                before - map.len() + map.values_mut().map(|v| walk(v, gone)).sum::<usize>()
            }
            Value::Array(items) => items.iter_mut().map(|v| walk(v, gone)).sum(),
            _ => 0,
        }
    }
    let mut gone = std::collections::BTreeSet::new();
    if let Some(examples) = document.pointer_mut("/components/examples").and_then(Value::as_object_mut) {
        let none = std::collections::BTreeSet::new();
        examples.retain(|name, v| {
            let keep = !remote(v, &none);
            if !keep {
                gone.insert(format!("#/components/examples/{name}"));
            }
            keep
        });
    }
    let named = gone.len();
    let mut paths = document["paths"].take();
    let mut dropped = walk(&mut paths, &gone);
    document["paths"] = paths;
    for kind in ["responses", "requestBodies", "parameters", "headers", "schemas"] {
        if let Some(members) = document.pointer_mut(&format!("/components/{kind}")) {
            dropped += walk(members, &gone);
        }
    }
    named + dropped
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(pointer) = target.strip_prefix('#')
            {
                out.push(pointer.to_string());
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}
