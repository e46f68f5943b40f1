//! The client's HTTP core: configuration, authentication and retries. A call (`call.rs`) prepares
//! a request; `execute` sends it, as often as the retry policy allows, and returns the final answer
//! with its body read.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
#[cfg(feature = "tracing")]
use std::time::Instant;

use super::retry::{is_idempotent, is_retryable_status, parse_retry_after};
use super::schemes::{Applied, Credentials, LoginFn, Pending, Security};
use super::{BoxError, Error, RenewingToken, RetryPolicy, Secret, StaticToken, TokenSource};

/// The API client. Cheap to clone: clones share one connection pool and its credentials.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    http: reqwest::Client,
    credentials: Credentials,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("bearer_token", &self.inner.credentials.tokens.is_some())
            .field("schemes", &self.inner.credentials.by_scheme.keys().collect::<Vec<_>>())
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Configures a client: `Client::builder().base_url(..).bearer_token(..).build()`.
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    tokens: Option<Arc<dyn TokenSource>>,
    /// A login whose token is the default bearer token, made a token source by `build`.
    login: Option<LoginFn>,
    /// Each scheme's credential, by the scheme's name.
    schemes: Vec<(&'static str, Pending)>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("bearer_token", &(self.tokens.is_some() || self.login.is_some()))
            .field("schemes", &self.schemes.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder for a client of the API at `base_url`.
    pub fn new(base_url: &str) -> Self {
        ClientBuilder {
            base_url: base_url.to_string(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            tokens: None,
            login: None,
            schemes: Vec::new(),
            retry: RetryPolicy::default(),
            http: None,
        }
    }

    /// The API's base URL (default: the spec's first server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The whole request's timeout, response included (default 60 s). A call can set its own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends `Authorization: Bearer <token>` to every operation that takes a bearer token (a
    /// scheme not configured with its own method) or whose spec names no scheme.
    pub fn bearer_token(self, token: impl Into<Secret>) -> Self {
        self.token_source(StaticToken::new(token))
    }

    /// Asks `source` for the bearer token (as [`bearer_token`](Self::bearer_token) sends it)
    /// before each request that takes one, and for a fresh one after a 401.
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.tokens = Some(Arc::new(source));
        self.login = None;
        self
    }

    /// The bearer token comes from `login`, renewed before it expires and after a 401, one login
    /// at a time; `login` gets a client of this API that sends no credentials.
    // Called by a login's method in `client.rs`, which only a crate with a login has.
    #[allow(dead_code)]
    pub(crate) fn login_with(mut self, login: LoginFn) -> Self {
        self.login = Some(login);
        self.tokens = None;
        self
    }

    /// Configures the scheme `name` (the generated per-scheme methods call this).
    #[allow(dead_code)]
    pub(crate) fn scheme(mut self, name: &'static str, credential: Pending) -> Self {
        self.schemes.retain(|(other, _)| *other != name);
        self.schemes.push((name, credential));
        self
    }

    /// How to retry (default: [`RetryPolicy::default`]; [`RetryPolicy::none`] turns it off).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sends requests through your own `reqwest::Client` (its timeouts, user agent and redirect
    /// policy apply instead of this builder's). Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`, as this builder's own is, for the redirects
    /// an operation declares to come back as its answers rather than be followed.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Result<Client, reqwest::Error> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                // A redirect the spec declares is the operation's answer (a login's `303` and its
                // cookie), and one it does not is an answer outside the contract like any other
                // status; reqwest decides per client, not per request, so it follows none.
                .redirect(reqwest::redirect::Policy::none())
                .build()?,
        };
        let base_url = self.base_url.trim_end_matches('/').to_string();
        // Logins call the API's own operations through a client that sends no credentials, so
        // that a login never waits for the token it is fetching.
        let plain = Client {
            inner: Arc::new(Inner {
                base_url: base_url.clone(),
                http: http.clone(),
                credentials: Credentials::default(),
                retry: self.retry.clone(),
            }),
        };
        let renewing = |login: LoginFn| -> Arc<dyn TokenSource> {
            let plain = plain.clone();
            Arc::new(RenewingToken::new(move || login(plain.clone())))
        };
        let mut credentials = Credentials { tokens: self.tokens, ..Credentials::default() };
        if let Some(login) = self.login {
            credentials.tokens = Some(renewing(login));
        }
        for (name, pending) in self.schemes {
            let credential = match pending {
                Pending::Ready(credential) => credential,
                Pending::Login(login) => super::schemes::Credential::Tokens(renewing(login)),
            };
            credentials.by_scheme.insert(name, credential);
        }
        Ok(Client { inner: Arc::new(Inner { base_url, http, credentials, retry: self.retry }) })
    }
}

/// A request ready to send, as often as retrying needs: everything is in memory.
#[derive(Clone)]
pub(crate) struct Prepared {
    pub method: reqwest::Method,
    /// The path as the spec writes it (`/secrets/{name}`): what traces show, never the values.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub template: &'static str,
    pub path: String,
    /// A whole URL, in place of the base URL and `path`: a token endpoint the spec names.
    pub url: Option<String>,
    /// The query's pairs, each with the parameter it belongs to.
    pub query: Vec<(&'static str, String, String)>,
    pub headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    /// Cookie parameters' pairs, each with its parameter: one `Cookie` header.
    pub cookies: Vec<(&'static str, String, String)>,
    pub body: Option<Payload>,
    pub timeout: Option<Duration>,
    /// The schemes the operation takes; `None` when its spec does not say.
    pub security: Option<Security>,
    /// HTTP basic credentials of the request's own (a token endpoint's client id and secret).
    pub basic: Option<(Secret, Secret)>,
}

/// A request's body, kept so that each attempt can send it again.
#[derive(Clone)]
pub(crate) enum Payload {
    /// JSON, a form or text: bytes in memory.
    Bytes {
        content_type: String,
        bytes: Vec<u8>,
    },
    /// A file or raw bytes, maybe a stream.
    File {
        content_type: String,
        file: super::File,
    },
    Multipart(Arc<Vec<super::body::Part>>),
}

impl Payload {
    /// A stream is sent once: a request that holds one is never sent again.
    fn streams(&self) -> bool {
        match self {
            Payload::Bytes { .. } => false,
            Payload::File { file, .. } => file.is_stream(),
            Payload::Multipart(parts) => parts.iter().any(super::body::Part::is_stream),
        }
    }
}

/// The final answer to a request, its body read.
#[doc(hidden)]
pub struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    /// The status, for decoders that read a body by it.
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// Why a request got no answer: no credentials, or the transport failed. Not generic over the
/// API's error type, so that sending is compiled once for the crate, not once per error type.
pub(crate) enum Failure {
    Auth(BoxError),
    Transport(reqwest::Error),
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Auth(error) => Error::Auth(error),
            Failure::Transport(error) => Error::from(error),
        }
    }
}

/// Sending's future, boxed: a call's future holds this, and the compiler need not prove anew,
/// for each future that awaits it, that everything reqwest holds across an await is `Send`.
pub(crate) type Sending<'a, T> = Pin<Box<dyn Future<Output = Result<T, Failure>> + Send + 'a>>;

/// What `execute` gives back: the answer with its body read, or, for a download, a success
/// whose body is still to come.
pub(crate) enum Outcome {
    Read(Answer),
    Streaming(reqwest::Response),
}

impl Client {
    /// A client with default settings (timeouts, retries, no token). Panics only where
    /// `reqwest::Client::new` does: when the TLS backend cannot start.
    pub fn new(base_url: impl Into<String>) -> Self {
        match ClientBuilder::new(&base_url.into()).build() {
            Ok(client) => client,
            Err(error) => panic!("the HTTP client cannot start: {error}"),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    fn attempt(&self, prepared: &Prepared, auth: &Applied) -> reqwest::RequestBuilder {
        let mut url = match &prepared.url {
            Some(url) => url.clone(),
            None => format!("{}{}", self.inner.base_url, prepared.path),
        };
        if !prepared.query.is_empty() || !auth.query.is_empty() {
            // As reqwest's `query` would (its feature pulls serde_urlencoded in for this alone).
            let keys = auth.query.iter().map(|(key, value)| (*key, value.expose()));
            let pairs = prepared.query.iter().map(|(_, key, value)| (key.as_str(), value.as_str())).chain(keys);
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish());
        }
        let mut request = self.inner.http.request(prepared.method.clone(), url);
        for (name, value) in &prepared.headers {
            request = request.header(name, value);
        }
        for (name, key) in &auth.headers {
            if let Ok(mut value) = reqwest::header::HeaderValue::from_str(key.expose()) {
                value.set_sensitive(true);
                request = request.header(*name, value);
            }
        }
        if !prepared.cookies.is_empty() || !auth.cookies.is_empty() {
            let keys = auth.cookies.iter().map(|(key, value)| format!("{key}={}", value.expose()));
            let cookie: Vec<String> =
                prepared.cookies.iter().map(|(_, key, value)| format!("{key}={value}")).chain(keys).collect();
            if let Ok(mut value) = reqwest::header::HeaderValue::from_str(&cookie.join("; ")) {
                value.set_sensitive(true);
                request = request.header(reqwest::header::COOKIE, value);
            }
        }
        match &prepared.body {
            Some(Payload::Bytes { content_type, bytes }) => {
                request = request.header(reqwest::header::CONTENT_TYPE, content_type.as_str()).body(bytes.clone());
            }
            Some(Payload::File { content_type, file }) => {
                let content_type = file.content_type().unwrap_or(content_type);
                request = request.header(reqwest::header::CONTENT_TYPE, content_type);
                // A stream already sent has nothing left: the attempt goes out without a body,
                // and `execute` never makes such a second attempt.
                if let Some(body) = file.body() {
                    request = request.body(body);
                }
            }
            Some(Payload::Multipart(parts)) => {
                if let Some(form) = super::body::multipart_form(parts) {
                    request = request.multipart(form);
                }
            }
            None => {}
        }
        if let Some(timeout) = prepared.timeout {
            request = request.timeout(timeout);
        }
        if let Some(token) = &auth.bearer {
            request = request.bearer_auth(token.expose());
        }
        if let Some((user, password)) = auth.basic.as_ref().or(prepared.basic.as_ref()) {
            request = request.basic_auth(user.expose(), Some(password.expose()));
        }
        request
    }

    /// Sends with authentication and retries, and returns the final answer.
    pub(crate) fn execute<'a>(&'a self, prepared: &'a Prepared) -> Sending<'a, Answer> {
        Box::pin(async move {
            match send_with_retries(self, prepared, false).await? {
                Outcome::Read(answer) => Ok(answer),
                Outcome::Streaming(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    let body = response.bytes().await.map_err(Failure::Transport)?;
                    Ok(Answer { status, headers, body: body.to_vec() })
                }
            }
        })
    }

    /// Sends with authentication and retries; a success is returned before its body is read when
    /// `stream` says so (a download), anything else with its body.
    pub(crate) fn send<'a>(&'a self, prepared: &'a Prepared, stream: bool) -> Sending<'a, Outcome> {
        Box::pin(send_with_retries(self, prepared, stream))
    }
}

/// One request, retried as the policy allows: `Client::send`'s work, outside `impl Client` so that
/// no name of it can meet an operation's.
async fn send_with_retries(client: &Client, prepared: &Prepared, stream: bool) -> Result<Outcome, Failure> {
    let idempotent = is_idempotent(&prepared.method);
    // A streamed body cannot be sent twice: no retry, no second try after a 401.
    let once = prepared.body.as_ref().is_some_and(Payload::streams);
    let no_retries = RetryPolicy::none();
    let retry = if once { &no_retries } else { &client.inner.retry };
    let mut attempt = 0;
    let mut refreshed = false;
    // The tokens the API answered 401 to, for their sources to replace.
    let mut rejected: Vec<(&'static str, Secret)> = Vec::new();
    loop {
        let auth = client.inner.credentials.apply(prepared.security, &rejected).await.map_err(Failure::Auth)?;
        rejected = Vec::new();
        let can_retry = attempt < retry.max_retries;
        #[cfg(feature = "tracing")]
        let (span, started) = (trace::span(prepared, attempt), Instant::now());
        let sent = client.attempt(prepared, &auth).send();
        #[cfg(feature = "tracing")]
        let sent = tracing::Instrument::instrument(sent, span.clone());
        let outcome = match sent.await {
            Ok(response) => {
                let status = response.status().as_u16();
                #[cfg(feature = "tracing")]
                trace::answered(&span, status, response.headers(), started);
                if status == 401 && auth.refreshable && !once && !refreshed {
                    refreshed = true;
                    rejected = auth.tokens;
                    continue;
                }
                let retryable = can_retry && is_retryable_status(status, idempotent);
                if let Some(wait) =
                    retryable.then(|| retry.delay(attempt, parse_retry_after(response.headers()))).flatten()
                {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    continue;
                }
                if stream && (200..300).contains(&status) {
                    return Ok(Outcome::Streaming(response));
                }
                let headers = response.headers().clone();
                // A body cut short is a failed attempt like any other: it may be retried.
                response.bytes().await.map(|body| Answer { status, headers, body: body.to_vec() })
            }
            Err(error) => Err(error),
        };
        match outcome {
            Ok(answer) => return Ok(Outcome::Read(answer)),
            Err(error) => {
                #[cfg(feature = "tracing")]
                trace::failed(&span, &error, started);
                // After a timeout a write may have been applied: only idempotent requests go again.
                let transient =
                    can_retry && idempotent && (error.is_connect() || error.is_timeout() || error.is_body());
                if let Some(wait) = transient.then(|| retry.delay(attempt, None)).flatten() {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                    continue;
                }
                return Err(Failure::Transport(error));
            }
        }
    }
}

/// One span per attempt, with what is safe to show: method, path template, attempt, status,
/// request id and duration. Never a header value, a parameter or a body.
#[cfg(feature = "tracing")]
mod trace {
    use std::time::Instant;

    use super::Prepared;

    pub(super) fn span(prepared: &Prepared, attempt: u32) -> tracing::Span {
        tracing::info_span!(
            "request",
            method = %prepared.method,
            path = prepared.template,
            attempt,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        )
    }

    pub(super) fn answered(span: &tracing::Span, status: u16, headers: &reqwest::header::HeaderMap, started: Instant) {
        span.record("status", status);
        if let Some(id) = super::super::error::header_request_id(headers) {
            span.record("request_id", id);
        }
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        tracing::info!(parent: span, status, "answered");
    }

    pub(super) fn failed(span: &tracing::Span, error: &reqwest::Error, started: Instant) {
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        let kind = if error.is_timeout() {
            "timeout"
        } else if error.is_connect() {
            "connect"
        } else {
            "transport"
        };
        tracing::warn!(parent: span, kind, "failed");
    }
}
