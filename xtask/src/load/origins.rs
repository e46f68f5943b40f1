//! Where the parts of a loaded document came from, when the loader moved them: content of other
//! files brought in by bundling, and subtrees that reading OpenAPI 3.1 as 3.0 put elsewhere
//! (`$defs` hoisted into components, `prefixItems` under `items`). Diagnostics found later know
//! only a pointer into the document the resolver saw; tracing it back gives the file and the
//! pointer in that file's own text, so the line shown is the one the author wrote.

use std::path::{Path, PathBuf};

use crate::diag::Location;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// Parts that came from another file: (pointer here, that file, pointer there). The longest
    /// pointer that holds a diagnostic's wins: content inlined inside inlined content has its own.
    external: Vec<(String, PathBuf, String)>,
    /// Moves within the document after bundling, in the order they were made: (to, from).
    moves: Vec<(String, String)>,
    /// Where the root's parts came from in its own text, when reading Swagger 2.0 as 3.0
    /// rearranged it before bundling: (to, from), `from` always a pointer into the 2.0 text, so
    /// the deepest `to` that holds a pointer says where it was written, in one step.
    converted: Vec<(String, String)>,
}

/// Whether `pointer` is `prefix` or lies below it.
pub fn is_under(pointer: &str, prefix: &str) -> bool {
    pointer.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

impl Origins {
    pub fn is_empty(&self) -> bool {
        self.external.is_empty() && self.moves.is_empty() && self.converted.is_empty()
    }

    /// What is now at `to` (in the converted root) was written at `from` (in the 2.0 text).
    pub fn converted(&mut self, to: String, from: String) {
        self.converted.push((to, from));
    }

    /// These origins (of bundling), after those of the conversion made before it.
    pub fn after(mut self, earlier: Origins) -> Origins {
        self.converted = earlier.converted;
        self
    }

    /// The subtree at `here` came from `file` at `there`.
    pub fn external(&mut self, here: String, file: PathBuf, there: String) {
        self.external.push((here, file, there));
    }

    /// The subtree that was at `from` is now at `to`.
    pub fn moved(&mut self, to: String, from: String) {
        self.moves.push((to, from));
    }

    /// Points a location in the document of the page at `page` (from `first_line`), which knows
    /// only a pointer, at the file and pointer its author wrote.
    pub fn locate(&self, page: &Path, first_line: usize, location: &mut Location) {
        let Some(pointer) = &location.pointer else { return };
        let Some((file, traced)) = self.trace(pointer) else { return };
        match file {
            Some(file) if file != super::files::normalize(page) => {
                location.file = file.to_path_buf();
                location.line = Some(1);
                location.column = None;
            }
            _ => location.line = Some(first_line),
        }
        location.pointer = Some(traced);
    }

    /// The file and pointer where the author wrote what is now at `pointer`; `None` when it is
    /// where it was, in the document's own file.
    pub fn trace(&self, pointer: &str) -> Option<(Option<&Path>, String)> {
        let mut pointer = pointer.to_string();
        let mut moved = false;
        for (to, from) in self.moves.iter().rev() {
            if is_under(&pointer, to) {
                pointer = format!("{from}{}", &pointer[to.len()..]);
                moved = true;
            }
        }
        let external =
            self.external.iter().filter(|(here, _, _)| is_under(&pointer, here)).max_by_key(|(here, _, _)| here.len());
        if let Some((here, file, there)) = external {
            return Some((Some(file.as_path()), format!("{there}{}", &pointer[here.len()..])));
        }
        let converted = self.converted.iter().filter(|(to, _)| is_under(&pointer, to)).max_by_key(|(to, _)| to.len());
        match converted {
            Some((to, from)) => Some((None, format!("{from}{}", &pointer[to.len()..]))),
            None => moved.then_some((None, pointer)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_moves_then_files() {
        let mut origins = Origins::default();
        origins.external("/components/schemas/Droplet".into(), "models/droplet.yml".into(), String::new());
        origins.external("/paths/~1a/get/parameters/0".into(), "parameters.yml".into(), "/per_page".into());
        origins.moved("/components/schemas/Size".into(), "/components/schemas/Droplet/$defs/Size".into());
        let traced = |p: &str| origins.trace(p).map(|(file, pointer)| (file.map(Path::to_path_buf), pointer));
        assert_eq!(
            traced("/components/schemas/Size/type"),
            Some((Some("models/droplet.yml".into()), "/$defs/Size/type".into()))
        );
        assert_eq!(
            traced("/paths/~1a/get/parameters/0/schema"),
            Some((Some("parameters.yml".into()), "/per_page/schema".into()))
        );
        assert_eq!(traced("/paths/~1a/get/parameters/1"), None);
        assert_eq!(traced("/components/schemas/DropletX"), None, "a sibling with a longer name is not below");
    }

    #[test]
    fn a_conversion_is_undone_after_the_files_in_one_step() {
        let mut earlier = Origins::default();
        earlier.converted("/components/schemas".into(), "/definitions".into());
        earlier.converted("/components/schemas/Pet/x".into(), "/definitions/Pet/y".into());
        earlier.converted("/paths/~1a/get/parameters/0".into(), "/paths/~1a/get/parameters/1".into());
        earlier.converted("/paths/~1a/get/parameters/1".into(), "/paths/~1a/get/parameters/2".into());
        let mut bundled = Origins::default();
        bundled.external("/components/schemas/Owner".into(), "owner.json".into(), String::new());
        let origins = bundled.after(earlier);
        let traced = |p: &str| origins.trace(p).map(|(file, pointer)| (file.map(Path::to_path_buf), pointer));
        assert_eq!(traced("/components/schemas/Pet/x/type"), Some((None, "/definitions/Pet/y/type".into())));
        assert_eq!(traced("/components/schemas/Owner/type"), Some((Some("owner.json".into()), "/type".into())));
        assert_eq!(traced("/paths/~1a/get/parameters/0/in"), Some((None, "/paths/~1a/get/parameters/1/in".into())));
    }
}
