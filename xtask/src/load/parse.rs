//! Text → its plain JSON value: a document file read from disk, or a page's block, parsed once
//! (duplicate keys refused: openapiv3 panics on them), with errors at their lines. What the value
//! is, and its typed parse, are `document`'s.

use std::path::Path;

use serde_json::Value;

use super::duplicates;
use crate::diag::{Diagnostic, Errors, Location};
use crate::yaml;

/// A document's text and its plain value.
pub struct Plain {
    pub text: String,
    pub value: Value,
    /// The value says exactly what the text does (see `yaml::Plain::exact`; JSON always does).
    pub exact: bool,
    pub json: bool,
}

/// Parses text (a whole file, or a page's block starting at `first_line`) into its plain value.
pub fn plain(file: &Path, text: String, first_line: usize, json: bool) -> Result<Plain, Errors> {
    if !json {
        let plain = yaml::to_json_exact(&text).map_err(|e| yaml_error(file, first_line, e))?;
        return Ok(Plain { text, value: plain.value, exact: plain.exact, json });
    }
    // The check and the parse read the same text, so they run side by side.
    let (duplicate, value) =
        rayon::join(|| duplicates::first_duplicate(&text), || serde_json::from_str::<Value>(&text));
    if let Some((message, line, column)) = duplicate {
        let mut location = Location::at(file, line);
        location.column = Some(column);
        return Err(Diagnostic::error(location, format!("not a valid OpenAPI document: {message}")).into());
    }
    let value = value.map_err(|e| {
        let mut location = Location::at(file, e.line());
        location.column = Some(e.column());
        let text = e.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text);
        Diagnostic::error(location, format!("not valid JSON: {message}"))
    })?;
    Ok(Plain { text, value, exact: true, json })
}

/// A file read from disk as a plain document (`.json` as JSON, anything else as YAML).
pub fn read_file(file: &Path) -> Result<Plain, Errors> {
    let bytes =
        std::fs::read(file).map_err(|e| Diagnostic::error(Location::file(file), format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Diagnostic::error(Location::file(file), format!("not UTF-8 text: {e}")))?;
    let json = file.extension().is_some_and(|e| e == "json");
    plain(file, text, 1, json)
}

pub fn yaml_error(file: &Path, first_line: usize, error: yaml::YamlError) -> Errors {
    let mut location = Location::at(file, first_line + error.line.unwrap_or(1) - 1);
    location.column = error.column;
    Diagnostic::error(location, format!("invalid YAML or OpenAPI: {}", error.message)).into()
}
