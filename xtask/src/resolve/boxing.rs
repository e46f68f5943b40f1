//! Keeps every type small: a struct holds each struct (or union of structs) it contains behind a
//! `Box`.
//! Sizes then add up field by field instead of multiplying down a chain of objects (Stripe's
//! expandable fields embed whole objects: unboxed, `Customer` is 748 KB and deserializing one
//! overflows a 2 MiB thread stack). The rule looks at a field's kind only, never at sizes, so a
//! field does not turn into a `Box` (a breaking change) because a type it holds grew.
//!
//! The bound that follows, documented in the generated README and tested on the github crate: no
//! type is larger than its own scalar and string fields plus 8 bytes per nested object, and a
//! union no larger than its largest variant's payload.

use std::collections::BTreeMap;

use crate::ir::{TypeDef, TypeKind, TypeRef};

pub(super) fn box_nested_objects(types: &mut [TypeDef]) {
    let kinds: BTreeMap<&str, &TypeKind> = types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let objects: BTreeMap<String, bool> =
        types.iter().map(|t| (t.name.clone(), is_object(&t.kind, &kinds, 0))).collect();
    for def in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        for field in s.fields.iter_mut().filter(|f| !f.flatten) {
            if let TypeRef::Named(name) = &field.ty
                && objects.get(name).copied().unwrap_or(false)
            {
                field.ty = TypeRef::Boxed(Box::new(field.ty.clone()));
            }
        }
    }
}

/// A struct, a union with a struct in a variant, or an alias of one. A union of scalars
/// (`string | string[]`) is small and stays by value: a `Box` there would only be in the way of
/// a `match`.
fn is_object(kind: &TypeKind, kinds: &BTreeMap<&str, &TypeKind>, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => kinds.get(name.as_str()).is_some_and(|k| is_object(k, kinds, depth + 1)),
        _ => false,
    };
    match kind {
        TypeKind::Struct(_) => true,
        TypeKind::Union(u) => u.variants.iter().any(|v| named(&v.ty)),
        TypeKind::Alias { target } => named(target),
        TypeKind::Enum(_) => false,
    }
}
