//! Which group each operation sits in (`client.<group>()`), before methods are named in it.
//!
//! - The first tag; for an operation whose id a person namespaced (`emails/send`) and that has no
//!   tag, the namespace. A tag and a namespace that read the same are one group.
//! - A label that nearly every operation carries (`NEARLY_ALL`: gRPC-gateway's one service tag, an
//!   RPC API's one tag) groups nothing when the paths part the operations more finely: then no
//!   tag or namespace is a group, and the operations are grouped as in a spec without tags.
//! - Without tags: a page by the nearest section of its URL that names a tag, else its section;
//!   anything else by the resource its path names (`resource.rs`), a singular and its plural as one.

use std::collections::BTreeMap;

use super::ids;
use crate::ident;
use crate::ir::GroupOrigin;

/// The share of operations past which a label says nothing of any one of them.
const NEARLY_ALL: f64 = 0.9;

/// What the grouping reads of an operation. `tags` (in `decide`) are keyed by [`key`] and by
/// `ident::label_name`.
pub(super) struct Member<'a> {
    pub tag: Option<&'a str>,
    /// The id, when a person wrote it.
    pub id: Option<&'a str>,
    /// The page's URL segments below `endpoints/`, and whether such a folder was found.
    pub page: Option<&'a (Vec<String>, bool)>,
    /// The resource its path names.
    pub resource: Option<&'a str>,
}

/// Each operation's group label and where it came from. `tags` are the spec's tags by their
/// snake-case name, singular and plural alike.
pub(super) fn decide(members: &[Member], tags: &BTreeMap<String, &str>) -> Vec<Option<(String, GroupOrigin)>> {
    let labelled: Vec<Option<(String, GroupOrigin)>> = members
        .iter()
        .map(|m| match (m.tag, m.id.and_then(|id| ids::parts(id, "", "").namespace)) {
            (Some(tag), _) => Some((tag.to_string(), GroupOrigin::Tag)),
            // The tag that reads as the namespace names it, as written.
            (None, Some(namespace)) => Some(match tags.get(&key(&namespace)) {
                Some(tag) => (tag.to_string(), GroupOrigin::Tag),
                None => (namespace, GroupOrigin::Namespace),
            }),
            _ => None,
        })
        .collect();
    let fallback: Vec<Option<(String, GroupOrigin)>> = members
        .iter()
        .map(|m| match (m.page, m.resource) {
            (Some((segments, rooted)), _) => page_group(segments, *rooted, tags)
                .map(|(label, is_tag)| (label, if is_tag { GroupOrigin::Tag } else { GroupOrigin::Page })),
            (None, Some(resource)) => Some(match tags.get(&key(resource)) {
                Some(tag) => (tag.to_string(), GroupOrigin::Tag),
                None => (resource.to_string(), GroupOrigin::Path),
            }),
            (None, None) => None,
        })
        .collect();
    // Labels that put nearly every operation in one group group nothing, where the paths part
    // them more finely.
    let largest = |groups: &[Option<(String, GroupOrigin)>]| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for group in groups {
            *counts.entry(group.as_ref().map(|(label, _)| key(label)).unwrap_or_default()).or_default() += 1;
        }
        counts.values().copied().max().unwrap_or_default()
    };
    let labels_largest =
        largest(&labelled.iter().zip(&fallback).map(|(l, f)| l.clone().or_else(|| f.clone())).collect::<Vec<_>>());
    let nearly_all = labels_largest as f64 >= NEARLY_ALL * members.len() as f64;
    if nearly_all && largest(&fallback) < labels_largest {
        // The tags are no grouping: neither is a resource's tag.
        return members
            .iter()
            .zip(fallback)
            .map(|(m, group)| match (group, m.resource) {
                (Some((_, GroupOrigin::Tag)), Some(resource)) if m.page.is_none() => {
                    Some((resource.to_string(), GroupOrigin::Path))
                }
                (group, _) => group,
            })
            .collect();
    }
    labelled.into_iter().zip(fallback).map(|(label, fallback)| label.or(fallback)).collect()
}

/// A label's identity: its words as a module spells them, a singular and its plural alike.
pub(super) fn key(label: &str) -> String {
    ident::singular(&ident::label_name(label))
}

/// The group of a page without tags: the nearest section of its URL that is one of the API's tags,
/// else its top section (below `endpoints/`), else the folder it sits in.
fn page_group(segments: &[String], rooted: bool, tags: &BTreeMap<String, &str>) -> Option<(String, bool)> {
    let folders = &segments[..segments.len().saturating_sub(1)];
    if let Some(tag) = folders.iter().rev().find_map(|s| tags.get(&ident::label_name(s))) {
        return Some((tag.to_string(), true));
    }
    let section = if rooted { folders.first() } else { folders.last() };
    section.map(|s| (s.clone(), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'a>(tag: Option<&'a str>, id: Option<&'a str>, resource: &'a str) -> Member<'a> {
        Member { tag, id, page: None, resource: Some(resource) }
    }

    fn labels(members: &[Member]) -> Vec<String> {
        let mut tags = BTreeMap::new();
        for tag in members.iter().filter_map(|m| m.tag) {
            tags.insert(ident::label_name(tag), tag);
            tags.insert(key(tag), tag);
        }
        decide(members, &tags).into_iter().map(|g| g.map(|g| g.0).unwrap_or_default()).collect()
    }

    #[test]
    fn namespaces_group_where_tags_say_nothing_more() {
        let members = [
            member(None, Some("emails/send"), "emails"),
            member(None, Some("api-keys.list"), "api-keys"),
            member(None, Some("WorkflowService_Start"), "workflows"),
            member(Some("Domains"), Some("domains/verify"), "domains"),
            member(None, Some("listThings"), "things"),
        ];
        assert_eq!(labels(&members), ["emails", "api-keys", "WorkflowService", "Domains", "things"]);
    }

    #[test]
    fn a_tag_on_nearly_every_operation_groups_nothing() {
        let mut members: Vec<Member> = (0..19).map(|_| member(Some("Service"), None, "invoices")).collect();
        members.extend((0..2).map(|_| member(Some("Service"), None, "charges")));
        members.push(member(Some("Other"), None, "accounts"));
        assert_eq!(labels(&members)[..1], ["invoices"]);
        assert_eq!(labels(&members)[19], "charges");
        assert_eq!(labels(&members)[21], "accounts");
        // Unless the paths put them all in one group too.
        let mut members: Vec<Member> = (0..19).map(|_| member(Some("Keyring"), None, "keyring")).collect();
        members.push(member(Some("Keyring Auth"), None, "keyring"));
        assert_eq!(labels(&members)[19], "Keyring Auth");
        // Two tags of ten operations each are a grouping.
        let members: Vec<Member> =
            (0..20).map(|i| member(Some(if i < 10 { "Pets" } else { "Store" }), None, "x")).collect();
        assert_eq!(labels(&members)[..1], ["Pets"]);
    }
}
