//! The `Client` of a service: its server constants and struct (in the service's
//! `mod.rs`), and its one `impl` block with the constructors and one method per
//! operation (`operations.rs`).

use super::{builder, Render};
use crate::emit::tokens::{self, ident};
use crate::ir::types::Docs;
use crate::openapi::plan::OperationPlan;
use crate::openapi::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The server constants, `server_url` when the first server has variables, and the
/// `Client` struct.
pub fn client_struct(api: &Api) -> TokenStream {
    let default = api
        .servers
        .first()
        .map(|s| s.default_url())
        .unwrap_or_default();
    let urls = api.servers.iter().map(|s| s.url.as_str());
    let server_fn = server_fn(api);
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
    }
}

/// `server_url(variables)`, when the first server's URL has variables.
fn server_fn(api: &Api) -> TokenStream {
    let Some(first) = api.servers.first().filter(|s| !s.variables.is_empty()) else {
        return quote!();
    };
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

/// The one `impl Client`: constructors, then a method per operation.
pub fn client_impl(operations: &[OperationPlan], r: &Render<'_>) -> TokenStream {
    let methods = operations.iter().map(|op| method(op, r));
    quote! {
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
            #(#methods)*
        }
    }
}

/// The method of `op`: its required parameters (and body) as arguments, returning the
/// request builder.
fn method(op: &OperationPlan, r: &Render<'_>) -> TokenStream {
    let b = ident(&op.builder);
    let name = ident(&op.method_name);
    let fields = builder::fields(op, r);
    let args = fields.iter().filter_map(|f| f.arg.as_ref());
    let inits = fields.iter().map(|f| &f.init);
    let docs = op_docs(op);
    quote! {
        #docs
        pub fn #name(&self, #(#args),*) -> #b<'_> {
            #b { client: self, #(#inits)* call: rt::http::CallOptions::default() }
        }
    }
}

fn op_docs(op: &OperationPlan) -> TokenStream {
    let docs = Docs {
        title: op.summary.clone(),
        description: op.description.clone(),
        default: None,
    };
    let mut text = tokens::docs(&docs, "");
    let line = format!(" `{} {}` (`{}`).", op.method, op.template, op.id);
    text.extend(quote!(#[doc = ""] #[doc = #line]));
    if op.deprecated {
        text.extend(quote!(#[doc = ""] #[doc = " Deprecated by the description."]));
    }
    text
}
