//! What changed in the types: added, removed or renamed types, and each kept type's kind, fields,
//! variants and serde impls. Split from `diff.rs` by concern; the same `Differ` records it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Differ, constructor, shape, show, wrapper};
use crate::ir::{Api, Field, Presence, TypeDef, TypeKind};
use crate::report::rules::{Direction, Rule};

impl Differ {
    pub(super) fn types(&mut self, old: &Api, new: &Api) {
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
