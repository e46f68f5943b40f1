//! The login of `sdk.toml` against the IR: the operation it names must take only a JSON body whose
//! required fields are the credentials named, and answer one JSON object holding the token (and
//! its lifetime). Its builder method's name is decided here, apart from the builder's own methods
//! and the schemes'.

use crate::diag::{Diagnostic, Location};
use crate::ir::{self, MediaKind, Presence, TypeKind, TypeRef};
use crate::package::LoginConfig;

/// Checks `config` against `api` and records the login in it; an error names `sdk.toml`.
pub fn login(api: &mut ir::Api, config: &LoginConfig, at: &Location) -> Result<(), Box<Diagnostic>> {
    let fail = |message: String| Box::new(Diagnostic::error(at.clone(), format!("[login]: {message}")));
    let (method, path) = config
        .operation
        .split_once(' ')
        .ok_or_else(|| fail(format!("`operation = \"{}\"` is not `METHOD /path`", config.operation)))?;
    let op = api
        .operations
        .iter()
        .find(|op| op.method.eq_ignore_ascii_case(method) && op.path == path.trim())
        .ok_or_else(|| fail(format!("no operation `{}` in the specs", config.operation)))?;
    if !op.arguments().is_empty() {
        return Err(fail(format!("`{}` takes parameters; a login takes only its credentials", config.operation)));
    }
    let types = |name: &str| api.types.iter().find(|t| t.name == name).map(|t| &t.kind);
    let object = |ty: Option<&TypeRef>| match ty {
        Some(TypeRef::Named(name)) => match types(name) {
            Some(TypeKind::Struct(s)) => Some(s),
            _ => None,
        },
        _ => None,
    };
    let body = op.body.as_ref().filter(|b| b.kind == MediaKind::Json && b.required);
    let body = object(body.map(|b| &b.ty))
        .ok_or_else(|| fail(format!("`{}` takes no JSON object as its body", config.operation)))?;
    let mut credentials = Vec::new();
    for wire in &config.credentials {
        let field = body
            .fields
            .iter()
            .find(|f| &f.wire == wire)
            .ok_or_else(|| fail(format!("the body of `{}` has no field `{wire}`", config.operation)))?;
        if field.presence != Presence::Required || !matches!(field.ty, TypeRef::String | TypeRef::Secret) {
            return Err(fail(format!("`{wire}` is not a required string of the body")));
        }
        credentials.push(ir::LoginField { wire: wire.clone(), name: field.name.clone() });
    }
    let asked = body
        .fields
        .iter()
        .filter(|f| !f.is_fixed() && matches!(f.presence, Presence::Required | Presence::Nullable) && !f.flatten);
    if let Some(field) = asked.clone().find(|f| !config.credentials.contains(&f.wire)) {
        return Err(fail(format!("the body's required field `{}` is not among `credentials`", field.wire)));
    }
    let shape = op.success_shape();
    let answer = match shape.as_slice() {
        [(None, ty, MediaKind::Json)] => object(*ty),
        _ => None,
    }
    .ok_or_else(|| fail(format!("`{}` does not answer one JSON object", config.operation)))?;
    let field = |wire: &str, fits: fn(&TypeRef) -> bool, what: &str| {
        answer
            .fields
            .iter()
            .find(|f| f.wire == wire && fits(&f.ty))
            .map(|f| ir::LoginField { wire: wire.to_string(), name: f.name.clone() })
            .ok_or_else(|| fail(format!("the answer of `{}` has no {what} `{wire}`", config.operation)))
    };
    let token = field(&config.token, |t| matches!(t, TypeRef::String | TypeRef::Secret), "string")?;
    let expires_in = match &config.expires_in {
        Some(wire) => Some(field(wire, |t| matches!(t, TypeRef::F64 | TypeRef::I64 | TypeRef::I32), "number")?),
        None => None,
    };
    let wanted = config.method.clone().or_else(|| op.group.clone()).unwrap_or_else(|| op.name.clone());
    let operation = format!("{} {}", op.method, op.path);
    api.login = Some(ir::Login {
        method: super::symbols::login_method(&wanted, &api.schemes),
        operation,
        credentials,
        token,
        expires_in,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> ir::Api {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/auth_schemes.md");
        crate::codegen::analyse(&[fixture]).expect("the fixture generates").api
    }

    fn config(operation: &str, credentials: &[&str], token: &str) -> LoginConfig {
        LoginConfig {
            operation: operation.into(),
            method: None,
            credentials: credentials.iter().map(|c| c.to_string()).collect(),
            token: token.into(),
            expires_in: Some("expiresIn".into()),
        }
    }

    fn error(config: LoginConfig) -> String {
        let at = Location::at(std::path::Path::new("specs/sdk.toml"), 3);
        let error = login(&mut api(), &config, &at).expect_err("refused");
        assert_eq!((error.location.file.to_str(), error.location.line), (Some("specs/sdk.toml"), Some(3)));
        error.message
    }

    #[test]
    fn a_login_that_fits_its_operation_is_named_for_its_group() {
        let mut api = api();
        let at = Location::at(std::path::Path::new("sdk.toml"), 1);
        login(&mut api, &config("post /keyring/login", &["clientId", "clientSecret"], "accessToken"), &at).unwrap();
        let login = api.login.unwrap();
        assert_eq!(login.method, "keyring_auth");
        assert_eq!(login.token.name, "access_token");
    }

    #[test]
    fn what_does_not_fit_is_an_error_naming_the_config() {
        let both = ["clientId", "clientSecret"];
        assert!(error(config("POST", &both, "accessToken")).contains("is not `METHOD /path`"));
        assert!(error(config("POST /nowhere", &both, "accessToken")).contains("no operation `POST /nowhere`"));
        assert!(error(config("GET /keyring/open", &both, "accessToken")).contains("takes no JSON object"));
        assert!(
            error(config("POST /keyring/login", &["clientId"], "accessToken")).contains("`clientSecret` is not among")
        );
        assert!(error(config("POST /keyring/login", &["clientId", "nope"], "accessToken")).contains("no field `nope`"));
        assert!(error(config("POST /keyring/login", &both, "token")).contains("no string `token`"));
    }
}
