//! Changes to authentication: a security scheme (or the login) added, removed or of another kind,
//! which adds or removes a builder method or changes its arguments; and an operation's
//! requirements, breaking when a configuration that sufficed before no longer does (the call
//! then fails before sending, naming the scheme).

use std::collections::BTreeMap;

use super::rules::Rule;
use crate::ir::{Api, KeyPlace, Operation, Scheme, SchemeKind};

/// The schemes' and the login's changes: (rule, subject, detail).
pub(super) fn schemes(old: &Api, new: &Api) -> Vec<(Rule, String, String)> {
    let mut out = Vec::new();
    let old_schemes: BTreeMap<&str, &Scheme> = old.schemes.iter().map(|s| (s.name.as_str(), s)).collect();
    let new_schemes: BTreeMap<&str, &Scheme> = new.schemes.iter().map(|s| (s.name.as_str(), s)).collect();
    let subject = |s: &Scheme| format!("security scheme `{}`", s.name);
    for (name, scheme) in &old_schemes {
        match new_schemes.get(name) {
            None => {
                out.push((Rule::SchemeRemoved, subject(scheme), format!("`ClientBuilder::{}` removed", scheme.method)))
            }
            Some(now) if std::mem::discriminant(&now.kind) != std::mem::discriminant(&scheme.kind) => out.push((
                Rule::SchemeChanged,
                subject(scheme),
                format!(
                    "now {} (was {}): `ClientBuilder::{}` takes other credentials",
                    kind(&now.kind),
                    kind(&scheme.kind),
                    now.method
                ),
            )),
            Some(now) if now.method != scheme.method => out.push((
                Rule::SchemeChanged,
                subject(scheme),
                format!("`ClientBuilder::{}` is now `{}`", scheme.method, now.method),
            )),
            // The same credential sent elsewhere (another header, token URL or scope): the SDK's
            // business.
            Some(now) if now.kind != scheme.kind => out.push((
                Rule::ConstantChanged,
                subject(scheme),
                format!("now {} (was {})", kind(&now.kind), kind(&scheme.kind)),
            )),
            Some(_) => {}
        }
    }
    for (name, scheme) in &new_schemes {
        if !old_schemes.contains_key(name) {
            let detail = format!("{}: `ClientBuilder::{}`", kind(&scheme.kind), scheme.method);
            out.push((Rule::SchemeAdded, subject(scheme), detail));
        }
    }
    match (&old.login, &new.login) {
        (Some(login), None) => {
            out.push((Rule::SchemeRemoved, "login".into(), format!("`ClientBuilder::{}` removed", login.method)))
        }
        (None, Some(login)) => out.push((
            Rule::SchemeAdded,
            "login".into(),
            format!("`ClientBuilder::{}` logs in with `{}`", login.method, login.operation),
        )),
        (Some(old), Some(new)) if old.method != new.method || old.credentials != new.credentials => out.push((
            Rule::SchemeChanged,
            "login".into(),
            format!("`ClientBuilder::{}` is now `{}`, taking other credentials", old.method, new.method),
        )),
        _ => {}
    }
    out
}

fn kind(kind: &SchemeKind) -> String {
    match kind {
        SchemeKind::Bearer => "a bearer token".into(),
        SchemeKind::Basic => "HTTP basic".into(),
        SchemeKind::ApiKey { place, wire } => {
            let place = match place {
                KeyPlace::Header => "header",
                KeyPlace::Query => "query",
                KeyPlace::Cookie => "cookie",
            };
            format!("an API key in the {place} `{wire}`")
        }
        SchemeKind::ClientCredentials { token_url, .. } => format!("OAuth2 client credentials at `{token_url}`"),
        SchemeKind::Token { what } => format!("a token ({what})"),
    }
}

/// An operation's requirements: (rule, detail), when they changed.
pub(super) fn security(old: &Operation, new: &Operation) -> Option<(Rule, String)> {
    if old.security == new.security {
        return None;
    }
    let show = |op: &Operation| match &op.security {
        None => "none named".to_string(),
        Some(alternatives) if alternatives.is_empty() => "none (`security: []`)".to_string(),
        Some(alternatives) => {
            let each: Vec<String> = alternatives
                .iter()
                .map(|a| {
                    if a.is_empty() {
                        "nothing".into()
                    } else {
                        a.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ")
                    }
                })
                .collect();
            each.join(", or ")
        }
    };
    let detail = format!("takes {} (took {})", show(new), show(old));
    // Each configuration that sufficed before (an alternative's schemes, or nothing) must still.
    let sufficed: Vec<Vec<String>> = match &old.security {
        Some(alternatives) if !alternatives.is_empty() && !alternatives.iter().any(Vec::is_empty) => {
            alternatives.clone()
        }
        _ => vec![Vec::new()],
    };
    let accepts = |configured: &Vec<String>| match &new.security {
        None => true,
        Some(alternatives) => {
            alternatives.is_empty() || alternatives.iter().any(|a| a.iter().all(|s| configured.contains(s)))
        }
    };
    let rule = if sufficed.iter().all(accepts) { Rule::SecurityChanged } else { Rule::SecurityRequired };
    Some((rule, detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(security: serde_json::Value) -> Operation {
        serde_json::from_value(serde_json::json!({
            "name": "get", "method": "GET", "path": "/", "security": security, "responses": []
        }))
        .unwrap()
    }

    #[test]
    fn required_when_what_sufficed_no_longer_does() {
        let rule = |old, new| security(&op(old), &op(new)).map(|(rule, _)| rule);
        let null = serde_json::Value::Null;
        assert_eq!(rule(null.clone(), serde_json::json!([["a"]])), Some(Rule::SecurityRequired));
        assert_eq!(rule(serde_json::json!([]), serde_json::json!([["a"], []])), Some(Rule::SecurityChanged));
        assert_eq!(rule(serde_json::json!([["a"]]), serde_json::json!([["a"], ["b"]])), Some(Rule::SecurityChanged));
        assert_eq!(rule(serde_json::json!([["a"], ["b"]]), serde_json::json!([["a"]])), Some(Rule::SecurityRequired));
        assert_eq!(rule(serde_json::json!([["a"]]), serde_json::json!([["a", "b"]])), Some(Rule::SecurityRequired));
        assert_eq!(rule(serde_json::json!([["a"]]), null), Some(Rule::SecurityChanged));
        assert_eq!(rule(serde_json::json!([["a"]]), serde_json::json!([["a"]])), None);
    }

    /// An IR written before schemes were read said `secured: true`: read as the bearer scheme, so
    /// the first regeneration reports the new builder method and no operation made to need one.
    #[test]
    fn an_ir_from_before_schemes_reports_no_operation_made_required() {
        let old: Api = serde_json::from_value(serde_json::json!({
            "title": "T", "version": "1", "servers": [], "types": [],
            "operations": [{ "name": "get", "method": "GET", "path": "/", "secured": true, "responses": [] }]
        }))
        .unwrap();
        let mut new = old.clone();
        new.operations[0].security = Some(vec![vec!["bearerAuth".into()]]);
        new.schemes = vec![Scheme {
            name: "bearerAuth".into(),
            method: "bearer_auth".into(),
            kind: SchemeKind::Bearer,
            doc: None,
        }];
        let old = old.upgraded();
        assert_eq!(security(&old.operations[0], &new.operations[0]), None);
        let rules: Vec<Rule> = schemes(&old, &new).into_iter().map(|(rule, _, _)| rule).collect();
        assert_eq!(rules, [Rule::SchemeAdded]);
    }
}
