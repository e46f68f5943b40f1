//! Constructors and setters of the types callers send. `new` takes exactly the required fields (so
//! a new required field breaks callers at compile time, as the change report says), `with_`
//! setters the optional ones (adding one breaks nobody), and `Default` is there when nothing is
//! required. Required constants are filled in by `new`; an optional one is a setter like any
//! other, whose rustdoc names the one value allowed.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{ident, type_tokens};
use crate::ir::{Field, Presence, Struct, TypeRef};

/// How `new` fills a field.
enum Role {
    /// An argument of `new`.
    Argument,
    /// A required constant: its value.
    Fixed,
    /// Left out (`None`, `Absent`, an empty map) until a setter sets it.
    Unset,
}

/// Whether `new` takes this field as an argument (the README's example builds values this way).
pub(super) fn is_argument(field: &Field) -> bool {
    matches!(role(field), Role::Argument)
}

fn role(field: &Field) -> Role {
    if field.is_fixed() {
        return Role::Fixed;
    }
    let extra_properties = field.flatten && matches!(field.ty, TypeRef::Map(_));
    match field.presence {
        Presence::Required | Presence::Nullable if !extra_properties => Role::Argument,
        _ => Role::Unset,
    }
}

pub fn impls(name: &Ident, s: &Struct) -> TokenStream {
    let empty = TokenStream::new();
    let mut arguments = Vec::new();
    let mut initializers = Vec::new();
    let mut setters = Vec::new();
    for field in &s.fields {
        let field_ident = ident(&field.name);
        let inner = type_tokens(&field.ty, &empty);
        match role(field) {
            Role::Argument if field.presence == Presence::Nullable => {
                arguments.push(quote!(#field_ident: Option<#inner>));
                initializers.push(quote!(#field_ident));
            }
            Role::Argument => {
                arguments.push(quote!(#field_ident: impl Into<#inner>));
                initializers.push(quote!(#field_ident: #field_ident.into()));
            }
            Role::Fixed => {
                let value = literal(field.value.as_ref().unwrap_or(&serde_json::Value::Null), &field.ty);
                initializers.push(quote!(#field_ident: #value));
            }
            Role::Unset => {
                let unset = match field.presence {
                    Presence::OptionalNullable => quote!(crate::runtime::Nullable::Absent),
                    Presence::Optional | Presence::Nullable => quote!(None),
                    Presence::Required => quote!(Default::default()),
                };
                initializers.push(quote!(#field_ident: #unset));
                setters.push(setter(field, &inner));
            }
        }
    }
    let type_name = name.to_string();
    let new_doc = match (arguments.is_empty(), setters.is_empty()) {
        (true, true) => format!(" Builds `{type_name}`."),
        (true, false) => {
            format!(" Builds `{type_name}` with every optional field left out; set them with the `with_` methods.")
        }
        (false, true) => format!(" Builds `{type_name}` from its fields."),
        (false, false) => {
            format!(" Builds `{type_name}` from its required fields; set the optional ones with the `with_` methods.")
        }
    };
    let default = arguments.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#initializers),* }
            }

            #(#setters)*
        }

        #default
    }
}

fn setter(field: &Field, inner: &TokenStream) -> TokenStream {
    let field_ident = ident(&field.name);
    let method = format_ident!("with_{}", field.name);
    let summary = field
        .doc
        .as_deref()
        .and_then(|d| d.split("\n\n").next())
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
    let what = format!("`{}`", field.wire);
    let nullable = field.presence == Presence::OptionalNullable;
    let only = field
        .value
        .as_ref()
        .map(|value| format!(" `{}` is the one value the API allows.", super::docs::constant_text(value)));
    let doc = match &summary {
        Some(summary) => format!(" Sets {what}: {}", super::docs::sanitize(summary)),
        None => format!(" Sets {what}."),
    };
    let (argument, set) = match field.presence {
        _ if nullable => (quote!(crate::runtime::Nullable<#inner>), quote!(value.into())),
        Presence::Required => (quote!(#inner), quote!(value.into())),
        _ => (inner.clone(), quote!(Some(value.into()))),
    };
    let null_note =
        nullable.then(|| quote!(#[doc = ""] #[doc = " `Nullable::Null` sends `null`, to clear the value."]));
    let only_note = only.map(|only| quote!(#[doc = ""] #[doc = #only]));
    quote! {
        #[doc = #doc]
        #only_note
        #null_note
        pub fn #method(mut self, value: impl Into<#argument>) -> Self {
            self.#field_ident = #set;
            self
        }
    }
}

/// A constant as a Rust expression of its field's type.
fn literal(value: &serde_json::Value, ty: &TypeRef) -> TokenStream {
    match (value, ty) {
        (serde_json::Value::Bool(b), _) => quote!(#b),
        (serde_json::Value::Number(n), TypeRef::F64) => {
            let number = Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
            quote!(#number)
        }
        (serde_json::Value::Number(n), _) => {
            match n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)) {
                Some(i) => {
                    let number = Literal::i64_unsuffixed(i);
                    quote!(#number)
                }
                None => {
                    let number = Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
                    quote!(#number)
                }
            }
        }
        (serde_json::Value::String(text), _) => quote!(String::from(#text)),
        (other, _) => {
            let text = other.to_string();
            quote!(serde_json::from_str(#text).unwrap_or_default())
        }
    }
}
