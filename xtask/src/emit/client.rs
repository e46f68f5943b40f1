//! Emits `src/client.rs`: one async method per operation on `Client`. The HTTP plumbing it calls
//! (`send_json`, the `Error` type) is hand-written in `templates/runtime.rs`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc_paragraphs, ident, type_tokens};
use crate::ir::{Api, Operation, Param, ParamLocation, TypeDef, TypeKind, TypeRef};

pub fn client_file(api: &Api) -> TokenStream {
    let kinds: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let methods = api.operations.iter().map(|op| method(op, &kinds));
    let servers = api.servers.iter().map(|s| {
        let url = &s.url;
        let description = s.description.as_deref().unwrap_or_default();
        quote!(Server { url: #url, description: #description },)
    });
    quote! {
        //! The API client: one async method per operation.
        // Operations take their parameters as arguments; some have many.
        #![allow(clippy::too_many_arguments)]

        #[allow(unused_imports)]
        use crate::runtime::{encode_path, send_json, send_no_content, Error};
        use crate::types;

        /// A server the API is published on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Server {
            pub url: &'static str,
            pub description: &'static str,
        }

        /// The servers the spec lists, in its order.
        pub const SERVERS: &[Server] = &[#(#servers)*];

        /// The API client. Cheap to clone: clones share one connection pool.
        #[derive(Clone, Debug)]
        pub struct Client {
            base_url: String,
            http: reqwest::Client,
            token: Option<crate::runtime::Secret>,
        }

        impl Client {
            /// A client for the API at `base_url` (for example `SERVERS[0].url`).
            pub fn new(base_url: impl Into<String>) -> Self {
                Self::with_http_client(base_url, reqwest::Client::new())
            }

            /// A client that sends its requests through your own `reqwest::Client`.
            pub fn with_http_client(base_url: impl Into<String>, http: reqwest::Client) -> Self {
                let base_url = base_url.into().trim_end_matches('/').to_string();
                Self { base_url, http, token: None }
            }

            /// Sends `Authorization: Bearer <token>` with every request.
            pub fn with_bearer_token(mut self, token: impl Into<String>) -> Self {
                self.token = Some(crate::runtime::Secret::new(token.into()));
                self
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
                let request = self.http.request(method, format!("{}{}", self.base_url, path));
                match &self.token {
                    Some(token) => request.bearer_auth(token.expose()),
                    None => request,
                }
            }

            #(#methods)*
        }
    }
}

fn method(op: &Operation, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let types = quote!(types::);
    let name = ident(&op.name);
    let summary_doc = op.summary.as_deref().filter(|s| Some(*s) != op.doc.as_deref());
    let endpoint = format!("`{} {}`", op.method, op.path);
    let docs = doc_paragraphs(&[summary_doc, op.doc.as_deref(), Some(&endpoint)]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated(note = "deprecated by the API")]));

    let mut ordered: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    ordered.extend(op.params.iter().filter(|p| !p.required));
    let arguments = ordered.iter().map(|p| {
        let name = ident(&p.name);
        let ty = argument_type(p, &types);
        quote!(#name: #ty,)
    });
    let body_argument = op.body.as_ref().map(|body| {
        let ty = type_tokens(&body.ty, &types);
        if body.required { quote!(body: &#ty,) } else { quote!(body: Option<&#ty>,) }
    });

    let path = path_expression(op);
    let http_method = ident(&op.method);
    let query = op.params.iter().filter(|p| p.location == ParamLocation::Query).map(|p| query_statement(p, kinds));
    let headers = op.params.iter().filter(|p| p.location == ParamLocation::Header).map(|p| header_statement(p, kinds));
    let body = op.body.as_ref().map(|body| {
        if body.required {
            quote!(let request = request.json(body);)
        } else {
            quote! {
                let request = match body {
                    Some(body) => request.json(body),
                    None => request,
                };
            }
        }
    });

    let success = op.responses.iter().find(|r| r.is_success() && r.ty.is_some()).and_then(|r| r.ty.as_ref());
    let error_types: Vec<&TypeRef> = op.responses.iter().filter(|r| !r.is_success()).filter_map(|r| r.ty.as_ref()).collect();
    let error_type = match error_types.first() {
        Some(first) if error_types.iter().all(|t| t == first) => type_tokens(first, &types),
        _ => quote!(serde_json::Value),
    };
    let declared: Vec<proc_macro2::Literal> = op
        .responses
        .iter()
        .filter(|r| !r.is_success() && r.ty.is_some())
        .filter_map(|r| r.status.parse::<u16>().ok())
        .map(proc_macro2::Literal::u16_unsuffixed)
        .collect();
    let (returns, send) = match success {
        Some(ty) => {
            let ty = type_tokens(ty, &types);
            let type_name = ty.to_string().replace(' ', "");
            (quote!(#ty), quote!(send_json(request, #type_name, &[#(#declared),*]).await))
        }
        None => (quote!(()), quote!(send_no_content(request, &[#(#declared),*]).await)),
    };
    let has_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let query_declaration = has_query.then(|| quote!(let mut query: Vec<(&str, String)> = Vec::new();));
    let query_apply = has_query.then(|| quote!(let request = request.query(&query);));

    quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #(#arguments)* #body_argument) -> Result<#returns, Error<#error_type>> {
            let path = #path;
            let request = self.request(reqwest::Method::#http_method, &path);
            #query_declaration
            #(#query)*
            #query_apply
            #(#headers)*
            #body
            #send
        }
    }
}

fn argument_type(p: &Param, types: &TokenStream) -> TokenStream {
    let inner = match &p.ty {
        TypeRef::String => quote!(&str),
        // Small `Copy` scalars go by value.
        TypeRef::Boolean | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => type_tokens(&p.ty, types),
        TypeRef::Array(item) => {
            let item = type_tokens(item, types);
            quote!(&[#item])
        }
        other => {
            let ty = type_tokens(other, types);
            quote!(&#ty)
        }
    };
    if p.required { inner } else { quote!(Option<#inner>) }
}

/// `format!` of the path template with each `{param}` percent-encoded as one segment.
fn path_expression(op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut arguments = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        template.push_str("{}");
        let wire = &rest[open + 1..close];
        match op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == wire) {
            Some(param) => {
                let name = ident(&param.name);
                arguments.push(quote!(encode_path(#name)));
            }
            None => arguments.push(quote!(encode_path(#wire))),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if arguments.is_empty() {
        quote!(String::from(#template))
    } else {
        quote!(format!(#template, #(#arguments),*))
    }
}

/// How a parameter value becomes text: `Display` for scalars and string enums, JSON otherwise.
fn to_text(ty: &TypeRef, value: TokenStream, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let displayable = match ty {
        TypeRef::Named(name) => kinds.get(name.as_str()).is_some_and(|t| match &t.kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias { target } => !matches!(target, TypeRef::Any | TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::Named(_)),
            _ => false,
        }),
        TypeRef::Any | TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::Boxed(_) => false,
        _ => true,
    };
    if displayable {
        quote!(#value.to_string())
    } else {
        quote!(serde_json::to_string(#value).unwrap_or_default())
    }
}

fn query_statement(p: &Param, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let name = ident(&p.name);
    let wire = &p.wire;
    // Arrays repeat the key (`form`, `explode: true`, OpenAPI's default for query parameters).
    let push = match &p.ty {
        TypeRef::Array(item) => {
            let text = to_text(item, quote!(item), kinds);
            quote!(for item in value.iter() { query.push((#wire, #text)); })
        }
        other => {
            let text = to_text(other, quote!(value), kinds);
            quote!(query.push((#wire, #text));)
        }
    };
    if p.required {
        quote! { { let value = #name; #push } }
    } else {
        quote! { if let Some(value) = #name { #push } }
    }
}

fn header_statement(p: &Param, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let name = ident(&p.name);
    let wire = &p.wire;
    let text = to_text(&p.ty, quote!(value), kinds);
    if p.required {
        quote! { let request = { let value = #name; request.header(#wire, #text) }; }
    } else {
        quote! {
            let request = match #name {
                Some(value) => request.header(#wire, #text),
                None => request,
            };
        }
    }
}
