//! When a failed request is sent again: 429 on any method (the server did not process it), 502,
//! 503, 504 and connection errors on idempotent methods only, with jittered exponential backoff
//! that honours `Retry-After`. A write whose response timed out is never replayed.

use std::time::{Duration, SystemTime};

/// How often and how patiently to retry. On by default: two retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The backoff before the first retry; it doubles each time, with full jitter.
    pub initial_backoff: Duration,
    /// No wait is longer than this, whatever `Retry-After` asks.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// The wait before retry number `attempt` (0-based): `Retry-After` when the server sent one,
    /// else a random duration up to the exponential backoff. `None` when the server asks for a
    /// longer wait than `max_backoff`: retrying sooner would only be refused again, so the error
    /// (with its `retry_after`) goes back to the caller.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(wait) = retry_after {
            return (wait <= self.max_backoff).then_some(wait);
        }
        let ceiling = self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt)).min(self.max_backoff);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Some(Duration::from_millis(fastrand::u64(0..=millis)))
    }
}

/// Methods that may be sent twice with the same effect.
pub(crate) fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE].contains(method)
}

/// Whether a status is worth another try for this method.
pub(crate) fn is_retryable_status(status: u16, idempotent: bool) -> bool {
    status == 429 || (idempotent && matches!(status, 502..=504))
}

/// `Retry-After` as seconds or as an HTTP date.
pub(crate) fn parse_retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(parse_retry_after(&headers), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        headers.insert(reqwest::header::RETRY_AFTER, later.parse().unwrap());
        let wait = parse_retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120), "{wait:?}");
    }

    #[test]
    fn backoff_is_bounded() {
        let policy = RetryPolicy::default();
        for attempt in 0..40 {
            assert!(policy.delay(attempt, None).is_some_and(|d| d <= policy.max_backoff));
        }
        assert_eq!(policy.delay(0, Some(Duration::from_secs(3))), Some(Duration::from_secs(3)));
        assert_eq!(policy.delay(0, Some(Duration::from_secs(3600))), None, "too long a wait is not a retry");
    }

    #[test]
    fn only_safe_retries() {
        assert!(is_retryable_status(429, false));
        assert!(!is_retryable_status(503, false));
        assert!(is_retryable_status(503, true));
        assert!(!is_retryable_status(500, true));
    }
}
