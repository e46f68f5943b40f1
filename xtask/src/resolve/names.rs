//! Final type names. Each type takes the best name it was offered: a component's name, then a
//! title, then its place (shortest, then alphabetical). A type met at the places of several
//! operations (deduplicated) takes a name true for all of them, never one operation's: what their
//! paths share (`...Response.identityMembership` in two operations → `IdentityMembership`), else
//! its only field, else what the operations' names share. Types that want the same name are
//! ordered by their structural key, which does not depend on which page was read first, and all
//! but the first get a number.

use std::collections::{BTreeMap, BTreeSet};

use super::Candidate;
use crate::ir::TypeKind;

pub(super) struct Input<'a> {
    pub key: &'a str,
    pub candidates: &'a [Candidate],
    /// The wire name of the type's only field, when it is a struct with one.
    pub single_field: Option<&'a str>,
    /// A name from the type's own shape (`StringOrArray`), for a shared type whose places say
    /// nothing in common.
    pub structural: Option<&'a str>,
}

pub(super) fn assign(entries: &[Input]) -> Vec<String> {
    let short = Shortcuts::new(entries);
    let wanted: Vec<String> = entries.iter().enumerate().map(|(id, input)| wanted(id, input, &short)).collect();

    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (id, name) in wanted.iter().enumerate() {
        groups.entry(name).or_default().push(id);
    }
    let mut taken: BTreeSet<String> = groups.keys().map(|s| s.to_string()).collect();
    let mut names = wanted.clone();
    for (name, mut ids) in groups {
        if ids.len() < 2 {
            continue;
        }
        ids.sort_by(|a, b| entries[*a].key.cmp(entries[*b].key));
        for id in ids.into_iter().skip(1) {
            let unique = crate::ident::unique(name, "", |c| taken.contains(c));
            taken.insert(unique.clone());
            names[id] = unique;
        }
    }
    names
}

/// A type deep below its base is named for the base, the side and its own last word
/// (`ImportSecretsResponseInitialSyncBehavior`, not `...ResponseSecretSyncSyncOptionsInitialSyncBehavior`)
/// when no other type below the same base would take that name. Decided among the types of one
/// base only, so another operation's types never change it.
struct Shortcuts {
    /// Who would be called what below each base: `(base, name)` → entries.
    claims: std::collections::HashMap<(String, String), BTreeSet<usize>>,
}

impl Shortcuts {
    fn new(entries: &[Input]) -> Self {
        let mut claims: std::collections::HashMap<(String, String), BTreeSet<usize>> = Default::default();
        for (id, input) in entries.iter().enumerate() {
            for candidate in input.candidates {
                let Candidate::Place { base, tail } = candidate else { continue };
                claims.entry((base.clone(), tail.concat())).or_default().insert(id);
                if let Some(short) = shortened(tail) {
                    claims.entry((base.clone(), short)).or_default().insert(id);
                }
            }
        }
        Shortcuts { claims }
    }

    /// The name of entry `id` at this place.
    fn name(&self, id: usize, base: &str, tail: &[String]) -> String {
        let full = format!("{base}{}", tail.concat());
        match shortened(tail) {
            Some(short)
                if self
                    .claims
                    .get(&(base.to_string(), short.clone()))
                    .is_some_and(|c| c.len() == 1 && c.contains(&id)) =>
            {
                format!("{base}{short}")
            }
            _ => full,
        }
    }
}

/// The side word (when the path starts with one) and the last word of a path four or more deep
/// (a shallower one names its parent, often a variant, which is worth its length).
fn shortened(tail: &[String]) -> Option<String> {
    if tail.len() < 4 {
        return None;
    }
    let side = tail.first().filter(|w| is_side(w)).map(String::as_str).unwrap_or_default();
    Some(format!("{side}{}", tail.last()?))
}

fn wanted(id: usize, input: &Input, short: &Shortcuts) -> String {
    let given = input.candidates.iter().filter_map(|c| match c {
        Candidate::Component(name) => Some((0, name)),
        Candidate::Title(name) => Some((1, name)),
        Candidate::Place { .. } => None,
    });
    if let Some((_, name)) = given.min_by(|a, b| (a.0, a.1.len(), a.1).cmp(&(b.0, b.1.len(), b.1))) {
        return name.clone();
    }
    let places: Vec<(&str, &[String])> = input
        .candidates
        .iter()
        .filter_map(|c| match c {
            Candidate::Place { base, tail } => Some((base.as_str(), tail.as_slice())),
            _ => None,
        })
        .collect();
    let bases: BTreeSet<&str> = places.iter().map(|(base, _)| *base).collect();
    if bases.len() > 1 {
        return shared(&places, input);
    }
    // One operation's type met at several places (`x`, `y`, `z`, all `string | Link5`): named for
    // what the places share, or for its shape, rather than for whichever place sorts first.
    let tails: BTreeSet<&[String]> = places.iter().map(|(_, tail)| *tail).collect();
    if tails.len() > 1 {
        let lists: Vec<&[String]> = tails.iter().copied().collect();
        let common = common_suffix(&lists);
        let meaningful: Vec<String> = common.iter().skip_while(|w| is_side(w)).cloned().collect();
        if let (false, Some(base)) = (meaningful.is_empty(), bases.first()) {
            return format!("{base}{}", meaningful.concat());
        }
        if let Some(name) = input.structural {
            return name.to_string();
        }
    }
    places
        .iter()
        .map(|(base, tail)| short.name(id, base, tail))
        .min_by(|a, b| (a.len(), a).cmp(&(b.len(), b)))
        .unwrap_or_else(|| "Unnamed".to_string())
}

/// Whether a path word names the side of an operation (`Request`, `Response`, `Response201`).
fn is_side(word: &str) -> bool {
    word == "Request" || word.strip_prefix("Response").is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
}

/// A name for a type met below several operations.
fn shared(places: &[(&str, &[String])], input: &Input) -> String {
    let tails: Vec<&[String]> = places.iter().map(|(_, tail)| *tail).collect();
    let common = common_suffix(&tails);
    let meaningful: Vec<String> = common.iter().skip_while(|w| is_side(w)).cloned().collect();
    if !meaningful.is_empty() {
        return meaningful.concat();
    }
    // The places end in different words that begin alike (`tokenData`, `token`).
    let lasts: Vec<Vec<String>> =
        tails.iter().filter_map(|t| t.last()).filter(|w| !is_side(w)).map(|w| camel_words(w)).collect();
    if lasts.len() == tails.len() {
        let prefix = common_prefix(&lasts);
        if !prefix.is_empty() {
            return prefix.concat();
        }
    }
    let whole = tails.iter().all(|t| t.iter().all(|w| is_side(w)));
    let side = tails
        .iter()
        .flat_map(|t| t.first())
        .find(|w| is_side(w))
        .map_or("Response", |w| if w.starts_with("Response") { "Response" } else { "Request" });
    if whole && let Some(field) = input.single_field {
        return format!("{}{side}", crate::ident::type_name(field));
    }
    if let Some(name) = input.structural {
        return name.to_string();
    }
    let words: Vec<Vec<String>> = places.iter().map(|(base, _)| camel_words(base)).collect();
    let word_lists: Vec<&[String]> = words.iter().map(Vec::as_slice).collect();
    let shared_words = common_suffix(&word_lists);
    let end = if whole { side.to_string() } else { String::new() };
    if !shared_words.is_empty() {
        return format!("{}{end}", shared_words.concat());
    }
    format!("Shared{}", if whole { side } else { "Type" })
}

/// The same word, singular or plural (`Tokens`, `Token`).
fn same_word(a: &str, b: &str) -> bool {
    a == b || pluralizer::pluralize(a, 1, false) == pluralizer::pluralize(b, 1, false)
}

/// The longest run of words that every list ends with (in its singular form where they differ).
fn common_suffix(lists: &[&[String]]) -> Vec<String> {
    let Some(first) = lists.first() else { return Vec::new() };
    let mut length = first.len();
    for list in &lists[1..] {
        let same = first.iter().rev().zip(list.iter().rev()).take_while(|(a, b)| same_word(a, b)).count();
        length = length.min(same);
    }
    first[first.len() - length..]
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let differs = lists.iter().any(|l| l[l.len() - length + i] != *word);
            if differs { crate::ident::type_name(&pluralizer::pluralize(word, 1, false)) } else { word.clone() }
        })
        .collect()
}

/// The longest run of words that every list begins with.
fn common_prefix(lists: &[Vec<String>]) -> Vec<String> {
    let Some(first) = lists.first() else { return Vec::new() };
    let length =
        lists[1..].iter().map(|l| first.iter().zip(l).take_while(|(a, b)| a == b).count()).min().unwrap_or(first.len());
    first[..length].to_vec()
}

/// `DeleteProjectMachineIdentity` → `[Delete, Project, Machine, Identity]`.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// Calls `f` on every type name mentioned inside a type definition.
pub(crate) fn visit_kind_names(kind: &mut TypeKind, f: &mut impl FnMut(&mut String)) {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|field| field.ty.visit_names_mut(f)),
        TypeKind::Enum(_) => {}
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| v.ty.visit_names_mut(f)),
        TypeKind::Alias { target } => target.visit_names_mut(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(base: &str, tail: &[&str]) -> Candidate {
        Candidate::Place { base: base.into(), tail: tail.iter().map(|s| s.to_string()).collect() }
    }

    fn one(key: &str, candidates: &[Candidate]) -> Vec<String> {
        assign(&[Input { key, candidates, single_field: None, structural: None }])
    }

    #[test]
    fn clashes_are_settled_by_key_not_by_order() {
        let a = [place("Thing", &[])];
        let input = |key| Input { key, candidates: &a, single_field: None, structural: None };
        assert_eq!(assign(&[input("key-b"), input("key-a")]), ["Thing2", "Thing"]);
        assert_eq!(assign(&[input("key-a"), input("key-b")]), ["Thing", "Thing2"]);
    }

    #[test]
    fn best_candidate_wins() {
        let candidates = [place("A", &["b"]), Candidate::Title("Longer".into()), place("A", &[])];
        assert_eq!(one("k", &candidates), ["Longer"]);
        assert_eq!(one("k", &[place("Op", &["Response", "Thing"]), place("Op", &["Response"])]), ["OpResponse"]);
    }

    #[test]
    fn deep_types_are_named_for_their_last_word_when_it_is_theirs_alone() {
        let deep = [place("Import", &["Response", "SecretSync", "SyncOptions", "InitialSyncBehavior"])];
        let shallow = [place("Import", &["Response", "SecretSync"])];
        let input = |candidates| Input { key: "k", candidates, single_field: None, structural: None };
        assert_eq!(
            assign(&[input(&deep), input(&shallow)]),
            ["ImportResponseInitialSyncBehavior", "ImportResponseSecretSync"]
        );
        // Two deep types that would meet keep their whole paths.
        let a = [place("Create", &["Request", "Permission", "Conditions", "Path"])];
        let b = [place("Create", &["Request", "Privilege", "Conditions", "Path"])];
        let named = assign(&[Input { key: "a", ..input(&a) }, Input { key: "b", ..input(&b) }]);
        assert_eq!(named, ["CreateRequestPermissionConditionsPath", "CreateRequestPrivilegeConditionsPath"]);
        let three = [place("Create", &["Request", "Square", "Color"])];
        assert_eq!(assign(&[input(&three)]), ["CreateRequestSquareColor"], "three deep keeps its path");
    }

    #[test]
    fn a_type_of_several_operations_is_named_for_what_they_share() {
        let nested = [
            place("AddIdentity", &["Response", "IdentityMembership"]),
            place("RemoveIdentity", &["Response", "IdentityMembership"]),
        ];
        assert_eq!(one("k", &nested), ["IdentityMembership"]);
        let deeper = [place("GetSecret", &["Response", "Secret", "Tag"]), place("ListTags", &["Response", "Tag"])];
        assert_eq!(one("k", &deeper), ["Tag"]);
        let whole = [place("AddIdentity", &["Response"]), place("DeleteProjectMachineIdentity", &["Response"])];
        assert_eq!(one("k", &whole), ["IdentityResponse"]);
        let input = Input { key: "k", candidates: &whole, single_field: Some("identityMembership"), structural: None };
        assert_eq!(assign(&[input]), ["IdentityMembershipResponse"]);
        let token = [
            place("CreateTokenAuthToken", &["Response", "TokenData"]),
            place("GetTokenAuthTokens", &["Response", "Token"]),
        ];
        assert_eq!(one("k", &token), ["Token"]);
        let union = [place("A", &["Request", "Subject"]), place("B", &["Response", "Action"])];
        let input = Input { key: "k", candidates: &union, single_field: None, structural: Some("StringOrArray") };
        assert_eq!(assign(&[input]), ["StringOrArray"]);
        let unrelated = [place("CreateWidget", &["Request"]), place("UpdateThing", &["Request"])];
        assert_eq!(one("k", &unrelated), ["SharedRequest"]);
    }
}
