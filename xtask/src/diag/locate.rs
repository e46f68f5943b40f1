//! Finds the line of a JSON pointer in the YAML or JSON text it came from, so that a problem the
//! resolver finds (which knows only the pointer) can be shown at its line. Best effort, by
//! indentation: it follows the keys of block-style YAML and pretty-printed JSON, and returns the
//! deepest line it could reach.

use std::collections::HashMap;

/// The 1-based line of `pointer`, searching from line `from` (the document's first line).
#[cfg(test)]
fn line_of_pointer(text: &str, from: usize, pointer: &str) -> Option<usize> {
    Locator::new(text).line_of(from, pointer)
}

/// Finds the lines of many pointers in one text. The keys of each block it searches are indexed
/// on the first search, so that a thousand warnings under `/paths` cost one pass over the paths,
/// not a thousand.
pub struct Locator<'t> {
    lines: Vec<&'t str>,
    /// Per block (first line, enclosing indentation): its keys.
    blocks: HashMap<(usize, Option<usize>), Keys<'t>>,
}

/// Each key of a block, with the line and indentation where it first appears.
type Keys<'t> = HashMap<&'t str, (usize, usize)>;

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        Locator { lines: text.lines().collect(), blocks: HashMap::new() }
    }

    /// The 1-based line of `pointer`, searching from line `from`: the deepest line it reaches.
    pub fn line_of(&mut self, from: usize, pointer: &str) -> Option<usize> {
        let mut at = from.saturating_sub(1);
        let mut parent: Option<usize> = None; // indentation of the enclosing key
        let mut best = None;
        for segment in pointer.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            // A number is a key (`'200':` under responses) or else an index into a sequence.
            let found = self
                .find_key(at, parent, &segment)
                .or_else(|| segment.parse::<usize>().ok().and_then(|index| find_item(&self.lines, at, parent, index)));
            let Some((line, indent)) = found else { break };
            best = Some(line + 1);
            parent = Some(indent);
            at = line + 1;
        }
        best
    }

    fn find_key(&mut self, from: usize, parent: Option<usize>, key: &str) -> Option<(usize, usize)> {
        // The index stores a line under the text before its first `:`, unquoted; a key with a
        // colon or a quote of its own could match differently, so it is searched line by line.
        if key.is_empty() || key.contains([':', '\'', '"']) {
            return find_key(&self.lines, from, parent, key);
        }
        let lines = &self.lines;
        let block = self.blocks.entry((from, parent)).or_insert_with(|| index_block(lines, from, parent));
        block.get(key).copied()
    }
}

/// The first line of each key in the block that starts at `from` under `parent`, as `find_key`
/// would find it.
fn index_block<'t>(lines: &[&'t str], from: usize, parent: Option<usize>) -> Keys<'t> {
    let mut keys = HashMap::new();
    for (i, line) in lines.iter().enumerate().skip(from) {
        if left_block(line, parent) {
            break;
        }
        if parent.is_some_and(|p| indent(line) <= p) {
            continue;
        }
        let (content, offset) = key_text(line);
        let Some((before, _)) = content.split_once(':') else { continue };
        let unquoted = ['\'', '"']
            .iter()
            .find_map(|q| before.strip_prefix(*q).and_then(|rest| rest.strip_suffix(*q)))
            .unwrap_or(before);
        keys.entry(unquoted).or_insert((i, indent(line) + offset));
    }
    keys
}

/// Where a line's key starts (after its indentation and a sequence item's `- `), and how far that
/// `- ` moves it.
fn key_text(line: &str) -> (&str, usize) {
    let trimmed = line.trim_start();
    match trimmed.strip_prefix("- ") {
        Some(rest) => (rest, 2),
        None => (trimmed, 0),
    }
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
        let (content, offset) = key_text(line);
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

    /// The index answers as the line-by-line search does, for every key and every prefix, with one
    /// locator asked many times (the order of questions must not matter either).
    #[test]
    fn the_index_agrees_with_the_line_by_line_search() {
        let text = "# a comment: here\nopenapi: 3.0.3\npaths:\n  '/a':\n    get:\n      responses:\n        200:\n          description: ok\n        \"404\": {description: gone}\n  /b:\n    post:\n      parameters:\n      - name: x\n        in: query\n      - name: y\n        in: cookie\n  /c: {}\ncomponents:\n  schemas:\n    a:b: {type: string}\n    get: {type: string}\n";
        let pointers = [
            "/paths/~1a/get/responses/200", "/paths/~1a/get/responses/404", "/paths/~1b/post/parameters/1",
            "/paths/~1b/post/parameters/0/name", "/paths/~1c", "/components/schemas/a:b", "/components/schemas/get",
            "/paths/~1d", "/openapi", "/get", "/paths/~1b/get", "/# a comment",
        ];
        let linear = |pointer: &str| {
            let lines: Vec<&str> = text.lines().collect();
            let (mut at, mut parent, mut best) = (0, None, None);
            for segment in pointer.split('/').skip(1) {
                let segment = segment.replace("~1", "/").replace("~0", "~");
                let found = super::find_key(&lines, at, parent, &segment)
                    .or_else(|| segment.parse().ok().and_then(|i| super::find_item(&lines, at, parent, i)));
                let Some((line, indent)) = found else { break };
                (best, parent, at) = (Some(line + 1), Some(indent), line + 1);
            }
            best
        };
        let mut locator = super::Locator::new(text);
        for pointer in pointers.iter().chain(pointers.iter().rev()) {
            assert_eq!(locator.line_of(1, pointer), linear(pointer), "{pointer}");
        }
        assert_eq!(locator.line_of(1, "/paths/~1a/get/responses/404"), Some(9));
    }

    #[test]
    fn pretty_printed_json() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}\n";
        assert_eq!(line_of_pointer(json, 1, "/paths/~1a/get"), Some(4));
    }
}
