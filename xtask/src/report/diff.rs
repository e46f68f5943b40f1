//! Compares two IRs (the one the crate was generated from, and the new one) and lists what
//! changed for callers of the crate, each change classified by the rule table. Every lookup is
//! through a map built once, so the work grows with the size of the two IRs, not its square.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::rules::{Direction, Level, Rule, classify};
use crate::emit::Features;
use crate::ir::{Api, Field, Operation, Param, Presence, TypeDef, TypeKind, TypeRef};
use crate::usage::directions;

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
                "added, and in `all-tags`".into(),
            );
        }
        for removed in old.difference(&new) {
            self.push(
                Rule::FeatureRemoved,
                Direction::None,
                format!("feature `{removed}`"),
                "removed: its tag has no operations".into(),
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

    fn types(&mut self, old: &Api, new: &Api) {
        let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let new_types: BTreeMap<&str, &TypeDef> = new.types.iter().map(|t| (t.name.as_str(), t)).collect();
        // New types by shape, to tell a renamed type from a removed one.
        let mut added_by_shape: HashMap<u128, Vec<&str>> = HashMap::new();
        for (name, def) in new_types.iter().rev() {
            if !old_types.contains_key(name) {
                added_by_shape.entry(shape(&def.kind)).or_default().push(name);
            }
        }
        let mut renamed_new = BTreeSet::new();
        for (name, def) in &old_types {
            if new_types.contains_key(name) {
                continue;
            }
            let subject = format!("type `{name}`");
            let direction = self.direction_of(name);
            self.type_scope(name);
            match added_by_shape.get_mut(&shape(&def.kind)).and_then(Vec::pop) {
                Some(twin) => {
                    renamed_new.insert(twin);
                    let detail = format!("renamed to `{twin}` (same JSON)");
                    self.push(Rule::TypeRenamed, direction, subject, detail);
                }
                None => self.push(Rule::TypeRemoved, direction, subject, "removed".into()),
            }
        }
        for (name, def) in &new_types {
            self.type_scope(name);
            match old_types.get(name) {
                None if !renamed_new.contains(name) => {
                    self.push(Rule::TypeAdded, self.direction_of(name), format!("type `{name}`"), "added".into())
                }
                None => {}
                Some(before) => self.type_def(before, def),
            }
        }
    }

    fn type_def(&mut self, old: &TypeDef, new: &TypeDef) {
        let direction = self.direction_of(&new.name);
        let subject = format!("type `{}`", new.name);
        let (before, after) = (self.old_features.of_type(&new.name), self.new_features.of_type(&new.name));
        if self.narrowed(before, after) {
            let text = |f: Option<&[String]>| f.map_or("always".to_string(), |f| format!("with `{}`", f.join("`, `")));
            let detail = format!("compiles {} (was {})", text(after), text(before));
            self.push(Rule::FeaturesChanged, direction, subject.clone(), detail);
        }
        let was_sent = self.old_directions.get(&new.name).is_some_and(|d| d.is_sent());
        let is_sent = self.new_directions.get(&new.name).is_some_and(|d| d.is_sent());
        let is_struct = matches!((&old.kind, &new.kind), (TypeKind::Struct(_), TypeKind::Struct(_)));
        if is_struct && was_sent != is_sent {
            let (rule, detail) = if is_sent {
                (Rule::RequestUseAdded, "now sent in requests: it gains `new` and setters")
            } else {
                (Rule::RequestUseRemoved, "no longer sent in requests: its `new` and setters are gone")
            };
            self.push(rule, direction, subject.clone(), detail.into());
        }
        // The serde impls a type has without a feature (`usage::serde_impls`).
        let (was, is) = (self.old_serde.get(&new.name).copied(), self.new_serde.get(&new.name).copied());
        let (was, is) = (was.unwrap_or((true, true)), is.unwrap_or((true, true)));
        for (name, had, has, feature) in
            [("Serialize", was.0, is.0, "serialize-responses"), ("Deserialize", was.1, is.1, "deserialize-requests")]
        {
            match (had, has) {
                (false, true) => self.push(Rule::SerdeImplAdded, direction, subject.clone(), format!("gains `{name}`")),
                (true, false) => {
                    let detail = format!("`{name}` only with the `{feature}` feature");
                    self.push(Rule::SerdeImplRemoved, direction, subject.clone(), detail);
                }
                _ => {}
            }
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                if a.tag != b.tag {
                    self.push(Rule::ConstantChanged, direction, subject.clone(), "its tag changed".into());
                }
                self.fields(&new.name, &a.fields, &b.fields, direction);
                if is_sent && was_sent && constructor(&a.fields) != constructor(&b.fields) {
                    let (before, after): (BTreeSet<&str>, BTreeSet<&str>) =
                        (constructor(&a.fields).into_iter().collect(), constructor(&b.fields).into_iter().collect());
                    if before == after {
                        self.push(
                            Rule::ConstructorOrderChanged,
                            direction,
                            subject.clone(),
                            "`new` takes its arguments in another order".into(),
                        );
                    }
                }
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                let old_values: BTreeMap<&str, &str> =
                    a.values.iter().map(|v| (v.wire.as_str(), v.name.as_str())).collect();
                let new_values: BTreeMap<&str, &str> =
                    b.values.iter().map(|v| (v.wire.as_str(), v.name.as_str())).collect();
                for (value, name) in &new_values {
                    match old_values.get(value) {
                        None => self.push(
                            Rule::EnumValueAdded,
                            direction,
                            subject.clone(),
                            format!("value `{value}` added"),
                        ),
                        Some(before) if before != name => {
                            let detail = format!("value `{value}` is now the variant `{name}` (was `{before}`)");
                            self.push(Rule::EnumValueRenamed, direction, subject.clone(), detail);
                        }
                        Some(_) => {}
                    }
                }
                for value in old_values.keys().filter(|v| !new_values.contains_key(*v)) {
                    self.push(Rule::EnumValueRemoved, direction, subject.clone(), format!("value `{value}` removed"));
                }
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                if a.tag != b.tag {
                    self.push(Rule::ConstantChanged, direction, subject.clone(), "tagged by another property".into());
                }
                let key = |v: &crate::ir::Variant| v.tag_value.clone().unwrap_or_else(|| v.name.clone());
                let old_variants: BTreeMap<String, &crate::ir::Variant> =
                    a.variants.iter().map(|v| (key(v), v)).collect();
                let new_variants: BTreeMap<String, &crate::ir::Variant> =
                    b.variants.iter().map(|v| (key(v), v)).collect();
                for (k, variant) in &new_variants {
                    match old_variants.get(k) {
                        None => self.push(
                            Rule::VariantAdded,
                            direction,
                            subject.clone(),
                            format!("variant `{}` added", variant.name),
                        ),
                        Some(before) if before.name != variant.name => {
                            let detail = format!("variant `{}` is now `{}`", before.name, variant.name);
                            self.push(Rule::VariantRenamed, direction, subject.clone(), detail);
                        }
                        Some(before) if before.ty != variant.ty => {
                            let detail =
                                format!("variant `{}`: `{}` → `{}`", variant.name, show(&before.ty), show(&variant.ty));
                            self.push(Rule::FieldTypeChanged, direction, subject.clone(), detail);
                        }
                        Some(_) => {}
                    }
                }
                for (k, variant) in &old_variants {
                    if !new_variants.contains_key(k) {
                        self.push(
                            Rule::VariantRemoved,
                            direction,
                            subject.clone(),
                            format!("variant `{}` removed", variant.name),
                        );
                    }
                }
            }
            (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) if a != b => {
                self.push(Rule::TypeKindChanged, direction, subject.clone(), format!("`{}` → `{}`", show(a), show(b)));
            }
            (TypeKind::Alias { .. }, TypeKind::Alias { .. }) => {}
            _ => self.push(Rule::TypeKindChanged, direction, subject.clone(), "a different kind of type".into()),
        }
        if new.deprecated && !old.deprecated {
            self.push(Rule::Deprecated, direction, subject.clone(), "deprecated".into());
        }
        if old.doc != new.doc {
            self.push(Rule::DocChanged, direction, subject, "documentation changed".into());
        }
    }

    /// Public fields, and the constants the SDK writes by itself (which callers never see).
    fn fields(&mut self, owner: &str, old: &[Field], new: &[Field], direction: Direction) {
        let split = |fields: &[Field]| -> (BTreeMap<String, Field>, BTreeMap<String, Field>) {
            let (fixed, visible): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|f| f.is_fixed());
            let by_wire = |list: Vec<&Field>| list.into_iter().map(|f| (f.wire.clone(), f.clone())).collect();
            (by_wire(visible), by_wire(fixed))
        };
        let (old_fields, old_fixed) = split(old);
        let (new_fields, new_fixed) = split(new);
        for (wire, field) in &new_fixed {
            let value = field.value.as_ref().map(crate::emit::constant_text).unwrap_or_default();
            match old_fixed.get(wire) {
                Some(before) if before.value == field.value => {}
                Some(_) => self.push(
                    Rule::ConstantChanged,
                    direction,
                    format!("type `{owner}`"),
                    format!("`{wire}` is now always `{value}`"),
                ),
                None => self.push(
                    Rule::ConstantChanged,
                    direction,
                    format!("type `{owner}`"),
                    format!("now always sends `{wire}: {value}`"),
                ),
            }
        }
        for wire in old_fixed.keys().filter(|w| !new_fixed.contains_key(*w)) {
            self.push(
                Rule::ConstantChanged,
                direction,
                format!("type `{owner}`"),
                format!("`{wire}` is no longer fixed"),
            );
        }
        for (wire, field) in &new_fields {
            let subject = format!("field `{owner}.{}`", field.name);
            let Some(before) = old_fields.get(wire) else {
                let required = matches!(field.presence, Presence::Required | Presence::Nullable);
                let (rule, what) = if required {
                    (Rule::FieldAddedRequired, "required")
                } else {
                    (Rule::FieldAddedOptional, "optional")
                };
                self.push(rule, direction, subject, format!("added, {what} (`{wire}`: {})", show(&field.ty)));
                continue;
            };
            if before.name != field.name {
                let detail = format!("`{wire}` is now the field `{}` (was `{}`)", field.name, before.name);
                self.push(Rule::FieldRenamed, direction, subject.clone(), detail);
            }
            if before.ty != field.ty || before.value.is_some() != field.value.is_some() {
                self.push(
                    Rule::FieldTypeChanged,
                    direction,
                    subject.clone(),
                    format!("{} → {}", show(&before.ty), show(&field.ty)),
                );
            }
            if wrapper(before.presence) != wrapper(field.presence) {
                let detail = format!("{} → {}", wrapper(before.presence), wrapper(field.presence));
                self.push(Rule::FieldRequirednessChanged, direction, subject.clone(), detail);
            } else if before.presence != field.presence {
                let detail = format!("{:?} → {:?}", before.presence, field.presence).to_lowercase();
                self.push(Rule::FieldNullabilityChanged, direction, subject.clone(), detail);
            }
            if field.deprecated && !before.deprecated {
                self.push(Rule::Deprecated, direction, subject.clone(), "deprecated".into());
            }
            if before.doc != field.doc {
                self.push(Rule::DocChanged, direction, subject, "documentation changed".into());
            }
        }
        for (wire, field) in &old_fields {
            if !new_fields.contains_key(wire) {
                self.push(
                    Rule::FieldRemoved,
                    direction,
                    format!("field `{owner}.{}`", field.name),
                    format!("removed (`{wire}`)"),
                );
            }
        }
    }
}

type ParamKey = (crate::ir::ParamLocation, String);
