//! Finds the line of a JSON pointer in the YAML or JSON text it came from, so that a problem the
//! resolver finds (which knows only the pointer) can be shown at its line. Exact: the pointer is
//! followed through the document's structure by a position-aware parse (`yaml::node_lines`), not
//! by searching for its keys' text, so a property named `schemas` inside a response is never
//! taken for `/components/schemas`. A pointer that goes below what the document holds gets the
//! line of its deepest part that exists.

use std::collections::HashSet;

use crate::yaml;

/// The 1-based line (in `text`) of each of `pointers`, in a document that starts at line `from`
/// of `text` (a scraped page's block starts below its fence and ends at the closing fence). One
/// pass over the document for all of them.
pub fn lines_of(text: &str, from: usize, pointers: &[&str]) -> Vec<Option<usize>> {
    let (document, from) = document_text(text, from);
    let mut wanted: HashSet<String> = HashSet::new();
    for pointer in pointers {
        wanted.extend(prefixes(pointer).map(str::to_string));
    }
    let found = yaml::node_lines(document, &wanted);
    pointers
        .iter()
        .map(|pointer| {
            let deepest = prefixes(pointer).rev().find_map(|prefix| found.get(prefix))?;
            Some(from - 1 + deepest)
        })
        .collect()
}

/// The pointer and each of its ancestors, shortest first (`""`, `/a`, `/a/b`).
fn prefixes(pointer: &str) -> impl DoubleEndedIterator<Item = &str> {
    let cuts = pointer.match_indices('/').map(|(i, _)| i).chain([pointer.len()]);
    cuts.map(move |i| &pointer[..i])
}

/// The text of the document that starts at line `from`: up to a closing fence when it sits in a
/// scraped page, else to the end. A `from` on the opening fence itself (where the older page
/// format's errors point) starts below it.
fn document_text(text: &str, from: usize) -> (&str, usize) {
    let mut start = 0;
    for _ in 1..from {
        match text[start..].find('\n') {
            Some(end) => start += end + 1,
            None => return ("", from),
        }
    }
    let mut rest = &text[start..];
    let mut from = from.max(1);
    if rest.starts_with("```") {
        rest = rest.split_once('\n').map_or("", |(_, below)| below);
        from += 1;
    }
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed.len() >= 3 && trimmed.chars().all(|c| c == '`') {
            return (&rest[..offset], from);
        }
        offset += line.len();
    }
    (rest, from)
}

#[cfg(test)]
mod tests {
    fn line_of_pointer(text: &str, from: usize, pointer: &str) -> Option<usize> {
        super::lines_of(text, from, &[pointer])[0]
    }

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

    /// Repro 03: a response's schema has a property named `schemas`, above the real
    /// `/components/schemas`; and JSON objects nest on one line.
    #[test]
    fn a_key_of_the_same_name_elsewhere_does_not_match() {
        let json = r##"{
  "paths": {
    "/leaf": {"get": {"responses": {"200": {"$ref": "#/components/responses/List"}}}}
  },
  "components": {
    "responses": {
      "List": {
        "content": {"application/json": {"schema": {
          "properties": {
            "schemas": {"type": "array", "items": {"$ref": "#/components/schemas/Leaf"}}
          }
        }}}
      }
    },
    "schemas": {
      "Leaf": {
        "type": "object",
        "properties": {"bad": {"$ref": "#/components/schemas/Missing"}}
      }
    }
  }
}
"##;
        assert_eq!(line_of_pointer(json, 1, "/components/schemas/Leaf/properties/bad"), Some(18));
        assert_eq!(line_of_pointer(json, 1, "/components/schemas"), Some(15));
        assert_eq!(line_of_pointer(json, 1, "/paths/~1leaf/get/responses/200"), Some(3));
        let yaml = "components:\n  responses:\n    List:\n      description: |\n        schemas:\n      content:\n        application/json:\n          schema:\n            properties:\n              schemas: {type: array}\n  schemas:\n    Leaf: {type: object}\n";
        assert_eq!(line_of_pointer(yaml, 1, "/components/schemas/Leaf"), Some(12));
    }

    /// A scraped page: the document starts below its fence, and the text after the closing fence
    /// is not part of it.
    #[test]
    fn a_block_inside_a_page() {
        let page = "# Source: x\n\n````yaml GET /a\nopenapi: 3.0.3\npaths:\n  /a: {}\n````\n\nmore: text\npaths: {}\n";
        assert_eq!(line_of_pointer(page, 4, "/paths/~1a"), Some(6));
        assert_eq!(line_of_pointer(page, 4, "/more"), None);
        let lines = super::lines_of(page, 4, &["/openapi", "/paths", "/paths/~1a/get"]);
        assert_eq!(lines, [Some(4), Some(5), Some(6)]);
        assert_eq!(line_of_pointer(page, 3, "/paths/~1a"), Some(6), "from the fence");
    }
}
