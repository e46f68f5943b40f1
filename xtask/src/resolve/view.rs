//! One flat, borrowed view of an OpenAPI schema, whatever shape openapiv3 parsed it into (`Type`,
//! `AllOf`, `Any`, ...), so that the resolution rules read one struct instead of a dozen enum
//! arms. Nothing is cloned from the document: views point into it.

use std::sync::LazyLock;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A schema, or a `$ref` to one, borrowed from the API.
#[derive(Debug, Clone, Copy)]
pub enum SRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> SRef<'a> {
    /// The same schema: the same `$ref`, or equal inline schemas (compared in place, which is
    /// what comparing their JSON would say, without building it).
    pub fn same(self, other: SRef<'_>) -> bool {
        match (self, other) {
            (SRef::Ref(a), SRef::Ref(b)) => a == b,
            (SRef::Item(a), SRef::Item(b)) => std::ptr::eq(a, b) || a == b,
            _ => false,
        }
    }

    pub fn of(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(schema) => SRef::Item(schema),
        }
    }

    pub fn of_boxed(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(schema) => SRef::Item(schema),
        }
    }

    pub fn item(self) -> Option<&'a Schema> {
        match self {
            SRef::Item(schema) => Some(schema),
            SRef::Ref(_) => None,
        }
    }
}

/// `{}`, `{type: number}` and `{type: integer}`, for schemas the resolver makes up (the unified
/// error envelope).
pub static ANY: LazyLock<Schema> =
    LazyLock::new(|| Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(Default::default()) });
pub static NUMBER: LazyLock<Schema> = LazyLock::new(|| Schema {
    schema_data: Default::default(),
    schema_kind: SchemaKind::Type(Type::Number(Default::default())),
});
pub static INTEGER: LazyLock<Schema> = LazyLock::new(|| Schema {
    schema_data: Default::default(),
    schema_kind: SchemaKind::Type(Type::Integer(Default::default())),
});

#[derive(Debug, Clone, Default)]
pub struct View<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub nullable: bool,
    pub deprecated: bool,
    /// `discriminator.propertyName`.
    pub discriminator: Option<&'a str>,
    /// `string`, `number`, `integer`, `boolean`, `object`, `array`, or none.
    pub ty: Option<&'static str>,
    pub format: Option<&'a str>,
    pub enumeration: Vec<Value>,
    pub properties: IndexMap<&'a str, SRef<'a>>,
    pub required: Vec<&'a str>,
    pub additional: Option<Additional<'a>>,
    /// `additionalProperties: false`.
    pub closed: bool,
    pub items: Option<SRef<'a>>,
    pub all_of: Vec<SRef<'a>>,
    pub any_of: Vec<SRef<'a>>,
    pub one_of: Vec<SRef<'a>>,
    pub not: Option<SRef<'a>>,
}

#[derive(Debug, Clone, Copy)]
pub enum Additional<'a> {
    Unconstrained,
    Schema(SRef<'a>),
}

fn properties<'a>(map: &'a IndexMap<String, ReferenceOr<Box<Schema>>>) -> IndexMap<&'a str, SRef<'a>> {
    map.iter().map(|(k, v)| (k.as_str(), SRef::of_boxed(v))).collect()
}

fn additional(value: &Option<AdditionalProperties>) -> Option<Additional<'_>> {
    value.as_ref().map(|a| match a {
        AdditionalProperties::Any(_) => Additional::Unconstrained,
        AdditionalProperties::Schema(s) => Additional::Schema(SRef::of(s)),
    })
}

fn values<T: serde::Serialize>(items: &[Option<T>]) -> Vec<Value> {
    items.iter().map(|v| serde_json::to_value(v).unwrap_or(Value::Null)).collect()
}

fn refs(members: &[ReferenceOr<Schema>]) -> Vec<SRef<'_>> {
    members.iter().map(SRef::of).collect()
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date"),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary"),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn number_format(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Some("float"),
        VariantOrUnknownOrEmpty::Item(NumberFormat::Double) => Some("double"),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn integer_format(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub fn view(schema: &Schema) -> View<'_> {
    let data = &schema.schema_data;
    let mut v = View {
        title: data.title.as_deref(),
        description: data.description.as_deref(),
        nullable: data.nullable,
        deprecated: data.deprecated,
        discriminator: data.discriminator.as_ref().map(|d| d.property_name.as_str()),
        ..View::default()
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.ty = Some("string");
            v.format = string_format(&s.format);
            v.enumeration = values(&s.enumeration);
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.ty = Some("number");
            v.format = number_format(&n.format);
            v.enumeration = values(&n.enumeration);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.ty = Some("integer");
            v.format = integer_format(&i.format);
            v.enumeration = values(&i.enumeration);
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.ty = Some("boolean");
            v.enumeration = values(&b.enumeration);
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.ty = Some("object");
            v.properties = properties(&o.properties);
            v.required = o.required.iter().map(String::as_str).collect();
            v.additional = additional(&o.additional_properties);
            v.closed = matches!(o.additional_properties, Some(AdditionalProperties::Any(false)));
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.ty = Some("array");
            v.items = a.items.as_ref().map(SRef::of_boxed);
        }
        SchemaKind::OneOf { one_of } => v.one_of = refs(one_of),
        SchemaKind::AllOf { all_of } => v.all_of = refs(all_of),
        SchemaKind::AnyOf { any_of } => v.any_of = refs(any_of),
        SchemaKind::Not { not } => v.not = Some(SRef::of(not)),
        SchemaKind::Any(any) => {
            v.ty = match any.typ.as_deref() {
                Some("string") => Some("string"),
                Some("number") => Some("number"),
                Some("integer") => Some("integer"),
                Some("boolean") => Some("boolean"),
                Some("object") => Some("object"),
                Some("array") => Some("array"),
                _ => None,
            };
            v.format = any.format.as_deref();
            v.enumeration = any.enumeration.clone();
            v.properties = properties(&any.properties);
            v.required = any.required.iter().map(String::as_str).collect();
            v.additional = additional(&any.additional_properties);
            v.closed = matches!(any.additional_properties, Some(AdditionalProperties::Any(false)));
            v.items = any.items.as_ref().map(SRef::of_boxed);
            v.all_of = refs(&any.all_of);
            v.any_of = refs(&any.any_of);
            v.one_of = refs(&any.one_of);
            v.not = any.not.as_deref().map(SRef::of);
            if v.ty.is_none() && (!v.properties.is_empty() || v.additional.is_some()) {
                v.ty = Some("object");
            }
        }
    }
    v
}

impl View<'_> {
    /// `{}`: no constraint at all.
    pub fn is_empty(&self) -> bool {
        self.ty.is_none()
            && self.enumeration.is_empty()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
            && self.not.is_none()
    }

    /// `enum: ['null']` (OpenAPI 3.0 has no null type; Infisical writes it this way).
    pub fn is_null_only(&self) -> bool {
        !self.enumeration.is_empty()
            && self.enumeration.iter().all(|v| v.is_null() || v.as_str() == Some("null"))
            && self.properties.is_empty()
    }

    /// An alternative of a union that only admits `null`: `enum: [null]`, 3.1's `type: 'null'`,
    /// or `{nullable: true}` with nothing else (schemars' way to write `Option<T>` in 3.0).
    pub fn is_null_member(&self) -> bool {
        self.is_null_only() || (self.nullable && self.is_empty())
    }

    /// `not: {}`: the value must be absent.
    pub fn is_never(&self) -> bool {
        matches!(self.not, Some(SRef::Item(inner)) if view(inner).is_empty())
            && self.ty.is_none()
            && self.properties.is_empty()
    }
}
