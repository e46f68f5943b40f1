//! Bodies in `client.rs`, of every media type: how a method takes its request body (a JSON, form or
//! multipart type by reference, bytes or text by value), how the call writes it, and how an
//! answer is read (JSON, text, a download streamed as it arrives, a declared redirect's headers,
//! or, when several statuses answer differently, an enum by status).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::{ident, type_tokens};
use crate::ir::{Body, MediaKind, Operation, ParamStyle, Response, TypeRef};

/// Whether a body goes by value (bytes, text) rather than by reference (a JSON, form or
/// multipart type).
pub(super) fn by_value(body: &Body) -> bool {
    matches!(body.kind, MediaKind::Binary | MediaKind::Text)
}

/// The type a method or setter takes a body as.
pub(super) fn argument(body: &Body) -> TokenStream {
    match body.kind {
        MediaKind::Binary => quote!(impl Into<crate::runtime::File>),
        MediaKind::Text => quote!(impl Into<String>),
        _ => {
            let ty = type_tokens(&body.ty, &quote!(crate::types::));
            quote!(&#ty)
        }
    }
}

/// The call's method that writes `value` as this body (`json(..)`, `form(..)`, ...).
pub(super) fn write(body: &Body, value: TokenStream) -> TokenStream {
    // A wildcard (`*/*`, `image/*`) names no type to send: bytes are sent as bytes, unless the
    // file says what it is.
    let content_type =
        if body.content_type.contains('*') { "application/octet-stream" } else { body.content_type.as_str() };
    match body.kind {
        MediaKind::Json => quote!(json(#value, #content_type)),
        MediaKind::Form => {
            let encoding = body.encoding.iter().map(|e| {
                let property = &e.property;
                let style = e.style.unwrap_or(ParamStyle::Form);
                let explode = e.explode.unwrap_or(matches!(style, ParamStyle::Form | ParamStyle::DeepObject));
                let style = style_tokens(style);
                quote!((#property, crate::runtime::Style::#style, #explode))
            });
            quote!(form(#value, &[#(#encoding),*]))
        }
        MediaKind::Multipart => quote!(multipart(#value)),
        MediaKind::Binary => quote!(file(#value.into(), #content_type)),
        MediaKind::Text => quote!(text(#value.into(), #content_type)),
    }
}

pub(super) fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::Form => quote!(Form),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::TabDelimited => quote!(TabDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    }
}

/// A setter's name for sending the body as another media type (`as_form`).
pub(super) fn alternative_setter(body: &Body) -> proc_macro2::Ident {
    let kind = match body.kind {
        MediaKind::Json => "json",
        MediaKind::Form => "form",
        MediaKind::Multipart => "multipart",
        MediaKind::Text => "text",
        MediaKind::Binary => "bytes",
    };
    format_ident!("as_{}", kind)
}

/// The answers of an operation: its successes and declared redirects.
fn answers(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| r.is_answer()).collect()
}

/// `T` of the call and how it is read, when the operation has a single way to succeed.
pub(super) fn single(op: &Operation) -> (TokenStream, TokenStream, String) {
    let types = quote!(crate::types::);
    if let Some(redirect) = op.redirect_only() {
        let Some(name) = redirect.headers_type.clone() else {
            return (quote!(()), quote!(crate::runtime::Read::Whole(crate::runtime::empty)), "()".into());
        };
        let ty = format_ident!("{name}");
        return (quote!(#ty), quote!(crate::runtime::Read::Whole(#ty::read)), name);
    }
    let success = op.responses.iter().find(|r| r.is_success() && r.ty.is_some());
    match success {
        Some(Response { ty: Some(TypeRef::Binary), kind: MediaKind::Binary, .. }) => (
            quote!(crate::runtime::Download),
            quote!(crate::runtime::Read::Stream(crate::runtime::download)),
            "Download".into(),
        ),
        Some(Response { kind: MediaKind::Text, .. }) => {
            (quote!(String), quote!(crate::runtime::Read::Whole(crate::runtime::text)), "String".into())
        }
        Some(Response { ty: Some(ty), .. }) => {
            let ok = type_tokens(ty, &types);
            let name = type_tokens(ty, &quote!(types::)).to_string().replace(' ', "");
            (ok, quote!(crate::runtime::Read::Whole(crate::runtime::json)), name)
        }
        _ => (quote!(()), quote!(crate::runtime::Read::Whole(crate::runtime::empty)), "()".into()),
    }
}

/// The enum of an operation's successes by status and the decoder that picks its variant.
pub(super) fn status_enum(op: &Operation, name: &str, builder: &str) -> TokenStream {
    let name = format_ident!("{}", name);
    let decoder = format_ident!("decode_{}", op.name);
    let types = quote!(crate::types::);
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut reads = Vec::new();
    let mut reads_body = false;
    // Statuses before ranges, so that `200` is matched before `2XX`.
    let mut responses = answers(op);
    responses.sort_by_key(|r| r.status.parse::<u16>().is_err());
    let mut fallback = None;
    for response in responses {
        let variant = ident(&crate::ir::status_name(&response.status));
        let doc = match &response.doc {
            Some(doc) => {
                format!(" `{}`: {}", response.status, super::docs::sanitize(doc.lines().next().unwrap_or_default()))
            }
            None => format!(" `{}`", response.status),
        };
        let (payload, read) = match (&response.ty, response.kind) {
            _ if response.headers_type.is_some() => {
                let ty = format_ident!("{}", response.headers_type.as_deref().unwrap_or_default());
                (Some(quote!(#ty)), quote!(#ty::read(answer, type_name).map(#name::#variant)))
            }
            (None, _) => (None, quote!(Ok(#name::#variant))),
            (Some(_), MediaKind::Text) => {
                (Some(quote!(String)), quote!(crate::runtime::text(answer, type_name).map(#name::#variant)))
            }
            (Some(_), MediaKind::Binary) => (
                Some(quote!(crate::runtime::RawBody)),
                quote!(crate::runtime::raw(answer, type_name).map(#name::#variant)),
            ),
            (Some(ty), _) => {
                let ty = type_tokens(ty, &types);
                (Some(ty), quote!(crate::runtime::json(answer, type_name).map(#name::#variant)))
            }
        };
        reads_body |= payload.is_some();
        variants.push(match payload {
            Some(payload) => quote!(#[doc = #doc] #variant(#payload),),
            None => quote!(#[doc = #doc] #variant,),
        });
        let pattern = match response.status.parse::<u16>() {
            Ok(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Err(_) if response.is_redirect() => quote!(300..=399),
            Err(_) => quote!(200..=299),
        };
        arms.push(quote!(#pattern => #read,));
        if response.is_success() && fallback.is_none() {
            fallback = Some(read.clone());
        }
        reads.push(read);
    }
    // A 2xx the spec does not list reads as its first success (the call lets no undeclared
    // redirect through).
    let fallback = fallback.or_else(|| reads.first().cloned()).map(|read| quote!(_ => #read,));
    let doc = format!(" The answers of [`{builder}`], by status.");
    // Answers without a body (a `204` beside a redirect without headers) read nothing.
    let type_name = if reads_body { format_ident!("type_name") } else { format_ident!("_type_name") };
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        fn #decoder(answer: &crate::runtime::Answer, #type_name: &'static str) -> Result<#name, crate::runtime::DecodeFailure> {
            match answer.status() {
                #(#arms)*
                #fallback
            }
        }
    }
}

/// The statuses of the redirects an operation declares, which its call returns as answers
/// instead of errors (`3XX`: every redirect status).
pub(super) fn redirect_statuses(op: &Operation) -> Vec<u16> {
    let mut statuses: Vec<u16> = op
        .responses
        .iter()
        .filter(|r| r.is_redirect())
        .flat_map(|r| match r.status.parse::<u16>() {
            Ok(code) => vec![code],
            Err(_) => vec![300, 301, 302, 303, 305, 307, 308],
        })
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    statuses
}

/// A struct per declared redirect with headers: a field per header, typed, and how it is read.
pub(super) fn redirect_structs(op: &Operation, builder: &str) -> TokenStream {
    let types = quote!(crate::types::);
    let structs = op.responses.iter().filter_map(|r| Some((r, r.headers_type.as_deref()?))).map(|(response, name)| {
        let name = format_ident!("{name}");
        let summary = response.doc.as_deref().map(|d| super::docs::sanitize(d.lines().next().unwrap_or_default()));
        let doc = format!(
            " The `{}` answer of [`{builder}`]{}, by its headers.",
            response.status,
            summary.map(|s| format!(" ({})", s.trim_end_matches('.'))).unwrap_or_default()
        );
        let fields = response.headers.iter().map(|h| {
            let field = ident(&h.name);
            let ty = type_tokens(&h.ty, &types);
            let ty = match (&h.ty, h.required) {
                (TypeRef::Array(_), _) | (_, true) => ty,
                _ => quote!(Option<#ty>),
            };
            let doc = match &h.doc {
                Some(text) => format!(" `{}`: {}", h.wire, super::docs::sanitize(text.lines().next().unwrap_or_default())),
                None => format!(" `{}`", h.wire),
            };
            quote!(#[doc = #doc] pub #field: #ty,)
        });
        let reads = response.headers.iter().map(|h| {
            let field = ident(&h.name);
            let wire = h.wire.to_ascii_lowercase();
            match (&h.ty, h.required) {
                // Only `Set-Cookie` is never joined into one line of commas (RFC 9110, 5.3).
                (TypeRef::Array(_), _) => {
                    let split = !wire.eq_ignore_ascii_case("set-cookie");
                    quote!(#field: crate::runtime::header_list(answer, #wire, #split)?,)
                }
                (_, true) => quote!(#field: crate::runtime::header(answer, #wire)?,),
                (_, false) => quote!(#field: crate::runtime::optional_header(answer, #wire)?,),
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }

            impl #name {
                fn read(answer: &crate::runtime::Answer, _type_name: &'static str) -> Result<Self, crate::runtime::DecodeFailure> {
                    Ok(Self { #(#reads)* })
                }
            }
        }
    });
    quote!(#(#structs)*)
}
