//! Breaks cycles of types that contain each other by value (`A { b: B }`, `B { a: Option<A> }`) with a
//! `Box`, which Rust needs to know their size. Arrays and maps already allocate, so they end a path.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

pub(super) fn box_cycles(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    // Walk from every type in name order; an edge back into the current path gets boxed.
    let mut done = BTreeSet::new();
    for start in 0..types.len() {
        let mut path = Vec::new();
        visit(types, &index, start, &mut path, &mut done);
    }
}

fn visit(
    types: &mut [TypeDef],
    index: &BTreeMap<String, usize>,
    at: usize,
    path: &mut Vec<usize>,
    done: &mut BTreeSet<usize>,
) {
    if done.contains(&at) {
        return;
    }
    path.push(at);
    let targets: Vec<Option<usize>> = slots_mut(&mut types[at].kind)
        .into_iter()
        .map(|ty| match ty {
            TypeRef::Named(name) => index.get(name.as_str()).copied(),
            _ => None,
        })
        .collect();
    for (slot, target) in targets.into_iter().enumerate() {
        let Some(target) = target else { continue };
        if path.contains(&target) {
            if let Some(ty) = slots_mut(&mut types[at].kind).into_iter().nth(slot) {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        } else {
            visit(types, index, target, path, done);
        }
    }
    path.pop();
    done.insert(at);
}

/// The places in a type that hold another type by value. (A type alias cannot be recursive in Rust
/// at all, so aliases are not followed.)
fn slots_mut(kind: &mut TypeKind) -> Vec<&mut TypeRef> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Alias { .. } | TypeKind::Enum(_) => Vec::new(),
    }
}
