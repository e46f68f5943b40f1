//! Authentication in `client.rs`: `ClientBuilder`'s method per security scheme and for the login
//! of `sdk.toml`, and the schemes each operation's call takes (`templates/runtime/schemes.rs`
//! does the sending).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::ident as rust_ident;
use crate::ir::{Api, KeyPlace, Login, Operation, Presence, Scheme, SchemeKind, TypeKind, TypeRef};

/// `.security(..)` on an operation's call: its alternatives, each a list of schemes.
pub(super) fn security(op: &Operation, schemes: &[Scheme]) -> Option<TokenStream> {
    let alternatives = op.security.as_ref()?.iter().map(|names| {
        let each = names.iter().filter_map(|name| schemes.iter().find(|s| &s.name == name)).map(|s| {
            let (name, method) = (&s.name, &s.method);
            let place = place(&s.kind);
            quote!(crate::runtime::Scheme { name: #name, method: #method, place: #place })
        });
        quote!(&[#(#each),*])
    });
    Some(quote!(.security(&[#(#alternatives),*])))
}

fn place(kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::Basic => quote!(crate::runtime::Place::Basic),
        SchemeKind::ApiKey { place: KeyPlace::Header, wire } => quote!(crate::runtime::Place::Header(#wire)),
        SchemeKind::ApiKey { place: KeyPlace::Query, wire } => quote!(crate::runtime::Place::Query(#wire)),
        SchemeKind::ApiKey { place: KeyPlace::Cookie, wire } => quote!(crate::runtime::Place::Cookie(#wire)),
        SchemeKind::Bearer | SchemeKind::ClientCredentials { .. } | SchemeKind::Token { .. } => {
            quote!(crate::runtime::Place::Bearer)
        }
    }
}

/// What a scheme is, in a sentence for the docs (the README's too).
pub fn describe(scheme: &Scheme) -> String {
    match &scheme.kind {
        SchemeKind::Bearer => "a bearer token (`Authorization: Bearer ..`)".into(),
        SchemeKind::Basic => "HTTP basic (`Authorization: Basic ..`), a user and a password".into(),
        SchemeKind::ApiKey { place, wire } => {
            let place = match place {
                KeyPlace::Header => "header",
                KeyPlace::Query => "query parameter",
                KeyPlace::Cookie => "cookie",
            };
            format!("an API key, sent as the {place} `{wire}`")
        }
        SchemeKind::ClientCredentials { token_url, .. } => format!(
            "OAuth2 client credentials: tokens fetched from `{token_url}`, renewed before they expire and after a 401"
        ),
        SchemeKind::Token { what } => format!("{what}: a bearer token you obtain"),
    }
}

/// `impl ClientBuilder` with a method per scheme, and the login's, if any.
pub(super) fn builder_methods(api: &Api, kinds: &BTreeMap<&str, &TypeKind>) -> TokenStream {
    let secret = quote!(impl Into<crate::runtime::Secret>);
    let methods = api.schemes.iter().map(|scheme| {
        let method = rust_ident(&scheme.method);
        let name = &scheme.name;
        let mut doc = format!(" The security scheme `{name}`: {}.", describe(scheme));
        if let Some(text) = &scheme.doc {
            doc.push_str(&format!(" {}", super::docs::sanitize(text.lines().next().unwrap_or_default())));
        }
        let body = match &scheme.kind {
            SchemeKind::Basic => quote! {
                (self, user: #secret, password: #secret) -> Self {
                    self.scheme(#name, crate::runtime::basic(user.into(), password.into()))
                }
            },
            SchemeKind::ApiKey { .. } => quote! {
                (self, key: #secret) -> Self {
                    self.scheme(#name, crate::runtime::key(key.into()))
                }
            },
            SchemeKind::ClientCredentials { token_url, scopes } => quote! {
                (self, client_id: #secret, client_secret: #secret) -> Self {
                    self.scheme(#name, crate::runtime::oauth2(#token_url, &[#(#scopes),*], client_id.into(), client_secret.into()))
                }
            },
            SchemeKind::Bearer | SchemeKind::Token { .. } => quote! {
                (self, token: #secret) -> Self {
                    self.scheme(#name, crate::runtime::token(token.into()))
                }
            },
        };
        quote! {
            #[doc = #doc]
            pub fn #method #body
        }
    });
    let login = api.login.as_ref().and_then(|login| login_method(api, login, kinds));
    if api.schemes.is_empty() && login.is_none() {
        return TokenStream::new();
    }
    quote! {
        /// A method per security scheme of the spec: each operation sends the first of its
        /// schemes' alternatives that is configured.
        impl ClientBuilder {
            #(#methods)*
        }

        #login
    }
}

/// The login's builder method: the operation called through a client without credentials, its
/// token the bearer token. `None` when the IR's login does not fit its operation (resolve
/// checked it; an IR from elsewhere may not be).
fn login_method(api: &Api, login: &Login, kinds: &BTreeMap<&str, &TypeKind>) -> Option<TokenStream> {
    let op = api.operations.iter().find(|op| format!("{} {}", op.method, op.path) == login.operation)?;
    let TypeRef::Named(body_type) = &op.body.as_ref()?.ty else { return None };
    let TypeKind::Struct(body) = kinds.get(body_type.as_str())? else { return None };
    let (_, Some(TypeRef::Named(answer_type)), _) = op.success_shape().first().copied()? else { return None };
    let TypeKind::Struct(answer) = kinds.get(answer_type.as_str())? else { return None };
    let arguments: Vec<_> = login.credentials.iter().map(|c| rust_ident(&c.name)).collect();
    // `new` takes the body's required fields in the struct's order.
    let mut values = Vec::new();
    for field in body.fields.iter().filter(|f| super::constructors::is_argument(f)) {
        let credential = login.credentials.iter().find(|c| c.name == field.name)?;
        let name = rust_ident(&credential.name);
        values.push(match field.ty {
            TypeRef::Secret => quote!(#name.clone()),
            _ => quote!(#name.expose()),
        });
    }
    let token_field = answer.fields.iter().find(|f| f.wire == login.token.wire)?;
    let token = rust_ident(&token_field.name);
    let token = match token_field.presence {
        Presence::Required => quote!(answer.#token),
        _ => {
            let missing = format!("the login's answer has no `{}`", login.token.wire);
            quote!(answer.#token.ok_or(#missing)?)
        }
    };
    let forever = quote!(std::time::Duration::MAX);
    let lifetime = match &login.expires_in {
        None => forever.clone(),
        Some(expires) => {
            let field = answer.fields.iter().find(|f| f.wire == expires.wire)?;
            let name = rust_ident(&field.name);
            let seconds = |value: TokenStream| match field.ty {
                TypeRef::F64 => quote!(std::time::Duration::try_from_secs_f64(#value).unwrap_or(#forever)),
                _ => quote!(std::time::Duration::from_secs(u64::try_from(#value).unwrap_or(0))),
            };
            match field.presence {
                Presence::Required => seconds(quote!(answer.#name)),
                _ => {
                    let each = seconds(quote!(s));
                    quote!(answer.#name.map(|s| #each).unwrap_or(#forever))
                }
            }
        }
    };
    let operation = rust_ident(&op.name);
    let call = match &op.group {
        Some(group) => {
            let group = rust_ident(group);
            quote!(client.#group().#operation(&body))
        }
        None => quote!(client.#operation(&body)),
    };
    let body_type = format_ident!("{}", body_type);
    let method = rust_ident(&login.method);
    let cfg = op
        .group
        .as_ref()
        .and_then(|module| api.groups.iter().find(|g| &g.module == module))
        .map(|group| super::features::cfg(std::slice::from_ref(&group.feature)));
    let doc = format!(
        " Logs in with `{}` ([`{}`](crate::client)), and sends its token as the bearer token: renewed a margin before it expires and after a 401, one login at a time. The login itself is sent without credentials.",
        login.operation,
        op.qualified_name()
    );
    Some(quote! {
        #cfg
        impl ClientBuilder {
            #[doc = #doc]
            pub fn #method(self, #(#arguments: impl Into<crate::runtime::Secret>),*) -> Self {
                #(let #arguments: crate::runtime::Secret = #arguments.into();)*
                self.login_with(crate::runtime::login(move |client: Client| {
                    let body = crate::types::#body_type::new(#(#values),*);
                    async move {
                        let answer = #call.await.map_err(crate::runtime::login_failed)?;
                        Ok::<_, crate::runtime::BoxError>(crate::runtime::Login::new(#token, #lifetime))
                    }
                }))
            }
        }
    })
}
