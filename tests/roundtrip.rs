//! Serde round trips through the crate generated from our fixtures (`tests/fixture-sdk`): a JSON
//! document the schema allows deserializes into the generated type and serializes back to an equal
//! JSON value. Unknown enum values and union kinds included: the SDK keeps them, it does not fail.

use fixture_sdk::Nullable;
use fixture_sdk::types::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Parses `document` as `T`, checks it serializes back equal, and returns the parsed value.
fn round_trip<T: DeserializeOwned + Serialize + std::fmt::Debug>(document: Value) -> T {
    let parsed: T = serde_json::from_value(document.clone())
        .unwrap_or_else(|e| panic!("{document} does not parse as {}: {e}", std::any::type_name::<T>()));
    let back = serde_json::to_value(&parsed).unwrap();
    assert_eq!(back, document, "{parsed:?} does not serialize back to the document");
    parsed
}

#[test]
fn tagged_union_by_one_property() {
    let round: CreateWidgetRequest = round_trip(json!({ "kind": "round", "radius": 2.5 }));
    assert!(matches!(round, CreateWidgetRequest::Round(RoundWidget { radius, .. }) if radius == 2.5));
    let square: CreateWidgetRequest = round_trip(json!({ "kind": "square", "side": 3, "color": "blue" }));
    assert!(matches!(
        square,
        CreateWidgetRequest::Square(SquareWidget { side: 3, color: Some(CreateWidgetRequestSquareColor::Blue), .. })
    ));
}

#[test]
fn an_unknown_union_kind_is_kept_as_json() {
    let document = json!({ "kind": "hexagon", "sides": 6 });
    let unknown: CreateWidgetRequest = round_trip(document.clone());
    assert_eq!(unknown, CreateWidgetRequest::Other(document.into()));
}

#[test]
fn an_unknown_enum_value_is_kept_as_a_string() {
    let square: CreateWidgetRequest = round_trip(json!({ "kind": "square", "side": 1, "color": "purple" }));
    let CreateWidgetRequest::Square(square) = square else { panic!("not a square") };
    assert_eq!(square.color, Some(CreateWidgetRequestSquareColor::Other("purple".into())));
    assert_eq!(CreateWidgetRequestSquareColor::Other("purple".into()).as_str(), "purple");
    assert_eq!(CreateWidgetRequestSquareColor::Red.to_string(), "red");
}

#[test]
fn nested_union_by_app_then_method() {
    let document = json!({ "appConnections": [
        { "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "app": "github", "method": "oauth", "credentials": { "login": "octocat" } },
        { "id": "3c90c3cc-0d44-4b50-8888-8dd25736052b", "app": "github", "method": "app", "credentials": { "installationId": "42" } },
        { "id": "3c90c3cc-0d44-4b50-8888-8dd25736052c", "app": "gitlab", "method": "oauth", "credentials": { "instanceUrl": "https://gitlab.example.test" } },
        { "id": "3c90c3cc-0d44-4b50-8888-8dd25736052d", "app": "bitbucket", "method": "api-token", "credentials": {} },
        { "id": "3c90c3cc-0d44-4b50-8888-8dd25736052e", "app": "github", "method": "pat", "credentials": {} },
    ]});
    let response: ListAppConnectionsResponse = round_trip(document);
    use ListAppConnectionsResponseAppConnection as Item;
    use ListAppConnectionsResponseAppConnectionGithub as Github;
    let items = &response.app_connections;
    assert!(
        matches!(&items[0], Item::Github(Github::Oauth(GitHubOAuth { credentials, .. })) if credentials.login == "octocat")
    );
    assert!(matches!(&items[1], Item::Github(Github::App(_))));
    assert!(matches!(&items[2], Item::Gitlab(ListAppConnectionsResponseAppConnectionGitlab::Oauth(_))));
    assert!(matches!(&items[3], Item::Other(value) if value["app"] == "bitbucket"), "an unknown app");
    assert!(matches!(&items[4], Item::Github(Github::Other(value)) if value["method"] == "pat"), "an unknown method");
}

#[test]
fn all_of_with_a_union_is_a_struct_with_a_flattened_variant() {
    let request: CreateConnectionRequest =
        round_trip(json!({ "name": "c1", "method": "password", "credentials": { "username": "u", "password": "p" } }));
    assert_eq!(request.name, "c1");
    assert!(matches!(request.variant, CreateConnectionRequestVariant::Password(_)));
    let credentials = ConnectionApiTokenCredentials::new("t");
    let variant = CreateConnectionRequestVariant::ApiToken(CreateConnectionRequestVariantApiToken::new(credentials));
    let built = CreateConnectionRequest::new("c2", variant);
    assert_eq!(
        serde_json::to_value(built).unwrap(),
        json!({ "name": "c2", "method": "api-token", "credentials": { "apiToken": "t" } })
    );
    let unknown: CreateConnectionRequest = round_trip(json!({ "name": "c3", "method": "sso", "issuer": "x" }));
    assert!(matches!(unknown.variant, CreateConnectionRequestVariant::Other(_)));
}

#[test]
fn untagged_union_tries_the_most_specific_variant_first() {
    let one: CreateRuleRequest = round_trip(json!({ "action": "read", "subject": { "name": "s" } }));
    assert!(matches!(one.action, CreateRuleRequestAction::String(_)));
    assert!(matches!(*one.subject, CreateRuleRequestSubject::Name(_)));
    let many: CreateRuleRequest =
        round_trip(json!({ "action": ["read", "write"], "subject": { "name": "s", "namespace": "n" } }));
    assert!(matches!(many.action, CreateRuleRequestAction::Array(ref a) if a.len() == 2));
    assert!(matches!(*many.subject, CreateRuleRequestSubject::Namespace(_)));
}

#[test]
fn optional_nullable_and_both_have_distinct_states() {
    let absent: UpdateWidgetRequest = round_trip(json!({ "ownerId": null }));
    assert_eq!(absent.description, Nullable::Absent);
    assert_eq!(absent.owner_id, None);
    let cleared: UpdateWidgetRequest = round_trip(json!({ "ownerId": "o", "description": null }));
    assert_eq!(cleared.description, Nullable::Null);
    let set: UpdateWidgetRequest = round_trip(json!({ "ownerId": "o", "description": "d", "name": "n" }));
    assert_eq!(set.description, Nullable::Value("d".into()));
    // Required + nullable is always sent, as null when unset; "absent or null" has no field at all.
    let request = UpdateWidgetRequest::new(None);
    assert_eq!(serde_json::to_value(request).unwrap(), json!({ "ownerId": null }));
}

#[test]
fn constants_are_sent_without_being_asked_for() {
    let request = CreateTokenRequest::new().with_ttl(60);
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({ "type": "service-token", "version": 2, "ttl": 60 }));
    assert_eq!(CreateTokenRequest::default(), CreateTokenRequest::new(), "nothing is required: `Default` is `new`");
    // An optional constant is the caller's to send.
    let legacy = CreateTokenRequest::new().with_is_legacy(false);
    assert_eq!(serde_json::to_value(legacy).unwrap()["isLegacy"], json!(false));
    let response: CreateTokenResponse = round_trip(json!({ "kind": "service-token", "token": "t" }));
    assert_eq!(response.token.expose(), "t");
}

#[test]
fn scalars_formats_any_and_maps() {
    let event: GetEventResponse = round_trip(json!({
        "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "at": "2023-11-07T05:31:56Z",
        "day": "2023-11-07",
        "link": "https://example.test/events/1",
        "count": 9007199254740993_i64,
        "small": -7,
        "ratio": 0.25,
        "payload": { "anything": [1, "two", null] },
        "metadata": { "a": 1, "b": 2 },
        "extra": { "free": { "form": true } },
        "level": "debug",
    }));
    assert_eq!(event.count, 9007199254740993);
    assert_eq!(event.level, GetEventResponseLevel::Other("debug".into()));
    assert_eq!(event.metadata["b"], 2);
}

#[test]
fn components_and_recursive_types() {
    let folder: Folder = round_trip(json!({
        "name": "leaf",
        "parent": { "name": "root", "parent": null },
        "children": [{ "name": "child", "parent": null }],
    }));
    assert_eq!(folder.parent.as_ref().map(|p| p.name.as_str()), Some("root"));
}

#[test]
fn identifiers_that_are_keywords_digits_or_collide() {
    let request: SelfType = round_trip(json!({
        "type": "t", "self": "s", "2fa": true, "x-request-id": "r", "_id": "a", "id": "b", "ID": "c", "mode": "a b",
    }));
    assert_eq!((request.r#type.as_str(), request.underscore_id.as_str(), request.id.as_str()), ("t", "a", "b"));
    assert_eq!(request.id_2.as_deref(), Some("c"));
    assert_eq!(request.mode, Some(CreateOddNameRequestMode::AB));
}

#[test]
fn the_older_page_format_reads_into_the_same_model() {
    let response: ListGadgetsResponse =
        round_trip(json!({ "gadgets": [{ "id": "x", "_id": "y", "createdAt": "2023-11-07T05:31:56Z" }] }));
    assert_eq!(response.gadgets[0].underscore_id.as_deref(), Some("y"));
}

#[test]
fn responses_accept_fields_the_api_adds_later() {
    let parsed: CreateTokenResponse =
        serde_json::from_value(json!({ "kind": "service-token", "token": "t", "addedLater": { "x": 1 } })).unwrap();
    assert_eq!(parsed.token.expose(), "t");
}

/// Requests as a caller builds them, and the JSON they send: `new` with the required fields,
/// setters for optional ones, `Default` where nothing is required, and the constant filled in.
#[test]
fn requests_built_with_constructors_and_setters() {
    let minimal = CreateReportRequest::new("Q3", 12);
    let full = CreateReportRequest::new("Q3", 12)
        .with_tags(vec!["finance".to_string()])
        .with_schedule(CreateReportRequestSchedule::default().with_cron("0 9 * * 1").with_paused(false));
    let built = json!({
        "minimal": serde_json::to_value(&minimal).unwrap(),
        "full": serde_json::to_value(&full).unwrap(),
        "schedule_default": serde_json::to_value(CreateReportRequestSchedule::default()).unwrap(),
    });
    insta::assert_yaml_snapshot!("built_requests", built);
    let back: CreateReportRequest = round_trip(serde_json::to_value(&full).unwrap());
    assert_eq!(back, full);
}

/// One member type for two operations, named for what both share.
#[test]
fn a_type_shared_by_two_operations() {
    let added: AddProjectMemberResponse = round_trip(json!({ "membership": { "id": "m", "role": "admin" } }));
    let removed: RemoveProjectMemberResponse =
        round_trip(json!({ "membership": { "id": "m", "role": "admin" }, "removedAt": "2023-11-07T05:31:56Z" }));
    let same: &Membership = &added.membership;
    assert_eq!(same, &*removed.membership);
}
