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
        let children: Vec<&TypeRef> = match kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias { target } => vec![target],
            TypeKind::Enum(_) => Vec::new(),
        };
        for child in children {
            mark(child, request, kinds, seen);
        }
    }
}
