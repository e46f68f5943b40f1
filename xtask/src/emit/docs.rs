//! Spec descriptions → rustdoc that builds without warnings: unlabelled code blocks become `text`
//! (rustdoc would compile them as Rust doctests), bare URLs become autolinks, and `<`, `>` and `[`
//! outside code stop looking like HTML tags and intra-doc links.

pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push(line.to_string());
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            let language = trimmed[marker.len()..].trim();
            let indent = &line[..line.len() - trimmed.len()];
            let language = if language.is_empty() || language == "rust" { "text" } else { language };
            out.push(format!("{indent}{marker}{language}"));
            fence = Some(marker);
            continue;
        }
        out.push(prose(line));
    }
    if fence.is_some() {
        out.push("```".to_string()); // a block the spec never closed would swallow the rest
    }
    out.join("\n")
}

/// One line of prose: code spans kept as they are, everything else escaped.
fn prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part); // inside a code span
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut escaped_brackets = 0usize;
    while !rest.is_empty() {
        if let Some(url_len) = bare_url(rest) {
            let already_linked = out.ends_with('(') || out.ends_with('<');
            if already_linked {
                out.push_str(&rest[..url_len]);
            } else {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
            }
            rest = &rest[url_len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' if !starts_link(rest) => {
                escaped_brackets += 1;
                out.push_str("\\[");
            }
            ']' if escaped_brackets > 0 => {
                escaped_brackets -= 1;
                out.push_str("\\]");
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Whether `text` starts a Markdown link, `[text](url)`.
fn starts_link(text: &str) -> bool {
    text.find(']').is_some_and(|close| text[close + 1..].starts_with('('))
}

/// The length of an `http(s)://` URL at the start of `text`.
fn bare_url(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')')).unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn unlabelled_code_blocks_are_text() {
        assert_eq!(sanitize("Example:\n```\n{ \"a\": [1] }\n```"), "Example:\n```text\n{ \"a\": [1] }\n```");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(sanitize("```\nnever closed"), "```text\nnever closed\n```");
    }

    #[test]
    fn urls_tags_and_brackets() {
        assert_eq!(sanitize("See https://infisical.com/docs."), "See <https://infisical.com/docs>.");
        assert_eq!(sanitize("a [link](https://x.test) stays"), "a [link](https://x.test) stays");
        assert_eq!(sanitize("value: <string>"), "value: &lt;string&gt;");
        assert_eq!(sanitize("roles [admin] only"), "roles \\[admin\\] only");
        assert_eq!(sanitize("code `<T>` stays"), "code `<T>` stays");
    }
}
