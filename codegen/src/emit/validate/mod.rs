//! Validators: straight-line Rust that checks each keyword and reports it with the
//! keyword's schema path. Every function is generic over the runtime's `Report`: with
//! `Collect` it records every violation, with `Check` (*check mode*) it stops at the first
//! and the compiler drops the reporting. Applicators call the functions of their
//! subschemas in check mode where only the verdict counts (`anyOf`, `oneOf`, `not`, `if`,
//! `contains`, `propertyNames`).
//!
//! A schema node gets a function of its own unless it needs none: a node that is only a
//! `$ref` is called through to its target, and a leaf (it calls no other validator) with
//! one caller that checks it on a member or an item is written into that caller. Which
//! nodes those are is known after a first pass over all nodes records who calls whom; a
//! second pass rewrites the callers of the leaves. Objects are checked in one pass over
//! their members (see `members`), which hands the members it found to the subschemas
//! applied to the same object (see `found`).

mod conditions;
mod containers;
mod found;
mod members;
mod scalars;
#[cfg(test)]
mod tests;

use super::tokens::{self, ident, param, rt};
use crate::diag::{Diagnostic, Error, Result};
use crate::ir::names::{field_name, Scope};
use crate::ir::{NodeId, NodeKind, Unit};
use crate::schema::Keywords;
use conditions::{kw, type_check, type_held, type_names};
use flowgen_runtime::json::JsonType;
use found::Found;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::cell::{Cell, RefCell};

/// The validator functions of a unit.
pub struct Validators {
    /// The function of each node, by node index.
    pub names: Vec<Ident>,
    /// The functions and the statics they use, one function (with its statics) each.
    pub items: super::ItemList,
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
    let names = names(unit, scope);
    emit_with(unit, formats, entry, &names, &quote!())
}

/// The name of each node's validator function (by node index), taken from `scope` as
/// [`emit`] takes them. They depend on the unit alone, so emitters that refer to the
/// validators can run before or beside [`emit_shared`].
pub fn names(unit: &Unit, scope: &mut Scope) -> Vec<String> {
    unit.nodes
        .iter()
        .map(|n| scope.unique(&slug(&n.location.pointer)))
        .collect()
}

/// The validators of `unit` under `names` (from [`names`]), the functions `pub(super)`:
/// for validators in a file of their own, called from the types in a sibling file.
pub fn emit_shared(
    unit: &Unit,
    formats: bool,
    entry: &[NodeId],
    names: &[String],
) -> Result<Validators> {
    emit_with(unit, formats, entry, names, &quote!(pub(super)))
}

fn emit_with(
    unit: &Unit,
    formats: bool,
    entry: &[NodeId],
    names: &[String],
    vis: &TokenStream,
) -> Result<Validators> {
    let names: Vec<Ident> = names.iter().map(|n| ident(n)).collect();
    let mut e = Emitter::new(unit, formats, &names);
    let mut bodies = Vec::new();
    let mut statics = Vec::new();
    let mut leaves = Vec::new();
    for i in 0..unit.nodes.len() {
        e.sites.begin(i);
        bodies.push(e.body(NodeId(i as u32)));
        statics.push(std::mem::take(&mut e.statics));
        leaves.push(!e.sites.called.get());
    }
    if !e.errors.is_empty() {
        return Err(Error::Input(e.errors));
    }
    // Second pass: a leaf (it calls no other validator) with one caller, always called on
    // a member or an item, is written into that caller instead of getting a function.
    let mut parents = std::collections::BTreeSet::new();
    for (i, body) in bodies.iter().enumerate() {
        let callers = e.sites.member_callers(i);
        if let (true, false, [parent], Body::Checks(stmts)) =
            (leaves[i], e.sites.pinned(i), callers.as_slice(), body)
        {
            if !entry.iter().any(|n| n.index() == i) && *parent != i {
                e.inline[i] = Some((quote!(#(#stmts)*), statics[i].clone()));
                parents.insert(*parent);
            }
        }
    }
    // Members an object's pass found are handed to the subschemas it owns (see `found`).
    let entries: Vec<usize> = entry.iter().map(|n| n.index()).collect();
    parents.extend(e.found.decide(&entries, &e.sites.calls));
    e.sites.counting = false;
    for &p in &parents {
        e.sites.begin(p);
        bodies[p] = e.body(NodeId(p as u32));
        statics[p] = std::mem::take(&mut e.statics);
    }
    let bodies: Vec<TokenStream> = bodies.into_iter().map(Body::into_tokens).collect();
    let reachable = e.sites.reachable(entry);
    let items = functions(unit, &names, &bodies, &statics, &reachable, &e.found, vis);
    Ok(Validators {
        names,
        items: super::ItemList(items),
    })
}

/// The validator functions of the reachable nodes, in node order: each with its statics
/// and a doc naming its schema.
fn functions(
    unit: &Unit,
    names: &[Ident],
    bodies: &[TokenStream],
    statics: &[Vec<TokenStream>],
    reachable: &[bool],
    found: &Found,
    vis: &TokenStream,
) -> Vec<TokenStream> {
    let rt = rt();
    let mut items = Vec::new();
    for (i, node) in unit.nodes.iter().enumerate() {
        if !reachable[i] {
            continue;
        }
        let body = &bodies[i];
        let name = &names[i];
        let (v, at, c) = (param(body, "v"), param(body, "at"), param(body, "c"));
        let shared = found.parameter(i).map(|ty| {
            let m = param(body, "m");
            quote!(, #m: #ty)
        });
        let doc = tokens::printable(&format!(
            " Validates against `#{}` ({}).",
            node.schema_path,
            node.location.file.display()
        ));
        let own = &statics[i];
        items.push(quote! {
            #(#own)*
            #[doc = #doc]
            #vis fn #name(#v: &impl #rt::Instance, #at: &#rt::Path<'_>, #c: &mut impl #rt::Report #shared) -> bool {
                #body
            }
        });
    }
    items
}

struct Emitter<'a> {
    unit: &'a Unit,
    formats: bool,
    names: &'a [Ident],
    statics: Vec<TokenStream>,
    errors: Vec<Diagnostic>,
    sites: Sites,
    /// The statements (and statics) of each node written into its caller.
    inline: Vec<Option<(TokenStream, Vec<TokenStream>)>>,
    /// The types of each node whose only check is `type`.
    only_type: Vec<Option<Vec<JsonType>>>,
    /// Members found by a pass and the subschemas that read them.
    found: Found,
}

/// How a validator is called.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Call {
    /// On a member or an item (`x`).
    Member,
    /// On the same value (`v`): `allOf`, `if`, `not`, ...
    InPlace,
    /// Any other way (through a `$ref`, on a property name).
    Other,
}

impl Call {
    fn of(value: &TokenStream) -> Call {
        if tokens::is_ident(value, "x") {
            Call::Member
        } else if tokens::is_ident(value, "v") {
            Call::InPlace
        } else {
            Call::Other
        }
    }
}

/// A check-mode call of a subschema for its verdict, before it is written (see
/// [`Emitter::verdict`]).
#[must_use = "a verdict records its call only when written"]
pub(super) struct Verdict {
    /// The node whose function answers; `None` for a schema that accepts everything.
    target: Option<NodeId>,
    /// The value checked.
    value: TokenStream,
}

/// A validator function's body.
enum Body {
    /// Keyword checks that clear `ok` and return early in check mode.
    Checks(Vec<TokenStream>),
    /// Anything else (`true`, the `false` schema).
    Other(TokenStream),
}

impl Body {
    fn into_tokens(self) -> TokenStream {
        match self {
            Body::Checks(out) => quote! {
                let mut ok = true;
                #(#out)*
                ok
            },
            Body::Other(t) => t,
        }
    }
}

/// Who calls whom, recorded in the first pass.
struct Sites {
    counting: bool,
    current: usize,
    /// Whether the body being emitted calls another validator.
    called: Cell<bool>,
    /// Every call of each node: the caller and how it calls.
    calls: Vec<RefCell<Vec<(usize, Call)>>>,
    /// The functions each node's body calls, recorded in every pass (a body emitted again
    /// starts afresh), so they are the calls of the bodies written.
    callees: Vec<RefCell<Vec<usize>>>,
}

impl Sites {
    fn new(n: usize) -> Self {
        Sites {
            counting: true,
            current: 0,
            called: Cell::new(false),
            calls: (0..n).map(|_| RefCell::new(Vec::new())).collect(),
            callees: (0..n).map(|_| RefCell::new(Vec::new())).collect(),
        }
    }

    fn begin(&mut self, node: usize) {
        self.current = node;
        self.called.set(false);
        self.callees[node].get_mut().clear();
    }

    /// Which nodes get a function: those of `entry` and every node a body to be written
    /// calls. Sound because every node recorded as called is called by the tokens
    /// written: a call an emitter may not need is a [`Verdict`] until it is used, and
    /// where the members pass drops an arm's call for another form of it (`call_if`,
    /// `call_expr`) the other form calls the same node.
    fn reachable(&self, entry: &[NodeId]) -> Vec<bool> {
        let mut reachable = vec![false; self.calls.len()];
        let mut stack: Vec<usize> = entry.iter().map(|n| n.index()).collect();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut reachable[i], true) {
                stack.extend(self.callees[i].borrow().iter().copied());
            }
        }
        reachable
    }

    fn record(&self, callee: NodeId, how: Call) {
        self.called.set(true);
        self.callees[self.current].borrow_mut().push(callee.index());
        if self.counting {
            self.calls[callee.index()]
                .borrow_mut()
                .push((self.current, how));
        }
    }

    /// The nodes whose bodies check `node` on a member or an item, each once.
    fn member_callers(&self, node: usize) -> Vec<usize> {
        let mut callers = Vec::new();
        for &(caller, how) in self.calls[node].borrow().iter() {
            if how == Call::Member && !callers.contains(&caller) {
                callers.push(caller);
            }
        }
        callers
    }

    /// Whether `node` is called in any other way (for a verdict, on the whole value,
    /// through a `$ref`), so it needs a function of its own.
    fn pinned(&self, node: usize) -> bool {
        self.calls[node]
            .borrow()
            .iter()
            .any(|(_, how)| *how != Call::Member)
    }
}

impl<'a> Emitter<'a> {
    fn new(unit: &'a Unit, formats: bool, names: &'a [Ident]) -> Self {
        Emitter {
            unit,
            formats,
            names,
            statics: Vec::new(),
            errors: Vec::new(),
            sites: Sites::new(unit.nodes.len()),
            inline: vec![None; unit.nodes.len()],
            only_type: vec![None; unit.nodes.len()],
            found: Found::new(unit.nodes.len()),
        }
    }
}

impl Emitter<'_> {
    /// Records a call of `callee` from the node being emitted, and returns the extra
    /// argument it takes (the members found, for a subschema that reads them).
    fn record(&self, callee: NodeId, how: Call) -> TokenStream {
        self.sites.record(callee, how);
        self.found.argument(self.sites.current, callee.index())
    }

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
        let target = self.target(id);
        let how = Call::of(&value);
        // Behind a guard, one condition only for one type: `!known && !(a || b)` is
        // clippy's `nonminimal_bool` in generated code.
        let member = how == Call::Member && (guard.is_none() || self.one_type(target));
        if let Some((types, path)) = self.inline_type(target, member) {
            return type_check(guard, types, &value, &at, &path);
        }
        if let Some(block) = self.inline_block(target, how == Call::Member, &value, &at) {
            return match guard {
                Some(g) => quote!(if #g { #block }),
                None => quote!({ #block }),
            };
        }
        let m = self.record(target, how);
        let f = &self.names[target.index()];
        let guard = guard.map(|g| quote!(#g &&));
        quote! {
            if #guard !#f(#value, #at, c #m) && c.failed(&mut ok) { return false; }
        }
    }

    /// A check as an expression that is `false` when the value fails it (having reported
    /// why). A leaf written in place is a block that reports, returns in check mode, and
    /// then yields `true`.
    fn call_expr(&self, id: NodeId, value: TokenStream, at: TokenStream) -> TokenStream {
        let target = self.target(id);
        let how = Call::of(&value);
        if let Some((types, path)) = self.inline_type(target, how == Call::Member) {
            let (held, names) = (type_held(types, &value), type_names(types));
            return quote!(c.check_type(&mut ok, #at, #held, #path, #names));
        }
        if let Some(block) = self.inline_block(target, how == Call::Member, &value, &at) {
            return quote!({ #block true });
        }
        let m = self.record(target, how);
        let f = &self.names[target.index()];
        quote!(#f(#value, #at, c #m))
    }

    /// The statements of a leaf written into its caller, with `v` and `at` bound to the
    /// member or item it checks.
    fn inline_block(
        &self,
        target: NodeId,
        on_member: bool,
        value: &TokenStream,
        at: &TokenStream,
    ) -> Option<TokenStream> {
        let (stmts, statics) = self.inline[target.index()].as_ref().filter(|_| on_member)?;
        self.sites.called.set(true);
        let bind_v = tokens::mentions(stmts, "v").then(|| quote!(let v = #value;));
        let bind_at = tokens::mentions(stmts, "at").then(|| quote!(let at = #at;));
        Some(quote!(#(#statics)* #bind_v #bind_at #stmts))
    }

    /// For a leaf written into its caller whose only check is `type`: the types and the
    /// keyword's schema path, so the caller writes one condition instead of binding `v`
    /// and `at` for a block.
    fn inline_type(&self, target: NodeId, on_member: bool) -> Option<(&[JsonType], String)> {
        self.inline[target.index()].as_ref().filter(|_| on_member)?;
        let types = self.only_type[target.index()].as_deref()?;
        self.sites.called.set(true);
        Some((types, kw(&self.unit.node(target).schema_path, "type")))
    }

    fn one_type(&self, target: NodeId) -> bool {
        matches!(self.only_type[target.index()].as_deref(), Some([_]))
    }

    /// A call that only wants the verdict, not written yet: nothing is recorded until
    /// [`Emitter::write`] turns it into tokens, so a verdict an emitter ends up not using
    /// (an `if` with neither `then` nor `else`) calls nothing.
    fn verdict(&self, id: NodeId, value: TokenStream) -> Verdict {
        Verdict {
            target: (!self.is_true(id)).then(|| self.target(id)),
            value,
        }
    }

    /// The tokens of a verdict, recording its call.
    fn write(&self, verdict: Verdict) -> TokenStream {
        let Some(target) = verdict.target else {
            return quote!(true);
        };
        let value = verdict.value;
        let m = self.record(target, Call::of(&value));
        let f = &self.names[target.index()];
        let rt = rt();
        quote!(#f(#value, at, &mut #rt::Check #m))
    }

    fn body(&mut self, id: NodeId) -> Body {
        let node = self.unit.node(id);
        let path = node.schema_path.clone();
        let rt = rt();
        let k = match &node.kind {
            NodeKind::Bool(true) => return Body::Other(quote!(true)),
            NodeKind::Bool(false) => {
                return Body::Other(quote! {
                    let mut ok = true;
                    c.fail(&mut ok, at, #path, || #rt::ErrorKind::FalseSchema);
                    ok
                })
            }
            NodeKind::Schema(k) => k.as_ref().clone(),
        };
        if k.reference.is_some() {
            let target = self.target(id);
            self.record(target, Call::Other);
            let f = &self.names[target.index()];
            return Body::Other(quote!(#f(v, at, c)));
        }
        let mut out = Vec::new();
        if let Some(types) = &k.types {
            let p = kw(&path, "type");
            out.push(type_check(None, types, &quote!(v), &quote!(at), &p));
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
            return Body::Other(quote!(true));
        }
        if let Some(m) = self.found.declaration(id.index()) {
            out.insert(0, m);
        }
        if out.len() == 1 {
            self.only_type[id.index()] = k.types.clone();
        }
        Body::Checks(out)
    }

    fn static_name(&self, id: NodeId, what: &str) -> Ident {
        format_ident!(
            "{}_{}",
            self.names[id.index()].to_string().to_uppercase(),
            what
        )
    }
}
