//! Hand-written support code for the generated client and types (from `templates/runtime/`).

mod auth;
mod error;
mod nullable;
mod retry;
mod secret;
mod transport;
mod wire;

pub use auth::{BoxError, StaticToken, TokenFuture, TokenSource};
pub use error::Error;
pub use nullable::Nullable;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use transport::{Client, ClientBuilder};
#[doc(hidden)]
pub use wire::{encode_path, from_value, serialize_tagged, tag_of};
