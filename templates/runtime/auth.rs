//! Where the bearer token comes from: a fixed token, a source of your own asked before each
//! request, or [`RenewingToken`], which logs in by itself and logs in again before the token
//! expires (Infisical's machine identities log in and get tokens that expire).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::Secret;

/// Any error a token source can fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// Gives the client a bearer token before each request.
///
/// `rejected` is the token the API has just answered 401 to, when it has: give another one. The
/// client then sends the request once more. Many calls may be rejected with the same token at
/// once; a source that caches compares `rejected` with what it holds and renews only once.
pub trait TokenSource: Send + Sync + 'static {
    fn token<'a>(&'a self, rejected: Option<&'a Secret>) -> TokenFuture<'a>;

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
    fn token<'a>(&'a self, _rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn can_refresh(&self) -> bool {
        false
    }
}

/// What a login gives: a token and how long it lives.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Login {
    pub token: Secret,
    pub expires_in: Duration,
}

impl Login {
    pub fn new(token: impl Into<Secret>, expires_in: Duration) -> Self {
        Login { token: token.into(), expires_in }
    }
}

/// A login that gave no token: the API refused it (its status and what it said), or it could not
/// be sent. Calls fail with it in [`Error::Auth`](super::Error::Auth); its texts never hold a
/// credential.
#[derive(Debug)]
#[non_exhaustive]
pub struct LoginFailed {
    /// The status of the login's answer, when the API answered.
    pub status: Option<u16>,
    /// What went wrong: the API's answer as [`Error`](super::Error) shows it, or the transport's.
    pub reason: String,
    source: Option<BoxError>,
}

impl LoginFailed {
    pub(crate) fn new(status: Option<u16>, reason: String, source: Option<BoxError>) -> Self {
        LoginFailed { status, reason, source }
    }
}

impl std::fmt::Display for LoginFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(_) => write!(f, "the login was refused: {}", self.reason),
            None => write!(f, "the login failed: {}", self.reason),
        }
    }
}

impl std::error::Error for LoginFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e.as_ref() as &(dyn std::error::Error + 'static))
    }
}

/// A login operation's failure as [`LoginFailed`]: an answer's status and texts, or the
/// transport's error.
#[allow(dead_code)]
pub(crate) fn login_failed<E>(error: super::Error<E>) -> BoxError
where
    E: super::ErrorBody + std::fmt::Debug + Send + Sync + 'static,
{
    let status = match &error {
        super::Error::Api { status, .. } | super::Error::Decode { status, .. } => Some(*status),
        _ => None,
    };
    // A login that never had credentials to send has no answer: that error says so itself.
    if let super::Error::Auth(inner) = error {
        return inner;
    }
    Box::new(LoginFailed::new(status, error.to_string(), Some(Box::new(error))))
}

type LoginFn = dyn Fn() -> Pin<Box<dyn Future<Output = Result<Login, BoxError>> + Send>> + Send + Sync;

/// A token source that logs in with your function, keeps the token, and logs in again a margin
/// before it expires, or when the API rejects it. However many calls wait for a token, one login
/// runs at a time, and the others get its token. The crate's README shows one with a login.
#[derive(Clone)]
pub struct RenewingToken {
    login: Arc<LoginFn>,
    margin: Option<Duration>,
    /// The token and when to renew it. The lock is held while logging in: that is the single flight.
    current: Arc<tokio::sync::Mutex<Option<(Secret, Instant)>>>,
}

impl std::fmt::Debug for RenewingToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenewingToken").field("margin", &self.margin).finish_non_exhaustive()
    }
}

impl RenewingToken {
    /// A source that calls `login` for its first token and for each renewal.
    pub fn new<F, Fut>(login: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Login, BoxError>> + Send + 'static,
    {
        let login: Arc<LoginFn> = Arc::new(move || Box::pin(login()));
        RenewingToken { login, margin: None, current: Arc::default() }
    }

    /// How long before expiry to log in again. Default: a fifth of the token's life, at most a
    /// minute.
    pub fn margin(mut self, margin: Duration) -> Self {
        self.margin = Some(margin);
        self
    }

    fn renew_at(&self, now: Instant, expires_in: Duration) -> Instant {
        let margin = self.margin.unwrap_or_else(|| (expires_in / 5).min(Duration::from_secs(60)));
        // A lifetime too long for the clock is a token that lives until the API refuses it.
        now.checked_add(expires_in.saturating_sub(margin)).unwrap_or_else(|| now + Duration::from_secs(1 << 32))
    }
}

impl TokenSource for RenewingToken {
    fn token<'a>(&'a self, rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            if let Some((token, renew_at)) = current.as_ref() {
                let fresh = Instant::now() < *renew_at;
                let refused = rejected.is_some_and(|r| r == token);
                if fresh && !refused {
                    return Ok(token.clone());
                }
            }
            let login = (self.login)().await?;
            let renew_at = self.renew_at(Instant::now(), login.expires_in);
            *current = Some((login.token.clone(), renew_at));
            Ok(login.token)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::{Login, RenewingToken, TokenSource};

    fn counting(lifetime: Duration) -> (RenewingToken, Arc<AtomicUsize>) {
        let logins = Arc::new(AtomicUsize::new(0));
        let counter = logins.clone();
        let source = RenewingToken::new(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok(Login::new(format!("token-{n}"), lifetime))
            }
        });
        (source, logins)
    }

    #[tokio::test]
    async fn a_hundred_waiting_calls_cause_one_login() {
        let (source, logins) = counting(Duration::from_secs(3600));
        let source = Arc::new(source);
        let calls = (0..100).map(|_| {
            let source = source.clone();
            tokio::spawn(async move { source.token(None).await.unwrap().expose().to_string() })
        });
        for call in calls {
            assert_eq!(call.await.unwrap(), "token-1");
        }
        assert_eq!(logins.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn the_token_is_renewed_once_a_margin_before_it_expires() {
        let (source, logins) = counting(Duration::from_secs(100));
        assert_eq!(source.token(None).await.unwrap().expose(), "token-1");
        tokio::time::advance(Duration::from_secs(79)).await;
        assert_eq!(source.token(None).await.unwrap().expose(), "token-1", "still fresh");
        tokio::time::advance(Duration::from_secs(2)).await;
        let (a, b) = tokio::join!(source.token(None), source.token(None));
        assert_eq!((a.unwrap().expose(), b.unwrap().expose()), ("token-2", "token-2"));
        assert_eq!(logins.load(Ordering::SeqCst), 2);
    }

    /// A login that says nothing of expiry gives `Duration::MAX`, which no clock can add.
    #[tokio::test]
    async fn a_token_that_lives_forever_is_kept_without_overflowing_the_clock() {
        let (source, logins) = counting(Duration::MAX);
        assert_eq!(source.token(None).await.unwrap().expose(), "token-1");
        assert_eq!(source.token(None).await.unwrap().expose(), "token-1");
        assert_eq!(logins.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_rejected_token_is_renewed_once_however_many_calls_saw_it_rejected() {
        let (source, logins) = counting(Duration::from_secs(3600));
        let stale = source.token(None).await.unwrap();
        let (a, b) = tokio::join!(source.token(Some(&stale)), source.token(Some(&stale)));
        assert_eq!((a.unwrap().expose(), b.unwrap().expose()), ("token-2", "token-2"));
        assert_eq!(logins.load(Ordering::SeqCst), 2);
    }
}
