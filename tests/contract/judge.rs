//! Judging the contract suite's results: each call's outcome, with what Prism said of its request,
//! becomes a class (ok, one of our faults, a limit of Prism's), each operation takes its worst,
//! and a spec's figures make its summary line. Prism's known limits are found in the judged
//! document by construct, each with its reason, so that nothing is passed over in silence.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

/// Worst first: an operation's class is the first that any of its calls has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// A value made from the request schema does not deserialize into our type, or our type does
    /// not send it back as it was (a null dropped, a member lost).
    Unfit,
    /// Prism found our request invalid.
    Rejected,
    /// A schema-valid answer of Prism's did not decode (a success body, or an error body into
    /// the error type).
    Undecoded,
    /// The call failed otherwise (transport, a request our client refused to send).
    Failed,
    /// Prism cannot judge this operation; the limit says why.
    Limit,
    Ok,
}

impl Class {
    pub fn is_fault(self) -> bool {
        matches!(self, Class::Unfit | Class::Rejected | Class::Undecoded | Class::Failed)
    }
}

/// A construct Prism 5 misjudges, and what that does to the operations whose request holds it.
pub struct Limit {
    pub name: &'static str,
    pub reason: &'static str,
    /// Whether Prism still says anything of such a request: `false` when its check is off.
    pub judges: bool,
    found: fn(&Value) -> bool,
}

pub const LIMITS: &[Limit] = &[
    Limit {
        name: "not: {}",
        reason: "Prism 5 turns the body check of a request off when its schema holds `not: {}` (Infisical's \"must be absent\"), so it accepts anything: the operation is not judged",
        judges: false,
        found: |schema| schema.get("not").is_some_and(|n| n.as_object().is_some_and(|o| o.is_empty())),
    },
    Limit {
        name: "additionalProperties: false in allOf",
        reason: "Prism 5 (AJV) reads `additionalProperties: false` on an allOf member literally, so no request satisfies both members (docs/design.md, Resolution rules): a rejection is Prism's, not ours",
        judges: true,
        found: |schema| {
            schema["allOf"].as_array().is_some_and(|members| {
                members.iter().any(|m| m.get("additionalProperties") == Some(&Value::Bool(false)))
            })
        },
    },
];

/// Limits of Prism's answers, by what shows them: its own error types, or an answer that the
/// spec does not allow. A call that fails for one of these says nothing of our client.
pub const ANSWER_LIMITS: &[(&str, &str)] = &[
    ("NO_RESPONSE_RESPONSE_DEFINED", "the operation declares no response, so Prism has none to give"),
    (
        "NO_COMPLEX_OBJECT_TEXT",
        "Prism cannot write the declared object as a text body (propolis' serial console is a WebSocket upgrade)",
    ),
    (
        "outside the spec",
        "Prism's answer breaks the spec (AJV on the judge's side, or Prism's own response check, says so; its example sampler cuts a schema that contains itself short with `{}`), so our failing to decode it is no fault",
    ),
];

fn answer_limit(key: &str) -> (Class, String) {
    let reason = ANSWER_LIMITS.iter().find(|(k, _)| *k == key).map_or("", |(_, r)| r);
    (Class::Limit, format!("Prism limit `{key}`: {reason}"))
}

/// The limits that the request of `METHOD /path` meets in `document` (its body and parameter
/// schemas, `$ref`s followed).
pub fn limits_of(document: &Value, method: &str, path: &str) -> Vec<&'static Limit> {
    let operation = &document["paths"][path][method.to_lowercase()];
    let mut roots = vec![&operation["requestBody"], &operation["parameters"], &document["paths"][path]["parameters"]];
    roots.retain(|v| !v.is_null());
    let mut seen = std::collections::BTreeSet::new();
    let mut found = Vec::new();
    while let Some(schema) = roots.pop() {
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            if seen.insert(target.to_string())
                && let Some(next) = target.strip_prefix('#').and_then(|p| document.pointer(p))
            {
                roots.push(next);
            }
            continue;
        }
        for limit in LIMITS {
            if (limit.found)(schema) && !found.iter().any(|l: &&Limit| l.name == limit.name) {
                found.push(limit);
            }
        }
        match schema {
            Value::Object(map) => roots.extend(map.values()),
            Value::Array(items) => roots.extend(items),
            _ => {}
        }
    }
    found
}

/// One call's class and why.
pub fn call_class(result: &Value) -> (Class, String) {
    let called = &result["called"];
    let judge = &result["judge"];
    let expect = result["call"]["expect"].as_str().unwrap_or("success");
    let asked = result["call"]["prefer"].as_str().unwrap_or_default();
    let violations = judge["violations"].as_array().cloned().unwrap_or_default();
    let message = |v: &Value| {
        let at = v["location"]
            .as_array()
            .map(|l| l.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("."))
            .unwrap_or_default();
        format!("{at}: {}", v["message"].as_str().unwrap_or_default())
    };
    let (on_answer, on_request): (Vec<&Value>, Vec<&Value>) =
        violations.iter().filter(|v| v["severity"] == "Error").partition(|v| v["location"][0] == "response");
    let sent =
        || format!("{} {}", judge["method"].as_str().unwrap_or_default(), judge["url"].as_str().unwrap_or_default());
    if !on_request.is_empty() {
        return (
            Class::Rejected,
            format!(
                "Prism rejected `{}`: {}",
                sent(),
                on_request.iter().map(|v| message(v)).collect::<Vec<_>>().join("; ")
            ),
        );
    }
    let answer_breaks_spec = !on_answer.is_empty() || judge["answer"]["valid"] == false;
    let problem_type = judge["problem"]
        .as_str()
        .and_then(|p| serde_json::from_str::<Value>(p).ok())
        .and_then(|p| p["type"].as_str().map(str::to_string));
    if let Some(kind) = problem_type.as_deref().and_then(|t| t.rsplit('#').next())
        && ANSWER_LIMITS.iter().any(|(k, _)| *k == kind)
    {
        return answer_limit(kind);
    }
    let (class, reason) = our_class(called, judge, expect, asked, &sent);
    if class != Class::Ok && answer_breaks_spec {
        let why: Vec<String> = on_answer
            .iter()
            .map(|v| message(v))
            .chain(judge["answer"]["errors"].as_str().map(str::to_string))
            .collect();
        let (class, limit) = answer_limit("outside the spec");
        return (class, format!("{limit} ({}; we said: {reason})", why.join("; ")));
    }
    (class, reason)
}

/// The class of a call Prism had nothing to say against.
fn our_class(called: &Value, judge: &Value, expect: &str, asked: &str, sent: &dyn Fn() -> String) -> (Class, String) {
    match called["kind"].as_str().unwrap_or_default() {
        "missing" => (Class::Failed, format!("no value for {}", called["what"])),
        "unfit" => (
            Class::Unfit,
            format!(
                "{} does not deserialize: {}",
                called["what"].as_str().unwrap_or_default(),
                called["message"].as_str().unwrap_or_default()
            ),
        ),
        "changed" => {
            let pointer = called["pointer"].as_str().unwrap_or_default();
            let shown = |value: &Value| value.pointer(pointer).map_or_else(|| "absent".to_string(), short);
            let what = called["what"].as_str().unwrap_or_default();
            (
                Class::Unfit,
                format!(
                    "{what} is not sent as given: at `{pointer}` {} became {}",
                    shown(&called["sent"]),
                    shown(&called["kept"])
                ),
            )
        }
        "ok" if expect == "success" => (Class::Ok, String::new()),
        "ok" => (Class::Undecoded, format!("asked for {expect} (`{asked}`), the call returned a success")),
        "api" => {
            let status = called["status"].as_u64().unwrap_or_default();
            if let Some(problem) = judge["problem"].as_str() {
                // Prism's own error, not an answer from the spec: it refused the request.
                return (
                    Class::Rejected,
                    format!(
                        "Prism answered {status} to `{}`: {}",
                        sent(),
                        problem.chars().take(300).collect::<String>()
                    ),
                );
            }
            if expect == "success" {
                (Class::Undecoded, format!("asked for a success (`{asked}`), got {status}"))
            } else if called["parsed"] == true {
                (Class::Ok, String::new())
            } else {
                (
                    Class::Undecoded,
                    format!(
                        "the {status} error body does not parse into the error type: {}",
                        called["raw"].as_str().unwrap_or_default()
                    ),
                )
            }
        }
        "decode" => (
            Class::Undecoded,
            format!(
                "the {} answer (`{asked}`) does not decode: {}",
                called["status"],
                called["detail"].as_str().unwrap_or_default()
            ),
        ),
        _ => (Class::Failed, format!("the call failed: {}", called["detail"].as_str().unwrap_or_default())),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 { format!("{}…", text.chars().take(80).collect::<String>()) } else { text }
}

/// An operation's verdict.
pub struct Verdict {
    pub name: String,
    pub endpoint: String,
    pub class: Class,
    pub reasons: Vec<String>,
}

/// The verdict of every operation, in the crate's order. `limits` gives those of each endpoint.
pub fn verdicts(results: &[Value], limits: &dyn Fn(&str) -> Vec<&'static Limit>) -> Vec<Verdict> {
    let mut by_operation: BTreeMap<u64, Verdict> = BTreeMap::new();
    for result in results {
        let index = result["operation"].as_u64().unwrap_or_default();
        let endpoint = result["endpoint"].as_str().unwrap_or_default().to_string();
        let verdict = by_operation.entry(index).or_insert_with(|| Verdict {
            name: result["name"].as_str().unwrap_or_default().to_string(),
            endpoint: endpoint.clone(),
            class: Class::Ok,
            reasons: Vec::new(),
        });
        let (mut class, mut reason) = call_class(result);
        for limit in limits(&endpoint) {
            // Prism said nothing that can be trusted, or its rejection is the limit's.
            if !limit.judges || class == Class::Rejected {
                class = Class::Limit;
                reason = format!("Prism limit `{}`: {}", limit.name, limit.reason);
            }
        }
        if class != Class::Ok {
            let reason = format!("{} [{}]", reason, result["request"].as_str().unwrap_or_default());
            if !verdict.reasons.contains(&reason) {
                verdict.reasons.push(reason);
            }
        }
        verdict.class = verdict.class.min(class);
    }
    by_operation.into_values().collect()
}

/// `contract <spec> (<document>): N ops, ok N, ...`, every class counted.
pub fn summary(spec: &str, document: &str, verdicts: &[Verdict], known: usize) -> String {
    let count = |class| verdicts.iter().filter(|v| v.class == class).count();
    let mut line = format!("contract {spec} ({document}): {} ops, ok {}", verdicts.len(), count(Class::Ok));
    let _ = write!(
        line,
        ", request rejected by Prism {}, response failed to decode {}, value failed to deserialize into our type {}, call failed {}, Prism limit {}",
        count(Class::Rejected),
        count(Class::Undecoded),
        count(Class::Unfit),
        count(Class::Failed),
        count(Class::Limit)
    );
    if known > 0 {
        let _ = write!(line, " ({known} of our faults known, awaiting their fix)");
    }
    line
}
