//! The rule table: how each kind of change affects callers of the generated crate, by the
//! direction the affected type travels (into the API in requests, out of it in responses). One
//! `match`, one test per row.

use serde::{Deserialize, Serialize};

/// What a change asks of the crate's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Documentation only.
    Patch,
    /// New API; existing callers keep compiling and working.
    Addition,
    /// Existing callers may stop compiling or behave differently.
    Breaking,
}

/// Where a type is used. Operation-level changes have no direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    None,
    Request,
    Response,
    Both,
}

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
    ParameterAddedOptional,
    /// The operation's first optional parameter: its method gains a `params` argument.
    FirstOptionalParameter,
    ParameterRemoved,
    /// Its type, or whether it is required (an argument vs a `Params` field).
    ParameterChanged,
    BodyChanged,
    SuccessTypeChanged,
    ErrorTypeChanged,
    ErrorStatusAdded,
    ErrorStatusRemoved,
    TypeAdded,
    TypeRemoved,
    /// Removed under one name and added under another with the same shape: the wire is unchanged,
    /// the Rust name is not.
    TypeRenamed,
    /// Struct ↔ enum ↔ union ↔ alias, a union's tag, or a struct's constant tag.
    TypeKindChanged,
    FieldAddedRequired,
    FieldAddedOptional,
    FieldRemoved,
    FieldTypeChanged,
    /// Required ↔ optional: the Rust type gains or loses its `Option`.
    FieldRequirednessChanged,
    /// Nullable ↔ not, where the Rust type stays the same.
    FieldNullabilityChanged,
    EnumValueAdded,
    EnumValueRemoved,
    VariantAdded,
    VariantRemoved,
    Deprecated,
    DocChanged,
}

/// The table.
pub fn classify(rule: Rule, direction: Direction) -> Level {
    use Direction::*;
    use Level::*;
    use Rule::*;
    match (rule, direction) {
        (OperationAdded, _) => Addition,
        (OperationRemoved | OperationRenamed, _) => Breaking,
        // Same signature; the request goes where the API now says.
        (EndpointChanged, _) => Addition,
        (ParameterAddedRequired | FirstOptionalParameter | ParameterRemoved | ParameterChanged, _) => Breaking,
        (ParameterAddedOptional, _) => Addition,
        (BodyChanged | SuccessTypeChanged | ErrorTypeChanged, _) => Breaking,
        // A status that was `UnexpectedStatus` becomes `Api` (or back): callers matching on it see it.
        (ErrorStatusAdded | ErrorStatusRemoved, _) => Addition,
        (TypeAdded, _) => Addition,
        (TypeRemoved | TypeRenamed | TypeKindChanged, _) => Breaking,
        // A request must now carry it; a response simply has more.
        (FieldAddedRequired, Request | Both) => Breaking,
        (FieldAddedRequired, None | Response) => Addition,
        (FieldAddedOptional, _) => Addition,
        (FieldRemoved | FieldTypeChanged | FieldRequirednessChanged, _) => Breaking,
        (FieldNullabilityChanged, _) => Addition,
        // Enums and unions are open (`Other`): a new value in a response parses.
        (EnumValueAdded | VariantAdded, _) => Addition,
        // A request can no longer send it, and code naming the variant stops compiling.
        (EnumValueRemoved | VariantRemoved, _) => Breaking,
        (Deprecated, _) => Addition,
        (DocChanged, _) => Patch,
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
        (FirstOptionalParameter, None, Breaking),
        (ParameterRemoved, None, Breaking),
        (ParameterChanged, None, Breaking),
        (BodyChanged, None, Breaking),
        (SuccessTypeChanged, None, Breaking),
        (ErrorTypeChanged, None, Breaking),
        (ErrorStatusAdded, None, Addition),
        (ErrorStatusRemoved, None, Addition),
        (TypeAdded, Response, Addition),
        (TypeRemoved, Response, Breaking),
        (TypeRenamed, Response, Breaking),
        (TypeKindChanged, Request, Breaking),
        (FieldAddedRequired, Request, Breaking),
        (FieldAddedRequired, Response, Addition),
        (FieldAddedRequired, Both, Breaking),
        (FieldAddedOptional, Request, Addition),
        (FieldAddedOptional, Response, Addition),
        (FieldRemoved, Response, Breaking),
        (FieldRemoved, Request, Breaking),
        (FieldTypeChanged, Response, Breaking),
        (FieldRequirednessChanged, Request, Breaking),
        (FieldRequirednessChanged, Response, Breaking),
        (FieldNullabilityChanged, Response, Addition),
        (EnumValueAdded, Response, Addition),
        (EnumValueAdded, Request, Addition),
        (EnumValueRemoved, Request, Breaking),
        (EnumValueRemoved, Response, Breaking),
        (VariantAdded, Response, Addition),
        (VariantRemoved, Response, Breaking),
        (Deprecated, None, Addition),
        (DocChanged, Both, Patch),
    ];

    #[test]
    fn every_row_of_the_table() {
        for (rule, direction, level) in TABLE {
            assert_eq!(classify(*rule, *direction), *level, "{rule:?} in {direction:?}");
        }
    }
}
