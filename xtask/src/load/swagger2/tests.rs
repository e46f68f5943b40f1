use serde_json::{Value, json};

use super::*;

fn converted(mut value: Value) -> (Value, Origins, Vec<Warning>) {
    let mut origins = Origins::default();
    let (warnings, _) = convert(&mut value, &mut origins);
    (value, origins, warnings)
}

fn traced(origins: &Origins, pointer: &str) -> String {
    origins.trace(pointer).map(|(_, p)| p).unwrap_or_else(|| pointer.to_string())
}

#[test]
fn host_base_path_and_schemes_are_servers() {
    let (value, _, _) = converted(json!({
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "host": "api.example.com", "basePath": "/v2/", "schemes": ["https", "http", "ws"], "paths": {}
    }));
    assert_eq!(value["openapi"], "3.0.3");
    assert!(value.get("swagger").is_none() && value.get("host").is_none());
    assert_eq!(value["servers"], json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}]));
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["openapi", "info", "servers", "paths"], "servers follow info");

    let (relative, _, _) = converted(json!({"swagger": "2.0", "info": {}, "basePath": "/api", "paths": {}}));
    assert_eq!(relative["servers"], json!([{"url": "/api"}]));
    let (none, _, _) = converted(json!({"swagger": "2.0", "info": {}, "paths": {}}));
    assert!(none.get("servers").is_none(), "no host, no base path: 3.0's default `/`");
    let (guessed, _, _) = converted(json!({"swagger": "2.0", "info": {}, "host": "h.io", "paths": {}}));
    assert_eq!(guessed["servers"], json!([{"url": "https://h.io"}]));
    // As written in the wild: no leading `/`, a scheme in the host, a trailing `/`.
    let (loose, _, _) =
        converted(json!({"swagger": "2.0", "info": {}, "host": "http://h.io/", "basePath": "v1", "paths": {}}));
    assert_eq!(loose["servers"], json!([{"url": "http://h.io/v1"}]));
    let (root, _, _) = converted(json!({"swagger": "2.0", "info": {}, "host": "h.io", "basePath": "/", "paths": {}}));
    assert_eq!(root["servers"], json!([{"url": "https://h.io"}]));
}

#[test]
fn sections_become_components_and_references_follow() {
    let (value, origins, _) = converted(json!({
        "swagger": "2.0", "info": {},
        "paths": {"/pets": {"get": {
            "parameters": [{"$ref": "#/parameters/limit"}],
            "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}}, "404": {"$ref": "#/responses/NotFound"}}
        }}},
        "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
        "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer", "format": "int32"}},
        "responses": {"NotFound": {"description": "gone", "schema": {"$ref": "#/definitions/Pet"}}}
    }));
    let components = &value["components"];
    assert_eq!(components["schemas"]["Pet"]["properties"]["name"]["type"], "string");
    assert_eq!(
        components["parameters"]["limit"],
        json!({"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}})
    );
    assert_eq!(
        components["responses"]["NotFound"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Pet"
    );
    let get = &value["paths"]["/pets"]["get"];
    assert_eq!(get["parameters"][0]["$ref"], "#/components/parameters/limit");
    assert_eq!(get["responses"]["404"]["$ref"], "#/components/responses/NotFound");
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"],
        "#/components/schemas/Pet"
    );
    for key in ["definitions", "parameters", "responses"] {
        assert!(value.get(key).is_none(), "{key}");
    }
    // Diagnostics name the 2.0 places.
    assert_eq!(traced(&origins, "/components/schemas/Pet/properties/name"), "/definitions/Pet/properties/name");
    assert_eq!(traced(&origins, "/components/parameters/limit/schema/format"), "/parameters/limit/format");
    assert_eq!(
        traced(&origins, "/components/responses/NotFound/content/application~1json/schema"),
        "/responses/NotFound/schema"
    );
    assert_eq!(
        traced(&origins, "/paths/~1pets/get/responses/200/content/application~1json/schema/items"),
        "/paths/~1pets/get/responses/200/schema/items"
    );
}

#[test]
fn a_body_parameter_is_the_request_body_in_what_the_operation_consumes() {
    let (value, origins, _) = converted(json!({
        "swagger": "2.0", "info": {}, "consumes": ["application/json", "application/xml"],
        "paths": {"/pets": {
            "post": {"parameters": [
                {"name": "trace", "in": "header", "type": "string"},
                {"name": "pet", "in": "body", "required": true, "description": "the pet", "schema": {"$ref": "#/definitions/Pet"}, "x-body": 1},
                {"name": "dry", "in": "query", "type": "boolean", "allowEmptyValue": true, "x-nullable": true}
            ], "responses": {"204": {"description": "done"}}},
            "put": {"consumes": ["application/merge-patch+json", "multipart/form-data"], "parameters": [{"$ref": "#/parameters/Pet"}], "responses": {}}
        }},
        "parameters": {"Pet": {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}},
        "definitions": {"Pet": {"type": "object"}}
    }));
    let post = &value["paths"]["/pets"]["post"];
    let pet = json!({"schema": {"$ref": "#/components/schemas/Pet"}});
    assert_eq!(
        post["requestBody"],
        json!({"description": "the pet", "required": true, "x-body": 1, "content": {"application/json": pet, "application/xml": pet}})
    );
    assert_eq!(post["parameters"].as_array().unwrap().len(), 2);
    assert_eq!(
        post["parameters"][1],
        json!({"name": "dry", "in": "query", "allowEmptyValue": true, "schema": {"type": "boolean", "x-nullable": true}})
    );
    assert_eq!(post["responses"]["204"], json!({"description": "done"}), "no schema, no content");
    assert_eq!(
        traced(&origins, "/paths/~1pets/post/parameters/1/schema/type"),
        "/paths/~1pets/post/parameters/2/type",
        "the body took a place"
    );
    assert_eq!(
        traced(&origins, "/paths/~1pets/post/requestBody/content/application~1xml/schema"),
        "/paths/~1pets/post/parameters/1/schema"
    );
    let put = &value["paths"]["/pets"]["put"];
    assert_eq!(
        put["requestBody"]["content"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["application/merge-patch+json"]
    );
    assert!(put.get("parameters").is_none() && put.get("consumes").is_none());
    assert_eq!(
        traced(&origins, "/paths/~1pets/put/requestBody/content/application~1merge-patch+json/schema"),
        "/parameters/Pet/schema"
    );
    assert!(value["components"].get("parameters").is_none(), "a shared body is no 3.0 parameter");
}

#[test]
fn form_parameters_are_one_form_body() {
    let (value, origins, warnings) = converted(json!({
        "swagger": "2.0", "info": {},
        "paths": {
            "/login": {"post": {"consumes": ["application/x-www-form-urlencoded"], "parameters": [
                {"name": "user", "in": "formData", "type": "string", "required": true, "description": "who"},
                {"name": "scopes", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}},
                {"name": "words", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "ssv"},
                {"name": "cells", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": "tsv"}
            ], "responses": {}}},
            "/upload": {
                "parameters": [{"name": "note", "in": "formData", "type": "string"}],
                "post": {"parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": true},
                    {"name": "note", "in": "formData", "type": "integer"}
                ], "responses": {}}
            }
        }
    }));
    let login = &value["paths"]["/login"]["post"]["requestBody"];
    assert_eq!(login["required"], true);
    let form = &login["content"]["application/x-www-form-urlencoded"];
    assert_eq!(form["schema"]["required"], json!(["user"]));
    assert_eq!(form["schema"]["properties"]["user"], json!({"type": "string", "description": "who"}));
    assert_eq!(
        form["encoding"],
        json!({
            "tags": {"style": "form", "explode": false},
            "words": {"style": "spaceDelimited", "explode": false},
            "cells": {"style": "form", "explode": false}
        }),
        "multi is the default"
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "/paths/~1login/post/parameters/4/collectionFormat");
    assert_eq!(
        traced(
            &origins,
            "/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/user/type"
        ),
        "/paths/~1login/post/parameters/0/type"
    );
    let upload = &value["paths"]["/upload"];
    let multipart = &upload["post"]["requestBody"]["content"]["multipart/form-data"]["schema"];
    assert_eq!(multipart["properties"]["file"], json!({"type": "file"}), "made binary with the other schemas");
    assert_eq!(multipart["properties"]["note"], json!({"type": "integer"}), "the operation's own field wins");
    assert!(upload.get("parameters").is_none());
}

#[test]
fn responses_in_what_the_operation_produces() {
    let (value, origins, _) = converted(json!({
        "swagger": "2.0", "info": {}, "produces": ["application/json"],
        "paths": {
            "/pets": {"get": {"produces": ["application/json", "text/csv"], "responses": {
                "200": {"description": "pets", "schema": {"type": "array", "items": {"type": "string"}},
                        "examples": {"application/json": ["a"]},
                        "headers": {"X-Rate": {"type": "integer", "description": "left"}},
                        "x-note": true},
                "default": {"description": "error", "schema": {"type": "object"}}
            }}},
            "/file": {"get": {"produces": [], "responses": {"200": {"description": "bytes", "schema": {"type": "file"}}}}}
        }
    }));
    let ok = &value["paths"]["/pets"]["get"]["responses"]["200"];
    assert_eq!(ok["content"]["application/json"]["example"], json!(["a"]));
    assert_eq!(ok["content"]["text/csv"]["schema"]["items"]["type"], "string");
    assert_eq!(ok["headers"]["X-Rate"], json!({"description": "left", "schema": {"type": "integer"}}));
    assert_eq!(ok["x-note"], true);
    assert!(value["paths"]["/pets"]["get"]["responses"]["default"]["content"]["application/json"].is_object());
    let file = &value["paths"]["/file"]["get"]["responses"]["200"]["content"];
    assert_eq!(file["application/octet-stream"]["schema"], json!({"type": "file"}));
    assert_eq!(
        traced(&origins, "/paths/~1pets/get/responses/200/headers/X-Rate/schema/type"),
        "/paths/~1pets/get/responses/200/headers/X-Rate/type"
    );
}

#[test]
fn collection_formats_are_styles() {
    let array = |format: &str, place: &str| json!({"name": "a", "in": place, "type": "array", "items": {"type": "string"}, "collectionFormat": format});
    let (value, _, warnings) = converted(json!({
        "swagger": "2.0", "info": {},
        "paths": {"/x/{a}": {"get": {"parameters": [
            array("csv", "query"), array("ssv", "query"), array("pipes", "query"), array("multi", "query"), array("tsv", "query"),
            {"name": "a", "in": "query", "type": "array", "items": {"type": "string"}},
            array("csv", "path"), array("pipes", "header")
        ], "responses": {}}}}
    }));
    let parameters = value["paths"]["/x/{a}"]["get"]["parameters"].as_array().unwrap().clone();
    let layout = |i: usize| (parameters[i]["style"].clone(), parameters[i]["explode"].clone());
    assert_eq!(layout(0), (json!("form"), json!(false)));
    assert_eq!(layout(1), (json!("spaceDelimited"), json!(false)));
    assert_eq!(layout(2), (json!("pipeDelimited"), json!(false)));
    assert_eq!(layout(3), (json!("form"), json!(true)));
    assert_eq!(layout(4), (json!("form"), json!(false)));
    assert_eq!(parameters[4]["x-collection-format"], "tsv", "resolve sends tabs");
    assert_eq!(layout(5), (json!("form"), json!(false)), "csv is 2.0's default");
    assert_eq!(layout(6), (Value::Null, Value::Null), "simple is a path's default");
    assert_eq!(
        warnings,
        [(
            "/paths/~1x~1{a}/get/parameters/7/collectionFormat".to_string(),
            "`collectionFormat: pipes` has no form in a header parameter: its items are sent comma-separated"
                .to_string()
        )]
    );
}

#[test]
fn security_definitions_are_schemes() {
    let (value, origins, _) = converted(json!({
        "swagger": "2.0", "info": {}, "paths": {}, "security": [{"key": []}],
        "securityDefinitions": {
            "basic": {"type": "basic", "description": "d"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {"read": "r"}},
            "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t", "scopes": {}},
            "application": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t"},
            "code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}, "x-pkce": true}
        }
    }));
    let schemes = &value["components"]["securitySchemes"];
    assert_eq!(schemes["basic"], json!({"type": "http", "description": "d", "scheme": "basic"}));
    assert_eq!(schemes["key"], json!({"type": "apiKey", "name": "X-Key", "in": "header"}));
    assert_eq!(
        schemes["implicit"]["flows"],
        json!({"implicit": {"authorizationUrl": "https://a", "scopes": {"read": "r"}}})
    );
    assert_eq!(schemes["password"]["flows"], json!({"password": {"tokenUrl": "https://t", "scopes": {}}}));
    assert_eq!(schemes["application"]["flows"], json!({"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}));
    assert_eq!(
        schemes["code"],
        json!({"type": "oauth2", "x-pkce": true, "flows": {"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {}}}})
    );
    assert_eq!(value["security"], json!([{"key": []}]));
    assert_eq!(traced(&origins, "/components/securitySchemes/key/name"), "/securityDefinitions/key/name");
}

#[test]
fn an_operations_own_schemes_are_said_only_where_they_differ() {
    let document = |schemes: Value, host: bool| {
        let mut value = json!({"swagger": "2.0", "info": {}, "paths": {
            "/a": {"get": {"schemes": schemes, "responses": {}}}
        }});
        if host {
            value["host"] = json!("h.io");
        }
        converted(value).2
    };
    assert!(document(json!(["https"]), true).is_empty(), "the servers' own");
    assert!(document(json!(["http"]), false).is_empty(), "no host: no servers to differ from");
    let [(pointer, message)] = document(json!(["http"]), true).try_into().unwrap();
    assert_eq!(pointer, "/paths/~1a/get/schemes");
    assert!(message.contains(r#"(["http"])"#), "{message}");
}
