//! `--emit-openapi`: the resolved model written back as one clean OpenAPI 3.0 document. It is made
//! from the IR, not from the input, so it says what the generated crate reads: one operation per
//! operation, one component per deduplicated type, tagged unions as `oneOf` with the tag's enum in
//! each variant, untagged ones as `anyOf`, constants as single-value enums, `Nullable` as nullable
//! and maps as `additionalProperties`. It is what a user of a scraped API gets as one document, and
//! what the contract suite (`tests/contract.rs`) hands Prism where the raw pages are no document
//! Prism can read.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::ir::{Api, Field, Operation, Param, ParamLocation, Presence, TypeDef, TypeKind, TypeRef, Union};

/// The document as pretty-printed JSON, or YAML when `yaml` is set, ending with a newline.
pub fn text(api: &Api, yaml: bool) -> String {
    let document = document(api);
    if yaml {
        // A `Value` of strings, numbers and maps always serializes.
        serde_yaml::to_string(&document).unwrap_or_default()
    } else {
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The OpenAPI 3.0 document of `api`.
pub fn document(api: &Api) -> Value {
    let writer = Writer::new(api);
    let mut info = Map::new();
    info.insert("title".into(), json!(api.title));
    if let Some(description) = &api.description {
        info.insert("description".into(), json!(description));
    }
    info.insert("version".into(), json!(api.version));

    let mut paths: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    let ids = operation_ids(&api.operations);
    for (op, id) in api.operations.iter().zip(&ids) {
        paths.entry(op.path.as_str()).or_default().insert(op.method.to_lowercase(), writer.operation(op, id));
    }
    let schemas: Map<String, Value> = api.types.iter().map(|t| (t.name.clone(), writer.type_def(t))).collect();

    let mut document = Map::new();
    document.insert("openapi".into(), json!("3.0.3"));
    document.insert("info".into(), Value::Object(info));
    if !api.servers.is_empty() {
        let servers = api.servers.iter().map(|s| {
            let mut server = Map::new();
            server.insert("url".into(), json!(s.url));
            if let Some(description) = &s.description {
                server.insert("description".into(), json!(description));
            }
            Value::Object(server)
        });
        document.insert("servers".into(), Value::Array(servers.collect()));
    }
    document.insert(
        "paths".into(),
        Value::Object(paths.into_iter().map(|(k, v)| (k.to_string(), Value::Object(v))).collect()),
    );
    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(schemas));
    if !api.schemes.is_empty() {
        let schemes = api.schemes.iter().map(|s| (s.name.clone(), scheme(s)));
        components.insert("securitySchemes".into(), Value::Object(schemes.collect()));
    }
    document.insert("components".into(), Value::Object(components));
    Value::Object(document)
}

/// A security scheme as OpenAPI writes it.
fn scheme(scheme: &crate::ir::Scheme) -> Value {
    use crate::ir::{KeyPlace, SchemeKind};
    let mut out = match &scheme.kind {
        SchemeKind::Bearer => json!({ "type": "http", "scheme": "bearer" }),
        SchemeKind::Basic => json!({ "type": "http", "scheme": "basic" }),
        SchemeKind::ApiKey { place, wire } => {
            let place = match place {
                KeyPlace::Header => "header",
                KeyPlace::Query => "query",
                KeyPlace::Cookie => "cookie",
            };
            json!({ "type": "apiKey", "in": place, "name": wire })
        }
        SchemeKind::ClientCredentials { token_url, scopes } => {
            let scopes: Map<String, Value> = scopes.iter().map(|s| (s.clone(), json!(""))).collect();
            json!({ "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": token_url, "scopes": scopes } } })
        }
        // What the caller supplies is a bearer token, whatever gave it to them.
        SchemeKind::Token { .. } => json!({ "type": "http", "scheme": "bearer" }),
    };
    if let (Some(doc), Value::Object(map)) = (&scheme.doc, &mut out) {
        map.insert("description".into(), json!(doc));
    }
    out
}

/// An `operationId` per operation, unique in the document: the spec's own where it has one, else
/// the method's name, qualified by its group where two would meet.
fn operation_ids(operations: &[Operation]) -> Vec<String> {
    let first: Vec<String> =
        operations.iter().map(|op| op.operation_id.clone().unwrap_or_else(|| op.name.clone())).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &first {
        *count.entry(id.as_str()).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    operations
        .iter()
        .zip(&first)
        .map(|(op, id)| {
            let mut id = if count[id.as_str()] > 1 {
                format!("{}_{}", op.group.as_deref().unwrap_or_default(), id)
            } else {
                id.clone()
            };
            // Still taken (an id that looks like another's qualified one): number it.
            let base = id.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}_{n}");
                n += 1;
            }
            id
        })
        .collect()
}

struct Writer<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
    /// Groups' labels by module: the tag an untagged operation is written with.
    labels: BTreeMap<&'a str, &'a str>,
    /// Groups' origins by module, written beside a tag that was not one.
    origins: BTreeMap<&'a str, crate::ir::GroupOrigin>,
}

impl<'a> Writer<'a> {
    fn new(api: &'a Api) -> Self {
        Writer {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            labels: api.groups.iter().map(|g| (g.module.as_str(), g.label.as_str())).collect(),
            origins: api.groups.iter().map(|g| (g.module.as_str(), g.origin)).collect(),
        }
    }
}

impl Writer<'_> {
    fn operation(&self, op: &Operation, id: &str) -> Value {
        let mut out = Map::new();
        out.insert("operationId".into(), json!(id));
        if !op.tags.is_empty() {
            out.insert("tags".into(), json!(op.tags));
        } else if let Some(group) = &op.group {
            out.insert("tags".into(), json!([self.labels.get(group.as_str()).copied().unwrap_or(group)]));
        }
        // Every time, so that a document read back and written again keeps it.
        let origin = op.group.as_deref().and_then(|g| self.origins.get(g)).copied();
        if let Some(origin) = origin.filter(|o| *o != crate::ir::GroupOrigin::Tag) {
            out.insert(crate::ir::GroupOrigin::EXTENSION.into(), json!(origin.name()));
        }
        if let Some(summary) = &op.summary {
            out.insert("summary".into(), json!(summary));
        }
        // The other paths the spec bound this operation to: OpenAPI has no word for them, and an
        // operationId may not repeat.
        if !op.aliases.is_empty() {
            out.insert("x-aliases".into(), json!(op.aliases));
        }
        if let Some(doc) = &op.doc {
            out.insert("description".into(), json!(doc));
        }
        if op.deprecated {
            out.insert("deprecated".into(), json!(true));
        }
        if !op.params.is_empty() {
            out.insert("parameters".into(), Value::Array(op.params.iter().map(|p| self.parameter(p)).collect()));
        }
        if let Some(body) = &op.body {
            // Every media type the body may be sent as, each with its encoding.
            let mut content = Map::new();
            for body in std::iter::once(body).chain(&op.other_bodies) {
                let mut media = Map::new();
                media.insert("schema".into(), self.schema(&body.ty));
                if !body.encoding.is_empty() {
                    let encoding: Map<String, Value> =
                        body.encoding.iter().map(|e| (e.property.clone(), encoding(e))).collect();
                    media.insert("encoding".into(), Value::Object(encoding));
                }
                content.insert(body.content_type.clone(), Value::Object(media));
            }
            out.insert("requestBody".into(), json!({ "required": body.required, "content": content }));
        }
        let mut responses = Map::new();
        for response in &op.responses {
            let mut one = Map::new();
            one.insert(
                "description".into(),
                json!(response.doc.clone().unwrap_or_else(|| format!("status {}", response.status))),
            );
            if let Some(ty) = &response.ty {
                let media = match response.kind {
                    crate::ir::MediaKind::Text => "text/plain",
                    crate::ir::MediaKind::Binary => "application/octet-stream",
                    _ => "application/json",
                };
                one.insert("content".into(), json!({ media: { "schema": self.schema(ty) } }));
            }
            if !response.headers.is_empty() {
                let headers: Map<String, Value> =
                    response.headers.iter().map(|h| (h.wire.clone(), self.header(h))).collect();
                one.insert("headers".into(), Value::Object(headers));
            }
            responses.insert(response.status.clone(), Value::Object(one));
        }
        if responses.is_empty() {
            responses.insert("default".into(), json!({ "description": "no response is declared" }));
        }
        out.insert("responses".into(), Value::Object(responses));
        if let Some(security) = &op.security {
            let alternatives = security
                .iter()
                .map(|schemes| Value::Object(schemes.iter().map(|name| (name.clone(), json!([]))).collect()));
            out.insert("security".into(), Value::Array(alternatives.collect()));
        }
        Value::Object(out)
    }

    /// A redirect's header. `Set-Cookie` is read as every cookie set, one per line; its schema is
    /// one line's.
    fn header(&self, h: &crate::ir::ResponseHeader) -> Value {
        let ty = match &h.ty {
            TypeRef::Array(item) if h.wire.eq_ignore_ascii_case("set-cookie") => &**item,
            other => other,
        };
        let mut out = Map::new();
        if let Some(doc) = &h.doc {
            out.insert("description".into(), json!(doc));
        }
        out.insert("required".into(), json!(h.required));
        out.insert("schema".into(), self.schema(ty));
        Value::Object(out)
    }

    fn parameter(&self, p: &Param) -> Value {
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let mut out = Map::new();
        out.insert("name".into(), json!(p.wire));
        out.insert("in".into(), json!(location));
        if let Some(doc) = &p.doc {
            out.insert("description".into(), json!(doc));
        }
        out.insert("required".into(), json!(p.required || p.location == ParamLocation::Path));
        // The style the client lays the value out by (`templates/runtime/wire.rs`).
        let (style, explode) = p.layout();
        if style == crate::ir::ParamStyle::TabDelimited {
            // 3.0 has no style for it: a form array, and the 2.0 format as data.
            out.insert("x-collection-format".into(), json!("tsv"));
        }
        let style = match style {
            crate::ir::ParamStyle::TabDelimited => "form".to_string(),
            style => serde_json::to_value(style).ok().and_then(|v| v.as_str().map(camel)).unwrap_or_default(),
        };
        out.insert("style".into(), json!(style));
        out.insert("explode".into(), json!(explode));
        out.insert("schema".into(), self.schema(&p.ty));
        Value::Object(out)
    }

    fn type_def(&self, def: &TypeDef) -> Value {
        let mut schema = match &def.kind {
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                object.insert("type".into(), json!("object"));
                let mut properties = Map::new();
                let mut required = Vec::new();
                let mut flattened = Vec::new();
                if let Some(tag) = &s.tag {
                    properties.insert(tag.property.clone(), json!({ "type": "string", "enum": [tag.value] }));
                    required.push(tag.property.clone());
                }
                for field in &s.fields {
                    if field.flatten {
                        flattened.push(self.schema(&field.ty));
                        continue;
                    }
                    properties.insert(field.wire.clone(), self.field(field));
                    if matches!(field.presence, Presence::Required | Presence::Nullable) {
                        required.push(field.wire.clone());
                    }
                }
                if !properties.is_empty() {
                    object.insert("properties".into(), Value::Object(properties));
                }
                if !required.is_empty() {
                    object.insert("required".into(), json!(required));
                }
                if flattened.is_empty() {
                    Value::Object(object)
                } else {
                    // The struct's own members and the union its flattened field holds, both at once.
                    let mut all = vec![Value::Object(object)];
                    all.extend(flattened);
                    json!({ "allOf": all })
                }
            }
            TypeKind::Enum(e) => {
                json!({ "type": "string", "enum": e.values.iter().map(|v| v.wire.clone()).collect::<Vec<_>>() })
            }
            TypeKind::Union(u) => self.union(u),
            TypeKind::Alias { target } => self.schema(target),
        };
        if let Value::Object(object) = &mut schema {
            if let Some(doc) = &def.doc {
                object.insert("description".into(), json!(doc));
            }
            if def.deprecated {
                object.insert("deprecated".into(), json!(true));
            }
        }
        schema
    }

    /// A tagged union: each variant is its type plus the tag with its one value, so that exactly
    /// one matches. Untagged: `anyOf`, as serde tries the variants in order and takes the first.
    fn union(&self, u: &Union) -> Value {
        match &u.tag {
            Some(tag) => {
                let variants = u.variants.iter().map(|v| {
                    let value = v.tag_value.clone().unwrap_or_else(|| v.name.clone());
                    let tag_part = json!({ "type": "object", "required": [tag], "properties": { tag.clone(): { "type": "string", "enum": [value] } } });
                    let mut variant = json!({ "allOf": [self.schema(&v.ty), tag_part] });
                    if let (Some(doc), Value::Object(object)) = (&v.doc, &mut variant) {
                        object.insert("description".into(), json!(doc));
                    }
                    variant
                });
                json!({ "oneOf": variants.collect::<Vec<_>>() })
            }
            None => json!({ "anyOf": u.variants.iter().map(|v| self.schema(&v.ty)).collect::<Vec<_>>() }),
        }
    }

    fn field(&self, field: &Field) -> Value {
        let mut schema = match &field.value {
            // A constant: its one value.
            Some(value) => {
                let kind = match value {
                    Value::Bool(_) => "boolean",
                    Value::Number(n) if n.is_f64() => "number",
                    Value::Number(_) => "integer",
                    _ => "string",
                };
                json!({ "type": kind, "enum": [value] })
            }
            None => self.schema(&field.ty),
        };
        if matches!(field.presence, Presence::Nullable | Presence::OptionalNullable) {
            schema = self.nullable(schema, &field.ty);
        }
        if let Value::Object(object) = &mut schema {
            if let Some(doc) = &field.doc {
                object.insert("description".into(), json!(doc));
            }
            if field.deprecated {
                object.insert("deprecated".into(), json!(true));
            }
        }
        schema
    }

    /// `schema` that also admits `null`. OpenAPI 3.0 has no `null` type and ignores siblings of a
    /// `$ref`, and readers (Prism among them) only honour `nullable` next to a `type`; so a
    /// reference becomes `anyOf` of the reference and a schema that is only `null`: nullable of a
    /// type, but not that type (`enum: [null]` would do too, but Prism's reader adds a second
    /// `null` to it, which AJV refuses as a schema).
    fn nullable(&self, mut schema: Value, ty: &TypeRef) -> Value {
        match &mut schema {
            Value::Object(object) if object.contains_key("type") && !object.contains_key("$ref") => {
                object.insert("nullable".into(), json!(true));
                if let Some(Value::Array(values)) = object.get_mut("enum")
                    && !values.contains(&Value::Null)
                {
                    values.push(Value::Null);
                }
                schema
            }
            _ => {
                let kind = self.json_type(ty).unwrap_or("object");
                json!({ "anyOf": [schema, { "type": kind, "nullable": true, "not": { "type": kind } }] })
            }
        }
    }

    /// The JSON type of a type's values, when it has one.
    fn json_type(&self, ty: &TypeRef) -> Option<&'static str> {
        match ty {
            TypeRef::String
            | TypeRef::Secret
            | TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uri
            | TypeRef::Binary => Some("string"),
            TypeRef::Boolean => Some("boolean"),
            TypeRef::I32 | TypeRef::I64 => Some("integer"),
            TypeRef::F64 => Some("number"),
            TypeRef::Any => None,
            TypeRef::Array(_) => Some("array"),
            TypeRef::Map(_) => Some("object"),
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => self.json_type(inner),
            TypeRef::Named(name) => match &self.types.get(name.as_str())?.kind {
                TypeKind::Struct(_) => Some("object"),
                TypeKind::Enum(_) => Some("string"),
                TypeKind::Alias { target } => self.json_type(target),
                TypeKind::Union(u) => {
                    let mut kinds = u.variants.iter().map(|v| self.json_type(&v.ty));
                    let first = kinds.next()??;
                    kinds.all(|k| k == Some(first)).then_some(first)
                }
            },
        }
    }

    fn schema(&self, ty: &TypeRef) -> Value {
        match ty {
            TypeRef::String => json!({ "type": "string" }),
            // A credential: OpenAPI's hint for values to hide.
            TypeRef::Secret => json!({ "type": "string", "format": "password" }),
            TypeRef::Boolean => json!({ "type": "boolean" }),
            TypeRef::I32 => json!({ "type": "integer", "format": "int32" }),
            TypeRef::I64 => json!({ "type": "integer", "format": "int64" }),
            TypeRef::F64 => json!({ "type": "number", "format": "double" }),
            TypeRef::Uuid => json!({ "type": "string", "format": "uuid" }),
            TypeRef::DateTime => json!({ "type": "string", "format": "date-time" }),
            TypeRef::Date => json!({ "type": "string", "format": "date" }),
            TypeRef::Uri => json!({ "type": "string", "format": "uri" }),
            TypeRef::Binary => json!({ "type": "string", "format": "binary" }),
            TypeRef::Any => json!({}),
            TypeRef::Named(name) => json!({ "$ref": format!("#/components/schemas/{name}") }),
            TypeRef::Array(item) => json!({ "type": "array", "items": self.schema(item) }),
            TypeRef::Map(value) => json!({ "type": "object", "additionalProperties": self.schema(value) }),
            TypeRef::Boxed(inner) => self.schema(inner),
            TypeRef::Nullable(inner) => self.nullable(self.schema(inner), inner),
        }
    }
}

/// A form or multipart property's encoding, as the spec wrote it.
fn encoding(e: &crate::ir::Encoding) -> Value {
    let mut out = Map::new();
    if let Some(content_type) = &e.content_type {
        out.insert("contentType".into(), json!(content_type));
    }
    if let Some(style) = e.style {
        out.insert(
            "style".into(),
            serde_json::to_value(style).map(|v| json!(camel(v.as_str().unwrap_or_default()))).unwrap_or_default(),
        );
    }
    if let Some(explode) = e.explode {
        out.insert("explode".into(), json!(explode));
    }
    Value::Object(out)
}

/// `deep_object` → `deepObject`.
fn camel(snake: &str) -> String {
    heck::ToLowerCamelCase::to_lower_camel_case(snake)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Api {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name);
        crate::codegen::analyse(&[path]).unwrap().api
    }

    #[test]
    fn tagged_unions_carry_their_tag_value_in_each_variant() {
        let document = document(&fixture("nested_union.md"));
        let outer = &document["components"]["schemas"]["ListAppConnectionsResponseAppConnection"];
        assert_eq!(
            outer["oneOf"][0]["allOf"][0],
            json!({ "$ref": "#/components/schemas/ListAppConnectionsResponseAppConnectionGithub" })
        );
        assert_eq!(outer["oneOf"][0]["allOf"][1]["properties"]["app"]["enum"], json!(["github"]));
        assert_eq!(outer["oneOf"][1]["allOf"][1]["required"], json!(["app"]));
    }

    #[test]
    fn constants_are_single_value_enums_and_nullable_references_admit_null() {
        let api = fixture("constants.md");
        let document = document(&api);
        let request = &document["components"]["schemas"]["CreateTokenRequest"];
        assert_eq!(request["properties"]["type"]["enum"], json!(["service-token"]), "{request:#}");
        let writer = Writer::new(&api);
        let reference =
            writer.nullable(json!({ "$ref": "#/components/schemas/X" }), &TypeRef::Named("CreateTokenRequest".into()));
        assert_eq!(reference["anyOf"][1], json!({ "type": "object", "nullable": true, "not": { "type": "object" } }));
        let scalar = writer.nullable(json!({ "type": "string", "enum": ["a"] }), &TypeRef::String);
        assert_eq!(scalar, json!({ "type": "string", "enum": ["a", null], "nullable": true }));
    }

    /// A redirect's headers are written, and read back into the same typed headers.
    #[test]
    fn a_redirects_headers_go_out_and_come_back() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/faithful/declared_redirect.yaml");
        let api = crate::codegen::analyse(&[path]).unwrap().api;
        let document = document(&api);
        let headers = &document["paths"]["/sign-in"]["post"]["responses"]["303"]["headers"];
        assert_eq!(headers["Location"]["required"], true);
        assert_eq!(headers["Set-Cookie"]["schema"]["type"], "string", "a header's schema is one line's");
        let dir = tempfile::tempdir().unwrap();
        let written = dir.path().join("out.json");
        std::fs::write(&written, serde_json::to_string(&document).unwrap()).unwrap();
        let again = crate::codegen::analyse(&[written]).unwrap().api;
        let redirect = |api: &Api| api.operations.iter().flat_map(|o| &o.responses).find(|r| r.is_redirect()).cloned();
        assert_eq!(redirect(&again).map(|r| r.headers), redirect(&api).map(|r| r.headers));
    }

    #[test]
    fn every_operation_is_written_once_with_a_unique_id() {
        let api = fixture("shared_type.md");
        let document = document(&api);
        let mut ids = BTreeSet::new();
        let mut count = 0;
        for (_, item) in document["paths"].as_object().unwrap() {
            for (_, op) in item.as_object().unwrap() {
                count += 1;
                assert!(ids.insert(op["operationId"].as_str().unwrap().to_string()));
            }
        }
        assert_eq!(count, api.operations.len());
    }
}
