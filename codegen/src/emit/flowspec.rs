//! What a flowSpec module has besides its schema types: its identity constants, the
//! enum over its transformations, the part validator and its registry entry; and the
//! `flow_specs` module that lists them all.

use super::named::{NamedEnum, Variant};
use super::tokens::{ident, rt};
use crate::ir::names::{type_name, Scope};
use crate::ir::types::{DefId, TypeSet};
use crate::load::{FlowSpec, PartKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type name of each part's root type.
pub fn root_name(kind: &PartKind) -> String {
    match kind {
        PartKind::Options => "Options".into(),
        PartKind::Schedule => "Schedule".into(),
        PartKind::Run => "RunParams".into(),
        PartKind::Transformation(n) => format!("{}Params", type_name(n)),
    }
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
    let keys: Vec<String> = spec.parts.iter().map(|p| p.kind.registry_key()).collect();
    let root_idents: Vec<_> = roots.iter().map(|d| ident(&types.def(*d).name)).collect();
    let transformation = transformation_enum(spec, types, roots);
    let check = if keys.is_empty() {
        // A flowSpec without schemas knows no part (and has no use for the value).
        quote! {
            let _ = value;
            Err(#rt::registry::unknown_part(part))
        }
    } else {
        quote! {
            match part {
                #(#keys => <#root_idents as TryFrom<Value>>::try_from(value.clone()).map(|_| ()),)*
                _ => Err(#rt::registry::unknown_part(part)),
            }
        }
    };
    quote! {
        /// The flowSpec's id.
        pub const ID: &str = #id;
        /// The flowSpec's name.
        pub const NAME: &str = #name;
        /// The flowSpec's version, when it states one.
        pub const VERSION: Option<&str> = #version;
        /// The parts this flowSpec defines, as the registry names them.
        pub const PARTS: &[&str] = &[#(#keys),*];

        #transformation

        /// Validates `value` as `part` (one of [`PARTS`]) by converting it into the
        /// part's generated type.
        pub fn validate_part(part: &str, value: &Value) -> Result<(), #rt::ValidationErrors> {
            #check
        }

        /// This flowSpec's registry entry.
        pub static ENTRY: #rt::FlowSpecEntry = #rt::FlowSpecEntry {
            id: ID,
            name: NAME,
            version: VERSION,
            parts: PARTS,
            validator: validate_part,
        };
    }
}

fn transformation_enum(spec: &FlowSpec, types: &TypeSet, roots: &[DefId]) -> TokenStream {
    let rt = rt();
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    for (part, def) in spec.parts.iter().zip(roots) {
        if let PartKind::Transformation(n) = &part.kind {
            let params = ident(&types.def(*def).name);
            variants.push(Variant {
                wire: n.clone(),
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
