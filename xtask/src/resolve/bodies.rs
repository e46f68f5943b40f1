//! Request bodies: each media type the spec declares for an operation, as the IR's `Body`, the
//! JSON one first; a multipart body is an object's properties as parts.

use openapiv3::{ReferenceOr, RequestBody};

use super::operation::query_style;
use super::view::SRef;
use super::{Ctx, Resolver};
use crate::ir::{self, MediaKind, TypeRef};

impl<'a> Resolver<'a> {
    /// The request body in each media type the operation takes: JSON alone when it is one of
    /// them; else one per kind (form, multipart, text, bytes), the first the method's, the others
    /// the caller's to choose.
    pub(super) fn bodies(&mut self, body: &'a ReferenceOr<RequestBody>, ctx: &Ctx) -> Vec<ir::Body> {
        let Some(body) = self.component(body, ctx) else { return Vec::new() };
        let mut contents: Vec<(MediaKind, &'a String, &'a openapiv3::MediaType)> =
            body.content.iter().map(|(mime, media)| (MediaKind::of(mime), mime, media)).collect();
        // By kind, JSON first, keeping the spec's order within a kind; one of each kind.
        contents.sort_by_key(|(kind, _, _)| *kind);
        contents.dedup_by_key(|(kind, _, _)| *kind);
        if contents.first().is_some_and(|(kind, _, _)| kind.is_json()) {
            contents.truncate(1);
        }
        contents
            .into_iter()
            .enumerate()
            .map(|(i, (kind, content_type, media))| {
                // The method's body is `...Request`; another media type's, `...MultipartRequest`.
                let word = if i == 0 { "Request".to_string() } else { format!("{kind:?}Request") };
                self.body(kind, content_type, media, body.required, &word, ctx)
            })
            .collect()
    }

    fn body(
        &mut self,
        kind: MediaKind,
        content_type: &'a str,
        media: &'a openapiv3::MediaType,
        required: bool,
        word: &str,
        ctx: &Ctx,
    ) -> ir::Body {
        let child = ctx.child(word, &["requestBody", "content", content_type, "schema"]);
        let child = Ctx { files: kind == MediaKind::Multipart, ..child };
        let ty = match (kind, &media.schema) {
            (MediaKind::Binary, _) => TypeRef::Binary,
            (MediaKind::Text, _) => TypeRef::String,
            (_, Some(schema)) => self.schema(SRef::of(schema), &child).ty,
            (_, None) => TypeRef::Any,
        };
        // Parts are an object's properties: a multipart body of anything else (kittycad's bare
        // `format: binary`) has no part names, so it is one part, named as most servers expect.
        let is_object = match &ty {
            TypeRef::Named(name) => super::id_of(name)
                .and_then(|id| self.entries[id].def.as_ref())
                .is_some_and(|def| matches!(def.kind, ir::TypeKind::Struct(_))),
            _ => false,
        };
        let ty = if kind == MediaKind::Multipart && !is_object {
            self.warn(
                &child,
                "a multipart body whose schema is not an object names no part: it is sent as one part named `file`",
            );
            let field = ir::Field {
                name: "file".into(),
                wire: "file".into(),
                ty,
                presence: ir::Presence::Required,
                doc: None,
                flatten: false,
                value: None,
                deprecated: false,
            };
            let def = super::Def {
                kind: ir::TypeKind::Struct(ir::Struct { tag: None, fields: vec![field] }),
                doc: None,
                deprecated: false,
            };
            self.define(def, None, &child)
        } else {
            ty
        };
        let encoding = media
            .encoding
            .iter()
            .map(|(property, e)| ir::Encoding {
                property: property.clone(),
                content_type: e.content_type.clone(),
                style: e.style.as_ref().map(query_style),
                // openapiv3 reads a missing `explode` as false: only a style says it is meant.
                explode: (e.style.is_some() || e.explode).then_some(e.explode),
            })
            .collect();
        // Infisical never marks bodies required; a body with required members cannot be left out.
        let required = required || self.has_required_members(&ty);
        ir::Body { content_type: content_type.to_string(), kind, ty, required, encoding }
    }

    fn has_required_members(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(name) = ty else { return false };
        let Some(def) = super::id_of(name).and_then(|id| self.entries[id].def.as_ref()) else { return false };
        match &def.kind {
            ir::TypeKind::Struct(s) => {
                s.tag.is_some()
                    || s.fields.iter().any(|f| matches!(f.presence, ir::Presence::Required | ir::Presence::Nullable))
            }
            ir::TypeKind::Union(_) => true,
            _ => false,
        }
    }
}
