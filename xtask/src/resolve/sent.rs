//! Which components travel in requests: those a request body or a parameter reaches, through any
//! chain of `$ref`s and nested schemas. Their optional + nullable properties get three states
//! (`Nullable<T>`), as inline request schemas do, so that an update given by `$ref` can clear a
//! field too (nexus `OrganizationUpdate`).

use std::collections::BTreeSet;

use openapiv3::{ParameterSchemaOrContent, ReferenceOr};

use super::view::{Additional, SRef, view};
use crate::merge::Api;

const SCHEMAS: &str = "#/components/schemas/";

pub(super) fn request_components(api: &Api) -> BTreeSet<String> {
    let components = &api.components;
    let mut pending: Vec<SRef> = Vec::new();
    for op in &api.operations {
        let body = op.operation.request_body.as_ref().and_then(|body| match body {
            ReferenceOr::Item(body) => Some(body),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|name| components.request_bodies.get(name))
                .and_then(ReferenceOr::as_item),
        });
        pending
            .extend(body.into_iter().flat_map(|b| b.content.values()).filter_map(|m| m.schema.as_ref()).map(SRef::of));
        for parameter in op.path_parameters.iter().chain(&op.operation.parameters) {
            let parameter = match parameter {
                ReferenceOr::Item(parameter) => Some(parameter),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| components.parameters.get(name))
                    .and_then(ReferenceOr::as_item),
            };
            if let Some(ParameterSchemaOrContent::Schema(schema)) = parameter.map(|p| &p.parameter_data_ref().format) {
                pending.push(SRef::of(schema));
            }
        }
    }
    let mut sent = BTreeSet::new();
    let mut walked = 0usize;
    while let Some(schema) = pending.pop() {
        walked += 1;
        if walked > 1_000_000 {
            break; // nothing real is this large; a bound keeps a hostile input finite
        }
        match schema {
            SRef::Ref(reference) => {
                let Some(name) = reference.strip_prefix(SCHEMAS) else { continue };
                if sent.insert(name.to_string())
                    && let Some(target) = components.schemas.get(name)
                {
                    pending.push(SRef::of(target));
                }
            }
            SRef::Item(schema) => {
                let v = view(schema);
                pending.extend(v.properties.values().copied());
                pending.extend(v.items);
                if let Some(Additional::Schema(value)) = v.additional {
                    pending.push(value);
                }
                pending.extend(v.all_of.iter().chain(&v.any_of).chain(&v.one_of).copied());
            }
        }
    }
    sent
}
