//! The reserved table (`resolve/reserved.rs`) against what the generated crate really defines:
//! `Client`'s methods in `templates/runtime/`, the crate root's names in `templates/lib.rs`, and
//! the call builders' own methods in a generated crate. A method added to the runtime without a
//! line in the table fails here, before a spec names an operation after it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::ext::IdentExt;
use xtask::resolve::reserved;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of the methods of every `impl` of `ty` in `items` and their modules, any visibility,
/// trait impls included (`IntoFuture::into_future` is a method a caller may call).
fn methods_of<'a>(items: impl IntoIterator<Item = &'a syn::Item>, ty: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut items: Vec<&syn::Item> = items.into_iter().collect();
    while let Some(item) = items.pop() {
        match item {
            syn::Item::Impl(block) => {
                let syn::Type::Path(path) = &*block.self_ty else { continue };
                if path.path.segments.last().is_some_and(|s| s.ident == ty) {
                    for inner in &block.items {
                        if let syn::ImplItem::Fn(f) = inner {
                            out.insert(f.sig.ident.to_string());
                        }
                    }
                }
            }
            syn::Item::Mod(module) => items.extend(module.content.iter().flat_map(|(_, items)| items)),
            // A derive is an impl too: `#[derive(Clone)]` gives `clone`.
            syn::Item::Struct(s) if s.ident == ty => {
                for attribute in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                    let _ = attribute.parse_nested_meta(|meta| {
                        let method = match meta.path.get_ident().map(|i| i.to_string()).as_deref() {
                            Some("Clone") => "clone",
                            Some("Debug") => "fmt",
                            Some("Default") => "default",
                            Some("PartialEq") => "eq",
                            _ => return Ok(()),
                        };
                        out.insert(method.to_string());
                        Ok(())
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn table(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_clients_methods_are_all_in_the_table() {
    let runtime = root().join("templates/runtime");
    let mut defined = BTreeSet::new();
    for entry in std::fs::read_dir(&runtime).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            defined.extend(methods_of(&parse(&path).items, "Client"));
        }
    }
    assert!(defined.contains("base_url") && defined.contains("execute"), "the runtime was read: {defined:?}");
    // The emitter writes `Client::builder()` itself.
    defined.insert("builder".into());
    assert_eq!(defined, table(reserved::CLIENT_METHODS), "`reserved::CLIENT_METHODS` against templates/runtime/");
}

/// `ClientBuilder`'s own methods, which a security scheme's or a login's method may not take.
#[test]
fn the_builders_methods_are_all_in_the_table() {
    let mut defined = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("templates/runtime")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            defined.extend(methods_of(&parse(&path).items, "ClientBuilder"));
        }
    }
    assert!(defined.contains("bearer_token") && defined.contains("build"), "the runtime was read: {defined:?}");
    assert_eq!(defined, table(reserved::BUILDER_METHODS), "`reserved::BUILDER_METHODS` against templates/runtime/");
}

/// A scheme named like a builder method (`build`) gets another name, and the fixtures' crate,
/// which has one, compiles (`cargo clippy -p fixture-sdk`).
#[test]
fn a_scheme_named_build_is_not_the_builders_build() {
    let lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/fixture-sdk/api-ir.json")).unwrap()).unwrap();
    let api: xtask::ir::Api = serde_json::from_value(lock["api"].clone()).unwrap();
    let build = api.schemes.iter().find(|s| s.name == "build").expect("the fixtures declare a scheme `build`");
    assert_eq!(build.method, "build_");
    for scheme in &api.schemes {
        assert!(!reserved::BUILDER_METHODS.contains(&scheme.method.as_str()), "{}", scheme.method);
    }
}

/// Every dependency of the generated crate (`templates/Cargo.toml.in`) is a name no group's module
/// takes: a module `serde` beside the types would hide the crate their derives name.
#[test]
fn the_dependencies_are_all_in_the_modules_table() {
    let manifest = std::fs::read_to_string(root().join("templates/Cargo.toml.in")).unwrap();
    let section = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    let deps: BTreeSet<String> = section
        .lines()
        .filter_map(|line| line.split_once(" = "))
        .map(|(name, _)| name.trim().replace('-', "_"))
        .collect();
    assert!(deps.contains("serde") && deps.contains("reqwest"), "{deps:?}");
    let modules = table(reserved::MODULES);
    let missing: Vec<&String> = deps.difference(&modules).collect();
    assert!(missing.is_empty(), "dependencies missing from `reserved::MODULES`: {missing:?}");
}

#[test]
fn the_crate_roots_names_are_all_in_the_table() {
    let lib = parse(&root().join("templates/lib.rs"));
    let mut defined = BTreeSet::new();
    fn uses(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(path) => uses(&path.tree, out),
            syn::UseTree::Name(name) => {
                out.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) => {
                out.insert(rename.rename.to_string());
            }
            syn::UseTree::Group(group) => group.items.iter().for_each(|t| uses(t, out)),
            syn::UseTree::Glob(_) => panic!("a glob re-export at the crate root cannot be held to the table"),
        }
    }
    for item in &lib.items {
        match item {
            syn::Item::Use(item) => uses(&item.tree, &mut defined),
            syn::Item::Mod(module) => {
                defined.insert(module.ident.to_string());
            }
            _ => {}
        }
    }
    assert!(defined.contains("Secret") && defined.contains("types"), "templates/lib.rs was read: {defined:?}");
    assert_eq!(defined, table(reserved::ROOT), "`reserved::ROOT` against templates/lib.rs");
}

/// Every method of a generated call builder is a setter of one of its operation's parameters or
/// in `CALL_METHODS`; read from the fixtures' crate, which has bodies, downloads and pages.
#[test]
fn the_call_builders_methods_are_all_in_the_table() {
    let crate_dir = root().join("tests/fixture-sdk");
    let lock: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate_dir.join("api-ir.json")).unwrap()).unwrap();
    let api: xtask::ir::Api = serde_json::from_value(lock["api"].clone()).unwrap();
    let client = parse(&crate_dir.join("src/client.rs"));
    let calls = table(reserved::CALL_METHODS);
    let mut seen = BTreeSet::new();
    // A group's module, inline or in a file of `src/client/`: its own name's, or its `#[path]`'s.
    let files: std::collections::BTreeMap<String, syn::File> = client
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.content.is_none() => Some(m),
            _ => None,
        })
        .map(|m| {
            let name = m.ident.unraw().to_string();
            let path = m.attrs.iter().find(|a| a.path().is_ident("path")).map(|a| match &a.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }),
                    ..
                }) => s.value(),
                _ => panic!("`#[path]` of `{name}` is not a string"),
            });
            let file = crate_dir.join("src").join(path.unwrap_or_else(|| format!("client/{name}.rs")));
            (name, parse(&file))
        })
        .collect();
    let module = |name: &str| -> Vec<&syn::Item> {
        if let Some(file) = files.get(name) {
            return file.items.iter().collect();
        }
        let found = client.items.iter().find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.iter().collect()),
            _ => None,
        });
        found.unwrap_or_else(|| panic!("no module `{name}` in the fixtures' client"))
    };
    // The root's builders: its items without the groups' modules.
    let root_items: Vec<&syn::Item> = client.items.iter().filter(|i| !matches!(i, syn::Item::Mod(_))).collect();
    for op in &api.operations {
        let setters: BTreeSet<String> = op.optional_params().map(|p| p.name.clone()).collect();
        let items = match &op.group {
            Some(group) => module(group),
            None => root_items.clone(),
        };
        for method in methods_of(items, &op.call) {
            assert!(
                setters.contains(&method) || calls.contains(&method),
                "`{}::{method}` is neither a setter of `{}` nor in `reserved::CALL_METHODS`",
                op.call,
                op.qualified_name()
            );
            if calls.contains(&method) {
                seen.insert(method);
            }
        }
    }
    // Every entry is something a builder has, so the table does not grow stale the other way; the
    // `as_` choosers exist per media kind, and the fixtures have only some of the combinations.
    let unseen: Vec<&String> = calls.difference(&seen).filter(|m| !m.starts_with("as_")).collect();
    assert!(unseen.is_empty(), "entries of `CALL_METHODS` that no builder of the fixtures' crate has: {unseen:?}");
}

/// Windows keeps some file names for devices, whatever their extension: a crate with a file
/// `src/client/aux.rs` cannot be checked out there. The fixtures' spec has groups named so.
#[test]
fn no_generated_file_has_a_name_windows_keeps() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { walk(&path, out) } else { out.push(path) }
        }
    }
    let kept = |stem: &str| {
        let stem = stem.to_ascii_lowercase();
        ["con", "prn", "aux", "nul"].contains(&stem.as_str())
            || ((stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit())
    };
    let mut files = Vec::new();
    walk(&root().join("tests/fixture-sdk"), &mut files);
    walk(&root().join("generated"), &mut files);
    assert!(files.iter().any(|f| f.ends_with("src/client/aux-group.rs")), "the fixtures have a group `aux`");
    let bad: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.file_stem().and_then(|s| s.to_str()).is_some_and(|s| kept(s.split('.').next().unwrap_or(s))))
        .collect();
    assert!(bad.is_empty(), "files Windows cannot hold: {bad:?}");
}

/// clippy's `should_implement_trait` names that a `&self` method may have (with any return type,
/// as a group's method has): the ones clippy reads as std's when it takes as many arguments.
const TRAIT_METHODS_ON_REF: &[&str] = &["as_ref", "borrow", "clone", "cmp", "deref", "eq", "hash", "index"];

/// A group's handle: its derives' methods are in `HANDLE_METHODS`, and the fixture's "Handle" group
/// (`tests/faithful/reserved_names.yaml`: an operation named for each such method, and for
/// clippy's conventions `new`, `default`, `next`, `from_str`, `from_`/`into_`/`to_`/`is_`...)
/// keeps out of every one of them. The fixture crate passes `clippy -D warnings` in CI: a name
/// clippy reads as a convention and the table misses fails there.
#[test]
fn a_groups_handle_takes_no_name_its_conventions_claim() {
    let handle = root().join("tests/fixture-sdk/src/client/handle.rs");
    let file = parse(&handle);
    // Every method the handle has besides the operations' (its derives': `clone`, `fmt`).
    let text = std::fs::read_to_string(&handle).unwrap();
    let own: BTreeSet<String> = methods_of(&file.items, "Handle")
        .into_iter()
        .filter(|m| !text.contains(&format!("pub fn {m}(&self")))
        .collect();
    assert!(!own.is_empty());
    for method in &own {
        assert!(reserved::HANDLE_METHODS.contains(&method.as_str()), "the handle has `{method}` of its own");
    }
    for name in reserved::HANDLE_METHODS {
        assert!(!text.contains(&format!("pub fn {name}(")), "the handle has a method `{name}`");
        assert!(text.contains(&format!("pub fn {name}_(")), "the fixture has no operation `{name}` in a group");
    }
    let fixture = std::fs::read_to_string(root().join("tests/faithful/reserved_names.yaml")).unwrap();
    for name in TRAIT_METHODS_ON_REF.iter().chain(&["new", "default", "next", "from_str", "into_iter", "to_string"]) {
        assert!(fixture.contains(&format!("operationId: {name}\n")), "the fixture has no operation `{name}`");
    }
}
