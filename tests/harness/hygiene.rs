//! Copied into a generated crate by the generator's `tests/secrets.rs`, beside `drive.rs` (the
//! generated driver) and `scenarios.json` (what the mock server answers each operation). Every
//! operation is called once per answer, and nothing it prints may show the marker.

mod drive;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Put by the scenarios where secrets live: credential fields, free-form values, bodies.
const MARKER: &str = "SeCrEt-MaRkEr-8d1f";

#[derive(serde::Deserialize)]
struct Scenario {
    answers: Vec<Answer>,
}

#[derive(serde::Deserialize)]
struct Answer {
    /// `decode`, `error` or `valid`.
    what: String,
    status: u16,
    body: String,
}

#[tokio::test]
async fn nothing_secret_reaches_debug_display_or_sources() {
    let scenarios: Vec<Scenario> = serde_json::from_str(include_str!("scenarios.json")).expect("scenarios.json");
    assert_eq!(scenarios.len(), drive::OPERATIONS.len(), "one scenario per operation");
    let mut leaks = Vec::new();
    let mut undecoded = Vec::new();
    let mut checked = 0;
    for (index, scenario) in scenarios.iter().enumerate() {
        for answer in &scenario.answers {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(answer.status).set_body_raw(answer.body.clone(), "application/json"))
                .mount(&server)
                .await;
            let client = infisical_api::Client::builder()
                .base_url(server.uri())
                // The spec's scheme, and the default token for operations whose spec names none.
                .bearer_auth(format!("scheme-token-{MARKER}"))
                .bearer_token(format!("token-{MARKER}"))
                .retry_policy(infisical_api::RetryPolicy::none())
                .build()
                .expect("a client");
            let shown = drive::outcome(&client, index).await.expect("an operation");
            let shown = format!("{shown} {client:?}");
            checked += 1;
            let operation = drive::OPERATIONS[index];
            if shown.contains(MARKER) {
                leaks.push(format!("{operation} ({}): {shown}", answer.what));
            }
            let expected = match answer.what.as_str() {
                "valid" => "ok:",
                "decode" => "error: Decode",
                _ => "error: Api",
            };
            if !shown.starts_with(expected) {
                undecoded.push(format!("{operation} ({}): expected {expected}, got {shown}", answer.what));
            }
        }
    }
    println!("hygiene: {} operation(s), {checked} outcome(s) checked, {} leak(s)", scenarios.len(), leaks.len());
    assert!(leaks.is_empty(), "the marker shows:\n{}", leaks.join("\n\n"));
    assert!(undecoded.is_empty(), "answers that did not end as they should:\n{}", undecoded.join("\n\n"));
}
