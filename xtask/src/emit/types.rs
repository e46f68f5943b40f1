//! Emits `src/types.rs`, and `src/types/{group}.rs` for each group's own types: one Rust item per
//! IR type. A type only one group's operations use is written in that group's file, which the
//! group's feature turns on (`mod secrets;`, `pub use secrets::*`), so a caller who turns on a few
//! groups compiles, and rustc even reads, only their files. Every struct and enum is `#[non_exhaustive]`,
//! so that a field, value or variant the API adds is never a breaking change: callers build the
//! types they send through constructors and setters (`constructors.rs`), and read the ones they
//! receive through public fields. String enums and tagged unions are open: a value or kind this
//! SDK does not know yet parses into `Other` and serializes back unchanged.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::constant_text;
use super::rust::{doc, doc_paragraphs, ident, type_tokens};
use crate::ir::{Api, Field, Presence, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union};
use crate::usage::{directions, serde_impls};

use super::derives::{self, Serde};

/// What the type items need to know beyond the type itself.
pub struct Plan<'a> {
    api: &'a Api,
    /// Types sent to the API (in requests, or both ways): they get constructors and setters.
    sent: BTreeSet<&'a str>,
    /// The serde impls each type has without a feature (`derives.rs`).
    serde: BTreeMap<String, (bool, bool)>,
    /// Types used as an operation's error body: they show their texts in an error's `Display`.
    error_bodies: BTreeSet<&'a str>,
    /// Types sent as multipart bodies, with the body that says how their parts are encoded.
    multipart: BTreeMap<&'a str, &'a crate::ir::Body>,
    /// The features each type compiles with.
    features: super::features::Features,
    /// The parts, file after file: what `part` builds.
    parts: Vec<Part<'a>>,
    /// Each file's path and its parts' range in `parts`.
    files: Vec<(String, std::ops::Range<usize>)>,
}

/// A piece of a types file, built and formatted on its own.
enum Part<'a> {
    /// `src/types.rs`'s docs and lint levels.
    Header,
    /// A type; `true` in its group's file, whose module already carries the feature.
    Type(&'a TypeDef, bool),
    /// `src/types.rs`'s declarations of the groups' files.
    Modules(Vec<&'a crate::ir::Group>),
    /// The top of a group's file.
    GroupHeader(&'a crate::ir::Group),
}

impl<'a> Plan<'a> {
    pub fn new(api: &'a Api) -> Self {
        let directions = directions(api);
        let sent = api
            .types
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| directions.get(*n).is_some_and(|d| d.is_sent()))
            .collect();
        let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        let error_bodies = api
            .operations
            .iter()
            .filter_map(|op| match error_type(op, &kinds) {
                Some(TypeRef::Named(name)) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        let mut multipart = BTreeMap::new();
        for body in api.operations.iter().flat_map(|op| op.body.iter().chain(&op.other_bodies)) {
            if let (crate::ir::MediaKind::Multipart, TypeRef::Named(name)) = (body.kind, &body.ty) {
                multipart.entry(name.as_str()).or_insert(body);
            }
        }
        let serde = serde_impls(api);
        let features = super::features::Features::new(api);
        let (parts, files) = layout(api, &features);
        Plan { api, sent, serde, error_bodies, multipart, features, parts, files }
    }

    /// The files, each a path and the range of its parts.
    pub fn files(&self) -> &[(String, std::ops::Range<usize>)] {
        &self.files
    }

    /// Part `index`, so that parts can be built and formatted on any thread.
    pub fn part(&self, index: usize) -> TokenStream {
        match self.parts.get(index) {
            Some(Part::Header) => self.header(),
            Some(Part::Type(def, in_group_file)) => self.type_item(def, *in_group_file),
            Some(Part::Modules(groups)) => groups
                .iter()
                .map(|group| {
                    let module = ident(&group.module);
                    let cfg = super::features::cfg(std::slice::from_ref(&group.feature));
                    let path = super::rust::module_file("types", &group.module).1;
                    quote! {
                        #cfg
                        #path
                        mod #module;
                        #cfg
                        pub use #module::*;
                    }
                })
                .collect(),
            Some(Part::GroupHeader(group)) => {
                let doc = format!(
                    " The types only the operations of \"{}\" use, compiled with the `{}` feature.",
                    group.label, group.feature
                );
                quote! {
                    #![doc = #doc]
                    // The types of `types.rs` that these refer to; some groups refer to none.
                    #[allow(unused_imports)]
                    use super::*;
                }
            }
            None => TokenStream::new(),
        }
    }

    fn header(&self) -> TokenStream {
        let title = format!(" Request and response types of {}.", super::api_name(self.api));
        quote! {
                #![doc = #title]
                #![doc = ""]
                #![doc = " Types the API takes are built with `new` (their required fields) and `with_` setters (the"]
                #![doc = " optional ones). Types it returns are read through their public fields; to make one in a"]
                #![doc = " test, deserialize it from JSON (`serde_json::from_value`), as the client does."]
                // Names come from the spec: variants may share a suffix, and payload sizes vary by kind.
                #![allow(clippy::enum_variant_names, clippy::large_enum_variant, clippy::too_many_arguments)]
        }
    }

    fn type_item(&self, def: &TypeDef, in_group_file: bool) -> TokenStream {
        let sent = self.sent.contains(def.name.as_str());
        let serde = Serde::of(self.serde.get(&def.name).copied().unwrap_or((true, true)));
        let deprecated_note = def.deprecated.then_some("**Deprecated** by the API.");
        let kind_note = match &def.kind {
            TypeKind::Union(Union { tag: Some(tag), .. }) => Some(format!("Tagged by the `{tag}` property.")),
            TypeKind::Struct(s) => fixed_note(s, sent),
            _ => None,
        };
        let docs = doc_paragraphs(&[def.doc.as_deref(), kind_note.as_deref(), deprecated_note]);
        let name = ident(&def.name);
        let item = match &def.kind {
            TypeKind::Struct(s) => struct_item(&name, s, docs, sent, serde),
            TypeKind::Enum(e) => enum_item(&name, e, docs, serde),
            TypeKind::Union(u) if u.tag.is_some() => tagged_union_item(&name, u, docs, serde),
            TypeKind::Union(u) => untagged_union_item(&name, u, docs, serde),
            TypeKind::Alias { target } => {
                let target = type_tokens(target, &TokenStream::new());
                quote! {
                    #docs
                    pub type #name = #target;
                }
            }
        };
        let error_body = self.error_bodies.contains(def.name.as_str()).then(|| error_body_impl(&name, &def.kind));
        let multipart = match (&def.kind, self.multipart.get(def.name.as_str())) {
            (TypeKind::Struct(s), Some(body)) => Some(multipart_impl(&name, s, body)),
            _ => None,
        };
        let cfg = if in_group_file { TokenStream::new() } else { self.features.cfg_of_type(&def.name) };
        super::features::on_each_item(&cfg, quote!(#item #error_body #multipart))
    }
}

/// The types' files: `src/types.rs` with the types that always compile or that several groups
/// use, then a file for each group with types of its own, in the groups' order. With one group
/// there is one file: nothing is left out when that group's feature is off.
fn layout<'a>(
    api: &'a Api,
    features: &super::features::Features,
) -> (Vec<Part<'a>>, Vec<(String, std::ops::Range<usize>)>) {
    let by_feature: BTreeMap<&str, &crate::ir::Group> = api.groups.iter().map(|g| (g.feature.as_str(), g)).collect();
    let home = |def: &TypeDef| match features.of_type(&def.name) {
        Some([one]) if api.groups.len() > 1 => by_feature.get(one.as_str()).map(|g| g.module.as_str()),
        _ => None,
    };
    let mut own: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
    let mut parts = vec![Part::Header];
    for def in &api.types {
        match home(def) {
            Some(module) => own.entry(module).or_default().push(def),
            None => parts.push(Part::Type(def, false)),
        }
    }
    let grouped: Vec<&crate::ir::Group> = api.groups.iter().filter(|g| own.contains_key(g.module.as_str())).collect();
    if !grouped.is_empty() {
        parts.push(Part::Modules(grouped.clone()));
    }
    let mut files = vec![("src/types.rs".to_string(), 0..parts.len())];
    for group in grouped {
        let start = parts.len();
        parts.push(Part::GroupHeader(group));
        parts
            .extend(own.remove(group.module.as_str()).unwrap_or_default().into_iter().map(|def| Part::Type(def, true)));
        files.push((super::rust::module_file("types", &group.module).0, start..parts.len()));
    }
    (parts, files)
}

/// The error type of an operation's `Error<E>`: the one type all its error responses share, when
/// that type is a generated struct, enum or union; else (`None`) any JSON.
pub fn error_type<'a>(op: &'a crate::ir::Operation, kinds: &BTreeMap<&str, &TypeKind>) -> Option<&'a TypeRef> {
    let mut types = op.responses.iter().filter(|r| !r.is_success()).filter_map(|r| r.ty.as_ref());
    let first = types.next()?;
    let generated = matches!(first, TypeRef::Named(name) if kinds.get(name.as_str()).is_some_and(|k| !matches!(k, TypeKind::Alias { .. })));
    (generated && types.all(|t| t == first)).then_some(first)
}

/// The constants and the tag a struct always carries, for its rustdoc.
fn fixed_note(s: &Struct, sent: bool) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(tag) = &s.tag {
        parts.push(format!("`{:?}: {:?}`", tag.property, tag.value));
    }
    for field in s.fields.iter().filter(|f| f.is_fixed()) {
        if let Some(value) = &field.value {
            parts.push(format!("`{:?}: {}`", field.wire, constant_text(value)));
        }
    }
    if parts.is_empty() {
        return None;
    }
    let who = if sent { "; the SDK writes it" } else { "" };
    Some(format!("Always {}{who}.", parts.join(", ")))
}

fn struct_item(name: &proc_macro2::Ident, s: &Struct, docs: TokenStream, sent: bool, serde: Serde) -> TokenStream {
    let plain = derives::is_plain(s);
    let attribute = |inner: TokenStream| serde.attribute(!plain, inner);
    let tag = s.tag.as_ref().map(|tag| {
        let (property, value) = (&tag.property, &tag.value);
        attribute(quote!(tag = #property, rename = #value))
    });
    let fields: Vec<&Field> = s.fields.iter().filter(|f| sent || !f.is_fixed()).collect();
    let items = fields.iter().map(|f| field(f, &attribute));
    let derives = serde.derives(quote!(Clone, Debug, PartialEq), !plain);
    let deserialize = plain.then(|| {
        let typed: Vec<(&Field, TokenStream)> = fields.iter().map(|f| (*f, field_type(f))).collect();
        derives::struct_deserialize(name, &typed, serde.deserialize)
    });
    let builders = sent.then(|| super::constructors::impls(name, s));
    quote! {
        #docs
        #derives
        #tag
        #[non_exhaustive]
        pub struct #name {
            #(#items)*
        }

        #deserialize
        #builders
    }
}

fn field(field: &Field, attribute: &dyn Fn(TokenStream) -> TokenStream) -> TokenStream {
    let deprecated_note = field.deprecated.then_some("**Deprecated** by the API.");
    let only_note = match (&field.value, field.presence) {
        (Some(value), Presence::Optional | Presence::OptionalNullable) => {
            Some(format!("Only `{}` is allowed; left out, the server decides.", constant_text(value)))
        }
        _ => None,
    };
    let docs = doc_paragraphs(&[field.doc.as_deref(), only_note.as_deref(), deprecated_note]);
    let name = ident(&field.name);
    let mut attributes = Vec::new();
    if field.flatten {
        attributes.push(quote!(flatten));
    } else if field.wire != field.name {
        let wire = &field.wire;
        attributes.push(quote!(rename = #wire));
    }
    match field.presence {
        Presence::Required | Presence::Nullable => {}
        Presence::Optional => attributes.push(quote!(default, skip_serializing_if = "Option::is_none")),
        Presence::OptionalNullable => {
            attributes.push(quote!(default, skip_serializing_if = "crate::runtime::Nullable::is_absent"))
        }
    }
    let ty = field_type(field);
    let serde = (!attributes.is_empty()).then(|| attribute(quote!(#(#attributes),*)));
    // A required constant is the SDK's to write, not the caller's: a private field.
    let visibility = if field.is_fixed() { quote!() } else { quote!(pub) };
    quote! {
        #docs
        #serde
        #visibility #name: #ty,
    }
}

/// A field's Rust type: its IR type, in `Option` or `Nullable` as its presence says.
fn field_type(field: &Field) -> TokenStream {
    let inner = type_tokens(&field.ty, &TokenStream::new());
    match field.presence {
        Presence::Required => inner,
        Presence::Nullable | Presence::Optional => quote!(Option<#inner>),
        Presence::OptionalNullable => quote!(crate::runtime::Nullable<#inner>),
    }
}

fn enum_item(name: &proc_macro2::Ident, e: &StringEnum, docs: TokenStream, serde: Serde) -> TokenStream {
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&String> = e.values.iter().map(|v| &v.wire).collect();
    let wire_docs: Vec<TokenStream> = e
        .values
        .iter()
        .map(|v| {
            let wire = Some(format!("`{}`", v.wire));
            super::rust::doc_own(&[wire, v.doc.as_deref().map(super::docs::sanitize)])
        })
        .collect();
    let derives = serde.derives(quote!(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord), true);
    let from_into = serde.attribute(true, quote!(from = "String", into = "String"));
    quote! {
        #docs
        #derives
        #from_into
        #[non_exhaustive]
        pub enum #name {
            #(#wire_docs #variants,)*
            /// A value this version of the SDK does not know, kept as received.
            Other(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#wires => Self::#variants,)*
                    _ => Self::Other(value),
                }
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Other(value) => value,
                    known => known.as_str().to_string(),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn tagged_union_item(name: &proc_macro2::Ident, u: &Union, docs: TokenStream, serde: Serde) -> TokenStream {
    let (ser_cfg, de_cfg) = (serde.serialize.cfg(), serde.deserialize.cfg());
    let tag = u.tag.as_deref().unwrap_or_default();
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = u.variants.iter().map(|v| v.tag_value.as_deref().unwrap_or_default()).collect();
    let payloads = u.variants.iter().map(|v| type_tokens(&v.ty, &TokenStream::new()));
    let variant_docs = u.variants.iter().map(|v| {
        let tag_line = format!("`{tag:?}: {:?}`", v.tag_value.as_deref().unwrap_or_default());
        doc_paragraphs(&[Some(&tag_line), v.doc.as_deref()])
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants(#payloads),)*
            /// A kind this version of the SDK does not know: the JSON as received.
            Other(crate::runtime::Json),
        }

        #ser_cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(payload) => crate::runtime::serialize_tagged(serializer, #tag, #values, payload),)*
                    Self::Other(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        #de_cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match crate::runtime::tag_of(&value, #tag).as_deref() {
                    #(Some(#values) => crate::runtime::from_value(value).map(Self::#variants),)*
                    _ => Ok(Self::Other(crate::runtime::Json(value))),
                }
            }
        }
    }
}

fn untagged_union_item(name: &proc_macro2::Ident, u: &Union, docs: TokenStream, serde: Serde) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let payload = type_tokens(&v.ty, &TokenStream::new());
        let docs = doc(v.doc.as_deref());
        quote!(#docs #variant(#payload),)
    });
    // Decoded by the runtime's `untagged`, which reads each value as the variant it fits best
    // (by the tables below) and names why when none decodes.
    let union = name.to_string();
    let attempts = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let label = &v.name;
        let fit = match &v.fit {
            Some(fit) => {
                let fit = fit_tokens(fit);
                quote!(Some(#fit))
            }
            None => quote!(None),
        };
        quote!((#label, #fit, |value| crate::runtime::variant(value).map(Self::#variant)),)
    });
    let derives = serde.derives(quote!(Clone, Debug, PartialEq), false);
    let untagged = serde.attribute(false, quote!(untagged));
    let de_cfg = serde.deserialize.cfg();
    quote! {
        #docs
        #derives
        #untagged
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value no variant fits: the JSON as received, sent back unchanged.
            Other(crate::runtime::Json),
        }

        #de_cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::untagged(
                    deserializer,
                    #union,
                    &[#(#attempts)*],
                    |value| Self::Other(crate::runtime::Json(value)),
                )
            }
        }
    }
}

/// A variant's fit as the runtime's `Fit`, every value as its JSON text.
fn fit_tokens(fit: &crate::ir::Fit) -> TokenStream {
    use crate::ir::JsonKind;
    let kind = match fit.kind {
        None => quote!(None),
        Some(kind) => {
            let kind = match kind {
                JsonKind::Object => quote!(Object),
                JsonKind::String => quote!(String),
                JsonKind::Integer => quote!(Integer),
                JsonKind::Number => quote!(Number),
                JsonKind::Boolean => quote!(Boolean),
                JsonKind::Array => quote!(Array),
            };
            quote!(Some(crate::runtime::Kind::#kind))
        }
    };
    let one_of = fit.one_of.iter().map(|v| v.to_string());
    let required = &fit.required;
    let properties = &fit.properties;
    let (closed, keeps_others) = (fit.closed, fit.keeps_others);
    let values = fit.values.iter().map(|allowed| {
        let property = &allowed.property;
        let texts = allowed.values.iter().map(|v| v.to_string());
        quote!((#property, &[#(#texts),*]))
    });
    let alternatives = fit.alternatives.iter().map(fit_tokens);
    quote! {
        crate::runtime::Fit {
            kind: #kind,
            one_of: &[#(#one_of),*],
            required: &[#(#required),*],
            properties: &[#(#properties),*],
            closed: #closed,
            keeps_others: #keeps_others,
            values: &[#(#values),*],
            alternatives: &[#(#alternatives),*],
        }
    }
}

/// `ErrorBody` for an error type: its `error` and `message` texts, where the spec has them.
fn error_body_impl(name: &proc_macro2::Ident, kind: &TypeKind) -> TokenStream {
    let TypeKind::Struct(s) = kind else {
        return quote!(impl crate::runtime::ErrorBody for #name {});
    };
    let text = |wires: &[&str]| {
        let field = s.fields.iter().find(|f| wires.contains(&f.wire.as_str()) && !f.is_fixed())?;
        let name = ident(&field.name);
        let access = match (&field.ty, field.presence) {
            (TypeRef::String, Presence::Required) => quote!(Some(self.#name.as_str())),
            (TypeRef::String, Presence::Nullable | Presence::Optional) => quote!(self.#name.as_deref()),
            (TypeRef::Any, Presence::Required) => quote!(self.#name.as_str()),
            (TypeRef::Any, Presence::Nullable | Presence::Optional) => {
                quote!(self.#name.as_ref().and_then(|v| v.as_str()))
            }
            _ => return None,
        };
        Some(access)
    };
    let error = text(&["error", "code", "title"]).map(|a| quote!(fn error(&self) -> Option<&str> { #a }));
    let message =
        text(&["message", "detail", "error_description"]).map(|a| quote!(fn message(&self) -> Option<&str> { #a }));
    quote! {
        impl crate::runtime::ErrorBody for #name {
            #error
            #message
        }
    }
}

/// The parts of a type sent as multipart, in the spec's order: a file as a file part, a string or
/// number as text, an object or array as JSON, each as the body's `encoding` says.
fn multipart_impl(name: &proc_macro2::Ident, s: &Struct, body: &crate::ir::Body) -> TokenStream {
    let content_type =
        |wire: &str| match body.encoding.iter().find(|e| e.property == wire).and_then(|e| e.content_type.as_deref()) {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
    let tag = s.tag.as_ref().map(|tag| {
        let (property, value) = (&tag.property, &tag.value);
        quote!(parts.push(crate::runtime::Part::value(#property, #value, None));)
    });
    let fields = s.fields.iter().map(|field| {
        let member = ident(&field.name);
        let wire = &field.wire;
        let content_type = content_type(wire);
        let one = |value: TokenStream, ty: &TypeRef| match ty {
            TypeRef::Binary => quote!(parts.push(crate::runtime::Part::file(#wire, #value, #content_type));),
            TypeRef::Array(item) if matches!(**item, TypeRef::Binary) => {
                quote!(for file in #value.iter() { parts.push(crate::runtime::Part::file(#wire, file, #content_type)); })
            }
            _ => quote!(parts.push(crate::runtime::Part::value(#wire, #value, #content_type));),
        };
        if field.flatten {
            return quote!(parts.extend(crate::runtime::Part::flattened(&self.#member)););
        }
        match field.presence {
            Presence::Required => one(quote!(&self.#member), &field.ty),
            Presence::Nullable | Presence::Optional => {
                let push = one(quote!(value), &field.ty);
                quote!(if let Some(value) = &self.#member { #push })
            }
            Presence::OptionalNullable => {
                let push = one(quote!(value), &field.ty);
                quote!(if let crate::runtime::Nullable::Value(value) = &self.#member { #push })
            }
        }
    });
    quote! {
        impl crate::runtime::Multipart for #name {
            // One statement per part, in the spec's order, however many of them are optional.
            #[allow(clippy::vec_init_then_push)]
            fn parts(&self) -> Vec<crate::runtime::Part> {
                let mut parts = Vec::new();
                #tag
                #(#fields)*
                parts
            }
        }
    }
}
