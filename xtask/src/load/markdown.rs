//! Splits a scraped documentation page (or a concatenation of pages, like the seed) into its
//! `# Source:` lines and its fenced OpenAPI blocks. Knows nothing about OpenAPI itself.

/// One fenced block that holds an OpenAPI document (or the older rendering of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of the fence that opens the block.
    pub fence_line: usize,
    /// `METHOD /path` from the fence's info string, when present.
    pub declared: Option<(String, String)>,
    pub text: String,
    /// Index into `Scan::sources` of the last `# Source:` line above the block: the page it belongs to.
    pub source: Option<usize>,
    /// The page's `# Title` and the `> summary` line under it, nearest above the block.
    pub title: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    pub line: usize,
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub sources: Vec<SourceLine>,
    pub blocks: Vec<Block>,
    /// The line of the `## OpenAPI` heading, on a page that should hold a block.
    pub openapi_heading: Option<usize>,
}

/// A problem in the page's structure: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub line: usize,
    pub message: String,
}

pub fn scan(text: &str) -> Result<Scan, ScanError> {
    let mut scan = Scan::default();
    let mut title: Option<String> = None;
    let mut summary: Option<String> = None;
    let mut awaiting_summary = false;
    let mut openapi_section = false;
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));

    while let Some((number, line)) = lines.next() {
        let trimmed = line.trim_end();
        if let Some(url) = trimmed.strip_prefix("# Source:") {
            scan.sources.push(SourceLine { line: number, url: url.trim().to_string() });
            title = None;
            summary = None;
            // A new page of a concatenated file: its `## OpenAPI` heading is yet to come.
            openapi_section = false;
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("# ") {
            title = Some(heading.trim().to_string());
            summary = None;
            awaiting_summary = true;
            continue;
        }
        if trimmed.trim() == "## OpenAPI" {
            scan.openapi_heading = Some(number);
            openapi_section = true;
            continue;
        }
        if awaiting_summary && !trimmed.trim().is_empty() {
            awaiting_summary = false;
            if let Some(quote) = trimmed.strip_prefix("> ") {
                summary = Some(quote.trim().to_string());
                continue;
            }
        }
        let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
        if ticks >= 3 && trimmed.starts_with('`') {
            let info = trimmed[ticks..].trim();
            let mut body = Vec::new();
            let mut closed = false;
            for (_, inner) in lines.by_ref() {
                let t = inner.trim_end();
                if t.len() >= ticks && t.chars().all(|c| c == '`') {
                    closed = true;
                    break;
                }
                body.push(inner);
            }
            if !closed {
                return Err(ScanError {
                    line: number,
                    message: format!(
                        "the fenced block opened here is never closed (the page looks cut short after line {})",
                        number + body.len()
                    ),
                });
            }
            let mut words = info.split_whitespace();
            if words.next() != Some("yaml") {
                continue;
            }
            let declared = match (words.next(), words.next()) {
                (Some(method), Some(path)) if path.starts_with('/') => {
                    Some((method.to_ascii_lowercase(), path.to_string()))
                }
                _ => None,
            };
            if declared.is_none() && !openapi_section {
                continue; // a YAML example elsewhere on the page, not the operation's document
            }
            let mut text = body.join("\n");
            text.push('\n');
            scan.blocks.push(Block {
                fence_line: number,
                declared,
                text,
                source: scan.sources.len().checked_sub(1),
                title: title.clone(),
                summary: summary.clone(),
            });
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Source: https://a/x.md\n\n# Source: https://a/y.md\n\n# Create\n\n> Make one.\n\n## OpenAPI\n\n````yaml POST /v1/y\nopenapi: 3.0.3\n````\n";

    #[test]
    fn body_belongs_to_the_last_source_line() {
        let scan = scan(PAGE).unwrap();
        assert_eq!(scan.sources.len(), 2);
        assert_eq!(scan.blocks.len(), 1);
        let block = &scan.blocks[0];
        assert_eq!(block.source, Some(1));
        assert_eq!(block.fence_line, 11);
        assert_eq!(block.declared, Some(("post".into(), "/v1/y".into())));
        assert_eq!(block.text, "openapi: 3.0.3\n");
        assert_eq!(block.title.as_deref(), Some("Create"));
        assert_eq!(block.summary.as_deref(), Some("Make one."));
    }

    #[test]
    fn unclosed_fence_is_an_error_at_its_line() {
        let error = scan("# Source: u\n## OpenAPI\n````yaml GET /a\nopenapi: 3.0.3\n").unwrap_err();
        assert_eq!(error.line, 3);
    }

    #[test]
    fn a_fence_right_after_the_title_is_still_a_block() {
        let scan = scan("# Title\n\n## OpenAPI\n\n````yaml GET /a\nopenapi: 3.0.3\n````").unwrap();
        assert_eq!(scan.blocks.len(), 1);
        assert_eq!(scan.blocks[0].summary, None);
    }

    #[test]
    fn other_code_blocks_are_ignored() {
        let scan = scan("```bash\ncurl x\n```\n```yaml\na: 1\n```\n").unwrap();
        assert!(scan.blocks.is_empty());
    }
}
