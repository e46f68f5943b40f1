//! `$ref`s as JSON pointers into the merged API, whatever they point at: a component
//! (`#/components/schemas/Tag`), a place below one (`#/components/schemas/Tag/allOf/0`,
//! `#/components/responses/Conflict/content/application~1json/schema`), another kind of component
//! (`#/components/parameters/limit/schema`) or an operation (`#/paths/~1a/get/parameters/0`).
//! The pointer is followed segment by segment through openapiv3's typed structures, borrowing what
//! it finds; a `$ref` met on the way is followed too (a bounded number of times, so a cycle of
//! references ends). The resolver decides what a target means: a whole schema component stays a
//! named type, anything deeper is resolved as if written in place.

use indexmap::IndexMap;
use openapiv3::{Header, MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response};

use super::view::{Additional, SRef, view};
use crate::merge::{Api, SourcedOperation};

/// References followed inside one lookup before it gives up (a cycle of `$ref`s).
const MAX_HOPS: usize = 32;

/// What a pointer found.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// A schema, or a `$ref` to one (left for the caller, which may keep it as a named type).
    Schema(SRef<'a>),
    Parameter(&'a Parameter),
    RequestBody(&'a RequestBody),
    Response(&'a Response),
}

/// Where a pointer stopped finding anything: the part of it that did resolve (`#/components/schemas/Tag`)
/// and the rest (`properties/nope`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub found: String,
    pub rest: String,
}

/// A place on the way down.
enum At<'a> {
    Root,
    Components,
    Section(&'a str),
    Paths,
    Path(&'a str),
    Operation(&'a SourcedOperation),
    Parameters(&'a [ReferenceOr<Parameter>]),
    Responses(&'a openapiv3::Responses),
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
    Content(&'a IndexMap<String, MediaType>),
    Media(&'a MediaType),
    Properties(IndexMap<&'a str, SRef<'a>>),
    Members(Vec<SRef<'a>>),
    Node(Node<'a>),
    Header(&'a Header),
}

/// What `reference` points at in `api`.
pub fn find<'a>(api: &'a Api, reference: &str) -> Result<Node<'a>, Miss> {
    find_within(api, reference, 0)
}

fn find_within<'a>(api: &'a Api, reference: &str, hops: usize) -> Result<Node<'a>, Miss> {
    let miss = |depth: usize| {
        let segments: Vec<&str> = reference.trim_start_matches('#').split('/').skip(1).collect();
        let (found, rest) = segments.split_at(depth.min(segments.len()));
        Miss { found: format!("#{}", found.iter().map(|s| format!("/{s}")).collect::<String>()), rest: rest.join("/") }
    };
    let Some(pointer) = reference.strip_prefix('#') else { return Err(miss(0)) };
    if hops > MAX_HOPS {
        return Err(miss(0));
    }
    // A URI fragment: each segment percent-decoded, then unescaped (RFC 6901).
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut at = At::Root;
    for (depth, segment) in segments.iter().enumerate() {
        at = step(api, at, segment, hops).ok_or_else(|| miss(depth))?;
    }
    match at {
        At::Node(node) => Ok(node),
        _ => Err(miss(segments.len())),
    }
}

/// One segment down from `at`.
fn step<'a>(api: &'a Api, at: At<'a>, segment: &str, hops: usize) -> Option<At<'a>> {
    let components = &api.components;
    let next = match at {
        At::Root => match segment {
            "components" => At::Components,
            "paths" => At::Paths,
            _ => return None,
        },
        At::Components => match segment {
            "schemas" | "parameters" | "requestBodies" | "responses" | "headers" => At::Section(
                ["schemas", "parameters", "requestBodies", "responses", "headers"]
                    .into_iter()
                    .find(|s| *s == segment)?,
            ),
            _ => return None,
        },
        At::Section(section) => match section {
            "schemas" => At::Node(Node::Schema(SRef::of(components.schemas.get(segment)?))),
            "parameters" => At::Node(Node::Parameter(item(api, components.parameters.get(segment)?, hops)?)),
            "requestBodies" => At::Node(Node::RequestBody(item(api, components.request_bodies.get(segment)?, hops)?)),
            "responses" => At::Node(Node::Response(item(api, components.responses.get(segment)?, hops)?)),
            _ => At::Header(header(api, components.headers.get(segment)?, hops)?),
        },
        At::Paths => {
            let op = api.operations.iter().find(|op| op.path == segment)?;
            At::Path(&op.path)
        }
        At::Path(path) => {
            let mut ops = api.operations.iter().filter(|op| op.path == path);
            if segment == "parameters" {
                At::Parameters(&ops.next()?.path_parameters)
            } else {
                At::Operation(ops.find(|op| op.method == segment)?)
            }
        }
        At::Operation(op) => match segment {
            "parameters" => At::Parameters(&op.operation.parameters),
            "requestBody" => At::Node(Node::RequestBody(item(api, op.operation.request_body.as_ref()?, hops)?)),
            "responses" => At::Responses(&op.operation.responses),
            _ => return None,
        },
        At::Parameters(list) => At::Node(Node::Parameter(item(api, list.get(segment.parse::<usize>().ok()?)?, hops)?)),
        At::Responses(responses) => {
            let response = match segment {
                "default" => responses.default.as_ref()?,
                code => responses.responses.iter().find(|(s, _)| s.to_string().eq_ignore_ascii_case(code))?.1,
            };
            At::Node(Node::Response(item(api, response, hops)?))
        }
        At::Headers(headers) => At::Header(header(api, headers.get(segment)?, hops)?),
        At::Content(content) => At::Media(content.get(segment)?),
        At::Media(media) => match segment {
            "schema" => At::Node(Node::Schema(SRef::of(media.schema.as_ref()?))),
            _ => return None,
        },
        At::Header(header) => described(&header.format, segment)?,
        At::Properties(properties) => At::Node(Node::Schema(*properties.get(segment)?)),
        At::Members(members) => At::Node(Node::Schema(*members.get(segment.parse::<usize>().ok()?)?)),
        At::Node(Node::Parameter(parameter)) => described(&parameter.parameter_data_ref().format, segment)?,
        At::Node(Node::RequestBody(body)) => match segment {
            "content" => At::Content(&body.content),
            _ => return None,
        },
        At::Node(Node::Response(response)) => match segment {
            "content" => At::Content(&response.content),
            "headers" => At::Headers(&response.headers),
            _ => return None,
        },
        At::Node(Node::Schema(schema)) => {
            let schema = match schema {
                SRef::Item(schema) => schema,
                SRef::Ref(reference) => match find_within(api, reference, hops + 1).ok()? {
                    Node::Schema(SRef::Item(schema)) => schema,
                    Node::Schema(SRef::Ref(next)) => {
                        return step(api, At::Node(Node::Schema(SRef::Ref(next))), segment, hops + 1);
                    }
                    _ => return None,
                },
            };
            let v = view(schema);
            match segment {
                "properties" => At::Properties(v.properties),
                "allOf" => At::Members(v.all_of),
                "anyOf" => At::Members(v.any_of),
                "oneOf" => At::Members(v.one_of),
                "items" => At::Node(Node::Schema(v.items?)),
                "not" => At::Node(Node::Schema(v.not?)),
                "additionalProperties" => match v.additional? {
                    Additional::Schema(schema) => At::Node(Node::Schema(schema)),
                    Additional::Unconstrained => return None,
                },
                _ => return None,
            }
        }
    };
    Some(next)
}

/// A parameter's or header's `schema` or `content`.
fn described<'a>(format: &'a ParameterSchemaOrContent, segment: &str) -> Option<At<'a>> {
    match (format, segment) {
        (ParameterSchemaOrContent::Schema(schema), "schema") => Some(At::Node(Node::Schema(SRef::of(schema)))),
        (ParameterSchemaOrContent::Content(content), "content") => Some(At::Content(content)),
        _ => None,
    }
}

/// An object that is not a schema, following its `$ref` when it is one.
fn item<'a, T: Found<'a>>(api: &'a Api, value: &'a ReferenceOr<T>, hops: usize) -> Option<&'a T> {
    match value {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => T::found(find_within(api, reference, hops + 1).ok()?),
    }
}

pub(super) fn header<'a>(api: &'a Api, value: &'a ReferenceOr<Header>, hops: usize) -> Option<&'a Header> {
    match value {
        ReferenceOr::Item(header) => Some(header),
        // Headers are reached only as a step on the way to their schema: follow a component's.
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/headers/")?;
            (hops < MAX_HOPS).then(|| header(api, api.components.headers.get(name)?, hops + 1))?
        }
    }
}

/// The kinds of object a `$ref` outside a schema may stand for.
pub trait Found<'a>: Sized {
    fn found(node: Node<'a>) -> Option<&'a Self>;
}

impl<'a> Found<'a> for Parameter {
    fn found(node: Node<'a>) -> Option<&'a Self> {
        match node {
            Node::Parameter(parameter) => Some(parameter),
            _ => None,
        }
    }
}

impl<'a> Found<'a> for RequestBody {
    fn found(node: Node<'a>) -> Option<&'a Self> {
        match node {
            Node::RequestBody(body) => Some(body),
            _ => None,
        }
    }
}

impl<'a> Found<'a> for Response {
    fn found(node: Node<'a>) -> Option<&'a Self> {
        match node {
            Node::Response(response) => Some(response),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let loaded = crate::load::load_text(std::path::Path::new("doc.yaml"), yaml).unwrap();
        crate::merge::merge(loaded.pages).unwrap()
    }

    const DOC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    parameters:
      - {name: p, in: query, schema: {type: boolean}}
    get:
      parameters:
        - {name: q, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Tag/allOf/1'}}}
components:
  parameters:
    limit: {name: limit, in: query, schema: {type: integer, format: int32}}
    alias: {$ref: '#/components/parameters/limit'}
  responses:
    Conflict:
      description: conflict
      content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
  schemas:
    Tag:
      allOf:
        - {type: object, properties: {id: {type: string}}}
        - {$ref: '#/components/schemas/Name'}
    Name:
      type: object
      properties: {name: {type: array, items: {type: string}}}
";

    fn schema_title(node: Result<Node<'_>, Miss>) -> String {
        match node {
            Ok(Node::Schema(SRef::Item(schema))) => format!("{:?}", view(schema).ty),
            Ok(Node::Schema(SRef::Ref(reference))) => reference.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn finds_any_place() {
        let api = api(DOC);
        assert_eq!(schema_title(find(&api, "#/components/schemas/Tag/allOf/0/properties/id")), "Some(\"string\")");
        assert_eq!(schema_title(find(&api, "#/components/schemas/Tag/allOf/1")), "#/components/schemas/Name");
        // Through a `$ref` on the way.
        assert_eq!(
            schema_title(find(&api, "#/components/schemas/Tag/allOf/1/properties/name/items")),
            "Some(\"string\")"
        );
        assert_eq!(
            schema_title(find(&api, "#/components/responses/Conflict/content/application~1json/schema")),
            "Some(\"object\")"
        );
        assert_eq!(schema_title(find(&api, "#/components/parameters/alias/schema")), "Some(\"integer\")");
        assert_eq!(schema_title(find(&api, "#/paths/~1a/get/parameters/0/schema")), "Some(\"integer\")");
        assert_eq!(schema_title(find(&api, "#/paths/~1a/parameters/0/schema")), "Some(\"boolean\")");
        assert_eq!(
            schema_title(find(&api, "#/paths/~1a/get/responses/200/content/application%2Fjson/schema")),
            "#/components/schemas/Tag/allOf/1"
        );
        assert!(
            matches!(find(&api, "#/components/parameters/alias"), Ok(Node::Parameter(p)) if p.parameter_data_ref().name == "limit")
        );
    }

    #[test]
    fn says_how_far_it_got() {
        let api = api(DOC);
        let miss = find(&api, "#/components/schemas/Tag/allOf/5/properties").unwrap_err();
        assert_eq!(miss, Miss { found: "#/components/schemas/Tag/allOf".into(), rest: "5/properties".into() });
        assert!(find(&api, "#/components/schemas").is_err(), "a section is no schema");
        assert!(find(&api, "other.yaml#/x").is_err());
    }
}
