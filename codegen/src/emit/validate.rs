//! One validator function per schema node: straight-line Rust that checks each keyword
//! and reports it with the keyword's schema path. Applicators call the functions of their
//! subschemas, in *check* mode where only the verdict counts (`anyOf`, `oneOf`, `not`,
//! `if`, `contains`, `propertyNames`).

use super::tokens::{self, ident, limit, param, rt};
use crate::diag::{Diagnostic, Error, Result};
use crate::ir::names::{field_name, Scope};
use crate::ir::{NodeId, NodeKind, Unit};
use crate::schema::{Dependency, Items, Keywords};
use flowgen_runtime::json::JsonType;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, ToTokens};
use serde_json::Value;

/// The validator functions of a unit.
pub struct Validators {
    /// The function of each node, by node index.
    pub names: Vec<Ident>,
    /// The functions and the statics they use.
    pub items: TokenStream,
}

/// A readable, stable function name for a node: its JSON pointer as `snake_case`.
fn slug(pointer: &str) -> String {
    let words: Vec<String> = pointer
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|t| field_name(t).trim_end_matches('_').to_owned())
        .collect();
    if words.is_empty() {
        "check_root".to_owned()
    } else {
        format!("check_{}", words.join("_"))
    }
}

/// Emits the validators of the nodes reachable from `entry` (the nodes the generated
/// types check against). `formats` makes `format` an assertion.
pub fn emit(unit: &Unit, formats: bool, entry: &[NodeId], scope: &mut Scope) -> Result<Validators> {
    let names: Vec<Ident> = unit
        .nodes
        .iter()
        .map(|n| ident(&scope.unique(&slug(&n.location.pointer))))
        .collect();
    let mut e = Emitter {
        unit,
        formats,
        names: &names,
        statics: Vec::new(),
        errors: Vec::new(),
    };
    let mut bodies = Vec::new();
    let mut statics = Vec::new();
    for i in 0..unit.nodes.len() {
        bodies.push(e.body(NodeId(i as u32)));
        statics.push(std::mem::take(&mut e.statics));
    }
    if !e.errors.is_empty() {
        return Err(Error::Input(e.errors));
    }
    let index: std::collections::HashMap<String, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), i))
        .collect();
    let mut reachable = vec![false; names.len()];
    let mut stack: Vec<usize> = entry.iter().map(|n| n.index()).collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut reachable[i], true) {
            continue;
        }
        tokens::idents(&bodies[i], &mut |name| {
            if let Some(j) = index.get(name) {
                stack.push(*j);
            }
        });
    }
    let rt = rt();
    let mut items = Vec::new();
    for (i, node) in unit.nodes.iter().enumerate() {
        if !reachable[i] {
            continue;
        }
        let body = &bodies[i];
        let name = &names[i];
        let (v, at, c) = (param(body, "v"), param(body, "at"), param(body, "c"));
        let doc = tokens::printable(&format!(
            " Validates against `#{}` ({}).",
            node.schema_path,
            node.location.file.display()
        ));
        let own = &statics[i];
        items.push(quote! {
            #(#own)*
            #[doc = #doc]
            fn #name(#v: &Value, #at: &#rt::Path<'_>, #c: &mut #rt::Ctx<'_>) -> bool {
                #body
            }
        });
    }
    Ok(Validators {
        names,
        items: quote!(#(#items)*),
    })
}

struct Emitter<'a> {
    unit: &'a Unit,
    formats: bool,
    names: &'a [Ident],
    statics: Vec<TokenStream>,
    errors: Vec<Diagnostic>,
}

/// `if !cond { fail }`, with the negation written the way a person would (`a < b`
/// rather than `!(a >= b)`), where a failure stops the function in check mode.
fn check(cond: TokenStream, path: &str, kind: TokenStream) -> TokenStream {
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
fn fail_if(violated: TokenStream, path: &str, kind: TokenStream) -> TokenStream {
    quote! {
        if #violated {
            ok = false;
            if c.fail(at, #path, || #kind) { return false; }
        }
    }
}

fn kw(base: &str, keyword: &str) -> String {
    format!("{base}/{keyword}")
}

fn type_test(t: JsonType) -> TokenStream {
    let rt = rt();
    match t {
        JsonType::Null => quote!(v.is_null()),
        JsonType::Boolean => quote!(v.is_boolean()),
        JsonType::Object => quote!(v.is_object()),
        JsonType::Array => quote!(v.is_array()),
        JsonType::Number => quote!(v.is_number()),
        JsonType::String => quote!(v.is_string()),
        JsonType::Integer => quote!(#rt::json::is_integer(v)),
    }
}

fn type_name(t: JsonType) -> TokenStream {
    let rt = rt();
    let i = format_ident!("{}", format!("{t:?}"));
    quote!(#rt::json::JsonType::#i)
}

impl Emitter<'_> {
    fn is_true(&self, id: NodeId) -> bool {
        match &self.unit.node(id).kind {
            NodeKind::Bool(b) => *b,
            NodeKind::Schema(k) => **k == Keywords::default(),
        }
    }

    /// A call that reports into the caller's context.
    fn call(&self, id: NodeId, value: TokenStream, at: TokenStream) -> TokenStream {
        self.call_if(None, id, value, at)
    }

    /// A call made only when `guard` holds, as one `if` (so nothing nests needlessly).
    fn call_if(
        &self,
        guard: Option<TokenStream>,
        id: NodeId,
        value: TokenStream,
        at: TokenStream,
    ) -> TokenStream {
        if self.is_true(id) {
            return quote!();
        }
        let f = &self.names[id.index()];
        let guard = guard.map(|g| quote!(#g &&));
        quote! {
            if #guard !#f(#value, #at, c) {
                ok = false;
                if c.stops() { return false; }
            }
        }
    }

    /// A call that only wants the verdict.
    fn verdict(&self, id: NodeId, value: TokenStream) -> TokenStream {
        if self.is_true(id) {
            return quote!(true);
        }
        let f = &self.names[id.index()];
        let rt = rt();
        quote!(#f(#value, at, &mut #rt::Ctx::check()))
    }

    fn body(&mut self, id: NodeId) -> TokenStream {
        let node = self.unit.node(id);
        let path = node.schema_path.clone();
        let rt = rt();
        let k = match &node.kind {
            NodeKind::Bool(true) => return quote!(true),
            NodeKind::Bool(false) => {
                return quote! {
                    c.fail(at, #path, || #rt::ErrorKind::FalseSchema);
                    false
                }
            }
            NodeKind::Schema(k) => k.as_ref().clone(),
        };
        if let Some(target) = k.reference {
            let f = &self.names[target.index()];
            return quote!(#f(v, at, c));
        }
        let mut out = Vec::new();
        if let Some(types) = &k.types {
            let tests = types.iter().map(|t| type_test(*t));
            let names = types.iter().map(|t| type_name(*t));
            out.push(check(
                quote!(#(#tests)||*),
                &kw(&path, "type"),
                quote!(#rt::ErrorKind::Type { expected: &[#(#names),*] }),
            ));
        }
        if let Some(c) = &k.constant {
            out.push(self.const_check(c, &kw(&path, "const"), id));
        }
        if let Some(e) = &k.enumeration {
            out.push(self.enum_check(e, &kw(&path, "enum"), id));
        }
        out.push(self.numbers(&k, &path));
        out.push(self.strings(&k, &path, id));
        out.push(self.arrays(&k, &path));
        out.push(self.objects(&k, &path, id));
        out.push(self.applicators(&k, &path));
        out.retain(|t| !t.is_empty());
        if out.is_empty() {
            return quote!(true);
        }
        quote! {
            let mut ok = true;
            #(#out)*
            ok
        }
    }

    fn static_name(&self, id: NodeId, what: &str) -> Ident {
        format_ident!(
            "{}_{}",
            self.names[id.index()].to_string().to_uppercase(),
            what
        )
    }

    fn const_check(&mut self, c: &Value, path: &str, id: NodeId) -> TokenStream {
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

    fn enum_check(&mut self, values: &[Value], path: &str, id: NodeId) -> TokenStream {
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
            quote!(#name.as_array().is_some_and(|all| all.iter().any(|e| #rt::json::equal(e, v))))
        };
        check(cond, path, kind)
    }

    fn numbers(&self, k: &Keywords<NodeId>, path: &str) -> TokenStream {
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
            if let Value::Number(n) = v { #(#out)* }
        }
    }

    fn strings(&mut self, k: &Keywords<NodeId>, path: &str, id: NodeId) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        if k.min_length.is_some() || k.max_length.is_some() {
            out.push(quote!(let len = #rt::json::char_count(s);));
        }
        if let Some(m) = k.min_length {
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
            if let Value::String(s) = v { #(#out)* }
        }
    }

    fn arrays(&self, k: &Keywords<NodeId>, path: &str) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        if let Some(m) = k.min_items {
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
                let call = self.call(*s, quote!(x), quote!(&at.index(i)));
                out.push(quote!(for (i, x) in a.iter().enumerate() { #call }));
            }
            Some(Items::Tuple(schemas)) => {
                for (i, s) in schemas.iter().enumerate() {
                    let call = self.call(*s, quote!(x), quote!(&at.index(#i)));
                    if !call.is_empty() {
                        let get = if i == 0 {
                            quote!(a.first())
                        } else {
                            quote!(a.get(#i))
                        };
                        out.push(quote!(if let Some(x) = #get { #call }));
                    }
                }
                if let Some(extra) = k.additional_items {
                    let n = schemas.len();
                    if matches!(self.unit.node(extra).kind, NodeKind::Bool(false)) {
                        let p = kw(path, "additionalItems");
                        out.push(quote! {
                            if a.len() > #n {
                                ok = false;
                                if c.fail(at, #p, || #rt::ErrorKind::AdditionalItems) { return false; }
                            }
                        });
                    } else if !self.is_true(extra) {
                        let call = self.call(extra, quote!(x), quote!(&at.index(i)));
                        out.push(quote!(for (i, x) in a.iter().enumerate().skip(#n) { #call }));
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
            let verdict = self.verdict(s, quote!(x));
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
            if let Value::Array(a) = v { #(#out)* }
        }
    }

    fn objects(&mut self, k: &Keywords<NodeId>, path: &str, id: NodeId) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        if let Some(m) = k.min_properties {
            out.push(check(
                quote!(o.len() as u64 >= #m),
                &kw(path, "minProperties"),
                quote!(#rt::ErrorKind::MinProperties { limit: #m }),
            ));
        }
        if let Some(m) = k.max_properties {
            out.push(check(
                quote!(o.len() as u64 <= #m),
                &kw(path, "maxProperties"),
                quote!(#rt::ErrorKind::MaxProperties { limit: #m }),
            ));
        }
        for r in &k.required {
            out.push(check(
                quote!(o.contains_key(#r)),
                &kw(path, "required"),
                quote!(#rt::ErrorKind::Required { property: #r }),
            ));
        }
        for (name, s) in &k.properties {
            let call = self.call(*s, quote!(x), quote!(&at.key(#name)));
            if !call.is_empty() {
                out.push(quote!(if let Some(x) = o.get(#name) { #call }));
            }
        }
        let additional = k.additional_properties.filter(|a| !self.is_true(*a));
        if !k.pattern_properties.is_empty() || additional.is_some() {
            let mut per_key = Vec::new();
            let declared: Vec<&str> = k.properties.iter().map(|(n, _)| n.as_str()).collect();
            let known_init = if declared.is_empty() {
                quote!(false)
            } else {
                quote!(matches!(key.as_str(), #(#declared)|*))
            };
            for (i, (pattern, s)) in k.pattern_properties.iter().enumerate() {
                let at_loc = self
                    .unit
                    .node(id)
                    .location
                    .key("patternProperties")
                    .key(pattern);
                if let Err(e) = flowgen_runtime::pattern::compile(pattern) {
                    self.errors.push(Diagnostic::error(
                        at_loc,
                        format!("invalid ECMA-262 regular expression {pattern:?}: {e}"),
                    ));
                }
                let name = self.static_name(id, &format!("PATTERN_PROPERTY_{i}"));
                self.statics
                    .push(quote!(static #name: #rt::Pattern = #rt::Pattern::new(#pattern);));
                let call = self.call(*s, quote!(x), quote!(&at.key(key)));
                let mark = if additional.is_some() {
                    quote!(known = true;)
                } else {
                    quote!()
                };
                per_key.push(quote!(if #name.is_match(key) { #mark #call }));
            }
            if let Some(a) = additional {
                let p = kw(path, "additionalProperties");
                if matches!(self.unit.node(a).kind, NodeKind::Bool(false)) {
                    per_key.push(quote! {
                        if !known {
                            ok = false;
                            if c.fail(&at.key(key), #p, || #rt::ErrorKind::AdditionalProperty { property: key.clone() }) { return false; }
                        }
                    });
                } else {
                    per_key.push(self.call_if(
                        Some(quote!(!known)),
                        a,
                        quote!(x),
                        quote!(&at.key(key)),
                    ));
                }
            }
            let known = match (additional.is_some(), k.pattern_properties.is_empty()) {
                (false, _) => quote!(),
                (true, true) => quote!(let known = #known_init;),
                (true, false) => quote!(let mut known = #known_init;),
            };
            let body = quote!(#known #(#per_key)*);
            let binding = if tokens::mentions(&body, "x") {
                quote!((key, x))
            } else {
                quote!((key, _))
            };
            out.push(quote! {
                for #binding in o {
                    #body
                }
            });
        }
        if let Some(s) = k.property_names.filter(|s| !self.is_true(*s)) {
            let verdict = self.verdict(s, quote!(&Value::String(key.clone())));
            let p = kw(path, "propertyNames");
            out.push(quote! {
                for key in o.keys() {
                    if !#verdict {
                        ok = false;
                        if c.fail(at, #p, || #rt::ErrorKind::PropertyName { property: key.clone() }) { return false; }
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
                            quote!(o.contains_key(#name) && !o.contains_key(#r)),
                            &p,
                            quote!(#rt::ErrorKind::Dependency { property: #name, requires: #r }),
                        ));
                    }
                }
                Dependency::Schema(s) => {
                    out.push(self.call_if(
                        Some(quote!(o.contains_key(#name))),
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
        quote! {
            if let Value::Object(o) = v { #(#out)* }
        }
    }

    fn applicators(&self, k: &Keywords<NodeId>, path: &str) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        for s in &k.all_of {
            out.push(self.call(*s, quote!(v), quote!(at)));
        }
        if let Some(any) = &k.any_of {
            let verdicts = any.iter().map(|s| self.verdict(*s, quote!(v)));
            out.push(check(
                quote!(#(#verdicts)||*),
                &kw(path, "anyOf"),
                quote!(#rt::ErrorKind::AnyOf),
            ));
        }
        if let Some(one) = &k.one_of {
            let verdicts = one.iter().map(|s| self.verdict(*s, quote!(v)));
            let p = kw(path, "oneOf");
            out.push(quote! {
                let matched = #(usize::from(#verdicts))+*;
                if matched != 1 {
                    ok = false;
                    if c.fail(at, #p, || #rt::ErrorKind::OneOf { matched }) { return false; }
                }
            });
        }
        if let Some(n) = k.not {
            let verdict = self.verdict(n, quote!(v));
            out.push(check(
                quote!(!#verdict),
                &kw(path, "not"),
                quote!(#rt::ErrorKind::Not),
            ));
        }
        if let Some(test) = k.if_ {
            let then = k
                .then
                .map(|t| self.call(t, quote!(v), quote!(at)))
                .unwrap_or_default();
            let otherwise = k
                .else_
                .map(|t| self.call(t, quote!(v), quote!(at)))
                .unwrap_or_default();
            if !then.is_empty() || !otherwise.is_empty() {
                let verdict = self.verdict(test, quote!(v));
                out.push(quote! {
                    if #verdict { #then } else { #otherwise }
                });
            }
        }
        quote!(#(#out)*)
    }
}

fn escape(token: &str) -> String {
    let mut s = String::new();
    flowgen_runtime::path::push_escaped(&mut s, token);
    s
}
