//! The one table of names the generated crate's own code takes, which no name from a spec may
//! take (smithy-rs keeps such a list beside its symbol provider). `xtask/tests/reserved.rs` holds
//! it against `templates/` and the emitted builders, so the table cannot drift from the runtime.

/// Methods of `Client`, any visibility, trait impls' included: the runtime's
/// (`templates/runtime/transport.rs`) and the one the emitter writes itself (`builder`). A group accessor, an operation of `Client` or a
/// server's constructor with one of these names would be a second definition (E0592).
/// Derived traits count: an operation `clone` would shadow `Clone::clone` for every caller.
pub const CLIENT_METHODS: &[&str] = &["attempt", "base_url", "builder", "clone", "execute", "fmt", "new", "send"];

/// Names a group's handle (`client.secrets()`, a `Copy` struct deriving `Clone` and `Debug`)
/// may not give a method, because Rust's conventions give them another meaning there: what its
/// derives define (`clone`, `fmt`), a constructor (`new`, clippy's `new_ret_no_self`), and the
/// methods of std's traits that clippy's `should_implement_trait` finds in a `&self` method that
/// takes as many arguments (`cmp`, `eq`...). An operation named so is `new_`.
/// `xtask/tests/reserved.rs` runs clippy on a crate whose handle has each of them.
pub const HANDLE_METHODS: &[&str] = &["clone", "cmp", "fmt", "new"];

/// Methods of `ClientBuilder` (`templates/runtime/transport.rs`), any visibility: a security
/// scheme's or a login's builder method takes none of these (a scheme named `build`).
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "bearer_token",
    "build",
    "connect_timeout",
    "fmt",
    "http_client",
    "login_with",
    "new",
    "retry_policy",
    "scheme",
    "timeout",
    "token_source",
    "user_agent",
];

/// Methods of every call builder besides its parameters' setters (`emit/operations.rs`,
/// `emit/bodies.rs`, `emit/pagination`): an optional parameter may not be named one of these.
pub const CALL_METHODS: &[&str] = &[
    "as_bytes",
    "as_form",
    "as_json",
    "as_multipart",
    "as_text",
    "body",
    "header",
    "into_future",
    "items",
    "pages",
    "send",
    "send_with_response",
    "timeout",
];

/// Names at the crate root (`templates/lib.rs`): its modules and re-exports, the crates its
/// public API names included. A type of the API
/// named one of these would read as the runtime's (`types::Secret` beside `Secret`).
pub const ROOT: &[&str] = &[
    "BoxError",
    "Client",
    "ClientBuilder",
    "Download",
    "Error",
    "ErrorBody",
    "File",
    "Items",
    "Json",
    "Login",
    "LoginFailed",
    "Map",
    "Nullable",
    "Pages",
    "RawBody",
    "RenewingToken",
    "Response",
    "RetryPolicy",
    "SERVERS",
    "SafeMessage",
    "Secret",
    "Server",
    "StaticToken",
    "StreamExt",
    "TokenFuture",
    "TokenSource",
    "TryStreamExt",
    "bytes",
    "chrono",
    "client",
    "reqwest",
    "runtime",
    "serde_json",
    "types",
    "uuid",
];

/// Names the emitted modules use unqualified (the prelude's and what `client.rs` imports), which
/// no type, call builder or handle may shadow.
pub const PRELUDE: &[&str] = &[
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Eq",
    "Err",
    "From",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToString",
    "Vec",
];

/// Names in the `client` module itself, beside the groups' modules and the root's call builders.
pub const CLIENT_MODULE: &[&str] = &["Client", "ClientBuilder", "SERVERS", "Server"];

/// Names a group's module may not take, since it is declared in `client.rs` and, with types of
/// its own, in `types.rs`: the crates the generated code names by path (the dependencies, and
/// `std`, `core`, `alloc`), which a module of that name would hide (`serde::Serialize` would look
/// in it), and the two modules themselves (`types::types` trips clippy's `module_inception`).
pub const MODULES: &[&str] = &[
    "alloc",
    "bytes",
    "chrono",
    "client",
    "core",
    "fastrand",
    "futures_util",
    "httpdate",
    "percent_encoding",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "std",
    "tokio",
    "tracing",
    "types",
    "url",
    "uuid",
];

/// The locals and arguments an operation's method uses itself, which a required parameter's
/// argument may not be named.
pub const LOCALS: &[&str] = &["body", "call", "client", "params", "path", "query", "request"];

/// Cargo features the crate has besides its groups', and its dependencies' names (an optional
/// dependency is a feature of its own).
pub const FEATURES: &[&str] = &[
    "all-groups",
    "all-tags",
    "bytes",
    "chrono",
    "default",
    "deserialize-requests",
    "fastrand",
    "futures-util",
    "httpdate",
    "percent-encoding",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "serialize-responses",
    "tokio",
    "tracing",
    "url",
    "uuid",
];

/// Whether a type name is the crate's own: at its root or in every module's prelude.
pub fn is_reserved_type(name: &str) -> bool {
    ROOT.contains(&name) || PRELUDE.contains(&name)
}
