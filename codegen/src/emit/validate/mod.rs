//! One validator function per schema node: straight-line Rust that checks each keyword
//! and reports it with the keyword's schema path. Applicators call the functions of their
//! subschemas, in *check* mode where only the verdict counts (`anyOf`, `oneOf`, `not`,
//! `if`, `contains`, `propertyNames`).

mod conditions;
mod containers;
mod members;
mod scalars;

use super::tokens::{self, ident, param, rt};
use crate::diag::{Diagnostic, Error, Result};
use crate::ir::names::{field_name, Scope};
use crate::ir::{NodeId, NodeKind, Unit};
use crate::schema::Keywords;
use conditions::{kw, negate, type_name, type_test};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

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

impl Emitter<'_> {
    /// The node whose function does the work for `id`: a schema that is only a `$ref` is
    /// called through to its target, so no function exists just to forward a call. The IR
    /// rejects `$ref` cycles that never reach a keyword; the bound keeps this total anyway.
    fn target(&self, mut id: NodeId) -> NodeId {
        for _ in 0..self.unit.nodes.len() {
            match &self.unit.node(id).kind {
                NodeKind::Schema(k) => match k.reference {
                    Some(next) if next != id => id = next,
                    _ => break,
                },
                NodeKind::Bool(_) => break,
            }
        }
        id
    }

    fn is_true(&self, id: NodeId) -> bool {
        let id = self.target(id);
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
        let f = &self.names[self.target(id).index()];
        let guard = guard.map(|g| quote!(#g &&));
        quote! {
            if #guard !#f(#value, #at, c) && c.failed(&mut ok) { return false; }
        }
    }

    /// A call that only wants the verdict.
    fn verdict(&self, id: NodeId, value: TokenStream) -> TokenStream {
        if self.is_true(id) {
            return quote!(true);
        }
        let f = &self.names[self.target(id).index()];
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
                    let mut ok = true;
                    c.fail(&mut ok, at, #path, || #rt::ErrorKind::FalseSchema);
                    ok
                }
            }
            NodeKind::Schema(k) => k.as_ref().clone(),
        };
        if k.reference.is_some() {
            let f = &self.names[self.target(id).index()];
            return quote!(#f(v, at, c));
        }
        let mut out = Vec::new();
        if let Some(types) = &k.types {
            let tests = types.iter().map(|t| type_test(*t));
            let names = types.iter().map(|t| type_name(*t));
            let violated = negate(quote!(#(#tests)||*));
            let p = kw(&path, "type");
            out.push(quote! {
                if #violated && c.fail_type(&mut ok, at, #p, &[#(#names),*]) { return false; }
            });
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
}
