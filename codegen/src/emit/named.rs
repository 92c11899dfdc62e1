//! Enums over named parts: a flow's transformation (`{"name": ..., "params": {...}}`)
//! and a base connection's auth (`{"specName": ..., "params": {...}}`) are one variant per
//! name, each holding its params type, with the same conversions, serde impls and error
//! paths.

use super::tokens::{doc_lines, ident, printable, rt};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// One named-part enum to emit.
pub struct NamedEnum<'a> {
    /// The enum's name (`Transformation`, `Auth`).
    pub name: &'a str,
    /// The member that holds the part's name on the wire (`name`, `specName`).
    pub key: &'static str,
    /// The enum's doc comment (lines without the leading `///`).
    pub doc: &'a str,
    /// The accessor that returns a value's wire name, and its doc line.
    pub accessor: (&'a str, &'a str),
    /// More methods for the enum's inherent impl (after the accessor).
    pub methods: TokenStream,
    /// Each variant: its wire name, its Rust name, its params type and its doc line.
    pub variants: Vec<Variant>,
}

/// One variant of a [`NamedEnum`].
pub struct Variant {
    /// The part's name as the document spells it.
    pub wire: String,
    /// The variant's Rust name.
    pub ident: Ident,
    /// The type of the variant's params.
    pub params: TokenStream,
    /// The variant's doc line.
    pub doc: String,
}

impl NamedEnum<'_> {
    /// The enum, its accessor, `TryFrom<Value>`, `Serialize` and `Deserialize`. Callers
    /// add their own `From` impls (a params type two variants share gets none).
    pub fn tokens(&self) -> TokenStream {
        if self.variants.is_empty() {
            return quote!();
        }
        let rt = rt();
        let name = ident(self.name);
        let key = self.key;
        let docs = doc_lines(self.doc);
        let (accessor, accessor_doc) = (ident(self.accessor.0), printable(self.accessor.1));
        let wires: Vec<&String> = self.variants.iter().map(|v| &v.wire).collect();
        let idents: Vec<&Ident> = self.variants.iter().map(|v| &v.ident).collect();
        let params: Vec<&TokenStream> = self.variants.iter().map(|v| &v.params).collect();
        let variant_docs = self.variants.iter().map(|v| printable(&v.doc));
        let allowed = serde_json::to_string(&wires).unwrap_or_default();
        let methods = &self.methods;
        quote! {
            #docs
            #[allow(clippy::large_enum_variant)]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #( #[doc = #variant_docs] #idents(#params), )*
            }
            impl #name {
                #[doc = #accessor_doc]
                pub fn #accessor(&self) -> &'static str {
                    match self { #(Self::#idents(_) => #wires,)* }
                }
                #methods
            }
            impl TryFrom<Value> for #name {
                type Error = #rt::ValidationErrors;
                fn try_from(value: Value) -> Result<Self, #rt::ValidationErrors> {
                    let (name, params) = #rt::typed::split_named(value, #key, #allowed)?;
                    match name.as_str() {
                        #(#wires => <#params as TryFrom<Value>>::try_from(params).map(Self::#idents).map_err(|e| e.nested("/params")),)*
                        _ => Err(#rt::typed::unknown_name(#key, #allowed)),
                    }
                }
            }
            impl #rt::serde::Serialize for #name {
                fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self { #(Self::#idents(p) => #rt::typed::serialize_named(serializer, #key, #wires, p),)* }
                }
            }
            impl<'de> #rt::serde::Deserialize<'de> for #name {
                fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <Value as #rt::serde::Deserialize>::deserialize(deserializer)?;
                    Self::try_from(value).map_err(<D::Error as #rt::serde::de::Error>::custom)
                }
            }
        }
    }
}
