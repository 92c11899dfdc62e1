//! One method and one request builder per operation: required parameters are method
//! arguments, optional ones builder setters; the builder is `.await`ed (or `send()`),
//! list operations also `stream()` every item across pages.

use super::tokens::{self, ident, rust_type};
use crate::ir::names::{field_name, Scope};
use crate::ir::types::{DefKind, Docs, RustType, TypeSet};
use crate::openapi::{Api, Method, Operation, Param, ParamIn, ParamType, Scalar, Success};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The types an operation's code refers to.
pub struct OpTypes<'a> {
    /// The unit's types.
    pub types: &'a TypeSet,
    /// The request body's type, when it has a schema.
    pub body: Option<RustType>,
    /// The success response's type, when it has a schema.
    pub response: Option<RustType>,
    /// The validator of each of [`Operation::own_params`], when it has a schema.
    pub checkers: Vec<Option<Ident>>,
}

/// The `Client` struct, its constructors and the server constants.
pub fn client_struct(api: &Api) -> TokenStream {
    let default = api
        .servers
        .first()
        .map(|s| s.default_url())
        .unwrap_or_default();
    let urls = api.servers.iter().map(|s| s.url.as_str());
    let server_fn = match api.servers.first() {
        Some(first) if !first.variables.is_empty() => {
            let template = &first.url;
            let vars = first
                .variables
                .iter()
                .map(|(name, default, allowed)| quote!((#name, #default, &[#(#allowed),*])));
            let names: Vec<String> = first
                .variables
                .iter()
                .map(|(n, d, _)| format!("`{n}` (default `{d}`)"))
                .collect();
            let doc = format!(
                " The first server's URL with `variables` (name, value) set and the others at their defaults. Its variables: {}. A value outside a variable's `enum` or an unknown name is an error.",
                names.join(", ")
            );
            quote! {
                #[doc = #doc]
                pub fn server_url(variables: &[(&str, &str)]) -> Result<String, rt::http::Error> {
                    rt::http::expand_server(#template, &[#(#vars),*], variables)
                }
            }
        }
        _ => quote!(),
    };
    let doc = format!(
        " A client for {}. Cloning is cheap (the connection pool and credentials are shared).",
        api.title
    );
    let default_doc = if api.servers.is_empty() {
        " The description lists no server: use [`Client::with_base_url`].".to_owned()
    } else {
        " The first server's URL, with every variable at its default.".to_owned()
    };
    quote! {
        #[doc = #default_doc]
        pub const DEFAULT_BASE_URL: &str = #default;
        /// The server URLs the description lists, as written (`{variables}` unexpanded).
        pub const SERVER_URLS: &[&str] = &[#(#urls),*];
        #server_fn
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            service: rt::http::Service,
        }
        impl Client {
            /// A client of the service at [`DEFAULT_BASE_URL`].
            pub fn new(api: &rt::http::Api) -> Self {
                Self::with_base_url(api, DEFAULT_BASE_URL)
            }
            /// A client of the service at `base_url` (for instance a local sandbox); paths
            /// are appended to it.
            pub fn with_base_url(api: &rt::http::Api, base_url: impl Into<String>) -> Self {
                Self { service: rt::http::Service::new(api, base_url) }
            }
            /// The base URL calls go to.
            pub fn base_url(&self) -> &str {
                self.service.base_url()
            }
        }
    }
}

struct Field {
    param: Param,
    name: Ident,
    checker: Option<Ident>,
}

fn scalar_type(s: &Scalar) -> TokenStream {
    match s {
        Scalar::String => quote!(String),
        Scalar::Integer => quote!(i64),
        Scalar::Number => quote!(f64),
        Scalar::Bool => quote!(bool),
    }
}

/// The stored type, the argument type and the conversion of an argument `v` of a
/// parameter.
fn param_types(ty: &ParamType, v: &Ident) -> (TokenStream, TokenStream, TokenStream) {
    match ty {
        ParamType::One(Scalar::String) => {
            (quote!(String), quote!(impl Into<String>), quote!(#v.into()))
        }
        ParamType::One(s) => {
            let t = scalar_type(s);
            (t.clone(), t, quote!(#v))
        }
        ParamType::List {
            item: Scalar::String,
            ..
        } => (
            quote!(Vec<String>),
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(#v.into_iter().map(Into::into).collect()),
        ),
        ParamType::List { item, .. } => {
            let t = scalar_type(item);
            (
                quote!(Vec<#t>),
                quote!(impl IntoIterator<Item = #t>),
                quote!(#v.into_iter().collect()),
            )
        }
    }
}

fn op_docs(op: &Operation) -> TokenStream {
    let docs = Docs {
        title: op.summary.clone(),
        description: op.description.clone(),
        default: None,
    };
    let mut text = tokens::docs(&docs, "");
    let line = format!(" `{} {}` (`{}`).", op.method, op.path, op.id);
    text.extend(quote!(#[doc = ""] #[doc = #line]));
    if op.deprecated {
        text.extend(quote!(#[doc = ""] #[doc = " Deprecated by the description."]));
    }
    text
}

/// The item type and items member of a page, if the operation lists pages.
fn paging(op: &Operation, t: &OpTypes<'_>) -> Option<(TokenStream, String, TokenStream)> {
    let RustType::Named(d) = t.response.as_ref()? else {
        return None;
    };
    let DefKind::Struct(shape) = &t.types.def(*d).kind else {
        return None;
    };
    let (key, item) = shape
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
        quote!(rt::http::Paging::Offset {
            start: "start",
            limit: "limit"
        })
    } else if query("continuationToken") || query("limit") {
        quote!(rt::http::Paging::Continuation {
            token: "continuationToken"
        })
    } else if op.method == Method::Get {
        // A read by id answering with a one-element list: `item()` unwraps it.
        return Some((rust_type(&item, t.types), key, quote!()));
    } else {
        return None;
    };
    Some((rust_type(&item, t.types), key, mode))
}

/// The method on `Client`, the builder struct and its impls for `op`.
pub fn operation(op: &Operation, builder: &str, t: &OpTypes<'_>) -> TokenStream {
    let b = ident(builder);
    let method = ident(&field_name(&op.id));
    let op_id = &op.id;
    let http = op.method.as_str();
    let mut scope = Scope::with(&[
        "client", "call", "body", "if_match", "value", "timeout", "send", "stream", "item",
        "request",
    ]);
    let fields: Vec<Field> = op
        .own_params()
        .zip(&t.checkers)
        .filter(|(p, _)| !p.if_match)
        .map(|(p, c)| Field {
            name: ident(&scope.unique(&field_name(&p.name))),
            param: p.clone(),
            checker: c.clone(),
        })
        .collect();
    let if_match = op.params.iter().any(|p| p.if_match);
    let optional: Vec<&Field> = fields.iter().filter(|f| !f.param.required).collect();

    // Method arguments and the builder's initial values.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut decls = Vec::new();
    for f in &fields {
        let n = &f.name;
        let (stored, arg, conv) = param_types(&f.param.ty, n);
        if f.param.required {
            args.push(quote!(#n: #arg));
            if *n == conv.to_string() {
                inits.push(quote!(#n,));
            } else {
                inits.push(quote!(#n: #conv,));
            }
            decls.push(quote!(#n: #stored,));
        } else if matches!(f.param.ty, ParamType::List { .. }) {
            inits.push(quote!(#n: Vec::new(),));
            decls.push(quote!(#n: #stored,));
        } else {
            inits.push(quote!(#n: None,));
            decls.push(quote!(#n: Option<#stored>,));
        }
    }
    if if_match {
        args.push(quote!(if_match: &(impl rt::http::IfMatch + ?Sized)));
        inits.push(quote!(if_match: if_match.etag().map(str::to_owned),));
        decls.push(quote!(if_match: Option<String>,));
    }
    let mut body_setter = quote!();
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let (arg, conv, stored, attach) = if !body.json {
            (
                quote!(impl Into<Vec<u8>>),
                quote!(body.into()),
                quote!(Vec<u8>),
                quote!(r.bytes_body(#media, body.clone());),
            )
        } else {
            let arg = match &t.body {
                Some(ty) => {
                    let ty = rust_type(ty, t.types);
                    quote!(&(impl rt::http::JsonBody<#ty> + ?Sized))
                }
                None => quote!(&(impl rt::serde::Serialize + ?Sized)),
            };
            let conv = match &t.body {
                Some(_) => quote!(body.to_json()),
                None => quote!(rt::http::any_json(body)),
            };
            (
                arg,
                conv,
                quote!(Result<Value, rt::ValidationErrors>),
                quote!(r.json_body(#media, body.clone());),
            )
        };
        if body.required {
            args.push(quote!(body: #arg));
            inits.push(quote!(body: #conv,));
            decls.push(quote!(body: #stored,));
            body_setter = quote!(let body = &self.body; #attach);
        } else {
            inits.push(quote!(body: None,));
            decls.push(quote!(body: Option<#stored>,));
            body_setter = quote!(if let Some(body) = &self.body { #attach });
        }
    }
    let setters = optional.iter().map(|f| setter(f));
    let setters_body = optional_body(op, t);

    // Building the request.
    let mut path_code = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let lit = &rest[..start];
        let name = &rest[start + 1..start + len];
        path_code.push(push_literal(lit));
        match fields
            .iter()
            .find(|f| f.param.place == ParamIn::Path && f.param.name == name)
        {
            Some(f) => {
                let n = &f.name;
                path_code
                    .push(quote!(path.push_str(&rt::http::encode_segment(&self.#n.to_string()));));
            }
            None => path_code.push(quote!(path.push_str(&rt::http::encode_segment("")); )),
        }
        rest = &rest[start + len + 1..];
    }
    path_code.push(push_literal(rest));
    let sets: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let n = &f.name;
            let wire = &f.param.name;
            let pointer = match f.param.place {
                ParamIn::Path => format!("/path/{wire}"),
                ParamIn::Query => format!("/query/{wire}"),
                ParamIn::Header => format!("/header/{wire}"),
                ParamIn::Cookie => format!("/cookie/{wire}"),
            };
            let copy = matches!(
                f.param.ty,
                ParamType::One(Scalar::Integer | Scalar::Number | Scalar::Bool)
            );
            let value = if copy {
                quote!(Value::from(*v))
            } else {
                quote!(Value::from(v.clone()))
            };
            let check = f
                .checker
                .as_ref()
                .map(|c| quote!(r.check(#pointer, #value, #c);));
            let put = match (&f.param.place, &f.param.ty) {
                (ParamIn::Path, _) => quote!(),
                (ParamIn::Query, ParamType::List { explode: true, .. }) => {
                    quote!(for x in v { r.query(#wire, x); })
                }
                (ParamIn::Query, ParamType::List { .. }) => {
                    quote!(r.query(#wire, rt::http::join(v));)
                }
                (ParamIn::Query, _) => quote!(r.query(#wire, v);),
                (ParamIn::Header, ParamType::List { .. }) => {
                    quote!(r.header(#wire, rt::http::join(v));)
                }
                (ParamIn::Header, _) => quote!(r.header(#wire, v);),
                (ParamIn::Cookie, _) => quote!(r.cookie(#wire, v);),
            };
            if f.param.required {
                quote!({ let v = &self.#n; #check #put })
            } else if matches!(f.param.ty, ParamType::List { .. }) {
                quote!(if !self.#n.is_empty() { let v = &self.#n; #check #put })
            } else {
                quote!(if let Some(v) = &self.#n { #check #put })
            }
        })
        .collect();
    let if_match_set = if if_match {
        quote!(r.if_match(self.if_match.clone());)
    } else {
        quote!()
    };
    let (output, call) = match (&op.success, &t.response) {
        (Success::Empty, _) => (quote!(()), quote!(self.client.service.empty(request).await)),
        (Success::Bytes, _) => (
            quote!(Vec<u8>),
            quote!(self.client.service.bytes(request).await),
        ),
        (Success::Json { .. }, Some(ty)) => {
            let tokens = rust_type(ty, t.types);
            // A generated type reports every violation of an answer that breaks it.
            let call = match ty {
                RustType::Named(d)
                    if !matches!(t.types.def(*d).kind, DefKind::VariantStruct { .. }) =>
                {
                    quote!(self.client.service.json_checked::<#tokens>(request).await)
                }
                _ => quote!(self.client.service.json::<#tokens>(request).await),
            };
            (tokens, call)
        }
        (Success::Json { .. }, None) => (
            quote!(Value),
            quote!(self.client.service.json::<Value>(request).await),
        ),
    };
    // Every operation can be read as raw JSON (an empty answer is `null`).
    let value = quote! {
        /// Sends the request and returns the answer as JSON, without converting it
        /// into its type (an escape hatch for answers that stray from the description).
        pub async fn send_value(self) -> Result<Value, rt::http::Error> {
            let request = self.request();
            self.client.service.json::<Value>(request).await
        }
    };
    let pages = match paging(op, t) {
        Some((item, key, mode)) if !mode.is_empty() => quote! {
            /// Every item of every page, fetching the next page (from `_links.next.href`,
            /// a continuation token or the next offset) as the stream is read.
            pub fn stream(self) -> rt::http::BoxStream<'a, Result<#item, rt::http::Error>> {
                let request = self.request();
                self.client.service.pages::<#item>(request, #key, #mode)
            }
        },
        Some((item, key, _)) => quote! {
            /// The single item the answer's `items` list holds (a read by id).
            pub async fn item(self) -> Result<#item, rt::http::Error> {
                let request = self.request();
                self.client.service.item::<#item>(request, #key).await
            }
        },
        None => quote!(),
    };
    let docs = op_docs(op);
    let new_request = quote!(rt::http::Request::new(#op_id, #http, path, self.call.clone()));
    // `r` is only bound when something is set on it.
    let request = if sets.is_empty() && if_match_set.is_empty() && body_setter.is_empty() {
        new_request
    } else {
        quote! {
            let mut r = #new_request;
            #(#sets)*
            #if_match_set
            #body_setter
            r
        }
    };
    let builder_doc = format!(
        " The `{op_id}` call (`{http} {}`): set optional parameters, then `.await` it.",
        op.path
    );
    quote! {
        impl Client {
            #docs
            pub fn #method(&self, #(#args),*) -> #b<'_> {
                #b { client: self, #(#inits)* call: rt::http::CallOptions::default() }
            }
        }
        #[doc = #builder_doc]
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #b<'a> {
            client: &'a Client,
            #(#decls)*
            call: rt::http::CallOptions,
        }
        impl<'a> #b<'a> {
            #(#setters)*
            #setters_body
            /// Sets this call's timeout (instead of the client's).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.call.timeout = Some(timeout);
                self
            }
            /// Sets the largest answer body this call reads, in bytes (instead of the
            /// client's); a longer answer fails with `Error::TooLarge`.
            pub fn max_response_bytes(mut self, bytes: u64) -> Self {
                self.call.max_response_bytes = Some(bytes);
                self
            }
            /// The request as it would be sent (parameters checked when it is sent).
            pub fn request(&self) -> rt::http::Request {
                let mut path = String::new();
                #(#path_code)*
                #request
            }
            /// Sends the request, retrying as the client's policy allows.
            pub async fn send(self) -> Result<#output, rt::http::Error> {
                let request = self.request();
                #call
            }
            #value
            #pages
        }
        impl<'a> ::std::future::IntoFuture for #b<'a> {
            type Output = Result<#output, rt::http::Error>;
            type IntoFuture = rt::http::BoxFuture<'a, Self::Output>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

/// Appends the literal part `lit` of a path template (nothing when it is empty, one
/// `char` when it is one).
fn push_literal(lit: &str) -> TokenStream {
    let mut chars = lit.chars();
    match (chars.next(), chars.next()) {
        (None, _) => quote!(),
        (Some(c), None) => quote!(path.push(#c);),
        _ => quote!(path.push_str(#lit);),
    }
}

/// The `body(...)` setter of an operation whose body is optional.
fn optional_body(op: &Operation, t: &OpTypes<'_>) -> TokenStream {
    let Some(body) = &op.body else {
        return quote!();
    };
    if body.required {
        return quote!();
    }
    let media = &body.media_type;
    let doc = format!(" Sends a `{media}` request body (the description makes it optional).");
    let (arg, conv) = if !body.json {
        (quote!(impl Into<Vec<u8>>), quote!(body.into()))
    } else {
        match &t.body {
            Some(ty) => {
                let ty = rust_type(ty, t.types);
                (
                    quote!(&(impl rt::http::JsonBody<#ty> + ?Sized)),
                    quote!(body.to_json()),
                )
            }
            None => (
                quote!(&(impl rt::serde::Serialize + ?Sized)),
                quote!(rt::http::any_json(body)),
            ),
        }
    };
    quote! {
        #[doc = #doc]
        pub fn body(mut self, body: #arg) -> Self {
            self.body = Some(#conv);
            self
        }
    }
}

fn setter(f: &Field) -> TokenStream {
    let n = &f.name;
    let (_, arg, _) = param_types(&f.param.ty, &ident("value"));
    let docs = Docs {
        title: None,
        description: f.param.description.clone(),
        default: None,
    };
    let doc = tokens::docs(&docs, &format!("The `{}` parameter.", f.param.name));
    match &f.param.ty {
        ParamType::List { item, .. } => {
            let (arg, conv) = match item {
                Scalar::String => (quote!(impl Into<String>), quote!(value.into())),
                s => (scalar_type(s), quote!(value)),
            };
            let more = format!(
                " Adds one `{}` value; call again to add more.",
                f.param.name
            );
            quote! {
                #doc
                #[doc = ""]
                #[doc = #more]
                pub fn #n(mut self, value: #arg) -> Self {
                    self.#n.push(#conv);
                    self
                }
            }
        }
        ParamType::One(Scalar::String) => quote! {
            #doc
            pub fn #n(mut self, value: #arg) -> Self {
                self.#n = Some(value.into());
                self
            }
        },
        ParamType::One(_) => quote! {
            #doc
            pub fn #n(mut self, value: #arg) -> Self {
                self.#n = Some(value);
                self
            }
        },
    }
}
