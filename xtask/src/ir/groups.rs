//! The groups of operations (`client.secrets()`), and reading an IR written before they were
//! decided in resolve.

use serde::{Deserialize, Serialize};

use super::Api;

/// A group of operations: a module of `client`, the accessor that reaches it, its handle type
/// and the Cargo feature it compiles with. Every one of these names is decided in resolve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The module and the client's accessor method (`secrets`: `client.secrets()`).
    pub module: String,
    /// The accessor's return type (`Secrets<'_>`).
    pub handle: String,
    /// The Cargo feature (`secrets`).
    pub feature: String,
    /// What the spec calls it: a tag, a documentation section, or the resource path it is named for.
    pub label: String,
    /// Where the group came from.
    pub origin: GroupOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupOrigin {
    /// The operations' first tag.
    Tag,
    /// The section of a documentation page's URL.
    Page,
    /// The resource its paths name (`/api/v1/secrets/{id}` → `secrets`), for a spec without tags.
    Path,
    /// The namespace its operationIds open with (`emails/send` → `emails`), for a spec without tags.
    Namespace,
}

impl GroupOrigin {
    /// The extension `--emit-openapi` writes on an operation whose group is not a tag: the tag it
    /// is written with then reads back as the group it was (`x-group-origin: path`).
    pub const EXTENSION: &'static str = "x-group-origin";

    pub fn name(self) -> &'static str {
        match self {
            GroupOrigin::Tag => "tag",
            GroupOrigin::Page => "page",
            GroupOrigin::Path => "path",
            GroupOrigin::Namespace => "namespace",
        }
    }

    pub fn from_name(name: &str) -> Option<GroupOrigin> {
        [GroupOrigin::Tag, GroupOrigin::Page, GroupOrigin::Path, GroupOrigin::Namespace]
            .into_iter()
            .find(|o| o.name() == name)
    }
}

impl Api {
    /// The default feature that turns every group on: `all-tags` where the spec's tags make any of
    /// them, else `all-groups`, so that a crate's words follow how its groups were made. The crate
    /// has the other name too, as the same feature, so that neither ever goes.
    pub fn all_groups_feature(&self) -> &'static str {
        let tagged = self.groups.is_empty() || self.groups.iter().any(|g| g.origin == GroupOrigin::Tag);
        if tagged { "all-tags" } else { "all-groups" }
    }

    /// The umbrella feature's other name, the same feature.
    pub fn other_groups_feature(&self) -> &'static str {
        if self.all_groups_feature() == "all-tags" { "all-groups" } else { "all-tags" }
    }

    /// An IR written before groups were decided in resolve (`groups` empty, operations holding
    /// their group's label), read as it would be written now: what its crate named each group
    /// then, so that the change report compares like with like.
    pub fn upgraded(mut self) -> Api {
        // Before schemes were read, `secured` said the operation sent the bearer token: the
        // scheme every page of the older format and Infisical's pages call `bearerAuth`.
        if self.schemes.is_empty() {
            for op in self.operations.iter_mut().filter(|op| op.secured && op.security.is_none()) {
                op.security = Some(vec![vec!["bearerAuth".to_string()]]);
            }
        }
        if !self.groups.is_empty() {
            return self;
        }
        let labels: std::collections::BTreeSet<String> =
            self.operations.iter().filter_map(|op| op.group.clone()).collect();
        for label in labels {
            let module = crate::ident::snake_name(&label);
            self.groups.push(Group {
                feature: module.replace('_', "-"),
                handle: crate::ident::type_name(&label),
                origin: GroupOrigin::Tag,
                label: label.clone(),
                module: module.clone(),
            });
            for op in self.operations.iter_mut().filter(|op| op.group.as_deref() == Some(label.as_str())) {
                op.group = Some(module.clone());
            }
        }
        self.groups.sort_by(|a, b| a.module.cmp(&b.module));
        self
    }
}
