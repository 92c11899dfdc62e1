//! What a flowSpec module has besides its schema types: its identity constants, the
//! enum over its transformations, the part validator and its registry entry; and the
//! `flow_specs` module that lists them all.

use super::named::{NamedEnum, Variant};
use super::tokens::{ident, rt};
use crate::ir::names::{type_name, Scope};
use crate::ir::parts::PartRoot;
use crate::ir::types::{DefId, TypeSet};
use crate::load::FlowSpec;
use flowgen_runtime::PartKey;
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type name of each part's root type.
pub fn root_name(key: &PartKey) -> String {
    match key {
        PartKey::Options => "Options".into(),
        PartKey::Schedule => "Schedule".into(),
        PartKey::Run => "RunParams".into(),
        PartKey::Transformation(n) => format!("{}Params", type_name(n)),
        // Not flowSpec parts: the loader never gives them to a flowSpec.
        other => format!("{}Params", type_name(&other.to_string())),
    }
}

/// The names a flowSpec module's own items take, which no schema type may.
pub const TAKEN: &[&str] = &["Transformation"];

/// The root of each part of `spec`, in module `module`.
pub fn roots(spec: &FlowSpec, module: &str) -> Vec<PartRoot> {
    spec.parts
        .iter()
        .enumerate()
        .map(|(i, part)| PartRoot {
            pointer: part.schema.pointer.clone(),
            base: format!("{module}/{i}"),
            type_name: root_name(&part.key),
        })
        .collect()
}

/// The items of a flowSpec module besides the types and validators; `roots` are the
/// types of `spec.parts`, in order.
pub fn items(spec: &FlowSpec, types: &TypeSet, roots: &[DefId]) -> TokenStream {
    let rt = rt();
    let id = &spec.id;
    let name = &spec.name;
    let version = match &spec.version {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let keys: Vec<PartKey> = spec.parts.iter().map(|p| p.key.clone()).collect();
    let root_types: Vec<TokenStream> = roots
        .iter()
        .map(|d| {
            let name = ident(&types.def(*d).name);
            quote!(#name)
        })
        .collect();
    let transformation = transformation_enum(spec, types, roots);
    let part_validator = super::tokens::part_validator("flowSpec", &keys, &root_types);
    quote! {
        /// The flowSpec's id.
        pub const ID: &str = #id;
        /// The flowSpec's name.
        pub const NAME: &str = #name;
        /// The flowSpec's version, when it states one.
        pub const VERSION: Option<&str> = #version;
        #part_validator

        #transformation

        /// This flowSpec's registry entry.
        pub static ENTRY: #rt::FlowSpecEntry =
            #rt::FlowSpecEntry::new(ID, NAME, VERSION, PARTS, validate_part);
    }
}

fn transformation_enum(spec: &FlowSpec, types: &TypeSet, roots: &[DefId]) -> TokenStream {
    let rt = rt();
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    for (part, def) in spec.parts.iter().zip(roots) {
        if let PartKey::Transformation(n) = &part.key {
            let params = ident(&types.def(*def).name);
            variants.push(Variant {
                wire: n.to_string(),
                ident: ident(&scope.unique(&type_name(n))),
                params: quote!(#params),
                doc: format!(" The `{n}` transformation."),
            });
        }
    }
    if variants.is_empty() {
        return quote!();
    }
    let idents: Vec<_> = variants.iter().map(|v| v.ident.clone()).collect();
    let params: Vec<_> = variants.iter().map(|v| v.params.clone()).collect();
    let methods = quote! {
        /// Checks the params against the transformation's spec.
        pub fn validate(&self) -> Result<(), #rt::ValidationErrors> {
            match self { #(Self::#idents(p) => p.validate().map_err(|e| e.nested("/params")),)* }
        }
    };
    let named = NamedEnum {
        name: "Transformation",
        key: "name",
        doc: "A transformation of a flow that uses this flowSpec, written\n`{\"name\": ..., \"params\": {...}}`; the params are checked against the\ntransformation's spec.",
        accessor: ("name", " The transformation's name."),
        methods,
        variants,
    }
    .tokens();
    quote! {
        #named
        #(
            impl From<#params> for Transformation {
                fn from(value: #params) -> Self {
                    Self::#idents(value)
                }
            }
        )*
    }
}

/// The body of the `flow_specs` module: the registry over `modules` (their Rust names).
pub fn registry(modules: &[String], cfgs: &[TokenStream]) -> TokenStream {
    super::tokens::registry("FlowSpecEntry", "flowSpec", "name order", modules, cfgs)
}
