//! What an `operationId` says (docs/design.md, "Names"): whether a person wrote it or a tool
//! spelled the operation's method and path, and the namespace it opens with.
//!
//! - A tool's id spells the HTTP method and then the path (`PostCustomersCustomer` for
//!   `POST /v1/customers/{customer}`, `get-v1-companies-company_id`), or the path alone down to a
//!   parameter. Such an id says nothing the path does not, and the path names the method.
//! - An id that spells a path ending in a word (`invoiceCreate` for `POST /invoice/create`,
//!   `chat.postMessage`) is the API's own name: an RPC-style path is named for its operation.
//! - `GetClusterInfo` for `GET /cluster-info` could be either: `get` and `delete` are verbs a person
//!   names with too. Such an id is read in the spec's own style: a tool's when the spec's ids are
//!   mostly a tool's, a person's otherwise.
//! - A namespace is what an id writes before its last `/`, `.` or `:` (`emails/send`,
//!   `api-keys.list`, `chat.postMessage`), or before a `_` between two capitalised words
//!   (`WorkflowService_StartWorkflow`, gRPC-gateway's `Service_Method`).

use crate::ident;

/// Who wrote an operation's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A person: the id is the operation's name.
    Person,
    /// A tool that spelled the method and path: the id counts as none.
    Echo,
}

/// How an id relates to its operation's method and path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Spelling {
    /// Not a spelling of the path: a person's.
    No,
    /// The path's words alone, ending in a word: an RPC path, named for its operation.
    Rpc,
    /// The method and the path's words, but only `get`/`delete` and the path's plain words.
    Either,
    /// The method (or the path down to a parameter) and the path, or its parameters or version.
    Tool,
}

/// Who wrote each id (`None` where an operation has none), from `(id, lower-case method, path)`.
/// An id that could be either is read in the style of the spec's other ids.
pub fn classify(operations: &[(Option<&str>, &str, &str)]) -> Vec<Option<IdKind>> {
    let spellings: Vec<Option<Spelling>> =
        operations.iter().map(|(id, method, path)| id.map(|id| spelling(id, method, path))).collect();
    let tools = spellings.iter().filter(|s| **s == Some(Spelling::Tool)).count();
    let people = spellings.iter().filter(|s| matches!(s, Some(Spelling::No | Spelling::Rpc))).count();
    let tool_style = tools > people;
    spellings
        .into_iter()
        .map(|s| {
            s.map(|s| match s {
                Spelling::No | Spelling::Rpc => IdKind::Person,
                Spelling::Either if !tool_style => IdKind::Person,
                Spelling::Either | Spelling::Tool => IdKind::Echo,
            })
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    if !text.chars().any(char::is_alphanumeric) {
        return Vec::new();
    }
    ident::snake_name(text).split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn is_version(segment: &str) -> bool {
    segment.strip_prefix(['v', 'V']).is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
}

/// The strongest way `id` spells `method` and `path`.
fn spelling(id: &str, method: &str, path: &str) -> Spelling {
    let id_words = words(id);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let ends_in_word = segments.last().is_some_and(|s| !s.starts_with('{'));
    let mut best = Spelling::No;
    // Every spelling: with or without the `api` and version segments, each parameter whole
    // (`folder_id`), by its last word (`id`) or left out.
    for core in [false, true] {
        for parameter in 0..3 {
            let mut path_words = Vec::new();
            // Whether the spelling holds more than the path's plain words.
            let mut marked = false;
            for segment in &segments {
                let prefix = segment.eq_ignore_ascii_case("api") || is_version(segment);
                if prefix && core {
                    continue;
                }
                let mut w = words(segment);
                if segment.starts_with('{') {
                    match parameter {
                        0 => {}
                        1 => w = w.split_off(w.len().saturating_sub(1)),
                        _ => w.clear(),
                    }
                }
                marked |= !w.is_empty() && (prefix || segment.starts_with('{'));
                path_words.extend(w);
            }
            let with_method = id_words.first().is_some_and(|w| w == method) && id_words[1..] == path_words[..];
            let found = if with_method {
                if marked || !matches!(method, "get" | "delete") { Spelling::Tool } else { Spelling::Either }
            } else if id_words == path_words {
                if ends_in_word && !marked { Spelling::Rpc } else { Spelling::Tool }
            } else {
                Spelling::No
            };
            best = best.max(found);
        }
    }
    best
}

/// What an id says, as words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    /// The namespace as the id writes it (`api-keys` of `api-keys.list`), if it has one.
    pub namespace: Option<String>,
    /// The namespace's words (`[api, keys]`).
    pub namespace_words: Vec<String>,
    /// The rest's words, less a tail that only spells the path and the method (FastAPI's
    /// `read_item_items__item_id__get` for `GET /items/{item_id}` → `[read, item]`).
    pub words: Vec<String>,
}

/// Where an id's namespace ends: its last `/`, `.` or `:`, or, when every `_` stands between
/// capitalised words (`Service_Method`), its last `_`.
fn namespace_cut(id: &str) -> Option<usize> {
    let cut = id.rfind(['/', '.', ':']).filter(|&at| at > 0 && at + 1 < id.len());
    if let Some(at) = cut.filter(|&at| !words(&id[..at]).is_empty() && !words(&id[at + 1..]).is_empty()) {
        return Some(at);
    }
    let parts: Vec<&str> = id.split('_').collect();
    let capitalised =
        |p: &str| p.starts_with(|c: char| c.is_ascii_uppercase()) && p.chars().any(|c| c.is_ascii_lowercase());
    (parts.len() >= 2 && parts.iter().all(|p| capitalised(p))).then(|| id.rfind('_')).flatten()
}

/// An id's namespace and words (`method` lower-case, and `path`, to know a tail that spells them).
pub fn parts(id: &str, method: &str, path: &str) -> Parts {
    let (namespace, rest) = match namespace_cut(id) {
        Some(at) => (Some(id[..at].to_string()), &id[at + 1..]),
        None => (None, id),
    };
    let mut own = words(rest);
    // A tail that spells the path (whole, or without `api` and versions) and then the method.
    for core in [false, true] {
        let mut tail: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty() && !(core && (s.eq_ignore_ascii_case("api") || is_version(s))))
            .flat_map(words)
            .collect();
        tail.push(method.to_string());
        if own.len() > tail.len() && own.ends_with(&tail) {
            own.truncate(own.len() - tail.len());
            break;
        }
    }
    Parts { namespace_words: namespace.as_deref().map(words).unwrap_or_default(), namespace, words: own }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(id: &str, method: &str, path: &str) -> IdKind {
        classify(&[(Some(id), method, path)])[0].unwrap()
    }

    #[test]
    fn a_tools_id_spells_the_method_and_the_path() {
        assert_eq!(one("PostCustomersCustomer", "post", "/v1/customers/{customer}"), IdKind::Echo);
        assert_eq!(one("get_api_v1_things_id", "get", "/api/v1/things/{id}"), IdKind::Echo);
        assert_eq!(one("get-v1-companies-company_id", "get", "/v1/companies/{company_id}"), IdKind::Echo);
        assert_eq!(one("delete_folders_id_metadata", "delete", "/folders/{folder_id}/metadata"), IdKind::Echo);
        assert_eq!(one("PostCustomers", "post", "/v1/customers"), IdKind::Echo);
        assert_eq!(one("customers_customer", "get", "/customers/{customer}"), IdKind::Echo);
        assert_eq!(one("createCustomer", "post", "/v1/customers"), IdKind::Person);
    }

    #[test]
    fn an_rpc_path_is_named_for_its_operation() {
        assert_eq!(one("invoiceCreate", "post", "/invoice/create"), IdKind::Person);
        assert_eq!(one("chat.postMessage", "post", "/chat.postMessage"), IdKind::Person);
        assert_eq!(one("auth_api_key", "post", "/auth/api-key"), IdKind::Person);
    }

    #[test]
    fn an_id_that_could_be_either_is_read_in_the_specs_style() {
        // gRPC-gateway: every other id is a person's, so `GetClusterInfo` is too.
        let people = [
            (Some("GetClusterInfo"), "get", "/api/v1/cluster-info"),
            (Some("RegisterNamespace"), "post", "/api/v1/namespaces"),
            (Some("DescribeNamespace"), "get", "/api/v1/namespaces/{namespace}"),
        ];
        assert_eq!(classify(&people)[0], Some(IdKind::Person));
        // Stripe: the others spell method and path, so `GetCustomers` does too.
        let tools = [
            (Some("GetCustomers"), "get", "/v1/customers"),
            (Some("PostCustomers"), "post", "/v1/customers"),
            (Some("GetCustomersCustomer"), "get", "/v1/customers/{customer}"),
        ];
        assert_eq!(classify(&tools)[0], Some(IdKind::Echo));
        assert_eq!(classify(&[(None, "get", "/x")]), [None]);
    }

    #[test]
    fn namespaces() {
        let s = |w: &[&str]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let split = |id: &str| {
            let p = parts(id, "get", "/x");
            (p.namespace_words, p.words)
        };
        assert_eq!(split("emails/send"), (s(&["emails"]), s(&["send"])));
        assert_eq!(split("api-keys.list"), (s(&["api", "keys"]), s(&["list"])));
        assert_eq!(parts("api-keys.list", "get", "/x").namespace.as_deref(), Some("api-keys"));
        assert_eq!(split("admin.users.list"), (s(&["admin", "users"]), s(&["list"])));
        assert_eq!(split("WorkflowService_StartWorkflow"), (s(&["workflow", "service"]), s(&["start", "workflow"])));
        assert_eq!(split("list_users"), (s(&[]), s(&["list", "users"])));
        assert_eq!(split("listUsers"), (s(&[]), s(&["list", "users"])));
        assert_eq!(split("/"), (s(&[]), s(&[])));
        // One cut for the namespace and the words: `Foo_Bar.-` has none at the `.`.
        assert_eq!(parts("Foo_Bar.-", "get", "/x").namespace.as_deref(), Some("Foo"));
    }

    #[test]
    fn a_tail_that_spells_the_path_and_method_is_no_part_of_the_name() {
        let own = |id: &str, method: &str, path: &str| parts(id, method, path).words.join("_");
        assert_eq!(own("read_item_items__item_id__get", "get", "/items/{item_id}"), "read_item");
        assert_eq!(own("create_user_api_v1_users_post", "post", "/api/v1/users"), "create_user");
        assert_eq!(own("get", "get", "/"), "get");
        assert_eq!(own("listItems", "get", "/items"), "list_items");
    }
}
