//! Which way each type travels: into the API (request bodies and parameters), out of it
//! (responses), or both. Followed through fields, variants and aliases. The emitter gives types
//! that are sent constructors and setters; the change report judges a change by it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ir::{Api, TypeKind, TypeRef};

/// Where a type is used. Operation-level changes have no direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    None,
    Request,
    Response,
    Both,
}

impl Direction {
    /// Sent to the API: callers build values of it.
    pub fn is_sent(self) -> bool {
        matches!(self, Direction::Request | Direction::Both)
    }
}

pub fn directions(api: &Api) -> BTreeMap<String, Direction> {
    let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let mut seen: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for op in &api.operations {
        let inputs = op.params.iter().map(|p| &p.ty).chain(op.body.iter().chain(&op.other_bodies).map(|b| &b.ty));
        for ty in inputs {
            mark(ty, true, &kinds, &mut seen);
        }
        for ty in op.responses.iter().filter_map(|r| r.ty.as_ref()) {
            mark(ty, false, &kinds, &mut seen);
        }
    }
    seen.into_iter()
        .map(|(name, (request, response))| {
            let direction = match (request, response) {
                (true, true) => Direction::Both,
                (true, false) => Direction::Request,
                (false, true) => Direction::Response,
                (false, false) => Direction::None,
            };
            (name, direction)
        })
        .collect()
}

fn mark(ty: &TypeRef, request: bool, kinds: &BTreeMap<&str, &TypeKind>, seen: &mut BTreeMap<String, (bool, bool)>) {
    let mut names = Vec::new();
    ty.clone().visit_names_mut(&mut |name| names.push(name.clone()));
    for name in names {
        let entry = seen.entry(name.clone()).or_default();
        let flag = if request { &mut entry.0 } else { &mut entry.1 };
        if *flag {
            continue; // already followed this way
        }
        *flag = true;
        let Some(kind) = kinds.get(name.as_str()) else { continue };
        for child in children(kind) {
            mark(child, request, kinds, seen);
        }
    }
}

/// The serde impls each type has without a feature: `(Serialize, Deserialize)`. A type the API
/// takes is serialized, one it returns deserialized, one both ways both. A type no operation
/// uses has each impl that every type it refers to has (an unused wrapper of a response is not
/// `Serialize` either).
pub fn serde_impls(api: &Api) -> BTreeMap<String, (bool, bool)> {
    let directions = directions(api);
    let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let own = |name: &str| match directions.get(name) {
        Some(Direction::Request) => Some((true, false)),
        Some(Direction::Response) => Some((false, true)),
        Some(Direction::Both) => Some((true, true)),
        Some(Direction::None) | None => None,
    };
    api.types
        .iter()
        .map(|t| {
            let impls = own(&t.name).unwrap_or_else(|| {
                reachable(&kinds, vec![t.name.clone()])
                    .iter()
                    .filter_map(|name| own(name))
                    .fold((true, true), |(s, d), (cs, cd)| (s && cs, d && cd))
            });
            (t.name.clone(), impls)
        })
        .collect()
}

/// The types a type's fields, variants or target refer to.
pub fn children(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// The named types in `pending`, and every type they refer to, through fields, variants and aliases.
pub fn reachable(kinds: &BTreeMap<&str, &TypeKind>, mut pending: Vec<String>) -> std::collections::BTreeSet<String> {
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(kind) = kinds.get(name.as_str()) else { continue };
        for child in children(kind) {
            child.clone().visit_names_mut(&mut |n| pending.push(n.clone()));
        }
    }
    seen
}

/// The groups (tag accessors) whose operations use each type, through fields, variants and
/// aliases; `None` stands for the operations of `Client` itself. A type is compiled with any of
/// its groups' features (`emit::features`).
pub fn groups(api: &Api) -> BTreeMap<String, std::collections::BTreeSet<Option<String>>> {
    let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let mut used: BTreeMap<String, std::collections::BTreeSet<Option<String>>> = BTreeMap::new();
    for op in &api.operations {
        let roots = op
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.iter().chain(&op.other_bodies).map(|b| &b.ty))
            .chain(op.responses.iter().filter_map(|r| r.ty.as_ref()));
        let mut pending: Vec<String> = Vec::new();
        for ty in roots {
            ty.clone().visit_names_mut(&mut |name| pending.push(name.clone()));
        }
        for name in reachable(&kinds, pending) {
            used.entry(name).or_default().insert(op.group.clone());
        }
    }
    used
}
