//! Faithful to real specs: the shapes in `tests/faithful/` (each a fault found on a public spec)
//! behave as their spec says, through the fixture crate and on the wire of a local mock server.

use fixture_sdk::types::*;
use fixture_sdk::{Client, Error, Nullable};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Box's `FileFull` pattern: `allOf` of a `$ref` to an `allOf`. Every member's fields are kept,
/// and the `kind` they fix tells a directory from a document.
#[test]
fn nested_all_of_keeps_every_field_and_the_tag() {
    let directory: DriveItem =
        serde_json::from_value(json!({ "kind": "directory", "id": "d1", "title": "Docs", "entries": 3 })).unwrap();
    let DriveItem::Directory(directory) = directory else { panic!("not a directory: {directory:?}") };
    assert_eq!((directory.id.as_str(), directory.title.as_deref(), directory.entries), ("d1", Some("Docs"), Some(3)));
    let document: DriveItem =
        serde_json::from_value(json!({ "kind": "document", "id": "f1", "title": "a.txt", "bytes": 9 })).unwrap();
    assert!(
        matches!(document, DriveItem::Document(ref d) if d.bytes == Some(9) && d.title.as_deref() == Some("a.txt"))
    );
    assert_eq!(serde_json::to_value(&document).unwrap()["kind"], "document");
}

/// Box's metadata pattern: maps under `allOf` keep their entries.
#[test]
fn maps_under_all_of_keep_their_entries() {
    let label: GetLabelResponse = serde_json::from_value(json!({
        "annotations": { "global": { "owner": "ops" } },
        "styles": { "color": "red" },
        "template": { "$id": "t1", "size": "large" },
    }))
    .unwrap();
    assert_eq!(label.annotations.unwrap()["global"]["owner"], "ops");
    assert_eq!(label.styles.unwrap()["color"], "red");
    let template = label.template.unwrap();
    assert_eq!(
        (template.id.as_deref(), template.additional_properties.get("size").map(String::as_str)),
        (Some("t1"), Some("large"))
    );
}

/// Box's and Stripe's one-value enums: an optional one is a field the caller sets; a union whose
/// variants fix one is tagged by it.
#[test]
fn optional_constants_are_fields_and_tags() {
    let check = Check::Badge(BadgeCheck::new());
    let request = CreateApprovalRequest::new(check).with_reminders(Reminders::new().with_frequency("daily"));
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({ "check": { "check_type": "badge" }, "reminders": { "frequency": "daily" } })
    );
    let phone: Check = serde_json::from_value(json!({ "check_type": "phone", "number": "555" })).unwrap();
    assert!(matches!(phone, Check::Phone(ref p) if p.number.as_deref() == Some("555")));
    let cleared = CreateApprovalRequest::new(Check::Badge(BadgeCheck::new()))
        .with_reminders(Reminders::new().with_frequency(Nullable::Null));
    assert_eq!(serde_json::to_value(&cleared).unwrap()["reminders"], json!({ "frequency": null }));
}

/// Stripe's expandable fields, six levels deep: every level stays small (the bound the README
/// documents: 4 KiB).
#[test]
fn expandable_chains_do_not_multiply_sizes() {
    const BOUND: usize = 4096;
    for (name, size) in [
        ("Link6", std::mem::size_of::<Link6>()),
        ("Link5", std::mem::size_of::<Link5>()),
        ("Link0", std::mem::size_of::<Link0>()),
        ("Link5OrString", std::mem::size_of::<Link5OrString>()),
    ] {
        assert!(size <= BOUND, "{name} is {size} bytes");
    }
    assert!(std::mem::size_of::<Link6>() <= 128, "4 boxed fields: {}", std::mem::size_of::<Link6>());
    let deep = json!({ "x": { "x": { "x": { "x": { "x": { "x": { "a": "leaf" } } } } } } });
    let chain: Link6 = serde_json::from_value(deep.clone()).unwrap();
    assert_eq!(serde_json::to_value(chain).unwrap(), deep);
}

/// nexus's policies and OpenAI's model names: alternatives that are all strings are one open enum
/// of every value they list, and a value none lists is kept, not refused.
#[test]
fn string_alternatives_are_one_open_enum() {
    let request = CreateMachineRequest::new(RestartPolicy::BestEffort, ModelName::Large2)
        .with_tier(CreateMachineRequestTier::Spot);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({ "restart": "best_effort", "model": "large-2", "tier": "spot" })
    );
    let custom: ModelName = serde_json::from_value(json!("fine-tuned-7")).unwrap();
    assert_eq!(custom, ModelName::Other("fine-tuned-7".into()));
    let never: RestartPolicy = serde_json::from_value(json!("never")).unwrap();
    assert_eq!(never, RestartPolicy::Never);
    let cleared = CreateMachineRequest::new(never, custom).with_tier(Nullable::Null);
    assert_eq!(serde_json::to_value(&cleared).unwrap()["tier"], json!(null));
    // A union of strings within one: every value of both.
    let compaction: Vec<CompactionModel> = serde_json::from_value(json!(["small-1", "compact-1"])).unwrap();
    assert_eq!(compaction, [CompactionModel::Small1, CompactionModel::Compact1]);
    // The fixed `"auto"` beside an object is that value, and the object still parses.
    let auto: CreateMachineRequestOutput = serde_json::from_value(json!("auto")).unwrap();
    assert_eq!(auto, CreateMachineRequestOutput::Auto(CreateMachineRequestOutputAuto::Auto));
    let columns: CreateMachineRequestOutput = serde_json::from_value(json!({ "columns": 3 })).unwrap();
    assert!(matches!(columns, CreateMachineRequestOutput::OutputFormat(ref f) if f.columns == 3));
}

/// nexus's parameters: a union by the variant it holds, RFC 3339, and OpenAPI's styles.
#[tokio::test]
async fn parameters_go_out_by_their_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/3c90c3cc-0d44-4b50-8888-8dd25736052a/reports/1,2"))
        .and(query_param("project", "web-app"))
        .and(query_param("since", "2012-07-18T23:33:30Z"))
        .and(query_param("ids", "a,b"))
        .and(query_param("filter[state]", "open"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let org: OrgNameOrId = serde_json::from_value(json!("3c90c3cc-0d44-4b50-8888-8dd25736052a")).unwrap();
    assert!(matches!(org, OrgNameOrId::Id(_)));
    let project: OrgNameOrId = serde_json::from_value(json!("web-app")).unwrap();
    let since = chrono::DateTime::parse_from_rfc3339("2012-07-18T23:33:30Z").unwrap().with_timezone(&chrono::Utc);
    let filter: ListReportsFilter = serde_json::from_value(json!({ "state": "open" })).unwrap();
    Client::new(server.uri())
        .orgs()
        .list_reports(&org, &[1, 2])
        .project(&project)
        .since(&since)
        .labels(&["x".into(), "y".into()])
        .ids(&["a".into(), "b".into()])
        .filter(&filter)
        .x_trace(&["t1".into(), "t2".into()])
        .theme("dark")
        .await
        .unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    let labels: Vec<_> =
        received.url.query_pairs().filter(|(k, _)| k == "labels").map(|(_, v)| v.into_owned()).collect();
    assert_eq!(labels, ["x", "y"], "an exploded array repeats its key");
    assert_eq!(
        received.headers.get("x-trace").and_then(|v| v.to_str().ok()),
        Some("t1,t2"),
        "a header array is `simple`"
    );
    assert_eq!(received.headers.get("cookie").and_then(|v| v.to_str().ok()), Some("theme=dark"), "a cookie parameter");
}

/// nexus's `4XX`, `5XX` and `default`: every one parses into the error type.
#[tokio::test]
async fn status_ranges_and_default_parse_into_the_error_type() {
    for status in [404u16, 409, 503, 302] {
        let server = MockServer::start().await;
        let body = json!({ "request_id": format!("r-{status}"), "error_code": "Nope", "message": "no such job" });
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
        let client =
            Client::builder().base_url(server.uri()).retry_policy(fixture_sdk::RetryPolicy::none()).build().unwrap();
        let error = client.jobs().get_job("j").await.unwrap_err();
        match &error {
            Error::Api { status: got, body: Some(body), request_id, .. } => {
                assert_eq!(
                    (*got, body.message.as_str(), body.error_code.as_deref()),
                    (status, "no such job", Some("Nope"))
                );
                assert_eq!(request_id.as_deref(), Some(format!("r-{status}").as_str()));
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

/// nexus's `OrganizationUpdate`: an update body by `$ref` can send `null` to clear a field.
#[tokio::test]
async fn an_update_by_ref_can_clear_a_field() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let update = TeamUpdate::new().with_description(Nullable::Null).with_name("core");
    Client::new(server.uri()).teams().update_team("t", &update).await.unwrap();
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.body_json::<serde_json::Value>().unwrap(), json!({ "description": null, "name": "core" }));
}

/// nexus's timeseries gaps, github's nullable map values and Discord's nullable answers: a `null`
/// where the spec allows one parses as `None`, instead of failing the whole response.
#[tokio::test]
async fn nulls_the_spec_allows_in_items_values_and_answers_parse() {
    let server = MockServer::start().await;
    let series = json!({ "values": [1, null, 3], "distributions": [null, { "bins": [0.5] }], "labels": { "host": "a", "rack": null } });
    Mock::given(method("GET"))
        .and(path("/series"))
        .and(query_param("points", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&series))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/series/latest"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("null").insert_header("content-type", "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    let got = client.series().get_series().points(&[2]).await.unwrap();
    assert_eq!(got.values, [Some(1), None, Some(3)]);
    assert!(got.distributions[0].is_none() && got.distributions[1].as_ref().is_some_and(|d| d.bins == [0.5]));
    assert_eq!((got.labels.get("host"), got.labels.get("rack")), (Some(&Some("a".to_string())), Some(&None)));
    assert_eq!(serde_json::to_value(&got).unwrap(), series, "and it writes back what it read");

    assert_eq!(client.series().get_latest_point().await.unwrap(), None);
}

/// A payments API's `allOf` that adorns a string enum (`nullable`, a description): the field is
/// that enum, sent and read as its value, never a map; an adorned object is that object.
#[test]
fn an_adorned_scalar_is_that_scalar() {
    let request =
        ConsentRequest::new(12.5, Some(ConsentScope::MeToMe)).with_limit(3).with_payee(Box::new(Payee::new("DE02")));
    let sent = serde_json::to_value(&request).unwrap();
    assert_eq!(sent, json!({ "amount": 12.5, "scope": "ME_TO_ME", "limit": 3, "payee": { "iban": "DE02" } }));
    let read: ConsentRequest =
        serde_json::from_value(json!({ "amount": 1.0, "scope": "EXTERNAL", "payee": null })).unwrap();
    assert_eq!(read.scope, Some(ConsentScope::External));
    let cleared: ConsentRequest = serde_json::from_value(json!({ "amount": 1.0, "scope": null })).unwrap();
    assert_eq!(cleared.scope, None);
}

/// A payments API's `paymentMethod` (repro 17) and the other unions of `union_fit.yaml`: each body
/// is read as the variant it fits and written back byte for byte, a body no variant fits included
/// (kept as received).
#[test]
fn an_untagged_union_reads_each_value_as_the_variant_it_fits() {
    use WalletPaymentMethod as M;
    let round = |body: &str| -> WalletPayment {
        let payment: WalletPayment = serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(serde_json::to_string(&payment).unwrap(), body, "written back as read");
        payment
    };
    let method = |body: &str| *round(&format!(r#"{{"method":{body}}}"#)).method;
    let token =
        |m: &M| matches!(m, M::ApplePayMethod(a) if a.apple_pay_token.as_ref().map(|t| t.expose()) == Some("tok"));
    assert!(token(&method(r#"{"applePayToken":"tok"}"#)), "the token is the Apple Pay method's");
    assert!(token(&method(r#"{"type":"applepay","applePayToken":"tok"}"#)));
    assert!(
        matches!(method(r#"{"type":"paypal","orderID":"o1"}"#), M::PayPalMethod(p) if p.order_id.as_deref() == Some("o1"))
    );
    assert!(matches!(method(r#"{"type":"scheme","number":"4242"}"#), M::CardMethod(c) if c.number == "4242"));
    // No variant fits: kept as received, and sent back so.
    assert!(matches!(method(r#"{"iban":"DE02"}"#), M::Other(_)));
    assert!(matches!(method(r#"{"type":"paypal","applePayToken":"tok"}"#), M::Other(_)));
    assert!(matches!(method(r#""cash""#), M::Other(_)));

    // A required property decides between open objects.
    let delivery = |body: &str| round(&format!(r#"{{"method":{{}},"delivery":{body}}}"#)).delivery.map(|d| *d);
    assert!(matches!(
        delivery(r#"{"store":"s1","instructions":"back door"}"#),
        Some(WalletPaymentDelivery::PickupDelivery(_))
    ));
    assert!(matches!(delivery(r#"{"address":"1 Main St"}"#), Some(WalletPaymentDelivery::ShipDelivery(_))));
    // Each would drop the other's property: the value is neither's alone, and is kept whole.
    assert!(matches!(delivery(r#"{"address":"1 Main St","store":"s1"}"#), Some(WalletPaymentDelivery::Other(_))));
    // A constant decides: the only variant whose `type` allows `applepay`.
    assert!(matches!(method(r#"{"type":"applepay"}"#), M::ApplePayMethod(_)));
    // A constant of each variant's own is a tag (`channel`): a value without it is kept as is.
    let notice = |body: &str| round(&format!(r#"{{"method":{{}},"notice":{body}}}"#)).notice.map(|n| *n);
    assert!(matches!(notice(r#"{"channel":"sms","to":"+1"}"#), Some(WalletPaymentNotice::Sms(_))));
    assert!(matches!(notice(r#"{"to":"+1"}"#), Some(WalletPaymentNotice::Other(_))));
    // Both fit: the one that explains more of the value.
    let contact = |body: &str| round(&format!(r#"{{"method":{{}},"contact":{body}}}"#)).contact.map(|c| *c);
    assert!(matches!(
        contact(r#"{"name":"Ada","email":"ada@example.test"}"#),
        Some(WalletPaymentContact::ReachableContact(_))
    ));
    assert!(matches!(contact(r#"{"name":"Ada"}"#), Some(WalletPaymentContact::NamedContact(_))));
}

/// An `anyOf` whose members may both hold: a value is the one that explains it; one that explains
/// none of a value never takes it, and one that would drop what the other keeps neither.
#[test]
fn an_any_of_takes_the_member_that_explains_the_value() {
    let filter = |body: serde_json::Value| -> WalletPaymentFilter {
        let payment: WalletPayment = serde_json::from_value(json!({ "method": {}, "filter": body })).unwrap();
        *payment.filter.expect("a filter")
    };
    assert!(matches!(filter(json!({ "owner": "me" })), WalletPaymentFilter::OwnerFilter(_)));
    assert!(matches!(filter(json!({ "tag": "t" })), WalletPaymentFilter::TagFilter(_)));
    assert!(matches!(filter(json!({ "tag": "t", "owner": "me" })), WalletPaymentFilter::Other(_)));
}

/// Scalars, nested unions, maps and `null` among a union's variants (a newcomer's review of the
/// rule): each value is the variant that says most of it, written back as read.
#[test]
fn scalars_nested_unions_maps_and_nulls_are_read_by_fit() {
    let round = |field: &str, body: &str| -> WalletPayment {
        let text = format!(r#"{{"method":{{}},"{field}":{body}}}"#);
        let payment: WalletPayment = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(serde_json::to_string(&payment).unwrap(), text, "written back as read");
        payment
    };
    // A listed value before any string of its kind.
    assert!(matches!(round("mode", r#""auto""#).mode, Some(WalletPaymentMode::Auto(_))));
    assert!(matches!(round("mode", r#""2020-01-01T00:00:00Z""#).mode, Some(WalletPaymentMode::DateTime(_))));
    // A whole number is the integer, not the number (`5` stays `5`).
    assert!(matches!(round("amount", "5").amount, Some(WalletPaymentAmount::Integer(5))));
    assert!(matches!(round("amount", "5.5").amount, Some(WalletPaymentAmount::Number(_))));
    // A union among the variants fits where one of its own does, never by its `Other`.
    let source = |body: &str| round("source", body).source.map(|s| *s);
    assert!(matches!(source(r#""s""#), Some(WalletPaymentSource::String(_))));
    assert!(matches!(source(r#"{"card":"c1"}"#), Some(WalletPaymentSource::WalletSource(_))));
    assert!(matches!(source(r#"{"other":1}"#), Some(WalletPaymentSource::Other(_))));
    // An object that keeps what it does not declare explains every property.
    let extra = round("extra", r#"{"label":"l","zzz":"y"}"#).extra.map(|e| *e);
    assert!(matches!(extra, Some(WalletPaymentExtra::Labelled(_))), "{extra:?}");
    // A variant that admits `null` makes the union admit it.
    assert!(matches!(round("note", "null").note, Nullable::Null));
    assert!(matches!(round("note", "7").note, Nullable::Value(WalletPaymentNote::Integer(7))));
}
