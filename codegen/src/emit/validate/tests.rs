//! Which calls the emitter records, and which functions it writes from them.

use super::{emit, Emitter};
use crate::ir::names::Scope;
use crate::ir::refs::{Remotes, Spot, Store};
use crate::ir::Unit;
use crate::load::Document;
use proc_macro2::Ident;
use quote::format_ident;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;

fn unit(schema: Value) -> Unit {
    let mut store = Store::new(Remotes::default());
    let index = store.add_doc(Document {
        file: Arc::new(PathBuf::from("s.json")),
        value: schema,
    });
    let spot = Spot {
        doc: index,
        pointer: String::new(),
    };
    let base = url::Url::parse("flowgen:///validate").unwrap_or_else(|e| panic!("{e}"));
    store.add_resource(spot.clone(), base);
    crate::ir::build(&mut store, &[(spot, "Root".into())]).unwrap_or_else(|e| panic!("{e}"))
}

/// The node at `pointer`.
fn node(unit: &Unit, pointer: &str) -> usize {
    let found = unit
        .nodes
        .iter()
        .position(|n| n.location.pointer == pointer);
    found.unwrap_or_else(|| panic!("no node at {pointer}"))
}

/// The calls recorded while emitting the root's body once: (callee, caller).
fn calls_from_root(unit: &Unit) -> Vec<(usize, usize)> {
    let names: Vec<Ident> = (0..unit.nodes.len())
        .map(|i| format_ident!("f{i}"))
        .collect();
    let mut e = Emitter::new(unit, false, &names);
    let root = unit.roots[0].node;
    e.sites.begin(root.index());
    let _ = e.body(root);
    let mut calls = Vec::new();
    for (callee, sites) in e.sites.calls.iter().enumerate() {
        calls.extend(sites.borrow().iter().map(|(caller, _)| (callee, *caller)));
    }
    calls
}

/// The names of the functions written for the unit's root.
fn functions(unit: &Unit) -> Vec<String> {
    let v = emit(unit, false, &[unit.roots[0].node], &mut Scope::default())
        .unwrap_or_else(|e| panic!("{e}"));
    v.items
        .0
        .iter()
        .filter_map(|item| {
            let text = item.to_string();
            let name = text.split(" fn ").nth(1)?.split(' ').next()?.to_owned();
            Some(name)
        })
        .collect()
}

#[test]
fn an_if_without_then_or_else_records_no_call() {
    let u = unit(json!({"type": "object", "if": {"required": ["a"], "minProperties": 2}}));
    assert_eq!(calls_from_root(&u), Vec::<(usize, usize)>::new());
    assert_eq!(functions(&u), ["check_root"]);
}

#[test]
fn an_if_with_a_branch_records_its_verdict_once() {
    let u = unit(json!({
        "if": {"required": ["a"], "minProperties": 2},
        "then": {"required": ["b"], "maxProperties": 3}
    }));
    let (root, test, then) = (node(&u, ""), node(&u, "/if"), node(&u, "/then"));
    let mut calls = calls_from_root(&u);
    calls.sort_unstable();
    assert_eq!(calls, [(test, root), (then, root)]);
    assert_eq!(functions(&u), ["check_root", "check_if", "check_then"]);
}

#[test]
fn a_subschema_that_accepts_everything_gets_no_function() {
    let u = unit(json!({"if": {}, "then": {"required": ["b"]}, "not": true}));
    assert_eq!(calls_from_root(&u).len(), 1);
    assert_eq!(functions(&u), ["check_root", "check_then"]);
}
