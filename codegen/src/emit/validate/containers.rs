//! Keywords on arrays and objects, and the applicators (`allOf`, `anyOf`, `oneOf`, `not`,
//! `if`/`then`/`else`).

use super::conditions::{check, escape, fail_if, kw};
use super::Emitter;
use crate::emit::tokens::{self, rt};
use crate::ir::{NodeId, NodeKind};
use crate::schema::{Dependency, Items, Keywords};
use proc_macro2::TokenStream;
use quote::quote;

impl Emitter<'_> {
    pub(super) fn arrays(&self, k: &Keywords<NodeId>, path: &str) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        if let Some(m) = k.min_items.filter(|m| *m > 0) {
            out.push(check(
                quote!(a.len() as u64 >= #m),
                &kw(path, "minItems"),
                quote!(#rt::ErrorKind::MinItems { limit: #m }),
            ));
        }
        if let Some(m) = k.max_items {
            out.push(check(
                quote!(a.len() as u64 <= #m),
                &kw(path, "maxItems"),
                quote!(#rt::ErrorKind::MaxItems { limit: #m }),
            ));
        }
        if k.unique_items {
            out.push(check(
                quote!(#rt::json::all_unique(a)),
                &kw(path, "uniqueItems"),
                quote!(#rt::ErrorKind::UniqueItems),
            ));
        }
        match &k.items {
            Some(Items::All(s)) if !self.is_true(*s) => {
                let call = tokens::unblock(self.call(*s, quote!(x), quote!(&at.index(i))));
                let (i, x) = (tokens::bind(&call, "i"), tokens::bind(&call, "x"));
                out.push(quote!(for (#i, #x) in a.iter().enumerate() { #call }));
            }
            Some(Items::Tuple(schemas)) => {
                for (i, s) in schemas.iter().enumerate() {
                    let call = tokens::unblock(self.call(*s, quote!(x), quote!(&at.index(#i))));
                    if !call.is_empty() {
                        let get = if i == 0 {
                            quote!(a.first())
                        } else {
                            quote!(a.get(#i))
                        };
                        let x = tokens::bind(&call, "x");
                        out.push(quote!(if let Some(#x) = #get { #call }));
                    }
                }
                if let Some(extra) = k.additional_items {
                    let n = schemas.len();
                    if matches!(self.unit.node(extra).kind, NodeKind::Bool(false)) {
                        let p = kw(path, "additionalItems");
                        out.push(quote! {
                            if a.len() > #n && c.fail(&mut ok, at, #p, || #rt::ErrorKind::AdditionalItems) {
                                return false;
                            }
                        });
                    } else if !self.is_true(extra) {
                        let call =
                            tokens::unblock(self.call(extra, quote!(x), quote!(&at.index(i))));
                        let (i, x) = (tokens::bind(&call, "i"), tokens::bind(&call, "x"));
                        out.push(quote!(for (#i, #x) in a.iter().enumerate().skip(#n) { #call }));
                    }
                }
            }
            _ => {}
        }
        if let Some(s) = k.contains.filter(|s| self.is_true(*s)) {
            let _ = s;
            out.push(fail_if(
                quote!(a.is_empty()),
                &kw(path, "contains"),
                quote!(#rt::ErrorKind::Contains),
            ));
        } else if let Some(s) = k.contains {
            let verdict = self.write(self.verdict(s, quote!(x)));
            out.push(check(
                quote!(a.iter().any(|x| #verdict)),
                &kw(path, "contains"),
                quote!(#rt::ErrorKind::Contains),
            ));
        }
        if out.is_empty() {
            return quote!();
        }
        quote! {
            if let Some(a) = v.as_array() { #(#out)* }
        }
    }

    pub(super) fn objects(&mut self, k: &Keywords<NodeId>, path: &str, id: NodeId) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        if let Some(m) = k.min_properties.filter(|m| *m > 0) {
            out.push(check(
                quote!(#rt::Members::len(o) as u64 >= #m),
                &kw(path, "minProperties"),
                quote!(#rt::ErrorKind::MinProperties { limit: #m }),
            ));
        }
        if let Some(m) = k.max_properties {
            out.push(check(
                quote!(#rt::Members::len(o) as u64 <= #m),
                &kw(path, "maxProperties"),
                quote!(#rt::ErrorKind::MaxProperties { limit: #m }),
            ));
        }
        let members = self.members(k, path, id);
        if !members.is_empty() {
            out.push(members);
        }
        if let Some(s) = k.property_names.filter(|s| !self.is_true(*s)) {
            let verdict = self.write(self.verdict(s, quote!(&Value::String(key.to_owned()))));
            let p = kw(path, "propertyNames");
            out.push(quote! {
                for key in #rt::Members::keys(o) {
                    if !#verdict && c.fail(&mut ok, at, #p, || #rt::ErrorKind::PropertyName { property: key.to_owned() }) {
                        return false;
                    }
                }
            });
        }
        for (name, dep) in &k.dependencies {
            let p = kw(path, &format!("dependencies/{}", escape(name)));
            match dep {
                Dependency::Properties(req) => {
                    for r in req {
                        out.push(fail_if(
                            quote!(#rt::json::has(o, #name) && !#rt::json::has(o, #r)),
                            &p,
                            quote!(#rt::ErrorKind::Dependency { property: #name, requires: #r }),
                        ));
                    }
                }
                Dependency::Schema(s) => {
                    out.push(self.call_if(
                        Some(quote!(#rt::json::has(o, #name))),
                        *s,
                        quote!(v),
                        quote!(at),
                    ));
                }
            }
        }
        if out.is_empty() {
            return quote!();
        }
        let body = quote!(#(#out)*);
        if tokens::mentions(&body, "o") {
            quote!(if let Some(o) = v.as_object() { #body })
        } else {
            // Members read from the owner's pass (see `found`): only the type matters, and
            // a plain `if` would be clippy's `collapsible_if` around a single check.
            quote!(if let Some(_o) = v.as_object() { #body })
        }
    }

    pub(super) fn applicators(&self, k: &Keywords<NodeId>, path: &str) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        for s in &k.all_of {
            out.push(self.call(*s, quote!(v), quote!(at)));
        }
        // A branch that accepts everything satisfies `anyOf` (and `a || true` is clippy's
        // `overly_complex_bool_expr` in generated code).
        if let Some(any) = k
            .any_of
            .as_ref()
            .filter(|a| !a.iter().any(|s| self.is_true(*s)))
        {
            let verdicts = any.iter().map(|s| self.write(self.verdict(*s, quote!(v))));
            out.push(check(
                quote!(#(#verdicts)||*),
                &kw(path, "anyOf"),
                quote!(#rt::ErrorKind::AnyOf),
            ));
        }
        if let Some(one) = &k.one_of {
            let verdicts = one.iter().map(|s| self.write(self.verdict(*s, quote!(v))));
            let p = kw(path, "oneOf");
            out.push(quote! {
                let matched = #(usize::from(#verdicts))+*;
                if matched != 1 && c.fail(&mut ok, at, #p, || #rt::ErrorKind::OneOf { matched }) {
                    return false;
                }
            });
        }
        if let Some(n) = k.not {
            let verdict = self.write(self.verdict(n, quote!(v)));
            out.push(check(
                quote!(!#verdict),
                &kw(path, "not"),
                quote!(#rt::ErrorKind::Not),
            ));
        }
        if let Some(test) = k.if_ {
            // Written without empty branches or nested `if`s (clippy's `needless_else`,
            // `collapsible_if` and `collapsible_else_if` in generated code).
            let always = self.is_true(test);
            let then = k.then.filter(|t| !self.is_true(*t));
            let otherwise = k.else_.filter(|t| !always && !self.is_true(*t));
            // Written (and so recorded as a call) only by a branch that uses it.
            let verdict = self.verdict(test, quote!(v));
            match (then, otherwise) {
                (None, None) => {}
                (Some(t), None) => {
                    let guard = (!always).then(|| self.write(verdict));
                    out.push(self.call_if(guard, t, quote!(v), quote!(at)));
                }
                (None, Some(e)) => {
                    let verdict = self.write(verdict);
                    out.push(self.call_if(Some(quote!(!#verdict)), e, quote!(v), quote!(at)));
                }
                (Some(t), Some(e)) => {
                    let verdict = self.write(verdict);
                    let then = self.call(t, quote!(v), quote!(at));
                    let otherwise = self.call(e, quote!(v), quote!(at));
                    out.push(quote!(if #verdict { #then } else #otherwise));
                }
            }
        }
        quote!(#(#out)*)
    }
}
