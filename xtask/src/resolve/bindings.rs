//! One operation bound to several paths (one `operationId`, as gRPC-gateway's additional bindings
//! write it in 3.0: `/api/v1/namespaces` and `/namespaces`, or `/activities/{id}/pause` and
//! `/workflows/{workflowId}/activities/{id}/pause`; or the id numbered, as it writes them in 2.0:
//! `GetClusterInfo` and `GetClusterInfo2`, `rpc_ids`).
//!
//! - Paths that take the same parameters differ only in words (a prefix, `/api/v1` or `/cluster`):
//!   they reach the same thing the same way, so they are one method. It calls the path that opens
//!   as most of the API's paths do; the others are its aliases, named in its rustdoc.
//! - Paths that take other parameters are methods of their own, each named by the words its path
//!   has and the others' do not (`pause_activity_execution_workflow`), or else by the parameters
//!   only it takes (`get_by_name`).

use std::collections::{BTreeMap, BTreeSet};

use crate::ident;

/// What becomes of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Bound {
    /// A method: the words that end its name (empty for most), and the operations that are its
    /// aliases.
    Method { suffix: Vec<String>, aliases: Vec<usize> },
    /// Another path of the method at this index.
    AliasOf(usize),
}

fn is_prefix_word(segment: &str) -> bool {
    let version =
        segment.strip_prefix(['v', 'V']).is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()));
    version || segment.eq_ignore_ascii_case("api")
}

fn parameters(path: &str) -> BTreeSet<String> {
    path.split('/').filter(|s| s.starts_with('{')).map(ident::snake_name).collect()
}

/// The words of a path's literal segments, `api` and versions left out, in the singular.
fn literals(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{') && !is_prefix_word(s))
        .map(|s| ident::singular(&ident::snake_name(s)))
        .collect()
}

fn first_segment(path: &str) -> &str {
    path.split('/').find(|s| !s.is_empty()).unwrap_or_default()
}

/// The id each operation is bound and named by. grpc-gateway numbers the ids of an RPC's
/// further bindings (`GetClusterInfo2` at `/api/v1/cluster-info` beside `GetClusterInfo` at
/// `/cluster`): an id that is another's with a number from 2 after it, on the same HTTP method
/// and of the same shape (`shapes`: all but its path: body, responses, query and header
/// parameters, summary and description, as written), is that RPC's id. An id with a number of
/// its own and another shape (`sha256` beside `sha`, documented apart) stays as written.
pub(super) fn rpc_ids<'a>(operations: &[(Option<&'a str>, &str, &str)], shapes: &[String]) -> Vec<Option<&'a str>> {
    let mut first: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, (id, method, _)) in operations.iter().enumerate() {
        if let Some(id) = id {
            first.entry((*id, *method)).or_insert(i);
        }
    }
    let rpc = |i: usize, id: &'a str, method: &str| -> &'a str {
        let base = id.trim_end_matches(|c: char| c.is_ascii_digit());
        let number = &id[base.len()..];
        let numbered = !base.is_empty() && !number.is_empty() && !number.starts_with('0') && number != "1";
        match first.get(&(base, method)) {
            Some(&j) if numbered && shapes[j] == shapes[i] => base,
            _ => id,
        }
    };
    operations.iter().enumerate().map(|(i, (id, method, _))| id.map(|id| rpc(i, id, method))).collect()
}

/// Each operation's fate, from `(operationId, method, path)` in the API's order.
pub(super) fn bind(operations: &[(Option<&str>, &str, &str)]) -> Vec<Bound> {
    let mut bound: Vec<Bound> = vec![Bound::Method { suffix: Vec::new(), aliases: Vec::new() }; operations.len()];
    let mut openings: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, path) in operations {
        *openings.entry(first_segment(path)).or_default() += 1;
    }
    let mut by_id: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, (id, method, _)) in operations.iter().enumerate() {
        if let Some(id) = id {
            by_id.entry((id, method)).or_default().push(i);
        }
    }
    for same in by_id.values().filter(|same| same.len() > 1) {
        let mut by_parameters: BTreeMap<BTreeSet<String>, Vec<usize>> = BTreeMap::new();
        for &i in same {
            by_parameters.entry(parameters(operations[i].2)).or_default().push(i);
        }
        let mut methods = Vec::new();
        for paths in by_parameters.values() {
            // The path that opens as most of the API's do; the first in path order among equals.
            let primary = *paths
                .iter()
                .max_by_key(|&&i| (openings[first_segment(operations[i].2)], std::cmp::Reverse(i)))
                .expect("a group is never empty");
            let aliases: Vec<usize> = paths.iter().copied().filter(|&i| i != primary).collect();
            for &alias in &aliases {
                bound[alias] = Bound::AliasOf(primary);
            }
            bound[primary] = Bound::Method { suffix: Vec::new(), aliases };
            methods.push(primary);
        }
        if methods.len() < 2 {
            continue;
        }
        // The words only its path has; where two have none, the parameters only it takes, and
        // where every parameter is another's too (`/a/{p}/{q}` beside `/a/{p}`, `/a/{q}`), all of
        // its own. One without words of its own keeps the plain name.
        let words_of = |i: usize| -> Vec<String> {
            let others: BTreeSet<String> =
                methods.iter().filter(|&&j| j != i).flat_map(|&j| literals(operations[j].2)).collect();
            literals(operations[i].2).into_iter().filter(|w| !others.contains(w)).collect()
        };
        let mut suffixes: Vec<Vec<String>> = methods.iter().map(|&i| words_of(i)).collect();
        let plain = suffixes.iter().filter(|s| s.is_empty()).count();
        for (k, &i) in methods.iter().enumerate() {
            if plain < 2 || !suffixes[k].is_empty() {
                continue;
            }
            let theirs: BTreeSet<String> =
                methods.iter().filter(|&&j| j != i).flat_map(|&j| parameters(operations[j].2)).collect();
            let all = parameters(operations[i].2);
            let own: Vec<String> = all.iter().filter(|p| !theirs.contains(*p)).cloned().collect();
            let own = if own.is_empty() { all.into_iter().collect() } else { own };
            if !own.is_empty() {
                suffixes[k] = std::iter::once("by".to_string()).chain(own).collect();
            }
        }
        for (&i, suffix) in methods.iter().zip(suffixes) {
            if let Bound::Method { suffix: words, .. } = &mut bound[i] {
                *words = suffix;
            }
        }
    }
    bound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binding_numbered_by_its_tool_is_its_rpcs() {
        let ops = [
            (Some("GetClusterInfo"), "get", "/cluster"),
            (Some("GetClusterInfo2"), "get", "/api/v1/cluster-info"),
            (Some("Describe"), "get", "/things/{id}"),
            (Some("Describe3"), "get", "/api/v1/things/{id}"),
            (Some("ListUsers"), "get", "/users"),
            (Some("ListUsers2"), "get", "/v2/users"),
            (Some("Check1"), "post", "/check"),
            (Some("Check"), "post", "/api/check"),
        ];
        let shapes: Vec<String> = ["a", "a", "b", "b", "c", "d", "e", "e"].iter().map(|s| s.to_string()).collect();
        let ids = rpc_ids(&ops, &shapes);
        let ids: Vec<&str> = ids.iter().map(|id| id.unwrap()).collect();
        assert_eq!(
            ids,
            ["GetClusterInfo", "GetClusterInfo", "Describe", "Describe", "ListUsers", "ListUsers2", "Check1", "Check"]
        );
    }

    #[test]
    fn paths_with_the_same_parameters_are_one_method() {
        let ops = [
            (Some("ListNamespaces"), "get", "/api/v1/namespaces"),
            (Some("DescribeNamespace"), "get", "/api/v1/namespaces/{namespace}"),
            (Some("ListNamespaces"), "get", "/cluster/namespaces"),
            (Some("Other"), "get", "/api/v1/other"),
        ];
        let bound = bind(&ops);
        assert_eq!(bound[0], Bound::Method { suffix: vec![], aliases: vec![2] });
        assert_eq!(bound[2], Bound::AliasOf(0));
    }

    #[test]
    fn paths_with_other_parameters_are_named_by_what_differs() {
        let ops = [
            (Some("Pause"), "post", "/api/v1/namespaces/{ns}/activities/{id}/pause"),
            (Some("Pause"), "post", "/api/v1/namespaces/{ns}/workflows/{workflowId}/activities/{id}/pause"),
            (Some("Pause"), "post", "/namespaces/{ns}/activities/{id}/pause"),
            (Some("Get"), "get", "/things/{id}"),
            (Some("Get"), "get", "/things/{name}"),
        ];
        let bound = bind(&ops);
        assert_eq!(bound[0], Bound::Method { suffix: vec![], aliases: vec![2] });
        assert_eq!(bound[1], Bound::Method { suffix: vec!["workflow".into()], aliases: vec![] });
        assert_eq!(bound[2], Bound::AliasOf(0));
        assert_eq!(bound[3], Bound::Method { suffix: vec!["by".into(), "id".into()], aliases: vec![] });
        assert_eq!(bound[4], Bound::Method { suffix: vec!["by".into(), "name".into()], aliases: vec![] });
        let ops = [(Some("Get"), "get", "/a/{p}"), (Some("Get"), "get", "/a/{q}"), (Some("Get"), "get", "/a/{p}/{q}")];
        let suffixes: Vec<Vec<String>> = bind(&ops)
            .into_iter()
            .map(|b| match b {
                Bound::Method { suffix, .. } => suffix,
                Bound::AliasOf(_) => vec![],
            })
            .collect();
        assert_eq!(suffixes, [vec!["by", "p"], vec!["by", "q"], vec!["by", "p", "q"]]);
    }
}
