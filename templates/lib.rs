#![doc = include_str!("../README.md")]

pub mod client;
pub mod runtime;
pub mod types;

pub use client::{Server, SERVERS};
pub use runtime::{
    BoxError, Client, ClientBuilder, Download, Error, ErrorBody, File, Items, Json, Map, Nullable, Pages, RawBody, Response,
    RetryPolicy, SafeMessage,
    Login, RenewingToken, Secret, StaticToken, StreamExt, TokenFuture, TokenSource, TryStreamExt,
};
