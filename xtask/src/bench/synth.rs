//! A synthetic OpenAPI document of N operations, shaped like Infisical's pages (a create body
//! with an enum and a nested object, a response with an id and timestamps, the error envelope),
//! so that the bench can measure how each stage scales with the size of the API.

use serde_json::{Map, Value, json};

pub fn document(operations: usize) -> Value {
    let mut paths = Map::new();
    for i in 0..operations {
        let resource = format!("/api/v1/resource-{}/{{projectId}}/items", i / 4);
        let item = json!({
            "type": "object",
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "name": { "type": "string", "description": format!("The name of item {i}.") },
                "createdAt": { "type": "string", "format": "date-time" },
                "kind": { "type": "string", "enum": ["alpha", "beta", format!("kind-{}", i % 7)] },
                "settings": {
                    "type": "object",
                    "properties": {
                        "retries": { "type": "integer" },
                        "labels": { "type": "object", "additionalProperties": { "type": "string" } }
                    }
                }
            },
            "required": ["id", "name", "createdAt"]
        });
        let errors: Map<String, Value> = [400, 401, 403, 404, 500]
            .iter()
            .map(|status| {
                let envelope = json!({
                    "type": "object",
                    "properties": {
                        "reqId": { "type": "string" },
                        "statusCode": { "type": "number", "enum": [status] },
                        "message": { "type": "string" },
                        "error": { "type": "string" }
                    },
                    "required": ["reqId", "statusCode", "message", "error"]
                });
                (
                    status.to_string(),
                    json!({ "description": "Error", "content": { "application/json": { "schema": envelope } } }),
                )
            })
            .collect();
        let mut responses = errors;
        responses.insert(
            "200".into(),
            json!({ "description": "OK", "content": { "application/json": { "schema": { "type": "object", "properties": { "item": item }, "required": ["item"] } } } }),
        );
        let method = ["post", "get", "patch", "delete"][i % 4];
        let mut operation = json!({
            "operationId": format!("operation{i}"),
            "tags": [format!("Resource {}", i / 40)],
            "description": format!("Operation number {i}."),
            "parameters": [
                { "name": "projectId", "in": "path", "required": true, "schema": { "type": "string" } },
                { "name": "limit", "in": "query", "schema": { "type": "integer" } }
            ],
            "responses": responses
        });
        if method == "post" || method == "patch" {
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": {
                        "name": { "type": "string" },
                        "description": { "type": "string", "nullable": true },
                        "kind": { "type": "string", "enum": ["alpha", "beta"] },
                        "apiToken": { "type": "string" }
                    },
                    "required": ["name"]
                } } }
            });
        }
        let entry = paths.entry(resource).or_insert_with(|| json!({}));
        entry[method] = operation;
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic API", "version": "0.0.1" },
        "servers": [{ "url": "https://api.example.test" }],
        "paths": paths
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_the_operations_asked_for() {
        let document = super::document(10);
        let count: usize = document["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
        assert_eq!(count, 10);
    }
}
