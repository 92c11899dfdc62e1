//! The `client` module of the generated crate: one folder per endpoint description,
//! rendered from its `ClientPlan` (`openapi::plan`).
//!
//! A service's folder holds `mod.rs` (the module docs, the server constants, the `Client`
//! struct and the re-exports), `operations.rs` (the one `impl Client`: a method per
//! operation), `requests.rs` (a request builder per operation), `types.rs` (the schema
//! types, through the JSON Schema pipeline so they validate like flowSpec types, and the
//! body and etag impls) and `validate.rs` (their validators). Users see one module: the
//! builders and types are re-exported from `mod.rs`.

mod builder;
mod jobs;
mod marks;
mod request;
mod service;

pub use crate::openapi::plan::FlowSpecTypes;

use super::tokens::ident;
use super::{Ahead, Items, Module, ModuleFile, ModuleKind};
use crate::diag::{Diagnostic, Result};
use crate::openapi::plan::{self, ClientPlan};
use crate::openapi::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// What rendering a client's operations refers to.
pub struct Render<'a> {
    /// The unit's types.
    pub types: &'a crate::ir::types::TypeSet,
    /// The validator function of each schema node, by node index.
    pub validators: &'a [proc_macro2::Ident],
}

/// A file of a service's folder, besides `mod.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientFile {
    /// The one `impl Client`.
    Operations,
    /// The request builders.
    Requests,
    /// The schema types and their impls.
    Types,
    /// The validators.
    Validate,
}

impl ClientFile {
    const ALL: [ClientFile; 4] = [
        ClientFile::Operations,
        ClientFile::Requests,
        ClientFile::Types,
        ClientFile::Validate,
    ];

    fn name(self) -> &'static str {
        match self {
            ClientFile::Operations => "operations",
            ClientFile::Requests => "requests",
            ClientFile::Types => "types",
            ClientFile::Validate => "validate",
        }
    }

    fn doc(self, title: &str) -> String {
        match self {
            ClientFile::Operations => format!("The methods of the `Client` for {title}: one per operation, each returning\nthe operation's request builder."),
            ClientFile::Requests => "One request builder per operation: optional parameters are its setters; `.await`\nit (or `send()` it), or `stream()` every item of a list.".to_owned(),
            ClientFile::Types => "The types of the description's schemas (converting JSON into one validates it\nfirst), their builders, and how request bodies are sent.".to_owned(),
            ClientFile::Validate => "The validators the types and the parameters are checked with: one function per\nschema node that needs one.".to_owned(),
        }
    }

    /// How `mod.rs` brings the file's items in: the builders and types are the
    /// module's own (re-exported), the validators are for the module's files only.
    fn import(self) -> TokenStream {
        let name = ident(self.name());
        match self {
            ClientFile::Operations => quote!(),
            ClientFile::Requests | ClientFile::Types => quote!(pub use #name::*;),
            ClientFile::Validate => quote!(use #name::*;),
        }
    }
}

/// The generated module for one endpoint description. `specs` are the crate's flowSpec
/// modules (flow request bodies get typed by them). With [`Ahead::FORMAT`] (the crate
/// layout) the service's files are formatted as they are made (see `jobs`).
pub fn module(
    api: &Api,
    specs: &[FlowSpecTypes],
    formats: bool,
    ahead: Ahead,
) -> Result<(Module, Vec<Diagnostic>)> {
    let plan = plan::plan(api, specs, formats)?;
    let mut scope = crate::ir::names::Scope::default();
    let names = super::validate::names(&plan.unit, &mut scope);
    let file = |file: ClientFile, items: Items| ModuleFile {
        name: file.name().to_owned(),
        doc: file.doc(&api.title),
        items,
    };
    let made = jobs::files(&plan, formats, &names, ahead.formats())?;
    // In the order of `ClientFile::ALL`.
    let files = vec![
        file(ClientFile::Operations, made.operations),
        file(ClientFile::Requests, made.requests),
        file(ClientFile::Types, made.types),
        file(ClientFile::Validate, made.validate),
    ];
    let imports = ClientFile::ALL.map(ClientFile::import);
    let client = service::client_struct(api);
    let mut warnings = api.warnings.clone();
    warnings.extend(crate::openapi::examples::check(api, &plan.unit));
    warnings.extend(plan.unit.warnings);
    Ok((
        Module {
            name: api.module.clone(),
            kind: ModuleKind::Client,
            source: (*api.doc.file).clone(),
            doc: module_doc(api),
            body: Items::single(quote!(#(#imports)* #client)),
            files,
            samples: Vec::new(),
            shared: Vec::new(),
        },
        warnings,
    ))
}

fn module_doc(api: &Api) -> String {
    let mut doc = format!(
        "A client for {} (generated from `{}`).",
        api.title,
        api.doc.file.display()
    );
    if let Some(d) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(d.trim());
    }
    doc
}

/// The `client/mod.rs` of the crate layout: the service modules and the runtime's
/// client types.
pub fn root(modules: &[&Module]) -> TokenStream {
    let mods = modules.iter().map(|m| ident(&m.name));
    let doc = super::inner_doc(
        "Async clients for the endpoint descriptions in `specs/openapi`, one module per\ndocument. Build one [`Api`] (credentials, sandbox, retries, timeouts), then a\nservice's `Client` from it.",
    );
    quote! {
        #doc
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #(pub mod #mods;)*
        pub use ::flowgen_runtime::http::{
            AdobeError, Api, ApiBuilder, ApiError, AuthProvider, Error, Filter, FlowSpecTypes, IfMatch,
            ImsOAuth, InsecureHttp, OrderBy, RedirectRefused, RetryPolicy, Secret, StaticToken,
            TypedFlow,
        };
        pub use ::flowgen_runtime::http::{
            ConnectionSpecTypes, TypedConnection, TypedSourceConnection, TypedTargetConnection,
        };
    }
}
