//! Which serde impls a type gets, and how a plain struct is deserialized.
//!
//! Serde's derives are most of what a generated crate costs to compile (Infisical's 821 types:
//! `Deserialize` alone was 19 s of a 26 s `cargo check`). So a type gets the impls of the way it
//! travels (`usage::directions`): one the API only takes is serialized, one it only returns is
//! deserialized; the other impl is behind a feature (`serialize-responses`,
//! `deserialize-requests`) for callers who store or replay values. And a struct with neither a
//! tag nor a flattened field is deserialized by a short `visit_map` of its own instead of the
//! derive, which also writes a sequence visitor JSON never uses and a visitor for field names: a
//! third of the code to check, with the same errors (missing, duplicate and mistyped fields;
//! unknown fields ignored).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use crate::ir::{Presence, Struct};

/// The feature that adds `Serialize` to the types the API only returns.
pub const SERIALIZE_RESPONSES: &str = "serialize-responses";
/// The feature that adds `Deserialize` to the types the API only takes.
pub const DESERIALIZE_REQUESTS: &str = "deserialize-requests";

/// When one of a type's serde impls compiles.
#[derive(Clone, Copy, PartialEq)]
pub enum Gate {
    Always,
    Feature(&'static str),
}

impl Gate {
    /// `#[cfg(feature = ..)]` for an impl behind a feature, or nothing.
    pub fn cfg(self) -> TokenStream {
        match self {
            Gate::Always => TokenStream::new(),
            Gate::Feature(feature) => quote!(#[cfg(feature = #feature)]),
        }
    }
}

/// A type's two serde impls.
#[derive(Clone, Copy)]
pub struct Serde {
    pub serialize: Gate,
    pub deserialize: Gate,
}

impl Serde {
    /// A type's impls, from what it has without a feature (`usage::serde_impls`).
    pub fn of((serialize, deserialize): (bool, bool)) -> Self {
        let gate = |always, feature| if always { Gate::Always } else { Gate::Feature(feature) };
        Serde { serialize: gate(serialize, SERIALIZE_RESPONSES), deserialize: gate(deserialize, DESERIALIZE_REQUESTS) }
    }

    /// `#[derive(..)]` of `base` and the serde traits derived without a feature, then a
    /// `cfg_attr` for each one behind its feature (`derived_de`: is `Deserialize` derived?).
    pub fn derives(self, base: TokenStream, derived_de: bool) -> TokenStream {
        let mut always = vec![base];
        let mut gated = Vec::new();
        let traits = [(self.serialize, quote!(serde::Serialize)), (self.deserialize, quote!(serde::Deserialize))];
        for (gate, path) in traits.into_iter().take(if derived_de { 2 } else { 1 }) {
            match gate {
                Gate::Always => always.push(path),
                Gate::Feature(feature) => gated.push(quote!(#[cfg_attr(feature = #feature, derive(#path))])),
            }
        }
        quote!(#[derive(#(#always),*)] #(#gated)*)
    }

    /// A `#[serde(..)]` attribute, which only compiles where a serde derive does: under the gate
    /// of the one derive when only `Serialize` is derived.
    pub fn attribute(self, derived_de: bool, inner: TokenStream) -> TokenStream {
        let mut gates = vec![self.serialize];
        if derived_de {
            gates.push(self.deserialize);
        }
        let features: Vec<&str> = gates
            .iter()
            .filter_map(|g| match g {
                Gate::Always => None,
                Gate::Feature(feature) => Some(*feature),
            })
            .collect();
        match features.as_slice() {
            _ if features.len() < gates.len() => quote!(#[serde(#inner)]),
            [one] => quote!(#[cfg_attr(feature = #one, serde(#inner))]),
            many => quote!(#[cfg_attr(any(#(feature = #many),*), serde(#inner))]),
        }
    }
}

/// Whether a struct is deserialized by [`struct_deserialize`] rather than the derive: a tag or a
/// flattened field takes serde's own handling.
pub fn is_plain(s: &Struct) -> bool {
    s.tag.is_none() && !s.fields.iter().any(|f| f.flatten)
}

/// `Deserialize` for a plain struct: each known key into its field's slot, others skipped.
/// `fields` are the struct's own (a received type has no constant fields).
pub fn struct_deserialize(
    name: &proc_macro2::Ident,
    fields: &[(&crate::ir::Field, TokenStream)],
    gate: Gate,
) -> TokenStream {
    let cfg = gate.cfg();
    let slots: Vec<_> =
        fields.iter().map(|(f, _)| ident(&format!("slot_{}", f.name.trim_start_matches("r#")))).collect();
    let types = fields.iter().map(|(_, ty)| ty);
    let members: Vec<_> = fields.iter().map(|(f, _)| ident(&f.name)).collect();
    let wires: Vec<&str> = fields.iter().map(|(f, _)| f.wire.as_str()).collect();
    // Only a required field that cannot be null is missed; serde's derive reads others as absent.
    let values = fields.iter().zip(&slots).map(|((f, _), slot)| match f.presence {
        Presence::Required => {
            let wire = &f.wire;
            quote!(crate::runtime::required(&map, #slot, #wire)?)
        }
        _ => quote!(#slot.unwrap_or_default()),
    });
    let label = name.to_string();
    let body = if fields.is_empty() {
        quote! {
            while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                crate::runtime::skip(&mut map)?;
            }
        }
    } else {
        quote! {
            // Typed slots and one `?` a key: a third less for the compiler to infer and check.
            #(let mut #slots: Option<#types> = None;)*
            while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                match key.as_str() {
                    #(#wires => crate::runtime::field(&mut map, &mut #slots, #wires),)*
                    _ => crate::runtime::skip(&mut map),
                }?;
            }
        }
    };
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::object(deserializer)
            }
        }

        #cfg
        impl crate::runtime::Object for #name {
            const NAME: &'static str = #label;

            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #body
                Ok(#name { #(#members: #values,)* })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_group_takes_the_serde_features_names() {
        let reserved = crate::resolve::reserved::FEATURES;
        assert!(reserved.contains(&super::SERIALIZE_RESPONSES) && reserved.contains(&super::DESERIALIZE_REQUESTS));
    }
}
