//! The `Deserialize` of a generated struct: its fields read by key from a map, other keys skipped.
//! Serde's derive writes the same plus a sequence visitor and a visitor of field names for every
//! struct, which made most of a large crate's compile time (`emit/derives.rs` in the generator).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A struct read field by field from a map. Not used directly.
#[doc(hidden)]
pub trait Object: Sized {
    /// The type's name, for "expected struct ..." errors.
    const NAME: &'static str;

    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads an [`Object`].
#[doc(hidden)]
pub fn object<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    // A map, not a struct: serde_json would also accept an array and compile a sequence visitor
    // for every type, which the JSON of an object never needs (a seventh of a crate's code).
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A map's key, borrowed from the input where it can be.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_string())))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(String::from_utf8_lossy(key).into_owned())))
    }

    // A number as a key names no field: it is skipped like any unknown key.
    fn visit_u64<E: Error>(self, key: u64) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_string())))
    }
}

/// Reads a field's value into its slot; a key given twice is an error, as with serde's derive.
#[doc(hidden)]
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not have.
#[doc(hidden)]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// A required field's value, or the error that it is missing.
#[doc(hidden)]
pub fn required<'de, A: MapAccess<'de>, T>(_map: &A, slot: Option<T>, name: &'static str) -> Result<T, A::Error> {
    slot.ok_or_else(|| A::Error::missing_field(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pair {
        name: String,
        note: Option<String>,
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl Object for Pair {
        const NAME: &'static str = "Pair";

        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut name, mut note) = (None, None);
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match key.as_str() {
                    "name" => field(&mut map, &mut name, "name")?,
                    "note" => field(&mut map, &mut note, "note")?,
                    _ => skip(&mut map)?,
                }
            }
            Ok(Pair { name: required(&map, name, "name")?, note: note.unwrap_or_default() })
        }
    }

    fn read(json: &str) -> Result<Pair, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_as_serdes_derive_does() {
        let pair = Pair { name: "a".into(), note: None };
        assert_eq!(read(r#"{"name":"a","other":[1,{"x":2}]}"#), Ok(pair));
        assert_eq!(read(r#"{"name":"a","note":null}"#).map(|p| p.note), Ok(None));
        assert_eq!(read(r#"{"name":"a\n","note":"b"}"#).map(|p| p.note), Ok(Some("b".into())));
        assert_eq!(read(r#"{"note":"b"}"#), Err("missing field `name` at line 1 column 12".into()));
        assert_eq!(read(r#"{"name":"a","name":"b"}"#), Err("duplicate field `name` at line 1 column 18".into()));
        assert_eq!(read(r#""a""#), Err("invalid type: string \"a\", expected struct Pair at line 1 column 3".into()));
        assert_eq!(
            read(r#"{"name":1}"#),
            Err("invalid type: integer `1`, expected a string at line 1 column 9".into())
        );
    }
}
