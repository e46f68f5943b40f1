//! The older rendering of Infisical's docs: the fenced block is not an OpenAPI document but
//! `paths: { path, method, request: {...}, response: {...} }`, with each property wrapped in a
//! one-member `allOf`. We rewrite it into an OpenAPI 3.0 document (as JSON) so that every later stage
//! sees one model.

use serde_json::{Map, Value, json};

/// Whether a parsed block is in the older rendering.
pub fn is_legacy(value: &Value) -> bool {
    let paths = &value["paths"];
    paths.get("path").is_some_and(Value::is_string) && paths.get("method").is_some_and(Value::is_string)
}

/// An error while rewriting: a JSON pointer into the block and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyError {
    pub pointer: String,
    pub message: String,
}

fn error(pointer: &str, message: impl Into<String>) -> LegacyError {
    LegacyError { pointer: pointer.to_string(), message: message.into() }
}

pub fn to_openapi(value: &Value, title: Option<&str>, summary: Option<&str>) -> Result<Value, LegacyError> {
    let paths = &value["paths"];
    let path = paths["path"].as_str().unwrap_or_default();
    let method = paths["method"].as_str().unwrap_or_default().to_ascii_lowercase();

    let mut operation = Map::new();
    if let Some(summary) = summary {
        operation.insert("description".into(), json!(summary));
    }
    if let Some(title) = title {
        operation.insert("summary".into(), json!(title));
    }
    if paths["deprecated"].as_bool() == Some(true) {
        operation.insert("deprecated".into(), json!(true));
    }
    let request = &paths["request"];
    if request["security"].as_array().is_some_and(|s| !s.is_empty()) {
        operation.insert("security".into(), json!([{ "bearerAuth": [] }]));
    }
    let parameters = parameters(&request["parameters"])?;
    if !parameters.is_empty() {
        operation.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = request_body(&request["body"])? {
        operation.insert("requestBody".into(), body);
    }
    operation.insert("responses".into(), responses(&paths["response"])?);

    let mut document = json!({
        "openapi": "3.0.3",
        "info": { "title": "", "version": "" },
        "paths": { path: { method: Value::Object(operation) } },
        "components": {
            "securitySchemes": { "bearerAuth": { "type": "http", "scheme": "bearer" } }
        },
    });
    if let Some(servers) = paths.get("servers") {
        document["servers"] = servers.clone();
    }
    if let Some(schemas) = value.pointer("/components/schemas").and_then(Value::as_object) {
        let schemas: Map<String, Value> = schemas.iter().map(|(k, v)| (k.clone(), schema(v))).collect();
        document["components"]["schemas"] = Value::Object(schemas);
    }
    Ok(document)
}

fn parameters(value: &Value) -> Result<Vec<Value>, LegacyError> {
    let mut out = Vec::new();
    for location in ["path", "query", "header", "cookie"] {
        let Some(map) = value.get(location).and_then(Value::as_object) else { continue };
        for (name, parameter) in map {
            let pointer = format!("/paths/request/parameters/{location}/{name}");
            let mut raw = match &parameter["schema"] {
                Value::Array(items) if items.len() == 1 => items[0].clone(),
                Value::Array(items) if items.is_empty() => json!({}),
                Value::Array(items) => json!({ "anyOf": items }),
                Value::Object(_) => parameter["schema"].clone(),
                _ => return Err(error(&pointer, "a parameter without a `schema` list")),
            };
            let object = raw.as_object_mut().ok_or_else(|| error(&pointer, "a schema that is not a mapping"))?;
            let required = object.remove("required").and_then(|r| r.as_bool()).unwrap_or(location == "path");
            let description = object.remove("description");
            let mut param = json!({
                "name": name,
                "in": location,
                "required": required || location == "path",
                "schema": schema(&raw),
            });
            if let Some(description) = description {
                param["description"] = description;
            }
            out.push(param);
        }
    }
    Ok(out)
}

fn request_body(value: &Value) -> Result<Option<Value>, LegacyError> {
    let Some(map) = value.as_object().filter(|m| !m.is_empty()) else { return Ok(None) };
    let mut content = Map::new();
    let mut required = false;
    for (mime, media) in map {
        let pointer = format!("/paths/request/body/{mime}");
        let schema = schema_array(&media["schemaArray"], &pointer)?;
        required |= media["schemaArray"][0]["required"].as_bool() == Some(true);
        content.insert(mime.clone(), json!({ "schema": schema }));
    }
    Ok(Some(json!({ "required": required, "content": content })))
}

fn responses(value: &Value) -> Result<Value, LegacyError> {
    let mut out = Map::new();
    let Some(map) = value.as_object() else { return Ok(Value::Object(out)) };
    for (status, entry) in map {
        let Some(entry) = entry.as_object() else {
            return Err(error(&format!("/paths/response/{status}"), "a response that is not a mapping"));
        };
        let mut response = Map::new();
        let description = entry.get("description").and_then(Value::as_str).unwrap_or("");
        response.insert("description".into(), json!(description));
        let mut content = Map::new();
        for (mime, media) in entry.iter().filter(|(k, _)| k.contains('/')) {
            let pointer = format!("/paths/response/{status}/{mime}");
            content.insert(mime.clone(), json!({ "schema": schema_array(&media["schemaArray"], &pointer)? }));
        }
        if !content.is_empty() {
            response.insert("content".into(), Value::Object(content));
        }
        out.insert(status.clone(), Value::Object(response));
    }
    Ok(Value::Object(out))
}

fn schema_array(value: &Value, pointer: &str) -> Result<Value, LegacyError> {
    match value {
        Value::Array(items) if items.len() == 1 => Ok(schema(&items[0])),
        Value::Array(items) if !items.is_empty() => {
            Ok(json!({ "anyOf": items.iter().map(schema).collect::<Vec<_>>() }))
        }
        _ => Err(error(pointer, "expected a non-empty `schemaArray` list")),
    }
}

/// Rewrites one schema: `requiredProperties` becomes `required`, a boolean `required` (a marker on
/// the top-level schema) goes, and a one-member `allOf` wrapper is unwrapped into its member.
fn schema(value: &Value) -> Value {
    let Some(object) = value.as_object() else { return value.clone() };
    let mut out = Map::new();
    for (key, member) in object {
        match key.as_str() {
            "required" if member.is_boolean() => {}
            "requiredProperties" => {
                out.insert("required".into(), member.clone());
            }
            "properties" => {
                let properties = member
                    .as_object()
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), schema(v))).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(properties));
            }
            "items" | "not" | "additionalProperties" => {
                out.insert(key.clone(), schema(member));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let members = member.as_array().map(|m| m.iter().map(schema).collect()).unwrap_or_default();
                out.insert(key.clone(), Value::Array(members));
            }
            _ => {
                out.insert(key.clone(), member.clone());
            }
        }
    }
    unwrap_single_all_of(out)
}

fn unwrap_single_all_of(mut out: Map<String, Value>) -> Value {
    let member = match out.get_mut("allOf") {
        Some(Value::Array(members)) if members.len() == 1 && members[0].is_object() => members.pop(),
        _ => None,
    };
    let Some(Value::Object(mut inner)) = member else { return Value::Object(out) };
    out.remove("allOf");
    // The wrapper's own keys (a description next to the allOf) win over the member's.
    for (key, value) in out {
        inner.insert(key, value);
    }
    Value::Object(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_one_member_all_of_and_renames_required_properties() {
        let legacy = json!({
            "type": "object",
            "required": true,
            "requiredProperties": ["a"],
            "properties": { "a": { "allOf": [{ "type": "string" }] } }
        });
        assert_eq!(
            schema(&legacy),
            json!({ "type": "object", "required": ["a"], "properties": { "a": { "type": "string" } } })
        );
    }
}
