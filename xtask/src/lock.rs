//! The IR copy a generated crate carries (`api-ir.json`, like a lock file): its name and its
//! shape. Emit writes it, the package leaves it out of the published crate, and the next
//! codegen reads it back for the change report and for the files it may remove.

use crate::ir::Api;

/// The file in the output directory that holds the IR the crate was generated from.
pub const IR_FILE: &str = "api-ir.json";

/// `api-ir.json`: the IR a crate was generated from and its version, read back by the next run to
/// report what changed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Lock {
    pub version: String,
    /// The files the generation wrote: the only ones a later generation may remove.
    #[serde(default)]
    pub files: Vec<String>,
    pub api: Api,
}
