//! Emits `src/client.rs`: one async method per operation, on an accessor per tag
//! (`client.app_connections()`), with a `Params` struct for the optional parameters. `Client`
//! itself and the HTTP plumbing it calls are hand-written in `templates/runtime/`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{doc, doc_paragraphs, ident as rust_ident, type_tokens};
use crate::ident;
use crate::ir::{Api, Operation, Param, ParamLocation, TypeDef, TypeKind, TypeRef};

/// Names the runtime's `Client` already has, which generated methods must not take.
const CLIENT_METHODS: &[&str] = &["new", "builder", "base_url", "request", "send_json", "send_no_content"];

pub fn client_file(api: &Api) -> TokenStream {
    let kinds: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut taken_types: BTreeSet<String> = ["Client", "ClientBuilder", "Server", "Error"].iter().map(|s| s.to_string()).collect();
    let mut taken_methods: BTreeSet<String> = CLIENT_METHODS.iter().map(|s| s.to_string()).collect();
    taken_methods.extend(api.operations.iter().filter(|op| op.tags.is_empty()).map(|op| op.name.clone()));

    // Operations grouped by their first tag; untagged ones stay on `Client`.
    let mut groups: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    let mut untagged = Vec::new();
    for op in &api.operations {
        match op.tags.first() {
            Some(tag) => groups.entry(tag.as_str()).or_default().push(op),
            None => untagged.push(op),
        }
    }

    let mut accessors = Vec::new();
    let mut groups_code = Vec::new();
    let mut params_code = Vec::new();
    for (tag, operations) in &groups {
        let struct_name = ident::unique(&ident::type_name(tag), "", |c| taken_types.contains(c));
        taken_types.insert(struct_name.clone());
        let method_name = ident::unique(&ident::snake_name(tag), "_", |c| taken_methods.contains(c));
        taken_methods.insert(method_name.clone());
        let struct_ident = rust_ident(&struct_name);
        let method_ident = rust_ident(&method_name);
        let doc = format!(" Operations tagged \"{tag}\".");
        accessors.push(quote! {
            #[doc = #doc]
            pub fn #method_ident(&self) -> #struct_ident<'_> {
                #struct_ident { client: self }
            }
        });
        let methods: Vec<TokenStream> = operations
            .iter()
            .map(|op| {
                let (method, params) = method(op, &kinds, &quote!(self.client), &struct_name, &mut taken_types);
                params_code.extend(params);
                method
            })
            .collect();
        let accessor_doc = format!(" Operations tagged \"{tag}\", from [`Client::{method_name}`].");
        groups_code.push(quote! {
            #[doc = #accessor_doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #struct_ident<'a> {
                client: &'a Client,
            }

            impl #struct_ident<'_> {
                #(#methods)*
            }
        });
    }
    let untagged_methods: Vec<TokenStream> = untagged
        .iter()
        .map(|op| {
            let (method, params) = method(op, &kinds, &quote!(self), "Client", &mut taken_types);
            params_code.extend(params);
            method
        })
        .collect();

    let servers = api.servers.iter().map(|s| {
        let url = &s.url;
        let description = s.description.as_deref().unwrap_or_default();
        quote!(Server { url: #url, description: #description },)
    });
    let default_url = api.servers.first().map(|s| s.url.clone()).unwrap_or_default();
    let builder_doc = if default_url.is_empty() {
        " A builder for a client; the spec names no server, so give it a base URL.".to_string()
    } else {
        format!(" A builder for a client, at `{default_url}` unless told otherwise.")
    };
    let constructors = api.servers.iter().filter_map(|server| {
        let name = server_name(&server.url)?;
        if !taken_methods.insert(name.clone()) {
            return None;
        }
        let name = rust_ident(&name);
        let url = &server.url;
        let doc = match &server.description {
            Some(description) => format!(" A client for `{url}` ({description})."),
            None => format!(" A client for `{url}`."),
        };
        Some(quote! {
            #[doc = #doc]
            pub fn #name() -> Self {
                Client::new(#url)
            }
        })
    });

    quote! {
        //! The API's operations, as methods of [`Client`] grouped by tag.
        // Operations take their required parameters as arguments; some have many.
        #![allow(clippy::too_many_arguments)]

        #[allow(unused_imports)]
        use crate::runtime::{encode_path, Client, ClientBuilder, Error};
        #[allow(unused_imports)]
        use crate::types;

        /// A server the API is published on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct Server {
            pub url: &'static str,
            pub description: &'static str,
        }

        /// The servers the spec lists, in its order.
        pub const SERVERS: &[Server] = &[#(#servers)*];

        impl Client {
            #[doc = #builder_doc]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(#default_url)
            }

            #(#constructors)*

            #(#accessors)*

            #(#untagged_methods)*
        }

        #(#groups_code)*

        #(#params_code)*
    }
}

/// A constructor name from a server URL: its host's first label (`us` for `us.infisical.com`),
/// or `local` for localhost.
fn server_name(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', ':']).next()?;
    let name = if host == "localhost" || host.starts_with("127.") { "local" } else { host.split('.').next()? };
    let name = ident::snake_name(name);
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// One operation's method, and the struct of its optional parameters when it has any.
fn method(
    op: &Operation,
    kinds: &BTreeMap<&str, &TypeDef>,
    client: &TokenStream,
    owner: &str,
    taken_types: &mut BTreeSet<String>,
) -> (TokenStream, Option<TokenStream>) {
    let types = quote!(types::);
    let name = rust_ident(&op.name);
    let summary_doc = op.summary.as_deref().filter(|s| Some(*s) != op.doc.as_deref());
    let endpoint = format!("`{} {}`", op.method, op.path);
    let docs = doc_paragraphs(&[summary_doc, op.doc.as_deref(), Some(&endpoint)]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated(note = "deprecated by the API")]));

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let arguments = required.iter().map(|p| {
        let name = rust_ident(&p.name);
        let ty = argument_type(p, &types);
        quote!(#name: #ty,)
    });
    let body_argument = op.body.as_ref().map(|body| {
        let ty = type_tokens(&body.ty, &types);
        if body.required { quote!(body: &#ty,) } else { quote!(body: Option<&#ty>,) }
    });
    let (params_argument, params_struct) = if optional.is_empty() {
        (None, None)
    } else {
        let wanted = format!("{}Params", ident::type_name(&op.name));
        let params_name = ident::unique(&wanted, "", |c| taken_types.contains(c));
        taken_types.insert(params_name.clone());
        let params_ident = rust_ident(&params_name);
        let fields = optional.iter().map(|p| {
            let name = rust_ident(&p.name);
            let ty = type_tokens(&p.ty, &types);
            let docs = doc(p.doc.as_deref());
            quote!(#docs pub #name: Option<#ty>,)
        });
        let doc = format!(" Optional parameters of [`{owner}::{}`]; `Default` leaves them all out.", op.name);
        let params_struct = quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, Default, PartialEq)]
            pub struct #params_ident {
                #(#fields)*
            }
        };
        (Some(quote!(params: #params_ident,)), Some(params_struct))
    };

    let path = path_expression(op, kinds);
    let http_method = rust_ident(&op.method);
    let value_of = |p: &Param| -> TokenStream {
        let name = rust_ident(&p.name);
        if p.required { quote!(Some(#name)) } else { quote!(params.#name.as_ref()) }
    };
    let query = op.params.iter().filter(|p| p.location == ParamLocation::Query).map(|p| query_statement(p, value_of(p), kinds));
    let headers = op.params.iter().filter(|p| p.location == ParamLocation::Header).map(|p| header_statement(p, value_of(p), kinds));
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
            (quote!(#ty), quote!(#client.send_json(reqwest::Method::#http_method, request, #type_name, &[#(#declared),*]).await))
        }
        None => (quote!(()), quote!(#client.send_no_content(reqwest::Method::#http_method, request, &[#(#declared),*]).await)),
    };
    let has_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let query_declaration = has_query.then(|| quote!(let mut query: Vec<(&str, String)> = Vec::new();));
    let query_apply = has_query.then(|| quote!(let request = request.query(&query);));

    let method = quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #(#arguments)* #body_argument #params_argument) -> Result<#returns, Error<#error_type>> {
            let path = #path;
            let request = #client.request(reqwest::Method::#http_method, &path);
            #query_declaration
            #(#query)*
            #query_apply
            #(#headers)*
            #body
            #send
        }
    };
    (method, params_struct)
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
/// The statements that encode each path parameter (refusing `.`/`..`), then the `format!` of the
/// path template. Each parameter's name is shadowed by its encoded segment.
fn path_expression(op: &Operation, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let mut template = String::new();
    let mut encodings = Vec::new();
    let mut arguments = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        template.push_str("{}");
        let wire = &rest[open + 1..close];
        match op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == wire) {
            Some(param) => {
                let name = rust_ident(&param.name);
                // `encode_path` takes anything `Display`; other values go as their JSON text.
                let text = if displayable(&param.ty, kinds) { quote!(#name) } else { to_text(&param.ty, quote!(#name), kinds) };
                let wire = &param.wire;
                encodings.push(quote!(let #name = encode_path(#wire, #text)?;));
                arguments.push(quote!(#name));
            }
            None => arguments.push(quote!(#wire)),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if arguments.is_empty() {
        quote!(String::from(#template))
    } else {
        quote!({
            #(#encodings)*
            format!(#template, #(#arguments),*)
        })
    }
}

/// Whether values of `ty` implement `Display` (scalars, string enums, unions of scalars).
fn displayable(ty: &TypeRef, kinds: &BTreeMap<&str, &TypeDef>) -> bool {
    match ty {
        TypeRef::Named(name) => kinds.get(name.as_str()).is_some_and(|t| match &t.kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias { target } => target.is_scalar(),
            TypeKind::Union(union) => union.displays(),
            TypeKind::Struct(_) => false,
        }),
        other => other.is_scalar(),
    }
}

/// How a parameter value becomes text: `Display` for scalars and string enums, JSON otherwise.
fn to_text(ty: &TypeRef, value: TokenStream, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    if matches!(ty, TypeRef::Secret) {
        return quote!(#value.expose().to_string());
    }
    if displayable(ty, kinds) {
        quote!(#value.to_string())
    } else {
        quote!(serde_json::to_string(#value).unwrap_or_default())
    }
}

fn query_statement(p: &Param, value: TokenStream, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
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
    quote! { if let Some(value) = #value { #push } }
}

fn header_statement(p: &Param, value: TokenStream, kinds: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let wire = &p.wire;
    let text = to_text(&p.ty, quote!(value), kinds);
    quote! {
        let request = match #value {
            Some(value) => request.header(#wire, #text),
            None => request,
        };
    }
}
