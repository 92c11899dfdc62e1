//! Keywords on scalars: `const`, `enum`, numeric bounds, string lengths, patterns, formats.

use super::conditions::{check, kw};
use super::Emitter;
use crate::diag::Diagnostic;
use crate::emit::tokens::{self, limit, rt};
use crate::ir::NodeId;
use crate::schema::Keywords;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

impl Emitter<'_> {
    pub(super) fn const_check(&mut self, c: &Value, path: &str, id: NodeId) -> TokenStream {
        let rt = rt();
        let text = tokens::compact(c);
        let kind = quote!(#rt::ErrorKind::Const { expected: #text });
        let cond = match c {
            Value::String(s) => quote!(v.as_str() == Some(#s)),
            Value::Bool(b) => quote!(v.as_bool() == Some(#b)),
            Value::Null => quote!(v.is_null()),
            Value::Number(n) => {
                let l = limit(n);
                quote!(v.as_number().is_some_and(|n| #rt::json::eq(n, #l)))
            }
            _ => {
                let name = self.static_name(id, "CONST");
                let value = tokens::json_value(c);
                self.statics.push(quote! {
                    static #name: ::std::sync::LazyLock<Value> = ::std::sync::LazyLock::new(|| #value);
                });
                quote!(#rt::json::equal(v, &#name))
            }
        };
        check(cond, path, kind)
    }

    pub(super) fn enum_check(&mut self, values: &[Value], path: &str, id: NodeId) -> TokenStream {
        let rt = rt();
        let text = tokens::compact(&Value::Array(values.to_vec()));
        let kind = quote!(#rt::ErrorKind::Enum { allowed: #text });
        if values.is_empty() {
            return check(quote!(false), path, kind);
        }
        let cond = if values.iter().all(Value::is_string) {
            let s = values.iter().filter_map(Value::as_str);
            quote!(matches!(v.as_str(), Some(#(#s)|*)))
        } else {
            let name = self.static_name(id, "ENUM");
            let value = tokens::json_value(&Value::Array(values.to_vec()));
            self.statics.push(quote! {
                static #name: ::std::sync::LazyLock<Value> = ::std::sync::LazyLock::new(|| #value);
            });
            quote!(#name.as_array().is_some_and(|all| all.iter().any(|e| #rt::json::equal(v, e))))
        };
        check(cond, path, kind)
    }

    pub(super) fn numbers(&self, k: &Keywords<NodeId>, path: &str) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        let bounds = [
            (&k.minimum, "minimum", quote!(ge), quote!(Minimum)),
            (&k.maximum, "maximum", quote!(le), quote!(Maximum)),
            (
                &k.exclusive_minimum,
                "exclusiveMinimum",
                quote!(gt),
                quote!(ExclusiveMinimum),
            ),
            (
                &k.exclusive_maximum,
                "exclusiveMaximum",
                quote!(lt),
                quote!(ExclusiveMaximum),
            ),
        ];
        for (bound, name, op, variant) in bounds {
            if let Some(b) = bound {
                let l = limit(b);
                out.push(check(
                    quote!(#rt::json::#op(n, #l)),
                    &kw(path, name),
                    quote!(#rt::ErrorKind::#variant { limit: #l }),
                ));
            }
        }
        if let Some(m) = &k.multiple_of {
            let l = limit(m);
            out.push(check(
                quote!(#rt::json::is_multiple_of(n, #l)),
                &kw(path, "multipleOf"),
                quote!(#rt::ErrorKind::MultipleOf { divisor: #l }),
            ));
        }
        if out.is_empty() {
            return quote!();
        }
        quote! {
            if let Some(n) = v.as_number() { #(#out)* }
        }
    }

    pub(super) fn strings(&mut self, k: &Keywords<NodeId>, path: &str, id: NodeId) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        // A lower bound of 0 holds for every length: no check (`len < 0` would not compile
        // under `deny(warnings)`).
        let min_length = k.min_length.filter(|m| *m > 0);
        if min_length.is_some() || k.max_length.is_some() {
            out.push(quote!(let len = #rt::json::char_count(s);));
        }
        if let Some(m) = min_length {
            out.push(check(
                quote!(len >= #m),
                &kw(path, "minLength"),
                quote!(#rt::ErrorKind::MinLength { limit: #m }),
            ));
        }
        if let Some(m) = k.max_length {
            out.push(check(
                quote!(len <= #m),
                &kw(path, "maxLength"),
                quote!(#rt::ErrorKind::MaxLength { limit: #m }),
            ));
        }
        if let Some(p) = &k.pattern {
            let at = self.unit.node(id).location.key("pattern");
            if let Err(e) = flowgen_runtime::pattern::compile(p) {
                self.errors.push(
                    Diagnostic::error(
                        at,
                        format!("invalid ECMA-262 regular expression {p:?}: {e}"),
                    )
                    .with_hint("fix the pattern; JSON Schema patterns use JavaScript syntax"),
                );
            }
            let name = self.static_name(id, "PATTERN");
            self.statics
                .push(quote!(static #name: #rt::Pattern = #rt::Pattern::new(#p);));
            out.push(check(
                quote!(#name.is_match(s)),
                &kw(path, "pattern"),
                quote!(#rt::ErrorKind::Pattern { pattern: #p }),
            ));
        }
        if self.formats && (k.content_encoding.is_some() || k.content_media_type.is_some()) {
            let enc = match &k.content_encoding {
                Some(e) => quote!(Some(#e)),
                None => quote!(None),
            };
            let media = match &k.content_media_type {
                Some(m) => quote!(Some(#m)),
                None => quote!(None),
            };
            let keyword = if k.content_media_type.is_some() {
                "contentMediaType"
            } else {
                "contentEncoding"
            };
            let name = k
                .content_media_type
                .clone()
                .or_else(|| k.content_encoding.clone())
                .unwrap_or_default();
            out.push(check(
                quote!(#rt::format::content_is_valid(#enc, #media, s)),
                &kw(path, keyword),
                quote!(#rt::ErrorKind::Format { format: #name }),
            ));
        }
        if let Some(f) = &k.format {
            if self.formats && flowgen_runtime::format::is_known(f) {
                out.push(check(
                    quote!(#rt::format::is_valid(#f, s)),
                    &kw(path, "format"),
                    quote!(#rt::ErrorKind::Format { format: #f }),
                ));
            }
        }
        if out.is_empty() {
            return quote!();
        }
        quote! {
            if let Some(s) = v.as_str() { #(#out)* }
        }
    }
}
