//! Small helpers for building Rust tokens.

use crate::ir::types::{DefId, Docs, RustType, TypeSet};
use flowgen_runtime::PartKey;
use proc_macro2::{Ident, Literal, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use serde_json::{Number, Value};

/// An identifier (already sanitised by [`crate::ir::names`]).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The path of the runtime crate in generated code (every module starts with
/// [`prelude`]).
pub fn rt() -> TokenStream {
    quote!(rt)
}

/// The `use` lines every generated module starts with. Generated type names never
/// shadow these or the standard prelude (see [`crate::ir::names`]).
pub fn prelude() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use ::flowgen_runtime as rt;
        #[allow(unused_imports)]
        use rt::serde_json::Value;
    }
}

/// The tokens of a type.
pub fn rust_type(ty: &RustType, types: &TypeSet) -> TokenStream {
    match ty {
        RustType::Value => quote!(Value),
        RustType::Bool => quote!(bool),
        RustType::Integer => quote!(i64),
        RustType::Number => quote!(f64),
        RustType::String => quote!(String),
        RustType::Secret => quote!(rt::Secret),
        RustType::Null => quote!(()),
        RustType::Map => quote!(rt::serde_json::Map<String, Value>),
        RustType::Vec(inner) => {
            let inner = rust_type(inner, types);
            quote!(Vec<#inner>)
        }
        RustType::Named(d) => def_ident(*d, types).into_token_stream(),
    }
}

/// The identifier of a named type.
pub fn def_ident(d: DefId, types: &TypeSet) -> Ident {
    ident(&types.def(d).name)
}

trait IntoTokens {
    fn into_token_stream(self) -> TokenStream;
}

impl IntoTokens for Ident {
    fn into_token_stream(self) -> TokenStream {
        quote!(#self)
    }
}

/// `#[doc = "..."]` lines from a schema's title, description and default.
pub fn docs(d: &Docs, fallback: &str) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(t) = &d.title {
        paragraphs.push(escape_doc(t.trim()));
    }
    if let Some(desc) = &d.description {
        if d.title.as_deref().map(str::trim) != Some(desc.trim()) {
            paragraphs.push(escape_doc(desc.trim()));
        }
    }
    if paragraphs.is_empty() && !fallback.is_empty() {
        paragraphs.push(fallback.to_owned());
    }
    if let Some(def) = &d.default {
        paragraphs.push(format!(
            "Default: `{}` (documentation only: an absent member stays absent).",
            compact(def)
        ));
    }
    doc_lines(&paragraphs.join("\n\n"))
}

/// Control characters (a bare carriage return is an error in a doc comment) spelled out.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `#[doc]` attributes, one per line of `text` (flowgen's own text: not escaped).
pub fn doc_lines(text: &str) -> TokenStream {
    let text = super::markdown::tidy(text);
    let lines = text.lines().map(|l| {
        let l = format!(" {}", printable(l));
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// Neutralises text that rustdoc would read as markup it cannot resolve.
fn escape_doc(line: &str) -> String {
    line.replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Compact JSON text of `v`.
pub fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A `Limit` literal for a schema number.
pub fn limit(n: &Number) -> TokenStream {
    let rt = rt();
    if let Some(i) = n.as_i64() {
        let l = Literal::i64_suffixed(i);
        quote!(#rt::json::Limit::Int(#l))
    } else if let Some(u) = n.as_u64() {
        let l = Literal::u64_suffixed(u);
        quote!(#rt::json::Limit::Uint(#l))
    } else {
        let l = Literal::f64_suffixed(n.as_f64().unwrap_or(0.0));
        quote!(#rt::json::Limit::Float(#l))
    }
}

/// An expression building `v` as a `serde_json::Value`.
pub fn json_value(v: &Value) -> TokenStream {
    let rt = rt();
    match v {
        Value::Null => quote!(Value::Null),
        Value::Bool(b) => quote!(Value::Bool(#b)),
        Value::String(s) => quote!(Value::String(String::from(#s))),
        _ => {
            let text = compact(v);
            quote!(#rt::serde_json::from_str::<Value>(#text).unwrap_or_default())
        }
    }
}

/// Whether `tokens` mention the identifier `name` anywhere.
pub fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == name,
        TokenTree::Group(g) => mentions(&g.stream(), name),
        _ => false,
    })
}

/// A pattern binding `name` when `body` uses it, `_` otherwise.
pub fn bind(body: &TokenStream, name: &str) -> TokenStream {
    if mentions(body, name) {
        ident(name).into_token_stream()
    } else {
        quote!(_)
    }
}

/// Whether `tokens` is exactly the identifier `name`.
pub fn is_ident(tokens: &TokenStream, name: &str) -> bool {
    let mut it = tokens.clone().into_iter();
    matches!((it.next(), it.next()), (Some(TokenTree::Ident(i)), None) if i == name)
}

/// The statements of `tokens` when it is one `{ ... }` block, so they can join the block
/// they are written into; `tokens` otherwise.
pub fn unblock(tokens: TokenStream) -> TokenStream {
    let mut it = tokens.clone().into_iter();
    match (it.next(), it.next()) {
        (Some(TokenTree::Group(g)), None) if g.delimiter() == proc_macro2::Delimiter::Brace => {
            g.stream()
        }
        _ => tokens,
    }
}

/// `name`, or `_name` when the body does not use it.
pub fn param(body: &TokenStream, name: &str) -> Ident {
    if mentions(body, name) {
        ident(name)
    } else {
        format_ident!("_{}", name)
    }
}

/// The body of a registry module (`flow_specs`, `connection_specs`): `ALL` over the
/// `ENTRY` of each of `modules` (their Rust names), `all()` and `find(name_or_id)`.
/// `entry` is the runtime's entry type, `what` the kind of spec and `order` the order
/// `all()` lists them in, for the docs. `cfgs` holds the `#[cfg]` of each module (as
/// many as `modules`, or none when nothing is gated): a module left out by its feature is
/// left out of the registry.
pub fn registry(
    entry: &str,
    what: &str,
    order: &str,
    modules: &[String],
    cfgs: &[TokenStream],
) -> TokenStream {
    let rt = rt();
    let entry = ident(entry);
    let mods: Vec<_> = modules.iter().map(|m| ident(m)).collect();
    let cfgs = (0..modules.len()).map(|i| cfgs.get(i).cloned().unwrap_or_default());
    let all_doc = format!(
        " Every {what} this crate was generated from (and its features enable), in {order}."
    );
    let find_doc = format!(" The {what} with this name or id.");
    quote! {
        pub use #rt::#entry;

        static ALL: &[&#entry] = &[#(#cfgs &#mods::ENTRY),*];

        #[doc = #all_doc]
        pub fn all() -> &'static [&'static #entry] {
            ALL
        }

        #[doc = #find_doc]
        pub fn find(name_or_id: &str) -> Option<&'static #entry> {
            ALL.iter().copied().find(|e| e.name == name_or_id || e.id == name_or_id)
        }
    }
}

/// The expression for `key` in generated code: `rt::PartKey::Schedule`,
/// `rt::PartKey::transformation("Copy")` (`const`, so it can stand in `PARTS`).
fn part_key_expr(key: &PartKey) -> TokenStream {
    let rt = rt();
    match key {
        PartKey::Options => quote!(#rt::PartKey::Options),
        PartKey::Schedule => quote!(#rt::PartKey::Schedule),
        PartKey::Run => quote!(#rt::PartKey::Run),
        PartKey::Source => quote!(#rt::PartKey::Source),
        PartKey::Target => quote!(#rt::PartKey::Target),
        PartKey::ExploreRequest => quote!(#rt::PartKey::ExploreRequest),
        PartKey::Transformation(n) => quote!(#rt::PartKey::transformation(#n)),
        PartKey::Auth(n) => quote!(#rt::PartKey::auth(#n)),
        PartKey::ExploreResponse(n) => quote!(#rt::PartKey::explore_response(#n)),
    }
}

/// The match pattern for `key` in generated code: `rt::PartKey::Schedule`,
/// `rt::PartKey::Transformation(name) if name == "Copy"`.
fn part_key_pattern(key: &PartKey) -> TokenStream {
    let rt = rt();
    let named = |variant: &str, n: &str| {
        let variant = ident(variant);
        if n.is_empty() {
            // `name == ""` is clippy's `comparison_to_empty` in generated code.
            quote!(#rt::PartKey::#variant(name) if name.is_empty())
        } else {
            quote!(#rt::PartKey::#variant(name) if name == #n)
        }
    };
    match key {
        PartKey::Transformation(n) => named("Transformation", n),
        PartKey::Auth(n) => named("Auth", n),
        PartKey::ExploreResponse(n) => named("ExploreResponse", n),
        single => part_key_expr(single),
    }
}

/// A spec module's `PARTS` and `validate_part`: the keys of its parts and the check of
/// a value against one, by converting it into the part's type (`types[i]` for
/// `keys[i]`). `what` is `flowSpec` or `connectionSpec`.
pub fn part_validator(what: &str, keys: &[PartKey], types: &[TokenStream]) -> TokenStream {
    let rt = rt();
    let exprs = keys.iter().map(part_key_expr);
    let patterns = keys.iter().map(part_key_pattern);
    let check = if keys.is_empty() {
        // A spec without schemas knows no part (and has no use for the value).
        quote! {
            let _ = value;
            Err(#rt::registry::unknown_part(part))
        }
    } else {
        quote! {
            match part {
                #(#patterns => <#types as TryFrom<Value>>::try_from(value.clone()).map(|_| ()),)*
                _ => Err(#rt::registry::unknown_part(part)),
            }
        }
    };
    let parts_doc = format!(" The parts this {what} defines.");
    quote! {
        #[doc = #parts_doc]
        pub const PARTS: &[#rt::PartKey] = &[#(#exprs),*];

        /// Validates `value` as `part` (one of [`PARTS`]) by converting it into the
        /// part's generated type; any other part is an error.
        pub fn validate_part(part: &#rt::PartKey, value: &Value) -> Result<(), #rt::ValidationErrors> {
            #check
        }
    }
}
