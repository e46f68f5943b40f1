//! The intermediate representation: Rust-shaped types and operations as plain data. The resolver
//! produces it, the emitter consumes it, and its YAML snapshot is the first thing a reviewer reads.
//! No OpenAPI types appear here.

use serde::{Deserialize, Serialize};

mod auth;
mod groups;
mod unions;
pub use auth::{KeyPlace, Login, LoginField, Scheme, SchemeKind};
pub use groups::{Group, GroupOrigin};
pub use unions::{Allowed, Fit, JsonKind, Union, Variant};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub version: String,
    pub servers: Vec<Server>,
    /// The groups operations sit in (`client.secrets()`), sorted by module.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Sorted by name.
    pub types: Vec<TypeDef>,
    /// Sorted by path, then method.
    pub operations: Vec<Operation>,
    /// The security schemes, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemes: Vec<Scheme>,
    /// A login operation, from `sdk.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<Login>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Client`'s constructor for it (`Client::us()`), when its host gives a free name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constructor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(flatten)]
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum. Always open: unknown values are kept, not rejected.
    Enum(StringEnum),
    Union(Union),
    Alias {
        target: TypeRef,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Struct {
    /// A property whose value is fixed for this type (a single-value enum): always sent, never asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Tag>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub property: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The Rust identifier.
    pub name: String,
    /// The JSON property name.
    pub wire: String,
    pub ty: TypeRef,
    pub presence: Presence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Members of this field's type are members of the parent object (allOf of a union and an object).
    #[serde(default, skip_serializing_if = "is_false")]
    pub flatten: bool,
    /// The one value the spec allows (a single-value enum). Required: always sent with it, never
    /// the caller's to set. Optional: the caller may opt into sending it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Always present, never null.
    Required,
    /// Always present, may be null: `Option<T>`, sent as `null`.
    Nullable,
    /// May be absent: `Option<T>`, left out when `None`.
    Optional,
    /// May be absent or null, in a request: three states, so an update can clear a value.
    OptionalNullable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StringEnum {
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    pub name: String,
    pub wire: String,
    /// What the spec says of this value alone (the description of a `oneOf` member fixing it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A use of a type. Unit variants print as plain words in the snapshot (`string`, `any`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    String,
    Boolean,
    I32,
    I64,
    F64,
    Uuid,
    DateTime,
    Date,
    Uri,
    /// A credential: a string whose `Debug` is masked.
    Secret,
    /// Any JSON value.
    Any,
    /// A file's bytes (`format: binary` in a multipart or binary body, or a download).
    Binary,
    Named(String),
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// Boxed to break a cycle of types that contain each other.
    Boxed(Box<TypeRef>),
    /// A value that may be `null` where no field's presence can say so: an array's item, a map's
    /// value, a whole response (nexus's metric values, gaps as `null`).
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// A single JSON scalar with a text form (`Display` in Rust): fit for a path or query.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::String
                | TypeRef::Boolean
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F64
                | TypeRef::Uuid
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Uri
        )
    }

    /// Calls `f` on every type name this reference mentions.
    pub fn visit_names_mut(&mut self, f: &mut impl FnMut(&mut String)) {
        match self {
            TypeRef::Named(name) => f(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => {
                inner.visit_names_mut(f)
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The Rust method name, unique within its group.
    pub name: String,
    /// The module of the group the method sits under (`Api::groups`). `None`: a method of
    /// `Client` (only an operation on the API's root path has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The call builder the method returns, a type in the group's module (`CreateClientSecret`).
    #[serde(default)]
    pub call: String,
    /// The enum of successes by status, when they differ (`CreateClientSecretResponse`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    /// Other paths the spec binds this operation to (the same `operationId` and parameters), which
    /// the method does not call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// What the operation authenticates with: alternatives, each a set of schemes (by name) sent
    /// together, the first the caller configured used. `[]`: nothing. `None`: the spec does not
    /// say, and a bearer token the caller configured is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<Vec<String>>>,
    /// What an IR written before `security` said: the operation sent the bearer token. Read only,
    /// for `Api::upgraded`.
    #[serde(default, skip_serializing)]
    pub secured: bool,
    /// The documentation page the operation was scraped from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// The other media types the body may be sent as, when none is JSON (the caller chooses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_bodies: Vec<Body>,
    pub responses: Vec<Response>,
    /// How to page through a list operation (`resolve/pagination.rs` decides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

/// A list operation's paging: which parameter moves through the list, where the items are, and
/// what says there are no more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    #[serde(flatten)]
    pub by: PageBy,
    /// The parameter that bounds a page's size, when there is one: a page shorter than the limit
    /// asked for is the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// The field of the success response that holds the items; `None`: the response is the array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    pub item: TypeRef,
    /// A field with the number of items in the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum PageBy {
    /// `offset` (a count of items to skip) grows by each page's length.
    Offset { parameter: String },
    /// `page` (a page number) grows by one.
    Page { parameter: String },
    /// The response names the next page (`next_page`), sent back in `parameter`.
    Cursor { parameter: String, next: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// The argument's name, or for an optional parameter its setter's on the call.
    pub name: String,
    pub wire: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// How the value is laid out as text, when not its location's default (`form` in a query,
    /// `simple` in a path or a header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ParamStyle>,
    /// `explode`, when the spec says it (the default is true for `form`, false for the rest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
}

/// OpenAPI's parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    /// Swagger 2.0's `collectionFormat: tsv`, which 3.0 has no style for.
    TabDelimited,
    DeepObject,
}

impl Param {
    /// The style in effect, and whether it explodes.
    pub fn layout(&self) -> (ParamStyle, bool) {
        let style = self.style.unwrap_or(match self.location {
            ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
            ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
        });
        let explode = self.explode.unwrap_or(matches!(style, ParamStyle::Form | ParamStyle::DeepObject));
        (style, explode)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    pub content_type: String,
    /// How the body is written (JSON unless said).
    #[serde(default, skip_serializing_if = "MediaKind::is_json")]
    pub kind: MediaKind,
    pub ty: TypeRef,
    pub required: bool,
    /// How a form's or a multipart body's properties are encoded, where the spec says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encoding: Vec<Encoding>,
}

/// The kinds of media a body can be, by its content type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// `application/json`, `*+json`.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/*`.
    Multipart,
    /// `text/*`, XML: a string.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`, `*/*`): bytes.
    Binary,
}

impl MediaKind {
    pub fn is_json(&self) -> bool {
        *self == MediaKind::Json
    }

    /// The kind of a media type.
    pub fn of(content_type: &str) -> MediaKind {
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
            MediaKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            MediaKind::Form
        } else if essence.starts_with("multipart/") {
            MediaKind::Multipart
        } else if essence.starts_with("text/")
            || essence == "application/xml"
            || essence.ends_with("+xml")
            || essence == "application/yaml"
        {
            MediaKind::Text
        } else {
            MediaKind::Binary
        }
    }
}

/// A property's encoding in a form or multipart body (OpenAPI's `encoding` object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encoding {
    pub property: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ParamStyle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// `None`: no body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    /// How the body is read (JSON unless said; text as a string, anything else as a download).
    #[serde(default, skip_serializing_if = "MediaKind::is_json")]
    pub kind: MediaKind,
    /// A redirect's declared headers: what it answers with (its body, if any, is not read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<ResponseHeader>,
    /// The struct in the client module those headers are read into (`SignInSeeOther`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers_type: Option<String>,
}

/// A header a redirect answers with, read into a field of its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseHeader {
    /// As the spec writes it (`Location`); read case-insensitively.
    pub wire: String,
    pub name: String,
    /// A scalar, `Secret` for a credential, or an array of them (`Set-Cookie`: one per line).
    pub ty: TypeRef,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }

    /// A redirect the spec declares: an answer of the call, not an error. `304 Not Modified` is
    /// not one: it answers a conditional request the caller chose to make, and stays an error
    /// status, so that 137 of github's operations keep their one success type.
    pub fn is_redirect(&self) -> bool {
        is_redirect_status(&self.status)
    }

    /// What a call returns rather than fails with: a success or a declared redirect.
    pub fn is_answer(&self) -> bool {
        self.is_success() || self.is_redirect()
    }
}

impl Operation {
    /// The required parameters in the order the operation's method takes them: path parameters in
    /// path order, then required query, header and cookie parameters (the body, if any, comes
    /// after).
    pub fn arguments(&self) -> Vec<&Param> {
        let position = |p: &Param| self.path.find(&format!("{{{}}}", p.wire)).unwrap_or(usize::MAX);
        let mut path: Vec<&Param> = self.params.iter().filter(|p| p.location == ParamLocation::Path).collect();
        path.sort_by_key(|p| position(p));
        let required = |location| self.params.iter().filter(move |p| p.required && p.location == location);
        path.into_iter()
            .chain(required(ParamLocation::Query))
            .chain(required(ParamLocation::Header))
            .chain(required(ParamLocation::Cookie))
            .collect()
    }

    /// The optional parameters: setters of the operation's call.
    pub fn optional_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.required && p.location != ParamLocation::Path)
    }

    /// Whether the successes answer in more than one way (bodies of other types or kinds, or one
    /// with a body and one without): then a call's `T` is an enum by status.
    /// A declared redirect beside any other answer makes one too.
    pub fn succeeds_by_status(&self) -> bool {
        let successes: Vec<&Response> = self.responses.iter().filter(|r| r.is_success()).collect();
        let shapes: std::collections::BTreeSet<(Option<&TypeRef>, MediaKind)> =
            successes.iter().map(|r| (r.ty.as_ref(), r.kind)).collect();
        let redirects = self.responses.iter().any(Response::is_redirect);
        (shapes.len() > 1 && successes.iter().any(|r| r.ty.is_some()))
            || (redirects && self.responses.iter().filter(|r| r.is_answer()).count() > 1)
    }

    /// The one redirect that is the whole answer of the call, when it is.
    pub fn redirect_only(&self) -> Option<&Response> {
        let mut answers = self.responses.iter().filter(|r| r.is_answer());
        match (answers.next(), answers.next()) {
            (Some(only), None) if only.is_redirect() => Some(only),
            _ => None,
        }
    }

    /// What a call's `T` is made of: every success by status when they differ, else the one body.
    pub fn success_shape(&self) -> Vec<(Option<&str>, Option<&TypeRef>, MediaKind)> {
        if self.succeeds_by_status() {
            self.responses
                .iter()
                .filter(|r| r.is_answer())
                .map(|r| (Some(r.status.as_str()), r.ty.as_ref(), r.kind))
                .collect()
        } else if let Some(redirect) = self.redirect_only() {
            // Its headers are the answer: the status says which struct holds them.
            vec![(Some(redirect.status.as_str()), None, redirect.kind)]
        } else {
            let one = self.responses.iter().find(|r| r.is_success() && r.ty.is_some());
            vec![(None, one.and_then(|r| r.ty.as_ref()), one.map_or(MediaKind::Json, |r| r.kind))]
        }
    }

    /// `group().name`, how the report and the docs name an operation.
    pub fn qualified_name(&self) -> String {
        match &self.group {
            Some(group) => format!("{group}().{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl Field {
    /// A required constant: sent by the SDK itself, not a field a caller sees or sets.
    pub fn is_fixed(&self) -> bool {
        self.value.is_some() && self.presence == Presence::Required
    }
}

/// A status's name in Rust (a variant of the enum of answers, the end of a redirect's headers
/// type): its reason phrase where it has a common one.
pub fn status_name(status: &str) -> String {
    match status {
        "200" => "Ok".into(),
        "201" => "Created".into(),
        "202" => "Accepted".into(),
        "203" => "NonAuthoritative".into(),
        "204" => "NoContent".into(),
        "205" => "ResetContent".into(),
        "206" => "PartialContent".into(),
        "2XX" | "2xx" => "Success".into(),
        "300" => "MultipleChoices".into(),
        "301" => "MovedPermanently".into(),
        "302" => "Found".into(),
        "303" => "SeeOther".into(),
        "307" => "TemporaryRedirect".into(),
        "308" => "PermanentRedirect".into(),
        "3XX" | "3xx" => "Redirect".into(),
        other => format!("Status{}", crate::ident::type_name(other)),
    }
}

/// See [`Response::is_redirect`].
pub fn is_redirect_status(status: &str) -> bool {
    status.starts_with('3') && status != "304"
}

fn is_false(value: &bool) -> bool {
    !*value
}
