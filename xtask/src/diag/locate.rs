//! Finds the line of a JSON pointer in the YAML or JSON text it came from, so that a problem the
//! resolver finds (which knows only the pointer) can be shown at its line. Best effort, by
//! indentation: it follows the keys of block-style YAML and pretty-printed JSON, and returns the
//! deepest line it could reach.

/// The 1-based line of `pointer`, searching from line `from` (the document's first line).
pub fn line_of_pointer(text: &str, from: usize, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = from.saturating_sub(1);
    let mut parent: Option<usize> = None; // indentation of the enclosing key
    let mut best = None;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        // A number is a key (`'200':` under responses) or else an index into a sequence.
        let found = find_key(&lines, at, parent, &segment)
            .or_else(|| segment.parse::<usize>().ok().and_then(|index| find_item(&lines, at, parent, index)));
        let Some((line, indent)) = found else { break };
        best = Some(line + 1);
        parent = Some(indent);
        at = line + 1;
    }
    best
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether the block that started under `parent` indentation has ended at this line.
fn left_block(line: &str, parent: Option<usize>) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#') && parent.is_some_and(|p| indent(line) <= p) && !trimmed.starts_with("- ")
}

fn find_key(lines: &[&str], from: usize, parent: Option<usize>, key: &str) -> Option<(usize, usize)> {
    let forms = [format!("{key}:"), format!("'{key}':"), format!("\"{key}\":")];
    for (i, line) in lines.iter().enumerate().skip(from) {
        if left_block(line, parent) {
            return None;
        }
        let trimmed = line.trim_start();
        let (content, offset) = match trimmed.strip_prefix("- ") {
            Some(rest) => (rest, 2),
            None => (trimmed, 0),
        };
        if parent.is_none_or(|p| indent(line) > p) && forms.iter().any(|f| content.starts_with(f.as_str())) {
            return Some((i, indent(line) + offset));
        }
    }
    None
}

/// The `index`-th item of the sequence (YAML `- ` lines, or JSON `{` lines) right under `parent`.
fn find_item(lines: &[&str], from: usize, parent: Option<usize>, index: usize) -> Option<(usize, usize)> {
    let mut item_indent = None;
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate().skip(from) {
        if left_block(line, parent) {
            return None;
        }
        let trimmed = line.trim_start();
        let is_item = trimmed.starts_with("- ") || trimmed == "-" || trimmed.starts_with('{');
        if !is_item || parent.is_some_and(|p| indent(line) <= p && !trimmed.starts_with("- ")) {
            continue;
        }
        let this = indent(line);
        if *item_indent.get_or_insert(this) != this {
            continue;
        }
        if seen == index {
            return Some((i, this));
        }
        seen += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::line_of_pointer;

    const YAML: &str = "openapi: 3.0.3
paths:
  /a:
    get:
      parameters:
        - name: x
          in: query
        - name: y
          in: query
          schema:
            $ref: '#/components/schemas/Missing'
  /b:
    post: {}
";

    #[test]
    fn follows_keys_and_items() {
        assert_eq!(line_of_pointer(YAML, 1, "/paths/~1a/get"), Some(4));
        assert_eq!(line_of_pointer(YAML, 1, "/paths/~1a/get/parameters/1/schema"), Some(10));
        assert_eq!(line_of_pointer(YAML, 1, "/paths/~1b/post"), Some(13));
        let responses = "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n";
        assert_eq!(line_of_pointer(responses, 1, "/paths/~1a/get/responses/200"), Some(5));
    }

    #[test]
    fn stops_at_the_deepest_known_line() {
        assert_eq!(line_of_pointer(YAML, 1, "/paths/~1a/get/requestBody"), Some(4));
        assert_eq!(line_of_pointer(YAML, 1, "/nothing"), None);
    }

    #[test]
    fn pretty_printed_json() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}\n";
        assert_eq!(line_of_pointer(json, 1, "/paths/~1a/get"), Some(4));
    }
}
