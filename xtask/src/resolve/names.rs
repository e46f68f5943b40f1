//! Final type names. Each type picks its best candidate (component name, then title, then place;
//! shorter, then alphabetical); types that want the same name are ordered by their structural key,
//! which does not depend on which page was read first, and all but the first get a number.

use std::collections::{BTreeMap, BTreeSet};

use super::Rank;
use crate::ir::TypeKind;

pub(super) fn assign(entries: &[(&str, &[(Rank, String)])]) -> Vec<String> {
    let wanted: Vec<String> = entries
        .iter()
        .map(|(_, candidates)| {
            candidates
                .iter()
                .min_by(|a, b| (a.0, a.1.len(), &a.1).cmp(&(b.0, b.1.len(), &b.1)))
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| "Unnamed".to_string())
        })
        .collect();

    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (id, name) in wanted.iter().enumerate() {
        groups.entry(name).or_default().push(id);
    }
    let mut taken: BTreeSet<String> = groups.keys().map(|s| s.to_string()).collect();
    let mut names = wanted.clone();
    for (name, mut ids) in groups {
        if ids.len() < 2 {
            continue;
        }
        ids.sort_by(|a, b| entries[*a].0.cmp(entries[*b].0));
        for id in ids.into_iter().skip(1) {
            let unique = crate::ident::unique(name, "", |c| taken.contains(c));
            taken.insert(unique.clone());
            names[id] = unique;
        }
    }
    names
}

/// Calls `f` on every type name mentioned inside a type definition.
pub(crate) fn visit_kind_names(kind: &mut TypeKind, f: &mut impl FnMut(&mut String)) {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|field| field.ty.visit_names_mut(f)),
        TypeKind::Enum(_) => {}
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| v.ty.visit_names_mut(f)),
        TypeKind::Alias { target } => target.visit_names_mut(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_are_settled_by_key_not_by_order() {
        let a: &[(Rank, String)] = &[(Rank::Place, "Thing".into())];
        let forward = assign(&[("key-b", a), ("key-a", a)]);
        let backward = assign(&[("key-a", a), ("key-b", a)]);
        assert_eq!(forward, ["Thing2", "Thing"]);
        assert_eq!(backward, ["Thing", "Thing2"]);
    }

    #[test]
    fn best_candidate_wins() {
        let candidates: &[(Rank, String)] =
            &[(Rank::Place, "Ab".into()), (Rank::Title, "Longer".into()), (Rank::Place, "A".into())];
        assert_eq!(assign(&[("k", candidates)]), ["Longer"]);
    }
}
