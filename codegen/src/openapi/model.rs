//! What the loader makes of an OpenAPI document: servers, operations with their
//! parameters, request bodies and success responses. Schemas are not read here: they are
//! kept as locations, which the IR reads like any other JSON Schema.

use crate::diag::{Diagnostic, Location};
use crate::load::Document;

/// One endpoint description.
#[derive(Debug, Clone)]
pub struct Api {
    /// The document, normalised to draft-07 schemas (see `openapi/normalize.rs`).
    pub doc: Document,
    /// The Rust module name (from the file name).
    pub module: String,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: Option<String>,
    /// Whether it is OpenAPI 3.1 (else 3.0).
    pub v31: bool,
    /// `servers`, in order.
    pub servers: Vec<Server>,
    /// `components.schemas`: name and location, in document order.
    pub schemas: Vec<(String, Location)>,
    /// Every operation, in document order (paths, then methods in a fixed order).
    pub operations: Vec<Operation>,
    /// What was ignored or approximated.
    pub warnings: Vec<Diagnostic>,
    /// Where its nodes stand in the text (for diagnostics of later stages).
    pub places: std::sync::Arc<super::positions::Places>,
}

/// A `servers` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template (`{variable}`s unexpanded).
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Its variables: name, default, allowed values.
    pub variables: Vec<(String, String, Vec<String>)>,
}

impl Server {
    /// The URL with every variable at its default, and `https:` before a scheme-relative
    /// URL (`//host/path`).
    pub fn default_url(&self) -> String {
        let mut url = self.url.clone();
        for (name, default, _) in &self.variables {
            url = url.replace(&format!("{{{name}}}"), default);
        }
        if url.starts_with("//") {
            url.insert_str(0, "https:");
        }
        url.trim_end_matches('/').to_owned()
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamIn {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// A header that the client sets from its configuration rather than per call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifted {
    /// `Authorization`: the auth provider's bearer token.
    Authorization,
    /// `x-api-key`.
    ApiKey,
    /// `x-gw-ims-org-id`.
    OrgId,
    /// `x-sandbox-name`.
    Sandbox,
    /// `Content-Type` / `Accept`: set from the chosen media types.
    MediaType,
}

impl Lifted {
    /// The lifted header `name` is (case-insensitive), if any (see
    /// `openapi::plan::adobe`).
    pub fn of(name: &str) -> Option<Lifted> {
        super::plan::adobe::lifted_header(name)
    }
}

/// The simple Rust type of a parameter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// `String`
    String,
    /// `i64`
    Integer,
    /// `f64`
    Number,
    /// `bool`
    Bool,
}

/// A parameter's value shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    /// One value.
    One(Scalar),
    /// A list: repeated (`explode`) or comma-joined.
    List {
        /// The items.
        item: Scalar,
        /// Whether each item is its own `name=value` pair.
        explode: bool,
    },
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The wire name.
    pub name: String,
    /// Where it goes.
    pub place: ParamIn,
    /// Whether it must be given.
    pub required: bool,
    /// `description`.
    pub description: Option<String>,
    /// The parameter object.
    pub location: Location,
    /// Its `schema`, if it has one (used to validate values before sending).
    pub schema: Option<Location>,
    /// Its Rust shape.
    pub ty: ParamType,
    /// Set when the client fills it in from its configuration.
    pub lifted: Option<Lifted>,
    /// Whether this is an `If-Match` header (the etag of a previous read).
    pub if_match: bool,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The media type sent (`Content-Type`).
    pub media_type: String,
    /// Its schema; `None` when the description gives none (sent as any JSON).
    pub schema: Option<Location>,
    /// Whether the body must be sent.
    pub required: bool,
    /// Whether it is JSON (`application/json` or `+json`); otherwise raw bytes.
    pub json: bool,
}

/// What a successful call answers.
#[derive(Debug, Clone)]
pub enum Success {
    /// No body (e.g. `204`).
    Empty,
    /// A JSON body; `schema` is `None` when the description has an example but no schema.
    Json {
        /// Status code of the chosen response (`200`, `201`, ...).
        status: String,
        /// Its schema.
        schema: Option<Location>,
    },
    /// A body of another media type, read as bytes.
    Bytes,
}

/// An HTTP method a path item can hold an operation for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `get`
    Get,
    /// `put`
    Put,
    /// `post`
    Post,
    /// `delete`
    Delete,
    /// `options`
    Options,
    /// `head`
    Head,
    /// `patch`
    Patch,
    /// `trace`
    Trace,
}

impl Method {
    /// Every method, in the order a path item's operations are read.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The member of a path item that holds this method's operation (`get`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The method as HTTP spells it (`GET`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The method whose path item member is `key`.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation (a method on a path).
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or one made up from the method and path.
    pub id: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/flows/{flowId}`.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The operation object.
    pub location: Location,
    /// Parameters (path-level merged in), in declaration order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The success response.
    pub success: Success,
}

impl Operation {
    /// The parameters the caller passes (not lifted into configuration).
    pub fn own_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.lifted.is_none())
    }
}
