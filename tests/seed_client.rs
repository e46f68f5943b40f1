//! The seed's operation through the generated crate, against a mock server on 127.0.0.1: the
//! request is exactly what the API expects, the answer parses by status, and credentials never
//! show in `Debug`.

use infisical_api::types::{
    ApiError, CreateOnePasswordAppConnectionRequest, CreateOnePasswordAppConnectionRequestCredentials,
};
use infisical_api::{Client, Error, Nullable, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_TOKEN: &str = "op-token-3f9a7c";

/// Built as a caller builds it: `new` takes the required fields, setters the optional ones, and
/// the `method` tag is the SDK's to write.
fn request() -> CreateOnePasswordAppConnectionRequest {
    let instance_url: url::Url = "https://op.example.test/".parse().unwrap();
    let credentials = CreateOnePasswordAppConnectionRequestCredentials::new(API_TOKEN, instance_url);
    CreateOnePasswordAppConnectionRequest::new(credentials, "my-1password").with_project_id("proj-1")
}

fn expected_body() -> serde_json::Value {
    json!({
        "method": "api-token",
        "credentials": { "apiToken": API_TOKEN, "instanceUrl": "https://op.example.test/" },
        "name": "my-1password",
        "projectId": "proj-1",
    })
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("st.session-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[test]
fn the_request_serializes_to_the_json_the_api_expects() {
    assert_eq!(serde_json::to_value(request()).unwrap(), expected_body());
    let cleared = request().with_description(Nullable::Null);
    assert_eq!(serde_json::to_value(cleared).unwrap()["description"], json!(null));
    let described = request().with_description("mine");
    assert_eq!(serde_json::to_value(described).unwrap()["description"], json!("mine"));
}

#[test]
fn debug_never_prints_the_api_token() {
    let printed = format!("{:?}", request());
    assert!(!printed.contains(API_TOKEN), "{printed}");
    assert!(printed.contains("Secret(****)"), "{printed}");
    let client = Client::builder().bearer_token("st.session-token").build().unwrap();
    assert!(!format!("{client:?}").contains("st.session-token"));
}

const CREATED: &str = r#"{"appConnection":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","name":"my-1password","orgId":"3c90c3cc-0d44-4b50-8888-8dd25736052b","createdAt":"2023-11-07T05:31:56Z","updatedAt":"2023-11-07T05:31:56Z","app":"1password","method":"api-token","credentials":{"instanceUrl":"https://op.example.test/"},"someFieldAddedLater":1}}"#;

#[tokio::test]
async fn the_operation_sends_the_request_and_parses_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/app-connections/1password"))
        .and(header("authorization", "Bearer st.session-token"))
        .and(header("content-type", "application/json"))
        .and(body_json(expected_body()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(CREATED, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server).app_connections().create_one_password_app_connection(&request()).await.unwrap();
    assert_eq!(response.app_connection.name, "my-1password");
    assert_eq!(response.app_connection.credentials.instance_url.as_str(), "https://op.example.test/");
}

#[tokio::test]
async fn every_declared_error_status_parses_into_the_envelope() {
    for status in [400u16, 401, 403, 404, 422, 500] {
        let server = MockServer::start().await;
        let body =
            json!({ "reqId": format!("req-{status}"), "statusCode": status, "message": "no", "error": "Failed" });
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
        // A static token cannot be refreshed, so a 401 comes back as it is, after one request.
        let error = client(&server).app_connections().create_one_password_app_connection(&request()).await.unwrap_err();
        assert_eq!(error.request_id(), Some(format!("req-{status}").as_str()), "{status}");
        match &error {
            Error::Api { status: got, body: Some(ApiError { status_code, error, .. }), .. } => {
                assert_eq!((*got, *status_code, error.as_str()), (status, i64::from(status), "Failed"));
            }
            other => panic!("{status}: expected the envelope, got {other:?}"),
        }
        assert!(error.to_string().contains("Failed: no"), "{error}");
    }
}

#[tokio::test]
async fn debug_of_an_api_error_shows_the_kind_and_message_display_shows() {
    // The spec types the envelope's `message` loosely (`message: {}`): its own `Debug` shows only
    // what kind of value it holds. A `main` returning `Box<dyn Error>` prints `Debug`.
    let server = MockServer::start().await;
    let body =
        json!({ "reqId": "req-7", "statusCode": 401, "message": "Invalid credentials", "error": "Unauthorized" });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(401).set_body_json(body)).mount(&server).await;
    async fn main_like(client: Client) -> Result<(), Box<dyn std::error::Error>> {
        client.app_connections().create_one_password_app_connection(&request()).await?;
        Ok(())
    }
    let error = main_like(client(&server)).await.unwrap_err();
    let debug = format!("{error:?}");
    assert!(debug.contains(r#"kind: Some("Unauthorized")"#), "{debug}");
    assert!(debug.contains(r#"message: Some("Invalid credentials")"#), "{debug}");
    assert!(debug.contains(r#"request_id: Some("req-7")"#), "{debug}");
    assert!(debug.starts_with("Api { status: 401"), "{debug}");
}

#[tokio::test]
async fn a_status_the_spec_does_not_list_keeps_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(418).set_body_string("I'm a teapot"))
        .mount(&server)
        .await;
    let error = client(&server).app_connections().create_one_password_app_connection(&request()).await.unwrap_err();
    assert!(!error.is_retryable());
    match &error {
        Error::Api { status: 418, body: None, raw, .. } => assert_eq!(raw.text(), Some("I'm a teapot")),
        other => panic!("expected an API error without a parsed body, got {other:?}"),
    }
    assert!(!format!("{error:?}").contains("teapot"), "a body is never shown: {error:?}");
}

#[tokio::test]
async fn a_body_that_does_not_parse_says_which_type_and_where() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"appConnection":{"id":"not-a-uuid"}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = client(&server).app_connections().create_one_password_app_connection(&request()).await.unwrap_err();
    match error {
        Error::Decode { status: 200, type_name, path, body, .. } => {
            assert_eq!(type_name, "types::CreateOnePasswordAppConnectionResponse");
            assert_eq!(path, "appConnection.id");
            assert!(body.text().is_some_and(|text| text.contains("not-a-uuid")));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
