//! The document files of one run, each read from disk and parsed into its plain value once,
//! however many inputs and `$ref`s name it (bundling asks from several threads at once), and the
//! set of them that some `$ref` asked for (a directory's fragments nobody names are reported).

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::parse::Plain;
use crate::diag::Errors;

type Slot = Arc<OnceLock<Result<Arc<Plain>, Errors>>>;

/// The document files one run reads, each read and parsed once (into a JSON value) however many
/// inputs and `$ref`s name it, and which of them a `$ref` asked for.
#[derive(Default)]
pub struct Files {
    parsed: Mutex<HashMap<PathBuf, Slot>>,
    referenced: Mutex<BTreeSet<PathBuf>>,
    /// How many files were read from disk (a test checks that it is one per file).
    pub(super) reads: std::sync::atomic::AtomicUsize,
}

impl Files {
    /// A document file, read and parsed on first use.
    pub fn source(&self, file: &Path) -> Result<Arc<Plain>, Errors> {
        let slot = {
            let mut parsed = self.parsed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            parsed.entry(normalize(file)).or_default().clone()
        };
        // Parsed outside the map's lock: other files go on loading meanwhile.
        slot.get_or_init(|| {
            self.reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            super::parse::read_file(file).map(Arc::new)
        })
        .clone()
    }

    /// The files that some `$ref` pointed into.
    pub fn referenced(&self) -> BTreeSet<PathBuf> {
        self.referenced.lock().map(|set| set.clone()).unwrap_or_default()
    }

    pub(super) fn get(&self, file: &Path) -> Result<Arc<Plain>, Errors> {
        if let Ok(mut referenced) = self.referenced.lock() {
            referenced.insert(file.to_path_buf());
        }
        self.source(file)
    }
}

/// A path with `.` and `a/..` taken out, so that one file has one name however it is reached.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
