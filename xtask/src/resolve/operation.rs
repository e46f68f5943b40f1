//! Operations: parameters, request body and responses by status. Error responses that are inline
//! objects unify into one superset type (docs/design.md, "Error envelopes"): Infisical's differ slightly
//! by status, and a caller wants one error type.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::pointer::{self, Found};
use super::view::{ANY, INTEGER, NUMBER, SRef, View, view};
use super::{Ctx, Resolver, bindings, methods, reserved};
use crate::diag::pointer;
use crate::ident;
use crate::ir::{self, MediaKind, ParamLocation, TypeRef};
use crate::merge::SourcedOperation;

/// The words that end a method bound with another to one id, and the paths that are its aliases.
type Binding = (Vec<String>, Vec<String>);

/// The name of the unified error envelope.
pub const ERROR_TYPE_HINT: &str = "ApiError";

impl<'a> Resolver<'a> {
    /// The operations, each holding its group's label, and where each label came from.
    pub(super) fn resolve_operations(&mut self) -> (Vec<ir::Operation>, BTreeMap<String, ir::GroupOrigin>) {
        let all = &self.api.operations;
        let envelope = self.error_envelope(all);
        let written: Vec<(Option<&str>, &str, &str)> =
            all.iter().map(|op| (op.operation.operation_id.as_deref(), op.method.as_str(), op.path.as_str())).collect();
        // What an RPC's bindings share: all but the path and its parameters.
        let shapes: Vec<String> = all
            .iter()
            .map(|op| {
                let o = &op.operation;
                let rest: Vec<_> = o
                    .parameters
                    .iter()
                    .filter(|p| !matches!(p, ReferenceOr::Item(openapiv3::Parameter::Path { .. })))
                    .collect();
                serde_json::to_string(&(&o.request_body, &o.responses, rest, &o.summary, &o.description))
                    .unwrap_or_default()
            })
            .collect();
        let ids = bindings::rpc_ids(&written, &shapes);
        let bound = bindings::bind(
            &written.iter().zip(&ids).map(|(&(_, method, path), &id)| (id, method, path)).collect::<Vec<_>>(),
        );
        // An operation bound to several paths is one method; the others are its aliases.
        let (operations, aliases): (Vec<(&'a SourcedOperation, Option<&str>)>, Vec<Binding>) = all
            .iter()
            .zip(&bound)
            .zip(&ids)
            .filter_map(|((op, bound), &id)| match bound {
                bindings::Bound::Method { suffix, aliases } => {
                    Some(((op, id), (suffix.clone(), aliases.iter().map(|&j| all[j].path.clone()).collect())))
                }
                bindings::Bound::AliasOf(_) => None,
            })
            .unzip();
        let facts: Vec<methods::Facts> = operations
            .iter()
            .zip(&aliases)
            .map(|((op, id), (suffix, _))| {
                let (arrays, single) = self.success_shape(op);
                methods::Facts {
                    operation_id: *id,
                    method: &op.method,
                    path: &op.path,
                    tags: &op.operation.tags,
                    source_url: op.source_url.as_deref(),
                    arrays,
                    single,
                    binding: suffix.clone(),
                }
            })
            .collect();
        let namings = methods::name_operations(&facts);
        let mut labels: BTreeMap<String, ir::GroupOrigin> = BTreeMap::new();
        for ((op, _), naming) in operations.iter().zip(&namings) {
            let Some((label, origin)) = &naming.group else { continue };
            // A tag our own `--emit-openapi` wrote for a group that was not one reads as it was.
            let written = op.operation.extensions.get(ir::GroupOrigin::EXTENSION).and_then(|v| v.as_str());
            let origin = match (origin, written.and_then(ir::GroupOrigin::from_name)) {
                (ir::GroupOrigin::Tag, Some(was)) => was,
                (origin, _) => *origin,
            };
            let known = labels.entry(label.clone()).or_insert(origin);
            if origin == ir::GroupOrigin::Tag {
                *known = origin;
            }
        }
        let mut out = Vec::new();
        for (((op, id), naming), (_, aliases)) in operations.iter().zip(namings).zip(aliases) {
            let ctx = Ctx {
                base: naming.type_base.clone(),
                scope: naming
                    .group
                    .as_ref()
                    .map(|(label, _)| ident::type_name_raw(&ident::singular(&ident::snake_name(label))))
                    .unwrap_or_default(),
                tail: Vec::new(),
                file: op.file.clone(),
                line: op.first_line,
                pointer: pointer(&["paths", &op.path, &op.method]),
                request: true,
                files: false,
                slot: None,
            };
            let mut operation = self.operation(op, naming, &ctx, envelope.as_ref());
            operation.aliases = aliases;
            // The id it is named by: its RPC's, where its tool numbered its binding's.
            operation.operation_id = id.map(str::to_string);
            out.push(operation);
        }
        (out, labels)
    }

    fn operation(
        &mut self,
        op: &'a SourcedOperation,
        naming: methods::Naming,
        ctx: &Ctx,
        envelope: Option<&TypeRef>,
    ) -> ir::Operation {
        let operation = &op.operation;
        let params = self.parameters(op, ctx);
        let mut bodies =
            operation.request_body.as_ref().map(|body| self.bodies(body, ctx)).unwrap_or_default().into_iter();
        let body = bodies.next();
        let other_bodies: Vec<ir::Body> = bodies.collect();
        let response_ctx = Ctx { request: false, ..ctx.clone() };
        let successes = operation.responses.responses.keys().filter(|s| s.to_string().starts_with('2')).count();
        let mut responses = Vec::new();
        let statuses = operation.responses.responses.iter().map(|(s, r)| (s.to_string(), r));
        for (status, response) in statuses.chain(operation.responses.default.iter().map(|r| ("default".to_string(), r)))
        {
            let success = status.starts_with('2');
            let hint = if !success || successes < 2 { "Response".to_string() } else { format!("Response{status}") };
            let child = response_ctx.child(&hint, &["responses", &status]);
            let Some(response) = self.component(response, &child) else { continue };
            let schema = json_schema(&response.content);
            let mime = response.content.keys().find(|m| is_json(m)).cloned().unwrap_or_default();
            let child = child.child("", &["content", &mime, "schema"]);
            let redirect = ir::is_redirect_status(&status);
            let (ty, kind) = match schema {
                // A redirect answers with its headers; what its body says is for a browser.
                _ if redirect => (None, MediaKind::Json),
                Some(schema) if !success && envelope.is_some() && is_inline_object(schema) => {
                    (envelope.cloned(), MediaKind::Json)
                }
                // A success that may be `null` is an `Option`; an error's body is read whatever it is.
                Some(schema) if success => (Some(self.schema(schema, &child).standalone()), MediaKind::Json),
                Some(schema) => (Some(self.schema(schema, &child).ty), MediaKind::Json),
                // No JSON: a success is read as text or as a download; an error's body stays raw.
                None => match response.content.keys().map(|m| MediaKind::of(m)).min() {
                    Some(MediaKind::Text) if success => (Some(TypeRef::String), MediaKind::Text),
                    Some(_) if success => (Some(TypeRef::Binary), MediaKind::Binary),
                    _ => (None, MediaKind::Json),
                },
            };
            let doc = Some(response.description.clone()).filter(|d| !d.is_empty());
            let headers = if redirect { self.redirect_headers(response, &child) } else { Vec::new() };
            responses.push(ir::Response { status, doc, ty, kind, headers, headers_type: None });
        }
        ir::Operation {
            name: naming.name,
            group: naming.group.map(|(label, _)| label),
            call: String::new(),
            successes: None,
            operation_id: operation.operation_id.clone(),
            method: op.method.to_uppercase(),
            path: op.path.clone(),
            aliases: Vec::new(),
            tags: operation.tags.clone(),
            summary: operation.summary.clone(),
            doc: operation.description.clone(),
            deprecated: operation.deprecated,
            security: self.security(op),
            secured: false,
            source: op.source_url.clone(),
            params,
            body,
            other_bodies,
            responses,
            pagination: None,
        }
    }

    /// The array properties of an operation's first JSON success body (`""`: the body is an
    /// array), and whether it is one object that holds no array: what tells a list from a single
    /// thing when its path does not (`resource.rs`). Read quietly: a broken `$ref` here is
    /// reported where the body is resolved.
    fn success_shape(&self, op: &'a SourcedOperation) -> (Vec<String>, bool) {
        let responses = &op.operation.responses.responses;
        let Some((_, response)) = responses.iter().find(|(status, _)| status.to_string().starts_with('2')) else {
            return (Vec::new(), false);
        };
        let response = match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => {
                pointer::find(self.api, reference).ok().and_then(<openapiv3::Response as Found>::found)
            }
        };
        let Some(schema) = response.and_then(|r| json_schema(&r.content)) else { return (Vec::new(), false) };
        // One `$ref` deep: enough to see an array, without following chains here.
        let item = |schema: SRef<'a>| -> Option<&'a Schema> {
            match schema {
                SRef::Item(schema) => Some(schema),
                SRef::Ref(reference) => match pointer::find(self.api, reference).ok()? {
                    pointer::Node::Schema(found) => found.item(),
                    _ => None,
                },
            }
        };
        let Some(body) = item(schema).map(view) else { return (Vec::new(), false) };
        if body.ty == Some("array") {
            return (vec![String::new()], false);
        }
        let arrays: Vec<String> = body
            .properties
            .iter()
            .filter(|(_, property)| item(**property).is_some_and(|p| view(p).ty == Some("array")))
            .map(|(name, _)| name.to_string())
            .collect();
        // One thing: no array in it, nor a list of objects one level down (`{data: {roles: [..]}}`
        // is a list of roles; `{user: {mfaMethods: [..]}}` one user).
        let map = matches!(body.additional, Some(super::view::Additional::Schema(_)));
        let nested_list = body.properties.values().filter_map(|p| item(*p)).any(|p| {
            view(p).properties.values().filter_map(|q| item(*q)).any(|q| {
                let q = view(q);
                let scalar = |i: &Schema| matches!(view(i).ty, Some("string" | "number" | "integer" | "boolean"));
                q.ty == Some("array") && q.items.and_then(item).is_none_or(|i| !scalar(i))
            })
        });
        let single = arrays.is_empty() && !body.properties.is_empty() && !map && !nested_list;
        (arrays, single)
    }

    fn parameters(&mut self, op: &'a SourcedOperation, ctx: &Ctx) -> Vec<ir::Param> {
        // Operation-level parameters override path-level ones with the same name and location.
        let mut merged: IndexMap<(String, String), &'a Parameter> = IndexMap::new();
        for parameter in op.path_parameters.iter().chain(&op.operation.parameters) {
            let Some(parameter) = self.component(parameter, ctx) else { continue };
            let data = parameter.parameter_data_ref();
            let location = location_name(parameter).to_string();
            merged.insert((location, data.name.clone()), parameter);
        }
        let mut taken = BTreeSet::new();
        let mut out = Vec::new();
        for ((location_text, wire), parameter) in merged {
            let data = parameter.parameter_data_ref();
            let location = match location_text.as_str() {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                _ => ParamLocation::Cookie,
            };
            let child = ctx.child(&wire, &["parameters", &wire]);
            let ty = match &data.format {
                // A parameter's text has no `null`: items that may be null are sent as values.
                ParameterSchemaOrContent::Schema(schema) => {
                    without_null_items(self.schema(SRef::of(schema), &child).ty)
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.warn(&child, format!("parameter `{wire}` is described by `content`, which is not supported; it is sent as a string"));
                    TypeRef::String
                }
            };
            // A required parameter is an argument beside the method's locals; an optional one, a
            // setter beside the call's own methods.
            let required = data.required || location == ParamLocation::Path;
            let mut wanted = ident::snake_name(&wire);
            let own = if required { reserved::LOCALS } else { reserved::CALL_METHODS };
            if own.contains(&wanted.as_str()) {
                wanted.push_str("_param");
            }
            let name = ident::unique(&wanted, "_", |c| taken.contains(c));
            taken.insert(name.clone());
            let (style, explode) = layout(parameter);
            out.push(ir::Param { name, wire, location, ty, required, doc: data.description.clone(), style, explode });
        }
        // A `{placeholder}` in the path that no parameter declares: a required string, with a warning,
        // rather than a literal `{name}` in every URL.
        let declared: BTreeSet<String> =
            out.iter().filter(|p| p.location == ParamLocation::Path).map(|p| p.wire.clone()).collect();
        for placeholder in op.path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)) {
            if declared.contains(placeholder) {
                continue;
            }
            self.warn(
                ctx,
                format!(
                    "the path names `{{{placeholder}}}` but no parameter declares it; it becomes a required string"
                ),
            );
            let name = ident::unique(&ident::snake_name(placeholder), "_", |c| {
                taken.contains(c) || reserved::LOCALS.contains(&c)
            });
            taken.insert(name.clone());
            out.push(ir::Param {
                name,
                wire: placeholder.to_string(),
                location: ParamLocation::Path,
                ty: TypeRef::String,
                required: true,
                doc: None,
                style: None,
                explode: None,
            });
        }
        out
    }

    /// An item, or what its `$ref` points at (a component, or any place that holds one; chains
    /// of references followed); an error when that is nothing of its kind.
    /// A redirect's declared headers, each typed: a scalar as its schema says, a credential as
    /// `Secret`, `Set-Cookie` as every cookie set (one per header line, never joined: a cookie's
    /// date has a comma); anything else is the header's text.
    fn redirect_headers(&mut self, response: &'a openapiv3::Response, ctx: &Ctx) -> Vec<ir::ResponseHeader> {
        let mut taken = BTreeSet::new();
        let mut out = Vec::new();
        for (wire, header) in &response.headers {
            let child = ctx.child(wire, &["headers", wire]);
            let Some(header) = pointer::header(self.api, header, 0) else {
                self.warn(
                    &child,
                    format!("header `{wire}` refers to nothing this generator follows; it is read as text"),
                );
                continue;
            };
            let declared = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => self.schema(SRef::of(schema), &child).ty,
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            let scalar = |ty: &TypeRef| match ty {
                TypeRef::String | TypeRef::Boolean | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => ty.clone(),
                _ => TypeRef::String,
            };
            let ty = if wire.eq_ignore_ascii_case("set-cookie") {
                TypeRef::Array(Box::new(TypeRef::Secret))
            } else if super::credentials::is_credential(wire) {
                TypeRef::Secret
            } else {
                match &declared {
                    TypeRef::Array(item) => TypeRef::Array(Box::new(scalar(item))),
                    other => scalar(other),
                }
            };
            let name = ident::unique(&ident::snake_name(wire), "_", |c| taken.contains(c));
            taken.insert(name.clone());
            let doc = header.description.clone().filter(|d| !d.is_empty());
            out.push(ir::ResponseHeader { wire: wire.clone(), name, ty, required: header.required, doc });
        }
        out
    }

    pub(super) fn component<T: Found<'a>>(&mut self, item: &'a ReferenceOr<T>, ctx: &Ctx) -> Option<&'a T> {
        match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => {
                let found = pointer::find(self.api, reference);
                let item = found.as_ref().ok().and_then(|node| T::found(*node));
                if item.is_none() {
                    self.error(ctx, super::schema::dangling(reference, found.err()));
                }
                item
            }
        }
    }

    /// One superset type for every inline object schema of an error status across the API: a
    /// property missing somewhere is optional, conflicting types widen to any JSON, and a
    /// per-status one-value `statusCode` enum becomes a plain number.
    fn error_envelope(&mut self, operations: &'a [SourcedOperation]) -> Option<TypeRef> {
        let mut views: Vec<View<'a>> = Vec::new();
        let mut first: Option<Ctx> = None;
        for op in operations {
            let all = op.operation.responses.responses.iter().map(|(s, r)| (s.to_string(), r));
            for (status, response) in all.chain(op.operation.responses.default.iter().map(|r| ("default".into(), r))) {
                if status.starts_with('2') || status.starts_with('1') || status.starts_with('3') {
                    continue;
                }
                // A `$ref` to a shared response counts too: its fields must be in the envelope. One
                // that points at nothing is reported where the operation's responses are read.
                let response = match response {
                    ReferenceOr::Item(response) => response,
                    ReferenceOr::Reference { reference } => {
                        match pointer::find(self.api, reference).ok().and_then(<openapiv3::Response as Found>::found) {
                            Some(response) => response,
                            None => continue,
                        }
                    }
                };
                let Some(SRef::Item(schema)) = json_schema(&response.content) else { continue };
                if is_inline_object(SRef::Item(schema)) {
                    views.push(view(schema));
                    first.get_or_insert_with(|| Ctx {
                        base: ERROR_TYPE_HINT.into(),
                        scope: String::new(),
                        tail: Vec::new(),
                        file: op.file.clone(),
                        line: op.first_line,
                        pointer: pointer(&["paths", &op.path, &op.method, "responses", &status]),
                        request: false,
                        files: false,
                        slot: None,
                    });
                }
            }
        }
        let ctx = first?;
        // Each of these would have been a type of its own; they become one.
        self.defined += views.len().saturating_sub(1);
        let merged = unify(&views);
        let ty = self.view(&merged, &ctx).ty;
        Some(ty)
    }
}

fn unify<'a>(views: &[View<'a>]) -> View<'a> {
    let mut merged = View { ty: Some("object"), ..View::default() };
    merged.description = Some("The error body the API returns with a 4xx or 5xx status.");
    let mut order: Vec<&'a str> = Vec::new();
    for v in views {
        for name in v.properties.keys() {
            if !order.contains(name) {
                order.push(name);
            }
        }
    }
    for name in order {
        let present: Vec<SRef<'a>> = views.iter().filter_map(|v| v.properties.get(name).copied()).collect();
        let same = present.windows(2).all(|w| w[0].same(w[1]));
        let widened = if same {
            present[0]
        } else if present.iter().all(|s| is_whole_number(*s)) {
            // Infisical's `statusCode: {type: number, enum: [404]}`: a status is an integer.
            SRef::Item(&INTEGER)
        } else if present.iter().all(|s| is_number(*s)) {
            SRef::Item(&NUMBER)
        } else {
            SRef::Item(&ANY)
        };
        merged.properties.insert(name, widened);
        if views.iter().all(|v| v.required.contains(&name)) {
            merged.required.push(name);
        }
    }
    merged
}

/// An integer, or a number whose allowed values are all whole.
fn is_whole_number(schema: SRef<'_>) -> bool {
    let SRef::Item(schema) = schema else { return false };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(_)) => true,
        SchemaKind::Type(Type::Number(n)) => {
            !n.enumeration.is_empty() && n.enumeration.iter().all(|v| v.is_some_and(|v| v.fract() == 0.0))
        }
        _ => false,
    }
}

fn is_number(schema: SRef<'_>) -> bool {
    matches!(schema, SRef::Item(Schema { schema_kind: SchemaKind::Type(Type::Number(_) | Type::Integer(_)), .. }))
}

fn is_inline_object(schema: SRef<'_>) -> bool {
    match schema {
        SRef::Item(s) => {
            let v = view(s);
            v.ty == Some("object")
                && !v.properties.is_empty()
                && v.all_of.is_empty()
                && v.any_of.is_empty()
                && v.one_of.is_empty()
        }
        SRef::Ref(_) => false,
    }
}

fn is_json(mime: &str) -> bool {
    MediaKind::of(mime).is_json()
}

pub(super) fn query_style(style: &openapiv3::QueryStyle) -> ir::ParamStyle {
    use openapiv3::QueryStyle;
    match style {
        QueryStyle::Form => ir::ParamStyle::Form,
        QueryStyle::SpaceDelimited => ir::ParamStyle::SpaceDelimited,
        QueryStyle::PipeDelimited => ir::ParamStyle::PipeDelimited,
        QueryStyle::DeepObject => ir::ParamStyle::DeepObject,
    }
}

fn json_schema(content: &IndexMap<String, openapiv3::MediaType>) -> Option<SRef<'_>> {
    content.iter().find(|(mime, _)| is_json(mime)).and_then(|(_, media)| media.schema.as_ref()).map(SRef::of)
}

/// A parameter's style when it is not its location's default, and `explode` when the spec says it.
fn layout(parameter: &Parameter) -> (Option<ir::ParamStyle>, Option<bool>) {
    use ir::ParamStyle;
    use openapiv3::{PathStyle, QueryStyle};
    let style = match parameter {
        Parameter::Query { style: QueryStyle::SpaceDelimited, .. } => Some(ParamStyle::SpaceDelimited),
        Parameter::Query { style: QueryStyle::PipeDelimited, .. } => Some(ParamStyle::PipeDelimited),
        Parameter::Query { style: QueryStyle::DeepObject, .. } => Some(ParamStyle::DeepObject),
        // Swagger 2.0's tab-separated arrays, carried by the loader as an extension.
        Parameter::Query { parameter_data, .. }
            if parameter_data.extensions.get("x-collection-format").and_then(|v| v.as_str()) == Some("tsv") =>
        {
            Some(ParamStyle::TabDelimited)
        }
        Parameter::Path { style: PathStyle::Label, .. } => Some(ParamStyle::Label),
        Parameter::Path { style: PathStyle::Matrix, .. } => Some(ParamStyle::Matrix),
        _ => None,
    };
    (style, parameter.parameter_data_ref().explode)
}

fn location_name(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// Calls `f` on every type name an operation mentions.
fn without_null_items(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Array(item) => match *item {
            TypeRef::Nullable(inner) => TypeRef::Array(inner),
            item => TypeRef::Array(Box::new(item)),
        },
        ty => ty,
    }
}

pub(super) fn visit_operation_names(operation: &mut ir::Operation, f: &mut impl FnMut(&mut String)) {
    for param in &mut operation.params {
        param.ty.visit_names_mut(f);
    }
    for body in operation.body.iter_mut().chain(operation.other_bodies.iter_mut()) {
        body.ty.visit_names_mut(f);
    }
    for response in &mut operation.responses {
        if let Some(ty) = &mut response.ty {
            ty.visit_names_mut(f);
        }
    }
}
