//! Final type names. Each type has names it could take, best first: a component's name, then a
//! title, then one from its places. A type met at the places of several operations
//! (deduplicated) takes a name true for all of them, never one operation's: what their paths
//! share (`...Response.identityMembership` in two operations → `IdentityMembership`), in their
//! group's words where that word alone says little (`type` in secrets' operations →
//! `SecretType`), else its only field, its shape (`StringOrArray`), or what the operations'
//! names share. Types that want the same name are settled by their rank of preference, then by
//! how few names each has left, then by their structural key (not by which page was read
//! first): the others take their next name, and a number only when they have none left. No type takes a name of the crate root or the
//! prelude (`reserved.rs`): `Secret` becomes `SecretModel`. Names past `MAX_LEN` come last.

use std::collections::{BTreeMap, BTreeSet};

use super::Candidate;
use super::reserved;
use crate::ir::TypeKind;

/// Longer names are taken only when no shorter one is free.
const MAX_LEN: usize = 48;

/// Words that name a type's role rather than the type: alone, they are qualified by the group.
const GENERIC: &[&str] = &[
    "Action",
    "Attributes",
    "Body",
    "Condition",
    "Conditions",
    "Config",
    "Content",
    "Data",
    "Details",
    "Entries",
    "Entry",
    "Filter",
    "Filters",
    "Info",
    "Input",
    "Inputs",
    "Item",
    "Items",
    "Kind",
    "Metadata",
    "Method",
    "Mode",
    "Object",
    "Operation",
    "Options",
    "Output",
    "Payload",
    "Properties",
    "Result",
    "Results",
    "Settings",
    "Source",
    "State",
    "Status",
    "Target",
    "Type",
    "Value",
    "Values",
];

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
    let choices: Vec<Vec<(String, u8)>> =
        entries.iter().enumerate().map(|(id, input)| choices(id, input, &short)).collect();
    // Each round, of the types that want one name, the one that wants it most (a component's
    // own name before a title, a title before a place; then its nearer choice; then the first by
    // key) keeps it and the others move to their next; until no two meet or none can move.
    let mut at = vec![0usize; entries.len()];
    loop {
        let mut wanting: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (id, list) in choices.iter().enumerate() {
            wanting.entry(list[at[id]].0.as_str()).or_default().push(id);
        }
        let mut moved = false;
        for ids in wanting.values().filter(|ids| ids.len() > 1) {
            // Among equals, the one with the fewest names left to fall back on keeps it, so
            // that a number is the last resort of as few types as can be.
            let keeper = *ids
                .iter()
                .min_by_key(|&&id| (choices[id][at[id]].1, at[id], choices[id].len() - at[id], entries[id].key))
                .unwrap_or(&ids[0]);
            for &id in ids {
                if id != keeper && at[id] + 1 < choices[id].len() {
                    at[id] += 1;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    let mut names: Vec<String> = choices.iter().zip(&at).map(|(list, &i)| list[i].0.clone()).collect();
    // Out of names: numbered, in key order.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (id, name) in names.iter().enumerate() {
        groups.entry(name.clone()).or_default().push(id);
    }
    let mut taken: BTreeSet<String> = groups.keys().cloned().collect();
    for (name, mut ids) in groups {
        ids.sort_by_key(|&id| (choices[id][at[id]].1, at[id], entries[id].key));
        for id in ids.into_iter().skip(1) {
            let unique = crate::ident::unique(&name, "", |c| taken.contains(c) || reserved::is_reserved_type(c));
            taken.insert(unique.clone());
            names[id] = unique;
        }
    }
    names
}

/// Every name a type could take, best first, none reserved, none twice; each with its strength:
/// 0 a component's name, 1 a title, 2 a name from its places.
fn choices(id: usize, input: &Input, short: &Shortcuts) -> Vec<(String, u8)> {
    let mut given: Vec<(u8, &String)> = input
        .candidates
        .iter()
        .filter_map(|c| match c {
            Candidate::Component(name) => Some((0, name)),
            // A title that is a word like `Type` only repeats the property it labels.
            Candidate::Title(name) if !GENERIC.contains(&name.as_str()) => Some((1, name)),
            Candidate::Title(_) | Candidate::Place { .. } => None,
        })
        .collect();
    given.sort_by(|a, b| (a.0, a.1.len(), a.1).cmp(&(b.0, b.1.len(), b.1)));
    let mut out: Vec<(String, u8)> = given.into_iter().map(|(rank, name)| (name.clone(), rank)).collect();
    let places: Vec<Place> = input
        .candidates
        .iter()
        .filter_map(|c| match c {
            Candidate::Place { base, scope, tail } => Some(Place { base, scope, tail }),
            _ => None,
        })
        .collect();
    if !places.is_empty() {
        out.extend(from_places(id, &places, input, short).into_iter().map(|name| (name, 2)));
    }
    // Where every other name is taken, its shape (`SubscriptionScheduleOrString`) before a number.
    out.extend(input.structural.map(|name| (name.to_string(), 2)));
    if out.is_empty() {
        out.push(("Unnamed".into(), 2));
    }
    let mut seen = BTreeSet::new();
    let mut list: Vec<(String, u8)> = out
        .into_iter()
        .map(
            |(name, rank)| {
                if reserved::is_reserved_type(&name) { (format!("{name}Model"), rank) } else { (name, rank) }
            },
        )
        .filter(|(name, _)| seen.insert(name.clone()))
        .collect();
    // Stable: long names keep their order among themselves, after every short one.
    list.sort_by_key(|(name, _)| name.len() > MAX_LEN);
    list
}

struct Place<'a> {
    base: &'a str,
    scope: &'a str,
    tail: &'a [String],
}

/// Names from where a type was met, best first.
fn from_places(id: usize, places: &[Place], input: &Input, short: &Shortcuts) -> Vec<String> {
    let mut out = Vec::new();
    let bases: BTreeSet<&str> = places.iter().map(|p| p.base).collect();
    let scopes: BTreeSet<&str> = places.iter().map(|p| p.scope).collect();
    let scope = scopes.first().copied().filter(|s| scopes.len() == 1 && !s.is_empty());
    let tails: BTreeSet<&[String]> = places.iter().map(|p| p.tail).collect();
    if bases.len() > 1 {
        out.extend(shared(places, scope, input));
    } else if tails.len() > 1 {
        // One operation's type met at several places (`x`, `y`, `z`, all `string | Link5`): named
        // for what the places share, or for its shape, rather than for whichever place sorts first.
        let lists: Vec<&[String]> = tails.iter().copied().collect();
        let meaningful: Vec<String> = common_suffix(&lists).into_iter().skip_while(|w| is_side(w)).collect();
        if let (false, Some(base)) = (meaningful.is_empty(), bases.first()) {
            out.push(format!("{base}{}", meaningful.concat()));
        }
        out.extend(input.structural.map(str::to_string));
    }
    // Where it sits, shortest first: its base and path, or the base and the path's last word.
    let mut at: Vec<String> = places.iter().map(|p| short.name(id, p.base, p.tail)).collect();
    at.extend(places.iter().map(|p| format!("{}{}", p.base, p.tail.concat())));
    at.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    out.extend(at);
    // Where those are long: the group and the place's last words (`DynamicSecretAwsElasticacheInputs`
    // for `CreateDynamicSecretRequestProviderAwsElasticacheInputs`).
    for p in places.iter().filter(|p| !p.scope.is_empty()) {
        // Two words where there are more: a last word alone could belong to a sibling too.
        let words: Vec<&String> = p.tail.iter().filter(|w| !is_side(w)).collect();
        let last: String = words[words.len().saturating_sub(2)..].iter().map(|w| w.as_str()).collect();
        if !last.is_empty() {
            out.push(joined(p.scope, &last));
        }
    }
    // Or the operation's name without its group (`CreateIdentityPermanentRequest`).
    for p in places.iter().filter(|p| !p.scope.is_empty()) {
        let base = camel_words(p.base);
        let scope = camel_words(p.scope);
        if let Some(at) = (1..base.len()).find(|&i| base[i..].starts_with(&scope)) {
            let rest = [&base[..at], &base[at + scope.len()..]].concat().concat();
            out.push(format!("{rest}{}", p.tail.concat()));
        }
    }
    out
}

/// `a` then `b`, a word they meet on said once (`KubernetesAuth` + `AuthMethod` → `KubernetesAuthMethod`).
fn joined(a: &str, b: &str) -> String {
    let (left, right) = (camel_words(a), camel_words(b));
    let overlap = (1..=left.len().min(right.len())).rev().find(|&n| left[left.len() - n..] == right[..n]).unwrap_or(0);
    format!("{a}{}", right[overlap..].concat())
}

/// A place's last words, qualified by the scope when they are one word that says little alone.
fn qualified(words: Vec<String>, scope: Option<&str>) -> Vec<String> {
    let name = words.concat();
    match (words.as_slice(), scope) {
        ([one], Some(scope)) if GENERIC.contains(&one.as_str()) && !name.starts_with(scope) => {
            vec![format!("{scope}{name}")]
        }
        ([one], None) if GENERIC.contains(&one.as_str()) => Vec::new(),
        _ => vec![name],
    }
}

/// A type in the shared-response slot of every place (`AddIdentity`'s whole response).
fn whole(places: &[Place]) -> bool {
    places.iter().all(|p| p.tail.iter().all(|w| is_side(w)))
}

/// Names for a type met below several operations, best first.
fn shared(places: &[Place], scope: Option<&str>, input: &Input) -> Vec<String> {
    let tails: Vec<&[String]> = places.iter().map(|p| p.tail).collect();
    let mut out = Vec::new();
    let meaningful: Vec<String> = common_suffix(&tails).into_iter().skip_while(|w| is_side(w)).collect();
    if !meaningful.is_empty() {
        out.extend(qualified(meaningful, scope));
    }
    // The places end in different words that begin alike (`tokenData`, `token`).
    let lasts: Vec<Vec<String>> =
        tails.iter().filter_map(|t| t.last()).filter(|w| !is_side(w)).map(|w| camel_words(w)).collect();
    if lasts.len() == tails.len() {
        let prefix = common_prefix(&lasts);
        if !prefix.is_empty() {
            out.extend(qualified(prefix, scope));
        }
    }
    let whole = whole(places);
    let side = tails
        .iter()
        .flat_map(|t| t.first())
        .find(|w| is_side(w))
        .map_or("Response", |w| if w.starts_with("Response") { "Response" } else { "Request" });
    if whole && let Some(field) = input.single_field {
        out.push(format!("{}{side}", crate::ident::type_name(field)));
    }
    out.extend(input.structural.map(str::to_string));
    // What the operations' names share: their verb and their resource (`Login...Auth`).
    let words: Vec<Vec<String>> = places.iter().map(|p| camel_words(p.base)).collect();
    let word_lists: Vec<&[String]> = words.iter().map(Vec::as_slice).collect();
    let end = if whole { side } else { "" };
    let front = common_prefix(&words);
    let back = common_suffix(&word_lists);
    let both = if front.len() + back.len() < words.iter().map(Vec::len).min().unwrap_or(0) {
        [front.concat(), back.concat()].concat()
    } else {
        front.concat()
    };
    // Below the whole body, the operations' words qualify the place's own (`FolderSecret`).
    let last = tails.iter().flat_map(|t| t.last()).find(|w| !is_side(w)).cloned().unwrap_or_default();
    for shared in [both, back.concat(), front.concat()] {
        if !shared.is_empty() && (whole || !last.is_empty()) {
            out.push(if whole { format!("{shared}{end}") } else { joined(&shared, &last) });
        }
    }
    if let Some(scope) = scope {
        out.push(joined(scope, &format!("{last}{end}")));
    }
    out
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
                let Candidate::Place { base, tail, .. } = candidate else { continue };
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

/// Whether a path word names the side of an operation (`Request`, `Response`, `Response201`).
fn is_side(word: &str) -> bool {
    word == "Request" || word.strip_prefix("Response").is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
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
        scoped(base, "", tail)
    }

    fn scoped(base: &str, scope: &str, tail: &[&str]) -> Candidate {
        Candidate::Place { base: base.into(), scope: scope.into(), tail: tail.iter().map(|s| s.to_string()).collect() }
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
        assert_eq!(one("k", &unrelated), ["UpdateThingRequest"], "a place of its own, never `SharedRequest`");
        let logins = [place("LoginAwsAuth", &["Response"]), place("LoginGcpAuth", &["Response"])];
        assert_eq!(one("k", &logins), ["LoginAuthResponse"]);
    }

    #[test]
    fn a_word_that_says_little_alone_takes_its_groups() {
        let kind = [
            scoped("CreateSecret", "Secret", &["Request", "Type"]),
            scoped("UpdateSecret", "Secret", &["Request", "Type"]),
        ];
        assert_eq!(one("k", &kind), ["SecretType"]);
    }

    #[test]
    fn a_type_that_loses_its_name_takes_its_next_not_a_number() {
        let a = [place("GetSecret", &["Response", "Secret"]), place("ListSecrets", &["Response", "Secret"])];
        let b = [place("GetFolder", &["Response", "Secret"]), place("ListFolders", &["Response", "Secret"])];
        let input = |key, candidates| Input { key, candidates, single_field: None, structural: None };
        let named = assign(&[input("a", &a), input("b", &b)]);
        assert_eq!(named, ["SecretModel", "FolderSecret"], "`Secret` is the crate root's");
        let c = [place("GetSecret", &["Response", "Folder"]), place("ListSecrets", &["Response", "Folder"])];
        let d = [place("GetWidget", &["Response", "Folder"]), place("ListWidgets", &["Response", "Folder"])];
        assert_eq!(assign(&[input("c", &c), input("d", &d)]), ["Folder", "WidgetFolder"]);
    }

    #[test]
    fn long_names_come_last() {
        let deep =
            [scoped("CreateDynamicSecret", "DynamicSecret", &["Request", "Provider", "AwsElasticache", "Inputs"])];
        let other = [scoped("CreateDynamicSecret", "DynamicSecret", &["Request", "Provider", "Cassandra", "Inputs"])];
        let input = |key, candidates| Input { key, candidates, single_field: None, structural: None };
        let named = assign(&[input("a", &deep), input("b", &other)]);
        assert_eq!(named, ["DynamicSecretAwsElasticacheInputs", "DynamicSecretCassandraInputs"]);
    }
}
