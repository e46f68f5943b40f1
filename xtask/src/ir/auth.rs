//! Authentication in the IR: the spec's security schemes, each with the builder method that
//! configures it, and a login operation named in `sdk.toml`. Operations say which schemes they
//! take in `Operation::security`.

use serde::{Deserialize, Serialize};

/// A security scheme of `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    /// The spec's name for it (`bearerAuth`): what operations' requirements name.
    pub name: String,
    /// `ClientBuilder`'s method that configures it (`bearer_auth`).
    pub method: String,
    #[serde(flatten)]
    pub kind: SchemeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <user:password in base64>`.
    Basic,
    /// A key sent as a header, a query parameter or a cookie, under `wire`.
    ApiKey { place: KeyPlace, wire: String },
    /// OAuth2's client-credentials flow (RFC 6749 §4.4): the client fetches its own bearer tokens.
    ClientCredentials {
        token_url: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        scopes: Vec<String>,
    },
    /// A bearer token the caller obtains (other OAuth2 flows, OpenID Connect, other HTTP schemes):
    /// `what` says which, for the docs.
    Token { what: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyPlace {
    Header,
    Query,
    Cookie,
}

/// A login that is an ordinary operation of the API (`sdk.toml`'s `[login]`): `ClientBuilder`
/// gets `method(credentials..)`, which calls the operation without credentials and uses the
/// token it answers as the bearer token, renewed before it expires and after a 401.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    /// `ClientBuilder`'s method (`universal_auth`).
    pub method: String,
    /// The operation, as `METHOD /path`.
    pub operation: String,
    /// The body's fields the method takes, in its order.
    pub credentials: Vec<LoginField>,
    /// The success's field holding the token.
    pub token: LoginField,
    /// The success's field holding the token's lifetime in seconds, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<LoginField>,
}

/// A field of the login's request or response: its JSON name and its Rust name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginField {
    pub wire: String,
    pub name: String,
}
