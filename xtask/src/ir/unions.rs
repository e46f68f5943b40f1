//! Unions in the IR: the variants of a `oneOf`/`anyOf`, told apart by a tag, or read by the fit
//! each variant's spec gives it (docs/design.md, "Unions").

use serde::{Deserialize, Serialize};

use super::TypeRef;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Union {
    /// The property that tells the variants apart. `None`: untagged, each value read as the
    /// variant it fits best (`Variant::fit`), a value no variant fits kept as received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    pub variants: Vec<Variant>,
    /// Untagged, and every variant has a property, a kind or a constant no other has: a value
    /// says which it is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub distinct: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    /// The tag's value for this variant (tagged unions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_value: Option<String>,
    pub ty: TypeRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// What a value must be to be this variant (untagged unions only); `None`: whatever decodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<Fit>,
}

/// What a JSON value must be to be read as a variant: its kind, and for an object the properties
/// it must hold, may hold, and the values it allows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    /// `None`: any kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<JsonKind>,
    /// The values the value itself may be (a scalar enum); empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// The properties it declares (wire names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<String>,
    /// `additionalProperties: false`: a value holds none but these.
    #[serde(default, skip_serializing_if = "is_false")]
    pub closed: bool,
    /// It keeps the properties it does not declare (a map beside its fields, or a map).
    #[serde(default, skip_serializing_if = "is_false")]
    pub keeps_others: bool,
    /// Properties whose values it lists (an enum) or fixes (a constant).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Allowed>,
    /// A union of its own: it fits where one of these does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Fit>,
}

/// The values a variant allows a property.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Allowed {
    pub property: String,
    pub values: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    Object,
    String,
    Integer,
    Number,
    Boolean,
    Array,
}

fn is_false(value: &bool) -> bool {
    !*value
}
