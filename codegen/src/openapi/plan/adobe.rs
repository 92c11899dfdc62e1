//! The Adobe Experience Platform conventions the client follows, in one place.
//!
//! OpenAPI says nothing about them; Adobe's services keep them across their descriptions,
//! and a generic client would make its users repeat them by hand on every call. Each is
//! recognised by member or parameter names; a description that does not follow one simply
//! does not get the help it gives.
//!
//! * **Lifted headers** ([`lifted_header`]): `Authorization`, `x-api-key`,
//!   `x-gw-ims-org-id` and `x-sandbox-name` are declared on every operation, but they are
//!   the same on every call of a session, so the client sets them from its configuration
//!   (the `Api`) instead of taking them as arguments. `Content-Type` and `Accept` follow
//!   from the media types the client chose.
//! * **If-Match** ([`is_if_match`], [`etag_member`]): updates and deletes take the `etag`
//!   the last read returned, against lost updates. The `If-Match` header is an argument
//!   that takes anything with an etag, and every type with an `etag` string member has one.
//! * **Paging** ([`paging`]): a list answers with its items under a required `items` (or
//!   `data`) array; the next page is at `_links.next.href`, after a `continuationToken`, or
//!   at the next `start` offset (with `limit`) when the operation takes those query
//!   parameters. A read by id that answers with a one-element list gets `item()`.
//! * **Flow bodies** ([`is_flow_body`]): a request body with `flowSpec`, `transformations`
//!   and `scheduleParams` is a dataflow, governed by a flowSpec: it can be sent typed by a
//!   generated flowSpec module, and is checked against its flowSpec when the crate has it.
//! * **Connection bodies** ([`connection_body`]): a body with `connectionSpec` and `auth` is
//!   a base connection; with `params` and `baseConnectionId` a source connection; with
//!   `params` alone a target connection. Each can be sent typed by a connectionSpec.

use crate::ir::types::{Field, RustType, StructShape};
use crate::openapi::{Lifted, Method, Operation, ParamIn};

/// The header `name` (any casing) if the client sets it from its configuration.
pub fn lifted_header(name: &str) -> Option<Lifted> {
    match name.to_ascii_lowercase().as_str() {
        "authorization" => Some(Lifted::Authorization),
        "x-api-key" => Some(Lifted::ApiKey),
        "x-gw-ims-org-id" => Some(Lifted::OrgId),
        "x-sandbox-name" => Some(Lifted::Sandbox),
        "content-type" | "accept" => Some(Lifted::MediaType),
        _ => None,
    }
}

/// Whether the header `name` carries the etag of a previous read.
pub fn is_if_match(name: &str) -> bool {
    name.eq_ignore_ascii_case("if-match")
}

/// The `etag` string member of a struct, if it has one (not boxed).
pub fn etag_member(shape: &StructShape) -> Option<&Field> {
    shape
        .fields
        .iter()
        .find(|f| f.wire == "etag" && f.ty == RustType::String && !f.boxed)
}

/// How a list operation reaches its next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageMode {
    /// The `start` offset advances by the items read; `limit` is the page size.
    Offset {
        /// The offset's query parameter.
        start: &'static str,
        /// The page size's query parameter.
        limit: &'static str,
    },
    /// The answer's `_links.next.href`, or its continuation token.
    Continuation {
        /// The continuation token's query parameter.
        token: &'static str,
    },
    /// Not a list: a read by id answering with a one-element list.
    Single,
}

/// The page of a list operation: where its items are, and how the next page is read.
#[derive(Debug, Clone)]
pub struct Paging {
    /// The answer's member that holds the items (`items` or `data`).
    pub member: String,
    /// The type of an item.
    pub item: RustType,
    /// How the next page is read.
    pub mode: PageMode,
}

/// The paging of `op`, whose answer is a struct of `shape` (if it is one).
pub fn paging(op: &Operation, shape: &StructShape) -> Option<Paging> {
    let (member, item) = shape
        .fields
        .iter()
        .find_map(|f| match (&f.ty, f.wire.as_str()) {
            (RustType::Vec(inner), "items" | "data") if f.required => {
                Some((f.wire.clone(), (**inner).clone()))
            }
            _ => None,
        })?;
    let query = |n: &str| {
        op.params
            .iter()
            .any(|p| p.place == ParamIn::Query && p.name == n)
    };
    let mode = if query("start") && query("limit") {
        PageMode::Offset {
            start: "start",
            limit: "limit",
        }
    } else if query("continuationToken") || query("limit") {
        PageMode::Continuation {
            token: "continuationToken",
        }
    } else if op.method == Method::Get {
        PageMode::Single
    } else {
        return None;
    };
    Some(Paging { member, item, mode })
}

fn has(shape: &StructShape, member: &str) -> bool {
    shape.fields.iter().any(|f| f.wire == member)
}

/// Whether a request body of `shape` is a dataflow.
pub fn is_flow_body(shape: &StructShape) -> bool {
    ["flowSpec", "transformations", "scheduleParams"]
        .iter()
        .all(|m| has(shape, m))
}

/// Which connection a request body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionBody {
    /// A base connection (`connectionSpec`, `auth`).
    Base,
    /// A source connection (`connectionSpec`, `params`, `baseConnectionId`).
    Source,
    /// A target connection (`connectionSpec`, `params`).
    Target,
}

/// The connection a request body of `shape` is, if any.
pub fn connection_body(shape: &StructShape) -> Option<ConnectionBody> {
    if !has(shape, "connectionSpec") {
        None
    } else if has(shape, "auth") {
        Some(ConnectionBody::Base)
    } else if has(shape, "params") && has(shape, "baseConnectionId") {
        Some(ConnectionBody::Source)
    } else if has(shape, "params") {
        Some(ConnectionBody::Target)
    } else {
        None
    }
}
