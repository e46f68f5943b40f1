//! Hand-written support code for the generated client and types (from `templates/runtime.rs`).

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A credential. `Debug` prints a mask, so that it never reaches a log; it serializes as the plain
/// string, because the API needs it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself. Named so that a reviewer sees where it leaves the wrapper.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// An optional field that may also be `null`, in a request: three states, so that an update can
/// leave a value alone (`Absent`), clear it (`Null`) or set it (`Value`).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Nullable<T> {
    /// Not sent.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Nullable<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

/// What a call can fail with. `E` is the API's error body.
#[derive(Debug)]
pub enum Error<E> {
    /// The API answered with an error status that the spec declares; `body` is the parsed error.
    Api { status: u16, body: E },
    /// The API answered with a status the spec does not declare; the body is kept as received.
    UnexpectedStatus { status: u16, body: String },
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
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { status, body } => write!(f, "the API answered {status}: {body:?}"),
            Error::UnexpectedStatus { status, body } => write!(f, "the API answered {status}, which it does not document: {body}"),
            Error::Decode { status, type_name, path, message, .. } => {
                write!(f, "the {status} response does not parse as {type_name} at `{path}`: {message}")
            }
            Error::Transport(error) => write!(f, "the request failed: {error}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// Percent-encodes a path parameter as one segment: `/`, `?`, `#` and `%` cannot change the URL's
/// shape, and `.`/`..` cannot climb the path.
#[doc(hidden)]
pub fn encode_path(value: impl fmt::Display) -> String {
    let value = value.to_string();
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ').add(b'"').add(b'#').add(b'%').add(b'/').add(b'<').add(b'>').add(b'?')
        .add(b'`').add(b'{').add(b'}').add(b'\\').add(b'^').add(b'|').add(b'[').add(b']');
    match value.as_str() {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        other => utf8_percent_encode(other, SEGMENT).to_string(),
    }
}

/// Serializes a tagged union's payload with its tag added.
#[doc(hidden)]
pub fn serialize_tagged<S: Serializer, T: Serialize>(serializer: S, tag: &str, value: &str, payload: &T) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(payload).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.insert(tag.to_string(), serde_json::Value::String(value.to_string()));
    }
    json.serialize(serializer)
}

/// The string value of a tag property, if the JSON is an object that has one.
#[doc(hidden)]
pub fn tag_of(value: &serde_json::Value, tag: &str) -> Option<String> {
    value.get(tag)?.as_str().map(str::to_string)
}

#[doc(hidden)]
pub fn from_value<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

fn decode<T: DeserializeOwned, E>(status: u16, body: String, type_name: &'static str) -> Result<T, Error<E>> {
    let deserializer = &mut serde_json::Deserializer::from_str(&body);
    serde_path_to_error::deserialize(deserializer).map_err(|error| Error::Decode {
        status,
        type_name,
        path: error.path().to_string(),
        message: error.inner().to_string(),
        body: body.clone(),
    })
}

async fn read<E: DeserializeOwned>(request: reqwest::RequestBuilder, declared_errors: &[u16]) -> Result<(u16, String), Error<E>> {
    let response = request.send().await.map_err(Error::Transport)?;
    let status = response.status().as_u16();
    let body = response.text().await.map_err(Error::Transport)?;
    if (200..300).contains(&status) {
        return Ok((status, body));
    }
    if declared_errors.contains(&status) {
        let body = decode::<E, E>(status, body, std::any::type_name::<E>())?;
        return Err(Error::Api { status, body });
    }
    Err(Error::UnexpectedStatus { status, body })
}

/// Sends a request whose success response is JSON of type `T`.
#[doc(hidden)]
pub async fn send_json<T: DeserializeOwned, E: DeserializeOwned>(
    request: reqwest::RequestBuilder,
    type_name: &'static str,
    declared_errors: &[u16],
) -> Result<T, Error<E>> {
    let (status, body) = read(request, declared_errors).await?;
    decode(status, body, type_name)
}

/// Sends a request whose success response has no body we read.
#[doc(hidden)]
pub async fn send_no_content<E: DeserializeOwned>(request: reqwest::RequestBuilder, declared_errors: &[u16]) -> Result<(), Error<E>> {
    read(request, declared_errors).await.map(|_| ())
}
