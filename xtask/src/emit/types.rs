//! Emits `src/types.rs`: one Rust item per IR type. String enums and tagged unions are open: a
//! value or kind this SDK does not know yet parses into `Other` and serializes back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc, doc_paragraphs, ident, type_tokens};
use crate::ir::{Api, Field, Presence, StringEnum, Struct, TypeDef, TypeKind, Union};

/// The whole file as one token stream (the bench times building it apart from formatting it).
pub fn types_file(api: &Api) -> TokenStream {
    (0..=api.types.len()).map(|i| part(api, i)).collect()
}

/// Part `index` of the file: the module's header, then one part per type, so that parts can be
/// built and formatted on any thread.
pub fn part(api: &Api, index: usize) -> TokenStream {
    let Some(index) = index.checked_sub(1) else {
        let title = format!(" Request and response types of {}.", super::api_name(api));
        return quote! {
            #![doc = #title]
            // Names come from the spec: variants may share a suffix, and payload sizes vary by kind.
            #![allow(clippy::enum_variant_names, clippy::large_enum_variant)]
        };
    };
    api.types.get(index).map(type_item).unwrap_or_default()
}

fn type_item(def: &TypeDef) -> TokenStream {
    let deprecated_note = def.deprecated.then_some("**Deprecated** by the API.");
    let tag_note = match &def.kind {
        TypeKind::Union(Union { tag: Some(tag), .. }) => Some(format!("Tagged by the `{tag}` property.")),
        _ => None,
    };
    let docs = doc_paragraphs(&[def.doc.as_deref(), tag_note.as_deref(), deprecated_note]);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(&name, s, docs),
        TypeKind::Enum(e) => enum_item(&name, e, docs),
        TypeKind::Union(u) if u.tag.is_some() => tagged_union_item(&name, u, docs),
        TypeKind::Union(u) => untagged_union_item(&name, u, docs),
        TypeKind::Alias { target } => {
            let target = type_tokens(target, &TokenStream::new());
            quote! {
                #docs
                pub type #name = #target;
            }
        }
    }
}

fn struct_item(name: &proc_macro2::Ident, s: &Struct, docs: TokenStream) -> TokenStream {
    let tag = s.tag.as_ref().map(|tag| {
        let (property, value) = (&tag.property, &tag.value);
        quote!(#[serde(tag = #property, rename = #value)])
    });
    let fields = s.fields.iter().map(field);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #tag
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let deprecated_note = field.deprecated.then_some("**Deprecated** by the API.");
    let docs = doc_paragraphs(&[field.doc.as_deref(), deprecated_note]);
    let name = ident(&field.name);
    let inner = type_tokens(&field.ty, &TokenStream::new());
    let mut attributes = Vec::new();
    if field.flatten {
        attributes.push(quote!(flatten));
    } else if field.wire != field.name.trim_start_matches("r#") {
        let wire = &field.wire;
        attributes.push(quote!(rename = #wire));
    }
    let ty = match field.presence {
        Presence::Required => inner,
        Presence::Nullable => quote!(Option<#inner>),
        Presence::Optional => {
            attributes.push(quote!(default, skip_serializing_if = "Option::is_none"));
            quote!(Option<#inner>)
        }
        Presence::OptionalNullable => {
            attributes.push(quote!(default, skip_serializing_if = "crate::runtime::Nullable::is_absent"));
            quote!(crate::runtime::Nullable<#inner>)
        }
    };
    let serde = (!attributes.is_empty()).then(|| quote!(#[serde(#(#attributes),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

fn enum_item(name: &proc_macro2::Ident, e: &StringEnum, docs: TokenStream) -> TokenStream {
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&String> = e.values.iter().map(|v| &v.wire).collect();
    let wire_docs: Vec<String> = wires.iter().map(|w| format!(" `{w}`")).collect();
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum #name {
            #(#[doc = #wire_docs] #variants,)*
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

fn tagged_union_item(name: &proc_macro2::Ident, u: &Union, docs: TokenStream) -> TokenStream {
    let tag = u.tag.as_deref().unwrap_or_default();
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = u.variants.iter().map(|v| v.tag_value.as_deref().unwrap_or_default()).collect();
    let payloads = u.variants.iter().map(|v| type_tokens(&v.ty, &TokenStream::new()));
    let variant_docs = u.variants.iter().map(|v| {
        let tag_line = format!("`{tag}: {}`", v.tag_value.as_deref().unwrap_or_default());
        doc_paragraphs(&[Some(&tag_line), v.doc.as_deref()])
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variant_docs #variants(#payloads),)*
            /// A kind this version of the SDK does not know: the JSON as received.
            Other(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(payload) => crate::runtime::serialize_tagged(serializer, #tag, #values, payload),)*
                    Self::Other(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match crate::runtime::tag_of(&value, #tag).as_deref() {
                    #(Some(#values) => crate::runtime::from_value(value).map(Self::#variants),)*
                    _ => Ok(Self::Other(value)),
                }
            }
        }
    }
}

fn untagged_union_item(name: &proc_macro2::Ident, u: &Union, docs: TokenStream) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let payload = type_tokens(&v.ty, &TokenStream::new());
        let docs = doc(v.doc.as_deref());
        quote!(#docs #variant(#payload),)
    });
    // Scalars only (`integer | string`): a text form, so the union can fill a path or a query.
    let display = u.displays().then(|| {
        let names = u.variants.iter().map(|v| ident(&v.name));
        quote! {
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(Self::#names(value) => value.fmt(f),)*
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        #display
    }
}
