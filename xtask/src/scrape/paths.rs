//! Where a Source URL's page lives on disk, and where it is fetched from. Kept apart and pure so the
//! rules that decide which file a download may overwrite are unit-tested on their own.
//!
//! Infisical's URLs end in `.../api-reference/endpoints/<group>/.../<name>.md`, and about a hundred of
//! them end in `create.md`: the file keeps the whole path after `endpoints/`
//! (`pages/secret-syncs/github/create.md`), so no two pages collide.

use std::path::PathBuf;

use url::Url;

/// The URL segment after which the page's own path starts.
const ANCHOR: &str = "endpoints";

/// The file for `source`, relative to the specs directory: `pages/` + the URL path after
/// `endpoints/` (the whole URL path when there is no such segment), ending in `.md`.
///
/// Every segment must be a plain name (letters, digits, `-`, `_`, `.`, not starting with a dot), so a
/// URL can never name a file outside `pages/`, a hidden file the loader would skip, or a path that
/// means different things on different systems.
pub fn page_file(source: &str) -> Result<PathBuf, String> {
    let url = parse(source)?;
    let segments: Vec<&str> = url.path_segments().into_iter().flatten().filter(|s| !s.is_empty()).collect();
    let rest = match segments.iter().position(|s| *s == ANCHOR) {
        Some(index) => &segments[index + 1..],
        None => &segments[..],
    };
    if rest.is_empty() {
        return Err("the URL has no page path to name its file after".into());
    }
    let mut file = PathBuf::from("pages");
    for segment in rest {
        let plain = segment.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !plain || segment.starts_with('.') {
            return Err(format!("the URL path segment `{segment}` cannot be a file name here"));
        }
        file.push(segment);
    }
    if !matches!(file.extension().and_then(|e| e.to_str()), Some("md" | "mdx")) {
        // The loader reads pages by extension; a URL without one still becomes a page.
        let mut name = file.file_name().unwrap_or_default().to_os_string();
        name.push(".md");
        file.set_file_name(name);
    }
    Ok(file)
}

/// The URL to fetch for `source`: with `base` (a mirror, or a test server), its scheme, host and
/// port replace the source's, and a path in `base` is put in front of the source's path.
pub fn fetch_url(source: &str, base: Option<&Url>) -> Result<Url, String> {
    let url = parse(source)?;
    let Some(base) = base else { return Ok(url) };
    let mut fetched = base.clone();
    let prefix = base.path().trim_end_matches('/');
    fetched.set_path(&format!("{prefix}{}", url.path()));
    fetched.set_query(url.query());
    Ok(fetched)
}

/// Parses a `--base-url`: an http(s) URL with a host.
pub fn base_url(text: &str) -> Result<Url, String> {
    parse(text)
}

fn parse(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("`{text}` is not an http(s) URL with a host"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATE: &str = "https://infisical.com/docs/api-reference/endpoints/secret-syncs/github/create.md";

    #[test]
    fn the_path_after_endpoints_names_the_file() {
        assert_eq!(page_file(CREATE).unwrap(), PathBuf::from("pages/secret-syncs/github/create.md"));
        assert_eq!(
            page_file("https://infisical.com/docs/api-reference/endpoints/secrets/create.md").unwrap(),
            PathBuf::from("pages/secrets/create.md")
        );
    }

    #[test]
    fn query_fragment_and_empty_segments_do_not_matter() {
        let url = "https://infisical.com/docs/api-reference//endpoints/secret-syncs/github/create.md?x=1#top";
        assert_eq!(page_file(url).unwrap(), PathBuf::from("pages/secret-syncs/github/create.md"));
    }

    #[test]
    fn without_endpoints_the_whole_path_is_used_and_md_added() {
        assert_eq!(page_file("https://example.com/docs/a/b").unwrap(), PathBuf::from("pages/docs/a/b.md"));
        assert_eq!(page_file("https://example.com/a/b.mdx").unwrap(), PathBuf::from("pages/a/b.mdx"));
    }

    #[test]
    fn urls_that_could_escape_or_hide_are_refused() {
        // `..` is resolved away by URL parsing itself; what is left must stay under pages/.
        assert_eq!(
            page_file("https://a.com/endpoints/../../etc/passwd").unwrap(),
            PathBuf::from("pages/etc/passwd.md")
        );
        assert!(page_file("https://a.com/endpoints/%2e%2e%2fx/create.md").is_err());
        assert!(page_file("https://a.com/endpoints/.hidden.md").is_err());
        assert!(page_file("https://a.com/endpoints/a%20b.md").is_err());
        assert!(page_file("https://a.com/endpoints/").is_err());
        assert!(page_file("file:///etc/passwd").is_err());
        assert!(page_file("not a url").is_err());
    }

    #[test]
    fn base_url_replaces_scheme_host_and_port() {
        let base = base_url("http://127.0.0.1:8123").unwrap();
        let url = fetch_url(CREATE, Some(&base)).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8123/docs/api-reference/endpoints/secret-syncs/github/create.md");
        assert_eq!(fetch_url(CREATE, None).unwrap().as_str(), CREATE);
    }

    #[test]
    fn a_base_url_path_is_a_prefix() {
        let base = base_url("https://mirror.example/infisical/").unwrap();
        let url = fetch_url("https://infisical.com/docs/x.md?v=2", Some(&base)).unwrap();
        assert_eq!(url.as_str(), "https://mirror.example/infisical/docs/x.md?v=2");
    }

    #[test]
    fn a_base_url_must_be_http() {
        assert!(base_url("ftp://mirror").is_err());
        assert!(base_url("127.0.0.1:80").is_err());
    }
}
