//! Load: files on disk → `Page`s (one OpenAPI document each) plus the list of `# Source:` pages,
//! with or without a body. Accepts directories (recursively), scraped pages, concatenated files like
//! the seed, and plain OpenAPI 3.0 documents (.yaml, .yml, .json).

mod duplicates;
mod quiet;
mod legacy;
mod markdown;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Errors, Location};
use crate::yaml;

/// One OpenAPI document and where it came from.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: PathBuf,
    /// The `# Source:` URL the body belongs to (scraped pages only).
    pub source_url: Option<String>,
    /// 1-based line in `file` where the document's text starts.
    pub first_line: usize,
    /// `METHOD /path` from the fence, checked against the document.
    pub declared: Option<(String, String)>,
    pub document: openapiv3::OpenAPI,
}

/// A `# Source:` line: a page that exists upstream, scraped or not yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub url: String,
    pub has_body: bool,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub pages: Vec<Page>,
    /// Every distinct Source URL, sorted; `has_body` when any file carried its body.
    pub listed: Vec<Listing>,
    pub warnings: Vec<Diagnostic>,
}

const PAGE_EXTENSIONS: &[&str] = &["md", "mdx", "txt"];
const DOCUMENT_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Loads every input. All files are read even when some fail, so that one run reports every problem.
pub fn load(inputs: &[PathBuf]) -> Result<Loaded, Errors> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match collect_files(input) {
            Ok(found) => files.extend(found),
            Err(e) => errors.extend(e.0),
        }
    }
    // Sorted and deduplicated, so that the order of `--specs` and of the directory listing never matters.
    files.sort();
    files.dedup();

    let mut loaded = Loaded::default();
    let mut listed = std::collections::BTreeMap::<String, bool>::new();
    // Files are parsed in parallel and their results taken in order.
    let results: Vec<Result<FileLoad, Errors>> = files.par_iter().map(|file| load_file(file)).collect();
    for result in results {
        match result {
            Ok(file_load) => {
                for listing in file_load.listed {
                    *listed.entry(listing.url).or_default() |= listing.has_body;
                }
                loaded.pages.extend(file_load.pages);
                loaded.warnings.extend(file_load.warnings);
            }
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    loaded.listed = listed.into_iter().map(|(url, has_body)| Listing { url, has_body }).collect();
    Ok(loaded)
}

/// An operation a page's fence names (`METHOD /path`, method lower-case), and the `# Source:` URL
/// its block belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Declared {
    pub source_url: Option<String>,
    pub method: String,
    pub path: String,
}

/// Checks page text held in memory exactly as [`load`] would read it from `file` (so `scrape` can
/// validate a download before it replaces anything): every block must parse as OpenAPI 3.0, or the
/// older format, and hold the operation its fence names. Returns those named operations.
pub fn check_page(file: &Path, text: &str) -> Result<Vec<Declared>, Errors> {
    let loaded = load_page_file(file, text)?;
    Ok(loaded
        .pages
        .into_iter()
        .filter_map(|page| {
            let (method, path) = page.declared?;
            Some(Declared { source_url: page.source_url, method, path })
        })
        .collect())
}

/// The `# Source:` URLs of a page or list of pages (like `specs/sources.txt` or the seed), in order.
pub fn source_urls(file: &Path, text: &str) -> Result<Vec<String>, Errors> {
    let scan = markdown::scan(text).map_err(|e| Diagnostic::error(Location::at(file, e.line), e.message))?;
    Ok(scan.sources.into_iter().map(|s| s.url).collect())
}

/// The files `load` reads for these inputs, sorted.
pub fn files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Errors> {
    let mut files = Vec::new();
    for input in inputs {
        files.extend(collect_files(input)?);
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn collect_files(input: &Path) -> Result<Vec<PathBuf>, Errors> {
    let metadata = std::fs::metadata(input)
        .map_err(|e| Errors::one(Diagnostic::error(Location::file(input), format!("cannot read: {e}"))))?;
    if !metadata.is_dir() {
        return Ok(vec![input.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(input);
            Errors::one(Diagnostic::error(Location::file(path), format!("cannot read: {e}")))
        })?;
        let extension = entry.path().extension().and_then(|e| e.to_str()).unwrap_or_default();
        let hidden = entry.file_name().to_str().is_some_and(|n| n.starts_with('.'));
        if entry.file_type().is_file()
            && !hidden
            && (PAGE_EXTENSIONS.contains(&extension) || DOCUMENT_EXTENSIONS.contains(&extension))
        {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

struct FileLoad {
    pages: Vec<Page>,
    listed: Vec<Listing>,
    warnings: Vec<Diagnostic>,
}

fn load_file(file: &Path) -> Result<FileLoad, Errors> {
    let bytes = std::fs::read(file)
        .map_err(|e| Diagnostic::error(Location::file(file), format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Diagnostic::error(Location::file(file), format!("not UTF-8 text: {e}")))?;
    parse_text(file, &text)
}

/// Parses a file's text into plain JSON values only (the blocks of a page, or a whole document):
/// the bench's floor, the part of loading that no generator can skip.
pub fn parse_plain(file: &Path, text: &str) -> Vec<serde_json::Value> {
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if DOCUMENT_EXTENSIONS.contains(&extension) {
        return yaml::to_json(text).into_iter().collect();
    }
    let Ok(scan) = markdown::scan(text) else { return Vec::new() };
    scan.blocks.iter().filter_map(|b| yaml::to_json(&b.text).ok()).collect()
}

/// Loads text as if read from `file` (whose extension decides the form): the loader without the
/// file system, for the fuzzer.
pub fn load_text(file: &Path, text: &str) -> Result<Loaded, Errors> {
    let FileLoad { pages, listed, warnings } = parse_text(file, text)?;
    Ok(Loaded { pages, listed, warnings })
}

fn parse_text(file: &Path, text: &str) -> Result<FileLoad, Errors> {
    let text = text.to_string();
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if DOCUMENT_EXTENSIONS.contains(&extension) {
        let document = parse_document(file, &text, 1, extension == "json")?;
        let page = Page { file: file.to_path_buf(), source_url: None, first_line: 1, declared: None, document };
        return Ok(FileLoad { pages: vec![page], listed: Vec::new(), warnings: Vec::new() });
    }
    load_page_file(file, &text)
}

fn load_page_file(file: &Path, text: &str) -> Result<FileLoad, Errors> {
    let scan = markdown::scan(text)
        .map_err(|e| Diagnostic::error(Location::at(file, e.line), e.message))?;
    if scan.blocks.is_empty() && (scan.sources.is_empty() || scan.openapi_heading.is_some()) {
        let line = scan.openapi_heading.unwrap_or(1);
        return Err(Diagnostic::error(Location::at(file, line), "no OpenAPI block found in this page")
            .hint("a scraped page holds a fenced block opened by ````yaml METHOD /path under `## OpenAPI`")
            .into());
    }
    let mut listed: Vec<Listing> =
        scan.sources.iter().map(|s| Listing { url: s.url.clone(), has_body: false }).collect();
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for block in &scan.blocks {
        if let Some(index) = block.source {
            listed[index].has_body = true;
        }
        match block_page(file, block, &scan) {
            Ok(page) => pages.push(page),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    // Missing bodies are counted in the run's summary, not warned about file by file.
    Ok(FileLoad { pages, listed, warnings: Vec::new() })
}

fn block_page(file: &Path, block: &markdown::Block, scan: &markdown::Scan) -> Result<Page, Errors> {
    let first_line = block.fence_line + 1;
    let plain = yaml::to_json_exact(&block.text).map_err(|e| yaml_error(file, first_line, e))?;
    let document = if legacy::is_legacy(&plain.value) {
        let converted = legacy::to_openapi(&plain.value, block.title.as_deref(), block.summary.as_deref())
            .map_err(|e| {
                Diagnostic::error(Location::at(file, block.fence_line).with_pointer(e.pointer), e.message)
            })?;
        serde_json::from_value(converted).map_err(|e| {
            Diagnostic::error(
                Location::at(file, block.fence_line),
                format!("not a valid operation in the older page format: {e}"),
            )
        })?
    } else {
        let exact = plain.exact.then_some(plain.value);
        let mut document = parse_checked(file, &block.text, first_line, false, exact)?;
        fill_missing_descriptions(&mut document, block);
        document
    };
    if let Some((method, path)) = &block.declared {
        let found = document
            .paths
            .paths
            .get(path)
            .and_then(|item| item.as_item())
            .is_some_and(|item| item.iter().any(|(m, _)| m == method));
        if !found {
            return Err(Diagnostic::error(
                Location::at(file, block.fence_line),
                format!("the block is labelled `{} {path}` but its document has no such operation", method.to_uppercase()),
            )
            .into());
        }
    }
    Ok(Page {
        file: file.to_path_buf(),
        source_url: block.source.map(|i| scan.sources[i].url.clone()),
        first_line,
        declared: block.declared.clone(),
        document,
    })
}

/// The page's `> summary` line is the operation's description when the document has none.
fn fill_missing_descriptions(document: &mut openapiv3::OpenAPI, block: &markdown::Block) {
    let Some(summary) = &block.summary else { return };
    for item in document.paths.paths.values_mut() {
        if let openapiv3::ReferenceOr::Item(item) = item {
            let operations = [
                &mut item.get, &mut item.put, &mut item.post, &mut item.delete,
                &mut item.options, &mut item.head, &mut item.patch, &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                if operation.description.is_none() && operation.summary.is_none() {
                    operation.description = Some(summary.clone());
                }
            }
        }
    }
}

fn parse_document(file: &Path, text: &str, first_line: usize, json: bool) -> Result<openapiv3::OpenAPI, Errors> {
    // Duplicate keys first: openapiv3's typed parse panics on them (found by the fuzzer;
    // tests/bad/duplicate_keys.*). Plain YAML parsing reports them; JSON needs its own check.
    if json {
        // The check and the typed parse read the same text, so they run side by side; the parse
        // (which may panic on a repeated key, quietly caught) counts only if the check passes.
        let (duplicate, parsed) =
            rayon::join(|| duplicates::first_duplicate(text), || parse_checked(file, text, first_line, true, None));
        if let Some((message, line, column)) = duplicate {
            let mut location = Location::at(file, line);
            location.column = Some(column);
            return Err(Diagnostic::error(location, format!("not a valid OpenAPI 3.0 document: {message}")).into());
        }
        return parsed;
    }
    let plain = yaml::to_json_exact(text).map_err(|e| yaml_error(file, first_line, e))?;
    parse_checked(file, text, first_line, false, plain.exact.then_some(plain.value))
}

/// The typed parse of a document whose keys are known to be unique. A YAML document's plain value
/// (already parsed for that check) is converted without reading the text a third time, when it says
/// exactly what the text does (see `yaml::Plain::exact`; otherwise `plain` is `None`). Only when
/// that fails is the text parsed again, for an error with a line and a path, or for the scalars
/// that YAML reads more leniently than JSON (a number where a string is expected).
fn parse_checked(
    file: &Path,
    text: &str,
    first_line: usize,
    json: bool,
    plain: Option<serde_json::Value>,
) -> Result<openapiv3::OpenAPI, Errors> {
    // openapiv3 has `expect`s of its own; a panic there must not end the run.
    let parsed = quiet::catch(|| {
        if let Some(Ok(document)) = plain.map(serde_json::from_value::<openapiv3::OpenAPI>) {
            return Ok(document);
        }
        parse_typed(file, text, first_line, json)
    })
    .unwrap_or_else(|| {
        Err(Diagnostic::error(
            Location::at(file, first_line),
            "the OpenAPI parser failed on this document (a bug in the openapiv3 crate, caught)",
        )
        .hint("check the document for duplicate keys or values of unexpected types")
        .into())
    });
    let document = parsed?;
    if !document.openapi.starts_with("3.0") {
        return Err(Diagnostic::error(
            Location::at(file, first_line),
            format!("OpenAPI version {} is not supported", document.openapi),
        )
        .hint("this generator reads OpenAPI 3.0 documents")
        .into());
    }
    Ok(document)
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

fn yaml_error(file: &Path, first_line: usize, error: yaml::YamlError) -> Errors {
    let mut location = Location::at(file, first_line + error.line.unwrap_or(1) - 1);
    location.column = error.column;
    Diagnostic::error(location, format!("invalid YAML or OpenAPI: {}", error.message)).into()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// YAML reads the key `True` as a boolean; the conversion to JSON writes it `true`. A document
    /// with such keys is parsed from its text, so names stay as written.
    #[test]
    fn keys_that_yaml_reads_as_scalars_keep_their_spelling() {
        let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/True'}}}\ncomponents: {schemas: {True: {type: string}}}\n";
        let loaded = super::load_text(Path::new("doc.yaml"), text).unwrap();
        let document = &loaded.pages[0].document;
        let components = document.components.as_ref().unwrap();
        assert!(components.schemas.contains_key("True"), "{:?}", components.schemas.keys());
    }
}
