//! The generated client against a mock server on 127.0.0.1, through the fixture crate: parameters
//! in path, query and headers, token refresh on 401, retries that honour `Retry-After`, and writes
//! that are never replayed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fixture_sdk::types::{CreateTokenRequest, UpdateWidgetRequest};
use fixture_sdk::{Client, Error, Login, Nullable, RenewingToken, RetryPolicy, Secret, TokenFuture, TokenSource};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn update() -> UpdateWidgetRequest {
    UpdateWidgetRequest::new(Some("o-1".into())).with_description(Nullable::Null)
}

#[tokio::test]
async fn path_query_header_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/api/v1/widgets/w-1"))
        .and(query_param("dryRun", "true"))
        .and(header("X-Request-Id", "abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "description": null, "labels": { "a": "b" } })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(server.uri());
    let response = client.widgets().update_widget("w-1", &update()).dry_run(true).x_request_id("abc").await.unwrap();
    assert_eq!(response.labels.unwrap()["a"], "b");
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.body_json::<serde_json::Value>().unwrap(), json!({ "description": null, "ownerId": "o-1" }));
}

#[tokio::test]
async fn unset_optional_parameters_are_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    Client::new(server.uri()).widgets().update_widget("w", &update()).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.url.query(), None);
    assert!(received.headers.get("X-Request-Id").is_none());
}

#[tokio::test]
async fn a_path_value_reaches_the_server_as_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    Client::new(server.uri()).widgets().update_widget("../x?y#z", &update()).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.url.path(), "/api/v1/widgets/..%2Fx%3Fy%23z");
    assert_eq!(received.url.query(), None);
}

#[tokio::test]
async fn a_path_value_that_would_climb_the_path_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    for value in ["..", ".", ""] {
        let error = Client::new(server.uri()).widgets().update_widget(value, &update()).await.unwrap_err();
        assert!(matches!(&error, Error::InvalidRequest { parameter: "widgetId", .. }), "{value:?}: {error:?}");
    }
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_is_returned_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .expect(1)
        .mount(&server)
        .await;
    let error = Client::new(server.uri()).tokens().create_token(&token_request()).await.unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
}

#[tokio::test]
async fn a_declared_error_of_the_fixture_api() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no such widget" })))
        .mount(&server)
        .await;
    let error = Client::new(server.uri()).widgets().update_widget("w", &update()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api { status: 404, body: Some(body), .. } if body.message == "no such widget"),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "the API answered 404 Not Found: no such widget");
}

/// Hands out `token-1`, `token-2`, ...: a new one each time it is asked to refresh.
#[derive(Default)]
struct Counters {
    issued: AtomicUsize,
    asked: AtomicUsize,
}

struct CountingTokens(Arc<Counters>);

impl TokenSource for CountingTokens {
    fn token<'a>(&'a self, rejected: Option<&'a Secret>) -> TokenFuture<'a> {
        let counters = &self.0;
        counters.asked.fetch_add(1, Ordering::SeqCst);
        if rejected.is_some() || counters.issued.load(Ordering::SeqCst) == 0 {
            counters.issued.fetch_add(1, Ordering::SeqCst);
        }
        let token = format!("token-{}", counters.issued.load(Ordering::SeqCst));
        Box::pin(async move { Ok(Secret::new(token)) })
    }
}

fn token_request() -> CreateTokenRequest {
    CreateTokenRequest::new()
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_once_and_the_request_retried_once() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({ "message": "expired" })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "kind": "service-token", "token": "t" })))
        .expect(1)
        .mount(&server)
        .await;
    let counters = Arc::new(Counters::default());
    let client =
        Client::builder().base_url(server.uri()).token_source(CountingTokens(counters.clone())).build().unwrap();
    let response = client.tokens().create_token(&token_request()).await.unwrap();
    assert_eq!(response.token.expose(), "t");
    assert_eq!(counters.asked.load(Ordering::SeqCst), 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(401)).expect(2).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).token_source(CountingTokens(Arc::default())).build().unwrap();
    let error = client.tokens().create_token(&token_request()).await.unwrap_err();
    assert_eq!(error.status(), Some(401));
}

#[tokio::test]
async fn rate_limiting_waits_for_retry_after_then_retries() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "kind": "service-token", "token": "t" })))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    let response = Client::new(server.uri()).tokens().create_token(&token_request()).await.unwrap();
    assert_eq!(response.token.expose(), "t");
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_write_that_times_out_is_not_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).timeout(Duration::from_millis(300)).build().unwrap();
    let error = client.tokens().create_token(&token_request()).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_timeout()), "{error:?}");
    assert!(error.is_retryable(), "the caller may decide to retry; the client does not");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_idempotent_read_is_retried_after_503_and_retries_can_be_turned_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "appConnections": [] })))
        .mount(&server)
        .await;
    let fast = RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() };
    let client = Client::builder().base_url(server.uri()).retry_policy(fast).build().unwrap();
    client.app_connections().list_app_connections().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none()).build().unwrap();
    let error = client.app_connections().list_app_connections().await.unwrap_err();
    assert!(error.is_retryable());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_write_is_not_retried_after_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let error = Client::new(server.uri()).tokens().create_token(&token_request()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_client_is_clone_send_sync_and_its_calls_can_be_spawned() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Client>();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "appConnections": [] })))
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::new(server.uri());
    let clone = client.clone();
    let spawned = tokio::spawn(async move { clone.app_connections().list_app_connections().await });
    client.app_connections().list_app_connections().await.unwrap();
    spawned.await.unwrap().unwrap();
}

/// A token source that logs in: a 401 renews the token once and the request goes once more.
#[tokio::test]
async fn a_renewing_token_is_renewed_once_after_a_401_and_the_request_retried_once() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer login-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer login-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "kind": "service-token", "token": "t" })))
        .expect(1)
        .mount(&server)
        .await;
    let logins = Arc::new(AtomicUsize::new(0));
    let counter = logins.clone();
    let tokens = RenewingToken::new(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok(Login::new(format!("login-{n}"), Duration::from_secs(3600))) }
    });
    let client = Client::builder().base_url(server.uri()).token_source(tokens).build().unwrap();
    client.tokens().create_token(&token_request()).await.unwrap();
    assert_eq!(logins.load(Ordering::SeqCst), 2, "the first login and one renewal");
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "the request and one retry");
}

#[tokio::test]
async fn per_call_timeout_and_headers_and_the_status_of_a_success() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-extra", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "appConnections": [] }))
                .insert_header("x-request-id", "rid-7"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = Client::new(server.uri());
    let answer =
        client.app_connections().list_app_connections().header("x-extra", "1").send_with_response().await.unwrap();
    assert_eq!((answer.status, answer.request_id()), (200, Some("rid-7")));
    assert!(
        format!("{answer:?}").contains("x-request-id") && !format!("{answer:?}").contains("rid-7"),
        "header values stay out of Debug"
    );
    assert!(answer.body.app_connections.is_empty());
    let started = Instant::now();
    let error = client.tokens().create_token(&token_request()).timeout(Duration::from_millis(200)).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_timeout()), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "the call's own timeout applied");
}

/// A GET whose body stops halfway is retried like any failed idempotent attempt.
#[tokio::test]
async fn a_read_whose_body_times_out_midway_is_retried() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let attempt = seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let body = r#"{"appConnections":[]}"#;
                if attempt == 0 {
                    // Headers and the start of the body, then nothing.
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{{\"app",
                        body.len()
                    );
                    let _ = socket.write_all(head.as_bytes()).await;
                    tokio::time::sleep(Duration::from_secs(5)).await;
                } else {
                    let whole = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(whole.as_bytes()).await;
                }
            });
        }
    });
    let fast = RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::default() };
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .timeout(Duration::from_millis(300))
        .retry_policy(fast)
        .build()
        .unwrap();
    let response = client.app_connections().list_app_connections().await.unwrap();
    assert!(response.app_connections.is_empty());
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

/// What a trace shows of a call: the method, the path as the spec writes it, the status; never the
/// token, a parameter's value or a body.
#[tokio::test]
async fn traces_show_neither_the_token_nor_the_body() {
    use std::io::Write;
    use std::sync::Mutex;
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    const TOKEN: &str = "tok-SECRET-4711";
    const BODY_SECRET: &str = "body-SECRET-4712";
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "description": BODY_SECRET })))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).bearer_token(TOKEN).build().unwrap();
    let update = UpdateWidgetRequest::new(Some(BODY_SECRET.to_string())).with_description(BODY_SECRET);
    client.widgets().update_widget("widget-SECRET-4713", &update).x_request_id("header-SECRET-4714").await.unwrap();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("/api/v1/widgets/{widgetId}") && text.contains("PATCH") && text.contains("status=200"),
        "{text}"
    );
    assert!(!text.contains("SECRET"), "a trace shows a secret:\n{text}");
}

/// A list of 5 members in pages of 2: three requests, every member once, then the stream ends (a
/// short page). With the total given, paging also stops when it is reached.
#[tokio::test]
async fn pages_of_a_list_are_read_until_the_list_ends() {
    use fixture_sdk::StreamExt;
    let server = MockServer::start().await;
    let members: Vec<serde_json::Value> = (0..5).map(|i| json!({ "id": format!("m{i}") })).collect();
    for (offset, page) in [(0usize, &members[0..2]), (2, &members[2..4]), (4, &members[4..5])] {
        let mut matcher = Mock::given(method("GET")).and(path("/api/v1/members")).and(query_param("limit", "2"));
        if offset > 0 {
            matcher = matcher.and(query_param("offset", offset.to_string()));
        }
        matcher
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "members": page, "totalCount": 5 })))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::new(server.uri());
    let ids: Vec<String> = client.members().list_members().limit(2.0).items().map(|m| m.unwrap().id).collect().await;
    assert_eq!(ids, ["m0", "m1", "m2", "m3", "m4"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Cursor paging: the next page is the one the previous page names, until it names none.
#[tokio::test]
async fn a_cursor_list_follows_next_page_until_there_is_none() {
    use fixture_sdk::TryStreamExt;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/events"))
        .and(query_param("page_token", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": ["c"], "next_page": null })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "items": ["a", "b"], "next_page": "p2" })))
        .mount(&server)
        .await;
    let client = Client::new(server.uri());
    let events: Vec<String> = client.members().list_events().items().try_collect().await.unwrap();
    assert_eq!(events, ["a", "b", "c"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
