//! What the generator cannot say as the spec does is a warning naming the place and what is lost,
//! and the rest still generates.

use std::path::Path;

use xtask::codegen::generate_text;
use xtask::ir::{TypeKind, TypeRef};

/// A multipart body whose schema is not an object (kittycad's bare `format: binary`) names no
/// part: it is one part named `file`, said in a warning, and the crate is typed.
#[test]
fn a_multipart_body_that_is_no_object_is_one_part() {
    let spec = r#"
openapi: 3.0.3
info: {title: Uploads, version: '1'}
paths:
  /convert:
    post:
      operationId: convert
      requestBody:
        content:
          multipart/form-data:
            schema: {type: string, format: binary}
      responses: {'204': {description: Done.}}
"#;
    let generated = generate_text(Path::new("uploads.yaml"), spec).expect("generates");
    let warning = generated.warnings.iter().find(|w| w.message.contains("multipart")).expect("a warning");
    assert!(warning.message.contains("one part named `file`"), "{}", warning.message);
    assert_eq!(
        warning.location.pointer.as_deref(),
        Some("/paths/~1convert/post/requestBody/content/multipart~1form-data/schema")
    );
    let body = generated.api.operations[0].body.as_ref().expect("a body");
    let TypeRef::Named(name) = &body.ty else { panic!("{:?}", body.ty) };
    let def = generated.api.types.iter().find(|t| &t.name == name).expect("its type");
    let TypeKind::Struct(parts) = &def.kind else { panic!("{def:?}") };
    assert_eq!((parts.fields[0].wire.as_str(), &parts.fields[0].ty), ("file", &TypeRef::Binary));
}

/// Paths in any script name their operations (a word's singular is cut at a character, never
/// inside one): no panic, and the names are ASCII.
#[test]
fn paths_in_any_script_are_named() {
    let spec = r#"
openapi: 3.0.3
info: {title: Streets, version: '1'}
paths:
  /straße:
    get:
      operationId: listStreets
      responses: {'204': {description: Done.}}
  /x/straße:
    post:
      responses: {'204': {description: Done.}}
  /x/{id}/straßen:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Done.}}
"#;
    let generated = generate_text(Path::new("streets.yaml"), spec).expect("generates");
    for op in &generated.api.operations {
        assert!(op.name.is_ascii() && op.group.as_deref().is_none_or(str::is_ascii), "{op:?}");
    }
}

/// `allOf` members that cannot all hold at once (a string and an integer) are any JSON value, with
/// a warning that names the members and what each is; never a map.
#[test]
fn an_all_of_of_scalars_that_conflict_is_said() {
    let spec = r#"
openapi: 3.0.3
info: {title: Conflict, version: '1'}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: X.
          content:
            application/json:
              schema:
                type: object
                properties:
                  code:
                    allOf:
                      - {type: string}
                      - {type: integer}
"#;
    let generated = generate_text(Path::new("conflict.yaml"), spec).expect("generates");
    let warning = generated.warnings.iter().find(|w| w.message.contains("allOf")).expect("a warning");
    assert!(warning.message.contains("`allOf/0` is a string, `allOf/1` is an integer"), "{}", warning.message);
    assert!(warning.location.pointer.as_deref().is_some_and(|p| p.ends_with("/properties/code")), "{warning:?}");
    let code = generated.api.types.iter().flat_map(|t| match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().filter(|f| f.wire == "code").collect::<Vec<_>>(),
        _ => Vec::new(),
    });
    let types: Vec<&TypeRef> = code.map(|f| &f.ty).collect();
    assert_eq!(types, [&TypeRef::Any]);
}
