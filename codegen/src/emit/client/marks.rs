//! The trait impls and marker types that go with a service's schema types
//! (`types.rs`): how each request body type becomes JSON, the flow and connection
//! markers that let typed flows and connections be sent as bodies, and `IfMatch` for every
//! type with an etag.

use crate::emit::tokens::{def_ident, ident};
use crate::ir::types::TypeSet;
use crate::openapi::plan::adobe::ConnectionBody;
use crate::openapi::plan::{Alias, BodyType, Etag, FlowMarker};
use proc_macro2::TokenStream;
use quote::quote;

/// The crate's `flow_specs` module, seen from a file of a service's folder (so the
/// output also works `include!`d below a crate's root), as a doc link target.
const FLOW_SPECS: &str = "super::super::super::flow_specs";

/// [`FLOW_SPECS`] as a path.
fn flow_specs() -> TokenStream {
    quote!(super::super::super::flow_specs)
}

/// `JsonBody` for each body type: a flow sent untyped is still checked against its
/// flowSpec, when the crate has it. Then the `FlowBody` and connection marks.
pub fn bodies(bodies: &[BodyType], types: &TypeSet) -> Vec<TokenStream> {
    let specs = flow_specs();
    let json = bodies.iter().map(|b| {
        let name = def_ident(b.def, types);
        let body = if b.flow {
            quote! {
                let v = rt::http::validated_json(self)?;
                rt::http::check_flow(&v, #specs::find)?;
                Ok(v)
            }
        } else {
            quote!(rt::http::validated_json(self))
        };
        quote!(impl rt::http::JsonBody<#name> for #name {
            fn to_json(&self) -> Result<Value, rt::ValidationErrors> {
                #body
            }
        })
    });
    let flows = bodies.iter().filter(|b| b.flow).map(|b| {
        let name = def_ident(b.def, types);
        quote!(impl rt::http::FlowBody for #name {})
    });
    let connections = bodies.iter().filter_map(|b| {
        let marker = match b.connection? {
            ConnectionBody::Base => quote!(ConnectionBody),
            ConnectionBody::Source => quote!(SourceConnectionBody),
            ConnectionBody::Target => quote!(TargetConnectionBody),
        };
        let name = def_ident(b.def, types);
        Some(quote!(impl rt::http::#marker for #name {}))
    });
    json.chain(flows).chain(connections).collect()
}

/// The marker type of a flowSpec module, so `rt::http::TypedFlow<Marker>` can be sent as a
/// flow body: the struct and its impl, two items that both name the flowSpec module (the
/// caller tags them with it, so the crate layout compiles them only with that flowSpec's
/// feature; see `emit::features`).
pub fn flow_marker(m: &FlowMarker) -> Vec<TokenStream> {
    let specs = flow_specs();
    let s = &m.spec;
    let marker = ident(&m.name);
    let module = ident(&s.module);
    let doc = format!(
        " The flowSpec `{}`: flows built with [`rt::http::TypedFlow<{}>`](rt::http::TypedFlow) take the types of [`flow_specs::{}`]({FLOW_SPECS}::{}).",
        s.name, m.name, s.module, s.module
    );
    let part = |present: bool, name: &str| {
        let n = ident(name);
        if present {
            quote!(#specs::#module::#n)
        } else {
            quote!(rt::http::NoPart)
        }
    };
    let transformation = part(s.transformations, "Transformation");
    let schedule = part(s.schedule, "Schedule");
    let options = part(s.options, "Options");
    let run = part(s.run, "RunParams");
    let declaration = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #marker;
    };
    let types = quote! {
        impl rt::http::FlowSpecTypes for #marker {
            const ID: &'static str = #specs::#module::ID;
            const NAME: &'static str = #specs::#module::NAME;
            const VERSION: Option<&'static str> = #specs::#module::VERSION;
            type Transformation = #transformation;
            type Schedule = #schedule;
            type Options = #options;
            type RunParams = #run;
        }
    };
    vec![declaration, types]
}

/// `IfMatch` for every type with an etag: the etag a read returned is what an update
/// sends back.
pub fn etags(etags: &[Etag], types: &TypeSet) -> Vec<TokenStream> {
    let items = etags.iter().map(|e| {
        let name = def_ident(e.def, types);
        let field = ident(&e.field);
        let get = if e.required {
            quote!(Some(self.#field.as_str()))
        } else {
            quote!(self.#field.as_deref())
        };
        quote! {
            impl rt::http::IfMatch for #name {
                fn etag(&self) -> Option<&str> {
                    #get
                }
            }
        }
    });
    items.collect()
}

/// A type alias for each component that repeats an earlier one's schema.
pub fn aliases(aliases: &[Alias], types: &TypeSet) -> Vec<TokenStream> {
    let items = aliases.iter().map(|a| {
        let name = ident(&a.name);
        let target = def_ident(a.def, types);
        let doc = format!(
            " The schema `#{}`, which is the same as [`{target}`]'s (its type, builder and validators are that one's).",
            a.pointer
        );
        quote! {
            #[doc = #doc]
            pub type #name = #target;
        }
    });
    items.collect()
}
