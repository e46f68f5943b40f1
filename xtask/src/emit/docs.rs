//! Spec descriptions → rustdoc that builds without warnings: unlabelled code blocks become `text`
//! (rustdoc would compile them as Rust doctests), bare URLs become autolinks, and `<`, `>` and `[`
//! outside code stop looking like HTML tags and intra-doc links. And constants as the spec wrote
//! them, for the docs (and the change report) that quote them.

pub fn sanitize(text: &str) -> String {
    // Tabs read differently in every viewer (and clippy's `tabs_in_doc_comments` refuses them).
    let text = &text.replace('\t', "    ");
    let mut out = Vec::new();
    // An open fence: its marker, and whether it opened with text on its line (Kubernetes writes
    // ```` ```<quantity> ::= ... ```` over several lines), which a line ending in it closes.
    let mut fence: Option<(String, bool)> = None;
    // Inside an indented code block, and the blank lines met in it not yet written.
    let mut indented = false;
    let mut blanks = 0;
    let mut list_indent: Option<usize> = None;
    let mut in_list = false;
    let mut after_blank = true;
    // Links are found in the whole text: their text may wrap onto the next line.
    let links = link_opens(text);
    let mut next_line = 0;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let start = next_line;
        next_line += line.len() + 1;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // Code is indented by spaces; other whitespace (an ideographic space) is text.
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if let Some((open, inline)) = &fence {
            let body = line.trim_end();
            if trimmed.starts_with(open.as_str()) {
                out.push(line.to_string());
                fence = None;
            } else if *inline && body.ends_with(open.as_str()) {
                out.push(body[..body.len() - open.len()].trim_end().to_string());
                out.push(open.clone());
                fence = None;
            } else {
                out.push(line.to_string());
            }
            after_blank = false;
            continue;
        }
        // An indented code block (four spaces after a blank line, outside a list) would be a
        // Rust doctest: it is `text`, in a fence.
        if indented {
            if trimmed.is_empty() {
                blanks += 1;
                continue;
            }
            if spaces >= 4 {
                out.extend(std::iter::repeat_n(String::new(), blanks));
                out.push(line[4..].to_string());
                blanks = 0;
                continue;
            }
            out.push("````".to_string());
            out.extend(std::iter::repeat_n(String::new(), blanks));
            (indented, blanks, after_blank) = (false, 0, blanks > 0);
        }
        // Before fences: a fence indented four is the block's text.
        if after_blank && !in_list && spaces >= 4 && !trimmed.is_empty() {
            // Four backticks: a fence of three inside is the block's text, not its end.
            out.push("````text".to_string());
            out.push(line[4..].to_string());
            indented = true;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            let info = trimmed[marker.len()..].trim();
            // A backtick fence's info has no backtick: ```` ```a``` ```` is code in a line.
            if !(marker.starts_with('`') && info.contains('`')) {
                let indent = &line[..indent];
                let word = info.chars().all(|c| c.is_ascii_alphanumeric() || "-_+.,{}=".contains(c));
                match info {
                    "" | "rust" => out.push(format!("{indent}{marker}text")),
                    info if word => out.push(format!("{indent}{marker}{info}")),
                    // Text on the opening line is the block's first line, not its language.
                    info => {
                        out.push(format!("{indent}{marker}text"));
                        out.push(format!("{indent}{info}"));
                    }
                }
                fence = Some((marker, !word));
                after_blank = false;
                continue;
            }
        }
        after_blank = trimmed.is_empty();
        // A list item's wrapped lines sit exactly under its text: less and Markdown (and clippy's
        // `doc_lazy_continuation`) reads a new paragraph, more and clippy's
        // `doc_overindented_list_items` objects (Box indents them 3 under `* `).
        let marker = list_marker(trimmed);
        if let Some(width) = marker {
            list_indent = Some(indent + width);
            in_list = true;
        } else if trimmed.is_empty() {
            list_indent = None;
        } else if indent == 0 {
            in_list = false;
        }
        if let (None, Some(width)) = (marker, list_indent)
            && !trimmed.is_empty()
            && indent != width
        {
            out.push(format!("{}{}", " ".repeat(width), prose(trimmed, start + indent, &links)));
            continue;
        }
        out.push(prose(line, start, &links));
    }
    if indented {
        out.push("````".to_string());
    } else if fence.is_some() {
        out.push("```".to_string()); // a block the spec never closed would swallow the rest
    }
    out.join("\n")
}

/// The width of a list marker opening this (trimmed) line: `- `, `* `, `+ `, `1. `, `1) `.
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        1
    } else if digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        digits + 1
    } else {
        return None;
    };
    // The item's text starts after the marker's spaces (`*   text` is common).
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    Some(marker + spaces.min(4))
}

/// One line of prose: code spans kept as they are, everything else escaped.
/// `start` is the line's offset in the whole text, where `links` were found.
fn prose(line: &str, start: usize, links: &[usize]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut offset = start;
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part); // inside a code span
        } else {
            out.push_str(&escape(part, offset, links));
        }
        offset += part.len() + 1;
    }
    out
}

/// Byte offsets of the `[` that open a Markdown link, `[text](url)`, whose text may wrap.
fn link_opens(text: &str) -> Vec<usize> {
    text.match_indices('[')
        .map(|(at, _)| at)
        .filter(|&at| text[at..].find(']').is_some_and(|close| text[at + close + 1..].starts_with('(')))
        .collect()
}

fn escape(text: &str, offset: usize, links: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut escaped_brackets = 0usize;
    while !rest.is_empty() {
        if let Some(url_len) = bare_url(rest) {
            // The target of a Markdown link (`](`), or already an autolink; a URL in prose
            // parentheses, `(https://...)`, is bare.
            let already_linked = out.ends_with("](") || out.ends_with('<');
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
        let at = offset + (text.len() - rest.len());
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' if !links.contains(&at) => {
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

/// The length of an `http(s)://` URL at the start of `text`.
fn bare_url(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')')).unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

/// A constant as the spec wrote it: `2`, not the `2.0` that a float-typed parser reads.
pub fn constant_text(value: &serde_json::Value) -> String {
    match value.as_f64() {
        Some(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{}", number as i64),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn unlabelled_code_blocks_are_text() {
        assert_eq!(sanitize("Example:\n```\n{ \"a\": [1] }\n```"), "Example:\n```text\n{ \"a\": [1] }\n```");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(sanitize("```\nnever closed"), "```text\nnever closed\n```");
        // Docker's hosts-file line: an indented block, which rustdoc would compile.
        assert_eq!(
            sanitize("Entries:\n\n    IP_address canonical_hostname [aliases...]\n\n    more\nAfter."),
            "Entries:\n\n````text\nIP_address canonical_hostname [aliases...]\n\nmore\n````\nAfter."
        );
        assert_eq!(sanitize("* item\n\n    continued"), "* item\n\n    continued", "a list's own paragraph");
        // Kubernetes' grammar: a fence opened with text on its line, closed at a line's end.
        assert_eq!(
            sanitize("Format:\n\n```<q> ::= <n><s>\n\n<d> ::= 0 | 1 ```\n\nAfter <x>."),
            "Format:\n\n```text\n<q> ::= <n><s>\n\n<d> ::= 0 | 1\n```\n\nAfter &lt;x&gt;."
        );
        assert_eq!(sanitize("Run ```ls -l``` first."), "Run ```ls -l``` first.", "code in a line");
        assert_eq!(sanitize("Example:\n\n    ```\n    x\n    ```"), "Example:\n\n````text\n```\nx\n```\n````");
        // Ideographic spaces open Japanese text, not code (and are no place to cut a line).
        assert_eq!(
            sanitize("\u{3000}\u{3000}説明\n\n\u{3000}\u{3000}続き"),
            "\u{3000}\u{3000}説明\n\n\u{3000}\u{3000}続き"
        );
    }

    #[test]
    fn wrapped_list_items_are_indented() {
        assert_eq!(sanitize("* one\ncontinued\n\nafter"), "* one\n  continued\n\nafter");
        assert_eq!(sanitize("1. first\nmore"), "1. first\n   more");
        assert_eq!(sanitize("*   wide\nmore"), "*   wide\n    more");
        // Kubernetes' `1) \`atomic\`:` items, their lines indented five.
        assert_eq!(sanitize("1) `atomic`: one.\n     more\n2) `set`:"), "1) `atomic`: one.\n   more\n2) `set`:");
        assert_eq!(
            sanitize("* `open` - anyone\n* `collaborators` - only people who are\n   collaborators"),
            "* `open` - anyone\n* `collaborators` - only people who are\n  collaborators"
        );
    }

    #[test]
    fn a_url_in_parentheses_is_an_autolink() {
        assert_eq!(sanitize("Draft 4 (http://json-schema.org/)."), "Draft 4 (<http://json-schema.org/>).");
        assert_eq!(sanitize("[site](https://a.io) here"), "[site](https://a.io) here");
    }

    #[test]
    fn urls_tags_and_brackets() {
        assert_eq!(sanitize("See https://infisical.com/docs."), "See <https://infisical.com/docs>.");
        assert_eq!(sanitize("a [link](https://x.test) stays"), "a [link](https://x.test) stays");
        assert_eq!(sanitize("value: <string>"), "value: &lt;string&gt;");
        assert_eq!(sanitize("roles [admin] only"), "roles \\[admin\\] only");
        assert_eq!(sanitize("code `<T>` stays"), "code `<T>` stays");
        assert_eq!(sanitize("the [`x` event](https://x.test/#x) hook"), "the [`x` event](https://x.test/#x) hook");
        assert_eq!(sanitize("a [wrapped\nlink](https://x.test) here"), "a [wrapped\nlink](https://x.test) here");
    }
}
