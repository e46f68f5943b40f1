//! The passes over a whole converted document that know OpenAPI 3.0's shape (`walk`): local
//! `$ref`s into 2.0's sections pointed at the components they became, and 2.0's schema dialect
//! read as 3.0's. The second runs after bundling too, so schemas brought in from other 2.0 files
//! are read the same way.

use serde_json::{Value, json};

use crate::load::walk::{Kind, Object, child};

/// Points a local `$ref` into a 2.0 section at the 3.0 component it became; any other `$ref`
/// (another file's, or one already 3.0's) is left as written.
pub fn reference(text: &str) -> Option<String> {
    [("#/definitions/", "#/components/schemas/"), ("#/responses/", "#/components/responses/")]
        .into_iter()
        .chain([("#/parameters/", "#/components/parameters/")])
        .find_map(|(from, to)| text.strip_prefix(from).map(|rest| format!("{to}{rest}")))
}

/// Rewrites every local `$ref` that stands for an OpenAPI object (not one in example data or an
/// extension) to the section it moved to.
pub fn rewrite_references(value: &mut Value, kind: Kind) {
    visit(value, kind, &mut |value, _| {
        if let Some(Value::String(text)) = value.get_mut("$ref")
            && let Some(moved) = reference(text)
        {
            *text = moved;
        }
    });
}

/// Reads 2.0's schema dialect as 3.0's, in every schema of the document: `x-nullable` (and
/// NSwag's `x-isnullable`) is `nullable`, `type: file` a binary string, a `discriminator` that
/// names a property the 3.0 object that does.
pub fn read_schemas(value: &mut Value, kind: Kind) {
    visit(value, kind, &mut |value, kind| {
        if kind == Kind::One(Object::Schema) {
            one(value);
        }
    });
}

/// Calls `f` on every value of the document that is not data, by its kind, before its members.
fn visit(value: &mut Value, kind: Kind, f: &mut impl FnMut(&mut Value, Kind)) {
    if kind == Kind::Data {
        return;
    }
    f(value, kind);
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                visit(member, child(kind, key), f);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                visit(item, child(kind, &i.to_string()), f);
            }
        }
        _ => {}
    }
}

fn one(value: &mut Value) {
    let Value::Object(schema) = value else { return };
    for extension in ["x-nullable", "x-isnullable"] {
        if let Some(nullable) = schema.remove(extension)
            && nullable == json!(true)
        {
            schema.insert("nullable".into(), json!(true));
        }
    }
    if schema.get("type").and_then(Value::as_str) == Some("file") {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(property)) = schema.get("discriminator") {
        let property = property.clone();
        schema.insert("discriminator".into(), json!({ "propertyName": property }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Kind {
        Kind::One(Object::Document)
    }

    #[test]
    fn local_references_follow_their_sections() {
        let mut value = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/parameters/limit"}],
                "responses": {"200": {"$ref": "#/responses/Ok"}, "400": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/definitions/Error"}}}}}
            }}},
            "components": {"schemas": {"Pet": {
                "properties": {"owner": {"$ref": "common.json#/definitions/Owner"}},
                "example": {"$ref": "#/definitions/NotARef"},
                "x-see": {"$ref": "#/definitions/Pet"}
            }}}
        });
        rewrite_references(&mut value, document());
        let get = &value["paths"]["/a"]["get"];
        assert_eq!(get["parameters"][0]["$ref"], "#/components/parameters/limit");
        assert_eq!(get["responses"]["200"]["$ref"], "#/components/responses/Ok");
        assert_eq!(
            get["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
        let pet = &value["components"]["schemas"]["Pet"];
        assert_eq!(pet["properties"]["owner"]["$ref"], "common.json#/definitions/Owner", "another file's is bundled");
        assert_eq!(pet["example"]["$ref"], "#/definitions/NotARef", "data");
        assert_eq!(pet["x-see"]["$ref"], "#/definitions/Pet", "an extension's");
    }

    #[test]
    fn the_schema_dialect() {
        let mut value = json!({"components": {"schemas": {
            "Pet": {
                "discriminator": "petType",
                "properties": {
                    "photo": {"type": "file"},
                    "name": {"type": "string", "x-nullable": true},
                    "tag": {"type": "string", "x-isnullable": false},
                    "list": {"type": "array", "items": {"type": "integer", "x-nullable": true}},
                },
                "example": {"x-nullable": true}
            }
        }}});
        read_schemas(&mut value, document());
        let pet = &value["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "petType"}));
        assert_eq!(pet["properties"]["photo"], json!({"type": "string", "format": "binary"}));
        assert_eq!(pet["properties"]["name"], json!({"type": "string", "nullable": true}));
        assert_eq!(pet["properties"]["tag"], json!({"type": "string"}));
        assert_eq!(pet["properties"]["list"]["items"], json!({"type": "integer", "nullable": true}));
        assert_eq!(pet["example"], json!({"x-nullable": true}), "example data is not a schema");
    }
}
