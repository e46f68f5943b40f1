//! Which properties hold credentials. Their type is `Secret`, whose `Debug` prints a mask: an SDK
//! for a secrets manager must not leak into logs. The rule is a list, here and nowhere else.

/// A property holds a credential when its snake-case name is one of these words or ends with
/// `_` and one of them: `apiToken`, `clientSecret`, `privateKey`, `secretValue`, `password`.
/// Names that merely mention one (`tokenId`, `secretName`, `credentialsHash`) do not match, and
/// `secretKey` is the *name* of an Infisical secret, not a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passphrase",
    "private_key",
    "api_key",
    "access_key",
    "secret_access_key",
    "secret_value",
    "client_secret",
    "credential",
];

pub fn is_credential(wire: &str) -> bool {
    let name = crate::ident::snake_name(wire);
    CREDENTIAL_WORDS.iter().any(|word| name == *word || name.ends_with(&format!("_{word}")))
}

#[cfg(test)]
mod tests {
    use super::is_credential;

    #[test]
    fn credentials_and_look_alikes() {
        for name in [
            "apiToken",
            "clientSecret",
            "password",
            "privateKey",
            "secretValue",
            "accessToken",
            "token",
            "secretAccessKey",
            "apiKey",
        ] {
            assert!(is_credential(name), "{name}");
        }
        for name in
            ["tokenId", "secretName", "secretKey", "credentialsHash", "name", "accessKeyId", "tokenTtl", "instanceUrl"]
        {
            assert!(!is_credential(name), "{name}");
        }
    }
}
