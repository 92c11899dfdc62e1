//! Conditions and failure reports: how a violated keyword becomes `if ... { fail }`.

use super::super::tokens::{is_ident, rt};
use flowgen_runtime::json::JsonType;
use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};

/// `if !cond { fail }`, with the negation written the way a person would (`a < b`
/// rather than `!(a >= b)`), where a failure stops the function in check mode.
pub(super) fn check(cond: TokenStream, path: &str, kind: TokenStream) -> TokenStream {
    fail_if(negate(cond), path, kind)
}

/// The negation of a condition, simplified for comparisons and double negations.
fn negate(cond: TokenStream) -> TokenStream {
    use syn::{BinOp, Expr, UnOp};
    let Ok(expr) = syn::parse2::<Expr>(cond.clone()) else {
        return quote!(!(#cond));
    };
    match expr {
        Expr::Unary(u) if matches!(u.op, UnOp::Not(_)) => {
            let inner = strip_parens(*u.expr);
            quote!(#inner)
        }
        Expr::Binary(b) => {
            let r = &b.right;
            // `x as u64 < y` would read as generics: keep a cast in parentheses.
            let l = match &*b.left {
                Expr::Cast(c) => quote!((#c)),
                l => quote!(#l),
            };
            match b.op {
                BinOp::Eq(_) => quote!(#l != #r),
                BinOp::Ne(_) => quote!(#l == #r),
                BinOp::Ge(_) => quote!(#l < #r),
                BinOp::Le(_) => quote!(#l > #r),
                BinOp::Gt(_) => quote!(#l <= #r),
                BinOp::Lt(_) => quote!(#l >= #r),
                _ => quote!(!(#b)),
            }
        }
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Bool(b),
            ..
        }) => {
            let v = !b.value;
            quote!(#v)
        }
        Expr::Paren(p) => negate(p.expr.to_token_stream()),
        e @ (Expr::Call(_)
        | Expr::MethodCall(_)
        | Expr::Macro(_)
        | Expr::Path(_)
        | Expr::Field(_)) => quote!(!#e),
        e => quote!(!(#e)),
    }
}

fn strip_parens(e: syn::Expr) -> syn::Expr {
    match e {
        syn::Expr::Paren(p) => strip_parens(*p.expr),
        e => e,
    }
}

/// `if violated { fail }`, where a failure stops the function in check mode.
pub(super) fn fail_if(violated: TokenStream, path: &str, kind: TokenStream) -> TokenStream {
    let report = quote!(c.fail(&mut ok, at, #path, || #kind));
    if is_ident(&violated, "true") {
        return quote!(if #report { return false; });
    }
    let violated = if has_top_level_or(&violated) {
        quote!((#violated))
    } else {
        violated
    };
    quote!(if #violated && #report { return false; })
}

/// Whether `a || b` appears outside any bracket, where `&&` would bind tighter.
fn has_top_level_or(tokens: &TokenStream) -> bool {
    let mut previous_bar = false;
    for t in tokens.clone() {
        let bar = matches!(&t, TokenTree::Punct(p) if p.as_char() == '|');
        if bar && previous_bar {
            return true;
        }
        previous_bar = bar;
    }
    false
}

pub(super) fn kw(base: &str, keyword: &str) -> String {
    format!("{base}/{keyword}")
}

fn type_test(t: JsonType, value: &TokenStream) -> TokenStream {
    let rt = rt();
    match t {
        JsonType::Null => quote!(#value.is_null()),
        JsonType::Boolean => quote!(#value.is_boolean()),
        JsonType::Object => quote!(#value.is_object()),
        JsonType::Array => quote!(#value.is_array()),
        JsonType::Number => quote!(#value.is_number()),
        JsonType::String => quote!(#value.is_string()),
        JsonType::Integer => quote!(#rt::json::is_integer(#value)),
    }
}

/// Whether `value` has one of `types`: `v.is_string()`, or `v.is_string() || v.is_null()`.
pub(super) fn type_held(types: &[JsonType], value: &TokenStream) -> TokenStream {
    let tests = types.iter().map(|t| type_test(*t, value));
    quote!(#(#tests)||*)
}

/// Whether `value` has none of `types`, written violated so nothing parses it back to
/// negate it: `!v.is_string()`, or `!(v.is_string() || v.is_null())`.
fn type_violated(types: &[JsonType], value: &TokenStream) -> TokenStream {
    let held = type_held(types, value);
    match types {
        [_] => quote!(!#held),
        _ => quote!(!(#held)),
    }
}

/// The `type` keyword as a statement: `if [guard &&] !v.is_string() && c.fail_type(..) {
/// return false; }`, reporting the value at `at` against the keyword at `path`.
pub(super) fn type_check(
    guard: Option<TokenStream>,
    types: &[JsonType],
    value: &TokenStream,
    at: &TokenStream,
    path: &str,
) -> TokenStream {
    let guard = guard.map(|g| quote!(#g &&));
    let violated = type_violated(types, value);
    let names = type_names(types);
    quote! {
        if #guard #violated && c.fail_type(&mut ok, #at, #path, #names) { return false; }
    }
}

/// The `expected` argument of a type failure: `&[rt::json::JsonType::String, ...]`.
pub(super) fn type_names(types: &[JsonType]) -> TokenStream {
    let rt = rt();
    let names = types.iter().map(|t| {
        let i = format_ident!("{}", format!("{t:?}"));
        quote!(#rt::json::JsonType::#i)
    });
    quote!(&[#(#names),*])
}

pub(super) fn escape(token: &str) -> String {
    let mut s = String::new();
    flowgen_runtime::path::push_escaped(&mut s, token);
    s
}
