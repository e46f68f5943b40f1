//! Credentials as the spec's security schemes take them. `ClientBuilder` has a method per scheme
//! (in `client.rs`); each operation names the schemes it takes, as alternatives, and before each
//! attempt the client picks the first alternative whose schemes are all configured. An operation
//! that takes none (`security: []`) sends nothing and asks no token source; one whose schemes are
//! not configured fails before anything is sent, naming them.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::transport::{Failure, Payload, Prepared};
use super::{BoxError, Client, Login, LoginFailed, Secret, StaticToken, TokenSource};

/// Where a scheme's credential goes.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// `Authorization: Bearer <token>`, from a token source.
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
    Header(&'static str),
    Query(&'static str),
    Cookie(&'static str),
}

/// A security scheme, as an operation names it: the spec's name, the builder method that
/// configures it (for the error when it is not), and where its credential goes.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Scheme {
    pub name: &'static str,
    pub method: &'static str,
    pub place: Place,
}

/// An operation's schemes: alternatives, each a set of schemes sent together.
#[doc(hidden)]
pub type Security = &'static [&'static [Scheme]];

/// A configured credential. `Debug` names its kind only.
#[derive(Clone)]
pub(crate) enum Credential {
    Tokens(Arc<dyn TokenSource>),
    Basic { user: Secret, password: Secret },
    Key(Secret),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credential::Tokens(_) => "Tokens",
            Credential::Basic { .. } => "Basic",
            Credential::Key(_) => "Key",
        })
    }
}

/// The future a login returns.
pub(crate) type LoginFuture = Pin<Box<dyn Future<Output = Result<Login, BoxError>> + Send>>;

/// A login, given a client of the same API that sends no credentials.
pub(crate) type LoginFn = Arc<dyn Fn(Client) -> LoginFuture + Send + Sync>;

/// A credential as the builder holds it: a login becomes a token source when the client is built,
/// as it needs the client's HTTP stack.
#[derive(Clone)]
pub(crate) enum Pending {
    Ready(Credential),
    Login(LoginFn),
}

/// The credentials of a client, by scheme name, and the token source for schemes that take a
/// bearer token and were not configured on their own (`.bearer_token(..)`, `.token_source(..)`).
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub by_scheme: BTreeMap<&'static str, Credential>,
    pub tokens: Option<Arc<dyn TokenSource>>,
}

/// What one attempt sends, and the tokens it used, for a renewal after a 401.
#[derive(Default)]
pub(crate) struct Applied {
    pub bearer: Option<Secret>,
    pub basic: Option<(Secret, Secret)>,
    pub headers: Vec<(&'static str, Secret)>,
    pub query: Vec<(&'static str, Secret)>,
    pub cookies: Vec<(&'static str, Secret)>,
    /// Each token sent, by the scheme it went for (`""`: the default source).
    pub tokens: Vec<(&'static str, Secret)>,
    /// Whether a token source may give another token after a 401.
    pub refreshable: bool,
}

/// An operation's schemes are not configured: said before anything is sent.
#[derive(Debug)]
pub(crate) struct MissingCredentials(pub Security);

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let alternatives: Vec<String> = self
            .0
            .iter()
            .map(|schemes| {
                let each: Vec<String> =
                    schemes.iter().map(|s| format!("`{}` (`ClientBuilder::{}`)", s.name, s.method)).collect();
                each.join(" and ")
            })
            .collect();
        match alternatives.as_slice() {
            [one] => write!(f, "the operation takes the security scheme {one}, which is not configured"),
            _ => {
                write!(f, "the operation takes the security scheme {}; none is configured", alternatives.join(", or "))
            }
        }
    }
}

impl std::error::Error for MissingCredentials {}

impl Credentials {
    /// The credential a scheme uses: its own, or for a bearer token the default source.
    fn of(&self, scheme: &Scheme) -> Option<Credential> {
        match self.by_scheme.get(scheme.name) {
            Some(credential) => Some(credential.clone()),
            None if scheme.place == Place::Bearer => self.tokens.clone().map(Credential::Tokens),
            None => None,
        }
    }

    /// What to send for an operation. `None`: the spec does not say, and the default token
    /// source is asked when there is one (what the client did before it read schemes).
    pub async fn apply(
        &self,
        security: Option<Security>,
        rejected: &[(&'static str, Secret)],
    ) -> Result<Applied, BoxError> {
        let mut applied = Applied::default();
        let Some(alternatives) = security else {
            if let Some(tokens) = &self.tokens {
                let token = tokens.token(rejected.iter().find(|(s, _)| s.is_empty()).map(|(_, t)| t)).await?;
                applied.refreshable = tokens.can_refresh();
                applied.tokens.push(("", token.clone()));
                applied.bearer = Some(token);
            }
            return Ok(applied);
        };
        let chosen = alternatives.iter().find_map(|schemes| {
            let credentials: Option<Vec<(Scheme, Credential)>> =
                schemes.iter().map(|s| self.of(s).map(|c| (*s, c))).collect();
            credentials
        });
        let Some(chosen) = chosen else {
            // `[]` asks for nothing; an alternative `{}` is always configured, so this is an
            // operation whose schemes are all missing.
            return if alternatives.is_empty() { Ok(applied) } else { Err(Box::new(MissingCredentials(alternatives))) };
        };
        for (scheme, credential) in chosen {
            match (credential, scheme.place) {
                (Credential::Tokens(tokens), _) => {
                    let refused = rejected.iter().find(|(s, _)| *s == scheme.name).map(|(_, t)| t);
                    let token = tokens.token(refused).await?;
                    applied.refreshable |= tokens.can_refresh();
                    applied.tokens.push((scheme.name, token.clone()));
                    applied.bearer = Some(token);
                }
                (Credential::Basic { user, password }, _) => applied.basic = Some((user, password)),
                (Credential::Key(key), Place::Header(name)) => applied.headers.push((name, key)),
                (Credential::Key(key), Place::Query(name)) => applied.query.push((name, key)),
                (Credential::Key(key), Place::Cookie(name)) => applied.cookies.push((name, key)),
                (Credential::Key(key), Place::Bearer | Place::Basic) => applied.bearer = Some(key),
            }
        }
        Ok(applied)
    }
}

// What the generated builder methods configure a scheme with. A crate uses those of its spec's
// schemes only, hence `allow(dead_code)`.

/// A fixed bearer token.
#[allow(dead_code)]
pub(crate) fn token(token: Secret) -> Pending {
    Pending::Ready(Credential::Tokens(Arc::new(StaticToken::new(token))))
}

#[allow(dead_code)]
pub(crate) fn basic(user: Secret, password: Secret) -> Pending {
    Pending::Ready(Credential::Basic { user, password })
}

/// An API key, sent where its scheme says.
#[allow(dead_code)]
pub(crate) fn key(key: Secret) -> Pending {
    Pending::Ready(Credential::Key(key))
}

/// Tokens from OAuth2's client-credentials grant at `token_url`.
#[allow(dead_code)]
pub(crate) fn oauth2(token_url: &'static str, scopes: &'static [&'static str], id: Secret, secret: Secret) -> Pending {
    Pending::Login(Arc::new(move |client| {
        Box::pin(client_credentials(client, token_url, id.clone(), secret.clone(), scopes))
    }))
}

/// A login through one of the API's own operations.
#[allow(dead_code)]
pub(crate) fn login<F, Fut>(login: F) -> LoginFn
where
    F: Fn(Client) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Login, BoxError>> + Send + 'static,
{
    Arc::new(move |client| Box::pin(login(client)))
}

/// OAuth2's client-credentials grant (RFC 6749 §4.4): a form `grant_type=client_credentials`
/// (with the scopes, space-separated) posted to the token endpoint, the client authenticated
/// with HTTP basic (§2.3.1). The answer's `access_token` and `expires_in`, a number or a string of
/// one (without it, the token lives until the API refuses it). Sent as operations are, retries
/// included.
pub(crate) async fn client_credentials(
    client: Client,
    token_url: &'static str,
    id: Secret,
    secret: Secret,
    scopes: &'static [&'static str],
) -> Result<Login, BoxError> {
    let url = if token_url.starts_with("http://") || token_url.starts_with("https://") {
        token_url.to_string()
    } else {
        format!("{}/{}", client.base_url(), token_url.trim_start_matches('/'))
    };
    let form = {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if !scopes.is_empty() {
            form.append_pair("scope", &scopes.join(" "));
        }
        form.finish()
    };
    // §2.3.1: the id and secret are form-encoded before they are joined for basic.
    let encode =
        |s: &Secret| Secret::from(url::form_urlencoded::byte_serialize(s.expose().as_bytes()).collect::<String>());
    let prepared = Prepared {
        method: reqwest::Method::POST,
        template: token_url,
        url: Some(url),
        path: String::new(),
        query: Vec::new(),
        headers: vec![(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("application/json"))],
        cookies: Vec::new(),
        body: Some(Payload::Bytes {
            content_type: "application/x-www-form-urlencoded".into(),
            bytes: form.into_bytes(),
        }),
        timeout: None,
        // The endpoint takes the client's own id and secret, never the API's credentials.
        security: Some(&[]),
        basic: Some((encode(&id), encode(&secret))),
    };
    let answer = client.execute(&prepared).await.map_err(|failure| -> BoxError {
        match failure {
            Failure::Auth(error) => error,
            Failure::Transport(error) => {
                let error = error.without_url();
                Box::new(LoginFailed::new(None, format!("the request failed: {error}"), Some(Box::new(error))))
            }
        }
    })?;
    let status = reqwest::StatusCode::from_u16(answer.status()).unwrap_or(reqwest::StatusCode::OK);
    // The answer holds the token: only its `error` code is ever shown.
    let answer: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or_default();
    let field = |name: &str| answer.get(name).and_then(serde_json::Value::as_str);
    match (field("access_token"), field("error")) {
        (Some(token), _) if status.is_success() => {
            let lifetime = answer
                .get("expires_in")
                // A number, or a string of one (Azure AD's v1 endpoint).
                .and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()))
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .unwrap_or(Duration::from_secs(u32::MAX as u64));
            Ok(Login::new(token, lifetime))
        }
        (_, Some(error)) => {
            let reason =
                format!("the token endpoint answered {status}: {}", error.chars().take(64).collect::<String>());
            Err(Box::new(LoginFailed::new(Some(status.as_u16()), reason, None)))
        }
        _ => {
            let reason = format!("the token endpoint answered {status} without an access token");
            Err(Box::new(LoginFailed::new(Some(status.as_u16()), reason, None)))
        }
    }
}
