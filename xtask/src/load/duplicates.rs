//! Duplicate keys in a JSON document. serde_json keeps the last of two equal keys silently, and
//! openapiv3's typed parse panics on them (found by the fuzzer), so they are refused first, with
//! the key's path.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

/// Walks any JSON value and fails on the first object that repeats a key.
struct Check;

impl<'de> de::Deserialize<'de> for Check {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CheckVisitor)
    }
}

struct CheckVisitor;

impl<'de> Visitor<'de> for CheckVisitor {
    type Value = Check;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Check, E> {
        Ok(Check)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Check, E> {
        Ok(Check)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Check, E> {
        Ok(Check)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Check, E> {
        Ok(Check)
    }
    fn visit_str<E>(self, _: &str) -> Result<Check, E> {
        Ok(Check)
    }
    fn visit_unit<E>(self) -> Result<Check, E> {
        Ok(Check)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Check, A::Error> {
        while seq.next_element::<Check>()?.is_some() {}
        Ok(Check)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Check, A::Error> {
        let mut keys = HashSet::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if !keys.insert(key.clone()) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            map.next_value::<Check>()?;
        }
        Ok(Check)
    }
}

/// A key, borrowed from the text unless it has escapes: most documents have no repeated key, so
/// the check should cost little more than reading the text.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }
    fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_string())))
    }
}

/// The first repeated key, as (message with its path, line, column).
pub fn first_duplicate(text: &str) -> Option<(String, usize, usize)> {
    // The plain walk first; the one that tracks paths only when there is something to report.
    serde_json::from_str::<Check>(text).err()?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let error = serde_path_to_error::deserialize::<_, Check>(&mut deserializer).err()?;
    let path = error.path().to_string();
    let inner = error.into_inner();
    let text = inner.to_string();
    // serde_json appends " at line L column C"; the diagnostic shows the place itself.
    let message = text.split(" at line ").next().unwrap_or(&text);
    message.contains("duplicate key").then(|| (format!("{path}: {message}"), inner.line(), inner.column()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_a_repeated_key_and_its_path() {
        let (message, line, _) = super::first_duplicate("{\"a\": {\"b\": 1,\n \"b\": 2}}").unwrap();
        assert!(message.contains("duplicate key `b`") && message.starts_with("a:"), "{message}");
        assert_eq!(line, 2);
        assert!(super::first_duplicate("{\"a\": [1, {\"b\": 2}], \"c\": null}").is_none());
    }
}
