//! The client's HTTP core: configuration, authentication, retries, and reading responses by
//! status. The generated `client.rs` adds one method per operation on top.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::retry::{is_idempotent, is_retryable_status, parse_retry_after};
use super::{Error, RetryPolicy, Secret, StaticToken, TokenSource};

/// The API client. Cheap to clone: clones share one connection pool and one token source.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    http: reqwest::Client,
    tokens: Option<Arc<dyn TokenSource>>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("authenticated", &self.inner.tokens.is_some())
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Configures a client: `Client::builder().base_url(..).bearer_token(..).build()`.
pub struct ClientBuilder {
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    tokens: Option<Arc<dyn TokenSource>>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    #[doc(hidden)]
    pub fn new(base_url: &str) -> Self {
        ClientBuilder {
            base_url: base_url.to_string(),
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            tokens: None,
            retry: RetryPolicy::default(),
            http: None,
        }
    }

    /// The API's base URL (default: the spec's first server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The whole request's timeout, response included (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn bearer_token(self, token: impl Into<Secret>) -> Self {
        self.token_source(StaticToken(token.into()))
    }

    /// Asks `source` for the token before each request, and for a fresh one after a 401.
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.tokens = Some(Arc::new(source));
        self
    }

    /// How to retry (default: [`RetryPolicy::default`]; [`RetryPolicy::none`] turns it off).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sends requests through your own `reqwest::Client` (its timeouts and user agent apply
    /// instead of this builder's).
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
                .build()?,
        };
        let base_url = self.base_url.trim_end_matches('/').to_string();
        Ok(Client { inner: Arc::new(Inner { base_url, http, tokens: self.tokens, retry: self.retry }) })
    }
}

/// A response whose status the caller decides about.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
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

    #[doc(hidden)]
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.inner.http.request(method, format!("{}{}", self.inner.base_url, path))
    }

    /// Sends with authentication and retries, and returns the final answer.
    async fn execute<E>(&self, method: &reqwest::Method, request: reqwest::RequestBuilder) -> Result<Answer, Error<E>> {
        let idempotent = is_idempotent(method);
        let retry = &self.inner.retry;
        let mut attempt = 0;
        let mut refreshed = false;
        let mut refresh = false;
        loop {
            // A JSON body is in memory, so every attempt can send the same request again.
            let Some(mut this_try) = request.try_clone() else {
                return self.send_once(request).await;
            };
            if let Some(tokens) = &self.inner.tokens {
                let token = tokens.token(refresh).await.map_err(Error::Auth)?;
                this_try = this_try.bearer_auth(token.expose());
            }
            refresh = false;
            let can_retry = attempt < retry.max_retries;
            match this_try.send().await {
                Err(error) => {
                    // After a timeout a write may have been applied: only idempotent requests go again.
                    let transient = can_retry && idempotent && (error.is_connect() || error.is_timeout());
                    if let Some(wait) = transient.then(|| retry.delay(attempt, None)).flatten() {
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::Transport(error));
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    let refreshable = self.inner.tokens.as_ref().is_some_and(|t| t.can_refresh());
                    if status == 401 && refreshable && !refreshed {
                        refreshed = true;
                        refresh = true;
                        continue;
                    }
                    let retryable = can_retry && is_retryable_status(status, idempotent);
                    if let Some(wait) = retryable.then(|| retry.delay(attempt, parse_retry_after(response.headers()))).flatten() {
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    let headers = response.headers().clone();
                    let body = response.text().await.map_err(Error::Transport)?;
                    return Ok(Answer { status, headers, body });
                }
            }
        }
    }

    async fn send_once<E>(&self, request: reqwest::RequestBuilder) -> Result<Answer, Error<E>> {
        let response = request.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.map_err(Error::Transport)?;
        Ok(Answer { status, headers, body })
    }

    /// Sends, and sorts the answer: a success for the caller, or an error by status.
    async fn answer<E: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        request: reqwest::RequestBuilder,
        declared_errors: &[u16],
    ) -> Result<Answer, Error<E>> {
        let answer = self.execute(&method, request).await?;
        if (200..300).contains(&answer.status) {
            return Ok(answer);
        }
        let Answer { status, headers, body } = answer;
        let request_id = request_id(&headers, &body);
        let retry_after = parse_retry_after(&headers);
        if declared_errors.contains(&status) {
            let parsed = decode::<E, E>(status, body, std::any::type_name::<E>())?;
            return Err(Error::Api { status, body: parsed, request_id, retry_after });
        }
        Err(Error::UnexpectedStatus { status, body, request_id, retry_after })
    }

    /// Sends a request whose success response is JSON of type `T`.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        request: reqwest::RequestBuilder,
        type_name: &'static str,
        declared_errors: &[u16],
    ) -> Result<T, Error<E>> {
        let answer = self.answer(method, request, declared_errors).await?;
        decode(answer.status, answer.body, type_name)
    }

    /// Sends a request whose success response has no body we read.
    #[doc(hidden)]
    pub async fn send_no_content<E: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        request: reqwest::RequestBuilder,
        declared_errors: &[u16],
    ) -> Result<(), Error<E>> {
        self.answer(method, request, declared_errors).await.map(|_| ())
    }
}

/// The request id from the error body (`reqId`), else from an `x-request-id` header.
fn request_id(headers: &reqwest::header::HeaderMap, body: &str) -> Option<String> {
    let from_body = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("reqId").and_then(|id| id.as_str()).map(str::to_string));
    from_body.or_else(|| headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string))
}

fn decode<T: DeserializeOwned, E>(status: u16, body: String, type_name: &'static str) -> Result<T, Error<E>> {
    let deserializer = &mut serde_json::Deserializer::from_str(&body);
    match serde_path_to_error::deserialize(deserializer) {
        Ok(value) => Ok(value),
        Err(error) => Err(Error::Decode {
            status,
            type_name,
            path: error.path().to_string(),
            message: error.inner().to_string(),
            body,
        }),
    }
}
