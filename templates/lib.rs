//! A typed async client for an HTTP API, generated from its OpenAPI documentation pages.
//!
//! - [`types`]: request and response types, with rustdoc from the spec's descriptions.
//! - [`Client`]: the operations, grouped by tag (`client.app_connections()`), with bearer-token
//!   authentication, timeouts and bounded retries; built with [`Client::builder`].
//! - [`Error`]: what a call can fail with; a declared error status carries the parsed error body.
//! - [`Secret`]: credentials in requests and responses; `Debug` never prints them.

pub mod client;
pub mod runtime;
pub mod types;

pub use client::{Server, SERVERS};
pub use runtime::{BoxError, Client, ClientBuilder, Error, Nullable, RetryPolicy, Secret, StaticToken, TokenFuture, TokenSource};
