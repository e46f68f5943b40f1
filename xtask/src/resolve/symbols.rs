//! The last naming pass: the Rust names of the client's surface, decided once, into the IR, after
//! operations have their method names and types their final names. Groups get their module (and
//! accessor), handle type and Cargo feature; operations their call builder, enum of successes
//! and the structs of their redirects' headers; servers their constructors. None takes a name of `reserved.rs`, and the emitter,
//! README, report and drivers only read what is decided here.

use std::collections::{BTreeMap, BTreeSet};

use super::reserved;
use crate::ident;
use crate::ir::{Group, GroupOrigin, Operation, Server};

/// Decides the names; `labels` are the groups' labels as the operations hold them, with where
/// each came from. Operations' `group` becomes the group's module.
pub(super) fn decide(
    operations: &mut [Operation],
    servers: &mut [Server],
    labels: &BTreeMap<String, GroupOrigin>,
) -> Vec<Group> {
    // `Client`'s own namespace: its methods, then root operations, then the groups' accessors,
    // then server constructors, each taking only what is left.
    let mut client: BTreeSet<String> = reserved::CLIENT_METHODS.iter().map(|s| s.to_string()).collect();
    client.extend(operations.iter().filter(|op| op.group.is_none()).map(|op| op.name.clone()));
    let mut groups: Vec<Group> = Vec::new();
    let mut modules: BTreeMap<&str, String> = BTreeMap::new();
    let mut features: BTreeSet<String> = BTreeSet::new();
    for (label, origin) in labels {
        let wanted = ident::label_name(label);
        let taken = client.contains(&wanted) || reserved::MODULES.contains(&wanted.as_str());
        let wanted = if taken { format!("{wanted}_") } else { wanted };
        let module = ident::unique(&wanted, "_", |c| client.contains(c));
        client.insert(module.clone());
        let handle = ident::type_name_raw(label);
        let handle = if reserved::is_reserved_type(&handle) { format!("{handle}Group") } else { handle };
        // The label's own words, apart from the module's `_` or number: features live in
        // `Cargo.toml`, not beside `Client`'s methods. `-tag` where the crate has the feature
        // already, as every group was a tag when features were first named.
        let feature = ident::label_name(label).replace('_', "-");
        let feature = if reserved::FEATURES.contains(&feature.as_str()) { format!("{feature}-tag") } else { feature };
        let feature = ident::unique(&feature, "-", |c| features.contains(c));
        features.insert(feature.clone());
        modules.insert(label, module.clone());
        groups.push(Group { module, handle, feature, label: label.clone(), origin: *origin });
    }
    for server in servers.iter_mut() {
        server.constructor = server_name(&server.url).filter(|name| client.insert(name.clone()));
    }

    // Each module's types: its handle, the prelude's names, and in the root module what
    // `client.rs` defines itself.
    let mut taken: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    for group in &groups {
        taken.entry(Some(group.module.clone())).or_default().insert(group.handle.clone());
    }
    taken.entry(None).or_default().extend(reserved::CLIENT_MODULE.iter().map(|s| s.to_string()));
    for op in operations.iter_mut() {
        op.group = op.group.as_ref().map(|label| modules.get(label.as_str()).cloned().unwrap_or_else(|| label.clone()));
        let names = taken.entry(op.group.clone()).or_default();
        let free = |names: &BTreeSet<String>, wanted: &str| {
            // A call named like the crate's own types or its group's handle (`sign_out` in
            // `SignOut`) says what it is rather than take a number.
            let taken = reserved::is_reserved_type(wanted) || names.contains(wanted);
            let wanted = if taken { format!("{wanted}Call") } else { wanted.to_string() };
            ident::unique(&wanted, "", |c| names.contains(c) || reserved::is_reserved_type(c))
        };
        op.call = free(names, &ident::type_name_raw(&op.name));
        names.insert(op.call.clone());
        op.successes = op.succeeds_by_status().then(|| {
            let name = free(names, &format!("{}Response", op.call));
            names.insert(name.clone());
            name
        });
        // A declared redirect's headers are read into a struct of their own (`SignInSeeOther`).
        for response in op.responses.iter_mut().filter(|r| r.is_redirect() && !r.headers.is_empty()) {
            let name = free(names, &format!("{}{}", op.call, crate::ir::status_name(&response.status)));
            names.insert(name.clone());
            response.headers_type = Some(name);
        }
    }
    groups.sort_by(|a, b| a.module.cmp(&b.module));
    groups
}

/// `ClientBuilder`'s method for each scheme: the scheme's name in snake case, apart from the
/// builder's own methods and from each other (`build` → `build_`).
pub(super) fn scheme_methods(schemes: &mut [crate::ir::Scheme]) {
    let mut taken: BTreeSet<String> = reserved::BUILDER_METHODS.iter().map(|s| s.to_string()).collect();
    for scheme in schemes.iter_mut() {
        let wanted = ident::snake_name(&scheme.name);
        let wanted = if taken.contains(&wanted) { format!("{wanted}_") } else { wanted };
        scheme.method = ident::unique(&wanted, "_", |c| taken.contains(c));
        taken.insert(scheme.method.clone());
    }
}

/// The login's builder method: `wanted` unless a builder or scheme method has it.
pub(super) fn login_method(wanted: &str, schemes: &[crate::ir::Scheme]) -> String {
    let taken = |c: &str| reserved::BUILDER_METHODS.contains(&c) || schemes.iter().any(|s| s.method == c);
    let wanted = ident::snake_name(wanted);
    let wanted = if taken(&wanted) { format!("{wanted}_") } else { wanted };
    ident::unique(&wanted, "_", |c| taken(c))
}

/// A constructor name from a server URL: its host's first label (`us` for `us.infisical.com`),
/// or `local` for localhost.
fn server_name(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', ':']).next()?;
    let name = if host == "localhost" || host.starts_with("127.") { "local" } else { host.split('.').next()? };
    let name = ident::snake_name(name);
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Operation;

    fn op(name: &str, group: Option<&str>) -> Operation {
        serde_json::from_value(serde_json::json!({
            "name": name, "group": group, "method": "GET", "path": "/", "responses": []
        }))
        .unwrap()
    }

    #[test]
    fn no_name_meets_the_runtimes_or_another() {
        let mut ops =
            vec![op("send_", None), op("send", Some("send")), op("option", Some("Option")), op("x", Some("tracing"))];
        let labels: BTreeMap<String, GroupOrigin> =
            ["send", "Option", "tracing"].iter().map(|l| (l.to_string(), GroupOrigin::Tag)).collect();
        let mut servers = vec![Server { url: "https://send.example.com".into(), description: None, constructor: None }];
        let groups = decide(&mut ops, &mut servers, &labels);
        let got: Vec<(&str, &str, &str)> =
            groups.iter().map(|g| (g.module.as_str(), g.handle.as_str(), g.feature.as_str())).collect();
        assert_eq!(
            got,
            [
                ("option", "OptionGroup", "option"),
                ("send_2", "SendGroup", "send"),
                // A crate the generated code names by path: a module of that name would hide it.
                ("tracing_", "Tracing", "tracing-tag")
            ]
        );
        assert_eq!(servers[0].constructor, None, "`send` is the client's, `send_` an operation's");
        let calls: Vec<&str> = ops.iter().map(|o| o.call.as_str()).collect();
        assert_eq!(calls, ["SendCall", "SendCall", "OptionCall", "X"], "`Send` is the prelude's");
        assert_eq!(ops[1].group.as_deref(), Some("send_2"));
    }
}
