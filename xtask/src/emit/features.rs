//! Cargo features per group (a tag, or a resource where the spec has no tags): each group's
//! operations, and the types only they use, compile when its feature is on (async-stripe and
//! aws-sdk-rust split the same way: a caller who uses three operations of seven hundred should
//! not compile them all). A type several groups use compiles with any of them, even when that is
//! every group, so that a new group changes no existing type's features; one that `Client`'s own
//! operations use, or none, always. All are on by default (`all-tags`, or `all-groups` where the
//! groups are not tags), so nothing is missing until a caller chooses.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// Each group's feature (decided in resolve: `ir::Group::feature`) by the group's module.
pub fn of_groups(api: &Api) -> BTreeMap<&str, &str> {
    api.groups.iter().map(|g| (g.module.as_str(), g.feature.as_str())).collect()
}

/// Each group's feature, with the group's label and its operation count, sorted by feature.
pub fn tags(api: &Api) -> BTreeMap<String, (Vec<&str>, usize)> {
    let labels: BTreeMap<&str, &crate::ir::Group> = api.groups.iter().map(|g| (g.module.as_str(), g)).collect();
    let mut tags: BTreeMap<String, (Vec<&str>, usize)> = BTreeMap::new();
    for group in api.operations.iter().filter_map(|op| op.group.as_deref()).filter_map(|m| labels.get(m)) {
        let entry = tags.entry(group.feature.clone()).or_default();
        if !entry.0.contains(&group.label.as_str()) {
            entry.0.push(&group.label);
        }
        entry.1 += 1;
    }
    tags
}

pub struct Features {
    /// Every group's feature, sorted.
    pub all: Vec<String>,
    /// The feature that turns them all on (`all-tags`, or `all-groups` where groups are not tags).
    pub everything: &'static str,
    /// Its other name, the same feature.
    pub other: &'static str,
    /// The features each type compiles with; a type not here always compiles.
    by_type: BTreeMap<String, Vec<String>>,
}

impl Features {
    pub fn new(api: &Api) -> Self {
        let all: Vec<String> = tags(api).into_keys().collect();
        let feature_of = of_groups(api);
        let used = crate::usage::groups(api);
        // A type no operation uses always compiles, so what it refers to must too.
        let kinds: BTreeMap<&str, &crate::ir::TypeKind> =
            api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        let roots: Vec<String> = api
            .types
            .iter()
            .filter(|t| used.get(&t.name).is_none_or(|groups| groups.contains(&None)))
            .map(|t| t.name.clone())
            .collect();
        let always = crate::usage::reachable(&kinds, roots);
        let mut by_type = BTreeMap::new();
        for (name, groups) in used {
            if always.contains(&name) {
                continue;
            }
            let features: BTreeSet<String> =
                groups.iter().flatten().filter_map(|g| feature_of.get(g.as_str())).map(|f| f.to_string()).collect();
            by_type.insert(name, features.into_iter().collect());
        }
        Features { all, by_type, everything: api.all_groups_feature(), other: api.other_groups_feature() }
    }

    /// The features a type compiles with, when it does not always.
    pub fn of_type(&self, name: &str) -> Option<&[String]> {
        self.by_type.get(name).map(Vec::as_slice)
    }

    /// `#[cfg(...)]` for a type, or nothing.
    pub fn cfg_of_type(&self, name: &str) -> TokenStream {
        self.of_type(name).map(cfg).unwrap_or_default()
    }

    /// The `[features]` table of the generated `Cargo.toml`.
    pub fn table(&self) -> String {
        let mut out = format!("[features]\ndefault = [\"{}\"]\n", self.everything);
        out.push_str(
            "# Every group's operations. Turn default features off and name the groups you use to compile only those.\n",
        );
        let all: Vec<String> = self.all.iter().map(|f| format!("{f:?}")).collect();
        out.push_str(&format!("{} = [{}]\n", self.everything, all.join(", ")));
        // The other name too, the same: a spec that gains or loses its tags renames nothing a
        // caller's Cargo.toml may name.
        out.push_str(&format!("{} = [\"{}\"]\n", self.other, self.everything));
        for feature in &self.all {
            out.push_str(&format!("{feature} = []\n"));
        }
        out.push_str(&format!(
            "# `Serialize` on the types the API only returns, to store or forward them.\n{} = []\n",
            super::derives::SERIALIZE_RESPONSES
        ));
        out.push_str(&format!(
            "# `Deserialize` on the types the API only takes, to read them from files or fixtures.\n{} = []\n",
            super::derives::DESERIALIZE_REQUESTS
        ));
        out.push_str(
            "# A `tracing` span per request: method, path template, attempt, status, request id, duration.\n# Never a header value, a parameter or a body.\ntracing = [\"dep:tracing\"]\n",
        );
        out
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`.
pub fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `items` with `cfg` on each of them. The emitter's top-level items end in a `{ ... }` body or a
/// `;`, so the attribute goes first and after each of those: cheaper than parsing the items.
pub fn on_each_item(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if cfg.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut starting = true;
    for tree in items {
        if starting {
            out.extend(cfg.clone());
        }
        starting = match &tree {
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            TokenTree::Punct(punct) => punct.as_char() == ';',
            _ => false,
        };
        out.extend([tree]);
    }
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn every_item_gets_the_cfg_and_nothing_inside_them_does() {
        let cfg = super::cfg(&["a".into(), "b".into()]);
        let items = quote! {
            /// Doc.
            #[derive(Debug)]
            pub struct A { pub x: u8 }
            impl A { fn f(&self) { let y = 1; } }
            pub type B = Vec<A>;
            impl<'de> serde::Deserialize<'de> for A {}
        };
        let file: syn::File = syn::parse2(super::on_each_item(&cfg, items)).unwrap();
        assert_eq!(file.items.len(), 4);
        for item in &file.items {
            let text = quote!(#item).to_string();
            assert_eq!(text.matches("cfg").count(), 1, "{text}");
        }
    }
}
