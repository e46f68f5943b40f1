//! What a call can fail with, and the one rule for what an error shows: the status, the API's
//! `error` and `message` texts, the request id and where parsing stopped, never a body or a value
//! from it. Bodies are kept for code that asks for them ([`RawBody`]); serde's messages, which
//! quote the offending value, are shown with the value left out ([`SafeMessage`]).

use std::fmt;
use std::time::Duration;

use super::BoxError;
use super::transport::Answer;

/// What a call can fail with. `E` is the API's error body.
///
/// `Debug` shows what `Display` does of an answer (status, the API's kind and message, request
/// id) beside the parsed body, so that `main` returning `Result<(), Box<dyn Error>>` says why.
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with a status that is not a success. `body` is the answer parsed as the
    /// API's error type, when it parses as one (whatever statuses the spec lists).
    #[non_exhaustive]
    Api {
        status: u16,
        body: Option<E>,
        /// The API's id for the request (`reqId` in the body, or an `x-request-id` or
        /// `request-id` header), to quote to its support.
        request_id: Option<String>,
        /// How long the server asked to wait before retrying (`Retry-After`).
        retry_after: Option<Duration>,
        /// The answer's body as received.
        raw: RawBody,
    },
    /// A success whose body does not match the type the spec declares.
    #[non_exhaustive]
    Decode {
        status: u16,
        /// The Rust type the body was parsed into.
        type_name: &'static str,
        /// Where in the JSON parsing stopped (`appConnection.credentials`).
        path: String,
        message: SafeMessage,
        body: RawBody,
    },
    /// The token source failed to give a token.
    Auth(BoxError),
    /// A parameter or body that cannot be sent as it is (a path parameter `""`, `.` or `..`, a
    /// header value with a line break); nothing was sent.
    #[non_exhaustive]
    InvalidRequest { parameter: &'static str, reason: String },
    /// The request could not be sent or its response not read (the error leaves out the URL).
    Transport(reqwest::Error),
}

impl<E: serde::de::DeserializeOwned> Error<E> {
    pub(crate) fn from_answer(answer: Answer) -> Self {
        let Answer { status, headers, body } = answer;
        let request_id = body_request_id(&body).or_else(|| header_request_id(&headers).map(str::to_string));
        let retry_after = super::retry::parse_retry_after(&headers);
        let parsed = serde_json::from_slice::<E>(&body).ok();
        Error::Api { status, body: parsed, request_id, retry_after, raw: RawBody::new(body) }
    }
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport(error) => error.status().map(|s| s.as_u16()),
            Error::Auth(_) | Error::InvalidRequest { .. } => None,
        }
    }

    /// The API's error body, when the answer parsed as one.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => body.as_ref(),
            _ => None,
        }
    }

    /// The API's id for the failed request.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => request_id.as_deref(),
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
            Error::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl<E: ErrorBody> Error<E> {
    /// The kind of error the API named (`NotFound`, `ValidationFailure`): the error body's
    /// `error` text, also when the body does not fit the error type the spec declares.
    pub fn kind(&self) -> Option<String> {
        let Error::Api { body, raw, .. } = self else { return None };
        body.as_ref().and_then(ErrorBody::error).map(str::to_string).or_else(|| kind_of(&json_of(raw)?))
    }

    /// The API's explanation, for a person: the error body's `message` text, or the first texts
    /// of its list of messages (`name: Required; ttl: Expected number`), also when the body does
    /// not fit the error type the spec declares.
    pub fn message(&self) -> Option<String> {
        let Error::Api { body, raw, .. } = self else { return None };
        body.as_ref().and_then(ErrorBody::message).map(str::to_string).or_else(|| message_of(&json_of(raw)?))
    }
}

fn json_of(raw: &RawBody) -> Option<serde_json::Value> {
    serde_json::from_slice(raw.as_bytes()).ok()
}

fn kind_of(body: &serde_json::Value) -> Option<String> {
    ["error", "code", "title"].iter().find_map(|key| Some(body.get(key)?.as_str()?.to_string()))
}

/// How many of a list of messages an error shows.
const MESSAGES_SHOWN: usize = 3;

/// A body's message: a text, or a list of texts or of objects with one (`message` or `msg`, after
/// the `path` or `loc` of names it is about), as validators answer.
fn message_of(body: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let keys = ["message", "detail", "error_description", "errors"];
    let value = keys.iter().find_map(|key| body.get(key).filter(|v| v.is_string() || v.is_array()))?;
    let items = match value {
        Value::String(text) => return Some(text.clone()),
        Value::Array(items) => items,
        _ => return None,
    };
    let texts: Vec<String> = items
        .iter()
        .filter_map(|item| {
            if let Some(text) = item.as_str() {
                return Some(text.to_string());
            }
            let text = ["message", "msg"].iter().find_map(|key| item.get(key)?.as_str())?;
            let place = ["path", "loc"].iter().find_map(|key| item.get(key)?.as_array()).map(|segments| {
                segments
                    .iter()
                    .filter_map(|s| s.as_str().map(str::to_string).or_else(|| s.as_u64().map(|n| n.to_string())))
            });
            match place.map(|segments| segments.collect::<Vec<_>>().join(".")).filter(|p| !p.is_empty()) {
                Some(place) => Some(format!("{place}: {text}")),
                None => Some(text.to_string()),
            }
        })
        .collect();
    let shown = texts.iter().take(MESSAGES_SHOWN).cloned().collect::<Vec<_>>().join("; ");
    match texts.len() {
        0 => None,
        n if n > MESSAGES_SHOWN => Some(format!("{shown}; and {} more", n - MESSAGES_SHOWN)),
        _ => Some(shown),
    }
}

/// What an error shows of the API's error body: its short texts. Implemented for the generated
/// error types (from their `error` and `message` fields, when the spec makes them strings) and for
/// any JSON.
pub trait ErrorBody {
    /// The kind of error (`Not Found`, `ValidationFailure`).
    fn error(&self) -> Option<&str> {
        None
    }

    /// The API's explanation, for a person.
    fn message(&self) -> Option<&str> {
        None
    }
}

impl ErrorBody for super::Json {
    fn error(&self) -> Option<&str> {
        ["error", "code", "title"].iter().find_map(|key| self.get(key)?.as_str())
    }

    fn message(&self) -> Option<&str> {
        ["message", "detail", "error_description"].iter().find_map(|key| self.get(key)?.as_str())
    }
}

/// Longer texts are cut, so that an error stays one readable line.
const TEXT_LIMIT: usize = 300;

fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(TEXT_LIMIT) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

impl<E: ErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, request_id, .. } => {
                let reason = reqwest::StatusCode::from_u16(*status).ok().and_then(|s| s.canonical_reason());
                write!(f, "the API answered {status}")?;
                if let Some(reason) = reason {
                    write!(f, " {reason}")?;
                }
                let texts: Vec<String> = [self.kind(), self.message()]
                    .into_iter()
                    .flatten()
                    .filter(|t| Some(t.as_str()) != reason)
                    .map(|t| short(&t))
                    .collect();
                if !texts.is_empty() {
                    write!(f, ": {}", texts.join(": "))?;
                }
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
            Error::Decode { status, type_name, path, message, .. } => {
                write!(f, "the {status} response does not parse as `{type_name}` at `{path}`: {message}")
            }
            // A login's failure says what the API answered to it.
            Error::Auth(error) if error.is::<super::LoginFailed>() => write!(f, "{error}"),
            Error::Auth(error) => write!(f, "no credentials for the request: {error}"),
            Error::InvalidRequest { parameter, reason } => write!(f, "`{parameter}` {reason}; nothing was sent"),
            Error::Transport(error) => write!(f, "the request failed: {error}"),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body, request_id, retry_after, raw } => f
                .debug_struct("Api")
                .field("status", status)
                // The answer's texts `Display` shows, also when the spec types them loosely
                // (`message: {}`), where `body`'s own `Debug` shows only what kind of value they are.
                .field("kind", &json_of(raw).as_ref().and_then(kind_of).map(|t| short(&t)))
                .field("message", &json_of(raw).as_ref().and_then(message_of).map(|t| short(&t)))
                .field("request_id", request_id)
                .field("retry_after", retry_after)
                .field("body", body)
                .field("raw", raw)
                .finish(),
            Error::Decode { status, type_name, path, message, body } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("type_name", type_name)
                .field("path", path)
                .field("message", message)
                .field("body", body)
                .finish(),
            Error::Auth(error) => f.debug_tuple("Auth").field(error).finish(),
            Error::InvalidRequest { parameter, reason } => {
                f.debug_struct("InvalidRequest").field("parameter", parameter).field("reason", reason).finish()
            }
            Error::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
        }
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Auth(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(error: reqwest::Error) -> Self {
        // A URL carries path and query values, which may be anything the caller passed.
        Error::Transport(error.without_url())
    }
}

/// A body as received. Its `Debug` shows only its length: it may hold anything, credentials too.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody(Vec<u8>);

impl RawBody {
    pub(crate) fn new(bytes: Vec<u8>) -> Self {
        RawBody(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The body as text, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody({} bytes)", self.0.len())
    }
}

/// serde's message about a body that does not parse. serde quotes the value it met
/// (`invalid type: string "s3cr3t", expected f64`); `Display` and `Debug` show the kind of value
/// instead (`invalid type: a string, expected f64`). [`SafeMessage::unredacted`] has the original.
#[derive(Clone, PartialEq, Eq)]
pub struct SafeMessage {
    original: String,
    shown: String,
}

impl SafeMessage {
    pub(crate) fn new(original: String) -> Self {
        let shown = redact(&original);
        SafeMessage { original, shown }
    }

    /// serde's message as it was, value included.
    pub fn unredacted(&self) -> &str {
        &self.original
    }
}

impl fmt::Display for SafeMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for SafeMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.shown)
    }
}

/// serde_json's messages and what may be shown of them. Unknown forms keep only their first words
/// before any quote, so nothing quoted from the body can come through.
fn redact(message: &str) -> String {
    // "<message> at line L column C": the position is safe.
    let (text, position) = match message.rfind(" at line ") {
        Some(at) => (&message[..at], &message[at..]),
        None => (message, ""),
    };
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            let (unexpected, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
            let kind = unexpected.split([' ', '`', '"']).next().unwrap_or_default();
            let expected = if expected.contains(['"', '`']) { "another value" } else { expected };
            return format!("{prefix}{}, expected {expected}{position}", article(kind));
        }
    }
    if let Some(rest) = text.strip_prefix(super::untagged::NO_VARIANT) {
        // An untagged union's: our names and a path up to its variant's message, redacted in turn.
        return match rest.split_once("`: ") {
            Some((names, inner)) => format!("{}{names}`: {}{position}", super::untagged::NO_VARIANT, redact(inner)),
            None => format!("{}{rest}{position}", super::untagged::NO_VARIANT),
        };
    }
    for safe in ["missing field ", "duplicate field "] {
        // The field names come from our own types.
        if let Some(rest) = text.strip_prefix(safe) {
            let name = rest.split(", ").next().unwrap_or_default();
            return format!("{safe}{name}{position}");
        }
    }
    for quoting in ["unknown variant", "unknown field"] {
        // These quote the value received: keep only what failed.
        if text.starts_with(quoting) {
            return format!("{quoting}{position}");
        }
    }
    let cut = text.find(['"', '`', '\'']).unwrap_or(text.len());
    format!("{}{position}", text[..cut].trim_end())
}

fn article(kind: &str) -> String {
    match kind {
        "" => "a value".into(),
        "integer" | "unit" | "Option" | "enum" | "unit variant" | "newtype" => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

/// The request id in an error body (`reqId`, `requestId`, `request_id`).
fn body_request_id(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    ["reqId", "requestId", "request_id"].iter().find_map(|key| value.get(key)?.as_str().map(str::to_string))
}

/// The request id the server put in a header.
pub(crate) fn header_request_id(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    ["x-request-id", "request-id", "x-amzn-requestid"].iter().find_map(|name| headers.get(*name)?.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::{message_of, redact};
    use serde_json::json;

    #[test]
    fn messages_from_texts_and_lists_of_them() {
        assert_eq!(message_of(&json!({ "message": "Not here" })).as_deref(), Some("Not here"));
        let zod =
            json!({ "message": [{ "path": ["name"], "message": "Required" }, { "path": ["a", 0], "message": "Bad" }] });
        assert_eq!(message_of(&zod).as_deref(), Some("name: Required; a.0: Bad"));
        let fastapi = json!({ "detail": [{ "loc": ["body", "ttl"], "msg": "field required" }, "x", "y", "z"] });
        assert_eq!(message_of(&fastapi).as_deref(), Some("body.ttl: field required; x; y; and 1 more"));
        assert_eq!(message_of(&json!({ "message": { "nested": 1 } })), None);
    }

    #[test]
    fn serde_messages_lose_the_values_they_quote() {
        assert_eq!(
            redact("invalid type: string \"s3cr3t\", expected f64 at line 1 column 9"),
            "invalid type: a string, expected f64 at line 1 column 9"
        );
        assert_eq!(
            redact("invalid value: integer `7`, expected a boolean"),
            "invalid value: an integer, expected a boolean"
        );
        assert_eq!(redact("missing field `name` at line 1 column 2"), "missing field `name` at line 1 column 2");
        assert_eq!(redact("unknown variant `s3cr3t`, expected `a` or `b`"), "unknown variant");
        assert_eq!(redact("expected value at line 1 column 1"), "expected value at line 1 column 1");
        assert_eq!(redact("something \"s3cr3t\" else"), "something");
        assert_eq!(
            redact(
                "no variant of `U` fits; the closest, `A`, fails at `a.b`: invalid type: string \"s3cr3t\", expected u8"
            ),
            "no variant of `U` fits; the closest, `A`, fails at `a.b`: invalid type: a string, expected u8"
        );
    }
}
