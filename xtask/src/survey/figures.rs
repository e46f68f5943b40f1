//! The name figures of one generated API (docs/design.md, "Name figures"), read from its IR and
//! from the words its spec wrote, so that a rule is judged by what a user reads, not by itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostic;
use crate::ident;
use crate::ir::{Api, GroupOrigin, TypeKind};
use crate::resolve::ids::{self, IdKind};

/// What the survey measures of one API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub operations: usize,
    pub groups: usize,
    /// Operations in the largest group (methods of `Client` itself count as one group).
    pub largest_group: usize,
    pub types: usize,
    /// Warnings by kind ([`kind`]).
    pub warnings: BTreeMap<String, usize>,
    /// Operations whose id a person wrote, and whose id a tool made from the method and path.
    pub written_ids: usize,
    pub echo_ids: usize,
    /// Of the written ids: named exactly their words (less their namespace or group).
    pub id_kept: usize,
    /// Methods that open with their group's words.
    pub stutter: usize,
    /// Methods with a written id that hold a word the id does not.
    pub path_made: usize,
    /// Type, method and variant names ending in a number the spec did not write.
    pub numbered: usize,
    /// Unions without a tag, and those of them whose values always say which variant they are
    /// (a kind, a required property or a constant of each variant's own).
    pub untagged: usize,
    pub distinct: usize,
    /// The names behind each figure that is not right, for `--explain`: (figure, name, why).
    pub offenders: Vec<(&'static str, String, String)>,
}

impl Figures {}

/// A warning's kind: its message with what it names (between backticks, numbers) left out, up
/// to the first `:` or `;` (`allOf mixes objects with other kinds of schema`).
pub fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                if quoted {
                    out.push('…');
                }
            }
            _ if quoted => {}
            ':' | ';' => break,
            c if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N')
                }
            }
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a name (`list_for_org` → `[list, for, org]`), a keyword's or a reserved name's
/// trailing `_` left out.
fn words(name: &str) -> Vec<String> {
    ident::snake_name(name).split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The words of a group's label, as its module spells them (`OAuth` → `[oauth]`).
fn label_words(label: &str) -> Vec<String> {
    ident::label_name(label).split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Whether two word lists are the same, a singular and its plural alike (`email`, `emails`).
fn same_words(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || ident::singular(x) == ident::singular(y))
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

/// Figures of `api`, whose spec wrote `spec_words` (every name it gives: keys, ids, titles, tags,
/// enum values, paths, as lower-case words).
pub fn measure(api: &Api, warnings: &[Diagnostic], spec_words: &BTreeSet<String>) -> Figures {
    let mut figures = Figures {
        operations: api.operations.len(),
        groups: api.groups.len(),
        types: api.types.len(),
        ..Figures::default()
    };
    for warning in warnings {
        *figures.warnings.entry(kind(&warning.message)).or_default() += 1;
    }
    let mut sizes: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for op in &api.operations {
        *sizes.entry(op.group.as_deref()).or_default() += 1;
    }
    figures.largest_group = sizes.values().copied().max().unwrap_or_default();

    let labels: BTreeMap<&str, &str> = api.groups.iter().map(|g| (g.module.as_str(), g.label.as_str())).collect();
    let origins: BTreeMap<&str, GroupOrigin> = api.groups.iter().map(|g| (g.module.as_str(), g.origin)).collect();
    let lower: Vec<String> = api.operations.iter().map(|op| op.method.to_ascii_lowercase()).collect();
    let facts: Vec<(Option<&str>, &str, &str)> = api
        .operations
        .iter()
        .zip(&lower)
        .map(|(op, method)| (op.operation_id.as_deref(), method.as_str(), op.path.as_str()))
        .collect();
    let kinds = ids::classify(&facts);
    // Two bindings of one id in one group are told apart by words after the id's.
    let mut bindings: BTreeMap<(Option<&str>, &str), usize> = BTreeMap::new();
    for op in &api.operations {
        if let Some(id) = op.operation_id.as_deref() {
            *bindings.entry((op.group.as_deref(), id)).or_default() += 1;
        }
    }
    let mut offenders = Vec::new();
    let mut offend = |figure: &'static str, name: String, why: String| offenders.push((figure, name, why));
    let (mut written, mut echo, mut kept, mut stutter, mut path_made, mut numbered) = (0, 0, 0, 0, 0, 0);
    for (op, kind) in api.operations.iter().zip(&kinds) {
        let name = words(&op.name);
        let group: Vec<String> =
            op.group.as_deref().map(|m| label_words(labels.get(m).copied().unwrap_or(m))).unwrap_or_default();
        let qualified = op.qualified_name();
        if !group.is_empty() && name.len() > group.len() && same_words(&name[..group.len()], &group) {
            stutter += 1;
            offend("stutter", qualified.clone(), format!("group {}", group.join("_")));
        }
        // A number alone is the spec's when its id or its path ends with it (`delete (2)`, `/folders/0`).
        let written_number = |w: &str| {
            let id_last = op.operation_id.as_deref().and_then(|id| words(id).pop());
            let path_last = op.path.rsplit('/').next().map(str::to_string);
            id_last.as_deref() == Some(w) || path_last.as_deref() == Some(w)
        };
        if name
            .last()
            .is_some_and(|w| if is_number(w) { !written_number(w) } else { ends_in_unwritten_number(w, spec_words) })
        {
            numbered += 1;
            offend("numbered", qualified.clone(), format!("{} {}", op.method, op.path));
        }
        // The call builder and the enum of answers are types too.
        for ty in std::iter::once(&op.call).chain(op.successes.as_ref()).filter(|t| !t.is_empty()) {
            let last = words(ty).pop().unwrap_or_default();
            if ends_in_unwritten_number(&last, spec_words)
                && !written_number(last.trim_start_matches(char::is_alphabetic))
            {
                numbered += 1;
                offend("numbered", format!("{}::{ty}", op.group.as_deref().unwrap_or("client")), String::new());
            }
        }
        let Some(id) = op.operation_id.as_deref() else { continue };
        match kind {
            Some(IdKind::Echo) => {
                echo += 1;
                continue;
            }
            Some(IdKind::Person) => written += 1,
            None => continue,
        }
        let id_words = words(id);
        let bound = bindings[&(op.group.as_deref(), id)] > 1;
        let parts = ids::parts(id, &op.method.to_ascii_lowercase(), &op.path);
        let tagged = op.group.as_deref().and_then(|m| origins.get(m)).is_some_and(|o| *o == GroupOrigin::Tag);
        let kept_as = kept_name(&parts, &op.path, &group, tagged)
            .into_iter()
            .find(|k| *k == name || (bound && name.starts_with(k)));
        match &kept_as {
            Some(_) => kept += 1,
            None => offend("id kept", qualified.clone(), format!("id {id}")),
        }
        let own = kept_as.map_or(name.len(), |k| k.len());
        if let Some(word) = name[..own].iter().find(|w| !is_number(w) && !id_words.contains(w)) {
            path_made += 1;
            offend("path-made", qualified, format!("`{word}` is not in the id {id}"));
        }
    }
    for def in &api.types {
        let last = words(&def.name).pop().unwrap_or_default();
        if ends_in_unwritten_number(&last, spec_words) || is_variant_n(&def.name) {
            numbered += 1;
            offend("numbered", format!("types::{}", def.name), String::new());
        }
        if let TypeKind::Union(union) = &def.kind {
            if union.tag.is_none() {
                figures.untagged += 1;
                figures.distinct += usize::from(union.distinct);
            }
            for variant in union.variants.iter().filter(|v| is_variant_n(&v.name)) {
                numbered += 1;
                offend("numbered", format!("types::{}::{}", def.name, variant.name), String::new());
            }
        }
    }
    Figures { written_ids: written, echo_ids: echo, id_kept: kept, stutter, path_made, numbered, offenders, ..figures }
}

/// The names that keep an id: its words (less a tail that only spells the path and method),
/// less its namespace where a tag does not say something else, and less its group's words where
/// they open it (a collision may put some of those back), never nothing.
fn kept_name(parts: &ids::Parts, path: &str, group: &[String], tagged: bool) -> Vec<Vec<String>> {
    let namespace = &parts.namespace_words;
    let id_words: Vec<String> = [namespace.clone(), parts.words.clone()].concat();
    let id_words = &id_words[..];
    let within = namespace.iter().all(|w| group.iter().any(|g| ident::singular(g) == ident::singular(w)));
    let mut removable = if tagged && !within { 0 } else { namespace.len() };
    let rest = &id_words[removable..];
    if !group.is_empty() && rest.len() > group.len() && same_words(&rest[..group.len()], group) {
        removable += group.len();
    } else if !group.is_empty() && id_words.len() > group.len() && same_words(&id_words[..group.len()], group) {
        removable = removable.max(group.len());
    }
    // A group named for the resource its path names may stand for the path down to it
    // (`transferDiligenceSubmit` at `/transfer/diligence/submit` in `diligence` → `submit`).
    let literals: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{') && !s.eq_ignore_ascii_case("api") && !is_version(s))
        .flat_map(words)
        .collect();
    for k in (group.len() + 1..=literals.len()).rev() {
        let opening = &literals[..k];
        if opening.ends_with(group) && id_words.len() > k && same_words(&id_words[..k], opening) {
            removable = removable.max(k);
            break;
        }
    }
    (0..=removable.min(id_words.len().saturating_sub(1))).map(|k| id_words[k..].to_vec()).collect()
}

fn is_version(segment: &str) -> bool {
    segment.strip_prefix(['v', 'V']).is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a word ends in a digit that no word of the spec ends the same way (`things2` where
/// the spec never wrote it; `v2`, `srp1` or `sha256` where it did).
fn ends_in_unwritten_number(word: &str, spec_words: &BTreeSet<String>) -> bool {
    // A success named for its status (`Response201`) says the spec's status code.
    let status = word.strip_prefix("response").is_some_and(|s| s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()));
    word.ends_with(|c: char| c.is_ascii_digit()) && !spec_words.contains(word) && !status
}

/// `Variant2`, a name that says only where a schema stood among its siblings.
fn is_variant_n(name: &str) -> bool {
    name.match_indices("Variant").any(|(at, _)| {
        let rest = &name[at + "Variant".len()..];
        rest.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Every name the spec writes, as lower-case words: object keys anywhere (paths, properties,
/// components, statuses) and the values of `operationId`, `title`, `name`, `tags`, `enum` and
/// `$ref`. Descriptions are left out: prose is not a name.
pub fn spec_words(document: &serde_json::Value, into: &mut BTreeSet<String>) {
    use serde_json::Value;
    let add = |text: &str, into: &mut BTreeSet<String>| {
        into.extend(words(text));
        // As a type name writes it: `web_search_2025_08_26` → `WebSearch20250826` → `search20250826`.
        into.extend(words(&ident::type_name(text)));
        // A path's segments are words of their own (`srp1` in `/password/srp1`).
        into.extend(text.split(['/', '{', '}', '.', '-', '_', ' ', '#']).map(ident::snake_name));
    };
    match document {
        Value::Object(map) => {
            for (key, value) in map {
                add(key, into);
                match (key.as_str(), value) {
                    ("operationId" | "title" | "name" | "$ref", Value::String(text)) => add(text, into),
                    ("tags" | "enum", Value::Array(items)) => {
                        for item in items {
                            match item {
                                Value::String(text) => add(text, into),
                                other => spec_words(other, into),
                            }
                        }
                    }
                    (_, value) => spec_words(value, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| spec_words(item, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kinds_leave_out_what_a_warning_names() {
        assert_eq!(
            kind("`$ref: #/x` nests deeper than 12 levels; it becomes any JSON value"),
            "… nests deeper than N levels"
        );
        assert_eq!(
            kind("allOf mixes objects with other kinds of schema; the rest"),
            "allOf mixes objects with other kinds of schema"
        );
    }

    #[test]
    fn an_id_is_kept_less_its_namespace_or_group() {
        let kept = |id: &str, group: &[&str]| kept_name(&ids::parts(id, "get", "/x"), "/x", &w(group), false);
        assert!(kept("emails/send", &["emails"]).contains(&w(&["send"])));
        assert!(kept("emailSend", &["emails"]).contains(&w(&["send"])));
        assert!(kept("emails/send", &["emails"]).contains(&w(&["emails", "send"])));
        assert!(kept("api-keys/list", &["keys"]).contains(&w(&["list"])));
        assert_eq!(kept("listEmails", &["emails"]), [w(&["list", "emails"])]);
        assert_eq!(kept("emails", &["emails"]), [w(&["emails"])]);
    }

    #[test]
    fn numbers_the_spec_wrote_are_not_counted() {
        let spec: BTreeSet<String> = ["v2", "srp1"].iter().map(|s| s.to_string()).collect();
        assert!(!ends_in_unwritten_number("v2", &spec));
        assert!(ends_in_unwritten_number("things2", &spec));
        assert!(is_variant_n("FilterOrVariant2") && !is_variant_n("Variant"));
        let mut words = BTreeSet::new();
        spec_words(&serde_json::json!({"paths": {"/password/srp1": {}}, "x": {"title": "Sha256 Sum"}}), &mut words);
        assert!(words.contains("srp1") && words.contains("sha256"), "{words:?}");
    }
}
