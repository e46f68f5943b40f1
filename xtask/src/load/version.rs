//! What a document is, read from the top of its plain value before the typed parse: Swagger 2.0,
//! OpenAPI 3.0 or 3.1, or something this generator does not read (another Swagger or OpenAPI
//! version, AsyncAPI, a bare JSON Schema, no document at all), refused with what it is and what
//! to do, instead of the typed parse's "missing field `openapi`".

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Swagger 2.0 (OpenAPI 2), read as 3.0.
    V20,
    V30,
    V31,
}

/// Why a document is refused, and where (a pointer into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub pointer: &'static str,
    pub message: String,
    pub hint: String,
}

/// Whether the value is the top of a document (it says which specification it follows), rather
/// than a fragment that other files refer to.
pub fn is_document(value: &Value) -> bool {
    value.as_object().is_some_and(|top| ["openapi", "swagger", "asyncapi"].iter().any(|key| top.contains_key(*key)))
}

pub fn recognize(value: &Value) -> Result<Version, Unsupported> {
    let top = value.as_object();
    let field = |key: &str| top.and_then(|t| t.get(key)).map(scalar_text);
    if let Some(openapi) = field("openapi") {
        return match openapi.as_str() {
            v if v.starts_with("3.0") => Ok(Version::V30),
            v if v.starts_with("3.1") => Ok(Version::V31),
            other => Err(Unsupported {
                pointer: "/openapi",
                message: format!("OpenAPI version {other} is not supported"),
                hint: "this generator reads OpenAPI 3.0.x and 3.1.x documents".into(),
            }),
        };
    }
    if let Some(swagger) = field("swagger") {
        return match swagger.as_str() {
            "2.0" | "2" => Ok(Version::V20),
            other => Err(Unsupported {
                pointer: "/swagger",
                message: format!("Swagger version {other} is not supported"),
                hint: "this generator reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x documents".into(),
            }),
        };
    }
    if let Some(asyncapi) = field("asyncapi") {
        return Err(Unsupported {
            pointer: "/asyncapi",
            message: format!("this is an AsyncAPI {asyncapi} document, not OpenAPI"),
            hint: "the generator reads OpenAPI 3.0 and 3.1 documents".into(),
        });
    }
    let what = match top {
        Some(top) if top.contains_key("$schema") => "a JSON Schema",
        Some(_) => "a YAML or JSON object",
        None => "not an object",
    };
    Err(Unsupported {
        pointer: "",
        message: format!("not an OpenAPI document: it has no `openapi` field at its top ({what})"),
        hint: "an OpenAPI document starts with `openapi: 3.0.x` or `3.1.x` (or `swagger: 2.0`); a file that other files refer to by `$ref` is read through them: pass the root document".into(),
    })
}

/// A version as written: YAML reads `openapi: 3.0` as a number.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_and_others() {
        assert_eq!(recognize(&json!({"openapi": "3.0.3"})), Ok(Version::V30));
        assert_eq!(recognize(&json!({"openapi": "3.1.1"})), Ok(Version::V31));
        assert_eq!(recognize(&json!({"openapi": 3.0})), Ok(Version::V30));
        assert_eq!(recognize(&json!({"swagger": "2.0"})), Ok(Version::V20));
        assert!(recognize(&json!({"swagger": "1.2"})).unwrap_err().message.contains("Swagger version 1.2"));
        assert!(recognize(&json!({"openapi": "4.0.0"})).unwrap_err().message.contains("4.0.0"));
        assert!(recognize(&json!({"type": "object"})).unwrap_err().message.contains("no `openapi` field"));
        assert!(recognize(&json!([1])).unwrap_err().message.contains("not an object"));
        assert!(is_document(&json!({"swagger": "2.0"})) && !is_document(&json!({"type": "object"})));
    }
}
