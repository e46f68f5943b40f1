#![doc = include_str!("../README.md")]

// The generator lays these modules out (prettyplease), and `codegen --check` holds them to it: a
// `cargo fmt` over the workspace they sit in passes them by, and the files they declare.
#[rustfmt::skip]
pub mod client;
#[rustfmt::skip]
pub mod runtime;
#[rustfmt::skip]
pub mod types;

// The crates this one's public API names, at the versions it is built with: a caller writes
// `this_crate::chrono::Utc` rather than adding each and hoping the versions match.
pub use ::{bytes, chrono, reqwest, serde_json, uuid};

pub use client::{SERVERS, Server};
#[rustfmt::skip]
pub use runtime::{
    BoxError, Client, ClientBuilder, Download, Error, ErrorBody, File, Items, Json, Map, Nullable, Pages, RawBody, Response,
    RetryPolicy, SafeMessage,
    Login, LoginFailed, RenewingToken, Secret, StaticToken, StreamExt, TokenFuture, TokenSource, TryStreamExt,
};
