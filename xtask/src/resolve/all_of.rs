//! `allOf` (docs/design.md, "Resolution rules"): by what its members are. One member with others
//! that only adorn it is that member; scalars of one kind are the one that says most; objects
//! merge into one struct, a member that is a union of objects becoming a flattened field.

use super::schema::{Resolved, is_never};
use super::view::{Additional, SRef, View, view};
use super::{Ctx, Resolver};
use crate::ir::{Field, Presence, TypeRef};
use serde_json::Value;

impl<'a> Resolver<'a> {
    /// `allOf`: object members merge into one struct, following `$ref`s to members that are
    /// themselves compositions; one member that is a union of objects becomes a flattened field,
    /// so the common fields and the variant are both easy to reach. A member's
    /// `additionalProperties` schema stays (a map, or a flattened map beside the fields);
    /// `additionalProperties: false` on a member is ignored: applied before merging, it would
    /// forbid the other members' properties.
    pub(super) fn all_of(&mut self, v: &View<'a>, ctx: &Ctx) -> Resolved {
        if let [only] = v.all_of.as_slice()
            && v.properties.is_empty()
        {
            // `allOf: [$ref]` with `nullable` or a description beside it: that type, not a copy.
            let mut resolved = self.schema(*only, ctx);
            resolved.nullable |= v.nullable;
            return resolved;
        }
        if v.properties.is_empty()
            && v.any_of.is_empty()
            && v.one_of.is_empty()
            && let Some(resolved) = self.all_of_one_kind(v, ctx)
        {
            return resolved;
        }
        let mut merged = View {
            ty: Some("object"),
            items: None,
            all_of: Vec::new(),
            any_of: Vec::new(),
            one_of: Vec::new(),
            not: None,
            enumeration: Vec::new(),
            format: None,
            ..v.clone()
        };
        merged.properties = v.properties.clone();
        merged.required = v.required.clone();
        let mut unions: Vec<(View<'a>, Vec<SRef<'a>>)> = Vec::new();
        let mut others = Vec::new();
        let mut pending: Vec<SRef<'a>> = v.all_of.clone();
        pending.reverse();
        // Alternatives beside the properties (`{properties, oneOf}`) are a member like any other.
        let own: Vec<SRef<'a>> = v.any_of.iter().chain(&v.one_of).copied().filter(|m| !is_never(*m)).collect();
        match own.as_slice() {
            [] => {}
            [only] => pending.insert(0, *only),
            _ => unions.push((View { discriminator: v.discriminator, ..View::default() }, own)),
        }
        let mut merged_refs = Vec::new();
        while let Some(member) = pending.pop() {
            let Some(mv) = self.deref_view(member, ctx) else { continue };
            if let SRef::Ref(reference) = member {
                // An object, or a composition of objects, is merged; a scalar or an array stays a
                // reference (a member of another kind). So does one already being merged further
                // up: that would never end.
                let composed = !mv.all_of.is_empty() || !mv.any_of.is_empty() || !mv.one_of.is_empty();
                let objectish =
                    mv.ty == Some("object") || !mv.properties.is_empty() || mv.additional.is_some() || composed;
                if !objectish || self.merging.iter().any(|m| m == reference) {
                    others.push(member);
                    continue;
                }
                merged_refs.push(reference.to_string());
            }
            if !mv.all_of.is_empty() {
                pending.extend(mv.all_of.iter().rev().copied());
            }
            let alternatives: Vec<SRef<'a>> = if mv.any_of.is_empty() { mv.one_of.clone() } else { mv.any_of.clone() };
            let live: Vec<SRef<'a>> = alternatives.into_iter().filter(|m| !is_never(*m)).collect();
            if live.len() == 1 {
                pending.push(live[0]);
                continue;
            }
            if live.len() > 1 {
                unions.push((mv.clone(), live));
            }
            if let (None, Some(Additional::Schema(schema))) = (&merged.additional, &mv.additional) {
                merged.additional = Some(Additional::Schema(*schema));
            }
            if mv.ty == Some("object") || !mv.properties.is_empty() {
                for (&name, &schema) in &mv.properties {
                    merged.properties.entry(name).or_insert(schema);
                }
                for &name in &mv.required {
                    if !merged.required.contains(&name) {
                        merged.required.push(name);
                    }
                }
                merged.description = merged.description.or(mv.description);
                merged.title = merged.title.or(mv.title);
            } else if mv.any_of.is_empty() && mv.one_of.is_empty() && mv.all_of.is_empty() && !mv.is_empty() {
                others.push(member);
            }
        }
        if merged.properties.is_empty() && unions.is_empty() && others.len() == 1 {
            // `allOf: [$ref]` with a description next to it: just the referenced type.
            let mut resolved = self.schema(others[0], ctx);
            resolved.nullable |= v.nullable;
            return resolved;
        }
        if !others.is_empty() {
            // Which members cannot be part of the object, and what they are instead.
            let said: Vec<String> = others
                .iter()
                .map(|m| {
                    let what = match m {
                        SRef::Ref(reference) => format!("`{reference}`"),
                        SRef::Item(_) => "a member".to_string(),
                    };
                    let cycle = matches!(m, SRef::Ref(reference) if self.merging.iter().any(|r| r == reference));
                    match self.component_view_of(*m).and_then(|mv| scalar_kind(&mv)) {
                        Some(kind) => format!("{what} is {}", article(kind)),
                        None if cycle => format!("{what} is an object that contains itself"),
                        None => format!("{what} is no object"),
                    }
                })
                .collect();
            self.warn(
                ctx,
                format!(
                    "allOf mixes objects with other kinds of schema ({}): a value cannot be both, and those members are ignored",
                    said.join(", ")
                ),
            );
        }
        if unions.len() > 1 {
            self.warn(ctx, "allOf holds more than one anyOf/oneOf; only the first becomes a variant field");
        }
        let depth = self.merging.len();
        self.merging.extend(merged_refs);
        if unions.is_empty() {
            // Fields, a map of what else there is, or both: what an object would be.
            let ty = self.object(&merged, ctx);
            self.merging.truncate(depth);
            return Resolved::of(ty);
        }
        if matches!(merged.additional, Some(Additional::Schema(_))) {
            self.warn(ctx, "allOf with a union and additionalProperties: the extra properties are not kept (only the union is flattened)");
        }
        let (tag, mut fields) = self.fields(&merged.properties, &merged.required, ctx);
        if let Some((union_view, members)) = unions.into_iter().next() {
            // The variant's fields must not repeat the merged ones.
            let common: Vec<&str> = merged.properties.keys().copied().collect();
            let resolved = self.union_of(&union_view, &members, &common, &ctx.child("Variant", &["allOf"]));
            fields.push(Field {
                name: String::new(),
                wire: "variant".into(),
                ty: resolved.ty,
                presence: Presence::Required,
                doc: union_view.description.map(str::to_string),
                flatten: true,
                value: None,
                deprecated: false,
            });
        }
        self.merging.truncate(depth);
        Resolved::of(self.struct_type(tag, fields, &merged, ctx))
    }
}

/// What kind of value a member of an `allOf` holds, when it is no object: `string` (an enum with
/// no type too), `integer`, `number`, `boolean`, `array`.
fn scalar_kind(v: &View) -> Option<&'static str> {
    let objectish = v.ty == Some("object")
        || !v.properties.is_empty()
        || v.additional.is_some()
        || !v.all_of.is_empty()
        || !v.any_of.is_empty()
        || !v.one_of.is_empty();
    let values: Vec<&Value> = v.enumeration.iter().filter(|value| !value.is_null()).collect();
    let all = |is: fn(&Value) -> bool| !values.is_empty() && values.iter().all(|value| is(value));
    match v.ty {
        _ if objectish => None,
        Some(ty) => Some(ty),
        // No type, but values or items that say which.
        None if all(Value::is_string) => Some("string"),
        None if all(|value| value.is_i64() || value.is_u64()) => Some("integer"),
        None if all(Value::is_number) => Some("number"),
        None if all(Value::is_boolean) => Some("boolean"),
        None if v.items.is_some() => Some("array"),
        None => None,
    }
}

impl<'a> Resolver<'a> {
    /// A member's view, without a word where a `$ref` finds nothing (reported where it is resolved).
    fn component_view_of(&self, member: SRef<'a>) -> Option<View<'a>> {
        match member {
            SRef::Item(schema) => Some(view(schema)),
            SRef::Ref(reference) => self.component_view(reference),
        }
    }

    /// `allOf` by what its members are (docs/design.md, "Resolution rules"): one member with
    /// others that only adorn it (`[$ref, {nullable, description}]`) is that member; members that
    /// are all one kind of scalar (`[$ref: Scope, {type: string, nullable: true}]`, Scope a string
    /// enum) are the one that says most (a `$ref`, an enum), nullable where any says so; scalars
    /// of kinds that cannot all hold at once are any JSON value with a warning naming them. `None`:
    /// objects to merge.
    fn all_of_one_kind(&mut self, v: &View<'a>, ctx: &Ctx) -> Option<Resolved> {
        let members: Vec<(usize, SRef<'a>, View<'a>)> =
            v.all_of.iter().enumerate().filter_map(|(i, m)| Some((i, *m, self.component_view_of(*m)?))).collect();
        let nullable = v.nullable || members.iter().any(|(_, _, mv)| mv.nullable);
        // A member that says nothing of its own (a description, a default, `nullable`, bounds: no
        // type, format, values, properties, items or composition) only adorns the others.
        let substantive: Vec<&(usize, SRef<'a>, View<'a>)> =
            members.iter().filter(|(_, _, mv)| !mv.is_empty() || mv.format.is_some()).collect();
        let main = match substantive.as_slice() {
            [] => return None,
            [only] => only,
            several => {
                // A member with only a format refines the others, whatever their kind.
                let only_format = |mv: &View| mv.is_empty() && mv.format.is_some();
                let several: Vec<_> = several.iter().filter(|(_, _, mv)| !only_format(mv)).copied().collect();
                let several = several.as_slice();
                if several.is_empty() {
                    return None;
                }
                let kinds: Vec<Option<&str>> = several.iter().map(|(_, _, mv)| scalar_kind(mv)).collect();
                if kinds.iter().any(Option::is_none) {
                    return None;
                }
                // `integer` within `number` is an integer.
                let kind = |k: Option<&'static str>| if k == Some("number") { Some("integer") } else { k };
                let first = kind(kinds[0]);
                if kinds.iter().any(|k| kind(*k) != first) {
                    let said: Vec<String> = several
                        .iter()
                        .zip(&kinds)
                        .map(|((i, ..), k)| format!("`allOf/{i}` is {}", article(k.unwrap_or("?"))))
                        .collect();
                    self.warn(
                        ctx,
                        format!(
                            "allOf members cannot all hold at once ({}): the value is any JSON value",
                            said.join(", ")
                        ),
                    );
                    return Some(Resolved { nullable, ..Resolved::of(TypeRef::Any) });
                }
                let says_most = |(_, m, mv): &&(usize, SRef<'a>, View<'a>)| {
                    let exact = (mv.ty == Some("integer"), mv.items.is_some());
                    (matches!(m, SRef::Ref(_)), mv.ty.is_some(), !mv.enumeration.is_empty(), mv.format.is_some(), exact)
                };
                // The first of those that say most.
                several.iter().rev().max_by_key(|m| says_most(m)).copied().unwrap_or(several[0])
            }
        };
        let child = ctx.child("", &["allOf", &main.0.to_string()]);
        let mut resolved = match main.1 {
            // A named type is that type, not a copy.
            SRef::Ref(_) => self.schema(main.1, &child),
            // Inline scalars say together what one of them may say alone (`[{type: string},
            // {format: uuid}]` is a uuid).
            SRef::Item(_) => {
                let mut merged = main.2.clone();
                for (_, _, mv) in &substantive {
                    merged.ty = merged.ty.or(mv.ty);
                    merged.format = merged.format.or(mv.format);
                    merged.items = merged.items.or(mv.items);
                    if merged.enumeration.is_empty() {
                        merged.enumeration = mv.enumeration.clone();
                    }
                }
                self.view(&merged, &child)
            }
        };
        resolved.nullable |= nullable;
        Some(resolved)
    }
}

/// A kind of value with its article, as a sentence says it (`an integer`, `a string`).
fn article(kind: &str) -> String {
    match kind.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}
