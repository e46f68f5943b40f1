//! Helpers the generated code calls: a parameter's text, path encoding, and the JSON of tagged
//! unions.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};

/// A value's text in a path, query or header parameter (OpenAPI's `simple` and `form` styles for a
/// single value): strings as they are, numbers and booleans as JSON writes them, date-times in
/// RFC 3339, string enums as their wire value, unions as the variant they hold.
pub trait ParamText {
    fn param_text(&self) -> String;
}

impl<T: ParamText + ?Sized> ParamText for &T {
    fn param_text(&self) -> String {
        (**self).param_text()
    }
}

macro_rules! display_text {
    ($($ty:ty),*) => {$(
        impl ParamText for $ty {
            fn param_text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_text!(str, String, bool, i32, i64, u16, u32, u64, f64, uuid::Uuid, url::Url, chrono::NaiveDate);

impl ParamText for chrono::DateTime<chrono::Utc> {
    fn param_text(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl ParamText for super::Secret {
    fn param_text(&self) -> String {
        self.expose().to_string()
    }
}

/// Any JSON value: strings as they are, everything else as its JSON text.
impl ParamText for serde_json::Value {
    fn param_text(&self) -> String {
        match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

impl ParamText for super::Json {
    fn param_text(&self) -> String {
        self.0.param_text()
    }
}

/// The items of an array parameter, each as its text.
pub fn param_texts<T: ParamText>(items: &[T]) -> Vec<String> {
    items.iter().map(ParamText::param_text).collect()
}

/// Percent-encodes a path parameter as one segment: `/`, `?`, `#` and `%` cannot change the URL's
/// shape. `""`, `.` and `..` are refused: URL parsing would turn them into "this directory" or
/// "the parent", whatever the encoding, and the request would reach another endpoint.
pub(crate) fn encode_path(value: &str) -> Result<String, String> {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ').add(b'"').add(b'#').add(b'%').add(b'/').add(b'<').add(b'>').add(b'?')
        .add(b'`').add(b'{').add(b'}').add(b'\\').add(b'^').add(b'|').add(b'[').add(b']');
    match value {
        "" | "." | ".." => Err("cannot be empty, `.` or `..`: it would change the URL's path".into()),
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
    use super::{encode_path, ParamText};

    #[test]
    fn a_path_value_stays_one_segment() {
        assert_eq!(encode_path("../x?y#z").unwrap(), "..%2Fx%3Fy%23z");
        assert_eq!(encode_path("a b%").unwrap(), "a%20b%25");
        for climbing in ["", ".", ".."] {
            assert!(encode_path(climbing).is_err(), "{climbing:?}");
        }
    }

    #[test]
    fn date_times_are_rfc_3339() {
        let time = chrono::DateTime::parse_from_rfc3339("2012-07-18T23:33:30Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(time.param_text(), "2012-07-18T23:33:30Z");
        assert_eq!(true.param_text(), "true");
        assert_eq!(2.5f64.param_text(), "2.5");
    }
}
