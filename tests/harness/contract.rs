//! Copied into a generated crate by the generator's `tests/contract.rs`, beside `drive.rs` (the
//! generated contract driver). It reads the calls to make (`CONTRACT_INPUTS`: per operation, the
//! values json-schema-faker made and the answers to ask Prism for), makes each against the judge
//! (`CONTRACT_JUDGE`: Prism behind a recording proxy), and writes what happened to each call and
//! what Prism said of its request (`CONTRACT_RESULTS`). Judging is left to `tests/contract.rs`.

mod drive;

use serde::Serialize;
use serde_json::{json, Value};

/// The values of one request: `params` by `place:wire` (`query:limit`), and the body.
#[derive(serde::Deserialize)]
pub struct Input {
    #[serde(default)]
    params: serde_json::Map<String, Value>,
    #[serde(default)]
    body: Option<Value>,
}

impl Input {
    pub fn param(&self, key: &str) -> Option<&Value> {
        self.params.get(key)
    }

    pub fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }
}

#[derive(serde::Deserialize)]
struct Operation {
    requests: Vec<Request>,
}

#[derive(serde::Deserialize)]
struct Request {
    name: String,
    input: Input,
    calls: Vec<Call>,
}

#[derive(serde::Deserialize, Serialize)]
struct Call {
    /// What `Prefer` asks Prism for (`code=404, dynamic=true`).
    prefer: String,
    /// `success`, or the error status asked for.
    expect: String,
}

/// What one call came to, before and after it was sent.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Called {
    /// The inputs lack a value the call needs (they are written for every required one).
    Missing { what: String },
    /// The value does not deserialize into our type.
    Unfit { what: String, message: String },
    /// Our type took the value but does not send it back as it was.
    Changed { what: String, pointer: String, sent: Value, kept: Value },
    Ok,
    Api { status: u16, parsed: bool, raw: String },
    Decode { status: u16, detail: String },
    Other { detail: String },
}

impl Called {
    pub fn missing(what: &str) -> Self {
        Called::Missing { what: what.to_string() }
    }
}

/// `value` as our type `T`, which must also send it back as it came.
pub fn fit<T: serde::de::DeserializeOwned + Serialize>(what: &str, value: &Value) -> Result<T, Called> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| Called::Unfit { what: what.to_string(), message: e.to_string() })?;
    let kept = serde_json::to_value(&typed).map_err(|e| Called::Unfit { what: what.to_string(), message: format!("does not serialize back: {e}") })?;
    if let Some(pointer) = difference(value, &kept, String::new()) {
        return Err(Called::Changed { what: what.to_string(), pointer, sent: value.clone(), kept });
    }
    Ok(typed)
}

/// Where `kept` first differs from `sent`, taking equal what only a type's text form changes
/// (`1` and `1.0`, two spellings of one instant, a URL's trailing slash, a UUID's case).
fn difference(sent: &Value, kept: &Value, at: String) -> Option<String> {
    match (sent, kept) {
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (Value::String(a), Value::String(b)) if a == b || same_text(a, b) => None,
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (a, b))| difference(a, b, format!("{at}/{i}")))
        }
        (Value::Object(a), Value::Object(b)) => {
            let missing = a.keys().chain(b.keys()).find(|k| a.contains_key(*k) != b.contains_key(*k));
            if let Some(key) = missing {
                return Some(format!("{at}/{key}"));
            }
            a.iter().find_map(|(k, v)| difference(v, &b[k], format!("{at}/{k}")))
        }
        _ if sent == kept => None,
        _ => Some(if at.is_empty() { "/".into() } else { at }),
    }
}

fn same_text(a: &str, b: &str) -> bool {
    if let (Ok(a), Ok(b)) = (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
        return a == b;
    }
    if let (Ok(a), Ok(b)) = (uuid::Uuid::parse_str(a), uuid::Uuid::parse_str(b)) {
        return a == b;
    }
    matches!((url::Url::parse(a), url::Url::parse(b)), (Ok(a), Ok(b)) if a == b)
}

/// What a sent call came back as.
pub fn sent<T, E: std::fmt::Debug>(result: Result<T, drive::sdk::Error<E>>) -> Called {
    use drive::sdk::Error;
    match result {
        Ok(_) => Called::Ok,
        Err(Error::Api { status, body, raw, .. }) => {
            let raw = raw.text().unwrap_or("(not UTF-8)").chars().take(400).collect();
            Called::Api { status, parsed: body.is_some(), raw }
        }
        Err(Error::Decode { status, type_name, path, message, .. }) => Called::Decode { status, detail: format!("{type_name} at `{path}`: {message}") },
        Err(other) => Called::Other { detail: format!("{other:?}") },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn every_operation_against_the_judge() {
    let judge = std::env::var("CONTRACT_JUDGE").expect("CONTRACT_JUDGE: the judge's URL");
    let inputs = std::fs::read_to_string(std::env::var("CONTRACT_INPUTS").expect("CONTRACT_INPUTS")).expect("the inputs");
    let operations: Vec<Operation> = serde_json::from_str(&inputs).expect("inputs.json");
    assert_eq!(operations.len(), drive::OPERATIONS.len(), "one input per operation");
    let client = drive::credentials(drive::sdk::Client::builder())
        .base_url(judge.clone())
        .bearer_token("contract-token")
        .retry_policy(drive::sdk::RetryPolicy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("a client");
    let plain = reqwest::Client::new();
    let last = || async {
        let answer = plain.get(format!("{judge}/__judge/last")).send().await.expect("the judge answers");
        answer.json::<Value>().await.expect("the judge's record")
    };
    let mut results = Vec::new();
    for (index, operation) in operations.iter().enumerate() {
        for request in &operation.requests {
            for call in &request.calls {
                let before = last().await["seq"].as_u64();
                let called = drive::call(&client, index, &request.input, &call.prefer).await;
                let record = last().await;
                // Nothing reached Prism (the value did not fit, or the client refused to send it).
                let judged = if record["seq"].as_u64() == before { Value::Null } else { record };
                results.push(json!({
                    "operation": index,
                    "name": drive::OPERATIONS[index],
                    "endpoint": drive::ENDPOINTS[index],
                    "request": request.name,
                    "call": call,
                    "called": called,
                    "judge": judged,
                }));
            }
        }
    }
    let path = std::env::var("CONTRACT_RESULTS").expect("CONTRACT_RESULTS");
    std::fs::write(path, serde_json::to_string_pretty(&results).expect("results serialize")).expect("write the results");
    println!("contract harness: {} operation(s), {} call(s)", operations.len(), results.len());
}
