use std::fmt;
use std::time::Duration;

use super::BoxError;

/// What a call can fail with. `E` is the API's error body for the statuses the spec declares.
#[derive(Debug)]
pub enum Error<E> {
    /// The API answered with an error status that the spec declares; `body` is the parsed error.
    Api {
        status: u16,
        body: E,
        /// The `reqId` the API gave this request, to quote to its support.
        request_id: Option<String>,
        retry_after: Option<Duration>,
    },
    /// The API answered with a status the spec does not declare; the body is kept as received.
    UnexpectedStatus { status: u16, body: String, request_id: Option<String>, retry_after: Option<Duration> },
    /// The body does not match the type the spec declares.
    Decode {
        status: u16,
        /// The Rust type the body was parsed into.
        type_name: &'static str,
        /// Where in the JSON parsing stopped (`appConnection.credentials`).
        path: String,
        message: String,
        body: String,
    },
    /// The token source failed to give a token.
    Auth(BoxError),
    /// A path parameter that cannot be one segment of a URL (`""`, `.`, `..`); nothing was sent.
    InvalidParameter { name: &'static str, value: String },
    /// The request could not be sent or its response not read.
    Transport(reqwest::Error),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => {
                Some(*status)
            }
            Error::Transport(error) => error.status().map(|s| s.as_u16()),
            Error::Auth(_) | Error::InvalidParameter { .. } => None,
        }
    }

    /// The API's id for the failed request (`reqId` in Infisical's error body).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } | Error::UnexpectedStatus { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether sending the same request later may succeed: rate limiting, a gateway or server
    /// that is briefly unavailable, a connection that failed or timed out. It does not know the
    /// method: the client itself never replays a write after a timeout or a 5xx, and a caller's own
    /// retry loop should not either.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_connect() || error.is_timeout(),
            _ => matches!(self.status(), Some(429 | 502 | 503 | 504)),
        }
    }

    /// How long the server asked to wait before retrying (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } | Error::UnexpectedStatus { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, .. } => write!(f, "the API answered {status}: {body:?}"),
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "the API answered {status}, which it does not document: {body}")
            }
            Error::Decode { status, type_name, path, message, .. } => {
                write!(f, "the {status} response does not parse as {type_name} at `{path}`: {message}")
            }
            Error::Auth(error) => write!(f, "no token for the request: {error}"),
            Error::InvalidParameter { name, value } => {
                write!(f, "path parameter `{name}` cannot be {value:?}: it would change the URL's path")
            }
            Error::Transport(error) => write!(f, "the request failed: {error}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Auth(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}
