//! A 2.0 path item's operations as 3.0's: parameters that carry their own type keywords take a
//! `schema`, the body and form parameters become the request body, and responses' schemas are
//! served in the types the operation produces.

use crate::diag::push;
use serde_json::{Map, Value, json};

use super::Warning;
use crate::load::origins::Origins;

/// What the document says for every operation that does not say otherwise.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// The schemes the servers were made of, when the document names a host.
    pub schemes: Option<Vec<String>>,
    pub consumes: Vec<String>,
    pub produces: Vec<String>,
    /// The document's shared parameters, as written, for `$ref`s to a body or form parameter
    /// (`#/parameters/...`; after bundling, `#/components/parameters/...`).
    pub parameters: Map<String, Value>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// A parameter's keywords that belong to its value's schema in 3.0.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

fn location(parameter: &Value) -> &str {
    parameter.get("in").and_then(Value::as_str).unwrap_or_default()
}

/// A `consumes` or `produces` list, when there is one.
pub fn media_types(types: Option<Value>) -> Option<Vec<String>> {
    let Some(Value::Array(types)) = types else { return None };
    Some(types.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

/// A body or form parameter: part of 3.0's request body, not a parameter.
pub fn is_body(parameter: &Value) -> bool {
    matches!(location(parameter), "body" | "formData")
}

/// A parameter as written, or the shared one its `$ref` names, with the pointer it was written
/// at; `None` for a `$ref` this document does not hold (another file's, bundled later).
fn written<'a>(parameter: &'a Value, at: String, document: &'a Defaults) -> Option<(&'a Value, String)> {
    match parameter.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let (section, name) = match reference.strip_prefix("#/parameters/") {
                Some(name) => (&["parameters"][..], name),
                None => (&["components", "parameters"][..], reference.strip_prefix("#/components/parameters/")?),
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            let at = crate::diag::pointer(&[section, &[name.as_str()]].concat());
            document.parameters.get(&name).map(|p| (p, at))
        }
        None => Some((parameter, at)),
    }
}

/// The body and form parameters a path item gives each of its operations.
#[derive(Default, Clone)]
struct Bodies {
    body: Option<(Value, String)>,
    form: Vec<(Value, String)>,
}

pub fn path_item(item: &mut Value, at: &str, document: &Defaults, origins: &mut Origins, warnings: &mut Vec<Warning>) {
    let Value::Object(item) = item else { return };
    let mut shared = Bodies::default();
    if let Some(Value::Array(parameters)) = item.get_mut("parameters") {
        shared = parameters_of(parameters, &push(at, "parameters"), document, origins, warnings);
        if parameters.is_empty() {
            item.remove("parameters");
        }
    }
    for method in METHODS {
        if let Some(Value::Object(operation)) = item.get_mut(*method) {
            self::operation(operation, &push(at, method), &shared, document, origins, warnings);
        }
    }
}

/// Converts a list of parameters in place, taking out the body and form ones.
fn parameters_of(
    parameters: &mut Vec<Value>,
    at: &str,
    document: &Defaults,
    origins: &mut Origins,
    warnings: &mut Vec<Warning>,
) -> Bodies {
    let mut bodies = Bodies::default();
    let mut kept = Vec::new();
    for (i, parameter) in std::mem::take(parameters).into_iter().enumerate() {
        let from = push(at, &i.to_string());
        if let Some((written, source)) = written(&parameter, from.clone(), document)
            && is_body(written)
        {
            match location(written) {
                "body" => bodies.body = Some((written.clone(), source)),
                _ => bodies.form.push((written.clone(), source)),
            }
            continue;
        }
        let to = push(at, &kept.len().to_string());
        kept.push(self::parameter(parameter, &to, &from, origins, warnings));
    }
    *parameters = kept;
    bodies
}

fn operation(
    operation: &mut Map<String, Value>,
    at: &str,
    shared: &Bodies,
    document: &Defaults,
    origins: &mut Origins,
    warnings: &mut Vec<Warning>,
) {
    let consumes = media_types(operation.remove("consumes")).unwrap_or_else(|| document.consumes.clone());
    let produces = media_types(operation.remove("produces")).unwrap_or_else(|| document.produces.clone());
    // Where they say what the servers do (Kubernetes repeats `https` on every operation), or
    // there is no host to make servers of, there is nothing to lose.
    if let Some(own) = operation.remove("schemes")
        && let Some(servers) = &document.schemes
        && super::web_schemes(Some(&own)) != *servers
    {
        warnings.push((
            push(at, "schemes"),
            format!("the operation's own `schemes` ({own}) are not kept: it is called on the document's servers"),
        ));
    }
    let mut own = Bodies::default();
    if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
        own = parameters_of(parameters, &push(at, "parameters"), document, origins, warnings);
        if parameters.is_empty() {
            operation.remove("parameters");
        }
    }
    // The operation's own body replaces the path item's; form fields merge, its own winning.
    let body = own.body.or_else(|| shared.body.clone());
    let mut form = own.form;
    for field in &shared.form {
        if !form.iter().any(|(f, _)| f.get("name") == field.0.get("name")) {
            form.push(field.clone());
        }
    }
    let at_body = push(at, "requestBody");
    if let Some((body, from)) = body {
        if !form.is_empty() {
            warnings.push((
                from.clone(),
                "a body parameter and form parameters in one operation: the form fields are not sent".into(),
            ));
        }
        operation.insert("requestBody".into(), request_body(body, &from, &consumes, &at_body, origins));
    } else if !form.is_empty() {
        operation.insert("requestBody".into(), form_body(form, &consumes, &at_body, origins, warnings));
    }
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        for (code, response) in responses.iter_mut() {
            if !code.starts_with("x-") {
                let at = push(&push(at, "responses"), code);
                *response = self::response(std::mem::take(response), &produces, &at, &at, origins);
            }
        }
    }
}

/// An `in: body` parameter as the request body, in every type the operation consumes that is
/// not a form's.
fn request_body(parameter: Value, from: &str, consumes: &[String], at: &str, origins: &mut Origins) -> Value {
    let Value::Object(mut parameter) = parameter else { return json!({"content": {}}) };
    let schema = parameter.remove("schema").unwrap_or_else(|| json!({}));
    let mut types: Vec<&str> =
        consumes.iter().map(String::as_str).filter(|t| !t.starts_with(FORM) && !t.starts_with(MULTIPART)).collect();
    if types.is_empty() {
        types.push("application/json");
    }
    origins.converted(at.to_string(), from.to_string());
    let mut content = Map::new();
    for media in types {
        origins.converted(push(&push(&push(at, "content"), media), "schema"), push(from, "schema"));
        content.insert(media.to_string(), json!({ "schema": schema.clone() }));
    }
    let mut body = Map::new();
    for (key, member) in parameter {
        if key == "description" || key == "required" || key.starts_with("x-") {
            body.insert(key, member);
        }
    }
    body.insert("content".into(), Value::Object(content));
    Value::Object(body)
}

/// `in: formData` parameters as one form body: multipart where a field is a file or the
/// operation consumes only multipart, else URL-encoded.
fn form_body(
    fields: Vec<(Value, String)>,
    consumes: &[String],
    at: &str,
    origins: &mut Origins,
    warnings: &mut Vec<Warning>,
) -> Value {
    let has_file = fields.iter().any(|(f, _)| f.get("type").and_then(Value::as_str) == Some("file"));
    let says = |media: &str| consumes.iter().any(|t| t.starts_with(media));
    let media = if has_file || (says(MULTIPART) && !says(FORM)) { MULTIPART } else { FORM };
    let schema_at = push(&push(&push(at, "content"), media), "schema");
    let (mut properties, mut required, mut encoding) = (Map::new(), Vec::new(), Map::new());
    for (field, from) in fields {
        let Value::Object(mut field) = field else { continue };
        let name = field.remove("name").and_then(|n| n.as_str().map(str::to_string)).unwrap_or_default();
        if field.remove("required") == Some(json!(true)) {
            required.push(json!(name));
        }
        let collection = field.remove("collectionFormat");
        // `multi` is 3.0's default for a form field (`form`, exploded); without one, 2.0's `csv`.
        let format = collection.as_ref().and_then(Value::as_str).unwrap_or("csv");
        if media == FORM && field.get("type").and_then(Value::as_str) == Some("array") {
            let style = match format {
                "multi" => None,
                "ssv" => Some("spaceDelimited"),
                "pipes" => Some("pipeDelimited"),
                "csv" => Some("form"),
                other => {
                    let message = format!(
                        "`collectionFormat: {other}` has no form in a form body: its items are sent comma-separated"
                    );
                    warnings.push((push(&from, "collectionFormat"), message));
                    Some("form")
                }
            };
            if let Some(style) = style {
                encoding.insert(name.clone(), json!({ "style": style, "explode": false }));
            }
        }
        let to = push(&push(&schema_at, "properties"), &name);
        origins.converted(to, from);
        let mut property = Map::new();
        for (key, member) in field {
            if SCHEMA_KEYWORDS.contains(&key.as_str()) || key == "description" || key.starts_with("x-") {
                property.insert(key, member);
            }
        }
        properties.insert(name, Value::Object(property));
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    let mut media_type = json!({ "schema": schema });
    if !encoding.is_empty() {
        media_type["encoding"] = Value::Object(encoding);
    }
    let mut body = json!({ "content": { media: media_type } });
    if !required.is_empty() {
        body["required"] = json!(true);
    }
    body
}

/// A non-body parameter written at `from`, now at `at` (a shared one, or one of an
/// operation's): its type keywords its schema, its `collectionFormat` a style.
pub fn parameter(parameter: Value, at: &str, from: &str, origins: &mut Origins, warnings: &mut Vec<Warning>) -> Value {
    let Value::Object(written) = parameter else { return parameter };
    if at != from {
        origins.converted(at.to_string(), from.to_string());
    }
    // A `$ref`, or one already read as 3.0 (its schema its own).
    if written.contains_key("$ref") || written.contains_key("schema") || written.contains_key("content") {
        return Value::Object(written);
    }
    let place = written.get("in").and_then(Value::as_str).unwrap_or_default().to_string();
    let (mut out, mut schema) = (Map::new(), Map::new());
    let mut collection = None;
    for (key, member) in written {
        match key.as_str() {
            "collectionFormat" => collection = member.as_str().map(str::to_string),
            // Nullability is the value's: `read_schemas` reads it there.
            _ if SCHEMA_KEYWORDS.contains(&key.as_str()) || key == "x-nullable" || key == "x-isnullable" => {
                schema.insert(key, member);
            }
            _ => {
                out.insert(key, member);
            }
        }
    }
    if let Some(Value::Object(items)) = schema.get_mut("items") {
        items.remove("collectionFormat"); // nested arrays are sent as their outer format says
    }
    if schema.get("type").and_then(Value::as_str) == Some("array") {
        let format = collection.as_deref().unwrap_or("csv");
        match (place.as_str(), format) {
            ("query", "csv") => style(&mut out, "form", false),
            ("query", "ssv") => style(&mut out, "spaceDelimited", false),
            ("query", "pipes") => style(&mut out, "pipeDelimited", false),
            ("query", "multi") => style(&mut out, "form", true),
            ("query", "tsv") => {
                style(&mut out, "form", false);
                out.insert("x-collection-format".into(), json!("tsv"));
            }
            (_, "csv") => {}
            (_, other) => warnings.push((
                push(from, "collectionFormat"),
                format!(
                    "`collectionFormat: {other}` has no form in a {place} parameter: its items are sent comma-separated"
                ),
            )),
        }
    }
    origins.converted(push(at, "schema"), from.to_string());
    out.insert("schema".into(), Value::Object(schema));
    Value::Object(out)
}

fn style(parameter: &mut Map<String, Value>, style: &str, explode: bool) {
    parameter.insert("style".into(), json!(style));
    parameter.insert("explode".into(), json!(explode));
}

/// A response written at `from`, now at `at`: its schema served in each type the operation produces (JSON
/// when it says none; a file, `application/octet-stream`), its headers' type keywords their
/// schemas.
pub fn response(response: Value, produces: &[String], at: &str, from: &str, origins: &mut Origins) -> Value {
    let Value::Object(mut written) = response else { return response };
    if at != from {
        origins.converted(at.to_string(), from.to_string());
    }
    // A `$ref`, or one with nothing of 2.0's to read (3.0's already).
    let headers_of_20 = written
        .get("headers")
        .and_then(Value::as_object)
        .is_some_and(|h| h.values().any(|h| h.get("schema").is_none() && h.get("type").is_some()));
    if written.contains_key("$ref")
        || !(written.contains_key("schema") || written.contains_key("examples") || headers_of_20)
    {
        return Value::Object(written);
    }
    let schema = written.remove("schema");
    let examples = written.remove("examples");
    let mut out = Map::new();
    out.insert("description".into(), written.remove("description").unwrap_or_else(|| json!("")));
    if let Some(Value::Object(headers)) = written.remove("headers") {
        let mut converted = Map::new();
        for (name, header) in headers {
            let header_at = push(&push(at, "headers"), &name);
            let header_from = push(&push(from, "headers"), &name);
            let Value::Object(header) = header else { continue };
            let (mut kept, mut schema) = (Map::new(), Map::new());
            for (key, member) in header {
                if SCHEMA_KEYWORDS.contains(&key.as_str()) {
                    schema.insert(key, member);
                } else if key != "collectionFormat" {
                    kept.insert(key, member);
                }
            }
            origins.converted(push(&header_at, "schema"), header_from);
            kept.insert("schema".into(), Value::Object(schema));
            converted.insert(name, Value::Object(kept));
        }
        out.insert("headers".into(), Value::Object(converted));
    }
    if let Some(schema) = schema {
        let file = schema.get("type").and_then(Value::as_str) == Some("file");
        let types: Vec<String> = match produces {
            [] if file => vec!["application/octet-stream".into()],
            [] => vec!["application/json".into()],
            types => types.to_vec(),
        };
        let mut content = Map::new();
        for media in types {
            origins.converted(push(&push(&push(at, "content"), &media), "schema"), push(from, "schema"));
            let mut media_type = json!({ "schema": schema.clone() });
            if let Some(example) = examples.as_ref().and_then(|e| e.get(&media)) {
                media_type["example"] = example.clone();
            }
            content.insert(media, media_type);
        }
        out.insert("content".into(), Value::Object(content));
    }
    out.extend(written); // extensions, kept as data
    Value::Object(out)
}
