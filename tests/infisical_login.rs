//! Logging in with the API's own operation (issue 24): the crate generated from the shared
//! corpus's Infisical document (`../shared/corpus/openapi/infisical-2024-10.json`) with an
//! `sdk.toml` `[login]` section naming its universal-auth login has
//! `Client::builder().universal_auth(client_id, client_secret)`, and a test of that crate
//! (`tests/harness/login.rs`) drives it against a mock of the login and of one secret read.

use tests::{run_harness, shared};
use xtask::codegen::{Options, run};
use xtask::ir::TypeRef;
use xtask::samples::{Samples, Style};

const LOGIN: &str = r#"[login]
operation = "POST /api/v1/auth/universal-auth/login"
method = "universal_auth"
credentials = ["clientId", "clientSecret"]
token = "accessToken"
expires_in = "expiresIn"
"#;

#[test]
fn the_infisical_crate_logs_in_once_renews_and_shows_no_credential() {
    let Some(spec) = shared("corpus/openapi/infisical-2024-10.json") else { return };
    let dir = tempfile::Builder::new().prefix("sdk-login-").tempdir().unwrap();
    let config = tempfile::Builder::new().prefix("sdk-login-config-").tempdir().unwrap();
    std::fs::write(config.path().join("sdk.toml"), LOGIN).unwrap();
    let options = Options {
        specs: vec![spec],
        out: dir.path().to_path_buf(),
        config: Some(config.path().join("sdk.toml")),
        ..Options::default()
    };
    let outcome = run(&options).unwrap_or_else(|e| panic!("{e}"));
    let api = &outcome.generated.api;
    let login = api.login.as_ref().expect("the login is in the IR");
    assert_eq!(login.method, "universal_auth");
    let readme = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(
        readme.contains(
            ".universal_auth(std::env::var(\"INFISICAL_CLIENT_ID\")?, std::env::var(\"INFISICAL_CLIENT_SECRET\")?)"
        ),
        "the README's example logs in with the crate's login:\n{readme}"
    );
    assert!(readme.contains("| `bearerAuth` | `.bearer_auth(..)` |"), "the README lists the schemes");

    // A valid answer of the secret read, for the mock.
    let read = api
        .operations
        .iter()
        .find(|op| op.method == "GET" && op.path == "/api/v3/secrets/raw/{secretName}")
        .expect("the secret read");
    let ty: &TypeRef = read.responses.iter().find(|r| r.is_success()).and_then(|r| r.ty.as_ref()).unwrap();
    let secret = Samples::new(api).value(ty, Style { optional: false, marker: None });
    let harness = dir.path().join("tests/login");
    std::fs::create_dir_all(&harness).unwrap();
    std::fs::write(harness.join("secret.json"), secret.to_string()).unwrap();
    // Only the groups the harness calls: the whole crate is 485 operations.
    let stdout = run_harness(
        dir.path(),
        "login.rs",
        "login",
        &["--no-default-features", "--features", "secrets,universal-auth"],
    );
    let summary = stdout.lines().find(|l| l.starts_with("login:")).unwrap_or_default();
    println!("{summary}");
    assert!(summary.contains("none with a credential"), "{stdout}");
}
