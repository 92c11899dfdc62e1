//! The plan of one operation: everything its method and request builder say, decided
//! before any code is written.

use super::adobe::{self, Paging};
use crate::ir::names::{field_name, Scope};
use crate::ir::types::{DefKind, RustType, TypeSet};
use crate::ir::NodeId;
use crate::openapi::{Method, Operation, ParamIn, ParamType, Success};

/// One operation: a method on `Client` and a request builder.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// `operationId`.
    pub id: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written (for docs).
    pub template: String,
    /// The path template, parsed.
    pub path: Vec<Segment>,
    /// The request builder's type name.
    pub builder: String,
    /// The method's name on `Client`.
    pub method_name: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// The parameters the caller gives (not lifted, not `If-Match`), in order.
    pub params: Vec<ParamPlan>,
    /// Whether it takes the etag of a previous read (`If-Match`).
    pub if_match: bool,
    /// The request body.
    pub body: Option<BodyPlan>,
    /// What a successful call answers.
    pub response: Response,
    /// Where the answer's items are, when it is a list or a one-element read.
    pub paging: Option<Paging>,
}

/// A stretch of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is.
    Literal(String),
    /// The value of a path parameter (an index into [`OperationPlan::params`]).
    Param(usize),
    /// A `{name}` no path parameter declares: sent empty.
    Unbound,
}

/// A parameter the caller gives.
#[derive(Debug, Clone)]
pub struct ParamPlan {
    /// The wire name.
    pub wire: String,
    /// The Rust name (of the argument, the builder field and its setter).
    pub field: String,
    /// Where it goes.
    pub place: ParamIn,
    /// Whether it must be given (a method argument; else a setter).
    pub required: bool,
    /// Its Rust shape.
    pub ty: ParamType,
    /// `description`.
    pub description: Option<String>,
    /// The schema node its values are validated against, if it has a schema.
    pub checker: Option<NodeId>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct BodyPlan {
    /// The `Content-Type` sent.
    pub media_type: String,
    /// Whether it must be given (a method argument; else a setter).
    pub required: bool,
    /// What is sent.
    pub kind: BodyKind,
}

/// What a request body holds.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// Raw bytes.
    Bytes,
    /// JSON of a generated type, or any serializable value when there is no schema.
    Json(Option<RustType>),
}

/// What a successful call answers.
#[derive(Debug, Clone)]
pub enum Response {
    /// Nothing.
    Empty,
    /// Bytes of a media type other than JSON.
    Bytes,
    /// JSON of a type (`Value` when the description gives no schema).
    Json {
        /// Its type.
        ty: Option<RustType>,
        /// Whether every violation of the type is reported (a generated type that is not
        /// a variant of a union).
        checked: bool,
    },
}

/// Names an operation's builder methods and fields take besides parameters.
const BUILDER_NAMES: &[&str] = &[
    "client",
    "call",
    "body",
    "if_match",
    "value",
    "timeout",
    "send",
    "stream",
    "item",
    "request",
    "new_request",
];

/// What the plan of an operation takes from the unit: its types and roots.
pub(super) struct Context<'a> {
    pub types: &'a TypeSet,
    pub body: Option<RustType>,
    pub response: Option<RustType>,
    /// The schema node of a parameter schema, by its pointer, unless its parameter's
    /// Rust type already makes every assertion it does.
    pub param_node: &'a dyn Fn(&str, &ParamType) -> Option<NodeId>,
}

/// The plan of `op`, whose builder is named `builder`.
pub(super) fn plan(op: &Operation, builder: &str, cx: &Context<'_>) -> OperationPlan {
    let mut scope = Scope::with(BUILDER_NAMES);
    let params: Vec<ParamPlan> = op
        .own_params()
        .filter(|p| !p.if_match)
        .map(|p| ParamPlan {
            wire: p.name.clone(),
            field: scope.unique(&field_name(&p.name)),
            place: p.place,
            required: p.required,
            ty: p.ty.clone(),
            description: p.description.clone(),
            checker: p
                .schema
                .as_ref()
                .and_then(|s| (cx.param_node)(&s.pointer, &p.ty)),
        })
        .collect();
    let body = op.body.as_ref().map(|b| BodyPlan {
        media_type: b.media_type.clone(),
        required: b.required,
        kind: if b.json {
            BodyKind::Json(cx.body.clone())
        } else {
            BodyKind::Bytes
        },
    });
    OperationPlan {
        id: op.id.clone(),
        method: op.method,
        template: op.path.clone(),
        path: parse_path(&op.path, &params),
        builder: builder.to_owned(),
        method_name: field_name(&op.id),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        if_match: op.params.iter().any(|p| p.if_match),
        body,
        response: response(&op.success, cx),
        paging: paging(op, cx),
        params,
    }
}

/// The segments of a path template; `{name}` is the path parameter `name` of `params`.
pub fn parse_path(template: &str, params: &[ParamPlan]) -> Vec<Segment> {
    let mut out = Vec::new();
    let literal = |text: &str, out: &mut Vec<Segment>| {
        if !text.is_empty() {
            out.push(Segment::Literal(text.to_owned()));
        }
    };
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        literal(&rest[..start], &mut out);
        let name = &rest[start + 1..start + len];
        out.push(
            match params
                .iter()
                .position(|p| p.place == ParamIn::Path && p.wire == name)
            {
                Some(i) => Segment::Param(i),
                None => Segment::Unbound,
            },
        );
        rest = &rest[start + len + 1..];
    }
    literal(rest, &mut out);
    out
}

fn response(success: &Success, cx: &Context<'_>) -> Response {
    match (success, &cx.response) {
        (Success::Empty, _) => Response::Empty,
        (Success::Bytes, _) => Response::Bytes,
        (Success::Json { .. }, Some(ty)) => Response::Json {
            ty: Some(ty.clone()),
            checked: matches!(ty, RustType::Named(d)
                if !matches!(cx.types.def(*d).kind, DefKind::VariantStruct { .. })),
        },
        (Success::Json { .. }, None) => Response::Json {
            ty: None,
            checked: false,
        },
    }
}

fn paging(op: &Operation, cx: &Context<'_>) -> Option<Paging> {
    let RustType::Named(d) = cx.response.as_ref()? else {
        return None;
    };
    let DefKind::Struct(shape) = &cx.types.def(*d).kind else {
        return None;
    };
    adobe::paging(op, shape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::Scalar;

    fn param(wire: &str, place: ParamIn) -> ParamPlan {
        ParamPlan {
            wire: wire.to_owned(),
            field: field_name(wire),
            place,
            required: true,
            ty: ParamType::One(Scalar::String),
            description: None,
            checker: None,
        }
    }

    #[test]
    fn a_path_template_is_literals_and_parameters() {
        let params = [param("id", ParamIn::Query), param("id", ParamIn::Path)];
        let path = parse_path("/flows/{id}/runs/{other}", &params);
        assert_eq!(
            path,
            vec![
                Segment::Literal("/flows/".into()),
                Segment::Param(1),
                Segment::Literal("/runs/".into()),
                Segment::Unbound,
            ]
        );
    }

    #[test]
    fn an_unclosed_brace_is_literal_text() {
        let path = parse_path("/a/{b", &[]);
        assert_eq!(path, vec![Segment::Literal("/a/{b".into())]);
    }
}
