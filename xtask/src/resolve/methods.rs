//! What each operation is called in Rust: its group (the accessor it sits under, `grouping.rs`),
//! its method name, unique within the group, and the base its types are named from.
//!
//! - With an `operationId` a person wrote (`ids.rs`): its words, less its namespace and the group's
//!   words where they open it (`emails/send` and `emailsSend` in `emails` → `send`); where two meet,
//!   the nearest of those words comes back, until they part. An id a tool made from the method and
//!   path (`PostCustomersCustomer`) counts as none.
//! - A scraped page without one: the last segments of its documentation URL
//!   (`.../universal-auth/create-client-secret.md` → `create_client_secret`), as few as keep it
//!   apart from the group's other pages.
//! - Else the path, read as a person reads it (`resource.rs`): `revoke_client_secret`. Operations
//!   of a group that meet take more of their path, then their version (`get_v1`, `get_v2`).
//!
//! A method of a group's handle takes no name Rust's conventions give a handle (`reserved.rs`:
//! `new` is `new_`), nor a method of `Client` one of `Client`'s. Types are named from the verb,
//! the group and the rest (`CreateUniversalAuthClientSecret`). Everything here depends only on the
//! operations themselves, never on the order they were read.

use std::collections::{BTreeMap, BTreeSet};

use super::grouping::{self, Member};
use super::ids::{self, IdKind};
use super::reserved;
use super::resource::{self, Reading, Route};
use crate::ident;
use crate::ir::GroupOrigin;

/// What the naming reads of an operation.
#[derive(Debug, Clone)]
pub(super) struct Facts<'a> {
    pub operation_id: Option<&'a str>,
    /// Lower-case HTTP method.
    pub method: &'a str,
    pub path: &'a str,
    pub tags: &'a [String],
    pub source_url: Option<&'a str>,
    /// The array properties of the success body (`""`: the body is an array).
    pub arrays: Vec<String>,
    /// The success body is one JSON object that holds no array.
    pub single: bool,
    /// Words that part this operation from another bound to the same id at a path with other
    /// parameters (`bindings.rs`): they end its name.
    pub binding: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Naming {
    /// The group's label and where it came from.
    pub group: Option<(String, GroupOrigin)>,
    pub name: String,
    /// What the operation's types are named from (`CreateOnePasswordAppConnection`).
    pub type_base: String,
}

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

/// How an operation is named.
enum Source {
    Id,
    Page,
    Path,
}

pub(super) fn name_operations(operations: &[Facts]) -> Vec<Naming> {
    // Tags by their snake-case name: a URL section or a resource matches a tag when they read
    // the same (in the singular).
    let mut tags: BTreeMap<String, &str> = BTreeMap::new();
    for op in operations {
        for tag in op.tags {
            tags.entry(ident::label_name(tag)).or_insert(tag);
            tags.entry(grouping::key(tag)).or_insert(tag);
        }
    }
    let pages: Vec<Option<(Vec<String>, bool)>> =
        operations.iter().map(|op| op.source_url.map(url_segments).filter(|(s, _)| !s.is_empty())).collect();
    let routes: Vec<Route> = operations
        .iter()
        .map(|op| Route { method: op.method, path: op.path, arrays: op.arrays.clone(), single: op.single })
        .collect();
    let readings = resource::read(&routes);
    let resources = resource_labels(&readings, &routes);
    let kinds = ids::classify(&operations.iter().map(|op| (op.operation_id, op.method, op.path)).collect::<Vec<_>>());
    let sources: Vec<Source> = operations
        .iter()
        .zip(&pages)
        .zip(&kinds)
        .map(|((op, page), kind)| match (op.operation_id, kind, page) {
            (Some(_), Some(IdKind::Person), _) => Source::Id,
            (_, _, Some(_)) => Source::Page,
            _ => Source::Path,
        })
        .collect();
    let members: Vec<Member> = operations
        .iter()
        .enumerate()
        .map(|(i, op)| Member {
            tag: op.tags.first().map(String::as_str),
            id: op.operation_id.filter(|_| matches!(sources[i], Source::Id)),
            page: pages[i].as_ref(),
            resource: resources[i].as_deref(),
        })
        .collect();
    let groups = grouping::decide(&members, &tags);

    // Method names, group by group.
    let mut names: Vec<String> = vec![String::new(); operations.len()];
    let mut by_group: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    for (i, group) in groups.iter().enumerate() {
        by_group.entry(group.as_ref().map(|g| g.0.clone())).or_default().push(i);
    }
    for (group, members) in &by_group {
        let by_id: Vec<usize> = members.iter().copied().filter(|&i| matches!(sources[i], Source::Id)).collect();
        let label = members.first().and_then(|&i| groups[i].as_ref());
        let mut parts = name_ids(&by_id, operations, &readings, label, &mut names);
        let paged: Vec<usize> = members.iter().copied().filter(|&i| matches!(sources[i], Source::Page)).collect();
        name_pages(&paged, &pages, &mut names);
        let read: Vec<usize> = members.iter().copied().filter(|&i| matches!(sources[i], Source::Path)).collect();
        name_paths(&read, &routes, &readings, &resources, group.as_deref(), &mut names);
        put_back(members, &mut parts, &mut names);
        // What still meets is numbered, in path and method order (the order of `operations`),
        // operationIds first: they are the spec's own names and keep them.
        // A method may not take a name its handle has (or `Client`'s, at the root): it gets a
        // `_`, as a Rust keyword would.
        let reserved = |name: &str| match group {
            None => reserved::CLIENT_METHODS.contains(&name),
            Some(_) => reserved::HANDLE_METHODS.contains(&name),
        };
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let rest: Vec<usize> = members.iter().copied().filter(|&i| !matches!(sources[i], Source::Id)).collect();
        for i in by_id.into_iter().chain(rest) {
            let wanted = if reserved(&names[i]) { format!("{}_", names[i]) } else { names[i].clone() };
            let name = ident::unique(&wanted, "_", |c| taken.contains(c) || reserved(c));
            taken.insert(name.clone());
            names[i] = name;
        }
    }

    operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let type_base = match (&sources[i], op.operation_id, &groups[i]) {
                (Source::Id, Some(id), _) => {
                    let own = ids::parts(id, op.method, op.path);
                    let words = [own.namespace_words, own.words, op.binding.clone()].concat();
                    if words.is_empty() { ident::type_name(id) } else { ident::type_name(&words.join(" ")) }
                }
                (_, _, Some((group, _))) => type_base(&names[i], group),
                (_, _, None) => ident::type_name(&names[i]),
            };
            Naming { group: groups[i].clone(), name: names[i].clone(), type_base }
        })
        .collect()
}

/// Operations named by the ids a person wrote: each id's words less its namespace (where the
/// group is not a tag that says something else) and, where they open what is left, the group's
/// words. Each gets its words and where its name starts in them; `put_back` moves that start
/// back where names meet. Words that tell apart two bindings of one id end the name.
fn name_ids(
    members: &[usize],
    operations: &[Facts],
    readings: &[Reading],
    group: Option<&(String, GroupOrigin)>,
    names: &mut [String],
) -> BTreeMap<usize, (Vec<String>, usize)> {
    let group_words: Vec<String> = group.map(|(label, _)| words(label)).unwrap_or_default();
    let mut parts: BTreeMap<usize, (Vec<String>, usize)> = BTreeMap::new();
    for &i in members {
        let op = &operations[i];
        let id = op.operation_id.unwrap_or_default();
        let ids::Parts { namespace_words, words: rest, .. } = ids::parts(id, op.method, op.path);
        // A tag that is not the namespace (`Admin` over `users/get`) leaves it to say what the
        // method is about.
        let within =
            namespace_words.iter().all(|w| group_words.iter().any(|g| ident::singular(g) == ident::singular(w)));
        let tagged = group.is_some_and(|(_, origin)| *origin == GroupOrigin::Tag);
        let mut start = if tagged && !within { 0 } else { namespace_words.len() };
        let mut all = namespace_words;
        all.extend(rest);
        if all.is_empty() {
            all.push(ident::snake_name(id));
        }
        // A group that is the resource the path names opens the id with the whole of that path
        // (`transferDiligenceSubmit` in `diligence`, at `/transfer/diligence/submit`).
        let path_words: Vec<String> = readings[i].group.iter().flat_map(|segment| words(segment)).collect();
        let resource = readings[i].group.last().map(|last| words(last)).unwrap_or_default();
        let mut openings = vec![group_words.clone()];
        if !group_words.is_empty() && same_words(&resource, &group_words) && path_words.len() > group_words.len() {
            openings.insert(0, path_words);
        }
        let opens = |at: usize, opening: &[String]| {
            let left = &all[at..];
            let g = opening.len();
            g > 0 && left.len() > g && same_words(&left[..g], opening)
        };
        if let Some(opening) = openings.iter().find(|o| opens(start, o)) {
            start += opening.len();
        } else if let Some(opening) = openings.iter().find(|o| opens(0, o)) {
            start = start.max(opening.len());
        }
        let start = start.min(all.len() - 1);
        all.extend(op.binding.iter().cloned());
        names[i] = compose(&all, start);
        parts.insert(i, (all, start));
    }
    parts
}

fn compose(all: &[String], start: usize) -> String {
    ident::snake_name(&all[start..].join("_"))
}

/// Where names still meet, each id-named one puts back the nearest word it left out, until they
/// part or it has none left: an id's own words before any number.
fn put_back(members: &[usize], parts: &mut BTreeMap<usize, (Vec<String>, usize)>, names: &mut [String]) {
    loop {
        let grow = meeting(members, names, |i| parts.get(&i).is_some_and(|p| p.1 > 0));
        if grow.is_empty() {
            break;
        }
        for i in grow {
            if let Some((all, start)) = parts.get_mut(&i) {
                *start -= 1;
                names[i] = compose(all, *start);
            }
        }
    }
}

/// The snake-case words of a label (`API Keys` → `[api, keys]`).
fn words(label: &str) -> Vec<String> {
    ident::label_name(label).split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Whether two word lists read the same, a singular and its plural alike (`email`, `emails`).
fn same_words(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || ident::singular(x) == ident::singular(y))
}

/// The resource group each reading names, with a singular and its plural as one (the plural's
/// spelling wins: `organization` and `organizations` → `organizations`), unless the singular is
/// a resource of its own: one that never takes an item (`/v1/account`, the caller's, beside
/// `/v1/accounts/{account}`). A resource met in a namespace and outside it says its namespace
/// (`/v1/issuing/disputes` beside `/v1/disputes` → `issuing_disputes`).
fn resource_labels(readings: &[Reading], routes: &[Route]) -> Vec<Option<String>> {
    let items: BTreeSet<&str> = routes
        .iter()
        .flat_map(|r| {
            let segments: Vec<&str> = r.path.split('/').filter(|s| !s.is_empty()).collect();
            segments.windows(2).filter(|pair| pair[1].starts_with('{')).map(|pair| pair[0]).collect::<Vec<_>>()
        })
        .collect();
    let key = |last: &str| ident::singular(&ident::snake_name(last));
    let mut spellings: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut scopes: BTreeMap<String, BTreeSet<&[String]>> = BTreeMap::new();
    for reading in readings {
        if let Some((last, scope)) = reading.group.split_last() {
            spellings.entry(key(last)).or_default().insert(last);
            scopes.entry(key(last)).or_default().insert(scope);
        }
    }
    let own = |spelling: &str| !ident::is_plural(&ident::snake_name(spelling)) && !items.contains(spelling);
    let chosen: BTreeMap<&String, &str> = spellings
        .iter()
        .map(|(key, all)| {
            let plural = all.iter().find(|s| ident::is_plural(&ident::snake_name(s)));
            (key, plural.or(all.first()).copied().unwrap_or_default())
        })
        .collect();
    readings
        .iter()
        .map(|r| {
            let (last, scope) = r.group.split_last()?;
            let k = key(last);
            let label = if own(last) && spellings[&k].len() > 1 { last.as_str() } else { chosen[&k] };
            Some(match scopes[&k].len() > 1 && !scope.is_empty() {
                true => format!("{}-{label}", scope.join("-")),
                false => label.to_string(),
            })
        })
        .collect()
}

/// Pages named from their URLs: pages that meet take one more segment of their URL each round,
/// until they are apart or out of segments.
fn name_pages(members: &[usize], pages: &[Option<(Vec<String>, bool)>], names: &mut [String]) {
    let segments = |i: usize| pages[i].as_ref().map(|p| p.0.as_slice()).unwrap_or_default();
    let mut depth: BTreeMap<usize, usize> = members.iter().map(|&i| (i, 1)).collect();
    loop {
        for (&i, &d) in &depth {
            names[i] = url_name(segments(i), d);
        }
        let grow = meeting(members, names, |i| depth[&i] < segments(i).len());
        if grow.is_empty() {
            break;
        }
        for i in grow {
            *depth.entry(i).or_default() += 1;
        }
    }
}

/// Operations named from their paths: verb and subject, then more of the path where two meet,
/// then the version where that does not part them.
fn name_paths(
    members: &[usize],
    routes: &[Route],
    readings: &[Reading],
    resources: &[Option<String>],
    group: Option<&str>,
    names: &mut [String],
) {
    // Under a tag that is not the operation's resource, the resource is part of the name.
    let prefix = |i: usize| -> Vec<String> {
        match (&resources[i], group) {
            (Some(resource), Some(group))
                if ident::singular(&ident::snake_name(resource)) != ident::singular(&ident::snake_name(group)) =>
            {
                // Below one of its items, the resource is that item (`/files/{id}/content`: a file's).
                let resource = if readings[i].scoped { ident::singular(resource) } else { resource.clone() };
                vec![ident::snake_name(&resource)]
            }
            _ => Vec::new(),
        }
    };
    let compose = |i: usize, context: usize, by: bool, version: bool| -> String {
        let r = &readings[i];
        let mut words = vec![r.verb.clone()];
        words.extend(prefix(i));
        words.extend(r.context.iter().take(context).rev().cloned());
        words.extend(r.subject.iter().cloned());
        if by && let Some(item) = &r.item {
            words.extend(["by".to_string(), item.clone()]);
        }
        if version && let Some(v) = &r.version {
            words.push(v.clone());
        }
        ident::snake_name(&words.join("_"))
    };
    let mut context: BTreeMap<usize, usize> = members.iter().map(|&i| (i, 0)).collect();
    loop {
        for (&i, &c) in &context {
            names[i] = compose(i, c, false, false);
        }
        let grow = meeting(members, names, |i| context[&i] < readings[i].context.len());
        if grow.is_empty() {
            break;
        }
        for i in grow {
            *context.entry(i).or_default() += 1;
        }
    }
    // Two versions of one operation: each says its version, where they differ.
    let meet = meeting(members, names, |_| true);
    let mut versions: BTreeMap<&str, BTreeSet<Option<&str>>> = BTreeMap::new();
    for &i in &meet {
        versions.entry(names[i].as_str()).or_default().insert(readings[i].version.as_deref());
    }
    let versioned: BTreeSet<usize> = meet.iter().copied().filter(|&i| versions[names[i].as_str()].len() > 1).collect();
    for &i in &versioned {
        names[i] = compose(i, context[&i], false, true);
    }
    // An item beside its collection (`POST /public` and `POST /public/{id}`): the item's name
    // says which parameter it takes, where that parts them.
    // The first in path order takes it where two would (`/environments/{envId}` beside
    // `/{workspaceId}/environments/{envId}`); the other keeps the plain name.
    for i in meeting(members, names, |i| readings[i].item.is_some()) {
        let name = compose(i, context[&i], true, versioned.contains(&i));
        if !members.iter().any(|&j| names[j] == name) && meeting(members, names, |j| j == i).contains(&i) {
            names[i] = name;
        }
    }
    // A POST to a singular word that still meets another is named by that word: the API's own
    // verb (`POST /charges/{charge}/refund` beside `.../refunds` → `refund`).
    for i in meeting(members, names, |i| routes[i].method == "post") {
        let last = routes[i].path.rsplit('/').next().unwrap_or_default();
        let name = ident::snake_name(last);
        let word = !last.is_empty() && !last.starts_with('{') && !ident::is_plural(&name);
        if word && !members.iter().any(|&j| names[j] == name) && meeting(members, names, |j| j == i).contains(&i) {
            names[i] = name;
        }
    }
}

/// The members whose name another member has too, and that `can` tell apart.
fn meeting(members: &[usize], names: &[String], can: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in members {
        *count.entry(names[i].as_str()).or_default() += 1;
    }
    members.iter().copied().filter(|&i| count[names[i].as_str()] > 1 && can(i)).collect()
}

/// The base of an operation's type names: its verb, its group, then the rest of its name
/// (`create_client_secret` in "Universal Auth" → `CreateUniversalAuthClientSecret`); the group is
/// left out where the name already holds it (`list_secrets` in "Secrets" → `ListSecrets`). A list
/// names its group in the plural, anything else in the singular (`create` → `CreateSecret`).
fn type_base(method: &str, group: &str) -> String {
    let words: Vec<&str> = method.split('_').filter(|w| !w.is_empty()).collect();
    let group_snake = ident::snake_name(group);
    let singular = ident::singular(&group_snake);
    let holds = |needle: &str| format!("_{method}_").contains(&format!("_{needle}_"));
    if holds(&group_snake) || holds(&singular) {
        return ident::type_name(method);
    }
    let Some((verb, rest)) = words.split_first() else { return ident::type_name(group) };
    let noun = if *verb == "list" { group_snake } else { singular };
    ident::type_name(&format!("{verb} {noun} {}", rest.join(" ")))
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
        Facts { source_url: Some(url), tags, ..path("post", "/x", None) }
    }

    fn path<'a>(method: &'a str, path: &'a str, id: Option<&'a str>) -> Facts<'a> {
        Facts {
            operation_id: id,
            method,
            path,
            tags: &[],
            source_url: None,
            arrays: Vec::new(),
            single: false,
            binding: Vec::new(),
        }
    }

    const ROOT: &str = "https://infisical.com/docs/api-reference/endpoints/";

    fn summary(named: &[Naming]) -> Vec<(Option<&str>, &str, &str)> {
        named.iter().map(|n| (n.group.as_ref().map(|g| g.0.as_str()), n.name.as_str(), n.type_base.as_str())).collect()
    }

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
        assert_eq!(
            summary(&name_operations(&ops)),
            [
                (Some("Universal Auth"), "create_client_secret", "CreateUniversalAuthClientSecret"),
                (Some("Universal Auth"), "revoke_client_secret", "RevokeUniversalAuthClientSecret"),
                (Some("Secrets"), "attach_tags", "AttachSecretTags"),
                (Some("Secrets"), "detach_tags", "DetachSecretTags"),
                (Some("integrations"), "create_auth", "CreateIntegrationAuth"),
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
    fn paths_name_resources_and_verbs_and_ids_a_person_wrote_are_kept() {
        let ops = [
            path("get", "/things", Some("listThings")),
            path("get", "/things/{id}", None),
            path("post", "/things", Some("new")),
            path("get", "/v1/widgets/{id}", Some("GetV1WidgetsId")),
            path("get", "/v2/widgets/{id}", None),
            path("get", "/", None),
        ];
        assert_eq!(
            summary(&name_operations(&ops)),
            [
                (Some("things"), "list_things", "ListThings"),
                (Some("things"), "get", "GetThing"),
                // A handle's `new` is a constructor's name.
                (Some("things"), "new_", "New"),
                (Some("widgets"), "get_v1", "GetWidgetV1"),
                (Some("widgets"), "get_v2", "GetWidgetV2"),
                (None, "list", "List"),
            ]
        );
    }

    #[test]
    fn an_id_is_named_less_its_namespace_and_the_groups_words() {
        let tag = vec!["API Keys".to_string()];
        let ops = [
            path("post", "/emails", Some("emails/send")),
            path("post", "/emails/{id}/cancel", Some("emails.cancel")),
            Facts { tags: &tag, ..path("get", "/api-keys", Some("apiKeysList")) },
            Facts { tags: &tag, ..path("get", "/api-keys/{id}", Some("getApiKey")) },
            path("post", "/invoice/create", Some("invoiceCreate")),
            path("post", "/invoice/void", Some("invoiceVoid")),
        ];
        assert_eq!(
            summary(&name_operations(&ops)),
            [
                (Some("emails"), "send", "EmailsSend"),
                (Some("emails"), "cancel", "EmailsCancel"),
                (Some("API Keys"), "list", "ApiKeysList"),
                (Some("API Keys"), "get_api_key", "GetApiKey"),
                (Some("invoice"), "create", "InvoiceCreate"),
                (Some("invoice"), "void", "InvoiceVoid"),
            ]
        );
    }

    #[test]
    fn ids_that_meet_put_back_the_words_they_left_out() {
        let tag = vec!["Admin".to_string()];
        let ops = [
            Facts { tags: &tag, ..path("get", "/admin/users", Some("admin.users.list")) },
            Facts { tags: &tag, ..path("get", "/admin/teams", Some("admin.teams.list")) },
            Facts { tags: &tag, ..path("get", "/admin/stats", Some("admin.stats")) },
        ];
        let names: Vec<String> = name_operations(&ops).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["users_list", "teams_list", "stats"]);
    }

    #[test]
    fn the_root_operations_avoid_the_clients_own_methods() {
        let ops = [path("post", "/", Some("send")), path("get", "/", Some("builder"))];
        let names: Vec<String> = name_operations(&ops).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["send_", "builder_"]);
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
