//! One operation in `client.rs`: the method that starts its call, taking the required parameters
//! (path parameters in path order, then required query and header parameters, then the body),
//! and the call builder it returns, with a setter per optional parameter and the per-call options.
//! Awaiting the builder sends it (`IntoFuture`): `client.secrets().get(id).version(2).await?`.
//! An optional parameter the API adds is a new setter, which breaks no caller.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::{reserved_setter, Group, Planned};
use super::docs::sanitize;
use super::rust::{doc, doc_own, ident as rust_ident, type_tokens};
use crate::ir::{Operation, Param, ParamLocation, TypeKind, TypeRef};

/// The builder's own methods, which a parameter's setter may not be named.
pub(super) const BUILDER_METHODS: &[&str] = &["timeout", "header", "send", "send_with_response", "into_future", "body"];

/// The required parameters in the order the method takes them.
fn arguments(op: &Operation) -> Vec<&Param> {
    let position = |p: &Param| op.path.find(&format!("{{{}}}", p.wire)).unwrap_or(usize::MAX);
    let mut path: Vec<&Param> = op.params.iter().filter(|p| p.location == ParamLocation::Path).collect();
    path.sort_by_key(|p| position(p));
    let required = |location| op.params.iter().filter(move |p| p.required && p.location == location);
    path.into_iter().chain(required(ParamLocation::Query)).chain(required(ParamLocation::Header)).collect()
}

fn optional(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| !p.required && p.location != ParamLocation::Path)
}

/// The name of a parameter's setter on the builder.
fn setter_name(p: &Param) -> String {
    let name = p.name.trim_start_matches("r#");
    if reserved_setter(name) { format!("{name}_param") } else { p.name.clone() }
}

/// `T` and `E` of the operation's `Result<T, Error<E>>`, and how a success is read.
fn outcome(op: &Operation, kinds: &BTreeMap<&str, &TypeKind>) -> (TokenStream, TokenStream, TokenStream, String) {
    let types = quote!(crate::types::);
    let success = op.responses.iter().find(|r| r.is_success() && r.ty.is_some()).and_then(|r| r.ty.as_ref());
    let (ok, decode, type_name) = match success {
        Some(ty) => {
            let ok = type_tokens(ty, &types);
            let name = type_tokens(ty, &quote!(types::)).to_string().replace(' ', "");
            (ok, quote!(crate::runtime::json), name)
        }
        None => (quote!(()), quote!(crate::runtime::empty), "()".to_string()),
    };
    let error = match super::types::error_type(op, kinds) {
        Some(ty) => type_tokens(ty, &types),
        None => quote!(crate::runtime::Json),
    };
    (ok, error, decode, type_name)
}

/// A short, one-line rustdoc text for a parameter.
fn summary(text: Option<&str>) -> Option<String> {
    let first = text?.split("\n\n").next()?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!first.is_empty()).then_some(first)
}

/// The method that starts an operation's call.
pub(super) fn method(planned: &Planned, group: Option<&Group>, kinds: &BTreeMap<&str, &TypeKind>) -> TokenStream {
    let op = planned.op;
    let builder = rust_ident(&planned.builder);
    let name = rust_ident(&op.name);
    let types = quote!(crate::types::);
    let required = arguments(op);

    let mut parameter_docs: Vec<String> = required
        .iter()
        .map(|p| {
            let place = location_name(p.location);
            let wire = if p.wire == p.name.trim_start_matches("r#") { String::new() } else { format!(" `{}`", p.wire) };
            match summary(p.doc.as_deref()) {
                Some(text) => format!("- `{}` ({place}{wire}): {}", p.name.trim_start_matches("r#"), sanitize(&text)),
                None => format!("- `{}` ({place}{wire})", p.name.trim_start_matches("r#")),
            }
        })
        .collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if body_required {
        parameter_docs.push("- `body`: the request body.".into());
    }
    let parameters = (!parameter_docs.is_empty()).then(|| format!("# Parameters\n\n{}", parameter_docs.join("\n")));
    let mut optional_names: Vec<String> = optional(op).map(|p| format!("[`{0}`]({1}::{0})", setter_name(p).trim_start_matches("r#"), planned.builder)).collect();
    if op.body.as_ref().is_some_and(|b| !b.required) {
        optional_names.push(format!("[`body`]({}::body)", planned.builder));
    }
    let optional_doc = (!optional_names.is_empty())
        .then(|| format!("Optional, on the returned [`{}`]: {}.", planned.builder, optional_names.join(", ")));
    let summary_doc = op.summary.as_deref().filter(|s| Some(*s) != op.doc.as_deref()).map(sanitize);
    let endpoint = format!("`{} {}`", op.method, op.path);
    let docs = doc_own(&[summary_doc, op.doc.as_deref().map(sanitize), Some(endpoint), parameters, optional_doc]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated(note = "deprecated by the API")]));

    let arguments = required.iter().map(|p| {
        let name = rust_ident(&p.name);
        let ty = argument_type(&p.ty, &types);
        quote!(#name: #ty,)
    });
    let body_argument = op.body.as_ref().filter(|b| b.required).map(|body| {
        let ty = type_tokens(&body.ty, &types);
        quote!(body: &#ty,)
    });
    let (ok, error, decode, type_name) = outcome(op, kinds);
    let http_method = rust_ident(&op.method);
    let path = &op.path;
    let fills = required.iter().map(|p| {
        let name = rust_ident(&p.name);
        let wire = &p.wire;
        match p.location {
            ParamLocation::Path => {
                let value = single_text(&p.ty, quote!(#name), kinds);
                quote!(.path(#wire, #value))
            }
            ParamLocation::Query => {
                let values = texts(&p.ty, quote!(#name), kinds);
                quote!(.query(#wire, #values))
            }
            _ => {
                let value = single_text(&p.ty, quote!(#name), kinds);
                quote!(.header(#wire, #value))
            }
        }
    });
    let body = body_required.then(|| quote!(.json(body)));
    let (receiver, client, lifetime) = match group {
        Some(_) => (quote!(&self), quote!(self.client), quote!('a)),
        None => (quote!(&self), quote!(self), quote!('_)),
    };
    quote! {
        #docs
        #deprecated
        pub fn #name(#receiver, #(#arguments)* #body_argument) -> #builder<#lifetime> {
            let call = crate::runtime::Call::<#ok, #error>::new(#client, reqwest::Method::#http_method, #path, #type_name, #decode)
                #(#fills)*
                #body;
            #builder { call }
        }
    }
}

/// The call builder of an operation, with its setters and the `IntoFuture` that sends it.
pub(super) fn builder_items(planned: &Planned, group: Option<&Group>, kinds: &BTreeMap<&str, &TypeKind>) -> TokenStream {
    let op = planned.op;
    let builder = rust_ident(&planned.builder);
    let types = quote!(crate::types::);
    let (ok, error, _, _) = outcome(op, kinds);
    let starter = match group {
        Some(group) => format!("{}::{}", group.struct_name, op.name.trim_start_matches("r#")),
        None => format!("Client::{}", op.name.trim_start_matches("r#")),
    };
    let starter_path = match group {
        Some(_) => format!("[`{starter}`]"),
        None => format!("[`{starter}`](crate::{starter})"),
    };
    let builder_doc = format!(" The call {starter_path} makes: `{} {}`. Set its optional parameters and options, then `.await` it.", op.method, op.path);
    let setters = optional(op).map(|p| {
        let setter = format_ident!("{}", setter_name(p).trim_start_matches("r#"));
        let setter = if crate::ident::needs_raw(&setter.to_string()) { rust_ident(&setter.to_string()) } else { setter };
        let ty = argument_type(&p.ty, &types);
        let wire = &p.wire;
        let place = location_name(p.location);
        let text = match summary(p.doc.as_deref()) {
            Some(text) => format!("`{wire}` ({place}): {text}"),
            None => format!("`{wire}` ({place})."),
        };
        let docs = doc(Some(&text));
        let set = match p.location {
            ParamLocation::Query => {
                let values = texts(&p.ty, quote!(value), kinds);
                quote!(query(#wire, #values))
            }
            _ => {
                let value = single_text(&p.ty, quote!(value), kinds);
                quote!(header(#wire, #value))
            }
        };
        quote! {
            #docs
            pub fn #setter(self, value: #ty) -> Self {
                Self { call: self.call.#set }
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = type_tokens(&body.ty, &types);
        quote! {
            /// The request body (optional: without it, the request has none).
            pub fn body(self, body: &#ty) -> Self {
                Self { call: self.call.json(body) }
            }
        }
    });
    quote! {
        #[doc = #builder_doc]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #builder<'a> {
            call: crate::runtime::Call<'a, #ok, #error>,
        }

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter

            /// The whole request's timeout for this call, response included (instead of the client's).
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                Self { call: self.call.timeout(timeout) }
            }

            /// An extra header, sent with this call only.
            pub fn header(self, name: &str, value: &str) -> Self {
                Self { call: self.call.extra_header(name, value) }
            }

            /// Sends the call: what awaiting it does.
            pub async fn send(self) -> Result<#ok, crate::Error<#error>> {
                self.call.send().await
            }

            /// Sends the call; a success comes with its status and headers.
            pub async fn send_with_response(self) -> Result<crate::runtime::Response<#ok>, crate::Error<#error>> {
                self.call.send_with_response().await
            }
        }

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = Result<#ok, crate::Error<#error>>;
            type IntoFuture = crate::runtime::CallFuture<'a, #ok, #error>;

            fn into_future(self) -> Self::IntoFuture {
                self.call.into_future()
            }
        }
    }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn argument_type(ty: &TypeRef, types: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        // Small `Copy` scalars go by value.
        TypeRef::Boolean | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => type_tokens(ty, types),
        TypeRef::Array(item) => {
            let item = type_tokens(item, types);
            quote!(&[#item])
        }
        other => {
            let ty = type_tokens(other, types);
            quote!(&#ty)
        }
    }
}

/// Whether values of `ty` have a parameter text of their own (scalars, string enums, unions of
/// scalars); other values are sent as their JSON text.
fn has_text(ty: &TypeRef, kinds: &BTreeMap<&str, &TypeKind>) -> bool {
    match ty {
        TypeRef::Named(name) => kinds.get(name.as_str()).is_some_and(|k| match k {
            TypeKind::Enum(_) => true,
            TypeKind::Alias { target } => has_text(target, kinds),
            TypeKind::Union(union) => union.displays(),
            TypeKind::Struct(_) => false,
        }),
        TypeRef::Secret | TypeRef::Any => true,
        other => other.is_scalar(),
    }
}

/// The text of one value.
fn single_text(ty: &TypeRef, value: TokenStream, kinds: &BTreeMap<&str, &TypeKind>) -> TokenStream {
    match ty {
        _ if has_text(ty, kinds) => value,
        TypeRef::Array(item) => {
            let each = single_text(item, quote!(item), kinds);
            quote!(#value.iter().map(|item| crate::runtime::ParamText::param_text(&#each)).collect::<Vec<_>>().join(","))
        }
        _ => quote!(serde_json::to_value(#value).unwrap_or_default()),
    }
}

/// The texts of a query parameter: one per item of an array (the key repeats), else one.
fn texts(ty: &TypeRef, value: TokenStream, kinds: &BTreeMap<&str, &TypeKind>) -> TokenStream {
    match ty {
        TypeRef::Array(item) => {
            let each = single_text(item, quote!(item), kinds);
            quote!(#value.iter().map(|item| crate::runtime::ParamText::param_text(&#each)))
        }
        _ => {
            let one = single_text(ty, value, kinds);
            quote!([crate::runtime::ParamText::param_text(&#one)])
        }
    }
}
