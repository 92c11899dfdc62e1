//! Typestate builders. Each required member is a type parameter that starts as
//! `Missing` and becomes the member's type when set, and `build()` exists only when none
//! is `Missing`, so a forgotten required member is a compile error. `build()` validates
//! everything at once and returns every violation.

use super::tokens::{field_serde, ident, rt, rust_type};
use crate::ir::types::{Def, DefId, DefKind, Field, RustType, StructShape, TypeSet};
use heck::ToUpperCamelCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// What a builder setter takes for a field: the plain value inside a validated newtype
/// (checked by `build()`), the field's type otherwise.
pub fn raw_type(f: &Field, types: &TypeSet) -> TokenStream {
    match &f.ty {
        RustType::Named(d) => match &types.def(*d).kind {
            DefKind::Newtype(inner) => rust_type(inner, types),
            _ => rust_type(&f.ty, types),
        },
        other => rust_type(other, types),
    }
}

/// The builder of `def`, if it is a struct or a variant.
pub fn emit(_id: DefId, def: &Def, types: &TypeSet) -> TokenStream {
    let rt = rt();
    let name = ident(&def.name);
    match &def.kind {
        DefKind::Struct(shape) => builder(
            &name,
            shape,
            types,
            quote!(#name),
            quote!(#rt::typed::build(&self)),
        ),
        DefKind::VariantStruct {
            shape,
            parent,
            tag_value,
        } => {
            let parent_name = ident(&types.def(*parent).name);
            let build = quote!(#rt::typed::build_tagged(&self, #parent_name::TAG, #tag_value, #parent_name::TAG_AFTER));
            builder(&name, shape, types, quote!(#parent_name), build)
        }
        _ => quote!(),
    }
}

fn builder(
    name: &Ident,
    shape: &StructShape,
    types: &TypeSet,
    output: TokenStream,
    build: TokenStream,
) -> TokenStream {
    let rt = rt();
    let builder = format_ident!("{}Builder", name);
    let required: Vec<&Field> = shape.fields.iter().filter(|f| f.required).collect();
    let params: Vec<Ident> = required
        .iter()
        .map(|f| format_ident!("__{}", f.rust.trim_end_matches('_').to_upper_camel_case()))
        .collect();
    let missing = quote!(#rt::Missing);
    let field_decls = shape.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let serde = field_serde(f);
        if f.required {
            let p = &params[required.iter().position(|r| r.rust == f.rust).unwrap_or(0)];
            quote!(#serde #fname: #p,)
        } else {
            let raw = raw_type(f, types);
            quote!(#serde #fname: Option<#raw>,)
        }
    });
    let extra_decl = if shape.extra {
        quote!(#[serde(flatten)] extra: #rt::serde_json::Map<String, Value>,)
    } else {
        quote!()
    };
    let init = shape.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        if f.required {
            quote!(#fname: #rt::Missing,)
        } else {
            quote!(#fname: None,)
        }
    });
    let extra_init = if shape.extra {
        quote!(extra: #rt::serde_json::Map::new(),)
    } else {
        quote!()
    };
    let all_fields: Vec<Ident> = shape
        .fields
        .iter()
        .map(|f| ident(&f.rust))
        .chain(shape.extra.then(|| ident("extra")))
        .collect();
    let required_setters = required.iter().enumerate().map(|(i, f)| {
        let fname = ident(&f.rust);
        let raw = raw_type(f, types);
        let others: Vec<&Ident> = params
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, p)| p)
            .collect();
        let before: Vec<TokenStream> = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { missing.clone() } else { quote!(#p) })
            .collect();
        let after: Vec<TokenStream> = params
            .iter()
            .enumerate()
            .map(|(j, p)| if j == i { raw.clone() } else { quote!(#p) })
            .collect();
        let moves = all_fields
            .iter()
            .filter(|x| **x != fname)
            .map(|x| quote!(#x: self.#x,));
        let doc = format!(" Sets the required `{}` member.", f.wire);
        quote! {
            impl<#(#others),*> #builder<#(#before),*> {
                #[doc = #doc]
                pub fn #fname(self, value: impl Into<#raw>) -> #builder<#(#after),*> {
                    #builder { #fname: value.into(), #(#moves)* }
                }
            }
        }
    });
    let optional_setters = shape.fields.iter().filter(|f| !f.required).map(|f| {
        let fname = ident(&f.rust);
        let raw = raw_type(f, types);
        let doc = format!(" Sets the optional `{}` member.", f.wire);
        // `Some(value.into())` of a `()` is clippy's `unit_arg` in generated code.
        let set = if raw.to_string() == "()" {
            quote!({
                let () = value.into();
                Some(())
            })
        } else {
            quote!(Some(value.into()))
        };
        quote! {
            #[doc = #doc]
            pub fn #fname(mut self, value: impl Into<#raw>) -> Self {
                self.#fname = #set;
                self
            }
        }
    });
    let extra_setter = if shape.extra {
        quote! {
            /// Adds a member the schema does not declare.
            pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
                self.extra.insert(key.into(), value.into());
                self
            }
        }
    } else {
        quote!()
    };
    let complete: Vec<TokenStream> = required.iter().map(|f| raw_type(f, types)).collect();
    let doc = format!(" Builds a [`{name}`]: set every required member, then call `build()`, which checks the schema and returns every violation.");
    let defaults = params.iter().map(|p| quote!(#p = #missing));
    let has_optional = shape.fields.iter().any(|f| !f.required) || shape.extra;
    let optional_block = if has_optional {
        quote! {
            impl<#(#params),*> #builder<#(#params),*> {
                #(#optional_setters)*
                #extra_setter
            }
        }
    } else {
        quote!()
    };
    let builder_decl = if params.is_empty() {
        quote!(#builder)
    } else {
        quote!(#builder<#(#defaults),*>)
    };
    let serde = quote!(#[serde(crate = "::flowgen_runtime::serde")]);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #rt::serde::Serialize)]
        #serde
        #[must_use]
        pub struct #builder_decl {
            #(#field_decls)*
            #extra_decl
        }
        impl #name {
            /// Starts a builder.
            pub fn builder() -> #builder {
                #builder { #(#init)* #extra_init }
            }
        }
        #(#required_setters)*
        #optional_block
        impl #builder<#(#complete),*> {
            /// Checks every member against the schema and builds the value.
            pub fn build(self) -> Result<#output, #rt::ValidationErrors> {
                #build
            }
        }
    }
}
