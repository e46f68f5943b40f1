//! OpenAPI 3.1 read as 3.0: a pass over the document's plain value (after bundling, before the
//! typed parse, which knows 3.0 only) that rewrites each 3.1 construct into the 3.0 one that means
//! the same to a Rust SDK, so both versions of one API give one IR:
//!
//! - `type: [T, "null"]` → `type: T` + `nullable`; `type: "null"` → `enum: [null]` (absent or
//!   null); several types → `anyOf` of one schema per type, each with its own keywords;
//! - `const: V` → `enum: [V]`; `examples: [...]` → `example`; numeric `exclusiveMinimum` /
//!   `exclusiveMaximum` → `minimum` / `maximum` + the 3.0 boolean; boolean schemas → `{}` and
//!   `{not: {}}`;
//! - `$ref` beside other keywords → `allOf: [{$ref}]` beside them ("that type, documented");
//! - `$defs` members that a `$ref` points into → `components/schemas`;
//! - `prefixItems` (a tuple) → `items: {anyOf: [...]}`, with a warning: positions are lost;
//! - `jsonSchemaDialect` (the default ones) and `components/pathItems` (already inlined by
//!   bundling) dropped; `webhooks` and `mutualTLS` security schemes skipped, with a warning;
//!   `paths` and an operation's `responses`, optional in 3.1, default to none.
//!
//! Keywords of JSON Schema 2020-12 that would change a Rust type but have no 3.0 form (`if`/
//! `then`/`else`, `dependentSchemas`, `unevaluatedProperties`, `patternProperties`, `contains`,
//! `$dynamicRef`) are dropped with a warning saying where and what is lost. Subtrees that move are
//! recorded in `Origins`, so diagnostics point at the lines the author wrote.

use crate::diag::push;
use serde_json::{Map, Value, json};

use super::origins::{Origins, is_under};
use super::walk::{Kind, Object, child};

/// A warning found on the way: its pointer (in the value as it was when found) and message.
pub type Warning = (String, String);

/// Rewrites a 3.1 document's value into the 3.0 shape, recording moves in `origins`.
pub fn normalize(value: &mut Value, origins: &mut Origins) -> Vec<Warning> {
    let mut pass = Pass { origins, warnings: Vec::new(), draft4: false };
    let Value::Object(top) = value else { return pass.warnings };
    top.insert("openapi".into(), json!("3.0.3"));
    top.entry("paths").or_insert_with(|| json!({}));
    if let Some(dialect) = top.remove("jsonSchemaDialect") {
        let known = dialect.as_str().is_some_and(|d| {
            d.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
                || d.starts_with("https://json-schema.org/draft/2020-12/")
        });
        if !known {
            pass.warn("/jsonSchemaDialect", format!("`jsonSchemaDialect: {dialect}` is not understood: schemas are read as OpenAPI 3.1's default dialect (JSON Schema 2020-12)"));
        }
    }
    if let Some(Value::Object(webhooks)) = top.remove("webhooks")
        && !webhooks.is_empty()
    {
        let names: Vec<&str> = webhooks.keys().map(String::as_str).collect();
        pass.warn("/webhooks", format!("webhooks are not generated: {} skipped ({})", names.len(), names.join(", ")));
    }
    if let Some(Value::Object(components)) = top.get_mut("components") {
        components.remove("pathItems"); // their `$ref`s were inlined by bundling
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(n, _)| n.clone())
                .collect();
            for name in mutual {
                schemes.remove(&name);
                let at = crate::diag::pointer(&["components", "securitySchemes", &name]);
                pass.warn(
                    &at,
                    "a `mutualTLS` security scheme is skipped: the client does not set up client certificates",
                );
            }
        }
    }
    pass.hoist_defs(value);
    pass.walk(value, String::new(), Kind::One(Object::Document));
    pass.warnings
}

/// JSON Schema draft 4's forms that Swagger 2.0 documents use beyond 2.0 (Slack's): `type` as a
/// list or `"null"`, and `items` as a list (a tuple, 3.1's `prefixItems`, with `additionalItems`
/// its rest), read as in 3.1. Run after bundling, on the converted document.
pub fn draft4(value: &mut Value, origins: &mut Origins) -> Vec<Warning> {
    let mut pass = Pass { origins, warnings: Vec::new(), draft4: true };
    pass.walk(value, String::new(), Kind::One(Object::Document));
    pass.warnings
}

struct Pass<'o> {
    origins: &'o mut Origins,
    warnings: Vec<Warning>,
    /// Only draft 4's forms (`draft4`), not the rest of 3.1.
    draft4: bool,
}

/// Keywords that belong to one JSON type, for splitting a multi-type schema.
const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern", "contentEncoding", "contentMediaType"];
const NUMBER_KEYWORDS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "unevaluatedProperties",
    "dependentSchemas",
    "dependentRequired",
];
const ARRAY_KEYWORDS: &[&str] = &[
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];

/// Keywords that only validate or identify, with no bearing on a Rust type: dropped quietly.
const QUIET: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "propertyNames",
    "dependentRequired",
    "minContains",
    "maxContains",
    "contentSchema",
];

impl Pass<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push((pointer.to_string(), message.into()));
    }

    fn walk(&mut self, value: &mut Value, pointer: String, kind: Kind) {
        if kind == Kind::One(Object::Schema) && self.draft4 {
            self.draft4_schema(value, &pointer);
        } else if kind == Kind::One(Object::Schema) {
            self.schema(value, &pointer);
        }
        if kind == Kind::One(Object::Operation)
            && !self.draft4
            && let Value::Object(operation) = value
        {
            operation.entry("responses").or_insert_with(|| json!({})); // optional since 3.1
        }
        match value {
            Value::Object(map) if kind != Kind::Data => {
                for (key, child_value) in map.iter_mut() {
                    self.walk(child_value, push(&pointer, key), child(kind, key));
                }
            }
            Value::Array(items) if kind != Kind::Data => {
                for (i, item) in items.iter_mut().enumerate() {
                    let key = i.to_string();
                    self.walk(item, push(&pointer, &key), child(kind, &key));
                }
            }
            _ => {}
        }
    }

    /// One schema, rewritten in place before its children are walked.
    fn schema(&mut self, value: &mut Value, at: &str) {
        if let Value::Bool(allowed) = value {
            *value = if *allowed { json!({}) } else { json!({"not": {}}) };
            return;
        }
        let Value::Object(schema) = value else { return };
        for keyword in QUIET {
            schema.remove(*keyword);
        }
        if let Some(examples) = schema.remove("examples")
            && !schema.contains_key("example")
            && let Some(first) = examples.as_array().and_then(|e| e.first())
        {
            schema.insert("example".into(), first.clone());
        }
        if let Some(constant) = schema.remove("const") {
            schema.insert("enum".into(), Value::Array(vec![constant]));
        }
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Number(limit)) = schema.get(exclusive).cloned() {
                schema.insert(bound.into(), Value::Number(limit));
                schema.insert(exclusive.into(), json!(true));
            }
        }
        for (keyword, what) in [
            ("if", "a conditional (`if`/`then`/`else`) is not understood: the schema is read without it"),
            ("then", ""),
            ("else", ""),
            ("dependentSchemas", "`dependentSchemas` is not understood: what other properties bring is lost"),
            ("contains", "`contains` is not understood: the array's items keep their declared type"),
            ("$dynamicRef", "`$dynamicRef` is not understood: the schema is read without it"),
        ] {
            if schema.remove(keyword).is_some() && !what.is_empty() {
                self.warn(&push(at, keyword), what);
            }
        }
        for keyword in ["unevaluatedProperties", "unevaluatedItems"] {
            // `false` forbids what SDK types never reject anyway; a schema would type the rest.
            if let Some(rest) = schema.remove(keyword)
                && !rest.is_boolean()
            {
                self.warn(
                    &push(at, keyword),
                    format!("`{keyword}` with a schema is not understood: what it types becomes any JSON value"),
                );
            }
        }
        self.pattern_properties(schema, at);
        self.prefix_items(schema, at);
        self.types(schema, at);
        self.ref_siblings(schema, at);
    }

    fn draft4_schema(&mut self, value: &mut Value, at: &str) {
        let Value::Object(schema) = value else { return };
        if let Some(Value::Array(_)) = schema.get("items") {
            let positions = schema.remove("items").unwrap_or_default();
            self.origins.moved(push(at, "prefixItems"), push(at, "items"));
            schema.insert("prefixItems".into(), positions);
            if let Some(rest) = schema.remove("additionalItems") {
                self.origins.moved(push(at, "items"), push(at, "additionalItems"));
                schema.insert("items".into(), rest);
            }
        }
        self.prefix_items(schema, at);
        self.types(schema, at);
    }

    /// `patternProperties` of an object with nothing else to say about its members is a map;
    /// otherwise it is dropped. Either way the key patterns are lost.
    fn pattern_properties(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let Some(Value::Object(patterns)) = schema.remove("patternProperties") else { return };
        let only =
            patterns.len() == 1 && !schema.contains_key("properties") && !schema.contains_key("additionalProperties");
        if let (true, Some((pattern, values))) = (only, patterns.into_iter().next()) {
            schema.insert("additionalProperties".into(), values);
            self.origins.moved(push(at, "additionalProperties"), push(&push(at, "patternProperties"), &pattern));
            self.warn(&push(at, "patternProperties"), format!("`patternProperties` is read as a map whose keys are any string: the pattern `{pattern}` is not checked"));
        } else {
            self.warn(
                &push(at, "patternProperties"),
                "`patternProperties` beside other members is not understood: the members it types are not generated",
            );
        }
    }

    /// A tuple: `items` becomes any of the positions' schemas (and of the rest's).
    fn prefix_items(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let Some(Value::Array(positions)) = schema.remove("prefixItems") else { return };
        let rest = schema.remove("items").filter(|items| !items.is_boolean());
        let mut members: Vec<(Value, String)> = Vec::new();
        let sources =
            positions.into_iter().enumerate().map(|(i, p)| (p, push(&push(at, "prefixItems"), &i.to_string())));
        for (member, from) in sources.chain(rest.map(|r| (r, push(at, "items")))) {
            if !members.iter().any(|(m, _)| *m == member) {
                members.push((member, from));
            }
        }
        let tuple = if self.draft4 { "`items` as a list" } else { "`prefixItems`" };
        self.warn(
            &push(at, "prefixItems"),
            format!(
                "{tuple} (a tuple) is read as an array of any of its item types: the type of each position is lost"
            ),
        );
        // Each member is traced to where it was written; a move of the whole `items` would
        // send the rest's member (written at `items`) back to `prefixItems`.
        let items = push(at, "items");
        if let [(only, from)] = members.as_slice() {
            self.origins.moved(items, from.clone());
            schema.insert("items".into(), only.clone());
            return;
        }
        let mut any_of = Vec::new();
        for (i, (member, from)) in members.into_iter().enumerate() {
            self.origins.moved(push(&push(&items, "anyOf"), &i.to_string()), from);
            any_of.push(member);
        }
        schema.insert("items".into(), json!({"anyOf": any_of}));
    }

    /// `type` as a list, or `"null"`.
    fn types(&mut self, schema: &mut Map<String, Value>, at: &str) {
        let types: Vec<String> = match schema.get("type") {
            Some(Value::Array(list)) => list.iter().filter_map(|t| t.as_str().map(str::to_string)).collect(),
            Some(Value::String(single)) if single == "null" => vec![single.clone()],
            _ => return,
        };
        schema.remove("type");
        let null = types.iter().any(|t| t == "null");
        let mut kinds: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
        kinds.dedup();
        if null {
            schema.insert("nullable".into(), json!(true));
        }
        match kinds.as_slice() {
            [] => {
                schema.insert("enum".into(), json!([null]));
            }
            [only] => {
                schema.insert("type".into(), json!(only));
            }
            _ => self.split_types(schema, &kinds, at),
        }
    }

    /// One `anyOf` member per type, each taking the keywords (and enum values) of its type.
    fn split_types(&mut self, schema: &mut Map<String, Value>, kinds: &[String], at: &str) {
        let values = schema.remove("enum");
        let format = schema.remove("format");
        let mut members = Vec::new();
        for (i, kind) in kinds.iter().enumerate() {
            let member_at = push(&push(at, "anyOf"), &i.to_string());
            let mut member = Map::new();
            member.insert("type".into(), json!(kind));
            let keywords = match kind.as_str() {
                "string" => STRING_KEYWORDS,
                "number" | "integer" => NUMBER_KEYWORDS,
                "object" => OBJECT_KEYWORDS,
                "array" => ARRAY_KEYWORDS,
                _ => &[],
            };
            for keyword in keywords {
                if let Some(v) = schema.get(*keyword) {
                    self.origins.moved(push(&member_at, keyword), push(at, keyword));
                    member.insert((*keyword).into(), v.clone());
                }
            }
            if let Some(format) = &format
                && matches!(kind.as_str(), "string" | "number" | "integer")
            {
                member.insert("format".into(), format.clone());
            }
            if let Some(Value::Array(values)) = &values {
                let fitting: Vec<Value> = values.iter().filter(|v| fits(v, kind)).cloned().collect();
                if !fitting.is_empty() {
                    member.insert("enum".into(), Value::Array(fitting));
                }
            }
            members.push(Value::Object(member));
        }
        for keyword in [STRING_KEYWORDS, NUMBER_KEYWORDS, OBJECT_KEYWORDS, ARRAY_KEYWORDS].concat() {
            schema.remove(keyword);
        }
        schema.insert("anyOf".into(), Value::Array(members));
    }

    /// `$ref` beside other keywords: 3.0 would ignore them, 3.1 applies both.
    fn ref_siblings(&mut self, schema: &mut Map<String, Value>, at: &str) {
        if !schema.contains_key("$ref") || schema.len() == 1 {
            return;
        }
        let Some(reference) = schema.remove("$ref") else { return };
        let members = schema.entry("allOf").or_insert_with(|| json!([]));
        if let Value::Array(members) = members {
            self.origins.moved(push(&push(at, "allOf"), &members.len().to_string()), at.to_string());
            members.push(json!({"$ref": reference}));
        }
    }

    /// `$defs` (and `definitions`) members that some `$ref` points into move to
    /// `components/schemas`, under their own name (qualified on a collision), and the `$ref`s
    /// follow; members nothing points at are dropped with their keyword. Outermost first, again
    /// until no `$ref` points into one.
    fn hoist_defs(&mut self, document: &mut Value) {
        for _ in 0..8 {
            let mut references = Vec::new();
            collect_refs(document, Kind::One(Object::Document), &mut references);
            let mut hoisted: Vec<(String, String)> = Vec::new(); // (def pointer, new pointer)
            for reference in &references {
                let Some(def) = def_of(reference) else { continue };
                if hoisted.iter().any(|(from, _)| *from == def) || document.pointer(&def).is_none() {
                    continue;
                }
                let name = def.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
                let parent = def.split('/').nth(3).unwrap_or("schema").to_string();
                let taken = |candidate: &str| {
                    document.pointer(&format!("/components/schemas/{candidate}")).is_some()
                        || hoisted.iter().any(|(_, to)| to.ends_with(&format!("/{candidate}")))
                };
                let mut chosen = name.clone();
                if taken(&chosen) {
                    chosen = format!("{parent}_{name}");
                }
                let mut n = 2;
                while taken(&chosen) {
                    chosen = format!("{name}_{n}");
                    n += 1;
                }
                hoisted.push((def, crate::diag::pointer(&["components", "schemas", &chosen])));
            }
            if hoisted.is_empty() {
                break;
            }
            for (from, to) in &hoisted {
                let Some(value) = take(document, from) else { continue };
                let name = to.rsplit('/').next().unwrap_or_default().to_string();
                let components = document
                    .as_object_mut()
                    .and_then(|d| d.entry("components").or_insert_with(|| json!({})).as_object_mut());
                if let Some(schemas) =
                    components.and_then(|c| c.entry("schemas").or_insert_with(|| json!({})).as_object_mut())
                {
                    schemas.insert(name, value);
                }
                self.origins.moved(to.clone(), from.clone());
            }
            rewrite_refs(document, Kind::One(Object::Document), &hoisted);
        }
        drop_defs(document, Kind::One(Object::Document));
    }
}

/// The `$defs` member a local `$ref` points into (`#/components/schemas/A/$defs/B/properties/c` →
/// `/components/schemas/A/$defs/B`), if any.
fn def_of(reference: &str) -> Option<String> {
    let pointer = reference.strip_prefix('#')?;
    let segments: Vec<&str> = pointer.split('/').collect();
    let at = segments.iter().position(|s| *s == "$defs" || *s == "definitions")?;
    (segments.len() > at + 1).then(|| segments[..=at + 1].join("/"))
}

fn collect_refs(value: &Value, kind: Kind, out: &mut Vec<String>) {
    match value {
        Value::Object(map) if kind != Kind::Data => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference.clone());
            }
            for (key, v) in map {
                collect_refs(v, child(kind, key), out);
            }
        }
        Value::Array(items) if kind != Kind::Data => {
            for (i, v) in items.iter().enumerate() {
                collect_refs(v, child(kind, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

fn rewrite_refs(value: &mut Value, kind: Kind, moves: &[(String, String)]) {
    match value {
        Value::Object(map) if kind != Kind::Data => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(pointer) = reference.strip_prefix('#')
                && let Some((from, to)) = moves.iter().find(|(from, _)| is_under(pointer, from))
            {
                *reference = format!("#{to}{}", &pointer[from.len()..]);
            }
            for (key, v) in map.iter_mut() {
                rewrite_refs(v, child(kind, key), moves);
            }
        }
        Value::Array(items) if kind != Kind::Data => {
            for (i, v) in items.iter_mut().enumerate() {
                rewrite_refs(v, child(kind, &i.to_string()), moves);
            }
        }
        _ => {}
    }
}

/// Removes `$defs` and `definitions` from every schema (what a `$ref` needed has moved).
fn drop_defs(value: &mut Value, kind: Kind) {
    match value {
        Value::Object(map) if kind != Kind::Data => {
            if kind == Kind::One(Object::Schema) {
                map.remove("$defs");
                map.remove("definitions");
            }
            for (key, v) in map.iter_mut() {
                drop_defs(v, child(kind, key));
            }
        }
        Value::Array(items) if kind != Kind::Data => {
            for (i, v) in items.iter_mut().enumerate() {
                drop_defs(v, child(kind, &i.to_string()));
            }
        }
        _ => {}
    }
}

/// Takes the value at `pointer` out of the document.
fn take(document: &mut Value, pointer: &str) -> Option<Value> {
    let (parent, key) = pointer.rsplit_once('/')?;
    let key = key.replace("~1", "/").replace("~0", "~");
    document.pointer_mut(parent)?.as_object_mut()?.remove(&key)
}

/// Whether an enum value belongs to a JSON type.
fn fits(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(schema: Value) -> (Value, Vec<Warning>) {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {"A": schema}}});
        let warnings = normalize(&mut document, &mut Origins::default());
        (document["components"]["schemas"]["A"].clone(), warnings)
    }

    #[test]
    fn type_lists() {
        assert_eq!(normalized(json!({"type": ["string", "null"]})).0, json!({"type": "string", "nullable": true}));
        assert_eq!(normalized(json!({"type": "null"})).0, json!({"nullable": true, "enum": [null]}));
        let (split, _) =
            normalized(json!({"type": ["string", "integer"], "maxLength": 3, "minimum": 1, "enum": ["a", 1]}));
        assert_eq!(
            split,
            json!({"anyOf": [{"type": "string", "maxLength": 3, "enum": ["a"]}, {"type": "integer", "minimum": 1, "enum": [1]}]})
        );
    }

    /// Draft 4 in a Swagger 2.0 document (Slack's): type lists, `null`, tuples; nothing else of 3.1.
    #[test]
    fn draft4_in_swagger2() {
        let mut document = json!({"components": {"schemas": {"A": {"properties": {
            "ts": {"type": "array", "items": [{"type": "integer"}, {"type": "null"}]},
            "pair": {"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "integer"}},
            "name": {"type": ["string", "null"], "const": "kept as 2.0 wrote it"}
        }}}}});
        let mut origins = Origins::default();
        let warnings = draft4(&mut document, &mut origins);
        let a = &document["components"]["schemas"]["A"]["properties"];
        assert_eq!(a["ts"]["items"], json!({"anyOf": [{"type": "integer"}, {"nullable": true, "enum": [null]}]}));
        assert_eq!(a["pair"]["items"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
        assert_eq!(a["name"], json!({"type": "string", "nullable": true, "const": "kept as 2.0 wrote it"}));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].1.starts_with("`items` as a list (a tuple)"), "{warnings:?}");
        let traced = origins.trace("/components/schemas/A/properties/pair/items/anyOf/1").map(|(_, p)| p);
        assert_eq!(traced.as_deref(), Some("/components/schemas/A/properties/pair/additionalItems"));
    }

    #[test]
    fn keywords_of_their_own() {
        assert_eq!(normalized(json!({"const": "x", "examples": ["y"]})).0, json!({"example": "y", "enum": ["x"]}));
        assert_eq!(
            normalized(json!({"type": "integer", "exclusiveMinimum": 0})).0,
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0})
        );
        assert_eq!(
            normalized(json!({"$ref": "#/components/schemas/B", "description": "d"})).0,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/B"}]})
        );
        let (degraded, warnings) = normalized(json!({"type": "object", "if": {}, "then": {}, "contains": {}}));
        assert_eq!(degraded, json!({"type": "object"}));
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["/components/schemas/A/if", "/components/schemas/A/contains"]);
    }

    #[test]
    fn defs_move_to_components_and_moves_are_traced() {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/A/$defs/B"}},
                  "$defs": {"B": {"type": "string"}, "Unused": {"type": "integer"}}},
        }}});
        let mut origins = Origins::default();
        normalize(&mut document, &mut origins);
        assert_eq!(
            document["components"]["schemas"]["A"]["properties"]["b"],
            json!({"$ref": "#/components/schemas/B"})
        );
        assert_eq!(document["components"]["schemas"]["B"], json!({"type": "string"}));
        assert!(document["components"]["schemas"]["A"].get("$defs").is_none());
        let traced = origins.trace("/components/schemas/B/type").map(|(_, p)| p);
        assert_eq!(traced.as_deref(), Some("/components/schemas/A/$defs/B/type"));
    }
}
