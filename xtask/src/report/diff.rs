//! Compares two IRs (the one the crate was generated from, and the new one) and lists what
//! changed for callers of the crate, each change classified by the rule table. Every lookup is
//! through a map built once, so the work grows with the size of the two IRs, not its square.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::rules::{Direction, Level, Rule, classify};
use crate::emit::Features;
use crate::ir::{Api, Field, Operation, Param, Presence, TypeKind, TypeRef};
use crate::usage::directions;

mod types;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub level: Level,
    /// What changed: `operation widgets().create`, `type Widget`, `field Widget.color`.
    pub subject: String,
    pub rule: Rule,
    pub direction: Direction,
    pub detail: String,
    /// The Cargo features the subject compiles with (`dynamic-secrets`, or `a, b`); `None` when
    /// it always does.
    pub features: Option<String>,
}

struct Differ {
    old_directions: BTreeMap<String, Direction>,
    new_directions: BTreeMap<String, Direction>,
    /// Each type's serde impls without a feature.
    old_serde: BTreeMap<String, (bool, bool)>,
    new_serde: BTreeMap<String, (bool, bool)>,
    old_features: Features,
    new_features: Features,
    /// Each group's feature by its module, the new crate's over the old one's.
    group_features: BTreeMap<String, String>,
    /// The features of what is being compared, for the changes pushed meanwhile.
    scope: Option<String>,
    changes: Vec<Change>,
}

pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut differ = Differ {
        old_directions: directions(old),
        new_directions: directions(new),
        old_serde: crate::usage::serde_impls(old),
        new_serde: crate::usage::serde_impls(new),
        old_features: Features::new(old),
        new_features: Features::new(new),
        group_features: old.groups.iter().chain(&new.groups).map(|g| (g.module.clone(), g.feature.clone())).collect(),
        scope: None,
        changes: Vec::new(),
    };
    differ.features();
    differ.operations(old, new);
    differ.types(old, new);
    differ.scope = None;
    for (rule, subject, detail) in super::auth::schemes(old, new) {
        differ.push(rule, Direction::None, subject, detail);
    }
    let mut changes = differ.changes;
    // Breaking first, then additions, then the rest; stable within a level.
    changes.sort_by(|a, b| {
        b.level.cmp(&a.level).then_with(|| a.subject.cmp(&b.subject)).then_with(|| a.detail.cmp(&b.detail))
    });
    changes.dedup();
    changes
}

fn both(a: Direction, b: Direction) -> Direction {
    use Direction::*;
    match (a, b) {
        (None, x) | (x, None) => x,
        (x, y) if x == y => x,
        _ => Both,
    }
}

/// The Rust wrapper a presence gives a field's type.
fn wrapper(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "T",
        Presence::Nullable | Presence::Optional => "Option<T>",
        Presence::OptionalNullable => "Nullable<T>",
    }
}

fn show(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) => format!("Vec<{}>", show(inner)),
        TypeRef::Map(inner) => format!("Map<{}>", show(inner)),
        TypeRef::Boxed(inner) => format!("Box<{}>", show(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", show(inner)),
        other => serde_json::to_value(other).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
    }
}

/// A digest of a type's shape, to find a type renamed with the same JSON in one lookup.
fn shape(kind: &TypeKind) -> u128 {
    let text = serde_json::to_string(kind).unwrap_or_default();
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

/// `new`'s arguments: the required fields a caller gives, in order.
fn constructor(fields: &[Field]) -> Vec<&str> {
    fields
        .iter()
        .filter(|f| !f.is_fixed() && matches!(f.presence, Presence::Required | Presence::Nullable))
        .filter(|f| !(f.flatten && matches!(f.ty, TypeRef::Map(_))))
        .map(|f| f.wire.as_str())
        .collect()
}

impl Differ {
    fn push(&mut self, rule: Rule, direction: Direction, subject: String, detail: String) {
        let level = classify(rule, direction);
        let features = self.scope.clone();
        self.changes.push(Change { level, subject, rule, direction, detail, features });
    }

    /// The features an operation compiles with: its group's.
    fn operation_scope(&mut self, op: &Operation) {
        self.scope =
            op.group.as_ref().map(|g| self.group_features.get(g).cloned().unwrap_or_else(|| g.replace('_', "-")));
    }

    /// The features a type compiles with, in the new crate, or in the old one when it is gone.
    fn type_scope(&mut self, name: &str) {
        let features = self.new_features.of_type(name).or_else(|| self.old_features.of_type(name));
        self.scope = features.map(|f| f.join(", "));
    }

    /// Whether a type needs more than it did: a feature still in the crate that it compiled with
    /// no longer brings it. Widening asks nothing of anyone, and a removed feature is a change of
    /// its own.
    fn narrowed(&self, before: Option<&[String]>, after: Option<&[String]>) -> bool {
        match (before, after) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(before), Some(after)) => {
                before.iter().any(|f| self.new_features.all.contains(f) && !after.contains(f))
            }
        }
    }

    /// Features added and removed: naming a feature the crate no longer has fails the caller's
    /// build.
    fn features(&mut self) {
        let old: BTreeSet<String> = self.old_features.all.iter().cloned().collect();
        let new: BTreeSet<String> = self.new_features.all.iter().cloned().collect();
        self.scope = None;
        for added in new.difference(&old) {
            self.push(
                Rule::FeatureAdded,
                Direction::None,
                format!("feature `{added}`"),
                format!("added, and in `{}`", self.new_features.everything),
            );
        }
        for removed in old.difference(&new) {
            self.push(
                Rule::FeatureRemoved,
                Direction::None,
                format!("feature `{removed}`"),
                "removed: its group has no operations".into(),
            );
        }
    }

    fn direction_of(&self, name: &str) -> Direction {
        let old = self.old_directions.get(name).copied().unwrap_or(Direction::None);
        let new = self.new_directions.get(name).copied().unwrap_or(Direction::None);
        both(old, new)
    }

    fn operations(&mut self, old: &Api, new: &Api) {
        let old_ops: BTreeMap<String, &Operation> = old.operations.iter().map(|o| (o.qualified_name(), o)).collect();
        let new_ops: BTreeMap<String, &Operation> = new.operations.iter().map(|o| (o.qualified_name(), o)).collect();
        let endpoint = |o: &Operation| format!("{} {}", o.method, o.path);
        // New operations by endpoint, to tell a renamed one from a removed one.
        let mut added_by_endpoint: HashMap<String, &str> = HashMap::new();
        for (name, op) in &new_ops {
            if !old_ops.contains_key(name) {
                added_by_endpoint.entry(endpoint(op)).or_insert(name);
            }
        }
        let mut renamed_new = BTreeSet::new();
        for (name, op) in &old_ops {
            if new_ops.contains_key(name) {
                continue;
            }
            let subject = format!("operation `{name}`");
            self.operation_scope(op);
            match added_by_endpoint.remove(&endpoint(op)) {
                Some(renamed) => {
                    renamed_new.insert(renamed.to_string());
                    let detail = format!("`{}` is now the method `{renamed}`", endpoint(op));
                    self.push(Rule::OperationRenamed, Direction::None, subject, detail);
                }
                None => {
                    self.push(Rule::OperationRemoved, Direction::None, subject, format!("`{}` removed", endpoint(op)))
                }
            }
        }
        for (name, op) in &new_ops {
            self.operation_scope(op);
            match old_ops.get(name) {
                None if !renamed_new.contains(name) => {
                    self.push(
                        Rule::OperationAdded,
                        Direction::None,
                        format!("operation `{name}`"),
                        format!("`{}` added", endpoint(op)),
                    );
                }
                None => {}
                Some(before) => self.operation(name, before, op),
            }
        }
    }

    fn operation(&mut self, name: &str, old: &Operation, new: &Operation) {
        let subject = format!("operation `{name}`");
        let none = Direction::None;
        if let Some((rule, detail)) = super::auth::security(old, new) {
            self.push(rule, none, subject.clone(), detail);
        }
        if (old.method.as_str(), old.path.as_str()) != (new.method.as_str(), new.path.as_str()) {
            let detail = format!("now `{} {}` (was `{} {}`)", new.method, new.path, old.method, old.path);
            self.push(Rule::EndpointChanged, none, subject.clone(), detail);
        }
        let key = |p: &Param| (p.location, p.wire.clone());
        let old_params: BTreeMap<_, &Param> = old.params.iter().map(|p| (key(p), p)).collect();
        let new_params: BTreeMap<_, &Param> = new.params.iter().map(|p| (key(p), p)).collect();
        for (k, param) in &new_params {
            match old_params.get(k) {
                None if param.required => self.push(
                    Rule::ParameterAddedRequired,
                    none,
                    subject.clone(),
                    format!("new required parameter `{}`", param.wire),
                ),
                None => self.push(
                    Rule::ParameterAddedOptional,
                    none,
                    subject.clone(),
                    format!("new optional parameter `{}`", param.wire),
                ),
                Some(before)
                    if before.ty != param.ty || before.required != param.required || before.name != param.name =>
                {
                    let detail = format!(
                        "parameter `{}`: {}{} → {}{}",
                        param.wire,
                        show(&before.ty),
                        if before.required { "" } else { " (optional)" },
                        show(&param.ty),
                        if param.required { "" } else { " (optional)" }
                    );
                    self.push(Rule::ParameterChanged, none, subject.clone(), detail);
                }
                Some(_) => {}
            }
        }
        for (k, param) in &old_params {
            if !new_params.contains_key(k) {
                self.push(Rule::ParameterRemoved, none, subject.clone(), format!("parameter `{}` removed", param.wire));
            }
        }
        let arguments = |o: &Operation| -> Vec<ParamKey> {
            o.arguments().into_iter().map(|p| (p.location, p.wire.clone())).collect()
        };
        let (old_args, new_args) = (arguments(old), arguments(new));
        let same_set = old_args.iter().collect::<BTreeSet<_>>() == new_args.iter().collect::<BTreeSet<_>>();
        if same_set && old_args != new_args {
            let detail = "its required parameters come in another order".to_string();
            self.push(Rule::ParameterChanged, none, subject.clone(), detail);
        }
        let body = |o: &Operation| o.body.as_ref().map(|b| (show(&b.ty), b.required, b.kind));
        if body(old) != body(new) {
            let text = |b: Option<(String, bool, crate::ir::MediaKind)>| match b {
                None => "no body".to_string(),
                Some((ty, true, _)) => format!("`{ty}`"),
                Some((ty, false, _)) => format!("optional `{ty}`"),
            };
            let detail = format!("request body: {} → {}", text(body(old)), text(body(new)));
            self.push(Rule::BodyChanged, none, subject.clone(), detail);
        }
        // What the call's `T` is: one type, or an enum by status.
        let success = |o: &Operation| -> String {
            let parts: Vec<String> = o
                .success_shape()
                .into_iter()
                .map(|(status, ty, kind)| {
                    let ty = match (ty, kind) {
                        (None, _) => "nothing".to_string(),
                        (Some(_), crate::ir::MediaKind::Binary) => "a download".to_string(),
                        (Some(ty), _) => format!("`{}`", show(ty)),
                    };
                    status.map_or(ty.clone(), |s| format!("{s}: {ty}"))
                })
                .collect();
            parts.join(", ")
        };
        if success(old) != success(new) {
            let detail = format!("returns {} (was {})", success(new), success(old));
            self.push(Rule::SuccessTypeChanged, none, subject.clone(), detail);
        }
        let error_type = |o: &Operation| {
            let types: BTreeSet<String> =
                o.responses.iter().filter(|r| !r.is_success()).filter_map(|r| r.ty.as_ref()).map(show).collect();
            if types.len() == 1 { types.into_iter().next() } else { Some("serde_json::Value".to_string()) }
        };
        if error_type(old) != error_type(new) {
            let detail = format!(
                "error body type `{}` → `{}`",
                error_type(old).unwrap_or_default(),
                error_type(new).unwrap_or_default()
            );
            self.push(Rule::ErrorTypeChanged, none, subject.clone(), detail);
        }
        let statuses = |o: &Operation| -> BTreeSet<String> {
            o.responses.iter().filter(|r| !r.is_success() && r.ty.is_some()).map(|r| r.status.clone()).collect()
        };
        let (old_statuses, new_statuses) = (statuses(old), statuses(new));
        for status in new_statuses.difference(&old_statuses) {
            self.push(Rule::ErrorStatusAdded, none, subject.clone(), format!("declares error status {status}"));
        }
        for status in old_statuses.difference(&new_statuses) {
            self.push(
                Rule::ErrorStatusRemoved,
                none,
                subject.clone(),
                format!("no longer declares error status {status}"),
            );
        }
        if new.deprecated && !old.deprecated {
            self.push(Rule::Deprecated, none, subject.clone(), "deprecated".into());
        }
        if (&old.doc, &old.summary) != (&new.doc, &new.summary) {
            self.push(Rule::DocChanged, none, subject, "documentation changed".into());
        }
    }
}

type ParamKey = (crate::ir::ParamLocation, String);
