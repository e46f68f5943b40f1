//! The spec's security schemes and each operation's requirements, into the IR. A scheme the client
//! cannot perform itself (an HTTP scheme other than bearer and basic, an OAuth2 flow other than
//! client credentials, OpenID Connect) becomes a bearer token the caller supplies, with a warning
//! naming it. Builder methods' names are decided in `symbols.rs`.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::Resolver;
use crate::diag::{Diagnostic, Location, pointer};
use crate::ir::{KeyPlace, Scheme, SchemeKind};
use crate::merge::SourcedOperation;

impl Resolver<'_> {
    /// Every scheme of `components.securitySchemes`, sorted by name, its method not yet named.
    pub(super) fn schemes(&mut self, file: &std::path::Path) -> Vec<Scheme> {
        let mut out = Vec::new();
        for (name, scheme) in &self.api.components.security_schemes {
            let at = Location::at(file, 1).with_pointer(pointer(&["components", "securitySchemes", name]));
            let ReferenceOr::Item(scheme) = scheme else {
                self.diagnostics.push(Diagnostic::warning(
                    at,
                    format!(
                        "security scheme `{name}` is a `$ref`, which is not followed: operations using it send nothing"
                    ),
                ));
                continue;
            };
            let (kind, doc) = match scheme {
                SecurityScheme::HTTP { scheme, description, .. } => {
                    let kind = match scheme.to_ascii_lowercase().as_str() {
                        "bearer" => SchemeKind::Bearer,
                        "basic" => SchemeKind::Basic,
                        other => {
                            self.diagnostics.push(Diagnostic::warning(
                                at,
                                format!(
                                    "security scheme `{name}` is HTTP `{other}`, which the client does not perform: the caller supplies a bearer token"
                                ),
                            ));
                            SchemeKind::Token { what: format!("HTTP `{other}`") }
                        }
                    };
                    (kind, description)
                }
                SecurityScheme::APIKey { location, name: wire, description, .. } => {
                    let place = match location {
                        APIKeyLocation::Header => KeyPlace::Header,
                        APIKeyLocation::Query => KeyPlace::Query,
                        APIKeyLocation::Cookie => KeyPlace::Cookie,
                    };
                    (SchemeKind::ApiKey { place, wire: wire.clone() }, description)
                }
                SecurityScheme::OAuth2 { flows, description, .. } => match &flows.client_credentials {
                    Some(flow) => {
                        let scopes = flow.scopes.keys().cloned().collect();
                        (SchemeKind::ClientCredentials { token_url: flow.token_url.clone(), scopes }, description)
                    }
                    None => {
                        let flows: Vec<&str> = [
                            flows.implicit.as_ref().map(|_| "implicit"),
                            flows.password.as_ref().map(|_| "password"),
                            flows.authorization_code.as_ref().map(|_| "authorizationCode"),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        let what = format!("OAuth2 ({})", flows.join(", "));
                        self.diagnostics.push(Diagnostic::warning(
                            at,
                            format!(
                                "security scheme `{name}` is {what}, a flow the client does not run: the caller supplies its tokens"
                            ),
                        ));
                        (SchemeKind::Token { what }, description)
                    }
                },
                SecurityScheme::OpenIDConnect { open_id_connect_url, description, .. } => {
                    self.diagnostics.push(Diagnostic::warning(
                        at,
                        format!(
                            "security scheme `{name}` is OpenID Connect, which the client does not run: the caller supplies its tokens"
                        ),
                    ));
                    (SchemeKind::Token { what: format!("OpenID Connect (`{open_id_connect_url}`)") }, description)
                }
            };
            let doc = doc.clone().filter(|d| !d.trim().is_empty());
            out.push(Scheme { name: name.clone(), method: String::new(), kind, doc });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// An operation's requirements as alternatives of scheme names. A requirement naming a scheme
    /// the spec does not define (or one skipped above) is left out with a warning; when that
    /// leaves none of several, the operation says nothing.
    pub(super) fn security(&mut self, op: &SourcedOperation) -> Option<Vec<Vec<String>>> {
        let requirements = op.security.as_ref()?;
        let known =
            |name: &String| matches!(self.api.components.security_schemes.get(name), Some(ReferenceOr::Item(_)));
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let unknown: Vec<&String> = requirement.keys().filter(|name| !known(name)).collect();
            if let Some(name) = unknown.first() {
                let at = Location::at(&op.file, op.first_line).with_pointer(format!("{}/{index}", op.security_at));
                self.diagnostics.push(Diagnostic::warning(
                    at,
                    format!("`{}` names no security scheme of the spec: that alternative is left out", name),
                ));
                continue;
            }
            let mut names: Vec<String> = requirement.keys().cloned().collect();
            names.sort();
            if !alternatives.contains(&names) {
                alternatives.push(names);
            }
        }
        if alternatives.is_empty() && !requirements.is_empty() {
            return None;
        }
        // `{}` among others makes authentication optional: tried last, whatever its place.
        alternatives.sort_by_key(|names| names.is_empty());
        Some(alternatives)
    }
}
