//! What a caller meets when an answer is not the plain success (issue 26), through the fixture
//! crate on the wire of a local mock server: a union that does not decode names its closest
//! variant, an error body off the spec still gives the server's texts, a declared redirect is the
//! call's answer and is not followed, and a caller's own `reqwest::Client` (reqwest 0.13, the
//! crate's) drives the SDK.

use std::future::Future;

use fixture_sdk::client::sign_out::SignOutCallResponse as SignOutAnswer;
use fixture_sdk::types::SignInRequest;
use fixture_sdk::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A value that must not reach any error text.
const MARKER: &str = "s3cr3t-marker";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none()).build().unwrap()
}

/// Repro 15's shape: neither variant fits; the error is the one whose required key is there.
#[tokio::test]
async fn an_untagged_union_that_does_not_decode_names_its_closest_variant() {
    let server = MockServer::start().await;
    let body = json!({ "rotated": [{ "keyName": MARKER }] });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let error = client(&server).keys().rotate_keys().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the 200 response does not parse as `types::RotateKeysResponse` at `.`: no variant of `RotateKeysResponse` \
         fits (`Review` needs `review`); the closest, `Rotated`, fails at `rotated[0]`: missing field `version`"
    );
    assert!(!format!("{error:?}").contains(MARKER), "{error:?}");

    // A value of the wrong type is named by its kind, never shown.
    let server = MockServer::start().await;
    let body = json!({ "rotated": [{ "keyName": "a", "version": MARKER }] });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let error = client(&server).keys().rotate_keys().await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(MARKER), "{shown}");
    assert!(error.to_string().contains("`Rotated`, fails at `rotated[0].version`: invalid type: a string"), "{error}");
}

/// Repro 16's 404: the body is not the error type (in the fixture crate, whose envelope joins
/// every fixture's, `reqId` is optional: here the status code comes as text instead of a
/// number), and the server's kind and message still show, with the request id from its header.
#[tokio::test]
async fn an_error_body_off_the_spec_keeps_the_servers_message() {
    let server = MockServer::start().await;
    let body = json!({ "statusCode": "404", "message": "Vault not found", "error": "NotFound" });
    let answer = ResponseTemplate::new(404).set_body_json(body).insert_header("x-request-id", "req-404");
    Mock::given(method("GET")).and(path("/vaults/v1")).respond_with(answer).mount(&server).await;
    let error = client(&server).vaults().get_vault("v1").await.unwrap_err();
    assert_eq!(error.to_string(), "the API answered 404 Not Found: NotFound: Vault not found (request id req-404)");
    assert!(error.body().is_none(), "the body is not the error type: {error:?}");
    assert_eq!((error.kind().as_deref(), error.message().as_deref()), (Some("NotFound"), Some("Vault not found")));
    assert_eq!((error.status(), error.request_id()), (Some(404), Some("req-404")));
}

/// Repro 16's 422: `message` is a list of problems; the first texts show, each after the names
/// of what it is about, and none of the values sent.
#[tokio::test]
async fn a_list_of_messages_shows_its_first_texts() {
    let server = MockServer::start().await;
    let problems: Vec<_> = ["vaultName", "ttl", "tags", "owner"]
        .iter()
        .map(|field| json!({ "path": [field], "message": "Invalid", "received": MARKER }))
        .collect();
    let body = json!({ "reqId": "req-422", "statusCode": 422, "error": "ValidationFailure", "message": problems });
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(422).set_body_json(body)).mount(&server).await;
    let error = client(&server).vaults().get_vault("v1").await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the API answered 422 Unprocessable Entity: ValidationFailure: vaultName: Invalid; ttl: Invalid; \
         tags: Invalid; and 1 more (request id req-422)"
    );
    assert!(!format!("{error} {error:?}").contains(MARKER), "{error:?}");
}

/// The fixture's sign-in declares only `303 See Other`: the call returns its headers, typed, and
/// the redirect's target is never requested.
#[tokio::test]
async fn a_declared_redirect_is_the_answer_and_is_not_followed() {
    let server = MockServer::start().await;
    let home = format!("{}/home", server.uri());
    let answer = ResponseTemplate::new(303)
        .insert_header("location", home.as_str())
        .append_header("set-cookie", format!("session={MARKER}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT"))
        .append_header("set-cookie", "theme=dark")
        .insert_header("retry-count", "2");
    Mock::given(method("POST")).and(path("/sign-in")).respond_with(answer).expect(1).mount(&server).await;
    Mock::given(path("/home")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let signed_in = client(&server).sign_in().sign_in(&SignInRequest::new("ada")).await.unwrap();
    assert_eq!(signed_in.location, home);
    let cookies: Vec<&str> = signed_in.set_cookie.iter().map(|c| c.expose()).collect();
    assert_eq!(
        cookies,
        [format!("session={MARKER}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT").as_str(), "theme=dark"]
    );
    assert_eq!(signed_in.retry_count, Some(2));
    assert!(!format!("{signed_in:?}").contains(MARKER), "the cookie is a credential: {signed_in:?}");
    let requested: Vec<String> =
        server.received_requests().await.unwrap().iter().map(|r| r.url.path().to_string()).collect();
    assert_eq!(requested, ["/sign-in"]);
}

/// Beside another answer, a declared redirect is a variant of the answers by status.
#[tokio::test]
async fn a_declared_redirect_beside_a_success_is_a_variant() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(307).insert_header("location", format!("{}/other", server.uri()));
    Mock::given(path("/sign-out")).respond_with(answer).mount(&server).await;
    Mock::given(path("/other")).respond_with(ResponseTemplate::new(204)).expect(0).mount(&server).await;
    let answer = client(&server).sign_out().sign_out().await.unwrap();
    assert!(matches!(answer, SignOutAnswer::TemporaryRedirect), "{answer:?}");
}

/// A redirect the operation does not declare is an answer outside the contract: an error with
/// its status, not followed.
#[tokio::test]
async fn an_undeclared_redirect_is_an_error_and_is_not_followed() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(302).insert_header("location", format!("{}/elsewhere", server.uri()));
    Mock::given(path("/vaults/v1")).respond_with(answer).mount(&server).await;
    Mock::given(path("/elsewhere")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let error = client(&server).vaults().get_vault("v1").await.unwrap_err();
    assert!(matches!(error, Error::Api { status: 302, .. }), "{error:?}");
}

/// The caller's own `reqwest::Client`, built from its own dependency on reqwest 0.13, is the one
/// the crate re-exports (the same type, one HTTP stack) and carries the calls.
#[tokio::test]
async fn a_callers_own_reqwest_client_drives_the_sdk() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(200).set_body_json(json!({ "vaultName": "v1" }));
    Mock::given(method("GET")).and(path("/vaults/v1")).respond_with(answer).mount(&server).await;
    let http: reqwest::Client = reqwest::Client::builder()
        .user_agent("callers-agent/1")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let same: fixture_sdk::reqwest::Client = http.clone();
    let sdk = Client::builder().base_url(server.uri()).http_client(same).build().unwrap();
    let vault = sdk.vaults().get_vault("v1").await.unwrap();
    assert_eq!(vault.vault_name.as_deref(), Some("v1"));
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.headers.get("user-agent").and_then(|v| v.to_str().ok()), Some("callers-agent/1"));
    // The crates the public API names are reachable through the crate root.
    let _: fixture_sdk::chrono::DateTime<fixture_sdk::chrono::Utc> = fixture_sdk::chrono::DateTime::UNIX_EPOCH;
    let _: fixture_sdk::serde_json::Value = fixture_sdk::serde_json::json!({});
}

/// Awaiting a call sends it (`IntoFuture`); `.send()` is the `Future` for code that wants one.
#[tokio::test]
async fn send_gives_a_future() {
    async fn twice<F: Future<Output = T>, T>(first: F, second: F) -> (T, T) {
        (first.await, second.await)
    }
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(200).set_body_json(json!({ "vaultName": "v" }));
    Mock::given(method("GET")).respond_with(answer).mount(&server).await;
    let client = client(&server);
    let (a, b) = twice(client.vaults().get_vault("a").send(), client.vaults().get_vault("b").send()).await;
    assert_eq!((a.unwrap().vault_name, b.unwrap().vault_name), (Some("v".into()), Some("v".into())));
}
