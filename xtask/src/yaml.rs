//! The one place YAML is parsed. serde_yaml is deprecated upstream; a maintained fork with the same
//! API replaces it by changing the `use` below (and the dependency line). serde_yaml tells no
//! positions of nodes, so [`node_lines`] reads them with saphyr's event parser.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
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
    let exact = Cell::new(true);
    let value = Json(&exact).deserialize(backend::Deserializer::from_str(text)).map_err(convert)?;
    Ok(Plain { value, exact: exact.get() })
}

/// Reads any YAML value straight into a JSON value, noting in the cell whatever JSON cannot say as
/// YAML did. Numbers beyond 64 bits (`maximum: 18446744073709552000`, which serde_yaml's own
/// `Value` refuses) become floats; a repeated key is an error, as in YAML itself.
#[derive(Clone, Copy)]
struct Json<'c>(&'c Cell<bool>);

impl<'de> DeserializeSeed<'de> for Json<'_> {
    type Value = serde_json::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Json<'_> {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(b.into())
    }
    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(n.into())
    }
    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(n.into())
    }
    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Self::Value, E> {
        self.0.set(false);
        self.visit_f64(n as f64)
    }
    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Self::Value, E> {
        self.0.set(false);
        self.visit_f64(n as f64)
    }
    fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
        let number = serde_json::Number::from_f64(n);
        if number.is_none() {
            self.0.set(false); // NaN and the infinities have no JSON form
        }
        Ok(number.map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(s.into())
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(s.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(self)? {
            // JSON keys are strings: `200:` and `True:` are written as text (and flagged).
            let key = match key {
                serde_json::Value::String(key) => key,
                other => {
                    self.0.set(false);
                    match other {
                        serde_json::Value::Bool(b) => b.to_string(),
                        serde_json::Value::Number(n) => n.to_string(),
                        serde_json::Value::Null => "null".to_string(),
                        other => other.to_string(),
                    }
                }
            };
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate entry with key {key:?}")));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        // A tag (`!foo value`): dropped, and flagged.
        self.0.set(false);
        let (_tag, contents): (String, _) = data.variant()?;
        contents.newtype_variant_seed(self)
    }
}

/// The 1-based line of each node of `text` whose JSON pointer (RFC 6901, escaped) is in `wanted`:
/// for a mapping's member the line of its key, for a sequence's item the line it starts on. One
/// pass of a position-aware parser that follows the document's real structure (block and flow
/// style alike, and JSON, which is YAML), so a key of the same name elsewhere never matches.
/// Parsing stops at the first syntax error or at the end of the first document; what was found
/// before is returned. Nodes below an alias are not followed.
pub fn node_lines(text: &str, wanted: &HashSet<String>) -> HashMap<String, usize> {
    use saphyr_parser::{Event, Parser};

    // Each open collection, with its pointer when it is one of the wanted nodes or holds one
    // (`None`: nothing below it is wanted, so no pointers are built there).
    enum Frame {
        /// `pending`: `None` while a key is expected, else the pointer of the value to come.
        Map {
            at: Option<String>,
            pending: Option<Option<String>>,
        },
        Seq {
            at: Option<String>,
            next: usize,
        },
    }
    let child = |at: &Option<String>, segment: &str| {
        let at = at.as_ref()?;
        let pointer = format!("{at}/{}", segment.replace('~', "~0").replace('/', "~1"));
        wanted.contains(&pointer).then_some(pointer)
    };
    let mut found = HashMap::new();
    let findable = wanted.len() - usize::from(wanted.contains("")); // the root has no line of its own
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let line = span.start.line();
        let opens = match &event {
            Event::Scalar(..) | Event::Alias(_) => false,
            Event::MappingStart(..) | Event::SequenceStart(..) => true,
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                continue;
            }
            Event::DocumentEnd if stack.is_empty() => break,
            _ => continue,
        };
        // Where this node sits: the pointer of the value it is, or `None`; keys are handled apart.
        let at: Option<String> = match stack.last_mut() {
            None => wanted.contains("").then(String::new),
            Some(Frame::Seq { at, next }) => {
                let pointer = child(at, &next.to_string());
                *next += 1;
                if let Some(pointer) = &pointer {
                    found.entry(pointer.clone()).or_insert(line);
                }
                pointer
            }
            Some(Frame::Map { at, pending }) => match pending.take() {
                Some(value) => value,
                None => {
                    // A key: a scalar names the value to come; anything else names nothing.
                    let pointer = match &event {
                        Event::Scalar(key, ..) => child(at, key),
                        _ => None,
                    };
                    if let Some(pointer) = &pointer {
                        found.entry(pointer.clone()).or_insert(line);
                    }
                    *pending = Some(pointer);
                    if opens {
                        stack.push(Frame::Seq { at: None, next: 0 }); // a complex key, skipped
                    }
                    continue;
                }
            },
        };
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { at, pending: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { at, next: 0 }),
            _ => {}
        }
        if found.len() == findable {
            break;
        }
    }
    found
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
    fn numbers_beyond_64_bits_and_repeated_keys() {
        let plain = to_json_exact("maximum: 18446744073709552000\nminimum: -9223372036854776000\n").unwrap();
        assert_eq!(plain.value["maximum"].as_f64(), Some(18446744073709552000.0));
        assert!(plain.value["minimum"].is_f64() && !plain.exact);
        let Err(error) = to_json_exact("a:\n  b: 1\n  b: 2\n") else { panic!("a repeated key is an error") };
        assert!(error.message.contains("duplicate entry with key \"b\"") && error.line.is_some(), "{error:?}");
    }

    #[test]
    fn numeric_keys_become_strings() {
        let value = to_json("responses:\n  200: ok\n").unwrap();
        assert_eq!(value["responses"]["200"], "ok");
    }

    #[test]
    fn node_lines_follow_the_structure() {
        let text = "a:\n  schemas: {x: 1}\nb:\n  - {c: 2,\n     schemas: 3}\n  - d: |\n      schemas: 4\n    schemas: 5\nschemas: 6\n";
        let wanted: HashSet<String> =
            ["", "/a", "/b", "/b/0", "/b/0/schemas", "/b/1", "/b/1/schemas", "/schemas", "/nothing"]
                .map(String::from)
                .into();
        let lines = node_lines(text, &wanted);
        let expected: HashMap<String, usize> =
            [("/a", 1), ("/b", 3), ("/b/0", 4), ("/b/0/schemas", 5), ("/b/1", 6), ("/b/1/schemas", 8), ("/schemas", 9)]
                .map(|(p, l)| (p.to_string(), l))
                .into();
        assert_eq!(lines, expected);
    }

    #[test]
    fn errors_carry_a_line() {
        let error = to_json("a: [1,\nb: c\n").unwrap_err();
        assert!(error.line.is_some(), "{error:?}");
        assert!(!error.message.contains(" at line "), "{}", error.message);
    }
}
