//! Reading a path as a person reads it, for operations the spec gives no name: which resource it
//! acts on (the group: `/api/v1/secrets/{id}` → `secrets`), and a verb and the sub-resource
//! (`POST .../client-secrets/{id}/revoke` → `revoke` `client_secret`).
//!
//! - `/api`-like prefixes and version segments (`v1`) are not resources; parameters never are.
//! - The group is the first resource segment, unless that segment is a namespace: nothing is an
//!   operation on it or on one of its items, and it holds four or more resources of their own
//!   (each at two or more paths: Infisical's `auth/universal-auth/...`, `pki/ca/...`). Then each
//!   of those resources is a group; the rest of the namespace (`auth/logout`) stays its group.
//! - The verb: an action segment at the end (`revoke`, `login`, `check-auth`), else from the
//!   method and whether the path ends at an item (`get`, `update`, `replace`, `delete`) or at a
//!   collection (`list`, `create`).
//!
//! Each rule reads one operation and the paths that share its first segment, so an operation
//! added elsewhere in the API changes nothing here.

use std::collections::{BTreeMap, BTreeSet};

use crate::ident;

/// What the reading needs of an operation.
#[derive(Debug, Clone)]
pub(super) struct Route<'a> {
    /// Lower-case HTTP method.
    pub method: &'a str,
    pub path: &'a str,
    /// The array properties of its success body (`""`: the body is an array).
    pub arrays: Vec<String>,
    /// Its success body is one JSON object that holds no array.
    pub single: bool,
}

/// An operation's resource and its name within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reading {
    /// The segments naming the group (`[auth, universal-auth]`); empty: the API's root.
    pub group: Vec<String>,
    /// The version segment of the path (`v2`), which tells apart two versions of one operation.
    pub version: Option<String>,
    /// The verb (`list`, `revoke`), in snake case.
    pub verb: String,
    /// The sub-resource after the verb (`client_secret`, `tag_by_slug`), in snake case.
    pub subject: Vec<String>,
    /// Earlier literal segments, nearest first, to tell apart operations that meet.
    pub context: Vec<String>,
    /// The last parameter, when the path ends at an item (`env_id`): `get_environment_by_env_id`
    /// tells it from another operation that would take the same name.
    pub item: Option<String>,
    /// The group's segment is followed by a parameter: the path is below one of its items
    /// (`/files/{file_id}/content`: a file's content).
    pub scoped: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    Literal(String),
    /// A parameter, by its name in snake case.
    Parameter(String),
}

/// Actions a path can end with, by the first word of its last segment.
const ACTIONS: &[&str] = &[
    "accept",
    "activate",
    "add",
    "approve",
    "archive",
    "assign",
    "attach",
    "authorize",
    "backup",
    "cancel",
    "change",
    "check",
    "clone",
    "close",
    "complete",
    "confirm",
    "connect",
    "copy",
    "deactivate",
    "decrypt",
    "detach",
    "disable",
    "disconnect",
    "download",
    "duplicate",
    "enable",
    "encrypt",
    "exchange",
    "execute",
    "export",
    "finalize",
    "generate",
    "grant",
    "import",
    "invite",
    "issue",
    "join",
    "leave",
    "link",
    "lock",
    "login",
    "logout",
    "merge",
    "migrate",
    "move",
    "pause",
    "preview",
    "publish",
    "purge",
    "refresh",
    "register",
    "reject",
    "remove",
    "renew",
    "reopen",
    "reset",
    "resend",
    "restore",
    "resume",
    "retry",
    "revoke",
    "rollback",
    "rotate",
    "run",
    "search",
    "select",
    "send",
    "share",
    "sign",
    "signup",
    "start",
    "stop",
    "submit",
    "suspend",
    "sync",
    "test",
    "toggle",
    "transfer",
    "trigger",
    "unarchive",
    "unassign",
    "unlink",
    "unlock",
    "unpublish",
    "unshare",
    "upgrade",
    "upload",
    "validate",
    "verify",
    "void",
];

/// Whether a segment names an action (`revoke`, `check-auth`), not a collection (`upload-sessions`).
fn is_action(segment: &str) -> bool {
    if ident::is_plural(&ident::snake_name(segment)) {
        return false;
    }
    let first = ident::snake_name(segment);
    let first = first.split('_').next().unwrap_or_default();
    let letters = first.trim_end_matches(|c: char| c.is_ascii_digit());
    ACTIONS.contains(&letters)
}

fn is_version(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    lower.strip_prefix('v').is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The path's segments after any leading `api` and version segments, and its version.
fn segments(path: &str) -> (Vec<Segment>, Option<String>) {
    let mut version = None;
    let mut out = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        if raw.starts_with('{') {
            out.push(Segment::Parameter(ident::snake_name(raw)));
        } else if out.is_empty() && (raw.eq_ignore_ascii_case("api") || raw.eq_ignore_ascii_case("rest")) {
        } else if is_version(raw) {
            version.get_or_insert_with(|| raw.to_ascii_lowercase());
        } else {
            out.push(Segment::Literal(raw.to_string()));
        }
    }
    (out, version)
}

fn literal(segment: Option<&Segment>) -> Option<&str> {
    match segment? {
        Segment::Literal(text) => Some(text),
        Segment::Parameter(_) => None,
    }
}

/// Reads every operation. Decisions about a first segment look only at the paths under it.
pub(super) fn read(routes: &[Route]) -> Vec<Reading> {
    let split: Vec<(Vec<Segment>, Option<String>)> = routes.iter().map(|r| segments(r.path)).collect();
    let mut under: BTreeMap<&str, Vec<&[Segment]>> = BTreeMap::new();
    for (segments, _) in &split {
        if let Some(first) = literal(segments.first()) {
            under.entry(first).or_default().push(segments);
        }
    }
    let spaces: BTreeMap<&str, BTreeSet<&str>> =
        under.iter().filter_map(|(first, paths)| namespace(paths).map(|kids| (*first, kids))).collect();
    // Literal paths that some path continues with a parameter: collections of items.
    let collections: BTreeSet<Vec<Option<&str>>> = split
        .iter()
        .flat_map(|(segments, _)| {
            segments
                .iter()
                .enumerate()
                .filter(|(_, s)| matches!(s, Segment::Parameter(_)))
                .map(|(i, _)| shape(&segments[..i]))
        })
        .collect();
    routes
        .iter()
        .zip(&split)
        .map(|(route, (segments, version))| {
            let first = literal(segments.first());
            let second = literal(segments.get(1));
            let depth = match (first, second) {
                (None, _) => 0,
                (Some(first), Some(second)) if spaces.get(first).is_some_and(|kids| kids.contains(second)) => 2,
                (Some(_), _) => 1,
            };
            let group: Vec<String> =
                segments[..depth].iter().filter_map(|s| literal(Some(s))).map(str::to_string).collect();
            let label = group.last().cloned().unwrap_or_default();
            let collection = collections.contains(&shape(segments));
            let (verb, subject, context) = name(route, &segments[depth..], &label, collection);
            let item = match segments.last() {
                Some(Segment::Parameter(name)) => Some(name.clone()),
                _ => None,
            };
            let scoped = matches!(segments.get(depth), Some(Segment::Parameter(_)));
            Reading { group, version: version.clone(), verb, subject, context, item, scoped }
        })
        .collect()
}

/// A path's literals, with its parameters as `None`: parameters' names do not matter here.
fn shape(segments: &[Segment]) -> Vec<Option<&str>> {
    segments.iter().map(|s| literal(Some(s))).collect()
}

/// The resources a first segment holds, when it is a namespace (see the module's rules).
fn namespace<'a>(paths: &[&'a [Segment]]) -> Option<BTreeSet<&'a str>> {
    let on_itself = paths.iter().any(|p| p.len() == 1 || (p.len() == 2 && matches!(p[1], Segment::Parameter(_))));
    if on_itself {
        return None;
    }
    let mut places: BTreeMap<&str, BTreeSet<&[Segment]>> = BTreeMap::new();
    for path in paths {
        if let Some(kid) = literal(path.get(1)) {
            places.entry(kid).or_default().insert(&path[2..]);
        }
    }
    let resources: BTreeSet<&str> =
        places.into_iter().filter(|(_, rest)| rest.len() >= 2).map(|(kid, _)| kid).collect();
    (resources.len() >= 4).then_some(resources)
}

/// The verb, subject and context of the part of a path below its group.
fn name(route: &Route, tail: &[Segment], group: &str, collection: bool) -> (String, Vec<String>, Vec<String>) {
    let literals: Vec<(usize, &str)> = tail
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Segment::Literal(text) => Some((i, text.as_str())),
            Segment::Parameter(_) => None,
        })
        .collect();
    let context_before = |index: usize| -> Vec<String> {
        literals.iter().rev().filter(|(i, _)| *i < index).map(|(_, text)| ident::snake_name(text)).collect()
    };
    let ends_at_item = matches!(tail.last(), Some(Segment::Parameter(_)));
    let item_verb = match route.method {
        "get" => "get",
        "put" => "replace",
        "patch" => "update",
        "delete" => "delete",
        "post" => "create",
        other => other,
    };
    // An action at the end: `POST .../client-secrets/{id}/revoke` → `revoke` `client_secret`.
    let posted = route.method == "post";
    if let Some(&(at, action)) = literals.last().filter(|(at, text)| posted && *at + 1 == tail.len() && is_action(text))
    {
        let subject: Vec<String> = match at.checked_sub(1).map(|i| &tail[i]) {
            Some(Segment::Parameter(_)) => {
                literals.iter().rev().nth(1).map(|(_, t)| ident::snake_name(&ident::singular(t)))
            }
            Some(Segment::Literal(text)) => Some(ident::snake_name(text)),
            None => None,
        }
        .into_iter()
        .collect();
        let context = context_before(at).into_iter().skip(subject.len()).collect();
        return (ident::snake_name(action), subject, context);
    }
    if ends_at_item {
        // `tags/slug/{tagSlug}`: an item looked up by another key, which names the parameter.
        let n = tail.len();
        if n >= 3
            && let (Segment::Literal(collection), Segment::Literal(key), Segment::Parameter(parameter)) =
                (&tail[n - 3], &tail[n - 2], &tail[n - 1])
            && parameter.ends_with(&ident::snake_name(key))
            && !ident::is_plural(key)
        {
            let subject = vec![ident::snake_name(&ident::singular(collection)), "by".into(), ident::snake_name(key)];
            return (item_verb.to_string(), subject, context_before(n - 3));
        }
        let subject: Vec<String> =
            literals.last().map(|(_, t)| ident::snake_name(&ident::singular(t))).into_iter().collect();
        let context = literals.iter().rev().skip(1).map(|(_, t)| ident::snake_name(t)).collect();
        return (item_verb.to_string(), subject, context);
    }
    let Some(&(at, last)) = literals.last() else {
        // The group's own collection: `GET /secrets` lists it, `POST /secrets` creates one, and
        // anything else acts on all of it (`DELETE /secrets` → `delete_all`). A singular resource
        // that holds no items (`GET /user`, `GET /status`) is got.
        let all: Vec<String> = if collection { vec!["all".to_string()] } else { Vec::new() };
        let singular = !group.is_empty() && !ident::is_plural(group);
        let one = route.single || (!collection && singular && !lists(route, group, group));
        return match route.method {
            "get" if one => ("get".to_string(), Vec::new(), Vec::new()),
            "get" => ("list".to_string(), Vec::new(), Vec::new()),
            "post" => ("create".to_string(), Vec::new(), Vec::new()),
            other => (item_verb_of(other).to_string(), all, Vec::new()),
        };
    };
    let context = context_before(at);
    // Whatever its path, an answer that is one object holding no array is one thing
    // (`GET .../settings`, `GET /user` beside `/user/{id}/unlock`).
    let listed = !route.single && (collection || ident::is_plural(last) || lists(route, last, group));
    let (verb, subject) = match route.method {
        "get" if listed => ("list", ident::snake_name(last)),
        "get" => ("get", ident::snake_name(last)),
        "post" => ("create", ident::snake_name(&ident::singular(last))),
        other => (item_verb_of(other), ident::snake_name(last)),
    };
    (verb.to_string(), vec![subject], context)
}

fn item_verb_of(method: &str) -> &str {
    match method {
        "put" => "replace",
        "patch" => "update",
        "post" => "create",
        other => other,
    }
}

/// Whether a `GET` of a singular word answers a list: the body is an array, or holds one named
/// for the segment or the group (`GET /secrets/raw` → `{ secrets: [...] }`).
fn lists(route: &Route, segment: &str, group: &str) -> bool {
    let names = [ident::singular(&ident::snake_name(segment)), ident::singular(&ident::snake_name(group))];
    route.arrays.iter().any(|field| field.is_empty() || names.contains(&ident::singular(&ident::snake_name(field))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(routes: &[(&str, &str)]) -> Vec<String> {
        let routes: Vec<Route> =
            routes.iter().map(|(m, p)| Route { method: m, path: p, arrays: Vec::new(), single: false }).collect();
        read(&routes)
            .into_iter()
            .map(|r| {
                let mut words = vec![r.verb];
                words.extend(r.subject);
                format!("{}: {}", r.group.join("/"), words.join("_"))
            })
            .collect()
    }

    #[test]
    fn verbs_and_subresources() {
        let got = read_all(&[
            ("get", "/api/v1/secrets"),
            ("post", "/api/v1/secrets"),
            ("get", "/api/v1/secrets/{id}"),
            ("patch", "/api/v1/secrets/{id}"),
            ("put", "/api/v1/secrets/{id}"),
            ("delete", "/api/v1/secrets/{id}"),
            ("get", "/api/v1/workspace/{projectId}/tags"),
            ("post", "/api/v1/workspace/{projectId}/tags"),
            ("get", "/api/v1/workspace/{projectId}/tags/slug/{tagSlug}"),
            ("post", "/api/v1/pki/certificates/{serialNumber}/revoke"),
            ("get", "/"),
            ("get", "/api/v1/user"),
            ("get", "/api/status"),
        ]);
        assert_eq!(
            got,
            [
                "secrets: list",
                "secrets: create",
                "secrets: get",
                "secrets: update",
                "secrets: replace",
                "secrets: delete",
                "workspace: list_tags",
                "workspace: create_tag",
                "workspace: get_tag_by_slug",
                "pki: revoke_certificate",
                ": list",
                "user: get",
                "status: get",
            ]
        );
    }

    #[test]
    fn a_namespace_of_resources_splits_into_groups() {
        let mut routes = vec![("post", "/api/v1/auth/logout".to_string())];
        for kind in ["universal-auth", "token-auth", "aws-auth", "gcp-auth"] {
            routes.push(("post", format!("/api/v1/auth/{kind}/login")));
            routes.push(("get", format!("/api/v1/auth/{kind}/identities/{{identityId}}")));
        }
        routes.push(("post", "/api/v1/auth/universal-auth/identities/{identityId}/client-secrets/{id}/revoke".into()));
        routes.push(("get", "/api/v1/auth/universal-auth/identities/{identityId}/client-secrets".into()));
        let borrowed: Vec<(&str, &str)> = routes.iter().map(|(m, p)| (*m, p.as_str())).collect();
        let got = read_all(&borrowed);
        assert_eq!(got[0], "auth: logout");
        assert_eq!(got[1], "auth/universal-auth: login");
        assert_eq!(got[2], "auth/universal-auth: get_identity");
        assert_eq!(got[9], "auth/universal-auth: revoke_client_secret");
        assert_eq!(got[10], "auth/universal-auth: list_client_secrets");
        // Three resources are not a namespace: the first segment stays the group.
        let got = read_all(&borrowed[..7]);
        assert_eq!(got[1], "auth: login_universal_auth", "{got:?}");
    }

    #[test]
    fn a_get_of_a_singular_word_that_answers_a_list_lists() {
        let route = Route { method: "get", path: "/api/v3/secrets/raw", arrays: vec!["secrets".into()], single: false };
        let reading = &read(&[route])[0];
        assert_eq!((reading.verb.as_str(), reading.subject.as_slice()), ("list", &["raw".to_string()][..]));
        assert_eq!(reading.version.as_deref(), Some("v3"));
    }
}
