//! The rule table: how each kind of change affects callers of the generated crate, by the
//! direction the affected type travels (into the API in requests, out of it in responses). One
//! `match`, one test per row.

use serde::{Deserialize, Serialize};

/// What a change asks of the crate's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing a caller's code sees changes: documentation, or what the SDK sends by itself.
    Patch,
    /// New API; existing callers keep compiling and working.
    Addition,
    /// Existing callers may stop compiling or behave differently.
    Breaking,
}

pub use crate::usage::Direction;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    OperationAdded,
    OperationRemoved,
    /// Same endpoint, another Rust method name.
    OperationRenamed,
    /// Same Rust method, another method or path.
    EndpointChanged,
    ParameterAddedRequired,
    /// A new setter on the operation's call.
    ParameterAddedOptional,
    ParameterRemoved,
    /// Its type, or whether it is required (an argument vs a `Params` field).
    ParameterChanged,
    BodyChanged,
    SuccessTypeChanged,
    ErrorTypeChanged,
    /// The spec lists another error status. Every error status parses into the error type
    /// whether listed or not, so callers see no difference.
    ErrorStatusAdded,
    ErrorStatusRemoved,
    TypeAdded,
    TypeRemoved,
    /// Removed under one name and added under another with the same shape: the wire is unchanged,
    /// the Rust name is not.
    TypeRenamed,
    /// Struct ↔ enum ↔ union ↔ alias.
    TypeKindChanged,
    /// The type is now sent to the API: it gains a constructor and setters.
    RequestUseAdded,
    /// The type is no longer sent: its constructor and setters are gone.
    RequestUseRemoved,
    /// The type has a serde impl it had only with a feature: the API now takes it (`Serialize`)
    /// or returns it (`Deserialize`).
    SerdeImplAdded,
    /// A serde impl is now behind its feature (`serialize-responses`, `deserialize-requests`): the
    /// API no longer takes or returns the type.
    SerdeImplRemoved,
    /// The required fields of a sent type come in another order: so do `new`'s arguments.
    ConstructorOrderChanged,
    /// A struct's or union's tag, or a required constant: what the SDK writes by itself.
    ConstantChanged,
    FieldAddedRequired,
    FieldAddedOptional,
    FieldRemoved,
    /// Same JSON property, another Rust name.
    FieldRenamed,
    FieldTypeChanged,
    /// Required ↔ optional: the Rust type gains or loses its `Option`.
    FieldRequirednessChanged,
    /// Nullable ↔ not, where the Rust type stays the same (`Option<T>`): in a type that is sent,
    /// a required-and-nullable field is an argument of `new`, an optional one a setter.
    FieldNullabilityChanged,
    EnumValueAdded,
    EnumValueRemoved,
    /// Same wire value or tag, another Rust name.
    EnumValueRenamed,
    VariantAdded,
    VariantRemoved,
    VariantRenamed,
    Deprecated,
    DocChanged,
    /// A tag's Cargo feature, new with the tag.
    FeatureAdded,
    /// A tag's Cargo feature is gone: a caller's `Cargo.toml` that names it no longer builds.
    FeatureRemoved,
    /// A type no longer compiles with a feature it did (or did always). With the default features
    /// (every tag) nothing changes, which is what cargo-semver-checks judges; a caller who chose
    /// features may need another one for the type, as the detail says.
    FeaturesChanged,
    /// A security scheme (or the login of `sdk.toml`): a new builder method.
    SchemeAdded,
    /// Its builder method is gone.
    SchemeRemoved,
    /// Another kind under the same name, or another method name: the method takes other
    /// arguments, or is another method.
    SchemeChanged,
    /// An operation needs credentials it did not: a caller who configured what sufficed gets an
    /// error before the call is sent.
    SecurityRequired,
    /// An operation's requirements changed, and whatever sufficed still does.
    SecurityChanged,
}

/// The table. Every struct and enum of the generated crate is `#[non_exhaustive]`, sent types are
/// built through `new` (exactly the required fields) and setters, and an operation's optional
/// parameters are setters of its call: that is what makes an "addition" one for every caller.
pub fn classify(rule: Rule, direction: Direction) -> Level {
    use Direction::*;
    use Level::*;
    use Rule::*;
    match (rule, direction) {
        (OperationAdded, _) => Addition,
        (OperationRemoved | OperationRenamed, _) => Breaking,
        // Same signature; the request goes where the API now says.
        (EndpointChanged, _) => Addition,
        (ParameterAddedRequired | ParameterRemoved | ParameterChanged, _) => Breaking,
        (ParameterAddedOptional, _) => Addition,
        (BodyChanged | SuccessTypeChanged | ErrorTypeChanged, _) => Breaking,
        (ErrorStatusAdded | ErrorStatusRemoved, _) => Patch,
        (TypeAdded, _) => Addition,
        (TypeRemoved | TypeRenamed | TypeKindChanged, _) => Breaking,
        (RequestUseAdded, _) => Addition,
        (RequestUseRemoved, _) => Breaking,
        (SerdeImplAdded, _) => Addition,
        (SerdeImplRemoved, _) => Breaking,
        (ConstructorOrderChanged, Request | Both) => Breaking,
        (ConstructorOrderChanged, None | Response) => Patch,
        (ConstantChanged, _) => Patch,
        // A request must now carry it (`new` takes it); a response simply has more.
        (FieldAddedRequired, Request | Both) => Breaking,
        (FieldAddedRequired, None | Response) => Addition,
        (FieldAddedOptional, _) => Addition,
        (FieldRemoved | FieldRenamed | FieldTypeChanged | FieldRequirednessChanged, _) => Breaking,
        (FieldNullabilityChanged, Request | Both) => Breaking,
        (FieldNullabilityChanged, None | Response) => Addition,
        // Enums and unions are `#[non_exhaustive]` and open (`Other`): a new value parses, and
        // no `match` of a caller's stops compiling.
        (EnumValueAdded | VariantAdded, _) => Addition,
        // A request can no longer send it, and code naming the variant stops compiling.
        (EnumValueRemoved | EnumValueRenamed | VariantRemoved | VariantRenamed, _) => Breaking,
        (Deprecated, _) => Addition,
        (DocChanged, _) => Patch,
        (FeatureAdded, _) => Addition,
        (FeatureRemoved, _) => Breaking,
        (FeaturesChanged, _) => Patch,
        (SchemeAdded, _) => Addition,
        (SchemeRemoved | SchemeChanged | SecurityRequired, _) => Breaking,
        (SecurityChanged, _) => Patch,
    }
}

#[cfg(test)]
mod tests {
    use super::Direction::*;
    use super::Level::*;
    use super::Rule::*;
    use super::*;

    /// One row per rule and direction that the table distinguishes.
    const TABLE: &[(Rule, Direction, Level)] = &[
        (OperationAdded, None, Addition),
        (OperationRemoved, None, Breaking),
        (OperationRenamed, None, Breaking),
        (EndpointChanged, None, Addition),
        (ParameterAddedRequired, None, Breaking),
        (ParameterAddedOptional, None, Addition),
        (ParameterRemoved, None, Breaking),
        (ParameterChanged, None, Breaking),
        (BodyChanged, None, Breaking),
        (SuccessTypeChanged, None, Breaking),
        (ErrorTypeChanged, None, Breaking),
        (ErrorStatusAdded, None, Patch),
        (ErrorStatusRemoved, None, Patch),
        (TypeAdded, Response, Addition),
        (TypeRemoved, Response, Breaking),
        (TypeRenamed, Response, Breaking),
        (TypeKindChanged, Request, Breaking),
        (RequestUseAdded, Both, Addition),
        (RequestUseRemoved, Response, Breaking),
        (SerdeImplAdded, Both, Addition),
        (SerdeImplRemoved, Request, Breaking),
        (ConstructorOrderChanged, Request, Breaking),
        (ConstructorOrderChanged, Response, Patch),
        (ConstantChanged, Request, Patch),
        (FieldAddedRequired, Request, Breaking),
        (FieldAddedRequired, Response, Addition),
        (FieldAddedRequired, Both, Breaking),
        (FieldAddedOptional, Request, Addition),
        (FieldAddedOptional, Response, Addition),
        (FieldRemoved, Response, Breaking),
        (FieldRemoved, Request, Breaking),
        (FieldRenamed, Response, Breaking),
        (FieldTypeChanged, Response, Breaking),
        (FieldRequirednessChanged, Request, Breaking),
        (FieldRequirednessChanged, Response, Breaking),
        (FieldNullabilityChanged, Response, Addition),
        (FieldNullabilityChanged, Request, Breaking),
        (EnumValueAdded, Response, Addition),
        (EnumValueAdded, Request, Addition),
        (EnumValueRemoved, Request, Breaking),
        (EnumValueRemoved, Response, Breaking),
        (EnumValueRenamed, Response, Breaking),
        (VariantAdded, Response, Addition),
        (VariantRemoved, Response, Breaking),
        (VariantRenamed, Request, Breaking),
        (Deprecated, None, Addition),
        (DocChanged, Both, Patch),
        (FeatureAdded, None, Addition),
        (FeatureRemoved, None, Breaking),
        (FeaturesChanged, Response, Patch),
        (SchemeAdded, None, Addition),
        (SchemeRemoved, None, Breaking),
        (SchemeChanged, None, Breaking),
        (SecurityRequired, None, Breaking),
        (SecurityChanged, None, Patch),
    ];

    #[test]
    fn every_row_of_the_table() {
        for (rule, direction, level) in TABLE {
            assert_eq!(classify(*rule, *direction), *level, "{rule:?} in {direction:?}");
        }
    }
}
