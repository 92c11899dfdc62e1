//! One request builder per operation (`requests.rs`): its fields (the parameters and
//! body, set by the `Client` method or by setters), its setters, and the ways to send it.

use super::{request, Render};
use crate::emit::tokens::{self, ident, rust_type};
use crate::ir::types::{Docs, TypeSet};
use crate::openapi::plan::{BodyKind, BodyPlan, OperationPlan, ParamPlan};
use crate::openapi::{ParamType, Scalar};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// A field of a request builder: its argument of the `Client` method (when required),
/// its initial value there, and its declaration.
pub struct FieldCode {
    /// `name: Type`, when the method takes it.
    pub arg: Option<TokenStream>,
    /// `name: value,` in the builder's initialiser.
    pub init: TokenStream,
    /// `name: Type,` in the builder struct.
    pub decl: TokenStream,
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
/// parameter (`None`: stored as it is given).
fn param_types(ty: &ParamType, v: &Ident) -> (TokenStream, TokenStream, Option<TokenStream>) {
    match ty {
        ParamType::One(Scalar::String) => (
            quote!(String),
            quote!(impl Into<String>),
            Some(quote!(#v.into())),
        ),
        ParamType::One(s) => {
            let t = scalar_type(s);
            (t.clone(), t, None)
        }
        ParamType::List {
            item: Scalar::String,
            ..
        } => (
            quote!(Vec<String>),
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Some(quote!(#v.into_iter().map(Into::into).collect())),
        ),
        ParamType::List { item, .. } => {
            let t = scalar_type(item);
            (
                quote!(Vec<#t>),
                quote!(impl IntoIterator<Item = #t>),
                Some(quote!(#v.into_iter().collect())),
            )
        }
    }
}

fn param_field(p: &ParamPlan) -> FieldCode {
    let n = ident(&p.field);
    let (stored, arg, conv) = param_types(&p.ty, &n);
    if p.required {
        FieldCode {
            arg: Some(quote!(#n: #arg)),
            init: match conv {
                Some(conv) => quote!(#n: #conv,),
                None => quote!(#n,),
            },
            decl: quote!(pub(super) #n: #stored,),
        }
    } else if matches!(p.ty, ParamType::List { .. }) {
        FieldCode {
            arg: None,
            init: quote!(#n: Vec::new(),),
            decl: quote!(pub(super) #n: #stored,),
        }
    } else {
        FieldCode {
            arg: None,
            init: quote!(#n: None,),
            decl: quote!(pub(super) #n: Option<#stored>,),
        }
    }
}

/// The argument type of a body and its conversion into what the builder stores.
fn body_arg(body: &BodyPlan, types: &TypeSet) -> (TokenStream, TokenStream) {
    match &body.kind {
        BodyKind::Bytes => (quote!(impl Into<Vec<u8>>), quote!(body.into())),
        BodyKind::Json(Some(ty)) => {
            let ty = rust_type(ty, types);
            (
                quote!(&(impl rt::http::JsonBody<#ty> + ?Sized)),
                quote!(body.to_json()),
            )
        }
        BodyKind::Json(None) => (
            quote!(&(impl rt::serde::Serialize + ?Sized)),
            quote!(rt::http::any_json(body)),
        ),
    }
}

fn body_field(body: &BodyPlan, types: &TypeSet) -> FieldCode {
    let (arg, conv) = body_arg(body, types);
    let stored = match body.kind {
        BodyKind::Bytes => quote!(Vec<u8>),
        BodyKind::Json(_) => quote!(Result<Value, rt::ValidationErrors>),
    };
    if body.required {
        FieldCode {
            arg: Some(quote!(body: #arg)),
            init: quote!(body: #conv,),
            decl: quote!(pub(super) body: #stored,),
        }
    } else {
        FieldCode {
            arg: None,
            init: quote!(body: None,),
            decl: quote!(pub(super) body: Option<#stored>,),
        }
    }
}

/// The fields of `op`'s builder besides the client and the call options, in order.
pub fn fields(op: &OperationPlan, r: &Render<'_>) -> Vec<FieldCode> {
    let mut out: Vec<FieldCode> = op.params.iter().map(param_field).collect();
    if op.if_match {
        out.push(FieldCode {
            arg: Some(quote!(if_match: &(impl rt::http::IfMatch + ?Sized))),
            init: quote!(if_match: if_match.etag().map(str::to_owned),),
            decl: quote!(pub(super) if_match: Option<String>,),
        });
    }
    out.extend(op.body.as_ref().map(|b| body_field(b, r.types)));
    out
}

/// The builder struct of `op` and its methods (those every builder shares come from
/// the runtime's `request_builder!`).
pub fn builder(op: &OperationPlan, r: &Render<'_>) -> TokenStream {
    let b = ident(&op.builder);
    let decls = fields(op, r).into_iter().map(|f| f.decl);
    let setters = op.params.iter().filter(|p| !p.required).map(setter);
    let body_setter = optional_body(op, r.types);
    let sending = request::methods(op, r);
    let output = request::output(op, r.types);
    let (id, http) = (&op.id, op.method.as_str());
    let read = request::reader(op).map(|m| quote!(, #m));
    let doc = format!(
        " The `{}` call (`{} {}`): set optional parameters, then `.await` it.",
        op.id, op.method, op.template
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #b<'a> {
            pub(super) client: &'a Client,
            #(#decls)*
            pub(super) call: rt::http::CallOptions,
        }
        impl<'a> #b<'a> {
            #(#setters)*
            #body_setter
            #sending
        }
        // `timeout`, `max_response_bytes`, `send_value`, `IntoFuture`, `new_request`
        // and (for a JSON answer) `send`.
        rt::request_builder!(#b, #output, #id, #http #read);
    }
}

/// The `body(...)` setter of an operation whose body is optional.
fn optional_body(op: &OperationPlan, types: &TypeSet) -> TokenStream {
    let Some(body) = op.body.as_ref().filter(|b| !b.required) else {
        return quote!();
    };
    let doc = format!(
        " Sends a `{}` request body (the description makes it optional).",
        body.media_type
    );
    let (arg, conv) = body_arg(body, types);
    quote! {
        #[doc = #doc]
        pub fn body(mut self, body: #arg) -> Self {
            self.body = Some(#conv);
            self
        }
    }
}

fn setter(p: &ParamPlan) -> TokenStream {
    let n = ident(&p.field);
    let (_, arg, _) = param_types(&p.ty, &ident("value"));
    let docs = Docs {
        title: None,
        description: p.description.clone(),
        default: None,
    };
    let doc = tokens::docs(&docs, &format!("The `{}` parameter.", p.wire));
    match &p.ty {
        ParamType::List { item, .. } => {
            let (arg, conv) = match item {
                Scalar::String => (quote!(impl Into<String>), quote!(value.into())),
                s => (scalar_type(s), quote!(value)),
            };
            let more = format!(" Adds one `{}` value; call again to add more.", p.wire);
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
