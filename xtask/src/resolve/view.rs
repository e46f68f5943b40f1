//! One flat view of an OpenAPI schema, whatever shape openapiv3 parsed it into (`Type`, `AllOf`,
//! `Any`, ...), so that the resolution rules read one struct instead of a dozen enum arms.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

pub type SchemaRef = ReferenceOr<Schema>;

#[derive(Debug, Clone, Default)]
pub struct View {
    pub data: SchemaData,
    /// `string`, `number`, `integer`, `boolean`, `object`, `array`, or none.
    pub ty: Option<&'static str>,
    pub format: Option<String>,
    pub enumeration: Vec<Value>,
    pub properties: IndexMap<String, SchemaRef>,
    pub required: Vec<String>,
    pub additional: Option<Additional>,
    pub items: Option<SchemaRef>,
    pub all_of: Vec<SchemaRef>,
    pub any_of: Vec<SchemaRef>,
    pub one_of: Vec<SchemaRef>,
    pub not: Option<SchemaRef>,
}

#[derive(Debug, Clone)]
pub enum Additional {
    Unconstrained,
    Schema(Box<SchemaRef>),
}

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> SchemaRef {
    match schema {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
    }
}

fn unbox_map(map: &IndexMap<String, ReferenceOr<Box<Schema>>>) -> IndexMap<String, SchemaRef> {
    map.iter().map(|(k, v)| (k.clone(), unbox(v))).collect()
}

fn additional(value: &Option<AdditionalProperties>) -> Option<Additional> {
    value.as_ref().map(|a| match a {
        AdditionalProperties::Any(_) => Additional::Unconstrained,
        AdditionalProperties::Schema(s) => Additional::Schema(Box::new((**s).clone())),
    })
}

fn values<T: serde::Serialize>(items: &[Option<T>]) -> Vec<Value> {
    items.iter().map(|v| serde_json::to_value(v).unwrap_or(Value::Null)).collect()
}

fn format_name<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item).ok()?.as_str().map(str::to_string),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub fn view(schema: &Schema) -> View {
    let mut v = View { data: schema.schema_data.clone(), ..View::default() };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.ty = Some("string");
            v.format = match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
                other => format_name(other),
            };
            v.enumeration = values(&s.enumeration);
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.ty = Some("number");
            v.format = format_name(&n.format);
            v.enumeration = values(&n.enumeration);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.ty = Some("integer");
            v.format = format_name(&i.format);
            v.enumeration = values(&i.enumeration);
        }
        SchemaKind::Type(Type::Boolean(b)) => {
            v.ty = Some("boolean");
            v.enumeration = values(&b.enumeration);
        }
        SchemaKind::Type(Type::Object(o)) => {
            v.ty = Some("object");
            v.properties = unbox_map(&o.properties);
            v.required = o.required.clone();
            v.additional = additional(&o.additional_properties);
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.ty = Some("array");
            v.items = a.items.as_ref().map(unbox);
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of.clone(),
        SchemaKind::AllOf { all_of } => v.all_of = all_of.clone(),
        SchemaKind::AnyOf { any_of } => v.any_of = any_of.clone(),
        SchemaKind::Not { not } => v.not = Some((**not).clone()),
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
            v.format = any.format.clone();
            v.enumeration = any.enumeration.clone();
            v.properties = unbox_map(&any.properties);
            v.required = any.required.clone();
            v.additional = additional(&any.additional_properties);
            v.items = any.items.as_ref().map(unbox);
            v.all_of = any.all_of.clone();
            v.any_of = any.any_of.clone();
            v.one_of = any.one_of.clone();
            v.not = any.not.as_ref().map(|n| (**n).clone());
            if v.ty.is_none() && (!v.properties.is_empty() || v.additional.is_some()) {
                v.ty = Some("object");
            }
        }
    }
    v
}

impl View {
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

    /// `not: {}`: the value must be absent.
    pub fn is_never(&self) -> bool {
        matches!(&self.not, Some(ReferenceOr::Item(inner)) if view(inner).is_empty())
            && self.ty.is_none()
            && self.properties.is_empty()
    }
}
