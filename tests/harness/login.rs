//! Copied into the crate generated from `../shared/corpus/openapi/infisical-2024-10.json` with an
//! `sdk.toml` login section, by the generator's `tests/infisical_login.rs`, beside `secret.json`
//! (a valid answer of the secret read). The crate's own login (`universal_auth`) against a mock
//! of the login and of one secret read: one login for many calls, one renewal at expiry and one
//! after a 401, the login sent without credentials, and the credentials in no `Debug`/`Display`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use infisical_api::{Client, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const MARKER: &str = "SeCrEt-MaRkEr-8d1f";

/// Answers the login with `token-1`, `token-2`, ..., each living 2 s.
struct Logins(Arc<AtomicUsize>);

impl Respond for Logins {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let body = json!({ "accessToken": format!("token-{n}"), "expiresIn": 2, "accessTokenMaxTTL": 7200, "tokenType": "Bearer" });
        ResponseTemplate::new(200).set_body_json(body).set_delay(Duration::from_millis(100))
    }
}

async fn reads(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| r.url.path().starts_with("/api/v3/secrets/raw/"))
        .map(|r| r.headers.get("authorization").map_or("none", |v| v.to_str().unwrap()).to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_login_for_many_calls_renewed_at_expiry_and_after_a_401() {
    let secret: serde_json::Value = serde_json::from_str(include_str!("secret.json")).expect("secret.json");
    let server = MockServer::start().await;
    let logins = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/api/v1/auth/universal-auth/login"))
        .respond_with(Logins(logins.clone()))
        .mount(&server)
        .await;
    // The API refuses `token-2` once: the client logs in again and sends the read once more.
    Mock::given(header("authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "statusCode": 401, "error": "Unauthorized" })))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/api/v3/secrets/raw/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(secret))
        .mount(&server)
        .await;

    let builder = Client::builder()
        .base_url(server.uri())
        .universal_auth(format!("id-{MARKER}"), format!("secret-{MARKER}"))
        .retry_policy(RetryPolicy::none());
    let mut shown = vec![format!("{builder:?}")];
    let client = builder.build().expect("a client");
    shown.push(format!("{client:?}"));

    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.secrets().get_raw("DB_PASSWORD").await })
    });
    for call in calls {
        let secret = call.await.unwrap().expect("the read succeeds");
        shown.push(format!("{secret:?}"));
    }
    assert_eq!(logins.load(Ordering::SeqCst), 1, "one login for 50 calls");
    assert!(reads(&server).await.iter().all(|t| t == "Bearer token-1"));
    let requests = server.received_requests().await.unwrap();
    let login = requests.iter().find(|r| r.url.path() == "/api/v1/auth/universal-auth/login").unwrap();
    assert!(login.headers.get("authorization").is_none(), "the login is sent without credentials");
    assert_eq!(
        login.body_json::<serde_json::Value>().unwrap(),
        json!({ "clientId": format!("id-{MARKER}"), "clientSecret": format!("secret-{MARKER}") })
    );

    // Renewed a margin before the 2 s expire, once for the calls waiting.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let (a, b) = tokio::join!(client.secrets().get_raw("A"), client.secrets().get_raw("B"));
    // `token-2` is refused once: a third login, and the read sent again with its token.
    let answers = [a, b];
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    assert_eq!(logins.load(Ordering::SeqCst), 3, "one renewal at expiry, one after the 401");
    assert_eq!(reads(&server).await.last().map(String::as_str), Some("Bearer token-3"));

    // A login the API refuses is an error that shows no credential either.
    let refusing = MockServer::start().await;
    Mock::given(path("/api/v1/auth/universal-auth/login"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "statusCode": 401, "error": "Unauthorized", "message": "bad client" })))
        .mount(&refusing)
        .await;
    let client = Client::builder()
        .base_url(refusing.uri())
        .universal_auth(format!("id-{MARKER}"), format!("secret-{MARKER}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.secrets().get_raw("DB_PASSWORD").await.unwrap_err();
    let mut chain = format!("{error} {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(next) = source {
        chain.push_str(&format!(" {next} {next:?}"));
        source = next.source();
    }
    assert!(chain.contains("401"), "{chain}");
    shown.push(chain);
    let leaks: Vec<&String> = shown.iter().filter(|s| s.contains(MARKER)).collect();
    assert!(leaks.is_empty(), "a credential shows: {leaks:?}");
    println!("login: {} outcome(s) shown, none with a credential", shown.len());
}
