//! What each operation is called in Rust: its group (the tag accessor it sits under), its method
//! name, unique within the group, and the base its types are named from.
//!
//! - With an `operationId`: that, in snake case (types: in UpperCamelCase).
//! - A scraped page without one: the last segments of its documentation URL
//!   (`.../universal-auth/create-client-secret.md` → `create_client_secret`), as few as keep it
//!   apart from the group's other pages; its types are named from group and method
//!   (`UniversalAuthCreateClientSecret...`), so they never depend on other groups' pages.
//! - A document without pages: method + path (`get_api_v1_things_id`).
//!
//! A page without tags goes under the group of the nearest section of its URL that names one of
//! the API's tags (`deprecated/secrets/attach-tags` → "Secrets"), else under its URL's section.
//! Everything here depends only on the operations themselves, never on the order they were read.

use std::collections::{BTreeMap, BTreeSet};

use crate::ident;

/// What the naming reads of an operation.
#[derive(Debug, Clone)]
pub(super) struct Facts<'a> {
    pub operation_id: Option<&'a str>,
    /// Lower-case HTTP method.
    pub method: &'a str,
    pub path: &'a str,
    pub tags: &'a [String],
    pub source_url: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Naming {
    pub group: Option<String>,
    pub name: String,
    /// What the operation's types are named from (`CreateOnePasswordAppConnection`).
    pub type_base: String,
}

/// Methods the runtime's `Client` already has: an operation without a group may not take them.
pub(super) const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "request", "call"];

/// The path segments of a documentation URL below its `endpoints/` folder (or all of them), with
/// the page's extension dropped: `[universal-auth, create-client-secret]`. `rooted` tells whether
/// an `endpoints` folder was found, that is whether the first segment is a section.
fn url_segments(url: &str) -> (Vec<String>, bool) {
    let path = url::Url::parse(url).map(|u| u.path().to_string()).unwrap_or_else(|_| url.to_string());
    let mut segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    if let Some(last) = segments.last_mut()
        && let Some((stem, extension)) = last.rsplit_once('.')
        && !stem.is_empty()
        && extension.chars().all(|c| c.is_ascii_alphabetic())
    {
        *last = stem.to_string();
    }
    match segments.iter().rposition(|s| s == "endpoints") {
        Some(at) => (segments.split_off(at + 1), true),
        None => (segments, false),
    }
}

pub(super) fn name_operations(operations: &[Facts]) -> Vec<Naming> {
    // Tags by their snake-case name: a URL section matches a tag when they read the same.
    let mut tags: BTreeMap<String, &str> = BTreeMap::new();
    for op in operations {
        for tag in op.tags {
            tags.entry(ident::snake_name(tag)).or_insert(tag);
        }
    }
    let pages: Vec<Option<(Vec<String>, bool)>> =
        operations.iter().map(|op| op.source_url.map(url_segments).filter(|(s, _)| !s.is_empty())).collect();
    let groups: Vec<Option<String>> = operations
        .iter()
        .zip(&pages)
        .map(|(op, page)| match (op.tags.first(), page) {
            (Some(tag), _) => Some(tag.clone()),
            (None, Some((segments, rooted))) => page_group(segments, *rooted, &tags),
            (None, None) => None,
        })
        .map(|group| group.map(|g| tags.get(&ident::snake_name(&g)).map_or(g, |t| t.to_string())))
        .collect();

    // Method names, group by group. URL-named pages that meet take one more segment of their URL
    // each round, until they are apart or out of segments.
    let mut names: Vec<String> = vec![String::new(); operations.len()];
    let mut by_group: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    for (i, group) in groups.iter().enumerate() {
        by_group.entry(group.clone()).or_default().push(i);
    }
    let mut from_url = vec![false; operations.len()];
    for members in by_group.values() {
        let mut depth: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in members {
            let op = &operations[i];
            names[i] = match (op.operation_id, &pages[i]) {
                (Some(id), _) => ident::snake_name(id),
                (None, Some(_)) => {
                    from_url[i] = true;
                    depth.insert(i, 1);
                    String::new()
                }
                (None, None) => ident::snake_name(&format!("{} {}", op.method, op.path)),
            };
        }
        loop {
            for (&i, &d) in &depth {
                let segments = &pages[i].as_ref().map(|p| p.0.clone()).unwrap_or_default();
                names[i] = url_name(segments, d);
            }
            let mut count: BTreeMap<&str, usize> = BTreeMap::new();
            for &i in members {
                *count.entry(names[i].as_str()).or_default() += 1;
            }
            let grow: Vec<usize> = depth
                .iter()
                .filter(|&(&i, &d)| count[names[i].as_str()] > 1 && d < pages[i].as_ref().map_or(0, |p| p.0.len()))
                .map(|(&i, _)| i)
                .collect();
            if grow.is_empty() {
                break;
            }
            for i in grow {
                *depth.entry(i).or_default() += 1;
            }
        }
        // What still meets is numbered, in path and method order (the order of `operations`).
        let mut taken: BTreeSet<String> = BTreeSet::new();
        if members.first().is_some_and(|&i| groups[i].is_none()) {
            taken.extend(CLIENT_METHODS.iter().map(|m| m.to_string()));
        }
        // operationIds first: they are the spec's own names and keep them.
        let (by_id, rest): (Vec<usize>, Vec<usize>) =
            members.iter().partition(|&&i| operations[i].operation_id.is_some());
        for i in by_id.into_iter().chain(rest) {
            let name = ident::unique(&names[i], "_", |c| taken.contains(c));
            taken.insert(name.clone());
            names[i] = name;
        }
    }

    operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let type_base = match (op.operation_id, from_url[i], &groups[i]) {
                (Some(id), _, _) => ident::type_name(id),
                (None, true, Some(group)) => format!("{}{}", ident::type_name(group), ident::type_name(&names[i])),
                (None, _, _) => ident::type_name(&names[i]),
            };
            Naming { group: groups[i].clone(), name: names[i].clone(), type_base }
        })
        .collect()
}

/// The group of a page without tags: the nearest section of its URL that is one of the API's tags,
/// else its top section (below `endpoints/`), else the folder it sits in.
fn page_group(segments: &[String], rooted: bool, tags: &BTreeMap<String, &str>) -> Option<String> {
    let folders = &segments[..segments.len().saturating_sub(1)];
    if let Some(tag) = folders.iter().rev().find_map(|s| tags.get(&ident::snake_name(s))) {
        return Some(tag.to_string());
    }
    let section = if rooted { folders.first() } else { folders.last() };
    section.cloned()
}

/// A method name from the last `depth` segments of a page's URL, the page's own name first:
/// `secret-syncs/github/create` at depth 2 is `create_github`.
fn url_name(segments: &[String], depth: usize) -> String {
    let words: Vec<&str> = segments.iter().rev().take(depth.max(1)).map(String::as_str).collect();
    ident::snake_name(&words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page<'a>(url: &'a str, tags: &'a [String]) -> Facts<'a> {
        Facts { operation_id: None, method: "post", path: "/x", tags, source_url: Some(url) }
    }

    const ROOT: &str = "https://infisical.com/docs/api-reference/endpoints/";

    #[test]
    fn pages_are_named_from_their_url_and_grouped_by_tag_or_section() {
        let universal = vec!["Universal Auth".to_string()];
        let secrets = vec!["Secrets".to_string()];
        let urls = [
            format!("{ROOT}universal-auth/create-client-secret.md"),
            format!("{ROOT}universal-auth/revoke-client-secret.md"),
            format!("{ROOT}deprecated/secrets/attach-tags.md"),
            format!("{ROOT}deprecated/secrets/detach-tags.md"),
            format!("{ROOT}integrations/create-auth.md"),
        ];
        let ops = [
            page(&urls[0], &[]),
            page(&urls[1], &universal),
            page(&urls[2], &[]),
            page(&urls[3], &secrets),
            page(&urls[4], &[]),
        ];
        let named = name_operations(&ops);
        let got: Vec<(Option<&str>, &str, &str)> =
            named.iter().map(|n| (n.group.as_deref(), n.name.as_str(), n.type_base.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some("Universal Auth"), "create_client_secret", "UniversalAuthCreateClientSecret"),
                (Some("Universal Auth"), "revoke_client_secret", "UniversalAuthRevokeClientSecret"),
                (Some("Secrets"), "attach_tags", "SecretsAttachTags"),
                (Some("Secrets"), "detach_tags", "SecretsDetachTags"),
                (Some("integrations"), "create_auth", "IntegrationsCreateAuth"),
            ]
        );
    }

    #[test]
    fn pages_that_meet_take_more_of_their_url() {
        let tag = vec!["Secret Syncs".to_string()];
        let urls = [
            format!("{ROOT}secret-syncs/github/create.md"),
            format!("{ROOT}secret-syncs/gitlab/create.md"),
            format!("{ROOT}secret-syncs/github/update.md"),
        ];
        let ops: Vec<Facts> = urls.iter().map(|u| page(u, &tag)).collect();
        let names: Vec<String> = name_operations(&ops).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["create_github", "create_gitlab", "update"]);
    }

    #[test]
    fn operation_ids_and_documents_without_pages() {
        let tags: Vec<String> = Vec::new();
        let ops = [
            Facts { operation_id: Some("listThings"), method: "get", path: "/things", tags: &tags, source_url: None },
            Facts { operation_id: None, method: "get", path: "/things/{id}", tags: &tags, source_url: None },
            Facts { operation_id: Some("new"), method: "post", path: "/things", tags: &tags, source_url: None },
        ];
        let named = name_operations(&ops);
        let names: Vec<&str> = named.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["list_things", "get_things_id", "new_2"], "`new` is the client's own");
        assert!(named.iter().all(|n| n.group.is_none()));
        assert_eq!(named[1].type_base, "GetThingsId");
    }

    #[test]
    fn names_do_not_depend_on_order() {
        let tag = vec!["Secret Syncs".to_string()];
        let urls = [format!("{ROOT}secret-syncs/a/create.md"), format!("{ROOT}secret-syncs/b/create.md")];
        let forward: Vec<Facts> = urls.iter().map(|u| page(u, &tag)).collect();
        let backward: Vec<Facts> = urls.iter().rev().map(|u| page(u, &tag)).collect();
        let mut a: Vec<String> = name_operations(&forward).into_iter().map(|n| n.name).collect();
        let mut b: Vec<String> = name_operations(&backward).into_iter().map(|n| n.name).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
