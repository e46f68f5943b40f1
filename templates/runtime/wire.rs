//! Helpers the generated code calls: parameter text by OpenAPI's style rules, path encoding, and
//! the JSON of tagged unions.
//!
//! A parameter's value becomes text one way, here: it is serialized as JSON (so a date-time is
//! RFC 3339, an enum its wire value, a union the variant it holds, a credential its plain text),
//! and the JSON is laid out by the parameter's `style` and `explode`.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// OpenAPI's parameter styles.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    /// Swagger 2.0's `tsv`.
    TabDelimited,
    DeepObject,
}

/// A scalar's text: strings as they are, numbers and booleans as JSON writes them, a whole
/// number without a fraction (`2`, not `2.0`: a `limit` typed `number` is still a count).
fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// An object's entries by key: serde_json keeps insertion order or sorts, as its features say,
/// and a request must not change with them.
fn entries(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// The members of an array or object, flattened to texts (`[k, v, k, v]` for an object).
fn members(value: &Value, explode_objects: bool) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect(),
        Value::Object(map) if explode_objects => {
            entries(map).into_iter().map(|(k, v)| format!("{k}={}", scalar(v))).collect()
        }
        Value::Object(map) => entries(map).into_iter().flat_map(|(k, v)| [k.clone(), scalar(v)]).collect(),
        other => vec![scalar(other)],
    }
}

/// The text of a path or header parameter (`simple`, `label`, `matrix`), before a path segment
/// is percent-encoded.
#[doc(hidden)]
pub fn simple_text<T: Serialize + ?Sized>(name: &str, value: &T, style: Style, explode: bool) -> String {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let compound = matches!(value, Value::Array(_) | Value::Object(_));
    match style {
        Style::Label => {
            let separator = if explode { "." } else { "," };
            format!(".{}", members(&value, explode).join(separator))
        }
        Style::Matrix if compound && explode => match &value {
            Value::Object(_) => members(&value, true).iter().map(|kv| format!(";{kv}")).collect(),
            _ => members(&value, false).iter().map(|v| format!(";{name}={v}")).collect(),
        },
        Style::Matrix => format!(";{name}={}", members(&value, false).join(",")),
        _ => members(&value, explode).join(","),
    }
}

/// The pairs of a query parameter (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`).
#[doc(hidden)]
pub fn query_pairs<T: Serialize + ?Sized>(name: &str, value: &T, style: Style, explode: bool) -> Vec<(String, String)> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    match (&value, style) {
        (Value::Object(map), Style::DeepObject) => {
            entries(map).into_iter().map(|(k, v)| (format!("{name}[{k}]"), scalar(v))).collect()
        }
        (Value::Object(map), _) if explode => entries(map).into_iter().map(|(k, v)| (k.clone(), scalar(v))).collect(),
        (Value::Array(items), _) if explode => items.iter().map(|v| (name.to_string(), scalar(v))).collect(),
        (Value::Array(_) | Value::Object(_), _) => {
            let separator = match style {
                Style::SpaceDelimited => " ",
                Style::PipeDelimited => "|",
                Style::TabDelimited => "\t",
                _ => ",",
            };
            vec![(name.to_string(), members(&value, false).join(separator))]
        }
        (scalar_value, _) => vec![(name.to_string(), scalar(scalar_value))],
    }
}

/// Percent-encodes a path parameter as one segment: `/`, `?`, `#` and `%` cannot change the URL's
/// shape. `""`, `.` and `..` are refused: URL parsing would turn them into "this directory" or
/// "the parent", whatever the encoding, and the request would reach another endpoint.
pub(crate) fn encode_path(value: &str) -> Result<String, String> {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'/')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'\\')
        .add(b'^')
        .add(b'|')
        .add(b'[')
        .add(b']');
    match value {
        "" | "." | ".." => Err("cannot be empty, `.` or `..`: it would change the URL's path".into()),
        other => Ok(utf8_percent_encode(other, SEGMENT).to_string()),
    }
}

/// Serializes a tagged union's payload with its tag added.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    value: &str,
    payload: &T,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(payload).map_err(serde::ser::Error::custom)?;
    if let Value::Object(map) = &mut json {
        map.insert(tag.to_string(), Value::String(value.to_string()));
    }
    json.serialize(serializer)
}

/// The string value of a tag property, if the JSON is an object that has one.
pub fn tag_of(value: &Value, tag: &str) -> Option<String> {
    value.get(tag)?.as_str().map(str::to_string)
}

pub fn from_value<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::{Style, encode_path, query_pairs, simple_text};
    use serde_json::json;

    #[test]
    fn a_path_value_stays_one_segment() {
        assert_eq!(encode_path("../x?y#z").unwrap(), "..%2Fx%3Fy%23z");
        assert_eq!(encode_path("a b%").unwrap(), "a%20b%25");
        for climbing in ["", ".", ".."] {
            assert!(encode_path(climbing).is_err(), "{climbing:?}");
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// OpenAPI 3.0's table of style examples (`color` as a string, an array and an object).
    #[test]
    fn the_specs_style_table() {
        let string = json!("blue");
        let array = json!(["blue", "black", "brown"]);
        // In sorted order: serde_json keeps insertion order or sorts, as its features say.
        let object = json!({ "B": 150, "G": 200, "R": 100 });
        let path = [
            (Style::Simple, false, &string, "blue"),
            (Style::Simple, false, &array, "blue,black,brown"),
            (Style::Simple, false, &object, "B,150,G,200,R,100"),
            (Style::Simple, true, &object, "B=150,G=200,R=100"),
            (Style::Label, false, &string, ".blue"),
            (Style::Label, false, &array, ".blue,black,brown"),
            (Style::Label, true, &array, ".blue.black.brown"),
            (Style::Label, true, &object, ".B=150.G=200.R=100"),
            (Style::Matrix, false, &string, ";color=blue"),
            (Style::Matrix, false, &array, ";color=blue,black,brown"),
            (Style::Matrix, true, &array, ";color=blue;color=black;color=brown"),
            (Style::Matrix, false, &object, ";color=B,150,G,200,R,100"),
            (Style::Matrix, true, &object, ";B=150;G=200;R=100"),
        ];
        for (style, explode, value, text) in path {
            assert_eq!(simple_text("color", value, style, explode), text, "{style:?} explode={explode} {value}");
        }
        let query = [
            (Style::Form, true, &string, pairs(&[("color", "blue")])),
            (Style::Form, false, &array, pairs(&[("color", "blue,black,brown")])),
            (Style::Form, true, &array, pairs(&[("color", "blue"), ("color", "black"), ("color", "brown")])),
            (Style::Form, false, &object, pairs(&[("color", "B,150,G,200,R,100")])),
            (Style::Form, true, &object, pairs(&[("B", "150"), ("G", "200"), ("R", "100")])),
            (Style::SpaceDelimited, false, &array, pairs(&[("color", "blue black brown")])),
            (Style::PipeDelimited, false, &array, pairs(&[("color", "blue|black|brown")])),
            (Style::TabDelimited, false, &array, pairs(&[("color", "blue\tblack\tbrown")])),
            (Style::DeepObject, true, &object, pairs(&[("color[B]", "150"), ("color[G]", "200"), ("color[R]", "100")])),
        ];
        for (style, explode, value, expected) in query {
            assert_eq!(query_pairs("color", value, style, explode), expected, "{style:?} explode={explode} {value}");
        }
    }

    #[test]
    fn values_are_their_json_text() {
        let time = chrono::DateTime::parse_from_rfc3339("2012-07-18T23:33:30Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(simple_text("t", &time, Style::Simple, false), "2012-07-18T23:33:30Z", "RFC 3339");
        assert_eq!(simple_text("b", &true, Style::Simple, false), "true");
        assert_eq!(simple_text("n", &2.5, Style::Simple, false), "2.5");
        assert_eq!(simple_text("n", &2.0, Style::Simple, false), "2", "a whole number has no fraction");
        assert_eq!(simple_text("s", "x y", Style::Simple, false), "x y", "encoding is the path's and the query's own");
        assert_eq!(query_pairs("s", &super::super::Secret::new("k"), Style::Form, true), pairs(&[("s", "k")]));
    }
}
