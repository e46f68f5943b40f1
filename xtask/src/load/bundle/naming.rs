//! Names of the targets a bundle hoists into `components`, and the `$ref`s that then stand for
//! them: chosen after discovery, in sorted order, so they depend only on the targets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::{Bundler, Target, resolve_ref};
use crate::load::origins::is_under;

impl Bundler<'_> {
    /// Names every hoisted target: a root component that is just a `$ref` to it lends it its name
    /// (and becomes it); others take the last meaningful segment of their pointer, or the file's
    /// stem, qualified by the stem and then numbered on a collision. Sorted first, so the names
    /// depend only on the targets.
    pub(super) fn name_targets(&mut self) {
        // A target below another hoisted one of its file is reached through that one, when the
        // way down is one the typed parse keeps (not `definitions`, say).
        let targets: Vec<Target> = self.hoisted.keys().cloned().collect();
        for target in &targets {
            let ancestor = targets.iter().any(|other| {
                other != target
                    && other.file == target.file
                    && is_under(&target.pointer, &other.pointer)
                    && kept_by_typed_parse(&target.pointer[other.pointer.len()..])
            });
            if ancestor {
                self.hoisted.remove(target);
            }
        }
        // The root's own component names are taken; a root component that is nothing but a `$ref`
        // to a hoisted target is that target's home.
        let mut taken: BTreeSet<(&'static str, String)> = BTreeSet::new();
        let mut homes: BTreeMap<Target, String> = BTreeMap::new();
        let components = self.root.get("components").and_then(Value::as_object).cloned().unwrap_or_default();
        for (section, entries) in &components {
            let Some(section) = SECTIONS.iter().find(|s| *s == section) else { continue };
            for (name, entry) in entries.as_object().into_iter().flatten() {
                taken.insert((section, name.clone()));
                let Some(reference) = entry.as_object().filter(|e| e.len() == 1).and_then(|e| e.get("$ref")?.as_str())
                else {
                    continue;
                };
                let Some(target) = resolve_ref(&self.root_file, reference) else { continue };
                if self.hoisted.get(&target).and_then(|o| o.section()) == Some(section) && !homes.contains_key(&target)
                {
                    homes.insert(target, name.clone());
                }
            }
        }
        let mut order: Vec<(&'static str, String, Target)> = self
            .hoisted
            .iter()
            .filter(|(target, _)| !homes.contains_key(*target))
            .map(|(target, object)| (object.section().unwrap_or_default(), base_name(target), target.clone()))
            .collect();
        order.sort();
        for (section, base, target) in order {
            let stem = sanitize(&file_stem(&target.file));
            let mut name = base.clone();
            if taken.contains(&(section, name.clone())) && stem != base {
                name = format!("{stem}_{base}");
            }
            let mut n = 2;
            while taken.contains(&(section, name.clone())) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken.insert((section, name.clone()));
            self.names.insert(target, name);
        }
        self.names.extend(homes);
        for (target, object) in &self.hoisted {
            if let (Some(name), Some(section)) = (self.names.get(target), object.section()) {
                self.by_file.entry(target.file.clone()).or_default().push((
                    target.pointer.clone(),
                    section,
                    name.clone(),
                ));
            }
        }
    }

    /// The `$ref` that stands for a hoisted target (or a place below one).
    pub(super) fn hoisted_ref(&self, target: &Target) -> Option<String> {
        // The nearest hoisted ancestor (or the target itself).
        let (pointer, section, name) = self
            .by_file
            .get(&target.file)?
            .iter()
            .filter(|(pointer, ..)| {
                is_under(&target.pointer, pointer) && kept_by_typed_parse(&target.pointer[pointer.len()..])
            })
            .max_by_key(|(pointer, ..)| pointer.len())?;
        let rest = &target.pointer[pointer.len()..];
        Some(format!("#{}{rest}", crate::diag::pointer(&["components", section, name])))
    }
}

/// Whether the rest of a pointer below an object goes only through members that openapiv3's
/// typed parse keeps, so the resolver can follow it (`/properties/id`, `/allOf/0`,
/// `/content/application~1json/schema`), rather than through ones it drops (`/definitions/x`).
fn kept_by_typed_parse(rest: &str) -> bool {
    let mut segments = rest.split('/').skip(1);
    while let Some(segment) = segments.next() {
        match segment {
            "properties" | "content" | "headers" | "allOf" | "anyOf" | "oneOf" => {
                if segments.next().is_none() {
                    return false;
                }
            }
            "items" | "not" | "additionalProperties" | "schema" => {}
            _ => return false,
        }
    }
    true
}

/// The `components` sections a target may be hoisted into.
const SECTIONS: &[&str] = &[
    "schemas",
    "parameters",
    "headers",
    "requestBodies",
    "responses",
    "examples",
    "links",
    "callbacks",
    "securitySchemes",
];

/// Segments that say where something sits, not what it is called.
const STRUCTURAL: &[&str] = &[
    "schema",
    "schemas",
    "items",
    "properties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "additionalProperties",
    "content",
    "components",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "$defs",
    "definitions",
    "paths",
];

/// A component name for a target: its pointer's last segment that names something, else the
/// file's stem.
fn base_name(target: &Target) -> String {
    let segments: Vec<String> =
        target.pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    let named = segments.iter().rev().find(|s| {
        !s.is_empty() && !STRUCTURAL.contains(&s.as_str()) && s.parse::<usize>().is_err() && !s.contains('/')
    });
    sanitize(named.map_or_else(|| file_stem(&target.file), Clone::clone).as_str())
}

fn file_stem(file: &Path) -> String {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("external");
    name.split('.').next().filter(|s| !s.is_empty()).unwrap_or(name).to_string()
}

/// Only the characters OpenAPI allows in a component's name.
fn sanitize(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    if cleaned.is_empty() { "external".into() } else { cleaned }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_pointers_or_stems() {
        let target = |file: &str, pointer: &str| base_name(&Target { file: file.into(), pointer: pointer.into() });
        assert_eq!(target("models/droplet.yml", ""), "droplet");
        assert_eq!(target("parameters.yml", "/per_page"), "per_page");
        assert_eq!(
            target("common.yaml", "/components/responses/NotFound/content/application~1json/schema"),
            "NotFound"
        );
        assert_eq!(target("list.yaml", "/allOf/0"), "list");
    }

    #[test]
    fn ways_down_the_typed_parse_keeps() {
        assert!(kept_by_typed_parse("") && kept_by_typed_parse("/properties/id/items"));
        assert!(kept_by_typed_parse("/content/application~1json/schema/allOf/0"));
        assert!(!kept_by_typed_parse("/definitions/size") && !kept_by_typed_parse("/properties"));
    }
}
