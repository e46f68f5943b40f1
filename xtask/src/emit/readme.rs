//! The generated crate's README, which is also its crate-level rustdoc (`lib.rs` includes it), so
//! its example is a doctest: it calls a real operation of the API, chosen and filled in here, and
//! must compile.

use std::collections::BTreeMap;

use super::examples::Writer;
use crate::ir::{Api, Operation, Scheme, SchemeKind, TypeKind};
use crate::usage::directions;

/// The example's call: the simplest operation whose arguments can be written as literals.
pub fn example(api: &Api, crate_ident: &str) -> String {
    let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let sent = directions(api);
    let writer = Writer { kinds: &kinds, crate_ident, sent: &sent, strict: true };
    let mut candidates: Vec<(usize, &Operation, Vec<String>)> = api
        .operations
        .iter()
        .filter(|op| !op.deprecated)
        .filter_map(|op| {
            let mut written = writer.call(op)?;
            written.lines.push(written.call);
            Some((written.cost, op, written.lines))
        })
        .collect();
    candidates.sort_by(|a, b| (a.0, &a.1.group, &a.1.name).cmp(&(b.0, &b.1.group, &b.1.name)));
    let token = token_variable(api);
    let prefix = token.trim_end_matches("_TOKEN");
    let env = |wire: &str| format!("std::env::var(\"{prefix}_{}\")?", crate::ident::snake_name(wire).to_uppercase());
    let auth = if let Some(login) = &api.login {
        let arguments: Vec<String> = login.credentials.iter().map(|c| env(&c.wire)).collect();
        format!(
            "        // Logs in with the API's own login, and again before the token expires.\n        .{}({})\n",
            login.method,
            arguments.join(", ")
        )
    } else {
        let op = candidates.first().map(|(_, op, _)| *op);
        example_schemes(api, op)
            .iter()
            .map(|scheme| {
                let var = |what: &str| env(&format!("{} {what}", scheme.name));
                match &scheme.kind {
                    SchemeKind::Basic => format!("        .{}({}, {})\n", scheme.method, var("user"), var("password")),
                    SchemeKind::ApiKey { .. } => format!("        .{}({})\n", scheme.method, env(&scheme.name)),
                    SchemeKind::ClientCredentials { .. } => format!(
                        "        .{}({}, {}) // fetches and renews its own tokens\n",
                        scheme.method,
                        var("client id"),
                        var("client secret")
                    ),
                    SchemeKind::Bearer | SchemeKind::Token { .. } => format!(
                        "        .bearer_token(std::env::var(\"{token}\")?) // or .token_source(..) for tokens that expire\n"
                    ),
                }
            })
            .fold(Vec::new(), |mut lines: Vec<String>, line| {
                // Two bearer schemes are one `.bearer_token(..)`.
                if !lines.contains(&line) {
                    lines.push(line);
                }
                lines
            })
            .concat()
    };
    let call = match candidates.first() {
        Some((_, _, lines)) => {
            let mut text = String::new();
            for line in &lines[..lines.len().saturating_sub(1)] {
                text.push_str(&format!("    {line}\n"));
            }
            let call = lines.last().cloned().unwrap_or_default();
            text.push_str(&format!("    let response = client.{call}.await?;\n"));
            text.push_str("    println!(\"{response:?}\");\n");
            text
        }
        None => "    // Every operation is a method of the client or of a group: `client.group().operation(..).await?`.\n    let _ = client;\n".to_string(),
    };
    // Types are named through one `use`, so that lines stay short.
    let full = format!("{crate_ident}::types::");
    let (uses, call) = if call.contains(&full) {
        (format!("use {crate_ident}::types;\n\n"), call.replace(&full, "types::"))
    } else {
        (String::new(), call)
    };
    format!(
        "```rust,no_run\n{uses}async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n    let client = {crate_ident}::Client::builder() // the spec's first server; `.base_url(..)` for another\n{auth}        .build()?;\n{call}    Ok(())\n}}\n```"
    )
}

/// The schemes the README's example configures: those its operation needs (its first
/// alternative), or for an operation whose spec does not say, a bearer scheme the spec declares;
/// never one the spec does not declare.
fn example_schemes<'a>(api: &'a Api, op: Option<&Operation>) -> Vec<&'a Scheme> {
    let by_name = |name: &String| api.schemes.iter().find(|s| &s.name == name);
    match op.and_then(|op| op.security.as_ref()) {
        Some(alternatives) => {
            alternatives.first().map(|names| names.iter().filter_map(by_name).collect()).unwrap_or_default()
        }
        None => {
            let bearer = api.schemes.iter().find(|s| matches!(s.kind, SchemeKind::Bearer | SchemeKind::Token { .. }));
            bearer.or(api.schemes.first()).into_iter().collect()
        }
    }
}

/// What the crate was generated from, for its README's first line.
pub fn source(api: &Api) -> &'static str {
    let pages = api.operations.iter().filter(|op| op.source.is_some()).count();
    match pages {
        0 => "its OpenAPI description",
        n if n == api.operations.len() => "its documentation pages",
        _ => "its documentation pages and OpenAPI description",
    }
}

/// How the crate's operations are grouped and named, as the README tells it: where the groups
/// came from (the decision is `resolve/methods.rs`'s; this only counts it).
pub fn names(api: &Api) -> String {
    use crate::ir::GroupOrigin;
    let count = |origin: GroupOrigin| api.groups.iter().filter(|g| g.origin == origin).count();
    let mut from = Vec::new();
    for (origin, what) in [
        (GroupOrigin::Tag, "for a tag of the spec"),
        (GroupOrigin::Page, "for a section of the documentation pages' URLs"),
        (
            GroupOrigin::Namespace,
            "for the namespace their operationIds open with (`emails/send` → `client.emails().send()`)",
        ),
        (
            GroupOrigin::Path,
            "for the resource their paths name, where the spec gives no tag (`/api/v1/secrets/{id}` → `client.secrets()`)",
        ),
    ] {
        match count(origin) {
            0 => {}
            n => from.push(format!("{n} named {what}")),
        }
    }
    let mut text = match api.groups.len() {
        0 => "Every operation is a method of `Client`: `client.<operation>(..)`.".to_string(),
        n => format!(
            "Operations sit in {n} group(s), each a module with an accessor, `client.<group>().<operation>(..)`: {}.",
            from.join("; ")
        ),
    };
    text.push_str(
        " A method is named for the spec's `operationId` where a person wrote one (less the namespace \
         or group it opens with: `emails/send` → `client.emails().send()`), else for its \
         documentation page, else for its path: a verb (`list`, `get`, `create`, `update`, `replace`, \
         `delete`, or the action the path ends with: `revoke`) and the sub-resource \
         (`list_client_secrets`). Request and response types are named for the method \
         (`CreateSecretRequest`), and a type several operations share for what they share.",
    );
    text
}

/// `INFISICAL_TOKEN` for "Infisical API".
fn token_variable(api: &Api) -> String {
    let title = api.title.trim();
    let stem = title.strip_suffix("API").or_else(|| title.strip_suffix("Api")).unwrap_or(title);
    let name = crate::ident::snake_name(stem).to_uppercase();
    if name.is_empty() || name == "VALUE" { "API_TOKEN".into() } else { format!("{name}_TOKEN") }
}

/// The README's "Authentication": the spec's schemes, each with the builder method that
/// configures it, and the login.
pub fn auth_section(api: &Api) -> String {
    let mut text = String::new();
    if api.schemes.is_empty() {
        text.push_str(
            "The spec declares no security scheme. `ClientBuilder::bearer_token(..)` (or `.token_source(..)`) \
             sends `Authorization: Bearer ..` with every request.\n",
        );
    } else {
        text.push_str(
            "The spec's security schemes, each configured by a method of `ClientBuilder` taking `Secret`s. \
             Each operation sends the first of its alternatives whose schemes are all configured; one whose \
             spec says `security: []` sends nothing and asks no token source; one whose schemes are not \
             configured fails before sending, naming them. `.bearer_token(..)` and `.token_source(..)` \
             serve every scheme that takes a bearer token and is not configured on its own, and operations \
             whose spec names no scheme.\n\n| scheme | method | what |\n|---|---|---|\n",
        );
        for scheme in &api.schemes {
            let what = super::auth::describe(scheme).replace('|', "\\|");
            text.push_str(&format!("| `{}` | `.{}(..)` | {what} |\n", scheme.name, scheme.method));
        }
    }
    if let Some(login) = &api.login {
        let credentials: Vec<&str> = login.credentials.iter().map(|c| c.name.as_str()).collect();
        let lifetime = match &login.expires_in {
            Some(field) => format!("before it expires (`{}`, in seconds)", field.wire),
            None => "when the API refuses it".to_string(),
        };
        text.push_str(&format!(
            "\n**Logging in.** `.{}({})` logs in with `{}` (sent without credentials) and sends the `{}` it \
             answers as the bearer token, logging in again {lifetime} and after a 401, one login at a time.\n",
            login.method,
            credentials.join(", "),
            login.operation,
            login.token.wire,
        ));
    }
    text.trim_end().to_string()
}

/// The README's example of a token source that logs in and renews (a doctest too). For Infisical,
/// a machine identity's universal-auth login; for another API, the shape of a login function.
pub fn token_example(api: &Api, crate_ident: &str) -> String {
    let server = api.servers.first().map_or("https://api.example.com", |s| s.url.as_str());
    // With a login of its own, the crate logs in by itself (the example above): this one is for
    // tokens from elsewhere.
    let login = if api.login.is_none() && api.title.to_ascii_lowercase().contains("infisical") {
        format!(
            r#"    // A machine identity's universal-auth login: its client id and secret for a token, with
    // the HTTP client the SDK itself runs on.
    use {crate_ident}::{{reqwest, serde_json}};
    let answer: serde_json::Value = reqwest::Client::new()
        .post("{server}/api/v1/auth/universal-auth/login")
        .json(&serde_json::json!({{
            "clientId": std::env::var("INFISICAL_CLIENT_ID")?,
            "clientSecret": std::env::var("INFISICAL_CLIENT_SECRET")?,
        }}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = answer["accessToken"].as_str().ok_or("no accessToken")?;
    let expires_in = answer["expiresIn"].as_u64().ok_or("no expiresIn")?;
    Ok(Login::new(token, Duration::from_secs(expires_in)))
"#
        )
    } else {
        "    // Ask the API (or its identity provider) for a token and how long it lives.\n    Ok(Login::new(std::env::var(\"API_TOKEN\")?, Duration::from_secs(3600)))\n".to_string()
    };
    format!(
        "```rust,no_run\nuse std::time::Duration;\nuse {crate_ident}::{{BoxError, Client, Login, RenewingToken}};\n\nasync fn log_in() -> Result<Login, BoxError> {{\n{login}}}\n\nfn client() -> Result<Client, Box<dyn std::error::Error>> {{\n    Ok(Client::builder().token_source(RenewingToken::new(log_in)).build()?)\n}}\n```"
    )
}
