#![doc = include_str!("../README.md")]

pub mod client;
pub mod runtime;
pub mod types;

// The crates this one's public API names, at the versions it is built with: a caller writes
// `this_crate::chrono::Utc` rather than adding each and hoping the versions match.
pub use ::{bytes, chrono, reqwest, serde_json, uuid};

pub use client::{Server, SERVERS};
pub use runtime::{
    BoxError, Client, ClientBuilder, Download, Error, ErrorBody, File, Items, Json, Map, Nullable, Pages, RawBody, Response,
    RetryPolicy, SafeMessage,
    Login, RenewingToken, Secret, StaticToken, StreamExt, TokenFuture, TokenSource, TryStreamExt,
};
