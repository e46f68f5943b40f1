//! Small pieces of Rust syntax shared by the type and client emitters: identifiers, type
//! expressions, doc attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ident::needs_raw;
use crate::ir::TypeRef;

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if needs_raw(name) { Ident::new_raw(name, Span::call_site()) } else { format_ident!("{}", name) }
}

/// The file of a group's module in `src/{dir}/`, by its path in the crate, and the `#[path]` the
/// module's declaration needs. A module's file is named for it, but Windows keeps some names for
/// devices (`aux`, `con`, `nul`, `com1`...), with any extension, and no checkout there could hold
/// `aux.rs`: such a file is `aux-group.rs` (a `-`, so that no other module's file can have the
/// name), and its module gets a `#[path]`.
pub fn module_file(dir: &str, module: &str) -> (String, TokenStream) {
    const DEVICES: &[&str] = &["con", "prn", "aux", "nul"];
    let numbered = |prefix: &str| {
        module.strip_prefix(prefix).is_some_and(|n| n.len() == 1 && n.bytes().all(|b| (b'1'..=b'9').contains(&b)))
    };
    let reserved = DEVICES.contains(&module.to_ascii_lowercase().as_str()) || numbered("com") || numbered("lpt");
    if reserved {
        let relative = format!("{dir}/{module}-group.rs");
        (format!("src/{relative}"), quote!(#[path = #relative]))
    } else {
        (format!("src/{dir}/{module}.rs"), TokenStream::new())
    }
}

/// The Rust type for a type reference. `prefix` qualifies generated type names (`types::` from
/// the client module, nothing inside the types module).
pub fn type_tokens(ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uri => quote!(url::Url),
        TypeRef::Secret => quote!(crate::runtime::Secret),
        TypeRef::Any => quote!(crate::runtime::Json),
        TypeRef::Binary => quote!(crate::runtime::File),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#prefix #name)
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(crate::runtime::Map<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Box<#inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, prefix);
            quote!(Option<#inner>)
        }
    }
}

/// `#[doc]` attributes for a description, one per line so prettyplease prints `///` lines.
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return TokenStream::new() };
    doc_lines(&super::docs::sanitize(text))
}

/// Doc attributes from paragraphs of our own, which may hold intra-doc links: not sanitized, so
/// whatever they quote from the spec must be (`docs::sanitize`) already.
pub fn doc_own(paragraphs: &[Option<String>]) -> TokenStream {
    let text: Vec<&str> = paragraphs.iter().flatten().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    if text.is_empty() {
        return TokenStream::new();
    }
    doc_lines(&text.join("\n\n"))
}

fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Doc attributes from several paragraphs, skipping the empty ones.
pub fn doc_paragraphs(paragraphs: &[Option<&str>]) -> TokenStream {
    let text: Vec<&str> = paragraphs.iter().flatten().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    if text.is_empty() {
        return TokenStream::new();
    }
    doc(Some(&text.join("\n\n")))
}
