//! What a value must be to be read as a variant of an untagged union (docs/design.md, "Unions"),
//! decided from the variant's spec: its kind, and for an object the properties it requires and
//! declares, whether it is closed, and the values its enums and constants allow. The runtime's
//! decoder only follows it.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Resolver;
use super::schema::non_null_values;
use super::view::{SRef, View, view};
use crate::ir::{Allowed, Fit, JsonKind, TypeRef, Variant};

/// The fit of a variant, from its (flattened) view where there is one, else from its type.
pub(super) fn of<'a>(resolver: &Resolver<'a>, member: Option<&View<'a>>, ty: &TypeRef) -> Option<Fit> {
    let by_type = kind_of_type(ty);
    let Some(v) = member else { return by_type.map(|kind| Fit { kind: Some(kind), ..Fit::default() }) };
    let kind = match v.ty {
        Some("object") => Some(JsonKind::Object),
        Some("string") => Some(JsonKind::String),
        Some("integer") => Some(JsonKind::Integer),
        Some("number") => Some(JsonKind::Number),
        Some("boolean") => Some(JsonKind::Boolean),
        Some("array") => Some(JsonKind::Array),
        _ if !v.properties.is_empty() => Some(JsonKind::Object),
        _ if v.enumeration.iter().any(Value::is_string) => Some(JsonKind::String),
        _ => by_type,
    };
    if kind != Some(JsonKind::Object) {
        return Some(Fit { kind, ..Fit::default() });
    }
    let values: Vec<Allowed> = v
        .properties
        .iter()
        .filter_map(|(property, schema)| {
            let found = match schema {
                SRef::Item(schema) => Some(view(schema)),
                SRef::Ref(reference) => resolver.component_view(reference),
            }?;
            let (values, _) = non_null_values(&found.enumeration);
            (!values.is_empty()).then(|| Allowed { property: property.to_string(), values })
        })
        .collect();
    Some(Fit {
        kind,
        required: v.required.iter().map(|p| p.to_string()).collect(),
        properties: v.properties.keys().map(|p| p.to_string()).collect(),
        closed: v.closed,
        values,
    })
}

fn kind_of_type(ty: &TypeRef) -> Option<JsonKind> {
    match ty {
        TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date | TypeRef::Uri | TypeRef::Secret => {
            Some(JsonKind::String)
        }
        TypeRef::I32 | TypeRef::I64 => Some(JsonKind::Integer),
        TypeRef::F64 => Some(JsonKind::Number),
        TypeRef::Boolean => Some(JsonKind::Boolean),
        TypeRef::Array(_) => Some(JsonKind::Array),
        TypeRef::Map(_) => Some(JsonKind::Object),
        TypeRef::Boxed(inner) => kind_of_type(inner),
        _ => None,
    }
}

/// Whether a value always says which variant it is: each variant is of a kind no other is,
/// requires a property no other declares, or requires one whose values it allows no other does.
pub(super) fn distinct(variants: &[Variant]) -> bool {
    let fits: Vec<&Fit> = variants.iter().filter_map(|v| v.fit.as_ref()).collect();
    if fits.len() != variants.len() || fits.len() < 2 {
        return false;
    }
    let allowed = |fit: &Fit, property: &str| -> Option<BTreeSet<String>> {
        let found = fit.values.iter().find(|a| a.property == property)?;
        Some(found.values.iter().map(Value::to_string).collect())
    };
    fits.iter().enumerate().all(|(i, fit)| {
        let others: Vec<&Fit> = fits.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, f)| *f).collect();
        let own_kind = fit.kind.is_some() && others.iter().all(|o| o.kind != fit.kind);
        let own_property = fit.required.iter().any(|p| others.iter().all(|o| !o.properties.contains(p)));
        let own_value = fit.required.iter().any(|p| {
            let Some(mine) = allowed(fit, p) else { return false };
            others.iter().all(|o| allowed(o, p).is_some_and(|theirs| theirs.is_disjoint(&mine)))
        });
        own_kind || own_property || own_value
    })
}
