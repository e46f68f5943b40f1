//! The one place generated files reach the disk. Contents are compared first: unchanged files are
//! not touched, `--check` only reports, and a real write stages every file as a temp file in its
//! directory before renaming any, so a failure leaves the output directory as it was.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::emit::OutputFile;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Added,
    Modified { added_lines: usize, removed_lines: usize },
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub status: Status,
}

#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError { path: path.to_path_buf(), source }
}

/// What writing `files` under `root` would change. Line endings are normalised before comparing,
/// so a checkout with CRLF does not count as stale.
pub fn compare(root: &Path, files: &[OutputFile]) -> Vec<FileChange> {
    files
        .iter()
        .map(|file| {
            let status = match std::fs::read_to_string(root.join(&file.path)) {
                Err(_) => Status::Added,
                Ok(existing) => {
                    let existing = existing.replace("\r\n", "\n");
                    if existing == file.contents {
                        Status::Unchanged
                    } else {
                        let diff = similar::TextDiff::from_lines(&existing, &file.contents);
                        let mut added_lines = 0;
                        let mut removed_lines = 0;
                        for change in diff.iter_all_changes() {
                            match change.tag() {
                                similar::ChangeTag::Insert => added_lines += 1,
                                similar::ChangeTag::Delete => removed_lines += 1,
                                similar::ChangeTag::Equal => {}
                            }
                        }
                        Status::Modified { added_lines, removed_lines }
                    }
                }
            };
            FileChange { path: file.path.clone(), status }
        })
        .collect()
}

/// Writes the files that changed. All of them are staged before the first rename.
pub fn write(root: &Path, files: &[OutputFile], changes: &[FileChange]) -> Result<(), WriteError> {
    let mut staged = Vec::new();
    for (file, change) in files.iter().zip(changes) {
        if change.status == Status::Unchanged {
            continue;
        }
        let target = root.join(&file.path);
        let directory = target.parent().unwrap_or(root);
        std::fs::create_dir_all(directory).map_err(io_error(directory))?;
        let mut temp = tempfile::Builder::new()
            .prefix(".codegen-")
            .tempfile_in(directory)
            .map_err(io_error(directory))?;
        temp.write_all(file.contents.as_bytes()).map_err(io_error(&target))?;
        temp.as_file().sync_all().map_err(io_error(&target))?;
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        temp.persist(&target).map_err(|e| WriteError { path: target.clone(), source: e.error })?;
    }
    Ok(())
}
