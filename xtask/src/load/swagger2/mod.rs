//! Swagger 2.0 read as OpenAPI 3.0: a pass over the document's plain value, before bundling and
//! the typed parse, that rewrites each 2.0 construct into the 3.0 one a caller sees the same way,
//! so merge, resolve, emit and the change report have one path:
//!
//! - `host` + `basePath` + `schemes` → `servers` (no host: a relative server, as 3.0 reads it);
//! - `definitions`, `parameters`, `responses`, `securityDefinitions` → `components`, and every
//!   local `$ref` to them pointed there (`schema.rs`);
//! - an `in: body` parameter → the `requestBody`, in the operation's `consumes` (or the
//!   document's); `in: formData` parameters → one form body, multipart where a part is a file or
//!   `consumes` says so (`operation.rs`);
//! - a parameter's own type keywords → its `schema`; `collectionFormat` → `style`/`explode`
//!   (`tsv`, which 3.0 lacks, as `x-collection-format`, which resolve reads);
//! - a response's `schema` → `content` in each type the operation `produces`, `examples` by
//!   type, headers' type keywords → their schemas;
//! - `x-nullable` → `nullable`, `type: file` → a binary string, a `discriminator` naming a
//!   property → 3.0's discriminator (after bundling too, so other files' schemas are read alike).
//!
//! Every subtree that moves is recorded in `Origins`, so a diagnostic found later names the line
//! and pointer of the 2.0 text, never a place in the converted document.

mod operation;
mod schema;

use serde_json::{Map, Value, json};

use super::origins::Origins;
use super::walk::{Kind, Object};
pub use schema::read_schemas;

/// A warning found on the way: its pointer (in the 2.0 document) and message.
pub type Warning = (String, String);

pub use operation::Defaults;

/// Rewrites a 2.0 document's value into the 3.0 shape, recording moves in `origins`; what the
/// document says for every operation is kept for the parts other files bring (`after_bundling`).
pub fn convert(value: &mut Value, origins: &mut Origins) -> (Vec<Warning>, Defaults) {
    let mut warnings = Vec::new();
    let Value::Object(top) = value else { return (warnings, Defaults::default()) };
    let mut original = std::mem::take(top);
    let mut take = |key: &str| original.shift_remove(key);
    let host = take("host");
    let schemes = take("schemes");
    let servers = servers(host.clone(), take("basePath"), schemes.clone());
    let document = operation::Defaults {
        schemes: host.map(|_| web_schemes(schemes.as_ref())),
        consumes: operation::media_types(take("consumes")).unwrap_or_default(),
        produces: operation::media_types(take("produces")).unwrap_or_default(),
        parameters: match take("parameters") {
            Some(Value::Object(parameters)) => parameters,
            _ => Map::new(),
        },
    };
    let definitions = take("definitions");
    let responses = take("responses");
    let security = take("securityDefinitions");
    take("swagger");
    // The document's other members keep their place; `servers` follows `info`, as 3.0 writes it.
    top.insert("openapi".into(), json!("3.0.3"));
    let mut servers = Some(servers).filter(|s| !s.is_empty());
    for (key, member) in original {
        let info = key == "info";
        top.insert(key, member);
        if info && let Some(servers) = servers.take() {
            top.insert("servers".into(), Value::Array(servers));
        }
    }
    if let Some(servers) = servers {
        top.insert("servers".into(), Value::Array(servers));
    }

    let mut components = Map::new();
    if let Some(definitions @ Value::Object(_)) = definitions {
        origins.converted("/components/schemas".into(), "/definitions".into());
        components.insert("schemas".into(), definitions);
    }
    // A shared body or form parameter is read where an operation uses it: 3.0 has no parameter
    // for it.
    let mut kept = Map::new();
    for (name, parameter) in &document.parameters {
        if !operation::is_body(parameter) {
            let (to, from) = (
                crate::diag::pointer(&["components", "parameters", name]),
                crate::diag::pointer(&["parameters", name]),
            );
            kept.insert(name.clone(), operation::parameter(parameter.clone(), &to, &from, origins, &mut warnings));
        }
    }
    if !kept.is_empty() {
        components.insert("parameters".into(), Value::Object(kept));
    }
    if let Some(Value::Object(responses)) = responses {
        let mut converted = Map::new();
        for (name, response) in responses {
            let (to, from) = (
                crate::diag::pointer(&["components", "responses", &name]),
                crate::diag::pointer(&["responses", &name]),
            );
            let response = operation::response(response, &document.produces, &to, &from, origins);
            converted.insert(name, response);
        }
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = security {
        origins.converted("/components/securitySchemes".into(), "/securityDefinitions".into());
        let schemes = schemes.into_iter().map(|(name, scheme)| (name, security_scheme(scheme))).collect();
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    if !components.is_empty() {
        top.insert("components".into(), Value::Object(components));
    }
    if let Some(Value::Object(paths)) = top.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            if !path.starts_with("x-") {
                let at = crate::diag::pointer(&["paths", path]);
                operation::path_item(item, &at, &document, origins, &mut warnings);
            }
        }
    }
    schema::rewrite_references(value, Kind::One(Object::Document));
    (warnings, document)
}

/// The 2.0 parts bundling brought from other files (a path item, a shared response or
/// parameter of `paths/pets.yaml`), read as the root's were; what was already read is left as it
/// is. A shared body or form parameter leaves the parameters: the operations that use it take it
/// as their body.
pub fn after_bundling(value: &mut Value, document: &Defaults, origins: &mut Origins) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut document = document.clone();
    if let Some(Value::Object(parameters)) = value.pointer_mut("/components/parameters") {
        let bodies: Vec<String> =
            parameters.iter().filter(|(_, p)| operation::is_body(p)).map(|(name, _)| name.clone()).collect();
        for name in bodies {
            if let Some(body) = parameters.shift_remove(&name) {
                document.parameters.insert(name, body);
            }
        }
        for (name, parameter) in parameters.iter_mut() {
            let at = crate::diag::pointer(&["components", "parameters", name]);
            *parameter = operation::parameter(std::mem::take(parameter), &at, &at, origins, &mut warnings);
        }
    }
    if let Some(Value::Object(responses)) = value.pointer_mut("/components/responses") {
        for (name, response) in responses.iter_mut() {
            let at = crate::diag::pointer(&["components", "responses", name]);
            *response = operation::response(std::mem::take(response), &document.produces, &at, &at, origins);
        }
    }
    if let Some(Value::Object(paths)) = value.get_mut("paths") {
        for (path, item) in paths.iter_mut().filter(|(path, _)| !path.starts_with("x-")) {
            let at = crate::diag::pointer(&["paths", path]);
            operation::path_item(item, &at, &document, origins, &mut warnings);
        }
    }
    warnings
}

/// 2.0's one host, base path and schemes as 3.0 servers: one per scheme, `https` first as 2.0
/// lists them; without a host, the base path alone (relative to where the document was found).
/// As written in the wild too: a base path without its leading `/`, a host with its scheme
/// (`https://api.x.com`, whose scheme stands in for `schemes`) or a trailing `/`.
fn servers(host: Option<Value>, base: Option<Value>, schemes: Option<Value>) -> Vec<Value> {
    let base = base.as_ref().and_then(Value::as_str).unwrap_or("").trim_matches('/');
    let base = if base.is_empty() { String::new() } else { format!("/{base}") };
    let Some(host) = host.as_ref().and_then(Value::as_str).filter(|h| !h.trim().is_empty()) else {
        return if base.is_empty() { Vec::new() } else { vec![json!({ "url": base })] };
    };
    let (written, host) = match host.split_once("://") {
        Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest),
        None => (None, host),
    };
    let host = host.trim_end_matches('/');
    let schemes = match (written, schemes) {
        (Some(scheme), None) => vec![scheme],
        (_, schemes) => web_schemes(schemes.as_ref()),
    };
    schemes.into_iter().map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") })).collect()
}

/// The HTTP schemes of a `schemes` list, in its order; without any, 2.0 means the one the
/// document was served over: https is the safe guess.
pub fn web_schemes(schemes: Option<&Value>) -> Vec<String> {
    let list = schemes.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let web: Vec<String> =
        list.iter().filter_map(Value::as_str).filter(|s| matches!(*s, "http" | "https")).map(str::to_string).collect();
    if web.is_empty() { vec!["https".into()] } else { web }
}

/// A 2.0 security definition as the 3.0 scheme that asks the caller for the same thing.
fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else { return scheme };
    let kind = scheme.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
    match kind.as_str() {
        "basic" => {
            scheme.insert("type".into(), json!("http"));
            scheme.insert("scheme".into(), json!("basic"));
        }
        "oauth2" => {
            let flow = scheme.remove("flow");
            let mut settings = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = scheme.remove(key) {
                    settings.insert(key.into(), url);
                }
            }
            settings.insert("scopes".into(), scheme.remove("scopes").unwrap_or_else(|| json!({})));
            let name = match flow.as_ref().and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            scheme.insert("flows".into(), json!({ name: settings }));
        }
        _ => {}
    }
    Value::Object(scheme)
}

#[cfg(test)]
mod tests;
