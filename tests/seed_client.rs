//! The seed's operation through the generated crate: the request serializes to exactly the JSON the
//! API expects, and the client method sends it and parses the answer (against a one-shot local
//! HTTP server on 127.0.0.1).

use infisical_api::types::{
    ApiError, CreateOnePasswordAppConnectionRequest, CreateOnePasswordAppConnectionRequestCredentials,
};
use infisical_api::{Client, Error, Nullable};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn request() -> CreateOnePasswordAppConnectionRequest {
    CreateOnePasswordAppConnectionRequest {
        credentials: CreateOnePasswordAppConnectionRequestCredentials {
            api_token: "op-token-123".into(),
            instance_url: "https://op.example.test/".parse().unwrap(),
        },
        name: "my-1password".into(),
        description: Nullable::Absent,
        project_id: Some("proj-1".into()),
    }
}

#[test]
fn the_request_serializes_to_the_json_the_api_expects() {
    let value = serde_json::to_value(request()).unwrap();
    assert_eq!(
        value,
        json!({
            "method": "api-token",
            "credentials": { "apiToken": "op-token-123", "instanceUrl": "https://op.example.test/" },
            "name": "my-1password",
            "projectId": "proj-1",
        })
    );
    let mut cleared = request();
    cleared.description = Nullable::Null;
    assert_eq!(serde_json::to_value(cleared).unwrap()["description"], json!(null));
}

/// Serves one request with `status` and `body`; returns the raw request it received.
async fn serve_once(status: u16, body: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = socket.read(&mut buffer).await.unwrap();
            received.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&received).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()))
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&received).to_string()
    });
    (base, handle)
}

const CREATED: &str = r#"{"appConnection":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","name":"my-1password","orgId":"3c90c3cc-0d44-4b50-8888-8dd25736052b","createdAt":"2023-11-07T05:31:56Z","updatedAt":"2023-11-07T05:31:56Z","app":"1password","method":"api-token","credentials":{"instanceUrl":"https://op.example.test/"},"someFieldAddedLater":1}}"#;

#[tokio::test]
async fn the_operation_sends_the_request_and_parses_the_response() {
    let (base, server) = serve_once(200, CREATED).await;
    let client = Client::new(base).with_bearer_token("st.secret-token");
    let response = client.create_one_password_app_connection(&request()).await.expect("the call succeeds");
    assert_eq!(response.app_connection.name, "my-1password");
    assert_eq!(response.app_connection.credentials.instance_url.as_str(), "https://op.example.test/");

    let received = server.await.unwrap();
    assert!(received.starts_with("POST /api/v1/app-connections/1password HTTP/1.1\r\n"), "{received}");
    assert!(received.to_ascii_lowercase().contains("authorization: bearer st.secret-token"), "{received}");
    let body = &received[received.find("\r\n\r\n").unwrap() + 4..];
    assert_eq!(serde_json::from_str::<serde_json::Value>(body).unwrap(), serde_json::to_value(request()).unwrap());
}

#[tokio::test]
async fn a_declared_error_status_parses_into_the_error_envelope() {
    let (base, _server) =
        serve_once(404, r#"{"reqId":"req-1","statusCode":404,"message":"No such project","error":"NotFound"}"#).await;
    let error = Client::new(base).create_one_password_app_connection(&request()).await.unwrap_err();
    match error {
        Error::Api { status: 404, body: ApiError { req_id, error, .. } } => {
            assert_eq!(req_id, "req-1");
            assert_eq!(error, "NotFound");
        }
        other => panic!("expected the 404 envelope, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_does_not_parse_says_where() {
    let (base, _server) = serve_once(200, r#"{"appConnection":{"id":"not-a-uuid"}}"#).await;
    let error = Client::new(base).create_one_password_app_connection(&request()).await.unwrap_err();
    match error {
        Error::Decode { status: 200, path, body, .. } => {
            assert_eq!(path, "appConnection.id");
            assert!(body.contains("not-a-uuid"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
