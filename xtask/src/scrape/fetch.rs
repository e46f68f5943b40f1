//! HTTP for `scrape`: one blocking GET with connect and read timeouts, retried with exponential
//! backoff when the failure may pass (a timeout, a dropped connection, a body cut short, 408, 429,
//! 5xx), given up at once when it will not (404, a TLS or URL error). Every failure comes back as a
//! sentence a user can act on.

use std::io::Read as _;
use std::time::Duration;

use url::Url;

/// A page is a few dozen kilobytes; anything near this is not a documentation page.
const MAX_BODY: u64 = 16 * 1024 * 1024;

/// A server's `Retry-After` is honoured up to this, so one page cannot stall the run.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Connect timeout, and the longest wait for any read (headers or the next piece of the body).
    pub timeout: Duration,
    /// Attempts after the first, on transient failures only.
    pub retries: u32,
    /// The wait before the first retry, doubled before each next one.
    pub backoff: Duration,
}

pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
}

/// One failed attempt: why, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Attempt {
    reason: String,
    transient: bool,
    retry_after: Option<Duration>,
}

impl Attempt {
    fn transient(reason: String) -> Self {
        Attempt { reason, transient: true, retry_after: None }
    }

    fn permanent(reason: String) -> Self {
        Attempt { reason, transient: false, retry_after: None }
    }
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(options.timeout))
            .timeout_per_read(Some(options.timeout))
            // Statuses are ours to judge (404 is final, 503 is worth a retry), not errors.
            .http_status_as_error(false)
            .user_agent(concat!("infisical-sdk-gen-scrape/", env!("CARGO_PKG_VERSION")))
            .build();
        Fetcher { agent: config.new_agent(), options }
    }

    /// The body of `url`, or why it could not be had after the allowed attempts.
    pub fn get(&self, url: &Url) -> Result<Vec<u8>, String> {
        let attempts = self.options.retries + 1;
        let mut delay = self.options.backoff;
        let mut attempt = 1;
        loop {
            let failure = match self.attempt(url) {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            if !failure.transient || attempt >= attempts {
                return Err(match attempt {
                    1 => failure.reason,
                    n => format!("{} (after {n} attempts)", failure.reason),
                });
            }
            std::thread::sleep(failure.retry_after.map_or(delay, |wait| wait.min(MAX_RETRY_AFTER)));
            delay = delay.saturating_mul(2);
            attempt += 1;
        }
    }

    fn attempt(&self, url: &Url) -> Result<Vec<u8>, Attempt> {
        let mut response = self.agent.get(url.as_str()).call().map_err(|e| request_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            let reason = format!("HTTP {status}");
            let transient = status.is_server_error() || matches!(status.as_u16(), 408 | 429);
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Attempt { reason, transient, retry_after });
        }
        let expected = response.body().content_length();
        let mut body = Vec::new();
        let mut reader = response.body_mut().with_config().limit(MAX_BODY).reader();
        if let Err(e) = reader.read_to_end(&mut body) {
            if body.len() as u64 >= MAX_BODY {
                return Err(Attempt::permanent(format!("the body is larger than {MAX_BODY} bytes: not a page")));
            }
            let of = expected.map(|n| format!(" of {n}")).unwrap_or_default();
            return Err(Attempt::transient(format!(
                "the body was cut short: {} byte(s){of} arrived ({e})",
                body.len()
            )));
        }
        Ok(body)
    }
}

fn request_error(error: &ureq::Error) -> Attempt {
    use ureq::Error as E;
    match error {
        E::Timeout(_) => Attempt::transient(format!("no answer in time ({error})")),
        E::Io(_) | E::ConnectionFailed | E::HostNotFound | E::Protocol(_) => {
            Attempt::transient(format!("connection failed ({error})"))
        }
        _ => Attempt::permanent(format!("request failed ({error})")),
    }
}
