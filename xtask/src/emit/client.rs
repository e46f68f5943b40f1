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

/// Every name in the file, decided before any code is built: names are first come, first served,
/// so they are chosen in one pass, and then each part of the file can be built on its own (on
/// whichever thread formats it).
pub struct Plan<'a> {
    api: &'a Api,
    kinds: BTreeMap<&'a str, &'a TypeDef>,
    groups: Vec<Group<'a>>,
    /// Operations without a tag, which are methods of `Client` itself.
    untagged: Vec<Planned<'a>>,
    /// `Client` constructors, one per server with a usable name.
    constructors: Vec<(String, &'a crate::ir::Server)>,
    parts: Vec<Part>,
}

/// The operations of one tag: a struct borrowing the client, reached from an accessor method.
struct Group<'a> {
    tag: &'a str,
    struct_name: String,
    method_name: String,
    operations: Vec<Planned<'a>>,
}

/// An operation and the name of its `Params` struct, when it has optional parameters.
struct Planned<'a> {
    op: &'a Operation,
    params: Option<String>,
}

/// The parts of `src/client.rs`, in order: the header (servers, `impl Client`), one part per tag
/// group, one per `Params` struct (by group and operation index; `None` is `Client` itself).
#[derive(Clone, Copy)]
enum Part {
    Header,
    Group(usize),
    Params { group: Option<usize>, op: usize },
}

impl<'a> Plan<'a> {
    pub fn new(api: &'a Api) -> Self {
        let kinds: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut taken_types: BTreeSet<String> = ["Client", "ClientBuilder", "Server", "Error"].iter().map(|s| s.to_string()).collect();
        let mut taken_methods: BTreeSet<String> = CLIENT_METHODS.iter().map(|s| s.to_string()).collect();
        taken_methods.extend(api.operations.iter().filter(|op| op.tags.is_empty()).map(|op| op.name.clone()));

        // Operations grouped by their first tag; untagged ones stay on `Client`.
        let mut by_tag: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
        let mut untagged = Vec::new();
        for op in &api.operations {
            match op.tags.first() {
                Some(tag) => by_tag.entry(tag.as_str()).or_default().push(op),
                None => untagged.push(op),
            }
        }
        let plan_op = |op: &'a Operation, taken_types: &mut BTreeSet<String>| {
            let optional = op.params.iter().any(|p| !p.required);
            let params = optional.then(|| {
                let wanted = format!("{}Params", ident::type_name(&op.name));
                let name = ident::unique(&wanted, "", |c| taken_types.contains(c));
                taken_types.insert(name.clone());
                name
            });
            Planned { op, params }
        };
        let mut groups = Vec::new();
        for (tag, operations) in by_tag {
            let struct_name = ident::unique(&ident::type_name(tag), "", |c| taken_types.contains(c));
            taken_types.insert(struct_name.clone());
            let method_name = ident::unique(&ident::snake_name(tag), "_", |c| taken_methods.contains(c));
            taken_methods.insert(method_name.clone());
            let operations = operations.into_iter().map(|op| plan_op(op, &mut taken_types)).collect();
            groups.push(Group { tag, struct_name, method_name, operations });
        }
        let untagged: Vec<Planned> = untagged.into_iter().map(|op| plan_op(op, &mut taken_types)).collect();
        let constructors = api
            .servers
            .iter()
            .filter_map(|server| {
                let name = server_name(&server.url)?;
                taken_methods.insert(name.clone()).then_some((name, server))
            })
            .collect();
        let mut parts = vec![Part::Header];
        parts.extend((0..groups.len()).map(Part::Group));
        for (g, group) in groups.iter().enumerate() {
            let with_params = group.operations.iter().enumerate().filter(|(_, p)| p.params.is_some());
            parts.extend(with_params.map(|(op, _)| Part::Params { group: Some(g), op }));
        }
        let with_params = untagged.iter().enumerate().filter(|(_, p): &(usize, &Planned)| p.params.is_some());
        parts.extend(with_params.map(|(op, _)| Part::Params { group: None, op }));
        Plan { api, kinds, groups, untagged, constructors, parts }
    }

    /// How many parts the file has.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// The code of part `index`.
    pub fn part(&self, index: usize) -> TokenStream {
        match self.parts.get(index) {
            Some(Part::Header) => self.header(),
            Some(Part::Group(group)) => self.group(&self.groups[*group]),
            Some(Part::Params { group: Some(group), op }) => {
                let group = &self.groups[*group];
                params_struct(&group.operations[*op], &group.struct_name)
            }
            Some(Part::Params { group: None, op }) => params_struct(&self.untagged[*op], "Client"),
            None => TokenStream::new(),
        }
    }

    fn header(&self) -> TokenStream {
        let accessors = self.groups.iter().map(|group| {
            let struct_ident = rust_ident(&group.struct_name);
            let method_ident = rust_ident(&group.method_name);
            let doc = format!(" Operations tagged \"{}\".", group.tag);
            quote! {
                #[doc = #doc]
                pub fn #method_ident(&self) -> #struct_ident<'_> {
                    #struct_ident { client: self }
                }
            }
        });
        let untagged_methods = self.untagged.iter().map(|planned| method(planned, &self.kinds, &quote!(self)));
        let servers = self.api.servers.iter().map(|s| {
            let url = &s.url;
            let description = s.description.as_deref().unwrap_or_default();
            quote!(Server { url: #url, description: #description },)
        });
        let default_url = self.api.servers.first().map(|s| s.url.clone()).unwrap_or_default();
        let builder_doc = if default_url.is_empty() {
            " A builder for a client; the spec names no server, so give it a base URL.".to_string()
        } else {
            format!(" A builder for a client, at `{default_url}` unless told otherwise.")
        };
        let constructors = self.constructors.iter().map(|(name, server)| {
            let name = rust_ident(name);
            let url = &server.url;
            let doc = match &server.description {
                Some(description) => format!(" A client for `{url}` ({description})."),
                None => format!(" A client for `{url}`."),
            };
            quote! {
                #[doc = #doc]
                pub fn #name() -> Self {
                    Client::new(#url)
                }
            }
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
        }
    }

    fn group(&self, group: &Group<'a>) -> TokenStream {
        let struct_ident = rust_ident(&group.struct_name);
        let methods = group.operations.iter().map(|planned| method(planned, &self.kinds, &quote!(self.client)));
        let accessor_doc = format!(" Operations tagged \"{}\", from [`Client::{}`].", group.tag, group.method_name);
        quote! {
            #[doc = #accessor_doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #struct_ident<'a> {
                client: &'a Client,
            }

            impl #struct_ident<'_> {
                #(#methods)*
            }
        }
    }
}

/// The whole file as one token stream (the bench times building it apart from formatting it).
pub fn client_file(api: &Api) -> TokenStream {
    let plan = Plan::new(api);
    (0..plan.len()).map(|i| plan.part(i)).collect()
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
fn method(planned: &Planned, kinds: &BTreeMap<&str, &TypeDef>, client: &TokenStream) -> TokenStream {
    let op = planned.op;
    let types = quote!(types::);
    let name = rust_ident(&op.name);
    let summary_doc = op.summary.as_deref().filter(|s| Some(*s) != op.doc.as_deref());
    let endpoint = format!("`{} {}`", op.method, op.path);
    let docs = doc_paragraphs(&[summary_doc, op.doc.as_deref(), Some(&endpoint)]);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated(note = "deprecated by the API")]));

    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let arguments = required.iter().map(|p| {
        let name = rust_ident(&p.name);
        let ty = argument_type(p, &types);
        quote!(#name: #ty,)
    });
    let body_argument = op.body.as_ref().map(|body| {
        let ty = type_tokens(&body.ty, &types);
        if body.required { quote!(body: &#ty,) } else { quote!(body: Option<&#ty>,) }
    });
    let params_argument = planned.params.as_deref().map(|name| {
        let name = rust_ident(name);
        quote!(params: #name,)
    });

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
    method
}

/// The struct of an operation's optional parameters.
fn params_struct(planned: &Planned, owner: &str) -> TokenStream {
    let op = planned.op;
    let Some(params_name) = &planned.params else { return TokenStream::new() };
    let types = quote!(types::);
    let params_ident = rust_ident(params_name);
    let fields = op.params.iter().filter(|p| !p.required).map(|p| {
        let name = rust_ident(&p.name);
        let ty = type_tokens(&p.ty, &types);
        let docs = doc(p.doc.as_deref());
        quote!(#docs pub #name: Option<#ty>,)
    });
    let doc = format!(" Optional parameters of [`{owner}::{}`]; `Default` leaves them all out.", op.name);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #params_ident {
            #(#fields)*
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
