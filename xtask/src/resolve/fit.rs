//! What a value must be to be read as a variant of an untagged union (docs/design.md, "Untagged
//! unions are read by fit"), decided from the variant's spec: its kind, the values a scalar may
//! be, and for an object the properties it requires and declares, whether it is closed or keeps
//! what it does not declare, and the values its enums and constants allow; for a union, its own
//! variants' fits. The runtime's decoder only follows it.

use std::collections::BTreeSet;

use serde_json::Value;

use super::schema::non_null_values;
use super::view::{Additional, SRef, View, view};
use super::{Resolver, id_of};
use crate::ir::{Allowed, Fit, JsonKind, TypeKind, TypeRef, Variant};

/// The fit of a variant, from its (flattened) view where there is one, and its type.
pub(super) fn of<'a>(resolver: &Resolver<'a>, member: Option<&View<'a>>, ty: &TypeRef) -> Option<Fit> {
    let by_type = of_type(resolver, ty, 0);
    let Some(v) = member else { return by_type };
    let kind = match v.ty {
        Some("object") => Some(JsonKind::Object),
        Some("string") => Some(JsonKind::String),
        Some("integer") => Some(JsonKind::Integer),
        Some("number") => Some(JsonKind::Number),
        Some("boolean") => Some(JsonKind::Boolean),
        Some("array") => Some(JsonKind::Array),
        _ if !v.properties.is_empty() => Some(JsonKind::Object),
        // No type of its own (`allOf: [$ref]`, a union): what its type says.
        _ => return by_type,
    };
    if kind != Some(JsonKind::Object) {
        let (one_of, _) = non_null_values(&v.enumeration);
        let from_type = by_type.map(|fit| fit.one_of).unwrap_or_default();
        return Some(Fit { kind, one_of: if one_of.is_empty() { from_type } else { one_of }, ..Fit::default() });
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
        keeps_others: matches!(v.additional, Some(Additional::Schema(_))),
        values,
        ..Fit::default()
    })
}

/// A fit from a type alone: its kind, an enum's values, a struct's fields, a union's variants.
fn of_type(resolver: &Resolver, ty: &TypeRef, depth: usize) -> Option<Fit> {
    let kind = |kind| Some(Fit { kind: Some(kind), ..Fit::default() });
    match ty {
        TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date | TypeRef::Uri | TypeRef::Secret => {
            kind(JsonKind::String)
        }
        TypeRef::I32 | TypeRef::I64 => kind(JsonKind::Integer),
        TypeRef::F64 => kind(JsonKind::Number),
        TypeRef::Boolean => kind(JsonKind::Boolean),
        TypeRef::Array(_) => kind(JsonKind::Array),
        TypeRef::Map(_) => Some(Fit { kind: Some(JsonKind::Object), keeps_others: true, ..Fit::default() }),
        TypeRef::Boxed(inner) => of_type(resolver, inner, depth),
        TypeRef::Named(name) if depth < 8 => {
            let def = resolver.entries.get(id_of(name)?)?.def.as_ref()?;
            match &def.kind {
                TypeKind::Alias { target } => of_type(resolver, target, depth + 1),
                TypeKind::Enum(e) => Some(Fit {
                    kind: Some(JsonKind::String),
                    // An open enum (`Other`) takes any string; one of a single value is a constant.
                    one_of: match e.values.as_slice() {
                        [only] => vec![Value::String(only.wire.clone())],
                        _ => Vec::new(),
                    },
                    ..Fit::default()
                }),
                TypeKind::Struct(s) => Some(Fit {
                    kind: Some(JsonKind::Object),
                    required: s
                        .fields
                        .iter()
                        .filter(|f| f.presence == crate::ir::Presence::Required)
                        .map(|f| f.wire.clone())
                        .collect(),
                    properties: s.fields.iter().map(|f| f.wire.clone()).collect(),
                    keeps_others: s.fields.iter().any(|f| f.flatten),
                    ..Fit::default()
                }),
                TypeKind::Union(u) => match &u.tag {
                    // A tagged union is an object holding its tag, one of its values.
                    Some(tag) => Some(Fit {
                        kind: Some(JsonKind::Object),
                        required: vec![tag.clone()],
                        values: vec![Allowed {
                            property: tag.clone(),
                            values: u.variants.iter().filter_map(|v| v.tag_value.clone().map(Value::String)).collect(),
                        }],
                        keeps_others: true,
                        ..Fit::default()
                    }),
                    // An untagged one fits where one of its variants does (never by its `Other`).
                    None => u
                        .variants
                        .iter()
                        .map(|v| v.fit.clone())
                        .collect::<Option<Vec<Fit>>>()
                        .map(|alternatives| Fit { alternatives, ..Fit::default() }),
                },
            }
        }
        _ => None,
    }
}

/// Whether a value always says which variant it is: each variant is of a kind no other is (an
/// integer being a number too), requires a property no other declares, or requires one whose
/// values it allows no other does.
pub(super) fn distinct(variants: &[Variant]) -> bool {
    let fits: Vec<&Fit> = variants.iter().filter_map(|v| v.fit.as_ref()).collect();
    if fits.len() != variants.len() || fits.len() < 2 || fits.iter().any(|f| !f.alternatives.is_empty()) {
        return false;
    }
    let family = |kind: Option<JsonKind>| match kind {
        Some(JsonKind::Integer) => Some(JsonKind::Number),
        other => other,
    };
    let allowed = |fit: &Fit, property: &str| -> Option<BTreeSet<String>> {
        let found = fit.values.iter().find(|a| a.property == property)?;
        Some(found.values.iter().map(Value::to_string).collect())
    };
    fits.iter().enumerate().all(|(i, fit)| {
        let others: Vec<&Fit> = fits.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, f)| *f).collect();
        let own_kind = fit.kind.is_some() && others.iter().all(|o| family(o.kind) != family(fit.kind));
        let own_property = fit.required.iter().any(|p| others.iter().all(|o| !o.properties.contains(p)));
        let own_value = fit.required.iter().any(|p| {
            let Some(mine) = allowed(fit, p) else { return false };
            others.iter().all(|o| allowed(o, p).is_some_and(|theirs| theirs.is_disjoint(&mine)))
        });
        own_kind || own_property || own_value
    })
}

/// The fits a variant could not have when its union was resolved: a `$ref` to a component not
/// resolved yet (a union's own variants included). Once every type is known, each such variant
/// takes its type's fit, inner unions before the unions that hold them.
pub(super) fn complete(resolver: &mut Resolver) {
    for _ in 0..8 {
        let mut found: Vec<(usize, usize, Fit)> = Vec::new();
        for (id, entry) in resolver.entries.iter().enumerate() {
            let Some(TypeKind::Union(union)) = entry.def.as_ref().map(|d| &d.kind) else { continue };
            if union.tag.is_some() {
                continue;
            }
            for (at, variant) in union.variants.iter().enumerate().filter(|(_, v)| v.fit.is_none()) {
                if let Some(fit) = of_type(resolver, &variant.ty, 0) {
                    found.push((id, at, fit));
                }
            }
        }
        if found.is_empty() {
            break;
        }
        for (id, at, fit) in found {
            if let Some(TypeKind::Union(union)) = resolver.entries[id].def.as_mut().map(|d| &mut d.kind) {
                union.variants[at].fit = Some(fit);
                union.distinct = distinct(&union.variants);
            }
        }
    }
}
