//! Helpers the generated code calls: path encoding and the JSON of tagged unions.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};

use super::Error;

/// Percent-encodes a path parameter as one segment: `/`, `?`, `#` and `%` cannot change the URL's
/// shape. `""`, `.` and `..` are refused: URL parsing would turn them into "this directory" or
/// "the parent", whatever the encoding, and the request would reach another endpoint.
pub fn encode_path<E>(parameter: &'static str, value: impl fmt::Display) -> Result<String, Error<E>> {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ').add(b'"').add(b'#').add(b'%').add(b'/').add(b'<').add(b'>').add(b'?')
        .add(b'`').add(b'{').add(b'}').add(b'\\').add(b'^').add(b'|').add(b'[').add(b']');
    let value = value.to_string();
    match value.as_str() {
        "" | "." | ".." => Err(Error::InvalidParameter { name: parameter, value }),
        other => Ok(utf8_percent_encode(other, SEGMENT).to_string()),
    }
}

/// Serializes a tagged union's payload with its tag added.
pub fn serialize_tagged<S: Serializer, T: Serialize>(serializer: S, tag: &str, value: &str, payload: &T) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(payload).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.insert(tag.to_string(), serde_json::Value::String(value.to_string()));
    }
    json.serialize(serializer)
}

/// The string value of a tag property, if the JSON is an object that has one.
pub fn tag_of(value: &serde_json::Value, tag: &str) -> Option<String> {
    value.get(tag)?.as_str().map(str::to_string)
}

pub fn from_value<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::encode_path;

    fn encode(value: &str) -> Result<String, super::Error<()>> {
        encode_path("id", value)
    }

    #[test]
    fn a_path_value_stays_one_segment() {
        assert_eq!(encode("../x?y#z").unwrap(), "..%2Fx%3Fy%23z");
        assert_eq!(encode("a b%").unwrap(), "a%20b%25");
        for climbing in ["", ".", ".."] {
            assert!(encode(climbing).is_err(), "{climbing:?}");
        }
    }
}
