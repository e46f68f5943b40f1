//! A typed async client for an HTTP API, generated from its OpenAPI documentation pages.
//!
//! - [`types`]: request and response types, with rustdoc from the spec's descriptions.
//! - [`Client`]: one async method per operation.
//! - [`Error`]: what a call can fail with; a declared error status carries the parsed error body.

pub mod client;
pub mod runtime;
pub mod types;

pub use client::{Client, Server, SERVERS};
pub use runtime::{Error, Nullable, Secret};
