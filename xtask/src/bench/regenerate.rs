//! The cost of regenerating over an existing crate, where the change report compares the two IRs
//! and every file is compared with what is there: a document generated fresh, over the crate of
//! another API (every type and operation changes), and an edited copy over its own crate.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::median;
use crate::codegen::Failure;

/// Paths removed and fields added by [`edit`]: a large upstream change.
pub const REMOVED_PATHS: usize = 60;
pub const ADDED_FIELDS: usize = 80;

/// The medians of one document's regenerations.
pub struct Regeneration {
    pub name: String,
    pub other: String,
    pub fresh: Duration,
    pub over_other: Duration,
    pub edited_over_itself: Duration,
}

/// A copy of `document` with [`REMOVED_PATHS`] paths removed and a new optional field in
/// [`ADDED_FIELDS`] object schemas, both spread over the document, not taken from its start.
pub fn edit(mut document: Value) -> Value {
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        let step = (paths.len() / REMOVED_PATHS).max(1);
        let doomed: Vec<String> = paths.keys().step_by(step).take(REMOVED_PATHS).cloned().collect();
        paths.retain(|path, _| !doomed.contains(path));
    }
    if let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        let objects: Vec<String> = schemas
            .iter()
            .filter(|(_, s)| s.get("properties").is_some_and(Value::is_object))
            .map(|(name, _)| name.clone())
            .collect();
        let step = (objects.len() / ADDED_FIELDS).max(1);
        for name in objects.iter().step_by(step).take(ADDED_FIELDS) {
            if let Some(properties) =
                schemas.get_mut(name).and_then(|s| s.get_mut("properties")).and_then(Value::as_object_mut)
            {
                properties.insert(
                    "bench_added_field".into(),
                    json!({ "type": "string", "description": "Added by the bench." }),
                );
            }
        }
    }
    document
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
    move |source| Failure::Write(crate::write::WriteError { path: path.to_path_buf(), source })
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}

fn generate(specs: &Path, out: &Path) -> Result<Duration, Failure> {
    let options =
        crate::codegen::Options { specs: vec![specs.to_path_buf()], out: out.to_path_buf(), ..Default::default() };
    let start = Instant::now();
    crate::codegen::run(&options)?;
    Ok(start.elapsed())
}

/// Median time of generating `specs` into a copy of `base` (the copying is not timed), or into a
/// fresh directory when there is no base.
fn timed(specs: &Path, base: Option<&Path>, scratch: &Path, label: &str, runs: usize) -> Result<Duration, Failure> {
    let mut samples = Vec::new();
    for run in 0..runs {
        let out = scratch.join(format!("{label}-{run}"));
        if let Some(base) = base {
            copy_tree(base, &out)?;
        }
        samples.push(generate(specs, &out)?);
    }
    Ok(median(samples))
}

/// `document` fresh, over the crate of `other`, and edited over its own crate.
pub fn measure(
    name: &str,
    document: &Path,
    other_name: &str,
    other: &Path,
    runs: usize,
) -> Result<Regeneration, Failure> {
    let scratch = tempfile::tempdir().map_err(io(&std::env::temp_dir()))?;
    let scratch = scratch.path();
    let text = std::fs::read_to_string(document).map_err(io(document))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Failure::Write(crate::write::WriteError {
            path: document.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })
    })?;
    let edited: PathBuf = scratch.join("edited.json");
    std::fs::write(&edited, edit(value).to_string()).map_err(io(&edited))?;
    let (own_crate, other_crate) = (scratch.join("own"), scratch.join("other"));
    generate(document, &own_crate)?;
    generate(other, &other_crate)?;
    Ok(Regeneration {
        name: name.into(),
        other: other_name.into(),
        fresh: timed(document, None, scratch, "fresh", runs)?,
        over_other: timed(document, Some(&other_crate), scratch, "over-other", runs)?,
        edited_over_itself: timed(&edited, Some(&own_crate), scratch, "edited", runs)?,
    })
}

/// The table of regenerations: milliseconds, medians.
pub fn table(rows: &[Regeneration]) -> String {
    let mut out = format!(
        "{:<28} {:>8} {:>22} {:>8} {:>22} {:>8}\n",
        "regenerate (median ms)", "fresh", "over another API", "×fresh", "edited over itself", "×fresh"
    );
    for row in rows {
        let ratio = |d: Duration| d.as_secs_f64() / row.fresh.as_secs_f64().max(1e-9);
        let other = format!("{} ({})", super::ms(row.over_other), row.other);
        out.push_str(&format!(
            "{:<28} {:>8} {:>22} {:>8.2} {:>22} {:>8.2}\n",
            row.name,
            super::ms(row.fresh),
            other,
            ratio(row.over_other),
            super::ms(row.edited_over_itself),
            ratio(row.edited_over_itself)
        ));
    }
    out.push_str(&format!("(edited: {REMOVED_PATHS} paths removed, a field added to {ADDED_FIELDS} schemas)\n"));
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn the_edit_removes_paths_and_adds_fields_across_the_document() {
        let paths: serde_json::Map<String, serde_json::Value> =
            (0..600).map(|i| (format!("/p{i:03}"), json!({}))).collect();
        let schemas: serde_json::Map<String, serde_json::Value> =
            (0..800).map(|i| (format!("S{i:03}"), json!({ "type": "object", "properties": { "a": {} } }))).collect();
        let edited = super::edit(json!({ "paths": paths, "components": { "schemas": schemas } }));
        assert_eq!(edited["paths"].as_object().unwrap().len(), 600 - super::REMOVED_PATHS);
        let added = edited["components"]["schemas"]
            .as_object()
            .unwrap()
            .values()
            .filter(|s| s["properties"].get("bench_added_field").is_some())
            .count();
        assert_eq!(added, super::ADDED_FIELDS);
        assert!(
            edited["components"]["schemas"]["S790"]["properties"].get("bench_added_field").is_some(),
            "spread to the end"
        );
    }
}
