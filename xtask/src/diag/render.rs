//! Diagnostics as rustc prints them: the message, the file, line and column, a few lines of the
//! source with the spot marked, and the hint. Rendering is annotate-snippets' (rustc's own).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};

/// Lines of context shown above and below the marked one.
const CONTEXT: usize = 2;

/// A file's text with the offsets of its lines, made once per file: a run with a thousand
/// warnings in one large document must not split the document a thousand times.
pub struct Source<'t> {
    text: &'t str,
    /// Byte offset of each line's start, as `str::lines` cuts them.
    starts: Vec<usize>,
}

impl<'t> Source<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1).filter(|&start| start < text.len()));
        if text.is_empty() {
            starts.clear();
        }
        Source { text, starts }
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    /// Line `number` (1-based) without its line ending.
    fn line(&self, number: usize) -> &'t str {
        let start = self.starts[number - 1];
        let end = self.starts.get(number).copied().unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        line.strip_suffix('\r').unwrap_or(line)
    }
}

/// Renders `diagnostic`; `source` is the text of its file, when it could be read.
pub fn render(diagnostic: &Diagnostic, source: Option<&Source>, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let path = diagnostic.location.file.display().to_string();
    let pointer = diagnostic.location.pointer.as_deref().map(|p| format!("at {p}"));
    let label = pointer.as_deref().unwrap_or("here");
    let mut group = Group::with_title(level.primary_title(&diagnostic.message));
    let window = match (source, diagnostic.location.line) {
        (Some(source), Some(line)) => window(source, line, diagnostic.location.column),
        _ => None,
    };
    match &window {
        Some(window) => {
            group = group.element(
                Snippet::source(window.text.as_str())
                    .line_start(window.first_line)
                    .path(path.as_str())
                    .fold(false)
                    .annotation(AnnotationKind::Primary.span(window.span.clone()).label(label)),
            );
        }
        None => {
            // No source to show: name the place in a note, as rustc does for external files.
            let place = diagnostic.location.to_string();
            group = group.element(Level::NOTE.message(format!("in {place}")));
        }
    }
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    renderer.render(&[group]).to_string()
}

struct Window {
    text: String,
    first_line: usize,
    span: std::ops::Range<usize>,
}

/// The lines around `line` (1-based), and the byte span of the spot within them.
fn window(source: &Source, line: usize, column: Option<usize>) -> Option<Window> {
    if line == 0 || line > source.len() + 1 {
        return None;
    }
    // An error at the very end (an unclosed block) points just past the last line.
    let line = line.min(source.len().max(1));
    let first = line.saturating_sub(CONTEXT).max(1);
    let last = (line + CONTEXT).min(source.len());
    let mut text = String::new();
    let mut span = 0..0;
    for (number, content) in (first..=last).map(|number| (number, source.line(number))) {
        if number == line {
            let indent = content.len() - content.trim_start().len();
            let mut start = match column {
                Some(column) => (column.saturating_sub(1)).min(content.len()),
                None => indent,
            };
            // Columns may count characters, spans count bytes: stay on character boundaries.
            while !content.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = if column.is_some() { (start + 1).min(content.len()).max(start) } else { content.len() };
            while !content.is_char_boundary(end) {
                end += 1;
            }
            span = text.len() + start..text.len() + end.max(start);
        }
        text.push_str(content);
        text.push('\n');
    }
    Some(Window { text, first_line: first, span })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn source_cuts_lines_as_str_lines_does() {
        for text in ["", "\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc\n", "x\r\n\r\ny"] {
            let source = Source::new(text);
            let lines: Vec<&str> = (1..=source.len()).map(|n| source.line(n)).collect();
            assert_eq!(lines, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn shows_the_line_and_the_hint() {
        let source = "a: 1\nb: 2\nc: [oops\nd: 4\n";
        let mut location = Location::at(std::path::Path::new("page.md"), 3);
        location.column = Some(4);
        let diagnostic = Diagnostic::error(location, "bad flow sequence").hint("close the bracket");
        let text = render(&diagnostic, Some(&Source::new(source)), false);
        assert!(text.contains("error: bad flow sequence"), "{text}");
        assert!(text.contains("page.md:3:4"), "{text}");
        assert!(text.contains("c: [oops"), "{text}");
        assert!(text.contains("help: close the bracket"), "{text}");
    }

    #[test]
    fn a_column_inside_a_multibyte_character_does_not_panic() {
        let source = "a: ☃☃☃ oops\n";
        let mut location = Location::at(std::path::Path::new("page.md"), 1);
        location.column = Some(5);
        let text = render(&Diagnostic::error(location, "odd"), Some(&Source::new(source)), false);
        assert!(text.contains("☃☃☃"), "{text}");
    }

    #[test]
    fn without_source_it_names_the_place() {
        let diagnostic =
            Diagnostic::warning(Location::file(std::path::Path::new("x.yaml")).with_pointer("/paths/~1a"), "odd");
        let text = render(&diagnostic, None, false);
        assert!(text.contains("warning: odd") && text.contains("x.yaml (at /paths/~1a)"), "{text}");
    }
}
