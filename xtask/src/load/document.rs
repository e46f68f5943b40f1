//! One OpenAPI document's plain value (`parse`) → the typed document the resolver reads. That value
//! says what the document is (`version`), and is where Swagger 2.0 is read as 3.0 (`swagger2`),
//! external `$ref`s are bundled (`bundle`) and OpenAPI 3.1 is read as 3.0 (`openapi31`); then
//! openapiv3's typed parse. A changed value has no text of its own: a YAML document's value is
//! used even where it reads a key differently from the text (`True:`), and a typed-parse error
//! names its place by pointer, traced back to the line it was written on. A document that needed none of those passes is parsed as before: from its value
//! when that says exactly what the text does, else from the text.

use std::path::Path;

use serde::Deserialize as _;
use serde_json::Value;

use super::bundle;
use super::files::Files;
use super::openapi31;
use super::origins::Origins;
use super::parse::{Plain, yaml_error};
use super::quiet;
use super::swagger2;
use super::version::{self, Version};
use super::walk::{Kind, Object};
use crate::diag::{Diagnostic, Errors, Location};
use crate::yaml;

/// The typed document, where its moved parts came from, and the loader's warnings about it.
pub struct Read {
    pub document: openapiv3::OpenAPI,
    /// The version as the document wrote it (`3.1.0` or `2.0`, read as 3.0).
    pub version: String,
    pub origins: Origins,
    pub warnings: Vec<Diagnostic>,
}

/// The typed document of a plain value, with every pass it needs.
pub fn read(file: &Path, first_line: usize, plain: &Plain, files: &Files) -> Result<Read, Errors> {
    let located = |pointer: &str| match pointer {
        "" => Location::at(file, first_line),
        pointer => Location::at(file, first_line).with_pointer(pointer.to_string()),
    };
    let version =
        version::recognize(&plain.value).map_err(|u| Diagnostic::error(located(u.pointer), u.message).hint(u.hint))?;
    let written = match version {
        Version::V20 => plain.value.get("swagger"),
        _ => plain.value.get("openapi"),
    };
    let written = written.map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).unwrap_or_default();
    let mut origins = Origins::default();
    let mut warnings = Vec::new();
    // Owned only when a pass changes it.
    let mut changed: Option<Value> = None;
    let mut swagger = None;
    if version == Version::V20 {
        let mut value = plain.value.clone();
        let (found, defaults) = swagger2::convert(&mut value, &mut origins);
        // Its warnings point into the 2.0 text already.
        warnings.extend(found.into_iter().map(|(pointer, message)| Diagnostic::warning(located(&pointer), message)));
        (changed, swagger) = (Some(value), Some(defaults));
    }
    if bundle::needs_bundling(changed.as_ref().unwrap_or(&plain.value)) {
        let (mut bundled, moved, found) =
            bundle::bundle(file, first_line, changed.as_ref().unwrap_or(&plain.value), files)?;
        origins = moved.after(std::mem::take(&mut origins));
        warnings.extend(found);
        if let Some(defaults) = &swagger {
            let found = swagger2::after_bundling(&mut bundled, defaults, &mut origins);
            warnings.extend(traced(file, first_line, &origins, found));
        }
        changed = Some(bundled);
    }
    if version == Version::V20
        && let Some(value) = &mut changed
    {
        swagger2::read_schemas(value, Kind::One(Object::Document));
        let found = openapi31::draft4(value, &mut origins);
        warnings.extend(traced(file, first_line, &origins, found));
    }
    if version == Version::V31 {
        let mut value = changed.take().unwrap_or_else(|| plain.value.clone());
        let found = openapi31::normalize(&mut value, &mut origins);
        warnings.extend(traced(file, first_line, &origins, found));
        changed = Some(value);
    }
    if let Some(value) = &mut changed {
        version_strings(value);
    }
    let document = match &changed {
        Some(value) => typed_from_value(file, first_line, value, &origins)?,
        None => parse_checked(file, &plain.text, first_line, plain.json, plain.exact.then_some(&plain.value))?,
    };
    Ok(Read { document, version: written, origins, warnings })
}

/// Warnings of a pass, each at the file and pointer its author wrote.
fn traced(file: &Path, first_line: usize, origins: &Origins, found: Vec<(String, String)>) -> Vec<Diagnostic> {
    let at = |pointer: &str| match pointer {
        "" => Location::at(file, first_line),
        pointer => Location::at(file, first_line).with_pointer(pointer.to_string()),
    };
    found
        .into_iter()
        .map(|(pointer, message)| {
            let mut location = at(&pointer);
            origins.locate(file, first_line, &mut location);
            Diagnostic::warning(location, message)
        })
        .collect()
}

/// The typed parse of a value the loader changed, so has no text of its own: an error names the
/// place by its pointer, traced back to where it was written.
fn typed_from_value(
    file: &Path,
    first_line: usize,
    value: &Value,
    origins: &Origins,
) -> Result<openapiv3::OpenAPI, Errors> {
    let parsed = quiet::catch(|| serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value));
    match parsed {
        Some(Ok(document)) => Ok(document),
        Some(Err(error)) => {
            let mut pointer = String::new();
            for segment in error.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Map { key } => {
                        pointer = format!("{pointer}{}", crate::diag::pointer(&[key]))
                    }
                    serde_path_to_error::Segment::Seq { index } => pointer = format!("{pointer}/{index}"),
                    _ => {}
                }
            }
            let path = error.path().to_string();
            let mut location = Location::at(file, first_line).with_pointer(pointer);
            origins.locate(file, first_line, &mut location);
            let at = if path == "." { String::new() } else { format!("{path}: ") };
            Err(Diagnostic::error(location, format!("not a valid OpenAPI document: {at}{}", error.into_inner())).into())
        }
        None => Err(caught_panic(file, first_line)),
    }
}

/// YAML reads `version: 1.0` as a number where OpenAPI wants a string. The typed parse of YAML
/// text accepts that; the typed parse of a value does not, so the few such fields are made text.
fn version_strings(value: &mut Value) {
    for pointer in ["/openapi", "/info/version", "/info/title"] {
        if let Some(field) = value.pointer_mut(pointer)
            && (field.is_number() || field.is_boolean())
        {
            *field = Value::String(field.to_string());
        }
    }
}

fn caught_panic(file: &Path, first_line: usize) -> Errors {
    Diagnostic::error(
        Location::at(file, first_line),
        "the OpenAPI parser failed on this document (a bug in the openapiv3 crate, caught)",
    )
    .hint("check the document for duplicate keys or values of unexpected types")
    .into()
}

/// The typed parse of a document whose keys are known to be unique. A plain value that says
/// exactly what the text does (else `plain` is `None`) is converted without reading the text
/// again. Only when that fails is the text parsed, for an error with a line and a path, or for the
/// scalars that YAML reads more leniently than JSON (a number where a string is expected).
pub fn parse_checked(
    file: &Path,
    text: &str,
    first_line: usize,
    json: bool,
    plain: Option<&Value>,
) -> Result<openapiv3::OpenAPI, Errors> {
    // openapiv3 has `expect`s of its own; a panic there must not end the run.
    quiet::catch(|| {
        if let Some(Ok(document)) = plain.map(openapiv3::OpenAPI::deserialize) {
            return Ok(document);
        }
        parse_typed(file, text, first_line, json)
    })
    .unwrap_or_else(|| Err(caught_panic(file, first_line)))
}

fn parse_typed(file: &Path, text: &str, first_line: usize, json: bool) -> Result<openapiv3::OpenAPI, Errors> {
    let document: openapiv3::OpenAPI = if json {
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text)).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let mut location = Location::at(file, inner.line());
            location.column = Some(inner.column());
            let at = if path == "." { String::new() } else { format!("{path}: ") };
            Diagnostic::error(location, format!("not a valid OpenAPI 3.0 document: {at}{inner}"))
        })?
    } else {
        yaml::from_str(text).map_err(|e| yaml_error(file, first_line, e))?
    };
    Ok(document)
}
