//! Load: files on disk → `Page`s (one OpenAPI document each) plus the list of `# Source:` pages,
//! with or without a body. Accepts directories (recursively), scraped pages, concatenated files like
//! the seed, and plain OpenAPI documents (.yaml, .yml, .json), which may refer to other files.
//!
//! Roots and fragments: a document file is a root when it says at its top what it is (`openapi:`,
//! or `swagger: "2.0"`, read as 3.0). In a directory, a file without that is a part of
//! a multi-file spec, read only through the `$ref`s that name it, and reported when none does.
//! Named on the command line, it is an error: it is no document.

mod bundle;
mod document;
mod duplicates;
mod files;
mod legacy;
mod markdown;
mod openapi31;
mod origins;
mod parse;
mod quiet;
mod swagger2;
mod version;
mod walk;

pub use origins::Origins;

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
    /// The version as written (`3.1.0` or Swagger's `2.0`; the document is read as 3.0), or
    /// `legacy` for the docs' older page format.
    pub version: String,
    /// Where the parts the loader moved (from other files, or reading 3.1 as 3.0) were written.
    pub origins: Origins,
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
            Ok(found) => files.extend(found.into_iter().map(|file| (file, !input.is_dir()))),
            Err(e) => errors.extend(e.0),
        }
    }
    // Sorted and deduplicated, so that the order of `--specs` and of the directory listing never
    // matters; a file named on the command line and found in a directory counts as named.
    files.sort();
    files.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        kept.1 |= same && later.1;
        same
    });

    let mut loaded = Loaded::default();
    let mut listed = std::collections::BTreeMap::<String, bool>::new();
    let cache = files::Files::default();
    // Files are parsed in parallel and their results taken in order.
    let results: Vec<Result<FileLoad, Errors>> =
        files.par_iter().map(|(file, named)| load_file(file, *named, &cache)).collect();
    let mut fragments = Vec::new();
    for (result, (file, _)) in results.into_iter().zip(&files) {
        match result {
            Ok(file_load) => {
                for listing in file_load.listed {
                    *listed.entry(listing.url).or_default() |= listing.has_body;
                }
                if file_load.fragment {
                    fragments.push(file);
                }
                loaded.pages.extend(file_load.pages);
                loaded.warnings.extend(file_load.warnings);
            }
            Err(e) => errors.extend(e.0),
        }
    }
    let referenced = cache.referenced();
    for file in fragments.into_iter().filter(|f| !referenced.contains(&files::normalize(f))) {
        loaded.warnings.push(
            Diagnostic::warning(
                Location::at(file, 1),
                "skipped: not an OpenAPI document (no `openapi` at its top), and no document refers to it",
            )
            .hint("a file of a multi-file spec is read through the `$ref`s of the root document that names it"),
        );
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
/// validate a download before it replaces anything): every block must parse as OpenAPI 3.0 or 3.1, or the
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
    /// A document file of a directory that is not a root (see the module's header).
    fragment: bool,
}

fn load_file(file: &Path, named: bool, cache: &files::Files) -> Result<FileLoad, Errors> {
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if !DOCUMENT_EXTENSIONS.contains(&extension) {
        let bytes =
            std::fs::read(file).map_err(|e| Diagnostic::error(Location::file(file), format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|e| Diagnostic::error(Location::file(file), format!("not UTF-8 text: {e}")))?;
        return load_page_file(file, &text);
    }
    let plain = cache.source(file)?;
    if !named && !version::is_document(&plain.value) {
        return Ok(FileLoad { pages: Vec::new(), listed: Vec::new(), warnings: Vec::new(), fragment: true });
    }
    document_page(file, &plain, cache)
}

fn document_page(file: &Path, plain: &parse::Plain, cache: &files::Files) -> Result<FileLoad, Errors> {
    let read = document::read(file, 1, plain, cache)?;
    let page = Page {
        file: file.to_path_buf(),
        source_url: None,
        first_line: 1,
        declared: None,
        document: read.document,
        version: read.version,
        origins: read.origins,
    };
    Ok(FileLoad { pages: vec![page], listed: Vec::new(), warnings: read.warnings, fragment: false })
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
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let FileLoad { pages, listed, warnings, .. } = if DOCUMENT_EXTENSIONS.contains(&extension) {
        let plain = parse::plain(file, text.to_string(), 1, extension == "json")?;
        document_page(file, &plain, &files::Files::default())?
    } else {
        load_page_file(file, text)?
    };
    Ok(Loaded { pages, listed, warnings })
}

fn load_page_file(file: &Path, text: &str) -> Result<FileLoad, Errors> {
    let scan = markdown::scan(text).map_err(|e| Diagnostic::error(Location::at(file, e.line), e.message))?;
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
    let mut warnings = Vec::new();
    let cache = files::Files::default();
    for block in &scan.blocks {
        if let Some(index) = block.source {
            listed[index].has_body = true;
        }
        match block_page(file, block, &scan, &cache) {
            Ok((page, found)) => {
                pages.push(page);
                warnings.extend(found);
            }
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    // Missing bodies are counted in the run's summary, not warned about file by file.
    Ok(FileLoad { pages, listed, warnings, fragment: false })
}

fn block_page(
    file: &Path,
    block: &markdown::Block,
    scan: &markdown::Scan,
    cache: &files::Files,
) -> Result<(Page, Vec<Diagnostic>), Errors> {
    let first_line = block.fence_line + 1;
    let plain = parse::plain(file, block.text.clone(), first_line, false)?;
    let (document, version, origins, warnings) = if legacy::is_legacy(&plain.value) {
        let converted = legacy::to_openapi(&plain.value, block.title.as_deref(), block.summary.as_deref())
            .map_err(|e| Diagnostic::error(Location::at(file, block.fence_line).with_pointer(e.pointer), e.message))?;
        let document = serde_json::from_value(converted).map_err(|e| {
            Diagnostic::error(
                Location::at(file, block.fence_line),
                format!("not a valid operation in the older page format: {e}"),
            )
        })?;
        (document, "legacy".to_string(), Origins::default(), Vec::new())
    } else {
        let read = document::read(file, first_line, &plain, cache)?;
        let mut document = read.document;
        fill_missing_descriptions(&mut document, block);
        (document, read.version, read.origins, read.warnings)
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
                format!(
                    "the block is labelled `{} {path}` but its document has no such operation",
                    method.to_uppercase()
                ),
            )
            .into());
        }
    }
    let page = Page {
        file: file.to_path_buf(),
        source_url: block.source.map(|i| scan.sources[i].url.clone()),
        first_line,
        declared: block.declared.clone(),
        document,
        version,
        origins,
    };
    Ok((page, warnings))
}

/// The page's `> summary` line is the operation's description when the document has none.
fn fill_missing_descriptions(document: &mut openapiv3::OpenAPI, block: &markdown::Block) {
    let Some(summary) = &block.summary else { return };
    for item in document.paths.paths.values_mut() {
        if let openapiv3::ReferenceOr::Item(item) = item {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                if operation.description.is_none() && operation.summary.is_none() {
                    operation.description = Some(summary.clone());
                }
            }
        }
    }
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

    /// A 3.1 document is read from its value, not its text: a version YAML reads as a number is
    /// still the text OpenAPI wants.
    #[test]
    fn a_numeric_version_in_a_31_document() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: 1.0}\npaths: {}\n";
        let loaded = super::load_text(Path::new("doc.yaml"), text).unwrap();
        assert_eq!(loaded.pages[0].document.info.version, "1.0");
    }
}
