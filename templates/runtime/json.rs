//! Free-form values: what the spec leaves open (`{}`, `additionalProperties`). They are where
//! credentials hide (a dynamic secret's lease data is `{"DB_PASSWORD": "..."}`), so their `Debug`
//! shows their shape, never their values. Everything else about them is the plain value's.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};

/// Any JSON value. Reads like a `serde_json::Value` (it derefs to one); `Debug` prints its shape:
/// `Json({"user": string, "ttl": number})`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Json(pub serde_json::Value);

impl Json {
    pub fn into_inner(self) -> serde_json::Value {
        self.0
    }
}

impl Deref for Json {
    type Target = serde_json::Value;

    fn deref(&self) -> &serde_json::Value {
        &self.0
    }
}

impl DerefMut for Json {
    fn deref_mut(&mut self) -> &mut serde_json::Value {
        &mut self.0
    }
}

impl From<serde_json::Value> for Json {
    fn from(value: serde_json::Value) -> Self {
        Json(value)
    }
}

impl From<Json> for serde_json::Value {
    fn from(value: Json) -> Self {
        value.0
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Json(")?;
        shape(&self.0, f, 0)?;
        write!(f, ")")
    }
}

/// Objects show their keys (names, not data), two levels deep; every value shows its kind.
fn shape(value: &serde_json::Value, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    use serde_json::Value;
    match value {
        Value::Null => f.write_str("null"),
        Value::Bool(_) => f.write_str("boolean"),
        Value::Number(_) => f.write_str("number"),
        Value::String(_) => f.write_str("string"),
        Value::Array(items) => write!(f, "[{} item(s)]", items.len()),
        Value::Object(map) if depth >= 2 => write!(f, "{{{} key(s)}}", map.len()),
        Value::Object(map) => {
            f.write_str("{")?;
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{key:?}: ")?;
                shape(value, f, depth + 1)?;
            }
            f.write_str("}")
        }
    }
}

/// A JSON object with keys the spec does not name (`additionalProperties`). Reads like a
/// `BTreeMap` (it derefs to one); `Debug` prints its keys only.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Map<V>(pub BTreeMap<String, V>);

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map(BTreeMap::new())
    }
}

impl<V> Map<V> {
    pub fn new() -> Self {
        Map::default()
    }

    pub fn into_inner(self) -> BTreeMap<String, V> {
        self.0
    }
}

impl<V> Deref for Map<V> {
    type Target = BTreeMap<String, V>;

    fn deref(&self) -> &BTreeMap<String, V> {
        &self.0
    }
}

impl<V> DerefMut for Map<V> {
    fn deref_mut(&mut self) -> &mut BTreeMap<String, V> {
        &mut self.0
    }
}

impl<V> From<BTreeMap<String, V>> for Map<V> {
    fn from(map: BTreeMap<String, V>) -> Self {
        Map(map)
    }
}

impl<K: Into<String>, V> FromIterator<(K, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        Map(items.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl<V> IntoIterator for Map<V> {
    type Item = (String, V);
    type IntoIter = std::collections::btree_map::IntoIter<String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<V> fmt::Debug for Map<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Map").field(&self.0.keys().collect::<Vec<_>>()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Json, Map};

    #[test]
    fn debug_shows_shapes_and_keys_never_values() {
        // Keys in sorted order: serde_json may keep insertion order or sort, as its features say.
        let lease = Json(serde_json::json!({ "DB_PASSWORD": "s3cr3t", "nested": { "key": ["s3cr3t"] }, "ttl": 60 }));
        let printed = format!("{lease:?}");
        assert_eq!(printed, r#"Json({"DB_PASSWORD": string, "nested": {"key": [1 item(s)]}, "ttl": number})"#);
        let map: Map<String> = [("DB_PASSWORD", "s3cr3t".to_string())].into_iter().collect();
        assert_eq!(format!("{map:?}"), r#"Map(["DB_PASSWORD"])"#);
        assert_eq!(lease["ttl"], 60, "it reads like the value it holds");
    }
}
