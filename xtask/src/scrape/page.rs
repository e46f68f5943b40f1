//! What a download must be before it may replace a page in `specs/`, and the replacing itself.
//!
//! The page is judged by the loader (`load::check_page`), the same code `codegen` reads it with, so a
//! page that scrape accepts is a page codegen can read. The write is the last step and atomic: a
//! temp file beside the target, then a rename; nothing that failed before it touches the old file.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

use crate::diag::Errors;
use crate::load;

/// A download that passed every check, ready to be written.
#[derive(Debug, Clone)]
pub struct Checked {
    pub text: String,
    /// `METHOD /path` of every block, so a replacement can be compared with the page it replaces.
    pub operations: BTreeSet<String>,
}

/// How writing a checked page went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    New,
    Changed,
    Unchanged,
}

/// Checks the body fetched for `url`, which is to become `file`. A page without a `# Source:` line
/// gets one naming `url` (the original, not a mirror's), so the file says where it came from and
/// the loader maps it back to the Source list.
pub fn check(file: &Path, url: &str, body: Vec<u8>) -> Result<Checked, String> {
    let text = String::from_utf8(body).map_err(|_| "the body is not UTF-8 text".to_string())?;
    let start = text.trim_start().get(..64).unwrap_or(text.trim_start()).to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Err("an HTML page, not the page's markdown (is the URL right?)".into());
    }
    let mut declared = load::check_page(file, &text).map_err(|e| invalid(&e))?;
    let mut text = text;
    if declared.iter().all(|d| d.source_url.is_none()) {
        text = format!("# Source: {url}\n\n{text}");
        declared = load::check_page(file, &text).map_err(|e| invalid(&e))?;
    }
    if !declared.iter().any(|d| d.source_url.as_deref() == Some(url)) {
        return Err(match declared.iter().find_map(|d| d.source_url.as_deref()) {
            Some(other) => format!("the page's OpenAPI block belongs to `# Source: {other}`, not to this URL"),
            None => "the page has no OpenAPI block naming its operation (````yaml METHOD /path)".into(),
        });
    }
    Ok(Checked { text, operations: operations(&declared) })
}

/// Writes `page` to `file` unless it holds this text already. An existing page that documents other
/// operations is kept: a page that suddenly describes another endpoint is more likely a wrong URL
/// or a broken mirror than a real change, and a person should look.
pub fn update(file: &Path, page: &Checked) -> Result<Written, String> {
    let old = match std::fs::read(file) {
        Ok(old) => Some(old),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read the existing {}: {e}", file.display())),
    };
    if let Some(old) = &old {
        // Compared without line endings, so a checkout with CRLF is not rewritten for nothing.
        let old = String::from_utf8_lossy(old);
        if old.replace("\r\n", "\n") == page.text.replace("\r\n", "\n") {
            return Ok(Written::Unchanged);
        }
        // An old page that no longer loads has nothing to compare with: a valid download may fix it.
        if let Ok(declared) = load::check_page(file, &old) {
            let before = operations(&declared);
            if !before.is_empty() && before != page.operations {
                return Err(format!(
                    "the download documents {} but {} documents {}; kept the file (delete it to accept the new page)",
                    list(&page.operations),
                    file.display(),
                    list(&before)
                ));
            }
        }
    }
    write_atomic(file, &page.text)?;
    Ok(if old.is_some() { Written::Changed } else { Written::New })
}

/// Temp file in the target's directory, synced, then renamed over the target. On any error the temp
/// file is dropped, which deletes it; its name starts with a dot so the loader would skip it anyway.
fn write_atomic(file: &Path, text: &str) -> Result<(), String> {
    let directory = file.parent().unwrap_or(Path::new("."));
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", file.display());
    std::fs::create_dir_all(directory).map_err(failed)?;
    let mut temp = tempfile::Builder::new().prefix(".scrape-").tempfile_in(directory).map_err(failed)?;
    temp.write_all(text.as_bytes()).map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(file).map_err(|e| failed(e.error))?;
    Ok(())
}

fn operations(declared: &[load::Declared]) -> BTreeSet<String> {
    declared.iter().map(|d| format!("{} {}", d.method.to_uppercase(), d.path)).collect()
}

fn list(operations: &BTreeSet<String>) -> String {
    operations.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
}

/// The loader's first problem, with its line in the downloaded text.
fn invalid(errors: &Errors) -> String {
    let Some(first) = errors.0.first() else { return "not a valid page".into() };
    let line = first.location.line.map(|l| format!(" (line {l} of the download)")).unwrap_or_default();
    let more = match errors.0.len() {
        1 => String::new(),
        n => format!("; and {} more problem(s)", n - 1),
    };
    format!("not a valid page: {}{line}{more}", first.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://docs.test/endpoints/things/create.md";

    fn page(method: &str, path: &str, title: &str) -> String {
        format!(
            "# {title}\n\n## OpenAPI\n\n````yaml {} {path}\nopenapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    {method}:\n      responses:\n        '200': {{description: ok}}\n````\n",
            method.to_uppercase()
        )
    }

    #[test]
    fn a_page_without_a_source_line_gets_one() {
        let checked = check(Path::new("create.md"), URL, page("post", "/things", "Create").into_bytes()).unwrap();
        assert!(checked.text.starts_with(&format!("# Source: {URL}\n\n# Create\n")));
        assert_eq!(checked.operations.into_iter().collect::<Vec<_>>(), ["POST /things"]);
    }

    #[test]
    fn html_other_sources_and_pages_without_blocks_are_refused() {
        let file = Path::new("create.md");
        let html = check(file, URL, b"  <!DOCTYPE html><html></html>".to_vec()).unwrap_err();
        assert!(html.contains("HTML"), "{html}");
        let other = format!("# Source: https://docs.test/endpoints/other.md\n{}", page("get", "/o", "O"));
        assert!(check(file, URL, other.into_bytes()).unwrap_err().contains("belongs to"));
        let empty = check(file, URL, b"# Create\n\nNothing here.\n".to_vec()).unwrap_err();
        assert!(empty.contains("no OpenAPI block"), "{empty}");
        let mislabelled = page("get", "/things", "Create").replacen("GET /things", "GET /other", 1);
        assert!(check(file, URL, mislabelled.into_bytes()).unwrap_err().contains("no such operation"));
    }

    #[test]
    fn update_writes_new_and_changed_pages_only_and_keeps_a_page_for_another_operation() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("things/create.md");
        let checked = |text: String| check(&file, URL, text.into_bytes()).unwrap();

        assert_eq!(update(&file, &checked(page("post", "/things", "Create"))), Ok(Written::New));
        assert_eq!(update(&file, &checked(page("post", "/things", "Create"))), Ok(Written::Unchanged));
        assert_eq!(update(&file, &checked(page("post", "/things", "Make"))), Ok(Written::Changed));
        let before = std::fs::read(&file).unwrap();
        let error = update(&file, &checked(page("delete", "/things", "Make"))).unwrap_err();
        assert!(error.contains("`DELETE /things`") && error.contains("`POST /things`"), "{error}");
        assert_eq!(std::fs::read(&file).unwrap(), before);
        // No temp file left beside it.
        assert_eq!(std::fs::read_dir(file.parent().unwrap()).unwrap().count(), 1);
    }
}
