//! `required`, `properties`, `patternProperties` and `additionalProperties` in one pass
//! over an object's members.
//!
//! Each member's name is matched once against the declared and required names (a `match`
//! on string literals, which the compiler turns into length tests and word compares; no
//! hashing), then against the patterns, and what neither knows goes to
//! `additionalProperties`. Required members are ticked off in a bit set during the pass,
//! so a complete object costs one comparison after it; only an incomplete one is searched
//! again to name what is missing. Violations come in the instance's member order, then
//! the missing members in the schema's order.

use super::conditions::kw;
use super::Emitter;
use crate::diag::Diagnostic;
use crate::emit::tokens::{self, rt};
use crate::ir::{NodeId, NodeKind};
use crate::schema::Keywords;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Required names tracked in the pass's bit set (`u64`); beyond that they are looked up.
const TRACKED: usize = 64;

/// One name the pass matches on.
struct Arm<'n> {
    name: &'n str,
    /// Bit to set when the name is required and tracked.
    bit: Option<u64>,
    /// The property's check, if its schema checks anything.
    call: TokenStream,
    /// Whether it is a declared property (known to `additionalProperties`).
    declared: bool,
    /// The property's schema.
    schema: Option<NodeId>,
}

impl Emitter<'_> {
    pub(super) fn members(&mut self, k: &Keywords<NodeId>, path: &str, id: NodeId) -> TokenStream {
        let additional = k.additional_properties.filter(|a| !self.is_true(*a));
        let required_path = kw(path, "required");
        let names = &k.required;
        let mut arms: Vec<Arm> = k
            .properties
            .iter()
            .map(|(name, s)| Arm {
                name,
                bit: None,
                call: self.call(*s, quote!(x), quote!(&at.key(#name))),
                declared: true,
                schema: Some(*s),
            })
            .collect();
        let patterns = self.pattern_checks(k, id, additional.is_some());
        let checked = arms.iter().filter(|a| !a.call.is_empty()).count();
        if additional.is_none() && patterns.is_empty() && names.len() <= 1 && checked <= 1 {
            // A lookup or two of constant names: as quick as a pass, and plainer.
            return self.lookups(names, &arms, &required_path);
        }
        let (before, after) = required_checks(names, &mut arms, &required_path);
        let mut per_key = Vec::new();
        if additional.is_some() {
            let known = known_by_name(&arms);
            if patterns.is_empty() {
                per_key.push(quote!(let known = #known;));
            } else {
                per_key.push(quote!(let mut known = #known;));
            }
        } else {
            if self.sites.counting {
                self.found.has_pass[id.index()].set(true);
            }
            per_key.extend(self.dispatch(&arms));
        }
        per_key.extend(patterns);
        if let Some(a) = additional {
            per_key.push(self.additional(a, path));
        }
        if per_key.is_empty() {
            return quote!(#before #after);
        }
        let body = quote!(#(#per_key)*);
        let rt = rt();
        let binding = if tokens::mentions(&body, "x") {
            quote!((key, x))
        } else {
            quote!((key, _))
        };
        quote! {
            #before
            for #binding in #rt::Members::members(o) {
                #body
            }
            #after
        }
    }

    /// The check of one required name and of one checked member, by lookup.
    fn lookups(&self, names: &[String], arms: &[Arm], required_path: &str) -> TokenStream {
        let rt = rt();
        let mut out = Vec::new();
        if let [r] = names {
            let lacks = self.lacks(r);
            out.push(quote! {
                if #lacks
                    && c.fail(&mut ok, at, #required_path, || #rt::ErrorKind::Required { property: #r })
                {
                    return false;
                }
            });
        }
        if let Some(a) = arms.iter().find(|a| !a.call.is_empty()) {
            let (name, call) = (a.name, &a.call);
            let call = tokens::unblock(call.clone());
            let x = tokens::bind(&call, "x");
            let member = self.member(name);
            out.push(quote!(if let Some(#x) = #member { #call }));
        }
        quote!(#(#out)*)
    }

    /// A member no `properties` entry declares (`!known`): refused outright by
    /// `additionalProperties: false`, else checked against its schema `a`.
    fn additional(&self, a: NodeId, path: &str) -> TokenStream {
        let rt = rt();
        let p = kw(path, "additionalProperties");
        if matches!(self.unit.node(a).kind, NodeKind::Bool(false)) {
            quote! {
                if !known && c.fail(&mut ok, &at.key(key), #p, || #rt::ErrorKind::AdditionalProperty { property: key.to_owned() }) {
                    return false;
                }
            }
        } else {
            self.call_if(Some(quote!(!known)), a, quote!(x), quote!(&at.key(key)))
        }
    }

    /// The statements of the pass when nothing is additional: a `match` on the name, or
    /// an `if` when one name matters (clippy's `single_match` in generated code).
    fn dispatch(&self, arms: &[Arm]) -> Option<TokenStream> {
        // Members the subschemas applied to this object read again are recorded in `m`.
        let recorded = self.found.recorded(self.sites.current);
        let extra: Vec<Arm> = recorded
            .iter()
            .filter(|r| !arms.iter().any(|a| a.name == r.as_str()))
            .map(|r| Arm {
                name: r,
                bit: None,
                call: TokenStream::new(),
                declared: false,
                schema: None,
            })
            .collect();
        let busy: Vec<&Arm> = arms
            .iter()
            .filter(|a| {
                a.bit.is_some() || !a.call.is_empty() || recorded.iter().any(|r| r == a.name)
            })
            .chain(&extra)
            .collect();
        if !recorded.is_empty() {
            return Some(self.match_pass(&busy, recorded));
        }
        if let [Arm {
            name,
            bit: None,
            schema: Some(s),
            ..
        }] = busy.as_slice()
        {
            // One `if`, not two nested (clippy's `collapsible_if` in generated code).
            let guard = is_key(name);
            return Some(self.call_if(Some(guard), *s, quote!(x), quote!(&at.key(#name))));
        }
        if let [a] = busy.as_slice() {
            let mark = mark(a.bit);
            let call = tokens::unblock(a.call.clone());
            let guard = is_key(a.name);
            return Some(quote!(if #guard { #mark #call }));
        }
        if busy.is_empty() {
            return None;
        }
        Some(self.match_pass(&busy, &[]))
    }

    /// The `match` on the member's name, recording the `recorded` members in `m`.
    fn match_pass(&self, busy: &[&Arm], recorded: &[String]) -> TokenStream {
        // Each arm yields whether the member passed, and one `if` after the `match` reports
        // a failed call (an `if` alone in an arm is clippy's `collapsible_match`).
        let arms = busy.iter().map(|a| {
            let mut mark = mark(a.bit);
            if let Some(i) = recorded.iter().position(|r| r == a.name) {
                let i = Literal::usize_unsuffixed(i);
                mark.extend(quote!(m[#i] = Some(x);));
            }
            let name = a.name;
            let check = match a.schema.filter(|_| !a.call.is_empty()) {
                Some(s) => self.call_expr(s, quote!(x), quote!(&at.key(#name))),
                None => quote!(true),
            };
            if mark.is_empty() {
                quote!(#name => #check,)
            } else {
                let check = tokens::unblock(check);
                quote!(#name => { #mark #check })
            }
        });
        quote! {
            let passed = match key { #(#arms)* _ => true };
            if !passed && c.failed(&mut ok) { return false; }
        }
    }

    /// Whether the object lacks member `name`: from the owner's pass when it looked.
    fn lacks(&self, name: &str) -> TokenStream {
        match self.lookup(name).map(Literal::usize_unsuffixed) {
            Some(i) => quote!(m[#i].is_none()),
            None => {
                let rt = rt();
                quote!(!#rt::json::has(o, #name))
            }
        }
    }

    /// Member `name` of the object, if any: from the owner's pass when it found it.
    fn member(&self, name: &str) -> TokenStream {
        match self.lookup(name).map(Literal::usize_unsuffixed) {
            Some(i) => quote!(m[#i]),
            None => {
                let rt = rt();
                quote!(#rt::json::member(o, #name))
            }
        }
    }

    /// Records a constant-name lookup (first pass) and returns its slot in `m`, if the
    /// node reads the members its owner's pass found.
    fn lookup(&self, name: &str) -> Option<usize> {
        let node = self.sites.current;
        if self.sites.counting {
            let mut names = self.found.lookups[node].borrow_mut();
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        self.found.slot(node, name)
    }

    /// The `patternProperties` statements of the pass, registering each pattern as a
    /// static. With `additionalProperties`, a match also marks the member as known.
    fn pattern_checks(
        &mut self,
        k: &Keywords<NodeId>,
        id: NodeId,
        marks: bool,
    ) -> Vec<TokenStream> {
        let rt = rt();
        let mut out = Vec::new();
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
            let call = self.call(*s, quote!(x), quote!(&at.key(key)));
            if !marks && call.is_empty() {
                // Anything goes under this pattern, and no key needs marking.
                continue;
            }
            let name = self.static_name(id, &format!("PATTERN_PROPERTY_{i}"));
            self.statics
                .push(quote!(static #name: #rt::Pattern = #rt::Pattern::new(#pattern);));
            if marks {
                out.push(quote!(if #name.is_match(key) { known = true; #call }));
            } else {
                // One `if`, not two nested (clippy's `collapsible_if` in generated code).
                out.push(self.call_if(
                    Some(quote!(#name.is_match(key))),
                    *s,
                    quote!(x),
                    quote!(&at.key(key)),
                ));
            }
        }
        out
    }
}

/// `key == "name"`, or `key.is_empty()` for the empty name (clippy's
/// `comparison_to_empty` in generated code).
fn is_key(name: &str) -> TokenStream {
    if name.is_empty() {
        quote!(key.is_empty())
    } else {
        quote!(key == #name)
    }
}

fn mark(bit: Option<u64>) -> TokenStream {
    bit.map(|b| {
        let b = Literal::u64_unsuffixed(b);
        quote!(seen |= #b;)
    })
    .unwrap_or_default()
}

/// Whether a member's name is a declared property, running the declared property's check
/// and ticking off a required name on the way.
fn known_by_name(arms: &[Arm]) -> TokenStream {
    let plain: Vec<&str> = arms
        .iter()
        .filter(|a| a.declared && a.bit.is_none() && a.call.is_empty())
        .map(|a| a.name)
        .collect();
    let busy: Vec<TokenStream> = arms
        .iter()
        .filter(|a| a.bit.is_some() || !a.call.is_empty())
        .map(|a| {
            let (name, call, mark) = (a.name, tokens::unblock(a.call.clone()), mark(a.bit));
            let declared = a.declared;
            quote!(#name => { #mark #call #declared })
        })
        .collect();
    match (busy.is_empty(), plain.is_empty()) {
        (true, true) => quote!(false),
        (true, false) => quote!(matches!(key, #(#plain)|*)),
        (false, true) => quote!(match key { #(#busy)* _ => false }),
        (false, false) => quote!(match key { #(#busy)* #(#plain)|* => true, _ => false }),
    }
}

/// The statements before and after the pass that check `required`: one lookup of each
/// name when there are more than [`TRACKED`]; else a bit per name, set by its arm (an arm
/// is added for a required name no `properties` entry declares).
fn required_checks<'a>(
    names: &'a [String],
    arms: &mut Vec<Arm<'a>>,
    required_path: &str,
) -> (TokenStream, TokenStream) {
    if names.len() > TRACKED {
        let before = quote! {
            if c.require(&mut ok, o, at, #required_path, &[#(#names),*]) { return false; }
        };
        return (before, TokenStream::new());
    }
    if names.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    for (i, r) in names.iter().enumerate() {
        let bit = 1u64 << i;
        match arms.iter_mut().find(|a| a.name == r.as_str()) {
            Some(a) => a.bit = Some(bit),
            None => arms.push(Arm {
                name: r,
                bit: Some(bit),
                call: TokenStream::new(),
                declared: false,
                schema: None,
            }),
        }
    }
    let all = Literal::u64_unsuffixed(u64::MAX >> (64 - names.len()));
    let after = quote! {
        if seen != #all && c.require(&mut ok, o, at, #required_path, &[#(#names),*]) {
            return false;
        }
    };
    (quote!(let mut seen = 0u64;), after)
}
