//! Emits `src/client.rs`: the servers, `Client`'s constructors and accessors, and a module per
//! group (`client::dynamic_secrets`, in `src/client/dynamic_secrets.rs`, behind the group's
//! feature) holding the group's accessor (`client.dynamic_secrets()`) and one call builder per
//! operation (`operations.rs`). `Client` itself and the HTTP plumbing are
//! hand-written in `templates/runtime/`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::examples::Writer;
use super::operations::{Group, Planned, builder_items, method};
use super::rust::ident as rust_ident;
use crate::ir::{Api, TypeDef, TypeKind};

/// What the file is made of, gathered before any code is built, so that each part of the file
/// can be built on its own (on whichever thread formats it). Every name comes from the IR.
pub struct Plan<'a> {
    api: &'a Api,
    pub(super) kinds: BTreeMap<&'a str, &'a TypeKind>,
    groups: Vec<Group<'a>>,
    /// Operations without a group: methods of `Client` itself, builders at the module's root.
    root: Vec<Planned<'a>>,
    /// What the operations' rustdoc examples need: which types have constructors, the crate's name.
    sent: BTreeMap<String, crate::usage::Direction>,
    crate_ident: String,
}

impl<'a> Plan<'a> {
    pub fn new(api: &'a Api, crate_ident: &str) -> Self {
        let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t: &TypeDef| (t.name.as_str(), &t.kind)).collect();
        let mut by_group: BTreeMap<&str, Vec<Planned<'a>>> = BTreeMap::new();
        let mut root = Vec::new();
        for op in &api.operations {
            let planned = Planned { op, builder: &op.call, schemes: &api.schemes };
            match op.group.as_deref() {
                Some(group) => by_group.entry(group).or_default().push(planned),
                None => root.push(planned),
            }
        }
        let groups = api
            .groups
            .iter()
            .map(|g| Group {
                label: &g.label,
                module: &g.module,
                struct_name: &g.handle,
                operations: by_group.remove(g.module.as_str()).unwrap_or_default(),
                feature: &g.feature,
            })
            .collect();
        let sent = crate::usage::directions(api);
        Plan { api, kinds, groups, root, sent, crate_ident: crate_ident.to_string() }
    }

    /// The files, each a path and the range of its parts: `src/client.rs` (the header, the
    /// root's builders, the groups' modules declared), then a file per group. A single group's
    /// module stays in `src/client.rs`: there is nothing to leave out when its feature is off.
    pub fn files(&self) -> Vec<(String, std::ops::Range<usize>)> {
        if !self.split() {
            return vec![("src/client.rs".to_string(), 0..3 + self.groups.len())];
        }
        let groups = self.groups.iter().enumerate();
        std::iter::once(("src/client.rs".to_string(), 0..3))
            .chain(groups.map(|(i, group)| (super::rust::module_file("client", group.module).0, 3 + i..4 + i)))
            .collect()
    }

    fn writer(&self) -> Writer<'_> {
        Writer { kinds: &self.kinds, crate_ident: &self.crate_ident, sent: &self.sent, strict: false }
    }

    /// Whether the groups' modules have files of their own (`types::split` says the same).
    fn split(&self) -> bool {
        self.groups.len() > 1
    }

    /// The code of part `index`.
    pub fn part(&self, index: usize) -> TokenStream {
        match index {
            0 => self.header(),
            1 => self.root.iter().map(|planned| builder_items(planned, None, &self.kinds)).collect(),
            2 if !self.split() => TokenStream::new(),
            2 => self
                .groups
                .iter()
                .map(|group| {
                    let module = rust_ident(group.module);
                    let cfg = super::features::cfg(&[group.feature.to_string()]);
                    let path = super::rust::module_file("client", group.module).1;
                    quote!(#cfg #path pub mod #module;)
                })
                .collect(),
            _ => self.groups.get(index - 3).map(|group| self.group(group, !self.split())).unwrap_or_default(),
        }
    }

    fn header(&self) -> TokenStream {
        let accessors = self.groups.iter().map(|group| {
            let module = rust_ident(group.module);
            let struct_ident = rust_ident(group.struct_name);
            let doc = format!(" Operations of \"{}\" ([`{}`]).", group.label, group.module);
            let cfg = super::features::cfg(&[group.feature.to_string()]);
            quote! {
                #[doc = #doc]
                #cfg
                pub fn #module(&self) -> #module::#struct_ident<'_> {
                    #module::#struct_ident { client: self }
                }
            }
        });
        let root_methods = self.root.iter().map(|planned| method(planned, None, &self.writer()));
        let servers = self.api.servers.iter().map(|s| {
            let url = &s.url;
            let description = s.description.as_deref().unwrap_or_default();
            quote!(Server { url: #url, description: #description },)
        });
        let builder_methods = super::auth::builder_methods(self.api, &self.kinds);
        let default_url = self.api.servers.first().map(|s| s.url.clone()).unwrap_or_default();
        let builder_doc = if default_url.is_empty() {
            " A builder for a client; the spec names no server, so give it a base URL.".to_string()
        } else {
            format!(" A builder for a client, at `{default_url}` unless told otherwise.")
        };
        let constructors =
            self.api.servers.iter().filter_map(|server| Some((server.constructor.as_deref()?, server))).map(
                |(name, server)| {
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
                },
            );
        let grouped = match self.api.groups.first() {
            Some(group) => format!(", grouped {} (`client.{}()`)", grouped_by(self.api), group.module),
            None => String::new(),
        };
        let module_doc = format!(
            "The API's operations: methods of [`Client`]{grouped}. A method takes the operation's required parameters and returns its call; optional parameters and per-call options are set on the call, and awaiting it sends it."
        );
        // A line each, as a person would wrap it.
        let module_doc = wrap(&module_doc, 96).into_iter().map(|line| format!(" {line}"));
        quote! {
            #(#![doc = #module_doc])*
            // Operations take their required parameters as arguments, some many; successes by
            // status hold bodies of any size.
            #![allow(clippy::too_many_arguments, clippy::large_enum_variant)]

            use crate::runtime::{Client, ClientBuilder};

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

                #(#root_methods)*
            }

            #builder_methods
        }
    }

    /// A group's module: its handle and its operations' builders; `inline`, in `src/client.rs`.
    fn group(&self, group: &Group<'a>, inline: bool) -> TokenStream {
        let struct_ident = rust_ident(group.struct_name);
        let methods = group.operations.iter().map(|planned| method(planned, Some(group), &self.writer()));
        let builders = group.operations.iter().map(|planned| builder_items(planned, Some(group), &self.kinds));
        let module_doc = format!(
            " Operations of \"{}\", from [`Client::{}`](crate::Client::{}).",
            group.label, group.module, group.module
        );
        let accessor_doc = format!(" The operations of \"{}\": `client.{}()`.", group.label, group.module);
        let items = quote! {
            #![doc = #module_doc]

            #[doc = #accessor_doc]
            #[derive(Clone, Copy, Debug)]
            pub struct #struct_ident<'a> {
                pub(crate) client: &'a crate::Client,
            }

            impl<'a> #struct_ident<'a> {
                #(#methods)*
            }

            #(#builders)*
        };
        if !inline {
            return items;
        }
        let module = rust_ident(group.module);
        let cfg = super::features::cfg(&[group.feature.to_string()]);
        quote! {
            #cfg
            pub mod #module {
                #items
            }
        }
    }
}

/// `text` in lines of at most `width` columns, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// How the operations were grouped, for the module's docs: "by tag", "by tag or by documentation
/// section"...
fn grouped_by(api: &Api) -> String {
    use crate::ir::GroupOrigin;
    let ways: Vec<&str> = [
        (GroupOrigin::Tag, "by tag"),
        (GroupOrigin::Page, "by documentation section"),
        (GroupOrigin::Path, "by the resource their paths name"),
        (GroupOrigin::Namespace, "by operationId namespace"),
    ]
    .into_iter()
    .filter(|(origin, _)| api.groups.iter().any(|g| g.origin == *origin))
    .map(|(_, way)| way)
    .collect();
    match ways.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
