//! Bodies of every media type: files and raw bytes ([`File`]), forms (by OpenAPI's encoding
//! rules, nested objects as `a[b]=c`), multipart parts, and downloads read as a stream
//! ([`Download`]) so that a large answer is never held whole.

use std::fmt;
use std::sync::{Arc, Mutex};

use futures_util::stream::{BoxStream, StreamExt};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::wire::Style;

/// A file to upload, or a raw body: bytes in memory (retries send them again), or a stream
/// (sent once, never retried). `Debug` shows its name, type and length, never its content.
#[derive(Clone)]
pub struct File {
    content: Content,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Content {
    Bytes(Vec<u8>),
    /// Taken by the first attempt that sends it.
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl File {
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        File { content: Content::Bytes(bytes.into()), file_name: None, content_type: None }
    }

    /// A body read from `stream` as it is sent (a large file, a pipe): sent once, never retried.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let body = reqwest::Body::wrap_stream(stream);
        File { content: Content::Stream(Arc::new(Mutex::new(Some(body)))), file_name: None, content_type: None }
    }

    /// The name a multipart part gives the file (`filename=`).
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Its media type (`image/png`); without one, the spec's, or `application/octet-stream`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes, when they are in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes),
            Content::Stream(_) => None,
        }
    }

    pub(crate) fn is_stream(&self) -> bool {
        matches!(self.content, Content::Stream(_))
    }

    /// What an attempt sends: the bytes again, or the stream the first time only.
    pub(crate) fn body(&self) -> Option<reqwest::Body> {
        match &self.content {
            Content::Bytes(bytes) => Some(reqwest::Body::from(bytes.clone())),
            Content::Stream(stream) => stream.lock().ok()?.take(),
        }
    }

    fn length(&self) -> Option<usize> {
        self.bytes().map(<[u8]>::len)
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("File");
        out.field("file_name", &self.file_name).field("content_type", &self.content_type);
        match self.length() {
            Some(length) => out.field("bytes", &length),
            None => out.field("bytes", &"a stream"),
        };
        out.finish()
    }
}

impl PartialEq for File {
    fn eq(&self, other: &Self) -> bool {
        let content = match (&self.content, &other.content) {
            (Content::Bytes(a), Content::Bytes(b)) => a == b,
            (Content::Stream(a), Content::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        content && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::from_bytes(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> Self {
        File::from_bytes(bytes)
    }
}

impl From<String> for File {
    fn from(text: String) -> Self {
        File::from_bytes(text)
    }
}

impl From<&str> for File {
    fn from(text: &str) -> Self {
        File::from_bytes(text)
    }
}

/// As JSON (a type holding a file, built from JSON in a test), a file is its content: a string
/// when it is UTF-8, else its bytes; a stream is `null`.
impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.bytes() {
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => bytes.serialize(serializer),
            },
            None => serializer.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Content {
            Text(String),
            Bytes(Vec<u8>),
        }
        Ok(match Content::deserialize(deserializer)? {
            Content::Text(text) => File::from(text),
            Content::Bytes(bytes) => File::from(bytes),
        })
    }
}

/// One part of a multipart body.
#[doc(hidden)]
pub enum Part {
    Text {
        name: String,
        value: String,
    },
    /// A JSON value (an object or an array), or text of the type the spec's encoding names.
    Encoded {
        name: String,
        bytes: Vec<u8>,
        content_type: &'static str,
    },
    File {
        name: String,
        file: File,
        content_type: &'static str,
    },
}

impl Part {
    /// A part for a value, as its schema says it goes: a string or number as text, an object or
    /// array as JSON (OpenAPI's defaults), or as the content type the encoding names.
    pub fn value<T: Serialize + ?Sized>(
        name: impl Into<String>,
        value: &T,
        content_type: Option<&'static str>,
    ) -> Part {
        let name = name.into();
        let json = serde_json::to_value(value).unwrap_or(Value::Null);
        match (&json, content_type) {
            (Value::Object(_) | Value::Array(_), None) => Part::Encoded {
                name,
                bytes: serde_json::to_vec(&json).unwrap_or_default(),
                content_type: "application/json",
            },
            (_, Some(content_type)) if content_type.contains("json") => {
                Part::Encoded { name, bytes: serde_json::to_vec(&json).unwrap_or_default(), content_type }
            }
            (Value::String(text), Some(content_type)) => {
                Part::Encoded { name, bytes: text.clone().into_bytes(), content_type }
            }
            (Value::String(text), None) => Part::Text { name, value: text.clone() },
            (other, _) => Part::Text { name, value: other.to_string() },
        }
    }

    pub fn file(name: impl Into<String>, file: &File, content_type: Option<&'static str>) -> Part {
        Part::File {
            name: name.into(),
            file: file.clone(),
            content_type: content_type.unwrap_or("application/octet-stream"),
        }
    }

    /// The parts of a flattened member (its JSON object's keys), each as [`Part::value`].
    pub fn flattened<T: Serialize + ?Sized>(value: &T) -> Vec<Part> {
        match serde_json::to_value(value) {
            Ok(Value::Object(map)) => map.iter().map(|(k, v)| Part::value(k.clone(), v, None)).collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn is_stream(&self) -> bool {
        matches!(self, Part::File { file, .. } if file.is_stream())
    }
}

/// A type sent as multipart: its parts, in the spec's order (generated for each such body).
#[doc(hidden)]
pub trait Multipart {
    fn parts(&self) -> Vec<Part>;
}

/// The parts as a form for one attempt.
pub(crate) fn multipart_form(parts: &[Part]) -> Option<reqwest::multipart::Form> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            Part::Text { name, value } => form.text(name.clone(), value.clone()),
            Part::Encoded { name, bytes, content_type } => {
                form.part(name.clone(), reqwest::multipart::Part::bytes(bytes.clone()).mime_str(content_type).ok()?)
            }
            Part::File { name, file, content_type } => {
                let mut piece = reqwest::multipart::Part::stream(file.body()?)
                    .mime_str(file.content_type().unwrap_or(content_type))
                    .ok()?;
                if let Some(file_name) = file.file_name() {
                    piece = piece.file_name(file_name.to_string());
                }
                form.part(name.clone(), piece)
            }
        };
    }
    Some(form)
}

/// How a form body's property is encoded, where the spec's `encoding` says.
#[doc(hidden)]
pub type FormEncoding = &'static [(&'static str, Style, bool)];

/// A form body (`application/x-www-form-urlencoded`): each property by its encoding (`form`,
/// exploded, by default: an array repeats its key; `deepObject`: `a[b]=c`, `a[b][0]=c`).
pub(crate) fn form_pairs(value: &Value, encoding: FormEncoding) -> Vec<(String, String)> {
    let Value::Object(map) = value else { return Vec::new() };
    let mut pairs = Vec::new();
    // Keys in sorted order: serde_json keeps insertion order or not, as its features say, and a
    // body must not change with them.
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    for (key, value) in keys.into_iter().map(|k| (k, &map[k])) {
        let (style, explode) = encoding
            .iter()
            .find(|(name, _, _)| name == key)
            .map_or((Style::Form, true), |(_, style, explode)| (*style, *explode));
        match (style, value) {
            (Style::DeepObject, Value::Object(_) | Value::Array(_)) => deep(key, value, &mut pairs),
            // A nested object in a plain form field: bracketed too, the way form parsers read it.
            (_, Value::Object(_)) => deep(key, value, &mut pairs),
            _ => pairs.extend(super::wire::query_pairs(key, value, style, explode)),
        }
    }
    pairs
}

fn deep(prefix: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            keys.into_iter().for_each(|k| deep(&format!("{prefix}[{k}]"), &map[k], pairs))
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| deep(&format!("{prefix}[{i}]"), v, pairs)),
        Value::Null => {}
        scalar => pairs.extend(super::wire::query_pairs(prefix, scalar, Style::Form, true)),
    }
}

/// A body the API sends as bytes (a file to download): read as a stream of chunks, so a large
/// one is never held whole. `Debug` shows its status, type and length.
pub struct Download {
    response: reqwest::Response,
}

impl Download {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        Download { response }
    }

    pub fn content_type(&self) -> Option<&str> {
        self.response.headers().get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The body's length, when the server said it.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The body, chunk by chunk, as it arrives.
    pub fn into_stream(self) -> BoxStream<'static, Result<bytes::Bytes, reqwest::Error>> {
        self.response.bytes_stream().boxed()
    }

    /// The whole body, for one known to be small.
    pub async fn bytes(self) -> Result<bytes::Bytes, reqwest::Error> {
        self.response.bytes().await
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.response.status().as_u16())
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Style, form_pairs};
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn forms_follow_their_encoding() {
        let body = json!({ "amount": 2000, "expand": ["customer", "invoice"], "metadata": { "order": "6735" }, "name": "a b" });
        let encoding = &[("expand", Style::DeepObject, true), ("metadata", Style::DeepObject, true)];
        assert_eq!(
            form_pairs(&body, encoding),
            pairs(&[
                ("amount", "2000"),
                ("expand[0]", "customer"),
                ("expand[1]", "invoice"),
                ("metadata[order]", "6735"),
                ("name", "a b")
            ])
        );
        let plain = json!({ "flags": ["x", "y"], "tags": ["a", "b"] });
        assert_eq!(
            form_pairs(&plain, &[("flags", Style::Form, false)]),
            pairs(&[("flags", "x,y"), ("tags", "a"), ("tags", "b")])
        );
    }
}
