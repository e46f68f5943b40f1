//! One operation in `client.rs`: the method that starts its call, taking the required parameters
//! (path parameters in path order, then required query and header parameters, then the body),
//! and the call builder it returns, with a setter per optional parameter and the per-call options.
//! Awaiting the builder sends it (`IntoFuture`): `client.secrets().get(id).version(2).await?`.
//! An optional parameter the API adds is a new setter, which breaks no caller.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::bodies;
use super::docs::sanitize;
use super::examples::Writer;
use super::rust::{doc, doc_own, ident as rust_ident, type_tokens};
use crate::ir::{Operation, Param, ParamLocation, TypeKind, TypeRef};

/// The operations of one group: a module with an accessor struct borrowing the client.
pub(super) struct Group<'a> {
    pub label: &'a str,
    pub module: &'a str,
    pub struct_name: &'a str,
    pub operations: Vec<Planned<'a>>,
    /// The Cargo feature the group compiles with.
    pub feature: &'a str,
}

/// An operation and the name of its call builder.
pub(super) struct Planned<'a> {
    pub op: &'a Operation,
    pub builder: &'a str,
    /// The API's security schemes, which the operation's requirements name.
    pub schemes: &'a [crate::ir::Scheme],
}

/// `T` and `E` of the operation's `Result<T, Error<E>>`, and how a success is read.
fn outcome(op: &Operation, kinds: &BTreeMap<&str, &TypeKind>) -> (TokenStream, TokenStream, TokenStream, String) {
    let types = quote!(crate::types::);
    let (ok, read, type_name) = if let Some(successes) = &op.successes {
        let name = format_ident!("{}", successes);
        let decoder = format_ident!("decode_{}", op.name);
        (quote!(#name), quote!(crate::runtime::Read::Whole(#decoder)), name.to_string())
    } else {
        bodies::single(op)
    };
    let error = match super::types::error_type(op, kinds) {
        Some(ty) => type_tokens(ty, &types),
        None => quote!(crate::runtime::Json),
    };
    (ok, error, read, type_name)
}

/// A short, one-line rustdoc text for a parameter.
fn summary(text: Option<&str>) -> Option<String> {
    let first = text?.split("\n\n").next()?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!first.is_empty()).then_some(first)
}

/// The method that starts an operation's call. It and its builder's methods are `#[inline]`: thin
/// wrappers over the runtime, compiled (with the runtime's code for the operation's types) in the
/// crate that calls them, so a caller's build pays for the operations it uses, not for all of them.
pub(super) fn method(planned: &Planned, group: Option<&Group>, writer: &Writer) -> TokenStream {
    let op = planned.op;
    let kinds = writer.kinds;
    let builder = rust_ident(planned.builder);
    let name = rust_ident(&op.name);
    let types = quote!(crate::types::);
    let required = op.arguments();

    let mut parameter_docs: Vec<String> = required
        .iter()
        .map(|p| {
            let place = location_name(p.location);
            let wire = if p.wire == p.name { String::new() } else { format!(" `{}`", p.wire) };
            match summary(p.doc.as_deref()) {
                Some(text) => format!("- `{}` ({place}{wire}): {}", p.name, sanitize(&text)),
                None => format!("- `{}` ({place}{wire})", p.name),
            }
        })
        .collect();
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if body_required {
        parameter_docs.push("- `body`: the request body.".into());
    }
    let parameters = (!parameter_docs.is_empty()).then(|| format!("# Parameters\n\n{}", parameter_docs.join("\n")));
    let mut optional_names: Vec<String> =
        op.optional_params().map(|p| format!("[`{0}`]({1}::{0})", p.name, planned.builder)).collect();
    if op.body.as_ref().is_some_and(|b| !b.required) {
        optional_names.push(format!("[`body`]({}::body)", planned.builder));
    }
    let optional_doc = (!optional_names.is_empty())
        .then(|| format!("Optional, on the returned [`{}`]: {}.", planned.builder, optional_names.join(", ")));
    let summary_doc = op.summary.as_deref().filter(|s| Some(*s) != op.doc.as_deref()).map(sanitize);
    let mut endpoint = format!("`{} {}`", op.method, op.path);
    if !op.aliases.is_empty() {
        let also: Vec<String> = op.aliases.iter().map(|path| format!("`{path}`")).collect();
        endpoint.push_str(&format!(" (the spec binds it to {} too)", also.join(", ")));
    }
    let example = super::examples::operation(writer, op);
    let docs =
        doc_own(&[summary_doc, op.doc.as_deref().map(sanitize), Some(endpoint), parameters, optional_doc, example]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated(note = "deprecated by the API")]));

    let arguments = required.iter().map(|p| {
        let name = rust_ident(&p.name);
        let ty = argument_type(&p.ty, &types);
        quote!(#name: #ty,)
    });
    let body_argument = op.body.as_ref().filter(|b| b.required).map(|body| {
        let ty = bodies::argument(body);
        quote!(body: #ty,)
    });
    let (ok, error, decode, type_name) = outcome(op, kinds);
    let http_method = rust_ident(&op.method);
    let path = &op.path;
    let fills = required.iter().map(|p| {
        let name = rust_ident(&p.name);
        let fill = fill(p, quote!(#name));
        quote!(.#fill)
    });
    let body = op.body.as_ref().filter(|b| b.required).map(|body| {
        let write = bodies::write(body, quote!(body));
        quote!(.#write)
    });
    let security = super::auth::security(op, planned.schemes);
    let redirects: Vec<proc_macro2::Literal> =
        bodies::redirect_statuses(op).into_iter().map(proc_macro2::Literal::u16_unsuffixed).collect();
    let redirects = (!redirects.is_empty()).then(|| quote!(.redirects(&[#(#redirects),*])));
    let (receiver, client, lifetime) = match group {
        Some(_) => (quote!(&self), quote!(self.client), quote!('a)),
        None => (quote!(&self), quote!(self), quote!('_)),
    };
    quote! {
        #docs
        #deprecated
        #[inline]
        pub fn #name(#receiver, #(#arguments)* #body_argument) -> #builder<#lifetime> {
            let call = crate::runtime::Call::<#ok, #error>::new(#client, reqwest::Method::#http_method, #path, #type_name, #decode)
                #security
                #redirects
                #(#fills)*
                #body;
            #builder { call }
        }
    }
}

/// The call builder of an operation, with its setters and the `IntoFuture` that sends it.
pub(super) fn builder_items(
    planned: &Planned,
    group: Option<&Group>,
    kinds: &BTreeMap<&str, &TypeKind>,
) -> TokenStream {
    let op = planned.op;
    let builder = rust_ident(planned.builder);
    let types = quote!(crate::types::);
    let (ok, error, _, _) = outcome(op, kinds);
    let starter = match group {
        Some(group) => format!("{}::{}", group.struct_name, op.name),
        None => format!("Client::{}", op.name),
    };
    let starter_path = match group {
        Some(_) => format!("[`{starter}`]"),
        None => format!("[`{starter}`](crate::{starter})"),
    };
    let builder_doc = format!(
        " The call {starter_path} makes: `{} {}`. Set its optional parameters and options, then `.await` it.",
        op.method, op.path
    );
    let setters = op.optional_params().map(|p| {
        let setter = rust_ident(&p.name);
        let setter =
            if crate::ident::needs_raw(&setter.to_string()) { rust_ident(&setter.to_string()) } else { setter };
        let ty = argument_type(&p.ty, &types);
        let wire = &p.wire;
        let place = location_name(p.location);
        let text = match summary(p.doc.as_deref()) {
            Some(text) => format!("`{wire}` ({place}): {text}"),
            None => format!("`{wire}` ({place})."),
        };
        let docs = doc(Some(&text));
        let set = fill(p, quote!(value));
        quote! {
            #docs
            #[inline]
            pub fn #setter(self, value: #ty) -> Self {
                Self { call: self.call.#set }
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|body| {
        let ty = bodies::argument(body);
        let write = bodies::write(body, quote!(body));
        quote! {
            /// The request body (optional: without it, the request has none).
            #[inline]
            pub fn body(self, body: #ty) -> Self {
                Self { call: self.call.#write }
            }
        }
    });
    let alternatives = op.other_bodies.iter().map(|body| {
        let setter = bodies::alternative_setter(body);
        let ty = bodies::argument(body);
        let write = bodies::write(body, quote!(body));
        let doc = format!(" Sends the body as `{}` instead.", body.content_type);
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #setter(self, body: #ty) -> Self {
                Self { call: self.call.#write }
            }
        }
    });
    let status_enum = op.successes.as_deref().map(|name| bodies::status_enum(op, name, planned.builder));
    let redirect_structs = bodies::redirect_structs(op, planned.builder);
    let paging = paging_methods(op, kinds, &ok, &error);
    quote! {
        #[doc = #builder_doc]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #builder<'a> {
            call: crate::runtime::Call<'a, #ok, #error>,
        }

        #status_enum
        #redirect_structs

        impl<'a> #builder<'a> {
            #(#setters)*
            #body_setter
            #(#alternatives)*
            #paging

            /// The whole request's timeout for this call, response included (instead of the client's).
            #[inline]
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                Self { call: self.call.timeout(timeout) }
            }

            /// An extra header, sent with this call only.
            #[inline]
            pub fn header(self, name: &str, value: &str) -> Self {
                Self { call: self.call.extra_header(name, value) }
            }

            // Futures of the runtime's, not `async fn`s: a state machine per operation would be
            // most of what `cargo check` spends on the client.
            /// Sends the call: what awaiting it does.
            #[inline]
            pub fn send(self) -> crate::runtime::CallFuture<'a, #ok, #error> {
                self.call.into_future()
            }

            /// Sends the call; a success comes with its status and headers.
            #[inline]
            pub fn send_with_response(self) -> crate::runtime::CallFuture<'a, crate::runtime::Response<#ok>, #error> {
                self.call.response_future()
            }
        }

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = Result<#ok, crate::Error<#error>>;
            type IntoFuture = crate::runtime::CallFuture<'a, #ok, #error>;

            #[inline]
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

/// The code that lays a parameter's value out as text by its style (`wire.rs` does the work):
/// `.path(..)`, `.query(..)` or `.header(..)` on the call.
fn fill(p: &Param, value: TokenStream) -> TokenStream {
    let wire = &p.wire;
    let (style, explode) = p.layout();
    let style = super::bodies::style_tokens(style);
    match p.location {
        ParamLocation::Query => {
            quote!(query(#wire, crate::runtime::query_pairs(#wire, &#value, crate::runtime::Style::#style, #explode)))
        }
        ParamLocation::Path => {
            quote!(path(#wire, crate::runtime::simple_text(#wire, &#value, crate::runtime::Style::#style, #explode)))
        }
        ParamLocation::Header => {
            quote!(header(#wire, crate::runtime::simple_text(#wire, &#value, crate::runtime::Style::#style, #explode)))
        }
        // A cookie is `form` by default: its pairs go into the one `Cookie` header.
        ParamLocation::Cookie => {
            quote!(cookie(#wire, crate::runtime::query_pairs(#wire, &#value, crate::runtime::Style::#style, #explode)))
        }
    }
}

/// `pages()` and `items()` of a list operation (`resolve/pagination.rs` says which and how).
fn paging_methods(
    op: &Operation,
    kinds: &BTreeMap<&str, &TypeKind>,
    ok: &TokenStream,
    error: &TokenStream,
) -> Option<TokenStream> {
    use crate::ir::{PageBy, Presence};
    let paging = op.pagination.as_ref()?;
    let types = quote!(crate::types::);
    let item = type_tokens(&paging.item, &types);
    let fields = match op.responses.iter().find(|r| r.is_success() && r.ty.is_some()).and_then(|r| r.ty.as_ref()) {
        Some(ty) => struct_of(ty, kinds).map(|s| s.fields.as_slice()).unwrap_or_default(),
        None => &[],
    };
    let field = |wire: &str| fields.iter().find(|f| f.wire == wire);
    let (count, items) = match &paging.items {
        None => (quote!(|page: &#ok| page.len()), quote!(|page: #ok| page)),
        Some(wire) => {
            let f = field(wire)?;
            let name = rust_ident(&f.name);
            match f.presence {
                Presence::Required => (quote!(|page: &#ok| page.#name.len()), quote!(|page: #ok| page.#name)),
                _ => (
                    quote!(|page: &#ok| page.#name.as_ref().map_or(0, Vec::len)),
                    quote!(|page: #ok| page.#name.unwrap_or_default()),
                ),
            }
        }
    };
    let total = match paging.total.as_deref().and_then(field) {
        Some(f) => {
            let name = rust_ident(&f.name);
            match f.presence {
                Presence::Required => quote!(|page: &#ok| Some(page.#name as u64)),
                _ => quote!(|page: &#ok| page.#name.map(|total| total as u64)),
            }
        }
        None => quote!(|_: &#ok| None),
    };
    let (by, next, moves) = match &paging.by {
        PageBy::Offset { parameter } => (
            quote!(crate::runtime::PageBy::Offset(#parameter)),
            quote!(|_: &#ok| None),
            format!("`{parameter}` grows by each page's length"),
        ),
        PageBy::Page { parameter } => (
            quote!(crate::runtime::PageBy::Page(#parameter)),
            quote!(|_: &#ok| None),
            format!("`{parameter}` grows by one"),
        ),
        PageBy::Cursor { parameter, next } => {
            let f = field(next)?;
            let name = rust_ident(&f.name);
            let read = match f.presence {
                Presence::Required => quote!(|page: &#ok| Some(page.#name.clone())),
                _ => quote!(|page: &#ok| page.#name.clone()),
            };
            (
                quote!(crate::runtime::PageBy::Cursor(#parameter)),
                read,
                format!("`{parameter}` is the `{next}` of the page before"),
            )
        }
    };
    let limit = match &paging.limit {
        Some(limit) => quote!(Some(#limit)),
        None => quote!(None),
    };
    let mut ends = vec!["an empty page".to_string()];
    if let Some(limit) = &paging.limit {
        ends.push(format!("a page shorter than the `{limit}` set"));
    }
    if let Some(total) = &paging.total {
        ends.push(format!("when `{total}` items have come"));
    }
    if matches!(paging.by, PageBy::Cursor { .. }) {
        ends.push("when the API names no next page".into());
    }
    let pages_doc = format!(
        " Every page of the list, one request each, sent as the stream is read: {moves}. It ends at {}, or after an error.",
        ends.join(", ")
    );
    Some(quote! {
        #[doc = #pages_doc]
        #[inline]
        pub fn pages(self) -> crate::runtime::Pages<'a, #ok, #error> {
            crate::runtime::pages(self.call, crate::runtime::Paging { by: #by, limit: #limit, count: #count, total: #total, next: #next })
        }

        /// Every item of every page, in order (see [`pages`](Self::pages)).
        #[inline]
        pub fn items(self) -> crate::runtime::Items<'a, #item, #error> {
            crate::runtime::items(self.pages(), #items)
        }
    })
}

/// The struct a type is, aliases followed.
fn struct_of<'a>(ty: &TypeRef, kinds: &BTreeMap<&str, &'a TypeKind>) -> Option<&'a crate::ir::Struct> {
    let mut name = match ty {
        TypeRef::Named(name) => name.as_str(),
        _ => return None,
    };
    for _ in 0..16 {
        match kinds.get(name)? {
            TypeKind::Struct(s) => return Some(s),
            TypeKind::Alias { target: TypeRef::Named(next) } => name = next,
            _ => return None,
        }
    }
    None
}
