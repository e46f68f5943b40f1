//! Written by hand, not generated: a convenience call the spec does not describe, over the
//! generated client. `sdk.toml` declares it; `cargo xtask codegen` keeps it as it is.

use std::future::Future;

use crate::types::Folder;
use crate::{Client, Error, Json};

/// Calls the fixture's maintainer adds to [`Client`].
pub trait FoldersExt {
    /// The path of folder `id` (its name after its parents'), for folder ids that are numbers.
    fn folder_path(&self, id: u64) -> impl Future<Output = Result<String, Error<Json>>> + Send;
}

impl FoldersExt for Client {
    fn folder_path(&self, id: u64) -> impl Future<Output = Result<String, Error<Json>>> + Send {
        let id = itoa::Buffer::new().format(id).to_string();
        async move {
            // The fixture marks the operation deprecated; a maintainer's code may still call it.
            #[allow(deprecated)]
            let folder = self.folders().get_folder(&id).await?;
            Ok(path_of(&folder))
        }
    }
}

fn path_of(folder: &Folder) -> String {
    match &folder.parent {
        Some(parent) => format!("{}/{}", path_of(parent), folder.name),
        None => folder.name.clone(),
    }
}
