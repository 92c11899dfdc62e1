//! Typestate builders. Each required member is a type parameter that starts as
//! `Missing` and becomes the member's type when set, and `build()` exists only when none
//! is `Missing`, so a forgotten required member is a compile error. `build()` validates
//! everything at once and returns every violation.

use super::tokens::{ident, rt, rust_type};
use crate::ir::types::{Def, DefId, DefKind, Field, RustType, StructShape, TypeSet};
use heck::ToUpperCamelCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// What a builder setter takes for a field: the plain value inside a validated newtype
/// (checked by `build()`), the field's type otherwise.
pub fn raw_type(f: &Field, types: &TypeSet) -> TokenStream {
    rust_type(raw_rust_type(f, types), types)
}

/// The type [`raw_type`] writes: a newtype's inner type, or the field's own.
fn raw_rust_type<'t>(f: &'t Field, types: &'t TypeSet) -> &'t RustType {
    match &f.ty {
        RustType::Named(d) => match &types.def(*d).kind {
            DefKind::Newtype(inner) => inner,
            _ => &f.ty,
        },
        other => other,
    }
}

/// The builder of `def`, if it is a struct or a variant.
/// The name of the builder of the type `name`.
pub fn name_of(name: &str) -> String {
    format!("{name}Builder")
}

/// Whether a type of `kind` gets a builder (when it is built at all).
pub fn has_builder(kind: &DefKind) -> bool {
    matches!(kind, DefKind::Struct(_) | DefKind::VariantStruct { .. })
}

pub fn emit(_id: DefId, def: &Def, types: &TypeSet) -> TokenStream {
    let name = ident(&def.name);
    match &def.kind {
        DefKind::Struct(shape) => {
            builder(&def.name, shape, types, quote!(#name), quote!(m.build()))
        }
        DefKind::VariantStruct {
            shape,
            parent,
            tag_value,
        } => {
            let parent_name = ident(&types.def(*parent).name);
            let build =
                quote!(m.build_tagged(#parent_name::TAG, #tag_value, #parent_name::TAG_AFTER));
            builder(&def.name, shape, types, quote!(#parent_name), build)
        }
        _ => quote!(),
    }
}

fn builder(
    text: &str,
    shape: &StructShape,
    types: &TypeSet,
    output: TokenStream,
    build: TokenStream,
) -> TokenStream {
    let rt = rt();
    let plan = BuilderPlan::new(text, shape, types);
    let builder = &plan.builder;
    let declaration = plan.declaration();
    let start = plan.start();
    let required_setters = plan.required_setters();
    let optional_block = plan.optional_setters();
    let complete: Vec<TokenStream> = plan.required.iter().map(|f| raw_type(f, types)).collect();
    let members = plan.members();
    quote! {
        #declaration
        #start
        #(#required_setters)*
        #optional_block
        impl #builder<#(#complete),*> {
            /// Checks every member against the schema and builds the value.
            pub fn build(self) -> Result<#output, #rt::ValidationErrors> {
                #members
                #build
            }
        }
    }
}

/// What the pieces of one typestate builder share: each required member is a type
/// parameter (`__Name`), [`Missing`](flowgen_runtime::Missing) until it is set.
struct BuilderPlan<'a> {
    /// The built type.
    name: Ident,
    /// `<Name>Builder`.
    builder: Ident,
    shape: &'a StructShape,
    types: &'a TypeSet,
    /// The required members, in order.
    required: Vec<&'a Field>,
    /// The type parameter of each required member.
    params: Vec<Ident>,
}

impl<'a> BuilderPlan<'a> {
    fn new(text: &str, shape: &'a StructShape, types: &'a TypeSet) -> Self {
        let required: Vec<&Field> = shape.fields.iter().filter(|f| f.required).collect();
        let params = required
            .iter()
            .map(|f| format_ident!("__{}", f.rust.trim_end_matches('_').to_upper_camel_case()))
            .collect();
        BuilderPlan {
            name: ident(text),
            builder: ident(&name_of(text)),
            shape,
            types,
            required,
            params,
        }
    }

    /// The builder struct.
    fn declaration(&self) -> TokenStream {
        let rt = rt();
        let (name, builder, params) = (&self.name, &self.builder, &self.params);
        let field_decls = self.shape.fields.iter().map(|f| {
            let fname = ident(&f.rust);
            if f.required {
                let p = &params[self
                    .required
                    .iter()
                    .position(|r| r.rust == f.rust)
                    .unwrap_or(0)];
                quote!(#fname: #p,)
            } else {
                let raw = raw_type(f, self.types);
                quote!(#fname: Option<#raw>,)
            }
        });
        let extra_decl = if self.shape.extra {
            quote!(extra: #rt::serde_json::Map<String, Value>,)
        } else {
            quote!()
        };
        let doc = format!(" Builds a [`{name}`]: set every required member, then call `build()`, which checks the schema and returns every violation.");
        let missing = quote!(#rt::Missing);
        let defaults = params.iter().map(|p| quote!(#p = #missing));
        let builder_decl = if params.is_empty() {
            quote!(#builder)
        } else {
            quote!(#builder<#(#defaults),*>)
        };
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone)]
            #[must_use]
            pub struct #builder_decl {
                #(#field_decls)*
                #extra_decl
            }
        }
    }

    /// The start of `build()`: `m`, the runtime's `ser::Members` with every member set
    /// (under its JSON name, in schema order), then the undeclared ones. Written out
    /// rather than a derived `Serialize` of the builder, which `cargo check` of a
    /// generated crate pays much more for.
    fn members(&self) -> TokenStream {
        let rt = rt();
        let m = ident("m");
        let sets = member_writes(self.shape, &m);
        let extra = self.shape.extra.then(|| quote!(m.extra(self.extra);));
        let mutable = (!self.shape.fields.is_empty() || self.shape.extra).then(|| quote!(mut));
        quote! {
            let #mutable m = #rt::ser::Members::new();
            #(#sets)*
            #extra
        }
    }

    /// `Name::builder()`, every required member missing and every optional one unset.
    fn start(&self) -> TokenStream {
        let rt = rt();
        let (name, builder) = (&self.name, &self.builder);
        let init = self.shape.fields.iter().map(|f| {
            let fname = ident(&f.rust);
            if f.required {
                quote!(#fname: #rt::Missing,)
            } else {
                quote!(#fname: None,)
            }
        });
        let extra_init = if self.shape.extra {
            quote!(extra: #rt::serde_json::Map::new(),)
        } else {
            quote!()
        };
        quote! {
            impl #name {
                /// Starts a builder.
                pub fn builder() -> #builder {
                    #builder { #(#init)* #extra_init }
                }
            }
        }
    }

    /// For each required member, an `impl` whose setter turns its type parameter from
    /// `Missing` into the member's type.
    fn required_setters(&self) -> Vec<TokenStream> {
        let rt = rt();
        let (builder, params) = (&self.builder, &self.params);
        let missing = quote!(#rt::Missing);
        let all_fields: Vec<Ident> = self
            .shape
            .fields
            .iter()
            .map(|f| ident(&f.rust))
            .chain(self.shape.extra.then(|| ident("extra")))
            .collect();
        let with_param = |i: usize, at_i: &TokenStream| -> Vec<TokenStream> {
            params
                .iter()
                .enumerate()
                .map(|(j, p)| if j == i { at_i.clone() } else { quote!(#p) })
                .collect()
        };
        self.required
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let fname = ident(&f.rust);
                let raw = raw_type(f, self.types);
                let others = params
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, p)| p);
                let before = with_param(i, &missing);
                let after = with_param(i, &raw);
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
            })
            .collect()
    }

    /// One `impl` for every state with the setters of the optional members (and of
    /// undeclared members, when the schema allows them); nothing when there are none.
    fn optional_setters(&self) -> TokenStream {
        let (builder, params) = (&self.builder, &self.params);
        let setters = self.shape.fields.iter().filter(|f| !f.required).map(|f| {
            let fname = ident(&f.rust);
            let raw = raw_type(f, self.types);
            let doc = format!(" Sets the optional `{}` member.", f.wire);
            // `Some(value.into())` of a `()` is clippy's `unit_arg` in generated code.
            let set = if *raw_rust_type(f, self.types) == RustType::Null {
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
        let extra_setter = if self.shape.extra {
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
        let has_optional = self.shape.fields.iter().any(|f| !f.required) || self.shape.extra;
        if !has_optional {
            return quote!();
        }
        quote! {
            impl<#(#params),*> #builder<#(#params),*> {
                #(#setters)*
                #extra_setter
            }
        }
    }
}

/// Each declared member of `shape` written to `to` (a runtime `ser` writer: `Object`,
/// `Struct` or `Members`) under its JSON name, in schema order: `req` for a required
/// member, `opt` (absent ones skipped) for an optional one.
pub(crate) fn member_writes<'s>(
    shape: &'s StructShape,
    to: &'s Ident,
) -> impl Iterator<Item = TokenStream> + 's {
    shape.fields.iter().map(move |f| {
        let fname = ident(&f.rust);
        let wire = &f.wire;
        if f.required {
            quote!(#to.req(#wire, &self.#fname);)
        } else {
            quote!(#to.opt(#wire, &self.#fname);)
        }
    })
}
