//! Merge: many single-operation pages → one `Api` (operations sorted by path and method, one pool of
//! components). The same operation on two pages is fine when both say the same thing, and an error
//! naming both files when they do not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openapiv3::{Components, OpenAPI, Operation, Parameter, ReferenceOr, Server};

use crate::diag::{Diagnostic, Errors, Location, pointer};
use crate::load::{Origins, Page};

/// The whole API, still in OpenAPI terms: the resolver's input.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    pub servers: Vec<Server>,
    pub operations: Vec<SourcedOperation>,
    pub components: Components,
    /// Where the loader moved parts of each page's document from (other files of a multi-file
    /// spec, 3.1 read as 3.0), by the page's file and first line.
    pub origins: BTreeMap<(PathBuf, usize), Origins>,
    /// The page each component came from (`/components/schemas/Name` → file, first line).
    pub component_pages: BTreeMap<String, (PathBuf, usize)>,
}

impl Api {
    /// Points a diagnostic's location, which knows the page and a pointer into the merged API,
    /// at the file and pointer where that part was written: a component at the page that
    /// defined it, a part the loader moved at its origin.
    pub fn locate(&self, location: &mut Location) {
        let Some(pointer) = location.pointer.as_deref() else { return };
        if pointer.starts_with("/components/") {
            let component: String = pointer.split('/').take(4).collect::<Vec<_>>().join("/");
            if let Some((file, line)) = self.component_pages.get(&component) {
                location.file = file.clone();
                location.line = Some(*line);
            }
        }
        let page = (location.file.clone(), location.line.unwrap_or(1));
        if let Some(origins) = self.origins.get(&page) {
            origins.locate(&page.0, page.1, location);
        }
    }
}

#[derive(Debug, Clone)]
pub struct SourcedOperation {
    /// Lower-case HTTP method.
    pub method: String,
    pub path: String,
    pub operation: Operation,
    /// Parameters declared on the path item, shared by its operations.
    pub path_parameters: Vec<ReferenceOr<Parameter>>,
    pub file: PathBuf,
    /// The line where the operation's document starts in `file`.
    pub first_line: usize,
    pub source_url: Option<String>,
    /// The operation's security requirements, else the document's; `None` when neither says.
    pub security: Option<Vec<openapiv3::SecurityRequirement>>,
    /// Where they were written (a JSON pointer into the page's document).
    pub security_at: String,
}

const METHOD_ORDER: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Takes the pages by value: their operations and components move into the `Api` uncopied.
pub fn merge(mut pages: Vec<Page>) -> Result<Api, Errors> {
    pages.sort_by(|a, b| (&a.file, a.first_line).cmp(&(&b.file, b.first_line)));

    let mut api = Api::default();
    let mut errors = Vec::new();
    let mut operations: BTreeMap<(String, usize, String), SourcedOperation> = BTreeMap::new();
    let mut component_owner: BTreeMap<String, PathBuf> = BTreeMap::new();

    for page in pages {
        let Page { file, first_line, source_url, mut document, origins, .. } = page;
        if !origins.is_empty() {
            api.origins.insert((file.clone(), first_line), origins);
        }
        if let Some(components) = &document.components {
            let sections = [
                ("schemas", components.schemas.keys().collect::<Vec<_>>()),
                ("parameters", components.parameters.keys().collect()),
                ("requestBodies", components.request_bodies.keys().collect()),
                ("responses", components.responses.keys().collect()),
                ("securitySchemes", components.security_schemes.keys().collect()),
            ];
            for (kind, names) in sections {
                for name in names {
                    let key = pointer(&["components", kind, name]);
                    api.component_pages.entry(key).or_insert_with(|| (file.clone(), first_line));
                }
            }
        }
        take_info(&mut api, &document);
        for server in std::mem::take(&mut document.servers) {
            if !api.servers.iter().any(|s| s.url == server.url) {
                api.servers.push(server);
            }
        }
        if let Some(components) = document.components.take()
            && let Err(e) = merge_components(&mut api.components, &mut component_owner, components, &file, first_line)
        {
            errors.push(*e);
        }
        for (path, item) in std::mem::take(&mut document.paths.paths) {
            let ReferenceOr::Item(mut item) = item else {
                errors.push(Diagnostic::error(
                    Location::at(&file, first_line).with_pointer(pointer(&["paths", &path])),
                    "a path item given as `$ref` is not supported",
                ));
                continue;
            };
            let path_parameters = std::mem::take(&mut item.parameters);
            for (method, operation) in take_operations(&mut item) {
                let rank = METHOD_ORDER.iter().position(|m| *m == method).unwrap_or(METHOD_ORDER.len());
                // A document's `security: []` says nothing of its operations: documentation pages
                // write it at the top of every page, those of operations that need a token
                // included (13 of the 34 corpus pages). An operation's own `[]` means none.
                let (security, security_at) = match (&operation.security, &document.security) {
                    (Some(own), _) => (Some(own.clone()), pointer(&["paths", &path, method, "security"])),
                    (None, Some(document)) if !document.is_empty() => (Some(document.clone()), pointer(&["security"])),
                    (None, _) => (None, String::new()),
                };
                let incoming = SourcedOperation {
                    method: method.to_string(),
                    path: path.clone(),
                    operation,
                    path_parameters: path_parameters.clone(),
                    file: file.clone(),
                    first_line,
                    source_url: source_url.clone(),
                    security,
                    security_at,
                };
                let key = (path.clone(), rank, method.to_string());
                match operations.get(&key) {
                    None => {
                        operations.insert(key, incoming);
                    }
                    Some(existing) if same_operation(existing, &incoming) => {}
                    Some(existing) => errors.push(
                        Diagnostic::error(
                            Location::at(&file, first_line),
                            format!(
                                "`{} {path}` is also defined by {}:{}, differently",
                                method.to_uppercase(),
                                existing.file.display(),
                                existing.first_line
                            ),
                        )
                        .hint("keep one of the two pages, or make them agree"),
                    ),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    api.operations = operations.into_values().collect();
    Ok(api)
}

/// A path item's operations, moved out, in `PathItem::iter`'s order.
fn take_operations(item: &mut openapiv3::PathItem) -> Vec<(&'static str, Operation)> {
    let slots = [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ];
    slots.into_iter().filter_map(|(method, slot)| slot.take().map(|op| (method, op))).collect()
}

/// The first page (in path order) that has a title and version names the API.
fn take_info(api: &mut Api, document: &OpenAPI) {
    if api.title.is_empty() && !document.info.title.is_empty() {
        api.title = document.info.title.clone();
        api.description = document.info.description.clone();
        api.version = document.info.version.clone();
    }
}

fn same_operation(a: &SourcedOperation, b: &SourcedOperation) -> bool {
    let json = |o: &SourcedOperation| serde_json::to_value((&o.operation, &o.path_parameters)).ok();
    json(a) == json(b)
}

fn merge_components(
    pool: &mut Components,
    owner: &mut BTreeMap<String, PathBuf>,
    components: Components,
    file: &Path,
    first_line: usize,
) -> Result<(), Box<Diagnostic>> {
    let page = (file, first_line);
    merge_map(&mut pool.schemas, components.schemas, "schemas", owner, page)?;
    merge_map(&mut pool.parameters, components.parameters, "parameters", owner, page)?;
    merge_map(&mut pool.request_bodies, components.request_bodies, "requestBodies", owner, page)?;
    merge_map(&mut pool.responses, components.responses, "responses", owner, page)?;
    // Headers shape no type of their own, but a `$ref` may point at a header's schema.
    merge_map(&mut pool.headers, components.headers, "headers", owner, page)?;
    // Every page carries the schemes its operation uses: merged by name. Pages of the older
    // format describe the same bearer scheme with fewer words: of two that differ only in words,
    // the one with a description wins (then the first in JSON order, whatever the pages' order);
    // a scheme of another kind under one name is an error.
    for (name, scheme) in components.security_schemes {
        match pool.security_schemes.get(&name) {
            None => {
                pool.security_schemes.insert(name, scheme);
            }
            Some(existing) if same_kind(existing, &scheme) => {
                if preference(&scheme) < preference(existing) {
                    pool.security_schemes.insert(name, scheme);
                }
            }
            Some(_) => {
                return Err(Box::new(Diagnostic::error(
                    Location::at(file, first_line).with_pointer(pointer(&["components", "securitySchemes", &name])),
                    format!("security scheme `{name}` is also defined by another page, as another kind"),
                )));
            }
        }
    }
    Ok(())
}

/// Which of two descriptions of one scheme to keep: the lesser.
fn preference(scheme: &ReferenceOr<openapiv3::SecurityScheme>) -> (bool, String) {
    use openapiv3::SecurityScheme as S;
    let described = match scheme {
        ReferenceOr::Item(
            S::HTTP { description, .. }
            | S::APIKey { description, .. }
            | S::OAuth2 { description, .. }
            | S::OpenIDConnect { description, .. },
        ) => description.is_some(),
        ReferenceOr::Reference { .. } => false,
    };
    (!described, serde_json::to_string(scheme).unwrap_or_default())
}

/// Whether two schemes send the same credential the same way (descriptions aside).
fn same_kind(a: &ReferenceOr<openapiv3::SecurityScheme>, b: &ReferenceOr<openapiv3::SecurityScheme>) -> bool {
    use openapiv3::SecurityScheme as S;
    match (a, b) {
        (ReferenceOr::Item(S::HTTP { scheme: a, .. }), ReferenceOr::Item(S::HTTP { scheme: b, .. })) => {
            a.eq_ignore_ascii_case(b)
        }
        (
            ReferenceOr::Item(S::APIKey { location: a, name: an, .. }),
            ReferenceOr::Item(S::APIKey { location: b, name: bn, .. }),
        ) => a == b && an == bn,
        (ReferenceOr::Item(S::OAuth2 { flows: a, .. }), ReferenceOr::Item(S::OAuth2 { flows: b, .. })) => a == b,
        (ReferenceOr::Item(S::OpenIDConnect { .. }), ReferenceOr::Item(S::OpenIDConnect { .. })) => true,
        (a, b) => serde_json::to_value(a).ok() == serde_json::to_value(b).ok(),
    }
}

fn merge_map<T: serde::Serialize>(
    pool: &mut indexmap::IndexMap<String, T>,
    incoming: indexmap::IndexMap<String, T>,
    kind: &str,
    owner: &mut BTreeMap<String, PathBuf>,
    (file, first_line): (&Path, usize),
) -> Result<(), Box<Diagnostic>> {
    for (name, value) in incoming {
        let key = format!("{kind}/{name}");
        match pool.get(&name) {
            None => {
                pool.insert(name, value);
                owner.insert(key, file.to_path_buf());
            }
            Some(existing) if serde_json::to_value(existing).ok() == serde_json::to_value(&value).ok() => {}
            Some(_) => {
                let other = owner.get(&key).cloned().unwrap_or_default();
                return Err(Box::new(Diagnostic::error(
                    Location::at(file, first_line).with_pointer(pointer(&["components", kind, &name])),
                    format!("component `{name}` is also defined by {}, differently", other.display()),
                )));
            }
        }
    }
    Ok(())
}
