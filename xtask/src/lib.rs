//! The generator behind `cargo xtask`: scraped OpenAPI pages in, a typed Rust SDK crate out.
//!
//! Data flows one way: [`load`] → [`merge`] → [`resolve`] (into the [`ir`]) → [`emit`] → [`write`].
//! [`codegen`] runs the whole pipeline ([`openapi_out`] can write its model back as one OpenAPI document); [`scrape`] fetches the pages it reads.

pub mod bench;
pub mod codegen;
pub mod diag;
pub mod emit;
pub mod ident;
pub mod ir;
pub mod load;
pub mod lock;
pub mod merge;
pub mod openapi_out;
pub mod package;
pub mod report;
pub mod resolve;
pub mod samples;
pub mod scrape;
pub mod survey;
pub mod usage;
pub mod write;
mod yaml;
