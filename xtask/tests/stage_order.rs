//! The generator's data flows one way (docs/design.md, "Data flow"): load → merge → resolve →
//! emit → write, with the commands that run it (report, codegen, bench) above and the model and
//! diagnostics below. This test reads every `use` and `crate::`/`super::` path of `xtask/src` and
//! fails on an import from a module to one of a later stage, and on modules of one folder that
//! import each other in a circle. The stages are written here, not derived: a new module fails
//! until someone decides where it stands.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The top-level modules of `xtask/src`, stage by stage: a module may import from an earlier
/// stage, never from its own stage or a later one (within one module, anything goes, but see the
/// cycle check).
const STAGES: &[(&str, &[&str])] = &[
    ("leaves: identifiers, YAML positions", &["ident", "yaml"]),
    ("diagnostics and the IR", &["diag", "ir"]),
    ("over the IR: the lock file, type usage, sample values", &["lock", "usage", "samples"]),
    ("load, and the package metadata read beside it", &["load", "package"]),
    ("scrape: fetches pages, checked with load's reader", &["scrape"]),
    ("merge", &["merge"]),
    ("resolve", &["resolve"]),
    ("emit, and the IR written back as OpenAPI", &["emit", "openapi_out"]),
    ("write", &["write"]),
    ("report: two IRs compared, named as emit names them", &["report"]),
    ("codegen: the whole pipeline", &["codegen"]),
    ("bench and survey: codegen timed, and measured over many specs", &["bench", "survey"]),
];

/// A module by its path from the crate root (`["load", "bundle", "naming"]`).
type Module = Vec<String>;

/// One reference from a file's module to another module of the crate.
#[derive(Debug, Clone)]
struct Reference {
    from: Module,
    to: Module,
    file: String,
    /// The path as written, `crate::` or `super::` included.
    text: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module file of the library (not `main.rs`, a crate of its own; not `lib.rs`, which only
/// declares modules), by module path, with its text.
fn module_files(src: &Path) -> Vec<(Module, String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let mut module: Module = relative.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            let last = module.pop().unwrap();
            match last.as_str() {
                "main.rs" | "lib.rs" if module.is_empty() => continue,
                "mod.rs" => {}
                name => module.push(name.trim_end_matches(".rs").to_string()),
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((module, relative.display().to_string(), text));
        }
    }
    out.sort();
    out
}

/// The paths a file names: each `use` tree expanded into whole paths, and every path that starts
/// with `crate::`, `super::` or `self::` elsewhere. Code under `#[cfg(test)]` is left out (tests
/// drive the whole pipeline), and so is the inside of `quote!`, which is generated code whose
/// `crate::` is the generated crate.
fn paths(tokens: TokenStream) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == '#' && is_cfg_test(tokens.get(i + 1)) => {
                // Skip the item: up to its body (a brace group) or its closing `;`.
                i += 2;
                while i < tokens.len() {
                    match &tokens[i] {
                        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => break,
                        TokenTree::Punct(p) if p.as_char() == ';' => break,
                        _ => i += 1,
                    }
                }
            }
            TokenTree::Ident(name) if name == "quote" && is_bang(tokens.get(i + 1)) => i += 2,
            TokenTree::Ident(name) if name == "use" => {
                let end = (i..tokens.len())
                    .find(|&j| matches!(&tokens[j], TokenTree::Punct(p) if p.as_char() == ';'))
                    .unwrap_or(tokens.len());
                use_tree(&tokens[i + 1..end], Vec::new(), &mut out);
                i = end;
            }
            TokenTree::Ident(name) if ["crate", "super", "self"].contains(&name.to_string().as_str()) => {
                let (path, next) = path_at(&tokens, i);
                if path.len() > 1 {
                    out.push(path);
                }
                i = next - 1;
            }
            TokenTree::Group(group) => out.extend(paths(group.stream())),
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_cfg_test(token: Option<&TokenTree>) -> bool {
    let Some(TokenTree::Group(group)) = token else { return false };
    group.delimiter() == Delimiter::Bracket && group.stream().to_string().replace(' ', "") == "cfg(test)"
}

fn is_bang(token: Option<&TokenTree>) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == '!')
}

fn is_path_separator(tokens: &[TokenTree], i: usize) -> bool {
    matches!((tokens.get(i), tokens.get(i + 1)), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':')
}

/// `a::b::c` from `tokens[start]`: its segments, and the index just past it.
fn path_at(tokens: &[TokenTree], start: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    let mut i = start;
    while let Some(TokenTree::Ident(segment)) = tokens.get(i) {
        segments.push(segment.to_string());
        if !is_path_separator(tokens, i + 1) {
            return (segments, i + 1);
        }
        i += 3;
    }
    (segments, i)
}

/// Expands a `use` tree (`super::{a, b::{c, self}}`) into whole paths below `prefix`.
fn use_tree(tokens: &[TokenTree], prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let (segments, next) = path_at(tokens, 0);
    let mut path = prefix;
    path.extend(segments.into_iter().filter(|s| s != "self"));
    match tokens.get(next + usize::from(is_path_separator(tokens, next)) * 2) {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            for part in inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
                if !part.is_empty() {
                    use_tree(part, path.clone(), out);
                }
            }
        }
        _ => out.push(path),
    }
}

/// Every reference from a module of the crate to another, found in the files.
fn references(files: &[(Module, String, String)]) -> Vec<Reference> {
    let known: BTreeSet<&Module> = files.iter().map(|(module, ..)| module).collect();
    let mut out = Vec::new();
    for (module, file, text) in files {
        let tokens: TokenStream = text.parse().unwrap_or_else(|e| panic!("{file} does not lex: {e:?}"));
        for path in paths(tokens) {
            let absolute: Module = match path[0].as_str() {
                "crate" => path[1..].to_vec(),
                "super" => {
                    let supers = path.iter().take_while(|s| *s == "super").count();
                    let base = &module[..module.len().saturating_sub(supers)];
                    base.iter().chain(&path[supers..]).cloned().collect()
                }
                "self" => module.iter().chain(&path[1..]).cloned().collect(),
                // A `use` of a child module by its bare name (`use diff::Change` in report/mod.rs);
                // anything else is another crate.
                _ => module.iter().chain(&path).cloned().collect(),
            };
            let Some(to) = (1..=absolute.len()).rev().map(|n| absolute[..n].to_vec()).find(|m| known.contains(m))
            else {
                continue;
            };
            if to != *module {
                out.push(Reference { from: module.clone(), to, file: file.clone(), text: path.join("::") });
            }
        }
    }
    out
}

fn stage_of(module: &str) -> Option<usize> {
    STAGES.iter().position(|(_, modules)| modules.contains(&module))
}

/// What is wrong with the references: imports against the stage order, modules the order does not
/// place, and circles among the modules of one folder.
fn problems(files: &[(Module, String, String)]) -> Vec<String> {
    let references = references(files);
    let mut out = Vec::new();
    let tops: BTreeSet<&str> = files.iter().map(|(module, ..)| module[0].as_str()).collect();
    for top in tops.iter().filter(|top| stage_of(top).is_none()) {
        out.push(format!("module `{top}` has no stage: add it to STAGES in xtask/tests/stage_order.rs"));
    }
    // A path named twice in a file is one problem.
    let mut seen = BTreeSet::new();
    for r in &references {
        let (Some(from), Some(to)) = (stage_of(&r.from[0]), stage_of(&r.to[0])) else { continue };
        if r.from[0] != r.to[0] && from <= to && seen.insert((&r.file, &r.text)) {
            out.push(format!(
                "{}: `{}` imports against the data flow: `{}` (stage {}, {}) may not import `{}` (stage {}, {})",
                r.file,
                r.text,
                r.from[0],
                from + 1,
                STAGES[from].0,
                r.to[0],
                to + 1,
                STAGES[to].0
            ));
        }
    }
    out.extend(cycles(&references));
    out
}

/// Circles among siblings: modules of one parent (the crate root included), where a sibling
/// imports another when any file inside it names anything inside the other. A child naming its
/// parent, or the parent a child, is one module and no circle.
fn cycles(references: &[Reference]) -> Vec<String> {
    type Edges<'a> = BTreeMap<String, BTreeMap<String, Vec<&'a Reference>>>;
    let mut by_parent: BTreeMap<Module, Edges> = BTreeMap::new();
    for r in references {
        let common = r.from.iter().zip(&r.to).take_while(|(a, b)| a == b).count();
        let (Some(a), Some(b)) = (r.from.get(common), r.to.get(common)) else { continue };
        let edges = by_parent.entry(r.from[..common].to_vec()).or_default();
        edges.entry(a.clone()).or_default().entry(b.clone()).or_default().push(r);
    }
    let mut out = Vec::new();
    for (parent, edges) in &by_parent {
        for component in strongly_connected(edges).into_iter().filter(|c| c.len() > 1) {
            let place = if parent.is_empty() { "the crate root".to_string() } else { parent.join("::") };
            let ties: Vec<String> = component
                .iter()
                .flat_map(|a| {
                    let targets = edges.get(a).into_iter().flatten();
                    targets.filter(|(b, _)| component.contains(*b)).map(move |(b, rs)| {
                        let names: BTreeSet<String> = rs.iter().map(|r| format!("{}: {}", r.file, r.text)).collect();
                        format!("  {a} -> {b}: {}", names.into_iter().collect::<Vec<_>>().join(", "))
                    })
                })
                .collect();
            out.push(format!("modules of {place} import each other in a circle:\n{}", ties.join("\n")));
        }
    }
    out
}

/// Tarjan's strongly connected components of a small graph.
fn strongly_connected<T>(edges: &BTreeMap<String, BTreeMap<String, T>>) -> Vec<BTreeSet<String>> {
    struct State<'a, T> {
        edges: &'a BTreeMap<String, BTreeMap<String, T>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a, T>(s: &mut State<'a, T>, node: &'a str) {
        let n = s.index.len();
        s.index.insert(node, n);
        s.low.insert(node, n);
        s.stack.push(node);
        for next in s.edges.get(node).into_iter().flat_map(|e| e.keys()) {
            if !s.index.contains_key(next.as_str()) {
                visit(s, next);
                let low = s.low[node].min(s.low[next.as_str()]);
                s.low.insert(node, low);
            } else if s.stack.contains(&next.as_str()) {
                let low = s.low[node].min(s.index[next.as_str()]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = BTreeSet::new();
            while let Some(top) = s.stack.pop() {
                component.insert(top.to_string());
                if top == node {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let mut state = State { edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), out: Vec::new() };
    for node in edges.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.out
}

#[test]
fn imports_follow_the_data_flow_and_no_folder_has_a_circle() {
    let problems = problems(&module_files(&src()));
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

/// The reader sees the imports it must see, in each form they take, and no more: otherwise the
/// test above would pass on a tree it cannot read.
#[test]
fn the_reader_finds_imports_in_every_form() {
    let references = references(&module_files(&src()));
    let has = |from: &str, to: &str| references.iter().any(|r| r.from.join("::") == from && r.to.join("::") == to);
    assert!(has("merge", "load"), "a `use crate::a::{{b, c}}`");
    assert!(has("codegen", "merge"), "an inline `crate::merge::merge(...)`");
    assert!(has("emit::client", "emit::operations"), "a `use super::a::{{b, c}}`");
    assert!(has("report", "report::diff"), "a `pub use child::item`");
    assert!(has("load::bundle::naming", "load::bundle"), "a `use super::{{A, b}}`");
    // `crate::runtime::` inside quote! is the generated crate's; tests drive anything.
    assert!(!references.iter().any(|r| r.text.starts_with("crate::runtime")));
    assert!(!has("emit", "codegen"), "emit/mod.rs's tests call codegen::analyse");
}

/// The checks themselves, on a made-up tree with one import against the flow and one circle.
#[test]
fn an_import_against_the_flow_and_a_circle_are_found() {
    let file = |module: &str, text: &str| {
        let module: Module = module.split("::").map(String::from).collect();
        (module.clone(), format!("{}.rs", module.join("/")), text.to_string())
    };
    let files = vec![
        file("load", "use crate::resolve::Resolved;"),
        file("resolve", "use crate::load::Page; pub struct Resolved;"),
        file("emit::types", "use super::constructors::impls; pub fn constant_text() {}"),
        file("emit::constructors", "pub fn impls() { super::types::constant_text() }"),
        file("emit", "#[cfg(test)] mod tests { fn t() { crate::codegen::run(); } }"),
        file("codegen", "fn run() { let _ = quote!(crate::emit::x); }"),
        file("novel", ""),
    ];
    let found = problems(&files);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("module `novel` has no stage"), "{}", found[0]);
    assert!(found[1].starts_with("load.rs: `crate::resolve::Resolved` imports against the data flow"), "{}", found[1]);
    // load and resolve now import each other too.
    assert!(found[2].starts_with("modules of the crate root import each other in a circle"), "{}", found[2]);
    assert!(found[3].starts_with("modules of emit import each other in a circle"), "{}", found[3]);
}
