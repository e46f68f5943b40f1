//! One call of an operation, before it is sent. Each operation's builder (in `client.rs`) wraps a
//! [`Call`]: its required parameters are given when it is made, optional ones and per-call options
//! (timeout, extra headers) are set on it, and awaiting it sends it. `send_with_response` also
//! gives the status and headers of a success.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::body::{FormEncoding, Multipart, form_pairs};
use super::error::{RawBody, SafeMessage};
use super::transport::{Answer, Failure, Outcome, Payload, Prepared};
use super::{Client, Download, Error, File};

/// The future an operation's builder becomes when it is awaited.
pub type CallFuture<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, Error<E>>> + Send + 'a>>;

/// How a success's body becomes `T`.
#[doc(hidden)]
pub type Decoder<T> = fn(&Answer, &'static str) -> Result<T, DecodeFailure>;

/// How a success is read: its whole body, decoded; or, for a download, not at all (the caller
/// reads it as a stream).
#[doc(hidden)]
pub enum Read<T> {
    Whole(Decoder<T>),
    Stream(fn(reqwest::Response) -> T),
}

impl<T> Clone for Read<T> {
    fn clone(&self) -> Self {
        match self {
            Read::Whole(decode) => Read::Whole(*decode),
            Read::Stream(wrap) => Read::Stream(*wrap),
        }
    }
}

#[doc(hidden)]
pub struct DecodeFailure {
    path: String,
    message: String,
}

/// A success: the typed body, with the status and headers it came with. `Debug` names the
/// headers without their values (a `set-cookie` is a credential too).
#[non_exhaustive]
pub struct Response<T> {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: T,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &names)
            .field("body", &self.body)
            .finish()
    }
}

impl<T> Response<T> {
    pub fn into_body(self) -> T {
        self.body
    }

    /// The API's id for the request (`x-request-id` or `request-id`), to quote to its support.
    pub fn request_id(&self) -> Option<&str> {
        super::error::header_request_id(&self.headers)
    }
}

/// A call being prepared: each operation's builder wraps one. Not used directly.
#[doc(hidden)]
pub struct Call<'a, T, E> {
    request: Request<'a>,
    read: Read<T>,
    _types: PhantomData<fn() -> (T, E)>,
}

/// What a call sends, whatever its answer decodes into: the builder methods' work is here, compiled
/// once for the crate rather than once for each operation's types.
#[derive(Clone)]
struct Request<'a> {
    client: &'a Client,
    prepared: Prepared,
    type_name: &'static str,
    /// A parameter or body that could not be put into the request: reported when sent.
    invalid: Option<(&'static str, String)>,
    /// The redirects the operation declares: answers, not errors.
    redirects: &'static [u16],
}

// Not derived: a call is as cloneable whatever its `T` and `E` are (a list's next page is a clone).
impl<T, E> Clone for Call<'_, T, E> {
    fn clone(&self) -> Self {
        Call { request: self.request.clone(), read: self.read.clone(), _types: PhantomData }
    }
}

impl<'a> Request<'a> {
    fn new(client: &'a Client, method: reqwest::Method, path: &'static str, type_name: &'static str) -> Self {
        let prepared = Prepared {
            method,
            template: path,
            path: path.to_string(),
            url: None,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            timeout: None,
            security: None,
            basic: None,
        };
        Request { client, prepared, type_name, invalid: None, redirects: &[] }
    }

    fn path(&mut self, name: &'static str, text: String) {
        match super::wire::encode_path(&text) {
            Ok(segment) => self.prepared.path = self.prepared.path.replace(&format!("{{{name}}}"), &segment),
            Err(reason) => self.fail(name, reason),
        }
    }

    fn query(&mut self, parameter: &'static str, pairs: Vec<(String, String)>) {
        self.prepared.query.retain(|(owner, _, _)| *owner != parameter);
        self.prepared.query.extend(pairs.into_iter().map(|(key, value)| (parameter, key, value)));
    }

    fn cookie(&mut self, parameter: &'static str, pairs: Vec<(String, String)>) {
        self.prepared.cookies.retain(|(owner, _, _)| *owner != parameter);
        self.prepared.cookies.extend(pairs.into_iter().map(|(key, value)| (parameter, key, value)));
    }

    fn set_header(&mut self, name: &[u8], value: &str, label: &'static str) {
        let name = reqwest::header::HeaderName::from_bytes(name);
        let value = reqwest::header::HeaderValue::from_str(value);
        match (name, value) {
            (Ok(name), Ok(mut value)) => {
                // Header values may be credentials: reqwest's own `Debug` then hides them.
                value.set_sensitive(true);
                self.prepared.headers.retain(|(key, _)| *key != name);
                self.prepared.headers.push((name, value));
            }
            (Err(_), _) => self.fail(label, "not a valid header name".into()),
            (_, Err(_)) => self.fail(label, "not a valid header value".into()),
        }
    }

    fn json(&mut self, serialized: Result<Vec<u8>, serde_json::Error>, content_type: &str) {
        match serialized {
            Ok(bytes) => self.prepared.body = Some(Payload::Bytes { content_type: content_type.to_string(), bytes }),
            Err(error) => self.fail("body", format!("cannot be serialized: {error}")),
        }
    }

    fn form(&mut self, serialized: Result<serde_json::Value, serde_json::Error>, encoding: FormEncoding) {
        match serialized {
            Ok(value) => {
                let pairs = form_pairs(&value, encoding);
                let bytes =
                    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish().into_bytes();
                self.prepared.body =
                    Some(Payload::Bytes { content_type: "application/x-www-form-urlencoded".into(), bytes });
            }
            Err(error) => self.fail("body", format!("cannot be serialized: {error}")),
        }
    }

    fn fail(&mut self, name: &'static str, reason: String) {
        self.invalid.get_or_insert((name, reason));
    }

    /// Sends the request and reads a success's whole body, unless a parameter could not be put
    /// into it. The same for every operation, so compiled once: an operation's own future
    /// ([`Sending`]) only decodes what this gives.
    fn fetch(self) -> Fetching<'a, Answer> {
        Box::pin(async move {
            if let Some((parameter, reason)) = self.invalid {
                return Err(Refused::Invalid(parameter, reason));
            }
            let answer = self.client.execute(&self.prepared).await.map_err(Refused::Failed)?;
            match (200..300).contains(&answer.status) || self.redirects.contains(&answer.status) {
                true => Ok(answer),
                false => Err(Refused::Answered(answer)),
            }
        })
    }

    /// Sends the request; a success's body is left for the caller to stream.
    fn fetch_stream(self) -> Fetching<'a, reqwest::Response> {
        Box::pin(async move {
            if let Some((parameter, reason)) = self.invalid {
                return Err(Refused::Invalid(parameter, reason));
            }
            match self.client.send(&self.prepared, true).await.map_err(Refused::Failed)? {
                Outcome::Streaming(response) => Ok(response),
                Outcome::Read(answer) => Err(Refused::Answered(answer)),
            }
        })
    }
}

type Fetching<'a, A> = Pin<Box<dyn Future<Output = Result<A, Refused>> + Send + 'a>>;

/// Why a call gives no success: a parameter that could not be sent, sending failed, the API
/// answered with an error, or its success did not decode.
enum Refused {
    Invalid(&'static str, String),
    Failed(Failure),
    Answered(Answer),
    Undecodable(Answer, &'static str, DecodeFailure),
}

impl<E: DeserializeOwned> From<Refused> for Error<E> {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Invalid(parameter, reason) => Error::InvalidRequest { parameter, reason },
            Refused::Failed(failure) => Error::from(failure),
            Refused::Answered(answer) => Error::from_answer(answer),
            Refused::Undecodable(answer, type_name, failure) => Error::Decode {
                status: answer.status,
                type_name,
                path: failure.path,
                message: SafeMessage::new(failure.message),
                body: RawBody::new(answer.body),
            },
        }
    }
}

/// A call on its way: the shared sending future, and how its success becomes `O`. Written out
/// rather than an `async fn`, so that each operation adds a few lines of code to the crate
/// rather than a state machine; the decoding is generic over the body's type alone.
#[doc(hidden)]
pub struct Sending<'a, T, E, O> {
    fetch: Fetch<'a, T>,
    finish: fn(Response<T>) -> O,
    _error: PhantomData<fn() -> E>,
}

enum Fetch<'a, T> {
    Whole(Fetching<'a, Answer>, Decoder<T>, &'static str),
    Stream(Fetching<'a, reqwest::Response>, fn(reqwest::Response) -> T),
}

impl<T> Fetch<'_, T> {
    fn poll_response(&mut self, cx: &mut Context<'_>) -> Poll<Result<Response<T>, Refused>> {
        Poll::Ready(match self {
            Fetch::Whole(fetching, decode, type_name) => {
                let answer = ready!(fetching.as_mut().poll(cx))?;
                match decode(&answer, type_name) {
                    Ok(body) => Ok(Response { status: answer.status, headers: answer.headers, body }),
                    Err(failure) => Err(Refused::Undecodable(answer, type_name, failure)),
                }
            }
            Fetch::Stream(fetching, wrap) => {
                let response = ready!(fetching.as_mut().poll(cx))?;
                let (status, headers) = (response.status().as_u16(), response.headers().clone());
                Ok(Response { status, headers, body: wrap(response) })
            }
        })
    }
}

impl<T, E: DeserializeOwned, O> Future for Sending<'_, T, E, O> {
    type Output = Result<O, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let finish = self.finish;
        self.fetch.poll_response(cx).map(|response| response.map(finish).map_err(Error::from))
    }
}

impl<'a, T: Send + 'a, E: DeserializeOwned + Send + 'a> Call<'a, T, E> {
    pub fn new(
        client: &'a Client,
        method: reqwest::Method,
        path: &'static str,
        type_name: &'static str,
        read: Read<T>,
    ) -> Self {
        Call { request: Request::new(client, method, path, type_name), read, _types: PhantomData }
    }

    /// The redirect statuses the operation declares: the call returns them as answers.
    pub fn redirects(mut self, statuses: &'static [u16]) -> Self {
        self.request.redirects = statuses;
        self
    }

    /// The schemes the operation takes (`schemes.rs`).
    pub fn security(mut self, security: super::schemes::Security) -> Self {
        self.request.prepared.security = Some(security);
        self
    }

    /// Fills the path's `{name}` with `text` (see `wire::simple_text`), percent-encoded as one
    /// segment.
    pub fn path(mut self, name: &'static str, text: String) -> Self {
        self.request.path(name, text);
        self
    }

    /// Sets a query parameter to its pairs (see `wire::query_pairs`: an exploded array repeats
    /// its key, a deep object has a key per property), replacing what it had.
    pub fn query(mut self, parameter: &'static str, pairs: Vec<(String, String)>) -> Self {
        self.request.query(parameter, pairs);
        self
    }

    /// The value a query parameter has, if it was set as one pair.
    pub fn query_value(&self, parameter: &str) -> Option<&str> {
        let query = &self.request.prepared.query;
        query.iter().find(|(owner, _, _)| *owner == parameter).map(|(_, _, value)| value.as_str())
    }

    /// Sets a header parameter to its text, replacing an earlier value.
    pub fn header(mut self, name: &'static str, text: String) -> Self {
        self.request.set_header(name.as_bytes(), &text, name);
        self
    }

    /// Sets a cookie parameter to its pairs, replacing what it had: all go in one `Cookie` header.
    pub fn cookie(mut self, parameter: &'static str, pairs: Vec<(String, String)>) -> Self {
        self.request.cookie(parameter, pairs);
        self
    }

    /// An extra header of the caller's, sent with this call only.
    pub fn extra_header(mut self, name: &str, value: &str) -> Self {
        self.request.set_header(name.as_bytes(), value, "header");
        self
    }

    /// The whole request's timeout for this call, response included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.prepared.timeout = Some(timeout);
        self
    }

    /// A JSON body, serialized now: the call owns it, and retries send the same bytes.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B, content_type: &str) -> Self {
        self.request.json(serde_json::to_vec(body), content_type);
        self
    }

    /// A form body (`application/x-www-form-urlencoded`), each property by its encoding.
    pub fn form<B: serde::Serialize + ?Sized>(mut self, body: &B, encoding: FormEncoding) -> Self {
        self.request.form(serde_json::to_value(body), encoding);
        self
    }

    /// A multipart body, part by part.
    pub fn multipart<B: Multipart + ?Sized>(mut self, body: &B) -> Self {
        self.request.prepared.body = Some(Payload::Multipart(std::sync::Arc::new(body.parts())));
        self
    }

    /// A body of bytes (a file, an image): in memory, or a stream sent once.
    pub fn file(mut self, file: File, content_type: &str) -> Self {
        self.request.prepared.body = Some(Payload::File { content_type: content_type.to_string(), file });
        self
    }

    /// A text body.
    pub fn text(mut self, text: String, content_type: &str) -> Self {
        let bytes = text.into_bytes();
        self.request.prepared.body = Some(Payload::Bytes { content_type: content_type.to_string(), bytes });
        self
    }

    /// Sends the call; the typed body of a success.
    pub fn send(self) -> Sending<'a, T, E, T> {
        self.sending(Response::into_body)
    }

    /// Sends the call; a success with its status and headers.
    pub fn send_with_response(self) -> Sending<'a, T, E, Response<T>> {
        self.sending(std::convert::identity)
    }

    fn sending<O>(self, finish: fn(Response<T>) -> O) -> Sending<'a, T, E, O> {
        let Call { request, read, .. } = self;
        let fetch = match read {
            Read::Whole(decode) => {
                let type_name = request.type_name;
                Fetch::Whole(request.fetch(), decode, type_name)
            }
            Read::Stream(wrap) => Fetch::Stream(request.fetch_stream(), wrap),
        };
        Sending { fetch, finish, _error: PhantomData }
    }

    /// The future awaiting the call is.
    pub fn into_future(self) -> CallFuture<'a, T, E> {
        Box::pin(self.send())
    }

    /// The future of [`send_with_response`](Self::send_with_response), boxed like the call's.
    pub fn response_future(self) -> CallFuture<'a, Response<T>, E> {
        Box::pin(self.send_with_response())
    }
}

/// A JSON body of type `T`.
#[doc(hidden)]
pub fn json<T: DeserializeOwned>(answer: &Answer, _type_name: &'static str) -> Result<T, DecodeFailure> {
    let deserializer = &mut serde_json::Deserializer::from_slice(&answer.body);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| DecodeFailure { path: error.path().to_string(), message: error.inner().to_string() })
}

/// A success whose body, if any, is not read.
#[doc(hidden)]
pub fn empty(_answer: &Answer, _type_name: &'static str) -> Result<(), DecodeFailure> {
    Ok(())
}

/// A text body.
#[doc(hidden)]
pub fn text(answer: &Answer, _type_name: &'static str) -> Result<String, DecodeFailure> {
    String::from_utf8(answer.body.clone())
        .map_err(|error| DecodeFailure { path: String::new(), message: error.to_string() })
}

/// A body of bytes, read whole (a success among others of another kind).
#[doc(hidden)]
pub fn bytes(answer: &Answer, _type_name: &'static str) -> Result<Vec<u8>, DecodeFailure> {
    Ok(answer.body.clone())
}

/// A body of bytes as received, among successes of other kinds (`Debug` shows its length).
#[doc(hidden)]
pub fn raw(answer: &Answer, _type_name: &'static str) -> Result<super::RawBody, DecodeFailure> {
    Ok(super::RawBody::new(answer.body.clone()))
}

/// A header the answer must have, parsed as its type. Several lines of it are one list
/// (RFC 9110, 5.3), read as one text.
#[doc(hidden)]
pub fn header<T: std::str::FromStr>(answer: &Answer, name: &'static str) -> Result<T, DecodeFailure> {
    optional_header(answer, name)?
        .ok_or_else(|| DecodeFailure { path: format!("headers.{name}"), message: "missing header".into() })
}

/// A header the answer may have, parsed as its type.
#[doc(hidden)]
pub fn optional_header<T: std::str::FromStr>(answer: &Answer, name: &'static str) -> Result<Option<T>, DecodeFailure> {
    let lines = header_lines(answer, name)?;
    if lines.is_empty() {
        return Ok(None);
    }
    parse(&lines.join(", "), name).map(Some)
}

/// Every value of a header: one per line, each line split at its commas when `split`.
#[doc(hidden)]
pub fn header_list<T: std::str::FromStr>(
    answer: &Answer,
    name: &'static str,
    split: bool,
) -> Result<Vec<T>, DecodeFailure> {
    let lines = header_lines(answer, name)?;
    let values: Vec<&str> = match split {
        true => lines.iter().flat_map(|line| line.split(',')).map(str::trim).filter(|v| !v.is_empty()).collect(),
        false => lines,
    };
    values.into_iter().map(|value| parse(value, name)).collect()
}

fn header_lines<'a>(answer: &'a Answer, name: &'static str) -> Result<Vec<&'a str>, DecodeFailure> {
    answer
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str())
        .collect::<Result<_, _>>()
        .map_err(|_| DecodeFailure { path: format!("headers.{name}"), message: "not text".into() })
}

fn parse<T: std::str::FromStr>(text: &str, name: &'static str) -> Result<T, DecodeFailure> {
    // The parse error is not kept: some quote the text, which may be a credential.
    text.parse().map_err(|_| DecodeFailure {
        path: format!("headers.{name}"),
        message: format!("not a valid {}", std::any::type_name::<T>()),
    })
}

/// A download: the body stays unread for the caller to stream.
#[doc(hidden)]
pub fn download(response: reqwest::Response) -> Download {
    Download::new(response)
}
