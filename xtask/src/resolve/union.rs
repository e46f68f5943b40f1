//! `anyOf`/`oneOf`: a single live alternative is that alternative; several become a union. The
//! tag is inferred when the spec has no `discriminator`: one property that every variant fixes to a
//! distinct string, or else a pair (Infisical's `app` + `method`), which nests a union per value of
//! the first. Only when nothing tells the variants apart is the union untagged.

use std::collections::BTreeSet;

use serde_json::Value;

use super::fit;
use super::schema::{Resolved, is_never, non_null_values};
use super::view::{SRef, View, view};
use super::{Ctx, Def, Resolver};
use crate::ident;
use crate::ir::{TypeKind, TypeRef, Union, Variant};

impl<'a> Resolver<'a> {
    pub(super) fn union(&mut self, v: &View<'a>, members: &[SRef<'a>], ctx: &Ctx) -> Resolved {
        let nullable = members.iter().any(|m| matches!(m, SRef::Item(s) if view(s).is_null_member()));
        let may_be_absent = members.iter().any(|m| matches!(m, SRef::Item(s) if view(s).is_never()));
        let live: Vec<SRef<'a>> = members.iter().copied().filter(|m| !is_never(*m)).collect();
        // A variant that admits `null` (`{type: string, nullable: true}`) makes the union admit it.
        let member_nullable = live.len() > 1
            && live.iter().any(|m| match m {
                SRef::Item(s) => view(s).nullable,
                SRef::Ref(reference) => self.component_view(reference).is_some_and(|c| c.nullable),
            });
        let nullable = nullable || member_nullable;
        let mut resolved = match live.as_slice() {
            [] => Resolved { never: may_be_absent || nullable, ..Resolved::of(TypeRef::Any) },
            [SRef::Item(schema)] => {
                let mut inner = view(schema);
                inner.description = inner.description.or(v.description);
                self.view(&inner, ctx)
            }
            [reference] => self.schema(*reference, ctx),
            _ => self.union_of(v, &live, &[], ctx),
        };
        resolved.nullable |= nullable;
        resolved
    }

    /// Two or more alternatives. `skip` lists properties that the enclosing struct already holds
    /// (the common members of an `allOf`), which the variants must not repeat.
    pub(super) fn union_of(&mut self, v: &View<'a>, members: &[SRef<'a>], skip: &[&str], ctx: &Ctx) -> Resolved {
        // What tells variants apart may sit in an allOf member of theirs (Box's `FileFull`).
        let views: Option<Vec<View<'a>>> = members.iter().map(|m| self.flat_view(*m, ctx)).collect();
        if let Some(values) = views.as_deref().and_then(|views| self.string_values(views, 0)) {
            return Resolved::of(self.define_enum(v, values, ctx));
        }
        if let Some(views) = &views {
            let declared = v.discriminator;
            if let Some(tag) = infer_tag(declared, views) {
                let ty = self.tagged(v, members, views, &tag, skip, ctx);
                return Resolved::of(ty);
            }
            if let Some((outer, inner)) = infer_pair(views) {
                let ty = self.nested(v, views, &outer, &inner, skip, ctx);
                return Resolved::of(ty);
            }
        }
        Resolved::of(self.untagged(v, members, views.as_deref(), ctx))
    }

    /// Alternatives that are all strings, each listing its values (nexus's
    /// `InstanceAutoRestartPolicy`: one `enum: [never]` per alternative, with its description),
    /// taking any string (OpenAI's `anyOf: [string, enum]`: known values or another) or itself such
    /// a union: one open enum, whose `Other` holds the rest. Each value keeps the description of
    /// the alternative that fixes it alone.
    fn string_values(&self, views: &[View<'a>], depth: usize) -> Option<Vec<(String, Option<String>)>> {
        let mut values: Vec<(String, Option<String>)> = Vec::new();
        let mut add = |wire: &str, doc: Option<String>| {
            if !values.iter().any(|(known, _)| known == wire) {
                values.push((wire.to_string(), doc));
            }
        };
        for v in views {
            let shapeless = v.properties.is_empty() && v.all_of.is_empty() && v.items.is_none() && v.not.is_none();
            if !shapeless || !matches!(v.ty, None | Some("string")) {
                return None;
            }
            let members = if v.any_of.is_empty() { &v.one_of } else { &v.any_of };
            if !members.is_empty() {
                // A union of strings within (OpenAI's model ids: shared ones, then more), through
                // `$ref`s, which may cycle: a bound, not a set, since each level is small.
                // A dangling one is left for the union's own resolution to report, once.
                let quiet = |m: &SRef<'a>| match *m {
                    SRef::Item(schema) => Some(view(schema)),
                    SRef::Ref(reference) => self.component_view(reference),
                };
                let inner: Vec<View<'a>> =
                    members.iter().filter(|m| !is_never(**m)).map(quiet).collect::<Option<_>>()?;
                if depth >= 8 {
                    return None;
                }
                for (wire, doc) in self.string_values(&inner, depth + 1)? {
                    add(&wire, doc);
                }
                continue;
            }
            let listed: Vec<&str> =
                v.enumeration.iter().filter(|value| !value.is_null()).map(Value::as_str).collect::<Option<_>>()?;
            if listed.is_empty() && (v.ty.is_none() || v.format.is_some()) {
                return None; // any value, or a formatted string: not text to list values of
            }
            let doc = if listed.len() == 1 { v.description.map(str::to_string) } else { None };
            for wire in listed {
                add(wire, doc.clone());
            }
        }
        (!values.is_empty()).then_some(values)
    }

    /// A member's view with the properties of its `allOf` members merged in (through `$ref`s):
    /// what a value of it holds, for telling variants apart.
    fn flat_view(&mut self, member: SRef<'a>, ctx: &Ctx) -> Option<View<'a>> {
        let mut flat = self.deref_view(member, ctx)?;
        if !flat.any_of.is_empty() || !flat.one_of.is_empty() {
            return Some(flat);
        }
        let mut pending: Vec<SRef<'a>> = flat.all_of.iter().rev().copied().collect();
        let mut seen = 0;
        while let Some(next) = pending.pop() {
            seen += 1;
            if seen > 64 {
                break; // a cycle of allOf references: what was merged so far will do
            }
            let Some(part) = self.deref_view(next, ctx) else { continue };
            pending.extend(part.all_of.iter().rev().copied());
            for (name, schema) in &part.properties {
                flat.properties.entry(name).or_insert(*schema);
            }
            for name in &part.required {
                if !flat.required.contains(name) {
                    flat.required.push(name);
                }
            }
            // `additionalProperties: false` on a member holds after the merge.
            flat.closed |= part.closed;
        }
        Some(flat)
    }

    /// A union tagged by `tag`: each variant's payload is its object without the tag (and without
    /// `skip`).
    /// A variant that is a `$ref` holds the component itself (which parses the whole object, tag
    /// included); an inline one, a struct of its properties without the tag.
    fn tagged(
        &mut self,
        v: &View<'a>,
        members: &[SRef<'a>],
        views: &[View<'a>],
        tag: &str,
        skip: &[&str],
        ctx: &Ctx,
    ) -> TypeRef {
        let mut variants = Vec::new();
        let mut taken = BTreeSet::new();
        for (i, member) in views.iter().enumerate() {
            let value = constant_of(member, tag).unwrap_or_default();
            let name = ident::unique(&not_other(ident::type_name(&value)), "", |c| taken.contains(c));
            taken.insert(name.clone());
            let child = ctx.child(&name, &["anyOf", &i.to_string()]);
            let ty = match members.get(i) {
                Some(reference @ SRef::Ref(_)) if skip.is_empty() => self.schema(*reference, &child).ty,
                _ => {
                    let mut properties = member.properties.clone();
                    properties.retain(|k, _| *k != tag && !skip.contains(k));
                    let (struct_tag, fields) = self.fields(&properties, &member.required, &child);
                    self.struct_type(struct_tag, fields, member, &child)
                }
            };
            variants.push(Variant {
                name,
                tag_value: Some(value),
                ty,
                doc: member.description.map(str::to_string),
                fit: None,
            });
        }
        let union = Union { tag: Some(tag.to_string()), variants, distinct: false };
        // Told apart by a value a variant may leave out: a value without it is `Other`.
        let optional = views.iter().any(|v| !v.required.contains(&tag));
        let note = optional
            .then(|| format!("A value without `{tag}` (which the spec lets a variant leave out) parses as `Other`."));
        let doc = match (v.description, note) {
            (Some(d), Some(n)) => Some(format!("{d}\n\n{n}")),
            (d, n) => d.map(str::to_string).or(n),
        };
        let def = Def { kind: TypeKind::Union(union), doc, deprecated: v.deprecated };
        self.define(def, v.title, ctx)
    }

    /// Tagged by a pair: an outer union by `outer`, each of whose variants is a union by `inner`
    /// (even with one member today, so that a new inner kind parses as `Other` rather than failing).
    fn nested(
        &mut self,
        v: &View<'a>,
        views: &[View<'a>],
        outer: &str,
        inner: &str,
        skip: &[&str],
        ctx: &Ctx,
    ) -> TypeRef {
        let mut groups: Vec<(String, Vec<View>)> = Vec::new();
        for member in views {
            let value = constant_of(member, outer).unwrap_or_default();
            match groups.iter_mut().find(|(v, _)| *v == value) {
                Some((_, group)) => group.push(member.clone()),
                None => groups.push((value, vec![member.clone()])),
            }
        }
        let mut skip_inner = skip.to_vec();
        skip_inner.push(outer);
        let mut variants = Vec::new();
        let mut taken = BTreeSet::new();
        for (value, group) in groups {
            let name = ident::unique(&not_other(ident::type_name(&value)), "", |c| taken.contains(c));
            taken.insert(name.clone());
            let child = ctx.child(&name, &["anyOf"]);
            let group_view = View::default();
            let ty = self.tagged(&group_view, &[], &group, inner, &skip_inner, &child);
            variants.push(Variant { name, tag_value: Some(value), ty, doc: None, fit: None });
        }
        let union = Union { tag: Some(outer.to_string()), variants, distinct: false };
        let def =
            Def { kind: TypeKind::Union(union), doc: v.description.map(str::to_string), deprecated: v.deprecated };
        self.define(def, v.title, ctx)
    }

    /// Untagged: most specific first (more required properties), so that serde tries it before a
    /// looser variant that would also match. Variants are named for what tells them apart.
    fn untagged(&mut self, v: &View, members: &[SRef<'a>], views: Option<&[View<'a>]>, ctx: &Ctx) -> TypeRef {
        let mut hints: Vec<Option<String>> = (0..members.len()).map(|i| variant_hint(members, views, i)).collect();
        // A variant nothing sets apart is named for its first property, if no other variant is.
        for i in 0..members.len() {
            if hints[i].is_some() {
                continue;
            }
            let first =
                views.and_then(|vs| vs[i].required.first().or(vs[i].properties.keys().next()).map(|p| p.to_string()));
            let taken: BTreeSet<String> = hints.iter().flatten().map(|h| ident::type_name(h)).collect();
            hints[i] = first.filter(|f| !taken.contains(&ident::type_name(f)));
        }
        // Named most specific first (as they always were, so that names stay), then listed in the
        // spec's order: it breaks ties between variants a value fits equally.
        let specificity = |i: usize| views.map_or(0, |vs| vs[i].required.len() * 1000 + vs[i].properties.len());
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by_key(|i| std::cmp::Reverse(specificity(*i)));
        let mut variants = Vec::new();
        let mut taken = BTreeSet::new();
        for i in order {
            let given = hints[i].clone();
            // A variant nothing names: its type is named for its place in the list, in words, since
            // a number at the end of a type name reads as a collision.
            let place = format!("{} Variant", ordinal(i));
            let child = ctx.child(given.as_deref().unwrap_or(&place), &["anyOf", &i.to_string()]);
            let resolved = self.schema(members[i], &child);
            // One fixed string (OpenAI's `"auto"` beside response formats): an enum of that
            // value, so that the value is written down, not just "a string".
            let ty = match (&resolved.constant, views.map(|vs| &vs[i])) {
                (Some(Value::String(value)), Some(member)) => {
                    self.define_enum(member, vec![(value.clone(), None)], &child)
                }
                _ => resolved.ty,
            };
            let wanted = given.map(|g| ident::type_name(&g)).unwrap_or_else(|| variant_name(&ty, i));
            // `Other` is the catch-all's.
            let name = ident::unique(&not_other(wanted), "", |c| taken.contains(c));
            taken.insert(name.clone());
            let fit = fit::of(self, views.map(|vs| &vs[i]), &ty);
            variants.push((i, Variant { name, tag_value: None, ty, doc: None, fit }));
        }
        variants.sort_by_key(|(i, _)| *i);
        let variants: Vec<Variant> = variants.into_iter().map(|(_, v)| v).collect();
        let distinct = fit::distinct(&variants);
        let note = "Untagged: each value is read as the variant it fits best, and kept in `Other` \
                    when it fits none.";
        let doc = Some(match v.description {
            Some(description) => format!("{description}\n\n{note}"),
            None => note.to_string(),
        });
        let union = Union { tag: None, variants, distinct };
        let def = Def { kind: TypeKind::Union(union), doc, deprecated: v.deprecated };
        self.define(def, v.title, ctx)
    }
}

/// A variant's name apart from the catch-all's (`Other`): a type named `Other` is `OtherValue`.
fn not_other(name: String) -> String {
    if name == "Other" { "OtherValue".to_string() } else { name }
}

/// What to call variant `i` of an untagged union, from the spec: its title, the component it
/// refers to, a property only it requires (`{secrets}` or `{approval}`), or the value it fixes a
/// boolean to (`isTemporary: true` → `Temporary`, `false` → `NotTemporary`).
fn variant_hint(members: &[SRef], views: Option<&[View]>, i: usize) -> Option<String> {
    if let SRef::Ref(reference) = members[i] {
        return reference.rsplit('/').next().map(str::to_string);
    }
    let views = views?;
    let this = &views[i];
    if let Some(title) = this.title {
        return Some(title.to_string());
    }
    if let ([Value::String(value)], true) =
        (non_null_values(&this.enumeration).0.as_slice(), this.properties.is_empty())
    {
        return Some(value.clone());
    }
    let others = || views.iter().enumerate().filter(move |(j, _)| *j != i).map(|(_, v)| v);
    let own = this.required.iter().find(|p| others().all(|o| !o.properties.contains_key(*p)));
    if let Some(property) = own {
        return Some(property.to_string());
    }
    // A boolean every variant fixes, to a value of its own.
    this.properties.keys().find_map(|property| {
        let value = fixed_bool(this, property)?;
        let distinct = others().all(|o| fixed_bool(o, property).is_some_and(|other| other != value));
        let stem = ["is_", "has_"].iter().fold(ident::snake_name(property), |name, prefix| {
            name.strip_prefix(prefix).map_or(name.clone(), str::to_string)
        });
        distinct.then(|| if value { stem } else { format!("not_{stem}") })
    })
}

/// The one boolean a property is fixed to, if it is.
fn fixed_bool(v: &View, property: &str) -> Option<bool> {
    let SRef::Item(schema) = *v.properties.get(property)? else { return None };
    match non_null_values(&view(schema).enumeration).0.as_slice() {
        [Value::Bool(b)] => Some(*b),
        _ => None,
    }
}

/// `First`, `Second`, ... for the places of a list.
fn ordinal(index: usize) -> String {
    const WORDS: &[&str] =
        &["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"];
    WORDS.get(index).map_or_else(|| format!("Variant {}", index + 1), |w| w.to_string())
}

fn variant_name(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F64 => "Number".into(),
        TypeRef::Array(_) => "Array".into(),
        TypeRef::Map(_) => "Map".into(),
        TypeRef::Any => "Json".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Uri => "Uri".into(),
        TypeRef::Binary => "Bytes".into(),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => variant_name(inner, index),
        // Named once its type is (`name_variants`).
        _ => format!("Variant{}", index + 1),
    }
}

/// The single string value a property is fixed to in an object view.
fn constant_of(v: &View, property: &str) -> Option<String> {
    let SRef::Item(schema) = *v.properties.get(property)? else { return None };
    let (values, _) = non_null_values(&view(schema).enumeration);
    match values.as_slice() {
        [Value::String(s)] => Some(s.clone()),
        _ => None,
    }
}

/// Properties that every variant fixes to one string (and requires, when `required`), in the
/// first variant's order.
fn fixed_properties(views: &[View], required: bool) -> Vec<String> {
    let Some(first) = views.first() else { return Vec::new() };
    first
        .properties
        .keys()
        .filter(|p| views.iter().all(|v| (!required || v.required.contains(*p)) && constant_of(v, p).is_some()))
        .map(|p| p.to_string())
        .collect()
}

/// A property whose fixed values are distinct across the variants. The spec's `discriminator` is
/// tried first, then properties every variant requires, then ones they fix but may leave out
/// (Box's `validation_type`): still what tells them apart, where an untagged union could not.
fn infer_tag(declared: Option<&str>, views: &[View]) -> Option<String> {
    let fixed = fixed_properties(views, true).into_iter().chain(fixed_properties(views, false));
    let candidates = declared.map(str::to_string).into_iter().chain(fixed);
    candidates.into_iter().find(|property| {
        let mut seen = BTreeSet::new();
        views.iter().all(|v| constant_of(v, property).is_some_and(|value| seen.insert(value)))
    })
}

/// Two properties whose fixed values, taken together, are distinct across the variants.
fn infer_pair(views: &[View]) -> Option<(String, String)> {
    let fixed = fixed_properties(views, true);
    for (i, outer) in fixed.iter().enumerate() {
        for inner in &fixed[i + 1..] {
            let mut seen = BTreeSet::new();
            let distinct = views.iter().all(|v| seen.insert((constant_of(v, outer), constant_of(v, inner))));
            if distinct {
                return Some((outer.clone(), inner.clone()));
            }
        }
    }
    None
}

/// A variant that only its place named (`Variant2`) takes its type's final name, where no other
/// variant of the union has it.
pub(super) fn name_variants(kind: &mut TypeKind) {
    let TypeKind::Union(union) = kind else { return };
    let placeholder = |name: &str| name.strip_prefix("Variant").is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    for i in 0..union.variants.len() {
        let ty_name = match &union.variants[i].ty {
            TypeRef::Named(name) => name.clone(),
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => match inner.as_ref() {
                TypeRef::Named(name) => name.clone(),
                _ => continue,
            },
            _ => continue,
        };
        if placeholder(&union.variants[i].name) && !union.variants.iter().any(|v| v.name == ty_name) {
            union.variants[i].name = ty_name;
        }
    }
}
