//! Which operations are lists a caller can page through, and how: the one place that decides.
//!
//! An operation pages when its success response holds the items (the response is an array, or an
//! object with exactly one array field) and it takes an optional query parameter that moves
//! through the list:
//! - a cursor (`cursor`, `page_token`, `after`, `starting_after`, ...) that the response names
//!   the next value of (`next_page`, `next_cursor`, `nextPageToken`, ...);
//! - else an offset (`offset`, `skip`), a number of items to skip;
//! - else a page number (`page`).
//!
//! (An operation whose successes differ by status, a `200` list or a `204`, does not page: its
//! answer is an enum, not a page.)
//!
//! A page-size parameter (`limit`, `per_page`, `page_size`, `take`) and a total (`total`,
//! `totalCount`, `count`) are used when present. Paging stops at an empty page, a page shorter
//! than the limit asked for, when the total is reached, or when there is no next cursor.

use std::collections::BTreeMap;

use crate::ident::snake_name;
use crate::ir::{Operation, PageBy, Pagination, Param, ParamLocation, TypeDef, TypeKind, TypeRef};

const CURSORS: &[&str] =
    &["cursor", "page_token", "after", "starting_after", "next_token", "continuation_token", "marker"];
const NEXT: &[&str] =
    &["next_page", "next_page_token", "next_cursor", "next_token", "cursor", "continuation_token", "next_marker"];
const OFFSETS: &[&str] = &["offset", "skip"];
const PAGES: &[&str] = &["page", "page_number"];
const LIMITS: &[&str] = &["limit", "per_page", "page_size", "take", "max_results"];
const TOTALS: &[&str] = &["total", "total_count", "count", "total_items", "total_results"];

pub(super) fn detect(types: &[TypeDef], operations: &mut [Operation]) {
    let kinds: BTreeMap<&str, &TypeKind> = types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    for op in operations.iter_mut() {
        op.pagination = pagination(op, &kinds);
    }
}

fn pagination(op: &Operation, kinds: &BTreeMap<&str, &TypeKind>) -> Option<Pagination> {
    if op.succeeds_by_status() {
        return None; // a page is one of several answers: nothing to count in the others
    }
    let success = op.responses.iter().find(|r| r.is_success() && r.ty.is_some())?.ty.as_ref()?;
    let body = resolved(success, kinds)?;
    let (items, item, object) = match body {
        TypeRef::Array(item) => (None, (**item).clone(), None),
        TypeRef::Named(name) => {
            let TypeKind::Struct(s) = kinds.get(name.as_str())? else { return None };
            let mut arrays = s.fields.iter().filter(|f| !f.flatten).filter_map(|f| match resolved(&f.ty, kinds)? {
                TypeRef::Array(item) => Some((f.wire.clone(), (**item).clone())),
                _ => None,
            });
            let (wire, item) = arrays.next()?;
            if arrays.next().is_some() {
                return None; // two lists: which one pages is anybody's guess
            }
            (Some(wire), item, Some(s))
        }
        _ => return None,
    };
    let param = |names: &[&str], numeric: bool| {
        op.params.iter().find(|p| {
            p.location == ParamLocation::Query
                && !p.required
                && names.contains(&snake_name(&p.wire).as_str())
                && fits(p, numeric)
        })
    };
    let field = |names: &[&str], numeric: bool| {
        object?
            .fields
            .iter()
            .find(|f| names.contains(&snake_name(&f.wire).as_str()) && is_number(&f.ty) == numeric && !f.is_fixed())
    };
    let by = match (param(CURSORS, false), field(NEXT, false)) {
        (Some(cursor), Some(next)) => PageBy::Cursor { parameter: cursor.wire.clone(), next: next.wire.clone() },
        _ => match (param(OFFSETS, true), param(PAGES, true)) {
            (Some(offset), _) => PageBy::Offset { parameter: offset.wire.clone() },
            (None, Some(page)) => PageBy::Page { parameter: page.wire.clone() },
            (None, None) => return None,
        },
    };
    let limit = param(LIMITS, true).map(|p| p.wire.clone());
    let total = field(TOTALS, true).filter(|f| Some(&f.wire) != items.as_ref()).map(|f| f.wire.clone());
    Some(Pagination { by, limit, items, item, total })
}

fn fits(p: &Param, numeric: bool) -> bool {
    if numeric { is_number(&p.ty) } else { matches!(p.ty, TypeRef::String) }
}

fn is_number(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F64)
}

/// A type with its aliases followed.
fn resolved<'a>(ty: &'a TypeRef, kinds: &BTreeMap<&str, &'a TypeKind>) -> Option<&'a TypeRef> {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            TypeRef::Named(name) => match kinds.get(name.as_str()) {
                Some(TypeKind::Alias { target }) => ty = target,
                Some(_) => return Some(ty),
                None => return None,
            },
            TypeRef::Boxed(inner) => ty = inner,
            other => return Some(other),
        }
    }
    None
}
