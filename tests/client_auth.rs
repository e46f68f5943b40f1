//! Authentication on the wire, through the fixture crate (`tests/fixtures/auth_schemes.md` declares
//! every kind of scheme, `tests/fixtures/sdk.toml` a login): the exact header, query or cookie each
//! scheme sends, `security: []` sending nothing and asking no token source, alternatives, a
//! missing scheme refused before sending, OAuth2 client credentials and the login renewing once
//! however many calls wait, and no credential in any `Debug`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fixture_sdk::{Client, ClientBuilder, Error, LoginFailed, Secret, TokenFuture, TokenSource};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// What a request carries that could be a credential: `Authorization`, the two key headers,
/// `Cookie` and the query.
type Sent = (Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

fn sent(request: &Request) -> Sent {
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_string());
    (
        header("authorization"),
        header("x-api-key"),
        header("x-build-key"),
        header("cookie"),
        request.url.query().map(str::to_string),
    )
}

fn none() -> Sent {
    (None, None, None, None, None)
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

/// The credentials of the one request the server has received for `route`.
async fn received(server: &MockServer, route: &str) -> Sent {
    let requests = server.received_requests().await.unwrap();
    let mut matching = requests.iter().filter(|r| r.url.path() == route);
    let request = matching.next().unwrap_or_else(|| panic!("nothing was sent to {route}"));
    assert!(matching.next().is_none(), "one request to {route}");
    sent(request)
}

fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

fn everything(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .bearer_auth("b-token")
        .basic_auth("user", "pass")
        .header_key("h-key")
        .query_key("q-key")
        .cookie_key("c-key")
        .build_("build-key")
        .open_id("oidc-token")
}

#[tokio::test]
async fn each_scheme_sends_its_credential_where_the_spec_says_and_nothing_else() {
    let server = server().await;
    let client = everything(&server).build().unwrap();
    let keyring = client.keyring();
    keyring.read_with_bearer().await.unwrap();
    keyring.read_with_basic().await.unwrap();
    keyring.read_with_header_key().await.unwrap();
    keyring.read_with_query_key().await.unwrap();
    keyring.read_with_cookie_key().await.unwrap();
    keyring.read_with_build_key().await.unwrap();
    keyring.read_with_open_id().await.unwrap();
    keyring.read_open().await.unwrap();
    keyring.read_with_either().await.unwrap();
    keyring.read_optionally().await.unwrap();
    let cases: [(&str, Sent); 10] = [
        ("/keyring/bearer", (some("Bearer b-token"), None, None, None, None)),
        // base64("user:pass")
        ("/keyring/basic", (some("Basic dXNlcjpwYXNz"), None, None, None, None)),
        ("/keyring/header", (None, some("h-key"), None, None, None)),
        ("/keyring/query", (None, None, None, None, some("api_key=q-key"))),
        ("/keyring/cookie", (None, None, None, some("session=c-key"), None)),
        ("/keyring/build", (None, None, some("build-key"), None, None)),
        ("/keyring/oidc", (some("Bearer oidc-token"), None, None, None, None)),
        ("/keyring/open", none()),
        // The first alternative configured: the header key.
        ("/keyring/either", (None, some("h-key"), None, None, None)),
        ("/keyring/optional", (None, some("h-key"), None, None, None)),
    ];
    for (route, expected) in cases {
        assert_eq!(received(&server, route).await, expected, "{route}");
    }
}

/// A token source that counts how often it is asked.
#[derive(Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl TokenSource for Counting {
    fn token<'a>(&'a self, _rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Secret::new("counted")) })
    }
}

#[tokio::test]
async fn security_none_sends_nothing_and_asks_no_token_source() {
    let server = server().await;
    let asked = Counting::default();
    let client = everything(&server).token_source(asked.clone()).build().unwrap();
    client.keyring().read_open().await.unwrap();
    assert_eq!(received(&server, "/keyring/open").await, none());
    assert_eq!(asked.0.load(Ordering::SeqCst), 0, "no token asked for `security: []`");
    // A scheme that takes a bearer token and has none of its own asks the source.
    client.keyring().read_with_oauth().await.unwrap();
    assert_eq!(received(&server, "/keyring/oauth").await, (some("Bearer counted"), None, None, None, None));
    assert_eq!(asked.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn of_alternatives_the_first_configured_is_used_with_all_its_schemes() {
    let server = server().await;
    let client =
        Client::builder().base_url(server.uri()).basic_auth("user", "pass").query_key("q-key").build().unwrap();
    client.keyring().read_with_either().await.unwrap();
    assert_eq!(
        received(&server, "/keyring/either").await,
        (some("Basic dXNlcjpwYXNz"), None, None, None, some("api_key=q-key"))
    );
    // `{}` among the alternatives: nothing configured is no error, and nothing is sent.
    client.keyring().read_optionally().await.unwrap();
    assert_eq!(received(&server, "/keyring/optional").await, none());
}

#[tokio::test]
async fn a_scheme_left_unconfigured_is_an_error_before_sending_that_names_it() {
    let server = server().await;
    let client = Client::builder().base_url(server.uri()).basic_auth("user", "pass").build().unwrap();
    let error = client.keyring().read_with_header_key().await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no credentials for the request: the operation takes the security scheme `headerKey` \
         (`ClientBuilder::header_key`), which is not configured"
    );
    // Basic alone is half of the second alternative.
    let error = client.keyring().read_with_either().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "no credentials for the request: the operation takes the security scheme `headerKey` \
         (`ClientBuilder::header_key`), or `basicAuth` (`ClientBuilder::basic_auth`) and `queryKey` \
         (`ClientBuilder::query_key`); none is configured"
    );
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn bearer_token_still_serves_bearer_schemes_and_operations_whose_spec_says_nothing() {
    let server = server().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).bearer_token("legacy").build().unwrap();
    client.keyring().read_with_bearer().await.unwrap();
    client.keyring().read_with_open_id().await.unwrap();
    assert_eq!(received(&server, "/keyring/bearer").await.0, some("Bearer legacy"));
    assert_eq!(received(&server, "/keyring/oidc").await.0, some("Bearer legacy"));
    // An API key is not a bearer token.
    assert!(client.keyring().read_with_header_key().await.is_err());
    // A scheme's own method wins over the default.
    let own = Client::builder().base_url(server.uri()).bearer_token("legacy").bearer_auth("own").build().unwrap();
    own.keyring().read_with_bearer().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let last = requests.iter().rev().find(|r| r.url.path() == "/keyring/bearer").unwrap();
    assert_eq!(sent(last).0, some("Bearer own"));
}

/// Issues `token-1`, `token-2`, ... living `lifetime` seconds, after a short wait, as a token
/// endpoint (`access_token`, RFC 6749 §5.1) or the fixture's login (`accessToken`).
struct Issuer {
    issued: Arc<AtomicUsize>,
    field: &'static str,
    lifetime_field: &'static str,
    lifetime: serde_json::Value,
}

impl Respond for Issuer {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(
                json!({ self.field: format!("token-{n}"), "token_type": "Bearer", self.lifetime_field: self.lifetime }),
            )
            .set_delay(Duration::from_millis(100))
    }
}

/// The tokens of the requests to `route`, in order.
async fn tokens(server: &MockServer, route: &str) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests.iter().filter(|r| r.url.path() == route).filter_map(|r| sent(r).0).collect()
}

#[tokio::test]
async fn client_credentials_one_token_request_for_a_hundred_calls_and_one_renewal_at_expiry() {
    let server = server().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let issuer =
        Issuer { issued: issued.clone(), field: "access_token", lifetime_field: "expires_in", lifetime: json!(2.0) };
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(issuer).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).client_credentials("id", "s3cr%t").build().unwrap();
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.keyring().read_with_oauth().await })
    });
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "one token request for 100 calls");
    assert!(tokens(&server, "/keyring/oauth").await.iter().all(|t| t == "Bearer token-1"));

    // The token request is RFC 6749 §4.4.2's: a form, the client authenticated with basic
    // (§2.3.1: id and secret form-encoded first, so `%` is `%25`).
    let requests = server.received_requests().await.unwrap();
    let token_request = requests.iter().find(|r| r.url.path() == "/oauth/token").unwrap();
    assert_eq!(token_request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(token_request.headers.get("authorization").unwrap(), "Basic aWQ6czNjciUyNXQ=");
    assert_eq!(
        String::from_utf8_lossy(&token_request.body),
        "grant_type=client_credentials&scope=keyring%3Aread+keyring%3Awrite"
    );

    // Renewed a margin (a fifth of its 2 s) before expiry: once, however many calls wait.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let calls = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.keyring().read_with_oauth().await })
    });
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 2, "one renewal at expiry");
    assert_eq!(tokens(&server, "/keyring/oauth").await.last().map(String::as_str), Some("Bearer token-2"));
}

/// Some token endpoints (Azure AD's v1) send `expires_in` as a string of digits: the token is
/// renewed at its expiry all the same, not kept until the API refuses it.
#[tokio::test]
async fn client_credentials_read_a_lifetime_sent_as_a_string() {
    let server = server().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let issuer =
        Issuer { issued: issued.clone(), field: "access_token", lifetime_field: "expires_in", lifetime: json!("2") };
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(issuer).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).client_credentials("id", "secret").build().unwrap();
    client.keyring().read_with_oauth().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1700)).await;
    client.keyring().read_with_oauth().await.unwrap();
    assert_eq!(tokens(&server, "/keyring/oauth").await, ["Bearer token-1", "Bearer token-2"]);
}

#[tokio::test]
async fn client_credentials_renew_once_after_a_401() {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let issuer =
        Issuer { issued: issued.clone(), field: "access_token", lifetime_field: "expires_in", lifetime: json!(3600.0) };
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(issuer).mount(&server).await;
    Mock::given(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).client_credentials("id", "secret").build().unwrap();
    client.keyring().read_with_oauth().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    assert_eq!(tokens(&server, "/keyring/oauth").await, ["Bearer token-1", "Bearer token-2"]);
}

#[tokio::test]
async fn a_token_endpoints_refusal_is_an_error_that_shows_its_code_only() {
    let server = server().await;
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "error": "invalid_client", "error_description": "secret s3cr%t is wrong" })),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).client_credentials("id", "s3cr%t").build().unwrap();
    let error = client.keyring().read_with_oauth().await.unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(text.contains("invalid_client"), "{text}");
    assert!(!text.contains("s3cr"), "{text}");
    assert!(tokens(&server, "/keyring/oauth").await.is_empty(), "nothing sent without a token");
}

#[tokio::test]
async fn the_login_runs_once_for_many_calls_without_credentials_and_renews_at_expiry() {
    let server = server().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let issuer =
        Issuer { issued: issued.clone(), field: "accessToken", lifetime_field: "expiresIn", lifetime: json!(2.0) };
    Mock::given(method("POST")).and(path("/keyring/login")).respond_with(issuer).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).keyring_login("client-1", "login-secret").build().unwrap();
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.keyring().read_with_bearer().await })
    });
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "one login for 50 calls");
    assert!(tokens(&server, "/keyring/bearer").await.iter().all(|t| t == "Bearer token-1"));
    let requests = server.received_requests().await.unwrap();
    let login = requests.iter().find(|r| r.url.path() == "/keyring/login").unwrap();
    assert_eq!(sent(login), none(), "the login is sent without credentials");
    assert_eq!(
        login.body_json::<serde_json::Value>().unwrap(),
        json!({ "clientId": "client-1", "clientSecret": "login-secret" })
    );

    tokio::time::sleep(Duration::from_millis(1700)).await;
    let (a, b) = tokio::join!(client.keyring().read_with_bearer(), client.keyring().read_with_bearer());
    a.unwrap();
    b.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2, "one renewal at expiry");
    assert_eq!(tokens(&server, "/keyring/bearer").await.last().map(String::as_str), Some("Bearer token-2"));
    // `security: []` asks the login for nothing.
    client.keyring().read_open().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refused_login_reads_refused_with_the_status_and_the_apis_message() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/keyring/login"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "message": "Invalid credentials" })))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).keyring_login("client-1", "login-s3cret").build().unwrap();
    let error = client.keyring().read_with_bearer().await.unwrap_err();
    assert_eq!(error.to_string(), "the login was refused: the API answered 401 Unauthorized: Invalid credentials");
    let Error::Auth(inner) = &error else { panic!("{error:?}") };
    let refused = inner.downcast_ref::<LoginFailed>().expect("a LoginFailed");
    assert_eq!(refused.status, Some(401));
    let text = format!("{error:?}");
    assert!(text.contains("Invalid credentials") && !text.contains("s3cret"), "{text}");
    assert!(tokens(&server, "/keyring/bearer").await.is_empty(), "nothing sent without a token");
}

#[tokio::test]
async fn a_login_that_cannot_be_sent_reads_failed() {
    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(fixture_sdk::RetryPolicy::none())
        .keyring_login("client-1", "login-s3cret")
        .build()
        .unwrap();
    let error = client.keyring().read_with_bearer().await.unwrap_err();
    assert!(error.to_string().starts_with("the login failed: the request failed"), "{error}");
}

#[tokio::test]
async fn no_credential_reaches_debug() {
    let server = server().await;
    let builder =
        everything(&server).client_credentials("oauth-id", "oauth-secret").keyring_login("li", "login-secret");
    let built = everything(&server).build().unwrap();
    let text = format!("{builder:?} {built:?}");
    for secret in
        ["b-token", "pass", "h-key", "q-key", "c-key", "build-key", "oidc-token", "oauth-secret", "login-secret"]
    {
        assert!(!text.contains(secret), "`{secret}` in {text}");
    }
    assert!(text.contains("headerKey"), "the schemes configured are named: {text}");
}
