//! The resolution rules for one schema (docs/design.md, "Resolution rules"): primitives and formats,
//! objects and maps, string enums, constants, `allOf` merging, `anyOf`/`oneOf` unions with an
//! inferred tag, nullable vs optional, `not: {}`.

use indexmap::IndexMap;
use serde_json::Value;

use super::pointer::{self, Miss, Node};
use super::view::{Additional, SRef, View, view};
use super::{Ctx, Def, Resolver};
use crate::ident;
use crate::ir::{EnumValue, Field, Presence, StringEnum, Struct, Tag, TypeKind, TypeRef};

/// Inline nesting deeper than this is not a real API; stopping keeps the stack bounded.
const MAX_DEPTH: usize = 64;

/// What a schema resolved to, with what the enclosing object needs to know about it.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub ty: TypeRef,
    pub nullable: bool,
    /// The value must be absent (`not: {}`, or "absent or null"): no field for it.
    pub never: bool,
    /// A single-value enum: the value is fixed.
    pub constant: Option<Value>,
}

impl Resolved {
    pub(super) fn of(ty: TypeRef) -> Self {
        Resolved { ty, nullable: false, never: false, constant: None }
    }

    /// The type of a value no field holds (an item, a map's value, a body): a nullable one is
    /// `Option`, since there is no presence to carry it. Any JSON value takes `null` already.
    pub(super) fn standalone(self) -> TypeRef {
        match self.ty {
            TypeRef::Any => TypeRef::Any,
            ty if self.nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }
}

impl<'a> Resolver<'a> {
    pub(super) fn schema(&mut self, schema: SRef<'a>, ctx: &Ctx) -> Resolved {
        match schema {
            SRef::Ref(reference) => self.reference(reference, ctx),
            SRef::Item(_) if self.depth >= MAX_DEPTH => {
                self.warn(ctx, format!("schemas nested deeper than {MAX_DEPTH} levels become any JSON value"));
                Resolved::of(TypeRef::Any)
            }
            SRef::Item(schema) => {
                self.depth += 1;
                let resolved = self.view(&view(schema), ctx);
                self.depth -= 1;
                resolved
            }
        }
    }

    /// A `$ref` to a whole schema component is that named type; any other pointer (below a
    /// component, into a response or a parameter) is the schema found there, resolved as if it
    /// were written in place, with problems in it reported where it is written.
    fn reference(&mut self, reference: &str, ctx: &Ctx) -> Resolved {
        let id = reference.strip_prefix("#/components/schemas/").and_then(|name| self.components.get(name)).copied();
        if let Some(id) = id {
            let nullable = self.component_view(reference).is_some_and(|v| v.nullable);
            return Resolved { nullable, ..Resolved::of(TypeRef::Named(super::placeholder(id))) };
        }
        match pointer::find(self.api, reference) {
            Ok(Node::Schema(target)) if self.depth < MAX_DEPTH => {
                // Counted as nesting: a pointer into its own target must end.
                self.depth += 1;
                let at = Ctx { pointer: reference.trim_start_matches('#').to_string(), ..ctx.clone() };
                let resolved = self.schema(target, &at);
                self.depth -= 1;
                resolved
            }
            Ok(Node::Schema(_)) => {
                self.warn(
                    ctx,
                    format!("`$ref: {reference}` nests deeper than {MAX_DEPTH} levels; it becomes any JSON value"),
                );
                Resolved::of(TypeRef::Any)
            }
            // A spec's own slip (a generator's output often has one): the rest still generates.
            found => {
                self.warn(ctx, format!("{}: it becomes any JSON value", dangling(reference, found.err())));
                Resolved::of(TypeRef::Any)
            }
        }
    }

    /// The view of a `$ref`'s target, following chains of references.
    pub(super) fn component_view(&self, reference: &str) -> Option<View<'a>> {
        let mut reference = reference;
        for _ in 0..32 {
            match pointer::find(self.api, reference).ok()? {
                Node::Schema(SRef::Item(schema)) => return Some(view(schema)),
                Node::Schema(SRef::Ref(next)) => reference = next,
                _ => return None,
            }
        }
        None
    }

    /// A schema's view, inlining a `$ref` (used where members are merged, not referenced).
    pub(super) fn deref_view(&mut self, schema: SRef<'a>, ctx: &Ctx) -> Option<View<'a>> {
        match schema {
            SRef::Item(schema) => Some(view(schema)),
            SRef::Ref(reference) => {
                let found = self.component_view(reference);
                if found.is_none() {
                    let miss = pointer::find(self.api, reference).err();
                    self.warn(ctx, format!("{}: what it adds is lost", dangling(reference, miss)));
                }
                found
            }
        }
    }

    pub(super) fn view(&mut self, v: &View<'a>, ctx: &Ctx) -> Resolved {
        if v.not.is_some() && !v.is_never() {
            self.warn(
                ctx,
                "`not` is understood only as `not: {}` (must be absent); this schema becomes any JSON value",
            );
        }
        let mut resolved = if v.is_never() || v.is_null_only() {
            Resolved { never: true, ..Resolved::of(TypeRef::Any) }
        } else if !v.all_of.is_empty() {
            self.all_of(v, ctx)
        } else if (!v.any_of.is_empty() || !v.one_of.is_empty()) && !v.properties.is_empty() {
            // Properties of its own beside the alternatives: the object, and the alternatives
            // within it (as `allOf: [properties, oneOf]` is); alternatives that only say which of
            // its properties are required add nothing to its type (github's check runs).
            let members = if v.any_of.is_empty() { &v.one_of } else { &v.any_of };
            if members.iter().all(|m| self.only_constrains(*m, v)) {
                let plain = View { any_of: Vec::new(), one_of: Vec::new(), ..v.clone() };
                self.simple(&plain, ctx)
            } else {
                self.all_of(v, ctx)
            }
        } else if !v.any_of.is_empty() || !v.one_of.is_empty() {
            let members = if v.any_of.is_empty() { &v.one_of } else { &v.any_of };
            self.union(v, members, ctx)
        } else {
            self.simple(v, ctx)
        };
        resolved.nullable |= v.nullable;
        resolved
    }

    /// An alternative that names no property the object lacks and adds no structure of its own:
    /// it only constrains (which properties are required, which values one takes).
    fn only_constrains(&mut self, member: SRef<'a>, object: &View<'a>) -> bool {
        let SRef::Item(schema) = member else { return false };
        let m = view(schema);
        m.all_of.is_empty()
            && m.any_of.is_empty()
            && m.one_of.is_empty()
            && m.items.is_none()
            && matches!(m.ty, None | Some("object"))
            && m.properties.keys().all(|p| object.properties.contains_key(p))
            && m.required.iter().all(|p| object.properties.contains_key(p))
    }

    fn simple(&mut self, v: &View<'a>, ctx: &Ctx) -> Resolved {
        let (values, null_listed) = non_null_values(&v.enumeration);
        if values.len() == 1 {
            // A whole number is written as one (`2`, not `2.0`), whatever the declared type.
            let ty = match v.ty {
                Some("boolean") => TypeRef::Boolean,
                Some("integer") => TypeRef::I64,
                Some("number") if values[0].as_f64().is_some_and(|n| n.fract() == 0.0 && n.abs() < 1e15) => {
                    TypeRef::I64
                }
                Some("number") => TypeRef::F64,
                _ => TypeRef::String,
            };
            let constant = match (&ty, values[0].as_f64()) {
                (TypeRef::I64, Some(number)) => Value::from(number as i64),
                _ => values[0].clone(),
            };
            return Resolved { constant: Some(constant), nullable: null_listed, ..Resolved::of(ty) };
        }
        let ty = match v.ty {
            Some("string") | None if !values.is_empty() && values.iter().all(Value::is_string) => {
                self.string_enum(v, &values, ctx)
            }
            Some("string") => match v.format {
                Some("binary") if ctx.files => TypeRef::Binary,
                Some("uuid") => TypeRef::Uuid,
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                // `uri` stays text: RFC 3986 allows what `url::Url` (WHATWG) refuses
                // (`http://999.0.0.1/` in github's answers), and one refused URI would fail a
                // whole response.
                Some("uri" | "url") => TypeRef::String,
                _ => TypeRef::String,
            },
            Some("integer") => match v.format {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Boolean,
            Some("array") => {
                let item = match &v.items {
                    Some(items) => self.schema(*items, &ctx.item()).standalone(),
                    None => TypeRef::Any,
                };
                TypeRef::Array(Box::new(item))
            }
            Some("object") => self.object(v, ctx),
            _ => TypeRef::Any,
        };
        Resolved { nullable: null_listed, ..Resolved::of(ty) }
    }

    fn string_enum(&mut self, v: &View<'a>, values: &[Value], ctx: &Ctx) -> TypeRef {
        let values = values.iter().filter_map(Value::as_str).map(|wire| (wire.to_string(), None)).collect();
        self.define_enum(v, values, ctx)
    }

    /// An open string enum of these values, each with what the spec says of it alone.
    pub(super) fn define_enum(&mut self, v: &View<'a>, values: Vec<(String, Option<String>)>, ctx: &Ctx) -> TypeRef {
        let mut taken = std::collections::BTreeSet::new();
        let values = values
            .into_iter()
            .map(|(wire, doc)| {
                let name = ident::type_name(&wire);
                let name = if name == "Other" { "OtherValue".to_string() } else { name };
                let name = ident::unique(&name, "", |c| taken.contains(c));
                taken.insert(name.clone());
                EnumValue { name, wire, doc }
            })
            .collect();
        let def = Def {
            kind: TypeKind::Enum(StringEnum { values }),
            doc: v.description.map(str::to_string),
            deprecated: v.deprecated,
        };
        self.define(def, v.title, ctx)
    }

    pub(super) fn object(&mut self, v: &View<'a>, ctx: &Ctx) -> TypeRef {
        if v.properties.is_empty() {
            let value = match &v.additional {
                Some(Additional::Schema(schema)) => {
                    self.schema(*schema, &ctx.child("Value", &["additionalProperties"])).standalone()
                }
                _ => TypeRef::Any,
            };
            return TypeRef::Map(Box::new(value));
        }
        let (tag, mut fields) = self.fields(&v.properties, &v.required, ctx);
        if let Some(Additional::Schema(schema)) = &v.additional {
            let value = self.schema(*schema, &ctx.child("Value", &["additionalProperties"])).standalone();
            fields.push(Field {
                name: "additional_properties".into(),
                wire: String::new(),
                ty: TypeRef::Map(Box::new(value)),
                presence: Presence::Required,
                doc: Some("Properties beyond the declared ones.".into()),
                flatten: true,
                value: None,
                deprecated: false,
            });
        }
        self.struct_type(tag, fields, v, ctx)
    }

    pub(super) fn struct_type(&mut self, tag: Option<Tag>, mut fields: Vec<Field>, v: &View<'a>, ctx: &Ctx) -> TypeRef {
        name_fields(&mut fields);
        let def = Def {
            kind: TypeKind::Struct(Struct { tag, fields }),
            doc: v.description.map(str::to_string),
            deprecated: v.deprecated,
        };
        self.define(def, v.title, ctx)
    }

    /// Fields of an object. The first required string constant becomes the struct's tag; other
    /// constants are fields that carry their value (docs/design.md, "Resolution rules": a required
    /// one is filled in, an optional one is the caller's to opt into).
    pub(super) fn fields(
        &mut self,
        properties: &IndexMap<&'a str, SRef<'a>>,
        required: &[&'a str],
        ctx: &Ctx,
    ) -> (Option<Tag>, Vec<Field>) {
        let mut tag = None;
        let mut fields = Vec::new();
        for (&wire, &schema) in properties {
            let child = ctx.child(wire, &["properties", wire]);
            let resolved = self.schema(schema, &child);
            let is_required = required.contains(&wire);
            if resolved.never {
                continue;
            }
            let data = schema.item().map(|s| &s.schema_data);
            // `allOf: [$ref, {description}]`: the description a member adds is the field's.
            let adorned = schema.item().map(view).into_iter().flat_map(|v| v.all_of).find_map(|m| match m {
                SRef::Item(member) => member.schema_data.description.clone(),
                SRef::Ref(_) => None,
            });
            let doc = data.and_then(|d| d.description.clone()).or(adorned);
            if let Some(constant) = &resolved.constant
                && let (true, false, None, Some(value)) = (is_required, resolved.nullable, &tag, constant.as_str())
            {
                tag = Some(Tag { property: wire.to_string(), value: value.to_string() });
                continue;
            }
            let presence = match (is_required, resolved.nullable, ctx.request) {
                (true, false, _) => Presence::Required,
                (true, true, _) => Presence::Nullable,
                (false, true, true) => Presence::OptionalNullable,
                (false, _, _) => Presence::Optional,
            };
            let ty = match resolved.ty {
                TypeRef::String if resolved.constant.is_none() && super::credentials::is_credential(wire) => {
                    TypeRef::Secret
                }
                ty => ty,
            };
            fields.push(Field {
                name: String::new(),
                wire: wire.to_string(),
                ty,
                presence,
                doc,
                flatten: false,
                value: resolved.constant.clone(),
                deprecated: data.is_some_and(|d| d.deprecated),
            });
        }
        (tag, fields)
    }
}

/// The message for a `$ref` that finds nothing, saying how far its pointer got when that was below
/// a component.
pub(super) fn dangling(reference: &str, miss: Option<Miss>) -> String {
    match miss {
        Some(miss) if miss.found.matches('/').count() > 3 => {
            format!("`$ref: {reference}` points at nothing: `{}` has no `{}`", miss.found, miss.rest)
        }
        _ => format!("`$ref: {reference}` points at nothing"),
    }
}

/// `not: {}` or `enum: ['null']`: a member that only allows absence or null.
pub(super) fn is_never(schema: SRef<'_>) -> bool {
    matches!(schema, SRef::Item(s) if { let v = view(s); v.is_never() || v.is_null_member() })
}

/// Enum values without `null`, and whether `null` was listed.
pub(super) fn non_null_values(values: &[Value]) -> (Vec<Value>, bool) {
    let null = values.iter().any(Value::is_null);
    (values.iter().filter(|v| !v.is_null()).cloned().collect(), null)
}

/// Snake-case field names, unique within the struct. Wire names that meet after case conversion
/// (`_id` and `id`) are told apart deterministically: the one without leading underscores keeps the
/// plain name.
fn name_fields(fields: &mut [Field]) {
    let mut order: Vec<usize> = (0..fields.len()).collect();
    // A wire name that already is its snake-case form keeps it; then those without a leading `_`.
    order.sort_by_cached_key(|&i| {
        let wire = &fields[i].wire;
        (ident::snake_name(wire) != *wire, wire.starts_with('_'), wire.clone())
    });
    let mut taken = std::collections::BTreeSet::new();
    for i in order {
        let field = &fields[i];
        let mut wanted = if field.name.is_empty() { ident::snake_name(&field.wire) } else { field.name.clone() };
        if taken.contains(&wanted) && field.wire.starts_with('_') {
            wanted = format!("underscore_{wanted}");
        }
        let name = ident::unique(&wanted, "_", |c| taken.contains(c));
        taken.insert(name.clone());
        fields[i].name = name;
    }
}
