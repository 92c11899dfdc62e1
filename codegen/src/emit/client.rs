//! The `client` module of the generated crate: one module per endpoint description, with
//! the types of its schemas (through the JSON Schema pipeline, so they validate like
//! flowSpec types), a `Client` with one method per operation ([`super::client_ops`]),
//! and, where a request body is a flow, markers that type flows by their flowSpec.

use super::client_ops::{self, OpTypes};
use super::tokens::{self, ident};
use super::{Module, ModuleKind};
use crate::diag::{Diagnostic, Error, Result};
use crate::ir::names::{type_name, Scope};
use crate::ir::refs::{Remotes, Spot, Store};
use crate::ir::shape::Shaper;
use crate::ir::types::{DefId, DefKind, RustType, TypeSet};
use crate::ir::{self, NodeId, Unit};
use crate::openapi::{Api, Success};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// What the client needs to know of a flowSpec module to type flows by it.
#[derive(Debug, Clone)]
pub struct FlowSpecTypes {
    /// The `flow_specs` module name.
    pub module: String,
    /// The flowSpec's name.
    pub name: String,
    /// Whether it has a `scheduleSpec` (type `Schedule`).
    pub schedule: bool,
    /// Whether it has an `optionSpec` (type `Options`).
    pub options: bool,
    /// Whether it has transformations (enum `Transformation`).
    pub transformations: bool,
    /// Whether it has a `runSpec` (type `RunParams`).
    pub run: bool,
}

/// Names every generated service module's items take besides schema types.
const TAKEN: &[&str] = &["Client", "DEFAULT_BASE_URL", "SERVER_URLS", "Value", "rt"];

/// The schema pointer a `$ref` chain starting at `pointer` ends on, if the node there is a
/// bare `$ref` (annotations aside).
fn ref_target(api: &Api, pointer: &str) -> Option<String> {
    let mut pointer = pointer.to_owned();
    let mut hops = 0;
    loop {
        let v = api.doc.value.pointer(&pointer)?;
        let obj = v.as_object()?;
        let r = obj.get("$ref").and_then(Value::as_str)?;
        let only_ref = obj.keys().all(|k| {
            matches!(
                k.as_str(),
                "$ref" | "description" | "summary" | "example" | "examples"
            )
        });
        if !only_ref {
            return None;
        }
        pointer = r.strip_prefix('#')?.to_owned();
        hops += 1;
        if hops > 32 {
            return None;
        }
        if api.schemas.iter().any(|(_, l)| l.pointer == pointer) {
            return Some(pointer);
        }
    }
}

/// Component schemas in an order where a schema comes after those it references, so each
/// gets its own name rather than one derived from where it is first used.
fn component_order(api: &Api) -> Vec<usize> {
    let index: HashMap<&str, usize> = api
        .schemas
        .iter()
        .enumerate()
        .map(|(i, (_, l))| (l.pointer.as_str(), i))
        .collect();
    let deps: Vec<Vec<usize>> = api
        .schemas
        .iter()
        .map(|(_, l)| {
            let mut out = Vec::new();
            if let Some(v) = api.doc.value.pointer(&l.pointer) {
                collect_refs(v, &mut |r| {
                    if let Some(i) = r.strip_prefix('#').and_then(|p| index.get(p)) {
                        out.push(*i);
                    }
                });
            }
            out
        })
        .collect();
    let mut done = vec![false; deps.len()];
    let mut order = Vec::new();
    for start in 0..deps.len() {
        // Iterative post-order depth-first walk.
        let mut stack = vec![(start, 0usize)];
        while let Some((n, next)) = stack.pop() {
            if next == 0 && done[n] {
                continue;
            }
            done[n] = true;
            if let Some(&d) = deps[n].get(next) {
                stack.push((n, next + 1));
                if !done[d] {
                    stack.push((d, 0));
                }
            } else {
                order.push(n);
            }
        }
    }
    order
}

fn collect_refs(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(s)) => f(s),
                    ("example" | "examples", _) => {}
                    _ => collect_refs(x, f),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, f)),
        _ => {}
    }
}

/// The generated module for one endpoint description. `specs` are the crate's flowSpec
/// modules (flow request bodies get typed by them); the module refers to them as
/// `super::super::flow_specs`, so the output also works `include!`d below a crate's root.
pub fn module(
    api: &Api,
    specs: &[FlowSpecTypes],
    formats: bool,
) -> Result<(Module, Vec<Diagnostic>)> {
    let mut store = Store::new(Remotes::default());
    let index = store.add_doc(api.doc.clone());
    let root = Spot {
        doc: index,
        pointer: String::new(),
    };
    let base = url::Url::parse(&format!("flowgen:///openapi/{}", api.module))
        .map_err(|e| Error::Internal(e.to_string()))?;
    store.add_resource(root, base);
    let spot = |pointer: &str| Spot {
        doc: index,
        pointer: pointer.to_owned(),
    };

    // Names of the operation builders come first, so schema types never take them.
    let mut op_names = Scope::with(TAKEN);
    let builders: Vec<String> = api
        .operations
        .iter()
        .map(|o| op_names.unique(&type_name(&o.id)))
        .collect();
    let mut taken: Vec<&str> = TAKEN.to_vec();
    taken.extend(builders.iter().map(String::as_str));

    // Roots: components (dependencies first), inline bodies and responses; then the
    // parameter schemas, which get validators but no types.
    let mut roots: Vec<(Spot, String)> = Vec::new();
    let mut root_of: BTreeMap<String, usize> = BTreeMap::new();
    for i in component_order(api) {
        let (name, at) = &api.schemas[i];
        root_of.insert(at.pointer.clone(), roots.len());
        roots.push((spot(&at.pointer), type_name(name)));
    }
    let mut inline = |pointer: &str, name: String, roots: &mut Vec<(Spot, String)>| {
        let target = ref_target(api, pointer).unwrap_or_else(|| pointer.to_owned());
        if !root_of.contains_key(&target) {
            root_of.insert(target.clone(), roots.len());
            roots.push((spot(&target), name));
        }
        root_of.get(&target).copied()
    };
    let mut body_roots = Vec::new();
    let mut response_roots = Vec::new();
    for (op, builder) in api.operations.iter().zip(&builders) {
        let body = op
            .body
            .as_ref()
            .and_then(|b| b.schema.as_ref())
            .and_then(|s| inline(&s.pointer, format!("{builder}Body"), &mut roots));
        body_roots.push(body);
        let response = match &op.success {
            Success::Json {
                schema: Some(s), ..
            } => inline(&s.pointer, format!("{builder}Response"), &mut roots),
            _ => None,
        };
        response_roots.push(response);
    }
    let typed_roots = roots.len();
    let mut param_nodes: BTreeMap<String, usize> = BTreeMap::new();
    for op in &api.operations {
        for p in op.own_params().filter(|p| !p.if_match) {
            if let Some(s) = &p.schema {
                param_nodes.entry(s.pointer.clone()).or_insert_with(|| {
                    roots.push((spot(&s.pointer), String::from("Param")));
                    roots.len() - 1
                });
            }
        }
    }

    let unit = ir::build(&mut store, &roots)?;
    let shaped = Unit {
        nodes: unit.nodes.clone(),
        roots: unit.roots[..typed_roots].to_vec(),
        warnings: Vec::new(),
    };
    let types = Shaper::new(&shaped, formats, &taken).run();
    let mut entry = types.entry_nodes();
    let param_node = |i: usize| -> NodeId { unit.roots[i].node };
    entry.extend(param_nodes.values().map(|i| param_node(*i)));
    let mut scope = ir::names::Scope::default();
    let validators = super::validate::emit(&unit, formats, &entry, &mut scope)?;
    // Builders only for what a request can send; response types are read, not built.
    let sent: Vec<DefId> = body_roots
        .iter()
        .flatten()
        .map(|i| types.roots[*i])
        .collect();
    let type_items = super::types::emit(&types, &validators.names, Some(&types.reachable(&sent)));
    let fns = &validators.items;

    let named = |root: Option<usize>| root.map(|i| RustType::Named(types.roots[i]));
    let mut ops = Vec::new();
    let mut body_types = Vec::new();
    for (i, (op, builder)) in api.operations.iter().zip(&builders).enumerate() {
        let body = named(body_roots[i]);
        if let Some(RustType::Named(d)) = &body {
            body_types.push(*d);
        }
        let checkers = op
            .own_params()
            .map(|p| {
                p.schema.as_ref().and_then(|s| {
                    param_nodes
                        .get(&s.pointer)
                        .map(|i| validators.names[param_node(*i).index()].clone())
                })
            })
            .collect();
        ops.push(client_ops::operation(
            op,
            builder,
            &OpTypes {
                types: &types,
                body,
                response: named(response_roots[i]),
                checkers,
            },
        ));
    }
    body_types.sort();
    body_types.dedup();
    let flow_bodies = if specs.is_empty() {
        Vec::new()
    } else {
        flow_bodies(&types, &body_types)
    };
    let bodies = body_types.iter().map(|d| {
        let name = tokens::def_ident(*d, &types);
        // A flow sent untyped is still checked against its flowSpec, when the crate
        // has it.
        let body = if flow_bodies.contains(d) {
            quote! {
                let v = rt::http::validated_json(self)?;
                rt::http::check_flow(&v, super::super::flow_specs::find)?;
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
    let flows = flow_items(&types, &body_types, specs);
    let connections = super::connectionspec::client_marks(&types, &body_types);
    let etags = etag_items(&types);
    let client = client_ops::client_struct(api);
    let body = quote! {
        #client
        #(#ops)*
        #(#bodies)*
        #flows
        #connections
        #etags
        #type_items
        #fns
    };
    let doc = module_doc(api);
    let mut warnings = api.warnings.clone();
    warnings.extend(crate::openapi::examples::check(api, &unit));
    warnings.extend(unit.warnings);
    Ok((
        Module {
            name: api.module.clone(),
            kind: ModuleKind::Client,
            source: (*api.doc.file).clone(),
            doc,
            body: super::Items::from_tokens(body),
            samples: Vec::new(),
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

/// `IfMatch` for every struct with an `etag` string member: the etag a read returned is
/// what an update sends back.
fn etag_items(types: &TypeSet) -> TokenStream {
    let items = types.defs.iter().filter_map(|d| {
        let DefKind::Struct(shape) = &d.kind else {
            return None;
        };
        let f = shape
            .fields
            .iter()
            .find(|f| f.wire == "etag" && f.ty == RustType::String && !f.boxed)?;
        let name = ident(&d.name);
        let field = ident(&f.rust);
        let get = if f.required {
            quote!(Some(self.#field.as_str()))
        } else {
            quote!(self.#field.as_deref())
        };
        Some(quote! {
            impl rt::http::IfMatch for #name {
                fn etag(&self) -> Option<&str> {
                    #get
                }
            }
        })
    });
    quote!(#(#items)*)
}

/// For a request body that is a flow (members `flowSpec`, `transformations` and
/// `scheduleParams`): the `FlowBody` marker, and one marker type per flowSpec module so
/// `rt::http::TypedFlow<Marker>` can be sent as that body.
/// The request body types that are flows (members `flowSpec`, `transformations` and
/// `scheduleParams`).
fn flow_bodies(types: &TypeSet, bodies: &[DefId]) -> Vec<DefId> {
    bodies
        .iter()
        .copied()
        .filter(|d| match &types.def(*d).kind {
            DefKind::Struct(s) => ["flowSpec", "transformations", "scheduleParams"]
                .iter()
                .all(|m| s.fields.iter().any(|f| f.wire == *m)),
            _ => false,
        })
        .collect()
}

fn flow_items(types: &TypeSet, bodies: &[DefId], specs: &[FlowSpecTypes]) -> TokenStream {
    let flow_bodies = flow_bodies(types, bodies);
    if flow_bodies.is_empty() || specs.is_empty() {
        return quote!();
    }
    let marks = flow_bodies.iter().map(|d| {
        let name = tokens::def_ident(*d, types);
        quote!(impl rt::http::FlowBody for #name {})
    });
    let mut scope = Scope::with(&["Client"]);
    let markers = specs.iter().map(|s| {
        let marker = ident(&scope.unique(&type_name(&s.name)));
        let module = ident(&s.module);
        let doc = format!(
            " The flowSpec `{}`: flows built with [`rt::http::TypedFlow<{marker}>`](rt::http::TypedFlow) take the types of [`flow_specs::{}`](super::super::flow_specs::{}).",
            s.name, s.module, s.module
        );
        let part = |present: bool, name: &str| {
            let n = ident(name);
            if present {
                quote!(super::super::flow_specs::#module::#n)
            } else {
                quote!(rt::http::NoPart)
            }
        };
        let transformation = part(s.transformations, "Transformation");
        let schedule = part(s.schedule, "Schedule");
        let options = part(s.options, "Options");
        let run = part(s.run, "RunParams");
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct #marker;
            impl rt::http::FlowSpecTypes for #marker {
                const ID: &'static str = super::super::flow_specs::#module::ID;
                const NAME: &'static str = super::super::flow_specs::#module::NAME;
                const VERSION: Option<&'static str> = super::super::flow_specs::#module::VERSION;
                type Transformation = #transformation;
                type Schedule = #schedule;
                type Options = #options;
                type RunParams = #run;
            }
        }
    });
    quote!(#(#marks)* #(#markers)*)
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
