//! The Rust types of a unit: definitions, serde impls, conversion from validated values
//! and the validator link. Builders are in [`super::builder`].

use super::builder;
use super::tokens::{def_ident, docs, ident, rt, rust_type};
use crate::ir::names::field_name;
use crate::ir::types::{Def, DefId, DefKind, Field, RustType, StructShape, TypeSet};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Emits every type of `types`; `validators` names each node's validator function.
/// With `built`, only the types it marks (the ones a request can send) get builders, the
/// others being only read from responses; without it, every type does.
pub fn emit(types: &TypeSet, validators: &[Ident], built: Option<&[bool]>) -> super::ItemList {
    emit_range(types, validators, built, 0..types.defs.len())
}

/// The items [`emit`] makes for the types of `range` (by definition index), in order:
/// each type's items depend on the type alone, so a range is made on its own.
pub fn emit_range(
    types: &TypeSet,
    validators: &[Ident],
    built: Option<&[bool]>,
    range: std::ops::Range<usize>,
) -> super::ItemList {
    let defs = types.defs.get(range.clone()).unwrap_or_default();
    let items = defs.iter().zip(range).map(|(def, i)| {
        let built = match built {
            Some(marks) => marks.get(i).copied().unwrap_or(false),
            None => true,
        };
        emit_def(DefId(i), def, types, validators, built)
    });
    super::ItemList(items.collect())
}

/// The public types [`emit`] declares for `types` (every type's own name, then its
/// builder's when it has one), in the order it declares them.
pub fn public_names(types: &TypeSet) -> Vec<String> {
    let mut names = Vec::new();
    for def in &types.defs {
        names.push(def.name.clone());
        if super::builder::has_builder(&def.kind) {
            names.push(super::builder::name_of(&def.name));
        }
    }
    names
}

/// The type of a field as declared (with `Box` and `Option`).
pub fn field_type(f: &Field, types: &TypeSet) -> TokenStream {
    let mut t = rust_type(&f.ty, types);
    if f.boxed {
        t = quote!(Box<#t>);
    }
    if !f.required {
        t = quote!(Option<#t>);
    }
    t
}

fn emit_def(
    id: DefId,
    def: &Def,
    types: &TypeSet,
    validators: &[Ident],
    built: bool,
) -> TokenStream {
    let name = ident(&def.name);
    let fallback = match &def.kind {
        DefKind::VariantStruct { .. } => String::new(),
        _ => format!(
            "Generated from `#{}` in {}.",
            pointer_in_doc(def),
            def.location.file.display()
        ),
    };
    let doc = match &def.kind {
        // Written by flowgen, with an intra-doc link: not escaped like schema text.
        DefKind::VariantStruct { .. } => {
            super::tokens::doc_lines(def.docs.description.as_deref().unwrap_or_default())
        }
        _ => docs(&def.docs, &fallback),
    };
    let body = match &def.kind {
        DefKind::Struct(shape) => struct_def(&def.name, shape, types, None),
        DefKind::VariantStruct { shape, parent, .. } => {
            let tag = match &types.def(*parent).kind {
                DefKind::Tagged { tag, .. } => Some(tag.as_str()),
                _ => None,
            };
            struct_def(&def.name, shape, types, tag)
        }
        DefKind::StringEnum(variants) => string_enum(&def.name, variants),
        DefKind::Newtype(inner) => newtype(&name, inner, types),
        DefKind::Tagged {
            tag,
            tag_after,
            variants,
        } => tagged(&def.name, tag, tag_after, variants, types, built),
    };
    let validated = match &def.kind {
        DefKind::VariantStruct { parent, .. } => {
            let parent = def_ident(*parent, types);
            let rt = rt();
            let doc = format!(" Checks this value, as a [`{parent}`], against the schema and returns all violations.");
            quote! {
                impl #name {
                    #[doc = #doc]
                    pub fn validate(&self) -> Result<(), #rt::ValidationErrors> {
                        #parent::from(self.clone()).validate()
                    }
                }
            }
        }
        _ => validated_impls(&name, &def.validators, validators),
    };
    let builders = if built {
        builder::emit(id, def, types)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #body
        #validated
        #builders
    }
}

fn pointer_in_doc(def: &Def) -> String {
    def.location.pointer.clone()
}

/// `Validated` and the impls every validated type shares, through the runtime's
/// `validated!`: the type's validator functions (one per schema node it is checked
/// against) are run in order.
fn validated_impls(
    name: &Ident,
    positions: &[crate::ir::NodeId],
    validators: &[Ident],
) -> TokenStream {
    let rt = rt();
    let calls = positions.iter().map(|p| &validators[p.index()]);
    quote!(#rt::validated!(#name #(, #calls)*);)
}

/// A struct named `text` (a definition's name), with its serde and conversion impls.
fn struct_def(text: &str, shape: &StructShape, types: &TypeSet, tag: Option<&str>) -> TokenStream {
    let name = &ident(text);
    let rt = rt();
    let fields = shape.fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let ty = field_type(f, types);
        let doc = docs(&f.docs, &format!("The `{}` member.", f.wire));
        quote!(#doc pub #fname: #ty,)
    });
    let extra = if shape.extra {
        quote! {
            /// Members the schema does not declare, kept as they came so nothing is lost
            /// on a round trip.
            pub extra: #rt::serde_json::Map<String, Value>,
        }
    } else {
        quote!()
    };
    let serialize = serialize(text, shape);
    let from_valid = from_valid(name, shape, tag);
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #serialize
        #from_valid
    }
}

/// `Serialize` for a struct, written out instead of derived (a derive's expansion is
/// most of what `cargo check` of a generated crate pays for a type): each member under
/// its JSON name in schema order, an absent optional one skipped, then `extra`, through
/// the runtime's `ser::Object` (with `extra`, a map) or `ser::Struct` (without).
fn serialize(text: &str, shape: &StructShape) -> TokenStream {
    let name = ident(text);
    let rt = rt();
    let o = ident("o");
    let writes = super::builder::member_writes(shape, &o);
    let start = if shape.extra {
        quote!(#rt::ser::Object::new(s))
    } else {
        let required = proc_macro2::Literal::usize_unsuffixed(
            shape.fields.iter().filter(|f| f.required).count(),
        );
        let present = shape.fields.iter().filter(|f| !f.required).map(|f| {
            let fname = ident(&f.rust);
            quote!(self.#fname.is_some())
        });
        quote!(#rt::ser::Struct::new(s, #text, #required, &[#(#present),*]))
    };
    let extra = shape.extra.then(|| quote!(o.extra(&self.extra);));
    // Nothing to write: `o` is only ended.
    let mutable = (!shape.fields.is_empty() || shape.extra).then(|| quote!(mut));
    quote! {
        impl #rt::serde::Serialize for #name {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let #mutable o = #start;
                #(#writes)*
                #extra
                o.end()
            }
        }
    }
}

/// `FromValid` for a struct, through the runtime's `from_members!`: the struct's own
/// `from_members` makes one pass over the object that puts each declared member in its
/// slot (`rt::Object::split`) and leaves the rest for `extra`; the tag of a union's
/// variant is looked up with the members and dropped. (A struct has no other inherent
/// function a schema could name, so `from_members` clashes with nothing.)
fn from_valid(name: &Ident, shape: &StructShape, tag: Option<&str>) -> TokenStream {
    let rt = rt();
    // Numbered slots, so no member name can clash with `value`, `at` or `extra`.
    let slots: Vec<Ident> = (0..shape.fields.len())
        .map(|i| format_ident!("m{i}"))
        .collect();
    let takes = shape.fields.iter().zip(&slots).map(|(f, slot)| {
        let fname = ident(&f.rust);
        let wire = &f.wire;
        if f.required {
            quote!(#fname: #rt::convert::required(#slot, #wire, at)?,)
        } else {
            quote!(#fname: #rt::convert::optional(#slot, #wire, at)?,)
        }
    });
    let wires = shape.fields.iter().map(|f| f.wire.as_str()).chain(tag);
    let tag_slot = tag.map(|_| quote!(_));
    // Only the members' conversions report where they are.
    let at = if shape.fields.is_empty() {
        quote!(_at)
    } else {
        quote!(at)
    };
    let (rest, extra) = if shape.extra {
        (quote!(extra), quote!(extra,))
    } else {
        (quote!(_), quote!())
    };
    quote! {
        impl #name {
            fn from_members(o: #rt::Object<'_>, #at: &#rt::Path<'_>) -> #rt::Converted<Self> {
                let ([#(#slots,)* #tag_slot], #rest) = o.split([#(#wires),*]);
                Ok(Self { #(#takes)* #extra })
            }
        }
        #rt::from_members!(#name);
    }
}

fn string_enum(text: &str, variants: &[(String, String)]) -> TokenStream {
    let name = ident(text);
    let rt = rt();
    let idents: Vec<Ident> = variants.iter().map(|(r, _)| ident(r)).collect();
    let wires: Vec<&String> = variants.iter().map(|(_, w)| w).collect();
    let docs = wires
        .iter()
        .map(|w| super::tokens::printable(&format!(" `{w}`")));
    let n = variants.len();
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #[doc = #docs] #idents, )*
        }
        impl #name {
            /// Every value, in schema order.
            pub const ALL: [Self; #n] = [#(Self::#idents),*];
            /// The value as it is written in JSON.
            pub fn as_str(&self) -> &'static str {
                match self { #(Self::#idents => #wires,)* }
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl #rt::serde::Serialize for #name {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_unit_variant(#text, *self as u32, self.as_str())
            }
        }
        impl #rt::FromValid for #name {
            fn from_valid(value: Value, at: &#rt::Path<'_>) -> Result<Self, #rt::ValidationError> {
                match value.as_str() {
                    #(Some(#wires) => Ok(Self::#idents),)*
                    _ => Err(#rt::convert::unrepresentable(at, #text)),
                }
            }
        }
    }
}

fn newtype(name: &Ident, inner: &RustType, types: &TypeSet) -> TokenStream {
    let rt = rt();
    let inner_ty = rust_type(inner, types);
    let impls = if *inner == RustType::Value {
        quote!(#rt::newtype!(#name, #inner_ty);)
    } else {
        quote!(#rt::newtype!(#name, #inner_ty, try_from);)
    };
    quote! {
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(#inner_ty);
        #impls
    }
}

fn tagged(
    text: &str,
    tag: &str,
    after: &[String],
    variants: &[crate::ir::types::Variant],
    types: &TypeSet,
    built: bool,
) -> TokenStream {
    let name = ident(text);
    let rt = rt();
    let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.rust)).collect();
    let structs: Vec<Ident> = variants.iter().map(|v| def_ident(v.def, types)).collect();
    let values: Vec<&String> = variants.iter().map(|v| &v.tag_value).collect();
    let docs = values
        .iter()
        .map(|v| super::tokens::printable(&format!(" `{tag}` is `{v}`.")));
    // The constructors build a variant through its builder, which only sent types have.
    let constructors = variants
        .iter()
        .filter(|_| built)
        .map(|v| constructor(&name, tag, v, types));
    quote! {
        // Variants hold what their branch allows, so their sizes differ by design.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #[doc = #docs] #idents(#structs), )*
        }
        impl #name {
            /// The member that tells the variants apart.
            pub const TAG: &'static str = #tag;
            const TAG_AFTER: &'static [&'static str] = &[#(#after),*];
            /// The value of the tag member.
            pub fn tag(&self) -> &'static str {
                match self { #(Self::#idents(_) => #values,)* }
            }
            #(#constructors)*
        }
        impl #rt::serde::Serialize for #name {
            fn serialize<S: #rt::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#idents(v) => #rt::typed::serialize_tagged(s, v, Self::TAG, #values, Self::TAG_AFTER),)*
                }
            }
        }
        impl #rt::FromValid for #name {
            fn from_valid(value: Value, at: &#rt::Path<'_>) -> Result<Self, #rt::ValidationError> {
                #rt::convert::via_object(value, at, #text)
            }
            fn from_object(o: #rt::Object<'_>, at: &#rt::Path<'_>) -> #rt::Converted<Self> {
                match o.tag(Self::TAG) {
                    #(Some(#values) => <#structs as #rt::FromValid>::from_object(o, at).map(Self::#idents),)*
                    _ => Err(#rt::convert::unrepresentable(at, #text)),
                }
            }
        }
        #(
            impl From<#structs> for #name {
                fn from(value: #structs) -> Self {
                    Self::#idents(value)
                }
            }
        )*
    }
}

/// `Union::variant(required members...)`: builds and validates one variant, when it has
/// at most three required members (beyond that, positional arguments are too easy to
/// mix up and the variant's builder is the way).
fn constructor(
    parent: &Ident,
    tag: &str,
    v: &crate::ir::types::Variant,
    types: &TypeSet,
) -> TokenStream {
    let rt = rt();
    let DefKind::VariantStruct { shape, .. } = &types.def(v.def).kind else {
        return quote!();
    };
    let required: Vec<&Field> = shape.fields.iter().filter(|f| f.required).collect();
    if required.len() > 3 {
        return quote!();
    }
    let fname = format_ident!("{}", field_name(&v.rust));
    let vstruct = def_ident(v.def, types);
    let params = required.iter().map(|f| {
        let p = ident(&f.rust);
        let raw = builder::raw_type(f, types);
        quote!(#p: impl Into<#raw>)
    });
    let sets = required.iter().map(|f| {
        let p = ident(&f.rust);
        quote!(.#p(#p))
    });
    let doc = format!(
        " A [`{parent}`] whose `{tag}` is `{}`, checked against the schema.",
        v.tag_value
    );
    quote! {
        #[doc = #doc]
        pub fn #fname(#(#params),*) -> Result<Self, #rt::ValidationErrors> {
            #vstruct::builder() #(#sets)* .build()
        }
    }
}
