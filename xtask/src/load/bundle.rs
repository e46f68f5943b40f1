//! Multi-file specs: a document's external `$ref`s (`models/droplet.yml`,
//! `parameters.yml#/per_page`), relative to the file that holds each, are brought into the one
//! document the typed parse reads. A target that OpenAPI keeps in `components` (a schema,
//! parameter, response, ...) is hoisted there under a name from its pointer's last meaningful
//! segment or its file's stem, and the `$ref` points at it; anything else (a tag's description, a
//! path item, an extension's value) is inlined in place, as are local `$ref`s in such places, which
//! the typed parse could not keep. Referenced files may refer back to the root or to each other:
//! every file is read once, cycles end at hoisted components, and names are chosen after all
//! targets are known, in sorted order, so they never depend on the order of discovery.
//! URLs are refused: the generator reads no network. What moved where is kept in `Origins`, so a
//! problem inside another file is reported in that file, at its line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::files::{Files, normalize};
use super::origins::Origins;
use super::parse::Plain;
use super::walk::{Kind, Object, child, object_of};
use crate::diag::{Diagnostic, Errors, Location, push};

mod naming;

/// The value of the root, or of a file it refers to.
enum Document {
    Root(Arc<Value>),
    File(Arc<Plain>),
}

impl std::ops::Deref for Document {
    type Target = Value;
    fn deref(&self) -> &Value {
        match self {
            Document::Root(value) => value,
            Document::File(plain) => &plain.value,
        }
    }
}

/// A file and a JSON pointer (RFC 6901, escaped) into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Target {
    file: PathBuf,
    pointer: String,
}

/// Whether any `$ref` of the value points outside its document (or a path item is a `$ref`,
/// which must be inlined too): only then is the document bundled.
pub fn needs_bundling(value: &Value) -> bool {
    fn walk(value: &Value, kind: Kind) -> bool {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && kind != Kind::Data
                    && (!reference.starts_with('#') || kept_as_ref(kind, reference).is_none())
                {
                    return true;
                }
                map.iter().any(|(key, v)| walk(v, child(kind, key)))
            }
            Value::Array(items) => items.iter().enumerate().any(|(i, v)| walk(v, child(kind, &i.to_string()))),
            _ => false,
        }
    }
    walk(value, Kind::One(Object::Document))
}

/// The root document with every external target brought in; `first_line` is where the root's
/// text starts in `root_file` (a scraped page's block).
pub fn bundle(
    root_file: &Path,
    first_line: usize,
    root: &Value,
    files: &Files,
) -> Result<(Value, Origins, Vec<Diagnostic>), Errors> {
    let root_file = normalize(root_file);
    let mut bundler = Bundler {
        files,
        root_file: root_file.clone(),
        root_line: first_line,
        root: Arc::new(root.clone()),
        hoisted: BTreeMap::new(),
        names: BTreeMap::new(),
        by_file: BTreeMap::new(),
        inlined: BTreeSet::new(),
        origins: Origins::default(),
        errors: Vec::new(),
        warnings: Vec::new(),
        broken: BTreeSet::new(),
    };
    let document = bundler.root.clone();
    bundler.discover(&root_file, &document, String::new(), Kind::One(Object::Document), &mut Vec::new());
    if !bundler.errors.is_empty() {
        return Err(Errors(bundler.errors));
    }
    bundler.name_targets();
    let mut out =
        bundler.rewrite(&root_file, root, String::new(), String::new(), Kind::One(Object::Document), &mut Vec::new());
    bundler.place_hoisted(&mut out);
    if !bundler.errors.is_empty() {
        return Err(Errors(bundler.errors));
    }
    Ok((out, bundler.origins, bundler.warnings))
}

struct Bundler<'f> {
    files: &'f Files,
    root_file: PathBuf,
    root_line: usize,
    root: Arc<Value>,
    /// External targets that go into `components`, by section, with the kind they were met as.
    hoisted: BTreeMap<Target, Object>,
    /// Their names, once all are known.
    names: BTreeMap<Target, String>,
    /// The same, by file: (pointer, section, name).
    by_file: BTreeMap<PathBuf, Vec<(String, &'static str, String)>>,
    /// Targets already walked for inlining (as a kind), so each is walked once.
    inlined: BTreeSet<(Target, Kind)>,
    origins: Origins,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Referenced files that did not parse, reported once each.
    broken: BTreeSet<PathBuf>,
}

impl Bundler<'_> {
    fn value_of(&self, file: &Path) -> Result<Document, Errors> {
        if *file == self.root_file {
            return Ok(Document::Root(self.root.clone()));
        }
        self.files.get(file).map(Document::File)
    }

    fn location(&self, file: &Path, pointer: &str) -> Location {
        let line = if *file == self.root_file { self.root_line } else { 1 };
        Location::at(file, line).with_pointer(pointer.to_string())
    }

    /// Where a `$ref` written in `file` (at `pointer` there) leads, with its value; an error when
    /// it is a URL, its file cannot be read or its pointer finds nothing.
    fn target(&mut self, file: &Path, pointer: &str, reference: &str) -> Option<(Target, Document)> {
        let Some(Target { file: target_file, pointer: target_pointer }) = resolve_ref(file, reference) else {
            self.errors.push(
                Diagnostic::error(self.location(file, pointer), format!("`$ref: {reference}` is a URL, and the generator does not fetch URLs"))
                    .hint("download the file next to the spec and refer to it by a relative path (`$ref: schemas/pet.yaml#/Pet`)"),
            );
            return None;
        };
        let value = match self.value_of(&target_file) {
            Ok(value) => value,
            Err(cause) if cause.0.iter().any(|d| d.location.line.is_some()) => {
                // The file is there but malformed: its own errors, at their lines, once.
                if self.broken.insert(target_file) {
                    self.errors.extend(cause.0);
                }
                return None;
            }
            Err(cause) => {
                self.errors.push(Diagnostic::error(
                    self.location(file, pointer),
                    format!(
                        "`$ref: {reference}` names {}: {}",
                        target_file.display(),
                        cause.0.first().map_or("", |d| d.message.as_str())
                    ),
                ));
                return None;
            }
        };
        match value.pointer(&target_pointer) {
            Some(_) => Some((Target { file: target_file, pointer: target_pointer }, value)),
            None => {
                self.errors.push(Diagnostic::error(
                    self.location(file, pointer),
                    format!(
                        "`$ref: {reference}` points at nothing: {} has nothing at `{target_pointer}`",
                        target_file.display()
                    ),
                ));
                None
            }
        }
    }

    /// Finds every target below `value` (written in `file` at `pointer`), before any is named.
    fn discover(&mut self, file: &Path, value: &Value, pointer: String, kind: Kind, inlining: &mut Vec<Target>) {
        if kind == Kind::Data {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    self.discover_ref(file, &pointer, reference, kind, inlining);
                }
                for (key, v) in map.iter().filter(|(key, _)| *key != "$ref") {
                    self.discover(file, v, push(&pointer, key), child(kind, key), inlining);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let key = i.to_string();
                    self.discover(file, v, push(&pointer, &key), child(kind, &key), inlining);
                }
            }
            _ => {}
        }
    }

    fn discover_ref(&mut self, file: &Path, pointer: &str, reference: &str, kind: Kind, inlining: &mut Vec<Target>) {
        let local = reference.starts_with('#');
        let section = kept_as_ref(kind, reference);
        if local && *file == self.root_file && section.is_some() {
            return; // stays a reference, for the resolver
        }
        if section.is_none() && object_of(kind).and_then(Object::section).is_some() {
            self.warnings.push(Diagnostic::warning(
                self.location(file, pointer),
                format!("`$ref: {reference}` names a request body where a response belongs, or the other way round; its description and content are used as they are"),
            ));
        }
        let Some((target, document)) = self.target(file, pointer, reference) else { return };
        let value = document.pointer(&target.pointer).unwrap_or(&Value::Null);
        match (section, object_of(kind)) {
            (Some(_), Some(object)) if target.file != self.root_file => {
                if self.hoisted.contains_key(&target) {
                    return;
                }
                self.hoisted.insert(target.clone(), object);
                self.discover(&target.file.clone(), value, target.pointer.clone(), kind, inlining);
            }
            (Some(_), _) => {} // back into the root: a local reference there
            (None, _) => {
                if inlining.contains(&target) {
                    self.errors.push(Diagnostic::error(
                        self.location(file, pointer),
                        format!("`$ref: {reference}` refers back to itself through places that must be inlined"),
                    ));
                    return;
                }
                if !self.inlined.insert((target.clone(), kind)) {
                    return;
                }
                inlining.push(target.clone());
                self.discover(&target.file.clone(), value, target.pointer.clone(), kind, inlining);
                inlining.pop();
            }
        }
    }

    /// The value as it goes into the bundled document at `here`: references rewritten to point
    /// into it, inlined targets in place.
    fn rewrite(
        &mut self,
        file: &Path,
        value: &Value,
        here: String,
        there: String,
        kind: Kind,
        inlining: &mut Vec<Target>,
    ) -> Value {
        if kind == Kind::Data {
            return value.clone();
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref")
                    && let Some(replaced) = self.rewrite_ref(file, map, reference, &here, &there, kind, inlining)
                {
                    return replaced;
                }
                let mut out = Map::new();
                for (key, v) in map {
                    let rewritten =
                        self.rewrite(file, v, push(&here, key), push(&there, key), child(kind, key), inlining);
                    out.insert(key.clone(), rewritten);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let key = i.to_string();
                        self.rewrite(file, v, push(&here, &key), push(&there, &key), child(kind, &key), inlining)
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// A `$ref` object rewritten: `None` when it stays as it is (a local reference in the root).
    #[allow(clippy::too_many_arguments)]
    fn rewrite_ref(
        &mut self,
        file: &Path,
        map: &Map<String, Value>,
        reference: &str,
        here: &str,
        there: &str,
        kind: Kind,
        inlining: &mut Vec<Target>,
    ) -> Option<Value> {
        let section = kept_as_ref(kind, reference);
        if reference.starts_with('#') && *file == self.root_file && section.is_some() {
            return None;
        }
        let (target, document) = self.target(file, there, reference)?;
        let value = document.pointer(&target.pointer).unwrap_or(&Value::Null);
        let siblings = |bundler: &mut Self, inlining: &mut Vec<Target>| -> Map<String, Value> {
            let mut out = Map::new();
            for (key, v) in map.iter().filter(|(key, _)| *key != "$ref") {
                out.insert(
                    key.clone(),
                    bundler.rewrite(file, v, push(here, key), push(there, key), child(kind, key), inlining),
                );
            }
            out
        };
        if section.is_some() {
            let local = match self.hoisted_ref(&target) {
                Some(local) => local,
                None if target.file == self.root_file => format!("#{}", target.pointer),
                None => return None, // reported when it was discovered
            };
            let mut out = Map::new();
            out.insert("$ref".into(), Value::String(local));
            out.extend(siblings(self, inlining));
            return Some(Value::Object(out));
        }
        if inlining.contains(&target) {
            return None; // a cycle, reported when it was discovered
        }
        inlining.push(target.clone());
        let mut inlined =
            self.rewrite(&target.file.clone(), value, here.to_string(), target.pointer.clone(), kind, inlining);
        inlining.pop();
        self.origins.external(here.to_string(), target.file.clone(), target.pointer.clone());
        if let Value::Object(object) = &mut inlined {
            object.extend(siblings(self, inlining));
            if kind == Kind::One(Object::Response) {
                object.entry("description").or_insert_with(|| Value::String(String::new()));
            }
        }
        Some(inlined)
    }

    /// Puts each hoisted target under `components` (a home entry is replaced by its target).
    fn place_hoisted(&mut self, out: &mut Value) {
        let mut placed: Vec<(&'static str, String, Value, Target, Object)> = Vec::new();
        let hoisted: Vec<(Target, Object)> = self.hoisted.iter().map(|(t, o)| (t.clone(), *o)).collect();
        for (target, object) in hoisted {
            let (Some(name), Some(section)) = (self.names.get(&target).cloned(), object.section()) else { continue };
            let Ok(document) = self.value_of(&target.file) else { continue };
            let Some(value) = document.pointer(&target.pointer) else { continue };
            let here = crate::diag::pointer(&["components", section, &name]);
            let value = self.rewrite(
                &target.file,
                value,
                here.clone(),
                target.pointer.clone(),
                Kind::One(object),
                &mut Vec::new(),
            );
            self.origins.external(here, target.file.clone(), target.pointer.clone());
            placed.push((section, name, value, target, object));
        }
        placed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let Value::Object(root) = out else { return };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(components) = components else { return };
        for (section, name, value, ..) in placed {
            let entries = components.entry(section).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(entries) = entries {
                entries.insert(name, value);
            }
        }
    }
}

/// The `components` section under which a `$ref` at a place of this kind stays a reference; `None`
/// where it is inlined: places of no component kind, and a whole request body named where a
/// response is expected or the other way round (PagerDuty does both). The two agree in shape but
/// the typed parse cannot follow a `$ref` from one to the other.
fn kept_as_ref(kind: Kind, reference: &str) -> Option<&'static str> {
    let section = object_of(kind).and_then(Object::section)?;
    let named = reference.strip_prefix("#/components/").map(|rest| rest.split('/').collect::<Vec<_>>());
    let crossed = matches!(named.as_deref(), Some([other, _]) if matches!((section, *other), ("responses", "requestBodies") | ("requestBodies", "responses")));
    (!crossed).then_some(section)
}

/// Where a `$ref` written in `file` leads; `None` for a URL. Both parts are percent-decoded, as
/// URI references are.
fn resolve_ref(file: &Path, reference: &str) -> Option<Target> {
    let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if has_scheme(path) {
        return None;
    }
    let decoded = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned();
    let file = match path {
        "" => file.to_path_buf(),
        path => normalize(&file.parent().unwrap_or(Path::new("")).join(decoded(path))),
    };
    // Segment by segment: a `%2F` is a slash inside a segment, `~1` in a JSON pointer.
    let pointer = fragment.split('/').map(|s| decoded(s).replace('/', "~1")).collect::<Vec<_>>().join("/");
    Some(Target { file, pointer })
}

/// `https:`, `file:`...: a URL, not a path (a single letter is a Windows drive).
fn has_scheme(path: &str) -> bool {
    let Some((scheme, _)) = path.split_once(':') else { return false };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_and_urls_recognized() {
        assert_eq!(normalize(Path::new("a/./models/../b.yml")), PathBuf::from("a/b.yml"));
        assert_eq!(normalize(Path::new("../x/./y.yml")), PathBuf::from("../x/y.yml"));
        assert!(has_scheme("https://example.com/a.yaml") && has_scheme("file:a.yaml"));
        assert!(!has_scheme("models/a.yaml") && !has_scheme("c:/a.yaml"));
    }

    /// tests/load/multi_file: seven files that refer to each other in both directions, some
    /// many times over: each is read once, and the bundle is the same on every run.
    #[test]
    fn each_file_is_read_once() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/load/multi_file/api.yaml");
        let bundled = || {
            let files = Files::default();
            let plain = files.source(&root).unwrap();
            let (value, ..) = bundle(&root, 1, &plain.value, &files).unwrap();
            (value, files.reads.load(std::sync::atomic::Ordering::Relaxed), files.referenced().len())
        };
        let (first, reads, referenced) = bundled();
        assert_eq!((reads, referenced), (7, 6));
        assert_eq!(first, bundled().0);
        let schemas: Vec<&str> =
            first["components"]["schemas"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(schemas, ["Region", "Droplet", "error", "size", "snapshot"]);
    }
}
