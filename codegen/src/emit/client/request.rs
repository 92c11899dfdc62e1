//! How a request builder sends its call: `request()` (the path from its template, each
//! parameter checked and put in place, the `If-Match` etag and the body), `send()`, and
//! `stream()` or `item()` when the answer holds a list.

use super::Render;
use crate::emit::tokens::{ident, rust_type};
use crate::ir::types::TypeSet;
use crate::openapi::plan::adobe::{PageMode, Paging};
use crate::openapi::plan::{BodyKind, OperationPlan, ParamPlan, Response, Segment};
use crate::openapi::{ParamIn, ParamType, Scalar};
use proc_macro2::TokenStream;
use quote::quote;

/// The type a successful call of `op` returns.
pub fn output(op: &OperationPlan, types: &TypeSet) -> TokenStream {
    match &op.response {
        Response::Empty => quote!(()),
        Response::Bytes => quote!(Vec<u8>),
        Response::Json { ty: Some(ty), .. } => rust_type(ty, types),
        Response::Json { ty: None, .. } => quote!(Value),
    }
}

/// The `Service` method that reads a JSON answer of `op`, which the runtime's
/// `request_builder!` calls in the `send()` it writes.
pub fn reader(op: &OperationPlan) -> Option<proc_macro2::Ident> {
    match &op.response {
        // A generated type reports every violation of an answer that breaks it.
        Response::Json { checked: true, .. } => Some(ident("json_checked")),
        Response::Json { .. } => Some(ident("json")),
        Response::Empty | Response::Bytes => None,
    }
}

/// `send()` of an operation whose answer is not JSON.
fn send(op: &OperationPlan, types: &TypeSet) -> TokenStream {
    let output = output(op, types);
    let call = match &op.response {
        Response::Empty => quote!(self.client.service.empty(request)),
        Response::Bytes => quote!(self.client.service.bytes(request)),
        Response::Json { .. } => return quote!(),
    };
    quote! {
        /// Sends the request, retrying as the client's policy allows.
        pub fn send(self) -> rt::http::BoxFuture<'a, Result<#output, rt::http::Error>> {
            let request = self.request();
            #call
        }
    }
}

/// `request()`, `send()` (unless the runtime's macro writes it) and the paging method of
/// `op`'s builder.
pub fn methods(op: &OperationPlan, r: &Render<'_>) -> TokenStream {
    let path = path(&op.path, &op.params);
    let request = request(op, r);
    let send = send(op, r.types);
    let pages = op.paging.as_ref().map(|p| paging(p, r.types));
    quote! {
        /// The request as it would be sent (parameters checked when it is sent).
        pub fn request(&self) -> rt::http::Request {
            #path
            #request
        }
        #send
        #pages
    }
}

/// `path` from the template's segments: a string that starts with the first literal,
/// then the other segments appended.
fn path(segments: &[Segment], params: &[ParamPlan]) -> TokenStream {
    let (start, rest) = match segments.split_first() {
        Some((Segment::Literal(text), rest)) => (quote!(String::from(#text)), rest),
        _ => (quote!(String::new()), segments),
    };
    if rest.is_empty() {
        return quote!(let path = #start;);
    }
    let rest = rest.iter().map(|s| segment(s, params));
    quote! {
        let mut path = #start;
        #(#rest)*
    }
}

/// Appends one segment of the path (a literal of one `char` as a `char`).
fn segment(s: &Segment, params: &[ParamPlan]) -> TokenStream {
    match s {
        Segment::Literal(text) => {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => quote!(path.push(#c);),
                _ => quote!(path.push_str(#text);),
            }
        }
        Segment::Param(i) => {
            let n = ident(&params[*i].field);
            quote!(path.push_str(&rt::http::encode_segment(&self.#n.to_string()));)
        }
        Segment::Unbound => quote!(path.push_str(&rt::http::encode_segment("")); ),
    }
}

/// The request of `op`: built, then each parameter, the etag and the body set on it
/// (`r` is only bound when something is).
fn request(op: &OperationPlan, r: &Render<'_>) -> TokenStream {
    let new_request = quote!(self.new_request(path));
    let sets: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| set_param(p, r))
        .filter(|t| !t.is_empty())
        .collect();
    if sets.is_empty() && !op.if_match && op.body.is_none() {
        return new_request;
    }
    let if_match = op
        .if_match
        .then(|| quote!(r.if_match(self.if_match.clone());));
    let body = op.body.as_ref().map(|b| {
        let media = &b.media_type;
        let attach = match b.kind {
            BodyKind::Bytes => quote!(r.bytes_body(#media, body.clone());),
            BodyKind::Json(_) => quote!(r.json_body(#media, body.clone());),
        };
        if b.required {
            quote!(let body = &self.body; #attach)
        } else {
            quote!(if let Some(body) = &self.body { #attach })
        }
    });
    quote! {
        let mut r = #new_request;
        #(#sets)*
        #if_match
        #body
        r
    }
}

/// Checks a parameter's value against its schema and puts it in the request.
fn set_param(p: &ParamPlan, r: &Render<'_>) -> TokenStream {
    let n = ident(&p.field);
    let wire = &p.wire;
    let pointer = match p.place {
        ParamIn::Path => format!("/path/{wire}"),
        ParamIn::Query => format!("/query/{wire}"),
        ParamIn::Header => format!("/header/{wire}"),
        ParamIn::Cookie => format!("/cookie/{wire}"),
    };
    let value = match p.ty {
        ParamType::One(Scalar::Integer | Scalar::Number | Scalar::Bool) => {
            quote!(Value::from(*v))
        }
        _ => quote!(Value::from(v.clone())),
    };
    let check = p.checker.map(|node| {
        let c = &r.validators[node.index()];
        quote!(r.check(#pointer, #value, #c);)
    });
    let put = match (&p.place, &p.ty) {
        (ParamIn::Path, _) => quote!(),
        (ParamIn::Query, ParamType::List { explode: true, .. }) => {
            quote!(for x in v { r.query(#wire, x); })
        }
        (ParamIn::Query, ParamType::List { .. }) => quote!(r.query(#wire, rt::http::join(v));),
        (ParamIn::Query, _) => quote!(r.query(#wire, v);),
        (ParamIn::Header, ParamType::List { .. }) => {
            quote!(r.header(#wire, rt::http::join(v));)
        }
        (ParamIn::Header, _) => quote!(r.header(#wire, v);),
        (ParamIn::Cookie, _) => quote!(r.cookie(#wire, v);),
    };
    if check.is_none() && p.place == ParamIn::Path {
        // In the path already, and nothing to check.
        quote!()
    } else if p.required {
        quote!({ let v = &self.#n; #check #put })
    } else if matches!(p.ty, ParamType::List { .. }) {
        quote!(if !self.#n.is_empty() { let v = &self.#n; #check #put })
    } else {
        quote!(if let Some(v) = &self.#n { #check #put })
    }
}

/// `stream()` over every item of every page, or `item()` for a one-element read.
fn paging(p: &Paging, types: &TypeSet) -> TokenStream {
    let item = rust_type(&p.item, types);
    let key = &p.member;
    let mode = match p.mode {
        PageMode::Offset { start, limit } => {
            quote!(rt::http::Paging::Offset { start: #start, limit: #limit })
        }
        PageMode::Continuation { token } => {
            quote!(rt::http::Paging::Continuation { token: #token })
        }
        PageMode::Single => {
            return quote! {
                /// The single item the answer's `items` list holds (a read by id).
                pub fn item(self) -> rt::http::BoxFuture<'a, Result<#item, rt::http::Error>> {
                    let request = self.request();
                    self.client.service.item::<#item>(request, #key)
                }
            };
        }
    };
    quote! {
        /// Every item of every page, fetching the next page (from `_links.next.href`,
        /// a continuation token or the next offset) as the stream is read.
        pub fn stream(self) -> rt::http::BoxStream<'a, Result<#item, rt::http::Error>> {
            let request = self.request();
            self.client.service.pages::<#item>(request, #key, #mode)
        }
    }
}
