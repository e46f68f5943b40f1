//! JSON values that fit the IR's types: what tests send and answer when they drive every
//! operation of a generated crate. A value can carry a marker in the places where secrets live
//! (credential fields, free-form values), so that a test can tell whether any of it leaks into
//! `Debug`, `Display` or traces.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::ir::{Api, Field, Presence, TypeDef, TypeKind, TypeRef};

/// How much of a type to write, and what to put where secrets live.
#[derive(Debug, Clone, Copy)]
pub struct Style<'a> {
    /// Optional fields too (a response), or only what is required (a minimal request).
    pub optional: bool,
    /// Written into credential fields and free-form values; `None`: plain placeholders.
    pub marker: Option<&'a str>,
}

/// Nesting past this writes no further optional fields (recursive types end there).
const MAX_DEPTH: usize = 8;

pub struct Samples<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Samples<'a> {
    pub fn new(api: &'a Api) -> Self {
        Samples { types: api.types.iter().map(|t| (t.name.as_str(), t)).collect() }
    }

    /// A value of `ty`.
    pub fn value(&self, ty: &TypeRef, style: Style) -> Value {
        self.at(ty, style, 0)
    }

    fn at(&self, ty: &TypeRef, style: Style, depth: usize) -> Value {
        let secret = || Value::String(style.marker.unwrap_or("secret").to_string());
        match ty {
            TypeRef::String => json!("text"),
            TypeRef::Secret => secret(),
            TypeRef::Boolean => json!(true),
            TypeRef::I32 | TypeRef::I64 => json!(1),
            TypeRef::F64 => json!(1.5),
            TypeRef::Uuid => json!("3c90c3cc-0d44-4b50-8888-8dd25736052a"),
            TypeRef::DateTime => json!("2023-11-07T05:31:56Z"),
            TypeRef::Date => json!("2023-11-07"),
            TypeRef::Uri => json!("https://example.test/"),
            // A file reads back from a string (its bytes).
            TypeRef::Binary => json!("file content"),
            TypeRef::Any => match style.marker {
                Some(marker) => json!({ "field": marker, "list": [marker] }),
                None => json!({}),
            },
            TypeRef::Array(item) => Value::Array(vec![self.at(item, style, depth + 1)]),
            // A map's values are free-form: a string one carries the marker too.
            TypeRef::Map(value) => match (&**value, style.marker) {
                (TypeRef::String, Some(marker)) => json!({ "key": marker }),
                _ => json!({ "key": self.at(value, style, depth + 1) }),
            },
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => self.at(inner, style, depth + 1),
            TypeRef::Named(name) => match self.types.get(name.as_str()) {
                Some(def) => self.named(def, style, depth),
                None => Value::Null,
            },
        }
    }

    fn named(&self, def: &TypeDef, style: Style, depth: usize) -> Value {
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut object = serde_json::Map::new();
                if let Some(tag) = &s.tag {
                    object.insert(tag.property.clone(), json!(tag.value));
                }
                for field in &s.fields {
                    if !self.wanted(field, style, depth) {
                        continue;
                    }
                    let value = match &field.value {
                        Some(value) => value.clone(),
                        None => self.at(&field.ty, style, depth + 1),
                    };
                    if field.flatten {
                        if let Value::Object(members) = value {
                            object.extend(members);
                        }
                    } else {
                        object.insert(field.wire.clone(), value);
                    }
                }
                Value::Object(object)
            }
            TypeKind::Enum(e) => e.values.first().map_or(json!("value"), |v| json!(v.wire)),
            TypeKind::Union(u) => {
                let Some(variant) = u.variants.first() else { return Value::Null };
                let mut value = self.at(&variant.ty, style, depth + 1);
                if let (Some(tag), Some(tag_value), Value::Object(object)) = (&u.tag, &variant.tag_value, &mut value) {
                    object.insert(tag.clone(), json!(tag_value));
                }
                value
            }
            TypeKind::Alias { target } => self.at(target, style, depth + 1),
        }
    }

    fn wanted(&self, field: &Field, style: Style, depth: usize) -> bool {
        let required = matches!(field.presence, Presence::Required | Presence::Nullable) || field.flatten;
        required || (style.optional && depth < MAX_DEPTH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_fit_the_fixture_types_and_carry_the_marker_where_secrets_live() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/constants.md");
        let api = crate::codegen::analyse(&[fixtures]).unwrap().api;
        let samples = Samples::new(&api);
        let marked = Style { optional: true, marker: Some("MARK") };
        let response = samples.value(&TypeRef::Named("CreateTokenResponse".into()), marked);
        assert_eq!(response, json!({ "kind": "service-token", "token": "MARK" }));
        let request =
            samples.value(&TypeRef::Named("CreateTokenRequest".into()), Style { optional: false, marker: None });
        assert_eq!(request, json!({ "type": "service-token", "version": 2 }));
    }
}
