//! Hand-written support code for the generated client and types (from `templates/runtime/`).

mod auth;
mod body;
mod call;
mod error;
mod json;
mod nullable;
mod object;
mod pages;
mod retry;
mod schemes;
mod secret;
mod transport;
mod untagged;
mod wire;

pub use auth::{BoxError, Login, LoginFailed, RenewingToken, StaticToken, TokenFuture, TokenSource};
pub use body::{Download, File};
#[doc(hidden)]
pub use body::{FormEncoding, Multipart, Part};
#[doc(hidden)]
pub use call::{
    Call, DecodeFailure, Read, Sending, bytes, download, empty, header, header_list, json, optional_header, raw, text,
};
pub use call::{CallFuture, Response};
pub use error::{Error, ErrorBody, RawBody, SafeMessage};
/// What a caller needs to read a stream of pages or items (`.next().await`, `.try_collect()`).
pub use futures_util::{StreamExt, TryStreamExt};
pub use json::{Json, Map};
pub use nullable::Nullable;
#[doc(hidden)]
pub use object::{Key, Object, field, object, required, skip};
pub use pages::{Items, Pages};
#[doc(hidden)]
pub use pages::{PageBy, Paging, items, pages};
pub use retry::RetryPolicy;
#[doc(hidden)]
pub use schemes::{Place, Scheme, Security};
// What `client.rs` configures schemes and logins with; a crate uses only its spec's.
#[allow(unused_imports)]
pub(crate) use auth::login_failed;
#[allow(unused_imports)]
pub(crate) use schemes::{basic, key, login, oauth2, token};
pub use secret::Secret;
#[doc(hidden)]
pub use transport::Answer;
pub use transport::{Client, ClientBuilder};
#[doc(hidden)]
pub use untagged::{Fit, Kind, Variant, VariantError, untagged, variant};
#[doc(hidden)]
pub use wire::{Style, from_value, query_pairs, serialize_tagged, simple_text, tag_of};
