//! Resolve: the merged API (OpenAPI terms) → the IR (Rust terms). Inline schemas are interned by
//! structure, so the same shape on fifty pages is one type; names are chosen after everything is
//! known, from keys that do not depend on file order.

mod all_of;
mod auth;
mod bindings;
mod bodies;
mod boxing;
mod credentials;
mod cycles;
mod fit;
mod grouping;
pub mod ids;
mod login;
mod methods;
mod names;
mod operation;
mod pagination;
mod pointer;
pub mod reserved;
mod resource;
mod schema;
mod sent;
mod symbols;
mod union;
mod view;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::diag::{Diagnostic, Errors, Location};
use crate::ir::{self, TypeKind, TypeRef};
use crate::merge::Api;

pub use login::login;

/// A name a type could take, from how it was met. Components and titles are names the spec gives;
/// a place is where an inline schema sits: below a base (an operation's or a component's name),
/// a path of words (`[Response, AppConnection]`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Candidate {
    Component(String),
    Title(String),
    /// `scope` is the operation's group in the singular (`Secret`), empty for a component.
    Place {
        base: String,
        scope: String,
        tail: Vec<String>,
    },
}

#[derive(Debug)]
struct Entry {
    /// Structural identity: a digest of the type's definition with each child replaced by the
    /// child's own key (`ref:Name` for components). Independent of the order pages were read in.
    key: String,
    def: Option<Def>,
    candidates: Vec<Candidate>,
}

#[derive(Debug, Clone)]
struct Def {
    kind: TypeKind,
    doc: Option<String>,
    deprecated: bool,
}

/// Where in the document we are, and what to call a type defined here.
#[derive(Debug, Clone)]
struct Ctx {
    /// What types defined here are named from: an operation's type base or a component's name.
    base: String,
    /// The operation's group in the singular, as a type name (`Secret`); empty for a component.
    scope: String,
    /// The words of the path from the base to here (`[Response, AppConnection]`).
    tail: Vec<String>,
    file: PathBuf,
    /// The line the document starts on in `file`: where the pointer is searched from.
    line: usize,
    pointer: String,
    /// Request side: optional + nullable fields get three states.
    request: bool,
    /// In a multipart or binary body: `format: binary` is a file, not text.
    files: bool,
    /// A component's pre-allocated id, which the first type defined here fills.
    slot: Option<usize>,
}

impl Ctx {
    /// A nested context. `segments` are the pointer's segments below this one, unescaped; `word`
    /// is what the place adds to the names of types defined there (nothing when empty).
    fn child(&self, word: &str, segments: &[&str]) -> Ctx {
        let mut tail = self.tail.clone();
        if !word.is_empty() {
            tail.push(crate::ident::type_name(word));
        }
        self.at(tail, segments)
    }

    /// The items of an array: named for one of what the array holds (`permissions` → `Permission`),
    /// or `...Item` when the word has no singular of its own.
    fn item(&self) -> Ctx {
        let mut tail = self.tail.clone();
        let singular = tail.last().map(|word| crate::ident::singular(word));
        match (singular, tail.last_mut()) {
            (Some(singular), Some(last)) if !singular.is_empty() && singular != *last => {
                *last = crate::ident::type_name(&singular)
            }
            _ => tail.push("Item".into()),
        }
        self.at(tail, &["items"])
    }

    fn at(&self, tail: Vec<String>, segments: &[&str]) -> Ctx {
        Ctx {
            base: self.base.clone(),
            scope: self.scope.clone(),
            tail,
            file: self.file.clone(),
            line: self.line,
            pointer: format!("{}{}", self.pointer, crate::diag::pointer(segments)),
            request: self.request,
            files: self.files,
            slot: None,
        }
    }

    fn location(&self) -> Location {
        Location::at(&self.file, self.line).with_pointer(self.pointer.clone())
    }
}

pub struct Resolver<'a> {
    api: &'a Api,
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
    components: BTreeMap<String, usize>,
    diagnostics: Vec<Diagnostic>,
    /// Nesting of inline schemas being resolved, bounded by `schema::MAX_DEPTH`.
    depth: usize,
    /// Components whose properties an enclosing `allOf` is merging (a guard against recursion).
    merging: Vec<String>,
    /// How many type definitions were made before deduplication.
    defined: usize,
}

/// The IR and the warnings met on the way.
pub struct Resolution {
    pub api: ir::Api,
    pub warnings: Vec<Diagnostic>,
    /// Type definitions met in the specs, before structural deduplication made them `api.types`.
    pub definitions: usize,
}

pub fn resolve(api: &Api, component_file: PathBuf) -> Result<Resolution, Errors> {
    let mut resolver = Resolver {
        api,
        entries: Vec::new(),
        by_key: HashMap::new(),
        components: BTreeMap::new(),
        diagnostics: Vec::new(),
        depth: 0,
        merging: Vec::new(),
        defined: 0,
    };
    resolver.resolve_components(&component_file);
    let schemes = resolver.schemes(&component_file);
    let (operations, labels) = resolver.resolve_operations();
    resolver.finish(operations, labels, schemes)
}

/// The wire name of a struct's only field, which a shared type without a better name is named for.
fn single_field(def: &Def) -> Option<&str> {
    match &def.kind {
        TypeKind::Struct(s) if s.fields.len() == 1 => Some(s.fields[0].wire.as_str()),
        _ => None,
    }
}

/// A name from a small union's variants or a small enum's values (`StringOrArray`, `SharedOrPersonal`).
fn structural_name(def: &Def) -> Option<String> {
    let words: Vec<String> = match &def.kind {
        // Most specific first, whatever the order the spec lists them in (a name is not an order).
        TypeKind::Union(u) if u.variants.len() <= 3 => {
            let specificity =
                |v: &ir::Variant| v.fit.as_ref().map_or(0, |f| f.required.len() * 1000 + f.properties.len());
            let mut variants: Vec<&ir::Variant> = u.variants.iter().collect();
            variants.sort_by_key(|v| std::cmp::Reverse(specificity(v)));
            variants.iter().map(|v| v.name.clone()).collect()
        }
        TypeKind::Enum(e) if e.values.len() <= 3 => e.values.iter().map(|v| v.name.clone()).collect(),
        _ => return None,
    };
    Some(words.join("Or"))
}

fn placeholder(id: usize) -> String {
    format!("@{id}")
}

fn id_of(name: &str) -> Option<usize> {
    name.strip_prefix('@')?.parse().ok()
}

impl<'a> Resolver<'a> {
    fn resolve_components(&mut self, file: &std::path::Path) {
        let mut names: Vec<&String> = self.api.components.schemas.keys().collect();
        names.sort();
        let sent = sent::request_components(self.api);
        for name in &names {
            let id = self.entries.len();
            self.entries.push(Entry {
                key: format!("ref:{name}"),
                def: None,
                candidates: vec![Candidate::Component(crate::ident::type_name_raw(name))],
            });
            self.components.insert((*name).clone(), id);
        }
        for name in names {
            let id = self.components[name];
            let schema = view::SRef::of(&self.api.components.schemas[name]);
            let ctx = Ctx {
                base: crate::ident::type_name(name),
                scope: String::new(),
                tail: Vec::new(),
                file: file.to_path_buf(),
                line: 1,
                pointer: crate::diag::pointer(&["components", "schemas", name]),
                request: sent.contains(name.as_str()),
                files: false,
                slot: Some(id),
            };
            let resolved = self.schema(schema, &ctx);
            if self.entries[id].def.is_none() {
                let doc = schema.item().and_then(|s| s.schema_data.description.clone());
                self.entries[id].def =
                    Some(Def { kind: TypeKind::Alias { target: resolved.ty }, doc, deprecated: false });
            }
        }
    }

    /// Registers a type and returns a reference to it: into the context's slot when it has one,
    /// else interned by structure.
    fn define(&mut self, def: Def, title: Option<&str>, ctx: &Ctx) -> TypeRef {
        self.defined += 1;
        if let Some(id) = ctx.slot {
            if let Some(title) = title {
                self.entries[id].candidates.push(Candidate::Title(crate::ident::type_name_raw(title)));
            }
            self.entries[id].def = Some(def);
            return TypeRef::Named(placeholder(id));
        }
        let key = self.key(&def);
        // A title is the better name; the place stays a fallback, for when another type has the
        // title too.
        let place = Candidate::Place { base: ctx.base.clone(), scope: ctx.scope.clone(), tail: ctx.tail.clone() };
        let mut candidates: Vec<Candidate> =
            title.map(|t| Candidate::Title(crate::ident::type_name_raw(t))).into_iter().collect();
        candidates.push(place);
        if let Some(&id) = self.by_key.get(&key) {
            self.entries[id].candidates.extend(candidates);
            return TypeRef::Named(placeholder(id));
        }
        let id = self.entries.len();
        self.entries.push(Entry { key: key.clone(), def: Some(def), candidates });
        self.by_key.insert(key, id);
        TypeRef::Named(placeholder(id))
    }

    fn key(&self, def: &Def) -> String {
        let mut kind = def.kind.clone();
        names::visit_kind_names(&mut kind, &mut |name| {
            if let Some(id) = id_of(name) {
                *name = self.entries[id].key.clone();
            }
        });
        // A fixed-size digest: embedding children's keys verbatim would escape them again at
        // every level of nesting, and grow exponentially with depth.
        let text = serde_json::to_string(&(&kind, &def.doc, def.deprecated)).unwrap_or_default();
        format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
    }

    fn warn(&mut self, ctx: &Ctx, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(ctx.location(), message));
    }

    fn error(&mut self, ctx: &Ctx, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(ctx.location(), message));
    }

    fn finish(
        mut self,
        mut operations: Vec<ir::Operation>,
        labels: BTreeMap<String, ir::GroupOrigin>,
        mut schemes: Vec<ir::Scheme>,
    ) -> Result<Resolution, Errors> {
        fit::complete(&mut self);
        let (errors, warnings): (Vec<_>, Vec<_>) =
            self.diagnostics.into_iter().partition(|d| d.severity == crate::diag::Severity::Error);
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let structural: Vec<Option<String>> =
            self.entries.iter().map(|e| e.def.as_ref().and_then(structural_name)).collect();
        let inputs: Vec<names::Input> = self
            .entries
            .iter()
            .zip(&structural)
            .map(|(e, structural)| names::Input {
                key: &e.key,
                candidates: &e.candidates,
                single_field: e.def.as_ref().and_then(single_field),
                structural: structural.as_deref(),
            })
            .collect();
        let final_names = names::assign(&inputs);
        let rename = |name: &mut String| {
            if let Some(id) = id_of(name) {
                *name = final_names[id].clone();
            }
        };
        let mut types = Vec::new();
        for (id, entry) in self.entries.into_iter().enumerate() {
            let Some(mut def) = entry.def else { continue };
            names::visit_kind_names(&mut def.kind, &mut |n| rename(n));
            union::name_variants(&mut def.kind);
            types.push(ir::TypeDef {
                name: final_names[id].clone(),
                doc: def.doc,
                deprecated: def.deprecated,
                kind: def.kind,
            });
        }
        types.sort_by(|a, b| a.name.cmp(&b.name));
        for operation in &mut operations {
            operation::visit_operation_names(operation, &mut |n| rename(n));
        }
        boxing::box_nested_objects(&mut types);
        cycles::box_cycles(&mut types);
        pagination::detect(&types, &mut operations);
        let mut servers: Vec<ir::Server> = self
            .api
            .servers
            .iter()
            .map(|s| ir::Server { url: s.url.clone(), description: s.description.clone(), constructor: None })
            .collect();
        let groups = symbols::decide(&mut operations, &mut servers, &labels);
        symbols::scheme_methods(&mut schemes);
        let api = ir::Api {
            title: self.api.title.clone(),
            description: self.api.description.clone(),
            version: self.api.version.clone(),
            servers,
            groups,
            types,
            operations,
            schemes,
            login: None,
        };
        Ok(Resolution { api, warnings, definitions: self.defined })
    }
}
