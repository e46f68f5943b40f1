//! Bodies of every media type on the wire, through the fixture crate against a mock server on
//! 127.0.0.1: the exact bytes and headers of a form, multipart parts, raw bytes and text, and
//! answers read as text, as a download, or by status.

use fixture_sdk::types::*;
use fixture_sdk::{Client, File};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answered_204(method_name: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name)).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> &'a str {
    request.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// Stripe's shape: a form body, nested objects as `a[b]=c`, arrays by index under deepObject and
/// repeated elsewhere; the exact bytes.
#[tokio::test]
async fn a_form_body_is_encoded_by_its_encoding() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": "py_1" })))
        .mount(&server)
        .await;
    let address = CreatePaymentRequestShippingAddress::new().with_city("Paris").with_line1("1 rue X");
    let shipping = CreatePaymentRequestShipping::new().with_name("Ada").with_address(address);
    let metadata: fixture_sdk::Map<String> = [("order", "6735".to_string())].into_iter().collect();
    let body = CreatePaymentRequest::new(2000, "eur")
        .with_expand(vec!["customer".to_string()])
        .with_metadata(metadata)
        .with_shipping(shipping)
        .with_tags(vec!["a".to_string(), "b c".to_string()]);
    let created = Client::new(server.uri()).payments().create_payment(&body).await.unwrap();
    assert_eq!(created.id, "py_1");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/x-www-form-urlencoded");
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "amount=2000&currency=eur&expand%5B0%5D=customer&metadata%5Border%5D=6735\
         &shipping%5Baddress%5D%5Bcity%5D=Paris&shipping%5Baddress%5D%5Bline1%5D=1+rue+X&shipping%5Bname%5D=Ada&tags=a&tags=b+c"
    );
}

/// The parts of a multipart body: name, file name, content type and bytes, in the spec's order.
fn parts(request: &wiremock::Request) -> Vec<(String, String, Vec<u8>)> {
    let content_type = header(request, "content-type").to_string();
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary").to_string();
    let body = &request.body;
    let delimiter = format!("--{boundary}");
    let text = body.iter().map(|b| *b as char).collect::<String>();
    text.split(&delimiter)
        .filter(|chunk| !chunk.trim().is_empty() && chunk.trim() != "--")
        .map(|chunk| {
            let chunk = chunk.strip_prefix("\r\n").unwrap_or(chunk);
            let (head, content) = chunk.split_once("\r\n\r\n").expect("headers and content");
            let content = content.strip_suffix("\r\n").unwrap_or(content);
            (head.to_ascii_lowercase(), String::new(), content.chars().map(|c| c as u8).collect())
        })
        .collect()
}

/// Box's upload: a JSON part before a file part with its name and type, then text.
#[tokio::test]
async fn a_multipart_body_sends_typed_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/uploads"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({ "id": "f_1" })))
        .mount(&server)
        .await;
    let attributes = UploadDocumentRequestAttributes::new("photo.png").with_parent_id("0");
    let file = File::from_bytes(vec![0x89, b'P', b'N', b'G', 0, 1, 2])
        .with_file_name("photo.png")
        .with_content_type("image/png");
    let body = UploadDocumentRequest::new(attributes, file).with_comment("first");
    let uploaded = Client::new(server.uri()).uploads().document(&body).await.unwrap();
    assert_eq!(uploaded.id, "f_1");
    let request = only_request(&server).await;
    assert!(
        header(&request, "content-type").starts_with("multipart/form-data; boundary="),
        "{}",
        header(&request, "content-type")
    );
    let parts = parts(&request);
    assert_eq!(parts.len(), 3, "{parts:?}");
    let (head, _, content) = &parts[0];
    assert!(head.contains("name=\"attributes\"") && head.contains("content-type: application/json"), "{head}");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(content).unwrap(),
        serde_json::json!({ "name": "photo.png", "parent_id": "0" })
    );
    let (head, _, content) = &parts[1];
    assert!(
        head.contains("name=\"file\"")
            && head.contains("filename=\"photo.png\"")
            && head.contains("content-type: image/png"),
        "{head}"
    );
    assert_eq!(content, &[0x89, b'P', b'N', b'G', 0, 1, 2]);
    let (head, _, content) = &parts[2];
    assert!(head.contains("name=\"comment\"") && !head.contains("content-type"), "{head}");
    assert_eq!(content, b"first");
}

#[tokio::test]
async fn raw_bytes_and_text_go_as_they_are() {
    let server = answered_204("PUT").await;
    Client::new(server.uri()).blobs().put_blob("b1", vec![1u8, 2, 3]).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        (header(&request, "content-type"), request.body.as_slice()),
        ("application/octet-stream", &[1u8, 2, 3][..])
    );

    // `image/*` names no type: the file says which.
    let server = answered_204("POST").await;
    Client::new(server.uri())
        .images()
        .post_image()
        .body(File::from_bytes(b"GIF89a".to_vec()).with_content_type("image/gif"))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!((header(&request, "content-type"), request.body.as_slice()), ("image/gif", &b"GIF89a"[..]));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/render"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<h1>Hi</h1>", "text/html"))
        .mount(&server)
        .await;
    let html: String = Client::new(server.uri()).render().markdown("# Hi").await.unwrap();
    assert_eq!(html, "<h1>Hi</h1>");
    let request = only_request(&server).await;
    assert_eq!((header(&request, "content-type"), request.body.as_slice()), ("text/plain", &b"# Hi"[..]));
}

/// A stream is sent as it is read, once: no retry could send it again.
#[tokio::test]
async fn a_streamed_upload_is_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let chunks = futures_util::stream::iter(vec![
        Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"ab")),
        Ok(bytes::Bytes::from_static(b"cd")),
    ]);
    let error = Client::new(server.uri()).blobs().put_blob("b1", File::from_stream(chunks)).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    let request = only_request(&server).await;
    assert_eq!(request.body, b"abcd");
}

/// The caller chooses the media type where none is JSON; successes that differ by status are an
/// enum by status.
#[tokio::test]
async fn a_body_of_another_media_type_and_successes_by_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_body_json(serde_json::json!({ "job": "j_1" })))
        .mount(&server)
        .await;
    let client = Client::new(server.uri());
    let form = CreateNoteRequest::new("hello");
    let multipart = CreateNoteMultipartRequest::new("hello").with_attachment(File::from_bytes(b"x".to_vec()));
    let queued = client.notes().create_note(&form).as_multipart(&multipart).await.unwrap();
    assert!(
        matches!(queued, fixture_sdk::client::notes::CreateNoteResponse::Accepted(ref q) if q.job == "j_1"),
        "{queued:?}"
    );
    let request = only_request(&server).await;
    assert!(header(&request, "content-type").starts_with("multipart/form-data"));

    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let nothing = Client::new(server.uri()).notes().create_note(&form).await.unwrap();
    assert!(matches!(nothing, fixture_sdk::client::notes::CreateNoteResponse::NoContent));
    assert_eq!(header(&only_request(&server).await, "content-type"), "application/x-www-form-urlencoded");
}
