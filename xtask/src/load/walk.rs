//! The shape of an OpenAPI document as a JSON value: what kind of object sits under each key, so
//! that passes over the plain value (bundling external `$ref`s, reading 3.1 as 3.0) know a schema
//! from a parameter or from example data without a typed parse. Only the places that can hold a
//! schema or a `$ref` are told apart; everything else is `Other`. A vendor extension (`x-...`) is
//! data wherever it sits: a `$ref` inside one is the extension's business, never followed.

/// An OpenAPI object kind, the things a `$ref` may stand for among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Object {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Schema,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Tag,
}

impl Object {
    /// The `components` section that holds objects of this kind, when there is one (OpenAPI 3.0).
    pub fn section(self) -> Option<&'static str> {
        Some(match self {
            Object::Schema => "schemas",
            Object::Parameter => "parameters",
            Object::Header => "headers",
            Object::RequestBody => "requestBodies",
            Object::Response => "responses",
            Object::Example => "examples",
            Object::Link => "links",
            Object::Callback => "callbacks",
            Object::SecurityScheme => "securitySchemes",
            _ => return None,
        })
    }
}

/// What a value is, by its place in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    One(Object),
    /// A map whose every value is one object of that kind, keyed by names (`properties`,
    /// `components/schemas`): a key `x-...` there is a name like any other.
    Map(Object),
    /// A map keyed by patterns (`paths`, an operation's `responses`), which also takes extensions.
    Patterned(Object),
    /// A list of them (`allOf`, `parameters`).
    List(Object),
    /// Example or default values, enums: data, where `$ref` is just a key.
    Data,
    /// Anything else: a description, an extension, `servers`.
    Other,
}

/// The kind of the value under `key` (a member name, or an index as text) of a value of `kind`.
pub fn child(kind: Kind, key: &str) -> Kind {
    use Object::*;
    let object = match kind {
        Kind::Patterned(_) if is_extension(key) => return Kind::Data,
        Kind::Map(object) | Kind::Patterned(object) | Kind::List(object) => return Kind::One(object),
        Kind::Data => return Kind::Data,
        Kind::Other => return Kind::Other,
        // Every OpenAPI object, a schema included, takes extensions.
        Kind::One(_) if is_extension(key) => return Kind::Data,
        Kind::One(object) => object,
    };
    let one = Kind::One;
    match (object, key) {
        (Document, "paths") => Kind::Patterned(PathItem),
        (Document, "webhooks") => Kind::Map(PathItem),
        (Document, "components") => one(Components),
        (Document, "tags") => Kind::List(Tag),
        (Components, "schemas") => Kind::Map(Schema),
        (Components, "responses") => Kind::Map(Response),
        (Components, "parameters") => Kind::Map(Parameter),
        (Components, "examples") => Kind::Map(Example),
        (Components, "requestBodies") => Kind::Map(RequestBody),
        (Components, "headers") => Kind::Map(Header),
        (Components, "securitySchemes") => Kind::Map(SecurityScheme),
        (Components, "links") => Kind::Map(Link),
        (Components, "callbacks") => Kind::Map(Callback),
        (Components, "pathItems") => Kind::Map(PathItem),
        (PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => one(Operation),
        (PathItem | Operation, "parameters") => Kind::List(Parameter),
        (Operation, "requestBody") => one(RequestBody),
        (Operation, "responses") => Kind::Patterned(Response),
        (Operation, "callbacks") => Kind::Map(Callback),
        (Callback, _) => one(PathItem),
        (Parameter | Header, "schema") | (MediaType, "schema") => one(Schema),
        (Parameter | Header | RequestBody | Response, "content") => Kind::Map(MediaType),
        (Parameter | Header | MediaType, "examples") => Kind::Map(Example),
        (Parameter | Header | MediaType, "example") | (Example, "value") => Kind::Data,
        (Response | Encoding, "headers") => Kind::Map(Header),
        (Response, "links") => Kind::Map(Link),
        // Swagger 2.0's, in a file a 2.0 document refers to (3.0 has neither).
        (Response, "schema") => one(Schema),
        (Response, "examples") => Kind::Data,
        (MediaType, "encoding") => Kind::Map(Encoding),
        (Schema, _) => schema_child(key),
        _ => Kind::Other,
    }
}

/// A vendor extension's key: its value is data to OpenAPI.
fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// Keywords of a schema whose values are schemas, lists or maps of them, or data.
fn schema_child(key: &str) -> Kind {
    use Object::Schema;
    match key {
        "items"
        | "additionalProperties"
        | "not"
        | "if"
        | "then"
        | "else"
        | "contains"
        | "propertyNames"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "additionalItems"
        | "contentSchema" => Kind::One(Schema),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Kind::List(Schema),
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => Kind::Map(Schema),
        "example" | "examples" | "default" | "enum" | "const" | "required" | "type" | "discriminator" | "xml" => {
            Kind::Data
        }
        _ => Kind::Other,
    }
}

/// Whether a `$ref` in a value of this kind stands for an OpenAPI object (a Reference Object),
/// rather than being inlined text or data.
pub fn object_of(kind: Kind) -> Option<Object> {
    match kind {
        Kind::One(object) => Some(object),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &[&str]) -> Kind {
        path.iter().fold(Kind::One(Object::Document), |kind, key| child(kind, key))
    }

    #[test]
    fn kinds_by_place() {
        assert_eq!(at(&["paths", "/a", "get", "parameters", "0", "schema"]), Kind::One(Object::Schema));
        assert_eq!(
            at(&["paths", "/a", "get", "responses", "200", "content", "a/b", "schema", "allOf", "1"]),
            Kind::One(Object::Schema)
        );
        assert_eq!(at(&["components", "schemas", "A", "properties", "example", "items"]), Kind::One(Object::Schema));
        assert_eq!(at(&["components", "schemas", "A", "example", "$ref"]), Kind::Data);
        assert_eq!(at(&["tags", "0", "description"]), Kind::Other);
        assert_eq!(at(&["components", "responses", "E", "headers", "X"]), Kind::One(Object::Header));
        assert_eq!(at(&["paths", "/a", "post", "callbacks", "c", "{$url}", "post"]), Kind::One(Object::Operation));
    }

    #[test]
    fn extensions_are_data_wherever_they_sit() {
        for path in [
            &["x-logo"][..],
            &["paths", "x-internal"],
            &["paths", "/a", "x-rate"],
            &["paths", "/a", "get", "responses", "x-codes"],
            &["components", "schemas", "A", "properties", "b", "x-expansionResources"],
            &["components", "schemas", "A", "anyOf", "0", "x-kind"],
            &["paths", "/a", "post", "callbacks", "c", "x-hook"],
        ] {
            assert_eq!(at(path), Kind::Data, "{path:?}");
        }
        // Where keys are names, `x-...` names a property or a component.
        assert_eq!(at(&["components", "schemas", "A", "properties", "x-b"]), Kind::One(Object::Schema));
        assert_eq!(at(&["components", "schemas", "x-b"]), Kind::One(Object::Schema));
    }
}
