//! Where the bearer token comes from: a fixed token, or a source asked before each request, so
//! that short-lived tokens (Infisical machine identities log in and get tokens that expire) are
//! refreshed without the caller's help.

use std::future::Future;
use std::pin::Pin;

use super::Secret;

/// Any error a token source can fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// Gives the client a bearer token before each request.
///
/// `refresh` is `true` when the API has just rejected the previous token with 401: fetch a new
/// one instead of returning a cached token. The client then retries the request once.
pub trait TokenSource: Send + Sync + 'static {
    fn token(&self, refresh: bool) -> TokenFuture<'_>;

    /// Whether asking again after a 401 can give another token. A fixed token cannot, so the
    /// client does not send the request twice for nothing.
    fn can_refresh(&self) -> bool {
        true
    }
}

/// A token that never changes.
#[derive(Clone, Debug)]
pub struct StaticToken(Secret);

impl StaticToken {
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenSource for StaticToken {
    fn token(&self, _refresh: bool) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn can_refresh(&self) -> bool {
        false
    }
}
