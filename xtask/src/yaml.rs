//! The one place YAML is parsed. serde_yaml is deprecated upstream; a maintained fork with the same
//! API replaces it by changing the `use` below (and the dependency line).

use serde::de::DeserializeOwned;
use serde_yaml as backend;

/// A YAML error with its position relative to the start of the parsed text.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

fn convert(error: backend::Error) -> YamlError {
    let location = error.location();
    YamlError {
        message: strip_location_suffix(&error.to_string()),
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
    }
}

fn strip_location_suffix(message: &str) -> String {
    // The backend writes " at line L column C" (sometimes twice) into its messages; we print the
    // location ourselves.
    let mut message = message.to_string();
    while let Some(start) = message.find(" at line ") {
        let rest = &message[start + " at line ".len()..];
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let rest = rest.strip_prefix(" column ").map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
        message = format!("{}{}", &message[..start], rest);
    }
    message
}

/// Parses YAML into `T`. A structural error names the path where it happened
/// (`paths./things.get.responses.200: missing field `description``).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_path_to_error::deserialize(backend::Deserializer::from_str(text)).map_err(|error| {
        let path = error.path().to_string();
        let mut converted = convert(error.into_inner());
        if path != "." && !converted.message.starts_with(&path) {
            converted.message = format!("{path}: {}", converted.message);
        }
        converted
    })
}

/// Parses YAML into a JSON value. Map keys that YAML reads as numbers or booleans (`200:` under
/// `responses`) become strings, as JSON requires.
pub fn to_json(text: &str) -> Result<serde_json::Value, YamlError> {
    to_json_exact(text).map(|plain| plain.value)
}

/// A YAML document as a JSON value, and whether the value says exactly what the text does.
pub struct Plain {
    pub value: serde_json::Value,
    /// False when something was rewritten on the way to JSON: a key that is not a string (`True:`
    /// becomes `"true"`, `1.50:` becomes `"1.5"`), a tag (dropped), or a NaN or an infinity (null).
    /// Typed parsing from such a value could differ from typed parsing of the text.
    pub exact: bool,
}

pub fn to_json_exact(text: &str) -> Result<Plain, YamlError> {
    let value: backend::Value = backend::from_str(text).map_err(convert)?;
    let mut exact = true;
    let value = yaml_to_json(value, &mut exact);
    Ok(Plain { value, exact })
}

fn yaml_to_json(value: backend::Value, exact: &mut bool) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        backend::Value::Null => J::Null,
        backend::Value::Bool(b) => J::Bool(b),
        backend::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                let number = n.as_f64().and_then(serde_json::Number::from_f64);
                *exact &= number.is_some();
                number.map_or(J::Null, J::Number)
            }
        }
        backend::Value::String(s) => J::String(s),
        backend::Value::Sequence(items) => J::Array(items.into_iter().map(|item| yaml_to_json(item, exact)).collect()),
        backend::Value::Mapping(map) => J::Object(
            map.into_iter()
                .map(|(k, v)| {
                    *exact &= k.is_string();
                    (key_to_string(k), yaml_to_json(v, exact))
                })
                .collect(),
        ),
        backend::Value::Tagged(tagged) => {
            *exact = false;
            yaml_to_json(tagged.value, exact)
        }
    }
}

fn key_to_string(key: backend::Value) -> String {
    match key {
        backend::Value::String(s) => s,
        backend::Value::Bool(b) => b.to_string(),
        backend::Value::Number(n) => n.to_string(),
        backend::Value::Null => "null".to_string(),
        other => yaml_to_json(other, &mut false).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_are_flagged() {
        let exact = |text: &str| to_json_exact(text).unwrap().exact;
        assert!(exact("responses:\n  '200': ok\nmaximum: 1.5\nenum: [1, true, null]\n"));
        assert!(!exact("properties:\n  True: {type: string}\n"), "a boolean key");
        assert!(!exact("responses:\n  200: ok\n"), "a number key");
        assert!(!exact("maximum: .inf\n"), "an infinity");
        assert!(!exact("a: !foo {type: string}\n"), "a tag");
    }

    #[test]
    fn numeric_keys_become_strings() {
        let value = to_json("responses:\n  200: ok\n").unwrap();
        assert_eq!(value["responses"]["200"], "ok");
    }

    #[test]
    fn errors_carry_a_line() {
        let error = to_json("a: [1,\nb: c\n").unwrap_err();
        assert!(error.line.is_some(), "{error:?}");
        assert!(!error.message.contains(" at line "), "{}", error.message);
    }
}
